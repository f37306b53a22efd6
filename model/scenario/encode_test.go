package scenario

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.yaml.in/yaml/v3"

	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/internal/worldgen"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/sim"
)

// encodedFile is the name the tests decode Encode's output under.
const encodedFile = "encoded.yaml"

// sameWorld compares worlds and reports as Encode promises: positions
// (which point into the new file) are ignored, and nil and empty slices and
// maps are equal.
var sameWorld = cmp.Options{
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmpopts.IgnoreTypes(model.Pos{}),
	cmpopts.EquateEmpty(),
	// A scenario says that the account is known, not where a Terraform
	// input showed it (aws-rules 6.1.6).
	cmp.FilterPath(isAccountFrom,
		cmp.Comparer(func(a, b string) bool { return (a == "") == (b == "") })),
}

// isAccountFrom reports whether p ends at World.AccountFrom. It looks only
// at the last step: cmp calls it for every value it visits, and printing
// the whole path each time made the large root's round trip twice as slow.
func isAccountFrom(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && sf.Name() == "AccountFrom" && p.Index(-2).Type() == reflect.TypeFor[model.World]()
}

// ignoreUnknowns leaves World.Unknowns out of a comparison.
var ignoreUnknowns = cmpopts.IgnoreFields(model.World{}, "Unknowns")

// scenarioFiles are the scenario files of the repository that decode
// without errors.
func scenarioFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{
		filepath.Join("..", "..", "testdata", "scenarios", "*.yaml"),
		filepath.Join("..", "..", "example", "*.yaml"),
		filepath.Join("testdata", "valid-*.yaml"),
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d scenario files: %v", len(files), files)
	}
	return files
}

// encodeDecode encodes w and decodes the result, failing the test on any
// error; it checks the positions of the decoded world.
func encodeDecode(t testing.TB, w *model.World) (*model.World, []byte) {
	t.Helper()
	out, err := Encode(w)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	back, diags := Decode(encodedFile, out)
	if back == nil || diags.HasErrors() {
		t.Fatalf("Decode(Encode(w)) failed:\n%v\noutput:\n%s", diags, out)
	}
	checkPositions(t, back, out)
	return back, out
}

var posType = reflect.TypeFor[model.Pos]()

// checkPositions checks that every position the decoder sets in w is a
// full position in the encoded file out, that an object's position is
// that of its ID, and that PolicySource is set exactly for a policy.
func checkPositions(t testing.TB, w *model.World, out []byte) {
	t.Helper()
	lines := strings.Split(string(out), "\n")
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if f.Type != posType {
					walk(v.Field(i), path+"."+f.Name)
					continue
				}
				p := v.Field(i).Interface().(model.Pos)
				want := f.Name != "PolicySource" || v.FieldByName("Policy").String() != ""
				full := p.File == encodedFile && p.Line >= 1 && p.Line <= len(lines) && p.Column >= 1
				if full != want {
					t.Errorf("%s.%s = %v; want a position in the file: %v", path, f.Name, p, want)
					continue
				}
				if id := v.FieldByName("ID"); full && f.Name == "Source" && id.IsValid() {
					// The ID is written plain or quoted at the position.
					text := lines[p.Line-1][min(p.Column-1, len(lines[p.Line-1])):]
					if !strings.HasPrefix(text, id.String()) && !strings.HasPrefix(text, `"`) && !strings.HasPrefix(text, "'") && !strings.HasPrefix(text, "?") {
						t.Errorf("%s.Source = %v, at %q; want the ID %q", path, p, text, id.String())
					}
				}
			}
		}
	}
	walk(reflect.ValueOf(w).Elem(), "world")
}

// TestEncodeScenarios round-trips every scenario file of the repository:
// Decode, Encode, Decode gives the same world, the simulator gives the
// same report for both, and encoding again gives the same bytes.
func TestEncodeScenarios(t *testing.T) {
	for _, name := range scenarioFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			w, diags := LoadFile(name)
			if w == nil || diags.HasErrors() {
				t.Fatalf("LoadFile: %v", diags)
			}
			back, out := encodeDecode(t, w)
			if diff := cmp.Diff(w, back, sameWorld); diff != "" {
				t.Errorf("world changed by Encode and Decode (-before +after):\n%s\noutput:\n%s", diff, out)
			}
			if diff := cmp.Diff(sim.Run(w), sim.Run(back), sameWorld); diff != "" {
				t.Errorf("report changed (-before +after):\n%s", diff)
			}
			if again, err := Encode(w); err != nil || !bytes.Equal(again, out) {
				t.Errorf("a second Encode of the same world differs (err %v)", err)
			}
			again, err := Encode(back)
			if err != nil {
				t.Fatalf("Encode(decoded output): %v", err)
			}
			if diff := cmp.Diff(string(out), string(again)); diff != "" {
				t.Errorf("Encode is not a fixed point (-first +second):\n%s", diff)
			}
		})
	}
}

