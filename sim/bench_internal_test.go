package sim

import (
	"testing"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model/scenario"
)

// BenchmarkTraceSeed traces every call of the seed workload on a world
// indexed once, clearing the trace memo each time so that every call is
// really traced (issue 17's target: under 25 µs per op). What the index
// decides and describes once per world (ACL and security group checks,
// DNS answers, sentences, the workload's list of calls) stays, as it does
// for the second workload of a Run; BenchmarkSeed measures a simulator
// made anew.
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
