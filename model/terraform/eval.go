package terraform

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform/internal/awsprovider"
	"github.com/vpctrace/vpctrace/model/terraform/internal/providers"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// evaluator holds the state of one Evaluate call.
type evaluator struct {
	rootDir string
	opts    Options
	diags   diagSink
	funcs   map[string]function.Function
	modules map[string]*module // parsed modules by directory
	// installed maps modules.json keys ("vpc", "vpc.endpoints") to
	// directories; nil until read.
	installed map[string]string

	resources []tfmap.Resource
	// provider computes what the provider plugin would for each
	// instance; the evaluator knows no resource type.
	provider providers.Provider
	region   string // the root default aws provider's region, "" if unknown
	// defaultRegion is the region of the root's default aws provider
	// when the root declares no provider block for it.
	defaultRegion cty.Value
	env           map[string]string // Options.Environ by name
	envNoted      bool              // the info line on the environment's region is out
	// prior is Options.Prior, indexed; nil without one.
	prior *prior
	// marked is set once a value with tfmap.UnknownMark was written (see
	// partial.go).
	marked bool
	// root is the root module's instance, once run has made it.
	root *instance
}

func newEvaluator(dir string, opts Options) *evaluator {
	ev := &evaluator{
		rootDir:  dir,
		opts:     opts,
		modules:  map[string]*module{},
		provider: awsprovider.New(accountOf(opts)),
		env:      environ(opts.Environ),
		prior:    newPrior(opts.Prior),
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

// run evaluates the root module: it builds the configuration tree and its
// graph, then evaluates every node, in dependency order, in each instance
// of its module.
func (ev *evaluator) run() {
	rootDir := filepath.Clean(ev.rootDir)
	ev.rootDir = rootDir
	tree := ev.buildTree(rootDir)
	ev.demand(tree)
	order := ev.order(ev.graph(tree))
	ev.defaultRegion = ev.rootDefaultRegion(tree.m)
	root := ev.newInstance(tree, nil, instKey{})
	ev.root = root
	root.rootVals = ev.rootVariables(tree.m)
	for _, g := range order {
		for _, in := range g.cfg.instances {
			in.evalNode(g)
		}
	}
	ev.checkPrior()
	pc, _ := root.provider(configuredProvider)
	ev.region = knownString(pc.region)
	if ev.region == "" {
		at := hcl.Range{Filename: rootDir}
		msg := "No region: the root module configures no aws provider region, and neither --region nor AWS_REGION or AWS_DEFAULT_REGION is set"
		if p := tree.m.byKey["provider."+configuredProvider]; p != nil {
			at = p.decl
			msg = "No region: the aws provider block sets no region, and neither --region nor AWS_REGION or AWS_DEFAULT_REGION is set"
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

// environ maps "NAME=VALUE" entries to values; the first entry of a name
// wins, as with os.Getenv.
func environ(list []string) map[string]string {
	out := map[string]string{}
	for _, kv := range list {
		name, val, ok := strings.Cut(kv, "=")
		if _, seen := out[name]; ok && name != "" && !seen {
			out[name] = val
		}
	}
	return out
}

// configuredProvider is the one provider whose configurations the
// evaluator reads (region and default_tags, see providerConfig): the
// provider whose region Evaluate returns, and the one ev.provider
// emulates. Resource types named configuredProvider+"_..." use it unless
// their provider argument names another. With regionEnv and the messages
// about the region, it is what the evaluator knows of the aws provider's
// configuration, which stays here because the region is part of this
// package's API (Options.Region, Options.Environ, Evaluate).
const configuredProvider = "aws"

// regionEnv are the environment variables the AWS provider reads its
// region from when its configuration gives none, first match first.
var regionEnv = []string{"AWS_REGION", "AWS_DEFAULT_REGION"}

// rootDefaultRegion is the region of the root's default aws provider when
// the root has no provider "aws" block: --region, else the environment.
func (ev *evaluator) rootDefaultRegion(root *module) cty.Value {
	if ev.opts.Region != "" {
		return cty.StringVal(ev.opts.Region)
	}
	if p := root.byKey["provider."+configuredProvider]; p != nil {
		return cty.UnknownVal(cty.String) // not used: the block decides
	}
	return ev.envRegion(hcl.Range{Filename: ev.rootDir}, "the root module has no provider \"aws\" block, so no region is configured")
}

// envRegion is the region the AWS provider takes from the environment
// when its configuration (at rng, described by what) sets none, with an
// info line saying so; unknown when the environment gives none.
func (ev *evaluator) envRegion(rng hcl.Range, what string) cty.Value {
	for _, name := range regionEnv {
		if v := ev.env[name]; v != "" {
			if !ev.envNoted {
				ev.envNoted = true
				ev.diags.add(model.SeverityInfo, codeRegionFromEnv, rng,
					fmt.Sprintf("%s: using %s=%s from the environment, as the AWS provider does", what, name, v))
			}
			return cty.StringVal(v)
		}
	}
	if p := ev.prior; p != nil && p.snap.Region != "" {
		if !ev.envNoted {
			ev.envNoted = true
			ev.diags.add(model.SeverityInfo, codeRegionFromPrior, rng,
				fmt.Sprintf("%s: using %s, the region of %s", what, p.snap.Region, p.name()))
		}
		return cty.StringVal(p.snap.Region)
	}
	return cty.UnknownVal(cty.String)
}

// knownStrings returns a wholly known list, set or tuple of strings as Go
// strings, else nil.
func knownStrings(v cty.Value) []string {
	if v == cty.NilVal || !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() || v.Type().IsMapType() || v.Type().IsObjectType() {
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() || e.Type() != cty.String {
			return nil
		}
		out = append(out, e.AsString())
	}
	return out
}

// account returns the caller's account and where the input shows it
// (tfmap.AccountEvidence.Resolve, aws-rules 6.1.6), after run: --account,
// a caller identity the prior plan read, the root module's aws provider
// configurations, or the literal ARNs of the evaluated resources (those
// the emulation wrote with the placeholder account do not count).
func (ev *evaluator) account() (string, string) {
	e := tfmap.AccountEvidence{Flag: ev.opts.Account, Resources: ev.resources, Placeholder: DefaultAccount}
	if p := ev.opts.Prior; p != nil {
		for _, addr := range sortedKeys(p.Instances) {
			if in := p.Instances[addr]; in.Mode == "data" && in.Type == "aws_caller_identity" {
				e.Identities = append(e.Identities, tfmap.Resource{Address: in.Address, Mode: in.Mode, Type: in.Type, Values: in.Values})
			}
		}
	}
	if ev.root != nil {
		for _, key := range sortedKeys(ev.root.m.byKey) {
			n := ev.root.m.byKey[key]
			if n.kind != kindProvider || n.typ != configuredProvider {
				continue
			}
			pc := ev.root.providers[n.name]
			name := `provider "aws"`
			if alias, ok := strings.CutPrefix(n.name, configuredProvider+"."); ok {
				name = fmt.Sprintf(`provider "aws" (alias %q)`, alias)
			}
			e.Providers = append(e.Providers, tfmap.ProviderAccount{Name: name, Allowed: pc.allowed, RoleARN: pc.roleARN})
		}
	}
	return e.Resolve()
}
