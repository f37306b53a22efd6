package snapshot

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// builder turns the responses of a snapshot into a world. The decoders of
// each service (ec2.go, transit.go, route53.go, ecs.go, efs.go) add to w
// as they read, and keep in their own state what they resolve once every
// response is read (finish).
type builder struct {
	w     *model.World
	diags model.Diagnostics
	// seen holds the commands whose responses the folder has.
	seen map[string]bool
	// regions and accounts hold, per value, where the snapshot's own
	// objects' ARNs name it (noteARN).
	regions, accounts map[string][]model.Pos
	meta              Meta

	// described holds the first description of each object, to tell a
	// repeat (pages or files that overlap) from a conflict.
	described map[model.Ref]description

	ec2     ec2State
	transit transitState
	route53 route53State
	ecs     ecsState
	efs     efsState
}

func newBuilder() *builder {
	return &builder{w: &model.World{}, seen: map[string]bool{}, described: map[model.Ref]description{},
		regions: map[string][]model.Pos{}, accounts: map[string][]model.Pos{}}
}

func (b *builder) errorf(p model.Pos, code, format string, args ...any) {
	b.diags = append(b.diags, model.Diagnostic{Severity: model.SeverityError, Code: code, Message: fmt.Sprintf(format, args...), Source: p})
}

func (b *builder) warnf(p model.Pos, code, format string, args ...any) {
	b.diags = append(b.diags, model.Diagnostic{Severity: model.SeverityWarning, Code: code, Message: fmt.Sprintf(format, args...), Source: p})
}

// has reports whether the folder holds the response of command, e.g.
// "aws ec2 describe-vpc-attribute".
func (b *builder) has(command string) bool { return b.seen[command] }

// missingFix begins the Fix of what the folder lacks.
const missingFix = "add the output of "

// missing lists in World.Unknowns that the folder does not give field of
// object id (of kind k): command would, and the paths that depend on it
// are unknown.
func (b *builder) missing(k model.Kind, id, field, command string, p model.Pos) {
	b.w.Unknowns = append(b.w.Unknowns, model.Unknown{ID: id, Kind: k, Field: field, Source: p,
		Why: "not in the snapshot", Fix: missingFix + command + " to the snapshot folder"})
}

// noteARN records the region and account that arn, the ARN of an object
// the snapshot describes, names; account is false for the ARNs of objects
// another account may own (a subnet shared with the account).
func (b *builder) noteARN(arn string, p model.Pos, account bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return
	}
	if model.IsRegion(parts[3]) {
		b.regions[parts[3]] = append(b.regions[parts[3]], p)
	}
	if account && model.IsAccountID(parts[4]) {
		b.accounts[parts[4]] = append(b.accounts[parts[4]], p)
	}
}

