package scenario_test

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
)

// TestDecodeIPv6Subnets reads the IPv6-only settings of subnets (aws-rules
// 4.9.4, 4.9.5) and the IP types of an endpoint (10.44), and writes them
// back.
func TestDecodeIPv6Subnets(t *testing.T) {
	src := "region: us-east-1\nvpcs:\n  v: {cidr: 10.0.0.0/16, ipv6_cidrs: \"2001:db8::/56\"}\nsubnets:\n" +
		"  v6: {vpc: v, az: us-east-1a, ipv6_native: true, dns64: true, ipv6_cidr: \"2001:db8:0:1::/64\"}\n" +
		"  dual: {vpc: v, az: us-east-1a, cidr: 10.0.2.0/24, ipv6_cidr: \"2001:db8:0:2::/64\"}\n" +
		"endpoints:\n  logs: {vpc: v, service: logs, subnets: [dual], ip_address_type: dualstack, dns_record_ip_type: SERVICE-DEFINED}\n" +
		"task_definitions:\n  t: {containers: [{name: a, image: nginx}]}\n"
	w, diags := scenario.Decode("t.yaml", []byte(src))
	if diags.HasErrors() {
		t.Fatalf("Decode: %v", diags)
	}
	want := []model.Subnet{
		{ID: "v6", VPC: "v", AZ: "us-east-1a", IPv6CIDR: netip.MustParsePrefix("2001:db8:0:1::/64"), IPv6Native: true, EnableDNS64: true},
		{ID: "dual", VPC: "v", AZ: "us-east-1a", CIDR: netip.MustParsePrefix("10.0.2.0/24"), IPv6CIDR: netip.MustParsePrefix("2001:db8:0:2::/64")},
	}
	if diff := cmp.Diff(want, w.Subnets, cmpopts.IgnoreFields(model.Subnet{}, "Source"), cmpopts.EquateComparable(netip.Prefix{})); diff != "" {
		t.Errorf("subnets (-want +got):\n%s", diff)
	}
	if !w.Subnets[0].IPv6Only() || w.Subnets[1].IPv6Only() {
		t.Errorf("IPv6Only: %v %v, want true false", w.Subnets[0].IPv6Only(), w.Subnets[1].IPv6Only())
	}
	if ep := w.Endpoints[0]; ep.IPAddressType != model.EndpointDualstack || ep.DNSRecordIPType != model.EndpointServiceDefined {
		t.Errorf("endpoint IP types %q %q, want dualstack service-defined (aws-rules 10.44)", ep.IPAddressType, ep.DNSRecordIPType)
	}
	out, err := scenario.Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	back, diags := scenario.Decode("t.yaml", out)
	if diags.HasErrors() {
		t.Fatalf("Decode(Encode): %v\n%s", diags, out)
	}
	if diff := cmp.Diff(w.Subnets, back.Subnets, cmpopts.IgnoreFields(model.Subnet{}, "Source"), cmpopts.EquateComparable(netip.Prefix{})); diff != "" {
		t.Errorf("round trip (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(w.Endpoints, back.Endpoints, cmpopts.IgnoreFields(model.Endpoint{}, "Source")); diff != "" {
		t.Errorf("endpoint round trip (-first +second):\n%s", diff)
	}
}
