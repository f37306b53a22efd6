package graphviz

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

// svgDoc is an SVG as Graphviz writes it, 100 x 50 points, around body.
func svgDoc(transform, body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="100pt" height="50pt"
 viewBox="0.00 0.00 100.00 50.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="` + transform + `">
<title>t</title>
` + body + `
</g>
</svg>
`)
}

func decode(t *testing.T, data []byte) *image.NRGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewNRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out
}

// TestRasterize checks where and how the elements Graphviz writes are
// painted: the transform applied, fills and strokes in their colours (a
// named one too), an edge's path stroked and not filled, a dashed line
// with gaps, text in its fill colour, the background over the whole
// image; and that the same SVG is the same bytes.
func TestRasterize(t *testing.T) {
	svg := svgDoc("scale(1 1) rotate(0) translate(0 50)", `
<polygon fill="white" stroke="none" points="0,0 0,-50 100,-50 100,0 0,0"/>
<polygon fill="#0000ff" stroke="#ff0000" stroke-width="3" points="10,-10 10,-40 40,-40 40,-10 10,-10"/>
<path fill="none" stroke="lime" stroke-width="2" d="M50,-45C60,-45 70,-45 90,-45"/>
<path fill="none" stroke="#ff00ff" stroke-width="2" stroke-dasharray="5,2" d="M50,-30C60,-30 70,-30 90,-30"/>
<text text-anchor="middle" x="70" y="-8" font-family="Helvetica,sans-Serif" font-size="14.00" fill="#00ffff">MW ✓</text>
`)
	data, err := rasterize(svg, 0)
	if err != nil {
		t.Fatal(err)
	}
	again, err := rasterize(svg, 0)
	if err != nil || !bytes.Equal(data, again) {
		t.Errorf("the same SVG drew different PNGs (error %v)", err)
	}
	// The background polygon covers the whole image, the last part pixel
	// too: the PNG has no alpha channel (RGB decodes to RGBAModel).
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.ColorModel != color.RGBAModel {
		t.Errorf("PNG colour model %v (error %v), want RGB: an opaque image", cfg.ColorModel, err)
	}
	img := decode(t, data)
	if got, want := img.Bounds().Size(), image.Pt(133, 67); got != want {
		t.Fatalf("size %v, want %v (100 x 50 points at 96 dpi)", got, want)
	}
	pix := func(pt float64) int { return int(pt * 4 / 3) } // points to pixels
	px := func(xpt, ypt float64) color.NRGBA { return img.NRGBAAt(pix(xpt), pix(ypt)) }
	blue, red, lime, white := color.NRGBA{0, 0, 255, 255}, color.NRGBA{255, 0, 0, 255}, color.NRGBA{0, 255, 0, 255}, color.NRGBA{255, 255, 255, 255}
	for _, c := range []struct {
		name string
		x, y float64 // points, y down from the top
		want color.NRGBA
	}{
		{"box fill", 25, 25, blue},
		{"box border", 10, 25, red},
		{"curve", 70, 5, lime},
		{"under the curve", 70, 8, white},
		{"background", 95, 45, white},
	} {
		if got := px(c.x, c.y); got != c.want {
			t.Errorf("%s at (%g, %g) pt: %v, want %v", c.name, c.x, c.y, got, c.want)
		}
	}
	// The dashed line: magenta dashes and white gaps, in turn (and
	// antialiased pixels between them).
	var line strings.Builder
	y := pix(20)
	for x := pix(52); x < pix(88); x++ {
		switch img.NRGBAAt(x, y) {
		case color.NRGBA{255, 0, 255, 255}:
			line.WriteByte('-')
		case white:
			line.WriteByte(' ')
		default:
			line.WriteByte('.')
		}
	}
	if n := strings.Count(strings.ReplaceAll(line.String(), ".", ""), "- "); n < 4 {
		t.Errorf("dashed line along y = 20 pt: %q, %d dashes, want 4 or more", line.String(), n)
	}
	// The text: cyan ink around its anchor.
	ink := 0
	for y := pix(30); y < pix(43); y++ {
		for x := pix(50); x < pix(90); x++ {
			if c := img.NRGBAAt(x, y); c.R < 128 && c.G > 128 && c.B > 128 {
				ink++
			}
		}
	}
	if ink < 20 {
		t.Errorf("text: %d cyan pixels, want its glyphs", ink)
	}
}

// TestRasterizeRefuses checks that what rasterize cannot draw faithfully
// is an error, not a different picture.
func TestRasterizeRefuses(t *testing.T) {
	tests := []struct {
		name string
		svg  []byte
		err  string
	}{
		{"rotated", svgDoc("rotate(90) translate(0 50)", ""), "transform"},
		{"quadratic path", svgDoc("translate(0 50)", `<path fill="none" stroke="black" d="M0,0Q1,1 2,2"/>`), "path"},
		{"relative path", svgDoc("translate(0 50)", `<path fill="none" stroke="black" d="m0,0c1,1 2,2 3,3"/>`), "path"},
		{"unknown colour", svgDoc("translate(0 50)", `<polygon fill="nocolour" points="0,0 1,1 2,0"/>`), "not a colour"},
		{"not SVG", []byte("<html></html>"), "outside <svg>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rasterize(tt.svg, 0)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want one containing %q", err, tt.err)
			}
		})
	}
}
