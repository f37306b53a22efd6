package policy

import (
	"fmt"
	"slices"
)

// Statement effects, as a policy document spells them.
const (
	Allow = "Allow"
	Deny  = "Deny"
)

// A Policy is a parsed endpoint policy document.
//
// A nil *Policy, like the one parsed from an empty document, is the default
// policy, which allows full access (aws-rules 6.1.1).
type Policy struct {
	Version    string // "2012-10-17", "2008-10-17" or ""
	ID         string // the document's Id element, if any
	Statements []Statement

	implicit bool // parsed from an empty document
}

// A Statement is one statement of a policy.
type Statement struct {
	Sid    string // the Sid element, if any
	Index  int    // position in the document, counting from 1
	Effect string // Allow or Deny
	Line   int    // where the statement starts in the document, from 1
	Column int    // byte column of the statement's start, from 1

	principals   []principal // Principal or, if notPrincipal, NotPrincipal
	notPrincipal bool
	actions      []string // Action or, if notAction, NotAction
	notAction    bool
	resources    []string // Resource or, if notResource, NotResource
	notResource  bool
	conditions   []condition // in document order
}

// Name names the statement for messages: `Sid "X"` when it has a Sid,
// otherwise `statement N`.
func (s *Statement) Name() string {
	if s.Sid != "" {
		return fmt.Sprintf("Sid %q", s.Sid)
	}
	return fmt.Sprintf("statement %d", s.Index)
}

// A principal is one entry of a Principal or NotPrincipal element.
type principal struct {
	typ string // "*", "AWS", "Service", "Federated" or "CanonicalUser"
	id  string // "*" for a wildcard
}

// String formats p as written in the policy, with its type unless it is AWS.
func (p principal) String() string {
	switch p.typ {
	case "*", "AWS":
		return p.id
	}
	return p.typ + " " + p.id
}

// IsDefault reports whether p is the default full-access policy: an empty
// document, or one that has no Deny statement and an unconditioned Allow of
// every action on every resource for every principal (aws-rules 6.1.1).
func (p *Policy) IsDefault() bool {
	if p == nil || p.implicit {
		return true
	}
	full := false
	for i := range p.Statements {
		s := &p.Statements[i]
		if s.Effect == Deny {
			return false
		}
		full = full || s.allowsEverything()
	}
	return full
}

// allowsEverything reports whether s applies to every principal, action and
// resource without conditions.
func (s *Statement) allowsEverything() bool {
	anyPrincipal := !s.notPrincipal && slices.ContainsFunc(s.principals, principal.isWildcard)
	anyAction := !s.notAction && slices.Contains(s.actions, "*")
	anyResource := !s.notResource && slices.Contains(s.resources, "*")
	return anyPrincipal && anyAction && anyResource && len(s.conditions) == 0
}
