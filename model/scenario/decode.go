package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model"
)

// DefaultAccount is the account ID a scenario without an account key gets.
const DefaultAccount = "123456789012"

// maxAliases bounds how many alias dereferences one file may cause, so that
// nested aliases cannot make decoding explode.
const maxAliases = 10000

// Decode parses a scenario from data, applies the format's defaults and
// validates the resulting world (model.World.Validate). filename is used in
// diagnostic positions only. The diagnostics are sorted; when any of them is
// an error the returned world is nil. Decode never panics.
func Decode(filename string, data []byte) (w *model.World, diags model.Diagnostics) {
	defer func() {
		// A bug here must not take the caller down with it; the fuzz test
		// checks that this never happens.
		if r := recover(); r != nil {
			w, diags = nil, model.Diagnostics{{
				Severity: model.SeverityError,
				Code:     CodeInternal,
				Message:  fmt.Sprintf("internal error while reading the scenario: %v (please report it)", r),
				Source:   model.Pos{File: filename, Line: 1, Column: 1},
			}}
		}
	}()
	d := &decoder{
		file:   filename,
		w:      &model.World{},
		refs:   map[model.Pos][]refSite{},
		broken: map[model.Pos]bool{},
	}
	if root, ok := d.parse(data); ok {
		d.world(root)
		if !d.structural {
			d.validate()
		}
	}
	if !d.diags.HasErrors() && len(d.w.Services) == 0 && len(d.w.TaskDefinitions) == 0 {
		d.noWorkloads(data)
	}
	d.diags.Sort()
	d.diags = slices.Compact(d.diags)
	if d.diags.HasErrors() {
		return nil, d.diags
	}
	return d.w, d.diags
}

// noWorkloads warns, at the end of the file, that the scenario declares
// nothing to trace: a file cut short still parses, and must not pass for
// one whose workloads all start.
func (d *decoder) noWorkloads(data []byte) {
	end := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		end++
	}
	d.diags = append(d.diags, model.Diagnostic{
		Severity: model.SeverityWarning,
		Code:     CodeNoWorkloads,
		Message:  "the scenario declares no services and no task definitions: nothing to trace (a scenario lists them under services: and task_definitions:; is the file complete?)",
		Source:   model.Pos{File: d.file, Line: max(end, 1), Column: 1},
	})
}

// LoadFile reads the scenario file at path and decodes it (see Decode). A
// file that cannot be read (or that is not a regular file, or holds more
// than readfile.Limit bytes) gives one error diagnostic naming the path.
func LoadFile(path string) (*model.World, model.Diagnostics) {
	data, err := readfile.Regular(path, readfile.Limit)
	if err != nil {
		return nil, model.Diagnostics{{
			Severity: model.SeverityError,
			Code:     CodeReadError,
			Message:  fmt.Sprintf("cannot read scenario file: %v", err),
			Source:   model.Pos{File: path},
		}}
	}
	return Decode(path, data)
}

// refSite is a reference to another object, as written in the file.
type refSite struct {
	id  string
	pos model.Pos
}

// decoder holds the state of one Decode call.
type decoder struct {
	file  string
	w     *model.World
	diags model.Diagnostics

	// refs records, per model value (keyed by its Source), where each ID
	// it refers to was written, so that Validate's reference errors can
	// point at the value rather than at the object.
	refs map[model.Pos][]refSite
	// broken marks model values (by Source) that already have a decoding
	// error; Validate's follow-on complaints about them are dropped.
	broken map[model.Pos]bool
	// structural is set when whole collections could not be read, so that
	// validating the partial world would only report consequences.
	structural bool
	// aliases counts alias dereferences against maxAliases.
	aliases int
}

func (d *decoder) pos(n *yaml.Node) model.Pos {
	if n == nil {
		return model.Pos{File: d.file, Line: 1, Column: 1}
	}
	return model.Pos{File: d.file, Line: n.Line, Column: n.Column}
}

func (d *decoder) errorf(pos model.Pos, code, format string, args ...any) {
	d.diags = append(d.diags, model.Diagnostic{
		Severity: model.SeverityError,
		Code:     code,
		Message:  fmt.Sprintf(format, args...),
		Source:   pos,
	})
}

