package snapshot_test

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	resolvertypes "github.com/aws/aws-sdk-go-v2/service/route53resolver/types"

	"github.com/vpctrace/vpctrace/model"
)

// encoder writes a model.World as the AWS CLI v2 JSON files of an account
// snapshot folder: the responses the snapshot reader reads, built from the
// AWS SDK for Go v2 output types so that their shapes are AWS's. Objects
// get AWS-style IDs (ids maps them back to the world's IDs); what AWS
// creates with a VPC and a scenario leaves implicit (the main route table,
// the default network ACL and security group, the local routes, Resolver's
// rule for the root) is written as AWS prints it. A setting no response of
// a snapshot can hold is an error (unsupported), never left out.
type encoder struct {
	w       *model.World
	region  string
	account string
	// ids maps the snapshot's AWS IDs and ARNs to the world's IDs, as
	// twin.ids does.
	ids   map[string]string
	aws   map[model.Ref]string
	next  int
	files map[string]any
	// texts are replacements in the snapshot's report for what differs
	// by construction, as twin.texts.
	texts [][2]string
	// unsupported lists what the world has that no snapshot response
	// holds, or that the encoder does not write.
	unsupported []string
}

// encodeWorld returns the snapshot files of w (file name -> JSON value)
// and the ID table, or what it cannot encode.
func encodeWorld(w *model.World) (*encoder, error) {
	e := &encoder{w: w, region: w.Region, account: w.Account, ids: map[string]string{}, aws: map[model.Ref]string{}, files: map[string]any{}}
	e.checkSupported()
	if len(e.unsupported) > 0 {
		return nil, fmt.Errorf("cannot encode: %s", strings.Join(e.unsupported, "; "))
	}
	meta := map[string]string{"region": e.region, "collected_at": "2026-12-01T00:00:00+00:00"}
	if w.AccountFrom != "" {
		meta["account"] = e.account
	}
	e.files["snapshot.json"] = meta
	e.vpcs()
	e.subnets()
	e.routeTables()
	e.gateways()
	e.instances()
	e.endpoints()
	e.securityGroups()
	e.networkACLs()
	e.dhcpOptions()
	e.prefixLists()
	e.peerings()
	e.transit()
	e.hostedZones()
	e.resolverRules()
	e.ecs()
	e.efs()
	if len(e.unsupported) > 0 {
		return nil, fmt.Errorf("cannot encode: %s", strings.Join(e.unsupported, "; "))
	}
	return e, nil
}

// write writes the files into dir.
func (e *encoder) write(dir string) error {
	for name, v := range e.files {
		data, err := json.MarshalIndent(clean(v), "", "    ")
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(data, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// clean returns v as encoding/json marshals it, without the members the
// SDK types leave nil or empty: the CLI prints no member the API response
// lacks (a nil pointer marshals as null, an unset enum as "").
func clean(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var x any
	if err := json.Unmarshal(data, &x); err != nil {
		panic(err)
	}
	return prune(x)
}

func prune(x any) any {
	switch t := x.(type) {
	case map[string]any:
		for k, v := range t {
			if v == nil || v == "" {
				delete(t, k)
				continue
			}
			t[k] = prune(v)
		}
	case []any:
		for i, v := range t {
			t[i] = prune(v)
		}
	}
	return x
}

func (e *encoder) unsupportedf(format string, args ...any) {
	e.unsupported = append(e.unsupported, fmt.Sprintf(format, args...))
}

// checkSupported lists what the world has that no response the snapshot
// reader reads holds.
func (e *encoder) checkSupported() {
	w := e.w
	for _, f := range []struct {
		n    int
		what string
	}{
		{len(w.NetworkFirewalls), "network firewalls"},
		{len(w.FirewallRuleGroups) + len(w.FirewallDomainLists), "DNS Firewall"},
		{len(w.BlockPublicAccess) + len(w.BPAExclusions), "VPC Block Public Access"},
		{len(w.PullThroughCacheRules), "ECR pull through cache rules"},
		{len(w.AutoScalingGroups), "auto scaling groups (capacity providers)"},
		{len(w.Unknowns), "unknowns"},
	} {
		if f.n > 0 {
			e.unsupportedf("%s", f.what)
		}
	}
	for _, b := range w.Buckets {
		// No response of a snapshot gives a bucket's region: the
		// simulator then takes the task's, which must be the bucket's for
		// the verdicts to agree.
		if b.Region != "" && b.Region != w.Region {
			e.unsupportedf("bucket %s of region %s (no snapshot response gives a bucket's region)", b.Name, b.Region)
		}
	}
	for _, v := range w.VPCs {
		if v.Region != "" && v.Region != w.Region || v.Account != "" && v.Account != w.Account {
			e.unsupportedf("vpc %s of another region or account", v.ID)
		}
	}
	for _, c := range w.Clusters {
		if c.Region != "" && c.Region != w.Region {
			e.unsupportedf("cluster %s of another region", c.ID)
		}
	}
	for _, s := range w.Services {
		if s.Standalone {
			e.unsupportedf("standalone task %s (a snapshot holds services)", s.ID)
		}
		if len(s.TaskDefinitionCandidates) > 0 {
			e.unsupportedf("service %s runs one of several task definitions", s.ID)
		}
	}
	for _, i := range w.Instances {
		if i.Cluster != "" {
			e.unsupportedf("container instance %s", i.ID)
		}
	}
	for _, td := range w.TaskDefinitions {
		for _, c := range td.Containers {
			if len(c.Unknowns) > 0 {
				e.unsupportedf("container %s of %s has unknown settings", c.Name, td.ID)
			}
		}
	}
}

// id returns the AWS ID of the world's object (k, id), made of prefix and
// 17 hex digits unique in the snapshot, so that no ID is a part of
// another.
func (e *encoder) id(k model.Kind, prefix, id string) string {
	r := model.Ref{Kind: k, ID: id}
	if a, ok := e.aws[r]; ok {
		return a
	}
	e.next++
	a := fmt.Sprintf("%s0e1c%013x", prefix, e.next)
	e.aws[r] = a
	e.ids[a] = id
	return a
}

// ids of the kinds the encoder writes.
func (e *encoder) vpcID(id string) string    { return e.id(model.KindVPC, "vpc-", id) }
func (e *encoder) subnetID(id string) string { return e.id(model.KindSubnet, "subnet-", id) }
func (e *encoder) rtbID(id string) string    { return e.id(model.KindRouteTable, "rtb-", id) }
func (e *encoder) sgID(id string) string     { return e.id(model.KindSecurityGroup, "sg-", id) }
func (e *encoder) aclID(id string) string    { return e.id(model.KindNetworkACL, "acl-", id) }
func (e *encoder) sgIDs(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		out = append(out, e.sgID(id))
	}
	return out
}
func (e *encoder) subnetIDs(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		out = append(out, e.subnetID(id))
	}
	return out
}

func (e *encoder) arn(service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, e.region, e.account, resource)
}

func ptr[T any](v T) *T { return &v }

func (e *encoder) vpc(id string) *model.VPC {
	for i := range e.w.VPCs {
		if e.w.VPCs[i].ID == id {
			return &e.w.VPCs[i]
		}
	}
	return nil
}

func (e *encoder) subnet(id string) *model.Subnet {
	for i := range e.w.Subnets {
		if e.w.Subnets[i].ID == id {
			return &e.w.Subnets[i]
		}
	}
	return nil
}

// mainTable is the ID of a VPC's main route table: the world's, or the
// one AWS creates, which the simulator names so when the world has none.
func (e *encoder) mainTable(v model.VPC) string {
	if v.MainRouteTable != "" {
		return e.rtbID(v.MainRouteTable)
	}
	return e.id(model.KindRouteTable, "rtb-", v.ID+" (main route table)")
}

// defaultSG is the ID of a VPC's default security group, named as the
// simulator names the one it adds when the world has none.
func (e *encoder) defaultSG(v model.VPC) string {
	if v.DefaultSecurityGroup != "" {
		return e.sgID(v.DefaultSecurityGroup)
	}
	return e.sgID("default security group of " + v.ID)
}

