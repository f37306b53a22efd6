package policy

import (
	"fmt"
	"strings"
)

// This file writes Decision.Detail: plain sentences for a network engineer
// that name the deciding statement, what matched or did not, and what to
// change.

// target formats "ACTION on RESOURCE".
func target(action, resource string) string {
	if resource == "" {
		return action
	}
	return action + " on " + resource
}

// explicitDeny explains a Deny that matches: it decides whatever the Allows
// say (aws-rules 6.1.2).
func explicitDeny(v *verdict, action string, req Request, ctx *reqContext) Decision {
	when := ""
	if len(v.s.conditions) > 0 {
		when = " when " + conditionList(v.s.conditions)
		if c := firstAbsent(v.s.conditions, ctx); c != nil {
			who, cite := carrier(req)
			when += fmt.Sprintf(", which holds because %s %s%s", who, c.key, cite)
		}
	}
	return Decision{
		Effect:    Denied,
		Action:    action,
		Statement: v.s.Name(),
		Detail: fmt.Sprintf("%s denies %s%s; an explicit Deny overrides every Allow (aws-rules 6.1.2), so narrow or remove that statement if this call must pass",
			v.s.Name(), target(action, req.Resource), when),
	}
}

// firstAbsent returns the first of cs whose key the request lacks, or nil.
func firstAbsent(cs []condition, ctx *reqContext) *condition {
	for i := range cs {
		if _, state := ctx.lookup(cs[i].key); state == keyAbsent {
			return &cs[i]
		}
	}
	return nil
}

// carrier names, for a sentence about a condition key the request lacks,
// who lacks it (as in "ECR layer downloads never carry") and the aws-rules
// section that says so.
func carrier(req Request) (who, cite string) {
	switch {
	case isLayerBucket(req.Resource):
		return "ECR layer downloads never carry", " (aws-rules 6.3.1)"
	case req.Principal == "":
		return "requests AWS makes on the customer's behalf do not carry", " (aws-rules 6.3)"
	}
	return "this request does not carry", ""
}

// undecided explains an Unknown outcome that hangs on v's undecidable
// condition (aws-rules 6.1.5).
func undecided(v *verdict, action string, req Request, ctx *reqContext) Decision {
	c := v.deciding
	why := "the model does not give " + c.key
	if _, state := ctx.lookup(c.key); state == keyPresent {
		why = "it does not evaluate " + c.op.info.name + " conditions"
	}
	var detail string
	if v.s.Effect == Deny {
		detail = fmt.Sprintf("%s denies %s when %s, which vpctrace cannot decide because %s (aws-rules 6.1.5); the call is denied if that condition holds",
			v.s.Name(), target(action, req.Resource), c, why)
	} else {
		detail = fmt.Sprintf("%s allows %s only when %s, which vpctrace cannot decide because %s (aws-rules 6.1.5); no other statement allows it for certain",
			v.s.Name(), target(action, req.Resource), c, why)
	}
	return Decision{Effect: Unknown, Action: action, Statement: v.s.Name(), Key: c.key, Detail: detail}
}

// allowed explains a request whose every action is allowed.
func allowed(grants []grant, resource string) Decision {
	if len(grants) == 0 {
		return Decision{Effect: Allowed, Detail: "the request names no action to check"}
	}
	var parts []string
	for i := 0; i < len(grants); {
		by := grants[i].by
		var actions []string
		for ; i < len(grants) && grants[i].by == by; i++ {
			actions = append(actions, grants[i].action)
		}
		parts = append(parts, fmt.Sprintf("%s allows %s", by.Name(), target(andList(actions), resource)))
	}
	return Decision{Effect: Allowed, Statement: grants[0].by.Name(), Detail: strings.Join(parts, "; ")}
}

// implicitDeny explains an action that no statement allows, through the
// Allow that came closest to matching, if any (aws-rules 6.1.2).
func implicitDeny(closest *verdict, action string, req Request, ctx *reqContext) Decision {
	return Decision{
		Effect: Denied,
		Action: action,
		Detail: "no statement allows " + target(action, req.Resource) + ": " + whyNot(closest, action, req, ctx),
	}
}

// whyNot says which part of the Allow v did not match, and what to change.
func whyNot(v *verdict, action string, req Request, ctx *reqContext) string {
	switch {
	case v == nil:
		return "the policy has no Allow statement; add one for this action and resource"
	case !v.action && v.s.notAction:
		return fmt.Sprintf("the NotAction of %s excludes it; remove %s from there", v.s.Name(), action)
	case !v.action:
		return fmt.Sprintf("no Allow statement's Action covers it; add %s to one", action)
	case !v.resource && v.s.notResource:
		return fmt.Sprintf("%s allows it on every resource except %s; remove that resource from its NotResource", v.s.Name(), valueList(v.s.resources))
	case !v.resource:
		return fmt.Sprintf("%s allows %s only on %s; add %s to its Resource", v.s.Name(), action, valueList(v.s.resources), req.Resource)
	case !v.principal && req.Principal == "":
		return fmt.Sprintf(`%s allows it only for %s, but AWS makes this request on the customer's behalf, as no principal of the customer's account (aws-rules 6.3); allow it with "Principal": "*"`,
			v.s.Name(), principalList(v.s.principals))
	case !v.principal && v.s.notPrincipal:
		return fmt.Sprintf("%s allows it for every principal except %s, which covers %s; remove it from its NotPrincipal", v.s.Name(), principalList(v.s.principals), req.Principal)
	case !v.principal:
		return fmt.Sprintf("%s allows it only for %s, not %s; add that principal to its Principal", v.s.Name(), principalList(v.s.principals), req.Principal)
	}
	return conditionMiss(v, req, ctx)
}

// conditionMiss explains an Allow whose condition v.deciding is false.
func conditionMiss(v *verdict, req Request, ctx *reqContext) string {
	c := v.deciding
	val, state := ctx.lookup(c.key)
	var why string
	switch {
	case state == keyAbsent:
		who, cite := carrier(req)
		why = "which " + who + cite
	case c.op.info.null:
		why = "but this request carries it"
	default:
		why = fmt.Sprintf("but this request's %s is %s", c.key, val)
	}
	fix := "change the condition or add an Allow that this request matches"
	if state == keyAbsent && req.Principal == "" {
		fix = "add an unconditioned Allow for that resource"
	}
	return fmt.Sprintf("%s allows it only when %s, %s; %s", v.s.Name(), c, why, fix)
}

// isLayerBucket reports whether resource is in an ECR layer bucket,
// prod-REGION-starport-layer-bucket (aws-rules 6.2, 6.3).
func isLayerBucket(resource string) bool {
	_, path, ok := strings.Cut(resource, ":s3:::")
	bucket, _, _ := strings.Cut(path, "/")
	return ok && strings.HasPrefix(bucket, "prod-") && strings.HasSuffix(bucket, "-starport-layer-bucket")
}

func conditionList(cs []condition) string {
	parts := make([]string, len(cs))
	for i := range cs {
		parts[i] = cs[i].String()
	}
	return strings.Join(parts, " and ")
}

func principalList(ps []principal) string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.String()
	}
	return valueList(ids)
}

// andList formats words as `a`, `a and b` or `a, b and c`.
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
