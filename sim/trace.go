package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim/policy"
)

// originIface is the interface a call leaves from: a task ENI or a
// container instance.
type originIface struct {
	component string  // e.g. "svc-app task ENI"
	kind      HopKind // HopTaskENI or HopContainerInstance
	subnet    *model.Subnet
	sgs       []string
	publicIP  bool
	addr      endpointAddr
	ephemeral portRange
	// host is the EC2 capacity (auto scaling group or instance ID) of a
	// container instance; empty for a task ENI.
	host string
	// unknowns are settings of the interface the input does not
	// determine (a service's security groups): its list of groups is
	// only partly known.
	unknowns []model.Unknown
	// traceID is what of the interface a network trace reads
	// (originTraceID).
	traceID string
}

// position is where a packet is while it is traced.
type position struct {
	vpc    *model.VPC
	subnet *model.Subnet
	az     string
	// src is the packet's source address as the next hop sees it.
	src    endpointAddr
	srcSGs []string // groups of the sending interface; nil for a NAT gateway
	// srcOpen are the undetermined settings of the sending interface's
	// list of groups (a service's security_groups).
	srcOpen  []model.Unknown
	srcLabel string
	publicIP bool // the sender has a public IPv4 (4.4.1)
	// foreign is set when src is not an address of vpc: the packet came
	// over a peering connection or a transit gateway.
	foreign    bool
	peering    string // the peering it came over
	tgw        string // the transit gateway it came over
	ephemeral  portRange
	natGateway bool
	natInst    bool
	depth      int
	// egressSubnet is the subnet of the interface whose address an
	// internet gateway would translate: the task's or instance's, a NAT
	// gateway's or a NAT instance's, never a firewall's (aws-rules 4.10.4).
	egressSubnet *model.Subnet
	// inspected is set once the packet passed a firewall endpoint, whose
	// return path must be the same (aws-rules 4.11.7).
	inspected *nfwPass
}

// tracer follows one call to one address.
type tracer struct {
	ix       *index
	call     *plannedCall
	hops     []Hop
	blockers []Reason
	fixes    []Fix
	// decisive holds, for each of blockers, the step that found it.
	decisive []StepRef
	verdict  Verdict
	via      Via
	warnings []string
	// blocks holds, for each of blockers, its verdict and whether a
	// setting the input does not determine, met before it on the path,
	// may be what brought the packet there (narrow.go).
	blocks []blockInfo
	// pathOpen lists the undetermined settings met so far that may change
	// where the packet goes from there on; global is set by one that may
	// change the whole path (the VPC, the subnet, the address reached).
	pathOpen []pathSetting
	global   bool
	// exempt names the route table whose undetermined route selection the
	// check being made does not depend on (see aclPair).
	exempt string
	// settings lists every undetermined setting the path met, in order.
	settings []settingNote
	// arena holds the steps of the hops, and arenaHop is 1 + the index
	// of the hop whose steps are being appended to its free tail, or 0
	// (see step).
	arena    []Step
	arenaHop int
	// arenaSteps counts the steps the hops took from arenas (pathHint).
	arenaSteps int
}

// blockInfo is what settle needs of one blocker.
type blockInfo struct {
	verdict   Verdict
	dependent bool // an undetermined setting met before it may have caused it
}

// pathSetting is an undetermined setting that may change where the
// packet goes: table names the route table whose route selection it
// leaves open, and is empty for any other setting.
type pathSetting struct{ table string }

// settingNote is one undetermined setting the path met: whether some
// value of it could change the placement's verdict as far as its own
// check goes, and what it may do or why it cannot matter.
type settingNote struct {
	m       Missing
	matters bool
	effect  string
}

// hop starts a hop at a component that is a model object of that ID (or
// a symbolic one).
func (t *tracer) hop(component string, kind HopKind, steps ...Step) *Hop {
	t.closeHop()
	t.hops = append(t.hops, Hop{Component: component, Kind: kind, ID: component, Steps: steps})
	return &t.hops[len(t.hops)-1]
}

// hopAt starts a hop at an interface: the object it belongs to and its
// subnet.
func (t *tracer) hopAt(component string, kind HopKind, id, subnet string) {
	t.closeHop()
	t.hops = append(t.hops, Hop{Component: component, Kind: kind, ID: id, Subnet: subnet})
}

// stepArena is how many more steps a tracer's arena takes when it is
// full, at least.
const stepArena = 8

// pathHint is how many hops and arena steps a new tracer makes room for:
// as many as the last path traced for a call of the same kind used.
// Paths of one kind traced one after the other are often alike (the
// calls of a kind go to one service, by one route), so most tracers
// allocate each once; the paths of different kinds differ more (a
// gateway endpoint's is shorter than a NAT gateway's).
type pathHint struct{ hops, steps int }

// hintFor returns the pathHint of paths of calls of kind.
func (ix *index) hintFor(kind CallKind) *pathHint {
	h := ix.pathHints[kind]
	if h == nil {
		h = &pathHint{hops: 10, steps: 12}
		ix.pathHints[kind] = h
	}
	return h
}

// fit makes the hint the size of the path t traced.
func (h *pathHint) fit(t *tracer) {
	h.hops, h.steps = max(len(t.hops), 4), t.arenaSteps
}

// step appends a step to the last hop. The steps of a hop that starts
// without any live in t.arena, one block of memory for the whole path
// instead of a slice per hop: the hop's Steps is the arena's free tail,
// which the steps fill until the next hop starts (closeHop).
func (t *tracer) step(s Step) {
	h := &t.hops[len(t.hops)-1]
	if h.Steps == nil {
		if len(t.arena) == cap(t.arena) {
			t.arena = make([]Step, 0, stepArena)
		}
		h.Steps = t.arena[len(t.arena):len(t.arena)]
		t.arenaHop = len(t.hops)
	}
	h.Steps = append(h.Steps, s)
}

// stepShared records shared[i] as the next step of the last hop. When
// the hop's steps are shared[:i] (none, for i == 0), the hop takes
// shared[:i+1] itself, with no copy: memoized steps (aclPairOf,
// sgStepOf) are shared by every path that makes the same check, as the
// hops of identical traces are. The slice is capped, so a later step of
// the hop is appended to a copy.
func (t *tracer) stepShared(shared []Step, i int) {
	h := &t.hops[len(t.hops)-1]
	if len(h.Steps) == i && (i == 0 || &h.Steps[0] == &shared[0]) {
		h.Steps = shared[: i+1 : i+1]
		return
	}
	t.step(shared[i])
}

// closeHop ends the last hop's use of the arena: the arena keeps its
// steps, and its Steps is capped so that no later append can write over
// the next hop's.
func (t *tracer) closeHop() {
	if t.arenaHop == 0 || t.arenaHop != len(t.hops) {
		return
	}
	h := &t.hops[len(t.hops)-1]
	n := len(h.Steps)
	h.Steps = h.Steps[:n:n]
	t.arenaSteps += n
	if n > 0 && cap(t.arena)-len(t.arena) >= n && &t.arena[:len(t.arena)+1][len(t.arena)] == &h.Steps[0] {
		t.arena = t.arena[:len(t.arena)+n]
	}
	t.arenaHop = 0
}

// block records a blocking setting found on the path, with advice for
// people only.
func (t *tracer) block(r Reason, v Verdict, advice string) {
	t.blockFix(r, v, Fix{Advice: advice})
}

// blockFix records a blocking setting found on the path by the step just
// recorded, which is the block's decisive step, and the fix for it. It is
// dependent when an undetermined setting met before it may change where
// the packet goes, unless that is only the route selection of t.exempt.
func (t *tracer) blockFix(r Reason, v Verdict, fix Fix) {
	dependent := false
	for _, p := range t.pathOpen {
		if t.exempt == "" || p.table != t.exempt {
			dependent = true
		}
	}
	last := len(t.hops) - 1
	t.blockers = append(t.blockers, r)
	t.fixes = append(t.fixes, fix)
	t.decisive = append(t.decisive, StepRef{Hop: last, Step: len(t.hops[last].Steps) - 1})
	t.blocks = append(t.blocks, blockInfo{verdict: v, dependent: dependent})
}

// openPath records that the checks from here on depend on a setting the
// input does not determine; table is the route table whose route
// selection it leaves open, or empty.
func (t *tracer) openPath(table string) {
	t.pathOpen = append(t.pathOpen, pathSetting{table: table})
}

// settle decides the verdict once the path is traced. A block that no
// undetermined setting can have caused is definite: the call is
// unreachable whatever those settings are, and its definite blockers come
// first. Otherwise any block leaves the call unknown.
func (t *tracer) settle() {
	definite := slices.IndexFunc(t.blocks, func(b blockInfo) bool { return b.verdict == Unreachable && !b.dependent && !t.global })
	switch {
	case definite >= 0:
		t.verdict = Unreachable
		var first, rest []int
		for i, b := range t.blocks {
			if b.verdict == Unreachable && !b.dependent {
				first = append(first, i)
			} else {
				rest = append(rest, i)
			}
		}
		if len(rest) == 0 || len(first) == 0 || first[len(first)-1] < rest[0] {
			return // the definite blockers come first already
		}
		order := append(first, rest...)
		blockers, fixes, blocks, decisive := make([]Reason, len(order)), make([]Fix, len(order)), make([]blockInfo, len(order)), make([]StepRef, len(order))
		for i, j := range order {
			blockers[i], fixes[i], blocks[i], decisive[i] = t.blockers[j], t.fixes[j], t.blocks[j], t.decisive[j]
		}
		t.blockers, t.fixes, t.blocks, t.decisive = blockers, fixes, blocks, decisive
	case len(t.blockers) > 0:
		t.verdict = Unknown
	default:
		t.verdict = Reachable
	}
}

// blockedBy pairs each blocker with the step that found it and its fix, in
// the order settle left them.
func (t *tracer) blockedBy() []Blocker {
	out := make([]Blocker, len(t.blockers))
	for i, r := range t.blockers {
		out[i] = Blocker{Reason: r, Decisive: &t.decisive[i], Fix: t.fixes[i]}
	}
	return out
}

// filterStep records a filter decision as a step and blocks on denial.
func (t *tracer) filterStep(typ StepType, d decision, what string, r Reason, fix func() Fix) {
	t.recordFilter(filterStepOf(typ, d, what, r), d, r, fix)
}

