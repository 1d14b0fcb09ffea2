package images

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// picture is a decoded still image in stored (not yet oriented) order:
// either full-range YCbCr planes as JPEG keeps them (the chroma planes may
// be subsampled, or 1 x 1 for a grey image), or premultiplied RGBA.
type picture struct {
	w, h      int
	y, cb, cr plane // when !rgba
	rgba      plane // 4 channels, when rgba
	isRGBA    bool
	pal       color.Palette // a GIF's palette, for GIF outputs
}

// half is the picture reduced 2x, for the next level of the pyramid.
func (p *picture) half() *picture {
	q := &picture{w: (p.w + 1) / 2, h: (p.h + 1) / 2, isRGBA: p.isRGBA}
	if p.isRGBA {
		q.rgba = p.rgba.half()
		return q
	}
	q.y = p.y.half()
	q.cb, q.cr = halfChroma(p.cb), halfChroma(p.cr)
	return q
}

func halfChroma(c plane) plane {
	if c.w == 1 && c.h == 1 {
		return c
	}
	return c.half()
}

// resample scales the window win (in luma pixels) of p to dw x dh.
func (p *picture) resample(win window, dw, dh int) *picture {
	q := &picture{w: dw, h: dh, isRGBA: p.isRGBA}
	if p.isRGBA {
		q.rgba = resample(p.rgba, win, dw, dh)
		premultipliedClamp(q.rgba.pix)
		return q
	}
	q.y = resample(p.y, win, dw, dh)
	cw, ch := (dw+1)/2, (dh+1)/2
	q.cb = resampleChroma(p.cb, p, win, cw, ch)
	q.cr = resampleChroma(p.cr, p, win, cw, ch)
	return q
}

// premultipliedClamp keeps every colour sample at most its alpha, which the
// filter's negative lobes can break near transparent edges.
func premultipliedClamp(pix []uint8) {
	for i := 0; i+3 < len(pix); i += 4 {
		a := pix[i+3]
		pix[i] = min(pix[i], a)
		pix[i+1] = min(pix[i+1], a)
		pix[i+2] = min(pix[i+2], a)
	}
}

func resampleChroma(c plane, p *picture, win window, cw, ch int) plane {
	if c.w == 1 && c.h == 1 {
		return c
	}
	sx, sy := float64(c.w)/float64(p.w), float64(c.h)/float64(p.h)
	return resample(c, window{win.x * sx, win.y * sy, win.w * sx, win.h * sy}, cw, ch)
}

// oriented turns the picture upright.
func (p *picture) oriented(o int) *picture {
	if o <= 1 {
		return p
	}
	q := &picture{w: p.w, h: p.h, isRGBA: p.isRGBA}
	if o >= 5 {
		q.w, q.h = p.h, p.w
	}
	if p.isRGBA {
		q.rgba = orient(p.rgba, o)
		return q
	}
	q.y = orient(p.y, o)
	q.cb, q.cr = orient(p.cb, o), orient(p.cr, o)
	return q
}

// pyramid holds a source picture and its 2x reductions, made on demand.
// Every output is resampled from the smallest level at least as large as
// it, so it depends on the source and its operation only, not on which
// other outputs were made with it.
type pyramid struct {
	levels []*picture
}

// level returns the smallest level whose window still has at least dw x dh
// pixels, and the window scaled to it.
func (py *pyramid) level(win window, dw, dh int) (*picture, window) {
	l, f := 0, 1.0
	for win.w/(2*f) >= float64(dw) && win.h/(2*f) >= float64(dh) && py.levels[l].w > 1 && py.levels[l].h > 1 {
		l++
		f *= 2
		if l == len(py.levels) {
			py.levels = append(py.levels, py.levels[l-1].half())
		}
	}
	return py.levels[l], window{win.x / f, win.y / f, win.w / f, win.h / f}
}

// derive makes one output of the source: the stored window win resampled
// to dw x dh (stored order), then turned upright.
func (py *pyramid) derive(win window, dw, dh, o int) *picture {
	src, lw := py.level(win, dw, dh)
	return src.resample(lw, dw, dh).oriented(o)
}

// decodeStill decodes a still image (or the first frame of a GIF) into a
// picture.
func decodeStill(f Format, data []byte) (*picture, error) {
	var m image.Image
	var err error
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		m, err = jpeg.Decode(r)
	case PNG:
		m, err = png.Decode(r)
	case GIF:
		// The first frame on the canvas (the logical screen), which may be
		// larger than the frame.
		a, err := decodeAnimation(data)
		if err != nil {
			return nil, err
		}
		pic := a.frames[0]
		pic.pal = a.palettes[0]
		return pic, nil
	case WebP:
		m, err = webp.Decode(r)
	default:
		return nil, errors.New("not a raster format")
	}
	if err != nil {
		return nil, err
	}
	return fromImage(m, f == WebP), nil
}

// fromImage takes the planes of a YCbCr image as they are (converting
// WebP's limited range to JPEG's full range) and draws anything else into
// premultiplied RGBA.
func fromImage(m image.Image, limited bool) *picture {
	b := m.Bounds()
	switch m := m.(type) {
	case *image.YCbCr:
		return fromYCbCr(m, limited)
	case *image.NYCbCrA:
		if opaque(m.A, m.AStride, b.Dx(), b.Dy()) {
			return fromYCbCr(&m.YCbCr, limited)
		}
		if limited {
			full := *m
			full.YCbCr = *toFullRange(&m.YCbCr)
			m = &full
		}
		return fromRGBA(m)
	case *image.Gray:
		return &picture{w: b.Dx(), h: b.Dy(),
			y:  plane{pix: m.Pix, w: b.Dx(), h: b.Dy(), stride: m.Stride, n: 1},
			cb: plane{pix: []uint8{128}, w: 1, h: 1, stride: 1, n: 1},
			cr: plane{pix: []uint8{128}, w: 1, h: 1, stride: 1, n: 1}}
	}
	return fromRGBA(m)
}

