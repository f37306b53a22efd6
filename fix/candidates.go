package fix

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// candidates are the changes that may remove the first blocker of f's
// placement in trial t, best first; each is a list of changes that only
// work together. They come from the trace: the blocker's code, the hop
// and step that found it, and the objects of the world they name.
func (sr *searcher) candidates(t *whatif.Trial, f found) [][]whatif.Change {
	var out [][]whatif.Change
	for _, c := range sr.singles(t, f) {
		out = append(out, []whatif.Change{c})
	}
	return append(out, sr.bundles(t, f)...)
}

// singles are the candidates of one change each.
func (sr *searcher) singles(t *whatif.Trial, f found) []whatif.Change {
	w := t.World()
	switch r := f.p.Reason; {
	case r == sim.DNSResolutionDisabled:
		if sub := subnetOf(w, f.p.Subnet); sub != nil {
			return []whatif.Change{{Kind: whatif.EnableVPCDNS, Target: sub.VPC}}
		}
	case r == sim.SGEgressDenied:
		return egressCandidates(t, f)
	case r == sim.SGIngressDenied:
		return ingressCandidates(t, f)
	case r == sim.NACLDenied:
		return naclCandidates(f)
	case r == sim.EndpointPolicyDenied:
		if h, ok := decisiveHop(f.p); ok && h.ID != "" && f.call.PolicyResource != "" && len(f.call.Actions) > 0 {
			grant := strings.Join(f.call.Actions, ",") + " " + f.call.PolicyResource
			return []whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: h.ID, Value: grant}}
		}
	case r == sim.EFSNoMountTargetInAZ:
		if fs := fileSystemOf(w, f.call.Resource); fs != nil {
			return []whatif.Change{{Kind: whatif.AddMountTarget, Target: fs.ID, Value: f.p.Subnet}}
		}
	case r == sim.UnsupportedByPlatform:
		// Only an old platform version is something to raise; other
		// refusals (a FireLens file from S3 on Fargate) are settings of
		// the task (aws-rules 2.2, 7.4.4).
		if f.wl.LaunchType == "FARGATE" && f.wl.PlatformVersion < "1.4.0" && serviceOf(w, f.wl.Source) != nil {
			return []whatif.Change{{Kind: whatif.SetPlatformVersion, Target: f.wl.Source, Value: "1.4.0"}}
		}
	case sr.routeBlocks(r):
		return sr.pathCandidates(t, f)
	}
	return nil
}

// routeBlocks reports whether blocker r is about the way out of the VPC,
// which another way out (an endpoint, a NAT gateway) can avoid.
func (sr *searcher) routeBlocks(r sim.Reason) bool {
	switch r {
	case sim.NoRoute, sim.BlackholeRoute, sim.NoPublicIP, sim.NATNoInternet, sim.NATInstanceMisconfigured,
		sim.NotTransitive, sim.TGWNoRoute, sim.VPCBPABlocked, sim.NetworkFirewallDenied:
		return true
	}
	return false
}

// pathCandidates give a call a way out of its VPC: through the endpoints
// of its service (the Endpoints strategy), or a NAT gateway of the VPC
// (the NAT strategy, and any call that needs the internet).
func (sr *searcher) pathCandidates(t *whatif.Trial, f found) []whatif.Change {
	w := t.World()
	sub := subnetOf(w, f.p.Subnet)
	if sub == nil {
		return nil
	}
	rt, _ := t.Simulator().SubnetRouteTable(sub.ID)
	var out []whatif.Change
	if f.call.Service != "" && sr.strategy == Endpoints {
		out = append(out, endpointCandidates(w, f, sub, rt.ID)...)
	}
	if f.call.Service == "" || sr.strategy == NAT {
		out = append(out, natCandidates(t, sub, rt)...)
		if f.p.Reason == sim.NoPublicIP && f.wl.LaunchType == "FARGATE" && serviceOf(w, f.wl.Source) != nil {
			out = append(out, whatif.Change{Kind: whatif.FlipPublicIP, Target: f.wl.Source})
		}
	}
	return out
}

