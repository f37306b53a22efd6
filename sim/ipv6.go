package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// IPv6-only tasks (aws-rules 4.9.4-4.9.9). A call that leaves from an
// interface in an IPv6-only subnet uses the host names the ECS agent picks
// for IPv6-only hosts, resolves to IPv6 addresses only (native AAAA
// answers, or DNS64 ones), and is routed as IPv6. Where a fact the input
// cannot give decides the host or the answer (which name Fargate uses,
// whether a name has IPv6 addresses, what an endpoint's private DNS
// answers), every possibility is traced: when they agree the call is
// decided, else it is unknown and the fact is named (aws-rules 10.41,
// 10.42).

var (
	// nat64Prefix is the well-known prefix DNS64 answers are made in
	// (aws-rules 4.9.5).
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	// nonPublicV6 are IPv6 ranges that never hold AWS public service
	// addresses.
	nonPublicV6 = []netip.Prefix{
		netip.MustParsePrefix("::/8"),
		netip.MustParsePrefix("64:ff9b::/96"),
		netip.MustParsePrefix("2001:db8::/32"),
		netip.MustParsePrefix("fc00::/7"),
		netip.MustParsePrefix("fe80::/10"),
		netip.MustParsePrefix("ff00::/8"),
	}
)

// classifyPublic6 says whether a CIDR covers the public IPv6 addresses of
// AWS services: ::/0 does, IPv4 and special ranges do not, any other
// range might (aws-rules 10.11).
func classifyPublic6(c netip.Prefix) coverage {
	if c.Addr().Is4() {
		return coverNone
	}
	if c.Bits() == 0 {
		return coverFull
	}
	for _, p := range nonPublicV6 {
		if p.Bits() <= c.Bits() && p.Contains(c.Addr()) {
			return coverNone
		}
	}
	return coverMaybe
}

// routeLookup6 finds the route a table uses for a public IPv6 address: ::/0,
// unless a narrower public IPv6 route might cover it (10.11) or a gateway
// endpoint of the service is in the table, whose IPv6 support the model
// does not read (aws-rules 10.44).
func (ix *index) routeLookup6(rt *routeTable, d endpointAddr) (r route, found, unsure bool) {
	for _, rr := range rt.routes {
		if rr.Target != model.TargetLocal && rr.Destination.IsValid() && rr.Destination.Addr().Is6() && rr.Destination.Bits() > 0 && classifyPublic6(rr.Destination) == coverMaybe {
			return rr, false, true
		}
	}
	if d.service == "s3" || d.service == "dynamodb" {
		if idx := rt.services[serviceName(d.region, d.service)]; len(idx) > 0 {
			return rt.routes[idx[0]], false, true
		}
	}
	if idx := rt.cidrs.exact(netip.PrefixFrom(netip.IPv6Unspecified(), 0)); len(idx) > 0 {
		return bestRoute(rt, idx), true, false
	}
	return route{}, false, false
}

// unsureRoute6 stops the path at a route that may or may not carry a
// public IPv6 address.
func (t *tracer) unsureRoute6(rt *routeTable, r route, d endpointAddr) {
	detail := fmt.Sprintf("route %s may or may not cover %s: the model does not know AWS's public IPv6 ranges (aws-rules 10.11)", r.label(), d)
	advice := "route IPv6 service traffic with ::/0 rather than narrower public ranges"
	if r.prefixList != "" {
		detail = fmt.Sprintf("route %s of a gateway endpoint is in %s; whether the endpoint carries IPv6 traffic to %s depends on its IP address type, which the model does not read (aws-rules 10.44)", r.label(), rt.id, d)
		advice = "check the gateway endpoint's IP address type by hand"
	}
	t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Rule: r.label(), Source: r.Source, Detail: detail})
	t.block(Unmodeled, Unknown, advice)
}

// noRouteFix6 is the fix for a table with no route for an IPv6 address.
func noRouteFix6(rt *routeTable, d endpointAddr) Fix {
	if d.nat64 != nil {
		return routeFix(fmt.Sprintf("add a 64:ff9b::/96 route to a NAT gateway in %s (NAT64, aws-rules 4.9.5)", rt.id), rt)
	}
	if d.public {
		return routeFix(fmt.Sprintf("add a ::/0 route to an egress-only internet gateway in %s (aws-rules 4.9.6)", rt.id), rt)
	}
	return routeFix(fmt.Sprintf("add a route for %s to %s", d.prefix, rt.id), rt)
}

