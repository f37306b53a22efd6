package tfmap

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// mark is UnknownMark as jsonencode writes it inside a JSON string.
const mark = `\u0000(known after apply)\u0000`

// markedDefinitions is container_definitions as the evaluator writes it
// when some leaves are known only after apply: an image whose tag is
// unknown, environment values, a log group, secrets, credentials, an
// environment file and whole containers.
const markedDefinitions = `[{
  "name": "app",
  "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:` + mark + `",
  "cpu": 256,
  "portMappings": [{"containerPort": "` + mark + `"}],
  "environment": [{"name": "DB_HOST", "value": "` + mark + `"}],
  "logConfiguration": {"logDriver": "awslogs", "options": {
    "awslogs-group": "` + mark + `", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "` + mark + `"}},
  "secrets": [
    {"name": "DB", "valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:` + mark + `"},
    {"name": "TOKEN", "valueFrom": "` + mark + `"},
    "` + mark + `"],
  "repositoryCredentials": "` + mark + `",
  "environmentFiles": [{"value": "arn:aws:s3:::conf/` + mark + `", "type": "s3"}, {"value": "x", "type": "other"}, "` + mark + `"]
}, {
  "name": "sidecar", "image": "` + mark + `", "secrets": "` + mark + `", "logConfiguration": "` + mark + `",
  "environmentFiles": "` + mark + `"
}, {
  "name": "router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
  "logConfiguration": {"logDriver": "` + mark + `", "options": "` + mark + `", "secretOptions": "` + mark + `"},
  "repositoryCredentials": {"credentialsParameter": "` + mark + `"}
}, {
  "name": "opts", "image": "nginx",
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-region": "` + mark + `", "awslogs-create-group": "` + mark + `"},
    "secretOptions": [{"name": "k", "valueFrom": "/log/` + mark + `"}]}
}, "` + mark + `"]`

