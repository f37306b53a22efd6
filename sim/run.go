package sim

import (
	"cmp"
	"fmt"
	"math"
	"net/netip"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim/stopreason"
)

// Simulator traces the workloads of one world. New indexes the world once;
// Run and Trace may then be called many times. A Simulator must not be
// used after its world is changed: make a new one.
//
// A Simulator is not safe for concurrent use: Run, Rerun and Trace change
// its caches and records, so calls on one Simulator from several
// goroutines race. Give each goroutine its own Simulator, or call the
// package's Run, which is safe.
type Simulator struct {
	ix *index
	// records holds each traced workload by service ID, for Rerun.
	records map[string]*workloadRecord
}

// New indexes w for tracing. w should have passed model.World.Validate.
func New(w *model.World) *Simulator {
	return &Simulator{ix: newIndex(w), records: map[string]*workloadRecord{}}
}

// Run traces every workload of w and returns the results in input order,
// with the diagnostics found while tracing. w should have passed
// model.World.Validate.
//
// Run is safe for concurrent use, also on the same world: each call makes
// its own Simulator and only reads w. Nothing may change w meanwhile.
func Run(w *model.World) Report {
	return New(w).Run()
}

// Run traces every workload of the simulator's world.
func (s *Simulator) Run() Report {
	return s.rerun(func(*model.Service) *workloadRecord { return nil })
}

// rerun returns the report of every workload: reuse's record when it has
// one, else a new trace. The traces run in parallel (see traceServices).
func (s *Simulator) rerun(reuse func(*model.Service) *workloadRecord) Report {
	svcs := s.ix.workloads
	recs := make([]*workloadRecord, len(svcs))
	var todo []int
	for i, svc := range svcs {
		if recs[i] = reuse(svc); recs[i] == nil {
			todo = append(todo, i)
		}
	}
	s.traceServices(todo, recs)
	var r Report
	if len(recs) > 0 {
		r.Workloads = make([]WorkloadResult, 0, len(recs)) // nil for none, as before
	}
	r.Diagnostics = slices.Clone(s.ix.diags) // the index's own
	for i, rec := range recs {
		s.records[s.ix.recordKey(svcs[i])] = rec
		r.Diagnostics = append(r.Diagnostics, rec.diags...)
		r.Workloads = append(r.Workloads, rec.result)
	}
	r.Diagnostics.Sort()
	r.Diagnostics = slices.CompactFunc(r.Diagnostics, func(a, b model.Diagnostic) bool { return a == b })
	return r
}

// traceBlock is how many services a worker takes at a time: services
// next to each other often share traces (see traceKey).
const traceBlock = 32

// maxWorkers is how many goroutines trace at once; tests change it.
var maxWorkers = func() int { return runtime.GOMAXPROCS(0) }

// traceServices traces the services at the indexes todo into recs. Each
// worker has its own copy of the index's caches (fork), so the results
// are the same as one after another.
func (s *Simulator) traceServices(todo []int, recs []*workloadRecord) {
	svcs := s.ix.workloads
	workers := min(maxWorkers(), (len(todo)+traceBlock-1)/traceBlock)
	if workers <= 1 {
		for _, i := range todo {
			recs[i] = s.ix.traceRecord(svcs[i])
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ix := s.ix.fork()
			for {
				start := int(next.Add(traceBlock)) - traceBlock
				if start >= len(todo) {
					return
				}
				for _, i := range todo[start:min(start+traceBlock, len(todo))] {
					recs[i] = ix.traceRecord(svcs[i])
				}
			}
		}()
	}
	wg.Wait()
}

// Trace traces the workload of the service with the given ID, or of the
// task definition with that ID when no service runs it.
func (s *Simulator) Trace(serviceID string) (WorkloadResult, bool) {
	for _, svc := range s.ix.workloads {
		if svc.ID == serviceID {
			return s.traceService(svc)
		}
	}
	return WorkloadResult{}, false
}

func (ix *index) diag(sev model.Severity, code string, pos model.Pos, format string, args ...any) {
	ix.diags = append(ix.diags, model.Diagnostic{Severity: sev, Code: code, Message: fmt.Sprintf(format, args...), Source: pos})
}

// placement is one subnet a workload's tasks run in, with the interfaces
// that make calls from there.
type placement struct {
	subnet  *model.Subnet
	task    originIface
	host    originIface // EC2: the container instance; Fargate: unused
	hasHost bool
}

// traced is one placement's result with the address the call used.
// Results of identical traces share their slices: treat them as read-only.
type traced struct {
	PlacementResult
	// dest is the address the chosen path connects to, as a stop
	// reason names it (failure): only what of an endpointAddr that reads,
	// so that the memoized trace holds no pointers for it.
	dest destAddr
	// missing lists the settings the input does not determine that could
	// change this placement's verdict (when it is unknown).
	missing []Missing
	// recorded is what the network trace read and reported.
	recorded
}

// traceService traces the workload of svc and records what its result
// depends on, for Rerun.
func (s *Simulator) traceService(svc *model.Service) (WorkloadResult, bool) {
	rec := s.ix.traceRecord(svc)
	s.records[s.ix.recordKey(svc)] = rec
	return rec.result, true
}

// traceRecord traces the workload of svc with what it depends on and the
// diagnostics it gave; ix.diags keeps only the index's own.
func (ix *index) traceRecord(svc *model.Service) *workloadRecord {
	rec := &workloadRecord{}
	start := len(ix.diags)
	rec.deps, rec.diags = ix.recording(func() { rec.result = ix.traceWorkload(svc) })
	ix.diags = ix.diags[:start]
	return rec
}

