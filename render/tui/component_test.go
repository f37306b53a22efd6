package tui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// scenarioWorld decodes a scenario of testdata/scenarios; positions name
// it as testdata/scenarios/NAME.
func scenarioWorld(t testing.TB, name string) *model.World {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "scenarios", name))
	if err != nil {
		t.Fatal(err)
	}
	w, ds := scenario.Decode("testdata/scenarios/"+name, data)
	if w == nil || ds.HasErrors() {
		t.Fatalf("%s: %v", name, ds)
	}
	return w
}

func scenarioModel(t testing.TB, name string) Model {
	return New(scenarioWorld(t, name), Options{Name: "testdata/scenarios/" + name, Renderer: lipgloss.NewRenderer(io.Discard)})
}

// markedLines returns the lines of the component view that are marked as
// deciding the call.
func markedLines(m Model) []string {
	var out []string
	for _, l := range m.comp.lines {
		if l.kind == lineMark {
			out = append(out, l.text)
		}
	}
	return out
}

// The route table of the seed's ecr-layers call lists the local route and
// the gateway endpoint's prefix-list route, the latter marked.
func TestDrillRouteTable(t *testing.T) {
	fm := drive(t, newModel(seed(t)), "Route table private-a", "jj", "enter", "jjj", "enter")
	if !fm.compOpen {
		t.Fatal("no component view")
	}
	v := fm.View()
	for _, want := range []string{"▸ com.amazonaws.ap-northeast-1.s3 -> gateway-endpoint s3", "10.0.0.0/16 -> local", "local route AWS adds", "added by gateway endpoint s3"} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
	if got := markedLines(fm); len(got) != 1 || got[0] != "com.amazonaws.ap-northeast-1.s3 -> gateway-endpoint s3" {
		t.Errorf("marked %q", got)
	}
	// esc goes back to the details, on the same hop.
	back := press(fm, "esc")
	if back.compOpen || back.focus != paneDetails || back.hop != 2 {
		t.Errorf("after esc: component %v, focus %d, hop %d", back.compOpen, back.focus, back.hop)
	}
}

// The secret call's endpoint hop offers the endpoint and its security
// group; the group's ingress rule that admitted the call is marked.
func TestDrillSecurityGroup(t *testing.T) {
	fm := drive(t, newModel(seed(t)), "Security group vpc-endpoint", "jjjj", "enter", "jjjj", "enter", "j", "enter")
	if got := markedLines(fm); len(got) != 1 || got[0] != "#1 tcp 443 from 10.0.0.0/16" {
		t.Errorf("marked %q", got)
	}
	if v := fm.View(); !strings.Contains(v, "Stateful") || !strings.Contains(v, "unioned") {
		t.Errorf("no note on stateful groups and their union:\n%s", v)
	}
}

// The NACL without a rule for the return traffic: the outbound rule 100
// that lets the request out and the final inbound * rule that drops the
// replies are marked.
func TestDrillNetworkACL(t *testing.T) {
	fm := drive(t, scenarioModel(t, "filters.yaml"), "Network ACL no-return", "/nacl", "enter", "g", "enter", "jjjj", "enter")
	want := []string{"*     deny  all traffic     0.0.0.0/0", "100   allow tcp 443         0.0.0.0/0"}
	if got := markedLines(fm); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("marked %q, want %q", got, want)
	}
}

// The gateway endpoint of perimeter-fixed: its policy, pretty-printed,
// with the statement that allowed the layer download marked.
func TestDrillEndpointPolicy(t *testing.T) {
	fm := drive(t, scenarioModel(t, "endpoint-policy.yaml"), "Endpoint s3-perimeter-fixed", "g", "jjjjjjj", "enter", "jjjjj", "enter")
	got := markedLines(fm)
	if len(got) < 5 || got[0] != "{" || !strings.Contains(strings.Join(got, " "), `"Sid": "AllowECRLayers"`) || strings.Contains(strings.Join(got, " "), "OnlyOurAccount") {
		t.Errorf("marked %q, want the AllowECRLayers statement", got)
	}
	if v := fm.View(); !strings.Contains(v, "▸") {
		t.Errorf("the marked statement is not on screen:\n%s", v)
	}
}

