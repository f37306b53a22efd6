package snapshot

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpctrace/vpctrace/model"
)

// tgwFinish resolves the transit gateway responses into the world.
type tgwFinish struct {
	b *builder
	// index of each world attachment in b.w.TransitGatewayAttachments.
	modelled map[string]int
	// outside are the attachments the world does not hold, with why: a
	// VPN or peering attachment, or a VPC the snapshot does not describe
	// (aws-rules 11.3.4).
	outside             map[string]outsideAttachment
	vpcs, subnets, tgws map[string]bool
}

// outsideAttachment says why an attachment is not in the world, and what
// would bring it in ("" when nothing would: vpctrace does not model it).
type outsideAttachment struct {
	why, fix string
}

// finishTransit builds the attachments, gives the route tables their
// routes, and makes every association and propagation explicit
// (aws-rules 11.3.3). What the folder lacks is a World.Unknowns entry
// with the command that supplies it.
func (b *builder) finishTransit() {
	f := &tgwFinish{b: b, modelled: map[string]int{}, outside: map[string]outsideAttachment{},
		vpcs: map[string]bool{}, subnets: map[string]bool{}, tgws: map[string]bool{}}
	for _, v := range b.w.VPCs {
		f.vpcs[v.ID] = true
	}
	for _, s := range b.w.Subnets {
		f.subnets[s.ID] = true
	}
	for _, t := range b.w.TransitGateways {
		f.tgws[t.ID] = true
	}
	f.keepTables()
	if !b.has(cmdDescribeTGWAttachments) && !b.has(cmdDescribeTGWVPCAttachments) {
		// Which VPCs are attached is not known (aws-rules 11.3.3).
		for _, t := range b.w.TransitGateways {
			b.missing(model.KindTransitGateway, t.ID, "attachments", cmdDescribeTGWAttachments+" --filters Name=transit-gateway-id,Values="+t.ID, t.Source)
		}
	}
	for _, a := range f.attachmentList() {
		f.attachment(a)
	}
	for i := range b.w.TransitGatewayRouteTables {
		f.table(&b.w.TransitGatewayRouteTables[i])
	}
	f.defaults()
}

// abstain lists in World.Unknowns a setting of object id that the
// snapshot does not determine, why, and the command that would (fix, or
// "" when none would).
func (b *builder) abstain(k model.Kind, id, field, why, fix string, p model.Pos) {
	u := model.Unknown{ID: id, Kind: k, Field: field, Why: why, Source: p}
	if fix != "" {
		u.Fix = missingFix + fix + " to the snapshot folder"
	}
	b.w.Unknowns = append(b.w.Unknowns, u)
}

// keepTables leaves out the route tables of transit gateways the world
// does not hold: they carry none of its traffic.
func (f *tgwFinish) keepTables() {
	w := f.b.w
	w.TransitGatewayRouteTables = slices.DeleteFunc(w.TransitGatewayRouteTables, func(t model.TransitGatewayRouteTable) bool {
		return t.TransitGateway != "" && !f.tgws[t.TransitGateway]
	})
}

// tgwAttachment is one attachment as the two describe responses give it.
type tgwAttachment struct {
	id, tgw, resource string
	kind              ec2types.TransitGatewayAttachmentResourceType
	state             ec2types.TransitGatewayAttachmentState
	pos               model.Pos
	described         bool // in describe-transit-gateway-attachments
	association       *at[ec2types.TransitGatewayAttachmentAssociation]
	vpc               *at[ec2types.TransitGatewayVpcAttachment]
}

