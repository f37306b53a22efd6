package terraform

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// analyze finds what every declaration of m references: it fills each
// node's uses (and, for module calls, each argument's), records which
// attributes of each resource other declarations read, and reports
// references to undeclared things and calls to unknown functions.
func (ev *evaluator) analyze(m *module) {
	for _, n := range m.nodes {
		a := newAnalyzer(ev, m, n)
		a.node()
		n.uses = a.result()
		if n.kind != kindModule {
			continue
		}
		n.call.argUses = map[string]refSet{}
		for _, arg := range n.call.args {
			a := newAnalyzer(ev, m, n)
			a.expr(arg.Expr, nil)
			n.call.argUses[arg.Name] = a.result()
		}
	}
}

// refSet is what a group of expressions references in its module, at the
// granularity of Terraform's graph: the module's declarations by key, and
// for module calls the outputs read.
type refSet struct {
	// keys are node keys ("var.x", "aws_vpc.main", "module.net"),
	// sorted, undeclared ones (module.phantoms) included.
	keys []string
	// outputs maps a module call name to the outputs read through it,
	// sorted; "" stands for every output (module.net used whole).
	outputs map[string][]string
}

// analyzer walks the expressions of one node.
type analyzer struct {
	ev      *evaluator
	m       *module
	n       *node
	deps    map[string]bool
	outputs map[string]map[string]bool
}

func newAnalyzer(ev *evaluator, m *module, n *node) *analyzer {
	return &analyzer{ev: ev, m: m, n: n, deps: map[string]bool{}, outputs: map[string]map[string]bool{}}
}

// result returns what the walked expressions reference.
func (a *analyzer) result() refSet {
	rs := refSet{keys: sortedKeys(a.deps)}
	if len(a.outputs) > 0 {
		rs.outputs = map[string][]string{}
		for call, names := range a.outputs {
			rs.outputs[call] = sortedKeys(names)
		}
	}
	return rs
}

func (a *analyzer) node() {
	n := a.n
	switch n.kind {
	case kindVariable:
		for _, v := range n.variable.validations {
			a.expr(v.cond, nil)
			a.expr(v.message, nil)
		}
	case kindLocal, kindOutput:
		a.expr(n.expr, nil)
	case kindProvider:
		a.expr(n.expr, nil)
		a.expr(n.tags, nil)
		a.expr(n.accountIDs, nil)
		a.expr(n.roleARN, nil)
	case kindResource, kindData:
		a.expr(n.count, nil)
		a.expr(n.forEach, nil)
		a.body(n.body, nil, true)
		if p := "provider." + n.provider; n.provider != "" && a.m.byKey[p] != nil {
			a.deps[p] = true
		}
	case kindModule:
		// The arguments are analyzed one by one: each is a dependency of
		// the child's variable, not of the call.
		a.expr(n.count, nil)
		a.expr(n.forEach, nil)
		for _, p := range sortedValues(n.call.providers) {
			if a.m.byKey["provider."+p] != nil {
				a.deps["provider."+p] = true
			}
		}
	}
}

// body walks a resource body. iters are the dynamic block iterator names
// in scope; top skips the meta-arguments of the resource block itself.
func (a *analyzer) body(b hcl.Body, iters map[string]bool, top bool) {
	sb, ok := b.(*hclsyntax.Body)
	if !ok {
		attrs, _ := b.JustAttributes() // reported when evaluated
		for _, attr := range sortedAttrs(attrs) {
			a.expr(attr.Expr, iters)
		}
		return
	}
	for _, attr := range syntaxAttrs(sb) {
		if top && metaNames[attr.Name] {
			continue
		}
		a.expr(attr.Expr, iters)
	}
	for _, blk := range sb.Blocks {
		if top && metaNames[blk.Type] {
			continue
		}
		if blk.Type != "dynamic" || len(blk.Labels) != 1 {
			a.body(blk.Body, iters, false)
			continue
		}
		inner := map[string]bool{dynamicIterator(blk): true}
		for k := range iters {
			inner[k] = true
		}
		for _, name := range []string{"for_each", "labels"} {
			if attr, ok := blk.Body.Attributes[name]; ok {
				a.expr(attr.Expr, iters)
			}
		}
		for _, content := range blk.Body.Blocks {
			if content.Type == "content" {
				a.body(content.Body, inner, false)
			}
		}
	}
}

