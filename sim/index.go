package sim

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim/policy"
)

// index holds a world with every lookup the engine needs precomputed:
// objects by ID, effective route tables with a longest-prefix-match index,
// DNS zones per VPC. It is built once per world (Run, New) and read many
// times.
type index struct {
	w *model.World

	vpcs        map[string]*model.VPC
	subnets     map[string]*model.Subnet
	routeTables map[string]*routeTable
	igws        map[string]*model.InternetGateway
	eigws       map[string]*model.EgressOnlyGateway
	nats        map[string]*model.NATGateway
	vgws        map[string]*model.VPNGateway
	instances   map[string]*model.Instance
	enis        map[string]*model.Instance // primary ENI ID -> instance
	endpoints   map[string]*model.Endpoint
	sgs         map[string]*model.SecurityGroup
	nacls       map[string]*model.NetworkACL
	prefixLists map[string]*model.PrefixList
	dhcp        map[string]*model.DHCPOptions
	tgws        map[string]*model.TransitGateway
	tgwAttach   map[string]*model.TransitGatewayAttachment
	tgwTables   map[string]*tgwTable
	peerings    map[string]*model.Peering
	clusters    map[string]*model.Cluster
	taskDefs    map[string]*model.TaskDefinition
	asgs        map[string]*model.AutoScalingGroup
	buckets     map[string]*model.Bucket     // by bucket name
	fileSystems map[string]*model.FileSystem // by file system ID ("fs-...")

	// workloads are the services of the world, then one standalone task
	// for each task definition that no service runs (orphans).
	workloads []*model.Service
	orphans   map[*model.Service]bool

	// mainTable is the main route table of each VPC (possibly implicit).
	mainTable map[string]*routeTable
	// zones are the DNS zones each VPC's resolver sees, built lazily.
	zones map[string]*zoneSet
	// tgwAttachByVPC maps transit gateway ID + "|" + VPC ID to its attachment.
	tgwAttachByVPC map[string]*model.TransitGatewayAttachment
	// interfaceEndpoints maps VPC ID + "|" + service name to the VPC's
	// interface endpoints for that service.
	interfaceEndpoints map[string][]*model.Endpoint
	// endpointsByService maps a service name to its interface endpoints.
	endpointsByService map[string][]*model.Endpoint
	// s3GatewayVPC records VPCs that have an S3 gateway endpoint.
	s3GatewayVPC map[string]bool
	// endpointENIs maps a concrete endpoint ENI address to its endpoint.
	addrOwners map[netip.Addr]addrOwner

	policies map[string]parsedPolicy
	// unknowns holds the input's undetermined settings by kind and ID.
	// The undetermined targets of routes are not here but in
	// routeUnknowns: they decide only the paths that select the route.
	unknowns map[string][]model.Unknown
	// routeUnknowns holds the undetermined route targets by table ID +
	// "|" + the route's Undetermined field.
	routeUnknowns map[string]model.Unknown
	// maybeZones lists per VPC the interface endpoints whose private DNS
	// zone may or may not exist, because their service name or private
	// DNS setting is not determined (aws-rules 3.2.9, proposed).
	maybeZones map[string][]*model.Endpoint
	// maybeGateways lists per route table the gateway endpoints whose
	// service name is not determined: each may or may not add the S3 (or
	// DynamoDB) prefix-list route (3.2.9, 4.3.1).
	maybeGateways map[string][]*model.Endpoint
	// resolverIx holds the Resolver rules and DNS Firewall rule groups
	// by VPC (aws-rules 3.3.5, 3.9).
	resolverIx *resolverIndex
	// defaultSG maps a VPC to its default security group (possibly implicit).
	defaultSG map[string]string
	// sgLabels caches the descriptions of security group rules.
	sgLabels map[sgRuleKey]string
	// aclPairs memoizes the network ACL checks of aclPair by what they
	// depend on (aclPairKey).
	aclPairs map[aclPairKey]*aclPairResult
	// matches and references memoize the parses of ARNs and image
	// references (submatch, checkReference).
	matches    map[matchKey][]string
	references map[string]error
	// policyAnswers memoizes endpoint policy decisions (policyDecision).
	policyAnswers map[policyKey]policyAnswer
	// noRouteFixes memoizes the fixes of NO_ROUTE (noRouteFixOnce).
	noRouteFixes map[noRouteFixKey]Fix
	// callLists memoizes the calls of workloads (callsOnce).
	callLists map[callsKey]*callsMemo
	// resolverNames memoizes the resolver hop's name by VPC.
	resolverNames map[string]string
	// phraseSteps memoizes the steps that phraseStep shares.
	phraseSteps map[stepKey][]Step
	// prev and dirty are the index of the world before a change and
	// the keys the change can affect, for Rerun (see inherit); nil
	// otherwise.
	prev  *index
	dirty map[depKey]bool
	// scratch is the tracer that traceResolved reuses for the addresses
	// whose paths it does not keep.
	scratch *tracer
	// placeBuf holds the placements of the workload being traced
	// (placements).
	placeBuf []placement
	// spare holds the tracers of paths that traceResolved is done with,
	// for newTracer to reuse.
	spare []*tracer
	// pathHints size the next tracer's hops and steps, by the kind of
	// the call it traces (see hintFor).
	pathHints map[CallKind]*pathHint
	// sgSteps memoizes security group checks (see sgStepOf).
	sgSteps map[sgStepKey]*sgStep
	// dnsAnswers memoizes resolve by VPC, AZ and host (see resolveOnce).
	dnsAnswers map[dnsKey]*dnsMemo
	// traces memoizes network traces (see traceKey).
	traces map[traceKey]*traced
	diags  model.Diagnostics
	// rec collects what the result being traced depends on (deps.go).
	rec *deps
	// recBufs are the recorders that recording is done with, for it to
	// reuse.
	recBufs []*deps
	// bpa holds the VPC Block Public Access settings (publicaccess.go).
	bpa bpaIndex
	// nfw holds the Network Firewall objects (netfirewall.go).
	nfw nfwIndex
}

