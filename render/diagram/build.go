package diagram

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// Options choose what Build draws.
type Options struct {
	// Workload is the name of the workload whose calls are drawn; empty
	// means the first workload that would not start (OutcomeFails), else
	// the first workload of the report (see DefaultWorkload).
	Workload string
	// Call, when set, draws only the calls of that kind.
	Call string
	// Placement, when set, draws only the placements in that subnet.
	Placement string
	// PathOnly draws only the components the drawn calls pass, in their
	// region, VPC, AZ and subnet boxes, and leaves the rest of the network
	// out.
	PathOnly bool
}

// DefaultWorkload is the workload Build draws when Options name none: the
// first that would not start, else the first; nil when the report has no
// workloads.
func DefaultWorkload(r sim.Report) *sim.WorkloadResult {
	for i := range r.Workloads {
		if r.Workloads[i].Outcome == sim.OutcomeFails {
			return &r.Workloads[i]
		}
	}
	if len(r.Workloads) == 0 {
		return nil
	}
	return &r.Workloads[0]
}

// Build draws the world w and the traced calls of one workload of r. It
// fails when Options name a workload, call kind or placement the report
// does not have. The result depends only on its inputs.
func Build(w *model.World, r sim.Report, opts Options) (*Graph, error) {
	if w == nil {
		return nil, fmt.Errorf("diagram: no world")
	}
	b := newBuilder(w)
	b.network()
	wl, err := pickWorkload(r, opts.Workload)
	if err != nil {
		return nil, err
	}
	title := "vpctrace: network only (no workloads)"
	if wl != nil {
		calls, err := pickCalls(wl, opts)
		if err != nil {
			return nil, err
		}
		b.workload = wl.Name
		for _, c := range calls {
			b.service(c.Call)
			for _, p := range c.Placements {
				if opts.Placement != "" && p.Subnet != opts.Placement {
					continue
				}
				b.path(c, p)
			}
		}
		title = workloadTitle(wl, opts)
	}
	if opts.PathOnly {
		b.prune(b.root)
		title += " · path only"
	}
	g := b.finish(title)
	g.Workload = b.workload
	return g, nil
}

func workloadTitle(wl *sim.WorkloadResult, opts Options) string {
	what := wl.LaunchType
	if wl.PlatformVersion != "" {
		what += " " + wl.PlatformVersion
	}
	starts := "starts"
	switch {
	case wl.Outcome == sim.OutcomeUnknown && !wl.Traced:
		starts = "not traced"
	case wl.Outcome == sim.OutcomeUnknown:
		starts = "cannot be told"
		if wl.StoppedBy != "" {
			starts += " (" + string(wl.StoppedBy) + ")"
		}
	case !wl.Starts:
		starts = "does not start"
		if wl.StoppedBy != "" {
			starts += " (" + string(wl.StoppedBy) + ")"
		}
	}
	t := fmt.Sprintf("vpctrace: workload %s · %s · %s", wl.Name, what, starts)
	if opts.Call != "" {
		t += " · call " + opts.Call
	}
	if opts.Placement != "" {
		t += " · placement " + opts.Placement
	}
	return t
}

func pickWorkload(r sim.Report, name string) (*sim.WorkloadResult, error) {
	if name == "" {
		return DefaultWorkload(r), nil
	}
	names := make([]string, len(r.Workloads))
	for i := range r.Workloads {
		if r.Workloads[i].Name == name {
			return &r.Workloads[i], nil
		}
		names[i] = r.Workloads[i].Name
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no workload %q: the input has no workloads", name)
	}
	return nil, fmt.Errorf("no workload %q; the workloads are %s", name, strings.Join(names, ", "))
}

