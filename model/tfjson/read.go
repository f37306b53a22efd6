package tfjson

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	hcjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

// Diagnostic codes produced by Read and Load.
const (
	// CodeSyntax marks a file that is not well-formed JSON.
	CodeSyntax = "json-syntax"
	// CodeNotTerraform marks well-formed JSON that is not a plan or state
	// printed by `terraform show -json`.
	CodeNotTerraform = "not-terraform-json"
	// CodeFormatVersion marks a format_version this package cannot read.
	CodeFormatVersion = "unsupported-format-version"
	// CodeInvalid marks a plan or state whose fields have the wrong types.
	CodeInvalid = "invalid-terraform-json"
	// CodeNoRegion marks input that does not say its region, when
	// Options.Region is empty.
	CodeNoRegion = "no-region"
	// CodeRegionFromARNs is the remark that the region was taken from the
	// resources' values: ARNs, endpoint service names, Availability Zones.
	CodeRegionFromARNs = "region-from-arns"
	// CodeDuplicateAddress marks a resource instance listed twice.
	CodeDuplicateAddress = "duplicate-address"
	// CodeReadError marks a file that could not be read.
	CodeReadError = "read-error"
	// CodeInternal marks a bug in this package, reported instead of a panic.
	CodeInternal = "internal-error"
)

// Options are the facts a plan or state may not hold.
type Options struct {
	// Region, when set, is the region, whatever the input says.
	Region string
	// Account is the account ID Load gives tfmap.Build; empty means the
	// account every ARN in the input names, else DefaultAccount.
	Account string
}

// MaxFileSize is the most bytes Load and LoadSnapshot read from a file:
// a plan or state of 1 GiB is about 600,000 resource instances. A bigger
// file, or one that is not a regular file (a FIFO, a device), is an
// error diagnostic. Library callers may change it before loading.
var MaxFileSize int64 = 1 << 30

// DefaultAccount is the account ID Load uses when Options.Account is
// empty and the input's ARNs do not agree on one; the other inputs use the
// same.
const DefaultAccount = "123456789012"

// Detect reports whether data looks like `terraform show -json` output: a
// JSON object with "format_version" and "planned_values" (a plan) or
// "values" (a state).
func Detect(data []byte) (isTerraformJSON bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return false
	}
	_, version := top["format_version"]
	return version && (top["planned_values"] != nil || top["values"] != nil)
}

// Read converts plan or state JSON, read from the file named filename, to
// resource instances sorted by address. region is Options.Region or the
// region the input gives (see the package documentation). When the file
// is not a plan or state Read returns no resources and an error; when only
// the region is missing it returns the resources and a CodeNoRegion error.
func Read(filename string, data []byte, opts Options) (resources []tfmap.Resource, region string, diags model.Diagnostics) {
	d, _ := read(filename, data, opts)
	return d.resources, d.region, d.diags
}

// Load reads the plan or state JSON file at path and maps it to a world
// with tfmap.Build (see Options for the account). The world is nil when
// the file cannot be read as a plan or state. Otherwise it is Build's
// world, and the diagnostics of both steps are merged and sorted: as with
// package model/terraform, errors among them (CodeNoRegion, or Build's)
// are for the caller to weigh.
func Load(path string, opts Options) (*model.World, model.Diagnostics) {
	data, err := readfile.Regular(path, MaxFileSize)
	if err != nil {
		return nil, model.Diagnostics{{
			Severity: model.SeverityError,
			Code:     CodeReadError,
			Message:  fmt.Sprintf("cannot read Terraform JSON file: %v", err),
			Source:   model.Pos{File: path},
		}}
	}
	return Decode(path, data, opts)
}

// Decode maps plan or state JSON, read from the file named filename (or
// from a stream: standard input, a pipe), to a world as Load does.
func Decode(filename string, data []byte, opts Options) (*model.World, model.Diagnostics) {
	d, ok := read(filename, data, opts)
	if !ok {
		return nil, d.diags
	}
	buildOpts := tfmap.Options{Region: d.region, Account: d.account}
	if d.plan {
		buildOpts.PlanFile = filename
	}
	w, more := tfmap.Build(d.resources, buildOpts)
	diags := append(d.diags, more...)
	diags.Sort()
	return w, diags
}

