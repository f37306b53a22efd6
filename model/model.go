// Package model describes an AWS network and the ECS workloads that run in it
// as plain Go values.
//
// A World is what every input format (the YAML scenario, Terraform, plan and
// state JSON) produces and what the simulator in package sim reads. Objects
// refer to each other by ID: a stable address such as a Terraform address
// ("aws_vpc.main") or a scenario id ("vpc-main"). Every object records the
// position it was read from, so that diagnostics and traces can point at it.
//
// The model holds configuration only; it computes nothing about reachability.
// Validate reports references to objects that do not exist and other input
// mistakes, each with its position.
package model

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Pos is a position in an input file. The zero Pos means "no position".
type Pos struct {
	File   string
	Line   int // 1-based; 0 when unknown
	Column int // 1-based; 0 when unknown
}

// IsValid reports whether p names a file.
func (p Pos) IsValid() bool { return p.File != "" }

// String formats p as "file:line:column", leaving out parts that are unknown.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Tristate is a boolean setting that may be left unset, so that the
// simulator can apply AWS's default for it.
type Tristate uint8

// Tristate values.
const (
	Unset Tristate = iota
	True
	False
)

// Of returns True or False for b.
func Of(b bool) Tristate {
	if b {
		return True
	}
	return False
}

// Or returns the setting's value, or def when it is unset.
func (t Tristate) Or(def bool) bool {
	switch t {
	case True:
		return true
	case False:
		return false
	}
	return def
}

// String returns "true", "false" or "unset".
func (t Tristate) String() string {
	switch t {
	case True:
		return "true"
	case False:
		return "false"
	}
	return "unset"
}

// World is a whole input: one account's network and workloads. Slices hold
// objects in input order. IDs are unique within each kind of object (a
// security group and a service may both be called "app"); every reference
// says which kind it names.
type World struct {
	Region  string // the default region, e.g. "ap-northeast-1"
	Account string // the default account ID, e.g. "123456789012"
	OrgID   string // the AWS Organizations ID, when known (for policy conditions)
	// AccountFrom says where Account comes from, e.g. "--account" or
	// "data.aws_caller_identity.current" (aws-rules 6.1.6). Empty means the
	// input does not show the account: Account is then a placeholder that
	// stands for an unknown account, in itself and in the ARNs and image
	// URIs the readers synthesize with it, and endpoint policy conditions
	// on it are undecided where it could change their outcome.
	AccountFrom string

	VPCs                      []VPC
	Subnets                   []Subnet
	RouteTables               []RouteTable
	InternetGateways          []InternetGateway
	EgressOnlyGateways        []EgressOnlyGateway
	NATGateways               []NATGateway
	VPNGateways               []VPNGateway
	Instances                 []Instance
	Endpoints                 []Endpoint
	SecurityGroups            []SecurityGroup
	NetworkACLs               []NetworkACL
	PrefixLists               []PrefixList
	DHCPOptions               []DHCPOptions
	HostedZones               []HostedZone
	TransitGateways           []TransitGateway
	TransitGatewayAttachments []TransitGatewayAttachment
	TransitGatewayRouteTables []TransitGatewayRouteTable
	Peerings                  []Peering
	FileSystems               []FileSystem
	Buckets                   []Bucket
	Clusters                  []Cluster
	TaskDefinitions           []TaskDefinition
	Services                  []Service
	AutoScalingGroups         []AutoScalingGroup
	// PullThroughCacheRules are the ECR pull through cache rules of the
	// input's registries (aws-rules 1.2.11).
	PullThroughCacheRules []PullThroughCacheRule
	// AccountSettings are the ECS account setting defaults the input
	// gives, one per name and region (aws-rules 1.3.5).
	AccountSettings []AccountSetting

	// Route 53 Resolver rules and DNS Firewall (aws-rules 3.3.5, 3.9).
	ResolverRules       []ResolverRule
	FirewallDomainLists []FirewallDomainList
	FirewallRuleGroups  []FirewallRuleGroup
	// BlockPublicAccess holds the VPC Block Public Access options, at most
	// one per account and Region; none means off (aws-rules 4.10.1, 10.33).
	BlockPublicAccess []BlockPublicAccess
	// BPAExclusions are the VPC Block Public Access exclusions.
	BPAExclusions []BPAExclusion
	// NetworkFirewalls, NetworkFirewallPolicies and
	// NetworkFirewallRuleGroups are AWS Network Firewall (aws-rules 4.11).
	NetworkFirewalls          []NetworkFirewall
	NetworkFirewallPolicies   []NetworkFirewallPolicy
	NetworkFirewallRuleGroups []NetworkFirewallRuleGroup

	// Unknowns lists settings the input could not determine (a Terraform
	// value known only after apply, an unsupported function). A path that
	// depends on one of these objects has verdict unknown.
	Unknowns []Unknown
}

// Unknown is a setting of an object that the input does not determine.
type Unknown struct {
	ID     string // the object's ID
	Kind   Kind   // the object's kind
	Field  string // the setting, e.g. "cidr_block" or "ingress"
	Why    string // e.g. "known only after apply"
	Source Pos
	// Fix says what would supply the value, when the reader knows: the
	// AWS CLI command a snapshot lacks. Empty: make it known before apply.
	Fix string
	// Rule is what the input determines of the security group or network
	// ACL rule that the setting is a part of; nil for other settings.
	Rule *PartialRule
}

