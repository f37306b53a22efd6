package diagram_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/diagram"
	"github.com/vpctrace/vpctrace/render/diagram/graphviz"
)

// names are the seed's IDs given new values everywhere they are used.
type names struct{ subnet, routeTable, vpc, workload string }

func renamed(t testing.TB, n names) *model.World {
	w := seed(t)
	for i := range w.VPCs {
		w.VPCs[i].ID = n.vpc
	}
	for i := range w.Subnets {
		w.Subnets[i].ID, w.Subnets[i].VPC, w.Subnets[i].RouteTable = n.subnet, n.vpc, n.routeTable
	}
	for i := range w.RouteTables {
		w.RouteTables[i].ID, w.RouteTables[i].VPC = n.routeTable, n.vpc
	}
	for i := range w.Endpoints {
		w.Endpoints[i].VPC = n.vpc
		for j := range w.Endpoints[i].Subnets {
			w.Endpoints[i].Subnets[j] = n.subnet
		}
		for j := range w.Endpoints[i].RouteTables {
			w.Endpoints[i].RouteTables[j] = n.routeTable
		}
	}
	for i := range w.SecurityGroups {
		w.SecurityGroups[i].VPC = n.vpc
	}
	for i := range w.Services {
		w.Services[i].Name, w.Services[i].Subnets = n.workload, []string{n.subnet}
	}
	return w
}

// svgDoc is what an SVG shows: its size, the drawn text and the tooltips.
type svgDoc struct {
	width, height string
	texts         []string
	tooltips      []string
}

// readSVG parses svg as strict XML, which fails on a control character or
// a character reference to one.
func readSVG(t *testing.T, svg []byte) svgDoc {
	t.Helper()
	var doc svgDoc
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return doc
		}
		if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
			if inText {
				doc.texts = append(doc.texts, "")
			}
			for _, a := range tok.Attr {
				switch {
				case tok.Name.Local == "svg" && a.Name.Local == "width":
					doc.width = a.Value
				case tok.Name.Local == "svg" && a.Name.Local == "height":
					doc.height = a.Value
				case tok.Name.Local == "a" && a.Name.Local == "title":
					doc.tooltips = append(doc.tooltips, a.Value)
				}
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				doc.texts[len(doc.texts)-1] += string(tok)
			}
		}
	}
}

// TestXMLSafeNames draws names holding entities and characters XML
// forbids: the SVG must be XML and show each name as written (issue 11,
// point 5). "&#1;" used to put a raw U+0001 into the SVG and "&lt;svg"
// showed as "<svg".
func TestXMLSafeNames(t *testing.T) {
	tests := []struct {
		name  string // given to the subnet, route table, VPC and workload
		shown string // as the SVG shows it
	}{
		{"a&#1;b", "a&#1;b"},
		{"&#x1b;[31mred", "&#x1b;[31mred"},
		{"&#0;&#xFFFE;&#55296;", "&#0;&#xFFFE;&#55296;"},
		{"&lt;svg onload=alert(1)&gt;", "&lt;svg onload=alert(1)&gt;"},
		{"AT&T &amp; co", "AT&T &amp; co"},
		{"raw\x01\x1b[0m\x7f", "raw[0m"},
		{"nonchar\uFFFE\uFFFF", "nonchar\uFFFD\uFFFD"},
		{`q"uote\N`, `q"uote\N`},
	}
	for _, tt := range tests {
		t.Run(tt.shown, func(t *testing.T) {
			w := renamed(t, names{"subnet " + tt.name, "rt " + tt.name, "vpc " + tt.name, "app " + tt.name})
			doc := readSVG(t, render(t, build(t, w, diagram.Options{}), diagram.FormatSVG))
			want := []string{"subnet subnet " + tt.shown, "route table rt " + tt.shown, "VPC vpc " + tt.shown, "vpctrace: workload app " + tt.shown + " · FARGATE"}
			for _, s := range want {
				if !slicesContainsPrefix(doc.texts, s) {
					t.Errorf("no drawn text %q in %q", s, doc.texts)
				}
			}
		})
	}
}

func slicesContainsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// longNames are 100,000-character names: before issue 11, point 6, 20,000
// made a PNG 250,000 pixels wide (4 minutes, 1.2 GB) and 100,000 ran out
// of memory.
func longNames() names {
	long := func(prefix string) string {
		return prefix + "-" + strings.Repeat("0123456789", 10_000) + "-end"
	}
	return names{long("subnet"), long("rtb"), long("vpc"), long("app")}
}

// TestLongNames checks that long names are elided where drawn, kept
// whole in the SVG's tooltips, and that the SVG and PNG stay small.
func TestLongNames(t *testing.T) {
	n := longNames()
	g := build(t, renamed(t, n), diagram.Options{})
	doc := readSVG(t, render(t, g, diagram.FormatSVG))
	for _, s := range doc.texts {
		if c := utf8.RuneCountInString(s); c > 160 {
			t.Errorf("a drawn text has %d characters: %.80q...", c, s)
		}
	}
	for _, name := range []string{n.subnet, n.routeTable, n.vpc, n.workload} {
		if !containsSub(doc.tooltips, name) {
			t.Errorf("no tooltip holds the whole name %.20q...", name)
		}
		if !containsSub(doc.texts, name[:20]) || !containsSub(doc.texts, "…") || !containsSub(doc.texts, name[len(name)-20:]) {
			t.Errorf("the name %.20q... is not drawn elided", name)
		}
	}
	if got, want := [2]string{doc.width, doc.height}, 3000.0; ptOver(got[0], want) || ptOver(got[1], want) {
		t.Errorf("SVG of %s x %s, want at most %vpt a side", got[0], got[1], want)
	}
	if t.Failed() {
		t.FailNow() // a PNG of unelided names takes minutes and gigabytes
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(render(t, g, diagram.FormatPNG)))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width > 4000 || cfg.Height > 4000 {
		t.Errorf("PNG of %d x %d pixels, want at most 4000 a side", cfg.Width, cfg.Height)
	}
}

func containsSub(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// ptOver reports whether an SVG length such as "2317pt" is over max.
func ptOver(length string, max float64) bool {
	v, err := strconv.ParseFloat(strings.TrimSuffix(length, "pt"), 64)
	return err != nil || v > max
}

// TestPNGCaps draws DOT whose drawing is huge whatever its labels: the
// PNG is scaled down within the caps, or refused when the DOT asks for a
// resolution that would still go beyond them.
func TestPNGCaps(t *testing.T) {
	type size struct{ W, H int }
	tests := []struct {
		name, dot string
		max       size   // the size it must fit, and fill at least 80% of on one side
		err       string // or the error it gives
	}{
		{"wide", `digraph { n [width=500, height=0.5]; }`, size{graphviz.MaxPNGSide, 40}, ""},
		{"tall", `digraph { n [width=0.5, height=400]; }`, size{40, graphviz.MaxPNGSide}, ""},
		{"a long label in DOT from elsewhere", `digraph { n [label="` + strings.Repeat("x", 50_000) + `"]; }`, size{graphviz.MaxPNGSide, 40}, ""},
		{"its own dpi", `digraph { graph [dpi=1000]; n [width=20, height=0.5]; }`, size{}, "a PNG of 20111 x 611 pixels is beyond the cap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := graphviz.Render(context.Background(), []byte(tt.dot), diagram.FormatPNG)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			got := size{cfg.Width, cfg.Height}
			if got.W > tt.max.W || got.H > tt.max.H || got.W*got.H > graphviz.MaxPNGPixels {
				t.Errorf("PNG of %v, want within %v", got, tt.max)
			}
			if got.W < tt.max.W*8/10 && got.H < tt.max.H*8/10 {
				t.Errorf("PNG of %v: scaled further than %v needs", got, tt.max)
			}
		})
	}
}

func benchmarkLongNames(b *testing.B, f diagram.Format) {
	benchmark(b, renamed(b, longNames()), f)
}

// BenchmarkLongNamesPNG draws the seed with 100,000-character names (issue
// 11, point 6: 20,000 took 4 minutes and 1.2 GB, 100,000 ran out of
// memory).
func BenchmarkLongNamesPNG(b *testing.B) { benchmarkLongNames(b, diagram.FormatPNG) }
func BenchmarkLongNamesSVG(b *testing.B) { benchmarkLongNames(b, diagram.FormatSVG) }