// filterStepOf is the step that records filter decision d about what.
// It depends on its arguments only, so a step can be built once and
// recorded many times (see aclPair).
func filterStepOf(typ StepType, d decision, what string, r Reason) Step {
	s := Step{Type: typ, Rule: d.rule, Source: d.source}
	switch d.outcome {
	case allow:
		s.Action = ActionAllowed
		s.Detail = what + " allowed by " + d.rule
	case deny:
		s.Action, s.Reason = ActionDenied, r
		s.Detail = what + " denied"
		if d.rule != "" {
			s.Detail += " by " + d.rule
		}
		if d.note != "" {
			s.Detail += ": " + d.note
		}
	case undecided:
		s.Action, s.Reason = ActionUnknown, Unmodeled
		s.Detail = what + ": " + d.rule + " " + d.note
	case undetermined:
		s.Action = ActionUnknown
		if d.known == allow {
			s.Detail = what + " allowed by " + d.rule + ", unless a rule the input does not determine comes first"
		} else {
			s.Detail = what + " not allowed by any rule the input determines"
			if d.rule != "" {
				s.Detail += " (" + d.rule + " decides among them)"
			}
			if d.note != "" {
				s.Detail += ": " + d.note
			}
			s.Detail += "; settings the input does not determine may allow it"
		}
	}
	return s
}

// recordFilter records step s of filter decision d, then blocks on a
// denial (with fix) or an undecided rule, and records the filter's
// undetermined settings.
func (t *tracer) recordFilter(s Step, d decision, r Reason, fix func() Fix) {
	t.step(s)
	t.afterFilter(d, r, fix)
}

// afterFilter is recordFilter after the step is recorded.
func (t *tracer) afterFilter(d decision, r Reason, fix func() Fix) {
	switch d.outcome {
	case deny:
		t.blockFix(r, Unreachable, fix())
	case undecided:
		t.block(Unmodeled, Unknown, "write the rule with 0.0.0.0/0, a prefix list, or a private CIDR so that its effect is clear")
	}
	for _, n := range d.open {
		t.openSetting(n)
	}
}

// openSetting records an undetermined setting of a filter as an input
// step after the filter's step: blocking, as unknown, when some value of
// it could change the check; otherwise saying why it cannot.
func (t *tracer) openSetting(n openNote) {
	u := n.setting
	s := Step{Type: StepInput, Action: ActionUnknown, Source: u.Source, Rule: u.Field,
		Detail: fmt.Sprintf("%s of %s %s is not known (%s), but %s", u.Field, u.Kind, u.ID, u.Why, n.effect)}
	if n.matters {
		s.Detail = fmt.Sprintf("%s of %s %s is not known (%s): %s", u.Field, u.Kind, u.ID, u.Why, n.effect)
		s.Reason = Unmodeled
	}
	t.step(s)
	t.settings = append(t.settings, settingNote{m: missingOf(u), matters: n.matters, effect: n.effect})
	if n.matters {
		t.block(Unmodeled, Unknown, settingFix(u))
	}
}

// settingFix is the fix for an undetermined setting: what the reader
// says supplies it, else a value known before apply.
func settingFix(u model.Unknown) string {
	if u.Fix != "" {
		return u.Fix
	}
	return fmt.Sprintf("give %s of %s a value known before apply, or trace a state file where it is known", u.Field, u.ID)
}

// undetermined blocks the path, as unknown, for each setting of the object
// that the input does not determine (a Terraform value known only after
// apply): the model cannot decide what it does (aws-rules 6.1.5 in spirit:
// never guess). The object decides where the packet goes from here, so
// every check after it depends on it; filters (security groups, network
// ACLs, endpoint policies) are not passed here but narrowed (narrow.go).
func (t *tracer) undetermined(kind model.Kind, id string) {
	if len(t.ix.unknowns) == 0 {
		return // the input determines everything: no key to build
	}
	for _, u := range t.ix.unknowns[string(kind)+"|"+id] {
		t.undeterminedSetting(u)
	}
}

// undeterminedGlobal is undetermined for an object that decides the whole
// path, the checks before it included: the VPC and subnet of the source,
// its container instance, the endpoint or mount target the name leads to.
func (t *tracer) undeterminedGlobal(kind model.Kind, id string) {
	if t.hasUnknowns(kind, id) {
		t.global = true
	}
	t.undetermined(kind, id)
}

// hasUnknowns reports whether the input leaves a setting of the object
// undetermined.
func (t *tracer) hasUnknowns(kind model.Kind, id string) bool {
	return len(t.ix.unknowns) > 0 && len(t.ix.unknowns[string(kind)+"|"+id]) > 0
}

// undeterminedSetting blocks the path, as unknown, at one undetermined
// setting, and leaves open the checks after it.
func (t *tracer) undeterminedSetting(u model.Unknown) {
	t.openPath("")
	t.step(Step{Type: StepInput, Action: ActionUnknown, Reason: Unmodeled, Source: u.Source, Rule: u.Field,
		Detail: fmt.Sprintf("%s of %s %s is not known (%s), so the model cannot tell what it does here", u.Field, u.Kind, u.ID, u.Why)})
	t.block(Unmodeled, Unknown, settingFix(u))
	t.settings = append(t.settings, settingNote{m: missingOf(u), matters: true})
}

// traceAddress traces the call from origin o to one resolved address.
func (t *tracer) traceAddress(o originIface, d endpointAddr) {
	vpc := t.ix.vpcs[o.subnet.VPC]
	pos := position{vpc: vpc, subnet: o.subnet, az: o.subnet.AZ, src: o.addr, srcSGs: o.sgs, srcLabel: o.component,
		publicIP: o.publicIP, ephemeral: o.ephemeral, egressSubnet: o.subnet}
	pos.srcOpen = o.unknowns // the groups' check narrows them (sgEgress, deliverChecks)
	t.hopAt(o.component, o.kind, o.host, o.subnet.ID)
	t.undeterminedGlobal(model.KindVPC, o.subnet.VPC)
	t.undeterminedGlobal(model.KindSubnet, o.subnet.ID)
	if o.host != "" {
		t.undeterminedGlobal(model.KindAutoScalingGroup, o.host)
		t.undeterminedGlobal(model.KindInstance, o.host)
	}
	t.sgEgress(pos, d)
	t.forward(pos, d)
}

// sgEgress checks the sender's security groups for the connection (5.1.2).
func (t *tracer) sgEgress(pos position, d endpointAddr) {
	if pos.srcSGs == nil {
		return
	}
	m := t.ix.sgStepOf(pos.srcSGs, pos.srcOpen, true, sgPeer{addr: d, sgs: d.sgs, open: d.sgsOpen, refsOK: t.refsOK(pos, d)}, t.call.Port, "", SGEgressDenied)
	fix := func() Fix {
		return changeFix(fmt.Sprintf("add an egress rule for TCP %d to %s on a security group of %s (%s)", t.call.Port, egressPeerHint(d), pos.srcLabel, strings.Join(pos.srcSGs, ", ")),
			model.KindSecurityGroup, oneGroup(pos.srcSGs), "egress", "egress", "")
	}
	t.stepShared(m.steps, 0)
	t.afterFilter(m.d, SGEgressDenied, fix)
}

// sgStepKey identifies a security group check whose interfaces have no
// undetermined groups: the groups, the direction, the peer as the rules
// and the step's text see it, the port, and for ingress the sender's
// label, which the step names.
type sgStepKey struct {
	groups, peerSGs string
	egress, refsOK  bool
	peer            addrKey
	port            int
	srcLabel        string
}

// sgStep is a memoized security group check: the decision, its step,
// and what the check read (the groups' rules) and reported.
type sgStep struct {
	sgResult
	recorded
}

// sgResult is a security group decision with its step, alone in a
// slice to share (stepShared).
type sgResult struct {
	d     decision
	steps []Step
}

// sgStepOf checks groups for a connection to (egress) or from peer and
// builds the step that records it: "egress TCP 443 to ..." or, with
// srcLabel, "ingress TCP 443 from srcLabel". A check whose interfaces
// have no undetermined groups is made once per index for each
// sgStepKey; a repeated one records what the first read.
func (ix *index) sgStepOf(groups []string, groupsOpen []model.Unknown, egress bool, peer sgPeer, port int, srcLabel string, r Reason) sgResult {
	build := func() sgResult {
		d := ix.sgCheck(groups, groupsOpen, egress, peer, port)
		what := "ingress TCP " + strconv.Itoa(port) + " from " + srcLabel
		if egress {
			what = "egress TCP " + strconv.Itoa(port) + " to " + peer.addr.String()
		}
		return sgResult{d: d, steps: []Step{filterStepOf(StepSecurityGroup, d, what, r)}}
	}
	if len(groupsOpen) > 0 || len(peer.open) > 0 {
		return build()
	}
	key := sgStepKey{groups: strings.Join(groups, "\x00"), peerSGs: strings.Join(peer.sgs, "\x00"), egress: egress, refsOK: peer.refsOK,
		peer: keyOf(peer.addr), port: port, srcLabel: srcLabel}
	m, ok := ix.sgSteps[key]
	if !ok {
		m, ok = inheritMemo(ix, sgStepsOf, key)
	}
	if ok {
		ix.replay(m.recorded)
		return m.sgResult
	}
	m = new(sgStep)
	m.deps, m.diags = ix.recording(func() { m.sgResult = build() })
	ix.sgSteps[key] = m
	return m.sgResult
}

func egressPeerHint(d endpointAddr) string {
	switch {
	case d.public && d.v6:
		return "::/0"
	case d.public && d.service == "s3":
		return "the S3 prefix list (com.amazonaws." + d.region + ".s3) or 0.0.0.0/0"
	case d.public:
		return "0.0.0.0/0"
	case len(d.sgs) > 0:
		return d.prefix.String() + " or security group " + d.sgs[0]
	}
	return d.prefix.String()
}

// refsOK says whether security group references can match between the
// sender and d (4.7.4, 5.1.7).
func (t *tracer) refsOK(pos position, d endpointAddr) bool {
	if !pos.foreign || pos.tgw == "" {
		return true
	}
	tgw := t.ix.tgws[pos.tgw]
	return tgw != nil && tgw.SecurityGroupReferencing
}

// routeLookup finds the route a table uses for d (aws-rules 4.2).
func (ix *index) routeLookup(rt *routeTable, d endpointAddr) (r route, found, unsure bool) {
	if d.public && d.v6 {
		return ix.routeLookup6(rt, d) // aws-rules 4.9.6
	}
	if d.public {
		if len(rt.publicUnsure) > 0 {
			return rt.routes[rt.publicUnsure[0]], false, true // 4.3.4, 10.11
		}
		if d.service == "s3" || d.service == "dynamodb" {
			if idx := rt.services[serviceName(d.region, d.service)]; len(idx) > 0 {
				return rt.routes[idx[0]], true, false // 4.3.2
			}
		}
		if idx := rt.cidrs.exact(netip.PrefixFrom(netip.IPv4Unspecified(), 0)); len(idx) > 0 {
			return bestRoute(rt, idx), true, false
		}
		return route{}, false, false
	}
	if idx := rt.cidrs.longest(d.prefix); len(idx) > 0 {
		return bestRoute(rt, idx), true, false
	}
	return route{}, false, false
}

