package model

import "net/netip"

// AWS Network Firewall (aws-rules 4.11): a firewall with one endpoint per
// Availability Zone, its policy and its rule groups.

// NetworkFirewall is an AWS Network Firewall in a VPC (aws-rules 4.11.1).
type NetworkFirewall struct {
	ID     string
	Source Pos
	VPC    string
	// Subnets are the firewall subnets (subnet_mapping), at most one per
	// Availability Zone: the firewall has an endpoint in each.
	Subnets []string
	// Policy is the ID of the firewall's NetworkFirewallPolicy; empty when the
	// input does not describe it (see World.Unknowns).
	Policy string
	// Endpoints maps an Availability Zone to the ID of the firewall's
	// endpoint there ("vpce-..."), when the input knows it (a state).
	Endpoints map[string]string
}

// Network Firewall actions (aws-rules 4.11.2, 4.11.3).
const (
	NFWPass             = "aws:pass"
	NFWDrop             = "aws:drop"
	NFWForward          = "aws:forward_to_sfe"
	NFWDropStrict       = "aws:drop_strict"
	NFWDropEstablished  = "aws:drop_established"
	NFWAlertStrict      = "aws:alert_strict"
	NFWAlertEstablished = "aws:alert_established"
	StatefulPass        = "PASS"
	StatefulDrop        = "DROP"
	StatefulReject      = "REJECT"
	StatefulAlert       = "ALERT"
	NFWStrictOrder      = "STRICT_ORDER"
	NFWDefaultOrder     = "DEFAULT_ACTION_ORDER"
)

// NetworkFirewallPolicy is a Network Firewall policy (aws-rules 4.11.2, 4.11.3).
type NetworkFirewallPolicy struct {
	ID     string
	Source Pos
	// StatelessDefaultActions are the actions for full packets that no
	// stateless rule matches: NFWPass, NFWDrop or
	// NFWForward, plus custom actions.
	StatelessDefaultActions []string
	StatelessGroups         []NetworkFirewallGroupRef
	StatefulGroups          []NetworkFirewallGroupRef
	// RuleOrder is the stateful engine's rule order: NFWDefaultOrder
	// (empty means it too) or NFWStrictOrder.
	RuleOrder string
	// StatefulDefaultActions apply, in strict order, to packets no
	// stateful rule matches: NFWDropStrict, NFWDropEstablished,
	// NFWAlertStrict, NFWAlertEstablished.
	StatefulDefaultActions []string
	// TLSInspection names a TLS inspection configuration; its effect on
	// the traffic is not modelled.
	TLSInspection string
	// HomeNet is the policy's HOME_NET variable (policy_variables); empty:
	// none (aws-rules 4.11.5).
	HomeNet []netip.Prefix
}

// NetworkFirewallGroupRef is a policy's reference to a rule group.
type NetworkFirewallGroupRef struct {
	Source Pos
	// RuleGroup is the ID of a NetworkFirewallRuleGroup, or the ARN of one the
	// input does not describe (an AWS managed rule group).
	RuleGroup string
	Priority  int // the group's priority in the policy; 0 when unset
	// DropToAlert is the reference's override DROP_TO_ALERT: the group's
	// drop rules only alert (aws-rules 4.11.3).
	DropToAlert bool
}

// NetworkFirewallRuleGroup is a stateless or stateful Network Firewall rule group.
type NetworkFirewallRuleGroup struct {
	ID       string
	Source   Pos
	Stateful bool // type STATEFUL; false: STATELESS
	// StatelessRules are a stateless group's rules.
	StatelessRules []StatelessRule
	// StatefulRules are a stateful group's 5-tuple rules (stateful_rule).
	StatefulRules []StatefulRule
	// Domains is a stateful group's domain list (rules_source_list).
	Domains *DomainList
	// RulesString holds Suricata-compatible rules (rules_string, rules),
	// which vpctrace does not evaluate.
	RulesString string
	// HomeNet is the HOME_NET rule variable; empty: the CIDRs of the
	// firewall's VPC (aws-rules 4.11.5).
	HomeNet []netip.Prefix
}

// StatelessRule is a stateless rule (aws-rules 4.11.2). Empty match lists
// match anything.
type StatelessRule struct {
	Source       Pos
	Priority     int
	Actions      []string
	Protocols    []int // IANA protocol numbers
	Sources      []netip.Prefix
	Destinations []netip.Prefix
	SourcePorts  []PortRange
	DestPorts    []PortRange
	// TCPFlags is set when the rule matches on TCP flags, which vpctrace
	// does not evaluate.
	TCPFlags bool
}

// PortRange is an inclusive range of ports.
type PortRange struct{ From, To int }

// StatefulRule is a stateful 5-tuple rule (aws-rules 4.11.4). Addresses
// and ports are as written: "ANY", a CIDR, a port or range, a variable
// such as "$HOME_NET".
type StatefulRule struct {
	Source    Pos
	SID       string // the rule's sid option, when given
	Action    string // StatefulPass, StatefulDrop, StatefulReject, StatefulAlert
	Protocol  string // IP, TCP, UDP, ICMP, TLS, HTTP, ...
	Src       string
	SrcPort   string
	Direction string // FORWARD or ANY
	Dst       string
	DstPort   string
}

// DomainList is a stateful domain list rule group (aws-rules 4.11.5).
type DomainList struct {
	Source   Pos
	Allow    bool // ALLOWLIST; false: DENYLIST
	TLSSNI   bool // target type TLS_SNI
	HTTPHost bool // target type HTTP_HOST
	// Targets are domain names; a leading "." matches the domain and all
	// its subdomains.
	Targets []string
}
