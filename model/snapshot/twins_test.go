package snapshot_test

import (
	"cmp"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/snapshot"
	"github.com/vpctrace/vpctrace/sim"
)

// A twin is a scenario fixture and a hand-made snapshot folder of the same
// network, as the AWS CLI would print it once the scenario is deployed
// (testdata/twins/README.md). Both must give the same report.
type twin struct {
	name     string // the folder under testdata/twins
	scenario string // the scenario file, from this package's folder
	// ids maps the snapshot's AWS IDs and ARNs to the scenario's IDs. Every
	// string of the snapshot's report is compared after the mapping, so an
	// ID that the report names and the table lacks makes a diff.
	ids map[string]string
	// texts are further replacements in the snapshot's report, made after
	// ids, for what differs by construction (an address AWS always prints
	// and the scenario leaves to its subnet; an ID that is also a value,
	// mapped only where it names the object), each with why.
	texts [][2]string
	// extraDiags are the simulator's diagnostics ("SEVERITY CODE") that
	// the snapshot's report has and the scenario's cannot have, each with
	// why.
	extraDiags []string
}

// twins are the four networks of issue 16's "same world": the seed
// network, NAT, a transit gateway hub, EFS.
var twins = []twin{
	{
		name:     "seed",
		scenario: "../../example/seed.yaml",
		ids: map[string]string{
			"vpc-0a1b2c3d4e5f60001":                                         "main",
			"subnet-0a1b2c3d4e5f60101":                                      "private-a",
			"rtb-0a1b2c3d4e5f60202":                                         "private-a",
			"sg-0a1b2c3d4e5f60602":                                          "vpc-endpoint",
			"sg-0a1b2c3d4e5f60603":                                          "app",
			"vpce-0a1b2c3d4e5f60501":                                        "s3",
			"vpce-0a1b2c3d4e5f60502":                                        "ecr-dkr",
			"vpce-0a1b2c3d4e5f60503":                                        "ecr-api",
			"vpce-0a1b2c3d4e5f60504":                                        "secretsmanager",
			"vpce-0a1b2c3d4e5f60505":                                        "ssm",
			"vpce-0a1b2c3d4e5f60506":                                        "logs",
			"arn:aws:ecs:ap-northeast-1:123456789012:cluster/main":          "main",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/app":      "app",
			"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:1": "app",
		},
	},
	{
		name:     "nat",
		scenario: "../../testdata/scenarios/nat.yaml",
		ids: map[string]string{
			"vpc-0b2c3d4e5f6a70001":                                "main",
			"subnet-0b2c3d4e5f6a70101":                             "public-a",
			"subnet-0b2c3d4e5f6a70102":                             "nat-a",
			"subnet-0b2c3d4e5f6a70103":                             "app-a",
			"subnet-0b2c3d4e5f6a70104":                             "app-b",
			"subnet-0b2c3d4e5f6a70105":                             "app-c",
			"subnet-0b2c3d4e5f6a70106":                             "app-d",
			"rtb-0b2c3d4e5f6a70202":                                "public",
			"rtb-0b2c3d4e5f6a70203":                                "no-internet",
			"rtb-0b2c3d4e5f6a70204":                                "to-stranded",
			"rtb-0b2c3d4e5f6a70205":                                "to-private-nat",
			"rtb-0b2c3d4e5f6a70206":                                "to-check-on",
			"rtb-0b2c3d4e5f6a70207":                                "to-nat-instance",
			"igw-0b2c3d4e5f6a70301":                                "igw",
			"nat-0b2c3d4e5f6a70401":                                "stranded",
			"nat-0b2c3d4e5f6a70402":                                "private",
			"i-0b2c3d4e5f6a71201":                                  "nat-check-on",
			"i-0b2c3d4e5f6a71202":                                  "nat-good",
			"sg-0b2c3d4e5f6a70602":                                 "app",
			"sg-0b2c3d4e5f6a70603":                                 "nat",
			"arn:aws:ecs:ap-northeast-1:123456789012:cluster/main": "main",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/stranded-nat": "stranded-nat",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/private-nat":  "private-nat",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/nat-check-on": "nat-check-on",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/nat-instance": "nat-instance",
			"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1":     "web",
		},
	},
	{
		name:     "transit",
		scenario: "../../testdata/scenarios/transit.yaml",
		ids: map[string]string{
			"vpc-0c3d4e5f6a7b80001":                                      "hub",
			"vpc-0c3d4e5f6a7b80002":                                      "spoke-a",
			"vpc-0c3d4e5f6a7b80003":                                      "spoke-b",
			"vpc-0c3d4e5f6a7b80004":                                      "spoke-c",
			"subnet-0c3d4e5f6a7b80101":                                   "hub-public-a",
			"subnet-0c3d4e5f6a7b80102":                                   "hub-tgw-a",
			"subnet-0c3d4e5f6a7b80103":                                   "hub-endpoints-a",
			"subnet-0c3d4e5f6a7b80104":                                   "spoke-a-1a",
			"subnet-0c3d4e5f6a7b80105":                                   "spoke-a-1c",
			"subnet-0c3d4e5f6a7b80106":                                   "spoke-b-1a",
			"subnet-0c3d4e5f6a7b80107":                                   "spoke-c-1a",
			"rtb-0c3d4e5f6a7b80205":                                      "hub-public",
			"rtb-0c3d4e5f6a7b80206":                                      "hub-tgw",
			"rtb-0c3d4e5f6a7b80207":                                      "hub-endpoints",
			"rtb-0c3d4e5f6a7b80208":                                      "spoke-a",
			"rtb-0c3d4e5f6a7b80209":                                      "spoke-b",
			"rtb-0c3d4e5f6a7b80210":                                      "spoke-c",
			"igw-0c3d4e5f6a7b80301":                                      "igw",
			"nat-0c3d4e5f6a7b80401":                                      "hub-nat",
			"vpce-0c3d4e5f6a7b80501":                                     "ecr-api",
			"vpce-0c3d4e5f6a7b80502":                                     "ecr-dkr",
			"vpce-0c3d4e5f6a7b80503":                                     "logs",
			"sg-0c3d4e5f6a7b80605":                                       "hub-endpoints",
			"sg-0c3d4e5f6a7b80606":                                       "spoke-a",
			"sg-0c3d4e5f6a7b80607":                                       "spoke-b",
			"sg-0c3d4e5f6a7b80608":                                       "spoke-c",
			"tgw-0c3d4e5f6a7b80801":                                      "tgw",
			"tgw-attach-0c3d4e5f6a7b80901":                               "att-hub",
			"tgw-attach-0c3d4e5f6a7b80902":                               "att-spoke-a",
			"tgw-attach-0c3d4e5f6a7b80903":                               "att-spoke-b",
			"tgw-attach-0c3d4e5f6a7b80904":                               "att-spoke-c",
			"tgw-rtb-0c3d4e5f6a7b81001":                                  "main",
			"tgw-rtb-0c3d4e5f6a7b81002":                                  "isolated",
			"Z0C3D4E5F6A7B801PHZ":                                        "ecr-api",
			"Z0C3D4E5F6A7B802PHZ":                                        "ecr-dkr",
			"Z0C3D4E5F6A7B803PHZ":                                        "logs",
			"arn:aws:ecs:ap-northeast-1:123456789012:cluster/main":       "main",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/spoke": "spoke",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/spoke-two-az": "spoke-two-az",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/spoke-b":      "spoke-b",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/spoke-c":      "spoke-c",
			"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:2":     "app",
		},
	},
	{
		name:     "efs",
		scenario: "../../testdata/scenarios/efs.yaml",
		ids: map[string]string{
			"vpc-0d4e5f6a7b8c90001":                                            "main",
			"subnet-0d4e5f6a7b8c90101":                                         "public-a",
			"subnet-0d4e5f6a7b8c90102":                                         "private-a",
			"subnet-0d4e5f6a7b8c90103":                                         "private-c",
			"subnet-0d4e5f6a7b8c90104":                                         "storage-a",
			"rtb-0d4e5f6a7b8c90202":                                            "public",
			"rtb-0d4e5f6a7b8c90203":                                            "private",
			"igw-0d4e5f6a7b8c90301":                                            "igw",
			"nat-0d4e5f6a7b8c90401":                                            "nat-a",
			"sg-0d4e5f6a7b8c90602":                                             "app",
			"sg-0d4e5f6a7b8c90603":                                             "efs",
			"fsmt-0d4e5f6a7b8c91601":                                           "data-a",
			"arn:aws:ecs:ap-northeast-1:123456789012:cluster/main":             "main",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/efs-a":       "efs-a",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/efs-c":       "efs-c",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/efs-a-and-c": "efs-a-and-c",
			"arn:aws:ecs:ap-northeast-1:123456789012:service/main/legacy":      "legacy",
			"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1":    "web",
			"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/legacy:1": "legacy",
		},
		texts: [][2]string{
			// describe-mount-targets always prints the mount target's
			// address; the scenario gives none, and the simulator then
			// names the mount target's subnet.
			{"(10.0.10.25/32)", "(10.0.10.0/24)"},
			// The file system's ID is its fs- ID in a snapshot, which is
			// also its file_system_id in the scenario and so cannot be
			// mapped everywhere: only where it names the object.
			{"file system fs-0123456789abcdef0 ", "file system data "},
			{"mount target of fs-0123456789abcdef0 ", "mount target of data "},
		},
		extraDiags: []string{
			// The scenario gives bucket example-app-config's region
			// (buckets:); no response of a snapshot does, so the
			// environment file is traced in the task's region, and the
			// simulator says so (aws-rules 1.5.2).
			"info env-file-bucket-region",
		},
	},
}

