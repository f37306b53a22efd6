package awsprovider

import (
	"hash/crc32"
	"sort"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// synthTable gives, per resource type, the computed attributes the
// provider synthesizes (see the package documentation for the scheme).
var synthTable = map[string]func(*synth){
	"aws_vpc":                                         synthVPC,
	"aws_default_vpc":                                 synthVPC,
	"aws_subnet":                                      synthSubnet,
	"aws_default_subnet":                              synthSubnet,
	"aws_route_table":                                 ec2("rtb-", "route-table"),
	"aws_default_route_table":                         synthDefault("default_route_table_id", "route-table"),
	"aws_main_route_table_association":                synthMainRouteTableAssociation,
	"aws_route":                                       synthRoute,
	"aws_route_table_association":                     plainID("rtbassoc-"),
	"aws_internet_gateway":                            ec2("igw-", "internet-gateway"),
	"aws_internet_gateway_attachment":                 joinedID(":", "internet_gateway_id", "vpc_id"),
	"aws_egress_only_internet_gateway":                plainID("eigw-"),
	"aws_nat_gateway":                                 synthNATGateway,
	"aws_eip":                                         synthEIP,
	"aws_eip_association":                             plainID("eipassoc-"),
	"aws_security_group":                              synthSecurityGroup,
	"aws_default_security_group":                      synthDefaultSecurityGroup,
	"aws_security_group_rule":                         synthSecurityGroupRule,
	"aws_vpc_security_group_ingress_rule":             synthSGRule,
	"aws_vpc_security_group_egress_rule":              synthSGRule,
	"aws_network_acl":                                 ec2("acl-", "network-acl"),
	"aws_default_network_acl":                         synthDefault("default_network_acl_id", "network-acl"),
	"aws_network_acl_rule":                            digitsID("nacl-"),
	"aws_network_acl_association":                     plainID("aclassoc-"),
	"aws_vpc_endpoint":                                synthVPCEndpoint,
	"aws_vpc_endpoint_subnet_association":             plainID("a-"),
	"aws_vpc_endpoint_route_table_association":        plainID("a-"),
	"aws_vpc_endpoint_security_group_association":     plainID("a-"),
	"aws_vpc_endpoint_policy":                         copyID("vpc_endpoint_id"),
	"aws_vpc_endpoint_private_dns":                    copyID("vpc_endpoint_id"),
	"aws_ec2_transit_gateway":                         synthTransitGateway,
	"aws_ec2_transit_gateway_vpc_attachment":          synthTGWAttachment,
	"aws_ec2_transit_gateway_route_table":             ec2("tgw-rtb-", "transit-gateway-route-table"),
	"aws_ec2_transit_gateway_route":                   joinedID("_", "transit_gateway_route_table_id", "destination_cidr_block"),
	"aws_ec2_transit_gateway_route_table_association": joinedID("_", "transit_gateway_route_table_id", "transit_gateway_attachment_id"),
	"aws_ec2_transit_gateway_route_table_propagation": joinedID("_", "transit_gateway_route_table_id", "transit_gateway_attachment_id"),
	"aws_vpc_peering_connection":                      ec2("pcx-", "vpc-peering-connection"),
	"aws_vpc_peering_connection_accepter":             copyID("vpc_peering_connection_id"),
	"aws_instance":                                    synthInstance,
	"aws_network_interface":                           ec2("eni-", "network-interface"),
	"aws_efs_file_system":                             synthEFS,
	"aws_efs_mount_target":                            synthMountTarget,
	"aws_efs_access_point":                            synthAccessPoint,
	"aws_vpc_dhcp_options":                            ec2("dopt-", "dhcp-options"),
	"aws_vpc_dhcp_options_association":                joinedID("-", "dhcp_options_id", "vpc_id"),
	"aws_ec2_managed_prefix_list":                     synthPrefixList,
	"aws_ec2_managed_prefix_list_entry":               joinedID(",", "prefix_list_id", "cidr"),
	"aws_launch_template":                             synthLaunchTemplate,
	"aws_flow_log":                                    ec2("fl-", "vpc-flow-log"),
	"aws_vpc_ipv4_cidr_block_association":             plainID("vpc-cidr-assoc-"),
	"aws_route53_zone":                                synthZone,
	"aws_route53_record":                              synthRecord,
	"aws_route53_zone_association":                    synthZoneAssociation,
	"aws_ecs_cluster":                                 synthECSCluster,
	"aws_ecs_cluster_capacity_providers":              copyID("cluster_name"),
	"aws_ecs_capacity_provider":                       synthCapacityProvider,
	"aws_ecs_task_definition":                         synthTaskDefinition,
	"aws_ecs_service":                                 synthECSService,
	"aws_ecr_repository":                              synthECRRepository,
	"aws_secretsmanager_secret":                       synthSecret,
	"aws_secretsmanager_secret_version":               synthSecretVersion,
	"aws_ssm_parameter":                               synthSSMParameter,
	"aws_cloudwatch_log_group":                        synthLogGroup,
	"aws_s3_bucket":                                   synthBucket,
	"aws_s3_object":                                   synthS3Object,
	"aws_s3_bucket_object":                            synthS3Object,
	"aws_iam_role":                                    synthIAM("role", "AROA"),
	"aws_iam_user":                                    synthIAM("user", "AIDA"),
	"aws_iam_instance_profile":                        synthIAM("instance-profile", "AIPA"),
	"aws_iam_policy":                                  synthIAMPolicy,
	"aws_iam_role_policy":                             synthRolePolicy,
	"aws_iam_role_policy_attachment":                  synthRolePolicyAttachment,
	"aws_kms_key":                                     synthKMSKey,
	"aws_kms_alias":                                   synthKMSAlias,
	"aws_acm_certificate":                             synthACMCertificate,
	"aws_lb_listener_rule":                            synthListenerRule,
	"aws_alb_listener_rule":                           synthListenerRule,
	"aws_lb":                                          synthLB,
	"aws_alb":                                         synthLB,
	"aws_lb_target_group":                             synthTargetGroup,
	"aws_alb_target_group":                            synthTargetGroup,
	"aws_lb_listener":                                 synthListener,
	"aws_alb_listener":                                synthListener,
	"aws_service_discovery_private_dns_namespace":     synthNamespace,
	"aws_service_discovery_service":                   synthDiscoveryService,
	"aws_sns_topic":                                   synthSNSTopic,
	"aws_sqs_queue":                                   synthSQSQueue,
	"aws_dynamodb_table":                              synthDynamoDBTable,
	"aws_lambda_function":                             synthLambda,
	"aws_autoscaling_group":                           synthASG,
	"aws_cloudwatch_log_stream":                       synthLogStream,
	"aws_networkfirewall_firewall":                    networkFirewall("firewall/"),
	"aws_networkfirewall_firewall_policy":             networkFirewall("firewall-policy/"),
	"aws_networkfirewall_rule_group":                  synthFirewallRuleGroup,
}

// ec2 synthesizes an EC2 resource: id PREFIX + H(ADDR, 17), arn
// "arn:aws:ec2:REGION:ACCOUNT:ARNTYPE/ID", owner_id ACCOUNT.
func ec2(prefix, arnType string) func(*synth) {
	return func(s *synth) { s.ec2(prefix, arnType) }
}

func (s *synth) ec2(prefix, arnType string) cty.Value {
	id := s.setID(prefix + s.hash("", 17))
	s.set("arn", s.arn("ec2", true, arnType+"/", id))
	s.setString("owner_id", s.p.account)
	return id
}

// plainID synthesizes only id = PREFIX + H(ADDR, 17).
func plainID(prefix string) func(*synth) {
	return func(s *synth) { s.setID(prefix + s.hash("", 17)) }
}

// digitsID synthesizes id = PREFIX + ten digits, as for rules whose
// provider IDs are hash codes.
func digitsID(prefix string) func(*synth) {
	return func(s *synth) { s.setID(prefix + alphabetHash(s.addr, 10, digits)) }
}

// joinedID synthesizes id = the named attributes joined with sep.
func joinedID(sep string, attrs ...string) func(*synth) {
	return func(s *synth) {
		parts := []any{}
		for i, a := range attrs {
			if i > 0 {
				parts = append(parts, sep)
			}
			parts = append(parts, s.get(a))
		}
		s.set("id", join(parts...))
	}
}

// copyID synthesizes id = the value of another attribute.
func copyID(attr string) func(*synth) {
	return func(s *synth) { s.set("id", s.stringValue(attr)) }
}

func synthVPC(s *synth) {
	s.ec2("vpc-", "vpc")
	main := "rtb-" + s.hash("#main", 17)
	s.setString("main_route_table_id", main)
	s.setString("default_route_table_id", main)
	s.setString("default_network_acl_id", "acl-"+s.hash("#default", 17))
	s.setString("default_security_group_id", "sg-"+s.hash("#default", 17))
	if v, ok := s.boolean("assign_generated_ipv6_cidr_block"); ok && v {
		h := s.hash("#ipv6", 8)
		s.setString("ipv6_cidr_block", "2600:1f"+h[0:2]+":"+h[2:6]+":"+h[6:8]+"00::/56")
		s.setString("ipv6_association_id", "vpc-cidr-assoc-"+s.hash("#ipv6", 17))
	}
}

func synthSubnet(s *synth) {
	s.ec2("subnet-", "subnet")
	if az := s.str("availability_zone"); az != "" && s.region != "" {
		if id := azID(s.region, az); id != "" {
			s.setString("availability_zone_id", id)
		}
	}
}

// synthDefault adopts a VPC default object: its id is the VPC attribute
// the configuration passes (default_route_table_id, ...).
func synthDefault(idAttr, arnType string) func(*synth) {
	return func(s *synth) {
		id := s.set("id", s.stringValue(idAttr))
		s.set("arn", s.arn("ec2", true, arnType+"/", id))
		s.setString("owner_id", s.p.account)
	}
}

func synthDefaultSecurityGroup(s *synth) {
	id := s.set("id", s.lookupAttr("vpc_id", "default_security_group_id"))
	s.set("arn", s.arn("ec2", true, "security-group/", id))
	s.setString("owner_id", s.p.account)
	s.setString("name", "default")
}

func synthMainRouteTableAssociation(s *synth) {
	s.setID("rtbassoc-" + s.hash("", 17))
	s.set("original_route_table_id", s.lookupAttr("vpc_id", "main_route_table_id"))
}

// synthRoute: "r-" + route_table_id + CRC-32 of the destination, as the
// provider builds it.
func synthRoute(s *synth) {
	dest := cty.Value(cty.StringVal(""))
	for _, a := range []string{"destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"} {
		if s.configured(a) {
			dest = s.stringValue(a)
		}
	}
	hash := cty.Value(cty.UnknownVal(cty.String))
	if d := dest; d.IsKnown() && !d.IsNull() {
		hash = cty.StringVal(strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(d.AsString()))), 10))
	}
	s.set("id", join("r-", s.get("route_table_id"), hash))
}

