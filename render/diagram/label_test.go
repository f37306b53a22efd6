package diagram

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// TestQuote checks that a name becomes a DOT string Graphviz shows as
// written: no DOT syntax, no Graphviz escape, no entity, nothing XML
// forbids (issue 11, point 5).
func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"private-a", `"private-a"`},
		{`a"b\c`, `"a\"b\\c"`},
		{`\N\G\l`, `"\\N\\G\\l"`},
		{"a&#1;b", `"a&amp;#1;b"`},
		{"&#x1b;[31m", `"&amp;#x1b;[31m"`},
		{"&lt;svg", `"&amp;lt;svg"`},
		{"&amp;", `"&amp;amp;"`},
		{"two\nlines", `"two\nlines"`},
		{"nul\x00esc\x1bdel\x7fc1\u0085ls\u2028ps\u2029.", `"nulescdelc1lsps."`},
		{"bad\xffutf8", "\"bad\uFFFDutf8\""},
		{"nonchars\uFFFE\uFFFF", "\"nonchars\uFFFD\uFFFD\""},
		{"日本語 ✓ ⇄", `"日本語 ✓ ⇄"`},
	}
	for _, tt := range tests {
		if got := quote(tt.in); got != tt.want {
			t.Errorf("quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestLabelAttrs checks the drawn label: lines capped at maxLine
// characters, elided in the middle, and the whole text kept as the tooltip
// when a line was cut (issue 11, point 6).
func TestLabelAttrs(t *testing.T) {
	long := "subnet-" + strings.Repeat("0123456789", 30) + "-end" // 311 characters
	head, tail := long[:106], long[len(long)-53:]
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"short", []string{"subnet a", "10.0.1.0/24"}, `label="subnet a\n10.0.1.0/24"`},
		{"exactly maxLine", []string{strings.Repeat("x", maxLine)}, `label="` + strings.Repeat("x", maxLine) + `"`},
		{"one over", []string{strings.Repeat("x", maxLine+1)},
			`label="` + strings.Repeat("x", 106) + "…" + strings.Repeat("x", 53) + `", tooltip="` + strings.Repeat("x", maxLine+1) + `"`},
		{"long name", []string{"task ENI", long},
			`label="task ENI\n` + head + "…" + tail + `", tooltip="task ENI\n` + long + `"`},
		{"multibyte", []string{strings.Repeat("日", 200)},
			`label="` + strings.Repeat("日", 106) + "…" + strings.Repeat("日", 53) + `", tooltip="` + strings.Repeat("日", 200) + `"`},
		{"a name's own line breaks and controls", []string{"a\nb\tc\x00d\u2028e"}, `label="a b cd e"`},
		{"escaped in both", []string{`"&` + strings.Repeat("y", maxLine)},
			`label="\"&amp;` + strings.Repeat("y", 104) + "…" + strings.Repeat("y", 53) + `", tooltip="\"&amp;` + strings.Repeat("y", maxLine) + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]string(nil), tt.lines...)
			if diff := cmp.Diff(tt.want, labelAttrs(tt.lines...)); diff != "" {
				t.Errorf("labelAttrs (-want +got):\n%s", diff)
			}
			if !cmp.Equal(in, tt.lines) {
				t.Errorf("labelAttrs changed its argument: %q", tt.lines)
			}
		})
	}
}

func TestElide(t *testing.T) {
	for _, n := range []int{0, 1, maxLine - 1, maxLine, maxLine + 1, 100_000} {
		s := strings.Repeat("é", n)
		got := elide(s, maxLine)
		if c := utf8.RuneCountInString(got); c != min(n, maxLine) || !utf8.ValidString(got) {
			t.Errorf("elide of %d characters: %d characters, valid %v", n, c, utf8.ValidString(got))
		}
		if n > maxLine && !strings.Contains(got, "…") {
			t.Errorf("elide of %d characters has no …", n)
		}
	}
}

// TestEdgeLabel checks an edge's label lines: the kinds three to a line,
// and on the segment into the blocker, the kinds grouped by reason.
func TestEdgeLabel(t *testing.T) {
	for _, tc := range []struct {
		name string
		edge Edge
		want []string
	}{
		{"one kind", Edge{Labels: []string{"logs"}}, []string{"✓ logs"}},
		{"four kinds", Edge{Labels: []string{"ecr-auth", "ecr-image", "ecr-layers", "logs"}},
			[]string{"✓ ecr-auth, ecr-image, ecr-layers,", "logs"}},
		{"final, one reason", Edge{Final: true, Labels: []string{"exec-logs: NO_ROUTE", "exec: NO_ROUTE"}},
			[]string{"✓ exec, exec-logs: NO_ROUTE"}},
		{"final, two reasons", Edge{Final: true, Labels: []string{"ecr-auth: TGW_NO_ROUTE", "logs: NACL_DENIED", "secret: TGW_NO_ROUTE"}},
			[]string{"✓ logs: NACL_DENIED", "✓ ecr-auth, secret: TGW_NO_ROUTE"}},
		{"final, four kinds", Edge{Final: true, Labels: []string{"a: R", "b: R", "c: R", "d: R"}},
			[]string{"✓ a, b, c,", "d: R"}},
	} {
		if diff := cmp.Diff(tc.want, edgeLabel("✓", &tc.edge)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
