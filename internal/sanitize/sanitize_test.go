package sanitize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestString: what a terminal must never receive from the input (issue 11,
// point 10: the sanitizer had no tests). Names and messages come from
// files people we do not trust write; a name must not move the cursor,
// retitle the window, hide text or reorder it.
func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII is kept", `aws_security_group.app["a b"]`, `aws_security_group.app["a b"]`},
		{"printable Unicode is kept", "サブネット private-a ✓", "サブネット private-a ✓"},
		{"tabs and line breaks become spaces", "a\tb\nc\r\nd", "a b c  d"},
		{"a colour sequence is dropped", "\x1b[31mred\x1b[0m", "red"},
		{"a cursor move is dropped", "ok\x1b[2J\x1b[Hwiped", "okwiped"},
		{"a window title (OSC ended by BEL) is dropped", "x\x1b]0;owned\x07y", "xy"},
		{"an OSC 8 hyperlink ended by ST is dropped, its text kept", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"a DCS string is dropped", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"an unterminated string sequence runs to the end", "a\x1b]0;never ends", "a"},
		{"an unterminated CSI runs to the end", "a\x1b[12;", "a"},
		{"a malformed CSI drops only its introducer", "a\x1b[1\x01b", "ab"},
		{"ESC and one character", "a\x1bcb", "ab"},
		{"ESC at the end", "a\x1b", "a"},
		{"C0 controls are dropped", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"C1 controls are dropped (U+009B is an 8-bit CSI)", "a\u009b31mb\u0085c", "a31mbc"},
		{"bidirectional overrides are dropped", "user\u202eexe.txt\u202c", "userexe.txt"},
		{"bidirectional isolates and marks are dropped", "\u2066a\u2069\u200e\u200f\u061cb", "ab"},
		{"invalid UTF-8 becomes U+FFFD", "a\xffb\xc3", "a\ufffdb\ufffd"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := String(tc.in); got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzString checks what String promises for any input: valid UTF-8 with
// no escape, control or bidirectional formatting character, plain ASCII
// unchanged, and a second pass changes nothing.
func FuzzString(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred\x1b[0m", "\x1b]0;t\x07", "a\u202eb", "\xff\xfe", "a\tb\nc", "\x1b", "\u009b1m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := String(in)
		if !utf8.ValidString(out) {
			t.Fatalf("String(%q) = %q: not valid UTF-8", in, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) || isBidi(r) {
				t.Fatalf("String(%q) = %q: keeps %U", in, out, r)
			}
		}
		if isPlain(in) && out != in {
			t.Fatalf("String(%q) = %q: changed plain ASCII", in, out)
		}
		if again := String(out); again != out {
			t.Fatalf("String is not idempotent: %q -> %q -> %q", in, out, again)
		}
		if strings.ContainsRune(out, 0x1b) {
			t.Fatalf("String(%q) = %q: keeps ESC", in, out)
		}
	})
}
