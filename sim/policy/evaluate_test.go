package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	execRole  = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
	otherRole = "arn:aws:iam::123456789012:role/deployer"
	repoARN   = "arn:aws:ecr:ap-northeast-1:123456789012:repository/app"
	layerARN  = "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"
	envARN    = "arn:aws:s3:::config-bucket/app.env"
	logARN    = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app:log-stream:*"
)

// The keys an ECR layer download never carries (aws-rules 6.3.1, 10.13).
var layerAbsent = []string{"aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalArn", "aws:ResourceAccount", "aws:ResourceOrgID"}

// layerRequest is an ecr-layers call (aws-rules 6.2, 6.3).
var layerRequest = Request{Actions: []string{"s3:GetObject"}, Resource: layerARN, Absent: layerAbsent}

func pull(principal string) Request {
	return Request{Actions: []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, Resource: repoARN, Principal: principal}
}

func envFile(principal string) Request {
	return Request{Actions: []string{"s3:GetObject"}, Resource: envARN, Principal: principal}
}

func logsRequest() Request {
	return Request{Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: logARN, Principal: execRole}
}

func mustParse(t *testing.T, doc string) *Policy {
	t.Helper()
	p, err := Parse(doc)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, doc)
	}
	return p
}

type evalTest struct {
	name string
	doc  string
	req  Request
	want Decision
}

func runEvalTests(t *testing.T, tests []evalTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.doc).Evaluate(tt.req)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Evaluate mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Policies from the ECR documentation on VPC endpoints and the AWS
// containers blog on endpoint policies for ECR (aws-rules 6.2).
const (
	// The minimum S3 gateway endpoint policy for ECR layers.
	ecrDocS3Policy = `{
  "Statement": [
    {
      "Sid": "Access-to-specific-bucket-only",
      "Principal": "*",
      "Action": [
        "s3:GetObject"
      ],
      "Effect": "Allow",
      "Resource": ["arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"]
    }
  ]
}`
	// Allow everything but deleting a repository.
	ecrDocPreventDelete = `{
  "Statement": [{
    "Sid": "AllowAll",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "*",
    "Resource": "*"
  },
  {
    "Sid": "PreventDelete",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "ecr:DeleteRepository",
    "Resource": "arn:aws:ecr:ap-northeast-1:123456789012:repository/app"
  }]
}`
	// Allow only one role to pull through the endpoint.
	ecrBlogAllowPull = `{
  "Statement": [{
    "Sid": "AllowPull",
    "Principal": {
      "AWS": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
    },
    "Action": [
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:GetAuthorizationToken"
    ],
    "Effect": "Allow",
    "Resource": "*"
  }]
}`
)

