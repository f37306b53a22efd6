package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/internal/cells"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/sim/policy"
)

// The component view: one object a hop of the selected call meets (a route
// table, a security group, a network ACL, an endpoint, the DNS resolver,
// or a summary of a gateway, an instance, ...) shown in full as the
// simulator sees it, with what decided this call marked ▸ and in reverse.

// targetKind is the kind of component a hop offers.
type targetKind int

const (
	targetRouteTable targetKind = iota
	targetSecurityGroup
	targetNetworkACL
	targetEndpoint
	targetResolver
	targetSummary // any other hop: a summary of its model object
)

// target is one component a hop offers to open.
type target struct {
	kind  targetKind
	id    string // route table, group, endpoint or VPC ID; the subnet of a network ACL
	label string // for people, unsanitized
}

// inspect returns the simulator of the current world, for its read-only
// views of route tables, groups, ACLs and endpoints.
func (m *Model) inspect() *sim.Simulator { return m.trial.Simulator() }

// hopTargets lists what a hop offers: its route table, network ACL,
// endpoint and the security groups on its interface; a summary for the
// rest. The list is never empty.
func (m *Model) hopTargets(p sim.PlacementResult, h sim.Hop) []target {
	insp := m.inspect()
	w := m.trial.World()
	summary := target{kind: targetSummary, id: h.ID, label: hopLabel(h)}
	groups := func(ids []string, vpc string) []target {
		if len(ids) == 0 && vpc != "" {
			if d := insp.DefaultSecurityGroup(vpc); d != "" {
				ids = []string{d}
			}
		}
		var out []target
		for _, id := range ids {
			out = append(out, target{kind: targetSecurityGroup, id: id, label: "security group " + id})
		}
		return out
	}
	vpcOf := func(subnet string) string {
		if s := find(w.Subnets, func(s *model.Subnet) bool { return s.ID == subnet }); s != nil {
			return s.VPC
		}
		return ""
	}
	switch h.Kind {
	case sim.HopRouteTable, sim.HopReturnRouteTable:
		if _, ok := insp.RouteTable(h.Component); ok {
			return []target{{kind: targetRouteTable, id: h.Component, label: "route table " + h.Component}}
		}
	case sim.HopNetworkACL:
		label := h.Component // "default network ACL of VPC" when implicit
		if h.ID != "" {
			label = "network ACL " + h.ID
		}
		return []target{{kind: targetNetworkACL, id: h.Subnet, label: label}}
	case sim.HopDNSResolver:
		if vpc := vpcOf(p.Subnet); vpc != "" {
			return []target{{kind: targetResolver, id: vpc, label: "DNS resolver of " + vpc}}
		}
	case sim.HopTaskENI:
		var sgs []string
		if svc := m.selectedService(); svc != nil {
			sgs = svc.SecurityGroups
		}
		if ts := groups(sgs, vpcOf(h.Subnet)); len(ts) > 0 {
			return ts
		}
	case sim.HopContainerInstance:
		var sgs []string
		if g := find(w.AutoScalingGroups, func(g *model.AutoScalingGroup) bool { return g.ID == h.ID }); g != nil {
			sgs = g.SecurityGroups
		} else if in := find(w.Instances, func(in *model.Instance) bool { return in.ID == h.ID }); in != nil {
			sgs = in.SecurityGroups
		}
		return append(groups(sgs, ""), summary)
	case sim.HopInterfaceEndpoint, sim.HopGatewayEndpoint:
		if ep, ok := insp.Endpoint(h.ID); ok {
			return append([]target{{kind: targetEndpoint, id: ep.ID, label: "endpoint " + ep.ID}}, groups(ep.EffectiveSecurityGroups, "")...)
		}
	case sim.HopMountTarget:
		if mt := findMountTarget(w, h.ID); mt != nil {
			return append(groups(mt.SecurityGroups, ""), summary)
		}
	case sim.HopInstance, sim.HopNATInstance:
		if in := find(w.Instances, func(in *model.Instance) bool { return in.ID == h.ID }); in != nil {
			return append(groups(in.SecurityGroups, ""), summary)
		}
	}
	return []target{summary}
}

