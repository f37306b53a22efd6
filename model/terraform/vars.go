package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// rootValue is a root variable's assigned value and where it came from.
type rootValue struct {
	val cty.Value
	rng hcl.Range
}

// rootVariables assigns the root module's variables from, in increasing
// precedence, TF_VAR_name environment variables, terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
// *.auto.tfvars.json in lexical order, the --var-file files and the --var
// values. Defaults are applied later, when a variable is evaluated.
//
// With a plan and neither --var nor --var-file, the variables are the
// plan's.
func (ev *evaluator) rootVariables(m *module) map[string]rootValue {
	if vals := ev.priorVariables(m); vals != nil {
		return vals
	}
	vals := map[string]rootValue{}
	ev.envVariables(m, vals)
	var files []string
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if path := filepath.Join(ev.rootDir, name); fileExists(path) {
			files = append(files, path)
		}
	}
	if entries, err := os.ReadDir(ev.rootDir); err == nil {
		var auto []string
		for _, e := range entries {
			if !e.IsDir() && (strings.HasSuffix(e.Name(), ".auto.tfvars") || strings.HasSuffix(e.Name(), ".auto.tfvars.json")) {
				auto = append(auto, filepath.Join(ev.rootDir, e.Name()))
			}
		}
		sort.Strings(auto)
		files = append(files, auto...)
	}
	for _, path := range files {
		ev.readVarFile(m, path, vals)
	}
	for _, path := range ev.opts.VarFiles {
		ev.readVarFile(m, path, vals)
	}
	for _, arg := range ev.opts.Vars {
		ev.readVarArg(m, arg, vals)
	}
	return vals
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// readVarFile reads a .tfvars or .tfvars.json file into vals.
func (ev *evaluator) readVarFile(m *module, path string, vals map[string]rootValue) {
	file := ev.readHCL(path, codeVarFile)
	if file == nil {
		return
	}
	attrs, diags := file.Body.JustAttributes()
	ev.diags.hcl(diags, codeSyntax, fileStart(path))
	for _, attr := range sortedAttrs(attrs) {
		if m.byKey["var."+attr.Name] == nil {
			// A warning, as Terraform gives for any variable file (an
			// undeclared -var on the command line is an error).
			ev.diags.add(model.SeverityWarning, codeUndeclaredVar, attr.NameRange, fmt.Sprintf(
				"Value for undeclared variable: The root module does not declare a variable named %q but a value was found in file %q. To use this value, add a \"variable\" block to the configuration.", attr.Name, path))
			continue
		}
		val, diags := attr.Expr.Value(nil)
		ev.diags.hcl(diags, codeInvalidValue, attr.Range)
		vals[attr.Name] = rootValue{val: val, rng: attr.Expr.Range()}
	}
}

// envVariables reads TF_VAR_name environment variables for the declared
// root variables; Terraform ignores those it does not declare.
func (ev *evaluator) envVariables(m *module, vals map[string]rootValue) {
	for _, name := range sortedKeys(ev.env) {
		v, ok := strings.CutPrefix(name, "TF_VAR_")
		if !ok || m.byKey["var."+v] == nil {
			continue
		}
		ev.assign(m.byKey["var."+v], ev.env[name], hcl.Range{Filename: "environment " + name}, vals)
	}
}

// readVarArg reads one --var "name=value".
func (ev *evaluator) readVarArg(m *module, arg string, vals map[string]rootValue) {
	name, raw, ok := strings.Cut(arg, "=")
	at := model.Pos{File: "--var " + arg}
	if !ok || name == "" {
		ev.diags.addPos(model.SeverityError, codeVarFile, at, fmt.Sprintf(
			"Invalid --var option: The given --var option %q is not correctly specified. Must be a variable name and value separated by an equals sign, like --var=\"key=value\".", arg))
		return
	}
	rng := hcl.Range{Filename: "--var " + name}
	n := m.byKey["var."+name]
	if n == nil {
		ev.diags.addPos(model.SeverityError, codeUndeclaredVar, at, fmt.Sprintf(
			"Value for undeclared variable: A variable named %q was assigned on the command line, but the root module does not declare a variable of that name. To use this value, add a \"variable\" block to the configuration.", name))
		return
	}
	ev.assign(n, raw, rng, vals)
}

