package snapshot

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpctrace/vpctrace/model"
)

// instances reads describe-instances. Terminated instances (and those
// shutting down) are left out; the primary network interface is the one
// at device index 0 (aws-rules 11.2.8).
func (b *builder) instances(x *ec2Index) {
	for _, a := range b.ec2.instances {
		in := a.v
		id := str(in.InstanceId)
		if in.State != nil && (in.State.Name == ec2types.InstanceStateNameTerminated || in.State.Name == ec2types.InstanceStateNameShuttingDown) {
			continue
		}
		if !b.freshInSubnet(x, model.KindInstance, id, in, a.pos, str(in.SubnetId), a.field("SubnetId")) {
			continue
		}
		o := model.Instance{ID: id, Source: a.pos, Subnet: str(in.SubnetId), SecurityGroups: groupIDs(in.SecurityGroups),
			AssociatePublicIP: model.Of(in.PublicIpAddress != nil)}
		if in.SourceDestCheck != nil {
			o.SourceDestCheck = model.Of(*in.SourceDestCheck)
		}
		if ip := str(in.PrivateIpAddress); ip != "" {
			o.PrivateIP, _ = b.addr(ip, a.field("PrivateIpAddress"))
		}
		for _, n := range in.NetworkInterfaces {
			x.instanceENIs[str(n.NetworkInterfaceId)] = true
			if n.Attachment == nil || intOr(n.Attachment.DeviceIndex, -1) != 0 {
				continue
			}
			o.NetworkInterface = str(n.NetworkInterfaceId)
			if as := n.Association; as != nil && as.PublicIp != nil && str(as.IpOwnerId) != "amazon" {
				o.ElasticIP = *as.PublicIp // an Elastic IP: owned by an account, not by Amazon's pool
			}
		}
		if !x.add(model.KindNetworkInterface, o.NetworkInterface) {
			o.NetworkInterface = ""
		}
		b.w.Instances = append(b.w.Instances, o)
	}
}

// endpointGone holds the states of a VPC endpoint that serves nothing
// and will not: it is left out (aws-rules 11.2.7).
var endpointGone = []ec2types.State{"deleting", "deleted", "rejected", "failed", "expired"}

// endpoints reads describe-vpc-endpoints: Interface and Gateway endpoints
// become objects; Gateway Load Balancer endpoints are remembered for the
// routes that name them; the other types (Resource, ServiceNetwork) reach
// no AWS service name and are left out (aws-rules 11.2.7).
func (b *builder) endpoints(x *ec2Index) {
	for _, a := range b.ec2.lists.endpoints {
		e := a.v
		id := str(e.VpcEndpointId)
		state := ec2types.State(strings.ToLower(string(e.State)))
		if slices.Contains(endpointGone, state) || b.repeat(x, model.KindEndpoint, id, e, a.pos) || x.gwlb[id] {
			continue
		}
		typ := model.EndpointType(e.VpcEndpointType)
		switch typ {
		case model.EndpointInterface, model.EndpointGateway:
		case "GatewayLoadBalancer":
			x.gwlb[id] = true
			continue
		default:
			continue
		}
		if !b.inVPC(x, str(e.VpcId), a.field("VpcId")) {
			continue
		}
		b.once(x, model.KindEndpoint, id, e, a.pos)
		ep := model.Endpoint{ID: id, Source: a.pos, VPC: str(e.VpcId), ServiceName: str(e.ServiceName), Type: typ,
			RouteTables: slices.Clone(e.RouteTableIds), SecurityGroups: groupIDs(e.Groups), PrivateDNS: on(e.PrivateDnsEnabled),
			IPAddressType: strings.ToLower(string(e.IpAddressType))}
		if p := str(e.PolicyDocument); p != "" {
			ep.Policy, ep.PolicySource = p, a.field("PolicyDocument")
		}
		if o := e.DnsOptions; o != nil {
			ep.DNSRecordIPType = strings.ToLower(string(o.DnsRecordIpType))
			if o.PrivateDnsOnlyForInboundResolverEndpoint != nil {
				ep.PrivateDNSOnlyForInboundResolver = model.Of(*o.PrivateDnsOnlyForInboundResolverEndpoint)
			}
		}
		for i, s := range e.SubnetIds {
			if b.inSubnet(x, s, a.field(fmt.Sprintf("SubnetIds/%d", i))) {
				ep.Subnets = append(ep.Subnets, s)
			} else {
				b.missing(model.KindEndpoint, id, "SubnetIds", cmdDescribeSubnets+" --subnet-ids "+s, a.field(fmt.Sprintf("SubnetIds/%d", i)))
			}
		}
		ep.IPs = b.endpointIPs(x, ep, e.NetworkInterfaceIds)
		if state != "available" {
			b.w.Unknowns = append(b.w.Unknowns, model.Unknown{ID: id, Kind: model.KindEndpoint, Field: "State", Source: a.field("State"),
				Why: fmt.Sprintf("the endpoint is %s, not available: whether and when it serves calls is not in the snapshot", e.State),
				Fix: "collect the snapshot again once the endpoint is available (" + cmdDescribeEndpoints + " --vpc-endpoint-ids " + id + ")"})
		}
		if typ == model.EndpointGateway {
			x.gateways[id] = true
		}
		b.w.Endpoints = append(b.w.Endpoints, ep)
	}
}

// endpointIPs gives an interface endpoint's ENI address per subnet, from
// describe-network-interfaces; nil when the folder does not have them (the
// model then takes an address somewhere in the subnet).
func (b *builder) endpointIPs(x *ec2Index, ep model.Endpoint, enis []string) map[string]netip.Addr {
	var ips map[string]netip.Addr
	for _, id := range enis {
		n, ok := x.enis[id]
		if !ok || !slices.Contains(ep.Subnets, str(n.v.SubnetId)) || n.v.PrivateIpAddress == nil {
			continue
		}
		ip, ok := b.addr(*n.v.PrivateIpAddress, n.field("PrivateIpAddress"))
		if !ok {
			continue
		}
		if ips == nil {
			ips = map[string]netip.Addr{}
		}
		ips[str(n.v.SubnetId)] = ip
	}
	return ips
}

// endpointTables gives each gateway endpoint the route tables of the
// world it is associated with: those it lists and those whose routes name
// it (aws-rules 11.2.3).
func (b *builder) endpointTables(x *ec2Index) {
	for i := range b.w.Endpoints {
		ep := &b.w.Endpoints[i]
		if ep.Type != model.EndpointGateway {
			ep.RouteTables = nil
			continue
		}
		var tables []string
		for _, t := range append(ep.RouteTables, x.gatewayTables[ep.ID]...) {
			if x.has(model.KindRouteTable, t) && !slices.Contains(tables, t) {
				tables = append(tables, t)
			}
		}
		ep.RouteTables = tables
	}
}
