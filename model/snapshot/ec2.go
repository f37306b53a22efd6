package snapshot

import (
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
}

// ec2State is what the EC2 decoders resolve once every response is read.
type ec2State struct {
	// dnsSupport and dnsHostnames hold the VPCs whose attribute the
	// folder gives (describe-vpc-attribute), with its value.
	dnsSupport, dnsHostnames map[string]bool
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

// finishEC2 gives each VPC its DNS attributes. describe-vpcs does not
// print them: a VPC without its describe-vpc-attribute output has them
// undetermined, which makes the calls that resolve names in it unknown.
func (b *builder) finishEC2() {
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