// egressOnlyGateway sends an IPv6 packet to the internet through an
// egress-only internet gateway (aws-rules 4.9.1, 4.9.6).
func (t *tracer) egressOnlyGateway(pos position, d endpointAddr, r route) {
	var eigw *model.EgressOnlyGateway
	for i := range t.ix.w.EgressOnlyGateways {
		if g := &t.ix.w.EgressOnlyGateways[i]; g.ID == r.TargetID {
			eigw = g
		}
	}
	t.crossBoundary(pos.subnet, nil, pos.src, d, pos.ephemeral)
	t.hop(r.TargetID, HopEgressOnlyGateway)
	switch {
	case eigw == nil || eigw.VPC != pos.vpc.ID:
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: BlackholeRoute, Rule: r.label(), Source: r.Source,
			Detail: fmt.Sprintf("egress-only internet gateway %s is not in vpc %s, so the route is a blackhole (aws-rules 4.2.3)", r.TargetID, pos.vpc.ID)})
		t.block(BlackholeRoute, Unreachable, "point the route at an egress-only internet gateway of vpc "+pos.vpc.ID)
	case pos.foreign:
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NotTransitive, Source: eigw.Source,
			Detail: fmt.Sprintf("the packet comes from %s over %s; egress-only internet gateway %s serves only its own VPC (aws-rules 4.7.2, 4.8.7)", pos.src, via(pos), eigw.ID)})
		t.block(NotTransitive, Unreachable, "give the source VPC its own egress-only internet gateway")
	case d.nat64 != nil:
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Rule: r.label(), Source: r.Source,
			Detail: fmt.Sprintf("%s goes to the internet, which does not route 64:ff9b::/96: only a NAT gateway translates DNS64 addresses (aws-rules 4.9.5)", upper(d.String()))})
		t.blockFix(NoRoute, Unreachable, routeFix("add a 64:ff9b::/96 route to a NAT gateway in "+t.ix.subnetTable(pos.subnet).id, t.ix.subnetTable(pos.subnet)))
	case !d.public:
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Detail: d.String() + " is a private address; the egress-only internet gateway does not reach it"})
		t.block(NoRoute, Unreachable, "route "+d.prefix.String()+" inside the network")
	default:
		t.step(Step{Type: StepPublicIP, Action: ActionAllowed, Source: eigw.Source,
			Detail: pos.srcLabel + " sends from its IPv6 address, which is public; the egress-only gateway lets the connection out and its replies in (aws-rules 4.9.1)"})
		// BPA blocks egress-only gateways in block-bidirectional mode and
		// lets their outbound connections through in block-ingress mode,
		// as for a NAT gateway (aws-rules 4.10.2, 4.10.3).
		outbound := pos
		outbound.natGateway = true
		t.blockPublicAccess(outbound, &model.InternetGateway{ID: eigw.ID, Source: eigw.Source, VPC: eigw.VPC})
		t.deliver(ViaEgressOnlyGateway, "egress-only internet gateway "+eigw.ID)
	}
}

// internetGateway6 sends an IPv6 packet through an internet gateway: an
// IPv6 address needs no translation, so no public IPv4 is needed (aws-rules
// 4.9.6).
func (t *tracer) internetGateway6(pos position, d endpointAddr, igw *model.InternetGateway) {
	switch {
	case d.nat64 != nil:
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Source: igw.Source,
			Detail: fmt.Sprintf("%s goes to the internet, which does not route 64:ff9b::/96: only a NAT gateway translates DNS64 addresses (aws-rules 4.9.5)", upper(d.String()))})
		rt := t.ix.subnetTable(pos.subnet)
		t.blockFix(NoRoute, Unreachable, routeFix("add a 64:ff9b::/96 route to a NAT gateway in "+rt.id, rt))
	case !d.public:
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Detail: d.String() + " is a private address; the internet gateway does not reach it"})
		t.block(NoRoute, Unreachable, "route "+d.prefix.String()+" inside the network")
	default:
		t.undetermined(model.KindInternetGateway, igw.ID)
		t.step(Step{Type: StepPublicIP, Action: ActionAllowed, Source: igw.Source,
			Detail: pos.srcLabel + " sends from its IPv6 address, which is public: an internet gateway needs no public IPv4 for IPv6 (aws-rules 4.9.6)"})
		t.blockPublicAccess(pos, igw) // BPA covers IPv6 too (aws-rules 4.10.2)
		if pos.inspected != nil {
			t.firewallEdge(pos, igw)
		}
		t.deliver(ViaInternetGateway, "internet gateway "+igw.ID)
	}
}

