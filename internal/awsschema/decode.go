package awsschema

// The data file is gzip members one after the other (so zcat prints it
// all). The first member is the header:
//
//	awsschema 2 registry.terraform.io/hashicorp/aws VERSION
//	chunk SIZE FIRST        (one line per following member)
//
// SIZE is the member's compressed size and FIRST the name of its first
// type. Each further member, a chunk, is lines of types sorted by name
// (data source before resource of the same name, which are always in the
// same chunk):
//
//	KIND NAME \t ATTR ATTR... \t BLOCK BLOCK... \t DEF DEF... \t BODY...
//
// KIND is r (resource) or d (data source); ATTR is NAME:FLAGS:TYPE with
// FLAGS a subset of "roc" (required, optional, computed); BLOCK is
// NAME:NESTING:MIN:MAX followed by the nested block type's contents, a
// BODY or @N, with NESTING as in Nesting.String. A BODY is
//
//	(ATTR ATTR...|BLOCK BLOCK...)
//
// and @N is the line's Nth BODY of the last field (which holds them one
// after the other, without separator), N counting from 0. DEF is a TYPE
// that TYPEs of the line refer to as #N, N counting DEFs from 0. A DEF
// refers only to earlier DEFs, a BODY of the last field only to DEFs and
// earlier BODYs. TYPE is
//
//	s | n | b | d            string, number, bool, dynamic
//	L TYPE | S TYPE | M TYPE list, set, map
//	O{NAME:TYPE,...}         object
//	T[TYPE,...]              tuple
//	#N                       the line's DEF N
//
// TYPEs have no space, "|", "(", ")" or "@", so that a BODY's parts are
// found by counting parentheses.
//
// Everything here is robust to any input: a corrupt header makes every
// lookup fail, a corrupt chunk the lookups of its types, a corrupt line
// the lookups of its type. Nothing panics.

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"
)

type kind uint8

const (
	kindResource kind = iota
	kindDataSource
)

const (
	headerMagic = "awsschema 2 registry.terraform.io/hashicorp/aws "
	// maxChunk bounds the memory a chunk's decompression may take: the
	// largest chunk is 70 KB.
	maxChunk = 4 << 20
	// maxDepth bounds the nesting of types (5.100.0's deepest is 23) and
	// of blocks (14).
	maxDepth = 64
)

// index finds the types of a data file.
type index struct {
	version string
	chunks  []chunk
}

type chunk struct {
	first string // name of the first type
	next  string // name of the next chunk's first type, or ""
	gz    string // the compressed member

	once  sync.Once
	types [2]map[string]*entry // by kind, then name; nil if corrupt
}

// entry is one type's line, decoded on first use.
type entry struct {
	line   string
	once   sync.Once
	schema *Schema // nil if the line is corrupt
}

// newIndex reads the header of a data file. It returns an index without
// chunks if the header is corrupt.
func newIndex(data string) *index {
	x := &index{}
	header, err := gunzip(data, 1<<16, 1<<10)
	if err != nil {
		return x
	}
	first, rest, _ := strings.Cut(header, "\n")
	version, ok := strings.CutPrefix(first, headerMagic)
	if !ok || version == "" || strings.ContainsAny(version, " \t") {
		return x
	}
	var chunks []chunk
	total := 0
	for line := range strings.Lines(rest) {
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "chunk" {
			return x
		}
		size, err := strconv.Atoi(f[1])
		if err != nil || size <= 0 || size > len(data) {
			return x
		}
		if n := len(chunks); n > 0 && chunks[n-1].first >= f[2] {
			return x // not sorted
		}
		total += size
		chunks = append(chunks, chunk{first: f[2], gz: data[:size]}) // gz set below
	}
	if total > len(data) {
		return x
	}
	// The chunks end the file, so the header member ends where they begin.
	off := len(data) - total
	for i := range chunks {
		size := len(chunks[i].gz)
		chunks[i].gz = data[off : off+size]
		off += size
		if i+1 < len(chunks) {
			chunks[i].next = chunks[i+1].first
		}
	}
	x.version = version
	x.chunks = chunks
	return x
}

// lookup returns the schema of a type, decompressing its chunk and decoding
// its line on first use.
func (x *index) lookup(k kind, name string) (*Schema, bool) {
	i := sort.Search(len(x.chunks), func(i int) bool { return x.chunks[i].first > name }) - 1
	if i < 0 {
		return nil, false
	}
	c := &x.chunks[i]
	c.once.Do(c.load)
	e := c.types[k][name]
	if e == nil {
		return nil, false
	}
	e.once.Do(func() {
		s, err := parseLine(e.line)
		if err == nil {
			e.schema = s
		}
	})
	return e.schema, e.schema != nil
}

