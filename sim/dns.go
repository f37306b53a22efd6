package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// zone is a DNS zone the Amazon resolver of a VPC consults: a private hosted
// zone associated with the VPC, or the managed zone of an interface
// endpoint with private DNS (aws-rules 3.2.1, 3.3).
type zone struct {
	name   string // lower case, no trailing dot
	id     string // hosted zone or endpoint ID
	source model.Pos

	// A private hosted zone's records by lower-case name ("*.x" for
	// wildcards).
	records map[string][]*model.Record

	// An endpoint's managed zone answers its apex and/or any name below it
	// with the endpoint's ENIs (3.2.2).
	endpoint *model.Endpoint
	apex     bool
	wildcard bool
}

func (z *zone) describe() string {
	if z.endpoint != nil {
		return "the private DNS zone " + z.name + " of endpoint " + z.endpoint.ID
	}
	return "private hosted zone " + z.id + " (" + z.name + ")"
}

// zoneSet holds the zones a VPC's resolver sees, by name.
type zoneSet struct {
	byName map[string]*zone
}

// buildZones computes the zones each VPC sees, with the diagnostics AWS
// would give for configurations it refuses (3.7).
func (ix *index) buildZones() {
	w := ix.w
	for i := range w.VPCs {
		ix.zones[w.VPCs[i].ID] = &zoneSet{byName: map[string]*zone{}}
	}
	ix.maybeZones = map[string][]*model.Endpoint{}
	for i := range w.Endpoints {
		ep := &w.Endpoints[i]
		vpc := ix.vpcs[ep.VPC]
		if ep.Type != model.EndpointInterface || vpc == nil {
			continue
		}
		_, dnsUnknown := ix.unknownOf(model.KindEndpoint, ep.ID, "private_dns_enabled")
		if !ep.PrivateDNS && !dnsUnknown {
			continue
		}
		if ep.PrivateDNS && ix.dnsAttrsOff(vpc) {
			// 3.7.1: AWS refuses private DNS without both attributes; trace as off.
			ix.diag(model.SeverityError, "private-dns-needs-vpc-dns", ep.Source,
				"endpoint %s has private DNS enabled, but vpc %s has %s; AWS refuses this (aws-rules 3.7.1). Set enable_dns_support and enable_dns_hostnames to true on %s. Traced as if private DNS were off.",
				ep.ID, vpc.ID, missingDNSAttrs(vpc), vpc.ID)
			continue
		}
		if ep.ServiceName == "" || dnsUnknown {
			if vpc.EnableDNSSupport && vpc.EnableDNSHostnames {
				// 3.2.9: a zone that may or may not exist.
				ix.maybeZones[vpc.ID] = append(ix.maybeZones[vpc.ID], ep)
			}
			continue
		}
		service, region := serviceOf(ep)
		if service == "s3" && ix.s3InboundOnly(ep) {
			continue // clients in the VPC get public S3 answers (3.2.4)
		}
		z := endpointZone(ep, service, region)
		zs := ix.zones[vpc.ID]
		if prev := zs.byName[z.name]; prev != nil {
			ix.diag(model.SeverityError, "private-dns-conflict", ep.Source,
				"endpoint %s and %s both enable private DNS for %s in vpc %s; AWS allows only one. %s is ignored.",
				prev.id, ep.ID, z.name, vpc.ID, ep.ID)
			continue
		}
		zs.byName[z.name] = z
	}
	for i := range w.HostedZones {
		hz := &w.HostedZones[i]
		z := &zone{name: lower(hz.Name), id: hz.ID, source: hz.Source, records: map[string][]*model.Record{}}
		for j := range hz.Records {
			r := &hz.Records[j]
			z.records[lower(r.Name)] = append(z.records[lower(r.Name)], r)
		}
		for _, vid := range hz.VPCs {
			vpc := ix.vpcs[vid]
			if vpc == nil {
				continue
			}
			if !vpc.EnableDNSSupport || !vpc.EnableDNSHostnames {
				ix.diag(model.SeverityWarning, "phz-needs-vpc-dns", hz.Source,
					"private hosted zone %s is associated with vpc %s, which has %s; the zone does not take effect there (aws-rules 3.1.3)",
					hz.ID, vpc.ID, missingDNSAttrs(vpc))
				continue
			}
			zs := ix.zones[vid]
			if prev := zs.byName[z.name]; prev != nil {
				ix.diag(model.SeverityWarning, "zone-conflict", hz.Source,
					"%s and %s are both named %s in vpc %s; %s is used", prev.describe(), z.describe(), z.name, vid, prev.describe())
				continue
			}
			zs.byName[z.name] = z
		}
	}
	ix.buildResolver()
}

