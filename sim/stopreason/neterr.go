package stopreason

import (
	"net"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/catalog"
)

// Reason codes that change a message's wording (docs/architecture.md, "Reason codes").
// Every other code is a network failure: the connection never completes.
const (
	reasonDNSDisabled  = "DNS_RESOLUTION_DISABLED"
	reasonDNSNotFound  = "DNS_NAME_NOT_FOUND"
	reasonDNSUnknown   = "DNS_RESOLVER_UNKNOWN"
	reasonDNSFirewall  = "DNS_FIREWALL_BLOCKED"
	reasonNoMountInAZ  = "EFS_NO_MOUNT_TARGET_IN_AZ"
	reasonPolicyDenied = "ENDPOINT_POLICY_DENIED"
	reasonUnsupported  = "UNSUPPORTED_BY_PLATFORM"
)

// defaultResolver is the Amazon resolver's link-local address (3.1.1).
const defaultResolver = "169.254.169.253:53"

// family groups reason codes by the error the client sees (7.2).
type family int

const (
	famNetwork    family = iota // dial tcp IP:PORT: i/o timeout (7.2.1)
	famNoSuchHost               // NXDOMAIN: lookup ... no such host (7.2.2)
	famDNSTimeout               // no resolver answers: lookup ... i/o timeout (7.2.2)
	famDenied                   // HTTP 403 / AccessDenied from an endpoint policy (7.2.2)
)

func familyOf(reason string) family {
	switch reason {
	case reasonDNSNotFound, reasonNoMountInAZ, reasonDNSFirewall:
		return famNoSuchHost
	case reasonDNSDisabled, reasonDNSUnknown:
		return famDNSTimeout
	case reasonPolicyDenied:
		return famDenied
	}
	return famNetwork
}

// immediate reports whether the failure returns at once (NXDOMAIN or an
// access denial) instead of running into a timeout. Forms recorded only for
// timeouts (RequestCanceled, signal: killed, the Docker start timeout) are
// replaced by the AWS error for immediate failures. [inf]
func (fm family) immediate() bool {
	return fm == famNoSuchHost || fm == famDenied
}

// isDNS reports whether the name did not resolve at all.
func (fm family) isDNS() bool {
	return fm == famNoSuchHost || fm == famDNSTimeout
}

// dialError is Go's error for a connection to host that failed for f's
// reason (7.2.1, 7.2.2).
func dialError(f Failure, host string) string {
	switch familyOf(f.Reason) {
	case famNoSuchHost:
		return lookupError(f, host, "no such host")
	case famDNSTimeout:
		return lookupError(f, host, "i/o timeout")
	}
	return "dial tcp " + net.JoinHostPort(dialIP(f, host), strconv.Itoa(f.port())) + ": i/o timeout"
}

func lookupError(f Failure, host, cause string) string {
	return "dial tcp: lookup " + host + " on " + orDefault(f.Resolver, defaultResolver) + ": " + cause
}

// dialIP is the address a connection went to: the one DNS returned, or a
// placeholder when the trace has no concrete address.
func dialIP(f Failure, host string) string {
	switch {
	case f.IP != "":
		return f.IP
	case f.PublicIP:
		return "<public IP of " + host + ">"
	}
	return "<IP>"
}

// requestCanceled is the AWS SDK error of a request that ran into its
// context deadline; forms that carry it name no dial error (7.2.2).
const requestCanceled = "RequestCanceled: request context canceled caused by: context deadline exceeded"

// awsCall is one AWS SDK request that a form names.
type awsCall struct {
	method   string // "Post" or "Get"
	host     string
	path     string
	bareURL  bool   // the URL is printed without quotes (Go before 1.14: 7.5.1)
	code     string // the error code of a denial: "AccessDeniedException", or "AccessDenied" for S3
	action   string // the IAM action an endpoint policy is asked (6.2)
	resource string // the resource it is asked for (6.2)
}

// url is the request URL as Go's url.Error prints it.
func (c awsCall) url() string {
	u := "https://" + c.host + c.path
	if c.bareURL {
		return u
	}
	return strconv.Quote(u)
}

// sdkError is the AWS SDK error of the call failing for f's reason: the
// service's AccessDenied error for an endpoint-policy denial, else the
// RequestError around the dial error (7.3.1, 7.5.1).
func (c awsCall) sdkError(f Failure) string {
	if familyOf(f.Reason) == famDenied {
		return c.code + ": " + accessDenied(f, c.action, c.resource)
	}
	return "RequestError: send request failed caused by: " + c.method + " " + c.url() + ": " + dialError(f, c.host)
}

// sdkErrorOrCanceled is sdkError for immediate failures and the recorded
// RequestCanceled text for timeouts (7.3.3, 7.3.5, 7.3.10).
func (c awsCall) sdkErrorOrCanceled(f Failure) string {
	if !familyOf(f.Reason).immediate() {
		return requestCanceled
	}
	return c.sdkError(f)
}

// accessDenied is AWS's AccessDenied wording for a request no endpoint
// policy allows (6.1.2).
func accessDenied(f Failure, action, resource string) string {
	return "User: " + principal(f) + " is not authorized to perform: " + action +
		" on resource: " + resource + " because no VPC endpoint policy allows the " + action + " action"
}

func principal(f Failure) string {
	switch {
	case f.Principal != "":
		return f.Principal
	case f.Platform == EC2 && f.form() == catalog.FormLogDriver:
		return "<instance role>" // the Docker daemon uses the instance's credentials (2.6)
	}
	return "<execution role>"
}

// port is the call's port, 443 when not given.
func (f Failure) port() int {
	if f.Port == 0 {
		return 443
	}
	return f.Port
}

func (f Failure) region() string  { return orDefault(f.Region, "<region>") }
func (f Failure) account() string { return orDefault(f.Account, "<account-id>") }

// host is the call's host when the failure does not name it: the host
// template of its kind (1.9), in the registry's region for an image call
// (1.2.3, 10.20), filled with the failure's values or placeholders.
func (f Failure) host() string {
	if f.Host != "" {
		return f.Host
	}
	k, ok := catalog.KindNamed(f.Kind)
	if !ok {
		return "<host>"
	}
	bucket, _ := s3Object(f.Resource)
	return k.Host(catalog.HostValues{Region: f.imageRegion(), Registry: f.image().Registry(),
		Bucket: bucket, FileSystem: orDefault(f.Resource, "<file-system-id>")})
}

// image is the parsed image reference, with placeholders when the failure
// names no valid image; the host of a registry call is then the registry.
func (f Failure) image() ImageRef {
	if r, err := ParseImage(f.Image); err == nil {
		return r
	}
	registry := "<registry>"
	if f.form() != catalog.FormImageLayers {
		registry = orDefault(f.Host, registry)
	}
	return ImageRef{Domain: registry, Repository: "<repository>", Tag: defaultTag}
}

// imageRegion is the region of a private ECR image, else the task's (1.2.3).
func (f Failure) imageRegion() string {
	if _, region, ok := f.image().ECR(); ok {
		return region
	}
	return f.region()
}

// s3Object splits an S3 object ARN (arn:aws:s3:::BUCKET/KEY, 1.5.1).
func s3Object(arn string) (bucket, key string) {
	_, path, ok := strings.Cut(arn, ":::")
	if !ok {
		path = arn
	}
	bucket, key, _ = strings.Cut(path, "/")
	return orDefault(bucket, "<bucket>"), orDefault(key, "<key>")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
