package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// rootSchema lists the top-level blocks of a Terraform configuration file.
var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "terraform"},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "ephemeral", LabelNames: []string{"type", "name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "moved"},
		{Type: "import"},
		{Type: "removed"},
		{Type: "check", LabelNames: []string{"name"}},
	},
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "default"}, {Name: "type"}, {Name: "description"},
		{Name: "sensitive"}, {Name: "nullable"}, {Name: "ephemeral"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var validationSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "condition", Required: true},
		{Name: "error_message", Required: true},
	},
}

// resourceMeta are the meta-arguments of resource and data blocks.
var resourceMeta = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "count"}, {Name: "for_each"}, {Name: "provider"}, {Name: "depends_on"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "lifecycle"},
		{Type: "connection"},
		{Type: "provisioner", LabelNames: []string{"type"}},
	},
}

// metaNames are the names resourceMeta hides from a resource body.
var metaNames = map[string]bool{
	"count": true, "for_each": true, "provider": true, "depends_on": true,
	"lifecycle": true, "connection": true, "provisioner": true,
}

var moduleMeta = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "source", Required: true}, {Name: "version"}, {Name: "count"},
		{Name: "for_each"}, {Name: "providers"}, {Name: "depends_on"},
	},
}

var outputSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "value", Required: true}, {Name: "description"}, {Name: "sensitive"},
		{Name: "depends_on"}, {Name: "ephemeral"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "precondition"}},
}

var providerSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "alias"}, {Name: "region"}, {Name: "allowed_account_ids"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "default_tags"}, {Type: "assume_role"}},
}

var assumeRoleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "role_arn"}},
}

var defaultTagsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "tags"}},
}

// parseModule reads the configuration files of dir into a module.
func (ev *evaluator) parseModule(dir string) *module {
	m := &module{dir: dir, byKey: map[string]*node{}, phantoms: map[string]bool{}, phantomRoots: map[string]bool{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		ev.diags.addPos(model.SeverityError, codeModuleNotFound, model.Pos{File: dir},
			fmt.Sprintf("Cannot read module directory: %v", err))
		return m
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && isConfigFile(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, name)
		if isOverrideFile(name) {
			ev.diags.addPos(model.SeverityWarning, codeNotSupported, model.Pos{File: path},
				"Override files are not supported: this file is ignored")
			continue
		}
		m.files = append(m.files, path)
		ev.parseFile(m, path)
	}
	return m
}

// parseFile adds the declarations of one file to m.
func (ev *evaluator) parseFile(m *module, path string) {
	file := ev.readHCL(path, codeSyntax)
	if file == nil {
		m.unread = true
		return
	}
	content, diags := file.Body.Content(rootSchema)
	ev.diags.hcl(diags, codeSyntax, fileStart(path))
	for _, block := range content.Blocks {
		switch block.Type {
		case "variable":
			ev.parseVariable(m, block)
		case "locals":
			ev.parseLocals(m, block)
		case "resource", "data":
			ev.parseResource(m, block)
		case "module":
			ev.parseModuleCall(m, block)
		case "output":
			ev.parseOutput(m, block)
		case "provider":
			ev.parseProvider(m, block)
		}
	}
}

// readHCL reads and parses a native or JSON (by its .json suffix) HCL
// file; it reports problems with readCode (reading) or hcl-syntax, and
// returns nil when there is no body to read.
func (ev *evaluator) readHCL(path, readCode string) *hcl.File {
	src, err := readfile.Regular(path, readfile.Limit)
	if err != nil {
		ev.diags.addPos(model.SeverityError, readCode, model.Pos{File: path}, fmt.Sprintf("Cannot read file: %v", err))
		return nil
	}
	isJSON := strings.HasSuffix(path, ".json")
	if d := nestingDiag(src, path, hcl.InitialPos, nestConfig, isJSON); d != nil {
		ev.diags.hcl(hcl.Diagnostics{d}, codeSyntax, fileStart(path))
		return nil
	}
	parser := hclparse.NewParser()
	var file *hcl.File
	var diags hcl.Diagnostics
	if isJSON {
		file, diags = parser.ParseJSON(src, path)
	} else {
		file, diags = parser.ParseHCL(src, path)
	}
	ev.diags.hcl(diags, codeSyntax, fileStart(path))
	if file == nil || file.Body == nil {
		return nil
	}
	return file
}

// fileStart is the range of the start of a file.
func fileStart(path string) hcl.Range {
	return hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}
}

// declare adds n to m unless its key is taken.
func (ev *evaluator) declare(m *module, n *node, what string) {
	if prev, ok := m.byKey[n.key]; ok {
		ev.diags.add(model.SeverityError, codeDuplicate, n.decl,
			fmt.Sprintf("Duplicate %s: %s was already declared at %s", what, n.key, posOf(prev.decl)))
		return
	}
	m.byKey[n.key] = n
	m.nodes = append(m.nodes, n)
}

