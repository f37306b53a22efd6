package text

import (
	"strings"
	"unicode/utf8"
)

// cell is one column of an aligned row: sanitized text and an optional
// ANSI colour applied after padding.
type cell struct {
	text  string
	color string
}

// plain returns an uncoloured cell holding sanitize(s).
func plain(s string) cell { return cell{text: sanitize(s)} }

// colored returns a cell holding sanitize(s) in colour c.
func colored(s, c string) cell { return cell{text: sanitize(s), color: c} }

// width returns the number of columns s takes, counting one per rune.
func width(s string) int { return utf8.RuneCountInString(s) }

// columnWidths returns, per column, the widest cell of rows.
func columnWidths(rows [][]cell) []int {
	var ws []int
	for _, row := range rows {
		for i, c := range row {
			if i == len(ws) {
				ws = append(ws, 0)
			}
			ws[i] = max(ws[i], width(c.text))
		}
	}
	return ws
}

// formatRow lays cells out in columns of widths ws, two spaces apart, with
// no trailing blanks.
func (p *printer) formatRow(cells []cell, ws []int) string {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(p.paint(c.text, c.color))
		if i < len(cells)-1 && i < len(ws) {
			b.WriteString(strings.Repeat(" ", max(0, ws[i]-width(c.text))))
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// wrap breaks s into lines of at most limit columns at spaces; a word longer
// than limit gets a line of its own.
func wrap(s string, limit int) []string {
	var lines []string
	var line strings.Builder
	for _, word := range strings.Fields(s) {
		if line.Len() > 0 && width(line.String())+1+width(word) > limit {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// shorten fits s into limit columns. An ARN keeps its resource part
// ("arn:…:secret:db"); anything still too long keeps its start and a longer
// end, the part that usually tells values apart, around an ellipsis.
func shorten(s string, limit int) string {
	if width(s) <= limit {
		return s
	}
	if parts := strings.SplitN(s, ":", 6); len(parts) == 6 && parts[0] == "arn" {
		s = "arn:…:" + parts[5]
		if width(s) <= limit {
			return s
		}
	}
	runes := []rune(s)
	head := (limit - 1) / 3
	tail := limit - 1 - head
	return string(runes[:head]) + "…" + string(runes[len(runes)-tail:])
}
