package sim_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// blockerCase is a placement with several blockers: the []Blocker it
// must carry, each with the step that found it and its own fix, and the
// "Also blocking" sentences its explanation ends with.
type blockerCase struct {
	name     string // the aws-rules of the blockers it combines
	scenario string
	workload string
	change   func(t *testing.T, w *model.World)
	kind     sim.CallKind
	want     []sim.Blocker
	// also is the explanation from its first "Also blocking", with what
	// follows it; empty for a single blocker, whose explanation has none.
	also string
}

// at is a decisive step reference.
func at(hop, step int) *sim.StepRef { return &sim.StepRef{Hop: hop, Step: step} }

// closedEgress is the fix for a task group without egress in filters.yaml
// (aws-rules 5.1.2, 5.1.4).
func closedEgress(subnet string) sim.Fix {
	return sim.Fix{Advice: "add an egress rule for TCP 443 to 10.0.0.0/24 or security group endpoints on a security group of task ENI in " + subnet + " (closed)",
		Object: model.Ref{Kind: model.KindSecurityGroup, ID: "closed"}, Field: "egress"}
}

// endpointIngress is the fix for the endpoints' group of filters.yaml,
// which admits only the group "app" (aws-rules 5.1.4).
func endpointIngress(cidr, endpoint string) sim.Fix {
	return sim.Fix{Advice: "add an ingress rule for TCP 443 from " + cidr + " or security group closed to endpoint " + endpoint + "'s security group endpoints",
		Object: model.Ref{Kind: model.KindSecurityGroup, ID: "endpoints"}, Field: "ingress"}
}

