// Package tfjson reads the JSON that `terraform show -json` prints for a
// saved plan or for the current state, and turns it into the resource
// instances of package model/tfmap, which maps them to a model.World. The
// model is the same as for the Terraform root the plan or state came from,
// but with AWS's real IDs wherever the input knows them.
//
// The files are decoded in one pass with github.com/go-json-experiment/json
// (the prototype of encoding/json/v2), straight into the fields and cty
// values vpctrace reads; the configuration section is read with
// github.com/hashicorp/terraform-json. Every
// instance in the plan's planned_values (with the data sources Terraform
// read while planning, from prior_state) or in the state's values becomes
// one tfmap.Resource:
//
//   - Values is a cty object inferred from the JSON (objects become cty
//     objects, arrays tuples; neither format carries the provider schema).
//     Attributes a plan marks in after_unknown ("known after apply") are
//     cty.DynamicVal, at any depth, whether or not the JSON lists them.
//     Sensitive values keep their value; a sensitive attribute whose value
//     the file leaves out is unknown. A state knows every value. A
//     top-level attribute that is null is left out (the mapper reads a
//     missing attribute as null): a plan lists every attribute of the
//     provider's schema, and nearly half of them are null.
//   - Except: of an object the plan creates, the top-level attributes that
//     are unknown only because the configuration does not set them (the
//     provider computes them: a route table's route, a group's egress, a
//     VPC's enable_dns_hostnames, an endpoint's policy) are null, as they
//     are when the Terraform root is read directly, so that the mapper
//     applies AWS's defaults; id and arn stay unknown. A dynamic block is
//     missing from the plan's configuration, so one over a collection
//     Terraform cannot know at plan time reads as not set too.
//   - Refs, for a plan, come from its configuration section: for each
//     top-level attribute (nested blocks under their block's name), the
//     addresses of the resources its expression references, in order,
//     with instance keys where the expression gives them. References
//     through module input variables, module outputs and each.value are
//     followed to the resources behind them. Terraform's JSON drops
//     dynamic index keys, so an expression whose references are a
//     resource R and each.key (or count.index), the `R[each.key]` idiom,
//     refers to the instance of R with the referring instance's key, when
//     there is one. A reference to a whole resource R with instance
//     keys is every instance when the expression references nothing
//     but resources (`R[*].id`); when it also reads local values,
//     variables, each, count or module outputs it may pick some of them
//     (a `for` with an `if`), which the JSON does not show, and is
//     "R[?]" (SomeRef). A local value, whose expression the JSON does not
//     hold, is the pseudo-address "local.NAME" (LocalRef), prefixed with
//     its module instance. A reference to a whole module (`module.net[*].ids`,
//     which Terraform's JSON keeps only as "module.net") means every
//     output of every instance of it. A state has no configuration and so
//     no Refs.
//   - Pos is the file, line and column of the instance's first "address"
//     in the file (the JSON has no positions of the Terraform source).
//
// The region is Options.Region if given, else the default aws provider's
// region in the plan's configuration (a constant or a root variable's
// value), else the region all regional ARNs in the input agree on.
//
// Load maps a plan with tfmap.Options.PlanFile set to its path: a plan read
// without its Terraform root. Terraform marks a task definition's whole
// container_definitions known only after apply as soon as one leaf is
// (a repository URL, a secret ARN the plan creates); tfmap.Build then
// keeps the calls its references show, unknown where the plan does not
// tell them, and its messages suggest tracing the plan with its root
// (`vpctrace trace --plan PLAN DIR`) for the full answer.
package tfjson
