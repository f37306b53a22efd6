package terraform

import (
	"fmt"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform/internal/providers"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
)

// evalResource evaluates every instance of a resource or data source,
// has the provider plan or read it (ev.provider), records them as
// tfmap.Resources and makes them visible to later references.
func (in *instance) evalResource(n *node) {
	keys, exp := in.expand(n)
	if exp == invalid {
		in.set(n.key, cty.DynamicVal)
		return
	}
	pc, configured := in.providerOf(n)
	vals := make([]cty.Value, len(keys))
	for i, k := range keys {
		addr := in.prefix + n.key + k.String()
		body := in.evalBody(n.body, in.instanceCtx(k), in.eachRefs(n, k))
		inst := providers.Instance{
			Mode: n.mode(), Type: n.typ, Address: addr, Values: body.val,
			Configured: configured, Region: knownString(pc.region), DefaultTags: pc.tags,
		}
		modelled := true
		planned, inPrior := in.ev.prior.take(addr)
		known := planned.Values
		switch {
		case n.kind == kindData && inPrior && known.IsWhollyKnown():
			// Read while planning (or recorded in the state): overlay
			// below gives its values.
		case n.kind == kindData && n.typ == templateFileType:
			inst.Values, modelled = in.ev.templateFile(n, addr, inst.Values)
		case n.kind == kindData:
			inst.Values, modelled = in.ev.readDataSource(n, inst)
		default:
			inst.Values = in.ev.provider.PlanResource(inst)
		}
		if inPrior {
			in.ev.prior.compare(&in.ev.diags, addr, body, known)
			inst.Values = overlay(inst.Values, known)
		}
		obj := in.ev.provider.Typed(inst)
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
			// The plan given with the root creates it (aws-rules 1.2.14).
			Created: planned.Created,
		})
	}
	in.set(n.key, combine(n, keys, vals))
}

// unknownAttrs deals with the attributes that other declarations read:
// one that neither the configuration nor the provider provides (nor its
// schema) is added as unknown; one known only after
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

// record adds an instance to the result and tells the provider of it.
func (ev *evaluator) record(r tfmap.Resource) {
	ev.resources = append(ev.resources, r)
	ev.provider.Record(r)
}

// readDataSource asks the provider to read a data source instance and
// reports its note at the declaration.
func (ev *evaluator) readDataSource(n *node, inst providers.Instance) (cty.Value, bool) {
	a := ev.provider.ReadDataSource(inst)
	if a.Note.Message != "" {
		code := codeDataNotModelled
		if a.Note.Severity == model.SeverityError {
			code = codeInvalidValue
		}
		ev.diags.add(a.Note.Severity, code, n.decl, a.Note.Message)
	}
	return a.Values, a.Modelled
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
