package awsschema

import (
	"strconv"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// FuzzParseLine decodes arbitrary lines: parseLine must not panic, and what
// it accepts must hold only valid types and nesting modes. The seeds are the
// lines of the first chunk of the embedded data and testdata/fuzz.
func FuzzParseLine(f *testing.F) {
	x := newIndex(data)
	c := &x.chunks[0]
	c.once.Do(c.load)
	for _, m := range c.types {
		for _, e := range m {
			f.Add(e.line)
		}
	}
	f.Fuzz(func(t *testing.T, line string) {
		s, err := parseLine(line)
		if err != nil {
			if s != nil {
				t.Errorf("schema and error: %v", err)
			}
			return
		}
		for name, a := range s.Attributes {
			if a.Type == cty.NilType {
				t.Errorf("attribute %s: nil type", name)
			}
		}
		checkBlocks(t, s, 0)
	})
}

// checkBlocks checks that the nested block types of s, recursively, have
// valid nesting modes, contents and attribute types.
func checkBlocks(t *testing.T, s *Schema, depth int) {
	if depth > maxDepth+1 {
		t.Fatalf("blocks nested %d deep", depth)
	}
	for name, b := range s.Blocks {
		if b.Nesting.String() == "invalid" {
			t.Errorf("block %s: invalid nesting", name)
		}
		if b.Body == nil {
			t.Errorf("block %s: nil body", name)
			continue
		}
		for an, a := range b.Body.Attributes {
			if a.Type == cty.NilType {
				t.Errorf("block %s attribute %s: nil type", name, an)
			}
		}
		checkBlocks(t, b.Body, depth+1)
	}
}

// FuzzIndex reads data files made of an arbitrary header and chunk, each
// gzipped: nothing may panic, and the schemas found are valid. A "$" in
// the header stands for the chunk's compressed size, so that mutations can
// keep the header right.
func FuzzIndex(f *testing.F) {
	f.Add(headerMagic+"5.100.0\nchunk $ aws_a\n", "r aws_a\ta:r:s\t\t\t\nr aws_b\tb:c:L#0\tx:list:0:1(c:o:#0|y:set:0:0@0)\tO{a:s}\t(|)\n")
	f.Add(headerMagic+"5.100.0\nchunk $ aws_b\n", "d aws_a\ta:r:s\t\t\t\nr aws_b\t\t\t\t\nd aws_b\t\t\t\t\n")
	f.Add(headerMagic+"5.100.0\nchunk 20 aws_a\nchunk $ aws_b\n", "r aws_b\t\t\t\t\n")
	f.Fuzz(func(t *testing.T, header, chunk string) {
		c := gz(t, chunk)
		x := newIndex(gz(t, strings.ReplaceAll(header, "$", strconv.Itoa(len(c)))) + c)
		for _, k := range []kind{kindResource, kindDataSource} {
			for _, name := range append(x.names(k), "aws_a", "aws_b", "") {
				s, ok := x.lookup(k, name)
				if ok != (s != nil) {
					t.Errorf("lookup(%v, %q) = %v, %v", k, name, s, ok)
				}
			}
		}
	})
}
