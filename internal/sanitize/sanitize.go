// Package sanitize makes strings from the input safe to print on a
// terminal. The text and TUI renderers use it for every name and message
// that comes from the input.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// String makes a string from the input safe to print on a terminal: it
// drops ANSI escape sequences, control characters and bidirectional
// formatting characters, turns tabs and line breaks into spaces, and
// replaces invalid UTF-8 with U+FFFD.
func String(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			i += escapeLen(s[i:])
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case unicode.IsControl(r) || isBidi(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII, the common case.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// isBidi reports whether r is a bidirectional formatting character, which
// can make a terminal show text in an order other than the bytes'.
func isBidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// escapeLen returns the length of the escape sequence at the start of s,
// which begins with ESC: a CSI sequence (ESC [ ... final byte), a string
// sequence (OSC, DCS, ... ended by BEL or ESC \), or ESC and one character.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return csiLen(s)
	case ']', 'P', 'X', '^', '_':
		return stringSeqLen(s)
	}
	_, size := utf8.DecodeRuneInString(s[1:])
	return 1 + size
}

// csiLen returns the length of the CSI sequence at the start of s: parameter
// and intermediate bytes up to a final byte in 0x40-0x7e.
func csiLen(s string) int {
	for i := 2; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
		if s[i] < 0x20 || s[i] > 0x3f {
			return i // malformed: drop the introducer, keep the rest
		}
	}
	return len(s)
}

// stringSeqLen returns the length of a control string at the start of s,
// ended by BEL or ST (ESC \), or running to the end of s.
func stringSeqLen(s string) int {
	for i := 2; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		}
	}
	return len(s)
}
