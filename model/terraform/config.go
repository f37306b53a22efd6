package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
)

// module is the configuration of one module directory: its declarations
// as graph nodes, in declaration order.
type module struct {
	dir   string   // as joined from the root directory
	files []string // the configuration files, override files excluded
	// unread is set when a file could not be read or parsed at all.
	unread bool
	nodes  []*node
	byKey  map[string]*node
	// phantoms are references to things that are not declared, already
	// diagnosed; evaluation gives them unknown values so that nothing is
	// reported twice. Keys are node keys ("var.x", "aws_vpc.nope").
	phantoms map[string]bool
	// phantomRoots are reference roots used without a name ("aws_vpc"
	// alone), already diagnosed.
	phantomRoots map[string]bool
	// tails are the attributes read from module outputs, variables and
	// locals, for evaluator.demand.
	tails []tailRef
}

// nodeKind is the kind of a declaration.
type nodeKind int

const (
	kindVariable nodeKind = iota
	kindLocal
	kindResource
	kindData
	kindModule
	kindOutput
	kindProvider
)

// node is one declaration: a variable, local value, resource, data
// source, module call, output or provider configuration.
type node struct {
	kind nodeKind
	// key names the node in the graph: "var.x", "local.x", "aws_vpc.main",
	// "data.aws_region.current", "module.net", "output.x", "provider.aws"
	// or "provider.aws.west".
	key  string
	name string
	typ  string    // resource or data source type; provider name
	decl hcl.Range // the block's definition range (or the local's)

	expr hcl.Expression // local value, output value, provider region
	tags hcl.Expression // provider: default_tags' tags
	// provider: allowed_account_ids and assume_role's role_arn, which
	// show the account (aws-rules 6.1.6)
	accountIDs, roleARN hcl.Expression

	// resources, data sources and module calls
	body     hcl.Body // the block's body without meta-arguments
	count    hcl.Expression
	forEach  hcl.Expression
	provider string // "aws" or "aws.ALIAS" (resources); "" for non-AWS
	provRng  hcl.Range

	variable *variable
	call     *moduleCall

	// uses is what the node's expressions reference; for a module call,
	// only its count, for_each and providers (see moduleCall.argUses).
	uses refSet
	// attrRefs maps an attribute name read from this resource by other
	// declarations to the first reference's range.
	attrRefs map[string]hcl.Range
	attrList []string // attrRefs keys in first-reference order
}

// variable is an input variable declaration.
type variable struct {
	typ         cty.Type
	typed       bool // a type constraint was given
	defaults    *typeexpr.Defaults
	def         hcl.Expression // nil: no default
	nullable    bool
	validations []validation
}

// validation is a variable validation rule.
type validation struct {
	cond    hcl.Expression
	message hcl.Expression
}

// moduleCall is a module block.
type moduleCall struct {
	source    string
	sourceRng hcl.Range
	args      []*hcl.Attribute // input variables, sorted by name
	// providers maps the child's provider configuration names to the
	// caller's ("aws" -> "aws.west").
	providers map[string]string
	// argUses is what each argument references, by argument name.
	argUses map[string]refSet
}

// hasCount reports whether the node expands with count.
func (n *node) hasCount() bool { return n.count != nil }

// hasForEach reports whether the node expands with for_each.
func (n *node) hasForEach() bool { return n.forEach != nil }

// isResource reports whether the node is a managed resource or data source.
func (n *node) isResource() bool { return n.kind == kindResource || n.kind == kindData }

// mode is the tfmap mode of a resource node.
func (n *node) mode() string {
	if n.kind == kindData {
		return "data"
	}
	return "managed"
}