// nat64 translates a DNS64 address at a NAT gateway to the IPv4 address
// it stands for (aws-rules 4.9.5). A native IPv6 address is dropped: a NAT
// gateway translates IPv6 only to IPv4.
func (t *tracer) nat64(nat *model.NATGateway, d endpointAddr) (endpointAddr, bool) {
	if d.nat64 == nil {
		t.step(Step{Type: StepNAT, Action: ActionDropped, Reason: NoRoute, Source: nat.Source,
			Detail: fmt.Sprintf("NAT gateway %s translates only IPv6 packets to 64:ff9b::/96 (NAT64); %s is a native IPv6 address (aws-rules 4.9.5)", nat.ID, d)})
		t.block(NoRoute, Unreachable, "route ::/0 to an egress-only internet gateway, and only 64:ff9b::/96 to the NAT gateway")
		return d, false
	}
	t.step(Step{Type: StepNAT, Action: ActionForwarded, Source: nat.Source,
		Detail: fmt.Sprintf("NAT gateway %s translates the IPv6 packet for %s into IPv4 for %s (NAT64, aws-rules 4.9.5)", nat.ID, d.prefix, d.nat64)})
	return *d.nat64, true
}

// v6Host is one host name an IPv6-only task may use for a call, with the
// fact that makes it the one, when the input does not give it.
type v6Host struct {
	host string
	fact *Missing
	cond string // the condition under which host is the one, for people
}

// dualStackHost is the name the ECS agent uses for a call in IPv6-only
// mode (aws-rules 4.9.7), or "" when it keeps the call's IPv4 name.
func dualStackHost(c *plannedCall) string {
	switch c.Kind {
	case CallECRAuth:
		return "ecr." + c.Region + ".api.aws"
	case CallLogs:
		return "logs." + c.Region + ".api.aws"
	case CallParameter:
		return "ssm." + c.Region + ".api.aws"
	case CallECSAPI:
		return "ecs." + c.Region + ".api.aws"
	case CallEnvFile:
		if bucket, ok := strings.CutSuffix(c.Host, ".s3."+c.Region+".amazonaws.com"); ok {
			return bucket + ".s3.dualstack." + c.Region + ".amazonaws.com"
		}
	case CallSecret:
		// The EC2 agent keeps the IPv4 name (4.9.7); Fargate's choice is
		// not public (10.41).
	}
	return ""
}

// hosts6 lists the names a call of an IPv6-only task may use, the first
// being vpctrace's reading: the EC2 agent's choice (aws-rules 4.9.7). On
// Fargate the choice is not public: both names are traced (10.41).
func hosts6(wl *workload, c *plannedCall) []v6Host {
	dual := dualStackHost(c)
	if wl.launchType == "EC2" {
		if dual == "" {
			return []v6Host{{host: c.Host}}
		}
		return []v6Host{{host: dual}}
	}
	ipv4 := c.Host
	if c.Kind == CallSecret {
		dual = "secretsmanager." + c.Region + ".api.aws"
	}
	if dual == "" || dual == ipv4 {
		return []v6Host{{host: c.Host}}
	}
	m := &Missing{What: "which name Fargate uses for " + string(c.Kind) + " in IPv6-only mode",
		Why: "Fargate's agent is not public; the EC2 agent uses " + dual + " (aws-rules 4.9.7, 10.41)"}
	first, second := dual, ipv4
	if c.Kind == CallSecret {
		m.Why = "Fargate's agent is not public; the EC2 agent keeps " + ipv4 + " (aws-rules 4.9.7, 10.41)"
		first, second = ipv4, dual
	}
	return []v6Host{{host: first, fact: m, cond: "Fargate uses " + first}, {host: second, fact: m, cond: "Fargate uses " + second}}
}

