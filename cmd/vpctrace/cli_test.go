package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCLIGolden runs the command lines a new user meets first (issue 15,
// point 1) and compares the exit status, stderr and stdout with
// testdata/golden/cli-NAME.golden: help on stdout with status 0, the
// version, and mistakes said in one line plus where the usage is, with
// status 2.
func TestCLIGolden(t *testing.T) {
	defer func(v string) { version = v }(version)
	version = "v0.0.0-golden"
	const tfFile = "../../testdata/terraform/seed/ecs.tf"
	for _, tc := range []struct {
		name   string
		args   []string
		status int
	}{
		{"help", []string{"help"}, exitOK},
		{"help-trace", []string{"help", "trace"}, exitOK},
		{"help-diagram", []string{"help", "diagram"}, exitOK},
		{"help-tui", []string{"help", "tui"}, exitOK},
		{"help-fix", []string{"help", "fix"}, exitOK},
		{"help-snapshot-commands", []string{"help", "snapshot-commands"}, exitOK},
		{"help-requirements", []string{"help", "requirements"}, exitOK},
		{"help-version", []string{"help", "version"}, exitOK},
		{"help-help", []string{"help", "help"}, exitOK},
		{"version", []string{"version"}, exitOK},
		{"help-unknown-command", []string{"help", "frobnicate"}, exitBadInput},
		{"help-two-commands", []string{"help", "trace", "tui"}, exitBadInput},
		{"unknown-command", []string{"frobnicate"}, exitBadInput},
		{"unknown-flag", []string{"trace", "--quiet"}, exitBadInput},
		{"unknown-short-flag", []string{"tui", "-q"}, exitBadInput},
		{"unknown-flag-typo", []string{"fix", "--stratgy", "nat", "x.yaml"}, exitBadInput},
		{"flag-without-value", []string{"fix", "x.yaml", "--strategy"}, exitBadInput},
		{"flag-bad-value", []string{"trace", "--ptc-cache", "hot"}, exitBadInput},
		{"flag-bad-boolean", []string{"trace", "-v=maybe"}, exitBadInput},
		{"version-operand", []string{"version", "extra"}, exitBadInput},
		{"requirements-operand", []string{"requirements", "extra"}, exitBadInput},
		{"requirements-ec2-platform-version", []string{"requirements", "--launch-type", "EC2", "--platform-version", "1.3.0"}, exitBadInput},
		// Point 4: a .tf file given as PATH.
		{"tf-file-trace", []string{"trace", tfFile}, exitBadInput},
		{"tf-file-diagram", []string{"diagram", "-o", "x.svg", tfFile}, exitBadInput},
		{"tf-file-tui", []string{"tui", tfFile}, exitBadInput},
		{"tf-file-fix", []string{"fix", tfFile}, exitBadInput},
		{"tf-file-with-plan", []string{"trace", "--plan", "../../testdata/terraform/seed/plan.json", tfFile}, exitBadInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tc.args, &stdout, &stderr)
			if status != tc.status {
				t.Errorf("vpctrace %s: exit status %d, want %d", strings.Join(tc.args, " "), status, tc.status)
			}
			golden(t, filepath.Join("testdata", "golden", "cli-"+tc.name+".golden"), goldenText(status, stderr.String(), stdout.String()))
		})
	}
}

// TestHelpEverywhere checks that every way of asking for help prints the
// same text as "vpctrace help [COMMAND]", on stdout with status 0 and
// nothing on stderr, and that --version and -V print the version.
func TestHelpEverywhere(t *testing.T) {
	type result struct {
		Status         int
		Stdout, Stderr string
	}
	do := func(args ...string) result {
		var stdout, stderr bytes.Buffer
		status := run(args, &stdout, &stderr)
		return result{status, stdout.String(), stderr.String()}
	}
	same := map[string][][]string{
		"help":    {{"-h"}, {"--help"}, {"-help"}},
		"version": {{"--version"}, {"-V"}},
	}
	for _, c := range commands() {
		same["help "+c.name] = [][]string{{c.name, "--help"}, {c.name, "-h"}, {c.name, "-help"}, {c.name, "-h=true"}}
	}
	// Wherever it stands among the flags and operands, before "--".
	same["help trace"] = append(same["help trace"], []string{"trace", "--format", "json", "x.yaml", "--help"})
	for want, others := range same {
		w := do(strings.Fields(want)...)
		if w.Status != exitOK || w.Stderr != "" || w.Stdout == "" {
			t.Errorf("vpctrace %s: %+v, want status 0, stdout only", want, w)
		}
		for _, args := range others {
			if diff := cmp.Diff(w, do(args...)); diff != "" {
				t.Errorf("vpctrace %s differs from vpctrace %s (-want +got):\n%s", strings.Join(args, " "), want, diff)
			}
		}
	}
	if got := do("trace", "--", "-h"); strings.Contains(got.Stdout, "Usage:") {
		t.Errorf(`vpctrace trace -- -h printed the usage; after "--", -h is a PATH`)
	}
}

