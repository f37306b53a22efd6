// Package whatif tries hypothetical changes to a world: what would the
// verdicts be if this endpoint had private DNS, if that route table had a
// default route to a NAT gateway, if the service had a public IP?
//
// A what-if is a Change: one edit to a model.World, such as turning on an
// endpoint's private DNS, adding a route, allowing an egress rule or
// adding an endpoint. Apply makes changes on a copy of a world and says
// which objects they touched. A Trial is a base world with a list of
// changes applied and traced by sim again; Trial.Try moves to another list
// (one more change, or one fewer to undo) and re-traces only the workloads
// that the touched objects can affect (sim.Simulator.Rerun). Trial.Offers
// lists the changes that bear on one call, Trial.Candidates those for
// every call that does not work, and Changed compares the verdicts of two
// reports.
//
// A what-if is not a patch to a report: every verdict comes from tracing
// the changed world, with the same rules as any input. It is not a change
// to AWS either: it edits the model only, and nothing checks that AWS
// would accept it beyond model.World.Validate. And an offer is not a fix:
// offers are the changes that bear on a call, not the ones that make it
// work. Trying them tells which do, which is how the TUI presents them
// (render/tui) and how suggested fixes are verified.
package whatif

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpctrace/vpctrace/internal/sanitize"
	"github.com/vpctrace/vpctrace/model"
)

// Kind is the kind of a Change.
type Kind int

// The kinds of change. The rules in parentheses are those of
// docs/aws-rules.md that decide what the change does to the calls.
const (
	// DisableEndpoint removes endpoint Target, and unhooks the alias
	// records of hosted zones that name it (aws-rules 3.2.6): the names of
	// an interface endpoint get their public answers again (3.5.1), and
	// the route of a gateway endpoint goes (4.3.1).
	DisableEndpoint Kind = iota
	// TogglePrivateDNS flips the private DNS of endpoint Target
	// (aws-rules 3.2.1, 3.2.5).
	TogglePrivateDNS
	// AddEndpoint adds an endpoint for the AWS service named Value
	// (com.amazonaws.REGION.SERVICE) to the VPC of the first subnet of
	// service Target: a gateway endpoint on the route tables of the
	// service's subnets for S3 and DynamoDB (aws-rules 4.3.1), else an
	// interface endpoint with private DNS (3.2.1) where the VPC's first
	// interface endpoint is, or in one of the service's subnets per
	// Availability Zone (9.1), with the IP address and DNS record types
	// its subnets and the service's tasks need (4.9.10).
	AddEndpoint
	// AddDefaultRoute replaces the 0.0.0.0/0 route of route table Target,
	// if any, with one to NAT gateway Value (aws-rules 4.2.1, 4.5.1).
	AddDefaultRoute
	// RemoveDefaultRoute removes the 0.0.0.0/0 route of route table
	// Target (aws-rules 4.2.4).
	RemoveDefaultRoute
	// FlipPublicIP flips assignPublicIp of service Target (aws-rules 2.5,
	// 4.4.1).
	FlipPublicIP
	// SetPlatformVersion sets the platform version of service Target to
	// Value (aws-rules 2.1.1, 2.2).
	SetPlatformVersion
	// AddS3Egress adds an egress rule for TCP 443 to the region's S3
	// prefix list to security group Target (aws-rules 5.1.3).
	AddS3Egress

	// The kinds below are the ones vpctrace fix proposes (package fix).

	// EnablePrivateDNS turns on the private DNS of interface endpoint
	// Target (aws-rules 3.2.1).
	EnablePrivateDNS
	// EnableVPCDNS turns on DNS resolution and DNS hostnames of VPC Target,
	// which the Amazon resolver and private DNS of endpoints need
	// (aws-rules 3.1.1, 3.2.2).
	EnableVPCDNS
	// AssociateRouteTable adds route table Value to gateway endpoint Target,
	// which gives the table the route to the service's prefix list
	// (aws-rules 4.3.1).
	AssociateRouteTable
	// AllowEgress adds to security group Target an egress rule for TCP
	// Port to Value: a security group ID, a CIDR or a prefix list ID
	// (aws-rules 5.1.2, 5.1.3).
	AllowEgress
	// AllowIngress adds to security group Target an ingress rule for TCP
	// Port from Value: a security group ID or a CIDR (aws-rules 5.1.2,
	// 5.1.4).
	AllowIngress
	// AllowNACL adds to network ACL Target an allow rule for TCP in the
	// direction Value ("ingress" or "egress"), to or from 0.0.0.0/0, for
	// Port, or for the ephemeral ports 1024-65535 when Port is 0, numbered
	// before every rule of that direction (aws-rules 5.2.1, 5.2.3, 5.2.4).
	AllowNACL
	// AddMountTarget adds to EFS file system Target a mount target in
	// subnet Value, with the security groups of its other mount targets
	// (aws-rules 1.6.1, 3.8.1).
	AddMountTarget
	// WidenEndpointPolicy adds to the policy of endpoint Target a
	// statement that allows any principal the actions and resource of
	// Value: "ACTION[,ACTION...] RESOURCE" (aws-rules 6.1.1).
	WidenEndpointPolicy

	// The kinds below are the transit gateway fixes (tgwkinds.go).

	// AddTGWAttachmentSubnet adds subnet Value to transit gateway
	// attachment Target, which enables the attachment in the subnet's
	// Availability Zone (aws-rules 4.8.1).
	AddTGWAttachmentSubnet
	// AddTGWReturnRoute adds to route table Target a route that sends
	// replies for a caller back through a transit gateway. Value is
	// "CIDR TRANSIT-GATEWAY" (aws-rules 4.8.4, 4.9.3).
	AddTGWReturnRoute
	// AddTGWRoute adds to transit gateway route table Target a static
	// route. Value is "CIDR ATTACHMENT" (aws-rules 4.8.2, 4.8.4).
	AddTGWRoute
)

