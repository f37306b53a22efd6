package snapshot

import (
	"fmt"
	"slices"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpctrace/vpctrace/model"
)

// ec2Index is what buildEC2 resolves references with: the objects of the
// world built so far, and what it learnt of the objects it left out.
type ec2Index struct {
	ids     map[model.Ref]bool
	vpc     map[string]int // index in World.VPCs
	subnet  map[string]int // index in World.Subnets
	reached map[model.Ref]bool
	enis    map[string]at[ec2types.NetworkInterface]
	// gateways are the gateway endpoints of the world; gwlb the Gateway
	// Load Balancer endpoints of the folder, which are no objects.
	gateways, gwlb map[string]bool
	// gatewayTables holds, per gateway endpoint, the tables that route to
	// it.
	gatewayTables map[string][]string
	// outsidePeer says, per peering connection of the folder that is no
	// object of the world, why.
	outsidePeer map[string]string
	// plUnknown holds the managed prefix lists of the world whose entries
	// the folder does not give.
	plUnknown map[string]bool
	// instanceENIs holds the interfaces of the instances of the folder.
	instanceENIs map[string]bool
}

// once records the object of kind k and ID id that the response value v
// at p describes; false when the world has it already
// (firstDescription).
func (b *builder) once(x *ec2Index, k model.Kind, id string, v any, p model.Pos) bool {
	return b.firstDescription(k, id, v, p) && x.add(k, id)
}

// freshInVPC reports whether the response value v at p describes an
// object of kind k that the world does not have yet (repeat), in a VPC the
// folder describes (inVPC, vpc at vpcPos), and records it when so (once).
func (b *builder) freshInVPC(x *ec2Index, k model.Kind, id string, v any, p model.Pos, vpc string, vpcPos model.Pos) bool {
	return !b.repeat(x, k, id, v, p) && b.inVPC(x, vpc, vpcPos) && b.once(x, k, id, v, p)
}

// freshInSubnet is freshInVPC for an object in a subnet (inSubnet).
func (b *builder) freshInSubnet(x *ec2Index, k model.Kind, id string, v any, p model.Pos, subnet string, subnetPos model.Pos) bool {
	return !b.repeat(x, k, id, v, p) && b.inSubnet(x, subnet, subnetPos) && b.once(x, k, id, v, p)
}

// repeat reports whether the world has the object already; a conflicting
// description is reported (once).
func (b *builder) repeat(x *ec2Index, k model.Kind, id string, v any, p model.Pos) bool {
	if !x.has(k, id) {
		return false
	}
	b.once(x, k, id, v, p)
	return true
}

// otherENI reports whether the folder describes the network interface
// eni (describe-network-interfaces, or an interface of describe-instances).
func (x *ec2Index) otherENI(eni string) bool {
	_, ok := x.enis[eni]
	return ok || x.instanceENIs[eni]
}

func (x *ec2Index) has(k model.Kind, id string) bool { return x.ids[model.Ref{Kind: k, ID: id}] }

// add records an object of the world; false when it is already there
// (the same object in two files, such as two pages of one response).
func (x *ec2Index) add(k model.Kind, id string) bool {
	if id == "" || x.has(k, id) {
		return false
	}
	x.ids[model.Ref{Kind: k, ID: id}] = true
	return true
}

// buildEC2 turns the responses into objects, in an order where each
// reference names an object already built (aws-rules 11.2.1).
func (b *builder) buildEC2() {
	x := &ec2Index{ids: map[model.Ref]bool{}, vpc: map[string]int{}, subnet: map[string]int{}, reached: map[model.Ref]bool{},
		enis: map[string]at[ec2types.NetworkInterface]{}, gateways: map[string]bool{}, gwlb: map[string]bool{},
		gatewayTables: map[string][]string{}, outsidePeer: map[string]string{}, plUnknown: map[string]bool{}, instanceENIs: map[string]bool{}}
	for i, v := range b.w.VPCs {
		x.vpc[v.ID] = i
		x.add(model.KindVPC, v.ID)
	}
	for _, o := range b.w.TransitGateways {
		x.add(model.KindTransitGateway, o.ID)
	}
	for _, e := range b.ec2.lists.enis {
		if id := str(e.v.NetworkInterfaceId); id != "" {
			if _, dup := x.enis[id]; !dup {
				x.enis[id] = e
			}
		}
	}
	b.dhcpOptions(x)
	b.subnets(x)
	b.prefixLists(x)
	b.internetGateways(x)
	b.natGateways(x)
	b.instances(x)
	b.peerings(x)
	b.endpoints(x)
	b.routeTables(x)
	b.endpointTables(x)
	b.securityGroups(x)
	b.networkACLs(x)
	b.vpcCompleteness()
}

