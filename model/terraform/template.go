package terraform

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// makeTemplateFileFunc returns templatefile(path, vars): the file, read
// relative to the root module directory, rendered as an HCL template with
// vars and the same functions (except templatefile itself).
func (ev *evaluator) makeTemplateFileFunc(funcs map[string]function.Function) function.Function {
	base := ev.rootDir
	return function.New(&function.Spec{
		Description: "Renders a template file with the given variables.",
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true},
		},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			path := args[0].AsString()
			src, err := readFileArg(base, path)
			if err != nil {
				return cty.DynamicVal, fmt.Errorf("failed to read template: %v", err)
			}
			if !filepath.IsAbs(path) {
				path = filepath.Join(base, path)
			}
			return ev.renderPartial(src, path, args[1], funcs)
		},
	})
}

// renderPartial renders a template; when the result is unknown only
// because parts of vars are, it renders the template again with those
// parts marked (see partial.go), so that JSON written by a template keeps
// its shape. A template that cannot be rendered with marks (a directive
// that iterates over an unknown list) stays unknown.
func (ev *evaluator) renderPartial(src []byte, name string, vars cty.Value, funcs map[string]function.Function) (cty.Value, error) {
	val, err := renderTemplate(src, name, vars, funcs)
	if err != nil || val.IsKnown() || !vars.IsKnown() || vars.IsWhollyKnown() {
		return val, err
	}
	marked, err := renderTemplate(src, name, withUnknownMarks(vars), funcs)
	if err != nil || !marked.IsWhollyKnown() || marked.Type() != cty.String {
		return val, nil
	}
	ev.marked = true
	return marked, nil
}

// makeTemplateStringFunc returns templatestring(template, vars).
func (ev *evaluator) makeTemplateStringFunc(funcs map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Description: "Renders a string as a template with the given variables.",
		Params: []function.Parameter{
			{Name: "template", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true},
		},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return ev.renderPartial([]byte(args[0].AsString()), "<templatestring>", args[1], funcs)
		},
	})
}

// renderTemplate parses and evaluates a template.
func renderTemplate(src []byte, name string, vars cty.Value, funcs map[string]function.Function) (cty.Value, error) {
	ty := vars.Type()
	if !(ty.IsObjectType() || ty.IsMapType()) {
		return cty.DynamicVal, errors.New("invalid vars value: must be a map or an object")
	}
	if !vars.IsKnown() {
		return cty.DynamicVal, nil
	}
	if d := nestingDiag(src, name, hcl.InitialPos, nestTemplate, false); d != nil {
		return cty.DynamicVal, diagError(hcl.Diagnostics{d})
	}
	expr, diags := hclsyntax.ParseTemplate(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.DynamicVal, diagError(diags)
	}
	varMap := map[string]cty.Value{}
	if !vars.IsNull() {
		given := vars.AsValueMap()
		for _, k := range sortedKeys(given) {
			if !hclsyntax.ValidIdentifier(k) {
				return cty.DynamicVal, fmt.Errorf("invalid template variable name %q: must start with a letter, followed by zero or more letters, digits, and underscores", k)
			}
			varMap[k] = given[k]
		}
	}
	for _, t := range expr.Variables() {
		if _, ok := varMap[t.RootName()]; !ok {
			return cty.DynamicVal, fmt.Errorf("%s: vars map does not contain key %q", posOf(t.SourceRange()), t.RootName())
		}
	}
	inner := make(map[string]function.Function, len(funcs))
	for k, f := range funcs {
		inner[k] = f
	}
	inner["templatefile"] = recursionFunc
	inner["templatestring"] = recursionFunc
	val, diags := expr.Value(&hcl.EvalContext{Variables: varMap, Functions: inner})
	if diags.HasErrors() {
		return cty.DynamicVal, diagError(diags)
	}
	return val, nil
}

// recursionFunc stands for templatefile inside a template.
var recursionFunc = function.New(&function.Spec{
	Description: "Refuses recursive template rendering.",
	VarParam:    &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type: func([]cty.Value) (cty.Type, error) {
		return cty.NilType, errors.New("cannot recursively call templatefile from inside a template")
	},
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.DynamicVal, errors.New("cannot recursively call templatefile from inside a template")
	},
})

// diagError turns template diagnostics into one error naming positions.
func diagError(diags hcl.Diagnostics) error {
	var parts []string
	for _, d := range diags.Errs() {
		var hd *hcl.Diagnostic
		if errors.As(d, &hd) && hd.Subject != nil {
			parts = append(parts, fmt.Sprintf("%s: %s", posOf(*hd.Subject), strings.TrimSuffix(message(hd.Summary, hd.Detail), ".")))
			continue
		}
		parts = append(parts, d.Error())
	}
	return errors.New(strings.Join(parts, "; "))
}