// attachmentList merges the two describe responses by attachment ID, in
// input order: describe-transit-gateway-attachments first.
func (f *tgwFinish) attachmentList() []*tgwAttachment {
	s := &f.b.transit
	var out []*tgwAttachment
	byID := map[string]*tgwAttachment{}
	for _, v := range s.attachments {
		id := str(v.v.TransitGatewayAttachmentId)
		if !f.b.hasID(id, v.pos, "transit gateway attachment", "TransitGatewayAttachmentId") || byID[id] != nil {
			continue
		}
		a := &tgwAttachment{id: id, tgw: str(v.v.TransitGatewayId), resource: str(v.v.ResourceId),
			kind: v.v.ResourceType, state: v.v.State, pos: v.pos, described: true}
		if as := v.v.Association; as != nil {
			a.association = &at[ec2types.TransitGatewayAttachmentAssociation]{v: *as, pos: v.field("Association"), doc: v.doc, ptr: v.ptr + "/Association"}
		}
		byID[id], out = a, append(out, a)
	}
	for i, v := range s.vpcAttachments {
		id := str(v.v.TransitGatewayAttachmentId)
		if !f.b.hasID(id, v.pos, "transit gateway VPC attachment", "TransitGatewayAttachmentId") {
			continue
		}
		a := byID[id]
		if a == nil {
			a = &tgwAttachment{id: id, tgw: str(v.v.TransitGatewayId), resource: str(v.v.VpcId),
				kind: ec2types.TransitGatewayAttachmentResourceTypeVpc, state: v.v.State, pos: v.pos}
			byID[id], out = a, append(out, a)
		}
		if a.vpc == nil {
			a.vpc = &s.vpcAttachments[i]
		}
	}
	return out
}

// attachment adds a to the world when it is an available VPC attachment
// of a transit gateway and a VPC the world holds (aws-rules 11.3.1,
// 11.3.4); otherwise it notes why it is outside.
func (f *tgwFinish) attachment(a *tgwAttachment) {
	b := f.b
	switch {
	case a.state != ec2types.TransitGatewayAttachmentStateAvailable:
		f.outside[a.id] = outsideAttachment{why: fmt.Sprintf("attachment %s, which is %s, not available", a.id, a.state)}
		return
	case a.kind != ec2types.TransitGatewayAttachmentResourceTypeVpc:
		f.outside[a.id] = outsideAttachment{why: fmt.Sprintf("%s attachment %s, which vpctrace does not model", a.kind, a.id)}
		return
	case !f.tgws[a.tgw]:
		f.outside[a.id] = outsideAttachment{why: fmt.Sprintf("attachment %s of transit gateway %s, which the snapshot does not describe", a.id, a.tgw),
			fix: cmdDescribeTGWs + " --transit-gateway-ids " + a.tgw}
		return
	case !f.vpcs[a.resource]:
		f.outside[a.id] = outsideAttachment{why: fmt.Sprintf("attachment %s of vpc %s, which the snapshot does not describe", a.id, a.resource),
			fix: cmdDescribeVPCs + " --vpc-ids " + a.resource}
		return
	}
	att := model.TransitGatewayAttachment{ID: a.id, Source: a.pos, TransitGateway: a.tgw, VPC: a.resource}
	f.subnetsOf(a, &att)
	f.associationOf(a, &att)
	f.modelled[a.id] = len(b.w.TransitGatewayAttachments)
	b.w.TransitGatewayAttachments = append(b.w.TransitGatewayAttachments, att)
}

// subnetsOf gives att its subnets and appliance mode, from
// describe-transit-gateway-vpc-attachments.
func (f *tgwFinish) subnetsOf(a *tgwAttachment, att *model.TransitGatewayAttachment) {
	b := f.b
	if a.vpc == nil {
		b.missing(model.KindTGWAttachment, a.id, "subnets", cmdDescribeTGWVPCAttachments+" --transit-gateway-attachment-ids "+a.id, a.pos)
		return
	}
	if o := a.vpc.v.Options; o != nil {
		att.ApplianceMode = o.ApplianceModeSupport == ec2types.ApplianceModeSupportValueEnable
	}
	var absent []string
	for _, s := range a.vpc.v.SubnetIds {
		if f.subnets[s] {
			att.Subnets = append(att.Subnets, s)
		} else {
			absent = append(absent, s)
		}
	}
	if len(absent) > 0 {
		b.missing(model.KindTGWAttachment, a.id, "subnets", "aws ec2 describe-subnets --subnet-ids "+strings.Join(absent, " "), a.vpc.field("SubnetIds"))
	}
}