// tieRank orders routes of one prefix length, lowest first: static before
// propagated, CIDR before prefix list (4.2.2).
func tieRank(propagated, fromPrefixList bool) int {
	n := 0
	if propagated {
		n += 2
	}
	if fromPrefixList {
		n++
	}
	return n
}

// bestRoute breaks ties at one prefix length: static before propagated,
// CIDR before prefix list (4.2.2).
func bestRoute(rt *routeTable, idx []int) route {
	best := rt.routes[idx[0]]
	rank := func(r route) int { return tieRank(r.Propagated, r.prefixList != "") }
	for _, i := range idx[1:] {
		if rank(rt.routes[i]) < rank(best) {
			best = rt.routes[i]
		}
	}
	return best
}

const maxHops = 12

// forward routes the packet from pos towards d through pos's subnet's
// route table and follows the target.
func (t *tracer) forward(pos position, d endpointAddr) {
	if pos.depth > maxHops {
		t.hopAt("routing loop", HopRouteTable, "", "")
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Detail: "the path loops"})
		t.block(NoRoute, Unreachable, "remove the routing loop")
		return
	}
	pos.depth++
	t.ix.touch(depVPC, pos.vpc.ID)
	rt := t.ix.subnetTable(pos.subnet)
	t.hop(rt.id, HopRouteTable)
	if rt.implicit {
		t.hops[len(t.hops)-1].ID = "" // the VPC's main table, not in the input
	}
	same := !d.public && d.vpc == pos.vpc.ID && d.subnet == pos.subnet.ID
	open := t.routeTableSettings(rt, d, same)
	if same {
		t.step(Step{Type: StepRoute, Action: ActionForwarded, Detail: "destination is in the same subnet " + pos.subnet.ID + "; delivered directly (network ACLs do not apply, aws-rules 5.2.2)", Source: rt.source})
		t.deliverLocal(pos, d)
		return
	}
	r, found, unsure := t.ix.routeLookup(rt, d)
	if ep := t.ix.maybeGateway(rt, d); ep != nil && !unsure {
		t.maybeGatewayRoute(pos, rt, ep, d)
		return
	}
	switch {
	case unsure && d.v6:
		t.unsureRoute6(rt, r, d)
		return
	case unsure:
		t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Rule: r.label(), Source: r.Source,
			Detail: fmt.Sprintf("route %s may or may not cover %s: the model does not know AWS's public ranges (aws-rules 4.3.4, 10.11)", r.label(), d)})
		t.block(Unmodeled, Unknown, "route AWS service traffic with 0.0.0.0/0 or a prefix list rather than public CIDRs")
		return
	case !found && open:
		// A route the input does not determine may be the one that
		// matches: no NO_ROUTE, the undetermined step above decides.
		t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Source: rt.source,
			Detail: fmt.Sprintf("no determined route in %s matches %s, but the table has routes the input does not determine, and one of them may (aws-rules 4.2.1)", rt.id, d)})
		t.leavingACL(pos, rt, d) // dropped here, or sent out of the subnet
		return
	case !found:
		t.phraseStep(phraseKey{kind: phraseNoRoute, a: rt.id, addr: keyOf(d)}, Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Source: rt.source},
			func() string { return fmt.Sprintf("no route in %s matches %s (aws-rules 4.2.4)", rt.id, d) })
		t.blockFix(NoRoute, Unreachable, t.noRouteFixOnce(rt, pos, d))
		return
	case r.Undetermined != "":
		t.undeterminedRoute(rt, r, d)
		t.leavingACL(pos, rt, d)
		return
	}
	if r.Blackhole {
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: BlackholeRoute, Rule: r.label(), Source: r.Source,
			Detail: fmt.Sprintf("route %s is a blackhole: its target %s no longer exists, and AWS does not fall back to a less specific route (aws-rules 4.2.3)", r.label(), r.TargetID)})
		t.blockFix(BlackholeRoute, Unreachable, routeFix(fmt.Sprintf("point the route %s in %s at a target that exists, or delete it", r.label(), rt.id), rt))
		return
	}
	t.phraseStep(phraseKey{kind: phraseRouteMatch, a: r.label(), addr: keyOf(d)}, Step{Type: StepRoute, Action: ActionForwarded, Rule: r.label(), Source: r.Source},
		func() string { return fmt.Sprintf("%s matches route %s", d, r.label()) })
	switch r.Target {
	case model.TargetLocal:
		t.local(pos, d)
	case model.TargetInternetGateway:
		t.internetGateway(pos, d, r)
	case model.TargetNATGateway:
		t.natGateway(pos, d, r)
	case model.TargetGatewayEndpoint:
		t.gatewayEndpoint(pos, d, r)
	case model.TargetTransitGateway:
		t.transitGateway(pos, d, r)
	case model.TargetPeering:
		t.peering(pos, d, r)
	case model.TargetInstance, model.TargetNetworkInterface:
		t.natInstance(pos, d, r)
	case model.TargetNetworkFirewall:
		t.networkFirewall(pos, d, r)
	case model.TargetEgressOnlyGateway:
		if d.v6 {
			t.egressOnlyGateway(pos, d, r) // aws-rules 4.9.6
			return
		}
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Rule: r.label(), Source: r.Source,
			Detail: "an egress-only internet gateway carries IPv6 only; these calls use IPv4 (aws-rules 4.9.1, 4.9.2)"})
		t.block(NoRoute, Unreachable, "route IPv4 traffic through a NAT gateway or an internet gateway")
	case model.TargetGWLBEndpoint:
		t.gwlbEndpoint(d, r)
	default: // VPN gateways and appliances leave the model (4.2.4)
		t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Rule: r.label(), Source: r.Source,
			Detail: fmt.Sprintf("route %s leaves the VPC through %s, which the model does not follow (aws-rules 4.2.4)", r.label(), r.Target)})
		t.block(Unmodeled, Unknown, "check the network behind "+r.TargetID+" by hand")
	}
}

// gwlbEndpoint stops the path at a route to a Gateway Load Balancer
// endpoint: the input describes the endpoint, but the appliance behind it
// decides whether the traffic passes and where it goes next, and the model
// does not follow it (aws-rules 4.2.4).
func (t *tracer) gwlbEndpoint(d endpointAddr, r route) {
	t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Rule: r.label(), Source: r.Source,
		Detail: fmt.Sprintf("route %s sends %s to Gateway Load Balancer endpoint %s: the appliance behind it (the load balancer's targets) decides whether the traffic passes and where it goes next, and vpctrace does not model that decision (aws-rules 4.2.4)",
			r.label(), d, r.TargetID)})
	t.block(Unmodeled, Unknown, fmt.Sprintf("check that the appliance behind Gateway Load Balancer endpoint %s lets this traffic through and sends it on to a path out (its decision is outside the model), or route %s around the endpoint", r.TargetID, d))
}

// maybeGateway returns a gateway endpoint of rt whose service name is not
// determined and that could be the gateway endpoint of d's service: d is a
// public S3 (or DynamoDB) address of the table's region, and no gateway
// endpoint of the table is known to serve it (a table carries one per
// service, 4.3.3). Its prefix-list route would beat any other route for
// d (4.3.2), so the route d takes is not known (3.2.9).
func (ix *index) maybeGateway(rt *routeTable, d endpointAddr) *model.Endpoint {
	eps := ix.maybeGateways[rt.id]
	if len(eps) == 0 || !d.public || d.v6 || d.service != "s3" && d.service != "dynamodb" {
		return nil
	}
	if d.region != ix.region(ix.vpcs[rt.vpc]) || len(rt.services[serviceName(d.region, d.service)]) > 0 {
		return nil
	}
	ix.touch(depEndpoint, eps[0].ID)
	return eps[0]
}

// routeTableSettings records the undetermined settings of a route table
// as the path meets it, and reports whether one of them may change the
// route selected for d (routeSettingMatters): the checks after the table
// then depend on it.
func (t *tracer) routeTableSettings(rt *routeTable, d endpointAddr, sameSubnet bool) bool {
	open := false
	for _, u := range t.ix.unknowns[string(model.KindRouteTable)+"|"+rt.id] {
		matters, why := routeSettingMatters(rt, u, d)
		if sameSubnet {
			matters, why = false, "it cannot change this: "+d.String()+" is in the same subnet, and traffic within a subnet is delivered directly, not by the route table (aws-rules 4.1.3, 5.2.2)"
		}
		if !matters {
			t.step(Step{Type: StepInput, Action: ActionUnknown, Source: u.Source, Rule: u.Field,
				Detail: fmt.Sprintf("%s of %s %s is not known (%s), but %s", u.Field, u.Kind, u.ID, u.Why, why)})
			t.settings = append(t.settings, settingNote{m: missingOf(u), effect: why})
			continue
		}
		open = true
		t.undeterminedSetting(u)
		t.pathOpen[len(t.pathOpen)-1].table = rt.id
	}
	return open
}

// leavingACL makes, at a route table whose selection for d the input does
// not determine, the one check after it that does not depend on the
// route: whatever the route's target, a packet for d leaves pos.subnet,
// and the subnet's ACL must let it out (aws-rules 5.2.1, 5.2.6). Only a
// definite denial is recorded; the rest of the path is not known.
func (t *tracer) leavingACL(pos position, rt *routeTable, d endpointAddr) {
	acl := t.ix.subnetACL(pos.subnet)
	port := portRange{t.call.Port, t.call.Port}
	dec := t.ix.aclCheck(acl, true, d, port)
	if dec.outcome != deny {
		return
	}
	id := "default network ACL of " + pos.subnet.VPC
	if acl != nil {
		id = acl.ID
	}
	objectID := ""
	if acl != nil {
		objectID = acl.ID
	}
	t.hopAt(id, HopNetworkACL, objectID, pos.subnet.ID)
	t.exempt = rt.id
	t.filterStep(StepNACL, dec, fmt.Sprintf("whatever the route's target, outbound TCP %d to %s", t.call.Port, d), NACLDenied, func() Fix {
		return changeFix(fmt.Sprintf("add an outbound rule to %s allowing TCP %d to %s", id, t.call.Port, cidrHint(d)),
			model.KindNetworkACL, objectID, "egress", "egress", "")
	})
	t.exempt = ""
}

