package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// target finds a mapping of the current text: its entry's key node (nil
// for the top level) and the mapping, which is nil or null when the entry
// has no value. It is looked up again after every splice.
type target func(d *doc) (k, v *yaml.Node, err error)

// top is the file's top-level mapping.
func top(d *doc) (k, v *yaml.Node, err error) {
	if d.root == nil {
		return nil, nil, errors.New("the scenario file is empty")
	}
	return nil, d.root, nil
}

// field is the mapping under key of t's mapping.
func (t target) field(key string) target {
	return func(d *doc) (*yaml.Node, *yaml.Node, error) {
		_, m, err := t(d)
		if err != nil {
			return nil, nil, err
		}
		if isNull(m) || m.Kind != yaml.MappingNode {
			return nil, nil, fmt.Errorf("%s: not found", key)
		}
		k, v, err := pair(m, key)
		switch {
		case err != nil:
			return nil, nil, err
		case k == nil:
			return nil, nil, fmt.Errorf("%s: not found", key)
		case v.Kind == yaml.AliasNode || v.Anchor != "":
			return nil, nil, fmt.Errorf("line %d: vpctrace does not edit %s, written with a YAML anchor or alias", v.Line, key)
		case !isNull(v) && v.Kind != yaml.MappingNode:
			return nil, nil, fmt.Errorf("line %d: %s is not a mapping", v.Line, key)
		}
		return k, v, nil
	}
}

// object is the object id of a top-level collection.
func object(collection, id string) target {
	return target(top).field(collection).field(id)
}

// errConverted says that a flow mapping was rewritten in block style and
// the edit must be worked out again on the new text.
var errConverted = errors.New("converted to block style")

// editor edits the text of a scenario, one splice at a time.
type editor struct {
	d   *doc
	lay layout
}

// splice makes s and parses the text again.
func (e *editor) splice(s splice) error {
	text := e.d.apply(s)
	d, err := parse(text)
	if err != nil {
		return fmt.Errorf("internal error: an edit broke the YAML: %w", err)
	}
	e.d = d
	return nil
}

// retry runs op until it does not ask to run again after a conversion
// to block style.
func (e *editor) retry(op func() error) error {
	for range 4 {
		if err := op(); !errors.Is(err, errConverted) {
			return err
		}
	}
	return errors.New("internal error: the edit does not settle")
}

// insertLines inserts lines before offset off, which starts a line.
func (e *editor) insertLines(off int, lines []string) error {
	nl := e.d.lineBreak()
	text := strings.Join(lines, nl) + nl
	if off == len(e.d.text) && off > 0 && e.d.text[off-1] != '\n' {
		text = nl + strings.TrimSuffix(text, nl)
	}
	return e.splice(splice{off, off, text})
}

// replaceLines replaces the text from start, which starts a line, to end
// with lines.
func (e *editor) replaceLines(start, end int, lines []string) error {
	nl := e.d.lineBreak()
	text := strings.Join(lines, nl)
	if end > start && (e.d.text[end-1] == '\n') {
		text += nl
	}
	return e.splice(splice{start, end, text})
}

// keyText is the text of key node k as written.
func (e *editor) keyText(k *yaml.Node) (string, error) {
	end, err := e.d.nodeEnd(k, false)
	if err != nil {
		return "", err
	}
	return string(e.d.text[e.d.start(k):end]), nil
}

// set sets key of t's mapping to v: it replaces the value in place, or
// adds the key after the mapping's last one.
func (e *editor) set(t target, key string, v value) error {
	return e.retry(func() error {
		k, m, err := t(e.d)
		if err != nil {
			return err
		}
		if isNull(m) {
			return e.setInEmpty(k, m, key, v)
		}
		fk, fv, err := pair(m, key)
		switch {
		case err != nil:
			return err
		case fk == nil && isFlow(m):
			return e.addToFlow(k, m, key, v)
		case fk == nil && k == nil:
			// A new top-level collection: apart, as the file's are.
			return e.insertLines(e.d.mappingEnd(m), append([]string{""}, e.lay.entryLines(key, v, 0)...))
		case fk == nil:
			return e.insertLines(e.d.mappingEnd(m), e.lay.entryLines(key, v, m.Content[0].Column-1))
		case isFlow(m) && isNull(fv) && !isBlock(v):
			return e.setNullInFlow(fk, v)
		case isFlow(m):
			if isBlock(v) {
				if err := e.toBlock(k, m); !errors.Is(err, errKeepFlow) {
					return err
				}
			}
			return e.replaceNode(fv, true, flow(v))
		case isBlock(v) || isNull(fv) || !isFlow(fv) && fv.Kind != yaml.ScalarNode || fv.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
			lines := e.lay.entryLines(key, v, fk.Column-1)
			lines[0] += e.lineComment(fk, fv)
			return e.replaceLines(e.d.lineStart(fk.Line), e.d.entryEnd(fk, fv), lines)
		}
		return e.replaceNode(fv, false, flow(v))
	})
}