// Change is one hypothetical change to a world: a what-if. It is a
// comparable value; applying it to a world never changes the Change.
type Change struct {
	Kind   Kind
	Target string // the ID of the object changed (for AddEndpoint, the service)
	Value  string // the new value or the object referred to, by Kind
	Port   int    // the port of AllowEgress, AllowIngress and AllowNACL
}

// defaultRoute is the destination of the routes the route changes edit.
var defaultRoute = netip.MustParsePrefix("0.0.0.0/0")

// labels are the forms of Label, by Kind: %[1]s is the target and %[2]s
// the value.
var labels = map[Kind]string{
	DisableEndpoint:    "disable endpoint %[1]s",
	TogglePrivateDNS:   "toggle private DNS: endpoint %[1]s",
	AddEndpoint:        "add endpoint %[2]s",
	AddDefaultRoute:    "route 0.0.0.0/0 -> NAT %[2]s in %[1]s",
	RemoveDefaultRoute: "remove 0.0.0.0/0 route from %[1]s",
	FlipPublicIP:       "flip assignPublicIp of %[1]s",
	SetPlatformVersion: "platform version %[2]s for %[1]s",
	AddS3Egress:        "SG %[1]s: allow egress 443 to S3 list",

	EnablePrivateDNS:    "turn on private DNS of endpoint %[1]s",
	EnableVPCDNS:        "turn on DNS support and hostnames of VPC %[1]s",
	AssociateRouteTable: "associate route table %[2]s with gateway endpoint %[1]s",
	AllowEgress:         "SG %[1]s: allow egress TCP %[3]s to %[2]s",
	AllowIngress:        "SG %[1]s: allow ingress TCP %[3]s from %[2]s",
	AllowNACL:           "network ACL %[1]s: allow %[2]s TCP %[3]s",
	AddMountTarget:      "add a mount target of %[1]s in %[2]s",
	WidenEndpointPolicy: "endpoint %[1]s: allow %[2]s in its policy",
}

// Label describes c for people, such as "toggle private DNS: endpoint
// logs". The IDs in it are sanitized (internal/sanitize), so it is safe to
// print on a terminal.
func (c Change) Label() string {
	t, v := sanitize.String(c.Target), sanitize.String(c.Value)
	if l, ok := c.labelTGW(t, v); ok {
		return l
	}
	if form, ok := labels[c.Kind]; ok {
		return fmt.Sprintf(form, t, v, c.ports())
	}
	return fmt.Sprintf("what-if %d %s %s", c.Kind, t, v)
}

