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

// instance is one instance of a module: the root, or one instance of a
// module call, with the values of its declarations.
type instance struct {
	ev     *evaluator
	cfg    *config
	m      *module   // cfg.m
	parent *instance // the calling instance; nil for the root
	key    instKey   // the call's instance key
	prefix string    // address prefix: "", "module.net.", `module.x["a"].`

	rootVals map[string]rootValue // root module: assigned variable values
	// providers maps the aws provider configurations this instance
	// declares ("aws", "aws.west") to what they set.
	providers map[string]providerConfig

	// refs maps variable, local and output keys to the resource
	// addresses their values come from.
	refs map[string][]string
	// calls holds the instances of each module call, by call name.
	calls map[string]*callInstances
	// groups hold declared values by reference root ("var", "local",
	// "module", a resource type, or "data" + type) and name.
	groups  map[string]map[string]cty.Value
	outVals map[string]cty.Value // output values by name
	outObj  cty.Value            // outputs(), cached; NilVal when stale
	// base holds the context variables that do not name declarations
	// (path, terraform, count, ...), and unknown stand-ins for the roots
	// of references already reported as invalid.
	base *hcl.EvalContext
	// ctx is the context of the expressions being evaluated: a child of
	// base with the declarations they read (see use).
	ctx *hcl.EvalContext
	// staleCalls are the module calls whose value in groups is older
	// than their instances' outputs.
	staleCalls map[string]bool
}

// callInstances are the instances of one module call in one instance.
type callInstances struct {
	n    *node
	keys []instKey
	subs []*instance
}