func pickCalls(wl *sim.WorkloadResult, opts Options) ([]sim.CallResult, error) {
	var calls []sim.CallResult
	var kinds []string
	subnets := map[string]bool{}
	for _, c := range wl.Calls {
		kinds = append(kinds, string(c.Kind))
		if opts.Call != "" && string(c.Kind) != opts.Call {
			continue
		}
		calls = append(calls, c)
		for _, p := range c.Placements {
			subnets[p.Subnet] = true
		}
	}
	if opts.Call != "" && len(calls) == 0 {
		slices.Sort(kinds)
		return nil, fmt.Errorf("workload %s makes no %q call; its calls are %s", wl.Name, opts.Call, strings.Join(slices.Compact(kinds), ", "))
	}
	if opts.Placement != "" && !subnets[opts.Placement] {
		list := make([]string, 0, len(subnets))
		for s := range subnets {
			list = append(list, s)
		}
		slices.Sort(list)
		return nil, fmt.Errorf("workload %s has no placement in subnet %q; its placements are %s", wl.Name, opts.Placement, strings.Join(list, ", "))
	}
	return calls, nil
}

// builder accumulates clusters, nodes and edges keyed by identity; finish
// sorts them and assigns synthetic IDs.
type builder struct {
	w        *model.World
	workload string
	root     *Cluster
	clusters map[string]*Cluster // by path of keys
	nodes    map[string]*Node
	edges    map[edgeKey]*Edge
	labels   map[edgeKey]map[string]bool

	subnets   map[string]*model.Subnet
	vpcs      map[string]*model.VPC
	services  *Cluster
	internet  *Node
	hasIGW    bool
	routeTbls map[string]bool
}

type edgeKey struct {
	from, to string
	status   Status
	final    bool
}

func newBuilder(w *model.World) *builder {
	b := &builder{w: w, root: &Cluster{}, clusters: map[string]*Cluster{}, nodes: map[string]*Node{},
		edges: map[edgeKey]*Edge{}, labels: map[edgeKey]map[string]bool{},
		subnets: map[string]*model.Subnet{}, vpcs: map[string]*model.VPC{}, routeTbls: map[string]bool{}}
	for i := range w.VPCs {
		b.vpcs[w.VPCs[i].ID] = &w.VPCs[i]
	}
	for i := range w.Subnets {
		b.subnets[w.Subnets[i].ID] = &w.Subnets[i]
	}
	for _, rt := range w.RouteTables {
		b.routeTbls[rt.ID] = true
	}
	return b
}

// child returns parent's sub-cluster with key, creating it.
func (b *builder) child(parent *Cluster, kind, key string, label ...string) *Cluster {
	path := parent.Key + "\x00" + key
	if c := b.clusters[path]; c != nil {
		return c
	}
	c := &Cluster{Kind: kind, Key: key, Label: label}
	b.clusters[path] = c
	parent.Clusters = append(parent.Clusters, c)
	// the path is the map key; children need their own full path
	c.Key = path
	return c
}

func (b *builder) regionOf(vpc *model.VPC) string {
	if vpc != nil && vpc.Region != "" {
		return vpc.Region
	}
	if b.w.Region != "" {
		return b.w.Region
	}
	return "region unknown"
}

func (b *builder) regionCluster(region string) *Cluster {
	return b.child(b.root, "region", "1region:"+region, "Region "+region)
}

func (b *builder) vpcCluster(id string) *Cluster {
	vpc := b.vpcs[id]
	label := []string{"VPC " + id}
	if vpc != nil {
		var cidrs []string
		for _, p := range vpc.CIDRs {
			cidrs = append(cidrs, p.String())
		}
		for _, p := range vpc.IPv6CIDRs {
			cidrs = append(cidrs, p.String())
		}
		if len(cidrs) > 0 {
			label = append(label, strings.Join(cidrs, ", "))
		}
	} else {
		label[0] += " (not in the input)"
	}
	return b.child(b.regionCluster(b.regionOf(vpc)), "vpc", "vpc:"+id, label...)
}

// subnetCluster is the subnet's box in its AZ box in its VPC box; nil when
// the subnet is not in the model.
func (b *builder) subnetCluster(id string) *Cluster {
	s := b.subnets[id]
	if s == nil {
		return nil
	}
	az := b.child(b.vpcCluster(s.VPC), "az", "az:"+s.AZ, "AZ "+s.AZ)
	label := []string{"subnet " + s.ID, s.Prefix().String()}
	rt := s.RouteTable
	if rt == "" {
		if v := b.vpcs[s.VPC]; v != nil && v.MainRouteTable != "" {
			rt = v.MainRouteTable + " (main)"
		}
	}
	if rt != "" {
		label = append(label, "route table "+rt)
	}
	return b.child(az, "subnet", "subnet:"+id, label...)
}

