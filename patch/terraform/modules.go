package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// module is one module of the root: the root itself or a module call's.
type module struct {
	addr string // the address prefix: "" or "module.network." ...
	// key is the manifest key of the call chain ("network", "a.b"); "" for
	// the root.
	key string
	rel string // the directory relative to the root, forward slashes; "." for the root
	// readOnly says why the module's files may not be edited, or "".
	readOnly string
	files    []*file
	parent   *module
	calls    map[string]*call
}

// call is a module block.
type call struct {
	name     string
	source   string
	repeated bool // count or for_each
	pos      string
}

// modules loads the modules of a root on demand.
type modules struct {
	root     string
	byAddr   map[string]*module
	manifest map[string]string // modules.json key to directory
}

func newModules(root string) (*modules, error) {
	ms := &modules{root: root, byAddr: map[string]*module{}}
	m := &module{rel: "."}
	if err := ms.read(m); err != nil {
		return nil, err
	}
	ms.byAddr[""] = m
	return ms, nil
}

// read parses the .tf files of m's directory and its module calls.
func (ms *modules) read(m *module) error {
	dir := filepath.Join(ms.root, filepath.FromSlash(m.rel))
	names, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return err
	}
	slices.Sort(names)
	m.calls = map[string]*call{}
	for _, n := range names {
		f, err := parseFile(ms.root, path.Join(m.rel, filepath.Base(n)))
		if err != nil {
			return err
		}
		m.files = append(m.files, f)
		for _, b := range f.blocks() {
			if b.s.Type != "module" || len(b.s.Labels) != 1 {
				continue
			}
			c := &call{name: b.s.Labels[0], repeated: b.repeated() != nil, pos: where(b.s.DefRange())}
			if a := b.attr("source"); a != nil {
				if v, ok := literalString(a.Expr); ok {
					c.source = v
				}
			}
			m.calls[c.name] = c
		}
	}
	return nil
}

// literalString is the value of a quoted string without interpolation.
func literalString(e hclsyntax.Expression) (string, bool) {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok || !t.IsStringLiteral() {
		return "", false
	}
	v, diags := t.Value(nil)
	if diags.HasErrors() {
		return "", false
	}
	return v.AsString(), true
}

// module returns the module of address prefix addr ("module.a.module.b.").
func (ms *modules) module(addr string) (*module, error) {
	if m, ok := ms.byAddr[addr]; ok {
		return m, nil
	}
	parentAddr, name, key, ok := lastCall(addr)
	if !ok {
		return nil, fmt.Errorf("%q is not a module address", addr)
	}
	parent, err := ms.module(parentAddr)
	if err != nil {
		return nil, err
	}
	c := parent.calls[name]
	if c == nil {
		return nil, fmt.Errorf("module %q has no module block %q", strings.TrimSuffix(parent.addr, "."), name)
	}
	m := &module{addr: addr, key: strings.TrimPrefix(parent.key+"."+name, "."), parent: parent}
	if key != "" {
		m.readOnly = fmt.Sprintf("module.%s is called with count or for_each (%s), so its files serve every instance", name, c.pos)
	}
	switch {
	case strings.HasPrefix(c.source, "./") || strings.HasPrefix(c.source, "../"):
		m.rel = path.Clean(path.Join(parent.rel, c.source))
		if m.rel == ".." || strings.HasPrefix(m.rel, "../") {
			// Read, to find its blocks and outputs, but never written.
			m.readOnly = fmt.Sprintf("module.%s (%s) is outside the root, where vpctrace fix does not write", name, c.source)
		}
		if c.repeated && m.readOnly == "" {
			m.readOnly = fmt.Sprintf("module.%s is called with count or for_each (%s), so its files serve every instance", name, c.pos)
		}
		if parent.readOnly != "" && m.readOnly == "" {
			m.readOnly = parent.readOnly
		}
	default:
		m.rel = ms.installed(m.key)
		m.readOnly = fmt.Sprintf("module.%s comes from %q, which terraform init installs under .terraform/modules and overwrites", name, c.source)
	}
	if m.rel == "" {
		ms.byAddr[addr] = m
		return m, nil
	}
	if err := ms.read(m); err != nil {
		return nil, err
	}
	ms.byAddr[addr] = m
	return m, nil
}

// installed is the directory, relative to the root, that
// .terraform/modules/modules.json gives the module of key; "" when none.
func (ms *modules) installed(key string) string {
	if ms.manifest == nil {
		ms.manifest = map[string]string{}
		data, err := os.ReadFile(filepath.Join(ms.root, ".terraform", "modules", "modules.json"))
		if err == nil {
			var man struct {
				Modules []struct{ Key, Dir string }
			}
			if json.Unmarshal(data, &man) == nil {
				for _, e := range man.Modules {
					ms.manifest[e.Key] = filepath.ToSlash(filepath.Clean(e.Dir))
				}
			}
		}
	}
	dir := ms.manifest[key]
	if filepath.IsAbs(dir) {
		return ""
	}
	return dir
}