// addrOwner says what a concrete private address in the world belongs to.
type addrOwner struct {
	endpoint    *model.Endpoint
	mountTarget *model.MountTarget
	instance    *model.Instance
	subnet      string
}

func byID[T any](items []T, id func(*T) string) map[string]*T {
	m := make(map[string]*T, len(items))
	for i := range items {
		m[id(&items[i])] = &items[i]
	}
	return m
}

func newIndex(w *model.World) *index {
	ix := &index{
		w:           w,
		vpcs:        byID(w.VPCs, func(o *model.VPC) string { return o.ID }),
		subnets:     byID(w.Subnets, func(o *model.Subnet) string { return o.ID }),
		igws:        byID(w.InternetGateways, func(o *model.InternetGateway) string { return o.ID }),
		eigws:       byID(w.EgressOnlyGateways, func(o *model.EgressOnlyGateway) string { return o.ID }),
		nats:        byID(w.NATGateways, func(o *model.NATGateway) string { return o.ID }),
		vgws:        byID(w.VPNGateways, func(o *model.VPNGateway) string { return o.ID }),
		instances:   byID(w.Instances, func(o *model.Instance) string { return o.ID }),
		endpoints:   byID(w.Endpoints, func(o *model.Endpoint) string { return o.ID }),
		sgs:         byID(w.SecurityGroups, func(o *model.SecurityGroup) string { return o.ID }),
		nacls:       byID(w.NetworkACLs, func(o *model.NetworkACL) string { return o.ID }),
		prefixLists: byID(w.PrefixLists, func(o *model.PrefixList) string { return o.ID }),
		dhcp:        byID(w.DHCPOptions, func(o *model.DHCPOptions) string { return o.ID }),
		tgws:        byID(w.TransitGateways, func(o *model.TransitGateway) string { return o.ID }),
		tgwAttach:   byID(w.TransitGatewayAttachments, func(o *model.TransitGatewayAttachment) string { return o.ID }),
		peerings:    byID(w.Peerings, func(o *model.Peering) string { return o.ID }),
		clusters:    byID(w.Clusters, func(o *model.Cluster) string { return o.ID }),
		taskDefs:    byID(w.TaskDefinitions, func(o *model.TaskDefinition) string { return o.ID }),
		asgs:        byID(w.AutoScalingGroups, func(o *model.AutoScalingGroup) string { return o.ID }),
		buckets:     byID(w.Buckets, func(o *model.Bucket) string { return o.Name }),
		fileSystems: byID(w.FileSystems, func(o *model.FileSystem) string { return o.FileSystemID }),
		zones:       map[string]*zoneSet{},
		// The memos of a Run grow with the subnets that calls leave from
		// and pass: room for a few entries each from the start spares
		// the maps most of their growing, which rehashes the keys. The
		// traces grow with the services' calls too: a service makes
		// about six.
		traces:        make(map[traceKey]*traced, max(4*len(w.Subnets), 6*len(w.Services))),
		aclPairs:      make(map[aclPairKey]*aclPairResult, 2*len(w.Subnets)),
		sgSteps:       make(map[sgStepKey]*sgStep, len(w.Subnets)),
		pathHints:     map[CallKind]*pathHint{},
		matches:       map[matchKey][]string{},
		resolverNames: make(map[string]string, len(w.VPCs)),
		phraseSteps:   make(map[stepKey][]Step, 2*len(w.Subnets)),
		callLists:     map[callsKey]*callsMemo{},
		noRouteFixes:  map[noRouteFixKey]Fix{},
		policyAnswers: map[policyKey]policyAnswer{},
		references:    map[string]error{},
		dnsAnswers:    map[dnsKey]*dnsMemo{},
		sgLabels:      map[sgRuleKey]string{},
		addrOwners:    map[netip.Addr]addrOwner{},
		bpa:           newBPAIndex(w),
		nfw:           newNFWIndex(w),
	}
	ix.enis = map[string]*model.Instance{}
	for i := range w.Instances {
		in := &w.Instances[i]
		if in.NetworkInterface != "" {
			ix.enis[in.NetworkInterface] = in
		}
		if in.PrivateIP.IsValid() {
			ix.addrOwners[in.PrivateIP] = addrOwner{instance: in, subnet: in.Subnet}
		}
	}
	ix.s3GatewayVPC = map[string]bool{}
	ix.interfaceEndpoints = map[string][]*model.Endpoint{}
	ix.endpointsByService = map[string][]*model.Endpoint{}
	for i := range w.Endpoints {
		ep := &w.Endpoints[i]
		if ep.Type == model.EndpointInterface && ep.ServiceName != "" {
			key := ep.VPC + "|" + ep.ServiceName
			ix.interfaceEndpoints[key] = append(ix.interfaceEndpoints[key], ep)
			ix.endpointsByService[ep.ServiceName] = append(ix.endpointsByService[ep.ServiceName], ep)
		}
		if _, svc, _ := model.SplitServiceName(ep.ServiceName); svc == "s3" && ep.Type == model.EndpointGateway {
			ix.s3GatewayVPC[ep.VPC] = true
		}
		for subnet, ip := range ep.IPs {
			ix.addrOwners[ip] = addrOwner{endpoint: ep, subnet: subnet}
		}
	}
	for i := range w.FileSystems {
		for j := range w.FileSystems[i].MountTargets {
			mt := &w.FileSystems[i].MountTargets[j]
			if mt.IP.IsValid() {
				ix.addrOwners[mt.IP] = addrOwner{mountTarget: mt, subnet: mt.Subnet}
			}
		}
	}
	ix.tgwAttachByVPC = map[string]*model.TransitGatewayAttachment{}
	for i := range w.TransitGatewayAttachments {
		a := &w.TransitGatewayAttachments[i]
		ix.tgwAttachByVPC[a.TransitGateway+"|"+a.VPC] = a
	}
	ix.unknowns = map[string][]model.Unknown{}
	for _, u := range w.Unknowns {
		key := string(u.Kind) + "|" + u.ID
		ix.unknowns[key] = append(ix.unknowns[key], u)
	}
	ix.addWorkloads()
	ix.addDefaultSecurityGroups()
	ix.buildRouteTables()
	ix.buildTGWTables()
	ix.buildZones()
	return ix
}

