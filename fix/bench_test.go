package fix_test

import (
	"fmt"
	"testing"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
)

// brokenWorld is a generated world of vpcs VPCs in which every VPC that
// egresses through endpoints has the private DNS of its Secrets Manager
// endpoint off, and every fourth VPC's task group has lost its egress
// rules: a third of the workloads fail one way or the other, each with a
// fix of its own.
func brokenWorld(vpcs int) *model.World {
	w := worldgen.Generate(worldgen.Size{VPCs: vpcs, SubnetsPerVPC: 3, ServicesPerVPC: 2})
	for i := range w.Endpoints {
		if e := &w.Endpoints[i]; e.Type == model.EndpointInterface && e.ServiceName == "com.amazonaws.ap-northeast-1.secretsmanager" {
			e.PrivateDNS = false
		}
	}
	for v := 0; v < vpcs; v += 4 {
		for i := range w.SecurityGroups {
			if g := &w.SecurityGroups[i]; g.ID == fmt.Sprintf("app-%d", v) {
				g.Egress = nil
			}
		}
	}
	return w
}

// BenchmarkFind measures the search on a world of 60 VPCs and 120
// services, about 40 of which would not start. Goal: under 2 s, so that
// fix answers a large account in the time a trace takes to read.
func BenchmarkFind(b *testing.B) {
	b.ReportAllocs()
	w := brokenWorld(60)
	if ds := w.Validate(); ds.HasErrors() {
		b.Fatal(ds.Errors())
	}
	res := fix.Find(w)
	if len(res.Failing) < 30 || !res.Plans[0].Works() {
		b.Fatalf("the broken world has %d failing workloads and plan works %v", len(res.Failing), res.Plans[0].Works())
	}
	b.ResetTimer()
	for b.Loop() {
		fix.Find(w)
	}
}
