package proof

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model/load"
)

// formatOf is the name of the format vpctrace finds for the input path.
func formatOf(tb testing.TB, path string) string {
	tb.Helper()
	in, err := load.Open(path, load.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	f, err := load.Detect(in)
	if err != nil {
		tb.Fatal(err)
	}
	return f.Name
}

// TestInput checks the root of each kind of input, whether vpctrace fix
// can write a patch for it, and that Edits refuses the ones it cannot
// with the same message.
func TestInput(t *testing.T) {
	const (
		notSource = "a plan or state file is the output of terraform, not its source: give vpctrace fix the Terraform root directory (with --plan or --state if you like) or the scenario file"
		account   = "an account snapshot shows what the account holds, not the files that made it: make these changes where the network is defined (its Terraform, CloudFormation or CDK, or the console), then collect the snapshot again and trace it"
		snapshot  = "with --plan or --state the plan's values win over the files, so a patch of the files cannot be proven against it: run vpctrace fix on the root alone, then terraform plan again"
	)
	type result struct {
		Root     string
		Writable bool
		Why      string
		EditsErr string
	}
	for _, tc := range []struct {
		name string
		in   Input
		want result
	}{
		{
			name: "a scenario file: its directory is the root",
			in:   Input{Path: testdata("scenarios/dns.yaml"), Format: formatOf(t, testdata("scenarios/dns.yaml"))},
			want: result{Root: testdata("scenarios"), Writable: true},
		},
		{
			name: "a Terraform root directory is the root",
			in:   Input{Path: testdata("terraform/seed"), Format: formatOf(t, testdata("terraform/seed"))},
			want: result{Root: testdata("terraform/seed"), Writable: true},
		},
		{
			name: "a plan JSON file is refused",
			in:   Input{Path: testdata("terraform/seed/plan.json"), Format: formatOf(t, testdata("terraform/seed/plan.json"))},
			want: result{Root: testdata("terraform/seed/plan.json"), Why: notSource, EditsErr: notSource},
		},
		{
			name: "an account snapshot folder is refused: vpctrace does not change an account",
			in:   Input{Path: "snap", Format: "snapshot"},
			want: result{Root: "snap", Why: account, EditsErr: account},
		},
		{
			name: "a Terraform root with --plan is refused",
			in:   Input{Path: testdata("terraform/seed"), Format: "terraform", Options: load.Options{Snapshot: testdata("terraform/seed/plan.json")}},
			want: result{Root: testdata("terraform/seed"), Why: snapshot, EditsErr: snapshot},
		},
		{
			name: "a Terraform root with its plan or state on standard input is refused",
			in:   Input{Path: testdata("terraform/seed"), Format: "terraform", Options: load.Options{Snapshot: "-"}},
			want: result{Root: testdata("terraform/seed"), Why: snapshot, EditsErr: snapshot},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := result{Root: tc.in.Root()}
			got.Writable, got.Why = tc.in.Writable()
			if !got.Writable {
				_, err := Edits(tc.in, nil, nil)
				got.EditsErr = errString(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