// traceWorkload traces every call of a workload. No workload is left out:
// one whose calls cannot be listed is reported with Traced false, and a
// call that depends on a setting the input does not determine is unknown,
// naming it.
func (ix *index) traceWorkload(svc *model.Service) WorkloadResult {
	ix.touch(depService, svc.ID)
	for _, id := range svc.Subnets {
		if sub := ix.subnets[id]; sub != nil {
			ix.touch(depVPC, sub.VPC)
		}
	}
	wl := ix.workload(svc)
	res := WorkloadResult{Name: svc.Name, Source: svc.ID, SourcePos: svc.Source, LaunchType: wl.launchType, PlatformVersion: wl.platform,
		Starts: true, Traced: true, Missing: wl.gaps.all(), Calls: []CallResult{}}
	if wl.td != nil && (svc.Standalone || res.Name == "") {
		res.Name = wl.td.Family
	}
	if res.Name == "" {
		res.Name = svc.ID
	}
	if len(wl.gaps.notTraced) > 0 {
		// The calls themselves cannot be listed: never report such a
		// workload as starting.
		res.Starts, res.Traced, res.Outcome, res.StoppedVerdict = false, false, OutcomeUnknown, Unknown
		res.StoppedReason = fmt.Sprintf("(undetermined) %s, so the calls its tasks make cannot be listed", describe(wl.gaps.notTraced[:1]))
		return res
	}
	var places []placement
	if len(wl.gaps.unplaced) == 0 {
		places = ix.placements(wl)
	}
	// The calls whose failures the stop reasons name, with their worst
	// placements: firstCall the one that stops the task first, condCall
	// one whose failure may not stop it (StopsUnknown), sureCall the
	// first that surely stops it.
	var firstFail, firstCond, sureFail failedAt
	var firstCall, condCall, sureCall *plannedCall
	var firstUntraced *CallResult
	failRank, condRank, untracedRank, sureRank := math.MaxInt, math.MaxInt, math.MaxInt, math.MaxInt
	// fails: a call surely stops the task; open: a call that surely stops
	// the task if it fails is not reachable.
	fails, open := false, false
	var condMissing, openMissing []Missing
	calls := ix.callsOnce(wl)
	calls = ipv6Hosts(wl, calls, places) // aws-rules 4.9.7
	res.Calls = make([]CallResult, 0, len(calls))
	for i := range calls {
		c := &calls[i]
		cr, worst, failed := ix.traceCall(wl, c, places)
		if c.StopsNote != "" && (cr.Verdict == Unreachable || cr.Verdict == Unknown && c.StopsTask != StopsUnknown) {
			cr.Explanation += " " + c.StopsNote
		}
		res.Calls = append(res.Calls, cr)
		if c.Phase != PhaseStart || cr.Verdict == Reachable || c.StopsTask == StopsNo {
			continue // a failure that does not stop the task (aws-rules 1.3.6)
		}
		res.Starts = false
		// The stoppedReason names the failing call ECS meets first: the
		// one of the lowest failure rank (catalog.Kind.Rank). A call whose
		// failure may not stop the task names it only when no call
		// surely does.
		rank := kindOf(c.Kind).Rank
		switch {
		case c.StopsTask == StopsUnknown:
			if cr.Verdict == Unreachable {
				condMissing = appendMissing(condMissing, c.stopsMissing...)
			} else {
				openMissing = appendMissing(openMissing, c.stopsMissing...)
			}
			if failed && rank < condRank {
				condRank, firstCond, condCall = rank, worst, c
			} else if !failed && rank < untracedRank {
				untracedRank, firstUntraced = rank, &res.Calls[len(res.Calls)-1]
			}
			continue
		case failed && rank < failRank:
			failRank, firstFail, firstCall = rank, worst, c
		case !failed && rank < untracedRank:
			untracedRank, firstUntraced = rank, &res.Calls[len(res.Calls)-1]
		}
		if failed && cr.Verdict == Unreachable && rank < sureRank {
			sureRank, sureFail, sureCall = rank, worst, c
		}
		fails = fails || cr.Verdict == Unreachable
		open = true
	}
	// What decides whether a failure stops the task is missing only where
	// it could change the outcome: not when another call fails the task,
	// and for a call that cannot be decided itself, not when another call
	// leaves the outcome open anyway.
	if !fails {
		res.Missing = appendMissing(res.Missing, condMissing...)
		if !open && len(condMissing) == 0 {
			res.Missing = appendMissing(res.Missing, openMissing...)
		}
	}
	switch {
	case firstCall != nil:
		res.StoppedReason = stopreason.Message(ix.failure(wl, firstCall, firstFail))
		res.StoppedBy, res.StoppedVerdict = firstCall.Kind, firstFail.verdict
	case condCall != nil:
		// 7.5.5: never a definite stoppedReason for a failure that stops
		// the task only in a mode the input does not determine.
		res.StoppedReason = "(undetermined) " + condCall.StopsNote + " If it does, ECS reports: " +
			stopreason.Message(ix.failure(wl, condCall, firstCond))
		res.StoppedBy, res.StoppedVerdict = condCall.Kind, Unknown
	case firstUntraced != nil:
		res.StoppedReason = "(undetermined) " + firstUntraced.Explanation
		res.StoppedVerdict = Unknown
	}
	if res.StoppedVerdict == Unknown && sureCall != nil {
		// The tasks surely stop, but an undecided call met before would
		// stop them first if it fails: say what ECS reports if it works.
		res.StoppedOtherwise = stopreason.Message(ix.failure(wl, sureCall, sureFail))
		res.StoppedOtherwiseBy = sureCall.Kind
	}
	for _, cr := range res.Calls {
		res.Missing = appendMissing(res.Missing, cr.Missing...)
	}
	switch {
	case res.Starts:
		res.Outcome = OutcomeStarts
	case fails:
		res.Outcome = OutcomeFails
	default:
		res.Outcome = OutcomeUnknown
	}
	return res
}

