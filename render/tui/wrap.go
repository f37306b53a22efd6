package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks s into lines of at most w cells at spaces. A word longer
// than a line (a hostname, an ARN, a file:line:col position) is broken
// after a separator (strongSeparators, weakSeparators), starting on the line where it begins
// when a part of it fits there; only a run with no separator in w cells is
// cut.
func wrap(s string, w int) []string {
	var lines []string
	cur, curW := "", 0
	for _, word := range strings.Fields(s) {
		ww := ansi.StringWidth(word)
		switch {
		case curW == 0:
		case curW+1+ww <= w:
			cur, curW = cur+" "+word, curW+1+ww
			continue
		case ww > w:
			// It is broken anyway: its first part may fit here.
			if head, rest, ok := breakWord(word, w-curW-1, false); ok {
				cur += " " + head
				word, ww = rest, ansi.StringWidth(rest)
			}
			lines = append(lines, cur)
		default:
			lines = append(lines, cur)
		}
		for ww > w {
			head, rest, _ := breakWord(word, w, true)
			lines = append(lines, head)
			word, ww = rest, ansi.StringWidth(rest)
		}
		cur, curW = word, ww
	}
	return append(lines, cur)
}

// separators are the characters after which a long word may break: those
// of hostnames, ARNs, paths, positions and addresses. The strong ones end
// a part (a label, a field, a directory); a hyphen or an underscore is
// inside one ("ap-northeast-1") and is used when no strong one is near.
const (
	strongSeparators = "./:@,=|>"
	weakSeparators   = "-_"
)

// breakWord splits word after a separator within its first w cells: the
// last strong one when it fills at least half the line, else the last
// one. With none there, it cuts word at w cells when cut is set, and
// reports false otherwise. A styled word (one with escape sequences) is
// cut, as the separators may be inside a sequence.
func breakWord(word string, w int, cut bool) (head, rest string, ok bool) {
	if w <= 0 {
		return "", word, false
	}
	if !strings.Contains(word, "\x1b") {
		strong, any, width := -1, -1, 0
		for i, r := range word {
			width += ansi.StringWidth(string(r))
			if width > w {
				break
			}
			end := i + len(string(r))
			if end == len(word) {
				break
			}
			switch {
			case strings.ContainsRune(strongSeparators, r):
				strong, any = end, end
			case strings.ContainsRune(weakSeparators, r):
				any = end
			}
		}
		at := any
		if strong > 0 && 2*ansi.StringWidth(word[:strong]) >= w {
			at = strong
		}
		if at > 0 {
			return word[:at], word[at:], true
		}
	}
	if !cut {
		return "", word, false
	}
	return ansi.Truncate(word, w, ""), ansi.TruncateLeft(word, w, ""), true
}
