package scenario_test

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
)

// cmpOpts compares netip values, which have unexported fields, by value.
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func pfxs(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = pfx(s)
	}
	return out
}

// seedPos is a position in the built-in example.
func seedPos(line, col int) model.Pos {
	return model.Pos{File: example.SeedFile, Line: line, Column: col}
}

// seedEndpoint is one of the seed's five interface endpoints.
func seedEndpoint(id, service string, line int) model.Endpoint {
	return model.Endpoint{
		ID:             id,
		Source:         seedPos(line, 3),
		VPC:            "main",
		ServiceName:    "com.amazonaws.ap-northeast-1." + service,
		Type:           model.EndpointInterface,
		Subnets:        []string{"private-a"},
		SecurityGroups: []string{"vpc-endpoint"},
		PrivateDNS:     true,
	}
}

// allowAllEgress is AWS's default egress rule, placed at the group.
func allowAllEgress(pos model.Pos) []model.SGRule {
	return []model.SGRule{{Source: pos, Protocol: model.ProtocolAll, CIDRs: pfxs("0.0.0.0/0", "::/0")}}
}

func TestDecodeSeed(t *testing.T) {
	want := &model.World{
		Region:      "ap-northeast-1",
		Account:     "123456789012",
		AccountFrom: "the scenario's account", // aws-rules 6.1.6
		VPCs: []model.VPC{{
			ID:                 "main",
			Source:             seedPos(17, 3),
			CIDRs:              pfxs("10.0.0.0/16"),
			EnableDNSSupport:   true,
			EnableDNSHostnames: true,
		}},
		Subnets: []model.Subnet{{
			ID:         "private-a",
			Source:     seedPos(27, 3),
			VPC:        "main",
			AZ:         "ap-northeast-1a",
			CIDR:       pfx("10.0.1.0/24"),
			RouteTable: "private-a",
		}},
		RouteTables: []model.RouteTable{{ID: "private-a", Source: seedPos(37, 3), VPC: "main"}},
		SecurityGroups: []model.SecurityGroup{
			{
				ID:      "vpc-endpoint",
				Source:  seedPos(43, 3),
				VPC:     "main",
				Ingress: []model.SGRule{{Source: seedPos(46, 9), Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: pfxs("10.0.0.0/16")}},
				Egress:  allowAllEgress(seedPos(43, 3)),
			},
			{ID: "app", Source: seedPos(48, 3), VPC: "main", Egress: allowAllEgress(seedPos(48, 3))},
		},
		Endpoints: []model.Endpoint{
			{
				ID:          "s3",
				Source:      seedPos(54, 3),
				VPC:         "main",
				ServiceName: "com.amazonaws.ap-northeast-1.s3",
				Type:        model.EndpointGateway,
				RouteTables: []string{"private-a"},
			},
			seedEndpoint("ecr-dkr", "ecr.dkr", 63),
			seedEndpoint("ecr-api", "ecr.api", 70),
			seedEndpoint("secretsmanager", "secretsmanager", 77),
			seedEndpoint("ssm", "ssm", 84),
			seedEndpoint("logs", "logs", 91),
		},
		Clusters: []model.Cluster{{ID: "main", Source: seedPos(101, 3), Name: "main"}},
		TaskDefinitions: []model.TaskDefinition{{
			ID:                      "app",
			Source:                  seedPos(105, 3),
			Family:                  "app",
			NetworkMode:             "awsvpc",
			RequiresCompatibilities: []string{"FARGATE"},
			ExecutionRoleARN:        "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
			Containers: []model.Container{{
				Source:    seedPos(109, 9),
				Name:      "app",
				Image:     "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest",
				LogDriver: "awslogs",
				LogOptions: map[string]string{
					"awslogs-group":         "/ecs/app",
					"awslogs-region":        "ap-northeast-1",
					"awslogs-stream-prefix": "app",
				},
				Secrets: []model.Secret{
					{Source: seedPos(123, 13), Name: "DB_PASSWORD", ValueFrom: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:app/db-password-AbCdEf"},
					{Source: seedPos(125, 13), Name: "API_KEY", ValueFrom: "arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/api-key"},
				},
			}},
		}},
		Services: []model.Service{{
			ID:              "app",
			Source:          seedPos(129, 3),
			Name:            "app",
			Cluster:         "main",
			TaskDefinition:  "app",
			LaunchType:      "FARGATE",
			PlatformVersion: "1.4.0",
			Subnets:         []string{"private-a"},
			SecurityGroups:  []string{"app"},
		}},
	}
	got, diags := scenario.Decode(example.SeedFile, example.Seed)
	if len(diags) != 0 {
		t.Fatalf("Decode(seed) diagnostics:\n%v", diags)
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Decode(seed) mismatch (-want +got):\n%s", diff)
	}
}

// TestDecodeDeterministic decodes the seed many times: map-valued fields
// aside, nothing may depend on Go map order.
func TestDecodeDeterministic(t *testing.T) {
	first, _ := scenario.Decode(example.SeedFile, example.Seed)
	for range 20 {
		again, _ := scenario.Decode(example.SeedFile, example.Seed)
		if diff := cmp.Diff(first, again, cmpOpts); diff != "" {
			t.Fatalf("second decode differs (-first +again):\n%s", diff)
		}
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seed.yaml")
	if err := os.WriteFile(path, example.Seed, 0o600); err != nil {
		t.Fatal(err)
	}
	w, diags := scenario.LoadFile(path)
	if len(diags) != 0 || w == nil {
		t.Fatalf("LoadFile(%s) = %v, %v; want a world and no diagnostics", path, w, diags)
	}
	if got := w.VPCs[0].Source; got != (model.Pos{File: path, Line: 17, Column: 3}) {
		t.Errorf("VPC source = %v; want %s:17:3", got, path)
	}

	missing := filepath.Join(dir, "missing.yaml")
	w, diags = scenario.LoadFile(missing)
	want := model.Diagnostics{{
		Severity: model.SeverityError,
		Code:     scenario.CodeReadError,
		Message:  "cannot read scenario file: stat " + missing + ": no such file or directory",
		Source:   model.Pos{File: missing},
	}}
	if w != nil {
		t.Errorf("LoadFile(missing) returned a world")
	}
	if diff := cmp.Diff(want, diags); diff != "" {
		t.Errorf("LoadFile(missing) diagnostics (-want +got):\n%s", diff)
	}
}
