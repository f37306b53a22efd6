package model

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Diagnostic codes produced by Validate.
const (
	CodeDuplicateID      = "duplicate-id"
	CodeUnknownReference = "unknown-reference"
	CodeInvalidValue     = "invalid-value"
	CodeMissingField     = "missing-field"
)

// IsAWSManagedPrefixList reports whether name is the name of an AWS-managed
// prefix list that needs no declaration, such as
// "com.amazonaws.ap-northeast-1.s3" or "com.amazonaws.us-east-1.dynamodb".
func IsAWSManagedPrefixList(name string) bool {
	region, service, ok := SplitServiceName(name)
	return ok && region != "" && (service == "s3" || service == "dynamodb")
}

// SplitServiceName splits an endpoint service name
// "com.amazonaws.REGION.SERVICE" into its region and service
// ("ecr.api", "s3", ...).
func SplitServiceName(name string) (region, service string, ok bool) {
	rest, found := strings.CutPrefix(name, "com.amazonaws.")
	if !found {
		return "", "", false
	}
	region, service, found = strings.Cut(rest, ".")
	if !found || region == "" || service == "" {
		return "", "", false
	}
	return region, service, true
}

// Validate checks that IDs are unique, that every reference names an object
// of the right kind, and that values AWS would refuse to store (a subnet
// outside its VPC, a route with no destination) are absent. It returns the
// problems found, in input order; errors mean the world cannot be simulated.
func (w *World) Validate() Diagnostics {
	// Sized for the most numerous kinds, so big worlds do not rehash.
	n := len(w.VPCs) + len(w.Subnets) + len(w.RouteTables) + len(w.SecurityGroups) + len(w.Endpoints) + len(w.Services) + len(w.TaskDefinitions)
	v := validator{w: w, ids: make(map[Ref]objectRef, n), kindOf: make(map[string]Kind, n), moreKinds: map[string][]Kind{}}
	v.collect()
	v.check()
	return v.diags
}

type objectRef struct {
	kind Kind
	pos  Pos
}

type validator struct {
	w   *World
	ids map[Ref]objectRef
	// kindOf holds the first kind each ID is used by, and moreKinds the
	// others, in order, of the few IDs used by more than one kind.
	kindOf    map[string]Kind
	moreKinds map[string][]Kind
	azOf      map[string]string // subnet ID -> Availability Zone
	diags     Diagnostics
}

func (v *validator) errorf(pos Pos, code, format string, args ...any) {
	v.diags = append(v.diags, Diagnostic{Severity: SeverityError, Code: code, Message: fmt.Sprintf(format, args...), Source: pos})
}

func (v *validator) add(kind Kind, id string, pos Pos) {
	if id == "" {
		v.errorf(pos, CodeMissingField, "%s has no id", kind)
		return
	}
	key := Ref{kind, id}
	if prev, ok := v.ids[key]; ok {
		at := ""
		if prev.pos.IsValid() {
			at = " at " + prev.pos.String()
		}
		v.errorf(pos, CodeDuplicateID, "duplicate %s id %q: already defined%s", kind, id, at)
		return
	}
	v.ids[key] = objectRef{kind, pos}
	if _, ok := v.kindOf[id]; ok {
		v.moreKinds[id] = append(v.moreKinds[id], kind)
	} else {
		v.kindOf[id] = kind
	}
}

