package tfmap

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpctrace/vpctrace/model"
)

// Diagnostic codes produced by Build besides those of model.Validate.
const (
	// CodeUndetermined marks a value that decides paths but is known only
	// after apply, or names an object the input does not describe. The
	// object is listed in World.Unknowns.
	CodeUndetermined = "undetermined-value"
	// CodeNotModelled marks resource types (or settings) vpctrace ignores.
	CodeNotModelled = "not-modelled"
	// CodeInvalidJSON marks container_definitions that do not parse.
	// (Endpoint policies are parsed by the simulator.)
	CodeInvalidJSON = "invalid-json"
	// CodeDuplicateAddress marks two resources with one address.
	CodeDuplicateAddress = "duplicate-address"
	// CodeAWSRejects prefixes the codes of configurations AWS refuses at
	// apply time, e.g. "aws-rejects-route-table-association".
	CodeAWSRejects = "aws-rejects-"
)

// Build maps resource instances to a world, applying the AWS provider's
// defaults, and returns it with diagnostics: values that cannot be
// determined (also listed in World.Unknowns), configurations AWS would
// reject, resource types that are not modelled, and the problems
// model.World.Validate finds. Objects appear in address order. Data
// sources are used only to resolve IDs.
func Build(resources []Resource, opts Options) (*model.World, model.Diagnostics) {
	b := newBuilder(resources, opts)
	b.checkOptions()
	for _, phase := range phases {
		for _, r := range b.res {
			if fn := phase(mappers[r.Type]); fn != nil && r.Mode != "data" {
				fn(b, r)
			}
		}
	}
	return b.finish()
}

// checkOptions reports a region or account ID that is not one: it names
// every host and ARN of the world.
func (b *builder) checkOptions() {
	if r := b.opts.Region; r != "" && !model.IsRegion(r) {
		b.errorf(model.Pos{}, model.CodeInvalidValue, "the region %q is not a region name (expected a name such as ap-northeast-1)", r)
	}
	if a := b.opts.Account; a != "" && !model.IsAccountID(a) {
		b.errorf(model.Pos{}, model.CodeInvalidValue, "the account ID %q is not an AWS account ID (expected 12 digits)", a)
	}
}

// mapper maps one resource type. Each phase runs over every resource in
// address order before the next starts: adopt registers the VPC defaults
// that aws_default_* resources take over, objects creates model objects,
// links changes objects that other resources created (routes, rules,
// associations), and late reads what links completed.
type mapper struct {
	adopt, objects, links, late func(*builder, *Resource)
}

var phases = []func(mapper) func(*builder, *Resource){
	func(m mapper) func(*builder, *Resource) { return m.adopt },
	func(m mapper) func(*builder, *Resource) { return m.objects },
	func(m mapper) func(*builder, *Resource) { return m.links },
	func(m mapper) func(*builder, *Resource) { return m.late },
}

// Modelled reports whether Build maps resources of type t into the
// network model (rather than ignoring them, or only reading values from
// them).
func Modelled(t string) bool {
	m, ok := mappers[t]
	return ok && (m.adopt != nil || m.objects != nil || m.links != nil || m.late != nil)
}

// mappers is the dispatch table by resource type. A type with an empty
// mapper is known and has nothing to map; a type not in the table is
// reported as not modelled.
var mappers = map[string]mapper{}

func register(table map[string]mapper) {
	for t, m := range table {
		mappers[t] = m
	}
}

func init() {
	// Resources that only carry values other resources use (repository
	// URLs, secret ARNs, role ARNs) or that do not affect the network.
	register(map[string]mapper{
		"aws_ecr_repository":                                 {},
		"aws_ecr_lifecycle_policy":                           {},
		"aws_ecr_repository_policy":                          {},
		"aws_secretsmanager_secret":                          {},
		"aws_secretsmanager_secret_version":                  {},
		"aws_ssm_parameter":                                  {},
		"aws_cloudwatch_log_group":                           {},
		"aws_iam_role":                                       {},
		"aws_iam_role_policy":                                {},
		"aws_iam_role_policy_attachment":                     {},
		"aws_iam_policy":                                     {},
		"aws_iam_instance_profile":                           {},
		"aws_launch_template":                                {},
		"aws_launch_configuration":                           {},
		"aws_ecs_capacity_provider":                          {},
		"aws_kms_key":                                        {},
		"aws_kms_alias":                                      {},
		"aws_s3_bucket_policy":                               {},
		"aws_s3_bucket_public_access_block":                  {},
		"aws_s3_bucket_versioning":                           {},
		"aws_s3_bucket_server_side_encryption_configuration": {},
	})
}

