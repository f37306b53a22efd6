package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpctrace/vpctrace/model"
)

// Commands of the EC2 responses, as messages and World.Unknowns name them.
const (
	cmdDescribeVPCs         = "aws ec2 describe-vpcs"
	cmdDescribeVPCAttribute = "aws ec2 describe-vpc-attribute"
	cmdDescribeSubnets      = "aws ec2 describe-subnets"
	cmdDescribeRouteTables  = "aws ec2 describe-route-tables"
	cmdDescribeIGWs         = "aws ec2 describe-internet-gateways"
	cmdDescribeEIGWs        = "aws ec2 describe-egress-only-internet-gateways"
	cmdDescribeNATs         = "aws ec2 describe-nat-gateways"
	cmdDescribeEndpoints    = "aws ec2 describe-vpc-endpoints"
	cmdDescribeSGs          = "aws ec2 describe-security-groups"
	cmdDescribeSGRules      = "aws ec2 describe-security-group-rules"
	cmdDescribeACLs         = "aws ec2 describe-network-acls"
	cmdDescribeENIs         = "aws ec2 describe-network-interfaces"
	cmdDescribeInstances    = "aws ec2 describe-instances"
	cmdDescribeDHCP         = "aws ec2 describe-dhcp-options"
	cmdDescribePrefixLists  = "aws ec2 describe-prefix-lists"
	cmdDescribeManagedPLs   = "aws ec2 describe-managed-prefix-lists"
	cmdPrefixListEntries    = "aws ec2 get-managed-prefix-list-entries"
	cmdDescribePeerings     = "aws ec2 describe-vpc-peering-connections"
	cmdDescribeVPNGateways  = "aws ec2 describe-vpn-gateways"
)

// ec2Kinds are the EC2 responses vpctrace reads.
var ec2Kinds = []kind{
	// DescribeVpcs: {"Vpcs": [Vpc]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html
	{command: cmdDescribeVPCs, key: "Vpcs", decode: decodeVPCs},
	// DescribeVpcAttribute: {"VpcId", "EnableDnsSupport": {"Value"}} or
	// {"VpcId", "EnableDnsHostnames": {"Value"}}, one attribute a call.
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcAttribute.html
	{command: cmdDescribeVPCAttribute, key: "VpcId", match: func(top map[string]json.RawMessage) bool {
		_, dns := top["EnableDnsSupport"]
		_, names := top["EnableDnsHostnames"]
		return dns || names
	}, decode: decodeVPCAttribute},
	// DescribeSubnets: {"Subnets": [Subnet]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html
	{command: cmdDescribeSubnets, key: "Subnets", decode: decodeSubnets},
	// DescribeRouteTables: {"RouteTables": [RouteTable]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRouteTables.html
	{command: cmdDescribeRouteTables, key: "RouteTables", decode: listInto("RouteTables", func(r *ec2Responses) *[]at[ec2types.RouteTable] { return &r.tables })},
	// DescribeInternetGateways: {"InternetGateways": [InternetGateway]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInternetGateways.html
	{command: cmdDescribeIGWs, key: "InternetGateways", decode: listInto("InternetGateways", func(r *ec2Responses) *[]at[ec2types.InternetGateway] { return &r.igws })},
	// DescribeEgressOnlyInternetGateways: {"EgressOnlyInternetGateways":
	// [EgressOnlyInternetGateway]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeEgressOnlyInternetGateways.html
	{command: cmdDescribeEIGWs, key: "EgressOnlyInternetGateways", decode: listInto("EgressOnlyInternetGateways", func(r *ec2Responses) *[]at[ec2types.EgressOnlyInternetGateway] { return &r.eigws })},
	// DescribeNatGateways: {"NatGateways": [NatGateway]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html
	{command: cmdDescribeNATs, key: "NatGateways", decode: listInto("NatGateways", func(r *ec2Responses) *[]at[ec2types.NatGateway] { return &r.nats })},
	// DescribeVpcEndpoints: {"VpcEndpoints": [VpcEndpoint]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpoints.html
	{command: cmdDescribeEndpoints, key: "VpcEndpoints", decode: listInto("VpcEndpoints", func(r *ec2Responses) *[]at[ec2types.VpcEndpoint] { return &r.endpoints })},
	// DescribeSecurityGroups: {"SecurityGroups": [SecurityGroup]}. EFS's
	// DescribeMountTargetSecurityGroups also answers "SecurityGroups", but
	// with a list of IDs: a list of objects (or an empty one) is ours.
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
	{command: cmdDescribeSGs, key: "SecurityGroups", match: listOfObjects("SecurityGroups"), decode: listInto("SecurityGroups", func(r *ec2Responses) *[]at[ec2types.SecurityGroup] { return &r.groups })},
	// DescribeSecurityGroupRules: {"SecurityGroupRules": [SecurityGroupRule]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroupRules.html
	{command: cmdDescribeSGRules, key: "SecurityGroupRules", decode: listInto("SecurityGroupRules", func(r *ec2Responses) *[]at[ec2types.SecurityGroupRule] { return &r.sgRules })},
	// DescribeNetworkAcls: {"NetworkAcls": [NetworkAcl]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkAcls.html
	{command: cmdDescribeACLs, key: "NetworkAcls", decode: listInto("NetworkAcls", func(r *ec2Responses) *[]at[ec2types.NetworkAcl] { return &r.acls })},
	// DescribeNetworkInterfaces: {"NetworkInterfaces": [NetworkInterface]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkInterfaces.html
	{command: cmdDescribeENIs, key: "NetworkInterfaces", decode: listInto("NetworkInterfaces", func(r *ec2Responses) *[]at[ec2types.NetworkInterface] { return &r.enis })},
	// DescribeInstances: {"Reservations": [{"Instances": [Instance]}]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html
	{command: cmdDescribeInstances, key: "Reservations", decode: decodeInstances},
	// DescribeDhcpOptions: {"DhcpOptions": [DhcpOptions]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeDhcpOptions.html
	{command: cmdDescribeDHCP, key: "DhcpOptions", decode: listInto("DhcpOptions", func(r *ec2Responses) *[]at[ec2types.DhcpOptions] { return &r.dhcp })},
	// DescribePrefixLists: {"PrefixLists": [PrefixList]}, whose entries
	// have "Cidrs"; DescribeManagedPrefixLists answers the same key with
	// ManagedPrefixList entries (no "Cidrs"), below.
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribePrefixLists.html
	{command: cmdDescribePrefixLists, key: "PrefixLists", match: hasMember("PrefixLists", "Cidrs"), decode: listInto("PrefixLists", func(r *ec2Responses) *[]at[ec2types.PrefixList] { return &r.awsLists })},
	// DescribeManagedPrefixLists: {"PrefixLists": [ManagedPrefixList]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeManagedPrefixLists.html
	{command: cmdDescribeManagedPLs, key: "PrefixLists", decode: decodeManagedPrefixLists},
	// GetManagedPrefixListEntries: {"Entries": [PrefixListEntry]}; the
	// list's ID is in the file's name (prefix-list-entries-pl-0123.json).
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetManagedPrefixListEntries.html
	{command: cmdPrefixListEntries, key: "Entries", decode: decodePrefixListEntries},
	// DescribeVpcPeeringConnections: {"VpcPeeringConnections":
	// [VpcPeeringConnection]}
	// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcPeeringConnections.html
	{command: cmdDescribePeerings, key: "VpcPeeringConnections", decode: listInto("VpcPeeringConnections", func(r *ec2Responses) *[]at[ec2types.VpcPeeringConnection] { return &r.peerings })},
}

