package build

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

// TestSessionImages checks that serve processes a new or changed image
// only: a rebuild after a text edit decodes nothing, one after a photo
// changed decodes that photo alone, and the page then shows its new
// outputs.
func TestSessionImages(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	photo := func(seed uint64) []byte { return testphoto.JPEG(testphoto.Photo(seed, 900, 600), 85, nil) }
	// Without e-mail editions, whose copies of the images decode them
	// once more: the page's images alone are counted here.
	write("site.yaml", []byte("title: T\nbaseURL: https://example.org/\nemail: { editions: false }\n"))
	write("content/actualites/a/index.md", []byte("---\ntitle: A\ndate: 2026-06-02\nimage: un.jpg\nimageAlt: Un\n---\nTexte.\n\n![Deux](deux.jpg)\n"))
	write("content/actualites/a/un.jpg", photo(1))
	write("content/actualites/a/deux.jpg", photo(2))
	sess := NewSession(os.DirFS(dir), Options{Now: now, Theme: alliance.Theme(), ImageCache: t.TempDir()})
	ctx := context.Background()
	snap, err := sess.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	decodes := snap.Result.Images.Decodes
	if decodes != 2 {
		t.Errorf("first build decoded %d images, want 2", decodes)
	}
	deux := regexp.MustCompile(`/img/deux-[0-9a-f]+-800w\.jpg`)
	before := deux.FindString(string(snap.Files["actualites/a/index.html"]))

	write("content/actualites/a/index.md", []byte("---\ntitle: A\ndate: 2026-06-02\nimage: un.jpg\nimageAlt: Un\n---\nAutre texte.\n\n![Deux](deux.jpg)\n"))
	if snap, err = sess.Build(ctx, []string{"content/actualites/a/index.md"}); err != nil {
		t.Fatal(err)
	}
	if n := snap.Result.Images.Decodes - decodes; n != 0 {
		t.Errorf("a text edit decoded %d images", n)
	}

	write("content/actualites/a/deux.jpg", photo(3))
	if snap, err = sess.Build(ctx, []string{"content/actualites/a/deux.jpg"}); err != nil {
		t.Fatal(err)
	}
	if n := snap.Result.Images.Decodes - decodes; n != 1 {
		t.Errorf("a changed photo: %d images decoded, want 1", n)
	}
	after := deux.FindString(string(snap.Files["actualites/a/index.html"]))
	if before == "" || after == "" || before == after {
		t.Errorf("the page shows %q before and %q after the photo changed", before, after)
	}
	if _, ok := snap.Files[after[1:]]; !ok {
		t.Errorf("%s is not served", after)
	}
}

// TestLayoutImages runs a layout that uses Hugo's image methods: a page's
// .Resources.Get, resources.Get of assets/, .Resize, .Fit, .Fill, .Width,
// .Height, .RelPermalink and .Permalink, each output published.
func TestLayoutImages(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	photo := testphoto.JPEG(testphoto.Photo(1, 1000, 750), 85, testphoto.Exif(1, testphoto.Private{Make: "Phone", Latitude: 1, Longitude: 2}))
	write("site.yaml", []byte("title: T\nbaseURL: https://example.org/sous/\n"))
	write("content/actualites/a/index.md", []byte("---\ntitle: A\ndate: 2026-06-02\n---\nTexte.\n"))
	write("content/actualites/a/photo.jpg", photo)
	write("assets/logo.jpg", photo)
	write("layouts/news/single.html", []byte(`{{ with .Resources.Get "photo.jpg" }}{{ .Width }}x{{ .Height }} `+
		`{{ with .Resize "400x webp" }}resize={{ .RelPermalink }} {{ .Width }}x{{ .Height }} {{ .MediaType }}{{ end }} `+
		`{{ with .Fit "300x300" }}fit={{ .Width }}x{{ .Height }}{{ end }} `+
		`{{ with .Fill "200x200" }}fill={{ .Permalink }} {{ .Width }}x{{ .Height }}{{ end }} `+
		`original={{ .RelPermalink }}{{ end }}`+
		`{{ with .Resources.Get "absente.jpg" }}NOT NIL{{ end }}`+
		` {{ with resources.Get "logo.jpg" }}logo={{ (.Resize "x100").Width }}{{ end }}`+
		`{{ with resources.Get "absent.png" }}NOT NIL{{ end }}`))
	w := NewMemWriter()
	if _, err := Render(context.Background(), os.DirFS(dir), w, Options{Now: now, Theme: alliance.Theme(), ImageCache: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	got := string(w.Files["actualites/a/index.html"])
	want := regexp.MustCompile(`^1000x750 resize=/sous/img/photo-[0-9a-f]+-400w\.webp 400x300 image/webp fit=300x225 ` +
		`fill=https://example\.org/sous/img/photo-[0-9a-f]+-200x200\.jpg 200x200 original=/sous/img/photo-[0-9a-f]+-1000x750\.jpg logo=133$`)
	if !want.MatchString(got) {
		t.Fatalf("the layout wrote %q", got)
	}
	for _, url := range regexp.MustCompile(`/sous/(img/[^ ]+)`).FindAllStringSubmatch(got, -1) {
		data, ok := w.Files[url[1]]
		if !ok {
			t.Errorf("%s is not published", url[1])
		}
		if strings.Contains(string(data), "Phone") {
			t.Errorf("%s keeps the camera's name", url[1])
		}
	}
}