// appendMissing appends each of ms that list does not hold yet.
func appendMissing(list []Missing, ms ...Missing) []Missing {
	for _, m := range ms {
		if !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return list
}

// destAddr is what a stop reason reads of the address a call connects
// to (see failure).
type destAddr struct {
	prefix netip.Prefix
	public bool
}

// failedAt is what a workload's stop reason reads of the worst placement
// of a call that fails (traceCall).
type failedAt struct {
	verdict Verdict
	reason  Reason
	subnet  string
	dest    destAddr
}

// destOf returns what a stop reason reads of a.
func destOf(a endpointAddr) destAddr { return destAddr{prefix: a.prefix, public: a.public} }

// ip is endpointAddr.ip of the address d was made of.
func (d destAddr) ip() string { return endpointAddr{prefix: d.prefix, public: d.public}.ip() }

func (ix *index) failure(wl *workload, c *plannedCall, p failedAt) stopreason.Failure {
	f := stopreason.Failure{Platform: stopreason.FargateContainerd, Kind: string(c.Kind), Reason: string(p.reason),
		Host: c.Host, Port: c.Port, Region: c.Region, Resource: c.Resource, Image: c.Image,
		IP: p.dest.ip(), PublicIP: p.dest.public, FromRepositoryCredentials: c.FromRepositoryCredentials,
		Service: wl.svc.Name, Cluster: wl.cluster.Name}
	switch {
	case wl.launchType == "EC2":
		f.Platform = stopreason.EC2
	case wl.legacyFargate():
		f.Platform = stopreason.FargateDocker
	}
	f.Principal, f.Account, f.Windows = c.Principal, wl.account, wl.windows
	if f.IP == "" && !p.dest.public && p.dest.prefix.IsValid() {
		f.IP = "<an address in " + p.dest.prefix.String() + ">" // the input gives no exact IP
	}
	if sub := ix.subnets[p.subnet]; sub != nil {
		if vpc := ix.vpcs[sub.VPC]; vpc != nil {
			f.Resolver = ix.resolverAddr(vpc) + ":53"
		}
	}
	return f
}

// workload resolves a service's cluster, task definition, launch type,
// platform version and EC2 capacity, and what of them the input does not
// determine. A cluster outside the input leaves the region the world's.
func (ix *index) workload(svc *model.Service) *workload {
	td, cl := ix.taskDefs[svc.TaskDefinition], ix.clusters[svc.Cluster]
	clusterKnown := cl != nil
	if cl == nil {
		cl = &model.Cluster{ID: svc.Cluster}
	}
	wl := &workload{svc: svc, td: td, cluster: cl, region: cl.Region, account: ix.w.Account}
	if td != nil {
		wl.windows = strings.HasPrefix(strings.ToUpper(td.OperatingSystemFamily), "WINDOWS")
	}
	if wl.region == "" {
		wl.region = ix.w.Region
	}
	orphan := ix.orphans[svc]
	wl.launchType = svc.LaunchType
	switch {
	case orphan:
		wl.launchType = orphanLaunchType(td)
	case ix.serviceUnknown(svc, "launch_type", "capacity_provider_strategy"):
		wl.launchType = "" // not known: it decides which interface makes each call (aws-rules 2)
	case wl.launchType == "":
		wl.launchType = "FARGATE"
		for _, cp := range svc.CapacityProviders {
			if cp != "FARGATE" && cp != "FARGATE_SPOT" {
				wl.launchType = "EC2"
			}
		}
	}
	var unplaced []Missing
	switch wl.launchType {
	case "FARGATE":
		if orphan || ix.serviceUnknown(svc, "platform_version") {
			break // not known
		}
		pv, err := resolvePlatform(svc.PlatformVersion, wl.windows)
		if err != nil {
			ix.diag(model.SeverityError, "invalid-platform-version", svc.Source, "service %s: %v", svc.ID, err)
			unplaced = append(unplaced, Missing{What: "platform_version of " + svc.ID, Why: err.Error(), Source: svc.Source})
		}
		wl.platform = pv
	case "EC2":
		if clusterKnown {
			wl.hosts = ix.hosts(svc, cl)
		}
	case "":
	default:
		ix.diag(model.SeverityWarning, "unsupported-launch-type", svc.Source,
			"service %s uses launch type %s, whose network the model does not describe; its calls are unknown", svc.ID, wl.launchType)
		unplaced = append(unplaced, Missing{What: "the network of " + svc.ID + "'s launch type " + wl.launchType,
			Why: "its tasks run on servers outside the network the model describes", Source: svc.Source})
	}
	wl.gaps = ix.workloadGaps(wl, clusterKnown || orphan)
	if orphan {
		unplaced = append(unplaced, Missing{What: "the service that runs task definition " + td.ID,
			Why: "no ECS service in the input runs it, so nothing places its tasks in a subnet", Source: td.Source})
	}
	wl.gaps.unplaced = append(wl.gaps.unplaced, unplaced...)
	return wl
}

// serviceUnknown reports whether the input leaves one of the named
// settings of svc undetermined.
func (ix *index) serviceUnknown(svc *model.Service, settings ...string) bool {
	return slices.ContainsFunc(ix.unknowns[string(model.KindService)+"|"+svc.ID], func(u model.Unknown) bool {
		return slices.Contains(settings, setting(u.Field))
	})
}

// orphanLaunchType is the launch type of a task definition no service
// runs, as far as its compatibilities tell: "" when they allow both.
func orphanLaunchType(td *model.TaskDefinition) string {
	fargate, ec2 := slices.Contains(td.RequiresCompatibilities, "FARGATE"), slices.Contains(td.RequiresCompatibilities, "EC2")
	switch {
	case fargate && !ec2:
		return "FARGATE"
	case !fargate:
		return "EC2" // ECS's default compatibility
	}
	return ""
}

// hosts returns the EC2 capacity of a service: the auto scaling groups of
// its capacity providers, else every group and instance of its cluster.
func (ix *index) hosts(svc *model.Service, cl *model.Cluster) []host {
	var groups []*model.AutoScalingGroup
	for _, cp := range svc.CapacityProviders {
		if g := ix.asgs[cl.CapacityProviders[cp]]; g != nil {
			groups = append(groups, g)
		}
	}
	var out []host
	if len(groups) == 0 {
		for i := range ix.w.AutoScalingGroups {
			if g := &ix.w.AutoScalingGroups[i]; g.Cluster == cl.ID {
				groups = append(groups, g)
			}
		}
		for i := range ix.w.Instances {
			in := &ix.w.Instances[i]
			if in.Cluster == cl.ID {
				out = append(out, host{id: in.ID, subnet: ix.subnets[in.Subnet], sgs: in.SecurityGroups,
					publicIP: ix.instancePublicIP(in), role: in.IAMRole, agentVersion: in.AgentVersion})
			}
		}
	}
	for _, g := range groups {
		for _, sid := range g.Subnets {
			s := ix.subnets[sid]
			if s == nil {
				continue
			}
			out = append(out, host{id: g.ID, subnet: s, sgs: g.SecurityGroups,
				publicIP: g.AssociatePublicIP.Or(s.MapPublicIPOnLaunch), role: g.IAMRole, agentVersion: g.AgentVersion})
		}
	}
	return out
}

// placements returns the subnets a workload's tasks are placed in (docs/architecture.md
// "Placements", aws-rules 9.4). The slice is valid until the next call.
func (ix *index) placements(wl *workload) []placement {
	svc := wl.svc
	eph := ephemeralLinux
	if wl.windows {
		eph = ephemeralWindows
	}
	taskOrigin := func(s *model.Subnet, publicIP bool) originIface {
		sgs := svc.SecurityGroups
		switch {
		case len(sgs) == 0 && len(wl.gaps.taskENI) > 0:
			sgs = []string{} // groups the input does not determine, not the default group
		case len(sgs) == 0:
			sgs = []string{ix.defaultSG[s.VPC]} // awsvpcConfiguration default (5.1.5)
		}
		label := "task ENI in " + s.ID
		o := originIface{component: label, kind: HopTaskENI, subnet: s, sgs: sgs, publicIP: publicIP, ephemeral: eph, unknowns: wl.gaps.taskENI,
			addr: endpointAddr{prefix: s.Prefix(), vpc: s.VPC, subnet: s.ID, az: s.AZ, sgs: sgs, v6: s.IPv6Only(), label: label + " (" + s.Prefix().String() + ")"}}
		o.traceID = originTraceID(o)
		return o
	}
	hostOrigin := func(h host) originIface {
		label := "container instance " + h.id
		o := originIface{component: label, kind: HopContainerInstance, subnet: h.subnet, sgs: h.sgs, publicIP: h.publicIP, ephemeral: ephemeralLinux, host: h.id,
			addr: endpointAddr{prefix: h.subnet.Prefix(), v6: h.subnet.IPv6Only(), vpc: h.subnet.VPC, subnet: h.subnet.ID, az: h.subnet.AZ, sgs: h.sgs, label: label + " in " + h.subnet.ID}}
		o.traceID = originTraceID(o)
		return o
	}
	// The index's buffer: placements are large (two origins with their
	// addresses), and a workload's are read only while it is traced.
	out := ix.placeBuf[:0]
	switch {
	case wl.launchType == "FARGATE":
		for _, sid := range svc.Subnets {
			if s := ix.subnets[sid]; s != nil {
				out = append(out, placement{subnet: s, task: taskOrigin(s, svc.AssignPublicIP)})
			}
		}
	case wl.td.NetworkMode == "awsvpc":
		for _, sid := range svc.Subnets {
			s := ix.subnets[sid]
			if s == nil {
				continue
			}
			h, ok := hostInAZ(wl.hosts, s)
			if !ok {
				ix.diag(model.SeverityWarning, "no-capacity-in-az", svc.Source,
					"service %s places tasks in %s (%s), but its cluster has no container instances in that AZ; no task can run there", svc.ID, s.ID, s.AZ)
				continue
			}
			// Task ENIs of EC2 awsvpc tasks never get public IPs (2.6).
			out = append(out, placement{subnet: s, task: taskOrigin(s, false), host: hostOrigin(h), hasHost: true})
		}
	default:
		seen := map[string]bool{}
		for _, h := range wl.hosts {
			if seen[h.subnet.ID] {
				continue
			}
			seen[h.subnet.ID] = true
			o := hostOrigin(h)
			out = append(out, placement{subnet: h.subnet, task: o, host: o, hasHost: true})
		}
	}
	ix.placeBuf = out
	return out
}

// hostInAZ picks the capacity for a task subnet: the same subnet if
// possible, else the first host in its AZ.
func hostInAZ(hosts []host, s *model.Subnet) (host, bool) {
	var found *host
	for i := range hosts {
		h := &hosts[i]
		if h.subnet.ID == s.ID {
			return *h, true
		}
		if h.subnet.AZ == s.AZ && found == nil {
			found = h
		}
	}
	if found == nil {
		return host{}, false
	}
	return *found, true
}

// traceCall traces a call from every placement and combines the results:
// the worst verdict wins, and reason and via come from the first placement
// with it (architecture.md "The trace model"). It returns what a stop
// reason reads of the worst placement too, and true, when the call is not
// reachable; false when it is, or when nothing was traced.
func (ix *index) traceCall(wl *workload, c *plannedCall, places []placement) (CallResult, failedAt, bool) {
	switch {
	case c.blind:
		return untraced(c, places, wl.td.ID, c.missing, c.note), failedAt{}, false
	case len(wl.gaps.unplaced) > 0 && c.Origin == OriginFargatePlatform:
		return CallResult{Call: c.Call, Verdict: Reachable, Via: ViaFargatePlatform, Blockers: []Reason{}, Missing: c.missing,
			Placements: []PlacementResult{}, Explanation: fargatePlatformExplanation(wl)}, failedAt{}, false
	case len(wl.gaps.unplaced) > 0:
		return untraced(c, nil, wl.svc.ID, slices.Concat(c.missing, wl.gaps.unplaced),
			"The model cannot trace the call from anywhere: "+describe(wl.gaps.unplaced)+"."), failedAt{}, false
	}
	cr := CallResult{Call: c.Call, Verdict: Reachable, Blockers: []Reason{}, Missing: c.missing}
	if c.Origin == OriginTaskENI {
		for _, u := range wl.gaps.taskENI {
			cr.Missing = append(cr.Missing, missingOf(u))
		}
	}
	if len(places) == 0 {
		cr.Verdict, cr.Reason, cr.Blockers = Unknown, Unmodeled, []Reason{Unmodeled}
		cr.Explanation = "The input places no task anywhere (no subnets, or no container instances in the service's AZs), so the call cannot be traced."
		return cr, failedAt{}, false
	}
	// The placements' results are kept in cr.Placements, with the
	// settings that leave the unknown ones open in open; of the whole
	// traced only the worst's, which the caller reads.
	cr.Placements = make([]PlacementResult, 0, len(places))
	var open []Missing
	worst := -1
	var w traced
	for i, p := range places {
		t := ix.tracePlacement(wl, c, p)
		cr.Placements = append(cr.Placements, t.PlacementResult)
		if t.Verdict == Unknown {
			open = append(open, t.missing...)
		}
		if worst < 0 || t.Verdict.worse(w.Verdict) {
			worst, w = i, t
		}
	}
	cr.Verdict, cr.Via, cr.Reason, cr.Blockers = w.Verdict, w.Via, w.Reason, w.Blockers
	cr.Explanation = callExplanation(cr.Placements, worst)
	if cr.Verdict != Reachable && c.consequence != "" && w.Reason != UnsupportedByPlatform {
		cr.Explanation += " " + c.consequence
	}
	if cr.Verdict == Unknown {
		// The settings that leave the call open, from every placement
		// that cannot be decided.
		for _, m := range open {
			if !slices.Contains(cr.Missing, m) {
				cr.Missing = append(cr.Missing, m)
			}
		}
	}
	if len(wl.gaps.partial) > 0 && c.Origin != OriginFargatePlatform {
		// The subnets the input does not describe are placements too.
		cr.Missing = append(cr.Missing, wl.gaps.partial...)
		cr.Explanation += " The service's other subnets cannot be traced: " + describe(wl.gaps.partial) + "."
		if cr.Verdict == Reachable {
			cr.Verdict, cr.Via, cr.Reason, cr.Blockers = Unknown, "", Unmodeled, []Reason{Unmodeled}
			return cr, failedAt{}, false
		}
	}
	if w.Verdict == Reachable {
		return cr, failedAt{}, false // the caller reads the worst placement of a failing call only
	}
	return cr, failedAt{verdict: w.Verdict, reason: w.Reason, subnet: w.Subnet, dest: w.dest}, true
}

func callExplanation(results []PlacementResult, worst int) string {
	w := results[worst]
	if !slices.ContainsFunc(results, func(r PlacementResult) bool { return r.Verdict != w.Verdict }) {
		return w.Explanation // nothing to add: no copy
	}
	var b strings.Builder
	b.Grow(len(w.Explanation) + 64*(len(results)-1))
	b.WriteString(w.Explanation) // it names its subnet
	for i, r := range results {
		if i == worst || r.Verdict == w.Verdict {
			continue
		}
		if r.Verdict == Reachable {
			fmt.Fprintf(&b, " From %s (%s) the call is reachable via %s.", r.Subnet, r.AZ, r.Via)
		} else {
			fmt.Fprintf(&b, " From %s (%s) it is %s (%s).", r.Subnet, r.AZ, r.Verdict, r.Reason)
		}
	}
	return b.String()
}

// tracePlacement traces a call from one placement.
func (ix *index) tracePlacement(wl *workload, c *plannedCall, p placement) traced {
	res := traced{PlacementResult: PlacementResult{Subnet: p.subnet.ID, AZ: p.subnet.AZ, Blockers: []Reason{}, BlockedBy: []Blocker{}, Warnings: []string{}}}
	o := p.task
	if c.Origin == OriginInstance {
		o = p.host
		if o.subnet != nil && o.subnet.ID != p.subnet.ID {
			res.HostSubnet = o.subnet.ID
		}
	}
	switch {
	case c.invalidImage != "":
		res.Verdict, res.Reason, res.Blockers, res.Decisive = Unreachable, InvalidImageReference, []Reason{InvalidImageReference}, &StepRef{}
		res.Hops = []Hop{{Component: wl.svc.ID, Kind: HopPlatform, Steps: []Step{{Type: StepPlatform, Action: ActionDenied, Reason: InvalidImageReference,
			Source: c.imageSource, Detail: fmt.Sprintf("the container runtime cannot parse the image reference %q: %s", c.Image, c.invalidImage)}}}}
		res.Explanation = fmt.Sprintf("The image %q of container %s is not a valid image reference (%s): the container runtime refuses it before any request, so the task stops. ECS registered the task definition, which it checks only for the characters it allows. Write the image as REGISTRY/REPOSITORY:TAG, the repository in lower case.",
			c.Image, c.Container, c.invalidImage)
		res.BlockedBy = res.soleBlocker()
		return res
	case c.unsupported != "":
		res.Verdict, res.Reason, res.Blockers, res.Decisive = Unreachable, UnsupportedByPlatform, []Reason{UnsupportedByPlatform}, &StepRef{}
		res.Hops = []Hop{{Component: wl.svc.ID, Kind: HopPlatform, Steps: []Step{{Type: StepPlatform, Action: ActionDenied, Reason: UnsupportedByPlatform,
			Source: wl.svc.Source, Detail: c.unsupported + " (aws-rules " + c.unsupportedRules() + ")"}}}}
		res.Explanation = upper(c.unsupported) + ". ECS refuses to create the service or task, so nothing is sent; change the platform version (platform_version) or drop the feature."
		if c.refusalAdvice != "" {
			res.Explanation = upper(c.unsupported) + " (aws-rules " + c.refusalRules + "). ECS refuses the task, so nothing is sent; " + c.refusalAdvice
		}
		res.BlockedBy = res.soleBlocker()
		return res
	case c.Origin == OriginFargatePlatform:
		res.Verdict, res.Via = Reachable, ViaFargatePlatform
		res.Hops = []Hop{{Component: "Fargate platform interface", Kind: HopFargatePlatformENI, Steps: []Step{{Type: StepPlatform, Action: ActionAllowed, Source: wl.svc.Source,
			Detail: fmt.Sprintf("on Fargate platform version %s the platform fetches this through its own interface outside the VPC; no route, security group or endpoint of the VPC applies (aws-rules 2.1.1)", wl.platform)}}}}
		res.Explanation = fargatePlatformExplanation(wl) + fmt.Sprintf(" On 1.4.0 and later it leaves from the task ENI and needs a path from %s.", p.subnet.ID)
		return res
	}
	if o.subnet.IPv6Only() || p.subnet.IPv6Only() && isExecKind(c.Kind) {
		return ix.tracePlacement6(wl, c, p, o, res) // aws-rules 4.9.4
	}
	key := traceKey{call: c.traceID, origin: o.traceID}
	hit, ok := ix.traces[key]
	if !ok {
		hit, ok = inheritMemo(ix, tracesOf, key)
	}
	if ok {
		// What the trace read and reported belongs to this workload too.
		ix.replay(hit.recorded)
		t := *hit
		t.Subnet, t.AZ, t.HostSubnet = res.Subnet, res.AZ, res.HostSubnet
		return cacheUndetermined(c, ix.policyUndetermined(c, t))
	}
	out := new(traced)
	deps, diags := ix.recording(func() { *out = ix.traceNetwork(c, o, res) })
	out.deps, out.diags = deps, diags
	ix.traces[key] = out
	return cacheUndetermined(c, ix.policyUndetermined(c, *out))
}

// cacheUndetermined makes a placement of a call that is not reachable
// unknown when whether the call is made at all is not known
// (plannedCall.onlyIf): a warm pull through cache serves the image without
// a ptc-upstream call (aws-rules 1.2.13, 1.2.14). The path keeps its
// blockers, which decide the call if it is made.
func cacheUndetermined(c *plannedCall, t traced) traced {
	if c.onlyIf == nil || t.Verdict != Unreachable {
		return t
	}
	t.Verdict = Unknown
	t.missing = append(slices.Clone(t.missing), *c.onlyIf)
	t.Explanation = c.ifLead + " " + t.Explanation + " " + c.ifTail
	return t
}

// unsupportedRules are the rules behind the call's UNSUPPORTED_BY_PLATFORM
// refusal.
func (c *plannedCall) unsupportedRules() string {
	return cmp.Or(c.refusalRules, "1.4.5, 1.5.1, 1.6.2, 1.7.1")
}

func fargatePlatformExplanation(wl *workload) string {
	return fmt.Sprintf("Reachable via the Fargate platform: on platform version %s Fargate makes this call from its own interface outside your VPC (aws-rules 2.1.1).", wl.platform)
}

// traceKey identifies a network trace: two services whose tasks make the
// same call from the same interface settings get the same trace, so it is
// computed once. Its parts are the call's and the interface's traceIDs,
// made once per call list and per placement: a short key, hashed fast.
type traceKey struct{ call, origin string }

// callTraceID returns what of c a network trace reads, as one string.
func callTraceID(c *plannedCall) string {
	return strings.Join([]string{string(c.Kind), c.Host, c.Service, c.Principal, c.PolicyResource,
		strings.Join(c.Actions, ","), strconv.Itoa(c.Port)}, "\x00")
}

// originTraceID returns what of o a network trace reads, as one string:
// its subnet, groups, name, public IP, ephemeral ports and undetermined
// settings, each ended by a NUL. It is written in one buffer: a workload's
// placements make one each.
func originTraceID(o originIface) string {
	var b strings.Builder
	b.Grow(len(o.subnet.ID) + len(o.component) + 24 + 32*(len(o.sgs)+len(o.unknowns)))
	var num [20]byte
	b.WriteString(o.subnet.ID)
	b.WriteByte(0)
	for _, g := range o.sgs {
		b.WriteString(g)
		b.WriteByte(',')
	}
	b.WriteByte(0)
	b.WriteString(o.component)
	b.WriteByte(0)
	b.Write(strconv.AppendBool(num[:0], o.publicIP))
	b.WriteByte(0)
	b.Write(strconv.AppendInt(num[:0], int64(o.ephemeral.from), 10))
	b.WriteByte('-')
	b.Write(strconv.AppendInt(num[:0], int64(o.ephemeral.to), 10))
	for _, u := range o.unknowns {
		b.WriteByte(0)
		b.WriteString(u.ID)
		b.WriteByte('|')
		b.WriteString(u.Field)
	}
	return b.String()
}

// traceNetwork resolves the call's host and traces it to every address
// DNS returns; the first reachable address decides (aws-rules 3.6.2).
func (ix *index) traceNetwork(c *plannedCall, o originIface, res traced) traced {
	vpc := ix.vpcs[o.subnet.VPC]
	return ix.traceResolved(c, o, res, ix.resolveOnce(vpc, o.subnet.AZ, c.Host))
}

// traceResolved traces the call to every address of a DNS answer.
func (ix *index) traceResolved(c *plannedCall, o originIface, res traced, dns dnsResult) traced {
	vpc := ix.vpcs[o.subnet.VPC]
	// The answer's steps are shared by every path that asks it, capped
	// so that no step can be appended to them.
	resolver := Hop{Component: ix.resolverName(vpc), Kind: HopDNSResolver, Steps: slices.Clip(dns.steps)}
	if dns.reason != "" {
		res.Verdict, res.Reason, res.Blockers = dns.verdict, dns.reason, []Reason{dns.reason}
		res.Hops = []Hop{resolver}
		// The failed lookup is the last step: a CNAME or alias chain
		// before it resolved.
		res.Fix, res.Decisive = dns.fix, &StepRef{Hop: 0, Step: len(resolver.Steps) - 1}
		res.BlockedBy = res.soleBlocker()
		res.Explanation = explainBlocked(c, o, dns.verdict, res.Hops, res.BlockedBy[0])
		if dns.verdict == Unknown && len(dns.missing) > 0 {
			res.missing = dns.missing
			res.Explanation += dependsOn(dns.missing)
		}
		return res
	}
	if len(dns.addrs) == 0 {
		// An answer with no address (an interface endpoint with private
		// DNS and no subnets): nothing to trace, and never a panic.
		res.Verdict, res.Reason, res.Blockers = Unknown, Unmodeled, []Reason{Unmodeled}
		res.BlockedBy = res.soleBlocker()
		res.Hops = []Hop{resolver}
		res.Explanation = fmt.Sprintf("%s resolves to no address the input describes (an interface endpoint with private DNS and no subnets?), so the model cannot trace the call.", c.Host)
		return res
	}
	addrs := dns.orderFor(o.subnet.AZ) // shared: read only
	var buf [4]*tracer
	tracers := buf[:0]
	// failsAfter warns of the addresses after the chosen one that would
	// fail: of those only the verdict and the blockers are needed, so
	// they are traced in one reused scratch tracer (scratchTracer).
	var failsAfter []string
	chosen := -1
	for _, a := range addrs {
		if chosen >= 0 {
			t := ix.scratchTracer(c, resolver)
			t.traceAddress(o, a)
			t.settle()
			if t.verdict != Reachable {
				failsAfter = append(failsAfter, fmt.Sprintf("%s also answers for %s but would fail from %s: %s (aws-rules 3.6.2)",
					a, c.Host, o.subnet.ID, joinReasons(t.blockers)))
			}
			continue
		}
		t := ix.newTracer(c, resolver)
		t.traceAddress(o, a)
		t.closeHop()
		ix.hintFor(c.Kind).fit(t)
		t.settle()
		tracers = append(tracers, t)
		if t.verdict == Reachable {
			chosen = len(tracers) - 1
		}
	}
	if chosen < 0 {
		// No address is reachable: one that cannot be decided may yet
		// be, so the call is unknown rather than unreachable (3.6.2).
		chosen = max(0, slices.IndexFunc(tracers, func(t *tracer) bool { return t.verdict == Unknown }))
	}
	t := tracers[chosen]
	res.dest = destOf(addrs[chosen])
	res.Verdict, res.Hops, res.Blockers = t.verdict, t.hops, append([]Reason{}, t.blockers...)
	res.BlockedBy = t.blockedBy()
	res.Warnings = append(res.Warnings, t.warnings...)
	// The explanation's sentences are joined once: they are long.
	if t.verdict == Reachable {
		res.Via = t.via
		res.Explanation = explainReachable(c, o, t) + t.explainSettings()
	} else {
		res.Reason = t.blockers[0]
		res.Fix, res.Decisive = t.fixes[0], &t.decisive[0]
		first, or := explainBlocked(c, o, t.verdict, t.hops, res.BlockedBy[0]), ""
		if dns.hint != "" && (!strings.Contains(first, c.Service) || strings.Contains(dns.hint, "aliases")) {
			or = " Or " + dns.hint + "."
		}
		res.Explanation = first + or + alsoBlocking(t.hops, res.BlockedBy[1:]) + t.explainSettings()
	}
	if t.verdict == Unknown {
		for _, n := range t.settings {
			if n.matters && !slices.Contains(res.missing, n.m) {
				res.missing = append(res.missing, n.m)
			}
		}
	}
	for i, other := range tracers {
		if i != chosen && other.verdict != Reachable && t.verdict == Reachable {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s also answers for %s but would fail from %s: %s (aws-rules 3.6.2)",
				addrs[i], c.Host, o.subnet.ID, joinReasons(other.blockers)))
		}
	}
	res.Warnings = append(res.Warnings, failsAfter...)
	if a := addrs[chosen]; a.endpoint != nil && a.az != o.subnet.AZ && t.verdict == Reachable {
		res.Warnings = append(res.Warnings, fmt.Sprintf("endpoint %s has no ENI in %s; the call crosses to %s and depends on that AZ (aws-rules 9.3, 8.2)", a.endpoint.ID, o.subnet.AZ, a.az))
	}
	if c.Kind == CallECRLayers && res.Via == ViaInterfaceEndpoint {
		res.Warnings = append(res.Warnings, "ECR layers go through an S3 interface endpoint here; AWS documents only the S3 gateway endpoint for ECR (aws-rules 10.5)")
	}
	ix.spare = append(ix.spare, tracers...) // res keeps no tracer, only slices they made
	return res
}

