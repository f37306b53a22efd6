package tfjson

import "strings"

// refKind classifies a reference string of Terraform's JSON configuration.
type refKind int

// Reference kinds; refOther covers path, terraform, self and anything
// else this package does not follow.
const (
	refOther     refKind = iota
	refResource          // a managed resource or data source
	refModule            // a module call's output (or the whole call)
	refVar               // an input variable
	refEachValue         // each.value
	refIndexKey          // each.key or count.index
	refLocal             // a local value, which the JSON does not define
)

// ref is a parsed reference.
type ref struct {
	kind   refKind
	base   string // resource address without key, relative to the module
	key    string // instance key of a resource or module call, `["a"]`
	name   string // variable, local value or module call name
	output string // module output name; "" for the whole call
}

// step is one dotted part of a reference or address with its index keys.
type step struct {
	name string
	key  string // the first index, brackets and all; "" when none
}

// parseRef parses a reference such as `aws_subnet.private["a"].id`,
// `data.aws_region.current.name`, `module.net.subnet_ids`, `var.vpc_id` or
// `each.value`.
func parseRef(s string) (ref, bool) {
	steps, ok := parseSteps(s)
	if !ok || len(steps) == 0 {
		return ref{}, false
	}
	switch name := steps[0].name; name {
	case "var":
		return namedRef(refVar, steps)
	case "local":
		return namedRef(refLocal, steps)
	case "module":
		return moduleRef(steps)
	case "each", "count":
		return indexRef(steps)
	case "data":
		if len(steps) < 3 {
			return ref{}, false
		}
		return ref{kind: refResource, base: "data." + steps[1].name + "." + steps[2].name, key: steps[2].key}, true
	case "path", "terraform", "self", "ephemeral", "run", "output", "check", "action":
		return ref{kind: refOther}, true
	}
	if len(steps) < 2 || steps[0].key != "" {
		return ref{}, false
	}
	return ref{kind: refResource, base: steps[0].name + "." + steps[1].name, key: steps[1].key}, true
}

// namedRef parses var.NAME.
func namedRef(kind refKind, steps []step) (ref, bool) {
	if len(steps) < 2 {
		return ref{}, false
	}
	return ref{kind: kind, name: steps[1].name}, true
}

// moduleRef parses module.NAME[KEY].OUTPUT, the key and output optional.
func moduleRef(steps []step) (ref, bool) {
	if len(steps) < 2 {
		return ref{}, false
	}
	r := ref{kind: refModule, name: steps[1].name, key: steps[1].key}
	if len(steps) > 2 {
		r.output = steps[2].name
	}
	return r, true
}

// indexRef parses each.key, each.value and count.index.
func indexRef(steps []step) (ref, bool) {
	if len(steps) < 2 {
		return ref{}, false
	}
	switch steps[0].name + "." + steps[1].name {
	case "each.value":
		return ref{kind: refEachValue}, true
	case "each.key", "count.index":
		return ref{kind: refIndexKey}, true
	}
	return ref{kind: refOther}, true
}

// parseSteps splits a reference or address into its dotted steps, each
// with the index keys that follow its name.
func parseSteps(s string) ([]step, bool) {
	var steps []step
	for s != "" {
		n := strings.IndexAny(s, ".[")
		if n < 0 {
			n = len(s)
		}
		st := step{name: s[:n]}
		if st.name == "" {
			return nil, false
		}
		s = s[n:]
		for strings.HasPrefix(s, "[") {
			k, ok := KeyLen(s)
			if !ok {
				return nil, false
			}
			if st.key == "" {
				st.key = s[:k]
			}
			s = s[k:]
		}
		steps = append(steps, st)
		if s != "" {
			rest, ok := strings.CutPrefix(s, ".")
			if !ok || rest == "" {
				return nil, false
			}
			s = rest
		}
	}
	return steps, true
}

// KeyLen returns the length of the index key `["..."]` or `[N]` that
// starts s (escapes in the quoted key skipped), and whether there is one.
func KeyLen(s string) (int, bool) {
	if strings.HasPrefix(s, `["`) {
		for i := 2; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				if i+1 < len(s) && s[i+1] == ']' {
					return i + 2, true
				}
				return 0, false
			}
		}
		return 0, false
	}
	end := strings.IndexByte(s, ']')
	if !strings.HasPrefix(s, "[") || end < 2 {
		return 0, false
	}
	return end + 1, true
}

// isKey reports whether s is exactly one index key.
func isKey(s string) bool {
	n, ok := KeyLen(s)
	return ok && n == len(s)
}
