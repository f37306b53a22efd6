// Package awsprovider emulates, offline, what the hashicorp/aws provider
// computes while Terraform plans: the attributes of resource instances
// that a plan knows although the configuration does not set them, the
// values of data sources, tags_all, and the schema's attributes of each
// instance. Provider implements the contract of package providers, which
// the evaluator of package terraform calls; it holds every piece of AWS
// knowledge the evaluation needs.
//
// # Synthesized attributes
//
// A plan does not know IDs, ARNs and similar attributes, yet
// configurations reference them (vpc_id = aws_vpc.main.id). The provider
// gives them deterministic values computed from the instance address, so
// that a resource and every reference to it agree. An attribute the
// configuration sets is never replaced. Notation: H(s, n) is the first n
// hexadecimal digits of sha256(s); ADDR is the full instance address
// (`module.net.aws_subnet.private["a"]`); R the region of the resource's
// provider configuration; A the account given to New
// (terraform.Options.Account, else the one the input shows, else the
// placeholder 123456789012 for an unknown account, aws-rules 6.1.6);
// NAME, FAMILY, ...
// the resource's own attributes.
//
//	EC2 (ec2 helper)     id PREFIX+H(ADDR,17), arn arn:aws:ec2:R:A:TYPE/ID, owner_id A:
//	                     aws_vpc vpc-/vpc, aws_subnet subnet-/subnet,
//	                     aws_route_table rtb-/route-table, aws_internet_gateway igw-/internet-gateway,
//	                     aws_security_group sg-/security-group, aws_network_acl acl-/network-acl,
//	                     aws_vpc_endpoint vpce-/vpc-endpoint, aws_ec2_transit_gateway tgw-/transit-gateway,
//	                     aws_ec2_transit_gateway_route_table tgw-rtb-/transit-gateway-route-table,
//	                     aws_vpc_peering_connection pcx-/vpc-peering-connection, aws_instance i-/instance,
//	                     aws_network_interface eni-/network-interface, aws_vpc_dhcp_options dopt-/dhcp-options,
//	                     aws_ec2_managed_prefix_list pl-/prefix-list (version 1),
//	                     aws_launch_template lt-/launch-template (latest_version, default_version 1),
//	                     aws_flow_log fl-/vpc-flow-log,
//	                     aws_vpc_security_group_{ingress,egress}_rule sgr-/security-group-rule
//	id only              aws_egress_only_internet_gateway eigw-, aws_nat_gateway nat-,
//	                     aws_ec2_transit_gateway_vpc_attachment tgw-attach- (vpc_owner_id A),
//	                     aws_route_table_association rtbassoc-, aws_main_route_table_association rtbassoc-,
//	                     aws_network_acl_association aclassoc-, aws_eip_association eipassoc-,
//	                     aws_vpc_endpoint_{subnet,route_table,security_group}_association a-,
//	                     aws_vpc_ipv4_cidr_block_association vpc-cidr-assoc-
//	aws_vpc              main_route_table_id = default_route_table_id = rtb-H(ADDR+"#main",17),
//	                     default_network_acl_id acl-H(ADDR+"#default",17),
//	                     default_security_group_id sg-H(ADDR+"#default",17);
//	                     with assign_generated_ipv6_cidr_block: ipv6_cidr_block
//	                     2600:1fXX:XXXX:XX00::/56 from H(ADDR+"#ipv6",8)
//	aws_default_route_table, aws_default_network_acl
//	                     id = default_route_table_id / default_network_acl_id
//	aws_default_security_group
//	                     id = the VPC's (vpc_id) default_security_group_id, name "default"
//	aws_main_route_table_association
//	                     original_route_table_id = the VPC's main_route_table_id
//	aws_subnet           availability_zone_id from the AZ letter (ap-northeast-1: a=apne1-az4,
//	                     c=apne1-az1, d=apne1-az2; elsewhere the letter's position, us-east-1b=use1-az2)
//	aws_route            id "r-"+route_table_id+CRC-32 of the destination (decimal)
//	aws_security_group_rule, aws_network_acl_rule
//	                     id sgrule-/nacl- + ten digits from sha256(ADDR)
//	aws_eip              id = allocation_id eipalloc-H(ADDR,17), public_ip 203.0.113.N
//	                     (N = 1 + first byte of H(ADDR+"#ip") mod 254), public_dns
//	aws_nat_gateway      network_interface_id eni-H(ADDR+"#eni",17); with allocation_id:
//	                     association_id eipassoc-H(ADDR+"#eip",17), public_ip the EIP's
//	aws_instance         primary_network_interface_id eni-H(ADDR+"#eni",17)
//	aws_vpc_endpoint     Gateway (the default type): prefix_list_id pl-H(service_name,8), the
//	                     same ID as the aws_ec2_managed_prefix_list / aws_prefix_list data
//	                     sources give that service. Interface: network_interface_ids
//	                     eni-H(ADDR+"#"+SUBNET_ID,17) per subnet, dns_entry
//	                     [{dns_name = ID+"-"+H(ADDR+"#dns",8)+"."+SVC+"."+R+".vpce.amazonaws.com",
//	                     hosted_zone_id}] followed by one zonal entry per AZ of the subnets
//	                     (ID+"-"+H8+"-"+AZ+"."+SVC+...), sorted; SVC is service_name without
//	                     "com.amazonaws.R."; hosted_zone_id "Z"+13 upper-case characters from
//	                     sha256(R+"#vpce")
//	aws_ec2_transit_gateway
//	                     association_default_route_table_id = propagation_default_route_table_id
//	                     tgw-rtb-H(ADDR+"#default",17) unless both defaults are "disable"
//	aws_ec2_transit_gateway_route(_table_association|_table_propagation)
//	                     id ROUTE_TABLE_ID+"_"+destination_cidr_block / attachment ID
//	aws_internet_gateway_attachment, aws_vpc_dhcp_options_association, aws_ec2_managed_prefix_list_entry
//	                     id joined: IGW:VPC, DOPT-VPC, PL,CIDR
//	aws_vpc_peering_connection_accepter, aws_vpc_endpoint_policy
//	                     id = vpc_peering_connection_id / vpc_endpoint_id
//	aws_efs_file_system  id fs-H(ADDR,17), arn arn:aws:elasticfilesystem:R:A:file-system/ID,
//	                     dns_name ID.efs.R.amazonaws.com
//	aws_efs_mount_target id fsmt-H(ADDR,17), availability_zone_name (the subnet's AZ),
//	                     mount_target_dns_name AZ.FS.efs.R.amazonaws.com, dns_name,
//	                     file_system_arn, network_interface_id eni-H(ADDR+"#eni",17)
//	aws_efs_access_point id fsap-H(ADDR,17), arn .../access-point/ID
//	aws_route53_zone     zone_id = id "Z"+20 upper-case characters from sha256(ADDR),
//	                     arn arn:aws:route53:::hostedzone/ID
//	aws_route53_record   id ZONE_ID_NAME_TYPE, fqdn NAME(.ZONE_NAME unless already in it)
//	aws_route53_zone_association
//	                     id ZONE_ID:VPC_ID
//	aws_ecs_cluster      arn = id arn:aws:ecs:R:A:cluster/NAME
//	aws_ecs_capacity_provider
//	                     arn = id arn:aws:ecs:R:A:capacity-provider/NAME
//	aws_ecs_task_definition
//	                     revision 1, arn arn:aws:ecs:R:A:task-definition/FAMILY:1,
//	                     arn_without_revision, id FAMILY
//	aws_ecs_service      id arn:aws:ecs:R:A:service/CLUSTER/NAME (CLUSTER the last "/" part of
//	                     cluster, "default" when unset)
//	aws_ecr_repository   id NAME, registry_id A, arn arn:aws:ecr:R:A:repository/NAME,
//	                     repository_url A.dkr.ecr.R.amazonaws.com/NAME
//	aws_secretsmanager_secret
//	                     arn = id arn:aws:secretsmanager:R:A:secret:NAME-XXXXXX (six letters and
//	                     digits from sha256(ADDR+"#suffix"))
//	aws_secretsmanager_secret_version
//	                     arn the secret's, version_id a UUID from sha256(ADDR), id SECRET|VERSION
//	aws_ssm_parameter    id NAME, arn arn:aws:ssm:R:A:parameter/NAME (leading "/" dropped), version 1
//	aws_cloudwatch_log_group
//	                     id NAME, arn arn:aws:logs:R:A:log-group:NAME
//	aws_networkfirewall_firewall, aws_networkfirewall_firewall_policy,
//	aws_networkfirewall_rule_group
//	                     arn = id arn:aws:network-firewall:R:A:firewall/NAME,
//	                     firewall-policy/NAME, stateful-rulegroup/NAME or
//	                     stateless-rulegroup/NAME (by type); firewall_status stays unknown
//	aws_s3_bucket        id = bucket, arn arn:aws:s3:::BUCKET, bucket_domain_name,
//	                     bucket_regional_domain_name BUCKET.s3.R.amazonaws.com, region R
//	aws_s3_object        id KEY, arn arn:aws:s3:::BUCKET/KEY; any aws_s3_bucket_* gets a generic id
//	aws_iam_role, aws_iam_user, aws_iam_instance_profile
//	                     id NAME, arn arn:aws:iam::A:role|user|instance-profile{path}NAME,
//	                     unique_id AROA/AIDA/AIPA + 17 upper-case characters
//	aws_iam_policy       arn = id arn:aws:iam::A:policy{path}NAME, policy_id ANPA...
//	aws_iam_role_policy(_attachment)
//	                     id ROLE:NAME / ROLE-H(ADDR,26)
//	aws_kms_key, aws_kms_alias
//	                     key_id = id a UUID from sha256(ADDR), arn arn:aws:kms:R:A:key/ID;
//	                     alias arn arn:aws:kms:R:A:NAME
//	aws_lb, aws_lb_target_group, aws_lb_listener (and aws_alb_*)
//	                     arn = id arn:aws:elasticloadbalancing:R:A:loadbalancer/app|net/NAME/H(ADDR,16),
//	                     targetgroup/NAME/H16, the LB's arn with listener/ + "/"+H16; dns_name
//	aws_service_discovery_private_dns_namespace, aws_service_discovery_service
//	                     id ns-/srv- + 16 characters, arn, hosted_zone
//	aws_sns_topic, aws_sqs_queue, aws_dynamodb_table, aws_lambda_function,
//	aws_autoscaling_group, aws_cloudwatch_log_stream
//	                     arn (and id: ARN, queue URL, NAME) in the service's ARN format
//	any other type       id TYPE-H(ADDR,17), TYPE without "aws_" and with "-" for "_"
//
// Names the provider would generate (a security group, role, bucket, log
// group, ... without name) are NAME_PREFIX or "terraform-" followed by
// H(ADDR+"#name", 26).
//
// # Data sources
//
// aws_region (name, region, id, endpoint), aws_caller_identity
// (account_id, arn arn:aws:iam::A:user/vpctrace, user_id), aws_partition,
// aws_availability_zones (names a, b, c in the region; a, c, d in
// ap-northeast-1; zone_ids as above; exclude_names and exclude_zone_ids
// apply), aws_availability_zone, aws_ec2_managed_prefix_list and
// aws_prefix_list (AWS-managed lists by name or a prefix-list-name
// filter: id pl-H(NAME,8), arn arn:aws:ec2:R:aws:prefix-list/ID, owner_id
// AWS), aws_vpc_endpoint_service (service or service_name; service_type
// defaults to Gateway for s3 and dynamodb, else Interface;
// base_endpoint_dns_names, private_dns_name), aws_iam_policy_document
// (json, minified_json and id exactly as the AWS provider renders them),
// aws_arn (its parts) and aws_default_tags (the provider configuration's
// default tags). The look-ups (aws_vpc, aws_subnet, aws_subnets,
// aws_security_group, aws_route_table, ...: see lookups) are answered
// from the resources the root itself declares, when exactly what they
// look for is there.
package awsprovider
