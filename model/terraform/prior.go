package terraform

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// prior holds Options.Prior, a plan or state of the root, indexed for the
// evaluator: values the file knows win over the evaluator's, and what it
// leaves unknown the evaluator fills in.
type prior struct {
	snap *tfjson.Snapshot
	// keys lists, for each resource and module call address
	// (`module.net["a"].aws_subnet.private`, `module.net`), the instance
	// keys the file has for it, in address order.
	keys map[string][]instKey
	// taken marks the instances the evaluator has matched.
	taken map[string]bool
}

// newPrior indexes a snapshot; nil gives nil.
func newPrior(s *tfjson.Snapshot) *prior {
	if s == nil {
		return nil
	}
	p := &prior{snap: s, keys: map[string][]instKey{}, taken: map[string]bool{}}
	seen := map[string]bool{}
	addKey := func(base, key string) {
		if seen[base+key] {
			return
		}
		seen[base+key] = true
		if k, ok := parseInstKey(key); ok {
			p.keys[base] = append(p.keys[base], k)
		}
	}
	for _, in := range s.Sorted() {
		addKey(in.Resource, in.Key)
		for _, m := range moduleSteps(in.Module) {
			addKey(m.call, m.key)
		}
	}
	return p
}

// moduleStep is one module instance of a module address: the call's
// address (`module.a["x"].module.b`) and the instance key ("[0]").
type moduleStep struct{ call, key string }

// moduleSteps splits a module instance address into its module instances,
// outermost first. Keys may hold dots and brackets inside quotes.
func moduleSteps(addr string) []moduleStep {
	var out []moduleStep
	for i := 0; i < len(addr); {
		if !strings.HasPrefix(addr[i:], "module.") {
			return out
		}
		j := i + len("module.")
		for j < len(addr) && addr[j] != '.' && addr[j] != '[' {
			j++
		}
		call, key := addr[:j], ""
		if j < len(addr) && addr[j] == '[' {
			n := keyLen(addr[j:])
			if n < 0 {
				return out
			}
			key = addr[j : j+n]
			j += n
		}
		out = append(out, moduleStep{call: call, key: key})
		i = j + 1 // the dot after the step
	}
	return out
}

// keyLen returns the length of the `[...]` key at the start of s, or -1.
func keyLen(s string) int {
	if n, ok := tfjson.KeyLen(s); ok {
		return n
	}
	return -1
}

// parseInstKey parses an address key: "" (a single instance), "[3]" or
// `["a"]`.
func parseInstKey(key string) (instKey, bool) {
	if key == "" {
		return instKey{kind: noKey}, true
	}
	inner := key[1 : len(key)-1]
	if strings.HasPrefix(inner, `"`) {
		s, err := strconv.Unquote(inner)
		return instKey{kind: stringKey, key: s, value: cty.DynamicVal}, err == nil
	}
	i, err := strconv.Atoi(inner)
	return instKey{kind: intKey, index: i}, err == nil && i >= 0
}

// priorKeys returns the keys the file gives a resource or module call
// whose count or for_each the evaluator cannot know, with a note saying
// so; ok is false when the file has no instance of it.
func (in *instance) priorKeys(n *node) ([]instKey, bool) {
	p := in.ev.prior
	if p == nil {
		return nil, false
	}
	keys := p.keys[in.prefix+n.key]
	if len(keys) == 0 || slices.ContainsFunc(keys, func(k instKey) bool { return k.kind == noKey }) {
		return nil, false
	}
	arg, e := "count", n.count
	if e == nil {
		arg, e = "for_each", n.forEach
	}
	in.ev.diags.add(model.SeverityInfo, codePriorKeys, e.Range(), fmt.Sprintf(
		"The %s of %s%s is not known to vpctrace; its %d instances are taken from %s", arg, in.prefix, n.key, len(keys), p.name()))
	return keys, true
}

// name is the file's base name, for messages.
func (p *prior) name() string { return filepath.Base(p.snap.File) }

// take returns the file's instance at addr (its values, and whether the
// plan creates it), if it has it.
func (p *prior) take(addr string) (tfjson.Instance, bool) {
	if p == nil {
		return tfjson.Instance{}, false
	}
	in, ok := p.snap.Instances[addr]
	if !ok {
		return tfjson.Instance{}, false
	}
	p.taken[addr] = true
	return in, true
}

