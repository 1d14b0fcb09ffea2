package overlay

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	top := fstest.MapFS{"layouts/_default/single.html": {Data: []byte("site")}, "layouts/news/single.html": {Data: []byte("news")}}
	bottom := fstest.MapFS{"layouts/_default/single.html": {Data: []byte("theme")}, "layouts/_default/list.html": {Data: []byte("list")}}
	o := New(top, bottom)
	for name, want := range map[string]string{
		"layouts/_default/single.html": "site",
		"layouts/_default/list.html":   "list",
		"layouts/news/single.html":     "news",
	} {
		b, err := fs.ReadFile(o, name)
		if err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", name, b, err, want)
		}
	}
	var files []string
	fs.WalkDir(o, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if got := strings.Join(files, " "); got != "layouts/_default/list.html layouts/_default/single.html layouts/news/single.html" {
		t.Errorf("walk = %s", got)
	}
	if _, err := fs.ReadFile(o, "nope"); err == nil {
		t.Error("missing file read")
	}
	if o.Origin("layouts/_default/list.html") != "theme" || o.Origin("layouts/news/single.html") != "site" {
		t.Error("Origin wrong")
	}
	if err := fstest.TestFS(o, "layouts/_default/single.html", "layouts/_default/list.html", "layouts/news/single.html"); err != nil {
		t.Error(err)
	}
}