// store holds the objects of one kind by ID.
type store[T any] struct {
	items map[string]*T
	ids   []string
}

func (s *store[T]) add(id string, v T) *T {
	if s.items == nil {
		s.items = map[string]*T{}
	}
	p := &v
	s.items[id] = p
	s.ids = append(s.ids, id)
	return p
}

func (s *store[T]) get(id string) *T { return s.items[id] }

// list returns the objects in address order.
func (s *store[T]) list() []T {
	ids := slices.Clone(s.ids)
	slices.SortFunc(ids, compareAddr)
	var out []T
	for _, id := range ids {
		out = append(out, *s.items[id])
	}
	return out
}

// compareAddr orders addresses as text, except that runs of digits
// compare as numbers (`x[2]` before `x[10]`).
func compareAddr(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := len(na) - len(nb); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// builder holds the state of one Build.
type builder struct {
	opts     Options
	res      []*Resource
	ix       *index
	diags    model.Diagnostics
	unknowns []model.Unknown
	// broken marks the objects and blocks (by position) with a value AWS
	// refuses, already reported: Validate's complaints about them are
	// dropped, except reference errors.
	broken map[model.Pos]bool
	// undetermined lists the objects with unknowns, whose missing-field
	// complaints from Validate are explained by them.
	undetermined []object

	vpcs             store[model.VPC]
	subnets          store[model.Subnet]
	routeTables      store[model.RouteTable]
	igws             store[model.InternetGateway]
	eigws            store[model.EgressOnlyGateway]
	nats             store[model.NATGateway]
	vgws             store[model.VPNGateway]
	instances        store[model.Instance]
	endpoints        store[model.Endpoint]
	sgs              store[model.SecurityGroup]
	acls             store[model.NetworkACL]
	prefixLists      store[model.PrefixList]
	dhcp             store[model.DHCPOptions]
	zones            store[model.HostedZone]
	tgws             store[model.TransitGateway]
	tgwAttachments   store[model.TransitGatewayAttachment]
	tgwRouteTables   store[model.TransitGatewayRouteTable]
	peerings         store[model.Peering]
	fileSystems      store[model.FileSystem]
	buckets          store[model.Bucket]
	clusters         store[model.Cluster]
	taskDefinitions  store[model.TaskDefinition]
	services         store[model.Service]
	autoScalingGroup store[model.AutoScalingGroup]
	ptcRules         store[model.PullThroughCacheRule]
	accountSettings  store[model.AccountSetting]
	resolverRules    store[model.ResolverRule]
	fwLists          store[model.FirewallDomainList]
	fwGroups         store[model.FirewallRuleGroup]
	bpa              store[model.BlockPublicAccess]
	bpaExclusions    store[model.BPAExclusion]
	firewalls        store[model.NetworkFirewall]
	policies         store[model.NetworkFirewallPolicy]
	ruleGroups       store[model.NetworkFirewallRuleGroup]

	// adopted maps a VPC's implicit object to the aws_default_* resource
	// that adopts it; made records the implicit objects created.
	adopted   map[implicitRef]string
	adoptedBy map[string]string // adopter address -> VPC
	made      map[implicitRef]bool
	pending   map[string]implicitRef // implicit IDs handed out, by ID
	// assocs are associations that AWS allows once per subject.
	assocs    map[string][]association
	assocKeys []string
	// accepted marks peering connections accepted by an accepter resource.
	accepted map[string]bool
	// strategies holds each cluster's default capacity provider strategy.
	strategies map[string][]string
	// azByID and epNames cache azNames and endpointNames.
	azByID  map[string]string
	epNames map[string]endpointName
	// skipped lists the instances of types that are not modelled.
	skipped map[string][]*Resource
	// unexpanded lists the instances whose number is not known.
	unexpanded []*Resource
	// sgVPCs holds the security groups whose vpc_id names no VPC of the
	// input, until placeSecurityGroups looks at what uses them;
	// sgAssociations the VPCs groups are associated with besides their
	// own (aws_vpc_security_group_vpc_association).
	sgVPCs         map[string]sgVPC
	sgAssociations map[string][]string
}

func newBuilder(resources []Resource, opts Options) *builder {
	b := &builder{opts: opts, adopted: map[implicitRef]string{}, adoptedBy: map[string]string{}, pending: map[string]implicitRef{}, made: map[implicitRef]bool{},
		assocs: map[string][]association{}, accepted: map[string]bool{}, strategies: map[string][]string{}, skipped: map[string][]*Resource{},
		sgVPCs: map[string]sgVPC{}, sgAssociations: map[string][]string{}, broken: map[model.Pos]bool{}}
	seen := map[string]*Resource{}
	for i := range resources {
		r := resources[i]
		if r.Values.IsNull() {
			r.Values = null
		}
		if hasMarks(r.Values) {
			r.Values, _ = r.Values.UnmarkDeep()
		}
		if prev := seen[r.Address]; prev != nil {
			b.errorf(r.Pos, CodeDuplicateAddress, "%s is defined twice (also at %s); the second is ignored", r.Address, prev.Pos)
			continue
		}
		seen[r.Address] = &r
		if r.Unexpanded {
			b.unexpanded = append(b.unexpanded, &r)
			continue
		}
		b.res = append(b.res, &r)
	}
	slices.SortStableFunc(b.res, func(x, y *Resource) int { return compareAddr(x.Address, y.Address) })
	b.ix = newIndex(b.res)
	for _, r := range b.res {
		if _, ok := mappers[r.Type]; !ok && r.Mode != "data" {
			b.skipped[r.Type] = append(b.skipped[r.Type], r)
		}
	}
	return b
}

func (b *builder) diag(sev model.Severity, pos model.Pos, code, format string, args ...any) {
	b.diags = append(b.diags, model.Diagnostic{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...), Source: pos})
}

