// Package junit writes a report as JUnit XML, which CI systems (GitLab's
// artifacts:reports:junit, Jenkins, GitHub test reporters) show as tests,
// with the types of github.com/jstemmer/go-junit-report/v2/junit.
//
// One test suite per workload (properties: launch type, platform version,
// outcome, source), one test case per call, named "KIND TARGET" with the
// workload as its class name:
//
//   - reachable: passes;
//   - unreachable: a failure whose message is the reason code and whose
//     body is the explanation, plus what ECS would report when this call
//     is the one that stops the task. Its type says whether the failure
//     stops the task: "unreachable" (it does), "runtime" (a runtime call:
//     the task starts, but the feature breaks), "does-not-stop-task" and
//     "may-stop-task" (aws-rules 1.3.6, 1.3.7);
//   - unknown: skipped, its message naming what the input leaves
//     undetermined, its body the explanation.
//
// A workload whose calls cannot be listed has one test case,
// "task definition", in error; each error diagnostic is a test case in
// error of the suite "input". Times are always 0, and there are no
// timestamps or host names, so the output is deterministic.
package junit

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/internal/present"
	"github.com/vpctrace/vpctrace/sim"
)

// Options are the settings of the output; there are none yet.
type Options struct{}

// Failure types.
const (
	TypeUnreachable     = "unreachable"        // the call fails and the task stops
	TypeRuntime         = "runtime"            // a runtime call fails; the task starts
	TypeDoesNotStopTask = "does-not-stop-task" // a start call fails, and its failure does not stop the task
	TypeMayStopTask     = "may-stop-task"      // a start call fails; whether that stops the task is not known
)

// zeroTime is every suite's time: nothing is timed.
const zeroTime = "0"

// Write writes r as a JUnit XML document.
func Write(w io.Writer, r sim.Report, _ Options) error {
	suites := Build(r)
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"); err != nil {
		return err
	}
	return suites.WriteXML(w)
}

// Build makes the test suites of r.
func Build(r sim.Report) junit.Testsuites {
	suites := junit.Testsuites{Name: "vpctrace"}
	for i, wl := range r.Workloads {
		suites.AddSuite(suite(i, wl))
	}
	if s, ok := inputErrors(len(r.Workloads), r.Diagnostics); ok {
		suites.AddSuite(s)
	}
	return suites
}

// inputErrors is the suite "input", with a test case in error for each
// error diagnostic (which make vpctrace exit 2), so that a wrong input
// shows as an error even when nothing could be traced.
func inputErrors(id int, ds model.Diagnostics) (junit.Testsuite, bool) {
	s := junit.Testsuite{Name: "input", ID: id, Time: zeroTime}
	for _, d := range ds {
		if d.Severity != model.SeverityError {
			continue
		}
		name := d.Source.String()
		if name == "" {
			name = d.Code
		}
		s.AddTestcase(junit.Testcase{Name: clean(name), Classname: "input",
			Error: &junit.Result{Message: clean(d.Code), Data: clean(d.String())}})
	}
	return s, s.Tests > 0
}

// suite is one workload's test suite.
func suite(id int, wl sim.WorkloadResult) junit.Testsuite {
	s := junit.Testsuite{Name: clean(wl.Name), ID: id, Time: zeroTime}
	s.AddProperty("launch_type", clean(wl.LaunchType))
	if wl.PlatformVersion != "" {
		s.AddProperty("platform_version", clean(wl.PlatformVersion))
	}
	s.AddProperty("outcome", string(wl.Outcome))
	if wl.Source != "" {
		s.AddProperty("source", clean(wl.Source))
	}
	if !wl.Traced {
		s.AddTestcase(junit.Testcase{Name: "task definition", Classname: clean(wl.Name),
			Error: &junit.Result{Message: "not traced", Data: clean(untraced(wl))}})
		return s
	}
	stopper, otherwise := firstFailing(wl, wl.StoppedBy), firstFailing(wl, wl.StoppedOtherwiseBy)
	for i, c := range wl.Calls {
		var ecs string
		switch {
		case i == stopper && wl.StoppedReason != "":
			ecs = "ECS would report:\n" + wl.StoppedReason
		case i == otherwise && wl.StoppedOtherwise != "":
			ecs = "If the calls that cannot be decided work, ECS would report:\n" + wl.StoppedOtherwise
		}
		s.AddTestcase(testcase(wl, c, ecs))
	}
	return s
}

// firstFailing is the index of the first call of kind that is not
// reachable: the call a stopped reason is about; -1 when there is none.
func firstFailing(wl sim.WorkloadResult, kind sim.CallKind) int {
	for i, c := range wl.Calls {
		if kind != "" && c.Kind == kind && c.Verdict != sim.Reachable {
			return i
		}
	}
	return -1
}

// testcase is one call's test case; ecs is what ECS would report about
// this call, if anything.
func testcase(wl sim.WorkloadResult, c sim.CallResult, ecs string) junit.Testcase {
	name := string(c.Kind)
	if target := present.Target(c.Call); target != "" {
		name += " " + target
	}
	tc := junit.Testcase{Name: clean(name), Classname: clean(wl.Name)}
	body := c.Explanation
	if ecs != "" {
		body += "\n\n" + ecs
	}
	switch c.Verdict {
	case sim.Reachable:
	case sim.Unreachable:
		tc.Failure = &junit.Result{Message: string(c.Reason), Type: failureType(c.Call), Data: clean(body)}
	default:
		tc.Skipped = &junit.Result{Message: clean(undecided(c)), Data: clean(body)}
	}
	return tc
}

// failureType says whether the failure of c stops the task.
func failureType(c sim.Call) string {
	switch {
	case c.Phase == sim.PhaseRuntime:
		return TypeRuntime
	case c.StopsTask == sim.StopsNo:
		return TypeDoesNotStopTask
	case c.StopsTask == sim.StopsUnknown:
		return TypeMayStopTask
	}
	return TypeUnreachable
}

// undecided says what keeps an unknown call from being decided: the
// settings the input leaves undetermined, else its reason code.
func undecided(c sim.CallResult) string {
	var missing []string
	for _, m := range c.Missing {
		missing = append(missing, fmt.Sprintf("%s (%s)", m.What, m.Why))
	}
	if len(missing) > 0 {
		return "not known: " + strings.Join(missing, "; ")
	}
	if c.Reason != "" {
		return "cannot be decided: " + string(c.Reason)
	}
	return "cannot be decided"
}

// untraced says why a workload's calls cannot be listed.
func untraced(wl sim.WorkloadResult) string {
	var b strings.Builder
	b.WriteString("The calls of this workload's tasks cannot be listed.")
	for _, m := range wl.Missing {
		fmt.Fprintf(&b, "\n%s: %s", m.What, m.Why)
	}
	if wl.StoppedReason != "" {
		b.WriteString("\n\n" + wl.StoppedReason)
	}
	return b.String()
}

// clean makes s safe in XML 1.0: control characters but tab and newline
// are dropped, and bytes that are not UTF-8 become U+FFFD.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r < 0x20, r >= 0x7f && r < 0xa0, r == 0xFFFE, r == 0xFFFF:
			return -1
		case r == utf8.RuneError:
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
