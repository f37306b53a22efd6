package awsprovider

import (
	"strings"

	"github.com/vpctrace/vpctrace/internal/awsschema"
	"github.com/vpctrace/vpctrace/model/terraform/internal/providers"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
)

// Provider emulates the hashicorp/aws provider for one evaluation: it
// implements providers.Provider.
type Provider struct {
	account string
	// byID finds an instance's values by its "id" attribute, for
	// attributes synthesized from a referenced resource (a subnet's AZ,
	// a VPC's default security group).
	byID map[string]cty.Value
	// byType holds the managed instances recorded so far by type, and
	// unexpandedTypes the types with instances of unknown number, for
	// look-up data sources.
	byType          map[string][]tfmap.Resource
	byTypeID        map[string]map[string]tfmap.Resource
	unexpandedTypes map[string]bool
}

var _ providers.Provider = (*Provider)(nil)

// New returns the emulation of the aws provider for account, the
// account ID in the ARNs and owner IDs it synthesizes.
func New(account string) *Provider {
	return &Provider{
		account:         account,
		byID:            map[string]cty.Value{},
		byType:          map[string][]tfmap.Resource{},
		byTypeID:        map[string]map[string]tfmap.Resource{},
		unexpandedTypes: map[string]bool{},
	}
}

// PlanResource adds the computed attributes of a managed resource
// instance (see synthTable; any other type gets a generic id) and, when
// it uses an aws provider configuration, tags_all.
func (p *Provider) PlanResource(in providers.Instance) cty.Value {
	obj := in.Values
	if obj.Type().IsObjectType() {
		s := p.newSynth(in.Address, obj, in.Region)
		if f, ok := synthTable[in.Type]; ok {
			f(s)
		}
		short := strings.ReplaceAll(strings.TrimPrefix(in.Type, "aws_"), "_", "-")
		s.setID(short + "-" + s.hash("", 17))
		obj = cty.ObjectVal(s.vals)
	}
	if in.Configured {
		obj = tagsAll(in.Type, obj, in.DefaultTags)
	}
	return obj
}

// Record indexes an instance by ID and, when managed, by type.
func (p *Provider) Record(r tfmap.Resource) {
	if r.Mode == "managed" {
		if r.Unexpanded {
			p.unexpandedTypes[r.Type] = true
		} else {
			p.byType[r.Type] = append(p.byType[r.Type], r)
			if id := attrString(r.Values, "id"); id != "" {
				if p.byTypeID[r.Type] == nil {
					p.byTypeID[r.Type] = map[string]tfmap.Resource{}
				}
				p.byTypeID[r.Type][id] = r
			}
		}
	}
	if id := attrString(r.Values, "id"); id != "" {
		if _, taken := p.byID[id]; !taken {
			p.byID[id] = r.Values
		}
	}
}

// Typed gives an instance every attribute and block its schema
// (package awsschema) declares, typed as in Terraform's plan: an
// attribute the configuration and the provider leave unset is an unknown
// of its type; an unset block is an empty list, or null when there can
// be one only. Each object of a block the instance has gets the same
// from the block type's schema (see fillBlocks), recursively.
func (p *Provider) Typed(in providers.Instance) cty.Value {
	obj := in.Values
	sch, ok := awsschema.Resource(in.Type)
	if in.Mode == "data" {
		sch, ok = awsschema.DataSource(in.Type)
	}
	if !ok || !obj.Type().IsObjectType() || !obj.IsKnown() || obj.IsNull() {
		return obj
	}
	// Unknown even when not computed: the schema does not give the
	// defaults the provider plans for some optional attributes (an SG's
	// description is "Managed by Terraform").
	return typedObject(obj, sch, true)
}

// typedObject gives obj, an object of a block whose schema is sch, the
// attributes sch declares that obj does not set, unknown when computed or
// when unknownAll, null otherwise, and its nested block types
// (typedBlocks).
func typedObject(obj cty.Value, sch *awsschema.Schema, unknownAll bool) cty.Value {
	vals := obj.AsValueMap()
	if vals == nil {
		vals = map[string]cty.Value{}
	}
	for name, a := range sch.Attributes {
		if _, set := vals[name]; set {
			continue
		}
		if unknownAll || a.Computed {
			vals[name] = cty.UnknownVal(a.Type)
		} else {
			vals[name] = cty.NullVal(a.Type)
		}
	}
	typedBlocks(vals, sch)
	return cty.ObjectVal(vals)
}

