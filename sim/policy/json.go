package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// A kind is the JSON type of a value.
type kind int

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// A value is a JSON value that remembers where it starts in the document,
// so that shape errors can name a line and column.
type value struct {
	off     int // byte offset of the value's first character
	kind    kind
	text    string   // strings, and the literal text of numbers
	bool    bool     // booleans
	elems   []*value // arrays
	members []member // objects, in document order
}

// A member is one key and value of a JSON object.
type member struct {
	key    string
	keyOff int
	val    *value
}

// describe names v for an error message: its type, and for scalars its value.
func (v *value) describe() string {
	switch v.kind {
	case kindNull:
		return "null"
	case kindBool:
		return fmt.Sprint(v.bool)
	case kindNumber:
		return "number " + v.text
	case kindString:
		return fmt.Sprintf("%q", shorten(v.text, 60))
	case kindArray:
		return "array"
	}
	return "object"
}

// shorten cuts s to at most n bytes, at a character boundary, marking the
// cut with "...".
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("...")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// readJSON decodes doc into a tree of values. Syntax errors carry the
// position that json.SyntaxError.Offset gives.
func readJSON(doc string) (*value, error) {
	var raw json.RawMessage
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off := int(se.Offset) - 1 // the offending character was the last one read
			if strings.HasPrefix(se.Error(), "unexpected end") {
				off = len(doc)
			}
			return nil, newError(doc, off, se.Error())
		}
		return nil, newError(doc, 0, err.Error())
	}
	r := &reader{doc: doc, dec: json.NewDecoder(strings.NewReader(doc))}
	r.dec.UseNumber()
	return r.value()
}

// A reader walks a document that is known to be valid JSON, token by token.
type reader struct {
	doc string
	dec *json.Decoder
}

// next returns the offset of the next token: the decoder's offset, past any
// white space and separators.
func (r *reader) next() int {
	off := int(r.dec.InputOffset())
	for off < len(r.doc) && strings.IndexByte(" \t\r\n,:", r.doc[off]) >= 0 {
		off++
	}
	return off
}

func (r *reader) value() (*value, error) {
	v := &value{off: r.next()}
	tok, err := r.dec.Token()
	if err != nil {
		return nil, newError(r.doc, v.off, err.Error())
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			v.kind = kindArray
			return v, r.array(v)
		}
		v.kind = kindObject
		return v, r.object(v)
	case string:
		v.kind, v.text = kindString, t
	case json.Number:
		v.kind, v.text = kindNumber, string(t)
	case bool:
		v.kind, v.bool = kindBool, t
	}
	return v, nil
}

func (r *reader) array(v *value) error {
	for r.dec.More() {
		e, err := r.value()
		if err != nil {
			return err
		}
		v.elems = append(v.elems, e)
	}
	_, err := r.dec.Token() // ']'
	return err
}

func (r *reader) object(v *value) error {
	for r.dec.More() {
		off := r.next()
		key, err := r.dec.Token()
		if err != nil {
			return err
		}
		val, err := r.value()
		if err != nil {
			return err
		}
		name, _ := key.(string) // keys of valid JSON are strings
		v.members = append(v.members, member{key: name, keyOff: off, val: val})
	}
	_, err := r.dec.Token() // '}'
	return err
}
