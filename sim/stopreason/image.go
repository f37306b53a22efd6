package stopreason

import (
	"errors"
	"regexp"
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
// image is on Docker Hub. It is the one image parser of vpctrace: the
// tracer reads images with it too (SplitImage, ParsePartialImage).
func ParseImage(ref string) (ImageRef, error) {
	if ref == "" {
		return ImageRef{}, ErrEmptyImage
	}
	p := split(ref)
	if p.hasDigest && !validDigest(p.digest) || p.hasTag && (p.tag == "" || strings.Contains(p.tag, "/")) || !validRepository(p.repo) {
		return ImageRef{}, ErrInvalidImage
	}
	return p.ref(), nil
}

// SplitImage splits an image reference as far as it can be told, like
// ParseImage but without checking it: its registry and repository are
// known even when the container runtime refuses the reference
// (INVALID_IMAGE_REFERENCE).
func SplitImage(ref string) ImageRef { return split(ref).ref() }

// ParsePartialImage splits the known start of an image reference, whose
// rest is known only after apply: the registry is known once its first
// path segment is complete (a "/" follows it, or a digest "@" for a Docker
// Hub image without one), and the repository once a tag or digest
// separator follows it.
func ParsePartialImage(prefix string) (ref ImageRef, registryKnown, repoKnown bool) {
	first, rest, hasSlash := strings.Cut(prefix, "/")
	switch {
	case hasSlash:
		return SplitImage(prefix), true, strings.ContainsAny(rest, ":@")
	case strings.Contains(first, "@") && !strings.ContainsAny(first[:strings.Index(first, "@")], ".:"):
		return SplitImage(prefix), true, true
	}
	return ImageRef{}, false, false
}

// parts is an image reference split into its parts, not yet checked.
type parts struct {
	domain, repo, tag, digest string
	hasTag, hasDigest         bool
}

// split cuts the digest at the first "@", the registry at the first "/",
// and the tag at the last ":" of the rest.
func split(ref string) parts {
	name, digest, hasDigest := strings.Cut(ref, "@")
	domain, path := splitDomain(name)
	p := parts{domain: domain, repo: path, digest: digest, hasDigest: hasDigest}
	if i := strings.LastIndex(path, ":"); i >= 0 {
		p.repo, p.tag, p.hasTag = path[:i], path[i+1:], true
	}
	return p
}

// ref normalizes p: the "library/" namespace of Docker Hub, and the tag
// "latest" when there is neither tag nor digest.
func (p parts) ref() ImageRef {
	r := ImageRef{Domain: p.domain, Repository: p.repo, Tag: p.tag, Digest: p.digest}
	if r.Domain == dockerHubDomain && !strings.Contains(r.Repository, "/") {
		r.Repository = "library/" + r.Repository
	}
	if !p.hasTag && !p.hasDigest {
		r.Tag = defaultTag
	}
	return r
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

// validRepository reports whether every path component of repo is
// non-empty and repo has no ":" (a tag is only one).
func validRepository(repo string) bool {
	for _, part := range strings.Split(repo, "/") {
		if part == "" {
			return false
		}
	}
	return !strings.Contains(repo, ":")
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

// ECR registry names: ACCOUNT.dkr.ecr.REGION.amazonaws.com, and the
// dual-stack ACCOUNT.dkr-ecr.REGION.on.aws (aws-rules 1.2.1, 1.2.5).
var (
	ecrHost      = regexp.MustCompile(`^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$`)
	ecrDualStack = regexp.MustCompile(`^(\d{12})\.dkr-ecr\.([a-z0-9-]+)\.on\.aws$`)
)

// ECR returns the account and region of a private ECR registry
// (ACCOUNT.dkr.ecr.REGION.amazonaws.com, or the dual-stack
// ACCOUNT.dkr-ecr.REGION.on.aws; aws-rules 1.2.1, 1.2.5). ok is false for any
// other registry: vpctrace traces every other image as a registry-pull
// (aws-rules 1.2.6).
func (r ImageRef) ECR() (account, region string, ok bool) {
	for _, re := range []*regexp.Regexp{ecrHost, ecrDualStack} {
		if m := re.FindStringSubmatch(r.Domain); m != nil {
			return m[1], m[2], true
		}
	}
	return "", "", false
}
