package tfmap

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpctrace/vpctrace/model"
	"github.com/zclconf/go-cty/cty"
)

// M, L and U write cty values tersely: M{"a": 1} is an object, L{...} a
// tuple (Terraform's lists of blocks), U an unknown value.
type (
	M = map[string]any
	L = []any
)

// U is a value known only after apply.
var U = cty.DynamicVal

// val converts Go values to cty values.
func val(x any) cty.Value {
	switch x := x.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case cty.Value:
		return x
	case string:
		return cty.StringVal(x)
	case bool:
		return cty.BoolVal(x)
	case int:
		return cty.NumberIntVal(int64(x))
	case []string:
		l := make(L, len(x))
		for i, s := range x {
			l[i] = s
		}
		return val(l)
	case L:
		if len(x) == 0 {
			return cty.EmptyTupleVal
		}
		vals := make([]cty.Value, len(x))
		for i, e := range x {
			vals[i] = val(e)
		}
		return cty.TupleVal(vals)
	case M:
		attrs := map[string]cty.Value{}
		for k, v := range x {
			attrs[k] = val(v)
		}
		return cty.ObjectVal(attrs)
	}
	panic(fmt.Sprintf("val: unsupported %T", x))
}

const file = "main.tf"

// at is a position in main.tf.
func at(line, col int) model.Pos { return model.Pos{File: file, Line: line, Column: col} }

// res makes a resource instance at line; the type and mode come from the
// address. Options set Refs and AttrPos.
func res(line int, addr string, values M, opts ...func(*Resource)) Resource {
	base, _ := SplitKey(addr)
	parts := strings.Split(base, ".")
	r := Resource{Address: addr, Mode: "managed", Type: parts[len(parts)-2], Values: val(values), Pos: at(line, 1)}
	if len(parts) >= 3 && parts[len(parts)-3] == "data" {
		r.Mode = "data"
	}
	for _, o := range opts {
		o(&r)
	}
	return r
}

// refs sets the references of an attribute.
func refs(attr string, addrs ...string) func(*Resource) {
	return func(r *Resource) {
		if r.Refs == nil {
			r.Refs = map[string][]string{}
		}
		r.Refs[attr] = addrs
	}
}

// pos sets attribute (or block) positions: pos("ingress.0", 12, 3).
func pos(name string, line, col int) func(*Resource) {
	return func(r *Resource) {
		if r.AttrPos == nil {
			r.AttrPos = map[string]model.Pos{}
		}
		r.AttrPos[name] = at(line, col)
	}
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func pfxs(ss ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, pfx(s))
	}
	return out
}

var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

const (
	region  = "ap-northeast-1"
	account = "123456789012"
)

var opts = Options{Region: region, Account: account}

// world returns a world with the test's region and account.
func world(w model.World) model.World {
	w.Region, w.Account = region, account
	return w
}

// diag is a diagnostic in a compact form for comparison.
func diag(sev model.Severity, code string, p model.Pos) string {
	return fmt.Sprintf("%s %s %s", sev, code, p)
}

func diagStrings(ds model.Diagnostics) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = diag(d.Severity, d.Code, d.Source)
	}
	return out
}

// check builds the resources and compares the whole world and the
// diagnostics (severity, code, position; message fragments when given).
func check(t *testing.T, resources []Resource, want model.World, wantDiags []string, fragments ...string) {
	t.Helper()
	w, diags := Build(resources, opts)
	if diff := cmp.Diff(want, *w, cmpOpts); diff != "" {
		t.Errorf("world (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantDiags, diagStrings(diags), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s\nall:\n%s", diff, diags)
	}
	for _, f := range fragments {
		if !slices.ContainsFunc(diags, func(d model.Diagnostic) bool { return strings.Contains(d.Message, f) }) {
			t.Errorf("no diagnostic says %q:\n%v", f, diags)
		}
	}
}
