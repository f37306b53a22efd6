package stopreason

import (
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/catalog"
)

const (
	resourceInitPrefix = "ResourceInitializationError: "
	// retrievalFailed opens the secret, parameter and registry-auth forms (7.3.3-7.3.5).
	retrievalFailed = "unable to pull secrets or registry auth: execution resource retrieval failed: "
	checkNetwork    = ". Please check your task network configuration."
	loggerArgs      = "failed to validate logger args: "
	efsUtils        = "failed to invoke EFS utils commands to set up EFS volumes: stderr: "
)

// initDetail is the text after "ResourceInitializationError: " for the
// calls Fargate PV 1.4.0+ reports that way, or "" for other forms.
func initDetail(f Failure) string {
	switch f.form() {
	case catalog.FormRegistryAuth:
		return ecrAuthDetail(f)
	case catalog.FormLogDriver:
		return logsDetail(f)
	}
	return agentDetail(f)
}

// agentDetail is the inner text for the resources the ECS agent (or
// Fargate's agent) retrieves before the containers start; the EC2 agent
// wraps the same text (7.5.2).
func agentDetail(f Failure) string {
	switch f.form() {
	case catalog.FormSecret:
		if f.FromRepositoryCredentials {
			return repositoryCredentialsDetail(f)
		}
		return secretDetail(f)
	case catalog.FormParameter:
		return parameterDetail(f)
	case catalog.FormEnvFile:
		return envFileDetail(f)
	case catalog.FormEFSMount:
		return efsDetail(f)
	case catalog.FormFirelensConfig:
		return firelensDetail(f)
	}
	return ""
}

// ecrAuthDetail is the newer plain-language ECR auth form (7.3.2, vpctrace
// default per 7.1.4 and 10.7).
func ecrAuthDetail(f Failure) string {
	return "unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: " +
		"There is a connection issue between the task and Amazon ECR. Check your task network configuration. " +
		ecrAuthCall(f).sdkError(f)
}

// secretDetail is the Secrets Manager form for `secrets` (7.3.3; the seed
// article shows the same prefix).
func secretDetail(f Failure) string {
	return retrievalFailed + "unable to retrieve secret from asm: service call has been retried 5 time(s): " +
		"failed to fetch secret " + secretID(f.Resource) + " from secrets manager: " +
		secretCall(f).sdkErrorOrCanceled(f) + checkNetwork
}

// repositoryCredentialsDetail is the form for a repositoryCredentials
// secret (7.3.4).
func repositoryCredentialsDetail(f Failure) string {
	return retrievalFailed + "unable to get registry auth from asm: service call has been retried 1 time(s): " +
		"asm fetching secret from the service for " + orDefault(f.Resource, "<secret>") + ": " +
		secretCall(f).sdkError(f)
}

// parameterDetail is the SSM Parameter Store form (7.3.5).
func parameterDetail(f Failure) string {
	return retrievalFailed + "unable to retrieve secrets from ssm: service call has been retried 5 time(s): " +
		parameterCall(f).sdkErrorOrCanceled(f) + checkNetwork
}

// envFileDetail is the environment file form (7.3.10).
func envFileDetail(f Failure) string {
	return "failed to download env files: file download command: non empty error stream: " +
		envFileCall(f).sdkErrorOrCanceled(f)
}

// efsDetail is the EFS mount form (7.3.11).
func efsDetail(f Failure) string {
	if familyOf(f.Reason).isDNS() {
		// 7.3.11: the name does not resolve (no mount target in the AZ, DNS off).
		return efsUtils + "Failed to resolve " + strconv.Quote(f.host()) +
			" - check that your file system ID is correct, and ensure that the VPC has an EFS mount target for this file system ID."
	}
	// 7.3.11, 10.19: connection failures; the timeout wording is vpctrace's.
	return efsUtils + "mount.nfs4: Connection timed out : unsuccessful EFS utils command execution; code: 32"
}

// logsDetail is the awslogs form: the newer plain-language form (7.3.7,
// vpctrace default per 10.7) for timeouts, the older form with the AWS
// error (7.3.6) for failures that return at once.
func logsDetail(f Failure) string {
	if !familyOf(f.Reason).immediate() {
		return loggerArgs + "The task cannot find the Amazon CloudWatch log group defined in the task definition. " +
			"There is a connection issue between the task and Amazon CloudWatch. Check your network configuration. : signal: killed"
	}
	return loggerArgs + "create stream has been retried 1 times: failed to create Cloudwatch log stream: " +
		logsCall(f, false).sdkError(f)
}

