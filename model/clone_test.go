package model

import (
	"net/netip"
	"reflect"
	"testing"
)

// fill sets every field reachable from v to a non-zero value, with two
// elements in each slice and one entry in each map, so that a field added
// to the model later is covered by the tests below without changing them.
func fill(t *testing.T, v reflect.Value, depth int) {
	t.Helper()
	switch v.Type() {
	case reflect.TypeFor[netip.Prefix]():
		v.Set(reflect.ValueOf(netip.MustParsePrefix("10.0.0.0/16")))
		return
	case reflect.TypeFor[netip.Addr]():
		v.Set(reflect.ValueOf(netip.MustParseAddr("10.0.0.1")))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint8:
		v.SetUint(1)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		e := reflect.New(v.Type().Elem()).Elem()
		fill(t, k, depth+1)
		fill(t, e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(t, p.Elem(), depth+1)
		v.Set(p)
	default:
		t.Fatalf("fill: unhandled kind %s (%s)", v.Kind(), v.Type())
	}
}

// shared reports the path of a slice, map or pointer that a and b share.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if !a.Type().Field(i).IsExported() {
				continue
			}
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), path+"[i]"); p != "" {
				return p
			}
		}
	case reflect.Map:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
	case reflect.Pointer:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			return path
		}
		if !a.IsNil() {
			return shared(a.Elem(), b.Elem(), path+"*")
		}
	}
	return ""
}

func filledWorld(t *testing.T) *World {
	w := new(World)
	fill(t, reflect.ValueOf(w).Elem(), 0)
	return w
}

func TestCloneEqualAndIndependent(t *testing.T) {
	w := filledWorld(t)
	c := Clone(w)
	if !reflect.DeepEqual(w, c) {
		t.Fatal("Clone(w) differs from w")
	}
	if p := shared(reflect.ValueOf(w).Elem(), reflect.ValueOf(c).Elem(), "World"); p != "" {
		t.Errorf("the clone shares %s with the original", p)
	}
}

func TestCloneMutationLeavesOriginal(t *testing.T) {
	w := filledWorld(t)
	want := Clone(w)
	c := Clone(w)
	c.Endpoints[0].PrivateDNS = false
	c.Endpoints[0].Subnets[0] = "changed"
	c.Endpoints[0].IPs["x"] = netip.MustParseAddr("192.0.2.1")
	c.RouteTables[0].Routes = append(c.RouteTables[0].Routes[:1], Route{Target: TargetNATGateway})
	c.RouteTables[1].Routes[0].TargetID = "changed"
	c.SecurityGroups[0].Egress[0].PrefixLists[0] = "changed"
	c.SecurityGroups[0].Egress = append(c.SecurityGroups[0].Egress, SGRule{Protocol: "tcp"})
	c.Services[0].AssignPublicIP = false
	c.Services[0].PlatformVersion = "1.3.0"
	c.Services[0].Subnets[1] = "changed"
	c.TaskDefinitions[0].Containers[0].LogOptions["x"] = "changed"
	c.TaskDefinitions[0].Volumes[0].EFS.FileSystemID = "changed"
	c.Clusters[0].CapacityProviders["x"] = "changed"
	c.HostedZones[0].Records[0].Values[0] = "changed"
	c.FileSystems[0].MountTargets[0].SecurityGroups[0] = "changed"
	if !reflect.DeepEqual(w, want) {
		t.Fatal("changing the clone changed the original")
	}
}

func TestCloneNil(t *testing.T) {
	if Clone(nil) != nil {
		t.Fatal("Clone(nil) != nil")
	}
	c := Clone(&World{Region: "r"})
	if c.Region != "r" || c.VPCs != nil {
		t.Fatalf("Clone of a small world = %+v", c)
	}
}