// ec2Responses are the EC2 responses of the folder, decoded.
type ec2Responses struct {
	subnets      []at[ec2types.Subnet]
	tables       []at[ec2types.RouteTable]
	igws         []at[ec2types.InternetGateway]
	eigws        []at[ec2types.EgressOnlyInternetGateway]
	nats         []at[ec2types.NatGateway]
	endpoints    []at[ec2types.VpcEndpoint]
	groups       []at[ec2types.SecurityGroup]
	sgRules      []at[ec2types.SecurityGroupRule]
	acls         []at[ec2types.NetworkAcl]
	enis         []at[ec2types.NetworkInterface]
	dhcp         []at[ec2types.DhcpOptions]
	awsLists     []at[ec2types.PrefixList]
	managedLists []at[ec2types.ManagedPrefixList]
	peerings     []at[ec2types.VpcPeeringConnection]
}

// listInto decodes the list under key of a response into the list of
// ec2Responses that field picks.
func listInto[T any](key string, field func(*ec2Responses) *[]at[T]) func(*builder, *doc) {
	return func(b *builder, d *doc) {
		l := field(&b.ec2.lists)
		*l = append(*l, decodeList[T](b, d, key)...)
	}
}

// listOfObjects matches a response whose list under key is empty or holds
// objects.
func listOfObjects(key string) func(map[string]json.RawMessage) bool {
	return func(top map[string]json.RawMessage) bool {
		var items []json.RawMessage
		if json.Unmarshal(top[key], &items) != nil || len(items) == 0 {
			return true
		}
		t := bytes.TrimSpace(items[0])
		return len(t) > 0 && t[0] == '{'
	}
}

// hasMember matches a response whose list under key holds an object with
// the member name.
func hasMember(key, name string) func(map[string]json.RawMessage) bool {
	return func(top map[string]json.RawMessage) bool {
		var items []map[string]json.RawMessage
		if json.Unmarshal(top[key], &items) != nil {
			return false
		}
		for _, it := range items {
			if _, ok := it[name]; ok {
				return true
			}
		}
		return false
	}
}

// ec2State is what the EC2 decoders resolve once every response is read.
type ec2State struct {
	// dnsSupport and dnsHostnames hold the VPCs whose attribute the
	// folder gives (describe-vpc-attribute), with its value.
	dnsSupport, dnsHostnames map[string]bool
	// lists holds the responses read, in the order of the folder's
	// files, for finishEC2 to turn into objects once every response is
	// read (a route names gateways, a rule names groups and lists).
	lists ec2Responses
	// plEntries holds the entries of each managed prefix list whose
	// get-managed-prefix-list-entries output the folder has.
	plEntries map[string][]at[ec2types.PrefixListEntry]
	// instances holds the instances of describe-instances.
	instances []at[ec2types.Instance]
}