// read reads a file and reports whether it is a plan or state. A panic
// becomes a CodeInternal diagnostic; the fuzz test checks there is none.
func read(filename string, data []byte, opts Options) (d *reader, ok bool) {
	d = &reader{file: filename, data: data}
	defer func() {
		if r := recover(); r != nil {
			d = &reader{file: filename, diags: model.Diagnostics{{
				Severity: model.SeverityError,
				Code:     CodeInternal,
				Message:  fmt.Sprintf("internal error while reading %s: %v (please report it)", filename, r),
				Source:   model.Pos{File: filename, Line: 1, Column: 1},
			}}}
			ok = false
		}
	}()
	ok = d.read(opts)
	d.diags.Sort()
	return d, ok
}

// reader holds what Read learns about one file.
type reader struct {
	file      string
	data      []byte
	lines     []int     // byte offsets of line starts, made on demand
	last      model.Pos // the position pos returned last, at lastOff
	lastOff   int
	members   map[string]int // byte offset of each top-level member's value
	addresses map[string]int // byte offset of each address's first "address" key
	resources []tfmap.Resource
	seen      map[string]bool // addresses in resources
	region    string
	account   string
	plan      bool // the file is a plan
	diags     model.Diagnostics
}

// read fills d.resources, d.region and d.account, and reports whether the
// file is a plan or state.
func (d *reader) read(opts Options) bool {
	top, ok := d.header()
	if !ok {
		return false
	}
	d.addresses = indexAddresses(d.data)
	var instances []instance
	if _, d.plan = top["planned_values"]; d.plan {
		instances, ok = d.readPlan()
	} else {
		instances, ok = d.readState()
	}
	if !ok {
		return false
	}
	slices.SortFunc(d.resources, func(a, b tfmap.Resource) int { return strings.Compare(a.Address, b.Address) })
	arns := instanceARNs(instances)
	switch {
	case opts.Region != "":
		d.region = opts.Region
	case d.region == "":
		d.regionFromValues(instanceStrings(instances, hasRegion))
	}
	d.account = cmp.Or(opts.Account, arnAccount(arns), DefaultAccount)
	return true
}

// readPlan reads a plan: its instances, their refs and its region.
func (d *reader) readPlan() ([]instance, bool) {
	p, ok := d.decodePlan()
	if !ok {
		return nil, false
	}
	instances := planInstances(p)
	changes := changesByAddress(p.ResourceChanges)
	refs := newRefIndex(p.Config, instances)
	for _, in := range instances {
		var unknown any
		change := changes[in.r.Address]
		if change != nil {
			unknown = change.AfterUnknown
		}
		r := d.resource(in, unknown)
		r.Refs = refs.resourceRefs(in)
		if configured, ok := refs.configured(in); ok && creates(change) {
			r.Values = unsetUnconfigured(r.Values, configured)
		}
		d.add(r)
	}
	d.region = planRegion(p)
	return instances, true
}

// readState reads a state's instances.
func (d *reader) readState() ([]instance, bool) {
	var s hcjson.State
	s.UseJSONNumber(true)
	if !d.decode(&s, "state") {
		return nil, false
	}
	var instances []instance
	if s.Values != nil {
		instances = collect(s.Values.RootModule, nil)
	}
	for _, in := range instances {
		d.add(d.resource(in, nil))
	}
	return instances, true
}

