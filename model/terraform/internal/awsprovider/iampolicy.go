package awsprovider

// aws_iam_policy_document, rendered as the AWS provider renders it: a set
// of one string becomes that string, larger sets are sorted in reverse,
// condition values keep their order, a lone "*" principal of type "*"
// becomes "*", source and override documents merge by Sid, and the id is
// the CRC-32 of the indented JSON.

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

type policyDoc struct {
	Version    string             `json:",omitempty"`
	Id         string             `json:",omitempty"` //nolint:revive // the JSON key
	Statements []*policyStatement `json:"Statement,omitempty"`
}

type policyStatement struct {
	Sid           string       `json:",omitempty"`
	Effect        string       `json:",omitempty"`
	Actions       any          `json:"Action,omitempty"`
	NotActions    any          `json:"NotAction,omitempty"`
	Resources     any          `json:"Resource,omitempty"`
	NotResources  any          `json:"NotResource,omitempty"`
	Principals    principalSet `json:"Principal,omitempty"`
	NotPrincipals principalSet `json:"NotPrincipal,omitempty"`
	Conditions    conditionSet `json:"Condition,omitempty"`
}

type principal struct {
	Type        string
	Identifiers any // string or []string
}

type principalSet []principal

type condition struct {
	Test     string
	Variable string
	Values   any // string or []string
}

type conditionSet []condition

// renderedPolicy is the data source's output.
type renderedPolicy struct {
	json, minified, id string
}

// policyDocument renders a wholly known aws_iam_policy_document object.
func policyDocument(obj cty.Value) (renderedPolicy, error) {
	merged := &policyDoc{}
	sids := map[string]bool{}
	for i, src := range ctyStrings(attrOf(obj, "source_policy_documents"), false) {
		doc := &policyDoc{}
		if err := json.Unmarshal([]byte(src), doc); err != nil {
			return renderedPolicy{}, fmt.Errorf("merging source document %d: %v", i, err)
		}
		for j, st := range doc.Statements {
			if st.Sid == "" {
				continue
			}
			if sids[st.Sid] {
				return renderedPolicy{}, fmt.Errorf("merging source document %d: duplicate Sid (%s) in source_policy_documents (statement %d). Remove the Sid or ensure Sids are unique", i, st.Sid, j)
			}
			sids[st.Sid] = true
		}
		merged.merge(doc)
	}
	doc := &policyDoc{Version: "2012-10-17"}
	if v := knownString(attrOf(obj, "version")); v != "" {
		doc.Version = v
	}
	doc.Id = knownString(attrOf(obj, "policy_id"))
	seen := map[string]bool{}
	for _, st := range elements(attrOf(obj, "statement")) {
		stmt := configStatement(st)
		if stmt.Sid != "" {
			if seen[stmt.Sid] {
				return renderedPolicy{}, fmt.Errorf("duplicate Sid (%s). Remove the Sid or ensure the Sid is unique", stmt.Sid)
			}
			seen[stmt.Sid] = true
		}
		doc.Statements = append(doc.Statements, stmt)
	}
	merged.merge(doc)
	for i, src := range ctyStrings(attrOf(obj, "override_policy_documents"), false) {
		over := &policyDoc{}
		if err := json.Unmarshal([]byte(src), over); err != nil {
			return renderedPolicy{}, fmt.Errorf("merging override document %d: %v", i, err)
		}
		merged.merge(over)
	}
	indented, err := json.MarshalIndent(merged, "", "  ")
	if err != nil {
		return renderedPolicy{}, err
	}
	minified, err := json.Marshal(merged)
	if err != nil {
		return renderedPolicy{}, err
	}
	code := int64(crc32.ChecksumIEEE(indented))
	return renderedPolicy{json: string(indented), minified: string(minified), id: strconv.FormatInt(code, 10)}, nil
}

