package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// placeholder stands for an account the input does not show (aws-rules 6.1.6).
const placeholder = "123456789012"

// unknownAccount marks the request's placeholder account as unknown.
func unknownAccount(req Request) Request {
	req.UnknownAccount = placeholder
	return req
}

// withContext adds the condition keys the simulator gives a request of
// the customer's principal.
func withContext(req Request, kv ...string) Request {
	req.Context = map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		req.Context[kv[i]] = kv[i+1]
	}
	return req
}

const (
	allowAccountPolicy = `{"Statement": [{"Sid": "OwnAccount", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
  "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}}]}`
	denyOtherAccountsPolicy = `{"Statement": [
  {"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
  {"Sid": "NotOurs", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
   "Condition": {"StringNotEquals": {"aws:ResourceAccount": ["111122223333", "444455556666"]}}}]}`
	principalAccountPolicy = `{"Statement": [{"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "*", "Resource": "*"}]}`
	resourceARNPolicy      = `{"Statement": [{"Sid": "Repos", "Effect": "Allow", "Principal": "*", "Action": "ecr:*",
  "Resource": "arn:aws:ecr:*:1111222*:repository/*"}]}`
	anyAccountPolicy = `{"Statement": [{"Sid": "Any", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "arn:aws:ecr:*:*:repository/*",
  "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ecsTaskExecutionRole"}}}]}`
	denyAllPolicy = `{"Statement": [
  {"Sid": "Ours", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}},
  {"Sid": "NoLogs", "Effect": "Deny", "Principal": "*", "Action": "logs:*", "Resource": "*"}]}`
)

func TestEvaluateUnknownAccount(t *testing.T) {
	pullCtx := withContext(pull(execRole), "aws:PrincipalAccount", placeholder, "aws:PrincipalArn", execRole, "aws:ResourceAccount", placeholder)
	literal := "arn:aws:iam::111122223333:role/ecsTaskExecutionRole"
	literalPull := withContext(pull(literal), "aws:PrincipalAccount", "111122223333", "aws:PrincipalArn", literal, "aws:ResourceAccount", "111122223333")
	literalPull.Resource = "arn:aws:ecr:ap-northeast-1:111122223333:repository/app"
	runEvalTests(t, []evalTest{
		{
			name: "6.1.6 aws:PrincipalAccount of an unknown account is unknown, not denied",
			doc:  allowAccountPolicy,
			req:  unknownAccount(pullCtx),
			want: Decision{Effect: Unknown, Action: "ecr:BatchGetImage", Statement: `Sid "OwnAccount"`, Key: AccountKey,
				Detail: "the policy's answer for ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on " + repoARN + " depends on the account ID, which the input does not show: for account 111122223333 it is allowed by Sid \"OwnAccount\", for any account the policy does not name denied (aws-rules 6.1.6)"},
		},
		{
			name: "6.1.6 without UnknownAccount the placeholder is an account like any other",
			doc:  allowAccountPolicy,
			req:  pullCtx,
			want: Decision{Effect: Denied, Action: "ecr:BatchGetImage",
				Detail: `no statement allows ecr:BatchGetImage on ` + repoARN + `: Sid "OwnAccount" allows it only when aws:PrincipalAccount equals 111122223333, but this request's aws:PrincipalAccount is 123456789012; change the condition or add an Allow that this request matches`},
		},
		{
			name: "6.1.6 a literal principal and resource in another account decide as usual",
			doc:  allowAccountPolicy,
			req:  unknownAccount(literalPull),
			want: Decision{Effect: Allowed, Statement: `Sid "OwnAccount"`,
				Detail: `Sid "OwnAccount" allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on arn:aws:ecr:ap-northeast-1:111122223333:repository/app`},
		},
		{
			name: "6.1.6 aws:ResourceAccount in a Deny: unknown when two named accounts and others differ",
			doc:  denyOtherAccountsPolicy,
			req:  unknownAccount(pullCtx),
			want: Decision{Effect: Unknown, Action: "ecr:BatchGetImage", Statement: `Sid "All"`, Key: AccountKey,
				Detail: "the policy's answer for ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on " + repoARN + " depends on the account ID, which the input does not show: for account 111122223333 it is allowed by Sid \"All\", for any account the policy does not name denied by Sid \"NotOurs\" (aws-rules 6.1.6)"},
		},
		{
			name: "6.1.6 an account-root principal against an unknown principal account",
			doc:  principalAccountPolicy,
			req:  unknownAccount(pull(execRole)),
			want: Decision{Effect: Unknown, Action: "ecr:BatchGetImage", Statement: `Sid "Root"`, Key: AccountKey,
				Detail: "the policy's answer for ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on " + repoARN + " depends on the account ID, which the input does not show: for account 111122223333 it is allowed by Sid \"Root\", for any account the policy does not name denied (aws-rules 6.1.6)"},
		},
		{
			name: "6.1.6 a resource ARN pattern with a partial account wildcard",
			doc:  resourceARNPolicy,
			req:  unknownAccount(pull(execRole)),
			want: Decision{Effect: Unknown, Action: "ecr:BatchGetImage", Statement: `Sid "Repos"`, Key: AccountKey,
				Detail: "the policy's answer for ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on " + repoARN + " depends on the account ID, which the input does not show: for account 111122200000 it is allowed by Sid \"Repos\", for any account the policy does not name denied (aws-rules 6.1.6)"},
		},
		{
			name: "6.1.6 a policy that does not depend on the account decides",
			doc:  anyAccountPolicy,
			req:  unknownAccount(pullCtx),
			want: Decision{Effect: Allowed, Statement: `Sid "Any"`,
				Detail: `Sid "Any" allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on ` + repoARN},
		},
		{
			name: "6.1.6 a Deny that matches every account decides whatever the account",
			doc:  denyAllPolicy,
			req:  unknownAccount(withContext(logsRequest(), "aws:PrincipalAccount", placeholder)),
			want: Decision{Effect: Denied, Action: "logs:CreateLogStream", Statement: `Sid "NoLogs"`,
				Detail: `Sid "NoLogs" denies logs:CreateLogStream on ` + logARN + `; an explicit Deny overrides every Allow (aws-rules 6.1.2), so narrow or remove that statement if this call must pass`},
		},
		{
			// As when both the condition and the role's ARN come from the
			// caller identity the offline evaluation emulates.
			name: "6.1.6 the unknown account written in the policy is the same account as the request's",
			doc:  `{"Statement": [{"Sid": "Caller", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}}}]}`,
			req:  unknownAccount(pullCtx),
			want: Decision{Effect: Allowed, Statement: `Sid "Caller"`,
				Detail: `Sid "Caller" allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on ` + repoARN},
		},
	})
}