// bundles are the candidates that need several changes at once: an
// interface endpoint's private DNS takes effect only in a VPC with DNS
// support and DNS hostnames (aws-rules 3.2.1), so turning it on, or adding
// an endpoint, comes with turning those on when they are off.
func (sr *searcher) bundles(t *whatif.Trial, f found) [][]whatif.Change {
	w := t.World()
	sub := subnetOf(w, f.p.Subnet)
	if sub == nil || f.call.Service == "" || sr.strategy != Endpoints || !sr.routeBlocks(f.p.Reason) {
		return nil
	}
	v := vpcOf(w, sub.VPC)
	if v == nil || (v.EnableDNSSupport && v.EnableDNSHostnames) {
		return nil
	}
	dns := whatif.Change{Kind: whatif.EnableVPCDNS, Target: v.ID}
	var out [][]whatif.Change
	for _, c := range sr.singles(t, f) {
		if c.Kind == whatif.EnablePrivateDNS || (c.Kind == whatif.AddEndpoint && !model.IsAWSManagedPrefixList(c.Value)) {
			out = append(out, []whatif.Change{dns, c})
		}
	}
	return out
}

// endpointCandidates make the endpoints of the call's service serve
// subnet sub, whose route table is rt: turn on private DNS (and the VPC's
// DNS, which private DNS needs), associate a gateway endpoint with rt, or
// add an endpoint when the VPC has none (aws-rules 3.2.1, 4.3.1).
func endpointCandidates(w *model.World, f found, sub *model.Subnet, rt string) []whatif.Change {
	var out []whatif.Change
	found := false
	for _, e := range w.Endpoints {
		if e.VPC != sub.VPC || e.ServiceName != f.call.Service {
			continue
		}
		found = true
		switch {
		case e.Type == model.EndpointInterface && !e.PrivateDNS:
			out = append(out, whatif.Change{Kind: whatif.EnablePrivateDNS, Target: e.ID})
		case e.Type == model.EndpointGateway && rt != "" && !slices.Contains(e.RouteTables, rt):
			out = append(out, whatif.Change{Kind: whatif.AssociateRouteTable, Target: e.ID, Value: rt})
		}
	}
	if v := vpcOf(w, sub.VPC); v != nil && (!v.EnableDNSSupport || !v.EnableDNSHostnames) {
		out = append(out, whatif.Change{Kind: whatif.EnableVPCDNS, Target: v.ID})
	}
	if !found && serviceOf(w, f.wl.Source) != nil {
		out = append(out, whatif.Change{Kind: whatif.AddEndpoint, Target: f.wl.Source, Value: f.call.Service})
	}
	return out
}

// natCandidates route 0.0.0.0/0 of table rt to each public NAT gateway of
// sub's VPC, the one in sub's Availability Zone first (aws-rules 4.5.1).
// They replace only a default route that leads nowhere useful: none, a
// blackhole, or an internet gateway the tasks cannot use; a default route
// to a transit gateway, a firewall or an appliance is a design choice that
// a fix must not bypass.
func natCandidates(t *whatif.Trial, sub *model.Subnet, rt sim.RouteTableView) []whatif.Change {
	w := t.World()
	if rt.ID == "" || rt.Implicit || !replaceableDefault(w, rt) {
		return nil
	}
	var out []whatif.Change
	for _, n := range publicNATs(w, sub.ID) {
		// A NAT gateway whose own subnet uses rt needs rt's route to the
		// internet gateway (aws-rules 4.5.1).
		if own, ok := t.Simulator().SubnetRouteTable(n.Subnet); !ok || own.ID != rt.ID {
			out = append(out, whatif.Change{Kind: whatif.AddDefaultRoute, Target: rt.ID, Value: n.ID})
		}
	}
	return out
}

