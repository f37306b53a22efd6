package tfjson

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model"
)

// Snapshot is what a plan or state knows about each resource instance,
// unmapped: the values Terraform planned or recorded, for evaluating the
// Terraform root it came from with them (model/terraform's Options.Prior).
// Unlike Read, it keeps every "known after apply" value unknown, whether
// or not the configuration sets it, so that the evaluator can fill in what
// the file leaves open.
type Snapshot struct {
	// File is the file's name, as given.
	File string
	// Kind is "plan" or "state".
	Kind string
	// Instances are the resource and data source instances by address: a
	// plan's planned values, with the data sources Terraform read while
	// planning; a state's values.
	Instances map[string]Instance
	// Variables are a plan's root module variables by name (nil for a
	// state).
	Variables map[string]Variable
	// Region is the region the file's configuration gives the default aws
	// provider, else the one its regional ARNs agree on; "" if neither.
	Region string
}

// Instance is one resource instance of a Snapshot.
type Instance struct {
	// Address is the instance's full address:
	// `module.net["a"].aws_subnet.private[0]`.
	Address string
	// Module is the address of the module instance it is in
	// (`module.net["a"]`), "" for the root module.
	Module string
	// Resource is the address without the instance key
	// (`module.net["a"].aws_subnet.private`).
	Resource string
	// Key is the instance key as written in the address ("[0]", `["a"]`),
	// "" for a resource without count or for_each.
	Key string
	// Mode is "managed" or "data".
	Mode string
	// Type is the resource type.
	Type string
	// Values is a cty object of the instance's attributes. What the file
	// does not know ("known after apply", a sensitive value it leaves out)
	// is cty.DynamicVal, at any depth.
	Values cty.Value
	// Pos is the position of the instance's first "address" in the file.
	Pos model.Pos
	// Created marks an instance the plan creates (its planned action is
	// create, or a replacement), as tfmap.Resource.Created; false in a
	// state.
	Created bool
}

// Variable is a plan's value for a root module variable.
type Variable struct {
	Value cty.Value
	Pos   model.Pos
}

// LoadSnapshot reads the plan or state JSON file at path, at most
// maxFileSize bytes (0: MaxFileSize); see ReadSnapshot.
func LoadSnapshot(path string, maxFileSize int64) (*Snapshot, model.Diagnostics) {
	data, err := readfile.Regular(path, cmp.Or(maxFileSize, MaxFileSize))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, model.Diagnostics{readError(path, "cannot read the file: %v", err)}
	}
	return ReadSnapshot(path, data)
}

// ReadSnapshot reads plan or state JSON, read from the file named
// filename. The snapshot is nil when the file is not a plan or state, with
// an error saying why.
func ReadSnapshot(filename string, data []byte) (s *Snapshot, diags model.Diagnostics) {
	d := &reader{file: filename, data: data, keepNulls: true}
	defer func() {
		if r := recover(); r != nil {
			s, diags = nil, model.Diagnostics{{
				Severity: model.SeverityError,
				Code:     CodeInternal,
				Message:  fmt.Sprintf("internal error while reading %s: %v (please report it)", filename, r),
				Source:   model.Pos{File: filename, Line: 1, Column: 1},
			}}
		}
	}()
	s = d.snapshot()
	d.diags.Sort()
	return s, d.diags
}

// snapshot reads the file as a Snapshot, or returns nil.
func (d *reader) snapshot() *Snapshot {
	f, ok := d.load()
	if !ok {
		return nil
	}
	d.index()
	s := &Snapshot{File: d.file, Instances: map[string]Instance{}}
	var instances []instance
	if f.has("planned_values") {
		s.Kind = "plan"
		instances = planInstances(f)
		changes := changesByAddress(f.changes)
		for _, in := range instances {
			var unknown any
			c := changes[in.r.Address]
			if c != nil {
				unknown = c.AfterUnknown
			}
			s.add(d, in, unknown, creates(c))
		}
		s.Variables = d.planVariables(f)
		s.Region = planRegion(f)
	} else {
		s.Kind = "state"
		if f.values != nil {
			instances = collect(f.values.RootModule, nil)
		}
		for _, in := range instances {
			s.add(d, in, nil, false)
		}
	}
	if s.Region == "" {
		values := make([]cty.Value, 0, len(s.Instances))
		for _, in := range s.Sorted() {
			values = append(values, in.Values)
		}
		if rs := valueRegions(valueStrings(values, hasRegion)); len(rs) == 1 {
			s.Region = rs[0]
		}
	}
	return s
}

// add records an instance, the first one of an address only; created says
// the plan creates it.
func (s *Snapshot) add(d *reader, in instance, unknown any, created bool) {
	if _, dup := s.Instances[in.r.Address]; dup {
		return
	}
	r := d.resource(in, unknown, nil)
	key := in.key()
	s.Instances[r.Address] = Instance{
		Address:  r.Address,
		Module:   in.module,
		Resource: strings.TrimSuffix(r.Address, key),
		Key:      key,
		Mode:     r.Mode,
		Type:     r.Type,
		Values:   r.Values,
		Pos:      r.Pos,
		Created:  created,
	}
}

// planVariables converts a plan's root variables.
func (d *reader) planVariables(f *decoded) map[string]Variable {
	if len(f.variables) == 0 {
		return nil
	}
	at := d.variables
	out := make(map[string]Variable, len(f.variables))
	for name, v := range f.variables {
		if v != nil {
			out[name] = Variable{Value: v.Value.value(), Pos: at}
		}
	}
	return out
}

// Sorted returns the instances sorted by address.
func (s *Snapshot) Sorted() []Instance {
	out := make([]Instance, 0, len(s.Instances))
	for _, in := range s.Instances {
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b Instance) int { return strings.Compare(a.Address, b.Address) })
	return out
}
