package images

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	gwebp "github.com/gen2brain/webp"
	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

// The benchmarks work on one camera-size photo (4,000 x 3,000), as the
// benchmark of scripts/bench-images.sh does on 200.

func benchPhoto(b *testing.B) []byte {
	b.Helper()
	return testphoto.JPEG(testphoto.Photo(1, 4000, 3000), 90, nil)
}

// BenchmarkResponsive is a first build's work on one photo: decode, every
// width, WebP and JPEG, written to an empty cache.
func BenchmarkResponsive(b *testing.B) {
	data := benchPhoto(b)
	gwebp.Init() // compile the WebAssembly once, outside the timing
	b.ResetTimer()
	for b.Loop() {
		p := newProcessor(b, Options{CacheDir: b.TempDir()})
		if _, err := p.Responsive(b.Context(), load(b, p, "photo.jpg", data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResponsiveWarm is a second build's: the cache answers.
func BenchmarkResponsiveWarm(b *testing.B) {
	data := benchPhoto(b)
	dir := b.TempDir()
	p := newProcessor(b, Options{CacheDir: dir})
	if _, err := p.Responsive(b.Context(), load(b, p, "photo.jpg", data)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		q := newProcessor(b, Options{CacheDir: dir})
		if _, err := q.Responsive(b.Context(), load(b, q, "photo.jpg", data)); err != nil {
			b.Fatal(err)
		}
		if s := q.Stats(); s.Decodes != 0 {
			b.Fatal("warm cache decoded")
		}
	}
}

func BenchmarkDecodeJPEG(b *testing.B) {
	data := benchPhoto(b)
	for b.Loop() {
		if _, err := decodeStill(JPEG, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResample compares ways of making the 1600-pixel width of a
// decoded photo, reporting the SSIM of each against ImageMagick's resize
// (Lanczos) of the same pixels when convert is installed: ours (box
// pyramid, then Catmull-Rom on the YCbCr planes) and golang.org/x/image/draw
// directly (CatmullRom, ApproxBiLinear) or after a 2x box reduction.
func BenchmarkResample(b *testing.B) {
	data := benchPhoto(b)
	pic, err := decodeStill(JPEG, data)
	if err != nil {
		b.Fatal(err)
	}
	m, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	var ref image.Image
	if convert, err := exec.LookPath("convert"); err == nil {
		dir := b.TempDir()
		in := filepath.Join(dir, "in.png")
		os.WriteFile(in, encodePNG(b, m), 0o644)
		ref = imConvert(b, convert, in, "-resize", "1600x1200")
	}
	dst := image.Rect(0, 0, 1600, 1200)
	half := func(m image.Image) image.Image {
		h := image.NewRGBA(image.Rect(0, 0, 2000, 1500))
		draw.ApproxBiLinear.Scale(h, h.Rect, m, m.Bounds(), draw.Src, nil)
		return h
	}
	halfPic := pic.half()
	for _, tc := range []struct {
		name string
		do   func() image.Image
	}{
		{"ours", func() image.Image {
			py := &pyramid{levels: []*picture{pic}}
			return py.derive(window{0, 0, 4000, 3000}, 1600, 1200, 1).jpegImage()
		}},
		{"x-image-draw-CatmullRom", func() image.Image {
			out := image.NewRGBA(dst)
			draw.CatmullRom.Scale(out, dst, m, m.Bounds(), draw.Src, nil)
			return out
		}},
		{"x-image-draw-ApproxBiLinear", func() image.Image {
			out := image.NewRGBA(dst)
			draw.ApproxBiLinear.Scale(out, dst, m, m.Bounds(), draw.Src, nil)
			return out
		}},
		{"x-image-draw-ApproxBiLinear-half-then-CatmullRom", func() image.Image {
			out := image.NewRGBA(dst)
			h := half(m)
			draw.CatmullRom.Scale(out, dst, h, h.Bounds(), draw.Src, nil)
			return out
		}},
		{"box-half-then-x-image-draw-CatmullRom", func() image.Image {
			out := image.NewRGBA(dst)
			h := halfPic.jpegImage()
			draw.CatmullRom.Scale(out, dst, h, h.Bounds(), draw.Src, nil)
			return out
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var out image.Image
			for b.Loop() {
				out = tc.do()
			}
			if ref != nil {
				b.ReportMetric(ssim(out, ref), "ssim")
			}
		})
	}
}

// BenchmarkWebP encodes the 1600-pixel width at quality 80 with libwebp's
// methods (effort) 2 and 4, reporting size and SSIM against the
// uncompressed pixels.
func BenchmarkWebP(b *testing.B) {
	pic, err := decodeStill(JPEG, benchPhoto(b))
	if err != nil {
		b.Fatal(err)
	}
	out := (&pyramid{levels: []*picture{pic}}).derive(window{0, 0, 4000, 3000}, 1600, 1200, 1)
	in, ref := out.webpImage(), out.jpegImage()
	gwebp.Init()
	for _, method := range []int{2, 4} {
		b.Run(fmt.Sprintf("method%d", method), func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := gwebp.Encode(&buf, in, gwebp.Options{Quality: 80, Method: method}); err != nil {
					b.Fatal(err)
				}
			}
			dec, err := webp.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
			b.ReportMetric(ssim(fromImage(dec, true).jpegImage(), ref), "ssim")
		})
	}
}

// BenchmarkWebPAgainstCwebp measures size at equal visual quality: Debian's
// cwebp (native libwebp) encodes the 1600-pixel width at -q 80 -m 4; our
// encoder, at methods 2 and 4, takes the lowest quality whose SSIM (against
// the uncompressed pixels) is at least cwebp's, and the benchmark reports
// its size relative to cwebp's ("size/cwebp") and that quality. The time is
// one encode at that quality.
func BenchmarkWebPAgainstCwebp(b *testing.B) {
	cwebp, err := exec.LookPath("cwebp")
	if err != nil {
		b.Skip("cwebp not found (apt-get install webp)")
	}
	pic, err := decodeStill(JPEG, benchPhoto(b))
	if err != nil {
		b.Fatal(err)
	}
	out := (&pyramid{levels: []*picture{pic}}).derive(window{0, 0, 4000, 3000}, 1600, 1200, 1)
	in, ref := out.webpImage(), out.jpegImage()
	dir := b.TempDir()
	png := filepath.Join(dir, "in.png")
	os.WriteFile(png, encodePNG(b, ref), 0o644)
	run(b, cwebp, "-quiet", "-q", "80", "-m", "4", png, "-o", filepath.Join(dir, "c.webp"))
	theirs := readFile(b, filepath.Join(dir, "c.webp"))
	dec, err := webp.Decode(bytes.NewReader(theirs))
	if err != nil {
		b.Fatal(err)
	}
	target := ssim(fromImage(dec, true).jpegImage(), ref)
	encode := func(q, method int) ([]byte, float64) {
		var buf bytes.Buffer
		if err := gwebp.Encode(&buf, in, gwebp.Options{Quality: q, Method: method}); err != nil {
			b.Fatal(err)
		}
		dec, err := webp.Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		return buf.Bytes(), ssim(fromImage(dec, true).jpegImage(), ref)
	}
	for _, method := range []int{2, 4} {
		b.Run(fmt.Sprintf("method%d", method), func(b *testing.B) {
			// SSIM grows with quality: search the lowest that reaches cwebp's.
			lo, hi := 40, 100
			for lo < hi {
				mid := (lo + hi) / 2
				if _, s := encode(mid, method); s >= target {
					hi = mid
				} else {
					lo = mid + 1
				}
			}
			q := lo
			data, s := encode(q, method)
			for b.Loop() {
				encode(q, method)
			}
			b.ReportMetric(float64(len(data))/float64(len(theirs)), "size/cwebp")
			b.ReportMetric(float64(q), "quality")
			b.ReportMetric(s, "ssim")
			b.ReportMetric(target, "cwebp-ssim")
		})
	}
}
