package build

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/catalyseurs/alliance/internal/diag"
)

// fuzzLayouts is a minimal layout set that reads most page fields.
var fuzzLayouts = map[string]string{
	"layouts/_default/baseof.html": `<!doctype html><html lang="{{ .Site.Language }}"><title>{{ .Title }}</title>{{ block "main" . }}{{ end }}</html>`,
	"layouts/_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Summary }}{{ .Content }}{{ range .Params.tags }}{{ . }}{{ end }}{{ with .Prev }}<a href="{{ .RelPermalink }}">p</a>{{ end }}{{ end }}`,
	"layouts/_default/list.html":   `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}`,
	"layouts/event/single.html":    `{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ dateFR "Monday 2 January 2006" .Event.Start }}</p><p>{{ .Event.Location }} {{ .Event.Online }} {{ .Event.Price }}</p>{{ .Content }}{{ end }}`,
	"layouts/404.html":             `<!doctype html><title>404</title>`,
	"layouts/search.html":          `<!doctype html><title>Recherche</title>`,
}

// FuzzPage builds a one-page site in memory around a fuzzed Markdown file
// (front matter and body) in one of the three sections. The build must
// never panic; when it fails, every error is a diag error naming a file
// (and a line when it is the page's); when it succeeds, every output path
// stays inside the output folder.
func FuzzPage(f *testing.F) {
	f.Add([]byte("---\ntitle: Une\ndate: 2022-06-01\ntags: [a, b]\naliases: [/ancienne/]\n---\nTexte *gras* [lien](/x/).\n\n<!--more-->\n\nSuite.\n"), uint8(0), false)
	f.Add([]byte("---\ntitle: Principes\nweight: 10\npart: Principes\n---\n## Un\n\n## Un\n"), uint8(1), false)
	f.Add([]byte("---\ntitle: Webinaire\nstart: 2027-06-02T13:00:00+02:00\nend: 2027-06-02T14:30:00+02:00\nonline: https://example.org/visio\nprice: gratuit\n---\nUn webinaire.\n"), uint8(2), true)
	f.Add([]byte("+++\ntitle = \"T\"\ndate = 2022-01-01\nslug = \"../../x\"\n+++\n<script>alert(1)</script>\n"), uint8(0), true)
	f.Add([]byte("{\n\"title\": \"J\",\n\"date\": \"2022-01-01\"\n}\n\n[a](javascript:alert(1))\n"), uint8(0), false)
	f.Add([]byte("---\ntitle: x\ndate: 32/13/2026\n---\n"), uint8(0), false)
	f.Fuzz(func(t *testing.T, src []byte, section uint8, unsafe bool) {
		dir := []string{"actualites", "charte", "evenements"}[int(section)%3]
		file := "content/" + dir + "/x.md"
		cfg := "title: Réseau\nbaseURL: https://example.org/\nlanguage: fr\ntimezone: Europe/Paris\n"
		if unsafe {
			cfg += "markdown: { unsafeHTML: true }\n"
		}
		fsys := fstest.MapFS{
			"site.yaml": &fstest.MapFile{Data: []byte(cfg)},
			file:        &fstest.MapFile{Data: src},
		}
		for name, data := range fuzzLayouts {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
		w := NewMemWriter()
		_, err := Render(context.Background(), fsys, w, Options{Now: now, Drafts: true, Future: true, Workers: 1})
		if err != nil {
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v (%T) is not a diag.List", err, err)
			}
			for _, e := range list {
				if e.Pos.File == "" {
					t.Fatalf("error without a file: %v", e)
				}
				if e.Pos.File == file && e.Pos.Line < 1 && len(src) <= 16<<20 {
					t.Fatalf("error on the page without a line: %v", e)
				}
			}
			return
		}
		if len(w.Files) == 0 {
			t.Fatal("a successful build wrote nothing")
		}
		for name := range w.Files {
			if err := SafePath(name); err != nil {
				t.Fatal(err)
			}
		}
	})
}
