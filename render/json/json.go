// Package json renders a sim.Report as the stable "vpctrace/v1" JSON
// document that docs/architecture.md describes.
//
// The output is built from dedicated wire structs, so that the key order is
// fixed, every list is an array (never null), and the document does not
// change when the result types in package sim grow new fields.
//
// Write streams the document, one workload at a time, so that a large
// report does not need a second copy of itself as wire structs and text;
// the bytes are those of encoding the whole document at once.
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
// indented document, a line of its own one level deep: nothing else in
// the document can match it, as a string holds no raw newline
// (encoding/json escapes it) and keys of nested objects are indented
// deeper.
const workloadsKey = "\n" + indent + `"workloads": [`

// Write writes r to w as one indented JSON object followed by a newline.
//
// It streams, so that what it holds at a time is a few workloads' wire
// structs and text rather than the whole document's. The document's
// frame (the document struct with no workloads, see frame) is cut where
// the workloads go, and between its two parts each workload is converted
// to its wire struct, encoded by encoding/json and indented as an element
// of the workloads array (see encodeWorkloads). The bytes are those of
// encoding the whole document at once with json.Encoder's
// SetIndent("", indent) and SetEscapeHTML(false).
func Write(w io.Writer, r sim.Report) error {
	head, tail, err := frame(r.Diagnostics)
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(w, 64<<10)
	if _, err := out.Write(head); err != nil {
		return err
	}
	err = encodeWorkloads(r.Workloads, func(text []byte) error {
		_, err := out.Write(text)
		return err
	})
	if err != nil {
		return err
	}
	if len(r.Workloads) > 0 {
		out.Write(appendNewline(nil, 1)) // a bufio.Writer keeps its first error for Flush
	}
	out.Write(tail)
	return out.Flush()
}

// encodeWorkloads calls emit with the text of each workload in turn, as it
// stands in the document: after a comma for every workload but the first,
// on its own line, indented as an element of an array one level deep. It
// stops at the first error of encoding or of emit. emit must not keep
// text, whose memory the next workload reuses.
func encodeWorkloads(wls []sim.WorkloadResult, emit func(text []byte) error) error {
	var e workloadEncoder
	var text []byte
	for i := range wls {
		var err error
		if text, err = e.encode(text[:0], wls, i); err != nil {
			return err
		}
		if err := emit(text); err != nil {
			return err
		}
	}
	return nil
}

// workloadEncoder encodes workloads one at a time, reusing its buffers.
type workloadEncoder struct {
	conv    converter
	compact bytes.Buffer
	enc     *json.Encoder
}