// PartialRule is a security group or network ACL rule with some parts
// the input does not determine. Known says which parts of SG (a security
// group rule) or ACL (a network ACL rule) hold values; the others are zero
// and mean nothing.
type PartialRule struct {
	Known RuleParts
	// Direction is "ingress" or "egress", or empty when not determined.
	Direction string
	SG        SGRule
	ACL       ACLRule
}

// RuleParts is a set of the parts of a security group or network ACL rule.
type RuleParts uint8

// The parts of a rule. A security group rule has no number or action.
const (
	RuleProtocol RuleParts = 1 << iota
	RulePorts              // FromPort and ToPort
	RulePeer               // CIDRs, prefix lists, groups and self; an ACL rule's CIDR
	RuleNumber
	RuleAction // an ACL rule's Allow
)

// Has reports whether p holds every part of q.
func (p RuleParts) Has(q RuleParts) bool { return p&q == q }

// VPC is a virtual private cloud.
type VPC struct {
	ID        string
	Source    Pos
	Region    string         // empty: World.Region
	Account   string         // empty: World.Account
	CIDRs     []netip.Prefix // IPv4; the first is the primary CIDR
	IPv6CIDRs []netip.Prefix

	// EnableDNSSupport turns on the Amazon resolver (AWS default true).
	EnableDNSSupport bool
	// EnableDNSHostnames is needed, with EnableDNSSupport, for private
	// hosted zones and endpoint private DNS (AWS default false for a
	// created VPC).
	EnableDNSHostnames bool

	DHCPOptions          string // ID of a DHCPOptions; empty: AmazonProvidedDNS
	MainRouteTable       string // ID of the main route table; empty: none
	DefaultNetworkACL    string // ID; empty: an implicit allow-all default ACL
	DefaultSecurityGroup string // ID; used by interface endpoints with no groups
}

// Subnet is a subnet of a VPC in one Availability Zone.
type Subnet struct {
	ID                  string
	Source              Pos
	VPC                 string
	AZ                  string // e.g. "ap-northeast-1a"
	CIDR                netip.Prefix
	IPv6CIDR            netip.Prefix // zero when the subnet has none
	MapPublicIPOnLaunch bool

	// RouteTable is the explicitly associated route table; empty means the
	// VPC's main route table.
	RouteTable string
	// NetworkACL is the associated network ACL; empty means the VPC's
	// default ACL.
	NetworkACL string
	// IPv6Native marks an IPv6-only subnet: it has an IPv6 CIDR and no
	// IPv4 CIDR, and its interfaces get IPv6 addresses only (Terraform
	// ipv6_native, aws-rules 4.9.4).
	IPv6Native bool
	// EnableDNS64 makes the Amazon resolver synthesise 64:ff9b::/96
	// IPv6 answers for names that have only IPv4 addresses, for clients
	// in this subnet (aws-rules 4.9.5). AWS default false.
	EnableDNS64 bool
}

// IPv6Only reports whether interfaces in the subnet have no IPv4 address:
// an IPv6-native subnet (aws-rules 4.9.4). A subnet whose IPv4 CIDR the
// input does not determine is not one.
func (s *Subnet) IPv6Only() bool {
	return s.IPv6Native
}

// Prefix is the range the subnet's interfaces take their primary address
// from: the IPv6 CIDR of an IPv6-only subnet, else the IPv4 CIDR.
func (s *Subnet) Prefix() netip.Prefix {
	if s.IPv6Only() {
		return s.IPv6CIDR
	}
	return s.CIDR
}

// RouteTable is a VPC route table.
type RouteTable struct {
	ID     string
	Source Pos
	VPC    string
	Routes []Route
}

// TargetKind is the kind of object a route sends traffic to.
type TargetKind string

// Route target kinds.
const (
	TargetLocal             TargetKind = "local"
	TargetInternetGateway   TargetKind = "internet-gateway"
	TargetNATGateway        TargetKind = "nat-gateway"
	TargetEgressOnlyGateway TargetKind = "egress-only-gateway"
	TargetGatewayEndpoint   TargetKind = "gateway-endpoint"
	TargetTransitGateway    TargetKind = "transit-gateway"
	TargetPeering           TargetKind = "peering"
	TargetInstance          TargetKind = "instance"
	TargetNetworkInterface  TargetKind = "network-interface"
	TargetVPNGateway        TargetKind = "vpn-gateway"
	// TargetNetworkFirewall is a firewall endpoint of an AWS Network
	// Firewall: TargetID names the NetworkFirewall (aws-rules 4.11.1).
	TargetNetworkFirewall TargetKind = "network-firewall"
	// TargetGWLBEndpoint is a Gateway Load Balancer endpoint: TargetID
	// names it (an address or a vpce- ID). vpctrace does not model these
	// endpoints nor the appliance behind them, which decides where the
	// traffic goes, so TargetID need not be an object of the world and a
	// path through it is unknown (aws-rules 4.2.4).
	TargetGWLBEndpoint TargetKind = "gateway-load-balancer-endpoint"
)