// collect registers every object ID.
func (v *validator) collect() {
	w := v.w
	for _, o := range w.VPCs {
		v.add(KindVPC, o.ID, o.Source)
	}
	for _, o := range w.Subnets {
		v.add(KindSubnet, o.ID, o.Source)
	}
	for _, o := range w.RouteTables {
		v.add(KindRouteTable, o.ID, o.Source)
	}
	for _, o := range w.InternetGateways {
		v.add(KindInternetGateway, o.ID, o.Source)
	}
	for _, o := range w.EgressOnlyGateways {
		v.add(KindEgressOnlyGateway, o.ID, o.Source)
	}
	for _, o := range w.NATGateways {
		v.add(KindNATGateway, o.ID, o.Source)
	}
	for _, o := range w.VPNGateways {
		v.add(KindVPNGateway, o.ID, o.Source)
	}
	for _, o := range w.Instances {
		v.add(KindInstance, o.ID, o.Source)
		if o.NetworkInterface != "" {
			v.add(KindNetworkInterface, o.NetworkInterface, o.Source)
		}
	}
	for _, o := range w.Endpoints {
		v.add(KindEndpoint, o.ID, o.Source)
	}
	for _, o := range w.SecurityGroups {
		v.add(KindSecurityGroup, o.ID, o.Source)
	}
	for _, o := range w.NetworkACLs {
		v.add(KindNetworkACL, o.ID, o.Source)
	}
	for _, o := range w.PrefixLists {
		v.add(KindPrefixList, o.ID, o.Source)
	}
	for _, o := range w.DHCPOptions {
		v.add(KindDHCPOptions, o.ID, o.Source)
	}
	for _, o := range w.HostedZones {
		v.add(KindHostedZone, o.ID, o.Source)
	}
	for _, o := range w.TransitGateways {
		v.add(KindTransitGateway, o.ID, o.Source)
	}
	for _, o := range w.TransitGatewayAttachments {
		v.add(KindTGWAttachment, o.ID, o.Source)
	}
	for _, o := range w.TransitGatewayRouteTables {
		v.add(KindTGWRouteTable, o.ID, o.Source)
	}
	for _, o := range w.Peerings {
		v.add(KindPeering, o.ID, o.Source)
	}
	for _, o := range w.FileSystems {
		v.add(KindFileSystem, o.ID, o.Source)
		for _, mt := range o.MountTargets {
			v.add(KindMountTarget, mt.ID, mt.Source)
		}
	}
	for _, o := range w.Buckets {
		v.add(KindBucket, o.ID, o.Source)
	}
	for _, o := range w.Clusters {
		v.add(KindCluster, o.ID, o.Source)
	}
	for _, o := range w.TaskDefinitions {
		v.add(KindTaskDefinition, o.ID, o.Source)
	}
	for _, o := range w.Services {
		v.add(KindService, o.ID, o.Source)
	}
	for _, o := range w.AutoScalingGroups {
		v.add(KindAutoScalingGroup, o.ID, o.Source)
	}
	for _, o := range w.PullThroughCacheRules {
		v.add(KindPullThroughCache, o.ID, o.Source)
	}
	for _, o := range w.AccountSettings {
		v.add(KindAccountSetting, o.ID, o.Source)
	}
	v.collectDNS()
	v.collectBPA()
	v.collectFirewalls()
}

// ref checks that id names an object of one of the kinds. An empty id is
// accepted: callers check required fields separately.
func (v *validator) ref(pos Pos, field, id string, kinds ...Kind) {
	if id == "" {
		return
	}
	for _, k := range kinds {
		if _, ok := v.ids[Ref{k, id}]; ok {
			return
		}
	}
	if first, ok := v.kindOf[id]; ok {
		other := append([]Kind{first}, v.moreKinds[id]...)
		v.errorf(pos, CodeUnknownReference, "%s refers to %q, which is a %s, not a %s", field, id, kindList(other), kindList(kinds))
		return
	}
	v.errorf(pos, CodeUnknownReference, "%s refers to %q, which is not defined (expected a %s)", field, id, kindList(kinds))
}

func (v *validator) refs(pos Pos, field string, ids []string, kinds ...Kind) {
	for _, id := range ids {
		v.ref(pos, field, id, kinds...)
	}
}

// required reports an empty field of the object what id (such as
// "subnet", "a").
func (v *validator) required(pos Pos, what, id, field, value string) {
	if value == "" {
		v.errorf(pos, CodeMissingField, "%s %q has no %s", what, id, field)
	}
}