// resolve follows an alias to the node it names. It returns nil for a nil
// node and, once the file has used up its alias budget, for any alias.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	if n == nil || n.Kind != yaml.AliasNode {
		return n
	}
	d.aliases++
	if d.aliases == maxAliases+1 {
		d.structural = true
		d.errorf(d.pos(n), CodeSyntax, "too many alias dereferences (more than %d); expand the aliases in the file", maxAliases)
	}
	if d.aliases > maxAliases {
		return nil
	}
	return n.Alias
}

// parse reads the single YAML document in data and returns its root node,
// or nil for an empty document.
func (d *decoder) parse(data []byte) (root *yaml.Node, ok bool) {
	defer func() {
		// The YAML library is third-party code: turn any panic of its own
		// into a diagnostic rather than crashing the caller.
		if r := recover(); r != nil {
			d.errorf(d.pos(nil), CodeSyntax, "invalid YAML: the parser failed (%v)", r)
			root, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, true
		}
		d.syntaxError(err, data)
		return nil, false
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		d.errorf(d.pos(&extra), CodeSyntax, "a scenario file holds one YAML document, found a second one (remove the \"---\" separator)")
		return nil, false
	case !errors.Is(err, io.EOF):
		d.syntaxError(err, data)
		return nil, false
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0], true
	}
	return nil, true
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of the YAML library's parser (as opposed
// to its scanner). For these it reports a 0-based line.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

// syntaxError turns a YAML library error into a diagnostic with the line
// the library names (column 1, as it gives none).
func (d *decoder) syntaxError(err error, data []byte) {
	msg := err.Error()
	pos := model.Pos{File: d.file, Line: 1, Column: 1}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		msg = m[2]
		if line, convErr := strconv.Atoi(m[1]); convErr == nil && line > 0 {
			pos.Line = line
			if slices.Contains(parserProblems, msg) {
				pos.Line++
			}
		}
	} else if slices.Contains(parserProblems, strings.TrimPrefix(msg, "yaml: ")) {
		msg = strings.TrimPrefix(msg, "yaml: ")
		// A parser error on the first line carries no line number.
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if line, col, found := badCharacter(data); found {
			pos.Line, pos.Column = line, col
		}
	}
	d.errorf(pos, CodeSyntax, "invalid YAML: %s", msg)
}

// badCharacter finds the first byte sequence YAML refuses outright
// (invalid UTF-8 or a control character), for errors that carry no line.
func badCharacter(data []byte) (line, col int, found bool) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, col, true
		case r == '\n':
			line, col = line+1, 0
		case !yamlPrintable(r):
			return line, col, true
		}
		col++
		data = data[size:]
	}
	return 0, 0, false
}

// validate runs the model's checks on the decoded world. Complaints about
// values that already failed to decode are dropped, except reference errors
// (the others mostly repeat that failure: a CIDR that did not parse is also
// "missing"), and reference errors are moved to the position of the
// reference itself.
func (d *decoder) validate() {
	for _, diag := range d.w.Validate() {
		if d.broken[diag.Source] && diag.Code != model.CodeUnknownReference {
			continue
		}
		if diag.Code == model.CodeUnknownReference {
			diag.Source = d.referencePos(diag)
		}
		d.diags = append(d.diags, diag)
	}
}

// referencePos finds where the ID named in a Validate reference error
// (`FIELD refers to "ID", ...`) was written inside the value at diag.Source.
func (d *decoder) referencePos(diag model.Diagnostic) model.Pos {
	_, rest, ok := strings.Cut(diag.Message, " refers to ")
	if !ok {
		return diag.Source
	}
	quoted, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return diag.Source
	}
	id, err := strconv.Unquote(quoted)
	if err != nil {
		return diag.Source
	}
	for _, site := range d.refs[diag.Source] {
		if site.id == id {
			return site.pos
		}
	}
	return diag.Source
}

// yamlPrintable reports whether YAML 1.2 allows r in a stream (its
// c-printable production, plus the byte order mark).
func yamlPrintable(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == 0x85, r == 0xFEFF:
		return true
	case r < 0x20, r >= 0x7F && r < 0xA0:
		return false
	case r >= 0xD800 && r < 0xE000, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}