// The help pane scrolls on a short screen.
func TestHelpScrolls(t *testing.T) {
	fm := run(t, newModel(seed(t)), 80, 12, "Help", "?", "jjjjj")
	if !fm.showHelp || fm.helpView.YOffset != 5 {
		t.Fatalf("help %v, offset %d", fm.showHelp, fm.helpView.YOffset)
	}
	golden.RequireEqual(t, []byte(fm.View()))
	end := press(fm, "G")
	if !strings.Contains(end.View(), "overwritten.") {
		t.Errorf("the end of the help does not show:\n%s", end.View())
	}
	if press(end, "x").showHelp {
		t.Error("another key does not close the help")
	}
}

// Narrow help bars keep whole entries, the most important ones.
func TestHelpBar(t *testing.T) {
	for _, w := range []int{60, 40} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			fm := run(t, newModel(seed(t)), w, 24, "help")
			golden.RequireEqual(t, []byte(fm.View()))
		})
	}
}

// In every mode, at every width, the help bar fits, cuts no entry and
// keeps enter, ↑↓ and ? (or esc), the keys that lead everywhere else.
func TestHelpBarFits(t *testing.T) {
	base := resize(newModel(seed(t)), 80, 24)
	modes := map[string]Model{
		"calls":     base,
		"details":   press(base, "jjjj", "enter"),
		"hop":       press(base, "jjjj", "enter", "jj"),
		"component": press(base, "jjjj", "enter", "jj", "enter"),
		"chooser":   press(base, "jjjj", "enter", "jjjj", "enter"),
		"menu":      press(base, "w"),
		"help":      press(base, "?"),
		"filter":    press(base, "/"),
	}
	for name, m := range modes {
		for _, w := range []int{20, 30, 40, 60, 80, 120} {
			bar := m.helpBar(w)
			if n := ansi.StringWidth(bar); n > w {
				t.Errorf("%s at %d: the bar is %d cells: %q", name, w, n, bar)
			}
			if strings.Contains(bar, "…") {
				t.Errorf("%s at %d: the bar is cut: %q", name, w, bar)
			}
			if w >= 40 && !strings.Contains(bar, "enter") && !strings.Contains(bar, "esc") {
				t.Errorf("%s at %d: neither enter nor esc: %q", name, w, bar)
			}
		}
	}
}

// Moving the hop cursor scrolls the details so that the hop shows; up from
// the first hop goes back to the top.
func TestHopCursorFollows(t *testing.T) {
	m := press(resize(newModel(seedPrivateDNSOff(t)), 80, 14), "jjjj", "enter")
	if m.hop != -1 || m.details.YOffset != 0 {
		t.Fatalf("hop %d, offset %d on entering the details", m.hop, m.details.YOffset)
	}
	for i := range len(m.hopLines) {
		m = press(m, "j")
		if m.hop != i {
			t.Fatalf("hop %d after %d downs", m.hop, i+1)
		}
		if !strings.Contains(m.View(), "▸"+string(rune('1'+i))+".") {
			t.Errorf("hop %d is not on screen:\n%s", i+1, m.View())
		}
	}
	last := m.details.YOffset
	m = press(m, "j")
	if m.hop != len(m.hopLines)-1 || m.details.YOffset < last {
		t.Errorf("past the last hop: hop %d, offset %d (was %d)", m.hop, m.details.YOffset, last)
	}
	for range len(m.hopLines) {
		m = press(m, "k")
	}
	if m.hop != -1 || m.details.YOffset != 0 {
		t.Errorf("up from the first hop: hop %d, offset %d", m.hop, m.details.YOffset)
	}
	// Pages still scroll without moving the cursor.
	m = press(m, "pgdown")
	if m.details.YOffset == 0 || m.hop != -1 {
		t.Errorf("pgdown: offset %d, hop %d", m.details.YOffset, m.hop)
	}
}

