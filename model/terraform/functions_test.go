package terraform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFunctions compares the evaluation of many expressions with the
// values a real `terraform plan` computed for the same configuration
// (testdata/functions/expected.json).
func TestFunctions(t *testing.T) {
	dir := filepath.Join("testdata", "functions")
	rs, _, _ := evaluateClean(t, dir, Options{Region: "eu-west-1"})
	r, ok := byAddress(rs)["terraform_data.f"]
	if !ok {
		t.Fatalf("no terraform_data.f in %v", addresses(rs))
	}
	got := normalizeJSON(t, goValue(r.Values.GetAttr("input")))
	data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("function results differ from Terraform's (-terraform +vpctrace):\n%s", diff)
	}
}

// normalizeJSON round-trips a Go value through JSON.
func normalizeJSON(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFunctionNames(t *testing.T) {
	names := FunctionNames()
	for _, want := range []string{"cidrsubnet", "jsonencode", "templatefile", "try", "can", "yamldecode", "one", "timestamp", "uuid"} {
		if !slices.Contains(names, want) {
			t.Errorf("FunctionNames lacks %s", want)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("FunctionNames is not sorted")
	}
}

// TestUnknownArguments checks functions given values known only after
// apply against a real `terraform plan` of the same configuration
// (testdata/unknown-args/expected.json, "<unknown>" where the plan says
// known after apply): unknown where Terraform does not know the result,
// the value where it does (keys of a map with unknown values, a lookup of
// a known key), and never an error.
func TestUnknownArguments(t *testing.T) {
	dir := filepath.Join("testdata", "unknown-args")
	rs, _, diags := Evaluate(dir, Options{})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags.Errors().Error())
	}
	got := normalizeJSON(t, goValue(byAddress(rs)["terraform_data.f"].Values.GetAttr("input")))
	data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	// Where vpctrace knows more than Terraform's plan, on purpose: try()
	// of an argument that only reads a value returns it when it is known
	// at the top (see tryFunc); the plan says unknown.
	web := map[string]any{"port": float64(80), "host": "<unknown>"}
	objs := map[string]any{"web": web, "api": map[string]any{"port": float64(443), "host": "<unknown>"}}
	for k, v := range map[string]any{"try_partial": objs, "try_partial_index": web} {
		if want[k] != "<unknown>" {
			t.Errorf("expected.json: Terraform now knows %s: %v", k, want[k])
		}
		want[k] = v
	}
	if diff := cmp.Diff(any(want), got); diff != "" {
		t.Errorf("results differ from Terraform's (-terraform +vpctrace):\n%s", diff)
	}
}
