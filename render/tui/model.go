// Package tui is vpctrace's terminal user interface: it shows every call of
// every workload with its verdict, the hops and steps of the selected call,
// each component a hop meets in full (component.go), and lets the user try
// what-ifs (hypothetical changes to the world) whose effect on every
// verdict is shown at once, and export the result (export.go). Package
// whatif offers, applies and traces the what-ifs; the TUI lists them,
// applies and undoes them on keys, and marks what they changed.
//
// The Model follows bubbletea's Elm architecture: Update (update.go for
// keys) changes the state, View renders it with the functions of view.go,
// and exports, which write files, run as commands that report back with a
// message.
package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// Options configure a Model.
type Options struct {
	// Name is the input's name, shown in the title.
	Name string
	// Color turns on colour; marks and words always carry the meaning.
	Color bool
	// Renderer renders the styles; nil: lipgloss's default renderer.
	Renderer *lipgloss.Renderer
	// OutDir is the directory exports are written to; empty: the current
	// directory.
	OutDir string
	// Draw draws the diagram that e exports (graphviz.Render in-process,
	// from package render/diagram/graphviz); nil: e says that this program
	// draws no diagrams.
	Draw diagram.Drawer
}

// pane is a focusable part of the screen.
type pane int

const (
	paneCalls pane = iota
	paneDetails
	paneWhatIfs
)

// row is one line of the calls list: a workload heading (call < 0) or a call.
type row struct{ wl, call int }

// Model is the state of the TUI.
type Model struct {
	name   string
	outDir string
	draw   diagram.Drawer

	base    *whatif.Trial          // the world as given
	trial   *whatif.Trial          // base with the what-ifs applied: what is shown
	changed map[whatif.CallID]bool // calls whose verdict differs from base's
	status  string                 // the last message: what was applied, an error

	// rt runs the slow re-traces (retrace.go); pending is the list of
	// what-ifs being re-traced, nil when none is.
	rt      *retracer
	pending []whatif.Change
	// labels holds the descriptions of the what-ifs offered or applied
	// that say more than their Label (describe).
	labels map[whatif.Change]string

	rows      []row
	cursor    int // index into rows; always a call row when there is one
	placement int
	focus     pane
	wiCursor  int

	// hop is the hop cursor of the details pane (-1: none, at the top);
	// hopLines are where each hop starts and ends in the details text.
	hop      int
	hopLines []span

	menuOpen   bool
	menu       []whatif.Change
	menuCursor int
	// menuProposed is how many of menu, first, its explanation proposes.
	menuProposed int

	// The chooser lists the components a hop offers when there are
	// several; the component view shows one of them.
	chooserOpen   bool
	chooser       []target
	chooserCursor int
	compOpen      bool
	comp          component
	compView      viewport.Model

	filtering bool
	filter    textinput.Model
	showHelp  bool
	helpView  viewport.Model

	width, height int
	details       viewport.Model
	keys          keyMap
	help          help.Model
	st            styles
}

// New returns a Model exploring w, which it does not change. w should have
// passed model.World.Validate.
func New(w *model.World, o Options) Model {
	r := o.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	if !o.Color {
		r.SetColorProfile(termenv.Ascii)
	}
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "kind, resource, verdict or reason"
	base := whatif.Base(w)
	m := Model{
		name:   o.Name,
		outDir: o.OutDir,
		draw:   o.Draw,
		base:   base,
		rt:     &retracer{},
		labels: map[whatif.Change]string{},
		filter: ti,
		keys:   newKeyMap(),
		help:   help.New(),
		st:     newStyles(r),
		width:  80,
		height: 24,
		hop:    -1,
	}
	m.trial = m.base
	m.changed = map[whatif.CallID]bool{}
	m.help.Styles.ShortKey = m.st.bold
	m.help.Styles.FullKey = m.st.bold
	m.help.ShortSeparator = "  "
	m.details = viewport.New(0, 0)
	m.details.KeyMap = m.keys.scrollKeys(false)
	m.compView = viewport.New(0, 0)
	m.compView.KeyMap = m.keys.scrollKeys(true)
	m.helpView = viewport.New(0, 0)
	m.helpView.KeyMap = m.keys.scrollKeys(true)
	m.rebuildRows()
	m.toFirstFailure()
	m.layout()
	return m
}

