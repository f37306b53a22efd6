package policy

import (
	"slices"
	"strings"
)

// A Request is one call through an endpoint, as the policy sees it.
type Request struct {
	// Actions lists the actions the call needs; every one must be allowed
	// for the call to pass (e.g. logs:CreateLogStream and logs:PutLogEvents).
	Actions []string
	// Resource is the ARN the actions act on, or "*" (aws-rules 6.2).
	Resource string
	// Principal is the caller's IAM principal ARN, or "" when AWS makes
	// the call on the customer's behalf, as for ECR layer downloads
	// (aws-rules 6.1.4, 6.3).
	Principal string
	// Context holds the condition keys whose values the model knows, such
	// as "aws:SourceVpc", "aws:SourceVpce", "aws:PrincipalAccount",
	// "aws:PrincipalArn", "aws:PrincipalOrgID" and "aws:ResourceAccount".
	// Keys compare without case. When Principal is set, aws:PrincipalArn
	// and aws:PrincipalAccount default to it and its account.
	Context map[string]string
	// Absent lists condition keys known to be absent from the request,
	// such as aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn,
	// aws:ResourceAccount and aws:ResourceOrgID for ECR layer downloads
	// (aws-rules 6.3.1, 10.13). A key in Context is present whatever Absent
	// says. Keys in neither are undecidable (aws-rules 6.1.5).
	Absent []string
	// UnknownAccount, when set, is an account ID that stands for an
	// account the input does not show (aws-rules 6.1.6): wherever it is the
	// account of Principal or Resource, or a Context value or the account
	// of one, the request may come from any account. Evaluate then decides
	// only when every account gives the same effect; otherwise the
	// decision is Unknown with Key AccountKey.
	UnknownAccount string
}

// Effect is the outcome of evaluating a request.
type Effect string

// Effects.
const (
	Allowed Effect = "allowed"
	Denied  Effect = "denied"
	Unknown Effect = "unknown" // depends on a condition vpctrace cannot decide
)

// A Decision is the outcome of evaluating a request, and why.
type Decision struct {
	Effect Effect
	// Action is the action that decided: the first denied action, or if
	// none is denied the first unknown one. It is "" when all are allowed.
	Action string
	// Statement names the statement that decided, as Statement.Name does:
	// the Deny that matched, the Allow whose condition could not be
	// decided, or the Allow that allowed the first action. It is "" for
	// an implicit deny and for the default policy of an empty document.
	Statement string
	// Key is the condition key that made the decision Unknown, else "".
	Key string
	// Detail says in one or two plain sentences which statement decided,
	// what did or did not match, and what to change.
	Detail string
}

// Evaluate decides whether p allows req (aws-rules 6.1.2). A request is denied
// when any of its actions is denied, unknown when none is denied but one
// depends on an undecidable condition (aws-rules 6.1.5), and allowed
// otherwise. A nil p is the default policy.
func (p *Policy) Evaluate(req Request) Decision {
	if p == nil || p.implicit {
		return Decision{Effect: Allowed, Detail: "the endpoint has the default policy, which allows full access (aws-rules 6.1.1)"}
	}
	if req.UnknownAccount != "" && req.mentions(req.UnknownAccount) {
		return p.evaluateAnyAccount(req)
	}
	return p.evaluate(req)
}

// evaluate is Evaluate for a request whose accounts are all known.
func (p *Policy) evaluate(req Request) Decision {
	ctx := newContext(req)
	var unknown *Decision
	var grants []grant
	for _, action := range req.Actions {
		d, by := p.decide(action, req, ctx)
		switch d.Effect {
		case Denied:
			return d
		case Unknown:
			if unknown == nil {
				unknown = &d
			}
		default:
			grants = append(grants, grant{action, by})
		}
	}
	if unknown != nil {
		return *unknown
	}
	return allowed(grants, req.Resource)
}

// A grant records which statement allowed an action.
type grant struct {
	action string
	by     *Statement
}

// A verdict is how one statement matches a request for one action
// (aws-rules 6.1.3).
type verdict struct {
	s                           *Statement
	action, resource, principal bool
	cond                        tri
	// deciding is the first failing condition when cond is no, the first
	// undecidable one when cond is maybe, and nil when cond is yes.
	deciding *condition
}