func kindList(kinds []Kind) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = string(k)
	}
	return strings.Join(parts, " or ")
}

func (v *validator) check() {
	w := v.w
	vpcCIDRs := make(map[string][]netip.Prefix, len(w.VPCs))
	for _, o := range w.VPCs {
		if len(o.CIDRs) == 0 {
			v.errorf(o.Source, CodeMissingField, "vpc %q has no IPv4 CIDR", o.ID)
		}
		for _, c := range o.CIDRs {
			if !c.Addr().Is4() {
				v.errorf(o.Source, CodeInvalidValue, "vpc %q: %s is not an IPv4 CIDR", o.ID, c)
			}
		}
		vpcCIDRs[o.ID] = o.CIDRs
		v.ref(o.Source, "dhcp_options", o.DHCPOptions, KindDHCPOptions)
		v.ref(o.Source, "main_route_table", o.MainRouteTable, KindRouteTable)
		v.ref(o.Source, "default_network_acl", o.DefaultNetworkACL, KindNetworkACL)
		v.ref(o.Source, "default_security_group", o.DefaultSecurityGroup, KindSecurityGroup)
	}
	// A subnet is checked against its VPC's CIDRs only when the VPC has
	// some: a VPC without one has its own error.
	v.azOf = make(map[string]string, len(w.Subnets))
	for _, o := range w.Subnets {
		v.azOf[o.ID] = o.AZ
		v.required(o.Source, "subnet", o.ID, "vpc", o.VPC)
		v.required(o.Source, "subnet", o.ID, "availability zone", o.AZ)
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
		v.ref(o.Source, "route_table", o.RouteTable, KindRouteTable)
		v.ref(o.Source, "network_acl", o.NetworkACL, KindNetworkACL)
		switch {
		case o.IPv6Native && !o.IPv6CIDR.IsValid():
			v.errorf(o.Source, CodeMissingField, "subnet %q is IPv6-native but has no IPv6 CIDR (aws-rules 4.9.4)", o.ID)
		case o.IPv6Native && o.CIDR.IsValid():
			v.errorf(o.Source, CodeInvalidValue, "subnet %q is IPv6-native and cannot have an IPv4 CIDR (%s) (aws-rules 4.9.4)", o.ID, o.CIDR)
		case o.IPv6Native:
		case !o.CIDR.IsValid():
			v.errorf(o.Source, CodeMissingField, "subnet %q has no CIDR", o.ID)
		case len(vpcCIDRs[o.VPC]) > 0 && !coveredByAny(o.CIDR, vpcCIDRs[o.VPC]):
			v.errorf(o.Source, CodeInvalidValue, "subnet %q: CIDR %s is not inside any CIDR of vpc %q (%s)", o.ID, o.CIDR, o.VPC, prefixList(vpcCIDRs[o.VPC]))
		}
	}
	for _, o := range w.RouteTables {
		v.required(o.Source, "route table", o.ID, "vpc", o.VPC)
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
		for _, r := range o.Routes {
			v.checkRoute(o.ID, r)
		}
	}
	for _, o := range w.InternetGateways {
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
	}
	for _, o := range w.EgressOnlyGateways {
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
	}
	for _, o := range w.VPNGateways {
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
	}
	for _, o := range w.NATGateways {
		v.required(o.Source, "NAT gateway", o.ID, "subnet", o.Subnet)
		v.ref(o.Source, "subnet", o.Subnet, KindSubnet)
	}
	for _, o := range w.Instances {
		v.required(o.Source, "instance", o.ID, "subnet", o.Subnet)
		v.ref(o.Source, "subnet", o.Subnet, KindSubnet)
		v.refs(o.Source, "security_groups", o.SecurityGroups, KindSecurityGroup)
		v.ref(o.Source, "cluster", o.Cluster, KindCluster)
	}
	for _, o := range w.Endpoints {
		v.checkEndpoint(o)
	}
	for _, o := range w.SecurityGroups {
		v.required(o.Source, "security group", o.ID, "vpc", o.VPC)
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
		for _, r := range append(append([]SGRule(nil), o.Ingress...), o.Egress...) {
			v.checkSGRule(r)
		}
	}
	for _, o := range w.NetworkACLs {
		v.required(o.Source, "network ACL", o.ID, "vpc", o.VPC)
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
		for _, list := range [][]ACLRule{o.Ingress, o.Egress} {
			seen := map[int]bool{}
			for _, r := range list {
				if r.Number < 1 || r.Number > 32766 {
					v.errorf(r.Source, CodeInvalidValue, "network ACL rule number %d is outside 1-32766", r.Number)
				}
				if seen[r.Number] {
					v.errorf(r.Source, CodeDuplicateID, "network ACL %q has two rules numbered %d in the same direction", o.ID, r.Number)
				}
				seen[r.Number] = true
				if !r.CIDR.IsValid() {
					v.errorf(r.Source, CodeMissingField, "network ACL rule %d has no CIDR", r.Number)
				}
				v.checkPorts(r.Source, r.Protocol, r.FromPort, r.ToPort)
			}
		}
	}
	for _, o := range w.PrefixLists {
		if o.AWSService != "" && !IsAWSManagedPrefixList(o.AWSService) {
			v.errorf(o.Source, CodeInvalidValue, "prefix list %q: aws_service %q is not an AWS-managed list (expected com.amazonaws.REGION.s3 or .dynamodb)", o.ID, o.AWSService)
		}
	}
	for _, o := range w.HostedZones {
		v.required(o.Source, "hosted zone", o.ID, "name", o.Name)
		v.refs(o.Source, "vpcs", o.VPCs, KindVPC)
		for _, r := range o.Records {
			v.ref(r.Source, "alias endpoint", r.AliasEndpoint, KindEndpoint)
			if !inZone(r.Name, o.Name) {
				v.errorf(r.Source, CodeInvalidValue, "record %q is not inside zone %q", r.Name, o.Name)
			}
		}
	}
	for _, o := range w.TransitGateways {
		v.ref(o.Source, "default_route_table", o.DefaultRouteTable, KindTGWRouteTable)
	}
	for _, o := range w.TransitGatewayAttachments {
		v.required(o.Source, "transit gateway attachment", o.ID, "transit_gateway", o.TransitGateway)
		v.required(o.Source, "transit gateway attachment", o.ID, "vpc", o.VPC)
		v.ref(o.Source, "transit_gateway", o.TransitGateway, KindTransitGateway)
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
		v.refs(o.Source, "subnets", o.Subnets, KindSubnet)
		v.ref(o.Source, "route_table", o.RouteTable, KindTGWRouteTable)
		v.refs(o.Source, "propagate_to", o.PropagateTo, KindTGWRouteTable)
	}
	for _, o := range w.TransitGatewayRouteTables {
		v.ref(o.Source, "transit_gateway", o.TransitGateway, KindTransitGateway)
		for _, r := range o.Routes {
			if !r.Destination.IsValid() {
				v.errorf(r.Source, CodeMissingField, "transit gateway route has no destination")
			}
			if r.Attachment == "" && !r.Blackhole {
				v.errorf(r.Source, CodeMissingField, "transit gateway route to %s has neither an attachment nor blackhole", r.Destination)
			}
			v.ref(r.Source, "attachment", r.Attachment, KindTGWAttachment)
		}
	}
	for _, o := range w.Peerings {
		v.required(o.Source, "peering", o.ID, "vpc", o.VPC)
		v.required(o.Source, "peering", o.ID, "peer_vpc", o.PeerVPC)
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
		v.ref(o.Source, "peer_vpc", o.PeerVPC, KindVPC)
	}
	for _, o := range w.FileSystems {
		v.required(o.Source, "file system", o.ID, "file_system_id", o.FileSystemID)
		for _, mt := range o.MountTargets {
			v.required(mt.Source, "mount target", mt.ID, "subnet", mt.Subnet)
			v.ref(mt.Source, "subnet", mt.Subnet, KindSubnet)
			v.refs(mt.Source, "security_groups", mt.SecurityGroups, KindSecurityGroup)
		}
	}
	for _, o := range w.Clusters {
		for _, name := range sortedKeys(o.CapacityProviders) {
			v.ref(o.Source, "capacity provider "+quote(name), o.CapacityProviders[name], KindAutoScalingGroup)
		}
	}
	for _, o := range w.TaskDefinitions {
		if len(o.Containers) == 0 {
			v.errorf(o.Source, CodeMissingField, "task definition %q has no containers", o.ID)
		}
		for _, c := range o.Containers {
			switch {
			case c.imageUnknown():
			case c.Image == "":
				v.errorf(c.Source, CodeMissingField, "container %q has no image", c.Name)
			default:
				if err := CheckImage(c.Image); err != nil {
					v.errorf(c.Source, CodeInvalidValue, "container %q: image %q %v", c.Name, c.Image, err)
				}
			}
		}
	}
	for _, o := range w.Services {
		v.required(o.Source, "service", o.ID, "cluster", o.Cluster)
		v.required(o.Source, "service", o.ID, "task_definition", o.TaskDefinition)
		v.ref(o.Source, "cluster", o.Cluster, KindCluster)
		v.ref(o.Source, "task_definition", o.TaskDefinition, KindTaskDefinition)
		v.refs(o.Source, "subnets", o.Subnets, KindSubnet)
		v.refs(o.Source, "security_groups", o.SecurityGroups, KindSecurityGroup)
		switch o.LaunchType {
		case "", "FARGATE", "EC2", "EXTERNAL":
		default:
			v.errorf(o.Source, CodeInvalidValue, "service %q: launch type %q is not FARGATE, EC2 or EXTERNAL", o.ID, o.LaunchType)
		}
	}
	for _, o := range w.AutoScalingGroups {
		v.ref(o.Source, "cluster", o.Cluster, KindCluster)
		v.refs(o.Source, "subnets", o.Subnets, KindSubnet)
		v.refs(o.Source, "security_groups", o.SecurityGroups, KindSecurityGroup)
	}
	for _, o := range w.Clusters {
		v.checkExecuteCommand(o)
	}
	for _, o := range w.PullThroughCacheRules {
		v.checkPullThroughCacheRule(o)
	}
	v.checkAccountSettings()
	v.checkDNS()
	v.checkBPA()
	v.checkFirewalls()
}

