package sim_test

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

// TestUndeterminedEndpointServices checks aws-rules 3.2.9 (proposed): an
// endpoint whose service name (or, for an interface endpoint, whose
// private DNS setting) is not determined may or may not answer a name or
// carry a route. A call whose answer it could change is unknown
// (UNMODELED), naming the endpoint and the setting; a call it cannot
// change keeps its verdict. It never makes a call unreachable.
//
// The routing scenario's VPC "main" resolves every name publicly; via-nat
// goes out through the NAT gateway, s3-gateway also has the S3 gateway
// endpoint on its table (4.3.2).
func TestUndeterminedEndpointServices(t *testing.T) {
	serviceUnknown := model.Unknown{Kind: model.KindEndpoint, Field: "service_name", Why: "known only after apply"}
	dnsUnknown := model.Unknown{Kind: model.KindEndpoint, Field: "private_dns_enabled", Why: "known only after apply"}
	mystery := func(w *model.World, privateDNS bool) {
		w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "mystery", VPC: "main", Type: model.EndpointInterface,
			Subnets: []string{"private-a"}, SecurityGroups: []string{"vpce"}, PrivateDNS: privateDNS})
		u := serviceUnknown
		u.ID = "mystery"
		w.Unknowns = append(w.Unknowns, u)
	}
	logsEndpoint := func(w *model.World, privateDNS bool) {
		w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "logs", VPC: "main", Type: model.EndpointInterface, ServiceName: apne1 + "logs",
			Subnets: []string{"private-a"}, SecurityGroups: []string{"vpce"}, PrivateDNS: privateDNS})
	}
	dnsStep := "AmazonProvidedDNS of main (10.0.0.2): dns unknown UNMODELED"
	tests := []struct {
		name     string
		workload string
		change   func(w *model.World)
		want     []outcome
	}{
		{
			// S3 is not affected: with an S3 gateway endpoint in the VPC,
			// an S3 interface endpoint's zone would be hidden from the VPC
			// by the inbound-only default (3.2.4, 10.6).
			name:     "3.2.9 interface endpoint of unknown service with private DNS: the AWS names it could answer are unknown",
			workload: "via-nat",
			change:   func(w *model.World) { mystery(w, true) },
			want: []outcome{
				unknown(sim.CallECRAuth, "private-a", reasons(sim.Unmodeled), dnsStep),
				unknown(sim.CallECRImage, "private-a", reasons(sim.Unmodeled), dnsStep),
				reaches(sim.CallECRLayers, "private-a", sim.ViaNATGateway),
				unknown(sim.CallLogs, "private-a", reasons(sim.Unmodeled), dnsStep),
			},
		},
		{
			// AWS allows one private DNS zone per name in a VPC (3.7): the
			// unknown endpoint cannot also answer logs.
			name:     "3.7 a known endpoint's private DNS zone decides its name; the unknown endpoint cannot be a second",
			workload: "via-nat",
			change:   func(w *model.World) { mystery(w, true); logsEndpoint(w, true) },
			want: []outcome{
				unknown(sim.CallECRAuth, "private-a", reasons(sim.Unmodeled), dnsStep),
				unknown(sim.CallECRImage, "private-a", reasons(sim.Unmodeled), dnsStep),
				reaches(sim.CallECRLayers, "private-a", sim.ViaNATGateway),
				reaches(sim.CallLogs, "private-a", sim.ViaInterfaceEndpoint),
			},
		},
		{
			name:     "3.2.5 an endpoint of unknown service with private DNS off answers no default name",
			workload: "via-nat",
			change:   func(w *model.World) { mystery(w, false) },
			want:     each(appCalls, func(k sim.CallKind) outcome { return reaches(k, "private-a", sim.ViaNATGateway) }),
		},
		{
			name:     "3.2.9 a logs endpoint whose private DNS is not determined: only logs is unknown",
			workload: "via-nat",
			change: func(w *model.World) {
				logsEndpoint(w, false)
				u := dnsUnknown
				u.ID = "logs"
				w.Unknowns = append(w.Unknowns, u)
			},
			want: []outcome{
				reaches(sim.CallECRAuth, "private-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "private-a", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "private-a", sim.ViaNATGateway),
				unknown(sim.CallLogs, "private-a", reasons(sim.Unmodeled), dnsStep),
			},
		},
		{
			// 3.7.1: private DNS needs both VPC DNS attributes, so without
			// enable_dns_hostnames no endpoint zone exists, known or not.
			name:     "3.7.1 without DNS hostnames no endpoint zone can exist: nothing changes",
			workload: "via-nat",
			change:   func(w *model.World) { mystery(w, true); w.VPCs[0].EnableDNSHostnames = false },
			want:     each(appCalls, func(k sim.CallKind) outcome { return reaches(k, "private-a", sim.ViaNATGateway) }),
		},
		{
			name:     "3.2.9 gateway endpoint of unknown service on the task's table: S3 calls unknown, the rest via NAT",
			workload: "via-nat",
			change: func(w *model.World) {
				w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "gw", VPC: "main", Type: model.EndpointGateway, RouteTables: []string{"private"}})
				u := serviceUnknown
				u.ID = "gw"
				w.Unknowns = append(w.Unknowns, u)
			},
			want: []outcome{
				reaches(sim.CallECRAuth, "private-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "private-a", sim.ViaNATGateway),
				unknown(sim.CallECRLayers, "private-a", reasons(sim.Unmodeled), "private: route unknown UNMODELED"),
				reaches(sim.CallLogs, "private-a", sim.ViaNATGateway),
			},
		},
		{
			name:     "4.3.3 a table carries one gateway endpoint per service: with the S3 one known, the unknown one is not S3",
			workload: "s3-gateway",
			change: func(w *model.World) {
				w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "gw", VPC: "main", Type: model.EndpointGateway, RouteTables: []string{"private-s3"}})
				u := serviceUnknown
				u.ID = "gw"
				w.Unknowns = append(w.Unknowns, u)
			},
			want: []outcome{
				reaches(sim.CallECRAuth, "s3-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "s3-a", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "s3-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "s3-a", sim.ViaNATGateway),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := loadScenario(t, "routing")
			w.VPCs[0].EnableDNSHostnames = true
			w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "vpce", VPC: "main",
				Ingress: []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}}})
			tt.change(w)
			got := outcomes(workload(t, sim.Run(w), tt.workload))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
		})
	}
}