// maybeGatewayRoute stops the path at a table whose gateway endpoint's
// service is not determined.
func (t *tracer) maybeGatewayRoute(pos position, rt *routeTable, ep *model.Endpoint, d endpointAddr) {
	u, ok := t.ix.unknownOf(model.KindEndpoint, ep.ID, "service_name")
	src := ep.Source
	if ok {
		src = u.Source
	}
	t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Rule: "gateway endpoint " + ep.ID, Source: src,
		Detail: fmt.Sprintf("gateway endpoint %s adds its route to %s, but its service_name is not known (%s): if it is %s, its prefix-list route takes %s (aws-rules 4.3.2); if not, the other routes of %s decide (3.2.9)",
			ep.ID, rt.id, why(u, ok), serviceName(d.region, d.service), d, rt.id)})
	t.openPath(rt.id)
	t.block(Unmodeled, Unknown, fmt.Sprintf("give service_name of endpoint %s a value known before apply, or trace a state file where it is known", ep.ID))
	m := Missing{What: "service_name of " + ep.ID, Why: why(u, ok), Source: src}
	t.settings = append(t.settings, settingNote{m: m, matters: true})
	t.leavingACL(pos, rt, d)
}

// undeterminedRoute stops the path at a route whose target the input
// does not determine: the model cannot tell where it leads (aws-rules 4.2.4).
func (t *tracer) undeterminedRoute(rt *routeTable, r route, d endpointAddr) {
	u, ok := t.ix.routeUnknowns[rt.id+"|"+r.Undetermined]
	why, src := "the input does not determine it", r.Source
	if ok {
		why, src = u.Why, u.Source
	}
	t.step(Step{Type: StepRoute, Action: ActionUnknown, Reason: Unmodeled, Rule: r.label(), Source: src,
		Detail: fmt.Sprintf("%s matches route %s in %s, whose target the input does not determine: %s is not known (%s), so the model cannot tell where the route leads (aws-rules 4.2.4)",
			d, r.label(), rt.id, r.Undetermined, why)})
	t.openPath(rt.id)
	t.block(Unmodeled, Unknown, fmt.Sprintf("describe the target of %s in %s in the input (the configuration or state that creates it), or check by hand where that route leads", r.Undetermined, rt.id))
	t.settings = append(t.settings, settingNote{m: Missing{What: r.Undetermined + " of " + rt.id, Why: why, Source: src}, matters: true})
}

// routeFix is a fix that changes the routes of rt, unless rt is the
// VPC's implicit main table, which the input does not describe.
func routeFix(advice string, rt *routeTable) Fix {
	if rt.implicit {
		return Fix{Advice: advice}
	}
	return changeFix(advice, model.KindRouteTable, rt.id, "routes", "route", "")
}

// noRouteFixKey is what noRouteFix reads: the table, the VPC, the
// address and the call's host.
type noRouteFixKey struct {
	table, vpc, host string
	addr             addrKey
}

// noRouteFixOnce is noRouteFix, made once per index for each
// noRouteFixKey: the paths of every subnet that uses the table ask it.
// noRouteFix reads the index without touching the dependency recorder.
func (t *tracer) noRouteFixOnce(rt *routeTable, pos position, d endpointAddr) Fix {
	key := noRouteFixKey{table: rt.id, vpc: pos.vpc.ID, host: t.call.Host, addr: keyOf(d)}
	f, ok := t.ix.noRouteFixes[key]
	if !ok {
		f = t.noRouteFix(rt, pos, d)
		t.ix.noRouteFixes[key] = f
	}
	return f
}

// noRouteFix is the fix for a table with no route for d. It names the
// object to change only when the advice has one way out: where it offers
// two (an endpoint or a NAT route), it is advice only, and never guesses.
func (t *tracer) noRouteFix(rt *routeTable, pos position, d endpointAddr) Fix {
	if d.v6 {
		return noRouteFix6(rt, d)
	}
	if ep := t.ix.unusedEndpoint(pos.vpc.ID, d.region, d.service); ep != nil && d.public {
		if !ep.PrivateDNS {
			return changeFix(fmt.Sprintf("turn on private DNS for endpoint %s (Terraform private_dns_enabled = true, scenario private_dns: true), so that %s resolves to its ENIs", ep.ID, t.call.Host),
				model.KindEndpoint, ep.ID, "private_dns", "private_dns_enabled", "true")
		}
		return Fix{Advice: fmt.Sprintf("make the private DNS of endpoint %s take effect (%s), or add a 0.0.0.0/0 route to a NAT gateway in %s", ep.ID, whyNoPrivateDNS(ep, pos.vpc), rt.id)}
	}
	switch {
	case d.public && d.service == "s3":
		return Fix{Advice: fmt.Sprintf("associate an S3 gateway endpoint with %s, or add a 0.0.0.0/0 route to a NAT gateway", rt.id)}
	case d.public && d.service == "":
		return routeFix(fmt.Sprintf("add a 0.0.0.0/0 route to a NAT gateway in %s (the registry is on the internet and has no VPC endpoint, aws-rules 1.2.6)", rt.id), rt)
	case d.public:
		return Fix{Advice: fmt.Sprintf("create an interface endpoint com.amazonaws.%s.%s with private DNS in vpc %s, or add a 0.0.0.0/0 route to a NAT gateway in %s", d.region, d.service, pos.vpc.ID, rt.id)}
	}
	return routeFix(fmt.Sprintf("add a route for %s to %s", d.prefix, rt.id), rt)
}

// crossBoundary checks the network ACLs a connection meets when it leaves
// subnet from for subnet to (either may be nil: outside the VPC), in both
// directions, since ACLs are stateless (aws-rules 5.2.1-5.2.4, 5.2.6).
func (t *tracer) crossBoundary(from, to *model.Subnet, src, dst endpointAddr, ephemeral portRange) {
	if from != nil && to != nil && from.ID == to.ID {
		return
	}
	port := portRange{t.call.Port, t.call.Port}
	if from != nil {
		t.aclPair(from, true, dst, port, ephemeral)
	}
	if to != nil {
		t.aclPair(to, false, src, port, ephemeral)
	}
}

// aclPair checks one subnet's ACL for the request and for its response.
// leaving is true when the request leaves the subnet. The decisions and
// the text of their steps come from aclPairOf, once per distinct check.
func (t *tracer) aclPair(s *model.Subnet, leaving bool, remote endpointAddr, port, ephemeral portRange) {
	acl := t.ix.subnetACL(s)
	m := t.ix.aclPairOf(acl, s.VPC, leaving, remote, port, ephemeral)
	t.hopAt(m.id, HopNetworkACL, m.objectID, s.ID)
	reqDir, respDir := "inbound", "outbound"
	reqRules, respRules := "ingress", "egress" // the ACL's rule lists, scenario and Terraform alike
	if leaving {
		reqDir, respDir = "outbound", "inbound"
		reqRules, respRules = respRules, reqRules
	}
	fixReq := func() Fix {
		return changeFix(fmt.Sprintf("add an %s rule to %s allowing TCP %d %s %s", reqDir, m.id, port.from, towards(leaving), cidrHint(remote)),
			model.KindNetworkACL, m.objectID, reqRules, reqRules, "")
	}
	if leaving {
		// The request leaves s for remote whatever route s's table
		// selects, so this check does not depend on that selection.
		t.exempt = t.ix.subnetTable(s).id
	}
	t.stepShared(m.steps, 0)
	t.afterFilter(m.req.d, NACLDenied, fixReq)
	t.exempt = ""
	fixResp := func() Fix {
		return changeFix(fmt.Sprintf("add an %s rule to %s allowing TCP %s %s %s for the return traffic", respDir, m.id, ephemeral, towards(!leaving), cidrHint(remote)),
			model.KindNetworkACL, m.objectID, respRules, respRules, "")
	}
	t.stepShared(m.steps, 1)
	t.afterFilter(m.resp.d, NACLDenied, fixResp)
}

// phraseKind says which sentence a phraseKey is the arguments of
// (phraseStep).
type phraseKind uint8

// Sentences of steps that many paths repeat word for word.
const (
	phraseRouteMatch   phraseKind = iota // "D matches route R"
	phraseTGWMatch                       // "D matches R in TABLE"
	phraseNATTranslate                   // "NAT gateway N translates S ..."
	phraseDelivered                      // "delivered to HOST through WHAT"
	phraseReplies                        // "replies to S match route R"
	phrasePublicIP                       // "SRC has a public IPv4 address"
	phraseNoRoute                        // "no route in TABLE matches D"
)

// phraseKey is a sentence and everything its text is made of.
type phraseKey struct {
	kind phraseKind
	a, b string
	addr addrKey
}

// stepKey identifies a step that phraseStep shares: its sentence and the
// source of the object that decides it. Its kind's call site sets every
// other field of the step from these alone.
type stepKey struct {
	phrase phraseKey
	source model.Pos
}

// phraseStep records step s, with the sentence of k (which build makes)
// as its Detail, as the next step of the last hop. The step is made once
// per index and shared by every path that makes it (stepShared), as the
// hops of identical traces are: a path holds the world's steps, not
// copies. s must follow from k and s.Source alone, so that the steps of
// the index before a change (Rerun) are taken as they are.
func (t *tracer) phraseStep(k phraseKey, s Step, build func() string) {
	ix, key := t.ix, stepKey{phrase: k, source: s.Source}
	shared, ok := ix.phraseSteps[key]
	if !ok {
		if ix.prev != nil {
			shared, ok = ix.prev.phraseSteps[key]
		}
		if !ok {
			s.Detail = build()
			shared = []Step{s}
		}
		ix.phraseSteps[key] = shared
	}
	t.stepShared(shared, 0)
}

// aclPairKey identifies one aclPair check: the ACL (nil for the VPC's
// implicit default ACL, which vpc names), the direction, the remote
// address as far as ACL rules and step text see it, and the ports.
type aclPairKey struct {
	acl             *model.NetworkACL
	vpc             string
	leaving         bool
	remote          addrKey
	port, ephemeral portRange
}

// aclPairResult is what aclPair records for one aclPairKey: the hop's
// names and, for the request and for its response, the decision and the
// step that records it.
type aclPairResult struct {
	id, objectID string
	req, resp    aclStep
	steps        []Step // the steps of req and resp, shared (stepShared)
}

// aclStep is one ACL decision with its step.
type aclStep struct {
	d    decision
	step Step
}

