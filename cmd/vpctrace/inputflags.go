package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/load"
)

// inputFlagsUsage documents the flags that say how to read a Terraform
// input, for the usage of trace, diagram and tui.
const inputFlagsUsage = `  --input KIND      read PATH as KIND instead of telling its kind from its name
                    and content: scenario, terraform, snapshot (an account
                    snapshot folder) or terraform-json (a plan or state); a
                    folder that holds both a Terraform root and a snapshot needs it
  --plan FILE       Terraform: read the root in PATH (one directory) together with
                    its plan (terraform show -json tfplan > FILE, or - to read it
                    from standard input): the plan's values
                    win wherever it knows them, its variables are used when no
                    --var or --var-file is given, the configuration fills in the rest
  --state FILE      Terraform: the same with a state (terraform show -json > FILE)
  --var NAME=VALUE  Terraform: set a root variable (repeatable); TF_VAR_NAME
                    environment variables are read too, with Terraform's precedence
  --var-file FILE   Terraform: read variables from a .tfvars file (repeatable)
  --region REGION   the region, overriding the aws provider's: its region argument,
                    else AWS_REGION, else AWS_DEFAULT_REGION (a plan or state: the
                    region its configuration or ARNs give)
  --account ID      the 12-digit account ID (default: the one the input shows
                    through a caller identity read in a plan, the provider's
                    allowed_account_ids or assumed role, or ARNs that agree;
                    else not known, and endpoint policy conditions on it that
                    could change the answer are unknown)
  --default-log-driver-mode blocking|non-blocking
                    the account's ECS defaultLogDriverMode in the regions the
                    input sets none for: the awslogs mode of containers that
                    set none (default: not known, so an unreachable CloudWatch
                    Logs on EC2 makes the outcome unknown)
  --max-plan-size SIZE
                    the most vpctrace reads of a plan or state file (default 1GiB)
                    or of standard input or a pipe (default 256MiB), such as 2GiB
  --ptc-cache STATE cold, warm or unknown (default): whether the ECR pull through
                    caches hold the images the tasks pull, for the rules whose
                    cache the input does not give (a plan that creates a rule
                    gives cold)
  --vpc-bpa MODE    off (default), block-bidirectional or block-ingress: the VPC
                    Block Public Access mode of the account in the region, when
                    the input sets none
`

// addInputFlags registers the flags of inputFlagsUsage.
func (o *traceOptions) addInputFlags(fs *flagSet) {
	o.command = fs.Name()
	fs.Func("input", "the kind of PATH: "+inputKinds(), func(s string) error {
		if _, ok := formatNamed(s); !ok {
			return fmt.Errorf("%q is not a kind of input; want %s", s, inputKinds())
		}
		o.input = s
		return nil
	})
	fs.StringVar(&o.plan, "plan", "", "a plan of the Terraform root in PATH, as terraform show -json prints it")
	fs.StringVar(&o.state, "state", "", "a state of the Terraform root in PATH, as terraform show -json prints it")
	fs.Var(&o.vars, "var", "a Terraform variable, NAME=VALUE")
	fs.Var(&o.varFiles, "var-file", "a Terraform .tfvars file")
	fs.StringVar(&o.region, "region", "", "the region, overriding the aws provider's")
	fs.StringVar(&o.account, "account", "", "the 12-digit account ID")
	fs.StringVar(&o.logDriverMode, "default-log-driver-mode", "", "the account's defaultLogDriverMode: blocking or non-blocking")
	fs.Func("max-plan-size", "the most bytes read of a plan, state or stream", func(s string) error {
		n, err := readfile.ParseSize(s)
		o.maxPlanSize = n
		return err
	})
	fs.Func("ptc-cache", "the state of ECR pull through caches: cold, warm or unknown", func(s string) error {
		state := model.CacheState(s)
		if !slices.Contains(model.CacheStates, state) {
			return fmt.Errorf("%q is not cold, warm or unknown", s)
		}
		o.ptcCache = state
		return nil
	})
	fs.Func("vpc-bpa", "the VPC Block Public Access mode: off, block-bidirectional or block-ingress", func(s string) error {
		if !slices.Contains([]string{model.BPAOff, model.BPABidirectional, model.BPAIngress}, s) {
			return fmt.Errorf("%q is not off, block-bidirectional or block-ingress", s)
		}
		o.vpcBPA = s
		return nil
	})
}

