package tfmap

import (
	"net/netip"

	"github.com/vpctrace/vpctrace/model"
)

func init() {
	register(map[string]mapper{
		"aws_vpc":                             {objects: mapVPC},
		"aws_vpc_ipv4_cidr_block_association": {links: linkTo(vpcStore, "vpc_id", wantVPC, addVPCCIDR("cidr_block", false))},
		"aws_vpc_ipv6_cidr_block_association": {links: linkTo(vpcStore, "vpc_id", wantVPC, addVPCCIDR("ipv6_cidr_block", true))},
		"aws_subnet":                          {objects: mapSubnet},
		"aws_internet_gateway":                {objects: mapGateway(model.KindInternetGateway, igwStore, newIGW)},
		"aws_internet_gateway_attachment":     {links: linkTo(igwStore, "internet_gateway_id", wantInternetGateway, attachGateway(setIGWVPC))},
		"aws_egress_only_internet_gateway":    {objects: mapGateway(model.KindEgressOnlyGateway, eigwStore, newEIGW)},
		"aws_vpn_gateway":                     {objects: mapGateway(model.KindVPNGateway, vgwStore, newVGW)},
		"aws_vpn_gateway_attachment":          {links: linkTo(vgwStore, "vpn_gateway_id", wantVPNGateway, attachGateway(setVGWVPC))},
		"aws_nat_gateway":                     {objects: mapNATGateway},
		"aws_eip":                             {links: linkEIP("instance", "")},
		"aws_eip_association":                 {links: linkEIP("instance_id", "allocation_id")},
		"aws_vpc_dhcp_options":                {objects: mapDHCPOptions},
		"aws_vpc_dhcp_options_association":    {links: linkTo(vpcStore, "vpc_id", wantVPC, linkDHCPOptions)},
	})
}

const afterApplyWhy = "known only after apply"

// cidr reads a CIDR attribute of family fam. An unknown value is recorded
// as undetermined on o; a value AWS refuses is reported, and its state is
// invalid.
func (b *builder) cidr(s site, name string, o object, fam model.IPFamily) (netip.Prefix, state) {
	as := s.at(name)
	v, st := str(as.v)
	switch {
	case st == unknown:
		b.undetermine(as, o, afterApplyWhy)
		return netip.Prefix{}, unknown
	case st == absent || v == "":
		return netip.Prefix{}, absent
	}
	return b.parseCIDR(s, as, v, o, fam)
}

// cidrField names a CIDR attribute and its family.
type cidrField struct {
	name   string
	family model.IPFamily
}

// knownCIDR reads a CIDR attribute of family fam that decides no path
// when it is known only after apply (an IPv6 block AWS assigns): only a
// value that is set is read.
func (b *builder) knownCIDR(s site, name string, o object, fam model.IPFamily) (netip.Prefix, state) {
	if v, st := str(s.get(name)); st == known && v != "" {
		return b.parseCIDR(s, s.at(name), v, o, fam)
	}
	return netip.Prefix{}, absent
}

// parseCIDR parses v, the value of attribute as of site s, as a CIDR of
// family fam (model.ParseCIDR). A value AWS refuses is an error, and what
// model.World.Validate would say about the object or block missing it is
// dropped (see invalid).
func (b *builder) parseCIDR(s, as site, v string, o object, fam model.IPFamily) (netip.Prefix, state) {
	p, err := model.ParseCIDR(v, fam)
	if err != nil {
		b.invalid(s, as, o, "%s of %s: %q %v", as.field, as.r.Address, v, err)
		return netip.Prefix{}, invalid
	}
	return p, known
}

// invalid reports a value AWS refuses, at attribute as of site s, and
// marks s and its object o as broken: the complaints of
// model.World.Validate about them would repeat this one.
func (b *builder) invalid(s, as site, o object, format string, args ...any) {
	b.errorf(as.pos, model.CodeInvalidValue, format, args...)
	b.broken[s.pos] = true
	b.broken[o.pos] = true
}

// flag reads a bool that decides paths: def when unset, def and an
// undetermined field of o when unknown.
func (b *builder) flag(s site, name string, def bool, o object) bool {
	as := s.at(name)
	v, st := boolean(as.v)
	switch st {
	case known:
		return v
	case unknown:
		b.undetermine(as, o, afterApplyWhy)
	}
	return def
}