// TestTwins checks issue 16's "same world": each hand-made snapshot gives
// the report of its scenario twin, compared whole, workload by workload,
// call by call and placement by placement: outcome, stopped reason,
// missing inputs, each call with its verdict, via, reason, blockers,
// explanation, fix and warnings, after the snapshot's AWS IDs are mapped
// to the scenario's. Each placement's path is compared as its hops' kinds
// and their steps' types, actions and reasons (pathsOf). Left out is only
// what cannot match by construction: positions (they point into different
// files), and the details of the hops' steps and the step references into
// them, which name what AWS prints and a scenario leaves implicit (the
// default network ACL's rules, the default endpoint policy's document, an
// address, Resolver's own rule for the root) or writes otherwise (the
// scenario's default egress rule names ::/0 as well).
func TestTwins(t *testing.T) {
	for _, tw := range twins {
		t.Run(tw.name, func(t *testing.T) {
			want := traceScenario(t, tw.scenario)
			got := traceSnapshot(t, filepath.Join("testdata", "twins", tw.name))
			got = mapReport(got, tw)
			opts := gocmp.Options{
				cmpopts.IgnoreTypes(model.Pos{}),
				cmpopts.IgnoreFields(sim.PlacementResult{}, "Hops", "Decisive"),
				cmpopts.IgnoreFields(sim.Blocker{}, "Decisive"),
				cmpopts.EquateEmpty(),
			}
			if diff := gocmp.Diff(want.Workloads, got.Workloads, opts); diff != "" {
				t.Errorf("snapshot testdata/twins/%s and scenario %s give different workloads (-scenario +snapshot):\n%s", tw.name, tw.scenario, diff)
			}
			if diff := gocmp.Diff(pathsOf(want), pathsOf(got)); diff != "" {
				t.Errorf("the placements' paths differ (-scenario +snapshot):\n%s", diff)
			}
			wantDiags := append(diagKeys(want.Diagnostics), tw.extraDiags...)
			slices.Sort(wantDiags)
			if diff := gocmp.Diff(wantDiags, diagKeys(got.Diagnostics), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("the simulator's diagnostics differ (-scenario and the twin's extraDiags +snapshot):\n%s", diff)
			}
		})
	}
}

