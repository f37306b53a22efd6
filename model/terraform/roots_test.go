package terraform_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/sim"
)

// The Terraform roots under testdata/terraform, each with the verdicts its
// header comment promises. Expected values come from the rules of
// docs/aws-rules.md (cited by section) and the contracts of
// docs/architecture.md, not from
// the engine's output. Every root plans with a real, offline `terraform
// plan` (shared/tools/tf-plan-json); these tests never need terraform.

const (
	region  = "ap-northeast-1"
	account = "123456789012"
)

// rootsDir is testdata/terraform, seen from this package.
var rootsDir = filepath.Join("..", "..", "testdata", "terraform")

// call is what the tests compare for each call of a workload.
type call struct {
	Kind    sim.CallKind
	Verdict sim.Verdict
	Via     sim.Via
	Reason  sim.Reason
}

func (c call) String() string {
	if c.Verdict == sim.Reachable {
		return fmt.Sprintf("%s %s via %s", c.Kind, c.Verdict, c.Via)
	}
	return fmt.Sprintf("%s %s %s", c.Kind, c.Verdict, c.Reason)
}

// Short names for the vias.
const (
	ie   = sim.ViaInterfaceEndpoint
	ge   = sim.ViaGatewayEndpoint
	nat  = sim.ViaNATGateway
	locl = sim.ViaLocal
)

// ok is a call that reaches its service via v.
func ok(k sim.CallKind, v sim.Via) call { return call{Kind: k, Verdict: sim.Reachable, Via: v} }

// no is a call that is unreachable; r is the first blocker on its path.
func no(k sim.CallKind, r sim.Reason) call { return call{Kind: k, Verdict: sim.Unreachable, Reason: r} }

// unk is a call the model cannot decide; r is the first setting on its
// path that the input does not determine.
func unk(k sim.CallKind, r sim.Reason) call { return call{Kind: k, Verdict: sim.Unknown, Reason: r} }

// calls lists a workload's calls in the form the tests compare.
func calls(w sim.WorkloadResult) []call {
	out := make([]call, 0, len(w.Calls))
	for _, c := range w.Calls {
		out = append(out, call{Kind: c.Kind, Verdict: c.Verdict, Via: c.Via, Reason: c.Reason})
	}
	return out
}

// Stopped reasons ECS reports (aws-rules 7.3, 7.5), as prefixes.
const (
	// 7.3.2, the newer ecr-auth form vpctrace uses (7.1.4, 10.7).
	stopECRAuth = "ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR."
	// 7.3.3, a secret from `secrets`: the seed article's error.
	stopSecret = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried "
	// 7.3.5, a parameter.
	stopParameter = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried "
	// 7.3.9, image layers (the word after "copy: " is spelled two ways,
	// see sim/reasons_test.go).
	stopLayers = "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: "
	// 7.3.11, an EFS name that does not resolve; the file system ID that
	// follows is synthesized by the evaluator.
	stopEFSResolve = `ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-`
	// 7.5.2, an image pull on the EC2 launch type: the Docker forms of
	// 7.4.1 ("CannotPullContainerError") or the agent's ECR token error
	// ("CannotPullECRContainerError").
	stopEC2Pull = "CannotPull"
	// 7.5.1, the EC2 awslogs driver in blocking mode.
	stopEC2Logs = "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: "
	// 7.5.4, the agent's FireLens resource error.
	stopFirelens = "ResourceInitializationError: resource cannot be initialized for task arn:aws:ecs:ap-northeast-1:123456789012:task/logship/<task-id>: unable to download firelens s3 config file: unable to download s3 config audit/extra.conf from bucket logship-shared-config: AccessDenied: "
)

// want is the expected result of one workload.
type want struct {
	calls  []call
	starts bool
	// stopped is the expected prefix of the stoppedReason when the
	// workload does not start.
	stopped string
}

// rootCase is one root (or one variant of it) and its workloads, keyed by
// the ECS service's name.
type rootCase struct {
	name      string
	dir       string // under testdata/terraform
	vars      []string
	varFiles  []string
	workloads map[string]want
	// ownRegion traces the root in its provider's region, without the
	// tests' --region.
	ownRegion bool
}

// load evaluates a root and checks that neither the evaluator nor
// model.World.Validate (which Load runs, leaving out the missing fields
// that undetermined values explain) reports an error.
func load(t testing.TB, dir string, vars, varFiles []string) *model.World {
	t.Helper()
	return loadWith(t, dir, terraform.Options{Vars: vars, VarFiles: varFiles, Region: region, Account: account})
}

// loadWith is load with the options given.
func loadWith(t testing.TB, dir string, opts terraform.Options) *model.World {
	t.Helper()
	w, diags := terraform.Load(filepath.Join(rootsDir, dir), opts)
	if diags.HasErrors() {
		t.Fatalf("terraform.Load(%s): error diagnostics:\n%v", dir, diags.Error())
	}
	if w == nil {
		t.Fatalf("terraform.Load(%s): nil world without an error", dir)
	}
	return w
}

