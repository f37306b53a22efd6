package textpos

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPos(t *testing.T) {
	type pos struct{ Line, Column int }
	text := []byte("ab\n\ncé→d\nlast")
	tests := []struct {
		name string
		offs []int // asked in this order, on one Index
		want []pos
	}{
		{"the first byte", []int{0}, []pos{{1, 1}}},
		{"a newline ends its own line", []int{2, 3}, []pos{{1, 3}, {2, 1}}},
		{"columns count characters, not bytes", []int{4, 5, 7, 10}, []pos{{3, 1}, {3, 2}, {3, 3}, {3, 4}}},
		{"increasing offsets on one line, then back", []int{10, 7, 4}, []pos{{3, 4}, {3, 3}, {3, 1}}},
		{"out of range is clamped", []int{-5, 100}, []pos{{1, 1}, {4, 5}}},
	}
	for _, tt := range tests {
		x := New(text)
		var got []pos
		for _, off := range tt.offs {
			l, c := x.Pos(off)
			got = append(got, pos{l, c})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}
