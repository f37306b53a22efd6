package policy

import (
	"fmt"
	"slices"
	"strings"
)

// AccountKey is Decision.Key when the decision depends on an account ID
// that the input does not show (Request.UnknownAccount, aws-rules 6.1.6).
const AccountKey = "account ID"

// mentions reports whether the request carries account as the account of
// its principal or resource, or in a condition value.
func (req Request) mentions(account string) bool {
	if accountOf(req.Principal) == account || accountOf(req.Resource) == account {
		return true
	}
	for _, v := range req.Context {
		if v == account || accountOf(v) == account {
			return true
		}
	}
	return false
}

// AccountDecides reports whether the answer to req depends on account,
// which the request carries (aws-rules 6.1.6): whether another account in
// its place (one the policy names, or one it does not) gets another
// effect. The policy's own mentions of account stay as written.
func (p *Policy) AccountDecides(req Request, account string) bool {
	if p == nil || p.implicit || account == "" || !req.mentions(account) {
		return false
	}
	req.UnknownAccount = ""
	base := p.evaluate(req).Effect
	for _, a := range p.accountCandidates(account) {
		if p.evaluate(req.withAccount(account, a)).Effect != base {
			return true
		}
	}
	return false
}

// withAccount returns a copy of req in which the account from stands as
// account to: in the ARNs of the principal and resource, and in condition
// values.
func (req Request) withAccount(from, to string) Request {
	out := req
	out.UnknownAccount = ""
	out.Principal = swapAccount(req.Principal, from, to)
	out.Resource = swapAccount(req.Resource, from, to)
	out.Context = make(map[string]string, len(req.Context))
	for k, v := range req.Context {
		if v == from {
			v = to
		}
		out.Context[k] = swapAccount(v, from, to)
	}
	return out
}

// swapAccount replaces the account field of arn when it is from.
func swapAccount(arn, from, to string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[4] != from {
		return arn
	}
	parts[4] = to
	return strings.Join(parts, ":")
}

// evaluateAnyAccount evaluates a request whose account the input does not
// show (aws-rules 6.1.6): once for each account the policy could tell apart
// (every account ID it names, and one it does not). When all give the same
// effect, the account does not matter and the decision stands; otherwise
// it is Unknown, and the detail says which account gives what.
func (p *Policy) evaluateAnyAccount(req Request) Decision {
	type outcome struct {
		account string
		d       Decision
	}
	var outs []outcome
	u := req.UnknownAccount
	for _, a := range p.accountCandidates(u) {
		outs = append(outs, outcome{a, p.withAccount(u, a).evaluate(req.withAccount(u, a))})
	}
	first := outs[0]
	i := slices.IndexFunc(outs, func(o outcome) bool { return o.d.Effect != first.d.Effect })
	if i < 0 {
		return p.evaluate(req)
	}
	other := outs[i]
	// Name a named account first: the last candidate is the one the
	// policy does not name ("any other account").
	named, rest := first, other
	if first.account == outs[len(outs)-1].account {
		named, rest = other, first
	}
	what := "any account the policy does not name"
	if rest.account != outs[len(outs)-1].account {
		what = "account " + rest.account
	}
	statement := named.d.Statement
	if statement == "" {
		statement = rest.d.Statement
	}
	return Decision{
		Effect:    Unknown,
		Action:    firstNonEmpty(named.d.Action, rest.d.Action, firstAction(req)),
		Statement: statement,
		Key:       AccountKey,
		Detail: fmt.Sprintf("the policy's answer for %s depends on the account ID, which the input does not show: for account %s it is %s%s, for %s %s%s (aws-rules 6.1.6)",
			target(strings.Join(req.Actions, ", "), req.Resource), named.account, named.d.Effect, by(named.d), what, rest.d.Effect, by(rest.d)),
	}
}

