package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
)

// header is the comment that starts every file Encode writes.
const header = "Written by vpctrace. The format is described in docs/scenario.md;\n" +
	"trace it with: vpctrace trace FILE"

// Encode writes w as a scenario file, the inverse of Decode. It does not
// modify w. The output is deterministic: the same world gives the same
// bytes. It starts with a comment saying vpctrace wrote it, keeps the
// world's object order and writes keys in the order docs/scenario.md
// lists them. A field equal to the decoder's default is left out; every
// other field is written. Map fields (log options, capacity providers)
// are written with sorted keys, endpoint IPs in the order of the
// endpoint's subnets. An endpoint policy is written as a YAML mapping when
// the decoder turns that mapping back into exactly the same JSON text,
// else as a string.
//
// Decoding the output gives back w, except for what the format cannot
// hold:
//
//   - Source positions: the decoded world's point into the new file.
//   - World.Unknowns, the settings the input could not determine. Each is
//     written as a comment, "# unknown FIELD: WHY (POSITION)", above its
//     object, or at the top of the file when no object of its kind and ID
//     is written; the file holds the placeholder value the world has for
//     the setting. A scenario cannot say "unknown": the simulator traces
//     the placeholder, and where it is empty but required (a subnet's
//     availability zone, say) Decode reports it missing.
//   - The difference between nil and empty slices and maps: both read back
//     as nil.
//   - Spellings the decoder normalizes: a protocol "6" or "TCP" reads back
//     as "tcp" and "all" as "-1"; endpoint and record types, launch types,
//     compatibilities and network modes in their canonical case; A and
//     AAAA record values as canonical addresses; and an empty launch type
//     of a service without capacity providers as "FARGATE", which is what
//     the simulator assumes for it.
//   - Empty settings a scenario cannot hold: a service's, cluster's or
//     bucket's name and a task definition's family read back as the ID, a
//     task definition's network mode as "awsvpc", and the alias name of a
//     record that names an endpoint as the name the decoder makes up for
//     the endpoint. A comment above the object says so.
//
// Encode does not validate w: a world that model.World.Validate rejects
// gives a file that Decode rejects the same way. But it returns an error,
// and no output, when w holds a value that the decoder would refuse or
// read as something else: a string that is not valid UTF-8; an empty or
// malformed region or account; a CIDR with host bits set or of the wrong
// IP version; an IP address with a zone; an unknown protocol, endpoint
// type, record type, network mode, compatibility or launch type; a route
// without a known target, or a local route that names one; an endpoint
// service name that is not a full name (com.amazonaws. or aws.); an
// endpoint policy that is not a JSON object; endpoint IPs for a subnet
// the endpoint does not have; a record with both values and an alias, a
// CNAME record with several values, a record with neither a type nor an
// alias, or a zonal alias without an endpoint; or a service with both a
// launch type and capacity providers.
func Encode(w *model.World) ([]byte, error) {
	e := newEncoder(w)
	root := e.world()
	if e.err != nil {
		return nil, e.err
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: e.topComment(), Content: []*yaml.Node{root}}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("scenario: writing YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("scenario: writing YAML: %w", err)
	}
	return b.Bytes(), nil
}

// objectKey names one object of the world.
type objectKey struct {
	kind model.Kind
	id   string
}

// encoder holds the state of one Encode call.
type encoder struct {
	w   *model.World
	err error // the first problem found

	// path names the object being written ("subnets.private-a"), for
	// error messages.
	path string
	// notes are comments about the object being written.
	notes []string
	// unknowns holds World.Unknowns by object until they are written.
	unknowns map[objectKey][]model.Unknown
	// scratch lets the encoder ask the decoder's own parsers what they
	// make of a value, so that both sides agree by construction.
	scratch *object
}

func newEncoder(w *model.World) *encoder {
	e := &encoder{
		w:        w,
		unknowns: map[objectKey][]model.Unknown{},
		scratch:  &object{d: &decoder{w: w, refs: map[model.Pos][]refSite{}, broken: map[model.Pos]bool{}}},
	}
	for _, u := range w.Unknowns {
		k := objectKey{u.Kind, u.ID}
		e.unknowns[k] = append(e.unknowns[k], u)
	}
	return e
}

// failf records a problem with the object being written; the first one is
// Encode's error.
func (e *encoder) failf(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("scenario: cannot encode %s: %s", label(e.path), fmt.Sprintf(format, args...))
	}
}

// notef adds a comment about the object being written.
func (e *encoder) notef(format string, args ...any) {
	e.notes = append(e.notes, fmt.Sprintf(format, args...))
}

// decodes reports what the decoder's parser p makes of the string s.
func decodes[T any](e *encoder, p parser[T], s string) (T, bool) {
	d := e.scratch.d
	v, ok := p(e.scratch, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}, "")
	d.diags = d.diags[:0]
	return v, ok
}

// topComment is the file's header, followed by the unknowns that no
// written object took.
func (e *encoder) topComment() string {
	lines := []string{header}
	if len(e.w.Unknowns) > 0 {
		lines = append(lines, "",
			"The input left some settings unknown. A scenario cannot say so: each is",
			`noted in a comment marked "unknown" and traced with the value written.`,
			"Where that value is empty but required (a subnet's availability zone,",
			"say), vpctrace reports it missing until you fill it in.")
	}
	for _, u := range e.w.Unknowns {
		if slices.Contains(e.unknowns[objectKey{u.Kind, u.ID}], u) {
			lines = append(lines, fmt.Sprintf("unknown %s of %s %s: %s%s", clean(u.Field), u.Kind, clean(strconv.Quote(u.ID)), clean(u.Why), at(u.Source)))
		}
	}
	return strings.Join(lines, "\n")
}

