// Package catalog describes vpctrace's stable codes: the reason codes that
// say why a call is blocked, and the codes of the diagnostics the readers
// and the engine report. Each code has a one-line summary and the rules of
// docs/aws-rules.md behind it; docs/reasons.md is generated from this
// package, and tests keep both in step with the code that uses the codes.
//
// It is also the one list of call kinds (Kinds): for each, its endpoint
// service, host, port, phase, principal, failure rank, row of the
// requirements table, stoppedReason form, a one-line description and its
// rules. Package sim builds calls and package sim/stopreason words their
// failures from it.
//
// The package imports nothing from the project, so that every other
// package can use it.
package catalog

import "strings"

// Entry describes one code.
type Entry struct {
	// Code is the code as it appears in results and diagnostics.
	Code string
	// Summary says in one line what the code means.
	Summary string
	// Rules are the numbers of the rules of docs/aws-rules.md behind the
	// code ("4.2.4"); empty for codes about the input itself.
	Rules []string
}

// Reasons lists every reason code, in the order of the JSON contract,
// then the codes added since.
var Reasons = []Entry{
	{"DNS_RESOLUTION_DISABLED", "The VPC's DNS resolution (enableDnsSupport) is off, so the Amazon resolver answers nothing.", []string{"3.1.2"}},
	{"DNS_NAME_NOT_FOUND", "A private hosted zone associated with the VPC owns the name but has no record for it.", []string{"3.3.2"}},
	{"DNS_RESOLVER_UNKNOWN", "The VPC asks custom DNS servers (a DHCP option set, a Resolver rule) whose answers the input does not give.", []string{"3.3.5", "3.4.2"}},
	{"NO_ROUTE", "No route of the subnet's route table (or of a transit gateway route table) matches the destination.", []string{"4.2.4", "4.4.1", "4.8.1"}},
	{"BLACKHOLE_ROUTE", "The route that matches leads to a target that no longer exists.", []string{"4.2.3"}},
	{"NO_PUBLIC_IP", "The route leads to an internet gateway, but the interface has no public IPv4 address.", []string{"4.4.1"}},
	{"NAT_NO_INTERNET", "The NAT gateway cannot reach the internet: it is private, has no Elastic IP, or its subnet has no route to an internet gateway.", []string{"4.5.1"}},
	{"NAT_INSTANCE_MISCONFIGURED", "The NAT instance checks source and destination, has no public IP, or its groups refuse the traffic.", []string{"4.6.1"}},
	{"SG_EGRESS_DENIED", "No egress rule of the sending interface's security groups allows the connection.", []string{"5.1.2"}},
	{"SG_INGRESS_DENIED", "No ingress rule of the receiving interface's security groups (an endpoint, a mount target, a NAT instance) allows the connection.", []string{"5.1.2"}},
	{"NACL_DENIED", "A network ACL on the path denies the packet or its reply.", []string{"5.2.3", "5.2.4"}},
	{"ENDPOINT_POLICY_DENIED", "The VPC endpoint's policy does not allow the call's action on its resource.", []string{"6.1.2", "6.3.1"}},
	{"NOT_TRANSITIVE", "The path borrows what another VPC cannot lend through a peering or a transit gateway: its internet gateway, NAT gateway or gateway endpoint.", []string{"4.5.3", "4.7.2", "4.8.7"}},
	{"TGW_NO_ROUTE", "A transit gateway route table has no route for the destination, or the attachment has no route table.", []string{"4.8.1", "4.8.2"}},
	{"EFS_NO_MOUNT_TARGET_IN_AZ", "The file system has no mount target in the task's Availability Zone.", []string{"3.8.1"}},
	{"UNSUPPORTED_BY_PLATFORM", "The feature needs a newer Fargate platform version or container agent.", []string{"1.3.13", "1.3.14", "1.4.5", "2.1.1"}},
	{"UNMODELED", "The path leaves what the input describes (a VPN, Direct Connect, a network it does not give), so the answer is unknown.", []string{"3.3.8", "3.9.5", "4.2.4", "4.8.6", "5.3.1", "10.11"}},
	{"INVALID_IMAGE_REFERENCE", "The container image is not a valid image reference, so the pull fails before any request.", []string{"1.2.10"}},
	{"DNS_FIREWALL_BLOCKED", "A Route 53 Resolver DNS Firewall rule associated with the VPC blocks the name (NXDOMAIN or NODATA), so it does not resolve.", []string{"3.9.1", "3.9.2"}},
	{"VPC_BPA_BLOCKED", "VPC Block Public Access drops the call at the internet gateway: the account blocks internet traffic in the Region and no exclusion lets the subnet's traffic through.", []string{"4.10.2", "4.10.3", "4.10.4"}},
	{"NETWORK_FIREWALL_DENIED", "An AWS Network Firewall on the path drops the call: a stateless or stateful rule, a domain list, or the policy's default action.", []string{"4.11.2", "4.11.3", "4.11.4", "4.11.5"}},
}

