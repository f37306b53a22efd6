package diagram_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/render/diagram/graphviz"
	"github.com/vpctrace/vpctrace/sim"
)

var update = flag.Bool("update", false, "rewrite the golden DOT files in testdata")

func seed(t testing.TB) *model.World {
	t.Helper()
	w, ds := scenario.Decode(example.SeedFile, example.Seed)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return w
}

func load(t testing.TB, name string) *model.World {
	t.Helper()
	w, ds := scenario.LoadFile(filepath.Join("..", "..", "testdata", "scenarios", name))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return w
}

func build(t testing.TB, w *model.World, opts diagram.Options) *diagram.Graph {
	t.Helper()
	g, err := diagram.Build(w, sim.Run(w), opts)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

var goldens = []struct {
	name  string
	world func(testing.TB) *model.World
	opts  diagram.Options
}{
	{"seed", seed, diagram.Options{}},
	{"seed-secretsmanager-private-dns-off", func(t testing.TB) *model.World { return load(t, "seed-secretsmanager-private-dns-off.yaml") }, diagram.Options{}},
	{"transit-spoke-two-az", func(t testing.TB) *model.World { return load(t, "transit.yaml") }, diagram.Options{Workload: "spoke-two-az"}},
	{"transit-spoke-b-logs", func(t testing.TB) *model.World { return load(t, "transit.yaml") }, diagram.Options{Workload: "spoke-b", Call: "logs"}},
	{"transit-spoke-two-az-1c", func(t testing.TB) *model.World { return load(t, "transit.yaml") }, diagram.Options{Workload: "spoke-two-az", Placement: "spoke-a-1c"}},
	{"ec2", func(t testing.TB) *model.World { return load(t, "ec2.yaml") }, diagram.Options{}},
	{"efs", func(t testing.TB) *model.World { return load(t, "efs.yaml") }, diagram.Options{}},
	{"nat", func(t testing.TB) *model.World { return load(t, "nat.yaml") }, diagram.Options{}},
	{"peering", func(t testing.TB) *model.World { return load(t, "peering.yaml") }, diagram.Options{}},
	{"transit-path-only", func(t testing.TB) *model.World { return load(t, "transit.yaml") }, diagram.Options{PathOnly: true}},
}

// TestGoldenDOT compares the DOT of each case with testdata/NAME.dot;
// go test -run TestGoldenDOT -update rewrites them.
func TestGoldenDOT(t *testing.T) {
	for _, tc := range goldens {
		t.Run(tc.name, func(t *testing.T) {
			got := build(t, tc.world(t), tc.opts).DOT()
			if again := build(t, tc.world(t), tc.opts).DOT(); !bytes.Equal(got, again) {
				t.Fatal("two builds of the same input give different DOT")
			}
			path := filepath.Join("testdata", tc.name+".dot")
			if *update {
				if err := os.WriteFile(path, got, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGoldenDOT -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("DOT differs from %s (run with -update after checking the change):\n%s", path, got)
			}
		})
	}
}

func render(t testing.TB, g *diagram.Graph, f diagram.Format) []byte {
	t.Helper()
	out, err := graphviz.Render(context.Background(), g.DOT(), f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// svgText parses svg as XML and returns all its character data, unescaped.
func svgText(t *testing.T, svg []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return text.String()
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "script" || tok.Name.Local == "foreignObject" {
				t.Fatalf("SVG has a <%s> element", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Fatalf("SVG has an event handler attribute %s", a.Name.Local)
				}
			}
		case xml.CharData:
			text.Write(tok)
			text.WriteByte('\n')
		}
	}
}

// TestSVGHasEveryComponentAndCall checks that the SVG is XML and names
// every component of the world and every drawn call.
func TestSVGHasEveryComponentAndCall(t *testing.T) {
	for _, tc := range goldens {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.world(t)
			r := sim.Run(w)
			g, err := diagram.Build(w, r, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			svg := render(t, g, diagram.FormatSVG)
			if again := render(t, g, diagram.FormatSVG); !bytes.Equal(svg, again) {
				t.Fatal("two renders of the same graph give different SVG")
			}
			text := svgText(t, svg)
			var want []string
			if tc.opts.PathOnly {
				// TestPathOnly checks what a path-only diagram draws.
				w = &model.World{}
			}
			for _, v := range w.VPCs {
				want = append(want, "VPC "+v.ID)
			}
			for _, s := range w.Subnets {
				want = append(want, "subnet "+s.ID, "AZ "+s.AZ)
			}
			for _, x := range w.RouteTables {
				want = append(want, "route table "+x.ID)
			}
			for _, x := range w.InternetGateways {
				want = append(want, "internet gateway "+x.ID)
			}
			for _, x := range w.NATGateways {
				want = append(want, "NAT gateway "+x.ID)
			}
			for _, x := range w.Endpoints {
				if x.Type == model.EndpointGateway {
					want = append(want, "gateway endpoint "+x.ID)
				} else if len(x.Subnets) > 0 {
					want = append(want, "endpoint "+x.ID+" ENI")
				}
			}
			for _, x := range w.TransitGateways {
				want = append(want, "transit gateway "+x.ID)
			}
			for _, x := range w.Peerings {
				want = append(want, "peering "+x.ID)
			}
			wl := *diagram.DefaultWorkload(r)
			for _, x := range r.Workloads {
				if x.Name == tc.opts.Workload {
					wl = x
				}
			}
			for _, c := range wl.Calls {
				if tc.opts.Call != "" && string(c.Kind) != tc.opts.Call {
					continue
				}
				want = append(want, string(c.Kind))
				for _, p := range c.Placements {
					if p.Reason != "" && (tc.opts.Placement == "" || tc.opts.Placement == p.Subnet) {
						want = append(want, string(p.Reason))
					}
				}
			}
			for _, s := range want {
				if !strings.Contains(text, s) {
					t.Errorf("SVG text does not contain %q", s)
				}
			}
		})
	}
}

func TestPNG(t *testing.T) {
	png := render(t, build(t, seed(t), diagram.Options{}), diagram.FormatPNG)
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("not a PNG: % x", png[:min(8, len(png))])
	}
}