func (e *encoder) vpcs() {
	var out []ec2types.Vpc
	for _, v := range e.w.VPCs {
		id := e.vpcID(v.ID)
		o := ec2types.Vpc{VpcId: ptr(id), State: ec2types.VpcStateAvailable, OwnerId: ptr(e.account), IsDefault: ptr(false),
			DhcpOptionsId: ptr("default"), InstanceTenancy: ec2types.TenancyDefault}
		if v.DHCPOptions != "" {
			o.DhcpOptionsId = ptr(e.id(model.KindDHCPOptions, "dopt-", v.DHCPOptions))
		}
		for i, c := range v.CIDRs {
			if i == 0 {
				o.CidrBlock = ptr(c.String())
			}
			o.CidrBlockAssociationSet = append(o.CidrBlockAssociationSet, ec2types.VpcCidrBlockAssociation{
				AssociationId: ptr(fmt.Sprintf("vpc-cidr-assoc-%s-%d", id[4:], i)), CidrBlock: ptr(c.String()),
				CidrBlockState: &ec2types.VpcCidrBlockState{State: ec2types.VpcCidrBlockStateCodeAssociated}})
		}
		for i, c := range v.IPv6CIDRs {
			o.Ipv6CidrBlockAssociationSet = append(o.Ipv6CidrBlockAssociationSet, ec2types.VpcIpv6CidrBlockAssociation{
				AssociationId: ptr(fmt.Sprintf("vpc-cidr-assoc-%s-6%d", id[4:], i)), Ipv6CidrBlock: ptr(c.String()),
				Ipv6CidrBlockState: &ec2types.VpcCidrBlockState{State: ec2types.VpcCidrBlockStateCodeAssociated}})
		}
		out = append(out, o)
		e.files[fmt.Sprintf("vpc-attribute-%s-enableDnsSupport.json", id)] = map[string]any{
			"VpcId": id, "EnableDnsSupport": ec2types.AttributeBooleanValue{Value: ptr(v.EnableDNSSupport)}}
		e.files[fmt.Sprintf("vpc-attribute-%s-enableDnsHostnames.json", id)] = map[string]any{
			"VpcId": id, "EnableDnsHostnames": ec2types.AttributeBooleanValue{Value: ptr(v.EnableDNSHostnames)}}
	}
	e.files["vpcs.json"] = map[string]any{"Vpcs": out}
}

func (e *encoder) subnets() {
	out := []ec2types.Subnet{}
	for _, s := range e.w.Subnets {
		id := e.subnetID(s.ID)
		o := ec2types.Subnet{SubnetId: ptr(id), VpcId: ptr(e.vpcID(s.VPC)), AvailabilityZone: ptr(s.AZ), State: ec2types.SubnetStateAvailable,
			MapPublicIpOnLaunch: ptr(s.MapPublicIPOnLaunch), Ipv6Native: ptr(s.IPv6Native), EnableDns64: ptr(s.EnableDNS64),
			OwnerId: ptr(e.account), SubnetArn: ptr(e.arn("ec2", "subnet/"+id)), DefaultForAz: ptr(false)}
		if s.CIDR.IsValid() {
			o.CidrBlock = ptr(s.CIDR.String())
		}
		if s.IPv6CIDR.IsValid() {
			o.Ipv6CidrBlockAssociationSet = []ec2types.SubnetIpv6CidrBlockAssociation{{AssociationId: ptr("subnet-cidr-assoc-" + id[7:]),
				Ipv6CidrBlock: ptr(s.IPv6CIDR.String()), Ipv6CidrBlockState: &ec2types.SubnetCidrBlockState{State: ec2types.SubnetCidrBlockStateCodeAssociated}}}
		}
		out = append(out, o)
	}
	e.files["subnets.json"] = map[string]any{"Subnets": out}
}

// localRoutes are the routes AWS gives every table of the VPC.
func (e *encoder) localRoutes(vpc string) []ec2types.Route {
	var out []ec2types.Route
	v := e.vpc(vpc)
	if v == nil {
		return nil
	}
	for _, c := range v.CIDRs {
		out = append(out, ec2types.Route{DestinationCidrBlock: ptr(c.String()), GatewayId: ptr("local"), Origin: ec2types.RouteOriginCreateRouteTable, State: ec2types.RouteStateActive})
	}
	for _, c := range v.IPv6CIDRs {
		out = append(out, ec2types.Route{DestinationIpv6CidrBlock: ptr(c.String()), GatewayId: ptr("local"), Origin: ec2types.RouteOriginCreateRouteTable, State: ec2types.RouteStateActive})
	}
	return out
}

func (e *encoder) routeTables() {
	out := []ec2types.RouteTable{}
	described := map[string]bool{}
	for _, t := range e.w.RouteTables {
		described[t.ID] = true
		id := e.rtbID(t.ID)
		o := ec2types.RouteTable{RouteTableId: ptr(id), VpcId: ptr(e.vpcID(t.VPC)), OwnerId: ptr(e.account), Routes: e.localRoutes(t.VPC)}
		for _, r := range t.Routes {
			if r.Target == model.TargetLocal {
				continue
			}
			if rr, ok := e.route(t.ID, r); ok {
				o.Routes = append(o.Routes, rr)
			}
		}
		o.Associations = e.tableAssociations(t.ID, t.VPC)
		out = append(out, o)
	}
	for _, v := range e.w.VPCs {
		if v.MainRouteTable != "" && described[v.MainRouteTable] {
			continue
		}
		if v.MainRouteTable != "" {
			e.unsupportedf("vpc %s names main route table %s, which the world does not describe", v.ID, v.MainRouteTable)
			continue
		}
		id := e.mainTable(v)
		out = append(out, ec2types.RouteTable{RouteTableId: ptr(id), VpcId: ptr(e.vpcID(v.ID)), OwnerId: ptr(e.account), Routes: e.localRoutes(v.ID),
			Associations: []ec2types.RouteTableAssociation{{Main: ptr(true), RouteTableId: ptr(id), RouteTableAssociationId: ptr("rtbassoc-" + id[4:]),
				AssociationState: &ec2types.RouteTableAssociationState{State: ec2types.RouteTableAssociationStateCodeAssociated}}}})
	}
	e.files["route-tables.json"] = map[string]any{"RouteTables": out}
}

// tableAssociations are the table's associations: main, and the subnets
// the world associates with it explicitly.
func (e *encoder) tableAssociations(table, vpc string) []ec2types.RouteTableAssociation {
	id := e.rtbID(table)
	state := &ec2types.RouteTableAssociationState{State: ec2types.RouteTableAssociationStateCodeAssociated}
	out := []ec2types.RouteTableAssociation{}
	if v := e.vpc(vpc); v != nil && v.MainRouteTable == table {
		out = append(out, ec2types.RouteTableAssociation{Main: ptr(true), RouteTableId: ptr(id), RouteTableAssociationId: ptr("rtbassoc-" + id[4:]), AssociationState: state})
	}
	for _, s := range e.w.Subnets {
		if s.RouteTable == table {
			sid := e.subnetID(s.ID)
			out = append(out, ec2types.RouteTableAssociation{Main: ptr(false), RouteTableId: ptr(id), SubnetId: ptr(sid),
				RouteTableAssociationId: ptr("rtbassoc-" + sid[7:]), AssociationState: state})
		}
	}
	return out
}

func (e *encoder) route(table string, r model.Route) (ec2types.Route, bool) {
	o := ec2types.Route{Origin: ec2types.RouteOriginCreateRoute, State: ec2types.RouteStateActive}
	if r.Propagated {
		o.Origin = ec2types.RouteOriginEnableVgwRoutePropagation
	}
	if r.Blackhole {
		o.State = ec2types.RouteStateBlackhole
	}
	switch {
	case r.Undetermined != "":
		e.unsupportedf("route table %s: undetermined route %s", table, r.Undetermined)
		return o, false
	case r.DestinationPrefixList != "":
		o.DestinationPrefixListId = ptr(e.prefixListID(r.DestinationPrefixList))
	case r.Destination.Addr().Is4():
		o.DestinationCidrBlock = ptr(r.Destination.String())
	default:
		o.DestinationIpv6CidrBlock = ptr(r.Destination.String())
	}
	t := r.TargetID
	switch r.Target {
	case model.TargetInternetGateway:
		o.GatewayId = ptr(e.id(model.KindInternetGateway, "igw-", t))
	case model.TargetNATGateway:
		o.NatGatewayId = ptr(e.id(model.KindNATGateway, "nat-", t))
	case model.TargetEgressOnlyGateway:
		o.EgressOnlyInternetGatewayId = ptr(e.id(model.KindEgressOnlyGateway, "eigw-", t))
	case model.TargetGatewayEndpoint:
		o.GatewayId = ptr(e.id(model.KindEndpoint, "vpce-", t))
	case model.TargetTransitGateway:
		o.TransitGatewayId = ptr(e.id(model.KindTransitGateway, "tgw-", t))
	case model.TargetPeering:
		o.VpcPeeringConnectionId = ptr(e.id(model.KindPeering, "pcx-", t))
	case model.TargetInstance:
		o.InstanceId = ptr(e.id(model.KindInstance, "i-", t))
		o.InstanceOwnerId = ptr(e.account)
		for _, in := range e.w.Instances {
			if in.ID == t && in.NetworkInterface != "" {
				o.NetworkInterfaceId = ptr(e.id(model.KindNetworkInterface, "eni-", in.NetworkInterface))
			}
		}
	case model.TargetNetworkInterface:
		o.NetworkInterfaceId = ptr(e.id(model.KindNetworkInterface, "eni-", t))
	case model.TargetVPNGateway:
		o.GatewayId = ptr(e.id(model.KindVPNGateway, "vgw-", t))
	default:
		e.unsupportedf("route table %s: route target %s", table, r.Target)
		return o, false
	}
	return o, true
}

