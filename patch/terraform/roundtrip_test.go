package terraform

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/model/load"
	"github.com/vpctrace/vpctrace/patch"
	"github.com/vpctrace/vpctrace/whatif"
)

// loadRoot reads a Terraform root as cmd/vpctrace does.
func loadRoot(t *testing.T, dir string) *model.World {
	t.Helper()
	var opts load.Options
	in, err := load.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	f, err := load.Detect(in)
	if err != nil {
		t.Fatal(err)
	}
	w, ds := f.Load(in, opts)
	if w = load.Usable(w, ds); w == nil {
		t.Fatalf("%s does not load: %v", dir, ds)
	}
	return w
}

// copyRoot copies the files of dir (recursively, without its plan.json) to a
// new temporary directory and writes edits over them.
func copyRoot(t *testing.T, dir string, edits []patch.Edit) string {
	t.Helper()
	out := t.TempDir()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(out, rel), 0o755)
		}
		if strings.HasSuffix(path, ".json") && rel == "plan.json" {
			return nil // the patched root is read without its old plan
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		p := filepath.Join(out, filepath.FromSlash(e.Path))
		if e.Old != nil {
			old, err := os.ReadFile(p)
			if err != nil || string(old) != string(e.Old) {
				t.Fatalf("edit of %s: Old is not the file's content (%v)", e.Path, err)
			}
		}
		if err := os.WriteFile(p, e.New, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// object returns the object of ref in w, or nil.
func object(w *model.World, r model.Ref) any {
	var found any
	pick := func(s any) {
		v := reflect.ValueOf(s)
		for i := range v.Len() {
			if v.Index(i).FieldByName("ID").String() == r.ID {
				found = v.Index(i).Interface()
			}
		}
	}
	switch r.Kind {
	case model.KindVPC:
		pick(w.VPCs)
	case model.KindRouteTable:
		pick(w.RouteTables)
	case model.KindEndpoint:
		pick(w.Endpoints)
	case model.KindSecurityGroup:
		pick(w.SecurityGroups)
	case model.KindNetworkACL:
		pick(w.NetworkACLs)
	case model.KindFileSystem:
		pick(w.FileSystems)
	case model.KindService:
		pick(w.Services)
	}
	return found
}

// newIDs maps the IDs of the objects that the patched files add (those of
// got not in base) to the IDs whatif gave them in want.
func newIDs(base, got, want *model.World) map[string]string {
	ids := map[string]string{}
	in := func(id string, s any) bool {
		v := reflect.ValueOf(s)
		for i := range v.Len() {
			if v.Index(i).FieldByName("ID").String() == id {
				return true
			}
		}
		return false
	}
	for _, e := range got.Endpoints {
		if !in(e.ID, base.Endpoints) {
			ids[e.ID] = whatif.AddedEndpointID(e.ServiceName)
		}
	}
	for _, g := range got.SecurityGroups {
		if !in(g.ID, base.SecurityGroups) {
			ids[g.ID] = whatif.EndpointGroupID(g.VPC)
		}
	}
	for _, fs := range got.FileSystems {
		b := object(base, model.Ref{Kind: model.KindFileSystem, ID: fs.ID})
		for _, mt := range fs.MountTargets {
			if b == nil || !slices.ContainsFunc(b.(model.FileSystem).MountTargets, func(o model.MountTarget) bool { return o.ID == mt.ID }) {
				ids[mt.ID] = whatif.AddedMountTargetID(fs.ID, mt.Subnet)
			}
		}
	}
	return ids
}

// rename replaces every string of v that ids maps, in place.
func rename(v reflect.Value, ids map[string]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			rename(v.Elem(), ids)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			rename(v.Field(i), ids)
		}
	case reflect.Slice:
		for i := range v.Len() {
			rename(v.Index(i), ids)
		}
	case reflect.String:
		if n, ok := ids[v.String()]; ok && v.CanSet() {
			v.SetString(n)
		}
	}
}