func TestAccountDecides(t *testing.T) {
	pullCtx := withContext(pull(execRole), "aws:PrincipalAccount", placeholder, "aws:PrincipalArn", execRole)
	tests := []struct {
		name    string
		doc     string
		account string
		want    bool
	}{
		{"6.1.6 a condition on the account decides when it allows", strings.ReplaceAll(allowAccountPolicy, "111122223333", placeholder), placeholder, true},
		{"6.1.6 a condition on the account decides when it denies", allowAccountPolicy, placeholder, true},
		{"6.1.6 a policy that names no account does not depend on it", anyAccountPolicy, placeholder, false},
		{"6.1.6 an account the request does not carry decides nothing", allowAccountPolicy, "444455556666", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustParse(t, tt.doc).AccountDecides(pullCtx, tt.account); got != tt.want {
				t.Errorf("AccountDecides = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAccountCandidates(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"6.1.6 named accounts, then one the policy does not name", denyOtherAccountsPolicy, []string{"111122223333", "444455556666", "999999999999"}},
		{"6.1.6 an account-root ARN", principalAccountPolicy, []string{"111122223333", "999999999999"}},
		{"6.1.6 a digit pattern with a wildcard", resourceARNPolicy, []string{"111122200000", "999999999999"}},
		{"6.1.6 the unknown account itself is no candidate", `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "*", "Resource": "*"}]}`, []string{"999999999999"}},
		{"6.1.6 the unnamed account skips a named one", `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "999999999999"}, "Action": "*", "Resource": "*"}]}`, []string{"999999999999", "999999999998"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, mustParse(t, tt.doc).accountCandidates(placeholder)); diff != "" {
				t.Errorf("accountCandidates (-want +got):\n%s", diff)
			}
		})
	}
}
