package tfjson

import (
	"slices"
	"strings"

	hcjson "github.com/hashicorp/terraform-json"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

// refIndex answers which resources a configuration expression references.
type refIndex struct {
	calls     map[string]*hcjson.ModuleCall     // the call of each module path but the root
	resources map[string]*hcjson.ConfigResource // by module path + " " + relative address
	instances map[string]bool                   // resource and module instance addresses
	keyed     map[string][]string               // keyed instances by resource or module call address, sorted
	memo      map[string][]string               // resolved variables and outputs
	busy      map[string]bool                   // being resolved (a cycle, in malformed input)
}

// scope is where an expression is evaluated: the module instance, and the
// for_each expression and instance key of the resource or module call
// whose argument it is.
type scope struct {
	module  string // module instance address; "" for the root
	forEach *hcjson.Expression
	key     string // `["a"]`, "[0]", or ""
}

// newRefIndex indexes the configuration and the instances' addresses.
func newRefIndex(c *hcjson.Config, instances []instance) *refIndex {
	ix := &refIndex{
		calls:     map[string]*hcjson.ModuleCall{},
		resources: map[string]*hcjson.ConfigResource{},
		instances: map[string]bool{},
		keyed:     map[string][]string{},
		memo:      map[string][]string{},
		busy:      map[string]bool{},
	}
	if c != nil {
		ix.addModule("", c.RootModule)
	}
	for _, in := range instances {
		ix.instances[in.r.Address] = true
		for m := in.module; m != ""; m, _ = parentModule(m) {
			ix.instances[m] = true
		}
	}
	// Index once what keyed and moduleInstances look up many times (a
	// scan of every instance per lookup is quadratic in big plans).
	for a := range ix.instances {
		if base, key := tfmap.SplitKey(a); isKey(key) {
			ix.keyed[base] = append(ix.keyed[base], a)
		}
	}
	for _, list := range ix.keyed {
		slices.Sort(list)
	}
	return ix
}

// addModule indexes the resources and calls of module m at path (""
// for the root, "module.a.module.b").
func (ix *refIndex) addModule(path string, m *hcjson.ConfigModule) {
	if m == nil {
		return
	}
	for _, r := range m.Resources {
		if r != nil {
			ix.resources[path+" "+r.Address] = r
		}
	}
	for name, call := range m.ModuleCalls {
		if call != nil {
			child := join(path, "module."+name)
			ix.calls[child] = call
			ix.addModule(child, call.Module)
		}
	}
}

// configResource returns the configuration of an instance's resource.
func (ix *refIndex) configResource(in instance) *hcjson.ConfigResource {
	rel := strings.TrimPrefix(strings.TrimSuffix(in.r.Address, in.key()), in.module+".")
	return ix.resources[configPath(in.module)+" "+rel]
}

// configured returns the names of the attributes and blocks the
// instance's configuration sets, and false when it is not known.
func (ix *refIndex) configured(in instance) (map[string]bool, bool) {
	cr := ix.configResource(in)
	if cr == nil {
		return nil, false
	}
	names := make(map[string]bool, len(cr.Expressions))
	for name := range cr.Expressions {
		names[name] = true
	}
	return names, true
}

// resourceRefs returns the references of each of the instance's top-level
// attributes and nested blocks, or nil when there are none.
func (ix *refIndex) resourceRefs(in instance) map[string][]string {
	cr := ix.configResource(in)
	if cr == nil {
		return nil
	}
	sc := scope{module: in.module, forEach: cr.ForEachExpression, key: in.key()}
	var out map[string][]string
	for attr, e := range cr.Expressions {
		if refs := ix.exprRefs(e, sc); len(refs) > 0 {
			if out == nil {
				out = map[string][]string{}
			}
			out[attr] = refs
		}
	}
	return out
}

// exprRefs returns the addresses of the resources an expression or nested
// block references, in order, without repeats.
func (ix *refIndex) exprRefs(e *hcjson.Expression, sc scope) []string {
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	out := ix.resolve(e.References, sc)
	for _, block := range e.NestedBlocks {
		names := make([]string, 0, len(block))
		for name := range block {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			out = append(out, ix.exprRefs(block[name], sc)...)
		}
	}
	return unique(out)
}

// resolve turns the reference strings of one expression into resource
// addresses. A local value, which Terraform's JSON does not define,
// becomes the pseudo-address `MODULE.local.NAME` (see LocalRef), so that
// an attribute that depends on one is not mistaken for one the
// configuration leaves unset.
//
// A reference to a whole resource R with instance keys means all of
// them when it is the expression's only kind of reference
// (`aws_subnet.private[*].id`, `[for s in aws_subnet.private : s.id]`).
// When the expression also reads other values (local values, variables,
// each, count, module outputs) it may pick some of them (`[for k, s in
// aws_subnet.this : s.id if local.tier[k] == "app"]`,
// `aws_secretsmanager_secret.x["${each.key}/db"]`), and Terraform's JSON
// does not say which: R becomes `R[?]` (see SomeRef), unless it is the
// `R[each.key]` idiom.
func (ix *refIndex) resolve(refs []string, sc scope) []string {
	var out []string
	var prev ref
	byKey := false  // the expression uses each.key or count.index
	picks := false  // the expression reads values that may pick instances
	others := false // ... through variables, local values, each.value or others
	for _, s := range refs {
		r, ok := parseRef(s)
		if !ok {
			continue
		}
		switch r.kind {
		case refResource:
			// Terraform follows `R["k"]` with R itself; R alone is only a
			// reference to R when it is not that echo.
			if r.key != "" || prev.kind != refResource || prev.base != r.base || prev.key == "" {
				out = append(out, ix.narrowable(join(sc.module, r.base+r.key), r.key == ""))
			}
		case refModule:
			picks = true // a module output is one of the values, seldom what chooses
			if r.output != "" || prev.kind != refModule || prev.name != r.name {
				out = append(out, ix.moduleOutput(r, sc)...)
			}
		case refVar:
			picks, others = true, true
			out = append(out, ix.variable(r.name, sc)...)
		case refLocal:
			picks, others = true, true
			out = append(out, join(sc.module, "local."+r.name))
		case refEachValue:
			picks, others = true, true
			out = append(out, ix.eachValue(sc)...)
		case refIndexKey:
			byKey, picks = true, true
		default:
			picks, others = true, true
		}
		prev = r
	}
	out, keyUsed := ix.narrow(out, byKey, picks, sc.key)
	if (others || byKey && !keyUsed) && several(out) {
		out = append(out, tfmap.ChoiceRef)
	}
	return out
}

// several reports whether addrs name more than one resource.
func several(addrs []string) bool {
	first := ""
	for _, a := range addrs {
		switch base := resourceBase(a); {
		case base == "":
		case first == "":
			first = base
		case base != first:
			return true
		}
	}
	return false
}

// resourceBase returns the resource address of a Refs address without
// its instance key, or "" for a local value's pseudo-address.
func resourceBase(addr string) string {
	if isLocalAddr(addr) {
		return ""
	}
	base, _ := tfmap.SplitKey(strings.TrimSuffix(addr, SomeRef))
	return base
}

// isLocalAddr reports whether addr is a local value's pseudo-address
// (`local.NAME`, `module.m.local.NAME`).
func isLocalAddr(addr string) bool {
	return strings.HasPrefix(addr, LocalRef) || strings.Contains(addr, "."+LocalRef)
}

// SomeRef is the suffix of a Refs address `R[?]`: some of the instances of
// resource R, which the expression picks in a way Terraform's JSON does not
// show.
const SomeRef = "[?]"

// LocalRef is the step of a Refs pseudo-address `MODULE.local.NAME` (or
// `local.NAME` in the root module): a local value, whose expression
// Terraform's JSON does not show.
const LocalRef = "local."

// narrowMark prefixes a resource address that may be narrowed to one
// instance; narrow removes it.
const narrowMark = "\x00"

// narrowable marks addr when it is a whole-resource reference.
func (ix *refIndex) narrowable(addr string, whole bool) string {
	if whole {
		return narrowMark + addr
	}
	return addr
}

// narrow resolves marked addresses: with byKey, `R` becomes `R[key]` when
// that instance exists (Terraform's JSON writes `R[each.key].id` as the
// references R and each.key), and keyUsed says so; otherwise, with picks,
// a resource with instance keys becomes `R[?]` (even with one instance:
// the expression may pick none).
func (ix *refIndex) narrow(addrs []string, byKey, picks bool, key string) (_ []string, keyUsed bool) {
	for i, a := range addrs {
		base, marked := strings.CutPrefix(a, narrowMark)
		switch {
		case !marked:
		case byKey && key != "" && ix.instances[base+key]:
			base, keyUsed = base+key, true
		case picks && ix.keyedCount(base) > 0:
			base += SomeRef
		}
		addrs[i] = base
	}
	return addrs, keyUsed
}

// keyedCount returns the number of keyed instances of resource base.
func (ix *refIndex) keyedCount(base string) int { return len(ix.keyed[base]) }

// cached returns f's result, computed once per key. A key met again while
// it is being computed is a cycle, which only malformed input has: it
// resolves to nothing.
func (ix *refIndex) cached(key string, f func() []string) []string {
	if r, ok := ix.memo[key]; ok {
		return r
	}
	if ix.busy[key] {
		return nil
	}
	ix.busy[key] = true
	r := f()
	delete(ix.busy, key)
	ix.memo[key] = r
	return r
}

// variable resolves var.NAME in a module instance to the references of
// the module call's argument, in the calling module.
func (ix *refIndex) variable(name string, sc scope) []string {
	if sc.module == "" {
		return nil
	}
	call := ix.calls[configPath(sc.module)]
	if call == nil {
		return nil
	}
	return ix.cached("var "+sc.module+" "+name, func() []string {
		parent, key := parentModule(sc.module)
		return ix.exprRefs(call.Expressions[name], scope{module: parent, forEach: call.ForEachExpression, key: key})
	})
}

// moduleOutput resolves module.NAME.OUTPUT (or module.NAME, all outputs)
// to the references of the output's expression, in every instance of the
// module call the reference can mean.
func (ix *refIndex) moduleOutput(r ref, sc scope) []string {
	child := configPath(join(sc.module, "module."+r.name))
	call := ix.calls[child]
	if call == nil || call.Module == nil {
		return nil
	}
	names := []string{r.output}
	if r.output == "" {
		names = sortedKeys(call.Module.Outputs)
	}
	var out []string
	for _, m := range ix.moduleInstances(join(sc.module, "module."+r.name), r.key) {
		for _, name := range names {
			if o := call.Module.Outputs[name]; o != nil {
				out = append(out, ix.cached("output "+m+" "+name, func() []string {
					return ix.exprRefs(o.Expression, scope{module: m})
				})...)
			}
		}
	}
	return out
}

// moduleInstances returns the instances of the module call at base: the
// one key names, else base itself if it is an instance, else every keyed
// instance.
func (ix *refIndex) moduleInstances(base, key string) []string {
	if key != "" || ix.instances[base] {
		return []string{base + key}
	}
	if out := ix.keyed[base]; len(out) > 0 {
		return out
	}
	return []string{base}
}

// eachValue resolves each.value to what the for_each expression
// references; when that is one whole resource R, each.value
// is the instance of R with this instance's key, if it exists.
func (ix *refIndex) eachValue(sc scope) []string {
	if sc.forEach == nil {
		return nil
	}
	inner := sc
	inner.forEach = nil
	refs := ix.exprRefs(sc.forEach, inner)
	if len(refs) == 1 && sc.key != "" && ix.instances[refs[0]+sc.key] {
		return []string{refs[0] + sc.key}
	}
	return refs
}

// unique drops repeated addresses, keeping the first.
func unique(addrs []string) []string {
	var out []string
	seen := make(map[string]bool, len(addrs))
	for _, a := range addrs {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// join joins a module address and a relative address.
func join(module, rel string) string {
	if module == "" {
		return rel
	}
	return module + "." + rel
}

// configPath removes the instance keys from a module instance address:
// `module.a["x"].module.b[0]` becomes "module.a.module.b".
func configPath(module string) string {
	steps, ok := parseSteps(module)
	if !ok {
		return module
	}
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = s.name
	}
	return strings.Join(parts, ".")
}

// parentModule splits a module instance address into its parent's address
// and its own instance key: `module.a.module.b["x"]` gives "module.a" and
// `["x"]`.
func parentModule(module string) (parent, key string) {
	steps, ok := parseSteps(module)
	if !ok || len(steps) < 2 {
		return "", ""
	}
	last := steps[len(steps)-1]
	rest := steps[:len(steps)-2]
	var b strings.Builder
	for i, s := range rest {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name + s.key)
	}
	return b.String(), last.key
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
