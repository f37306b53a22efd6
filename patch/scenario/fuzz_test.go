package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	modelscenario "github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/whatif"
)

// FuzzEdits writes changes of every kind into scenarios of any layout:
// Edits must never fail with an internal error (an edit that breaks the
// YAML, or a patched file that is not whatif's world), only refuse what it
// does not edit, and give the same text twice.
func FuzzEdits(f *testing.F) {
	for _, name := range []string{"styles.yaml", "minimal.yaml"} {
		if data, err := os.ReadFile(local(name)); err == nil {
			f.Add(data)
		}
	}
	for _, name := range []string{"filters.yaml", "efs.yaml", "routing.yaml", "endpoint-policy.yaml"} {
		if data, err := os.ReadFile(repo(name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		base, _ := modelscenario.Decode("scenario.yaml", data)
		if base == nil {
			return
		}
		file := filepath.Join(t.TempDir(), "scenario.yaml")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, c := range someChanges(base) {
			edits, err := Edits(file, base, []whatif.Change{c})
			if err != nil {
				if strings.Contains(err.Error(), "internal error") {
					t.Fatalf("%s: %v", c.Label(), err)
				}
				continue
			}
			again, err := Edits(file, base, []whatif.Change{c})
			if err != nil || len(again) != len(edits) || len(edits) == 1 && string(again[0].New) != string(edits[0].New) {
				t.Fatalf("%s: a second Edits differs (%v)", c.Label(), err)
			}
		}
	})
}

// someChanges are changes of each kind, each to the first object of w it
// can be made to.
func someChanges(w *model.World) []whatif.Change {
	var out []whatif.Change
	seen := map[whatif.Kind]bool{}
	for _, c := range allChanges(w) {
		if seen[c.Kind] {
			continue
		}
		if _, _, err := whatif.Apply(w, []whatif.Change{c}); err == nil {
			seen[c.Kind] = true
			out = append(out, c)
		}
	}
	return out
}

// allChanges are changes of each kind to objects of w.
func allChanges(w *model.World) []whatif.Change {
	var cs []whatif.Change
	for _, s := range w.Services {
		cs = append(cs, whatif.Change{Kind: whatif.FlipPublicIP, Target: s.ID},
			whatif.Change{Kind: whatif.SetPlatformVersion, Target: s.ID, Value: "1.4.0"},
			whatif.Change{Kind: whatif.AddEndpoint, Target: s.ID, Value: "com.amazonaws." + w.Region + ".logs"},
			whatif.Change{Kind: whatif.AddEndpoint, Target: s.ID, Value: "com.amazonaws." + w.Region + ".s3"})
		break
	}
	for _, v := range w.VPCs {
		cs = append(cs, whatif.Change{Kind: whatif.EnableVPCDNS, Target: v.ID})
	}
	for _, g := range w.SecurityGroups {
		cs = append(cs, whatif.Change{Kind: whatif.AllowEgress, Target: g.ID, Value: "10.0.0.0/8", Port: 443},
			whatif.Change{Kind: whatif.AllowIngress, Target: g.ID, Value: g.ID, Port: 443},
			whatif.Change{Kind: whatif.AddS3Egress, Target: g.ID})
	}
	for _, a := range w.NetworkACLs {
		cs = append(cs, whatif.Change{Kind: whatif.AllowNACL, Target: a.ID, Value: "ingress"},
			whatif.Change{Kind: whatif.AllowNACL, Target: a.ID, Value: "egress", Port: 443})
	}
	for _, e := range w.Endpoints {
		cs = append(cs, whatif.Change{Kind: whatif.EnablePrivateDNS, Target: e.ID},
			whatif.Change{Kind: whatif.WidenEndpointPolicy, Target: e.ID, Value: "s3:GetObject *"})
		for _, rt := range w.RouteTables {
			cs = append(cs, whatif.Change{Kind: whatif.AssociateRouteTable, Target: e.ID, Value: rt.ID})
			break
		}
	}
	for _, rt := range w.RouteTables {
		for _, n := range w.NATGateways {
			cs = append(cs, whatif.Change{Kind: whatif.AddDefaultRoute, Target: rt.ID, Value: n.ID})
			break
		}
	}
	for _, fs := range w.FileSystems {
		for _, s := range w.Subnets {
			cs = append(cs, whatif.Change{Kind: whatif.AddMountTarget, Target: fs.ID, Value: s.ID})
		}
	}
	return cs
}
