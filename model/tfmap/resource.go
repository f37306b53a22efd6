// Package tfmap turns Terraform resource instances into a model.World. Both
// Terraform inputs use it: the HCL evaluator of package model/terraform,
// which evaluates a root module offline, and package model/tfjson, which
// reads `terraform show -json` plan and state output. Each produces
// []Resource; Build maps them with the AWS provider's defaults, so both
// inputs give the same model for the same configuration.
//
// Model object IDs are Terraform addresses ("aws_subnet.private-a",
// `module.net.aws_subnet.private["a"]`). Attribute values that hold AWS IDs
// ("vpc-0abc...", or IDs the HCL evaluator synthesized) are resolved to
// addresses through the "id" and "arn" attributes of every resource (data
// sources included), and through names where AWS takes names (ECS
// clusters, capacity providers, task definition families, launch
// templates, instance profiles, roles). A value known only after apply
// is resolved through Resource.Refs, filtered by the resource types the
// attribute may name.
//
// The objects AWS creates with a VPC (default security group, default
// network ACL, main route table) and with a transit gateway (default route
// table) enter the model when an aws_default_* resource adopts them or
// when something refers to them, through the aws_vpc attributes
// default_security_group_id, default_network_acl_id, main_route_table_id
// and default_route_table_id (or a reference to the aws_vpc itself from a
// top-level attribute); they are named "ADDRESS (default security group)"
// and so on.
//
// A value that decides paths but cannot be determined (known only after
// apply, or an ID of an object the input does not describe) becomes a
// warning at the attribute and an entry in World.Unknowns for the object,
// so that the simulator gives verdict unknown to paths through it.
package tfmap

import (
	"fmt"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// Resource is one instance of a managed resource or a data source, with
// its attribute values as Terraform knows them.
type Resource struct {
	// Address is the full instance address, e.g.
	// `module.net.aws_subnet.private["a"]` or "aws_vpc.main".
	Address string
	// Mode is "managed" or "data".
	Mode string
	// Type is the resource type, e.g. "aws_subnet".
	Type string
	// Values is an object of the instance's attributes, nested blocks as
	// lists of objects. Values only known after apply are cty unknowns.
	Values cty.Value
	// Pos is the position of the resource block (HCL), or of the file when
	// the input has no positions (JSON).
	Pos model.Pos
	// AttrPos gives positions of top-level attributes (keyed by name) and
	// of nested blocks (keyed by "name.N", N counting from 0), when known.
	AttrPos map[string]model.Pos
	// Refs gives, for top-level attributes, the addresses of the resources
	// their expressions reference ("aws_vpc.main",
	// `aws_subnet.private["a"]`, or "aws_subnet.private" for every
	// instance). Build uses it to resolve IDs that are unknown. Package
	// model/tfjson, which reads a plan without the expressions themselves,
	// also gives "aws_subnet.private[?]" for some of the instances, which
	// the expression picks in a way the plan does not show, and
	// "local.NAME" (`module.m.local.NAME` in a module) for a local value,
	// whose expression a plan does not show, and ChoiceRef when the
	// expression may choose among the resources it names.
	Refs map[string][]string
	// Created marks an instance that the plan it comes from creates (its
	// planned action is create, or a replacement); false for a state, a
	// Terraform root read without a plan, and an instance that exists.
	Created bool
	// Unexpanded marks an instance that stands for an unknown number of
	// instances: its count or for_each (or its module's) is not known, and
	// its Values are those of any of them, with count.index and each
	// unknown. Its address has "[*]" for the unknown key, and Build gives
	// verdict unknown to paths through the objects it would change.
	Unexpanded bool
}

// ChoiceRef is a Refs entry that says the expression reads values other
// than the resources it names, and names several, so that those values
// may choose among them (`each.key == "api" ? aws_security_group.api.id :
// aws_security_group.batch.id`). Package model/tfjson gives it: a plan
// shows an expression's references, not how it combines them. An ID
// attribute known only after apply whose candidates come from several
// resources may then hold any of them, not all: taking them all could
// allow what the real value does not.
const ChoiceRef = "?"

// Options are the facts Build needs beyond the resources.
type Options struct {
	Region  string // the provider's region
	Account string // the account ID
	// AccountFrom says where the input shows Account (AccountEvidence.Resolve);
	// empty when it does not, and Account is a placeholder (aws-rules 6.1.6).
	AccountFrom string
	// PlanFile names the saved plan the resources come from when it is
	// read without its Terraform root (package model/tfjson), and is
	// empty otherwise. Build then rebuilds what the plan's configuration
	// section shows of container definitions known only after apply, and
	// its messages about values the plan does not show suggest tracing
	// the plan with its root (`vpctrace trace --plan PLAN DIR`).
	PlanFile string
}

// planHint is the advice, for a plan read without its root, to trace it
// with its root, as a clause that ends a reason: "; ..." (or "").
func (b *builder) planHint() string {
	if b.opts.PlanFile == "" {
		return ""
	}
	return fmt.Sprintf("; trace the plan with its Terraform root (`vpctrace trace --plan %s DIR`) for the full answer", b.opts.PlanFile)
}

// Position returns the position of attribute name, or of the resource.
func (r *Resource) Position(name string) model.Pos {
	if p, ok := r.AttrPos[name]; ok && p.IsValid() {
		return p
	}
	return r.Pos
}

// UnknownMarkJSON is UnknownMark as JSON text writes it inside a string.
const UnknownMarkJSON = `\u0000(known after apply)\u0000`

// HasUnknownMark reports whether s holds UnknownMark, as such or written
// as JSON.
func HasUnknownMark(s string) bool {
	return strings.Contains(s, UnknownMark) || strings.Contains(s, UnknownMarkJSON)
}