// node returns the node with key, creating it in c.
func (b *builder) node(c *Cluster, key, kind string, label ...string) *Node {
	if n := b.nodes[key]; n != nil {
		return n
	}
	n := &Node{Key: key, Kind: kind, Label: label}
	b.nodes[key] = n
	if c == nil {
		c = b.root
	}
	c.Nodes = append(c.Nodes, n)
	return n
}

// network draws every component of the world.
func (b *builder) network() {
	w := b.w
	for _, v := range w.VPCs {
		b.vpcCluster(v.ID)
	}
	for _, s := range w.Subnets {
		b.subnetCluster(s.ID)
	}
	for _, rt := range w.RouteTables {
		var eps []string
		for _, ep := range w.Endpoints {
			if ep.Type == model.EndpointGateway && slices.Contains(ep.RouteTables, rt.ID) {
				eps = append(eps, ep.ID)
			}
		}
		label := []string{"route table " + rt.ID}
		if len(eps) > 0 {
			label = append(label, "+ gateway endpoint "+strings.Join(eps, ", "))
		}
		b.node(b.vpcCluster(rt.VPC), "rt:"+rt.ID, "route-table", label...)
	}
	for _, g := range w.InternetGateways {
		if g.VPC == "" {
			b.node(b.regionCluster(b.regionOf(nil)), "igw:"+g.ID, "igw", "internet gateway "+g.ID, "(detached)")
			continue
		}
		b.hasIGW = true
		b.node(b.vpcCluster(g.VPC), "igw:"+g.ID, "igw", "internet gateway "+g.ID)
	}
	for _, g := range w.EgressOnlyGateways {
		b.hasIGW = true
		b.node(b.vpcCluster(g.VPC), "eigw:"+g.ID, "eigw", "egress-only gateway "+g.ID)
	}
	for _, g := range w.VPNGateways {
		b.node(b.vpcCluster(g.VPC), "vgw:"+g.ID, "vgw", "VPN gateway "+g.ID)
	}
	for _, n := range w.NATGateways {
		what := "NAT gateway " + n.ID
		if n.Private {
			what += " (private)"
		}
		b.node(b.subnetCluster(n.Subnet), "nat:"+n.ID, "nat", what)
	}
	for _, in := range w.Instances {
		kind, what := "instance", "instance "+in.ID
		switch {
		case in.Cluster != "":
			what = "container instance " + in.ID
		case in.SourceDestCheck == model.False:
			kind, what = "nat-instance", "NAT instance "+in.ID
		}
		b.node(b.subnetCluster(in.Subnet), "inst:"+in.ID, kind, what)
	}
	for _, ep := range w.Endpoints {
		switch ep.Type {
		case model.EndpointGateway:
			label := []string{"gateway endpoint " + ep.ID, shortService(ep.ServiceName)}
			if len(ep.RouteTables) > 0 {
				label = append(label, "on "+strings.Join(ep.RouteTables, ", "))
			}
			b.node(b.vpcCluster(ep.VPC), "gwep:"+ep.ID, "gateway-ep", label...)
		default:
			for _, s := range ep.Subnets {
				label := []string{"endpoint " + ep.ID + " ENI", shortService(ep.ServiceName)}
				if !ep.PrivateDNS {
					label = append(label, "private DNS off")
				}
				b.node(b.subnetCluster(s), "eni:"+ep.ID+"@"+s, "endpoint-eni", label...)
			}
		}
	}
	for _, fs := range w.FileSystems {
		for _, mt := range fs.MountTargets {
			b.node(b.subnetCluster(mt.Subnet), "mt:"+mt.ID, "mount-target", "EFS mount target "+mt.ID, fs.FileSystemID)
		}
	}
	for _, t := range w.TransitGateways {
		b.node(b.regionCluster(b.regionOf(nil)), "tgw:"+t.ID, "tgw", "transit gateway "+t.ID)
	}
	for _, a := range w.TransitGatewayAttachments {
		b.node(b.vpcCluster(a.VPC), "tgwatt:"+a.ID, "tgw-att", "TGW attachment "+a.ID, "to "+a.TransitGateway)
	}
	for _, p := range w.Peerings {
		state := ""
		if !p.Active {
			state = " (not active)"
		}
		b.node(b.regionCluster(b.regionOf(b.vpcs[p.VPC])), "pcx:"+p.ID, "peering", "peering "+p.ID+state, p.VPC+" ⇄ "+p.PeerVPC)
	}
	b.services = b.child(b.root, "services", "2services", "outside the VPCs: AWS services and the internet")
	if b.hasIGW {
		b.internetNode()
	}
}

