package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model/load"
)

// responseCommands are the AWS CLI responses an account snapshot holds,
// as issue 16 lists them: the commands whose JSON output the script must
// save, each in a file of its own.
var responseCommands = []string{
	"ec2 describe-vpcs",
	"ec2 describe-vpc-attribute",
	"ec2 describe-subnets",
	"ec2 describe-route-tables",
	"ec2 describe-internet-gateways",
	"ec2 describe-egress-only-internet-gateways",
	"ec2 describe-nat-gateways",
	"ec2 describe-vpc-endpoints",
	"ec2 describe-security-groups",
	"ec2 describe-security-group-rules",
	"ec2 describe-network-acls",
	"ec2 describe-network-interfaces",
	"ec2 describe-prefix-lists",
	"ec2 describe-managed-prefix-lists",
	"ec2 get-managed-prefix-list-entries",
	"ec2 describe-dhcp-options",
	"ec2 describe-transit-gateways",
	"ec2 describe-transit-gateway-attachments",
	"ec2 describe-transit-gateway-vpc-attachments",
	"ec2 describe-transit-gateway-route-tables",
	"ec2 search-transit-gateway-routes",
	"ec2 get-transit-gateway-route-table-associations",
	"ec2 get-transit-gateway-route-table-propagations",
	"ec2 describe-vpc-peering-connections",
	"ec2 describe-instances",
	"route53 list-hosted-zones-by-vpc",
	"route53 get-hosted-zone",
	"route53 list-resource-record-sets",
	"route53resolver list-resolver-rules",
	"route53resolver list-resolver-rule-associations",
	"ecs describe-clusters",
	"ecs describe-services",
	"ecs describe-task-definition",
	"ecs describe-container-instances",
	"ecs list-account-settings",
	"efs describe-file-systems",
	"efs describe-mount-targets",
	"efs describe-mount-target-security-groups",
}

// listingCommands are the calls the script makes only to find the IDs to
// call with (--query ... --output text); their output is not kept.
var listingCommands = []string{
	"sts get-caller-identity",
	"ec2 describe-vpcs",
	"ec2 describe-managed-prefix-lists",
	"ec2 describe-transit-gateway-route-tables",
	"route53 list-hosted-zones-by-vpc",
	"ecs list-clusters",
	"ecs list-services",
	"ecs describe-services",
	"ecs list-container-instances",
	"efs describe-file-systems",
	"efs describe-mount-targets",
}

// nameIDFiles are the four responses that do not say which object they
// describe, and the file each must be saved in, named by its ID for the
// reader (docs/snapshot.md).
var nameIDFiles = map[string]string{
	"ec2 get-managed-prefix-list-entries":       `"prefix-list-entries-$pl.json"`,
	"ec2 search-transit-gateway-routes":         `"tgw-routes-$rtb.json"`,
	"route53 list-resource-record-sets":         `"records-$zone.json"`,
	"efs describe-mount-target-security-groups": `"mount-target-sgs-$mt.json"`,
}

// awsCall is one AWS CLI call written in the script.
type awsCall struct {
	command string // "ec2 describe-vpcs"
	saved   bool   // its output is kept: "save FILE aws ..."
	file    string // the file it is saved in
	line    string
}

var awsCallPattern = regexp.MustCompile(`\baws ([a-z0-9]+) ([a-z0-9-]+)`)

// scriptCalls returns the AWS CLI calls in script, in order.
func scriptCalls(t *testing.T, script string) []awsCall {
	t.Helper()
	var calls []awsCall
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "echo ") {
			continue
		}
		for _, m := range awsCallPattern.FindAllStringSubmatchIndex(line, -1) {
			c := awsCall{command: line[m[2]:m[3]] + " " + line[m[4]:m[5]], line: line}
			if rest, ok := strings.CutPrefix(line, "save "); ok && m[0] == strings.Index(line, " aws ")+1 {
				c.saved = true
				c.file, _, _ = strings.Cut(rest, " ")
			}
			calls = append(calls, c)
		}
	}
	return calls
}

