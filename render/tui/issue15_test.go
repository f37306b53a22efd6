package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
	"github.com/vpctrace/vpctrace/whatif"
)

// selectedName names the selected call: its workload, kind and placement subnet.
func selectedName(m Model) string {
	c, ok := m.selected()
	if !ok {
		return "nothing"
	}
	p, _ := m.selectedPlacement(c)
	return fmt.Sprintf("%s %s %s", m.Report().Workloads[m.rows[m.cursor].wl].Name, c.Kind, p.Subnet)
}

// The hub and spoke world opens on its first failing call, from the
// placement that fails (spoke-a-1c, whose AZ the attachment lacks,
// aws-rules 4.8.1), not on the first call of the list.
func TestFirstFailureSelected(t *testing.T) {
	fm := drive(t, scenarioModel(t, "transit.yaml"), "attachment att-spoke-a")
	if got, want := selectedName(fm), "spoke-two-az ecr-auth spoke-a-1c"; got != want {
		t.Errorf("selected %q, want %q", got, want)
	}
}

// n and N go to the next and previous unreachable call, round the list.
func TestNextPreviousFailure(t *testing.T) {
	tests := []struct {
		name  string
		world string
		keys  []string
		want  string
	}{
		{"the first failure", "transit.yaml", nil, "spoke-two-az ecr-auth spoke-a-1c"},
		{"n: the next one", "transit.yaml", []string{"n"}, "spoke-two-az ecr-image spoke-a-1c"},
		{"n skips the workloads that start", "transit.yaml", []string{"nnnn"}, "spoke-b ecr-auth spoke-b-1a"},
		{"N from the first goes round to the last", "transit.yaml", []string{"N"}, "spoke-c ecr-layers spoke-c-1a"},
		{"N after n comes back", "transit.yaml", []string{"nnN"}, "spoke-two-az ecr-image spoke-a-1c"},
		{"n from a call that works", "transit.yaml", []string{"g", "n"}, "spoke-two-az ecr-auth spoke-a-1c"},
		{"no failure: the first call, and n stays", "seed", []string{"n"}, "app ecr-auth private-a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(seed(t))
			if tt.world != "seed" {
				m = scenarioModel(t, tt.world)
			}
			m = press(resize(m, 80, 24), tt.keys...)
			if got := selectedName(m); got != tt.want {
				t.Errorf("selected %q, want %q", got, tt.want)
			}
		})
	}
	if m := press(newModel(seed(t)), "n"); m.status != "no call is unreachable" {
		t.Errorf("n with no failure says %q", m.status)
	}
}

// The transit gateway return route has a label too long for the what-if
// pane: it is wrapped whole, not cut; the menu shows it first, as the fix
// the explanation proposes (aws-rules 4.8.4, 4.9.3).
func TestFullWhatIfLabel(t *testing.T) {
	m := scenarioModel(t, "transit.yaml")
	fm := drive(t, m, "applied: route table hub-endpoints", "nnnn", "w", "enter")
	want := []whatif.Change{{Kind: whatif.AddTGWReturnRoute, Target: "hub-endpoints", Value: "10.2.1.0/24 tgw"}}
	if diff := cmp.Diff(want, fm.WhatIfs()); diff != "" {
		t.Errorf("what-ifs (-want +got):\n%s", diff)
	}
	if c, _ := fm.selected(); c.Verdict != sim.Reachable {
		t.Errorf("spoke-b's ecr-auth is %s after the return route, want reachable", c.Verdict)
	}
	v := fm.View()
	for _, part := range []string{"route table hub-endpoints: route", "replies for 10.2.1.0/24 back to", "transit gateway tgw"} {
		if !strings.Contains(v, part) {
			t.Errorf("the what-if pane does not show %q:\n%s", part, v)
		}
	}
}

