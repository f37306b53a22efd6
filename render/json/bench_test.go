package json

import (
	"io"
	"testing"

	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/sim"
)

// large is the benchmark size: 500 VPCs, 5,000 subnets, 5,000
// services (as in package sim's BenchmarkRunLarge).
var large = worldgen.Size{VPCs: 500, SubnetsPerVPC: 10, ServicesPerVPC: 10}

// countingWriter counts what is written to it and keeps nothing.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// BenchmarkWriteLarge writes the report of a generated world of 500 VPCs
// and 5,000 services as JSON to a writer that keeps nothing, so that what
// it measures is Write alone (the report is traced once, before timing).
// Run it with -cpu 1, as the numbers are.
func BenchmarkWriteLarge(b *testing.B) {
	w := worldgen.Generate(large)
	if ds := w.Validate(); ds.HasErrors() {
		b.Fatal(ds)
	}
	r := sim.Run(w)
	var size countingWriter
	if err := Write(&size, r); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size.n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
