package images

import (
	"bytes"
	"image/gif"
	"runtime"
	"testing"

	gwebp "github.com/gen2brain/webp"

	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

// fuzzMaxPixels is the pixel limit of the fuzz target: small, so that any
// input within it decodes quickly.
const fuzzMaxPixels = 1 << 16

// FuzzDecode feeds any bytes to the header path (Load) and, when it
// accepts them, to the decoders. Properties: no panic; whatever Load
// accepts is within the pixel limit; decoding allocates no more than the
// limit allows (a few bytes a pixel, plus the input); and a decoded image
// has, once turned upright, the size Load read from the header.
func FuzzDecode(f *testing.F) {
	small := quadrants(24, 16)
	f.Add(testJPEG(f, small))
	f.Add(testphoto.JPEG(small, 80, testphoto.Exif(6, phone)))
	f.Add(encodePNG(f, small))
	f.Add(transparentPNG(f, 20, 10))
	f.Add(animatedGIF(f, 8, 8, 3))
	var w bytes.Buffer
	if err := gwebp.Encode(&w, small, gwebp.Options{Quality: 50}); err != nil {
		f.Fatal(err)
	}
	f.Add(w.Bytes())
	f.Add(pngBomb(f, 300, 300))
	f.Add([]byte("<svg/>"))
	f.Add(testJPEG(f, small)[:100])

	f.Fuzz(func(t *testing.T, data []byte) {
		format, _ := sniff(data)
		name := "fuzz" + format.Ext()
		src, err := loadSource(name, data, fuzzMaxPixels)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Load error of type %T: %v", err, err)
			}
			return
		}
		if src.Format == SVG {
			return
		}
		px := int64(src.Width) * int64(src.Height) * int64(src.Frames)
		if src.Width <= 0 || src.Height <= 0 || px > fuzzMaxPixels {
			t.Fatalf("Load accepted %d x %d x %d frames", src.Width, src.Height, src.Frames)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var w, h int
		var frames int
		if src.Animated() {
			a, err := decodeAnimation(data)
			if err == nil {
				w, h, frames = a.frames[0].w, a.frames[0].h, len(a.frames)
			}
		} else {
			pic, err := decodeStill(src.Format, data)
			if err == nil {
				pic = pic.oriented(src.Orientation)
				w, h, frames = pic.w, pic.h, 1
			}
			if err == nil && src.Format == GIF {
				if g, err := gif.DecodeAll(bytes.NewReader(data)); err == nil {
					frames = len(g.Image)
				}
			}
		}
		runtime.ReadMemStats(&after)
		// A few bytes a pixel, the input, and 8 MiB whatever the size (x/image/vp8 takes 4).
		if budget := uint64(24*px) + uint64(8*len(data)) + 8<<20; after.TotalAlloc-before.TotalAlloc > budget {
			t.Fatalf("decoding %d x %d x %d allocated %d bytes, over %d", src.Width, src.Height, src.Frames,
				after.TotalAlloc-before.TotalAlloc, budget)
		}
		if frames == 0 {
			return // the decoder refused the pixels: an error, not a wrong image
		}
		if src.Animated() {
			w, h = orientedSize(w, h, src.Orientation)
		}
		if w != src.Width || h != src.Height || frames != src.Frames {
			t.Fatalf("decoded %d x %d, %d frames; the header said %d x %d, %d frames", w, h, frames, src.Width, src.Height, src.Frames)
		}
	})
}

func orientedSize(w, h, o int) (int, int) {
	if o >= 5 {
		return h, w
	}
	return w, h
}