// toFirstFailure selects the first unreachable call, if any.
func (m *Model) toFirstFailure() {
	for i := range m.rows {
		if m.failing(i) {
			m.cursor = i
			m.firstFailingPlacement()
			return
		}
	}
}

// Init implements tea.Model.
func (m Model) Init() tea.Cmd { return nil }

// WhatIfs returns the applied what-ifs in order.
func (m Model) WhatIfs() []whatif.Change { return m.trial.Changes() }

// Report returns the report of the world with the what-ifs applied.
func (m Model) Report() sim.Report { return m.trial.Report() }

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	case tea.MouseMsg:
		var cmd tea.Cmd
		switch {
		case m.showHelp:
			m.helpView, cmd = m.helpView.Update(msg)
		case m.compOpen:
			m.compView, cmd = m.compView.Update(msg)
		case m.focus == paneDetails:
			m.details, cmd = m.details.Update(msg)
		}
		return m, cmd
	case exportedMsg:
		m.status = msg.status()
		return m, nil
	case retracedMsg:
		m.retraced(msg)
		m.layout()
		return m, nil
	}
	return m, nil
}

func (m *Model) selectedKey() (whatif.CallID, bool) {
	c, ok := m.selected()
	if !ok {
		return whatif.CallID{}, false
	}
	return whatif.IDOf(m.trial.Report().Workloads[m.rows[m.cursor].wl], c), true
}

// reselect puts the cursor back on the call with key k, if it is still
// listed, or on the nearest call row.
func (m *Model) reselect(k whatif.CallID, ok bool) {
	if ok {
		wls := m.trial.Report().Workloads
		for i, r := range m.rows {
			if r.call >= 0 && whatif.IDOf(wls[r.wl], wls[r.wl].Calls[r.call]) == k {
				m.cursor = i
				m.clampPlacement()
				return
			}
		}
	}
	m.placement = 0
}

// rebuildRows lists the workloads and the calls that match the filter,
// keeping the cursor on a call row.
func (m *Model) rebuildRows() {
	k, ok := m.selectedKey()
	f := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	m.rows = make([]row, 0, len(m.rows)) // never the previous Model's array
	for i, wl := range m.trial.Report().Workloads {
		head := len(m.rows)
		m.rows = append(m.rows, row{i, -1})
		for j, c := range wl.Calls {
			if f == "" || strings.Contains(strings.ToLower(callSearchText(wl, c)), f) {
				m.rows = append(m.rows, row{i, j})
			}
		}
		if f != "" && len(m.rows) == head+1 {
			m.rows = m.rows[:head]
		}
	}
	m.cursor = min(m.cursor, max(0, len(m.rows)-1))
	if ok {
		before := m.cursor
		m.reselect(k, true)
		if m.cursor != before || m.onCall() {
			return
		}
	}
	if !m.onCall() {
		m.move(1)
	}
	if !m.onCall() {
		m.move(-1)
	}
}

func (m *Model) onCall() bool { return m.cursor < len(m.rows) && m.rows[m.cursor].call >= 0 }

func callSearchText(wl sim.WorkloadResult, c sim.CallResult) string {
	return strings.Join([]string{wl.Name, string(c.Kind), c.Resource, c.Host, string(c.Verdict), string(c.Via), string(c.Reason)}, " ")
}

// selected returns the call under the cursor.
func (m Model) selected() (sim.CallResult, bool) {
	if !m.onCall() {
		return sim.CallResult{}, false
	}
	r := m.rows[m.cursor]
	return m.trial.Report().Workloads[r.wl].Calls[r.call], true
}

func (m Model) selectedPlacement(c sim.CallResult) (sim.PlacementResult, bool) {
	if m.placement < len(c.Placements) {
		return c.Placements[m.placement], true
	}
	return sim.PlacementResult{}, false
}

func (m *Model) clampPlacement() {
	if c, ok := m.selected(); ok && m.placement >= len(c.Placements) {
		m.placement = 0
	}
}
