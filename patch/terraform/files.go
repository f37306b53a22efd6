package terraform

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// fixFile is the file of a module that new blocks go into.
const fixFile = "vpctrace_fix.tf"

// file is one .tf file of a module: its bytes as read, and the two parses
// of them that the patcher needs: hclwrite to edit, hclsyntax for the
// positions of blocks and expressions.
type file struct {
	rel  string // relative to the root, with forward slashes
	path string // as the loader names it: the root joined with rel
	orig []byte // nil for a file the patcher creates
	wf   *hclwrite.File
	syn  *hclsyntax.Body
	// dirty holds the indexes of the top-level blocks edited.
	dirty map[int]bool
	// added is the text of the new blocks appended to the file.
	added []byte
}

// block is a block found in a module: both parses of it, and where.
type block struct {
	f   *file
	top int // the index of its top-level block in f
	w   *hclwrite.Block
	s   *hclsyntax.Block
}

func parseFile(root, rel string) (*file, error) {
	path := filepath.Join(root, filepath.FromSlash(rel))
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	wf, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	sf, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	body, ok := sf.Body.(*hclsyntax.Body)
	if !ok || len(body.Blocks) != len(wf.Body().Blocks()) {
		return nil, fmt.Errorf("%s: the two parses of the file disagree", path)
	}
	return &file{rel: rel, path: path, orig: src, wf: wf, syn: body, dirty: map[int]bool{}}, nil
}

// blocks returns the top-level blocks of f.
func (f *file) blocks() []block {
	ws := f.wf.Body().Blocks()
	out := make([]block, len(ws))
	for i, w := range ws {
		out[i] = block{f: f, top: i, w: w, s: f.syn.Blocks[i]}
	}
	return out
}

// nested returns the blocks of type typ inside b.
func (b block) nested(typ string) []block {
	var out []block
	ws := b.w.Body().Blocks()
	for i, s := range b.s.Body.Blocks {
		if s.Type == typ && i < len(ws) {
			out = append(out, block{f: b.f, top: b.top, w: ws[i], s: s})
		}
	}
	return out
}

// touch marks b's top-level block edited.
func (b block) touch() { b.f.dirty[b.top] = true }

// attr returns b's attribute name as written, or nil.
func (b block) attr(name string) *hclsyntax.Attribute { return b.s.Body.Attributes[name] }

// text is the source text of expression e.
func (b block) text(e hclsyntax.Expression) string {
	r := e.Range()
	return string(b.f.orig[r.Start.Byte:r.End.Byte])
}

// current returns the text of attribute name of b as edited so far, and
// its parse (positions relative to the text); nil when b has none.
func (b block) current(name string) (string, hclsyntax.Expression, error) {
	a := b.w.Body().GetAttribute(name)
	if a == nil {
		return "", nil, nil
	}
	src := strings.TrimSpace(string(a.Expr().BuildTokens(nil).Bytes()))
	e, diags := hclsyntax.ParseExpression([]byte(src), b.f.path, hcl.InitialPos)
	if diags.HasErrors() {
		return "", nil, fmt.Errorf("%s: %s = %s: %v", b.label(), name, src, diags)
	}
	return src, e, nil
}

// where is "file:line:col" of a range.
func where(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// label is the block's type and labels as Terraform writes an address:
// aws_vpc_endpoint.logs, data.aws_iam_policy_document.x.
func (b block) label() string {
	l := strings.Join(b.s.Labels, ".")
	if b.s.Type == "data" {
		l = "data." + l
	}
	return l
}

// repeated reports the count or for_each argument of b, if any.
func (b block) repeated() *hclsyntax.Attribute {
	if a := b.attr("for_each"); a != nil {
		return a
	}
	return b.attr("count")
}

// content returns the new bytes of f, or nil when nothing changed. Each
// edited top-level block is formatted alone, laid out as its author wrote
// it (keepLayout), and put back in place of its old text; the rest of the
// file is kept byte for byte.
func (f *file) content() []byte {
	if len(f.dirty) == 0 && len(f.added) == 0 {
		return nil
	}
	var out []byte
	if f.orig != nil {
		idx := make([]int, 0, len(f.dirty))
		for i := range f.dirty {
			idx = append(idx, i)
		}
		slices.Sort(idx)
		ws := f.wf.Body().Blocks()
		at := 0
		for _, i := range idx {
			r := f.syn.Blocks[i].Range()
			out = append(out, f.orig[at:r.Start.Byte]...)
			out = append(out, keepLayout(f.orig[r.Start.Byte:r.End.Byte], formatBlock(ws[i]))...)
			at = r.End.Byte
		}
		out = append(out, f.orig[at:]...)
	}
	if len(f.added) > 0 {
		if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
			out = append(out, '\n')
		}
		if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n\n")) {
			out = append(out, '\n')
		}
		out = append(out, f.added...)
	}
	return out
}

// formatBlock is the text of block b formatted, without its leading
// comments (which stay as written) and without the final newline.
func formatBlock(b *hclwrite.Block) []byte {
	toks := b.BuildTokens(nil)
	for len(toks) > 0 && toks[0].Type == hclsyntax.TokenComment {
		toks = toks[1:]
	}
	return bytes.TrimRight(hclwrite.Format(toks.Bytes()), "\n")
}

// exprTokens lexes an HCL expression written as text.
func exprTokens(src string) (hclwrite.Tokens, error) {
	f, diags := hclwrite.ParseConfig([]byte("x = "+src+"\n"), "", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("expression %q: %w", src, diags)
	}
	a := f.Body().GetAttribute("x")
	if a == nil {
		return nil, fmt.Errorf("expression %q: not one expression", src)
	}
	return a.Expr().BuildTokens(nil), nil
}

// dependsOn reports whether expression e refers to one of names (each,
// count).
func dependsOn(e hclsyntax.Expression, names ...string) bool {
	for _, t := range e.Variables() {
		if slices.Contains(names, t.RootName()) {
			return true
		}
	}
	return false
}
