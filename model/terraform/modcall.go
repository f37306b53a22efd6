package terraform

import (
	"fmt"
	"slices"

	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// maxModuleDepth bounds module nesting.
const maxModuleDepth = 32

// evalModule evaluates every instance of a module call: its arguments in
// the caller's context, then the child module, whose outputs become the
// call's value.
func (in *instance) evalModule(n *node) {
	call := n.call
	dir, ok := in.ev.resolveModule(in, n)
	if !ok {
		in.set(n.key, cty.DynamicVal)
		return
	}
	if slices.Contains(in.dirs, dir) || len(in.dirs) > maxModuleDepth {
		in.ev.diags.add(model.SeverityError, codeModuleCycle, call.sourceRng,
			fmt.Sprintf("Module recursion: module %q (source %q) contains itself", n.name, call.source))
		in.set(n.key, cty.DynamicVal)
		return
	}
	child := in.ev.module(dir)
	in.checkArguments(n, child)
	keys, ok := in.expand(n)
	if !ok {
		in.set(n.key, cty.DynamicVal)
		return
	}
	in.modOut[n.name] = map[string]map[string][]string{}
	vals := make([]cty.Value, len(keys))
	for i, k := range keys {
		ctx := in.instanceCtx(k)
		each := in.eachRefs(n, k)
		sub := &instance{
			ev:        in.ev,
			m:         child,
			path:      append(slices.Clone(in.path), n.name),
			prefix:    in.prefix + "module." + n.name + k.String() + ".",
			dirs:      append(slices.Clone(in.dirs), dir),
			inputs:    map[string]cty.Value{},
			providers: in.childProviders(call.providers),
		}
		inputRefs := map[string][]string{}
		for _, arg := range call.args {
			if child.byKey["var."+arg.Name] == nil {
				continue
			}
			sub.inputs[arg.Name] = in.eval(arg.Expr, ctx)
			inputRefs["var."+arg.Name] = in.refsOf(arg.Expr, each, ctx)
		}
		sub.runWith(inputRefs)
		vals[i] = sub.outputs()
		outRefs := map[string][]string{}
		for _, o := range child.nodes {
			if o.kind == kindOutput {
				outRefs[o.name] = sub.refs[o.key]
			}
		}
		in.modOut[n.name][k.String()] = outRefs
	}
	in.set(n.key, combine(n, keys, vals))
}

// runWith runs a child instance whose variables carry the given resource
// references.
func (in *instance) runWith(inputRefs map[string][]string) {
	in.preset = inputRefs
	in.run()
}

// checkArguments reports arguments the child does not declare and
// required variables the call does not set.
func (in *instance) checkArguments(n *node, child *module) {
	given := map[string]bool{}
	for _, arg := range n.call.args {
		given[arg.Name] = true
		if child.byKey["var."+arg.Name] == nil {
			in.ev.diags.add(model.SeverityError, codeUnknownRef, arg.NameRange,
				fmt.Sprintf("Unsupported argument: An argument named %q is not expected here: module %q declares no such variable.", arg.Name, n.name))
		}
	}
	for _, v := range child.nodes {
		if v.kind == kindVariable && v.variable.def == nil && !given[v.name] {
			in.ev.diags.add(model.SeverityError, codeMissingVariable, n.decl,
				fmt.Sprintf("Missing required argument: The argument %q is required by module %q, but no definition was found.", v.name, n.name))
		}
	}
}

// childProviders gives a child module its provider configurations: the
// caller's default ones, and those the providers argument maps.
func (in *instance) childProviders(mapping map[string]string) map[string]cty.Value {
	out := map[string]cty.Value{}
	if v, ok := in.providers["aws"]; ok {
		out["aws"] = v
	}
	for _, child := range sortedKeys(mapping) {
		if v, ok := in.providers[mapping[child]]; ok {
			out[child] = v
		}
	}
	return out
}
