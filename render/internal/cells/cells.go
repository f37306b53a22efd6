// Package cells measures text in terminal cells and wraps it by them, for
// the renderers for people (text and TUI), so that both lay text out alike.
//
// A cell is one column of a terminal. East Asian wide characters and most
// emoji take two, combining marks none, and an emoji sequence joined with
// zero-width joiners or a flag counts as the one glyph a terminal draws.
// The measure is github.com/charmbracelet/x/ansi's StringWidth (grapheme
// clusters, through clipperhouse/displaywidth), which the TUI's lipgloss
// also lays out with; ANSI escape sequences take no cells.
package cells

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Width is the number of cells s takes in a terminal.
func Width(s string) int { return ansi.StringWidth(s) }

// Head is the longest start of s that fits in n cells: a wide character
// that would straddle the edge is left out.
func Head(s string, n int) string { return ansi.Truncate(s, max(n, 0), "") }

// Tail is the longest end of s that fits in n cells.
func Tail(s string, n int) string {
	n = max(n, 0)
	drop := Width(s) - n
	if drop <= 0 {
		return s
	}
	cut := ansi.TruncateLeft(s, drop, "")
	if Width(cut) > n {
		// A wide character straddles the edge: leave it out.
		cut = ansi.TruncateLeft(s, drop+1, "")
	}
	return cut
}

// Long says what Wrap does with a word wider than a line.
type Long int

const (
	// KeepWords puts such a word whole on a line of its own, wider than
	// the others: for output read in a scrolling terminal or a log, where
	// a name or an ARN is searched for and copied.
	KeepWords Long = iota
	// BreakWords breaks it at the last cell that fits: for a pane of fixed
	// width, which would cut it.
	BreakWords
	// BreakAtSeparators breaks it after the last separator that fits (see
	// StrongSeparators), and at a cell only where none does: for a pane of fixed
	// width showing host names, ARNs and positions.
	BreakAtSeparators
)

// StrongSeparators and WeakSeparators are the characters after which
// BreakAtSeparators breaks a long word: those of paths, host names, ARNs
// and positions ("file.tf:12:3"). A strong one ends a part (a label, a
// field, a directory); a hyphen or an underscore is inside one
// ("ap-northeast-1") and is used when no strong one is near.
const (
	StrongSeparators = "./:@,;=|>"
	WeakSeparators   = "-_"
)

// Wrap breaks s into lines of at most width cells at spaces; runs of
// spaces, tabs and newlines count as one space. A word wider than width
// starts a line and is kept or broken as long says. Wrap returns at least
// one line, "" for a blank s. ANSI escape sequences are kept and take no
// cells.
func Wrap(s string, width int, long Long) []string {
	return WrapHanging(s, width, width, long)
}

// WrapHanging is Wrap with a first line of first cells and the others of
// rest, for text whose first line starts further left or right than the
// others (a hanging indent).
func WrapHanging(s string, first, rest int, long Long) []string {
	first, rest = max(first, 1), max(rest, 1)
	width := first
	var lines []string
	var cur strings.Builder
	curW := 0
	for _, word := range strings.Fields(s) {
		ww := Width(word)
		if cur.Len() > 0 {
			if curW+1+ww <= width {
				cur.WriteByte(' ')
				cur.WriteString(word)
				curW += 1 + ww
				continue
			}
			if long == BreakAtSeparators && ww > rest {
				// It is broken anyway: a part of it up to a separator
				// may fit after the line's other words.
				if n := separatorAt(word, width-curW-1); n > 0 {
					cur.WriteByte(' ')
					cur.WriteString(Head(word, n))
					word = ansi.TruncateLeft(word, n, "")
					ww = Width(word)
				}
			}
			lines = append(lines, cur.String())
			cur.Reset()
			width = rest
		}
		for long != KeepWords && ww > width {
			n := breakAt(word, width, long == BreakAtSeparators)
			lines = append(lines, Head(word, n))
			word = ansi.TruncateLeft(word, n, "")
			ww = Width(word)
			width = rest
		}
		cur.WriteString(word)
		curW = ww
	}
	if cur.Len() == 0 && len(lines) > 0 {
		return lines // the last word was broken into whole lines
	}
	return append(lines, cur.String())
}

// breakAt is how many cells of word, wider than width, to put on a line:
// with seps, up to and with a separator that fits (separatorAt); else, or
// with none, as many as fit, and at least one character.
func breakAt(word string, width int, seps bool) int {
	head := ansi.Strip(Head(word, width))
	if head == "" {
		// A character wider than the line goes alone.
		return Width(firstCluster(ansi.Strip(word)))
	}
	if n := separatorAt(word, width); seps && n > 0 {
		return n
	}
	return Width(head)
}

// separatorAt is how many cells of word, up to and with a separator, fit
// in width: after the last strong separator (StrongSeparators) when that
// fills at least half of width, else after the last separator of either
// kind; 0 when no separator fits, not counting one the word starts or
// ends with. A styled word (with escape sequences) has none, as a
// separator may be inside a sequence.
func separatorAt(word string, width int) int {
	if width <= 0 || strings.Contains(word, "\x1b") {
		return 0
	}
	strong, any := 0, 0
	for i, r := range word {
		end := i + len(string(r))
		if Width(word[:end]) > width || end == len(word) {
			break
		}
		switch {
		case i == 0:
		case strings.ContainsRune(StrongSeparators, r):
			strong, any = end, end
		case strings.ContainsRune(WeakSeparators, r):
			any = end
		}
	}
	if strong > 0 && 2*Width(word[:strong]) >= width {
		return Width(word[:strong])
	}
	return Width(word[:any])
}

// firstCluster is the first character of s as a terminal draws it.
func firstCluster(s string) string {
	c, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	return c
}