// inVPC reports whether vpc is a VPC of the world. An object of another
// VPC is left out: the first time, the VPC is listed as missing, with the
// command that describes it (aws-rules 11.2.1).
func (b *builder) inVPC(x *ec2Index, vpc string, p model.Pos) bool {
	if vpc == "" {
		return false
	}
	return b.reach(x, model.KindVPC, vpc, cmdDescribeVPCs+" --vpc-ids "+vpc, p)
}

// inSubnet is inVPC for a subnet.
func (b *builder) inSubnet(x *ec2Index, subnet string, p model.Pos) bool {
	if subnet == "" {
		return false
	}
	return b.reach(x, model.KindSubnet, subnet, cmdDescribeSubnets+" --subnet-ids "+subnet, p)
}

// reach reports whether the object is in the world, and lists it as
// missing once when it is not.
func (b *builder) reach(x *ec2Index, k model.Kind, id, command string, p model.Pos) bool {
	if x.has(k, id) {
		return true
	}
	if r := (model.Ref{Kind: k, ID: id}); !x.reached[r] {
		x.reached[r] = true
		b.warnf(p, CodeMissing, "%s %s is not in the snapshot: what refers to it is left out; add the output of %s", k, id, command)
		b.missing(k, id, "", command, p)
	}
	return false
}

// dhcpOptions reads describe-dhcp-options, and checks the option sets the
// VPCs name. "default" names AWS's own set, AmazonProvidedDNS (aws-rules
// 11.2.6).
func (b *builder) dhcpOptions(x *ec2Index) {
	for _, o := range b.ec2.lists.dhcp {
		id := str(o.v.DhcpOptionsId)
		if !b.once(x, model.KindDHCPOptions, id, o.v, o.pos) {
			continue
		}
		opts := model.DHCPOptions{ID: id, Source: o.pos}
		for _, c := range o.v.DhcpConfigurations {
			var values []string
			for _, v := range c.Values {
				values = append(values, str(v.Value))
			}
			switch str(c.Key) {
			case "domain-name-servers":
				opts.DomainNameServers = values
			case "domain-name":
				opts.DomainName = strings.Join(values, " ")
			}
		}
		b.w.DHCPOptions = append(b.w.DHCPOptions, opts)
	}
	for i := range b.w.VPCs {
		v := &b.w.VPCs[i]
		if v.DHCPOptions == "" || x.has(model.KindDHCPOptions, v.DHCPOptions) {
			continue
		}
		b.missing(model.KindVPC, v.ID, "dhcp_options", cmdDescribeDHCP+" --dhcp-options-ids "+v.DHCPOptions, v.Source)
		v.DHCPOptions = ""
	}
}

// subnets reads describe-subnets.
func (b *builder) subnets(x *ec2Index) {
	for _, s := range b.ec2.lists.subnets {
		id := str(s.v.SubnetId)
		if !b.freshInVPC(x, model.KindSubnet, id, s.v, s.pos, str(s.v.VpcId), s.field("VpcId")) {
			continue
		}
		sub := model.Subnet{ID: id, Source: s.pos, VPC: str(s.v.VpcId), AZ: str(s.v.AvailabilityZone),
			MapPublicIPOnLaunch: on(s.v.MapPublicIpOnLaunch), IPv6Native: on(s.v.Ipv6Native), EnableDNS64: on(s.v.EnableDns64)}
		if c := s.v.CidrBlock; c != nil {
			sub.CIDR, _ = b.prefix(*c, s.field("CidrBlock"))
		}
		for i, a := range s.v.Ipv6CidrBlockAssociationSet {
			if a.Ipv6CidrBlockState != nil && a.Ipv6CidrBlockState.State != ec2types.SubnetCidrBlockStateCodeAssociated {
				continue
			}
			if p, ok := b.prefix(str(a.Ipv6CidrBlock), s.field(fmt.Sprintf("Ipv6CidrBlockAssociationSet/%d/Ipv6CidrBlock", i))); ok {
				sub.IPv6CIDR = p
				break
			}
		}
		x.subnet[id] = len(b.w.Subnets)
		b.w.Subnets = append(b.w.Subnets, sub)
	}
}

// on is the value of an optional boolean, false for nil.
func on(p *bool) bool { return p != nil && *p }