// ipv6Hosts gives the calls of an EC2 workload whose every placement
// makes them in IPv6-only mode the dual-stack names the agent uses there
// (aws-rules 4.9.7), so that the call and ECS's error name the host. On
// Fargate the name is not known (10.41) and the calls keep theirs.
// calls may be shared (callsOnce): ipv6Hosts returns a copy when it
// changes a host, else calls itself.
func ipv6Hosts(wl *workload, calls []plannedCall, places []placement) []plannedCall {
	if wl.launchType != "EC2" || len(places) == 0 {
		return calls
	}
	copied := false
	for i := range calls {
		c := &calls[i]
		dual := dualStackHost(c)
		if dual == "" || c.blind || isExecKind(c.Kind) {
			continue
		}
		all := true
		for _, p := range places {
			o := p.task
			if c.Origin == OriginInstance {
				o = p.host
			}
			all = all && o.subnet != nil && o.subnet.IPv6Only()
		}
		if all && c.Host != dual {
			if !copied {
				calls, copied = slices.Clone(calls), true
				c = &calls[i]
			}
			c.Host = dual
			c.traceID = callTraceID(c)
		}
	}
	return calls
}

// isDualStackName reports whether host is an AWS dual-stack service name,
// which has IPv6 (AAAA) addresses (aws-rules 4.9.6).
func isDualStackName(host string) bool {
	host = lower(host)
	return strings.HasSuffix(host, ".api.aws") || strings.HasSuffix(host, ".on.aws") || strings.Contains(host, ".s3.dualstack.")
}

// dualStackService returns the AWS service and region of a dual-stack
// name, as publicService does for IPv4 names.
func dualStackService(host string) (service, region string) {
	host = lower(host)
	labels := strings.Split(host, ".")
	n := len(labels)
	switch {
	case strings.HasSuffix(host, ".api.aws") && n >= 4:
		service, region = labels[n-4], labels[n-3]
		if service == "ecr" {
			service = "ecr.api"
		}
	case strings.HasSuffix(host, ".on.aws") && n >= 4 && labels[n-4] == "dkr-ecr":
		service, region = "ecr.dkr", labels[n-3]
	case strings.Contains(host, ".s3.dualstack.") && n >= 5:
		service, region = "s3", labels[n-3]
	}
	return service, region
}

// answer6 is one possible IPv6 answer for a call's name, with the fact
// that makes it the answer, when the input does not give it.
type answer6 struct {
	dns dnsResult
	// facts are the facts that make dns the answer, and conds the
	// conditions they give it, for people (one each).
	facts []Missing
	conds []string
}

// given is an answer that holds when fact has the value cond says.
func given(dns dnsResult, fact *Missing, cond string) answer6 {
	return answer6{dns: dns, facts: []Missing{*fact}, conds: []string{cond}}
}

// resolve6 resolves host as the Amazon resolver answers an IPv6-only
// client in sub (aws-rules 4.9.5, 4.9.6): the names' IPv4 answer (private
// zones, endpoint zones, public DNS) turned into IPv6 addresses.
func (ix *index) resolve6(vpc *model.VPC, sub *model.Subnet, c *plannedCall, host string) []answer6 {
	r := ix.resolve(vpc, sub.AZ, host)
	if r.reason != "" || len(r.addrs) == 0 {
		return []answer6{{dns: r}}
	}
	a := r.addrs[0]
	switch {
	case a.public && isDualStackName(host):
		return ix.dualStackAnswers(vpc, sub, r, host)
	case a.public && c.Kind == CallECRLayers:
		// ECR chooses the layer download host; for dual-stack pulls
		// AWS does not say which (aws-rules 10.42).
		m := &Missing{What: "whether the layer download host ECR gives an IPv6-only client has IPv6 addresses",
			Why: "ECR names the host at pull time, and AWS does not document it for dual-stack pulls (aws-rules 10.42)"}
		return []answer6{
			given(nativeAnswer(r, host, "s3", a.region), m, "it has"),
			given(ix.synthesize(r, sub, host), m, "it has only IPv4 addresses"),
		}
	case a.public && a.service == "":
		m := &Missing{What: "whether " + host + " has IPv6 (AAAA) addresses", Why: "the input does not say which addresses the registry's name has (aws-rules 10.42)"}
		return []answer6{
			given(nativeAnswer(r, host, "", ""), m, host+" has IPv6 addresses"),
			given(ix.synthesize(r, sub, host), m, host+" has only IPv4 addresses"),
		}
	case a.public:
		// An AWS IPv4 service name has no IPv6 addresses (4.9.6).
		return []answer6{{dns: ix.synthesize(r, sub, host)}}
	case a.endpoint != nil:
		return ix.endpointAnswers(r, sub, host, a.endpoint)
	case a.mountTarget != nil:
		return ix.mountTargetAnswers(r, sub, host, a)
	}
	return []answer6{{dns: ix.synthesize(r, sub, host)}}
}