// checkExecuteCommand checks a cluster's ECS Exec configuration: a logging
// setting AWS knows, and OVERRIDE with a destination (aws-rules 1.7.3).
func (v *validator) checkExecuteCommand(o Cluster) {
	ec := o.ExecuteCommand
	if ec == nil {
		return
	}
	pos := ec.Source
	if !pos.IsValid() {
		pos = o.Source
	}
	switch ec.Logging {
	case "", ExecLoggingNone, ExecLoggingDefault, ExecLoggingOverride:
	default:
		v.errorf(pos, CodeInvalidValue, "cluster %q: execute command logging %q is not NONE, DEFAULT or OVERRIDE", o.ID, ec.Logging)
	}
}

// checkPullThroughCacheRule checks the settings every rule has and its
// cache state (aws-rules 1.2.11, 1.2.14).
func (v *validator) checkPullThroughCacheRule(o PullThroughCacheRule) {
	v.required(o.Source, "pull through cache rule", o.ID, "ecr_repository_prefix", o.ECRRepositoryPrefix)
	v.required(o.Source, "pull through cache rule", o.ID, "upstream_registry_url", o.UpstreamRegistryURL)
	if o.Region != "" && !IsRegion(o.Region) {
		v.errorf(o.Source, CodeInvalidValue, "pull through cache rule %q: region %q is not a region name", o.ID, o.Region)
	}
	if o.Account != "" && !IsAccountID(o.Account) {
		v.errorf(o.Source, CodeInvalidValue, "pull through cache rule %q: account %q is not an account ID", o.ID, o.Account)
	}
	if o.Cache != "" && !slices.Contains(CacheStates, o.Cache) {
		v.errorf(o.Source, CodeInvalidValue, "pull through cache rule %q: cache state %q is not cold, warm or unknown", o.ID, o.Cache)
	}
}