// newTracer returns a tracer for a path that starts at the resolver hop,
// with room for as many hops and steps as the last path of the call's
// kind (pathHint). The
// struct is one that an earlier traceResolved is done with, if any: a
// result keeps the hops, steps and decisive steps a tracer made, never
// the tracer, and the fields are all set anew here.
func (ix *index) newTracer(c *plannedCall, resolver Hop) *tracer {
	var t *tracer
	if n := len(ix.spare); n > 0 {
		t, ix.spare = ix.spare[n-1], ix.spare[:n-1]
	} else {
		t = new(tracer)
	}
	h := ix.hintFor(c.Kind)
	t.reset(ix, c, make([]Hop, 1, h.hops), make([]Step, 0, h.steps))
	t.hops[0] = resolver // traceAddress starts a hop of its own first: none of its steps is added here
	return t
}

// reset makes t a tracer of call c, with hops and arena for the path's
// hops and steps. The lists that a result copies rather than shares
// (blockers, fixes, warnings, the undetermined settings met) keep their
// memory from the path t traced before; the decisive steps, which results
// point into, are made anew.
func (t *tracer) reset(ix *index, c *plannedCall, hops []Hop, arena []Step) {
	*t = tracer{ix: ix, call: c, verdict: Reachable, hops: hops, arena: arena,
		blockers: t.blockers[:0], fixes: t.fixes[:0], blocks: t.blocks[:0], warnings: t.warnings[:0],
		pathOpen: t.pathOpen[:0], settings: t.settings[:0]}
}

