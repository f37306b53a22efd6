package tfmap

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpctrace/vpctrace/model"
)

func init() {
	register(map[string]mapper{
		"aws_vpc_endpoint":                            {objects: mapEndpoint},
		"aws_vpc_endpoint_route_table_association":    {links: linkTo(endpointStore, "vpc_endpoint_id", wantEndpoint, addEndpointRouteTable)},
		"aws_vpc_endpoint_subnet_association":         {links: linkTo(endpointStore, "vpc_endpoint_id", wantEndpoint, addEndpointSubnet)},
		"aws_vpc_endpoint_security_group_association": {links: linkTo(endpointStore, "vpc_endpoint_id", wantEndpoint, addEndpointSecurityGroup)},
		"aws_vpc_endpoint_policy":                     {links: linkTo(endpointStore, "vpc_endpoint_id", wantEndpoint, setEndpointPolicy)},
		"aws_vpc_endpoint_private_dns":                {links: linkTo(endpointStore, "vpc_endpoint_id", wantEndpoint, setEndpointPrivateDNS)},
	})
}

func mapEndpoint(b *builder, r *Resource) {
	s, o := root(r), objectOf(model.KindEndpoint, r)
	// aws-rules 3.2.1: the provider defaults vpc_endpoint_type to Gateway.
	typ := model.EndpointType(strOr(s.get("vpc_endpoint_type"), string(model.EndpointGateway)))
	if typ != model.EndpointGateway && typ != model.EndpointInterface {
		b.infof(r.Position("vpc_endpoint_type"), CodeNotModelled, "%s is a %s endpoint, which is not modelled; it is ignored", r.Address, typ)
		return
	}
	ep := model.Endpoint{
		ID:     r.Address,
		Source: r.Pos,
		VPC:    b.ref(s, "vpc_id", wantVPC, o),
		Type:   typ,
		// The service name carries the endpoint's region
		// (com.amazonaws.REGION.SERVICE).
		ServiceName:                      b.serviceName(s, o),
		PrivateDNSOnlyForInboundResolver: tristate(path(s.v, "dns_options", "private_dns_only_for_inbound_resolver_endpoint")),
	}
	if typ == model.EndpointGateway {
		ep.RouteTables = b.refs(s, "route_table_ids", wantRouteTable, o)
	} else {
		// aws-rules 3.2.1: private_dns_enabled defaults to false in Terraform.
		ep.PrivateDNS = b.flag(s, "private_dns_enabled", false, o)
		ep.Subnets = b.endpointSubnets(s, o)
		// No groups: the VPC's default group (aws-rules 5.1.5), which the
		// simulator supplies.
		ep.SecurityGroups = b.refs(s, "security_group_ids", wantSG, o)
		ep.IPs = b.endpointIPs(s)
		// aws-rules 10.44: unset or known only after apply, both answers
		// are traced where they matter.
		ep.IPAddressType = strOr(s.get("ip_address_type"), "")
		ep.DNSRecordIPType = strOr(path(s.v, "dns_options", "dns_record_ip_type"), "")
	}
	setEndpointPolicy(b, s, &ep)
	b.endpoints.add(r.Address, ep)
}

// endpointSubnets reads an interface endpoint's subnet_ids. When they are
// known only after apply and taken from references, every instance of a
// resource the expression names is taken; if that puts two subnets in one
// Availability Zone, which AWS refuses (aws-rules 9.1), the expression must
// pick some of them, and which is not known: the subnets are
// undetermined, not an error.
//
// An endpoint whose subnets are undetermined and none known keeps, as
// where its ENIs may be, one of the subnets its references may name in
// each Availability Zone: every path to them is unknown (the endpoint is
// undetermined), and its private DNS zone still answers (with no ENI at
// all, the zone would have no answer to give).
func (b *builder) endpointSubnets(s site, o object) []string {
	as := s.at("subnet_ids")
	_, unknowns, st := strs(as.v)
	before := len(b.unknowns)
	ids := b.refs(s, "subnet_ids", wantSubnet, o)
	if st != unknown && unknowns == 0 {
		return ids
	}
	byAZ := map[string]string{}
	for _, id := range ids {
		az := b.subnetAZ(id)
		if az == "" {
			continue
		}
		if prev, ok := byAZ[az]; ok {
			b.undetermine(as, o, fmt.Sprintf("known only after apply; its references name %s and %s, both in %s, and AWS allows one subnet per Availability Zone, so it holds some of them, and which is not known%s",
				prev, id, az, b.planHint()))
			return b.onePerAZ(ids)
		}
		byAZ[az] = id
	}
	if len(ids) == 0 && len(b.unknowns) > before {
		sure, maybe, _ := b.candidateSet(as, wantSubnet)
		return b.onePerAZ(append(sure, maybe...))
	}
	return ids
}

