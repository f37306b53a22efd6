package tui

import "github.com/vpctrace/vpctrace/render/internal/cells"

// wrap breaks s into lines of at most w cells at spaces; a word longer
// than a line (a hostname, an ARN, a file:line:col position) is broken
// after a separator, starting on the line where it begins when a part of
// it fits there (cells.BreakAtSeparators).
func wrap(s string, w int) []string { return cells.Wrap(s, w, cells.BreakAtSeparators) }
