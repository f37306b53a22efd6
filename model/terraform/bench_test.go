package terraform

import (
	"path/filepath"
	"testing"
)

// BenchmarkEvaluate300 evaluates a generated root of about 300 resource
// instances (testdata/bench300).
func BenchmarkEvaluate300(b *testing.B) {
	dir := filepath.Join("testdata", "bench300")
	rs, _, diags := Evaluate(dir, Options{})
	if diags.HasErrors() || len(rs) < 300 {
		b.Fatalf("%d instances, diagnostics %v", len(rs), diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(dir, Options{})
	}
}

func TestBench300Root(t *testing.T) {
	rs, _, diags := Evaluate(filepath.Join("testdata", "bench300"), Options{})
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if len(rs) < 300 {
		t.Errorf("%d instances, want at least 300", len(rs))
	}
}

// BenchmarkLoad300 evaluates the same root and maps it with tfmap.Build.
func BenchmarkLoad300(b *testing.B) {
	dir := filepath.Join("testdata", "bench300")
	b.ReportAllocs()
	for b.Loop() {
		Load(dir, Options{})
	}
}
