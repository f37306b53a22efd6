package tfjson

import (
	"strings"
	"testing"
)

// FuzzParseRef checks the parser of the references in a plan's
// configuration (issue 11, point 10): no panic, and what it accepts is
// well formed: steps with a name and no separator in it, keys that are
// whole index keys, and a resource reference with a two-part base.
func FuzzParseRef(f *testing.F) {
	for _, s := range []string{`aws_subnet.private["a"].id`, `data.aws_region.current.name`, `module.net[0].subnet_ids`,
		`var.vpc_id`, `local.x`, `each.value`, `count.index`, `aws_s3_bucket.b["x\"].y"]`, `a[`, `a..b`, `["a"]`, `module`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if steps, ok := parseSteps(s); ok {
			for _, st := range steps {
				if st.name == "" || strings.ContainsAny(st.name, ".[") {
					t.Fatalf("parseSteps(%q): step name %q", s, st.name)
				}
				if st.key != "" && !isKey(st.key) {
					t.Fatalf("parseSteps(%q): key %q is not an index key", s, st.key)
				}
			}
		}
		r, ok := parseRef(s)
		if ok && r.kind == refResource && strings.Count(strings.TrimPrefix(r.base, "data."), ".") < 1 {
			t.Fatalf("parseRef(%q): resource base %q", s, r.base)
		}
	})
}

// FuzzValueRegion checks the region found in a value (an ARN, a service
// name, a zone name): none, or a region name.
func FuzzValueRegion(f *testing.F) {
	for _, s := range []string{"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1", "com.amazonaws.eu-west-1.s3", "ap-northeast-1a",
		"us-west-2-lax-1a", "arn:aws:iam::123456789012:role/r", "arn:", "com.amazonaws.", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r := valueRegion(s); r != "" && !regionPattern.MatchString(r) {
			t.Fatalf("valueRegion(%q) = %q, not a region name", s, r)
		}
	})
}
