package stopreason

import (
	"strings"
	"testing"
)

// TestCheckReference: the references the runtime accepts and refuses,
// with its words for the refusal (the distribution reference grammar).
func TestCheckReference(t *testing.T) {
	for _, c := range []struct{ image, err string }{
		{"nginx", ""},
		{"nginx:1.27", ""},
		{"public.ecr.aws/nginx/nginx:1.27", ""},
		{"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest", ""},
		{"localhost:5000/app", ""},
		{"nginx@sha256:" + strings.Repeat("a", 64), ""},
		{"MyApp:Latest", "invalid reference format: repository name (library/MyApp) must be lowercase"},
		{"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/MyApp:1", "invalid reference format: repository name (MyApp) must be lowercase"},
		{"app:v1#2", "invalid reference format"},
		{"app:", "invalid reference format"},
		{"http://123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", "invalid reference format"},
		{"", "invalid reference format"},
	} {
		err := CheckReference(c.image)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.err {
			t.Errorf("CheckReference(%q) = %q, want %q", c.image, got, c.err)
		}
	}
}

// TestMessageInvalidImage: a reference the runtime refuses stops the task
// before any request, in the platform's words.
func TestMessageInvalidImage(t *testing.T) {
	ecr := "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/MyApp:latest"
	for _, c := range []struct {
		name string
		f    Failure
		want string
	}{
		{"Fargate 1.4.0, ECR", Failure{Platform: FargateContainerd, Kind: "ecr-image", Reason: reasonInvalidImage, Image: ecr},
			`InternalError: failed to normalize image reference "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/MyApp:latest"`},
		{"Fargate 1.3.0, Docker Hub", Failure{Platform: FargateDocker, Kind: "registry-pull", Reason: reasonInvalidImage, Image: "MyApp:Latest"},
			"CannotPullContainerError: invalid reference format: repository name (library/MyApp) must be lowercase"},
		{"EC2, a number sign", Failure{Platform: EC2, Kind: "registry-pull", Reason: reasonInvalidImage, Image: "app:v1#2"},
			"CannotPullContainerError: invalid reference format"},
		{"unknown platform", Failure{Kind: "registry-pull", Reason: reasonInvalidImage, Image: "app:v1#2"}, ""},
	} {
		if got := Message(c.f); got != c.want {
			t.Errorf("%s: Message = %q\nwant %q", c.name, got, c.want)
		}
	}
}