func TestEvaluate(t *testing.T) {
	runEvalTests(t, []evalTest{
		{
			name: "6.1.1 empty document is the default policy",
			doc:  "  \n",
			req:  pull(execRole),
			want: Decision{Effect: Allowed, Detail: "the endpoint has the default policy, which allows full access (aws-rules 6.1.1)"},
		},
		{
			name: "6.1.1 written default policy",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`,
			req:  layerRequest,
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows s3:GetObject on " + layerARN},
		},
		{
			name: "6.1.2 explicit allow",
			doc:  `{"Statement": {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "` + repoARN + `"}}`,
			req:  pull(execRole),
			want: Decision{Effect: Allowed, Statement: `Sid "Pull"`, Detail: `Sid "Pull" allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on ` + repoARN},
		},
		{
			name: "6.1.2 explicit deny beats allow (ECR doc PreventDelete)",
			doc:  ecrDocPreventDelete,
			req:  Request{Actions: []string{"ecr:DeleteRepository"}, Resource: repoARN, Principal: execRole},
			want: Decision{
				Effect:    Denied,
				Action:    "ecr:DeleteRepository",
				Statement: `Sid "PreventDelete"`,
				Detail:    `Sid "PreventDelete" denies ecr:DeleteRepository on ` + repoARN + `; an explicit Deny overrides every Allow (aws-rules 6.1.2), so narrow or remove that statement if this call must pass`,
			},
		},
		{
			name: "6.1.2 ECR doc PreventDelete still allows pulls",
			doc:  ecrDocPreventDelete,
			req:  pull(execRole),
			want: Decision{Effect: Allowed, Statement: `Sid "AllowAll"`, Detail: `Sid "AllowAll" allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on ` + repoARN},
		},
		{
			name: "6.1.2 conditioned deny that matches",
			doc: `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
  {"Sid": "OnlyOurVpc", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
   "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-0a1"}}}]}`,
			req: Request{Actions: []string{"ecr:GetAuthorizationToken"}, Resource: "*", Principal: execRole, Context: map[string]string{"aws:SourceVpc": "vpc-0b2"}},
			want: Decision{
				Effect:    Denied,
				Action:    "ecr:GetAuthorizationToken",
				Statement: `Sid "OnlyOurVpc"`,
				Detail:    `Sid "OnlyOurVpc" denies ecr:GetAuthorizationToken on * when aws:SourceVpc does not equal vpc-0a1; an explicit Deny overrides every Allow (aws-rules 6.1.2), so narrow or remove that statement if this call must pass`,
			},
		},
		{
			name: "6.1.2 implicit deny when the policy has only Deny statements",
			doc:  `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:Delete*", "Resource": "*"}]}`,
			req:  pull(execRole),
			want: Decision{
				Effect: Denied,
				Action: "ecr:BatchGetImage",
				Detail: "no statement allows ecr:BatchGetImage on " + repoARN + ": the policy has no Allow statement; add one for this action and resource",
			},
		},
		{
			name: "6.1.2 implicit deny of an empty statement list",
			doc:  `{"Version": "2012-10-17", "Statement": []}`,
			req:  envFile(execRole),
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + envARN + ": the policy has no Allow statement; add one for this action and resource",
			},
		},
		{
			name: "6.1.3 NotAction allows what it does not list",
			doc:  `{"Statement": [{"Sid": "NoWrites", "Effect": "Allow", "Principal": "*", "NotAction": ["ecr:Put*", "ecr:Delete*"], "Resource": "*"}]}`,
			req:  pull(execRole),
			want: Decision{Effect: Allowed, Statement: `Sid "NoWrites"`, Detail: `Sid "NoWrites" allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on ` + repoARN},
		},
		{
			name: "6.1.3 NotAction excludes what it lists",
			doc:  `{"Statement": [{"Sid": "NoWrites", "Effect": "Allow", "Principal": "*", "NotAction": ["ecr:Put*", "ecr:Delete*"], "Resource": "*"}]}`,
			req:  Request{Actions: []string{"ecr:PutImage"}, Resource: repoARN, Principal: execRole},
			want: Decision{
				Effect: Denied,
				Action: "ecr:PutImage",
				Detail: `no statement allows ecr:PutImage on ` + repoARN + `: the NotAction of Sid "NoWrites" excludes it; remove ecr:PutImage from there`,
			},
		},
		{
			name: "6.1.3 NotResource in a Deny spares the listed buckets",
			doc: `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
  {"Sid": "OnlyOurBuckets", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
   "NotResource": ["arn:aws:s3:::config-bucket/*", "` + layerARN + `"]}]}`,
			req:  envFile(execRole),
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows s3:GetObject on " + envARN},
		},
		{
			name: "6.1.3 NotResource in a Deny denies other buckets",
			doc: `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
  {"Sid": "OnlyOurBuckets", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
   "NotResource": ["arn:aws:s3:::config-bucket/*", "` + layerARN + `"]}]}`,
			req: Request{Actions: []string{"s3:GetObject"}, Resource: "arn:aws:s3:::other-bucket/app.env", Principal: execRole},
			want: Decision{
				Effect:    Denied,
				Action:    "s3:GetObject",
				Statement: `Sid "OnlyOurBuckets"`,
				Detail:    `Sid "OnlyOurBuckets" denies s3:GetObject on arn:aws:s3:::other-bucket/app.env; an explicit Deny overrides every Allow (aws-rules 6.1.2), so narrow or remove that statement if this call must pass`,
			},
		},
		{
			name: "6.1.3 NotResource in an Allow",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::config-bucket/*"}]}`,
			req:  envFile(execRole),
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + envARN + ": statement 1 allows it on every resource except arn:aws:s3:::config-bucket/*; remove that resource from its NotResource",
			},
		},
		{
			name: "6.1.3 action wildcard ignores case",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ECR:get*", "ecr:batchgetimage"], "Resource": "*"}]}`,
			req:  pull(execRole),
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on " + repoARN},
		},
		{
			name: "6.1.3 action wildcard does not cover another action",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ECR:get*", "Resource": "*"}]}`,
			req:  pull(execRole),
			want: Decision{
				Effect: Denied,
				Action: "ecr:BatchGetImage",
				Detail: "no statement allows ecr:BatchGetImage on " + repoARN + ": no Allow statement's Action covers it; add ecr:BatchGetImage to one",
			},
		},
		{
			name: "6.1.3 resource wildcard",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "logs:*", "Resource": "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/*"}]}`,
			req:  logsRequest(),
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows logs:CreateLogStream and logs:PutLogEvents on " + logARN},
		},
		{
			name: "6.1.3 resource wildcard is case-sensitive",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "logs:*", "Resource": "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ECS/*"}]}`,
			req:  logsRequest(),
			want: Decision{
				Effect: Denied,
				Action: "logs:CreateLogStream",
				Detail: "no statement allows logs:CreateLogStream on " + logARN + ": statement 1 allows logs:CreateLogStream only on arn:aws:logs:ap-northeast-1:123456789012:log-group:/ECS/*; add " + logARN + " to its Resource",
			},
		},
		{
			name: "6.1.3 resource ? wildcard for a secret suffix (6.2.1)",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-??????"}]}`,
			req:  Request{Actions: []string{"secretsmanager:GetSecretValue"}, Resource: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbC123", Principal: execRole},
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows secretsmanager:GetSecretValue on arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbC123"},
		},
		{
			name: "6.1.3 specific resource does not match a * request resource",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": "` + repoARN + `"}]}`,
			req:  Request{Actions: []string{"ecr:GetAuthorizationToken"}, Resource: "*", Principal: execRole},
			want: Decision{
				Effect: Denied,
				Action: "ecr:GetAuthorizationToken",
				Detail: "no statement allows ecr:GetAuthorizationToken on *: statement 1 allows ecr:GetAuthorizationToken only on " + repoARN + "; add * to its Resource",
			},
		},
		{
			name: "6.1.3 multi-action request with one action denied",
			doc:  `{"Statement": [{"Sid": "StreamsOnly", "Effect": "Allow", "Principal": "*", "Action": "logs:CreateLogStream", "Resource": "*"}]}`,
			req:  logsRequest(),
			want: Decision{
				Effect: Denied,
				Action: "logs:PutLogEvents",
				Detail: "no statement allows logs:PutLogEvents on " + logARN + ": no Allow statement's Action covers it; add logs:PutLogEvents to one",
			},
		},
		{
			name: "6.1.3 multi-action request allowed by two statements",
			doc: `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "logs:CreateLogStream", "Resource": "*"},
  {"Sid": "Events", "Effect": "Allow", "Principal": "*", "Action": "logs:PutLogEvents", "Resource": "*"}]}`,
			req: logsRequest(),
			want: Decision{
				Effect:    Allowed,
				Statement: "statement 1",
				Detail:    `statement 1 allows logs:CreateLogStream on ` + logARN + `; Sid "Events" allows logs:PutLogEvents on ` + logARN,
			},
		},
	})
}

func TestEvaluatePrincipal(t *testing.T) {
	const allowAccount = `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["111122223333", "123456789012"]}, "Action": "s3:GetObject", "Resource": "*"}]}`
	const allowRoot = `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "*"}]}`
	const allowService = `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "*"}]}`
	const notPrincipal = `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
  {"Sid": "OnlyExecRole", "Effect": "Deny", "NotPrincipal": {"AWS": ["` + execRole + `", "arn:aws:iam::123456789012:root"]}, "Action": "*", "Resource": "*"}]}`
	runEvalTests(t, []evalTest{
		{
			name: "6.1.3 named role matches itself (ECR blog AllowPull)",
			doc:  ecrBlogAllowPull,
			req:  pull(execRole),
			want: Decision{Effect: Allowed, Statement: `Sid "AllowPull"`, Detail: `Sid "AllowPull" allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on ` + repoARN},
		},
		{
			name: "6.1.3 named role does not match another role of its account",
			doc:  ecrBlogAllowPull,
			req:  pull(otherRole),
			want: Decision{
				Effect: Denied,
				Action: "ecr:BatchGetImage",
				Detail: `no statement allows ecr:BatchGetImage on ` + repoARN + `: Sid "AllowPull" allows it only for ` + execRole + `, not ` + otherRole + `; add that principal to its Principal`,
			},
		},
		{
			name: "6.1.3 account ID matches every principal of the account",
			doc:  allowAccount,
			req:  envFile(otherRole),
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows s3:GetObject on " + envARN},
		},
		{
			name: "6.1.3 account root ARN matches every principal of the account",
			doc:  allowRoot,
			req:  envFile(execRole),
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows s3:GetObject on " + envARN},
		},
		{
			name: "6.1.3 account does not match a principal of another account",
			doc:  allowRoot,
			req:  envFile("arn:aws:iam::999999999999:role/ecsTaskExecutionRole"),
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + envARN + ": statement 1 allows it only for arn:aws:iam::123456789012:root, not arn:aws:iam::999999999999:role/ecsTaskExecutionRole; add that principal to its Principal",
			},
		},
		{
			name: "6.3 a named principal never matches AWS acting on the customer's behalf",
			doc:  allowAccount,
			req:  layerRequest,
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: `no statement allows s3:GetObject on ` + layerARN + `: statement 1 allows it only for 111122223333, 123456789012, but AWS makes this request on the customer's behalf, as no principal of the customer's account (aws-rules 6.3); allow it with "Principal": "*"`,
			},
		},
		{
			name: "6.1.3 service principals never match",
			doc:  allowService,
			req:  envFile(execRole),
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + envARN + ": statement 1 allows it only for Service ecs-tasks.amazonaws.com, not " + execRole + "; add that principal to its Principal",
			},
		},
		{
			name: "6.1.3 NotPrincipal spares the principals it names",
			doc:  notPrincipal,
			req:  envFile(execRole),
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows s3:GetObject on " + envARN},
		},
		{
			name: "6.1.3 NotPrincipal denies AWS acting on the customer's behalf",
			doc:  notPrincipal,
			req:  layerRequest,
			want: Decision{
				Effect:    Denied,
				Action:    "s3:GetObject",
				Statement: `Sid "OnlyExecRole"`,
				Detail:    `Sid "OnlyExecRole" denies s3:GetObject on ` + layerARN + `; an explicit Deny overrides every Allow (aws-rules 6.1.2), so narrow or remove that statement if this call must pass`,
			},
		},
	})
}

// The S3 endpoint policy of AWS's data-perimeter examples, cut to the
// statements that matter for ECR, with a real organization ID and region.
const (
	perimeterOrgStatement = `{
      "Sid": "AllowRequestsByOrgsIdentitiesToOrgsResources",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "aws:PrincipalOrgID": "o-abc123def4",
          "aws:ResourceOrgID": "o-abc123def4"
        }
      }
    }`
	perimeterServiceStatement = `{
      "Sid": "AllowRequestsByAWSServicePrincipals",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "Bool": {"aws:PrincipalIsAWSService": "true"}
      }
    }`
	perimeterAWSOwnedStatement = `{
      "Sid": "AllowRequestsToAWSOwnedResources",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": ["s3:GetObject"],
      "Resource": [
        "arn:aws:s3:::packages.ap-northeast-1.amazonaws.com/*",
        "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"
      ]
    }`
	perimeterThirdPartyStatement = `{
      "Sid": "AllowRequestsByThirdPartyIdentitiesToThirdPartyResources",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::*",
      "Condition": {
        "StringEquals": {
          "aws:PrincipalAccount": ["123456789012"],
          "aws:ResourceAccount": ["123456789012"]
        }
      }
    }`
)

func perimeter(statements ...string) string {
	doc := `{"Version": "2012-10-17", "Statement": [`
	for i, s := range statements {
		if i > 0 {
			doc += ",\n"
		}
		doc += s
	}
	return doc + "]}"
}

func TestEvaluateLayerBucketTrap(t *testing.T) {
	orgRequest := envFile(execRole)
	orgRequest.Context = map[string]string{"aws:PrincipalOrgID": "o-abc123def4", "aws:ResourceOrgID": "o-abc123def4", "aws:PrincipalIsAWSService": "false"}
	runEvalTests(t, []evalTest{
		{
			name: "6.3.1 an account-conditioned Allow denies layer downloads",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}}}]}`,
			req:  layerRequest,
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + layerARN + ": statement 1 allows it only when aws:PrincipalAccount equals 123456789012, which ECR layer downloads never carry (aws-rules 6.3.1); add an unconditioned Allow for that resource",
			},
		},
		{
			name: "6.3.1 perimeter without the AWS-owned statement denies layer downloads",
			doc:  perimeter(perimeterOrgStatement, perimeterThirdPartyStatement),
			req:  layerRequest,
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: `no statement allows s3:GetObject on ` + layerARN + `: Sid "AllowRequestsByOrgsIdentitiesToOrgsResources" allows it only when aws:PrincipalOrgID equals o-abc123def4, which ECR layer downloads never carry (aws-rules 6.3.1); add an unconditioned Allow for that resource`,
			},
		},
		{
			name: "6.3.1 perimeter without the AWS-owned statement still allows the organization's own requests",
			doc:  perimeter(perimeterOrgStatement, perimeterThirdPartyStatement),
			req:  orgRequest,
			want: Decision{
				Effect:    Allowed,
				Statement: `Sid "AllowRequestsByOrgsIdentitiesToOrgsResources"`,
				Detail:    `Sid "AllowRequestsByOrgsIdentitiesToOrgsResources" allows s3:GetObject on ` + envARN,
			},
		},
		{
			name: "6.3.1 perimeter with the unconditioned AWS-owned statement allows layer downloads",
			doc:  perimeter(perimeterOrgStatement, perimeterAWSOwnedStatement, perimeterThirdPartyStatement),
			req:  layerRequest,
			want: Decision{
				Effect:    Allowed,
				Statement: `Sid "AllowRequestsToAWSOwnedResources"`,
				Detail:    `Sid "AllowRequestsToAWSOwnedResources" allows s3:GetObject on ` + layerARN,
			},
		},
		{
			name: "6.1.5 an undecidable Allow does not change an allowed outcome",
			doc:  perimeter(perimeterOrgStatement, perimeterServiceStatement, perimeterAWSOwnedStatement),
			req:  layerRequest,
			want: Decision{
				Effect:    Allowed,
				Statement: `Sid "AllowRequestsToAWSOwnedResources"`,
				Detail:    `Sid "AllowRequestsToAWSOwnedResources" allows s3:GetObject on ` + layerARN,
			},
		},
		{
			name: "6.1.5 an undecidable Allow decides when nothing else allows",
			doc:  perimeter(perimeterOrgStatement, perimeterServiceStatement),
			req:  layerRequest,
			want: Decision{
				Effect:    Unknown,
				Action:    "s3:GetObject",
				Statement: `Sid "AllowRequestsByAWSServicePrincipals"`,
				Key:       "aws:PrincipalIsAWSService",
				Detail:    `Sid "AllowRequestsByAWSServicePrincipals" allows s3:GetObject on ` + layerARN + ` only when aws:PrincipalIsAWSService is true, which vpctrace cannot decide because the model does not give aws:PrincipalIsAWSService (aws-rules 6.1.5); no other statement allows it for certain`,
			},
		},
		{
			name: "6.3.1 a negated organization condition in a Deny denies layer downloads",
			doc: `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
  {"Sid": "OrgOnly", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
   "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123def4"}}}]}`,
			req: layerRequest,
			want: Decision{
				Effect:    Denied,
				Action:    "s3:GetObject",
				Statement: `Sid "OrgOnly"`,
				Detail:    `Sid "OrgOnly" denies s3:GetObject on ` + layerARN + ` when aws:PrincipalOrgID does not equal o-abc123def4, which holds because ECR layer downloads never carry aws:PrincipalOrgID (aws-rules 6.3.1); an explicit Deny overrides every Allow (aws-rules 6.1.2), so narrow or remove that statement if this call must pass`,
			},
		},
		{
			name: "6.3.1 ECR doc minimum S3 policy allows layer downloads",
			doc:  ecrDocS3Policy,
			req:  layerRequest,
			want: Decision{
				Effect:    Allowed,
				Statement: `Sid "Access-to-specific-bucket-only"`,
				Detail:    `Sid "Access-to-specific-bucket-only" allows s3:GetObject on ` + layerARN,
			},
		},
		{
			name: "6.2 ECR doc minimum S3 policy denies environment files",
			doc:  ecrDocS3Policy,
			req:  envFile(execRole),
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: `no statement allows s3:GetObject on ` + envARN + `: Sid "Access-to-specific-bucket-only" allows s3:GetObject only on ` + layerARN + `; add ` + envARN + ` to its Resource`,
			},
		},
	})
}

func TestEvaluateUndecidable(t *testing.T) {
	const unknownDeny = `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
  {"Sid": "TeamOnly", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
   "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "platform"}}}]}`
	const unknownDenyNoAllow = `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "logs:*", "Resource": "*"},
  {"Sid": "TeamOnly", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
   "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "platform"}}}]}`
	runEvalTests(t, []evalTest{
		{
			name: "6.1.5 an undecidable Deny makes an allowed request unknown",
			doc:  unknownDeny,
			req:  envFile(execRole),
			want: Decision{
				Effect:    Unknown,
				Action:    "s3:GetObject",
				Statement: `Sid "TeamOnly"`,
				Key:       "aws:PrincipalTag/team",
				Detail:    `Sid "TeamOnly" denies s3:GetObject on ` + envARN + ` when aws:PrincipalTag/team does not equal platform, which vpctrace cannot decide because the model does not give aws:PrincipalTag/team (aws-rules 6.1.5); the call is denied if that condition holds`,
			},
		},
		{
			name: "6.1.5 an undecidable Deny does not change an implicit deny",
			doc:  unknownDenyNoAllow,
			req:  envFile(execRole),
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + envARN + ": no Allow statement's Action covers it; add s3:GetObject to one",
			},
		},
		{
			name: "6.1.5 a decided Deny wins over an undecidable one",
			doc: `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
  {"Sid": "Maybe", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:ViaAWSService": "false"}}},
  {"Sid": "Surely", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}`,
			req: envFile(execRole),
			want: Decision{
				Effect:    Denied,
				Action:    "s3:GetObject",
				Statement: `Sid "Surely"`,
				Detail:    `Sid "Surely" denies s3:GetObject on ` + envARN + `; an explicit Deny overrides every Allow (aws-rules 6.1.2), so narrow or remove that statement if this call must pass`,
			},
		},
		{
			name: "6.1.5 a failing condition decides before an undecidable one",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform", "aws:SourceVpc": "vpc-0a1"}}}]}`,
			req:  Request{Actions: []string{"s3:GetObject"}, Resource: envARN, Principal: execRole, Context: map[string]string{"aws:SourceVpc": "vpc-0b2"}},
			want: Decision{
				Effect: Denied,
				Action: "s3:GetObject",
				Detail: "no statement allows s3:GetObject on " + envARN + ": statement 1 allows it only when aws:SourceVpc equals vpc-0a1, but this request's aws:SourceVpc is vpc-0b2; change the condition or add an Allow that this request matches",
			},
		},
		{
			name: "6.1.5 a denied action outranks an earlier unknown one",
			doc: `{"Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "logs:CreateLogStream", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}]}`,
			req: logsRequest(),
			want: Decision{
				Effect: Denied,
				Action: "logs:PutLogEvents",
				Detail: "no statement allows logs:PutLogEvents on " + logARN + ": no Allow statement's Action covers it; add logs:PutLogEvents to one",
			},
		},
		{
			name: "6.1.5 a condition operator vpctrace does not evaluate",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}}]}`,
			req:  Request{Actions: []string{"s3:GetObject"}, Resource: envARN, Principal: execRole, Context: map[string]string{"aws:VpcSourceIp": "10.0.1.5"}},
			want: Decision{
				Effect:    Unknown,
				Action:    "s3:GetObject",
				Statement: "statement 1",
				Key:       "aws:VpcSourceIp",
				Detail:    "statement 1 allows s3:GetObject on " + envARN + " only when aws:VpcSourceIp IpAddress 10.0.0.0/16, which vpctrace cannot decide because it does not evaluate IpAddress conditions (aws-rules 6.1.5); no other statement allows it for certain",
			},
		},
		{
			name: "6.1.5 aws:PrincipalArn and aws:PrincipalAccount default to the principal",
			doc:  `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ecs*"}}}]}`,
			req:  envFile(execRole),
			want: Decision{Effect: Allowed, Statement: "statement 1", Detail: "statement 1 allows s3:GetObject on " + envARN},
		},
	})
}

func TestEvaluateNoActions(t *testing.T) {
	got := mustParse(t, ecrDocS3Policy).Evaluate(Request{Resource: layerARN})
	want := Decision{Effect: Allowed, Detail: "the request names no action to check"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("no actions (-want +got):\n%s", diff)
	}
}

func TestEvaluateNilPolicy(t *testing.T) {
	var p *Policy
	got := p.Evaluate(pull(execRole))
	want := Decision{Effect: Allowed, Detail: "the endpoint has the default policy, which allows full access (aws-rules 6.1.1)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nil policy (-want +got):\n%s", diff)
	}
}

func TestIsDefault(t *testing.T) {
	tests := []struct {
		doc  string
		want bool
	}{
		{"", true},
		{`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`, true},
		{`{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["*"], "Resource": ["*"]}}`, true},
		{`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}, {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`, true},
		{`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}`, false},
		{`{"Statement": [{"Effect": "Allow", "Principal": "*", "NotAction": "*", "Resource": "*"}]}`, false},
		{`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "*", "Resource": "*"}]}`, false},
		{`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": true}}}]}`, false},
		{ecrDocPreventDelete, false},
		{`{"Statement": []}`, false},
	}
	for _, tt := range tests {
		if got := mustParse(t, tt.doc).IsDefault(); got != tt.want {
			t.Errorf("IsDefault(%s) = %v, want %v", tt.doc, got, tt.want)
		}
	}
	var nilPolicy *Policy
	if !nilPolicy.IsDefault() {
		t.Error("IsDefault(nil) = false, want true")
	}
}
