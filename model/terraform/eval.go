package terraform

import (
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// evaluator holds the state of one Evaluate call.
type evaluator struct {
	rootDir string
	opts    Options
	account string
	diags   diagSink
	funcs   map[string]function.Function
	modules map[string]*module // parsed modules by directory
	// installed maps modules.json keys ("vpc", "vpc.endpoints") to
	// directories; nil until read.
	installed map[string]string

	resources []tfmap.Resource
	// byID finds an instance's values by its "id" attribute, for
	// attributes synthesized from a referenced resource (a subnet's AZ,
	// a VPC's default security group).
	byID   map[string]cty.Value
	region string // the root default aws provider's region, "" if unknown
}

func newEvaluator(dir string, opts Options) *evaluator {
	ev := &evaluator{
		rootDir: dir,
		opts:    opts,
		account: accountOf(opts),
		modules: map[string]*module{},
		byID:    map[string]cty.Value{},
	}
	ev.funcs = ev.functions()
	return ev
}

// module returns the parsed and analyzed module in dir.
func (ev *evaluator) module(dir string) *module {
	dir = filepath.Clean(dir)
	if m, ok := ev.modules[dir]; ok {
		return m
	}
	m := ev.parseModule(dir)
	ev.modules[dir] = m
	ev.analyze(m)
	return m
}

// run evaluates the root module.
func (ev *evaluator) run() {
	rootDir := filepath.Clean(ev.rootDir)
	ev.rootDir = rootDir
	m := ev.module(rootDir)
	root := &instance{ev: ev, m: m, dirs: []string{rootDir}, root: true, providers: map[string]cty.Value{}}
	root.rootVals = ev.rootVariables(m)
	if ev.opts.Region != "" {
		root.providers["aws"] = cty.StringVal(ev.opts.Region)
	}
	root.run()
	ev.region = knownString(root.providers["aws"])
	if ev.region == "" {
		at := hcl.Range{Filename: rootDir}
		msg := "No region: the aws provider block has no region attribute and no --region was given"
		if p := m.byKey["provider.aws"]; p != nil {
			at = p.decl
			if p.expr != nil {
				at = p.expr.Range()
				msg = "No region: the aws provider's region is not known; give --region"
			}
		}
		ev.diags.add(model.SeverityError, codeNoRegion, at, msg)
	}
}

// result returns the instances sorted by address and the sorted
// diagnostics.
func (ev *evaluator) result() ([]tfmap.Resource, string, model.Diagnostics) {
	out := slices.Clone(ev.resources)
	slices.SortStableFunc(out, func(a, b tfmap.Resource) int { return compareAddresses(a.Address, b.Address) })
	var diags model.Diagnostics
	if len(ev.diags.list) > 0 {
		diags = slices.Clone(ev.diags.list)
		diags.Sort()
	}
	return out, ev.region, diags
}

// knownString returns v as a Go string, or "" when it is not a known
// string.
func knownString(v cty.Value) string {
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}