// TestBlockedBy checks that a placement with several blockers carries
// each one's decisive step and fix, in the order of Blockers (definite
// blocks first, then path order), that the first is exactly the
// placement's Reason, Decisive and Fix, and that the explanation gives
// every further blocker its own sentence with its fix.
func TestBlockedBy(t *testing.T) {
	tests := []blockerCase{
		{
			name:     "5.1.4 SG ingress denied alone: one blocker, the placement's own",
			scenario: "filters", workload: "sg-ingress", kind: sim.CallECRAuth,
			want: []sim.Blocker{{Reason: sim.SGIngressDenied, Decisive: at(5, 0), Fix: sim.Fix{
				Advice: "add an ingress rule for TCP 443 from 10.0.1.0/24 or security group other to endpoint ecr-api's security group endpoints",
				Object: model.Ref{Kind: model.KindSecurityGroup, ID: "endpoints"}, Field: "ingress"}}},
		},
		{
			name:     "5.1.2 + 5.1.4 SG egress denied and SG ingress denied at the endpoint",
			scenario: "filters", workload: "sg-egress", kind: sim.CallECRAuth,
			want: []sim.Blocker{
				{Reason: sim.SGEgressDenied, Decisive: at(1, 0), Fix: closedEgress("app-a")},
				{Reason: sim.SGIngressDenied, Decisive: at(5, 0), Fix: endpointIngress("10.0.1.0/24", "ecr-api")},
			},
			also: "Also blocking: SG_INGRESS_DENIED at ENI of endpoint ecr-api in endpoints-a (10.0.0.0/24): ingress TCP 443 from task ENI in app-a denied: no rule of endpoints matches;" +
				" fix: add an ingress rule for TCP 443 from 10.0.1.0/24 or security group closed to endpoint ecr-api's security group endpoints.",
		},
		{
			name:     "5.1.2 + 5.2.3 + 5.1.4 SG egress denied, no NACL return rule and SG ingress denied: three blockers in path order",
			scenario: "filters", workload: "nacl", kind: sim.CallLogs,
			change: func(t *testing.T, w *model.World) {
				service(t, w, "nacl").SecurityGroups = []string{"closed"}
			},
			want: []sim.Blocker{
				{Reason: sim.SGEgressDenied, Decisive: at(1, 0), Fix: closedEgress("nacl-a")},
				{Reason: sim.NACLDenied, Decisive: at(3, 1), Fix: sim.Fix{
					Advice: "add an inbound rule to no-return allowing TCP 32768-61000 from 10.0.0.0/24 for the return traffic",
					Object: model.Ref{Kind: model.KindNetworkACL, ID: "no-return"}, Field: "ingress"}},
				{Reason: sim.SGIngressDenied, Decisive: at(5, 0), Fix: endpointIngress("10.0.2.0/24", "logs")},
			},
			also: "Also blocking: NACL_DENIED at network ACL no-return of nacl-a: inbound return traffic TCP 32768-61000 from ENI of endpoint logs in endpoints-a (10.0.0.0/24) denied by no-return inbound rule * (deny all);" +
				" fix: add an inbound rule to no-return allowing TCP 32768-61000 from 10.0.0.0/24 for the return traffic." +
				" Also blocking: SG_INGRESS_DENIED at ENI of endpoint logs in endpoints-a (10.0.0.0/24): ingress TCP 443 from task ENI in nacl-a denied: no rule of endpoints matches;" +
				" fix: add an ingress rule for TCP 443 from 10.0.2.0/24 or security group closed to endpoint logs's security group endpoints.",
		},
		{
			name:     "5.1.2 + 6.3.1 SG egress denied and the gateway endpoint policy denies the layer download",
			scenario: "endpoint-policy", workload: "perimeter", kind: sim.CallECRLayers,
			change: func(t *testing.T, w *model.World) {
				securityGroup(t, w, "app").Egress = []model.SGRule{}
			},
			want: []sim.Blocker{
				{Reason: sim.SGEgressDenied, Decisive: at(1, 0), Fix: sim.Fix{
					Advice: "add an egress rule for TCP 443 to the S3 prefix list (com.amazonaws.ap-northeast-1.s3) or 0.0.0.0/0 on a security group of task ENI in trap-a (app)",
					Object: model.Ref{Kind: model.KindSecurityGroup, ID: "app"}, Field: "egress"}},
				{Reason: sim.EndpointPolicyDenied, Decisive: at(4, 0), Fix: sim.Fix{
					Advice: "allow s3:GetObject on arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/* in the policy of endpoint s3-perimeter",
					Object: model.Ref{Kind: model.KindEndpoint, ID: "s3-perimeter"}, Field: "policy"}},
			},
			also: `Also blocking: ENDPOINT_POLICY_DENIED at gateway endpoint s3-perimeter: no statement allows s3:GetObject on arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*: Sid "OnlyOurAccount" allows it only when aws:PrincipalAccount equals 123456789012, which ECR layer downloads never carry (aws-rules 6.3.1); add an unconditioned Allow for that resource;` +
				" fix: allow s3:GetObject on arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/* in the policy of endpoint s3-perimeter.",
		},
		{
			// The undetermined egress is met first on the path, but the
			// route table blocks whatever it is: the definite block comes
			// first, with its own step and fix.
			name:     "4.2.4 + 5.1.1 NO_ROUTE after an undetermined egress rule: the definite blocker first",
			scenario: "routing", workload: "isolated", kind: sim.CallECRAuth,
			change: func(t *testing.T, w *model.World) {
				securityGroup(t, w, "app").Egress = nil
				undetermine(w, model.KindSecurityGroup, "app", "egress")
			},
			want: []sim.Blocker{
				{Reason: sim.NoRoute, Decisive: at(2, 0), Fix: sim.Fix{
					Advice: "create an interface endpoint com.amazonaws.ap-northeast-1.ecr.api with private DNS in vpc main, or add a 0.0.0.0/0 route to a NAT gateway in isolated"}},
				{Reason: sim.Unmodeled, Decisive: at(1, 1), Fix: sim.Fix{
					Advice: "give egress of app a value known before apply, or trace a state file where it is known"}},
			},
			also: "Also blocking: UNMODELED at task ENI in isolated-a: egress of security group app is not known (known only after apply): that rule may allow egress TCP 443;" +
				" fix: give egress of app a value known before apply, or trace a state file where it is known." +
				" The input does not determine egress of app (main.tf:40:3), but it does not change the answer: route table isolated blocks the call (NO_ROUTE) whatever its value.",
		},
		{
			name:     "4.11.8 + 4.11.7 the firewall drops the call and its replies would bypass the firewall endpoint",
			scenario: "firewall", workload: "asymmetric", kind: sim.CallLogs,
			want: []sim.Blocker{
				{Reason: sim.NetworkFirewallDenied, Decisive: at(5, 1), Fix: sim.Fix{
					Advice: "add logs.ap-northeast-1.amazonaws.com to the domain list of rule group allow-aws (firewall egress-fw)",
					Object: model.Ref{Kind: model.KindNetworkFirewallRuleGroup, ID: "allow-aws"}, Field: "domain_list"}},
				{Reason: sim.Unmodeled, Decisive: at(10, 0), Fix: sim.Fix{
					Advice: "add a route for 10.0.11.0/24 to the endpoint of firewall egress-fw in ap-northeast-1a in public",
					Object: model.Ref{Kind: model.KindRouteTable, ID: "public"}, Field: "routes"}},
			},
			also: "Also blocking: UNMODELED at route table (return path) public: return path: public sends replies for 10.0.11.0/24 by route 10.0.0.0/16 -> local, not back through the endpoint of firewall egress-fw in ap-northeast-1a:" +
				" the request and its replies take different firewall paths, which AWS Network Firewall does not support (aws-rules 4.11.7, 10.36);" +
				" fix: add a route for 10.0.11.0/24 to the endpoint of firewall egress-fw in ap-northeast-1a in public.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, tt.scenario)
			if tt.change != nil {
				tt.change(t, w)
			}
			c := call(t, workload(t, sim.Run(w), tt.workload), tt.kind)
			if len(c.Placements) != 1 {
				t.Fatalf("%d placements, want 1", len(c.Placements))
			}
			p := c.Placements[0]
			if diff := cmp.Diff(tt.want, p.BlockedBy); diff != "" {
				t.Errorf("BlockedBy (-want +got):\n%s", diff)
			}
			first := sim.Blocker{Reason: p.Reason, Decisive: p.Decisive, Fix: p.Fix}
			if diff := cmp.Diff(tt.want[0], first); diff != "" {
				t.Errorf("Reason, Decisive and Fix are not the first blocker (-want +got):\n%s", diff)
			}
			also := ""
			if i := strings.Index(p.Explanation, "Also blocking"); i >= 0 {
				also = p.Explanation[i:]
			}
			if diff := cmp.Diff(tt.also, also); diff != "" {
				t.Errorf("explanation from \"Also blocking\" (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBlockedByFollowsBlockers checks every placement of every scenario:
// BlockedBy names the codes of Blockers in their order, its first entry
// is the placement's Reason, Decisive and Fix, and each decisive step is
// one that blocks with its code.
func TestBlockedByFollowsBlockers(t *testing.T) {
	for _, name := range scenarioFiles(t) {
		r := sim.Run(loadScenario(t, name))
		for _, wl := range r.Workloads {
			for _, c := range wl.Calls {
				for _, p := range c.Placements {
					where := name + "/" + wl.Name + "/" + string(c.Kind) + "/" + p.Subnet
					checkBlockedBy(t, where, p)
				}
			}
		}
	}
}

func checkBlockedBy(t *testing.T, where string, p sim.PlacementResult) {
	t.Helper()
	codes := make([]sim.Reason, len(p.BlockedBy))
	for i, b := range p.BlockedBy {
		codes[i] = b.Reason
	}
	if !slices.Equal(codes, p.Blockers) {
		t.Errorf("%s: BlockedBy codes %v, Blockers %v", where, codes, p.Blockers)
		return
	}
	if len(p.BlockedBy) == 0 {
		if p.Verdict != sim.Reachable {
			t.Errorf("%s: %s with no blocker", where, p.Verdict)
		}
		return
	}
	first := sim.Blocker{Reason: p.Reason, Decisive: p.Decisive, Fix: p.Fix}
	if diff := cmp.Diff(first, p.BlockedBy[0]); diff != "" {
		t.Errorf("%s: BlockedBy[0] is not Reason, Decisive and Fix (-placement +BlockedBy[0]):\n%s", where, diff)
	}
	for _, b := range p.BlockedBy {
		if b.Decisive == nil {
			continue
		}
		if b.Decisive.Hop >= len(p.Hops) || b.Decisive.Step >= len(p.Hops[b.Decisive.Hop].Steps) {
			t.Errorf("%s: %s decisive step %+v is not in the hops", where, b.Reason, *b.Decisive)
			continue
		}
		if s := p.Hops[b.Decisive.Hop].Steps[b.Decisive.Step]; s.Reason != b.Reason {
			t.Errorf("%s: %s decisive step blocks with %q: %s", where, b.Reason, s.Reason, s.Detail)
		}
	}
	if n := strings.Count(p.Explanation, "Also blocking: "); n != len(p.BlockedBy)-1 {
		t.Errorf("%s: %d \"Also blocking\" sentences for %d blockers: %s", where, n, len(p.BlockedBy), p.Explanation)
	}
}

// call returns the workload's call of the given kind.
func call(t *testing.T, w sim.WorkloadResult, kind sim.CallKind) sim.CallResult {
	t.Helper()
	i := slices.IndexFunc(w.Calls, func(c sim.CallResult) bool { return c.Kind == kind })
	if i < 0 {
		t.Fatalf("%s makes no %s call", w.Name, kind)
	}
	return w.Calls[i]
}

// service returns a pointer to the service with the given ID.
func service(t *testing.T, w *model.World, id string) *model.Service {
	t.Helper()
	i := slices.IndexFunc(w.Services, func(s model.Service) bool { return s.ID == id })
	if i < 0 {
		t.Fatalf("no service %q", id)
	}
	return &w.Services[i]
}