// mountTargetAnswers turns an EFS mount target's answer into IPv6: its
// IPv6 address if it has one, which the model does not read (aws-rules
// 10.44), else a DNS64 address. A mount target in a subnet with no IPv6
// block has only its IPv4 address.
func (ix *index) mountTargetAnswers(r dnsResult, sub *model.Subnet, host string, a endpointAddr) []answer6 {
	synth := ix.synthesize(r, sub, host)
	s := ix.subnets[a.subnet]
	if s == nil || !s.IPv6CIDR.IsValid() {
		return []answer6{{dns: synth}}
	}
	v6 := a
	v6.prefix, v6.v6 = s.IPv6CIDR, true
	v6.label = "IPv6 address of mount target " + a.mountTarget.ID + " in " + s.ID + " (" + s.IPv6CIDR.String() + ")"
	native := r
	native.addrs = []endpointAddr{v6}
	native.steps = append(append([]Step(nil), r.steps...), Step{Type: StepDNS, Action: ActionResolved, Source: a.mountTarget.Source,
		Detail: fmt.Sprintf("if mount target %s has an IPv6 address, %s resolves to it (aws-rules 10.44)", a.mountTarget.ID, host)})
	if s.IPv6Only() {
		return []answer6{{dns: native}}
	}
	m := &Missing{What: "whether mount target " + a.mountTarget.ID + " has an IPv6 address",
		Why: "its IP address type decides it, and the model does not read it (aws-rules 10.44)", Source: a.mountTarget.Source}
	return []answer6{given(synth, m, "it has only an IPv4 address"), given(native, m, "it has one")}
}

// nativeAnswer is r with its public answer replaced by the public IPv6
// addresses of a dual-stack name.
func nativeAnswer(r dnsResult, host, service, region string) dnsResult {
	out := r
	out.hint = ""
	out.addrs = []endpointAddr{{public: true, v6: true, service: service, region: region}}
	out.steps = append(append([]Step(nil), r.steps...), Step{Type: StepDNS, Action: ActionResolved,
		Detail: fmt.Sprintf("%s has IPv6 (AAAA) addresses, %s; the task connects over IPv6 (aws-rules 4.9.6)", host, out.addrs[0])})
	return out
}

// dualStackAnswers answers a dual-stack name: its public IPv6 addresses,
// unless an interface endpoint of the service with private DNS may answer
// it. ECR's endpoints never do (1.2.5, 10.4); for other services AWS does
// not say (10.42).
func (ix *index) dualStackAnswers(vpc *model.VPC, sub *model.Subnet, r dnsResult, host string) []answer6 {
	service, region := dualStackService(host)
	public := nativeAnswer(r, host, service, region)
	public.hint = ""
	ep := ix.activeEndpoint(vpc, region, service)
	if ep == nil || strings.HasPrefix(service, "ecr.") {
		return []answer6{{dns: public}}
	}
	m := &Missing{What: "whether endpoint " + ep.ID + "'s private DNS answers " + host,
		Why: "AWS does not say whether an interface endpoint's private DNS answers its service's dual-stack name (aws-rules 10.42)", Source: ep.Source}
	zoneAnswer := dnsResult{addrs: ix.endpointAddrs(ep, ""), steps: []Step{{Type: StepDNS, Action: ActionResolved, Source: ep.Source,
		Detail: fmt.Sprintf("if endpoint %s's private DNS answers %s, it resolves to the endpoint's ENIs", ep.ID, host)}}}
	alts := []answer6{given(public, m, "the endpoint's private DNS does not answer it")}
	for _, a := range ix.endpointAnswers(zoneAnswer, sub, host, ep) {
		alts = append(alts, answer6{dns: a.dns, facts: append([]Missing{*m}, a.facts...),
			conds: append([]string{"the endpoint's private DNS answers it"}, a.conds...)})
	}
	return alts
}

// activeEndpoint returns the interface endpoint of a service in vpc whose
// private DNS takes effect, or nil.
func (ix *index) activeEndpoint(vpc *model.VPC, region, service string) *model.Endpoint {
	if service == "" || !vpc.EnableDNSSupport || !vpc.EnableDNSHostnames {
		return nil
	}
	for i := range ix.w.Endpoints {
		ep := &ix.w.Endpoints[i]
		if ep.VPC == vpc.ID && ep.Type == model.EndpointInterface && ep.PrivateDNS && ep.ServiceName == serviceName(region, service) {
			ix.touch(depEndpoint, ep.ID)
			return ep
		}
	}
	return nil
}

