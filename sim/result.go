package sim

import (
	"github.com/vpctrace/vpctrace/catalog"
	"github.com/vpctrace/vpctrace/model"
)

// Verdict says whether a call reaches its service.
type Verdict string

// Verdicts (stable).
const (
	Reachable   Verdict = "reachable"
	Unreachable Verdict = "unreachable"
	Unknown     Verdict = "unknown" // the model cannot decide, and says why
)

// worse reports whether v is worse than w (unreachable over unknown over
// reachable).
func (v Verdict) worse(w Verdict) bool { return verdictRank(v) > verdictRank(w) }

func verdictRank(v Verdict) int {
	switch v {
	case Unreachable:
		return 2
	case Unknown:
		return 1
	}
	return 0
}

// Via says how a reachable call reaches its service (stable).
type Via string

// Via values.
const (
	ViaInterfaceEndpoint Via = "interface-endpoint"
	ViaGatewayEndpoint   Via = "gateway-endpoint"
	ViaNATGateway        Via = "nat-gateway"
	ViaNATInstance       Via = "nat-instance"
	ViaInternetGateway   Via = "internet-gateway"
	ViaLocal             Via = "local"
	ViaFargatePlatform   Via = "fargate-platform"
	// ViaEgressOnlyGateway is an IPv6 path out through an egress-only
	// internet gateway (aws-rules 4.9.1, 4.9.6).
	ViaEgressOnlyGateway Via = "egress-only-gateway"
)

// Reason is the code of a setting that blocks a call (stable).
type Reason string

// Reason codes, as docs/architecture.md defines them.
const (
	DNSResolutionDisabled    Reason = "DNS_RESOLUTION_DISABLED"
	DNSNameNotFound          Reason = "DNS_NAME_NOT_FOUND"
	DNSResolverUnknown       Reason = "DNS_RESOLVER_UNKNOWN"
	NoRoute                  Reason = "NO_ROUTE"
	BlackholeRoute           Reason = "BLACKHOLE_ROUTE"
	NoPublicIP               Reason = "NO_PUBLIC_IP"
	NATNoInternet            Reason = "NAT_NO_INTERNET"
	NATInstanceMisconfigured Reason = "NAT_INSTANCE_MISCONFIGURED"
	SGEgressDenied           Reason = "SG_EGRESS_DENIED"
	SGIngressDenied          Reason = "SG_INGRESS_DENIED"
	NACLDenied               Reason = "NACL_DENIED"
	EndpointPolicyDenied     Reason = "ENDPOINT_POLICY_DENIED"
	NotTransitive            Reason = "NOT_TRANSITIVE"
	TGWNoRoute               Reason = "TGW_NO_ROUTE"
	EFSNoMountTargetInAZ     Reason = "EFS_NO_MOUNT_TARGET_IN_AZ"
	UnsupportedByPlatform    Reason = "UNSUPPORTED_BY_PLATFORM"
	Unmodeled                Reason = "UNMODELED"
	// InvalidImageReference: the container runtime cannot parse the image
	// reference (the distribution reference grammar), so the pull fails
	// before any request. ECS accepts such a task definition: it checks
	// only the characters when one is registered.
	InvalidImageReference Reason = "INVALID_IMAGE_REFERENCE"
	// DNSFirewallBlocked: a Route 53 Resolver DNS Firewall rule associated
	// with the VPC blocks the name (NXDOMAIN or NODATA), so it does not
	// resolve (aws-rules 3.9.2).
	DNSFirewallBlocked Reason = "DNS_FIREWALL_BLOCKED"
	// VPCBPABlocked: VPC Block Public Access drops the call at the
	// internet gateway (aws-rules 4.10).
	VPCBPABlocked Reason = "VPC_BPA_BLOCKED"
	// NetworkFirewallDenied: an AWS Network Firewall rule (or the policy's
	// default action) drops the call (aws-rules 4.11).
	NetworkFirewallDenied Reason = "NETWORK_FIREWALL_DENIED"
)

// AllReasons lists every reason code in docs/architecture.md order, then the codes
// added since.
var AllReasons = []Reason{
	DNSResolutionDisabled, DNSNameNotFound, DNSResolverUnknown, NoRoute,
	BlackholeRoute, NoPublicIP, NATNoInternet, NATInstanceMisconfigured,
	SGEgressDenied, SGIngressDenied, NACLDenied, EndpointPolicyDenied,
	NotTransitive, TGWNoRoute, EFSNoMountTargetInAZ, UnsupportedByPlatform,
	Unmodeled, InvalidImageReference, DNSFirewallBlocked,
	VPCBPABlocked, NetworkFirewallDenied,
}