// region returns the resource's own region (provider 6 "region"
// argument) when it differs from the provider's.
func (b *builder) region(s site) string {
	if r := strOr(s.get("region"), b.opts.Region); r != b.opts.Region {
		return r
	}
	return ""
}

func mapVPC(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindVPC, r)
	v := model.VPC{
		ID:     r.Address,
		Source: r.Pos,
		Region: b.region(s),
		// aws-rules 3.1.2, 3.1.3: the provider defaults enable_dns_support to
		// true and enable_dns_hostnames to false.
		EnableDNSSupport:   b.flag(s, "enable_dns_support", true, o),
		EnableDNSHostnames: b.flag(s, "enable_dns_hostnames", false, o),
	}
	if a := strOr(s.get("owner_id"), b.opts.Account); a != b.opts.Account {
		v.Account = a
	}
	switch p, st := b.cidr(s, "cidr_block", o, model.IPv4); st {
	case known:
		v.CIDRs = append(v.CIDRs, p)
	case absent:
		b.undetermine(s.at("cidr_block"), o, "not set: allocated from an IPAM pool at apply")
	}
	// IPv6 CIDRs only add local routes; the calls of IPv4-only and
	// dual-stack subnets are IPv4 (aws-rules 4.9.2), so an Amazon-assigned
	// block known only after apply is left out. An IPv6-only subnet's own
	// block is then undetermined too, which leaves its paths unknown
	// (4.9.4).
	if p, st := b.knownCIDR(s, "ipv6_cidr_block", o, model.IPv6); st == known {
		v.IPv6CIDRs = append(v.IPv6CIDRs, p)
	}
	b.vpcs.add(r.Address, v)
}

// addVPCCIDR adds a secondary CIDR block to its VPC.
func addVPCCIDR(name string, ipv6 bool) func(*builder, site, *model.VPC) {
	return func(b *builder, s site, v *model.VPC) {
		fam := model.IPv4
		if ipv6 {
			fam = model.IPv6
		}
		p, st := b.cidr(s, name, object{model.KindVPC, v.ID, v.Source}, fam)
		switch {
		case st != known:
		case ipv6:
			v.IPv6CIDRs = append(v.IPv6CIDRs, p)
		default:
			v.CIDRs = append(v.CIDRs, p)
		}
	}
}

func mapSubnet(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindSubnet, r)
	sn := model.Subnet{
		ID:                  r.Address,
		Source:              r.Pos,
		VPC:                 b.ref(s, "vpc_id", wantVPC, o),
		AZ:                  b.availabilityZone(s, o),
		MapPublicIPOnLaunch: boolOr(s.get("map_public_ip_on_launch"), false),
		IPv6Native:          boolOr(s.get("ipv6_native"), false),  // aws-rules 4.9.4
		EnableDNS64:         boolOr(s.get("enable_dns64"), false), // aws-rules 4.9.5
	}
	b.subnetIPv6Settings(s, o, sn.IPv6Native)
	switch p, st := b.cidr(s, "cidr_block", o, model.IPv4); st {
	case known:
		sn.CIDR = p
	case absent:
		if sn.IPv6Native {
			break // an IPv6-only subnet has no IPv4 CIDR (aws-rules 4.9.4)
		}
		b.undetermine(s.at("cidr_block"), o, "not set (IPv6-only or IPAM subnet), and the model needs an IPv4 CIDR")
	}
	switch {
	case sn.IPv6Native:
		// The IPv6 block is the tasks' only address range: it decides
		// paths (aws-rules 4.9.4).
		switch p, st := b.cidr(s, "ipv6_cidr_block", o, model.IPv6); st {
		case known:
			sn.IPv6CIDR = p
		case absent:
			b.undetermine(s.at("ipv6_cidr_block"), o, "not set, and an IPv6-only subnet needs one (aws-rules 4.9.4)")
		}
	default:
		if p, st := b.knownCIDR(s, "ipv6_cidr_block", o, model.IPv6); st == known {
			sn.IPv6CIDR = p
		}
	}
	b.subnets.add(r.Address, sn)
}

