package sim_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// decided is what a blocked placement says about its blocker: the fix,
// and the decisive step with the hop it is at.
type decided struct {
	Fix      sim.Fix
	Decisive sim.StepRef
	Step     string // "component (hop kind): type action REASON"
}

func decidedOf(p sim.PlacementResult) *decided {
	if p.Decisive == nil {
		return nil
	}
	h := p.Hops[p.Decisive.Hop]
	s := h.Steps[p.Decisive.Step]
	return &decided{Fix: p.Fix, Decisive: *p.Decisive,
		Step: h.Component + " (" + string(h.Kind) + "): " + string(s.Type) + " " + string(s.Action) + " " + string(s.Reason)}
}

// TestFixAndDecisive checks the structured fix and the decisive step of a
// blocked placement for the settings a fix can name (scenario ids here,
// so no Terraform part).
func TestFixAndDecisive(t *testing.T) {
	ref := func(k model.Kind, id string) model.Ref { return model.Ref{Kind: k, ID: id} }
	for _, tc := range []struct {
		name               string // the aws-rules rule the row encodes
		scenario, workload string
		call               sim.CallKind
		want               decided
	}{
		{
			name: "3.1.2 enableDnsSupport off: turn it on in the VPC", scenario: "dns", workload: "no-dns", call: sim.CallECRAuth,
			want: decided{
				Fix: sim.Fix{Advice: "set enable_dns_support = true on vpc no-dns", Object: ref(model.KindVPC, "no-dns"),
					Field: "dns_support", Value: "true"},
				Step: "AmazonProvidedDNS of no-dns (10.1.0.2) (DNS resolver): dns failed DNS_RESOLUTION_DISABLED",
			},
		},
		{
			name: "3.3.2 a private zone without the record: add the record to the zone", scenario: "dns", workload: "shadowed", call: sim.CallECRImage,
			want: decided{
				Fix: sim.Fix{Advice: "add a record for 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com to private hosted zone regional (ap-northeast-1.amazonaws.com), or remove the zone's association with the VPC, so that the name resolves publicly",
					Object: ref(model.KindHostedZone, "regional"), Field: "records"},
				Step: "AmazonProvidedDNS of shadowed (10.4.0.2) (DNS resolver): dns failed DNS_NAME_NOT_FOUND",
			},
		},
		{
			// Two ways out (an endpoint, or a route to a NAT gateway): the
			// fix is advice only and names no object, never one of the two.
			name: "4.2.4 only the local route: NO_ROUTE, an endpoint or a NAT route", scenario: "routing", workload: "isolated", call: sim.CallLogs,
			want: decided{
				Fix:      sim.Fix{Advice: "create an interface endpoint com.amazonaws.ap-northeast-1.logs with private DNS in vpc main, or add a 0.0.0.0/0 route to a NAT gateway in isolated"},
				Decisive: sim.StepRef{Hop: 2},
				Step:     "isolated (route table): route dropped NO_ROUTE",
			},
		},
		{
			// The seed article's experiment: the endpoint exists, so the one
			// fix is its private DNS, not the route table that decided.
			name: "3.2.1 an endpoint with private DNS off: NO_ROUTE, turn its private DNS on", scenario: "seed-secretsmanager-private-dns-off", workload: "app", call: sim.CallSecret,
			want: decided{
				Fix: sim.Fix{Advice: "turn on private DNS for endpoint secretsmanager (Terraform private_dns_enabled = true, scenario private_dns: true), so that secretsmanager.ap-northeast-1.amazonaws.com resolves to its ENIs",
					Object: ref(model.KindEndpoint, "secretsmanager"), Field: "private_dns", Value: "true"},
				Decisive: sim.StepRef{Hop: 2},
				Step:     "private-a (route table): route dropped NO_ROUTE",
			},
		},
		{
			name: "4.2.3 a blackhole route: point it at a target or delete it", scenario: "routing", workload: "blackhole", call: sim.CallECRAuth,
			want: decided{
				Fix: sim.Fix{Advice: "point the route 0.0.0.0/0 -> nat-gateway nat-old in stale at a target that exists, or delete it",
					Object: ref(model.KindRouteTable, "stale"), Field: "routes"},
				Decisive: sim.StepRef{Hop: 2},
				Step:     "stale (route table): route dropped BLACKHOLE_ROUTE",
			},
		},
		{
			name: "4.6.1 a NAT instance with source/destination check on: turn it off", scenario: "nat", workload: "nat-check-on", call: sim.CallRegistryPull,
			want: decided{
				Fix: sim.Fix{Advice: "set source_dest_check = false on nat-check-on", Object: ref(model.KindInstance, "nat-check-on"),
					Field: "source_dest_check", Value: "false"},
				Decisive: sim.StepRef{Hop: 5, Step: 1},
				Step:     "nat-check-on (NAT instance): nat dropped NAT_INSTANCE_MISCONFIGURED",
			},
		},
		{
			name: "5.1.2 the task's one group has no egress rule: add one to it", scenario: "filters", workload: "sg-egress", call: sim.CallECRLayers,
			want: decided{
				Fix: sim.Fix{Advice: "add an egress rule for TCP 443 to the S3 prefix list (com.amazonaws.ap-northeast-1.s3) or 0.0.0.0/0 on a security group of task ENI in app-a (closed)",
					Object: ref(model.KindSecurityGroup, "closed"), Field: "egress"},
				Decisive: sim.StepRef{Hop: 1},
				Step:     "task ENI in app-a (task ENI): security-group denied SG_EGRESS_DENIED",
			},
		},
		{
			name: "5.1.2 the endpoint's group admits no task: add an ingress rule to it", scenario: "filters", workload: "sg-ingress", call: sim.CallECRAuth,
			want: decided{
				Fix: sim.Fix{Advice: "add an ingress rule for TCP 443 from 10.0.1.0/24 or security group other to endpoint ecr-api's security group endpoints",
					Object: ref(model.KindSecurityGroup, "endpoints"), Field: "ingress"},
				Decisive: sim.StepRef{Hop: 5},
				Step:     "ENI of endpoint ecr-api in endpoints-a (10.0.0.0/24) (interface endpoint ENI): security-group denied SG_INGRESS_DENIED",
			},
		},
		{
			name: "5.2.3 an ACL without the inbound rule for the return traffic: add an ingress rule", scenario: "filters", workload: "nacl", call: sim.CallECRAuth,
			want: decided{
				Fix: sim.Fix{Advice: "add an inbound rule to no-return allowing TCP 32768-61000 from 10.0.0.0/24 for the return traffic",
					Object: ref(model.KindNetworkACL, "no-return"), Field: "ingress"},
				Decisive: sim.StepRef{Hop: 3, Step: 1},
				Step:     "no-return (network ACL): nacl denied NACL_DENIED",
			},
		},
		{
			name: "6.3.1 an S3 endpoint policy denies the layer bucket: change the policy", scenario: "endpoint-policy", workload: "perimeter", call: sim.CallECRLayers,
			want: decided{
				Fix: sim.Fix{Advice: "allow s3:GetObject on arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/* in the policy of endpoint s3-perimeter",
					Object: ref(model.KindEndpoint, "s3-perimeter"), Field: "policy"},
				Decisive: sim.StepRef{Hop: 4},
				Step:     "s3-perimeter (gateway endpoint): endpoint-policy denied ENDPOINT_POLICY_DENIED",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wl := workload(t, sim.Run(loadScenario(t, tc.scenario)), tc.workload)
			var got *decided
			for _, c := range wl.Calls {
				if c.Kind == tc.call {
					got = decidedOf(c.Placements[0])
				}
			}
			if diff := cmp.Diff(&tc.want, got); diff != "" {
				t.Errorf("fix and decisive step (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecisiveEverywhere checks, on every placement of every scenario and
// the seed, what renderers rely on: a blocked placement's decisive step
// found its reason and is the first step that did, a reachable one has
// neither a decisive step nor a fix, and the explanation gives the fix's
// advice.
func TestDecisiveEverywhere(t *testing.T) {
	worlds := map[string]*model.World{"seed": loadSeed(t)}
	for _, name := range scenarioFiles(t) {
		worlds[name] = loadScenario(t, name)
	}
	for name, w := range worlds {
		for _, wl := range sim.Run(w).Workloads {
			for _, c := range wl.Calls {
				for _, p := range c.Placements {
					at := name + "/" + wl.Name + "/" + string(c.Kind) + " from " + p.Subnet
					if p.Verdict == sim.Reachable {
						if p.Decisive != nil || p.Fix != (sim.Fix{}) {
							t.Errorf("%s: reachable, with decisive %v and fix %+v", at, p.Decisive, p.Fix)
						}
						continue
					}
					if p.Fix.Advice != "" && !strings.Contains(p.Explanation, "Fix: "+strings.TrimSuffix(p.Fix.Advice, ".")+".") {
						t.Errorf("%s: explanation %q lacks the fix %q", at, p.Explanation, p.Fix.Advice)
					}
					if p.Fix.Object.ID != "" && p.Fix.Field == "" || p.Fix.Resource != "" && p.Fix.Attribute == "" {
						t.Errorf("%s: fix names an object without its setting: %+v", at, p.Fix)
					}
					if p.Decisive == nil {
						continue
					}
					if first := firstStepWith(p.Hops, p.Reason); first != *p.Decisive {
						t.Errorf("%s: decisive step %v, want the first step with %s, %v", at, *p.Decisive, p.Reason, first)
					}
				}
			}
		}
	}
}

func firstStepWith(hops []sim.Hop, r sim.Reason) sim.StepRef {
	for i, h := range hops {
		for j, s := range h.Steps {
			if s.Reason == r {
				return sim.StepRef{Hop: i, Step: j}
			}
		}
	}
	return sim.StepRef{Hop: -1, Step: -1}
}