// setNullInFlow sets the value of key k of a flow mapping, which has none
// (written "key", "key:", "key: null" or "key: ~"): the pair is written
// again, up to the "," or "}" after it.
func (e *editor) setNullInFlow(k *yaml.Node, v value) error {
	kt, err := e.keyText(k)
	if err != nil {
		return err
	}
	start := e.d.start(k)
	end := start + len(kt)
	for end < len(e.d.text) && e.d.text[end] != ',' && e.d.text[end] != '}' {
		if c := e.d.text[end]; c == '#' || c == '"' || c == '\'' || c == '[' || c == '{' {
			return fmt.Errorf("line %d: vpctrace does not edit this empty value", k.Line)
		}
		end++
	}
	for end > start+len(kt) && strings.ContainsRune(" \t\r\n", rune(e.d.text[end-1])) {
		end--
	}
	return e.splice(splice{start, end, kt + ": " + flow(v)})
}

// setInEmpty sets key in the mapping of entry k, which has no value yet.
func (e *editor) setInEmpty(k, m *yaml.Node, key string, v value) error {
	if k == nil {
		return e.insertLines(len(e.d.text), e.lay.entryLines(key, v, 0))
	}
	kt, err := e.keyText(k)
	if err != nil {
		return err
	}
	lines := append([]string{strings.Repeat(" ", k.Column-1) + kt + ":" + e.lineComment(k, m)}, e.lay.entryLines(key, v, k.Column-1+e.lay.unit)...)
	return e.replaceLines(e.d.lineStart(k.Line), e.d.entryEnd(k, m), lines)
}

// lineComment is the comment at the end of the line of key k, with the
// spaces before it, when the entry's value v is empty or written on that
// line; "" when there is none. An entry written again keeps it.
func (e *editor) lineComment(k, v *yaml.Node) string {
	kt, err := e.keyText(k)
	if err != nil {
		return ""
	}
	after := e.d.start(k) + len(kt)
	switch {
	case isNull(v) && v != nil && v.Line == k.Line && v.Value != "":
		end, err := e.d.nodeEnd(v, false) // "null" or "~"
		if err != nil {
			return ""
		}
		after = end
	case isNull(v):
	case v.Line != k.Line || v.Kind != yaml.ScalarNode && !isFlow(v):
		return ""
	default:
		end, err := e.d.nodeEnd(v, false)
		if err != nil {
			return ""
		}
		after = end
	}
	rest := strings.TrimRight(string(e.d.text[after:e.d.lineStart(k.Line+1)]), " \t\r\n")
	rest = strings.TrimPrefix(rest, ":")
	if i := strings.Index(rest, "#"); i >= 0 && strings.TrimSpace(rest[:i]) == "" && (i > 0 || after > e.d.start(k)+len(kt)) {
		return rest
	}
	return ""
}

// addToFlow adds key: v to flow mapping m, the value of entry k; a block
// value turns the entry to block style first.
func (e *editor) addToFlow(k, m *yaml.Node, key string, v value) error {
	if isBlock(v) {
		if err := e.toBlock(k, m); !errors.Is(err, errKeepFlow) {
			return err
		}
	}
	return e.addFlowItem(m, key+": "+flow(v), false)
}

// addFlowItem inserts item into flow collection n: last, or first.
func (e *editor) addFlowItem(n *yaml.Node, item string, first bool) error {
	open := e.d.start(n)
	end, _, err := e.d.flowEnd(open)
	if err != nil {
		return err
	}
	if len(n.Content) == 0 {
		return e.splice(splice{open, end, string(e.d.text[open]) + item + string(e.d.text[end-1])})
	}
	if first {
		return e.splice(splice{open + 1, open + 1, item + ", "})
	}
	last := n.Content[len(n.Content)-1]
	after, err := e.d.nodeEnd(last, true)
	if err != nil {
		return err
	}
	return e.splice(splice{after, after, ", " + item})
}

