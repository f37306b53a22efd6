package terraform

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/internal/textpos"
	ctyyaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// maxNesting bounds how deep input may nest. HCL's parser and evaluator
// recurse once per level of brackets, interpolations, template
// directives and operators, so that some 100,000 levels in a 200 kB file
// exhaust the Go stack, which kills the process (Terraform's parser does
// the same). Real configurations nest a few levels; the check runs before
// parsing.
const maxNesting = 1000

// nestMode is what a scan starts in.
type nestMode int

const (
	nestConfig   nestMode = iota // a configuration body or an expression
	nestTemplate                 // a template (templatefile, or a JSON string)
)

// frameKind is a level of nesting that the scanner tracks.
type frameKind int

const (
	frameBody    frameKind = iota // the outermost level, or a block body
	frameBracket                  // ( [ {
	frameInterp                   // ${ or %{ up to its }
	frameQuoted                   // a quoted template "..."
	frameHeredoc                  // a heredoc template
)

// frame is one level. ops counts the operators (and postfix indexes) of
// the item being read at this level: each nests the syntax tree one
// level deeper (1+1+1 is (1+1)+1).
type frame struct {
	kind  frameKind
	delim string // heredoc: its end marker
	ops   int
	// directive marks the template level inside %{if} or %{for};
	// opens and closes mark the %{...} that starts or ends one.
	directive, opens, closes bool
}

// nestScanner measures nesting with a cheap byte scan that follows HCL's
// lexical modes (expressions, quoted strings, heredocs, comments,
// interpolations) without building tokens.
type nestScanner struct {
	src       []byte
	stack     []frame
	depth     int  // len(stack) plus every frame's ops
	lastValue bool // the previous token ends a value (for postfix indexes)
}

// nestingOffset returns the offset in src where it nests deeper than
// maxNesting, or -1. depth is the nesting already around src.
func nestingOffset(src []byte, mode nestMode, depth int) int {
	s := &nestScanner{src: src, depth: depth}
	if mode == nestTemplate {
		// Like a heredoc's (no escapes), but with no end marker.
		s.push(frame{kind: frameHeredoc})
	} else {
		s.push(frame{kind: frameBody})
	}
	for i := 0; i < len(src); {
		next, tooDeep := s.step(i)
		if tooDeep {
			return i
		}
		i = next
	}
	return -1
}

func (s *nestScanner) top() *frame { return &s.stack[len(s.stack)-1] }

// push adds a level; it reports whether that is one too many.
func (s *nestScanner) push(f frame) bool {
	s.stack = append(s.stack, f)
	s.depth++
	s.lastValue = false
	return s.depth > maxNesting
}

func (s *nestScanner) pop() frame {
	f := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.depth -= 1 + f.ops
	return f
}

// op counts an operator at the current level.
func (s *nestScanner) op() bool {
	s.top().ops++
	s.depth++
	s.lastValue = false
	return s.depth > maxNesting
}

// endItem starts a new item at the current level (after , = or a
// newline in a body).
func (s *nestScanner) endItem() {
	t := s.top()
	s.depth -= t.ops
	t.ops = 0
	s.lastValue = false
}

// step reads the token at i and returns where the next one starts, and
// whether the nesting limit is crossed at i.
func (s *nestScanner) step(i int) (int, bool) {
	switch s.top().kind {
	case frameQuoted, frameHeredoc:
		return s.templateStep(i)
	}
	return s.exprStep(i)
}

func (s *nestScanner) at(i int) byte {
	if i < len(s.src) {
		return s.src[i]
	}
	return 0
}

