// Package terraform turns what-if changes (package whatif) into edits of
// the .tf files of a Terraform root module, the way a careful person would
// write them: an attribute set on the block that owns it, an inline rule
// where the block keeps that direction's rules inline, a standalone
// resource of the family the group already uses where it does not,
// references instead of IDs (module.NAME.OUTPUT for an object of a child
// module), a module's input set in its module block when the attribute is
// var.NAME, and the file's comments and layout kept. It edits with
// hclwrite; only the top-level blocks it changes are formatted again. New
// resources go into vpctrace_fix.tf in the directory of the module that
// owns what they reference, or of the nearest module above it that may
// refer to all of it.
//
// A change to one instance of a count or for_each resource stays with that
// instance: an inline rule or route becomes a dynamic block keyed on it,
// and a value read from the instance's entry of a locals map is changed
// there. One exception is known: a statement added to a policy document
// data source reaches every endpoint that reads the document.
//
// A change it cannot write faithfully (an attribute written once for
// instances that would change with it, a value from a variable, an object
// inside a module installed by terraform init or called with count or
// for_each, an object the files do not declare, an object of a module
// that exposes no output for it) is an UnwritableError, never a guess.
package terraform

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/patch"
	"github.com/vpctrace/vpctrace/whatif"
)

// UnwritableError says why a change cannot be written as Terraform.
type UnwritableError struct {
	Change whatif.Change
	// Reason is one plain sentence naming the resource, the attribute and
	// its expression with file:line:col where there is one.
	Reason string
}

func (e *UnwritableError) Error() string {
	return fmt.Sprintf("cannot write %q as Terraform: %s", e.Change.Label(), e.Reason)
}

