package snapshot

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/internal/textpos"
	"github.com/vpctrace/vpctrace/model"
)

// TestIndexJSON: every value of a response is found by its JSON pointer,
// at the line and column where it begins.
func TestIndexJSON(t *testing.T) {
	src := "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\", \"Tags\": [{\"Key\": \"a/b~c\", \"Value\": \"x\"}]},\n    {\"VpcId\": \"vpc-2\"}\n  ],\n  \"Note\": \"日本語\", \"After\": 1\n}"
	idx, err := indexJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for ptr, off := range idx {
		l, c := textpos.New([]byte(src)).Pos(off)
		got[ptr] = sprintPos(l, c)
	}
	want := map[string]string{
		"":                     "1:1",
		"/Vpcs":                "2:11",
		"/Vpcs/0":              "3:5",
		"/Vpcs/0/VpcId":        "3:15",
		"/Vpcs/0/Tags":         "3:32",
		"/Vpcs/0/Tags/0":       "3:33",
		"/Vpcs/0/Tags/0/Key":   "3:41",
		"/Vpcs/0/Tags/0/Value": "3:59",
		"/Vpcs/1":              "4:5",
		"/Vpcs/1/VpcId":        "4:15",
		"/Note":                "6:11",
		"/After":               "6:27",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func sprintPos(l, c int) string { return model.Pos{File: "f", Line: l, Column: c}.String()[2:] }

// TestIndexJSONBroken: a document that breaks off or is not JSON gives an
// error, and what came before it is indexed.
func TestIndexJSONBroken(t *testing.T) {
	for _, src := range []string{`{"Vpcs": [{"VpcId": "vpc-1"}`, `{"Vpcs": [}`, `{"a" 1}`, ``, `[1,]`} {
		if _, err := indexJSON([]byte(src)); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

const vpcsJSON = `{
    "Vpcs": [
        {
            "CidrBlock": "10.0.0.0/16",
            "DhcpOptionsId": "default",
            "State": "available",
            "VpcId": "vpc-0123456789abcdef0",
            "OwnerId": "123456789012",
            "CidrBlockAssociationSet": [
                {"AssociationId": "vpc-cidr-assoc-1", "CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}},
                {"AssociationId": "vpc-cidr-assoc-2", "CidrBlock": "10.1.0.0/16", "CidrBlockState": {"State": "disassociated"}}
            ],
            "IsDefault": false
        }
    ]
}
`

// TestLoad reads folders file by file as the AWS CLI writes them
// (aws-rules 11.1.1, 11.1.2, 11.1.4): the world and every diagnostic, with
// its position, compared whole.
func TestLoad(t *testing.T) {
	vpc := model.VPC{ID: "vpc-0123456789abcdef0", Source: model.Pos{File: "snap/any-name.json", Line: 3, Column: 9},
		CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}
	attrUnknowns := func(id string, p model.Pos) []model.Unknown {
		return []model.Unknown{
			{ID: id, Kind: model.KindVPC, Field: "enable_dns_support", Why: "not in the snapshot", Source: p,
				Fix: "add the output of aws ec2 describe-vpc-attribute --vpc-id " + id + " --attribute enableDnsSupport to the snapshot folder"},
			{ID: id, Kind: model.KindVPC, Field: "enable_dns_hostnames", Why: "not in the snapshot", Source: p,
				Fix: "add the output of aws ec2 describe-vpc-attribute --vpc-id " + id + " --attribute enableDnsHostnames to the snapshot folder"},
		}
	}
	// tableUnknowns are the settings that a folder without route tables
	// and network ACLs leaves unknown (aws-rules 11.2.1).
	tableUnknowns := func(id string, p model.Pos) []model.Unknown {
		return []model.Unknown{
			{ID: id, Kind: model.KindVPC, Field: "route tables", Why: "not in the snapshot", Source: p,
				Fix: "add the output of aws ec2 describe-route-tables --filters Name=vpc-id,Values=" + id + " to the snapshot folder"},
			{ID: id, Kind: model.KindVPC, Field: "network ACLs", Why: "not in the snapshot", Source: p,
				Fix: "add the output of aws ec2 describe-network-acls --filters Name=vpc-id,Values=" + id + " to the snapshot folder"},
		}
	}
	attrUnknowns = func(attrs func(string, model.Pos) []model.Unknown) func(string, model.Pos) []model.Unknown {
		return func(id string, p model.Pos) []model.Unknown { return append(attrs(id, p), tableUnknowns(id, p)...) }
	}(attrUnknowns)
	// route53Unknowns are what a folder without Route 53 responses leaves
	// unknown of a VPC (aws-rules 11.3.6, 11.3.7).
	route53Unknowns := func(id string, p model.Pos, region string) []model.Unknown {
		return []model.Unknown{
			{ID: id, Kind: model.KindVPC, Field: "private_hosted_zones", Why: "not in the snapshot", Source: p,
				Fix: "add the output of aws route53 list-hosted-zones-by-vpc --vpc-id " + id + " --vpc-region " + region + " to the snapshot folder"},
			{ID: id, Kind: model.KindVPC, Field: "resolver_rules", Why: "not in the snapshot", Source: p,
				Fix: "add the output of aws route53resolver list-resolver-rule-associations --filters Name=VPCId,Values=" + id + " to the snapshot folder"},
		}
	}
	dnsUnknowns := func(file string) []model.Unknown {
		p := model.Pos{File: file, Line: 3, Column: 9}
		return append(attrUnknowns(vpc.ID, p), route53Unknowns(vpc.ID, p, "REGION")...)
	}
	type result struct {
		World *model.World
		Diags model.Diagnostics
	}
	tests := []struct {
		name  string
		files map[string]string
		want  result
	}{{
		name:  "aws-rules 11.1.1, 11.1.4: a file is recognised by its content, not its name; a disassociated CIDR is left out; the DNS attributes the folder lacks are unknown with the command that gives them",
		files: map[string]string{"any-name.json": vpcsJSON},
		want:  result{World: &model.World{VPCs: []model.VPC{vpc}, Unknowns: dnsUnknowns("snap/any-name.json")}},
	}, {
		name: "aws-rules 11.1.1: describe-vpc-attribute files give the DNS attributes; snapshot.json the region and account",
		files: map[string]string{
			"vpcs.json":     vpcsJSON,
			"a.json":        `{"VpcId": "vpc-0123456789abcdef0", "EnableDnsSupport": {"Value": true}}`,
			"b.json":        `{"VpcId": "vpc-0123456789abcdef0", "EnableDnsHostnames": {"Value": false}}`,
			"snapshot.json": `{"region": "ap-northeast-1", "account": "123456789012", "collected_at": "2026-12-03T00:00:00Z"}`,
		},
		want: result{World: &model.World{Region: "ap-northeast-1", Account: "123456789012", AccountFrom: MetaFile,
			VPCs: []model.VPC{func() model.VPC {
				v := vpc
				v.Source.File, v.EnableDNSSupport = "snap/vpcs.json", true
				return v
			}()},
			Unknowns: append(tableUnknowns(vpc.ID, model.Pos{File: "snap/vpcs.json", Line: 3, Column: 9}),
				route53Unknowns(vpc.ID, model.Pos{File: "snap/vpcs.json", Line: 3, Column: 9}, "ap-northeast-1")...)}},
	}, {
		name: "aws-rules 11.1.2: a page that carries a NextToken is read, with a warning; JSON that is no response is left out with a warning",
		files: map[string]string{
			"vpcs.json":  vpcsJSON[:len(vpcsJSON)-2] + `, "NextToken": "abc"}`,
			"other.json": `{"Buckets": []}`,
		},
		want: result{
			World: &model.World{VPCs: []model.VPC{func() model.VPC { v := vpc; v.Source.File = "snap/vpcs.json"; return v }()},
				Unknowns: dnsUnknowns("snap/vpcs.json")},
			Diags: model.Diagnostics{
				{Severity: model.SeverityWarning, Code: CodeNotRecognised, Message: "not a response vpctrace reads (top-level keys Buckets): left out", Source: model.Pos{File: "snap/other.json"}},
				{Severity: model.SeverityWarning, Code: CodeMissing, Message: "this file is one page of the output (it has a NextToken): the objects of the other pages are missing unless their files are in the folder; run the command without --no-paginate, --max-items or --page-size (aws-rules 11.1.2)", Source: model.Pos{File: "snap/vpcs.json"}},
			},
		},
	}, {
		name:  "aws-rules 11.1.4: a truncated file is an error at its end",
		files: map[string]string{"vpcs.json": vpcsJSON[:120]},
		want: result{World: &model.World{}, Diags: model.Diagnostics{
			{Severity: model.SeverityError, Code: CodeInvalidJSON, Message: "not JSON: the file ends in the middle of a value (truncated?)", Source: model.Pos{File: "snap/vpcs.json", Line: 6, Column: 15}},
		}},
	}, {
		name:  "aws-rules 11.1.4: a value of the wrong JSON type is an error at the value",
		files: map[string]string{"vpcs.json": `{"Vpcs": [{"VpcId": "vpc-1", "IsDefault": "no"}]}`},
		want: result{World: &model.World{}, Diags: model.Diagnostics{
			{Severity: model.SeverityError, Code: CodeInvalidJSON, Message: "Vpcs[0].IsDefault is string, but the AWS API gives it as bool", Source: model.Pos{File: "snap/vpcs.json", Line: 1, Column: 43}},
		}},
	}, {
		name:  "aws-rules 11.1.4: a malformed CIDR block is an error at the value",
		files: map[string]string{"vpcs.json": `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/33"}]}`},
		want: result{World: &model.World{VPCs: []model.VPC{{ID: "vpc-1", Source: model.Pos{File: "snap/vpcs.json", Line: 1, Column: 11}}},
			Unknowns: append(attrUnknowns("vpc-1", model.Pos{File: "snap/vpcs.json", Line: 1, Column: 11}),
				route53Unknowns("vpc-1", model.Pos{File: "snap/vpcs.json", Line: 1, Column: 11}, "REGION")...)}, Diags: model.Diagnostics{
			{Severity: model.SeverityError, Code: model.CodeInvalidValue, Message: `"10.0.0.0/33" is not a CIDR block`, Source: model.Pos{File: "snap/vpcs.json", Line: 1, Column: 43}},
		}},
	}, {
		name:  "a snapshot.json with a key it does not know is an error",
		files: map[string]string{"vpcs.json": `{"Vpcs": []}`, "snapshot.json": `{"region": "ap-northeast-1", "acount": "1"}`},
		want: result{World: &model.World{}, Diags: model.Diagnostics{
			{Severity: model.SeverityError, Code: CodeInvalidJSON, Message: `snapshot.json has no key "acount" (it has region, account and collected_at)`, Source: model.Pos{File: "snap/snapshot.json", Line: 1, Column: 40}},
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "snap")
			writeFiles(t, dir, tt.files)
			w, ds := Load(dir)
			got := result{World: w, Diags: ds}
			for i := range got.Diags {
				got.Diags[i].Source.File = filepath.ToSlash(got.Diags[i].Source.File)
			}
			if diff := cmp.Diff(tt.want, got, equateNetip); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// equateNetip compares netip values by ==.
var equateNetip = cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{})

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSettle: the region and account come from snapshot.json, else from
// the ARNs of the snapshot's own objects, and ARNs that disagree are an
// error (aws-rules 11.1.3).
func TestSettle(t *testing.T) {
	at := func(line int) model.Pos { return model.Pos{File: "f.json", Line: line, Column: 1} }
	type arn struct {
		arn     string
		account bool
	}
	type result struct {
		Region, Account, AccountFrom string
		Diags                        model.Diagnostics
	}
	tests := []struct {
		name string
		meta Meta
		arns []arn
		want result
	}{
		{"the ECS objects' ARNs name the account; a shared subnet's owner is not the account",
			Meta{}, []arn{{"arn:aws:ecs:ap-northeast-1:111111111111:cluster/main", true}, {"arn:aws:ec2:ap-northeast-1:222222222222:subnet/subnet-1", false}},
			result{Region: "ap-northeast-1", Account: "111111111111", AccountFrom: "the ARNs in the snapshot, which all name it"}},
		{"snapshot.json wins over the ARNs",
			Meta{Region: "us-east-1", Account: "333333333333"}, []arn{{"arn:aws:ecs:ap-northeast-1:111111111111:cluster/main", true}},
			result{Region: "us-east-1", Account: "333333333333", AccountFrom: MetaFile}},
		{"two regions are an error naming where each is seen",
			Meta{}, []arn{{"arn:aws:ecs:ap-northeast-1:111111111111:cluster/a", true}, {"arn:aws:ecs:us-east-1:111111111111:cluster/b", true}},
			result{Account: "111111111111", AccountFrom: "the ARNs in the snapshot, which all name it", Diags: model.Diagnostics{{Severity: model.SeverityError, Code: CodeConflict,
				Message: "the snapshot's ARNs name more than one region: ap-northeast-1 (f.json:1:1), us-east-1 (f.json:2:1); collect each region in a folder of its own with a describe command of one region, or name it in snapshot.json",
				Source:  at(2)}}}},
		{"no ARN and no snapshot.json: no region, no account", Meta{}, nil, result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBuilder()
			b.meta = tt.meta
			for i, a := range tt.arns {
				b.noteARN(a.arn, at(i+1), a.account)
			}
			b.settle()
			got := result{Region: b.w.Region, Account: b.w.Account, AccountFrom: b.w.AccountFrom, Diags: b.diags}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestNameID: the responses that do not name their object take its ID
// from the file name (aws-rules 11.1.1).
func TestNameID(t *testing.T) {
	tests := []struct{ path, prefix, want string }{
		{"snap/prefix-list-entries-pl-0123abcd.json", "pl-", "pl-0123abcd"},
		{"snap/tgw-routes-tgw-rtb-0a1b2c3d.json", "tgw-rtb-", "tgw-rtb-0a1b2c3d"},
		{"snap/records-Z0123456789ABC.json", "Z", "Z0123456789ABC"},
		{"snap/mount-target-sgs-fsmt-01.json", "fsmt-", "fsmt-01"},
		{"snap/routes.json", "tgw-rtb-", ""},
		{"snap/tgw-rtb-.json", "tgw-rtb-", ""},
	}
	for _, tt := range tests {
		if got := (&doc{path: tt.path}).nameID(tt.prefix); got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.path, tt.prefix, got, tt.want)
		}
	}
}

// TestUTF16: what Windows PowerShell's > writes (UTF-16 with a byte order
// mark) and UTF-8 with a mark read as plain UTF-8.
func TestUTF16(t *testing.T) {
	src := `{"Vpcs": []}`
	le := []byte{0xFF, 0xFE}
	be := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(src)) {
		le = append(le, byte(u), byte(u>>8))
		be = append(be, byte(u>>8), byte(u))
	}
	for name, data := range map[string][]byte{"utf-16le": le, "utf-16be": be, "utf-8 bom": append([]byte{0xEF, 0xBB, 0xBF}, src...), "utf-8": []byte(src)} {
		if got := string(utf8Of(data)); got != src {
			t.Errorf("%s: %q", name, got)
		}
	}
}

// TestIsSnapshot: a folder is a snapshot when it has snapshot.json or a
// response vpctrace reads, in it or below it.
func TestIsSnapshot(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"a response", map[string]string{"x.json": `{"Vpcs": []}`}, true},
		{"a response in a subfolder", map[string]string{"ec2/x.json": `{"Vpcs": []}`}, true},
		{"snapshot.json alone", map[string]string{"snapshot.json": `{}`}, true},
		{"other JSON", map[string]string{"package.json": `{"name": "x"}`}, false},
		{"the --cli-input-json of aws ecs create-service and update-service, which Terraform roots keep beside their .tf files, is not a response",
			map[string]string{"service-create.json": `{"cluster": "test", "serviceName": "nginx", "taskDefinition": "@@ARN@@"}`,
				"update.json": `{"cluster": "test", "service": "nginx", "taskDefinition": "@@ARN@@", "desiredCount": 1}`}, false},
		{"a key with a list of strings where the response has objects is not a response", map[string]string{"x.json": `{"services": ["web", "api"]}`}, false},
		{"describe-task-definition holds an object", map[string]string{"td.json": `{"taskDefinition": {"family": "app"}, "tags": []}`}, true},
		{"a response with a UTF-8 byte order mark", map[string]string{"x.json": "\ufeff{\"Vpcs\": []}"}, true},
		{"a response in UTF-16 (Windows PowerShell's >)", map[string]string{"x.json": "\xff\xfe{\x00\"\x00V\x00p\x00c\x00s\x00\"\x00:\x00[\x00]\x00}\x00"}, true},
		{"a plan, whose first member is no response's key, is not read further", map[string]string{"plan.json": `{"format_version": "1.2", "Vpcs": []}`}, false},
		{"a hidden folder is not looked in", map[string]string{".cache/x.json": `{"Vpcs": []}`}, false},
		{"no JSON", map[string]string{"main.tf": `resource "x" "y" {}`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			if got := IsSnapshot(dir); got != tt.want {
				t.Errorf("IsSnapshot = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestTimestamps: timestamps as other tools and settings print them do not
// fail a response (aws-rules 11.1.1): with a space between date and time
// (Python's str() of the SDK's values) and, with the AWS CLI's
// cli_timestamp_format = none, as seconds since the epoch for ECS. vpctrace
// uses no timestamp, and positions stay where they were.
func TestTimestamps(t *testing.T) {
	files := map[string]string{
		"nat.json": `{"NatGateways": [{"CreateTime": "2020-03-03 01:21:01+00:00", "NatGatewayId": "nat-1", "State": "available", "SubnetId": "subnet-1", "VpcId": "vpc-1"}]}`,
		"services.json": `{"services": [{"serviceArn": "arn:aws:ecs:ap-northeast-1:123456789012:service/main/app", "serviceName": "app", "status": "ACTIVE",
			"createdAt": 1583198461.123, "deployments": [{"id": "ecs-svc/1", "createdAt": 1583198461.5, "updatedAt": 1583198462}]}], "failures": []}`,
	}
	dir := filepath.Join(t.TempDir(), "snap")
	writeFiles(t, dir, files)
	_, ds := Load(dir)
	var invalid []string
	for _, d := range ds {
		if d.Code == CodeInvalidJSON {
			invalid = append(invalid, d.String())
		}
	}
	if len(invalid) > 0 {
		t.Errorf("timestamps failed the responses: %v", invalid)
	}
	if got, want := string(normaliseTimes([]byte(files["nat.json"]))), strings.Replace(files["nat.json"], "2020-03-03 01", "2020-03-03T01", 1); got != want {
		t.Errorf("normaliseTimes:\n got %s\nwant %s", got, want)
	}
}