func (b *builder) errorf(pos model.Pos, code, format string, args ...any) {
	b.diag(model.SeverityError, pos, code, format, args...)
}

func (b *builder) warnf(pos model.Pos, code, format string, args ...any) {
	b.diag(model.SeverityWarning, pos, code, format, args...)
}

func (b *builder) infof(pos model.Pos, code, format string, args ...any) {
	b.diag(model.SeverityInfo, pos, code, format, args...)
}

// object names the model object a value belongs to.
type object struct {
	kind model.Kind
	id   string
	pos  model.Pos
}

func objectOf(kind model.Kind, r *Resource) object { return object{kind, r.Address, r.Pos} }

// undetermine records that field s of object o decides paths but is not
// determined: a warning at the field and an entry in World.Unknowns, so
// that the simulator gives verdict unknown to paths through o.
func (b *builder) undetermine(s site, o object, why string) {
	if origin, ok := b.origin(s); ok && why == afterApplyWhy {
		why += "; " + origin // where it comes from, when the references tell
	}
	b.warnf(s.pos, CodeUndetermined, "%s of %s is not determined (%s); paths through %s %s are unknown where it could change their verdict",
		s.field, s.r.Address, why, o.kind, o.id)
	b.unknowns = append(b.unknowns, model.Unknown{ID: o.id, Kind: o.kind, Field: s.field, Why: why, Source: s.pos})
	b.undetermined = append(b.undetermined, o)
}

// failed records every failed resolution of field s as undetermined.
func (b *builder) failed(s site, o object, w want, fails []resolution) {
	for _, f := range fails {
		why := b.whyUnresolved(s, w, f)
		if f.some {
			why += b.planHint()
		}
		b.undetermine(s, o, why)
	}
}