// CallKind is the kind of a control-plane call (stable).
type CallKind string

// Call kinds, as package catalog describes them (catalog.Kinds), in its
// order.
const (
	CallECRAuth      CallKind = catalog.CallECRAuth
	CallECRImage     CallKind = catalog.CallECRImage
	CallECRLayers    CallKind = catalog.CallECRLayers
	CallRegistryPull CallKind = catalog.CallRegistryPull
	CallPTCUpstream  CallKind = catalog.CallPTCUpstream
	CallLogs         CallKind = catalog.CallLogs
	CallSecret       CallKind = catalog.CallSecret
	CallParameter    CallKind = catalog.CallParameter
	CallEnvFile      CallKind = catalog.CallEnvFile
	CallFirelens     CallKind = catalog.CallFirelens
	CallEFS          CallKind = catalog.CallEFS
	CallExec         CallKind = catalog.CallExec
	CallExecKMS      CallKind = catalog.CallExecKMS
	CallExecLogs     CallKind = catalog.CallExecLogs
	CallExecS3       CallKind = catalog.CallExecS3
	CallECSAPI       CallKind = catalog.CallECSAPI
	CallECSAgent     CallKind = catalog.CallECSAgent
	CallECSTelemetry CallKind = catalog.CallECSTelemetry
)

// Phase says when a call happens.
type Phase string

// Phases.
const (
	PhaseStart   Phase = catalog.PhaseStart   // before the containers run; a failure stops the task unless Call.StopsTask says otherwise
	PhaseRuntime Phase = catalog.PhaseRuntime // while the task runs; a failure does not stop it
)

// Origin names the network interface a call leaves from (aws-rules §2).
type Origin string

// Origins.
const (
	OriginTaskENI         Origin = "task-eni"
	OriginInstance        Origin = "instance"
	OriginFargatePlatform Origin = "fargate-platform"
)

// Call is one control-plane call a workload makes.
type Call struct {
	Kind     CallKind
	Service  string // endpoint service name, e.g. "com.amazonaws.ap-northeast-1.ecr.api"; empty when none
	Host     string
	Port     int
	Phase    Phase
	Resource string // the ARN, image or file system the call is about
	Region   string
	Origin   Origin
	// Actions and PolicyResource are what an endpoint policy is asked.
	Actions        []string
	PolicyResource string
	// Principal is the IAM principal making the call (role ARN); empty for
	// calls made by AWS on the customer's behalf (ECR layer downloads).
	Principal string
	// Container names the container whose settings produced the call, when
	// there is one.
	Container string
	// Image is the image reference for image calls.
	Image string
	// FromRepositoryCredentials marks a secret call for repositoryCredentials.
	FromRepositoryCredentials bool
	// StopsTask says whether a failure of the call stops the task:
	// StopsYes for start-phase calls, StopsNo for runtime calls and for an
	// awslogs call in non-blocking mode on the EC2 launch type, StopsUnknown
	// when the input does not determine the awslogs mode (aws-rules 1.3.6).
	StopsTask Stops
	// StopsNote says why StopsTask is not StopsYes for a start-phase call,
	// as a sentence ("" otherwise).
	StopsNote string
}

// Stops says whether a call's failure stops the task (JSON
// failure_stops_task).
type Stops string

// Whether a failure stops the task.
const (
	StopsYes     Stops = "yes"
	StopsNo      Stops = "no"
	StopsUnknown Stops = "unknown" // it depends on a setting the input does not determine
)

// Report is the result of tracing every workload of a world. Placements
// of identical traces share their hop slices, and paths share the steps
// they have in common: treat a Report as read-only.
type Report struct {
	Workloads   []WorkloadResult
	Diagnostics model.Diagnostics
}

// Outcome sums up whether a workload's tasks start (docs/architecture.md,
// "JSON schema vpctrace/v1").
type Outcome string

// Outcomes.
const (
	OutcomeStarts Outcome = "starts" // every start-phase call whose failure could stop the task is reachable
	OutcomeFails  Outcome = "fails"  // a start-phase call is unreachable
	// OutcomeUnknown: no start-phase call is unreachable, but some cannot
	// be decided, or the calls cannot be listed at all (Traced is false).
	OutcomeUnknown Outcome = "unknown"
)

// Missing is an input that a workload or a call needs and that the input
// does not determine: a value known only after apply, or an object that
// lives outside the input (another Terraform state).
type Missing struct {
	// What names the setting, e.g. "image of container app in
	// aws_ecs_task_definition.app" or "task_definition of
	// aws_ecs_service.app".
	What   string
	Why    string // e.g. "known only after apply"
	Source model.Pos
}

