package terraform

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform/internal/providers"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
)

// stubProvider knows nothing of AWS: it answers every instance from its
// address alone and logs what the evaluator asks, so that a test sees
// what the evaluator does by itself.
type stubProvider struct {
	log []string
}

var _ providers.Provider = (*stubProvider)(nil)

// with returns obj with the attributes of attrs set.
func with(obj cty.Value, attrs map[string]cty.Value) cty.Value {
	vals := obj.AsValueMap()
	if vals == nil {
		vals = map[string]cty.Value{}
	}
	for name, v := range attrs {
		vals[name] = v
	}
	return cty.ObjectVal(vals)
}

// PlanResource gives the instance an id, and the region of its
// configuration when it has one of the provider.
func (p *stubProvider) PlanResource(in providers.Instance) cty.Value {
	p.log = append(p.log, "plan "+in.Address)
	attrs := map[string]cty.Value{"id": cty.StringVal("planned:" + in.Address)}
	if in.Configured {
		attrs["region"] = cty.StringVal(in.Region)
	}
	return with(in.Values, attrs)
}

// ReadDataSource cannot read stub_missing, rejects stub_bad, and reads
// any other data source as its address.
func (p *stubProvider) ReadDataSource(in providers.Instance) providers.Answer {
	p.log = append(p.log, "read "+in.Address)
	switch in.Type {
	case "stub_missing":
		return providers.Answer{Values: in.Values, Note: providers.Note{Severity: model.SeverityInfo, Message: in.Address + " cannot be read"}}
	case "stub_bad":
		return providers.Answer{Values: in.Values, Modelled: true, Note: providers.Note{Severity: model.SeverityError, Message: in.Address + " is wrong"}}
	}
	return providers.Answer{Values: with(in.Values, map[string]cty.Value{"value": cty.StringVal("read:" + in.Address)}), Modelled: true}
}

// Typed marks what it has seen.
func (p *stubProvider) Typed(in providers.Instance) cty.Value {
	return with(in.Values, map[string]cty.Value{"typed": cty.True})
}

// Reads says that stub_lookup looks up stub_net resources.
func (p *stubProvider) Reads(dataType string) []string {
	if dataType == "stub_lookup" {
		return []string{"stub_net"}
	}
	return nil
}

// Record logs the instance.
func (p *stubProvider) Record(r tfmap.Resource) {
	p.log = append(p.log, "record "+r.Address)
}

// TestStubProvider evaluates a root with a provider that knows nothing of
// AWS: the evaluator adds no attribute of its own (no ARN, no default
// route table), passes each instance's provider configuration, reports
// the provider's notes at the data source (and no warning for reading an
// attribute of one the provider does not model), asks for a look-up only
// after the resources it reads (though nothing references them), and
// reads template_file itself.
func TestStubProvider(t *testing.T) {
	dir := writeRoot(t, map[string]string{"main.tf": `provider "aws" {
  region = "eu-west-1"
}
data "stub_lookup" "l" {}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "stub_net" "n" {
  count  = 2
  vpc_id = aws_vpc.main.id
}
resource "stub_host" "h" {
  net_ids = stub_net.n[*].id
  seen    = data.stub_lookup.l.value
}
data "stub_missing" "m" {}
data "stub_bad" "b" {}
output "o" {
  value = data.stub_missing.m.anything
}
data "template_file" "t" {
  template = "$${x}"
  vars     = { x = data.stub_lookup.l.value }
}
`})
	stub := &stubProvider{}
	ev := newEvaluator(dir, Options{})
	ev.provider = stub
	ev.run()
	rs, region, diags := ev.result()

	if region != "eu-west-1" {
		t.Errorf("region = %q, want eu-west-1", region)
	}
	got := map[string]any{}
	for _, r := range rs {
		got[r.Address] = goValue(r.Values)
	}
	want := map[string]any{
		"aws_vpc.main":  map[string]any{"cidr_block": "10.0.0.0/16", "id": "planned:aws_vpc.main", "region": "eu-west-1", "typed": true},
		"stub_net.n[0]": map[string]any{"vpc_id": "planned:aws_vpc.main", "id": "planned:stub_net.n[0]", "typed": true},
		"stub_net.n[1]": map[string]any{"vpc_id": "planned:aws_vpc.main", "id": "planned:stub_net.n[1]", "typed": true},
		"stub_host.h": map[string]any{
			"net_ids": []any{"planned:stub_net.n[0]", "planned:stub_net.n[1]"},
			"seen":    "read:data.stub_lookup.l", "id": "planned:stub_host.h", "typed": true,
		},
		"data.stub_lookup.l":  map[string]any{"value": "read:data.stub_lookup.l", "typed": true},
		"data.stub_missing.m": map[string]any{"anything": unknown, "typed": true},
		"data.stub_bad.b":     map[string]any{"typed": true},
		"data.template_file.t": map[string]any{
			"template": "${x}", "vars": map[string]any{"x": "read:data.stub_lookup.l"},
			"rendered": "read:data.stub_lookup.l", "id": h("read:data.stub_lookup.l", 64), "typed": true,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}

	wantDiags := model.Diagnostics{
		{Severity: model.SeverityInfo, Code: codeDataNotModelled, Message: "data.stub_missing.m cannot be read", Source: pos("main.tf", 16, 1)},
		{Severity: model.SeverityError, Code: codeInvalidValue, Message: "data.stub_bad.b is wrong", Source: pos("main.tf", 17, 1)},
	}
	if diff := cmp.Diff(wantDiags, relDiags(dir, diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}

	// The provider is asked about every instance but template_file, and
	// each is recorded after it is planned or read: the look-up after
	// every stub_net.
	wantLog := []string{
		"plan aws_vpc.main", "record aws_vpc.main",
		"plan stub_net.n[0]", "record stub_net.n[0]", "plan stub_net.n[1]", "record stub_net.n[1]",
		"read data.stub_lookup.l", "record data.stub_lookup.l",
	}
	if len(stub.log) < len(wantLog) {
		t.Fatalf("calls = %q", stub.log)
	}
	if diff := cmp.Diff(wantLog, stub.log[:len(wantLog)]); diff != "" {
		t.Errorf("first calls (-want +got):\n%s", diff)
	}
	for _, call := range stub.log {
		if call == "read data.template_file.t" {
			t.Errorf("the provider was asked to read template_file")
		}
	}
}
