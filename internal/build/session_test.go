package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestSessionMatchesCleanBuild edits a site step by step and checks after
// each step that the incremental rebuild gives exactly the files of a clean
// build.
func TestSessionMatchesCleanBuild(t *testing.T) {
	dir := t.TempDir()
	writeDir(t, txtarFS(t, "site.txtar"), dir)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	opt := Options{Now: now}
	sess := NewSession(root.FS(), opt)
	first, err := sess.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		edit    func()
		changed []string
		wantErr bool
		quick   string // "content": the content load takes the quick path (no list moves); "build": the rebuild too (outputs carried)
	}{
		{"body", func() {
			write("content/actualites/deuxieme.md", "---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\ntags: [economie]\nsummary: \"Résumé *donné*\"\n---\nUn corps tout neuf.\n")
		}, []string{"content/actualites/deuxieme.md"}, false, "build"},
		{"body again, with a temporary file", func() {
			write("content/actualites/deuxieme.md", "---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\ntags: [economie]\nsummary: \"Résumé *donné*\"\nauthors: [Camille]\n---\nUn corps **encore** plus neuf.\n")
		}, []string{"content/actualites/deuxieme.md", "content/actualites/.deuxieme.md.swp"}, false, "build"},
		{"event details", func() {
			write("content/evenements/printemps.md", "---\ntitle: Université de printemps\nstart: 2027-03-18\nend: 2027-03-19\nlocation: Roubaix\nprice: Gratuit\n---\nDeux jours au lieu d’un.\n")
		}, []string{"content/evenements/printemps.md"}, false, "build"},
		{"title", func() {
			write("content/actualites/deuxieme.md", "---\ntitle: \"Deuxième, renommée\"\ndate: 2022-06-02T13:00:00+02:00\ntags: [economie]\n---\nUn corps tout neuf.\n")
		}, []string{"content/actualites/deuxieme.md"}, false, ""},
		{"tag dropped", func() {
			write("content/actualites/deuxieme.md", "---\ntitle: \"Deuxième, renommée\"\ndate: 2022-06-02T13:00:00+02:00\n---\nUn corps tout neuf.\n")
		}, []string{"content/actualites/deuxieme.md"}, false, ""},
		{"tag back", func() {
			write("content/actualites/deuxieme.md", "---\ntitle: \"Deuxième, renommée\"\ndate: 2022-06-02T13:00:00+02:00\ntags: [ODD 17]\n---\nUn corps tout neuf.\n")
		}, []string{"content/actualites/deuxieme.md"}, false, ""},
		{"date reorders", func() {
			write("content/actualites/premiere.md", "---\ntitle: \"Première nouvelle\"\ndate: 2022-06-05\nauthors: [Camille]\ntags: [Économie, ODD 17]\naliases: [/ancienne-premiere/]\n---\nUn premier paragraphe.\n")
		}, []string{"content/actualites/premiere.md"}, false, ""},
		{"new page with a new tag", func() {
			write("content/actualites/quatrieme.md", "---\ntitle: Quatrième\ndate: 2022-06-06\ntags: [nouveau]\n---\nEncore.\n")
		}, []string{"content/actualites/quatrieme.md"}, false, ""},
		{"delete a page", func() { os.Remove(filepath.Join(dir, "content/actualites/troisieme.md")) },
			[]string{"content/actualites/troisieme.md"}, false, ""},
		{"chapter title", func() {
			write("content/charte/moyens.md", "---\ntitle: Les moyens\nweight: 20\npart: Moyens\n---\nDes moyens.\n")
		}, []string{"content/charte/moyens.md"}, false, ""},
		{"event moves", func() {
			write("content/evenements/printemps.md", "---\ntitle: Université de printemps\nstart: 2026-03-18\nend: 2026-03-19\nlocation: Lille\n---\nDeux jours.\n")
		}, []string{"content/evenements/printemps.md"}, false, ""},
		{"broken front matter", func() { write("content/actualites/quatrieme.md", "---\ntitle: [\n---\n") },
			[]string{"content/actualites/quatrieme.md"}, true, ""},
		{"fixed", func() {
			write("content/actualites/quatrieme.md", "---\ntitle: Quatrième bis\ndate: 2022-06-06\ntags: [nouveau]\n---\nEncore.\n")
		}, []string{"content/actualites/quatrieme.md"}, false, ""},
		{"layout", func() {
			write("layouts/_default/single.html", `{{ define "main" }}<h1 class="x">{{ .Title }}</h1>{{ .Content }}{{ end }}`)
		}, []string{"layouts/_default/single.html"}, false, "content"},
		{"shortcode", func() {
			write("layouts/shortcodes/titre.html", `<span class="titre">{{ with refPage .Page (.Get 0) }}{{ .Title }}{{ end }} / {{ index .Site.Data.equipe 0 }}</span>`)
			write("data/equipe.yaml", "[Camille]\n")
			write("content/actualites/cinquieme.md", "---\ntitle: Cinquième\ndate: 2022-06-08\n---\nVoir {{< titre \"evenements/printemps.md\" >}} et [le site](https://example.net/).\n")
		}, []string{"layouts/shortcodes/titre.html", "data/equipe.yaml", "content/actualites/cinquieme.md"}, false, ""},
		{"the page a shortcode reads", func() {
			write("content/evenements/printemps.md", "---\ntitle: Université du printemps\nstart: 2026-03-18\nend: 2026-03-19\nlocation: Lille\n---\nDeux jours.\n")
		}, []string{"content/evenements/printemps.md"}, false, ""},
		{"data a shortcode reads", func() { write("data/equipe.yaml", "[Dominique]\n") }, []string{"data/equipe.yaml"}, false, ""},
		{"render hook", func() {
			write("layouts/_default/_markup/render-link.html", `<a class="lien" href="{{ .Destination | safeURL }}">{{ .Text }}</a>`)
		}, []string{"layouts/_default/_markup/render-link.html"}, false, ""},
		{"config", func() {
			data, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
			write("site.yaml", strings.Replace(string(data), "paginate: 2", "paginate: 3", 1))
		}, []string{"site.yaml"}, false, ""},
		{"static", func() { write("static/css/x.css", "body{color:red}") }, []string{"static/css/x.css"}, false, "content"},
		{"a layout for some pages", func() {
			write("layouts/_default/encadre.html", `{{ define "main" }}<div class="encadre">{{ .Title }}{{ .Content }}</div>{{ end }}`)
			write("static/css/x.css", "body{color:blue}")
		}, []string{"layouts/_default/encadre.html", "static/css/x.css"}, false, ""},
		{"a page takes it", func() {
			write("content/actualites/quatrieme.md", "---\ntitle: Quatrième ter\ndate: 2022-06-06\ntags: [nouveau]\nlayout: encadre\n---\nEncore.\n")
		}, []string{"content/actualites/quatrieme.md"}, false, ""},
		{"new folder", func() {
			write("content/ressources/guide/index-des-outils.md", "---\ntitle: Outils\n---\nDes outils.\n")
		}, []string{"content/ressources"}, false, ""},
		{"draft", func() {
			write("content/actualites/cachee.md", "---\ntitle: Cachée\ndate: 2022-06-07\ndraft: true\n---\n")
		}, []string{"content/actualites/cachee.md"}, false, ""},
		// The link check: its findings must be a clean build's.
		{"links to an anchor", func() {
			write("content/actualites/cible.md", "---\ntitle: Cible\ndate: 2022-06-09\n---\n## Partie une\n\nTexte.\n")
			write("content/actualites/lien.md", "---\ntitle: Lien\ndate: 2022-06-10\n---\nVoir [la partie](cible.md#partie-une), [ici](#plus-bas)  et [rien](absente.md).\n\n## Plus bas\n")
			write("content/actualites/chemin.md", "---\ntitle: Chemin\ndate: 2022-06-08\n---\nVoir [la page à venir](/actualites/absente/).\n")
		}, []string{"content/actualites/cible.md", "content/actualites/lien.md", "content/actualites/chemin.md"}, false, ""},
		{"the anchor renamed", func() {
			write("content/actualites/cible.md", "---\ntitle: Cible\ndate: 2022-06-09\n---\n## Partie deux\n\nTexte.\n")
		}, []string{"content/actualites/cible.md"}, false, ""},
		{"the target's title", func() {
			write("content/actualites/cible.md", "---\ntitle: Cible renommée\ndate: 2022-06-09\n---\n## Partie deux\n\nTexte.\n")
		}, []string{"content/actualites/cible.md"}, false, ""},
		{"another page's title", func() {
			write("content/actualites/quatrieme.md", "---\ntitle: Quatrième ter\ndate: 2022-06-06\ntags: [nouveau]\n---\nEncore.\n")
		}, []string{"content/actualites/quatrieme.md"}, false, ""},
		{"the anchor back", func() {
			write("content/actualites/cible.md", "---\ntitle: Cible renommée\ndate: 2022-06-09\n---\n## Partie une\n\nTexte.\n")
		}, []string{"content/actualites/cible.md"}, false, ""},
		{"the missing page written", func() {
			write("content/actualites/absente.md", "---\ntitle: Absente\ndate: 2022-06-11\n---\nLà.\n")
		}, []string{"content/actualites/absente.md"}, false, ""},
		{"the target deleted", func() { os.Remove(filepath.Join(dir, "content/actualites/cible.md")) },
			[]string{"content/actualites/cible.md"}, false, ""},
		{"the linking page's own anchor renamed", func() {
			write("content/actualites/lien.md", "---\ntitle: Lien\ndate: 2022-06-10\n---\nVoir [la partie](cible.md#partie-une), [ici](#plus-bas)  et [rien](absente.md).\n\n## Plus haut\n")
		}, []string{"content/actualites/lien.md"}, false, ""},
	}
	last := first.Files
	for _, st := range steps {
		st.edit()
		snap, err := sess.Build(context.Background(), st.changed)
		if st.wantErr {
			if err == nil {
				t.Fatalf("%s: no error", st.name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		// Changed names what differs from the last snapshot: outputs
		// changed, new and removed.
		var changed []string
		for name, data := range snap.Files {
			if old, had := last[name]; !had || !bytes.Equal(old, data) {
				changed = append(changed, name)
			}
		}
		for name := range last {
			if _, ok := snap.Files[name]; !ok {
				changed = append(changed, name)
			}
		}
		sort.Strings(changed)
		if !slices.Equal(snap.Changed, changed) {
			t.Errorf("%s: Changed is\n%q\nwant\n%q", st.name, snap.Changed, changed)
		}
		last = snap.Files
		clean := NewMemWriter()
		cleanRes, err := Render(context.Background(), root.FS(), clean, opt)
		if err != nil {
			t.Fatalf("%s: clean build: %v", st.name, err)
		}
		if got, want := snap.Result.Broken.Error(), cleanRes.Broken.Error(); got != want {
			t.Errorf("%s: the incremental link check finds\n%s\nwant a clean build's\n%s", st.name, got, want)
		}
		var diffs []string
		for name, data := range clean.Files {
			if !bytes.Equal(snap.Files[name], data) {
				diffs = append(diffs, name)
			}
		}
		for name := range snap.Files {
			if _, ok := clean.Files[name]; !ok {
				diffs = append(diffs, name+" (extra)")
			}
		}
		sort.Strings(diffs)
		if len(diffs) > 0 {
			t.Errorf("%s: the incremental build differs from a clean one in %s", st.name, strings.Join(diffs, ", "))
		}
		// A change that moves nothing makes only the outputs that show
		// the page again; the others are the last build's.
		// (The search index is made again by every build without a
		// refresh, as here.)
		made := 0
		for _, name := range sess.m.made {
			if !isSearchFile(name) {
				made++
			}
		}
		if st.quick == "build" && made*3 > len(snap.Files) {
			t.Errorf("%s: %d of %d outputs made again: %v", st.name, made, len(snap.Files), sess.m.made)
		}
		if len(snap.Changed) == 0 && st.name != "draft" {
			t.Errorf("%s: nothing changed", st.name)
		}
	}
}

// TestSessionThemeReadingTheSite runs the same edits with layouts that
// read the site's lists and a section's entries from every page (the
// recent news in the frame, the chapters beside a chapter), and checks
// that each rebuild still gives a clean build's files: an output is made
// again when what its layout reads changed, not only its page.
func TestSessionThemeReadingTheSite(t *testing.T) {
	dir := t.TempDir()
	writeDir(t, txtarFS(t, "site.txtar"), dir)
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("layouts/_default/baseof.html", `<!doctype html><html><title>{{ .Title }}</title>`+
		`<aside>{{ range .Site.RecentNews 2 }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ .Summary }}{{ end }}</aside>`+
		`{{ block "main" . }}{{ end }}</html>`)
	write("layouts/charter/single.html", `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}`+
		`<nav>{{ range .Parent.Pages }}<a>{{ .Title }}</a>{{ end }}</nav>{{ end }}`)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	opt := Options{Now: now}
	sess := NewSession(root.FS(), opt)
	if _, err := sess.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		file    string
		data    string
		changed string
	}{
		{"a recent post's summary", "content/actualites/troisieme.md", "---\ntitle: Troisième\ndate: 2022-06-04\nsummary: Un nouveau résumé.\n---\nTexte.\n", ""},
		{"a recent post's title", "content/actualites/troisieme.md", "---\ntitle: Troisième, renommée\ndate: 2022-06-04\n---\nTexte.\n", ""},
		{"a chapter's title", "content/charte/moyens.md", "---\ntitle: Les moyens, autrement\nweight: 20\npart: Moyens\n---\nDes moyens.\n", ""},
		{"a chapter's text", "content/charte/moyens.md", "---\ntitle: Les moyens, autrement\nweight: 20\npart: Moyens\n---\nD’autres moyens.\n", ""},
	}
	for _, st := range steps {
		write(st.file, st.data)
		snap, err := sess.Build(context.Background(), []string{st.file})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		clean := NewMemWriter()
		if _, err := Render(context.Background(), root.FS(), clean, opt); err != nil {
			t.Fatalf("%s: clean build: %v", st.name, err)
		}
		for name, data := range clean.Files {
			if !bytes.Equal(snap.Files[name], data) {
				t.Errorf("%s: %s differs from a clean build's", st.name, name)
			}
		}
	}
}