// comment returns the comment above the ID of an object of the given kind:
// its unknowns (each object takes them once), then notes.
func (e *encoder) comment(kind model.Kind, id string, notes []string) string {
	var lines []string
	k := objectKey{kind, id}
	for _, u := range e.unknowns[k] {
		lines = append(lines, fmt.Sprintf("unknown %s: %s%s", clean(u.Field), clean(u.Why), at(u.Source)))
	}
	delete(e.unknowns, k)
	for _, n := range notes {
		lines = append(lines, clean(n))
	}
	return strings.Join(lines, "\n")
}

// at formats a position for a comment; nothing for no position.
func at(p model.Pos) string {
	if !p.IsValid() {
		return ""
	}
	return " (" + clean(p.String()) + ")"
}

// clean makes s safe for a one-line comment: line breaks and other
// characters that are not printable are escaped as in a Go string.
func clean(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !strconv.IsPrint(r) }) < 0 {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// world builds the top-level mapping.
func (e *encoder) world() *yaml.Node {
	w := e.w
	root := e.mapping(false)
	if _, ok := decodes(e, parseRegion, w.Region); !ok {
		e.failf("region %q is not a region name such as ap-northeast-1", w.Region)
	}
	root.str("region", w.Region)
	if w.Account != DefaultAccount || w.AccountFrom != "" { // a known account is kept known (aws-rules 6.1.6)
		if _, ok := decodes(e, parseAccount, w.Account); !ok {
			e.failf("account %q is not a 12-digit account ID", w.Account)
		}
		root.str("account", w.Account)
	}
	root.str("org_id", w.OrgID)

	collection(e, root, "vpcs", model.KindVPC, w.VPCs, func(o *model.VPC) string { return o.ID }, e.vpc)
	collection(e, root, "subnets", model.KindSubnet, w.Subnets, func(o *model.Subnet) string { return o.ID }, e.subnet)
	collection(e, root, "route_tables", model.KindRouteTable, w.RouteTables, func(o *model.RouteTable) string { return o.ID }, e.routeTable)
	collection(e, root, "internet_gateways", model.KindInternetGateway, w.InternetGateways, func(o *model.InternetGateway) string { return o.ID },
		func(o *model.InternetGateway, m fields) { m.str("vpc", o.VPC) })
	collection(e, root, "egress_only_gateways", model.KindEgressOnlyGateway, w.EgressOnlyGateways, func(o *model.EgressOnlyGateway) string { return o.ID },
		func(o *model.EgressOnlyGateway, m fields) { m.str("vpc", o.VPC) })
	collection(e, root, "vpn_gateways", model.KindVPNGateway, w.VPNGateways, func(o *model.VPNGateway) string { return o.ID },
		func(o *model.VPNGateway, m fields) { m.str("vpc", o.VPC) })
	collection(e, root, "nat_gateways", model.KindNATGateway, w.NATGateways, func(o *model.NATGateway) string { return o.ID }, e.natGateway)
	collection(e, root, "instances", model.KindInstance, w.Instances, func(o *model.Instance) string { return o.ID }, e.instance)
	collection(e, root, "endpoints", model.KindEndpoint, w.Endpoints, func(o *model.Endpoint) string { return o.ID }, e.endpoint)
	collection(e, root, "security_groups", model.KindSecurityGroup, w.SecurityGroups, func(o *model.SecurityGroup) string { return o.ID }, e.securityGroup)
	collection(e, root, "network_acls", model.KindNetworkACL, w.NetworkACLs, func(o *model.NetworkACL) string { return o.ID }, e.networkACL)
	collection(e, root, "prefix_lists", model.KindPrefixList, w.PrefixLists, func(o *model.PrefixList) string { return o.ID }, e.prefixList)
	collection(e, root, "dhcp_options", model.KindDHCPOptions, w.DHCPOptions, func(o *model.DHCPOptions) string { return o.ID }, e.dhcpOptions)
	collection(e, root, "hosted_zones", model.KindHostedZone, w.HostedZones, func(o *model.HostedZone) string { return o.ID }, e.hostedZone)
	collection(e, root, "resolver_rules", model.KindResolverRule, w.ResolverRules, func(o *model.ResolverRule) string { return o.ID }, e.resolverRule)
	collection(e, root, "firewall_domain_lists", model.KindFirewallList, w.FirewallDomainLists, func(o *model.FirewallDomainList) string { return o.ID }, e.firewallList)
	collection(e, root, "firewall_rule_groups", model.KindFirewallGroup, w.FirewallRuleGroups, func(o *model.FirewallRuleGroup) string { return o.ID }, e.firewallGroup)
	collection(e, root, "transit_gateways", model.KindTransitGateway, w.TransitGateways, func(o *model.TransitGateway) string { return o.ID }, e.transitGateway)
	collection(e, root, "transit_gateway_attachments", model.KindTGWAttachment, w.TransitGatewayAttachments, func(o *model.TransitGatewayAttachment) string { return o.ID }, e.attachment)
	collection(e, root, "transit_gateway_route_tables", model.KindTGWRouteTable, w.TransitGatewayRouteTables, func(o *model.TransitGatewayRouteTable) string { return o.ID }, e.tgwRouteTable)
	collection(e, root, "peerings", model.KindPeering, w.Peerings, func(o *model.Peering) string { return o.ID }, e.peering)
	collection(e, root, "file_systems", model.KindFileSystem, w.FileSystems, func(o *model.FileSystem) string { return o.ID }, e.fileSystem)
	collection(e, root, "buckets", model.KindBucket, w.Buckets, func(o *model.Bucket) string { return o.ID }, e.bucket)
	collection(e, root, "clusters", model.KindCluster, w.Clusters, func(o *model.Cluster) string { return o.ID }, e.cluster)
	collection(e, root, "task_definitions", model.KindTaskDefinition, w.TaskDefinitions, func(o *model.TaskDefinition) string { return o.ID }, e.taskDefinition)
	collection(e, root, "services", model.KindService, w.Services, func(o *model.Service) string { return o.ID }, e.service)
	collection(e, root, "auto_scaling_groups", model.KindAutoScalingGroup, w.AutoScalingGroups, func(o *model.AutoScalingGroup) string { return o.ID }, e.autoScalingGroup)
	collection(e, root, "pull_through_cache_rules", model.KindPullThroughCache, w.PullThroughCacheRules, func(o *model.PullThroughCacheRule) string { return o.ID }, e.ptcRule)
	collection(e, root, "account_settings", model.KindAccountSetting, w.AccountSettings, func(o *model.AccountSetting) string { return o.ID }, e.accountSetting)
	collection(e, root, "block_public_access", model.KindBlockPublicAccess, w.BlockPublicAccess, func(o *model.BlockPublicAccess) string { return o.ID }, e.blockPublicAccess)
	collection(e, root, "block_public_access_exclusions", model.KindBPAExclusion, w.BPAExclusions, func(o *model.BPAExclusion) string { return o.ID }, e.bpaExclusion)
	collection(e, root, "network_firewalls", model.KindNetworkFirewall, w.NetworkFirewalls, func(o *model.NetworkFirewall) string { return o.ID }, e.networkFirewall)
	collection(e, root, "network_firewall_policies", model.KindNetworkFirewallPolicy, w.NetworkFirewallPolicies, func(o *model.NetworkFirewallPolicy) string { return o.ID }, e.nfwPolicy)
	collection(e, root, "network_firewall_rule_groups", model.KindNetworkFirewallRuleGroup, w.NetworkFirewallRuleGroups, func(o *model.NetworkFirewallRuleGroup) string { return o.ID }, e.nfwRuleGroup)
	return root.n
}

// collection writes objs under key as a mapping of ID to object, in order,
// each with its comments above its ID. It writes nothing for no objects.
func collection[T any](e *encoder, parent fields, key string, kind model.Kind, objs []T, id func(*T) string, encode func(*T, fields)) {
	if len(objs) == 0 {
		return
	}
	c := e.mapping(false)
	for i := range objs {
		obj := &objs[i]
		e.path, e.notes = key+"."+id(obj), nil
		m := e.mapping(false)
		encode(obj, m)
		k := e.key(id(obj))
		k.HeadComment = e.comment(kind, id(obj), e.notes)
		c.n.Content = append(c.n.Content, k, m.n)
	}
	parent.add(key, c.n)
}

// fields is a mapping node under construction. Its methods add one key
// each, converting the value as the decoder expects it.
type fields struct {
	e *encoder
	n *yaml.Node
}

// mapping starts a mapping, in flow style ({a: 1}) when flow is set.
func (e *encoder) mapping(flow bool) fields {
	n := &yaml.Node{Kind: yaml.MappingNode}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return fields{e, n}
}

// add writes key: v.
func (m fields) add(key string, v *yaml.Node) {
	m.n.Content = append(m.n.Content, m.e.key(key), v)
}

// str writes a string, unless it is empty.
func (m fields) str(key, s string) {
	if s != "" {
		m.add(key, m.e.text(s))
	}
}

// strs writes a list of strings, unless it is empty.
func (m fields) strs(key string, ss []string) {
	if len(ss) > 0 {
		m.add(key, m.e.list(ss))
	}
}

// flag writes a boolean that differs from the decoder's default def.
func (m fields) flag(key string, v, def bool) {
	if v != def {
		m.add(key, boolean(v))
	}
}

// tristate writes a tristate that is set.
func (m fields) tristate(key string, t model.Tristate) {
	if t != model.Unset {
		m.add(key, boolean(t == model.True))
	}
}

// region writes a region name, unless it is empty.
func (m fields) region(key, r string) {
	if r == "" {
		return
	}
	if _, ok := decodes(m.e, parseRegion, r); !ok {
		m.e.failf("%s %q is not a region name such as ap-northeast-1", key, r)
	}
	m.str(key, r)
}

// prefix writes a CIDR of family fam, unless it is the zero prefix.
func (m fields) prefix(key string, p netip.Prefix, fam model.IPFamily) {
	if p != (netip.Prefix{}) {
		m.add(key, m.e.prefix(key, p, fam))
	}
}

// prefixes writes a list of CIDRs of family fam, unless it is empty; one
// CIDR under a singular key is written on its own (cidr: 10.0.0.0/16).
func (m fields) prefixes(key string, ps []netip.Prefix, fam model.IPFamily) {
	if len(ps) == 0 {
		return
	}
	if len(ps) == 1 && !strings.HasSuffix(key, "s") {
		m.add(key, m.e.prefix(key, ps[0], fam))
		return
	}
	l := seq()
	for _, p := range ps {
		l.Content = append(l.Content, m.e.prefix(key, p, fam))
	}
	m.add(key, l)
}

// addr writes an IP address, unless it is the zero address.
func (m fields) addr(key string, a netip.Addr) {
	if a.IsValid() {
		m.add(key, m.e.addr(key, a))
	}
}

// text returns a string scalar. The YAML library quotes it where needed,
// so that it reads back as the same string.
func (e *encoder) text(s string) *yaml.Node {
	if !utf8.ValidString(s) {
		e.failf("%q is not valid UTF-8, which YAML cannot hold", s)
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, breaks) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// breaks are the characters YAML reads as line breaks besides "\n". The
// YAML library writes them as they are unless told to escape them, and
// then counts lines differently from editors: a string holding one is
// double-quoted, where they are escaped.
const breaks = "\r\u0085\u2028\u2029"

// key returns a mapping key: a string scalar that is double-quoted when
// it spans lines, so that every key is a simple key on one line.
func (e *encoder) key(s string) *yaml.Node {
	n := e.text(s)
	if strings.Contains(s, "\n") {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// list returns a flow list of strings.
func (e *encoder) list(ss []string) *yaml.Node {
	l := seq()
	for _, s := range ss {
		l.Content = append(l.Content, e.text(s))
	}
	return l
}

func seq() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle} }

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func integer(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

// prefix returns a CIDR that the decoder reads back as p.
func (e *encoder) prefix(key string, p netip.Prefix, fam model.IPFamily) *yaml.Node {
	s := p.String()
	if got, ok := decodes(e, parsePrefix(fam), s); !ok || got != p {
		e.failf("%s %s is not %s with the host bits zero", key, s, fam.Example())
	}
	return e.text(s)
}

// addr returns an IP address that the decoder reads back as a.
func (e *encoder) addr(key string, a netip.Addr) *yaml.Node {
	s := a.String()
	if got, ok := decodes(e, parseAddr, s); !ok || got != a {
		e.failf("%s %s is not an IP address without a zone", key, s)
	}
	return e.text(s)
}

// enum returns the decoder's spelling of s, one of words (in any case).
func (e *encoder) enum(key, s string, words ...string) string {
	v, ok := decodes(e, oneOf(key, words...), s)
	if !ok {
		e.failf("%s %q is not %s", key, s, orList(words))
	}
	return v
}

func (e *encoder) vpc(v *model.VPC, m fields) {
	m.prefixes("cidr", v.CIDRs, model.IPv4)
	m.prefixes("ipv6_cidrs", v.IPv6CIDRs, model.IPv6)
	m.region("region", v.Region)
	if v.Account != "" {
		if _, ok := decodes(e, parseAccount, v.Account); !ok {
			e.failf("account %q is not a 12-digit account ID", v.Account)
		}
		m.str("account", v.Account)
	}
	m.flag("dns_support", v.EnableDNSSupport, true)
	m.flag("dns_hostnames", v.EnableDNSHostnames, false)
	m.str("dhcp_options", v.DHCPOptions)
	m.str("main_route_table", v.MainRouteTable)
	m.str("default_network_acl", v.DefaultNetworkACL)
	m.str("default_security_group", v.DefaultSecurityGroup)
}

func (e *encoder) subnet(s *model.Subnet, m fields) {
	m.str("vpc", s.VPC)
	m.str("az", s.AZ)
	m.prefix("cidr", s.CIDR, model.IPv4)
	m.prefix("ipv6_cidr", s.IPv6CIDR, model.IPv6)
	m.flag("map_public_ip", s.MapPublicIPOnLaunch, false)
	m.str("route_table", s.RouteTable)
	m.str("network_acl", s.NetworkACL)
	m.flag("ipv6_native", s.IPv6Native, false)
	m.flag("dns64", s.EnableDNS64, false)
}

func (e *encoder) routeTable(t *model.RouteTable, m fields) {
	m.str("vpc", t.VPC)
	if len(t.Routes) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for i := range t.Routes {
			l.Content = append(l.Content, e.route(&t.Routes[i]))
		}
		m.add("routes", l)
	}
}

func (e *encoder) route(r *model.Route) *yaml.Node {
	m := e.mapping(true)
	m.prefix("destination", r.Destination, model.AnyIP)
	m.str("destination_prefix_list", r.DestinationPrefixList)
	key := ""
	for _, t := range routeTargets {
		if t.kind == r.Target {
			key = t.key
		}
	}
	switch {
	case key == "" && r.Target == "" && r.Undetermined != "":
		// Not even the kind of the target is known.
		if r.TargetID != "" {
			e.failf("a route with no target kind names a target, %q", r.TargetID)
		}
	case key == "":
		e.failf("route target kind %q is not one of: %s", r.Target, strings.Join(targetKeys(), ", "))
	case r.Target == model.TargetLocal && r.TargetID != "":
		e.failf("a local route names a target, %q", r.TargetID)
	case r.Target == model.TargetLocal:
		m.add(key, boolean(true))
	case r.TargetID == "" && r.Undetermined != "":
		m.add(key, e.text(""))
	default:
		m.add(key, e.text(r.TargetID))
	}
	m.str("firewall_az", r.TargetZone)
	m.flag("blackhole", r.Blackhole, false)
	m.flag("propagated", r.Propagated, false)
	m.str("undetermined", r.Undetermined)
	return m.n
}

func (e *encoder) natGateway(g *model.NATGateway, m fields) {
	m.str("subnet", g.Subnet)
	m.flag("private", g.Private, false)
	m.str("elastic_ip", g.ElasticIP)
}

func (e *encoder) instance(i *model.Instance, m fields) {
	m.str("subnet", i.Subnet)
	m.strs("security_groups", i.SecurityGroups)
	m.str("network_interface", i.NetworkInterface)
	m.addr("private_ip", i.PrivateIP)
	m.tristate("associate_public_ip", i.AssociatePublicIP)
	m.str("elastic_ip", i.ElasticIP)
	m.tristate("source_dest_check", i.SourceDestCheck)
	m.str("cluster", i.Cluster)
	m.str("agent_version", i.AgentVersion)
	m.str("iam_role", i.IAMRole)
}

func (e *encoder) endpoint(p *model.Endpoint, m fields) {
	m.str("vpc", p.VPC)
	m.add("service", e.text(e.shortServiceName(p)))
	typ := e.enum("type", string(p.Type), string(model.EndpointInterface), string(model.EndpointGateway))
	_, svc, _ := model.SplitServiceName(p.ServiceName)
	def := model.EndpointInterface
	if (svc == "s3" || svc == "dynamodb") && len(p.RouteTables) > 0 {
		def = model.EndpointGateway
	}
	if model.EndpointType(typ) != def {
		m.add("type", e.text(strings.ToLower(typ)))
	}
	m.strs("route_tables", p.RouteTables)
	m.strs("subnets", p.Subnets)
	if ips := e.endpointIPs(p); ips != nil {
		m.add("ips", ips)
	}
	m.strs("security_groups", p.SecurityGroups)
	m.flag("private_dns", p.PrivateDNS, model.EndpointType(typ) == model.EndpointInterface && isAWSService(p.ServiceName))
	m.tristate("private_dns_only_for_inbound_resolver", p.PrivateDNSOnlyForInboundResolver)
	if p.Policy != "" {
		m.add("policy", e.policy(p.Policy))
	}
	if p.IPAddressType != "" {
		m.add("ip_address_type", e.text(e.enum("ip_address_type", p.IPAddressType, model.EndpointIPv4, model.EndpointDualstack, model.EndpointIPv6)))
	}
	if p.DNSRecordIPType != "" {
		m.add("dns_record_ip_type", e.text(e.enum("dns_record_ip_type", p.DNSRecordIPType, model.EndpointIPv4, model.EndpointDualstack, model.EndpointIPv6, model.EndpointServiceDefined)))
	}
}

// shortServiceName returns the short form of the endpoint's service name
// ("ecr.api") when the decoder expands it back to the full name, else the
// full name.
func (e *encoder) shortServiceName(p *model.Endpoint) string {
	prefix := "com.amazonaws." + e.scratch.d.vpcRegion(p.VPC) + "."
	short, ok := strings.CutPrefix(p.ServiceName, prefix)
	if !ok || short == "" || strings.HasPrefix(short, "com.amazonaws.") || strings.HasPrefix(short, "aws.") {
		if p.ServiceName != "" && !strings.HasPrefix(p.ServiceName, "com.amazonaws.") && !strings.HasPrefix(p.ServiceName, "aws.") {
			e.failf("service name %q does not start with com.amazonaws. or aws., so it would be read as a short name", p.ServiceName)
		}
		return p.ServiceName
	}
	return short
}

// endpointIPs returns the mapping of subnet to ENI address, in the order of
// the endpoint's subnets, or nil for none.
func (e *encoder) endpointIPs(p *model.Endpoint) *yaml.Node {
	if len(p.IPs) == 0 {
		return nil
	}
	m := e.mapping(true)
	written := map[string]bool{}
	for _, s := range p.Subnets {
		if a, ok := p.IPs[s]; ok && !written[s] {
			written[s] = true
			m.add(s, e.addr("ips", a))
		}
	}
	if len(written) != len(p.IPs) {
		for _, s := range slices.Sorted(maps.Keys(p.IPs)) {
			if !written[s] {
				e.failf("ips names subnet %q, which is not one of the endpoint's subnets", s)
			}
		}
	}
	return m.n
}

// policy returns the node of an endpoint policy: a YAML mapping when the
// decoder turns it back into exactly the same JSON text, else the text.
func (e *encoder) policy(p string) *yaml.Node {
	var doc any
	if err := json.Unmarshal([]byte(p), &doc); err != nil {
		e.failf("the policy is not valid JSON: %v", err)
		return e.text(p)
	}
	if _, ok := doc.(map[string]any); !ok {
		e.failf("the policy is not a JSON object")
		return e.text(p)
	}
	if n := policyMapping(p); n != nil {
		return n
	}
	return e.text(p)
}

// policyMapping converts the JSON object p to YAML nodes and returns them
// if the decoder reads them back as exactly p; else it returns nil.
func policyMapping(p string) *yaml.Node {
	dec := json.NewDecoder(strings.NewReader(p))
	dec.UseNumber()
	n, err := jsonNode(dec, 0)
	if err != nil || n.Kind != yaml.MappingNode || dec.More() {
		return nil
	}
	out, err := yaml.Marshal(n)
	if err != nil {
		return nil
	}
	var back yaml.Node
	if err := yaml.Unmarshal(out, &back); err != nil || len(back.Content) != 1 {
		return nil
	}
	var b bytes.Buffer
	d := &decoder{refs: map[model.Pos][]refSite{}, broken: map[model.Pos]bool{}}
	if writeJSON(d, &b, back.Content[0], 0) != nil || b.String() != p {
		return nil
	}
	return n
}

// jsonNode reads one JSON value from dec as a YAML node, keeping the order
// of object keys. Lists of scalars are written in flow style.
func jsonNode(dec *json.Decoder, depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("nested too deep")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &yaml.Node{Kind: yaml.MappingNode}
		if t == '[' {
			n.Kind, n.Style = yaml.SequenceNode, yaml.FlowStyle
		}
		for dec.More() {
			if n.Kind == yaml.MappingNode {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k.(string)})
			}
			v, err := jsonNode(dec, depth+1)
			if err != nil {
				return nil, err
			}
			if v.Kind != yaml.ScalarNode {
				n.Style = 0
			}
			n.Content = append(n.Content, v)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t}, nil
	case json.Number:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: t.String()}, nil
	case bool:
		return boolean(t), nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