// associationOf gives att the route table it is associated with: the
// attachment's Association, and the table's
// get-transit-gateway-route-table-associations. Only "associated" counts.
func (f *tgwFinish) associationOf(a *tgwAttachment, att *model.TransitGatewayAttachment) {
	b := f.b
	type seen struct {
		table string
		pos   model.Pos
	}
	var found []seen
	if as := a.association; as != nil && as.v.State == ec2types.TransitGatewayAssociationStateAssociated {
		found = append(found, seen{str(as.v.TransitGatewayRouteTableId), as.field("TransitGatewayRouteTableId")})
	}
	for _, table := range tgwTableIDs(b.transit.associations) {
		for _, v := range b.transit.associations[table] {
			if str(v.v.TransitGatewayAttachmentId) == a.id && v.v.State == ec2types.TransitGatewayAssociationStateAssociated {
				found = append(found, seen{table, v.pos})
			}
		}
	}
	for _, s := range found[min(1, len(found)):] {
		if s.table != found[0].table {
			b.errorf(s.pos, CodeConflict, "attachment %s is associated with %s here but with %s at %s; an attachment has one association (aws-rules 4.8.2): collect the snapshot again",
				a.id, s.table, found[0].table, found[0].pos)
			return
		}
	}
	switch {
	case len(found) > 0 && b.tgwTable(found[0].table) != nil:
		att.RouteTable = found[0].table
	case len(found) > 0:
		b.missing(model.KindTGWAttachment, a.id, "route_table", cmdDescribeTGWRouteTables+" --transit-gateway-route-table-ids "+found[0].table, found[0].pos)
	case !a.described:
		b.missing(model.KindTGWAttachment, a.id, "route_table", cmdDescribeTGWAttachments+" --transit-gateway-attachment-ids "+a.id, a.pos)
	}
}

// table gives t its static routes and the attachments that propagate to
// it, from search-transit-gateway-routes and
// get-transit-gateway-route-table-propagations (aws-rules 11.3.2,
// 11.3.3).
func (f *tgwFinish) table(t *model.TransitGatewayRouteTable) {
	b := f.b
	file := b.transit.routes[t.ID]
	if file == nil {
		b.missing(model.KindTGWRouteTable, t.ID, "routes", cmdSearchTGWRoutes+" --transit-gateway-route-table-id "+t.ID+" --filters Name=state,Values=active,blackhole", t.Source)
	} else {
		if file.truncated {
			b.abstain(model.KindTGWRouteTable, t.ID, "routes", "the output holds only part of the table's routes (AdditionalRoutesAvailable is true)",
				cmdSearchTGWRoutes+" --transit-gateway-route-table-id "+t.ID+" with narrower --filters, one file per filter", file.pos)
		}
		noted := map[string]bool{}
		for _, r := range file.routes {
			f.route(t, r, noted)
		}
	}
	for _, p := range b.transit.propagations[t.ID] {
		if p.v.State == ec2types.TransitGatewayPropagationStateEnabled {
			f.propagate(str(p.v.TransitGatewayAttachmentId), t.ID)
		}
	}
}

// route adds one route of search-transit-gateway-routes to t. Only active
// and blackhole routes count; a propagated route adds t to its
// attachment's PropagateTo, as the simulator derives propagated routes
// from the VPC's CIDRs (aws-rules 11.3.3). A route to an attachment
// outside the world makes the table undetermined (aws-rules 11.3.4).
func (f *tgwFinish) route(t *model.TransitGatewayRouteTable, r at[ec2types.TransitGatewayRoute], noted map[string]bool) {
	b := f.b
	if r.v.State != ec2types.TransitGatewayRouteStateActive && r.v.State != ec2types.TransitGatewayRouteStateBlackhole {
		return
	}
	dests, ok := f.destinations(t, r)
	if !ok {
		return
	}
	var targets []string
	for _, a := range r.v.TransitGatewayAttachments {
		targets = append(targets, str(a.TransitGatewayAttachmentId))
	}
	for _, id := range targets {
		if o, out := f.outside[id]; out && r.v.State == ec2types.TransitGatewayRouteStateActive {
			if !noted[id] {
				noted[id] = true
				b.abstain(model.KindTGWRouteTable, t.ID, "routes", fmt.Sprintf("route %s leads to %s", routeDest(r), o.why), o.fix, r.pos)
			}
			return
		}
		if _, in := f.modelled[id]; !in && r.v.State == ec2types.TransitGatewayRouteStateActive {
			if !noted[id] {
				noted[id] = true
				b.abstain(model.KindTGWRouteTable, t.ID, "routes", fmt.Sprintf("route %s leads to attachment %s, which the snapshot does not describe", routeDest(r), id),
					cmdDescribeTGWAttachments+" --transit-gateway-attachment-ids "+id, r.pos)
			}
			return
		}
	}
	switch {
	case r.v.Type == ec2types.TransitGatewayRouteTypePropagated:
		if r.v.State == ec2types.TransitGatewayRouteStateActive {
			for _, id := range targets {
				f.propagate(id, t.ID)
			}
		}
	case r.v.State == ec2types.TransitGatewayRouteStateBlackhole:
		for _, d := range dests {
			t.Routes = append(t.Routes, model.TransitGatewayRoute{Source: r.pos, Destination: d, Blackhole: true})
		}
	case len(targets) == 0:
		b.warnf(r.pos, model.CodeInvalidValue, "active static route %s of %s names no attachment: left out", routeDest(r), t.ID)
	default:
		for _, d := range dests {
			t.Routes = append(t.Routes, model.TransitGatewayRoute{Source: r.pos, Destination: d, Attachment: targets[0]})
		}
	}
}