// unusedEndpoint returns an interface endpoint of the VPC for the service
// whose private DNS does not answer the service's default name, if any.
func (ix *index) unusedEndpoint(vpc, region, service string) *model.Endpoint {
	if service == "" {
		return nil
	}
	for _, ep := range ix.interfaceEndpoints[vpc+"|"+serviceName(region, service)] {
		return ep
	}
	return nil
}

// endpointElsewhere returns an interface endpoint for the service in
// another VPC, if any, so that explanations can point at it.
func (ix *index) endpointElsewhere(vpc, region, service string) *model.Endpoint {
	if service == "" {
		return nil
	}
	ix.touch(depEndpointSet, serviceName(region, service))
	for _, ep := range ix.endpointsByService[serviceName(region, service)] {
		if ep.VPC != vpc {
			return ep
		}
	}
	return nil
}

func whyNoPrivateDNS(ep *model.Endpoint, vpc *model.VPC) string {
	switch {
	case !ep.PrivateDNS:
		return "its private DNS is off"
	case !vpc.EnableDNSSupport || !vpc.EnableDNSHostnames:
		return "vpc " + vpc.ID + " has " + missingDNSAttrs(vpc) + ", so its private DNS cannot take effect"
	}
	return "its private DNS zone is hidden from the VPC (private DNS only for inbound Resolver endpoints, aws-rules 3.2.4)"
}

// dnsAttrsOff reports whether the input says that a DNS attribute of vpc
// is off: one it leaves undetermined (a snapshot without its
// describe-vpc-attribute output) is not known to be off.
func (ix *index) dnsAttrsOff(vpc *model.VPC) bool {
	_, supportUnknown := ix.unknownOf(model.KindVPC, vpc.ID, "enable_dns_support")
	_, hostnamesUnknown := ix.unknownOf(model.KindVPC, vpc.ID, "enable_dns_hostnames")
	return !vpc.EnableDNSSupport && !supportUnknown || !vpc.EnableDNSHostnames && !hostnamesUnknown
}

func missingDNSAttrs(vpc *model.VPC) string {
	var off []string
	if !vpc.EnableDNSSupport {
		off = append(off, "enable_dns_support")
	}
	if !vpc.EnableDNSHostnames {
		off = append(off, "enable_dns_hostnames")
	}
	return strings.Join(off, " and ") + " off"
}

// s3InboundOnly returns the effective "private DNS only for inbound
// Resolver endpoints" option of an S3 interface endpoint: unset means true
// when the VPC has an S3 gateway endpoint (10.6); true without one is
// refused by AWS and traced as off (3.7.2).
func (ix *index) s3InboundOnly(ep *model.Endpoint) bool {
	hasGateway := ix.s3GatewayVPC[ep.VPC]
	if ep.PrivateDNSOnlyForInboundResolver == model.True && !hasGateway {
		ix.diag(model.SeverityError, "s3-inbound-only-needs-gateway", ep.Source,
			"endpoint %s sets private DNS only for inbound Resolver endpoints, but vpc %s has no S3 gateway endpoint; AWS refuses this (aws-rules 3.7.2). Traced with the option off.",
			ep.ID, ep.VPC)
		return false
	}
	return ep.PrivateDNSOnlyForInboundResolver.Or(hasGateway)
}

// endpointZone returns the managed private DNS zone of an interface
// endpoint (aws-rules 3.2.2).
func endpointZone(ep *model.Endpoint, service, region string) *zone {
	z := &zone{id: ep.ID, source: ep.Source, endpoint: ep, apex: true}
	suffix := region + ".amazonaws.com"
	switch service {
	case "ecr.api":
		z.name = "api.ecr." + suffix
	case "ecr.dkr":
		z.name, z.apex, z.wildcard = "dkr.ecr."+suffix, false, true
	case "s3":
		z.name, z.wildcard = "s3."+suffix, true
	case "ecs-agent":
		z.name = "ecs-a." + suffix // 10.3
	case "ecs-telemetry":
		z.name = "ecs-t." + suffix // 10.3
	default:
		z.name = service + "." + suffix
	}
	return z
}

// dnsResult is the outcome of resolving a name.
type dnsResult struct {
	addrs   []endpointAddr
	steps   []Step
	reason  Reason  // set when the name did not resolve
	verdict Verdict // Unreachable or Unknown when reason is set
	fix     Fix
	// hint is another way to reach the service, when the name resolved
	// to public addresses although an endpoint could serve it.
	hint string
	// missing names the settings the input does not determine that leave
	// the answer open, when verdict is Unknown.
	missing []Missing
	// ordered is addrs as a client in orderedAZ tries them (sortAddrs),
	// sorted once by resolveOnce for an answer of several addresses;
	// orderedOf is the addrs it was sorted from (see orderFor).
	ordered   []endpointAddr
	orderedAZ string
	orderedOf *endpointAddr
}

