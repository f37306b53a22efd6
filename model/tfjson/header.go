package tfjson

import (
	"bytes"
	jsonv1 "encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	version "github.com/hashicorp/go-version"
	hcjson "github.com/hashicorp/terraform-json"

	"github.com/vpctrace/vpctrace/internal/textpos"
	"github.com/vpctrace/vpctrace/model"
)

// load decodes the file and checks that it is a plan or state with a
// supported format_version. On failure it reports why, the header's
// faults (not an object, no format_version, neither planned_values nor
// values) before any in the values.
func (d *reader) load() (*decoded, bool) {
	f, err := decodeFile(d.data)
	if err != nil {
		t, scanErr := scanTop(d.data)
		if scanErr != nil {
			d.jsonError(scanErr, "JSON object")
			return nil, false
		}
		d.members = t.members
		if d.header(t) {
			d.jsonError(err, kind(t))
		}
		return nil, false
	}
	d.members = f.members
	if !d.header(f.top) || !d.decodeConfig(f) {
		return nil, false
	}
	return f, true
}

// kind names what the file claims to be.
func kind(t top) string {
	if t.has("planned_values") {
		return "Terraform plan"
	}
	return "Terraform state"
}

// header checks that the file has a supported format_version and
// planned_values or values.
func (d *reader) header(t top) bool {
	if t.formatVersion == nil {
		d.diags = append(d.diags, d.errorAt(0, CodeNotTerraform,
			"%s has no format_version: it is not a plan or state printed by terraform show -json", d.file))
		return false
	}
	if !d.checkVersion(t.formatVersion) {
		return false
	}
	if !t.has("planned_values") && !t.has("values") {
		d.diags = append(d.diags, d.errorAt(0, CodeNotTerraform,
			"%s has neither planned_values nor values: it is not a plan or a non-empty state printed by terraform show -json", d.file))
		return false
	}
	return true
}

// checkVersion reports whether format_version is one terraform-json reads.
func (d *reader) checkVersion(raw jsontext.Value) bool {
	at := d.members["format_version"]
	var s string
	if raw.Kind() != '"' || json.Unmarshal(raw, &s) != nil {
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

// decodeConfig decodes a plan's configuration with terraform-json, which
// decodes expressions itself: the offsets of its errors count from the
// start of an expression, and which of several bad expressions it reports
// varies from run to run, so such errors point at the section and name no
// value.
func (d *reader) decodeConfig(f *decoded) bool {
	if len(f.rawConfig) == 0 || f.rawConfig.Kind() == 'n' {
		return true
	}
	f.config = &hcjson.Config{}
	err := jsonv1.Unmarshal(f.rawConfig, f.config)
	if err == nil {
		return true
	}
	msg := "its configuration has values of the wrong JSON type"
	if _, ok := errors.AsType[*jsonv1.UnmarshalTypeError](err); !ok {
		msg = fmt.Sprintf("its configuration is not valid: %v", err)
	}
	d.diags = append(d.diags, d.errorAt(d.members["configuration"], CodeInvalid, "not a valid %s: %s", kind(f.top), msg))
	return false
}

// jsonError reports a decoding error at its offset: malformed JSON, or
// JSON that does not have the shape of want.
func (d *reader) jsonError(err error, want string) {
	var notObject errNotObject
	var syntax *jsontext.SyntacticError
	var semantic *json.SemanticError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		d.diags = append(d.diags, d.errorAt(len(d.data)-1, CodeSyntax, "invalid JSON: unexpected end of JSON input"))
	case errors.As(err, &notObject):
		off := len(d.data) - len(bytes.TrimLeft(d.data, " \t\r\n"))
		d.diags = append(d.diags, d.errorAt(off, CodeNotTerraform,
			"%s holds a JSON %s, not a %s: it is not a plan or state printed by terraform show -json", d.file, kindName(notObject.kind), want))
	case errors.As(err, &syntax):
		d.diags = append(d.diags, d.errorAt(int(syntax.ByteOffset), CodeSyntax, "invalid JSON: %v", syntax.Err))
	case errors.As(err, &semantic) && semantic.JSONPointer != "":
		d.diags = append(d.diags, d.errorAt(int(semantic.ByteOffset), CodeInvalid,
			"not a valid %s: %s is a JSON %s", want, dotted(semantic.JSONPointer), kindName(semantic.JSONKind)))
	default:
		d.diags = append(d.diags, d.errorAt(0, CodeInvalid, "not a valid %s: %v", want, err))
	}
}

// kindName names a JSON kind.
func kindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "value"
}

// dotted writes a JSON pointer as Terraform's JSON documentation names
// fields: "planned_values.root_module.resources[0].values".
func dotted(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
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
func (d *reader) pos(off int) model.Pos {
	if d.text == nil {
		d.text = textpos.New(d.data)
	}
	line, col := d.text.Pos(off)
	return model.Pos{File: d.file, Line: line, Column: col}
}

// addressPos returns the position of the first "address" key naming
// address, or the file's.
func (d *reader) addressPos(address string) model.Pos {
	if pos, ok := d.addresses[address]; ok {
		return pos
	}
	return model.Pos{File: d.file}
}

// index finds the position of each address and of the variables member,
// then lets the file's bytes go: they are a big plan's largest part, and
// the values decoded from them are all that is read after.
func (d *reader) index() {
	d.addresses = map[string]model.Pos{}
	// In file order, which pos counts fastest.
	indexAddresses(d.data, func(address string, off int) {
		if _, dup := d.addresses[address]; !dup {
			d.addresses[address] = d.pos(off)
		}
	})
	if off, ok := d.members["variables"]; ok {
		d.variables = d.pos(off)
	}
	d.data, d.text = nil, nil
}

// indexAddresses finds each `"address": "..."` member in data and calls
// found with the address and the member's offset, in file order.
func indexAddresses(data []byte, found func(address string, off int)) {
	key := []byte(`"address"`)
	for off := 0; ; {
		i := bytes.Index(data[off:], key)
		if i < 0 {
			return
		}
		start := off + i
		off = start + len(key)
		if s, ok := stringMember(data[off:]); ok {
			found(s, start)
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
	if bytes.IndexByte(rest[1:end], '\\') < 0 && utf8.Valid(rest[1:end]) {
		return string(rest[1:end]), true // nothing to unescape
	}
	var s string
	if jsonv1.Unmarshal(rest[:end+1], &s) != nil {
		return "", false
	}
	return s, true
}

// abbreviate shortens raw JSON for a message.
func abbreviate(raw []byte) string {
	const n = 40
	if len(raw) > n {
		return string(raw[:n]) + "..."
	}
	return string(raw)
}
