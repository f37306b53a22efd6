package terraform

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// templateFileType is the one data source the evaluator answers itself:
// the hashicorp/template provider's template_file, which renders a
// template as templatefile does, with the evaluator's own renderer.
// Every other instance goes to the provider (ev.provider).
const templateFileType = "template_file"

// templateFile renders data "template_file": the template with vars,
// rendered (unknown when either is) and, once known, id the SHA-256 of
// the result. Attributes the configuration sets are kept.
func (ev *evaluator) templateFile(n *node, addr string, obj cty.Value) (cty.Value, bool) {
	vals := obj.AsValueMap()
	if vals == nil {
		vals = map[string]cty.Value{}
	}
	set := func(name string, v cty.Value) {
		if old, ok := vals[name]; !ok || old == cty.NilVal || (old.IsKnown() && old.IsNull()) {
			vals[name] = v
		}
	}
	tmpl, vars := stringValue(vals["template"]), vals["vars"]
	if vars == cty.NilVal || vars.IsNull() {
		vars = cty.EmptyObjectVal
	}
	problem := ""
	switch {
	case !tmpl.IsKnown() || !vars.IsKnown():
		set("rendered", cty.UnknownVal(cty.String))
	case tmpl.IsNull():
		problem = "template is required"
	default:
		out, err := ev.renderPartial([]byte(tmpl.AsString()), addr+".template", vars, ev.funcs)
		if err != nil {
			problem = "template: " + err.Error()
			out = cty.UnknownVal(cty.String)
		}
		set("rendered", out)
		if out.IsWhollyKnown() {
			sum := sha256.Sum256([]byte(out.AsString()))
			set("id", cty.StringVal(hex.EncodeToString(sum[:])))
		}
	}
	if problem != "" {
		ev.diags.add(model.SeverityError, codeInvalidValue, n.decl, fmt.Sprintf("%s: %s", addr, problem))
	}
	return cty.ObjectVal(vals), true
}

// stringValue converts an attribute's value to a string value: null when
// absent or null, unknown when unknown or not convertible.
func stringValue(v cty.Value) cty.Value {
	switch {
	case v == cty.NilVal:
		return cty.NullVal(cty.String)
	case !v.IsKnown():
		return cty.UnknownVal(cty.String)
	case v.IsNull():
		return cty.NullVal(cty.String)
	}
	c, err := convert.Convert(v, cty.String)
	if err != nil {
		return cty.UnknownVal(cty.String)
	}
	return c
}
