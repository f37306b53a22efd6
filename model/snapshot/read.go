package snapshot

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/internal/textpos"
	"github.com/vpctrace/vpctrace/model"
)

// Diagnostic codes of the snapshot reader, besides model.Validate's.
const (
	// CodeInvalidJSON marks a file that is not JSON, or a value of a
	// response whose type is not the one the AWS API gives it.
	CodeInvalidJSON = "snapshot-invalid-json"
	// CodeNotRecognised marks a JSON file that is no response vpctrace
	// reads; it is left out.
	CodeNotRecognised = "snapshot-not-recognised"
	// CodeMissing marks what the folder lacks: the command that would
	// supply it is in the message, and the settings it gives are in
	// World.Unknowns.
	CodeMissing = "missing-from-snapshot"
	// CodeInternal marks a bug of the reader, which it reports instead of
	// crashing.
	CodeInternal = "internal-error"
	// CodeConflict marks files that disagree: two regions or accounts,
	// or one object described twice differently.
	CodeConflict = "snapshot-conflict"
)

// MetaFile is the optional file that says which region and account a
// snapshot is of, and when it was collected.
const MetaFile = "snapshot.json"

// Meta is the content of MetaFile.
type Meta struct {
	Region      string `json:"region"`
	Account     string `json:"account"`
	CollectedAt string `json:"collected_at"`
}

// MaxFileSize is the largest file Load reads.
var MaxFileSize int64 = 256 << 20

// doc is one JSON file of the snapshot.
type doc struct {
	path string // as positions name it
	data []byte
	top  map[string]json.RawMessage
	idx  index
	// lines turns byte offsets into lines and columns (lineCol).
	lines *textpos.Index
}

// lineCol is the line and column (in characters) of byte offset off.
func (d *doc) lineCol(off int) (line, col int) {
	if d.lines == nil {
		d.lines = textpos.New(d.data)
	}
	return d.lines.Pos(off)
}

// pos is the position of the value at JSON pointer ptr (see index), or of
// the file when the pointer is not in it.
func (d *doc) pos(ptr string) model.Pos {
	off, ok := d.idx[ptr]
	if !ok {
		return model.Pos{File: d.path}
	}
	line, col := d.lineCol(off)
	return model.Pos{File: d.path, Line: line, Column: col}
}

// posf is pos of the pointer fmt.Sprintf(format, args...).
func (d *doc) posf(format string, args ...any) model.Pos {
	return d.pos(fmt.Sprintf(format, args...))
}

// nameID returns the first word of the file's base name that starts with
// prefix ("pl-", "tgw-rtb-", "Z", "fsmt-"), for the responses that do not
// say which object they describe.
func (d *doc) nameID(prefix string) string {
	base := strings.TrimSuffix(filepath.Base(d.path), filepath.Ext(d.path))
	for _, w := range strings.FieldsFunc(base, func(r rune) bool { return r == '_' || r == '.' || r == ' ' || r == '@' }) {
		if i := strings.Index(w, prefix); i >= 0 && (i == 0 || w[i-1] == '-') && len(w) > i+len(prefix) {
			return w[i:]
		}
	}
	return ""
}

// kind is one AWS CLI response vpctrace reads.
type kind struct {
	// command is the CLI command that prints it, e.g. "aws ec2
	// describe-vpcs".
	command string
	// key is the response's top-level key that marks it ("Vpcs").
	key string
	// match, when set, tells this response from another with the same key
	// (describe-prefix-lists and describe-managed-prefix-lists both give
	// PrefixLists). Without it, the key's value must be a list of objects,
	// or an object when object is set: JSON that merely has the key (the
	// --cli-input-json of aws ecs create-service has a taskDefinition
	// string) is not a response.
	match func(top map[string]json.RawMessage) bool
	// object is set for the responses whose key holds one object
	// (describe-task-definition's taskDefinition).
	object bool
	// decode reads the response into the builder.
	decode func(b *builder, d *doc)
}

// kinds are the responses vpctrace reads, in the order they are decoded.
func kinds() []kind {
	return slices.Concat(ec2Kinds, transitKinds, route53Kinds, ecsKinds, efsKinds)
}

// recognise returns the kind of the response d, if it is one.
func recognise(d *doc, ks []kind) (kind, bool) {
	for _, k := range ks {
		raw, ok := d.top[k.key]
		if !ok {
			continue
		}
		if k.match != nil && k.match(d.top) || k.match == nil && shaped(raw, k.object) {
			return k, true
		}
	}
	return kind{}, false
}

// shaped reports whether raw is a JSON object (object), or else a list
// whose first element, if any, is an object.
func shaped(raw json.RawMessage, object bool) bool {
	s := bytes.TrimLeft(raw, " \t\r\n")
	if object {
		return len(s) > 0 && s[0] == '{'
	}
	if len(s) == 0 || s[0] != '[' {
		return false
	}
	s = bytes.TrimLeft(s[1:], " \t\r\n")
	return len(s) > 0 && (s[0] == '{' || s[0] == ']')
}

