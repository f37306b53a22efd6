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
	p := model.Pos{File: "main.tf", Line: 3, Column: 5}
	f.Fuzz(func(t *testing.T, data string) {
		cs, err := parseContainerDefinitions(data, p)
		if err != nil {
			if cs != nil {
				t.Fatalf("containers despite an error: %v", err)
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
		}
		cs2, err2 := parseContainerDefinitions(data, p)
		if err2 != nil || !cmp.Equal(cs, cs2) {
			t.Errorf("two runs differ: %v / %v", cs, cs2)
		}
	})
}

func TestParseContainerDefinitionsErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`[{"name": "app", "image": }]`, "invalid JSON at byte 27: invalid character '}' looking for beginning of value"},
		{`{"name": "app"}`, "the top level is a JSON object, expected []tfmap.containerJSON"},
		{`null`, "it is not a JSON array of container definitions"},
		{`[{"logConfiguration": {"options": {"awslogs-region": 1}}}]`, "logConfiguration.options is a JSON number, expected string"},
		{`[] ]`, "invalid JSON at byte 4: invalid character ']' after top-level value"},
	} {
		_, err := parseContainerDefinitions(c.in, model.Pos{})
		if err == nil || err.Error() != c.want {
			t.Errorf("parse %s: error %v, want %q", c.in, err, c.want)
		}
	}
}
