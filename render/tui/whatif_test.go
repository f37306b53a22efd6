package tui

import (
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
)

func loadScenario(t testing.TB, name string) *model.World {
	t.Helper()
	w, ds := scenario.LoadFile("../../testdata/scenarios/" + name)
	if w == nil || ds.HasErrors() {
		t.Fatalf("loading %s: %v", name, ds)
	}
	return w
}

// verdictOf returns the verdict and reason of the first call of kind in
// the workload named wl.
func verdictOf(t *testing.T, r sim.Report, wl string, kind sim.CallKind) (sim.Verdict, sim.Reason) {
	t.Helper()
	for _, w := range r.Workloads {
		if w.Name != wl {
			continue
		}
		for _, c := range w.Calls {
			if c.Kind == kind {
				return c.Verdict, c.Reason
			}
		}
	}
	t.Fatalf("no %s call in %s", kind, wl)
	return "", ""
}

// whatIfRun applies ws to a copy of base, checks that base is unchanged
// and that the result validates, and simulates it.
func whatIfRun(t *testing.T, base *model.World, ws ...WhatIf) sim.Report {
	t.Helper()
	before := model.Clone(base)
	w, _, err := applyAll(base, ws)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, base) {
		t.Fatal("applying what-ifs changed the base world")
	}
	if ds := w.Validate(); ds.HasErrors() {
		t.Fatalf("the changed world does not validate: %v", ds.Errors())
	}
	return sim.Run(w)
}

func TestWhatIfEndpoints(t *testing.T) {
	base := seed(t)
	r := whatIfRun(t, base, WhatIf{Kind: DisableEndpoint, Target: "secretsmanager"})
	if v, _ := verdictOf(t, r, "app", sim.CallSecret); v != sim.Unreachable {
		t.Errorf("secretsmanager disabled: secret is %s, want unreachable", v)
	}
	r = whatIfRun(t, base, WhatIf{Kind: DisableEndpoint, Target: "secretsmanager"},
		WhatIf{Kind: AddEndpoint, Target: "app", Value: "com.amazonaws.ap-northeast-1.secretsmanager"})
	if v, _ := verdictOf(t, r, "app", sim.CallSecret); v != sim.Reachable {
		t.Errorf("endpoint added back: secret is %s, want reachable", v)
	}
	r = whatIfRun(t, base, WhatIf{Kind: DisableEndpoint, Target: "s3"},
		WhatIf{Kind: AddEndpoint, Target: "app", Value: "com.amazonaws.ap-northeast-1.s3"})
	if v, _ := verdictOf(t, r, "app", sim.CallECRLayers); v != sim.Reachable {
		t.Errorf("gateway endpoint added back: ecr-layers is %s, want reachable", v)
	}
	r = whatIfRun(t, seedPrivateDNSOff(t), WhatIf{Kind: TogglePrivateDNS, Target: "secretsmanager"})
	if v, _ := verdictOf(t, r, "app", sim.CallSecret); v != sim.Reachable {
		t.Errorf("private DNS on: secret is %s, want reachable", v)
	}
}

func TestWhatIfRoutes(t *testing.T) {
	base := loadScenario(t, "nat.yaml")
	r := whatIfRun(t, base, WhatIf{Kind: RemoveDefaultRoute, Target: "to-nat-instance"})
	if v, reason := verdictOf(t, r, "nat-instance", sim.CallRegistryPull); v != sim.Unreachable || reason != sim.NoRoute {
		t.Errorf("default route removed: %s %s, want unreachable NO_ROUTE", v, reason)
	}
	r = whatIfRun(t, base, WhatIf{Kind: AddDefaultRoute, Target: "to-check-on", Value: "stranded"})
	if _, reason := verdictOf(t, r, "nat-check-on", sim.CallRegistryPull); reason != sim.NATNoInternet {
		t.Errorf("route to the stranded NAT: reason %s, want NAT_NO_INTERNET", reason)
	}
}