// IsSnapshot reports whether dir holds an account snapshot: MetaFile, or a
// JSON file that is a response vpctrace reads. Detection runs on every
// directory given to vpctrace, Terraform roots with their plan files
// included, so a file is read whole only when its first member is the key
// of a kind: the AWS CLI prints a response's list (or object) first.
func IsSnapshot(dir string) bool {
	found := false
	ks := kinds()
	keys := map[string]bool{}
	for _, k := range ks {
		keys[k.key] = true
	}
	_ = walk(dir, func(path string) bool {
		if filepath.Base(path) == MetaFile {
			found = true
			return false
		}
		if !candidate(path, keys) {
			return true
		}
		d, err := readDoc(path, dir)
		if err == nil {
			_, found = recognise(d, ks)
		}
		return !found
	})
	return found
}

// candidate reports whether the file at path may be a response: it
// begins with a byte order mark (UTF-16 is read whole, utf8Of), or its
// first member's key, read no further, is one of keys.
func candidate(path string, keys map[string]bool) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 4<<10)
	if lead, _ := r.Peek(3); len(lead) >= 2 && (lead[0] == 0xFF && lead[1] == 0xFE || lead[0] == 0xFE && lead[1] == 0xFF ||
		len(lead) == 3 && lead[0] == 0xEF && lead[1] == 0xBB && lead[2] == 0xBF) {
		return true
	}
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	key, _ := dec.Token()
	s, ok := key.(string)
	return ok && keys[s]
}

// walk calls visit with each *.json file under dir, in lexical order of
// their paths, until visit returns false. Hidden files and folders are
// left out.
func walk(dir string, visit func(path string) bool) error {
	stop := errors.New("stop")
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir && strings.HasPrefix(e.Name(), ".") {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.IsDir() || !strings.EqualFold(filepath.Ext(path), ".json") || !e.Type().IsRegular() {
			return nil
		}
		if !visit(path) {
			return stop
		}
		return nil
	})
	if errors.Is(err, stop) {
		return nil
	}
	return err
}

// readDoc reads the JSON file path of the snapshot in dir: UTF-8, with or
// without a byte order mark, or UTF-16 with one (what Windows PowerShell's
// > writes). Its top level must be an object.
func readDoc(path, dir string) (*doc, error) {
	data, err := readfile.Regular(path, MaxFileSize)
	if err != nil {
		return nil, err
	}
	d := &doc{path: docPath(path, dir), data: utf8Of(data)}
	if err := json.Unmarshal(d.data, &d.top); err != nil {
		return d, err
	}
	return d, nil
}

// docPath is how positions name the file path of the snapshot in dir:
// the path as walked, the folder as the user gave it joined with the
// file's path inside it, so that FILE:line:col opens from where vpctrace
// ran. Tests name files relative to the folder's parent instead, to be
// independent of where they run.
var docPath = func(path, _ string) string { return path }

// utf8Of returns data as UTF-8 without a byte order mark.
func utf8Of(data []byte) []byte {
	var order func([]byte) uint16
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		order = func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		order = func(b []byte) uint16 { return uint16(b[1]) | uint16(b[0])<<8 }
	default:
		return data
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i+1 < len(data); i += 2 {
		units = append(units, order(data[i:]))
	}
	return []byte(string(utf16.Decode(units)))
}

// Load reads the snapshot folder dir into a world. Files that are not
// JSON, or whose values do not have the types the AWS API gives them, are
// errors with their position; JSON files that are no response vpctrace
// reads are warnings and left out.
func Load(dir string) (w *model.World, diags model.Diagnostics) {
	defer func() {
		// A bug here must not take the caller down with it; FuzzLoad
		// checks that this never happens.
		if r := recover(); r != nil {
			w, diags = nil, model.Diagnostics{{Severity: model.SeverityError, Code: CodeInternal, Source: model.Pos{File: dir},
				Message: fmt.Sprintf("internal error while reading the snapshot: %v (please report it)", r)}}
		}
	}()
	b := newBuilder()
	ks := kinds()
	var meta *doc
	var docs []*doc
	var kindOf []kind
	err := walk(dir, func(path string) bool {
		d, err := readDoc(path, dir)
		switch {
		case d == nil:
			b.errorf(model.Pos{File: path}, CodeInvalidJSON, "cannot read the file: %v", err)
		case err != nil:
			b.jsonError(d, 0, err)
		case filepath.Base(path) == MetaFile:
			meta = d
		default:
			k, ok := recognise(d, ks)
			if !ok {
				b.warnf(model.Pos{File: d.path}, CodeNotRecognised, "not a response vpctrace reads (top-level keys %s): left out", keys(d.top))
				return true
			}
			docs, kindOf = append(docs, d), append(kindOf, k)
			b.warnPage(d)
		}
		return true
	})
	if err != nil {
		b.errorf(model.Pos{File: dir}, CodeInvalidJSON, "cannot read the folder: %v", err)
	}
	for i, d := range docs {
		idx, err := indexJSON(d.data)
		d.idx = idx
		if err != nil {
			b.jsonError(d, 0, err)
			continue
		}
		b.seen[kindOf[i].command] = true
		kindOf[i].decode(b, d)
	}
	b.readMeta(meta)
	return b.finish()
}

