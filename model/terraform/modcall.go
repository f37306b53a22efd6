package terraform

import (
	"fmt"

	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// maxModuleDepth bounds module nesting.
const maxModuleDepth = 32

// evalModule expands a module call: it evaluates count or for_each and
// creates the child module's instances, whose declarations the graph
// evaluates later (each after what it depends on, in this module or
// another). Until then the call's value holds unknown outputs.
func (in *instance) evalModule(n *node) {
	child := in.cfg.children[n.name]
	if child == nil {
		in.set(n.key, cty.DynamicVal) // reported when the tree was built
		return
	}
	keys, exp := in.expand(n)
	if exp == invalid {
		in.set(n.key, cty.DynamicVal)
		return
	}
	ci := &callInstances{n: n, keys: keys, subs: make([]*instance, len(keys))}
	for i, k := range keys {
		ci.subs[i] = in.ev.newInstance(child, in, k)
	}
	in.calls[n.name] = ci
	in.set(n.key, ci.value())
}

// argument evaluates the call's argument for a child's variable in the
// calling instance, with the child's count.index or each, and the
// resources it references. ok is false when the call does not set it.
func (in *instance) argument(name string) (val cty.Value, refs []string, ok bool) {
	p, call := in.parent, in.cfg.call
	for _, arg := range call.call.args {
		if arg.Name == name {
			ctx := p.instanceCtx(in.key)
			return p.eval(arg.Expr, ctx), p.refsOf(arg.Expr, p.eachRefs(call, in.key), ctx), true
		}
	}
	return cty.NilVal, nil, false
}

// checkArguments reports arguments the child does not declare and
// required variables the call does not set.
func (ev *evaluator) checkArguments(n *node, child *module) {
	given := map[string]bool{}
	for _, arg := range n.call.args {
		given[arg.Name] = true
		if child.byKey["var."+arg.Name] == nil {
			ev.diags.add(model.SeverityError, codeUnknownRef, arg.NameRange,
				fmt.Sprintf("Unsupported argument: An argument named %q is not expected here: module %q declares no such variable.", arg.Name, n.name))
		}
	}
	for _, v := range child.nodes {
		if v.kind == kindVariable && v.variable.def == nil && !given[v.name] {
			ev.diags.add(model.SeverityError, codeMissingVariable, n.decl,
				fmt.Sprintf("Missing required argument: The argument %q is required by module %q, but no definition was found.", v.name, n.name))
		}
	}
}
