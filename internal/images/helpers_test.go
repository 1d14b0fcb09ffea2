package images

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/webp"
)

// tool returns the path of an outside program the test needs. It skips the
// test when the program is missing, or fails it when ALLIANCE_REQUIRE_TOOLS=1
// (as CI sets it).
func tool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required (ALLIANCE_REQUIRE_TOOLS=1) but not found: apt-get install %s", name, debianPackage)
		}
		t.Skipf("%s not found (apt-get install %s): skipping", name, debianPackage)
	}
	return p
}

// run runs a program and returns its standard output, failing on error.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func newProcessor(t testing.TB, opts Options) *Processor {
	t.Helper()
	if opts.CacheDir == "" {
		opts.CacheDir = t.TempDir()
	}
	p, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func load(t testing.TB, p *Processor, name string, data []byte) *Source {
	t.Helper()
	s, err := p.Load(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func process(t testing.TB, p *Processor, src *Source, ops ...Op) []Result {
	t.Helper()
	rs, err := p.Process(context.Background(), src, ops...)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decodeFile decodes an output with the tools' formats: PNG written by an
// outside program, or WebP through dwebp when given.
func decodePNGFile(t testing.TB, name string) image.Image {
	t.Helper()
	m, err := png.Decode(bytes.NewReader(readFile(t, name)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// dwebpDecode decodes a WebP file with libwebp's own dwebp into a PNG.
func dwebpDecode(t testing.TB, dwebp, name string) image.Image {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(name)+".png")
	run(t, dwebp, "-quiet", name, "-o", out)
	return decodePNGFile(t, out)
}

// imConvert converts with ImageMagick and decodes the PNG it writes.
func imConvert(t testing.TB, convert string, args ...string) image.Image {
	t.Helper()
	out := filepath.Join(t.TempDir(), "im.png")
	run(t, convert, append(args, "PNG32:"+out)...)
	return decodePNGFile(t, out)
}

// quadrants is a w x h image whose quadrants are red (top left), green (top
// right), blue (bottom left) and white (bottom right), for orientation tests.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var c color.RGBA
			switch {
			case x < w/2 && y < h/2:
				c = color.RGBA{255, 0, 0, 255}
			case y < h/2:
				c = color.RGBA{0, 255, 0, 255}
			case x < w/2:
				c = color.RGBA{0, 0, 255, 255}
			default:
				c = color.RGBA{255, 255, 255, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// colourAt names the colour of m around a point given in fractions of its
// size: "red", "green", "blue", "white" or "other".
func colourAt(m image.Image, fx, fy float64) string {
	b := m.Bounds()
	r, g, bl, _ := m.At(b.Min.X+int(fx*float64(b.Dx())), b.Min.Y+int(fy*float64(b.Dy()))).RGBA()
	r, g, bl = r>>8, g>>8, bl>>8
	hi := func(v uint32) bool { return v > 200 }
	lo := func(v uint32) bool { return v < 60 }
	switch {
	case hi(r) && lo(g) && lo(bl):
		return "red"
	case lo(r) && hi(g) && lo(bl):
		return "green"
	case lo(r) && lo(g) && hi(bl):
		return "blue"
	case hi(r) && hi(g) && hi(bl):
		return "white"
	}
	return "other"
}

// corners lists the colours at the four corners of m: top left, top
// right, bottom left, bottom right.
func corners(m image.Image) [4]string {
	return [4]string{colourAt(m, 0.1, 0.1), colourAt(m, 0.9, 0.1), colourAt(m, 0.1, 0.9), colourAt(m, 0.9, 0.9)}
}

// decodeOwn decodes an output with the standard library (and
// golang.org/x/image/webp for WebP).
func decodeOwn(t testing.TB, r Result) image.Image {
	t.Helper()
	data := readFile(t, r.Path)
	var m image.Image
	var err error
	if r.Format == WebP {
		m, err = webp.Decode(bytes.NewReader(data))
	} else {
		m, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		t.Fatalf("%s: %v", r.Name, err)
	}
	return m
}

// testJPEG encodes m as a JPEG of quality 95 without metadata.
func testJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