// newInstance creates an instance of c's module, every declaration
// unknown until evaluated.
func (ev *evaluator) newInstance(c *config, parent *instance, key instKey) *instance {
	in := &instance{
		ev: ev, cfg: c, m: c.m, parent: parent, key: key,
		providers: map[string]providerConfig{},
		refs:      map[string][]string{},
		calls:     map[string]*callInstances{},
		groups:    map[string]map[string]cty.Value{},
		outVals:   map[string]cty.Value{},
	}
	if parent != nil {
		in.prefix = parent.prefix + "module." + c.call.name + key.String() + "."
	}
	vars := map[string]cty.Value{
		"path":      in.pathValue(),
		"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
		"count":     cty.DynamicVal,
		"each":      cty.DynamicVal,
		"self":      cty.DynamicVal,
		"ephemeral": cty.DynamicVal,
	}
	for root := range in.m.phantomRoots {
		vars[root] = cty.DynamicVal
	}
	in.base = &hcl.EvalContext{Variables: vars, Functions: ev.funcs}
	in.ctx = in.base
	for _, n := range in.m.nodes {
		in.place(n.key, cty.DynamicVal)
	}
	for key := range in.m.phantoms {
		in.place(key, cty.DynamicVal)
	}
	c.instances = append(c.instances, in)
	return in
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

// set stores the value of a node, for the contexts built after it (see
// use).
func (in *instance) set(key string, v cty.Value) {
	if v == cty.NilVal {
		v = cty.DynamicVal
	}
	in.place(key, v)
}

// use makes in.ctx the context of expressions that read the declarations
// keys names (node keys, as refSet holds them): base, and the current
// values of those declarations only, as Terraform builds the context of
// an expression from its references. Building it costs what the
// expressions reference, not what the module declares, so evaluation
// stays linear in the number of declarations.
func (in *instance) use(keys []string) {
	in.ctx = in.base
	if len(keys) == 0 {
		return
	}
	roots := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	for _, key := range keys {
		root, name, ok := groupOf(key)
		if !ok {
			continue
		}
		if root == "module" && in.staleCalls[name] {
			delete(in.staleCalls, name)
			in.place(key, in.calls[name].value())
		}
		v, ok := in.groups[root][name]
		if !ok {
			continue
		}
		if typ, isData := strings.CutPrefix(root, "data."); isData {
			addValue(data, typ, name, v)
		} else {
			addValue(roots, root, name, v)
		}
	}
	vars := make(map[string]cty.Value, len(roots)+1)
	for root, attrs := range roots {
		vars[root] = cty.ObjectVal(attrs)
	}
	if len(data) > 0 {
		types := make(map[string]cty.Value, len(data))
		for typ, attrs := range data {
			types[typ] = cty.ObjectVal(attrs)
		}
		vars["data"] = cty.ObjectVal(types)
	}
	in.ctx = in.base.NewChild()
	in.ctx.Variables = vars
}

// addValue sets m[outer][inner] to v.
func addValue(m map[string]map[string]cty.Value, outer, inner string, v cty.Value) {
	if m[outer] == nil {
		m[outer] = map[string]cty.Value{}
	}
	m[outer][inner] = v
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
func (in *instance) evalNode(g *gnode) {
	n := g.n
	defer func() {
		if r := recover(); r != nil {
			in.ev.diags.add(model.SeverityError, codeInternal, n.decl,
				fmt.Sprintf("Internal error evaluating %s: %v", n.key, r))
			in.set(n.key, cty.DynamicVal)
		}
	}()
	in.use(n.uses.keys)
	switch n.kind {
	case kindVariable:
		if in.parent != nil {
			in.parent.use(in.cfg.call.call.argUses[n.name].keys)
		}
		in.evalVariable(n)
	case kindLocal:
		in.set(n.key, in.eval(n.expr, in.ctx))
		in.refs[n.key] = in.refsOf(n.expr, nil, in.ctx)
	case kindOutput:
		in.refs[n.key] = in.refsOf(n.expr, nil, in.ctx)
		in.setOutput(n.name, in.eval(n.expr, in.ctx))
	case kindProvider:
		in.evalProvider(n)
	case kindResource, kindData:
		in.evalResource(n)
	case kindModule:
		in.evalModule(n)
	}
}

// setOutput stores an output value and marks the caller's value of the
// module call stale.
func (in *instance) setOutput(name string, v cty.Value) {
	in.outVals[name] = v
	in.outObj = cty.NilVal
	if p := in.parent; p != nil {
		if p.staleCalls == nil {
			p.staleCalls = map[string]bool{}
		}
		p.staleCalls[in.cfg.call.name] = true
	}
}

// outputs returns the object of the instance's output values; outputs
// not evaluated yet are unknown.
func (in *instance) outputs() cty.Value {
	if in.outObj != cty.NilVal {
		return in.outObj
	}
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
	in.outObj = cty.ObjectVal(vals)
	return in.outObj
}

// value is what references to the module call see: the outputs of its
// instance, a tuple of them for count, an object by key for for_each.
func (ci *callInstances) value() cty.Value {
	vals := make([]cty.Value, len(ci.subs))
	for i, sub := range ci.subs {
		vals[i] = sub.outputs()
	}
	return combine(ci.n, ci.keys, vals)
}

// providerConfig is what the evaluator uses of an aws provider
// configuration.
type providerConfig struct {
	region cty.Value // a string, unknown when not known
	tags   cty.Value // default_tags' tags: a map, null when none
	// allowed is allowed_account_ids and roleARN assume_role's role_arn,
	// as far as they are known (aws-rules 6.1.6).
	allowed []string
	roleARN string
}

// evalProvider records the region and default tags of a provider
// configuration.
func (in *instance) evalProvider(n *node) {
	if n.typ != configuredProvider {
		return
	}
	pc := providerConfig{tags: cty.NullVal(cty.Map(cty.String))}
	if n.tags != nil {
		pc.tags = in.eval(n.tags, in.ctx)
	}
	if n.accountIDs != nil {
		pc.allowed = knownStrings(in.eval(n.accountIDs, in.ctx))
	}
	if n.roleARN != nil {
		pc.roleARN = knownString(in.eval(n.roleARN, in.ctx))
	}
	switch {
	case in.parent == nil && n.name == configuredProvider && in.ev.opts.Region != "":
		pc.region = cty.StringVal(in.ev.opts.Region)
	case n.expr == nil:
		pc.region = in.ev.envRegion(n.decl, fmt.Sprintf("provider %q sets no region", n.name))
	default:
		pc.region = in.eval(n.expr, in.ctx)
		if pc.region.IsKnown() && !pc.region.IsNull() && pc.region.Type() != cty.String {
			in.ev.diags.add(model.SeverityError, codeInvalidValue, n.expr.Range(), "Invalid provider region: the region must be a string")
			pc.region = cty.UnknownVal(cty.String)
		}
	}
	in.providers[n.name] = pc
}

// provider returns provider configuration name as seen from the
// instance: its own, else the one the caller passes (the providers
// argument, or the caller's default configuration). ok is false when no
// configuration serves the name.
func (in *instance) provider(name string) (providerConfig, bool) {
	for in != nil {
		if in.m.byKey["provider."+name] != nil {
			pc, ok := in.providers[name]
			if !ok { // in a reference cycle
				pc = providerConfig{region: cty.UnknownVal(cty.String), tags: cty.NullVal(cty.Map(cty.String))}
			}
			return pc, true
		}
		if in.parent == nil {
			if name == configuredProvider {
				return providerConfig{region: in.ev.defaultRegion, tags: cty.NullVal(cty.Map(cty.String))}, true
			}
			return providerConfig{}, false
		}
		if mapped, ok := in.cfg.call.call.providers[name]; ok {
			name = mapped
		} else if strings.Contains(name, ".") {
			return providerConfig{}, false
		}
		in = in.parent
	}
	return providerConfig{}, false
}

// providerOf returns the provider configuration of a resource, or ok
// false for a resource of another provider. A missing configuration is
// reported, and the default one used.
func (in *instance) providerOf(n *node) (providerConfig, bool) {
	name := n.provider // "aws" for an aws_ type unless set
	if typ, _, _ := strings.Cut(name, "."); typ != configuredProvider {
		return providerConfig{}, false
	}
	pc, ok := in.provider(name)
	if !ok {
		in.ev.diags.add(model.SeverityError, codeUnknownRef, n.provRng,
			fmt.Sprintf("Provider configuration not present: %s is not configured in this module", name))
		pc, _ = in.provider(configuredProvider)
	}
	return pc, true
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