// rename changes the seed's subnet and route table IDs everywhere.
func hostile(t testing.TB) (*model.World, string, string) {
	w := seed(t)
	subnet := `<script>alert(1)</script>"a\"b`
	rt := `rt"\N\G\l]; x -> y [label="pwn`
	for i := range w.Subnets {
		w.Subnets[i].ID = subnet
		w.Subnets[i].RouteTable = rt
	}
	for i := range w.RouteTables {
		w.RouteTables[i].ID = rt
	}
	for i := range w.Endpoints {
		for j := range w.Endpoints[i].Subnets {
			w.Endpoints[i].Subnets[j] = subnet
		}
		for j := range w.Endpoints[i].RouteTables {
			w.Endpoints[i].RouteTables[j] = rt
		}
	}
	for i := range w.Services {
		w.Services[i].Subnets = []string{subnet}
		w.Services[i].Name = "</text><script>alert(2)</script>"
	}
	w.VPCs[0].ID = "vpc\x00\x1b[31m&amp;\u2028"
	for i := range w.Subnets {
		w.Subnets[i].VPC = w.VPCs[0].ID
	}
	for i := range w.RouteTables {
		w.RouteTables[i].VPC = w.VPCs[0].ID
	}
	for i := range w.Endpoints {
		w.Endpoints[i].VPC = w.VPCs[0].ID
	}
	for i := range w.SecurityGroups {
		w.SecurityGroups[i].VPC = w.VPCs[0].ID
	}
	return w, subnet, rt
}