// Route is one route of a route table. Exactly one of Destination and
// DestinationPrefixList is set.
type Route struct {
	Source                Pos
	Destination           netip.Prefix // IPv4 or IPv6 CIDR
	DestinationPrefixList string       // ID of a PrefixList, or an AWS-managed list name
	Target                TargetKind
	TargetID              string // empty for TargetLocal
	// Propagated marks a route propagated from a virtual private gateway;
	// a static route beats it at the same prefix length.
	Propagated bool
	// Blackhole marks a route whose target has been deleted: AWS keeps it
	// in state "blackhole" and drops matching packets. TargetID may then
	// name an object that is not in the world.
	Blackhole bool
	// Undetermined is set when the input does not determine the route's
	// target: a value known only after apply, the ID of an object the
	// input does not describe (a NAT gateway or transit gateway created
	// elsewhere), or a target the model does not follow. It names the
	// setting, as the Field of the World.Unknowns entry (Kind route table,
	// ID the table) that says why. The route still takes part in route
	// selection; a path that selects it has verdict unknown. Target and
	// TargetID then hold what is known (the kind the attribute or the ID
	// names, the ID as written) and may be empty; TargetID need not name
	// an object of the world, and is empty when Target is.
	Undetermined string
	// TargetZone is, for a route to a network firewall, the Availability
	// Zone of the firewall endpoint it names, when the input tells.
	TargetZone string
}

// InternetGateway is an internet gateway. VPC is empty when it is detached.
type InternetGateway struct {
	ID     string
	Source Pos
	VPC    string
}

// EgressOnlyGateway is an IPv6 egress-only internet gateway.
type EgressOnlyGateway struct {
	ID     string
	Source Pos
	VPC    string
}

// NATGateway is a NAT gateway in a subnet.
type NATGateway struct {
	ID     string
	Source Pos
	Subnet string
	// Private is true for connectivity type "private" (no Elastic IP, no
	// internet access).
	Private bool
	// ElasticIP is the allocation ID or address of the public NAT gateway's
	// Elastic IP; empty when it has none.
	ElasticIP string
}

// VPNGateway is a virtual private gateway; paths through it leave the model.
type VPNGateway struct {
	ID     string
	Source Pos
	VPC    string
}

// Instance is an EC2 instance: a NAT instance or an ECS container instance.
type Instance struct {
	ID             string
	Source         Pos
	Subnet         string
	SecurityGroups []string
	// NetworkInterface is the ID of the primary ENI, for routes that target
	// the interface rather than the instance.
	NetworkInterface string
	PrivateIP        netip.Addr // zero: somewhere in the subnet
	// AssociatePublicIP overrides the subnet's MapPublicIPOnLaunch.
	AssociatePublicIP Tristate
	ElasticIP         string // non-empty when an Elastic IP is attached
	// SourceDestCheck must be False for a NAT instance (AWS default true).
	SourceDestCheck Tristate
	Cluster         string // ECS cluster ID when this is a container instance
	AgentVersion    string // ECS agent version, e.g. "1.80.0"; empty: recent
	IAMRole         string // instance profile role ARN
}

// EndpointType is the type of a VPC endpoint.
type EndpointType string

// Endpoint types.
const (
	EndpointInterface EndpointType = "Interface"
	EndpointGateway   EndpointType = "Gateway"
)

// Endpoint is a VPC endpoint.
type Endpoint struct {
	ID          string
	Source      Pos
	VPC         string
	ServiceName string // e.g. "com.amazonaws.ap-northeast-1.ecr.api"
	Type        EndpointType
	// RouteTables are the route tables a gateway endpoint adds its route to.
	RouteTables []string
	// Subnets hold an interface endpoint's ENIs, at most one per AZ.
	Subnets []string
	// IPs optionally gives the ENI address per subnet ID.
	IPs            map[string]netip.Addr
	SecurityGroups []string // empty: the VPC's default security group
	PrivateDNS     bool
	// PrivateDNSOnlyForInboundResolver is the S3 interface endpoint option
	// that hides the private DNS zone from clients in the VPC.
	PrivateDNSOnlyForInboundResolver Tristate
	// Policy is the endpoint policy document (JSON); empty is the default
	// full-access policy.
	Policy       string
	PolicySource Pos
	// IPAddressType is an interface endpoint's EndpointIPv4, EndpointIPv6
	// or EndpointDualstack: the addresses its ENIs get. DNSRecordIPType is
	// EndpointIPv4, EndpointIPv6, EndpointDualstack or
	// EndpointServiceDefined: the records of its DNS names. Empty when the
	// input does not give them (aws-rules 10.44).
	IPAddressType   string
	DNSRecordIPType string
}

// Endpoint IP address and DNS record types (aws-rules 10.44).
const (
	EndpointIPv4           = "ipv4"
	EndpointIPv6           = "ipv6"
	EndpointDualstack      = "dualstack"
	EndpointServiceDefined = "service-defined"
)

// Protocol values used by security group and network ACL rules.
const (
	ProtocolAll = "-1"
	ProtocolTCP = "tcp"
	ProtocolUDP = "udp"
)

// SecurityGroup is a security group with its rules.
type SecurityGroup struct {
	ID      string
	Source  Pos
	VPC     string
	Ingress []SGRule
	Egress  []SGRule
}

