package policy

import (
	"fmt"
	"slices"
	"strings"
)

// An Error reports a mistake in a policy document and where it is.
type Error struct {
	Offset int    // byte offset in the document, from 0
	Line   int    // line, from 1
	Column int    // byte column, from 1
	Msg    string // what is wrong and what was expected
}

// Error formats e as "line:column: message".
func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// newError returns an Error at byte offset off of doc.
func newError(doc string, off int, msg string) *Error {
	off = max(0, min(off, len(doc)))
	line, col := position(doc, off)
	return &Error{Offset: off, Line: line, Column: col, Msg: msg}
}

// position returns the line and byte column, both from 1, of byte offset
// off of doc.
func position(doc string, off int) (line, column int) {
	before := doc[:off]
	return 1 + strings.Count(before, "\n"), off - strings.LastIndexByte(before, '\n')
}

// Parse parses a policy document in the IAM policy language. An empty
// document (or one of only white space) is the default full-access policy
// (aws-rules 6.1.1).
//
// Parse accepts Statement as one object or an array of them; Action,
// NotAction, Resource and NotResource as a string or an array of strings;
// Principal and NotPrincipal as "*" or an object such as {"AWS": "*"} whose
// values are a string or an array of strings; and Condition as
// {"Operator": {"key": value}}, where a value is a string, boolean, number
// or an array of them. Errors are of type *Error and give the line and
// column of the mistake.
func Parse(doc string) (*Policy, error) {
	if strings.TrimSpace(doc) == "" {
		return &Policy{implicit: true}, nil
	}
	root, err := readJSON(doc)
	if err != nil {
		return nil, err
	}
	return (&parser{doc: doc}).policy(root)
}

// Element names, in the order messages list them.
var (
	policyElements    = []string{"Version", "Id", "Statement"}
	statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
	principalTypes    = []string{"AWS", "Service", "Federated", "CanonicalUser"}
	versions          = []string{"2012-10-17", "2008-10-17"}
)

// A parser turns the JSON tree of a document into a Policy.
type parser struct {
	doc string
}

func (p *parser) errorf(off int, format string, args ...any) error {
	return newError(p.doc, off, fmt.Sprintf(format, args...))
}

// expected reports that v is not what was expected.
func (p *parser) expected(v *value, what string) error {
	return p.errorf(v.off, "expected %s, found %s", what, v.describe())
}

func (p *parser) policy(v *value) (*Policy, error) {
	if v.kind != kindObject {
		return nil, p.expected(v, "a policy object")
	}
	f, err := p.fields(v, "the policy", policyElements)
	if err != nil {
		return nil, err
	}
	pol := &Policy{}
	if m, ok := f["Version"]; ok {
		if m.val.kind != kindString || !slices.Contains(versions, m.val.text) {
			return nil, p.expected(m.val, `"2012-10-17" or "2008-10-17" for Version`)
		}
		pol.Version = m.val.text
	}
	if m, ok := f["Id"]; ok {
		if pol.ID, err = p.str(m.val, "Id"); err != nil {
			return nil, err
		}
	}
	m, ok := f["Statement"]
	if !ok {
		return nil, p.errorf(v.off, "policy has no Statement")
	}
	pol.Statements, err = p.statements(m.val)
	return pol, err
}

func (p *parser) statements(v *value) ([]Statement, error) {
	list := []*value{v}
	switch v.kind {
	case kindArray:
		list = v.elems
	case kindObject:
	default:
		return nil, p.expected(v, "a statement object or an array of them for Statement")
	}
	var stmts []Statement
	for i, e := range list {
		if e.kind != kindObject {
			return nil, p.expected(e, "a statement object")
		}
		s, err := p.statement(e, i+1)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, s)
	}
	return stmts, nil
}

func (p *parser) statement(v *value, index int) (Statement, error) {
	s := Statement{Index: index}
	s.Line, s.Column = position(p.doc, v.off)
	name := fmt.Sprintf("statement %d", index)
	f, err := p.fields(v, name, statementElements)
	if err != nil {
		return s, err
	}
	if m, ok := f["Sid"]; ok {
		if s.Sid, err = p.str(m.val, "Sid"); err != nil {
			return s, err
		}
	}
	if s.Effect, err = p.effect(v, f, name); err != nil {
		return s, err
	}
	if err := p.targets(&s, v, f, name); err != nil {
		return s, err
	}
	if m, ok := f["Condition"]; ok {
		s.conditions, err = p.conditions(m.val)
	}
	return s, err
}

