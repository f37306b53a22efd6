package diagram

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzQuote checks the DOT string quoting of every label (issue 11, point
// 10): a valid UTF-8 DOT string that ends where it should (no unescaped
// quote inside), with no character XML forbids and no bare & that
// Graphviz could read as an entity.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{"plain", `a"b\c`, "&#1;", "&lt;svg", "a\nb", "\x00\x1b[31m", "\xff", "\uFFFE", `\N`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := quote(s)
		if !utf8.ValidString(q) || len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
			t.Fatalf("quote(%q) = %q: not a DOT string", s, q)
		}
		inner := q[1 : len(q)-1]
		for i := 0; i < len(inner); i++ {
			switch inner[i] {
			case '\\':
				i++ // an escape: \" \\ \n
			case '"':
				t.Fatalf("quote(%q) = %q: unescaped quote at %d", s, q, i)
			case '&':
				if !strings.HasPrefix(inner[i:], "&amp;") {
					t.Fatalf("quote(%q) = %q: bare & at %d", s, q, i)
				}
			}
		}
		for _, r := range inner {
			if unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' {
				t.Fatalf("quote(%q) = %q: keeps %U", s, q, r)
			}
		}
	})
}
