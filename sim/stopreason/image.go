package stopreason

import (
	"errors"
	"strings"
)

// ImageRef is a container image reference split into the parts a registry
// request names (aws-rules 1.2.1, 1.2.6).
type ImageRef struct {
	// Domain is the registry name as written in the reference, or
	// "docker.io" for Docker Hub images written without one.
	Domain string
	// Repository is the repository path inside the registry; Docker Hub
	// images with a single path component get the "library/" prefix.
	Repository string
	// Tag is the tag, "latest" when the reference has neither tag nor digest,
	// and "" for a digest-only reference.
	Tag string
	// Digest is the digest ("sha256:..."), or "".
	Digest string
}

const (
	dockerHubDomain   = "docker.io"
	dockerHubRegistry = "registry-1.docker.io"
	defaultTag        = "latest"
)

// Errors returned by ParseImage.
var (
	ErrEmptyImage   = errors.New("empty image reference")
	ErrInvalidImage = errors.New("invalid image reference")
)

// ParseImage splits an image reference such as "nginx",
// "ghcr.io/org/app:1.2" or "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app@sha256:..."
// the way Docker and containerd normalize it. The first path component is
// the registry when it contains "." or ":" or is "localhost"; otherwise the
// image is on Docker Hub.
func ParseImage(ref string) (ImageRef, error) {
	if ref == "" {
		return ImageRef{}, ErrEmptyImage
	}
	name, digest, hasDigest := strings.Cut(ref, "@")
	if hasDigest && !validDigest(digest) {
		return ImageRef{}, ErrInvalidImage
	}
	domain, path := splitDomain(name)
	repo, tag, hasTag := strings.Cut(path, ":")
	if hasTag && (tag == "" || strings.ContainsAny(tag, ":/")) {
		return ImageRef{}, ErrInvalidImage
	}
	if !validRepository(repo) {
		return ImageRef{}, ErrInvalidImage
	}
	if domain == dockerHubDomain && !strings.Contains(repo, "/") {
		repo = "library/" + repo
	}
	if !hasTag && !hasDigest {
		tag = defaultTag
	}
	return ImageRef{Domain: domain, Repository: repo, Tag: tag, Digest: digest}, nil
}

// splitDomain separates the registry name from the repository path.
func splitDomain(name string) (domain, path string) {
	first, rest, ok := strings.Cut(name, "/")
	if !ok || !(strings.ContainsAny(first, ".:") || first == "localhost") {
		return dockerHubDomain, name
	}
	if first == "index.docker.io" {
		first = dockerHubDomain
	}
	return first, rest
}

// validDigest reports whether d looks like "algorithm:hex".
func validDigest(d string) bool {
	algo, hex, ok := strings.Cut(d, ":")
	return ok && algo != "" && hex != "" && !strings.ContainsAny(hex, ":/@")
}

// validRepository reports whether every path component of repo is non-empty.
func validRepository(repo string) bool {
	for _, part := range strings.Split(repo, "/") {
		if part == "" {
			return false
		}
	}
	return true
}

// Registry is the host the runtime connects to: registry-1.docker.io for
// Docker Hub, else Domain.
func (r ImageRef) Registry() string {
	if r.Domain == dockerHubDomain {
		return dockerHubRegistry
	}
	return r.Domain
}

// Reference is what the manifest request names: the digest when there is
// one, else the tag.
func (r ImageRef) Reference() string {
	if r.Digest != "" {
		return r.Digest
	}
	return r.Tag
}

// String is the fully qualified reference containerd reports, e.g.
// "docker.io/library/nginx:latest".
func (r ImageRef) String() string {
	s := r.Domain + "/" + r.Repository
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// ManifestURL is the registry API URL of the image manifest, e.g.
// "https://registry-1.docker.io/v2/library/nginx/manifests/latest".
func (r ImageRef) ManifestURL() string {
	return r.apiURL("manifests", r.Reference())
}

// BlobURL is the registry API URL of the blob with the given digest.
func (r ImageRef) BlobURL(digest string) string {
	return r.apiURL("blobs", digest)
}

func (r ImageRef) apiURL(kind, ref string) string {
	return "https://" + r.Registry() + "/v2/" + r.Repository + "/" + kind + "/" + ref
}

// ECR returns the account and region of a private ECR registry
// (ACCOUNT.dkr.ecr.REGION.amazonaws.com, or the dual-stack
// ACCOUNT.dkr-ecr.REGION.on.aws; aws-rules 1.2.1, 1.2.5). ok is false for any
// other registry.
func (r ImageRef) ECR() (account, region string, ok bool) {
	for _, sep := range []string{".dkr.ecr.", ".dkr-ecr."} {
		acct, rest, found := strings.Cut(r.Domain, sep)
		if !found || acct == "" {
			continue
		}
		reg, _, _ := strings.Cut(rest, ".")
		if reg != "" {
			return acct, reg, true
		}
	}
	return "", "", false
}
