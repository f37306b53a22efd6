package text

import (
	"strings"

	"github.com/vpctrace/vpctrace/render/internal/cells"
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

// width returns the number of terminal cells s takes: two for an East
// Asian wide character or an emoji (see package cells).
func width(s string) int { return cells.Width(s) }

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

// wrap breaks s into lines of at most limit cells at spaces; a word longer
// than limit gets a line of its own, whole, so that a name or an ARN can be
// searched for and copied. A blank s gives no line.
func wrap(s string, limit int) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return cells.Wrap(s, limit, cells.KeepWords)
}

// hang writes s wrapped with a hanging indent: its first line after first,
// the others after rest, all within lineWidth. A blank s writes nothing.
func (p *printer) hang(first, rest, s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	for i, line := range cells.WrapHanging(s, wrapWidth(first), wrapWidth(rest), cells.KeepWords) {
		if i == 0 {
			p.println(first, line)
		} else {
			p.println(rest, line)
		}
	}
}

// shorten fits s into limit cells. An ARN keeps its resource part
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
	head := (limit - 1) / 3
	return cells.Head(s, head) + "…" + cells.Tail(s, limit-1-head)
}