// fork returns a copy of ix for another goroutine: it shares the indexes,
// which tracing only reads, and has caches of its own: memoized traces,
// parsed policies, rule labels, diagnostics and the dependency recorder.
func (ix *index) fork() *index {
	c := *ix
	c.traces = map[traceKey]*traced{}
	c.aclPairs = map[aclPairKey]*aclPairResult{}
	c.sgSteps = map[sgStepKey]*sgStep{}
	c.scratch, c.spare, c.placeBuf = nil, nil, nil
	c.pathHints = map[CallKind]*pathHint{}
	c.resolverNames = map[string]string{}
	c.phraseSteps = map[stepKey][]Step{}
	c.callLists = map[callsKey]*callsMemo{}
	c.noRouteFixes = map[noRouteFixKey]Fix{}
	c.policyAnswers = map[policyKey]policyAnswer{}
	c.matches = map[matchKey][]string{}
	c.references = map[string]error{}
	c.dnsAnswers = map[dnsKey]*dnsMemo{}
	c.policies = nil
	c.sgLabels = map[sgRuleKey]string{}
	c.diags = nil
	c.rec, c.recBufs = nil, nil
	return &c
}

// region returns the region of a VPC.
func (ix *index) region(vpc *model.VPC) string {
	if vpc != nil && vpc.Region != "" {
		return vpc.Region
	}
	return ix.w.Region
}