// overlay merges the file's value p of an attribute (or a whole instance)
// into the evaluator's value v: what the file knows wins, and where the
// file says "known after apply" the evaluator's value stays. Objects and
// maps are merged attribute by attribute (attributes only the evaluator
// has stay), sequences of equal length element by element, each with the
// file's element that matches it (see pairElements: the file lists a set,
// such as a security group's egress blocks, in its own order);
// collections whose shapes differ keep the evaluator's value unless the
// file knows all of it.
func overlay(v, p cty.Value) cty.Value {
	switch {
	case p == cty.NilVal || !p.IsKnown():
		return v
	case v == cty.NilVal || !v.IsKnown() || v.IsNull() || p.IsNull():
		return p
	}
	pt, vt := p.Type(), v.Type()
	switch {
	case (pt.IsObjectType() || pt.IsMapType()) && (vt.IsObjectType() || vt.IsMapType()):
		vals := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			vals[k.AsString()] = e
		}
		for it := p.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if m := overlay(vals[k.AsString()], e); m != cty.NilVal {
				vals[k.AsString()] = m
			}
		}
		return conform(cty.ObjectVal(vals), vt)
	case (pt.IsTupleType() || pt.IsListType()) && (vt.IsTupleType() || vt.IsListType()) && p.LengthInt() == v.LengthInt() && p.LengthInt() > 0:
		ve, pe := v.AsValueSlice(), p.AsValueSlice()
		elems := make([]cty.Value, len(ve))
		for i, j := range pairElements(ve, pe) {
			elems[i] = ve[i]
			if j >= 0 {
				elems[i] = overlay(ve[i], pe[j])
			}
		}
		return conform(cty.TupleVal(elems), vt)
	case p.IsWhollyKnown():
		return conform(p, vt)
	}
	return v
}

// pairElements pairs each element of the evaluator's sequence v with the
// element of the file's p (of the same length) that describes it, by
// index, or by content when the file orders them otherwise (Terraform
// sorts a set's elements; the configuration lists them as written): an
// element with exactly one compatible partner takes it, until none is
// left or the rest are ambiguous. An element with no partner, or with
// several that differ, gets -1 and keeps the evaluator's value.
func pairElements(v, p []cty.Value) []int {
	pairs := make([]int, len(v))
	inOrder := true
	for i := range v {
		pairs[i] = i
		inOrder = inOrder && compatible(v[i], p[i])
	}
	if inOrder {
		return pairs
	}
	cands := make([][]int, len(v))
	for i := range v {
		pairs[i] = -1
		for j := range p {
			if compatible(v[i], p[j]) {
				cands[i] = append(cands[i], j)
			}
		}
	}
	taken := make([]bool, len(p))
	for progress := true; progress; {
		progress = false
		for i, cs := range cands {
			if pairs[i] >= 0 {
				continue
			}
			cs = slices.DeleteFunc(cs, func(j int) bool { return taken[j] })
			cands[i] = cs
			if len(cs) == 1 || len(cs) > 1 && allEqual(p, cs) {
				pairs[i], taken[cs[0]], progress = cs[0], true, true
			}
		}
	}
	return pairs
}

// allEqual reports whether the elements of p at indexes is are equal.
func allEqual(p []cty.Value, is []int) bool {
	for _, j := range is[1:] {
		if !p[j].RawEquals(p[is[0]]) {
			return false
		}
	}
	return true
}

// compatible reports whether the evaluator's value v and the file's p can
// describe the same thing: every part known to both is equal, up to the
// file's JSON types (a set or list reads as a tuple). Null and unknown
// parts are compatible with anything.
func compatible(v, p cty.Value) bool {
	if v == cty.NilVal || p == cty.NilVal || !v.IsKnown() || !p.IsKnown() || v.IsNull() || p.IsNull() {
		return true
	}
	vt, pt := v.Type(), p.Type()
	switch {
	case (vt.IsObjectType() || vt.IsMapType()) && (pt.IsObjectType() || pt.IsMapType()):
		for it := p.ElementIterator(); it.Next(); {
			k, pe := it.Element()
			if ve, ok := element(v, k.AsString()); ok && !compatible(ve, pe) {
				return false
			}
		}
		return true
	case vt.IsPrimitiveType() && pt.IsPrimitiveType():
		c, err := convert.Convert(p, vt)
		return err == nil && (c.RawEquals(v) || vt == cty.Number && c.Equals(v).True())
	case v.CanIterateElements() && p.CanIterateElements() && !vt.IsObjectType() && !pt.IsObjectType():
		// In any order: either may be a set.
		return v.LengthInt() == p.LengthInt() && !slices.Contains(pairElements(v.AsValueSlice(), p.AsValueSlice()), -1)
	}
	return true
}

