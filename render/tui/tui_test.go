package tui

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// seed returns the built-in example world.
func seed(t testing.TB) *model.World {
	t.Helper()
	w, ds := scenario.Decode(example.SeedFile, example.Seed)
	if w == nil || ds.HasErrors() {
		t.Fatalf("decoding the seed: %v", ds)
	}
	return w
}

// seedPrivateDNSOff is the seed with private DNS of the secretsmanager
// endpoint turned off: the secret call is unreachable.
func seedPrivateDNSOff(t testing.TB) *model.World {
	w := seed(t)
	for i := range w.Endpoints {
		if w.Endpoints[i].ID == "secretsmanager" {
			w.Endpoints[i].PrivateDNS = false
		}
	}
	return w
}

func newModel(w *model.World) Model {
	return New(w, Options{Name: example.SeedFile, Renderer: lipgloss.NewRenderer(io.Discard)})
}

func keys(s ...string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, k := range s {
		switch k {
		case "enter":
			out = append(out, tea.KeyMsg{Type: tea.KeyEnter})
		case "esc":
			out = append(out, tea.KeyMsg{Type: tea.KeyEsc})
		case "tab":
			out = append(out, tea.KeyMsg{Type: tea.KeyTab})
		case "down":
			out = append(out, tea.KeyMsg{Type: tea.KeyDown})
		case "up":
			out = append(out, tea.KeyMsg{Type: tea.KeyUp})
		case "pgdown":
			out = append(out, tea.KeyMsg{Type: tea.KeyPgDown})
		case "backspace":
			out = append(out, tea.KeyMsg{Type: tea.KeyBackspace})
		default:
			for _, r := range k {
				out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
	}
	return out
}

// drive runs m in a teatest program at 80x24, sends the keys, waits until
// the output shows want, quits, compares the final screen with the golden
// file and returns the final model.
func drive(t *testing.T, m Model, want string, ks ...string) Model {
	t.Helper()
	fm := run(t, m, 80, 24, want, ks...)
	golden.RequireEqual(t, []byte(fm.View()))
	return fm
}

// run runs m in a teatest program at w×h, sends the keys, waits until the
// output shows want, quits and returns the final model, whose screen it
// checks.
func run(t *testing.T, m Model, w, h int, want string, ks ...string) Model {
	t.Helper()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	for _, k := range keys(ks...) {
		tm.Send(k)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(want)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
	fm, ok := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if !ok {
		t.Fatal("the final model is not a tui.Model")
	}
	checkScreen(t, fm.View(), w, h)
	return fm
}

// checkScreen checks that a view fills exactly w×h cells and has no
// escape sequence (tests render without colour).
func checkScreen(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("the view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i+1, n, w, l)
		}
	}
	if strings.ContainsRune(v, 0x1b) {
		t.Errorf("the view has an escape sequence: %q", v)
	}
}

func callVerdict(t *testing.T, r sim.Report, kind sim.CallKind) sim.Verdict {
	t.Helper()
	for _, wl := range r.Workloads {
		for _, c := range wl.Calls {
			if c.Kind == kind {
				return c.Verdict
			}
		}
	}
	t.Fatalf("no %s call", kind)
	return ""
}

func TestInitialScreen(t *testing.T) {
	drive(t, newModel(seed(t)), "parameter")
}

func TestNavigateToCallDetails(t *testing.T) {
	fm := drive(t, newModel(seed(t)), "Details: logs", "j", "down", "j", "enter")
	if fm.focus != paneDetails {
		t.Errorf("focus = %d, want the details pane", fm.focus)
	}
	if c, _ := fm.selected(); c.Kind != sim.CallLogs {
		t.Errorf("selected %s, want logs", c.Kind)
	}
}

// The selection starts on the secret call, the first that fails, and its
// what-if menu offers first the fix its explanation proposes, "turn on
// private DNS of endpoint secretsmanager"; applying it makes the call
// reachable.
func TestWhatIfPrivateDNSFlipsVerdict(t *testing.T) {
	m := newModel(seedPrivateDNSOff(t))
	if v := callVerdict(t, m.Report(), sim.CallSecret); v != sim.Unreachable {
		t.Fatalf("before: secret is %s, want unreachable", v)
	}
	fm := drive(t, m, "applied: turn on private DNS", "w", "enter")
	if v := callVerdict(t, fm.Report(), sim.CallSecret); v != sim.Reachable {
		t.Errorf("after the what-if: secret is %s, want reachable", v)
	}
	if want := []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "secretsmanager"}}; len(fm.WhatIfs()) != 1 || fm.WhatIfs()[0] != want[0] {
		t.Errorf("what-ifs = %v, want %v", fm.WhatIfs(), want)
	}
	if len(fm.changed) != 1 {
		t.Errorf("%d calls marked changed, want 1", len(fm.changed))
	}
	if !strings.Contains(fm.View(), "▸✓Δ secret") {
		t.Error("the secret call is not shown reachable and changed")
	}
}

func TestWhatIfUndo(t *testing.T) {
	m := newModel(seedPrivateDNSOff(t))
	fm := drive(t, m, "all what-ifs undone", "w", "enter", "u")
	if v := callVerdict(t, fm.Report(), sim.CallSecret); v != sim.Unreachable {
		t.Errorf("after undo: secret is %s, want unreachable", v)
	}
	if len(fm.WhatIfs()) != 0 || len(fm.changed) != 0 {
		t.Errorf("after undo: what-ifs %v, changed %v", fm.WhatIfs(), fm.changed)
	}
}
