package tfmap

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// index finds resources by address and by the values of their ID
// attributes, so that attribute values holding AWS IDs can be turned into
// addresses.
type index struct {
	byAddr map[string]*Resource
	// byBase lists the instances of each resource (address without its
	// instance key), in address order.
	byBase map[string][]*Resource
	// byKey maps an ID, ARN or name to the resources whose attribute holds
	// it, with the attribute.
	byKey map[string][]keyHit
}

// keyHit is a resource whose attribute attr holds a looked-up value.
type keyHit struct {
	r    *Resource
	attr string
}

// selfKeys are the attributes, besides "id" and "arn", whose value names
// the resource itself (ECS takes cluster and capacity provider names,
// auto scaling groups take launch template names, ...).
var selfKeys = map[string][]string{
	"aws_ecs_cluster":           {"name"},
	"aws_ecs_capacity_provider": {"name"},
	"aws_ecs_task_definition":   {"family", "arn_without_revision", familyRevision},
	"aws_launch_template":       {"name"},
	"aws_launch_configuration":  {"name"},
	"aws_autoscaling_group":     {"name"},
	"aws_iam_instance_profile":  {"name"},
	"aws_iam_role":              {"name"},
	"aws_route53_zone":          {"zone_id"},
	"aws_s3_bucket":             {"bucket"},
	"aws_prefix_list":           {"name"},
	"aws_eip":                   {"allocation_id"},
}

// familyRevision is the synthetic key "FAMILY:REVISION" of a task definition.
const familyRevision = "family:revision"

// implicitKeys are the attributes that hold the IDs of objects AWS creates
// with a resource: a VPC's default security group, network ACL and main
// route table, a transit gateway's default route table.
var implicitKeys = map[string][]string{
	"aws_vpc":                 {"default_security_group_id", "default_network_acl_id", "main_route_table_id", "default_route_table_id"},
	"aws_ec2_transit_gateway": {"association_default_route_table_id", "propagation_default_route_table_id"},
	"aws_vpc_endpoint":        {"prefix_list_id"},
	"aws_instance":            {"primary_network_interface_id"},
}

func newIndex(resources []*Resource) *index {
	ix := &index{byAddr: map[string]*Resource{}, byBase: map[string][]*Resource{}, byKey: map[string][]keyHit{}}
	for _, r := range resources {
		ix.byAddr[r.Address] = r
		base, _ := SplitKey(r.Address)
		ix.byBase[base] = append(ix.byBase[base], r)
		keys := append(append([]string{"id", "arn"}, selfKeys[r.Type]...), implicitKeys[r.Type]...)
		for _, k := range keys {
			s, st := str(attr(r.Values, k))
			if k == familyRevision {
				rev, rst := str(attr(r.Values, "revision"))
				s, st = strOr(attr(r.Values, "family"), "")+":"+rev, rst
			}
			if st == known && s != "" {
				ix.byKey[s] = append(ix.byKey[s], keyHit{r, k})
			}
		}
		if r.Type == "aws_networkfirewall_firewall" {
			for _, id := range firewallEndpoints(r) {
				ix.byKey[id] = append(ix.byKey[id], keyHit{r, firewallEndpointKey})
			}
		}
	}
	return ix
}

// SplitKey splits an instance address into the resource address and the
// instance key: `a.b["x"]` -> `a.b`, `["x"]`. Brackets inside quoted keys
// and module instance keys are left alone.
func SplitKey(addr string) (base, key string) {
	if !strings.HasSuffix(addr, "]") {
		return addr, ""
	}
	open, quoted := -1, false
	for i := 0; i < len(addr); i++ {
		switch c := addr[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == '[':
			open = i
		}
	}
	if open < 0 {
		return addr, ""
	}
	return addr[:open], addr[open:]
}

// refResources expands Refs addresses to resources: an address without an
// instance key means every instance, unless the same list also names one
// instance of it (Terraform lists both `x[0]` and `x` for `x[0].id`), and
// `x[?]` (some of x's instances, see Resource.Refs) means every instance
// too. Pseudo-addresses of local values name no resource.
func (ix *index) refResources(refs []string) []*Resource {
	rs, _ := ix.refSet(refs)
	return rs
}