// readMeta reads MetaFile, when the folder has one.
func (b *builder) readMeta(d *doc) {
	if d == nil {
		return
	}
	d.idx, _ = indexJSON(d.data)
	dec := json.NewDecoder(strings.NewReader(string(d.data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b.meta); err != nil {
		b.meta = Meta{}
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			key, _ := strconv.Unquote(name)
			b.errorf(d.pos("/"+escapePointer(key)), CodeInvalidJSON, "%s has no key %s (it has region, account and collected_at)", MetaFile, name)
			return
		}
		b.jsonError(d, 0, err)
		return
	}
	if r := b.meta.Region; r != "" && !model.IsRegion(r) {
		b.errorf(d.pos("/region"), model.CodeInvalidValue, "region %q is not a region name (expected a name such as ap-northeast-1)", r)
	}
	if a := b.meta.Account; a != "" && !model.IsAccountID(a) {
		b.errorf(d.pos("/account"), model.CodeInvalidValue, "account %q is not an AWS account ID (expected 12 digits)", a)
	}
}

// settle gives the world its region and account: MetaFile's, else the one
// the ARNs of the snapshot's objects all name. ARNs that disagree are an
// error, naming where each value is first seen.
func (b *builder) settle() {
	w := b.w
	w.Region = b.meta.Region
	if w.Region == "" {
		w.Region = b.agreed(b.regions, "region", "a describe command of one region")
	}
	w.Account = b.meta.Account
	if w.Account != "" {
		w.AccountFrom = MetaFile
		return
	}
	if a := b.agreed(b.accounts, "account", "the account's own credentials"); a != "" {
		w.Account, w.AccountFrom = a, "the ARNs in the snapshot, which all name it"
	}
}

// agreed returns the one value that seen holds, or "" with an error when
// it holds several.
func (b *builder) agreed(seen map[string][]model.Pos, what, advice string) string {
	values := make([]string, 0, len(seen))
	for v := range seen {
		values = append(values, v)
	}
	slices.Sort(values)
	switch len(values) {
	case 0:
		return ""
	case 1:
		return values[0]
	}
	var where []string
	for _, v := range values {
		where = append(where, fmt.Sprintf("%s (%s)", v, seen[v][0]))
	}
	b.errorf(seen[values[1]][0], CodeConflict, "the snapshot's ARNs name more than one %s: %s; collect each %s in a folder of its own with %s, or name it in %s",
		what, strings.Join(where, ", "), what, advice, MetaFile)
	return ""
}

// finish resolves what needs every response read, and checks the world.
func (b *builder) finish() (*model.World, model.Diagnostics) {
	b.settle()
	b.finishEC2()
	b.finishTransit()
	b.finishRoute53()
	b.finishECS()
	b.finishEFS()
	if !b.diags.HasErrors() {
		for _, d := range b.w.Validate() {
			if !b.explained(d) {
				b.diags = append(b.diags, d)
			}
		}
	}
	return b.w, b.diags
}

// explained reports whether d is Validate's complaint that an object has
// no FIELD ("service \"ARN\" has no task_definition") where World.Unknowns
// says the snapshot lacks that field of that object: the reference was
// left empty because its object is not in the folder.
func (b *builder) explained(d model.Diagnostic) bool {
	if d.Code != model.CodeMissingField {
		return false
	}
	for _, u := range b.w.Unknowns {
		if strings.HasSuffix(d.Message, " has no "+u.Field) && strings.Contains(d.Message, strconv.Quote(u.ID)) {
			return true
		}
	}
	return false
}

// description is what an object's first description says (identityOf),
// and where it is.
type description struct {
	identity string
	pos      model.Pos
}

// firstDescription reports whether v, the response value at p, is the
// first description of the object of kind k and ID id. A later one that
// says the same (pages or files that overlap) is left out. One that says
// something else is an error: the folder mixes two collections, and
// vpctrace cannot tell which is the account as it is (aws-rules 11.1.5).
func (b *builder) firstDescription(k model.Kind, id string, v any, p model.Pos) bool {
	r := model.Ref{Kind: k, ID: id}
	identity := identityOf(v)
	prev, ok := b.described[r]
	if !ok {
		b.described[r] = description{identity: identity, pos: p}
		return true
	}
	if prev.identity != identity {
		b.errorf(p, CodeConflict, "%s %s is described again, differently from %s: the folder mixes two collections; collect the snapshot again into an empty folder (aws-rules 11.1.5)", k, id, prev.pos)
	}
	return false
}

// identityOf is what an object says, without positions: two reads of one
// object are the same when their identities are.
func identityOf(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var x any
	if json.Unmarshal(data, &x) != nil {
		return string(data)
	}
	out, _ := json.Marshal(withoutSource(x))
	return string(out)
}

// withoutSource drops every "Source" member of a decoded JSON value.
func withoutSource(x any) any {
	switch t := x.(type) {
	case map[string]any:
		delete(t, "Source")
		for k, v := range t {
			t[k] = withoutSource(v)
		}
	case []any:
		for i, v := range t {
			t[i] = withoutSource(v)
		}
	}
	return x
}