// SGRule is one security group rule. A rule allows traffic of its protocol
// and port range to or from any of its peers.
type SGRule struct {
	Source      Pos
	Protocol    string // "-1", "tcp", "udp", "icmp", or a protocol number
	FromPort    int
	ToPort      int
	CIDRs       []netip.Prefix // IPv4 and IPv6
	PrefixLists []string       // PrefixList IDs or AWS-managed list names
	// SecurityGroups are referenced groups: traffic from or to ENIs that
	// carry one of them.
	SecurityGroups []string
	Self           bool // the group references itself
	Description    string
}

// NetworkACL is a network ACL.
type NetworkACL struct {
	ID      string
	Source  Pos
	VPC     string
	Ingress []ACLRule
	Egress  []ACLRule
}

// ACLRule is a numbered network ACL rule.
type ACLRule struct {
	Source   Pos
	Number   int
	Protocol string // "-1", "tcp", "udp", or a protocol number
	FromPort int
	ToPort   int
	CIDR     netip.Prefix
	Allow    bool
}

// PrefixList is a managed prefix list. An AWS-managed list sets AWSService
// (e.g. "com.amazonaws.ap-northeast-1.s3"); its members are that service's
// public addresses, which the model knows only symbolically.
type PrefixList struct {
	ID         string
	Source     Pos
	Name       string
	AWSService string
	Entries    []netip.Prefix
}

// DHCPOptions is a DHCP option set.
type DHCPOptions struct {
	ID         string
	Source     Pos
	DomainName string
	// DomainNameServers lists "AmazonProvidedDNS" or IPv4 addresses.
	DomainNameServers []string
}

// AmazonProvidedDNS is the DHCP name server value for the Amazon resolver.
const AmazonProvidedDNS = "AmazonProvidedDNS"

// HostedZone is a Route 53 private hosted zone.
type HostedZone struct {
	ID      string
	Source  Pos
	Name    string   // e.g. "ecr.ap-northeast-1.amazonaws.com"
	VPCs    []string // associated VPC IDs
	Records []Record
}

// RecordType is a DNS record type.
type RecordType string

// Record types.
const (
	RecordA     RecordType = "A"
	RecordAAAA  RecordType = "AAAA"
	RecordCNAME RecordType = "CNAME"
)

// Record is a record of a hosted zone. Name is fully qualified, without the
// trailing dot; a leading "*." makes it a wildcard.
type Record struct {
	Source Pos
	Name   string
	Type   RecordType
	// Values are addresses (A, AAAA) or one target name (CNAME).
	Values []string
	// Alias is the alias target's DNS name, e.g. an endpoint's regional
	// "vpce-....ecr.api.REGION.vpce.amazonaws.com" name; empty when the
	// record is not an alias.
	Alias string
	// AliasEndpoint optionally names the Endpoint the alias points to,
	// as a Terraform reference would.
	AliasEndpoint string
	// AliasZone optionally names the AZ of a zonal endpoint alias.
	AliasZone string
}

// ResolverRuleType is the type of a Route 53 Resolver rule.
type ResolverRuleType string

// Resolver rule types. Only Resolver itself makes RECURSIVE rules.
const (
	ResolverForward   ResolverRuleType = "FORWARD"
	ResolverSystem    ResolverRuleType = "SYSTEM"
	ResolverRecursive ResolverRuleType = "RECURSIVE"
)

// ResolverRule is a Route 53 Resolver rule with the VPCs it is associated
// with (aws-rules 3.3.5).
type ResolverRule struct {
	ID     string
	Source Pos
	// DomainName is lower case without the trailing dot; "." is the root,
	// which every name lies under.
	DomainName string
	Type       ResolverRuleType
	// TargetIPs are the servers a FORWARD rule sends queries to, as
	// "IP" or "IP:PORT".
	TargetIPs []string
	// ResolverEndpoint is the ID of the outbound endpoint a FORWARD rule
	// uses; only explanations read it.
	ResolverEndpoint string
	VPCs             []string // associated VPC IDs
	// Undetermined names what the input does not determine of the rule,
	// such as a rule shared from another account that an association
	// names; the rule may then have any domain and type (aws-rules 3.3.6).
	Undetermined string
}

// FirewallAction is what a DNS Firewall rule does with a query it matches.
type FirewallAction string

// DNS Firewall rule actions.
const (
	FirewallAllow FirewallAction = "ALLOW"
	FirewallAlert FirewallAction = "ALERT"
	FirewallBlock FirewallAction = "BLOCK"
)

// FirewallBlockResponse is the answer a BLOCK rule gives.
type FirewallBlockResponse string

// DNS Firewall block responses.
const (
	BlockNoData   FirewallBlockResponse = "NODATA"
	BlockNXDomain FirewallBlockResponse = "NXDOMAIN"
	BlockOverride FirewallBlockResponse = "OVERRIDE"
)

// FirewallDomainList is a Route 53 Resolver DNS Firewall domain list.
type FirewallDomainList struct {
	ID     string
	Source Pos
	// Domains are lower case without the trailing dot; a leading "*."
	// makes a wildcard, and "*" alone matches every name (aws-rules 3.9.3).
	Domains []string
	// Managed marks a list that AWS manages, whose domains it does not
	// publish (aws-rules 3.9.5).
	Managed bool
	// Undetermined names what the input does not determine of the
	// domains, such as a list known only after apply (aws-rules 3.9.5).
	Undetermined string
}