// The seed article's endpoints, with private DNS (seed, aws-rules 2.2).
var seedCalls = []call{
	ok(sim.CallECRAuth, ie),   // 1.2.2 api.ecr -> ecr.api endpoint (3.2.2)
	ok(sim.CallECRImage, ie),  // 1.2.2 *.dkr.ecr -> ecr.dkr endpoint
	ok(sim.CallECRLayers, ge), // 1.2.2 layers -> S3 prefix-list route of the gateway endpoint (4.3.1)
	ok(sim.CallLogs, ie),      // 1.3.1 -> logs endpoint
	ok(sim.CallSecret, ie),    // 1.4.1 -> secretsmanager endpoint
	ok(sim.CallParameter, ie), // 1.4.1 -> ssm endpoint
}

// replaced returns cs with the call of c's kind replaced by c.
func replaced(cs []call, c call) []call {
	out := slices.Clone(cs)
	for i := range out {
		if out[i].Kind == c.Kind {
			out[i] = c
		}
	}
	return out
}

func rootCases() []rootCase {
	return []rootCase{
		{
			// The article's verification environment: Fargate 1.4.0, six
			// endpoints with private DNS, no internet path (aws-rules 2.2).
			name: "seed", dir: "seed",
			workloads: map[string]want{
				"app": {calls: seedCalls, starts: true},
			},
		},
		{
			// The article's experiment: private DNS off on secretsmanager.
			// The default name resolves to the public address (3.2.5), the
			// subnet's table has only local and the S3 prefix list (4.2.4):
			// NO_ROUTE, and ECS reports the article's error (7.3.3).
			name: "seed, secretsmanager private DNS off (variable)", dir: "seed",
			vars: []string{"secretsmanager_private_dns=false"},
			workloads: map[string]want{
				"app": {calls: replaced(seedCalls, no(sim.CallSecret, sim.NoRoute)), stopped: stopSecret},
			},
		},
		{
			// The same experiment through a variable file (Options.VarFiles).
			name: "seed, secretsmanager private DNS off (tfvars file)", dir: "seed",
			varFiles: []string{filepath.Join(rootsDir, "seed", "secretsmanager-private-dns-off.tfvars")},
			workloads: map[string]want{
				"app": {calls: replaced(seedCalls, no(sim.CallSecret, sim.NoRoute)), stopped: stopSecret},
			},
		},
		{
			name: "for_each over AZs: NAT gateway per AZ",
			dir:  "for-each-azs",
			workloads: map[string]want{
				// Three placements, each with the NAT gateway of its AZ.
				"web": {calls: []call{
					ok(sim.CallECRAuth, nat),  // 4.5.1: public NAT, its subnet routes to the IGW
					ok(sim.CallECRImage, nat), // 4.5.1
					ok(sim.CallECRLayers, ge), // 4.3.2: the prefix-list route beats 0.0.0.0/0
					ok(sim.CallLogs, nat),     // 4.5.1
					ok(sim.CallSecret, nat),   // 3.2.1: private_dns_enabled omitted = false, so 3.2.5 public name, via NAT
				}, starts: true},
				// aws_security_group with no egress block: no egress (5.1.6).
				"batch": {calls: []call{
					no(sim.CallECRAuth, sim.SGEgressDenied),   // 5.1.2
					no(sim.CallECRImage, sim.SGEgressDenied),  // 5.1.2
					no(sim.CallECRLayers, sim.SGEgressDenied), // 5.1.2, 5.1.3: the gateway path needs egress too
					no(sim.CallLogs, sim.SGEgressDenied),      // 5.1.2
					no(sim.CallSecret, sim.SGEgressDenied),    // 5.1.2
				}, stopped: stopECRAuth}, // 7.3.2: registry auth is fetched first
			},
		},
		{
			name: "aws_security_group_rule alongside inline rules",
			dir:  "sg-rules",
			workloads: map[string]want{
				// Egress only from rule resources: to the endpoints' group
				// and to the S3 prefix list (5.1.3); 5.1.6's "no egress"
				// does not apply when rule resources add some.
				"api": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					ok(sim.CallECRLayers, ge), // 5.1.3: egress to the S3 prefix list
					ok(sim.CallLogs, ie),
				}, starts: true},
				// Egress 443 to the VPC CIDR only.
				"reports": {calls: []call{
					ok(sim.CallECRAuth, ie),                   // endpoint ENI inside the VPC CIDR
					ok(sim.CallECRImage, ie),                  //
					no(sim.CallECRLayers, sim.SGEgressDenied), // 5.1.3: the VPC CIDR does not cover S3
					ok(sim.CallLogs, ie),                      //
				}, stopped: stopLayers}, // 7.3.9
			},
		},
		{
			// Rules whose peer is known only after apply: their known
			// protocol, ports, number and action rule them out (aws-rules
			// 5.1.3, 5.2.1), so the calls keep definite verdicts.
			name: "filter rules with undetermined peers",
			dir:  "rule-parts-unknown",
			workloads: map[string]want{
				// DNS rules (UDP/TCP 53) cannot allow TCP 443; ACL rule 200
				// comes after rule 100, which allows.
				"api": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					ok(sim.CallECRLayers, ge),
					ok(sim.CallLogs, ie),
				}, starts: true},
				// 443 to the VPC CIDR only; the database rule (TCP 5432)
				// cannot allow S3: definite, not unknown.
				"batch": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					no(sim.CallECRLayers, sim.SGEgressDenied),
					ok(sim.CallLogs, ie),
				}, stopped: stopLayers}, // 7.3.9
			},
		},
		{
			name: "aws_vpc_security_group_ingress_rule / egress_rule",
			dir:  "vpc-security-group-rules",
			workloads: map[string]want{
				"api": {calls: []call{
					ok(sim.CallECRAuth, ie),            // ingress by reference to the api group (5.1.3)
					ok(sim.CallECRImage, ie),           //
					ok(sim.CallECRLayers, ge),          // egress 0.0.0.0/0 covers S3 (5.1.3)
					ok(sim.CallLogs, ie),               //
					ok(sim.CallSecret, ie),             //
					no(sim.CallParameter, sim.NoRoute), // 3.2.1 private_dns null = false, 3.2.5, 4.2.4
				}, stopped: stopParameter}, // 7.3.5
				"admin": {calls: []call{
					no(sim.CallECRAuth, sim.SGIngressDenied),  // 5.1.2, 5.1.4: not an ingress peer
					no(sim.CallECRImage, sim.SGIngressDenied), //
					ok(sim.CallECRLayers, ge),                 // 4.3.1: a gateway endpoint has no group
					no(sim.CallLogs, sim.SGIngressDenied),     //
				}, stopped: stopECRAuth}, // 7.3.2
			},
		},
		{
			name: "jsonencode task definitions: secrets, environmentFiles, EFS",
			dir:  "taskdef-json",
			workloads: map[string]want{
				// AZ a and c, where the file system has mount targets.
				"orders": {calls: ordersCalls(ok(sim.CallEFS, locl)), starts: true},
				// AZ a, c and d: no mount target in d (3.8.1); the worst
				// placement decides (architecture.md "The trace model", 9.4).
				"orders-worker": {calls: ordersCalls(no(sim.CallEFS, sim.EFSNoMountTargetInAZ)), stopped: stopEFSResolve}, // 7.3.11
			},
		},
		{
			// Modules that reference each other both ways: Terraform's graph
			// has a node per module variable and output, so none of these is
			// a cycle (a three-module chain, ECR <-> service, a bucket policy
			// naming the bucket's own ARN).
			name: "module graph at Terraform's granularity",
			dir:  "module-graph",
			workloads: map[string]want{
				"orders": {calls: []call{
					ok(sim.CallECRAuth, ie),   // module.endpoints' ecr.api endpoint, private DNS (3.2.2)
					ok(sim.CallECRImage, ie),  // the repository URL module.ecr hands to module.service (1.2.2)
					ok(sim.CallECRLayers, ge), // the S3 gateway endpoint on module.subnets' table (4.3.1)
					ok(sim.CallLogs, ie),      // awslogs-region from the service module's aws_region (1.3.1)
					ok(sim.CallEnvFile, ge),   // module.env_bucket's object, same region, gateway endpoint (1.5.2)
				}, starts: true},
			},
		},
		{
			// count and for_each over a data source vpctrace cannot read:
			// warnings, and only the group whose rules are of unknown
			// number is undetermined (aws-rules 5.1.2); certificate
			// validation records have keys known at plan time.
			name: "count and for_each vpctrace cannot know",
			dir:  "unknown-keys",
			workloads: map[string]want{
				"api": {calls: []call{
					ok(sim.CallECRAuth, nat),  // 4.5.1
					ok(sim.CallECRImage, nat), // 4.5.1
					ok(sim.CallECRLayers, ge), // 4.3.2
					ok(sim.CallLogs, nat),     // 4.5.1
				}, starts: true},
				"edge": {calls: []call{
					unk(sim.CallECRAuth, sim.Unmodeled),
					unk(sim.CallECRImage, sim.Unmodeled),
					unk(sim.CallECRLayers, sim.Unmodeled),
					unk(sim.CallLogs, sim.Unmodeled),
				}, stopped: stopECRAuth},
			},
		},
		{
			// A module that finds its VPC, subnets, group and cluster by
			// look-ups; the root declares them, so they are answered
			// from the root's resources by tags and filters.
			name: "look-up data sources answered from the root",
			dir:  "lookups",
			workloads: map[string]want{
				"payments": {calls: []call{
					ok(sim.CallECRAuth, ie),   // 3.2.2
					ok(sim.CallECRImage, ie),  // 3.2.2
					ok(sim.CallECRLayers, ge), // 4.3.1
					ok(sim.CallLogs, ie),      // 1.3.1
					ok(sim.CallSecret, ie),    // 1.4.1
				}, starts: true},
			},
		},
		{
			// gateway_id = aws_nat_gateway.x.id is a NAT gateway route, as
			// AWS stores it (4.2.5, proposed).
			name: "NAT gateway in gateway_id",
			dir:  "route-nat-in-gateway-id",
			workloads: map[string]want{
				"api": {calls: []call{
					ok(sim.CallECRAuth, nat),  // 4.5.1
					ok(sim.CallECRImage, nat), // 4.5.1
					ok(sim.CallECRLayers, nat),
					ok(sim.CallLogs, nat),
				}, starts: true},
			},
		},
		{
			// IPv6-only subnets (4.9.4): DNS64 and NAT64 make every name
			// reachable whichever Fargate uses (10.41); without them only
			// the dual-stack names are, so Fargate's choice decides.
			name: "IPv6-only subnets with and without DNS64 and NAT64",
			dir:  "ipv6-only",
			workloads: map[string]want{
				"api": {calls: []call{
					ok(sim.CallECRAuth, sim.ViaEgressOnlyGateway),   // 4.9.6, 10.41
					ok(sim.CallECRImage, sim.ViaEgressOnlyGateway),  // 4.9.9
					ok(sim.CallECRLayers, sim.ViaEgressOnlyGateway), // 10.42
					ok(sim.CallLogs, sim.ViaEgressOnlyGateway),      // 4.9.7, 10.41
					ok(sim.CallSecret, sim.ViaNATGateway),           // 4.9.5
				}, starts: true},
				"edge": {calls: []call{
					unk(sim.CallECRAuth, sim.NoRoute), // 10.41
					ok(sim.CallECRImage, sim.ViaEgressOnlyGateway),
					unk(sim.CallECRLayers, sim.NoRoute), // 10.42
					unk(sim.CallLogs, sim.NoRoute),      // 10.41
					unk(sim.CallSecret, sim.NoRoute),    // 10.41
				}, stopped: stopECRAuth}, // as ECS would word it if the call fails (StoppedVerdict unknown)
			},
		},
		{
			// An inspection VPC: routes name the firewall's endpoint as its
			// status gives it (4.11.1, 10.35); a TLS SNI allowlist without
			// the logs endpoint (4.11.5); BPA with the NAT gateway's subnet
			// excluded (4.10.2, 4.10.4).
			name: "network firewall in the path",
			dir:  "network-firewall",
			workloads: map[string]want{
				"api": {calls: []call{
					ok(sim.CallECRAuth, nat),
					ok(sim.CallECRImage, nat),
					ok(sim.CallECRLayers, nat),
					no(sim.CallLogs, sim.NetworkFirewallDenied),
				}, stopped: "ResourceInitializationError: failed to validate logger args: "},
			},
		},
		{
			// A route to a Gateway Load Balancer endpoint leads to
			// appliances vpctrace does not model: the calls that take it
			// are unknown (4.2.4, 1.1.4); calls to the VPC's own interface
			// endpoints stay on the local route (4.1.3).
			name: "a route to a Gateway Load Balancer endpoint",
			dir:  "gwlb-route",
			workloads: map[string]want{
				"app": {calls: []call{
					ok(sim.CallECRAuth, ie),
					unk(sim.CallECRImage, sim.Unmodeled),
					unk(sim.CallECRLayers, sim.Unmodeled),
					ok(sim.CallLogs, ie),
				}, stopped: "CannotPullContainerError: pull image manifest has been retried"},
			},
		},
		{
			// Routes to gateways created elsewhere: the paths that take
			// them are unknown (4.2.4), the others keep their verdicts
			// (4.2.1).
			name: "route targets outside the root",
			dir:  "route-target-outside",
			workloads: map[string]want{
				"app": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					unk(sim.CallECRLayers, sim.Unmodeled), // 0.0.0.0/0 to the outside NAT gateway
					ok(sim.CallLogs, ie),
				}, stopped: stopLayers},
				"tools": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					ok(sim.CallECRLayers, ge), // 4.3.2
					ok(sim.CallLogs, ie),
				}, starts: true},
			},
		},
		{
			// 3.3.5: a FORWARD rule for amazonaws.com loses to the logs
			// endpoint's private DNS zone and forwards every other AWS
			// name. 3.9: DNS Firewall ALLOW at 100 before BLOCK at 200,
			// and an AWS-managed list at 300 that may match what nothing
			// before it matches (3.9.5).
			name: "Resolver rules and DNS Firewall",
			dir:  "resolver-dns-firewall",
			workloads: map[string]want{
				"hybrid": {calls: []call{
					unk(sim.CallECRAuth, sim.DNSResolverUnknown),
					unk(sim.CallECRImage, sim.DNSResolverUnknown),
					unk(sim.CallECRLayers, sim.DNSResolverUnknown),
					ok(sim.CallLogs, ie),
				}, stopped: stopECRAuth},
				"filtered": {calls: []call{
					unk(sim.CallECRAuth, sim.Unmodeled),
					no(sim.CallECRImage, sim.DNSFirewallBlocked),
					unk(sim.CallECRLayers, sim.Unmodeled),
					ok(sim.CallLogs, nat),
				}, stopped: stopECRAuth},
			},
		},
		{
			// Groups whose vpc_id comes from a look-up vpctrace cannot
			// answer are in the VPC of the ENIs that carry them (5.1.8,
			// proposed).
			name: "security groups in their interfaces' VPC",
			dir:  "sg-vpc-from-data-source",
			workloads: map[string]want{
				"worker": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					ok(sim.CallECRLayers, ge),
					ok(sim.CallLogs, ie),
				}, starts: true},
			},
		},
		{
			// An interface endpoint whose service name is not known could
			// answer any AWS name of the region (3.2.9, proposed); the S3
			// gateway endpoint's route still decides the layers (4.3.2).
			name: "endpoint with an unknown service name",
			dir:  "endpoint-service-unknown",
			workloads: map[string]want{
				"report": {calls: []call{
					unk(sim.CallECRAuth, sim.Unmodeled),
					unk(sim.CallECRImage, sim.Unmodeled),
					ok(sim.CallECRLayers, ge),
					unk(sim.CallLogs, sim.Unmodeled),
				}, stopped: stopECRAuth},
			},
		},
		{
			// Registry-module style calls with leaves known only after
			// apply: only the call whose own input is unknown (the
			// RDS-managed secret's ARN) is unknown (1.4.1); DB_HOST feeds
			// no call.
			name: "typed unknowns through modules",
			dir:  "typed-unknowns",
			workloads: map[string]want{
				"api": {calls: []call{
					ok(sim.CallECRAuth, nat),      // 4.5.1
					ok(sim.CallECRImage, nat),     // 4.5.1
					ok(sim.CallECRLayers, ge),     // 4.3.2
					ok(sim.CallRegistryPull, nat), // 1.2.6: public.ecr.aws
					ok(sim.CallLogs, nat),         // container api
					ok(sim.CallLogs, nat),         // container otel
					ok(sim.CallSecret, nat),       // 1.4.1
				}, starts: true},
				"worker": {calls: []call{
					ok(sim.CallECRAuth, nat),
					ok(sim.CallECRImage, nat),
					ok(sim.CallECRLayers, ge),
					ok(sim.CallLogs, nat),
					unk(sim.CallSecret, sim.Unmodeled),
				}, stopped: "(undetermined) The valueFrom of secret DB_PASSWORD of container worker is not known"},
			},
		},
		{
			// The provider block in a file after the module call: the
			// child still uses the root's region (eu-north-1) for its
			// endpoint service names.
			name: "provider block in a file that sorts last",
			dir:  "provider-file-order", ownRegion: true,
			workloads: map[string]want{
				"jobs": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					ok(sim.CallECRLayers, ge),
					ok(sim.CallLogs, ie),
				}, starts: true},
			},
		},
		{
			name: "local module with outputs",
			dir:  "local-module",
			workloads: map[string]want{
				"cron": {calls: []call{
					ok(sim.CallECRAuth, ie),   // module.network's endpoints, private DNS (3.2.1)
					ok(sim.CallECRImage, ie),  //
					ok(sim.CallECRLayers, ge), // the module's S3 gateway endpoint (4.3.1)
					ok(sim.CallLogs, ie),      //
				}, starts: true},
				"billing": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					ok(sim.CallECRLayers, ge),
					ok(sim.CallLogs, ie),
					no(sim.CallSecret, sim.NoRoute), // no secretsmanager endpoint: public name (3.5.1), no route (4.2.4)
				}, stopped: stopSecret}, // 7.3.3
			},
		},
		{
			name: "hub and spoke: transit gateway, centralized endpoints, private hosted zones",
			dir:  "hub-spoke-tgw",
			workloads: map[string]want{
				// The spoke's zones alias the hub endpoints (3.2.6, 3.3.4);
				// the transit gateway is a hop, not a via (docs/architecture.md).
				"orders": {calls: []call{
					ok(sim.CallECRAuth, ie),   // zone api.ecr..., alias to the hub endpoint
					ok(sim.CallECRImage, ie),  // zone dkr.ecr..., wildcard record (3.3.3)
					ok(sim.CallECRLayers, ge), // the spoke's own S3 gateway endpoint (4.3.2, 4.8.7)
					ok(sim.CallLogs, ie),      //
					ok(sim.CallSecret, ie),    //
				}, starts: true},
				"payments": {calls: []call{
					ok(sim.CallECRAuth, ie),
					ok(sim.CallECRImage, ie),
					ok(sim.CallECRLayers, ge),
					ok(sim.CallLogs, ie),
					no(sim.CallParameter, sim.TGWNoRoute), // ssm not centralized: public name, 0.0.0.0/0 -> TGW, no TGW route (4.8.2)
				}, stopped: stopParameter}, // 7.3.5
			},
		},
		{
			// An image under a pull through cache rule's prefix, whose
			// cache this root alone cannot tell (1.2.14): the upstream
			// is reachable through the NAT gateway either way (1.2.12).
			// ECS Exec with a KMS key by alias and OVERRIDE logging to a
			// log group and a bucket (1.7.4-1.7.6): KMS through the NAT
			// gateway, no kms endpoint.
			name: "ECS Exec configuration and a pull through cache",
			dir:  "exec-ptc",
			workloads: map[string]want{
				"web": {calls: []call{
					ok(sim.CallECRAuth, ie),      // 3.2.1
					ok(sim.CallECRImage, ie),     // 1.2.11: a pull through cache image, ECR calls as usual
					ok(sim.CallECRLayers, ge),    // 4.3.2
					ok(sim.CallPTCUpstream, nat), // 1.2.12, 4.5.1
					ok(sim.CallLogs, ie),         //
					ok(sim.CallExec, ie),         // 1.7.1
					ok(sim.CallExecKMS, nat),     // 1.7.4: no kms endpoint
					ok(sim.CallExecLogs, ie),     // 1.7.5: the OVERRIDE group
					ok(sim.CallExecS3, ge),       // 1.7.6: the bucket
					ok(sim.CallExecS3, ge),       // 1.7.6: its objects
				}, starts: true},
			},
		},
		{
			name: "EC2 capacity providers",
			dir:  "ec2-capacity",
			workloads: map[string]want{
				// Instances in the private subnets (2.6).
				"api": {calls: []call{
					ok(sim.CallECRAuth, nat),     // 4.5.1
					ok(sim.CallECRImage, nat),    // 4.5.1
					ok(sim.CallECRLayers, ge),    // 4.3.2
					ok(sim.CallLogs, nat),        // 4.5.1
					ok(sim.CallExec, nat),        // 1.7.1, 2.6: from the task ENI, also in the private subnets
					ok(sim.CallExecLogs, nat),    // 1.7.5: Exec logging DEFAULT, to the awslogs group
					ok(sim.CallECSAPI, ie),       // 1.8.1, 1.8.2 with private DNS (3.2.2)
					ok(sim.CallECSAgent, ie),     //
					ok(sim.CallECSTelemetry, ie), //
				}, starts: true},
				// Instances in the public subnets without a public IP (2.7).
				"edge-proxy": {calls: []call{
					no(sim.CallECRAuth, sim.NoPublicIP),   // 4.4.1
					no(sim.CallECRImage, sim.NoPublicIP),  // 4.4.1
					no(sim.CallECRLayers, sim.NoPublicIP), // 4.3.1: the public table has no S3 endpoint route
					no(sim.CallLogs, sim.NoPublicIP),      // 4.4.1
					ok(sim.CallECSAPI, ie),                // 3.2.1: private addresses, local route (4.1.3)
					ok(sim.CallECSAgent, ie),              //
					ok(sim.CallECSTelemetry, ie),          //
				}, stopped: stopEC2Pull}, // 7.5.2
			},
		},
		{
			// Availability Zones, image and secret from another stack's
			// outputs (terraform_remote_state), which vpctrace does not
			// read: the subnets cannot be expanded, so no task is placed,
			// and neither the registry nor the secret's service is known
			// (1.2.1, 1.4.1). TestPlanGivesWhatTheRootCannot traces it with
			// its plan.
			name: "remote state, alone",
			dir:  "remote-state",
			workloads: map[string]want{
				"orders": {calls: []call{
					unk(sim.CallRegistryPull, sim.Unmodeled),
					unk(sim.CallLogs, sim.Unmodeled),
					unk(sim.CallSecret, sim.Unmodeled),
				}},
			},
		},
		{
			// FireLens routers on EC2 with the account's default awslogs
			// mode blocking (aws_ecs_account_setting_default, 1.3.5).
			name: "FireLens on EC2 with defaultLogDriverMode blocking",
			dir:  "firelens-ec2",
			workloads: map[string]want{
				"orders": {calls: firelensCalls(ok(sim.CallFirelens, ge)), stopped: stopEC2Logs},                        // 1.3.6, 7.5.1
				"audit":  {calls: firelensCalls(no(sim.CallFirelens, sim.EndpointPolicyDenied)), stopped: stopFirelens}, // 1.3.12, 7.5.4
			},
		},
		{
			name: "large: 30 services", dir: "large",
			workloads: largeWorkloads(),
		},
	}
}