// hopLabel names a hop: its kind and component, or the component alone
// when it already says what it is ("task ENI in private-a", not "task ENI
// task ENI in private-a"): when it holds the kind's noun as a word.
func hopLabel(h sim.Hop) string {
	words := strings.Fields(string(h.Kind))
	if len(words) > 0 && slices.Contains(strings.Fields(h.Component), words[len(words)-1]) {
		if h.Kind == sim.HopNetworkACL {
			return h.Component + ", on " + h.Subnet
		}
		return h.Component
	}
	return strings.TrimSpace(h.KindLabel() + " " + h.Component)
}

func findMountTarget(w *model.World, id string) *model.MountTarget {
	for i := range w.FileSystems {
		if mt := find(w.FileSystems[i].MountTargets, func(mt *model.MountTarget) bool { return mt.ID == id }); mt != nil {
			return mt
		}
	}
	return nil
}

// selectedService is the model service of the selected call's workload.
func (m *Model) selectedService() *model.Service {
	if !m.onCall() {
		return nil
	}
	src := m.trial.Report().Workloads[m.rows[m.cursor].wl].Source
	return find(m.trial.World().Services, func(s *model.Service) bool { return s.ID == src })
}

// openComponent builds the view of t for the selected hop and shows it,
// scrolled to the first marked line.
func (m *Model) openComponent(t target) {
	c, ok := m.selected()
	p, pok := m.selectedPlacement(c)
	if !ok || !pok || m.hop < 0 || m.hop >= len(p.Hops) {
		return
	}
	wl := m.trial.Report().Workloads[m.rows[m.cursor].wl]
	ctx := compContext{wl: wl, call: c, p: p, hopIndex: m.hop, hop: p.Hops[m.hop], world: m.trial.World(), insp: m.inspect()}
	m.comp = ctx.build(t)
	m.comp.title += " · " + string(c.Kind) + " from " + sanitize(p.Subnet)
	m.compOpen = true
	m.layout()
	m.compView.GotoTop()
	if mark := m.comp.firstMark; mark >= 0 && mark >= m.compView.Height {
		m.compView.SetYOffset(mark - m.compView.Height/3)
	}
}

// lineKind is how a line of a component view looks.
type lineKind int

const (
	linePlain lineKind = iota
	lineHead           // a heading, bold
	lineDim            // positions and notes
	lineMark           // what decided this call: ▸ and reverse
)

// cline is one logical line of a component view; it wraps when rendered.
type cline struct {
	text   string // sanitized
	indent int
	kind   lineKind
}

// component is a built component view.
type component struct {
	title     string // sanitized
	lines     []cline
	firstMark int // the rendered line of the first marked line, -1: none (set by render)
}

// add appends a line of text from the input, sanitized.
func (c *component) add(kind lineKind, indent int, s string) {
	c.lines = append(c.lines, cline{text: sanitize(s), indent: indent, kind: kind})
}

func (c *component) head(s string)             { c.add(lineHead, 0, s) }
func (c *component) text(indent int, s string) { c.add(linePlain, indent, s) }
func (c *component) dim(indent int, s string) {
	if strings.TrimSpace(s) != "" {
		c.add(lineDim, indent, s)
	}
}

// row adds a line that is marked when it decided this call.
func (c *component) row(marked bool, indent int, s string) {
	k := linePlain
	if marked {
		k = lineMark
	}
	c.add(k, indent, s)
}

func (c *component) blank() { c.lines = append(c.lines, cline{}) }