// exprStep reads one token in expression mode.
func (s *nestScanner) exprStep(i int) (int, bool) {
	c, d := s.src[i], s.at(i+1)
	switch {
	case c == '\n':
		if s.top().kind == frameBody || s.top().kind == frameBracket && s.openerOf() == '{' {
			s.endItem()
		}
		return i + 1, false
	case c == '#' || c == '/' && d == '/':
		for i < len(s.src) && s.src[i] != '\n' {
			i++
		}
		return i, false
	case c == '/' && d == '*':
		for i += 2; i < len(s.src) && !(s.src[i] == '*' && s.at(i+1) == '/'); i++ {
		}
		return i + 2, false
	case c == '"':
		return i + 1, s.push(frame{kind: frameQuoted})
	case c == '<' && d == '<':
		if delim, next, ok := heredocStart(s.src, i); ok {
			return next, s.push(frame{kind: frameHeredoc, delim: delim})
		}
		return i + 2, s.op()
	case c == '[' && s.lastValue:
		if s.op() { // an index or splat: one level more
			return i, true
		}
		return i + 1, s.push(frame{kind: frameBracket, delim: "["})
	case c == '(' || c == '[' || c == '{':
		return i + 1, s.push(frame{kind: frameBracket, delim: string(c)})
	case c == ')' || c == ']' || c == '}':
		switch s.top().kind {
		case frameBracket:
			s.pop()
		case frameInterp:
			if c == '}' {
				return i + 1, s.closeInterp()
			}
		}
		s.lastValue = true
		return i + 1, false
	case c == ',':
		s.endItem()
		return i + 1, false
	case c == '=' && d == '=', c == '!' && d == '=', c == '<' && d == '=', c == '>' && d == '=',
		c == '&' && d == '&', c == '|' && d == '|':
		return i + 2, s.op()
	case c == '=':
		if d == '>' {
			i++
		}
		s.endItem()
		return i + 1, false
	case c == '+', c == '-', c == '*', c == '/', c == '%', c == '!', c == '<', c == '>', c == '?':
		return i + 1, s.op()
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
		for i < len(s.src) && isIdentByte(s.src[i]) {
			i++
		}
		s.lastValue = true
		return i, false
	case c >= '0' && c <= '9':
		for i < len(s.src) && (s.src[i] >= '0' && s.src[i] <= '9' || s.src[i] == '.') {
			i++
		}
		s.lastValue = true
		return i, false
	case c == ' ' || c == '\t' || c == '\r':
		return i + 1, false
	}
	s.lastValue = c == '.' && s.lastValue // a.b[0]: still a value
	return i + 1, false
}

