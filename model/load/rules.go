package load

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

// Diagnostic codes of this package.
const (
	// CodeUnreadable marks an input, or the plan or state given with a
	// Terraform root, that cannot be read or whose kind cannot be told.
	CodeUnreadable = "unreadable-input"
	// CodeNoWorkloads marks an input that declares no ECS service and no
	// task definition: nothing to trace. The scenario reader gives it too.
	CodeNoWorkloads = scenario.CodeNoWorkloads
)

// Unreadable is the error diagnostic for the input named name that
// cannot be read or whose kind cannot be told, err saying why.
func Unreadable(name string, err error) model.Diagnostic {
	return model.Diagnostic{Severity: model.SeverityError, Code: CodeUnreadable, Message: err.Error(), Source: model.Pos{File: name}}
}

// Fatal reports whether d, a diagnostic of a format's Load, leaves
// nothing to trace: an error the input's own tool would refuse it with (a
// scenario the format rejects, a root Terraform would not plan, a file
// that is not a plan). The errors AWS would give only at apply time
// (tfmap.CodeAWSRejects codes) are not: such an input is traced, its
// affected calls unknown, and it is Wrong all the same.
func Fatal(d model.Diagnostic) bool {
	return d.Severity == model.SeverityError && !strings.HasPrefix(d.Code, tfmap.CodeAWSRejects)
}

// Usable returns w, the world to trace, or nil when one of ds is Fatal.
func Usable(w *model.World, ds model.Diagnostics) *model.World {
	if slices.ContainsFunc(ds, Fatal) {
		return nil
	}
	return w
}

// Wrong reports whether d makes an input wrong even when it can be
// traced, so that the command fails (exit status 2): every error, the
// reader's or the engine's, and the warning that the input declares
// nothing to trace, so that an input cut short never passes for one whose
// workloads all start.
func Wrong(d model.Diagnostic) bool {
	return d.Severity == model.SeverityError || d.Code == CodeNoWorkloads
}

// NothingToTrace returns the warning that the input named name, of format
// f, declares no ECS workload, with f's hint; ok is false when w declares
// one, or when ds hold that warning already (as a scenario's do).
func NothingToTrace(f Format, name string, w *model.World, ds model.Diagnostics) (d model.Diagnostic, ok bool) {
	if len(w.Services) > 0 || len(w.TaskDefinitions) > 0 || slices.ContainsFunc(ds, func(d model.Diagnostic) bool { return d.Code == CodeNoWorkloads }) {
		return model.Diagnostic{}, false
	}
	return model.Diagnostic{Severity: model.SeverityWarning, Code: CodeNoWorkloads, Source: model.Pos{File: name},
		Message: fmt.Sprintf("no ECS services or task definitions: nothing to trace (%s)", f.Hint)}, true
}