// availabilityZone returns a subnet's AZ name: availability_zone, else
// the name the input gives availability_zone_id (a data source
// aws_availability_zones, or another subnet), else the AZ ID itself (IDs
// only need to compare equal).
func (b *builder) availabilityZone(s site, o object) string {
	if az, st := str(s.get("availability_zone")); st == known && az != "" {
		if !model.IsZoneName(az) {
			b.invalid(s, s.at("availability_zone"), o, "availability_zone of %s: %q is not an Availability Zone name (expected a name such as ap-northeast-1a)", s.r.Address, az)
		}
		return az
	}
	id, st := str(s.get("availability_zone_id"))
	if st == known && id != "" {
		if !model.IsZoneID(id) {
			b.invalid(s, s.at("availability_zone_id"), o, "availability_zone_id of %s: %q is not a zone ID (expected an ID such as apne1-az1)", s.r.Address, id)
		}
		if name := b.azNames()[id]; name != "" {
			return name
		}
		return id
	}
	why := "chosen by AWS at apply"
	if _, azst := str(s.get("availability_zone")); azst == unknown || st == unknown {
		why = afterApplyWhy
	}
	b.undetermine(s.at("availability_zone"), o, why)
	return ""
}

// azNames maps AZ IDs to names from the input (computed once).
func (b *builder) azNames() map[string]string {
	if b.azByID != nil {
		return b.azByID
	}
	m := map[string]string{}
	b.azByID = m
	for _, r := range b.res {
		switch r.Type {
		case "aws_availability_zones":
			names, _, _ := strs(attr(r.Values, "names"))
			ids, _, _ := strs(attr(r.Values, "zone_ids"))
			for i := 0; i < len(names) && i < len(ids); i++ {
				m[ids[i]] = names[i]
			}
		case "aws_subnet", "aws_availability_zone":
			name := strOr(attr(r.Values, "availability_zone"), strOr(attr(r.Values, "name"), ""))
			if id := strOr(attr(r.Values, "availability_zone_id"), strOr(attr(r.Values, "zone_id"), "")); id != "" && name != "" {
				m[id] = name
			}
		}
	}
	return m
}

// gateways are the VPC gateway kinds that only name their VPC.
type gateway interface {
	model.InternetGateway | model.EgressOnlyGateway | model.VPNGateway
}

func newIGW(id, vpc string, pos model.Pos) model.InternetGateway {
	return model.InternetGateway{ID: id, Source: pos, VPC: vpc}
}

func newEIGW(id, vpc string, pos model.Pos) model.EgressOnlyGateway {
	return model.EgressOnlyGateway{ID: id, Source: pos, VPC: vpc}
}

func newVGW(id, vpc string, pos model.Pos) model.VPNGateway {
	return model.VPNGateway{ID: id, Source: pos, VPC: vpc}
}

func igwStore(b *builder) *store[model.InternetGateway]    { return &b.igws }
func eigwStore(b *builder) *store[model.EgressOnlyGateway] { return &b.eigws }
func vgwStore(b *builder) *store[model.VPNGateway]         { return &b.vgws }

func setIGWVPC(g *model.InternetGateway, vpc string) { g.VPC = vpc }
func setVGWVPC(g *model.VPNGateway, vpc string)      { g.VPC = vpc }

// mapGateway maps a gateway with an optional vpc_id (an internet gateway
// without one is detached).
func mapGateway[T gateway](kind model.Kind, st func(*builder) *store[T], mk func(id, vpc string, pos model.Pos) T) func(*builder, *Resource) {
	return func(b *builder, r *Resource) {
		vpc := b.ref(root(r), "vpc_id", wantVPC, objectOf(kind, r))
		st(b).add(r.Address, mk(r.Address, vpc, r.Pos))
	}
}

// attachGateway attaches a gateway to a VPC (aws_internet_gateway_attachment,
// aws_vpn_gateway_attachment).
func attachGateway[T gateway](set func(*T, string)) func(*builder, site, *T) {
	return func(b *builder, s site, g *T) {
		set(g, b.dangling(s, "vpc_id", wantVPC))
	}
}

