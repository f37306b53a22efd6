package sim_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/sim"
)

// The expectations below come from the rules of docs/aws-rules.md (cited by
// section) and the contracts of docs/architecture.md, not from the engine's output.
// The scenarios are in testdata/scenarios; each file's header says what it
// shows.
//
// A placement that is not reachable is decided by the steps that found its
// blockers only: its trace may go on past a block to find more blockers
// (architecture.md "The trace model"), but a dropped packet is not delivered, so no
// "deliver delivered" step may follow (see deciding in harness_test.go).

// apne1 prefixes the endpoint service names of the task region.
const apne1 = "com.amazonaws.ap-northeast-1."

// appCalls are the calls of a task with a private ECR image and the
// awslogs driver (aws-rules 1.2.2, 1.3.1), in docs/architecture.md kind order.
var appCalls = []sim.CallKind{sim.CallECRAuth, sim.CallECRImage, sim.CallECRLayers, sim.CallLogs}

// serviceOf names the service a call of kind is delivered to (the deliver
// hop): the endpoint service, or the host for calls that have none.
var serviceOf = map[sim.CallKind]string{
	sim.CallECRAuth:      apne1 + "ecr.api",
	sim.CallECRImage:     apne1 + "ecr.dkr",
	sim.CallECRLayers:    apne1 + "s3",
	sim.CallLogs:         apne1 + "logs",
	sim.CallSecret:       apne1 + "secretsmanager",
	sim.CallParameter:    apne1 + "ssm",
	sim.CallEnvFile:      apne1 + "s3",
	sim.CallFirelens:     apne1 + "s3",
	sim.CallECSAPI:       apne1 + "ecs",
	sim.CallECSAgent:     apne1 + "ecs-agent",
	sim.CallECSTelemetry: apne1 + "ecs-telemetry",
	sim.CallRegistryPull: "registry-1.docker.io",
	sim.CallEFS:          "fs-0123456789abcdef0.efs.ap-northeast-1.amazonaws.com",
	sim.CallPTCUpstream:  "registry-1.docker.io",
	sim.CallExec:         apne1 + "ssmmessages",
	sim.CallExecLogs:     apne1 + "logs",
	sim.CallExecS3:       apne1 + "s3",
}

// delivered is the deciding step of a reachable placement.
func delivered(kind sim.CallKind) []string {
	return []string{serviceOf[kind] + ": deliver delivered"}
}

// reachedFrom is a reachable placement.
func reachedFrom(subnet string, kind sim.CallKind, via sim.Via) placementOutcome {
	return placementOutcome{Subnet: subnet, Verdict: sim.Reachable, Via: via, Deciding: delivered(kind)}
}

// blockedFrom is a placement that is not reachable: its verdict, its first
// blocker as the reason, and the steps that found the blockers.
func blockedFrom(subnet string, v sim.Verdict, reason sim.Reason, deciding ...string) placementOutcome {
	return placementOutcome{Subnet: subnet, Verdict: v, Reason: reason, Deciding: deciding}
}

// reaches is a call that is reachable from its only placement.
func reaches(kind sim.CallKind, subnet string, via sim.Via) outcome {
	return outcome{Kind: kind, Verdict: sim.Reachable, Via: via, Blockers: []sim.Reason{},
		Placements: []placementOutcome{reachedFrom(subnet, kind, via)}}
}

// fails is a call that is not reachable from its only placement, with
// every blocker found on the path (the first is the reason) and the steps
// that found them.
func fails(kind sim.CallKind, subnet string, v sim.Verdict, blockers []sim.Reason, deciding ...string) outcome {
	return outcome{Kind: kind, Verdict: v, Reason: blockers[0], Blockers: blockers,
		Placements: []placementOutcome{blockedFrom(subnet, v, blockers[0], deciding...)}}
}

func unreachable(kind sim.CallKind, subnet string, blockers []sim.Reason, deciding ...string) outcome {
	return fails(kind, subnet, sim.Unreachable, blockers, deciding...)
}

func unknown(kind sim.CallKind, subnet string, blockers []sim.Reason, deciding ...string) outcome {
	return fails(kind, subnet, sim.Unknown, blockers, deciding...)
}

// each builds one outcome per kind.
func each(kinds []sim.CallKind, f func(sim.CallKind) outcome) []outcome {
	out := make([]outcome, len(kinds))
	for i, k := range kinds {
		out[i] = f(k)
	}
	return out
}

func reasons(rs ...sim.Reason) []sim.Reason { return rs }

// Stopped reasons ECS reports (aws-rules 7.3), as prefixes.
const (
	// 7.3.2, the newer form vpctrace uses for ecr-auth (7.1.4).
	stopECRAuth = "ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration."
	// 7.3.8, image manifest (ecr-image, registry-pull).
	stopManifest = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref "
	// 7.3.9, image layers. The word after "copy: " is left out: aws-rules
	// writes httpReadSeeker, the engine (and AWS's page) httpReaderSeeker.
	stopLayers = "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: "
	// 7.5.1, the EC2 awslogs driver.
	stopEC2Logs = "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: "
	// 7.3.7, the newer Fargate awslogs form.
	stopFargateLogs = "ResourceInitializationError: failed to validate logger args: The task cannot find the Amazon CloudWatch log group"
	// 7.5.5: a logs failure that stops the task only in blocking mode.
	stopLogsUndetermined = "(undetermined) Whether this stops the task is not known: on the EC2 launch type it does only if container app is in blocking mode"
	// 7.5.4, the agent's FireLens resource error.
	stopFirelens = "ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:123456789012:task/main/<task-id>: unable to download firelens s3 config file: unable to download s3 config fluent-bit/extra.conf from bucket example-log-config: AccessDenied: "
	// 7.5.6: ECS refuses a FireLens configuration file from S3 on Fargate.
	stopFirelensFargate = "(no stopped task) ECS rejects the task definition or the service: FireLens configuration files from Amazon S3 (config-file-type s3) need the EC2 launch type"
	// 7.3.11, an EFS name that does not resolve.
	stopEFSresolve = `ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-0123456789abcdef0.efs.ap-northeast-1.amazonaws.com" - check that your file system ID is correct`
)