// Every fix an explanation proposes is a what-if, first in the menu: for
// a call that both groups refuse, the tasks' egress rule and the
// endpoint's ingress rule (aws-rules 5.1.2, 5.1.4).
func TestFixWhatIfs(t *testing.T) {
	m := press(resize(scenarioModel(t, "filters.yaml"), 80, 24), "nnn")
	if got, want := selectedName(m), "sg-egress logs app-a"; got != want {
		t.Fatalf("selected %q, want %q", got, want)
	}
	fm := drive(t, m, "fix: SG endpoints", "w")
	want := []whatif.Change{
		{Kind: whatif.AllowEgress, Target: "closed", Value: "endpoints", Port: 443},
		{Kind: whatif.AllowIngress, Target: "endpoints", Value: "closed", Port: 443},
	}
	if diff := cmp.Diff(want, fm.menu[:fm.menuProposed]); diff != "" {
		t.Errorf("proposed what-ifs (-want +got):\n%s", diff)
	}
	both := press(fm, "enter", "w", "enter")
	if diff := cmp.Diff(want, both.WhatIfs()); diff != "" {
		t.Errorf("applied (-want +got):\n%s", diff)
	}
	if c, _ := both.selected(); c.Verdict != sim.Reachable {
		t.Errorf("logs is %s with both rules, want reachable", c.Verdict)
	}
}

// Each kind of fix an explanation proposes is in the menu of a call it is
// for, marked as proposed.
func TestEveryFixOffered(t *testing.T) {
	tests := []struct {
		name, world, workload string
		call                  sim.CallKind
		want                  whatif.Change
	}{
		{"aws-rules 4.8.1: the attachment subnet in the missing AZ", "transit.yaml", "spoke-two-az", sim.CallLogs,
			whatif.Change{Kind: whatif.AddTGWAttachmentSubnet, Target: "att-spoke-a", Value: "spoke-a-1c"}},
		{"aws-rules 4.8.4: the transit gateway return route", "transit.yaml", "spoke-b", sim.CallLogs,
			whatif.Change{Kind: whatif.AddTGWReturnRoute, Target: "hub-endpoints", Value: "10.2.1.0/24 tgw"}},
		{"aws-rules 5.1.2: the security group rule on the tasks' side", "filters.yaml", "sg-egress", sim.CallLogs,
			whatif.Change{Kind: whatif.AllowEgress, Target: "closed", Value: "endpoints", Port: 443}},
		{"aws-rules 5.1.4: the security group rule on the endpoint's side", "filters.yaml", "sg-ingress", sim.CallLogs,
			whatif.Change{Kind: whatif.AllowIngress, Target: "endpoints", Value: "other", Port: 443}},
		{"aws-rules 5.2.4: the network ACL rule", "filters.yaml", "nacl", sim.CallLogs,
			whatif.Change{Kind: whatif.AllowNACL, Target: "no-return", Value: "ingress"}},
		{"aws-rules 6.1.1: the endpoint policy statement", "endpoint-policy.yaml", "perimeter", sim.CallECRLayers,
			whatif.Change{Kind: whatif.WidenEndpointPolicy, Target: "s3-perimeter", Value: "s3:GetObject arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := scenarioModel(t, tt.world)
			m = selectCall(t, m, tt.workload, tt.call)
			m.firstFailingPlacement()
			m = press(m, "w")
			i := -1
			for j, c := range m.menu {
				if c == tt.want {
					i = j
				}
			}
			if i < 0 || i >= m.menuProposed {
				t.Errorf("%s is not proposed (at %d of %d proposed): %v", tt.want.Label(), i, m.menuProposed, m.menu)
			}
		})
	}
}

