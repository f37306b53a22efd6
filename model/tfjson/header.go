package tfjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	version "github.com/hashicorp/go-version"
	hcjson "github.com/hashicorp/terraform-json"

	"github.com/vpctrace/vpctrace/model"
)

// header checks that the file is a JSON object with a supported
// format_version and planned_values or values, and returns its members.
func (d *reader) header() (map[string]json.RawMessage, bool) {
	top, offsets, err := topMembers(d.data)
	if err != nil {
		d.jsonError(err, "JSON object")
		return nil, false
	}
	d.members = offsets
	raw, ok := top["format_version"]
	if !ok {
		d.diags = append(d.diags, d.errorAt(0, CodeNotTerraform,
			"%s has no format_version: it is not a plan or state printed by terraform show -json", d.file))
		return nil, false
	}
	if !d.checkVersion(raw) {
		return nil, false
	}
	if _, ok := top["planned_values"]; !ok {
		if _, ok := top["values"]; !ok {
			d.diags = append(d.diags, d.errorAt(0, CodeNotTerraform,
				"%s has neither planned_values nor values: it is not a plan or a non-empty state printed by terraform show -json", d.file))
			return nil, false
		}
	}
	return top, true
}

// checkVersion reports whether format_version is one terraform-json reads.
func (d *reader) checkVersion(raw json.RawMessage) bool {
	at := d.members["format_version"]
	var s string
	if json.Unmarshal(raw, &s) != nil {
		d.diags = append(d.diags, d.errorAt(at, CodeNotTerraform,
			"format_version is %s, not a version string: this is not terraform show -json output", abbreviate(raw)))
		return false
	}
	v, err := version.NewVersion(s)
	if err != nil {
		d.diags = append(d.diags, d.errorAt(at, CodeFormatVersion, "format_version %q is not a version number", s))
		return false
	}
	// Plans and states share the constraint; check both in case they part.
	for _, c := range []string{hcjson.PlanFormatVersionConstraints, hcjson.StateFormatVersionConstraints} {
		if cs, err := version.NewConstraint(c); err == nil && !cs.Check(v) {
			d.diags = append(d.diags, d.errorAt(at, CodeFormatVersion,
				"unsupported format_version %q: vpctrace reads the Terraform JSON format %s", s, c))
			return false
		}
	}
	return true
}

// decode unmarshals the file into v, a *hcjson.State.
func (d *reader) decode(v any, what string) bool {
	if err := json.Unmarshal(d.data, v); err != nil {
		d.jsonError(err, "Terraform "+what)
		return false
	}
	return true
}

// leanPlan is the part of a plan vpctrace reads. Decoding into it rather
// than hcjson.Plan leaves out the before and after values of every
// resource change (after repeats planned_values) and their sensitivity
// masks, which take most of a big plan's memory and time.
type leanPlan struct {
	Variables       map[string]*hcjson.PlanVariable `json:"variables"`
	PlannedValues   *hcjson.StateValues             `json:"planned_values"`
	ResourceChanges []*leanChange                   `json:"resource_changes"`
	PriorState      *struct {
		Values *hcjson.StateValues `json:"values"`
	} `json:"prior_state"`
	Config *hcjson.Config `json:"configuration"`
}

// leanChange is the part of a resource change vpctrace reads.
type leanChange struct {
	Address    string `json:"address"`
	DeposedKey string `json:"deposed"`
	Change     *struct {
		Actions      hcjson.Actions `json:"actions"`
		AfterUnknown any            `json:"after_unknown"`
	} `json:"change"`
}

// decodePlan decodes the file as a plan, numbers as json.Number (as
// hcjson.Plan.UseJSONNumber), into the hcjson.Plan fields vpctrace reads.
func (d *reader) decodePlan() (*hcjson.Plan, bool) {
	var lp leanPlan
	dec := json.NewDecoder(bytes.NewReader(d.data))
	dec.UseNumber()
	if err := dec.Decode(&lp); err != nil {
		d.jsonError(err, "Terraform plan")
		return nil, false
	}
	p := &hcjson.Plan{Variables: lp.Variables, PlannedValues: lp.PlannedValues, Config: lp.Config}
	if lp.PriorState != nil {
		p.PriorState = &hcjson.State{Values: lp.PriorState.Values}
	}
	for _, c := range lp.ResourceChanges {
		if c == nil {
			continue
		}
		rc := &hcjson.ResourceChange{Address: c.Address, DeposedKey: c.DeposedKey}
		if c.Change != nil {
			rc.Change = &hcjson.Change{Actions: c.Change.Actions, AfterUnknown: c.Change.AfterUnknown}
		}
		p.ResourceChanges = append(p.ResourceChanges, rc)
	}
	return p, true
}

// jsonError reports a decoding error at its offset: a syntax error, or
// JSON that does not have the shape of want.
func (d *reader) jsonError(err error, want string) {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		d.diags = append(d.diags, d.errorAt(int(syntax.Offset)-1, CodeSyntax, "invalid JSON: %s", syntax.Error()))
	case errors.As(err, &typ) && typ.Field == "":
		d.diags = append(d.diags, d.errorAt(valueStart(d.data, int(typ.Offset)-1), CodeNotTerraform,
			"%s holds a JSON %s, not a %s: it is not a plan or state printed by terraform show -json", d.file, typ.Value, want))
	case errors.As(err, &typ):
		d.typeError(typ, want)
	default:
		d.diags = append(d.diags, d.errorAt(0, CodeInvalid, "not a valid %s: %v", want, err))
	}
}

