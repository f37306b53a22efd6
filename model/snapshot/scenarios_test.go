package snapshot_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/snapshot"
	"github.com/vpctrace/vpctrace/sim"
)

// readerGaps are the scenario fixtures whose snapshot is encoded and
// checked but whose report cannot match the scenario's, each with why.
var readerGaps = map[string]string{
	// A scenario can give the facts of a Resolver rule shared from
	// another account ("rslvr-rr-..., shared from the network account");
	// a snapshot only shows the association that names it when
	// list-resolver-rules does not list it. The verdicts agree (unknown,
	// UNMODELED, for the names the rule could decide); the Missing
	// entries and explanations name the rule otherwise.
	"resolver-rules.yaml": "a shared rule that the snapshot names only by its association is described otherwise than by the scenario (the verdicts agree)",
}

// scenarioExclusions are the scenario fixtures TestScenarioSnapshots does
// not render, each with why: a feature no response the snapshot reader
// reads holds. The encoder must refuse each of them (it would leave the
// feature out).
var scenarioExclusions = map[string]string{
	"awslogs-mode-account.yaml": "auto scaling groups / capacity providers: the reader does not read them",
	"awslogs-mode.yaml":         "auto scaling groups / capacity providers: the reader does not read them",
	"ec2.yaml":                  "auto scaling groups / capacity providers: the reader does not read them",
	"ipv6-only.yaml":            "auto scaling groups / capacity providers: the reader does not read them",
	"firelens.yaml":             "auto scaling groups / capacity providers: the reader does not read them",
	"bpa.yaml":                  "VPC Block Public Access: the reader does not read it",
	"bpa-ingress.yaml":          "VPC Block Public Access: the reader does not read it",
	"dns-firewall.yaml":         "Route 53 Resolver DNS Firewall: the reader does not read it",
	"firewall.yaml":             "AWS Network Firewall: the reader does not read it",
	"pull-through-cache.yaml":   "ECR pull through cache rules: the reader does not read them",
}

// scenarioExtraDiags are the simulator's diagnostics ("SEVERITY CODE")
// that a scenario's snapshot has and the scenario cannot have, each with
// why (as twin.extraDiags).
var scenarioExtraDiags = map[string][]string{
	// The scenario gives the region of the bucket of an environment file
	// (buckets:), no response of a snapshot does: the simulator traces the
	// call in the task's region, the bucket's too, and says so (aws-rules
	// 1.5.2).
	"efs.yaml":             {"info env-file-bucket-region"},
	"endpoint-policy.yaml": {"info env-file-bucket-region"},
	// The same for the bucket of the cluster's ECS Exec logs.
	"exec-config.yaml": {"info exec-log-bucket-region"},
}

// scenarioFixtures are the scenario fixtures of the repository.
func scenarioFixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario fixtures: %v", err)
	}
	return append(files, "../../example/seed.yaml")
}

// TestScenarioSnapshots renders each scenario fixture as the snapshot
// folder the AWS CLI would print once the scenario is deployed (encoder),
// loads it with snapshot.Load and requires the scenario's report, compared
// whole as TestTwins compares a twin's (issue 16, item 5).
func TestScenarioSnapshots(t *testing.T) {
	for _, path := range scenarioFixtures(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			w, ds := scenario.LoadFile(path)
			if ds.HasErrors() || w == nil {
				t.Fatalf("scenario %s: %v", path, ds)
			}
			enc, err := encodeWorld(w)
			if why, ok := scenarioExclusions[name]; ok {
				if err == nil {
					t.Fatalf("%s is excluded (%s), but the encoder renders it: take it out of scenarioExclusions", name, why)
				}
				t.Skip(why)
			}
			if err != nil {
				t.Fatalf("scenario %s: %v", path, err)
			}
			dir := t.TempDir()
			if err := enc.write(dir); err != nil {
				t.Fatal(err)
			}
			checkShapes(t, dir)
			want := sim.Run(w)
			if why, ok := readerGaps[name]; ok {
				sw, _ := snapshot.Load(dir)
				got := mapReport(sim.Run(sw), twin{ids: enc.ids, texts: enc.texts})
				if diff := gocmp.Diff(verdictsOf(want), verdictsOf(got)); diff != "" {
					t.Errorf("the snapshot of %s gives other verdicts (-scenario +snapshot):\n%s", path, diff)
				}
				t.Skipf("verdicts agree; the rest is not compared: %s", why)
			}
			got := mapReport(traceSnapshot(t, dir), twin{ids: enc.ids, texts: enc.texts})
			opts := gocmp.Options{
				cmpopts.IgnoreTypes(model.Pos{}),
				cmpopts.IgnoreFields(sim.PlacementResult{}, "Hops", "Decisive"),
				cmpopts.IgnoreFields(sim.Blocker{}, "Decisive"),
				cmpopts.EquateEmpty(),
			}
			if diff := gocmp.Diff(want.Workloads, got.Workloads, opts); diff != "" {
				t.Errorf("the snapshot of %s gives different workloads (-scenario +snapshot):\n%s", path, diff)
			}
			if diff := gocmp.Diff(pathsOf(want), pathsOf(got)); diff != "" {
				t.Errorf("the placements' paths differ (-scenario +snapshot):\n%s", diff)
			}
			wantDiags := append(diagKeys(want.Diagnostics), scenarioExtraDiags[name]...)
			slices.Sort(wantDiags)
			if diff := gocmp.Diff(wantDiags, diagKeys(got.Diagnostics), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("the simulator's diagnostics differ (-scenario +snapshot):\n%s", diff)
			}
		})
	}
}

// encodedShape returns a new value of the AWS SDK's output type of an
// encoded response that responseShape does not tell, or nil.
func encodedShape(top map[string]json.RawMessage) any {
	has := func(k string) bool { _, ok := top[k]; return ok }
	switch {
	case has("PrefixLists"):
		return &ec2.DescribeManagedPrefixListsOutput{}
	case has("Entries"):
		return &ec2.GetManagedPrefixListEntriesOutput{}
	case has("NetworkInterfaces"):
		return &ec2.DescribeNetworkInterfacesOutput{}
	case has("VpcPeeringConnections"):
		return &ec2.DescribeVpcPeeringConnectionsOutput{}
	case has("EgressOnlyInternetGateways"):
		return &ec2.DescribeEgressOnlyInternetGatewaysOutput{}
	}
	return responseShape(top)
}

// checkShapes checks, as TestTwinShapes does, that every file the encoder
// wrote into dir has the shape of its AWS API response: no member the SDK
// output type lacks, each value of its type.
func checkShapes(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		if filepath.Base(f) == snapshot.MetaFile {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(data, &top); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		out := encodedShape(top)
		if out == nil {
			t.Errorf("%s: no response has the top-level keys of this file", filepath.Base(f))
			continue
		}
		delete(top, "MaxItems") // a string in Route 53's XML API, a number in the SDK
		data, _ = json.Marshal(top)
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(out); err != nil {
			t.Errorf("%s: not shaped as %T: %v", filepath.Base(f), out, err)
		}
	}
}

// verdictsOf lists, per placement of every call, the workload, call,
// subnet, verdict, via and reason of report r.
func verdictsOf(r sim.Report) []string {
	var out []string
	for _, wl := range r.Workloads {
		for _, c := range wl.Calls {
			for _, p := range c.Placements {
				out = append(out, fmt.Sprintf("%s %s %s %s: %s %s %s", wl.Name, c.Kind, c.Resource, p.Subnet, p.Verdict, p.Via, p.Reason))
			}
		}
	}
	return out
}