// FirewallRuleGroup is a DNS Firewall rule group with its rules and the
// VPCs it is associated with (aws-rules 3.9.1).
type FirewallRuleGroup struct {
	ID           string
	Source       Pos
	Rules        []FirewallRule
	Associations []FirewallAssociation
	// Undetermined names what the input does not determine of the group,
	// such as a group shared from another account that an association
	// names: its rules are not known (aws-rules 3.9.5).
	Undetermined string
}

// FirewallRule is one rule of a DNS Firewall rule group.
type FirewallRule struct {
	ID       string
	Source   Pos
	Priority int
	Action   FirewallAction
	// BlockResponse is set for BLOCK; BlockOverrideDomain is the CNAME
	// target of an OVERRIDE response.
	BlockResponse       FirewallBlockResponse
	BlockOverrideDomain string
	DomainList          string // ID of a FirewallDomainList
	// QType is the query type the rule inspects; empty: every type.
	QType string
	// TrustRedirection is firewall_domain_redirection_action =
	// TRUST_REDIRECTION_DOMAIN: the rule inspects only the first name of a
	// CNAME chain (AWS's default inspects every name, aws-rules 3.9.4).
	TrustRedirection bool
	// Undetermined names a setting of the rule the input does not
	// determine (aws-rules 3.9.5).
	Undetermined string
}

// FirewallAssociation associates a rule group with a VPC at a priority.
type FirewallAssociation struct {
	Name     string // the association's name or address, when the input has one
	Source   Pos
	VPC      string
	Priority int
	// Undetermined names a setting of the association (its priority) the
	// input does not determine.
	Undetermined string
}

// TransitGateway is a transit gateway.
type TransitGateway struct {
	ID     string
	Source Pos
	// DefaultRouteTable is the route table new attachments associate with
	// and propagate to when the defaults are on.
	DefaultRouteTable string
	// DefaultAssociation and DefaultPropagation are the transit gateway's
	// "default route table association/propagation" options (AWS default on).
	DefaultAssociation bool
	DefaultPropagation bool
	// SecurityGroupReferencing is the 2024 option that lets security group
	// rules reference groups across the transit gateway.
	SecurityGroupReferencing bool
}

// TransitGatewayAttachment attaches a VPC to a transit gateway.
type TransitGatewayAttachment struct {
	ID             string
	Source         Pos
	TransitGateway string
	VPC            string
	Subnets        []string // one per AZ
	// RouteTable is the associated transit gateway route table; empty means
	// the default table when the transit gateway associates by default.
	RouteTable string
	// PropagateTo lists route tables this attachment propagates its VPC
	// CIDRs to, besides the default one when propagation is on by default.
	PropagateTo   []string
	ApplianceMode bool
	// DefaultAssociation/DefaultPropagation give the attachment's
	// transit_gateway_default_route_table_* settings (AWS default on).
	DefaultAssociation Tristate
	DefaultPropagation Tristate
}

// TransitGatewayRouteTable is a transit gateway route table with its static
// routes. Propagated routes come from attachments.
type TransitGatewayRouteTable struct {
	ID             string
	Source         Pos
	TransitGateway string
	Routes         []TransitGatewayRoute
}

// TransitGatewayRoute is a static transit gateway route.
type TransitGatewayRoute struct {
	Source      Pos
	Destination netip.Prefix
	Attachment  string // empty when Blackhole
	Blackhole   bool
}

// Peering is a VPC peering connection.
type Peering struct {
	ID      string
	Source  Pos
	VPC     string // requester
	PeerVPC string // accepter
	Active  bool   // accepted and active
}

// FileSystem is an EFS file system with its mount targets.
type FileSystem struct {
	ID           string
	Source       Pos
	FileSystemID string // "fs-..." as written in task definitions
	MountTargets []MountTarget
}

// MountTarget is an EFS mount target in a subnet.
type MountTarget struct {
	ID             string
	Source         Pos
	Subnet         string
	IP             netip.Addr // zero: somewhere in the subnet
	SecurityGroups []string
}

// Bucket is an S3 bucket, used to find the region of environment files.
type Bucket struct {
	ID     string
	Source Pos
	Name   string
	Region string
}

// Cluster is an ECS cluster.
type Cluster struct {
	ID     string
	Source Pos
	Name   string
	Region string // empty: World.Region
	// CapacityProviders map capacity provider names to auto scaling group IDs
	// (EC2 capacity); "FARGATE" and "FARGATE_SPOT" need no entry.
	CapacityProviders map[string]string
	// ExecuteCommand is the cluster's executeCommandConfiguration, which
	// ECS Exec sessions of its tasks use (aws-rules 1.7.3); nil when none
	// is set.
	ExecuteCommand *ExecuteCommandConfig
}