// prefixListID is the ID of a prefix list the world names: its AWS ID, or
// an AWS-managed list's ID (the model names those by service name).
func (e *encoder) prefixListID(id string) string {
	return e.id(model.KindPrefixList, "pl-", id)
}

func (e *encoder) gateways() {
	igws := []ec2types.InternetGateway{}
	for _, g := range e.w.InternetGateways {
		o := ec2types.InternetGateway{InternetGatewayId: ptr(e.id(model.KindInternetGateway, "igw-", g.ID)), OwnerId: ptr(e.account), Attachments: []ec2types.InternetGatewayAttachment{}}
		if g.VPC != "" {
			o.Attachments = append(o.Attachments, ec2types.InternetGatewayAttachment{State: "available", VpcId: ptr(e.vpcID(g.VPC))})
		}
		igws = append(igws, o)
	}
	e.files["internet-gateways.json"] = map[string]any{"InternetGateways": igws}
	if len(e.w.EgressOnlyGateways) > 0 {
		var out []ec2types.EgressOnlyInternetGateway
		for _, g := range e.w.EgressOnlyGateways {
			o := ec2types.EgressOnlyInternetGateway{EgressOnlyInternetGatewayId: ptr(e.id(model.KindEgressOnlyGateway, "eigw-", g.ID))}
			if g.VPC != "" {
				o.Attachments = []ec2types.InternetGatewayAttachment{{State: ec2types.AttachmentStatusAttached, VpcId: ptr(e.vpcID(g.VPC))}}
			}
			out = append(out, o)
		}
		e.files["egress-only-internet-gateways.json"] = map[string]any{"EgressOnlyInternetGateways": out}
	}
	nats := []ec2types.NatGateway{}
	for _, g := range e.w.NATGateways {
		s := e.subnet(g.Subnet)
		o := ec2types.NatGateway{NatGatewayId: ptr(e.id(model.KindNATGateway, "nat-", g.ID)), SubnetId: ptr(e.subnetID(g.Subnet)),
			State: ec2types.NatGatewayStateAvailable, ConnectivityType: ec2types.ConnectivityTypePublic}
		if s != nil {
			o.VpcId = ptr(e.vpcID(s.VPC))
		}
		if g.Private {
			o.ConnectivityType = ec2types.ConnectivityTypePrivate
		}
		switch {
		case strings.HasPrefix(g.ElasticIP, "eipalloc-"):
			o.NatGatewayAddresses = []ec2types.NatGatewayAddress{{AllocationId: ptr(g.ElasticIP), IsPrimary: ptr(true), Status: ec2types.NatGatewayAddressStatusSucceeded}}
		case g.ElasticIP != "":
			o.NatGatewayAddresses = []ec2types.NatGatewayAddress{{PublicIp: ptr(g.ElasticIP), IsPrimary: ptr(true), Status: ec2types.NatGatewayAddressStatusSucceeded}}
		}
		nats = append(nats, o)
	}
	e.files["nat-gateways.json"] = map[string]any{"NatGateways": nats}
}

func (e *encoder) instances() {
	if len(e.w.Instances) == 0 {
		return
	}
	var res []ec2types.Reservation
	for _, in := range e.w.Instances {
		s := e.subnet(in.Subnet)
		id := e.id(model.KindInstance, "i-", in.ID)
		o := ec2types.Instance{InstanceId: ptr(id), SubnetId: ptr(e.subnetID(in.Subnet)), State: &ec2types.InstanceState{Name: ec2types.InstanceStateNameRunning, Code: ptr[int32](16)}}
		var groups []ec2types.GroupIdentifier
		for _, g := range in.SecurityGroups {
			groups = append(groups, ec2types.GroupIdentifier{GroupId: ptr(e.sgID(g)), GroupName: ptr(g)})
		}
		o.SecurityGroups = groups
		if s != nil {
			o.VpcId = ptr(e.vpcID(s.VPC))
		}
		if in.SourceDestCheck != model.Unset {
			o.SourceDestCheck = ptr(in.SourceDestCheck == model.True)
		} else {
			o.SourceDestCheck = ptr(true)
		}
		if in.PrivateIP.IsValid() {
			o.PrivateIpAddress = ptr(in.PrivateIP.String())
		}
		public := in.AssociatePublicIP.Or(s != nil && s.MapPublicIPOnLaunch) || in.ElasticIP != ""
		eni := ec2types.InstanceNetworkInterface{Attachment: &ec2types.InstanceNetworkInterfaceAttachment{DeviceIndex: ptr[int32](0), Status: ec2types.AttachmentStatusAttached},
			Groups: groups, SubnetId: o.SubnetId, VpcId: o.VpcId, PrivateIpAddress: o.PrivateIpAddress}
		if in.NetworkInterface != "" {
			eni.NetworkInterfaceId = ptr(e.id(model.KindNetworkInterface, "eni-", in.NetworkInterface))
		} else {
			eni.NetworkInterfaceId = ptr(e.id(model.KindNetworkInterface, "eni-", "primary interface of "+in.ID))
		}
		switch {
		case in.ElasticIP != "":
			o.PublicIpAddress = ptr("198.51.100.10")
			eni.Association = &ec2types.InstanceNetworkInterfaceAssociation{PublicIp: o.PublicIpAddress, IpOwnerId: ptr(e.account)}
			if !strings.HasPrefix(in.ElasticIP, "eipalloc-") {
				o.PublicIpAddress = ptr(in.ElasticIP)
				eni.Association.PublicIp = o.PublicIpAddress
			}
		case public:
			o.PublicIpAddress = ptr("203.0.113.10")
			eni.Association = &ec2types.InstanceNetworkInterfaceAssociation{PublicIp: o.PublicIpAddress, IpOwnerId: ptr("amazon")}
		}
		o.NetworkInterfaces = []ec2types.InstanceNetworkInterface{eni}
		if in.IAMRole != "" {
			e.unsupportedf("instance %s: IAM role", in.ID)
		}
		res = append(res, ec2types.Reservation{ReservationId: ptr(e.id("reservation", "r-", in.ID)), OwnerId: ptr(e.account), Instances: []ec2types.Instance{o}})
	}
	e.files["instances.json"] = map[string]any{"Reservations": res}
}

