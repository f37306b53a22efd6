package tfjson

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	hcjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/internal/textpos"
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
	// MaxFileSize, when not 0, is the most bytes Load reads (see the
	// package variable MaxFileSize, the default).
	MaxFileSize int64
}

// MaxFileSize is the most bytes Load and LoadSnapshot read from a file
// unless told otherwise: a plan or state of 1 GiB is about 600,000
// resource instances. A bigger file, or one that is not a regular file (a
// FIFO, a device), is an error diagnostic.
var MaxFileSize int64 = 1 << 30

// DefaultAccount is the account ID Load uses when Options.Account is
// empty and the input's ARNs do not agree on one; the other inputs use the
// same.
const DefaultAccount = "123456789012"

// Detect reports whether data looks like `terraform show -json` output: a
// JSON object with "format_version" and "planned_values" (a plan) or
// "values" (a state). It reads no further than it needs: once it has both
// well-formed, it stops, so that a big plan is not read twice, once to
// detect and once to decode (Terraform writes them first).
func Detect(data []byte) (isTerraformJSON bool) {
	var t top
	err := walkTop(data, &t, func(name string, dec *jsontext.Decoder) error {
		if err := dec.SkipValue(); err != nil {
			return err
		}
		if t.formatVersion != nil && (name == "planned_values" || name == "values") {
			return errDetected
		}
		return nil
	})
	if err == errDetected {
		return true
	}
	return err == nil && t.formatVersion != nil && (t.has("planned_values") || t.has("values"))
}

// errDetected stops Detect's walk once it has seen what it looks for.
var errDetected = errors.New("detected")

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
	data, err := readfile.Regular(path, cmp.Or(opts.MaxFileSize, MaxFileSize))
	if err != nil {
		return nil, model.Diagnostics{readError(path, "cannot read Terraform JSON file: %v", err)}
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
	buildOpts := tfmap.Options{Region: d.region, Account: d.account, AccountFrom: d.accountFrom}
	if d.plan {
		buildOpts.PlanFile = filename
	}
	// Not d, which holds the file, but only its resources live on.
	resources, diags := d.resources, d.diags
	w, more := tfmap.Build(resources, buildOpts)
	diags = append(diags, more...)
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
	text      *textpos.Index       // line starts of data, made on demand
	members   map[string]int       // byte offset of each top-level member's value
	addresses map[string]model.Pos // position of each address's first "address" key
	variables model.Pos            // position of the variables member
	resources []tfmap.Resource
	seen      map[string]bool // addresses in resources
	region    string
	account   string
	// accountFrom says where the input shows account; "" when it does
	// not, and account is DefaultAccount as a placeholder (aws-rules 6.1.6).
	accountFrom string
	plan        bool // the file is a plan
	keepNulls   bool // keep null top-level attributes (a Snapshot)
	diags       model.Diagnostics
}

// read fills d.resources, d.region and d.account, and reports whether the
// file is a plan or state.
func (d *reader) read(opts Options) bool {
	f, ok := d.load()
	if !ok {
		return false
	}
	d.index()
	if d.plan = f.has("planned_values"); d.plan {
		d.readPlan(f)
	} else {
		d.readState(f)
	}
	slices.SortFunc(d.resources, func(a, b tfmap.Resource) int { return strings.Compare(a.Address, b.Address) })
	values := make([]cty.Value, len(d.resources))
	for i, r := range d.resources {
		values[i] = r.Values
	}
	switch {
	case opts.Region != "":
		d.region = opts.Region
	case d.region == "":
		d.regionFromValues(valueStrings(values, hasRegion))
	}
	var identities []tfmap.Resource
	for _, r := range d.resources {
		if r.Mode == "data" && r.Type == "aws_caller_identity" {
			identities = append(identities, r)
		}
	}
	ev := tfmap.AccountEvidence{Flag: opts.Account, Identities: identities, Resources: d.resources}
	if d.plan {
		ev.Providers, ev.WorkloadProviders = planProviderAccounts(f), workloadProviderKeys(f)
	}
	d.account, d.accountFrom = ev.Resolve()
	d.account = cmp.Or(d.account, DefaultAccount)
	return true
}

