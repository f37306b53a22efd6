// Package textpos turns byte offsets in a text into the line and column
// that messages give: lines count from 1, and columns count characters
// (runes) from 1, as HCL and the JSON readers report them.
package textpos

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Index finds the line and column of offsets in one text. It indexes the
// line starts once, on first use; offsets asked for in increasing order on
// one line (the resources of a one-line plan) are counted from the
// previous one, not from the line start. An Index is not safe for
// concurrent use.
type Index struct {
	text              []byte
	lines             []int // byte offsets of line starts, made on demand
	lastOff           int   // the offset Pos returned last, and its position
	lastLine, lastCol int
}

// New returns an Index of text, which it keeps and must not change.
func New(text []byte) *Index {
	return &Index{text: text}
}

// Pos returns the line and column of byte offset off, clamped to the
// text.
func (x *Index) Pos(off int) (line, column int) {
	if x.lines == nil {
		x.lines = []int{0}
		for i := 0; ; {
			n := bytes.IndexByte(x.text[i:], '\n')
			if n < 0 {
				break
			}
			i += n + 1
			x.lines = append(x.lines, i)
		}
	}
	off = min(max(off, 0), len(x.text))
	l := sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > off }) - 1
	from, col := x.lines[l], 1
	if x.lastLine == l+1 && x.lastOff <= off {
		from, col = x.lastOff, x.lastCol
	}
	col += utf8.RuneCount(x.text[from:off])
	x.lastOff, x.lastLine, x.lastCol = off, l+1, col
	return l + 1, col
}