// element returns attribute (or map key) k of v.
func element(v cty.Value, k string) (cty.Value, bool) {
	if v.Type().IsObjectType() {
		if !v.Type().HasAttribute(k) {
			return cty.NilVal, false
		}
		return v.GetAttr(k), true
	}
	kv := cty.StringVal(k)
	if !v.HasIndex(kv).True() {
		return cty.NilVal, false
	}
	return v.Index(kv), true
}

// conform converts a merged value to the evaluator's type t when t is a
// collection or primitive type and the conversion works: the file's JSON
// has no types (a set or list reads as a tuple, a map as an object).
// Object types are left alone: converting to one would drop the
// attributes it does not list.
func conform(p cty.Value, t cty.Type) cty.Value {
	if t.IsObjectType() || t.IsTupleType() || t == cty.DynamicPseudoType || t.Equals(p.Type()) {
		return p
	}
	if c, err := convert.Convert(p, t); err == nil {
		return c
	}
	return p
}

// compare warns when an attribute the configuration sets to a known
// value of a primitive type, from no resource or data source (so never
// from an ID the evaluator made up), has another known value in the
// file: the
// file's wins, and the two were most likely made with other variables or
// another version of the configuration. Strings holding JSON are left
// out (the provider normalizes them), as are collections.
func (p *prior) compare(diags *diagSink, addr string, body bodyValue, known cty.Value) {
	cfg := body.val
	if !cfg.Type().IsObjectType() || !known.Type().IsObjectType() {
		return
	}
	for name := range cfg.Type().AttributeTypes() {
		ours := cfg.GetAttr(name)
		if len(body.refs[name]) > 0 {
			continue // it may hold what the evaluator synthesized (an ID)
		}
		if !known.Type().HasAttribute(name) || !ours.IsWhollyKnown() || ours.IsNull() || !ours.Type().IsPrimitiveType() {
			continue
		}
		theirs := known.GetAttr(name)
		if !theirs.IsWhollyKnown() || theirs.IsNull() || !theirs.Type().IsPrimitiveType() {
			continue
		}
		conv, err := convert.Convert(ours, theirs.Type())
		if err != nil || conv.Equals(theirs).True() || looksLikeJSON(theirs) || normalizedEqual(conv, theirs) {
			continue
		}
		diags.addPos(model.SeverityWarning, codePriorMismatch, body.attrPos[name], fmt.Sprintf(
			"%s.%s is %s in the configuration but %s in %s: the %s's value is used (was the %s made with other variables, or another version of the configuration?)",
			addr, name, shortValue(conv), shortValue(theirs), p.name(), p.snap.Kind, p.snap.Kind))
	}
}

// looksLikeJSON reports whether v is a string holding a JSON object or
// array.
func looksLikeJSON(v cty.Value) bool {
	if v.Type() != cty.String {
		return false
	}
	s := strings.TrimSpace(v.AsString())
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")
}

// normalizedEqual reports whether two strings are the same value as the
// provider stores it: DNS names without their final dot and in any case
// (a Route 53 zone "example.com." is "example.com"), and protocols by name
// or number ("6" is "tcp", "all" is "-1").
func normalizedEqual(a, b cty.Value) bool {
	if a.Type() != cty.String || b.Type() != cty.String {
		return false
	}
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSuffix(s, "."))
		if p, ok := protocolAliases[s]; ok {
			return p
		}
		return s
	}
	return norm(a.AsString()) == norm(b.AsString())
}

// protocolAliases are the protocol numbers (and "all") providers store
// by another name.
var protocolAliases = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}

// shortValue formats a primitive value for a message.
func shortValue(v cty.Value) string {
	switch v.Type() {
	case cty.String:
		s := v.AsString()
		if len(s) > 60 {
			s = s[:57] + "..."
		}
		return strconv.Quote(s)
	case cty.Bool:
		return strconv.FormatBool(v.True())
	case cty.Number:
		return v.AsBigFloat().Text('g', -1)
	}
	return v.GoString()
}