func synthNATGateway(s *synth) {
	s.setID("nat-" + s.hash("", 17))
	s.setString("network_interface_id", "eni-"+s.hash("#eni", 17))
	if s.configured("allocation_id") {
		s.setString("association_id", "eipassoc-"+s.hash("#eip", 17))
		s.set("public_ip", s.lookupAttr("allocation_id", "public_ip"))
	}
}

// synthEIP gives an Elastic IP an address from 203.0.113.0/24
// (TEST-NET-3), so that it is recognisably not a real one.
func synthEIP(s *synth) {
	id := s.setID("eipalloc-" + s.hash("", 17))
	s.set("allocation_id", id)
	s.set("arn", s.arn("ec2", true, "elastic-ip/", id))
	octet := int(s.hash("#ip", 2)[0])%254 + 1
	ip := "203.0.113." + strconv.Itoa(octet)
	s.setString("public_ip", ip)
	s.set("public_dns", join("ec2-203-0-113-"+strconv.Itoa(octet)+".", s.regionVal(), ".compute.amazonaws.com"))
}

func synthSecurityGroup(s *synth) {
	s.ec2("sg-", "security-group")
	s.name("name", "name_prefix")
}

func synthSecurityGroupRule(s *synth) {
	s.setID("sgrule-" + alphabetHash(s.addr, 10, digits))
	s.setString("security_group_rule_id", "sgr-"+s.hash("", 17))
}

