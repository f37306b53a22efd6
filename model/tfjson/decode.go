package tfjson

import (
	"bytes"
	"errors"
	"io"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	hcjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
)

// The file is decoded in one pass with github.com/go-json-experiment/json
// (the prototype of encoding/json/v2), straight into the few fields
// vpctrace reads, and each resource's values straight into cty. A plan of
// 94,000 resource
// instances would otherwise take three passes of encoding/json and a
// generic tree of every value, several times the file's size in memory.
// Only the configuration section is handed to terraform-json, which
// decodes its expressions itself.

// decoded is what vpctrace reads of a plan or state file.
type decoded struct {
	top
	plannedValues *stateValues      // a plan's planned_values
	values        *stateValues      // a state's values
	changes       []*resourceChange // a plan's resource_changes
	priorState    *struct {
		Values *stateValues `json:"values"`
	}
	variables map[string]*planVariable // a plan's root variables
	config    *hcjson.Config           // a plan's configuration
	rawConfig jsontext.Value
}

// top is what the top-level object says about the file's kind.
type top struct {
	members       map[string]int // byte offset of each member's value (the first, if repeated)
	formatVersion jsontext.Value // the last format_version's value, or nil
}

// has reports whether the file has a top-level member named name.
func (t top) has(name string) bool {
	_, ok := t.members[name]
	return ok
}

// stateValues is a plan's planned_values or a state's values.
type stateValues struct {
	RootModule *stateModule `json:"root_module"`
}

// stateModule is one module instance of a stateValues.
type stateModule struct {
	Address      string           `json:"address"`
	Resources    []*stateResource `json:"resources"`
	ChildModules []*stateModule   `json:"child_modules"`
}

// stateResource is one resource instance of a stateModule.
type stateResource struct {
	Address    string         `json:"address"`
	Mode       string         `json:"mode"`
	Type       string         `json:"type"`
	Name       string         `json:"name"`
	Index      jsontext.Value `json:"index"`
	Values     attributes     `json:"values"`
	Sensitive  markers        `json:"sensitive_values"`
	DeposedKey string         `json:"deposed_key"`
}

// keyed reports whether the instance has an instance key.
func (r *stateResource) keyed() bool {
	return len(r.Index) > 0 && r.Index.Kind() != 'n'
}

// resourceChange is the part of a plan's resource change vpctrace reads:
// not the before and after values (after repeats planned_values), which
// take most of a big plan.
type resourceChange struct {
	Address    string `json:"address"`
	DeposedKey string `json:"deposed"`
	Change     *struct {
		Actions      hcjson.Actions `json:"actions"`
		AfterUnknown markers        `json:"after_unknown"`
	} `json:"change"`
}

// planVariable is a plan's value for a root variable.
type planVariable struct {
	Value ctyValue `json:"value"`
}

// decoderOptions accept what encoding/json accepts: a name given twice
// (the last value counts) and invalid UTF-8 (replaced).
var decoderOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// decodeFile decodes data, a plan or state, in one pass. The error is a
// *jsontext.SyntacticError for malformed JSON, a *json.SemanticError for
// a value of the wrong type, or errNotObject.
func decodeFile(data []byte) (*decoded, error) {
	f := &decoded{}
	into := map[string]any{
		"planned_values":   &f.plannedValues,
		"values":           &f.values,
		"resource_changes": &f.changes,
		"prior_state":      &f.priorState,
		"variables":        &f.variables,
		"configuration":    &f.rawConfig,
	}
	err := walkTop(data, &f.top, func(name string, dec *jsontext.Decoder) error {
		if v, ok := into[name]; ok {
			return json.UnmarshalDecode(dec, v)
		}
		return dec.SkipValue()
	})
	return f, err
}

// errNotObject is walkTop's error for JSON that is not an object; the
// kind is the value's.
type errNotObject struct{ kind jsontext.Kind }

func (e errNotObject) Error() string { return "not a JSON object" }

// walkTop reads data, which must be one JSON object, and calls member for
// each member's value, with the decoder before the value; member must
// read exactly that value. It records the members' offsets and the
// format_version in t.
func walkTop(data []byte, t *top, member func(name string, dec *jsontext.Decoder) error) error {
	t.members = map[string]int{}
	dec := jsontext.NewDecoder(bytes.NewBuffer(data), decoderOptions...)
	if k := dec.PeekKind(); k != '{' {
		if _, err := dec.ReadValue(); err != nil {
			return err
		}
		return errNotObject{k}
	}
	err := readMembers(dec, func(name string) error {
		// The value starts after the colon and white space that follow.
		off := int(dec.InputOffset())
		off += len(data[off:]) - len(bytes.TrimLeft(data[off:], " \t\r\n:"))
		if _, dup := t.members[name]; !dup {
			t.members[name] = off
		}
		if name != "format_version" {
			return member(name, dec)
		}
		v, err := dec.ReadValue()
		t.formatVersion = v.Clone()
		return err
	})
	if err != nil {
		return err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		if err == nil {
			// More after the object: report it as encoding/json does.
			return &jsontext.SyntacticError{ByteOffset: dec.InputOffset(), Err: errors.New("invalid character after top-level value")}
		}
		return err
	}
	return nil
}