// targets parses the principal, action and resource elements of the
// statement s, each of which may take its Not form.
func (p *parser) targets(s *Statement, v *value, f map[string]member, name string) error {
	m, isNot, err := p.either(v, f, name, "Principal", `; an endpoint policy names one ("*" for anyone)`)
	if err != nil {
		return err
	}
	if s.principals, err = p.principals(m); err != nil {
		return err
	}
	s.notPrincipal = isNot
	if m, s.notAction, err = p.either(v, f, name, "Action", ""); err != nil {
		return err
	}
	if s.actions, err = p.patterns(m, validAction, `"*" or "service:action"`); err != nil {
		return err
	}
	if m, s.notResource, err = p.either(v, f, name, "Resource", ""); err != nil {
		return err
	}
	s.resources, err = p.patterns(m, validResource, `"*" or an ARN`)
	return err
}

// fields checks that every member of the object v is one of names, and
// none is repeated, and returns the members by name. what names v for
// messages.
func (p *parser) fields(v *value, what string, names []string) (map[string]member, error) {
	f := make(map[string]member)
	for _, m := range v.members {
		if !slices.Contains(names, m.key) {
			return nil, p.errorf(m.keyOff, "unknown element %q in %s; expected %s", m.key, what, orList(names))
		}
		if _, dup := f[m.key]; dup {
			return nil, p.errorf(m.keyOff, "duplicate element %q in %s", m.key, what)
		}
		f[m.key] = m
	}
	return f, nil
}

func (p *parser) str(v *value, what string) (string, error) {
	if v.kind != kindString {
		return "", p.expected(v, "a string for "+what)
	}
	return v.text, nil
}

func (p *parser) effect(v *value, f map[string]member, name string) (string, error) {
	m, ok := f["Effect"]
	if !ok {
		return "", p.errorf(v.off, `%s has no Effect; expected "Allow" or "Deny"`, name)
	}
	if m.val.kind != kindString || (m.val.text != Allow && m.val.text != Deny) {
		return "", p.expected(m.val, `"Allow" or "Deny" for Effect`)
	}
	return m.val.text, nil
}

// either returns the member elem or "Not"+elem of a statement, whichever
// it has, and whether it was the Not form. A statement needs exactly one.
func (p *parser) either(v *value, f map[string]member, name, elem, hint string) (member, bool, error) {
	m, has := f[elem]
	nm, hasNot := f["Not"+elem]
	switch {
	case has && hasNot:
		later := max(m.keyOff, nm.keyOff)
		return m, false, p.errorf(later, "%s has both %s and Not%s; expected one of them", name, elem, elem)
	case hasNot:
		return nm, true, nil
	case !has:
		return m, false, p.errorf(v.off, "%s has no %s or Not%s%s", name, elem, elem, hint)
	}
	return m, false, nil
}

// list returns the strings of a member that is a string or a non-empty
// array of strings.
func (p *parser) list(m member) ([]*value, error) {
	v := m.val
	switch v.kind {
	case kindString:
		return []*value{v}, nil
	case kindArray:
		if len(v.elems) == 0 {
			return nil, p.errorf(v.off, "expected at least one value in %s", m.key)
		}
		for _, e := range v.elems {
			if e.kind != kindString {
				return nil, p.expected(e, "a string in "+m.key)
			}
		}
		return v.elems, nil
	}
	return nil, p.expected(v, "a string or an array of strings for "+m.key)
}

// patterns returns the strings of an Action or Resource member, checking
// each with valid.
func (p *parser) patterns(m member, valid func(string) bool, want string) ([]string, error) {
	vals, err := p.list(m)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		if !valid(v.text) {
			return nil, p.expected(v, want+" in "+m.key)
		}
		out[i] = v.text
	}
	return out, nil
}