// ExecuteCommandConfig is a cluster's ECS Exec configuration
// (executeCommandConfiguration, aws-rules 1.7.3).
type ExecuteCommandConfig struct {
	Source Pos
	// KMSKeyID is the KMS key that encrypts exec sessions: a key ID, key
	// ARN, alias name or alias ARN; empty when none is set.
	KMSKeyID string
	// Logging is ExecLoggingNone, ExecLoggingDefault or
	// ExecLoggingOverride; empty means ExecLoggingDefault, AWS's default.
	Logging string
	// The log configuration, used with ExecLoggingOverride.
	CloudWatchLogGroup   string
	CloudWatchEncryption bool
	S3Bucket             string
	S3Encryption         bool
	S3KeyPrefix          string
}

// ECS Exec logging settings (aws-rules 1.7.3).
const (
	ExecLoggingNone     = "NONE"
	ExecLoggingDefault  = "DEFAULT"
	ExecLoggingOverride = "OVERRIDE"
)

// ExecLogging returns the logging setting, with AWS's default (DEFAULT)
// when none is set.
func (c ExecuteCommandConfig) ExecLogging() string {
	if c.Logging == "" {
		return ExecLoggingDefault
	}
	return c.Logging
}

// TaskDefinition is an ECS task definition.
type TaskDefinition struct {
	ID                      string
	Source                  Pos
	Family                  string
	NetworkMode             string   // "awsvpc", "bridge", "host", "none"
	RequiresCompatibilities []string // "FARGATE", "EC2", "EXTERNAL"
	OperatingSystemFamily   string   // "LINUX" (default) or "WINDOWS_SERVER_..."
	ExecutionRoleARN        string
	TaskRoleARN             string
	Containers              []Container
	Volumes                 []Volume
}

// Container is a container definition.
type Container struct {
	Source                Pos
	Name                  string
	Image                 string
	LogDriver             string            // e.g. "awslogs"
	LogOptions            map[string]string // e.g. "awslogs-group"
	LogSecretOptions      []Secret
	Secrets               []Secret
	RepositoryCredentials string   // credentialsParameter: a Secrets Manager ARN or name
	EnvironmentFiles      []string // S3 object ARNs
	// Firelens is the container's firelensConfiguration: set on a
	// FireLens log router container (aws-rules 1.3.8).
	Firelens *FirelensConfiguration
	// Unknowns lists the settings of the container definition that decide
	// calls but that the input does not determine (a Terraform value known
	// only after apply). The setting's own field keeps what is known of
	// it: the start of a string, such as an image
	// "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:" whose tag is
	// known only after apply, or nothing. An entry of a list setting (a
	// secret, an environment file) stays in its list, at its index.
	// Settings the calls do not read (environment values, ports, cpu) are
	// not listed.
	Unknowns []ContainerUnknown
}

// ContainerField names a setting of a container definition by its place in
// the container definition JSON.
type ContainerField string

// The container settings that decide calls (aws-rules 1.1.1).
const (
	// FieldContainer is the whole container definition.
	FieldContainer ContainerField = "*"
	FieldImage     ContainerField = "image"
	// FieldLogDriver is the log driver, or the whole logConfiguration.
	FieldLogDriver  ContainerField = "logConfiguration.logDriver"
	FieldLogOptions ContainerField = "logConfiguration.options" // the whole map
	FieldLogRegion  ContainerField = "logConfiguration.options.awslogs-region"
	FieldLogGroup   ContainerField = "logConfiguration.options.awslogs-group"
	// FieldLogCreateGroup decides whether logs:CreateLogGroup is asked.
	FieldLogCreateGroup   ContainerField = "logConfiguration.options.awslogs-create-group"
	FieldLogSecretOptions ContainerField = "logConfiguration.secretOptions" // the whole list
	FieldLogSecretOption  ContainerField = "logConfiguration.secretOptions[].valueFrom"
	FieldSecrets          ContainerField = "secrets" // the whole list
	FieldSecret           ContainerField = "secrets[].valueFrom"
	// FieldRepositoryCredentials is credentialsParameter, or the whole
	// repositoryCredentials.
	FieldRepositoryCredentials ContainerField = "repositoryCredentials.credentialsParameter"
	FieldEnvironmentFiles      ContainerField = "environmentFiles" // the whole list
	FieldEnvironmentFile       ContainerField = "environmentFiles[].value"
	// FieldLogMode is the awslogs delivery mode, which decides whether an
	// unreachable CloudWatch Logs stops the container (aws-rules 1.3.6).
	FieldLogMode ContainerField = "logConfiguration.options.mode"
	// FieldFirelens is the whole firelensConfiguration, or its options.
	FieldFirelens ContainerField = "firelensConfiguration"
	// FieldFirelensConfigType is the FireLens configuration file type,
	// "s3" or "file" (aws-rules 1.3.9).
	FieldFirelensConfigType ContainerField = "firelensConfiguration.options.config-file-type"
	// FieldFirelensConfigValue is the FireLens configuration file: an S3
	// object ARN for the type "s3" (aws-rules 1.3.9).
	FieldFirelensConfigValue ContainerField = "firelensConfiguration.options.config-file-value"
)

// ContainerFields lists every ContainerField.
var ContainerFields = []ContainerField{
	FieldContainer, FieldImage, FieldLogDriver, FieldLogOptions, FieldLogRegion, FieldLogGroup, FieldLogCreateGroup,
	FieldLogSecretOptions, FieldLogSecretOption, FieldSecrets, FieldSecret,
	FieldRepositoryCredentials, FieldEnvironmentFiles, FieldEnvironmentFile,
	FieldLogMode, FieldFirelens, FieldFirelensConfigType, FieldFirelensConfigValue,
}