// aclPairOf returns the decisions and steps of an aclPair check,
// computing them once per index: they depend only on aclPairKey (the
// ACL's rules and undetermined settings are the index's), and reading
// them touches nothing that the dependency recorder tracks beyond what
// subnetACL touched.
func (ix *index) aclPairOf(acl *model.NetworkACL, vpc string, leaving bool, remote endpointAddr, port, ephemeral portRange) *aclPairResult {
	key := aclPairKey{acl: acl, vpc: vpc, leaving: leaving, remote: keyOf(remote), port: port, ephemeral: ephemeral}
	if m, ok := ix.aclPairs[key]; ok {
		return m
	}
	if acl == nil && ix.prev != nil {
		// The implicit default ACL allows all in every world: its
		// checks are the same in the index before a change (Rerun).
		if m, ok := ix.prev.aclPairs[key]; ok {
			ix.aclPairs[key] = m
			return m
		}
	}
	m := &aclPairResult{id: "default network ACL of " + vpc}
	if acl != nil {
		m.id, m.objectID = acl.ID, acl.ID
	}
	reqDir, respDir := "inbound", "outbound"
	if leaving {
		reqDir, respDir = "outbound", "inbound"
	}
	addr := remote.String()
	m.req.d = ix.aclCheck(acl, leaving, remote, port)
	m.req.step = filterStepOf(StepNACL, m.req.d, reqDir+" TCP "+port.String()+" "+towards(leaving)+" "+addr, NACLDenied)
	m.resp.d = ix.aclCheck(acl, !leaving, remote, ephemeral)
	m.resp.step = filterStepOf(StepNACL, m.resp.d, respDir+" return traffic TCP "+ephemeral.String()+" "+towards(!leaving)+" "+addr, NACLDenied)
	m.steps = []Step{m.req.step, m.resp.step}
	ix.aclPairs[key] = m
	return m
}

func towards(out bool) string {
	if out {
		return "to"
	}
	return "from"
}

func cidrHint(a endpointAddr) string {
	if a.public && a.v6 {
		return "::/0"
	}
	if a.public {
		return "0.0.0.0/0 (ACLs cannot use prefix lists, aws-rules 5.2.5)"
	}
	return a.prefix.String()
}

// local delivers to an address inside the current VPC.
func (t *tracer) local(pos position, d endpointAddr) {
	if d.public || d.vpc != pos.vpc.ID {
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Detail: d.String() + " is not in vpc " + pos.vpc.ID})
		t.block(NoRoute, Unreachable, "route "+d.String()+" to where it lives")
		return
	}
	t.deliverLocal(pos, d)
}

// deliverLocal delivers to an in-VPC interface: ACLs at the destination
// subnet, the return route for a packet from another VPC, the interface's
// security groups, and an endpoint's policy. pos.subnet is nil when the
// packet enters the VPC over a peering connection.
func (t *tracer) deliverLocal(pos position, d endpointAddr) {
	t.ix.touch(depVPC, pos.vpc.ID)
	dst := t.ix.subnets[d.subnet]
	t.crossBoundary(pos.subnet, dst, pos.src, d, pos.ephemeral)
	switch {
	case pos.inspected != nil && dst != nil:
		t.firewallReturn(pos, dst)
	case pos.foreign:
		t.returnRoute(pos, dst)
	}
	t.hopAt(d.String(), destKind(d), destID(d), d.subnet)
	t.deliverChecks(pos, d)
}

// destID is the model object an in-VPC address belongs to.
func destID(d endpointAddr) string {
	switch {
	case d.endpoint != nil:
		return d.endpoint.ID
	case d.mountTarget != nil:
		return d.mountTarget.ID
	case d.instance != nil:
		return d.instance.ID
	}
	return ""
}

func destKind(d endpointAddr) HopKind {
	switch {
	case d.endpoint != nil:
		return HopInterfaceEndpoint
	case d.mountTarget != nil:
		return HopMountTarget
	case d.instance != nil:
		return HopInstance
	}
	return HopAddress
}

func sgOwner(d endpointAddr) string {
	switch {
	case d.endpoint != nil:
		return "endpoint " + d.endpoint.ID + "'s security group " + strings.Join(d.sgs, ", ")
	case d.mountTarget != nil:
		return "mount target " + d.mountTarget.ID + "'s security group " + strings.Join(d.sgs, ", ")
	}
	return "security group " + strings.Join(d.sgs, ", ")
}

func ingressPeerHint(pos position) string {
	if len(pos.srcSGs) > 0 && !pos.foreign {
		return pos.src.prefix.String() + " or security group " + pos.srcSGs[0]
	}
	return pos.src.prefix.String()
}

// interfaceEndpoint checks that the endpoint serves the call and its policy.
func (t *tracer) interfaceEndpoint(pos position, d endpointAddr) {
	ep := d.endpoint
	if ep.ServiceName != t.call.Service {
		t.step(Step{Type: StepDeliver, Action: ActionUnknown, Reason: Unmodeled, Source: ep.Source,
			Detail: fmt.Sprintf("%s resolves to endpoint %s, which serves %s, not %s", t.call.Host, ep.ID, ep.ServiceName, t.call.Service)})
		t.block(Unmodeled, Unknown, "point "+t.call.Host+" at an endpoint for "+t.call.Service)
		return
	}
	t.endpointPolicy(ep, pos)
	t.deliver(ViaInterfaceEndpoint, "endpoint "+ep.ID)
}

// endpointPolicy evaluates an endpoint's policy for the call (aws-rules 6).
func (t *tracer) endpointPolicy(ep *model.Endpoint, pos position) {
	p, err := t.ix.policy(ep)
	src := ep.PolicySource
	if !src.IsValid() {
		src = ep.Source
	}
	if err != nil {
		t.step(Step{Type: StepEndpointPolicy, Action: ActionUnknown, Reason: Unmodeled, Source: src,
			Detail: fmt.Sprintf("the policy of endpoint %s cannot be read: %v", ep.ID, err)})
		t.block(Unmodeled, Unknown, "fix the policy document of endpoint "+ep.ID)
		return
	}
	if open := t.ix.endpointSettings(ep.ID, endpointPolicy); len(open) > 0 {
		t.policyOpen(ep, src, t.policyRequest(ep, pos), open)
		return
	}
	if isAgentCall(t.call.Kind) && !p.IsDefault() {
		// The agent's exact actions are not documented: a custom policy on
		// the ecs, ecs-agent or ecs-telemetry endpoint is a warning (6.2.3).
		t.step(Step{Type: StepEndpointPolicy, Action: ActionAllowed, Source: src,
			Detail: "endpoint " + ep.ID + " has a custom policy; the ECS agent's actions are not documented, so the model does not judge it (aws-rules 6.2.3)"})
		t.warnings = append(t.warnings, "endpoint "+ep.ID+" has a custom policy that the model cannot judge for the ECS agent (aws-rules 6.2.3): check that it allows the agent")
		return
	}
	dec, note := t.ix.policyDecision(p, ep, t.call, func() policy.Request { return t.policyRequest(ep, pos) }, t.accountNote)
	s := Step{Type: StepEndpointPolicy, Source: src, Rule: dec.Statement, Detail: dec.Detail}
	actions, resource := t.call.Actions, t.call.PolicyResource // the request's (policyRequest)
	switch dec.Effect {
	case policy.Allowed:
		s.Action = ActionAllowed
		if s.Detail == "" {
			s.Detail = "the policy of endpoint " + ep.ID + " allows " + strings.Join(actions, ", ")
		}
		s.Detail += note
		t.step(s)
	case policy.Denied:
		s.Action, s.Reason = ActionDenied, EndpointPolicyDenied
		s.Detail += note
		t.step(s)
		fix := fmt.Sprintf("allow %s on %s in the policy of endpoint %s", strings.Join(actions, ", "), resource, ep.ID)
		if dec.Statement != "" {
			fix = fmt.Sprintf("narrow or remove the Deny %s in the policy of endpoint %s so that it no longer matches %s on %s", dec.Statement, ep.ID, dec.Action, resource)
		}
		t.blockFix(EndpointPolicyDenied, Unreachable, changeFix(fix, model.KindEndpoint, ep.ID, "policy", "policy", ""))
	case policy.Unknown:
		if dec.Key == policy.AccountKey {
			t.unknownAccount(ep, s)
			return
		}
		fallthrough
	default:
		s.Action, s.Reason = ActionUnknown, Unmodeled
		t.step(s)
		t.block(Unmodeled, Unknown, "make the policy of endpoint "+ep.ID+" decidable without the unknown condition, or check it by hand")
	}
}

// policyKey identifies the request an endpoint policy is asked: the
// endpoint, and the call's parts that policyRequest reads (the rest of
// the request comes from the world).
type policyKey struct {
	ep                           *model.Endpoint
	layers                       bool // an ECR layer download (no principal)
	actions, resource, principal string
}

// policyAnswer is an endpoint policy's decision with its account note.
type policyAnswer struct {
	dec  policy.Decision
	note string
}

// policyDecision evaluates policy p of ep for call c, once per index for
// each policyKey: services with the same task definition ask the same.
// request builds the request, and note the decision's account note
// (accountNote).
func (ix *index) policyDecision(p *policy.Policy, ep *model.Endpoint, c *plannedCall, request func() policy.Request,
	note func(*policy.Policy, policy.Request) string) (policy.Decision, string) {
	key := policyKey{ep: ep, layers: c.Kind == CallECRLayers, actions: strings.Join(c.Actions, "\x00"), resource: c.PolicyResource, principal: c.Principal}
	a, ok := ix.policyAnswers[key]
	if !ok {
		req := request()
		a.dec = p.Evaluate(req)
		if a.dec.Effect == policy.Allowed || a.dec.Effect == policy.Denied {
			a.note = note(p, req)
		}
		ix.policyAnswers[key] = a
	}
	return a.dec, a.note
}

// unknownAccount stops the path, as unknown, at a policy whose answer
// depends on the account ID, which the input does not show (aws-rules
// 6.1.6): the missing fact is the account, not the policy.
func (t *tracer) unknownAccount(ep *model.Endpoint, s Step) {
	s.Action, s.Reason = ActionUnknown, Unmodeled
	t.step(s)
	t.block(Unmodeled, Unknown, "pass --account with the account ID (or set the provider's allowed_account_ids, or read data.aws_caller_identity in the plan) so that the policy of endpoint "+ep.ID+" can be decided")
	t.settings = append(t.settings, settingNote{m: accountMissing, matters: true})
}

