package build

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"sort"
	"testing"
	"testing/fstest"
	"time"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/overlay"
	"github.com/catalyseurs/alliance/internal/testsite"
)

// TestTwinsMatchTemplates builds sites with the default theme twice, with
// the Go twins of its layouts and with templates only, and compares every
// output file.
func TestTwinsMatchTemplates(t *testing.T) {
	sites := map[string]fs.FS{"example": overlay.New(alliance.Example(), nil), "edges": twinEdges}
	for _, seed := range []int64{1, 7} {
		dir := t.TempDir()
		if err := testsite.Generate(dir, testsite.Options{Pages: 400, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		sites["generated-"+string(rune('0'+seed))] = os.DirFS(dir)
	}
	for name, src := range sites {
		t.Run(name, func(t *testing.T) {
			build := func(templatesOnly bool) map[string][]byte {
				w := NewMemWriter()
				_, err := Render(context.Background(), src, w, Options{Now: now, Theme: alliance.Theme(), TemplatesOnly: templatesOnly})
				if err != nil {
					t.Fatal(err)
				}
				return w.Files
			}
			twins, plain := build(false), build(true)
			if len(twins) != len(plain) {
				t.Errorf("%d files with twins, %d with templates only", len(twins), len(plain))
			}
			var names []string
			for n := range plain {
				names = append(names, n)
			}
			sort.Strings(names)
			diffs := 0
			for _, n := range names {
				if !bytes.Equal(twins[n], plain[n]) {
					diffs++
					if diffs <= 3 {
						t.Errorf("%s differs:\n%s", n, firstDiff(twins[n], plain[n]))
					}
				}
			}
			if diffs > 3 {
				t.Errorf("%d files differ in all", diffs)
			}
		})
	}
}

// twinEdges holds what the generated sites lack: titles, authors and tags
// to escape, a base URL with a path, updated posts, an intro on a list, an
// empty section, paginated tag pages, charter and event cards in a tag list.
var twinEdges = fstest.MapFS{
	"site.yaml": {Data: []byte(`title: "Tom & Jerry <b>"
baseURL: "https://example.org/sous-dossier/"
language: fr
timezone: Europe/Paris
paginate: 2
sections: { actualites: news, vide: page, charte: charter, evenements: event }
menu:
  - { name: "Actualités & co", url: "/actualites/" }
`)},
	"content/actualites/_index.md": {Data: []byte("---\ntitle: \"Nouvelles <&> d'ici\"\n---\n\nUne *intro* avec & et <em>du HTML</em>.\n")},
	"content/vide/_index.md":       {Data: []byte("---\ntitle: Vide\n---\n")},
	"content/actualites/a.md": {Data: []byte(`---
title: "Tom & Jerry <b>\"cité\"</b> 'x' + y"
date: 2024-03-01T10:00:00+01:00
lastmod: 2024-03-05T09:00:00+01:00
authors: ["A & B", "C <c>", "D'Artagnan"]
tags: [commun, "é & <è>"]
---

Texte.
`)},
	"content/actualites/b.md": {Data: []byte(`---
title: "Même jour"
date: 2024-03-02T10:00:00+01:00
lastmod: 2024-03-02T18:00:00+01:00
authors: ["Seule"]
tags: [commun]
summary: "Un résumé *en Markdown* & <b>balisé</b>."
---

Texte.
`)},
	"content/actualites/c.md":         {Data: []byte("---\ntitle: Sans rien\ndate: 2024-03-03T10:00:00+01:00\nlastmod: 2024-01-01T10:00:00+01:00\n---\n\nTexte.\n")},
	"content/actualites/d.md":         {Data: []byte("---\ntitle: D\ndate: 2024-02-03T10:00:00+01:00\ntags: [commun]\nauthors: [Un, Deux]\n---\n\nTexte.\n")},
	"content/actualites/e.md":         {Data: []byte("---\ntitle: E\ndate: 2024-02-04T10:00:00+01:00\ntags: [commun]\n---\n\nTexte.\n")},
	"content/charte/_index.md":        {Data: []byte("---\ntitle: Charte\n---\n")},
	"content/charte/un.md":            {Data: []byte("---\ntitle: Un\nweight: 1\npart: \"Principes & co\"\ntags: [commun]\n---\n\nTexte.\n")},
	"content/charte/deux.md":          {Data: []byte("---\ntitle: Deux\nweight: 2\ntags: [commun]\n---\n\nTexte.\n")},
	"content/evenements/_index.md":    {Data: []byte("---\ntitle: Agenda\n---\n")},
	"content/evenements/jour.md":      {Data: []byte("---\ntitle: Jour\nstart: 2024-03-10\ntags: [commun]\nregistrationRequired: true\nprice: Gratuit\n---\n")},
	"content/evenements/mois.md":      {Data: []byte("---\ntitle: Mois\nstart: 2024-03-01\nend: 2024-04-02\ntags: [commun]\nregistration: \"https://example.org/inscription?a=1&b=2\"\nprice: \"10 € par personne\"\n---\n")},
	"content/evenements/annee.md":     {Data: []byte("---\ntitle: Année\nstart: 2024-12-30\nend: 2025-01-02\nonline: \"https://example.org/visio\"\norganizer: \"Réseau & amis\"\nstatus: postponed\n---\n")},
	"content/evenements/premier.md":   {Data: []byte("---\ntitle: Premier\nstart: 2024-06-01\nend: 2024-06-03\ntags: [commun]\n---\n")},
	"content/evenements/semaine.md":   {Data: []byte("---\ntitle: Semaine\nstart: 2024-05-06\nend: 2024-05-08\ntags: [commun]\n---\n")},
	"content/evenements/debut.md":     {Data: []byte("---\ntitle: Début\nstart: 2024-03-10T14:30:00+01:00\nregistrationRequired: true\nregistration: \"https://example.org/r\"\n---\n")},
	"content/evenements/plusieurs.md": {Data: []byte("---\ntitle: Plusieurs jours\nstart: 2024-03-10T14:00:00+01:00\nend: 2024-03-12T12:00:00+01:00\ntags: [commun]\n---\n")},
	"content/evenements/futur.md":     {Data: []byte("---\ntitle: Futur\nstart: 2026-12-10T14:00:00+01:00\nregistrationRequired: true\nregistration: \"https://example.org/f\"\n---\n")},
	"content/evenements/x.md": {Data: []byte(`---
title: "Atelier"
start: 2024-03-10T14:00:00+01:00
end: 2024-03-10T17:00:00+01:00
location: "Lille"
status: cancelled
tags: [commun]
---

Texte.
`)},
}

// firstDiff shows where a (twins) and b (templates) part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-120)
	return "twin:     …" + string(a[from:min(len(a), i+120)]) + "\ntemplate: …" + string(b[from:min(len(b), i+120)])
}

// FuzzTwins renders a small site whose titles, authors, tags, summary and
// body come from the fuzzer, with twins and with templates only, and
// compares every file.
func FuzzTwins(f *testing.F) {
	f.Add("Tom & Jerry <b>\"cité\"</b> 'x' + y", "A & B", "é & <è>", "Un *résumé*.", "Texte avec [lien](/a b/) & <i>.", int64(3))
	f.Add("", "", "", "", "", int64(0))
	f.Add("javascript:x", "D'Artagnan", "ODD 17", "", "## Titre\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", int64(40))
	f.Fuzz(func(t *testing.T, title, author, tag, summary, body string, days int64) {
		q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
		site := fstest.MapFS{
			"site.yaml":                    {Data: []byte("title: " + q(title) + "\nbaseURL: \"https://example.org/s/\"\nlanguage: fr\ntimezone: Europe/Paris\npaginate: 2\nsections: { actualites: news, evenements: event }\n")},
			"content/actualites/_index.md": {Data: []byte("---\ntitle: " + q(title) + "\n---\n\n" + body + "\n")},
			"content/evenements/_index.md": {Data: []byte("---\ntitle: Agenda\n---\n")},
			"content/evenements/e.md":      {Data: []byte("---\ntitle: " + q(tag) + "\nstart: 2024-03-10T14:00:00+01:00\ntags: [" + q(tag) + "]\n---\n")},
		}
		for i, name := range []string{"a", "b", "c"} {
			date := time.Date(2024, 3, 1+i, 10, 0, 0, 0, time.UTC)
			lastmod := date.Add(time.Duration(days%400) * 24 * time.Hour)
			site["content/actualites/"+name+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + q(title+name) +
				"\ndate: " + date.Format(time.RFC3339) + "\nlastmod: " + lastmod.Format(time.RFC3339) +
				"\nauthors: [" + q(author) + ", " + q(author+name) + "]\ntags: [" + q(tag) + ", " + q(name) + "]\nsummary: " + q(summary) + "\n---\n\n" + body + "\n")}
		}
		build := func(templatesOnly bool) map[string][]byte {
			w := NewMemWriter()
			if _, err := Render(context.Background(), site, w, Options{Now: now, Theme: alliance.Theme(), TemplatesOnly: templatesOnly}); err != nil {
				return nil
			}
			return w.Files
		}
		twins := build(false)
		if twins == nil {
			t.Skip("the site does not build")
		}
		plain := build(true)
		if len(twins) != len(plain) {
			t.Fatalf("%d files with twins, %d with templates only", len(twins), len(plain))
		}
		for n, b := range plain {
			if !bytes.Equal(twins[n], b) {
				t.Fatalf("%s differs:\n%s", n, firstDiff(twins[n], b))
			}
		}
	})
}
