package tui

import (
	"io"
	"net/netip"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// press sends key messages and window sizes to m directly.
func press(m Model, ks ...string) Model {
	for _, k := range keys(ks...) {
		next, _ := m.Update(k)
		m = next.(Model)
	}
	return m
}

func resize(m Model, w, h int) Model {
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return next.(Model)
}

func TestFilter(t *testing.T) {
	m := press(resize(newModel(seed(t)), 80, 24), "/", "s", "e", "c", "r", "enter")
	v := m.View()
	if !strings.Contains(v, "secret") || strings.Contains(v, "ecr-auth") {
		t.Errorf("filter secr:\n%s", v)
	}
	if c, _ := m.selected(); c.Kind != sim.CallSecret {
		t.Errorf("selected %s, want secret", c.Kind)
	}
	m = press(m, "esc")
	if !strings.Contains(m.View(), "ecr-auth") {
		t.Error("esc in the list does not clear the filter")
	}
	m = press(m, "/", "z", "z", "z", "enter")
	if !strings.Contains(m.View(), "no call matches") {
		t.Error("an empty filter result is not said")
	}
	m = press(m, "w", "j", "enter") // nothing selected: no menu, no crash
	if len(m.WhatIfs()) != 0 {
		t.Error("a what-if was applied with no call selected")
	}
}

func TestResize(t *testing.T) {
	m := press(newModel(seedPrivateDNSOff(t)), "w", "enter")
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 24}, {40, 12}, {200, 10}} {
		m = resize(m, size[0], size[1])
		checkScreen(t, m.View(), size[0], size[1])
	}
}

func TestRemoveWhatIfFromPane(t *testing.T) {
	m := press(resize(newModel(seedPrivateDNSOff(t)), 80, 24), "w", "enter", "k", "w", "enter")
	if got := len(m.WhatIfs()); got != 2 {
		t.Fatalf("%d what-ifs, want 2", got)
	}
	// tab twice reaches the what-if pane; k and d remove the first (private DNS).
	m = press(m, "tab", "tab")
	if m.focus != paneWhatIfs {
		t.Fatalf("focus %d, want the what-if pane", m.focus)
	}
	if m.wiCursor != 1 {
		t.Errorf("the what-if cursor is on %d, want the last applied, 1", m.wiCursor)
	}
	m = press(m, "k", "d")
	if got := m.WhatIfs(); len(got) != 1 || got[0].Kind != whatif.DisableEndpoint {
		t.Errorf("after removing the first: %v", got)
	}
	m = press(m, "u")
	if len(m.WhatIfs()) != 0 || m.focus != paneCalls {
		t.Errorf("after undo: %v, focus %d", m.WhatIfs(), m.focus)
	}
}

func TestHelpAndBack(t *testing.T) {
	m := press(resize(newModel(seed(t)), 80, 24), "?")
	if !strings.Contains(m.View(), "Help") || !strings.Contains(m.View(), "remove what-if") {
		t.Errorf("no help:\n%s", m.View())
	}
	m = press(m, "x", "enter")
	if m.focus != paneDetails {
		t.Errorf("focus %d after enter, want details", m.focus)
	}
	m = press(m, "esc")
	if m.focus != paneCalls {
		t.Errorf("focus %d after esc, want calls", m.focus)
	}
	_, cmd := m.Update(keys("q")[0])
	if cmd == nil {
		t.Error("q does not quit")
	}
}

// A service in two subnets has two placements; → switches between them.
func TestPlacements(t *testing.T) {
	w := seed(t)
	w.Subnets = append(w.Subnets, model.Subnet{ID: "private-c", VPC: "main", AZ: "ap-northeast-1c",
		CIDR: netip.MustParsePrefix("10.0.3.0/24"), RouteTable: "private-a"})
	w.Services[0].Subnets = append(w.Services[0].Subnets, "private-c")
	m := press(resize(newModel(w), 80, 24), "jjj", "enter")
	if !strings.Contains(m.View(), "[1/2") || !strings.Contains(m.View(), "from private-a") {
		t.Fatalf("first placement not shown:\n%s", m.View())
	}
	m = press(m, "l")
	if !strings.Contains(m.View(), "[2/2") || !strings.Contains(m.View(), "from private-c") {
		t.Errorf("second placement not shown:\n%s", m.View())
	}
	m = press(m, "h", "h")
	if m.placement != 1 {
		t.Errorf("placement %d after going back twice, want 1 (wraps)", m.placement)
	}
}

