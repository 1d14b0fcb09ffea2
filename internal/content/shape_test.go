package content

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/catalyseurs/alliance/internal/config"
)

// TestShape holds Site.Shape to what it identifies: a site assembled
// again keeps its shape when its pages stay in place (their text, title or
// summary edited), and gets another when a page, a link between pages or
// a list changes.
func TestShape(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.org/\n"))
	if err != nil {
		t.Fatal(err)
	}
	base := map[string]string{
		"content/_index.md":        "---\ntitle: Accueil\n---\n",
		"content/actualites/a.md":  "---\ntitle: A\ndate: 2026-06-01\ntags: [x]\n---\nA.\n",
		"content/actualites/b.md":  "---\ntitle: B\ndate: 2026-06-02\ntags: [x, y]\n---\nB.\n",
		"content/actualites/c.md":  "---\ntitle: C\ndate: 2026-06-03\ntags: [y]\n---\nC.\n",
		"content/charte/un.md":     "---\ntitle: Un\nweight: 1\npart: P\n---\nUn.\n",
		"content/charte/deux.md":   "---\ntitle: Deux\nweight: 2\npart: P\n---\nDeux.\n",
		"content/evenements/e.md":  "---\ntitle: E\nstart: 2026-12-10\nlocation: Lille\n---\nE.\n",
		"content/actualites/f.pdf": "%PDF",
	}
	shape := func(edit map[string]string) uint64 {
		fsys := fstest.MapFS{}
		for name, data := range base {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
		for name, data := range edit {
			if data == "" {
				delete(fsys, name)
			} else {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
		}
		files, _ := Walk(context.Background(), fsys)
		// A new Memo each time: every site is assembled in full.
		s, _, err := Assemble(cfg, ReadAll(context.Background(), fsys, cfg, files.Markdown, nil), files.Other, Options{Now: now}, &Memo{})
		if err != nil {
			t.Fatal(err)
		}
		return s.Shape()
	}
	want := shape(nil)
	tests := []struct {
		name string
		edit map[string]string
		same bool
	}{
		{"nothing", nil, true},
		{"a body", map[string]string{"content/actualites/b.md": "---\ntitle: B\ndate: 2026-06-02\ntags: [x, y]\n---\nAutre texte.\n"}, true},
		{"a title", map[string]string{"content/actualites/b.md": "---\ntitle: B renommée\ndate: 2026-06-02\ntags: [x, y]\n---\nB.\n"}, true},
		{"a chapter's title", map[string]string{"content/charte/un.md": "---\ntitle: Premier\nweight: 1\npart: P\n---\nUn.\n"}, true},
		{"an event's place", map[string]string{"content/evenements/e.md": "---\ntitle: E\nstart: 2026-12-10\nlocation: Lyon\n---\nE.\n"}, true},
		{"a date that reorders the news", map[string]string{"content/actualites/a.md": "---\ntitle: A\ndate: 2026-06-04\ntags: [x]\n---\nA.\n"}, false},
		{"a tag", map[string]string{"content/actualites/c.md": "---\ntitle: C\ndate: 2026-06-03\ntags: [x]\n---\nC.\n"}, false},
		{"a new tag", map[string]string{"content/actualites/c.md": "---\ntitle: C\ndate: 2026-06-03\ntags: [y, z]\n---\nC.\n"}, false},
		{"a slug", map[string]string{"content/actualites/c.md": "---\ntitle: C\nslug: autre\ndate: 2026-06-03\ntags: [y]\n---\nC.\n"}, false},
		{"a layout", map[string]string{"content/actualites/c.md": "---\ntitle: C\nlayout: encadre\ndate: 2026-06-03\ntags: [y]\n---\nC.\n"}, false},
		{"an alias", map[string]string{"content/actualites/c.md": "---\ntitle: C\naliases: [/vieux/]\ndate: 2026-06-03\ntags: [y]\n---\nC.\n"}, false},
		{"chapters reordered", map[string]string{"content/charte/un.md": "---\ntitle: Un\nweight: 3\npart: P\n---\nUn.\n"}, false},
		{"a chapter's part", map[string]string{"content/charte/deux.md": "---\ntitle: Deux\nweight: 2\npart: Q\n---\nDeux.\n"}, false},
		{"an event past", map[string]string{"content/evenements/e.md": "---\ntitle: E\nstart: 2026-11-10\nlocation: Lille\n---\nE.\n"}, false},
		{"a page added", map[string]string{"content/actualites/d.md": "---\ntitle: D\ndate: 2026-05-01\n---\nD.\n"}, false},
		{"a page removed", map[string]string{"content/actualites/a.md": ""}, false},
		{"a file removed", map[string]string{"content/actualites/f.pdf": ""}, false},
	}
	for _, tt := range tests {
		if got := shape(tt.edit); (got == want) != tt.same {
			t.Errorf("%s: same shape %v, want %v", tt.name, got == want, tt.same)
		}
	}
}