// firelensCalls are the calls of firelens-ec2's services, with the FireLens
// configuration download as given: two registries (the router's in AWS's
// account, 1.3.11), no logs call for the awsfirelens container (1.3.8),
// the router's logs refused by the logs endpoint's group, which does not
// admit the container instance (2.6, 5.1), and the agent's calls.
func firelensCalls(config call) []call {
	return []call{
		ok(sim.CallECRAuth, nat),
		ok(sim.CallECRAuth, nat),
		ok(sim.CallECRImage, nat),
		ok(sim.CallECRImage, nat),
		ok(sim.CallECRLayers, ge),
		no(sim.CallLogs, sim.SGIngressDenied),
		config, // 1.3.9
		ok(sim.CallECSAPI, nat),
		ok(sim.CallECSAgent, nat),
		ok(sim.CallECSTelemetry, nat),
	}
}

// ordersCalls are the calls of taskdef-json's task definition, in docs/architecture.md
// kind order, one per distinct (kind, region, resource) (aws-rules 1.1.3),
// with efs as given.
func ordersCalls(efs call) []call {
	return []call{
		ok(sim.CallECRAuth, ie),   // one registry: one ecr-auth (1.1.3)
		ok(sim.CallECRImage, ie),  // orders/app
		ok(sim.CallECRImage, ie),  // mirror/envoy
		ok(sim.CallECRLayers, ge), // one layer bucket (1.2.3)
		ok(sim.CallLogs, ie),      // one log group for both containers
		ok(sim.CallSecret, ie),    // JSON key on 1.4.0 (1.4.5)
		ok(sim.CallParameter, ie), // a bare name: task region (1.4.1)
		ok(sim.CallEnvFile, ge),   // S3 through the gateway endpoint (1.5.1, 4.3.2)
		efs,                       // 1.6.1, 3.8.1: via local (1.6.3)
	}
}

