package tfmap

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpctrace/vpctrace/model"
)

// FuzzContainerDefinitions feeds arbitrary text to the container
// definitions parser. It must not panic, must be deterministic, must
// accept only JSON, and must place every container and secret at the
// attribute.
func FuzzContainerDefinitions(f *testing.F) {
	f.Add(containerDefinitions)
	f.Add(`[]`)
	f.Add(`[{"name":"a","image":"nginx","secrets":[{"name":"x","valueFrom":"y"}]}]`)
	f.Add(markedDefinitions)
	f.Add(`"\u0000(known after apply)\u0000"`)
	f.Add(`[{"name":"a","image":"\u0000(known after apply)\u0000","secrets":"\u0000(known after apply)\u0000"}]`)
	p := model.Pos{File: "main.tf", Line: 3, Column: 5}
	f.Fuzz(func(t *testing.T, data string) {
		cs, whole, err := parseContainerDefinitions(data, "why", p)
		if err != nil || whole {
			if cs != nil {
				t.Fatalf("containers despite an error or a wholly unknown list: %v", err)
			}
			return
		}
		if !json.Valid([]byte(data)) {
			t.Fatalf("accepted text that is not JSON: %q", data)
		}
		for _, c := range cs {
			if c.Source != p {
				t.Errorf("container %q at %v, want %v", c.Name, c.Source, p)
			}
			for _, s := range append(append([]model.Secret(nil), c.Secrets...), c.LogSecretOptions...) {
				if s.Source != p {
					t.Errorf("secret %q at %v, want %v", s.Name, s.Source, p)
				}
			}
			for _, u := range c.Unknowns {
				if u.Source != p || u.Why != "why" {
					t.Errorf("unknown %s at %v (%s), want %v (why)", u.Path(), u.Source, u.Why, p)
				}
				if f, i, ok := model.ParseContainerPath(u.Path()); !ok || f != u.Field || i != u.Index {
					t.Errorf("unknown path %q does not parse back", u.Path())
				}
			}
		}
		cs2, _, err2 := parseContainerDefinitions(data, "why", p)
		if err2 != nil || !cmp.Equal(cs, cs2) {
			t.Errorf("two runs differ: %v / %v", cs, cs2)
		}
	})
}
