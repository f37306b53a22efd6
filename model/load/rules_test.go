package load

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

// TestRules checks which diagnostics stop the run (Fatal: no world to
// trace) and which make an input wrong although traced (Wrong: exit
// status 2); docs/architecture.md "Diagnostics".
func TestRules(t *testing.T) {
	type verdict struct{ Fatal, Wrong bool }
	for _, tt := range []struct {
		name string
		d    model.Diagnostic
		want verdict
	}{
		{"a scenario error", model.Diagnostic{Severity: model.SeverityError, Code: "unknown-reference"}, verdict{Fatal: true, Wrong: true}},
		{"an error Terraform would refuse to plan with", model.Diagnostic{Severity: model.SeverityError, Code: "hcl-syntax"}, verdict{Fatal: true, Wrong: true}},
		{"a file that is not a plan", model.Diagnostic{Severity: model.SeverityError, Code: "not-terraform-json"}, verdict{Fatal: true, Wrong: true}},
		{"an input that cannot be read", Unreadable("x.json", errors.New("no such file or directory")), verdict{Fatal: true, Wrong: true}},
		// aws-rules 4.2.1: AWS refuses the route at apply time; the rest is traced.
		{"what AWS refuses at apply time", model.Diagnostic{Severity: model.SeverityError, Code: "aws-rejects-route"}, verdict{Wrong: true}},
		{"nothing to trace", model.Diagnostic{Severity: model.SeverityWarning, Code: CodeNoWorkloads}, verdict{Wrong: true}},
		{"another warning", model.Diagnostic{Severity: model.SeverityWarning, Code: "unknown-after-apply"}, verdict{}},
		{"a warning with an aws-rejects code", model.Diagnostic{Severity: model.SeverityWarning, Code: "aws-rejects-route"}, verdict{}},
		{"info", model.Diagnostic{Severity: model.SeverityInfo, Code: "region-from-environment"}, verdict{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := verdict{Fatal: Fatal(tt.d), Wrong: Wrong(tt.d)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestUsable checks that a world is traced unless a diagnostic is Fatal.
func TestUsable(t *testing.T) {
	w := &model.World{Region: "ap-northeast-1"}
	rejects := model.Diagnostic{Severity: model.SeverityError, Code: "aws-rejects-route"}
	warning := model.Diagnostic{Severity: model.SeverityWarning, Code: "unknown-after-apply"}
	fatal := model.Diagnostic{Severity: model.SeverityError, Code: "cycle"}
	for _, tt := range []struct {
		name  string
		diags model.Diagnostics
		want  *model.World
	}{
		{"no diagnostics", nil, w},
		{"warnings", model.Diagnostics{warning}, w},
		{"AWS's refusals only", model.Diagnostics{rejects, warning, rejects}, w},
		{"a fatal error among them", model.Diagnostics{rejects, fatal, warning}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Usable(w, tt.diags); got != tt.want {
				t.Errorf("Usable = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestNothingToTrace checks the warning for an input that declares no
// workload, with the hint of its format, given once.
func TestNothingToTrace(t *testing.T) {
	formats := map[string]Format{}
	for _, f := range Formats() {
		formats[f.Name] = f
	}
	empty := &model.World{}
	service := &model.World{Services: []model.Service{{ID: "app"}}}
	taskDef := &model.World{TaskDefinitions: []model.TaskDefinition{{Family: "app"}}}
	own := model.Diagnostics{{Severity: model.SeverityWarning, Code: CodeNoWorkloads, Message: "the scenario declares no services"}}
	warning := func(name, hint string) *model.Diagnostic {
		return &model.Diagnostic{Severity: model.SeverityWarning, Code: CodeNoWorkloads, Source: model.Pos{File: name},
			Message: "no ECS services or task definitions: nothing to trace (" + hint + ")"}
	}
	for _, tt := range []struct {
		name   string
		format string
		w      *model.World
		diags  model.Diagnostics
		want   *model.Diagnostic
	}{
		{"a root without workloads", "terraform", empty, nil,
			warning("root", "vpctrace traces aws_ecs_service and aws_ecs_task_definition; is this the root module that declares them (not a module it calls)?")},
		{"a plan without workloads", "terraform-json", empty, nil,
			warning("root", "vpctrace traces aws_ecs_service and aws_ecs_task_definition; is this the plan or state of the root that declares them?")},
		{"a scenario without workloads", "scenario", empty, nil, warning("root", "a scenario lists them under services: and task_definitions:")},
		{"a scenario that says so itself", "scenario", empty, own, nil},
		{"a service", "terraform", service, nil, nil},
		{"a task definition", "terraform-json", taskDef, nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got *model.Diagnostic
			if d, ok := NothingToTrace(formats[tt.format], "root", tt.w, tt.diags); ok {
				got = &d
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