// largeServices mirrors the services map of testdata/terraform/large:
// the number of secrets, ECS Exec, and whether the image is public.
var largeServices = []struct {
	name    string
	secrets int
	exec    bool
	public  bool
}{
	{"accounts", 1, true, false}, {"auth", 2, true, false}, {"billing", 2, false, false},
	{"cart", 1, false, false}, {"catalog", 1, false, false}, {"checkout", 2, true, false},
	{"coupons", 0, false, false}, {"emails", 1, false, false}, {"events", 0, false, false},
	{"gateway", 1, true, false}, {"inventory", 1, false, false}, {"invoices", 1, false, false},
	{"loyalty", 0, false, false}, {"media", 0, false, false}, {"notifications", 1, false, false},
	{"orders", 1, true, false}, {"payments", 2, false, false}, {"pricing", 0, false, false},
	{"profiles", 1, false, false}, {"recommender", 0, false, false}, {"reviews", 1, false, false},
	{"search", 0, false, false}, {"sessions", 1, false, false}, {"shipping", 1, false, false},
	{"webhooks", 0, false, false}, {"exporter", 0, false, true}, {"grafana-agent", 0, false, true},
	{"reindexer", 1, false, false}, {"reports", 1, true, false}, {"thumbnails", 0, false, false},
}

