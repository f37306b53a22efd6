package snapshot

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// index maps each value of a JSON document to the byte offset where it
// begins, by its JSON pointer (RFC 6901): "" for the document, "/Vpcs/0"
// for the first VPC, "/Vpcs/0/CidrBlock" for its CIDR.
type index map[string]int

// indexJSON indexes data, which must be one JSON value; it returns the
// syntax error of data that is not. It checks data with encoding/json,
// then scans it once, which is several times faster than walking
// json.Decoder's tokens.
func indexJSON(data []byte) (index, error) {
	var probe json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return index{}, err
	}
	type frame struct {
		ptr   string
		array bool
		n     int // the next element's index, in an array
	}
	idx := make(index, bytes.Count(data, []byte{':'})+1)
	var stack []frame
	key, inKey := "", false // an object's next token is a key (or its end)
	// done ends a value in its parent.
	done := func() {
		n := len(stack)
		inKey = n > 0 && !stack[n-1].array
		if n > 0 && stack[n-1].array {
			stack[n-1].n++
		}
	}
	for i := skipSeparators(data, 0); i < len(data); i = skipSeparators(data, i) {
		c := data[i]
		switch {
		case c == '}' || c == ']':
			stack = stack[:len(stack)-1]
			i++
			done()
			continue
		case inKey:
			end := stringEnd(data, i)
			key, inKey = unquote(data[i:end]), false
			i = end
			continue
		}
		ptr := ""
		if n := len(stack); n > 0 && stack[n-1].array {
			ptr = stack[n-1].ptr + "/" + strconv.Itoa(stack[n-1].n)
		} else if n > 0 {
			ptr = stack[n-1].ptr + "/" + escapePointer(key)
		}
		idx[ptr] = i
		switch c {
		case '{', '[':
			stack = append(stack, frame{ptr: ptr, array: c == '['})
			inKey = c == '{'
			i++
		case '"':
			i = stringEnd(data, i)
			done()
		default: // a number, true, false or null
			for i < len(data) && !strings.ContainsRune(",}] \t\r\n", rune(data[i])) {
				i++
			}
			done()
		}
	}
	return idx, nil
}

// stringEnd returns the offset just after the JSON string that begins at
// data[i].
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// unquote is the value of a JSON string literal.
func unquote(lit []byte) string {
	if inner := lit[1 : len(lit)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner)
	}
	var s string
	_ = json.Unmarshal(lit, &s)
	return s
}

// skipSeparators returns the offset of the first byte at or after i that
// is neither white space nor a separator (':' or ',').
func skipSeparators(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n', ':', ',':
			i++
		default:
			return i
		}
	}
	return i
}

// escapePointer escapes a key as a JSON pointer token.
func escapePointer(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return pointerEscaper.Replace(key)
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")