// scratchTracer returns the index's scratch tracer, emptied, for a path
// of which only the verdict and the blockers are read, right after it is
// traced: its hops and steps reuse the memory of the path before. The
// resolver's hop is shared, not copied: a path starts with a hop of its
// own (traceAddress), so no step is added to it.
func (ix *index) scratchTracer(c *plannedCall, resolver Hop) *tracer {
	t := ix.scratch
	if t == nil {
		t = &tracer{}
		ix.scratch = t
	}
	hops, arena := t.hops[:0], t.arena[:0]
	clear(t.hops[:cap(t.hops)]) // no stale steps kept alive
	t.reset(ix, c, append(hops, resolver), arena)
	return t
}

// resolverName returns the name of the resolver hop of vpc, once per
// index: every path from the VPC starts with it.
func (ix *index) resolverName(vpc *model.VPC) string {
	if name, ok := ix.resolverNames[vpc.ID]; ok {
		return name
	}
	name := "AmazonProvidedDNS of " + vpc.ID + " (" + amazonResolverAddr(vpc) + ")"
	if opts := ix.dhcp[vpc.DHCPOptions]; opts != nil {
		if _, ok := ix.customResolver(vpc); !ok {
			name = "DHCP options " + opts.ID + " name servers"
		}
	}
	ix.resolverNames[vpc.ID] = name
	return name
}

