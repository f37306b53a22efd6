package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/render/tui"
)

// stubTUI replaces the interactive program for a test and records the
// model it was given.
func stubTUI(t *testing.T) *[]tui.Model {
	t.Helper()
	var got []tui.Model
	old := runTUIProgram
	runTUIProgram = func(m tui.Model) error { got = append(got, m); return nil }
	t.Cleanup(func() { runTUIProgram = old })
	return &got
}

func TestTUIBuiltInExample(t *testing.T) {
	got := stubTUI(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"tui"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if len(*got) != 1 {
		t.Fatalf("the program ran %d times, want 1", len(*got))
	}
	if r := (*got)[0].Report(); len(r.Workloads) != 1 || r.Workloads[0].Name != "app" {
		t.Errorf("the TUI got %+v, want the seed's app workload", r.Workloads)
	}
	if v := (*got)[0].View(); !strings.Contains(v, "example/seed.yaml") {
		t.Errorf("the view does not name the example:\n%s", v)
	}
}

func TestTUIScenarioFile(t *testing.T) {
	got := stubTUI(t)
	var stdout, stderr bytes.Buffer
	path := filepath.Join("..", "..", "example", "seed.yaml")
	if code := run([]string{"tui", path}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if len(*got) != 1 {
		t.Fatalf("the program ran %d times, want 1", len(*got))
	}
}

func TestTUIBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("vpcs: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"tui", filepath.Join(dir, "missing.yaml")},
		{"tui", bad},
		{"tui", filepath.Join(dir, "x.txt")},
		{"tui", "a.yaml", "b.yaml"},
		{"tui", "--no-such-flag"},
	} {
		got := stubTUI(t)
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitBadInput {
			t.Errorf("%v: exit %d, want %d", args, code, exitBadInput)
		}
		if stderr.Len() == 0 {
			t.Errorf("%v: no message on stderr", args)
		}
		if len(*got) != 0 {
			t.Errorf("%v: the program ran on bad input", args)
		}
	}
}

func TestTUIHelpFlag(t *testing.T) {
	stubTUI(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"tui", "-h"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stdout.String(), "Usage: vpctrace tui") || !strings.Contains(stdout.String(), "scenario YAML") || stderr.Len() > 0 {
		t.Errorf("stdout = %q, stderr = %q", stdout.String(), stderr.String())
	}
}

// TestWarningsPrinted checks that diagram and tui print the input's
// warnings, as trace prints them in its report: a root whose endpoint
// service name is known only after apply.
func TestWarningsPrinted(t *testing.T) {
	stubTUI(t)
	swap(t, &environ, func() []string { return nil })
	root := filepath.Join("..", "..", "testdata", "terraform", "endpoint-service-unknown")
	want := root + "/main.tf:132:3: warning: service_name of aws_vpc_endpoint.shared is not determined"
	for _, tc := range []struct {
		args  []string
		lines int // the warning, and diagram's line that names its file
	}{
		{[]string{"diagram", "-o", filepath.Join(t.TempDir(), "x.svg"), root}, 2},
		{[]string{"tui", root}, 1},
	} {
		args := tc.args
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitOK {
			t.Errorf("%v: exit %d, want %d; stderr %q", args, code, exitOK, stderr.String())
		}
		if !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != tc.lines {
			t.Errorf("%v: stderr %q, want the one warning %q...", args, stderr.String(), want)
		}
	}
}
