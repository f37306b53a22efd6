package terraform

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// refsOf returns the addresses of the resources and data sources an
// expression's value comes from, following variables, locals and module
// outputs to the resources behind them. each stands for each.value and
// each.key. An index computed from count.index, each or variables
// (aws_subnet.x[count.index]) is evaluated in ctx to name the instance.
func (in *instance) refsOf(e hcl.Expression, each []string, ctx *hcl.EvalContext) []string {
	if e == nil {
		return nil
	}
	set := map[string]bool{}
	indexed := in.computedIndexes(e, ctx)
	for _, t := range e.Variables() {
		if addr, ok := indexed[t.SourceRange()]; ok {
			if addr != "" {
				set[addr] = true
			}
			continue
		}
		in.traversalRefs(t, each, set)
	}
	if len(set) == 0 {
		return nil
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return compareAddresses(out[i], out[j]) < 0 })
	return out
}

func (in *instance) traversalRefs(t hcl.Traversal, each []string, set map[string]bool) {
	root := t.RootName()
	first := attrStep(t, 1)
	switch root {
	case "var", "local":
		addAll(set, in.refs[root+"."+first])
	case "each":
		addAll(set, each)
	case "module":
		if len(t) >= 2 {
			in.moduleRefs(first, t[2:], set)
		}
	case "data":
		key := "data." + first + "." + attrStep(t, 2)
		if n := in.m.byKey[key]; n != nil {
			set[in.prefix+key+indexKey(t, 3)] = true
		}
	case "count", "path", "terraform", "self", "ephemeral":
	default:
		key := root + "." + first
		if n := in.m.byKey[key]; n != nil && n.isResource() {
			set[in.prefix+key+indexKey(t, 2)] = true
		}
	}
}

// computedIndexes finds references to a repeated resource indexed by an
// expression (aws_subnet.x[count.index]) and evaluates the index: it maps
// the range of the resource traversal to the instance address, and the
// ranges of the index's own references (which only pick the instance) to
// "".
func (in *instance) computedIndexes(e hcl.Expression, ctx *hcl.EvalContext) map[hcl.Range]string {
	se, ok := e.(hclsyntax.Expression)
	if !ok || ctx == nil {
		return nil
	}
	var out map[hcl.Range]string
	hclsyntax.VisitAll(se, func(node hclsyntax.Node) hcl.Diagnostics {
		ix, ok := node.(*hclsyntax.IndexExpr)
		if !ok {
			return nil
		}
		st, ok := ix.Collection.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return nil
		}
		key := resourceKey(st.Traversal)
		if n := in.m.byKey[key]; n == nil || !n.isResource() || len(st.Traversal) != len(strings.Split(key, ".")) {
			return nil
		}
		for _, t := range ix.Key.Variables() {
			if root := t.RootName(); root != "count" && root != "each" && root != "var" && root != "local" {
				return nil
			}
		}
		v, diags := ix.Key.Value(ctx)
		if diags.HasErrors() {
			return nil
		}
		if k := indexKey(hcl.Traversal{hcl.TraverseIndex{Key: v}}, 0); k != "" {
			if out == nil {
				out = map[hcl.Range]string{}
			}
			out[st.Traversal.SourceRange()] = in.prefix + key + k
			for _, t := range ix.Key.Variables() {
				out[t.SourceRange()] = ""
			}
		}
		return nil
	})
	return out
}

// resourceKey is the node key a resource reference names.
func resourceKey(t hcl.Traversal) string {
	if t.RootName() == "data" {
		return "data." + attrStep(t, 1) + "." + attrStep(t, 2)
	}
	return t.RootName() + "." + attrStep(t, 1)
}

// moduleRefs adds the resources behind module.NAME[KEY].OUTPUT, where
// rest is the traversal after the call name.
func (in *instance) moduleRefs(call string, rest hcl.Traversal, set map[string]bool) {
	ci := in.calls[call]
	if ci == nil {
		return
	}
	keyFilter := ""
	if len(rest) > 0 {
		if k := indexKey(rest, 0); k != "" {
			keyFilter = k
			rest = rest[1:]
		}
	}
	output := attrStep(rest, 0)
	for i, sub := range ci.subs {
		if keyFilter != "" && ci.keys[i].String() != keyFilter {
			continue
		}
		for _, n := range sub.m.nodes {
			if n.kind == kindOutput && (output == "" || n.name == output) {
				addAll(set, sub.refs[n.key])
			}
		}
	}
}

// indexKey formats a constant instance key at step i of t, or "".
func indexKey(t hcl.Traversal, i int) string {
	if i >= len(t) {
		return ""
	}
	ix, ok := t[i].(hcl.TraverseIndex)
	if !ok || !ix.Key.IsKnown() || ix.Key.IsNull() {
		return ""
	}
	switch ix.Key.Type() {
	case cty.String:
		return instKey{kind: stringKey, key: ix.Key.AsString()}.String()
	case cty.Number:
		if n, acc := ix.Key.AsBigFloat().Int64(); acc == 0 {
			return instKey{kind: intKey, index: int(n)}.String()
		}
	}
	return ""
}

// eachRefs returns what each.value stands for in instance k of n: the
// resources of the for_each expression, narrowed to one instance when
// for_each is a repeated resource itself.
func (in *instance) eachRefs(n *node, k instKey) []string {
	if n.forEach == nil {
		return nil
	}
	refs := in.refsOf(n.forEach, nil, in.ctx)
	st, ok := n.forEach.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(refs) != 1 || k.kind != stringKey {
		return refs
	}
	key := resourceKey(st.Traversal)
	if target := in.m.byKey[key]; target != nil && target.forEach != nil && refs[0] == in.prefix+key {
		return []string{refs[0] + k.String()}
	}
	return refs
}