// componentCase opens one component of one hop of one call.
type componentCase struct {
	name          string
	world         func(testing.TB) *model.World
	workload      string
	kind          sim.CallKind
	hopKind       string // the first hop whose kind starts with this
	target        targetKind
	targetID      string
	marked        []string // the marked lines, in order
	contains      []string
	withoutMarked bool
}

func TestComponentMarks(t *testing.T) {
	file := func(name string) func(testing.TB) *model.World {
		return func(t testing.TB) *model.World { return scenarioWorld(t, name) }
	}
	implicitMain := func(t testing.TB) *model.World {
		w := seed(t)
		w.Subnets[0].RouteTable = ""
		w.Endpoints[0].RouteTables = nil // the S3 gateway endpoint
		return w
	}
	tests := []componentCase{
		{name: "route table: gateway endpoint route", world: seed, workload: "app", kind: sim.CallECRLayers, hopKind: "route table", target: targetRouteTable, targetID: "private-a",
			marked: []string{"com.amazonaws.ap-northeast-1.s3 -> gateway-endpoint s3"}},
		{name: "implicit main route table", world: implicitMain, workload: "app", kind: sim.CallECRLayers, hopKind: "route table", target: targetRouteTable, targetID: "main (main route table)",
			contains: []string{"implicit main route table", "10.0.0.0/16 -> local", "Subnets: private-a", "no route in main (main route table)"}, withoutMarked: true},
		{name: "route table: local route in the hub", world: file("transit.yaml"), workload: "spoke", kind: sim.CallECRAuth, hopKind: "route table hub", target: targetRouteTable, targetID: "hub-tgw",
			marked: []string{"10.0.0.0/16 -> local"}},
		{name: "route table: transit gateway route", world: file("transit.yaml"), workload: "spoke", kind: sim.CallECRAuth, hopKind: "route table", target: targetRouteTable, targetID: "spoke-a",
			marked: []string{"0.0.0.0/0 -> transit-gateway tgw"}},
		{name: "task security group egress", world: seed, workload: "app", kind: sim.CallLogs, hopKind: "task ENI", target: targetSecurityGroup, targetID: "app",
			marked: []string{"#1 all traffic to 0.0.0.0/0, ::/0"}},
		{name: "security group denies: nothing marked", world: file("filters.yaml"), workload: "sg-ingress", kind: sim.CallLogs, hopKind: "interface endpoint ENI", target: targetSecurityGroup, targetID: "endpoints",
			contains: []string{"#1 tcp 443 from group app", "no rule of endpoints matches"}, withoutMarked: true},
		{name: "group with no egress", world: file("filters.yaml"), workload: "sg-egress", kind: sim.CallLogs, hopKind: "task ENI", target: targetSecurityGroup, targetID: "closed",
			contains: []string{"Egress (0)", "no rules: nothing is allowed out"}, withoutMarked: true},
		{name: "partial NACL", world: file("filters.yaml"), workload: "nacl-partial", kind: sim.CallLogs, hopKind: "network ACL of partial-a", target: targetNetworkACL, targetID: "partial-a",
			marked: []string{"*     deny  all traffic     0.0.0.0/0", "100   allow tcp 443         0.0.0.0/0"}},
		{name: "default NACL", world: seed, workload: "app", kind: sim.CallECRLayers, hopKind: "network ACL", target: targetNetworkACL, targetID: "private-a",
			marked: []string{"all   allow all traffic     0.0.0.0/0", "all   allow all traffic     0.0.0.0/0"}, contains: []string{"not in the input: allows everything"}},
		{name: "interface endpoint DNS name", world: seed, workload: "app", kind: sim.CallSecret, hopKind: "interface endpoint ENI", target: targetEndpoint, targetID: "secretsmanager",
			marked: []string{"secretsmanager.ap-northeast-1.amazonaws.com"}, contains: []string{"Private DNS: on", "full access (default)", "Security groups: vpc-endpoint"}},
		{name: "wildcard DNS name", world: seed, workload: "app", kind: sim.CallECRImage, hopKind: "interface endpoint ENI", target: targetEndpoint, targetID: "ecr-dkr",
			marked: []string{"*.dkr.ecr.ap-northeast-1.amazonaws.com"}},
		{name: "policy with the deciding statement", world: file("endpoint-policy.yaml"), workload: "perimeter-fixed", kind: sim.CallEnvFile, hopKind: "gateway endpoint", target: targetEndpoint, targetID: "s3-perimeter-fixed",
			contains: []string{`"Sid": "OnlyOurAccount"`, "Route tables: fixed"}},
		{name: "resolver: endpoint zone", world: seed, workload: "app", kind: sim.CallSecret, hopKind: "DNS resolver", target: targetResolver, targetID: "main",
			marked: []string{"secretsmanager.ap-northeast-1.amazonaws.com"}, contains: []string{"DNS support on"}},
		{name: "resolver: hosted zone alias", world: file("transit.yaml"), workload: "spoke", kind: sim.CallECRAuth, hopKind: "DNS resolver", target: targetResolver, targetID: "spoke-a",
			marked: []string{"api.ecr.ap-northeast-1.amazonaws.com"}, contains: []string{"alias to endpoint ecr-api"}},
		{name: "transit gateway summary", world: file("transit.yaml"), workload: "spoke", kind: sim.CallECRAuth, hopKind: "transit gateway", target: targetSummary, targetID: "tgw",
			// The route of the table the spoke's attachment is associated with (4.8.2).
			marked: []string{"10.0.0.0/16 -> att-hub (propagated)"}, contains: []string{"default route table main", "attachment att-hub", "Route table"}},
		{name: "NAT gateway summary", world: file("nat.yaml"), workload: "", kind: "", hopKind: "NAT gateway", target: targetSummary,
			contains: []string{"NAT gateway"}, withoutMarked: true},
		{name: "network firewall summary", world: file("firewall.yaml"), workload: "app", kind: sim.CallLogs, hopKind: "network firewall", target: targetSummary,
			contains: []string{"network firewall egress-fw", "policy egress", "STRICT_ORDER", "stateful group allow-aws (priority 10)"}, withoutMarked: true},
		{name: "service summary", world: seed, workload: "app", kind: sim.CallSecret, hopKind: "service", target: targetSummary,
			contains: []string{"secretsmanager:GetSecretValue"}, withoutMarked: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := resize(New(tt.world(t), Options{Renderer: lipgloss.NewRenderer(io.Discard)}), 100, 40)
			m, ok := selectHop(m, tt.workload, tt.kind, tt.hopKind)
			if !ok {
				t.Fatalf("no %s hop in a %s call of %q", tt.hopKind, tt.kind, tt.workload)
			}
			c, _ := m.selected()
			p, _ := m.selectedPlacement(c)
			var found *target
			for _, tg := range m.hopTargets(p, p.Hops[m.hop]) {
				if tg.kind == tt.target && (tt.targetID == "" || tg.id == tt.targetID) {
					found = &tg
					break
				}
			}
			if found == nil {
				t.Fatalf("the hop does not offer %d %q: %v", tt.target, tt.targetID, m.hopTargets(p, p.Hops[m.hop]))
			}
			m.openComponent(*found)
			got := markedLines(m)
			if tt.withoutMarked && len(got) > 0 {
				t.Errorf("marked %q, want nothing", got)
			}
			if tt.marked != nil && strings.Join(got, "|") != strings.Join(tt.marked, "|") {
				t.Errorf("marked %q, want %q", got, tt.marked)
			}
			text := m.comp.render(m.st, 200)
			for _, want := range tt.contains {
				if !strings.Contains(text, want) {
					t.Errorf("the view lacks %q:\n%s", want, text)
				}
			}
			checkScreen(t, m.View(), 100, 40)
		})
	}
}

