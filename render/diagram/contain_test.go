package diagram_test

import (
	"bufio"
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/sim"
)

// dotNode is a node of a parsed DOT: its label lines and the first label
// lines of the clusters around it, outermost first.
type dotNode struct {
	ID       string
	Label    []string
	Clusters []string
	Grey     bool // drawn grey: on no drawn path
	Empty    bool // the invisible point of an empty box
}

// place is the node's label in its boxes, as one string.
func (n dotNode) place() string {
	return strings.Join(n.Clusters, " > ") + " > " + strings.Join(n.Label, " / ")
}

var (
	dotCluster = regexp.MustCompile(`^subgraph cluster_(\w+) \{$`)
	dotGraph   = regexp.MustCompile(`^graph \[label="((?:[^"\\]|\\.)*)"`)
	dotNodeRe  = regexp.MustCompile(`^(n\d+) \[.*?label="((?:[^"\\]|\\.)*)"`)
)

// parseDOT reads the clusters and nodes of a DOT as Graph.DOT writes it:
// one statement a line, a cluster's graph attributes first.
func parseDOT(t testing.TB, dot []byte) []dotNode {
	t.Helper()
	var stack []string // first label line of each open cluster
	var nodes []dotNode
	sc := bufio.NewScanner(bytes.NewReader(dot))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case dotCluster.MatchString(line):
			stack = append(stack, "")
		case line == "}":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case dotGraph.MatchString(line) && len(stack) > 0:
			label := unquoteDOT(dotGraph.FindStringSubmatch(line)[1])
			stack[len(stack)-1] = strings.SplitN(label, "\n", 2)[0]
		case dotNodeRe.MatchString(line):
			m := dotNodeRe.FindStringSubmatch(line)
			nodes = append(nodes, dotNode{ID: m[1], Label: strings.Split(unquoteDOT(m[2]), "\n"), Clusters: slices.Clone(stack),
				Grey: strings.Contains(line, `color="#9ca3af"`), Empty: strings.Contains(line, "style=invis")})
		}
	}
	if len(stack) != 0 {
		t.Fatalf("DOT leaves %d clusters open", len(stack))
	}
	return nodes
}

