package stopreason

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	tokyo      = "ap-northeast-1"
	seedSecret = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf"
	ecrImage   = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest"
	envFileARN = "arn:aws:s3:::app-config/prod/app.env"
	// firelensARN is a FireLens configuration file in S3 (1.3.9).
	firelensARN = "arn:aws:s3:::log-config/fluent-bit/extra.conf"
)

// TestSeedArticleSecret is the error of the seed article: the secretsmanager
// endpoint's private DNS off, so the name resolves to the public address and
// the private subnet has no route to it (7.3.3).
func TestSeedArticleSecret(t *testing.T) {
	got := Message(Failure{Platform: FargateContainerd, Kind: "secret", Reason: "NO_ROUTE",
		Host: "secretsmanager.ap-northeast-1.amazonaws.com", Port: 443, Region: tokyo, Resource: seedSecret, PublicIP: true})
	const prefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried "
	if !strings.HasPrefix(got, prefix) {
		t.Errorf("Message() = %q, want prefix %q", got, prefix)
	}
	if !strings.Contains(got, "failed to fetch secret "+seedSecret) {
		t.Errorf("Message() = %q, want it to name the secret %s", got, seedSecret)
	}
	want := "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration."
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Message() mismatch (-want +got):\n%s", diff)
	}
}

