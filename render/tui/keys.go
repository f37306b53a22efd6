package tui

import "github.com/charmbracelet/bubbles/key"

// keyMap holds the key bindings; it implements help.KeyMap.
type keyMap struct {
	Up, Down, Enter, Back, Tab, Prev, Next   key.Binding
	WhatIf, Undo, Remove, Filter, Help, Quit key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Enter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/apply")),
		Back:   key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
		Tab:    key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "pane")),
		Prev:   key.NewBinding(key.WithKeys("left", "h", "["), key.WithHelp("←/h", "prev subnet")),
		Next:   key.NewBinding(key.WithKeys("right", "l", "]"), key.WithHelp("→/l", "next subnet")),
		WhatIf: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "what-if")),
		Undo:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Remove: key.NewBinding(key.WithKeys("d", "x", "delete"), key.WithHelp("d", "remove what-if")),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Help:   key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp is the help bar, short enough for 80 columns.
func (k keyMap) ShortHelp() []key.Binding {
	move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓/jk", "move"))
	open := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	return []key.Binding{move, open, k.Tab, k.WhatIf, k.Undo, k.Filter, k.Help, k.Quit}
}

// FullHelp is the help screen.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Enter, k.Back, k.Tab},
		{k.Prev, k.Next, k.Filter, k.Help, k.Quit},
		{k.WhatIf, k.Undo, k.Remove},
	}
}
