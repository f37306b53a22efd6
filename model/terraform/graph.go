package terraform

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// config is one module of the static configuration tree: the root module,
// or the module a module call (at one place in the tree) names, standing
// for all of that call's instances, as in Terraform's graph.
type config struct {
	m      *module
	path   []string // module call names from the root (modules.json keys)
	parent *config
	call   *node // the module call in parent.m; nil for the root
	// children holds the modules of the calls whose source was found, by
	// call name.
	children map[string]*config
	// nodes are the graph nodes of m's declarations, by node key.
	nodes map[string]*gnode
	// instances are the expanded instances of the module, in the order
	// their calls were evaluated (one for the root).
	instances []*instance
}

// name is the address of the configuration without instance keys:
// "" for the root, "module.a.module.b." otherwise.
func (c *config) name() string {
	var b strings.Builder
	for _, p := range c.path {
		b.WriteString("module.")
		b.WriteString(p)
		b.WriteByte('.')
	}
	return b.String()
}

// gnode is a declaration of one configuration: a node of the evaluation
// graph. Module input variables, outputs, locals, resources and module
// calls are separate nodes, as in Terraform, so that references between
// modules in both directions form no cycle unless Terraform's would.
type gnode struct {
	cfg  *config
	n    *node
	deps []*gnode
	seq  int // position in the tree walk, for stable orders
}

// label names the node in messages: "module.a.var.x", "aws_vpc.main".
func (g *gnode) label() string { return g.cfg.name() + g.n.key }

// buildTree parses the modules the root calls, recursively, and returns
// the root configuration. A call whose source cannot be found, or whose
// module contains itself, is reported and has no child.
func (ev *evaluator) buildTree(dir string) *config {
	root := &config{m: ev.module(dir)}
	if len(root.m.nodes) == 0 && !root.m.unread && len(root.m.files) > 0 {
		ev.diags.addPos(model.SeverityWarning, codeEmptyModule, model.Pos{File: root.m.files[0], Line: 1, Column: 1}, fmt.Sprintf(
			"Empty configuration: the root module's files (%s) declare nothing: no resource, data source, module, variable, local value, output or provider. Terraform accepts it as a configuration that manages nothing; there is nothing to trace",
			strings.Join(baseNames(root.m.files), ", ")))
	}
	ev.addChildren(root, []string{dir})
	return root
}

// baseNames returns the file names of paths.
func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

func (ev *evaluator) addChildren(c *config, dirs []string) {
	c.children = map[string]*config{}
	for _, n := range c.m.nodes {
		if n.kind != kindModule {
			continue
		}
		dir, ok := ev.resolveModule(c, n)
		if !ok {
			continue
		}
		if slices.Contains(dirs, dir) {
			ev.diags.add(model.SeverityError, codeModuleCycle, n.call.sourceRng,
				fmt.Sprintf("Module recursion: module %q (source %q) contains itself", n.name, n.call.source))
			continue
		}
		if len(dirs) > maxModuleDepth {
			ev.diags.add(model.SeverityError, codeModuleDepth, n.call.sourceRng, fmt.Sprintf(
				"Modules nested too deep: module %q (source %q) would be nested %d levels deep (%smodule.%s), and vpctrace reads at most %d levels of nested modules",
				n.name, n.call.source, len(dirs), c.name(), n.name, maxModuleDepth))
			continue
		}
		child := &config{m: ev.module(dir), path: append(slices.Clone(c.path), n.name), parent: c, call: n}
		ev.checkEmpty(n, dir, child.m)
		ev.checkArguments(n, child.m)
		c.children[n.name] = child
		ev.addChildren(child, append(slices.Clone(dirs), dir))
	}
}

// graph creates the nodes of every configuration of the tree and links
// each to what it depends on. It returns the nodes in tree order.
func (ev *evaluator) graph(root *config) []*gnode {
	var all []*gnode
	var create func(c *config)
	create = func(c *config) {
		c.nodes = make(map[string]*gnode, len(c.m.nodes))
		for _, n := range c.m.nodes {
			g := &gnode{cfg: c, n: n, seq: len(all)}
			c.nodes[n.key] = g
			all = append(all, g)
		}
		for _, n := range c.m.nodes {
			if child := c.children[n.name]; n.kind == kindModule && child != nil {
				create(child)
			}
		}
	}
	create(root)
	for _, g := range all {
		ev.link(g)
	}
	ev.lookupEdges(all)
	return all
}

// lookupEdges makes each data source that the provider answers from the
// root's own resources (providers.Provider.Reads) wait for every resource
// of the types it reads, in any module, except those that depend on it:
// such an edge would be a cycle Terraform does not have (it reads the
// data source from the cloud, not from the plan).
func (ev *evaluator) lookupEdges(all []*gnode) {
	var dependents [][]*gnode
	for _, g := range all {
		if g.n.kind != kindData {
			continue
		}
		types := ev.provider.Reads(g.n.typ)
		if len(types) == 0 {
			continue
		}
		if dependents == nil {
			dependents = make([][]*gnode, len(all))
			for _, x := range all {
				for _, d := range x.deps {
					dependents[d.seq] = append(dependents[d.seq], x)
				}
			}
		}
		after := map[*gnode]bool{g: true}
		queue := []*gnode{g}
		for len(queue) > 0 {
			x := queue[0]
			queue = queue[1:]
			for _, up := range dependents[x.seq] {
				if !after[up] {
					after[up] = true
					queue = append(queue, up)
				}
			}
		}
		for _, r := range all {
			if r.n.kind == kindResource && slices.Contains(types, r.n.typ) && !after[r] {
				g.deps = append(g.deps, r)
				dependents[r.seq] = append(dependents[r.seq], g) // later edges see this one
			}
		}
	}
}