// orderFor returns r.addrs in the order a client in az tries them: the
// order resolveOnce sorted them in when r.addrs is still the slice it
// sorted for az (and all of it), else a sorted copy.
func (r dnsResult) orderFor(az string) []endpointAddr {
	if len(r.addrs) < 2 {
		return r.addrs
	}
	if len(r.ordered) == len(r.addrs) && r.orderedAZ == az && r.orderedOf == &r.addrs[0] {
		return r.ordered
	}
	addrs := slices.Clone(r.addrs)
	sortAddrs(addrs, az)
	return addrs
}

// dnsKey identifies a DNS question: the VPC whose resolver answers, the
// client's AZ and the name.
type dnsKey struct{ vpc, az, host string }

// dnsMemo is a memoized answer of resolve with what it read and
// reported.
type dnsMemo struct {
	r dnsResult
	recorded
}

// resolveOnce is resolve, answered once per index for each dnsKey: the
// answer depends only on the world, the VPC, the AZ and the name. A
// repeated question records the same dependencies and diagnostics as the
// first. The answer's slices are shared: treat them as read-only.
func (ix *index) resolveOnce(vpc *model.VPC, az, host string) dnsResult {
	key := dnsKey{vpc.ID, az, host}
	a, ok := ix.dnsAnswers[key]
	if !ok {
		a, ok = inheritMemo(ix, answersOf, key)
	}
	if ok {
		ix.replay(a.recorded)
		return a.r
	}
	a = new(dnsMemo)
	a.deps, a.diags = ix.recording(func() { a.r = ix.resolve(vpc, az, host) })
	if len(a.r.addrs) > 1 {
		// Every path from az that asks sorts the addresses alike.
		a.r.ordered = a.r.orderFor(az)
		a.r.orderedAZ, a.r.orderedOf = az, &a.r.addrs[0]
	}
	ix.dnsAnswers[key] = a
	return a.r
}

// resolve resolves host as the Amazon resolver of vpc answers a client in
// az (aws-rules 3).
func (ix *index) resolve(vpc *model.VPC, az, host string) dnsResult {
	ix.touch(depVPC, vpc.ID)
	host = lower(host)
	if r, ok := ix.undeterminedDNS(vpc); ok {
		return r
	}
	if !vpc.EnableDNSSupport {
		return dnsFail(DNSResolutionDisabled, Unreachable, vpc.Source,
			fmt.Sprintf("vpc %s has enable_dns_support off, so the Amazon resolver answers nothing, public names included (aws-rules 3.1.2)", vpc.ID),
			fmt.Sprintf("set enable_dns_support = true on vpc %s", vpc.ID)).
			fixing(model.KindVPC, vpc.ID, "dns_support", "enable_dns_support", "true")
	}
	if r, ok := ix.customResolver(vpc); !ok {
		return r
	}
	return ix.lookup(vpc, az, host, 0, false)
}

// vpcDNSSettings are the settings of a VPC that decide what its resolver
// answers: the DNS attributes (3.1), the DHCP options (3.4), the private
// hosted zones associated with it (3.3) and its Resolver rules (3.3.5).
var vpcDNSSettings = []string{"enable_dns_support", "enable_dns_hostnames", "dhcp_options", "private_hosted_zones", "resolver_rules"}

// undeterminedDNS returns an unknown answer, naming the setting, when the
// input leaves one of vpcDNSSettings undetermined (a snapshot without the
// response that gives it, aws-rules 11.1.4): the model cannot tell what
// the resolver answers.
func (ix *index) undeterminedDNS(vpc *model.VPC) (dnsResult, bool) {
	us := ix.unknowns[string(model.KindVPC)+"|"+vpc.ID]
	for _, field := range vpcDNSSettings {
		if i := slices.IndexFunc(us, func(u model.Unknown) bool { return u.Field == field }); i >= 0 {
			u := us[i]
			r := dnsFail(Unmodeled, Unknown, u.Source,
				fmt.Sprintf("%s of vpc %s is not known (%s), so the model cannot tell what its resolver answers", field, vpc.ID, u.Why), settingFix(u))
			r.missing = []Missing{missingOf(u)}
			return r, true
		}
	}
	return dnsResult{}, false
}

