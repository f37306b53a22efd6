package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if code != exitNoStart {
		t.Fatalf("exit %d, want %d (the workload does not start): %s", code, exitNoStart, stderr.String())
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
	stdout.Reset()
	if code := run([]string{"diagram", "--format", "dot", "-o", "-"}, &stdout, &stderr); code != exitOK || !bytes.HasPrefix(stdout.Bytes(), []byte("digraph")) {
		t.Errorf("--format dot -o -: exit %d, output %.40q", code, stdout.String())
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
