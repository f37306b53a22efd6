package tfmap

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpctrace/vpctrace/model"
)

// implicitKind is an object AWS creates with a VPC or a transit gateway.
type implicitKind uint8

const (
	implicitSecurityGroup implicitKind = iota
	implicitNetworkACL
	implicitMainRouteTable
	implicitTGWRouteTable
)

var implicitNames = [...]string{"default security group", "default network ACL", "main route table", "default route table"}

// implicitRef names the implicit object of an owner (a VPC or transit
// gateway address).
type implicitRef struct {
	owner string
	kind  implicitKind
}

var (
	anyIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	anyIPv6 = netip.MustParsePrefix("::/0")
)

// implicit returns the ID of an implicit object of owner: the aws_default_*
// resource that adopts it, else an object created here with AWS's
// defaults, named "OWNER (default security group)" and so on. The VPC's
// defaults enter the model only when something refers to them.
func (b *builder) implicit(owner string, k implicitKind) string {
	id := b.implicitID(owner, k)
	b.materialize(id)
	return id
}

// implicitID returns the ID implicit gives, without creating the object:
// resolution asks for it for every candidate, and materialize creates
// the one it settles on.
func (b *builder) implicitID(owner string, k implicitKind) string {
	ref := implicitRef{owner, k}
	if a, ok := b.adopted[ref]; ok {
		return a
	}
	id := owner + " (" + implicitNames[k] + ")"
	b.pending[id] = ref
	return id
}

// materialize creates the implicit object id names, if it does and it
// does not exist yet.
func (b *builder) materialize(id string) {
	ref, ok := b.pending[id]
	if !ok || b.made[ref] {
		return
	}
	owner, k := ref.owner, ref.kind
	b.made[ref] = true
	var pos model.Pos
	if r := b.ix.byAddr[owner]; r != nil {
		pos = r.Pos
	}
	switch k {
	case implicitSecurityGroup:
		// aws-rules 5.1.5: all ingress from members, all egress.
		b.sgs.add(id, model.SecurityGroup{ID: id, Source: pos, VPC: owner,
			Ingress: []model.SGRule{{Source: pos, Protocol: model.ProtocolAll, Self: true, Description: "AWS default: members of the group"}},
			Egress:  []model.SGRule{{Source: pos, Protocol: model.ProtocolAll, CIDRs: []netip.Prefix{anyIPv4, anyIPv6}, Description: "AWS default: all egress"}},
		})
	case implicitNetworkACL:
		// aws-rules 5.2.1: the default ACL allows everything.
		allow := []model.ACLRule{
			{Source: pos, Number: 100, Protocol: model.ProtocolAll, CIDR: anyIPv4, Allow: true},
			{Source: pos, Number: 101, Protocol: model.ProtocolAll, CIDR: anyIPv6, Allow: true},
		}
		b.acls.add(id, model.NetworkACL{ID: id, Source: pos, VPC: owner, Ingress: allow, Egress: slices.Clone(allow)})
	case implicitMainRouteTable:
		// aws-rules 4.1.2: only the local routes, which the simulator adds.
		b.routeTables.add(id, model.RouteTable{ID: id, Source: pos, VPC: owner})
	case implicitTGWRouteTable:
		b.tgwRouteTables.add(id, model.TransitGatewayRouteTable{ID: id, Source: pos, TransitGateway: owner})
	}
}

// applyImplicit names each VPC's default security group, default network
// ACL and main route table when they are adopted or were referred to. A
// main route table association set before wins over the adopted default
// route table.
func (b *builder) applyImplicit() {
	for _, id := range b.vpcs.ids {
		v := b.vpcs.get(id)
		v.DefaultSecurityGroup = b.existingImplicit(id, implicitSecurityGroup)
		v.DefaultNetworkACL = b.existingImplicit(id, implicitNetworkACL)
		if v.MainRouteTable == "" {
			v.MainRouteTable = b.existingImplicit(id, implicitMainRouteTable)
		}
	}
}

// existingImplicit returns the ID of an implicit object that is adopted
// or was created, else "".
func (b *builder) existingImplicit(owner string, k implicitKind) string {
	ref := implicitRef{owner, k}
	if a, ok := b.adopted[ref]; ok {
		return a
	}
	if b.made[ref] {
		return b.implicit(owner, k)
	}
	return ""
}

// vpcVia is a want for the VPC whose implicit object's ID attribute key
// holds the value (a default_network_acl_id names its VPC).
func vpcVia(keys ...string) want {
	return want{noun: "VPC", answer: func(_ *builder, r *Resource, key string) (string, bool) {
		return r.Address, r.Type == "aws_vpc" && r.Mode != "data" && (key == "" || slices.Contains(keys, key))
	}}
}

// adopter registers an aws_default_* resource as the owner of its VPC's
// implicit object. The VPC comes from vpc_id when known (state), else from
// the attribute naming the default object (idAttr).
func adopter(k implicitKind, idAttr string, keys ...string) func(*builder, *Resource) {
	return func(b *builder, r *Resource) {
		s := root(r)
		vpc, res := b.one(s.at("vpc_id"), s.get("vpc_id"), wantVPC)
		if res.outcome != resolved && idAttr != "" {
			vpc, res = b.one(s.at(idAttr), s.get(idAttr), vpcVia(keys...))
		}
		if res.outcome != resolved {
			return
		}
		ref := implicitRef{vpc, k}
		if prev, ok := b.adopted[ref]; ok {
			b.errorf(r.Pos, CodeAWSRejects+"double-adoption", "%s and %s both adopt the %s of %s; keep one", prev, r.Address, implicitNames[k], vpc)
			return
		}
		b.adopted[ref] = r.Address
		b.adoptedBy[r.Address] = vpc
	}
}

// adoptedVPC returns the VPC an aws_default_* resource adopted from,
// reporting it as undetermined when it cannot be found.
func (b *builder) adoptedVPC(r *Resource, o object, idAttr string) string {
	if vpc, ok := b.adoptedBy[r.Address]; ok {
		return vpc
	}
	s := root(r)
	if idAttr == "" {
		idAttr = "vpc_id"
	}
	as := s.at(idAttr)
	v, st := str(as.v)
	switch {
	case !isSet(as.v):
		b.undetermine(as, o, defaultVPCWhy)
	case st == unknown:
		b.undetermine(as, o, afterApplyWhy+", and its references name no VPC of the input")
	default:
		b.undetermine(as, o, fmt.Sprintf("%q belongs to no VPC the input describes", v))
	}
	return ""
}
