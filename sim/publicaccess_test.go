package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestBlockPublicAccessSettings changes the BPA setting of
// testdata/scenarios/bpa-ingress.yaml: a mode known only after apply
// leaves unknown exactly the calls some mode would block (aws-rules
// 4.10.6), off blocks nothing (4.10.1), and no setting at all is off
// (10.33).
func TestBlockPublicAccessSettings(t *testing.T) {
	unknownMode := func(w *model.World) {
		w.BlockPublicAccess[0].Mode = ""
		w.Unknowns = append(w.Unknowns, model.Unknown{ID: "account", Kind: model.KindBlockPublicAccess,
			Field: "internet_gateway_block_mode", Why: "known only after apply"})
	}
	undecided := func(subnet string) []outcome {
		return []outcome{unknown(sim.CallRegistryPull, subnet, reasons(sim.Unmodeled), "igw: input unknown UNMODELED")}
	}
	open := func(subnet string, via sim.Via) []outcome {
		return []outcome{reaches(sim.CallRegistryPull, subnet, via)}
	}
	tests := []struct {
		name   string
		change func(*model.World)
		want   map[string][]outcome
	}{{
		name:   "4.10.6 mode known only after apply: unknown where a mode blocks, reachable where none does",
		change: unknownMode,
		want: map[string][]outcome{
			"via-nat":         undecided("app-a"), // blocked in block-bidirectional only
			"public-ip":       undecided("public-a"),
			"egress-excluded": undecided("public-b"), // blocked in block-ingress only
			"bidir-excluded":  open("public-c", sim.ViaInternetGateway),
		},
	}, {
		name:   "4.10.1 mode off: nothing is blocked",
		change: func(w *model.World) { w.BlockPublicAccess[0].Mode = model.BPAOff },
		want: map[string][]outcome{
			"via-nat": open("app-a", sim.ViaNATGateway), "public-ip": open("public-a", sim.ViaInternetGateway),
			"egress-excluded": open("public-b", sim.ViaInternetGateway), "bidir-excluded": open("public-c", sim.ViaInternetGateway),
		},
	}, {
		name:   "10.33 no BPA options in the input: off",
		change: func(w *model.World) { w.BlockPublicAccess = nil },
		want: map[string][]outcome{
			"via-nat": open("app-a", sim.ViaNATGateway), "public-ip": open("public-a", sim.ViaInternetGateway),
			"egress-excluded": open("public-b", sim.ViaInternetGateway), "bidir-excluded": open("public-c", sim.ViaInternetGateway),
		},
	}, {
		name: "4.10.6 an exclusion whose mode is known only after apply may exempt the task",
		change: func(w *model.World) {
			w.BPAExclusions[1].Mode = "" // public-c
			w.Unknowns = append(w.Unknowns, model.Unknown{ID: "public-c", Kind: model.KindBPAExclusion,
				Field: "internet_gateway_exclusion_mode", Why: "known only after apply"})
		},
		want: map[string][]outcome{
			"via-nat": open("app-a", sim.ViaNATGateway),
			"public-ip": {unreachable(sim.CallRegistryPull, "public-a", reasons(sim.VPCBPABlocked),
				"igw: block-public-access denied VPC_BPA_BLOCKED")},
			"egress-excluded": {unreachable(sim.CallRegistryPull, "public-b", reasons(sim.VPCBPABlocked),
				"igw: block-public-access denied VPC_BPA_BLOCKED")},
			"bidir-excluded": undecided("public-c"),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, "bpa-ingress")
			tt.change(w)
			r := sim.Run(w)
			for name, want := range tt.want {
				if diff := cmp.Diff(want, outcomes(workload(t, r, name))); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			}
		})
	}
}

// TestBlockPublicAccessEgressVPC: a spoke's layer download crosses the
// transit gateway to the hub's NAT gateway, so the hub's account and
// Region setting and the hub's exclusions decide it, not the spoke's
// (aws-rules 4.10.5); the spoke's endpoint calls are not affected.
func TestBlockPublicAccessEgressVPC(t *testing.T) {
	const hubAccount = "210987654321"
	spoke := func(layers outcome) []outcome {
		return []outcome{
			reaches(sim.CallECRAuth, "spoke-a-1a", sim.ViaInterfaceEndpoint),
			reaches(sim.CallECRImage, "spoke-a-1a", sim.ViaInterfaceEndpoint),
			layers,
			reaches(sim.CallLogs, "spoke-a-1a", sim.ViaInterfaceEndpoint),
		}
	}
	blocked := unreachable(sim.CallECRLayers, "spoke-a-1a", reasons(sim.VPCBPABlocked), "igw: block-public-access denied VPC_BPA_BLOCKED")
	open := reaches(sim.CallECRLayers, "spoke-a-1a", sim.ViaNATGateway)
	tests := []struct {
		name   string
		change func(*model.World)
		want   []outcome
	}{{
		name: "4.10.5 the hub's account blocks: the layers through its NAT gateway are blocked",
		change: func(w *model.World) {
			w.BlockPublicAccess = []model.BlockPublicAccess{{ID: "hub-bpa", Account: hubAccount, Mode: model.BPABidirectional}}
		},
		want: spoke(blocked),
	}, {
		name: "4.10.5 only the spoke's account blocks: the hub's NAT gateway is not affected",
		change: func(w *model.World) {
			w.BlockPublicAccess = []model.BlockPublicAccess{{ID: "spoke-bpa", Mode: model.BPABidirectional}}
		},
		want: spoke(open),
	}, {
		name: "4.10.4 the hub's account blocks, the hub VPC is excluded",
		change: func(w *model.World) {
			w.BlockPublicAccess = []model.BlockPublicAccess{{ID: "hub-bpa", Account: hubAccount, Mode: model.BPABidirectional}}
			w.BPAExclusions = []model.BPAExclusion{{ID: "hub", VPC: "hub", Mode: model.BPAAllowEgress}}
		},
		want: spoke(open),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, "transit")
			for i := range w.VPCs {
				if w.VPCs[i].ID == "hub" {
					w.VPCs[i].Account = hubAccount
				}
			}
			tt.change(w)
			if diff := cmp.Diff(tt.want, outcomes(workload(t, sim.Run(w), "spoke"))); diff != "" {
				t.Errorf("spoke calls (-want +got):\n%s", diff)
			}
		})
	}
}
