package graphviz

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/fogleman/gg"
	"golang.org/x/image/colornames"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// The PNG is Graphviz's SVG drawn in Go: Graphviz lays the diagram out and
// writes it as SVG inside its WebAssembly, and rasterize paints that SVG
// with github.com/fogleman/gg (paths, strokes, dashes) and the text with
// the faces of pngfont.go. go-graphviz's own PNG renderer called back into
// Go for every polygon, curve and text, and each callback read the
// drawing's state with several WebAssembly calls, each of which wazero
// set up anew: 97% of the 11.7 GB a 50-VPC PNG allocated, and most of its
// time. The PNG is therefore the SVG's picture, in the same order.
//
// Graphviz's SVG uses few elements: <g> (the graph's transform on the
// outer one), <polygon>, <polyline>, <path> (absolute M and C, at times
// L and Z), <ellipse> and <text>, with fill, stroke, stroke-width,
// stroke-dasharray, the opacities, text-anchor and font-size. rasterize
// refuses anything it cannot draw faithfully (another path command, a
// rotation) rather than draw a different picture.

// rasterize draws svg, as Graphviz writes it, as a PNG at pngDPI, scaled
// down to fit the caps (see pngSize); or, when the DOT set its own
// resolution dpi (not 0), at that resolution, and refuses it beyond the
// caps.
func rasterize(svg []byte, dpi float64) ([]byte, error) {
	usePNGFont()
	r := &rasterizer{dpi: dpi, faces: map[float64]font.Face{}}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading Graphviz's SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			err = r.start(t)
		case xml.EndElement:
			err = r.end(t)
		case xml.CharData:
			if r.text != nil {
				r.text.s.Write(t)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("drawing Graphviz's SVG: %w", err)
		}
	}
	if r.dc == nil {
		return nil, errors.New("drawing Graphviz's SVG: no <svg> element")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, r.dc.Image()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// affine maps SVG user units to pixels: x' = k*x + dx, y' = k*y + dy
// (Graphviz scales x and y alike).
type affine struct{ k, dx, dy float64 }

func (m affine) x(x float64) float64 { return m.k*x + m.dx }
func (m affine) y(y float64) float64 { return m.k*y + m.dy }

// rasterizer paints an SVG's elements as the decoder meets them.
type rasterizer struct {
	dpi    float64 // the DOT's own resolution, or 0
	dc     *gg.Context
	frames []affine // the transform of each open <g>, the innermost last
	m      affine   // the current transform
	text   *text    // the <text> being read, if any
	// faces are the text faces by size in pixels, made once a drawing
	// (a face is not safe for concurrent use; a drawing is one goroutine).
	faces map[float64]font.Face
}

// text is a <text> element until its end, when it is drawn.
type text struct {
	x, y, size float64 // baseline point and font size, in pixels
	anchor     float64 // 0 start, 0.5 middle, 1 end
	fill       color.Color
	s          strings.Builder
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (r *rasterizer) start(e xml.StartElement) error {
	if e.Name.Local == "svg" {
		return r.begin(e)
	}
	if r.dc == nil {
		return fmt.Errorf("<%s> outside <svg>", e.Name.Local)
	}
	switch e.Name.Local {
	case "g":
		r.frames = append(r.frames, r.m)
		if t := attr(e, "transform"); t != "" {
			m, err := transform(r.m, t)
			if err != nil {
				return err
			}
			r.m = m
		}
	case "polygon", "polyline":
		pts, err := numbers(attr(e, "points"))
		if err != nil || len(pts)%2 != 0 {
			return fmt.Errorf("<%s> points %q", e.Name.Local, attr(e, "points"))
		}
		for i := 0; i+1 < len(pts); i += 2 {
			if i == 0 {
				r.dc.MoveTo(r.m.x(pts[i]), r.m.y(pts[i+1]))
			} else {
				r.dc.LineTo(r.m.x(pts[i]), r.m.y(pts[i+1]))
			}
		}
		if e.Name.Local == "polygon" {
			r.dc.ClosePath()
		}
		return r.paint(e)
	case "path":
		if err := r.path(attr(e, "d")); err != nil {
			return err
		}
		return r.paint(e)
	case "ellipse":
		v, err := numbers(attr(e, "cx") + " " + attr(e, "cy") + " " + attr(e, "rx") + " " + attr(e, "ry"))
		if err != nil || len(v) != 4 {
			return fmt.Errorf("<ellipse> without cx, cy, rx and ry")
		}
		r.dc.DrawEllipse(r.m.x(v[0]), r.m.y(v[1]), r.m.k*v[2], r.m.k*v[3])
		return r.paint(e)
	case "text":
		return r.beginText(e)
	}
	// <title>, <a>, <defs> and the like draw nothing themselves.
	return nil
}

func (r *rasterizer) end(e xml.EndElement) error {
	switch e.Name.Local {
	case "g":
		r.m = r.frames[len(r.frames)-1]
		r.frames = r.frames[:len(r.frames)-1]
	case "text":
		r.drawText()
	}
	return nil
}

// begin makes the image and maps the SVG's user units onto it. Its size
// is the <svg>'s viewBox, the drawing in points, at pngDPI and within the
// caps. With a resolution of the DOT's own, Graphviz gives the size in
// pixels at that resolution as the <svg>'s width and height (with "pt"),
// leaves the viewBox in points, and scales the drawing by dpi/72 in its
// transform.
func (r *rasterizer) begin(e xml.StartElement) error {
	if r.dc != nil {
		return errors.New("an <svg> inside the <svg>")
	}
	wpt, okw := points(attr(e, "width"))
	hpt, okh := points(attr(e, "height"))
	vb, err := numbers(attr(e, "viewBox"))
	if !okw || !okh || err != nil || len(vb) != 4 || vb[2] <= 0 || vb[3] <= 0 {
		return fmt.Errorf("<svg> width %q, height %q, viewBox %q", attr(e, "width"), attr(e, "height"), attr(e, "viewBox"))
	}
	if r.dpi > 0 {
		w, h := math.Ceil(wpt), math.Ceil(hpt)
		if w > MaxPNGSide || h > MaxPNGSide || w*h > MaxPNGPixels {
			return fmt.Errorf("a PNG of %.0f x %.0f pixels is beyond the cap of %d a side and %d in all; draw it as SVG", w, h, MaxPNGSide, MaxPNGPixels)
		}
		r.m = affine{k: 1, dx: -vb[0], dy: -vb[1]}
		r.dc = gg.NewContext(int(w), int(h))
		return nil
	}
	w, h, k := pngSize(vb[2], vb[3])
	// The drawing covers the whole image: a side rounded up to whole
	// pixels would leave a part-transparent last row or column (the
	// background is a polygon the size of the viewBox), which makes the
	// PNG carry an alpha channel, a third slower to encode and bigger.
	// At most half a pixel of the pad is cut instead; the sixteenth of a
	// pixel to spare keeps the rasterizer's rounding (to 1/64 pixel) from
	// leaving the last row or column a hair short of full cover.
	const spare = 1.0 / 16
	k = max(k, (float64(w)+spare)/vb[2], (float64(h)+spare)/vb[3])
	r.m = affine{k: k, dx: -k * vb[0], dy: -k * vb[1]}
	r.dc = gg.NewContext(w, h)
	return nil
}

// transformOp is one operation of an SVG transform list.
var transformOp = regexp.MustCompile(`([a-z]+)\(([^)]*)\)`)

// transform applies the transform list t (Graphviz writes "scale(s s)
// rotate(0) translate(x y)") inside m: the last operation applies first.
func transform(m affine, t string) (affine, error) {
	for _, op := range transformOp.FindAllStringSubmatch(t, -1) {
		v, err := numbers(op[2])
		if err != nil || len(v) == 0 {
			return m, fmt.Errorf("transform %q", t)
		}
		switch {
		case op[1] == "scale" && (len(v) == 1 || len(v) == 2 && v[0] == v[1]):
			m.k *= v[0]
		case op[1] == "translate" && len(v) == 2:
			m.dx, m.dy = m.x(v[0]), m.y(v[1])
		case op[1] == "rotate" && v[0] == 0:
		default:
			return m, fmt.Errorf("transform %q: only scale, translate and rotate(0) are drawn", t)
		}
	}
	return m, nil
}

// path adds the path data d, which Graphviz writes with absolute M, C and
// (rarely) L commands, to the current path.
func (r *rasterizer) path(d string) error {
	cmd := byte(0)
	var args []float64
	flush := func() error {
		per := map[byte]int{'M': 2, 'L': 2, 'C': 6}[cmd]
		if cmd == 0 && len(args) == 0 {
			return nil
		}
		if per == 0 || len(args) == 0 || len(args)%per != 0 {
			return fmt.Errorf("path %q: only absolute M, L and C commands are drawn", d)
		}
		for i := 0; i < len(args); i += per {
			p := args[i : i+per]
			switch {
			case cmd == 'M' && i == 0:
				r.dc.MoveTo(r.m.x(p[0]), r.m.y(p[1]))
			case cmd == 'C':
				r.dc.CubicTo(r.m.x(p[0]), r.m.y(p[1]), r.m.x(p[2]), r.m.y(p[3]), r.m.x(p[4]), r.m.y(p[5]))
			default: // L, and M's further pairs
				r.dc.LineTo(r.m.x(p[0]), r.m.y(p[1]))
			}
		}
		args = args[:0]
		return nil
	}
	for len(d) > 0 {
		c := d[0]
		switch {
		case c == ' ' || c == ',' || c == '\n' || c == '\t':
			d = d[1:]
		case c == 'Z' || c == 'z':
			if err := flush(); err != nil {
				return err
			}
			r.dc.ClosePath()
			cmd, d = 0, d[1:]
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			if err := flush(); err != nil {
				return err
			}
			cmd, d = c, d[1:]
		default:
			n := strings.IndexAny(d, " ,\n\tMLCZmlcz")
			if n < 0 {
				n = len(d)
			}
			v, err := strconv.ParseFloat(d[:n], 64)
			if err != nil {
				return fmt.Errorf("path %q: %w", d, err)
			}
			args = append(args, v)
			d = d[n:]
		}
	}
	return flush()
}

// paint fills the current path, then strokes it, as the element's fill,
// stroke, stroke-width and stroke-dasharray say, and clears it.
func (r *rasterizer) paint(e xml.StartElement) error {
	defer r.dc.ClearPath()
	fill, err := paintColor(e, "fill", color.Black)
	if err != nil {
		return err
	}
	if fill != nil {
		r.dc.SetColor(fill)
		r.dc.FillPreserve()
	}
	stroke, err := paintColor(e, "stroke", nil)
	if err != nil || stroke == nil {
		return err
	}
	width := 1.0
	if s := attr(e, "stroke-width"); s != "" {
		if width, err = strconv.ParseFloat(s, 64); err != nil {
			return fmt.Errorf("stroke-width %q", s)
		}
	}
	dashes, err := numbers(attr(e, "stroke-dasharray"))
	if err != nil {
		return fmt.Errorf("stroke-dasharray %q", attr(e, "stroke-dasharray"))
	}
	// A line stays at least a pixel wide, and its dashes at least a pixel
	// a point, when the drawing is scaled down: else they grey out.
	for i := range dashes {
		dashes[i] *= max(1, r.m.k)
	}
	r.dc.SetColor(stroke)
	r.dc.SetLineCap(gg.LineCapButt) // SVG's default: round caps close the dashes' gaps
	r.dc.SetLineWidth(max(1, width*r.m.k))
	r.dc.SetDash(dashes...)
	r.dc.StrokePreserve()
	return nil
}

// paintColor is the colour of the element's fill or stroke attribute with
// its opacity, nil for none, or def when the attribute is absent.
func paintColor(e xml.StartElement, name string, def color.Color) (color.Color, error) {
	v := attr(e, name)
	var c color.NRGBA
	switch {
	case v == "":
		return def, nil
	case v == "none" || v == "transparent":
		return nil, nil
	case len(v) == 7 && v[0] == '#':
		n, err := strconv.ParseUint(v[1:], 16, 32)
		if err != nil {
			return nil, fmt.Errorf("%s %q", name, v)
		}
		c = color.NRGBA{R: uint8(n >> 16), G: uint8(n >> 8), B: uint8(n), A: 255}
	default:
		rgba, ok := colornames.Map[strings.ToLower(v)]
		if !ok {
			return nil, fmt.Errorf("%s %q: not a colour", name, v)
		}
		c = color.NRGBA{R: rgba.R, G: rgba.G, B: rgba.B, A: 255}
	}
	if o := attr(e, name+"-opacity"); o != "" {
		a, err := strconv.ParseFloat(o, 64)
		if err != nil {
			return nil, fmt.Errorf("%s-opacity %q", name, o)
		}
		c.A = uint8(math.Round(255 * min(1, max(0, a))))
	}
	return c, nil
}

func (r *rasterizer) beginText(e xml.StartElement) error {
	v, err := numbers(attr(e, "x") + " " + attr(e, "y") + " " + attr(e, "font-size"))
	if err != nil || len(v) != 3 {
		return fmt.Errorf("<text> without x, y and font-size")
	}
	fill, err := paintColor(e, "fill", color.Black)
	if err != nil {
		return err
	}
	t := &text{x: r.m.x(v[0]), y: r.m.y(v[1]), size: r.m.k * v[2], fill: fill}
	switch attr(e, "text-anchor") {
	case "middle":
		t.anchor = 0.5
	case "end":
		t.anchor = 1
	}
	r.text = t
	return nil
}

// drawText draws the <text> just read, in Go Regular (see pngFace), its
// baseline at y and its anchor at x.
func (r *rasterizer) drawText() {
	t := r.text
	r.text = nil
	if t == nil || t.fill == nil || t.s.Len() == 0 {
		return
	}
	face, ok := r.faces[t.size]
	if !ok {
		face = pngFace(t.size)
		r.faces[t.size] = face
	}
	s := t.s.String()
	x := t.x - t.anchor*float64(font.MeasureString(face, s))/64
	d := font.Drawer{
		Dst:  r.dc.Image().(*image.RGBA),
		Src:  image.NewUniform(t.fill),
		Face: face,
		Dot:  fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(t.y * 64))},
	}
	d.DrawString(s)
}

// numbers parses a list of numbers separated by spaces or commas.
func numbers(s string) ([]float64, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' })
	v := make([]float64, len(f))
	for i, x := range f {
		var err error
		if v[i], err = strconv.ParseFloat(x, 64); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// points parses a length in points ("886pt", or a bare number).
func points(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "pt"), 64)
	return v, err == nil && v > 0
}