func TestWhatIfService(t *testing.T) {
	base := seed(t)
	r := whatIfRun(t, base, WhatIf{Kind: SetPlatformVersion, Target: "app", Value: "1.3.0"})
	if r.Workloads[0].PlatformVersion != "1.3.0" {
		t.Errorf("platform version %q, want 1.3.0", r.Workloads[0].PlatformVersion)
	}
	r = whatIfRun(t, base, WhatIf{Kind: FlipPublicIP, Target: "app"})
	if len(r.Workloads) != 1 {
		t.Fatalf("%d workloads", len(r.Workloads))
	}
	w, _, _ := applyAll(base, []WhatIf{{Kind: FlipPublicIP, Target: "app"}})
	if !w.Services[0].AssignPublicIP || base.Services[0].AssignPublicIP {
		t.Error("assignPublicIp was not flipped on the copy only")
	}
}

// With the task's egress restricted to the VPC, ECR layers (S3 through the
// gateway endpoint) are denied until the S3 prefix list is allowed.
func TestWhatIfS3Egress(t *testing.T) {
	base := seed(t)
	sg := find(base.SecurityGroups, func(g *model.SecurityGroup) bool { return g.ID == "app" })
	sg.Egress = []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}}
	if v, reason := verdictOf(t, sim.Run(base), "app", sim.CallECRLayers); v != sim.Unreachable || reason != sim.SGEgressDenied {
		t.Fatalf("before: %s %s, want unreachable SG_EGRESS_DENIED", v, reason)
	}
	r := whatIfRun(t, base, WhatIf{Kind: AddS3Egress, Target: "app"})
	if v, _ := verdictOf(t, r, "app", sim.CallECRLayers); v != sim.Reachable {
		t.Errorf("S3 egress added: ecr-layers is %s, want reachable", v)
	}
}

func TestWhatIfMissingTarget(t *testing.T) {
	for k := DisableEndpoint; k <= AddS3Egress; k++ {
		if err := (WhatIf{Kind: k, Target: "nope"}).Apply(seed(t)); err == nil {
			t.Errorf("kind %d on a missing target: no error", k)
		}
	}
}

func TestOffers(t *testing.T) {
	w := seed(t)
	r := sim.Run(w)
	wl := r.Workloads[0]
	var secret sim.CallResult
	for _, c := range wl.Calls {
		if c.Kind == sim.CallSecret {
			secret = c
		}
	}
	got := Offers(w, wl, secret, "private-a", nil)
	want := []WhatIf{
		{Kind: DisableEndpoint, Target: "secretsmanager"},
		{Kind: TogglePrivateDNS, Target: "secretsmanager"},
		{Kind: SetPlatformVersion, Target: "app", Value: "1.3.0"},
		{Kind: FlipPublicIP, Target: "app"},
		{Kind: AddS3Egress, Target: "app"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("offers:\n got %v\nwant %v", got, want)
	}
	if got := Offers(w, wl, secret, "private-a", want[:1]); slices.Contains(got, want[0]) {
		t.Error("an applied what-if is offered again")
	}
	nat := loadScenario(t, "nat.yaml")
	nr := sim.Run(nat)
	for _, wl := range nr.Workloads {
		if wl.Name != "nat-check-on" {
			continue
		}
		got := Offers(nat, wl, wl.Calls[0], "app-c", nil)
		if !slices.Contains(got, WhatIf{Kind: RemoveDefaultRoute, Target: "to-check-on"}) ||
			!slices.Contains(got, WhatIf{Kind: AddDefaultRoute, Target: "to-check-on", Value: "stranded"}) ||
			slices.Contains(got, WhatIf{Kind: AddDefaultRoute, Target: "to-check-on", Value: "private"}) {
			t.Errorf("route offers for nat-check-on: %v", got)
		}
	}
}

func TestLabelsAreSanitized(t *testing.T) {
	l := WhatIf{Kind: DisableEndpoint, Target: "x\x1b]0;pwned\x07\x1b[2Jy"}.Label()
	if strings.ContainsRune(l, 0x1b) || !strings.HasSuffix(l, "xy") {
		t.Errorf("label %q", l)
	}
}
