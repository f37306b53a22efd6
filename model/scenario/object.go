package scenario

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
)

// maxMergeDepth bounds nested "<<" merge keys (which may even be cyclic).
const maxMergeDepth = 8

// object is one YAML mapping being turned into a model value: its value
// nodes by key, the path used in messages and the Source of the model value
// the fields belong to.
type object struct {
	d    *decoder
	id   string    // the key of an ID-keyed collection entry, else ""
	path string    // e.g. "subnets.private-a" or "route_tables.rt.routes[0]"
	src  model.Pos // Source of the model value these fields fill in
	vals map[string]*yaml.Node
	// keyNodes hold the key node of each value, for duplicate reports.
	keyNodes map[string]*yaml.Node
	// merged holds mappings already merged in through "<<", so that each
	// is read once however often it is referenced.
	merged map[*yaml.Node]bool
}

// object reads mapping node n, which may hold only the given keys. A nil or
// null node is an empty mapping; any other node is a wrong-type error.
func (d *decoder) object(n *yaml.Node, path string, src model.Pos, keys []string) *object {
	o := &object{d: d, path: path, src: src, vals: map[string]*yaml.Node{}, keyNodes: map[string]*yaml.Node{}}
	n = d.resolve(n)
	switch {
	case n == nil || isNull(n):
	case n.Kind != yaml.MappingNode:
		o.wrongType(n, label(path), "a mapping with keys such as "+strings.Join(firstN(keys, 3), ", "))
	default:
		o.load(n, keys, false, 0)
	}
	return o
}

// load adds the pairs of mapping n. Keys written in n win over keys that
// "<<" merge keys bring in, whatever their order (YAML merge semantics).
func (o *object) load(n *yaml.Node, keys []string, merging bool, depth int) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := o.d.resolve(n.Content[i]), n.Content[i+1]
		switch {
		case k == nil:
		case k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge":
			merges = append(merges, v)
		case k.Kind != yaml.ScalarNode || isNull(k):
			o.fail(k, CodeWrongType, "%s: expected a key such as %s, found %s", label(o.path), strings.Join(firstN(keys, 1), ""), describe(k))
		default:
			o.put(k, v, keys, merging)
		}
	}
	for _, m := range merges {
		o.merge(m, keys, depth)
	}
}

// merge brings in the mapping (or list of mappings) of a "<<" key.
func (o *object) merge(m *yaml.Node, keys []string, depth int) {
	m = o.d.resolve(m)
	if m == nil {
		return
	}
	if depth >= maxMergeDepth {
		o.fail(m, CodeWrongType, "%s: merge keys (<<) nested more than %d deep", label(o.path), maxMergeDepth)
		return
	}
	items := []*yaml.Node{m}
	if m.Kind == yaml.SequenceNode {
		items = m.Content
	}
	for _, item := range items {
		item = o.d.resolve(item)
		switch {
		case item == nil:
		case item.Kind != yaml.MappingNode:
			o.wrongType(item, o.sub("<<"), "a mapping or a list of mappings to merge")
		case o.merged == nil || !o.merged[item]:
			if o.merged == nil {
				o.merged = map[*yaml.Node]bool{}
			}
			o.merged[item] = true
			o.load(item, keys, true, depth+1)
		}
	}
}

// put records one key/value pair, reporting unknown and repeated keys.
func (o *object) put(k, v *yaml.Node, keys []string, merging bool) {
	key := k.Value
	if !slices.Contains(keys, key) {
		o.fail(k, CodeUnknownKey, "unknown key %q %s (%sexpected one of: %s)", key, where(o.path), suggest(key, keys), strings.Join(keys, ", "))
		return
	}
	if prev, dup := o.keyNodes[key]; dup {
		if !merging {
			o.fail(k, CodeDuplicateKey, "key %q appears twice %s (first at line %d, column %d)", key, where(o.path), prev.Line, prev.Column)
		}
		return
	}
	o.keyNodes[key] = k
	o.vals[key] = v
}