func (e *encoder) securityGroup(g *model.SecurityGroup, m fields) {
	m.str("vpc", g.VPC)
	if len(g.Ingress) > 0 {
		m.add("ingress", e.sgRules(g.Ingress))
	}
	switch {
	case isDefaultEgress(g.Egress):
		// Written as no egress key, which gives AWS's default rule.
	case len(g.Egress) == 0:
		m.add("egress", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle})
	default:
		m.add("egress", e.sgRules(g.Egress))
	}
}

// isDefaultEgress reports whether rules are the one rule the decoder gives
// a security group without an egress key.
func isDefaultEgress(rules []model.SGRule) bool {
	if len(rules) != 1 {
		return false
	}
	r, def := rules[0], defaultEgress(rules[0].Source)
	return r.Protocol == def.Protocol && r.FromPort == def.FromPort && r.ToPort == def.ToPort &&
		slices.Equal(r.CIDRs, def.CIDRs) && len(r.PrefixLists) == 0 && len(r.SecurityGroups) == 0 &&
		!r.Self && r.Description == ""
}

func (e *encoder) sgRules(rules []model.SGRule) *yaml.Node {
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, r := range rules {
		m := e.mapping(true)
		e.protocolPorts(m, r.Protocol, r.FromPort, r.ToPort)
		m.prefixes("cidrs", r.CIDRs, model.AnyIP)
		m.strs("prefix_lists", r.PrefixLists)
		m.strs("security_groups", r.SecurityGroups)
		m.flag("self", r.Self, false)
		m.str("description", r.Description)
		l.Content = append(l.Content, m.n)
	}
	return l
}