// accountMissing is the fact a call lacks when an endpoint policy's answer
// depends on an account the input does not show (aws-rules 6.1.6).
var accountMissing = Missing{What: "the account ID", Why: "not in the input; pass --account"}

// accountNote says, for a policy decision that the account ID decides,
// which account was used and where the input shows it (aws-rules 6.1.6):
// the same request from another account would get another answer. It is
// "" when the account does not decide, or is not known.
func (t *tracer) accountNote(p *policy.Policy, req policy.Request) string {
	w := t.ix.w
	if w.AccountFrom == "" || w.Account == "" {
		return ""
	}
	if !p.AccountDecides(req, w.Account) {
		return ""
	}
	return fmt.Sprintf("; the account ID %s, which decides this, is from %s (aws-rules 6.1.6)", w.Account, w.AccountFrom)
}

// policyOpen checks an endpoint whose policy the input does not determine.
// A policy may allow or deny any request (aws-rules 6.1.2), so the check is
// unknown; but it changes nothing on the path, and a call of the ECS
// agent is never judged by the policy (6.2.3).
func (t *tracer) policyOpen(ep *model.Endpoint, src model.Pos, req policy.Request, open []model.Unknown) {
	if isAgentCall(t.call.Kind) {
		t.step(Step{Type: StepEndpointPolicy, Action: ActionAllowed, Source: src,
			Detail: "the policy of endpoint " + ep.ID + " is not known; the ECS agent's actions are not documented, so the model does not judge a custom policy for them (aws-rules 6.2.3)"})
		for _, u := range open {
			t.openSetting(openNote{setting: u, effect: "it cannot change this check: the model does not judge endpoint policies for the ECS agent's calls (aws-rules 6.2.3)"})
		}
		t.warnings = append(t.warnings, "the policy of endpoint "+ep.ID+" is not known; if it is a custom policy, check that it allows the ECS agent (aws-rules 6.2.3)")
		return
	}
	t.step(Step{Type: StepEndpointPolicy, Action: ActionUnknown, Source: src,
		Detail: fmt.Sprintf("the policy of endpoint %s is not known, so the model cannot tell whether it allows %s on %s (aws-rules 6.1.2)", ep.ID, strings.Join(req.Actions, ", "), req.Resource)})
	for _, u := range open {
		t.openSetting(openNote{setting: u, matters: true, effect: fmt.Sprintf("the policy may deny %s", strings.Join(req.Actions, ", "))})
	}
}

// isAgentCall reports whether kind is one of the EC2 agent's control-plane
// calls.
func isAgentCall(kind CallKind) bool {
	return kind == CallECSAPI || kind == CallECSAgent || kind == CallECSTelemetry
}

// policyRequest builds the request an endpoint policy sees (6.1.4, 6.1.5,
// 6.3.1).
func (t *tracer) policyRequest(ep *model.Endpoint, pos position) policy.Request {
	c := t.call
	req := policy.Request{Actions: c.Actions, Resource: c.PolicyResource, Principal: c.Principal,
		Context: map[string]string{"aws:SourceVpc": ep.VPC, "aws:SourceVpce": ep.ID}}
	if c.Kind == CallECRLayers {
		req.Absent = []string{"aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalOrgID", "aws:ResourceAccount", "aws:ResourceOrgID"}
		return req
	}
	if acct := arnAccount(c.Principal); acct != "" {
		req.Context["aws:PrincipalAccount"] = acct
		req.Context["aws:PrincipalArn"] = c.Principal
		req.Context["aws:PrincipalIsAWSService"] = "false" // a role of the customer's
		if t.ix.w.OrgID != "" {
			req.Context["aws:PrincipalOrgID"] = t.ix.w.OrgID
		}
	}
	if acct := arnAccount(c.PolicyResource); acct != "" {
		req.Context["aws:ResourceAccount"] = acct
	} else if m := t.ix.submatch(s3ObjectARN, c.PolicyResource); m != nil && t.ix.buckets[m[1]] != nil {
		// An S3 ARN has no account; a bucket of the input is the
		// caller's (aws-rules 6.1.6).
		req.Context["aws:ResourceAccount"] = t.ix.w.Account
	}
	if w := t.ix.w; w.AccountFrom == "" {
		req.UnknownAccount = w.Account // a placeholder (aws-rules 6.1.6)
	}
	return req
}

// arnAccount returns the account field of an ARN, or "".
func arnAccount(arn string) string {
	// arn:partition:service:region:account:resource
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return ""
	}
	for range 3 { // partition, service, region
		_, rest, ok = strings.Cut(rest, ":")
		if !ok {
			return ""
		}
	}
	account, _, ok := strings.Cut(rest, ":")
	if !ok {
		return ""
	}
	return account
}

// deliver ends the path at the service. A path with blockers is not
// delivered: its trace ends with the last check made.
func (t *tracer) deliver(via Via, what string) {
	if len(t.blockers) > 0 {
		return
	}
	if t.via == "" {
		t.via = via
	}
	t.hopAt(t.call.Service+serviceOrHost(t.call), HopService, "", "")
	t.phraseStep(phraseKey{kind: phraseDelivered, a: t.call.Host, b: what}, Step{Type: StepDeliver, Action: ActionDelivered},
		func() string { return fmt.Sprintf("delivered to %s through %s", t.call.Host, what) })
}

func serviceOrHost(c *plannedCall) string {
	if c.Service == "" {
		return c.Host
	}
	return ""
}

// internetGateway sends the packet to the internet (aws-rules 4.4).
func (t *tracer) internetGateway(pos position, d endpointAddr, r route) {
	igw := t.ix.igws[r.TargetID]
	t.crossBoundary(pos.subnet, nil, pos.src, d, pos.ephemeral)
	t.hop(r.TargetID, HopInternetGateway)
	if igw == nil || igw.VPC != pos.vpc.ID {
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: BlackholeRoute, Rule: r.label(), Source: r.Source,
			Detail: fmt.Sprintf("internet gateway %s is not attached to vpc %s, so the route is a blackhole (aws-rules 4.2.3)", r.TargetID, pos.vpc.ID)})
		t.block(BlackholeRoute, Unreachable, "attach "+r.TargetID+" to vpc "+pos.vpc.ID)
		return
	}
	if pos.foreign {
		t.step(Step{Type: StepPublicIP, Action: ActionDropped, Reason: NotTransitive, Source: igw.Source,
			Detail: fmt.Sprintf("the packet comes from %s over %s; internet gateway %s translates only addresses of vpc %s (aws-rules 4.7.2, 4.8.7)", pos.src, via(pos), igw.ID, pos.vpc.ID)})
		t.block(NotTransitive, Unreachable, "give the source VPC its own NAT gateway or endpoints, or send its traffic to a NAT gateway in "+pos.vpc.ID+" through a transit gateway")
		return
	}
	if d.v6 {
		t.internetGateway6(pos, d, igw) // aws-rules 4.9.6
		return
	}
	if !d.public {
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Detail: d.String() + " is a private address; the internet gateway does not reach it"})
		t.block(NoRoute, Unreachable, "route "+d.prefix.String()+" inside the network")
		return
	}
	if !pos.publicIP {
		t.step(Step{Type: StepPublicIP, Action: ActionDenied, Reason: NoPublicIP, Source: igw.Source,
			Detail: fmt.Sprintf("%s has no public IPv4 address, so internet gateway %s cannot translate it (aws-rules 4.4.1)", pos.srcLabel, igw.ID)})
		t.block(NoPublicIP, Unreachable, publicIPFix(pos))
		return
	}
	t.undetermined(model.KindInternetGateway, igw.ID) // ingress routing the model does not follow (aws-rules 1.1.4)
	t.phraseStep(phraseKey{kind: phrasePublicIP, a: pos.srcLabel}, Step{Type: StepPublicIP, Action: ActionAllowed, Source: igw.Source},
		func() string { return pos.srcLabel + " has a public IPv4 address" })
	t.blockPublicAccess(pos, igw)
	if pos.inspected != nil {
		t.firewallEdge(pos, igw)
	}
	v := ViaInternetGateway
	switch {
	case pos.natGateway:
		v = ViaNATGateway
	case pos.natInst:
		v = ViaNATInstance
	}
	t.deliver(v, "internet gateway "+igw.ID)
}

func via(pos position) string {
	if pos.peering != "" {
		return "peering " + pos.peering
	}
	return "transit gateway " + pos.tgw
}

func publicIPFix(pos position) string {
	if strings.HasPrefix(pos.srcLabel, "task ENI") {
		return "set assignPublicIp to ENABLED on the service (assign_public_ip = true), or route 0.0.0.0/0 to a NAT gateway instead (aws-rules 2.5, 4.4.2)"
	}
	return "give " + pos.srcLabel + " a public IP (subnet map_public_ip_on_launch, associate_public_ip_address or an Elastic IP), or route through a NAT gateway (aws-rules 2.7)"
}