// readPlan reads a plan's instances, their refs and its region.
func (d *reader) readPlan(f *decoded) {
	instances := planInstances(f)
	changes := changesByAddress(f.changes)
	refs := newRefIndex(f.config, instances)
	for _, in := range instances {
		var unknown any
		change := changes[in.r.Address]
		if change != nil {
			unknown = change.AfterUnknown
		}
		var unset func(string) bool
		if configured, ok := refs.configured(in); ok && creates(change) {
			unset = unconfigured(configured)
		}
		r := d.resource(in, unknown, unset)
		r.Refs = refs.resourceRefs(in)
		r.Created = creates(change)
		d.add(r)
	}
	d.region = planRegion(f)
}

// readState reads a state's instances.
func (d *reader) readState(f *decoded) {
	var instances []instance
	if f.values != nil {
		instances = collect(f.values.RootModule, nil)
	}
	for _, in := range instances {
		d.add(d.resource(in, nil, nil))
	}
}

// planInstances lists the plan's planned instances and the data sources
// Terraform read while planning, which only the prior state lists.
func planInstances(f *decoded) []instance {
	var planned, fetched []instance
	if f.plannedValues != nil {
		planned = collect(f.plannedValues.RootModule, nil)
	}
	if f.priorState != nil && f.priorState.Values != nil {
		fetched = collect(f.priorState.Values.RootModule, func(r *stateResource) bool {
			return r.Mode == string(hcjson.DataResourceMode)
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

// change is the part of a planned change vpctrace reads.
type change struct {
	Actions      hcjson.Actions
	AfterUnknown any
}

// changesByAddress indexes the planned changes of current instances.
func changesByAddress(changes []*resourceChange) map[string]*change {
	out := map[string]*change{}
	for _, rc := range changes {
		if rc != nil && rc.Change != nil && rc.DeposedKey == "" {
			out[rc.Address] = &change{Actions: rc.Change.Actions, AfterUnknown: rc.Change.AfterUnknown.m}
		}
	}
	return out
}

// creates reports whether a change makes a new object.
func creates(c *change) bool {
	return c != nil && (c.Actions.Create() || c.Actions.Replace())
}

// unconfigured returns which unknown top-level attributes of a new object
// are null: those its configuration does not set, but for its id and arn.
// What the provider will compute for them is AWS's default (or, for
// inline rules and routes, what other resources add), just as when the
// Terraform root is read directly.
func unconfigured(configured map[string]bool) func(name string) bool {
	return func(name string) bool {
		return !configured[name] && name != "id" && name != "arn"
	}
}

// instance is one resource instance of a plan or state, with the address
// of the module instance it is in ("" for the root module).
type instance struct {
	r      *stateResource
	module string
}

// collect lists the instances of m and its child modules that keep
// accepts (all when keep is nil). A resource whose address is not inside
// its module's, which terraform never writes, is left out.
func collect(m *stateModule, keep func(*stateResource) bool) []instance {
	if m == nil {
		return nil
	}
	var out []instance
	for _, r := range m.Resources {
		inModule := m.Address == "" || r != nil && strings.HasPrefix(r.Address, m.Address+".")
		if r != nil && r.Address != "" && r.DeposedKey == "" && inModule && (keep == nil || keep(r)) {
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
	if !in.r.keyed() {
		return ""
	}
	base := in.r.Type + "." + in.r.Name
	if in.r.Mode == string(hcjson.DataResourceMode) {
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

// resource converts an instance, given its after_unknown structure, and
// which of its unknown top-level attributes are null (none when unset is
// nil). It takes the instance's decoded values: an instance is converted
// once.
func (d *reader) resource(in instance, unknown any, unset func(string) bool) tfmap.Resource {
	attrs := in.r.Values
	in.r.Values = nil
	if attrs == nil {
		attrs = attributes{}
	}
	markAttributes(attrs, unknown, in.r.Sensitive.m, unset)
	if !d.keepNulls {
		// The mapper reads a missing attribute as null, and a plan lists
		// every attribute of the schema: about 40% of them are null.
		for name, v := range attrs {
			if v.IsKnown() && v.IsNull() {
				delete(attrs, name)
			}
		}
	}
	return tfmap.Resource{
		Address: in.r.Address,
		Mode:    in.r.Mode,
		Type:    in.r.Type,
		Values:  cty.ObjectVal(attrs),
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

// readError reports a file that cannot be read; format has one %v, the
// error. A file over the size limit is told how to raise it.
func readError(path, format string, err error) model.Diagnostic {
	msg := fmt.Sprintf(format, err)
	if errors.Is(err, readfile.ErrTooLarge) {
		msg += " (pass --max-plan-size to read more)"
	}
	return model.Diagnostic{Severity: model.SeverityError, Code: CodeReadError, Message: msg, Source: model.Pos{File: path}}
}
