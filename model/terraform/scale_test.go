package terraform

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// sgRoot is a root of n security groups in one VPC, each allowing
// ingress from the one before it, as a generated root may.
func sgRoot(n int) string {
	var b strings.Builder
	b.WriteString(provider + `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
`)
	for i := range n {
		peer := ""
		if i > 0 {
			peer = fmt.Sprintf("\n    security_groups = [aws_security_group.sg%d.id]", i-1)
		}
		fmt.Fprintf(&b, `resource "aws_security_group" "sg%d" {
  name   = "sg%d"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"%s
  }
}
`, i, i, peer)
	}
	return b.String()
}

// localsRoot is a root of n local values, each computed from the one
// before it.
func localsRoot(n int) string {
	var b strings.Builder
	b.WriteString(provider + "locals {\n  l0 = 0\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  l%d = local.l%d + 1\n", i, i-1)
	}
	b.WriteString("}\n")
	return b.String()
}

// BenchmarkSecurityGroups8000 evaluates a generated root of 8,000
// security groups: evaluation is linear in the number of blocks of one
// kind (issue 11, point 4: it took 32 s).
func BenchmarkSecurityGroups8000(b *testing.B) {
	b.ReportAllocs()
	benchRoot(b, sgRoot(8000), 8001)
}

// BenchmarkLocals25000 evaluates a generated root of 25,000 local values
// (issue 11, point 4: it took 300 s).
func BenchmarkLocals25000(b *testing.B) {
	b.ReportAllocs()
	benchRoot(b, localsRoot(25000), 0)
}

func benchRoot(b *testing.B, src string, instances int) {
	dir := writeRoot(b, map[string]string{"main.tf": src})
	b.ReportAllocs()
	for b.Loop() {
		rs, _, diags := Evaluate(dir, Options{})
		if diags.HasErrors() || len(rs) != instances {
			b.Fatalf("%d instances, diagnostics %v", len(rs), diags.Errors())
		}
	}
}

// TestEvaluationIsLinear checks that the work of evaluating a root grows
// linearly with the number of blocks of one kind, by the bytes allocated
// (not by time): four times the blocks may cost at most six times the
// bytes. Evaluation rebuilt the values of every declaration of a kind
// each time one was read (issue 11, point 4).
func TestEvaluationIsLinear(t *testing.T) {
	tests := []struct {
		name string
		root func(n int) string
	}{
		{"security groups, each referencing the one before", sgRoot},
		{"local values, each computed from the one before", localsRoot},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			small := allocated(t, tt.root(500))
			large := allocated(t, tt.root(2000))
			if ratio := float64(large) / float64(small); ratio > 6 {
				t.Errorf("4 times the blocks allocate %.1f times the bytes (%d, then %d), want at most 6", ratio, small, large)
			}
		})
	}
}

// allocated returns the bytes that evaluating a root of one file
// allocates.
func allocated(t *testing.T, src string) uint64 {
	dir := writeRoot(t, map[string]string{"main.tf": src})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, diags := Evaluate(dir, Options{})
	runtime.ReadMemStats(&after)
	if diags.HasErrors() {
		t.Fatalf("diagnostics: %v", diags.Errors())
	}
	return after.TotalAlloc - before.TotalAlloc
}
