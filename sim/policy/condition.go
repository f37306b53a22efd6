package policy

import (
	"fmt"
	"strings"
)

// A condition is one key of one operator block of a Condition element.
type condition struct {
	op     operator
	key    string   // as written in the policy; keys compare without case
	values []string // the request matches when it matches any of them
}

// An operator is a condition operator as written in a policy, such as
// "ForAnyValue:StringLikeIfExists".
type operator struct {
	name     string // as written
	info     *opInfo
	set      qualifier
	ifExists bool
}

// A qualifier is the set prefix of an operator.
type qualifier int

const (
	single       qualifier = iota
	forAnyValue            // ForAnyValue:
	forAllValues           // ForAllValues:
)

// An opInfo describes a base condition operator.
type opInfo struct {
	name    string
	negated bool // matches when no policy value matches
	boolean bool // values must be true or false
	null    bool // the Null operator, which tests presence
	// match reports whether a request value matches a policy value; nil
	// for operators that vpctrace recognizes but does not evaluate.
	match func(policyValue, requestValue string) bool
	// verb and verbMany describe the test for one value and for several,
	// as in "aws:SourceVpc equals vpc-1".
	verb, verbMany string
}

func stringEquals(p, r string) bool { return p == r }
func arnLike(p, r string) bool      { return arnMatch(p, r) }

var operatorList = []*opInfo{
	{name: "StringEquals", match: stringEquals, verb: "equals", verbMany: "equals one of"},
	{name: "StringNotEquals", negated: true, match: stringEquals, verb: "does not equal", verbMany: "equals none of"},
	{name: "StringEqualsIgnoreCase", match: strings.EqualFold, verb: "equals, ignoring case,", verbMany: "equals, ignoring case, one of"},
	{name: "StringNotEqualsIgnoreCase", negated: true, match: strings.EqualFold, verb: "does not equal, ignoring case,", verbMany: "equals, ignoring case, none of"},
	{name: "StringLike", match: glob, verb: "matches", verbMany: "matches one of"},
	{name: "StringNotLike", negated: true, match: glob, verb: "does not match", verbMany: "matches none of"},
	// IAM compares ARNs component by component, with wildcards, for both
	// ArnEquals and ArnLike.
	{name: "ArnEquals", match: arnLike, verb: "equals", verbMany: "equals one of"},
	{name: "ArnLike", match: arnLike, verb: "matches", verbMany: "matches one of"},
	{name: "ArnNotEquals", negated: true, match: arnLike, verb: "does not equal", verbMany: "equals none of"},
	{name: "ArnNotLike", negated: true, match: arnLike, verb: "does not match", verbMany: "matches none of"},
	{name: "Bool", boolean: true, match: strings.EqualFold, verb: "is", verbMany: "is one of"},
	{name: "Null", boolean: true, null: true},
	// Recognized, not evaluated: with the key present the outcome is unknown.
	{name: "NumericEquals"},
	{name: "NumericNotEquals", negated: true},
	{name: "NumericLessThan"},
	{name: "NumericLessThanEquals"},
	{name: "NumericGreaterThan"},
	{name: "NumericGreaterThanEquals"},
	{name: "DateEquals"},
	{name: "DateNotEquals", negated: true},
	{name: "DateLessThan"},
	{name: "DateLessThanEquals"},
	{name: "DateGreaterThan"},
	{name: "DateGreaterThanEquals"},
	{name: "BinaryEquals"},
	{name: "IpAddress"},
	{name: "NotIpAddress", negated: true},
}

// operators indexes operatorList by lower-case name.
var operators = func() map[string]*opInfo {
	m := make(map[string]*opInfo)
	for _, op := range operatorList {
		m[strings.ToLower(op.name)] = op
	}
	return m
}()

// parseOperator parses an operator name such as
// "ForAllValues:StringLikeIfExists". Names compare without case.
func parseOperator(name string) (operator, bool) {
	op := operator{name: name}
	base := name
	if prefix, rest, ok := strings.Cut(name, ":"); ok {
		switch strings.ToLower(prefix) {
		case "foranyvalue":
			op.set = forAnyValue
		case "forallvalues":
			op.set = forAllValues
		default:
			return op, false
		}
		base = rest
	}
	lower := strings.ToLower(base)
	if trimmed, ok := strings.CutSuffix(lower, "ifexists"); ok {
		lower, op.ifExists = trimmed, true
	}
	op.info = operators[lower]
	if op.info == nil || op.info.null && (op.ifExists || op.set != single) {
		return op, false
	}
	return op, true
}

// A keyState says what a request tells about a condition key.
type keyState int

const (
	keyUnknown keyState = iota // undecidable (aws-rules 6.1.5)
	keyPresent
	keyAbsent
)

// eval reports whether the request described by ctx satisfies c.
func (c *condition) eval(ctx *reqContext) tri {
	v, state := ctx.lookup(c.key)
	switch {
	case state == keyUnknown:
		return maybe
	case state == keyAbsent:
		return c.whenAbsent()
	case c.op.info.null:
		return triOf(c.anyValue(func(p string) bool { return strings.EqualFold(p, "false") }))
	case c.op.info.match == nil:
		return maybe // present, but vpctrace does not evaluate the operator
	}
	found := c.anyValue(func(p string) bool { return c.op.info.match(p, v) })
	return triOf(found != c.op.info.negated)
}

// whenAbsent reports whether c is satisfied by a request that lacks its key,
// as IAM decides it: Null true and ...IfExists match; a ForAllValues test
// of an empty set matches and a ForAnyValue test does not; otherwise
// negated operators match and the others do not.
func (c *condition) whenAbsent() tri {
	switch {
	case c.op.info.null:
		return triOf(c.anyValue(func(p string) bool { return strings.EqualFold(p, "true") }))
	case c.op.ifExists:
		return yes
	case c.op.set == forAllValues:
		return yes
	case c.op.set == forAnyValue:
		return no
	}
	return triOf(c.op.info.negated)
}

func (c *condition) anyValue(f func(string) bool) bool {
	for _, v := range c.values {
		if f(v) {
			return true
		}
	}
	return false
}

// String describes c in words, as in "aws:SourceVpc equals vpc-1".
func (c *condition) String() string {
	info := c.op.info
	if info.null {
		if c.anyValue(func(p string) bool { return strings.EqualFold(p, "true") }) {
			if c.anyValue(func(p string) bool { return strings.EqualFold(p, "false") }) {
				return c.key + " is absent or present"
			}
			return c.key + " is absent"
		}
		return c.key + " is present"
	}
	key := c.key
	switch c.op.set {
	case forAnyValue:
		key = "some value of " + key
	case forAllValues:
		key = "every value of " + key
	}
	if c.op.ifExists {
		key += ", if present,"
	}
	if info.verb == "" { // not evaluated: show the operator itself
		return fmt.Sprintf("%s %s %s", c.key, c.op.name, valueList(c.values))
	}
	verb := info.verb
	if len(c.values) > 1 {
		verb = info.verbMany
	}
	return fmt.Sprintf("%s %s %s", key, verb, valueList(c.values))
}

// valueList formats condition values, eliding all but the first few.
func valueList(vals []string) string {
	const show = 4
	if len(vals) > show {
		return fmt.Sprintf("%s and %d more", strings.Join(vals[:show-1], ", "), len(vals)-show+1)
	}
	return strings.Join(vals, ", ")
}