type reasonCase struct {
	name     string // the aws-rules rule the row encodes
	scenario string // testdata/scenarios/NAME.yaml
	workload string
	want     []outcome
	starts   bool
	// stoppedFrom is the expected prefix of the stoppedReason; stoppedEnds
	// its expected end. When the task does not start and both are empty,
	// only a non-empty stoppedReason is required (the wording of unknown
	// verdicts and of refused requests is not recorded, aws-rules 7.4.4).
	stoppedFrom, stoppedEnds string
}

// reasonCases covers every reason code of docs/architecture.md, and the reachable
// paths around them, with small scenarios.
func reasonCases() []reasonCase {
	return []reasonCase{
		// ---- DNS (dns.yaml) ----
		{
			name:     "3.1.2 enableDnsSupport off: nothing resolves, public names included",
			scenario: "dns", workload: "no-dns",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unreachable(k, "no-dns-private", reasons(sim.DNSResolutionDisabled),
					"AmazonProvidedDNS of no-dns (10.1.0.2): dns failed DNS_RESOLUTION_DISABLED")
			}),
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "3.4.2 custom DHCP name servers: the answers are unknown",
			scenario: "dns", workload: "custom-dns",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unknown(k, "custom-dns-private", reasons(sim.DNSResolverUnknown),
					"DHCP options corp-dns name servers: dns unknown DNS_RESOLVER_UNKNOWN")
			}),
		},
		{
			name:     "3.4.2 DHCP name server equal to the VPC resolver is AmazonProvidedDNS",
			scenario: "dns", workload: "amazon-dhcp",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return reaches(k, "amazon-dhcp-private", sim.ViaNATGateway)
			}),
			starts: true,
		},
		{
			// ecr-auth: the endpoint's own zone is more specific (3.3.1);
			// logs: alias to an undescribed vpce name (3.3.4).
			name:     "3.3.2 private zone ap-northeast-1.amazonaws.com without the record hides the name",
			scenario: "dns", workload: "shadowed",
			want: []outcome{
				reaches(sim.CallECRAuth, "shadowed-private", sim.ViaInterfaceEndpoint),
				unreachable(sim.CallECRImage, "shadowed-private", reasons(sim.DNSNameNotFound),
					"AmazonProvidedDNS of shadowed (10.4.0.2): dns failed DNS_NAME_NOT_FOUND"),
				unreachable(sim.CallECRLayers, "shadowed-private", reasons(sim.DNSNameNotFound),
					"AmazonProvidedDNS of shadowed (10.4.0.2): dns failed DNS_NAME_NOT_FOUND"),
				unknown(sim.CallLogs, "shadowed-private", reasons(sim.Unmodeled),
					"AmazonProvidedDNS of shadowed (10.4.0.2): dns unknown UNMODELED"),
			},
			stoppedFrom: stopManifest,
			stoppedEnds: ": no such host", // 7.2.2: NXDOMAIN
		},

		// ---- Routing (routing.yaml) ----
		{
			name:     "4.4.2 private subnet with 0.0.0.0/0 to a NAT gateway reaches every service",
			scenario: "routing", workload: "via-nat",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return reaches(k, "private-a", sim.ViaNATGateway)
			}),
			starts: true,
		},
		{
			name:     "4.3.2 the S3 prefix-list route beats 0.0.0.0/0 to the NAT gateway",
			scenario: "routing", workload: "s3-gateway",
			want: []outcome{
				reaches(sim.CallECRAuth, "s3-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "s3-a", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "s3-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "s3-a", sim.ViaNATGateway),
			},
			starts: true,
		},
		{
			name:     "1.2.6 a Docker Hub image needs the internet: registry-pull via the NAT gateway",
			scenario: "routing", workload: "dockerhub",
			want:   []outcome{reaches(sim.CallRegistryPull, "private-a", sim.ViaNATGateway)},
			starts: true,
		},
		{
			name:     "4.4.1 public subnet and a public IP reach the internet gateway",
			scenario: "routing", workload: "public-ip",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return reaches(k, "public-a", sim.ViaInternetGateway)
			}),
			starts: true,
		},
		{
			name:     "4.4.1 internet gateway route without a public IP (assignPublicIp DISABLED, 2.5)",
			scenario: "routing", workload: "public-no-ip",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unreachable(k, "public-a", reasons(sim.NoPublicIP), "igw: public-ip denied NO_PUBLIC_IP")
			}),
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "4.2.4 only the local route: NO_ROUTE",
			scenario: "routing", workload: "isolated",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unreachable(k, "isolated-a", reasons(sim.NoRoute), "isolated: route dropped NO_ROUTE")
			}),
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "4.2.3 route to a deleted NAT gateway is a blackhole, with no fallback",
			scenario: "routing", workload: "blackhole",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unreachable(k, "stale-a", reasons(sim.BlackholeRoute), "stale: route dropped BLACKHOLE_ROUTE")
			}),
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "4.2.4 0.0.0.0/0 to a virtual private gateway leaves the model",
			scenario: "routing", workload: "vpn",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unknown(k, "vpn-a", reasons(sim.Unmodeled), "to-vpn: route unknown UNMODELED")
			}),
		},
		{
			// architecture.md "Verdicts and via": the article's experiment, NO_ROUTE.
			name:     "3.2.5 endpoint private DNS off: the public name has no route",
			scenario: "seed-secretsmanager-private-dns-off", workload: "app",
			want: []outcome{
				reaches(sim.CallECRAuth, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "private-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "private-a", sim.ViaInterfaceEndpoint),
				unreachable(sim.CallSecret, "private-a", reasons(sim.NoRoute), "private-a: route dropped NO_ROUTE"),
				reaches(sim.CallParameter, "private-a", sim.ViaInterfaceEndpoint),
			},
			stoppedFrom: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf from secrets manager: ", // 7.3.3
		},

		// ---- NAT (nat.yaml) ----
		{
			name:     "4.5.1 NAT gateway whose subnet has no route to an internet gateway",
			scenario: "nat", workload: "stranded-nat",
			want: []outcome{unreachable(sim.CallRegistryPull, "app-a", reasons(sim.NATNoInternet),
				"stranded: nat dropped NAT_NO_INTERNET")},
			stoppedFrom: stopManifest,
		},
		{
			name:     "4.5.1 a private NAT gateway cannot use the internet gateway",
			scenario: "nat", workload: "private-nat",
			want: []outcome{unreachable(sim.CallRegistryPull, "app-b", reasons(sim.NATNoInternet),
				"private: nat dropped NAT_NO_INTERNET")},
			stoppedFrom: stopManifest,
		},
		{
			name:     "4.6.1 NAT instance with source/destination check on (the default)",
			scenario: "nat", workload: "nat-check-on",
			want: []outcome{unreachable(sim.CallRegistryPull, "app-c", reasons(sim.NATInstanceMisconfigured),
				"nat-check-on: nat dropped NAT_INSTANCE_MISCONFIGURED")},
			stoppedFrom: stopManifest,
		},
		{
			name:     "4.6.1 NAT instance with the check off and a public IP",
			scenario: "nat", workload: "nat-instance",
			want:   []outcome{reaches(sim.CallRegistryPull, "app-d", sim.ViaNATInstance)},
			starts: true,
		},

		// ---- Security groups and network ACLs (filters.yaml) ----
		{
			name:     "5.1.4 endpoints admitting the task's group: every call reachable",
			scenario: "filters", workload: "ok",
			want: []outcome{
				reaches(sim.CallECRAuth, "app-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "app-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "app-a", sim.ViaInterfaceEndpoint),
			},
			starts: true,
		},
		{
			// The endpoints admit only members of "app", so the interface
			// endpoint calls also meet SG_INGRESS_DENIED: the trace names
			// every blocker (architecture.md "The trace model").
			name:     "5.1.2 task group with no egress rules: SG_EGRESS_DENIED, the S3 path included",
			scenario: "filters", workload: "sg-egress",
			want: []outcome{
				unreachable(sim.CallECRAuth, "app-a", reasons(sim.SGEgressDenied, sim.SGIngressDenied),
					"task ENI in app-a: security-group denied SG_EGRESS_DENIED",
					"ENI of endpoint ecr-api in endpoints-a (10.0.0.0/24): security-group denied SG_INGRESS_DENIED"),
				unreachable(sim.CallECRImage, "app-a", reasons(sim.SGEgressDenied, sim.SGIngressDenied),
					"task ENI in app-a: security-group denied SG_EGRESS_DENIED",
					"ENI of endpoint ecr-dkr in endpoints-a (10.0.0.0/24): security-group denied SG_INGRESS_DENIED"),
				unreachable(sim.CallECRLayers, "app-a", reasons(sim.SGEgressDenied),
					"task ENI in app-a: security-group denied SG_EGRESS_DENIED"),
				unreachable(sim.CallLogs, "app-a", reasons(sim.SGEgressDenied, sim.SGIngressDenied),
					"task ENI in app-a: security-group denied SG_EGRESS_DENIED",
					"ENI of endpoint logs in endpoints-a (10.0.0.0/24): security-group denied SG_INGRESS_DENIED"),
			},
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "5.1.2 endpoint group without an ingress rule for the task; the gateway endpoint has no group",
			scenario: "filters", workload: "sg-ingress",
			want: []outcome{
				unreachable(sim.CallECRAuth, "app-a", reasons(sim.SGIngressDenied),
					"ENI of endpoint ecr-api in endpoints-a (10.0.0.0/24): security-group denied SG_INGRESS_DENIED"),
				unreachable(sim.CallECRImage, "app-a", reasons(sim.SGIngressDenied),
					"ENI of endpoint ecr-dkr in endpoints-a (10.0.0.0/24): security-group denied SG_INGRESS_DENIED"),
				reaches(sim.CallECRLayers, "app-a", sim.ViaGatewayEndpoint),
				unreachable(sim.CallLogs, "app-a", reasons(sim.SGIngressDenied),
					"ENI of endpoint logs in endpoints-a (10.0.0.0/24): security-group denied SG_INGRESS_DENIED"),
			},
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "5.2.3 custom ACL without the inbound rule for the return traffic",
			scenario: "filters", workload: "nacl",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unreachable(k, "nacl-a", reasons(sim.NACLDenied), "no-return: nacl denied NACL_DENIED")
			}),
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "5.2.4 return rule covering only part of the Linux ephemeral range",
			scenario: "filters", workload: "nacl-partial",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unreachable(k, "partial-a", reasons(sim.NACLDenied), "windows-return: nacl denied NACL_DENIED")
			}),
			stoppedFrom: stopECRAuth,
		},

		// ---- The default security group (default-security-group.yaml) ----
		{
			name:     "5.1.5 task and endpoints both in the VPC's default group, which admits its members",
			scenario: "default-security-group", workload: "default-group",
			want: []outcome{
				reaches(sim.CallECRAuth, "private-c", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "private-c", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "private-c", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "private-c", sim.ViaInterfaceEndpoint),
			},
			starts: true,
		},
		{
			name:     "5.1.5 endpoints in the default group do not admit a task in another group",
			scenario: "default-security-group", workload: "own-group",
			want: []outcome{
				unreachable(sim.CallECRAuth, "private-c", reasons(sim.SGIngressDenied),
					"ENI of endpoint ecr-api in private-a (10.0.1.0/24): security-group denied SG_INGRESS_DENIED"),
				unreachable(sim.CallECRImage, "private-c", reasons(sim.SGIngressDenied),
					"ENI of endpoint ecr-dkr in private-a (10.0.1.0/24): security-group denied SG_INGRESS_DENIED"),
				reaches(sim.CallECRLayers, "private-c", sim.ViaGatewayEndpoint),
				unreachable(sim.CallLogs, "private-c", reasons(sim.SGIngressDenied),
					"ENI of endpoint logs in private-a (10.0.1.0/24): security-group denied SG_INGRESS_DENIED"),
			},
			stoppedFrom: stopECRAuth,
		},

		// ---- Endpoint policies (endpoint-policy.yaml) ----
		{
			name:     "6.3.1 S3 endpoint policy conditioned on aws:PrincipalAccount denies ECR layers",
			scenario: "endpoint-policy", workload: "perimeter",
			want: []outcome{
				reaches(sim.CallECRAuth, "trap-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "trap-a", sim.ViaInterfaceEndpoint),
				unreachable(sim.CallECRLayers, "trap-a", reasons(sim.EndpointPolicyDenied),
					"s3-perimeter: endpoint-policy denied ENDPOINT_POLICY_DENIED"),
				reaches(sim.CallLogs, "trap-a", sim.ViaInterfaceEndpoint),
				// The execution role is in the account: the condition matches.
				reaches(sim.CallEnvFile, "trap-a", sim.ViaGatewayEndpoint),
			},
			stoppedFrom: stopLayers,
			stoppedEnds: ": 403 Forbidden", // 7.3.9: a policy denial
		},
		{
			name:     "6.3.1 the data-perimeter fix: an unconditioned Allow for the layer bucket",
			scenario: "endpoint-policy", workload: "perimeter-fixed",
			want: []outcome{
				// AZ c reaches the endpoints' ENIs in AZ a (9.3).
				reaches(sim.CallECRAuth, "fixed-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "fixed-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "fixed-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "fixed-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallEnvFile, "fixed-a", sim.ViaGatewayEndpoint),
			},
			starts: true,
		},

		// ---- Peering (peering.yaml) ----
		{
			name:     "4.7.2 a peer's NAT and internet gateways cannot be borrowed",
			scenario: "peering", workload: "app",
			want: each(appCalls, func(k sim.CallKind) outcome {
				return unreachable(k, "app-a", reasons(sim.NotTransitive), "app-egress: peering dropped NOT_TRANSITIVE")
			}),
			stoppedFrom: stopECRAuth,
		},

		// ---- Transit gateway (transit.yaml) ----
		{
			name:     "4.5.3 spoke through a transit gateway: hub endpoints by alias (3.2.6), hub NAT for the rest",
			scenario: "transit", workload: "spoke",
			want: []outcome{
				reaches(sim.CallECRAuth, "spoke-a-1a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "spoke-a-1a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "spoke-a-1a", sim.ViaNATGateway),
				reaches(sim.CallLogs, "spoke-a-1a", sim.ViaInterfaceEndpoint),
			},
			starts: true,
		},
		{
			name:     "4.8.1 attachment without a subnet in the task's AZ: the worst placement decides",
			scenario: "transit", workload: "spoke-two-az",
			want: each(appCalls, func(k sim.CallKind) outcome {
				via := sim.ViaInterfaceEndpoint
				if k == sim.CallECRLayers {
					via = sim.ViaNATGateway
				}
				return outcome{Kind: k, Verdict: sim.Unreachable, Reason: sim.TGWNoRoute, Blockers: reasons(sim.TGWNoRoute),
					Placements: []placementOutcome{
						reachedFrom("spoke-a-1a", k, via),
						blockedFrom("spoke-a-1c", sim.Unreachable, sim.TGWNoRoute,
							"att-spoke-a: transit-gateway dropped TGW_NO_ROUTE"),
					}}
			}),
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "4.8.4 hub without a route back to the spoke: the replies are lost",
			scenario: "transit", workload: "spoke-b",
			want: []outcome{
				unreachable(sim.CallECRAuth, "spoke-b-1a", reasons(sim.NoRoute), "hub-endpoints: route dropped NO_ROUTE"),
				unreachable(sim.CallECRImage, "spoke-b-1a", reasons(sim.NoRoute), "hub-endpoints: route dropped NO_ROUTE"),
				unreachable(sim.CallECRLayers, "spoke-b-1a", reasons(sim.NoRoute), "hub-public: route dropped NO_ROUTE"),
				unreachable(sim.CallLogs, "spoke-b-1a", reasons(sim.NoRoute), "hub-endpoints: route dropped NO_ROUTE"),
			},
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "4.8.2 transit gateway route table without 0.0.0.0/0",
			scenario: "transit", workload: "spoke-c",
			want: []outcome{
				reaches(sim.CallECRAuth, "spoke-c-1a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "spoke-c-1a", sim.ViaInterfaceEndpoint),
				unreachable(sim.CallECRLayers, "spoke-c-1a", reasons(sim.TGWNoRoute), "tgw: transit-gateway dropped TGW_NO_ROUTE"),
				reaches(sim.CallLogs, "spoke-c-1a", sim.ViaInterfaceEndpoint),
			},
			stoppedFrom: stopLayers,
			stoppedEnds: ":443: i/o timeout", // 7.3.9: a network failure
		},

		// ---- EFS and platform versions (efs.yaml) ----
		{
			name:     "1.6.3 EFS mount target in the task's AZ: via local",
			scenario: "efs", workload: "efs-a",
			want: []outcome{
				reaches(sim.CallRegistryPull, "private-a", sim.ViaNATGateway),
				reaches(sim.CallEFS, "private-a", sim.ViaLocal),
			},
			starts: true,
		},
		{
			name:     "3.8.1 no EFS mount target in the task's AZ",
			scenario: "efs", workload: "efs-c",
			want: []outcome{
				reaches(sim.CallRegistryPull, "private-c", sim.ViaNATGateway),
				unreachable(sim.CallEFS, "private-c", reasons(sim.EFSNoMountTargetInAZ),
					"AmazonProvidedDNS of main (10.0.0.2): dns failed EFS_NO_MOUNT_TARGET_IN_AZ"),
			},
			stoppedFrom: stopEFSresolve,
		},
		{
			name:     "9.4 service in two AZs, mount target in one: per-placement outcomes differ",
			scenario: "efs", workload: "efs-a-and-c",
			want: []outcome{
				{Kind: sim.CallRegistryPull, Verdict: sim.Reachable, Via: sim.ViaNATGateway, Blockers: []sim.Reason{},
					Placements: []placementOutcome{
						reachedFrom("private-a", sim.CallRegistryPull, sim.ViaNATGateway),
						reachedFrom("private-c", sim.CallRegistryPull, sim.ViaNATGateway),
					}},
				{Kind: sim.CallEFS, Verdict: sim.Unreachable, Reason: sim.EFSNoMountTargetInAZ, Blockers: reasons(sim.EFSNoMountTargetInAZ),
					Placements: []placementOutcome{
						reachedFrom("private-a", sim.CallEFS, sim.ViaLocal),
						blockedFrom("private-c", sim.Unreachable, sim.EFSNoMountTargetInAZ,
							"AmazonProvidedDNS of main (10.0.0.2): dns failed EFS_NO_MOUNT_TARGET_IN_AZ"),
					}},
			},
			stoppedFrom: stopEFSresolve,
		},
		{
			name:     "2.1.1 environment files and EFS on Fargate 1.3.0 are unsupported",
			scenario: "efs", workload: "legacy",
			want: []outcome{
				reaches(sim.CallRegistryPull, "private-a", sim.ViaNATGateway),
				unreachable(sim.CallEnvFile, "private-a", reasons(sim.UnsupportedByPlatform), "legacy: platform denied UNSUPPORTED_BY_PLATFORM"),
				unreachable(sim.CallEFS, "private-a", reasons(sim.UnsupportedByPlatform), "legacy: platform denied UNSUPPORTED_BY_PLATFORM"),
			},
		},

		// ---- image references (image-reference.yaml) ----
		{
			// Only the image call, refused before any request: no
			// ecr-auth, no layers.
			name:     "1.2.10 an ECR repository with capitals is not a reference the runtime parses",
			scenario: "image-reference", workload: "upper-ecr",
			want: []outcome{unreachable(sim.CallECRImage, "public-a", reasons(sim.InvalidImageReference),
				"upper-ecr: platform denied INVALID_IMAGE_REFERENCE")},
			stoppedFrom: `InternalError: failed to normalize image reference "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/MyApp:latest"`,
		},
		{
			name:     "1.2.10 Docker refuses a Docker Hub image with capitals (Fargate 1.3.0)",
			scenario: "image-reference", workload: "upper-legacy",
			want: []outcome{unreachable(sim.CallRegistryPull, "public-a", reasons(sim.InvalidImageReference),
				"upper-legacy: platform denied INVALID_IMAGE_REFERENCE")},
			stoppedFrom: "CannotPullContainerError: invalid reference format: repository name (library/MyApp) must be lowercase",
		},
		{
			name:     "1.2.10 ECS allows # in an image, the reference grammar does not",
			scenario: "image-reference", workload: "number-sign",
			want: []outcome{unreachable(sim.CallRegistryPull, "public-a", reasons(sim.InvalidImageReference),
				"number-sign: platform denied INVALID_IMAGE_REFERENCE")},
			stoppedFrom: `InternalError: failed to normalize image reference "nginx:1.27#2"`,
		},
		{
			name:     "1.2.6 an image by digest parses, and is pulled from Docker Hub",
			scenario: "image-reference", workload: "digest",
			want:   []outcome{reaches(sim.CallRegistryPull, "public-a", sim.ViaInternetGateway)},
			starts: true,
		},

		// ---- ECS Exec configuration (exec-config.yaml) ----
		{
			// The KMS call has no endpoint and no route; it is a runtime
			// call, so the task starts (1.7.7, 7.3.12). DEFAULT logging
			// writes to the awslogs group through the logs endpoint.
			name:     "1.7.4 exec with a KMS key and no kms endpoint: exec-kms unreachable, the task starts",
			scenario: "exec-config", workload: "kms-missing",
			want: []outcome{
				reaches(sim.CallECRAuth, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "private-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallExec, "private-a", sim.ViaInterfaceEndpoint),
				unreachable(sim.CallExecKMS, "private-a", reasons(sim.NoRoute), "private: route dropped NO_ROUTE"),
				reaches(sim.CallExecLogs, "private-a", sim.ViaInterfaceEndpoint),
			},
			starts: true,
		},
		{
			name:     "1.7.6 exec session logs to S3 through the gateway endpoint: the bucket and the objects call",
			scenario: "exec-config", workload: "s3-logs",
			want: []outcome{
				reaches(sim.CallECRAuth, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "private-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallExec, "private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallExecS3, "private-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallExecS3, "private-a", sim.ViaGatewayEndpoint),
			},
			starts: true,
		},

		// ---- ECR pull through cache (pull-through-cache.yaml) ----
		{
			name:     "1.2.12 cold pull through cache without an internet path: ptc-upstream NO_ROUTE, the pull fails",
			scenario: "pull-through-cache", workload: "cold-isolated",
			want: []outcome{
				reaches(sim.CallECRAuth, "isolated-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "isolated-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "isolated-a", sim.ViaGatewayEndpoint),
				unreachable(sim.CallPTCUpstream, "isolated-a", reasons(sim.NoRoute), "isolated: route dropped NO_ROUTE"),
			},
			stoppedFrom: stopLayers,
			stoppedEnds: ":443: i/o timeout", // 7.3.9: a network failure, at the upstream host
		},
		{
			name:     "1.2.14 unknown pull through cache state without an internet path: ptc-upstream unknown",
			scenario: "pull-through-cache", workload: "unknown-isolated",
			want: []outcome{
				reaches(sim.CallECRAuth, "isolated-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "isolated-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "isolated-a", sim.ViaGatewayEndpoint),
				unknown(sim.CallPTCUpstream, "isolated-a", reasons(sim.NoRoute), "isolated: route dropped NO_ROUTE"),
			},
			stoppedFrom: stopLayers,
		},
		{
			name:     "1.2.13 warm pull through cache: the ECR calls only, the task starts",
			scenario: "pull-through-cache", workload: "warm-isolated",
			want: []outcome{
				reaches(sim.CallECRAuth, "isolated-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "isolated-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "isolated-a", sim.ViaGatewayEndpoint),
			},
			starts: true,
		},
		{
			name:     "1.2.12 cold pull through cache with a NAT gateway: ptc-upstream reachable",
			scenario: "pull-through-cache", workload: "cold-nat",
			want: []outcome{
				reaches(sim.CallECRAuth, "nat-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRImage, "nat-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "nat-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallPTCUpstream, "nat-a", sim.ViaNATGateway),
			},
			starts: true,
		},

		// ---- EC2 launch type (ec2.yaml) ----
		{
			// Every call but exec leaves from the instance subnet and its
			// NAT route; exec leaves from the task ENI, whose subnet has no
			// route, and is a runtime call (1.7.1). The cluster sets no Exec
			// logging, so DEFAULT logs the sessions to the awslogs group,
			// also from the task ENI (1.7.5).
			name:     "2.6 EC2 capacity provider: the instance makes the agent and pull calls",
			scenario: "ec2", workload: "api",
			want: []outcome{
				reaches(sim.CallECRAuth, "tasks-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "tasks-a", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "tasks-a", sim.ViaNATGateway),
				reaches(sim.CallLogs, "tasks-a", sim.ViaNATGateway),
				unreachable(sim.CallExec, "tasks-a", reasons(sim.NoRoute), "tasks: route dropped NO_ROUTE"),
				unreachable(sim.CallExecLogs, "tasks-a", reasons(sim.NoRoute), "tasks: route dropped NO_ROUTE"),
				reaches(sim.CallECSAPI, "tasks-a", sim.ViaNATGateway),
				reaches(sim.CallECSAgent, "tasks-a", sim.ViaNATGateway),
				reaches(sim.CallECSTelemetry, "tasks-a", sim.ViaNATGateway),
			},
			starts: true,
		},

		// ---- awslogs delivery mode (awslogs-mode.yaml, awslogs-mode-account.yaml) ----
		{
			name:     "1.3.6 EC2 blocking mode: an unreachable logs endpoint stops the task",
			scenario: "awslogs-mode", workload: "blocking",
			want:        modeCalls("private-a", ec2AgentCalls("private-a")...),
			stoppedFrom: stopEC2Logs,
		},
		{
			name:     "1.3.6 EC2 non-blocking mode: logs is unreachable and the task starts",
			scenario: "awslogs-mode", workload: "non-blocking",
			want:   modeCalls("private-a", ec2AgentCalls("private-a")...),
			starts: true,
		},
		{
			name:     "1.3.5 EC2 without a mode or an account setting: whether logs stops the task is not known",
			scenario: "awslogs-mode", workload: "unset",
			want:        modeCalls("private-a", ec2AgentCalls("private-a")...),
			stoppedFrom: stopLogsUndetermined, stoppedEnds: "If it does, ECS reports: " + stopEC2Logs +
				"RequestError: send request failed caused by: Post https://logs.ap-northeast-1.amazonaws.com/: dial tcp <an address in 10.0.1.0/24>:443: i/o timeout",
		},
		{
			name:     "1.3.7 Fargate non-blocking mode: the start fails whatever the mode",
			scenario: "awslogs-mode", workload: "fargate-non-blocking",
			want:        modeCalls("private-a"),
			stoppedFrom: stopFargateLogs,
		},
		{
			name:     "1.3.5 the account's defaultLogDriverMode blocking applies to a container without a mode",
			scenario: "awslogs-mode-account", workload: "unset",
			want:        modeCalls("private-a", ec2AgentCalls("private-a")...),
			stoppedFrom: stopEC2Logs,
		},
		{
			name:     "1.3.5 the container's mode non-blocking wins over the account's blocking",
			scenario: "awslogs-mode-account", workload: "non-blocking",
			want:   modeCalls("private-a", ec2AgentCalls("private-a")...),
			starts: true,
		},

		// ---- FireLens (firelens.yaml) ----
		{
			// The router's own awslogs call, no logs call for the
			// awsfirelens container (1.3.8); one ecr-auth per registry
			// (1.2.2, 1.3.11).
			name:     "1.3.9 EC2 FireLens configuration file in S3 refused by the S3 gateway endpoint policy",
			scenario: "firelens", workload: "s3-config",
			want: append([]outcome{
				reaches(sim.CallECRAuth, "config-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRAuth, "config-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "config-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "config-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "config-private-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "config-private-a", sim.ViaNATGateway),
				unreachable(sim.CallFirelens, "config-private-a", reasons(sim.EndpointPolicyDenied),
					"config-s3: endpoint-policy denied ENDPOINT_POLICY_DENIED"),
			}, ec2AgentCalls("config-private-a")...),
			stoppedFrom: stopFirelens,
		},
		{
			name:     "1.3.11 the FireLens router image is in AWS's account: an ECR policy on aws:ResourceAccount denies it",
			scenario: "firelens", workload: "router-image-denied",
			want: append([]outcome{
				reaches(sim.CallECRAuth, "perimeter-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRAuth, "perimeter-private-a", sim.ViaNATGateway),
				unreachable(sim.CallECRImage, "perimeter-private-a", reasons(sim.EndpointPolicyDenied),
					"ENI of endpoint perimeter-ecr-dkr in perimeter-private-a (10.1.1.0/24): endpoint-policy denied ENDPOINT_POLICY_DENIED"),
				reaches(sim.CallECRImage, "perimeter-private-a", sim.ViaInterfaceEndpoint),
				reaches(sim.CallECRLayers, "perimeter-private-a", sim.ViaNATGateway),
				reaches(sim.CallLogs, "perimeter-private-a", sim.ViaNATGateway),
			}, ec2AgentCalls("perimeter-private-a")...),
			stoppedFrom: "CannotPullContainerError: ",
			stoppedEnds: "on resource: arn:aws:ecr:ap-northeast-1:906394416424:repository/aws-for-fluent-bit because no VPC endpoint policy allows the ecr:BatchGetImage action",
		},
		{
			name:     "1.3.10 Fargate supports only the file configuration type: an S3 file is refused",
			scenario: "firelens", workload: "fargate-s3-config",
			want: []outcome{
				reaches(sim.CallECRAuth, "config-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRAuth, "config-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "config-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "config-private-a", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "config-private-a", sim.ViaGatewayEndpoint),
				reaches(sim.CallLogs, "config-private-a", sim.ViaNATGateway),
				unreachable(sim.CallFirelens, "config-private-a", reasons(sim.UnsupportedByPlatform),
					"fargate-s3-config: platform denied UNSUPPORTED_BY_PLATFORM"),
			},
			stoppedFrom: stopFirelensFargate,
		},

		// ---- VPC Block Public Access (bpa.yaml, bpa-ingress.yaml) ----
		{
			name:     "4.10.4 block-bidirectional: the NAT gateway's subnet is excluded, so its path is open",
			scenario: "bpa", workload: "nat-excluded",
			want:   []outcome{reaches(sim.CallRegistryPull, "app-a", sim.ViaNATGateway)},
			starts: true,
		},
		{
			name:     "10.34 block-bidirectional: excluding the task's subnet does not open a NAT gateway whose subnet is not excluded",
			scenario: "bpa", workload: "task-excluded",
			want: []outcome{unreachable(sim.CallRegistryPull, "app-b", reasons(sim.VPCBPABlocked),
				"igw: block-public-access denied VPC_BPA_BLOCKED")},
			stoppedFrom: stopManifest,
			stoppedEnds: "dial tcp <public IP of registry-1.docker.io>:443: i/o timeout", // 7.2.1
		},
		{
			name:     "4.10.5 block-bidirectional: a gateway endpoint path is not affected, the NAT gateway path is blocked",
			scenario: "bpa", workload: "s3-gateway",
			want: []outcome{
				unreachable(sim.CallECRAuth, "app-c", reasons(sim.VPCBPABlocked), "igw: block-public-access denied VPC_BPA_BLOCKED"),
				unreachable(sim.CallECRImage, "app-c", reasons(sim.VPCBPABlocked), "igw: block-public-access denied VPC_BPA_BLOCKED"),
				reaches(sim.CallECRLayers, "app-c", sim.ViaGatewayEndpoint),
				unreachable(sim.CallLogs, "app-c", reasons(sim.VPCBPABlocked), "igw: block-public-access denied VPC_BPA_BLOCKED"),
			},
			stoppedFrom: stopECRAuth,
		},
		{
			name:     "4.10.2 block-bidirectional: a VPC exclusion lets a task with a public IP through the internet gateway",
			scenario: "bpa", workload: "edge-public-ip",
			want:   []outcome{reaches(sim.CallRegistryPull, "edge-a", sim.ViaInternetGateway)},
			starts: true,
		},
		{
			name:     "4.10.3 block-ingress: NAT gateway traffic is allowed",
			scenario: "bpa-ingress", workload: "via-nat",
			want:   []outcome{reaches(sim.CallRegistryPull, "app-a", sim.ViaNATGateway)},
			starts: true,
		},
		{
			name:     "4.10.3 block-ingress: a task using the internet gateway with its own public IP is blocked",
			scenario: "bpa-ingress", workload: "public-ip",
			want: []outcome{unreachable(sim.CallRegistryPull, "public-a", reasons(sim.VPCBPABlocked),
				"igw: block-public-access denied VPC_BPA_BLOCKED")},
			stoppedFrom: stopManifest,
			stoppedEnds: "dial tcp <public IP of registry-1.docker.io>:443: i/o timeout", // 7.2.1
		},
		{
			name:     "4.10.3 block-ingress: an allow-egress exclusion has no effect",
			scenario: "bpa-ingress", workload: "egress-excluded",
			want: []outcome{unreachable(sim.CallRegistryPull, "public-b", reasons(sim.VPCBPABlocked),
				"igw: block-public-access denied VPC_BPA_BLOCKED")},
			stoppedFrom: stopManifest,
		},
		{
			name:     "4.10.3 block-ingress: an allow-bidirectional exclusion lets the task through",
			scenario: "bpa-ingress", workload: "bidir-excluded",
			want:   []outcome{reaches(sim.CallRegistryPull, "public-c", sim.ViaInternetGateway)},
			starts: true,
		},

		// ---- AWS Network Firewall (firewall.yaml) ----
		{
			name:     "4.11.5 a TLS SNI allowlist without the logs endpoint: ECR passes the firewall, logs is dropped",
			scenario: "firewall", workload: "app",
			want: []outcome{
				reaches(sim.CallECRAuth, "app-a", sim.ViaNATGateway),
				reaches(sim.CallECRImage, "app-a", sim.ViaNATGateway),
				reaches(sim.CallECRLayers, "app-a", sim.ViaNATGateway),
				unreachable(sim.CallLogs, "app-a", reasons(sim.NetworkFirewallDenied), "egress-fw: network-firewall denied NETWORK_FIREWALL_DENIED"),
			},
			stoppedFrom: "ResourceInitializationError: failed to validate logger args: ",
		},
		{
			name:     "4.11.7 replies that bypass the firewall endpoint: the passed calls are unknown, the dropped one stays dropped",
			scenario: "firewall", workload: "asymmetric",
			want: []outcome{
				unknown(sim.CallECRAuth, "asym-a", reasons(sim.Unmodeled), "public: route unknown UNMODELED"),
				unknown(sim.CallECRImage, "asym-a", reasons(sim.Unmodeled), "public: route unknown UNMODELED"),
				unknown(sim.CallECRLayers, "asym-a", reasons(sim.Unmodeled), "public: route unknown UNMODELED"),
				unreachable(sim.CallLogs, "asym-a", reasons(sim.NetworkFirewallDenied, sim.Unmodeled),
					"egress-fw: network-firewall denied NETWORK_FIREWALL_DENIED", "public: route unknown UNMODELED"),
			},
			stoppedFrom: stopECRAuth, // ECS meets ecr-auth first, whose verdict is unknown
		},
		{
			name:     "4.11.2 a stateless rule passes the requests to port 443, the default drops their replies",
			scenario: "firewall", workload: "stateless-return",
			want: []outcome{unreachable(sim.CallRegistryPull, "stless-a", reasons(sim.NetworkFirewallDenied),
				"stateless-fw: network-firewall denied NETWORK_FIREWALL_DENIED")},
			stoppedFrom: stopManifest,
			stoppedEnds: "dial tcp <public IP of registry-1.docker.io>:443: i/o timeout", // 4.11.8, 7.2.1
		},
		{
			name:     "4.11.6 an AWS managed rule group is not in the input: unknown",
			scenario: "firewall", workload: "managed",
			want: []outcome{unknown(sim.CallRegistryPull, "mgd-a", reasons(sim.Unmodeled),
				"managed-fw: network-firewall unknown UNMODELED")},
		},
		{
			name:     "4.11.4 a stateful 5-tuple rule drops TCP from HOME_NET to port 443",
			scenario: "firewall", workload: "tuple-drop",
			want: []outcome{unreachable(sim.CallRegistryPull, "tuple-a", reasons(sim.NetworkFirewallDenied),
				"tuple-fw: network-firewall denied NETWORK_FIREWALL_DENIED")},
			stoppedFrom: stopManifest,
		},
	}
}

// modeCalls are the calls of awslogs-mode.yaml's tasks: the image calls
// via the NAT gateway, logs refused by the logs endpoint's security group
// "closed" (5.1), then more.
func modeCalls(subnet string, more ...outcome) []outcome {
	return append([]outcome{
		reaches(sim.CallECRAuth, subnet, sim.ViaNATGateway),
		reaches(sim.CallECRImage, subnet, sim.ViaNATGateway),
		reaches(sim.CallECRLayers, subnet, sim.ViaNATGateway),
		unreachable(sim.CallLogs, subnet, reasons(sim.SGIngressDenied),
			"ENI of endpoint logs in "+subnet+" (10.0.1.0/24): security-group denied SG_INGRESS_DENIED"),
	}, more...)
}

// ec2AgentCalls are the EC2 agent's calls via the NAT gateway (1.8.1).
func ec2AgentCalls(subnet string) []outcome {
	return []outcome{
		reaches(sim.CallECSAPI, subnet, sim.ViaNATGateway),
		reaches(sim.CallECSAgent, subnet, sim.ViaNATGateway),
		reaches(sim.CallECSTelemetry, subnet, sim.ViaNATGateway),
	}
}

// TestReasonCodes checks every call of each workload of reasonCases.
func TestReasonCodes(t *testing.T) {
	reports := map[string]sim.Report{}
	for _, tt := range append(reasonCases(), ipv6ReasonCases()...) {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := reports[tt.scenario]
			if !ok {
				r = sim.Run(loadScenario(t, tt.scenario))
				reports[tt.scenario] = r
			}
			got := workload(t, r, tt.workload)
			if diff := cmp.Diff(tt.want, outcomes(got)); diff != "" {
				t.Errorf("%s/%s calls (-want +got):\n%s", tt.scenario, tt.workload, diff)
			}
			checkStart(t, got, tt)
		})
	}
}

// checkStart checks Starts and the stoppedReason (architecture.md "JSON schema vpctrace/v1").
func checkStart(t *testing.T, got sim.WorkloadResult, tt reasonCase) {
	t.Helper()
	if got.Starts != tt.starts {
		t.Errorf("Starts = %v, want %v", got.Starts, tt.starts)
	}
	switch {
	case tt.starts:
		if got.StoppedReason != "" {
			t.Errorf("StoppedReason = %q, want none", got.StoppedReason)
		}
	case got.StoppedReason == "":
		t.Errorf("StoppedReason is empty for a workload that does not start")
	case !strings.HasPrefix(got.StoppedReason, tt.stoppedFrom):
		t.Errorf("StoppedReason = %q\nwant prefix      %q", got.StoppedReason, tt.stoppedFrom)
	case !strings.HasSuffix(got.StoppedReason, tt.stoppedEnds):
		t.Errorf("StoppedReason = %q\nwant suffix      %q", got.StoppedReason, tt.stoppedEnds)
	}
}