// planInstances lists the plan's planned instances and the data sources
// Terraform read while planning, which only the prior state lists.
func planInstances(p *hcjson.Plan) []instance {
	var planned, fetched []instance
	if p.PlannedValues != nil {
		planned = collect(p.PlannedValues.RootModule, nil)
	}
	if p.PriorState != nil && p.PriorState.Values != nil {
		fetched = collect(p.PriorState.Values.RootModule, func(r *hcjson.StateResource) bool {
			return r.Mode == hcjson.DataResourceMode
		})
	}
	have := map[string]bool{}
	for _, in := range planned {
		have[in.r.Address] = true
	}
	for _, in := range fetched {
		if !have[in.r.Address] {
			planned = append(planned, in)
		}
	}
	return planned
}

// changesByAddress indexes the planned changes of current instances.
func changesByAddress(changes []*hcjson.ResourceChange) map[string]*hcjson.Change {
	out := map[string]*hcjson.Change{}
	for _, rc := range changes {
		if rc != nil && rc.Change != nil && rc.DeposedKey == "" {
			out[rc.Address] = rc.Change
		}
	}
	return out
}

// creates reports whether a change makes a new object.
func creates(c *hcjson.Change) bool {
	return c != nil && (c.Actions.Create() || c.Actions.Replace())
}

// unsetUnconfigured makes null the unknown top-level attributes of a new
// object that its configuration does not set, but for its id and arn:
// what the provider will compute for them is AWS's default (or, for
// inline rules and routes, what other resources add), just as when the
// Terraform root is read directly.
func unsetUnconfigured(v cty.Value, configured map[string]bool) cty.Value {
	if !v.Type().IsObjectType() || v.LengthInt() == 0 {
		return v
	}
	vals := v.AsValueMap()
	for name, a := range vals {
		if !a.IsKnown() && !configured[name] && name != "id" && name != "arn" {
			vals[name] = cty.NullVal(cty.DynamicPseudoType)
		}
	}
	return cty.ObjectVal(vals)
}

// instance is one resource instance of a plan or state, with the address
// of the module instance it is in ("" for the root module).
type instance struct {
	r      *hcjson.StateResource
	module string
}

// collect lists the instances of m and its child modules that keep
// accepts (all when keep is nil).
func collect(m *hcjson.StateModule, keep func(*hcjson.StateResource) bool) []instance {
	if m == nil {
		return nil
	}
	var out []instance
	for _, r := range m.Resources {
		if r != nil && r.Address != "" && r.DeposedKey == "" && (keep == nil || keep(r)) {
			out = append(out, instance{r: r, module: m.Address})
		}
	}
	for _, c := range m.ChildModules {
		out = append(out, collect(c, keep)...)
	}
	return out
}

// key returns the instance key part of the address (`["a"]`, "[0]"), or "".
func (in instance) key() string {
	if in.r.Index == nil {
		return ""
	}
	base := in.r.Type + "." + in.r.Name
	if in.r.Mode == hcjson.DataResourceMode {
		base = "data." + base
	}
	if in.module != "" {
		base = in.module + "." + base
	}
	key, ok := strings.CutPrefix(in.r.Address, base)
	if !ok || !strings.HasPrefix(key, "[") {
		return ""
	}
	return key
}

// resource converts an instance, given its after_unknown structure.
func (d *reader) resource(in instance, unknown any) tfmap.Resource {
	var sensitive any
	if len(in.r.SensitiveValues) > 0 {
		_ = json.Unmarshal(in.r.SensitiveValues, &sensitive)
	}
	return tfmap.Resource{
		Address: in.r.Address,
		Mode:    string(in.r.Mode),
		Type:    in.r.Type,
		Values:  objectValue(in.r.AttributeValues, unknown, sensitive),
		Pos:     d.addressPos(in.r.Address),
	}
}

// add appends r unless its address is taken.
func (d *reader) add(r tfmap.Resource) {
	if d.seen[r.Address] {
		d.diags = append(d.diags, model.Diagnostic{
			Severity: model.SeverityWarning,
			Code:     CodeDuplicateAddress,
			Message:  fmt.Sprintf("%s is listed more than once; the first is used", r.Address),
			Source:   r.Pos,
		})
		return
	}
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	d.seen[r.Address] = true
	d.resources = append(d.resources, r)
}
