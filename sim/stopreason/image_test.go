package stopreason

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseImage(t *testing.T) {
	for _, tc := range []struct {
		ref         string
		want        ImageRef
		registry    string
		manifestURL string
		full        string
	}{
		{"nginx",
			ImageRef{Domain: "docker.io", Repository: "library/nginx", Tag: "latest"},
			"registry-1.docker.io", "https://registry-1.docker.io/v2/library/nginx/manifests/latest", "docker.io/library/nginx:latest"},
		{"nginx:1.27",
			ImageRef{Domain: "docker.io", Repository: "library/nginx", Tag: "1.27"},
			"registry-1.docker.io", "https://registry-1.docker.io/v2/library/nginx/manifests/1.27", "docker.io/library/nginx:1.27"},
		{"grafana/grafana:11.0.0",
			ImageRef{Domain: "docker.io", Repository: "grafana/grafana", Tag: "11.0.0"},
			"registry-1.docker.io", "https://registry-1.docker.io/v2/grafana/grafana/manifests/11.0.0", "docker.io/grafana/grafana:11.0.0"},
		{"docker.io/nginx",
			ImageRef{Domain: "docker.io", Repository: "library/nginx", Tag: "latest"},
			"registry-1.docker.io", "https://registry-1.docker.io/v2/library/nginx/manifests/latest", "docker.io/library/nginx:latest"},
		{"index.docker.io/library/redis:7",
			ImageRef{Domain: "docker.io", Repository: "library/redis", Tag: "7"},
			"registry-1.docker.io", "https://registry-1.docker.io/v2/library/redis/manifests/7", "docker.io/library/redis:7"},
		{"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest",
			ImageRef{Domain: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", Repository: "app", Tag: "latest"},
			"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com",
			"https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/v2/app/manifests/latest",
			"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest"},
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api@sha256:abc123",
			ImageRef{Domain: "123456789012.dkr.ecr.us-east-1.amazonaws.com", Repository: "team/api", Digest: "sha256:abc123"},
			"123456789012.dkr.ecr.us-east-1.amazonaws.com",
			"https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/team/api/manifests/sha256:abc123",
			"123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api@sha256:abc123"},
		{"ghcr.io/org/app:v2@sha256:def456",
			ImageRef{Domain: "ghcr.io", Repository: "org/app", Tag: "v2", Digest: "sha256:def456"},
			"ghcr.io", "https://ghcr.io/v2/org/app/manifests/sha256:def456", "ghcr.io/org/app:v2@sha256:def456"},
		{"localhost:5000/app",
			ImageRef{Domain: "localhost:5000", Repository: "app", Tag: "latest"},
			"localhost:5000", "https://localhost:5000/v2/app/manifests/latest", "localhost:5000/app:latest"},
		{"localhost/app:dev",
			ImageRef{Domain: "localhost", Repository: "app", Tag: "dev"},
			"localhost", "https://localhost/v2/app/manifests/dev", "localhost/app:dev"},
		{"public.ecr.aws/nginx/nginx:1.27",
			ImageRef{Domain: "public.ecr.aws", Repository: "nginx/nginx", Tag: "1.27"},
			"public.ecr.aws", "https://public.ecr.aws/v2/nginx/nginx/manifests/1.27", "public.ecr.aws/nginx/nginx:1.27"},
	} {
		t.Run(tc.ref, func(t *testing.T) {
			got, err := ParseImage(tc.ref)
			if err != nil {
				t.Fatalf("ParseImage(%q) error: %v", tc.ref, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseImage(%q) mismatch (-want +got):\n%s", tc.ref, diff)
			}
			derived := []string{got.Registry(), got.ManifestURL(), got.String()}
			if diff := cmp.Diff([]string{tc.registry, tc.manifestURL, tc.full}, derived); diff != "" {
				t.Errorf("Registry, ManifestURL, String of %q mismatch (-want +got):\n%s", tc.ref, diff)
			}
		})
	}
}

func TestParseImageErrors(t *testing.T) {
	for ref, want := range map[string]error{
		"":                   ErrEmptyImage,
		"nginx:":             ErrInvalidImage,
		"nginx@":             ErrInvalidImage,
		"nginx@sha256":       ErrInvalidImage,
		"nginx@sha256:":      ErrInvalidImage,
		"ghcr.io/":           ErrInvalidImage,
		"ghcr.io//app":       ErrInvalidImage,
		"/app":               ErrInvalidImage,
		"app/":               ErrInvalidImage,
		"ghcr.io/app:v1/x":   ErrInvalidImage,
		"app:v1:v2":          ErrInvalidImage,
		"app@sha256:a@b":     ErrInvalidImage,
		"ghcr.io/app:v1:x@y": ErrInvalidImage,
	} {
		if _, err := ParseImage(ref); !errors.Is(err, want) {
			t.Errorf("ParseImage(%q) error = %v, want %v", ref, err, want)
		}
	}
}

func TestImageRefECR(t *testing.T) {
	type ecr struct {
		Account, Region string
		OK              bool
	}
	for domain, want := range map[string]ecr{
		"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com": {"123456789012", "ap-northeast-1", true},
		"123456789012.dkr-ecr.eu-west-1.on.aws":             {"123456789012", "eu-west-1", true},
		// aws-rules 1.2.1: only ACCOUNT.dkr.ecr.REGION.amazonaws.com (or its
		// dual-stack name) is private ECR; other names are registry-pulls.
		"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn": {},
		"12345.dkr.ecr.us-east-1.amazonaws.com":            {},
		"public.ecr.aws":                                   {},
		"docker.io":                                        {},
		".dkr.ecr.us-east-1.amazonaws.com":                 {},
	} {
		var got ecr
		got.Account, got.Region, got.OK = ImageRef{Domain: domain}.ECR()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ECR() of %q mismatch (-want +got):\n%s", domain, diff)
		}
	}
}