// warnPage warns when response d is one page of several: it carries the
// token that asks for the next page (aws-rules 11.1.2).
func (b *builder) warnPage(d *doc) {
	for _, key := range []string{"NextToken", "nextToken"} {
		var token string
		if raw, ok := d.top[key]; ok && json.Unmarshal(raw, &token) == nil && token != "" {
			b.warnf(model.Pos{File: d.path}, CodeMissing, "this file is one page of the output (it has a %s): the objects of the other pages are missing unless their files are in the folder; run the command without --no-paginate, --max-items or --page-size (aws-rules 11.1.2)", key)
		}
	}
}

// keys lists the top-level keys of a response, sorted, for messages.
func keys(top map[string]json.RawMessage) string {
	ks := make([]string, 0, len(top))
	for k := range top {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	if len(ks) == 0 {
		return "none"
	}
	return strings.Join(ks, ", ")
}

// decodeList decodes the array under key of response d into a slice of
// the AWS SDK's type T, each with the position of its JSON. A value of
// the wrong type is an error at its position, and the list is empty.
func decodeList[T any](b *builder, d *doc, key string) []at[T] {
	raw, ok := d.top[key]
	if !ok || string(raw) == "null" {
		return nil
	}
	var vs []T
	if err := unmarshalSDK(blankEpochTimes[[]T](d, "/"+escapePointer(key), raw), &vs); err != nil {
		b.jsonError(d, d.idx["/"+escapePointer(key)], err)
		return nil
	}
	out := make([]at[T], len(vs))
	for i, v := range vs {
		out[i] = at[T]{v: v, pos: d.posf("/%s/%d", escapePointer(key), i), doc: d, ptr: fmt.Sprintf("/%s/%d", escapePointer(key), i)}
	}
	return out
}

// decodeOne decodes the object under key of response d into the AWS SDK's
// type T; false when it is missing or has the wrong type (an error).
func decodeOne[T any](b *builder, d *doc, key string) (at[T], bool) {
	raw, ok := d.top[key]
	if !ok || string(raw) == "null" {
		return at[T]{}, false
	}
	var v T
	if err := unmarshalSDK(blankEpochTimes[T](d, "/"+escapePointer(key), raw), &v); err != nil {
		b.jsonError(d, d.idx["/"+escapePointer(key)], err)
		return at[T]{}, false
	}
	ptr := "/" + escapePointer(key)
	return at[T]{v: v, pos: d.pos(ptr), doc: d, ptr: ptr}, true
}

// at is a value decoded from a response, with where it was.
type at[T any] struct {
	v   T
	pos model.Pos
	doc *doc
	ptr string // its JSON pointer in doc
}

// field is the position of a member of the value: its key path below
// the value, "Routes/0/GatewayId".
func (a at[T]) field(path string) model.Pos {
	if a.doc == nil {
		return a.pos
	}
	p := a.doc.pos(a.ptr + "/" + path)
	if p.Line == 0 {
		return a.pos
	}
	return p
}

// jsonError reports err from decoding the JSON of d, whose decoded part
// begins at byte base: a syntax error or a value of the wrong type, at
// its position.
func (b *builder) jsonError(d *doc, base int, err error) {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	off := -1
	msg := err.Error()
	switch {
	case errors.As(err, &syn):
		off = base + int(syn.Offset)
		msg = "not JSON: " + syn.Error()
		if int(syn.Offset) >= len(d.data) {
			msg = "not JSON: the file ends in the middle of a value (truncated?)"
		}
	case errors.As(err, &typ):
		off = base + int(typ.Offset)
		what := cmp.Or(typ.Field, "the value")
		if ptr, start, ok := d.valueBefore(off); ok {
			what, off = pointerPath(ptr), start
		}
		msg = fmt.Sprintf("%s is %s, but the AWS API gives it as %s", what, typ.Value, typ.Type)
	}
	p := model.Pos{File: d.path}
	if off >= 0 {
		p.Line, p.Column = d.lineCol(off)
	}
	b.errorf(p, CodeInvalidJSON, "%s", msg)
}

// valueBefore returns the innermost value of d that begins before byte
// off, the end of a value json reports: its pointer and start.
func (d *doc) valueBefore(off int) (ptr string, start int, ok bool) {
	start = -1
	for p, o := range d.idx {
		if o < off && (o > start || o == start && len(p) > len(ptr)) {
			ptr, start, ok = p, o, true
		}
	}
	return ptr, start, ok
}

// pointerPath writes a JSON pointer as a path: /Vpcs/0/IsDefault is
// Vpcs[0].IsDefault.
func pointerPath(ptr string) string {
	var b strings.Builder
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		if _, err := strconv.Atoi(tok); err == nil {
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
