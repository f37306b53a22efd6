package terraform

import (
	"fmt"

	"github.com/vpctrace/vpctrace/internal/awsschema"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
)

// evalResource evaluates every instance of a resource or data source,
// adds their synthesized or data source attributes, records them as
// tfmap.Resources and makes them visible to later references.
func (in *instance) evalResource(n *node) {
	keys, exp := in.expand(n)
	if exp == invalid {
		in.set(n.key, cty.DynamicVal)
		return
	}
	pc, isAWS := in.providerOf(n)
	region := knownString(pc.region)
	vals := make([]cty.Value, len(keys))
	for i, k := range keys {
		addr := in.prefix + n.key + k.String()
		body := in.evalBody(n.body, in.instanceCtx(k), in.eachRefs(n, k))
		obj := body.val
		modelled := true
		known, inPrior := in.ev.prior.take(addr)
		switch {
		case n.kind == kindData && n.typ == "aws_default_tags":
			obj = withAttr(obj, "tags", pc.tags)
		case n.kind == kindData && inPrior && known.IsWhollyKnown():
			// Read while planning (or recorded in the state): overlay
			// below gives its values.
		case n.kind == kindData:
			obj, modelled = in.ev.dataSource(n, addr, obj, region)
		default:
			obj = in.ev.synthesize(n.typ, addr, obj, region)
			if isAWS {
				obj = tagsAll(n.typ, obj, pc.tags)
			}
		}
		if inPrior {
			in.ev.prior.compare(&in.ev.diags, addr, body, known)
			obj = overlay(obj, known)
		}
		obj = typed(n, obj)
		obj = in.unknownAttrs(n, obj, body.val, modelled)
		vals[i] = obj
		in.ev.record(tfmap.Resource{
			Address: addr,
			Mode:    n.mode(),
			Type:    n.typ,
			Values:  in.ev.scrub(n.typ, obj),
			Pos:     posOf(n.decl),
			AttrPos: body.attrPos,
			Refs:    body.refs,
			// The instance stands for an unknown number of them.
			Unexpanded: exp == unknownKeys || in.unexpanded(),
		})
	}
	in.set(n.key, combine(n, keys, vals))
}

// typed gives an instance of an aws type every attribute and block its
// schema declares, typed as in Terraform's plan: an attribute the
// configuration and the evaluator leave unset is an unknown of its type;
// an unset block is an empty list, or null when there can be one only.
func typed(n *node, obj cty.Value) cty.Value {
	sch, ok := awsschema.Resource(n.typ)
	if n.kind == kindData {
		sch, ok = awsschema.DataSource(n.typ)
	}
	if !ok || !obj.Type().IsObjectType() || !obj.IsKnown() || obj.IsNull() {
		return obj
	}
	vals := obj.AsValueMap()
	if vals == nil {
		vals = map[string]cty.Value{}
	}
	for name, a := range sch.Attributes {
		if _, set := vals[name]; set {
			continue
		}
		// Unknown even when not computed: the schema does not give the
		// defaults the provider plans for some optional attributes (an
		// SG's description is "Managed by Terraform").
		vals[name] = cty.UnknownVal(a.Type)
	}
	for name, b := range sch.Blocks {
		if _, set := vals[name]; set {
			continue
		}
		switch b.Nesting {
		case awsschema.NestingList, awsschema.NestingSet:
			vals[name] = cty.EmptyTupleVal
		default:
			vals[name] = cty.NullVal(cty.DynamicPseudoType)
		}
	}
	return cty.ObjectVal(vals)
}

// unknownAttrs deals with the attributes that other declarations read:
// one that neither the configuration nor the evaluator provides (nor the
// schema, for other providers) is added as unknown; one known only after
// apply is reported with a warning at the first reference (unless the
// whole data source is not modelled, which is reported once already).
// config is the instance's configured values.
func (in *instance) unknownAttrs(n *node, obj, config cty.Value, warn bool) cty.Value {
	if !obj.Type().IsObjectType() || len(n.attrList) == 0 {
		return obj
	}
	var vals map[string]cty.Value
	for _, name := range n.attrList {
		if obj.Type().HasAttribute(name) {
			if v := obj.GetAttr(name); warn && n.kind == kindResource && !v.IsKnown() && !config.Type().HasAttribute(name) {
				in.warnAfterApply(n, name)
			}
			continue
		}
		if vals == nil {
			vals = obj.AsValueMap()
			if vals == nil {
				vals = map[string]cty.Value{}
			}
		}
		vals[name] = cty.DynamicVal
		if warn {
			in.warnAfterApply(n, name)
		}
	}
	if vals == nil {
		return obj
	}
	return cty.ObjectVal(vals)
}

func (in *instance) warnAfterApply(n *node, name string) {
	in.ev.diags.add(model.SeverityWarning, codeUnknownAfterApply, n.attrRefs[name], fmt.Sprintf(
		"%s.%s is not set in the configuration and is known only after apply: vpctrace leaves it unknown", n.key, name))
}

// record adds an instance to the result and indexes it by ID.
func (ev *evaluator) record(r tfmap.Resource) {
	ev.resources = append(ev.resources, r)
	if r.Mode == "managed" {
		if r.Unexpanded {
			ev.unexpandedTypes[r.Type] = true
		} else {
			ev.byType[r.Type] = append(ev.byType[r.Type], r)
			if id := attrString(r.Values, "id"); id != "" {
				if ev.byTypeID[r.Type] == nil {
					ev.byTypeID[r.Type] = map[string]tfmap.Resource{}
				}
				ev.byTypeID[r.Type][id] = r
			}
		}
	}
	if id := attrString(r.Values, "id"); id != "" {
		if _, taken := ev.byID[id]; !taken {
			ev.byID[id] = r.Values
		}
	}
}

// attrString returns a known string attribute of an object, or "".
func attrString(obj cty.Value, name string) string {
	if obj == cty.NilVal || !obj.IsKnown() || obj.IsNull() || !obj.Type().IsObjectType() || !obj.Type().HasAttribute(name) {
		return ""
	}
	return knownString(obj.GetAttr(name))
}

// unexpanded reports whether the instance, or a module instance that
// contains it, stands for an unknown number of instances.
func (in *instance) unexpanded() bool {
	for ; in != nil; in = in.parent {
		if in.key.kind == anyKey {
			return true
		}
	}
	return false
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