func TestMessageFargateContainerd(t *testing.T) {
	runCases(t, FargateContainerd, []messageCase{
		{"7.3.2 ecr-auth public address, no route",
			Failure{Kind: "ecr-auth", Reason: "NO_ROUTE", Region: tokyo, PublicIP: true},
			`ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp <public IP of api.ecr.ap-northeast-1.amazonaws.com>:443: i/o timeout`},
		{"7.3.2 ecr-auth endpoint ENI, security group",
			Failure{Kind: "ecr-auth", Reason: "SG_INGRESS_DENIED", Host: "api.ecr.ap-northeast-1.amazonaws.com", Port: 443, Region: tokyo, IP: "10.0.1.25"},
			`ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp 10.0.1.25:443: i/o timeout`},
		{"7.3.2 ecr-auth unknown address",
			Failure{Kind: "ecr-auth", Reason: "TGW_NO_ROUTE", Region: tokyo},
			`ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp <IP>:443: i/o timeout`},
		{"7.3.2 ecr-auth NXDOMAIN",
			Failure{Kind: "ecr-auth", Reason: "DNS_NAME_NOT_FOUND", Region: tokyo, Resolver: "10.0.0.2:53"},
			`ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp: lookup api.ecr.ap-northeast-1.amazonaws.com on 10.0.0.2:53: no such host`},
		{"7.3.2 ecr-auth blocked by DNS Firewall: NXDOMAIN form (3.9.2, 7.2.2)",
			Failure{Kind: "ecr-auth", Reason: "DNS_FIREWALL_BLOCKED", Region: tokyo, Resolver: "10.0.0.2:53"},
			`ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp: lookup api.ecr.ap-northeast-1.amazonaws.com on 10.0.0.2:53: no such host`},
		{"7.3.3 secret blocked by DNS Firewall returns at once, no RequestCanceled (3.9.2)",
			Failure{Kind: "secret", Reason: "DNS_FIREWALL_BLOCKED", Region: tokyo, Resource: seedSecret},
			`ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf from secrets manager: RequestError: send request failed caused by: Post "https://secretsmanager.ap-northeast-1.amazonaws.com/": dial tcp: lookup secretsmanager.ap-northeast-1.amazonaws.com on 169.254.169.253:53: no such host. Please check your task network configuration.`},
		{"7.3.2 ecr-auth DNS support off",
			Failure{Kind: "ecr-auth", Reason: "DNS_RESOLUTION_DISABLED", Region: tokyo},
			`ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp: lookup api.ecr.ap-northeast-1.amazonaws.com on 169.254.169.253:53: i/o timeout`},
		{"7.3.2 ecr-auth endpoint policy",
			Failure{Kind: "ecr-auth", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo},
			`ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. AccessDeniedException: User: <execution role> is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no VPC endpoint policy allows the ecr:GetAuthorizationToken action`},
		{"7.3.8 ecr-image endpoint ENI, NACL",
			Failure{Kind: "ecr-image", Reason: "NACL_DENIED", Host: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", Region: tokyo, Image: ecrImage, IP: "10.0.2.7"},
			`CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest: failed to do request: Head "https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/v2/app/manifests/latest": dial tcp 10.0.2.7:443: i/o timeout`},
		{"7.3.8 ecr-image endpoint policy",
			Failure{Kind: "ecr-image", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Image: ecrImage},
			`CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest: unexpected status from HEAD request to https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/v2/app/manifests/latest: 403 Forbidden`},
		{"7.3.8 registry-pull Docker Hub, no NAT internet",
			Failure{Kind: "registry-pull", Reason: "NAT_NO_INTERNET", Region: tokyo, Image: "nginx", PublicIP: true},
			`CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:latest: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/latest": dial tcp <public IP of registry-1.docker.io>:443: i/o timeout`},
		{"7.2.1 registry-pull blocked by VPC Block Public Access (aws-rules 4.10.6): a public-IP timeout",
			Failure{Kind: "registry-pull", Reason: "VPC_BPA_BLOCKED", Region: tokyo, Image: "nginx", PublicIP: true},
			`CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:latest: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/latest": dial tcp <public IP of registry-1.docker.io>:443: i/o timeout`},
		{"7.2.1 registry-pull dropped by AWS Network Firewall (aws-rules 4.11.8): a public-IP timeout",
			Failure{Kind: "registry-pull", Reason: "NETWORK_FIREWALL_DENIED", Region: tokyo, Image: "nginx", PublicIP: true},
			`CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:latest: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/latest": dial tcp <public IP of registry-1.docker.io>:443: i/o timeout`},
		{"7.3.8 registry-pull digest, NXDOMAIN",
			Failure{Kind: "registry-pull", Reason: "DNS_NAME_NOT_FOUND", Host: "ghcr.io", Region: tokyo, Image: "ghcr.io/org/app@sha256:0123abcd", Resolver: "10.0.0.2:53"},
			`CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ghcr.io/org/app@sha256:0123abcd: failed to do request: Head "https://ghcr.io/v2/org/app/manifests/sha256:0123abcd": dial tcp: lookup ghcr.io on 10.0.0.2:53: no such host`},
		{"7.3.9 ecr-layers no route",
			Failure{Kind: "ecr-layers", Reason: "NO_ROUTE", Region: tokyo, Image: ecrImage, PublicIP: true},
			`CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: failed to do request: Get "https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/<layer-key>": dial tcp <public IP of prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com>:443: i/o timeout`},
		{"7.3.9 ecr-layers endpoint policy",
			Failure{Kind: "ecr-layers", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Image: ecrImage},
			`CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/v2/app/blobs/sha256:<layer-digest>: 403 Forbidden`},
		{"7.3.8 ecr-image without an image reference",
			Failure{Kind: "ecr-image", Reason: "NO_ROUTE", Host: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", Region: tokyo},
			`CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/<repository>:latest: failed to do request: Head "https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/v2/<repository>/manifests/latest": dial tcp <IP>:443: i/o timeout`},
		{"7.3.9 ecr-layers endpoint policy, no image reference",
			Failure{Kind: "ecr-layers", Reason: "ENDPOINT_POLICY_DENIED", Host: "prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com", Region: tokyo},
			`CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: unexpected status code https://<registry>/v2/<repository>/blobs/sha256:<layer-digest>: 403 Forbidden`},
		{"7.3.7 logs no route",
			Failure{Kind: "logs", Reason: "NO_ROUTE", Region: tokyo, Resource: "/ecs/app"},
			`ResourceInitializationError: failed to validate logger args: The task cannot find the Amazon CloudWatch log group defined in the task definition. There is a connection issue between the task and Amazon CloudWatch. Check your network configuration. : signal: killed`},
		{"7.3.7 logs resolver unknown",
			Failure{Kind: "logs", Reason: "DNS_RESOLVER_UNKNOWN", Region: tokyo},
			`ResourceInitializationError: failed to validate logger args: The task cannot find the Amazon CloudWatch log group defined in the task definition. There is a connection issue between the task and Amazon CloudWatch. Check your network configuration. : signal: killed`},
		{"7.3.6 logs endpoint policy",
			Failure{Kind: "logs", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Resource: "/ecs/app", Account: "123456789012"},
			`ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: AccessDeniedException: User: <execution role> is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app:log-stream:<log-stream> because no VPC endpoint policy allows the logs:CreateLogStream action`},
		{"7.3.6 logs NXDOMAIN",
			Failure{Kind: "logs", Reason: "DNS_NAME_NOT_FOUND", Region: tokyo},
			`ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post "https://logs.ap-northeast-1.amazonaws.com/": dial tcp: lookup logs.ap-northeast-1.amazonaws.com on 169.254.169.253:53: no such host`},
		{"7.3.3 secret JSON key, endpoint policy",
			Failure{Kind: "secret", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Resource: seedSecret + ":password::", Principal: "arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/abc"},
			`ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf from secrets manager: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/abc is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf because no VPC endpoint policy allows the secretsmanager:GetSecretValue action. Please check your task network configuration.`},
		{"7.3.3 secret NXDOMAIN",
			Failure{Kind: "secret", Reason: "DNS_NAME_NOT_FOUND", Region: tokyo, Resource: seedSecret},
			`ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf from secrets manager: RequestError: send request failed caused by: Post "https://secretsmanager.ap-northeast-1.amazonaws.com/": dial tcp: lookup secretsmanager.ap-northeast-1.amazonaws.com on 169.254.169.253:53: no such host. Please check your task network configuration.`},
		{"7.3.3 secret DNS timeout keeps RequestCanceled",
			Failure{Kind: "secret", Reason: "DNS_RESOLUTION_DISABLED", Region: tokyo, Resource: seedSecret},
			`ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration.`},
		{"7.3.4 repositoryCredentials",
			Failure{Kind: "secret", Reason: "SG_EGRESS_DENIED", Region: tokyo, Resource: "dockerhub-creds", FromRepositoryCredentials: true, IP: "10.0.1.40"},
			`ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret from the service for dockerhub-creds: RequestError: send request failed caused by: Post "https://secretsmanager.ap-northeast-1.amazonaws.com/": dial tcp 10.0.1.40:443: i/o timeout`},
		{"7.3.5 parameter no route",
			Failure{Kind: "parameter", Reason: "NO_ROUTE", Region: tokyo, Resource: "/app/db_pass", PublicIP: true},
			`ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration.`},
		{"7.3.5 parameter endpoint policy",
			Failure{Kind: "parameter", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Resource: "/app/db_pass", Account: "123456789012"},
			`ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): AccessDeniedException: User: <execution role> is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/db_pass because no VPC endpoint policy allows the ssm:GetParameters action. Please check your task network configuration.`},
		{"7.3.10 env-file no route",
			Failure{Kind: "env-file", Reason: "NO_ROUTE", Region: tokyo, Resource: envFileARN},
			`ResourceInitializationError: failed to download env files: file download command: non empty error stream: RequestCanceled: request context canceled caused by: context deadline exceeded`},
		{"7.3.10 env-file endpoint policy",
			Failure{Kind: "env-file", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Resource: envFileARN},
			`ResourceInitializationError: failed to download env files: file download command: non empty error stream: AccessDenied: User: <execution role> is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::app-config/prod/app.env because no VPC endpoint policy allows the s3:GetObject action`},
		{"7.3.10 env-file NXDOMAIN",
			Failure{Kind: "env-file", Reason: "DNS_NAME_NOT_FOUND", Region: tokyo, Resource: envFileARN},
			`ResourceInitializationError: failed to download env files: file download command: non empty error stream: RequestError: send request failed caused by: Get "https://app-config.s3.ap-northeast-1.amazonaws.com/prod/app.env": dial tcp: lookup app-config.s3.ap-northeast-1.amazonaws.com on 169.254.169.253:53: no such host`},
		{"7.3.11 efs no mount target in AZ",
			Failure{Kind: "efs", Reason: "EFS_NO_MOUNT_TARGET_IN_AZ", Region: tokyo, Resource: "fs-0123456789abcdef0", Port: 2049},
			`ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-0123456789abcdef0.efs.ap-northeast-1.amazonaws.com" - check that your file system ID is correct, and ensure that the VPC has an EFS mount target for this file system ID.`},
		{"7.3.11 efs DNS support off",
			Failure{Kind: "efs", Reason: "DNS_RESOLUTION_DISABLED", Host: "fs-1.efs.ap-northeast-1.amazonaws.com", Region: tokyo, Resource: "fs-1", Port: 2049},
			`ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-1.efs.ap-northeast-1.amazonaws.com" - check that your file system ID is correct, and ensure that the VPC has an EFS mount target for this file system ID.`},
		{"7.3.11 efs mount target security group",
			Failure{Kind: "efs", Reason: "SG_INGRESS_DENIED", Region: tokyo, Resource: "fs-1", Port: 2049, IP: "10.0.1.9"},
			`ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: mount.nfs4: Connection timed out : unsuccessful EFS utils command execution; code: 32`},
		{"7.3.12 exec", Failure{Kind: "exec", Reason: "NO_ROUTE", Region: tokyo}, ""},
		{"1.4.5 JSON-key secret below its gate",
			Failure{Kind: "secret", Reason: "UNSUPPORTED_BY_PLATFORM", Region: tokyo, Resource: seedSecret + ":password::"},
			`(no stopped task) ECS rejects the service: Secrets Manager JSON-key and version references need a newer Fargate platform version`},
		{"7.5.6 firelens-config on Fargate: no platform version supports it",
			Failure{Kind: "firelens-config", Reason: "UNSUPPORTED_BY_PLATFORM", Region: tokyo, Resource: firelensARN},
			`(no stopped task) ECS rejects the task definition or the service: FireLens configuration files from Amazon S3 (config-file-type s3) need the EC2 launch type: Fargate supports only the file configuration file type`},
		{"1.8 agent call on Fargate", Failure{Kind: "ecs-api", Reason: "NO_ROUTE", Region: tokyo}, ""},
	})
}

func TestMessageFargateDocker(t *testing.T) {
	runCases(t, FargateDocker, []messageCase{
		{"7.4.1 ecr-image no route",
			Failure{Kind: "ecr-image", Reason: "NO_ROUTE", Region: tokyo, Image: ecrImage, PublicIP: true},
			`CannotPullContainerError: API error (500): Get https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection`},
		{"7.4.1 ecr-image endpoint policy",
			Failure{Kind: "ecr-image", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Image: ecrImage},
			`CannotPullContainerError: API error (500): denied: User: <execution role> is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:ap-northeast-1:123456789012:repository/app because no VPC endpoint policy allows the ecr:BatchGetImage action`},
		{"7.4.1 registry-pull NXDOMAIN",
			Failure{Kind: "registry-pull", Reason: "DNS_NAME_NOT_FOUND", Region: tokyo, Image: "nginx:1.27", Resolver: "10.0.0.2:53"},
			`CannotPullContainerError: API error (500): Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 10.0.0.2:53: no such host`},
		{"7.4.1 ecr-layers no route",
			Failure{Kind: "ecr-layers", Reason: "NO_ROUTE", Region: tokyo, Image: ecrImage},
			`CannotPullContainerError: API error (500): error pulling image configuration: Get https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/<layer-key>: net/http: request canceled while waiting for connection`},
		{"7.4.1 ecr-layers endpoint policy",
			Failure{Kind: "ecr-layers", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Image: ecrImage},
			`CannotPullContainerError: API error (500): error pulling image configuration: error parsing HTTP 403 response body: invalid character '<' looking for beginning of value: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"`},
		{"7.4.2 logs no route",
			Failure{Kind: "logs", Reason: "NO_ROUTE", Region: tokyo},
			`DockerTimeoutError: Could not transition to started; timed out after waiting 3m0s`},
		{"7.4.2 logs endpoint policy",
			Failure{Kind: "logs", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Resource: "/ecs/app"},
			`CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: AccessDeniedException: User: <execution role> is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:ap-northeast-1:<account-id>:log-group:/ecs/app:log-stream:<log-stream> because no VPC endpoint policy allows the logs:CreateLogStream action`},
		{"7.4.3 ecr-auth", Failure{Kind: "ecr-auth", Reason: "NO_ROUTE", Region: tokyo}, ""},
		{"7.4.3 secret", Failure{Kind: "secret", Reason: "NO_ROUTE", Region: tokyo, Resource: seedSecret}, ""},
		{"7.4.3 parameter", Failure{Kind: "parameter", Reason: "UNSUPPORTED_BY_PLATFORM", Region: tokyo}, ""},
		{"7.4.4 env-file",
			Failure{Kind: "env-file", Reason: "UNSUPPORTED_BY_PLATFORM", Region: tokyo, Resource: envFileARN},
			`(no stopped task) ECS rejects the service: environment files need Fargate platform version 1.4.0 or later`},
		{"7.4.4 efs",
			Failure{Kind: "efs", Reason: "UNSUPPORTED_BY_PLATFORM", Region: tokyo, Resource: "fs-1"},
			`(no stopped task) ECS rejects the service: EFS volumes need Fargate platform version 1.4.0 or later`},
		{"7.4.4 exec",
			Failure{Kind: "exec", Reason: "UNSUPPORTED_BY_PLATFORM", Region: tokyo},
			`(no stopped task) ECS rejects the service: ECS Exec needs Fargate platform version 1.4.0 or later`},
	})
}

func TestMessageEC2(t *testing.T) {
	runCases(t, EC2, []messageCase{
		{"7.5.2 ecr-auth no route",
			Failure{Kind: "ecr-auth", Reason: "NO_ROUTE", Region: tokyo, PublicIP: true},
			`CannotPullECRContainerError: RequestError: send request failed caused by: Post "https://api.ecr.ap-northeast-1.amazonaws.com/": dial tcp <public IP of api.ecr.ap-northeast-1.amazonaws.com>:443: i/o timeout`},
		{"7.5.2 ecr-image security group",
			Failure{Kind: "ecr-image", Reason: "SG_EGRESS_DENIED", Region: tokyo, Image: ecrImage, IP: "10.0.2.7"},
			`CannotPullContainerError: API error (500): Get https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection`},
		{"7.5.2 registry-pull no public IP",
			Failure{Kind: "registry-pull", Reason: "NO_PUBLIC_IP", Region: tokyo, Image: "public.ecr.aws/nginx/nginx:1.27"},
			`CannotPullContainerError: API error (500): Get https://public.ecr.aws/v2/: net/http: request canceled while waiting for connection`},
		{"7.5.2 ecr-layers DNS timeout",
			Failure{Kind: "ecr-layers", Reason: "DNS_RESOLVER_UNKNOWN", Region: tokyo, Image: ecrImage, Resolver: "10.9.0.2:53"},
			`CannotPullContainerError: API error (500): error pulling image configuration: Get https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/<layer-key>: dial tcp: lookup prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com on 10.9.0.2:53: i/o timeout`},
		{"7.5.1 logs endpoint ENI",
			Failure{Kind: "logs", Reason: "NACL_DENIED", Region: tokyo, IP: "10.0.1.30"},
			`CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post https://logs.ap-northeast-1.amazonaws.com/: dial tcp 10.0.1.30:443: i/o timeout`},
		{"7.5.1 logs endpoint policy",
			Failure{Kind: "logs", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Resource: "/ecs/app", Account: "123456789012"},
			`CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: AccessDeniedException: User: <instance role> is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app:log-stream:<log-stream> because no VPC endpoint policy allows the logs:CreateLogStream action`},
		{"7.5.2 secret",
			Failure{Kind: "secret", Reason: "NO_ROUTE", Region: tokyo, Resource: seedSecret, Cluster: "prod", Account: "123456789012"},
			`ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:123456789012:task/prod/<task-id>: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration.`},
		{"7.5.2 parameter, unknown cluster and account",
			Failure{Kind: "parameter", Reason: "NO_ROUTE", Region: tokyo, Resource: "db_pass"},
			`ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:<account-id>:task/<cluster>/<task-id>: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration.`},
		{"7.5.2 repositoryCredentials",
			Failure{Kind: "secret", Reason: "NO_ROUTE", Region: tokyo, Resource: "dockerhub-creds", FromRepositoryCredentials: true, Cluster: "prod"},
			`ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:<account-id>:task/prod/<task-id>: unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret from the service for dockerhub-creds: RequestError: send request failed caused by: Post "https://secretsmanager.ap-northeast-1.amazonaws.com/": dial tcp <IP>:443: i/o timeout`},
		{"7.5.2 env-file",
			Failure{Kind: "env-file", Reason: "NO_ROUTE", Region: tokyo, Resource: envFileARN, Cluster: "prod"},
			`ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:<account-id>:task/prod/<task-id>: failed to download env files: file download command: non empty error stream: RequestCanceled: request context canceled caused by: context deadline exceeded`},
		{"7.5.2 efs",
			Failure{Kind: "efs", Reason: "EFS_NO_MOUNT_TARGET_IN_AZ", Region: tokyo, Resource: "fs-1", Cluster: "prod"},
			`ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:<account-id>:task/prod/<task-id>: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-1.efs.ap-northeast-1.amazonaws.com" - check that your file system ID is correct, and ensure that the VPC has an EFS mount target for this file system ID.`},
		{"7.5.4 firelens-config no route: the bucket-region lookup fails first",
			Failure{Kind: "firelens-config", Reason: "NO_ROUTE", Region: tokyo, Resource: firelensARN, Cluster: "prod", PublicIP: true},
			`ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:<account-id>:task/prod/<task-id>: unable to download firelens s3 config file: unable to initialize s3 client for bucket log-config: RequestError: send request failed caused by: Get "https://log-config.s3.ap-northeast-1.amazonaws.com/?location=": dial tcp <public IP of log-config.s3.ap-northeast-1.amazonaws.com>:443: i/o timeout`},
		{"7.5.4 firelens-config endpoint policy: the download is refused",
			Failure{Kind: "firelens-config", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo, Resource: firelensARN, Cluster: "prod", Account: "111122223333",
				Principal: "arn:aws:iam::111122223333:role/exec"},
			`ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:111122223333:task/prod/<task-id>: unable to download firelens s3 config file: unable to download s3 config fluent-bit/extra.conf from bucket log-config: AccessDenied: User: arn:aws:iam::111122223333:role/exec is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::log-config/fluent-bit/extra.conf because no VPC endpoint policy allows the s3:GetObject action`},
		{"7.5.4 firelens-config NXDOMAIN",
			Failure{Kind: "firelens-config", Reason: "DNS_NAME_NOT_FOUND", Region: tokyo, Resource: firelensARN, Cluster: "prod", Resolver: "10.0.0.2:53"},
			`ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:<account-id>:task/prod/<task-id>: unable to download firelens s3 config file: unable to initialize s3 client for bucket log-config: RequestError: send request failed caused by: Get "https://log-config.s3.ap-northeast-1.amazonaws.com/?location=": dial tcp: lookup log-config.s3.ap-northeast-1.amazonaws.com on 10.0.0.2:53: no such host`},
		{"7.5.3 ecs-api",
			Failure{Kind: "ecs-api", Reason: "NO_ROUTE", Region: tokyo, Service: "app", Cluster: "prod"},
			`service app was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.`},
		{"7.5.3 ecs-agent",
			Failure{Kind: "ecs-agent", Reason: "DNS_NAME_NOT_FOUND", Region: tokyo, Service: "app"},
			`service app was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.`},
		{"7.5.3 ecs-telemetry, no service name",
			Failure{Kind: "ecs-telemetry", Reason: "ENDPOINT_POLICY_DENIED", Region: tokyo},
			`service <service> was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.`},
		{"1.4.5 agent too old for secrets",
			Failure{Kind: "secret", Reason: "UNSUPPORTED_BY_PLATFORM", Region: tokyo, Resource: seedSecret},
			`(no stopped task) ECS cannot place the task on any container instance: secrets from Secrets Manager need a newer ECS container agent`},
		{"7.3.12 exec", Failure{Kind: "exec", Reason: "SG_EGRESS_DENIED", Region: tokyo}, ""},
	})
}

func TestMessageUnknownPlatformOrKind(t *testing.T) {
	for _, f := range []Failure{
		{Platform: "", Kind: "secret", Reason: "NO_ROUTE"},
		{Platform: "lambda", Kind: "logs", Reason: "NO_ROUTE"},
		{Platform: FargateContainerd, Kind: "kms", Reason: "NO_ROUTE"},
		{Platform: EC2, Kind: "kms", Reason: "NO_ROUTE"},
	} {
		if got := Message(f); got != "" {
			t.Errorf("Message(%+v) = %q, want empty", f, got)
		}
	}
}

// messageCase is one row of a Message table; the platform comes from the
// table.
type messageCase struct {
	name string
	f    Failure
	want string
}

func runCases(t *testing.T, p Platform, cases []messageCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			f.Platform = p
			if diff := cmp.Diff(tc.want, Message(f)); diff != "" {
				t.Errorf("Message() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