// names returns the sorted names of the types of a kind, decompressing
// every chunk.
func (x *index) names(k kind) []string {
	var names []string
	for i := range x.chunks {
		c := &x.chunks[i]
		c.once.Do(c.load)
		for name := range c.types[k] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// load decompresses the chunk and finds its lines. Lines that do not start
// with a kind and a name are ignored; so are types that the chunk repeats or
// that sort outside it.
func (c *chunk) load() {
	hint := 0
	if n := len(c.gz); n >= 4 {
		hint = int(binary.LittleEndian.Uint32([]byte(c.gz[n-4:]))) // ISIZE
	}
	text, err := gunzip(c.gz, maxChunk, hint)
	if err != nil {
		return
	}
	types := [2]map[string]*entry{{}, {}}
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		head, _, ok := strings.Cut(line, "\t")
		if !ok || len(head) < 3 || head[1] != ' ' {
			continue
		}
		name := head[2:]
		if name < c.first || c.next != "" && name >= c.next {
			continue
		}
		var k kind
		switch head[0] {
		case 'r':
			k = kindResource
		case 'd':
			k = kindDataSource
		default:
			continue
		}
		if _, dup := types[k][name]; !dup {
			types[k][name] = &entry{line: line}
		}
	}
	c.types = types
}

// gunzip returns the content of the gzip member that starts data, if it is
// at most limit bytes long; hint is its expected length.
func gunzip(data string, limit, hint int) (string, error) {
	r, err := gzip.NewReader(strings.NewReader(data))
	if err != nil {
		return "", err
	}
	r.Multistream(false)
	b := make([]byte, 0, min(limit, max(hint, 0))+1) // +1: no growth to see EOF
	b, err = readAll(io.LimitReader(r, int64(limit)+1), b)
	if err != nil {
		return "", err
	}
	if len(b) > limit {
		return "", errors.New("too long")
	}
	return string(b), nil
}

// readAll is io.ReadAll into b.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

var errSyntax = errors.New("awsschema: corrupt data")

// parseLine decodes one type's line.
func parseLine(line string) (*Schema, error) {
	f := strings.Split(line, "\t")
	if len(f) != 5 {
		return nil, errSyntax
	}
	p := &typeParser{}
	if f[3] != "" {
		for def := range strings.SplitSeq(f[3], " ") {
			// A DEF can refer only to those before it: p.defs does not
			// hold it yet.
			ty, err := p.parseAll(def)
			if err != nil {
				return nil, err
			}
			p.defs = append(p.defs, ty)
		}
	}
	bodies, ok := splitTop(f[4], "")
	if !ok {
		return nil, errSyntax
	}
	for _, b := range bodies {
		s, err := p.parseBody(b, 1)
		if err != nil {
			return nil, err
		}
		p.bodies = append(p.bodies, s)
	}
	return p.parseContents(f[1], f[2], 0)
}

// parseBody decodes a BODY, "(ATTR...|BLOCK...)", at block depth depth.
func (p *typeParser) parseBody(b string, depth int) (*Schema, error) {
	inner, ok := strings.CutPrefix(b, "(")
	inner, ok2 := strings.CutSuffix(inner, ")")
	if !ok || !ok2 {
		return nil, errSyntax
	}
	// ATTRs have no "|": the first one ends them.
	attrs, blocks, ok := strings.Cut(inner, "|")
	if !ok {
		return nil, errSyntax
	}
	return p.parseContents(attrs, blocks, depth)
}

// parseContents decodes the ATTRs and BLOCKs of a block at depth depth
// (0 for the type's own).
func (p *typeParser) parseContents(attrs, blocks string, depth int) (*Schema, error) {
	if depth > maxDepth {
		return nil, errSyntax
	}
	fields, ok := splitTop(blocks, " ")
	if !ok {
		return nil, errSyntax
	}
	s := &Schema{
		Attributes: make(map[string]Attribute, fieldCount(attrs)),
		Blocks:     make(map[string]Block, len(fields)),
	}
	if attrs != "" {
		for field := range strings.SplitSeq(attrs, " ") {
			name, rest, ok1 := strings.Cut(field, ":")
			flags, typ, ok2 := strings.Cut(rest, ":")
			if !ok1 || !ok2 || !validName(name) {
				return nil, errSyntax
			}
			if _, dup := s.Attributes[name]; dup {
				return nil, errSyntax
			}
			a := Attribute{
				Required: strings.Contains(flags, "r"),
				Optional: strings.Contains(flags, "o"),
				Computed: strings.Contains(flags, "c"),
			}
			if strings.Trim(flags, "roc") != "" || a.Required && (a.Optional || a.Computed) || !a.Required && !a.Optional && !a.Computed {
				return nil, errSyntax
			}
			ty, err := p.parseAll(typ)
			if err != nil {
				return nil, err
			}
			a.Type = ty
			s.Attributes[name] = a
		}
	}
	for _, field := range fields {
		i := strings.IndexAny(field, "(@")
		if i < 0 {
			return nil, errSyntax
		}
		head, contents := field[:i], field[i:]
		parts := strings.Split(head, ":")
		if len(parts) != 4 || !validName(parts[0]) {
			return nil, errSyntax
		}
		name := parts[0]
		_, dupAttr := s.Attributes[name]
		_, dupBlock := s.Blocks[name]
		if dupAttr || dupBlock {
			return nil, errSyntax
		}
		n := nestingByName(parts[1])
		lo, err1 := strconv.Atoi(parts[2])
		hi, err2 := strconv.Atoi(parts[3])
		if n == 0 || err1 != nil || err2 != nil || lo < 0 || hi < 0 {
			return nil, errSyntax
		}
		var body *Schema
		if ref, ok := strings.CutPrefix(contents, "@"); ok {
			j, err := strconv.Atoi(ref)
			if err != nil || j < 0 || j >= len(p.bodies) || ref[0] == '+' || ref[0] == '-' {
				return nil, errSyntax
			}
			body = p.bodies[j]
		} else {
			var err error
			if body, err = p.parseBody(contents, depth+1); err != nil {
				return nil, err
			}
		}
		s.Blocks[name] = Block{Nesting: n, MinItems: lo, MaxItems: hi, Body: body}
	}
	return s, nil
}

// splitTop splits s into its parts: at each sep outside parentheses, or,
// with sep "", after each closing parenthesis that balances. It reports
// false if the parentheses do not balance or a part is empty.
func splitTop(s, sep string) ([]string, bool) {
	if s == "" {
		return nil, true
	}
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return nil, false
			}
			if depth == 0 && sep == "" {
				parts = append(parts, s[start:i+1])
				start = i + 1
			}
		case ' ':
			if depth == 0 && sep == " " {
				if i == start {
					return nil, false
				}
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, false
	}
	if sep == " " {
		if start == len(s) {
			return nil, false
		}
		parts = append(parts, s[start:])
	} else if start != len(s) {
		return nil, false
	}
	return parts, true
}