// terraformRoots are the directories under testdata/terraform that load
// as Terraform roots, and one of model/terraform's test roots whose
// availability zones are known only after apply.
func terraformRoots(t testing.TB) []string {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "terraform")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "bad" && e.Name() != "fixtures" {
			roots = append(roots, filepath.Join(dir, e.Name()))
		}
	}
	if len(roots) < 5 {
		t.Fatalf("found only %d Terraform roots", len(roots))
	}
	return append(roots, filepath.Join("..", "terraform", "testdata", "expand"))
}

// TestEncodeTerraform round-trips the worlds built from the Terraform
// roots. Unknown settings cannot be written, except as comments: the test
// checks each is there, above its object.
func TestEncodeTerraform(t *testing.T) {
	for _, dir := range terraformRoots(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			w, diags := terraform.Load(dir, terraform.Options{Region: "ap-northeast-1", Account: DefaultAccount})
			if w == nil || diags.HasErrors() {
				t.Fatalf("terraform.Load(%s): %v", dir, diags.Error())
			}
			if len(w.Unknowns) > 0 {
				checkUnknowns(t, w)
				return
			}
			back, _ := encodeDecode(t, w)
			if diff := cmp.Diff(w, back, sameWorld); diff != "" {
				t.Errorf("world changed by Encode and Decode (-before +after):\n%s", diff)
			}
			if w.AccountFrom != "" && back.AccountFrom != "" {
				// The scenario keeps the account known, but not where the
				// Terraform input showed it, which the explanations name
				// (aws-rules 6.1.6).
				back.AccountFrom = w.AccountFrom
			}
			if diff := cmp.Diff(sim.Run(w), sim.Run(back), sameWorld); diff != "" {
				t.Errorf("report changed (-before +after):\n%s", diff)
			}
		})
	}
}

// checkUnknowns encodes a world with unknowns: each is written as a
// comment above its object. Where an unknown leaves a required setting
// empty, Decode reports it missing right below that comment; else the
// world reads back the same, without its unknowns.
func checkUnknowns(t *testing.T, w *model.World) {
	out, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range w.Unknowns {
		comment := fmt.Sprintf("# unknown %s: %s (%s)\n", u.Field, u.Why, u.Source)
		if !bytes.Contains(out, []byte(comment)) {
			t.Errorf("output lacks the comment %q", comment)
		}
	}
	back, diags := Decode(encodedFile, out)
	if back != nil {
		if diff := cmp.Diff(w, back, sameWorld, ignoreUnknowns); diff != "" {
			t.Errorf("world changed by Encode and Decode (-before +after):\n%s", diff)
		}
		return
	}
	lines := strings.Split(string(out), "\n")
	for _, d := range diags {
		if d.Code != model.CodeMissingField || d.Source.Line < 2 || !strings.HasPrefix(strings.TrimSpace(lines[d.Source.Line-2]), "# unknown ") {
			t.Errorf("diagnostic not explained by an unknown: %v", d)
		}
	}
}

// TestEncodeUnknownComments checks where unknowns are written: above
// their object, or at the top for an object the world does not hold.
func TestEncodeUnknownComments(t *testing.T) {
	w := &model.World{
		Region:  "us-east-1",
		Account: DefaultAccount,
		VPCs:    []model.VPC{{ID: "v", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, EnableDNSSupport: true}},
		FileSystems: []model.FileSystem{{ID: "fs", FileSystemID: "fs-1", MountTargets: []model.MountTarget{
			{ID: "mt", Subnet: "s"},
		}}},
		Unknowns: []model.Unknown{
			{ID: "v", Kind: model.KindVPC, Field: "cidr_block", Why: "known only after apply", Source: model.Pos{File: "main.tf", Line: 3, Column: 1}},
			{ID: "mt", Kind: model.KindMountTarget, Field: "ip_address", Why: "known only after apply"},
			{ID: "eni\nx", Kind: model.KindNetworkInterface, Field: "private_ip", Why: "a\nb"},
			{ID: "v", Kind: model.KindSubnet, Field: "vpc_id", Why: "known only after apply"},
		},
	}
	out, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  # unknown cidr_block: known only after apply (main.tf:3:1)\n  v:\n",
		"      # unknown ip_address: known only after apply\n      mt:",
		"# unknown private_ip of network interface \"eni\\nx\": a\\nb\n",
		"# unknown vpc_id of subnet \"v\": known only after apply\n",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !bytes.HasPrefix(out, []byte("# Written by vpctrace.")) {
		t.Errorf("output does not start with the header:\n%s", out)
	}
}

