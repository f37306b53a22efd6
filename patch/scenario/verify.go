package scenario

import (
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
	modelscenario "github.com/vpctrace/vpctrace/model/scenario"
)

// verify decodes the patched text and checks that every object the
// changes touched is as whatif made it (see same).
func (p *patcher) verify(file string) error {
	got, diags := modelscenario.Decode(file, p.e.d.text)
	if got == nil {
		var errs []string
		for _, d := range diags {
			if d.Severity == model.SeverityError {
				errs = append(errs, d.String())
			}
		}
		return fmt.Errorf("internal error: the patched scenario does not load: %s", strings.Join(errs, "; "))
	}
	for _, r := range p.touched {
		if r.Kind == model.KindMountTarget {
			continue // compared with its file system
		}
		if err := same(p.w, got, r, p.names); err != nil {
			return fmt.Errorf("internal error: the patched scenario is not what the changes make: %w", err)
		}
	}
	before, _ := modelscenario.Decode(file, p.orig.text)
	if before == nil {
		return fmt.Errorf("the scenario does not load as it is")
	}
	if err := p.untouched(before, got); err != nil {
		return fmt.Errorf("internal error: the patch changes what the changes do not touch: %w", err)
	}
	return nil
}

var idType = reflect.TypeFor[string]()

// untouched checks that every object of the file the changes did not
// touch reads the same before and after (up to positions), that the
// patched file has no object the changes did not add, and that the
// world's own settings are as they were.
func (p *patcher) untouched(before, after *model.World) error {
	skip := map[string]bool{}
	for _, r := range p.touched {
		skip[r.ID], skip[p.name(r.ID)] = true, true
	}
	b, a := reflect.ValueOf(before).Elem(), reflect.ValueOf(after).Elem()
	for i := range b.NumField() {
		name := b.Type().Field(i).Name
		bf, af := b.Field(i), a.Field(i)
		if bf.Kind() != reflect.Slice || !hasID(bf.Type().Elem()) {
			if !reflect.DeepEqual(normalizedValue(bf), normalizedValue(af)) {
				return fmt.Errorf("the world's %s", name)
			}
			continue
		}
		byID := map[string]reflect.Value{}
		for j := range af.Len() {
			byID[af.Index(j).FieldByName("ID").String()] = af.Index(j)
		}
		for j := range bf.Len() {
			id := bf.Index(j).FieldByName("ID").String()
			if skip[id] {
				continue
			}
			o, ok := byID[id]
			if !ok {
				return fmt.Errorf("%s %q is gone", name, id)
			}
			if !reflect.DeepEqual(normalizedValue(bf.Index(j)), normalizedValue(o)) {
				return fmt.Errorf("%s %q differs", name, id)
			}
			delete(byID, id)
		}
		for id := range byID {
			if !skip[id] {
				return fmt.Errorf("%s %q is new", name, id)
			}
		}
	}
	return nil
}

// hasID reports whether t is a struct with a string field ID.
func hasID(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	f, ok := t.FieldByName("ID")
	return ok && f.Type == idType
}

// normalizedValue is a normalized deep copy of v (see normalized).
func normalizedValue(v reflect.Value) any {
	c := reflect.New(v.Type())
	deepCopy(c.Elem(), v)
	return normalized(c.Interface(), nil)
}

// same reports, as an error, how object r of world want differs from the
// same object of world got, where names maps the IDs of want's new objects
// to got's. Source positions, the order of routes (the longest prefix
// decides, aws-rules 4.2.1), nil and empty lists and maps, and the
// spelling of a JSON policy (its keys' order and spacing) do not count.
func same(want, got *model.World, r model.Ref, names map[string]string) error {
	id := r.ID
	if n, ok := names[id]; ok {
		id = n
	}
	w, err := objectOf(want, r.Kind, r.ID)
	if err != nil {
		return err
	}
	g, err := objectOf(got, r.Kind, id)
	if err != nil {
		return err
	}
	w, g = normalized(w, names), normalized(g, nil)
	if !reflect.DeepEqual(w, g) {
		return fmt.Errorf("%s %q: want %+v, got %+v", r.Kind, id, w, g)
	}
	return nil
}

// objectOf is a copy of object id of kind in w.
func objectOf(w *model.World, kind model.Kind, id string) (any, error) {
	var v any
	var ok bool
	switch kind {
	case model.KindVPC:
		v, ok = get(w.VPCs, id, func(o model.VPC) string { return o.ID })
	case model.KindRouteTable:
		v, ok = get(w.RouteTables, id, func(o model.RouteTable) string { return o.ID })
	case model.KindEndpoint:
		v, ok = get(w.Endpoints, id, func(o model.Endpoint) string { return o.ID })
	case model.KindSecurityGroup:
		v, ok = get(w.SecurityGroups, id, func(o model.SecurityGroup) string { return o.ID })
	case model.KindNetworkACL:
		v, ok = get(w.NetworkACLs, id, func(o model.NetworkACL) string { return o.ID })
	case model.KindFileSystem:
		v, ok = get(w.FileSystems, id, func(o model.FileSystem) string { return o.ID })
	case model.KindService:
		v, ok = get(w.Services, id, func(o model.Service) string { return o.ID })
	default:
		return nil, fmt.Errorf("cannot compare a %s", kind)
	}
	if !ok {
		return nil, fmt.Errorf("%s %q is missing", kind, id)
	}
	return v, nil
}

// get is a deep copy of the object of s whose ID is id.
func get[T any](s []T, id string, idOf func(T) string) (any, bool) {
	i := slices.IndexFunc(s, func(o T) bool { return idOf(o) == id })
	if i < 0 {
		return nil, false
	}
	c := reflect.New(reflect.TypeFor[T]()).Elem()
	deepCopy(c, reflect.ValueOf(s[i]))
	return c.Addr().Interface(), true
}

// deepCopy copies src into dst, slices and maps included.
func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		dst.Set(src)
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				deepCopy(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			deepCopy(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			m.SetMapIndex(it.Key(), it.Value())
		}
		dst.Set(m)
	default:
		dst.Set(src)
	}
}

var posType = reflect.TypeFor[model.Pos]()

// normalized is o (a pointer to a copy) with what same ignores removed
// and the IDs of names replaced.
func normalized(o any, names map[string]string) any {
	normalize(reflect.ValueOf(o).Elem(), names)
	switch o := o.(type) {
	case *model.RouteTable:
		slices.SortFunc(o.Routes, func(a, b model.Route) int {
			return cmp.Or(strings.Compare(a.Destination.String(), b.Destination.String()),
				strings.Compare(a.DestinationPrefixList, b.DestinationPrefixList),
				strings.Compare(string(a.Target), string(b.Target)), strings.Compare(a.TargetID, b.TargetID))
		})
	case *model.Endpoint:
		o.Policy = canonicalJSON(o.Policy)
	}
	return o
}

func normalize(v reflect.Value, names map[string]string) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == posType {
			v.SetZero()
			return
		}
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				normalize(f, names)
			}
		}
	case reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			v.SetZero()
			return
		}
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				normalize(v.Index(i), names)
			}
		}
	case reflect.String:
		if n, ok := names[v.String()]; ok {
			v.SetString(n)
		}
	}
}

// canonicalJSON is a JSON document with sorted keys and no spacing, or s
// as it is when it is not JSON.
func canonicalJSON(s string) string {
	if s == "" {
		return s
	}
	var doc any
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		return s
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return s
	}
	return string(out)
}