// fieldCount returns the number of space-separated fields of s.
func fieldCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, " ") + 1
}

func nestingByName(name string) Nesting {
	for n, s := range nestingNames {
		if s != "" && s == name {
			return Nesting(n)
		}
	}
	return 0
}

// validName reports whether s is a name that the format can hold.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// typeParser decodes the TYPEs and BODYs of a line.
type typeParser struct {
	defs   []cty.Type
	bodies []*Schema
	s      string
	pos    int
}

// parseAll decodes s, which must be exactly one TYPE.
func (p *typeParser) parseAll(s string) (cty.Type, error) {
	p.s, p.pos = s, 0
	ty, err := p.parse(0)
	if err == nil && p.pos != len(p.s) {
		err = errSyntax
	}
	if err != nil {
		return cty.NilType, err
	}
	return ty, nil
}

func (p *typeParser) parse(depth int) (cty.Type, error) {
	if depth > maxDepth || p.pos >= len(p.s) {
		return cty.NilType, errSyntax
	}
	c := p.s[p.pos]
	p.pos++
	switch c {
	case 's':
		return cty.String, nil
	case 'n':
		return cty.Number, nil
	case 'b':
		return cty.Bool, nil
	case 'd':
		return cty.DynamicPseudoType, nil
	case 'L', 'S', 'M':
		et, err := p.parse(depth + 1)
		if err != nil {
			return cty.NilType, err
		}
		switch c {
		case 'L':
			return cty.List(et), nil
		case 'S':
			return cty.Set(et), nil
		}
		return cty.Map(et), nil
	case '#':
		start := p.pos
		for p.pos < len(p.s) && '0' <= p.s[p.pos] && p.s[p.pos] <= '9' {
			p.pos++
		}
		i, err := strconv.Atoi(p.s[start:p.pos])
		if err != nil || i >= len(p.defs) {
			return cty.NilType, errSyntax
		}
		return p.defs[i], nil
	case 'O':
		if !p.consume('{') {
			return cty.NilType, errSyntax
		}
		ats := map[string]cty.Type{}
		for !p.consume('}') {
			if len(ats) > 0 && !p.consume(',') {
				return cty.NilType, errSyntax
			}
			start := p.pos
			for p.pos < len(p.s) && p.s[p.pos] != ':' {
				p.pos++
			}
			name := p.s[start:p.pos]
			if !validName(name) || !p.consume(':') {
				return cty.NilType, errSyntax
			}
			if _, dup := ats[name]; dup {
				return cty.NilType, errSyntax
			}
			at, err := p.parse(depth + 1)
			if err != nil {
				return cty.NilType, err
			}
			ats[name] = at
		}
		return cty.Object(ats), nil
	case 'T':
		if !p.consume('[') {
			return cty.NilType, errSyntax
		}
		var ets []cty.Type
		for !p.consume(']') {
			if len(ets) > 0 && !p.consume(',') {
				return cty.NilType, errSyntax
			}
			et, err := p.parse(depth + 1)
			if err != nil {
				return cty.NilType, err
			}
			ets = append(ets, et)
		}
		return cty.Tuple(ets), nil
	}
	return cty.NilType, errSyntax
}

// consume advances past c if it comes next.
func (p *typeParser) consume(c byte) bool {
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}