// refSet is refResources, and the resources that only `x[?]` addresses
// name: those the expression may leave out.
func (ix *index) refSet(refs []string) (rs []*Resource, some map[*Resource]bool) {
	keyed := map[string]bool{}
	for _, a := range refs {
		if base, key := SplitKey(a); key != "" && key != someKey {
			keyed[base] = true
		}
	}
	certain := map[*Resource]bool{}
	add := func(r *Resource, sure bool) {
		if !certain[r] && !some[r] {
			rs = append(rs, r)
		}
		if sure {
			certain[r] = true
			delete(some, r)
		} else if !certain[r] {
			if some == nil {
				some = map[*Resource]bool{}
			}
			some[r] = true
		}
	}
	for _, a := range refs {
		if r := ix.byAddr[a]; r != nil {
			add(r, true)
			continue
		}
		if base, key := SplitKey(a); key == someKey {
			for _, r := range ix.byBase[base] {
				add(r, false)
			}
			continue
		}
		if !keyed[a] {
			for _, r := range ix.byBase[a] {
				add(r, true)
			}
		}
	}
	return rs, some
}

// someKey is the instance key of a Refs address that names some of a
// resource's instances (`aws_subnet.this[?]`).
const someKey = "[?]"

// isLocalRef reports whether a Refs address is the pseudo-address of a
// local value (`local.NAME`, `module.m.local.NAME`), whose expression a
// plan does not show.
func isLocalRef(ref string) bool {
	return strings.HasPrefix(ref, "local.") || strings.Contains(ref, ".local.")
}

// want says what an ID attribute may name and what the model calls it.
type want struct {
	noun string // "subnet", for messages
	// answer returns the model ID (or value) that resource r stands for
	// when attribute key of r holds the looked-up ID; key is "" when r
	// comes from Refs.
	answer func(b *builder, r *Resource, key string) (string, bool)
}

// blockRef is the key of a resource referenced from inside a nested block
// ("" for a top-level attribute).
const blockRef = "(block)"

// isSelf reports whether key names the resource itself.
func isSelf(r *Resource, key string) bool {
	return key == "" || key == blockRef || key == "id" || key == "arn" || slices.Contains(selfKeys[r.Type], key)
}

// managed is a want for managed resources of the given types; the answer
// is the address.
func managed(noun string, types ...string) want {
	return want{noun: noun, answer: func(_ *builder, r *Resource, key string) (string, bool) {
		return r.Address, r.Mode != "data" && slices.Contains(types, r.Type) && isSelf(r, key)
	}}
}

// orImplicit extends w with the implicit object of kind k that resources
// of type owner expose through attributes keys, and through references
// to owner from a top-level attribute (in a nested block, a reference to
// a VPC is more likely its cidr_block).
func orImplicit(w want, owner string, k implicitKind, keys ...string) want {
	inner := w.answer
	w.answer = func(b *builder, r *Resource, key string) (string, bool) {
		if r.Type == owner && r.Mode != "data" && (key == "" || slices.Contains(keys, key)) {
			return b.implicitID(r.Address, k), true
		}
		return inner(b, r, key)
	}
	return w
}

