package tui

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/render/diagram/graphviz"
	"github.com/vpctrace/vpctrace/sim"
)

func exportModel(t *testing.T, dir string) Model {
	t.Helper()
	return New(seed(t), Options{Name: example.SeedFile, OutDir: dir, Draw: graphviz.Render, Renderer: lipgloss.NewRenderer(io.Discard)})
}

// exportNow presses k, runs the export command it returns (as the
// program would, off the update loop) and gives the message to the model.
func exportNow(t *testing.T, m Model, k string) Model {
	t.Helper()
	next, cmd := m.Update(keys(k)[0])
	if cmd == nil {
		t.Fatalf("%s returned no command: %s", k, next.(Model).status)
	}
	msg := cmd()
	if _, ok := msg.(exportedMsg); !ok {
		t.Fatalf("%s: the command returned %T", k, msg)
	}
	next, _ = next.Update(msg)
	return next.(Model)
}

// wellFormed checks that data is well-formed XML.
func wellFormed(t *testing.T, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
	}
}

// e writes the diagram of the selected call; a second e never replaces
// the first file.
func TestExportSVG(t *testing.T) {
	dir := t.TempDir()
	m := press(resize(exportModel(t, dir), 80, 24), "jjjj") // the secret call
	m = exportNow(t, m, "e")
	want := filepath.Join(dir, "vpctrace-app-secret.svg")
	if !strings.Contains(m.status, "wrote diagram "+want) {
		t.Errorf("status %q, want it to name %s", m.status, want)
	}
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, data)
	if !bytes.Contains(data, []byte("<svg")) || !bytes.Contains(data, []byte("secret")) {
		t.Error("the file is not a diagram of the secret call")
	}
	m = exportNow(t, m, "e")
	if _, err := os.Stat(filepath.Join(dir, "vpctrace-app-secret-1.svg")); err != nil || !strings.Contains(m.status, "-1.svg") {
		t.Errorf("the second export: %v, status %q", err, m.status)
	}
	if again, _ := os.ReadFile(want); !bytes.Equal(again, data) {
		t.Error("the first file was changed")
	}
}

// Without Options.Draw, e says so and writes nothing.
func TestExportSVGNoDrawer(t *testing.T) {
	dir := t.TempDir()
	m := New(seed(t), Options{OutDir: dir, Renderer: lipgloss.NewRenderer(io.Discard)})
	m = exportNow(t, press(resize(m, 80, 24), "jj"), "e")
	if want := "cannot export the diagram: this program draws no diagrams (no Options.Draw)"; m.status != want {
		t.Errorf("status %q, want %q", m.status, want)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("wrote %d files", len(files))
	}
}

// The export runs in the program: the status line says where it went.
func TestExportSVGInProgram(t *testing.T) {
	dir := t.TempDir()
	fm := run(t, exportModel(t, dir), 80, 24, "wrote diagram", "jj", "e")
	if _, err := os.Stat(filepath.Join(dir, "vpctrace-app-ecr-layers.svg")); err != nil {
		t.Errorf("no file: %v (status %q)", err, fm.status)
	}
}

// E writes the world with the what-ifs; decoded and simulated, it gives
// the verdicts the TUI shows.
func TestExportYAMLRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m := press(resize(exportModel(t, dir), 80, 24), "jjjj", "w", "j", "enter") // private DNS of secretsmanager off
	if len(m.WhatIfs()) != 1 || callVerdict(t, m.Report(), sim.CallSecret) != sim.Unreachable {
		t.Fatalf("the what-if did not apply: %v, %s", m.WhatIfs(), m.status)
	}
	m = exportNow(t, m, "E")
	path := filepath.Join(dir, "vpctrace-export.yaml")
	if !strings.Contains(m.status, "wrote scenario "+path) {
		t.Fatalf("status %q", m.status)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	w, ds := scenario.Decode(path, data)
	if w == nil || ds.HasErrors() {
		t.Fatalf("the export does not decode: %v\n%s", ds, data)
	}
	verdicts := func(r sim.Report) map[string]sim.Verdict {
		out := map[string]sim.Verdict{}
		for _, wl := range r.Workloads {
			for _, c := range wl.Calls {
				out[wl.Name+" "+string(c.Kind)+" "+c.Resource] = c.Verdict
			}
		}
		return out
	}
	if got, want := verdicts(sim.Run(w)), verdicts(m.Report()); !reflect.DeepEqual(got, want) {
		t.Errorf("verdicts of the export %v, the TUI shows %v", got, want)
	}
	m = exportNow(t, m, "E")
	if _, err := os.Stat(filepath.Join(dir, "vpctrace-export-1.yaml")); err != nil {
		t.Errorf("the second export: %v (status %q)", err, m.status)
	}
}

// An export that fails says why in the status line.
func TestExportError(t *testing.T) {
	m := exportModel(t, filepath.Join(t.TempDir(), "missing", "dir"))
	m = exportNow(t, m, "E")
	if !strings.HasPrefix(m.status, "cannot export the scenario: ") {
		t.Errorf("status %q", m.status)
	}
	// Nothing selected: no diagram, and no command.
	m = press(m, "/", "zzz", "enter")
	if _, cmd := m.Update(keys("e")[0]); cmd != nil {
		t.Error("e with no call selected started an export")
	}
}

func TestFileName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"app", "app"},
		{"my app/../x", "my-app-..-x"},
		{"../../etc/passwd", "etc-passwd"},
		{"\x1b]0;pwned\x07", "0-pwned"},
		{"", "workload"},
		{"...", "workload"},
		{"サービス", "workload"},
		{"a" + strings.Repeat("b", 100), "a" + strings.Repeat("b", 59)},
	} {
		if got := fileName(tt.in); got != tt.want {
			t.Errorf("fileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteNew(t *testing.T) {
	dir := t.TempDir()
	for i, want := range []string{"x.svg", "x-1.svg", "x-2.svg"} {
		path, err := writeNew(dir, "x", ".svg", []byte{byte('a' + i)})
		if err != nil || path != filepath.Join(dir, want) {
			t.Fatalf("write %d: %q, %v; want %s", i, path, err, want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "x.svg")); string(data) != "a" {
		t.Errorf("x.svg was overwritten: %q", data)
	}
}