// Names from the input never bring an escape sequence to the screen.
func TestViewSanitizesInput(t *testing.T) {
	w := seed(t)
	evil := "\x1b]0;pwned\x07\x1b[2J\u202e"
	w.Services[0].Name = "app" + evil
	for i := range w.Endpoints {
		if w.Endpoints[i].ID == "secretsmanager" {
			w.Endpoints[i].ID = "secrets" + evil + "manager"
		}
	}
	m := New(w, Options{Name: "in" + evil + "put", Renderer: lipgloss.NewRenderer(io.Discard)})
	m = resize(m, 80, 24)
	for _, step := range [][]string{nil, {"jjjj", "enter"}, {"w"}, {"j", "enter"}} {
		m = press(m, step...)
		v := m.View()
		if strings.ContainsRune(v, 0x1b) || strings.ContainsRune(v, '\u202e') || strings.ContainsRune(v, 0x07) {
			t.Fatalf("after %v the view has a control character: %q", step, v)
		}
	}
	if len(m.WhatIfs()) != 1 {
		t.Errorf("what-ifs %v", m.WhatIfs())
	}
}

// Colour, when on, is only added to what the marks already say; off, the
// view is plain.
func TestColor(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	m := resize(New(seed(t), Options{Color: true, Renderer: r}), 80, 24)
	v := m.View()
	if !strings.ContainsRune(v, 0x1b) {
		t.Error("no colour with Color on")
	}
	if !strings.Contains(v, markReachable) {
		t.Error("no verdict mark with colour on")
	}
	r2 := lipgloss.NewRenderer(io.Discard)
	r2.SetColorProfile(termenv.ANSI256)
	m = resize(New(seed(t), Options{Color: false, Renderer: r2}), 80, 24)
	if strings.ContainsRune(m.View(), 0x1b) {
		t.Error("escape sequences with Color off")
	}
}

// BenchmarkWhatIf measures a what-if keypress to the new view on the seed:
// apply (copy + change), re-simulate, render.
func BenchmarkWhatIf(b *testing.B) {
	m := press(resize(newModel(seedPrivateDNSOff(b)), 80, 24), "jjjj", "w", "j")
	enter, undo := keys("enter")[0], keys("u")[0]
	b.ReportAllocs()
	for b.Loop() {
		next, _ := m.Update(enter)
		if s := next.(Model).View(); len(s) == 0 {
			b.Fatal("empty view")
		}
		next, _ = next.Update(undo)
		_ = next.(Model).View()
	}
}

// BenchmarkApplyView is one what-if keypress alone (menu open → new view).
func BenchmarkApplyView(b *testing.B) {
	m := press(resize(newModel(seedPrivateDNSOff(b)), 80, 24), "jjjj", "w", "j")
	enter := keys("enter")[0]
	b.ReportAllocs()
	for b.Loop() {
		next, _ := m.Update(enter)
		_ = next.(Model).View()
	}
}

// Keys typed fast arrive as one message of several runes.
func TestGroupedRunes(t *testing.T) {
	m := resize(newModel(seed(t)), 80, 24)
	next, _ := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	if c, _ := next.(Model).selected(); c.Kind != sim.CallLogs {
		t.Errorf("after \"jjj\" selected %s, want logs", c.Kind)
	}
}

// TestOutcomes checks that the list and the title say what the report
// says of each workload: one that cannot be told is not "won't start"
// (issue 9, point 7).
func TestOutcomes(t *testing.T) {
	w := seed(t)
	// The secretsmanager endpoint's private DNS becomes undetermined:
	// the secret call cannot be decided.
	w.Unknowns = append(w.Unknowns, model.Unknown{ID: "secretsmanager", Kind: model.KindEndpoint,
		Field: "private_dns_enabled", Why: "known only after apply"})
	m := resize(newModel(w), 80, 24)
	v := m.View()
	for _, want := range []string{"(0 won't start, 1 ?)", "app FARGATE 1.4.0 ? cannot be told"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view does not say %q:\n%s", want, v)
		}
	}
}
