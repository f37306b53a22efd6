package cells

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWidth checks that a string takes as many cells as a terminal gives
// it: two for an East Asian wide character or an emoji, one glyph for a
// sequence a terminal draws as one, none for escape sequences.
func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    string
		want int
	}{
		{"ASCII", "subnet-a", 8},
		{"empty", "", 0},
		{"CJK: two cells a character", "日本語", 6},
		{"Hangul", "서비스", 6},
		{"fullwidth Latin", "ＡＢ", 4},
		{"halfwidth katakana: one cell", "ｱｲ", 2},
		{"emoji", "🚀", 2},
		{"emoji joined with ZWJ: one glyph", "👩‍💻", 2},
		{"flag: one glyph", "🇯🇵", 2},
		{"emoji with skin tone: one glyph", "👍🏽", 2},
		{"combining accent: no cell", "e\u0301", 1},
		{"marks the renderers print", "✓ ✗ ? · … ▸", 11},
		{"mixed", "app-日本🚀", 10},
		{"SGR escapes take no cell", "\x1b[1mbold\x1b[0m", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Width(tc.s); got != tc.want {
				t.Errorf("Width(%q) = %d, want %d", tc.s, got, tc.want)
			}
		})
	}
}

// TestHeadTail checks that a cut never splits a character and never
// exceeds its cells, leaving out a wide character that would straddle the
// edge.
func TestHeadTail(t *testing.T) {
	for _, tc := range []struct {
		name       string
		s          string
		n          int
		head, tail string
	}{
		{"ASCII", "abcdef", 3, "abc", "def"},
		{"fits", "abc", 5, "abc", "abc"},
		{"zero", "abc", 0, "", ""},
		{"CJK on the edge", "日本語", 3, "日", "語"},
		{"CJK fits exactly", "日本語", 4, "日本", "本語"},
		{"emoji on the edge", "a🚀b", 2, "a", "b"},
		{"ZWJ sequence kept whole", "👩‍💻x", 2, "👩‍💻", "x"},
		{"mixed", "ab日本cd", 5, "ab日", "本cd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := [2]string{Head(tc.s, tc.n), Tail(tc.s, tc.n)}
			if diff := cmp.Diff([2]string{tc.head, tc.tail}, got); diff != "" {
				t.Errorf("Head, Tail(%q, %d) (-want +got):\n%s", tc.s, tc.n, diff)
			}
		})
	}
}

// TestWrap checks the one word wrapper of the text output and the TUI:
// lines of at most width cells, measured in cells, broken at spaces; a
// longer word kept whole (KeepWords), broken at a cell (BreakWords), or
// after a separator where one fits (BreakAtSeparators).
func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     string
		width int
		long  Long
		want  []string
	}{
		{"fills lines", "one two three four five", 9, KeepWords, []string{"one two", "three", "four five"}},
		{"blank: one empty line", " \t\n", 9, KeepWords, []string{""}},
		{"empty: one empty line", "", 9, BreakWords, []string{""}},
		{"spaces, tabs and newlines are one space", "a \t b\n\nc", 20, KeepWords, []string{"a b c"}},
		{"exact fit", "abcd efgh", 9, KeepWords, []string{"abcd efgh"}},
		{"CJK words count two cells a character", "日本語 の 説明 です", 9, KeepWords,
			[]string{"日本語 の", "説明 です"}},
		{"CJK would fit if counted as runes", "日本語 日本語", 8, KeepWords, []string{"日本語", "日本語"}},
		{"emoji count two cells", "🚀🚀 ok 🚀 go", 7, KeepWords, []string{"🚀🚀 ok", "🚀 go"}},
		{"ZWJ emoji is one glyph of two cells", "👩‍💻 dev 👩‍💻", 6, KeepWords, []string{"👩‍💻 dev", "👩‍💻"}},
		{"long word kept whole on its own line", "to arn:aws:iam::123456789012:role/x now", 12, KeepWords,
			[]string{"to", "arn:aws:iam::123456789012:role/x", "now"}},
		// A long word's first part stays on the line it starts on; a
		// strong separator (the dot) wins over a hyphen when it fills
		// half the line, so a region stays whole.
		{"long host broken after dots", "at api.ecr.ap-northeast-1.amazonaws.com", 16, BreakAtSeparators,
			[]string{"at api.ecr.", "ap-northeast-1.", "amazonaws.com"}},
		{"ARN broken after colons and slashes", "arn:aws:secretsmanager:eu-west-1:1:secret:db", 20, BreakAtSeparators,
			[]string{"arn:aws:", "secretsmanager:", "eu-west-1:1:secret:", "db"}},
		{"a hyphen when no strong separator fills half the line", "x ab.cdefghij-klmnop", 12, BreakAtSeparators,
			[]string{"x ab.", "cdefghij-", "klmnop"}},
		{"position broken after its path", "main.tf:120:3 modules/service/main.tf:82:1", 15, BreakAtSeparators,
			[]string{"main.tf:120:3", "modules/", "service/main.", "tf:82:1"}},
		{"last piece shares its line", "aaaa.bbbb.cc dd", 7, BreakAtSeparators, []string{"aaaa.", "bbbb.cc", "dd"}},
		{"no separator: broken at a cell", "abcdefghij", 4, BreakAtSeparators, []string{"abcd", "efgh", "ij"}},
		{"long host broken at cells", "at api.ecr.ap-northeast-1.amazonaws.com", 16, BreakWords,
			[]string{"at", "api.ecr.ap-north", "east-1.amazonaws", ".com"}},
		{"last piece shares its line, at cells", "abcdefghi j", 4, BreakWords, []string{"abcd", "efgh", "i j"}},
		{"leading separator is no break", "/abcdefgh", 4, BreakAtSeparators, []string{"/abc", "defg", "h"}},
		{"CJK broken between characters", "日本語日本語", 5, BreakWords, []string{"日本", "語日", "本語"}},
		{"emoji never split", "🚀🚀🚀", 3, BreakWords, []string{"🚀", "🚀", "🚀"}},
		{"wide character wider than the line goes alone", "日本", 1, BreakWords, []string{"日", "本"}},
		{"escapes take no cells", "\x1b[1mWhy\x1b[0m it fails", 10, KeepWords,
			[]string{"\x1b[1mWhy\x1b[0m it", "fails"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.s, tc.width, tc.long)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Wrap(%q, %d) (-want +got):\n%s", tc.s, tc.width, diff)
			}
			if tc.long == KeepWords {
				return
			}
			for _, l := range got {
				if Width(l) > max(tc.width, 2) {
					t.Errorf("line %q is %d cells, wider than %d", l, Width(l), tc.width)
				}
			}
		})
	}
}

// TestWrapHanging checks a first line of another width than the others.
func TestWrapHanging(t *testing.T) {
	for _, tc := range []struct {
		name        string
		s           string
		first, rest int
		long        Long
		want        []string
	}{
		{"wider first line", "aa bb cc dd ee", 8, 5, KeepWords, []string{"aa bb cc", "dd ee"}},
		{"narrower first line", "aa bb cc dd ee", 2, 8, KeepWords, []string{"aa", "bb cc dd", "ee"}},
		{"CJK in a wider first line", "日本 語の 説明", 10, 4, KeepWords, []string{"日本 語の", "説明"}},
		{"a word broken over both widths", "abcdefgh", 3, 5, BreakWords, []string{"abc", "defgh"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := WrapHanging(tc.s, tc.first, tc.rest, tc.long)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("WrapHanging(%q, %d, %d) (-want +got):\n%s", tc.s, tc.first, tc.rest, diff)
			}
		})
	}
}