// checkAccountSettings checks that a region has one value per account
// setting, and that a defaultLogDriverMode value is a mode (aws-rules
// 1.3.5). A value the input does not determine is left empty.
func (v *validator) checkAccountSettings() {
	seen := map[[2]string]string{}
	for _, o := range v.w.AccountSettings {
		v.required(o.Source, "account setting", o.ID, "name", o.Name)
		region := o.Region
		if region == "" {
			region = v.w.Region
		}
		key := [2]string{o.Name, region}
		if prev, dup := seen[key]; dup && o.Name != "" {
			v.errorf(o.Source, CodeInvalidValue, "account setting %q: %s is already set for %s by %q; a region has one value per setting", o.ID, o.Name, region, prev)
		}
		seen[key] = o.ID
		if o.Name == SettingDefaultLogDriverMode && o.Value != "" && !slices.Contains(LogDriverModes, o.Value) {
			v.errorf(o.Source, CodeInvalidValue, "account setting %q: %s is %q; want blocking or non-blocking", o.ID, o.Name, o.Value)
		}
	}
}

// routeTargetKinds maps a route target kind to the object kinds it may name.
var routeTargetKinds = map[TargetKind][]Kind{
	TargetInternetGateway:   {KindInternetGateway},
	TargetNATGateway:        {KindNATGateway},
	TargetEgressOnlyGateway: {KindEgressOnlyGateway},
	TargetGatewayEndpoint:   {KindEndpoint},
	TargetTransitGateway:    {KindTransitGateway},
	TargetPeering:           {KindPeering},
	TargetInstance:          {KindInstance},
	TargetNetworkInterface:  {KindNetworkInterface},
	TargetVPNGateway:        {KindVPNGateway},
	TargetNetworkFirewall:   {KindNetworkFirewall},
	TargetGWLBEndpoint:      nil, // not modelled: the ID need not exist (aws-rules 4.2.4)
}