// openerOf is the opening bracket of the top frame.
func (s *nestScanner) openerOf() byte {
	if d := s.top().delim; d != "" {
		return d[0]
	}
	return 0
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// closeInterp ends an interpolation or directive tag: after %{if ...}
// or %{for ...} the template goes on one level deeper, until %{endif}
// or %{endfor}.
func (s *nestScanner) closeInterp() bool {
	f := s.pop()
	s.lastValue = false
	switch {
	case f.opens:
		t := *s.top()
		return s.push(frame{kind: t.kind, delim: t.delim, directive: true})
	case f.closes && s.top().directive:
		s.pop()
	}
	return false
}

// templateStep reads one piece of a quoted or heredoc template.
func (s *nestScanner) templateStep(i int) (int, bool) {
	t := s.top()
	c, d := s.src[i], s.at(i+1)
	if t.kind == frameHeredoc && t.delim != "" && (i == 0 || s.src[i-1] == '\n') {
		if next, ok := heredocEnd(s.src, i, t.delim); ok {
			s.popTemplate()
			return next, false
		}
	}
	switch {
	case t.kind == frameQuoted && c == '\\':
		return i + 2, false
	case t.kind == frameQuoted && c == '"':
		s.popTemplate()
		return i + 1, false
	case (c == '$' || c == '%') && d == c && s.at(i+2) == '{':
		return i + 3, false // $${ and %%{ are literal
	case c == '$' && d == '{':
		return i + 2, s.push(frame{kind: frameInterp})
	case c == '%' && d == '{':
		f := frame{kind: frameInterp}
		switch directiveKeyword(s.src, i+2) {
		case "if", "for":
			f.opens = true
		case "endif", "endfor":
			f.closes = true
		}
		return i + 2, s.push(f)
	}
	return i + 1, false
}

// popTemplate ends a template and the directives open in it.
func (s *nestScanner) popTemplate() {
	for s.top().directive {
		s.pop()
	}
	s.pop()
	s.lastValue = true
}

// directiveKeyword returns the keyword of a template directive whose
// body starts at i: "if" in %{ if x }, "endfor" in %{~endfor}.
func directiveKeyword(src []byte, i int) string {
	for i < len(src) && (src[i] == '~' || src[i] == ' ' || src[i] == '\t') {
		i++
	}
	start := i
	for i < len(src) && src[i] >= 'a' && src[i] <= 'z' {
		i++
	}
	return string(src[start:i])
}

// heredocStart reads <<EOT or <<-EOT and its newline at i: the end
// marker and the offset of the template.
func heredocStart(src []byte, i int) (delim string, next int, ok bool) {
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	start := j
	for j < len(src) && isIdentByte(src[j]) {
		j++
	}
	if j == start || src[start] == '-' || src[start] >= '0' && src[start] <= '9' {
		return "", 0, false
	}
	delim = string(src[start:j])
	if j < len(src) && src[j] == '\r' {
		j++
	}
	if j >= len(src) || src[j] != '\n' {
		return "", 0, false
	}
	return delim, j + 1, true
}

// heredocEnd reports whether the line at i ends a heredoc: blanks, the
// marker, then the end of the line.
func heredocEnd(src []byte, i int, delim string) (int, bool) {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if len(src)-i < len(delim) || string(src[i:i+len(delim)]) != delim {
		return 0, false
	}
	j := i + len(delim)
	if j < len(src) && src[j] == '\r' {
		j++
	}
	if j < len(src) && src[j] != '\n' {
		return 0, false
	}
	return j, true
}

// jsonNestingOffset returns the offset in a JSON configuration or
// variable file where it nests deeper than maxNesting, or -1. The
// strings are scanned as the templates HCL reads them as, one level
// below the JSON around them.
func jsonNestingOffset(src []byte) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '[', '{':
			if depth++; depth > maxNesting {
				return i
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '"':
			end := jsonStringEnd(src, i)
			text := jsonUnquote(src[i:end])
			if at := nestingOffset(text, nestTemplate, depth); at >= 0 {
				return i + rawOffset(src[i:end], at)
			}
			i = end - 1
		}
	}
	return -1
}

// jsonStringEnd returns the offset after the JSON string that starts at
// i (or the end of src when it is not closed).
func jsonStringEnd(src []byte, i int) int {
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(src)
}

// jsonUnquote decodes a JSON string literal, quotes included; what is
// not valid JSON is kept as it is (the parser reports it).
func jsonUnquote(lit []byte) []byte {
	out := make([]byte, 0, len(lit))
	for i := 1; i < len(lit); {
		r, size := jsonChar(lit, i)
		if r < 0 { // the closing quote
			break
		}
		out = utf8.AppendRune(out, r)
		i += size
	}
	return out
}

// jsonChar decodes the character at i of a JSON string literal: -1 for
// the closing quote.
func jsonChar(lit []byte, i int) (rune, int) {
	c := lit[i]
	switch {
	case c == '"':
		return -1, 1
	case c != '\\' || i+1 >= len(lit):
		r, size := utf8.DecodeRune(lit[i:])
		return r, size
	}
	switch e := lit[i+1]; e {
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r, ok := hex4(lit, i+2)
		if !ok {
			return 'u', 2
		}
		if utf16.IsSurrogate(r) && i+11 < len(lit) && lit[i+6] == '\\' && lit[i+7] == 'u' {
			if r2, ok := hex4(lit, i+8); ok {
				return utf16.DecodeRune(r, r2), 12
			}
		}
		return r, 6
	default:
		return rune(e), 2
	}
}

func hex4(lit []byte, i int) (rune, bool) {
	if i+4 > len(lit) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(lit[i:i+4]), 16, 32)
	return rune(n), err == nil
}

