package sim_test

import (
	"fmt"
	"testing"

	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// large is the benchmark size: 500 VPCs, 5,000 subnets, 5,000 services.
var large = worldgen.Size{VPCs: 500, SubnetsPerVPC: 10, ServicesPerVPC: 10}

func generated(b *testing.B, size worldgen.Size) *model.World {
	b.Helper()
	w := worldgen.Generate(size)
	if diags := w.Validate(); diags.HasErrors() {
		b.Fatal(diags)
	}
	return w
}

// BenchmarkRunLarge traces every call of every service of a generated
// world of 500 VPCs, 5,000 subnets and 5,000 services, indexing included.
// Target (issue 17): under 0.6 s and 200 MB per op on one core (go test
// -bench RunLarge -benchmem -cpu 1).
func BenchmarkRunLarge(b *testing.B) {
	w := generated(b, large)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := sim.Run(w)
		if len(r.Workloads) != 5000 {
			b.Fatalf("%d workloads", len(r.Workloads))
		}
	}
}

// BenchmarkRunScale is BenchmarkRunLarge at 500, 1,000 and 2,000 VPCs of
// the same shape, to show how the run grows with the world: the growth
// exponent is log(t2000/t1000)/log 2 (target: at most 1.05). The 2,000-VPC
// op is heavy: run it with -benchtime 1x or 2x.
func BenchmarkRunScale(b *testing.B) {
	for _, vpcs := range []int{500, 1000, 2000} {
		size := large
		size.VPCs = vpcs
		b.Run(fmt.Sprintf("vpcs=%d", vpcs), func(b *testing.B) {
			w := generated(b, size)
			want := vpcs * size.ServicesPerVPC
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if r := sim.Run(w); len(r.Workloads) != want {
					b.Fatalf("%d workloads, want %d", len(r.Workloads), want)
				}
			}
		})
	}
}

// BenchmarkSeed traces every call of the seed article's workload on an
// indexed world (target: under 50 µs). A new Simulator per iteration so
// that nothing is memoized between runs.
func BenchmarkSeed(b *testing.B) {
	w := loadSeed(b)
	b.ReportAllocs()
	for b.Loop() {
		if res, ok := sim.New(w).Trace("app"); !ok || !res.Starts {
			b.Fatal("seed workload does not start")
		}
	}
}
