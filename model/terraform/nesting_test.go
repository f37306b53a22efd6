package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func TestNestingOffset(t *testing.T) {
	rep := strings.Repeat
	tests := []struct {
		name string
		src  string
		mode nestMode
		want int // offset where the limit is crossed; -1 for none
	}{
		{"999 parentheses are read", "a = " + rep("(", 998) + "1" + rep(")", 998), nestConfig, -1},
		{"1,000 parentheses are not", "a = " + rep("(", 1000) + "1" + rep(")", 1000), nestConfig, 4 + 999},
		{"closing brackets in strings do not hide nesting", "a = " + rep(`(")"`, 2000), nestConfig, 4 + 4*998 + 1}, // the string is a level too
		{"closing brackets in comments do not hide nesting", "a = " + rep("( # )\n", 2000), nestConfig, 4 + 6*999},
		{"brackets in comments do not count", rep("# ((((\n// [[[[\n/* {{{{ */\n", 2000), nestConfig, -1},
		{"brackets in strings do not count", "a = \"" + rep("((((", 2000) + "\"", nestConfig, -1},
		{"escaped interpolations do not count", "a = \"" + rep("$${(", 2000) + "\"", nestConfig, -1},
		{"a heredoc's end marker ends it", "a = <<-EOT\n" + rep("(", 2000) + "\n  EOT\nb = " + rep("(", 1000), nestConfig, 2022 + 999},
		{"an indented end marker inside an interpolation does not end it", "a = <<EOT\n${\nEOT\n" + rep("(", 2000) + "}\nEOT\n", nestConfig, 10 + 2 + 5 + 997},
		{"a list of 5,000 negative numbers", "a = [" + rep("-1, ", 5000) + "]", nestConfig, -1},
		{"an object of 5,000 attributes", "a = {\n" + rep("  x = 1 + 2\n", 5000) + "}", nestConfig, -1},
		{"5,000 blocks", rep("b {\n  x = [1]\n}\n", 5000), nestConfig, -1},
		{"a template of 5,000 interpolations", "a = \"" + rep("${x}%{if y}z%{endif}", 5000) + "\"", nestConfig, -1},
		{"1,000 binary operators", "a = 1" + rep(" + 1", 1000), nestConfig, 5 + 999*4 + 1},
		{"1,000 operators split over lines inside parentheses", "a = (1" + rep("\n+ 1", 1000) + ")", nestConfig, 6 + 998*4 + 1},
		{"1,000 indexes", "a = x" + rep("[y]", 1000), nestConfig, 5 + 998*3},
		{"1,000 directives in a template", rep("%{for x in y}", 1000), nestTemplate, 999 * 13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nestingOffset([]byte(tt.src), tt.mode, 0); got != tt.want {
				t.Errorf("nestingOffset = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestJSONNestingOffset(t *testing.T) {
	rep := strings.Repeat
	tests := []struct {
		name string
		src  string
		want int
	}{
		{"999 arrays are read", rep("[", 999) + rep("]", 999), -1},
		{"1,001 arrays are not", rep("[", 1001), 1000},
		{"brackets in strings do not count", `["` + rep("[{", 2000) + `"]`, -1},
		{"escaped quotes do not end a string", `["\"` + rep("[", 2000) + `"]`, -1},
		{"interpolations in strings count", `{"a": "${` + rep("(", 2000) + `"}`, 9 + 997},
		{"escaped interpolations count", `{"a": "\u0024{` + rep("(", 2000) + `"}`, 14 + 997},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jsonNestingOffset([]byte(tt.src)); got != tt.want {
				t.Errorf("jsonNestingOffset = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestYAMLFlowNesting checks yamldecode's guard: the YAML parser takes
// time quadratic in the depth of flow collections, so deeper than
// maxNesting is refused, with the offset where the limit is crossed.
func TestYAMLFlowNesting(t *testing.T) {
	rep := strings.Repeat
	var block strings.Builder
	for i := range 2000 {
		block.WriteString(rep(" ", i) + "a:\n")
	}
	tests := []struct {
		name string
		src  string
		want int // offset where the limit is crossed; -1 for none
	}{
		{"1,000 sequences are read", rep("[", 1000) + rep("]", 1000), -1},
		{"1,001 are not", rep("[", 1001) + rep("]", 1001), 1000},
		{"mappings count as sequences do", "a: " + rep("{b: ", 1001), 3 + 1000*4},
		{"brackets in double-quoted scalars do not count", `a: "` + rep("[", 2000) + `\"` + `"`, -1},
		{"brackets in single-quoted scalars do not count", "a: '" + rep("[''", 2000) + "'", -1},
		{"brackets in comments do not count", rep("a: b # [[[[\n", 2000), -1},
		{"a # inside a plain scalar is no comment", "a: b#" + rep("[", 1001), 5 + 1000},
		{"deep block nesting is not limited", block.String(), -1},
		{"5,000 flow sequences side by side", rep("[1, [2]], ", 5000), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := yamlFlowNestingOffset(tt.src); got != tt.want {
				t.Errorf("yamlFlowNestingOffset = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestYAMLDecodeNesting evaluates yamldecode on deep flow nesting: an
// error that says why, at once, where the parser took 22 s for 40,000
// levels; a document within the limit decodes as before.
func TestYAMLDecodeNesting(t *testing.T) {
	deep := strings.Repeat("[", 40000) + strings.Repeat("]", 40000)
	_, err := yamlDecodeFunc.Call([]cty.Value{cty.StringVal(deep)})
	want := "the YAML document nests more than 1000 levels of [ and { (at byte 1000); vpctrace does not read YAML nested this deep"
	if err == nil || err.Error() != want {
		t.Errorf("yamldecode of 40,000 levels: error %v, want %q", err, want)
	}
	got, err := yamlDecodeFunc.Call([]cty.Value{cty.StringVal("a: [1, {b: [c]}]")})
	wantValue := cty.ObjectVal(map[string]cty.Value{"a": cty.TupleVal([]cty.Value{
		cty.NumberIntVal(1), cty.ObjectVal(map[string]cty.Value{"b": cty.TupleVal([]cty.Value{cty.StringVal("c")})}),
	})})
	if err != nil || !got.RawEquals(wantValue) {
		t.Errorf("yamldecode = %#v, %v; want %#v", got, err, wantValue)
	}
}

// TestNestingOfRealFiles checks that no configuration, variable file or
// template in the repository comes near the nesting limit.
func TestNestingOfRealFiles(t *testing.T) {
	var checked []string
	for _, root := range []string{"testdata", filepath.Join("..", "..", "testdata"), filepath.Join("..", "..", "example")} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			name := d.Name()
			json := strings.HasSuffix(name, ".tf.json") || strings.HasSuffix(name, ".tfvars.json")
			mode := nestConfig
			switch {
			case json, strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tfvars"):
			case strings.HasSuffix(name, ".tpl") || strings.HasSuffix(name, ".tftpl"):
				mode = nestTemplate
			default:
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			at := nestingOffset(src, mode, 0)
			if json {
				at = jsonNestingOffset(src)
			}
			if at >= 0 {
				t.Errorf("%s: nesting limit crossed at offset %d", path, at)
			}
			checked = append(checked, path)
			return nil
		})
	}
	if len(checked) < 50 {
		t.Errorf("checked %d files, want at least 50: %v", len(checked), cmp.Diff(nil, checked))
	}
}

// FuzzNestingOffset checks that the nesting scanners never panic and
// report an offset inside their input.
func FuzzNestingOffset(f *testing.F) {
	for _, seed := range []string{
		"a = (1)", "a = <<EOT\n${x}\nEOT\n", "a = \"%{if x}${y}%{endif}\"", "# c\n/* d */",
		`{"a": ["${b}", "\u0024{c}"]}`, "a = <<-X\n  X", `"\`, "<<", "%{", `{"a": "\ud83d\ude00"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, at := range []int{nestingOffset(src, nestConfig, 0), nestingOffset(src, nestTemplate, 0), jsonNestingOffset(src)} {
			if at < -1 || at >= len(src) {
				t.Errorf("offset %d outside [-1, %d)", at, len(src))
			}
		}
	})
}
