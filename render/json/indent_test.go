package json

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// indentCases are compact JSON values that exercise appendIndent: strings
// with escaped quotes and backslashes, punctuation inside strings, empty
// and nested objects and arrays, and scalars.
var indentCases = []string{
	`{}`,
	`[]`,
	`""`,
	`"a"`,
	`1`,
	`true`,
	`null`,
	`{"a":1}`,
	`[1,2,3]`,
	`{"a":[],"b":{},"c":[{}],"d":[[],[1]]}`,
	`{"s":"x\"y","t":"\\","u":"\\\"","v":"\\\\"}`,
	`{"p":"{[,:]}","q":"a\"b,c:d[e]{f}\\"}`,
	`{"html":"<a href=\"x\">&amp;</a>","uni":"\u2028 é ✓ \u001f"}`,
	`[{"k":"v","n":-1.5e3,"f":false},{"k":"","n":0,"f":true}]`,
	`{"":{"":[""]}}`,
}

// FuzzAppendIndent checks appendIndent against json.Indent with the same
// prefix, on every valid JSON value made compact by json.Compact.
func FuzzAppendIndent(f *testing.F) {
	for _, c := range indentCases {
		f.Add([]byte(c), uint8(0))
		f.Add([]byte(c), uint8(2))
	}
	f.Fuzz(func(t *testing.T, in []byte, depth uint8) {
		var compact bytes.Buffer
		if err := json.Compact(&compact, in); err != nil {
			return
		}
		d := int(depth % 8)
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), strings.Repeat(indent, d), indent); err != nil {
			t.Fatalf("json.Indent of compact %q: %v", compact.Bytes(), err)
		}
		if got := appendIndent([]byte("x"), compact.Bytes(), d); !bytes.Equal(got[1:], want.Bytes()) || got[0] != 'x' {
			t.Errorf("appendIndent(%q, %d):\ngot  %q\nwant x%q", compact.Bytes(), d, got, want.Bytes())
		}
	})
}