func synthSGRule(s *synth) {
	id := s.ec2("sgr-", "security-group-rule")
	s.set("security_group_rule_id", id)
}

// synthVPCEndpoint adds prefix_list_id to a gateway endpoint, and
// network_interface_ids and dns_entry to an interface endpoint.
func synthVPCEndpoint(s *synth) {
	id := s.ec2("vpce-", "vpc-endpoint")
	typ := s.str("vpc_endpoint_type")
	if typ == "" && !s.configured("vpc_endpoint_type") {
		typ = "Gateway"
	}
	service := s.stringValue("service_name")
	if strings.EqualFold(typ, "Gateway") {
		if sn := knownString(service); sn != "" {
			s.setString("prefix_list_id", managedPrefixListID(sn))
		} else {
			s.set("prefix_list_id", cty.UnknownVal(cty.String))
		}
		return
	}
	if !strings.EqualFold(typ, "Interface") {
		return
	}
	subnets, ok := s.stringList("subnet_ids")
	if !ok {
		s.set("network_interface_ids", cty.UnknownVal(cty.List(cty.String)))
		s.set("dns_entry", cty.UnknownVal(cty.List(dnsEntryType)))
		return
	}
	var enis []string
	for _, sub := range subnets {
		enis = append(enis, "eni-"+s.hash("#"+sub, 17))
	}
	s.set("network_interface_ids", stringsVal(enis))
	sn, idStr := knownString(service), knownString(id)
	if sn == "" || idStr == "" || s.region == "" {
		s.set("dns_entry", cty.UnknownVal(cty.List(dnsEntryType)))
		return
	}
	short := serviceShortName(sn, s.region)
	base := idStr + "-" + s.hash("#dns", 8)
	suffix := "." + short + "." + s.region + ".vpce.amazonaws.com"
	zone := cty.StringVal(vpceZoneID(s.region))
	entries := []cty.Value{dnsEntry(base+suffix, zone)}
	seen := map[string]bool{}
	var azs []string
	for _, sub := range subnets {
		if obj, ok := s.p.byID[sub]; ok {
			if az := attrString(obj, "availability_zone"); az != "" && !seen[az] {
				seen[az] = true
				azs = append(azs, az)
			}
		}
	}
	sort.Strings(azs)
	for _, az := range azs {
		entries = append(entries, dnsEntry(base+"-"+az+suffix, zone))
	}
	s.set("dns_entry", cty.ListVal(entries))
}