func (s *Statement) verdict(action string, req Request, ctx *reqContext) *verdict {
	v := &verdict{
		s:         s,
		action:    s.matchAction(action),
		resource:  s.matchResource(req.Resource),
		principal: s.matchPrincipal(req.Principal),
		cond:      yes,
	}
	for i := range s.conditions {
		c := &s.conditions[i]
		switch c.eval(ctx) {
		case no:
			v.cond, v.deciding = no, c
			return v
		case maybe:
			if v.deciding == nil {
				v.cond, v.deciding = maybe, c
			}
		}
	}
	return v
}

// match combines the parts of v: a statement matches when all parts match,
// does not when any part does not, and otherwise depends on an undecidable
// condition.
func (v *verdict) match() tri {
	if !v.action || !v.resource || !v.principal {
		return no
	}
	return v.cond
}

// closeness ranks an Allow that does not match by how much of it does, to
// pick the one worth explaining: action first, then resource, principal
// and condition.
func (v *verdict) closeness() int {
	n := 0
	for _, ok := range []bool{v.action, v.resource, v.principal, v.cond != no} {
		n <<= 1
		if ok {
			n |= 1
		}
	}
	return n
}

// decide evaluates one action. A matching Deny wins; an undecidable Deny
// makes the outcome unknown unless no Allow could match, in which case the
// request is denied anyway; otherwise a matching Allow allows, an
// undecidable one makes the outcome unknown, and with neither the request
// is implicitly denied (aws-rules 6.1.2, 6.1.5). For an allowed action decide
// also returns the first statement that allows it.
func (p *Policy) decide(action string, req Request, ctx *reqContext) (Decision, *Statement) {
	var denyMaybe, allowYes, allowMaybe, closest *verdict
	for i := range p.Statements {
		v := p.Statements[i].verdict(action, req, ctx)
		m := v.match()
		switch {
		case v.s.Effect == Deny && m == yes:
			return explicitDeny(v, action, req, ctx), nil
		case v.s.Effect == Deny && m == maybe:
			denyMaybe = keepFirst(denyMaybe, v)
		case v.s.Effect == Deny:
		case m == yes:
			allowYes = keepFirst(allowYes, v)
		case m == maybe:
			allowMaybe = keepFirst(allowMaybe, v)
		case closest == nil || v.closeness() > closest.closeness():
			closest = v
		}
	}
	switch {
	case denyMaybe != nil && (allowYes != nil || allowMaybe != nil):
		return undecided(denyMaybe, action, req, ctx), nil
	case allowYes != nil:
		return Decision{Effect: Allowed, Statement: allowYes.s.Name()}, allowYes.s
	case allowMaybe != nil:
		return undecided(allowMaybe, action, req, ctx), nil
	}
	return implicitDeny(closest, action, req, ctx), nil
}

// keepFirst returns first unless it is nil, and then v.
func keepFirst(first, v *verdict) *verdict {
	if first != nil {
		return first
	}
	return v
}

// reqContext answers what a request says about each condition key.
type reqContext struct {
	values map[string]string // by lower-case key
	absent map[string]bool   // lower-case keys known to be absent
}

func newContext(req Request) *reqContext {
	ctx := &reqContext{values: make(map[string]string), absent: make(map[string]bool)}
	keys := make([]string, 0, len(req.Context))
	for k := range req.Context {
		keys = append(keys, k)
	}
	slices.Sort(keys) // so that keys differing only in case resolve the same way every time
	for _, k := range keys {
		lk := strings.ToLower(k)
		if _, dup := ctx.values[lk]; !dup {
			ctx.values[lk] = req.Context[k]
		}
	}
	for _, k := range req.Absent {
		ctx.absent[strings.ToLower(k)] = true
	}
	if req.Principal != "" {
		ctx.setDefault("aws:principalarn", req.Principal)
		if account := accountOf(req.Principal); account != "" {
			ctx.setDefault("aws:principalaccount", account)
		}
	}
	return ctx
}

// setDefault gives the lower-case key a value unless the request already
// says something about it.
func (ctx *reqContext) setDefault(key, value string) {
	if _, ok := ctx.values[key]; !ok && !ctx.absent[key] {
		ctx.values[key] = value
	}
}

// lookup returns the value of a condition key and whether the request
// carries it, lacks it, or says nothing about it.
func (ctx *reqContext) lookup(key string) (string, keyState) {
	key = strings.ToLower(key)
	if v, ok := ctx.values[key]; ok {
		return v, keyPresent
	}
	if ctx.absent[key] {
		return "", keyAbsent
	}
	return "", keyUnknown
}
