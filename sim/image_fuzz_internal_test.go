package sim

import (
	"testing"

	"github.com/distribution/reference"
)

// FuzzParsePartialImage checks the image parser the tracer uses (issue 11,
// point 10): what parsePartialImage says is known of an image whose start
// is prefix (the rest known only after apply) holds for every way the
// image could end as a valid reference (a tag has no ":").
func FuzzParsePartialImage(f *testing.F) {
	for _, s := range [][2]string{
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com/", "app:1"},
		{"nginx@", "sha256:0123"},
		{"public.ecr.aws/nginx/nginx:", "1.25"},
		{"localhost:5000/a", "/b:c"},
		{"docker.io/library/", "nginx"},
		{"ghcr.io", "/x/y:z"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, prefix, rest string) {
		if _, err := reference.ParseNormalizedNamed(prefix + rest); err != nil {
			return // the runtime refuses it: INVALID_IMAGE_REFERENCE, not traced through a registry
		}
		ref, registryKnown, repoKnown := parsePartialImage(prefix)
		whole := parseImage(prefix + rest)
		if registryKnown && (whole.registry != ref.registry || whole.ecr != ref.ecr || whole.account != ref.account || whole.region != ref.region) {
			t.Fatalf("parsePartialImage(%q) knows registry %+v, but %q has %+v", prefix, ref, prefix+rest, whole)
		}
		if repoKnown && whole.repo != ref.repo {
			t.Fatalf("parsePartialImage(%q) knows repository %q, but %q has %q", prefix, ref.repo, prefix+rest, whole.repo)
		}
	})
}
