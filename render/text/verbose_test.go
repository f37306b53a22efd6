package text

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
)

// TestStep checks how one step of the verbose trace is written: the
// action once (no "resolved resolved", no "deliver delivered"), the type
// only when the hop's kind does not say it, the rule only when the detail
// does not name it, then its position and the code it blocks with.
func TestStep(t *testing.T) {
	resolver := sim.Hop{Kind: sim.HopDNSResolver, Component: "AmazonProvidedDNS of main (10.0.0.2)"}
	eni := sim.Hop{Kind: sim.HopTaskENI, Component: "in private-a"}
	table := sim.Hop{Kind: sim.HopRouteTable, Component: "private-a"}
	service := sim.Hop{Kind: sim.HopService, Component: "com.amazonaws.ap-northeast-1.logs"}
	for _, tc := range []struct {
		name string
		hop  sim.Hop
		step sim.Step
		want []string
	}{
		{"the action is not repeated by the detail", resolver,
			sim.Step{Type: sim.StepDNS, Action: sim.ActionResolved, Detail: "resolved logs.example.com to 10.0.1.5",
				Rule: "zone logs", Source: at(91)},
			[]string{"        1. DNS resolver AmazonProvidedDNS of main (10.0.0.2) · resolved",
				"           logs.example.com to 10.0.1.5; rule zone logs; at net.yaml:91:3"}},
		{"a rule the detail names is not repeated", eni,
			sim.Step{Type: sim.StepSecurityGroup, Action: sim.ActionAllowed,
				Detail: "egress TCP 443 allowed by app egress rule #1 (all traffic)", Rule: "app egress rule #1 (all traffic)", Source: at(48)},
			[]string{"        1. task ENI in private-a · security-group allowed: egress TCP 443",
				"           allowed by app egress rule #1 (all traffic); at net.yaml:48:3"}},
		{"a blocking step says its code", table,
			sim.Step{Type: sim.StepRoute, Action: sim.ActionDropped, Detail: "no route matches 52.1.2.3",
				Source: at(37), Reason: sim.NoRoute},
			[]string{"        1. route table private-a · dropped: no route matches 52.1.2.3; at",
				"           net.yaml:37:3; blocks: NO_ROUTE"}},
		{"delivered says its type", service,
			sim.Step{Type: sim.StepDeliver, Action: sim.ActionDelivered, Detail: "delivered to logs.example.com through endpoint logs"},
			[]string{"        1. service com.amazonaws.ap-northeast-1.logs · delivered to",
				"           logs.example.com through endpoint logs"}},
		{"a step with no detail", eni,
			sim.Step{Type: sim.StepSecurityGroup, Action: sim.ActionUnknown, Source: at(48)},
			[]string{"        1. task ENI in private-a · security-group unknown at net.yaml:48:3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sim.Report{Workloads: []sim.WorkloadResult{{Name: "w", Calls: []sim.CallResult{{
				Call:       sim.Call{Kind: sim.CallLogs},
				Verdict:    sim.Reachable,
				Placements: []sim.PlacementResult{{Subnet: "private-a", Verdict: sim.Reachable, Hops: []sim.Hop{withSteps(tc.hop, tc.step)}}},
			}}}}}
			got := strings.Split(render(t, r, Options{Verbose: true}), "\n")
			got = got[3 : 3+len(tc.want)]
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("step lines (-want +got):\n%s", diff)
			}
		})
	}
}

func withSteps(h sim.Hop, steps ...sim.Step) sim.Hop {
	h.Steps = steps
	return h
}