// TestSnapshotScriptCommands checks the calls of the script: every call
// whose output is kept is a response the reader reads (issue 16's list),
// saved unmodified as JSON into a .json file; every response of the list
// is saved; every other call is a listing step that only prints IDs as
// text; every call only reads (describe, get, list, search); and the four
// responses that do not say which object they describe go to files named
// by its ID. It holds with and without --region and --cluster.
func TestSnapshotScriptCommands(t *testing.T) {
	for _, s := range []snapshotScript{
		{region: "ap-northeast-1"},
		{},
		{region: "us-east-1", clusters: []string{"app", "arn:aws:ecs:us-east-1:123456789012:cluster/batch"}},
	} {
		t.Run(s.commandLine(), func(t *testing.T) {
			calls := scriptCalls(t, s.script())
			saved := map[string]bool{}
			for _, c := range calls {
				_, verb, _ := strings.Cut(c.command, " ")
				if c.command == "configure get" {
					if s.region != "" {
						t.Errorf("%q: the region is given, yet the script asks the CLI's configuration", c.line)
					}
					continue // the CLI's own configuration, not a call to AWS
				}
				if !slices.ContainsFunc([]string{"describe-", "get-", "list-", "search-"}, func(p string) bool { return strings.HasPrefix(verb, p) }) {
					t.Errorf("%q: %s is not a read-only call", c.line, c.command)
				}
				if c.saved {
					saved[c.command] = true
					if !slices.Contains(responseCommands, c.command) {
						t.Errorf("%q: saves %s, which is not a response of the snapshot", c.line, c.command)
					}
					if !strings.HasSuffix(c.line, " --output json") || !strings.HasSuffix(strings.Trim(c.file, `"`), ".json") {
						t.Errorf("%q: a response must be saved as --output json into a .json file", c.line)
					}
					if want, ok := nameIDFiles[c.command]; ok && c.file != want {
						t.Errorf("%q: saved in %s, want %s (the reader takes the ID from the name)", c.line, c.file, want)
					}
					continue
				}
				if !slices.Contains(listingCommands, c.command) {
					t.Errorf("%q: %s neither saves a response nor is a listing step", c.line, c.command)
				}
				if !strings.Contains(c.line, "--query ") || !strings.Contains(c.line, "--output text)") {
					t.Errorf("%q: a listing step prints IDs with --query ... --output text", c.line)
				}
			}
			for _, cmd := range responseCommands {
				if !saved[cmd] {
					t.Errorf("the script never saves aws %s", cmd)
				}
			}
		})
	}
}

// TestSnapshotScriptSyntax checks, with sh -n (which reads the script and
// runs nothing), that every variant of the script is valid shell.
func TestSnapshotScriptSyntax(t *testing.T) {
	sh := lookShell(t)
	for _, s := range []snapshotScript{
		{region: "ap-northeast-1"},
		{},
		{region: "eu-west-1", clusters: []string{"app", "arn:aws:ecs:eu-west-1:123456789012:cluster/batch"}},
	} {
		t.Run(s.commandLine(), func(t *testing.T) {
			cmd := exec.Command(sh, "-n")
			cmd.Stdin = strings.NewReader(s.script())
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("sh -n: %v\n%s", err, out)
			}
		})
	}
}

func lookShell(t *testing.T) string {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh on PATH")
	}
	return sh
}