// protocolPorts writes a rule's protocol and ports: `ports: 443` or
// `ports: 1024-65535` when the range fits, else from_port and to_port.
// Ports are left out where the decoder's default, 0-0, applies.
func (e *encoder) protocolPorts(m fields, protocol string, from, to int) {
	p, ok := decodes(e, parseProtocol, protocol)
	if !ok {
		e.failf("protocol %q is not tcp, udp, icmp, icmpv6, -1 or a protocol number 0-255", protocol)
	}
	if p == model.ProtocolAll {
		p = "all"
	}
	m.add("protocol", e.text(p))
	switch {
	case from == 0 && to == 0 && p != model.ProtocolTCP && p != model.ProtocolUDP:
	case from == to && from >= 0 && from <= 65535:
		m.add("ports", integer(from))
	case 0 <= from && from < to && to <= 65535:
		m.add("ports", e.text(fmt.Sprintf("%d-%d", from, to)))
	default:
		m.add("from_port", integer(from))
		m.add("to_port", integer(to))
	}
}

func (e *encoder) networkACL(a *model.NetworkACL, m fields) {
	m.str("vpc", a.VPC)
	if len(a.Ingress) > 0 {
		m.add("ingress", e.aclRules(a.Ingress))
	}
	if len(a.Egress) > 0 {
		m.add("egress", e.aclRules(a.Egress))
	}
}

