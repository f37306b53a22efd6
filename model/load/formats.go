package load

import (
	"cmp"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/scenario"
	"github.com/vpctrace/vpctrace/model/snapshot"
	"github.com/vpctrace/vpctrace/model/terraform"
	"github.com/vpctrace/vpctrace/model/tfjson"
)

// formats are the input formats, in the order Detect tries them.
var formats = []Format{
	{
		Name:   "scenario",
		Want:   "a scenario file (.yaml or .yml)",
		Hint:   "a scenario lists them under services: and task_definitions:",
		Detect: detectScenario,
		Load:   withAccountDefaults(loadScenario),
	},
	{
		Name:   "terraform",
		Want:   "a Terraform root directory",
		Hint:   "vpctrace traces aws_ecs_service and aws_ecs_task_definition; is this the root module that declares them (not a module it calls)?",
		Detect: detectTerraform,
		Load:   withAccountDefaults(loadTerraform),
	},
	{
		Name:   "snapshot",
		Want:   "an account snapshot folder (AWS CLI describe-* output as JSON)",
		Hint:   "vpctrace traces the services of aws ecs describe-services and their task definitions (describe-task-definition); vpctrace snapshot-commands prints the commands that collect them",
		Detect: detectSnapshot,
		Load:   withAccountDefaults(loadSnapshotFolder),
	},
	{
		Name:   "terraform-json",
		Want:   "a plan/state JSON file",
		Hint:   "vpctrace traces aws_ecs_service and aws_ecs_task_definition; is this the plan or state of the root that declares them?",
		Detect: detectTerraformJSON,
		Load:   withAccountDefaults(loadTerraformJSON),
	},
}

// detectScenario: a file named .yaml or .yml, or a stream that is not a
// JSON object (YAML, which JSON objects also are, but a scenario is not
// written so).
func detectScenario(in *Input) (bool, string) {
	switch {
	case in.Dir:
		return false, ""
	case in.Stream:
		c, err := in.lead()
		return err == nil && c != '{', ""
	}
	ext := strings.ToLower(filepath.Ext(in.Path))
	return ext == ".yaml" || ext == ".yml", ""
}

func loadScenario(in *Input, _ Options) (*model.World, model.Diagnostics) {
	if in.Stream {
		return scenario.Decode(in.Name, in.take())
	}
	return scenario.LoadFile(in.Path)
}

// detectTerraform: a directory with *.tf or *.tf.json files.
func detectTerraform(in *Input) (bool, string) {
	switch {
	case !in.Dir:
		return false, ""
	case terraform.IsRoot(in.Path):
		return true, ""
	}
	return false, "no *.tf files: not a Terraform root module"
}

// detectSnapshot: a directory with snapshot.json or a JSON file that is
// the output of an AWS CLI command vpctrace reads.
func detectSnapshot(in *Input) (bool, string) {
	switch {
	case !in.Dir:
		return false, ""
	case snapshot.IsSnapshot(in.Path):
		return true, ""
	}
	return false, "no AWS CLI describe-* output: not an account snapshot"
}

func loadSnapshotFolder(in *Input, o Options) (*model.World, model.Diagnostics) {
	w, ds := snapshot.Load(in.Path)
	ds = append(ds, snapshot.MissingSummary(w)...)
	if w != nil && o.Region != "" {
		w.Region = o.Region
	}
	if w != nil && o.Account != "" {
		w.Account, w.AccountFrom = o.Account, "--account"
	}
	return w, ds
}

// loadTerraform reads the root with its plan or state (Options.Snapshot)
// when one is given; one that cannot be read stops the load.
func loadTerraform(in *Input, o Options) (*model.World, model.Diagnostics) {
	opts := terraform.Options{Vars: o.Vars, VarFiles: o.VarFiles, Region: o.Region, Account: o.Account, Environ: o.Environ}
	if o.Snapshot != "" {
		snap, ds := loadSnapshot(o.Snapshot, o)
		if snap == nil {
			return nil, ds
		}
		opts.Prior = snap
	}
	return terraform.Load(in.Path, opts)
}

