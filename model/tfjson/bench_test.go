package tfjson_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/vpctrace/vpctrace/model/tfjson"
)

// bigPlan returns a plan of copies module calls, each holding the root of
// testdata/terraform/large (403 resource instances), as
// `terraform show -json` writes a root that calls one module many times.
func bigPlan(tb testing.TB, copies int) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "terraform", "large", "plan.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var src map[string]any
	if err := json.Unmarshal(data, &src); err != nil {
		tb.Fatal(err)
	}
	planned := src["planned_values"].(map[string]any)["root_module"].(map[string]any)
	config := src["configuration"].(map[string]any)
	rootConfig := config["root_module"]
	var children []any
	var changes []any
	calls := map[string]any{}
	for i := range copies {
		module := fmt.Sprintf("module.c%d", i)
		var resources []any
		for _, r := range planned["resources"].([]any) {
			resources = append(resources, inModule(r, module))
		}
		children = append(children, map[string]any{"address": module, "resources": resources})
		for _, c := range src["resource_changes"].([]any) {
			changes = append(changes, inModule(c, module))
		}
		calls[fmt.Sprintf("c%d", i)] = map[string]any{"source": "./x", "module": rootConfig}
	}
	src["planned_values"] = map[string]any{"root_module": map[string]any{"child_modules": children}}
	src["resource_changes"] = changes
	config["root_module"] = map[string]any{"module_calls": calls}
	delete(src, "prior_state")
	out, err := json.Marshal(src)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// inModule copies a planned resource or resource change into module.
func inModule(v any, module string) map[string]any {
	m := map[string]any{}
	for k, x := range v.(map[string]any) {
		m[k] = x
	}
	m["address"] = module + "." + m["address"].(string)
	m["module_address"] = module
	return m
}

// BenchmarkReadBigPlan reads a plan of 24 copies of the large root (9,672
// resource instances, 15.7 MB). Issue 11, point 7: a 94,000-instance plan
// must read in under 10 s and 1 GB, so this one in well under a second
// and 100 MB.
func BenchmarkReadBigPlan(b *testing.B) {
	b.ReportAllocs()
	plan := bigPlan(b, 24)
	b.SetBytes(int64(len(plan)))
	b.ResetTimer()
	for range b.N {
		if _, _, diags := tfjson.Read("big.json", plan, tfjson.Options{}); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}

// BenchmarkDecodeHugePlan reads and maps a plan of 233 copies of the large
// root: 93,899 resource instances, 146 MB, the size of issue 11's plan
// (point 7: under 10 s and 1 GB). It generates the plan first, which
// takes a while.
func BenchmarkDecodeHugePlan(b *testing.B) {
	b.ReportAllocs()
	plan := bigPlan(b, 233)
	b.SetBytes(int64(len(plan)))
	b.ResetTimer()
	for range b.N {
		if w, diags := tfjson.Decode("huge.json", plan, tfjson.Options{}); w == nil || diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}