// prefixLists reads describe-managed-prefix-lists, describe-prefix-lists
// and get-managed-prefix-list-entries (aws-rules 11.2.9).
func (b *builder) prefixLists(x *ec2Index) {
	for _, l := range b.ec2.lists.managedLists {
		id, name := str(l.v.PrefixListId), str(l.v.PrefixListName)
		if !b.once(x, model.KindPrefixList, id, l.v, l.pos) {
			continue
		}
		pl := model.PrefixList{ID: id, Source: l.pos, Name: name}
		if str(l.v.OwnerId) == "AWS" && model.IsAWSManagedPrefixList(name) {
			pl.AWSService = name
		} else if entries, ok := b.ec2.plEntries[id]; ok {
			for _, e := range entries {
				if p, ok := b.prefix(str(e.v.Cidr), e.field("Cidr")); ok {
					pl.Entries = append(pl.Entries, p)
				}
			}
		} else {
			x.plUnknown[id] = true
		}
		b.w.PrefixLists = append(b.w.PrefixLists, pl)
	}
	for _, l := range b.ec2.lists.awsLists {
		id, name := str(l.v.PrefixListId), str(l.v.PrefixListName)
		if !b.once(x, model.KindPrefixList, id, l.v, l.pos) {
			continue
		}
		pl := model.PrefixList{ID: id, Source: l.pos, Name: name}
		if model.IsAWSManagedPrefixList(name) {
			pl.AWSService = name
		} else {
			for i, c := range l.v.Cidrs {
				if p, ok := b.prefix(c, l.field(fmt.Sprintf("Cidrs/%d", i))); ok {
					pl.Entries = append(pl.Entries, p)
				}
			}
		}
		b.w.PrefixLists = append(b.w.PrefixLists, pl)
	}
}

// prefixListCommand is what gives a prefix list and its entries.
func prefixListCommand(id string) string {
	return cmdDescribeManagedPLs + " --prefix-list-ids " + id + " and " + cmdPrefixListEntries + " --prefix-list-id " + id
}

// knownPrefixList reports whether rules and routes may name the list:
// it is in the world, with its entries or as an AWS service's list.
func (x *ec2Index) knownPrefixList(id string) bool {
	return x.has(model.KindPrefixList, id) && !x.plUnknown[id]
}

// internetGateways reads describe-internet-gateways and
// describe-egress-only-internet-gateways. A gateway is attached to the
// VPC of its attachment in state "available" or "attached" (aws-rules
// 11.2.4).
func (b *builder) internetGateways(x *ec2Index) {
	for _, g := range b.ec2.lists.igws {
		id := str(g.v.InternetGatewayId)
		if !b.once(x, model.KindInternetGateway, id, g.v, g.pos) {
			continue
		}
		b.w.InternetGateways = append(b.w.InternetGateways, model.InternetGateway{ID: id, Source: g.pos, VPC: attachedVPC(x, g.v.Attachments)})
	}
	for _, g := range b.ec2.lists.eigws {
		id := str(g.v.EgressOnlyInternetGatewayId)
		if !b.once(x, model.KindEgressOnlyGateway, id, g.v, g.pos) {
			continue
		}
		b.w.EgressOnlyGateways = append(b.w.EgressOnlyGateways, model.EgressOnlyGateway{ID: id, Source: g.pos, VPC: attachedVPC(x, g.v.Attachments)})
	}
}

// attachedVPC is the VPC of the world a gateway is attached to; "" for
// none.
func attachedVPC(x *ec2Index, as []ec2types.InternetGatewayAttachment) string {
	for _, a := range as {
		switch a.State {
		case ec2types.AttachmentStatusAttached, "available":
			if vpc := str(a.VpcId); x.has(model.KindVPC, vpc) {
				return vpc
			}
		}
	}
	return ""
}

// natGateways reads describe-nat-gateways. Deleted and failed gateways
// are left out: they forward nothing; a deleting one may still forward
// and is kept; a pending one is not ready yet, and what it does is
// unknown (aws-rules 11.2.4).
func (b *builder) natGateways(x *ec2Index) {
	for _, g := range b.ec2.lists.nats {
		id := str(g.v.NatGatewayId)
		if g.v.State == ec2types.NatGatewayStateDeleted || g.v.State == ec2types.NatGatewayStateFailed ||
			b.repeat(x, model.KindNATGateway, id, g.v, g.pos) || !b.inSubnet(x, str(g.v.SubnetId), g.field("SubnetId")) {
			continue
		}
		b.once(x, model.KindNATGateway, id, g.v, g.pos)
		nat := model.NATGateway{ID: id, Source: g.pos, Subnet: str(g.v.SubnetId), Private: g.v.ConnectivityType == ec2types.ConnectivityTypePrivate}
		if !nat.Private {
			nat.ElasticIP = natAddress(g.v.NatGatewayAddresses)
		}
		if g.v.State == ec2types.NatGatewayStatePending {
			b.w.Unknowns = append(b.w.Unknowns, model.Unknown{ID: id, Kind: model.KindNATGateway, Field: "State", Source: g.field("State"),
				Why: "the NAT gateway is pending, not yet ready to process traffic", Fix: "collect the snapshot again once the NAT gateway is available (" + cmdDescribeNATs + " --nat-gateway-ids " + id + ")"})
		}
		b.w.NATGateways = append(b.w.NATGateways, nat)
	}
}

