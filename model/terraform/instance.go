package terraform

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// instance is one instance of a module: the root, or a module call's
// instance, with the values of its declarations.
type instance struct {
	ev     *evaluator
	m      *module
	root   bool
	path   []string // module call names from the root (modules.json keys)
	prefix string   // address prefix: "", "module.net.", `module.x["a"].`
	dirs   []string // module directories from the root, to stop recursion

	rootVals map[string]rootValue // root module: assigned variable values
	inputs   map[string]cty.Value // child module: the call's arguments
	// providers maps provider configuration names ("aws", "aws.west") to
	// their regions.
	providers map[string]cty.Value

	// refs maps variable, local and output keys to the resource
	// addresses their values come from.
	refs map[string][]string
	// preset are refs known before the run: a child's variables carry
	// the resources of the call's arguments.
	preset map[string][]string
	// modOut maps a module call name, then an instance key ("", "[0]",
	// `["a"]`), then an output name, to the output's resource addresses.
	modOut map[string]map[string]map[string][]string
	// groups hold declared values by reference root ("var", "local",
	// "module", a resource type, or "data" + type) and name.
	groups  map[string]map[string]cty.Value
	outVals map[string]cty.Value // output values by name
	vars    map[string]cty.Value // the EvalContext's variables
	ctx     *hcl.EvalContext
}

// run evaluates the module instance's declarations in dependency order.
func (in *instance) run() {
	in.refs = map[string][]string{}
	for k, v := range in.preset {
		in.refs[k] = v
	}
	in.modOut = map[string]map[string]map[string][]string{}
	in.groups = map[string]map[string]cty.Value{}
	in.outVals = map[string]cty.Value{}
	in.vars = map[string]cty.Value{
		"path":      in.pathValue(),
		"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
		"count":     cty.DynamicVal,
		"each":      cty.DynamicVal,
		"self":      cty.DynamicVal,
		"ephemeral": cty.DynamicVal,
	}
	in.ctx = &hcl.EvalContext{Variables: in.vars, Functions: in.ev.funcs}
	for _, n := range in.m.nodes {
		in.place(n.key, cty.DynamicVal)
	}
	for key := range in.m.phantoms {
		in.place(key, cty.DynamicVal)
	}
	for _, root := range sortedKeys(in.groups) {
		in.refresh(root)
	}
	for root := range in.m.phantomRoots {
		if _, ok := in.vars[root]; !ok {
			in.vars[root] = cty.DynamicVal
		}
	}
	for _, n := range in.m.order {
		in.evalNode(n)
	}
}

// pathValue is the path object: module relative to the root directory,
// as Terraform shows it when run in the root directory.
func (in *instance) pathValue() cty.Value {
	rel, err := filepath.Rel(in.ev.rootDir, in.m.dir)
	if err != nil {
		rel = in.m.dir
	}
	cwd, err := filepath.Abs(in.ev.rootDir)
	if err != nil {
		cwd = in.ev.rootDir
	}
	return cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(filepath.ToSlash(rel)),
		"root":   cty.StringVal("."),
		"cwd":    cty.StringVal(filepath.ToSlash(cwd)),
	})
}

// groupOf splits a node key into its reference root and name.
func groupOf(key string) (root, name string, ok bool) {
	parts := strings.SplitN(key, ".", 3)
	switch {
	case parts[0] == "output" || parts[0] == "provider":
		return "", "", false
	case parts[0] == "data" && len(parts) == 3:
		return "data." + parts[1], parts[2], true
	case len(parts) >= 2:
		return parts[0], strings.Join(parts[1:], "."), true
	}
	return "", "", false
}

// place stores a value without refreshing the context.
func (in *instance) place(key string, v cty.Value) {
	root, name, ok := groupOf(key)
	if !ok {
		return
	}
	g := in.groups[root]
	if g == nil {
		g = map[string]cty.Value{}
		in.groups[root] = g
	}
	g[name] = v
}

