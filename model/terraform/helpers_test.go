package terraform

import (
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
)

// unknown stands for a cty unknown value in expected Go values.
const unknown = "<unknown>"

// goValue converts a cty value to plain Go values for comparison: null is
// nil, numbers are float64 (or int64 when whole), sets lists, unknowns
// the string "<unknown>".
func goValue(v cty.Value) any {
	switch {
	case v == cty.NilVal || !v.IsKnown():
		return unknown
	case v.IsNull():
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString()
	case ty == cty.Bool:
		return v.True()
	case ty == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			if n, acc := bf.Int64(); acc == big.Exact {
				return n
			}
		}
		f, _ := bf.Float64()
		return f
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := []any{}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, goValue(e))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = goValue(e)
		}
		return out
	}
	return "<" + ty.FriendlyName() + ">"
}

// writeRoot writes files (name -> content) into a new temporary root.
func writeRoot(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// relDiags makes diagnostic file names relative to dir.
func relDiags(dir string, diags model.Diagnostics) model.Diagnostics {
	if len(diags) == 0 {
		return nil
	}
	out := make(model.Diagnostics, len(diags))
	for i, d := range diags {
		d.Source.File = strings.TrimPrefix(d.Source.File, dir+string(filepath.Separator))
		d.Message = strings.ReplaceAll(d.Message, dir+string(filepath.Separator), "")
		d.Message = strings.ReplaceAll(d.Message, dir, "ROOT")
		out[i] = d
	}
	return out
}

// byAddress indexes resources by address.
func byAddress(rs []tfmap.Resource) map[string]tfmap.Resource {
	out := map[string]tfmap.Resource{}
	for _, r := range rs {
		out[r.Address] = r
	}
	return out
}

// addresses lists the resources' addresses in order.
func addresses(rs []tfmap.Resource) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Address)
	}
	return out
}

// attrs picks attributes of a resource's values as Go values.
func attrs(r tfmap.Resource, names ...string) map[string]any {
	out := map[string]any{}
	for _, n := range names {
		if r.Values.Type().IsObjectType() && r.Values.Type().HasAttribute(n) {
			out[n] = goValue(r.Values.GetAttr(n))
		} else {
			out[n] = "<absent>"
		}
	}
	return out
}

// checkAttrs compares the attributes named in want of one resource.
func checkAttrs(t *testing.T, by map[string]tfmap.Resource, addr string, want map[string]any) {
	t.Helper()
	r, ok := by[addr]
	if !ok {
		t.Errorf("no instance %s", addr)
		return
	}
	names := make([]string, 0, len(want))
	for k := range want {
		names = append(names, k)
	}
	if diff := cmp.Diff(want, attrs(r, names...)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", addr, diff)
	}
}

// pos is a position in a test root.
func pos(file string, line, col int) model.Pos {
	return model.Pos{File: file, Line: line, Column: col}
}

// evaluateClean evaluates a root and fails on any error diagnostic.
func evaluateClean(t *testing.T, dir string, opts Options) ([]tfmap.Resource, string, model.Diagnostics) {
	t.Helper()
	rs, region, diags := Evaluate(dir, opts)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%v", diags)
	}
	return rs, region, diags
}