var dnsEntryType = cty.Object(map[string]cty.Type{"dns_name": cty.String, "hosted_zone_id": cty.String})

func dnsEntry(name string, zone cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"dns_name": cty.StringVal(name), "hosted_zone_id": zone})
}

func synthTransitGateway(s *synth) {
	s.ec2("tgw-", "transit-gateway")
	assoc, prop := s.str("default_route_table_association"), s.str("default_route_table_propagation")
	if assoc == "disable" && prop == "disable" {
		return
	}
	rtb := "tgw-rtb-" + s.hash("#default", 17)
	s.setString("association_default_route_table_id", rtb)
	s.setString("propagation_default_route_table_id", rtb)
}

func synthTGWAttachment(s *synth) {
	s.setID("tgw-attach-" + s.hash("", 17))
	s.setString("vpc_owner_id", s.p.account)
}

func synthInstance(s *synth) {
	s.ec2("i-", "instance")
	s.setString("primary_network_interface_id", "eni-"+s.hash("#eni", 17))
}

func synthEFS(s *synth) {
	id := s.setID("fs-" + s.hash("", 17))
	s.set("arn", s.arn("elasticfilesystem", true, "file-system/", id))
	s.set("dns_name", join(id, ".efs.", s.regionVal(), ".amazonaws.com"))
	s.setString("owner_id", s.p.account)
}