// decodeVPCs reads describe-vpcs. Only associated CIDR blocks count.
func decodeVPCs(b *builder, d *doc) {
	for _, v := range decodeList[ec2types.Vpc](b, d, "Vpcs") {
		vpc := model.VPC{ID: str(v.v.VpcId), Source: v.pos, DHCPOptions: str(v.v.DhcpOptionsId)}
		if vpc.DHCPOptions == "default" {
			vpc.DHCPOptions = ""
		}
		for i, a := range v.v.CidrBlockAssociationSet {
			if a.CidrBlockState != nil && a.CidrBlockState.State != ec2types.VpcCidrBlockStateCodeAssociated {
				continue
			}
			if p, ok := b.prefix(str(a.CidrBlock), v.field(fmt.Sprintf("CidrBlockAssociationSet/%d/CidrBlock", i))); ok {
				vpc.CIDRs = append(vpc.CIDRs, p)
			}
		}
		if len(vpc.CIDRs) == 0 && v.v.CidrBlock != nil {
			if p, ok := b.prefix(*v.v.CidrBlock, v.field("CidrBlock")); ok {
				vpc.CIDRs = append(vpc.CIDRs, p)
			}
		}
		for i, a := range v.v.Ipv6CidrBlockAssociationSet {
			if a.Ipv6CidrBlockState != nil && a.Ipv6CidrBlockState.State != ec2types.VpcCidrBlockStateCodeAssociated {
				continue
			}
			if p, ok := b.prefix(str(a.Ipv6CidrBlock), v.field(fmt.Sprintf("Ipv6CidrBlockAssociationSet/%d/Ipv6CidrBlock", i))); ok {
				vpc.IPv6CIDRs = append(vpc.IPv6CIDRs, p)
			}
		}
		b.w.VPCs = append(b.w.VPCs, vpc)
	}
}

// decodeVPCAttribute reads describe-vpc-attribute, one attribute a file.
func decodeVPCAttribute(b *builder, d *doc) {
	var r struct {
		VpcId              *string
		EnableDnsSupport   *ec2types.AttributeBooleanValue
		EnableDnsHostnames *ec2types.AttributeBooleanValue
	}
	if err := json.Unmarshal(d.data, &r); err != nil {
		b.jsonError(d, 0, err)
		return
	}
	s := &b.ec2
	if s.dnsSupport == nil {
		s.dnsSupport, s.dnsHostnames = map[string]bool{}, map[string]bool{}
	}
	id := str(r.VpcId)
	if r.EnableDnsSupport != nil && r.EnableDnsSupport.Value != nil {
		s.dnsSupport[id] = *r.EnableDnsSupport.Value
	}
	if r.EnableDnsHostnames != nil && r.EnableDnsHostnames.Value != nil {
		s.dnsHostnames[id] = *r.EnableDnsHostnames.Value
	}
}

// finishEC2 turns the EC2 responses into the world's objects, resolves
// their references, and lists in World.Unknowns what the folder lacks
// (ec2_finish.go).
func (b *builder) finishEC2() {
	b.uniqueVPCs()
	b.vpcAttributes()
	b.buildEC2()
}

// uniqueVPCs keeps the first description of each VPC that several files
// describe (overlapping pages); a different one is a conflict (aws-rules
// 11.2.1).
func (b *builder) uniqueVPCs() {
	vpcs := b.w.VPCs[:0]
	for _, v := range b.w.VPCs {
		if b.firstDescription(model.KindVPC, v.ID, v, v.Source) {
			vpcs = append(vpcs, v)
		}
	}
	b.w.VPCs = vpcs
}

// vpcAttributes gives each VPC its DNS attributes. describe-vpcs does not
// print them: a VPC without its describe-vpc-attribute output has them
// undetermined, which makes the calls that resolve names in it unknown.
func (b *builder) vpcAttributes() {
	s := &b.ec2
	for i := range b.w.VPCs {
		v := &b.w.VPCs[i]
		if on, ok := s.dnsSupport[v.ID]; ok {
			v.EnableDNSSupport = on
		} else {
			b.missing(model.KindVPC, v.ID, "enable_dns_support", cmdDescribeVPCAttribute+" --vpc-id "+v.ID+" --attribute enableDnsSupport", v.Source)
		}
		if on, ok := s.dnsHostnames[v.ID]; ok {
			v.EnableDNSHostnames = on
		} else {
			b.missing(model.KindVPC, v.ID, "enable_dns_hostnames", cmdDescribeVPCAttribute+" --vpc-id "+v.ID+" --attribute enableDnsHostnames", v.Source)
		}
	}
}

// prefix parses a CIDR block of a response; a malformed one is an error at
// p.
func (b *builder) prefix(s string, p model.Pos) (netip.Prefix, bool) {
	pr, err := netip.ParsePrefix(s)
	if err != nil {
		b.errorf(p, model.CodeInvalidValue, "%q is not a CIDR block", s)
		return netip.Prefix{}, false
	}
	return pr.Masked(), true
}
