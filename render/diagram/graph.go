// Package diagram draws a world and the traced calls of one workload as a
// graph: the network nested region > VPC > Availability Zone > subnet, the
// AWS services and the internet outside it, and one path per call and
// placement through the components its trace passed.
//
// Build makes a Graph from the model and the sim report; Graph.DOT writes
// it as Graphviz DOT text. A Drawer lays the DOT out as SVG or PNG:
// package graphviz's Render does it in-process with
// github.com/goccy/go-graphviz (no system Graphviz). This package does not
// link Graphviz. It computes no reachability: verdicts, reasons and hops
// come from the report.
//
// Names from the input never become DOT syntax: nodes and clusters get
// synthetic IDs (n1, n2, ..., c1, c2, ...) assigned in sorted order, and
// names appear only in quoted, escaped labels and tooltips. No HTML-like
// labels are used, and & is escaped so that Graphviz reads no entity from
// a name: Graphviz escapes the text when it writes SVG, which is always
// XML. A drawn label line is at most maxLine characters; a longer one is
// elided and the whole text kept as the tooltip.
package diagram

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Status is how a drawn path segment ends up: the verdict of its call at
// its placement.
type Status string

// Statuses, each with its own colour, line style and mark.
const (
	StatusReachable Status = "reachable" // green, solid, ✓
	StatusBlocked   Status = "blocked"   // red, dashed, ✗ and the reason
	StatusUnknown   Status = "unknown"   // amber, dotted, ? and the reason
)

// Graph is a diagram: nested clusters of nodes and the call edges between
// them. Its zero value is not useful; make one with Build.
type Graph struct {
	Title string
	// Workload is the name of the workload whose calls are drawn; empty
	// when the report has none.
	Workload string
	Root     *Cluster // the clusters and nodes; Root itself is not drawn as a box
	Edges    []*Edge
}

// Cluster is a box of the diagram: a region, VPC, AZ, subnet or the
// services outside the network.
type Cluster struct {
	ID       string // c1, c2, ...; empty for the root
	Kind     string // "region", "vpc", "az", "subnet", "services"
	Key      string // sort key, unique among siblings
	Label    []string
	Clusters []*Cluster
	Nodes    []*Node
}

// Node is a component of the network or a service.
type Node struct {
	ID    string // n1, n2, ...
	Key   string // unique identity, e.g. "nat:hub-nat"
	Kind  string // "task", "nat", "igw", "endpoint-eni", "service", ...
	Label []string
	Used  bool // some drawn path passes it
	// Blocks lists the "✗ call REASON" marks of paths that stop here.
	Blocks []string
}

// Edge is one segment of one or more call paths with the same status.
type Edge struct {
	From, To *Node
	Status   Status
	// Final marks the segment into the component that blocks the call.
	Final bool
	// Labels are the call kinds (with the reason code on a final segment),
	// sorted and unique.
	Labels []string
}

// styles of the three statuses: colour, line style, mark. Colour is never
// the only signal.
var styles = map[Status]struct{ color, style, mark string }{
	StatusReachable: {"#1a7f37", "solid", "✓"},
	StatusBlocked:   {"#cf222e", "dashed", "✗"},
	StatusUnknown:   {"#9a6700", "dotted", "?"},
}

// node shapes and fills per kind.
var nodeStyles = map[string]struct{ shape, fill string }{
	"task":         {"box", "#dbeafe"},
	"instance":     {"box", "#dbeafe"},
	"nat":          {"box", "#fef3c7"},
	"nat-instance": {"box", "#fef3c7"},
	"igw":          {"box", "#fde68a"},
	"eigw":         {"box", "#fde68a"},
	"vgw":          {"box", "#e5e7eb"},
	"route-table":  {"note", "#f3f4f6"},
	"gateway-ep":   {"box", "#ede9fe"},
	"endpoint-eni": {"box", "#ede9fe"},
	"mount-target": {"box", "#e0f2fe"},
	"tgw":          {"hexagon", "#fce7f3"},
	"tgw-att":      {"box", "#fce7f3"},
	"peering":      {"hexagon", "#fce7f3"},
	"service":      {"box", "#ecfdf5"},
	"internet":     {"ellipse", "#f9fafb"},
	"fargate":      {"box", "#f3f4f6"},
	"other":        {"box", "#f3f4f6"},
	"empty":        {"point", ""},
}

