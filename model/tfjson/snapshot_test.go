package tfjson_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/model/tfjson"
)

// TestSnapshot reads the fixtures' plan and state unmapped: "known after
// apply" stays unknown whether or not the configuration sets it (Read
// makes the unconfigured ones null), and each instance is split into its
// module, resource and key.
func TestSnapshot(t *testing.T) {
	plan, diags := tfjson.ReadSnapshot(planFixture, readFile(t, planFixture))
	if plan == nil || len(diags) > 0 {
		t.Fatalf("ReadSnapshot(plan): %v", diags)
	}
	if plan.Kind != "plan" || plan.Region != "ap-northeast-1" {
		t.Errorf("Kind, Region = %q, %q; want plan, ap-northeast-1", plan.Kind, plan.Region)
	}
	ep := plan.Instances[`module.endpoints.aws_vpc_endpoint.this["ecr.api"]`]
	wantEP := tfjson.Instance{
		Address:  `module.endpoints.aws_vpc_endpoint.this["ecr.api"]`,
		Module:   "module.endpoints",
		Resource: "module.endpoints.aws_vpc_endpoint.this",
		Key:      `["ecr.api"]`,
		Mode:     "managed",
		Type:     "aws_vpc_endpoint",
		Pos:      ep.Pos,
		Created:  true, // the plan creates every instance of plan-basic
	}
	got := ep
	got.Values = cty.NilVal
	if diff := cmp.Diff(wantEP, got, ctyEqual); diff != "" {
		t.Errorf("instance (-want +got):\n%s", diff)
	}
	// policy: computed, not configured, unknown in the plan.
	for attr, known := range map[string]bool{"id": false, "policy": false, "service_name": true, "private_dns_enabled": true} {
		if ep.Values.GetAttr(attr).IsKnown() != known {
			t.Errorf("%s: known = %v, want %v", attr, !known, known)
		}
	}
	if ep.Pos.File != planFixture || ep.Pos.Line < 1 {
		t.Errorf("Pos = %v", ep.Pos)
	}
	if plan.Variables != nil {
		t.Errorf("Variables = %v; the root declares none", plan.Variables)
	}
	modules, _ := tfjson.ReadSnapshot(modulesFixture, readFile(t, modulesFixture))
	if v := modules.Variables["region"]; !v.Value.RawEquals(cty.StringVal("eu-west-1")) || v.Pos.File != modulesFixture {
		t.Errorf("Variables[region] = %#v", v)
	}

	state, diags := tfjson.ReadSnapshot(stateFixture, readFile(t, stateFixture))
	if state == nil || len(diags) > 0 {
		t.Fatalf("ReadSnapshot(state): %v", diags)
	}
	if state.Kind != "state" || state.Variables != nil || state.Region != "ap-northeast-1" {
		t.Errorf("Kind, Variables, Region = %q, %v, %q", state.Kind, state.Variables, state.Region)
	}
	for _, in := range state.Sorted() {
		if !in.Values.IsWhollyKnown() {
			t.Errorf("%s: a state knows every value", in.Address)
		}
	}
}

// FuzzReadSnapshot feeds arbitrary bytes to ReadSnapshot: no panic, the
// same answer twice, diagnostics inside the file, a snapshot exactly when
// there is no error, and every instance's parts consistent with its
// address.
func FuzzReadSnapshot(f *testing.F) {
	for _, file := range []string{planFixture, stateFixture, modulesFixture} {
		f.Add(readFile(f, file))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "f.json"
		s, diags := tfjson.ReadSnapshot(name, data)
		s2, diags2 := tfjson.ReadSnapshot(name, data)
		if !slices.Equal(diags, diags2) || (s == nil) != (s2 == nil) {
			t.Fatalf("not deterministic")
		}
		checkDiagnostics(t, name, data, diags)
		if (s == nil) != diags.HasErrors() {
			t.Fatalf("snapshot %v with diagnostics %v", s != nil, diags)
		}
		if s == nil {
			return
		}
		if !slices.EqualFunc(s.Sorted(), s2.Sorted(), func(a, b tfjson.Instance) bool {
			return a.Address == b.Address && a.Values.RawEquals(b.Values) && a.Pos == b.Pos
		}) {
			t.Fatalf("instances not deterministic")
		}
		for addr, in := range s.Instances {
			if in.Address != addr || in.Resource+in.Key != addr || !strings.HasPrefix(addr, in.Module) {
				t.Fatalf("instance %q: parts %+v", addr, in)
			}
			if in.Values == cty.NilVal || !in.Values.Type().IsObjectType() {
				t.Fatalf("%s: values %#v are not an object", addr, in.Values)
			}
		}
	})
}