// Touches returns the objects of w that applying c to w would change, add
// or remove; it does not change w. These are the objects
// sim.Simulator.Rerun must be told of. A Change of an unknown Kind touches
// an object of no known kind, which makes Rerun trace everything.
func (c Change) Touches(w *model.World) []model.Ref {
	switch c.Kind {
	case DisableEndpoint:
		refs := []model.Ref{{Kind: model.KindEndpoint, ID: c.Target}}
		for _, z := range w.HostedZones {
			if slices.ContainsFunc(z.Records, func(r model.Record) bool { return r.AliasEndpoint == c.Target }) {
				refs = append(refs, model.Ref{Kind: model.KindHostedZone, ID: z.ID})
			}
		}
		return refs
	case TogglePrivateDNS:
		return []model.Ref{{Kind: model.KindEndpoint, ID: c.Target}}
	case AddEndpoint:
		refs := []model.Ref{{Kind: model.KindEndpoint, ID: c.AddedEndpoint(w)}}
		if g := c.newEndpointGroup(w); g != "" {
			refs = append(refs, model.Ref{Kind: model.KindSecurityGroup, ID: g})
		}
		return refs
	case AddDefaultRoute, RemoveDefaultRoute:
		return []model.Ref{{Kind: model.KindRouteTable, ID: c.Target}}
	case FlipPublicIP, SetPlatformVersion:
		return []model.Ref{{Kind: model.KindService, ID: c.Target}}
	case AddS3Egress, AllowEgress, AllowIngress:
		return []model.Ref{{Kind: model.KindSecurityGroup, ID: c.Target}}
	}
	if refs := c.touchesFix(w); refs != nil {
		return refs
	}
	if refs := c.touchesTGW(); refs != nil {
		return refs
	}
	return []model.Ref{{Kind: "unknown what-if"}}
}

// Apply makes the change on w, which must be a world the caller owns (a
// model.Clone: Apply edits it in place), and returns what it touched
// (Touches). It fails, leaving w as it was, when the object it changes
// does not exist. The result may not pass model.World.Validate, for
// example a route to a NAT gateway that does not exist; Trial.Try checks.
func (c Change) Apply(w *model.World) ([]model.Ref, error) {
	touched := c.Touches(w)
	if err := c.apply(w); err != nil {
		return nil, err
	}
	return touched, nil
}

// Apply returns a copy of base with changes applied in order, and the
// objects they touched, in that order. base is not changed. When a change
// fails, Apply returns no world and an error that begins with the
// change's Label.
func Apply(base *model.World, changes []Change) (*model.World, []model.Ref, error) {
	w := model.Clone(base)
	var touched []model.Ref
	for _, c := range changes {
		refs, err := c.Apply(w)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", c.Label(), err)
		}
		touched = append(touched, refs...)
	}
	return w, touched, nil
}

