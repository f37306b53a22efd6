package patch

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aymanbagabas/go-udiff"
)

// contextLines is how many unchanged lines surround each hunk of Diff.
const contextLines = 3

// Diff returns edits as one unified diff, git style: each file's header is
// "--- a/PATH" and "+++ b/PATH" ("--- /dev/null" for a file the edit
// creates), files in Path order, with 3 lines of context. An edit that
// changes nothing adds nothing; a file without a final newline gets git's
// "\ No newline at end of file" marker. The same edits give the same text.
func Diff(edits []Edit) string {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b Edit) int { return strings.Compare(a.Path, b.Path) })
	var b strings.Builder
	for _, e := range sorted {
		b.WriteString(fileDiff(e))
	}
	return b.String()
}

// fileDiff is the unified diff of one edit, "" when it changes nothing.
func fileDiff(e Edit) string {
	from := "a/" + e.Path
	if e.Old == nil {
		from = "/dev/null"
	}
	to := "b/" + e.Path
	old, new := string(e.Old), string(e.New)
	if e.Old != nil && old == new {
		return ""
	}
	hunks, err := udiff.ToUnified(from, to, old, lineEdits(old, new), contextLines)
	if err != nil {
		// The edits come from udiff.Strings on the same text, which makes
		// them consistent; say so rather than hide the file.
		return "--- " + from + "\n+++ " + to + "\n# vpctrace: cannot show this change: " + err.Error() + "\n"
	}
	if hunks == "" {
		// A created empty file: the headers alone say it is there.
		return "--- " + from + "\n+++ " + to + "\n"
	}
	return hunks
}

// lineEdits are the edits that turn old into new, whole lines at a time.
// udiff compares characters, which can align an inserted line with the
// end of the line before it and so show that line as changed; here each
// distinct line is one character of the compared strings, so the diff
// says which lines changed, and the algorithm is still udiff's. A text of
// more distinct lines than there are characters is compared as it is.
func lineEdits(old, new string) []udiff.Edit {
	a, b := splitLines(old), splitLines(new)
	code, text := map[string]rune{}, map[rune]string{}
	next := rune(0x100)
	encode := func(lines []string) (string, bool) {
		var enc strings.Builder
		for _, l := range lines {
			r, ok := code[l]
			if !ok {
				if next == 0xD800 {
					next = 0xE000 // surrogates are no characters
				}
				if next > utf8.MaxRune {
					return "", false
				}
				r, code[l], text[next] = next, next, l
				next++
			}
			enc.WriteRune(r)
		}
		return enc.String(), true
	}
	ea, okA := encode(a)
	eb, okB := encode(b)
	if !okA || !okB {
		return udiff.Strings(old, new)
	}
	var hunks []lineHunk
	for _, e := range udiff.Strings(ea, eb) {
		h := lineHunk{from: utf8.RuneCountInString(ea[:e.Start]), to: utf8.RuneCountInString(ea[:e.End])}
		for _, r := range e.New {
			h.lines = append(h.lines, text[r])
		}
		hunks = append(hunks, h)
	}
	slideDown(hunks, a)
	starts := make([]int, len(a)+1) // the offset of each line of old
	for i, l := range a {
		starts[i+1] = starts[i] + len(l)
	}
	edits := make([]udiff.Edit, len(hunks))
	for i, h := range hunks {
		edits[i] = udiff.Edit{Start: starts[h.from], End: starts[h.to], New: strings.Join(h.lines, "")}
	}
	return edits
}

// lineHunk replaces lines from up to to of the old text with lines.
type lineHunk struct {
	from, to int
	lines    []string
}

// slideDown moves each hunk that only inserts or only deletes lines as
// far down as it goes to an equal diff, short of the next hunk: lines
// appended after an entry that ends like the new one then show as added
// after it, not inside it.
func slideDown(hunks []lineHunk, old []string) {
	for i := range hunks {
		h := &hunks[i]
		limit := len(old)
		if i+1 < len(hunks) {
			limit = hunks[i+1].from
		}
		switch {
		case h.from == h.to:
			for len(h.lines) > 0 && h.from < limit && h.lines[0] == old[h.from] {
				h.lines = append(h.lines[1:], old[h.from])
				h.from++
				h.to++
			}
		case len(h.lines) == 0:
			for h.to < limit && old[h.from] == old[h.to] {
				h.from++
				h.to++
			}
		}
	}
}

// splitLines splits s after each line break.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
