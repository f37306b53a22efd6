package terraform

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// quoteHCL quotes s as Terraform does in instance keys: an HCL string
// literal, with "${" and "%{" escaped.
func quoteHCL(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case !unicode.IsPrint(r):
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// compareAddresses orders instance addresses by text, except that numeric
// instance keys compare as numbers (aws_subnet.x[2] before
// aws_subnet.x[10]).
func compareAddresses(a, b string) int {
	for a != "" && b != "" {
		na, ra, okA := leadingIndex(a)
		nb, rb, okB := leadingIndex(b)
		if okA && okB {
			if na != nb {
				if na < nb {
					return -1
				}
				return 1
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

// leadingIndex parses "[123]" at the start of s.
func leadingIndex(s string) (int, string, bool) {
	if !strings.HasPrefix(s, "[") {
		return 0, s, false
	}
	end := strings.IndexByte(s, ']')
	if end < 2 {
		return 0, s, false
	}
	n, err := strconv.Atoi(s[1:end])
	if err != nil {
		return 0, s, false
	}
	return n, s[end+1:], true
}
