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
	}
	return nil
}

// TransitFixes are the transit gateway changes the blockers of placement
// p in world w propose, in the order of p.BlockedBy: a subnet in the
// placement's Availability Zone for the attachment that has none there
// (aws-rules 4.8.1), and the route back through the transit gateway that
// a route table on the return path lacks (4.8.4, 4.9.3). They are among
// Trial.Offers.
func TransitFixes(w *model.World, p sim.PlacementResult) []Change {
	var out []Change
	src := subnet(w, p.Subnet)
	if src == nil {
		return nil
	}
	for _, b := range p.BlockedBy {
		if b.Decisive == nil || b.Decisive.Hop >= len(p.Hops) {
			continue
		}
		h := p.Hops[b.Decisive.Hop]
		switch {
		case b.Reason == sim.TGWNoRoute && h.Kind == sim.HopTGWAttachment:
			if c, ok := attachmentSubnetOffer(w, h.ID, src); ok {
				out = append(out, c)
			}
		case b.Reason == sim.NoRoute && h.Kind == sim.HopReturnRouteTable:
			if tgw := lastTGW(p.Hops[:b.Decisive.Hop]); tgw != "" && src.CIDR.IsValid() {
				out = append(out, Change{Kind: AddTGWReturnRoute, Target: h.ID, Value: src.CIDR.String() + " " + tgw})
			}
		}
	}
	return out
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