// pathsOf lists each placement's path: workload, call, subnet, and its
// hops in order, each as its kind and its steps' types, actions and
// reasons. Resolver's own rule for the root, which every snapshot holds
// (list-resolver-rules) and a scenario leaves implicit, adds a step that
// says it is the rule that applies: that step is left out.
func pathsOf(r sim.Report) []string {
	var paths []string
	for _, wl := range r.Workloads {
		for _, c := range wl.Calls {
			for _, p := range c.Placements {
				hops := make([]string, len(p.Hops))
				for i, h := range p.Hops {
					var steps []string
					for _, st := range h.Steps {
						if st.Type == sim.StepDNS && strings.Contains(st.Detail, "rslvr-autodefined-rr-internet-resolver") {
							continue
						}
						steps = append(steps, strings.TrimSpace(fmt.Sprintf("%s %s %s", st.Type, st.Action, st.Reason)))
					}
					hops[i] = h.KindLabel() + " [" + strings.Join(steps, ", ") + "]"
				}
				paths = append(paths, fmt.Sprintf("%s %s %s %s: %s", wl.Name, c.Kind, c.Resource, p.Subnet, strings.Join(hops, " > ")))
			}
		}
	}
	return paths
}

// diagKeys are the codes of the simulator's diagnostics, sorted: their
// messages name objects and their positions point into different files.
func diagKeys(ds model.Diagnostics) []string {
	var keys []string
	for _, d := range ds {
		keys = append(keys, string(d.Severity)+" "+d.Code)
	}
	slices.Sort(keys)
	return keys
}

