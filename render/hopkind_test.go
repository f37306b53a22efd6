// Package render_test guards what every renderer shares: none of them
// reads meaning out of display text the engine writes.
package render_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpctrace/vpctrace/sim"
)

// TestNoHopKindText fails when a renderer compares a hop's kind with the
// text of a kind, or cuts or searches it as a string ("network ACL of X"),
// instead of switching on the sim.HopKind constants and reading the
// hop's fields.
func TestNoHopKindText(t *testing.T) {
	var kinds []string
	for _, k := range sim.AllHopKinds {
		kinds = append(kinds, string(k))
	}
	compared := regexp.MustCompile(`(?i:kind)\s*[!=]=\s*"([^"]*)"|case\s+("[^"]*"(?:,\s*"[^"]*")*)\s*:`)
	literal := regexp.MustCompile(`"([^"]*)"`)
	cut := regexp.MustCompile(`strings\.\w+\(\s*[\w.]*(?i:kind)\s*[,)]`)
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			at := path + ":" + strconv.Itoa(i+1)
			if strings.Contains(line, `"network ACL of `) {
				t.Errorf("%s: reads a hop kind's text: %s", at, strings.TrimSpace(line))
			}
			if cut.MatchString(line) {
				t.Errorf("%s: a string function on a kind: %s", at, strings.TrimSpace(line))
			}
			for _, m := range compared.FindAllStringSubmatch(line, -1) {
				for _, lit := range literal.FindAllStringSubmatch(m[0], -1) {
					if slices.Contains(kinds, lit[1]) {
						t.Errorf("%s: compares a kind with the text %q, not a sim.HopKind: %s", at, lit[1], strings.TrimSpace(line))
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