func (e *encoder) aclRules(rules []model.ACLRule) *yaml.Node {
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, r := range rules {
		m := e.mapping(true)
		m.add("rule", integer(r.Number))
		action := "deny"
		if r.Allow {
			action = "allow"
		}
		m.add("action", e.text(action))
		e.protocolPorts(m, r.Protocol, r.FromPort, r.ToPort)
		m.prefix("cidr", r.CIDR, model.AnyIP)
		l.Content = append(l.Content, m.n)
	}
	return l
}

func (e *encoder) prefixList(p *model.PrefixList, m fields) {
	m.str("name", p.Name)
	m.str("aws_service", p.AWSService)
	m.prefixes("entries", p.Entries, model.AnyIP)
}

func (e *encoder) dhcpOptions(o *model.DHCPOptions, m fields) {
	m.str("domain_name", o.DomainName)
	m.strs("domain_name_servers", o.DomainNameServers)
}

// dnsName returns how to write a zone or record name: the decoder drops
// one trailing dot, so a name that ends in a dot gets another one.
func dnsName(name string) string {
	if strings.HasSuffix(name, ".") {
		return name + "."
	}
	return name
}

func (e *encoder) hostedZone(z *model.HostedZone, m fields) {
	m.str("name", dnsName(z.Name))
	m.strs("vpcs", z.VPCs)
	if len(z.Records) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for i := range z.Records {
			l.Content = append(l.Content, e.record(&z.Records[i], i))
		}
		m.add("records", l)
	}
}

