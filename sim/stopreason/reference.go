package stopreason

import (
	_ "crypto/sha256" // digests: go-digest needs the hash linked in
	"fmt"

	"github.com/distribution/reference"
)

// reasonInvalidImage is the reason of an image pull whose reference the
// container runtime refuses before any request (INVALID_IMAGE_REFERENCE).
const reasonInvalidImage = "INVALID_IMAGE_REFERENCE"

// CheckReference returns the error the container runtime gives for an
// image reference it cannot parse ("invalid reference format",
// "invalid reference format: repository name (library/MyApp) must be
// lowercase"), or nil. Docker and containerd both parse references with
// the distribution reference grammar (ParseNormalizedNamed), so this is
// their check and their words. ECS does not make it when a task
// definition is registered (it only checks the characters), so a
// reference that fails it fails when a task starts.
func CheckReference(image string) error {
	_, err := reference.ParseNormalizedNamed(image)
	return err
}

// invalidImageMessage is the stoppedReason of a task whose image reference
// the runtime refuses. Fargate PV 1.4.0 and later report the containerd
// normalization failure as an InternalError (field reports of
// `InternalError: failed to normalize image reference "IMAGE"`; AWS
// documents InternalError as an agent error of PV 1.4.0 and later). Docker
// (Fargate PV 1.3.0 and earlier, EC2) refuses the pull with the parser's
// error, which the ECS agent reports as a CannotPullContainerError
// (inferred from the agent's error names; the exact text is the parser's).
func invalidImageMessage(f Failure) string {
	if f.Platform == FargateContainerd {
		return fmt.Sprintf("InternalError: failed to normalize image reference %q", f.Image)
	}
	msg := "invalid reference format"
	if err := CheckReference(f.Image); err != nil {
		msg = err.Error()
	}
	return "CannotPullContainerError: " + msg
}