// fakeAWS stands for the AWS CLI when the script runs in a test: it logs
// each call and prints, for a listing step (--output text), the IDs of a
// small account; for a saved call, a JSON object naming the call. Two
// VPCs share one private hosted zone; a cluster has 12 services in two
// pages of describe-services that use one task definition; one mount
// target is available, one is being created.
const fakeAWS = `#!/bin/sh
echo "aws $*" >> "$FAKE_AWS_LOG"
case "$*" in
"configure get region") echo eu-west-1 ;;
*"--output text"*)
  case "$1 $2" in
  "sts get-caller-identity") echo 123456789012 ;;
  "ec2 describe-vpcs") printf 'vpc-0aaa\tvpc-0bbb\n' ;;
  "ec2 describe-managed-prefix-lists") echo pl-0ccc ;;
  "ec2 describe-transit-gateway-route-tables") echo tgw-rtb-0ddd ;;
  "route53 list-hosted-zones-by-vpc") echo Z0123456789EEE ;;
  "ecs list-clusters") echo arn:aws:ecs:ap-northeast-1:123456789012:cluster/app ;;
  "ecs list-services")
    i=1
    while [ $i -le 12 ]; do printf 'arn:aws:ecs:ap-northeast-1:123456789012:service/app/s%d\t' $i; i=$((i + 1)); done
    echo ;;
  "ecs describe-services") echo arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:3 ;;
  "ecs list-container-instances") ;;
  "efs describe-file-systems") echo fs-0fff ;;
  "efs describe-mount-targets") echo fsmt-0ggg ;;
  *) echo "fake aws: no listing for $*" >&2; exit 1 ;;
  esac ;;
*) printf '{"call": "%s %s"}\n' "$1" "$2" ;;
esac
`

// TestSnapshotScriptRun runs the script with a fake AWS CLI (no call
// leaves the machine) and compares the calls it makes and the files it
// writes with testdata/golden/snapshot-script-run[-NAME].golden: one file
// a response, the two DNS attributes per VPC, each zone once, services 10
// a call, each task definition once, the four files named by ID, and
// snapshot.json.
func TestSnapshotScriptRun(t *testing.T) {
	sh := lookShell(t)
	for _, tc := range []struct {
		name string
		s    snapshotScript
	}{
		{"", snapshotScript{region: "ap-northeast-1"}},
		{"-cluster", snapshotScript{region: "ap-northeast-1", clusters: []string{"arn:aws:ecs:ap-northeast-1:123456789012:cluster/app"}}},
		{"-no-region", snapshotScript{}},
	} {
		t.Run(tc.s.commandLine(), func(t *testing.T) {
			tmp := t.TempDir()
			bin := filepath.Join(tmp, "bin")
			if err := os.Mkdir(bin, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(bin, "aws"), []byte(fakeAWS), 0o755); err != nil {
				t.Fatal(err)
			}
			script := filepath.Join(tmp, "collect.sh")
			if err := os.WriteFile(script, []byte(tc.s.script()), 0o644); err != nil {
				t.Fatal(err)
			}
			log := filepath.Join(tmp, "calls.log")
			cmd := exec.Command(sh, script, "out")
			cmd.Dir = tmp
			cmd.Env = []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "FAKE_AWS_LOG=" + log}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("the script failed: %v\n%s", err, stderr.String())
			}
			calls, err := os.ReadFile(log)
			if err != nil {
				t.Fatal(err)
			}
			var files []string
			entries, err := os.ReadDir(filepath.Join(tmp, "out"))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				files = append(files, e.Name())
			}
			sort.Strings(files)
			var meta struct {
				Region      string `json:"region"`
				Account     string `json:"account"`
				CollectedAt string `json:"collected_at"`
			}
			data, err := os.ReadFile(filepath.Join(tmp, "out", "snapshot.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &meta); err != nil {
				t.Fatalf("snapshot.json: %v", err)
			}
			wantRegion := tc.s.region
			if wantRegion == "" {
				wantRegion = "eu-west-1" // what the fake CLI's configuration gives
			}
			if meta.Region != wantRegion || meta.Account != "123456789012" || !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(meta.CollectedAt) {
				t.Errorf("snapshot.json = %s", data)
			}
			got := "-- calls --\n" + string(calls) + "-- files --\n" + strings.Join(files, "\n") + "\n-- stderr --\n" + stderr.String()
			golden(t, filepath.Join("testdata", "golden", "snapshot-script-run"+tc.name+".golden"), []byte(got))
		})
	}
}