// merge adopts newer's Id, a later Version, and its statements, a
// statement replacing an earlier one with the same Sid.
func (d *policyDoc) merge(newer *policyDoc) {
	if newer.Id != "" {
		d.Id = newer.Id
	}
	if newer.Version > d.Version {
		d.Version = newer.Version
	}
	for _, st := range newer.Statements {
		i := -1
		if st.Sid != "" {
			i = slices.IndexFunc(d.Statements, func(x *policyStatement) bool { return x.Sid == st.Sid })
		}
		if i >= 0 {
			d.Statements[i] = st
		} else {
			d.Statements = append(d.Statements, st)
		}
	}
}

// configStatement converts a statement block.
func configStatement(st cty.Value) *policyStatement {
	stmt := &policyStatement{Sid: knownString(attrOf(st, "sid")), Effect: "Allow"}
	if e := knownString(attrOf(st, "effect")); e != "" {
		stmt.Effect = e
	}
	stmt.Actions = stringSet(attrOf(st, "actions"), false)
	stmt.NotActions = stringSet(attrOf(st, "not_actions"), false)
	stmt.Resources = stringSet(attrOf(st, "resources"), true)
	stmt.NotResources = stringSet(attrOf(st, "not_resources"), true)
	stmt.Principals = principals(attrOf(st, "principals"))
	stmt.NotPrincipals = principals(attrOf(st, "not_principals"))
	for _, c := range elements(attrOf(st, "condition")) {
		values := ctyStrings(attrOf(c, "values"), true)
		for i := range values {
			values[i] = replacePolicyVars(values[i])
		}
		var v any = values
		if len(values) == 1 {
			v = values[0]
		}
		stmt.Conditions = append(stmt.Conditions, condition{
			Test: knownString(attrOf(c, "test")), Variable: knownString(attrOf(c, "variable")), Values: v,
		})
	}
	return stmt
}

func principals(v cty.Value) principalSet {
	var out principalSet
	for _, p := range elements(v) {
		ids := stringSet(attrOf(p, "identifiers"), true)
		if ids == nil {
			ids = []string{}
		}
		out = append(out, principal{Type: knownString(attrOf(p, "type")), Identifiers: ids})
	}
	return out
}

// stringSet converts a set of strings as the provider does: nil when
// empty, the string when one, else the distinct strings in reverse order.
func stringSet(v cty.Value, vars bool) any {
	list := ctyStrings(v, false)
	slices.Sort(list)
	list = slices.Compact(list)
	if vars {
		for i := range list {
			list[i] = replacePolicyVars(list[i])
		}
	}
	switch len(list) {
	case 0:
		return nil
	case 1:
		return list[0]
	}
	slices.Reverse(list)
	return list
}

// replacePolicyVars turns the "&{" escape into an IAM policy variable.
func replacePolicyVars(s string) string { return strings.ReplaceAll(s, "&{", "${") }

// MarshalJSON writes principals as a map of type to identifiers, or "*".
func (ps principalSet) MarshalJSON() ([]byte, error) {
	if len(ps) == 1 && ps[0].Type == "*" {
		switch ids := ps[0].Identifiers.(type) {
		case string:
			if ids == "*" {
				return []byte(`"*"`), nil
			}
		case []string:
			if len(ids) == 1 && ids[0] == "*" {
				return []byte(`"*"`), nil
			}
		}
	}
	raw := map[string]any{}
	for _, p := range ps {
		switch ids := p.Identifiers.(type) {
		case []string:
			sorted := slices.Clone(ids)
			slices.Sort(sorted)
			slices.Reverse(sorted)
			switch prev := raw[p.Type].(type) {
			case nil:
				raw[p.Type] = sorted
			case string:
				raw[p.Type] = append([]string{prev}, sorted...)
			case []string:
				raw[p.Type] = append(prev, sorted...)
			}
		case string:
			switch prev := raw[p.Type].(type) {
			case nil:
				raw[p.Type] = ids
			case string:
				raw[p.Type] = []string{prev, ids}
			case []string:
				raw[p.Type] = append(prev, ids)
			}
		default:
			return nil, fmt.Errorf("unsupported principal identifiers %T", ids)
		}
	}
	return json.Marshal(raw)
}