func (b *builder) internetNode() *Node {
	if b.internet == nil {
		b.internet = b.node(b.services, "0internet", "internet", "Internet")
	}
	return b.internet
}

// serviceNames are readable names of endpoint services.
var serviceNames = map[string]string{
	"ecr.api":        "ECR API",
	"ecr.dkr":        "ECR registry",
	"s3":             "S3",
	"logs":           "CloudWatch Logs",
	"ssm":            "SSM Parameter Store",
	"secretsmanager": "Secrets Manager",
	"ssmmessages":    "SSM Messages (ECS Exec)",
	"ecs":            "ECS",
	"ecs-agent":      "ECS agent",
	"ecs-telemetry":  "ECS telemetry",
	"kms":            "KMS",
	"sts":            "STS",
}

// shortService turns "com.amazonaws.REGION.ecr.api" into "ecr.api".
func shortService(name string) string {
	parts := strings.SplitN(name, ".", 4)
	if len(parts) == 4 && parts[0] == "com" && parts[1] == "amazonaws" {
		return parts[3]
	}
	return name
}

// service returns the node of the service a call reaches.
func (b *builder) service(c sim.Call) *Node {
	if c.Service == "" {
		if c.Kind == sim.CallEFS {
			return b.node(b.services, "svc:"+c.Host, "service", "EFS", c.Host)
		}
		if c.Kind == sim.CallPTCUpstream {
			// The upstream of a pull through cache (aws-rules 1.2.12).
			return b.node(b.services, "svc:"+c.Host, "service", "pull through cache upstream (internet)", c.Host)
		}
		return b.node(b.services, "svc:"+c.Host, "service", "registry (internet)", c.Host)
	}
	short := shortService(c.Service)
	name := serviceNames[short]
	if name == "" {
		name = short
	}
	return b.node(b.services, "svc:"+c.Service, "service", name, c.Host)
}

// origin is the node a placement's call leaves from.
func (b *builder) origin(c sim.CallResult, p sim.PlacementResult) *Node {
	switch c.Origin {
	case sim.OriginFargatePlatform:
		return b.node(b.regionCluster(b.regionOf(nil)), "fargate", "fargate", "Fargate platform interface", "(outside your VPC)")
	case sim.OriginInstance:
		host := p.Subnet
		if p.HostSubnet != "" {
			host = p.HostSubnet
		}
		for _, h := range p.Hops {
			if h.Kind == sim.HopContainerInstance {
				id := h.ID
				if n := b.nodes["inst:"+id]; n != nil {
					return n
				}
				return b.node(b.subnetCluster(host), "ci:"+id+"@"+host, "instance", "container instance "+id, "("+b.workload+")")
			}
		}
		return b.node(b.subnetCluster(host), "ci:@"+host, "instance", "container instance", "("+b.workload+")")
	}
	return b.node(b.subnetCluster(p.Subnet), "task:"+p.Subnet, "task", "task ENI", b.workload)
}