// defaultGatewayPolicy and defaultInterfacePolicy are the policies AWS
// prints for an endpoint created without one.
const (
	defaultGatewayPolicy   = `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	defaultInterfacePolicy = "{\n  \"Statement\": [\n    {\n      \"Action\": \"*\", \n      \"Effect\": \"Allow\", \n      \"Principal\": \"*\", \n      \"Resource\": \"*\"\n    }\n  ]\n}"
)

func (e *encoder) endpoints() {
	out := []ec2types.VpcEndpoint{}
	var enis []ec2types.NetworkInterface
	for _, ep := range e.w.Endpoints {
		id := e.id(model.KindEndpoint, "vpce-", ep.ID)
		v := e.vpc(ep.VPC)
		o := ec2types.VpcEndpoint{VpcEndpointId: ptr(id), VpcEndpointType: ec2types.VpcEndpointType(ep.Type), VpcId: ptr(e.vpcID(ep.VPC)),
			ServiceName: ptr(ep.ServiceName), State: "available", PrivateDnsEnabled: ptr(ep.PrivateDNS), OwnerId: ptr(e.account),
			RouteTableIds: []string{}, SubnetIds: []string{}, NetworkInterfaceIds: []string{}, PolicyDocument: ptr(ep.Policy)}
		if ep.Type == model.EndpointGateway {
			for _, t := range ep.RouteTables {
				o.RouteTableIds = append(o.RouteTableIds, e.rtbID(t))
			}
			if ep.Policy == "" {
				o.PolicyDocument = ptr(defaultGatewayPolicy)
			}
		} else {
			if ep.Policy == "" {
				o.PolicyDocument = ptr(defaultInterfacePolicy)
			}
			o.SubnetIds = e.subnetIDs(ep.Subnets)
			groups := ep.SecurityGroups
			if len(groups) == 0 && v != nil {
				o.Groups = []ec2types.SecurityGroupIdentifier{{GroupId: ptr(e.defaultSG(*v)), GroupName: ptr("default")}}
			}
			for _, g := range groups {
				o.Groups = append(o.Groups, ec2types.SecurityGroupIdentifier{GroupId: ptr(e.sgID(g)), GroupName: ptr(g)})
			}
			o.IpAddressType = ec2types.IpAddressType(ep.IPAddressType)
			if o.IpAddressType == "" {
				o.IpAddressType = ec2types.IpAddressTypeIpv4
			}
			o.DnsOptions = &ec2types.DnsOptions{DnsRecordIpType: ec2types.DnsRecordIpType(ep.DNSRecordIPType)}
			if o.DnsOptions.DnsRecordIpType == "" {
				o.DnsOptions.DnsRecordIpType = ec2types.DnsRecordIpTypeIpv4
			}
			if ep.PrivateDNSOnlyForInboundResolver != model.Unset {
				o.DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint = ptr(ep.PrivateDNSOnlyForInboundResolver == model.True)
			}
			for _, s := range ep.Subnets {
				ip, ok := ep.IPs[s]
				if !ok {
					continue
				}
				eni := e.id(model.KindNetworkInterface, "eni-", ep.ID+" in "+s)
				o.NetworkInterfaceIds = append(o.NetworkInterfaceIds, eni)
				enis = append(enis, ec2types.NetworkInterface{NetworkInterfaceId: ptr(eni), SubnetId: ptr(e.subnetID(s)), VpcId: o.VpcId,
					PrivateIpAddress: ptr(ip.String()), InterfaceType: ec2types.NetworkInterfaceTypeVpcEndpoint, Status: ec2types.NetworkInterfaceStatusInUse})
			}
		}
		out = append(out, o)
	}
	e.files["vpc-endpoints.json"] = map[string]any{"VpcEndpoints": out}
	if len(enis) > 0 {
		e.files["network-interfaces.json"] = map[string]any{"NetworkInterfaces": enis}
	}
}

func (e *encoder) securityGroups() {
	out := []ec2types.SecurityGroup{}
	has := map[string]bool{}
	for _, g := range e.w.SecurityGroups {
		has[g.ID] = true
		name := g.ID
		if v := e.vpc(g.VPC); v != nil && v.DefaultSecurityGroup == g.ID {
			name = "default"
		}
		out = append(out, e.securityGroup(g, name))
	}
	all := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
	for _, v := range e.w.VPCs {
		if v.DefaultSecurityGroup != "" {
			if !has[v.DefaultSecurityGroup] {
				e.unsupportedf("vpc %s names default security group %s, which the world does not describe", v.ID, v.DefaultSecurityGroup)
			}
			continue
		}
		id := "default security group of " + v.ID
		out = append(out, e.securityGroup(model.SecurityGroup{ID: id, VPC: v.ID,
			Ingress: []model.SGRule{{Protocol: model.ProtocolAll, Self: true}},
			Egress:  []model.SGRule{{Protocol: model.ProtocolAll, CIDRs: all}}}, "default"))
	}
	e.files["security-groups.json"] = map[string]any{"SecurityGroups": out}
}

func (e *encoder) securityGroup(g model.SecurityGroup, name string) ec2types.SecurityGroup {
	id := e.sgID(g.ID)
	o := ec2types.SecurityGroup{GroupId: ptr(id), GroupName: ptr(name), VpcId: ptr(e.vpcID(g.VPC)), OwnerId: ptr(e.account),
		Description: ptr("security group " + name), IpPermissions: []ec2types.IpPermission{}, IpPermissionsEgress: []ec2types.IpPermission{}}
	for _, r := range g.Ingress {
		o.IpPermissions = append(o.IpPermissions, e.permission(id, r))
	}
	for _, r := range g.Egress {
		o.IpPermissionsEgress = append(o.IpPermissionsEgress, e.permission(id, r))
	}
	return o
}

func (e *encoder) permission(group string, r model.SGRule) ec2types.IpPermission {
	p := ec2types.IpPermission{IpProtocol: ptr(r.Protocol), IpRanges: []ec2types.IpRange{}, Ipv6Ranges: []ec2types.Ipv6Range{},
		PrefixListIds: []ec2types.PrefixListId{}, UserIdGroupPairs: []ec2types.UserIdGroupPair{}}
	if r.Protocol != model.ProtocolAll {
		p.FromPort, p.ToPort = ptr(int32(r.FromPort)), ptr(int32(r.ToPort))
	}
	desc := func() *string {
		if r.Description == "" {
			return nil
		}
		return ptr(r.Description)
	}
	for _, c := range r.CIDRs {
		if c.Addr().Is4() {
			p.IpRanges = append(p.IpRanges, ec2types.IpRange{CidrIp: ptr(c.String()), Description: desc()})
		} else {
			p.Ipv6Ranges = append(p.Ipv6Ranges, ec2types.Ipv6Range{CidrIpv6: ptr(c.String()), Description: desc()})
		}
	}
	for _, l := range r.PrefixLists {
		p.PrefixListIds = append(p.PrefixListIds, ec2types.PrefixListId{PrefixListId: ptr(e.prefixListID(l)), Description: desc()})
	}
	if r.Self {
		p.UserIdGroupPairs = append(p.UserIdGroupPairs, ec2types.UserIdGroupPair{GroupId: ptr(group), UserId: ptr(e.account), Description: desc()})
	}
	for _, g := range r.SecurityGroups {
		p.UserIdGroupPairs = append(p.UserIdGroupPairs, ec2types.UserIdGroupPair{GroupId: ptr(e.sgID(g)), UserId: ptr(e.account), Description: desc()})
	}
	return p
}

// aclProtocol is the protocol as describe-network-acls prints it: a
// number, or -1.
func aclProtocol(p string) string {
	switch p {
	case model.ProtocolTCP:
		return "6"
	case model.ProtocolUDP:
		return "17"
	case "icmp":
		return "1"
	case "icmpv6":
		return "58"
	}
	return p
}

func (e *encoder) networkACLs() {
	out := []ec2types.NetworkAcl{}
	has := map[string]bool{}
	for _, a := range e.w.NetworkACLs {
		has[a.ID] = true
		v := e.vpc(a.VPC)
		out = append(out, e.networkACL(a, v != nil && v.DefaultNetworkACL == a.ID))
	}
	for _, v := range e.w.VPCs {
		if v.DefaultNetworkACL != "" {
			if !has[v.DefaultNetworkACL] {
				e.unsupportedf("vpc %s names default network ACL %s, which the world does not describe", v.ID, v.DefaultNetworkACL)
			}
			continue
		}
		a := model.NetworkACL{ID: "default network ACL of " + v.ID, VPC: v.ID}
		a.Ingress = []model.ACLRule{{Number: 100, Protocol: model.ProtocolAll, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Allow: true}}
		if len(v.IPv6CIDRs) > 0 {
			a.Ingress = append(a.Ingress, model.ACLRule{Number: 101, Protocol: model.ProtocolAll, CIDR: netip.MustParsePrefix("::/0"), Allow: true})
		}
		a.Egress = a.Ingress
		out = append(out, e.networkACL(a, true))
	}
	e.files["network-acls.json"] = map[string]any{"NetworkAcls": out}
}

func (e *encoder) networkACL(a model.NetworkACL, isDefault bool) ec2types.NetworkAcl {
	id := e.aclID(a.ID)
	o := ec2types.NetworkAcl{NetworkAclId: ptr(id), VpcId: ptr(e.vpcID(a.VPC)), IsDefault: ptr(isDefault), OwnerId: ptr(e.account),
		Associations: []ec2types.NetworkAclAssociation{}, Entries: []ec2types.NetworkAclEntry{}}
	v := e.vpc(a.VPC)
	for _, dir := range []struct {
		egress bool
		rules  []model.ACLRule
	}{{true, a.Egress}, {false, a.Ingress}} {
		for _, r := range dir.rules {
			en := ec2types.NetworkAclEntry{RuleNumber: ptr(int32(r.Number)), Protocol: ptr(aclProtocol(r.Protocol)), Egress: ptr(dir.egress), RuleAction: ec2types.RuleActionDeny}
			if r.Allow {
				en.RuleAction = ec2types.RuleActionAllow
			}
			if r.CIDR.Addr().Is4() {
				en.CidrBlock = ptr(r.CIDR.String())
			} else {
				en.Ipv6CidrBlock = ptr(r.CIDR.String())
			}
			switch r.Protocol {
			case model.ProtocolAll:
			case "icmp", "icmpv6":
				en.IcmpTypeCode = &ec2types.IcmpTypeCode{Type: ptr(int32(r.FromPort)), Code: ptr(int32(r.ToPort))}
			default:
				en.PortRange = &ec2types.PortRange{From: ptr(int32(r.FromPort)), To: ptr(int32(r.ToPort))}
			}
			o.Entries = append(o.Entries, en)
		}
		o.Entries = append(o.Entries, ec2types.NetworkAclEntry{RuleNumber: ptr[int32](32767), Protocol: ptr("-1"), Egress: ptr(dir.egress),
			RuleAction: ec2types.RuleActionDeny, CidrBlock: ptr("0.0.0.0/0")})
		if v != nil && len(v.IPv6CIDRs) > 0 {
			o.Entries = append(o.Entries, ec2types.NetworkAclEntry{RuleNumber: ptr[int32](32768), Protocol: ptr("-1"), Egress: ptr(dir.egress),
				RuleAction: ec2types.RuleActionDeny, Ipv6CidrBlock: ptr("::/0")})
		}
	}
	for _, s := range e.w.Subnets {
		if s.VPC != a.VPC || !(s.NetworkACL == a.ID || s.NetworkACL == "" && isDefault) {
			continue
		}
		sid := e.subnetID(s.ID)
		o.Associations = append(o.Associations, ec2types.NetworkAclAssociation{NetworkAclAssociationId: ptr("aclassoc-" + sid[7:]), NetworkAclId: ptr(id), SubnetId: ptr(sid)})
	}
	return o
}

func (e *encoder) dhcpOptions() {
	out := []ec2types.DhcpOptions{}
	for _, d := range e.w.DHCPOptions {
		o := ec2types.DhcpOptions{DhcpOptionsId: ptr(e.id(model.KindDHCPOptions, "dopt-", d.ID)), OwnerId: ptr(e.account)}
		if d.DomainName != "" {
			o.DhcpConfigurations = append(o.DhcpConfigurations, ec2types.DhcpConfiguration{Key: ptr("domain-name"), Values: []ec2types.AttributeValue{{Value: ptr(d.DomainName)}}})
		}
		if len(d.DomainNameServers) > 0 {
			c := ec2types.DhcpConfiguration{Key: ptr("domain-name-servers")}
			for _, s := range d.DomainNameServers {
				c.Values = append(c.Values, ec2types.AttributeValue{Value: ptr(s)})
			}
			o.DhcpConfigurations = append(o.DhcpConfigurations, c)
		}
		out = append(out, o)
	}
	e.files["dhcp-options.json"] = map[string]any{"DhcpOptions": out}
}

// prefixLists writes the world's prefix lists, and the AWS-managed lists
// the world names by service name, as describe-managed-prefix-lists and
// get-managed-prefix-list-entries print them.
func (e *encoder) prefixLists() {
	var out []ec2types.ManagedPrefixList
	done := map[string]bool{}
	for _, l := range e.w.PrefixLists {
		done[l.ID] = true
		id := e.prefixListID(l.ID)
		o := ec2types.ManagedPrefixList{PrefixListId: ptr(id), PrefixListName: ptr(l.Name), AddressFamily: ptr("IPv4"), State: ec2types.PrefixListStateCreateComplete,
			PrefixListArn: ptr(e.arn("ec2", "prefix-list/"+id)), OwnerId: ptr(e.account)}
		if l.AWSService != "" {
			o.OwnerId, o.PrefixListName = ptr("AWS"), ptr(l.AWSService)
		} else {
			entries := []ec2types.PrefixListEntry{}
			for _, p := range l.Entries {
				entries = append(entries, ec2types.PrefixListEntry{Cidr: ptr(p.String())})
			}
			e.files["prefix-list-entries-"+id+".json"] = map[string]any{"Entries": entries}
		}
		out = append(out, o)
	}
	// Lists the world names that it does not describe: AWS-managed
	// lists named by their service.
	var named []string
	for r := range e.aws {
		if r.Kind == model.KindPrefixList && !done[r.ID] {
			named = append(named, r.ID)
		}
	}
	slices.Sort(named)
	for _, n := range named {
		if !model.IsAWSManagedPrefixList(n) {
			e.unsupportedf("prefix list %s is not described", n)
			continue
		}
		id := e.prefixListID(n)
		out = append(out, ec2types.ManagedPrefixList{PrefixListId: ptr(id), PrefixListName: ptr(n), AddressFamily: ptr("IPv4"), State: ec2types.PrefixListStateCreateComplete,
			PrefixListArn: ptr(fmt.Sprintf("arn:aws:ec2:%s:aws:prefix-list/%s", e.region, id)), OwnerId: ptr("AWS")})
		e.ids[id] = n
	}
	if len(out) > 0 {
		e.files["managed-prefix-lists.json"] = map[string]any{"PrefixLists": out}
	}
}

func (e *encoder) peerings() {
	if len(e.w.Peerings) == 0 {
		return
	}
	var out []ec2types.VpcPeeringConnection
	for _, p := range e.w.Peerings {
		side := func(vpc string) *ec2types.VpcPeeringConnectionVpcInfo {
			i := &ec2types.VpcPeeringConnectionVpcInfo{VpcId: ptr(e.vpcID(vpc)), OwnerId: ptr(e.account), Region: ptr(e.region)}
			if v := e.vpc(vpc); v != nil && len(v.CIDRs) > 0 {
				i.CidrBlock = ptr(v.CIDRs[0].String())
			}
			return i
		}
		o := ec2types.VpcPeeringConnection{VpcPeeringConnectionId: ptr(e.id(model.KindPeering, "pcx-", p.ID)), RequesterVpcInfo: side(p.VPC), AccepterVpcInfo: side(p.PeerVPC),
			Status: &ec2types.VpcPeeringConnectionStateReason{Code: ec2types.VpcPeeringConnectionStateReasonCodePendingAcceptance}}
		if p.Active {
			o.Status.Code = ec2types.VpcPeeringConnectionStateReasonCodeActive
		}
		out = append(out, o)
	}
	e.files["vpc-peering-connections.json"] = map[string]any{"VpcPeeringConnections": out}
}

func (e *encoder) tgwID(id string) string { return e.id(model.KindTransitGateway, "tgw-", id) }
func (e *encoder) tgwAttachmentID(id string) string {
	return e.id(model.KindTGWAttachment, "tgw-attach-", id)
}
func (e *encoder) tgwTableID(id string) string { return e.id(model.KindTGWRouteTable, "tgw-rtb-", id) }

// tgwAssociation is the table the attachment is associated with, as the
// simulator decides it: its own, else its transit gateway's default table
// when default association is on (aws-rules 4.8.3).
func (e *encoder) tgwAssociation(a model.TransitGatewayAttachment) string {
	if a.RouteTable != "" {
		return a.RouteTable
	}
	for _, t := range e.w.TransitGateways {
		if t.ID == a.TransitGateway && t.DefaultAssociation && a.DefaultAssociation.Or(true) {
			return t.DefaultRouteTable
		}
	}
	return ""
}

// tgwPropagations are the tables the attachment propagates to, as the
// simulator decides them.
func (e *encoder) tgwPropagations(a model.TransitGatewayAttachment) []string {
	out := slices.Clone(a.PropagateTo)
	for _, t := range e.w.TransitGateways {
		if t.ID == a.TransitGateway && t.DefaultPropagation && a.DefaultPropagation.Or(true) && t.DefaultRouteTable != "" {
			out = append(out, t.DefaultRouteTable)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func enable[T ~string](on bool) T {
	if on {
		return T("enable")
	}
	return T("disable")
}

func (e *encoder) transit() {
	if len(e.w.TransitGateways) == 0 {
		return
	}
	var tgws []ec2types.TransitGateway
	for _, t := range e.w.TransitGateways {
		id := e.tgwID(t.ID)
		o := ec2types.TransitGateway{TransitGatewayId: ptr(id), TransitGatewayArn: ptr(e.arn("ec2", "transit-gateway/"+id)), State: ec2types.TransitGatewayStateAvailable,
			OwnerId: ptr(e.account), Options: &ec2types.TransitGatewayOptions{
				DefaultRouteTableAssociation:    enable[ec2types.DefaultRouteTableAssociationValue](t.DefaultAssociation),
				DefaultRouteTablePropagation:    enable[ec2types.DefaultRouteTablePropagationValue](t.DefaultPropagation),
				SecurityGroupReferencingSupport: enable[ec2types.SecurityGroupReferencingSupportValue](t.SecurityGroupReferencing),
				DnsSupport:                      ec2types.DnsSupportValueEnable, AmazonSideAsn: ptr[int64](64512)}}
		if t.DefaultRouteTable != "" {
			if t.DefaultAssociation {
				o.Options.AssociationDefaultRouteTableId = ptr(e.tgwTableID(t.DefaultRouteTable))
			}
			if t.DefaultPropagation {
				o.Options.PropagationDefaultRouteTableId = ptr(e.tgwTableID(t.DefaultRouteTable))
			}
			if !t.DefaultAssociation && !t.DefaultPropagation {
				e.unsupportedf("transit gateway %s names a default route table but uses it for neither association nor propagation", t.ID)
			}
		}
		tgws = append(tgws, o)
	}
	e.files["transit-gateways.json"] = map[string]any{"TransitGateways": tgws}
	var atts []ec2types.TransitGatewayAttachment
	var vpcAtts []ec2types.TransitGatewayVpcAttachment
	assocs := map[string][]ec2types.TransitGatewayRouteTableAssociation{}
	props := map[string][]ec2types.TransitGatewayRouteTablePropagation{}
	propagated := map[string][]ec2types.TransitGatewayRoute{}
	for _, a := range e.w.TransitGatewayAttachments {
		id, vpc := e.tgwAttachmentID(a.ID), e.vpcID(a.VPC)
		o := ec2types.TransitGatewayAttachment{TransitGatewayAttachmentId: ptr(id), TransitGatewayId: ptr(e.tgwID(a.TransitGateway)), TransitGatewayOwnerId: ptr(e.account),
			ResourceOwnerId: ptr(e.account), ResourceType: ec2types.TransitGatewayAttachmentResourceTypeVpc, ResourceId: ptr(vpc), State: ec2types.TransitGatewayAttachmentStateAvailable}
		if t := e.tgwAssociation(a); t != "" {
			o.Association = &ec2types.TransitGatewayAttachmentAssociation{TransitGatewayRouteTableId: ptr(e.tgwTableID(t)), State: ec2types.TransitGatewayAssociationStateAssociated}
			assocs[t] = append(assocs[t], ec2types.TransitGatewayRouteTableAssociation{TransitGatewayAttachmentId: ptr(id), ResourceId: ptr(vpc),
				ResourceType: ec2types.TransitGatewayAttachmentResourceTypeVpc, State: ec2types.TransitGatewayAssociationStateAssociated})
		}
		atts = append(atts, o)
		vpcAtts = append(vpcAtts, ec2types.TransitGatewayVpcAttachment{TransitGatewayAttachmentId: ptr(id), TransitGatewayId: ptr(e.tgwID(a.TransitGateway)), VpcId: ptr(vpc),
			VpcOwnerId: ptr(e.account), State: ec2types.TransitGatewayAttachmentStateAvailable, SubnetIds: e.subnetIDs(a.Subnets),
			Options: &ec2types.TransitGatewayVpcAttachmentOptions{DnsSupport: ec2types.DnsSupportValueEnable, Ipv6Support: ec2types.Ipv6SupportValueDisable,
				ApplianceModeSupport: enable[ec2types.ApplianceModeSupportValue](a.ApplianceMode)}})
		for _, t := range e.tgwPropagations(a) {
			props[t] = append(props[t], ec2types.TransitGatewayRouteTablePropagation{TransitGatewayAttachmentId: ptr(id), ResourceId: ptr(vpc),
				ResourceType: ec2types.TransitGatewayAttachmentResourceTypeVpc, State: ec2types.TransitGatewayPropagationStateEnabled})
			if v := e.vpc(a.VPC); v != nil {
				for _, c := range v.CIDRs {
					propagated[t] = append(propagated[t], ec2types.TransitGatewayRoute{DestinationCidrBlock: ptr(c.String()), Type: ec2types.TransitGatewayRouteTypePropagated,
						State: ec2types.TransitGatewayRouteStateActive, TransitGatewayAttachments: []ec2types.TransitGatewayRouteAttachment{{ResourceId: ptr(vpc),
							TransitGatewayAttachmentId: ptr(id), ResourceType: ec2types.TransitGatewayAttachmentResourceTypeVpc}}})
				}
			}
		}
	}
	e.files["transit-gateway-attachments.json"] = map[string]any{"TransitGatewayAttachments": atts}
	e.files["transit-gateway-vpc-attachments.json"] = map[string]any{"TransitGatewayVpcAttachments": vpcAtts}
	var tables []ec2types.TransitGatewayRouteTable
	for _, t := range e.w.TransitGatewayRouteTables {
		id := e.tgwTableID(t.ID)
		o := ec2types.TransitGatewayRouteTable{TransitGatewayRouteTableId: ptr(id), TransitGatewayId: ptr(e.tgwID(t.TransitGateway)), State: ec2types.TransitGatewayRouteTableStateAvailable}
		for _, g := range e.w.TransitGateways {
			if g.ID == t.TransitGateway && g.DefaultRouteTable == t.ID {
				o.DefaultAssociationRouteTable, o.DefaultPropagationRouteTable = ptr(g.DefaultAssociation), ptr(g.DefaultPropagation)
			}
		}
		tables = append(tables, o)
		routes := []ec2types.TransitGatewayRoute{}
		for _, r := range t.Routes {
			o := ec2types.TransitGatewayRoute{DestinationCidrBlock: ptr(r.Destination.String()), Type: ec2types.TransitGatewayRouteTypeStatic, State: ec2types.TransitGatewayRouteStateActive}
			if r.Blackhole {
				o.State = ec2types.TransitGatewayRouteStateBlackhole
			} else {
				var vpc string
				for _, a := range e.w.TransitGatewayAttachments {
					if a.ID == r.Attachment {
						vpc = e.vpcID(a.VPC)
					}
				}
				o.TransitGatewayAttachments = []ec2types.TransitGatewayRouteAttachment{{TransitGatewayAttachmentId: ptr(e.tgwAttachmentID(r.Attachment)), ResourceId: strOrNil(vpc),
					ResourceType: ec2types.TransitGatewayAttachmentResourceTypeVpc}}
			}
			routes = append(routes, o)
		}
		routes = append(routes, propagated[t.ID]...)
		e.files["tgw-routes-"+id+".json"] = map[string]any{"Routes": routes, "AdditionalRoutesAvailable": false}
		e.files["tgw-associations-"+id+".json"] = map[string]any{"Associations": orEmpty(assocs[t.ID])}
		e.files["tgw-propagations-"+id+".json"] = map[string]any{"TransitGatewayRouteTablePropagations": orEmpty(props[t.ID])}
	}
	e.files["transit-gateway-route-tables.json"] = map[string]any{"TransitGatewayRouteTables": tables}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// zoneID is the Route 53 ID of a hosted zone: Z and upper-case letters
// and digits.
func (e *encoder) zoneID(id string) string {
	return strings.ToUpper(e.id(model.KindHostedZone, "Z", id))
}

func (e *encoder) hostedZones() {
	byVPC := map[string][]r53types.HostedZoneSummary{}
	for _, z := range e.w.HostedZones {
		zid := e.zoneID(z.ID)
		e.ids[zid] = z.ID
		name := z.Name + "."
		out := map[string]any{
			"HostedZone": r53types.HostedZone{Id: ptr("/hostedzone/" + zid), Name: ptr(name), CallerReference: ptr(z.ID),
				Config: &r53types.HostedZoneConfig{PrivateZone: true}, ResourceRecordSetCount: ptr(int64(len(z.Records) + 2))},
		}
		var vpcs []r53types.VPC
		for _, v := range z.VPCs {
			vpcs = append(vpcs, r53types.VPC{VPCId: ptr(e.vpcID(v)), VPCRegion: r53types.VPCRegion(e.region)})
			byVPC[v] = append(byVPC[v], r53types.HostedZoneSummary{HostedZoneId: ptr(zid), Name: ptr(name), Owner: &r53types.HostedZoneOwner{OwningAccount: ptr(e.account)}})
		}
		out["VPCs"] = vpcs
		e.files["hosted-zone-"+zid+".json"] = out
		sets := []r53types.ResourceRecordSet{
			{Name: ptr(name), Type: r53types.RRTypeNs, TTL: ptr[int64](172800), ResourceRecords: []r53types.ResourceRecord{{Value: ptr("ns-0.awsdns-00.com.")}}},
			{Name: ptr(name), Type: r53types.RRTypeSoa, TTL: ptr[int64](900), ResourceRecords: []r53types.ResourceRecord{{Value: ptr("ns-0.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")}}},
		}
		for _, r := range z.Records {
			n := r.Name + "."
			if strings.HasPrefix(n, "*.") {
				n = `\052` + n[1:]
			}
			s := r53types.ResourceRecordSet{Name: ptr(n), Type: r53types.RRType(r.Type)}
			if r.Alias != "" || r.AliasEndpoint != "" {
				s.AliasTarget = &r53types.AliasTarget{DNSName: ptr(e.aliasName(r) + "."), HostedZoneId: ptr("Z2E726K9Y6RL4W"), EvaluateTargetHealth: false}
			} else {
				s.TTL = ptr[int64](300)
				for _, v := range r.Values {
					s.ResourceRecords = append(s.ResourceRecords, r53types.ResourceRecord{Value: ptr(v)})
				}
			}
			sets = append(sets, s)
		}
		e.files["records-"+zid+".json"] = map[string]any{"ResourceRecordSets": sets, "IsTruncated": false, "MaxItems": "300"}
	}
	for _, v := range e.w.VPCs {
		sums := byVPC[v.ID]
		if sums == nil {
			sums = []r53types.HostedZoneSummary{}
		}
		e.files["hosted-zones-"+e.vpcID(v.ID)+".json"] = map[string]any{"HostedZoneSummaries": sums, "MaxItems": "100"}
	}
}

// aliasName is the DNS name an alias record points to: the endpoint's
// regional or zonal name when the record names the endpoint, as
// describe-vpc-endpoints prints them in DnsEntries
// ("vpce-ID-SUFFIX[-AZ].api.ecr.REGION.vpce.amazonaws.com").
func (e *encoder) aliasName(r model.Record) string {
	if r.AliasEndpoint == "" {
		if r.AliasZone != "" {
			e.unsupportedf("alias record %s names a zone but no endpoint", r.Name)
		}
		return r.Alias
	}
	var service string
	for _, ep := range e.w.Endpoints {
		if ep.ID == r.AliasEndpoint {
			service = ep.ServiceName
		}
	}
	prefix := "com.amazonaws." + e.region + "."
	if !strings.HasPrefix(service, prefix) {
		e.unsupportedf("alias record %s names endpoint %s of service %q", r.Name, r.AliasEndpoint, service)
		return r.Alias
	}
	parts := strings.Split(strings.TrimPrefix(service, prefix), ".")
	slices.Reverse(parts)
	label := e.id(model.KindEndpoint, "vpce-", r.AliasEndpoint) + "-1a2b3c4d"
	if r.AliasZone != "" {
		label += "-" + r.AliasZone
	}
	return label + "." + strings.Join(parts, ".") + "." + e.region + ".vpce.amazonaws.com"
}

func (e *encoder) resolverRules() {
	rules := []resolvertypes.ResolverRule{{Id: ptr("rslvr-autodefined-rr-internet-resolver"), CreatorRequestId: ptr(""), DomainName: ptr("."),
		Arn:    ptr(fmt.Sprintf("arn:aws:route53resolver:%s:aws:autodefined-rule/rslvr-autodefined-rr-internet-resolver", e.region)),
		Status: resolvertypes.ResolverRuleStatusComplete, RuleType: resolvertypes.RuleTypeOptionRecursive, Name: ptr("Internet Resolver"),
		OwnerId: ptr("Route 53 Resolver"), ShareStatus: resolvertypes.ShareStatusNotShared}}
	var assocs []resolvertypes.ResolverRuleAssociation
	for _, v := range e.w.VPCs {
		vid := e.vpcID(v.ID)
		assocs = append(assocs, resolvertypes.ResolverRuleAssociation{Id: ptr("rslvr-autodefined-assoc-" + vid + "-internet-resolver"),
			ResolverRuleId: ptr("rslvr-autodefined-rr-internet-resolver"), Name: ptr("System Rule Association"), VPCId: ptr(vid), Status: resolvertypes.ResolverRuleAssociationStatusComplete})
	}
	for _, r := range e.w.ResolverRules {
		id := e.id(model.KindResolverRule, "rslvr-rr-", r.ID)
		if r.Undetermined != "" {
			// A rule the world does not describe (shared from another
			// account): its associations name it, list-resolver-rules
			// does not list it.
			for _, v := range r.VPCs {
				vid := e.vpcID(v)
				assocs = append(assocs, resolvertypes.ResolverRuleAssociation{Id: ptr(e.id("resolver rule association", "rslvr-rrassoc-", r.ID+" "+v)),
					ResolverRuleId: ptr(id), Name: ptr(r.ID), VPCId: ptr(vid), Status: resolvertypes.ResolverRuleAssociationStatusComplete})
			}
			continue
		}
		o := resolvertypes.ResolverRule{Id: ptr(id), DomainName: ptr(r.DomainName + "."), Status: resolvertypes.ResolverRuleStatusComplete,
			RuleType: resolvertypes.RuleTypeOption(r.Type), Name: ptr(r.ID), OwnerId: ptr(e.account), ShareStatus: resolvertypes.ShareStatusNotShared,
			Arn: ptr(e.arn("route53resolver", "resolver-rule/"+id))}
		if r.DomainName == "." {
			o.DomainName = ptr(".")
		}
		if r.ResolverEndpoint != "" {
			o.ResolverEndpointId = ptr(e.id("resolver endpoint", "rslvr-out-", r.ResolverEndpoint))
		}
		for _, t := range r.TargetIPs {
			ip, port, ok := strings.Cut(t, ":")
			ti := resolvertypes.TargetAddress{Ip: ptr(ip), Port: ptr[int32](53)}
			if ok {
				var p int32
				fmt.Sscan(port, &p)
				ti.Port = ptr(p)
			}
			o.TargetIps = append(o.TargetIps, ti)
		}
		rules = append(rules, o)
		for _, v := range r.VPCs {
			vid := e.vpcID(v)
			assocs = append(assocs, resolvertypes.ResolverRuleAssociation{Id: ptr(e.id("resolver rule association", "rslvr-rrassoc-", r.ID+" "+v)),
				ResolverRuleId: ptr(id), Name: ptr(r.ID), VPCId: ptr(vid), Status: resolvertypes.ResolverRuleAssociationStatusComplete})
		}
	}
	e.files["resolver-rules.json"] = map[string]any{"ResolverRules": rules, "MaxResults": 100}
	e.files["resolver-rule-associations.json"] = map[string]any{"ResolverRuleAssociations": assocs, "MaxResults": 100}
}

func (e *encoder) clusterARN(id string) string {
	return e.arn("ecs", "cluster/"+e.clusterName(id))
}

func (e *encoder) clusterName(id string) string {
	for _, c := range e.w.Clusters {
		if c.ID == id && c.Name != "" {
			return c.Name
		}
	}
	return id
}

func (e *encoder) ecs() {
	var clusters []ecstypes.Cluster
	for _, c := range e.w.Clusters {
		arn := e.clusterARN(c.ID)
		e.ids[arn] = c.ID
		o := ecstypes.Cluster{ClusterArn: ptr(arn), ClusterName: ptr(e.clusterName(c.ID)), Status: ptr("ACTIVE"), CapacityProviders: []string{}, DefaultCapacityProviderStrategy: []ecstypes.CapacityProviderStrategyItem{}}
		if len(c.CapacityProviders) > 0 {
			e.unsupportedf("cluster %s: capacity providers", c.ID)
		}
		if x := c.ExecuteCommand; x != nil {
			ec := &ecstypes.ExecuteCommandConfiguration{KmsKeyId: strOrNil(x.KMSKeyID), Logging: ecstypes.ExecuteCommandLogging(x.Logging)}
			if x.CloudWatchLogGroup != "" || x.S3Bucket != "" || x.CloudWatchEncryption || x.S3Encryption || x.S3KeyPrefix != "" {
				ec.LogConfiguration = &ecstypes.ExecuteCommandLogConfiguration{CloudWatchLogGroupName: strOrNil(x.CloudWatchLogGroup), CloudWatchEncryptionEnabled: x.CloudWatchEncryption,
					S3BucketName: strOrNil(x.S3Bucket), S3EncryptionEnabled: x.S3Encryption, S3KeyPrefix: strOrNil(x.S3KeyPrefix)}
			}
			o.Configuration = &ecstypes.ClusterConfiguration{ExecuteCommandConfiguration: ec}
		}
		clusters = append(clusters, o)
	}
	e.files["clusters-1.json"] = map[string]any{"clusters": clusters, "failures": []any{}}
	tdARN := e.taskDefinitions()
	byCluster := map[string][]ecstypes.Service{}
	var order []string
	for _, s := range e.w.Services {
		name := s.Name
		if name == "" {
			name = s.ID
		}
		arn := e.arn("ecs", "service/"+e.clusterName(s.Cluster)+"/"+name)
		e.ids[arn] = s.ID
		o := ecstypes.Service{ServiceArn: ptr(arn), ServiceName: ptr(name), ClusterArn: ptr(e.clusterARN(s.Cluster)), TaskDefinition: ptr(tdARN[s.TaskDefinition]),
			Status: ptr("ACTIVE"), LaunchType: ecstypes.LaunchType(s.LaunchType), PlatformVersion: strOrNil(s.PlatformVersion), EnableExecuteCommand: s.EnableExecuteCommand,
			DesiredCount: 1, SchedulingStrategy: ecstypes.SchedulingStrategyReplica}
		for _, p := range s.CapacityProviders {
			o.CapacityProviderStrategy = append(o.CapacityProviderStrategy, ecstypes.CapacityProviderStrategyItem{CapacityProvider: ptr(p), Weight: 1})
		}
		if len(s.Subnets)+len(s.SecurityGroups) > 0 || s.AssignPublicIP {
			a := &ecstypes.AwsVpcConfiguration{Subnets: e.subnetIDs(s.Subnets), SecurityGroups: e.sgIDs(s.SecurityGroups), AssignPublicIp: ecstypes.AssignPublicIpDisabled}
			if s.AssignPublicIP {
				a.AssignPublicIp = ecstypes.AssignPublicIpEnabled
			}
			o.NetworkConfiguration = &ecstypes.NetworkConfiguration{AwsvpcConfiguration: a}
		}
		if _, ok := byCluster[s.Cluster]; !ok {
			order = append(order, s.Cluster)
		}
		byCluster[s.Cluster] = append(byCluster[s.Cluster], o)
	}
	for _, c := range order {
		e.files["services-"+e.clusterName(c)+"-1.json"] = map[string]any{"services": byCluster[c], "failures": []any{}}
	}
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// taskDefinitions writes each task definition and returns their ARNs.
func (e *encoder) taskDefinitions() map[string]string {
	arns := map[string]string{}
	revision := map[string]int32{}
	for _, td := range e.w.TaskDefinitions {
		family := td.Family
		if family == "" {
			family = td.ID
		}
		revision[family]++
		rev := revision[family]
		arn := e.arn("ecs", fmt.Sprintf("task-definition/%s:%d", family, rev))
		arns[td.ID] = arn
		e.ids[arn] = td.ID
		o := ecstypes.TaskDefinition{TaskDefinitionArn: ptr(arn), Family: ptr(family), Revision: rev, NetworkMode: ecstypes.NetworkMode(td.NetworkMode),
			ExecutionRoleArn: strOrNil(td.ExecutionRoleARN), TaskRoleArn: strOrNil(td.TaskRoleARN), Status: ecstypes.TaskDefinitionStatusActive}
		for _, c := range td.RequiresCompatibilities {
			o.RequiresCompatibilities = append(o.RequiresCompatibilities, ecstypes.Compatibility(c))
		}
		if td.OperatingSystemFamily != "" {
			o.RuntimePlatform = &ecstypes.RuntimePlatform{OperatingSystemFamily: ecstypes.OSFamily(td.OperatingSystemFamily)}
		}
		for _, c := range td.Containers {
			o.ContainerDefinitions = append(o.ContainerDefinitions, containerDefinition(c))
		}
		for _, v := range td.Volumes {
			vol := ecstypes.Volume{Name: ptr(v.Name)}
			if v.EFS != nil {
				vol.EfsVolumeConfiguration = &ecstypes.EFSVolumeConfiguration{FileSystemId: ptr(v.EFS.FileSystemID), TransitEncryption: ecstypes.EFSTransitEncryptionDisabled}
				if v.EFS.TransitEncryption {
					vol.EfsVolumeConfiguration.TransitEncryption = ecstypes.EFSTransitEncryptionEnabled
				}
			}
			o.Volumes = append(o.Volumes, vol)
		}
		e.files[fmt.Sprintf("task-definition-%s-%d.json", family, rev)] = map[string]any{"taskDefinition": o}
	}
	return arns
}

func containerDefinition(c model.Container) ecstypes.ContainerDefinition {
	o := ecstypes.ContainerDefinition{Name: ptr(c.Name), Image: ptr(c.Image), Essential: ptr(true)}
	if c.LogDriver != "" || len(c.LogOptions) > 0 || len(c.LogSecretOptions) > 0 {
		o.LogConfiguration = &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriver(c.LogDriver), Options: c.LogOptions, SecretOptions: secrets(c.LogSecretOptions)}
	}
	o.Secrets = secrets(c.Secrets)
	if c.RepositoryCredentials != "" {
		o.RepositoryCredentials = &ecstypes.RepositoryCredentials{CredentialsParameter: ptr(c.RepositoryCredentials)}
	}
	for _, f := range c.EnvironmentFiles {
		o.EnvironmentFiles = append(o.EnvironmentFiles, ecstypes.EnvironmentFile{Type: ecstypes.EnvironmentFileTypeS3, Value: ptr(f)})
	}
	if f := c.Firelens; f != nil {
		o.FirelensConfiguration = &ecstypes.FirelensConfiguration{Type: ecstypes.FirelensConfigurationType(f.Type), Options: f.Options}
	}
	return o
}

func secrets(ss []model.Secret) []ecstypes.Secret {
	var out []ecstypes.Secret
	for _, s := range ss {
		out = append(out, ecstypes.Secret{Name: ptr(s.Name), ValueFrom: ptr(s.ValueFrom)})
	}
	return out
}

func (e *encoder) efs() {
	if len(e.w.FileSystems) == 0 {
		return
	}
	var fss []efstypes.FileSystemDescription
	for _, fs := range e.w.FileSystems {
		id := fs.FileSystemID
		// A snapshot's file system is its fs- ID, which is also the
		// world's FileSystemID, a value: it is mapped only where it names
		// the object.
		e.texts = append(e.texts, [2]string{"file system " + id + " ", "file system " + fs.ID + " "},
			[2]string{"mount target of " + id + " ", "mount target of " + fs.ID + " "})
		fss = append(fss, efstypes.FileSystemDescription{FileSystemId: ptr(id), FileSystemArn: ptr(e.arn("elasticfilesystem", "file-system/"+id)),
			LifeCycleState: efstypes.LifeCycleStateAvailable, NumberOfMountTargets: int32(len(fs.MountTargets)), OwnerId: ptr(e.account), CreationToken: ptr(fs.ID)})
		var mts []efstypes.MountTargetDescription
		for _, mt := range fs.MountTargets {
			mid := e.id(model.KindMountTarget, "fsmt-", mt.ID)
			o := efstypes.MountTargetDescription{MountTargetId: ptr(mid), FileSystemId: ptr(id), SubnetId: ptr(e.subnetID(mt.Subnet)), LifeCycleState: efstypes.LifeCycleStateAvailable}
			if s := e.subnet(mt.Subnet); s != nil {
				o.VpcId, o.AvailabilityZoneName = ptr(e.vpcID(s.VPC)), ptr(s.AZ)
			}
			if mt.IP.IsValid() {
				o.IpAddress = ptr(mt.IP.String())
			}
			mts = append(mts, o)
			e.files["mount-target-sgs-"+mid+".json"] = map[string]any{"SecurityGroups": e.sgIDs(mt.SecurityGroups)}
		}
		e.files["mount-targets-"+id+".json"] = map[string]any{"MountTargets": mts}
	}
	e.files["file-systems.json"] = map[string]any{"FileSystems": fss}
}