// customResolver checks the VPC's DHCP options (3.4.2). It returns ok when
// the Amazon resolver answers.
func (ix *index) customResolver(vpc *model.VPC) (dnsResult, bool) {
	opts := ix.dhcp[vpc.DHCPOptions]
	if opts == nil {
		return dnsResult{}, true
	}
	var custom []string
	for _, s := range opts.DomainNameServers {
		if !ix.isAmazonResolver(vpc, s) {
			custom = append(custom, s)
		}
	}
	if len(custom) == 0 && len(opts.DomainNameServers) > 0 {
		return dnsResult{}, true
	}
	detail := fmt.Sprintf("DHCP options %s give the name servers %s; the model cannot know what they answer (aws-rules 3.4.2)", opts.ID, strings.Join(opts.DomainNameServers, ", "))
	if len(opts.DomainNameServers) == 0 {
		detail = fmt.Sprintf("DHCP options %s list no name servers; the model cannot know what the task uses (aws-rules 3.4.2)", opts.ID)
	}
	return dnsFail(DNSResolverUnknown, Unknown, opts.Source, detail,
		"check that those servers forward AWS service names to the VPC resolver ("+amazonResolverAddr(vpc)+"), or use AmazonProvidedDNS (aws-rules 3.2.8)"), false
}

// resolverAddr is the address a task in vpc sends DNS queries to: the
// first custom DHCP name server, else the Amazon resolver (3.1.1, 3.4).
func (ix *index) resolverAddr(vpc *model.VPC) string {
	if opts := ix.dhcp[vpc.DHCPOptions]; opts != nil {
		for _, s := range opts.DomainNameServers {
			if !ix.isAmazonResolver(vpc, s) {
				return s
			}
		}
	}
	return amazonResolverAddr(vpc)
}

func (ix *index) isAmazonResolver(vpc *model.VPC, server string) bool {
	if server == model.AmazonProvidedDNS || server == "169.254.169.253" {
		return true
	}
	return server == amazonResolverAddr(vpc)
}

// amazonResolverAddr is the VPC's primary CIDR base plus two (3.1.1).
func amazonResolverAddr(vpc *model.VPC) string {
	if len(vpc.CIDRs) == 0 {
		return "169.254.169.253"
	}
	a := vpc.CIDRs[0].Masked().Addr().As4()
	n := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	n += 2
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}).String()
}

func dnsFail(reason Reason, v Verdict, pos model.Pos, detail, fix string) dnsResult {
	action := ActionFailed
	if v == Unknown {
		action = ActionUnknown
	}
	return dnsResult{reason: reason, verdict: v, fix: Fix{Advice: fix},
		steps: []Step{{Type: StepDNS, Action: action, Detail: detail, Source: pos, Reason: reason}}}
}

const maxCNAMEDepth = 8

// lookup resolves host as the Amazon resolver of vpc does: DNS Firewall
// first (unless trusted, aws-rules 3.9.4), then the Resolver rules, then
// the zones of vpc and public DNS (3.3.9).
func (ix *index) lookup(vpc *model.VPC, az, host string, depth int, trusted bool) dnsResult {
	if depth > maxCNAMEDepth {
		return dnsFail(Unmodeled, Unknown, model.Pos{}, "CNAME chain for "+host+" is longer than "+fmt.Sprint(maxCNAMEDepth), "shorten the CNAME chain")
	}
	var before []Step
	if !trusted {
		r, step, trust, done := ix.applyFirewall(vpc, az, host, depth)
		if done {
			return r
		}
		trusted = trust
		before = appendStep(before, step)
	}
	r, step, done := ix.applyRules(vpc, host)
	if done {
		r.steps = append(before, r.steps...)
		return r
	}
	before = appendStep(before, step)
	r = ix.answer(vpc, az, host, depth, trusted)
	if len(before) > 0 {
		r.steps = append(before, r.steps...)
	}
	return r
}

func appendStep(steps []Step, s *Step) []Step {
	if s == nil {
		return steps
	}
	return append(steps, *s)
}

// answer resolves host through the zones of vpc, then public DNS.
func (ix *index) answer(vpc *model.VPC, az, host string, depth int, trusted bool) dnsResult {
	z := ix.zones[vpc.ID].mostSpecific(host)
	if r, ok := ix.maybeAnswered(vpc, host, z); ok {
		return r
	}
	if z != nil {
		return ix.answerFromZone(vpc, az, host, z, depth, trusted)
	}
	if fsID, region, ok := efsName(host); ok {
		return ix.resolveEFS(vpc, az, host, fsID, region)
	}
	service, region := publicService(host)
	a := endpointAddr{public: true, service: service, region: region}
	detail := "resolved " + host + " through public DNS to " + a.String() + ": no private zone of vpc " + vpc.ID + " covers it"
	var pos model.Pos
	var hint string
	if ep := ix.unusedEndpoint(vpc.ID, region, service); ep != nil {
		detail += fmt.Sprintf("; endpoint %s serves %s in this VPC, but %s, so tasks do not use it (aws-rules 3.2.3, 3.2.5)", ep.ID, service, whyNoPrivateDNS(ep, vpc))
		pos = ep.Source
	} else if ep := ix.endpointElsewhere(vpc.ID, region, service); ep != nil {
		detail += fmt.Sprintf("; endpoint %s in vpc %s serves %s, but its private DNS answers only inside %s (aws-rules 3.2.6)", ep.ID, ep.VPC, service, ep.VPC)
		hint = fmt.Sprintf("associate with vpc %s a private hosted zone for %s that aliases endpoint %s (aws-rules 3.2.6)", vpc.ID, host, ep.ID)
		pos = ep.Source
	} else if service != "" && region == ix.region(vpc) {
		hint = fmt.Sprintf("create an interface endpoint for com.amazonaws.%s.%s with private DNS (or share one through a private hosted zone)", region, service)
		if service == "s3" {
			hint = "associate an S3 gateway endpoint with the subnet's route table"
		}
	}
	return dnsResult{addrs: []endpointAddr{a}, hint: hint, steps: []Step{{Type: StepDNS, Action: ActionResolved, Detail: detail, Source: pos}}}
}