func synthMountTarget(s *synth) {
	s.setID("fsmt-" + s.hash("", 17))
	fs := s.stringValue("file_system_id")
	s.set("file_system_arn", s.arn("elasticfilesystem", true, "file-system/", fs))
	s.set("dns_name", join(fs, ".efs.", s.regionVal(), ".amazonaws.com"))
	az := s.set("availability_zone_name", s.lookupAttr("subnet_id", "availability_zone"))
	s.set("mount_target_dns_name", join(az, ".", fs, ".efs.", s.regionVal(), ".amazonaws.com"))
	s.setString("network_interface_id", "eni-"+s.hash("#eni", 17))
	s.setString("owner_id", s.p.account)
}

func synthAccessPoint(s *synth) {
	id := s.setID("fsap-" + s.hash("", 17))
	s.set("arn", s.arn("elasticfilesystem", true, "access-point/", id))
	s.set("file_system_arn", s.arn("elasticfilesystem", true, "file-system/", s.get("file_system_id")))
	s.setString("owner_id", s.p.account)
}

func synthPrefixList(s *synth) {
	s.ec2("pl-", "prefix-list")
	s.set("version", cty.NumberIntVal(1))
}

func synthLaunchTemplate(s *synth) {
	s.ec2("lt-", "launch-template")
	s.name("name", "name_prefix")
	s.set("latest_version", cty.NumberIntVal(1))
	s.set("default_version", cty.NumberIntVal(1))
}

// synthZone gives a hosted zone zone_id "Z" + 20 upper-case characters.
func synthZone(s *synth) {
	zone := s.set("zone_id", cty.StringVal("Z"+alphabetHash(s.addr, 20, upperAlnum)))
	s.set("id", zone)
	s.set("arn", join("arn:aws:route53:::hostedzone/", zone))
}

func synthRecord(s *synth) {
	name := s.stringValue("name")
	s.set("id", join(s.get("zone_id"), "_", name, "_", s.get("type")))
	zoneName := strings.TrimSuffix(attrString(s.lookup("zone_id"), "name"), ".")
	n := strings.TrimSuffix(knownString(name), ".")
	switch {
	case n == "" || zoneName == "":
		s.set("fqdn", cty.UnknownVal(cty.String))
	case n == zoneName || strings.HasSuffix(n, "."+zoneName):
		s.setString("fqdn", n)
	default:
		s.setString("fqdn", n+"."+zoneName)
	}
}

func synthZoneAssociation(s *synth) {
	s.set("id", join(s.get("zone_id"), ":", s.get("vpc_id")))
	s.setString("owning_account", s.p.account)
}

// synthECSCluster: the provider's id of a cluster is its ARN.
func synthECSCluster(s *synth) {
	arn := s.set("arn", s.arn("ecs", true, "cluster/", s.get("name")))
	s.set("id", arn)
}

func synthCapacityProvider(s *synth) {
	arn := s.set("arn", s.arn("ecs", true, "capacity-provider/", s.get("name")))
	s.set("id", arn)
}