// encode appends to dst the text of wls[i] as encodeWorkloads describes.
func (e *workloadEncoder) encode(dst []byte, wls []sim.WorkloadResult, i int) ([]byte, error) {
	if e.enc == nil {
		e.enc = json.NewEncoder(&e.compact)
		e.enc.SetEscapeHTML(false)
	}
	e.compact.Reset()
	if err := e.enc.Encode(e.conv.workload(wls[i])); err != nil {
		return dst, err
	}
	if i > 0 {
		dst = append(dst, ',')
	}
	// Each workload is an element of an array one level deep.
	dst = appendNewline(dst, 2)
	return appendIndent(dst, bytes.TrimSuffix(e.compact.Bytes(), []byte("\n")), 2), nil
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

// converter converts workloads to wire structs, one at a time: the
// structs of a workload live in memory the converter reuses for the next
// one, so they must be encoded before it converts another. It also keeps
// the text of the positions it has written, which the steps of a report
// repeat. The zero converter is ready to use.
type converter struct {
	calls      arena[call]
	placements arena[placement]
	hops       arena[hop]
	steps      arena[step]
	blockers   arena[blocker]
	missing    arena[missing]
	strings    arena[string]
	fixes      arena[fix]
	stepRefs   arena[stepRef]
	positions  map[model.Pos]string
}

// arena hands out slices of one backing array until it is full, then of
// a new one twice as large; reset hands the memory out again.
type arena[T any] struct{ buf []T }

// take returns a slice of n elements, which the caller sets one by one; an
// empty one is non-nil, so that it encodes as [].
func (a *arena[T]) take(n int) []T {
	if n == 0 {
		return []T{}
	}
	if len(a.buf)+n > cap(a.buf) {
		a.buf = make([]T, 0, max(2*cap(a.buf), n, 16))
	}
	i := len(a.buf)
	a.buf = a.buf[:i+n]
	return a.buf[i : i+n : i+n]
}

// reset makes the memory of every slice taken so far free for take.
func (a *arena[T]) reset() { a.buf = a.buf[:0] }

// convertAll converts every element of in with f into a slice of a.
func convertAll[T, U any](a *arena[U], in []T, f func(T) U) []U {
	out := a.take(len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// workload converts wl, reusing the memory of the workload converted
// before.
func (c *converter) workload(wl sim.WorkloadResult) workload {
	c.calls.reset()
	c.placements.reset()
	c.hops.reset()
	c.steps.reset()
	c.blockers.reset()
	c.missing.reset()
	c.strings.reset()
	c.fixes.reset()
	c.stepRefs.reset()
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
		Missing:            convertAll(&c.missing, wl.Missing, c.fromMissing),
		Calls:              convertAll(&c.calls, wl.Calls, c.call),
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

// source is p.String(), made once per position.
func (c *converter) source(p model.Pos) string {
	if p.File == "" {
		return ""
	}
	s, ok := c.positions[p]
	if !ok {
		if c.positions == nil {
			c.positions = map[model.Pos]string{}
		}
		s = p.String()
		c.positions[p] = s
	}
	return s
}

func (c *converter) fromMissing(m sim.Missing) missing {
	return missing{What: m.What, Why: m.Why, Source: c.source(m.Source)}
}

func (c *converter) call(cr sim.CallResult) call {
	return call{
		Kind:             string(cr.Kind),
		Service:          cr.Service,
		Host:             cr.Host,
		Port:             cr.Port,
		Phase:            string(cr.Phase),
		Resource:         cr.Resource,
		Region:           cr.Region,
		Origin:           string(cr.Origin),
		Container:        cr.Container,
		Verdict:          string(cr.Verdict),
		Via:              string(cr.Via),
		Reason:           string(cr.Reason),
		Blockers:         convertAll(&c.strings, cr.Blockers, reasonString),
		Explanation:      cr.Explanation,
		Missing:          convertAll(&c.missing, cr.Missing, c.fromMissing),
		Placements:       convertAll(&c.placements, cr.Placements, c.placement),
		FailureStopsTask: string(cr.StopsTask),
	}
}

func (c *converter) placement(p sim.PlacementResult) placement {
	return placement{
		Subnet:      p.Subnet,
		HostSubnet:  p.HostSubnet,
		AZ:          p.AZ,
		Verdict:     string(p.Verdict),
		Via:         string(p.Via),
		Reason:      string(p.Reason),
		Blockers:    convertAll(&c.strings, p.Blockers, reasonString),
		Explanation: p.Explanation,
		Fix:         c.fix(p.Fix),
		Decisive:    c.stepRef(p.Decisive),
		BlockedBy:   convertAll(&c.blockers, p.BlockedBy, c.blocker),
		Warnings:    convertAll(&c.strings, p.Warnings, func(s string) string { return s }),
		Hops:        convertAll(&c.hops, p.Hops, c.hop),
	}
}

func (c *converter) fix(f sim.Fix) *fix {
	if f == (sim.Fix{}) {
		return nil
	}
	out := &c.fixes.take(1)[0]
	*out = fix{Advice: f.Advice, ObjectKind: string(f.Object.Kind), Object: f.Object.ID, Field: f.Field,
		Resource: f.Resource, Attribute: f.Attribute, Value: f.Value}
	return out
}

func (c *converter) blocker(b sim.Blocker) blocker {
	return blocker{Reason: string(b.Reason), Decisive: c.stepRef(b.Decisive), Fix: c.fix(b.Fix)}
}

func (c *converter) stepRef(r *sim.StepRef) *stepRef {
	if r == nil {
		return nil
	}
	out := &c.stepRefs.take(1)[0]
	*out = stepRef{Hop: r.Hop, Step: r.Step}
	return out
}

// hop keeps the kind's v1 text: a network ACL's names its subnet.
func (c *converter) hop(h sim.Hop) hop {
	return hop{Component: h.Component, Kind: h.KindLabel(), ID: h.ID, Subnet: h.Subnet,
		Steps: convertAll(&c.steps, h.Steps, c.step)}
}

func (c *converter) step(s sim.Step) step {
	return step{
		Type:   string(s.Type),
		Action: string(s.Action),
		Detail: s.Detail,
		Rule:   s.Rule,
		Source: c.source(s.Source),
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
