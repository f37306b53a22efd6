package terraform

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// ref returns the expression that refers to attribute attr of object id
// from module m: its address in the same module, or an output of a child
// module whose value is exactly that.
func (p *patcher) ref(m *module, id, attr string) (string, error) {
	a, ok := parseAddress(id)
	if !ok {
		return "", fmt.Errorf("%s is not the address of a resource in the Terraform files", id)
	}
	if !strings.HasPrefix(a.module, m.addr) {
		return "", fmt.Errorf("%s is outside %s, which cannot refer to it", id, moduleName(m))
	}
	if a.module == m.addr {
		if _, err := p.declared(a, id); err != nil {
			return "", err
		}
		return a.local() + "." + attr, nil
	}
	calls := splitModules(strings.TrimPrefix(a.module, m.addr))
	child, err := p.ms.module(m.addr + "module." + calls[0] + ".")
	if err != nil {
		return "", err
	}
	inner, err := p.ref(child, id, attr)
	if err != nil {
		return "", err
	}
	for _, o := range child.outputs() {
		if compact(o.text) == compact(inner) {
			return "module." + calls[0] + "." + o.name, nil
		}
	}
	return "", fmt.Errorf("%s is in %s, which has no output whose value is %s", id, moduleName(child), inner)
}

// declared checks that the object of address a is declared in its module.
func (p *patcher) declared(a address, id string) (block, error) {
	m, err := p.ms.module(a.module)
	if err != nil {
		return block{}, err
	}
	b, ok := m.find(a)
	if !ok {
		return block{}, fmt.Errorf("%s is not declared in the files of %s", id, moduleName(m))
	}
	return b, nil
}

func moduleName(m *module) string {
	if m.addr == "" {
		return "the root module"
	}
	return strings.TrimSuffix(m.addr, ".")
}

// home picks the module a new block goes in: the module of owner (an
// object ID) or the first of its ancestors from which every object of ids
// can be referred to, and whose files may be edited.
func (p *patcher) home(owner string, ids ...string) (*module, error) {
	return p.homeWith(owner, ids, nil)
}

// homeWith is home for a block that also refers to lists of objects,
// which may come from a child module's list output (refs).
func (p *patcher) homeWith(owner string, ids []string, lists [][]string) (*module, error) {
	a, ok := parseAddress(owner)
	if !ok {
		return nil, fmt.Errorf("%s is not the address of a resource in the Terraform files", owner)
	}
	m, err := p.ms.module(a.module)
	if err != nil {
		return nil, err
	}
	// The error said is the one of the innermost module that may be
	// edited, else that the owner's module may not.
	var first, firstEditable error
	for ; m != nil; m = m.parent {
		err := p.editable(m, owner)
		if first == nil {
			first = err
		}
		if err != nil {
			continue
		}
		for _, id := range append([]string{owner}, ids...) {
			if _, err = p.ref(m, id, "id"); err != nil {
				break
			}
		}
		for _, l := range lists {
			if err == nil {
				_, err = p.refs(m, l, "id")
			}
		}
		if err == nil {
			return m, nil
		}
		if firstEditable == nil {
			firstEditable = err
		}
	}
	return nil, cmp.Or(firstEditable, first)
}

// refs returns a list expression of references to attribute attr of
// objects ids from m: a child module's output that lists exactly them
// (aws_subnet.private[*].id for every instance), else a tuple of refs.
func (p *patcher) refs(m *module, ids []string, attr string) (string, error) {
	if r, ok := p.listOutput(m, ids, attr); ok {
		return r, nil
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		r, err := p.ref(m, id, attr)
		if err != nil {
			return "", err
		}
		parts[i] = r
	}
	return "[" + strings.Join(parts, ", ") + "]", nil
}

// listOutput finds, for ids that are every instance of one resource of a
// child module of m in order, an output of that module whose value lists
// attribute attr of all of them.
func (p *patcher) listOutput(m *module, ids []string, attr string) (string, bool) {
	if len(ids) == 0 {
		return "", false
	}
	first, ok := parseAddress(ids[0])
	if !ok || first.key == "" || !strings.HasPrefix(first.module, m.addr) || first.module == m.addr {
		return "", false
	}
	whole := first.module + first.typ + "." + first.name
	if !slices.Equal(ids, p.instances(whole)) {
		return "", false
	}
	calls := splitModules(strings.TrimPrefix(first.module, m.addr))
	if len(calls) != 1 {
		return "", false
	}
	child, err := p.ms.module(first.module)
	if err != nil {
		return "", false
	}
	local := first.typ + "." + first.name
	for _, o := range child.outputs() {
		if listsAll(o.expr, local, attr) {
			return "module." + calls[0] + "." + o.name, true
		}
	}
	return "", false
}