func validAction(s string) bool {
	service, action, ok := strings.Cut(s, ":")
	return s == "*" || ok && service != "" && action != ""
}

func validResource(s string) bool {
	return s == "*" || strings.HasPrefix(s, "arn:")
}

func (p *parser) principals(m member) ([]principal, error) {
	v := m.val
	switch {
	case v.kind == kindString && v.text == "*":
		return []principal{{typ: "*", id: "*"}}, nil
	case v.kind != kindObject:
		return nil, p.expected(v, `"*" or an object such as {"AWS": "*"} for `+m.key)
	case len(v.members) == 0:
		return nil, p.errorf(v.off, `expected at least one principal type in %s, such as "AWS"`, m.key)
	}
	if _, err := p.fields(v, m.key, principalTypes); err != nil {
		return nil, err
	}
	var out []principal
	for _, t := range v.members {
		ids, err := p.list(member{key: fmt.Sprintf("%s %q", m.key, t.key), val: t.val})
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if t.key == "AWS" && !validAWSPrincipal(id.text) {
				return nil, p.expected(id, `"*", a 12-digit account ID or an IAM ARN for `+m.key+` "AWS"`)
			}
			out = append(out, principal{typ: t.key, id: id.text})
		}
	}
	return out, nil
}

// validAWSPrincipal reports whether s can name an AWS principal: "*", an
// account ID, an ARN, or the unique ID IAM shows for a deleted role or user.
func validAWSPrincipal(s string) bool {
	return s == "*" || isAccountID(s) || strings.HasPrefix(s, "arn:") || isUniqueID(s)
}

func isAccountID(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}

func isUniqueID(s string) bool {
	return len(s) >= 16 && s[0] == 'A' && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == ""
}

func (p *parser) conditions(v *value) ([]condition, error) {
	if v.kind != kindObject {
		return nil, p.expected(v, "an object of condition operators for Condition")
	}
	if err := p.unique(v, "Condition"); err != nil {
		return nil, err
	}
	var out []condition
	for _, m := range v.members {
		op, ok := parseOperator(m.key)
		if !ok {
			return nil, p.errorf(m.keyOff, "unknown condition operator %q", m.key)
		}
		if m.val.kind != kindObject {
			return nil, p.expected(m.val, "an object of condition keys for "+m.key)
		}
		if err := p.unique(m.val, m.key); err != nil {
			return nil, err
		}
		for _, k := range m.val.members {
			c, err := p.condition(op, k)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// unique checks that no key of the object v is repeated.
func (p *parser) unique(v *value, what string) error {
	seen := make(map[string]bool)
	for _, m := range v.members {
		if seen[m.key] {
			return p.errorf(m.keyOff, "duplicate %q in %s", m.key, what)
		}
		seen[m.key] = true
	}
	return nil
}

func (p *parser) condition(op operator, k member) (condition, error) {
	c := condition{op: op, key: k.key}
	if k.key == "" {
		return c, p.errorf(k.keyOff, "expected a condition key name in %s, found \"\"", op.name)
	}
	want := fmt.Sprintf("a string, boolean, number or an array of them for condition key %q", k.key)
	vals := []*value{k.val}
	if k.val.kind == kindArray {
		if len(k.val.elems) == 0 {
			return c, p.errorf(k.val.off, "expected at least one value for condition key %q", k.key)
		}
		vals = k.val.elems
	}
	for _, v := range vals {
		s, ok := scalar(v)
		if !ok {
			return c, p.expected(v, want)
		}
		if op.info.boolean && !isBool(s) {
			return c, p.expected(v, fmt.Sprintf("true or false for %s condition key %q", op.info.name, k.key))
		}
		c.values = append(c.values, s)
	}
	return c, nil
}

// scalar returns the text of a string, boolean or number.
func scalar(v *value) (string, bool) {
	switch v.kind {
	case kindString, kindNumber:
		return v.text, true
	case kindBool:
		return fmt.Sprint(v.bool), true
	}
	return "", false
}

func isBool(s string) bool {
	return strings.EqualFold(s, "true") || strings.EqualFold(s, "false")
}

// orList formats names as `A, B or C`.
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