// synthTaskDefinition: revision 1, arn ".../task-definition/FAMILY:1",
// id the family.
func synthTaskDefinition(s *synth) {
	family := s.get("family")
	s.set("revision", cty.NumberIntVal(1))
	s.set("arn", s.arn("ecs", true, "task-definition/", family, ":1"))
	s.set("arn_without_revision", s.arn("ecs", true, "task-definition/", family))
	s.set("id", family)
}

// synthECSService: id is the ARN ".../service/CLUSTER/NAME", CLUSTER the
// last part of the cluster attribute ("default" when unset).
func synthECSService(s *synth) {
	cluster := cty.Value(cty.StringVal("default"))
	if s.configured("cluster") {
		cluster = s.stringValue("cluster")
		if c := knownString(cluster); c != "" {
			cluster = cty.StringVal(c[strings.LastIndex(c, "/")+1:])
		}
	}
	s.set("id", s.arn("ecs", true, "service/", cluster, "/", s.get("name")))
}

func synthECRRepository(s *synth) {
	name := s.get("name")
	s.set("arn", s.arn("ecr", true, "repository/", name))
	s.set("id", name)
	s.setString("registry_id", s.p.account)
	s.set("repository_url", join(s.p.account+".dkr.ecr.", s.regionVal(), ".amazonaws.com/", name))
}

// synthSecret: arn ".../secret:NAME-XXXXXX" with six characters from
// H(ADDR); id is the ARN.
func synthSecret(s *synth) {
	name := s.name("name", "name_prefix")
	arn := s.set("arn", s.arn("secretsmanager", true, "secret:", name, "-"+alphabetHash(s.addr+"#suffix", 6, mixedAlnum)))
	s.set("id", arn)
}

func synthSecretVersion(s *synth) {
	secret := s.stringValue("secret_id")
	arn := secret
	if id := knownString(secret); id != "" && !strings.HasPrefix(id, "arn:") {
		arn = s.lookupAttr("secret_id", "arn")
	}
	s.set("arn", arn)
	version := s.setString("version_id", uuidHash(s.addr))
	s.set("id", join(secret, "|", version))
}

// synthSSMParameter: arn ".../parameter/NAME" (NAME without its leading
// slash), id the name, version 1.
func synthSSMParameter(s *synth) {
	name := s.stringValue("name")
	rest := cty.Value(cty.UnknownVal(cty.String))
	if n := knownString(name); n != "" {
		rest = cty.StringVal(strings.TrimPrefix(n, "/"))
	}
	s.set("arn", s.arn("ssm", true, "parameter/", rest))
	s.set("id", name)
	s.set("version", cty.NumberIntVal(1))
}

func synthLogGroup(s *synth) {
	name := s.name("name", "name_prefix")
	s.set("arn", s.arn("logs", true, "log-group:", name))
	s.set("id", name)
}

// networkFirewall synthesizes an AWS Network Firewall resource: arn = id
// arn:aws:network-firewall:REGION:ACCOUNT:KIND/NAME.
func networkFirewall(kind string) func(*synth) {
	return func(s *synth) {
		arn := s.set("arn", s.arn("network-firewall", true, kind, s.get("name")))
		s.set("id", arn)
	}
}

// synthFirewallRuleGroup: the ARN names the group's type,
// stateful-rulegroup/NAME or stateless-rulegroup/NAME.
func synthFirewallRuleGroup(s *synth) {
	kind := "stateless-rulegroup/"
	if strings.EqualFold(s.str("type"), "STATEFUL") {
		kind = "stateful-rulegroup/"
	}
	networkFirewall(kind)(s)
}

func synthLogStream(s *synth) {
	name := s.get("name")
	s.set("arn", s.arn("logs", true, "log-group:", s.get("log_group_name"), ":log-stream:", name))
	s.set("id", name)
}

func synthBucket(s *synth) {
	bucket := s.name("bucket", "bucket_prefix")
	s.set("id", bucket)
	s.set("arn", join("arn:aws:s3:::", bucket))
	s.set("bucket_domain_name", join(bucket, ".s3.amazonaws.com"))
	s.set("bucket_regional_domain_name", join(bucket, ".s3.", s.regionVal(), ".amazonaws.com"))
	s.set("region", s.regionVal())
}