// traceScenario loads a scenario and traces it.
func traceScenario(t *testing.T, path string) sim.Report {
	t.Helper()
	w, ds := scenario.LoadFile(path)
	if ds.HasErrors() || w == nil {
		t.Fatalf("scenario %s: %v", path, ds)
	}
	return sim.Run(w)
}

// traceSnapshot loads a snapshot folder and traces it. The folder must
// load without errors or warnings (a file no decoder reads is a warning),
// and leave nothing unknown: it holds every response its network needs.
func traceSnapshot(t *testing.T, dir string) sim.Report {
	t.Helper()
	w, ds := snapshot.Load(dir)
	var bad []string
	for _, d := range ds {
		if d.Severity == model.SeverityError || d.Severity == model.SeverityWarning {
			bad = append(bad, fmt.Sprintf("%s: %s: %s [%s]", d.Source, d.Severity, d.Message, d.Code))
		}
	}
	if len(bad) > 0 || w == nil {
		t.Fatalf("snapshot %s does not load cleanly:\n%s", dir, strings.Join(bad, "\n"))
	}
	if len(w.Unknowns) > 0 {
		var us []string
		for _, u := range w.Unknowns {
			us = append(us, fmt.Sprintf("%s: %s %s: %s %s (%s)", u.Source, u.Kind, u.ID, u.Field, u.Why, u.Fix))
		}
		t.Errorf("snapshot %s leaves settings unknown:\n%s", dir, strings.Join(us, "\n"))
	}
	return sim.Run(w)
}

// mapReport returns r with every string of its workloads mapped from the
// snapshot's IDs to the scenario's (tw.ids, longest first), then through
// tw.texts. Diagnostics are left as they are (they are compared by code).
func mapReport(r sim.Report, tw twin) sim.Report {
	var pairs []string
	olds := make([]string, 0, len(tw.ids))
	for old := range tw.ids {
		olds = append(olds, old)
	}
	slices.SortFunc(olds, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b)) })
	for _, old := range olds {
		pairs = append(pairs, old, tw.ids[old])
	}
	ids := strings.NewReplacer(pairs...)
	replace := func(s string) string {
		s = ids.Replace(s)
		for _, p := range tw.texts {
			s = strings.ReplaceAll(s, p[0], p[1])
		}
		return s
	}
	out := sim.Report{Diagnostics: r.Diagnostics}
	for _, wl := range r.Workloads {
		out.Workloads = append(out.Workloads, mapStrings(wl, replace))
	}
	return out
}

// mapStrings returns a deep copy of v with f applied to every string in
// it (the report shares slices between placements: it is not changed).
func mapStrings[T any](v T, f func(string) string) T {
	return mapValue(reflect.ValueOf(v), f).Interface().(T)
}

func mapValue(v reflect.Value, f func(string) string) reflect.Value {
	n := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.String:
		n.SetString(f(v.String()))
	case reflect.Struct:
		n.Set(v)
		for i := range v.NumField() {
			if n.Field(i).CanSet() {
				n.Field(i).Set(mapValue(v.Field(i), f))
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		n = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			n.Index(i).Set(mapValue(v.Index(i), f))
		}
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		n = reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			n.SetMapIndex(mapValue(it.Key(), f), mapValue(it.Value(), f))
		}
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(mapValue(v.Elem(), f))
		return p
	default:
		return v
	}
	return n
}