// rawOffset maps an offset in the decoded text of a JSON string literal
// to the offset in the literal of the character it comes from.
func rawOffset(lit []byte, decoded int) int {
	n := 0
	for i := 1; i < len(lit); {
		r, size := jsonChar(lit, i)
		if r < 0 {
			return i
		}
		if n += utf8.RuneLen(r); n > decoded {
			return i
		}
		i += size
	}
	return len(lit) - 1
}

// posAt is the position of offset in src, which starts at start. Columns
// count characters, as HCL's do (except for combining marks).
func posAt(src []byte, offset int, start hcl.Pos) hcl.Pos {
	line, col := textpos.New(src).Pos(offset)
	p := start
	if line == 1 {
		p.Column = start.Column + col - 1
	} else {
		p.Line, p.Column = start.Line+line-1, col
	}
	p.Byte = start.Byte + offset
	return p
}

// nestingDiag checks src (of file filename, starting at start) before it
// is parsed, and returns an error diagnostic where it nests deeper than
// maxNesting, or nil. json selects JSON syntax.
func nestingDiag(src []byte, filename string, start hcl.Pos, mode nestMode, json bool) *hcl.Diagnostic {
	at := -1
	if json {
		at = jsonNestingOffset(src)
	} else {
		at = nestingOffset(src, mode, 0)
	}
	if at < 0 {
		return nil
	}
	p := posAt(src, at, start)
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Nesting too deep",
		Detail: fmt.Sprintf("More than %d levels of brackets, interpolations, template directives or operators are nested here; vpctrace does not read input nested this deep (parsing it would exhaust the stack).",
			maxNesting),
		Subject: &hcl.Range{Filename: filename, Start: p, End: p},
	}
}

// yamlDecodeFunc is Terraform's yamldecode, refusing a document whose
// flow collections ([ and {) nest deeper than maxNesting: the YAML parser
// takes time quadratic in that depth (40,000 levels, 80 kB, took 22 s).
// Block nesting (by indentation) costs linear time and is not limited.
var yamlDecodeFunc = function.New(&function.Spec{
	Description: ctyyaml.YAMLDecodeFunc.Description(),
	Params:      ctyyaml.YAMLDecodeFunc.Params(),
	Type: func(args []cty.Value) (cty.Type, error) {
		if err := checkYAMLNesting(args[0]); err != nil {
			return cty.NilType, err
		}
		return ctyyaml.YAMLDecodeFunc.ReturnTypeForValues(args)
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return ctyyaml.YAMLDecodeFunc.Call(args)
	},
})

// checkYAMLNesting refuses a known string whose YAML flow collections
// nest deeper than maxNesting.
func checkYAMLNesting(v cty.Value) error {
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return nil
	}
	if at := yamlFlowNestingOffset(v.AsString()); at >= 0 {
		return function.NewArgErrorf(0, "the YAML document nests more than %d levels of [ and { (at byte %d); vpctrace does not read YAML nested this deep", maxNesting, at)
	}
	return nil
}

// yamlFlowNestingOffset returns the offset in src where its flow
// collections nest deeper than maxNesting, or -1. Brackets in quoted
// scalars and comments do not count; in plain scalars they may, which
// only over-counts.
func yamlFlowNestingOffset(src string) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '[', '{':
			if depth++; depth > maxNesting {
				return i
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '"', '\'':
			i = yamlQuotedEnd(src, i)
		case '#':
			if i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			}
		}
	}
	return -1
}

// yamlQuotedEnd returns the offset of the quote that closes the quoted
// scalar opened at src[start], or the end of src: backslash escapes in
// "...", a doubled quote in '...'.
func yamlQuotedEnd(src string, start int) int {
	q := src[start]
	for i := start + 1; i < len(src); i++ {
		switch {
		case q == '"' && src[i] == '\\':
			i++
		case src[i] == q && q == '\'' && i+1 < len(src) && src[i+1] == '\'':
			i++
		case src[i] == q:
			return i
		}
	}
	return len(src)
}
