package terraform

import (
	"sort"

	ctycidr "github.com/hashicorp/go-cty-funcs/cidr"
	ctycollection "github.com/hashicorp/go-cty-funcs/collection"
	ctycrypto "github.com/hashicorp/go-cty-funcs/crypto"
	ctyencoding "github.com/hashicorp/go-cty-funcs/encoding"
	ctyfs "github.com/hashicorp/go-cty-funcs/filesystem"
	ctyuuid "github.com/hashicorp/go-cty-funcs/uuid"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	ctyyaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// impure are the functions whose result Terraform knows only after apply
// (or that differ on every run); they evaluate to unknown values.
var impure = map[string]bool{
	"timestamp":     true,
	"plantimestamp": true,
	"uuid":          true,
	"bcrypt":        true,
}

// functions returns Terraform's built-in function table, bound to the
// root directory for the filesystem functions.
func (ev *evaluator) functions() map[string]function.Function {
	base := ev.rootDir
	fs := map[string]function.Function{
		"abs":              stdlib.AbsoluteFunc,
		"abspath":          ctyfs.AbsPathFunc,
		"alltrue":          allTrueFunc,
		"anytrue":          anyTrueFunc,
		"base64decode":     ctyencoding.Base64DecodeFunc,
		"base64encode":     ctyencoding.Base64EncodeFunc,
		"base64gzip":       base64GzipFunc,
		"base64sha256":     makeHashFunc(hashSHA256, encBase64),
		"base64sha512":     makeHashFunc(hashSHA512, encBase64),
		"basename":         ctyfs.BasenameFunc,
		"can":              tryfunc.CanFunc,
		"ceil":             stdlib.CeilFunc,
		"chomp":            stdlib.ChompFunc,
		"chunklist":        stdlib.ChunklistFunc,
		"cidrhost":         ctycidr.HostFunc,
		"cidrnetmask":      ctycidr.NetmaskFunc,
		"cidrsubnet":       ctycidr.SubnetFunc,
		"cidrsubnets":      ctycidr.SubnetsFunc,
		"coalesce":         ctycollection.CoalesceFunc,
		"coalescelist":     stdlib.CoalesceListFunc,
		"compact":          stdlib.CompactFunc,
		"concat":           stdlib.ConcatFunc,
		"contains":         stdlib.ContainsFunc,
		"csvdecode":        stdlib.CSVDecodeFunc,
		"dirname":          ctyfs.DirnameFunc,
		"distinct":         stdlib.DistinctFunc,
		"element":          stdlib.ElementFunc,
		"endswith":         endsWithFunc,
		"ephemeralasnull":  identityFunc,
		"file":             makeFileFunc(base, false),
		"filebase64":       makeFileFunc(base, true),
		"filebase64sha256": makeFileHashFunc(base, hashSHA256, encBase64),
		"filebase64sha512": makeFileHashFunc(base, hashSHA512, encBase64),
		"fileexists":       ctyfs.MakeFileExistsFunc(base),
		"filemd5":          makeFileHashFunc(base, hashMD5, encHex),
		"fileset":          ev.makeFileSetFunc(base),
		"filesha1":         makeFileHashFunc(base, hashSHA1, encHex),
		"filesha256":       makeFileHashFunc(base, hashSHA256, encHex),
		"filesha512":       makeFileHashFunc(base, hashSHA512, encHex),
		"flatten":          stdlib.FlattenFunc,
		"floor":            stdlib.FloorFunc,
		"format":           stdlib.FormatFunc,
		"formatdate":       stdlib.FormatDateFunc,
		"formatlist":       stdlib.FormatListFunc,
		"indent":           stdlib.IndentFunc,
		"index":            indexFunc,
		"issensitive":      isSensitiveFunc,
		"join":             stdlib.JoinFunc,
		"jsondecode":       jsonDecodeFunc,
		"jsonencode":       ev.makeJSONEncodeFunc(),
		"keys":             stdlib.KeysFunc,
		"length":           lengthFunc,
		"log":              stdlib.LogFunc,
		"lookup":           lookupFunc,
		"lower":            stdlib.LowerFunc,
		"matchkeys":        matchkeysFunc,
		"max":              stdlib.MaxFunc,
		"md5":              ctycrypto.Md5Func,
		"merge":            stdlib.MergeFunc,
		"min":              stdlib.MinFunc,
		"nonsensitive":     identityFunc,
		"one":              oneFunc,
		"parseint":         stdlib.ParseIntFunc,
		"pathexpand":       ctyfs.PathExpandFunc,
		"pow":              stdlib.PowFunc,
		"range":            stdlib.RangeFunc,
		"regex":            stdlib.RegexFunc,
		"regexall":         stdlib.RegexAllFunc,
		"replace":          replaceFunc,
		"reverse":          stdlib.ReverseListFunc,
		"rsadecrypt":       ctycrypto.RsaDecryptFunc,
		"sensitive":        identityFunc,
		"setintersection":  stdlib.SetIntersectionFunc,
		"setproduct":       stdlib.SetProductFunc,
		"setsubtract":      stdlib.SetSubtractFunc,
		"setunion":         stdlib.SetUnionFunc,
		"sha1":             ctycrypto.Sha1Func,
		"sha256":           ctycrypto.Sha256Func,
		"sha512":           ctycrypto.Sha512Func,
		"signum":           stdlib.SignumFunc,
		"slice":            stdlib.SliceFunc,
		"sort":             stdlib.SortFunc,
		"split":            stdlib.SplitFunc,
		"startswith":       startsWithFunc,
		"strcontains":      strContainsFunc,
		"strrev":           stdlib.ReverseFunc,
		"substr":           stdlib.SubstrFunc,
		"sum":              sumFunc,
		"timeadd":          stdlib.TimeAddFunc,
		"timecmp":          timeCmpFunc,
		"title":            stdlib.TitleFunc,
		"tobool":           stdlib.MakeToFunc(cty.Bool),
		"tolist":           stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":            stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber":         stdlib.MakeToFunc(cty.Number),
		"toset":            stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring":         stdlib.MakeToFunc(cty.String),
		"transpose":        transposeFunc,
		"trim":             stdlib.TrimFunc,
		"trimprefix":       stdlib.TrimPrefixFunc,
		"trimspace":        stdlib.TrimSpaceFunc,
		"trimsuffix":       stdlib.TrimSuffixFunc,
		"try":              tryFunc,
		"upper":            stdlib.UpperFunc,
		"urlencode":        ctyencoding.URLEncodeFunc,
		"uuidv5":           ctyuuid.V5Func,
		"values":           stdlib.ValuesFunc,
		"yamldecode":       yamlDecodeFunc,
		"yamlencode":       ctyyaml.YAMLEncodeFunc,
		"zipmap":           stdlib.ZipmapFunc,
	}
	for name := range impure {
		fs[name] = unknownFunc
	}
	fs["templatefile"] = ev.makeTemplateFileFunc(fs)
	fs["templatestring"] = ev.makeTemplateStringFunc(fs)
	return fs
}

// FunctionNames returns the names of the functions that configurations
// may call, sorted.
func FunctionNames() []string {
	ev := newEvaluator(".", Options{})
	names := make([]string, 0, len(ev.funcs))
	for name := range ev.funcs {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// unknownFunc accepts any arguments and returns an unknown value. It
// stands for impure functions and for functions that do not exist
// (already reported), so that evaluation goes on.
var unknownFunc = function.New(&function.Spec{
	Description: "Returns an unknown value.",
	VarParam: &function.Parameter{
		Name:             "args",
		Type:             cty.DynamicPseudoType,
		AllowNull:        true,
		AllowUnknown:     true,
		AllowDynamicType: true,
		AllowMarked:      true,
	},
	Type: function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		return cty.DynamicVal, nil
	},
})