func joinReasons(rs []Reason) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, ", ")
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// explainReachable summarizes a reachable path.
func explainReachable(c *plannedCall, o originIface, t *tracer) string {
	var b strings.Builder
	lead := [...]string{"Reachable from ", o.subnet.ID, " via ", string(t.via), ": ", o.component, " -> "}
	size := len(c.Host) + len(" -> .")
	for _, s := range lead {
		size += len(s)
	}
	pathComponents(t.hops[1:], func(s string) { size += len(s) })
	b.Grow(size) // one allocation, of the sentence's size
	for _, s := range lead {
		b.WriteString(s)
	}
	pathComponents(t.hops[1:], func(s string) { b.WriteString(s) })
	b.WriteString(" -> ")
	b.WriteString(c.Host)
	b.WriteString(".")
	return b.String()
}

// pathComponents writes, with write, the components of hops that a
// reachable path's explanation names, each once in a row, joined by
// " -> ".
func pathComponents(hops []Hop, write func(string)) {
	n, last := 0, "" // components written, the last of them
	for _, h := range hops {
		switch h.Kind {
		case HopRouteTable, HopNATGateway, HopNATInstance, HopInternetGateway, HopGatewayEndpoint, HopInterfaceEndpoint,
			HopTransitGateway, HopPeering, HopMountTarget, HopNetworkFirewall, HopEgressOnlyGateway:
			if n == 0 || last != h.Component {
				if n > 0 {
					write(" -> ")
				}
				write(h.Component)
				n, last = n+1, h.Component
			}
		}
	}
}

