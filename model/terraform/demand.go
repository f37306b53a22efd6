package terraform

import (
	"github.com/hashicorp/hcl/v2"
)

// demandKey marks an expression already searched for an attribute.
type demandKey struct {
	c    *config
	rng  hcl.Range
	attr string
}

// demand gives resources the attributes that declarations read from them
// through module outputs, module arguments and local values
// (module.alb.target_groups["x"].arn, where the output is the whole
// aws_lb_target_group.this). Terraform knows every attribute of a
// resource from the provider's schema; the evaluator, which has none,
// adds the attributes that are read (unknown when neither the
// configuration nor the evaluator gives them), so that such a read is
// unknown rather than "Unsupported attribute".
func (ev *evaluator) demand(c *config) {
	seen := map[demandKey]bool{}
	var walk func(c *config)
	walk = func(c *config) {
		for _, t := range c.m.tails {
			switch t.root {
			case "module":
				ev.demandOutput(c.children[t.name], t.output, t.attr, t.rng, seen)
			case "var":
				ev.demandVar(c, t.name, t.attr, t.rng, seen)
			case "local":
				if n := c.m.byKey["local."+t.name]; n != nil {
					ev.demandExpr(c, n.expr, t.attr, t.rng, seen)
				}
			}
		}
		for _, name := range sortedKeys(c.children) {
			walk(c.children[name])
		}
	}
	walk(c)
}

// demandOutput looks for resources behind an output of child.
func (ev *evaluator) demandOutput(child *config, output, attr string, rng hcl.Range, seen map[demandKey]bool) {
	if child == nil {
		return
	}
	if n := child.m.byKey["output."+output]; n != nil {
		ev.demandExpr(child, n.expr, attr, rng, seen)
	}
}

// demandVar looks for resources behind a child's variable: the argument
// its call gives it.
func (ev *evaluator) demandVar(c *config, name, attr string, rng hcl.Range, seen map[demandKey]bool) {
	if c.parent == nil {
		return
	}
	for _, arg := range c.call.call.args {
		if arg.Name == name {
			ev.demandExpr(c.parent, arg.Expr, attr, rng, seen)
		}
	}
}

// demandExpr adds attr to the resources whose whole value (or one
// instance of it) e may evaluate to, following module outputs, variables
// and locals that e passes on whole.
func (ev *evaluator) demandExpr(c *config, e hcl.Expression, attr string, rng hcl.Range, seen map[demandKey]bool) {
	if e == nil {
		return
	}
	k := demandKey{c, e.Range(), attr}
	if seen[k] {
		return
	}
	seen[k] = true
	for _, t := range e.Variables() {
		if len(t) < 2 {
			continue // not a reference to a declaration (reported elsewhere)
		}
		root, name := t.RootName(), attrStep(t, 1)
		switch root {
		case "module":
			if output, rest := outputStep(t); output != "" && len(skipIndexes(rest)) == 0 {
				ev.demandOutput(c.children[name], output, attr, rng, seen)
			}
		case "var":
			if len(skipIndexes(t[2:])) == 0 {
				ev.demandVar(c, name, attr, rng, seen)
			}
		case "local":
			if n := c.m.byKey["local."+name]; n != nil && len(skipIndexes(t[2:])) == 0 {
				ev.demandExpr(c, n.expr, attr, rng, seen)
			}
		default:
			key, rest := resourceKey(t), skipIndexes(t[2:])
			if root == "data" && len(t) >= 3 {
				rest = skipIndexes(t[3:])
			}
			if n := c.m.byKey[key]; n != nil && n.isResource() && len(rest) == 0 {
				n.noteAttrRef(attr, rng)
			}
		}
	}
}