// TestEscaping draws a world whose names are markup, quotes and DOT
// syntax: the DOT must parse with the names only in labels, and the SVG
// must be well-formed, contain no script element and show the names as
// text.
func TestEscaping(t *testing.T) {
	w, subnet, rt := hostile(t)
	r := sim.Run(w)
	g, err := diagram.Build(w, r, diagram.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dot := g.DOT()
	if bytes.Contains(dot, []byte("x -> y")) && !bytes.Contains(dot, []byte(`x -> y [label=\"pwn`)) {
		t.Errorf("route table name escaped the label:\n%s", dot)
	}
	if bytes.ContainsAny(dot, "\x00\x1b") {
		t.Error("DOT contains control characters")
	}
	svg := render(t, g, diagram.FormatSVG)
	if bytes.Contains(svg, []byte("<script")) {
		t.Fatalf("SVG contains a script element:\n%s", svg)
	}
	text := svgText(t, svg)
	for _, s := range []string{"subnet " + subnet, "route table " + rt, "</text><script>alert(2)</script>"} {
		if !strings.Contains(text, s) {
			t.Errorf("SVG text does not show %q", s)
		}
	}
	if strings.Contains(text, "pwn\n") && !strings.Contains(text, `label="pwn`) {
		t.Error("the route table name was split into DOT syntax")
	}
}

func TestOptionErrors(t *testing.T) {
	w := seed(t)
	r := sim.Run(w)
	for _, tc := range []struct {
		opts diagram.Options
		want string
	}{
		{diagram.Options{Workload: "nope"}, `no workload "nope"; the workloads are app`},
		{diagram.Options{Call: "efs"}, `workload app makes no "efs" call; its calls are ecr-auth`},
		{diagram.Options{Placement: "private-b"}, `no placement in subnet "private-b"; its placements are private-a`},
	} {
		_, err := diagram.Build(w, r, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Build(%+v) = %v, want an error containing %q", tc.opts, err, tc.want)
		}
	}
	if _, err := diagram.ParseFormat("pdf"); err == nil {
		t.Error("ParseFormat(pdf) did not fail")
	}
}

// TestCallAndPlacementFilter checks that --call draws only that call.
func TestCallAndPlacementFilter(t *testing.T) {
	g := build(t, load(t, "transit.yaml"), diagram.Options{Workload: "spoke-two-az", Call: "logs", Placement: "spoke-a-1c"})
	for _, e := range g.Edges {
		for _, l := range e.Labels {
			if !strings.HasPrefix(l, "logs") {
				t.Errorf("edge %s -> %s has label %q", e.From.Key, e.To.Key, l)
			}
		}
		if e.Status != diagram.StatusBlocked {
			t.Errorf("edge %s -> %s is %s; spoke-a-1c is blocked", e.From.Key, e.To.Key, e.Status)
		}
	}
}

func benchmark(b *testing.B, w *model.World, f diagram.Format) {
	r := sim.Run(w)
	b.ReportAllocs()
	for b.Loop() {
		g, err := diagram.Build(w, r, diagram.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := graphviz.Render(context.Background(), g.DOT(), f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSeedDOT(b *testing.B) { benchmark(b, seed(b), diagram.FormatDOT) }
func BenchmarkSeedSVG(b *testing.B) { benchmark(b, seed(b), diagram.FormatSVG) }
func BenchmarkSeedPNG(b *testing.B) { benchmark(b, seed(b), diagram.FormatPNG) }

// world50 is a generated world of 5 VPCs with 10 task subnets each (53
// subnets with the NAT subnets), a transit gateway and endpoints.
func world50(b *testing.B) *model.World {
	w := worldgen.Generate(worldgen.Size{VPCs: 5, SubnetsPerVPC: 10, ServicesPerVPC: 2})
	if len(w.Subnets) < 50 {
		b.Fatalf("%d subnets", len(w.Subnets))
	}
	return w
}

func BenchmarkWorld50SubnetsDOT(b *testing.B) { benchmark(b, world50(b), diagram.FormatDOT) }
func BenchmarkWorld50SubnetsSVG(b *testing.B) { benchmark(b, world50(b), diagram.FormatSVG) }

// vpcs50 is the generated world of 50 VPCs, 500 task subnets and 500
// services that issue 17 measured the PNG on (11.5 s and 1.14 GB, against
// 4.6 s and 322 MB for native dot). Heavy: run it with -benchtime 1x.
func vpcs50() *model.World {
	return worldgen.Generate(worldgen.Size{VPCs: 50, SubnetsPerVPC: 10, ServicesPerVPC: 10})
}

func BenchmarkWorld50VPCsSVG(b *testing.B) { benchmark(b, vpcs50(), diagram.FormatSVG) }
func BenchmarkWorld50VPCsPNG(b *testing.B) { benchmark(b, vpcs50(), diagram.FormatPNG) }

// TestPNGBordersAndEdges checks that the PNG strokes what Graphviz asks
// it to: the border of a filled box and of a filled rounded box in their
// pen colour (go-graphviz's image renderer only filled them), and an
// edge's curve (it filled it into a wedge, or left a straight one out).
func TestPNGBordersAndEdges(t *testing.T) {
	dot := []byte(`digraph {
  node [style=filled, fillcolor="#ffffff", color="#ff0000", label="node"];
  edge [color="#ff00ff"];
  subgraph cluster_a { graph [style=filled, fillcolor="#ffffff", color="#0000ff", label="box"]; a; }
  subgraph cluster_b { graph [style="filled,rounded", fillcolor="#ffffff", color="#00ff00", label="rounded"]; b; }
  a -> b;
}`)
	data, err := graphviz.Render(context.Background(), dot, diagram.FormatPNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	colors := map[string][3]uint32{"node border": {255, 0, 0}, "box border": {0, 0, 255}, "rounded box border": {0, 255, 0}, "edge": {255, 0, 255}}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			for name, c := range colors {
				if r>>8 == c[0] && g>>8 == c[1] && bl>>8 == c[2] {
					got[name] = true
				}
			}
		}
	}
	want := map[string]bool{"node border": true, "box border": true, "rounded box border": true, "edge": true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("colours drawn (-want +got):\n%s", diff)
	}
}
