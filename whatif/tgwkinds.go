package whatif

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// labelTGW is Label for the transit gateway kinds, given the sanitized
// target t and value v; false for any other kind.
func (c Change) labelTGW(t, v string) (string, bool) {
	switch c.Kind {
	case AddTGWAttachmentSubnet:
		return fmt.Sprintf("add subnet %s to transit gateway attachment %s", v, t), true
	case AddTGWReturnRoute:
		cidr, tgw, _ := strings.Cut(v, " ")
		return fmt.Sprintf("route table %s: route replies for %s back to transit gateway %s", t, cidr, tgw), true
	case AddTGWRoute:
		cidr, att, _ := strings.Cut(v, " ")
		return fmt.Sprintf("transit gateway route table %s: route %s to attachment %s", t, cidr, att), true
	}
	return "", false
}

// touchesTGW is Touches for the transit gateway kinds; nil for any other.
// An attachment is an object sim.Simulator.Rerun does not follow
// precisely, so adding a subnet to one re-traces every workload.
func (c Change) touchesTGW() []model.Ref {
	switch c.Kind {
	case AddTGWAttachmentSubnet:
		return []model.Ref{{Kind: model.KindTGWAttachment, ID: c.Target}}
	case AddTGWReturnRoute:
		return []model.Ref{{Kind: model.KindRouteTable, ID: c.Target}}
	case AddTGWRoute:
		return []model.Ref{{Kind: model.KindTGWRouteTable, ID: c.Target}}
	}
	return nil
}

// applyTGW is apply for the transit gateway kinds.
func (c Change) applyTGW(w *model.World) error {
	switch c.Kind {
	case AddTGWAttachmentSubnet:
		att := find(w.TransitGatewayAttachments, func(a model.TransitGatewayAttachment) bool { return a.ID == c.Target })
		if att == nil {
			return c.missing("transit gateway attachment")
		}
		sub := subnet(w, c.Value)
		if sub == nil {
			return fmt.Errorf("subnet %q does not exist", c.Value)
		}
		if sub.VPC != att.VPC {
			return fmt.Errorf("subnet %q is not in vpc %q of attachment %q", c.Value, att.VPC, c.Target)
		}
		// One subnet per Availability Zone (aws-rules 4.8.1).
		for _, id := range att.Subnets {
			if s := subnet(w, id); s != nil && s.AZ == sub.AZ {
				return fmt.Errorf("attachment %q has subnet %q in %s already", c.Target, id, sub.AZ)
			}
		}
		att.Subnets = append(slices.Clone(att.Subnets), c.Value)
	case AddTGWReturnRoute:
		rt := find(w.RouteTables, func(r model.RouteTable) bool { return r.ID == c.Target })
		if rt == nil {
			return c.missing("route table")
		}
		cidr, tgw, ok := strings.Cut(c.Value, " ")
		p, err := netip.ParsePrefix(cidr)
		if !ok || err != nil || tgw == "" {
			return fmt.Errorf("return route %q is not \"CIDR TRANSIT-GATEWAY\"", c.Value)
		}
		if !slices.ContainsFunc(w.TransitGateways, func(g model.TransitGateway) bool { return g.ID == tgw }) {
			return fmt.Errorf("transit gateway %q does not exist", tgw)
		}
		// A route of the same prefix would be replaced, not added to.
		rt.Routes = slices.DeleteFunc(slices.Clone(rt.Routes), func(r model.Route) bool { return r.Destination == p })
		rt.Routes = append(rt.Routes, model.Route{Destination: p, Target: model.TargetTransitGateway, TargetID: tgw})
	case AddTGWRoute:
		return c.addTGWRoute(w)
	}
	return nil
}

// addTGWRoute adds c's static route to its transit gateway route table,
// replacing one of the same prefix.
func (c Change) addTGWRoute(w *model.World) error {
	rt := find(w.TransitGatewayRouteTables, func(r model.TransitGatewayRouteTable) bool { return r.ID == c.Target })
	if rt == nil {
		return c.missing("transit gateway route table")
	}
	cidr, att, ok := strings.Cut(c.Value, " ")
	p, err := netip.ParsePrefix(cidr)
	if !ok || err != nil || att == "" {
		return fmt.Errorf("transit gateway route %q is not \"CIDR ATTACHMENT\"", c.Value)
	}
	a := find(w.TransitGatewayAttachments, func(a model.TransitGatewayAttachment) bool { return a.ID == att })
	if a == nil || a.TransitGateway != rt.TransitGateway {
		return fmt.Errorf("transit gateway %q has no attachment %q", rt.TransitGateway, att)
	}
	rt.Routes = slices.DeleteFunc(slices.Clone(rt.Routes), func(r model.TransitGatewayRoute) bool { return r.Destination == p })
	rt.Routes = append(rt.Routes, model.TransitGatewayRoute{Destination: p, Attachment: att})
	return nil
}

// TransitFixes are the transit gateway changes the blockers of placement
// p of t's report propose, in the order of p.BlockedBy: a subnet in the
// placement's Availability Zone for the attachment that has none there
// (aws-rules 4.8.1); the route back through the transit gateway that a
// route table on the return path lacks (4.8.4, 4.9.3); and the route back
// to the caller's attachment that the transit gateway route table of the
// far attachment lacks (4.8.4). They are among Trial.Offers.
func (t *Trial) TransitFixes(p sim.PlacementResult) []Change {
	return transitFixes(t.world, t.sim, p)
}

