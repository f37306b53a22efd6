package tfjson

import (
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// mark applies the markers to v, and reports whether that changed it.
func mark(v cty.Value, unknown, sensitive any) (cty.Value, bool) {
	if unknown == true {
		return cty.DynamicVal, true
	}
	if v.IsNull() || !v.IsKnown() {
		return v, false
	}
	switch ty := v.Type(); {
	case ty.IsObjectType():
		if !hasMembers(unknown) && !hasMembers(sensitive) {
			return v, false
		}
		attrs := v.AsValueMap()
		if attrs == nil {
			attrs = map[string]cty.Value{}
		}
		if !markAttributes(attrs, unknown, sensitive, nil) {
			return v, false
		}
		return cty.ObjectVal(attrs), true
	case ty.IsTupleType():
		ul, _ := unknown.([]any)
		sl, _ := sensitive.([]any)
		if len(ul) == 0 && len(sl) == 0 {
			return v, false
		}
		elems := v.AsValueSlice()
		changed := false
		for i, e := range elems {
			if m, ok := mark(e, at(ul, i), at(sl, i)); ok {
				elems[i], changed = m, true
			}
		}
		if !changed {
			return v, false
		}
		return cty.TupleVal(elems), true
	}
	return v, false
}

// markAttributes applies a plan's markers to an object's attributes, in
// place, and reports whether that changed them. unknown is the plan's
// after_unknown structure for the object and sensitive its
// sensitive_values structure: nested objects and arrays of booleans,
// where true marks a value that is unknown (or sensitive). Marked-unknown
// values become cty.DynamicVal, at any depth, as do attributes left out
// of the JSON but marked unknown or sensitive. The object's own
// attributes that would be unknown and that unset accepts are null
// instead.
func markAttributes(attrs map[string]cty.Value, unknown, sensitive any, unset func(string) bool) bool {
	um, _ := unknown.(map[string]any)
	sm, _ := sensitive.(map[string]any)
	changed := false
	set := func(name string, m cty.Value) {
		if !m.IsKnown() && unset != nil && unset(name) {
			m = cty.NullVal(cty.DynamicPseudoType)
		}
		attrs[name], changed = m, true
	}
	visit := func(name string) {
		if a, ok := attrs[name]; ok {
			if m, ok := mark(a, um[name], sm[name]); ok {
				set(name, m)
			}
		} else if um[name] == true || sm[name] == true {
			set(name, cty.DynamicVal)
		}
	}
	for name := range um {
		visit(name)
	}
	for name := range sm {
		if _, done := um[name]; !done {
			visit(name)
		}
	}
	return changed
}

// hasMembers reports whether markers is a non-empty object.
func hasMembers(markers any) bool {
	m, ok := markers.(map[string]any)
	return ok && len(m) > 0
}

// at returns l[i], or nil when i is out of range.
func at(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}

// maxExponent bounds the decimal exponents parsed exactly: cty's
// arbitrary-precision parse takes seconds for exponents in the millions.
// Terraform never prints such numbers.
const maxExponent = 1000

// number converts a JSON number.
func number(s string) cty.Value {
	if _, exp, ok := strings.Cut(strings.ToLower(s), "e"); ok {
		if e, err := strconv.Atoi(exp); err != nil || e > maxExponent || e < -maxExponent {
			f, _ := strconv.ParseFloat(s, 64) // ±Inf or 0 on overflow
			return cty.NumberFloatVal(f)
		}
	}
	n, err := cty.ParseNumberVal(s)
	if err != nil {
		return cty.UnknownVal(cty.Number)
	}
	return n
}

// valueStrings returns the strings in values, at any depth, that keep
// accepts, sorted.
func valueStrings(values []cty.Value, keep func(string) bool) []string {
	var out []string
	for _, v := range values {
		out = appendStrings(out, v, keep)
	}
	sort.Strings(out)
	return out
}

// appendStrings appends the known strings in v, at any depth, that keep
// accepts.
func appendStrings(out []string, v cty.Value, keep func(string) bool) []string {
	switch ty := v.Type(); {
	case !v.IsKnown() || v.IsNull():
	case ty == cty.String:
		if s := v.AsString(); keep(s) {
			out = append(out, s)
		}
	case ty.IsObjectType():
		// Not ElementIterator, which sorts the names first.
		for name := range ty.AttributeTypes() {
			out = appendStrings(out, v.GetAttr(name), keep)
		}
	case ty.IsTupleType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = appendStrings(out, e, keep)
		}
	}
	return out
}