// TestEncodeGenerated round-trips a generated world.
func TestEncodeGenerated(t *testing.T) {
	w := worldgen.Generate(worldgen.Size{VPCs: 20, SubnetsPerVPC: 4, ServicesPerVPC: 2})
	back, _ := encodeDecode(t, w)
	if diff := cmp.Diff(w, back, sameWorld); diff != "" {
		t.Errorf("world changed by Encode and Decode (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(sim.Run(w), sim.Run(back), sameWorld); diff != "" {
		t.Errorf("report changed (-before +after):\n%s", diff)
	}
}

// awkward are strings that YAML must quote or escape.
var awkward = []string{
	`aws_subnet.private["a"]`, `module.vpc.aws_subnet.this[0]`, "a: b", "a:b", "#x", "a #b", "'q'", `"dq"`,
	"yes", "no", "on", "off", "y", "n", "null", "Null", "~", "true", "False", "1", "0x1F", "0o17", "1e3", "1_000",
	"+1", ".inf", "-.inf", ".nan", "2012-10-17", "12:30:00", "<<", "&a", "*a", "!t", "!!str", "%x", "@x", "`x",
	"- x", "-", "--- x", "---", "...", "?", "? x", ":", " lead", "trail ", " ", "\t", "a\tb",
	"a\nb", "a\nb\n", "a\n", "\n", "\nlead", " a\nb", "a \nb", "a\r\nb", "a\rb", "a\n\n", "  \n  ",
	"\x00", "NUL\x00in", "\x1b[31mred\x1b[0m", "\x7f", "\u0085", "a\u2028b", "a\u2029b", "\ufeffbom",
	"日本語", "ＥＣＳ", "emoji \U0001F600", "\ue000", "\ufffd", "{a}", "[a]", "a,b", "a, b", "\\", `\n`, "=",
	"|", ">", "a|b", "x\x00\ny", strings.Repeat("long ", 300), strings.Repeat("k", 2000),
}

// awkwardWorld uses each of the strings as IDs, names and values.
func awkwardWorld(awkward []string) *model.World {
	w := &model.World{Region: "us-east-1", Account: DefaultAccount, OrgID: "o-\"#: x\n"}
	cidr := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16)
	}
	for i, s := range awkward {
		w.VPCs = append(w.VPCs, model.VPC{ID: s, CIDRs: []netip.Prefix{cidr(i)}, EnableDNSSupport: true})
		w.Subnets = append(w.Subnets, model.Subnet{ID: s, VPC: s, AZ: "us-east-1a", CIDR: cidr(i), RouteTable: s}) // AZ names are checked
		w.RouteTables = append(w.RouteTables, model.RouteTable{ID: s, VPC: s, Routes: []model.Route{
			{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: model.TargetNATGateway, TargetID: s + "-gone", Blackhole: true},
		}})
		w.SecurityGroups = append(w.SecurityGroups, model.SecurityGroup{ID: s, VPC: s,
			Ingress: []model.SGRule{{Protocol: "tcp", FromPort: 443, ToPort: 443, SecurityGroups: []string{s}, Description: s}},
		})
		w.Clusters = append(w.Clusters, model.Cluster{ID: s, Name: s + "!"})
		w.TaskDefinitions = append(w.TaskDefinitions, model.TaskDefinition{ID: s, Family: s + s, NetworkMode: "awsvpc",
			ExecutionRoleARN: s,
			Containers: []model.Container{{Name: s, Image: "nginx", LogDriver: s, // images are checked LogOptions: map[string]string{s: s, "k": s},
				Secrets: []model.Secret{{Name: s, ValueFrom: s}}, EnvironmentFiles: []string{s, s}}},
			Volumes: []model.Volume{{Name: s, EFS: &model.EFSVolume{FileSystemID: s}}},
		})
		w.Services = append(w.Services, model.Service{ID: s, Name: "svc " + s, Cluster: s, TaskDefinition: s,
			LaunchType: "FARGATE", PlatformVersion: s, Subnets: []string{s}, SecurityGroups: []string{s}})
		w.DHCPOptions = append(w.DHCPOptions, model.DHCPOptions{ID: s, DomainName: s, DomainNameServers: []string{s}})
		w.HostedZones = append(w.HostedZones, model.HostedZone{ID: s, Name: s + ".", VPCs: []string{s},
			Records: []model.Record{{Name: "www." + s + ".", Type: model.RecordCNAME, Values: []string{s}}}})
	}
	return w
}

// TestEncodeAwkwardStrings writes awkward strings as IDs, names and
// values: they come back exactly, and the output is valid YAML.
func TestEncodeAwkwardStrings(t *testing.T) {
	w := awkwardWorld(awkward)
	out, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	var anything any
	if err := yaml.Unmarshal(out, &anything); err != nil {
		t.Fatalf("output is not valid YAML: %v", err)
	}
	back, diags := Decode(encodedFile, out)
	if back == nil || diags.HasErrors() {
		t.Fatalf("Decode: %v", diags)
	}
	checkPositions(t, back, out)
	if diff := cmp.Diff(w, back, sameWorld); diff != "" {
		t.Errorf("world changed by Encode and Decode (-before +after):\n%s", diff)
	}
}

