package stopreason

import "github.com/vpctrace/vpctrace/catalog"

const (
	dockerPullPrefix = "CannotPullContainerError: API error (500): "
	// requestCanceledWaiting is net/http's error when no connection completes
	// before the client's timeout (7.4.1).
	requestCanceledWaiting = "net/http: request canceled while waiting for connection"
	// s3AccessDeniedBody is how Docker reports an S3 403 on a blob: it
	// tries to parse S3's XML error body as a registry error. [inf]
	s3AccessDeniedBody = `error parsing HTTP 403 response body: invalid character '<' looking for beginning of value: ` +
		`"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"`
)

// dockerPullMessage is the Docker pull form used by Fargate PV 1.3.0 and
// earlier (7.4.1) and by EC2 container instances (7.5.2).
func dockerPullMessage(f Failure) string {
	if f.form() == catalog.FormImageLayers {
		return dockerPullPrefix + "error pulling image configuration: " + dockerLayersDetail(f)
	}
	if familyOf(f.Reason) == famDenied {
		// 7.4.1 records no denial; the registry's DENIED error carries
		// ECR's AccessDenied text. [inf]
		return dockerPullPrefix + "denied: " + accessDenied(f, "ecr:BatchGetImage", repositoryARN(f))
	}
	// 7.4.1: the daemon's first request, GET /v2/, never completes.
	return dockerPullPrefix + "Get https://" + f.image().Registry() + "/v2/: " + dockerDialError(f, f.host())
}

// dockerLayersDetail is the failed layer (image configuration) download
// from the layer bucket; 7.4.1 records only the registry request. [inf]
func dockerLayersDetail(f Failure) string {
	if familyOf(f.Reason) == famDenied {
		return s3AccessDeniedBody
	}
	return "Get " + layerURL(f) + ": " + dockerDialError(f, f.host())
}

// dockerDialError is the Docker daemon's client error: lookup errors come
// back from the dialer, any other failure runs into the client timeout
// (7.4.1, 7.2.2).
func dockerDialError(f Failure, host string) string {
	if familyOf(f.Reason).isDNS() {
		return dialError(f, host)
	}
	return requestCanceledWaiting
}

// repositoryARN is the ECR repository an image call is about (6.2).
func repositoryARN(f Failure) string {
	img := f.image()
	account, region, ok := img.ECR()
	if !ok {
		account, region = f.account(), f.region()
	}
	return "arn:aws:ecr:" + region + ":" + account + ":repository/" + img.Repository
}

// dockerLogsMessage is the awslogs failure on Fargate PV 1.3.0 and earlier:
// a timeout leaves the container unstarted until the Docker timeout
// (7.4.2, 7.1.2); a failure that returns at once is reported by the daemon
// as on EC2 (7.5.1). [inf]
func dockerLogsMessage(f Failure) string {
	if familyOf(f.Reason).immediate() {
		return daemonLogsMessage(f)
	}
	return "DockerTimeoutError: Could not transition to started; timed out after waiting 3m0s"
}

// daemonLogsMessage is the Docker daemon's awslogs error (7.5.1).
func daemonLogsMessage(f Failure) string {
	return "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: " +
		"failed to create Cloudwatch log stream: " + logsCall(f, true).sdkError(f)
}
