package fix_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/fix"
	"github.com/vpctrace/vpctrace/fix/proof"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/load"
)

var dump = flag.Bool("dump", false, "print the summaries the test finds, to write new rows")

// plan sums up a fix.Plan: its changes, what each is for, and what it
// leaves unfixed.
type plan struct {
	Strategy fix.Strategy
	Changes  []string
	Unfixed  []string
}

func summarize(res fix.Result) []plan {
	var out []plan
	for _, p := range res.Plans {
		s := plan{Strategy: p.Strategy}
		for i, c := range p.Changes {
			s.Changes = append(s.Changes, fmt.Sprintf("%s -> %v", c.Label(), p.Fixes[i]))
		}
		for _, u := range p.Unfixed {
			s.Unfixed = append(s.Unfixed, fmt.Sprintf("%s %s %s %s", u.Workload, u.Call, u.Subnet, u.Reason))
		}
		out = append(out, s)
	}
	return out
}

// world loads a testdata input of the repository.
func world(t testing.TB, path string) *model.World {
	t.Helper()
	w, ds, err := proof.Load(filepath.Join("..", "testdata", path), load.Options{})
	if err != nil || w == nil {
		t.Fatalf("loading %s: %v %v", path, err, ds.Errors())
	}
	return w
}

// TestFind runs the search on inputs whose blockers each need their own
// kind of change, and checks every plan whole: the changes, the calls each
// is for, and what no change fixes.
func TestFind(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input string
		want  []plan
	}{
		{name: "aws-rules 3.2.1: private DNS off on the Secrets Manager endpoint is turned on; the VPC has no NAT gateway for the other strategy", input: "scenarios/seed-secretsmanager-private-dns-off.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"turn on private DNS of endpoint secretsmanager -> [app secret]"}, Unfixed: nil},
			{Strategy: "nat", Changes: nil, Unfixed: []string{"app secret private-a NO_ROUTE"}},
		}},
		{name: "aws-rules 5.1.2, 5.1.4, 5.2.3, 5.2.4: security group egress and ingress rules, and the ACL return rule for the ephemeral ports", input: "scenarios/filters.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"SG closed: allow egress TCP 443 to endpoints -> [sg-egress ecr-auth sg-egress ecr-image sg-egress logs]", "SG endpoints: allow ingress TCP 443 from closed -> [sg-egress ecr-auth sg-egress ecr-image sg-egress logs]", "SG closed: allow egress 443 to S3 list -> [sg-egress ecr-layers]", "SG endpoints: allow ingress TCP 443 from other -> [sg-ingress ecr-auth sg-ingress ecr-image sg-ingress logs]", "network ACL no-return: allow ingress TCP 1024-65535 -> [nacl ecr-auth nacl ecr-image nacl ecr-layers nacl logs]", "network ACL windows-return: allow ingress TCP 1024-65535 -> [nacl-partial ecr-auth nacl-partial ecr-image nacl-partial ecr-layers nacl-partial logs]"}, Unfixed: nil},
			{Strategy: "nat", Changes: []string{"SG closed: allow egress TCP 443 to endpoints -> [sg-egress ecr-auth sg-egress ecr-image sg-egress logs]", "SG endpoints: allow ingress TCP 443 from closed -> [sg-egress ecr-auth sg-egress ecr-image sg-egress logs]", "SG closed: allow egress 443 to S3 list -> [sg-egress ecr-layers]", "SG endpoints: allow ingress TCP 443 from other -> [sg-ingress ecr-auth sg-ingress ecr-image sg-ingress logs]", "network ACL no-return: allow ingress TCP 1024-65535 -> [nacl ecr-auth nacl ecr-image nacl ecr-layers nacl logs]", "network ACL windows-return: allow ingress TCP 1024-65535 -> [nacl-partial ecr-auth nacl-partial ecr-image nacl-partial ecr-layers nacl-partial logs]"}, Unfixed: nil},
		}},
		{name: "aws-rules 1.6.1, 2.2: a mount target in the task's AZ, and platform version 1.4.0 for EFS and environment files", input: "scenarios/efs.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"add a mount target of data in private-c -> [efs-c efs efs-a-and-c efs]", "platform version 1.4.0 for legacy -> [legacy env-file legacy efs]"}, Unfixed: nil},
			{Strategy: "nat", Changes: []string{"add a mount target of data in private-c -> [efs-c efs efs-a-and-c efs]", "platform version 1.4.0 for legacy -> [legacy env-file legacy efs]"}, Unfixed: nil},
		}},
		{name: "aws-rules 6.1.1, 6.3.1: the S3 endpoint policy allows the layer bucket", input: "scenarios/endpoint-policy.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"endpoint s3-perimeter: allow s3:GetObject arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/* in its policy -> [perimeter ecr-layers]"}, Unfixed: nil},
			{Strategy: "nat", Changes: []string{"endpoint s3-perimeter: allow s3:GetObject arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/* in its policy -> [perimeter ecr-layers]"}, Unfixed: nil},
		}},
		{name: "aws-rules 3.1.1, 3.3.1: DNS support turned on; a private zone that shadows ECR has no fix vpctrace writes", input: "scenarios/dns.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"turn on DNS support and hostnames of VPC no-dns -> [no-dns ecr-auth no-dns ecr-image no-dns ecr-layers no-dns logs]"}, Unfixed: []string{"shadowed ecr-image shadowed-private DNS_NAME_NOT_FOUND", "shadowed ecr-layers shadowed-private DNS_NAME_NOT_FOUND"}},
			{Strategy: "nat", Changes: []string{"turn on DNS support and hostnames of VPC no-dns -> [no-dns ecr-auth no-dns ecr-image no-dns ecr-layers no-dns logs]"}, Unfixed: []string{"shadowed ecr-image shadowed-private DNS_NAME_NOT_FOUND", "shadowed ecr-layers shadowed-private DNS_NAME_NOT_FOUND"}},
		}},
		{name: "aws-rules 4.3.1, 4.5.1, 2.5: endpoints, or routes to the existing NAT gateway and a public IP", input: "scenarios/routing.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"turn on DNS support and hostnames of VPC main -> [public-no-ip ecr-auth public-no-ip ecr-image public-no-ip logs isolated ecr-auth isolated ecr-image isolated logs blackhole ecr-auth blackhole ecr-image blackhole logs]", "add endpoint com.amazonaws.ap-northeast-1.ecr.api -> [public-no-ip ecr-auth isolated ecr-auth blackhole ecr-auth]", "add endpoint com.amazonaws.ap-northeast-1.ecr.dkr -> [public-no-ip ecr-image isolated ecr-image blackhole ecr-image]", "associate route table public with gateway endpoint s3 -> [public-no-ip ecr-layers]", "add endpoint com.amazonaws.ap-northeast-1.logs -> [public-no-ip logs isolated logs blackhole logs]", "associate route table isolated with gateway endpoint s3 -> [isolated ecr-layers]", "associate route table stale with gateway endpoint s3 -> [blackhole ecr-layers]"}, Unfixed: nil},
			{Strategy: "nat", Changes: []string{"flip assignPublicIp of public-no-ip -> [public-no-ip ecr-auth public-no-ip ecr-image public-no-ip ecr-layers public-no-ip logs]", "route 0.0.0.0/0 -> NAT nat-a in isolated -> [isolated ecr-auth isolated ecr-image isolated ecr-layers isolated logs]", "route 0.0.0.0/0 -> NAT nat-a in stale -> [blackhole ecr-auth blackhole ecr-image blackhole ecr-layers blackhole logs]"}, Unfixed: nil},
		}},
		{name: "aws-rules 4.7.2, 3.2.1: peering is not transitive, so the task VPC gets endpoints of its own (with DNS hostnames)", input: "scenarios/peering.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"turn on DNS support and hostnames of VPC app -> [app ecr-auth app ecr-image app logs]", "add endpoint com.amazonaws.ap-northeast-1.ecr.api -> [app ecr-auth]", "add endpoint com.amazonaws.ap-northeast-1.ecr.dkr -> [app ecr-image]", "add endpoint com.amazonaws.ap-northeast-1.s3 -> [app ecr-layers]", "add endpoint com.amazonaws.ap-northeast-1.logs -> [app logs]"}, Unfixed: nil},
			{Strategy: "nat", Changes: nil, Unfixed: []string{"app ecr-auth app-a NOT_TRANSITIVE", "app ecr-image app-a NOT_TRANSITIVE", "app ecr-layers app-a NOT_TRANSITIVE", "app logs app-a NOT_TRANSITIVE"}},
		}},
		{name: "aws-rules 4.8.1, 4.3.1: spokes without a transit route get endpoints of their own, one set per VPC", input: "scenarios/transit.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"add endpoint com.amazonaws.ap-northeast-1.ecr.api -> [spoke-two-az ecr-auth]", "add endpoint com.amazonaws.ap-northeast-1.ecr.dkr -> [spoke-two-az ecr-image]", "add endpoint com.amazonaws.ap-northeast-1.s3 -> [spoke-two-az ecr-layers]", "add endpoint com.amazonaws.ap-northeast-1.logs -> [spoke-two-az logs]", "add endpoint com.amazonaws.ap-northeast-1.ecr.api -> [spoke-b ecr-auth]", "add endpoint com.amazonaws.ap-northeast-1.ecr.dkr -> [spoke-b ecr-image]", "add endpoint com.amazonaws.ap-northeast-1.s3 -> [spoke-b ecr-layers]", "add endpoint com.amazonaws.ap-northeast-1.logs -> [spoke-b logs]", "add endpoint com.amazonaws.ap-northeast-1.s3 -> [spoke-c ecr-layers]"}, Unfixed: nil},
			{Strategy: "nat", Changes: nil, Unfixed: []string{"spoke-two-az ecr-auth spoke-a-1c TGW_NO_ROUTE", "spoke-two-az ecr-image spoke-a-1c TGW_NO_ROUTE", "spoke-two-az ecr-layers spoke-a-1c TGW_NO_ROUTE", "spoke-two-az logs spoke-a-1c TGW_NO_ROUTE", "spoke-b ecr-auth spoke-b-1a NO_ROUTE", "spoke-b ecr-image spoke-b-1a NO_ROUTE", "spoke-b ecr-layers spoke-b-1a NO_ROUTE", "spoke-b logs spoke-b-1a NO_ROUTE", "spoke-c ecr-layers spoke-c-1a TGW_NO_ROUTE"}},
		}},
		{name: "aws-rules 5.1.5: an endpoint guarded by the undeclared default group has no fix vpctrace writes", input: "scenarios/default-security-group.yaml", want: []plan{
			{Strategy: "endpoints", Changes: nil, Unfixed: []string{"own-group ecr-auth private-c SG_INGRESS_DENIED", "own-group ecr-image private-c SG_INGRESS_DENIED", "own-group logs private-c SG_INGRESS_DENIED"}},
			{Strategy: "nat", Changes: nil, Unfixed: []string{"own-group ecr-auth private-c SG_INGRESS_DENIED", "own-group ecr-image private-c SG_INGRESS_DENIED", "own-group logs private-c SG_INGRESS_DENIED"}},
		}},
		{name: "aws-rules 4.5.1, 4.10.1: a NAT gateway's own route table is not pointed at it, so internet calls that VPC Block Public Access stops have no fix", input: "scenarios/bpa-ingress.yaml", want: []plan{
			{Strategy: "endpoints", Changes: nil, Unfixed: []string{"public-ip registry-pull public-a VPC_BPA_BLOCKED", "egress-excluded registry-pull public-b VPC_BPA_BLOCKED"}},
			{Strategy: "nat", Changes: nil, Unfixed: []string{"public-ip registry-pull public-a VPC_BPA_BLOCKED", "egress-excluded registry-pull public-b VPC_BPA_BLOCKED"}},
		}},
		{name: "no network change fixes an image reference ECS rejects", input: "scenarios/image-reference.yaml", want: []plan{
			{Strategy: "endpoints", Changes: nil, Unfixed: []string{"upper-ecr ecr-image public-a INVALID_IMAGE_REFERENCE", "upper-legacy registry-pull public-a INVALID_IMAGE_REFERENCE", "number-sign registry-pull public-a INVALID_IMAGE_REFERENCE"}},
			{Strategy: "nat", Changes: nil, Unfixed: []string{"upper-ecr ecr-image public-a INVALID_IMAGE_REFERENCE", "upper-legacy registry-pull public-a INVALID_IMAGE_REFERENCE", "number-sign registry-pull public-a INVALID_IMAGE_REFERENCE"}},
		}},
		{name: "aws-rules 1.3.10, 6.1.1: the FireLens S3 configuration is refused on Fargate whatever the network; the policies are widened", input: "scenarios/firelens.yaml", want: []plan{
			{Strategy: "endpoints", Changes: []string{"endpoint config-s3: allow s3:GetObject arn:aws:s3:::example-log-config/fluent-bit/extra.conf in its policy -> [s3-config firelens-config]", "endpoint perimeter-ecr-dkr: allow ecr:BatchGetImage,ecr:GetDownloadUrlForLayer arn:aws:ecr:ap-northeast-1:906394416424:repository/aws-for-fluent-bit in its policy -> [router-image-denied ecr-image]"}, Unfixed: []string{"fargate-s3-config firelens-config config-private-a UNSUPPORTED_BY_PLATFORM"}},
			{Strategy: "nat", Changes: []string{"endpoint config-s3: allow s3:GetObject arn:aws:s3:::example-log-config/fluent-bit/extra.conf in its policy -> [s3-config firelens-config]", "endpoint perimeter-ecr-dkr: allow ecr:BatchGetImage,ecr:GetDownloadUrlForLayer arn:aws:ecr:ap-northeast-1:906394416424:repository/aws-for-fluent-bit in its policy -> [router-image-denied ecr-image]"}, Unfixed: []string{"fargate-s3-config firelens-config config-private-a UNSUPPORTED_BY_PLATFORM"}},
		}},
		{name: "aws-rules 2.6, 5.1.4: the EC2 log driver calls from the instance's group, which the endpoint group must admit", input: "terraform/firelens-ec2", want: []plan{
			{Strategy: "endpoints", Changes: []string{"SG aws_security_group.logs_endpoint: allow ingress TCP 443 from aws_security_group.instances -> [audit logs orders logs]", "endpoint aws_vpc_endpoint.s3: allow s3:GetObject arn:aws:s3:::logship-shared-config/audit/extra.conf in its policy -> [audit firelens-config]"}, Unfixed: nil},
			{Strategy: "nat", Changes: []string{"SG aws_security_group.logs_endpoint: allow ingress TCP 443 from aws_security_group.instances -> [audit logs orders logs]", "endpoint aws_vpc_endpoint.s3: allow s3:GetObject arn:aws:s3:::logship-shared-config/audit/extra.conf in its policy -> [audit firelens-config]"}, Unfixed: nil},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := summarize(fix.Find(world(t, tc.input)))
			if *dump {
				fmt.Printf("%s: %#v\n", tc.input, got)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("plans (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFindSharesEndpointGroup: the seed's endpoint group admits only the
// group of service app, and a second service, worker, has a group of its
// own with no egress rule. The plan admits worker in that group for the
// endpoints it already calls, so the logs endpoint it adds shares the
// group, as the VPC's other endpoints do, instead of a new group beside
// it that worker's egress would need a rule for too (aws-rules 3.2.1,
// 5.1.4).
func TestFindSharesEndpointGroup(t *testing.T) {
	w := world(t, "../example/seed.yaml")
	w.Endpoints = slices.DeleteFunc(w.Endpoints, func(e model.Endpoint) bool { return e.ID == "logs" })
	for i := range w.SecurityGroups {
		if g := &w.SecurityGroups[i]; g.ID == "vpc-endpoint" {
			g.Ingress = []model.SGRule{{Protocol: model.ProtocolTCP, FromPort: 443, ToPort: 443, SecurityGroups: []string{"app"}}}
		}
	}
	w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: "worker", VPC: "main"})
	worker := w.Services[0]
	worker.ID, worker.Name, worker.SecurityGroups = "worker", "worker", []string{"worker"}
	w.Services = append(w.Services, worker)

	type endpointPlan struct {
		Changes []string
		Groups  []string // the security groups of the plan's world
		Guard   []string // the groups of the logs endpoint it adds
	}
	p := fix.Find(w).Plans[0]
	got := endpointPlan{}
	for i, c := range p.Changes {
		got.Changes = append(got.Changes, fmt.Sprintf("%s -> %v", c.Label(), p.Fixes[i]))
	}
	for _, g := range p.World.SecurityGroups {
		got.Groups = append(got.Groups, g.ID)
	}
	for _, e := range p.World.Endpoints {
		if e.ServiceName == "com.amazonaws.ap-northeast-1.logs" {
			got.Guard = e.SecurityGroups
		}
	}
	want := endpointPlan{
		Changes: []string{
			"SG vpc-endpoint: allow ingress TCP 443 from worker -> [worker ecr-auth worker ecr-image worker logs worker secret worker parameter]",
			"add endpoint com.amazonaws.ap-northeast-1.logs -> [app logs worker logs]",
			"SG worker: allow egress TCP 443 to vpc-endpoint -> [worker ecr-auth worker ecr-image worker logs worker secret worker parameter]",
			"SG worker: allow egress 443 to S3 list -> [worker ecr-layers]",
		},
		Groups: []string{"vpc-endpoint", "app", "worker"},
		Guard:  []string{"vpc-endpoint"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the endpoints plan (-want +got):\n%s", diff)
	}
}
