package images

import (
	"image"
	"image/color"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

// transparentPNG is a w x h PNG, transparent but for an opaque orange disc
// in the middle and a half-transparent band at the bottom.
func transparentPNG(t testing.TB, w, h int) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x-w/2), float64(y-h/2)
			switch {
			case dx*dx+dy*dy < float64(h*h)/9:
				m.SetNRGBA(x, y, color.NRGBA{240, 120, 20, 255})
			case y > h*7/8:
				m.SetNRGBA(x, y, color.NRGBA{20, 60, 200, 128})
			}
		}
	}
	return encodePNG(t, m)
}

// TestTransparentPNG: a PNG keeps its transparency in PNG and in WebP, as
// ImageMagick (PNG) and dwebp (WebP) read them.
func TestTransparentPNG(t *testing.T) {
	convert := tool(t, "convert", "imagemagick")
	dwebp := tool(t, "dwebp", "webp")
	p := newProcessor(t, Options{})
	src := load(t, p, "logo.png", transparentPNG(t, 1000, 600))
	set, err := p.Responsive(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Fallback) != 2 || set.Fallback[0].Format != PNG || set.Fallback[1].Width != 800 {
		t.Fatalf("fallback %+v, want PNG at 480 and 800", set.Fallback)
	}
	for _, r := range append(set.WebP, set.Fallback...) {
		var m image.Image
		if r.Format == WebP {
			m = dwebpDecode(t, dwebp, r.Path)
		} else {
			m = imConvert(t, convert, r.Path)
		}
		b := m.Bounds()
		alpha := func(fx, fy float64) uint8 {
			_, _, _, a := m.At(int(fx*float64(b.Dx())), int(fy*float64(b.Dy()))).RGBA()
			return uint8(a >> 8)
		}
		if a := alpha(0.05, 0.05); a != 0 {
			t.Errorf("%s: corner alpha %d, want 0", r.Name, a)
		}
		if a := alpha(0.5, 0.5); a != 255 {
			t.Errorf("%s: centre alpha %d, want 255", r.Name, a)
		}
		if a := alpha(0.5, 0.97); a < 110 || a > 145 {
			t.Errorf("%s: band alpha %d, want about 128", r.Name, a)
		}
		c := color.NRGBAModel.Convert(m.At(b.Dx()/2, b.Dy()/2)).(color.NRGBA)
		if absDiff(c.R, 240) > 6 || absDiff(c.G, 120) > 6 || absDiff(c.B, 20) > 8 {
			t.Errorf("%s: centre %v, want about (240, 120, 20)", r.Name, c)
		}
		// Half-transparent pixels keep their colour (not darkened by a
		// missing un-premultiplication).
		c = color.NRGBAModel.Convert(m.At(b.Dx()/2, b.Dy()*97/100)).(color.NRGBA)
		if absDiff(c.R, 20) > 8 || absDiff(c.G, 60) > 8 || absDiff(c.B, 200) > 8 {
			t.Errorf("%s: band %v, want about (20, 60, 200, 128)", r.Name, c)
		}
	}
	jpg := process(t, p, src, Op{Action: Resize, Width: 200, Format: JPEG})[0]
	if got := colourAt(decodeOwn(t, jpg), 0.02, 0.02); got != "white" {
		t.Errorf("JPEG of a transparent PNG: corner %s, want white (drawn over white)", got)
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestAnimatedGIF: an animated GIF stays animated, every frame resized, in
// its colours and order, as ImageMagick reads the frames; it gets no WebP
// variant, and a WebP made of it on request is its first frame.
func TestAnimatedGIF(t *testing.T) {
	identify := tool(t, "identify", "imagemagick")
	convert := tool(t, "convert", "imagemagick")
	p := newProcessor(t, Options{})
	src := load(t, p, "anim.gif", animatedGIF(t, 600, 300, 3))
	if !src.Animated() || src.Frames != 3 {
		t.Fatalf("frames %d", src.Frames)
	}
	set, err := p.Responsive(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	if set.WebP != nil || len(set.Fallback) != 1 || set.Fallback[0].Format != GIF || set.Fallback[0].Width != 480 {
		t.Fatalf("set %+v, want one GIF at 480 and no WebP", set)
	}
	r := set.Fallback[0]
	frames := strings.Fields(run(t, identify, "-format", "%w:%h:%T ", r.Path))
	if len(frames) != 3 {
		t.Fatalf("identify sees %d frames: %v", len(frames), frames)
	}
	for i, f := range frames {
		if f != "480:240:10" {
			t.Errorf("frame %d: %s, want 480:240:10 (size and delay)", i, f)
		}
		m := imConvert(t, convert, r.Path+"["+string(rune('0'+i))+"]", "-coalesce")
		if got, want := colourAt(m, 0.5, 0.5), []string{"red", "green", "blue"}[i]; got != want {
			t.Errorf("frame %d is %s, want %s", i, got, want)
		}
	}
	still := process(t, p, src, Op{Action: Resize, Width: 100, Format: WebP})[0]
	if got := colourAt(decodeOwn(t, still), 0.5, 0.5); got != "red" {
		t.Errorf("WebP of the animation: %s, want the first frame, red", got)
	}
	// Both kinds at once share one decode.
	q := newProcessor(t, Options{})
	process(t, q, load(t, q, "anim.gif", animatedGIF(t, 600, 300, 3)), Op{Action: Resize, Width: 90, Format: WebP}, Op{Action: Resize, Width: 90})
	if s := q.Stats(); s.Decodes != 1 || s.Encodes != 2 {
		t.Errorf("%+v, want 1 decode and 2 encodes", s)
	}
}

// TestWebPSource: WebP made by cwebp (lossy, then lossy with alpha) is
// decoded in VP8's own colour range: the outputs keep the colours dwebp
// sees in the source.
func TestWebPSource(t *testing.T) {
	cwebp := tool(t, "cwebp", "webp")
	dwebp := tool(t, "dwebp", "webp")
	dir := t.TempDir()
	photo := writeFile(t, filepath.Join(dir, "photo.png"), encodePNG(t, testphoto.Photo(8, 900, 600)))
	logo := writeFile(t, filepath.Join(dir, "logo.png"), transparentPNG(t, 900, 600))
	for _, tc := range []struct {
		name     string
		png      string
		fallback Format
	}{{"photo.webp", photo, JPEG}, {"logo.webp", logo, PNG}} {
		webpPath := filepath.Join(dir, tc.name)
		run(t, cwebp, "-quiet", "-q", "90", tc.png, "-o", webpPath)
		ref := dwebpDecode(t, dwebp, webpPath)
		p := newProcessor(t, Options{})
		src := load(t, p, tc.name, readFile(t, webpPath))
		// Same size, no resampling: only the colour path is tested.
		rs := process(t, p, src, Op{Action: Resize, Width: 900, Format: PNG}, Op{Action: Resize, Width: 900, Format: WebP})
		for _, r := range rs {
			var m image.Image = decodeOwn(t, r)
			if r.Format == WebP {
				m = dwebpDecode(t, dwebp, r.Path)
			}
			limit := 1.5
			if r.Format == WebP {
				limit = 4 // encoded again, lossy
			}
			if d := meanAbsDiff(m, ref); d > limit {
				t.Errorf("%s as %s: mean difference %.2f from dwebp's decoding, want under %.1f", tc.name, r.Format, d, limit)
			}
		}
		set, err := p.Responsive(t.Context(), src)
		if err != nil {
			t.Fatal(err)
		}
		if set.Fallback[0].Format != tc.fallback {
			t.Errorf("%s: fallback %s, want %s", tc.name, set.Fallback[0].Format, tc.fallback)
		}
	}
}

// TestResizeQuality holds the resampler to ImageMagick's: the same photo
// resized and cropped by both is nearly the same (SSIM of the luma, and the
// mean colour difference, which a colour or range error would raise).
func TestResizeQuality(t *testing.T) {
	convert := tool(t, "convert", "imagemagick")
	dir := t.TempDir()
	srcPNG := writeFile(t, filepath.Join(dir, "src.png"), encodePNG(t, testphoto.Photo(9, 3000, 2000)))
	p := newProcessor(t, Options{})
	src := load(t, p, "src.png", readFile(t, srcPNG))
	for _, tc := range []struct {
		op Op
		im []string
	}{
		{Op{Action: Resize, Width: 1600}, []string{"-resize", "1600x"}},
		{Op{Action: Resize, Width: 480}, []string{"-resize", "480x"}},
		{Op{Action: Resize, Width: 1100}, []string{"-resize", "1100x"}},
		{Op{Action: Fill, Width: 1200, Height: 630}, []string{"-resize", "1200x630^", "-gravity", "center", "-extent", "1200x630"}},
		{Op{Action: Fit, Width: 500, Height: 500}, []string{"-resize", "500x500"}},
	} {
		r := process(t, p, src, tc.op)[0]
		ours := decodeOwn(t, r)
		ref := imConvert(t, convert, append([]string{srcPNG}, tc.im...)...)
		if ours.Bounds().Size() != ref.Bounds().Size() {
			t.Errorf("%v: %v, ImageMagick %v", tc.op, ours.Bounds().Size(), ref.Bounds().Size())
			continue
		}
		s, d := ssim(ours, ref), meanAbsDiff(ours, ref)
		t.Logf("%v: SSIM %.4f, mean difference %.2f", tc.op, s, d)
		if s < 0.993 || d > 2.5 || math.IsNaN(s) {
			t.Errorf("%v: SSIM %.4f, mean difference %.2f against ImageMagick, want >= 0.993 and <= 2.5", tc.op, s, d)
		}
	}
}