// The endpoint "add endpoint" makes says which group guards it: the
// groups of the VPC's endpoint it copies, or a new one that admits HTTPS
// from the VPC's services when the VPC has no interface endpoint to copy
// or when that endpoint's groups refuse some of them, whose calls the new
// endpoint would break; then the label names them (aws-rules 3.2.1,
// 5.1.4).
func TestAddEndpointSaysGroup(t *testing.T) {
	tests := []struct {
		name     string
		world    func(t *testing.T) *model.World
		workload string
		call     sim.CallKind
		want     string
	}{{
		name: "aws-rules 5.1.4: no endpoint to copy: a new group",
		world: func(t *testing.T) *model.World {
			w := seed(t)
			w.Endpoints = w.Endpoints[:0]
			return w
		},
		workload: "app", call: sim.CallLogs,
		want: "add endpoint com.amazonaws.ap-northeast-1.logs (new group " + whatif.EndpointGroupID("main") + ": HTTPS from the VPC's services)",
	}, {
		name: "aws-rules 5.1.4: the seed's endpoint group admits its tasks: copied",
		world: func(t *testing.T) *model.World {
			w := seed(t)
			w.Endpoints = slices.DeleteFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == "logs" })
			return w
		},
		workload: "app", call: sim.CallLogs,
		want: "add endpoint com.amazonaws.ap-northeast-1.logs (group vpc-endpoint, as endpoint ecr-dkr)",
	}, {
		name: "aws-rules 3.2.1, 5.1.4: the VPC's endpoint group refuses two services of the VPC: a new group, and the label says why",
		world: func(t *testing.T) *model.World {
			w := scenarioWorld(t, "filters.yaml")
			w.Endpoints = slices.DeleteFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == "logs" })
			return w
		},
		workload: "ok", call: sim.CallLogs,
		want: "add endpoint com.amazonaws.ap-northeast-1.logs (new group " + whatif.EndpointGroupID("main") +
			": HTTPS from the VPC's services, as group endpoints of endpoint ecr-api refuses sg-egress, sg-ingress)",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := selectCall(t, New(tt.world(t), Options{}), tt.workload, tt.call)
			m = press(m, "w")
			add := whatif.Change{Kind: whatif.AddEndpoint, Target: tt.workload, Value: "com.amazonaws.ap-northeast-1.logs"}
			if !slices.Contains(m.menu, add) {
				t.Fatalf("%s is not offered: %v", add.Label(), m.menu)
			}
			if got := m.describe(add); got != tt.want {
				t.Errorf("label %q, want %q", got, tt.want)
			}
		})
	}
}

// d removes the selected what-if whichever pane has the focus.
func TestRemoveFromAnyPane(t *testing.T) {
	for _, focus := range []string{"calls", "details"} {
		t.Run(focus, func(t *testing.T) {
			m := press(resize(newModel(seedPrivateDNSOff(t)), 80, 24), "w", "enter", "k", "w", "enter")
			if len(m.WhatIfs()) != 2 {
				t.Fatalf("what-ifs %v, want 2", m.WhatIfs())
			}
			if focus == "details" {
				m = press(m, "enter")
			}
			m = press(m, "d") // the what-if cursor is on the last applied
			want := []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "secretsmanager"}}
			if diff := cmp.Diff(want, m.WhatIfs()); diff != "" {
				t.Errorf("after d in the %s pane (-want +got):\n%s", focus, diff)
			}
		})
	}
}

func TestEmptyWorld(t *testing.T) {
	w := seed(t)
	w.Services, w.TaskDefinitions = nil, nil
	v := resize(New(w, Options{}), 80, 24).View()
	if !strings.Contains(v, "this input declares no ECS workloads") || strings.Contains(v, "no call matches") {
		t.Errorf("an empty world:\n%s", v)
	}
}

func TestWrapAtSeparators(t *testing.T) {
	tests := []struct {
		name string
		s    string
		w    int
		want []string
	}{
		{"a hostname breaks after a dot", "secretsmanager.ap-northeast-1.amazonaws.com:443", 40,
			[]string{"secretsmanager.ap-northeast-1.amazonaws.", "com:443"}},
		{"its first part joins the line it starts on", "to secretsmanager.ap-northeast-1.amazonaws.com:443", 40,
			[]string{"to secretsmanager.ap-northeast-1.", "amazonaws.com:443"}},
		{"an ARN breaks after a colon", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password", 40,
			[]string{"arn:aws:secretsmanager:ap-northeast-1:", "123456789012:secret:app/db-password"}},
		{"a position breaks after a slash or a colon", "testdata/scenarios/transit.yaml:158:3", 20,
			[]string{"testdata/scenarios/", "transit.yaml:158:3"}},
		{"a hyphen when no strong separator is near", "prod-ap-northeast-1-starport-layer-bucket", 20,
			[]string{"prod-ap-northeast-1-", "starport-layer-", "bucket"}},
		{"no separator: cut", "0123456789abcdefghij", 8, []string{"01234567", "89abcdef", "ghij"}},
		{"words", "one two three", 7, []string{"one two", "three"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, wrap(tt.s, tt.w)); diff != "" {
				t.Errorf("wrap (-want +got):\n%s", diff)
			}
		})
	}
}

