package terraform

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// bodyValue is an evaluated resource body: an object of its attributes
// and nested blocks (each block type a tuple of objects), with positions
// and referenced resources of its top-level items.
type bodyValue struct {
	val     cty.Value
	attrPos map[string]model.Pos
	refs    map[string][]string
}

// schemaNode is the shape of a body, derived from its syntax because the
// evaluator has no provider schemas: the attribute names and nested block
// types that occur, dynamic blocks included.
type schemaNode struct {
	attrs  map[string]bool
	blocks map[string]*schemaNode
	labels map[string]int
	// dynamic maps a dynamic block's definition range to its for_each
	// expression: generated blocks carry that range.
	dynamic map[hcl.Range]hcl.Expression
}

func newSchemaNode() *schemaNode {
	return &schemaNode{attrs: map[string]bool{}, blocks: map[string]*schemaNode{}, labels: map[string]int{}, dynamic: map[hcl.Range]hcl.Expression{}}
}

// addSyntax adds the items of b to s; top skips meta-arguments.
func (s *schemaNode) addSyntax(b *hclsyntax.Body, top bool) {
	for name := range b.Attributes {
		if !(top && metaNames[name]) {
			s.attrs[name] = true
		}
	}
	for _, blk := range b.Blocks {
		if top && metaNames[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" && len(blk.Labels) == 1 {
			child := s.child(blk.Labels[0], 0)
			if fe, ok := blk.Body.Attributes["for_each"]; ok {
				s.dynamic[blk.DefRange()] = fe.Expr
			}
			for _, content := range blk.Body.Blocks {
				if content.Type == "content" {
					child.addSyntax(content.Body, false)
				}
			}
			continue
		}
		s.child(blk.Type, len(blk.Labels)).addSyntax(blk.Body, false)
	}
}

func (s *schemaNode) child(typ string, labels int) *schemaNode {
	c := s.blocks[typ]
	if c == nil {
		c = newSchemaNode()
		s.blocks[typ] = c
	}
	s.labels[typ] = max(s.labels[typ], labels)
	return c
}

// hcl returns the HCL schema of s.
func (s *schemaNode) hcl() *hcl.BodySchema {
	out := &hcl.BodySchema{}
	for _, name := range sortedKeys(s.attrs) {
		out.Attributes = append(out.Attributes, hcl.AttributeSchema{Name: name})
	}
	for _, typ := range sortedKeys(s.blocks) {
		labels := make([]string, s.labels[typ])
		for i := range labels {
			labels[i] = fmt.Sprintf("label%d", i)
		}
		out.Blocks = append(out.Blocks, hcl.BlockHeaderSchema{Type: typ, LabelNames: labels})
	}
	return out
}

// evalBody evaluates the body of a resource, data source instance. each
// holds the resource addresses each.value stands for.
func (in *instance) evalBody(body hcl.Body, ctx *hcl.EvalContext, each []string) bodyValue {
	out := bodyValue{attrPos: map[string]model.Pos{}, refs: map[string][]string{}}
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		out.val = in.evalJSONBody(body, ctx, each, &out)
		return out
	}
	schema := newSchemaNode()
	schema.addSyntax(sb, true)
	expanded := dynblock.Expand(body, ctx)
	content, diags := expanded.Content(schema.hcl())
	in.ev.diags.hcl(diags, codeEval, sb.SrcRange)
	vals := map[string]cty.Value{}
	for _, attr := range sortedAttrs(content.Attributes) {
		vals[attr.Name] = in.eval(attr.Expr, ctx)
		out.attrPos[attr.Name] = posOf(attr.Range)
		if refs := in.refsOf(attr.Expr, each, ctx); len(refs) > 0 {
			out.refs[attr.Name] = refs
		}
	}
	counts := map[string]int{}
	blocks := map[string][]cty.Value{}
	for _, blk := range content.Blocks {
		key := fmt.Sprintf("%s.%d", blk.Type, counts[blk.Type])
		counts[blk.Type]++
		out.attrPos[key] = posOf(blk.DefRange)
		refs := map[string]bool{}
		if fe, ok := schema.dynamic[blk.DefRange]; ok {
			addAll(refs, in.refsOf(fe, each, ctx))
		}
		blocks[blk.Type] = append(blocks[blk.Type], in.blockValue(blk.Body, ctx, schema.blocks[blk.Type], each, refs, key, out.refs))
		if list := sortedKeys(refs); len(list) > 0 {
			out.refs[key] = list
		}
	}
	for typ, list := range blocks {
		vals[typ] = cty.TupleVal(list)
	}
	out.val = cty.ObjectVal(vals)
	return out
}

// blockValue evaluates a nested block into an object, collecting the
// resources its expressions reference into refs, and each attribute's own
// into byPath under its path ("network_configuration.0.subnets"), the
// block's being path.
func (in *instance) blockValue(body hcl.Body, ctx *hcl.EvalContext, schema *schemaNode, each []string, refs map[string]bool, path string, byPath map[string][]string) cty.Value {
	if schema == nil {
		schema = newSchemaNode()
	}
	content, diags := body.Content(schema.hcl())
	in.ev.diags.hcl(diags, codeEval, body.MissingItemRange())
	vals := map[string]cty.Value{}
	for _, attr := range sortedAttrs(content.Attributes) {
		vals[attr.Name] = in.eval(attr.Expr, ctx)
		if own := in.refsOf(attr.Expr, each, ctx); len(own) > 0 {
			addAll(refs, own)
			byPath[path+"."+attr.Name] = own
		}
	}
	blocks := map[string][]cty.Value{}
	for _, blk := range content.Blocks {
		if fe, ok := schema.dynamic[blk.DefRange]; ok {
			addAll(refs, in.refsOf(fe, each, ctx))
		}
		sub := fmt.Sprintf("%s.%s.%d", path, blk.Type, len(blocks[blk.Type]))
		blocks[blk.Type] = append(blocks[blk.Type], in.blockValue(blk.Body, ctx, schema.blocks[blk.Type], each, refs, sub, byPath))
	}
	for typ, list := range blocks {
		vals[typ] = cty.TupleVal(list)
	}
	return cty.ObjectVal(vals)
}

// evalJSONBody evaluates a body from a .tf.json file. Without a schema,
// nested blocks are plain attributes holding objects or lists of objects.
func (in *instance) evalJSONBody(body hcl.Body, ctx *hcl.EvalContext, each []string, out *bodyValue) cty.Value {
	attrs, diags := body.JustAttributes()
	in.ev.diags.hcl(diags, codeEval, body.MissingItemRange())
	vals := map[string]cty.Value{}
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		attr := attrs[name]
		if name == "dynamic" {
			in.ev.diags.add(model.SeverityWarning, codeNotSupported, attr.NameRange,
				"dynamic blocks in .tf.json files are not supported: they are ignored")
			continue
		}
		vals[name] = in.eval(attr.Expr, ctx)
		out.attrPos[name] = posOf(attr.Range)
		if refs := in.refsOf(attr.Expr, each, ctx); len(refs) > 0 {
			out.refs[name] = refs
		}
	}
	return cty.ObjectVal(vals)
}

func addAll(set map[string]bool, list []string) {
	for _, s := range list {
		set[s] = true
	}
}
