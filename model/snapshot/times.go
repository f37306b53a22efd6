package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"
)

// spacedTime matches a timestamp written with a space between date and
// time ("2020-03-03 01:21:01+00:00"), as tools that print the SDK's values
// with Python's str() write it, inside a JSON string.
var spacedTime = regexp.MustCompile(`"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))"`)

// unmarshalSDK decodes raw into v, a value of the AWS SDK's types; when a
// timestamp does not parse, once more with normaliseTimes.
func unmarshalSDK(raw []byte, v any) error {
	err := json.Unmarshal(raw, v)
	var parse *time.ParseError
	if errors.As(err, &parse) {
		err = json.Unmarshal(normaliseTimes(raw), v)
	}
	return err
}

// normaliseTimes rewrites the timestamps of data that RFC 3339 does not
// read into its form, byte for byte as long, so that every position stays
// where it was: the space between date and time becomes a T. vpctrace
// uses no timestamp; this only keeps them from failing a response.
func normaliseTimes(data []byte) []byte {
	return spacedTime.ReplaceAllFunc(data, func(m []byte) []byte {
		m = bytes.Clone(m)
		m[11] = 'T'
		return m
	})
}

// blankEpochTimes replaces, in raw (the value at JSON pointer base of d),
// the numbers that stand where T has a time.Time with null padded to the
// same length: with cli_timestamp_format = none the AWS CLI prints the
// timestamps of JSON services (ECS) as seconds since the epoch, which the
// SDK's types do not read (aws-rules 11.1.1).
func blankEpochTimes[T any](d *doc, base string, raw []byte) []byte {
	names := timeFields(reflect.TypeFor[T]())
	if len(names) == 0 {
		return raw
	}
	start, ok := d.idx[base]
	if !ok {
		return raw
	}
	var out []byte
	for ptr, off := range d.idx {
		if !strings.HasPrefix(ptr, base+"/") || !names[strings.ToLower(ptr[strings.LastIndexByte(ptr, '/')+1:])] {
			continue
		}
		i := off - start
		if i < 0 || i >= len(raw) || !isNumberStart(raw[i]) {
			continue
		}
		end := i
		for end < len(raw) && isNumberByte(raw[end]) {
			end++
		}
		if end-i < len("null") {
			continue
		}
		if out == nil {
			out = bytes.Clone(raw)
		}
		copy(out[i:end], "null"+strings.Repeat(" ", end-i-len("null")))
	}
	if out == nil {
		return raw
	}
	return out
}

func isNumberStart(c byte) bool { return c == '-' || c >= '0' && c <= '9' }

func isNumberByte(c byte) bool {
	return isNumberStart(c) || c == '.' || c == 'e' || c == 'E' || c == '+'
}

var timeFieldCache sync.Map // reflect.Type -> map[string]bool

// timeFields lists, lower-cased, the names of the time.Time fields of t and
// of the structs it holds, at any depth.
func timeFields(t reflect.Type) map[string]bool {
	if v, ok := timeFieldCache.Load(t); ok {
		return v.(map[string]bool)
	}
	names := map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft == reflect.TypeFor[time.Time]() {
				names[strings.ToLower(f.Name)] = true
				continue
			}
			walk(f.Type)
		}
	}
	walk(t)
	timeFieldCache.Store(t, names)
	return names
}
