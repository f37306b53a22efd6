package scenario_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
)

// head starts most bad inputs: lines 1-3 of the file.
const head = "region: us-east-1\nvpcs:\n  v: {cidr: 10.0.0.0/16}\n"

// topKeys ends the message about an unknown top-level key.
const topKeys = "(expected one of: region, account, org_id, vpcs, subnets, route_tables, internet_gateways, egress_only_gateways, nat_gateways, vpn_gateways, instances, endpoints, security_groups, network_acls, prefix_lists, dhcp_options, hosted_zones, transit_gateways, transit_gateway_attachments, transit_gateway_route_tables, peerings, file_systems, buckets, clusters, task_definitions, services, auto_scaling_groups, pull_through_cache_rules, account_settings, resolver_rules, firewall_domain_lists, firewall_rule_groups, block_public_access, block_public_access_exclusions, network_firewalls, network_firewall_policies, network_firewall_rule_groups)"

// noWorkloads is the warning of a scenario that ends at line without
// declaring anything to trace.
func noWorkloads(line int) model.Diagnostic {
	return model.Diagnostic{Severity: model.SeverityWarning, Code: scenario.CodeNoWorkloads, Source: model.Pos{File: "t.yaml", Line: line, Column: 1},
		Message: "the scenario declares no services and no task definitions: nothing to trace (a scenario lists them under services: and task_definitions:; is the file complete?)"}
}