// Diagnostics lists every diagnostic code, by the package that reports it
// first. The same code may come from several readers with one meaning.
var Diagnostics = []Entry{
	// The model's validation (model.Validate), used by every reader.
	{"duplicate-id", "Two objects of one kind share an ID or name.", nil},
	{"unknown-reference", "A reference names an object the input does not declare.", nil},
	{"invalid-value", "A value has the wrong form or is out of range: a CIDR, a port, a region, a zone, an account ID.", nil},
	{"missing-field", "A field the object needs is not set.", nil},

	// The scenario reader (model/scenario).
	{"yaml-syntax", "The scenario is not well-formed YAML.", nil},
	{"unknown-key", "A scenario key the format does not define, usually a typo.", nil},
	{"duplicate-key", "A scenario key given twice in one mapping.", nil},
	{"wrong-type", "A scenario value of the wrong kind: a list where a mapping is expected, and so on.", nil},
	{"read-error", "A file could not be read: missing, not a regular file, or over the size limit.", nil},
	{"internal-error", "A bug in vpctrace, reported instead of a crash; please report it.", nil},
	{"no-ecs-workloads", "The input declares no ECS service and no task definition: nothing to trace.", nil},

	// The Terraform reader (model/terraform).
	{"hcl-syntax", "A Terraform file is not valid HCL, or nests deeper than vpctrace reads.", nil},
	{"invalid-expression", "A Terraform expression cannot be evaluated.", nil},
	{"cycle", "Terraform values depend on each other in a cycle.", nil},
	{"missing-variable", "A root variable without a default is given no value.", nil},
	{"undeclared-variable", "A value is given for a variable the root does not declare.", nil},
	{"module-not-found", "A module call's source is not on disk.", nil},
	{"module-not-installed", "A registry or remote module is not installed (run terraform init).", nil},
	{"module-cycle", "Modules call each other in a cycle.", nil},
	{"module-too-deep", "Module calls nest deeper than vpctrace follows.", nil},
	{"empty-module", "A module directory holds no Terraform files.", nil},
	{"module-outside-root", "A module source or a modules.json entry points outside the root.", nil},
	{"unsupported-function", "A Terraform function vpctrace does not implement.", nil},
	{"function-error", "A Terraform function call fails.", nil},
	{"unknown-after-apply", "A value is known only after apply; what depends on it may be unknown.", nil},
	{"impure-function", "A function whose value changes from run to run (timestamp, uuid) is taken as unknown.", nil},
	{"data-source-not-modelled", "A data source vpctrace does not emulate; its attributes are unknown.", nil},
	{"duplicate-declaration", "A block or name is declared twice.", nil},
	{"invalid-count", "A count is not a whole number of zero or more.", nil},
	{"invalid-for-each", "A for_each is not a map or a set of strings.", nil},
	{"unknown-instances", "A count or for_each is known only after apply, so the instances are unknown.", nil},
	{"no-region", "The input does not give its region: pass --region.", []string{"1.1.2"}},
	{"region-from-environment", "The region comes from AWS_REGION or AWS_DEFAULT_REGION.", nil},
	{"not-supported", "A Terraform feature vpctrace does not read.", nil},
	{"var-file", "A variable file cannot be read or parsed.", nil},
	{"variable-validation", "A variable's validation rule fails.", nil},
	{"plan-mismatch", "The plan and the root disagree about a resource.", nil},
	{"plan-of-another-root", "The plan was made from another root: none of its instances is declared.", nil},
	{"instances-from-plan", "Instance keys unknown in the root are taken from the plan.", nil},
	{"variables-from-plan", "Root variables are taken from the plan.", nil},
	{"region-from-plan", "The region is taken from the plan.", nil},

	// The Terraform mapping (model/tfmap).
	{"undetermined-value", "A value that decides a path is known only after apply or names an object the input does not describe.", nil},
	{"not-modelled", "A resource type or setting vpctrace ignores; it cannot change a verdict (aws-rules 10.39).", []string{"10.39"}},
	{"not-modelled-matters", "A resource type or setting vpctrace does not model that can change verdicts: the calls it can affect are unknown, and name it.", []string{"1.1.4", "1.1.5", "1.1.6"}},
	{"invalid-json", "A task definition's container_definitions is not valid JSON.", nil},
	{"duplicate-address", "Two resources have one address; the first is used.", nil},
	{"rule-without-peer", "A security group rule names no peer, so it allows nothing.", []string{"5.1.3"}},
	{"inferred-value", "A value the input does not give was worked out from how the input uses the object.", nil},
	{"aws-rejects-route", "AWS refuses the route: it has no target, or another route has its destination.", []string{"4.2.1"}},
	{"aws-rejects-nat-gateway-without-eip", "AWS refuses a public NAT gateway without an Elastic IP.", []string{"4.5.1"}},
	{"aws-rejects-security-group-vpc", "AWS refuses a security group on an interface of another VPC.", []string{"5.1.8"}},
	{"aws-rejects-transit-gateway-association", "AWS refuses a second route table association for one attachment.", []string{"4.8.3"}},
	{"aws-rejects-double-adoption", "Two resources adopt the same default object, which AWS holds once.", nil},
	{"aws-rejects-network-mode", "AWS refuses the task definition's network mode for its launch type.", []string{"2.2"}},

	// The plan and state reader (model/tfjson).
	{"json-syntax", "The plan or state is not well-formed JSON.", nil},
	{"not-terraform-json", "The JSON is not a plan or state printed by terraform show -json.", nil},
	{"unsupported-format-version", "The plan or state has a format_version vpctrace does not read.", nil},
	{"invalid-terraform-json", "The plan or state has values of the wrong JSON type.", nil},
	{"region-from-arns", "The region is taken from the ARNs, service names and zones in the plan or state.", []string{"1.1.2"}},

	// The account snapshot reader (model/snapshot).
	{"snapshot-invalid-json", "A file of the snapshot is not JSON, or a value has another JSON type than the AWS API gives it.", []string{"11.1.4"}},
	{"snapshot-not-recognised", "A JSON file of the folder is no AWS CLI response vpctrace reads; it is left out.", []string{"11.1.1"}},
	{"missing-from-snapshot", "The snapshot lacks a response or an object: the calls that depend on it are unknown, and the message names the command that supplies it.", []string{"11.1.2", "11.1.4"}},
	{"snapshot-conflict", "Files of the snapshot disagree: two regions or accounts, or one object described twice differently.", []string{"11.1.3", "11.1.5"}},

	// The engine (sim).
	{"awslogs-region-invalid", "A container's awslogs-region is not a region name.", []string{"1.3.2"}},
	{"awslogs-region-missing", "A container using awslogs names no region; the task's is used.", []string{"1.3.2"}},
	{"invalid-endpoint-policy", "A VPC endpoint's policy is not a valid policy document.", []string{"6.1.1"}},
	{"invalid-platform-version", "The platform version is not one Fargate has.", []string{"2.3"}},
	{"private-dns-conflict", "Two interface endpoints with private DNS serve one name in one VPC, which AWS refuses.", nil},
	{"private-dns-needs-vpc-dns", "An endpoint's private DNS needs the VPC's DNS support and DNS hostnames, which are off.", []string{"3.7.1"}},
	{"s3-inbound-only-needs-gateway", "An S3 interface endpoint's inbound-only private DNS needs an S3 gateway endpoint in the VPC.", []string{"3.2.4", "3.7.2"}},
	{"env-file-bucket-region", "An environment file's bucket region is not given; the task's region is used.", []string{"1.5.2"}},
	{"exec-log-bucket-region", "The region of an ECS Exec log bucket is not given; the task's region is used.", []string{"1.7.6"}},
	{"awslogs-mode-invalid", "A container's awslogs mode option is not blocking or non-blocking.", []string{"1.3.5"}},
	{"firelens-config-bucket-region", "A FireLens configuration file's bucket region is not given; the task's region is used.", []string{"1.3.9", "10.23"}},
	{"ipv6-only-image-uri", "An IPv6-only task pulls an ECR image by its IPv4-only URI; AWS requires the dual-stack URI.", []string{"4.9.9"}},
	{"no-capacity-in-az", "No container instance of the capacity is in the placement's Availability Zone.", []string{"2.6"}},
	{"phz-needs-vpc-dns", "A private hosted zone answers only when the VPC's DNS support and DNS hostnames are on.", []string{"3.1.3"}},
	{"unsupported-launch-type", "A launch type vpctrace does not trace (EXTERNAL).", nil},
	{"windows-foreign-layers", "Windows images may pull foreign layers from Microsoft's servers, which need an internet path.", []string{"1.2.7"}},
	{"zone-conflict", "Two private hosted zones, or a zone and an endpoint, claim one name.", nil},

	// Input detection (model/load).
	{"unreadable-input", "A PATH or stream cannot be read.", nil},
}

// ReasonAnchor is the HTML anchor docs/reasons.md gives a reason code's
// row ("NO_ROUTE" → "reason-NO_ROUTE"), which links such as SARIF's
// helpUri point at.
func ReasonAnchor(code string) string { return "reason-" + code }

// Reason returns the entry of a reason code.
func Reason(code string) (Entry, bool) { return find(Reasons, code) }

// Diagnostic returns the entry of a diagnostic code.
func Diagnostic(code string) (Entry, bool) { return find(Diagnostics, code) }

func find(entries []Entry, code string) (Entry, bool) {
	for _, e := range entries {
		if e.Code == code {
			return e, true
		}
	}
	return Entry{}, false
}

// RulesText writes rule numbers as messages cite them: "aws-rules 4.2.4,
// 4.4.1"; "" when there are none.
func RulesText(rules []string) string {
	if len(rules) == 0 {
		return ""
	}
	return "aws-rules " + strings.Join(rules, ", ")
}