// TestSnapshotScriptRefusesFullFolder checks that the script stops, before
// any call, when the folder it is given already holds files, which would
// otherwise be read with the new ones.
func TestSnapshotScriptRefusesFullFolder(t *testing.T) {
	sh := lookShell(t)
	tmp, bin := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "old.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(bin, "calls.log")
	if err := os.WriteFile(filepath.Join(bin, "aws"), []byte(fakeAWS), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sh, "-s", tmp)
	cmd.Stdin = strings.NewReader(snapshotScript{region: "ap-northeast-1"}.script())
	cmd.Env = []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "FAKE_AWS_LOG=" + log}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), tmp+" is not empty") {
		t.Errorf("sh collect.sh FULL-DIR: %v\n%s\nwant a refusal naming the folder", err, out)
	}
	if _, err := os.Stat(log); err == nil {
		t.Errorf("the script called AWS before refusing the folder")
	}
}

// TestSnapshotCommandsGolden runs snapshot-commands and the --input flag
// end to end and compares the exit status, stderr and stdout with
// testdata/golden/cli-NAME.golden.
func TestSnapshotCommandsGolden(t *testing.T) {
	const both = "testdata/tf-and-snapshot"
	for _, tc := range []struct {
		name   string
		args   []string
		status int
	}{
		{"snapshot-commands", []string{"snapshot-commands", "--region", "ap-northeast-1"}, exitOK},
		{"snapshot-commands-cluster", []string{"snapshot-commands", "--region", "ap-northeast-1", "--cluster", "app", "--cluster", "arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch"}, exitOK},
		{"snapshot-commands-no-region", []string{"snapshot-commands"}, exitOK},
		{"snapshot-commands-bad-region", []string{"snapshot-commands", "--region", "tokyo"}, exitBadInput},
		{"snapshot-commands-bad-cluster", []string{"snapshot-commands", "--cluster", "app;rm -rf ~"}, exitBadInput},
		{"snapshot-commands-operand", []string{"snapshot-commands", "snapshot"}, exitBadInput},
		// --input: a folder with both a Terraform root and a snapshot.
		{"input-both", []string{"trace", both}, exitBadInput},
		{"input-terraform", []string{"trace", "--input", "terraform", both}, exitNoStart},
		{"input-unknown-kind", []string{"trace", "--input", "cloudformation", both}, exitBadInput},
		{"input-without-path", []string{"diagram", "-o", "x.svg", "--input", "snapshot"}, exitBadInput},
		{"input-folder-for-file-kind", []string{"tui", "--input", "scenario", both}, exitBadInput},
		{"input-file-for-folder-kind", []string{"fix", "--input", "snapshot", scenarios + "nat.yaml"}, exitBadInput},
		{"input-plan-with-snapshot", []string{"trace", "--input", "snapshot", "--plan", "../../testdata/terraform/seed/plan.json", both}, exitBadInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tc.args, &stdout, &stderr)
			if status != tc.status {
				t.Errorf("vpctrace %s: exit status %d, want %d\nstderr:\n%s", strings.Join(tc.args, " "), status, tc.status, stderr.String())
			}
			golden(t, filepath.Join("testdata", "golden", "cli-"+tc.name+".golden"), goldenText(status, stderr.String(), stdout.String()))
		})
	}
}