// In a world too large to re-trace on the update loop, a what-if is
// re-traced by a command: the screen says so and the keys keep working,
// and a later what-if supersedes it.
func TestRetraceInBackground(t *testing.T) {
	defer func(b int) { retraceBudget = b }(retraceBudget)
	retraceBudget = 0
	m := resize(newModel(seedPrivateDNSOff(t)), 80, 24)
	next, _ := m.Update(keys("w")[0])
	next, first := next.Update(tea.KeyMsg{Type: tea.KeyEnter})
	m = next.(Model)
	if first == nil || !strings.Contains(m.View(), "re-tracing 1 workload…") {
		t.Fatalf("no command, or the screen does not say it re-traces:\n%s", m.View())
	}
	if len(m.WhatIfs()) != 0 {
		t.Fatal("the what-if shows before it is traced")
	}
	m = press(m, "k") // the keys work meanwhile
	if got := selectedName(m); got != "app logs private-a" {
		t.Errorf("k while re-tracing: %q", got)
	}
	// A second what-if (on logs) before the first is traced.
	next, _ = m.Update(keys("w")[0])
	next, second := next.Update(tea.KeyMsg{Type: tea.KeyEnter})
	m = next.(Model)
	if second == nil {
		t.Fatal("no command for the second what-if")
	}
	// The commands run concurrently; the first, superseded, is dropped.
	msgs := make(chan tea.Msg, 2)
	go func() { msgs <- first() }()
	go func() { msgs <- second() }()
	for range 2 {
		next, _ = m.Update(<-msgs)
		m = next.(Model)
	}
	want := []whatif.Change{{Kind: whatif.EnablePrivateDNS, Target: "secretsmanager"}, {Kind: whatif.DisableEndpoint, Target: "logs"}}
	if diff := cmp.Diff(want, m.WhatIfs()); diff != "" {
		t.Errorf("what-ifs (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(m.status, "applied: disable endpoint logs") {
		t.Errorf("status %q, want the second what-if applied", m.status)
	}
	if m.pending != nil || strings.Contains(m.View(), "re-tracing") {
		t.Errorf("still re-tracing:\n%s", m.View())
	}
	if want := sim.Run(m.trial.World()); !cmp.Equal(want.Workloads[0].Outcome, m.Report().Workloads[0].Outcome) {
		t.Error("the report is not the changed world's")
	}
}

// An undo superseded by a new what-if before it is traced: the new list
// is shown, and said to be applied.
func TestRetraceUndoSuperseded(t *testing.T) {
	defer func(b int) { retraceBudget = b }(retraceBudget)
	retraceBudget = 0
	step := func(m Model, k ...string) (Model, tea.Cmd) {
		var cmd tea.Cmd
		var next tea.Model = m
		for _, msg := range keys(k...) {
			var c tea.Cmd
			next, c = next.Update(msg)
			if c != nil {
				cmd = c
			}
		}
		return next.(Model), cmd
	}
	m, apply := step(resize(newModel(seedPrivateDNSOff(t)), 80, 24), "w", "enter")
	next, _ := m.Update(apply())
	m = next.(Model)
	m, undo := step(m, "u")
	m, again := step(m, "k", "w", "enter")
	for _, cmd := range []tea.Cmd{undo, again} {
		next, _ := m.Update(cmd())
		m = next.(Model)
	}
	want := []whatif.Change{{Kind: whatif.DisableEndpoint, Target: "logs"}}
	if diff := cmp.Diff(want, m.WhatIfs()); diff != "" {
		t.Errorf("what-ifs (-want +got):\n%s", diff)
	}
	if m.status != "applied: disable endpoint logs" {
		t.Errorf("status %q", m.status)
	}
}