func (c Change) apply(w *model.World) error {
	switch c.Kind {
	case DisableEndpoint:
		i := slices.IndexFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == c.Target })
		if i < 0 {
			return c.missing("endpoint")
		}
		w.Endpoints = slices.Delete(w.Endpoints, i, i+1)
		for z := range w.HostedZones {
			for r := range w.HostedZones[z].Records {
				if rec := &w.HostedZones[z].Records[r]; rec.AliasEndpoint == c.Target {
					rec.AliasEndpoint = ""
				}
			}
		}
	case TogglePrivateDNS:
		e := find(w.Endpoints, func(e model.Endpoint) bool { return e.ID == c.Target })
		if e == nil {
			return c.missing("endpoint")
		}
		e.PrivateDNS = !e.PrivateDNS
	case AddEndpoint:
		return c.addEndpoint(w)
	case AddDefaultRoute, RemoveDefaultRoute:
		rt := find(w.RouteTables, func(r model.RouteTable) bool { return r.ID == c.Target })
		if rt == nil {
			return c.missing("route table")
		}
		rt.Routes = slices.DeleteFunc(rt.Routes, func(r model.Route) bool { return r.Destination == defaultRoute })
		if c.Kind == AddDefaultRoute {
			rt.Routes = append(rt.Routes, model.Route{Destination: defaultRoute, Target: model.TargetNATGateway, TargetID: c.Value})
		}
	case FlipPublicIP, SetPlatformVersion:
		s := find(w.Services, func(s model.Service) bool { return s.ID == c.Target })
		if s == nil {
			return c.missing("service")
		}
		if c.Kind == FlipPublicIP {
			s.AssignPublicIP = !s.AssignPublicIP
		} else {
			s.PlatformVersion = c.Value
		}
	case AddS3Egress:
		sg := find(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == c.Target })
		if sg == nil {
			return c.missing("security group")
		}
		sg.Egress = append(sg.Egress, model.SGRule{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443,
			PrefixLists: []string{s3PrefixList(w)}, Description: "HTTPS to S3 (vpctrace fix)"})
	case AddTGWAttachmentSubnet, AddTGWReturnRoute, AddTGWRoute:
		return c.applyTGW(w)
	default:
		return c.applyFix(w)
	}
	return nil
}

// newEndpointGroup is the ID of the group AddEndpoint c adds to w, or ""
// when it adds none.
func (c Change) newEndpointGroup(w *model.World) string {
	pl, vpc, ok := c.placed(w)
	if !ok || !pl.newGroup {
		return ""
	}
	id := EndpointGroupID(vpc)
	if slices.ContainsFunc(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == id }) {
		return ""
	}
	return id
}

// endpointLike is the interface endpoint of vpc whose subnets and groups
// AddEndpoint copies: the first one with subnets.
func endpointLike(w *model.World, vpc string) *model.Endpoint {
	return find(w.Endpoints, func(e model.Endpoint) bool {
		return e.VPC == vpc && e.Type == model.EndpointInterface && len(e.Subnets) > 0
	})
}

// AddedEndpointID is the ID of the endpoint AddEndpoint adds for an AWS
// service, when the world has no endpoint of that ID yet (see
// Change.AddedEndpoint).
func AddedEndpointID(service string) string { return "what-if-" + service }

// AddedEndpoint is the ID of the endpoint AddEndpoint c adds to w:
// AddedEndpointID of its service, or, when w has an endpoint of that ID
// already (one added to another VPC), that ID followed by "-in-" and the
// VPC.
func (c Change) AddedEndpoint(w *model.World) string {
	id := AddedEndpointID(c.Value)
	if !slices.ContainsFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == id }) {
		return id
	}
	if svc := find(w.Services, func(s model.Service) bool { return s.ID == c.Target }); svc != nil && len(svc.Subnets) > 0 {
		if sub := subnet(w, svc.Subnets[0]); sub != nil {
			return id + "-in-" + sub.VPC
		}
	}
	return id
}

func (c Change) missing(what string) error {
	return fmt.Errorf("%s %q does not exist", what, sanitize.String(c.Target))
}

// addEndpoint adds an endpoint for service c.Value in the VPC of service
// c.Target's first subnet: a gateway endpoint on the subnets' route tables
// for S3 and DynamoDB, else an interface endpoint with private DNS. The
// interface endpoint goes where the VPC's other interface endpoints are,
// in the subnets and with the groups of the first one, when an endpoint
// there can serve the service's tasks; else in the service's subnets that
// can, one per Availability Zone, guarded by a new group that admits HTTPS
// from the service's groups (EndpointGroupID). Its IP address and DNS
// record types are those its subnets and the tasks need: ipv6 in
// IPv6-only subnets, dualstack in dual-stack subnets for tasks in
// IPv6-only ones, AWS's defaults for IPv4 tasks (aws-rules 4.9.10).
func (c Change) addEndpoint(w *model.World) error {
	svc := find(w.Services, func(s model.Service) bool { return s.ID == c.Target })
	if svc == nil || len(svc.Subnets) == 0 {
		return c.missing("service with subnets")
	}
	sub := subnet(w, svc.Subnets[0])
	if sub == nil {
		return fmt.Errorf("subnet %q does not exist", sanitize.String(svc.Subnets[0]))
	}
	ep := model.Endpoint{ID: c.AddedEndpoint(w), VPC: sub.VPC, ServiceName: c.Value}
	if model.IsAWSManagedPrefixList(c.Value) {
		ep.Type = model.EndpointGateway
		for _, id := range svc.Subnets {
			if rt := routeTableOf(w, id); rt != "" && !slices.Contains(ep.RouteTables, rt) {
				ep.RouteTables = append(ep.RouteTables, rt)
			}
		}
		w.Endpoints = append(w.Endpoints, ep)
		return nil
	}
	pl, err := c.place(w, svc, sub.VPC)
	if err != nil {
		return err
	}
	ep.Type = model.EndpointInterface
	ep.PrivateDNS = true
	ep.Subnets, ep.SecurityGroups = pl.subnets, pl.groups
	ep.IPAddressType, ep.DNSRecordIPType = pl.ipType, pl.dnsType
	if pl.newGroup {
		addEndpointGroup(w, sub.VPC)
	}
	w.Endpoints = append(w.Endpoints, ep)
	return nil
}