// FuzzParseImage checks that ParseImage never panics and that a parsed
// reference prints in a form that parses back to itself.
func FuzzParseImage(f *testing.F) {
	for _, seed := range []string{"nginx", "nginx:1.27", "ghcr.io/org/app@sha256:abc", "localhost:5000/a/b:c", "a@b:c"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		got, err := ParseImage(ref)
		if err != nil {
			return
		}
		again, err := ParseImage(got.String())
		if err != nil {
			t.Fatalf("ParseImage(%q).String() = %q does not parse: %v", ref, got.String(), err)
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Errorf("round trip of %q mismatch (-first +second):\n%s", ref, diff)
		}
		if url := got.ManifestURL(); !strings.HasPrefix(url, "https://") || got.Reference() == "" {
			t.Errorf("ParseImage(%q): ManifestURL %q, Reference %q", ref, url, got.Reference())
		}
		_, _, _ = got.ECR()
	})
}

// FuzzParsePartialImage checks what ParsePartialImage says is known of an
// image whose start is prefix (the rest known only after apply): it holds
// for every way the image could end as a valid reference (a tag has no
// ":"). The tracer decides an image's calls from it (aws-rules 1.2.1,
// 1.2.6).
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
		if CheckReference(prefix+rest) != nil {
			return // the runtime refuses it: INVALID_IMAGE_REFERENCE, not traced through a registry
		}
		ref, registryKnown, repoKnown := ParsePartialImage(prefix)
		whole := SplitImage(prefix + rest)
		if registryKnown && registryOf(ref) != registryOf(whole) {
			t.Fatalf("ParsePartialImage(%q) knows registry %+v, but %q has %+v", prefix, registryOf(ref), prefix+rest, registryOf(whole))
		}
		if repoKnown && whole.Repository != ref.Repository {
			t.Fatalf("ParsePartialImage(%q) knows repository %q, but %q has %q", prefix, ref.Repository, prefix+rest, whole.Repository)
		}
	})
}

// registry is what the registry of an image decides: the host of its
// pull, and its ECR account and region.
type registry struct {
	Host, Account, Region string
	ECR                   bool
}

func registryOf(r ImageRef) registry {
	account, region, ecr := r.ECR()
	return registry{r.Registry(), account, region, ecr}
}