// subnetTable returns the route table a subnet uses: its explicit
// association, else its VPC's main route table (4.1.1).
func (ix *index) subnetTable(s *model.Subnet) *routeTable {
	ix.touch(depVPC, s.VPC)
	if s.RouteTable != "" {
		if rt := ix.routeTables[s.RouteTable]; rt != nil {
			ix.touch(depVPC, rt.vpc)
			return rt
		}
	}
	return ix.mainTable[s.VPC]
}

// subnetACL returns the network ACL of a subnet, or nil for the VPC's
// implicit default ACL, which allows everything (5.2.1).
func (ix *index) subnetACL(s *model.Subnet) *model.NetworkACL {
	ix.touch(depVPC, s.VPC)
	if s.NetworkACL != "" {
		if a := ix.nacls[s.NetworkACL]; a != nil {
			ix.touch(depVPC, a.VPC)
		}
		return ix.nacls[s.NetworkACL]
	}
	if vpc := ix.vpcs[s.VPC]; vpc != nil && vpc.DefaultNetworkACL != "" {
		return ix.nacls[vpc.DefaultNetworkACL]
	}
	return nil
}

// routeTable is a route table with its effective routes: the declared
// routes, the implicit local routes (4.1.2) and the routes gateway
// endpoints add (4.3.1), indexed for longest-prefix match.
type routeTable struct {
	id       string
	source   model.Pos
	vpc      string
	implicit bool // an implicit main table the input did not declare

	routes []route
	// cidrs indexes the routes with CIDR destinations.
	cidrs prefixIndex
	// services maps an AWS-managed prefix list name ("com.amazonaws.R.s3")
	// to the routes whose destination is that list.
	services map[string][]int
	// publicUnsure lists routes to public CIDRs other than /0 that might
	// cover AWS service addresses (10.11).
	publicUnsure []int
}

// route is one effective route.
type route struct {
	model.Route
	// prefixList is set when the route came from a prefix list; the
	// destination is then one of its entries.
	prefixList string
	// endpoint is set for routes added by a gateway endpoint.
	endpoint string
	implied  bool // the local route AWS adds
	// text is the route's label, formatted once per world when the
	// table is indexed (indexRoutes); "" for a route not from an index.
	text string
}

// label names the route in steps, e.g. "0.0.0.0/0 -> nat-gateway nat-1".
func (r route) label() string {
	if r.text != "" {
		return r.text
	}
	return r.format()
}

// format builds the label of label.
func (r route) format() string {
	dest := r.Destination.String()
	if r.prefixList != "" {
		dest = r.prefixList
		if r.Destination.IsValid() {
			dest += " (" + r.Destination.String() + ")"
		}
	}
	switch {
	case r.Target == model.TargetLocal:
		return dest + " -> local"
	case r.Undetermined != "":
		target := strings.TrimSpace(string(r.Target) + " " + r.TargetID)
		if target == "" {
			target = "a target"
		}
		return dest + " -> " + target + " (not determined)"
	}
	return dest + " -> " + string(r.Target) + " " + r.TargetID
}

