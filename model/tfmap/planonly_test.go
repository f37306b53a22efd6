package tfmap

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
)

// planOpts are the options of a plan read without its root.
var planOpts = Options{Region: region, Account: account, PlanFile: "plan.json"}

// hint is the advice planHint gives for planOpts.
const hint = "; trace the plan with its Terraform root (`vpctrace trace --plan plan.json DIR`) for the full answer"

// TestShownContainers checks, rule by rule, the containers Build makes of a
// container_definitions known only after apply in a plan read without its
// root, comparing whole task definitions, their Unknowns and the
// diagnostics.
func TestShownContainers(t *testing.T) {
	const cd = "container_definitions"
	p := at(21, 3) // container_definitions
	td := func(refsTo ...string) Resource {
		return res(20, "aws_ecs_task_definition.app", M{"family": "app", "network_mode": "awsvpc", "requires_compatibilities": []string{"FARGATE"},
			"execution_role_arn": "arn:aws:iam::123456789012:role/exec", cd: U}, refs(cd, refsTo...), pos(cd, 21, 3))
	}
	wantTD := func(cs ...model.Container) model.TaskDefinition {
		return model.TaskDefinition{ID: "aws_ecs_task_definition.app", Source: at(20, 1), Family: "app", NetworkMode: "awsvpc",
			RequiresCompatibilities: []string{"FARGATE"}, ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec", Containers: cs}
	}
	unknown := func(f model.ContainerField, i int, why string) model.ContainerUnknown {
		return model.ContainerUnknown{Field: f, Index: i, Why: why, Source: p}
	}
	const (
		only   = "container_definitions is known only after apply, and the plan shows only that it references "
		others = "; other containers and settings may make calls the plan does not show"
		image  = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:"
		tag    = "container_definitions is known only after apply; its image comes from ECR repository aws_ecr_repository.app (\"app\"), with a tag the plan does not show" + hint
	)
	repo := res(30, "aws_ecr_repository.app", M{"name": "app", "arn": U, "repository_url": U, "registry_id": U})
	logs := res(31, "aws_cloudwatch_log_group.app", M{"name": "/ecs/app", "arn": U})
	secret := res(32, "aws_secretsmanager_secret.db", M{"name": "app/db", "arn": U})
	param := res(33, "aws_ssm_parameter.flag", M{"name": "/app/flag", "arn": U})
	bucket := res(34, "aws_s3_bucket.env", M{"bucket": "app-env", "arn": U})
	undeterminedCD := model.Unknown{ID: "aws_ecs_task_definition.app", Kind: model.KindTaskDefinition, Field: cd, Why: afterApplyWhy, Source: p}
	rest := model.Container{Source: p, Unknowns: []model.ContainerUnknown{
		unknown(model.FieldContainer, 0, "container_definitions is known only after apply"+others+hint)}}
	tests := []struct {
		rule      string
		resources []Resource
		opts      Options
		want      []model.TaskDefinition
		unknowns  []model.Unknown
		diags     []string
	}{{
		rule:      "references: an image from the repository, logs, secrets, parameters and environment files unknown, the rest one unknown container",
		resources: []Resource{td("aws_ecr_repository.app", "aws_cloudwatch_log_group.app", "aws_secretsmanager_secret.db", "aws_ssm_parameter.flag", "aws_s3_bucket.env"), repo, logs, secret, param, bucket},
		opts:      planOpts,
		want: []model.TaskDefinition{wantTD(model.Container{Source: p, Image: image,
			LogDriver: "awslogs", LogOptions: map[string]string{"awslogs-group": "/ecs/app"},
			Secrets: []model.Secret{{Source: p, ValueFrom: "arn:aws:secretsmanager:"}, {Source: p, ValueFrom: "arn:aws:ssm:"}},
			Unknowns: []model.ContainerUnknown{
				unknown(model.FieldImage, 0, tag),
				unknown(model.FieldLogRegion, 0, only+"log group aws_cloudwatch_log_group.app (\"/ecs/app\"), not how"+hint),
				unknown(model.FieldSecret, 0, only+"secret aws_secretsmanager_secret.db (\"app/db\"), not where"+hint),
				unknown(model.FieldSecret, 1, only+"parameter aws_ssm_parameter.flag (\"/app/flag\"), not where"+hint),
				unknown(model.FieldEnvironmentFiles, 0, only+"bucket aws_s3_bucket.env (\"app-env\"), not how"+hint),
				unknown(model.FieldFirelens, 0, only+"bucket aws_s3_bucket.env (\"app-env\"), not how"+hint),
			}, Firelens: &model.FirelensConfiguration{}}, rest)},
	}, {
		rule:      "1.3.9 an S3 object: environment files or the file of a FireLens configuration, the plan does not show which",
		resources: []Resource{td("aws_s3_object.conf"), res(35, "aws_s3_object.conf", M{"bucket": "logs-conf", "key": "fluent-bit.conf"})},
		opts:      planOpts,
		want: []model.TaskDefinition{wantTD(model.Container{Source: p, Firelens: &model.FirelensConfiguration{}, Unknowns: []model.ContainerUnknown{
			unknown(model.FieldImage, 0, "container_definitions is known only after apply, and the plan shows no image"+others+hint),
			unknown(model.FieldEnvironmentFiles, 0, only+"bucket aws_s3_object.conf (\"logs-conf\"), not how"+hint),
			unknown(model.FieldFirelens, 0, only+"bucket aws_s3_object.conf (\"logs-conf\"), not how"+hint),
		}})},
		diags: []string{diag(model.SeverityInfo, CodeNotModelled, at(35, 1))}, // aws_s3_object: read only for container_definitions
	}, {
		rule:      "only a repository: its image, and the rest one unknown container",
		resources: []Resource{td("aws_ecr_repository.app", "data.aws_region.current"), repo, res(40, "data.aws_region.current", M{"name": region})},
		opts:      planOpts,
		want: []model.TaskDefinition{wantTD(
			model.Container{Source: p, Image: image, Unknowns: []model.ContainerUnknown{unknown(model.FieldImage, 0, tag)}}, rest)},
	}, {
		rule: "a repository the plan knows: its repository_url",
		resources: []Resource{td("aws_ecr_repository.app"),
			res(30, "aws_ecr_repository.app", M{"name": "app", "repository_url": "210987654321.dkr.ecr.eu-west-1.amazonaws.com/app"})},
		opts: planOpts,
		want: []model.TaskDefinition{wantTD(model.Container{Source: p, Image: "210987654321.dkr.ecr.eu-west-1.amazonaws.com/app:",
			Unknowns: []model.ContainerUnknown{unknown(model.FieldImage, 0, tag)}}, rest)},
	}, {
		rule:      "no reference but a local value: one container, its image unknown, standing for the rest; no error",
		resources: []Resource{td("local.containers")},
		opts:      planOpts,
		want: []model.TaskDefinition{wantTD(model.Container{Source: p, Unknowns: []model.ContainerUnknown{unknown(model.FieldImage, 0,
			"container_definitions is known only after apply, and the plan shows no image"+others+
				" (it reads local value local.containers, whose expression the plan does not show)"+hint)}})},
	}, {
		rule: "some of a resource's instances: the secrets unknown, and no image from a repository that may not be the one",
		resources: []Resource{td("aws_ecr_repository.svc[?]", "aws_secretsmanager_secret.svc[?]"),
			res(30, `aws_ecr_repository.svc["a"]`, M{"name": "a"}), res(31, `aws_ecr_repository.svc["b"]`, M{"name": "b"}),
			res(32, `aws_secretsmanager_secret.svc["a/db"]`, M{"name": "a/db"})},
		opts: planOpts,
		want: []model.TaskDefinition{wantTD(model.Container{Source: p, Unknowns: []model.ContainerUnknown{
			unknown(model.FieldImage, 0, "container_definitions is known only after apply, and the plan shows only that it references ECR repository "+
				`aws_ecr_repository.svc["a"] ("a"), aws_ecr_repository.svc["b"] ("b"), not which image`+others+hint),
			unknown(model.FieldSecrets, 0, "container_definitions is known only after apply, and the plan shows only that it references some of "+
				`aws_secretsmanager_secret.svc["a/db"] ("a/db"), not which`+hint),
		}})},
	}, {
		rule:      "the HCL path: container_definitions known only after apply stays undetermined",
		resources: []Resource{td("aws_ecr_repository.app"), repo},
		opts:      opts,
		want:      []model.TaskDefinition{wantTD()},
		unknowns:  []model.Unknown{undeterminedCD},
		diags:     []string{diag(model.SeverityWarning, CodeUndetermined, p)},
	}, {
		rule:      "container_definitions is required: known only after apply without references, it is undetermined, not unset (no error)",
		resources: []Resource{td()},
		opts:      opts,
		want:      []model.TaskDefinition{wantTD()},
		unknowns:  []model.Unknown{undeterminedCD},
		diags:     []string{diag(model.SeverityWarning, CodeUndetermined, p)},
	}}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			w, diags := Build(tt.resources, tt.opts)
			if diff := cmp.Diff(tt.want, w.TaskDefinitions, cmpOpts); diff != "" {
				t.Errorf("task definitions (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unknowns, w.Unknowns, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("unknowns (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.diags, diagStrings(diags), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s\nall:\n%s", diff, diags)
			}
		})
	}
}

