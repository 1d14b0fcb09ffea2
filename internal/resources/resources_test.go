package resources

import (
	"errors"
	"path"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance/internal/images"
)

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		from, dest, want string
		err              string // "missing", "ours" or ""
	}{
		{"content/actualites/x.md", "photo.jpg", "content/actualites/photo.jpg", ""},
		{"content/actualites/x/index.md", "photo.jpg", "content/actualites/x/photo.jpg", ""},
		{"content/actualites/x/index.md", "../y/photo.jpg", "content/actualites/y/photo.jpg", ""},
		{"content/actualites/x.md", "/images/logo.png", "static/images/logo.png", ""},
		{"content/actualites/x.md", "mon%20image.jpg", "content/actualites/mon image.jpg", ""},
		{"content/actualites/x.md", "photo.jpg?v=2#haut", "content/actualites/photo.jpg", ""},
		{"content/actualites/x.md", "https://example.org/a.jpg", "", "ours"},
		{"content/actualites/x.md", "//cdn.example/a.jpg", "", "ours"},
		{"content/actualites/x.md", "data:image/png;base64,AAAA", "", "ours"},
		{"content/actualites/x.md", "", "", "ours"},
		{"content/actualites/x.md", "../../site.yaml", "", "missing"},
		{"content/actualites/x.md", "../../../etc/passwd", "", "missing"},
		{"content/actualites/x.md", "/../../etc/passwd", "", "missing"},
	} {
		got, err := Resolve(c.from, c.dest)
		switch c.err {
		case "ours":
			if !errors.Is(err, ErrNotOurs) {
				t.Errorf("Resolve(%q, %q) = %q, %v, want ErrNotOurs", c.from, c.dest, got, err)
			}
		case "missing":
			if images.KindOf(err) != images.Missing {
				t.Errorf("Resolve(%q, %q) = %q, %v, want a Missing error", c.from, c.dest, got, err)
			}
		default:
			if err != nil || got != c.want {
				t.Errorf("Resolve(%q, %q) = %q, %v, want %q", c.from, c.dest, got, err, c.want)
			}
		}
	}
}

// FuzzResolve checks that a destination, whatever it is, names a file of
// content/, static/ or assets/ and never one outside them.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"photo.jpg", "../x.png", "/a/b.gif", "../../../../etc/passwd", "%2e%2e/%2e%2e/x", "a?b#c", "http://x/y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dest string) {
		file, err := Resolve("content/actualites/x/index.md", dest)
		if err != nil {
			return
		}
		top, _, _ := strings.Cut(file, "/")
		if path.Clean(file) != file || strings.HasPrefix(file, "..") || (top != "content" && top != "static" && top != "assets") {
			t.Fatalf("Resolve(%q) = %q: outside the site's folders", dest, file)
		}
	})
}

func TestSVGSize(t *testing.T) {
	for _, c := range []struct {
		svg  string
		w, h int
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="280" viewBox="0 0 200 140">`, 400, 280},
		{`<svg viewBox="0 0 200 140" xmlns="http://www.w3.org/2000/svg">`, 200, 140},
		{`<svg viewBox="0,0,20.5,10">`, 21, 10},
		{`<?xml version="1.0"?><svg width='32px' height='16px'>`, 32, 16},
		{`<svg width="100%" height="100%">`, 0, 0},
		{`<svg>`, 0, 0},
		{`not an svg`, 0, 0},
	} {
		if w, h := svgSize([]byte(c.svg)); w != c.w || h != c.h {
			t.Errorf("svgSize(%q) = %d, %d, want %d, %d", c.svg, w, h, c.w, c.h)
		}
	}
}

// FuzzSVGSize checks that any SVG gives a size of 0 or of positive figures
// within the bound the reader sets, never a panic.
func FuzzSVGSize(f *testing.F) {
	f.Add([]byte(`<svg width="400" height="280">`))
	f.Add([]byte(`<svg viewBox="0 0 1e9 -1">`))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, h := svgSize(data)
		if w < 0 || h < 0 || w > 100000 || h > 100000 || (w == 0) != (h == 0) {
			t.Fatalf("svgSize(%q) = %d, %d", data, w, h)
		}
	})
}
