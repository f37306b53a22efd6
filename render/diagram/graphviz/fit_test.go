package graphviz

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPNGFit checks the size a drawing is scaled to for PNG: within
// MaxPNGSide a side and MaxPNGPixels in all, the aspect kept. A drawing
// is given in points, its bounding box and twice its pad, as Graphviz's
// SVG gives its width and height.
func TestPNGFit(t *testing.T) {
	type fit struct {
		W, H  int     // pixels
		Scale float64 // pixels a point
	}
	native := pngDPI / 72.0
	tests := []struct {
		name   string
		wpt    float64
		hpt    float64
		want   fit
		scaled bool
	}{
		{"seed", 886.27, 529.2, fit{1182, 706, native}, false},
		{"tiny", 0.1, 0.1, fit{1, 1, native}, false},
		{"just the side cap", 12240 + 8, 100 + 8, fit{16331, 145, native}, false},
		{"too wide", 190000 + 28.8, 7000 + 28.8, fit{MaxPNGSide, 606, 0}, true},
		{"too wide, one line", 482869 + 8, 36 + 8, fit{MaxPNGSide, 1, 0}, true},
		{"too tall", 300 + 8, 20000 + 8, fit{252, MaxPNGSide, 0}, true},
		{"too many pixels", 7200, 7200, fit{5792, 5792, 0}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, scale := pngSize(tt.wpt, tt.hpt)
			got := fit{W: w, H: h, Scale: scale}
			if tt.scaled {
				// The scale is what keeps the aspect: both sides, to the pixel.
				if scale >= native || abs(tt.wpt*scale-float64(w)) > 1 || abs(tt.hpt*scale-float64(h)) > 1 {
					t.Errorf("pngSize(%g, %g) = %d x %d px at %g px/pt: not the drawing scaled down", tt.wpt, tt.hpt, w, h, scale)
				}
				got.Scale = 0
			}
			near := cmp.Comparer(func(a, b int) bool { return a-b <= 1 && b-a <= 1 })
			if diff := cmp.Diff(tt.want, got, near); diff != "" {
				t.Errorf("pngSize(%g, %g) (-want +got):\n%s", tt.wpt, tt.hpt, diff)
			}
			if w*h > MaxPNGPixels || w > MaxPNGSide || h > MaxPNGSide {
				t.Errorf("pngSize(%g, %g) = %d x %d px, beyond the caps", tt.wpt, tt.hpt, w, h)
			}
		})
	}
}

func abs(x float64) float64 { return max(x, -x) }
