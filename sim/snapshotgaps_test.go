package sim_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestUndescribedObjects: where the input says it does not describe an
// object (an account snapshot without the response that lists it, aws-rules
// 11.1.4), a call whose path could use that object is unknown, with the
// command that supplies it, and not unreachable for want of it.
func TestUndescribedObjects(t *testing.T) {
	const fix = "add the output of the command to the snapshot folder"
	type outcome struct {
		Verdict  sim.Verdict
		Reason   sim.Reason
		Blockers []sim.Reason
		Fix      string
	}
	tests := []struct {
		name     string
		scenario string // "": the seed
		change   func(w *model.World)
		workload string
		call     sim.CallKind
		want     outcome
	}{{
		name:     "aws-rules 4.8.1, 11.1.4: the transit gateway's attachments are not listed, so the spoke's may be one of them: unknown, not TGW_NO_ROUTE",
		scenario: "transit",
		change: func(w *model.World) {
			w.TransitGatewayAttachments = slices.DeleteFunc(w.TransitGatewayAttachments, func(a model.TransitGatewayAttachment) bool { return a.ID == "att-spoke-b" })
			w.Unknowns = append(w.Unknowns, model.Unknown{ID: "tgw", Kind: model.KindTransitGateway, Field: "attachments", Why: "not in the snapshot", Fix: fix})
		},
		workload: "spoke-b", call: sim.CallECRAuth,
		want: outcome{Verdict: sim.Unknown, Reason: sim.Unmodeled, Blockers: []sim.Reason{sim.Unmodeled}, Fix: fix},
	}, {
		name:     "aws-rules 4.8.1: with the attachments listed, a VPC without one is TGW_NO_ROUTE",
		scenario: "transit",
		change: func(w *model.World) {
			w.TransitGatewayAttachments = slices.DeleteFunc(w.TransitGatewayAttachments, func(a model.TransitGatewayAttachment) bool { return a.ID == "att-spoke-b" })
		},
		workload: "spoke-b", call: sim.CallECRAuth,
		want: outcome{Verdict: sim.Unreachable, Reason: sim.TGWNoRoute, Blockers: []sim.Reason{sim.TGWNoRoute}, Fix: "attach vpc spoke-b to tgw"},
	}, {
		name:     "aws-rules 3.8.1, 11.1.4: a mount target whose subnet is not described may be in the task's AZ: unknown, not EFS_NO_MOUNT_TARGET_IN_AZ",
		scenario: "efs",
		change: func(w *model.World) {
			fs := &w.FileSystems[0]
			fs.MountTargets = append(fs.MountTargets, model.MountTarget{ID: "fsmt-undescribed", Subnet: "subnet-undescribed"})
			w.Unknowns = append(w.Unknowns, model.Unknown{ID: "fsmt-undescribed", Kind: model.KindMountTarget, Field: "subnet", Why: "not in the snapshot", Fix: fix})
		},
		workload: "efs-c", call: sim.CallEFS,
		want: outcome{Verdict: sim.Unknown, Reason: sim.Unmodeled, Blockers: []sim.Reason{sim.Unmodeled}, Fix: fix},
	}, {
		name:     "aws-rules 3.8.1: with every mount target placed, none in the task's AZ is EFS_NO_MOUNT_TARGET_IN_AZ",
		scenario: "efs",
		change:   func(*model.World) {},
		workload: "efs-c", call: sim.CallEFS,
		want: outcome{Verdict: sim.Unreachable, Reason: sim.EFSNoMountTargetInAZ, Blockers: []sim.Reason{sim.EFSNoMountTargetInAZ},
			Fix: "add a mount target of data in a subnet of ap-northeast-1c (aws_efs_mount_target)"},
	}, {
		name:     "aws-rules 3.1.1, 3.7.1, 11.1.4: the VPC's DNS attributes are not known: its calls are unknown, and its private DNS endpoints are not called refused by AWS",
		scenario: "",
		change: func(w *model.World) {
			w.VPCs[0].EnableDNSSupport, w.VPCs[0].EnableDNSHostnames = false, false
			for _, f := range []string{"enable_dns_support", "enable_dns_hostnames"} {
				w.Unknowns = append(w.Unknowns, model.Unknown{ID: "main", Kind: model.KindVPC, Field: f, Why: "not in the snapshot", Fix: fix})
			}
		},
		workload: "app", call: sim.CallSecret,
		want: outcome{Verdict: sim.Unknown, Reason: sim.Unmodeled, Blockers: []sim.Reason{sim.Unmodeled}, Fix: fix},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w *model.World
			if tt.scenario == "" {
				w = loadSeed(t)
			} else {
				w = loadScenario(t, tt.scenario)
			}
			tt.change(w)
			r := sim.Run(w)
			for _, d := range r.Diagnostics {
				if d.Code == "private-dns-needs-vpc-dns" {
					t.Errorf("diagnostic %v", d)
				}
			}
			c := call(t, workload(t, r, tt.workload), tt.call)
			p := c.Placements[0]
			got := outcome{Verdict: c.Verdict, Reason: c.Reason, Blockers: c.Blockers, Fix: p.Fix.Advice}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
