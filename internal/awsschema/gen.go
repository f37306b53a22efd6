//go:build ignore

// Gen writes schema.gz from the JSON that `terraform providers schema -json`
// prints for a root that requires hashicorp/aws (see README.md):
//
//	go run gen.go -version 5.100.0 -o schema.gz /path/to/schema.json
//
// The output depends only on the input (and the Go version's
// compress/flate): types, attributes and blocks are sorted.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

const (
	providerAddr = "registry.terraform.io/hashicorp/aws"
	// chunkSize is the uncompressed size after which a chunk ends (at the
	// next type name): about the deflate window, so splitting costs little
	// compression and a first lookup inflates about this much.
	chunkSize = 32 << 10
)

type schemasJSON struct {
	FormatVersion   string `json:"format_version"`
	ProviderSchemas map[string]struct {
		ResourceSchemas   map[string]schemaJSON `json:"resource_schemas"`
		DataSourceSchemas map[string]schemaJSON `json:"data_source_schemas"`
	} `json:"provider_schemas"`
}

type schemaJSON struct {
	Block blockJSON `json:"block"`
}

// blockJSON is a block's schema: a type's top-level block or a nested
// block type's.
type blockJSON struct {
	Attributes map[string]struct {
		Type       json.RawMessage `json:"type"`
		NestedType json.RawMessage `json:"nested_type"`
		Required   bool            `json:"required"`
		Optional   bool            `json:"optional"`
		Computed   bool            `json:"computed"`
	} `json:"attributes"`
	BlockTypes map[string]struct {
		NestingMode string    `json:"nesting_mode"`
		MinItems    int       `json:"min_items"`
		MaxItems    int       `json:"max_items"`
		Block       blockJSON `json:"block"`
	} `json:"block_types"`
}

