package images

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"io/fs"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// pngChunk appends one PNG chunk with its CRC.
func pngChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// pngBomb is a valid grey PNG of w x h pixels, 1 bit each, all black: a
// few kilobytes that decode to w*h pixels.
func pngBomb(t testing.TB, w, h int) []byte {
	t.Helper()
	b := []byte("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 1, 0, 0, 0, 0) // bit depth 1, greyscale
	b = pngChunk(b, "IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, 1+(w+7)/8)
	for y := 0; y < h; y++ {
		zw.Write(row)
	}
	zw.Close()
	b = pngChunk(b, "IDAT", z.Bytes())
	return pngChunk(b, "IEND", nil)
}

// animatedGIF is a w x h GIF of frames frames, each a flat colour.
func animatedGIF(t testing.TB, w, h, frames int) []byte {
	t.Helper()
	pal := color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{0, 0, 255, 255}, color.RGBA{}}
	g := &gif.GIF{}
	for i := 0; i < frames; i++ {
		m := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for j := range m.Pix {
			m.Pix[j] = uint8(i % 3)
		}
		g.Image = append(g.Image, m)
		g.Delay = append(g.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLoadErrors(t *testing.T) {
	photo := testJPEG(t, quadrants(64, 48))
	png := encodePNG(t, quadrants(64, 48))
	badIHDR := append([]byte{}, png...)
	badIHDR[16+10] = 7 // IHDR's compression method
	for _, tc := range []struct {
		name string
		data []byte
		kind ErrorKind
		msg  string // part of the message
	}{
		{"photo.jpg", png, ExtensionMismatch, `image "photo.jpg": the name says JPEG but the file is PNG (rename it to .png)`},
		{"logo.png", photo, ExtensionMismatch, "the name says PNG but the file is JPEG"},
		{"anim.webp", animatedGIF(t, 4, 4, 2), ExtensionMismatch, "the file is GIF"},
		{"drawing.jpg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), ExtensionMismatch, "the file is SVG"},
		{"scan.tiff", []byte("II*\x00\x08\x00\x00\x00"), Unsupported, "TIFF is not supported"},
		{"IMG_1.heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), Unsupported, "HEIC is not supported"},
		{"notes.txt", []byte("hello"), Unsupported, "unsupported format"},
		{"photo.bmp", photo, Unsupported, `the extension ".bmp" is not supported`},
		{"empty.jpg", nil, Truncated, "empty file"},
		{"cut.jpg", photo[:20], Truncated, "truncated JPEG"},
		{"cut.png", png[:30], Truncated, "truncated PNG"},
		{"bad.png", badIHDR, Corrupt, "corrupt PNG"},
		{"bomb.png", pngBomb(t, 20000, 20000), TooManyPixels, "20000 x 20000 = 400,000,000 pixels, over the limit of 50,000,000"},
		{"frames.gif", animatedGIF(t, 2000, 2000, 13), TooManyPixels, "13 frames of 2000 x 2000 = 52,000,000 pixels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProcessor(t, Options{})
			_, err := p.Load(tc.name, tc.data)
			if KindOf(err) != tc.kind {
				t.Fatalf("Load: %v (kind %v), want kind %v", err, KindOf(err), tc.kind)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q lacks %q", err, tc.msg)
			}
			if !strings.HasPrefix(err.Error(), `image "`+tc.name+`": `) {
				t.Errorf("message %q does not start with the image's name", err)
			}
		})
	}
}

// TestDecodeErrors: data whose header is whole but whose pixels are not
// loads, and fails when processed, with the same kinds of error.
func TestDecodeErrors(t *testing.T) {
	photo := testJPEG(t, quadrants(640, 480))
	png := encodePNG(t, quadrants(640, 480))
	corrupt := append([]byte{}, png...)
	corrupt[len(corrupt)/2] ^= 0xFF // inside IDAT: the CRC no longer matches
	for _, tc := range []struct {
		name string
		data []byte
		kind ErrorKind
	}{
		{"half.jpg", photo[:len(photo)/2], Truncated},
		{"half.png", png[:len(png)/2], Truncated},
		{"flipped.png", corrupt, Corrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProcessor(t, Options{})
			src := load(t, p, tc.name, tc.data)
			_, err := p.Process(t.Context(), src, Op{Action: Resize, Width: 100})
			if KindOf(err) != tc.kind {
				t.Fatalf("Process: %v (kind %v), want %v", err, KindOf(err), tc.kind)
			}
			if !strings.HasPrefix(err.Error(), `image "`+tc.name+`": `) {
				t.Errorf("message %q does not start with the image's name", err)
			}
		})
	}
}

// TestBombCostsNothing: refusing a 20,000 x 20,000 PNG allocates well under
// 100 MB (it would take 400 MB decoded), measured by the runtime.
func TestBombCostsNothing(t *testing.T) {
	bomb := pngBomb(t, 20000, 20000)
	p := newProcessor(t, Options{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := p.Load("bomb.png", bomb)
	runtime.ReadMemStats(&after)
	if KindOf(err) != TooManyPixels {
		t.Fatalf("Load: %v, want too many pixels", err)
	}
	var e *Error
	errors.As(err, &e)
	if e.Width != 20000 || e.Height != 20000 || e.MaxPixels != DefaultMaxPixels {
		t.Errorf("error figures %d x %d max %d", e.Width, e.Height, e.MaxPixels)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes, want under 1 MiB", alloc)
	}
}

func TestOpenMissing(t *testing.T) {
	p := newProcessor(t, Options{})
	fsys := fstest.MapFS{"here.png": {Data: encodePNG(t, quadrants(8, 8))}}
	if _, err := p.Open(t.Context(), fsys, "here.png"); err != nil {
		t.Fatal(err)
	}
	_, err := p.Open(t.Context(), fsys, "gone.jpg")
	if KindOf(err) != Missing || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open: %v, want Missing wrapping fs.ErrNotExist", err)
	}
	if err.Error() != `image "gone.jpg": file not found` {
		t.Errorf("message %q", err)
	}
}

func TestSVG(t *testing.T) {
	p := newProcessor(t, Options{})
	for _, doc := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>`,
		"\ufeff<?xml version=\"1.0\"?>\n<!-- logo -->\n<!DOCTYPE svg>\n<svg>",
	} {
		src, err := p.Load("logo.svg", []byte(doc))
		if err != nil || src.Format != SVG {
			t.Fatalf("Load(%q): %v, format %v", doc, err, src)
		}
		if _, err := p.Process(t.Context(), src, Op{Action: Resize, Width: 10}); KindOf(err) != Unsupported {
			t.Errorf("Process of an SVG: %v, want unsupported", err)
		}
	}
	if _, err := p.Load("page.svg", []byte("<html><svg></svg></html>")); KindOf(err) != Unsupported {
		t.Errorf("HTML named .svg: %v, want unsupported", err)
	}
}