// hopNode maps a hop to its node. onPath says whether the hop is a
// component packets pass (a route table, a gateway) rather than a check
// made along the way (DNS, a network ACL, a return route), which is drawn
// only when it blocks the call.
func (b *builder) hopNode(h sim.Hop, c sim.CallResult, p sim.PlacementResult, origin *Node) (n *Node, onPath bool) {
	vpcOf := func() *Cluster {
		if s := b.subnets[p.Subnet]; s != nil {
			return b.vpcCluster(s.VPC)
		}
		return nil
	}
	switch h.Kind {
	case sim.HopTaskENI, sim.HopContainerInstance, sim.HopPlatform:
		return origin, h.Kind != sim.HopPlatform
	case sim.HopFargatePlatformENI:
		return origin, true
	case sim.HopDNSResolver:
		return b.node(vpcOf(), "dns:"+h.Component, "other", "DNS resolver", h.Component), false
	case sim.HopRouteTable, sim.HopReturnRouteTable:
		onPath = h.Kind == sim.HopRouteTable
		if b.routeTbls[h.Component] {
			return b.nodes["rt:"+h.Component], onPath
		}
		if n := b.implicitMainTable(h.Component); n != nil {
			return n, onPath
		}
	case sim.HopNATGateway:
		if n := b.nodes["nat:"+h.Component]; n != nil {
			return n, true
		}
	case sim.HopNATInstance:
		if n := b.nodes["inst:"+h.Component]; n != nil {
			return n, true
		}
	case sim.HopInternetGateway:
		if n := b.nodes["igw:"+h.Component]; n != nil {
			return n, true
		}
	case sim.HopEgressOnlyGateway:
		if n := b.nodes["eigw:"+h.Component]; n != nil {
			return n, true
		}
	case sim.HopGatewayEndpoint:
		if n := b.nodes["gwep:"+h.Component]; n != nil {
			return n, true
		}
	case sim.HopTransitGateway:
		if n := b.nodes["tgw:"+h.Component]; n != nil {
			return n, true
		}
	case sim.HopTGWAttachment:
		if n := b.nodes["tgwatt:"+h.Component]; n != nil {
			return n, true
		}
	case sim.HopPeering:
		if n := b.nodes["pcx:"+h.Component]; n != nil {
			return n, true
		}
	case sim.HopInterfaceEndpoint:
		if n := b.nodes["eni:"+h.ID+"@"+h.Subnet]; n != nil {
			return n, true
		}
	case sim.HopMountTarget:
		if n := b.nodes["mt:"+h.ID]; n != nil {
			return n, true
		}
	case sim.HopInstance:
		if n := b.nodes["inst:"+h.ID]; n != nil {
			return n, true
		}
	case sim.HopService:
		return b.service(c.Call), true
	}
	if h.Kind == sim.HopNetworkACL {
		// A network ACL guards its subnet: it is drawn in the subnet's box.
		return b.node(b.subnetCluster(h.Subnet), "acl:"+h.Subnet+"|"+h.Component, "other", "network ACL "+h.Component, "of subnet "+h.Subnet), false
	}
	// Anything else is drawn as a generic component in the subnet it sits
	// in, else in the placement's VPC.
	where := b.subnetCluster(h.Subnet)
	if where == nil {
		where = vpcOf()
	}
	label := h.KindLabel()
	return b.node(where, "other:"+label+"|"+h.Component, "other", label, h.Component), true
}

// implicitMainTable is the node of a VPC's main route table that the
// input does not declare, which route hops name "VPC (main route table)":
// it is drawn in that VPC's box. It is nil for any other name.
func (b *builder) implicitMainTable(component string) *Node {
	vpc, ok := strings.CutSuffix(component, " (main route table)")
	if !ok || b.vpcs[vpc] == nil {
		return nil
	}
	return b.node(b.vpcCluster(vpc), "rt:"+component, "route-table", "route table "+component)
}

// checkOnly reports whether a hop of this kind is a check made along the
// way rather than a component packets pass.
func checkOnly(kind sim.HopKind) bool {
	return kind == sim.HopDNSResolver || kind == sim.HopReturnRouteTable || kind == sim.HopPlatform || kind == sim.HopNetworkACL
}

// blockingHop is the index of the placement's decisive hop, the last hop
// when no step decided (a name that resolves to no address), or -1 when
// the placement is reachable.
func blockingHop(p sim.PlacementResult) int {
	switch {
	case p.Verdict == sim.Reachable:
		return -1
	case p.Decisive != nil:
		return p.Decisive.Hop
	}
	return len(p.Hops) - 1
}