// Edits returns the edits to the Terraform root directory root — the path
// base was loaded from — that make changes, the way whatif.Apply(base,
// changes) makes them on the model. The edits are sorted by Path. A change
// it cannot write gives an UnwritableError (joined with the others), and
// then no edits.
func Edits(root string, base *model.World, changes []whatif.Change) ([]patch.Edit, error) {
	if _, _, err := whatif.Apply(base, changes); err != nil {
		return nil, err
	}
	ms, err := newModules(root)
	if err != nil {
		return nil, fmt.Errorf("reading the Terraform root %s: %w", root, err)
	}
	p := &patcher{ms: ms, after: base, fix: map[*module]*file{}, added: map[*module]map[string]bool{}}
	var errs []error
	for _, c := range changes {
		// Each change is written from the world the ones before it made.
		p.change, p.base = c, p.after
		if p.after, _, err = whatif.Apply(p.base, []whatif.Change{c}); err != nil {
			return nil, err
		}
		if err := p.write(c); err != nil {
			var u *UnwritableError
			if !errors.As(err, &u) {
				err = &UnwritableError{Change: c, Reason: err.Error()}
			}
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p.edits(), nil
}

// patcher holds the parsed modules and the changes written so far.
type patcher struct {
	ms *modules
	// base and after are the world before and after the change written.
	base, after *model.World
	change      whatif.Change
	fix         map[*module]*file           // the vpctrace_fix.tf of each module written to
	added       map[*module]map[string]bool // "type.name" of the blocks added
}

// wrap makes err an UnwritableError for the change being written, unless
// it is one.
func (p *patcher) wrap(err error) error {
	var u *UnwritableError
	if errors.As(err, &u) {
		return err
	}
	return p.refuse("%v", err)
}

// refuse is an UnwritableError for the change being written.
func (p *patcher) refuse(format string, args ...any) error {
	return &UnwritableError{Change: p.change, Reason: fmt.Sprintf(format, args...)}
}

func (p *patcher) write(c whatif.Change) error {
	switch c.Kind {
	case whatif.EnablePrivateDNS:
		return p.setAttrs(c.Target, "aws_vpc_endpoint", [][2]string{{"private_dns_enabled", "true"}})
	case whatif.EnableVPCDNS:
		return p.setAttrs(c.Target, "aws_vpc", [][2]string{{"enable_dns_support", "true"}, {"enable_dns_hostnames", "true"}})
	case whatif.SetPlatformVersion:
		return p.setAttrs(c.Target, "aws_ecs_service", [][2]string{{"platform_version", quote(c.Value)}})
	case whatif.FlipPublicIP:
		return p.flipPublicIP(c)
	case whatif.AssociateRouteTable:
		return p.associateRouteTable(c)
	case whatif.AllowEgress, whatif.AllowIngress, whatif.AddS3Egress:
		return p.sgRule(c)
	case whatif.AllowNACL:
		return p.aclRule(c)
	case whatif.AddDefaultRoute:
		return p.defaultRoute(c)
	case whatif.AddMountTarget:
		return p.mountTarget(c)
	case whatif.AddEndpoint:
		return p.endpoint(c)
	case whatif.WidenEndpointPolicy:
		return p.policy(c)
	}
	return p.refuse("vpctrace does not write this kind of change as Terraform")
}

// edits returns the changed files, sorted by path.
func (p *patcher) edits() []patch.Edit {
	var out []patch.Edit
	seen := map[*file]bool{}
	var files []*file
	for _, m := range p.ms.byAddr {
		files = append(files, m.files...)
	}
	for _, f := range p.fix {
		files = append(files, f)
	}
	for _, f := range files {
		if seen[f] {
			continue
		}
		seen[f] = true
		if b := f.content(); b != nil {
			out = append(out, patch.Edit{Path: f.rel, Old: f.orig, New: b})
		}
	}
	slices.SortFunc(out, func(a, b patch.Edit) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// object finds the block of the object of ID id and kind typ (one of
// types), with its module.
func (p *patcher) object(id string, types ...string) (*module, address, block, error) {
	a, ok := parseAddress(id)
	if !ok {
		return nil, a, block{}, p.refuse("%s is not the address of a resource in the Terraform files", id)
	}
	if len(types) > 0 && !slices.Contains(types, a.typ) {
		return nil, a, block{}, p.refuse("%s is a %s, not a %s", id, a.typ, strings.Join(types, " or "))
	}
	m, err := p.ms.module(a.module)
	if err != nil {
		return nil, a, block{}, p.refuse("%s: %v", id, err)
	}
	b, ok := m.find(a)
	if !ok {
		where := "the root"
		if m.addr != "" {
			where = strings.TrimSuffix(m.addr, ".")
		}
		return nil, a, block{}, p.refuse("%s is not declared in the files of %s (a resource known only from a plan or state)", id, where)
	}
	if a.key == "" && b.repeated() != nil || a.key != "" && b.repeated() == nil {
		return nil, a, block{}, p.refuse("%s does not match %s as declared at %s", id, b.label(), where(b.s.DefRange()))
	}
	return m, a, b, nil
}

// editable checks that the files of m may be edited.
func (p *patcher) editable(m *module, what string) error {
	if m.readOnly != "" {
		return p.refuse("%s is in a module whose files vpctrace does not edit: %s", what, m.readOnly)
	}
	return nil
}

// setAttrs sets attributes of the block of object id to expressions.
func (p *patcher) setAttrs(id, typ string, attrs [][2]string) error {
	m, _, b, err := p.object(id, typ)
	if err != nil {
		return err
	}
	var rest [][2]string
	for _, kv := range attrs {
		if a := b.attr(kv[0]); a != nil && compact(b.text(a.Expr)) == compact(kv[1]) {
			continue // written so already
		}
		done, err := p.setInput(m, b, kv)
		if err != nil {
			return err
		}
		if !done {
			rest = append(rest, kv)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	if err := p.editable(m, id); err != nil {
		return err
	}
	if err := p.uniform(b, b, id, rest); err != nil {
		return err
	}
	return p.setIn(b, id, rest)
}

// uniform refuses to write attrs into block in (b or a block nested in
// it) when b makes several instances and an attribute written the same
// for all of them would change instances other than id: those that do not
// have the value yet.
func (p *patcher) uniform(b, in block, id string, attrs [][2]string) error {
	rep := b.repeated()
	if rep == nil {
		return nil
	}
	var names []string
	for _, kv := range attrs {
		if a := in.attr(kv[0]); a == nil || !dependsOn(a.Expr, "each", "count") {
			names = append(names, kv[0])
		}
	}
	others := p.differing(id)
	if len(names) == 0 || len(others) == 0 {
		return nil
	}
	how := "leaves " + strings.Join(names, " and ") + " unset"
	if a := in.attr(names[0]); a != nil {
		how = fmt.Sprintf("sets %s = %s (%s)", names[0], in.text(a.Expr), where(a.Expr.Range()))
	}
	return p.refuse("%s %s for every instance of its %s (%s); writing the change there would change %s too",
		b.label(), how, rep.Name, where(rep.Expr.Range()), strings.Join(others, ", "))
}

// differing returns the other instances of id's resource in the world
// that the change being written would change if made on them too.
func (p *patcher) differing(id string) []string {
	a, ok := parseAddress(id)
	if !ok || a.key == "" {
		return nil
	}
	same := func(other string) bool {
		o, ok := parseAddress(other)
		return ok && other != id && o.module == a.module && o.typ == a.typ && o.name == a.name
	}
	var out []string
	switch c := p.change; c.Kind {
	case whatif.EnablePrivateDNS:
		for _, e := range p.base.Endpoints {
			if same(e.ID) && e.Type == model.EndpointInterface && !e.PrivateDNS {
				out = append(out, e.ID)
			}
		}
	case whatif.EnableVPCDNS:
		for _, v := range p.base.VPCs {
			if same(v.ID) && !(v.EnableDNSSupport && v.EnableDNSHostnames) {
				out = append(out, v.ID)
			}
		}
	case whatif.SetPlatformVersion, whatif.FlipPublicIP:
		target := find(p.after.Services, c.Target)
		for _, s := range p.base.Services {
			if same(s.ID) && target != nil && (c.Kind == whatif.SetPlatformVersion && s.PlatformVersion != c.Value ||
				c.Kind == whatif.FlipPublicIP && s.AssignPublicIP != target.AssignPublicIP) {
				out = append(out, s.ID)
			}
		}
	}
	return out
}

// setInput sets an attribute of block b of module m that is exactly one
// of the module's variables (var.NAME) where the module is called:
// NAME = value in the module block, as a user of the module would. It
// reports false when the attribute is not written so, or the module is
// the root.
func (p *patcher) setInput(m *module, b block, kv [2]string) (bool, error) {
	a := b.attr(kv[0])
	if a == nil || m.parent == nil {
		return false, nil
	}
	t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(t.Traversal) != 2 || t.Traversal.RootName() != "var" {
		return false, nil
	}
	name := string(hclTraversal(t.Traversal[1:]))
	_, call, _, _ := lastCall(m.addr)
	if err := p.editable(m.parent, b.label()); err != nil {
		return false, err
	}
	for _, f := range m.parent.files {
		for _, mb := range f.blocks() {
			if mb.s.Type != "module" || len(mb.s.Labels) != 1 || mb.s.Labels[0] != call {
				continue
			}
			if r := mb.repeated(); r != nil {
				if cur := mb.attr(name); cur == nil || dependsOn(cur.Expr, "each", "count") {
					return false, p.refuse("%s sets %s = var.%s (%s), and module.%s, called with %s (%s), passes it per instance; set %s to %s for the instance in the input that gives it",
						b.label(), kv[0], name, where(a.Expr.Range()), call, r.Name, where(r.Expr.Range()), name, kv[1])
				}
			}
			return true, p.setIn(mb, "", [][2]string{{name, kv[1]}})
		}
	}
	return false, nil
}

// setIn sets attributes of b (a block of object id, or a block nested in
// it) to expressions. An attribute whose expression depends on each or
// count is refused, unless the value it reads is a literal map entry this
// can change instead (perInstance).
func (p *patcher) setIn(b block, id string, attrs [][2]string) error {
	for _, kv := range attrs {
		if a := b.attr(kv[0]); a != nil && dependsOn(a.Expr, "each", "count") {
			if err := p.perInstance(b, id, a, kv[1]); err != nil {
				return err
			}
			continue
		}
		toks, err := exprTokens(kv[1])
		if err != nil {
			return err
		}
		b.w.Body().SetAttributeRaw(kv[0], toks)
		b.touch()
	}
	return nil
}

// quote writes s as an HCL string literal.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "${", "$${", "%{", "%%{")
	return `"` + r.Replace(s) + `"`
}