// endpointAnswers turns an answer of an interface endpoint's ENIs into
// IPv6: their IPv6 addresses if the endpoint's records include AAAA, which
// the model does not read (aws-rules 10.44), else DNS64 addresses.
func (ix *index) endpointAnswers(r dnsResult, sub *model.Subnet, host string, ep *model.Endpoint) []answer6 {
	var v6 []endpointAddr
	for _, a := range r.addrs {
		if s := ix.subnets[a.subnet]; s != nil && s.IPv6CIDR.IsValid() {
			a.prefix, a.v6 = s.IPv6CIDR, true
			a.label = "IPv6 address of endpoint " + ep.ID + "'s ENI in " + s.ID + " (" + s.IPv6CIDR.String() + ")"
			v6 = append(v6, a)
		}
	}
	synth := ix.synthesize(r, sub, host)
	aaaa, known := endpointAAAA(ix, ep)
	switch {
	case len(v6) == 0 || known && !aaaa:
		return []answer6{{dns: synth}} // A records only
	case known:
		native := r
		native.addrs = v6
		native.steps = append(append([]Step(nil), r.steps...), Step{Type: StepDNS, Action: ActionResolved, Source: ep.Source,
			Detail: fmt.Sprintf("endpoint %s has AAAA records for %s (IP address type %s, DNS record IP type %s): its ENIs' IPv6 addresses (aws-rules 10.44)", ep.ID, host, orUnset(ep.IPAddressType), orUnset(ep.DNSRecordIPType))})
		return []answer6{{dns: native}}
	}
	m := &Missing{What: "whether endpoint " + ep.ID + "'s private DNS has AAAA records for " + host,
		Why: "its IP address type and DNS record IP type decide it, and the model does not read them (aws-rules 10.44)", Source: ep.Source}
	native := r
	native.addrs = v6
	native.steps = append(append([]Step(nil), r.steps...), Step{Type: StepDNS, Action: ActionResolved, Source: ep.Source,
		Detail: fmt.Sprintf("if endpoint %s has AAAA records, %s resolves to its ENIs' IPv6 addresses (aws-rules 4.9.6)", ep.ID, host)})
	return []answer6{given(synth, m, "it has only A records"), given(native, m, "it has AAAA records")}
}

// endpointAAAA says whether an interface endpoint's private DNS answers
// its service's name with AAAA records, and whether the input tells
// (aws-rules 10.44): an endpoint whose ENIs have only IPv4 addresses, or
// whose records for the private DNS name are A records (ipv4,
// service-defined), has none; one in IPv6-only subnets, or with ipv6 or
// dualstack records, has them.
func endpointAAAA(ix *index, ep *model.Endpoint) (aaaa, known bool) {
	allV6Only := len(ep.Subnets) > 0
	for _, id := range ep.Subnets {
		s := ix.subnets[id]
		allV6Only = allV6Only && s != nil && s.IPv6Only()
	}
	switch {
	case allV6Only || ep.IPAddressType == model.EndpointIPv6:
		return true, true
	case ep.IPAddressType == model.EndpointIPv4:
		return false, true
	case ep.DNSRecordIPType == model.EndpointIPv4 || ep.DNSRecordIPType == model.EndpointServiceDefined:
		return false, true
	case ep.DNSRecordIPType == model.EndpointIPv6 || ep.DNSRecordIPType == model.EndpointDualstack:
		return true, true
	}
	return false, false
}

func orUnset(s string) string {
	if s == "" {
		return "not given"
	}
	return s
}

