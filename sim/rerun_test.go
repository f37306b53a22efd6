package sim_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// mutation is one change to a copy of a world, with the objects it touches.
type mutation struct {
	name   string
	refs   []model.Ref
	mutate func(w *model.World)
}

// index returns a pointer to the element of s with the given ID.
func elem[T any](s []T, id string, idOf func(*T) string) *T {
	for i := range s {
		if idOf(&s[i]) == id {
			return &s[i]
		}
	}
	return nil
}

// mutations lists changes of every kind Rerun follows, for every object of
// those kinds in w: the what-ifs of the TUI and more.
func mutations(w *model.World) []mutation {
	var ms []mutation
	add := func(kind model.Kind, id, what string, f func(w *model.World)) {
		ms = append(ms, mutation{name: fmt.Sprintf("%s %s: %s", kind, id, what), refs: []model.Ref{{Kind: kind, ID: id}}, mutate: f})
	}
	s3 := "com.amazonaws." + w.Region + ".s3"
	for _, s := range w.Services {
		id := s.ID
		svc := func(w *model.World) *model.Service {
			return elem(w.Services, id, func(s *model.Service) string { return s.ID })
		}
		add(model.KindService, id, "flip assignPublicIp", func(w *model.World) { svc(w).AssignPublicIP = !svc(w).AssignPublicIP })
		add(model.KindService, id, "platform 1.3.0", func(w *model.World) { svc(w).PlatformVersion = "1.3.0" })
		add(model.KindService, id, "one subnet", func(w *model.World) { svc(w).Subnets = svc(w).Subnets[:min(1, len(svc(w).Subnets))] })
		add(model.KindService, id, "no groups", func(w *model.World) { svc(w).SecurityGroups = nil })
	}
	for _, e := range w.Endpoints {
		id := e.ID
		ep := func(w *model.World) *model.Endpoint {
			if e := elem(w.Endpoints, id, func(e *model.Endpoint) string { return e.ID }); e != nil {
				return e
			}
			return &model.Endpoint{} // deleted earlier in a chain: the change touches nothing
		}
		add(model.KindEndpoint, id, "delete", func(w *model.World) {
			w.Endpoints = slices.DeleteFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == id })
			for z := range w.HostedZones {
				for r := range w.HostedZones[z].Records {
					if rec := &w.HostedZones[z].Records[r]; rec.AliasEndpoint == id {
						rec.AliasEndpoint = ""
					}
				}
			}
		})
		if len(w.HostedZones) > 0 {
			// The delete above also changes the zones that alias it.
			last := &ms[len(ms)-1]
			for _, z := range w.HostedZones {
				last.refs = append(last.refs, model.Ref{Kind: model.KindHostedZone, ID: z.ID})
			}
		}
		add(model.KindEndpoint, id, "toggle private DNS", func(w *model.World) { ep(w).PrivateDNS = !ep(w).PrivateDNS })
		add(model.KindEndpoint, id, "deny-all policy", func(w *model.World) {
			ep(w).Policy = `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`
		})
		add(model.KindEndpoint, id, "invalid policy", func(w *model.World) { ep(w).Policy = `{"Statement":` })
		add(model.KindEndpoint, id, "no groups", func(w *model.World) { ep(w).SecurityGroups = nil })
		add(model.KindEndpoint, id, "first subnet only", func(w *model.World) { ep(w).Subnets = ep(w).Subnets[:min(1, len(ep(w).Subnets))] })
	}
	for _, rt := range w.RouteTables {
		id := rt.ID
		table := func(w *model.World) *model.RouteTable {
			return elem(w.RouteTables, id, func(r *model.RouteTable) string { return r.ID })
		}
		add(model.KindRouteTable, id, "no routes", func(w *model.World) { table(w).Routes = nil })
		add(model.KindRouteTable, id, "drop the first route", func(w *model.World) {
			if rs := table(w).Routes; len(rs) > 0 {
				table(w).Routes = rs[1:]
			}
		})
	}
	for _, g := range w.SecurityGroups {
		id := g.ID
		sg := func(w *model.World) *model.SecurityGroup {
			return elem(w.SecurityGroups, id, func(g *model.SecurityGroup) string { return g.ID })
		}
		add(model.KindSecurityGroup, id, "no egress", func(w *model.World) { sg(w).Egress = nil })
		add(model.KindSecurityGroup, id, "no ingress", func(w *model.World) { sg(w).Ingress = nil })
		add(model.KindSecurityGroup, id, "egress 443 to S3", func(w *model.World) {
			sg(w).Egress = append(sg(w).Egress, model.SGRule{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, PrefixLists: []string{s3}})
		})
	}
	for _, s := range w.Subnets {
		id := s.ID
		add(model.KindSubnet, id, "main route table", func(w *model.World) {
			elem(w.Subnets, id, func(s *model.Subnet) string { return s.ID }).RouteTable = ""
		})
	}
	for _, a := range w.NetworkACLs {
		id := a.ID
		add(model.KindNetworkACL, id, "deny all", func(w *model.World) {
			acl := elem(w.NetworkACLs, id, func(a *model.NetworkACL) string { return a.ID })
			acl.Ingress, acl.Egress = nil, nil
		})
	}
	for _, n := range w.NATGateways {
		id := n.ID
		add(model.KindNATGateway, id, "private", func(w *model.World) {
			elem(w.NATGateways, id, func(n *model.NATGateway) string { return n.ID }).Private = true
		})
	}
	for _, z := range w.HostedZones {
		id := z.ID
		add(model.KindHostedZone, id, "no records", func(w *model.World) {
			elem(w.HostedZones, id, func(z *model.HostedZone) string { return z.ID }).Records = nil
		})
		add(model.KindHostedZone, id, "delete", func(w *model.World) {
			w.HostedZones = slices.DeleteFunc(w.HostedZones, func(z model.HostedZone) bool { return z.ID == id })
		})
	}
	return ms
}