func (ix *index) buildRouteTables() {
	w := ix.w
	ix.routeTables = map[string]*routeTable{}
	ix.mainTable = map[string]*routeTable{}
	ix.routeUnknowns = map[string]model.Unknown{}
	for i := range w.RouteTables {
		rt := &w.RouteTables[i]
		t := &routeTable{id: rt.ID, source: rt.Source, vpc: rt.VPC}
		for _, r := range rt.Routes {
			t.routes = append(t.routes, route{Route: r})
			if r.Undetermined != "" {
				ix.routeUnknown(rt.ID, r.Undetermined)
			}
		}
		ix.routeTables[rt.ID] = t
	}
	for i := range w.VPCs {
		v := &w.VPCs[i]
		if t := ix.routeTables[v.MainRouteTable]; t != nil {
			ix.mainTable[v.ID] = t
			continue
		}
		// Every VPC has a main route table; one the input does not
		// describe holds only the local routes (4.1.1, 4.1.2).
		t := &routeTable{id: v.ID + " (main route table)", source: v.Source, vpc: v.ID, implicit: true}
		ix.mainTable[v.ID] = t
	}
	ix.maybeGateways = map[string][]*model.Endpoint{}
	for i := range w.Endpoints {
		ep := &w.Endpoints[i]
		if ep.Type != model.EndpointGateway {
			continue
		}
		if ep.ServiceName == "" {
			for _, id := range ep.RouteTables {
				ix.maybeGateways[id] = append(ix.maybeGateways[id], ep)
			}
			continue
		}
		for _, id := range ep.RouteTables {
			if t := ix.routeTables[id]; t != nil {
				t.routes = append(t.routes, route{
					Route: model.Route{
						Source:                ep.Source,
						DestinationPrefixList: ep.ServiceName,
						Target:                model.TargetGatewayEndpoint,
						TargetID:              ep.ID,
					},
					endpoint: ep.ID,
				})
			}
		}
	}
	tables := make([]*routeTable, 0, len(ix.routeTables)+len(ix.mainTable))
	for _, rt := range w.RouteTables {
		tables = append(tables, ix.routeTables[rt.ID])
	}
	for _, v := range w.VPCs {
		if t := ix.mainTable[v.ID]; t.implicit {
			tables = append(tables, t)
		}
	}
	for _, t := range tables {
		ix.addLocalRoutes(t)
		ix.indexRoutes(t)
	}
}

// unknownOf returns the World.Unknowns entry of field of an object.
func (ix *index) unknownOf(kind model.Kind, id, field string) (model.Unknown, bool) {
	for _, u := range ix.unknowns[string(kind)+"|"+id] {
		if u.Field == field {
			return u, true
		}
	}
	return model.Unknown{}, false
}

// routeUnknown moves the World.Unknowns entry of an undetermined route
// target from the table's unknowns, which block every path through the
// table, to routeUnknowns, which the paths that select the route read.
func (ix *index) routeUnknown(table, field string) {
	key := string(model.KindRouteTable) + "|" + table
	list := ix.unknowns[key]
	for i, u := range list {
		if u.Field == field {
			ix.routeUnknowns[table+"|"+field] = u
			list = slices.Delete(slices.Clone(list), i, i+1)
			break
		}
	}
	if len(list) == 0 {
		delete(ix.unknowns, key)
	} else {
		ix.unknowns[key] = list
	}
}

func (ix *index) addLocalRoutes(t *routeTable) {
	vpc := ix.vpcs[t.vpc]
	if vpc == nil {
		return
	}
	for _, c := range append(append([]netip.Prefix(nil), vpc.CIDRs...), vpc.IPv6CIDRs...) {
		declared := slices.ContainsFunc(t.routes, func(r route) bool {
			return r.Target == model.TargetLocal && r.Destination == c.Masked()
		})
		if !declared {
			t.routes = append(t.routes, route{
				Route:   model.Route{Source: vpc.Source, Destination: c.Masked(), Target: model.TargetLocal},
				implied: true,
			})
		}
	}
}