// explainBlocked names what blocked the call first (the decisive step's
// detail) and the setting to change; alsoBlocking adds the other blockers.
func explainBlocked(c *plannedCall, o originIface, verdict Verdict, hops []Hop, first Blocker) string {
	detail := string(first.Reason)
	if d := first.Decisive; d != nil {
		detail = hops[d.Hop].Steps[d.Step].Detail
	}
	state := "is blocked"
	if verdict == Unknown {
		state = "cannot be decided"
	}
	var b strings.Builder
	detail = strings.TrimSuffix(detail, ".")
	advice := strings.TrimSuffix(first.Fix.Advice, ".")
	b.Grow(len(c.Host) + len(o.subnet.ID) + len(detail) + len(advice) + 64)
	for _, s := range []string{c.Host, " from ", o.subnet.ID, " ", state, " (", string(first.Reason), "): ", detail, "."} {
		b.WriteString(s)
	}
	if first.Fix.Advice != "" {
		b.WriteString(" Fix: " + advice + ".")
	}
	return b.String()
}

// alsoBlocking is one sentence for each blocker after the first, so that
// fixing the first one is not taken for enough: its code, where and why it
// blocks (its decisive step), and its own fix.
func alsoBlocking(hops []Hop, rest []Blocker) string {
	var b strings.Builder
	for _, bl := range rest {
		fmt.Fprintf(&b, " Also blocking: %s", bl.Reason)
		if d := bl.Decisive; d != nil {
			h := hops[d.Hop]
			fmt.Fprintf(&b, " at %s", blockingComponent(h))
			if detail := strings.TrimSuffix(h.Steps[d.Step].Detail, "."); detail != "" {
				fmt.Fprintf(&b, ": %s", detail)
			}
		}
		if bl.Fix.Advice != "" {
			fmt.Fprintf(&b, "; fix: %s", strings.TrimSuffix(bl.Fix.Advice, "."))
		}
		b.WriteString(".")
	}
	return b.String()
}

