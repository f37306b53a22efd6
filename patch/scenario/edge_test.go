package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"

	"github.com/vpctrace/vpctrace/whatif"
)

// head is the start of the inline scenarios below: a VPC, a subnet and a
// route table.
const head = `region: ap-northeast-1
vpcs:
  main: {cidr: 10.0.0.0/16}
subnets:
  a: {vpc: main, az: ap-northeast-1a, cidr: 10.0.1.0/24, route_table: rt}
route_tables:
  rt: {vpc: main}
clusters:
  main: {}
task_definitions:
  app:
    containers:
      - {name: app, image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:latest}
services:
  app: {cluster: main, task_definition: app, subnets: [a], security_groups: [app]}
`

// TestEditsText checks the whole patched text of small files that each
// hold one way of writing YAML, and that the patched file reloads as
// whatif's world (TestEditsReload's check).
func TestEditsText(t *testing.T) {
	egress := []whatif.Change{{Kind: whatif.AllowEgress, Target: "app", Value: "10.0.0.0/16", Port: 443}}
	for _, tc := range []struct {
		name    string
		text    string
		changes []whatif.Change
		want    string
		newIDs  map[string]string
	}{
		{"no final newline: the new lines end without one too",
			head + "security_groups:\n  app:\n    vpc: main\n    egress: []",
			egress,
			head + "security_groups:\n  app:\n    vpc: main\n    egress:\n      - {protocol: tcp, ports: 443, cidrs: [10.0.0.0/16], description: vpctrace fix}", nil},
		{"CRLF line breaks stay CRLF",
			strings.ReplaceAll(head+"security_groups:\n  app:\n    vpc: main\n    egress: []\n", "\n", "\r\n"),
			egress,
			strings.ReplaceAll(head+"security_groups:\n  app:\n    vpc: main\n    egress:\n      - {protocol: tcp, ports: 443, cidrs: [10.0.0.0/16], description: vpctrace fix}\n", "\n", "\r\n"), nil},
		{"a flow mapping with a comment after it keeps the comment on its key's line (aws-rules 5.1.5)",
			head + "security_groups:\n  app: {vpc: main}  # the tasks\n",
			egress,
			head + "security_groups:\n  app:  # the tasks\n    vpc: main\n    egress:\n      - {protocol: all, cidrs: [0.0.0.0/0, \"::/0\"]}\n      - {protocol: tcp, ports: 443, cidrs: [10.0.0.0/16], description: vpctrace fix}\n", nil},
		{"comments after an empty list and after a key without value stay",
			head + "security_groups:\n  app:\n    vpc: main\n    egress: []   # none yet\n    ingress:  # to come\n",
			[]whatif.Change{egress[0], {Kind: whatif.AllowIngress, Target: "app", Value: "app", Port: 443}},
			head + "security_groups:\n  app:\n    vpc: main\n    egress:   # none yet\n      - {protocol: tcp, ports: 443, cidrs: [10.0.0.0/16], description: vpctrace fix}\n    ingress:  # to come\n      - {protocol: tcp, ports: 443, security_groups: [app], description: vpctrace fix}\n", nil},
		{"a flow mapping over several lines with a comment inside stays in flow style",
			head + "security_groups:\n  app: {vpc: main,  # the VPC\n        egress: []}\n",
			egress,
			head + "security_groups:\n  app: {vpc: main,  # the VPC\n        egress: [{protocol: tcp, ports: 443, cidrs: [10.0.0.0/16], description: vpctrace fix}]}\n", nil},
		{"a collection in flow style gains an entry in flow style",
			head + "security_groups: {app: {vpc: main, egress: []}}\nfile_systems:\n  fs: {file_system_id: fs-1, mount_targets: {}}\n",
			[]whatif.Change{{Kind: whatif.AddMountTarget, Target: "fs", Value: "a"}},
			head + "security_groups: {app: {vpc: main, egress: []}}\nfile_systems:\n  fs: {file_system_id: fs-1, mount_targets: {fs-a: {subnet: a}}}\n",
			map[string]string{whatif.AddedMountTargetID("fs", "a"): "fs-a"}},
		{"quoted keys and values are found as the decoder reads them",
			head + "security_groups:\n  \"app\": {'vpc': \"main\", egress: []}\n",
			egress,
			head + "security_groups:\n  \"app\":\n    'vpc': \"main\"\n    egress:\n      - {protocol: tcp, ports: 443, cidrs: [10.0.0.0/16], description: vpctrace fix}\n", nil},
		{"a JSON policy written as a literal block stays one, indented (aws-rules 6.1.1)",
			head + "security_groups:\n  app: {vpc: main}\nendpoints:\n  s3:\n    vpc: main\n    service: s3\n    route_tables: [rt]\n    policy: |\n      {\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\",\n        \"Action\": \"s3:ListBucket\", \"Resource\": \"*\"}]}\n    # the end of s3\n",
			[]whatif.Change{{Kind: whatif.WidenEndpointPolicy, Target: "s3", Value: "s3:GetObject,s3:PutObject arn:aws:s3:::b/*"}},
			head + `security_groups:
  app: {vpc: main}
endpoints:
  s3:
    vpc: main
    service: s3
    route_tables: [rt]
    policy: |
      {
        "Statement": [
          {
            "Action": "s3:ListBucket",
            "Effect": "Allow",
            "Principal": "*",
            "Resource": "*"
          },
          {
            "Action": [
              "s3:GetObject",
              "s3:PutObject"
            ],
            "Effect": "Allow",
            "Principal": "*",
            "Resource": "arn:aws:s3:::b/*",
            "Sid": "VpctraceFix"
          }
        ]
      }
    # the end of s3
`, nil},
		{"a document end marker stays last",
			head + "security_groups:\n  app: {vpc: main, egress: []}\n...\n",
			[]whatif.Change{{Kind: whatif.AddEndpoint, Target: "app", Value: region + "s3"}},
			head + "security_groups:\n  app: {vpc: main, egress: []}\n\nendpoints:\n  s3:\n    vpc: main\n    service: s3\n    type: gateway\n    route_tables: [rt]\n...\n",
			map[string]string{whatif.AddedEndpointID(region + "s3"): "s3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "scenario.yaml")
			if err := os.WriteFile(file, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			base := load(t, file)
			edits, err := Edits(file, base, tc.changes)
			if err != nil {
				t.Fatalf("Edits: %v", err)
			}
			if len(edits) != 1 {
				t.Fatalf("%d edits, want 1", len(edits))
			}
			if d := cmp.Diff(tc.want, string(edits[0].New)); d != "" {
				t.Errorf("patched text (-want +got):\n%s", d)
			}
			checkReload(t, reloadCase{file: file, changes: tc.changes, newIDs: tc.newIDs})
		})
	}
}

// TestEditsRefuses: what Edits cannot write is an error naming the
// change, and no edit.
func TestEditsRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		changes []whatif.Change
		wantErr string
	}{
		{"a kind vpctrace fix does not use",
			head + "security_groups:\n  app: {vpc: main}\n",
			[]whatif.Change{{Kind: whatif.RemoveDefaultRoute, Target: "rt"}},
			"remove 0.0.0.0/0 route from rt: vpctrace does not write this kind of change"},
		{"an object whatif does not find",
			head + "security_groups:\n  app: {vpc: main}\n",
			[]whatif.Change{{Kind: whatif.AllowEgress, Target: "nope", Value: "10.0.0.0/16", Port: 443}},
			`security group "nope" does not exist`},
		{"a group whose keys come from a merge key",
			head + "security_groups:\n  base: &base {vpc: main, egress: []}\n  app: {<<: *base}\n",
			[]whatif.Change{{Kind: whatif.AllowEgress, Target: "app", Value: "10.0.0.0/16", Port: 443}},
			"merge key"},
		{"a list written as an alias",
			head + "security_groups:\n  app: {vpc: main, egress: &none []}\n  other: {vpc: main, egress: *none}\n",
			[]whatif.Change{{Kind: whatif.AllowEgress, Target: "other", Value: "10.0.0.0/16", Port: 443}},
			"anchor or alias"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "scenario.yaml")
			if err := os.WriteFile(file, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			base := load(t, file)
			edits, err := Edits(file, base, tc.changes)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Edits error = %v, want one containing %q", err, tc.wantErr)
			}
			if edits != nil {
				t.Errorf("Edits returned edits with its error: %v", edits)
			}
		})
	}
	if _, err := Edits(filepath.Join(t.TempDir(), "missing.yaml"), nil, nil); err == nil || !strings.Contains(err.Error(), "cannot read the scenario") {
		t.Errorf("a missing file: error %v", err)
	}
}