func (e *encoder) record(r *model.Record, i int) *yaml.Node {
	m := e.mapping(true)
	m.add("name", e.text(dnsName(r.Name)))
	types := []string{string(model.RecordA), string(model.RecordAAAA), string(model.RecordCNAME)}
	if r.AliasZone != "" && r.AliasEndpoint == "" {
		e.failf("records[%d] has an alias zone, %q, but no alias endpoint", i, r.AliasZone)
	}
	if r.Alias == "" && r.AliasEndpoint == "" {
		if r.Type == "" {
			e.failf("records[%d] has neither a type nor an alias", i)
		}
		typ := e.enum("type", string(r.Type), types...)
		m.add("type", e.text(typ))
		if typ == string(model.RecordCNAME) && len(r.Values) > 1 {
			e.failf("CNAME records[%d] has %d values; a CNAME record has one target", i, len(r.Values))
		}
		for _, v := range r.Values {
			if _, ok := decodes(e, recordValue(model.RecordType(typ)), v); !ok {
				e.failf("records[%d] value %q is not an address for a record of type %s", i, v, typ)
			}
		}
		m.add("values", e.list(r.Values))
		return m.n
	}
	if len(r.Values) > 0 {
		e.failf("records[%d] has both values and an alias", i)
	}
	switch r.Type {
	case model.RecordA:
	case "":
		// An alias without a type key is of type A; with an empty one
		// (type: null), of no type.
		m.add("type", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"})
	default:
		m.add("type", e.text(e.enum("type", string(r.Type), types...)))
	}
	made := ""
	if r.AliasEndpoint != "" {
		made = endpointAlias(e.scratch.d, r.AliasEndpoint, r.AliasZone)
	}
	switch {
	case r.Alias == made:
	case r.Alias == "":
		e.notef("records[%d] has no alias name; it reads back as %s", i, made)
	default:
		m.add("alias", e.text(r.Alias))
	}
	m.str("alias_endpoint", r.AliasEndpoint)
	m.str("alias_zone", r.AliasZone)
	return m.n
}

func (e *encoder) transitGateway(g *model.TransitGateway, m fields) {
	m.str("default_route_table", g.DefaultRouteTable)
	m.flag("default_association", g.DefaultAssociation, true)
	m.flag("default_propagation", g.DefaultPropagation, true)
	m.flag("security_group_referencing", g.SecurityGroupReferencing, false)
}

func (e *encoder) attachment(a *model.TransitGatewayAttachment, m fields) {
	m.str("transit_gateway", a.TransitGateway)
	m.str("vpc", a.VPC)
	m.strs("subnets", a.Subnets)
	m.str("route_table", a.RouteTable)
	m.strs("propagate_to", a.PropagateTo)
	m.flag("appliance_mode", a.ApplianceMode, false)
	m.tristate("default_association", a.DefaultAssociation)
	m.tristate("default_propagation", a.DefaultPropagation)
}

func (e *encoder) tgwRouteTable(t *model.TransitGatewayRouteTable, m fields) {
	m.str("transit_gateway", t.TransitGateway)
	if len(t.Routes) == 0 {
		return
	}
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, r := range t.Routes {
		rm := e.mapping(true)
		rm.prefix("destination", r.Destination, model.AnyIP)
		rm.str("attachment", r.Attachment)
		rm.flag("blackhole", r.Blackhole, false)
		l.Content = append(l.Content, rm.n)
	}
	m.add("routes", l)
}

func (e *encoder) peering(p *model.Peering, m fields) {
	m.str("vpc", p.VPC)
	m.str("peer_vpc", p.PeerVPC)
	m.flag("active", p.Active, true)
}

func (e *encoder) fileSystem(f *model.FileSystem, m fields) {
	m.str("file_system_id", f.FileSystemID)
	if len(f.MountTargets) == 0 {
		return
	}
	targets := e.mapping(false)
	for _, t := range f.MountTargets {
		tm := e.mapping(true)
		tm.str("subnet", t.Subnet)
		tm.addr("ip", t.IP)
		tm.strs("security_groups", t.SecurityGroups)
		k := e.key(t.ID)
		k.HeadComment = e.comment(model.KindMountTarget, t.ID, nil)
		targets.n.Content = append(targets.n.Content, k, tm.n)
	}
	m.add("mount_targets", targets.n)
}

// name writes a name that defaults to the object's ID.
func (e *encoder) name(m fields, key, name, id string) {
	switch {
	case name == id:
	case name == "":
		e.notef("%s is empty; it reads back as the ID", key)
	default:
		m.add(key, e.text(name))
	}
}

func (e *encoder) bucket(b *model.Bucket, m fields) {
	e.name(m, "name", b.Name, b.ID)
	m.region("region", b.Region)
}

func (e *encoder) accountSetting(a *model.AccountSetting, m fields) {
	m.add("name", e.text(a.Name))
	m.str("value", a.Value)
	m.region("region", a.Region)
}

func (e *encoder) cluster(c *model.Cluster, m fields) {
	e.name(m, "name", c.Name, c.ID)
	m.region("region", c.Region)
	if len(c.CapacityProviders) > 0 {
		cp := e.mapping(true)
		for _, k := range slices.Sorted(maps.Keys(c.CapacityProviders)) {
			cp.add(k, e.text(c.CapacityProviders[k]))
		}
		m.add("capacity_providers", cp.n)
	}
	e.executeCommand(c.ExecuteCommand, m)
}

// executeCommand writes a cluster's ECS Exec configuration, if it has one.
func (e *encoder) executeCommand(ec *model.ExecuteCommandConfig, m fields) {
	if ec == nil {
		return
	}
	x := e.mapping(false)
	x.str("kms_key_id", ec.KMSKeyID)
	if ec.Logging != "" {
		x.add("logging", e.text(e.enum("logging", ec.Logging, model.ExecLoggingNone, model.ExecLoggingDefault, model.ExecLoggingOverride)))
	}
	x.str("cloud_watch_log_group", ec.CloudWatchLogGroup)
	x.flag("cloud_watch_encryption", ec.CloudWatchEncryption, false)
	x.str("s3_bucket", ec.S3Bucket)
	x.flag("s3_encryption", ec.S3Encryption, false)
	x.str("s3_key_prefix", ec.S3KeyPrefix)
	m.add("execute_command", x.n)
}

func (e *encoder) ptcRule(r *model.PullThroughCacheRule, m fields) {
	m.str("ecr_repository_prefix", r.ECRRepositoryPrefix)
	m.str("upstream_registry_url", r.UpstreamRegistryURL)
	m.str("upstream_repository_prefix", r.UpstreamRepositoryPrefix)
	m.str("credential_arn", r.CredentialARN)
	m.str("custom_role_arn", r.CustomRoleARN)
	if r.Account != "" {
		if _, ok := decodes(e, parseAccount, r.Account); !ok {
			e.failf("account %q is not a 12-digit account ID", r.Account)
		}
		m.str("account", r.Account)
	}
	m.region("region", r.Region)
	if r.Cache != "" {
		m.add("cache", e.text(e.enum("cache", string(r.Cache), string(model.CacheCold), string(model.CacheWarm), string(model.CacheUnknown))))
	}
}

var launchTypeWords = []string{"FARGATE", "EC2", "EXTERNAL"}

func (e *encoder) taskDefinition(t *model.TaskDefinition, m fields) {
	e.name(m, "family", t.Family, t.ID)
	if t.NetworkMode == "" {
		e.notef("network_mode is empty; it reads back as awsvpc")
	} else if mode := e.enum("network_mode", t.NetworkMode, "awsvpc", "bridge", "host", "none"); mode != "awsvpc" {
		m.add("network_mode", e.text(mode))
	}
	for _, c := range t.RequiresCompatibilities {
		e.enum("requires_compatibilities", c, launchTypeWords...)
	}
	m.strs("requires_compatibilities", t.RequiresCompatibilities)
	m.str("os_family", t.OperatingSystemFamily)
	m.str("execution_role", t.ExecutionRoleARN)
	m.str("task_role", t.TaskRoleARN)
	if len(t.Containers) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for i := range t.Containers {
			l.Content = append(l.Content, e.container(&t.Containers[i]))
		}
		m.add("containers", l)
	}
	if len(t.Volumes) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, v := range t.Volumes {
			vm := e.mapping(true)
			vm.str("name", v.Name)
			if v.EFS != nil {
				efs := e.mapping(true)
				efs.str("file_system_id", v.EFS.FileSystemID)
				efs.flag("transit_encryption", v.EFS.TransitEncryption, false)
				vm.add("efs", efs.n)
			}
			l.Content = append(l.Content, vm.n)
		}
		m.add("volumes", l)
	}
}