func unquoteDOT(s string) string {
	return strings.NewReplacer(`\n`, "\n", `\"`, `"`, `\\`, `\`).Replace(s)
}

// placeOf says which boxes a node of the diagram must sit in: its VPC's
// and, for a component in a subnet, the subnet's and its AZ's. ok is
// false for a node that is not a VPC's component.
func placeOf(w *model.World, label []string) (want []string, ok bool) {
	subnets := map[string]model.Subnet{}
	for _, s := range w.Subnets {
		subnets[s.ID] = s
	}
	inSubnet := func(id string) []string {
		s, ok := subnets[id]
		if !ok {
			return nil
		}
		return []string{"VPC " + s.VPC, "AZ " + s.AZ, "subnet " + s.ID}
	}
	first := label[0]
	for _, rt := range w.RouteTables {
		if first == "route table "+rt.ID {
			return []string{"VPC " + rt.VPC}, true
		}
	}
	for _, v := range w.VPCs {
		if first == "route table "+v.ID+" (main route table)" {
			return []string{"VPC " + v.ID}, true
		}
	}
	for _, n := range w.NATGateways {
		if first == "NAT gateway "+n.ID || first == "NAT gateway "+n.ID+" (private)" {
			return inSubnet(n.Subnet), true
		}
	}
	for _, ep := range w.Endpoints {
		if first == "gateway endpoint "+ep.ID {
			return []string{"VPC " + ep.VPC}, true
		}
		if first == "endpoint "+ep.ID+" ENI" {
			// Each ENI is in one of the endpoint's subnets: the test
			// below checks it is in a subnet box of the endpoint.
			return []string{"VPC " + ep.VPC}, true
		}
	}
	for _, g := range w.InternetGateways {
		if first == "internet gateway "+g.ID && g.VPC != "" {
			return []string{"VPC " + g.VPC}, true
		}
	}
	for _, a := range w.TransitGatewayAttachments {
		if first == "TGW attachment "+a.ID {
			return []string{"VPC " + a.VPC}, true
		}
	}
	for _, fs := range w.FileSystems {
		for _, mt := range fs.MountTargets {
			if first == "EFS mount target "+mt.ID {
				return inSubnet(mt.Subnet), true
			}
		}
	}
	if strings.HasPrefix(first, "network ACL ") && len(label) > 1 {
		if sub, ok := strings.CutPrefix(label[1], "of subnet "); ok {
			return inSubnet(sub), true
		}
	}
	if strings.HasPrefix(first, "route table") {
		return nil, true // a route table the input does not have: never right
	}
	return nil, false
}

// containsInOrder reports whether want appears in have in its order.
func containsInOrder(have, want []string) bool {
	i := 0
	for _, h := range have {
		if i < len(want) && h == want[i] {
			i++
		}
	}
	return i == len(want)
}

// contained lists the nodes of g's DOT that are outside a box of theirs.
func contained(t testing.TB, w *model.World, g *diagram.Graph) []string {
	var bad []string
	endpointSubnets := map[string][]string{}
	for _, ep := range w.Endpoints {
		endpointSubnets[ep.ID] = ep.Subnets
	}
	for _, n := range parseDOT(t, g.DOT()) {
		want, ok := placeOf(w, n.Label)
		if !ok {
			continue
		}
		if want == nil || !containsInOrder(n.Clusters, want) {
			bad = append(bad, fmt.Sprintf("%q is in %q, want in %q", n.Label[0], n.Clusters, want))
			continue
		}
		if id, ok := strings.CutPrefix(n.Label[0], "endpoint "); ok && strings.HasSuffix(id, " ENI") {
			id = strings.TrimSuffix(id, " ENI")
			last := n.Clusters[len(n.Clusters)-1]
			if !slices.Contains(endpointSubnets[id], strings.TrimPrefix(last, "subnet ")) {
				bad = append(bad, fmt.Sprintf("%q is in %q, not in a subnet of the endpoint", n.Label[0], n.Clusters))
			}
		}
	}
	return bad
}

// containmentInputs are every scenario of testdata/scenarios and the hub
// and spoke Terraform root.
func containmentInputs(t *testing.T) map[string]*model.World {
	t.Helper()
	worlds := map[string]*model.World{}
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "scenarios", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		w, ds := scenario.LoadFile(f)
		if ds.HasErrors() {
			t.Fatalf("%s: %v", f, ds)
		}
		worlds[filepath.Base(f)] = w
	}
	for _, root := range []string{"hub-spoke-tgw", "seed", "for-each-azs", "gwlb-route", "network-firewall"} {
		w, ds := terraform.Load(filepath.Join("..", "..", "testdata", "terraform", root), terraform.Options{})
		if w == nil || ds.HasErrors() {
			t.Fatalf("%s: %v", root, ds)
		}
		worlds[root] = w
	}
	return worlds
}

// TestContainment draws every workload of every input, whole and path
// only, and checks from the DOT's clusters that each route table, NAT
// gateway, endpoint, attachment, gateway and mount target sits inside its
// VPC's box, and each component of a subnet inside its subnet's box, in its
// AZ's box.
func TestContainment(t *testing.T) {
	for name, w := range containmentInputs(t) {
		r := sim.Run(w)
		for _, wl := range r.Workloads {
			for _, pathOnly := range []bool{false, true} {
				g, err := diagram.Build(w, r, diagram.Options{Workload: wl.Name, PathOnly: pathOnly})
				if err != nil {
					t.Fatalf("%s %s: %v", name, wl.Name, err)
				}
				for _, b := range contained(t, w, g) {
					t.Errorf("%s, workload %s, path only %v: %s", name, wl.Name, pathOnly, b)
				}
			}
		}
	}
}

// TestPathOnly checks --path-only on every workload of every input: it
// draws exactly the components that the whole diagram draws on a path
// (not grey), in the same boxes, and the same edges.
func TestPathOnly(t *testing.T) {
	for name, w := range containmentInputs(t) {
		r := sim.Run(w)
		for _, wl := range r.Workloads {
			whole, err := diagram.Build(w, r, diagram.Options{Workload: wl.Name})
			if err != nil {
				t.Fatal(err)
			}
			part, err := diagram.Build(w, r, diagram.Options{Workload: wl.Name, PathOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, n := range parseDOT(t, whole.DOT()) {
				if !n.Grey && !n.Empty {
					want = append(want, n.place())
				}
			}
			var got []string
			for _, n := range parseDOT(t, part.DOT()) {
				got = append(got, n.place())
			}
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, workload %s: path-only nodes (-on a path in the whole diagram +drawn):\n%s", name, wl.Name, diff)
			}
			if len(part.Edges) != len(whole.Edges) {
				t.Errorf("%s, workload %s: %d edges path only, %d in the whole diagram", name, wl.Name, len(part.Edges), len(whole.Edges))
			}
		}
	}
}

// TestDefaultWorkload checks which workload a diagram draws when none is
// named: the first that would not start, else the first.
func TestDefaultWorkload(t *testing.T) {
	worlds := containmentInputs(t)
	got := map[string]string{}
	for name, w := range worlds {
		r := sim.Run(w)
		g, err := diagram.Build(w, r, diagram.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got[name] = g.Workload
	}
	want := map[string]string{}
	for name, w := range worlds {
		r := sim.Run(w)
		want[name] = r.Workloads[0].Name
		for _, wl := range r.Workloads {
			if wl.Outcome == sim.OutcomeFails {
				want[name] = wl.Name
				break
			}
		}
	}
	// Spot checks that the rule above is the one meant: the hub's first
	// workload starts and its second does not; every workload of the seed
	// starts.
	if want["hub-spoke-tgw"] != "payments" || want["seed"] != "app" || want["transit.yaml"] != "spoke-two-az" {
		t.Fatalf("the inputs changed: %v", want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default workload (-want +got):\n%s", diff)
	}
}
