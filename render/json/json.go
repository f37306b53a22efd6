// Package json renders a sim.Report as the stable "vpctrace/v1" JSON
// document that docs/architecture.md describes.
//
// The output is built from dedicated wire structs, so that the key order is
// fixed, every list is an array (never null), and the document does not
// change when the result types in package sim grow new fields.
package json

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// Schema is the value of the document's "schema" key.
const Schema = "vpctrace/v1"

// indent is the indentation of one level of the document.
const indent = "  "

// workloadsKey is the document's "workloads" key as it stands in the
// indented document: at the start of a line one level deep, where no
// string can put it (encoding/json escapes a newline in a string).
const workloadsKey = "\n" + indent + `"workloads": [`

// Write writes r to w as one indented JSON object followed by a newline.
//
// It streams, so that what it holds at a time is one workload's wire
// structs and text rather than the whole document's. The document's
// frame (the document struct with no workloads, see frame) is cut where
// the workloads go, and between its two parts each workload is converted
// to its wire struct, encoded by encoding/json, and indented as an element
// of the workloads array. The bytes are those of encoding the whole
// document at once with json.Encoder's SetIndent("", indent) and
// SetEscapeHTML(false).
func Write(w io.Writer, r sim.Report) error {
	head, tail, err := frame(r.Diagnostics)
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(w, 64<<10)
	out.Write(head) // a bufio.Writer keeps its first error for Flush
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	var text []byte
	for i := range r.Workloads {
		compact.Reset()
		if err := enc.Encode(fromWorkload(r.Workloads[i])); err != nil {
			return err
		}
		text = text[:0]
		if i > 0 {
			text = append(text, ',')
		}
		// Each workload is an element of an array one level deep.
		text = appendNewline(text, 2)
		text = appendIndent(text, bytes.TrimSuffix(compact.Bytes(), []byte("\n")), 2)
		out.Write(text)
	}
	if len(r.Workloads) > 0 {
		out.Write(appendNewline(text[:0], 1))
	}
	out.Write(tail)
	return out.Flush()
}

// frame encodes the document with no workloads and cuts it inside the
// workloads' empty array: head ends with its "[", tail starts with its
// "]" and runs to the end, final newline included.
func frame(diags model.Diagnostics) (head, tail []byte, err error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", indent)
	enc.SetEscapeHTML(false)
	doc := document{Schema: Schema, Workloads: []workload{}, Diagnostics: mapAll(diags, fromDiagnostic)}
	if err := enc.Encode(doc); err != nil {
		return nil, nil, err
	}
	b := buf.Bytes()
	i := bytes.Index(b, []byte(workloadsKey+"]"))
	if i < 0 {
		return nil, nil, fmt.Errorf("render/json: no %q in the document's frame", workloadsKey+"]")
	}
	cut := i + len(workloadsKey)
	return b[:cut], b[cut:], nil
}

// appendIndent appends to dst the compact JSON value src (as
// encoding/json writes it: no space outside strings) indented as a value
// depth levels deep: what json.Indent does with the prefix of depth
// indents, in one pass that copies each string whole instead of stepping
// a scanner through every byte. Like json.Indent, it leaves an empty
// object or array as {} or [] and puts one space after a colon.
func appendIndent(dst, src []byte, depth int) []byte {
	open := false // after a { or [ whose first element has not begun
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			dst = appendNewline(dst, depth)
		}
		switch c {
		case '"':
			end := stringEnd(src, i)
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = appendNewline(append(dst, c), depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				dst = appendNewline(dst, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringEnd is the index just past the string that starts with the quote
// at src[start]: past the first quote after it that no backslash escapes,
// or len(src) if there is none.
func stringEnd(src []byte, start int) int {
	i := start + 1
	for {
		q := bytes.IndexByte(src[i:], '"')
		if q < 0 {
			return len(src)
		}
		i += q
		escapes := 0
		for j := i - 1; j > start && src[j] == '\\'; j-- {
			escapes++
		}
		i++
		if escapes%2 == 0 {
			return i
		}
	}
}

// newlines is a newline followed by the indents of the deepest line
// appendNewline writes in one append.
var newlines = "\n" + strings.Repeat(indent, 32)

// appendNewline appends a newline and depth indents.
func appendNewline(dst []byte, depth int) []byte {
	if n := 1 + depth*len(indent); n <= len(newlines) {
		return append(dst, newlines[:n]...)
	}
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, indent...)
	}
	return dst
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
