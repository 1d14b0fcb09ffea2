package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/catalyseurs/alliance/internal/cli"
	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

// phonePrivate are the tags a phone writes, which no output may keep.
var phonePrivate = testphoto.Private{Make: "FairPhone", Model: "FP5", Artist: "Camille Martin",
	Copyright: "Camille Martin", Owner: "Camille Martin", Serial: "SN-123456789",
	Latitude: 50.62925, Longitude: 3.057256}

// phoneJPEG is a w x h photo stored sideways with EXIF orientation 6, as a
// phone held upright writes it, with GPS and camera tags.
func phoneJPEG(seed uint64, w, h int) []byte {
	return testphoto.JPEG(testphoto.Photo(seed, h, w), 85, testphoto.Exif(6, phonePrivate))
}

// transparentPNG is a w x h PNG with a transparent half.
func transparentPNG(w, h int) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(255)
			if x < w/2 {
				a = 0
			}
			m.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 200, a})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	return b.Bytes()
}

// photoSite writes a site whose news post, a page bundle, has a cover
// image and three photos (beside it, in static/, a PNG with transparency),
// and returns its folder.
func photoSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"site.yaml": []byte("title: Photos\nbaseURL: https://example.org/\n"),
		"content/actualites/balade/index.md": []byte(`---
title: Une balade en photos
date: 2026-06-02
image: couverture.jpg
imageAlt: Le bocage au printemps
---
Le texte d'introduction.

![Le lavoir du village](lavoir.jpg "Le lavoir, restauré en 2025")

Dans le texte, ![le logo](/images/logo.png) en passant.

![Une carte](carte.png)
`),
		"content/actualites/balade/couverture.jpg": phoneJPEG(1, 2000, 1500),
		"content/actualites/balade/lavoir.jpg":     phoneJPEG(2, 1700, 1200),
		"content/actualites/balade/carte.png":      transparentPNG(600, 400),
		"static/images/logo.png":                   transparentPNG(300, 120),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestImagesSmoke(t *testing.T) {
	site := photoSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), []string{"build", "-s", site, "-d", dest}, &out, &errOut)
	t.Logf("code %d\n%s\n%s", code, out.String(), errOut.String())
	html, _ := os.ReadFile(filepath.Join(dest, "actualites/balade/index.html"))
	t.Logf("%s", html)
}