func (ev *evaluator) parseVariable(m *module, block *hcl.Block) {
	n := &node{kind: kindVariable, name: block.Labels[0], key: "var." + block.Labels[0], decl: block.DefRange}
	v := &variable{typ: cty.DynamicPseudoType, nullable: true}
	n.variable = v
	content, diags := block.Body.Content(variableSchema)
	ev.diags.hcl(diags, codeSyntax, block.DefRange)
	if !hclsyntax.ValidIdentifier(n.name) {
		ev.diags.add(model.SeverityError, codeSyntax, block.LabelRanges[0], "Invalid variable name: A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.")
	}
	if attr, ok := content.Attributes["type"]; ok {
		expr, tooDeep := typeExpr(attr.Expr)
		switch keyword := hcl.ExprAsKeyword(expr); {
		case tooDeep != nil:
			ev.diags.hcl(hcl.Diagnostics{tooDeep}, codeSyntax, attr.Range)
		case keyword == "list": // Terraform still accepts the bare keywords of 0.11: list(any)
			v.typ, v.typed = cty.List(cty.DynamicPseudoType), true
		case keyword == "map":
			v.typ, v.typed = cty.Map(cty.DynamicPseudoType), true
		default:
			ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(expr)
			ev.diags.hcl(diags, codeSyntax, attr.Range)
			if !diags.HasErrors() {
				v.typ, v.defaults, v.typed = ty, defaults, true
			}
		}
	}
	if attr, ok := content.Attributes["default"]; ok {
		v.def = attr.Expr
	}
	if attr, ok := content.Attributes["nullable"]; ok {
		val, diags := attr.Expr.Value(nil)
		ev.diags.hcl(diags, codeSyntax, attr.Range)
		if !diags.HasErrors() && val.Type() == cty.Bool && val.IsKnown() && !val.IsNull() {
			v.nullable = val.True()
		}
	}
	for _, vb := range content.Blocks {
		vc, diags := vb.Body.Content(validationSchema)
		ev.diags.hcl(diags, codeSyntax, vb.DefRange)
		if vc.Attributes["condition"] != nil && vc.Attributes["error_message"] != nil {
			v.validations = append(v.validations, validation{
				cond: vc.Attributes["condition"].Expr, message: vc.Attributes["error_message"].Expr,
			})
		}
	}
	ev.declare(m, n, "variable")
}

// typeExpr returns a type expression; in JSON files the type is a string
// holding the HCL type expression. A string nested too deep to parse is
// left as it is, with the error that says so.
func typeExpr(expr hcl.Expression) (hcl.Expression, *hcl.Diagnostic) {
	if _, ok := expr.(hclsyntax.Expression); ok {
		return expr, nil
	}
	val, diags := expr.Value(nil)
	if diags.HasErrors() || val.Type() != cty.String || !val.IsKnown() || val.IsNull() {
		return expr, nil
	}
	src := []byte(val.AsString())
	if d := nestingDiag(src, expr.Range().Filename, expr.Range().Start, nestConfig, false); d != nil {
		return expr, d
	}
	parsed, diags := hclsyntax.ParseExpression(src, expr.Range().Filename, expr.Range().Start)
	if diags.HasErrors() {
		return expr, nil
	}
	return parsed, nil
}

func (ev *evaluator) parseLocals(m *module, block *hcl.Block) {
	attrs, diags := block.Body.JustAttributes()
	ev.diags.hcl(diags, codeSyntax, block.DefRange)
	for _, attr := range sortedAttrs(attrs) {
		n := &node{kind: kindLocal, name: attr.Name, key: "local." + attr.Name, decl: attr.Range, expr: attr.Expr}
		ev.declare(m, n, "local value")
	}
}

func (ev *evaluator) parseResource(m *module, block *hcl.Block) {
	typ, name := block.Labels[0], block.Labels[1]
	n := &node{kind: kindResource, typ: typ, name: name, key: typ + "." + name, decl: block.DefRange}
	what := "resource"
	if block.Type == "data" {
		n.kind, n.key, what = kindData, "data."+typ+"."+name, "data source"
	}
	content, remain, diags := block.Body.PartialContent(resourceMeta)
	ev.diags.hcl(diags, codeSyntax, block.DefRange)
	n.body = remain
	ev.parseRepetition(n, content.Attributes)
	if strings.HasPrefix(typ, configuredProvider+"_") {
		n.provider = configuredProvider
	}
	if attr, ok := content.Attributes["provider"]; ok {
		n.provRng = attr.Expr.Range()
		trav, diags := hcl.AbsTraversalForExpr(attr.Expr)
		ev.diags.hcl(diags, codeSyntax, attr.Range)
		if !diags.HasErrors() {
			n.provider = traversalName(trav)
		}
	}
	ev.declare(m, n, what)
}