func synthS3Object(s *synth) {
	s.set("id", s.stringValue("key"))
	s.set("arn", join("arn:aws:s3:::", s.get("bucket"), "/", s.get("key")))
}

// synthIAM covers roles, users and instance profiles: arn
// "arn:aws:iam::ACCOUNT:KIND{path}NAME", id the name, unique_id PREFIX +
// 17 upper-case characters.
func synthIAM(kind, uniquePrefix string) func(*synth) {
	return func(s *synth) {
		name := s.name("name", "name_prefix")
		path := cty.Value(cty.StringVal("/"))
		if s.configured("path") {
			path = s.stringValue("path")
		}
		s.set("arn", join("arn:aws:iam::"+s.p.account+":"+kind, path, name))
		s.set("id", name)
		s.setString("unique_id", uniquePrefix+alphabetHash(s.addr, 17, upperAlnum))
	}
}

func synthIAMPolicy(s *synth) {
	name := s.name("name", "name_prefix")
	path := cty.Value(cty.StringVal("/"))
	if s.configured("path") {
		path = s.stringValue("path")
	}
	arn := s.set("arn", join("arn:aws:iam::"+s.p.account+":policy", path, name))
	s.set("id", arn)
	s.setString("policy_id", "ANPA"+alphabetHash(s.addr, 17, upperAlnum))
}

func synthRolePolicy(s *synth) {
	name := s.name("name", "name_prefix")
	s.set("id", join(s.get("role"), ":", name))
}

func synthRolePolicyAttachment(s *synth) {
	s.set("id", join(s.get("role"), "-", s.hash("", 26)))
}

func synthKMSKey(s *synth) {
	key := s.setString("key_id", uuidHash(s.addr))
	s.set("id", key)
	s.set("arn", s.arn("kms", true, "key/", key))
}

func synthKMSAlias(s *synth) {
	name := s.name("name", "name_prefix")
	s.set("arn", s.arn("kms", true, name))
	s.set("id", name)
	s.set("target_key_arn", s.lookupAttr("target_key_id", "arn"))
}

// synthLB: arn ".../loadbalancer/app|net/NAME/H16", id the ARN, dns_name
// "[internal-]NAME-DIGITS.REGION.elb.amazonaws.com".
func synthLB(s *synth) {
	name := s.name("name", "name_prefix")
	kind := "app"
	switch s.str("load_balancer_type") {
	case "network":
		kind = "net"
	case "gateway":
		kind = "gwy"
	}
	suffix := join(kind+"/", name, "/"+s.hash("", 16))
	arn := s.set("arn", s.arn("elasticloadbalancing", true, "loadbalancer/", suffix))
	s.set("id", arn)
	s.set("arn_suffix", suffix)
	prefix := ""
	if v, ok := s.boolean("internal"); ok && v {
		prefix = "internal-"
	}
	s.set("dns_name", join(prefix, name, "-"+alphabetHash(s.addr+"#dns", 10, digits)+".", s.regionVal(), ".elb.amazonaws.com"))
	s.setString("zone_id", "Z"+alphabetHash(s.region+"#elb", 13, upperAlnum))
}

func synthTargetGroup(s *synth) {
	name := s.name("name", "name_prefix")
	suffix := join("targetgroup/", name, "/"+s.hash("", 16))
	arn := s.set("arn", s.arn("elasticloadbalancing", true, suffix))
	s.set("id", arn)
	s.set("arn_suffix", suffix)
}

// synthListener: the load balancer's ARN with "listener" for
// "loadbalancer", then "/" + H(ADDR, 16).
func synthListener(s *synth) {
	lb := s.stringValue("load_balancer_arn")
	arn := cty.Value(cty.UnknownVal(cty.String))
	if l := knownString(lb); l != "" {
		arn = cty.StringVal(strings.Replace(l, ":loadbalancer/", ":listener/", 1) + "/" + s.hash("", 16))
	}
	s.set("arn", arn)
	s.set("id", arn)
}

