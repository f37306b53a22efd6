package terraform

import (
	"bytes"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// keepLayout returns edited, the formatted text of a block after the
// patcher's edits, laid out as orig, the block's text as written: a line
// the edits left alone (spacing aside) stays as the author wrote it, and a
// new or changed line takes the author's indent unit (four spaces, a tab)
// and line ending. A block the author kept as terraform fmt writes it
// comes back as edited. So a patch shows only what it changes, not the
// reformatting of a block written in another style.
//
// It returns edited unchanged when it cannot map the lines of orig onto
// its formatted text (terraform fmt never joins or splits lines), and it
// keeps edited's indentation when the block has a heredoc, whose lines
// are text to keep as they are.
func keepLayout(orig, edited []byte) []byte {
	formatted := bytes.TrimRight(hclwrite.Format(orig), "\n")
	if bytes.Equal(formatted, orig) {
		return edited
	}
	crlf := bytes.Contains(orig, []byte("\r\n"))
	origLines := strings.Split(strings.ReplaceAll(string(orig), "\r\n", "\n"), "\n")
	fmtLines := strings.Split(string(formatted), "\n")
	newLines := strings.Split(string(edited), "\n")
	if len(origLines) != len(fmtLines) {
		return edited
	}
	unit := "  "
	if !bytes.Contains(edited, []byte("<<")) {
		unit = indentUnit(origLines, fmtLines)
	}
	before, after := normalLines(fmtLines), normalLines(newLines)
	var out []string
	at, from := 0, 0 // the next line of orig, and of edited
	for _, e := range udiff.Lines(before, after) {
		start, end := strings.Count(before[:e.Start], "\n"), strings.Count(before[:e.End], "\n")
		out = append(out, origLines[at:start]...)
		from += start - at
		n := strings.Count(e.New, "\n")
		for _, l := range newLines[from : from+n] {
			out = append(out, reindent(l, unit))
		}
		at, from = end, from+n
	}
	out = append(out, origLines[at:]...)
	sep := "\n"
	if crlf {
		sep = "\r\n"
	}
	return []byte(strings.Join(out, sep))
}

// normalLines joins lines with each one's spaces collapsed, so that a line
// that only moved its "=" to align with a new neighbour still matches.
func normalLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.Join(strings.Fields(l), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// indentUnit is the indent the author used for one level: the leading
// space of the first line of orig that terraform fmt indents by one level
// (two spaces), or two spaces when there is none.
func indentUnit(orig, formatted []string) string {
	for i, f := range formatted {
		if strings.HasPrefix(f, "  ") && !strings.HasPrefix(f, "   ") {
			if u := orig[i][:len(orig[i])-len(strings.TrimLeft(orig[i], " \t"))]; u != "" {
				return u
			}
		}
	}
	return "  "
}

// reindent gives line l, indented by terraform fmt's two spaces a level,
// unit a level instead.
func reindent(l, unit string) string {
	body := strings.TrimLeft(l, " ")
	return strings.Repeat(unit, (len(l)-len(body))/2) + body
}
