package terraform

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// tryFunc is Terraform's try, except for one case. Terraform's returns an
// unknown value for an argument that evaluates without error but holds
// unknown parts, since they could make it fail once known. For an
// argument that only reads a value (a reference, its attributes and
// indexes, as in try(each.value.containers, {})), a result that is known
// at the top passed through known values only, and nothing that becomes
// known later can make it fail; vpctrace returns it. That matters because
// the unknown parts here are often data sources that Terraform reads at
// plan time and vpctrace cannot.
var tryFunc = function.New(&function.Spec{
	Description: "Returns the value of the first argument that evaluates without errors.",
	VarParam:    &function.Parameter{Name: "expressions", Type: customdecode.ExpressionClosureType},
	Type: func(args []cty.Value) (cty.Type, error) {
		v, err := try(args)
		if err != nil {
			return cty.NilType, err
		}
		return v.Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return try(args) },
})

func try(args []cty.Value) (cty.Value, error) {
	if len(args) == 0 {
		return cty.NilVal, errors.New("at least one argument is required")
	}
	var diags hcl.Diagnostics
	for _, arg := range args {
		closure := customdecode.ExpressionClosureFromVal(arg)
		v, more := closure.Value()
		diags = append(diags, more...)
		switch {
		case more.HasErrors():
			continue
		case v.IsWhollyKnown(), v.IsKnown() && isReading(closure.Expression):
			return v, nil
		}
		return cty.DynamicVal, nil
	}
	var b strings.Builder
	b.WriteString("no expression succeeded:\n")
	for _, d := range diags {
		if d.Subject != nil {
			fmt.Fprintf(&b, "- %s (at %s)\n  %s\n", d.Summary, d.Subject, d.Detail)
		} else {
			fmt.Fprintf(&b, "- %s\n  %s\n", d.Summary, d.Detail)
		}
	}
	b.WriteString("\nAt least one expression must produce a successful result")
	return cty.NilVal, errors.New(b.String())
}

// isReading reports whether an expression only reads a value: a
// reference followed by attributes and indexes with constant keys.
func isReading(e hcl.Expression) bool {
	switch x := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return true
	case *hclsyntax.RelativeTraversalExpr:
		return isReading(x.Source)
	case *hclsyntax.IndexExpr:
		_, isLiteral := x.Key.(*hclsyntax.LiteralValueExpr)
		_, isTemplate := x.Key.(*hclsyntax.TemplateExpr)
		return (isLiteral || isTemplate && len(x.Key.Variables()) == 0) && isReading(x.Collection)
	case *hclsyntax.ParenthesesExpr:
		return isReading(x.Expression)
	}
	return false
}
