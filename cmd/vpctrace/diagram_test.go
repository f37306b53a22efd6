package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDiagramSeedDOT draws the built-in example as DOT and compares it
// with testdata/diagram/seed.dot (go test -run TestDiagram -update).
func TestDiagramSeedDOT(t *testing.T) {
	out := filepath.Join(t.TempDir(), "seed.dot")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"diagram", "-o", out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "built-in example") {
		t.Errorf("stderr does not say the example is drawn: %q", stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "diagram", "seed.dot")
	if *update {
		if err := os.WriteFile(golden, got, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("DOT differs from %s:\n%s", golden, got)
	}
}

func TestDiagramSVGAndFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "transit.svg")
	var stdout, stderr bytes.Buffer
	code := run([]string{"diagram", "--workload", "spoke-two-az", "--call", "logs", "--placement", "spoke-a-1c",
		filepath.Join("..", "..", "testdata", "scenarios", "transit.yaml"), "-o", out}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d, want %d (the file is written): %s", code, exitOK, stderr.String())
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	text := strings.ReplaceAll(string(svg), "&#45;", "-") // Graphviz writes - as &#45;
	for _, s := range []string{"TGW_NO_ROUTE", "logs", "spoke-a-1c"} {
		if !strings.Contains(text, s) {
			t.Errorf("SVG lacks %q", s)
		}
	}
}

// TestDiagramStatus checks diagram's exit status, the workload it draws
// with no --workload, and the line on stderr that names the file written
// (issue 15, point 13): 0 once the file is written whatever the verdict,
// 1 with --fail-on-error when a workload would not start, 2 for a wrong
// input even though the file is written. Standard output holds only the
// drawing.
func TestDiagramStatus(t *testing.T) {
	dir := t.TempDir()
	transit := filepath.Join("..", "..", "testdata", "scenarios", "transit.yaml")
	hub := filepath.Join("..", "..", "testdata", "terraform", "hub-spoke-tgw")
	bad := filepath.Join(dir, "bad.yaml")
	writeBadPolicy(t, bad)
	for _, tc := range []struct {
		name   string
		args   []string
		status int
		stderr string // the last line of stderr, DIR for the folder
		title  string // the drawing's title, from the DOT written
	}{
		{"the seed starts", []string{"diagram", "-o", "DIR/seed.dot"}, exitOK,
			"vpctrace: wrote DIR/seed.dot: workload app, which starts", "vpctrace: workload app · FARGATE 1.4.0 · starts"},
		{"the seed with --fail-on-error", []string{"diagram", "--fail-on-error", "-o", "DIR/seed.dot"}, exitOK,
			"vpctrace: wrote DIR/seed.dot: workload app, which starts", "vpctrace: workload app · FARGATE 1.4.0 · starts"},
		{"transit: the first workload that would not start", []string{"diagram", "-o", "DIR/t.dot", transit}, exitOK,
			"vpctrace: wrote DIR/t.dot: workload spoke-two-az, which would not start", "vpctrace: workload spoke-two-az · FARGATE 1.4.0 · does not start (ecr-auth)"},
		{"transit with --fail-on-error", []string{"diagram", "--fail-on-error", "-o", "DIR/t.dot", transit}, exitNoStart,
			"vpctrace: wrote DIR/t.dot: workload spoke-two-az, which would not start", "vpctrace: workload spoke-two-az · FARGATE 1.4.0 · does not start (ecr-auth)"},
		{"transit, a workload that starts, with --fail-on-error", []string{"diagram", "--fail-on-error", "--workload", "spoke", "-o", "DIR/t.dot", transit}, exitNoStart,
			"vpctrace: wrote DIR/t.dot: workload spoke, which starts", "vpctrace: workload spoke · FARGATE 1.4.0 · starts"},
		{"hub and spoke: payments, the second workload", []string{"diagram", "-o", "DIR/hub.dot", hub}, exitOK,
			"vpctrace: wrote DIR/hub.dot: workload payments, which would not start", "vpctrace: workload payments · FARGATE 1.4.0 · does not start (parameter)"},
		{"hub and spoke, path only", []string{"diagram", "--path-only", "--workload", "orders", "-o", "DIR/hub.dot", hub}, exitOK,
			"vpctrace: wrote DIR/hub.dot: workload orders, which starts", "vpctrace: workload orders · FARGATE 1.4.0 · starts · path only"},
		{"an input with an error", []string{"diagram", "-o", "DIR/bad.dot", bad}, exitBadInput,
			"vpctrace: wrote DIR/bad.dot: workload app, whose start cannot be told", "vpctrace: workload app · FARGATE 1.4.0 · cannot be told (ecr-auth)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "DIR", dir)
			}
			var stdout, stderr bytes.Buffer
			status := run(args, &stdout, &stderr)
			lines := strings.Split(strings.TrimSuffix(strings.ReplaceAll(stderr.String(), dir, "DIR"), "\n"), "\n")
			got := struct {
				Status       int
				Stdout, Last string
				Title        string
			}{status, stdout.String(), lines[len(lines)-1], dotTitle(t, args)}
			want := got
			want.Status, want.Stdout, want.Last, want.Title = tc.status, "", tc.stderr, tc.title
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("-want +got:\n%s\nstderr:\n%s", diff, stderr.String())
			}
		})
	}
}

