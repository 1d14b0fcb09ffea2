package images

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"runtime"

	gwebp "github.com/gen2brain/webp"
)

// webpMethod is libwebp's effort (0 fast to 6 slow): 4 is libwebp's and
// cwebp's default, and what Hugo uses.
const webpMethod = 4

// EncoderVersion names the encoders and their settings. It is part of every
// cache key, so changing an encoder, its settings or the pixel core (bump
// the first field) invalidates what was cached with the old ones.
func EncoderVersion() string {
	webpLib := "libwebp-1.4.0-wasm"
	if gwebp.Dynamic() == nil {
		webpLib = "libwebp-shared" // github.com/gen2brain/webp found a system libwebp
	}
	return fmt.Sprintf("alliance-images-1 catmullrom-box-pyramid %s-m%d %s", webpLib, webpMethod, runtime.Version())
}

// encode writes an upright picture in format f.
func encode(p *picture, f Format, quality int, pal color.Palette) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch f {
	case JPEG:
		err = jpeg.Encode(&buf, p.jpegImage(), &jpeg.Options{Quality: quality})
	case PNG:
		enc := png.Encoder{CompressionLevel: png.DefaultCompression}
		err = enc.Encode(&buf, p.nrgba())
	case WebP:
		err = gwebp.Encode(&buf, p.webpImage(), gwebp.Options{Quality: quality, Method: webpMethod})
	case GIF:
		err = gif.Encode(&buf, p.paletted(pal), nil)
	default:
		err = fmt.Errorf("cannot encode %s", f)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeAnimation writes the frames of an animated GIF.
func encodeAnimation(frames []*picture, a *animation) ([]byte, error) {
	g := &gif.GIF{LoopCount: a.loop}
	for i, fr := range frames {
		g.Image = append(g.Image, fr.paletted(a.palettes[i]))
		g.Delay = append(g.Delay, a.delays[i])
		g.Disposal = append(g.Disposal, gif.DisposalBackground)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jpegImage is the picture as JPEG takes it: YCbCr 4:2:0 planes, or RGBA
// drawn over white (JPEG has no transparency).
func (p *picture) jpegImage() image.Image {
	if p.isRGBA {
		m := image.NewRGBA(image.Rect(0, 0, p.w, p.h))
		for i := 0; i < len(m.Pix); i += 4 {
			src := p.rgba.pix[i : i+4 : i+4]
			bg := 255 - src[3]
			m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = src[0]+bg, src[1]+bg, src[2]+bg, 255
		}
		return m
	}
	if p.cb.w == (p.w+1)/2 && p.cb.h == (p.h+1)/2 && p.cb.stride == p.cr.stride {
		// The planes are 4:2:0 already: wrap them, no copy.
		return &image.YCbCr{Y: p.y.pix, Cb: p.cb.pix, Cr: p.cr.pix, YStride: p.y.stride, CStride: p.cb.stride,
			SubsampleRatio: image.YCbCrSubsampleRatio420, Rect: image.Rect(0, 0, p.w, p.h)}
	}
	return p.ycbcr(nil, nil, nil)
}

// ycbcr copies the planes into a 4:2:0 image, through the given tables
// (nil: as they are). A 1 x 1 chroma plane (grey) is spread.
func (p *picture) ycbcr(ty, tc *[256]uint8, a []uint8) *image.YCbCr {
	r := image.Rect(0, 0, p.w, p.h)
	var m *image.YCbCr
	var n *image.NYCbCrA
	if a != nil {
		n = image.NewNYCbCrA(r, image.YCbCrSubsampleRatio420)
		m = &n.YCbCr
	} else {
		m = image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	}
	copyPlane(m.Y, m.YStride, p.y, ty)
	cw, ch := (p.w+1)/2, (p.h+1)/2
	for _, c := range []struct {
		dst []uint8
		src plane
	}{{m.Cb, p.cb}, {m.Cr, p.cr}} {
		if c.src.w == 1 && c.src.h == 1 {
			v := c.src.pix[0]
			if tc != nil {
				v = tc[v]
			}
			for i := range c.dst[:cw*ch] {
				c.dst[i] = v
			}
			continue
		}
		copyPlane(c.dst, m.CStride, c.src, tc)
	}
	if n != nil {
		copy(n.A, a)
	}
	return m
}

func copyPlane(dst []uint8, stride int, p plane, t *[256]uint8) {
	for y := 0; y < p.h; y++ {
		src := p.pix[y*p.stride:][:p.w]
		d := dst[y*stride:][:p.w]
		if t == nil {
			copy(d, src)
			continue
		}
		for i, v := range src {
			d[i] = t[v]
		}
	}
}

// webpImage is the picture as github.com/gen2brain/webp takes it without a
// colour conversion: YCbCr 4:2:0 in VP8's limited range in one buffer
// (image.NYCbCrA, whose all-opaque alpha libwebp drops), or non-premultiplied
// RGBA.
func (p *picture) webpImage() image.Image {
	if p.isRGBA {
		return p.nrgba()
	}
	a := make([]uint8, p.w*p.h)
	for i := range a {
		a[i] = 255
	}
	m := p.ycbcr(&lumaToLimited, &chromaToLimited, a)
	return &image.NYCbCrA{YCbCr: *m, A: a, AStride: p.w}
}

// nrgba is the picture as non-premultiplied RGBA (PNG, WebP with alpha).
func (p *picture) nrgba() *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, p.w, p.h))
	if !p.isRGBA {
		draw.Draw(m, m.Rect, p.ycbcr(nil, nil, nil), image.Point{}, draw.Src)
		return m
	}
	for i := 0; i < len(m.Pix); i += 4 {
		s := p.rgba.pix[i : i+4 : i+4]
		switch a := uint32(s[3]); a {
		case 0:
		case 255:
			copy(m.Pix[i:i+4], s)
		default:
			m.Pix[i] = uint8((uint32(s[0])*255 + a/2) / a)
			m.Pix[i+1] = uint8((uint32(s[1])*255 + a/2) / a)
			m.Pix[i+2] = uint8((uint32(s[2])*255 + a/2) / a)
			m.Pix[i+3] = s[3]
		}
	}
	return m
}

// paletted quantizes the picture to pal (the source GIF's palette; a web
// palette for other sources) with Floyd-Steinberg dithering.
func (p *picture) paletted(pal color.Palette) *image.Paletted {
	if len(pal) == 0 {
		pal = palette.WebSafe
	}
	m := image.NewPaletted(image.Rect(0, 0, p.w, p.h), pal)
	var src image.Image
	if p.isRGBA {
		src = &image.RGBA{Pix: p.rgba.pix, Stride: p.rgba.stride, Rect: m.Rect}
	} else {
		src = p.ycbcr(nil, nil, nil)
	}
	draw.FloydSteinberg.Draw(m, m.Rect, src, image.Point{})
	return m
}