// listsAll reports whether e is local[*].attr or [for x in local : x.attr].
func listsAll(e hclsyntax.Expression, local, attr string) bool {
	switch x := e.(type) {
	case *hclsyntax.SplatExpr:
		src, ok := x.Source.(*hclsyntax.ScopeTraversalExpr)
		each, ok2 := x.Each.(*hclsyntax.RelativeTraversalExpr)
		return ok && ok2 && string(hclTraversal(src.Traversal)) == local && len(each.Traversal) == 1 && stepName(each.Traversal[0]) == attr
	case *hclsyntax.ForExpr:
		coll, ok := x.CollExpr.(*hclsyntax.ScopeTraversalExpr)
		val, ok2 := x.ValExpr.(*hclsyntax.ScopeTraversalExpr)
		return ok && ok2 && x.KeyExpr == nil && x.CondExpr == nil && string(hclTraversal(coll.Traversal)) == local &&
			string(hclTraversal(val.Traversal)) == x.ValVar+"."+attr
	}
	return false
}

func stepName(s hcl.Traverser) string {
	if a, ok := s.(hcl.TraverseAttr); ok {
		return a.Name
	}
	return ""
}

// instances returns the IDs of the instances of resource whole (an
// address without instance key) among the world's subnets, groups and
// route tables, in the world's order.
func (p *patcher) instances(whole string) []string {
	var out []string
	add := func(id string) {
		if a, ok := parseAddress(id); ok && a.key != "" && a.module+a.typ+"."+a.name == whole {
			out = append(out, id)
		}
	}
	for _, s := range p.base.Subnets {
		add(s.ID)
	}
	for _, g := range p.base.SecurityGroups {
		add(g.ID)
	}
	for _, r := range p.base.RouteTables {
		add(r.ID)
	}
	return out
}

// newBlock is a block written as text: its header, attributes in order
// and nested blocks.
type newBlock struct {
	header string // `resource "aws_route" "x"`, `egress`
	attrs  [][2]string
	blocks []newBlock
}

func (nb newBlock) text(indent string) string {
	var sb strings.Builder
	sb.WriteString(indent + nb.header + " {\n")
	for _, a := range nb.attrs {
		sb.WriteString(indent + "  " + a[0] + " = " + a[1] + "\n")
	}
	for _, b := range nb.blocks {
		if len(nb.attrs) > 0 {
			sb.WriteString("\n")
		}
		sb.WriteString(b.text(indent + "  "))
	}
	sb.WriteString(indent + "}\n")
	return sb.String()
}

// add appends a new top-level block to the vpctrace_fix.tf of m, with a
// comment that names the change, and returns its name. name is made
// unique among the blocks of its type in m.
func (p *patcher) add(m *module, mode, typ, name string, nb newBlock) (string, error) {
	name = p.unique(m, mode, typ, name)
	kw := "resource"
	if mode == "data" {
		kw = "data"
	}
	nb.header = fmt.Sprintf("%s %q %q", kw, typ, name)
	src := []byte("# vpctrace fix: " + oneLine(p.change.Label()) + "\n" + nb.text(""))
	if _, diags := hclsyntax.ParseConfig(src, fixFile, hcl.InitialPos); diags.HasErrors() {
		return "", fmt.Errorf("the new %s.%s is not valid HCL: %v", typ, name, diags)
	}
	f, err := p.fixFile(m)
	if err != nil {
		return "", err
	}
	if len(f.added) > 0 {
		f.added = append(f.added, '\n')
	}
	f.added = append(f.added, hclwrite.Format(src)...)
	return name, nil
}

// oneLine keeps a label on one comment line.
func oneLine(s string) string { return strings.NewReplacer("\n", " ", "\r", " ").Replace(s) }

// fixFile returns the vpctrace_fix.tf of m, read or new.
func (p *patcher) fixFile(m *module) (*file, error) {
	if f := p.fix[m]; f != nil {
		return f, nil
	}
	rel := strings.TrimPrefix(m.rel+"/"+fixFile, "./")
	for _, f := range m.files {
		if f.rel == rel {
			p.fix[m] = f
			return f, nil
		}
	}
	f := &file{rel: rel, dirty: map[int]bool{}}
	p.fix[m] = f
	return f, nil
}

// unique returns name, or name_2, name_3 ..., whichever no block of type
// typ in m has.
func (p *patcher) unique(m *module, mode, typ, name string) string {
	name = ident(name)
	kw := mode // "" for a resource, as add takes it
	if kw == "" {
		kw = "resource"
	}
	taken := m.names(kw, typ)
	if p.added[m] == nil {
		p.added[m] = map[string]bool{}
	}
	for n := range p.added[m] {
		if t, rest, _ := strings.Cut(n, " "); t == mode+"."+typ {
			taken[rest] = true
		}
	}
	out := name
	for i := 2; taken[out]; i++ {
		out = name + "_" + strconv.Itoa(i)
	}
	p.added[m][mode+"."+typ+" "+out] = true
	return out
}

// ident makes s a Terraform name: letters, digits, _ and -, starting
// with a letter or _.
func ident(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('_')
		}
	}
	out := strings.Trim(sb.String(), "_")
	if out == "" || out[0] >= '0' && out[0] <= '9' || out[0] == '-' {
		out = "r_" + out
	}
	return out
}

// nameOf is a short name of an object for the names of new blocks: its
// resource name and instance key ("private_a" for aws_subnet.private["a"]).
func nameOf(id string) string {
	a, ok := parseAddress(id)
	if !ok {
		return ident(id)
	}
	k := strings.Trim(a.key, `[]"`)
	if k == "" {
		return a.name
	}
	return a.name + "_" + k
}