var (
	wantVPC        = managed("VPC", "aws_vpc")
	wantSubnet     = managed("subnet", "aws_subnet")
	wantRouteTable = orImplicit(managed("route table", "aws_route_table", "aws_default_route_table"),
		"aws_vpc", implicitMainRouteTable, "main_route_table_id", "default_route_table_id")
	wantSG = orImplicit(managed("security group", "aws_security_group", "aws_default_security_group"),
		"aws_vpc", implicitSecurityGroup, "default_security_group_id")
	wantACL = orImplicit(managed("network ACL", "aws_network_acl", "aws_default_network_acl"),
		"aws_vpc", implicitNetworkACL, "default_network_acl_id")
	wantTGWRouteTable = orImplicit(managed("transit gateway route table", "aws_ec2_transit_gateway_route_table"),
		"aws_ec2_transit_gateway", implicitTGWRouteTable, "association_default_route_table_id", "propagation_default_route_table_id")
	wantEndpoint        = managed("VPC endpoint", "aws_vpc_endpoint")
	wantTGW             = managed("transit gateway", "aws_ec2_transit_gateway")
	wantTGWAttachment   = managed("transit gateway VPC attachment", "aws_ec2_transit_gateway_vpc_attachment")
	wantInstance        = managed("instance", "aws_instance")
	wantEIP             = managed("Elastic IP", "aws_eip")
	wantZone            = managed("hosted zone", "aws_route53_zone")
	wantFileSystem      = managed("EFS file system", "aws_efs_file_system")
	wantCluster         = managed("ECS cluster", "aws_ecs_cluster")
	wantTaskDefinition  = managed("task definition", "aws_ecs_task_definition")
	wantCapacity        = managed("capacity provider", "aws_ecs_capacity_provider")
	wantASG             = managed("auto scaling group", "aws_autoscaling_group")
	wantLaunchTemplate  = managed("launch template", "aws_launch_template")
	wantLaunchConfig    = managed("launch configuration", "aws_launch_configuration")
	wantPeering         = managed("VPC peering connection", "aws_vpc_peering_connection")
	wantDHCPOptions     = managed("DHCP option set", "aws_vpc_dhcp_options")
	wantInternetGateway = managed("internet gateway", "aws_internet_gateway")
	wantVPNGateway      = managed("virtual private gateway", "aws_vpn_gateway")
	wantEgressOnly      = managed("egress-only internet gateway", "aws_egress_only_internet_gateway")
	wantNATGateway      = managed("NAT gateway", "aws_nat_gateway")
	wantProfile         = want{noun: "instance profile", answer: anyMode("aws_iam_instance_profile")}
	wantRole            = want{noun: "IAM role", answer: anyMode("aws_iam_role")}
	// wantPrefixList answers a customer-managed list's address, or the
	// name of an AWS-managed list (com.amazonaws.REGION.s3) that a data
	// source or a gateway endpoint's prefix_list_id stands for.
	wantPrefixList = want{noun: "prefix list", answer: prefixListAnswer}
)

// anyMode answers the address of a managed resource or data source of
// type t (roles and instance profiles are often read with data sources).
func anyMode(t string) func(*builder, *Resource, string) (string, bool) {
	return func(_ *builder, r *Resource, key string) (string, bool) {
		return r.Address, r.Type == t && isSelf(r, key)
	}
}

func prefixListAnswer(_ *builder, r *Resource, key string) (string, bool) {
	name := ""
	switch {
	case r.Type == "aws_ec2_managed_prefix_list" && r.Mode != "data" && isSelf(r, key):
		return r.Address, true
	case r.Type == "aws_vpc_endpoint" && (key == "" || key == blockRef || key == "prefix_list_id"):
		name = strOr(attr(r.Values, "service_name"), "")
	case (r.Type == "aws_prefix_list" || r.Type == "aws_ec2_managed_prefix_list") && r.Mode == "data":
		name = strOr(attr(r.Values, "name"), "")
	}
	return name, model.IsAWSManagedPrefixList(name)
}

// outcome is the result of resolving one ID value.
type outcome uint8

const (
	resolved   outcome = iota
	notSet             // the attribute is null
	afterApply         // unknown, and Refs do not name exactly one candidate
	notInInput         // a known value no resource in the input has
	ambiguous          // several candidates
)

// resolution is what resolving an attribute found.
type resolution struct {
	outcome outcome
	raw     string   // the value, for notInInput
	cands   []string // for ambiguous, and afterApply
	// some marks an afterApply list that holds some of cands, picked
	// in a way the input does not show (with the local values it reads).
	some   bool
	locals []string
}