// subnetAZ is the Availability Zone of subnet id as its resource gives
// it, or "".
func (b *builder) subnetAZ(id string) string {
	if r := b.ix.byAddr[id]; r != nil {
		return strOr(attr(r.Values, "availability_zone"), "")
	}
	return ""
}

// onePerAZ keeps the first subnet of ids in each Availability Zone (and
// those whose zone is not known).
func (b *builder) onePerAZ(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		az := b.subnetAZ(id)
		if az != "" && seen[az] {
			continue
		}
		seen[az] = az != ""
		out = append(out, id)
	}
	return out
}

// serviceName reads an endpoint's service_name. One known only after
// apply is undetermined (the simulator then abstains where the endpoint
// could answer, aws-rules 3.2.9), never an error.
func (b *builder) serviceName(s site, o object) string {
	as := s.at("service_name")
	v, st := str(as.v)
	if st == unknown {
		b.undetermine(as, o, b.whyUnresolved(as, want{noun: "endpoint service"}, resolution{outcome: afterApply}))
	}
	return v
}

// text reads a string that decides paths; unknown is undetermined on o.
func (b *builder) text(s site, name string, o object) string {
	v, st := str(s.get(name))
	if st == unknown {
		b.undetermine(s.at(name), o, afterApplyWhy)
	}
	return v
}

// endpointIPs reads subnet_configuration's per-subnet IPv4 addresses.
func (b *builder) endpointIPs(s site) map[string]netip.Addr {
	blocks, _ := s.blocks("subnet_configuration")
	var ips map[string]netip.Addr
	for _, bs := range blocks {
		subnet, res := b.one(bs.at("subnet_id"), bs.get("subnet_id"), wantSubnet)
		ip := address(bs.get("ipv4"))
		if res.outcome != resolved || !ip.IsValid() {
			continue
		}
		if ips == nil {
			ips = map[string]netip.Addr{}
		}
		ips[subnet] = ip
	}
	return ips
}

func endpointObject(ep *model.Endpoint) object {
	return object{model.KindEndpoint, ep.ID, ep.Source}
}

// appendNew appends the ids not yet in list (state repeats associations
// in the endpoint's own lists).
func appendNew(list []string, ids ...string) []string {
	for _, id := range ids {
		if id != "" && !slices.Contains(list, id) {
			list = append(list, id)
		}
	}
	return list
}

func addEndpointRouteTable(b *builder, s site, ep *model.Endpoint) {
	ep.RouteTables = appendNew(ep.RouteTables, b.ref(s, "route_table_id", wantRouteTable, endpointObject(ep)))
}

func addEndpointSubnet(b *builder, s site, ep *model.Endpoint) {
	ep.Subnets = appendNew(ep.Subnets, b.ref(s, "subnet_id", wantSubnet, endpointObject(ep)))
}

// addEndpointSecurityGroup adds a group. An endpoint created without
// groups has the VPC's default group (aws-rules 5.1.5), which stays unless
// replace_default_association is set.
func addEndpointSecurityGroup(b *builder, s site, ep *model.Endpoint) {
	id := b.ref(s, "security_group_id", wantSG, endpointObject(ep))
	if id == "" {
		return
	}
	if len(ep.SecurityGroups) == 0 && !boolOr(s.get("replace_default_association"), false) && ep.VPC != "" {
		ep.SecurityGroups = []string{b.implicit(ep.VPC, implicitSecurityGroup)}
	}
	ep.SecurityGroups = appendNew(ep.SecurityGroups, id)
}

// setEndpointPolicy reads "policy" (aws_vpc_endpoint, aws_vpc_endpoint_policy).
// Unset is the default full-access policy (aws-rules 6.1.1); the simulator
// parses the document.
func setEndpointPolicy(b *builder, s site, ep *model.Endpoint) {
	if p := b.text(s, "policy", endpointObject(ep)); p != "" {
		ep.Policy, ep.PolicySource = p, s.at("policy").pos
	}
}

func setEndpointPrivateDNS(b *builder, s site, ep *model.Endpoint) {
	ep.PrivateDNS = b.flag(s, "private_dns_enabled", ep.PrivateDNS, endpointObject(ep))
}
