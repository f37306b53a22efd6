package terraform

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/tfjson"
	"github.com/vpctrace/vpctrace/model/tfmap"
)

// DefaultAccount is the account ID used when Options.Account is empty.
const DefaultAccount = "123456789012"

// Options are the command-line facts that evaluation needs besides the
// configuration files.
type Options struct {
	// Vars are --var values, "name=value". The value is taken literally for
	// an untyped variable or one of a primitive type, and parsed as an HCL
	// expression for a variable of any other type, as Terraform does.
	Vars []string
	// VarFiles are --var-file paths (.tfvars or .tfvars.json).
	VarFiles []string
	// Region overrides the region of the default aws provider
	// configuration when set.
	Region string
	// Account is the account ID; empty means DefaultAccount.
	Account string
	// Environ is the environment, "NAME=VALUE" entries as os.Environ
	// returns them. Evaluation reads TF_VAR_name for root variables and
	// AWS_REGION, then AWS_DEFAULT_REGION, for a provider that sets no
	// region, as Terraform and the AWS provider do. Nil reads nothing, so
	// that results depend only on the files and the other options.
	Environ []string
	// Prior is a plan or state of this root (tfjson.LoadSnapshot). Its
	// values win wherever it knows them: every data source it read, every
	// known attribute of a resource instance; evaluation fills in what it
	// leaves unknown. A count or for_each the evaluator cannot know takes
	// the file's instances, and a plan's variables are the root's when
	// Vars and VarFiles are empty. Resources in one but not the other are
	// warnings; a file that shares no resource instance with the root is
	// an error.
	Prior *tfjson.Snapshot
}

// Evaluate evaluates the root module in dir and returns every resource and
// data source instance (module instances included, their addresses
// prefixed "module.NAME." or `module.NAME["key"].`), sorted by address,
// with diagnostics sorted by position. region is the region of the default
// aws provider configuration: Options.Region when set, else the provider
// block's evaluated region attribute; when there is neither, a "no-region"
// error diagnostic is returned.
func Evaluate(dir string, opts Options) (resources []tfmap.Resource, region string, diags model.Diagnostics) {
	ev := newEvaluator(dir, opts)
	ev.run()
	return ev.result()
}

// Load evaluates the root module in dir and maps its resources to a world
// with tfmap.Build. Diagnostics of both steps are merged and sorted.
//
// The account is Options.Account, else the one the input shows
// (aws-rules 6.1.6); when the input shows one other than the
// DefaultAccount placeholder the ARNs were first written with, the root
// is evaluated again with it. When nothing shows it, the world's
// AccountFrom is empty and its Account the placeholder.
func Load(dir string, opts Options) (*model.World, model.Diagnostics) {
	ev := newEvaluator(dir, opts)
	ev.run()
	account, from := ev.account()
	if account != "" && account != accountOf(opts) {
		again := opts
		again.Account = account
		ev = newEvaluator(dir, again)
		ev.run()
	}
	resources, region, diags := ev.result()
	world, bdiags := tfmap.Build(resources, tfmap.Options{Region: region, Account: cmp.Or(account, DefaultAccount), AccountFrom: from})
	diags = append(diags, bdiags...)
	diags.Sort()
	return world, diags
}

// IsRoot reports whether dir looks like a Terraform root module: a
// directory holding at least one *.tf or *.tf.json file.
func IsRoot(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && isConfigFile(e.Name()) {
			return true
		}
	}
	return false
}

// isConfigFile reports whether name is a Terraform configuration file.
func isConfigFile(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") {
		return false
	}
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// isOverrideFile reports whether name is a Terraform override file, which
// Terraform merges into the other files' blocks.
func isOverrideFile(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(name), ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

func accountOf(opts Options) string {
	if opts.Account != "" {
		return opts.Account
	}
	return DefaultAccount
}
