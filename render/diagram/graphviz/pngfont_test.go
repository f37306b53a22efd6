package graphviz

import (
	"image"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestMarkFace checks the PNG's verdict marks: Go Regular has no glyph
// for them (which is why markFace draws them), and markFace draws each
// as ink over part of its box, at the text's baseline, the two unlike;
// other runes are Go Regular's.
func TestMarkFace(t *testing.T) {
	usePNGFont()
	for _, r := range []rune{'✓', '✗'} {
		if i, err := goRegular.GlyphIndex(new(sfnt.Buffer), r); err != nil || i != 0 {
			t.Errorf("Go Regular has a glyph for %q (index %d): markFace need not draw it", r, i)
		}
	}
	f := pngFace(12).(*markFace)
	dot := fixed.P(100, 50)
	type glyph struct {
		Rect    image.Rectangle
		Advance fixed.Int26_6
		Ink     int // pixels at least half covered
	}
	draw := func(r rune) (glyph, *image.Alpha) {
		dr, mask, _, adv, ok := f.Glyph(dot, r)
		if !ok {
			t.Fatalf("no glyph for %q", r)
		}
		a := mask.(*image.Alpha)
		ink := 0
		for _, v := range a.Pix {
			if v >= 128 {
				ink++
			}
		}
		return glyph{dr, adv, ink}, a
	}
	check, checkMask := draw('✓')
	cross, crossMask := draw('✗')
	// 12 px a em: a box 12 px wide, from the cap line (9 px up) plus a
	// pen to a pen below the baseline.
	want := glyph{Rect: image.Rect(100, 39, 112, 52), Advance: fixed.Int26_6(730)} // 11.4 px: 0.95 em
	for name, g := range map[string]glyph{"✓": check, "✗": cross} {
		area := g.Rect.Dx() * g.Rect.Dy()
		if g.Ink < area/8 || g.Ink > area/2 {
			t.Errorf("%s: %d of %d pixels inked", name, g.Ink, area)
		}
		g.Ink = 0
		if diff := cmp.Diff(want, g); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	if cmp.Equal(checkMask.Pix, crossMask.Pix) {
		t.Error("✓ and ✗ are drawn alike")
	}
	a, ok := f.GlyphAdvance('a')
	b, _ := f.Face.GlyphAdvance('a')
	if !ok || a != b {
		t.Errorf("advance of 'a' = %v, want Go Regular's %v", a, b)
	}
}
