package snapshot

import (
	"testing"

	resolvertypes "github.com/aws/aws-sdk-go-v2/service/route53resolver/types"
	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
)

const (
	corpZone = "Z0A1B2C3D4E5F6G7H8I9J"
	ecrZone  = "Z09876543210ZYXWVUTSR"
	fwdRule  = "rslvr-rr-0a1b2c3d4e5f6a7b8"
)

var route53KindsTested = []model.Kind{model.KindHostedZone, model.KindResolverRule}

// TestRoute53 decodes the Route 53 and Resolver responses into the world
// (aws-rules 11.3.5 to 11.3.7): whole zones and rules, the Unknowns with
// the command that supplies each, and the diagnostics with positions.
func TestRoute53(t *testing.T) {
	records := "dns/records-" + corpZone + ".json"
	tests := []struct {
		name     string
		dir      string
		zones    []model.HostedZone
		rules    []model.ResolverRule
		unknowns []model.Unknown
		diags    model.Diagnostics
	}{{
		// 11.3.5: names without the trailing dot, lower case, \052 read
		// as *; A, AAAA, CNAME and aliases kept, NS, SOA and TXT left out;
		// records with a routing policy make the zone undetermined. The
		// public zone and the VPC of another Region are left out. 11.3.6:
		// a zone list-hosted-zones-by-vpc names without its records, and a
		// VPC without list-hosted-zones-by-vpc, are unknown. 11.3.7: only
		// COMPLETE associations with the world's VPCs count; a rule the
		// folder does not describe, and a DELEGATE rule, are undetermined.
		name: "zones, records and rules", dir: "route53/dns",
		zones: []model.HostedZone{{
			ID: corpZone, Source: fpos("dns/hosted-zone-corp.json", 2, 19), Name: "corp.example.internal", VPCs: []string{vpcA},
			Records: []model.Record{
				{Source: fpos(records, 23, 9), Name: "*.corp.example.internal", Type: model.RecordCNAME, Values: []string{"api.corp.example.internal"}},
				{Source: fpos(records, 33, 9), Name: "api.corp.example.internal", Type: model.RecordA, Values: []string{"10.1.10.5", "10.1.11.5"}},
				{Source: fpos(records, 46, 9), Name: "api.corp.example.internal", Type: model.RecordAAAA, Values: []string{"2001:db8::5"}},
				{Source: fpos(records, 66, 9), Name: "ecr.corp.example.internal", Type: model.RecordA,
					Alias: "vpce-0123456789abcdef0-abcdefgh.api.ecr.ap-northeast-1.vpce.amazonaws.com"},
			},
		}, {
			ID: ecrZone, Source: fpos("dns/hosted-zones-vpc-0a1b2c3d4e5f60718.json", 10, 9), Name: "ecr.ap-northeast-1.amazonaws.com", VPCs: []string{vpcA},
		}},
		rules: []model.ResolverRule{{
			ID: fwdRule, Source: fpos("dns/resolver-rules.json", 4, 9), DomainName: "corp.example.com", Type: model.ResolverForward,
			TargetIPs: []string{"10.0.0.2", "10.0.0.3:5353"}, ResolverEndpoint: "rslvr-out-0123456789abcdef0", VPCs: []string{vpcA},
		}, {
			ID: "rslvr-rr-0f9e8d7c6b5a4f3e2", Source: fpos("dns/resolver-rule-associations.json", 20, 9), VPCs: []string{vpcA},
			Undetermined: "the rule that association rslvr-rrassoc-0c3c3c3c3c3c3c3c3 names, which the snapshot does not describe",
		}, {
			ID: "rslvr-rr-0d1e2f3a4b5c6d7e8", Source: fpos("dns/resolver-rules.json", 42, 9), DomainName: "sub.corp.example.com", VPCs: []string{vpcB},
			Undetermined: `its rule type "DELEGATE", which vpctrace does not model`,
		}},
		unknowns: []model.Unknown{{
			ID: corpZone, Kind: model.KindHostedZone, Field: "records", Source: fpos(records, 78, 30),
			Why: `svc.corp.example.internal has records with a routing policy (SetIdentifier "blue"): which of them answers depends on weights, health checks or where the query comes from`,
		}, {
			ID: ecrZone, Kind: model.KindHostedZone, Field: "records", Why: "not in the snapshot",
			Source: fpos("dns/hosted-zones-vpc-0a1b2c3d4e5f60718.json", 10, 9),
			Fix:    fixOf("aws route53 list-resource-record-sets --hosted-zone-id " + ecrZone),
		}, {
			ID: vpcB, Kind: model.KindVPC, Field: "private_hosted_zones", Why: "not in the snapshot", Source: fpos("dns/vpcs.json", 21, 9),
			Fix: fixOf("aws route53 list-hosted-zones-by-vpc --vpc-id " + vpcB + " --vpc-region ap-northeast-1"),
		}, {
			ID: "rslvr-rr-0f9e8d7c6b5a4f3e2", Kind: model.KindResolverRule, Field: "resolver_rule_id",
			Why:    "association rslvr-rrassoc-0c3c3c3c3c3c3c3c3 names it, but no aws route53resolver list-resolver-rules output in the folder describes it (that output lists the rules shared with the account too)",
			Source: fpos("dns/resolver-rule-associations.json", 22, 31), Fix: fixOf("aws route53resolver list-resolver-rules"),
		}, {
			ID: "rslvr-rr-0d1e2f3a4b5c6d7e8", Kind: model.KindResolverRule, Field: "rule_type",
			Why: `rule type "DELEGATE", which vpctrace does not model`, Source: fpos("dns/resolver-rules.json", 47, 25),
		}},
	}, {
		// A VPC whose zones and Resolver rules the folder lacks is unknown
		// on both, with the commands; without an ARN or snapshot.json the
		// Region is a placeholder.
		name: "missing responses", dir: "route53/missing",
		unknowns: []model.Unknown{{
			ID: vpcA, Kind: model.KindVPC, Field: "private_hosted_zones", Why: "not in the snapshot", Source: fpos("missing/vpcs.json", 3, 9),
			Fix: fixOf("aws route53 list-hosted-zones-by-vpc --vpc-id " + vpcA + " --vpc-region REGION"),
		}, {
			ID: vpcA, Kind: model.KindVPC, Field: "resolver_rules", Why: "not in the snapshot", Source: fpos("missing/vpcs.json", 3, 9),
			Fix: fixOf("aws route53resolver list-resolver-rule-associations --filters Name=VPCId,Values=" + vpcA),
		}},
	}, {
		// Files whose names carry no ID are warnings and left out, as are
		// the records of a zone nothing describes; a malformed address,
		// a zone without its ID and a value of the wrong type are errors at
		// their position; a
		// truncated record list leaves the zone undetermined.
		name: "malformed values and file names", dir: "route53/malformed",
		zones: []model.HostedZone{{
			ID: corpZone, Source: fpos("malformed/hosted-zones-vpc-0a1b2c3d4e5f60718.json", 3, 9), Name: "corp.example.internal", VPCs: []string{vpcA},
			Records: []model.Record{{Source: fpos("malformed/records-"+corpZone+".json", 13, 9), Name: "db.corp.example.internal", Type: model.RecordA, Values: []string{"10.1.12.7"}}},
		}},
		unknowns: []model.Unknown{{
			ID: corpZone, Kind: model.KindHostedZone, Field: "records", Source: fpos("malformed/records-"+corpZone+".json", 24, 20),
			Why: "the output holds only the first page of the zone's records (IsTruncated is true)",
			Fix: fixOf("aws route53 list-resource-record-sets --hosted-zone-id " + corpZone + " (the CLI pages through every record unless --max-items or --no-paginate is given)"),
		}},
		diags: model.Diagnostics{{
			Severity: model.SeverityWarning, Code: CodeNotRecognised, Source: model.Pos{File: "malformed/records.json"},
			Message: "the output of aws route53 list-resource-record-sets does not say which hosted zone it describes, and the file's name holds no zone ID (name it e.g. records-Z0123456789ABC.json): left out",
		}, {
			Severity: model.SeverityError, Code: CodeInvalidJSON, Source: fpos("malformed/resolver-rule-associations.json", 7, 23),
			Message: "ResolverRuleAssociations[0].Status is number, but the AWS API gives it as types.ResolverRuleAssociationStatus",
		}, {
			Severity: model.SeverityWarning, Code: CodeNotRecognised, Source: model.Pos{File: "malformed/zones.json"},
			Message: "the output of aws route53 list-hosted-zones-by-vpc does not say which VPC it describes, and the file's name holds no vpc- ID (name it e.g. hosted-zones-vpc-0123abcd.json): left out",
		}, {
			Severity: model.SeverityError, Code: model.CodeMissingField, Source: fpos("malformed/hosted-zones-vpc-0a1b2c3d4e5f60718.json", 10, 9),
			Message: "hosted zone summary has no HostedZoneId",
		}, {
			Severity: model.SeverityError, Code: model.CodeInvalidValue, Source: fpos("malformed/records-"+corpZone+".json", 9, 30),
			Message: `"10.1.10.300" is not an IPv4 address, as a record of type A holds`,
		}, {
			Severity: model.SeverityWarning, Code: CodeNotRecognised, Source: model.Pos{File: "malformed/records-Z0FFFFFFFFFFFFFFFFFFF.json"},
			Message: "records of hosted zone Z0FFFFFFFFFFFFFFFFFFF, which no aws route53 get-hosted-zone or aws route53 list-hosted-zones-by-vpc output in the folder describes: left out",
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, diags := loadAreaFixture(t, tt.dir)
			if diff := cmp.Diff(tt.zones, w.HostedZones, areaCmp); diff != "" {
				t.Errorf("hosted zones (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.rules, w.ResolverRules, areaCmp); diff != "" {
				t.Errorf("Resolver rules (-want +got):\n%s", diff)
			}
			got := unknownsOf(w, route53KindsTested, "private_hosted_zones", "resolver_rules")
			if diff := cmp.Diff(tt.unknowns, got, areaCmp); diff != "" {
				t.Errorf("unknowns (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.diags, diags, areaCmp); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDNSName reads names as the model keeps them (aws-rules 11.3.5).
func TestDNSName(t *testing.T) {
	for in, want := range map[string]string{
		"api.corp.example.internal.":  "api.corp.example.internal",
		`\052.corp.example.internal.`: "*.corp.example.internal",
		"API.Example.COM":             "api.example.com",
		`a\05`:                        `a\05`, // not an escape: kept
		".":                           ".",
	} {
		if got := dnsName(in); got != want {
			t.Errorf("dnsName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAliasEndpoint ties an alias to the world's endpoint whose regional
// or zonal name it is (aws-rules 9.2, 11.3.5).
func TestAliasEndpoint(t *testing.T) {
	b := newBuilder()
	b.w.Endpoints = []model.Endpoint{{ID: "vpce-0123456789abcdef0"}}
	tests := []struct{ alias, id, az string }{
		{"vpce-0123456789abcdef0-abcdefgh.api.ecr.ap-northeast-1.vpce.amazonaws.com", "vpce-0123456789abcdef0", ""},
		{"vpce-0123456789abcdef0-abcdefgh-ap-northeast-1a.api.ecr.ap-northeast-1.vpce.amazonaws.com", "vpce-0123456789abcdef0", "ap-northeast-1a"},
		{"vpce-0fffffffffffffff0-abcdefgh.api.ecr.ap-northeast-1.vpce.amazonaws.com", "", ""}, // not in the world
		{"internal-alb-123.ap-northeast-1.elb.amazonaws.com", "", ""},
	}
	for _, tt := range tests {
		id, az := b.aliasEndpoint(tt.alias)
		if id != tt.id || az != tt.az {
			t.Errorf("aliasEndpoint(%q) = %q, %q; want %q, %q", tt.alias, id, az, tt.id, tt.az)
		}
	}
}

// TestTargetIP writes a FORWARD rule's targets as the model keeps them.
func TestTargetIP(t *testing.T) {
	port := func(p int32) *int32 { return &p }
	s := func(v string) *string { return &v }
	tests := []struct {
		t    resolvertypes.TargetAddress
		want string
	}{
		{resolvertypes.TargetAddress{Ip: s("10.0.0.2"), Port: port(53)}, "10.0.0.2"},
		{resolvertypes.TargetAddress{Ip: s("10.0.0.2")}, "10.0.0.2"},
		{resolvertypes.TargetAddress{Ip: s("10.0.0.2"), Port: port(5353)}, "10.0.0.2:5353"},
		{resolvertypes.TargetAddress{Ipv6: s("2001:db8::2"), Port: port(5353)}, "[2001:db8::2]:5353"},
	}
	for _, tt := range tests {
		if got := targetIP(tt.t); got != tt.want {
			t.Errorf("targetIP(%+v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}