// errAt is an error diagnostic at line:col of t.yaml.
func errAt(line, col int, code, msg string) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.SeverityError,
		Code:     code,
		Message:  msg,
		Source:   model.Pos{File: "t.yaml", Line: line, Column: col},
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want model.Diagnostics
	}{{
		name: "malformed YAML",
		yaml: head + "subnets:\n  a: {vpc: v, az: us-east-1a, cidr: 10.0.1.0/24\n",
		want: model.Diagnostics{errAt(5, 1, scenario.CodeSyntax, `invalid YAML: did not find expected ',' or '}'`)},
	}, {
		// aws-rules 1.7.3: the logging settings AWS has; 1.2.11, 1.2.14: a
		// rule's prefix is required, its cache one of three states.
		name: "1.7.3 execute_command logging and 1.2.14 cache states",
		yaml: head + "clusters:\n  c:\n    execute_command: {logging: verbose}\npull_through_cache_rules:\n  hub: {upstream_registry_url: registry-1.docker.io, cache: hot}\n",
		want: model.Diagnostics{
			errAt(6, 32, model.CodeInvalidValue, `clusters.c.execute_command.logging: "verbose" is not an ECS Exec logging setting (expected NONE, DEFAULT or OVERRIDE)`),
			errAt(8, 3, model.CodeMissingField, `pull_through_cache_rules.hub: missing required key "ecr_repository_prefix" (expected the repository prefix the rule serves, such as docker-hub)`),
			errAt(8, 61, model.CodeInvalidValue, `pull_through_cache_rules.hub.cache: "hot" is not a pull through cache state (expected cold, warm or unknown)`),
		},
	}, {
		// aws-rules 4.9.4: an IPv6-only subnet has an IPv6 block and no
		// IPv4 one.
		name: "4.9.4 ipv6_native subnets without an IPv6 block or with an IPv4 one",
		yaml: head + "subnets:\n  a: {vpc: v, az: us-east-1a, ipv6_native: true}\n  b: {vpc: v, az: us-east-1a, ipv6_native: true, cidr: 10.0.2.0/24, ipv6_cidr: \"2001:db8:0:2::/64\"}\n",
		want: model.Diagnostics{
			errAt(5, 3, model.CodeMissingField, `subnet "a" is IPv6-native but has no IPv6 CIDR (aws-rules 4.9.4)`),
			errAt(6, 3, model.CodeInvalidValue, `subnet "b" is IPv6-native and cannot have an IPv4 CIDR (10.0.2.0/24) (aws-rules 4.9.4)`),
		},
	}, {
		// A Resolver rule needs a domain and a known type; a DNS Firewall
		// BLOCK rule a block response, and a domain list entry the
		// domain format (aws-rules 3.3.5, 3.9.2, 3.9.3).
		name: "3.3.5 Resolver rule and 3.9 DNS Firewall values",
		yaml: head + "resolver_rules:\n  r: {rule_type: forwarder, vpcs: [v]}\nfirewall_domain_lists:\n  l: {domains: [\"bad domain\"]}\n" +
			"firewall_rule_groups:\n  g:\n    rules:\n      b: {priority: 1, action: BLOCK, domain_list: l}\n      a: {priority: one, action: deny, domain_list: l}\n    associations:\n      - {priority: 100}\n",
		want: model.Diagnostics{
			errAt(5, 3, model.CodeMissingField, `resolver_rules.r: missing required key "domain_name" (expected a domain such as example.com, or "." for every name)`),
			errAt(5, 18, model.CodeInvalidValue, `resolver_rules.r.rule_type: "forwarder" is not a Resolver rule type (expected FORWARD, SYSTEM or RECURSIVE)`),
			errAt(7, 3, model.CodeInvalidValue, `DNS Firewall domain list "l": "bad domain" is not a domain specification (letters, digits, hyphens and dots, optionally starting with *)`),
			errAt(11, 7, model.CodeMissingField, `DNS Firewall rule "b" of rule group "g" blocks but has no block response (NODATA, NXDOMAIN or OVERRIDE)`),
			errAt(12, 21, model.CodeInvalidValue, `firewall_rule_groups.g.rules.a.priority: "one" is not a whole number (expected a decimal number such as 100)`),
			errAt(12, 34, model.CodeInvalidValue, `firewall_rule_groups.g.rules.a.action: "deny" is not a DNS Firewall action (expected ALLOW, ALERT or BLOCK)`),
			errAt(14, 9, model.CodeMissingField, `firewall_rule_groups.g.associations[0]: missing required key "vpc" (expected the ID of the VPC)`),
		},
	}, {
		name: "tab indentation",
		yaml: "region: us-east-1\nvpcs:\n\tv: {}\n",
		want: model.Diagnostics{errAt(3, 1, scenario.CodeSyntax, "invalid YAML: found character that cannot start any token")},
	}, {
		name: "control character",
		yaml: "region: us-east-1\nvpcs: {}\x01\n",
		want: model.Diagnostics{errAt(2, 9, scenario.CodeSyntax, "invalid YAML: control characters are not allowed")},
	}, {
		name: "two documents",
		yaml: head + "---\nregion: us-east-1\n",
		want: model.Diagnostics{errAt(4, 1, scenario.CodeSyntax, `a scenario file holds one YAML document, found a second one (remove the "---" separator)`)},
	}, {
		name: "unknown reference",
		yaml: head + "subnets:\n  a: {vpc: nope, az: us-east-1a, cidr: 10.0.1.0/24}\n",
		want: model.Diagnostics{errAt(5, 12, model.CodeUnknownReference, `vpc refers to "nope", which is not defined (expected a vpc)`)},
	}, {
		name: "reference to an object of another kind",
		yaml: head + "subnets:\n  a: {vpc: v, az: us-east-1a, cidr: 10.0.1.0/24}\nroute_tables:\n  rt: {vpc: a}\n",
		want: model.Diagnostics{errAt(7, 13, model.CodeUnknownReference, `vpc refers to "a", which is a subnet, not a vpc`)},
	}, {
		// aws-rules 1.3.5: a region has one defaultLogDriverMode, which
		// is blocking or non-blocking.
		name: "1.3.5 account setting that is not a mode, and a second one for a region",
		yaml: head + "account_settings:\n  a: {name: defaultLogDriverMode, value: nonblocking}\n  b: {name: defaultLogDriverMode, value: blocking, region: us-east-1}\n",
		want: model.Diagnostics{
			errAt(5, 3, model.CodeInvalidValue, `account setting "a": defaultLogDriverMode is "nonblocking"; want blocking or non-blocking`),
			errAt(6, 3, model.CodeInvalidValue, `account setting "b": defaultLogDriverMode is already set for us-east-1 by "a"; a region has one value per setting`),
		},
	}, {
		name: "1.3.8 FireLens type that is not one",
		yaml: head + "task_definitions:\n  td:\n    containers:\n      - {name: r, image: nginx, firelens: {type: logstash}}\n",
		want: model.Diagnostics{errAt(7, 50, model.CodeInvalidValue, `task_definitions.td.containers[0].firelens.type: "logstash" is not a FireLens type (expected fluentbit or fluentd)`)},
	}, {
		name: "container setting that decides no call",
		yaml: head + "task_definitions:\n  td:\n    containers:\n      - {name: app, image: nginx, unknown: {'environment[0].value': later}}\n",
		want: model.Diagnostics{errAt(7, 45, model.CodeInvalidValue, `task_definitions.td.containers[0].unknown: "environment[0].value" is not a container setting that decides calls (expected image, logConfiguration.logDriver, logConfiguration.options, logConfiguration.options.awslogs-region, logConfiguration.options.awslogs-group, logConfiguration.options.awslogs-create-group, logConfiguration.secretOptions, logConfiguration.secretOptions[N].valueFrom, secrets, secrets[N].valueFrom, repositoryCredentials.credentialsParameter, environmentFiles, environmentFiles[N].value, logConfiguration.options.mode, firelensConfiguration, firelensConfiguration.options.config-file-type, firelensConfiguration.options.config-file-value or *)`)},
	}, {
		name: "invalid CIDR",
		yaml: head + "subnets:\n  a:\n    vpc: v\n    az: us-east-1a\n    cidr: 10.0.1.0/33\n",
		want: model.Diagnostics{errAt(8, 11, model.CodeInvalidValue, `subnets.a.cidr: "10.0.1.0/33" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)`)},
	}, {
		// Issue 11, point 9: one message, not also one per subnet of the
		// VPC ("not inside any CIDR of vpc").
		name: "VPC CIDR that does not parse",
		yaml: "region: us-east-1\nvpcs:\n  v: {cidr: 10.0.0.0/33}\nsubnets:\n  a: {vpc: v, az: us-east-1a, cidr: 10.0.1.0/24}\n  b: {vpc: v, az: us-east-1b, cidr: 10.0.2.0/24}\n",
		want: model.Diagnostics{errAt(3, 13, model.CodeInvalidValue, `vpcs.v.cidr: "10.0.0.0/33" is not a valid CIDR (expected an IPv4 prefix such as 10.0.1.0/24)`)},
	}, {
		name: "IPv6 prefix longer than 128 bits",
		yaml: head + "subnets:\n  a: {vpc: v, az: us-east-1a, cidr: 10.0.1.0/24, ipv6_cidr: \"::/129\"}\n",
		want: model.Diagnostics{errAt(5, 61, model.CodeInvalidValue, `subnets.a.ipv6_cidr: "::/129" is not a valid CIDR (expected an IPv6 prefix such as 2001:db8:1234:1a00::/56)`)},
	}, {
		// Issue 11, point 8: a zone is a name AWS gives, not any string.
		name: "Availability Zone that is a path",
		yaml: head + "subnets:\n  a: {vpc: v, az: ../../x, cidr: 10.0.1.0/24}\n",
		want: model.Diagnostics{errAt(5, 19, model.CodeInvalidValue, `subnets.a.az: "../../x" is not an Availability Zone name (expected a name such as ap-northeast-1a)`)},
	}, {
		name: "TCP port -1 and ICMP type and code",
		yaml: head + `security_groups:
  sg:
    vpc: v
    ingress:
      - {protocol: tcp, from_port: -1, to_port: -1, cidrs: 0.0.0.0/0}
      - {protocol: icmp, from_port: 8, to_port: 0, cidrs: 0.0.0.0/0}
      - {protocol: icmp, from_port: 3, to_port: 256, cidrs: 0.0.0.0/0}
`,
		want: model.Diagnostics{
			errAt(8, 9, model.CodeInvalidValue, "ports -1 to -1 are not valid (ports are 0-65535, the first no greater than the last)"),
			errAt(10, 9, model.CodeInvalidValue, "ICMP type 3 and code 256 are not valid (each -1 for all, or 0-255)"),
		},
	}, {
		name: "CIDR with host bits",
		yaml: head + "subnets:\n  a: {vpc: v, az: us-east-1a, cidr: 10.0.1.5/24}\n",
		want: model.Diagnostics{errAt(5, 37, model.CodeInvalidValue, `subnets.a.cidr: "10.0.1.5/24" is not a valid CIDR (expected 10.0.1.0/24: host bits must be zero)`)},
	}, {
		name: "duplicate id",
		yaml: head + "subnets:\n  a: {vpc: v, az: us-east-1a, cidr: 10.0.1.0/24}\n  a: {vpc: v, az: us-east-1c, cidr: 10.0.2.0/24}\n",
		want: model.Diagnostics{errAt(6, 3, model.CodeDuplicateID, `duplicate subnet id "a": already defined at t.yaml:5:3`)},
	}, {
		name: "route to a target that does not exist",
		yaml: head + "route_tables:\n  rt:\n    vpc: v\n    routes:\n      - {destination: 0.0.0.0/0, nat_gateway: nat-a}\n",
		want: model.Diagnostics{errAt(8, 47, model.CodeUnknownReference, `route target refers to "nat-a", which is not defined (expected a NAT gateway)`)},
	}, {
		name: "route without a target and with two",
		yaml: head + "route_tables:\n  rt:\n    vpc: v\n    routes:\n      - {destination: 0.0.0.0/0}\n      - {destination: 10.1.0.0/16, local: true, instance: i}\n",
		want: model.Diagnostics{
			errAt(8, 9, model.CodeMissingField, "route_tables.rt.routes[0]: the route has no target (expected one of: local, internet_gateway, nat_gateway, egress_only_gateway, gateway_endpoint, transit_gateway, peering, instance, network_interface, vpn_gateway, network_firewall, gateway_load_balancer_endpoint)"),
			errAt(9, 49, model.CodeInvalidValue, "route_tables.rt.routes[1]: a route has one target, found both local and instance"),
		},
	}, {
		name: "unknown key",
		yaml: "region: us-east-1\nvpcs:\n  v: {cidr: 10.0.0.0/16, dns_hostname: true}\n",
		want: model.Diagnostics{errAt(3, 26, scenario.CodeUnknownKey, `unknown key "dns_hostname" in vpcs.v (did you mean "dns_hostnames"? expected one of: cidr, ipv6_cidrs, region, account, dns_support, dns_hostnames, dhcp_options, main_route_table, default_network_acl, default_security_group)`)},
	}, {
		name: "unknown top-level key",
		yaml: head + "subnet: {}\n",
		want: model.Diagnostics{errAt(4, 1, scenario.CodeUnknownKey, `unknown key "subnet" at the top level (did you mean "subnets"? `+topKeys[1:])},
	}, {
		name: "duplicate key",
		yaml: "region: us-east-1\nvpcs:\n  v: {cidr: 10.0.0.0/16, cidr: 10.1.0.0/16}\n",
		want: model.Diagnostics{errAt(3, 26, scenario.CodeDuplicateKey, `key "cidr" appears twice in vpcs.v (first at line 3, column 7)`)},
	}, {
		name: "collection is a list",
		yaml: "region: us-east-1\nvpcs:\n  - v\n",
		want: model.Diagnostics{errAt(3, 3, scenario.CodeWrongType, "vpcs: expected a mapping of id to object, found a list")},
	}, {
		name: "object is a list",
		yaml: "region: us-east-1\nvpcs:\n  v: [10.0.0.0/16]\n",
		want: model.Diagnostics{errAt(3, 6, scenario.CodeWrongType, "vpcs.v: expected a mapping with keys such as cidr, ipv6_cidrs, region, found a list")},
	}, {
		name: "scalar is a mapping",
		yaml: "region: us-east-1\nvpcs:\n  v: {cidr: {a: b}}\n",
		want: model.Diagnostics{errAt(3, 13, scenario.CodeWrongType, "vpcs.v.cidr: expected an IPv4 prefix such as 10.0.1.0/24, found a mapping")},
	}, {
		name: "top level is a list",
		yaml: "- region: us-east-1\n",
		want: model.Diagnostics{errAt(1, 1, scenario.CodeWrongType, "top level: expected a mapping with keys such as region, account, org_id, found a list")},
	}, {
		name: "missing region",
		yaml: "vpcs:\n  v: {cidr: 10.0.0.0/16}\n",
		want: model.Diagnostics{errAt(1, 1, model.CodeMissingField, `top level: missing required key "region" (expected a region name such as ap-northeast-1)`)},
	}, {
		name: "empty file",
		yaml: "",
		want: model.Diagnostics{errAt(1, 1, model.CodeMissingField, `top level: missing required key "region" (expected a region name such as ap-northeast-1)`)},
	}, {
		name: "bad region and account",
		yaml: "region: tokyo\naccount: 12345\n",
		want: model.Diagnostics{
			errAt(1, 9, model.CodeInvalidValue, `region: "tokyo" is not a region name (expected a region name such as ap-northeast-1)`),
			errAt(2, 10, model.CodeInvalidValue, `account: "12345" is not an account ID (expected a 12-digit account ID such as 123456789012)`),
		},
	}, {
		name: "bad ports",
		yaml: head + `security_groups:
  sg:
    vpc: v
    ingress:
      - {protocol: tcp, ports: 70000, cidrs: 0.0.0.0/0}
      - {protocol: tcp, ports: 443-80, cidrs: 0.0.0.0/0}
      - {protocol: tcp, cidrs: 0.0.0.0/0}
      - {protocol: tcp, ports: 1, from_port: 1, cidrs: 0.0.0.0/0}
      - {protocol: udp, from_port: 53, cidrs: 0.0.0.0/0}
      - {protocol: tcp, from_port: 22, to_port: ssh, cidrs: 0.0.0.0/0}
`,
		want: model.Diagnostics{
			errAt(8, 32, model.CodeInvalidValue, `security_groups.sg.ingress[0].ports: "70000" is not a port or port range (expected a port 0-65535 or a range such as 1024-65535)`),
			errAt(9, 32, model.CodeInvalidValue, `security_groups.sg.ingress[1].ports: "443-80" is not a port or port range (expected a port 0-65535 or a range such as 1024-65535)`),
			errAt(10, 9, model.CodeMissingField, `security_groups.sg.ingress[2]: missing required key "ports" (expected a port such as 443 or a range such as 1024-65535 for protocol tcp)`),
			errAt(11, 25, model.CodeInvalidValue, "security_groups.sg.ingress[3]: give either ports or from_port and to_port, not both"),
			errAt(12, 9, model.CodeMissingField, `security_groups.sg.ingress[4]: missing required key "to_port" (expected a port number, or -1 for all ICMP types)`),
			errAt(13, 49, model.CodeInvalidValue, `security_groups.sg.ingress[5].to_port: "ssh" is not a whole number (expected a decimal number such as 100)`),
		},
	}, {
		name: "bad protocol, boolean and missing rule fields",
		yaml: head + `security_groups:
  sg:
    vpc: v
    ingress: [{protocol: tcpp, ports: 1, cidrs: 0.0.0.0/0, self: yes}]
network_acls:
  n:
    vpc: v
    ingress:
      - {rule: 100, protocol: all, cidr: 0.0.0.0/0}
      - {action: allow, protocol: all, cidr: 0.0.0.0/0}
`,
		want: model.Diagnostics{
			errAt(7, 26, model.CodeInvalidValue, `security_groups.sg.ingress[0].protocol: "tcpp" is not a protocol (expected tcp, udp, icmp, icmpv6, all, -1 or a protocol number 0-255)`),
			errAt(7, 66, model.CodeInvalidValue, `security_groups.sg.ingress[0].self: "yes" is not a boolean (expected true or false)`),
			errAt(12, 9, model.CodeMissingField, `network_acls.n.ingress[0]: missing required key "action" (expected allow or deny)`),
			errAt(13, 9, model.CodeMissingField, `network_acls.n.ingress[1]: missing required key "rule" (expected a rule number 1-32766)`),
		},
	}, {
		name: "endpoint problems",
		yaml: head + `subnets:
  a: {vpc: v, az: us-east-1a, cidr: 10.0.1.0/24}
endpoints:
  e: {vpc: v, service: logs, subnets: [a], ips: {b: 10.0.1.5, a: nope}}
  f: {vpc: v, service: s3, type: gateway, policy: '{"a": '}
  g: {vpc: v, service: s3, type: gatewy}
  h: {vpc: v}
`,
		want: model.Diagnostics{
			errAt(7, 50, model.CodeInvalidValue, `endpoints.e.ips: "b" is not one of the endpoint's subnets (expected one of: a)`),
			errAt(7, 66, model.CodeInvalidValue, `endpoints.e.ips.a: "nope" is not a valid IP address (expected an IP address such as 10.0.1.10)`),
			errAt(8, 51, model.CodeInvalidValue, `endpoints.f.policy: not a valid JSON policy document: unexpected end of JSON input (expected a JSON object, or the policy written as a YAML mapping)`),
			errAt(9, 34, model.CodeInvalidValue, `endpoints.g.type: "gatewy" is not an endpoint type (expected Interface or Gateway)`),
			errAt(10, 3, model.CodeMissingField, `endpoints.h: missing required key "service" (expected a service such as ecr.api or com.amazonaws.REGION.ecr.api)`),
		},
	}, {
		name: "record problems",
		yaml: head + `hosted_zones:
  z:
    name: example.com
    records:
      - {name: a.example.com, type: A, values: ["2001:db8::1"]}
      - {name: b.example.com, type: MX, values: x}
      - {name: c.example.com, alias: x, values: [192.0.2.1]}
      - {name: d.example.com, type: CNAME, values: [a, b]}
      - {name: e.other.com, type: A, values: 192.0.2.1}
`,
		want: model.Diagnostics{
			errAt(8, 49, model.CodeInvalidValue, `hosted_zones.z.records[0].values[0]: "2001:db8::1" is not an address for a record of type A (expected an IPv4 address)`),
			errAt(9, 37, model.CodeInvalidValue, `hosted_zones.z.records[1].type: "MX" is not a record type (expected A, AAAA or CNAME)`),
			errAt(10, 41, model.CodeInvalidValue, "hosted_zones.z.records[2]: a record has either values or an alias, not both"),
			errAt(11, 52, model.CodeInvalidValue, "hosted_zones.z.records[3].values: a CNAME record has one target, found 2"),
			errAt(12, 9, model.CodeInvalidValue, `record "e.other.com" is not inside zone "example.com"`),
		},
	}, {
		name: "service problems",
		yaml: head + `clusters: {c: {}}
task_definitions:
  t: {containers: [{image: x}]}
services:
  s: {cluster: c, task_definition: t, launch_type: fargat}
  both: {cluster: c, task_definition: t, launch_type: EC2, capacity_providers: [FARGATE_SPOT]}
`,
		want: model.Diagnostics{
			errAt(6, 20, model.CodeMissingField, `task_definitions.t.containers[0]: missing required key "name" (expected the container's name)`),
			errAt(8, 52, model.CodeInvalidValue, `services.s.launch_type: "fargat" is not a launch type (expected FARGATE, EC2 or EXTERNAL)`),
			errAt(9, 42, model.CodeInvalidValue, "services.both: a service has either a launch_type or capacity_providers, not both"),
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, got := scenario.Decode("t.yaml", []byte(tc.yaml))
			if w != nil {
				t.Errorf("Decode returned a world despite errors")
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeAliasBombs checks that self-referencing and exponential
// aliases end in a diagnostic, not a hang or a crash.
func TestDecodeAliasBombs(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want model.Diagnostics
	}{{
		name: "recursive policy",
		yaml: "region: us-east-1\nvpcs: {v: {cidr: 10.0.0.0/16}}\nendpoints: {e: {vpc: v, service: s3, policy: &p {a: [*p, *p]}}}\n",
		want: model.Diagnostics{errAt(3, 46, model.CodeInvalidValue, "endpoints.e.policy: nested more than 64 levels deep")},
	}, {
		name: "exponential aliases",
		yaml: `region: us-east-1
vpcs: {v: {cidr: 10.0.0.0/16}}
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
endpoints: {e: {vpc: v, service: s3, policy: {Statement: *e}}}
`,
		want: model.Diagnostics{
			errAt(3, 1, scenario.CodeUnknownKey, `unknown key "a" at the top level `+topKeys),
			errAt(4, 1, scenario.CodeUnknownKey, `unknown key "b" at the top level `+topKeys),
			errAt(5, 1, scenario.CodeUnknownKey, `unknown key "c" at the top level `+topKeys),
			errAt(6, 1, scenario.CodeUnknownKey, `unknown key "d" at the top level `+topKeys),
			errAt(7, 1, scenario.CodeUnknownKey, `unknown key "e" at the top level `+topKeys),
			errAt(7, 44, scenario.CodeSyntax, "too many alias dereferences (more than 10000); expand the aliases in the file"),
		},
	}, {
		name: "recursive merge",
		yaml: "region: us-east-1\nvpcs: {v: &v {<<: *v, cidr: 10.0.0.0/16}}\n",
		want: model.Diagnostics{noWorkloads(2)},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, got := scenario.Decode("t.yaml", []byte(tc.yaml))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeNoWorkloads: a scenario that declares nothing to trace, as a
// file cut short does, gets a warning at its end, which the CLI turns into
// exit status 2 (issue 11, point 8).
func TestDecodeNoWorkloads(t *testing.T) {
	seed := string(example.Seed)
	truncated := seed[:strings.Index(seed, "clusters:")]
	tests := []struct {
		name string
		yaml string
		want model.Diagnostics
	}{
		{"only a region, no final newline", "region: us-east-1", model.Diagnostics{noWorkloads(1)}},
		{"network only", head, model.Diagnostics{noWorkloads(3)}},
		{"the seed cut before its clusters", truncated, model.Diagnostics{noWorkloads(strings.Count(truncated, "\n"))}},
		{"a task definition is something to trace", head + "task_definitions:\n  td: {containers: [{name: app, image: nginx}]}\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, got := scenario.Decode("t.yaml", []byte(tc.yaml))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