// dangling resolves an ID attribute of a resource that only links other
// objects; a failure is a warning that the resource is ignored.
func (b *builder) dangling(s site, name string, w want) string {
	as := s.at(name)
	id, res := b.one(as, as.v, w)
	if res.outcome != resolved && res.outcome != notSet {
		b.warnf(as.pos, CodeUndetermined, "%s of %s is not determined (%s); %s is ignored", as.field, s.r.Address, res.why(w), s.r.Address)
	}
	return id
}

func mapNATGateway(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindNATGateway, r)
	nat := model.NATGateway{
		ID:      r.Address,
		Source:  r.Pos,
		Subnet:  b.ref(s, "subnet_id", wantSubnet, o),
		Private: strOr(s.get("connectivity_type"), "public") == "private",
	}
	if !nat.Private {
		nat.ElasticIP = b.elasticIP(s.at("allocation_id"))
		if nat.ElasticIP == "" {
			b.errorf(r.Position("allocation_id"), CodeAWSRejects+"nat-gateway-without-eip",
				"%s is a public NAT gateway (connectivity_type defaults to \"public\") without allocation_id; AWS refuses to create it (aws-rules 4.5.1)", r.Address)
		}
	}
	b.nats.add(r.Address, nat)
}

// elasticIP returns what an allocation ID names: the aws_eip address, else
// the value itself, else a placeholder when it is known only after apply
// (a public NAT gateway always has one).
func (b *builder) elasticIP(s site) string {
	id, res := b.one(s, s.v, wantEIP)
	switch res.outcome {
	case resolved:
		return id
	case notInInput:
		return res.raw
	case notSet:
		return ""
	}
	return "(" + afterApplyWhy + ")"
}

// linkEIP attaches an Elastic IP to an instance (aws_eip.instance,
// aws_eip_association).
func linkEIP(instanceAttr, allocationAttr string) func(*builder, *Resource) {
	return func(b *builder, r *Resource) {
		s := root(r)
		if !isSet(s.get(instanceAttr)) {
			return
		}
		in := b.instances.get(b.dangling(s, instanceAttr, wantInstance))
		if in == nil {
			return
		}
		in.ElasticIP = r.Address
		if e := b.elasticIP(s.at(allocationAttr)); allocationAttr != "" && e != "" {
			in.ElasticIP = e
		}
	}
}

func mapDHCPOptions(b *builder, r *Resource) {
	s := root(r)
	servers, _, _ := strs(s.get("domain_name_servers"))
	b.dhcp.add(r.Address, model.DHCPOptions{
		ID:                r.Address,
		Source:            r.Pos,
		DomainName:        strOr(s.get("domain_name"), ""),
		DomainNameServers: servers,
	})
}

// linkDHCPOptions sets a VPC's option set; "default" means
// AmazonProvidedDNS (aws-rules 3.4).
func linkDHCPOptions(b *builder, s site, v *model.VPC) {
	if strOr(s.get("dhcp_options_id"), "") == "default" {
		return
	}
	id, res := b.one(s.at("dhcp_options_id"), s.get("dhcp_options_id"), wantDHCPOptions)
	if res.outcome != resolved {
		b.failed(s.at("dhcp_options_id"), object{model.KindVPC, v.ID, v.Source}, wantDHCPOptions, []resolution{res})
		return
	}
	v.DHCPOptions = id
}

// subnetIPv6Settings marks the IPv6-only settings of a subnet that are
// known only after apply: whether the subnet is IPv6-only decides every
// call's host names and path (aws-rules 4.9.4), and DNS64 whether IPv4-only
// names resolve there (4.9.5), which matters only in an IPv6-only subnet:
// a dual-stack task uses IPv4 (4.9.2).
func (b *builder) subnetIPv6Settings(s site, o object, native bool) {
	if _, st := boolean(s.get("ipv6_native")); st == unknown {
		b.undetermine(s.at("ipv6_native"), o, afterApplyWhy)
	}
	if _, st := boolean(s.get("enable_dns64")); st == unknown && native {
		b.undetermine(s.at("enable_dns64"), o, afterApplyWhy)
	}
}