// largeWorkloads: every service starts. Its own ECR image, logs, secrets
// and Exec through interface endpoints with private DNS (3.2.1), layers
// through the S3 gateway endpoint (4.3.2); a public image through the NAT
// gateway of the AZ (1.2.6, 4.5.1).
func largeWorkloads() map[string]want {
	out := map[string]want{}
	for _, s := range largeServices {
		var cs []call
		if s.public {
			cs = append(cs, ok(sim.CallRegistryPull, nat))
		} else {
			cs = append(cs, ok(sim.CallECRAuth, ie), ok(sim.CallECRImage, ie), ok(sim.CallECRLayers, ge))
		}
		cs = append(cs, ok(sim.CallLogs, ie))
		for range s.secrets {
			cs = append(cs, ok(sim.CallSecret, ie))
		}
		if s.exec {
			cs = append(cs, ok(sim.CallExec, ie))     // 1.7.1: ssmmessages endpoint
			cs = append(cs, ok(sim.CallExecLogs, ie)) // 1.7.5: Exec logging DEFAULT, to the awslogs group
		}
		out[s.name] = want{calls: cs, starts: true}
	}
	return out
}

// TestRoots evaluates each root, traces it, and compares every call of
// every workload.
func TestRoots(t *testing.T) {
	for _, tc := range rootCases() {
		t.Run(tc.name, func(t *testing.T) {
			opts := terraform.Options{Vars: tc.vars, VarFiles: tc.varFiles, Region: region, Account: account}
			if tc.ownRegion {
				opts.Region = ""
			}
			w := loadWith(t, tc.dir, opts)
			rep := sim.Run(w)
			if rep.Diagnostics.HasErrors() {
				t.Errorf("sim.Run: error diagnostics:\n%v", rep.Diagnostics.Error())
			}
			var names []string
			for _, wl := range rep.Workloads {
				names = append(names, wl.Name)
			}
			var wantNames []string
			for name := range tc.workloads {
				wantNames = append(wantNames, name)
			}
			slices.Sort(names)
			slices.Sort(wantNames)
			if diff := cmp.Diff(wantNames, names); diff != "" {
				t.Errorf("workloads (-want +got):\n%s", diff)
			}
			for _, wl := range rep.Workloads {
				want, found := tc.workloads[wl.Name]
				if !found {
					continue
				}
				checkWorkload(t, wl, want)
			}
		})
	}
}

