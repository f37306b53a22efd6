package sim

import (
	"slices"

	"github.com/vpctrace/vpctrace/model"
)

// Incremental re-simulation. While a workload is traced, the index records
// what the result read: its service, the VPCs the calls resolved names in
// and passed through, the security groups whose rules were evaluated, the
// endpoints looked up by ID, the owners of concrete addresses, and the set
// of interface endpoints of an AWS service that explanations point at.
// Rerun maps each changed object to the keys it can affect and re-traces
// only the workloads that read one of them.

// depKind is what a dependency key names.
type depKind uint8

const (
	depService     depKind = iota // an ECS service: its own workload
	depVPC                        // the VPC-scoped objects of a VPC and its DNS view
	depSG                         // a security group's rules
	depEndpoint                   // an endpoint by ID, whether or not it exists
	depEndpointSet                // the interface endpoints of an AWS service name, in order
	depAddr                       // the owner of a concrete private address
)

// depKey is one thing a workload's result depends on.
type depKey struct {
	kind depKind
	id   string
}

// deps is a small set of keys in the order they were first read.
type deps []depKey

func (d *deps) add(k depKey) {
	if !slices.Contains(*d, k) {
		*d = append(*d, k)
	}
}

// touch records that the result being traced depends on (kind, id).
func (ix *index) touch(kind depKind, id string) {
	if ix.rec != nil && id != "" {
		ix.rec.add(depKey{kind, id})
	}
}

// touchAll records every key of d.
func (ix *index) touchAll(d deps) {
	if ix.rec != nil {
		for _, k := range d {
			ix.rec.add(k)
		}
	}
}

// recorded is what computing a memoized result read and reported.
type recorded struct {
	deps  deps
	diags model.Diagnostics
}

// memoized gives a memo's recorded part (see inheritMemo).
func (r *recorded) memoized() *recorded { return r }

// replay records a memoized result's reads and diagnostics again, as if
// the result were computed anew: what it read and reported belongs to the
// workload that reuses it too.
func (ix *index) replay(r recorded) {
	ix.touchAll(r.deps)
	ix.diags = append(ix.diags, r.diags...)
}

// recording runs f with a fresh recorder and returns what f read and the
// diagnostics it reported; the keys are also added to the enclosing
// recorder, if any. The recorder is a buffer of the index's (recBufs),
// and what it returns an exact copy: most results read a few keys, and
// memos keep them.
func (ix *index) recording(f func()) (deps, model.Diagnostics) {
	var rec *deps
	if n := len(ix.recBufs); n > 0 {
		rec, ix.recBufs = ix.recBufs[n-1], ix.recBufs[:n-1]
	} else {
		rec = &deps{}
	}
	outer := ix.rec
	start := len(ix.diags)
	ix.rec = rec
	f()
	ix.rec = outer
	ix.touchAll(*rec)
	out := slices.Clone(*rec)
	*rec = (*rec)[:0]
	ix.recBufs = append(ix.recBufs, rec)
	return out, slices.Clone(ix.diags[start:])
}

// workloadRecord is a traced workload with what its result depends on.
type workloadRecord struct {
	result WorkloadResult
	deps   deps
	diags  model.Diagnostics
}

func (r *workloadRecord) dependsOn(dirty map[depKey]bool) bool { return r.deps.dependsOn(dirty) }

// Rerun traces the workloads of s's world like Run, and returns the same
// report, but reuses prev's results for the workloads that no change can
// affect. prev must be a Simulator that has run (Run or Rerun) on a world
// that differs from s's only in the objects changed names: added, removed
// or modified. A change to an object of a kind Rerun does not follow
// precisely (anything but a service, VPC endpoint, hosted zone, route
// table, security group, subnet, network ACL, NAT gateway or internet
// gateway) re-traces everything.
func (s *Simulator) Rerun(prev *Simulator, changed []model.Ref) Report {
	dirty, all := dirtyKeys(prev.ix, s.ix, changed)
	if all {
		return s.Run()
	}
	s.ix.inherit(prev.ix, dirty)
	defer s.ix.inherit(nil, nil) // keeps no chain of worlds alive
	return s.rerun(func(svc *model.Service) *workloadRecord {
		if rec, ok := prev.records[s.ix.recordKey(svc)]; ok && !rec.dependsOn(dirty) {
			return rec
		}
		return nil
	})
}

// inherit lets ix take the network traces and DNS answers of prev that
// no change can affect: those that read none of the dirty keys (see
// inherited). A workload that must be traced again then traces again
// only the paths that pass something changed (a spoke's path through a
// changed hub VPC), and takes the others (its S3 path through its own
// gateway endpoint) from prev. It rests on what Rerun rests on: a result
// that read none of the changed objects is the same in both worlds. The
// results are shared, read-only, as within one index.
func (ix *index) inherit(prev *index, dirty map[depKey]bool) {
	ix.prev, ix.dirty = prev, dirty
}