// lookup resolves a known ID value.
func (b *builder) lookup(value string, w want) ([]string, bool) {
	var out []string
	for _, h := range b.ix.byKey[value] {
		if a, ok := w.answer(b, h.r, h.attr); ok && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out, len(out) > 0
}

// candidates resolves the references of the attribute of s.
func (b *builder) candidates(s site, w want) []string {
	sure, maybe, _ := b.candidateSet(s, w)
	return append(sure, maybe...)
}

// candidateSet resolves the references of the attribute of s into the
// candidates it certainly names, those it may name (some of a resource's
// instances, see refSet), and the local values it reads, which a plan
// does not show.
func (b *builder) candidateSet(s site, w want) (sure, maybe, locals []string) {
	key := ""
	if s.field != s.attr {
		key = blockRef
	}
	refs := s.refs()
	rs, some := b.ix.refSet(refs)
	var bases []string // of the sure candidates
	for _, c := range rs {
		a, ok := w.answer(b, c, key)
		switch {
		case !ok || slices.Contains(sure, a):
		case some[c]:
			if !slices.Contains(maybe, a) {
				maybe = append(maybe, a)
			}
		default:
			sure = append(sure, a)
			maybe = slices.DeleteFunc(maybe, func(m string) bool { return m == a })
			if base, _ := SplitKey(c.Address); !slices.Contains(bases, base) {
				bases = append(bases, base)
			}
		}
	}
	if len(bases) > 1 && slices.Contains(refs, ChoiceRef) {
		sure, maybe = nil, append(sure, maybe...)
	}
	for _, r := range refs {
		if isLocalRef(r) {
			locals = append(locals, r)
		}
	}
	return sure, maybe, locals
}

// one resolves a single ID attribute value.
func (b *builder) one(s site, v cty.Value, w want) (string, resolution) {
	value, st := str(v)
	switch st {
	case absent:
		return "", resolution{outcome: notSet}
	case unknown:
		c := b.candidates(s, w)
		if len(c) == 1 {
			b.materialize(c[0])
			return c[0], resolution{}
		}
		return "", resolution{outcome: afterApply, cands: c}
	}
	if value == "" {
		return "", resolution{outcome: notSet}
	}
	c, _ := b.lookup(value, w)
	switch len(c) {
	case 1:
		b.materialize(c[0])
		return c[0], resolution{}
	case 0:
		return "", resolution{outcome: notInInput, raw: value}
	}
	return "", resolution{outcome: ambiguous, cands: c}
}

// many resolves a list of IDs (or one ID). Unknown elements are matched
// with the references that the known elements do not account for; when
// their number differs the list is left undetermined.
func (b *builder) many(s site, v cty.Value, w want) ([]string, []resolution) {
	vals, unknowns, st := strs(v)
	switch st {
	case absent:
		return nil, nil
	case unknown:
		// A list known only after apply is every candidate, unless the
		// expression may pick some of a resource's instances: then the
		// candidates it certainly names are in it, and the rest is
		// undetermined.
		sure, maybe, locals := b.candidateSet(s, w)
		for _, id := range sure {
			b.materialize(id)
		}
		switch {
		case len(maybe) > 0:
			return sure, []resolution{{outcome: afterApply, cands: maybe, some: true, locals: locals}}
		case len(sure) == 0:
			return nil, []resolution{{outcome: afterApply}}
		}
		return sure, nil
	}
	var out []string
	var fails []resolution
	for _, value := range vals {
		id, res := b.one(s, cty.StringVal(value), w)
		if res.outcome == resolved {
			out = append(out, id)
		} else if res.outcome != notSet {
			fails = append(fails, res)
		}
	}
	if unknowns > 0 {
		var rest []string
		for _, c := range b.candidates(s, w) {
			if !slices.Contains(out, c) {
				rest = append(rest, c)
			}
		}
		if len(rest) == unknowns {
			for _, id := range rest {
				b.materialize(id)
			}
			out = append(out, rest...)
		} else {
			fails = append(fails, resolution{outcome: afterApply, cands: rest})
		}
	}
	return out, fails
}

// why explains a failed resolution for World.Unknowns.
func (res resolution) why(w want) string {
	switch res.outcome {
	case notInInput:
		return fmt.Sprintf("%q is not a %s the input describes", res.raw, w.noun)
	case ambiguous:
		return fmt.Sprintf("it could name %s %s", w.noun, strings.Join(res.cands, " or "))
	}
	if res.some {
		var parts []string
		if len(res.cands) > 0 {
			parts = append(parts, fmt.Sprintf("it may hold any of %s %s", w.noun, strings.Join(res.cands, ", ")))
		}
		if len(res.locals) > 0 {
			parts = append(parts, fmt.Sprintf("it reads local value %s", strings.Join(res.locals, ", ")))
		}
		return fmt.Sprintf("known only after apply; %s, and the plan does not show which", strings.Join(parts, "; "))
	}
	if len(res.cands) > 1 {
		return fmt.Sprintf("known only after apply; it references %s", strings.Join(res.cands, ", "))
	}
	return "known only after apply"
}

// allUnexpanded reports whether every address in refs names a resource
// whose instances are not known (Resource.Unexpanded).
func (b *builder) allUnexpanded(refs []string) bool {
	for _, ref := range refs {
		base, _ := SplitKey(ref)
		if !slices.ContainsFunc(b.unexpanded, func(r *Resource) bool { x, _ := SplitKey(r.Address); return x == base }) {
			return false
		}
	}
	return true
}

// whyUnresolved explains a failed resolution of the attribute of as like
// resolution.why, saying where a value known only after apply comes from
// when its references tell: data sources vpctrace does not read, or
// addresses the input does not hold.
func (b *builder) whyUnresolved(as site, w want, res resolution) string {
	if res.outcome != afterApply || len(res.cands) > 0 {
		return res.why(w)
	}
	if origin, ok := b.origin(as); ok {
		return afterApplyWhy + "; " + origin
	}
	refs := as.refs()
	if others := slices.DeleteFunc(slices.Clone(refs), func(r string) bool { return r == ChoiceRef }); len(others) > 0 && len(b.ix.refResources(refs)) == 0 {
		return fmt.Sprintf("%s; it references %s, which the input does not hold", afterApplyWhy, strings.Join(others, ", "))
	}
	return res.why(w)
}

// origin says where an unknown value of the attribute of as comes from
// when its references tell something vpctrace cannot read: data sources,
// another state's outputs, resources whose instances are not known, local
// values a plan does not show.
func (b *builder) origin(as site) (string, bool) {
	refs := as.refs()
	rs := b.ix.refResources(refs)
	var data []string
	for _, r := range rs {
		if r.Mode == "data" {
			data = append(data, r.Address)
		}
	}
	var locals, others, remote []string
	for _, ref := range refs {
		switch {
		case ref == ChoiceRef:
		case isLocalRef(ref):
			locals = append(locals, ref)
		case strings.Contains(ref, "data.terraform_remote_state."):
			remote = append(remote, ref)
			others = append(others, ref)
		default:
			others = append(others, ref)
		}
	}
	switch {
	case len(rs) == 0 && len(remote) > 0 && len(remote) == len(others):
		return fmt.Sprintf("it comes from the outputs of another state (%s), which vpctrace does not read; trace this root with its plan (`vpctrace trace --plan PLAN.json DIR`) for the value",
			strings.Join(remote, ", ")), true
	case len(rs) == 0 && len(others) == 0 && len(locals) > 0:
		return fmt.Sprintf("it comes from local value %s, whose expression the plan does not show%s", strings.Join(locals, ", "), b.planHint()), true
	case len(rs) == 0 && len(others) > 0 && b.allUnexpanded(others):
		return fmt.Sprintf("it references %s, whose count or for_each is not known", strings.Join(others, ", ")), true
	case len(rs) > 0 && len(data) == len(rs):
		return fmt.Sprintf("it comes from data source %s, which vpctrace does not read", strings.Join(data, ", ")), true
	}
	return "", false
}