// soleBlocker is BlockedBy of a placement whose only blocker is Reason.
func (p *PlacementResult) soleBlocker() []Blocker {
	return []Blocker{{Reason: p.Reason, Decisive: p.Decisive, Fix: p.Fix}}
}

// explainSettings says what the undetermined settings the path met do to
// the verdict, naming each with its position: which ones leave an unknown
// call open, or, for a decided call, that none of them can change it and
// why.
func (t *tracer) explainSettings() string {
	if t.verdict == Unknown {
		var ms []Missing
		for _, n := range t.settings {
			if n.matters {
				ms = append(ms, n.m)
			}
		}
		if len(ms) == 0 {
			return ""
		}
		return dependsOn(ms)
	}
	var whats []string
	reasons := map[string][]string{}
	for _, n := range t.settings {
		what := missingAt(n.m)
		if _, ok := reasons[what]; !ok {
			whats = append(whats, what)
			reasons[what] = nil
		}
		why, ok := strings.CutPrefix(n.effect, "it cannot change this check: ")
		if !ok {
			why, ok = strings.CutPrefix(n.effect, "it cannot change this: ")
		}
		if ok && !slices.Contains(reasons[what], why) {
			reasons[what] = append(reasons[what], why)
		}
	}
	if len(whats) == 0 {
		return ""
	}
	if t.verdict == Reachable {
		parts := make([]string, len(whats))
		for i, w := range whats {
			parts[i] = " The input does not determine " + w + ", but it cannot change the answer"
			if len(reasons[w]) > 0 {
				parts[i] += ": " + strings.Join(reasons[w], "; ")
			}
			parts[i] += "."
		}
		return strings.Join(parts, "")
	}
	it, its := "it does", "its value"
	if len(whats) > 1 {
		it, its = "they do", "their values"
	}
	return fmt.Sprintf(" The input does not determine %s, but %s not change the answer: %s blocks the call (%s) whatever %s.",
		strings.Join(whats, ", "), it, blockingComponent(t.hops[t.decisive[0].Hop]), t.blockers[0], its)
}

// missingAt names a missing setting with its position.
func missingAt(m Missing) string {
	if at := m.Source.String(); at != "" {
		return m.What + " (" + at + ")"
	}
	return m.What
}

// dependsOn is the sentence that names the settings an unknown answer
// depends on.
func dependsOn(ms []Missing) string {
	whats := make([]string, 0, len(ms))
	for _, m := range ms {
		if w := missingAt(m); !slices.Contains(whats, w) {
			whats = append(whats, w)
		}
	}
	return " The answer depends on what the input does not determine: " + strings.Join(whats, ", ") + "."
}

// blockingComponent names the hop whose step blocked the call.
func blockingComponent(h Hop) string {
	switch {
	case h.Kind == HopNetworkACL:
		return "network ACL " + h.Component + " of " + h.Subnet
	case h.Subnet != "" || strings.Contains(h.Component, string(h.Kind)):
		return h.Component // an interface, which its component describes
	}
	return string(h.Kind) + " " + h.Component
}
