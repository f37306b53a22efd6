// Package json renders a sim.Report as the stable "vpctrace/v1" JSON
// document that docs/architecture.md describes.
//
// The output is built from dedicated wire structs, so that the key order is
// fixed, every list is an array (never null), and the document does not
// change when the result types in package sim grow new fields.
package json

import (
	"encoding/json"
	"io"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// Schema is the value of the document's "schema" key.
const Schema = "vpctrace/v1"

// Write writes r to w as one indented JSON object followed by a newline.
func Write(w io.Writer, r sim.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(fromReport(r))
}

type document struct {
	Schema      string       `json:"schema"`
	Workloads   []workload   `json:"workloads"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

type workload struct {
	Name            string `json:"name"`
	Source          string `json:"source"`
	LaunchType      string `json:"launch_type"`
	PlatformVersion string `json:"platform_version"`
	Starts          bool   `json:"starts"`
	StoppedReason   string `json:"stopped_reason"`
	StoppedBy       string `json:"stopped_by,omitempty"`
	StoppedVerdict  string `json:"stopped_verdict,omitempty"`
	// StoppedOtherwise and StoppedOtherwiseBy are additions within v1:
	// what ECS reports when the undecided call of StoppedBy works.
	StoppedOtherwise   string `json:"stopped_otherwise,omitempty"`
	StoppedOtherwiseBy string `json:"stopped_otherwise_by,omitempty"`
	// Outcome, Traced and Missing are additions within v1.
	Outcome string    `json:"outcome"`
	Traced  bool      `json:"traced"`
	Missing []missing `json:"missing"`
	Calls   []call    `json:"calls"`
}

// missing is an input the input does not determine (sim.Missing).
type missing struct {
	What   string `json:"what"`
	Why    string `json:"why"`
	Source string `json:"source"`
}

type call struct {
	Kind        string      `json:"kind"`
	Service     string      `json:"service"`
	Host        string      `json:"host"`
	Port        int         `json:"port"`
	Phase       string      `json:"phase"`
	Resource    string      `json:"resource"`
	Region      string      `json:"region"`
	Origin      string      `json:"origin"`
	Container   string      `json:"container"`
	Verdict     string      `json:"verdict"`
	Via         string      `json:"via"`
	Reason      string      `json:"reason"`
	Blockers    []string    `json:"blockers"`
	Explanation string      `json:"explanation"`
	Missing     []missing   `json:"missing"`
	Placements  []placement `json:"placements"`

	// FailureStopsTask says whether a failure of the call stops the task:
	// "yes", "no" (runtime calls; awslogs in non-blocking mode on EC2) or
	// "unknown" (the awslogs mode is not known; aws-rules 1.3.6).
	FailureStopsTask string `json:"failure_stops_task"`
}

type placement struct {
	Subnet      string   `json:"subnet"`
	HostSubnet  string   `json:"host_subnet,omitempty"`
	AZ          string   `json:"az"`
	Verdict     string   `json:"verdict"`
	Via         string   `json:"via"`
	Reason      string   `json:"reason"`
	Blockers    []string `json:"blockers"`
	Explanation string   `json:"explanation"`
	// Fix is what to change so that Reason no longer blocks the
	// placement; absent when reachable or when there is no advice.
	Fix *fix `json:"fix,omitempty"`
	// Decisive points at the step that found Reason, as indexes into
	// Hops and that hop's steps; absent when reachable or when no step
	// did.
	Decisive *stepRef `json:"decisive,omitempty"`
	// BlockedBy is every blocker of Blockers, in its order, with the step
	// that found it and its own fix; the first is reason, decisive and
	// fix. Empty when reachable.
	BlockedBy []blocker `json:"blocked_by"`
	Warnings  []string  `json:"warnings"`
	Hops      []hop     `json:"hops"`
}

// blocker is sim.Blocker: one blocking code with its decisive step and
// fix, each absent when there is none.
type blocker struct {
	Reason   string   `json:"reason"`
	Decisive *stepRef `json:"decisive,omitempty"`
	Fix      *fix     `json:"fix,omitempty"`
}

// fix is sim.Fix: advice for people, and where known the object and
// setting to change, in scenario terms (object_kind, object, field) and in
// Terraform terms (resource, attribute), with the value to give it.
type fix struct {
	Advice     string `json:"advice"`
	ObjectKind string `json:"object_kind,omitempty"`
	Object     string `json:"object,omitempty"`
	Field      string `json:"field,omitempty"`
	Resource   string `json:"resource,omitempty"`
	Attribute  string `json:"attribute,omitempty"`
	Value      string `json:"value,omitempty"`
}

// stepRef is sim.StepRef: the step hops[hop].steps[step], counted from 0.
type stepRef struct {
	Hop  int `json:"hop"`
	Step int `json:"step"`
}

type hop struct {
	Component string `json:"component"`
	Kind      string `json:"kind"`
	ID        string `json:"id,omitempty"`
	Subnet    string `json:"subnet,omitempty"`
	Steps     []step `json:"steps"`
}

type step struct {
	Type   string `json:"type"`
	Action string `json:"action"`
	Detail string `json:"detail"`
	Rule   string `json:"rule,omitempty"`
	Source string `json:"source"`
	Reason string `json:"reason,omitempty"`
}

type diagnostic struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Source   string `json:"source"`
}

// mapAll converts every element of in with f, returning an empty (non-nil)
// slice for an empty input so that it encodes as [].
func mapAll[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

func fromReport(r sim.Report) document {
	return document{
		Schema:      Schema,
		Workloads:   mapAll(r.Workloads, fromWorkload),
		Diagnostics: mapAll(r.Diagnostics, fromDiagnostic),
	}
}

func fromWorkload(wl sim.WorkloadResult) workload {
	return workload{
		Name:               wl.Name,
		Source:             wl.Source,
		LaunchType:         wl.LaunchType,
		PlatformVersion:    wl.PlatformVersion,
		Starts:             wl.Starts,
		StoppedReason:      wl.StoppedReason,
		StoppedBy:          string(wl.StoppedBy),
		StoppedVerdict:     string(wl.StoppedVerdict),
		StoppedOtherwise:   wl.StoppedOtherwise,
		StoppedOtherwiseBy: string(wl.StoppedOtherwiseBy),
		Outcome:            string(outcome(wl)),
		Traced:             wl.Traced,
		Missing:            mapAll(wl.Missing, fromMissing),
		Calls:              mapAll(wl.Calls, fromCall),
	}
}

// outcome is the workload's outcome; a result made without one (by hand)
// gets the one its other fields imply.
func outcome(wl sim.WorkloadResult) sim.Outcome {
	switch {
	case wl.Outcome != "":
		return wl.Outcome
	case wl.Starts:
		return sim.OutcomeStarts
	case wl.StoppedVerdict == sim.Unknown:
		return sim.OutcomeUnknown
	}
	return sim.OutcomeFails
}

func fromMissing(m sim.Missing) missing {
	return missing{What: m.What, Why: m.Why, Source: m.Source.String()}
}

func fromCall(c sim.CallResult) call {
	out := call{
		Kind:        string(c.Kind),
		Service:     c.Service,
		Host:        c.Host,
		Port:        c.Port,
		Phase:       string(c.Phase),
		Resource:    c.Resource,
		Region:      c.Region,
		Origin:      string(c.Origin),
		Container:   c.Container,
		Verdict:     string(c.Verdict),
		Via:         string(c.Via),
		Reason:      string(c.Reason),
		Blockers:    mapAll(c.Blockers, reasonString),
		Explanation: c.Explanation,
		Missing:     mapAll(c.Missing, fromMissing),
		Placements:  mapAll(c.Placements, fromPlacement),
	}
	out.FailureStopsTask = string(c.StopsTask)
	return out
}

func fromPlacement(p sim.PlacementResult) placement {
	return placement{
		Subnet:      p.Subnet,
		HostSubnet:  p.HostSubnet,
		AZ:          p.AZ,
		Verdict:     string(p.Verdict),
		Via:         string(p.Via),
		Reason:      string(p.Reason),
		Blockers:    mapAll(p.Blockers, reasonString),
		Explanation: p.Explanation,
		Fix:         fromFix(p.Fix),
		Decisive:    fromStepRef(p.Decisive),
		BlockedBy:   mapAll(p.BlockedBy, fromBlocker),
		Warnings:    mapAll(p.Warnings, func(s string) string { return s }),
		Hops:        mapAll(p.Hops, fromHop),
	}
}

func fromFix(f sim.Fix) *fix {
	if f == (sim.Fix{}) {
		return nil
	}
	return &fix{Advice: f.Advice, ObjectKind: string(f.Object.Kind), Object: f.Object.ID, Field: f.Field,
		Resource: f.Resource, Attribute: f.Attribute, Value: f.Value}
}

func fromBlocker(b sim.Blocker) blocker {
	return blocker{Reason: string(b.Reason), Decisive: fromStepRef(b.Decisive), Fix: fromFix(b.Fix)}
}

func fromStepRef(r *sim.StepRef) *stepRef {
	if r == nil {
		return nil
	}
	return &stepRef{Hop: r.Hop, Step: r.Step}
}

// fromHop keeps the kind's v1 text: a network ACL's names its subnet.
func fromHop(h sim.Hop) hop {
	return hop{Component: h.Component, Kind: h.KindLabel(), ID: h.ID, Subnet: h.Subnet, Steps: mapAll(h.Steps, fromStep)}
}

func fromStep(s sim.Step) step {
	return step{
		Type:   string(s.Type),
		Action: string(s.Action),
		Detail: s.Detail,
		Rule:   s.Rule,
		Source: s.Source.String(),
		Reason: string(s.Reason),
	}
}

func fromDiagnostic(d model.Diagnostic) diagnostic {
	return diagnostic{
		Severity: string(d.Severity),
		Code:     d.Code,
		Message:  d.Message,
		Source:   d.Source.String(),
	}
}

func reasonString(r sim.Reason) string { return string(r) }