// maybeAnswered reports whether the answer for host in vpc depends on an
// interface endpoint whose private DNS zone may or may not exist (its
// service name or its private DNS setting is not determined, aws-rules
// 3.2.9): the endpoint's zone would answer host and win over the zone z
// that answers it now (3.3.1). It then returns an unknown answer naming
// the endpoint and the setting. A zone more specific than the endpoint's
// decides without it, and so does another endpoint's zone of the same
// name: AWS allows one private DNS zone per name in a VPC (3.7).
func (ix *index) maybeAnswered(vpc *model.VPC, host string, z *zone) (dnsResult, bool) {
	eps := ix.maybeZones[vpc.ID]
	if len(eps) == 0 {
		return dnsResult{}, false
	}
	service, region := publicService(host)
	if service == "" || region != ix.region(vpc) {
		return dnsResult{}, false // endpoints answer their own region's AWS names (3.2.7)
	}
	cand := endpointZone(&model.Endpoint{}, service, region)
	if !(host == cand.name && cand.apex || host != cand.name && cand.wildcard && strings.HasSuffix(host, "."+cand.name)) {
		return dnsResult{}, false
	}
	if z != nil && (len(z.name) > len(cand.name) || z.name == cand.name && z.endpoint != nil) {
		return dnsResult{}, false
	}
	for _, ep := range eps {
		ix.touch(depEndpoint, ep.ID)
		if ep.ServiceName != "" && ep.ServiceName != serviceName(region, service) {
			continue
		}
		if service == "s3" && ix.s3GatewayVPC[vpc.ID] && ep.PrivateDNSOnlyForInboundResolver.Or(true) {
			continue // an S3 zone would be hidden from the VPC (3.2.4)
		}
		var detail, field string
		u, ok := ix.unknownOf(model.KindEndpoint, ep.ID, "service_name")
		if ep.ServiceName == "" {
			field = "service_name"
			dns := "private DNS on"
			if !ep.PrivateDNS {
				dns = "private DNS perhaps on"
			}
			detail = fmt.Sprintf("interface endpoint %s in vpc %s has %s, and its service_name is not known (%s): if it is %s, its private DNS zone %s answers %s with the endpoint's ENIs; if not, %s. The model cannot tell which (aws-rules 3.2.9, 3.2.1, 3.3.1)",
				ep.ID, vpc.ID, dns, why(u, ok), serviceName(region, service), cand.name, host, ix.otherwise(host, z))
		} else {
			field = "private_dns_enabled"
			u, ok = ix.unknownOf(model.KindEndpoint, ep.ID, field)
			detail = fmt.Sprintf("interface endpoint %s in vpc %s serves %s, but whether its private DNS is on is not known (%s): with it on, its zone %s answers %s with the endpoint's ENIs; with it off, %s (aws-rules 3.2.9, 3.2.1, 3.2.5)",
				ep.ID, vpc.ID, ep.ServiceName, why(u, ok), cand.name, host, ix.otherwise(host, z))
		}
		src := ep.Source
		if ok {
			src = u.Source
		}
		r := dnsFail(Unmodeled, Unknown, src, detail,
			fmt.Sprintf("give %s of endpoint %s a value known before apply, or trace a state file where it is known", field, ep.ID))
		r.missing = []Missing{{What: field + " of " + ep.ID, Why: why(u, ok), Source: src}}
		return r, true
	}
	return dnsResult{}, false
}

func why(u model.Unknown, ok bool) string {
	if ok {
		return u.Why
	}
	return "not determined"
}

// otherwise says how host resolves when no endpoint zone of its own
// answers it.
func (ix *index) otherwise(host string, z *zone) string {
	if z != nil {
		return z.describe() + " answers it"
	}
	return "the name resolves to the public addresses of the service"
}

