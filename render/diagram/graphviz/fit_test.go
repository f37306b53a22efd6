package graphviz

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPNGFit checks the size a drawing is scaled to for PNG: within
// MaxPNGSide a side and MaxPNGPixels in all, the aspect kept.
func TestPNGFit(t *testing.T) {
	type fit struct {
		W, H  float64 // pixels at pngDPI
		Scale bool
	}
	px := func(in float64) float64 { return in * pngDPI }
	tests := []struct {
		name    string
		bb, pad string
		want    fit
	}{
		{"seed", "0 0 1147.2 687.6", "0.2", fit{}},
		{"no bb", "", "", fit{}},
		{"just the side cap", "0 0 12240 100", "", fit{}}, // 16331 px wide with the default pad
		{"too wide", "0 0 190000 7000", "0.2", fit{W: MaxPNGSide - 1, H: 605, Scale: true}},
		{"too wide, one line", "0 0 482869 36", "", fit{W: MaxPNGSide - 1, H: pngDPI, Scale: true}}, // at least an inch
		{"too tall", "0 0 300 20000", "", fit{W: 251.2, H: MaxPNGSide - 1, Scale: true}},
		{"too many pixels", "0 0 7200 7200", "0", fit{W: 5791.6, H: 5791.6, Scale: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, scale := pngFit(tt.bb, tt.pad)
			got := fit{W: px(w), H: px(h), Scale: scale}
			round := cmp.Comparer(func(a, b float64) bool { return a-b < 1 && b-a < 1 })
			if diff := cmp.Diff(tt.want, got, round); diff != "" {
				t.Errorf("pngFit(%q, %q) (-want +got):\n%s", tt.bb, tt.pad, diff)
			}
			if got.W*got.H > MaxPNGPixels || got.W > MaxPNGSide || got.H > MaxPNGSide {
				t.Errorf("pngFit(%q, %q) = %.0f x %.0f px, beyond the caps", tt.bb, tt.pad, got.W, got.H)
			}
		})
	}
}