// selectHop puts the cursor on the first call of the workload (any when
// ""), of the kind (any when ""), whose first placement has a hop whose
// kind starts with hopKind, and the hop cursor on that hop.
func selectHop(m Model, workload string, kind sim.CallKind, hopKind string) (Model, bool) {
	for i, r := range m.rows {
		if r.call < 0 {
			continue
		}
		wl := m.Report().Workloads[r.wl]
		c := wl.Calls[r.call]
		if (workload != "" && wl.Name != workload) || (kind != "" && c.Kind != kind) || len(c.Placements) == 0 {
			continue
		}
		for j, h := range c.Placements[0].Hops {
			if strings.HasPrefix(h.KindLabel(), hopKind) || strings.HasPrefix(h.KindLabel()+" "+h.Component, hopKind) {
				m.cursor, m.placement, m.focus, m.hop = i, 0, paneDetails, j
				m.layout()
				return m, true
			}
		}
	}
	return m, false
}

// Every hop of every call of every scenario opens a view with something
// in it; route tables, groups, ACLs and endpoints are found, never a
// summary.
func TestEveryHopOpens(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "scenarios", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatal("no scenarios")
	}
	worlds := map[string]*model.World{"seed": seed(t)}
	for _, f := range files {
		worlds[filepath.Base(f)] = scenarioWorld(t, filepath.Base(f))
	}
	for name, w := range worlds {
		m := resize(New(w, Options{Renderer: lipgloss.NewRenderer(io.Discard)}), 120, 40)
		for i, r := range m.rows {
			if r.call < 0 {
				continue
			}
			c := m.Report().Workloads[r.wl].Calls[r.call]
			for pi, p := range c.Placements {
				for hi, h := range p.Hops {
					m.cursor, m.placement, m.focus, m.hop = i, pi, paneDetails, hi
					ts := m.hopTargets(p, h)
					if len(ts) == 0 {
						t.Fatalf("%s %s: hop %q offers nothing", name, c.Kind, h.Kind)
					}
					for _, tg := range ts {
						m.openComponent(tg)
						if len(m.comp.lines) < 2 || m.comp.title == "" {
							t.Errorf("%s %s hop %q %s: an empty view", name, c.Kind, h.Kind, tg.label)
						}
						if tg.kind != targetSummary && strings.Contains(m.comp.render(m.st, 100), "no further details") {
							t.Errorf("%s %s hop %q: %s not found", name, c.Kind, h.Kind, tg.label)
						}
						m.compOpen = false
					}
				}
			}
		}
	}
}

