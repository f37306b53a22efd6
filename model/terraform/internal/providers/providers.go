// Package providers is the contract between the Terraform evaluator
// (package terraform) and the emulation of what a provider plugin
// computes during a plan (package awsprovider). The evaluator knows HCL,
// modules, variables, expressions and references, but no resource type:
// it hands each resource and data source instance to its Provider and
// uses what comes back.
package providers

import (
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfmap"
	"github.com/zclconf/go-cty/cty"
)

// Provider computes offline what the provider plugin would for the
// instances of a root: the attributes a plan knows although the
// configuration does not set them (IDs, ARNs, ...), and the values of
// data sources. The evaluator asks it about every instance, of whatever
// type, in dependency order: an instance is recorded before any instance
// that refers to it is planned or read.
type Provider interface {
	// PlanResource returns a managed resource instance's planned values:
	// in.Values with the attributes the provider computes added. It never
	// replaces an attribute the configuration sets.
	PlanResource(in Instance) cty.Value
	// ReadDataSource reads a data source instance. It is not called for
	// one whose values Options.Prior already holds.
	ReadDataSource(in Instance) Answer
	// Typed gives an instance (in.Values, after the prior's values have
	// been laid over it) every attribute and block its type's schema
	// declares, typed as in a plan. A type it has no schema for is
	// returned as it is.
	Typed(in Instance) cty.Value
	// Reads returns the managed resource types whose instances a data
	// source of type dataType looks up among the root's resources (nil
	// for one that looks up none). The evaluator reads such a data source
	// after every instance of those types that does not depend on it.
	Reads(dataType string) []string
	// Record tells the provider of a finished instance, as the evaluator
	// returns it, so that later instances can refer to it (by ID, or by
	// looking it up).
	Record(r tfmap.Resource)
}

// Instance is a resource or data source instance handed to a Provider.
type Instance struct {
	// Mode is "managed" or "data", as in tfmap.Resource.
	Mode string
	// Type is the resource or data source type ("aws_subnet").
	Type string
	// Address is the full instance address
	// (`module.net.aws_subnet.private["a"]`).
	Address string
	// Values are the instance's attributes: an object, nested blocks as
	// tuples of objects.
	Values cty.Value
	// Configured is true when the instance uses a configuration of the
	// emulated provider: its own type's default one, or the one its
	// provider argument names. Otherwise Region is "" and DefaultTags is
	// cty.NilVal.
	Configured bool
	// Region is the region of the instance's provider configuration, ""
	// when it is not known.
	Region string
	// DefaultTags are the tags of the provider configuration's
	// default_tags block: a map, null when there is none.
	DefaultTags cty.Value
}

// Answer is what a Provider reads for a data source instance.
type Answer struct {
	// Values are the instance's attributes.
	Values cty.Value
	// Modelled is false when the provider cannot answer the data source:
	// the attributes it leaves unset are unknown, and references to them
	// are not warned about one by one (Note says why once).
	Modelled bool
	// Note, unless its Message is empty, is what the evaluator reports
	// at the data source's declaration: one at most, so that answering
	// costs no allocation.
	Note Note
}

// Note is a diagnostic about a data source instance.
type Note struct {
	// Severity is model.SeverityError for arguments the data source
	// rejects, reported as an invalid value; any other note says what the
	// provider answers and how, or why it cannot.
	Severity model.Severity
	// Message is the whole message, naming the instance.
	Message string
}