// TestHopName checks that a hop is named once: an interface the call
// reaches names its kind itself (no "interface endpoint ENI ENI of ..."),
// and a network ACL says the subnet it guards.
func TestHopName(t *testing.T) {
	for _, tc := range []struct {
		name string
		hop  sim.Hop
		want string
	}{
		{"endpoint ENI", sim.Hop{Kind: sim.HopInterfaceEndpoint, Component: "ENI of endpoint logs in private-a (10.0.1.0/24)"},
			"ENI of endpoint logs in private-a (10.0.1.0/24)"},
		{"mount target", sim.Hop{Kind: sim.HopMountTarget, Component: "mount target mt-a in storage-a (10.0.10.0/24)"},
			"mount target mt-a in storage-a (10.0.10.0/24)"},
		{"default network ACL", sim.Hop{Kind: sim.HopNetworkACL, Component: "default network ACL of main", Subnet: "private-a"},
			"default network ACL of main (subnet private-a)"},
		{"named network ACL", sim.Hop{Kind: sim.HopNetworkACL, Component: "acl-private", Subnet: "private-a"},
			"network ACL of private-a acl-private"},
		{"main route table", sim.Hop{Kind: sim.HopRouteTable, Component: "hub (main route table)"}, "hub (main route table)"},
		{"kind and component", sim.Hop{Kind: sim.HopNATGateway, Component: "nat-a"}, "NAT gateway nat-a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hopName(tc.hop); got != tc.want {
				t.Errorf("hopName = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRepeatedSteps checks that a step that passes and repeats one written
// earlier in the workload is written short: by its written rule and its
// position, or, with no rule, as for the call that wrote it. A blocking
// step and a rule written nowhere ("allows all") are written in full.
func TestRepeatedSteps(t *testing.T) {
	egress := func(to string) sim.Step {
		return sim.Step{Type: sim.StepSecurityGroup, Action: sim.ActionAllowed,
			Detail: "egress TCP 443 to " + to + " allowed by app egress rule #1", Rule: "app egress rule #1", Source: at(48)}
	}
	local := sim.Step{Type: sim.StepRoute, Action: sim.ActionForwarded, Detail: "destination is in the same subnet", Source: at(37)}
	peer := sim.Step{Type: sim.StepRoute, Action: sim.ActionForwarded, Detail: "10.1.0.0/16 matches the peering route", Source: at(38)}
	allowAll := sim.Step{Type: sim.StepNACL, Action: sim.ActionAllowed, Detail: "outbound TCP 443 allowed by default network ACL (allows all)",
		Rule: "default network ACL (allows all)"}
	call := func(kind sim.CallKind, container string, hops ...sim.Hop) sim.CallResult {
		return sim.CallResult{Call: sim.Call{Kind: kind, Container: container}, Verdict: sim.Reachable, Via: sim.ViaLocal,
			Placements: []sim.PlacementResult{{Subnet: "private-a", AZ: "az-a", Verdict: sim.Reachable, Hops: hops}}}
	}
	eni := sim.Hop{Kind: sim.HopTaskENI, Component: "in private-a"}
	table := sim.Hop{Kind: sim.HopRouteTable, Component: "private-a"}
	acl := sim.Hop{Kind: sim.HopNetworkACL, Component: "default network ACL of main", Subnet: "private-a"}
	r := sim.Report{Workloads: []sim.WorkloadResult{{Name: "w", Starts: true, Outcome: sim.OutcomeStarts, Traced: true, Calls: []sim.CallResult{
		call(sim.CallLogs, "app", withSteps(eni, egress("logs")), withSteps(table, local), withSteps(acl, allowAll)),
		call(sim.CallLogs, "sidecar", withSteps(eni, egress("logs")), withSteps(table, local), withSteps(acl, allowAll)),
		call(sim.CallSecret, "app", withSteps(eni, egress("secretsmanager")), withSteps(table, peer), withSteps(table, peer)),
	}}}}
	want := []string{
		"w · starts",
		"  every call: from private-a (az-a)",
		"  ✓  logs    via local",
		"      container app",
		"        1. task ENI in private-a · security-group allowed: egress TCP 443 to",
		"           logs allowed by app egress rule #1; at net.yaml:48:3",
		"        2. route table private-a · forwarded: destination is in the same subnet;",
		"           at net.yaml:37:3",
		"        3. default network ACL of main (subnet private-a) · allowed: outbound",
		"           TCP 443 allowed by default network ACL (allows all)",
		"",
		"  ✓  logs    via local",
		"      container sidecar",
		"        1. task ENI in private-a · security-group allowed by app egress rule #1;",
		"           at net.yaml:48:3",
		"        2. route table private-a · forwarded as for logs of app",
		"        3. default network ACL of main (subnet private-a) · allowed: outbound",
		"           TCP 443 allowed by default network ACL (allows all)",
		"",
		"  ✓  secret  via local",
		"      container app",
		"        1. task ENI in private-a · security-group allowed by app egress rule #1;",
		"           at net.yaml:48:3",
		"        2. route table private-a · forwarded: 10.1.0.0/16 matches the peering",
		"           route; at net.yaml:38:3",
		"        3. route table private-a · forwarded as at hop 2",
		"",
		"1 workload, 0 would not start; 3 calls: 3 reachable, 0 unreachable, 0 unknown",
		"",
	}
	if diff := cmp.Diff(want, strings.Split(render(t, r, Options{Verbose: true}), "\n")); diff != "" {
		t.Errorf("verbose output (-want +got):\n%s", diff)
	}
}

// TestSharedNotes checks that a warning several calls of a workload have
// (the NAT gateway in another AZ on every call through it) is written
// once, after the calls, naming them, while a warning of one call stays
// under it.
func TestSharedNotes(t *testing.T) {
	const natAZ = "NAT gateway nat-a is in az-a, not az-c: the path depends on that AZ (aws-rules 4.5.2)"
	call := func(kind sim.CallKind, warnings ...string) sim.CallResult {
		via := sim.ViaNATGateway
		if len(warnings) == 0 {
			via = sim.ViaGatewayEndpoint
		}
		c := reachable(kind, "h", "", via)
		c.Placements[0].Warnings = warnings
		return c
	}
	for _, tc := range []struct {
		name  string
		calls []sim.CallResult
		want  []string
	}{
		{"every call", []sim.CallResult{call(sim.CallECRAuth, natAZ), call(sim.CallLogs, natAZ)}, []string{
			"  ✓  ecr-auth  via nat-gateway  h",
			"  ✓  logs      via nat-gateway",
			"  note (every call): NAT gateway nat-a is in az-a, not az-c: the path depends on",
			"      that AZ (aws-rules 4.5.2)",
		}},
		{"some calls, and one call's own note", []sim.CallResult{
			call(sim.CallECRAuth, natAZ), call(sim.CallECRLayers), call(sim.CallLogs, natAZ, "its own"), call(sim.CallLogs, natAZ),
		}, []string{
			"  ✓  ecr-auth    via nat-gateway       h",
			"  ✓  ecr-layers  via gateway-endpoint  h",
			"  ✓  logs        via nat-gateway",
			"      note: its own",
			"  ✓  logs        via nat-gateway",
			"  note (ecr-auth, logs): NAT gateway nat-a is in az-a, not az-c: the path",
			"      depends on that AZ (aws-rules 4.5.2)",
		}},
		{"one call: under it", []sim.CallResult{call(sim.CallECRAuth, natAZ), call(sim.CallLogs)}, []string{
			"  ✓  ecr-auth  via nat-gateway       h",
			"      note: NAT gateway nat-a is in az-a, not az-c: the path depends on that AZ",
			"      (aws-rules 4.5.2)",
			"  ✓  logs      via gateway-endpoint",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sim.Report{Workloads: []sim.WorkloadResult{{Name: "w", Starts: true, Outcome: sim.OutcomeStarts, Traced: true, Calls: tc.calls}}}
			got := strings.Split(render(t, r, Options{}), "\n")
			got = got[1 : 1+len(tc.want)]
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVerboseKeepsEveryRule traces the seed and every shared scenario and
// checks the verbose output of each call: every deciding rule of its
// steps, the position it was written at (unless the step is written as a
// repeat of a rule-less one, whose position is written where it was
// first) and every code a step blocks with are there; no word is written
// twice in a row ("resolved resolved", "ENI ENI"); no line of the hops is
// wider than 80 cells but for one word that is.
func TestVerboseKeepsEveryRule(t *testing.T) {
	inputs := map[string][]byte{example.SeedFile: example.Seed}
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "scenarios", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(path)] = data
	}
	for name, data := range inputs {
		w, ds := scenario.Decode(name, data)
		if w == nil || ds.HasErrors() {
			t.Fatalf("%s: %v", name, ds)
		}
		r := sim.Run(w)
		out := render(t, r, Options{Verbose: true})
		for _, line := range strings.Split(out, "\n") {
			words := strings.Fields(line)
			for i := 1; i < len(words); i++ {
				if words[i] == words[i-1] {
					t.Errorf("%s: %q written twice in a row: %s", name, words[i], line)
				}
			}
			// The hops wrap; headers, aligned rows and the stopped
			// reason ECS would report do not.
			if strings.HasPrefix(line, hopIndent) && width(line) > lineWidth && !hasLongWord(line) {
				t.Errorf("%s: line of %d cells: %s", name, width(line), line)
			}
		}
		checkCallTraces(t, name, r, out)
	}
}

// hasLongWord reports whether line has a word too wide for a line of its
// own after the deepest indent of the trace (a step's further lines).
func hasLongWord(line string) bool {
	deepest := width(hopIndent + "10. " + "  ")
	for _, w := range strings.Fields(line) {
		if width(w) > lineWidth-deepest {
			return true
		}
	}
	return false
}

// checkCallTraces checks each call's part of the verbose output out of r
// for every rule, position and blocking code of its steps.
func checkCallTraces(t *testing.T, name string, r sim.Report, out string) {
	t.Helper()
	var parts []string // each call's lines, joined with spaces
	for _, line := range strings.Split(out, "\n") {
		switch {
		case regexp.MustCompile(`^  [✓✗?]  `).MatchString(line):
			parts = append(parts, line)
		case len(parts) > 0 && strings.HasPrefix(line, "    "):
			parts[len(parts)-1] += " " + strings.TrimSpace(line)
		}
	}
	i := 0
	for _, wl := range r.Workloads {
		for _, c := range wl.Calls {
			if i >= len(parts) {
				t.Fatalf("%s: %d calls in the output, more in the report", name, len(parts))
			}
			part := parts[i]
			i++
			for _, pl := range c.Placements {
				for _, h := range pl.Hops {
					for _, s := range h.Steps {
						if s.Rule != "" && !strings.Contains(part, strings.Join(strings.Fields(sanitize(s.Rule)), " ")) {
							t.Errorf("%s: %s %s: rule %q missing", name, wl.Name, c.Kind, s.Rule)
						}
						at := sanitize(s.Source.String())
						repeat := s.Rule == "" && (strings.Contains(part, "as for ") || strings.Contains(part, "as at hop "))
						if at != "" && !strings.Contains(part, at) && !repeat {
							t.Errorf("%s: %s %s: position %s of %q missing", name, wl.Name, c.Kind, at, s.Rule)
						}
						if s.Reason != "" && !strings.Contains(part, "blocks: "+string(s.Reason)) {
							t.Errorf("%s: %s %s: blocking code %s missing", name, wl.Name, c.Kind, s.Reason)
						}
					}
				}
			}
		}
	}
	if i != len(parts) {
		t.Errorf("%s: %d calls in the output, %d in the report", name, len(parts), i)
	}
}