func (e *encoder) container(c *model.Container) *yaml.Node {
	m := e.mapping(false)
	m.add("name", e.text(c.Name))
	m.str("image", c.Image)
	if c.LogDriver != "" || len(c.LogOptions) > 0 || len(c.LogSecretOptions) > 0 {
		log := e.mapping(false)
		log.str("driver", c.LogDriver)
		if len(c.LogOptions) > 0 {
			opts := e.mapping(false)
			for _, k := range slices.Sorted(maps.Keys(c.LogOptions)) {
				opts.add(k, e.text(c.LogOptions[k]))
			}
			log.add("options", opts.n)
		}
		if len(c.LogSecretOptions) > 0 {
			log.add("secret_options", e.secrets(c.LogSecretOptions))
		}
		m.add("log", log.n)
	}
	if len(c.Secrets) > 0 {
		m.add("secrets", e.secrets(c.Secrets))
	}
	m.str("repository_credentials", c.RepositoryCredentials)
	m.strs("environment_files", c.EnvironmentFiles)
	if f := c.Firelens; f != nil {
		fm := e.mapping(false)
		fm.str("type", f.Type)
		if len(f.Options) > 0 {
			opts := e.mapping(false)
			for _, k := range slices.Sorted(maps.Keys(f.Options)) {
				opts.add(k, e.text(f.Options[k]))
			}
			fm.add("options", opts.n)
		}
		m.add("firelens", fm.n)
	}
	if len(c.Unknowns) > 0 {
		u := e.mapping(false)
		for _, x := range c.Unknowns {
			u.add(x.Path(), e.text(x.Why))
		}
		m.add("unknown", u.n)
	}
	return m.n
}

