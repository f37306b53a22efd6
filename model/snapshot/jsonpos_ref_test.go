package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// tokenIndex is indexJSON written with json.Decoder's tokens, slower and
// plainly right: FuzzIndexJSON checks that the two agree.
func tokenIndex(data []byte) (index, error) {
	type frame struct {
		ptr   string
		array bool
		n     int    // the next element's index, in an array
		key   string // the key just read, in an object
		inKey bool   // an object's next token is a key (or its end)
	}
	idx := index{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	// done ends a value in its parent: the next token is the parent's next
	// key or element, or its end.
	done := func() {
		if len(stack) == 0 {
			return
		}
		if top := &stack[len(stack)-1]; top.array {
			top.n++
		} else {
			top.inKey = true
		}
	}
	for {
		start := skipSeparators(data, int(dec.InputOffset()))
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 || len(idx) == 0 {
				return idx, &json.SyntaxError{Offset: int64(len(data))}
			}
			return idx, nil
		}
		if err != nil {
			return idx, err
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			done()
			continue
		}
		if _, ok := idx[""]; ok && len(stack) == 0 {
			return idx, &json.SyntaxError{Offset: int64(start)}
		}
		ptr := ""
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			switch {
			case !top.array && top.inKey:
				top.key, top.inKey = tok.(string), false
				continue
			case top.array:
				ptr = top.ptr + "/" + strconv.Itoa(top.n)
			default:
				ptr = top.ptr + "/" + escapePointer(top.key)
			}
		}
		idx[ptr] = start
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{ptr: ptr, array: d == '[', inKey: d == '{'})
			continue
		}
		done()
	}
}