// dotTitle is the first line of the title of the DOT file that args wrote.
func dotTitle(t *testing.T, args []string) string {
	t.Helper()
	var out string
	for i, a := range args {
		if a == "-o" {
			out = args[i+1]
		}
	}
	dot, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	_, label, ok := strings.Cut(string(dot), "labeljust=l, label=\"")
	if !ok {
		t.Fatalf("%s has no title", out)
	}
	title, _, _ := strings.Cut(label, `\l`)
	return title
}

// writeBadPolicy writes the seed with an endpoint policy that is not a
// policy document: an input error that still gives a world to draw.
func writeBadPolicy(t *testing.T, path string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "example", "seed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const after = "    service: ecr.api\n    type: interface\n"
	text := strings.Replace(string(src), after, after+"    policy: '{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}'\n", 1)
	if text == string(src) {
		t.Fatal("the seed has no ecr.api endpoint to add a policy to")
	}
	if err := os.WriteFile(path, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
}

// TestDiagramStdout checks that -o - writes the drawing alone to standard
// output and says so on stderr.
func TestDiagramStdout(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"diagram", "--format", "dot", "-o", "-"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !bytes.HasPrefix(stdout.Bytes(), []byte("digraph vpctrace {\n")) || !bytes.HasSuffix(stdout.Bytes(), []byte("}\n")) {
		t.Errorf("stdout is not the DOT alone: %.60q...", stdout.String())
	}
	if want := "vpctrace: wrote the diagram to standard output: workload app, which starts\n"; !strings.HasSuffix(stderr.String(), want) {
		t.Errorf("stderr %q does not end with %q", stderr.String(), want)
	}
}

func TestDiagramBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"diagram"}, "needs -o FILE"},
		{[]string{"diagram", "-o", filepath.Join(dir, "x.pdf")}, `unknown extension ".pdf"`},
		{[]string{"diagram", "-o", "-"}, "give --format"},
		{[]string{"diagram", "--format", "gif", "-o", filepath.Join(dir, "x")}, `unknown format "gif"`},
		{[]string{"diagram", "--workload", "nope", "-o", filepath.Join(dir, "x.svg")}, `no workload "nope"`},
		{[]string{"diagram", "--call", "efs", "-o", filepath.Join(dir, "x.svg")}, `makes no "efs" call`},
		{[]string{"diagram", "--placement", "zz", "-o", filepath.Join(dir, "x.svg")}, `no placement in subnet "zz"`},
		{[]string{"diagram", "-o", filepath.Join(dir, "x.svg"), "a.yaml", "b.yaml"}, "one PATH"},
		{[]string{"diagram", "-o", filepath.Join(dir, "x.svg"), filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
		{[]string{"diagram", "--bogus"}, "vpctrace diagram: unknown flag --bogus\nrun 'vpctrace help diagram' for usage\n"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != exitBadInput {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitBadInput)
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: stderr %q does not contain %q", tc.args, stderr.String(), tc.want)
		}
	}
}