// rerunWorlds are the worlds the Rerun tests change: every scenario, the
// seed, and a generated world with a transit gateway hub.
func rerunWorlds(t *testing.T) map[string]*model.World {
	ws := map[string]*model.World{"seed": loadSeed(t)}
	for _, name := range scenarioFiles(t) {
		ws[name] = loadScenario(t, name)
	}
	ws["generated"] = worldgen.Generate(worldgen.Size{VPCs: 7, SubnetsPerVPC: 3, ServicesPerVPC: 1})
	return ws
}

// same reports whether two reports are equal; cmp.Diff then says how they
// differ (cmp is too slow to compare hundreds of reports).
func same(a, b sim.Report) bool { return reflect.DeepEqual(a, b) }

// TestRerunMatchesRun checks, for every change of every kind Rerun follows
// to every object of every test world, that Rerun from the unchanged
// world's simulator gives exactly the report a full Run of the changed
// world gives: verdicts, hops, explanations and diagnostics.
func TestRerunMatchesRun(t *testing.T) {
	var total, changedVerdicts, reused int
	for name, w := range rerunWorlds(t) {
		prev := sim.New(w)
		prevReport := prev.Run()
		for _, m := range mutations(w) {
			w2 := model.Clone(w)
			m.mutate(w2)
			if w2.Validate().HasErrors() {
				continue
			}
			total++
			want := sim.New(w2).Run()
			got := sim.New(w2).Rerun(prev, m.refs)
			if !same(want, got) {
				t.Errorf("%s: %s: Rerun differs from Run (-Run +Rerun):\n%s", name, m.name, cmp.Diff(want, got))
				continue
			}
			if !same(prevReport, want) {
				changedVerdicts++
			}
			reused += sameWorkloads(prevReport, got)
		}
	}
	t.Logf("%d changes, %d changed the report; %d workload results unchanged", total, changedVerdicts, reused)
	if total < 200 || changedVerdicts < total/4 {
		t.Errorf("only %d changes, %d changing the report: the test does not exercise Rerun", total, changedVerdicts)
	}
}

func sameWorkloads(a, b sim.Report) int {
	n := 0
	for i := range min(len(a.Workloads), len(b.Workloads)) {
		if reflect.DeepEqual(a.Workloads[i], b.Workloads[i]) {
			n++
		}
	}
	return n
}

// TestRerunChain applies changes one after another, each Rerun from the
// previous Rerun's simulator, as the TUI does; the reports must still
// equal a full Run at every step.
func TestRerunChain(t *testing.T) {
	for name, w := range rerunWorlds(t) {
		prev := sim.New(w)
		prev.Run()
		cur := w
		for i, m := range mutations(w) {
			if i%3 != 0 { // every third change, so the chain is long but varied
				continue
			}
			next := model.Clone(cur)
			m.mutate(next)
			if next.Validate().HasErrors() {
				continue
			}
			s := sim.New(next)
			got := s.Rerun(prev, m.refs)
			if want := sim.New(next).Run(); !same(want, got) {
				t.Fatalf("%s: after %d changes, %s: Rerun differs from Run (-Run +Rerun):\n%s", name, i, m.name, cmp.Diff(want, got))
			}
			prev, cur = s, next
		}
	}
}

// TestRerunNeedsTheChanges checks that the test above can fail: told that
// nothing changed, Rerun reuses every result, which is wrong whenever the
// change mattered.
func TestRerunNeedsTheChanges(t *testing.T) {
	w := loadSeed(t)
	prev := sim.New(w)
	before := prev.Run()
	w2 := model.Clone(w)
	for i := range w2.Endpoints {
		w2.Endpoints[i].PrivateDNS = false
	}
	if got := sim.New(w2).Rerun(prev, nil); !same(before, got) {
		t.Fatal("Rerun with no changes re-traced something")
	}
	if same(before, sim.New(w2).Run()) {
		t.Fatal("turning private DNS off changed nothing: the check proves nothing")
	}
}

// TestRerunUnfollowedKind re-traces everything for a change of a kind
// whose effects Rerun does not follow.
func TestRerunUnfollowedKind(t *testing.T) {
	w := loadScenario(t, "transit")
	prev := sim.New(w)
	prev.Run()
	w2 := model.Clone(w)
	for i := range w2.TransitGatewayRouteTables {
		w2.TransitGatewayRouteTables[i].Routes = nil
	}
	refs := []model.Ref{{Kind: model.KindTGWRouteTable, ID: w2.TransitGatewayRouteTables[0].ID}}
	if diff := cmp.Diff(sim.New(w2).Run(), sim.New(w2).Rerun(prev, refs)); diff != "" {
		t.Fatalf("Rerun differs from Run (-Run +Rerun):\n%s", diff)
	}
}
