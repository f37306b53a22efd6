package diagram

import (
	"testing"
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
