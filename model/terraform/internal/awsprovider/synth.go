package awsprovider

import (
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// synth builds the attributes of one instance that the provider would
// compute: it never overrides a value the configuration sets.
type synth struct {
	p      *Provider
	addr   string
	region string
	vals   map[string]cty.Value
	// err is a problem with a data source's arguments, note what it
	// cannot answer (or how a look-up was answered); one at most is set.
	err, note string
}

// newSynth starts the attributes of the instance at addr from obj, the
// configuration's values.
func (p *Provider) newSynth(addr string, obj cty.Value, region string) *synth {
	vals := obj.AsValueMap()
	if vals == nil {
		vals = map[string]cty.Value{}
	}
	return &synth{p: p, addr: addr, region: region, vals: vals}
}

// configured reports whether the configuration sets name (to non-null).
func (s *synth) configured(name string) bool {
	v, ok := s.vals[name]
	return ok && v != cty.NilVal && (!v.IsKnown() || !v.IsNull())
}

// set gives name a value unless the configuration sets it; it returns
// the attribute's effective value.
func (s *synth) set(name string, v cty.Value) cty.Value {
	if !s.configured(name) {
		s.vals[name] = v
	}
	return s.vals[name]
}

// setString is set with a Go string.
func (s *synth) setString(name, v string) cty.Value { return s.set(name, cty.StringVal(v)) }

// get returns an attribute's value, null when absent.
func (s *synth) get(name string) cty.Value {
	if v, ok := s.vals[name]; ok && v != cty.NilVal {
		return v
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

// str returns an attribute as a known string, or "".
func (s *synth) str(name string) string { return knownString(s.stringValue(name)) }

// stringValue returns an attribute converted to a string value.
func (s *synth) stringValue(name string) cty.Value {
	v := s.get(name)
	if !v.IsKnown() {
		return cty.UnknownVal(cty.String)
	}
	if v.IsNull() {
		return cty.NullVal(cty.String)
	}
	c, err := convert.Convert(v, cty.String)
	if err != nil {
		return cty.UnknownVal(cty.String)
	}
	return c
}

// boolean returns an attribute as a known bool and whether it is one.
func (s *synth) boolean(name string) (value, ok bool) {
	v := s.get(name)
	if !v.IsKnown() || v.IsNull() {
		return false, false
	}
	c, err := convert.Convert(v, cty.Bool)
	if err != nil {
		return false, false
	}
	return c.True(), true
}

// hash is H(ADDR+suffix, n).
func (s *synth) hash(suffix string, n int) string { return hexHash(s.addr+suffix, n) }

// setID sets id and returns its effective value.
func (s *synth) setID(id string) cty.Value { return s.setString("id", id) }

// regionVal is the region as a value: unknown when not known.
func (s *synth) regionVal() cty.Value {
	if s.region == "" {
		return cty.UnknownVal(cty.String)
	}
	return cty.StringVal(s.region)
}

// arn builds "arn:aws:SERVICE:REGION:ACCOUNT:" followed by rest; regional
// is false for global services (IAM, S3, Route 53).
func (s *synth) arn(service string, regional bool, rest ...any) cty.Value {
	region := cty.Value(cty.StringVal(""))
	if regional {
		region = s.regionVal()
	}
	parts := append([]any{"arn:aws:" + service + ":", region, ":" + s.p.account + ":"}, rest...)
	return join(parts...)
}

// name gives attribute attr (usually "name") a value when the
// configuration does not: prefixAttr + H(ADDR, 26) when the prefix
// attribute is set, else "terraform-" + H(ADDR, 26), as the provider
// generates unique names.
func (s *synth) name(attr, prefixAttr string) cty.Value {
	if s.configured(attr) {
		return s.stringValue(attr)
	}
	prefix := cty.Value(cty.StringVal("terraform-"))
	if s.configured(prefixAttr) {
		prefix = s.stringValue(prefixAttr)
	}
	return s.set(attr, join(prefix, s.hash("#name", 26)))
}

// lookup returns the instance whose id is the value of attribute attr
// (a referenced resource), or cty.NilVal.
func (s *synth) lookup(attr string) cty.Value {
	if id := s.str(attr); id != "" {
		if v, ok := s.p.byID[id]; ok {
			return v
		}
	}
	return cty.NilVal
}

// lookupAttr returns an attribute of the instance lookup(attr) finds, or
// an unknown string.
func (s *synth) lookupAttr(attr, name string) cty.Value {
	obj := s.lookup(attr)
	if obj == cty.NilVal || !obj.Type().HasAttribute(name) {
		return cty.UnknownVal(cty.String)
	}
	return obj.GetAttr(name)
}

// join concatenates strings and string values; an unknown or null part
// makes the result unknown.
func join(parts ...any) cty.Value {
	var b strings.Builder
	for _, p := range parts {
		switch x := p.(type) {
		case string:
			b.WriteString(x)
		case cty.Value:
			if x == cty.NilVal || !x.IsKnown() || x.IsNull() {
				return cty.UnknownVal(cty.String)
			}
			c, err := convert.Convert(x, cty.String)
			if err != nil {
				return cty.UnknownVal(cty.String)
			}
			b.WriteString(c.AsString())
		}
	}
	return cty.StringVal(b.String())
}

// stringList returns the known strings of a list, set or tuple attribute;
// ok is false when it is not wholly known.
func (s *synth) stringList(name string) (out []string, ok bool) {
	v := s.get(name)
	if !v.IsWhollyKnown() {
		return nil, false
	}
	if v.IsNull() || !(v.Type().IsListType() || v.Type().IsSetType() || v.Type().IsTupleType()) {
		return nil, true
	}
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			continue
		}
		c, err := convert.Convert(e, cty.String)
		if err != nil {
			return nil, false
		}
		out = append(out, c.AsString())
	}
	return out, true
}

// strings converts Go strings to a list value (an empty list when none).
func stringsVal(list []string) cty.Value {
	if len(list) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(list))
	for i, s := range list {
		vals[i] = cty.StringVal(s)
	}
	return cty.ListVal(vals)
}
