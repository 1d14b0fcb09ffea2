package build

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
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
	write("site.yaml", []byte("title: T\nbaseURL: https://example.org/\n"))
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