func (e *encoder) secrets(secrets []model.Secret) *yaml.Node {
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range secrets {
		m := e.mapping(true)
		m.add("name", e.text(s.Name))
		m.add("value_from", e.text(s.ValueFrom))
		l.Content = append(l.Content, m.n)
	}
	return l
}

func (e *encoder) service(s *model.Service, m fields) {
	e.name(m, "name", s.Name, s.ID)
	m.str("cluster", s.Cluster)
	m.str("task_definition", s.TaskDefinition)
	switch {
	case s.LaunchType != "" && len(s.CapacityProviders) > 0:
		e.failf("a service has either a launch type or capacity providers, not both")
	case s.LaunchType != "":
		// Without capacity providers, FARGATE is the default.
		if lt := e.enum("launch_type", s.LaunchType, launchTypeWords...); lt != "FARGATE" {
			m.add("launch_type", e.text(lt))
		}
	}
	m.strs("capacity_providers", s.CapacityProviders)
	m.str("platform_version", s.PlatformVersion)
	m.strs("subnets", s.Subnets)
	m.strs("security_groups", s.SecurityGroups)
	m.flag("assign_public_ip", s.AssignPublicIP, false)
	m.flag("enable_execute_command", s.EnableExecuteCommand, false)
	m.flag("standalone", s.Standalone, false)
}

func (e *encoder) autoScalingGroup(g *model.AutoScalingGroup, m fields) {
	m.str("cluster", g.Cluster)
	m.strs("subnets", g.Subnets)
	m.strs("security_groups", g.SecurityGroups)
	m.tristate("associate_public_ip", g.AssociatePublicIP)
	m.str("agent_version", g.AgentVersion)
	m.str("iam_role", g.IAMRole)
}
