package policy

import "testing"

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "arn:aws:s3:::bucket/key", true},
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"a*c", "ac", true},
		{"a*c", "abbbc", true},
		{"a*c", "abbbd", false},
		{"*c", "abcabc", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxcyyb", false},
		{"arn:aws:s3:::prod-*-starport-layer-bucket/*", "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*", true},
		{"arn:aws:s3:::config-bucket/*", "arn:aws:s3:::config-bucket-2/app.env", false},
		{"secret:db-??????", "secret:db-AbC123", true},
		{"secret:db-??????", "secret:db-AbC12", false},
		{"Case", "case", false},
		{"a?b", "a\u00e9b", true}, // ? is one character, not one byte
		{"**", "x", true},
		{"*?", "", false},
	}
	for _, tt := range tests {
		if got := glob(tt.pattern, tt.name); got != tt.want {
			t.Errorf("glob(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestArnMatch(t *testing.T) {
	const arn = "arn:aws:iam::123456789012:role/path/ecsTaskExecutionRole"
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{arn, arn, true},
		{"arn:aws:iam::*:role/*", arn, true},
		{"arn:aws:iam::123456789012:role/path/*", arn, true},
		{"arn:aws:iam::*", arn, false}, // fewer than six components
		{"arn:*:role/*", arn, false},   // * does not span components
		{"arn:aws:iam::1234567890??:role/*", arn, true},
		{"arn:aws:iam::*:role/*", "123456789012", false},
		{"arn:aws:s3:::bucket/a:b:*", "arn:aws:s3:::bucket/a:b:c", true}, // the sixth component keeps its colons
	}
	for _, tt := range tests {
		if got := arnMatch(tt.pattern, tt.arn); got != tt.want {
			t.Errorf("arnMatch(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
		}
	}
}

func TestPrincipalMatches(t *testing.T) {
	tests := []struct {
		p      principal
		caller string
		want   bool
	}{
		{principal{"*", "*"}, execRole, true},
		{principal{"*", "*"}, "", true},
		{principal{"AWS", "*"}, "", true},
		{principal{"AWS", "123456789012"}, execRole, true},
		{principal{"AWS", "123456789012"}, "arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/task", true},
		{principal{"AWS", "123456789012"}, "", false},
		{principal{"AWS", "111122223333"}, execRole, false},
		{principal{"AWS", "arn:aws:iam::123456789012:root"}, otherRole, true},
		{principal{"AWS", "arn:aws-cn:iam::123456789012:root"}, "arn:aws-cn:iam::123456789012:role/x", true},
		{principal{"AWS", execRole}, execRole, true},
		{principal{"AWS", execRole}, otherRole, false},
		{principal{"AWS", execRole}, "", false},
		{principal{"AWS", "AROAEXAMPLEID1234567"}, execRole, false},
		{principal{"Service", "ecs-tasks.amazonaws.com"}, execRole, false},
		{principal{"Service", "*"}, "", false},
		{principal{"Federated", "cognito-identity.amazonaws.com"}, execRole, false},
	}
	for _, tt := range tests {
		if got := tt.p.matches(tt.caller); got != tt.want {
			t.Errorf("%v.matches(%q) = %v, want %v", tt.p, tt.caller, got, tt.want)
		}
	}
}

func TestIsLayerBucket(t *testing.T) {
	tests := []struct {
		resource string
		want     bool
	}{
		{layerARN, true},
		{"arn:aws-cn:s3:::prod-cn-north-1-starport-layer-bucket/sha256/abc", true},
		{"arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket", true},
		{envARN, false},
		{"arn:aws:s3:::my-prod-starport-layer-bucket-copy/*", false},
		{"*", false},
	}
	for _, tt := range tests {
		if got := isLayerBucket(tt.resource); got != tt.want {
			t.Errorf("isLayerBucket(%q) = %v, want %v", tt.resource, got, tt.want)
		}
	}
}