// checkInputFlags rejects a PATH that is a file of a Terraform root, a
// malformed --region, --account or --default-log-driver-mode, --plan or
// --state without exactly one PATH that is a directory, and standard
// input named twice.
func (o traceOptions) checkInputFlags(paths []string) error {
	if err := o.checkConfigFiles(paths); err != nil {
		return err
	}
	if err := o.checkInputKind(paths); err != nil {
		return err
	}
	if flag, file := o.snapshotFlag(); file != "" {
		if o.plan != "" && o.state != "" {
			return errors.New("give --plan or --state, not both")
		}
		if len(paths) != 1 {
			return fmt.Errorf("%s goes with one PATH, the Terraform root directory it was made from: vpctrace %s %s %s DIR", flag, o.commandName(), flag, file)
		}
		if info, err := os.Stat(paths[0]); paths[0] == "-" || err == nil && !info.IsDir() {
			return fmt.Errorf("%s goes with the Terraform root directory it was made from, and %s is not a directory: vpctrace %s %s %s DIR", flag, load.Name(paths[0]), o.commandName(), flag, file)
		}
	}
	_, file := o.snapshotFlag()
	if err := checkStdin(paths, file); err != nil {
		return err
	}
	if o.region != "" && !model.IsRegion(o.region) {
		return fmt.Errorf("--region %q is not a region name (like us-east-1 or ap-northeast-1)", o.region)
	}
	if o.account != "" && !model.IsAccountID(o.account) {
		return fmt.Errorf("--account %q is not an AWS account ID (12 digits)", o.account)
	}
	if o.logDriverMode != "" && !slices.Contains(model.LogDriverModes, o.logDriverMode) {
		return fmt.Errorf("--default-log-driver-mode %q is not an awslogs mode; want blocking or non-blocking", o.logDriverMode)
	}
	return nil
}

// dirFormats are the formats whose inputs are directories.
var dirFormats = []string{"terraform", "snapshot"}

// formatNamed returns the input format called name (load.Format.Name).
func formatNamed(name string) (load.Format, bool) {
	for _, f := range load.Formats() {
		if f.Name == name {
			return f, true
		}
	}
	return load.Format{}, false
}

// inputKinds lists the names of the input formats, for --input: "a, b or
// c".
func inputKinds() string {
	var names []string
	for _, f := range load.Formats() {
		names = append(names, f.Name)
	}
	return orList(names)
}

// checkInputKind refuses --input without a PATH (the built-in example is a
// scenario), --input with --plan or --state for a kind other than
// terraform, and a PATH that cannot be of the kind: a folder for a file
// format, a file or standard input for a folder format.
func (o traceOptions) checkInputKind(paths []string) error {
	if o.input == "" {
		return nil
	}
	if len(paths) == 0 {
		return fmt.Errorf("--input %s goes with a PATH; with none, vpctrace %s reads the built-in example, a scenario", o.input, o.commandName())
	}
	if flag, _ := o.snapshotFlag(); flag != "" && o.input != "terraform" {
		return fmt.Errorf("%s goes with a Terraform root directory, not with --input %s", flag, o.input)
	}
	wantDir := slices.Contains(dirFormats, o.input)
	for _, p := range paths {
		info, err := os.Stat(p)
		isDir := p != "-" && err == nil && info.IsDir()
		switch {
		case p != "-" && err != nil:
			continue // the loader says it is missing
		case wantDir && !isDir:
			return fmt.Errorf("--input %s reads a folder, and %s is not one", o.input, load.Name(p))
		case !wantDir && isDir:
			return fmt.Errorf("--input %s reads a file, and %s is a folder", o.input, p)
		}
	}
	return nil
}

