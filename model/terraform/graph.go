package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// order sorts m's nodes so that every node comes after the nodes it
// references (Tarjan's strongly connected components, which come out
// dependencies first). A component of more than one node, or a node that
// references itself, is a cycle: it is reported, and its members are
// evaluated in declaration order, references to members not yet evaluated
// giving unknown values.
func (ev *evaluator) order(m *module) {
	t := &tarjan{m: m, index: map[*node]int{}, low: map[*node]int{}, onStack: map[*node]bool{}, pos: map[*node]int{}}
	for i, n := range m.nodes {
		t.pos[n] = i
	}
	for _, n := range m.nodes {
		if _, seen := t.index[n]; !seen {
			t.visit(n)
		}
	}
	for _, comp := range t.comps {
		if len(comp) > 1 || selfLoop(comp[0]) {
			ev.reportCycle(comp)
		}
		m.order = append(m.order, comp...)
	}
}

func selfLoop(n *node) bool {
	for _, d := range n.deps {
		if d == n.key {
			return true
		}
	}
	return false
}

func (ev *evaluator) reportCycle(comp []*node) {
	if len(comp) == 1 {
		ev.diags.add(model.SeverityError, codeCycle, comp[0].decl,
			fmt.Sprintf("Self-referential block: Configuration for %s may not refer to itself.", comp[0].key))
		return
	}
	parts := make([]string, len(comp))
	for i, n := range comp {
		parts[i] = fmt.Sprintf("%s (%s)", n.key, posOf(n.decl))
	}
	ev.diags.add(model.SeverityError, codeCycle, comp[0].decl, "Cycle: "+strings.Join(parts, ", "))
}

// tarjan holds the state of Tarjan's algorithm.
type tarjan struct {
	m       *module
	next    int
	index   map[*node]int
	low     map[*node]int
	stack   []*node
	onStack map[*node]bool
	comps   [][]*node
	pos     map[*node]int // declaration order
}

func (t *tarjan) visit(n *node) {
	t.index[n], t.low[n] = t.next, t.next
	t.next++
	t.stack = append(t.stack, n)
	t.onStack[n] = true
	for _, key := range n.deps {
		d := t.m.byKey[key]
		if d == nil {
			continue
		}
		if _, seen := t.index[d]; !seen {
			t.visit(d)
			t.low[n] = min(t.low[n], t.low[d])
		} else if t.onStack[d] {
			t.low[n] = min(t.low[n], t.index[d])
		}
	}
	if t.low[n] != t.index[n] {
		return
	}
	var comp []*node
	for {
		top := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.onStack[top] = false
		comp = append(comp, top)
		if top == n {
			break
		}
	}
	// Declaration order within a component, for stable evaluation and
	// messages.
	slices.SortFunc(comp, func(a, b *node) int { return t.pos[a] - t.pos[b] })
	t.comps = append(t.comps, comp)
}
