package policy

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// A tri is the three-valued result of matching part of a statement against
// a request whose condition keys may be undecidable (aws-rules 6.1.5).
type tri int8

const (
	no    tri = iota // does not match
	yes              // matches
	maybe            // depends on a condition key the request says nothing about
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// glob reports whether name matches pattern, in which * matches any run of
// characters and ? matches one character. The comparison is exact, byte
// for byte, for the other characters.
func glob(pattern, name string) bool {
	px, nx := 0, 0
	// Where to resume after a mismatch: the last * in pattern, and the
	// position in name it should next try to cover.
	starPx, starNx := -1, 0
	for px < len(pattern) || nx < len(name) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				starPx, starNx = px, nx
				px++
				continue
			case '?':
				if nx < len(name) {
					_, w := utf8.DecodeRuneInString(name[nx:])
					px++
					nx += w
					continue
				}
			default:
				if nx < len(name) && name[nx] == c {
					px++
					nx++
					continue
				}
			}
		}
		if starPx < 0 || starNx >= len(name) {
			return false
		}
		_, w := utf8.DecodeRuneInString(name[starNx:])
		starNx += w
		px, nx = starPx+1, starNx
	}
	return true
}

// arnMatch reports whether the ARN arn matches pattern as the Arn condition
// operators compare them: component by component, each with wildcards. A
// value that is not an ARN matches nothing.
func arnMatch(pattern, arn string) bool {
	pp := strings.SplitN(pattern, ":", 6)
	ap := strings.SplitN(arn, ":", 6)
	if len(pp) != 6 || len(ap) != 6 {
		return false
	}
	for i := range pp {
		if !glob(pp[i], ap[i]) {
			return false
		}
	}
	return true
}

// matchAction reports whether s covers action. Action names compare without
// case (aws-rules 6.1.3).
func (s *Statement) matchAction(action string) bool {
	action = strings.ToLower(action)
	in := slices.ContainsFunc(s.actions, func(p string) bool { return glob(strings.ToLower(p), action) })
	return in != s.notAction
}

// matchResource reports whether s covers the resource ARN. ARNs compare
// with case (aws-rules 6.1.3).
func (s *Statement) matchResource(resource string) bool {
	in := slices.ContainsFunc(s.resources, func(p string) bool { return glob(p, resource) })
	return in != s.notResource
}

// matchPrincipal reports whether s applies to the caller arn; "" is AWS
// acting on the customer's behalf (aws-rules 6.1.4, 6.3).
func (s *Statement) matchPrincipal(arn string) bool {
	in := slices.ContainsFunc(s.principals, func(p principal) bool { return p.matches(arn) })
	return in != s.notPrincipal
}

// isWildcard reports whether p is "*" or {"AWS": "*"}, which match anyone.
func (p principal) isWildcard() bool {
	return p.typ == "*" || p.typ == "AWS" && p.id == "*"
}

// matches reports whether p names the caller arn (aws-rules 6.1.3). An account
// ID or account root ARN names every principal of the account; any other
// ARN names only itself. Service, federated and canonical-user principals
// never name the callers vpctrace models, and only wildcards name AWS
// acting on the customer's behalf (arn "").
func (p principal) matches(arn string) bool {
	switch {
	case p.isWildcard():
		return true
	case p.typ != "AWS" || arn == "":
		return false
	}
	if account := principalAccount(p.id); account != "" {
		return accountOf(arn) == account
	}
	return p.id == arn
}

// principalAccount returns the account that id names as a whole: a bare
// account ID, or an account root ARN. It returns "" for other principals.
func principalAccount(id string) string {
	if isAccountID(id) {
		return id
	}
	parts := strings.SplitN(id, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5] == "root" {
		return parts[4]
	}
	return ""
}

// accountOf returns the account ID field of an ARN, or "".
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}