// link fills g's dependencies: what its expressions reference in its
// module; the module call that creates its module's instances; for a
// child's variable, what the call's argument references in the caller;
// and for a resource, the provider configuration that serves it.
func (ev *evaluator) link(g *gnode) {
	c, n := g.cfg, g.n
	set := map[*gnode]bool{}
	usedNodes(c, n.uses, set)
	if c.parent != nil {
		set[c.parent.nodes[c.call.key]] = true
		if n.kind == kindVariable {
			if uses, ok := c.call.call.argUses[n.name]; ok {
				usedNodes(c.parent, uses, set)
			}
		}
	}
	if n.isResource() && n.provider != "" {
		if p := providerNode(c, n.provider); p != nil {
			set[p] = true
		}
	}
	delete(set, nil)
	for d := range set {
		g.deps = append(g.deps, d)
	}
	slices.SortFunc(g.deps, func(a, b *gnode) int { return a.seq - b.seq })
}

// usedNodes adds the nodes of c that uses names to set.
func usedNodes(c *config, uses refSet, set map[*gnode]bool) {
	for _, key := range uses.keys {
		if d := c.nodes[key]; d != nil {
			set[d] = true
		}
	}
	for call, outputs := range uses.outputs {
		child := c.children[call]
		if child == nil {
			continue
		}
		for _, o := range child.m.nodes {
			if o.kind == kindOutput && (slices.Contains(outputs, "") || slices.Contains(outputs, o.name)) {
				set[child.nodes[o.key]] = true
			}
		}
	}
}

// providerNode finds the provider configuration node that serves provider
// name ("aws", "aws.west") in c: c's own, else the caller's that the call's
// providers argument maps it to, else, for a default configuration, the
// caller's default one. It returns nil when there is none to wait for.
func providerNode(c *config, name string) *gnode {
	for c != nil {
		if g := c.nodes["provider."+name]; g != nil {
			return g
		}
		if c.parent == nil {
			return nil
		}
		if mapped, ok := c.call.call.providers[name]; ok {
			name = mapped
		} else if strings.Contains(name, ".") {
			return nil
		}
		c = c.parent
	}
	return nil
}

// order sorts the nodes so that every node comes after the nodes it
// depends on (Tarjan's strongly connected components, which come out
// dependencies first). A component of more than one node, or a node that
// references itself, is a cycle: it is reported, and its members are
// evaluated in tree order, references to members not yet evaluated giving
// unknown values.
func (ev *evaluator) order(nodes []*gnode) []*gnode {
	t := &tarjan{index: make([]int, len(nodes)), low: make([]int, len(nodes)), onStack: make([]bool, len(nodes))}
	for i := range t.index {
		t.index[i] = -1
	}
	for _, g := range nodes {
		if t.index[g.seq] < 0 {
			t.visit(g)
		}
	}
	out := make([]*gnode, 0, len(nodes))
	for _, comp := range t.comps {
		if len(comp) > 1 || slices.Contains(comp[0].deps, comp[0]) {
			ev.reportCycle(comp)
		}
		out = append(out, comp...)
	}
	return out
}

func (ev *evaluator) reportCycle(comp []*gnode) {
	if len(comp) == 1 {
		ev.diags.add(model.SeverityError, codeCycle, comp[0].n.decl,
			fmt.Sprintf("Self-referential block: Configuration for %s may not refer to itself.", comp[0].label()))
		return
	}
	parts := make([]string, len(comp))
	for i, g := range comp {
		parts[i] = fmt.Sprintf("%s (%s)", g.label(), posOf(g.n.decl))
	}
	ev.diags.add(model.SeverityError, codeCycle, comp[0].n.decl, "Cycle: "+strings.Join(parts, ", "))
}

// tarjan holds the state of Tarjan's algorithm, indexed by gnode.seq.
type tarjan struct {
	next    int
	index   []int
	low     []int
	stack   []*gnode
	onStack []bool
	comps   [][]*gnode
}

func (t *tarjan) visit(g *gnode) {
	t.index[g.seq], t.low[g.seq] = t.next, t.next
	t.next++
	t.stack = append(t.stack, g)
	t.onStack[g.seq] = true
	for _, d := range g.deps {
		if t.index[d.seq] < 0 {
			t.visit(d)
			t.low[g.seq] = min(t.low[g.seq], t.low[d.seq])
		} else if t.onStack[d.seq] {
			t.low[g.seq] = min(t.low[g.seq], t.index[d.seq])
		}
	}
	if t.low[g.seq] != t.index[g.seq] {
		return
	}
	var comp []*gnode
	for {
		top := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.onStack[top.seq] = false
		comp = append(comp, top)
		if top == g {
			break
		}
	}
	// Tree order within a component, for stable evaluation and messages.
	slices.SortFunc(comp, func(a, b *gnode) int { return a.seq - b.seq })
	t.comps = append(t.comps, comp)
}