// replaceNode replaces the text of node n, a scalar or flow collection.
func (e *editor) replaceNode(n *yaml.Node, inFlow bool, text string) error {
	end, err := e.d.nodeEnd(n, inFlow)
	if err != nil {
		return err
	}
	return e.splice(splice{e.d.start(n), end, text})
}

// errKeepFlow says that a flow mapping cannot be rewritten in block style
// without losing something (a comment inside it, a value over several
// lines), or sits inside another flow collection: the edit stays in flow
// style.
var errKeepFlow = errors.New("kept in flow style")

// toBlock rewrites flow mapping m, the value of block mapping entry k, in
// block style, each value as written; a comment after it stays on the
// key's line. It returns errConverted, so that the caller looks again, or
// errKeepFlow.
func (e *editor) toBlock(k, m *yaml.Node) error {
	if k == nil || isFlow(e.parentOf(k)) {
		return errKeepFlow
	}
	open := e.d.start(m)
	end, comment, err := e.d.flowEnd(open)
	if err != nil {
		return err
	}
	if comment || e.d.lineOf(end) != k.Line {
		return errKeepFlow
	}
	kt, err := e.keyText(k)
	if err != nil {
		return err
	}
	head := strings.Repeat(" ", k.Column-1) + kt + ":"
	rest := strings.TrimRight(string(e.d.text[end:e.d.lineStart(e.d.lineOf(end)+1)]), "\r\n")
	if t := strings.TrimSpace(rest); t != "" {
		if !strings.HasPrefix(t, "#") {
			return errKeepFlow
		}
		head += strings.TrimRight(rest, " \t")
	}
	lines := []string{head}
	pad := strings.Repeat(" ", k.Column-1+e.lay.unit)
	for i := 0; i+1 < len(m.Content); i += 2 {
		fk, fv := m.Content[i], m.Content[i+1]
		kend, err := e.d.nodeEnd(fk, true)
		if err != nil {
			return err
		}
		vend, err := e.d.nodeEnd(fv, true)
		if err != nil {
			return err
		}
		vt := string(e.d.text[e.d.start(fv):vend])
		lines = append(lines, pad+string(e.d.text[e.d.start(fk):kend])+": "+vt)
	}
	if err := e.replaceLines(e.d.lineStart(k.Line), e.d.lineStart(e.d.lineOf(end)+1), lines); err != nil {
		return err
	}
	return errConverted
}

// parentOf is the mapping that holds key node k.
func (e *editor) parentOf(k *yaml.Node) *yaml.Node {
	var find func(n *yaml.Node) *yaml.Node
	find = func(n *yaml.Node) *yaml.Node {
		for _, c := range n.Content {
			if c == k {
				return n
			}
			if p := find(c); p != nil {
				return p
			}
		}
		return nil
	}
	if p := find(e.d.root); p != nil {
		return p
	}
	return e.d.root
}

// appendItem adds item to the list under key of t's mapping, last or
// first. A list written as one scalar becomes a flow list; a missing or
// empty list is written in block style when item is a mapping.
func (e *editor) appendItem(t target, key string, item value, first bool) error {
	return e.retry(func() error {
		_, m, err := t(e.d)
		if err != nil {
			return err
		}
		var fk, fv *yaml.Node
		if !isNull(m) {
			if fk, fv, err = pair(m, key); err != nil {
				return err
			}
		}
		_, isMap := item.(mapping)
		switch {
		case fk == nil || isNull(fv) || fv.Kind == yaml.SequenceNode && isFlow(fv) && len(fv.Content) == 0 && isMap:
			if isMap {
				return e.set(t, key, blockList{item})
			}
			return e.set(t, key, list{item})
		case fv.Kind == yaml.AliasNode || fv.Anchor != "":
			return fmt.Errorf("line %d: vpctrace does not edit %s, written with a YAML anchor or alias", fv.Line, key)
		case fv.Kind == yaml.ScalarNode:
			end, err := e.d.nodeEnd(fv, isFlow(m))
			if err != nil {
				return err
			}
			old := string(e.d.text[e.d.start(fv):end])
			if first {
				return e.replaceNode(fv, isFlow(m), "["+flow(item)+", "+old+"]")
			}
			return e.replaceNode(fv, isFlow(m), "["+old+", "+flow(item)+"]")
		case fv.Kind != yaml.SequenceNode:
			return fmt.Errorf("line %d: %s is not a list", fv.Line, key)
		case isFlow(fv):
			return e.addFlowItem(fv, flow(item), first)
		}
		return e.addBlockItem(fk, fv, item, first)
	})
}