// synthListenerRule gives a rule the listener's ARN with listener-rule/
// and a suffix.
func synthListenerRule(s *synth) {
	arn := cty.Value(cty.UnknownVal(cty.String))
	if l := knownString(s.stringValue("listener_arn")); l != "" {
		arn = cty.StringVal(strings.Replace(l, ":listener/", ":listener-rule/", 1) + "/" + s.hash("", 16))
	}
	s.set("arn", arn)
	s.set("id", arn)
}

// synthACMCertificate gives a certificate its ARN and, for DNS
// validation, domain_validation_options keyed as the provider plans them:
// one element per distinct name of domain_name and
// subject_alternative_names, whose record name, type and value are known
// only after apply.
func synthACMCertificate(s *synth) {
	arn := s.set("arn", s.arn("acm", true, "certificate/"+uuidHash(s.addr)))
	s.set("id", arn)
	if method := s.str("validation_method"); method != "DNS" {
		return
	}
	names, ok := s.stringList("subject_alternative_names")
	domain := s.stringValue("domain_name")
	if !ok || !domain.IsKnown() || domain.IsNull() {
		s.set("domain_validation_options", cty.UnknownVal(cty.Set(validationOption)))
		return
	}
	names = append([]string{domain.AsString()}, names...)
	sort.Strings(names)
	var elems []cty.Value
	for i, n := range names {
		if i > 0 && names[i-1] == n {
			continue
		}
		elems = append(elems, cty.ObjectVal(map[string]cty.Value{
			"domain_name":           cty.StringVal(n),
			"resource_record_name":  cty.UnknownVal(cty.String),
			"resource_record_type":  cty.UnknownVal(cty.String),
			"resource_record_value": cty.UnknownVal(cty.String),
		}))
	}
	s.set("domain_validation_options", cty.SetVal(elems))
}

// validationOption is the type of an aws_acm_certificate's
// domain_validation_options element.
var validationOption = cty.Object(map[string]cty.Type{
	"domain_name": cty.String, "resource_record_name": cty.String,
	"resource_record_type": cty.String, "resource_record_value": cty.String,
})

func synthNamespace(s *synth) {
	id := s.setID("ns-" + alphabetHash(s.addr, 16, lowerAlnum))
	s.set("arn", s.arn("servicediscovery", true, "namespace/", id))
	s.setString("hosted_zone", "Z"+alphabetHash(s.addr+"#zone", 20, upperAlnum))
}

func synthDiscoveryService(s *synth) {
	id := s.setID("srv-" + alphabetHash(s.addr, 16, lowerAlnum))
	s.set("arn", s.arn("servicediscovery", true, "service/", id))
}

func synthSNSTopic(s *synth) {
	name := s.name("name", "name_prefix")
	arn := s.set("arn", s.arn("sns", true, name))
	s.set("id", arn)
}

func synthSQSQueue(s *synth) {
	name := s.name("name", "name_prefix")
	s.set("arn", s.arn("sqs", true, name))
	url := s.set("url", join("https://sqs.", s.regionVal(), ".amazonaws.com/"+s.p.account+"/", name))
	s.set("id", url)
}

func synthDynamoDBTable(s *synth) {
	name := s.get("name")
	s.set("arn", s.arn("dynamodb", true, "table/", name))
	s.set("id", name)
}

func synthLambda(s *synth) {
	name := s.get("function_name")
	s.set("arn", s.arn("lambda", true, "function:", name))
	s.set("id", name)
}

func synthASG(s *synth) {
	name := s.name("name", "name_prefix")
	s.set("id", name)
	s.set("arn", s.arn("autoscaling", true, "autoScalingGroup:"+uuidHash(s.addr)+":autoScalingGroupName/", name))
}