// TestParseContainerDefinitionsUnknowns checks that container definitions
// keep their shape around leaves known only after apply (UnknownMark):
// every container and every setting that decides calls (aws-rules 1.1.1) is
// kept, with the known part of an unknown string, and each unknown setting
// is listed by its place; leaves the calls do not read (ports, environment
// values, the stream prefix) are not.
func TestParseContainerDefinitionsUnknowns(t *testing.T) {
	p := at(21, 3)
	const why = "known only after apply"
	u := func(f model.ContainerField, i int) model.ContainerUnknown {
		return model.ContainerUnknown{Field: f, Index: i, Why: why, Source: p}
	}
	tests := []struct {
		name  string
		data  string
		want  []model.Container
		whole bool
	}{{
		name: "marks in leaves, entries and whole containers",
		data: markedDefinitions,
		want: []model.Container{{
			Source: p, Name: "app", Image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:",
			LogDriver: "awslogs", LogOptions: map[string]string{"awslogs-group": "", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": ""},
			Secrets: []model.Secret{
				{Source: p, Name: "DB", ValueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:"},
				{Source: p, Name: "TOKEN"},
				{Source: p},
			},
			// aws-rules 1.5.1: only s3 environment files are read.
			EnvironmentFiles: []string{"arn:aws:s3:::conf/", ""},
			Unknowns: []model.ContainerUnknown{
				u(model.FieldImage, 0), u(model.FieldLogGroup, 0),
				u(model.FieldSecret, 0), u(model.FieldSecret, 1), u(model.FieldSecret, 2),
				u(model.FieldRepositoryCredentials, 0),
				u(model.FieldEnvironmentFile, 0), u(model.FieldEnvironmentFile, 1),
			},
		}, {
			Source: p, Name: "sidecar",
			Unknowns: []model.ContainerUnknown{
				u(model.FieldImage, 0), u(model.FieldLogDriver, 0), u(model.FieldSecrets, 0), u(model.FieldEnvironmentFiles, 0),
			},
		}, {
			Source: p, Name: "router", Image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
			Unknowns: []model.ContainerUnknown{
				u(model.FieldLogDriver, 0), u(model.FieldLogOptions, 0), u(model.FieldLogSecretOptions, 0), u(model.FieldRepositoryCredentials, 0),
			},
		}, {
			Source: p, Name: "opts", Image: "nginx",
			LogDriver: "awslogs", LogOptions: map[string]string{"awslogs-create-group": "", "awslogs-region": ""},
			LogSecretOptions: []model.Secret{{Source: p, Name: "k", ValueFrom: "/log/"}},
			Unknowns: []model.ContainerUnknown{
				u(model.FieldLogCreateGroup, 0), u(model.FieldLogRegion, 0), u(model.FieldLogSecretOption, 0),
			},
		}, {
			Source: p, Unknowns: []model.ContainerUnknown{u(model.FieldContainer, 0)},
		}},
	}, {
		name:  "the whole list is unknown (jsonencode of an unknown list)",
		data:  `"` + mark + `"`,
		whole: true,
	}, {
		name:  "not JSON until the unknown part is known",
		data:  "[" + UnknownMark + "]",
		whole: true,
	}, {
		// aws-rules 1.3.5, 1.3.9: the awslogs mode and the FireLens
		// configuration file decide calls; other options do not.
		name: "1.3.5 1.3.9 mode and FireLens configuration file known only after apply",
		data: `[{"name": "log_router", "image": "906394416424.dkr.ecr.eu-west-1.amazonaws.com/aws-for-fluent-bit:stable",
  "firelensConfiguration": {"type": "fluentbit", "options": {"enable-ecs-log-metadata": "` + mark + `",
    "config-file-type": "s3", "config-file-value": "arn:aws:s3:::conf/` + mark + `"}},
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-region": "eu-west-1", "mode": "` + mark + `"}}
}, {"name": "app", "image": "nginx", "logConfiguration": {"logDriver": "awsfirelens", "options": {"Name": "cloudwatch"}},
  "firelensConfiguration": "` + mark + `"
}, {"name": "other", "image": "nginx", "firelensConfiguration": {"type": "fluentd", "options": "` + mark + `"}}]`,
		want: []model.Container{{
			Source: p, Name: "log_router", Image: "906394416424.dkr.ecr.eu-west-1.amazonaws.com/aws-for-fluent-bit:stable",
			LogDriver: "awslogs", LogOptions: map[string]string{"awslogs-region": "eu-west-1", "mode": ""},
			Firelens: &model.FirelensConfiguration{Type: "fluentbit", Options: map[string]string{
				"config-file-type": "s3", "config-file-value": "arn:aws:s3:::conf/", "enable-ecs-log-metadata": ""}},
			Unknowns: []model.ContainerUnknown{u(model.FieldLogMode, 0), u(model.FieldFirelensConfigValue, 0)},
		}, {
			Source: p, Name: "app", Image: "nginx", LogDriver: "awsfirelens", LogOptions: map[string]string{"Name": "cloudwatch"},
			Firelens: &model.FirelensConfiguration{},
			Unknowns: []model.ContainerUnknown{u(model.FieldFirelens, 0)},
		}, {
			Source: p, Name: "other", Image: "nginx", Firelens: &model.FirelensConfiguration{Type: "fluentd"},
			Unknowns: []model.ContainerUnknown{u(model.FieldFirelens, 0)},
		}},
	}, {
		name: "no marks: nothing unknown",
		data: `[{"name": "web", "image": "nginx", "secrets": null, "logConfiguration": null}]`,
		want: []model.Container{{Source: p, Name: "web", Image: "nginx"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, whole, err := parseContainerDefinitions(tt.data, why, p)
			if err != nil {
				t.Fatal(err)
			}
			if whole != tt.whole {
				t.Errorf("whole = %v, want %v", whole, tt.whole)
			}
			if diff := cmp.Diff(tt.want, got, cmpOpts); diff != "" {
				t.Errorf("containers (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseContainerDefinitionsErrors checks that malformed definitions
// are refused with the place of the mistake.
func TestParseContainerDefinitionsErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`[{"name": "app", "image": }]`, "invalid JSON at byte 27: invalid character '}' looking for beginning of value"},
		{`{"name": "app"}`, "the top level is a JSON object, expected an array of container definitions"},
		{`null`, "it is not a JSON array of container definitions"},
		{`[{"logConfiguration": {"options": {"awslogs-region": 1}}}]`, "[0].logConfiguration.options.awslogs-region is a JSON number, expected a string"},
		{`[] ]`, "invalid JSON at byte 4: invalid character ']' after top-level value"},
		{`[{"name": "a"}, {"secrets": [{"valueFrom": ["x"]}]}]`, "[1].secrets[0].valueFrom is a JSON array, expected a string"},
		{`[{"secrets": {"valueFrom": "x"}}]`, "[0].secrets is a JSON object, expected an array of secrets"},
		{`[{"environmentFiles": [7]}]`, "[0].environmentFiles[0] is a JSON number, expected an environment file object"},
		{`[{"repositoryCredentials": "x"}]`, "[0].repositoryCredentials is a JSON string, expected an object"},
		{`[true]`, "[0] is a JSON bool, expected a container definition object"},
		{`[{"firelensConfiguration": {"options": {"config-file-type": 3}}}]`, "[0].firelensConfiguration.options.config-file-type is a JSON number, expected a string"},
		{`[{"firelensConfiguration": []}]`, "[0].firelensConfiguration is a JSON array, expected an object"},
	} {
		_, _, err := parseContainerDefinitions(c.in, afterApplyWhy, model.Pos{})
		if err == nil || err.Error() != c.want {
			t.Errorf("parse %s: error %v, want %q", c.in, err, c.want)
		}
	}
}

// TestStringWithMark checks that the generic readers take a string holding
// UnknownMark, outside container definitions, as known only after apply.
func TestStringWithMark(t *testing.T) {
	v := cty.StringVal("subnet-" + UnknownMark)
	if s, st := str(v); st != unknown || s != "" {
		t.Errorf("str = %q, %v; want unknown", s, st)
	}
	if _, st := boolean(cty.StringVal(UnknownMark)); st != unknown {
		t.Errorf("boolean state %v, want unknown", st)
	}
	if got := attr(cty.StringVal(UnknownMark), "id"); got.IsKnown() {
		t.Errorf("attr of a marked string = %#v, want unknown", got)
	}
	vals, unknowns, st := strs(cty.TupleVal([]cty.Value{cty.StringVal("a"), v}))
	if diff := cmp.Diff([]string{"a"}, vals); diff != "" || unknowns != 1 || st != known {
		t.Errorf("strs = %v, %d, %v; want [a], 1, known", vals, unknowns, st)
	}
}