// IsEntry reports whether f is a setting of one entry of a list, which
// ContainerUnknown.Index picks.
func (f ContainerField) IsEntry() bool { return strings.Contains(string(f), "[]") }

// ContainerUnknown is a setting of a container definition that the input
// does not determine.
type ContainerUnknown struct {
	Field ContainerField
	// Index is the entry of a list setting (Field.IsEntry): the index in
	// Secrets, LogSecretOptions or EnvironmentFiles. It is 0 otherwise.
	Index  int
	Why    string // e.g. "known only after apply"
	Source Pos
}

// Path is the setting's path in the container definition, with the entry
// index: "image", "secrets[1].valueFrom".
func (u ContainerUnknown) Path() string {
	if u.Field.IsEntry() {
		return strings.Replace(string(u.Field), "[]", "["+strconv.Itoa(u.Index)+"]", 1)
	}
	return string(u.Field)
}

// ParseContainerPath parses a path that ContainerUnknown.Path writes.
func ParseContainerPath(path string) (field ContainerField, index int, ok bool) {
	open, end := strings.IndexByte(path, '['), strings.IndexByte(path, ']')
	if open >= 0 {
		if end < open {
			return "", 0, false
		}
		n, err := strconv.Atoi(path[open+1 : end])
		if err != nil || n < 0 || strconv.Itoa(n) != path[open+1:end] {
			return "", 0, false
		}
		path, index = path[:open+1]+path[end:], n
	}
	f := ContainerField(path)
	if !slices.Contains(ContainerFields, f) || f.IsEntry() != (open >= 0) {
		return "", 0, false
	}
	return f, index, true
}

// Unknown returns the container's undetermined setting field (at index for
// an entry of a list), and whether there is one.
func (c *Container) Unknown(field ContainerField, index int) (ContainerUnknown, bool) {
	for _, u := range c.Unknowns {
		if u.Field == field && u.Index == index {
			return u, true
		}
	}
	return ContainerUnknown{}, false
}

// FirelensConfiguration is a container's firelensConfiguration: it makes
// the container the task's FireLens log router (aws-rules 1.3.8).
type FirelensConfiguration struct {
	Type    string            // "fluentbit" or "fluentd"
	Options map[string]string // e.g. "config-file-type", "config-file-value"
}

// FirelensConfig returns the container's FireLens configuration file type
// ("s3", "file" or "") and value.
func (c *Container) FirelensConfig() (fileType, value string) {
	if c.Firelens == nil {
		return "", ""
	}
	return c.Firelens.Options["config-file-type"], c.Firelens.Options["config-file-value"]
}

// Secret is a secret injected into a container.
type Secret struct {
	Source    Pos
	Name      string
	ValueFrom string
}

// Volume is a task volume; EFS is set for an EFS volume.
type Volume struct {
	Source Pos
	Name   string
	EFS    *EFSVolume
}

// EFSVolume is an efsVolumeConfiguration.
type EFSVolume struct {
	FileSystemID      string // "fs-..."
	TransitEncryption bool
}

// Service is an ECS service (or a standalone task when Standalone is set).
type Service struct {
	ID             string
	Source         Pos
	Name           string
	Cluster        string // Cluster ID
	TaskDefinition string // TaskDefinition ID
	// TaskDefinitionCandidates lists the task definitions the service may
	// run when the input does not determine which (a value known only
	// after apply that references several); TaskDefinition is then empty.
	TaskDefinitionCandidates []string
	// LaunchType is "FARGATE", "EC2" or "EXTERNAL"; empty when a capacity
	// provider strategy is used.
	LaunchType           string
	CapacityProviders    []string
	PlatformVersion      string // "1.3.0", "1.4.0", "LATEST", or empty
	Subnets              []string
	SecurityGroups       []string
	AssignPublicIP       bool
	EnableExecuteCommand bool
	// Standalone marks a task started with RunTask rather than a service.
	Standalone bool
}

// AutoScalingGroup is EC2 capacity for a cluster: instances launched into
// its subnets with its launch settings.
type AutoScalingGroup struct {
	ID                string
	Source            Pos
	Cluster           string
	Subnets           []string
	SecurityGroups    []string
	AssociatePublicIP Tristate
	AgentVersion      string
	IAMRole           string
}

// PullThroughCacheRule is an ECR pull through cache rule of one private
// registry: images of repositories under its prefix are pulled from its
// upstream registry into the cache (aws-rules 1.2.11).
type PullThroughCacheRule struct {
	ID     string
	Source Pos
	// Account and Region are the registry's; empty: World.Account and
	// World.Region.
	Account string
	Region  string
	// ECRRepositoryPrefix is the prefix of the repositories the rule
	// serves, without the "/" AWS always adds; "ROOT" serves every
	// repository no other rule serves.
	ECRRepositoryPrefix string
	// UpstreamRegistryURL is the upstream registry's host, such as
	// "registry-1.docker.io" or "public.ecr.aws".
	UpstreamRegistryURL      string
	UpstreamRepositoryPrefix string
	// CredentialARN and CustomRoleARN are what ECR uses to reach the
	// upstream (aws-rules 1.2.16).
	CredentialARN string
	CustomRoleARN string
	// Cache says whether the cache holds the images the tasks pull
	// (aws-rules 1.2.14); empty means CacheUnknown.
	Cache CacheState
}