// canonicalPolicy writes a policy document so that two that say the same
// compare equal: statements without Sid, single values as lists.
func canonicalPolicy(doc string) string {
	if doc == "" {
		return ""
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return doc
	}
	var out []string
	sts, ok := d["Statement"].([]any)
	if !ok {
		sts = []any{d["Statement"]}
	}
	for _, s := range sts {
		m, _ := s.(map[string]any)
		delete(m, "Sid")
		for _, k := range []string{"Action", "Resource"} {
			if str, ok := m[k].(string); ok {
				m[k] = []any{str}
			}
		}
		if p, ok := m["Principal"].(map[string]any); ok && len(p) == 1 {
			if aws, ok := p["AWS"].([]any); ok && len(aws) == 1 && aws[0] == "*" {
				m["Principal"] = "*"
			}
			if aws, ok := p["AWS"].(string); ok && aws == "*" {
				m["Principal"] = "*"
			}
		}
		b, _ := json.Marshal(m)
		out = append(out, string(b))
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// compareOpts compare the objects of two worlds up to source positions
// and the order of rules.
var compareOpts = cmp.Options{
	cmpopts.IgnoreFields(model.Endpoint{}, "Source", "PolicySource"),
	cmpopts.IgnoreFields(model.SGRule{}, "Source"),
	cmpopts.IgnoreFields(model.ACLRule{}, "Source"),
	cmpopts.IgnoreFields(model.Route{}, "Source"),
	cmpopts.IgnoreFields(model.VPC{}, "Source"),
	cmpopts.IgnoreFields(model.SecurityGroup{}, "Source"),
	cmpopts.IgnoreFields(model.NetworkACL{}, "Source"),
	cmpopts.IgnoreFields(model.RouteTable{}, "Source"),
	cmpopts.IgnoreFields(model.FileSystem{}, "Source"),
	cmpopts.IgnoreFields(model.MountTarget{}, "Source"),
	cmpopts.IgnoreFields(model.Service{}, "Source"),
	cmpopts.EquateComparable(netip.Prefix{}, netip.Addr{}),
	cmpopts.SortSlices(func(a, b model.SGRule) bool { return ruleKey(a) < ruleKey(b) }),
	cmpopts.SortSlices(func(a, b model.ACLRule) bool { return a.Number < b.Number }),
	cmpopts.SortSlices(func(a, b model.Route) bool { return a.Destination.String() < b.Destination.String() }),
	cmpopts.SortSlices(func(a, b model.MountTarget) bool { return a.ID < b.ID }),
	cmpopts.EquateEmpty(),
	cmp.Transformer("policy", func(e model.Endpoint) model.Endpoint { e.Policy = canonicalPolicy(e.Policy); return e }),
}

func ruleKey(r model.SGRule) string {
	r.Source = model.Pos{}
	b, _ := json.Marshal(r)
	return string(b)
}

// roundTrip loads root, applies changes with whatif and as edits of the
// files, loads the patched copy and compares each touched object. It
// returns the edits.
func roundTrip(t *testing.T, root string, changes []whatif.Change) []patch.Edit {
	t.Helper()
	base := loadRoot(t, root)
	want, touched, err := whatif.Apply(base, changes)
	if err != nil {
		t.Fatal(err)
	}
	edits, err := Edits(root, base, changes)
	if err != nil {
		t.Fatalf("Edits: %v", err)
	}
	got := loadRoot(t, copyRoot(t, root, edits))
	ids := newIDs(base, got, want)
	for _, r := range touched {
		if r.Kind == model.KindMountTarget {
			continue // compared within its file system
		}
		w := object(want, r)
		var g any
		for gid, wid := range ids {
			if wid == r.ID {
				g = object(got, model.Ref{Kind: r.Kind, ID: gid})
			}
		}
		if g == nil {
			g = object(got, r)
		}
		if w == nil || g == nil {
			t.Fatalf("%s %s: in whatif's world %v, in the patched root's %v", r.Kind, r.ID, w != nil, g != nil)
		}
		g = renamed(g, ids)
		if diff := cmp.Diff(w, g, compareOpts); diff != "" {
			t.Errorf("%s %s: whatif's world (-) and the patched root's (+) differ:\n%s", r.Kind, r.ID, diff)
		}
	}
	untouched(t, want, got, touched)
	return edits
}

// untouched checks that the objects the changes did not touch are the
// same in the patched root as in whatif's world, but for endpoint
// policies: a statement added to a policy document data source reaches
// every endpoint that reads it.
func untouched(t *testing.T, want, got *model.World, touched []model.Ref) {
	t.Helper()
	kinds := map[model.Kind]any{
		model.KindVPC: want.VPCs, model.KindRouteTable: want.RouteTables, model.KindEndpoint: want.Endpoints,
		model.KindSecurityGroup: want.SecurityGroups, model.KindNetworkACL: want.NetworkACLs,
		model.KindFileSystem: want.FileSystems, model.KindService: want.Services,
	}
	for kind, objs := range kinds {
		v := reflect.ValueOf(objs)
		for i := range v.Len() {
			r := model.Ref{Kind: kind, ID: v.Index(i).FieldByName("ID").String()}
			if slices.Contains(touched, r) {
				continue
			}
			g := object(got, r)
			if g == nil {
				t.Errorf("%s %s is missing from the patched root", r.Kind, r.ID)
				continue
			}
			opts := append(cmp.Options{cmpopts.IgnoreFields(model.Endpoint{}, "Policy")}, compareOpts...)
			if diff := cmp.Diff(v.Index(i).Interface(), g, opts); diff != "" {
				t.Errorf("%s %s, which no change touched, differs (-whatif +patched):\n%s", r.Kind, r.ID, diff)
			}
		}
	}
}

// renamed returns a deep copy of o with the IDs of ids replaced.
func renamed(o any, ids map[string]string) any {
	data, _ := json.Marshal(o)
	p := reflect.New(reflect.TypeOf(o))
	if err := json.Unmarshal(data, p.Interface()); err != nil {
		panic(err)
	}
	rename(p, ids)
	return p.Elem().Interface()
}