// natGateway follows a NAT gateway (aws-rules 4.5).
func (t *tracer) natGateway(pos position, d endpointAddr, r route) {
	nat := t.ix.nats[r.TargetID]
	natSubnet := t.ix.subnets[nat.Subnet]
	if natSubnet != nil {
		t.ix.touch(depVPC, natSubnet.VPC)
	}
	if t.hasUnknowns(model.KindNATGateway, nat.ID) {
		t.openPath("") // its subnet decides the ACLs below
	}
	if natSubnet == nil {
		// A plan read alone can leave the gateway's subnet unknown: the
		// path beyond it cannot be followed, and is never a panic.
		t.hop(nat.ID, HopNATGateway)
		if t.hasUnknowns(model.KindNATGateway, nat.ID) {
			t.undetermined(model.KindNATGateway, nat.ID) // names the setting, with its position
			return
		}
		t.step(Step{Type: StepNAT, Action: ActionUnknown, Reason: Unmodeled, Source: nat.Source,
			Detail: fmt.Sprintf("the subnet of NAT gateway %s is not in the input, so the path beyond it cannot be followed", nat.ID)})
		t.block(Unmodeled, Unknown, "describe the NAT gateway's subnet in the input (trace a plan with its Terraform root: vpctrace trace --plan PLAN DIR)")
		return
	}
	t.crossBoundary(pos.subnet, natSubnet, pos.src, d, pos.ephemeral)
	t.hop(nat.ID, HopNATGateway)
	t.undetermined(model.KindNATGateway, nat.ID)
	if pos.peering != "" {
		t.step(Step{Type: StepNAT, Action: ActionDropped, Reason: NotTransitive, Source: nat.Source,
			Detail: fmt.Sprintf("the packet comes over peering %s; a NAT gateway does not serve traffic from a peered VPC (aws-rules 4.5.3, 4.7.2)", pos.peering)})
		t.block(NotTransitive, Unreachable, "give the peered VPC its own NAT gateway, or connect the VPCs through a transit gateway")
		return
	}
	if d.v6 {
		var ok bool
		if d, ok = t.nat64(nat, d); !ok { // aws-rules 4.9.5
			return
		}
	}
	if natSubnet.AZ != pos.az {
		t.warnings = append(t.warnings, fmt.Sprintf("NAT gateway %s is in %s, not %s: the path depends on that AZ and pays cross-AZ charges (aws-rules 4.5.2)", nat.ID, natSubnet.AZ, pos.az))
	}
	natAddr := endpointAddr{prefix: natSubnet.CIDR, vpc: natSubnet.VPC, subnet: natSubnet.ID, az: natSubnet.AZ, label: "NAT gateway " + nat.ID}
	next := position{vpc: t.ix.vpcs[natSubnet.VPC], subnet: natSubnet, az: natSubnet.AZ, src: natAddr, srcLabel: "NAT gateway " + nat.ID,
		publicIP: !nat.Private && nat.ElasticIP != "", ephemeral: ephemeralNAT, natGateway: true, depth: pos.depth, egressSubnet: natSubnet}
	t.phraseStep(phraseKey{kind: phraseNATTranslate, a: nat.ID, b: natSubnet.ID, addr: keyOf(pos.src)}, Step{Type: StepNAT, Action: ActionForwarded, Source: nat.Source},
		func() string {
			return fmt.Sprintf("NAT gateway %s translates %s to its own address and forwards by the route table of %s", nat.ID, pos.src, natSubnet.ID)
		})
	switch {
	case pos.inspected != nil:
		// The reply must go back through the firewall endpoint the
		// request passed (4.11.7).
		t.firewallReturn(pos, natSubnet)
	case pos.foreign:
		// The reply to the original source leaves the NAT gateway's subnet
		// towards the transit gateway (4.5.3).
		t.returnRoute(pos, natSubnet)
	}
	if d.public {
		rt := t.ix.subnetTable(natSubnet)
		nr, found, _ := t.ix.routeLookup(rt, d)
		toIGW := found && !nr.Blackhole && nr.Target == model.TargetInternetGateway
		toGWE := found && !nr.Blackhole && nr.Target == model.TargetGatewayEndpoint
		switch {
		case found && nr.Undetermined != "" || !found && t.ix.routeSelectionOpen(rt, d):
			// The NAT gateway's next hop is not determined: forward
			// reports it (aws-rules 4.2.4).
		case !toIGW && !toGWE:
			t.natNoInternet(nat, fmt.Sprintf("the route table %s of the NAT gateway's subnet %s has no route to an internet gateway for %s", rt.id, natSubnet.ID, d),
				fmt.Sprintf("add a 0.0.0.0/0 route to the internet gateway in %s", rt.id))
			return
		case toIGW && nat.Private:
			t.natNoInternet(nat, "NAT gateway "+nat.ID+" is private (connectivity type private); traffic it sends to an internet gateway is dropped",
				"use a public NAT gateway with an Elastic IP")
			return
		case toIGW && nat.ElasticIP == "":
			t.natNoInternet(nat, "NAT gateway "+nat.ID+" has no Elastic IP", "allocate an Elastic IP for "+nat.ID)
			return
		}
	}
	t.forward(next, d)
}

func (t *tracer) natNoInternet(nat *model.NATGateway, detail, fix string) {
	t.step(Step{Type: StepNAT, Action: ActionDropped, Reason: NATNoInternet, Source: nat.Source, Detail: detail + " (aws-rules 4.5.1)"})
	t.block(NATNoInternet, Unreachable, fix)
}

// gatewayEndpoint delivers through a gateway endpoint (aws-rules 4.3).
func (t *tracer) gatewayEndpoint(pos position, d endpointAddr, r route) {
	ep := t.ix.endpoints[r.TargetID]
	t.crossBoundary(pos.subnet, nil, pos.src, d, pos.ephemeral)
	t.hop(ep.ID, HopGatewayEndpoint)
	for _, u := range t.ix.unknowns[string(model.KindEndpoint)+"|"+ep.ID] {
		if endpointSettingRole(u.Field) != endpointPolicy {
			t.undeterminedSetting(u)
		}
	}
	if pos.foreign {
		t.step(Step{Type: StepRoute, Action: ActionDropped, Reason: NotTransitive, Source: ep.Source,
			Detail: fmt.Sprintf("the packet comes from %s over %s; gateway endpoint %s serves only its own VPC (aws-rules 4.7.2, 4.8.7)", pos.src, via(pos), ep.ID)})
		t.block(NotTransitive, Unreachable, "create an S3 gateway endpoint in the source VPC, or use an S3 interface endpoint")
		return
	}
	t.endpointPolicy(ep, pos)
	t.deliver(ViaGatewayEndpoint, "gateway endpoint "+ep.ID)
}

// transitGateway follows a transit gateway (aws-rules 4.8).
func (t *tracer) transitGateway(pos position, d endpointAddr, r route) {
	tgwID := r.TargetID
	att := t.ix.tgwAttachByVPC[tgwID+"|"+pos.vpc.ID]
	if u, ok := t.ix.unknownOf(model.KindTransitGateway, tgwID, "attachments"); att == nil && ok {
		// The input does not list the gateway's attachments: the VPC's
		// may be one of them.
		t.hop(tgwID, HopTransitGateway)
		t.undeterminedSetting(u)
		return
	}
	if att == nil {
		t.hop(tgwID, HopTransitGateway, Step{Type: StepTransitGateway, Action: ActionDropped, Reason: TGWNoRoute, Rule: r.label(),
			Detail: fmt.Sprintf("vpc %s has no attachment to transit gateway %s", pos.vpc.ID, tgwID)})
		t.block(TGWNoRoute, Unreachable, "attach vpc "+pos.vpc.ID+" to "+tgwID)
		return
	}
	if t.hasUnknowns(model.KindTGWAttachment, att.ID) {
		t.openPath("") // its subnets decide the ACLs below
	}
	entry := t.ix.attachmentSubnet(att, pos.az, true)
	if entry == nil {
		t.hop(att.ID, HopTGWAttachment, Step{Type: StepTransitGateway, Action: ActionDropped, Reason: TGWNoRoute, Source: att.Source,
			Detail: fmt.Sprintf("attachment %s has no subnet in %s, so traffic from %s is not forwarded to the transit gateway (aws-rules 4.8.1)", att.ID, pos.az, pos.subnet.ID)})
		t.block(TGWNoRoute, Unreachable, "add a subnet in "+pos.az+" to attachment "+att.ID)
		return
	}
	t.crossBoundary(pos.subnet, entry, pos.src, d, pos.ephemeral)
	table := t.ix.tgwAssociation(att)
	t.hop(tgwID, HopTransitGateway)
	t.undetermined(model.KindTransitGateway, tgwID) // routes it learns that the input does not show (aws-rules 1.1.6)
	t.undetermined(model.KindTGWAttachment, att.ID)
	if table != nil {
		t.undetermined(model.KindTGWRouteTable, table.id)
	}
	if table == nil {
		t.step(Step{Type: StepTransitGateway, Action: ActionDropped, Reason: TGWNoRoute, Source: att.Source,
			Detail: fmt.Sprintf("attachment %s is associated with no transit gateway route table (aws-rules 4.8.2)", att.ID)})
		t.block(TGWNoRoute, Unreachable, "associate attachment "+att.ID+" with a transit gateway route table")
		return
	}
	tr, ok := t.tgwLookup(table, d)
	if !ok {
		t.step(Step{Type: StepTransitGateway, Action: ActionDropped, Reason: TGWNoRoute, Source: table.source,
			Detail: fmt.Sprintf("transit gateway route table %s has no route for %s (aws-rules 4.8.2)", table.id, d)})
		t.block(TGWNoRoute, Unreachable, fmt.Sprintf("add a route for %s to %s, or propagate the destination attachment into it", tgwDest(d), table.id))
		return
	}
	if tr.Blackhole {
		t.step(Step{Type: StepTransitGateway, Action: ActionDropped, Reason: BlackholeRoute, Rule: tr.label(), Source: tr.Source,
			Detail: fmt.Sprintf("transit gateway route %s in %s drops the packet", tr.label(), table.id)})
		t.block(BlackholeRoute, Unreachable, "replace the blackhole route "+tr.Destination.String()+" in "+table.id)
		return
	}
	t.phraseStep(phraseKey{kind: phraseTGWMatch, a: tr.label(), b: table.id, addr: keyOf(d)}, Step{Type: StepTransitGateway, Action: ActionForwarded, Rule: tr.label(), Source: tr.Source},
		func() string { return fmt.Sprintf("%s matches %s in %s", d, tr.label(), table.id) })
	out := t.ix.tgwAttach[tr.Attachment]
	exit := t.ix.attachmentSubnet(out, pos.az, false)
	if out == nil || exit == nil {
		t.step(Step{Type: StepTransitGateway, Action: ActionDropped, Reason: TGWNoRoute, Detail: "attachment " + tr.Attachment + " has no subnet"})
		t.block(TGWNoRoute, Unreachable, "give attachment "+tr.Attachment+" subnets")
		return
	}
	// The reply must come back: the destination attachment's table must
	// route the source to this attachment (4.8.4).
	if back := t.ix.tgwAssociation(out); back == nil {
		t.tgwReturnMissing(out, nil, pos.src)
	} else if br, ok := back.lookup(pos.src.prefix); !ok || br.Blackhole || br.Attachment != att.ID {
		t.tgwReturnMissing(out, back, pos.src)
	}
	next := pos
	next.vpc, next.subnet, next.az = t.ix.vpcs[out.VPC], exit, exit.AZ
	next.foreign, next.tgw, next.peering = true, tgwID, ""
	t.crossBoundary(nil, exit, pos.src, d, pos.ephemeral)
	t.forward(next, d)
}

func tgwDest(d endpointAddr) string {
	if d.public {
		return "0.0.0.0/0"
	}
	return d.prefix.String()
}

func (t *tracer) tgwLookup(table *tgwTable, d endpointAddr) (tgwRoute, bool) {
	if d.public {
		return table.lookup(netip.PrefixFrom(netip.IPv4Unspecified(), 0))
	}
	return table.lookup(d.prefix)
}