// dynamicIterator is the iterator name of a dynamic block.
func dynamicIterator(blk *hclsyntax.Block) string {
	if attr, ok := blk.Body.Attributes["iterator"]; ok {
		if name := hcl.ExprAsKeyword(attr.Expr); name != "" {
			return name
		}
	}
	return blk.Labels[0]
}

// syntaxAttrs returns a body's attributes in source order.
func syntaxAttrs(b *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, attr := range b.Attributes {
		out = append(out, attr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}

// expr records the references and function calls of one expression.
func (a *analyzer) expr(e hcl.Expression, iters map[string]bool) {
	if e == nil {
		return
	}
	for _, t := range e.Variables() {
		if !iters[t.RootName()] {
			a.traversal(t)
		}
	}
	se, ok := e.(hclsyntax.Expression)
	if !ok {
		return
	}
	hclsyntax.VisitAll(se, func(node hclsyntax.Node) hcl.Diagnostics {
		switch x := node.(type) {
		case *hclsyntax.FunctionCallExpr:
			a.function(x)
		case *hclsyntax.ForExpr:
			a.forIterator(x, iters)
		case *hclsyntax.ScopeTraversalExpr:
			if !iters[x.Traversal.RootName()] {
				a.attrRef(x.Traversal, nil)
				a.tail(x.Traversal, nil)
			}
		case *hclsyntax.RelativeTraversalExpr:
			src := x.Source
			if ix, ok := src.(*hclsyntax.IndexExpr); ok {
				src = ix.Collection
			}
			if st, ok := src.(*hclsyntax.ScopeTraversalExpr); ok && !iters[st.Traversal.RootName()] {
				a.attrRef(st.Traversal, x.Traversal)
				a.tail(st.Traversal, x.Traversal)
			}
		case *hclsyntax.SplatExpr:
			st, ok := x.Source.(*hclsyntax.ScopeTraversalExpr)
			each, ok2 := x.Each.(*hclsyntax.RelativeTraversalExpr)
			if ok && ok2 && !iters[st.Traversal.RootName()] {
				a.attrRef(st.Traversal, each.Traversal)
				a.tail(st.Traversal, each.Traversal)
			}
		}
		return nil
	})
}

// function checks that a called function exists. An unknown one is
// reported once and replaced by a placeholder returning an unknown value.
func (a *analyzer) function(call *hclsyntax.FunctionCallExpr) {
	if impure[call.Name] {
		a.ev.diags.add(model.SeverityWarning, codeImpure, call.NameRange,
			fmt.Sprintf("%s() gives a value known only after apply; vpctrace leaves it unknown", call.Name))
	}
	if _, ok := a.ev.funcs[call.Name]; ok {
		return
	}
	a.ev.diags.add(model.SeverityError, codeUnsupportedFunc, call.NameRange,
		fmt.Sprintf("Call to unknown function: There is no function named %q; vpctrace leaves its result unknown", call.Name))
	a.ev.funcs[call.Name] = unknownFunc
}

// traversal records the node a reference depends on, or reports it.
func (a *analyzer) traversal(t hcl.Traversal) {
	root := t.RootName()
	rng := t.SourceRange()
	first, second := attrStep(t, 1), attrStep(t, 2)
	switch root {
	case "var":
		a.named(rng, first, "var.", "Reference to undeclared input variable",
			fmt.Sprintf("An input variable with the name %q has not been declared. This variable can be declared with a variable %q {} block.", first, first))
	case "local":
		a.named(rng, first, "local.", "Reference to undeclared local value",
			fmt.Sprintf("A local value with the name %q has not been declared.", first))
	case "module":
		a.named(rng, first, "module.", "Reference to undeclared module",
			fmt.Sprintf("No module call named %q is declared in %s.", first, a.where()))
		if first != "" && a.m.byKey["module."+first] != nil {
			a.moduleOutput(first, t)
		}
	case "data":
		if second == "" {
			a.invalid(rng, "A reference to a data source must be followed by at least one attribute access, specifying the resource name.")
			a.m.phantomRoots["data"] = true
			return
		}
		a.named(rng, first+"."+second, "data.", "Reference to undeclared resource",
			fmt.Sprintf("A data resource %q %q has not been declared in %s.", first, second, a.where()))
	case "count":
		if !a.n.isCounted() || !a.n.hasCount() {
			a.unknownRoot(rng, `Reference to "count" in non-counted context: The "count" object can only be used in "module", "resource", and "data" blocks, and only when the "count" argument is set.`)
		}
	case "each":
		if !a.n.isCounted() || !a.n.hasForEach() {
			a.unknownRoot(rng, `Reference to "each" in context without for_each: The "each" object can be used only in "module" or "resource" blocks, and only when the "for_each" argument is set.`)
		}
	case "path", "terraform":
		// Their attributes are checked when evaluated.
	case "self":
		a.unknownRoot(rng, `Invalid "self" reference: The "self" object is not available in this context. This object can be used only in resource provisioner, connection, and postcondition blocks.`)
	case "ephemeral":
		// Ephemeral values never reach a plan; they evaluate to unknown.
	default:
		if first == "" {
			a.invalid(rng, "A reference to a resource type must be followed by at least one attribute access, specifying the resource name.")
			a.m.phantomRoots[root] = true
			return
		}
		a.named(rng, root+"."+first, "", "Reference to undeclared resource",
			fmt.Sprintf("A managed resource %q %q has not been declared in %s.", root, first, a.where()))
	}
}

// named records a dependency on prefix+name, or reports it undeclared.
func (a *analyzer) named(rng hcl.Range, name, prefix, summary, detail string) {
	if name == "" {
		a.invalid(rng, fmt.Sprintf("The %q object must be followed by an attribute name.", prefix[:len(prefix)-1]))
		a.m.phantomRoots[prefix[:len(prefix)-1]] = true
		return
	}
	key := prefix + name
	if a.m.byKey[key] != nil {
		// A variable's validation rules may read the variable itself.
		if !(a.n.kind == kindVariable && key == a.n.key) {
			a.deps[key] = true
		}
		return
	}
	a.ev.diags.add(model.SeverityError, codeUnknownRef, rng, summary+": "+detail)
	a.m.phantoms[key] = true
	a.deps[key] = true // read as unknown
}

// moduleOutput records the output a reference to module call reads:
// module.NAME.OUTPUT or module.NAME[KEY].OUTPUT read one output, any other
// reference (module.NAME, module.NAME[KEY]) reads them all, as in
// Terraform.
func (a *analyzer) moduleOutput(call string, t hcl.Traversal) {
	name, _ := outputStep(t)
	if a.outputs[call] == nil {
		a.outputs[call] = map[string]bool{}
	}
	a.outputs[call][name] = true
}

func (a *analyzer) invalid(rng hcl.Range, detail string) {
	a.unknownRoot(rng, "Invalid reference: "+detail)
}

// unknownRoot reports a reference that evaluates to unknown.
func (a *analyzer) unknownRoot(rng hcl.Range, msg string) {
	a.ev.diags.add(model.SeverityError, codeUnknownRef, rng, msg)
}

// where names the module being analyzed in messages.
func (a *analyzer) where() string {
	if a.m.dir == a.ev.rootDir {
		return "the root module"
	}
	return fmt.Sprintf("module %q", a.m.dir)
}

// attrRef records that an attribute of a resource is read. t is a
// reference to a resource (possibly with the attribute and an instance
// key); rel, when set, continues it (a splat or a computed index).
func (a *analyzer) attrRef(t hcl.Traversal, rel hcl.Traversal) {
	steps := t
	key := ""
	switch {
	case t.RootName() == "data" && len(t) >= 3:
		key = "data." + attrStep(t, 1) + "." + attrStep(t, 2)
		steps = t[3:]
	case len(t) >= 2:
		key = t.RootName() + "." + attrStep(t, 1)
		steps = t[2:]
	default:
		return
	}
	target := a.m.byKey[key]
	if target == nil || !target.isResource() {
		return
	}
	if len(steps) > 0 {
		if _, ok := steps[0].(hcl.TraverseIndex); ok {
			steps = steps[1:]
		}
	} else {
		steps = rel
	}
	if len(steps) == 0 {
		return
	}
	if attr, ok := steps[0].(hcl.TraverseAttr); ok {
		target.noteAttrRef(attr.Name, t.SourceRange())
	}
}

// forIterator records the attributes a for expression reads from its
// value variable when it iterates over resources, module outputs,
// variables or locals: [for k, v in aws_lb_target_group.this : v.arn]
// reads arn of aws_lb_target_group.this.
func (a *analyzer) forIterator(x *hclsyntax.ForExpr, iters map[string]bool) {
	var reads []hcl.Traversal
	for _, e := range []hclsyntax.Expression{x.KeyExpr, x.ValExpr, x.CondExpr} {
		if e == nil {
			continue
		}
		for _, t := range e.Variables() {
			if t.RootName() == x.ValVar && attrStep(skipIndexes(t[1:]), 0) != "" {
				reads = append(reads, t)
			}
		}
	}
	if len(reads) == 0 {
		return
	}
	for _, c := range x.CollExpr.Variables() {
		if iters[c.RootName()] {
			continue
		}
		for _, r := range reads {
			// The collection's elements are what the iterator reads
			// from: c followed by the read's own steps.
			steps := append(append(hcl.Traversal{}, c...), hcl.TraverseIndex{Key: cty.DynamicVal})
			steps = append(steps, skipIndexes(r[1:])...)
			a.attrRef(steps, nil)
			a.tail(steps, nil)
		}
	}
}

// tailRef is an attribute read from a value that another declaration
// holds: module.NAME.OUTPUT[KEY].ATTR, var.NAME[KEY].ATTR or
// local.NAME[KEY].ATTR. When that value is a resource (a module that
// outputs a whole resource, a variable given one), the resource must have
// the attribute, as Terraform's schema gives it every attribute; see
// evaluator.demand.
type tailRef struct {
	root, name string // "module", "var" or "local", and the name
	output     string // module: the output
	attr       string
	rng        hcl.Range
}

// tail records a tailRef for a reference t, continued by rel (a splat or
// a computed index), that reads an attribute of a module output, variable
// or local value.
func (a *analyzer) tail(t hcl.Traversal, rel hcl.Traversal) {
	root, name := t.RootName(), attrStep(t, 1)
	if name == "" || (root != "module" && root != "var" && root != "local") {
		return
	}
	rest, output := t[2:], ""
	if root == "module" {
		if output, rest = outputStep(t); output == "" {
			return
		}
	}
	rest = skipIndexes(rest)
	if len(rest) == 0 {
		rest = skipIndexes(rel)
	}
	if attr := attrStep(rest, 0); attr != "" {
		a.m.tails = append(a.m.tails, tailRef{root: root, name: name, output: output, attr: attr, rng: t.SourceRange()})
	}
}

// outputStep splits a reference module.NAME[KEY].OUTPUT... (t has at
// least two steps): the output, "" when the reference reads the whole
// call, and the steps after it.
func outputStep(t hcl.Traversal) (output string, rest hcl.Traversal) {
	rest = skipIndexes(t[2:])
	if output = attrStep(rest, 0); output == "" {
		return "", rest
	}
	return output, rest[1:]
}

// skipIndexes drops the index steps at the start of t.
func skipIndexes(t hcl.Traversal) hcl.Traversal {
	for len(t) > 0 {
		if _, ok := t[0].(hcl.TraverseIndex); !ok {
			break
		}
		t = t[1:]
	}
	return t
}

// noteAttrRef records the first reference to attribute name.
func (n *node) noteAttrRef(name string, rng hcl.Range) {
	if n.attrRefs == nil {
		n.attrRefs = map[string]hcl.Range{}
	}
	if _, ok := n.attrRefs[name]; !ok {
		n.attrRefs[name] = rng
		n.attrList = append(n.attrList, name)
	}
}

// isCounted reports whether count and each may be used in the node.
func (n *node) isCounted() bool {
	return n.kind == kindResource || n.kind == kindData || n.kind == kindModule
}

// attrStep returns the attribute name at step i of t, or "".
func attrStep(t hcl.Traversal, i int) string {
	if i >= len(t) {
		return ""
	}
	if s, ok := t[i].(hcl.TraverseAttr); ok {
		return s.Name
	}
	return ""
}

// sortedValues returns the values of m in key order.
func sortedValues(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}