// indexRoutes fills the lookup structures of t. Prefix-list routes are
// expanded into their entries (4.2.2).
func (ix *index) indexRoutes(t *routeTable) {
	t.services = map[string][]int{}
	expanded := make([]route, 0, len(t.routes))
	for _, r := range t.routes {
		pl := r.DestinationPrefixList
		if pl == "" {
			expanded = append(expanded, r)
			continue
		}
		if model.IsAWSManagedPrefixList(pl) {
			r.prefixList = pl
			expanded = append(expanded, r)
			continue
		}
		list := ix.prefixLists[pl]
		if list == nil {
			continue
		}
		if list.AWSService != "" {
			r.prefixList = list.AWSService
			expanded = append(expanded, r)
			continue
		}
		for _, e := range list.Entries {
			er := r
			er.prefixList = pl
			er.Destination = e
			expanded = append(expanded, er)
		}
	}
	t.routes = expanded
	for i := range t.routes {
		t.routes[i].text = t.routes[i].format()
	}
	for i, r := range t.routes {
		switch {
		case r.Destination.IsValid():
			t.cidrs.add(r.Destination, i)
			if r.Destination.Addr().Is4() && r.Destination.Bits() > 0 && classifyPublic(r.Destination) == coverMaybe {
				t.publicUnsure = append(t.publicUnsure, i)
			}
		case r.prefixList != "":
			t.services[r.prefixList] = append(t.services[r.prefixList], i)
		}
	}
}

// tgwTable is a transit gateway route table with propagated routes added.
type tgwTable struct {
	id     string
	source model.Pos
	tgw    string
	routes []tgwRoute
	cidrs  prefixIndex
}

type tgwRoute struct {
	model.TransitGatewayRoute
	propagated bool
	// text is the route's label, formatted once per world when the
	// table is built (buildTGWTables).
	text string
}

// label names the route in steps, e.g. "10.0.0.0/16 -> tgw-attach-1
// (propagated)".
func (r tgwRoute) label() string {
	if r.text != "" {
		return r.text
	}
	return r.format()
}

// format builds the label of label.
func (r tgwRoute) format() string {
	switch {
	case r.Blackhole:
		return r.Destination.String() + " -> blackhole"
	case r.propagated:
		return r.Destination.String() + " -> " + r.Attachment + " (propagated)"
	}
	return r.Destination.String() + " -> " + r.Attachment + " (static)"
}

// tgwAssociation returns the route table an attachment is associated with:
// its explicit one, else the transit gateway's default table when default
// association is on (4.8.3).
func (ix *index) tgwAssociation(a *model.TransitGatewayAttachment) *tgwTable {
	if a.RouteTable != "" {
		return ix.tgwTables[a.RouteTable]
	}
	tgw := ix.tgws[a.TransitGateway]
	if tgw != nil && tgw.DefaultAssociation && a.DefaultAssociation.Or(true) && tgw.DefaultRouteTable != "" {
		return ix.tgwTables[tgw.DefaultRouteTable]
	}
	return nil
}

func (ix *index) buildTGWTables() {
	w := ix.w
	ix.tgwTables = map[string]*tgwTable{}
	for i := range w.TransitGatewayRouteTables {
		rt := &w.TransitGatewayRouteTables[i]
		t := &tgwTable{id: rt.ID, source: rt.Source, tgw: rt.TransitGateway}
		for _, r := range rt.Routes {
			t.routes = append(t.routes, tgwRoute{TransitGatewayRoute: r})
		}
		ix.tgwTables[rt.ID] = t
	}
	for i := range w.TransitGatewayAttachments {
		a := &w.TransitGatewayAttachments[i]
		targets := slices.Clone(a.PropagateTo)
		if tgw := ix.tgws[a.TransitGateway]; tgw != nil && tgw.DefaultPropagation && a.DefaultPropagation.Or(true) && tgw.DefaultRouteTable != "" {
			targets = append(targets, tgw.DefaultRouteTable)
		}
		slices.Sort(targets)
		targets = slices.Compact(targets)
		vpc := ix.vpcs[a.VPC]
		if vpc == nil {
			continue
		}
		for _, id := range targets {
			t := ix.tgwTables[id]
			if t == nil {
				continue
			}
			for _, c := range vpc.CIDRs {
				t.routes = append(t.routes, tgwRoute{
					TransitGatewayRoute: model.TransitGatewayRoute{Source: a.Source, Destination: c.Masked(), Attachment: a.ID},
					propagated:          true,
				})
			}
		}
	}
	for _, t := range ix.tgwTables {
		for i, r := range t.routes {
			t.cidrs.add(r.Destination, i)
			t.routes[i].text = r.format()
		}
	}
}