// inheritMemo returns prev's memo of key, among the memos that memosOf
// picks from an index, when it read no dirty key; it is looked up when ix
// has none, and kept in ix.
func inheritMemo[K comparable, M interface{ memoized() *recorded }](ix *index, memosOf func(*index) map[K]M, key K) (M, bool) {
	var none M
	if ix.prev == nil {
		return none, false
	}
	m, ok := memosOf(ix.prev)[key]
	if !ok || m.memoized().deps.dependsOn(ix.dirty) {
		return none, false
	}
	memosOf(ix)[key] = m
	return m, true
}

// The memos an index inherits (inheritMemo).
func tracesOf(ix *index) map[traceKey]*traced   { return ix.traces }
func answersOf(ix *index) map[dnsKey]*dnsMemo   { return ix.dnsAnswers }
func sgStepsOf(ix *index) map[sgStepKey]*sgStep { return ix.sgSteps }

// dependsOn reports whether d holds one of the dirty keys. A change marks
// a few keys, and a result reads a few dozen: comparing each dirty key
// with d's is faster than hashing each of d's, unless there are many.
func (d deps) dependsOn(dirty map[depKey]bool) bool {
	if len(dirty) > 8 {
		return slices.ContainsFunc(d, func(k depKey) bool { return dirty[k] })
	}
	for k := range dirty {
		if slices.Contains(d, k) {
			return true
		}
	}
	return false
}

// setMember reports whether ep is in index.endpointsByService.
func setMember(ep *model.Endpoint) bool { return ep != nil && ep.Type == model.EndpointInterface }

// dirtyKeys returns the keys that changes to the changed objects between
// the worlds of before and after can affect; all is set when a change is
// of a kind whose effects are not followed.
func dirtyKeys(before, after *index, changed []model.Ref) (dirty map[depKey]bool, all bool) {
	dirty = map[depKey]bool{}
	mark := func(kind depKind, id string) { dirty[depKey{kind, id}] = true }
	subnetVPC := func(ix *index, id string) {
		if s := ix.subnets[id]; s != nil {
			mark(depVPC, s.VPC)
		}
	}
	for _, ref := range changed {
		for _, ix := range []*index{before, after} {
			switch ref.Kind {
			case model.KindService:
				mark(depService, ref.ID)
			case model.KindSecurityGroup:
				mark(depSG, ref.ID)
				if g := ix.sgs[ref.ID]; g != nil {
					mark(depVPC, g.VPC)
				}
			case model.KindRouteTable:
				if rt := ix.routeTables[ref.ID]; rt != nil {
					mark(depVPC, rt.vpc)
				}
			case model.KindSubnet:
				subnetVPC(ix, ref.ID)
			case model.KindNetworkACL:
				if a := ix.nacls[ref.ID]; a != nil {
					mark(depVPC, a.VPC)
				}
			case model.KindNATGateway:
				if n := ix.nats[ref.ID]; n != nil {
					subnetVPC(ix, n.Subnet)
				}
			case model.KindInternetGateway:
				if g := ix.igws[ref.ID]; g != nil {
					mark(depVPC, g.VPC)
				}
			case model.KindHostedZone:
				for i := range ix.w.HostedZones {
					if z := &ix.w.HostedZones[i]; z.ID == ref.ID {
						for _, v := range z.VPCs {
							mark(depVPC, v)
						}
					}
				}
			case model.KindEndpoint:
				mark(depEndpoint, ref.ID)
				ep := ix.endpoints[ref.ID]
				if ep == nil {
					continue
				}
				mark(depVPC, ep.VPC)
				for _, id := range ep.Subnets {
					subnetVPC(ix, id)
				}
				for _, id := range ep.RouteTables {
					if rt := ix.routeTables[id]; rt != nil {
						mark(depVPC, rt.vpc)
					}
				}
				for _, ip := range ep.IPs {
					mark(depAddr, ip.String())
				}
			default:
				return nil, true
			}
		}
		if ref.Kind == model.KindEndpoint {
			// Explanations point at the first interface endpoint of the
			// service in another VPC: a change in that set changes them.
			a, b := before.endpoints[ref.ID], after.endpoints[ref.ID]
			switch {
			case !setMember(a) && !setMember(b):
				continue // in neither world's set
			case setMember(a) && setMember(b) && a.VPC == b.VPC && a.ServiceName == b.ServiceName:
				continue // the same member in the same place
			}
			for _, ep := range []*model.Endpoint{a, b} {
				if setMember(ep) {
					mark(depEndpointSet, ep.ServiceName)
				}
			}
		}
	}
	return dirty, false
}
