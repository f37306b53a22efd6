package model

import "testing"

// TestContainerPaths checks that every container setting's path parses
// back to the same setting and entry, and that malformed paths do not.
func TestContainerPaths(t *testing.T) {
	for _, f := range ContainerFields {
		for _, i := range []int{0, 3, 12} {
			if !f.IsEntry() && i != 0 {
				continue
			}
			u := ContainerUnknown{Field: f, Index: i}
			got, index, ok := ParseContainerPath(u.Path())
			if !ok || got != f || index != i {
				t.Errorf("ParseContainerPath(%q) = %q, %d, %v; want %q, %d", u.Path(), got, index, ok, f, i)
			}
		}
	}
	for _, bad := range []string{"", "secrets[]", "secrets[].valueFrom", "secrets[-1].valueFrom", "secrets[01].valueFrom",
		"image[0]", "secrets[x].valueFrom", "environment[0].value", "logConfiguration.options.awslogs-stream-prefix"} {
		if f, i, ok := ParseContainerPath(bad); ok {
			t.Errorf("ParseContainerPath(%q) = %q, %d; want not ok", bad, f, i)
		}
	}
	if got := (ContainerUnknown{Field: FieldSecret, Index: 2}).Path(); got != "secrets[2].valueFrom" {
		t.Errorf("Path = %q", got)
	}
}
