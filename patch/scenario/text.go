package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// doc is a scenario file's text with its YAML tree, which gives the line
// and column where each node starts. Edits splice the text; the tree is
// parsed again after each one.
type doc struct {
	text  []byte
	root  *yaml.Node // the top-level mapping; nil for an empty file
	lines []int      // the offset where each line starts, line 1 first
}

// splice replaces text[start:end] with s.
type splice struct {
	start, end int
	text       string
}

// parse reads text, which must hold one YAML document whose top level is
// a block mapping.
func parse(text []byte) (*doc, error) {
	d := &doc{text: text, lines: []int{0}}
	for i, c := range text {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	var top yaml.Node
	if err := yaml.Unmarshal(text, &top); err != nil {
		return nil, fmt.Errorf("the scenario is not valid YAML: %w", err)
	}
	if len(top.Content) == 0 {
		return d, nil
	}
	d.root = top.Content[0]
	if d.root.Kind != yaml.MappingNode || d.root.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("the scenario's top level is not a block mapping")
	}
	return d, nil
}

// apply returns the text with s made.
func (d *doc) apply(s splice) []byte {
	out := make([]byte, 0, len(d.text)+len(s.text))
	out = append(out, d.text[:s.start]...)
	out = append(out, s.text...)
	return append(out, d.text[s.end:]...)
}

// nlines is the number of lines; a final newline starts no line.
func (d *doc) nlines() int {
	n := len(d.lines)
	if n > 1 && d.lines[n-1] == len(d.text) {
		n--
	}
	return n
}

// lineStart is the offset of line l (1-based); past the last line, the
// end of the text.
func (d *doc) lineStart(l int) int {
	if l-1 >= len(d.lines) {
		return len(d.text)
	}
	return d.lines[l-1]
}

// lineText is line l without its line break.
func (d *doc) lineText(l int) string {
	s := string(d.text[d.lineStart(l):d.lineStart(l+1)])
	return strings.TrimRight(s, "\r\n")
}

// offset is the byte offset of line l, column c (both 1-based, the column
// counted in characters as the YAML library counts them).
func (d *doc) offset(l, c int) int {
	off := d.lineStart(l)
	for ; c > 1 && off < len(d.text); c-- {
		_, size := utf8.DecodeRune(d.text[off:])
		off += size
	}
	return off
}

// start is the offset where node n starts.
func (d *doc) start(n *yaml.Node) int { return d.offset(n.Line, n.Column) }

// indent is the column of line l's first character other than a space,
// and what the line holds: nothing, a comment, or content.
func (d *doc) indent(l int) (col int, kind lineKind) {
	s := d.lineText(l)
	t := strings.TrimLeft(s, " ")
	switch {
	case strings.TrimSpace(t) == "":
		return 0, blankLine
	case t[0] == '#':
		return len(s) - len(t) + 1, commentLine
	}
	return len(s) - len(t) + 1, contentLine
}

type lineKind int

const (
	blankLine lineKind = iota
	commentLine
	contentLine
)

// blockEnd is the offset just after the last content line of the block
// that starts on line first and holds every following line indented
// deeper than column col; with dash, lines at col that start a sequence
// item ("- ") belong to it too (a sequence written at its key's column).
// Trailing comments and blank lines are left out.
func (d *doc) blockEnd(first, col int, dash bool) int {
	last := first
	for l := first + 1; l <= d.nlines(); l++ {
		c, kind := d.indent(l)
		if kind != contentLine {
			continue
		}
		if c < col || c == col && !(dash && isDashLine(d.lineText(l))) {
			break
		}
		last = l
	}
	return d.lineStart(last + 1)
}

func isDashLine(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "-" || strings.HasPrefix(t, "- ")
}

// entryEnd is the end of the mapping entry whose key is k and value v, in
// a block mapping: the offset after its last content line.
func (d *doc) entryEnd(k, v *yaml.Node) int {
	dash := v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && d.dashColumn(v.Content[0]) == k.Column
	return d.blockEnd(k.Line, k.Column, dash)
}

// mappingEnd is the end of block mapping m: after its last entry.
func (d *doc) mappingEnd(m *yaml.Node) int {
	k, v := m.Content[len(m.Content)-2], m.Content[len(m.Content)-1]
	return d.entryEnd(k, v)
}

// dashColumn is the column of the "-" that starts block sequence item n.
func (d *doc) dashColumn(n *yaml.Node) int {
	s := []rune(d.lineText(n.Line))
	for c := n.Column - 2; c >= 0; c-- {
		if c < len(s) && s[c] == '-' {
			return c + 1
		}
	}
	return n.Column
}