// WorkloadResult is the result for one ECS service or standalone task.
type WorkloadResult struct {
	Name            string // the service name, or the task definition family
	Source          string // the service's address in the input
	SourcePos       model.Pos
	LaunchType      string // "FARGATE" or "EC2"
	PlatformVersion string // resolved, e.g. "1.4.0"; empty on EC2
	// Starts is false when any start-phase call is not reachable, but a
	// call whose failure does not stop the task (Call.StopsTask StopsNo).
	Starts bool
	// StoppedReason is the message ECS would report for the first failing
	// start-phase call, in the form the platform version uses.
	StoppedReason string
	// StoppedBy is the call StoppedReason is about, and StoppedVerdict its
	// verdict: when it is Unknown the message says what ECS reports if
	// the call fails, which the model cannot decide.
	StoppedBy      CallKind
	StoppedVerdict Verdict
	// StoppedOtherwise is set when StoppedVerdict is Unknown but a later
	// start-phase call surely fails: the message ECS reports if every
	// call the model cannot decide before it works. StoppedOtherwiseBy is
	// that call.
	StoppedOtherwise   string
	StoppedOtherwiseBy CallKind
	// Outcome sums up Starts and the calls' verdicts.
	Outcome Outcome
	// Traced is false when the workload's calls cannot be listed at all:
	// its task definition is not in the input, or its container
	// definitions are known only after apply. Missing says why.
	Traced bool
	// Missing lists what the input leaves undetermined and the workload
	// needs: the settings that make some of its calls unknown, or that
	// keep it from being traced.
	Missing []Missing
	Calls   []CallResult
}

// CallResult is the outcome of one call over all its placements.
type CallResult struct {
	Call
	Verdict     Verdict
	Via         Via    // set only when reachable
	Reason      Reason // set only when not reachable
	Blockers    []Reason
	Explanation string
	// Missing lists the call's own inputs that the input does not
	// determine; the call is then unknown, unless they cannot change its
	// verdict (an endpoint policy that allows everything).
	Missing    []Missing
	Placements []PlacementResult
}

// PlacementResult is the outcome of one call from one placement subnet.
type PlacementResult struct {
	Subnet      string
	AZ          string
	HostSubnet  string // EC2 awsvpc: the container instance's subnet, when it differs
	Verdict     Verdict
	Via         Via
	Reason      Reason
	Blockers    []Reason
	Explanation string
	// Fix is what to change so that the blocker of Reason no longer
	// blocks; zero when reachable or when the engine has no advice.
	Fix Fix
	// Decisive is the step that found Reason; nil when reachable, or when
	// no step did (a name with no address).
	Decisive *StepRef
	// BlockedBy holds each of Blockers, in the same order, with the step
	// that found it and its own fix: removing only the first blocker can
	// leave the others. BlockedBy[0] is Reason, Decisive and Fix; the list
	// is empty when the placement is reachable.
	BlockedBy []Blocker
	Hops      []Hop
	// Warnings note things that do not block this placement but matter:
	// an unreachable alternative address, a cross-AZ dependency.
	Warnings []string
}

// HopKind is what a hop's component is. Its value is the display text of
// the stable JSON "kind", except for HopNetworkACL, which the JSON names
// with its subnet (Hop.KindLabel).
type HopKind string

// Hop kinds.
const (
	HopTaskENI            HopKind = "task ENI"
	HopContainerInstance  HopKind = "container instance"
	HopDNSResolver        HopKind = "DNS resolver"
	HopRouteTable         HopKind = "route table"
	HopReturnRouteTable   HopKind = "route table (return path)"
	HopNetworkACL         HopKind = "network ACL" // of the hop's Subnet
	HopInterfaceEndpoint  HopKind = "interface endpoint ENI"
	HopGatewayEndpoint    HopKind = "gateway endpoint"
	HopMountTarget        HopKind = "EFS mount target"
	HopInstance           HopKind = "instance"
	HopAddress            HopKind = "address" // an in-VPC address that is no known interface
	HopService            HopKind = "service" // the AWS service or host the call ends at
	HopInternetGateway    HopKind = "internet gateway"
	HopNATGateway         HopKind = "NAT gateway"
	HopNATInstance        HopKind = "NAT instance"
	HopTransitGateway     HopKind = "transit gateway"
	HopTGWAttachment      HopKind = "transit gateway attachment"
	HopPeering            HopKind = "peering connection"
	HopPlatform           HopKind = "platform" // ECS or the container runtime refuses the call
	HopFargatePlatformENI HopKind = "Fargate-owned ENI"
	HopInput              HopKind = "input" // a setting the input does not determine
	// HopNetworkFirewall is an AWS Network Firewall endpoint, in its
	// firewall subnet (aws-rules 4.11).
	HopNetworkFirewall HopKind = "network firewall"
	// HopEgressOnlyGateway is an egress-only internet gateway on an IPv6
	// path (aws-rules 4.9.6).
	HopEgressOnlyGateway HopKind = "egress-only internet gateway"
)

