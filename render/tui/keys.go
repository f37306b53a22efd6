package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// keyMap holds the key bindings.
type keyMap struct {
	Up, Down, Enter, Back, Tab, Prev, Next   key.Binding
	PageUp, PageDown, Top, Bottom            key.Binding
	WhatIf, Undo, Remove, Filter, Help, Quit key.Binding
	ExportSVG, ExportYAML                    key.Binding
	NextFailure, PrevFailure                 key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Enter:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/apply")),
		Back:       key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
		Tab:        key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "pane")),
		Prev:       key.NewBinding(key.WithKeys("left", "h", "["), key.WithHelp("←/h", "prev subnet")),
		Next:       key.NewBinding(key.WithKeys("right", "l", "]"), key.WithHelp("→/l", "next subnet")),
		PageUp:     key.NewBinding(key.WithKeys("pgup", "b", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", " ", "f", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home", "top")),
		Bottom:     key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end", "bottom")),
		WhatIf:     key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "what-if")),
		Undo:       key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Remove:     key.NewBinding(key.WithKeys("d", "x", "delete"), key.WithHelp("d", "remove what-if")),
		Filter:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		ExportSVG:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export diagram (SVG)")),
		ExportYAML: key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "export scenario (YAML)")),

		NextFailure: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next failing call")),
		PrevFailure: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous failing call")),
	}
}

// scrollKeys are the viewport bindings of the scrolling panes: pages
// only, so that the single keys keep their meaning (d, u) and up/down can
// move a cursor where the pane has one.
func (k keyMap) scrollKeys(lines bool) viewport.KeyMap {
	vk := viewport.KeyMap{PageUp: k.PageUp, PageDown: k.PageDown,
		Up: key.NewBinding(key.WithDisabled()), Down: key.NewBinding(key.WithDisabled()),
		HalfPageUp: key.NewBinding(key.WithDisabled()), HalfPageDown: key.NewBinding(key.WithDisabled()),
		Left: key.NewBinding(key.WithDisabled()), Right: key.NewBinding(key.WithDisabled())}
	if lines {
		vk.Up, vk.Down = k.Up, k.Down
	}
	return vk
}

// hint is one entry of the help bar: a binding with its short text, and
// its rank (0 first) in what is kept when the bar is narrow.
type hint struct {
	keys, desc string
	rank       int
}

// barHints lists the help bar's entries for what has the keys now, in
// display order.
func (m Model) barHints() []hint {
	switch {
	case m.filtering:
		return []hint{{"enter", "keep", 0}, {"esc", "clear", 1}}
	case m.showHelp:
		return []hint{{"↑↓", "scroll", 1}, {"esc", "close", 0}, {"q", "quit", 2}}
	case m.menuOpen:
		return []hint{{"↑↓", "choose", 1}, {"enter", "apply", 0}, {"esc", "close", 2}, {"q", "quit", 3}}
	case m.chooserOpen:
		return []hint{{"↑↓", "choose", 1}, {"enter", "open", 0}, {"esc", "back", 2}, {"q", "quit", 3}}
	case m.compOpen:
		return []hint{{"↑↓", "scroll", 1}, {"esc", "back", 0}, {"e/E", "export", 4}, {"?", "help", 2}, {"q", "quit", 3}}
	case m.focus == paneDetails:
		return []hint{{"↑↓", "hop", 0}, {"enter", "open", 1}, {"esc", "back", 2}, {"←→", "subnet", 7},
			{"w", "what-if", 5}, {"u", "undo", 6}, {"d", "remove", 9}, {"e/E", "export", 8}, {"?", "help", 3}, {"q", "quit", 4}}
	case m.focus == paneWhatIfs:
		return []hint{{"↑↓", "move", 1}, {"d", "remove", 0}, {"esc", "back", 2}, {"u", "undo", 5}, {"?", "help", 3}, {"q", "quit", 4}}
	}
	return []hint{{"↑↓", "move", 1}, {"n/N", "failure", 2}, {"enter", "open", 0}, {"tab", "pane", 9}, {"w", "what-if", 5},
		{"u", "undo", 6}, {"/", "filter", 8}, {"e/E", "export", 7}, {"?", "help", 3}, {"q", "quit", 4}}
}

// helpBar renders the help bar in at most width cells: the entries that
// fit, most important first, shown in their usual order, so that a narrow
// terminal gets fewer whole entries rather than a cut one.
func (m Model) helpBar(width int) string {
	hints := m.barHints()
	keep := make([]bool, len(hints))
	render := func() string {
		var bs []key.Binding
		for i, h := range hints {
			if keep[i] {
				bs = append(bs, key.NewBinding(key.WithKeys(h.keys), key.WithHelp(h.keys, h.desc)))
			}
		}
		return m.help.ShortHelpView(bs) // m.help.Width is 0: no truncation, this function fits
	}
	for rank := 0; rank < len(hints); rank++ {
		for i, h := range hints {
			if h.rank != rank {
				continue
			}
			keep[i] = true
			if ansi.StringWidth(render()) > width {
				keep[i] = false
			}
		}
	}
	return render()
}

// fullHelp lists every binding for the help pane, grouped.
func (k keyMap) fullHelp() [][]key.Binding {
	hop := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓/jk", "details: select a hop"))
	open := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details: open the hop's component"))
	page := key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", "scroll a page"))
	return [][]key.Binding{
		{k.Up, k.Down, k.NextFailure, k.PrevFailure, k.Enter, k.Back, k.Tab},
		{hop, open, page, k.Prev, k.Next},
		{k.WhatIf, k.Undo, k.Remove},
		{k.ExportSVG, k.ExportYAML, k.Filter, k.Help, k.Quit},
	}
}

// moveCursor moves a cursor in a list of n items for the up and down
// keys, and reports whether msg was one of them.
func (k keyMap) moveCursor(msg tea.KeyMsg, cursor *int, n int) bool {
	switch {
	case key.Matches(msg, k.Up):
		*cursor = max(0, *cursor-1)
	case key.Matches(msg, k.Down):
		*cursor = max(0, min(n-1, *cursor+1))
	default:
		return false
	}
	return true
}