// typeError reports a value of the wrong type. terraform-json decodes
// configuration itself, so the offsets of errors inside it count from the
// start of an expression, and which of several bad expressions is
// reported varies from run to run: such errors point at the section and
// name no value.
func (d *reader) typeError(typ *json.UnmarshalTypeError, want string) {
	section, _, _ := strings.Cut(typ.Field, ".")
	off := int(typ.Offset) - 1
	switch section {
	case "configuration":
		d.diags = append(d.diags, d.errorAt(d.members[section], CodeInvalid,
			"not a valid %s: its configuration has values of the wrong JSON type", want))
		return
	}
	d.diags = append(d.diags, d.errorAt(valueStart(d.data, off), CodeInvalid,
		"not a valid %s: %s is a JSON %s", want, typ.Field, typ.Value))
}

// topMembers reads data, a JSON object, in one pass: each top-level
// member's value (sharing data's bytes) and its offset. A key given twice
// keeps its first offset and its last value, as encoding/json does. On
// malformed input the error is encoding/json's, with its offset.
func topMembers(data []byte) (map[string]json.RawMessage, map[string]int, error) {
	values, offsets := map[string]json.RawMessage{}, map[string]int{}
	malformed := func() (map[string]json.RawMessage, map[string]int, error) {
		var m map[string]json.RawMessage
		err := json.Unmarshal(data, &m)
		if err == nil {
			err = errors.New("malformed JSON object") // not expected: the decoder disagreed
		}
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return malformed()
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return malformed()
		}
		off := int(dec.InputOffset())
		off += len(data[off:]) - len(bytes.TrimLeft(data[off:], " \t\r\n:"))
		var skip struct{}
		var typ *json.UnmarshalTypeError
		if err := dec.Decode(&skip); err != nil && !errors.As(err, &typ) {
			return malformed()
		}
		k := key.(string)
		values[k] = data[off:dec.InputOffset()]
		if _, dup := offsets[k]; !dup {
			offsets[k] = off
		}
	}
	if _, err := dec.Token(); err != nil {
		return malformed()
	}
	if _, err := dec.Token(); err != io.EOF {
		return malformed()
	}
	return values, offsets, nil
}

// valueStart returns the offset where the JSON value whose last byte is at
// last begins. encoding/json reports the end of a wrong-typed string,
// number or literal, but the start of an object or array.
func valueStart(data []byte, last int) int {
	if last < 0 || last >= len(data) {
		return last
	}
	if data[last] == '"' {
		for i := last - 1; i >= 0; i-- {
			if data[i] == '"' && !escaped(data, i) {
				return i
			}
		}
		return last
	}
	i := last
	for i > 0 && strings.IndexByte("0123456789+-.eEtruefalsn", data[i-1]) >= 0 {
		i--
	}
	return i
}

// escaped reports whether data[i] follows an odd number of backslashes.
func escaped(data []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && data[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// errorAt makes an error diagnostic at byte offset off.
func (d *reader) errorAt(off int, code, format string, args ...any) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.SeverityError,
		Code:     code,
		Message:  fmt.Sprintf(format, args...),
		Source:   d.pos(off),
	}
}

// pos converts a byte offset to a position; columns count characters.
// Offsets asked for in increasing order on one line (resources of a
// one-line plan) are counted from the previous one, not the line start.
func (d *reader) pos(off int) model.Pos {
	if d.lines == nil {
		d.lines = []int{0}
		for i, c := range d.data {
			if c == '\n' {
				d.lines = append(d.lines, i+1)
			}
		}
	}
	off = min(max(off, 0), len(d.data))
	line := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > off }) - 1
	from, col := d.lines[line], 1
	if d.last.Line == line+1 && d.lastOff <= off {
		from, col = d.lastOff, d.last.Column
	}
	col += utf8.RuneCount(d.data[from:off])
	d.last, d.lastOff = model.Pos{File: d.file, Line: line + 1, Column: col}, off
	return d.last
}

// addressPos returns the position of the first "address" key naming
// address, or the file's.
func (d *reader) addressPos(address string) model.Pos {
	if off, ok := d.addresses[address]; ok {
		return d.pos(off)
	}
	return model.Pos{File: d.file}
}

// indexAddresses finds each `"address": "..."` member in data and returns
// the offset of the first one for each address.
func indexAddresses(data []byte) map[string]int {
	key := []byte(`"address"`)
	out := map[string]int{}
	for off := 0; ; {
		i := bytes.Index(data[off:], key)
		if i < 0 {
			return out
		}
		start := off + i
		off = start + len(key)
		if s, ok := stringMember(data[off:]); ok {
			if _, dup := out[s]; !dup {
				out[s] = start
			}
		}
	}
}

// stringMember decodes the `: "..."` that follows a member name.
func stringMember(rest []byte) (string, bool) {
	rest = bytes.TrimLeft(rest, " \t\r\n")
	rest, ok := bytes.CutPrefix(rest, []byte(":"))
	if !ok {
		return "", false
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if len(rest) == 0 || rest[0] != '"' {
		return "", false
	}
	end := 1
	for end < len(rest) && rest[end] != '"' {
		if rest[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(rest) {
		return "", false
	}
	var s string
	if json.Unmarshal(rest[:end+1], &s) != nil {
		return "", false
	}
	return s, true
}

// abbreviate shortens raw JSON for a message.
func abbreviate(raw json.RawMessage) string {
	const n = 40
	if len(raw) > n {
		return string(raw[:n]) + "..."
	}
	return string(raw)
}