// AllHopKinds lists every hop kind.
var AllHopKinds = []HopKind{
	HopTaskENI, HopContainerInstance, HopDNSResolver, HopRouteTable, HopReturnRouteTable,
	HopNetworkACL, HopInterfaceEndpoint, HopGatewayEndpoint, HopMountTarget, HopInstance,
	HopAddress, HopService, HopInternetGateway, HopNATGateway, HopNATInstance,
	HopTransitGateway, HopTGWAttachment, HopPeering, HopPlatform, HopFargatePlatformENI, HopInput,
	HopNetworkFirewall,
	HopEgressOnlyGateway,
}

// Hop is one component a call meets on its path.
type Hop struct {
	Component string  // the component's ID (address) or a description
	Kind      HopKind // what the component is
	// ID is the model object the hop is (an endpoint, mount target or
	// instance for an interface; the route table, gateway, ...), when it is
	// one; Subnet is the subnet the component sits in, when it sits in one.
	ID     string
	Subnet string
	Steps  []Step
}

// KindLabel is the hop's kind as people read it, and as the JSON
// document's "kind" says it: the kind, with its subnet for a network ACL
// ("network ACL of private-a").
func (h Hop) KindLabel() string {
	if h.Kind == HopNetworkACL {
		return string(h.Kind) + " of " + h.Subnet
	}
	return string(h.Kind)
}

// StepRef names one step of a placement: Hops[Hop].Steps[Step].
type StepRef struct {
	Hop  int
	Step int
}

// Blocker is one blocking code found on a placement's path: the code, the
// step that found it (nil when no step did) and the change that would
// remove it (zero when the engine has no advice).
type Blocker struct {
	Reason   Reason
	Decisive *StepRef
	Fix      Fix
}

// Fix is the change that would remove a placement's blocker: a sentence
// for people and, where the engine knows them, the object and setting to
// change in the input's terms. A part the engine does not know is empty.
type Fix struct {
	// Advice says what to change, as the explanation's "Fix:" does.
	Advice string
	// Object is the object to change: its kind and its ID as the input
	// names it (a scenario id, or a Terraform address).
	Object model.Ref
	// Field is the setting of Object to change, in scenario terms
	// (docs/scenario.md), e.g. "routes" of a route table.
	Field string
	// Resource is the Terraform address of Object when its ID is one, and
	// Attribute the argument of that resource to change, e.g. "route".
	Resource  string
	Attribute string
	// Value is the value to give the setting, when one value does it.
	Value string
}

// StepType is the kind of check made at a hop.
type StepType string

// Step types.
const (
	StepDNS            StepType = "dns"
	StepRoute          StepType = "route"
	StepSecurityGroup  StepType = "security-group"
	StepNACL           StepType = "nacl"
	StepEndpointPolicy StepType = "endpoint-policy"
	StepNAT            StepType = "nat"
	StepTransitGateway StepType = "transit-gateway"
	StepPeering        StepType = "peering"
	StepPublicIP       StepType = "public-ip"
	StepPlatform       StepType = "platform"
	StepDeliver        StepType = "deliver"
	StepInput          StepType = "input" // a setting the input does not determine
	// StepBlockPublicAccess is VPC Block Public Access at an internet
	// gateway (aws-rules 4.10).
	StepBlockPublicAccess StepType = "block-public-access"
	// StepNetworkFirewall is an AWS Network Firewall's decision (aws-rules
	// 4.11).
	StepNetworkFirewall StepType = "network-firewall"
)

// Action is the outcome of a step.
type Action string

// Step actions.
const (
	ActionAllowed   Action = "allowed"
	ActionDenied    Action = "denied"
	ActionResolved  Action = "resolved"
	ActionFailed    Action = "failed"
	ActionForwarded Action = "forwarded"
	ActionDropped   Action = "dropped"
	ActionDelivered Action = "delivered"
	ActionUnknown   Action = "unknown"
)

// Step is one typed check at a hop.
type Step struct {
	Type   StepType
	Action Action
	Detail string
	// Rule names the deciding rule, route or record, when there is one.
	Rule   string
	Source model.Pos
	// Reason is the blocking code this step found, if any.
	Reason Reason
}