func checkWorkload(t *testing.T, wl sim.WorkloadResult, want want) {
	t.Helper()
	if diff := cmp.Diff(want.calls, calls(wl)); diff != "" {
		t.Errorf("%s: calls (-want +got):\n%s", wl.Name, diff)
	}
	if wl.Starts != want.starts {
		t.Errorf("%s: Starts = %v, want %v", wl.Name, wl.Starts, want.starts)
	}
	switch {
	case want.starts && wl.StoppedReason != "":
		t.Errorf("%s: starts, but StoppedReason = %q", wl.Name, wl.StoppedReason)
	case !want.starts && !strings.HasPrefix(wl.StoppedReason, want.stopped):
		t.Errorf("%s: StoppedReason = %q\nwant prefix %q", wl.Name, wl.StoppedReason, want.stopped)
	}
}

// TestSeedRootMatchesScenario checks that the seed root and the built-in
// YAML scenario (example/seed.yaml) describe the same network: the same
// workloads with the same calls, verdicts, vias and reasons, and that the
// article's experiment -- private DNS off on the secretsmanager endpoint --
// gives secret NO_ROUTE in both (aws-rules 3.2.5, 4.2.4).
func TestSeedRootMatchesScenario(t *testing.T) {
	byName := func(r sim.Report) map[string][]call {
		out := map[string][]call{}
		for _, w := range r.Workloads {
			out[w.Name] = calls(w)
		}
		return out
	}
	decodeSeed := func(t *testing.T) *model.World {
		w, diags := scenario.Decode(example.SeedFile, example.Seed)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", example.SeedFile, diags.Error())
		}
		return w
	}
	tests := []struct {
		name       string
		vars       []string
		yaml       func(t *testing.T, w *model.World) // the same change in the scenario
		wantSecret call
	}{
		{
			name:       "article environment",
			yaml:       func(*testing.T, *model.World) {},
			wantSecret: ok(sim.CallSecret, ie),
		},
		{
			name: "secretsmanager private DNS off",
			vars: []string{"secretsmanager_private_dns=false"},
			yaml: func(t *testing.T, w *model.World) {
				i := slices.IndexFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == "secretsmanager" })
				if i < 0 {
					t.Fatalf("%s: no endpoint secretsmanager", example.SeedFile)
				}
				w.Endpoints[i].PrivateDNS = false
			},
			wantSecret: no(sim.CallSecret, sim.NoRoute),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yw := decodeSeed(t)
			tt.yaml(t, yw)
			fromYAML := byName(sim.Run(yw))
			fromTF := byName(sim.Run(load(t, "seed", tt.vars, nil)))
			if diff := cmp.Diff(fromYAML, fromTF); diff != "" {
				t.Errorf("calls by workload (-example/seed.yaml +testdata/terraform/seed):\n%s", diff)
			}
			for name, src := range map[string]map[string][]call{"yaml": fromYAML, "terraform": fromTF} {
				cs := src["app"]
				i := slices.IndexFunc(cs, func(c call) bool { return c.Kind == sim.CallSecret })
				if i < 0 {
					t.Errorf("%s: workload app has no secret call: %v", name, cs)
					continue
				}
				if cs[i] != tt.wantSecret {
					t.Errorf("%s: %v, want %v", name, cs[i], tt.wantSecret)
				}
			}
		})
	}
}

