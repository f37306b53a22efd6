package sim

import (
	"testing"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model/scenario"
)

// BenchmarkTraceSeed traces every call of the seed workload on a world
// indexed once, clearing the trace memo each time so that every call is
// really traced (target: under 50 µs per op).
func BenchmarkTraceSeed(b *testing.B) {
	w, diags := scenario.Decode(example.SeedFile, example.Seed)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	s := New(w)
	b.ReportAllocs()
	for b.Loop() {
		clear(s.ix.traces)
		if res, ok := s.Trace("app"); !ok || !res.Starts || len(res.Calls) != 6 {
			b.Fatal("seed workload does not start")
		}
	}
}
