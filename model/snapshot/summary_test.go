package snapshot

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// TestMissingSummary: one warning per command the unknowns wait on, in
// the order of the first, counting them (aws-rules 11.1.4); unknowns of
// another kind (a Terraform value known only after apply) are not
// counted.
func TestMissingSummary(t *testing.T) {
	at := func(line int) model.Pos { return model.Pos{File: "snap/x.json", Line: line, Column: 1} }
	w := &model.World{Unknowns: []model.Unknown{
		{ID: "sg-1", Kind: model.KindSecurityGroup, Field: "ingress", Source: at(3), Fix: "add the output of aws ec2 describe-security-groups --group-ids sg-1 to the snapshot folder"},
		{ID: "vpc-1", Kind: model.KindVPC, Field: "enable_dns_support", Source: at(5), Fix: "add the output of aws ec2 describe-vpc-attribute --vpc-id vpc-1 --attribute enableDnsSupport to the snapshot folder"},
		{ID: "sg-2", Kind: model.KindSecurityGroup, Field: "egress", Source: at(7), Fix: "add the output of aws ec2 describe-security-groups --group-ids sg-2 to the snapshot folder"},
		{ID: "x", Kind: model.KindEndpoint, Field: "service_name", Why: "known only after apply"},
	}}
	want := model.Diagnostics{
		{Severity: model.SeverityWarning, Code: CodeMissing, Source: at(3),
			Message: "2 settings are unknown for want of aws ec2 describe-security-groups output (the first: ingress of security group sg-1); add the output of aws ec2 describe-security-groups --group-ids sg-1 to the snapshot folder"},
		{Severity: model.SeverityWarning, Code: CodeMissing, Source: at(5),
			Message: "1 setting is unknown for want of aws ec2 describe-vpc-attribute output (the first: enable_dns_support of vpc vpc-1); add the output of aws ec2 describe-vpc-attribute --vpc-id vpc-1 --attribute enableDnsSupport to the snapshot folder"},
	}
	if diff := cmp.Diff(want, MissingSummary(w)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if MissingSummary(nil) != nil {
		t.Error("a nil world has warnings")
	}
}