// lastCall splits "module.a.module.b[0]." into "module.a.", "b", "[0]".
func lastCall(addr string) (parent, name, key string, ok bool) {
	parts := splitModules(addr)
	if len(parts) == 0 {
		return "", "", "", false
	}
	last := parts[len(parts)-1]
	parent = strings.TrimSuffix(addr, "module."+last+".")
	name, key, _ = strings.Cut(last, "[")
	if key != "" {
		key = "[" + key
	}
	return parent, name, key, true
}

// splitModules returns the calls of a module address prefix:
// "module.a.module.b[0]." gives "a", "b[0]".
func splitModules(addr string) []string {
	var out []string
	for rest := addr; strings.HasPrefix(rest, "module."); {
		rest = rest[len("module."):]
		end := nameEnd(rest)
		if end < 0 {
			return nil
		}
		out = append(out, rest[:end])
		rest = rest[end+1:]
	}
	return out
}

// nameEnd is the index of the dot that ends a name with an optional
// instance key at the start of s (a key may hold dots), or -1.
func nameEnd(s string) int {
	inQuote, depth := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			return i
		}
	}
	return -1
}

// address is a parsed resource or data source instance address.
type address struct {
	module string // "module.network." or ""
	mode   string // "data" or ""
	typ    string
	name   string
	key    string // `["a"]`, "[0]" or ""
}

// parseAddress parses a Terraform instance address.
func parseAddress(id string) (address, bool) {
	var a address
	rest := id
	for strings.HasPrefix(rest, "module.") {
		end := nameEnd(rest[len("module."):])
		if end < 0 {
			return a, false
		}
		a.module += rest[:len("module.")+end+1]
		rest = rest[len("module.")+end+1:]
	}
	if strings.HasPrefix(rest, "data.") {
		a.mode, rest = "data", rest[len("data."):]
	}
	typ, rest, ok := strings.Cut(rest, ".")
	if !ok || !isIdent(typ) {
		return a, false
	}
	a.typ = typ
	a.name, a.key, _ = strings.Cut(rest, "[")
	if a.key != "" {
		a.key = "[" + a.key
		if !strings.HasSuffix(a.key, "]") {
			return a, false
		}
	}
	return a, isIdent(a.name)
}

// local is the address without its module prefix.
func (a address) local() string {
	s := a.typ + "." + a.name + a.key
	if a.mode == "data" {
		s = "data." + s
	}
	return s
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r == '-' || r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// find returns the block of a in m, or ok false. Terraform allows one
// block per type and name in a module, so the labels find it.
func (m *module) find(a address) (block, bool) {
	for _, f := range m.files {
		for _, b := range f.blocks() {
			want := "resource"
			if a.mode == "data" {
				want = "data"
			}
			if b.s.Type == want && len(b.s.Labels) == 2 && b.s.Labels[0] == a.typ && b.s.Labels[1] == a.name {
				return b, true
			}
		}
	}
	return block{}, false
}

// blocksOf returns every resource block of type typ in m.
func (m *module) blocksOf(mode, typ string) []block {
	var out []block
	for _, f := range m.files {
		for _, b := range f.blocks() {
			if b.s.Type == mode && len(b.s.Labels) == 2 && b.s.Labels[0] == typ {
				out = append(out, b)
			}
		}
	}
	return out
}

// names returns the names of the blocks of type typ (resource or data
// source type) in m.
func (m *module) names(mode, typ string) map[string]bool {
	out := map[string]bool{}
	for _, b := range m.blocksOf(mode, typ) {
		out[b.s.Labels[1]] = true
	}
	return out
}

// output is an output block of a module.
type output struct {
	name string
	text string // the value expression as written
	expr hclsyntax.Expression
}

// outputs returns the outputs of m with their values.
func (m *module) outputs() []output {
	var out []output
	for _, f := range m.files {
		for _, b := range f.blocks() {
			if b.s.Type == "output" && len(b.s.Labels) == 1 {
				if v := b.attr("value"); v != nil {
					out = append(out, output{name: b.s.Labels[0], text: b.text(v.Expr), expr: v.Expr})
				}
			}
		}
	}
	return out
}

// compact removes the spaces of expression text, to compare two.
func compact(s string) string {
	return strings.Join(strings.Fields(s), "")
}
