package patch

import (
	"slices"
	"strings"

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
	hunks, err := udiff.ToUnified(from, to, old, udiff.Strings(old, new), contextLines)
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
