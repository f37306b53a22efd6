package terraform

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/model"
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
	}
	return ""
}

// expand evaluates count or for_each. ok is false when they cannot be
// evaluated; the node then has no instances and an unknown value.
func (in *instance) expand(n *node) (keys []instKey, ok bool) {
	switch {
	case n.count != nil:
		return in.expandCount(n.count)
	case n.forEach != nil:
		return in.expandForEach(n.forEach)
	}
	return []instKey{{kind: noKey}}, true
}

func (in *instance) expandCount(e hcl.Expression) ([]instKey, bool) {
	bad := func(detail string) ([]instKey, bool) {
		in.ev.diags.add(model.SeverityError, codeInvalidCount, e.Range(), "Invalid count argument: "+detail)
		return nil, false
	}
	v := in.eval(e, in.ctx)
	if !v.IsKnown() {
		return bad(`The "count" value depends on values that cannot be determined until apply, so vpctrace cannot predict how many instances will be created.`)
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
		return bad(`The "for_each" value depends on values that cannot be determined until apply, so vpctrace cannot predict how many instances will be created.`)
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
	}
	return in.ctx
}

// combine builds the value that references to a repeated declaration see:
// the object itself, a tuple for count, an object by key for for_each.
func combine(n *node, keys []instKey, vals []cty.Value) cty.Value {
	switch {
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
