// Package load reads the inputs vpctrace traces, whatever their format.
//
// It holds the registry of input formats (Formats): each Format says
// whether it reads an input (Detect) and reads it into a model.World plus
// diagnostics (Load). Open and Detect find the format of a PATH: a
// directory, or a file by its name where the name tells (.yaml), else by
// its content (a .json is a plan only if tfjson.Detect says so); standard
// input ("-") and pipes always by their content.
//
// Fatal, Usable, Wrong and NothingToTrace are the rule for which
// diagnostics make an input unusable (nothing is traced) or wrong (it is
// traced, but the command fails); see docs/architecture.md "Diagnostics".
//
// Adding a format is one entry in the table in formats.go.
package load

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/snapshot"
	"github.com/vpctrace/vpctrace/model/terraform"
)

// Options are what the command line says about how to read an input.
// Each format uses the options that concern it.
type Options struct {
	// Vars are Terraform root variables, "NAME=VALUE" (--var).
	Vars []string
	// VarFiles are Terraform variable files (--var-file).
	VarFiles []string
	// Region, when set, is the region, whatever the input says.
	Region string
	// Account, when set, is the account ID.
	Account string
	// Environ is the environment a Terraform root is read with (TF_VAR_*,
	// AWS_REGION, AWS_DEFAULT_REGION), as os.Environ returns it; nil reads
	// none.
	Environ []string
	// Snapshot names a plan or state of the Terraform root directory being
	// read (--plan, --state): a file, "-" or a pipe. Other formats ignore
	// it.
	Snapshot string
	// MaxSize, when not 0, is the most bytes read of a plan or state file
	// (default tfjson.MaxFileSize) or of a stream (default MaxStreamSize).
	MaxSize int64
	// Stdin is what the path "-" reads; nil reads os.Stdin.
	Stdin io.Reader
	// DefaultLogDriverMode, when set, is the account's defaultLogDriverMode
	// ("blocking" or "non-blocking") in every region of the input that the
	// input gives no value for (--default-log-driver-mode, aws-rules 1.3.5).
	DefaultLogDriverMode string
	// PTCCache is the state of the ECR pull through cache rules whose
	// cache the input leaves unknown (--ptc-cache, aws-rules 1.2.14); ""
	// leaves them unknown. ApplyCacheState gives it to a world.
	PTCCache model.CacheState
	// VPCBPA is the VPC Block Public Access mode of the input's account in
	// its Region when the input gives none (--vpc-bpa, aws-rules 10.33);
	// "" leaves BPA off there. ApplyBPA gives it to a world.
	VPCBPA string
}

// BPAFlagID is the ID of the VPC Block Public Access setting that
// Options.ApplyBPA adds.
const BPAFlagID = "--vpc-bpa"

// ApplyBPA gives w the VPC Block Public Access mode o.VPCBPA for its
// account and Region, unless the input sets BPA there itself (aws-rules
// 4.10.1, 10.33). A nil world, or no mode, changes nothing.
func (o Options) ApplyBPA(w *model.World) {
	if w == nil || o.VPCBPA == "" {
		return
	}
	for _, b := range w.BlockPublicAccess {
		if cmp.Or(b.Account, w.Account) == w.Account && cmp.Or(b.Region, w.Region) == w.Region {
			return
		}
	}
	w.BlockPublicAccess = append(w.BlockPublicAccess, model.BlockPublicAccess{ID: BPAFlagID, Mode: o.VPCBPA})
}

// ApplyCacheState gives the pull through cache rules of w whose cache
// state the input does not give the state o.PTCCache (aws-rules 1.2.14,
// 10.26). A nil world, or no state, changes nothing.
func (o Options) ApplyCacheState(w *model.World) {
	if w == nil || o.PTCCache == "" {
		return
	}
	for i := range w.PullThroughCacheRules {
		if r := &w.PullThroughCacheRules[i]; r.Cache.Or() == model.CacheUnknown {
			r.Cache = o.PTCCache
		}
	}
}

// A Format is one kind of input.
type Format struct {
	// Name names the format: "scenario", "terraform", "terraform-json".
	Name string
	// Want names its inputs in the message for an input no format reads:
	// "a scenario file (.yaml or .yml)".
	Want string
	// Hint says where an input of the format declares ECS workloads, for
	// the warning that it declares none (NothingToTrace).
	Hint string
	// Detect reports whether in is of the format. It reads in's content
	// only where in's name and kind do not tell. When ok is false, why may
	// say what rules out an input that is of the kind the format reads (a
	// directory for a directory format): "no *.tf files: not a Terraform
	// root module"; it is "" for an input plainly of another kind.
	Detect func(in *Input) (ok bool, why string)
	// Load reads in. The world is nil when in cannot be read as the
	// format; problems inside it are diagnostics.
	Load func(in *Input, o Options) (*model.World, model.Diagnostics)
}

// Read reads in as f, as vpctrace reads every input: the world is nil
// when the diagnostics stop the run (Usable), and o's pull through cache
// state and VPC Block Public Access mode are given to it
// (ApplyCacheState, ApplyBPA).
func (f Format) Read(in *Input, o Options) (*model.World, model.Diagnostics) {
	w, ds := f.Load(in, o)
	w = Usable(w, ds)
	o.ApplyCacheState(w)
	o.ApplyBPA(w)
	return w, ds
}

// Formats returns the registered formats, in the order Detect tries them.
func Formats() []Format {
	return append([]Format(nil), formats...)
}

// Detect returns the first format, in the order of Formats, that reads
// in. The error says why none does: what ruled the input out, or that
// its kind is unknown and which kinds are read.
func Detect(in *Input) (Format, error) {
	if dir, ok := ConfigFileRoot(in.Path); ok && !in.Dir && !in.Stream {
		return Format{}, fmt.Errorf("%s: a file of a Terraform root module, which vpctrace reads whole: pass its directory, %s", in.Name, dir)
	}
	if in.Dir && terraform.IsRoot(in.Path) && snapshot.IsSnapshot(in.Path) {
		return Format{}, fmt.Errorf("%s holds both a Terraform root (*.tf files) and an account snapshot (AWS CLI JSON output): pass --input terraform or --input snapshot", in.Name)
	}
	var whys []string
	for _, f := range formats {
		ok, why := f.Detect(in)
		if ok {
			return f, nil
		}
		if why != "" {
			whys = append(whys, why)
		}
	}
	if _, err := in.lead(); err != nil {
		return Format{}, fmt.Errorf("%s: %w", in.Name, unwrapPath(err))
	}
	if len(whys) > 0 {
		return Format{}, fmt.Errorf("%s: %s", in.Name, strings.Join(whys, "; "))
	}
	return Format{}, fmt.Errorf("%s: unknown kind of input; want %s", in.Name, wants())
}

// ConfigFileRoot returns, for a path named like a Terraform configuration
// file (*.tf, *.tf.json), the directory of the root module the file
// belongs to, which is what vpctrace reads; ok is false for other paths.
// The path is only looked at, not opened.
func ConfigFileRoot(path string) (dir string, ok bool) {
	base := filepath.Base(path)
	if path == "-" || strings.HasPrefix(base, ".") || !strings.HasSuffix(base, ".tf") && !strings.HasSuffix(base, ".tf.json") {
		return "", false
	}
	return filepath.Dir(path), true
}

// wants lists what the formats read: "a, b or c".
func wants() string {
	var b strings.Builder
	for i, f := range formats {
		switch {
		case i == 0:
		case i == len(formats)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(f.Want)
	}
	return b.String()
}