// render wraps the lines to w cells: a two-cell gutter holds ▸ on marked
// lines, which are also bold and reversed (colour is never the only sign).
func (c *component) render(st styles, w int) string {
	var out []string
	c.firstMark = -1
	for _, l := range c.lines {
		width := max(w-2-l.indent, 8)
		parts := []string{l.text} // as written, columns kept, when it fits
		if ansi.StringWidth(l.text) > width {
			parts = cells.Wrap(l.text, width, cells.BreakWords)
		}
		for i, part := range parts {
			gutter := "  "
			if l.kind == lineMark && i == 0 {
				gutter = markCursor + " "
				if c.firstMark < 0 {
					c.firstMark = len(out)
				}
			}
			s := gutter + strings.Repeat(" ", l.indent) + part
			switch l.kind {
			case lineHead:
				s = st.bold.Render(s)
			case lineDim:
				s = st.dim.Render(s)
			case lineMark:
				s = st.mark.Render(fit(s, w))
			}
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n")
}

// compContext is what a component view is built from: the hop of the
// selected call's placement, and the world it was traced in.
type compContext struct {
	wl   sim.WorkloadResult
	call sim.CallResult
	p    sim.PlacementResult
	// hop is the hop's place in p.Hops.
	hopIndex int
	hop      sim.Hop
	world    *model.World
	insp     *sim.Simulator
}

func (x compContext) build(t target) component {
	var c component
	ok := false
	switch t.kind {
	case targetRouteTable:
		ok = x.routeTable(&c, t.id)
	case targetSecurityGroup:
		ok = x.securityGroup(&c, t.id)
	case targetNetworkACL:
		ok = x.networkACL(&c, t.id)
	case targetEndpoint:
		ok = x.endpoint(&c, t.id)
	case targetResolver:
		ok = x.resolver(&c, t.id)
	}
	if !ok {
		c = component{}
		x.summary(&c, t)
	}
	c.title = sanitize(upper(t.label))
	return c
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// at formats a source position, or "" when there is none.
func at(p model.Pos) string {
	if !p.IsValid() {
		return ""
	}
	return "at " + p.String()
}

func joinDot(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

func listOr(items []string, none string) string {
	if len(items) == 0 {
		return none
	}
	return strings.Join(items, ", ")
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// steps lists the hop's steps of the given types (all when none given)
// under "This call", with their rules unless shown (the view marks them).
func (x compContext) steps(c *component, shown []string, types ...sim.StepType) {
	var ss []sim.Step
	for _, s := range x.hop.Steps {
		if len(types) == 0 || slices.Contains(types, s.Type) {
			ss = append(ss, s)
		}
	}
	c.head("This call")
	if len(ss) == 0 {
		c.text(1, "no check here")
	}
	for _, s := range ss {
		c.text(1, actionMark(s.Action)+" "+string(s.Type)+" "+string(s.Action)+": "+s.Detail)
		var extra []string
		if s.Rule != "" && !slices.Contains(shown, s.Rule) {
			extra = append(extra, "rule "+s.Rule)
		}
		extra = append(extra, at(s.Source))
		if s.Reason != "" {
			extra = append(extra, "reason "+string(s.Reason))
		}
		c.dim(3, joinDot(extra...))
	}
	c.blank()
}

// rules returns the Rule of the hop's steps of type t.
func (x compContext) rules(t sim.StepType) []string {
	var out []string
	for _, s := range x.hop.Steps {
		if s.Type == t && s.Rule != "" {
			out = append(out, s.Rule)
		}
	}
	return out
}

func actionMark(a sim.Action) string {
	switch a {
	case sim.ActionAllowed, sim.ActionResolved, sim.ActionForwarded, sim.ActionDelivered:
		return markReachable
	case sim.ActionDenied, sim.ActionFailed, sim.ActionDropped:
		return markUnreachable
	}
	return markUnknown
}

func (x compContext) routeTable(c *component, id string) bool {
	rt, ok := x.insp.RouteTable(id)
	if !ok {
		return false
	}
	kind := "route table"
	switch {
	case rt.Implicit:
		kind = "implicit main route table (not in the input: only the local routes)"
	case rt.Main:
		kind = "main route table"
	}
	c.text(0, joinDot(kind, "vpc "+rt.VPC))
	c.dim(0, at(rt.Source))
	c.text(0, "Subnets: "+listOr(rt.Subnets, "none"))
	c.blank()
	var labels []string
	for _, r := range rt.Routes {
		labels = append(labels, r.Label)
	}
	matched := x.rules(sim.StepRoute)
	c.head(fmt.Sprintf("Routes (%d, most specific first; the longest prefix wins)", len(rt.Routes)))
	for _, r := range rt.Routes {
		c.row(slices.Contains(matched, r.Label), 0, r.Label)
		var notes []string
		switch r.Origin {
		case sim.RouteLocal:
			notes = append(notes, "local route AWS adds for a VPC CIDR")
		case sim.RouteGatewayEndpoint:
			notes = append(notes, "added by gateway endpoint "+r.Endpoint)
		}
		if r.PrefixList != "" && r.Origin != sim.RouteGatewayEndpoint {
			notes = append(notes, "from prefix list "+r.PrefixList)
		}
		if r.Blackhole {
			notes = append(notes, "blackhole: its target no longer exists")
		}
		if r.Propagated {
			notes = append(notes, "propagated")
		}
		c.dim(2, joinDot(append(notes, at(r.Source))...))
	}
	c.blank()
	x.steps(c, labels, sim.StepRoute)
	return true
}

func (x compContext) securityGroup(c *component, id string) bool {
	g, ok := x.insp.SecurityGroup(id)
	if !ok {
		return false
	}
	kind := "security group"
	switch {
	case g.Implicit:
		kind = "the VPC's default security group (not in the input: AWS's default rules)"
	case g.Default:
		kind = "the VPC's default security group"
	}
	c.text(0, joinDot(kind, "vpc "+g.VPC))
	c.dim(0, at(g.Source))
	c.text(0, "Stateful: replies need no rule. An interface's groups are unioned: any rule of any of its groups can allow a connection, and nothing denies.")
	c.blank()
	var labels []string
	for _, r := range append(slices.Clone(g.Ingress), g.Egress...) {
		labels = append(labels, r.Label)
	}
	decided := x.rules(sim.StepSecurityGroup)
	for _, dir := range []struct {
		name   string
		rules  []sim.SGRuleView
		egress bool
	}{{"Ingress", g.Ingress, false}, {"Egress", g.Egress, true}} {
		c.head(fmt.Sprintf("%s (%d)", dir.name, len(dir.rules)))
		if len(dir.rules) == 0 {
			c.text(2, "no rules: nothing is allowed "+map[bool]string{false: "in", true: "out"}[dir.egress])
		}
		for i, r := range dir.rules {
			c.row(slices.Contains(decided, r.Label), 0, fmt.Sprintf("#%d %s", i+1, sgRuleText(r.SGRule, dir.egress)))
			desc := ""
			if r.Description != "" {
				desc = fmt.Sprintf("%q", r.Description)
			}
			c.dim(3, joinDot(desc, at(r.Source)))
		}
	}
	c.blank()
	x.steps(c, labels, sim.StepSecurityGroup)
	return true
}

// sgRuleText describes a security group rule: protocol, ports, peers.
func sgRuleText(r model.SGRule, egress bool) string {
	var peers []string
	for _, p := range r.CIDRs {
		peers = append(peers, p.String())
	}
	for _, p := range r.PrefixLists {
		peers = append(peers, "prefix list "+p)
	}
	for _, g := range r.SecurityGroups {
		peers = append(peers, "group "+g)
	}
	if r.Self {
		peers = append(peers, "self (members of this group)")
	}
	dir := "from"
	if egress {
		dir = "to"
	}
	return protoText(r.Protocol, r.FromPort, r.ToPort) + " " + dir + " " + listOr(peers, "nobody")
}

func protoText(proto string, from, to int) string {
	switch {
	case proto == model.ProtocolAll || proto == "all":
		return "all traffic"
	case from == to:
		return fmt.Sprintf("%s %d", proto, from)
	case from <= 0 && to >= 65535:
		return proto + " all ports"
	}
	return fmt.Sprintf("%s %d-%d", proto, from, to)
}

func (x compContext) networkACL(c *component, subnet string) bool {
	acl, ok := x.insp.SubnetNetworkACL(subnet)
	if !ok {
		return false
	}
	kind := "network ACL"
	if acl.Implicit {
		kind = "the VPC's default network ACL (not in the input: allows everything)"
	}
	c.text(0, joinDot(kind, "vpc "+acl.VPC))
	c.dim(0, at(acl.Source))
	c.text(0, "Subnets: "+listOr(acl.Subnets, "none"))
	c.text(0, "Stateless: a request and its replies are checked separately. Rules are evaluated by number, lowest first; the first that matches decides.")
	c.blank()
	var labels []string
	for _, r := range append(slices.Clone(acl.Inbound), acl.Outbound...) {
		labels = append(labels, r.Label)
	}
	decided := x.rules(sim.StepNACL)
	for _, dir := range []struct {
		name  string
		rules []sim.ACLRuleView
	}{{"Inbound", acl.Inbound}, {"Outbound", acl.Outbound}} {
		c.head(dir.name)
		for _, r := range dir.rules {
			num := fmt.Sprint(r.Number)
			switch {
			case r.Final:
				num = "*"
			case acl.Implicit:
				num = "all"
			}
			action := "deny"
			if r.Allow {
				action = "allow"
			}
			c.row(slices.Contains(decided, r.Label), 0, fmt.Sprintf("%-5s %-5s %-15s %s", num, action, protoText(r.Protocol, r.FromPort, r.ToPort), r.CIDR))
			c.dim(6, at(r.Source))
		}
	}
	c.blank()
	x.steps(c, labels, sim.StepNACL)
	return true
}

func (x compContext) endpoint(c *component, id string) bool {
	ep, ok := x.insp.Endpoint(id)
	if !ok {
		return false
	}
	c.text(0, joinDot(string(ep.Type)+" endpoint", "vpc "+ep.VPC))
	c.dim(0, at(ep.Source))
	c.text(0, "Service: "+ep.ServiceName)
	if ep.Type == model.EndpointGateway {
		c.text(0, "Route tables: "+listOr(ep.RouteTables, "none"))
		c.text(0, "Adds a route to the service's prefix list to each of these tables; no DNS change, no security group.")
	} else {
		var subnets []string
		for _, s := range ep.Subnets {
			if ip, ok := ep.IPs[s]; ok {
				s += " (" + ip.String() + ")"
			}
			subnets = append(subnets, s)
		}
		c.text(0, "Subnets: "+listOr(subnets, "none"))
		c.text(0, "Security groups: "+listOr(ep.EffectiveSecurityGroups, "none"))
		c.text(0, "Private DNS: "+onOff(ep.PrivateDNS))
		c.blank()
		c.head("DNS names it answers in " + ep.VPC)
		for _, n := range ep.PrivateDNSNames {
			c.row(n == x.call.Host || (strings.HasPrefix(n, "*.") && strings.HasSuffix(x.call.Host, n[1:])), 0, n)
		}
		switch {
		case ep.PrivateDNSNote != "":
			c.text(0, "none: private DNS is on, but "+ep.PrivateDNSNote)
		case len(ep.PrivateDNSNames) == 0:
			c.text(0, "none of the service's names: private DNS is off, so they resolve publicly")
		}
		for _, a := range ep.AliasNames {
			c.row(a.Name == strings.ToLower(x.call.Host), 0, a.Name)
			c.dim(2, joinDot(a.Answer+" in "+a.Zone, at(a.Source)))
		}
	}
	c.blank()
	x.steps(c, nil, sim.StepEndpointPolicy, sim.StepDeliver)
	c.head("Policy")
	if strings.TrimSpace(ep.Policy) == "" {
		c.text(0, "full access (default)")
		return true
	}
	c.dim(0, at(ep.PolicySource))
	x.policy(c, ep.Policy)
	return true
}

// policy shows a policy document pretty-printed, the statement that
// decided this call marked.
func (x compContext) policy(c *component, doc string) {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(doc), "", "  "); err != nil {
		b.Reset()
		b.WriteString(doc)
	}
	pretty := b.String()
	from, to := -1, -1
	if rules := x.rules(sim.StepEndpointPolicy); len(rules) > 0 {
		if p, err := policy.Parse(pretty); err == nil && p != nil {
			for _, s := range p.Statements {
				if s.Name() == rules[0] {
					from, to = statementLines(pretty, s.Line)
				}
			}
		}
	}
	for i, l := range strings.Split(pretty, "\n") {
		trimmed := strings.TrimLeft(l, " ")
		c.row(i+1 >= from && i+1 <= to, len(l)-len(trimmed), trimmed)
	}
}

// statementLines returns the first and last lines (from 1) of the JSON
// object that starts on line start of an indented document.
func statementLines(doc string, start int) (int, int) {
	lines := strings.Split(doc, "\n")
	if start < 1 || start > len(lines) {
		return -1, -1
	}
	first := lines[start-1]
	indent := len(first) - len(strings.TrimLeft(first, " "))
	for i := start; i < len(lines); i++ {
		l := lines[i]
		if len(l)-len(strings.TrimLeft(l, " ")) == indent && strings.HasPrefix(strings.TrimSpace(l), "}") {
			return start, i + 1
		}
	}
	return start, start
}

func (x compContext) resolver(c *component, vpcID string) bool {
	vpc := find(x.world.VPCs, func(v *model.VPC) bool { return v.ID == vpcID })
	if vpc == nil {
		return false
	}
	c.head(x.hop.Component)
	c.text(0, joinDot("vpc "+vpc.ID, "DNS support "+onOff(vpc.EnableDNSSupport), "DNS hostnames "+onOff(vpc.EnableDNSHostnames)))
	c.dim(0, at(vpc.Source))
	if vpc.DHCPOptions != "" {
		if o := find(x.world.DHCPOptions, func(o *model.DHCPOptions) bool { return o.ID == vpc.DHCPOptions }); o != nil {
			c.text(0, "DHCP options "+o.ID+": name servers "+listOr(o.DomainNameServers, "none"))
			c.dim(0, at(o.Source))
		}
	}
	c.blank()
	names := x.insp.ResolverZones(vpc.ID)
	var labels []string
	for _, n := range names {
		labels = append(labels, n.Rule)
	}
	answered := x.rules(sim.StepDNS)
	c.head(fmt.Sprintf("Names answered privately in %s (%d); any other name resolves through public DNS", vpc.ID, len(names)))
	for _, n := range names {
		c.row(n.Rule != "" && slices.Contains(answered, n.Rule), 0, n.Name)
		c.dim(2, joinDot(n.Answer, n.Zone, at(n.Source)))
	}
	c.blank()
	x.steps(c, labels, sim.StepDNS)
	return true
}

// tgwRouteTables lists the route tables of a transit gateway with the
// route that decided the call marked, in the table of the attachment the
// call entered through.
func (x compContext) tgwRouteTables(c *component, tgw string) {
	entry := x.entryAttachment(tgw)
	for _, t := range x.insp.TransitGatewayRouteTables(tgw) {
		var matched []string
		if slices.Contains(t.Associations, entry) {
			matched = x.rules(sim.StepTransitGateway)
		}
		c.blank()
		c.head(fmt.Sprintf("Route table %s (%d routes, most specific first)", t.ID, len(t.Routes)))
		c.dim(0, joinDot("associated: "+listOr(t.Associations, "no attachment"), at(t.Source)))
		if len(t.Routes) == 0 {
			c.text(2, "no routes: traffic from its attachments is dropped")
		}
		for _, r := range t.Routes {
			c.row(slices.Contains(matched, r.Label), 0, r.Label)
			c.dim(2, at(r.Source))
		}
	}
}

// entryAttachment returns the attachment of transit gateway tgw in the VPC
// the call was in when it reached this hop: the VPC of the last hop before
// it that sits in a subnet.
func (x compContext) entryAttachment(tgw string) string {
	for i := x.hopIndex - 1; i >= 0; i-- {
		id := x.p.Hops[i].Subnet
		if id == "" {
			continue
		}
		s := find(x.world.Subnets, func(s *model.Subnet) bool { return s.ID == id })
		if s == nil {
			return ""
		}
		if a := find(x.world.TransitGatewayAttachments, func(a *model.TransitGatewayAttachment) bool {
			return a.TransitGateway == tgw && a.VPC == s.VPC
		}); a != nil {
			return a.ID
		}
		return ""
	}
	return ""
}

// summary shows a short summary of the hop's model object, and the
// hop's steps.
func (x compContext) summary(c *component, t target) {
	w := x.world
	n := len(c.lines)
	id := t.id
	switch x.hop.Kind {
	case sim.HopNATGateway:
		if o := find(w.NATGateways, func(o *model.NATGateway) bool { return o.ID == id }); o != nil {
			conn, eip := "public", "Elastic IP "+o.ElasticIP
			if o.Private {
				conn = "private (no internet access)"
			}
			if o.ElasticIP == "" {
				eip = "no Elastic IP"
			}
			c.text(0, joinDot("NAT gateway "+o.ID, "subnet "+o.Subnet, conn, eip))
			c.dim(0, at(o.Source))
		}
	case sim.HopInternetGateway:
		if o := find(w.InternetGateways, func(o *model.InternetGateway) bool { return o.ID == id }); o != nil {
			c.text(0, joinDot("internet gateway "+o.ID, "attached to "+listOr(nonEmpty(o.VPC), "no VPC (detached)")))
			c.dim(0, at(o.Source))
		}
	case sim.HopEgressOnlyGateway:
		if o := find(w.EgressOnlyGateways, func(o *model.EgressOnlyGateway) bool { return o.ID == id }); o != nil {
			c.text(0, joinDot("egress-only internet gateway "+o.ID, "vpc "+o.VPC, "IPv6 out only"))
			c.dim(0, at(o.Source))
		}
	case sim.HopTransitGateway:
		if o := find(w.TransitGateways, func(o *model.TransitGateway) bool { return o.ID == id }); o != nil {
			c.text(0, joinDot("transit gateway "+o.ID, "default route table "+listOr(nonEmpty(o.DefaultRouteTable), "none")))
			c.text(0, joinDot("default association "+onOff(o.DefaultAssociation), "default propagation "+onOff(o.DefaultPropagation), "security group referencing "+onOff(o.SecurityGroupReferencing)))
			c.dim(0, at(o.Source))
			for _, a := range w.TransitGatewayAttachments {
				if a.TransitGateway == o.ID {
					x.attachment(c, &a)
				}
			}
			x.tgwRouteTables(c, o.ID)
		}
	case sim.HopTGWAttachment:
		if o := find(w.TransitGatewayAttachments, func(o *model.TransitGatewayAttachment) bool { return o.ID == id }); o != nil {
			x.attachment(c, o)
		}
	case sim.HopPeering:
		if o := find(w.Peerings, func(o *model.Peering) bool { return o.ID == id }); o != nil {
			state := "active"
			if !o.Active {
				state = "not active (pending or rejected)"
			}
			c.text(0, joinDot("peering "+o.ID, "requester vpc "+o.VPC, "accepter vpc "+o.PeerVPC, state))
			c.dim(0, at(o.Source))
		}
	case sim.HopContainerInstance:
		if o := find(w.AutoScalingGroups, func(o *model.AutoScalingGroup) bool { return o.ID == id }); o != nil {
			c.text(0, joinDot("auto scaling group "+o.ID, "cluster "+o.Cluster, "subnets "+listOr(o.Subnets, "none")))
			c.text(0, joinDot("security groups "+listOr(o.SecurityGroups, "none"), "public IP "+tristate(o.AssociatePublicIP, "the subnet's default"), "agent "+listOr(nonEmpty(o.AgentVersion), "recent")))
			c.dim(0, at(o.Source))
		} else if o := find(w.Instances, func(o *model.Instance) bool { return o.ID == id }); o != nil {
			x.instance(c, o)
		}
	case sim.HopInstance, sim.HopNATInstance:
		if o := find(w.Instances, func(o *model.Instance) bool { return o.ID == id }); o != nil {
			x.instance(c, o)
		}
	case sim.HopMountTarget:
		if o := findMountTarget(w, id); o != nil {
			ip := "an address in the subnet"
			if o.IP.IsValid() {
				ip = o.IP.String()
			}
			c.text(0, joinDot("mount target "+o.ID, "subnet "+o.Subnet, ip, "security groups "+listOr(o.SecurityGroups, "none")))
			c.dim(0, at(o.Source))
		}
	case sim.HopTaskENI:
		if s := find(w.Subnets, func(s *model.Subnet) bool { return s.ID == x.hop.Subnet }); s != nil {
			c.text(0, joinDot("subnet "+s.ID, s.Prefix().String(), s.AZ, "vpc "+s.VPC))
		}
		c.text(0, joinDot("workload "+x.wl.Name, x.wl.LaunchType+" "+x.wl.PlatformVersion))
	case sim.HopService:
		c.text(0, joinDot("service "+listOr(nonEmpty(x.call.Service), "none (the internet)"), x.call.Host+fmt.Sprintf(":%d", x.call.Port)))
		if len(x.call.Actions) > 0 {
			c.text(0, "actions "+strings.Join(x.call.Actions, ", ")+" on "+listOr(nonEmpty(x.call.PolicyResource), "*"))
		}
	case sim.HopPlatform, sim.HopFargatePlatformENI:
		c.text(0, joinDot("workload "+x.wl.Name, x.wl.LaunchType+" "+x.wl.PlatformVersion))
	case sim.HopNetworkFirewall:
		x.firewall(c, id)
	}
	if len(c.lines) == n {
		c.text(0, "no further details")
	}
	c.blank()
	x.steps(c, nil)
}

// firewall shows an AWS Network Firewall: its subnets and policy, and the
// policy's rule groups in order.
func (x compContext) firewall(c *component, id string) {
	w := x.world
	o := find(w.NetworkFirewalls, func(o *model.NetworkFirewall) bool { return o.ID == id })
	if o == nil {
		return
	}
	c.text(0, joinDot("network firewall "+o.ID, "vpc "+o.VPC, "subnets "+listOr(o.Subnets, "none"), "policy "+listOr(nonEmpty(o.Policy), "not in the input")))
	c.dim(0, at(o.Source))
	p := find(w.NetworkFirewallPolicies, func(p *model.NetworkFirewallPolicy) bool { return p.ID == o.Policy })
	if p == nil {
		return
	}
	order := p.RuleOrder
	if order == "" {
		order = model.NFWDefaultOrder
	}
	c.text(0, joinDot("policy "+p.ID, "stateless default "+listOr(p.StatelessDefaultActions, "none"), order, "stateful default "+listOr(p.StatefulDefaultActions, "none")))
	for _, g := range p.StatelessGroups {
		c.text(2, fmt.Sprintf("stateless group %s (priority %d)", g.RuleGroup, g.Priority))
	}
	for _, g := range p.StatefulGroups {
		c.text(2, fmt.Sprintf("stateful group %s (priority %d)", g.RuleGroup, g.Priority))
	}
}

// tristate says a setting, or what applies when it is unset.
func tristate(t model.Tristate, unset string) string {
	if t == model.Unset {
		return unset
	}
	return onOff(t == model.True)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func (x compContext) attachment(c *component, a *model.TransitGatewayAttachment) {
	c.text(0, joinDot("attachment "+a.ID, "vpc "+a.VPC, "subnets "+listOr(a.Subnets, "none"), "route table "+listOr(nonEmpty(a.RouteTable), "the default")))
	c.dim(2, at(a.Source))
}

func (x compContext) instance(c *component, o *model.Instance) {
	ip := "an address in the subnet"
	if o.PrivateIP.IsValid() {
		ip = o.PrivateIP.String()
	}
	c.text(0, joinDot("instance "+o.ID, "subnet "+o.Subnet, ip, "security groups "+listOr(o.SecurityGroups, "none")))
	c.text(0, joinDot("public IP "+tristate(o.AssociatePublicIP, "the subnet's default"), "Elastic IP "+listOr(nonEmpty(o.ElasticIP), "none"), "source/dest check "+tristate(o.SourceDestCheck, "on (default)")))
	c.dim(0, at(o.Source))
}

// chooserLines renders the component chooser.
func (m Model) chooserLines(w, h int) []string {
	lines := []string{"This hop offers:"}
	for i, t := range m.chooser {
		cur := " "
		if i == m.chooserCursor {
			cur = markCursor
		}
		l := cur + " " + sanitize(t.label)
		if i == m.chooserCursor {
			l = m.st.selected.Render(fit(l, w))
		}
		lines = append(lines, l)
	}
	off := 0
	if len(lines) > h {
		off = min(max(0, m.chooserCursor+1-h/2), len(lines)-h)
	}
	return lines[off:min(len(lines), off+h)]
}

// hopHint says what enter opens on the selected hop.
func (m *Model) hopHint(p sim.PlacementResult, h sim.Hop) string {
	var labels []string
	for _, t := range m.hopTargets(p, h) {
		labels = append(labels, t.label)
	}
	return "enter: " + strings.Join(labels, " · ")
}

// find returns the first element of s that match accepts, or nil.
func find[T any](s []T, match func(*T) bool) *T {
	for i := range s {
		if match(&s[i]) {
			return &s[i]
		}
	}
	return nil
}