// synthesize is what an IPv6-only client gets for a name with only IPv4
// addresses: DNS64 addresses in 64:ff9b::/96 when the subnet has DNS64,
// else no address it can use (aws-rules 4.9.5).
func (ix *index) synthesize(r dnsResult, sub *model.Subnet, host string) dnsResult {
	out := r
	out.hint = "" // an endpoint's IPv4 addresses need NAT64 too
	out.steps = append([]Step(nil), r.steps...)
	if !sub.EnableDNS64 {
		rt := ix.subnetTable(sub)
		fix := changeFix(fmt.Sprintf("turn on DNS64 for %s (Terraform enable_dns64 = true, scenario dns64: true) and route 64:ff9b::/96 to a NAT gateway in %s (aws-rules 4.9.5), or use an endpoint or name with IPv6 addresses", sub.ID, rt.id),
			model.KindSubnet, sub.ID, "dns64", "enable_dns64", "true")
		out.steps = append(out.steps, Step{Type: StepDNS, Action: ActionFailed, Reason: NoRoute, Source: sub.Source,
			Detail: fmt.Sprintf("%s has only IPv4 addresses, and %s is IPv6-only with DNS64 off: the task gets no IPv6 address to connect to, and has no IPv4 address of its own (aws-rules 4.9.5)", host, sub.ID)})
		out.addrs, out.reason, out.verdict, out.fix, out.hint = nil, NoRoute, Unreachable, fix, ""
		return out
	}
	addrs := make([]endpointAddr, len(r.addrs))
	for i, a := range r.addrs {
		inner := a
		p := nat64Prefix
		if ip := a.ip(); ip != "" {
			v4 := netip.MustParseAddr(ip).As4()
			b := nat64Prefix.Addr().As16()
			copy(b[12:], v4[:])
			p = netip.PrefixFrom(netip.AddrFrom16(b), 128)
		}
		addrs[i] = endpointAddr{prefix: p, v6: true, nat64: &inner, label: "the DNS64 address " + p.String() + " of " + a.String()}
	}
	out.addrs = addrs
	out.steps = append(out.steps, Step{Type: StepDNS, Action: ActionResolved, Source: sub.Source,
		Detail: fmt.Sprintf("%s has only IPv4 addresses; DNS64 on %s makes them 64:ff9b::/96 addresses for the IPv6-only task (aws-rules 4.9.5)", host, sub.ID)})
	return out
}

// tracePlacement6 traces a call from an interface in an IPv6-only subnet
// (aws-rules 4.9.4).
func (ix *index) tracePlacement6(wl *workload, c *plannedCall, p placement, o originIface, res traced) traced {
	if isExecKind(c.Kind) {
		return execUnsupported6(wl, c, p, res)
	}
	var out traced
	deps, diags := ix.recording(func() { out = ix.traceNetwork6(wl, c, o, res) })
	out.deps, out.diags = deps, diags
	return cacheUndetermined(c, ix.policyUndetermined(c, out))
}

// execUnsupported6 refuses ECS Exec for a task in an IPv6-only subnet:
// AWS does not support it there (aws-rules 4.9.8).
func execUnsupported6(wl *workload, c *plannedCall, p placement, res traced) traced {
	detail := fmt.Sprintf("ECS Exec is not supported for tasks in IPv6-only subnets, and %s is IPv6-only (aws-rules 4.9.8)", p.subnet.ID)
	res.Verdict, res.Reason, res.Blockers, res.Decisive = Unreachable, UnsupportedByPlatform, []Reason{UnsupportedByPlatform}, &StepRef{}
	res.Hops = []Hop{{Component: wl.svc.ID, Kind: HopPlatform, Steps: []Step{{Type: StepPlatform, Action: ActionDenied, Reason: UnsupportedByPlatform,
		Source: p.subnet.Source, Detail: detail}}}}
	res.Fix = Fix{Advice: "run the tasks that need ECS Exec in dual-stack subnets, or drop enable_execute_command"}
	res.BlockedBy = res.soleBlocker()
	res.Explanation = upper(detail) + ": no session can open (" + string(c.Kind) + "). Fix: " + res.Fix.Advice + "."
	return res
}

// alt6 is the trace of one possible host and answer.
type alt6 struct {
	facts []Missing
	conds []string
	t     traced
}

// traceNetwork6 traces every possible host and answer of the call and
// combines them (aws-rules 4.9.4-4.9.7).
func (ix *index) traceNetwork6(wl *workload, c *plannedCall, o originIface, res traced) traced {
	vpc := ix.vpcs[o.subnet.VPC]
	if c.Kind == CallECSAgent || c.Kind == CallECSTelemetry {
		return agentEndpoint6(c, o, res)
	}
	if c.Kind == CallECRImage && !isDualStackName(c.Host) {
		// AWS requires dual-stack image URIs in IPv6-only mode (4.9.9).
		ix.diag(model.SeverityWarning, "ipv6-only-image-uri", containerSource(wl.td, c.Container),
			"container %s pulls %s from the IPv4-only registry name %s, but its tasks run in IPv6-only mode: AWS requires the dual-stack URI ACCOUNT.dkr-ecr.%s.on.aws there; the pull is traced through DNS64 and NAT64 (aws-rules 4.9.9)",
			c.Container, c.Image, c.Host, c.Region)
	}
	var alts []alt6
	for _, h := range hosts6(wl, c) {
		hc := *c
		hc.Host = h.host
		for _, a := range ix.resolve6(vpc, o.subnet, &hc, h.host) {
			alt := alt6{facts: a.facts, conds: a.conds}
			if h.fact != nil {
				alt.facts = append([]Missing{*h.fact}, alt.facts...)
				alt.conds = append([]string{h.cond}, alt.conds...)
			}
			alt.t = ix.traceResolved(&hc, o, res, a.dns)
			if hc.Host != c.Host {
				alt.t.Explanation = "In IPv6-only mode the call goes to " + hc.Host + ". " + alt.t.Explanation
			}
			alts = append(alts, alt)
		}
	}
	return combine6(alts)
}

