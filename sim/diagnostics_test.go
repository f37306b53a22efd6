package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestTraceDiagnostics checks the diagnostics the engine adds while it
// traces the seed with one setting changed, compared as whole lists of
// (severity, code).
func TestTraceDiagnostics(t *testing.T) {
	type diag struct {
		Severity model.Severity
		Code     string
	}
	tests := []struct {
		name   string
		mutate func(w *model.World)
		want   []diag
	}{
		{"the seed has none", func(*model.World) {}, nil},
		{
			name:   "1.3.2 awslogs-region that is not a region code",
			mutate: func(w *model.World) { w.TaskDefinitions[0].Containers[0].LogOptions["awslogs-region"] = "tokyo" },
			want:   []diag{{model.SeverityError, "awslogs-region-invalid"}},
		},
		{
			name:   "1.3.2 awslogs-region missing: traced in the task region with a warning",
			mutate: func(w *model.World) { delete(w.TaskDefinitions[0].Containers[0].LogOptions, "awslogs-region") },
			want:   []diag{{model.SeverityWarning, "awslogs-region-missing"}},
		},
		{
			// Every one of the five interface endpoints is refused.
			name:   "3.7.1 private DNS in a VPC without DNS hostnames",
			mutate: func(w *model.World) { w.VPCs[0].EnableDNSHostnames = false },
			want: []diag{
				{model.SeverityError, "private-dns-needs-vpc-dns"}, {model.SeverityError, "private-dns-needs-vpc-dns"},
				{model.SeverityError, "private-dns-needs-vpc-dns"}, {model.SeverityError, "private-dns-needs-vpc-dns"},
				{model.SeverityError, "private-dns-needs-vpc-dns"},
			},
		},
		{
			name:   "1.2.7 Windows images may have foreign layers",
			mutate: func(w *model.World) { w.TaskDefinitions[0].OperatingSystemFamily = "WINDOWS_SERVER_2022_CORE" },
			want:   []diag{{model.SeverityWarning, "windows-foreign-layers"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadSeed(t)
			tt.mutate(w)
			var got []diag
			for _, d := range sim.Run(w).Diagnostics {
				got = append(got, diag{d.Severity, d.Code})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}
