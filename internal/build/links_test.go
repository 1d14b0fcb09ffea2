package build

import (
	"context"
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
	site := fstest.MapFS{
		"site.yaml":                         {Data: []byte("title: T\nbaseURL: https://example.org/sous/\n")},
		"content/actualites/photo.jpg":      {Data: []byte("jpeg")},
		"content/actualites/nouvelle.md":    {Data: []byte("---\ntitle: Nouvelle\ndate: 2026-06-02\n---\n![Photo de groupe](photo.jpg \"Le groupe\")\n\nVoir [l’autre](autre.md), [le chapitre](../charte/principes.md#suite) et [l’album](album/).\n")},
		"content/actualites/autre.md":       {Data: []byte("---\ntitle: Autre\ndate: 2026-06-01\n---\n![Image de l’album](album/vue.png)\n")},
		"content/actualites/album/index.md": {Data: []byte("---\ntitle: Album\ndate: 2026-05-01\n---\n![Vue](vue.png)\n")},
		"content/actualites/album/vue.png":  {Data: []byte("png")},
		"content/charte/principes.md":       {Data: []byte("---\ntitle: Principes\nweight: 1\n---\n## Suite\n\nTexte.\n")},
	}
	w := NewMemWriter()
	res, err := Render(context.Background(), site, w, Options{Now: now, Theme: alliance.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	page := string(w.Files["actualites/nouvelle/index.html"])
	for _, want := range []string{`src="/sous/actualites/photo.jpg"`, `href="/sous/actualites/autre/"`,
		`href="/sous/charte/principes/#suite"`, `href="/sous/actualites/album/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	for _, file := range []string{"actualites/photo.jpg", "actualites/album/vue.png", "actualites/album/index.html"} {
		if _, ok := w.Files[file]; !ok {
			t.Errorf("%s was not written", file)
		}
	}
	if a := string(w.Files["actualites/autre/index.html"]); !strings.Contains(a, `src="/sous/actualites/album/vue.png"`) {
		t.Errorf("a bundle's image seen from outside it: %s", a)
	}
	if b := string(w.Files["actualites/album/index.html"]); !strings.Contains(b, `src="/sous/actualites/album/vue.png"`) {
		t.Errorf("a bundle's image seen from its page: %s", b)
	}
	if feed := string(w.Files["feed.xml"]); !strings.Contains(feed, "https://example.org/sous/actualites/photo.jpg") {
		t.Errorf("the feed's item lacks the image's absolute URL")
	}
	if len(res.Broken) != 0 {
		t.Errorf("broken links: %v", res.Broken)
	}
	findings, _, err := Check(context.Background(), site, Options{Now: now, Theme: alliance.Theme()})
	if err != nil || len(findings) != 0 {
		t.Errorf("check: %v, %v", findings, err)
	}

	site["content/actualites/cassee.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Cassée\ndate: 2026-06-03\n---\n![Absente](absente.jpg)\n\n[Ailleurs](ailleurs.md) [ancre](autre.md#nulle-part)\n")}
	res, err = Render(context.Background(), site, NewMemWriter(), Options{Now: now, Theme: alliance.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Broken.Error()
	for _, want := range []string{"content/actualites/cassee.md:5: image that does not exist: absente.jpg",
		"content/actualites/cassee.md:7: link to a page that does not exist: ailleurs.md",
		"content/actualites/cassee.md:7: link to an anchor that does not exist: autre.md#nulle-part"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	findings, _, _ = Check(context.Background(), site, Options{Now: now, Theme: alliance.Theme()})
	if len(findings) != 3 {
		t.Errorf("check found %v, want the 3 broken links", findings)
	}
}