// natAddress is the allocation ID (else the address) of a public NAT
// gateway's primary Elastic IP.
func natAddress(as []ec2types.NatGatewayAddress) string {
	i := slices.IndexFunc(as, func(a ec2types.NatGatewayAddress) bool { return on(a.IsPrimary) })
	if i < 0 {
		i = slices.IndexFunc(as, func(a ec2types.NatGatewayAddress) bool { return a.AllocationId != nil || a.PublicIp != nil })
	}
	if i < 0 {
		return ""
	}
	if id := str(as[i].AllocationId); id != "" {
		return id
	}
	return str(as[i].PublicIp)
}

// peerings reads describe-vpc-peering-connections. A connection joins two
// VPCs of the world, and is active only in state "active"; one with a
// side outside the snapshot is no object, and routes to it are unknown
// (aws-rules 11.2.5).
func (b *builder) peerings(x *ec2Index) {
	for _, p := range b.ec2.lists.peerings {
		id := str(p.v.VpcPeeringConnectionId)
		if id == "" || x.has(model.KindPeering, id) || x.outsidePeer[id] != "" {
			continue
		}
		req, acc := p.v.RequesterVpcInfo, p.v.AccepterVpcInfo
		var outside []string
		for _, side := range []*ec2types.VpcPeeringConnectionVpcInfo{req, acc} {
			if side == nil || !x.has(model.KindVPC, str(side.VpcId)) {
				outside = append(outside, describeSide(side))
			}
		}
		if len(outside) > 0 {
			x.outsidePeer[id] = fmt.Sprintf("it joins %s, which the snapshot does not describe", strings.Join(outside, " and "))
			continue
		}
		x.add(model.KindPeering, id)
		active := p.v.Status != nil && p.v.Status.Code == ec2types.VpcPeeringConnectionStateReasonCodeActive
		b.w.Peerings = append(b.w.Peerings, model.Peering{ID: id, Source: p.pos, VPC: str(req.VpcId), PeerVPC: str(acc.VpcId), Active: active})
	}
}

// describeSide names one VPC of a peering connection for a message.
func describeSide(v *ec2types.VpcPeeringConnectionVpcInfo) string {
	if v == nil {
		return "a VPC the response does not name"
	}
	s := "vpc " + str(v.VpcId)
	var where []string
	if o := str(v.OwnerId); o != "" {
		where = append(where, "account "+o)
	}
	if r := str(v.Region); r != "" {
		where = append(where, "region "+r)
	}
	if len(where) > 0 {
		s += " (" + strings.Join(where, ", ") + ")"
	}
	return s
}

// vpcCompleteness lists, per VPC, the responses every path from it needs
// that the folder lacks: without its route tables or network ACLs no
// path from the VPC can be decided (aws-rules 11.2.1).
func (b *builder) vpcCompleteness() {
	for _, v := range b.w.VPCs {
		filter := " --filters Name=vpc-id,Values=" + v.ID
		switch {
		case !b.has(cmdDescribeRouteTables):
			b.missing(model.KindVPC, v.ID, "route tables", cmdDescribeRouteTables+filter, v.Source)
		case v.MainRouteTable == "":
			b.missing(model.KindVPC, v.ID, "main route table", cmdDescribeRouteTables+" --filters Name=vpc-id,Values="+v.ID+" Name=association.main,Values=true", v.Source)
		}
		switch {
		case !b.has(cmdDescribeACLs):
			b.missing(model.KindVPC, v.ID, "network ACLs", cmdDescribeACLs+filter, v.Source)
		case v.DefaultNetworkACL == "":
			b.missing(model.KindVPC, v.ID, "default network ACL", cmdDescribeACLs+" --filters Name=vpc-id,Values="+v.ID+" Name=default,Values=true", v.Source)
		}
	}
}
