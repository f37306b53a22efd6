package sim_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
)

// outcome is what the table tests compare for each call: verdict, via,
// reason and blockers overall and per placement, with the steps that
// decided each placement (every step that found a blocker, or the final
// delivery).
type outcome struct {
	Kind       sim.CallKind
	Verdict    sim.Verdict
	Via        sim.Via
	Reason     sim.Reason
	Blockers   []sim.Reason
	Placements []placementOutcome
}

type placementOutcome struct {
	Subnet   string
	Verdict  sim.Verdict
	Via      sim.Via
	Reason   sim.Reason
	Deciding []string // "component: type action REASON"
}

func outcomes(w sim.WorkloadResult) []outcome {
	var out []outcome
	for _, c := range w.Calls {
		o := outcome{Kind: c.Kind, Verdict: c.Verdict, Via: c.Via, Reason: c.Reason, Blockers: c.Blockers}
		for _, p := range c.Placements {
			o.Placements = append(o.Placements, placementOutcome{Subnet: p.Subnet, Verdict: p.Verdict, Via: p.Via, Reason: p.Reason, Deciding: deciding(p)})
		}
		out = append(out, o)
	}
	return out
}

// deciding lists the steps that decided a placement: the blocking steps,
// or the delivery and the hop before it when the call is reachable.
func deciding(p sim.PlacementResult) []string {
	var out []string
	for _, h := range p.Hops {
		for _, s := range h.Steps {
			if s.Reason != "" || s.Type == sim.StepDeliver || s.Type == sim.StepPlatform {
				out = append(out, strings.TrimSpace(h.Component+": "+string(s.Type)+" "+string(s.Action)+" "+string(s.Reason)))
			}
		}
	}
	return out
}

// loadSeed decodes the built-in example.
func loadSeed(t testing.TB) *model.World {
	t.Helper()
	w, diags := scenario.Decode(example.SeedFile, example.Seed)
	if diags.HasErrors() {
		t.Fatalf("seed: %v", diags)
	}
	return w
}

// loadScenario decodes testdata/scenarios/NAME.yaml.
func loadScenario(t testing.TB, name string) *model.World {
	t.Helper()
	path := filepath.Join("..", "testdata", "scenarios", name+".yaml")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	w, diags := scenario.LoadFile(path)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return w
}

// workload returns the result of the workload with the given name.
func workload(t testing.TB, r sim.Report, name string) sim.WorkloadResult {
	t.Helper()
	i := slices.IndexFunc(r.Workloads, func(w sim.WorkloadResult) bool { return w.Name == name })
	if i < 0 {
		t.Fatalf("no workload %q in %d workloads", name, len(r.Workloads))
	}
	return r.Workloads[i]
}

// endpoint returns a pointer to the endpoint with the given ID.
func endpoint(t testing.TB, w *model.World, id string) *model.Endpoint {
	t.Helper()
	for i := range w.Endpoints {
		if w.Endpoints[i].ID == id {
			return &w.Endpoints[i]
		}
	}
	t.Fatalf("no endpoint %q", id)
	return nil
}

// withoutEndpoint removes an endpoint from w.
func withoutEndpoint(w *model.World, id string) {
	w.Endpoints = slices.DeleteFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == id })
}

// securityGroup returns a pointer to the security group with the given ID.
func securityGroup(t testing.TB, w *model.World, id string) *model.SecurityGroup {
	t.Helper()
	for i := range w.SecurityGroups {
		if w.SecurityGroups[i].ID == id {
			return &w.SecurityGroups[i]
		}
	}
	t.Fatalf("no security group %q", id)
	return nil
}