// TestFlagMessage checks how errors of package flag are worded: flags
// named as the usage names them, the reason kept.
func TestFlagMessage(t *testing.T) {
	for _, tc := range []struct{ err, want string }{
		{"flag provided but not defined: -quiet", "unknown flag --quiet"},
		{"flag provided but not defined: -q", "unknown flag -q"},
		{"flag needs an argument: -format", "--format needs a value"},
		{"flag needs an argument: -o", "-o needs a value"},
		{`invalid value "hot" for flag -ptc-cache: "hot" is not cold, warm or unknown`, `--ptc-cache: "hot" is not cold, warm or unknown`},
		{`invalid value "x" for flag -gb-per-month: parse error`, `--gb-per-month "x": parse error`},
		{`invalid value "a\"b: c" for flag -n: bad`, `-n "a\"b: c": bad`},
		{`invalid boolean value "maybe" for -v: parse error`, `-v "maybe": want true or false`},
		{"bad flag syntax: ---x", "bad flag syntax: ---x"},
	} {
		if got := flagMessage(errorString(tc.err)); got != tc.want {
			t.Errorf("flagMessage(%q) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// TestSuggest checks which flag an unknown one is taken for a typo of:
// one at most two edits away, or one it begins (three letters or more);
// none for a name close to nothing.
func TestSuggest(t *testing.T) {
	fs := newFlagSet("trace", "", nil)
	for _, name := range []string{"format", "fail-on-unknown", "verbose", "var", "var-file", "v", "o"} {
		fs.Bool(name, false, "")
	}
	for _, tc := range []struct{ msg, want string }{
		{"unknown flag --formt", "unknown flag --formt (did you mean --format?)"},
		{"unknown flag --verbos", "unknown flag --verbos (did you mean --verbose?)"},
		{"unknown flag --fail", "unknown flag --fail (did you mean --fail-on-unknown?)"},
		{"unknown flag --vars", "unknown flag --vars (did you mean --var?)"},
		{"unknown flag --var-fil", "unknown flag --var-fil (did you mean --var-file?)"},
		{"unknown flag --quiet", "unknown flag --quiet"},
		{"unknown flag -q", "unknown flag -q"},
		{"--format needs a value", "--format needs a value"},
	} {
		if got := fs.suggest(tc.msg); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.msg, got, tc.want)
		}
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// TestIgnoredFlags checks which Terraform flags each input format does
// not read (issue 15, point 2): a scenario none of them, a plan or state
// and an account snapshot the region and account but not variables, a
// root all of them.
func TestIgnoredFlags(t *testing.T) {
	all := traceOptions{vars: stringList{"a=b"}, varFiles: stringList{"x.tfvars"}, region: "us-east-1", account: "123456789012"}
	for _, tc := range []struct {
		name   string
		opts   traceOptions
		format string
		want   []string
	}{
		{"scenario, every flag", all, "scenario", []string{"--var", "--var-file", "--region", "--account"}},
		{"scenario, --region only", traceOptions{region: "us-east-1"}, "scenario", []string{"--region"}},
		{"scenario, no Terraform flag", traceOptions{logDriverMode: "blocking", ptcCache: "warm", vpcBPA: "block-ingress"}, "scenario", nil},
		{"plan or state, every flag", all, "terraform-json", []string{"--var", "--var-file"}},
		{"plan or state, --region and --account", traceOptions{region: "us-east-1", account: "123456789012"}, "terraform-json", nil},
		{"Terraform root, every flag", all, "terraform", nil},
		{"account snapshot, every flag", all, "snapshot", []string{"--var", "--var-file"}},
		{"account snapshot, --region and --account", traceOptions{region: "us-east-1", account: "123456789012"}, "snapshot", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.opts.ignoredFlags(tc.format)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestIgnoredFlagsWarning checks, with the real loaders, that each command
// that reads an input says on stderr which Terraform flags the input does
// not use, instead of dropping them silently, and that ignoring them
// leaves the exit status as it is without them.
func TestIgnoredFlagsWarning(t *testing.T) {
	stubTUI(t)
	swap(t, &environ, func() []string { return nil })
	const (
		seed = scenarios + "seed-secretsmanager-private-dns-off.yaml"
		plan = "../../testdata/terraform/seed/plan.json"
		root = "../../testdata/terraform/seed"
	)
	svg := filepath.Join(t.TempDir(), "x.svg")
	for _, tc := range []struct {
		name string
		args []string
		want []string // the warnings about flags, in order
	}{
		{"trace, built-in example", []string{"trace", "--var", "a=b", "--region", "us-east-1"}, []string{
			"vpctrace: warning: --var and --region ignored: example/seed.yaml is a scenario file, and they are for Terraform inputs"}},
		{"trace, scenario", []string{"trace", "--account", "123456789012", seed}, []string{
			"vpctrace: warning: --account ignored: " + seed + " is a scenario file, and it is for Terraform inputs"}},
		{"trace, each of several inputs", []string{"trace", "--var-file", "x.tfvars", seed, seed}, []string{
			"vpctrace: warning: --var-file ignored: " + seed + " is a scenario file, and it is for Terraform inputs",
			"vpctrace: warning: --var-file ignored: " + seed + " is a scenario file, and it is for Terraform inputs"}},
		{"trace, plan", []string{"trace", "--var", "a=b", "--var-file", "x.tfvars", "--region", "ap-northeast-1", plan}, []string{
			"vpctrace: warning: --var and --var-file ignored: " + plan + " is a plan or state, whose variables are set already; " +
				"to read the root with them: vpctrace trace --plan " + plan + " DIR"}},
		{"trace, Terraform root", []string{"trace", "--var", "secretsmanager_private_dns=false", "--region", "ap-northeast-1", root}, nil},
		{"diagram, built-in example", []string{"diagram", "-o", svg, "--region", "us-east-1"}, []string{
			"vpctrace: warning: --region ignored: example/seed.yaml is a scenario file, and it is for Terraform inputs"}},
		{"tui, scenario", []string{"tui", "--var", "a=b", seed}, []string{
			"vpctrace: warning: --var ignored: " + seed + " is a scenario file, and it is for Terraform inputs"}},
		{"trace, account snapshot", []string{"trace", "--input", "snapshot", "--var", "a=b", "testdata/tf-and-snapshot"}, []string{
			"vpctrace: warning: --var ignored: testdata/tf-and-snapshot is an account snapshot, and it is for Terraform inputs"}},
		{"fix, scenario", []string{"fix", "--var", "a=b", seed}, []string{
			"vpctrace: warning: --var ignored: " + seed + " is a scenario file, and it is for Terraform inputs"}},
		{"fix, plan", []string{"fix", "--var", "a=b", plan}, []string{
			"vpctrace: warning: --var ignored: " + plan + " is a plan or state, whose variables are set already; " +
				"to read the root with them: vpctrace fix --plan " + plan + " DIR"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			without := removeFlags(tc.args)
			var stdout, stderr, stdout0, stderr0 bytes.Buffer
			status := run(tc.args, &stdout, &stderr)
			status0 := run(without, &stdout0, &stderr0)
			var got []string
			for _, line := range strings.Split(stderr.String(), "\n") {
				if strings.HasPrefix(line, "vpctrace: warning: --") {
					got = append(got, line)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if len(tc.want) > 0 && status != status0 {
				t.Errorf("exit status %d, but %d without the ignored flags", status, status0)
			}
		})
	}
}

// removeFlags returns args without the Terraform input flags and their
// values.
func removeFlags(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--var", "--var-file", "--region", "--account":
			i++
		default:
			out = append(out, args[i])
		}
	}
	return out
}