// TestEncodeDefaults checks which fields are left out: those equal to the
// decoder's default, and only those.
func TestEncodeDefaults(t *testing.T) {
	vpc := model.VPC{ID: "v", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, EnableDNSSupport: true}
	base := func() *model.World {
		return &model.World{Region: "us-east-1", Account: DefaultAccount, VPCs: []model.VPC{vpc}}
	}
	tests := []struct {
		name   string
		change func(w *model.World)
		want   []string // lines the output has
		absent []string // text the output lacks
	}{
		{"defaults", func(w *model.World) {}, []string{"region: us-east-1", "    cidr: 10.0.0.0/16"}, []string{"account", "dns_", "org_id"}},
		{"vpc settings", func(w *model.World) {
			w.Account, w.AccountFrom, w.OrgID = "111122223333", "test", "o-1"
			w.VPCs[0].EnableDNSSupport, w.VPCs[0].EnableDNSHostnames = false, true
			w.VPCs[0].CIDRs = append(w.VPCs[0].CIDRs, netip.MustParsePrefix("100.64.0.0/16"))
		}, []string{"account: \"111122223333\"", "org_id: o-1", "dns_support: false", "dns_hostnames: true", "cidr: [10.0.0.0/16, 100.64.0.0/16]"}, nil},
		{"endpoints", func(w *model.World) {
			w.VPCs[0].Region = "eu-west-1"
			w.Endpoints = []model.Endpoint{
				{ID: "gw", VPC: "v", ServiceName: "com.amazonaws.eu-west-1.s3", Type: model.EndpointGateway, RouteTables: []string{"rt"}},
				{ID: "gw-no-tables", VPC: "v", ServiceName: "com.amazonaws.eu-west-1.s3", Type: model.EndpointGateway},
				{ID: "s3-if", VPC: "v", ServiceName: "com.amazonaws.eu-west-1.s3", Type: model.EndpointInterface, PrivateDNS: true},
				{ID: "logs-no-dns", VPC: "v", ServiceName: "com.amazonaws.eu-west-1.logs", Type: model.EndpointInterface},
				{ID: "other-region", VPC: "v", ServiceName: "com.amazonaws.us-east-1.logs", Type: model.EndpointInterface, PrivateDNS: true},
				{ID: "privatelink", VPC: "v", ServiceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-1", Type: model.EndpointInterface, PrivateDNS: true},
			}
			w.RouteTables = []model.RouteTable{{ID: "rt", VPC: "v"}}
		}, []string{
			"  gw:\n    vpc: v\n    service: s3\n    route_tables: [rt]\n  gw-no-tables:",
			"    service: s3\n    type: gateway\n",
			"  s3-if:\n    vpc: v\n    service: s3\n  logs",
			"    service: logs\n    private_dns: false\n",
			"    service: com.amazonaws.us-east-1.logs\n  privatelink:",
			"    service: com.amazonaws.vpce.eu-west-1.vpce-svc-1\n    private_dns: true\n",
		}, nil},
		{"security groups", func(w *model.World) {
			all := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
			w.SecurityGroups = []model.SecurityGroup{
				{ID: "default-egress", VPC: "v", Egress: []model.SGRule{{Protocol: "-1", CIDRs: all}}},
				{ID: "no-egress", VPC: "v"},
				{ID: "described", VPC: "v", Egress: []model.SGRule{{Protocol: "-1", CIDRs: all, Description: "d"}}},
				{ID: "ports", VPC: "v", Ingress: []model.SGRule{
					{Protocol: "tcp", FromPort: 0, ToPort: 0, Self: true},
					{Protocol: "icmp", FromPort: -1, ToPort: -1, Self: true},
					{Protocol: "udp", FromPort: 1024, ToPort: 65535, Self: true},
					{Protocol: "50", Self: true},
				}},
			}
		}, []string{
			"  default-egress:\n    vpc: v\n  no-egress:\n    vpc: v\n    egress: []\n",
			"{protocol: all, cidrs: [0.0.0.0/0, '::/0'], description: d}",
			"{protocol: tcp, ports: 0, self: true}", "{protocol: icmp, from_port: -1, to_port: -1, self: true}",
			"{protocol: udp, ports: 1024-65535, self: true}", "{protocol: \"50\", self: true}",
		}, nil},
		{"ecs", func(w *model.World) {
			w.Clusters = []model.Cluster{{ID: "c", Name: "c"}, {ID: "named", Name: "other"}}
			app := []model.Container{{Name: "app", Image: "nginx"}}
			w.TaskDefinitions = []model.TaskDefinition{{ID: "td", Family: "td", NetworkMode: "awsvpc", Containers: app}, {ID: "bridge", Family: "f", NetworkMode: "bridge", Containers: app}}
			w.Services = []model.Service{
				{ID: "s", Name: "s", Cluster: "c", TaskDefinition: "td", LaunchType: "FARGATE"},
				{ID: "ec2", Name: "ec2", Cluster: "c", TaskDefinition: "td", LaunchType: "EC2"},
				{ID: "cp", Name: "cp", Cluster: "c", TaskDefinition: "td", CapacityProviders: []string{"FARGATE_SPOT"}},
			}
		}, []string{
			"  c: {}\n  named:\n    name: other\n", "  td:\n    containers:\n      - name: app\n        image: nginx\n  bridge:\n    family: f\n    network_mode: bridge\n",
			"  s:\n    cluster: c\n    task_definition: td\n  ec2:", "    launch_type: EC2\n", "    capacity_providers: [FARGATE_SPOT]\n",
		}, nil},
		{"transit and peering", func(w *model.World) {
			w.TransitGateways = []model.TransitGateway{{ID: "on", DefaultAssociation: true, DefaultPropagation: true}, {ID: "off"}}
			w.Peerings = []model.Peering{{ID: "up", VPC: "v", PeerVPC: "v", Active: true}, {ID: "down", VPC: "v", PeerVPC: "v"}}
		}, []string{"  on: {}\n", "  off:\n    default_association: false\n    default_propagation: false\n", "  up:\n    vpc: v\n    peer_vpc: v\n  down:", "    active: false\n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := base()
			tt.change(w)
			back, out := encodeDecode(t, w)
			if diff := cmp.Diff(w, back, sameWorld); diff != "" {
				t.Errorf("world changed by Encode and Decode (-before +after):\n%s", diff)
			}
			for _, s := range tt.want {
				if !bytes.Contains(out, []byte(s)) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.absent {
				if bytes.Contains(out, []byte(s)) {
					t.Errorf("output has %q:\n%s", s, out)
				}
			}
		})
	}
}

// TestEncodePolicies checks that a policy reads back as the same text,
// written as YAML when that gives exactly the same JSON.
func TestEncodePolicies(t *testing.T) {
	tests := []struct {
		policy string
		yaml   bool
	}{
		{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, true},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":["arn:aws:iam::1:root"]},"Action":["s3:GetObject","s3:*"],"Resource":"*","Condition":{"NumericLessThan":{"n":5},"Bool":{"aws:SecureTransport":false},"Null":{"x":null}}}]}`, true},
		{`{"a":"true","b":"1","c":"null","d":"","e":"#x","f":"a: b","g":"2012-10-17","h":"<<","i":"\n x"}`, true},
		{`{"n":1.5,"m":-3,"big":12345678901234567890}`, false}, // the big number becomes a float
		{`{"n":1.0}`, false},
		{`{"n":1e3}`, false},
		{`{"a":"<&>"}`, true},
		{`{"a":"\u003c"}`, false},
		{`{"a": 1}`, false},
		{"{\n  \"Statement\": []\n}\n", false},
		{`{"a":1,"a":2}`, false},
		{`{"":{"":[]}}`, true},
		{`{"x":[[],{}]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.policy, func(t *testing.T) {
			w := &model.World{Region: "us-east-1", Account: DefaultAccount,
				VPCs:      []model.VPC{{ID: "v", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, EnableDNSSupport: true}},
				Endpoints: []model.Endpoint{{ID: "e", VPC: "v", ServiceName: "com.amazonaws.us-east-1.logs", Type: model.EndpointInterface, PrivateDNS: true, Policy: tt.policy}},
			}
			back, out := encodeDecode(t, w)
			if got := back.Endpoints[0].Policy; got != tt.policy {
				t.Errorf("policy read back as %q; want %q\noutput:\n%s", got, tt.policy, out)
			}
			if isYAML := !bytes.Contains(out, []byte("policy: ")); isYAML != tt.yaml {
				t.Errorf("policy written as a YAML mapping: %v; want %v\noutput:\n%s", isYAML, tt.yaml, out)
			}
		})
	}
}

// TestEncodeNotes checks the empty settings a scenario cannot hold: they
// read back as the decoder's default, with a comment.
func TestEncodeNotes(t *testing.T) {
	w := &model.World{Region: "us-east-1", Account: DefaultAccount,
		VPCs:            []model.VPC{{ID: "v", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, EnableDNSSupport: true}},
		Endpoints:       []model.Endpoint{{ID: "e", VPC: "v", ServiceName: "com.amazonaws.us-east-1.logs", Type: model.EndpointInterface, PrivateDNS: true}},
		HostedZones:     []model.HostedZone{{ID: "z", Name: "x.", Records: []model.Record{{Name: "x.", AliasEndpoint: "e"}}}},
		Clusters:        []model.Cluster{{ID: "c"}},
		Buckets:         []model.Bucket{{ID: "b"}},
		TaskDefinitions: []model.TaskDefinition{{ID: "td", Containers: []model.Container{{Name: "app", Image: "nginx"}}}},
		Services:        []model.Service{{ID: "s", Cluster: "c", TaskDefinition: "td"}},
	}
	out, err := Encode(w)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# records[0] has no alias name; it reads back as vpce-e.logs.us-east-1.vpce.amazonaws.com\n  z:",
		"- {name: x.., type: null, alias_endpoint: e}",
		"# name is empty; it reads back as the ID\n  c: {}",
		"# name is empty; it reads back as the ID\n  b: {}",
		"# family is empty; it reads back as the ID\n  # network_mode is empty; it reads back as awsvpc\n  td:\n",
		"# name is empty; it reads back as the ID\n  s:",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	back, diags := Decode(encodedFile, out)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if r := back.HostedZones[0].Records[0]; r.Name != "x." || r.Type != "" || r.Alias != "vpce-e.logs.us-east-1.vpce.amazonaws.com" {
		t.Errorf("record read back as %+v", r)
	}
	if back.HostedZones[0].Name != "x." || back.Services[0].Name != "s" || back.TaskDefinitions[0].NetworkMode != "awsvpc" || back.Services[0].LaunchType != "FARGATE" {
		t.Errorf("defaults not applied: %+v %+v %+v", back.HostedZones[0], back.Services[0], back.TaskDefinitions[0])
	}
}

// TestEncodeErrors lists the worlds Encode refuses, because the file would
// not decode or would mean something else.
func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(w *model.World)
		want   string
	}{
		{"no region", func(w *model.World) { w.Region = "" }, `top level: region "" is not a region name`},
		{"bad account", func(w *model.World) { w.Account = "1" }, `account "1" is not a 12-digit account ID`},
		{"no account", func(w *model.World) { w.Account = "" }, `account "" is not a 12-digit account ID`},
		{"vpc region", func(w *model.World) { w.VPCs[0].Region = "Mars" }, `vpcs.v: region "Mars" is not a region name`},
		{"bad utf-8", func(w *model.World) { w.VPCs[0].DHCPOptions = "\xff" }, `vpcs.v: "\xff" is not valid UTF-8`},
		{"host bits", func(w *model.World) { w.VPCs[0].CIDRs[0] = netip.MustParsePrefix("10.0.0.1/16") }, "vpcs.v: cidr 10.0.0.1/16 is not an IPv4 prefix"},
		{"ipv6 vpc cidr", func(w *model.World) { w.VPCs[0].CIDRs[0] = netip.MustParsePrefix("2001:db8::/56") }, "cidr 2001:db8::/56 is not an IPv4 prefix"},
		{"zoned address", func(w *model.World) {
			w.Instances = []model.Instance{{ID: "i", PrivateIP: netip.MustParseAddr("fe80::1%eth0")}}
		}, "instances.i: private_ip fe80::1%eth0 is not an IP address without a zone"},
		{"protocol", func(w *model.World) {
			w.SecurityGroups = []model.SecurityGroup{{ID: "g", Ingress: []model.SGRule{{Protocol: "tcpx"}}}}
		}, `security_groups.g: protocol "tcpx" is not`},
		{"route target", func(w *model.World) {
			w.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Target: "carrier-gateway", TargetID: "x"}}}}
		}, `route_tables.rt: route target kind "carrier-gateway" is not one of`},
		{"local route with id", func(w *model.World) {
			w.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Target: model.TargetLocal, TargetID: "x"}}}}
		}, `a local route names a target, "x"`},
		{"endpoint type", func(w *model.World) {
			w.Endpoints = []model.Endpoint{{ID: "e", ServiceName: "com.amazonaws.us-east-1.x", Type: "GatewayLoadBalancer"}}
		}, `endpoints.e: type "GatewayLoadBalancer" is not Interface or Gateway`},
		{"short service name", func(w *model.World) {
			w.Endpoints = []model.Endpoint{{ID: "e", ServiceName: "logs", Type: model.EndpointInterface}}
		}, `service name "logs" does not start with com.amazonaws.`},
		{"policy", func(w *model.World) {
			w.Endpoints = []model.Endpoint{{ID: "e", ServiceName: "com.amazonaws.us-east-1.x", Type: model.EndpointInterface, Policy: "[]"}}
		}, "the policy is not a JSON object"},
		{"ips", func(w *model.World) {
			w.Endpoints = []model.Endpoint{{ID: "e", ServiceName: "com.amazonaws.us-east-1.x", Type: model.EndpointInterface,
				IPs: map[string]netip.Addr{"s": netip.MustParseAddr("10.0.0.1")}}}
		}, `ips names subnet "s", which is not one of the endpoint's subnets`},
		{"record with values and alias", func(w *model.World) {
			w.HostedZones = []model.HostedZone{{ID: "z", Records: []model.Record{{Name: "a", Type: "A", Values: []string{"10.0.0.1"}, Alias: "b"}}}}
		}, "records[0] has both values and an alias"},
		{"record type", func(w *model.World) {
			w.HostedZones = []model.HostedZone{{ID: "z", Records: []model.Record{{Name: "a", Type: "TXT", Values: []string{"x"}}}}}
		}, `type "TXT" is not A, AAAA or CNAME`},
		{"record without type", func(w *model.World) {
			w.HostedZones = []model.HostedZone{{ID: "z", Records: []model.Record{{Name: "a", Values: []string{"x"}}}}}
		}, "records[0] has neither a type nor an alias"},
		{"record value", func(w *model.World) {
			w.HostedZones = []model.HostedZone{{ID: "z", Records: []model.Record{{Name: "a", Type: "AAAA", Values: []string{"10.0.0.1"}}}}}
		}, `records[0] value "10.0.0.1" is not an address for a record of type AAAA`},
		{"cname values", func(w *model.World) {
			w.HostedZones = []model.HostedZone{{ID: "z", Records: []model.Record{{Name: "a", Type: "CNAME", Values: []string{"x", "y"}}}}}
		}, "CNAME records[0] has 2 values"},
		{"zone without endpoint", func(w *model.World) {
			w.HostedZones = []model.HostedZone{{ID: "z", Records: []model.Record{{Name: "a", Alias: "x", AliasZone: "us-east-1a"}}}}
		}, `records[0] has an alias zone, "us-east-1a", but no alias endpoint`},
		{"network mode", func(w *model.World) { w.TaskDefinitions = []model.TaskDefinition{{ID: "td", NetworkMode: "nat"}} }, `network_mode "nat" is not`},
		{"compatibility", func(w *model.World) {
			w.TaskDefinitions = []model.TaskDefinition{{ID: "td", NetworkMode: "awsvpc", RequiresCompatibilities: []string{"LAMBDA"}}}
		}, `requires_compatibilities "LAMBDA" is not FARGATE, EC2 or EXTERNAL`},
		{"launch type", func(w *model.World) { w.Services = []model.Service{{ID: "s", LaunchType: "MANAGED"}} }, `launch_type "MANAGED" is not`},
		{"launch type and providers", func(w *model.World) {
			w.Services = []model.Service{{ID: "s", LaunchType: "EC2", CapacityProviders: []string{"cp"}}}
		}, "either a launch type or capacity providers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &model.World{Region: "us-east-1", Account: DefaultAccount,
				VPCs: []model.VPC{{ID: "v", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, EnableDNSSupport: true}}}
			tt.change(w)
			out, err := Encode(w)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Encode error = %v; want one containing %q", err, tt.want)
			}
			if out != nil {
				t.Errorf("Encode returned output with an error")
			}
		})
	}
}