// mostSpecific returns the zone with the longest name that host lies in
// (aws-rules 3.3.1, label-wise matching 3.3.3).
func (zs *zoneSet) mostSpecific(host string) *zone {
	if zs == nil {
		return nil
	}
	for name := host; name != ""; {
		if z := zs.byName[name]; z != nil {
			return z
		}
		_, rest, ok := strings.Cut(name, ".")
		if !ok {
			break
		}
		name = rest
	}
	return nil
}

func (ix *index) answerFromZone(vpc *model.VPC, az, host string, z *zone, depth int, trusted bool) dnsResult {
	if u := ix.unknowns[string(model.KindHostedZone)+"|"+z.id]; z.endpoint == nil && len(u) > 0 {
		r := dnsFail(Unmodeled, Unknown, u[0].Source,
			fmt.Sprintf("%s answers %s, but its %s is not known (%s)", z.describe(), host, u[0].Field, u[0].Why),
			"give "+u[0].Field+" of "+z.id+" a value known before apply, or trace a state file")
		for _, x := range u {
			r.missing = append(r.missing, missingOf(x))
		}
		return r
	}
	if z.endpoint != nil {
		if (host == z.name && z.apex) || (host != z.name && z.wildcard) {
			addrs := ix.endpointAddrs(z.endpoint, "")
			detail := fmt.Sprintf("resolved %s in %s to the endpoint's ENIs: %s", host, z.describe(), describeAddrs(addrs))
			return dnsResult{addrs: addrs, steps: []Step{{Type: StepDNS, Action: ActionResolved, Detail: detail, Source: z.source, Rule: z.name}}}
		}
		return nxdomain(host, z)
	}
	recs := z.records[host]
	if len(recs) == 0 {
		recs = z.wildcardRecords(host)
	}
	for _, r := range recs {
		switch {
		case r.Alias != "" || r.AliasEndpoint != "":
			return ix.answerAlias(vpc, az, host, z, r, depth, trusted)
		case r.Type == model.RecordCNAME && len(r.Values) > 0:
			next := ix.lookup(vpc, az, lower(r.Values[0]), depth+1, trusted)
			step := Step{Type: StepDNS, Action: ActionResolved, Detail: fmt.Sprintf("%s is a CNAME to %s in %s", host, r.Values[0], z.describe()), Source: r.Source, Rule: r.Name}
			next.steps = append([]Step{step}, next.steps...)
			return next
		case r.Type == model.RecordA:
			return ix.answerA(host, z, r)
		}
	}
	return nxdomain(host, z)
}

// wildcardRecords returns the records of the closest wildcard covering
// host; a wildcard matches one or more labels but not the apex (3.3.3).
func (z *zone) wildcardRecords(host string) []*model.Record {
	name := host
	for name != z.name {
		_, rest, ok := strings.Cut(name, ".")
		if !ok {
			return nil
		}
		if recs := z.records["*."+rest]; len(recs) > 0 {
			return recs
		}
		name = rest
	}
	return nil
}

func nxdomain(host string, z *zone) dnsResult {
	fix := "add a record for " + host + " to " + z.describe()
	if z.endpoint == nil {
		fix += ", or remove the zone's association with the VPC, so that the name resolves publicly"
	}
	r := dnsFail(DNSNameNotFound, Unreachable, z.source,
		fmt.Sprintf("%s owns %s but has no record for it, so the resolver answers NXDOMAIN without falling back to public DNS (aws-rules 3.3.2)", z.describe(), host), fix)
	if z.endpoint == nil {
		// Terraform adds a record as a resource of its own
		// (aws_route53_record), not as an attribute of the zone.
		r = r.fixing(model.KindHostedZone, z.id, "records", "", "")
	}
	return r
}

// fixing names the object and setting the fix of a failed lookup changes.
func (r dnsResult) fixing(kind model.Kind, id, field, attribute, value string) dnsResult {
	r.fix = changeFix(r.fix.Advice, kind, id, field, attribute, value)
	return r
}

func (ix *index) answerAlias(vpc *model.VPC, az, host string, z *zone, r *model.Record, depth int, trusted bool) dnsResult {
	ix.touch(depEndpoint, r.AliasEndpoint)
	ix.touch(depEndpoint, r.Alias)
	ep := ix.endpoints[r.AliasEndpoint]
	if ep == nil {
		ep = ix.endpoints[r.Alias]
	}
	step := Step{Type: StepDNS, Action: ActionResolved, Source: r.Source, Rule: r.Name}
	if ep != nil {
		addrs := ix.endpointAddrs(ep, r.AliasZone)
		step.Detail = fmt.Sprintf("resolved %s in %s: alias to endpoint %s -> %s (aws-rules 3.3.4)", host, z.describe(), ep.ID, describeAddrs(addrs))
		if len(addrs) == 0 {
			return dnsFail(DNSNameNotFound, Unreachable, r.Source,
				fmt.Sprintf("%s aliases %s to endpoint %s, which has no ENI in %s", z.describe(), host, ep.ID, r.AliasZone),
				"point the alias at the endpoint's regional DNS name")
		}
		return dnsResult{addrs: addrs, steps: []Step{step}}
	}
	target := lower(r.Alias)
	if ix.zones[vpc.ID].mostSpecific(target) != nil {
		next := ix.lookup(vpc, az, target, depth+1, trusted)
		step.Detail = fmt.Sprintf("%s is an alias to %s in %s", host, target, z.describe())
		next.steps = append([]Step{step}, next.steps...)
		return next
	}
	return dnsFail(Unmodeled, Unknown, r.Source,
		fmt.Sprintf("%s aliases %s to %s, which the input does not describe (aws-rules 3.3.4)", z.describe(), host, r.Alias),
		"describe the alias target (for an endpoint, set alias_endpoint to its id)")
}