// detectFormat is the format of in: the one --input names, else the one
// its name and content tell (load.Detect).
func (o traceOptions) detectFormat(in *load.Input) (load.Format, error) {
	if o.input == "" {
		return detect(in)
	}
	f, ok := formatNamed(o.input)
	if !ok {
		return load.Format{}, fmt.Errorf("--input %q is not a kind of input; want %s", o.input, inputKinds())
	}
	return f, nil
}

// snapshotFlag returns the flag that names a plan or state, and its value;
// "" when neither is given.
func (o traceOptions) snapshotFlag() (flag, file string) {
	switch {
	case o.plan != "":
		return "--plan", o.plan
	case o.state != "":
		return "--state", o.state
	}
	return "", ""
}

// checkStdin reports standard input named more than once: it can be read
// only once.
func checkStdin(paths []string, snapshot string) error {
	n := 0
	for _, p := range append([]string{snapshot}, paths...) {
		if p == "-" {
			n++
		}
	}
	if n > 1 {
		return errors.New("standard input (-) can be read only once; give it for one input")
	}
	return nil
}

// commandName is the command whose flags o holds: "trace" when none
// registered them.
func (o traceOptions) commandName() string {
	if o.command == "" {
		return "trace"
	}
	return o.command
}

// checkConfigFiles refuses a PATH that names a file of a Terraform root
// module (main.tf), and says which directory to give instead.
func (o traceOptions) checkConfigFiles(paths []string) error {
	for _, p := range paths {
		dir, ok := load.ConfigFileRoot(p)
		if !ok {
			continue
		}
		if info, err := os.Stat(p); err != nil || info.IsDir() {
			continue // the loader says it is missing, or reads the directory
		}
		cmd := "vpctrace " + o.commandName()
		if flag, file := o.snapshotFlag(); file != "" {
			cmd += " " + flag + " " + file
		}
		return fmt.Errorf("%s is a file of a Terraform root module, which vpctrace reads whole; pass its directory: %s %s", p, cmd, shellQuote(dir))
	}
	return nil
}

// ignoredFlags returns the flags given in o that an input of the format
// (load.Format.Name) does not read: a scenario reads none of --var,
// --var-file, --region and --account; a plan or state only the last two,
// its variables being set already.
func (o traceOptions) ignoredFlags(format string) []string {
	var given []string
	for _, f := range []struct {
		name string
		set  bool
		read []string // the formats that read it
	}{
		{"--var", len(o.vars) > 0, []string{"terraform"}},
		{"--var-file", len(o.varFiles) > 0, []string{"terraform"}},
		{"--region", o.region != "", []string{"terraform", "terraform-json", "snapshot"}},
		{"--account", o.account != "", []string{"terraform", "terraform-json", "snapshot"}},
	} {
		if f.set && !slices.Contains(f.read, format) {
			given = append(given, f.name)
		}
	}
	return given
}

// warnIgnored prints, for the input called name of the format, the flags
// it does not read, which would otherwise go unnoticed.
func (o traceOptions) warnIgnored(stderr io.Writer, name, format string) {
	flags := o.ignoredFlags(format)
	if len(flags) == 0 {
		return
	}
	list, they := andList(flags), "they are"
	if len(flags) == 1 {
		they = "it is"
	}
	switch format {
	case "scenario":
		fmt.Fprintf(stderr, "vpctrace: warning: %s ignored: %s is a scenario file, and %s for Terraform inputs\n", list, name, they)
	case "snapshot":
		fmt.Fprintf(stderr, "vpctrace: warning: %s ignored: %s is an account snapshot, and %s for Terraform inputs\n", list, name, they)
	case "terraform-json":
		fmt.Fprintf(stderr, "vpctrace: warning: %s ignored: %s is a plan or state, whose variables are set already; to read the root with them: vpctrace %s --plan %s DIR\n",
			list, name, o.commandName(), shellQuote(name))
	}
}

// andList joins items as "a", "a and b", "a, b and c".
func andList(items []string) string {
	return joinList(items, "and")
}

// orList joins items as "a", "a or b", "a, b or c".
func orList(items []string) string {
	return joinList(items, "or")
}

// joinList joins items with commas and conj before the last.
func joinList(items []string, conj string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}