// has reports whether key was written, even with a null value.
func (o *object) has(key string) bool {
	_, ok := o.vals[key]
	return ok
}

// value returns the value node of key, following aliases; nil when the key
// is absent or its value is null.
func (o *object) value(key string) *yaml.Node {
	n := o.d.resolve(o.vals[key])
	if n == nil || isNull(n) {
		return nil
	}
	return n
}

// keyPos returns the position of key's key node, or the object's own.
func (o *object) keyPos(key string) model.Pos {
	if k, ok := o.keyNodes[key]; ok {
		return o.d.pos(k)
	}
	return o.src
}

// sub returns the message path of a field.
func (o *object) sub(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// fail reports an error at n and marks the object's model value broken.
func (o *object) fail(n *yaml.Node, code, format string, args ...any) {
	o.failAt(o.d.pos(n), code, format, args...)
}

func (o *object) failAt(pos model.Pos, code, format string, args ...any) {
	o.d.broken[o.src] = true
	o.d.errorf(pos, code, format, args...)
}

func (o *object) wrongType(n *yaml.Node, path, want string) {
	o.fail(n, CodeWrongType, "%s: expected %s, found %s", path, want, describe(n))
}

// require reports a missing required key (the model cannot tell an unset
// field from a zero one, so these are checked here).
func (o *object) require(key, want string) bool {
	if o.value(key) != nil {
		return true
	}
	o.failAt(o.src, model.CodeMissingField, "%s: missing required key %q (expected %s)", label(o.path), key, want)
	return false
}

// child reads the mapping under key; its fields belong to the same model
// value as o's.
func (o *object) child(key string, keys []string) *object {
	return o.d.object(o.vals[key], o.sub(key), o.src, keys)
}

// pairs calls f for each key/value pair of the mapping under key, in input
// order, with v resolved (null stays a null node); want describes the
// mapping for a wrong-type message. A repeated key
// is an error unless dups is set, in which case f sees it again. pairs
// returns false when the value is not a mapping.
func (o *object) pairs(key, want string, dups bool, f func(k, v *yaml.Node, path string)) bool {
	n := o.value(key)
	if n == nil {
		return true
	}
	path := o.sub(key)
	if n.Kind != yaml.MappingNode {
		o.wrongType(n, path, want)
		return false
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := o.d.resolve(n.Content[i])
		if k == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode || isNull(k) || k.ShortTag() == "!!merge" {
			o.wrongType(k, path, "a key that is a string (merge keys are not allowed here)")
			continue
		}
		if prev, dup := seen[k.Value]; dup && !dups {
			o.fail(k, CodeDuplicateKey, "key %q appears twice in %s (first at line %d, column %d)", k.Value, path, prev.Line, prev.Column)
			continue
		}
		seen[k.Value] = k
		if v := o.d.resolve(n.Content[i+1]); v != nil {
			f(k, v, path+"."+k.Value)
		}
	}
	return true
}

// idMap decodes the collection under key: a mapping of ID to object, in
// input order. The object's Source is the position of its ID. A repeated
// ID decodes twice; Validate reports it as a duplicate-id error.
func idMap[T any](o *object, key string, keys []string, decode func(*object) T) []T {
	var out []T
	ok := o.pairs(key, "a mapping of id to object", true, func(k, v *yaml.Node, path string) {
		obj := o.d.object(v, path, o.d.pos(k), keys)
		obj.id = k.Value
		out = append(out, decode(obj))
	})
	if !ok {
		// Without the collection, references to its objects would only
		// repeat this error.
		o.d.structural = true
	}
	return out
}

// list decodes the list of mappings under key (rules, routes, records,
// containers); each item's Source is its own position.
func list[T any](o *object, key string, keys []string, decode func(*object) T) []T {
	n := o.value(key)
	if n == nil {
		return nil
	}
	path := o.sub(key)
	if n.Kind != yaml.SequenceNode {
		o.wrongType(n, path, "a list of mappings")
		return nil
	}
	var out []T
	for i, item := range n.Content {
		item = o.d.resolve(item)
		if item == nil {
			continue
		}
		obj := o.d.object(item, fmt.Sprintf("%s[%d]", path, i), o.d.pos(item), keys)
		out = append(out, decode(obj))
	}
	return out
}

// parser converts one scalar node; it reports its own errors through o.
type parser[T any] func(o *object, n *yaml.Node, path string) (T, bool)

// get converts the value of key; ok is false when it is absent or wrong.
func get[T any](o *object, key string, p parser[T]) (v T, ok bool) {
	n := o.value(key)
	if n == nil {
		return v, false
	}
	return p(o, n, o.sub(key))
}

// getList converts the value of key, a list or a single value standing for
// a list of one.
func getList[T any](o *object, key string, p parser[T]) []T {
	n := o.value(key)
	if n == nil {
		return nil
	}
	path := o.sub(key)
	if n.Kind != yaml.SequenceNode {
		if v, ok := p(o, n, path); ok {
			return []T{v}
		}
		return nil
	}
	var out []T
	for i, item := range n.Content {
		if item = o.d.resolve(item); item == nil {
			continue
		}
		if v, ok := p(o, item, fmt.Sprintf("%s[%d]", path, i)); ok {
			out = append(out, v)
		}
	}
	return out
}

// text returns the string under key read by p, or "" when it is absent or
// wrong.
func (o *object) text(key string, p parser[string]) string {
	v, _ := get(o, key, p)
	return v
}

func (o *object) str(key string) string { return o.text(key, parseString) }

// strOr returns the string under key, or def when it is absent or empty.
func (o *object) strOr(key, def string) string {
	if v := o.str(key); v != "" {
		return v
	}
	return def
}

func (o *object) strs(key string) []string { return getList(o, key, parseString) }

// ref returns the ID under key and records where it was written.
func (o *object) ref(key string) string { return o.text(key, parseRef) }

func (o *object) refs(key string) []string { return getList(o, key, parseRef) }

// flag returns the boolean under key, or def when it is absent.
func (o *object) flag(key string, def bool) bool {
	if v, ok := get(o, key, parseBool); ok {
		return v
	}
	return def
}

// tristate returns the boolean under key, or model.Unset when it is absent.
func (o *object) tristate(key string) model.Tristate {
	if v, ok := get(o, key, parseBool); ok {
		return model.Of(v)
	}
	return model.Unset
}

func (o *object) prefix(key string, fam model.IPFamily) netip.Prefix {
	v, _ := get(o, key, parsePrefix(fam))
	return v
}

func (o *object) prefixes(key string, fam model.IPFamily) []netip.Prefix {
	return getList(o, key, parsePrefix(fam))
}

func (o *object) addr(key string) netip.Addr {
	v, _ := get(o, key, parseAddr)
	return v
}

// stringMap reads a mapping of string to scalar (log options, capacity
// providers); ref records its values as references.
func (o *object) stringMap(key string, ref bool) map[string]string {
	var out map[string]string
	o.pairs(key, "a mapping of name to value", false, func(k, v *yaml.Node, path string) {
		p := parseString
		if ref {
			p = parseRef
		}
		if s, ok := p(o, v, path); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[k.Value] = s
		}
	})
	return out
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names a node for "found ..." in messages.
func describe(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.DocumentNode:
		return "a document"
	case isNull(n):
		return "nothing (null)"
	}
	return fmt.Sprintf("%q", n.Value)
}

// label names a path at the start of a message.
func label(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}

// where names a path after "unknown key ... ".
func where(path string) string {
	if path == "" {
		return "at the top level"
	}
	return "in " + path
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func firstN(list []string, n int) []string {
	return list[:min(n, len(list))]
}

// suggest returns `did you mean "KEY"? ` for the known key closest to key,
// when one is close enough to be a likely typo.
func suggest(key string, keys []string) string {
	best, bestDist := "", 3
	for _, k := range keys {
		if dist := editDistance(key, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("did you mean %q? ", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