func (ix *index) answerA(host string, z *zone, r *model.Record) dnsResult {
	var addrs []endpointAddr
	for _, v := range r.Values {
		ip, err := netip.ParseAddr(v)
		if err != nil {
			continue
		}
		ix.touch(depAddr, ip.String())
		owner, ok := ix.addrOwners[ip]
		switch {
		case ok && owner.endpoint != nil:
			for _, a := range ix.endpointAddrs(owner.endpoint, "") {
				if a.subnet == owner.subnet {
					addrs = append(addrs, a)
				}
			}
		case ok && owner.mountTarget != nil:
			addrs = append(addrs, ix.mountTargetAddr(owner.mountTarget))
		case ok && owner.instance != nil:
			addrs = append(addrs, ix.instanceAddr(owner.instance))
		case classifyPublic(netip.PrefixFrom(ip, 32)) != coverNone:
			addrs = append(addrs, endpointAddr{public: true, label: "public address " + ip.String()})
		default:
			return dnsFail(Unmodeled, Unknown, r.Source,
				fmt.Sprintf("%s answers %s with %s, an address the input does not describe (aws-rules 3.3.4)", z.describe(), host, ip),
				"describe what owns "+ip.String()+", or point the record at an endpoint with an alias")
		}
	}
	if len(addrs) == 0 {
		return nxdomain(host, z)
	}
	detail := fmt.Sprintf("resolved %s in %s to %s", host, z.describe(), describeAddrs(addrs))
	return dnsResult{addrs: addrs, steps: []Step{{Type: StepDNS, Action: ActionResolved, Detail: detail, Source: r.Source, Rule: r.Name}}}
}

// endpointAddrs returns the ENI addresses of an interface endpoint, only
// the one in az when az is set (zonal names, 3.3.4).
func (ix *index) endpointAddrs(ep *model.Endpoint, az string) []endpointAddr {
	ix.touch(depEndpoint, ep.ID)
	ix.touch(depVPC, ep.VPC)
	for _, id := range ep.Subnets {
		if s := ix.subnets[id]; s != nil {
			ix.touch(depVPC, s.VPC)
		}
	}
	groups, open := ep.SecurityGroups, ix.endpointSettings(ep.ID, endpointGroups)
	switch {
	case len(groups) == 0 && len(open) > 0:
		groups = []string{} // the groups are not known; not the default group either
	case len(groups) == 0:
		groups = []string{ix.defaultSG[ep.VPC]} // 5.1.5
	}
	var out []endpointAddr
	for _, sid := range ep.Subnets {
		s := ix.subnets[sid]
		if s == nil || (az != "" && s.AZ != az) {
			continue
		}
		p := s.Prefix()
		if ip, ok := ep.IPs[sid]; ok {
			p = netip.PrefixFrom(ip, ip.BitLen())
		}
		out = append(out, endpointAddr{prefix: p, vpc: s.VPC, subnet: s.ID, az: s.AZ, endpoint: ep, sgs: groups, sgsOpen: open,
			label: "ENI of endpoint " + ep.ID + " in " + s.ID + " (" + p.String() + ")"})
	}
	return out
}

func (ix *index) mountTargetAddr(mt *model.MountTarget) endpointAddr {
	a := ix.interfaceAddr(mt.Subnet, mt.IP, mt.SecurityGroups, "mount target "+mt.ID)
	a.mountTarget = mt
	return a
}

func (ix *index) instanceAddr(in *model.Instance) endpointAddr {
	a := ix.interfaceAddr(in.Subnet, in.PrivateIP, in.SecurityGroups, "instance "+in.ID)
	a.instance = in
	return a
}