// loadSnapshot reads the plan or state of Options.Snapshot: as a stream
// when it is one ("-", a pipe), else as a file.
func loadSnapshot(file string, o Options) (*tfjson.Snapshot, model.Diagnostics) {
	if !isStream(file) {
		return tfjson.LoadSnapshot(file, o.MaxSize)
	}
	name := Name(file)
	data, err := readStream(file, cmp.Or(o.MaxSize, MaxStreamSize), o.Stdin)
	if err != nil {
		return nil, model.Diagnostics{Unreadable(name, fmt.Errorf("cannot read the plan or state: %w", unwrapPath(err)))}
	}
	return tfjson.ReadSnapshot(name, data)
}

// detectTerraformJSON: content that is a plan or state (tfjson.Detect),
// whatever the name. A JSON object that does not parse, or a file that
// begins like one but cannot be read whole, is the plan reader's too: it
// says where the JSON breaks, or why the file cannot be read. Other JSON
// is not claimed, and why says so.
func detectTerraformJSON(in *Input) (bool, string) {
	const notPlan = "JSON, but not a plan or non-empty state printed by terraform show -json (an object with format_version, and planned_values or values)"
	c, err := in.lead()
	if in.Dir || err != nil || c != '{' && c != '[' {
		return false, ""
	}
	data, err := in.content()
	switch {
	case err != nil:
		return c == '{', "" // the reader says why it cannot read the file
	case c == '{' && tfjson.Detect(data):
		return true, ""
	case !json.Valid(data):
		return c == '{', "" // the reader says where the JSON breaks
	}
	return false, notPlan
}

func loadTerraformJSON(in *Input, o Options) (*model.World, model.Diagnostics) {
	opts := tfjson.Options{Region: o.Region, Account: o.Account, MaxFileSize: o.MaxSize}
	if _, err := in.content(); err != nil {
		return tfjson.Load(in.Path, opts) // which says why it cannot read the file
	}
	return tfjson.Decode(in.Name, in.take(), opts)
}

// withAccountDefaults completes the world a format reads with the account
// settings the command line gives (Options.DefaultLogDriverMode).
func withAccountDefaults(read func(*Input, Options) (*model.World, model.Diagnostics)) func(*Input, Options) (*model.World, model.Diagnostics) {
	return func(in *Input, o Options) (*model.World, model.Diagnostics) {
		w, ds := read(in, o)
		AddLogDriverMode(w, o.DefaultLogDriverMode)
		return w, ds
	}
}

// FlagDefaultLogDriverMode is the command-line flag that gives the
// account's defaultLogDriverMode; it is also the ID of the account settings
// it adds.
const FlagDefaultLogDriverMode = "--default-log-driver-mode"

// AddLogDriverMode adds to w the defaultLogDriverMode account setting mode
// for each region its tasks run in (the world's and its clusters') that w
// gives no value for (aws-rules 1.3.5): an account setting from the input
// is what the account has once the input is applied, so it wins. A nil w
// or an empty mode changes nothing.
func AddLogDriverMode(w *model.World, mode string) {
	if w == nil || mode == "" {
		return
	}
	set := map[string]bool{}
	for _, a := range w.AccountSettings {
		if a.Name == model.SettingDefaultLogDriverMode {
			set[cmp.Or(a.Region, w.Region)] = true
		}
	}
	regions := []string{w.Region}
	for _, c := range w.Clusters {
		if c.Region != "" && !slices.Contains(regions, c.Region) {
			regions = append(regions, c.Region)
		}
	}
	for _, r := range regions {
		if set[r] {
			continue
		}
		a := model.AccountSetting{ID: FlagDefaultLogDriverMode, Name: model.SettingDefaultLogDriverMode, Value: mode}
		if r != w.Region {
			a.ID, a.Region = FlagDefaultLogDriverMode+" ("+r+")", r
		}
		w.AccountSettings = append(w.AccountSettings, a)
	}
}