func (v *validator) checkRoute(table string, r Route) {
	switch {
	case r.Destination.IsValid() && r.DestinationPrefixList != "":
		v.errorf(r.Source, CodeInvalidValue, "route in %q has both a CIDR and a prefix list destination", table)
	case !r.Destination.IsValid() && r.DestinationPrefixList == "":
		v.errorf(r.Source, CodeMissingField, "route in %q has no destination", table)
	}
	if pl := r.DestinationPrefixList; pl != "" && !IsAWSManagedPrefixList(pl) {
		v.ref(r.Source, "destination_prefix_list", pl, KindPrefixList)
	}
	if r.Target == TargetLocal {
		return
	}
	if r.Undetermined != "" {
		// The input does not determine the target (aws-rules 4.2.4): what is
		// known of it may be empty, and it need not be in the world.
		if _, ok := routeTargetKinds[r.Target]; !ok && r.Target != "" {
			v.errorf(r.Source, CodeInvalidValue, "route in %q has unknown target kind %q", table, r.Target)
		}
		if r.Target == "" && r.TargetID != "" {
			v.errorf(r.Source, CodeInvalidValue, "route in %q names target %q but not its kind", table, r.TargetID)
		}
		return
	}
	kinds, ok := routeTargetKinds[r.Target]
	if !ok {
		v.errorf(r.Source, CodeInvalidValue, "route in %q has unknown target kind %q", table, r.Target)
		return
	}
	if r.TargetID == "" {
		v.errorf(r.Source, CodeMissingField, "route in %q to %s has no target id", table, r.Target)
		return
	}
	if r.Blackhole || r.Target == TargetGWLBEndpoint {
		return // the target was deleted, or is not modelled: it need not exist
	}
	v.ref(r.Source, "route target", r.TargetID, kinds...)
}

