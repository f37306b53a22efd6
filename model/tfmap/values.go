package tfmap

import (
	"fmt"
	"math/big"
	"net/netip"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// state says whether a value is set, and whether Terraform knows it.
type state uint8

const (
	absent  state = iota // null, or not in the object
	unknown              // known only after apply
	known
	// invalid is known but refused, as AWS refuses it; the builder has
	// reported it.
	invalid
)

// UnknownMark marks a leaf known only after apply inside a string that is
// otherwise known. The HCL evaluator writes it, for
// aws_ecs_task_definition.container_definitions only, where jsonencode or
// templatefile meets an unknown value: the leaf becomes a JSON string
// holding the part Terraform knows followed by UnknownMark
// ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:" + UnknownMark), and a
// wholly unknown list or object becomes such a string too. Build reads the
// marks in container definitions (see parseContainerDefinitions); every
// other string that holds one is taken as unknown.
const UnknownMark = "\x00(known after apply)\x00"

func stateOf(v cty.Value) state {
	switch {
	case !v.IsKnown():
		return unknown
	case v.IsNull():
		return absent
	case v.Type() == cty.String && HasUnknownMark(v.AsString()):
		return unknown
	}
	return known
}

var null = cty.NullVal(cty.DynamicPseudoType)

// attr returns attribute name of the object (or map) v: unknown when v is
// unknown, null when v is null or has no such attribute.
func attr(v cty.Value, name string) cty.Value {
	switch stateOf(v) {
	case unknown:
		return cty.DynamicVal
	case absent:
		return null
	}
	t := v.Type()
	switch {
	case t.IsObjectType():
		if t.HasAttribute(name) {
			return v.GetAttr(name)
		}
	case t.IsMapType():
		if k := cty.StringVal(name); v.HasIndex(k).True() {
			return v.Index(k)
		}
	}
	return null
}

// elems returns the elements of a list, set or tuple. A single object
// counts as a list of one (a nested block given without its list).
func elems(v cty.Value) ([]cty.Value, state) {
	st := stateOf(v)
	if st != known {
		return nil, st
	}
	t := v.Type()
	switch {
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		out := make([]cty.Value, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, e)
		}
		return out, known
	case t.IsObjectType():
		return []cty.Value{v}, known
	}
	return nil, absent
}

// first returns the first element of a nested block list (the block of a
// block type that allows one), null when there is none.
func first(v cty.Value) cty.Value {
	list, st := elems(v)
	switch {
	case st == unknown:
		return cty.DynamicVal
	case len(list) == 0:
		return null
	}
	return list[0]
}

// path follows attribute names through single nested blocks:
// path(v, "network_configuration", "subnets").
func path(v cty.Value, names ...string) cty.Value {
	for i, n := range names {
		if i > 0 {
			v = first(v)
		}
		v = attr(v, n)
	}
	return v
}

func as(v cty.Value, t cty.Type) (cty.Value, state) {
	st := stateOf(v)
	if st != known {
		return v, st
	}
	c, err := convert.Convert(v, t)
	if err != nil || c.IsNull() {
		return c, absent
	}
	return c, known
}

// str returns a string value (numbers and bools are converted).
func str(v cty.Value) (string, state) {
	c, st := as(v, cty.String)
	if st != known {
		return "", st
	}
	return c.AsString(), known
}

// boolean returns a bool value ("true" and "false" strings are accepted).
func boolean(v cty.Value) (bool, state) {
	c, st := as(v, cty.Bool)
	if st != known {
		return false, st
	}
	return c.True(), known
}

// integer returns a whole number ("443" strings are accepted).
func integer(v cty.Value) (int, state) {
	c, st := as(v, cty.Number)
	if st != known {
		return 0, st
	}
	n, acc := c.AsBigFloat().Int64()
	if acc != big.Exact || n != int64(int(n)) {
		return 0, absent
	}
	return int(n), known
}

// strOr returns a known string, or def when it is unset or unknown.
func strOr(v cty.Value, def string) string {
	if s, st := str(v); st == known {
		return s
	}
	return def
}

// boolOr returns a known bool, or def when it is unset or unknown.
func boolOr(v cty.Value, def bool) bool {
	if b, st := boolean(v); st == known {
		return b
	}
	return def
}

// tristate returns a known bool as model.True or model.False, else Unset.
func tristate(v cty.Value) model.Tristate {
	if b, st := boolean(v); st == known {
		return model.Of(b)
	}
	return model.Unset
}