// replaceableDefault reports whether the 0.0.0.0/0 route of rt, if any,
// may be replaced by one to a NAT gateway.
func replaceableDefault(w *model.World, rt sim.RouteTableView) bool {
	def := netip.MustParsePrefix("0.0.0.0/0")
	for _, r := range rt.Routes {
		if r.Destination != def || r.PrefixList != "" {
			continue
		}
		switch r.Target {
		case model.TargetInternetGateway:
			return true
		case model.TargetNATGateway:
			return !slices.ContainsFunc(w.NATGateways, func(n model.NATGateway) bool { return n.ID == r.TargetID })
		}
		return false
	}
	return true
}

// publicNATs are the public NAT gateways of the VPC of subnet id, the ones
// in its Availability Zone first, then in input order.
func publicNATs(w *model.World, id string) []model.NATGateway {
	sub := subnetOf(w, id)
	if sub == nil {
		return nil
	}
	var same, other []model.NATGateway
	for _, n := range w.NATGateways {
		ns := subnetOf(w, n.Subnet)
		if n.Private || ns == nil || ns.VPC != sub.VPC {
			continue
		}
		if ns.AZ == sub.AZ {
			same = append(same, n)
		} else {
			other = append(other, n)
		}
	}
	return append(same, other...)
}

// egressCandidates let the tasks' security group send the call to where
// it goes: the group of the endpoint or mount target it reaches, the S3
// prefix list of a gateway endpoint, else anywhere (aws-rules 5.1.2,
// 5.1.3).
func egressCandidates(t *whatif.Trial, f found) []whatif.Change {
	w := t.World()
	src := blockerGroup(f.p)
	if src == "" {
		src = firstOr(sourceGroups(t, f), "")
	}
	if src == "" {
		return nil
	}
	port := f.call.Port
	for _, h := range f.p.Hops {
		switch h.Kind {
		case sim.HopInterfaceEndpoint, sim.HopMountTarget:
			if g := firstOr(destinationGroups(t, h), ""); g != "" {
				return []whatif.Change{{Kind: whatif.AllowEgress, Target: src, Value: g, Port: port}}
			}
		case sim.HopGatewayEndpoint:
			if e := endpointOf(w, h.ID); e != nil {
				if _, svc, ok := model.SplitServiceName(e.ServiceName); ok && svc == "s3" && port == 443 {
					return []whatif.Change{{Kind: whatif.AddS3Egress, Target: src}}
				}
				return []whatif.Change{{Kind: whatif.AllowEgress, Target: src, Value: e.ServiceName, Port: port}}
			}
		}
	}
	return []whatif.Change{{Kind: whatif.AllowEgress, Target: src, Value: "0.0.0.0/0", Port: port}}
}

// ingressCandidates let the group of the endpoint or mount target that
// refuses the call admit it from the tasks' group (aws-rules 5.1.4).
func ingressCandidates(t *whatif.Trial, f found) []whatif.Change {
	h, ok := decisiveHop(f.p)
	if !ok || (h.Kind != sim.HopInterfaceEndpoint && h.Kind != sim.HopMountTarget) {
		return nil
	}
	dst := blockerGroup(f.p)
	if dst == "" {
		dst = firstOr(destinationGroups(t, h), "")
	}
	src := firstOr(sourceGroups(t, f), "")
	if dst == "" || src == "" || !declared(t.World(), dst) {
		return nil
	}
	return []whatif.Change{{Kind: whatif.AllowIngress, Target: dst, Value: src, Port: f.call.Port}}
}

// naclCandidates add the rule the network ACL that denies the call lacks:
// the request's port, or the ephemeral ports of its return traffic
// (aws-rules 5.2.3, 5.2.4).
func naclCandidates(f found) []whatif.Change {
	h, ok := decisiveHop(f.p)
	dir := f.p.Fix.Field // the ACL's rule list the fix adds to
	if !ok || h.Kind != sim.HopNetworkACL || h.ID == "" || (dir != "ingress" && dir != "egress") {
		return nil
	}
	step := h.Steps[f.p.Decisive.Step]
	port := f.call.Port
	if strings.Contains(step.Detail, "return traffic") {
		port = 0
	}
	return []whatif.Change{{Kind: whatif.AllowNACL, Target: h.ID, Value: dir, Port: port}}
}

