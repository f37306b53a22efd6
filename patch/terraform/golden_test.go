package terraform

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/patch"
	"github.com/vpctrace/vpctrace/whatif"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// editsText is the edits as vpctrace fix prints them: a unified diff.
func editsText(edits []patch.Edit) []byte { return []byte(patch.Diff(edits)) }

// TestGolden checks the diff of the edits for a few lists of changes
// against testdata/golden (go test -update rewrites them), and that two
// runs give the same bytes.
func TestGolden(t *testing.T) {
	tests := []struct {
		golden  string
		root    string
		changes []whatif.Change
	}{
		{"inline-several", "testdata/inline", []whatif.Change{
			{Kind: whatif.EnablePrivateDNS, Target: "aws_vpc_endpoint.ecr_api"},
			{Kind: whatif.AllowEgress, Target: "aws_security_group.tasks", Value: "aws_security_group.endpoints", Port: 443},
			{Kind: whatif.AddS3Egress, Target: "aws_security_group.tasks"},
			{Kind: whatif.AllowNACL, Target: "aws_network_acl.private", Value: "ingress"},
			{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.private", Value: "aws_nat_gateway.main"},
			{Kind: whatif.AssociateRouteTable, Target: "aws_vpc_endpoint.s3", Value: "aws_route_table.other"},
			{Kind: whatif.AddMountTarget, Target: "aws_efs_file_system.data", Value: "aws_subnet.c"},
			{Kind: whatif.WidenEndpointPolicy, Target: "aws_vpc_endpoint.ecr_api", Value: "ecr:BatchGetImage,ecr:GetDownloadUrlForLayer *"},
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.ecr.dkr"},
			{Kind: whatif.AllowEgress, Target: "aws_security_group.worker", Value: "aws_security_group.endpoints", Port: 443},
			{Kind: whatif.AllowIngress, Target: "aws_security_group.worker", Value: "aws_security_group.tasks", Port: 443},
			{Kind: whatif.AllowEgress, Target: `aws_security_group.batch["nightly"]`, Value: "0.0.0.0/0", Port: 443},
			{Kind: whatif.AllowNACL, Target: "aws_network_acl.edge[1]", Value: "ingress"},
			{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.zones[0]", Value: "aws_nat_gateway.main"},
		}},
		{"standalone-several", "testdata/standalone", []whatif.Change{
			{Kind: whatif.EnablePrivateDNS, Target: `aws_vpc_endpoint.this["ecr.dkr"]`},
			{Kind: whatif.AllowEgress, Target: "aws_security_group.tasks", Value: "aws_security_group.endpoints", Port: 443},
			{Kind: whatif.AllowIngress, Target: "aws_security_group.endpoints", Value: "aws_security_group.tasks", Port: 443},
			{Kind: whatif.AddS3Egress, Target: "aws_security_group.tasks"},
			{Kind: whatif.AllowNACL, Target: "aws_network_acl.private", Value: "ingress"},
			{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.private", Value: "aws_nat_gateway.main"},
			{Kind: whatif.AssociateRouteTable, Target: "aws_vpc_endpoint.s3", Value: "aws_route_table.spare"},
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.secretsmanager"},
		}},
		{"bare-new-group-and-prefix-list", "testdata/bare", []whatif.Change{
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.ecr.api"},
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.ecr.dkr"},
			{Kind: whatif.AllowEgress, Target: "aws_security_group.tasks", Value: "0.0.0.0/0", Port: 443},
			{Kind: whatif.AddS3Egress, Target: "aws_security_group.tasks"},
			{Kind: whatif.AddDefaultRoute, Target: "aws_route_table.private", Value: "aws_nat_gateway.main"},
		}},
		{"registry-root-through-outputs", "testdata/registry", []whatif.Change{
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.logs"},
			{Kind: whatif.AllowEgress, Target: `module.svc["app"].aws_security_group.this`, Value: "0.0.0.0/0", Port: 443},
			{Kind: whatif.EnablePrivateDNS, Target: "module.vpc.aws_vpc_endpoint.logs"},
			{Kind: whatif.EnableVPCDNS, Target: "module.vpc.aws_vpc.this"},
		}},
		{"ipv6-shared-endpoints", "testdata/ipv6-shared", []whatif.Change{
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.mixed", Value: "com.amazonaws.ap-northeast-1.secretsmanager"},
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.ecr.api"},
		}},
		{"module-endpoint-and-rule", "testdata/module", []whatif.Change{
			{Kind: whatif.AddEndpoint, Target: "aws_ecs_service.app", Value: "com.amazonaws.ap-northeast-1.logs"},
			{Kind: whatif.AllowIngress, Target: "module.net.aws_security_group.endpoints", Value: "aws_security_group.tasks", Port: 443},
			{Kind: whatif.WidenEndpointPolicy, Target: "aws_vpc_endpoint.dynamodb", Value: "dynamodb:PutItem *"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			got := editsText(roundTrip(t, tt.root, tt.changes))
			again, err := Edits(tt.root, loadRoot(t, tt.root), tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, editsText(again)) {
				t.Fatal("two runs give different edits")
			}
			path := filepath.Join("testdata", "golden", tt.golden+".diff")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
				t.Errorf("%s differs (-want +got; go test -update accepts):\n%s", path, diff)
			}
		})
	}
}