// interfaceAddr is the address of an interface in a subnet: its IP when
// known, else the subnet's CIDR.
func (ix *index) interfaceAddr(subnet string, ip netip.Addr, sgs []string, what string) endpointAddr {
	s := ix.subnets[subnet]
	p := s.Prefix()
	if ip.IsValid() {
		p = netip.PrefixFrom(ip, ip.BitLen())
	}
	return endpointAddr{prefix: p, vpc: s.VPC, subnet: s.ID, az: s.AZ, sgs: sgs,
		label: what + " in " + s.ID + " (" + p.String() + ")"}
}

func describeAddrs(addrs []endpointAddr) string {
	parts := make([]string, len(addrs))
	for i, a := range addrs {
		parts[i] = a.String()
	}
	return strings.Join(parts, "; ")
}

// efsName splits "fs-ID.efs.REGION.amazonaws.com".
func efsName(host string) (fsID, region string, ok bool) {
	labels := strings.Split(host, ".")
	if len(labels) == 5 && strings.HasPrefix(labels[0], "fs-") && labels[1] == "efs" && labels[3] == "amazonaws" && labels[4] == "com" {
		return labels[0], labels[2], true
	}
	return "", "", false
}

// resolveEFS answers an EFS name with the mount target in the client's AZ
// (aws-rules 3.8.1).
func (ix *index) resolveEFS(vpc *model.VPC, az, host, fsID, region string) dnsResult {
	fs := ix.fileSystems[fsID]
	if fs == nil {
		return dnsFail(Unmodeled, Unknown, model.Pos{},
			"file system "+fsID+" is not in the input, so the model cannot tell where its mount targets are",
			"add the file system and its mount targets to the input")
	}
	if !vpc.EnableDNSHostnames {
		return dnsFail(DNSResolutionDisabled, Unreachable, vpc.Source,
			fmt.Sprintf("vpc %s has enable_dns_hostnames off; EFS names resolve only with both DNS attributes on (aws-rules 3.8.1)", vpc.ID),
			"set enable_dns_hostnames = true on vpc "+vpc.ID).
			fixing(model.KindVPC, vpc.ID, "dns_hostnames", "enable_dns_hostnames", "true")
	}
	var inVPC []string
	var undecided []model.Unknown // mount targets whose subnet the input does not describe
	for i := range fs.MountTargets {
		mt := &fs.MountTargets[i]
		s := ix.subnets[mt.Subnet]
		if u, ok := ix.unknownOf(model.KindMountTarget, mt.ID, "subnet"); s == nil && ok {
			undecided = append(undecided, u)
		}
		if s == nil || s.VPC != vpc.ID {
			continue
		}
		inVPC = append(inVPC, s.AZ)
		if s.AZ == az {
			a := ix.mountTargetAddr(mt)
			return dnsResult{addrs: []endpointAddr{a}, steps: []Step{{Type: StepDNS, Action: ActionResolved, Source: mt.Source, Rule: mt.ID,
				Detail: fmt.Sprintf("resolved %s to %s, the mount target in %s (aws-rules 3.8.1)", host, a, az)}}}
		}
	}
	if len(undecided) > 0 {
		u := undecided[0]
		return dnsFail(Unmodeled, Unknown, u.Source,
			fmt.Sprintf("file system %s has no mount target in %s that the input places, but the subnet of mount target %s is not known (%s), so it may be in %s", fs.ID, az, u.ID, u.Why, az),
			settingFix(u))
	}
	slices.Sort(inVPC)
	detail := fmt.Sprintf("file system %s has no mount target in vpc %s", fs.ID, vpc.ID)
	if len(inVPC) > 0 {
		detail = fmt.Sprintf("file system %s has mount targets only in %s, none in %s, so %s does not resolve there (aws-rules 3.8.1)", fs.ID, strings.Join(slices.Compact(inVPC), ", "), az, host)
	}
	return dnsFail(EFSNoMountTargetInAZ, Unreachable, fs.Source, detail,
		"add a mount target of "+fs.ID+" in a subnet of "+az+" (aws_efs_mount_target)")
}

// publicService returns the AWS service and region a public hostname
// belongs to, or "" for names outside amazonaws.com.
func publicService(host string) (service, region string) {
	rest, ok := strings.CutSuffix(host, ".amazonaws.com")
	if !ok {
		return "", ""
	}
	labels := strings.Split(rest, ".")
	n := len(labels)
	switch {
	case n >= 2 && labels[n-2] == "s3":
		return "s3", labels[n-1]
	case n == 3 && labels[0] == "api" && labels[1] == "ecr":
		return "ecr.api", labels[2]
	case n == 4 && labels[1] == "dkr" && labels[2] == "ecr":
		return "ecr.dkr", labels[3]
	case n == 2 && labels[0] == "ecs-a":
		return "ecs-agent", labels[1]
	case n == 2 && labels[0] == "ecs-t":
		return "ecs-telemetry", labels[1]
	case n == 2:
		return labels[0], labels[1]
	}
	return "", ""
}