// scanTop checks that data is one JSON object and reads its members'
// offsets and format_version, skipping the rest.
func scanTop(data []byte) (top, error) {
	var t top
	err := walkTop(data, &t, func(_ string, dec *jsontext.Decoder) error { return dec.SkipValue() })
	return t, err
}

// attributes is a JSON object (or null, no attributes) decoded to cty
// attribute values. The object itself is built only once the plan's
// markers for it are known (reader.resource), so that a big plan's values
// are never held twice.
type attributes map[string]cty.Value

// UnmarshalJSONFrom decodes an object or null, or reports the wrong JSON
// type.
func (a *attributes) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch k := dec.PeekKind(); k {
	case '{':
		attrs, err := readAttributes(dec)
		*a = attrs
		return err
	case 'n', 0:
		_, err := dec.ReadToken()
		return err
	default:
		return &json.SemanticError{JSONKind: k}
	}
}

// ctyValue is any JSON value decoded to cty.
type ctyValue struct{ v cty.Value }

// UnmarshalJSONFrom decodes a value.
func (c *ctyValue) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := readValue(dec)
	c.v = v
	return err
}

// value returns the value, null when absent.
func (c ctyValue) value() cty.Value {
	if c.v == cty.NilVal {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return c.v
}

// readValue reads one JSON value as cty: objects become objects, arrays
// tuples, null a null of unknown type.
func readValue(dec *jsontext.Decoder) (cty.Value, error) {
	switch dec.PeekKind() {
	case '{':
		attrs, err := readAttributes(dec)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.ObjectVal(attrs), nil
	case '[':
		var elems []cty.Value
		err := readElements(dec, func() error {
			v, err := readValue(dec)
			elems = append(elems, v)
			return err
		})
		if err != nil {
			return cty.NilVal, err
		}
		if len(elems) == 0 {
			return cty.EmptyTupleVal, nil
		}
		return cty.TupleVal(elems), nil
	case '0':
		raw, err := dec.ReadValue()
		if err != nil {
			return cty.NilVal, err
		}
		return number(string(raw)), nil
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return cty.NilVal, err
	}
	switch tok.Kind() {
	case '"':
		return cty.StringVal(tok.String()), nil
	case 't', 'f':
		return cty.BoolVal(tok.Bool()), nil
	}
	return cty.NullVal(cty.DynamicPseudoType), nil
}

// readAttributes reads a JSON object's members as cty values.
func readAttributes(dec *jsontext.Decoder) (map[string]cty.Value, error) {
	attrs := map[string]cty.Value{}
	err := readMembers(dec, func(name string) error {
		v, err := readValue(dec)
		attrs[name] = v
		return err
	})
	return attrs, err
}

// readMembers reads a JSON object, calling member with each member's name
// to read its value.
func readMembers(dec *jsontext.Decoder, member func(name string) error) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := member(tok.String()); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// readElements reads a JSON array, calling element to read each element.
func readElements(dec *jsontext.Decoder, element func() error) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != ']' {
		if err := element(); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// markers is a plan's after_unknown or sensitive_values structure, with
// only what marks something: true, and the objects (map[string]any) and
// arrays ([]any) that hold a true. Everything else, false included, is
// nil.
type markers struct{ m any }

// UnmarshalJSONFrom decodes a marker structure.
func (m *markers) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := readMarkers(dec)
	m.m = v
	return err
}

// readMarkers reads one JSON value of a marker structure.
func readMarkers(dec *jsontext.Decoder) (any, error) {
	switch dec.PeekKind() {
	case '{':
		var out map[string]any
		err := readMembers(dec, func(name string) error {
			v, err := readMarkers(dec)
			switch {
			case v != nil && out == nil:
				out = map[string]any{name: v}
			case v != nil:
				out[name] = v
			default:
				delete(out, name) // a repeated name: the last counts
			}
			return err
		})
		if err != nil || out == nil {
			return nil, err
		}
		return out, nil
	case '[':
		var out []any
		marked := false
		err := readElements(dec, func() error {
			v, err := readMarkers(dec)
			out = append(out, v)
			marked = marked || v != nil
			return err
		})
		if err != nil || !marked {
			return nil, err
		}
		return out, nil
	case 't':
		_, err := dec.ReadToken()
		return true, err
	}
	return nil, dec.SkipValue()
}