// TestEncodeKeyOrder checks that the keys of every mapping Encode writes
// come in the order of the decoder's key lists, which is that of the
// tables in docs/scenario.md, and the collections in the order of the
// documentation's sections.
func TestEncodeKeyOrder(t *testing.T) {
	docs, err := os.ReadFile("../../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	var sections []string
	for _, m := range regexp.MustCompile("(?m)^## (.*)$").FindAllSubmatch(docs, -1) {
		for _, name := range strings.Split(string(m[1]), ", ") {
			if slices.Contains(topKeys, name) {
				sections = append(sections, name)
			}
		}
	}
	top := append(slices.Clone(topKeys[:3]), sections...)
	objects := map[string][]string{
		"vpcs": vpcKeys, "subnets": subnetKeys, "route_tables": routeTableKeys, "internet_gateways": vpcOnlyKeys,
		"egress_only_gateways": vpcOnlyKeys, "vpn_gateways": vpcOnlyKeys, "nat_gateways": natKeys,
		"instances": instanceKeys, "endpoints": endpointKeys, "security_groups": securityGroupKeys,
		"network_acls": networkACLKeys, "prefix_lists": prefixListKeys, "dhcp_options": dhcpKeys,
		"hosted_zones": hostedZoneKeys, "transit_gateways": transitGatewayKeys,
		"transit_gateway_attachments": attachmentKeys, "transit_gateway_route_tables": tgwRouteTableKeys,
		"peerings": peeringKeys, "file_systems": fileSystemKeys, "buckets": bucketKeys, "clusters": clusterKeys,
		"task_definitions": taskDefinitionKeys, "services": serviceKeys, "auto_scaling_groups": autoScalingGroupKeys,
		"resolver_rules": resolverRuleKeys, "firewall_domain_lists": firewallListKeys, "firewall_rule_groups": firewallGroupKeys,
		"block_public_access": bpaKeys, "block_public_access_exclusions": bpaExclusionKeys,
		"network_firewalls": networkFirewallKeys, "network_firewall_policies": nfwPolicyKeys, "network_firewall_rule_groups": nfwRuleGroupKeys,
	}
	// Keys of the mappings inside objects, by collection and field.
	inner := map[string][]string{
		"route_tables.routes": routeKeys, "security_groups.ingress": sgRuleKeys, "security_groups.egress": sgRuleKeys,
		"network_acls.ingress": aclRuleKeys, "network_acls.egress": aclRuleKeys, "hosted_zones.records": recordKeys,
		"transit_gateway_route_tables.routes": tgwRouteKeys, "file_systems.mount_targets": mountTargetKeys,
		"task_definitions.containers": containerKeys, "task_definitions.volumes": volumeKeys,
		"containers.log": logKeys, "containers.secrets": secretKeys, "log.secret_options": secretKeys, "volumes.efs": efsKeys,
		"firewall_rule_groups.rules": firewallRuleKeys, "firewall_rule_groups.associations": firewallAssociationKeys,
		"network_firewall_policies.stateless_rule_groups": nfwGroupRefKeys, "network_firewall_policies.stateful_rule_groups": nfwGroupRefKeys,
		"network_firewall_rule_groups.stateless_rules": nfwStatelessRuleKeys, "network_firewall_rule_groups.stateful_rules": nfwStatefulRuleKeys,
		"network_firewall_rule_groups.domain_list": nfwDomainListKeys,
	}
	// checkOrder checks that the keys of mapping n are a subsequence of keys.
	checkOrder := func(n *yaml.Node, keys []string, where string) {
		last := -1
		for i := 0; i < len(n.Content); i += 2 {
			k := slices.Index(keys, n.Content[i].Value)
			if k <= last {
				t.Errorf("%s: key %q out of order (want the order %v)", where, n.Content[i].Value, keys)
			}
			last = k
		}
	}
	// items returns the mappings under a field: list items, the mapping
	// itself for log and efs, or for mount targets the values of the
	// mapping of ID to target.
	items := func(field string, n *yaml.Node) []*yaml.Node {
		if n.Kind == yaml.SequenceNode {
			return n.Content
		}
		if field == "log" || field == "efs" || field == "domain_list" {
			return []*yaml.Node{n}
		}
		var out []*yaml.Node
		for i := 1; i < len(n.Content); i += 2 {
			out = append(out, n.Content[i])
		}
		return out
	}
	var walkFields func(n *yaml.Node, owner, where string)
	walkFields = func(n *yaml.Node, owner, where string) {
		for i := 0; i+1 < len(n.Content); i += 2 {
			field, v := n.Content[i].Value, n.Content[i+1]
			keys, ok := inner[owner+"."+field]
			if !ok {
				continue
			}
			for j, item := range items(field, v) {
				at := fmt.Sprintf("%s.%s[%d]", where, field, j)
				checkOrder(item, keys, at)
				walkFields(item, field, at)
			}
		}
	}
	for _, name := range scenarioFiles(t) {
		w, diags := LoadFile(name)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		out, err := Encode(w)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		root := doc.Content[0]
		checkOrder(root, top, name)
		for i := 0; i+1 < len(root.Content); i += 2 {
			coll := root.Content[i].Value
			keys, ok := objects[coll]
			if !ok {
				continue
			}
			objs := root.Content[i+1]
			for j := 0; j+1 < len(objs.Content); j += 2 {
				where := name + ": " + coll + "." + objs.Content[j].Value
				checkOrder(objs.Content[j+1], keys, where)
				walkFields(objs.Content[j+1], coll, where)
			}
		}
	}
}

// FuzzEncode checks, for any input that Decode accepts, that Encode
// succeeds, that its output decodes to the same world, and that encoding
// that world again gives the same bytes.
func FuzzEncode(f *testing.F) {
	for _, name := range scenarioFiles(f) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(example.Seed)
	// FuzzDecode's corpus: inputs that use anchors, merge keys and such.
	corpus, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzDecode", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range corpus {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		quoted, ok := strings.CutPrefix(strings.TrimSpace(string(raw)), "go test fuzz v1\n[]byte(")
		data, err := strconv.Unquote(strings.TrimSuffix(quoted, ")"))
		if !ok || err != nil {
			f.Fatalf("%s: not a []byte corpus entry", name)
		}
		f.Add([]byte(data))
	}
	// The short awkward strings, as Encode writes them.
	short := slices.DeleteFunc(slices.Clone(awkward), func(s string) bool { return len(s) > 20 })
	data, err := Encode(awkwardWorld(short))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		w, diags := Decode("f.yaml", data)
		if w == nil || diags.HasErrors() {
			return
		}
		back, out := encodeDecode(t, w)
		if diff := cmp.Diff(w, back, sameWorld); diff != "" {
			t.Fatalf("world changed by Encode and Decode (-before +after):\n%s\noutput:\n%s", diff, out)
		}
		again, err := Encode(back)
		if err != nil {
			t.Fatalf("Encode(decoded output): %v", err)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("Encode is not a fixed point:\n%s", cmp.Diff(string(out), string(again)))
		}
	})
}

// BenchmarkEncodeLarge encodes a generated world of 500 VPCs.
func BenchmarkEncodeLarge(b *testing.B) {
	w := worldgen.Generate(worldgen.Size{VPCs: 500, SubnetsPerVPC: 10, ServicesPerVPC: 10})
	out, err := Encode(w)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(w); err != nil {
			b.Fatal(err)
		}
	}
}