func main() {
	version := flag.String("version", "", "provider version the schema is of (required; the JSON does not say)")
	out := flag.String("o", "schema.gz", "output file")
	flag.Parse()
	if flag.NArg() != 1 || *version == "" {
		fmt.Fprintln(os.Stderr, "usage: go run gen.go -version X.Y.Z [-o schema.gz] schema.json")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *version, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type typeLine struct {
	name, kind, text string
}

func run(in, version, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var doc schemasJSON
	if err := json.Unmarshal(src, &doc); err != nil {
		return err
	}
	if doc.FormatVersion != "1.0" {
		return fmt.Errorf("%s: format_version %q, want 1.0", in, doc.FormatVersion)
	}
	p, ok := doc.ProviderSchemas[providerAddr]
	if !ok {
		return fmt.Errorf("%s: no schema of %s", in, providerAddr)
	}
	var lines []typeLine
	for _, k := range []struct {
		kind    string
		schemas map[string]schemaJSON
	}{{"d", p.DataSourceSchemas}, {"r", p.ResourceSchemas}} {
		for name, s := range k.schemas {
			text, err := encodeSchema(k.kind, name, s)
			if err != nil {
				return fmt.Errorf("%s %s: %v", k.kind, name, err)
			}
			lines = append(lines, typeLine{name, k.kind, text})
		}
	}
	// By name, then kind: a resource and the data source of the same name
	// share most attributes, so they compress well side by side, and they
	// are always in the same chunk.
	sort.Slice(lines, func(i, j int) bool {
		if lines[i].name != lines[j].name {
			return lines[i].name < lines[j].name
		}
		return lines[i].kind < lines[j].kind
	})

	var chunks [][]byte
	var firsts []string
	var cur bytes.Buffer
	for i, l := range lines {
		if cur.Len() == 0 {
			firsts = append(firsts, l.name)
		}
		cur.WriteString(l.text)
		cur.WriteByte('\n')
		if cur.Len() >= chunkSize && (i+1 == len(lines) || lines[i+1].name != l.name) {
			chunks = append(chunks, bytes.Clone(cur.Bytes()))
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		chunks = append(chunks, bytes.Clone(cur.Bytes()))
	}

	var members [][]byte
	var header strings.Builder
	fmt.Fprintf(&header, "awsschema 2 %s %s\n", providerAddr, version)
	for i, c := range chunks {
		gz, err := compress(c)
		if err != nil {
			return err
		}
		members = append(members, gz)
		fmt.Fprintf(&header, "chunk %d %s\n", len(gz), firsts[i])
	}
	hgz, err := compress([]byte(header.String()))
	if err != nil {
		return err
	}
	var all bytes.Buffer
	all.Write(hgz)
	for _, m := range members {
		all.Write(m)
	}
	if err := os.WriteFile(out, all.Bytes(), 0o644); err != nil {
		return err
	}
	var raw int
	for _, c := range chunks {
		raw += len(c)
	}
	nr, nd := len(p.ResourceSchemas), len(p.DataSourceSchemas)
	fmt.Fprintf(os.Stderr, "%s: %d resource types, %d data source types, %d chunks, %d bytes (%d uncompressed)\n",
		out, nr, nd, len(chunks), all.Len(), raw+header.Len())
	return nil
}

// compress returns data as one gzip member without name or time, so the
// output is the same on every run.
func compress(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encodeSchema returns the line of one type:
//
//	KIND NAME \t ATTR ATTR... \t BLOCK BLOCK... \t DEF DEF... \t BODY...
//
// where ATTR is name:flags:type, BLOCK is name:nesting:min:max followed by
// its BODY, (ATTR ATTR...|BLOCK BLOCK...), or by @N; DEF is an object type
// that the line uses more than once, which types refer to as #N; the last
// field is the bodies that the line uses more than once, which blocks
// refer to as @N. N counts from 0; a DEF or BODY refers only to earlier
// ones. The grammar is at the top of decode.go.
func encodeSchema(kind, name string, s schemaJSON) (string, error) {
	if err := checkName(name); err != nil {
		return "", err
	}
	b, err := newBody(s.Block, 0)
	if err != nil {
		return "", err
	}
	e := &typeEncoder{count: map[string]int{}, def: map[string]int{}, bodyCount: map[string]int{}, bodyDef: map[string]int{}}
	if err := e.countBody(b, true); err != nil {
		return "", err
	}
	attrs, blocks := e.encodeBody(b)
	return kind + " " + name + "\t" + attrs + "\t" + blocks + "\t" + strings.Join(e.defs, " ") + "\t" + strings.Join(e.bodies, ""), nil
}

// body is a block's schema, its attributes and nested block types sorted
// by name.
type body struct {
	attrs  []attr
	blocks []block
	key    string // inline notation: the key under which equal bodies are counted
}

type attr struct {
	name, flags string
	ty          cty.Type
}

type block struct {
	name, nesting string
	min, max      int
	body          *body
}

// maxBodyDepth bounds the nesting of blocks (5.100.0's deepest is 14),
// as decode.go's maxDepth does.
const maxBodyDepth = 64

// newBody sorts a block's schema and checks that the format can hold it.
func newBody(bj blockJSON, depth int) (*body, error) {
	if depth > maxBodyDepth {
		return nil, fmt.Errorf("blocks nested too deep")
	}
	b := &body{}
	for an, a := range bj.Attributes {
		if err := checkName(an); err != nil {
			return nil, err
		}
		if len(a.NestedType) > 0 {
			// Not in 5.100.0. Its implied type would need the nested
			// attributes, which this format does not keep.
			return nil, fmt.Errorf("attribute %s: nested_type is not supported", an)
		}
		ty, err := ctyjson.UnmarshalType(a.Type)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %v", an, err)
		}
		var flags string
		if a.Required {
			flags += "r"
		}
		if a.Optional {
			flags += "o"
		}
		if a.Computed {
			flags += "c"
		}
		b.attrs = append(b.attrs, attr{an, flags, ty})
	}
	sort.Slice(b.attrs, func(i, j int) bool { return b.attrs[i].name < b.attrs[j].name })
	for bn, bt := range bj.BlockTypes {
		if err := checkName(bn); err != nil {
			return nil, err
		}
		if _, dup := bj.Attributes[bn]; dup {
			return nil, fmt.Errorf("%s is both an attribute and a block", bn)
		}
		switch bt.NestingMode {
		case "single", "list", "set", "map", "group":
		default:
			return nil, fmt.Errorf("block %s: nesting_mode %q", bn, bt.NestingMode)
		}
		nb, err := newBody(bt.Block, depth+1)
		if err != nil {
			return nil, fmt.Errorf("block %s: %v", bn, err)
		}
		b.blocks = append(b.blocks, block{bn, bt.NestingMode, bt.MinItems, bt.MaxItems, nb})
	}
	sort.Slice(b.blocks, func(i, j int) bool { return b.blocks[i].name < b.blocks[j].name })
	var k strings.Builder
	k.WriteByte('(')
	for i, a := range b.attrs {
		if i > 0 {
			k.WriteByte(' ')
		}
		k.WriteString(a.name + ":" + a.flags + ":" + inline(a.ty))
	}
	k.WriteByte('|')
	for i, nb := range b.blocks {
		if i > 0 {
			k.WriteByte(' ')
		}
		fmt.Fprintf(&k, "%s:%s:%d:%d%s", nb.name, nb.nesting, nb.min, nb.max, nb.body.key)
	}
	k.WriteByte(')')
	b.key = k.String()
	return b, nil
}

// countBody counts the object types and bodies of b (not of the top-level
// block, which is not a body).
func (e *typeEncoder) countBody(b *body, top bool) error {
	if !top {
		e.bodyCount[b.key]++
		if e.bodyCount[b.key] > 1 {
			return nil // counted already, with its contents
		}
	}
	for _, a := range b.attrs {
		if err := e.countObjects(a.ty); err != nil {
			return fmt.Errorf("attribute %s: %v", a.name, err)
		}
	}
	for _, nb := range b.blocks {
		if err := e.countBody(nb.body, false); err != nil {
			return fmt.Errorf("block %s: %v", nb.name, err)
		}
	}
	return nil
}

// encodeBody returns the ATTRs and BLOCKs of b, referring to definitions.
func (e *typeEncoder) encodeBody(b *body) (attrs, blocks string) {
	var ab strings.Builder
	for i, a := range b.attrs {
		if i > 0 {
			ab.WriteByte(' ')
		}
		ab.WriteString(a.name + ":" + a.flags + ":" + e.encode(a.ty))
	}
	var bb strings.Builder
	for i, nb := range b.blocks {
		if i > 0 {
			bb.WriteByte(' ')
		}
		fmt.Fprintf(&bb, "%s:%s:%d:%d%s", nb.name, nb.nesting, nb.min, nb.max, e.encodeNested(nb.body))
	}
	return ab.String(), bb.String()
}

// encodeNested returns a nested block type's BODY, or @N.
func (e *typeEncoder) encodeNested(b *body) string {
	if i, ok := e.bodyDef[b.key]; ok {
		return "@" + strconv.Itoa(i)
	}
	attrs, blocks := e.encodeBody(b)
	s := "(" + attrs + "|" + blocks + ")"
	if e.bodyCount[b.key] < 2 {
		return s
	}
	// Definitions of nested bodies come first.
	e.bodyDef[b.key] = len(e.bodies)
	e.bodies = append(e.bodies, s)
	return "@" + strconv.Itoa(e.bodyDef[b.key])
}

// checkName rejects names that would break the format; none of 5.100.0's
// does.
func checkName(s string) error {
	if s == "" {
		return fmt.Errorf("empty name")
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return fmt.Errorf("name %q: unsupported character %q", s, c)
		}
	}
	return nil
}

// typeEncoder writes types and bodies in the line's notation, turning
// object types and bodies that occur more than once in the line into
// definitions.
type typeEncoder struct {
	count map[string]int // inline notation of an object type → occurrences
	def   map[string]int // inline notation → definition index
	defs  []string
	// The same for bodies of nested block types.
	bodyCount map[string]int
	bodyDef   map[string]int
	bodies    []string
}

func (e *typeEncoder) countObjects(ty cty.Type) error {
	switch {
	case ty.IsObjectType():
		if len(ty.OptionalAttributes()) > 0 {
			return fmt.Errorf("object type with optional attributes is not supported")
		}
		e.count[inline(ty)]++
		for _, at := range ty.AttributeTypes() {
			if err := e.countObjects(at); err != nil {
				return err
			}
		}
	case ty.IsTupleType():
		for _, et := range ty.TupleElementTypes() {
			if err := e.countObjects(et); err != nil {
				return err
			}
		}
	case ty.IsCollectionType():
		return e.countObjects(ty.ElementType())
	case ty == cty.String, ty == cty.Number, ty == cty.Bool, ty == cty.DynamicPseudoType:
	default:
		return fmt.Errorf("unsupported type %#v", ty)
	}
	return nil
}

// encode returns ty in the line's notation, referring to definitions.
func (e *typeEncoder) encode(ty cty.Type) string {
	if !ty.IsObjectType() {
		return notation(ty, e.encode)
	}
	key := inline(ty)
	if i, ok := e.def[key]; ok {
		return "#" + strconv.Itoa(i)
	}
	s := notation(ty, e.encode)
	if e.count[key] < 2 {
		return s
	}
	// Definitions of nested object types come first.
	e.def[key] = len(e.defs)
	e.defs = append(e.defs, s)
	return "#" + strconv.Itoa(e.def[key])
}

// inline returns ty in the line's notation without definitions: the key
// under which equal object types are counted.
func inline(ty cty.Type) string {
	return notation(ty, inline)
}

// notation returns ty in the line's notation, with elem writing the types
// it contains.
func notation(ty cty.Type, elem func(cty.Type) string) string {
	switch {
	case ty == cty.String:
		return "s"
	case ty == cty.Number:
		return "n"
	case ty == cty.Bool:
		return "b"
	case ty == cty.DynamicPseudoType:
		return "d"
	case ty.IsListType():
		return "L" + elem(ty.ElementType())
	case ty.IsSetType():
		return "S" + elem(ty.ElementType())
	case ty.IsMapType():
		return "M" + elem(ty.ElementType())
	case ty.IsTupleType():
		var parts []string
		for _, et := range ty.TupleElementTypes() {
			parts = append(parts, elem(et))
		}
		return "T[" + strings.Join(parts, ",") + "]"
	case ty.IsObjectType():
		ats := ty.AttributeTypes()
		names := make([]string, 0, len(ats))
		for n := range ats {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		b.WriteString("O{")
		for i, n := range names {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(n + ":" + elem(ats[n]))
		}
		b.WriteByte('}')
		return b.String()
	}
	panic(fmt.Sprintf("unsupported type %#v", ty)) // countObjects rejected it
}