// itemEnd is the end of block sequence item n: after its last line.
func (d *doc) itemEnd(n *yaml.Node) int {
	return d.blockEnd(n.Line, d.dashColumn(n), false)
}

// flowEnd is the offset just after the flow collection that starts at
// off ("[" or "{"), and whether a comment is inside it.
func (d *doc) flowEnd(off int) (end int, comment bool, err error) {
	depth := 0
	for i := off; i < len(d.text); i++ {
		switch c := d.text[i]; c {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1, comment, nil
			}
		case '"', '\'':
			end, err := d.quotedEnd(i)
			if err != nil {
				return 0, false, err
			}
			i = end - 1
		case '#':
			if i > 0 && (d.text[i-1] == ' ' || d.text[i-1] == '\t' || d.text[i-1] == '\n') {
				comment = true
				for i < len(d.text) && d.text[i] != '\n' {
					i++
				}
			}
		}
	}
	return 0, false, fmt.Errorf("line %d: a flow collection is not closed", d.lineOf(off))
}

// quotedEnd is the offset after the quoted scalar that starts at off.
func (d *doc) quotedEnd(off int) (int, error) {
	q := d.text[off]
	for i := off + 1; i < len(d.text); i++ {
		switch {
		case q == '"' && d.text[i] == '\\':
			i++
		case d.text[i] == q && q == '\'' && i+1 < len(d.text) && d.text[i+1] == '\'':
			i++
		case d.text[i] == q:
			return i + 1, nil
		}
	}
	return 0, fmt.Errorf("line %d: a quoted value is not closed", d.lineOf(off))
}

// lineOf is the line of offset off.
func (d *doc) lineOf(off int) int {
	return bytes.Count(d.text[:off], []byte("\n")) + 1
}

// nodeEnd is the offset after node n, which must be written on one line
// or be a flow collection: a scalar, "[...]" or "{...}". inFlow says
// whether n is inside a flow collection, where a plain scalar also ends
// at "," "]" and "}".
func (d *doc) nodeEnd(n *yaml.Node, inFlow bool) (int, error) {
	off := d.start(n)
	if n.Kind == yaml.AliasNode || n.Anchor != "" || n.Tag != "" && n.Style&yaml.TaggedStyle != 0 {
		return 0, fmt.Errorf("line %d: vpctrace does not edit values written with YAML anchors, aliases or tags", n.Line)
	}
	switch {
	case n.Kind != yaml.ScalarNode:
		if n.Style&yaml.FlowStyle == 0 {
			return 0, fmt.Errorf("line %d: expected a flow collection", n.Line)
		}
		end, _, err := d.flowEnd(off)
		return end, err
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return 0, fmt.Errorf("line %d: vpctrace does not edit a block scalar (| or >) here", n.Line)
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return d.quotedEnd(off)
	}
	end := off
	for end < len(d.text) {
		c := d.text[end]
		if c == '\n' || c == '\r' || inFlow && (c == ',' || c == ']' || c == '}') {
			break
		}
		if c == '#' && end > off && d.text[end-1] == ' ' {
			break
		}
		if c == ':' && (end+1 == len(d.text) || d.text[end+1] == ' ' || d.text[end+1] == '\n' || inFlow && strings.IndexByte(",]}", d.text[end+1]) >= 0) {
			break
		}
		end++
	}
	for end > off && (d.text[end-1] == ' ' || d.text[end-1] == '\t') {
		end--
	}
	if string(d.text[off:end]) != n.Value {
		return 0, fmt.Errorf("line %d: vpctrace does not edit a value written over several lines", n.Line)
	}
	return end, nil
}

// pair finds key in mapping m: the key node, the value node and whether
// it is there. It refuses a mapping with a merge key, whose keys may come
// from elsewhere.
func pair(m *yaml.Node, key string) (k, v *yaml.Node, err error) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn := m.Content[i]
		if kn.Kind == yaml.ScalarNode && kn.ShortTag() == "!!merge" {
			return nil, nil, fmt.Errorf("line %d: vpctrace does not edit a mapping with a merge key (<<)", kn.Line)
		}
		if kn.Kind == yaml.AliasNode {
			return nil, nil, fmt.Errorf("line %d: vpctrace does not edit a mapping with aliased keys", kn.Line)
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1], nil
		}
	}
	return nil, nil, nil
}

func isFlow(n *yaml.Node) bool { return n.Style&yaml.FlowStyle != 0 }

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// lineBreak is the file's line break: CRLF when its first line ends so.
func (d *doc) lineBreak() string {
	if i := bytes.IndexByte(d.text, '\n'); i > 0 && d.text[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}