// TestBadRoots checks that mistakes in a root are reported as error
// diagnostics at the position of the mistake. Positions are exact (file,
// line, column of the start of the offending text); messages are checked
// for substrings only, since their wording is the evaluator's.
func TestBadRoots(t *testing.T) {
	tests := []struct {
		name string
		dir  string // under testdata/terraform/bad
		// pos is "FILE:LINE:COL"; FILE is matched against the end of the
		// diagnostic's file name (which may be relative or absolute).
		pos string
		// msg are substrings the message must contain, case-insensitively.
		msg []string
	}{
		{
			// enable_dns_hostnames = (nothing): HCL's "Invalid expression:
			// Expected the start of an expression" at the end of line 5,
			// where terraform reports it too.
			name: "HCL syntax error", dir: "syntax",
			pos: "main.tf:5:25", msg: []string{"expression"},
		},
		{
			// vpc_id = aws_vpc.mian.id: the reference's start (terraform:
			// "Reference to undeclared resource", main.tf line 8). The
			// message names the type and the name, however it quotes them
			// (`aws_vpc.mian` or `"aws_vpc" "mian"`).
			name: "reference to an undeclared resource", dir: "unknown-reference",
			pos: "main.tf:8:16", msg: []string{"aws_vpc", "mian"},
		},
		{
			// Two groups whose inline rules name each other. terraform
			// reports "Cycle: aws_security_group.b, aws_security_group.a"
			// without a position; vpctrace reports the cycle once, at the
			// block of its first member in declaration order
			// (aws_security_group.a, line 8), and names every member.
			name: "dependency cycle", dir: "cycle",
			pos: "main.tf:8:1", msg: []string{"cycle", "aws_security_group.a", "aws_security_group.b"},
		},
		{
			// source = "./modules/network" names no directory: reported at
			// the source value, the text to fix. (terraform: "Unreadable
			// module directory", for module "network" at main.tf:2.)
			name: "module source directory does not exist", dir: "missing-module",
			pos: "main.tf:3:12", msg: []string{"modules/network"},
		},
		{
			// variable "vpc_cidr" has no default and Options gives no
			// value: reported at the variable block, as terraform does
			// ("No value for required variable", main.tf line 2).
			name: "root variable without a value", dir: "no-value",
			pos: "main.tf:2:1", msg: []string{"vpc_cidr"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := terraform.Load(filepath.Join(rootsDir, "bad", tt.dir), terraform.Options{Region: region, Account: account})
			errs := diags.Errors()
			if len(errs) == 0 {
				t.Fatalf("no error diagnostic; got %v", diags)
			}
			for _, d := range errs {
				if posMatches(d.Source, tt.pos) && containsAll(d.Message, tt.msg) {
					return
				}
			}
			t.Errorf("no error at %s with a message containing %q; errors:\n%s", tt.pos, tt.msg, errs.Error())
		})
	}
}