// by names the statement of a decision, as " by Sid \"X\"", or "".
func by(d Decision) string {
	if d.Statement == "" {
		return ""
	}
	return " by " + d.Statement
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func firstAction(req Request) string {
	if len(req.Actions) == 0 {
		return ""
	}
	return req.Actions[0]
}

// withAccount returns a copy of p in which the account from stands as
// account to, wherever it is written: the policy's own mentions of the
// unknown account (a placeholder that a reader wrote in its place, as in a
// condition on data.aws_caller_identity's account_id) are the same unknown
// account as the request's (aws-rules 6.1.6).
func (p *Policy) withAccount(from, to string) *Policy {
	out := *p
	out.Statements = make([]Statement, len(p.Statements))
	for i, s := range p.Statements {
		s.principals = slices.Clone(s.principals)
		for j := range s.principals {
			s.principals[j].id = swapValue(s.principals[j].id, from, to)
		}
		s.resources = slices.Clone(s.resources)
		for j := range s.resources {
			s.resources[j] = swapValue(s.resources[j], from, to)
		}
		s.conditions = slices.Clone(s.conditions)
		for j := range s.conditions {
			c := &s.conditions[j]
			c.values = slices.Clone(c.values)
			for k := range c.values {
				c.values[k] = swapValue(c.values[k], from, to)
			}
		}
		out.Statements[i] = s
	}
	return &out
}

// swapValue replaces a value that is the account from, or an ARN whose
// account is from.
func swapValue(v, from, to string) string {
	if v == from {
		return to
	}
	return swapAccount(v, from, to)
}

// accountCandidates returns the accounts the policy can tell apart: every
// 12-digit account ID written in a principal, resource or condition value
// (and, for a value that is a pattern of digits and wildcards, one account
// it matches), in order, then one account that none of them is. Any other
// account is evaluated like the last one. The unknown account itself is
// not one: where the policy writes it, it stands for the same account as
// the request's (withAccount).
func (p *Policy) accountCandidates(unknown string) []string {
	var out []string
	add := func(a string) {
		if a != "" && a != unknown && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	for i := range p.Statements {
		s := &p.Statements[i]
		var texts []string
		for _, pr := range s.principals {
			texts = append(texts, pr.id)
		}
		texts = append(texts, s.resources...)
		for _, c := range s.conditions {
			texts = append(texts, c.values...)
		}
		for _, t := range texts {
			for _, f := range strings.Split(t, ":") {
				for _, a := range accountsIn(f) {
					add(a)
				}
			}
		}
	}
	add(unnamedAccount(out))
	return out
}

// accountsIn returns the account IDs a text names: each run of exactly 12
// digits, and for a text made of digits and wildcards ("1234*"), the
// account that fills each wildcard with zeros.
func accountsIn(text string) []string {
	var out []string
	run := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] >= '0' && text[i] <= '9' {
			run++
			continue
		}
		if run == 12 {
			out = append(out, text[i-12:i])
		}
		run = 0
	}
	if a, ok := fillPattern(text); ok {
		out = append(out, a)
	}
	return out
}

// fillPattern returns a 12-digit account that a pattern of digits and
// wildcards matches, when it is one with a digit and a wildcard.
func fillPattern(text string) (string, bool) {
	if !strings.ContainsAny(text, "*?") || strings.Trim(text, "0123456789*?") != "" || strings.Trim(text, "*?") == "" {
		return "", false
	}
	digits := len(strings.Map(func(r rune) rune {
		if r == '*' {
			return -1
		}
		return r
	}, text))
	if digits > 12 {
		return "", false
	}
	var b strings.Builder
	star := false
	for _, r := range text {
		switch r {
		case '?':
			b.WriteByte('0')
		case '*':
			if !star {
				b.WriteString(strings.Repeat("0", 12-digits))
				star = true
			}
		default:
			b.WriteRune(r)
		}
	}
	a := b.String()
	return a, len(a) == 12 && glob(text, a)
}

// unnamedAccount returns an account ID that is not in named.
func unnamedAccount(named []string) string {
	for n := 999999999999; ; n-- {
		a := fmt.Sprintf("%012d", n)
		if !slices.Contains(named, a) {
			return a
		}
	}
}
