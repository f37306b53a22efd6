package tfjson

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// objectValue converts a resource's attribute values to a cty object.
// unknown is the plan's after_unknown structure for the instance and
// sensitive its sensitive_values structure: nested objects and arrays of
// booleans, where true marks a value that is unknown (or sensitive).
// Attributes left out of attrs but marked unknown or sensitive are
// unknown.
func objectValue(attrs map[string]any, unknown, sensitive any) cty.Value {
	return object(attrs, unknown, sensitive)
}

// value converts one JSON value with its unknown and sensitive markers.
func value(v any, unknown, sensitive any) cty.Value {
	if unknown == true {
		return cty.DynamicVal
	}
	switch v := v.(type) {
	case map[string]any:
		return object(v, unknown, sensitive)
	case []any:
		return tuple(v, unknown, sensitive)
	case string:
		return cty.StringVal(v)
	case bool:
		return cty.BoolVal(v)
	case json.Number:
		return number(string(v))
	case float64:
		return cty.NumberFloatVal(v)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

// object converts a JSON object; members absent from v that the markers
// flag are unknown.
func object(v map[string]any, unknown, sensitive any) cty.Value {
	um, _ := unknown.(map[string]any)
	sm, _ := sensitive.(map[string]any)
	attrs := make(map[string]cty.Value, len(v))
	for k, e := range v {
		attrs[k] = value(e, um[k], sm[k])
	}
	for _, markers := range []map[string]any{um, sm} {
		for k, mark := range markers {
			if _, ok := attrs[k]; !ok && mark == true {
				attrs[k] = cty.DynamicVal
			}
		}
	}
	return cty.ObjectVal(attrs)
}

// tuple converts a JSON array, element by element.
func tuple(v []any, unknown, sensitive any) cty.Value {
	ul, _ := unknown.([]any)
	sl, _ := sensitive.([]any)
	elems := make([]cty.Value, len(v))
	for i, e := range v {
		elems[i] = value(e, at(ul, i), at(sl, i))
	}
	return cty.TupleVal(elems)
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

// instanceARNs returns the ARNs in the instances' values, sorted.
func instanceARNs(instances []instance) []string {
	return instanceStrings(instances, isARN)
}

// instanceStrings returns the strings in the instances' values, at any
// depth, that keep accepts, sorted.
func instanceStrings(instances []instance, keep func(string) bool) []string {
	var out []string
	for _, in := range instances {
		out = appendStrings(out, in.r.AttributeValues, keep)
	}
	sort.Strings(out)
	return out
}

// appendStrings appends the strings in v, at any depth, that keep accepts.
func appendStrings(out []string, v any, keep func(string) bool) []string {
	switch v := v.(type) {
	case string:
		if keep(v) {
			out = append(out, v)
		}
	case []any:
		for _, e := range v {
			out = appendStrings(out, e, keep)
		}
	case map[string]any:
		for _, e := range v {
			out = appendStrings(out, e, keep)
		}
	}
	return out
}