// posMatches reports whether p is "FILE:LINE:COL" with FILE ending in the
// given file name (at a path separator).
func posMatches(p model.Pos, want string) bool {
	got := filepath.ToSlash(p.String())
	return got == want || strings.HasSuffix(got, "/"+want)
}

func containsAll(s string, subs []string) bool {
	s = strings.ToLower(s)
	for _, sub := range subs {
		if !strings.Contains(s, strings.ToLower(sub)) {
			return false
		}
	}
	return true
}

// BenchmarkLargeRoot measures evaluating testdata/terraform/large (about
// 400 resource instances) and tracing its 30 services.
func BenchmarkLargeRoot(b *testing.B) {
	dir := filepath.Join(rootsDir, "large")
	opts := terraform.Options{Region: region, Account: account}
	b.Run("Load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, diags := terraform.Load(dir, opts); diags.HasErrors() {
				b.Fatal(diags.Error())
			}
		}
	})
	b.Run("LoadAndRun", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w, diags := terraform.Load(dir, opts)
			if diags.HasErrors() {
				b.Fatal(diags.Error())
			}
			if r := sim.Run(w); len(r.Workloads) != len(largeServices) {
				b.Fatalf("%d workloads, want %d", len(r.Workloads), len(largeServices))
			}
		}
	})
}
