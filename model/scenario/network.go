package scenario

import (
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

var vpcKeys = []string{
	"cidr", "ipv6_cidrs", "region", "account", "dns_support", "dns_hostnames",
	"dhcp_options", "main_route_table", "default_network_acl", "default_security_group",
}

func decodeVPC(o *object) model.VPC {
	return model.VPC{
		ID:        o.id,
		Source:    o.src,
		Region:    o.text("region", parseRegion),
		Account:   o.text("account", parseAccount),
		CIDRs:     o.prefixes("cidr", model.IPv4),
		IPv6CIDRs: o.prefixes("ipv6_cidrs", model.IPv6),
		// enableDnsSupport defaults to true (aws-rules 3.1.2).
		EnableDNSSupport: o.flag("dns_support", true),
		// enableDnsHostnames defaults to false for a VPC you create
		// (aws-rules 3.1.3).
		EnableDNSHostnames:   o.flag("dns_hostnames", false),
		DHCPOptions:          o.ref("dhcp_options"),
		MainRouteTable:       o.ref("main_route_table"),
		DefaultNetworkACL:    o.ref("default_network_acl"),
		DefaultSecurityGroup: o.ref("default_security_group"),
	}
}

var subnetKeys = []string{"vpc", "az", "cidr", "ipv6_cidr", "map_public_ip", "route_table", "network_acl", "ipv6_native", "dns64"}

func decodeSubnet(o *object) model.Subnet {
	return model.Subnet{
		ID:       o.id,
		Source:   o.src,
		VPC:      o.ref("vpc"),
		AZ:       o.text("az", parseZone),
		CIDR:     o.prefix("cidr", model.IPv4),
		IPv6CIDR: o.prefix("ipv6_cidr", model.IPv6),
		// mapPublicIpOnLaunch is off for a subnet you create.
		MapPublicIPOnLaunch: o.flag("map_public_ip", false),
		RouteTable:          o.ref("route_table"),
		NetworkACL:          o.ref("network_acl"),
		IPv6Native:          o.flag("ipv6_native", false), // aws-rules 4.9.4
		EnableDNS64:         o.flag("dns64", false),       // aws-rules 4.9.5
	}
}

var routeTableKeys = []string{"vpc", "routes"}

func decodeRouteTable(o *object) model.RouteTable {
	return model.RouteTable{
		ID:     o.id,
		Source: o.src,
		VPC:    o.ref("vpc"),
		Routes: list(o, "routes", routeKeys, decodeRoute),
	}
}

// routeTargets are the keys that name a route's target, in the order
// messages list them.
var routeTargets = []struct {
	key  string
	kind model.TargetKind
}{
	{"local", model.TargetLocal},
	{"internet_gateway", model.TargetInternetGateway},
	{"nat_gateway", model.TargetNATGateway},
	{"egress_only_gateway", model.TargetEgressOnlyGateway},
	{"gateway_endpoint", model.TargetGatewayEndpoint},
	{"transit_gateway", model.TargetTransitGateway},
	{"peering", model.TargetPeering},
	{"instance", model.TargetInstance},
	{"network_interface", model.TargetNetworkInterface},
	{"vpn_gateway", model.TargetVPNGateway},
	{"network_firewall", model.TargetNetworkFirewall},
	{"gateway_load_balancer_endpoint", model.TargetGWLBEndpoint},
}

var routeKeys = func() []string {
	keys := []string{"destination", "destination_prefix_list"}
	for _, t := range routeTargets {
		keys = append(keys, t.key)
	}
	return append(keys, "firewall_az", "blackhole", "propagated", "undetermined")
}()

func decodeRoute(o *object) model.Route {
	r := model.Route{
		Source:                o.src,
		Destination:           o.prefix("destination", model.AnyIP),
		DestinationPrefixList: o.ref("destination_prefix_list"),
		Propagated:            o.flag("propagated", false),
		Blackhole:             o.flag("blackhole", false),
		Undetermined:          o.str("undetermined"),
		TargetZone:            o.text("firewall_az", parseZone),
	}
	r.Target, r.TargetID = routeTarget(o, r.Undetermined != "")
	return r
}

// routeTarget reads the one target key of a route. An undetermined route
// may have none, or a target key with an empty ID.
func routeTarget(o *object, undetermined bool) (kind model.TargetKind, id string) {
	first := ""
	for _, t := range routeTargets {
		switch {
		case !o.has(t.key):
			continue
		case first != "":
			o.failAt(o.keyPos(t.key), model.CodeInvalidValue, "%s: a route has one target, found both %s and %s", o.path, first, t.key)
			continue
		}
		first, kind = t.key, t.kind
		if t.kind != model.TargetLocal && undetermined {
			id = o.str(t.key)
		} else if t.kind != model.TargetLocal {
			id = o.ref(t.key)
		} else if local, ok := get(o, t.key, parseBool); ok && !local {
			o.fail(o.value(t.key), model.CodeInvalidValue, "%s.local: false is not a target (expected local: true, or another target key)", o.path)
		}
	}
	if first == "" && !undetermined {
		o.failAt(o.src, model.CodeMissingField, "%s: the route has no target (expected one of: %s)", o.path, strings.Join(targetKeys(), ", "))
	}
	return kind, id
}

func targetKeys() []string {
	keys := make([]string, len(routeTargets))
	for i, t := range routeTargets {
		keys[i] = t.key
	}
	return keys
}

// vpcOnlyKeys are the keys of gateways that only name their VPC.
var vpcOnlyKeys = []string{"vpc"}

func decodeInternetGateway(o *object) model.InternetGateway {
	return model.InternetGateway{ID: o.id, Source: o.src, VPC: o.ref("vpc")}
}

func decodeEgressOnlyGateway(o *object) model.EgressOnlyGateway {
	return model.EgressOnlyGateway{ID: o.id, Source: o.src, VPC: o.ref("vpc")}
}

func decodeVPNGateway(o *object) model.VPNGateway {
	return model.VPNGateway{ID: o.id, Source: o.src, VPC: o.ref("vpc")}
}

var natKeys = []string{"subnet", "private", "elastic_ip"}

func decodeNATGateway(o *object) model.NATGateway {
	return model.NATGateway{
		ID:        o.id,
		Source:    o.src,
		Subnet:    o.ref("subnet"),
		Private:   o.flag("private", false),
		ElasticIP: o.str("elastic_ip"),
	}
}

var instanceKeys = []string{
	"subnet", "security_groups", "network_interface", "private_ip", "associate_public_ip",
	"elastic_ip", "source_dest_check", "cluster", "agent_version", "iam_role",
}

func decodeInstance(o *object) model.Instance {
	return model.Instance{
		ID:                o.id,
		Source:            o.src,
		Subnet:            o.ref("subnet"),
		SecurityGroups:    o.refs("security_groups"),
		NetworkInterface:  o.str("network_interface"),
		PrivateIP:         o.addr("private_ip"),
		AssociatePublicIP: o.tristate("associate_public_ip"),
		ElasticIP:         o.str("elastic_ip"),
		// Unset means AWS's default, on (aws-rules 4.6.1); the simulator
		// applies it.
		SourceDestCheck: o.tristate("source_dest_check"),
		Cluster:         o.ref("cluster"),
		AgentVersion:    o.str("agent_version"),
		IAMRole:         o.str("iam_role"),
	}
}
