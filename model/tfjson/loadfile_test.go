//go:build unix

package tfjson_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/tfjson"
)

// TestLoadOnlyRegularFiles: a plan, a state or a scenario given as a FIFO
// or a device is an error at once, never a hang or a read without end
// (issue 11, point 3, for the readers other than model/terraform); a plan
// bigger than tfjson.MaxFileSize is an error too.
func TestLoadOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "plan.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, []byte(`{"format_version": "1.2", "planned_values": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	loaders := []struct {
		name string
		load func(path string) model.Diagnostics
	}{
		{"tfjson.Load", func(p string) model.Diagnostics { _, d := tfjson.Load(p, tfjson.Options{}); return d }},
		{"tfjson.LoadSnapshot", func(p string) model.Diagnostics { _, d := tfjson.LoadSnapshot(p, 0); return d }},
		{"scenario.LoadFile", func(p string) model.Diagnostics { _, d := scenario.LoadFile(p); return d }},
	}
	for _, l := range loaders {
		for _, path := range []string{fifo, "/dev/zero"} {
			t.Run(l.name+" "+filepath.Base(path), func(t *testing.T) {
				done := make(chan model.Diagnostics, 1)
				go func() { done <- l.load(path) }()
				select {
				case diags := <-done:
					if !diags.HasErrors() || !strings.Contains(diags.Error(), "not a regular file") {
						t.Errorf("diagnostics = %v, want an error saying it is not a regular file", diags)
					}
				case <-time.After(30 * time.Second):
					t.Fatal("still reading after 30 s")
				}
			})
		}
	}
	// The limit is Options.MaxFileSize, LoadSnapshot's argument, else
	// the package's MaxFileSize; the message says how to raise it.
	tooLarge := func(prefix string) model.Diagnostics {
		return model.Diagnostics{{Severity: model.SeverityError, Code: tfjson.CodeReadError, Source: model.Pos{File: big},
			Message: prefix + big + " is 47 bytes, more than 16 bytes, the most vpctrace reads: file too large (pass --max-plan-size to read more)"}}
	}
	limits := []struct {
		name string
		load func() model.Diagnostics
		want model.Diagnostics
	}{
		{"Options.MaxFileSize", func() model.Diagnostics {
			_, d := tfjson.Load(big, tfjson.Options{MaxFileSize: 16})
			return d
		}, tooLarge("cannot read Terraform JSON file: ")},
		{"LoadSnapshot's limit", func() model.Diagnostics { _, d := tfjson.LoadSnapshot(big, 16); return d }, tooLarge("cannot read the file: ")},
		{"MaxFileSize", func() model.Diagnostics {
			defer func(n int64) { tfjson.MaxFileSize = n }(tfjson.MaxFileSize)
			tfjson.MaxFileSize = 16
			_, d := tfjson.Load(big, tfjson.Options{})
			return d
		}, tooLarge("cannot read Terraform JSON file: ")},
		{"under the limit", func() model.Diagnostics {
			_, d := tfjson.LoadSnapshot(big, 47)
			return d
		}, nil},
	}
	for _, l := range limits {
		if diff := cmp.Diff(l.want, l.load()); diff != "" {
			t.Errorf("%s: diagnostics (-want +got):\n%s", l.name, diff)
		}
	}
}