// ref resolves the ID attribute name of s, recording a failure as an
// undetermined field of o.
func (b *builder) ref(s site, name string, w want, o object) string {
	as := s.at(name)
	id, res := b.one(as, s.get(name), w)
	if res.outcome != resolved && res.outcome != notSet {
		b.failed(as, o, w, []resolution{res})
	}
	return id
}

// refs resolves the ID list attribute name of s like ref.
func (b *builder) refs(s site, name string, w want, o object) []string {
	as := s.at(name)
	ids, fails := b.many(as, s.get(name), w)
	b.failed(as, o, w, fails)
	return ids
}

// linkTo returns a links-phase mapper for a resource that changes the
// object its attribute attr names; when that object is not in the model
// the resource is ignored with a warning.
func linkTo[T any](st func(*builder) *store[T], attr string, w want, apply func(*builder, site, *T)) func(*builder, *Resource) {
	return func(b *builder, r *Resource) {
		s := root(r)
		if o := st(b).get(b.dangling(s, attr, w)); o != nil {
			apply(b, s, o)
		}
	}
}

// Store accessors for linkTo.
func vpcStore(b *builder) *store[model.VPC]                                { return &b.vpcs }
func routeTableStore(b *builder) *store[model.RouteTable]                  { return &b.routeTables }
func endpointStore(b *builder) *store[model.Endpoint]                      { return &b.endpoints }
func sgStore(b *builder) *store[model.SecurityGroup]                       { return &b.sgs }
func aclStore(b *builder) *store[model.NetworkACL]                         { return &b.acls }
func prefixListStore(b *builder) *store[model.PrefixList]                  { return &b.prefixLists }
func zoneStore(b *builder) *store[model.HostedZone]                        { return &b.zones }
func tgwRouteTableStore(b *builder) *store[model.TransitGatewayRouteTable] { return &b.tgwRouteTables }
func fileSystemStore(b *builder) *store[model.FileSystem]                  { return &b.fileSystems }
func clusterStore(b *builder) *store[model.Cluster]                        { return &b.clusters }

// associator returns a links-phase mapper for an association resource:
// attribute subject names the subject, target the target.
func associator(kind, subject string, ws want, target string, wt want) func(*builder, *Resource) {
	return func(b *builder, r *Resource) {
		s := root(r)
		b.associate(kind, b.dangling(s, subject, ws), b.dangling(s, target, wt), s.at(subject))
	}
}

// association is one resource's association of a subject (a subnet, a
// VPC) with a target (a route table, a network ACL).
type association struct {
	target string
	pos    model.Pos
	by     string
}

// associate records an association of a kind AWS allows once per subject.
func (b *builder) associate(kind, subject, target string, s site) {
	if subject == "" || target == "" {
		return
	}
	key := kind + "|" + subject
	if _, ok := b.assocs[key]; !ok {
		b.assocKeys = append(b.assocKeys, key)
	}
	b.assocs[key] = append(b.assocs[key], association{target, s.pos, s.r.Address})
}

// applyAssociations sets the associations, reporting subjects associated
// with two different targets, which AWS refuses (one route table and one
// network ACL per subnet, aws-rules 4.1.1, 5.2.1; one main route table per VPC).
func (b *builder) applyAssociations() {
	for _, key := range b.assocKeys {
		kind, subject, _ := strings.Cut(key, "|")
		list := b.assocs[key]
		for _, a := range list[1:] {
			if a.target != list[0].target {
				b.errorf(a.pos, CodeAWSRejects+strings.ReplaceAll(kind, " ", "-")+"-association",
					"%s associates %s with %s %s, but %s already associates it with %s; AWS allows one %s per %s, so the second association fails",
					a.by, subject, kind, a.target, list[0].by, list[0].target, kind, subjectNoun[kind])
			}
		}
		target := list[0].target
		switch kind {
		case assocRouteTable:
			if s := b.subnets.get(subject); s != nil {
				s.RouteTable = target
			}
		case assocNetworkACL:
			if s := b.subnets.get(subject); s != nil {
				s.NetworkACL = target
			}
		case assocMainRouteTable:
			if v := b.vpcs.get(subject); v != nil {
				v.MainRouteTable = target
			}
		}
	}
}

