package stopreason

import (
	"strings"

	"github.com/vpctrace/vpctrace/catalog"
)

// noStoppedTask marks a description that is vpctrace's, not an ECS
// stoppedReason.
const noStoppedTask = "(no stopped task) "

// unsupportedMessage describes a call whose feature the platform does not
// support (UNSUPPORTED_BY_PLATFORM). ECS refuses the service or task when it
// is created, or on EC2 finds no container instance whose agent supports
// it, so no task stops (7.4.4). AWS's exact text is not recorded; this is
// vpctrace's description, marked with "(no stopped task)".
func unsupportedMessage(f Failure) string {
	outcome, requirement := platformLimit(f.Platform)
	if f.form() == catalog.FormFirelensConfig && f.Platform != EC2 {
		// 7.5.6: no Fargate platform version supports it (1.3.10).
		outcome, requirement = "ECS rejects the task definition or the service", "the EC2 launch type: Fargate supports only the file configuration file type"
	}
	return noStoppedTask + outcome + ": " + featureNeeds(f) + " " + requirement
}

// platformLimit is what ECS does with an unsupported feature on p, and
// what the feature requires (1.4.5, 1.5.1, 1.6.2, 1.7.1).
func platformLimit(p Platform) (outcome, requirement string) {
	switch p {
	case FargateDocker:
		return "ECS rejects the service", "Fargate platform version 1.4.0 or later"
	case EC2:
		return "ECS cannot place the task on any container instance", "a newer ECS container agent"
	}
	return "ECS rejects the service", "a newer Fargate platform version"
}

// featureNeeds names the feature behind the call, with its verb: the
// catalog's (catalog.Kind.Unsupported), or for a secret the feature its
// reference uses (1.4.5).
func featureNeeds(f Failure) string {
	k := f.kind()
	secret := k.Form == catalog.FormSecret
	switch {
	case secret && f.FromRepositoryCredentials:
		return "private registry authentication needs"
	case secret && strings.HasPrefix(f.Resource, "arn:") && secretID(f.Resource) != f.Resource:
		return "Secrets Manager JSON-key and version references need"
	case k.Unsupported != "":
		return k.Unsupported
	}
	return "this call needs"
}