// parseRepetition records count and for_each, which exclude each other.
func (ev *evaluator) parseRepetition(n *node, attrs hcl.Attributes) {
	if attr, ok := attrs["count"]; ok {
		n.count = attr.Expr
	}
	if attr, ok := attrs["for_each"]; ok {
		n.forEach = attr.Expr
		if n.count != nil {
			ev.diags.add(model.SeverityError, codeSyntax, attr.NameRange,
				`Invalid combination of "count" and "for_each": The "count" and "for_each" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.`)
			n.forEach = nil
		}
	}
}

// traversalName renders a provider reference traversal: "aws" or "aws.west".
func traversalName(t hcl.Traversal) string {
	var parts []string
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, s.Name)
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		}
	}
	return strings.Join(parts, ".")
}

func (ev *evaluator) parseModuleCall(m *module, block *hcl.Block) {
	name := block.Labels[0]
	n := &node{kind: kindModule, name: name, key: "module." + name, decl: block.DefRange}
	call := &moduleCall{providers: map[string]string{}}
	n.call = call
	content, remain, diags := block.Body.PartialContent(moduleMeta)
	ev.diags.hcl(diags, codeSyntax, block.DefRange)
	n.body = remain
	ev.parseRepetition(n, content.Attributes)
	if attr, ok := content.Attributes["source"]; ok {
		call.sourceRng = attr.Expr.Range()
		val, diags := attr.Expr.Value(nil)
		switch {
		case diags.HasErrors() || val.Type() != cty.String || val.IsNull() || !val.IsKnown():
			ev.diags.add(model.SeverityError, codeSyntax, attr.Expr.Range(),
				"Invalid module source: the module source must be a literal string")
		default:
			call.source = val.AsString()
		}
	}
	if attr, ok := content.Attributes["providers"]; ok {
		pairs, diags := hcl.ExprMap(attr.Expr)
		ev.diags.hcl(diags, codeSyntax, attr.Range)
		for _, p := range pairs {
			k, kd := hcl.AbsTraversalForExpr(p.Key)
			v, vd := hcl.AbsTraversalForExpr(p.Value)
			ev.diags.hcl(append(kd, vd...), codeSyntax, attr.Range)
			if !kd.HasErrors() && !vd.HasErrors() {
				call.providers[traversalName(k)] = traversalName(v)
			}
		}
	}
	attrs, diags := remain.JustAttributes()
	ev.diags.hcl(diags, codeSyntax, block.DefRange)
	call.args = sortedAttrs(attrs)
	ev.declare(m, n, "module call")
}

func (ev *evaluator) parseOutput(m *module, block *hcl.Block) {
	name := block.Labels[0]
	n := &node{kind: kindOutput, name: name, key: "output." + name, decl: block.DefRange}
	content, diags := block.Body.Content(outputSchema)
	ev.diags.hcl(diags, codeSyntax, block.DefRange)
	if attr, ok := content.Attributes["value"]; ok {
		n.expr = attr.Expr
	}
	ev.declare(m, n, "output")
}

func (ev *evaluator) parseProvider(m *module, block *hcl.Block) {
	name := block.Labels[0]
	content, _, diags := block.Body.PartialContent(providerSchema)
	ev.diags.hcl(diags, codeSyntax, block.DefRange)
	local := name
	if attr, ok := content.Attributes["alias"]; ok {
		val, diags := attr.Expr.Value(nil)
		if diags.HasErrors() || val.Type() != cty.String || val.IsNull() || !val.IsKnown() {
			ev.diags.add(model.SeverityError, codeSyntax, attr.Expr.Range(), "Invalid provider alias: the alias must be a literal string")
			return
		}
		local = name + "." + val.AsString()
	}
	n := &node{kind: kindProvider, name: local, typ: name, key: "provider." + local, decl: block.DefRange}
	if attr, ok := content.Attributes["region"]; ok {
		n.expr = attr.Expr
	}
	if attr, ok := content.Attributes["allowed_account_ids"]; ok {
		n.accountIDs = attr.Expr
	}
	for _, b := range content.Blocks {
		if b.Type == "assume_role" {
			ar, _, diags := b.Body.PartialContent(assumeRoleSchema)
			ev.diags.hcl(diags, codeSyntax, b.DefRange)
			if attr, ok := ar.Attributes["role_arn"]; ok {
				n.roleARN = attr.Expr
			}
			continue
		}
		dt, _, diags := b.Body.PartialContent(defaultTagsSchema)
		ev.diags.hcl(diags, codeSyntax, b.DefRange)
		if attr, ok := dt.Attributes["tags"]; ok {
			n.tags = attr.Expr
		}
	}
	ev.declare(m, n, "provider configuration")
}

// sortedAttrs returns attributes in source order.
func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return rangeLess(out[i].Range, out[j].Range) })
	return out
}

// rangeLess orders ranges by file and offset.
func rangeLess(a, b hcl.Range) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	return a.Start.Byte < b.Start.Byte
}