func (t *tracer) tgwReturnMissing(out *model.TransitGatewayAttachment, back *tgwTable, src endpointAddr) {
	where := "attachment " + out.ID + " is associated with no route table"
	if back != nil {
		where = "transit gateway route table " + back.id + " (of attachment " + out.ID + ") has no route back to " + src.prefix.String()
	}
	t.step(Step{Type: StepTransitGateway, Action: ActionDropped, Reason: TGWNoRoute, Source: out.Source,
		Detail: "return path: " + where + " (aws-rules 4.8.4)"})
	t.block(TGWNoRoute, Unreachable, "add a route for "+src.prefix.String()+" back to the source attachment in the route table of "+out.ID)
}

// attachmentSubnet returns the attachment's subnet in az; when exact is
// false and there is none, the first of its subnets by AZ.
func (ix *index) attachmentSubnet(a *model.TransitGatewayAttachment, az string, exact bool) *model.Subnet {
	if a == nil {
		return nil
	}
	var first *model.Subnet
	for _, id := range a.Subnets {
		s := ix.subnets[id]
		if s == nil {
			continue
		}
		if s.AZ == az {
			return s
		}
		if first == nil || s.AZ < first.AZ {
			first = s
		}
	}
	if exact {
		return nil
	}
	return first
}

// returnRoute checks that the destination subnet routes replies to a
// foreign source back the way they came (4.7.1, 4.8.4, 4.9.3).
func (t *tracer) returnRoute(pos position, dst *model.Subnet) {
	rt := t.ix.subnetTable(dst)
	r, found, _ := t.ix.routeLookup(rt, pos.src)
	want, wantID := model.TargetTransitGateway, pos.tgw
	if pos.peering != "" {
		want, wantID = model.TargetPeering, pos.peering
	}
	if found && r.Undetermined != "" {
		t.hop(rt.id, HopReturnRouteTable)
		t.undeterminedRoute(rt, r, pos.src)
		return
	}
	if found && !r.Blackhole && r.Target == want && r.TargetID == wantID {
		t.hop(rt.id, HopReturnRouteTable)
		t.phraseStep(phraseKey{kind: phraseReplies, a: r.label(), addr: addrKey{prefix: pos.src.prefix}}, Step{Type: StepRoute, Action: ActionForwarded, Rule: r.label(), Source: r.Source},
			func() string { return fmt.Sprintf("replies to %s match route %s", pos.src.prefix, r.label()) })
		return
	}
	detail := fmt.Sprintf("return path: %s has no route for %s back through %s %s (aws-rules 4.9.3)", rt.id, pos.src.prefix, want, wantID)
	if found {
		detail = fmt.Sprintf("return path: %s sends replies for %s to %s, not back through %s %s (aws-rules 4.9.3)", rt.id, pos.src.prefix, r.label(), want, wantID)
	}
	t.hop(rt.id, HopReturnRouteTable, Step{Type: StepRoute, Action: ActionDropped, Reason: NoRoute, Source: rt.source, Detail: detail})
	t.blockFix(NoRoute, Unreachable, routeFix(fmt.Sprintf("add a route for %s to %s %s in %s", pos.src.prefix, want, wantID, rt.id), rt))
}

// peering follows a VPC peering connection (aws-rules 4.7).
func (t *tracer) peering(pos position, d endpointAddr, r route) {
	pcx := t.ix.peerings[r.TargetID]
	t.hop(pcx.ID, HopPeering)
	t.undetermined(model.KindPeering, pcx.ID)
	other := pcx.PeerVPC
	if other == pos.vpc.ID {
		other = pcx.VPC
	}
	switch {
	case !pcx.Active || (pcx.VPC != pos.vpc.ID && pcx.PeerVPC != pos.vpc.ID):
		t.step(Step{Type: StepPeering, Action: ActionDropped, Reason: BlackholeRoute, Source: pcx.Source,
			Detail: fmt.Sprintf("peering %s is not an active connection of vpc %s, so the route is a blackhole", pcx.ID, pos.vpc.ID)})
		t.block(BlackholeRoute, Unreachable, "accept peering "+pcx.ID+" or fix the route")
		return
	case pos.peering != "" || d.public || d.vpc != other:
		t.step(Step{Type: StepPeering, Action: ActionDropped, Reason: NotTransitive, Source: pcx.Source,
			Detail: fmt.Sprintf("%s is not in the peer vpc %s; peering is not transitive and the peer's internet gateway, NAT gateway and gateway endpoints cannot be used (aws-rules 4.7.1, 4.7.2)", d, other)})
		t.block(NotTransitive, Unreachable, "reach "+d.String()+" from "+pos.vpc.ID+" directly (its own NAT gateway or endpoints), or use a transit gateway")
		return
	}
	t.step(Step{Type: StepPeering, Action: ActionForwarded, Source: pcx.Source, Detail: "forwarded to vpc " + other + " over " + pcx.ID})
	next := pos
	next.vpc = t.ix.vpcs[other]
	next.subnet = nil
	next.foreign, next.peering, next.tgw = true, pcx.ID, ""
	t.deliverLocal(next, d)
}

// deliverChecks runs the destination-side checks of deliverLocal after the
// ACLs: security groups, endpoint policy, delivery.
func (t *tracer) deliverChecks(pos position, d endpointAddr) {
	switch {
	case d.endpoint != nil:
		// Its policy and its groups are checked below; anything else
		// (its service, subnets, addresses) decides which address the
		// call reaches, so the whole path.
		for _, u := range t.ix.unknowns[string(model.KindEndpoint)+"|"+d.endpoint.ID] {
			if endpointSettingRole(u.Field) == endpointOther {
				t.global = true
				t.undeterminedSetting(u)
			}
		}
	case d.mountTarget != nil:
		t.undeterminedGlobal(model.KindMountTarget, d.mountTarget.ID)
	}
	if len(d.sgs) > 0 || d.endpoint != nil || d.mountTarget != nil {
		peer := sgPeer{addr: pos.src, sgs: pos.srcSGs, open: pos.srcOpen, refsOK: t.refsOK(pos, d)}
		m := t.ix.sgStepOf(d.sgs, d.sgsOpen, false, peer, t.call.Port, pos.srcLabel, SGIngressDenied)
		fix := func() Fix {
			return changeFix(fmt.Sprintf("add an ingress rule for TCP %d from %s to %s", t.call.Port, ingressPeerHint(pos), sgOwner(d)),
				model.KindSecurityGroup, oneGroup(d.sgs), "ingress", "ingress", "")
		}
		t.stepShared(m.steps, 0)
		t.afterFilter(m.d, SGIngressDenied, fix)
	}
	switch {
	case d.endpoint != nil:
		t.interfaceEndpoint(pos, d)
	case d.mountTarget != nil:
		t.deliver(ViaLocal, "mount target "+d.mountTarget.ID)
	default:
		t.deliver(ViaLocal, d.String())
	}
}

// natInstance follows a route to an instance doing NAT (aws-rules 4.6).
func (t *tracer) natInstance(pos position, d endpointAddr, r route) {
	in := t.ix.instances[r.TargetID]
	if r.Target == model.TargetNetworkInterface {
		in = t.ix.enis[r.TargetID]
	}
	s := t.ix.subnets[in.Subnet]
	if t.hasUnknowns(model.KindInstance, in.ID) {
		t.openPath("") // its subnet decides the ACLs below
	}
	t.crossBoundary(pos.subnet, s, pos.src, d, pos.ephemeral)
	t.hop(in.ID, HopNATInstance)
	t.undetermined(model.KindInstance, in.ID)
	dec := t.ix.sgCheck(in.SecurityGroups, nil, false, sgPeer{addr: pos.src, sgs: pos.srcSGs, open: pos.srcOpen, refsOK: t.refsOK(pos, d)}, t.call.Port)
	t.filterStep(StepSecurityGroup, dec, fmt.Sprintf("ingress TCP %d from %s", t.call.Port, pos.srcLabel), SGIngressDenied, func() Fix {
		return changeFix(fmt.Sprintf("add an ingress rule for TCP %d from %s to the security groups of NAT instance %s", t.call.Port, pos.src.prefix, in.ID),
			model.KindSecurityGroup, oneGroup(in.SecurityGroups), "ingress", "ingress", "")
	})
	public := t.ix.instancePublicIP(in)
	misconfigured := in.SourceDestCheck.Or(true) || (d.public && !public)
	if in.SourceDestCheck.Or(true) {
		t.step(Step{Type: StepNAT, Action: ActionDropped, Reason: NATInstanceMisconfigured, Source: in.Source,
			Detail: "instance " + in.ID + " has source/destination check on, so it drops traffic not addressed to itself (aws-rules 4.6.1)"})
		t.blockFix(NATInstanceMisconfigured, Unreachable, changeFix("set source_dest_check = false on "+in.ID, model.KindInstance, in.ID, "source_dest_check", "source_dest_check", "false"))
	}
	if d.public && !public {
		t.step(Step{Type: StepNAT, Action: ActionDropped, Reason: NATInstanceMisconfigured, Source: in.Source,
			Detail: "instance " + in.ID + " has no public IPv4 address, so its translated traffic cannot use the internet gateway (aws-rules 4.6.1)"})
		t.block(NATInstanceMisconfigured, Unreachable, "give "+in.ID+" a public IP or an Elastic IP")
	}
	addr := t.ix.instanceAddr(in)
	next := position{vpc: t.ix.vpcs[s.VPC], subnet: s, az: s.AZ, src: addr, srcSGs: in.SecurityGroups, srcLabel: "NAT instance " + in.ID,
		publicIP: public, ephemeral: ephemeralLinux, natInst: true, depth: pos.depth, egressSubnet: s}
	if !misconfigured {
		t.step(Step{Type: StepNAT, Action: ActionForwarded, Source: in.Source, Detail: "instance " + in.ID + " translates and forwards (assumed to masquerade, aws-rules 4.6.1)"})
	}
	t.sgEgress(next, d)
	t.forward(next, d)
}

// instancePublicIP says whether an instance has a public IPv4 (2.7).
func (ix *index) instancePublicIP(in *model.Instance) bool {
	if in.ElasticIP != "" {
		return true
	}
	s := ix.subnets[in.Subnet]
	return in.AssociatePublicIP.Or(s != nil && s.MapPublicIPOnLaunch)
}

// sortAddrs orders answers: addresses in az first, then by subnet.
func sortAddrs(addrs []endpointAddr, az string) {
	slices.SortStableFunc(addrs, func(a, b endpointAddr) int {
		switch {
		case a.az == az && b.az != az:
			return -1
		case a.az != az && b.az == az:
			return 1
		}
		return strings.Compare(a.subnet, b.subnet)
	})
}