// EndpointGroupID is the ID of the security group AddEndpoint makes for
// the interface endpoints it adds to a VPC that has none, or none whose
// subnets can serve the tasks (aws-rules 4.9.10).
func EndpointGroupID(vpc string) string { return "what-if-endpoints-" + vpc }

// addEndpointGroup adds to w the endpoint group of vpc, EndpointGroupID,
// if w does not have it: an ingress rule for HTTPS from the groups of
// every service with a subnet in vpc, as the endpoint answers them all
// (aws-rules 3.2.1, 5.1.4), or, when one of those services has no group,
// from the VPC's CIDRs, its IPv6 blocks too when a service has tasks in
// IPv6-only subnets (aws-rules 4.9.4).
func addEndpointGroup(w *model.World, vpc string) {
	id := EndpointGroupID(vpc)
	if slices.ContainsFunc(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == id }) {
		return
	}
	rule := model.SGRule{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, Description: "HTTPS from the tasks"}
	var sources []string
	grouped, v6 := true, false
	for _, svc := range servicesIn(w, vpc) {
		grouped = grouped && len(svc.SecurityGroups) > 0
		_, n6 := needs(w, svc)
		v6 = v6 || n6
		for _, g := range svc.SecurityGroups {
			if !slices.Contains(sources, g) {
				sources = append(sources, g)
			}
		}
	}
	if grouped && len(sources) > 0 {
		rule.SecurityGroups = sources
	} else if v := find(w.VPCs, func(v model.VPC) bool { return v.ID == vpc }); v != nil {
		rule.CIDRs = slices.Clone(v.CIDRs)
		if v6 {
			rule.CIDRs = append(rule.CIDRs, v.IPv6CIDRs...)
		}
	}
	w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: id, VPC: vpc, Ingress: []model.SGRule{rule}})
}

// routeTableOf returns the ID of the route table of a subnet: its own or
// its VPC's main one (aws-rules 4.1.1).
func routeTableOf(w *model.World, subnetID string) string {
	s := subnet(w, subnetID)
	if s == nil {
		return ""
	}
	if s.RouteTable != "" {
		return s.RouteTable
	}
	if v := find(w.VPCs, func(v model.VPC) bool { return v.ID == s.VPC }); v != nil {
		return v.MainRouteTable
	}
	return ""
}

// s3PrefixList is the AWS-managed S3 prefix list of the world's region.
func s3PrefixList(w *model.World) string {
	for _, pl := range w.PrefixLists {
		if _, svc, ok := model.SplitServiceName(pl.AWSService); ok && svc == "s3" {
			return pl.ID
		}
	}
	return "com.amazonaws." + w.Region + ".s3"
}

func subnet(w *model.World, id string) *model.Subnet {
	return find(w.Subnets, func(s model.Subnet) bool { return s.ID == id })
}

// find returns a pointer to the first element of s that match accepts, or
// nil.
func find[T any](s []T, match func(T) bool) *T {
	if i := slices.IndexFunc(s, match); i >= 0 {
		return &s[i]
	}
	return nil
}
