package whatif

import (
	"reflect"
	"slices"

	"github.com/vpctrace/vpctrace/model"
)

// differing returns the refs whose objects differ between worlds a and b,
// each once: an object in one world only, or different in the two. A ref
// of a kind differing does not look up is kept, so that the caller
// re-traces what it may affect.
func differing(a, b *model.World, refs []model.Ref) []model.Ref {
	var out []model.Ref
	for _, ref := range refs {
		if slices.Contains(out, ref) {
			continue
		}
		x, okA := objectOf(a, ref)
		y, okB := objectOf(b, ref)
		if okA != okB || !reflect.DeepEqual(x, y) {
			out = append(out, ref)
		}
	}
	return out
}

// objectOf returns the object ref names in w, or nil and false when w has
// none. For a kind it does not look up it returns the ref itself and
// true, a value that differs from any object, so the ref is kept.
func objectOf(w *model.World, ref model.Ref) (any, bool) {
	id := ref.ID
	switch ref.Kind {
	case model.KindEndpoint:
		return lookup(w.Endpoints, func(e model.Endpoint) bool { return e.ID == id })
	case model.KindSecurityGroup:
		return lookup(w.SecurityGroups, func(g model.SecurityGroup) bool { return g.ID == id })
	case model.KindRouteTable:
		return lookup(w.RouteTables, func(r model.RouteTable) bool { return r.ID == id })
	case model.KindService:
		return lookup(w.Services, func(s model.Service) bool { return s.ID == id })
	case model.KindVPC:
		return lookup(w.VPCs, func(v model.VPC) bool { return v.ID == id })
	case model.KindNetworkACL:
		return lookup(w.NetworkACLs, func(a model.NetworkACL) bool { return a.ID == id })
	case model.KindHostedZone:
		return lookup(w.HostedZones, func(z model.HostedZone) bool { return z.ID == id })
	case model.KindFileSystem:
		return lookup(w.FileSystems, func(f model.FileSystem) bool { return f.ID == id })
	case model.KindMountTarget:
		for _, f := range w.FileSystems {
			if mt, ok := lookup(f.MountTargets, func(m model.MountTarget) bool { return m.ID == id }); ok {
				return mt, true
			}
		}
		return nil, false
	}
	return ref, true
}

// lookup is the first element of s that match accepts.
func lookup[T any](s []T, match func(T) bool) (any, bool) {
	if p := find(s, match); p != nil {
		return *p, true
	}
	return nil, false
}
