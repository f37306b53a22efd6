package scenario

import (
	"bytes"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// value is YAML text to write: a scalar, a flow list or mapping, or a
// block list or mapping.
type value interface{ isValue() }

// scalar is a scalar's YAML text, quoted where it needs to be.
type scalar string

// list is a sequence, written in flow style: [a, b].
type list []value

// mapping is a mapping with its keys in order, written in flow style:
// {a: 1, b: 2}.
type mapping []field

// blockList is a sequence written in block style, one "- " item a line.
type blockList []value

// blockMapping is a mapping written in block style, one key a line.
type blockMapping []field

// literal is a string written as a literal block scalar ("|"), its lines
// indented under its key.
type literal string

type field struct {
	key string
	val value
}

func (scalar) isValue()       {}
func (list) isValue()         {}
func (mapping) isValue()      {}
func (blockList) isValue()    {}
func (blockMapping) isValue() {}
func (literal) isValue()      {}

// isBlock reports whether v must be written over several lines.
func isBlock(v value) bool {
	switch v.(type) {
	case blockList, blockMapping, literal:
		return true
	}
	return false
}

// str is the YAML text of the string s: plain where YAML reads it back as
// the same string in block and flow context, else quoted.
func str(s string) scalar {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	t := encodeScalar(n)
	plain := t != "" && t[0] != '\'' && t[0] != '"'
	// Double quotes, as docs/scenario.md writes "*", unless the string
	// holds some (a JSON document) and single quotes read better.
	single := t != "" && t[0] == '\'' && !strings.ContainsAny(s, "\"\\")
	if single || strings.Contains(t, "\n") || plain && (strings.ContainsAny(t, ",[]{}") || strings.Contains(t, " #") || !safeStart(t[0])) {
		n.Style = yaml.DoubleQuotedStyle
		t = encodeScalar(n)
	}
	return scalar(t)
}

// safeStart reports whether a plain scalar may start with c in any
// context without a second look at what follows (":" and "?" may, before
// some characters only).
func safeStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '/' || c == '.' || c >= 0x80
}

// encodeScalar is the YAML library's text for scalar n.
func encodeScalar(n *yaml.Node) string {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	if err := enc.Encode(n); err != nil || enc.Close() != nil {
		// A string scalar always encodes; quote it as Go would, which
		// YAML's double-quoted style reads the same.
		return strconv.Quote(n.Value)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func num(i int) scalar { return scalar(strconv.Itoa(i)) }

func boolean(b bool) scalar { return scalar(strconv.FormatBool(b)) }

// strs is a flow list of strings.
func strs(ss []string) list {
	l := make(list, len(ss))
	for i, s := range ss {
		l[i] = str(s)
	}
	return l
}

// flow is v written on one line. A block value is written in flow style.
func flow(v value) string {
	switch v := v.(type) {
	case scalar:
		return string(v)
	case list:
		return flowList(v)
	case blockList:
		return flowList(list(v))
	case mapping:
		return flowMapping(v)
	case blockMapping:
		return flowMapping(mapping(v))
	case literal:
		return string(str(string(v)))
	}
	return ""
}

func flowList(l list) string {
	parts := make([]string, len(l))
	for i, v := range l {
		parts[i] = flow(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func flowMapping(m mapping) string {
	parts := make([]string, len(m))
	for i, f := range m {
		parts[i] = f.key + ": " + flow(f.val)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// layout is how a file indents: the columns a nested mapping's keys move
// right by, where a block list's "-" stands under its key, and whether
// list items that are mappings are written in flow style.
type layout struct {
	unit      int
	seqIndent int
	itemFlow  bool
}

// entryLines are the lines of key: v at indent spaces.
func (l layout) entryLines(key string, v value, indent int) []string {
	pad := strings.Repeat(" ", indent)
	switch v := v.(type) {
	case blockList:
		lines := []string{pad + key + ":"}
		for _, item := range v {
			lines = append(lines, l.itemLines(item, indent+l.seqIndent)...)
		}
		return lines
	case blockMapping:
		lines := []string{pad + key + ":"}
		return append(lines, l.mappingLines(v, indent+l.unit)...)
	case literal:
		lines := []string{pad + key + ": |"}
		for _, line := range strings.Split(strings.TrimSuffix(string(v), "\n"), "\n") {
			lines = append(lines, strings.TrimRight(pad+strings.Repeat(" ", l.unit)+line, " "))
		}
		return lines
	}
	return []string{pad + key + ": " + flow(v)}
}

// mappingLines are the lines of block mapping m at indent spaces.
func (l layout) mappingLines(m blockMapping, indent int) []string {
	var lines []string
	for _, f := range m {
		lines = append(lines, l.entryLines(f.key, f.val, indent)...)
	}
	return lines
}

// itemLines are the lines of a block list item whose "-" is at indent
// spaces: a mapping in flow style, or in block style with its first key
// on the "-" line when the file writes items so.
func (l layout) itemLines(v value, indent int) []string {
	pad := strings.Repeat(" ", indent)
	m, isMapping := v.(mapping)
	if bm, ok := v.(blockMapping); ok {
		m, isMapping = mapping(bm), true
	}
	if !isMapping || l.itemFlow || len(m) == 0 {
		return []string{pad + "- " + flow(v)}
	}
	lines := l.mappingLines(blockMapping(m), indent+2)
	lines[0] = pad + "- " + strings.TrimLeft(lines[0], " ")
	return lines
}