// decisiveHop is the hop of the step that found the placement's first
// blocker.
func decisiveHop(p sim.PlacementResult) (sim.Hop, bool) {
	if p.Decisive == nil || p.Decisive.Hop >= len(p.Hops) {
		return sim.Hop{}, false
	}
	return p.Hops[p.Decisive.Hop], true
}

// blockerGroup is the one security group the first blocker's fix names,
// or "".
func blockerGroup(p sim.PlacementResult) string {
	if p.Fix.Object.Kind == model.KindSecurityGroup {
		return p.Fix.Object.ID
	}
	return ""
}

// sourceGroups are the security groups the call leaves from: the
// service's for a call from the task's own interface, else those of the
// container instances it runs on (the agent and the log driver of the EC2
// launch type, aws-rules 2.6), else the VPC's default group (aws-rules
// 5.1.2).
func sourceGroups(t *whatif.Trial, f found) []string {
	w := t.World()
	if s := serviceOf(w, f.wl.Source); s != nil && len(s.SecurityGroups) > 0 && f.call.Origin != sim.OriginInstance {
		return s.SecurityGroups
	}
	host := f.p.Subnet
	if f.p.HostSubnet != "" {
		host = f.p.HostSubnet
	}
	for _, a := range w.AutoScalingGroups {
		if slices.Contains(a.Subnets, host) && len(a.SecurityGroups) > 0 {
			return a.SecurityGroups
		}
	}
	if sub := subnetOf(w, f.p.Subnet); sub != nil {
		if g := t.Simulator().DefaultSecurityGroup(sub.VPC); g != "" {
			return []string{g}
		}
	}
	return nil
}

// destinationGroups are the security groups of the endpoint or mount
// target of hop h, else its VPC's default group (aws-rules 5.1.4).
func destinationGroups(t *whatif.Trial, h sim.Hop) []string {
	w := t.World()
	vpc := ""
	if e := endpointOf(w, h.ID); e != nil {
		if len(e.SecurityGroups) > 0 {
			return e.SecurityGroups
		}
		vpc = e.VPC
	}
	for _, fs := range w.FileSystems {
		for _, mt := range fs.MountTargets {
			if mt.ID != h.ID {
				continue
			}
			if len(mt.SecurityGroups) > 0 {
				return mt.SecurityGroups
			}
			if sub := subnetOf(w, mt.Subnet); sub != nil {
				vpc = sub.VPC
			}
		}
	}
	if g := t.Simulator().DefaultSecurityGroup(vpc); vpc != "" && g != "" {
		return []string{g}
	}
	return nil
}

// declared reports whether group id is a security group of the input,
// rather than a VPC's default group the input does not describe.
func declared(w *model.World, id string) bool {
	return slices.ContainsFunc(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == id })
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

func subnetOf(w *model.World, id string) *model.Subnet {
	return find(w.Subnets, func(s model.Subnet) bool { return s.ID == id })
}

func vpcOf(w *model.World, id string) *model.VPC {
	return find(w.VPCs, func(v model.VPC) bool { return v.ID == id })
}

func serviceOf(w *model.World, id string) *model.Service {
	s := find(w.Services, func(s model.Service) bool { return s.ID == id })
	if s == nil || len(s.Subnets) == 0 {
		return nil
	}
	return s
}

func endpointOf(w *model.World, id string) *model.Endpoint {
	return find(w.Endpoints, func(e model.Endpoint) bool { return e.ID == id })
}

// fileSystemOf is the file system a call's resource names, by its
// fs-... ID or its ID in the input.
func fileSystemOf(w *model.World, resource string) *model.FileSystem {
	return find(w.FileSystems, func(f model.FileSystem) bool {
		return f.ID == resource || (f.FileSystemID != "" && strings.Contains(resource, f.FileSystemID))
	})
}

// find returns a pointer to the first element of s that match accepts, or
// nil.
func find[T any](s []T, match func(T) bool) *T {
	if i := slices.IndexFunc(s, match); i >= 0 {
		return &s[i]
	}
	return nil
}