// Names from the input never bring an escape sequence to the screen in a
// component view.
func TestComponentViewsSanitize(t *testing.T) {
	evil := "\x1b]0;pwned\x07\x1b[2J\u202e"
	w := scenarioWorld(t, "filters.yaml")
	rename := map[string]string{}
	for i := range w.SecurityGroups {
		g := &w.SecurityGroups[i]
		rename[g.ID] = g.ID + evil
		g.ID += evil
		for j := range g.Ingress {
			g.Ingress[j].Description = "desc" + evil
		}
	}
	for i := range w.SecurityGroups {
		for _, rules := range [][]model.SGRule{w.SecurityGroups[i].Ingress, w.SecurityGroups[i].Egress} {
			for j := range rules {
				for k, ref := range rules[j].SecurityGroups {
					rules[j].SecurityGroups[k] = rename[ref]
				}
			}
		}
	}
	for i := range w.Services {
		for j, id := range w.Services[i].SecurityGroups {
			w.Services[i].SecurityGroups[j] = rename[id]
		}
	}
	for i := range w.Endpoints {
		for j, id := range w.Endpoints[i].SecurityGroups {
			w.Endpoints[i].SecurityGroups[j] = rename[id]
		}
		w.Endpoints[i].Policy = `{"Statement":[{"Sid":"x` + evil + `","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	}
	for i := range w.NetworkACLs {
		old := w.NetworkACLs[i].ID
		w.NetworkACLs[i].ID += evil
		for j := range w.Subnets {
			if w.Subnets[j].NetworkACL == old {
				w.Subnets[j].NetworkACL = w.NetworkACLs[i].ID
			}
		}
	}
	for i := range w.RouteTables {
		old := w.RouteTables[i].ID
		w.RouteTables[i].ID += evil
		for j := range w.Subnets {
			if w.Subnets[j].RouteTable == old {
				w.Subnets[j].RouteTable = w.RouteTables[i].ID
			}
		}
		for j := range w.Endpoints {
			for k, id := range w.Endpoints[j].RouteTables {
				if id == old {
					w.Endpoints[j].RouteTables[k] = w.RouteTables[i].ID
				}
			}
		}
	}
	if ds := w.Validate(); ds.HasErrors() {
		t.Fatalf("the renamed world is invalid: %v", ds)
	}
	m := resize(New(w, Options{Renderer: lipgloss.NewRenderer(io.Discard)}), 80, 24)
	opened := map[targetKind]bool{}
	for i, r := range m.rows {
		if r.call < 0 {
			continue
		}
		c := m.Report().Workloads[r.wl].Calls[r.call]
		for hi, h := range c.Placements[0].Hops {
			m.cursor, m.placement, m.focus, m.hop = i, 0, paneDetails, hi
			m.layout()
			check := func(what string) {
				v := m.View()
				if strings.ContainsRune(v, 0x1b) || strings.ContainsRune(v, '\u202e') || strings.ContainsRune(v, 0x07) {
					t.Fatalf("%s: a control character on screen: %q", what, v)
				}
			}
			check("hop " + h.KindLabel())
			for _, tg := range m.hopTargets(c.Placements[0], h) {
				m.openComponent(tg)
				opened[tg.kind] = true
				check(tg.label)
				m.compView.GotoBottom()
				check(tg.label + " (bottom)")
				m.compOpen = false
			}
			if ts := m.hopTargets(c.Placements[0], h); len(ts) > 1 {
				m.chooser, m.chooserOpen, m.chooserCursor = ts, true, 0
				check("chooser")
				m.chooserOpen = false
			}
		}
	}
	for _, k := range []targetKind{targetRouteTable, targetSecurityGroup, targetNetworkACL, targetEndpoint, targetResolver} {
		if !opened[k] {
			t.Errorf("no component of kind %d was opened", k)
		}
	}
}

// Component views read the world with the what-ifs: once the S3 gateway
// endpoint is disabled, its route is gone from the table and nothing
// matches.
func TestDrillAfterWhatIf(t *testing.T) {
	m := press(resize(newModel(seed(t)), 80, 24), "jj", "w")
	if len(m.menu) == 0 || m.menu[0] != (whatif.Change{Kind: whatif.DisableEndpoint, Target: "s3"}) {
		t.Fatalf("menu %v", m.menu)
	}
	m = press(m, "enter", "enter", "jjj", "enter")
	if !m.compOpen || !strings.HasPrefix(m.comp.title, "Route table private-a") {
		t.Fatalf("no route table view: %q", m.comp.title)
	}
	text := m.comp.render(m.st, 200)
	if strings.Contains(text, "gateway-endpoint s3") || !strings.Contains(text, "no route in private-a matches") {
		t.Errorf("the view is not of the changed world:\n%s", text)
	}
	if got := markedLines(m); len(got) != 0 {
		t.Errorf("marked %q with no matching route", got)
	}
	m = press(m, "esc", "u")
	if m.compOpen || len(m.WhatIfs()) != 0 {
		t.Fatalf("undo: component %v, what-ifs %v", m.compOpen, m.WhatIfs())
	}
	// Undone, the hop opens on the original world again.
	m = press(m, "enter")
	if got := markedLines(m); len(got) != 1 || !strings.Contains(got[0], "gateway-endpoint s3") {
		t.Errorf("after undo, marked %q", got)
	}
}