// manifestMessage is the containerd manifest form for ecr-image and
// registry-pull (7.3.8). A denial is the 403 containerd reports for the
// HEAD request [field: aws-samples/bedrock-access-gateway#114].
func manifestMessage(f Failure) string {
	img := f.image()
	msg := "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref " + img.String() + ": "
	if familyOf(f.Reason) == famDenied {
		return msg + "unexpected status from HEAD request to " + img.ManifestURL() + ": 403 Forbidden"
	}
	return msg + "failed to do request: Head " + strconv.Quote(img.ManifestURL()) + ": " + dialError(f, f.host())
}

// layersMessage is the containerd layer form (7.3.9). containerd names the
// registry blob URL it asked for in a status error and the redirected
// layer-bucket URL in a dial error; "httpReaderSeeker" is containerd's
// spelling [field: aws/aws-xray-daemon#146].
func layersMessage(f Failure) string {
	msg := "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReaderSeeker: failed open: "
	if familyOf(f.Reason) == famDenied {
		return msg + "unexpected status code " + f.image().BlobURL(layerDigest) + ": 403 Forbidden"
	}
	return msg + "failed to do request: Get " + strconv.Quote(layerURL(f)) + ": " + dialError(f, f.host())
}

// layerDigest stands for the digest of the layer that failed.
const layerDigest = "sha256:<layer-digest>"

// layerURL is a presigned layer URL on the layer bucket (1.2.2).
func layerURL(f Failure) string {
	return "https://" + f.host() + "/<layer-key>"
}

// AWS requests made by the calls, with the endpoint-policy action and
// resource of 6.2.

func ecrAuthCall(f Failure) awsCall {
	return awsCall{method: "Post", host: f.host(), path: "/", code: "AccessDeniedException",
		action: "ecr:GetAuthorizationToken", resource: "*"}
}

func secretCall(f Failure) awsCall {
	return awsCall{method: "Post", host: f.host(), path: "/", code: "AccessDeniedException",
		action: "secretsmanager:GetSecretValue", resource: secretID(f.Resource)}
}

func parameterCall(f Failure) awsCall {
	return awsCall{method: "Post", host: f.host(), path: "/", code: "AccessDeniedException",
		action: "ssm:GetParameters", resource: parameterARN(f)}
}

func logsCall(f Failure, bareURL bool) awsCall {
	return awsCall{method: "Post", host: f.host(), path: "/", bareURL: bareURL, code: "AccessDeniedException",
		action: "logs:CreateLogStream", resource: logStreamARN(f)}
}

func envFileCall(f Failure) awsCall {
	_, key := s3Object(f.Resource)
	return awsCall{method: "Get", host: f.host(), path: "/" + key, code: "AccessDenied",
		action: "s3:GetObject", resource: orDefault(f.Resource, "arn:aws:s3:::<bucket>/<key>")}
}

// secretID is the secret's ARN without a JSON-key, version-stage or
// version-id suffix (1.4.1): the secret the agent fetches.
func secretID(valueFrom string) string {
	if valueFrom == "" {
		return "<secret>"
	}
	parts := strings.SplitN(valueFrom, ":", 8)
	if len(parts) < 8 || !strings.HasPrefix(valueFrom, "arn:") {
		return valueFrom
	}
	return strings.Join(parts[:7], ":")
}

// parameterARN is the parameter's ARN; a bare name is in the task's region
// and account, its leading "/" dropped (1.4.1, 6.2).
func parameterARN(f Failure) string {
	if strings.HasPrefix(f.Resource, "arn:") {
		return f.Resource
	}
	name := strings.TrimPrefix(orDefault(f.Resource, "<parameter>"), "/")
	return "arn:aws:ssm:" + f.region() + ":" + f.account() + ":parameter/" + name
}

// logStreamARN is the log stream the awslogs driver creates (6.2).
func logStreamARN(f Failure) string {
	if strings.HasPrefix(f.Resource, "arn:") {
		return f.Resource
	}
	return "arn:aws:logs:" + f.region() + ":" + f.account() + ":log-group:" +
		orDefault(f.Resource, "<log-group>") + ":log-stream:<log-stream>"
}