// addBlockItem adds item to block list s, the value of key k, in the
// style of its items.
func (e *editor) addBlockItem(k, s *yaml.Node, item value, first bool) error {
	head := s.Content[0]
	lay := e.lay
	lay.itemFlow = head.Kind != yaml.MappingNode || isFlow(head)
	lines := lay.itemLines(item, e.d.dashColumn(head)-1)
	if first {
		return e.insertLines(e.d.lineStart(head.Line), lines)
	}
	return e.insertLines(e.d.entryEnd(k, s), lines)
}

// replaceItem replaces item i of the list under key of t's mapping.
func (e *editor) replaceItem(t target, key string, i int, item value) error {
	_, m, err := t(e.d)
	if err != nil {
		return err
	}
	_, s, err := pair(m, key)
	if err != nil {
		return err
	}
	n := s.Content[i]
	if isFlow(s) || n.Kind == yaml.ScalarNode || isFlow(n) {
		return e.replaceNode(n, isFlow(s), flow(item))
	}
	lay := e.lay
	lay.itemFlow = false
	dash := e.d.dashColumn(n)
	lines := lay.itemLines(item, dash-1)
	start := e.d.offset(n.Line, dash)
	lines[0] = strings.TrimLeft(lines[0], " ")
	end := e.d.itemEnd(n)
	nl := e.d.lineBreak()
	return e.splice(splice{start, end, strings.Join(lines, nl) + nl})
}

// addEntry adds the entry id: v to the mapping under key of t's mapping
// (a collection), in the style of its first entry: its keys' order, and
// flow style when it is, unless v holds a list of mappings.
func (e *editor) addEntry(t target, key, id string, v blockMapping) error {
	return e.retry(func() error {
		_, m, err := t(e.d)
		if err != nil {
			return err
		}
		var ck, cv *yaml.Node
		if !isNull(m) {
			if ck, cv, err = pair(m, key); err != nil {
				return err
			}
		}
		if ck == nil || isNull(cv) {
			return e.set(t, key, blockMapping{{str(id).key(), v}})
		}
		if cv.Kind != yaml.MappingNode {
			return fmt.Errorf("line %d: %s is not a mapping", cv.Line, key)
		}
		if isFlow(cv) {
			err := e.toBlock(ck, cv)
			if !errors.Is(err, errKeepFlow) {
				return err
			}
			return e.addFlowItem(cv, str(id).key()+": "+flow(v), false)
		}
		// The first entry is one the file had: new ones go last.
		first := cv.Content[1]
		v = orderedLike(v, first)
		var entry value = v
		if isFlow(first) && first.Kind == yaml.MappingNode && !holdsMappingList(v) {
			entry = mapping(v)
		}
		return e.insertLines(e.d.mappingEnd(cv), e.lay.entryLines(str(id).key(), entry, cv.Content[0].Column-1))
	})
}

// orderedLike is m with its keys in the order of the keys of mapping
// like, those like lacks after the others, in their order.
func orderedLike(m blockMapping, like *yaml.Node) blockMapping {
	if like.Kind != yaml.MappingNode {
		return m
	}
	rank := map[string]int{}
	for i := 0; i < len(like.Content); i += 2 {
		rank[like.Content[i].Value] = i/2 + 1
	}
	out := slices.Clone(m)
	slices.SortStableFunc(out, func(a, b field) int {
		ra, rb := rank[a.key], rank[b.key]
		if ra == 0 {
			ra = len(rank) + 1
		}
		if rb == 0 {
			rb = len(rank) + 1
		}
		return ra - rb
	})
	return out
}

// key is the text of a scalar used as a mapping key.
func (s scalar) key() string { return string(s) }

// holdsMappingList reports whether m has a list of mappings.
func holdsMappingList(m blockMapping) bool {
	for _, f := range m {
		var items []value
		switch v := f.val.(type) {
		case list:
			items = v
		case blockList:
			items = v
		}
		for _, it := range items {
			if _, ok := it.(mapping); ok {
				return true
			}
		}
	}
	return false
}
