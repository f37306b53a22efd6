package terraform

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// maxInstances bounds count and for_each, so that a typo cannot make the
// evaluator allocate without end.
const maxInstances = 10000

// keyKind tells how a declaration is repeated.
type keyKind int

const (
	noKey     keyKind = iota // a single instance
	intKey                   // count
	stringKey                // for_each
	// anyKey stands for the instances of a count or for_each whose value
	// is not known: one instance evaluated with count.index, each.key and
	// each.value unknown, whose resources are recorded as Unexpanded.
	anyKey
)

// instKey is one instance of a repeated declaration.
type instKey struct {
	kind  keyKind
	index int
	key   string
	value cty.Value // each.value
}

// String formats the key as in an address: "", "[0]" or `["a"]`.
func (k instKey) String() string {
	switch k.kind {
	case intKey:
		return fmt.Sprintf("[%d]", k.index)
	case stringKey:
		return "[" + quoteHCL(k.key) + "]"
	case anyKey:
		return "[*]"
	}
	return ""
}

// expansion is the outcome of evaluating count or for_each.
type expansion int

const (
	expanded    expansion = iota // the instances are known
	unknownKeys                  // count or for_each is not known
	invalid                      // reported: no instances
)

// expand evaluates count or for_each. When they are not known, it warns
// and returns one instance of kind anyKey; when they are invalid, no
// instance, and the node's value is unknown.
func (in *instance) expand(n *node) ([]instKey, expansion) {
	var keys []instKey
	var ok bool
	switch {
	case n.count != nil:
		keys, ok = in.expandCount(n.count)
	case n.forEach != nil:
		keys, ok = in.expandForEach(n.forEach)
	default:
		return []instKey{{kind: noKey}}, expanded
	}
	switch {
	case !ok:
		return nil, invalid
	case len(keys) == 1 && keys[0].kind == anyKey:
		if keys, ok := in.priorKeys(n); ok {
			return keys, expanded
		}
		in.warnUnknownKeys(n)
		return keys, unknownKeys
	}
	return keys, expanded
}

// someInstances is what expandCount and expandForEach return for a value
// that is not known.
var someInstances = []instKey{{kind: anyKey}}

// warnUnknownKeys reports a count or for_each that is not known. Terraform
// itself refuses to plan when the value is known only after apply; but
// when it is read from AWS (a data source) or computed by the provider at
// plan time, Terraform knows it and vpctrace does not, so it is a warning.
func (in *instance) warnUnknownKeys(n *node) {
	arg, e := "count", n.count
	if e == nil {
		arg, e = "for_each", n.forEach
	}
	what, effect := n.key, "it does not change the network model"
	switch {
	case n.kind == kindModule:
		what, effect = "module."+n.name, "paths through the network objects it declares have verdict unknown"
	case tfmap.Modelled(n.typ):
		effect = "paths through the objects it changes have verdict unknown"
	}
	in.ev.diags.add(model.SeverityWarning, codeUnknownInstances, e.Range(), fmt.Sprintf(
		"The instances of %s%s are not known: its %s depends on values vpctrace does not know (known only after apply, or read from AWS); %s",
		in.prefix, what, arg, effect))
}

func (in *instance) expandCount(e hcl.Expression) ([]instKey, bool) {
	bad := func(detail string) ([]instKey, bool) {
		in.ev.diags.add(model.SeverityError, codeInvalidCount, e.Range(), "Invalid count argument: "+detail)
		return nil, false
	}
	v := in.eval(e, in.ctx)
	if !v.IsKnown() {
		return someInstances, true
	}
	if v.IsNull() {
		return bad(`The given "count" argument value is null. An integer is required.`)
	}
	num, err := convert.Convert(v, cty.Number)
	if err != nil {
		return bad(fmt.Sprintf(`The given "count" argument value is unsuitable: %s.`, err))
	}
	bf := num.AsBigFloat()
	if !bf.IsInt() {
		return bad(`The given "count" argument value is unsuitable: must be a whole number.`)
	}
	if bf.Sign() < 0 {
		return bad(`The given "count" argument value is unsuitable: must be greater than or equal to zero.`)
	}
	if bf.Cmp(big.NewFloat(maxInstances)) > 0 {
		return bad(fmt.Sprintf("vpctrace supports at most %d instances of one block.", maxInstances))
	}
	count, _ := bf.Int64()
	keys := make([]instKey, count)
	for i := range keys {
		keys[i] = instKey{kind: intKey, index: i}
	}
	return keys, true
}

func (in *instance) expandForEach(e hcl.Expression) ([]instKey, bool) {
	bad := func(detail string) ([]instKey, bool) {
		in.ev.diags.add(model.SeverityError, codeInvalidForEach, e.Range(), "Invalid for_each argument: "+detail)
		return nil, false
	}
	v := in.eval(e, in.ctx)
	ty := v.Type()
	switch {
	case v.IsNull():
		return bad(`The given "for_each" argument value is unsuitable: the given "for_each" argument value is null. A map, or set of strings is allowed.`)
	case !v.IsKnown() || (ty.IsSetType() && !v.IsWhollyKnown()):
		return someInstances, true
	case ty.IsMapType() || ty.IsObjectType():
	case ty.IsSetType():
		if !ty.ElementType().Equals(cty.String) && ty.ElementType() != cty.DynamicPseudoType {
			return bad(fmt.Sprintf(`The given "for_each" argument value is unsuitable: "for_each" supports maps and sets of strings, but you have provided a set containing type %s.`, ty.ElementType().FriendlyName()))
		}
	default:
		return bad(fmt.Sprintf(`The given "for_each" argument value is unsuitable: the "for_each" argument must be a map, or set of strings, and you have provided a value of type %s.`, ty.FriendlyName()))
	}
	if v.LengthInt() > maxInstances {
		return bad(fmt.Sprintf("vpctrace supports at most %d instances of one block.", maxInstances))
	}
	var keys []instKey
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		if ty.IsSetType() {
			if k.IsNull() {
				return bad(`The given "for_each" argument value is unsuitable: "for_each" sets must not contain null values.`)
			}
			val = k
		}
		keys = append(keys, instKey{kind: stringKey, key: k.AsString(), value: val})
	}
	return keys, true
}

// instanceCtx is the context for one instance: count.index or each.
func (in *instance) instanceCtx(k instKey) *hcl.EvalContext {
	switch k.kind {
	case intKey:
		ctx := in.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{
			"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(k.index))}),
		}
		return ctx
	case stringKey:
		ctx := in.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{
			"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(k.key), "value": k.value}),
		}
		return ctx
	case anyKey:
		ctx := in.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{
			"count": cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)}),
			"each":  cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal}),
		}
		return ctx
	}
	return in.ctx
}

// combine builds the value that references to a repeated declaration see:
// the object itself, a tuple for count, an object by key for for_each.
func combine(n *node, keys []instKey, vals []cty.Value) cty.Value {
	switch {
	case len(keys) == 1 && keys[0].kind == anyKey:
		return cty.DynamicVal
	case n.count != nil:
		if len(vals) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(vals)
	case n.forEach != nil:
		m := make(map[string]cty.Value, len(vals))
		for i, k := range keys {
			m[k.key] = vals[i]
		}
		return cty.ObjectVal(m)
	case len(vals) == 1:
		return vals[0]
	}
	return cty.DynamicVal
}