// typedBlocks gives vals, the attributes of an object of a block whose
// schema is sch, every nested block type of sch: an unset one is an empty
// list, or null when there can be one only, and a set one's objects are
// filled (fillBlocks).
func typedBlocks(vals map[string]cty.Value, sch *awsschema.Schema) {
	for name, b := range sch.Blocks {
		if v, set := vals[name]; set {
			vals[name] = fillBlocks(v, b)
			continue
		}
		switch b.Nesting {
		case awsschema.NestingList, awsschema.NestingSet:
			vals[name] = cty.EmptyTupleVal
		default:
			vals[name] = cty.NullVal(cty.DynamicPseudoType)
		}
	}
}

// fillBlocks gives the objects of a nested block type's value, v, the
// attributes the block type's schema declares that they do not set, as
// Terraform does: each block's object has all the attributes of its
// schema, a computed one that the configuration does not set unknown
// until apply, any other null
// (https://developer.hashicorp.com/terraform/language/expressions/references#values-not-yet-known
// and https://developer.hashicorp.com/terraform/plugin/framework/handling-data/blocks).
// Values set are kept. The evaluator makes blocks a tuple of objects (a
// .tf.json body an object or a tuple of them); anything else, unknown
// (a dynamic block over a collection known only after apply) or null,
// such as a prior's list or set, is returned as it is.
func fillBlocks(v cty.Value, b awsschema.Block) cty.Value {
	if b.Body == nil || !v.IsKnown() || v.IsNull() {
		return v
	}
	ty := v.Type()
	switch {
	case ty.IsObjectType() && b.Nesting != awsschema.NestingMap:
		return fillObject(v, b.Body)
	case ty.IsTupleType():
		n := v.LengthInt()
		if n == 0 {
			return v
		}
		elems := make([]cty.Value, 0, n)
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			elems = append(elems, fillObject(e, b.Body))
		}
		return cty.TupleVal(elems)
	}
	return v
}

// fillObject gives obj, one block's object, the attributes and nested
// block types of sch that it does not set.
func fillObject(obj cty.Value, sch *awsschema.Schema) cty.Value {
	if !obj.Type().IsObjectType() || !obj.IsKnown() || obj.IsNull() {
		return obj
	}
	return typedObject(obj, sch, false)
}

// tagsAll gives a resource tags_all as the AWS provider plans it: the
// provider's default tags merged with the resource's tags, which win.
// With neither, it is empty for a type whose schema has tags_all, and
// left out otherwise.
func tagsAll(typ string, obj cty.Value, defaults cty.Value) cty.Value {
	tags := attrOf(obj, "tags")
	if !obj.Type().IsObjectType() || obj.Type().HasAttribute("tags_all") {
		return obj
	}
	if tags.IsNull() && defaults.IsNull() {
		if sch, ok := awsschema.Resource(typ); ok {
			if _, has := sch.Attributes["tags_all"]; has {
				return withAttr(obj, "tags_all", cty.MapValEmpty(cty.String))
			}
		}
		return obj
	}
	if !tags.IsWhollyKnown() || !defaults.IsWhollyKnown() {
		return withAttr(obj, "tags_all", cty.UnknownVal(cty.Map(cty.String)))
	}
	merged := map[string]cty.Value{}
	for _, m := range []cty.Value{defaults, tags} {
		if m.IsNull() || !isMapLike(m) {
			continue
		}
		for k, v := range m.AsValueMap() {
			merged[k] = mustString(v)
		}
	}
	if len(merged) == 0 {
		return withAttr(obj, "tags_all", cty.MapValEmpty(cty.String))
	}
	return withAttr(obj, "tags_all", cty.MapVal(merged))
}

// withAttr returns obj with attribute name set to v.
func withAttr(obj cty.Value, name string, v cty.Value) cty.Value {
	if !obj.Type().IsObjectType() || !obj.IsKnown() || obj.IsNull() {
		return obj
	}
	vals := obj.AsValueMap()
	if vals == nil {
		vals = map[string]cty.Value{}
	}
	vals[name] = v
	return cty.ObjectVal(vals)
}

// attrString returns a known string attribute of an object, or "".
func attrString(obj cty.Value, name string) string {
	if obj == cty.NilVal || !obj.IsKnown() || obj.IsNull() || !obj.Type().IsObjectType() || !obj.Type().HasAttribute(name) {
		return ""
	}
	return knownString(obj.GetAttr(name))
}

// knownString returns v as a Go string, or "" when it is not a known
// string.
func knownString(v cty.Value) string {
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}
