package sim

import (
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// terraformTypes are the hashicorp/aws resource types that make an object
// of each kind whose settings a fix names.
var terraformTypes = map[model.Kind][]string{
	model.KindVPC:           {"aws_vpc", "aws_default_vpc"},
	model.KindRouteTable:    {"aws_route_table", "aws_default_route_table"},
	model.KindSecurityGroup: {"aws_security_group", "aws_default_security_group"},
	model.KindNetworkACL:    {"aws_network_acl", "aws_default_network_acl"},
	model.KindEndpoint:      {"aws_vpc_endpoint"},
	model.KindInstance:      {"aws_instance"},
	model.KindHostedZone:    {"aws_route53_zone"},
	// AWS Network Firewall (aws-rules 4.11.8).
	model.KindNetworkFirewallPolicy:    {"aws_networkfirewall_firewall_policy"},
	model.KindNetworkFirewallRuleGroup: {"aws_networkfirewall_rule_group"},
	model.KindFirewallList:             {"aws_route53_resolver_firewall_domain_list"},
}

// changeFix is the fix that changes one setting of one object: field in
// scenario terms, attribute in Terraform terms (empty when Terraform
// changes it through another resource, as a hosted zone's records), and
// value when one value does it. The Terraform part is set only when id is
// the address of a resource of the kind; with no id, the fix is advice
// only.
func changeFix(advice string, kind model.Kind, id, field, attribute, value string) Fix {
	if id == "" {
		return Fix{Advice: advice}
	}
	f := Fix{Advice: advice, Object: model.Ref{Kind: kind, ID: id}, Field: field, Value: value}
	if attribute != "" && isTerraformAddress(kind, id) {
		f.Resource, f.Attribute = id, attribute
	}
	return f
}

// isTerraformAddress reports whether id is the address of a resource
// that makes an object of kind, in the root module or in a module
// ("module.net.aws_route_table.private[0]").
func isTerraformAddress(kind model.Kind, id string) bool {
	for _, typ := range terraformTypes[kind] {
		if strings.HasPrefix(id, typ+".") || strings.Contains(id, "."+typ+".") {
			return true
		}
	}
	return false
}

// oneGroup is the only group of groups, or "" when there are several or
// none: a fix names one object, and never guesses which.
func oneGroup(groups []string) string {
	if len(groups) == 1 {
		return groups[0]
	}
	return ""
}
