package diagram_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/render/diagram"
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