// path draws one call from one placement.
func (b *builder) path(c sim.CallResult, p sim.PlacementResult) {
	status := StatusReachable
	switch p.Verdict {
	case sim.Unreachable:
		status = StatusBlocked
	case sim.Unknown:
		status = StatusUnknown
	}
	block := blockingHop(p)
	origin := b.origin(c, p)
	seq := []*Node{origin}
	for i, h := range p.Hops {
		if block >= 0 && i > block {
			break
		}
		if i != block && checkOnly(h.Kind) {
			continue
		}
		n, onPath := b.hopNode(h, c, p, origin)
		if n == nil || (!onPath && i != block) {
			continue
		}
		last := seq[len(seq)-1]
		if h.Kind == sim.HopService && (last.Kind == "igw" || last.Kind == "eigw") {
			seq = append(seq, b.internetNode())
		}
		if n != seq[len(seq)-1] {
			seq = append(seq, n)
		}
	}
	if status == StatusReachable {
		if svc := b.service(c.Call); seq[len(seq)-1] != svc {
			seq = append(seq, svc)
		}
	}
	for _, n := range seq {
		n.Used = true
	}
	kind := string(c.Kind)
	if status != StatusReachable {
		reason := string(p.Reason)
		if reason == "" {
			reason = string(status)
		}
		end := seq[len(seq)-1]
		mark := styles[status].mark + " " + reason
		if !slices.Contains(end.Blocks, mark) {
			end.Blocks = append(end.Blocks, mark)
			slices.Sort(end.Blocks)
		}
		if len(seq) == 1 {
			b.edge(end, end, status, true, kind+": "+reason)
			return
		}
		for i := 0; i+1 < len(seq); i++ {
			final := i+2 == len(seq)
			label := kind
			if final {
				label = kind + ": " + reason
			}
			b.edge(seq[i], seq[i+1], status, final, label)
		}
		return
	}
	for i := 0; i+1 < len(seq); i++ {
		b.edge(seq[i], seq[i+1], status, false, kind)
	}
}

func (b *builder) edge(from, to *Node, status Status, final bool, label string) {
	k := edgeKey{from.Key, to.Key, status, final}
	e := b.edges[k]
	if e == nil {
		e = &Edge{From: from, To: to, Status: status, Final: final}
		b.edges[k] = e
		b.labels[k] = map[string]bool{}
	}
	if !b.labels[k][label] {
		b.labels[k][label] = true
		e.Labels = append(e.Labels, label)
		slices.Sort(e.Labels)
	}
}

// Legend is the one line under the title that explains the marks.
const Legend = "✓ green solid: reachable · ✗ red dashed, to the red-bordered blocker (call: REASON) · ? amber dotted: cannot be told · grey: on no drawn path"

// prune removes from c the nodes no drawn path passes and the boxes left
// empty, and reports whether anything is left.
func (b *builder) prune(c *Cluster) bool {
	c.Nodes = slices.DeleteFunc(c.Nodes, func(n *Node) bool { return !n.Used })
	c.Clusters = slices.DeleteFunc(c.Clusters, func(sub *Cluster) bool { return !b.prune(sub) })
	return len(c.Nodes) > 0 || len(c.Clusters) > 0
}

// finish sorts clusters, nodes and edges and assigns synthetic IDs.
func (b *builder) finish(title string) *Graph {
	nc, cc := 0, 0
	var walk func(c *Cluster)
	walk = func(c *Cluster) {
		if c != b.root {
			cc++
			c.ID = fmt.Sprintf("c%d", cc)
			if len(c.Nodes) == 0 && len(c.Clusters) == 0 {
				c.Nodes = append(c.Nodes, &Node{Key: c.Key + "\x00empty", Kind: "empty"})
			}
		}
		slices.SortFunc(c.Nodes, func(x, y *Node) int { return cmp.Compare(x.Key, y.Key) })
		slices.SortFunc(c.Clusters, func(x, y *Cluster) int { return cmp.Compare(x.Key, y.Key) })
		for _, n := range c.Nodes {
			nc++
			n.ID = fmt.Sprintf("n%d", nc)
		}
		for _, sub := range c.Clusters {
			walk(sub)
		}
	}
	walk(b.root)
	g := &Graph{Title: title, Root: b.root}
	for _, e := range b.edges {
		g.Edges = append(g.Edges, e)
	}
	slices.SortFunc(g.Edges, func(x, y *Edge) int {
		return cmp.Or(cmp.Compare(x.From.Key, y.From.Key), cmp.Compare(x.To.Key, y.To.Key),
			cmp.Compare(x.Status, y.Status), compareBool(x.Final, y.Final))
	})
	return g
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