const (
	assocRouteTable     = "route table"
	assocNetworkACL     = "network ACL"
	assocMainRouteTable = "main route table"
)

var subjectNoun = map[string]string{assocRouteTable: "subnet", assocNetworkACL: "subnet", assocMainRouteTable: "VPC"}

// finish completes the world, validates it and returns it.
func (b *builder) finish() (*model.World, model.Diagnostics) {
	b.mapUnexpanded()
	b.applyAssociations()
	b.applyImplicit()
	b.placeSecurityGroups()
	b.sortACLRules()
	types := make([]string, 0, len(b.skipped))
	for t := range b.skipped {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		list := b.skipped[t]
		b.infof(list[0].Pos, CodeNotModelled, "%s is not modelled; %d %s ignored", t, len(list), plural(len(list), "instance"))
	}
	w := &model.World{
		Region:                    b.opts.Region,
		Account:                   b.opts.Account,
		AccountFrom:               b.opts.AccountFrom,
		VPCs:                      b.vpcs.list(),
		Subnets:                   b.subnets.list(),
		RouteTables:               b.routeTables.list(),
		InternetGateways:          b.igws.list(),
		EgressOnlyGateways:        b.eigws.list(),
		NATGateways:               b.nats.list(),
		VPNGateways:               b.vgws.list(),
		Instances:                 b.instances.list(),
		Endpoints:                 b.endpoints.list(),
		SecurityGroups:            b.sgs.list(),
		NetworkACLs:               b.acls.list(),
		PrefixLists:               b.prefixLists.list(),
		DHCPOptions:               b.dhcp.list(),
		HostedZones:               b.zones.list(),
		TransitGateways:           b.tgws.list(),
		TransitGatewayAttachments: b.tgwAttachments.list(),
		TransitGatewayRouteTables: b.tgwRouteTables.list(),
		Peerings:                  b.peerings.list(),
		FileSystems:               b.fileSystems.list(),
		Buckets:                   b.buckets.list(),
		Clusters:                  b.clusters.list(),
		TaskDefinitions:           b.taskDefinitions.list(),
		Services:                  b.services.list(),
		AutoScalingGroups:         b.autoScalingGroup.list(),
		PullThroughCacheRules:     b.ptcRules.list(),
		AccountSettings:           b.accountSettings.list(),
		ResolverRules:             b.resolverRules.list(),
		FirewallDomainLists:       b.fwLists.list(),
		FirewallRuleGroups:        b.fwGroups.list(),
		BlockPublicAccess:         b.bpa.list(),
		BPAExclusions:             b.bpaExclusions.list(),
		NetworkFirewalls:          b.firewalls.list(),
		NetworkFirewallPolicies:   b.policies.list(),
		NetworkFirewallRuleGroups: b.ruleGroups.list(),
		Unknowns:                  b.unknowns,
	}
	for _, d := range w.Validate() {
		if !b.explained(d) && !(b.broken[d.Source] && d.Code != model.CodeUnknownReference) {
			b.diags = append(b.diags, d)
		}
	}
	return w, b.diags
}

// explained reports whether a missing-field complaint of Validate is about
// an object whose field Build recorded as undetermined.
func (b *builder) explained(d model.Diagnostic) bool {
	if d.Code != model.CodeMissingField {
		return false
	}
	for _, o := range b.undetermined {
		if d.Source == o.pos && strings.Contains(d.Message, strconv.Quote(o.id)) {
			return true
		}
	}
	return false
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// hasMarks reports whether v or a value in it is marked. It is a walk
// without allocation: UnmarkDeep rebuilds every value, and values read
// from JSON have no marks.
func hasMarks(v cty.Value) bool {
	if v.IsMarked() {
		return true
	}
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	switch ty := v.Type(); {
	case ty.IsObjectType():
		for name := range ty.AttributeTypes() {
			if hasMarks(v.GetAttr(name)) {
				return true
			}
		}
	case ty.IsTupleType() || ty.IsCollectionType():
		for it := v.ElementIterator(); it.Next(); {
			if _, e := it.Element(); hasMarks(e) {
				return true
			}
		}
	}
	return false
}