// assign sets a root variable from a command-line or environment string:
// taken literally for an untyped variable or one of a primitive type,
// parsed as an HCL expression otherwise, as Terraform does.
func (ev *evaluator) assign(n *node, raw string, rng hcl.Range, vals map[string]rootValue) {
	v := n.variable
	if !v.typed || v.typ.IsPrimitiveType() {
		vals[n.name] = rootValue{val: cty.StringVal(raw), rng: rng}
		return
	}
	src := []byte(raw)
	if d := nestingDiag(src, rng.Filename, hcl.InitialPos, nestConfig, false); d != nil {
		ev.diags.hcl(hcl.Diagnostics{d}, codeInvalidValue, rng)
		return
	}
	expr, diags := hclsyntax.ParseExpression(src, rng.Filename, hcl.InitialPos)
	if !diags.HasErrors() {
		var val cty.Value
		val, diags = expr.Value(nil)
		if !diags.HasErrors() {
			vals[n.name] = rootValue{val: val, rng: rng}
			return
		}
	}
	ev.diags.hcl(diags, codeInvalidValue, rng)
}

// evalVariable assigns a variable its value: the one given (root values or
// the module call's argument), else its default; converts it to the type
// constraint and checks the validation rules.
func (in *instance) evalVariable(n *node) {
	v := n.variable
	val, rng, given := cty.NilVal, n.decl, false
	if in.parent == nil {
		if rv, ok := in.rootVals[n.name]; ok {
			val, rng, given = rv.val, rv.rng, true
		}
	} else if iv, refs, ok := in.argument(n.name); ok {
		val, given = iv, true
		in.refs[n.key] = refs
	}
	if !given || (val.IsNull() && !v.nullable) {
		switch {
		case v.def != nil:
			val = in.eval(v.def, nil)
			rng = v.def.Range()
		case !given && in.parent == nil:
			in.ev.diags.add(model.SeverityError, codeMissingVariable, n.decl, fmt.Sprintf(
				"No value for required variable: The root module input variable %q is not set, and has no default value. Use a --var or --var-file command line argument to provide a value for this variable.", n.name))
			val = cty.UnknownVal(v.typ)
		case !given:
			val = cty.UnknownVal(v.typ) // reported at the module call
		}
	}
	if v.defaults != nil {
		val = v.defaults.Apply(val)
	}
	conv, err := convertValue(val, v.typ)
	if err != nil {
		in.ev.diags.add(model.SeverityError, codeInvalidValue, rng, fmt.Sprintf(
			"Invalid value for input variable: The given value is not suitable for var.%s declared at %s: %s.", n.name, posOf(n.decl), err))
		conv = cty.UnknownVal(v.typ)
	}
	in.set(n.key, conv)
	in.use(slices.Concat(n.uses.keys, []string{n.key})) // validation rules read the variable itself
	for _, rule := range v.validations {
		in.validate(n, rule, conv)
	}
}

// validate checks one validation rule of a variable with a known value.
func (in *instance) validate(n *node, rule validation, val cty.Value) {
	if !val.IsWhollyKnown() {
		return
	}
	ok := in.eval(rule.cond, in.ctx)
	if !ok.IsKnown() || ok.IsNull() || ok.Type() != cty.Bool || ok.True() {
		return
	}
	msg := "the validation rule failed"
	if m := in.eval(rule.message, in.ctx); m.IsKnown() && !m.IsNull() && m.Type() == cty.String {
		msg = m.AsString()
	}
	in.ev.diags.add(model.SeverityError, codeValidation, rule.cond.Range(),
		fmt.Sprintf("Invalid value for variable: %s (var.%s)", msg, n.name))
}

// convertValue converts a value to a type constraint. cty reports one of
// several problems depending on map order; the error is recomputed in key
// order so that diagnostics are deterministic.
func convertValue(v cty.Value, ty cty.Type) (cty.Value, error) {
	out, err := convert.Convert(v, ty)
	if err != nil {
		err = stableConvertError(v, ty, err)
	}
	return out, err
}

func stableConvertError(v cty.Value, ty cty.Type, err error) error {
	if !v.IsKnown() || v.IsNull() {
		return err
	}
	vt := v.Type()
	structural := vt.IsMapType() || vt.IsObjectType()
	switch {
	case ty.IsMapType() && structural:
		elems := v.AsValueMap()
		for _, k := range sortedKeys(elems) {
			if _, e := convert.Convert(elems[k], ty.ElementType()); e != nil {
				return fmt.Errorf("element %q: %w", k, stableConvertError(elems[k], ty.ElementType(), e))
			}
		}
	case ty.IsObjectType() && structural:
		elems := v.AsValueMap()
		for _, name := range sortedKeys(ty.AttributeTypes()) {
			ev, ok := elems[name]
			if !ok {
				if ty.AttributeOptional(name) {
					continue
				}
				return fmt.Errorf("attribute %q is required", name)
			}
			if _, e := convert.Convert(ev, ty.AttributeType(name)); e != nil {
				return fmt.Errorf("attribute %q: %w", name, stableConvertError(ev, ty.AttributeType(name), e))
			}
		}
	}
	return err
}