// checkPrior compares the instances the evaluator made with the file's:
// a file that shares none of them was made from another root (an error);
// resources that are in one but not the other, or have other instances,
// are warnings naming both positions.
func (ev *evaluator) checkPrior() {
	p := ev.prior
	if p == nil {
		return
	}
	type side struct {
		pos  model.Pos
		keys []string
	}
	ours := map[string]*side{}
	var wild []string
	for _, r := range ev.resources {
		if r.Unexpanded {
			wild = append(wild, r.Address)
			continue
		}
		base, key := splitInstance(r.Address)
		s := ours[base]
		if s == nil {
			s = &side{pos: r.Pos}
			ours[base] = s
		}
		s.keys = append(s.keys, key)
	}
	theirs := map[string]*side{}
	matched := 0
	for _, in := range p.snap.Sorted() {
		if p.taken[in.Address] {
			matched++
		}
		if slices.ContainsFunc(wild, func(w string) bool { return matchesWild(w, in.Address) }) {
			continue
		}
		s := theirs[in.Resource]
		if s == nil {
			s = &side{pos: in.Pos}
			theirs[in.Resource] = s
		}
		s.keys = append(s.keys, in.Key)
	}
	what, file := p.snap.Kind, p.name()
	if matched == 0 && len(p.snap.Instances) > 0 && len(ours) > 0 {
		first := p.snap.Sorted()[0]
		ev.diags.addPos(model.SeverityError, codePriorOtherRoot, first.Pos, fmt.Sprintf(
			"%s was not made from %s: none of its %d resource instances (%s, ...) is declared there; give the %s of this root",
			file, ev.rootDir, len(p.snap.Instances), first.Address, what))
		return
	}
	for _, base := range sortedKeys(ours) {
		s, t := ours[base], theirs[base]
		switch {
		case t == nil:
			ev.diags.addPos(model.SeverityWarning, codePriorMismatch, s.pos, fmt.Sprintf(
				"%s is in the root but not in %s (the %s of another version of the configuration?): its values are the configuration's alone", base, file, what))
		case !slices.Equal(s.keys, t.keys):
			ev.diags.addPos(model.SeverityWarning, codePriorMismatch, s.pos, fmt.Sprintf(
				"%s has instances %s in the root but %s in %s (%s): only instances in both take values from the %s",
				base, keyList(s.keys), keyList(t.keys), file, t.pos, what))
		}
	}
	for _, base := range sortedKeys(theirs) {
		if ours[base] == nil {
			t := theirs[base]
			ev.diags.addPos(model.SeverityWarning, codePriorMismatch, t.pos, fmt.Sprintf(
				"%s lists %s, which the root in %s does not declare: it is left out", file, base, ev.rootDir))
		}
	}
}

// splitInstance splits an instance address into its resource address and
// its key.
func splitInstance(addr string) (base, key string) {
	if !strings.HasSuffix(addr, "]") {
		return addr, ""
	}
	for i := range len(addr) {
		if addr[i] == '[' && keyLen(addr[i:]) == len(addr)-i {
			return addr[:i], addr[i:]
		}
	}
	return addr, ""
}

// keyList formats instance keys for a message.
func keyList(keys []string) string {
	if len(keys) == 1 && keys[0] == "" {
		return "(a single instance)"
	}
	return strings.Join(keys, " ")
}

// matchesWild reports whether addr is an instance of the address pattern
// w, whose "[*]" keys stand for any key (instances of unknown number).
func matchesWild(w, addr string) bool {
	for {
		lit, rest, wildcard := strings.Cut(w, "[*]")
		if !strings.HasPrefix(addr, lit) {
			return false
		}
		addr = addr[len(lit):]
		if !wildcard {
			return addr == ""
		}
		n := keyLen(addr)
		if n < 0 {
			return false
		}
		addr, w = addr[n:], rest
	}
}

// priorVariables returns a plan's values for the root variables, when no
// --var or --var-file is given; nil otherwise.
func (ev *evaluator) priorVariables(m *module) map[string]rootValue {
	p := ev.prior
	if p == nil || p.snap.Variables == nil || len(ev.opts.Vars) > 0 || len(ev.opts.VarFiles) > 0 {
		return nil
	}
	vals := map[string]rootValue{}
	at := model.Pos{File: p.snap.File, Line: 1, Column: 1}
	for _, name := range sortedKeys(p.snap.Variables) {
		v := p.snap.Variables[name]
		rng := hcl.Range{Filename: v.Pos.File, Start: hcl.Pos{Line: v.Pos.Line, Column: v.Pos.Column}}
		if m.byKey["var."+name] == nil {
			ev.diags.addPos(model.SeverityWarning, codePriorMismatch, v.Pos, fmt.Sprintf(
				"%s sets variable %q, which the root does not declare: it is left out", p.name(), name))
			continue
		}
		vals[name] = rootValue{val: v.Value, rng: rng}
		at = v.Pos
	}
	ev.diags.addPos(model.SeverityInfo, codePriorVariables, at, fmt.Sprintf(
		"the root's variables are the ones %s was made with (%d values); give --var or --var-file to set them instead", p.name(), len(vals)))
	return vals
}
