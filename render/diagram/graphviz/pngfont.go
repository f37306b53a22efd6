package graphviz

import (
	"fmt"
	"image"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The PNG's text is drawn in Go Regular, embedded, whatever fonts the
// machine has, so that the same diagram is the same PNG on every machine. Go Regular has no glyph for the verdict marks ✓ and ✗,
// which markFace draws as strokes.

var (
	pngFontOnce sync.Once
	goRegular   *opentype.Font
)

// usePNGFont parses Go Regular, once, for pngFace.
func usePNGFont() {
	pngFontOnce.Do(func() {
		f, err := opentype.Parse(goregular.TTF)
		if err != nil {
			panic("diagram: the embedded Go Regular font does not parse: " + err.Error())
		}
		goRegular = f
	})
}

// pngFace is Go Regular, size pixels to the em, with the verdict marks.
// A face is not safe for concurrent use: each drawing makes its own.
func pngFace(size float64) font.Face {
	face, err := opentype.NewFace(goRegular, &opentype.FaceOptions{Size: size, DPI: 72})
	if err != nil {
		panic("diagram: Go Regular at " + fmt.Sprint(size) + " points: " + err.Error())
	}
	return &markFace{Face: face, size: size}
}

// marks are the strokes of each drawn mark, as polylines in a box one em
// wide and one cap height tall (x right, y down from the cap line).
var marks = map[rune][][][2]float64{
	'✓': {{{0.08, 0.55}, {0.36, 0.9}, {0.86, 0.0}}},
	'✗': {{{0.12, 0.05}, {0.78, 0.95}}, {{0.78, 0.05}, {0.12, 0.95}}},
}

// markWidth is a mark's advance, in ems.
const markWidth = 0.95

// markFace is a font face that draws the verdict marks itself and every
// other rune with its Face.
type markFace struct {
	font.Face
	size float64 // pixels per em
}

func (f *markFace) advance() fixed.Int26_6 { return fixed.Int26_6(math.Round(f.size * markWidth * 64)) }

// capHeight is the height of a capital letter, in pixels.
func (f *markFace) capHeight() float64 {
	if b, _, ok := f.Face.GlyphBounds('H'); ok {
		return float64(-b.Min.Y) / 64
	}
	return f.size * 0.7
}

// Glyph draws a mark as strokes in a mask; other runes come from Face.
func (f *markFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	strokes, ok := marks[r]
	if !ok {
		return f.Face.Glyph(dot, r)
	}
	capH := f.capHeight()
	width := f.size * markWidth
	pen := math.Max(1.2, f.size*0.13)
	x0, y0 := dot.X.Round(), dot.Y.Round()
	top := int(math.Ceil(capH + pen))
	w := int(math.Ceil(width))
	bottom := int(math.Ceil(pen))
	dr := image.Rect(x0, y0-top, x0+w, y0+bottom)
	mask := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
	// (u, v) in the mark's box to the mask's pixels: the box's top is
	// the cap line, its bottom the baseline.
	at := func(p [2]float64) (float32, float32) {
		inner := width - 2*pen
		return float32(pen + p[0]*inner), float32(float64(top) - capH + p[1]*capH)
	}
	for _, line := range strokes {
		for i := 0; i+1 < len(line); i++ {
			ax, ay := at(line[i])
			bx, by := at(line[i+1])
			stroke(mask, ax, ay, bx, by, float32(pen))
		}
	}
	return dr, mask, image.Point{}, f.advance(), true
}

// stroke draws the segment from a to b, pen pixels wide, with square ends
// half a pen beyond a and b (so that joined segments leave no notch).
func stroke(dst *image.Alpha, ax, ay, bx, by, pen float32) {
	dx, dy := bx-ax, by-ay
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	ux, uy := dx/l*pen/2, dy/l*pen/2 // along, half a pen
	nx, ny := -uy, ux                // across, half a pen
	ax, ay, bx, by = ax-ux, ay-uy, bx+ux, by+uy
	b := dst.Bounds()
	z := vector.NewRasterizer(b.Dx(), b.Dy())
	z.MoveTo(ax+nx, ay+ny)
	z.LineTo(bx+nx, by+ny)
	z.LineTo(bx-nx, by-ny)
	z.LineTo(ax-nx, ay-ny)
	z.ClosePath()
	z.DrawOp = draw.Over
	z.Draw(dst, b, image.Opaque, image.Point{})
}

// GlyphBounds is the mark's box, or the rune's from Face.
func (f *markFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	if _, ok := marks[r]; !ok {
		return f.Face.GlyphBounds(r)
	}
	capH := fixed.Int26_6(math.Round(f.capHeight() * 64))
	return fixed.Rectangle26_6{Min: fixed.Point26_6{Y: -capH}, Max: fixed.Point26_6{X: f.advance()}}, f.advance(), true
}

// GlyphAdvance is the mark's advance, or the rune's from Face.
func (f *markFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	if _, ok := marks[r]; !ok {
		return f.Face.GlyphAdvance(r)
	}
	return f.advance(), true
}