// TestSnapshotCommandsOutputFile checks -o: the script written to the
// file, executable, the same as on stdout, and a line on stderr that says
// how to run it.
func TestSnapshotCommandsOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "collect.sh")
	var stdout, stderr, want bytes.Buffer
	if status := run([]string{"snapshot-commands", "--region", "ap-northeast-1", "-o", path}, &stdout, &stderr); status != exitOK {
		t.Fatalf("exit status %d: %s", status, stderr.String())
	}
	run([]string{"snapshot-commands", "--region", "ap-northeast-1"}, &want, &bytes.Buffer{})
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), string(got)); diff != "" {
		t.Errorf("the file differs from stdout (-stdout +file):\n%s", diff)
	}
	if info, err := os.Stat(path); err != nil || info.Mode()&0o100 == 0 {
		t.Errorf("%s is not executable: %v %v", path, info.Mode(), err)
	}
	if stdout.Len() != 0 || !strings.Contains(stderr.String(), "run it with: sh "+path+" DIR") {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

// TestInputKind checks which format each input is read as: the one
// --input names, whatever detection would say, or detection's, which
// refuses a folder with both a Terraform root and a snapshot and names
// the flag.
func TestInputKind(t *testing.T) {
	swap(t, &environ, func() []string { return nil })
	const (
		both = "testdata/tf-and-snapshot"
		plan = "../../testdata/terraform/seed/plan.json"
		nat  = scenarios + "nat.yaml"
	)
	for _, tc := range []struct {
		name    string
		input   string
		path    string
		want    string // the format read
		wantErr string
	}{
		{"both, detected", "", both, "", "pass --input terraform or --input snapshot"},
		{"both, as terraform", "terraform", both, "terraform", ""},
		{"both, as snapshot", "snapshot", both, "snapshot", ""},
		{"scenario, detected", "", nat, "scenario", ""},
		{"plan read as a scenario", "scenario", plan, "scenario", ""},
		{"scenario read as a plan", "terraform-json", nat, "terraform-json", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := traceOptions{input: tc.input}
			l, err := pathInputs([]string{tc.path})[0].load(o)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if l.format.Name != tc.want {
				t.Errorf("read as %q, want %q", l.format.Name, tc.want)
			}
		})
	}
}

// TestInputKindsNamed checks that --input and its usage name every input
// format, so that a format added to model/load is offered at once.
func TestInputKindsNamed(t *testing.T) {
	for _, f := range load.Formats() {
		if !strings.Contains(inputKinds(), f.Name) {
			t.Errorf("inputKinds() = %q, without %s", inputKinds(), f.Name)
		}
		if !strings.Contains(strings.Join(strings.Fields(inputFlagsUsage), " "), " "+f.Name) {
			t.Errorf("the usage of --input does not name %s", f.Name)
		}
		if _, ok := formatNamed(f.Name); !ok {
			t.Errorf("formatNamed(%q) finds nothing", f.Name)
		}
	}
}

// iamPolicyPattern finds the IAM policy in docs/snapshot.md.
var iamPolicyPattern = regexp.MustCompile("(?s)```json\n(\\{\n  \"Version\".*?)```")

// TestSnapshotIAMPolicy checks that the IAM policy of docs/snapshot.md
// allows exactly the actions the script calls (the IAM action of each
// CLI command, whose names IAM matches without regard to case), plus
// ec2:DescribeNetworkInterfaceAttribute, which
// DescribeMountTargetSecurityGroups also needs, and nothing that writes.
func TestSnapshotIAMPolicy(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "snapshot.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := iamPolicyPattern.FindSubmatch(data)
	if m == nil {
		t.Fatal("docs/snapshot.md has no ```json block with the IAM policy")
	}
	var policy struct {
		Statement []struct {
			Effect   string
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal(m[1], &policy); err != nil {
		t.Fatalf("the IAM policy is not JSON: %v", err)
	}
	var got []string
	for _, st := range policy.Statement {
		if st.Effect != "Allow" || st.Resource != "*" {
			t.Errorf("statement %+v: want Effect Allow on Resource *", st)
		}
		for _, a := range st.Action {
			got = append(got, strings.ToLower(a))
		}
	}
	want := []string{"ec2:describenetworkinterfaceattribute"}
	for _, c := range scriptCalls(t, snapshotScript{}.script()) {
		if c.command == "configure get" {
			continue
		}
		want = append(want, iamAction(c.command))
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(slices.Compact(want), got); diff != "" {
		t.Errorf("the policy's actions (-script +policy):\n%s", diff)
	}
}

// iamAction is the IAM action of the CLI command "SERVICE COMMAND", lower
// case: ec2 describe-vpcs is ec2:describevpcs; EFS's prefix is
// elasticfilesystem.
func iamAction(command string) string {
	service, op, _ := strings.Cut(command, " ")
	if service == "efs" {
		service = "elasticfilesystem"
	}
	return service + ":" + strings.ReplaceAll(op, "-", "")
}
