package build

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/catalyseurs/alliance"
)

// TestRelativeLinks checks that images and links written relative to a
// page's file lead where an editor's Markdown preview shows them, in the
// page and in the feeds: an image beside a post, another post's Markdown
// file, a chapter's file with an anchor, a page bundle and its image; and
// that check then finds nothing, while a link to a missing file is both a
// warning of the build and a finding of check.
func TestRelativeLinks(t *testing.T) {
	var jpg, pngData bytes.Buffer
	jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 64, 48)), nil)
	png.Encode(&pngData, image.NewGray(image.Rect(0, 0, 32, 32)))
	site := fstest.MapFS{
		"site.yaml":                         {Data: []byte("title: T\nbaseURL: https://example.org/sous/\n")},
		"content/actualites/photo.jpg":      {Data: jpg.Bytes()},
		"content/actualites/nouvelle.md":    {Data: []byte("---\ntitle: Nouvelle\ndate: 2026-06-02\n---\n![Photo de groupe](photo.jpg \"Le groupe\")\n\nVoir [l’autre](autre.md), [le chapitre](../charte/principes.md#suite) et [l’album](album/).\n")},
		"content/actualites/autre.md":       {Data: []byte("---\ntitle: Autre\ndate: 2026-06-01\n---\n![Image de l’album](album/vue.png)\n")},
		"content/actualites/album/index.md": {Data: []byte("---\ntitle: Album\ndate: 2026-05-01\n---\n![Vue](vue.png)\n")},
		"content/actualites/album/vue.png":  {Data: pngData.Bytes()},
		"content/charte/principes.md":       {Data: []byte("---\ntitle: Principes\nweight: 1\n---\n## Suite\n\nTexte.\n")},
	}
	w := NewMemWriter()
	res, err := Render(context.Background(), site, w, Options{Now: now, Theme: alliance.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	page := string(w.Files["actualites/nouvelle/index.html"])
	for _, want := range []string{`src="/sous/img/photo-`, `href="/sous/actualites/autre/"`,
		`href="/sous/charte/principes/#suite"`, `href="/sous/actualites/album/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if _, ok := w.Files["actualites/album/index.html"]; !ok {
		t.Errorf("the bundle's page was not written")
	}
	for _, file := range []string{"actualites/photo.jpg", "actualites/album/vue.png"} {
		if _, ok := w.Files[file]; ok {
			t.Errorf("%s was copied as it is (it may hold a GPS position)", file)
		}
	}
	if a := string(w.Files["actualites/autre/index.html"]); !strings.Contains(a, `src="/sous/img/vue-`) {
		t.Errorf("a bundle's image seen from outside it: %s", a)
	}
	if b := string(w.Files["actualites/album/index.html"]); !strings.Contains(b, `src="/sous/img/vue-`) {
		t.Errorf("a bundle's image seen from its page: %s", b)
	}
	if feed := string(w.Files["feed.xml"]); !strings.Contains(feed, "https://example.org/sous/img/photo-") {
		t.Errorf("the feed's item lacks the image's absolute URL")
	}
	if len(res.Broken) != 0 {
		t.Errorf("broken links: %v", res.Broken)
	}
	findings, _, err := Check(context.Background(), site, Options{Now: now, Theme: alliance.Theme()})
	if err != nil || len(findings) != 0 {
		t.Errorf("check: %v, %v", findings, err)
	}

	site["content/actualites/absente.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Absente\ndate: 2026-06-03\n---\nTexte.\n\n![Absente](absente.jpg)\n")}
	_, err = Render(context.Background(), site, NewMemWriter(), Options{Now: now, Theme: alliance.Theme()})
	if want := `content/actualites/absente.md:7: image "absente.jpg": file not found`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a missing image: %v, want an error %q", err, want)
	}
	delete(site, "content/actualites/absente.md")

	site["content/actualites/cassee.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Cassée\ndate: 2026-06-03\n---\n[Photo](photo.jpg)\n\n[Ailleurs](ailleurs.md) [ancre](autre.md#nulle-part)\n")}
	w = NewMemWriter()
	res, err = Render(context.Background(), site, w, Options{Now: now, Theme: alliance.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := w.Files["actualites/photo.jpg"]; !ok || bytes.Equal(got, jpg.Bytes()) {
		t.Errorf("a photo linked to is not published made of its pixels alone (found %v)", ok)
	}
	got := res.Broken.Error()
	for _, want := range []string{"content/actualites/cassee.md:7: link to a page that does not exist: ailleurs.md",
		"content/actualites/cassee.md:7: link to an anchor that does not exist: autre.md#nulle-part"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	findings, _, _ = Check(context.Background(), site, Options{Now: now, Theme: alliance.Theme()})
	if len(findings) != 2 {
		t.Errorf("check found %v, want the 2 broken links", findings)
	}
}
