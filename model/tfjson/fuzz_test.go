package tfjson_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

// FuzzRead feeds arbitrary bytes to Read. Read must not panic (it would
// report CodeInternal), must be deterministic, must place every diagnostic
// in the file, must return sorted, unique, object-valued resources, and
// must return none when the input is not a plan or state. The corpus is
// in testdata/fuzz/FuzzRead; the fixtures are added here.
func FuzzRead(f *testing.F) {
	for _, file := range []string{planFixture, stateFixture, modulesFixture} {
		f.Add(readFile(f, file))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "f.json"
		rs, region, diags := tfjson.Read(name, data, tfjson.Options{})
		rs2, region2, diags2 := tfjson.Read(name, data, tfjson.Options{})
		if diff := cmp.Diff(rs, rs2, ctyEqual); diff != "" || region != region2 || !slices.Equal(diags, diags2) {
			t.Fatalf("not deterministic: %s", diff)
		}
		checkDiagnostics(t, name, data, diags)
		checkResources(t, rs)
		if !tfjson.Detect(data) && !diags.HasErrors() {
			t.Fatalf("Detect is false but Read reports no error")
		}
		for _, d := range diags.Errors() {
			if d.Code != tfjson.CodeNoRegion && len(rs) > 0 {
				t.Fatalf("resources despite %v", d)
			}
		}
	})
}

func checkDiagnostics(t *testing.T, name string, data []byte, diags model.Diagnostics) {
	t.Helper()
	lines := strings.Count(string(data), "\n") + 1
	for _, d := range diags {
		if d.Code == tfjson.CodeInternal {
			t.Fatalf("panic: %v", d)
		}
		if d.Source.File != name || d.Source.Line < 0 || d.Source.Line > lines || d.Source.Column < 0 {
			t.Fatalf("diagnostic outside the file: %v", d)
		}
	}
}

func checkResources(t *testing.T, rs []tfmap.Resource) {
	t.Helper()
	for i, r := range rs {
		if i > 0 && rs[i-1].Address >= r.Address {
			t.Fatalf("resources out of order: %q before %q", rs[i-1].Address, r.Address)
		}
		if !r.Values.Type().IsObjectType() || !r.Values.IsKnown() || r.Values.IsNull() {
			t.Fatalf("%s: values %#v are not a known object", r.Address, r.Values)
		}
	}
}
