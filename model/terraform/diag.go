package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/model"
)

// Diagnostic codes used by this package.
const (
	codeSyntax            = "hcl-syntax"
	codeEval              = "invalid-expression"
	codeUnknownRef        = "unknown-reference"
	codeCycle             = "cycle"
	codeMissingVariable   = "missing-variable"
	codeUndeclaredVar     = "undeclared-variable"
	codeInvalidValue      = "invalid-value"
	codeModuleNotFound    = "module-not-found"
	codeModuleNotInstall  = "module-not-installed"
	codeModuleCycle       = "module-cycle"
	codeModuleDepth       = "module-too-deep"
	codeEmptyModule       = "empty-module"
	codeModuleOutside     = "module-outside-root"
	codeUnsupportedFunc   = "unsupported-function"
	codeFunctionError     = "function-error"
	codeUnknownAfterApply = "unknown-after-apply"
	codeImpure            = "impure-function"
	codeDataNotModelled   = "data-source-not-modelled"
	codeDuplicate         = "duplicate-declaration"
	codeInvalidCount      = "invalid-count"
	codeInvalidForEach    = "invalid-for-each"
	codeUnknownInstances  = "unknown-instances"
	codeNoRegion          = "no-region"
	codeRegionFromEnv     = "region-from-environment"
	codeNotSupported      = "not-supported"
	codeVarFile           = "var-file"
	codeValidation        = "variable-validation"
	codeInternal          = "internal-error"
	codePriorMismatch     = "plan-mismatch"
	codePriorOtherRoot    = "plan-of-another-root"
	codePriorKeys         = "instances-from-plan"
	codePriorVariables    = "variables-from-plan"
	codeRegionFromPrior   = "region-from-plan"
)

// posOf converts the start of an HCL range to a model position.
func posOf(r hcl.Range) model.Pos {
	if r.Filename == "" {
		return model.Pos{}
	}
	return model.Pos{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

// diagSink collects diagnostics, dropping exact repeats (a module used
// twice reports a problem in its files once).
type diagSink struct {
	list model.Diagnostics
	seen map[model.Diagnostic]bool
}

func (s *diagSink) add(sev model.Severity, code string, at hcl.Range, msg string) {
	s.addPos(sev, code, posOf(at), msg)
}

func (s *diagSink) addPos(sev model.Severity, code string, at model.Pos, msg string) {
	d := model.Diagnostic{Severity: sev, Code: code, Message: msg, Source: at}
	if s.seen == nil {
		s.seen = map[model.Diagnostic]bool{}
	}
	if s.seen[d] {
		return
	}
	s.seen[d] = true
	s.list = append(s.list, d)
}

// hcl adds HCL diagnostics. code is used unless the summary names a more
// precise one; fallback positions a diagnostic that has no subject.
func (s *diagSink) hcl(diags hcl.Diagnostics, code string, fallback hcl.Range) {
	for _, d := range diags {
		sev := model.SeverityError
		if d.Severity == hcl.DiagWarning {
			sev = model.SeverityWarning
		}
		at := fallback
		for _, r := range []*hcl.Range{d.Context, d.Subject} {
			if r != nil && r.Filename != "" {
				at = *r
			}
		}
		c, detail := codeFor(d, code), d.Detail
		// cty turns a panic in a function into an error with a stack
		// trace: keep its first line, and call it what it is.
		if i := strings.Index(detail, "panic in function implementation"); i >= 0 {
			c, detail = codeInternal, strings.SplitN(detail, "\n", 2)[0]
		}
		s.add(sev, c, at, message(d.Summary, detail))
	}
}

// message joins an HCL summary and detail into one line.
func message(summary, detail string) string {
	detail = strings.Join(strings.Fields(detail), " ")
	switch {
	case detail == "":
		return summary
	case summary == "":
		return detail
	}
	return summary + ": " + detail
}

// codeFor picks a diagnostic code from an HCL diagnostic's summary.
func codeFor(d *hcl.Diagnostic, code string) string {
	switch d.Summary {
	case "Unknown variable", "Unsupported attribute", "Invalid reference":
		return codeUnknownRef
	case "Call to unknown function":
		return codeUnsupportedFunc
	case "Error in function call", "Invalid function argument", "Not enough function arguments", "Too many function arguments":
		return codeFunctionError
	case "Incorrect attribute value type", "Invalid value for input variable":
		return codeInvalidValue
	}
	return code
}
