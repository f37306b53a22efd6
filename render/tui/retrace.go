package tui

import (
	"slices"
	"sync"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/vpctrace/vpctrace/render/internal/present"
	"github.com/vpctrace/vpctrace/whatif"
)

// retraceBudget is how many workloads a what-if may re-trace on the
// update loop: about 50 ms of work, at the 0.4 ms a workload takes on one
// core (BenchmarkRunLarge in package sim: 5,000 services in under 2 s).
// In a world with more, a list of what-ifs is traced by a command, off
// the loop, and the screen says so and stays responsive. Tests lower it to
// make every what-if take that path.
var retraceBudget = 125

// retracer is shared by the copies of a Model that bubbletea makes: the
// number of the latest list of what-ifs asked for, and a lock that keeps
// one whatif.Trial.Try at a time on the trials of one base world (they
// share the simulators Try reads).
type retracer struct {
	mu     sync.Mutex
	latest atomic.Int64
}

// retracedMsg reports the end of a re-trace started by apply.
type retracedMsg struct {
	seq     int64
	changes []whatif.Change
	trial   *whatif.Trial
	err     error
}

// slow reports whether re-tracing the world may take longer than
// retraceBudget allows: whether tracing every workload again (what a
// change to an object sim.Simulator.Rerun does not follow precisely does)
// would.
func (m Model) slow() bool { return len(m.base.Report().Workloads) > retraceBudget }

// apply makes ws the what-ifs: the base world with ws applied, traced
// again where they can change something (whatif.Trial.Try). When that may
// be slow, a command does it and the screen says "re-tracing N
// workloads…"; a later apply supersedes it (its result is dropped, and it
// does not start if it has not yet). On an error the what-ifs stay as
// they were.
func (m *Model) apply(ws []whatif.Change) tea.Cmd {
	seq := m.rt.latest.Add(1)
	from, rt := m.trial, m.rt
	try := func() retracedMsg {
		rt.mu.Lock()
		defer rt.mu.Unlock()
		if rt.latest.Load() != seq {
			return retracedMsg{seq: seq} // superseded before it started
		}
		t, err := from.Try(ws)
		return retracedMsg{seq: seq, changes: ws, trial: t, err: err}
	}
	if !m.slow() {
		m.pending = nil
		m.finish(try())
		return nil
	}
	m.pending = slices.Clone(ws)
	if m.pending == nil {
		m.pending = []whatif.Change{}
	}
	m.status = "re-tracing " + present.Plural(len(m.base.Report().Workloads), "workload") + "…"
	return func() tea.Msg { return try() }
}

// retraced takes the result of a re-trace, unless a later one was asked
// for.
func (m *Model) retraced(msg retracedMsg) {
	if msg.seq != m.rt.latest.Load() {
		return // superseded: the later one reports
	}
	m.pending = nil
	m.finish(msg)
}

// finish shows the trial of msg, or its error.
func (m *Model) finish(msg retracedMsg) {
	if msg.err != nil {
		m.status = "cannot apply: " + sanitize(msg.err.Error())
		return
	}
	if msg.trial == nil {
		return
	}
	sel, selOK := m.selectedKey()
	ws, before := msg.changes, m.trial.Changes()
	// A list that ends with a what-if the shown one lacks adds it (after
	// an undo it superseded, too); any other takes what-ifs away.
	added := len(ws) > 0 && !slices.Contains(before, ws[len(ws)-1])
	switch {
	case added:
		m.status = "applied: " + m.describe(ws[len(ws)-1])
	case len(ws) == 0:
		m.status = "all what-ifs undone"
	default:
		m.status = "undone; " + present.Plural(len(ws), "what-if") + " active"
	}
	m.trial = msg.trial
	m.changed = whatif.Changed(m.base.Report(), m.trial.Report())
	m.wiCursor = min(m.wiCursor, max(0, len(ws)-1))
	if added {
		m.wiCursor = len(ws) - 1 // the new one, shown whole
	}
	if len(ws) == 0 && m.focus == paneWhatIfs {
		m.focus = paneCalls
	}
	m.rebuildRows()
	m.reselect(sel, selOK)
}

// wanted is the list of what-ifs last asked for: the one being re-traced,
// else the one shown.
func (m Model) wanted() []whatif.Change {
	if m.pending != nil {
		return slices.Clone(m.pending)
	}
	return m.trial.Changes()
}
