package sim_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/sim"
)

// dnsReasonCases are the rows of the Resolver rules and DNS Firewall
// scenarios (aws-rules 3.3.5 to 3.3.8, 3.9); TestEveryReasonCovered reads
// them with reasonCases.
func dnsReasonCases() []reasonCase {
	forwarded := func(vpc, addr string) string {
		return "AmazonProvidedDNS of " + vpc + " (" + addr + "): dns unknown DNS_RESOLVER_UNKNOWN"
	}
	blocked := func(vpc, addr string) string {
		return "AmazonProvidedDNS of " + vpc + " (" + addr + "): dns failed DNS_FIREWALL_BLOCKED"
	}
	unmodeled := func(vpc, addr string) string {
		return "AmazonProvidedDNS of " + vpc + " (" + addr + "): dns unknown UNMODELED"
	}
	return []reasonCase{
		// ---- Resolver rules (resolver-rules.yaml) ----
		{
			name:     "3.3.5 a FORWARD rule for \".\" loses to the logs endpoint's more specific private DNS zone and wins for every other AWS name",
			scenario: "resolver-rules", workload: "fwd-root",
			want: []outcome{
				unknown(sim.CallECRAuth, "fwd-root-private", reasons(sim.DNSResolverUnknown), forwarded("fwd-root", "10.20.0.2")),
				unknown(sim.CallECRImage, "fwd-root-private", reasons(sim.DNSResolverUnknown), forwarded("fwd-root", "10.20.0.2")),
				unknown(sim.CallECRLayers, "fwd-root-private", reasons(sim.DNSResolverUnknown), forwarded("fwd-root", "10.20.0.2")),
				reaches(sim.CallLogs, "fwd-root-private", sim.ViaInterfaceEndpoint),
			},
		},
		{
			name:     "3.3.5 a FORWARD rule for exactly the endpoint's name beats the endpoint zone's autodefined rule",
			scenario: "resolver-rules", workload: "fwd-same",
			want: []outcome{
				reaches(sim.CallECRAuth, "fwd-same-private", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "fwd-same-private", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "fwd-same-private", sim.ViaNATGateway),
				unknown(sim.CallLogs, "fwd-same-private", reasons(sim.DNSResolverUnknown), forwarded("fwd-same", "10.21.0.2")),
			},
		},
		{
			name:     "3.3.7 a SYSTEM rule for amazonaws.com under a \".\" FORWARD rule: the Amazon resolver answers AWS names",
			scenario: "resolver-rules", workload: "system-under-fwd",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return reaches(k, "system-under-fwd-private", sim.ViaNATGateway)
			}),
			starts: true,
		},
		{
			name:     "3.3.8 an association of a rule the input does not describe: every name is unknown",
			scenario: "resolver-rules", workload: "shared-rule",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unknown(k, "shared-rule-private", reasons(sim.Unmodeled), unmodeled("shared-rule", "10.23.0.2"))
			}),
		},

		// ---- DNS Firewall (dns-firewall.yaml) ----
		{
			name:     "3.9.1 ALLOW at priority 10 comes before BLOCK \"*\" at priority 20: logs goes through, the rest is blocked",
			scenario: "dns-firewall", workload: "fw-allow-first",
			want: []outcome{
				unreachable(sim.CallECRAuth, "fw-allow-first-private", reasons(sim.DNSFirewallBlocked), blocked("fw-allow-first", "10.30.0.2")),
				unreachable(sim.CallECRImage, "fw-allow-first-private", reasons(sim.DNSFirewallBlocked), blocked("fw-allow-first", "10.30.0.2")),
				unreachable(sim.CallECRLayers, "fw-allow-first-private", reasons(sim.DNSFirewallBlocked), blocked("fw-allow-first", "10.30.0.2")),
				reaches(sim.CallLogs, "fw-allow-first-private", sim.ViaNATGateway),
			},
			stoppedFrom: stopECRAuth,
			stoppedEnds: ": no such host", // 3.9.2, 7.2.2
		},
		{
			name:     "3.9.1 BLOCK NXDOMAIN on an endpoint's private DNS name blocks it",
			scenario: "dns-firewall", workload: "fw-endpoint",
			want: []outcome{
				reaches(sim.CallECRAuth, "fw-endpoint-private", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "fw-endpoint-private", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "fw-endpoint-private", sim.ViaNATGateway),
				unreachable(sim.CallLogs, "fw-endpoint-private", reasons(sim.DNSFirewallBlocked), blocked("fw-endpoint", "10.31.0.2")),
			},
			stoppedFrom: "ResourceInitializationError: failed to validate logger args: ",
			stoppedEnds: "lookup logs.ap-northeast-1.amazonaws.com on 10.31.0.2:53: no such host",
		},
		{
			name:     "3.9.3 a wildcard entry matches the names below its domain, not the domain itself",
			scenario: "dns-firewall", workload: "fw-wildcard",
			want: []outcome{
				reaches(sim.CallECRAuth, "fw-wildcard-private", sim.ViaNATGateway),
				unreachable(sim.CallECRImage, "fw-wildcard-private", reasons(sim.DNSFirewallBlocked), blocked("fw-wildcard", "10.32.0.2")),
				reaches(sim.CallECRLayers, "fw-wildcard-private", sim.ViaNATGateway),
				reaches(sim.CallLogs, "fw-wildcard-private", sim.ViaNATGateway),
			},
			stoppedFrom: stopManifest,
			stoppedEnds: ": no such host", // NODATA, 3.9.2
		},
		{
			name:     "3.9.5 an AWS-managed list after an ALLOW: the allowed name resolves, every other name is unknown",
			scenario: "dns-firewall", workload: "fw-managed",
			want: []outcome{
				reaches(sim.CallECRAuth, "fw-managed-private", sim.ViaNATGateway),
				unknown(sim.CallECRImage, "fw-managed-private", reasons(sim.Unmodeled), unmodeled("fw-managed", "10.33.0.2")),
				unknown(sim.CallECRLayers, "fw-managed-private", reasons(sim.Unmodeled), unmodeled("fw-managed", "10.33.0.2")),
				unknown(sim.CallLogs, "fw-managed-private", reasons(sim.Unmodeled), unmodeled("fw-managed", "10.33.0.2")),
			},
		},
		{
			name:     "3.9.2 BLOCK OVERRIDE to a name no private zone answers: unknown",
			scenario: "dns-firewall", workload: "fw-override",
			want: []outcome{
				reaches(sim.CallECRAuth, "fw-override-private", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "fw-override-private", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "fw-override-private", sim.ViaNATGateway),
				unknown(sim.CallLogs, "fw-override-private", reasons(sim.Unmodeled), unmodeled("fw-override", "10.34.0.2")),
			},
		},
	}
}

// TestDNSReasonCodes checks every call of each workload of dnsReasonCases.
func TestDNSReasonCodes(t *testing.T) {
	reports := map[string]sim.Report{}
	for _, tt := range dnsReasonCases() {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := reports[tt.scenario]
			if !ok {
				r = sim.Run(loadScenario(t, tt.scenario))
				reports[tt.scenario] = r
			}
			got := workload(t, r, tt.workload)
			if diff := cmp.Diff(tt.want, outcomes(got)); diff != "" {
				t.Errorf("%s/%s calls (-want +got):\n%s", tt.scenario, tt.workload, diff)
			}
			checkStart(t, got, tt)
		})
	}
}
