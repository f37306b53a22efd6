package json

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/sim"
)

// writeWhole is Write as it was before it streamed, kept here as the
// reference: the whole report converted to one document, then encoded at
// once.
func writeWhole(r sim.Report) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	doc := document{
		Schema: Schema,
		Workloads: mapAll(r.Workloads, func(wl sim.WorkloadResult) workload {
			var c converter // one per workload: the document holds them all
			return c.workload(wl)
		}),
		Diagnostics: mapAll(r.Diagnostics, fromDiagnostic),
	}
	if err := enc.Encode(doc); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// streamReports are the reports TestWriteStreamsSameBytes writes: an
// empty one, the sample, one with only diagnostics, one with one
// workload, the seed, every scenario of testdata, Terraform roots whose
// reading warns (each with the diagnostics of reading it), and a small
// generated world.
func streamReports(t *testing.T) map[string]sim.Report {
	t.Helper()
	sample := sampleReport()
	reports := map[string]sim.Report{
		"empty":            {},
		"empty lists":      {Workloads: []sim.WorkloadResult{}, Diagnostics: model.Diagnostics{}},
		"sample":           sample,
		"diagnostics only": {Diagnostics: sample.Diagnostics},
		"one workload":     {Workloads: sample.Workloads[:1]},
		"workloads only":   {Workloads: sample.Workloads},
	}
	w, ds := scenario.Decode(example.SeedFile, example.Seed)
	if w == nil {
		t.Fatalf("%s: %v", example.SeedFile, ds)
	}
	reports[example.SeedFile] = withDiagnostics(sim.Run(w), ds)
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "scenarios", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scenarios in ../../testdata/scenarios")
	}
	for _, f := range files {
		w, ds := scenario.LoadFile(f)
		if w == nil {
			t.Fatalf("%s: %v", f, ds)
		}
		reports[f] = withDiagnostics(sim.Run(w), ds)
	}
	// Terraform roots whose reading warns, so that the diagnostics are
	// real ones (external-ids: references to objects the input does not
	// describe).
	for _, root := range []string{"external-ids", "unknown-keys", "typed-unknowns"} {
		w, ds := terraform.Load(filepath.Join("..", "..", "testdata", "terraform", root), terraform.Options{})
		if w == nil || ds.HasErrors() {
			t.Fatalf("%s: %v", root, ds)
		}
		reports[root] = withDiagnostics(sim.Run(w), ds)
	}
	reports["generated"] = sim.Run(worldgen.Generate(worldgen.Size{VPCs: 6, SubnetsPerVPC: 3, ServicesPerVPC: 2}))
	return reports
}

// withDiagnostics is r with the diagnostics of reading its input first,
// as the command reports them.
func withDiagnostics(r sim.Report, ds model.Diagnostics) sim.Report {
	r.Diagnostics = append(append(model.Diagnostics{}, ds...), r.Diagnostics...)
	return r
}

// TestWriteStreamsSameBytes checks that Write, which encodes one workload
// at a time, writes the bytes of encoding the whole document at once.
func TestWriteStreamsSameBytes(t *testing.T) {
	withDiags := 0
	for name, r := range streamReports(t) {
		if len(r.Diagnostics) > 0 {
			withDiags++
		}
		got, want := render(t, r), writeWhole(r)
		t.Logf("%s: %d workloads, %d diagnostics, %d bytes", name, len(r.Workloads), len(r.Diagnostics), len(got))
		if !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: streamed output differs from the whole document's at byte %d:\ngot  %q\nwant %q",
				name, i, got[max(0, i-40):min(len(got), i+40)], want[max(0, i-40):min(len(want), i+40)])
		}
	}
	if withDiags < 3 {
		t.Errorf("%d reports with diagnostics, want several", withDiags)
	}
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		n := f.n
		f.n = 0
		return n, errShort
	}
	f.n -= len(p)
	return len(p), nil
}

var errShort = errors.New("short write")

// TestWriteError checks that Write returns the writer's error.
func TestWriteError(t *testing.T) {
	if err := Write(&failingWriter{n: 10}, sampleReport()); err != errShort {
		t.Errorf("Write to a failing writer: %v, want %v", err, errShort)
	}
}

// TestEncodeWorkloadsStops checks that encodeWorkloads gives one text per
// workload and stops at emit's first error.
func TestEncodeWorkloadsStops(t *testing.T) {
	r := sim.Run(worldgen.Generate(worldgen.Size{VPCs: 6, SubnetsPerVPC: 3, ServicesPerVPC: 3}))
	n := 0
	if err := encodeWorkloads(r.Workloads, func([]byte) error { n++; return nil }); err != nil || n != len(r.Workloads) {
		t.Fatalf("%d texts for %d workloads (%v)", n, len(r.Workloads), err)
	}
	n = 0
	err := encodeWorkloads(r.Workloads, func([]byte) error {
		if n++; n == 3 {
			return errShort
		}
		return nil
	})
	if err != errShort || n != 3 {
		t.Errorf("emit failing at the third: %v after %d texts, want %v after 3", err, n, errShort)
	}
}
