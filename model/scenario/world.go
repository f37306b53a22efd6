package scenario

import (
	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/model"
)

// topKeys are the keys of the top-level mapping: the world's settings, then
// the collections in the order they are decoded (a collection may use the
// ones before it, e.g. endpoints read their VPC's region).
var topKeys = []string{
	"region", "account", "org_id",
	"vpcs", "subnets", "route_tables", "internet_gateways", "egress_only_gateways",
	"nat_gateways", "vpn_gateways", "instances", "endpoints", "security_groups",
	"network_acls", "prefix_lists", "dhcp_options", "hosted_zones", "transit_gateways",
	"transit_gateway_attachments", "transit_gateway_route_tables", "peerings",
	"file_systems", "buckets", "clusters", "task_definitions", "services",
	"auto_scaling_groups", "pull_through_cache_rules", "account_settings", "resolver_rules",
	"firewall_domain_lists", "firewall_rule_groups", "block_public_access", "block_public_access_exclusions",
	"network_firewalls", "network_firewall_policies", "network_firewall_rule_groups",
}

// world decodes the top-level mapping into d.w.
func (d *decoder) world(root *yaml.Node) {
	o := d.object(root, "", d.pos(root), topKeys)
	if n := d.resolve(root); n != nil && n.Kind != yaml.MappingNode && !isNull(n) {
		d.structural = true
		return
	}
	w := d.w
	w.Region = worldRegion(o)
	w.Account = DefaultAccount
	if a, ok := get(o, "account", parseAccount); ok {
		w.Account, w.AccountFrom = a, "the scenario's account"
	}
	w.OrgID = o.str("org_id")
	w.VPCs = idMap(o, "vpcs", vpcKeys, decodeVPC)
	w.Subnets = idMap(o, "subnets", subnetKeys, decodeSubnet)
	w.RouteTables = idMap(o, "route_tables", routeTableKeys, decodeRouteTable)
	w.InternetGateways = idMap(o, "internet_gateways", vpcOnlyKeys, decodeInternetGateway)
	w.EgressOnlyGateways = idMap(o, "egress_only_gateways", vpcOnlyKeys, decodeEgressOnlyGateway)
	w.NATGateways = idMap(o, "nat_gateways", natKeys, decodeNATGateway)
	w.VPNGateways = idMap(o, "vpn_gateways", vpcOnlyKeys, decodeVPNGateway)
	w.Instances = idMap(o, "instances", instanceKeys, decodeInstance)
	w.Endpoints = idMap(o, "endpoints", endpointKeys, decodeEndpoint)
	w.SecurityGroups = idMap(o, "security_groups", securityGroupKeys, decodeSecurityGroup)
	w.NetworkACLs = idMap(o, "network_acls", networkACLKeys, decodeNetworkACL)
	w.PrefixLists = idMap(o, "prefix_lists", prefixListKeys, decodePrefixList)
	w.DHCPOptions = idMap(o, "dhcp_options", dhcpKeys, decodeDHCPOptions)
	w.HostedZones = idMap(o, "hosted_zones", hostedZoneKeys, decodeHostedZone)
	w.TransitGateways = idMap(o, "transit_gateways", transitGatewayKeys, decodeTransitGateway)
	w.TransitGatewayAttachments = idMap(o, "transit_gateway_attachments", attachmentKeys, decodeAttachment)
	w.TransitGatewayRouteTables = idMap(o, "transit_gateway_route_tables", tgwRouteTableKeys, decodeTGWRouteTable)
	w.Peerings = idMap(o, "peerings", peeringKeys, decodePeering)
	w.FileSystems = idMap(o, "file_systems", fileSystemKeys, decodeFileSystem)
	w.Buckets = idMap(o, "buckets", bucketKeys, decodeBucket)
	w.Clusters = idMap(o, "clusters", clusterKeys, decodeCluster)
	w.TaskDefinitions = idMap(o, "task_definitions", taskDefinitionKeys, decodeTaskDefinition)
	w.Services = idMap(o, "services", serviceKeys, decodeService)
	if w.AccountFrom == "" {
		// Without an account key, the account the scenario's ARNs and
		// image URIs agree on; else none: DefaultAccount only stands in
		// (aws-rules 6.1.6).
		if a := w.ShownAccount(); a != "" {
			w.Account, w.AccountFrom = a, "the ARNs in the scenario, which all name it"
		}
	}
	w.AutoScalingGroups = idMap(o, "auto_scaling_groups", autoScalingGroupKeys, decodeAutoScalingGroup)
	w.PullThroughCacheRules = idMap(o, "pull_through_cache_rules", ptcRuleKeys, decodePTCRule)
	w.AccountSettings = idMap(o, "account_settings", accountSettingKeys, decodeAccountSetting)
	w.ResolverRules = idMap(o, "resolver_rules", resolverRuleKeys, decodeResolverRule)
	w.FirewallDomainLists = idMap(o, "firewall_domain_lists", firewallListKeys, decodeFirewallList)
	w.FirewallRuleGroups = idMap(o, "firewall_rule_groups", firewallGroupKeys, decodeFirewallGroup)
	w.BlockPublicAccess = idMap(o, "block_public_access", bpaKeys, decodeBlockPublicAccess)
	w.BPAExclusions = idMap(o, "block_public_access_exclusions", bpaExclusionKeys, decodeBPAExclusion)
	w.NetworkFirewalls = idMap(o, "network_firewalls", networkFirewallKeys, decodeNetworkFirewall)
	w.NetworkFirewallPolicies = idMap(o, "network_firewall_policies", nfwPolicyKeys, decodeNFWPolicy)
	w.NetworkFirewallRuleGroups = idMap(o, "network_firewall_rule_groups", nfwRuleGroupKeys, decodeNFWRuleGroup)
}

// worldRegion reads the required top-level region. Without a valid one,
// endpoint service names cannot be expanded, so validation is skipped.
func worldRegion(o *object) string {
	if !o.require("region", "a region name such as ap-northeast-1") {
		o.d.structural = true
		return ""
	}
	r, ok := get(o, "region", parseRegion)
	if !ok {
		o.d.structural = true
	}
	return r
}

var (
	// parseRegion reads a region name such as ap-northeast-1 or us-gov-west-1.
	parseRegion = checked(model.IsRegion, "a region name", "a region name such as ap-northeast-1")
	// parseAccount reads a 12-digit account ID.
	parseAccount = checked(model.IsAccountID, "an account ID", "a 12-digit account ID such as 123456789012")
	// parseZone reads an Availability Zone name such as ap-northeast-1a.
	parseZone = checked(model.IsZoneName, "an Availability Zone name", "a name such as ap-northeast-1a")
)

// checked returns a parser for strings that valid accepts.
func checked(valid func(string) bool, what, want string) parser[string] {
	return func(o *object, n *yaml.Node, path string) (string, bool) {
		s, ok := scalar(o, n, path, want)
		if ok && !valid(s) {
			invalid(o, n, path, what, want)
			return "", false
		}
		return s, ok
	}
}

// vpcRegion returns the region of the VPC with the given ID: its own, else
// the world's.
func (d *decoder) vpcRegion(id string) string {
	for _, v := range d.w.VPCs {
		if v.ID == id && v.Region != "" {
			return v.Region
		}
	}
	return d.w.Region
}