// TestUntouched: Edits' own check finds a patch that changes an object
// no change touched, adds one no change added, or changes the world's
// settings, and ignores what the changes touched and positions.
func TestUntouched(t *testing.T) {
	base := load(t, repo("filters.yaml"))
	p := &patcher{touched: []model.Ref{{Kind: model.KindSecurityGroup, ID: "closed"}, {Kind: model.KindEndpoint, ID: "what-if-x"}},
		names: map[string]string{"what-if-x": "x"}}
	for _, tc := range []struct {
		name    string
		edit    func(w *model.World)
		wantErr string
	}{
		{"nothing changed", func(w *model.World) {}, ""},
		{"positions moved", func(w *model.World) { w.SecurityGroups[0].Source.Line += 3 }, ""},
		{"a touched group changed", func(w *model.World) {
			sg := pickPtr(w.SecurityGroups, "closed")
			sg.Egress = append(sg.Egress, model.SGRule{Protocol: "tcp"})
		}, ""},
		{"the added endpoint", func(w *model.World) { w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "x"}) }, ""},
		{"an untouched group changed", func(w *model.World) { pickPtr(w.SecurityGroups, "other").VPC = "elsewhere" }, `SecurityGroups "other" differs`},
		{"an object no change added", func(w *model.World) { w.Endpoints = append(w.Endpoints, model.Endpoint{ID: "y"}) }, `Endpoints "y" is new`},
		{"an object gone", func(w *model.World) { w.Services = w.Services[1:] }, "is gone"},
		{"the region changed", func(w *model.World) { w.Region = "us-east-1" }, "the world's Region"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			after := model.Clone(base)
			tc.edit(after)
			err := p.untouched(base, after)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("untouched = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func pickPtr(gs []model.SecurityGroup, id string) *model.SecurityGroup {
	for i := range gs {
		if gs[i].ID == id {
			return &gs[i]
		}
	}
	panic("no group " + id)
}