func fromRGBA(m image.Image) *picture {
	b := m.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, m, b.Min, draw.Src)
	return &picture{w: b.Dx(), h: b.Dy(), isRGBA: true,
		rgba: plane{pix: dst.Pix, w: b.Dx(), h: b.Dy(), stride: dst.Stride, n: 4}}
}

func fromYCbCr(m *image.YCbCr, limited bool) *picture {
	if limited {
		m = toFullRange(m)
	}
	b := m.Rect
	w, h := b.Dx(), b.Dy()
	cw, ch := w, h
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		cw = (b.Max.X+1)/2 - b.Min.X/2
	case image.YCbCrSubsampleRatio420:
		cw, ch = (b.Max.X+1)/2-b.Min.X/2, (b.Max.Y+1)/2-b.Min.Y/2
	case image.YCbCrSubsampleRatio440:
		ch = (b.Max.Y+1)/2 - b.Min.Y/2
	case image.YCbCrSubsampleRatio411:
		cw = (b.Max.X+3)/4 - b.Min.X/4
	case image.YCbCrSubsampleRatio410:
		cw, ch = (b.Max.X+3)/4-b.Min.X/4, (b.Max.Y+1)/2-b.Min.Y/2
	}
	yo, co := m.YOffset(b.Min.X, b.Min.Y), m.COffset(b.Min.X, b.Min.Y)
	return &picture{w: w, h: h,
		y:  plane{pix: m.Y[yo:], w: w, h: h, stride: m.YStride, n: 1},
		cb: plane{pix: m.Cb[co:], w: cw, h: ch, stride: m.CStride, n: 1},
		cr: plane{pix: m.Cr[co:], w: cw, h: ch, stride: m.CStride, n: 1}}
}

func opaque(a []uint8, stride, w, h int) bool {
	for y := 0; y < h; y++ {
		for _, v := range a[y*stride : y*stride+w] {
			if v != 255 {
				return false
			}
		}
	}
	return true
}

// The two YCbCr ranges of BT.601: JPEG (JFIF) uses the full 0-255 range,
// VP8 (lossy WebP) the video range, Y in 16-235 and Cb, Cr in 16-240.
// The matrix is the same, so converting is a table per sample.
var (
	lumaToLimited   = rangeTable(func(v float64) float64 { return 16 + v*219/255 })
	chromaToLimited = rangeTable(func(v float64) float64 { return 128 + (v-128)*224/255 })
	lumaToFull      = rangeTable(func(v float64) float64 { return (v - 16) * 255 / 219 })
	chromaToFull    = rangeTable(func(v float64) float64 { return 128 + (v-128)*255/224 })
)

func rangeTable(f func(float64) float64) [256]uint8 {
	var t [256]uint8
	for i := range t {
		v := f(float64(i)) + 0.5
		t[i] = uint8(min(max(v, 0), 255))
	}
	return t
}

func mapPlane(p plane, t *[256]uint8) plane {
	q := newPlane(p.w, p.h, p.n)
	for y := 0; y < p.h; y++ {
		src := p.pix[y*p.stride:][:p.w*p.n]
		dst := q.pix[y*q.stride:][:p.w*p.n]
		for i, v := range src {
			dst[i] = t[v]
		}
	}
	return q
}

// toFullRange converts a decoded VP8 image to JPEG's range.
func toFullRange(m *image.YCbCr) *image.YCbCr {
	out := *m
	out.Y = make([]uint8, len(m.Y))
	out.Cb = make([]uint8, len(m.Cb))
	out.Cr = make([]uint8, len(m.Cr))
	for i, v := range m.Y {
		out.Y[i] = lumaToFull[v]
	}
	for i, v := range m.Cb {
		out.Cb[i] = chromaToFull[v]
	}
	for i, v := range m.Cr {
		out.Cr[i] = chromaToFull[v]
	}
	return &out
}

// A decoded animated GIF: every frame drawn onto the canvas as a viewer
// shows it, in premultiplied RGBA.
type animation struct {
	frames   []*picture
	delays   []int
	loop     int
	palettes []color.Palette
}

// decodeAnimation decodes every frame of a GIF and composes each with the
// frames before it, following their disposal methods.
func decodeAnimation(data []byte) (*animation, error) {
	g, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	w, h := g.Config.Width, g.Config.Height
	canvas := image.NewRGBA(image.Rect(0, 0, w, h))
	a := &animation{delays: g.Delay, loop: g.LoopCount}
	for i, fr := range g.Image {
		var saved *image.RGBA
		disposal := byte(0)
		if i < len(g.Disposal) {
			disposal = g.Disposal[i]
		}
		if disposal == gif.DisposalPrevious {
			saved = image.NewRGBA(canvas.Rect)
			copy(saved.Pix, canvas.Pix)
		}
		draw.Draw(canvas, fr.Rect, fr, fr.Rect.Min, draw.Over)
		snap := make([]uint8, len(canvas.Pix))
		copy(snap, canvas.Pix)
		a.frames = append(a.frames, &picture{w: w, h: h, isRGBA: true,
			rgba: plane{pix: snap, w: w, h: h, stride: canvas.Stride, n: 4}})
		a.palettes = append(a.palettes, fr.Palette)
		switch disposal {
		case gif.DisposalBackground:
			draw.Draw(canvas, fr.Rect, image.Transparent, image.Point{}, draw.Src)
		case gif.DisposalPrevious:
			copy(canvas.Pix, saved.Pix)
		}
	}
	return a, nil
}