// strs returns the known strings of a list or a single string, and how
// many elements are unknown. A wholly unknown list has state unknown.
// Empty strings are left out: state gives "" for unset IDs.
func strs(v cty.Value) (vals []string, unknowns int, st state) {
	if s, st := str(v); st == known && v.Type().IsPrimitiveType() {
		if s == "" {
			return nil, 0, known
		}
		return []string{s}, 0, known
	}
	list, st := elems(v)
	if st != known {
		return nil, 0, st
	}
	for _, e := range list {
		switch s, est := str(e); {
		case est == known && s != "":
			vals = append(vals, s)
		case est == unknown:
			unknowns++
		}
	}
	return vals, unknowns, known
}

// site is where a value comes from: a resource, or one of its nested
// blocks, with the names under which Refs and AttrPos know it.
type site struct {
	r *Resource
	v cty.Value // the object whose attributes get and at read
	// attr is the top-level attribute (the key of Refs and AttrPos);
	// empty for the resource itself.
	attr string
	// field names the value in diagnostics and World.Unknowns:
	// "cidr_block", "route.2", "route.2.nat_gateway_id".
	field string
	pos   model.Pos
}

// root is the site of a whole resource.
func root(r *Resource) site { return site{r: r, v: r.Values, pos: r.Pos} }

// get returns attribute name of the site's object.
//
// A value known only after apply whose attribute has no references in
// Refs is taken as unset. A configured expression is unknown only when it
// references something known after apply, so such a value is one the
// provider computes because the configuration leaves it out (a plan marks
// unset Optional+Computed attributes such as a route table's route, a
// group's egress, a VPC's enable_dns_hostnames or an endpoint's policy
// "known after apply"); the provider's default then applies.
func (s site) get(name string) cty.Value {
	v := attr(s.v, name)
	if v.IsKnown() {
		return v
	}
	refs := s.r.Refs[name]
	if s.attr != "" {
		refs = site{r: s.r, attr: s.attr, field: s.field + "." + name}.refs()
	}
	if len(refs) == 0 {
		return null
	}
	return v
}

// refs returns the Refs of the attribute s is. Inside a nested block, the
// most precise the input gives: the evaluator of a Terraform root keys
// them by path ("network_configuration.0.subnets") and by block instance
// ("network_configuration.0"), a plan by top-level attribute
// ("network_configuration").
func (s site) refs() []string {
	if s.field != s.attr {
		if refs, ok := s.r.Refs[s.field]; ok {
			return refs
		}
		if segs := strings.SplitN(s.field, ".", 3); len(segs) >= 2 {
			if refs, ok := s.r.Refs[segs[0]+"."+segs[1]]; ok {
				return refs
			}
		}
	}
	return s.r.Refs[s.attr]
}

// at returns the site of attribute name: its own position for a
// top-level attribute, the block's position inside a nested block.
func (s site) at(name string) site {
	if s.attr == "" {
		return site{r: s.r, v: s.get(name), attr: name, field: name, pos: s.r.Position(name)}
	}
	return site{r: s.r, v: s.get(name), attr: s.attr, field: s.field + "." + name, pos: s.pos}
}

// blocks returns the sites of the nested blocks name ("ingress.0", ...).
// The state is unknown when the whole list is known only after apply.
func (s site) blocks(name string) ([]site, state) {
	list, st := elems(s.get(name))
	out := make([]site, len(list))
	for i, v := range list {
		field := fmt.Sprintf("%s.%d", name, i)
		if s.attr == "" {
			out[i] = site{r: s.r, v: v, attr: name, field: field, pos: s.r.Position(field)}
		} else {
			out[i] = site{r: s.r, v: v, attr: s.attr, field: s.field + "." + field, pos: s.pos}
		}
	}
	return out, st
}

// eachBlock calls fn for each nested block name of s; a list known only
// after apply is recorded as an undetermined field of o.
func (b *builder) eachBlock(s site, name string, o object, fn func(site)) {
	blocks, st := s.blocks(name)
	if st == unknown {
		b.undetermine(s.at(name), o, afterApplyWhy)
	}
	for _, bs := range blocks {
		fn(bs)
	}
}

// block returns the site of the first nested block name, and whether
// there is one.
func (s site) block(name string) (site, bool) {
	list, _ := s.blocks(name)
	if len(list) == 0 {
		return s.at(name), false
	}
	return list[0], true
}

// path descends through the first block of each named nested block:
// s.path("mixed_instances_policy", "launch_template").
func (s site) path(names ...string) site {
	for _, n := range names {
		s, _ = s.block(n)
	}
	return s
}

// isSet reports whether a list (or single value) has non-empty elements,
// or is known only after apply.
func isSet(v cty.Value) bool {
	vals, unknowns, st := strs(v)
	return st == unknown || unknowns+len(vals) > 0
}

// address parses an IP address attribute; zero when unset or invalid.
func address(v cty.Value) netip.Addr {
	ip, _ := netip.ParseAddr(strOr(v, ""))
	return ip
}
