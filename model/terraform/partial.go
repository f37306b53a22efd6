package terraform

import (
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// Partial JSON: container definitions written with jsonencode or
// templatefile often hold one leaf known only after apply (a database
// host, a secret created in the same plan). Terraform's plan then makes
// the whole string unknown, and with it every call of the task. The
// evaluator instead writes such leaves as tfmap.UnknownMark (after the
// leaf's known prefix), so that package tfmap can read the definitions'
// shape and make only the calls that read an unknown leaf unknown.
// Nothing else may mistake the text for a known value: jsondecode turns
// the marks back into unknown values, and a resource attribute holding a
// mark is unknown (scrub), except container_definitions.

// withUnknownMarks returns v with every unknown part replaced by a string
// of its known prefix and tfmap.UnknownMark; lists, sets and maps become
// tuples and objects, which JSON does not tell apart.
func withUnknownMarks(v cty.Value) cty.Value {
	switch {
	case !v.IsKnown():
		prefix := ""
		if v.Type() == cty.String {
			prefix = v.Range().StringPrefix()
		}
		return cty.StringVal(prefix + tfmap.UnknownMark)
	case v.IsNull() || v.IsWhollyKnown():
		return v
	}
	ty := v.Type()
	switch {
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var elems []cty.Value
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			elems = append(elems, withUnknownMarks(e))
		}
		if len(elems) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(elems)
	case ty.IsMapType() || ty.IsObjectType():
		attrs := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			attrs[k.AsString()] = withUnknownMarks(e)
		}
		return cty.ObjectVal(attrs)
	}
	return v
}

// withoutUnknownMarks turns strings holding tfmap.UnknownMark back into
// unknown strings.
func withoutUnknownMarks(v cty.Value) cty.Value {
	out, _ := cty.Transform(v, func(_ cty.Path, v cty.Value) (cty.Value, error) {
		if hasUnknownMark(v) {
			return cty.UnknownVal(cty.String), nil
		}
		return v, nil
	})
	return out
}

// hasUnknownMark reports whether a known string holds tfmap.UnknownMark.
func hasUnknownMark(v cty.Value) bool {
	return v.Type() == cty.String && v.IsKnown() && !v.IsNull() && tfmap.HasUnknownMark(v.AsString())
}

// makeJSONEncodeFunc is Terraform's jsonencode, except that a value that
// is known but holds unknown parts is encoded with marks.
func (ev *evaluator) makeJSONEncodeFunc() function.Function {
	return function.New(&function.Spec{
		Description: "Returns a JSON encoding of the given value.",
		Params: []function.Parameter{{
			Name: "val", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true,
		}},
		Type:         function.StaticReturnType(cty.String),
		RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v := args[0]
			if !v.IsKnown() || v.Type() == cty.DynamicPseudoType {
				return cty.UnknownVal(cty.String), nil
			}
			if !v.IsWhollyKnown() {
				ev.marked = true
				v = withUnknownMarks(v)
			}
			return stdlib.JSONEncodeFunc.Call([]cty.Value{v})
		},
	})
}

// jsonDecodeFunc is Terraform's jsondecode; marked strings in the text
// decode as unknown values.
var jsonDecodeFunc = function.New(&function.Spec{
	Description: "Parses the given string as JSON and returns a value corresponding to what the JSON document describes.",
	Params:      []function.Parameter{{Name: "str", Type: cty.String}},
	Type: func(args []cty.Value) (cty.Type, error) {
		return stdlib.JSONDecodeFunc.ReturnTypeForValues(args)
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, err := stdlib.JSONDecodeFunc.Call(args)
		if err != nil || !tfmap.HasUnknownMark(args[0].AsString()) {
			return v, err
		}
		return withoutUnknownMarks(v), nil
	},
})

// partialAttrs are the resource attributes that keep marks: the ones
// tfmap reads them in.
var partialAttrs = map[string]string{"aws_ecs_task_definition": "container_definitions"}

// scrub makes the marked strings of a resource's values unknown, except
// in the attribute of partialAttrs. It costs nothing until a mark has
// been written.
func (ev *evaluator) scrub(typ string, obj cty.Value) cty.Value {
	if !ev.marked || !obj.Type().IsObjectType() || !obj.IsKnown() || obj.IsNull() {
		return obj
	}
	keep := partialAttrs[typ]
	vals := obj.AsValueMap()
	for name, v := range vals {
		if name != keep {
			vals[name] = withoutUnknownMarks(v)
		}
	}
	if vals == nil {
		return obj
	}
	return cty.ObjectVal(vals)
}