// set stores the value of a node and updates the context.
func (in *instance) set(key string, v cty.Value) {
	if v == cty.NilVal {
		v = cty.DynamicVal
	}
	in.place(key, v)
	if root, _, ok := groupOf(key); ok {
		in.refresh(root)
	}
}

// refresh rebuilds the context variable for one reference root.
func (in *instance) refresh(root string) {
	if strings.HasPrefix(root, "data.") {
		types := map[string]cty.Value{}
		for r, g := range in.groups {
			if t, ok := strings.CutPrefix(r, "data."); ok {
				types[t] = cty.ObjectVal(g)
			}
		}
		in.vars["data"] = cty.ObjectVal(types)
		return
	}
	in.vars[root] = cty.ObjectVal(in.groups[root])
}

// eval evaluates an expression, reporting its diagnostics.
func (in *instance) eval(e hcl.Expression, ctx *hcl.EvalContext) cty.Value {
	if e == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	v, diags := e.Value(ctx)
	in.ev.diags.hcl(diags, codeEval, e.Range())
	if v == cty.NilVal {
		return cty.DynamicVal
	}
	return v
}

// evalNode evaluates one declaration. A panic in a function library is
// reported as an internal error at the declaration rather than crashing.
func (in *instance) evalNode(n *node) {
	defer func() {
		if r := recover(); r != nil {
			in.ev.diags.add(model.SeverityError, codeInternal, n.decl,
				fmt.Sprintf("Internal error evaluating %s: %v", n.key, r))
			in.set(n.key, cty.DynamicVal)
		}
	}()
	switch n.kind {
	case kindVariable:
		in.evalVariable(n)
	case kindLocal:
		in.set(n.key, in.eval(n.expr, in.ctx))
		in.refs[n.key] = in.refsOf(n.expr, nil, in.ctx)
	case kindOutput:
		in.refs[n.key] = in.refsOf(n.expr, nil, in.ctx)
		in.outVals[n.name] = in.eval(n.expr, in.ctx)
	case kindProvider:
		in.evalProvider(n)
	case kindResource, kindData:
		in.evalResource(n)
	case kindModule:
		in.evalModule(n)
	}
}

// outputs returns the object of the instance's output values.
func (in *instance) outputs() cty.Value {
	vals := map[string]cty.Value{}
	for _, n := range in.m.nodes {
		if n.kind == kindOutput {
			v, ok := in.outVals[n.name]
			if !ok {
				v = cty.DynamicVal
			}
			vals[n.name] = v
		}
	}
	return cty.ObjectVal(vals)
}

// evalProvider records the region of a provider configuration.
func (in *instance) evalProvider(n *node) {
	if n.typ != "aws" {
		return
	}
	if in.root && n.name == "aws" && in.ev.opts.Region != "" {
		return
	}
	if n.expr == nil {
		if _, ok := in.providers[n.name]; !ok {
			in.providers[n.name] = cty.UnknownVal(cty.String)
		}
		return
	}
	v := in.eval(n.expr, in.ctx)
	if v.IsKnown() && !v.IsNull() && v.Type() != cty.String {
		in.ev.diags.add(model.SeverityError, codeInvalidValue, n.expr.Range(), "Invalid provider region: the region must be a string")
		v = cty.UnknownVal(cty.String)
	}
	in.providers[n.name] = v
}

// regionOf returns the region of a resource's provider configuration, or
// "" when it is not known.
func (in *instance) regionOf(n *node) string {
	if n.provider == "" {
		return knownString(in.providers["aws"])
	}
	v, ok := in.providers[n.provider]
	if !ok && n.provider != "aws" {
		in.ev.diags.add(model.SeverityError, codeUnknownRef, n.provRng,
			fmt.Sprintf("Provider configuration not present: %s is not configured in this module", n.provider))
		v = in.providers["aws"]
	}
	return knownString(v)
}

// sortedKeys returns the keys of a map in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