var clusterStyles = map[string]struct{ color, fill, style string }{
	"region":   {"#6b7280", "#ffffff", "dashed"},
	"vpc":      {"#2563eb", "#f8fafc", "solid"},
	"az":       {"#9ca3af", "#ffffff", "dashed"},
	"subnet":   {"#059669", "#f0fdf4", "rounded"},
	"services": {"#6b7280", "#ffffff", "rounded"},
}

// DOT writes the graph as Graphviz DOT text. The same graph always gives
// the same bytes.
func (g *Graph) DOT() []byte {
	var b bytes.Buffer
	b.WriteString("digraph vpctrace {\n")
	fmt.Fprintf(&b, "  graph [rankdir=LR, pad=0.2, fontname=\"Helvetica\", fontsize=11, nodesep=0.2, ranksep=0.5, labelloc=t, labeljust=l, %s];\n", leftLabelAttrs(g.Title, Legend))
	b.WriteString("  node [fontname=\"Helvetica\", fontsize=9, style=filled, margin=\"0.08,0.03\", height=0.3];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];\n")
	writeCluster(&b, g.Root, "  ")
	for _, e := range g.Edges {
		s := styles[e.Status]
		attrs := fmt.Sprintf("color=%s, fontcolor=%s, style=%s, penwidth=1.4, %s",
			quote(s.color), quote(s.color), s.style, labelAttrs(edgeLabel(s.mark, e)...))
		if e.Final {
			attrs += ", arrowhead=tee, penwidth=2"
		}
		if e.From == e.To {
			attrs += ", headport=s, tailport=s"
		}
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", e.From.ID, e.To.ID, attrs)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// edgeLabel is the lines of an edge's label: the mark and the call kinds,
// three to a line; on a final segment, the kinds stopped for each reason,
// "✗ kind, kind: REASON", each reason with a mark of its own.
func edgeLabel(mark string, e *Edge) []string {
	if !e.Final {
		return kindLines(mark, e.Labels, "")
	}
	var reasons []string
	kinds := map[string][]string{}
	for _, l := range e.Labels {
		kind, reason, _ := strings.Cut(l, ": ")
		if kinds[reason] == nil {
			reasons = append(reasons, reason)
		}
		kinds[reason] = append(kinds[reason], kind)
	}
	slices.Sort(reasons)
	var lines []string
	for _, r := range reasons {
		slices.Sort(kinds[r])
		lines = append(lines, kindLines(mark, kinds[r], ": "+r)...)
	}
	return lines
}

// kindLines is mark, the kinds three to a line, and end.
func kindLines(mark string, kinds []string, end string) []string {
	var lines []string
	for l := range slices.Chunk(kinds, 3) {
		lines = append(lines, strings.Join(l, ", "))
	}
	return strings.Split(mark+" "+strings.Join(lines, ",\n")+end, "\n")
}

func writeCluster(b *bytes.Buffer, c *Cluster, indent string) {
	inner := indent
	if c.ID != "" {
		s := clusterStyles[c.Kind]
		fmt.Fprintf(b, "%ssubgraph cluster_%s {\n", indent, c.ID)
		inner = indent + "  "
		style := "filled"
		if s.style != "solid" {
			style = "filled," + s.style
		}
		fmt.Fprintf(b, "%sgraph [%s, color=%s, fillcolor=%s, style=%q, fontsize=10];\n",
			inner, labelAttrs(c.Label...), quote(s.color), quote(s.fill), style)
	}
	for _, n := range c.Nodes {
		writeNode(b, n, inner)
	}
	for _, sub := range c.Clusters {
		writeCluster(b, sub, inner)
	}
	if c.ID != "" {
		fmt.Fprintf(b, "%s}\n", indent)
	}
}

func writeNode(b *bytes.Buffer, n *Node, indent string) {
	s, ok := nodeStyles[n.Kind]
	if !ok {
		s = nodeStyles["other"]
	}
	switch n.Kind {
	case "empty":
		fmt.Fprintf(b, "%s%s [shape=point, style=invis, width=0.01, label=\"\"];\n", indent, n.ID)
		return
	}
	lines := slices.Clone(n.Label)
	lines = append(lines, n.Blocks...)
	attrs := fmt.Sprintf("shape=%s, fillcolor=%s, %s", s.shape, quote(s.fill), labelAttrs(lines...))
	switch {
	case len(n.Blocks) > 0:
		attrs += ", color=\"#cf222e\", penwidth=2, fontcolor=\"#cf222e\""
	case !n.Used:
		attrs += ", color=\"#9ca3af\", fontcolor=\"#4b5563\""
	}
	fmt.Fprintf(b, "%s%s [%s];\n", indent, n.ID, attrs)
}

// maxLine is the most characters a drawn label line shows (issue 11,
// point 6): without a cap a name of 20,000 characters made a PNG 250,000
// pixels wide. A longer line, which only a name from the input makes, is
// elided in the middle with "…" (both ends of an ID or address tell the
// most), and the whole label becomes the tooltip of its node, cluster or
// graph, which the SVG keeps (xlink:title, shown on hover) and the DOT
// too. The longest line vpctrace makes itself, a title, has about 110.
const maxLine = 160

// labelAttrs returns the label attribute of lines as drawn, and a tooltip
// with the whole text when a line had to be elided. Each line is made one
// line first: a line break or tab inside it becomes a space and other
// control characters are dropped.
func labelAttrs(lines ...string) string {
	return labelAttrsEnd(false, lines...)
}

// leftLabelAttrs is labelAttrs with each line left-justified (ended by
// DOT's \l rather than separated by \n), for the title and legend above
// the drawing.
func leftLabelAttrs(lines ...string) string {
	return labelAttrsEnd(true, lines...)
}

func labelAttrsEnd(left bool, lines ...string) string {
	whole := make([]string, len(lines))
	drawn := make([]string, len(lines))
	elided := false
	for i, l := range lines {
		whole[i] = oneLine(l)
		drawn[i] = elide(whole[i], maxLine)
		elided = elided || drawn[i] != whole[i]
	}
	label := quote(strings.Join(drawn, "\n"))
	if left {
		// Each line is quoted alone, so that \l ends only the lines.
		var b strings.Builder
		b.WriteByte('"')
		for _, l := range drawn {
			b.WriteString(strings.TrimSuffix(strings.TrimPrefix(quote(l), `"`), `"`))
			b.WriteString(`\l`)
		}
		b.WriteByte('"')
		label = b.String()
	}
	attrs := "label=" + label
	if elided {
		attrs += ", tooltip=" + quote(strings.Join(whole, "\n"))
	}
	return attrs
}

// oneLine returns s, made valid UTF-8, with line breaks and tabs as spaces
// and without other control characters.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// elide returns s when it has at most max characters, else its first two
// thirds and last third with "…" between, max characters in all.
func elide(s string, max int) string {
	n := utf8.RuneCountInString(s)
	if n <= max {
		return s
	}
	head := (max - 1) * 2 / 3
	tail := max - 1 - head
	i, j := 0, len(s)
	for range head {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	for range tail {
		_, size := utf8.DecodeLastRuneInString(s[:j])
		j -= size
	}
	return s[:i] + "…" + s[j:]
}

// quote returns s as a DOT double-quoted string that Graphviz shows as
// written, in every output format:
//   - backslashes and quotes are escaped, so Graphviz's escape sequences
//     (\N, \G, \l, ...) cannot be injected from input names;
//   - & is escaped as &amp;, so that Graphviz reads no entity from a name:
//     "&#1;" or "&#x1b;" would put a control character into the SVG,
//     which then is not XML, and "&lt;svg" would show as "<svg";
//   - control characters are dropped and invalid UTF-8 and the two
//     characters XML forbids (U+FFFE, U+FFFF) are replaced by U+FFFD;
//   - newlines become \n.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '&':
			b.WriteString("&amp;")
		case r == utf8.RuneError || r == '\uFFFE' || r == '\uFFFF':
			b.WriteRune(utf8.RuneError)
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