// TestSomeOfInstances checks how a list known only after apply resolves
// through references: every instance of a whole resource, but only the
// instances it certainly names when a reference may pick some of a
// resource's instances (`R[?]`), the rest undetermined.
func TestSomeOfInstances(t *testing.T) {
	subnet := func(line int, key, az string) Resource {
		return res(line, `aws_subnet.s["`+key+`"]`, M{"id": U, "availability_zone": az})
	}
	subnets := []Resource{subnet(10, "a", "ap-northeast-1a"), subnet(11, "b", "ap-northeast-1c"), res(12, "aws_subnet.x", M{"id": U})}
	tests := []struct {
		rule  string
		refs  []string
		want  []string
		fails []resolution
	}{{
		rule: "a whole resource: every instance",
		refs: []string{"aws_subnet.s"},
		want: []string{`aws_subnet.s["a"]`, `aws_subnet.s["b"]`},
	}, {
		rule:  "some of a resource's instances: undetermined, with the candidates",
		refs:  []string{"aws_subnet.s[?]", "local.tiers"},
		fails: []resolution{{outcome: afterApply, cands: []string{`aws_subnet.s["a"]`, `aws_subnet.s["b"]`}, some: true, locals: []string{"local.tiers"}}},
	}, {
		rule:  "some of them and one certain: the certain one, the rest undetermined",
		refs:  []string{"aws_subnet.x", "aws_subnet.s[?]"},
		want:  []string{"aws_subnet.x"},
		fails: []resolution{{outcome: afterApply, cands: []string{`aws_subnet.s["a"]`, `aws_subnet.s["b"]`}, some: true}},
	}, {
		rule:  "an instance named both ways is certain",
		refs:  []string{`aws_subnet.s[?]`, `aws_subnet.s["a"]`},
		want:  []string{`aws_subnet.s["a"]`},
		fails: []resolution{{outcome: afterApply, cands: []string{`aws_subnet.s["b"]`}, some: true}},
	}, {
		rule:  "only a local value: known only after apply",
		refs:  []string{"local.ids"},
		fails: []resolution{{outcome: afterApply}},
	}}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			r := res(20, "aws_vpc_endpoint.e", M{"subnet_ids": U}, refs("subnet_ids", tt.refs...))
			b := newBuilder(append(subnets, r), opts)
			s := root(b.ix.byAddr[r.Address])
			got, fails := b.many(s.at("subnet_ids"), s.get("subnet_ids"), wantSubnet)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.fails, fails, cmp.AllowUnexported(resolution{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("failures (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEndpointSubnetsFromReferences checks an interface endpoint whose
// subnet_ids are known only after apply: never an error for two subnets in
// one AZ that only taking every instance of a reference gives (aws-rules 9.1),
// and never an endpoint without ENIs for its private DNS zone to answer
// with.
func TestEndpointSubnetsFromReferences(t *testing.T) {
	net := []Resource{
		vpc(1, nil),
		res(10, `aws_subnet.s["app-a"]`, M{"id": U, "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "ap-northeast-1a"}),
		res(11, `aws_subnet.s["ep-a"]`, M{"id": U, "vpc_id": "vpc-1", "cidr_block": "10.0.2.0/24", "availability_zone": "ap-northeast-1a"}),
		res(12, `aws_subnet.s["ep-c"]`, M{"id": U, "vpc_id": "vpc-1", "cidr_block": "10.0.3.0/24", "availability_zone": "ap-northeast-1c"}),
	}
	endpoint := func(subnetRefs ...string) Resource {
		return res(20, "aws_vpc_endpoint.api", M{"vpc_id": "vpc-1", "vpc_endpoint_type": "Interface", "private_dns_enabled": true,
			"service_name": "com.amazonaws.ap-northeast-1.ecr.api", "subnet_ids": U}, refs("subnet_ids", subnetRefs...), pos("subnet_ids", 21, 3))
	}
	wantEndpoint := func(subnets ...string) model.Endpoint {
		return model.Endpoint{ID: "aws_vpc_endpoint.api", Source: at(20, 1), VPC: "aws_vpc.main", Type: model.EndpointInterface,
			ServiceName: "com.amazonaws.ap-northeast-1.ecr.api", PrivateDNS: true, Subnets: subnets}
	}
	undetermined := func(why string) []model.Unknown {
		return []model.Unknown{{ID: "aws_vpc_endpoint.api", Kind: model.KindEndpoint, Field: "subnet_ids", Why: why, Source: at(21, 3)}}
	}
	tests := []struct {
		rule     string
		refs     []string
		want     model.Endpoint
		unknowns []model.Unknown
	}{{
		rule: "every instance, one per AZ: taken",
		refs: []string{`aws_subnet.s["app-a"]`, `aws_subnet.s["ep-c"]`},
		want: wantEndpoint(`aws_subnet.s["app-a"]`, `aws_subnet.s["ep-c"]`),
	}, {
		rule: "every instance of a reference puts two subnets in one AZ: undetermined, one possible subnet per AZ",
		refs: []string{"aws_subnet.s"},
		want: wantEndpoint(`aws_subnet.s["app-a"]`, `aws_subnet.s["ep-c"]`),
		unknowns: undetermined(`known only after apply; its references name aws_subnet.s["app-a"] and aws_subnet.s["ep-a"], both in ap-northeast-1a, ` +
			"and AWS allows one subnet per Availability Zone, so it holds some of them, and which is not known"),
	}, {
		rule: "some of a resource's instances: undetermined, one possible subnet per AZ",
		refs: []string{"aws_subnet.s[?]", "local.tiers"},
		want: wantEndpoint(`aws_subnet.s["app-a"]`, `aws_subnet.s["ep-c"]`),
		unknowns: undetermined(`known only after apply; it may hold any of subnet aws_subnet.s["app-a"], aws_subnet.s["ep-a"], aws_subnet.s["ep-c"]; ` +
			"it reads local value local.tiers, and the plan does not show which"),
	}}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			w, diags := Build(append(net, endpoint(tt.refs...)), opts)
			if diags.HasErrors() {
				t.Errorf("errors: %v", diags)
			}
			if diff := cmp.Diff([]model.Endpoint{tt.want}, w.Endpoints, cmpOpts); diff != "" {
				t.Errorf("endpoint (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unknowns, w.Unknowns, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("unknowns (-want +got):\n%s", diff)
			}
		})
	}
}
