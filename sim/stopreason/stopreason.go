// Package stopreason builds the stoppedReason message ECS puts on a task
// whose first start-phase control-plane call fails (aws-rules section 7), in
// the wording of the platform that runs the task (aws-rules 2.4, 7.1).
//
// Messages follow the forms recorded in aws-rules 7.3 to 7.5, with the
// values of the failure filled in. A value the trace does not know is
// written as a placeholder in angle brackets ("<IP>", "<task-id>").
// Where ECS produces no stoppedReason at all the result is "" or, when ECS
// refuses the request instead, a description that starts with
// "(no stopped task)"; such descriptions are vpctrace's own words.
//
// Which form a call kind's failure takes, and the host a failure that
// names none connects to, come from the kind's entry in package catalog
// (catalog.Kind.Form, catalog.Kind.HostTemplate). Each form cites the
// rule of docs/aws-rules.md it implements in a comment.
package stopreason

import "github.com/vpctrace/vpctrace/catalog"

// Platform is the runtime family that decides a message's wording
// (aws-rules 2.4, 7.1).
type Platform string

// Platforms.
const (
	FargateDocker     Platform = "fargate-docker"     // Fargate Linux PV 1.3.0 and earlier (Docker)
	FargateContainerd Platform = "fargate-containerd" // Fargate Linux PV 1.4.0+ and Fargate Windows
	EC2               Platform = "ec2"                // EC2 launch type (ECS agent)
)

// Failure describes the first failing start-phase call of a task.
type Failure struct {
	Platform                  Platform
	Kind                      string // call kind, e.g. "secret" (catalog.Kinds)
	Reason                    string // reason code, e.g. "NO_ROUTE", "DNS_NAME_NOT_FOUND", "ENDPOINT_POLICY_DENIED", "UNSUPPORTED_BY_PLATFORM", "INVALID_IMAGE_REFERENCE"
	Host                      string // e.g. "secretsmanager.ap-northeast-1.amazonaws.com"; "" derives it from the kind and Region
	Port                      int    // 0 means 443
	Region                    string
	Resource                  string // secret/parameter ARN or name, env file ARN, file system ID, log group
	Image                     string // full image reference for image calls, e.g. "nginx:1.27"
	IP                        string // the address DNS returned, when known (e.g. "10.0.1.25"); "" when not known
	PublicIP                  bool   // the address is a public service address (no concrete IP known)
	FromRepositoryCredentials bool   // the secret is repositoryCredentials (aws-rules 7.3.4)
	Service                   string // ECS service name (aws-rules 7.5.3)
	Cluster                   string
	Resolver                  string // resolver address for lookup errors, e.g. "10.0.0.2:53"; "" means 169.254.169.253:53

	// Account is the task's AWS account ID, used in ARNs the message
	// builds (task ARN, parameter and log group ARNs); "" writes "<account-id>".
	Account string
	// Principal is the IAM principal named in an AccessDenied message;
	// "" writes "<execution role>" ("<instance role>" for the EC2 awslogs driver).
	Principal string
}

// kind is the catalog's description of the failure's call kind: its
// stoppedReason form decides the message. A kind the catalog does not
// have is described by zero values.
func (f Failure) kind() catalog.Kind {
	k, _ := catalog.KindNamed(f.Kind)
	return k
}

// form is the stoppedReason form of the failure's call kind.
func (f Failure) form() catalog.Form { return f.kind().Form }

// Message returns the stoppedReason for f, in the form the platform uses
// for its call kind (catalog.Kind.Form).
//
// It returns "" when the platform produces no message for the call: ECS Exec
// (7.3.12), ecr-auth, secret and parameter on Fargate PV 1.3.0 and earlier
// (those calls go through the Fargate-owned interface, 2.1.1 and 7.4.3, and
// are never blocked by the VPC), the EC2 agent calls on Fargate, and unknown
// platforms or kinds.
//
// An image pull whose reason is INVALID_IMAGE_REFERENCE stops the task
// before any request, with the runtime's refusal of the reference (see
// CheckReference).
//
// A call whose reason is UNSUPPORTED_BY_PLATFORM (and env-file, efs or exec
// on Fargate PV 1.3.0 and earlier) stops no task: ECS refuses the service
// or task, or finds no container instance for it (7.4.4). AWS's exact text
// for that is not recorded, so Message returns vpctrace's own description,
// marked by the prefix "(no stopped task) ".
func Message(f Failure) string {
	if f.form() == catalog.FormNoStoppedTask && f.Reason != reasonUnsupported {
		return "" // 7.3.12: Exec fails in execute-command, not in the task
	}
	if f.Reason == reasonInvalidImage {
		switch f.Platform {
		case FargateContainerd, FargateDocker, EC2:
			return invalidImageMessage(f)
		}
		return ""
	}
	switch f.Platform {
	case FargateContainerd:
		return fargateMessage(f)
	case FargateDocker:
		return fargateDockerMessage(f)
	case EC2:
		return ec2Message(f)
	}
	return ""
}

// fargateMessage is the containerd wording of Fargate Linux PV 1.4.0 and
// later and Fargate Windows (7.3).
func fargateMessage(f Failure) string {
	if f.Reason == reasonUnsupported {
		return unsupportedMessage(f)
	}
	if d := initDetail(f); d != "" {
		return resourceInitPrefix + d
	}
	switch f.form() {
	case catalog.FormImageManifest:
		return manifestMessage(f)
	case catalog.FormImageLayers:
		return layersMessage(f)
	}
	return ""
}

// fargateDockerMessage is the Docker wording of Fargate PV 1.3.0 and
// earlier (7.4).
func fargateDockerMessage(f Failure) string {
	k := f.kind()
	if k.FargatePlatform {
		return "" // 7.4.3: made from the Fargate-owned interface (2.1.1)
	}
	switch k.Form {
	case catalog.FormEnvFile, catalog.FormEFSMount, catalog.FormNoStoppedTask, catalog.FormFirelensConfig:
		return unsupportedMessage(f) // 7.4.4: environment files, EFS and ECS Exec do not exist on these versions; 7.5.6: nor FireLens files from S3
	case catalog.FormLogDriver:
		return dockerLogsMessage(f)
	case catalog.FormImageManifest, catalog.FormImageLayers:
		return dockerPullMessage(f)
	}
	return ""
}

// ec2Message is the wording of the ECS agent on the EC2 launch type (7.5).
func ec2Message(f Failure) string {
	if f.Reason == reasonUnsupported {
		return unsupportedMessage(f)
	}
	switch f.form() {
	case catalog.FormRegistryAuth:
		return agentECRAuthMessage(f)
	case catalog.FormImageManifest, catalog.FormImageLayers:
		return dockerPullMessage(f)
	case catalog.FormLogDriver:
		return daemonLogsMessage(f)
	case catalog.FormSecret, catalog.FormParameter, catalog.FormEnvFile, catalog.FormEFSMount, catalog.FormFirelensConfig:
		return agentResourceMessage(f)
	case catalog.FormNoInstance:
		return serviceEventMessage(f)
	}
	return ""
}