// combine6 decides a call from its possible traces: when every one has
// the verdict of the first, that trace decides. When they differ, the
// call is unknown: it keeps the first path that is not reachable, with its
// blockers, and names the facts that decide (aws-rules 10.41, 10.42).
func combine6(alts []alt6) traced {
	first := alts[0]
	same, good, bad := true, -1, -1
	for i, a := range alts {
		same = same && a.t.Verdict == first.t.Verdict
		switch {
		case a.t.Verdict == Reachable && good < 0:
			good = i
		case a.t.Verdict != Reachable && bad < 0:
			bad = i
		}
	}
	var facts []Missing
	for _, a := range alts {
		for _, m := range a.facts {
			if !slices.Contains(facts, m) {
				facts = append(facts, m)
			}
		}
	}
	if same {
		if first.t.Verdict == Unknown {
			// Every possibility is open: the facts that choose between
			// them are open too.
			first.t.missing = append(append([]Missing(nil), first.t.missing...), facts...)
		}
		return first.t
	}
	if good < 0 {
		// Unreachable and unknown: unknown, from the first that is.
		for i, a := range alts {
			if a.t.Verdict == Unknown {
				bad = i
				break
			}
		}
	}
	out := alts[bad].t
	out.Verdict, out.Via = Unknown, ""
	out.missing = append(append([]Missing(nil), out.missing...), facts...)
	out.Explanation = "Unknown: " + describe(facts) + ". If " + strings.Join(alts[bad].conds, " and ") + ": " + alts[bad].t.Explanation
	if good >= 0 {
		out.Explanation += " If " + strings.Join(alts[good].conds, " and ") + ": " + alts[good].t.Explanation
	}
	return out
}

// agentEndpoint6 leaves the agent's ACS and TCS connections of an
// IPv6-only container instance unknown: the agent learns their names from
// DiscoverPollEndpoint at run time, and AWS does not publish the names it
// gives IPv6-only instances (aws-rules 10.43).
func agentEndpoint6(c *plannedCall, o originIface, res traced) traced {
	m := Missing{What: "the " + c.Service + " name ECS gives IPv6-only container instances",
		Why: "the agent learns it from DiscoverPollEndpoint at run time, and AWS does not publish it (aws-rules 10.43)", Source: o.subnet.Source}
	res.Verdict, res.Reason, res.Blockers = Unknown, Unmodeled, []Reason{Unmodeled}
	res.Hops = []Hop{{Component: o.component, Kind: o.kind, ID: o.host, Subnet: o.subnet.ID, Steps: []Step{{Type: StepInput, Action: ActionUnknown, Reason: Unmodeled,
		Source: o.subnet.Source, Detail: upper(m.What) + " is not known: " + m.Why}}}}
	res.Decisive = &StepRef{}
	res.missing = []Missing{m}
	res.Fix = Fix{Advice: "check by hand that " + o.subnet.ID + " reaches the agent's ECS endpoints over IPv6"}
	res.BlockedBy = res.soleBlocker()
	res.Explanation = fmt.Sprintf("Unknown: %s runs in IPv6-only mode in %s, and %s is not known (%s). Fix: %s.", o.component, o.subnet.ID, m.What, m.Why, res.Fix.Advice)
	return res
}

// containerSource is the position of the named container of td, else of
// td itself.
func containerSource(td *model.TaskDefinition, name string) model.Pos {
	for i := range td.Containers {
		if ct := &td.Containers[i]; ct.Name == name && ct.Source.IsValid() {
			return ct.Source
		}
	}
	return td.Source
}