// routeDest names a route's destination in messages.
func routeDest(r at[ec2types.TransitGatewayRoute]) string {
	if c := str(r.v.DestinationCidrBlock); c != "" {
		return c
	}
	return str(r.v.PrefixListId)
}

// destinations returns the CIDR blocks a route covers: its
// DestinationCidrBlock, or the entries of its prefix list as the world's
// prefix lists give them (aws-rules 11.3.2). false when there are none to
// add: a malformed block (an error) or an undescribed list (an unknown).
func (f *tgwFinish) destinations(t *model.TransitGatewayRouteTable, r at[ec2types.TransitGatewayRoute]) ([]netip.Prefix, bool) {
	b := f.b
	if c := r.v.DestinationCidrBlock; c != nil {
		p, ok := b.prefix(*c, r.field("DestinationCidrBlock"))
		return []netip.Prefix{p}, ok
	}
	id := str(r.v.PrefixListId)
	if id == "" {
		b.errorf(r.pos, model.CodeMissingField, "transit gateway route of %s has neither DestinationCidrBlock nor PrefixListId", t.ID)
		return nil, false
	}
	for _, pl := range b.w.PrefixLists {
		if pl.ID == id {
			return pl.Entries, true
		}
	}
	b.missing(model.KindTGWRouteTable, t.ID, "routes", "aws ec2 get-managed-prefix-list-entries --prefix-list-id "+id, r.field("PrefixListId"))
	return nil, false
}

// propagate records that attachment id propagates its VPC's CIDRs to
// table; an attachment outside the world propagates nothing the world
// can use.
func (f *tgwFinish) propagate(id, table string) {
	i, ok := f.modelled[id]
	if !ok {
		return
	}
	a := &f.b.w.TransitGatewayAttachments[i]
	if !slices.Contains(a.PropagateTo, table) {
		a.PropagateTo = append(a.PropagateTo, table)
	}
}

// defaults clears default route tables the world does not hold, and sets
// each attachment's default association and propagation to what the
// snapshot shows, so that the simulator adds nothing the explicit
// association and propagations do not say (aws-rules 11.3.3).
func (f *tgwFinish) defaults() {
	w := f.b.w
	tgws := map[string]*model.TransitGateway{}
	for i := range w.TransitGateways {
		t := &w.TransitGateways[i]
		if f.b.tgwTable(t.DefaultRouteTable) == nil {
			t.DefaultRouteTable = ""
		}
		tgws[t.ID] = t
	}
	for i := range w.TransitGatewayAttachments {
		a := &w.TransitGatewayAttachments[i]
		t := tgws[a.TransitGateway]
		def := t.DefaultRouteTable
		a.DefaultAssociation = model.Of(t.DefaultAssociation && def != "" && a.RouteTable == def)
		a.DefaultPropagation = model.Of(t.DefaultPropagation && def != "" && slices.Contains(a.PropagateTo, def))
	}
}

// tgwTableIDs returns the keys of m, route table IDs, in order.
func tgwTableIDs[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