func (v *validator) checkEndpoint(o Endpoint) {
	v.required(o.Source, "endpoint", o.ID, "vpc", o.VPC)
	v.ref(o.Source, "vpc", o.VPC, KindVPC)
	if o.ServiceName == "" {
		v.required(o.Source, "endpoint", o.ID, "service name", o.ServiceName)
	} else if _, _, ok := SplitServiceName(o.ServiceName); !ok {
		v.errorf(o.Source, CodeInvalidValue, "endpoint %q: service name %q is not of the form com.amazonaws.REGION.SERVICE", o.ID, o.ServiceName)
	}
	v.refs(o.Source, "route_tables", o.RouteTables, KindRouteTable)
	v.refs(o.Source, "subnets", o.Subnets, KindSubnet)
	v.refs(o.Source, "security_groups", o.SecurityGroups, KindSecurityGroup)
	switch o.Type {
	case EndpointGateway:
		if len(o.Subnets) > 0 {
			v.errorf(o.Source, CodeInvalidValue, "gateway endpoint %q cannot have subnets (it adds routes to route tables)", o.ID)
		}
	case EndpointInterface:
		if len(o.RouteTables) > 0 {
			v.errorf(o.Source, CodeInvalidValue, "interface endpoint %q cannot have route tables (it places ENIs in subnets)", o.ID)
		}
		azs := map[string]string{}
		for _, id := range o.Subnets {
			az, ok := v.azOf[id]
			if !ok {
				continue // an unknown reference, reported by refs
			}
			if prev, ok := azs[az]; ok {
				v.errorf(o.Source, CodeInvalidValue, "interface endpoint %q has two subnets in %s (%q and %q); AWS allows one per Availability Zone", o.ID, az, prev, id)
			}
			azs[az] = id
		}
	default:
		v.errorf(o.Source, CodeInvalidValue, "endpoint %q: type %q is not Interface or Gateway", o.ID, o.Type)
	}
}

func (v *validator) checkSGRule(r SGRule) {
	v.checkPorts(r.Source, r.Protocol, r.FromPort, r.ToPort)
	v.refs(r.Source, "security_groups", r.SecurityGroups, KindSecurityGroup)
	for _, pl := range r.PrefixLists {
		if !IsAWSManagedPrefixList(pl) {
			v.ref(r.Source, "prefix_lists", pl, KindPrefixList)
		}
	}
	if len(r.CIDRs) == 0 && len(r.PrefixLists) == 0 && len(r.SecurityGroups) == 0 && !r.Self {
		v.errorf(r.Source, CodeMissingField, "security group rule has no peer (cidrs, prefix_lists, security_groups or self)")
	}
}

func (v *validator) checkPorts(pos Pos, protocol string, from, to int) {
	switch protocol {
	case "":
		v.errorf(pos, CodeMissingField, "rule has no protocol")
	default:
		if err := CheckPorts(protocol, from, to); err != nil {
			v.errorf(pos, CodeInvalidValue, "%v", err)
		}
	}
}

func coveredByAny(p netip.Prefix, cidrs []netip.Prefix) bool {
	for _, c := range cidrs {
		if c.Bits() <= p.Bits() && c.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

func prefixList(ps []netip.Prefix) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, ", ")
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// inZone reports whether the DNS name lies inside zone (label-wise).
func inZone(name, zone string) bool {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	zone = strings.ToLower(strings.TrimSuffix(zone, "."))
	return name == zone || strings.HasSuffix(name, "."+zone)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// imageUnknown reports whether the input leaves the image, or the whole
// container definition, undetermined.
func (c *Container) imageUnknown() bool {
	_, image := c.Unknown(FieldImage, 0)
	_, whole := c.Unknown(FieldContainer, 0)
	return image || whole
}