// CacheState is what the input says of a pull through cache's content.
type CacheState string

// Cache states (aws-rules 1.2.14).
const (
	CacheUnknown CacheState = "unknown" // the input does not say
	CacheCold    CacheState = "cold"    // the tags are not cached yet
	CacheWarm    CacheState = "warm"    // the tags are cached
)

// CacheStates lists every cache state.
var CacheStates = []CacheState{CacheCold, CacheWarm, CacheUnknown}

// Or returns the state, or CacheUnknown when none is set.
func (s CacheState) Or() CacheState {
	if s == "" {
		return CacheUnknown
	}
	return s
}

// AccountSetting is an ECS account setting default of one region, as
// PutAccountSettingDefault sets it (aws-rules 1.3.5).
type AccountSetting struct {
	ID     string
	Source Pos
	Name   string // e.g. "defaultLogDriverMode"
	Value  string // e.g. "blocking"
	Region string // empty: World.Region
}

// SettingDefaultLogDriverMode is the account setting that gives the awslogs
// delivery mode of containers that set none (aws-rules 1.3.5).
const SettingDefaultLogDriverMode = "defaultLogDriverMode"

// LogDriverModes are the values of the awslogs mode option and of the
// defaultLogDriverMode account setting.
var LogDriverModes = []string{"blocking", "non-blocking"}

// VPC Block Public Access modes (aws-rules 4.10.1).
const (
	BPAOff           = "off"
	BPABidirectional = "block-bidirectional"
	BPAIngress       = "block-ingress"
)

// VPC Block Public Access exclusion modes (aws-rules 4.10.2).
const (
	BPAAllowBidirectional = "allow-bidirectional"
	BPAAllowEgress        = "allow-egress"
)

// BlockPublicAccess is the VPC Block Public Access setting of one account
// in one Region (aws-rules 4.10.1).
type BlockPublicAccess struct {
	ID      string
	Source  Pos
	Region  string // empty: World.Region
	Account string // empty: World.Account
	// Mode is BPAOff, BPABidirectional or BPAIngress; empty when the
	// input does not determine it (see World.Unknowns).
	Mode string
}

// BPAExclusion exempts one VPC or one subnet from VPC Block Public
// Access (aws-rules 4.10.2). Exactly one of VPC and Subnet is set, unless
// the input does not determine which (see World.Unknowns).
type BPAExclusion struct {
	ID     string
	Source Pos
	VPC    string
	Subnet string
	// Mode is BPAAllowBidirectional or BPAAllowEgress; empty when the
	// input does not determine it.
	Mode string
}

// Kind names an object kind in messages ("vpc", "subnet", ...).
type Kind string

// Object kinds, as used in diagnostics and by Lookup.
const (
	KindVPC                      Kind = "vpc"
	KindSubnet                   Kind = "subnet"
	KindRouteTable               Kind = "route table"
	KindInternetGateway          Kind = "internet gateway"
	KindEgressOnlyGateway        Kind = "egress-only internet gateway"
	KindNATGateway               Kind = "NAT gateway"
	KindVPNGateway               Kind = "VPN gateway"
	KindInstance                 Kind = "instance"
	KindNetworkInterface         Kind = "network interface"
	KindEndpoint                 Kind = "VPC endpoint"
	KindSecurityGroup            Kind = "security group"
	KindNetworkACL               Kind = "network ACL"
	KindPrefixList               Kind = "prefix list"
	KindDHCPOptions              Kind = "DHCP options"
	KindHostedZone               Kind = "hosted zone"
	KindTransitGateway           Kind = "transit gateway"
	KindTGWAttachment            Kind = "transit gateway attachment"
	KindTGWRouteTable            Kind = "transit gateway route table"
	KindPeering                  Kind = "peering connection"
	KindFileSystem               Kind = "EFS file system"
	KindMountTarget              Kind = "EFS mount target"
	KindBucket                   Kind = "S3 bucket"
	KindCluster                  Kind = "ECS cluster"
	KindTaskDefinition           Kind = "task definition"
	KindService                  Kind = "ECS service"
	KindAutoScalingGroup         Kind = "auto scaling group"
	KindPullThroughCache         Kind = "ECR pull through cache rule"
	KindAccountSetting           Kind = "ECS account setting"
	KindResolverRule             Kind = "Resolver rule"
	KindFirewallList             Kind = "DNS Firewall domain list"
	KindFirewallGroup            Kind = "DNS Firewall rule group"
	KindFirewallRule             Kind = "DNS Firewall rule"
	KindBlockPublicAccess        Kind = "VPC block public access options"
	KindBPAExclusion             Kind = "VPC block public access exclusion"
	KindNetworkFirewall          Kind = "network firewall"
	KindNetworkFirewallPolicy    Kind = "network firewall policy"
	KindNetworkFirewallRuleGroup Kind = "network firewall rule group"
)

// Ref names one object of a world by its kind and ID, for example the
// objects a change to a world touched.
type Ref struct {
	Kind Kind
	ID   string
}
