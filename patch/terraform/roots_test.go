package terraform

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/whatif"
)

// plausible lists changes vpctrace fix could propose for w: one of each
// kind the world has a target for.
func plausible(w *model.World) []whatif.Change {
	var cs []whatif.Change
	for _, e := range w.Endpoints {
		switch {
		case e.Type == model.EndpointInterface && !e.PrivateDNS:
			cs = append(cs, whatif.Change{Kind: whatif.EnablePrivateDNS, Target: e.ID})
		case e.Type == model.EndpointInterface && e.Policy != "":
			cs = append(cs, whatif.Change{Kind: whatif.WidenEndpointPolicy, Target: e.ID, Value: "ssm:GetParameters *"})
		case e.Type == model.EndpointGateway:
			for _, rt := range w.RouteTables {
				if rt.VPC == e.VPC && !slices.Contains(e.RouteTables, rt.ID) {
					cs = append(cs, whatif.Change{Kind: whatif.AssociateRouteTable, Target: e.ID, Value: rt.ID})
					break
				}
			}
		}
	}
	for _, v := range w.VPCs {
		if !v.EnableDNSHostnames {
			cs = append(cs, whatif.Change{Kind: whatif.EnableVPCDNS, Target: v.ID})
		}
	}
	for _, s := range w.Services {
		if s.LaunchType == "FARGATE" {
			cs = append(cs, whatif.Change{Kind: whatif.SetPlatformVersion, Target: s.ID, Value: "1.4.0"})
		}
		if len(s.SecurityGroups) > 0 {
			// vpctrace fix proposes no rule a group already has.
			g := s.SecurityGroups[0]
			if !hasEgress(w, g, func(r model.SGRule) bool { return len(r.CIDRs) > 0 && r.CIDRs[0].Bits() == 0 }) {
				cs = append(cs, whatif.Change{Kind: whatif.AllowEgress, Target: g, Value: "0.0.0.0/0", Port: 443})
			}
			if !hasEgress(w, g, func(r model.SGRule) bool { return len(r.PrefixLists) > 0 }) {
				cs = append(cs, whatif.Change{Kind: whatif.AddS3Egress, Target: g})
			}
		}
		if len(s.Subnets) > 0 {
			cs = append(cs, whatif.Change{Kind: whatif.AddEndpoint, Target: s.ID, Value: "com.amazonaws." + w.Region + ".kms"})
		}
	}
	for _, a := range w.NetworkACLs {
		cs = append(cs, whatif.Change{Kind: whatif.AllowNACL, Target: a.ID, Value: "ingress"})
	}
	if len(w.NATGateways) > 0 {
		for _, rt := range w.RouteTables {
			cs = append(cs, whatif.Change{Kind: whatif.AddDefaultRoute, Target: rt.ID, Value: w.NATGateways[0].ID})
		}
	}
	for _, fs := range w.FileSystems {
		for _, s := range w.Subnets {
			if !slices.ContainsFunc(fs.MountTargets, func(m model.MountTarget) bool { return m.Subnet == s.ID }) {
				cs = append(cs, whatif.Change{Kind: whatif.AddMountTarget, Target: fs.ID, Value: s.ID})
				break
			}
		}
	}
	return cs
}

// hasEgress reports whether group id has a TCP 443 egress rule to a peer
// that peer accepts.
func hasEgress(w *model.World, id string, peer func(model.SGRule) bool) bool {
	for _, g := range w.SecurityGroups {
		if g.ID == id && slices.ContainsFunc(g.Egress, func(r model.SGRule) bool {
			return r.Protocol == model.ProtocolTCP && r.FromPort <= 443 && r.ToPort >= 443 && peer(r)
		}) {
			return true
		}
	}
	return false
}

// TestRepoRoots writes plausible changes to the Terraform roots of the
// repository's testdata: each is either written so that the patched root
// loads into whatif's world, or refused with an UnwritableError.
func TestRepoRoots(t *testing.T) {
	if testing.Short() {
		t.Skip("loads each root once per change")
	}
	roots := []string{"ec2-capacity", "firelens-ec2", "for-each-azs", "hub-spoke-tgw", "local-module", "sg-rules",
		"vpc-security-group-rules", "taskdef-json", "rule-parts-unknown", "network-firewall", "resolver-dns-firewall"}
	for _, name := range roots {
		root := filepath.Join("..", "..", "testdata", "terraform", name)
		base := loadRoot(t, root)
		for _, c := range plausible(base) {
			t.Run(fmt.Sprintf("%s/%s", name, c.Label()), func(t *testing.T) {
				if _, err := Edits(root, base, []whatif.Change{c}); err != nil {
					var u *UnwritableError
					if !errors.As(err, &u) {
						t.Fatalf("Edits: %v", err)
					}
					t.Logf("refused: %s", u.Reason)
					return
				}
				roundTrip(t, root, []whatif.Change{c})
			})
		}
	}
}
