package terraform

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// TestKeepLayout: a patched block keeps the author's layout where the
// patch does not change it, and new lines take the author's indent, so a
// patch to a block not written as terraform fmt would shows only the
// change.
func TestKeepLayout(t *testing.T) {
	appendIngress := func(b *hclwrite.Body) {
		b.AppendNewline()
		in := b.AppendNewBlock("ingress", nil).Body()
		in.SetAttributeValue("from_port", cty.NumberIntVal(443))
		in.SetAttributeValue("protocol", cty.StringVal("tcp"))
	}
	tests := []struct {
		name string
		orig string
		edit func(*hclwrite.Body)
		want string
	}{{
		name: "a block as terraform fmt writes it comes back formatted",
		orig: "resource \"aws_security_group\" \"a\" {\n  name = \"a\"\n}",
		edit: appendIngress,
		want: "resource \"aws_security_group\" \"a\" {\n  name = \"a\"\n\n  ingress {\n    from_port = 443\n    protocol  = \"tcp\"\n  }\n}",
	}, {
		name: "four-space indent: the old lines as written, the new block indented by four",
		orig: "resource \"aws_security_group\" \"a\" {\n    name   = \"a\"\n    vpc_id = \"v\"\n}",
		edit: appendIngress,
		want: "resource \"aws_security_group\" \"a\" {\n    name   = \"a\"\n    vpc_id = \"v\"\n\n    ingress {\n        from_port = 443\n        protocol  = \"tcp\"\n    }\n}",
	}, {
		name: "tab indent and unaligned equals signs stay; a changed value is the only changed line",
		orig: "resource \"aws_vpc_endpoint\" \"e\" {\n\tservice_name = \"s\"\n\tprivate_dns_enabled = false\n}",
		edit: func(b *hclwrite.Body) { b.SetAttributeValue("private_dns_enabled", cty.True) },
		want: "resource \"aws_vpc_endpoint\" \"e\" {\n\tservice_name = \"s\"\n\tprivate_dns_enabled = true\n}",
	}, {
		name: "a new attribute that realigns its neighbours when formatted leaves them as written",
		orig: "resource \"aws_vpc\" \"v\" {\n    cidr_block = \"10.0.0.0/16\"\n}",
		edit: func(b *hclwrite.Body) { b.SetAttributeValue("enable_dns_hostnames", cty.True) },
		want: "resource \"aws_vpc\" \"v\" {\n    cidr_block = \"10.0.0.0/16\"\n    enable_dns_hostnames = true\n}",
	}, {
		name: "CRLF line endings stay CRLF",
		orig: "resource \"aws_vpc\" \"v\" {\r\n    cidr_block = \"10.0.0.0/16\"\r\n}",
		edit: func(b *hclwrite.Body) { b.SetAttributeValue("enable_dns_support", cty.True) },
		want: "resource \"aws_vpc\" \"v\" {\r\n    cidr_block = \"10.0.0.0/16\"\r\n    enable_dns_support = true\r\n}",
	}, {
		name: "a block with a heredoc keeps terraform fmt's indent for new lines",
		orig: "resource \"aws_vpc_endpoint\" \"e\" {\n    policy = <<EOT\n{}\nEOT\n}",
		edit: func(b *hclwrite.Body) { b.SetAttributeValue("private_dns_enabled", cty.True) },
		want: "resource \"aws_vpc_endpoint\" \"e\" {\n    policy = <<EOT\n{}\nEOT\n  private_dns_enabled = true\n}",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, diags := hclwrite.ParseConfig([]byte(tt.orig), "t.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			b := f.Body().Blocks()[0]
			tt.edit(b.Body())
			got := string(keepLayout([]byte(tt.orig), formatBlock(b)))
			if diff := cmp.Diff(strings.Split(tt.want, "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