// UnmarshalJSON reads a Principal element of a source document.
func (ps *principalSet) UnmarshalJSON(b []byte) error {
	var data any
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	var out principalSet
	switch d := data.(type) {
	case string:
		out = append(out, principal{Type: "*", Identifiers: []string{"*"}})
	case map[string]any:
		keys := make([]string, 0, len(d))
		for k := range d {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch v := d[k].(type) {
			case string:
				out = append(out, principal{Type: k, Identifiers: v})
			case []any:
				var ids []string
				for i, e := range v {
					s, ok := e.(string)
					if !ok {
						return fmt.Errorf("principal %q identifier %d is a %T, not a string", k, i, e)
					}
					ids = append(ids, s)
				}
				slices.Sort(ids)
				out = append(out, principal{Type: k, Identifiers: ids})
			default:
				return fmt.Errorf("principal %q has identifiers of type %T", k, v)
			}
		}
	default:
		return fmt.Errorf("unsupported Principal of type %T", d)
	}
	*ps = out
	return nil
}

// MarshalJSON writes conditions as test -> variable -> values, a single
// value as a string.
func (cs conditionSet) MarshalJSON() ([]byte, error) {
	raw := map[string]map[string][]string{}
	for _, c := range cs {
		if raw[c.Test] == nil {
			raw[c.Test] = map[string][]string{}
		}
		list := raw[c.Test][c.Variable]
		if list == nil {
			list = []string{}
		}
		switch v := c.Values.(type) {
		case []string:
			list = append(list, v...)
		case string:
			list = append(list, v)
		}
		raw[c.Test][c.Variable] = list
	}
	out := map[string]map[string]any{}
	for test, vars := range raw {
		out[test] = map[string]any{}
		for name, list := range vars {
			if len(list) == 1 {
				out[test][name] = list[0]
			} else {
				out[test][name] = list
			}
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a Condition element of a source document.
func (cs *conditionSet) UnmarshalJSON(b []byte) error {
	var data map[string]map[string]any
	if err := json.Unmarshal(b, &data); err != nil {
		return err
	}
	var out conditionSet
	for _, test := range slices.Sorted(maps.Keys(data)) {
		for _, name := range slices.Sorted(maps.Keys(data[test])) {
			switch v := data[test][name].(type) {
			case string:
				out = append(out, condition{Test: test, Variable: name, Values: []string{v}})
			case bool:
				out = append(out, condition{Test: test, Variable: name, Values: strconv.FormatBool(v)})
			case []any:
				values := []string{}
				for _, e := range v {
					values = append(values, fmt.Sprint(e))
				}
				out = append(out, condition{Test: test, Variable: name, Values: values})
			}
		}
	}
	*cs = out
	return nil
}

// attrOf returns an object's attribute, or null.
func attrOf(obj cty.Value, name string) cty.Value {
	if obj == cty.NilVal || obj.IsNull() || !obj.IsKnown() || !obj.Type().IsObjectType() || !obj.Type().HasAttribute(name) {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return obj.GetAttr(name)
}

// elements returns the elements of a known collection or tuple.
func elements(v cty.Value) []cty.Value {
	if v.IsNull() || !v.IsKnown() || !v.CanIterateElements() {
		return nil
	}
	var out []cty.Value
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, e)
	}
	return out
}

// ctyStrings converts the elements of a collection to strings, dropping
// nulls (and empty strings unless keepEmpty).
func ctyStrings(v cty.Value, keepEmpty bool) []string {
	var out []string
	for _, e := range elements(v) {
		if e.IsNull() || !e.IsKnown() {
			continue
		}
		c, err := convert.Convert(e, cty.String)
		if err != nil {
			continue
		}
		if s := c.AsString(); s != "" || keepEmpty {
			out = append(out, s)
		}
	}
	return out
}