func transitFixes(w *model.World, s *sim.Simulator, p sim.PlacementResult) []Change {
	var out []Change
	src := subnet(w, p.Subnet)
	if src == nil {
		return nil
	}
	for _, b := range p.BlockedBy {
		if b.Decisive == nil || b.Decisive.Hop >= len(p.Hops) {
			continue
		}
		k := b.Decisive.Hop
		h := p.Hops[k]
		switch {
		case b.Reason == sim.TGWNoRoute && h.Kind == sim.HopTGWAttachment:
			if c, ok := attachmentSubnetOffer(w, h.ID, src); ok {
				out = append(out, c)
			}
		case b.Reason == sim.NoRoute && h.Kind == sim.HopReturnRouteTable:
			if tgw := lastTGW(p.Hops[:k]); tgw != "" && src.CIDR.IsValid() {
				out = append(out, Change{Kind: AddTGWReturnRoute, Target: h.ID, Value: src.CIDR.String() + " " + tgw})
			}
		case b.Reason == sim.TGWNoRoute && h.Kind == sim.HopTransitGateway:
			if c, ok := tgwReturnOffer(w, s, p.Hops, k, src); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// tgwReturnOffer is the route for src's CIDR back to its attachment that
// the transit gateway route table associated with the far attachment
// lacks (aws-rules 4.8.4), when hops[k] is the transit gateway src's
// traffic crosses first and the hops after it reach another VPC.
func tgwReturnOffer(w *model.World, s *sim.Simulator, hops []sim.Hop, k int, src *model.Subnet) (Change, bool) {
	tgw := hops[k].ID
	if lastTGW(hops[:k+1]) != tgw || slices.ContainsFunc(hops[:k], func(h sim.Hop) bool { return h.Kind == sim.HopTransitGateway }) || !src.CIDR.IsValid() {
		return Change{}, false
	}
	from := attachmentOf(w, tgw, src.VPC)
	far := ""
	for _, h := range hops[k+1:] {
		if v := vpcOfHop(w, h); v != "" && v != src.VPC {
			far = v
			break
		}
	}
	to := attachmentOf(w, tgw, far)
	if from == nil || to == nil {
		return Change{}, false
	}
	for _, t := range s.TransitGatewayRouteTables(tgw) {
		if !slices.Contains(t.Associations, to.ID) {
			continue
		}
		for _, r := range t.Routes { // most specific first, static first
			if r.Destination.Bits() <= src.CIDR.Bits() && r.Destination.Contains(src.CIDR.Addr()) {
				if !r.Blackhole && r.Attachment == from.ID {
					return Change{}, false
				}
				break
			}
		}
		return Change{Kind: AddTGWRoute, Target: t.ID, Value: src.CIDR.String() + " " + from.ID}, true
	}
	return Change{}, false
}

// attachmentOf is the attachment of vpc to transit gateway tgw, or nil.
func attachmentOf(w *model.World, tgw, vpc string) *model.TransitGatewayAttachment {
	return find(w.TransitGatewayAttachments, func(a model.TransitGatewayAttachment) bool {
		return a.TransitGateway == tgw && a.VPC == vpc
	})
}

// vpcOfHop is the VPC of the component of hop h, where the hop says.
func vpcOfHop(w *model.World, h sim.Hop) string {
	switch h.Kind {
	case sim.HopRouteTable, sim.HopReturnRouteTable:
		if rt := find(w.RouteTables, func(r model.RouteTable) bool { return r.ID == h.ID }); rt != nil {
			return rt.VPC
		}
	case sim.HopNetworkACL:
		if s := subnet(w, h.Subnet); s != nil {
			return s.VPC
		}
	case sim.HopInterfaceEndpoint:
		if e := find(w.Endpoints, func(e model.Endpoint) bool { return e.ID == h.ID }); e != nil {
			return e.VPC
		}
	}
	return ""
}

// attachmentSubnetOffer adds the placement subnet src to attachment att
// when they share a VPC and the attachment has no subnet in src's zone.
func attachmentSubnetOffer(w *model.World, att string, src *model.Subnet) (Change, bool) {
	a := find(w.TransitGatewayAttachments, func(a model.TransitGatewayAttachment) bool { return a.ID == att })
	if a == nil || a.VPC != src.VPC {
		return Change{}, false
	}
	for _, id := range a.Subnets {
		if s := subnet(w, id); s != nil && s.AZ == src.AZ {
			return Change{}, false
		}
	}
	return Change{Kind: AddTGWAttachmentSubnet, Target: a.ID, Value: src.ID}, true
}

// lastTGW is the ID of the last transit gateway among hops, or "" when
// none, when a peering comes after it (the replies go back that way), or
// when a NAT translates the caller's address before it (the replies are
// then for the NAT's address, not the placement subnet's).
func lastTGW(hops []sim.Hop) string {
	tgw := ""
	for _, h := range hops {
		switch h.Kind {
		case sim.HopTransitGateway:
			tgw = h.ID
		case sim.HopPeering:
			tgw = ""
		case sim.HopNATGateway, sim.HopNATInstance:
			if tgw == "" {
				return ""
			}
		}
	}
	return tgw
}