// lookup returns the best transit gateway route for dst (4.8.2): longest
// prefix, static before propagated.
func (t *tgwTable) lookup(dst netip.Prefix) (tgwRoute, bool) {
	idx := t.cidrs.longest(dst)
	if len(idx) == 0 {
		return tgwRoute{}, false
	}
	best := t.routes[idx[0]]
	for _, i := range idx[1:] {
		if best.propagated && !t.routes[i].propagated {
			best = t.routes[i]
		}
	}
	return best, true
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// serviceOf returns the short service name and region of an endpoint.
func serviceOf(ep *model.Endpoint) (service, region string) {
	region, service, _ = model.SplitServiceName(ep.ServiceName)
	return service, region
}

// lower lower-cases and trims a trailing dot from a DNS name.
func lower(name string) string { return strings.ToLower(strings.TrimSuffix(name, ".")) }

// policy returns the parsed policy of an endpoint, parsing it once.
func (ix *index) policy(ep *model.Endpoint) (*policy.Policy, error) {
	if ix.policies == nil {
		ix.policies = map[string]parsedPolicy{}
	}
	ix.touch(depEndpoint, ep.ID)
	p, ok := ix.policies[ep.ID]
	if !ok {
		p.policy, p.err = policy.Parse(ep.Policy)
		ix.policies[ep.ID] = p
	}
	if p.err != nil {
		// Reported by every trace that reads it, so that a workload's
		// diagnostics do not depend on which trace parsed it first.
		ix.diag(model.SeverityError, "invalid-endpoint-policy", ep.PolicySource, "the policy of endpoint %s is not a valid policy document: %v", ep.ID, p.err)
	}
	return p.policy, p.err
}

type parsedPolicy struct {
	policy *policy.Policy
	err    error
}

// addDefaultSecurityGroups gives every VPC whose input names no default
// security group the one AWS creates: all ingress from its own members,
// all egress (aws-rules 5.1.5). Interfaces that name no group get it.
func (ix *index) addDefaultSecurityGroups() {
	all := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
	ix.defaultSG = map[string]string{}
	for i := range ix.w.VPCs {
		v := &ix.w.VPCs[i]
		if v.DefaultSecurityGroup != "" {
			ix.defaultSG[v.ID] = v.DefaultSecurityGroup
			continue
		}
		id := "default security group of " + v.ID
		ix.sgs[id] = &model.SecurityGroup{ID: id, Source: v.Source, VPC: v.ID,
			Ingress: []model.SGRule{{Source: v.Source, Protocol: model.ProtocolAll, Self: true, Description: "AWS default: members of the group"}},
			Egress:  []model.SGRule{{Source: v.Source, Protocol: model.ProtocolAll, CIDRs: all, Description: "AWS default: all egress"}},
		}
		ix.defaultSG[v.ID] = id
	}
}

// addWorkloads lists the world's services, and a standalone task for each
// task definition that no service runs: the input declares it, so it is
// reported (with calls that cannot be traced) rather than left out. A
// task definition a service may run (TaskDefinitionCandidates) is not
// taken to be unused.
func (ix *index) addWorkloads() {
	w := ix.w
	run := map[string]bool{}
	for i := range w.Services {
		svc := &w.Services[i]
		ix.workloads = append(ix.workloads, svc)
		run[svc.TaskDefinition] = true
		for _, id := range svc.TaskDefinitionCandidates {
			run[id] = true // it may be the one the service runs
		}
	}
	ix.orphans = map[*model.Service]bool{}
	for i := range w.TaskDefinitions {
		td := &w.TaskDefinitions[i]
		if run[td.ID] {
			continue
		}
		svc := &model.Service{ID: td.ID, Source: td.Source, Name: td.Family, TaskDefinition: td.ID, Standalone: true}
		ix.workloads = append(ix.workloads, svc)
		ix.orphans[svc] = true
	}
}

// recordKey is the key of a workload's record: its service's ID, or for a
// task definition no service runs, the task definition's ID marked apart
// (a service and a task definition may share an ID).
func (ix *index) recordKey(svc *model.Service) string {
	if ix.orphans[svc] {
		return "task definition|" + svc.ID
	}
	return svc.ID
}
