package build

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance"
)

// emailLayout overrides the theme's: a site's layouts/news/email.html,
// with styles to inline, and no email.txt (the text comes from the HTML).
const emailLayout = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}</title><style>p { color: #223344; }</style></head>
<body><p>{{ .Title }}</p>{{ with .Cover }}<img src="{{ .URL }}" width="{{ .Width }}" height="{{ .Height }}" alt="{{ .Alt }}">{{ end }}{{ .Content }}<p><a href="{{ .URL }}">En ligne</a>{{ with .Unsubscribe }} <a href="{{ . }}">Se désinscrire</a>{{ end }}</p></body></html>
`

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 90, 200})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestEditionsByDefault: every build writes the editions of the news
// posts, unless site.yaml says email: { editions: false }.
func TestEditionsByDefault(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       bool
	}{
		{"no email section", "", true},
		{"an email section", "email: { unsubscribe: \"mailto:lettre@example.org\" }\n", true},
		{"editions: false", "email: { editions: false }\n", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeDir(t, txtarFS(t, "site.txtar"), dir)
			name := filepath.Join(dir, "site.yaml")
			old, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, append(old, tc.yaml...), 0o644); err != nil {
				t.Fatal(err)
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			out := NewMemWriter()
			if _, err := Render(context.Background(), root.FS(), out, Options{Now: now, Theme: alliance.Theme()}); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"actualites/deuxieme/email.html", "actualites/deuxieme/email.txt"} {
				if _, ok := out.Files[f]; ok != tc.want {
					t.Errorf("%s written: %t, want %t", f, ok, tc.want)
				}
			}
		})
	}
}

// TestEditionsInSession edits a site with its own e-mail layout step by
// step: after each step, a Session's rebuild has exactly the files of a
// clean build, the editions included, and the edition shows the change.
func TestEditionsInSession(t *testing.T) {
	dir := t.TempDir()
	writeDir(t, txtarFS(t, "site.txtar"), dir)
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("layouts/news/email.html", []byte(emailLayout))
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	opt := Options{Now: now, ImageCache: t.TempDir()}
	sess := NewSession(root.FS(), opt)
	snap, err := sess.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(snap.Files["actualites/deuxieme/email.html"]); !strings.Contains(got, `<p style="color:#223344">Deuxième</p>`) {
		t.Fatalf("the site's e-mail layout is not used, or not inlined:\n%s", got)
	}
	steps := []struct {
		name, file string
		data       []byte
		shows      string // in actualites/deuxieme/email.html or .txt
	}{
		{"body", "content/actualites/deuxieme.md", []byte("---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\ntags: [economie]\n---\nUn corps tout neuf.\n"), "Un corps tout neuf."},
		// Another post's body: its edition is made again, not the
		// editions that do not show it (see the check below).
		{"another post's body", "content/actualites/troisieme.md", []byte("+++\ntitle = \"Troisième\"\ndate = 2022-06-03\n+++\nUn autre corps TOML.\n"), ""},
		{"cover image", "content/actualites/couverture.png", pngBytes(t, 300, 200), ""},
		{"cover named", "content/actualites/deuxieme.md", []byte("---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\nimage: couverture.png\nimageAlt: Un dégradé\n---\nUn corps tout neuf.\n"), `width="300" height="200" alt="Un dégradé"`},
		{"cover changed", "content/actualites/couverture.png", pngBytes(t, 200, 100), `width="200" height="100"`},
		{"layout", "layouts/news/email.html", []byte(strings.Replace(emailLayout, "En ligne", "Lire sur le site", 1)), "Lire sur le site"},
		{"config", "site.yaml", nil, "Se désinscrire"},
	}
	for _, st := range steps {
		data := st.data
		if st.file == "site.yaml" {
			old, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
			data = append(old, "email:\n  unsubscribe: \"https://example.org/desinscription\"\n"...)
		}
		write(st.file, data)
		snap, err := sess.Build(context.Background(), []string{st.file})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.name == "another post's body" {
			made := map[string]bool{}
			for _, name := range sess.m.made {
				made[name] = true
			}
			if !made["actualites/troisieme/email.html"] || made["actualites/premiere/email.html"] {
				t.Errorf("%s: made %v, want troisieme's edition and not premiere's", st.name, sess.m.made)
			}
		}
		clean := NewMemWriter()
		if _, err := Render(context.Background(), root.FS(), clean, opt); err != nil {
			t.Fatalf("%s: clean build: %v", st.name, err)
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
		edition := string(snap.Files["actualites/deuxieme/email.html"])
		if !strings.Contains(edition, st.shows) {
			t.Errorf("%s: the edition does not show %q:\n%s", st.name, st.shows, edition)
		}
		if text := string(snap.Files["actualites/deuxieme/email.txt"]); !strings.Contains(text, "Deuxième") {
			t.Errorf("%s: the text part is %q", st.name, text)
		}
	}
}

// TestEditionCache builds a site twice with an edition cache: the second
// build reads every edition from it and writes the same files; a post
// edited makes one entry again, and the entry of its former text goes.
func TestEditionCache(t *testing.T) {
	dir := t.TempDir()
	writeDir(t, txtarFS(t, "site.txtar"), dir)
	if err := os.WriteFile(filepath.Join(dir, "layouts/news/email.html"), []byte(emailLayout), 0o644); err != nil {
		if err := os.MkdirAll(filepath.Join(dir, "layouts/news"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "layouts/news/email.html"), []byte(emailLayout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir()
	opt := Options{Now: now, EditionCache: cache}
	render := func() map[string][]byte {
		t.Helper()
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		w := NewMemWriter()
		if _, err := Render(context.Background(), root.FS(), w, opt); err != nil {
			t.Fatal(err)
		}
		return w.Files
	}
	first := render()
	n := 0
	for name := range first {
		if strings.HasSuffix(name, "/email.html") {
			n++
		}
	}
	before := readPack(t, cache)
	if n == 0 || len(before) != n {
		t.Fatalf("%d editions, %d cache entries", n, len(before))
	}
	if files, _ := os.ReadDir(cache); len(files) != 1 {
		t.Errorf("%d files in the cache, want the pack alone", len(files))
	}
	// A second build reads them: an entry changed by hand shows.
	changed := maps.Clone(before)
	var one string
	for name := range changed {
		one = name
		break
	}
	changed[one] = [2]string{"HTML", "text"}
	writePack(t, cache, changed)
	second := render()
	hits := 0
	for name, data := range first {
		if string(second[name]) == "HTML" || string(second[name]) == "text" {
			hits++
			continue
		}
		if !bytes.Equal(second[name], data) {
			t.Errorf("%s differs in the second build", name)
		}
	}
	if hits != 2 {
		t.Errorf("the second build read %d parts from the cache entry changed, want 2", hits)
	}
	if got := readPack(t, cache); !maps.Equal(got, changed) {
		t.Error("a build that read every edition and made none wrote the pack again")
	}
	writePack(t, cache, before)
	if err := os.WriteFile(filepath.Join(dir, "content/actualites/deuxieme.md"), []byte("---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\n---\nUn autre corps.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	third := render()
	if !strings.Contains(string(third["actualites/deuxieme/email.html"]), "Un autre corps.") {
		t.Error("the edited post's edition is the cached one")
	}
	after := readPack(t, cache)
	if len(after) != n {
		t.Errorf("%d cache entries after an edit, want %d (the unused one dropped)", len(after), n)
	}
	kept := 0
	for name, e := range after {
		if before[name] == e {
			kept++
		}
	}
	if kept != n-1 {
		t.Errorf("%d entries kept from the last pack, want %d", kept, n-1)
	}
	// A broken pack is a cache miss, not an error.
	if err := os.WriteFile(filepath.Join(cache, packName), []byte(packMagic+"garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fourth := render(); !bytes.Equal(fourth["actualites/deuxieme/email.html"], third["actualites/deuxieme/email.html"]) {
		t.Error("a broken pack changed an edition")
	}
	if got := readPack(t, cache); len(got) != n {
		t.Errorf("%d entries after a broken pack, want %d", len(got), n)
	}
}

// readPack returns the entries of the pack in dir: HTML and text by name.
func readPack(t *testing.T, dir string) map[string][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, packName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	index, err := readIndex(f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][2]string{}
	for name, e := range index {
		buf := make([]byte, e.html+e.text)
		if _, err := f.ReadAt(buf, e.off); err != nil {
			t.Fatal(err)
		}
		out[name] = [2]string{string(buf[:e.html]), string(buf[e.html:])}
	}
	return out
}

// writePack writes a pack of these entries into dir, as finish does.
func writePack(t *testing.T, dir string, entries map[string][2]string) {
	t.Helper()
	var data, index bytes.Buffer
	data.WriteString(packMagic)
	for name, e := range entries {
		fmt.Fprintf(&index, "%s %d %d %d\n", name, data.Len(), len(e[0]), len(e[1]))
		data.WriteString(e[0] + e[1])
	}
	at := data.Len()
	data.Write(index.Bytes())
	fmt.Fprintf(&data, "%020d\n", at)
	if err := os.WriteFile(filepath.Join(dir, packName), data.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEditionBodyImage: an image of a post's body, which the site writes
// as a <picture> of WebP and PNG, is in the e-mail edition as one PNG made
// from the source, beside the edition, at the edition's width, with no
// srcset or <picture>.
func TestEditionBodyImage(t *testing.T) {
	dir := t.TempDir()
	writeDir(t, txtarFS(t, "site.txtar"), dir)
	if err := os.WriteFile(filepath.Join(dir, "content/actualites/photo.png"), pngBytes(t, 1600, 900), 0o644); err != nil {
		t.Fatal(err)
	}
	post := "---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\n---\nAvant.\n\n![Un dégradé](photo.png)\n\nAprès.\n"
	if err := os.WriteFile(filepath.Join(dir, "content/actualites/deuxieme.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	w := NewMemWriter()
	if _, err := Render(context.Background(), root.FS(), w, Options{Now: now, Theme: alliance.Theme(), ImageCache: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if page := string(w.Files["actualites/deuxieme/index.html"]); !strings.Contains(page, "<picture") {
		t.Fatalf("the page shows no <picture>:\n%s", page)
	}
	edition := string(w.Files["actualites/deuxieme/email.html"])
	m := regexp.MustCompile(`<img src="https://example.org/actualites/deuxieme/(photo-[0-9a-f]+-\d+x\d+\.png)" width="560" height="315" alt="Un dégradé"`).FindStringSubmatch(edition)
	if m == nil || strings.Contains(edition, "srcset") || strings.Contains(edition, "<picture") || strings.Contains(edition, "/img/") {
		t.Fatalf("the edition does not show the body's image as one PNG of its own:\n%s", edition)
	}
	if _, ok := w.Files["actualites/deuxieme/"+m[1]]; !ok {
		t.Errorf("the edition's image %s is not written", m[1])
	}
}

// TestEditionVideo: in an e-mail edition, a video's placeholder shows its
// poster linked to the video's page, and an image after it is not linked.
func TestEditionVideo(t *testing.T) {
	dir := t.TempDir()
	writeDir(t, txtarFS(t, "site.txtar"), dir)
	for name, size := range map[string][2]int{"affiche.png": {1280, 720}, "photo.png": {800, 600}} {
		if err := os.WriteFile(filepath.Join(dir, "content/actualites", name), pngBytes(t, size[0], size[1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	post := "---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\n---\nLe replay.\n\n" +
		"{{< video src=\"https://www.youtube.com/watch?v=aBcD3fGh1jK\" title=\"Le replay\" poster=\"affiche.png\" >}}\n\n" +
		"{{< video src=\"https://vimeo.com/76979871\" title=\"Sans affiche\" >}}\n\n![Une photo](photo.png)\n"
	if err := os.WriteFile(filepath.Join(dir, "content/actualites/deuxieme.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	w := NewMemWriter()
	if _, err := Render(context.Background(), root.FS(), w, Options{Now: now, Theme: alliance.Theme(), ImageCache: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	edition := string(w.Files["actualites/deuxieme/email.html"])
	if !regexp.MustCompile(`<a href="https://www.youtube.com/watch\?v=aBcD3fGh1jK"[^>]*><img src="https://example.org/actualites/deuxieme/affiche-[^"]+\.png"`).MatchString(edition) {
		t.Errorf("the poster is not linked to the video:\n%s", edition)
	}
	if regexp.MustCompile(`<a href="https://vimeo.com/76979871"[^>]*><img`).MatchString(edition) || !regexp.MustCompile(`<img src="[^"]*photo-[^"]+\.png"`).MatchString(edition) {
		t.Errorf("the image after a placeholder without poster is linked to its video, or missing:\n%s", edition)
	}
}

// TestEditionImageTwice: an image that an edition shows twice, as the
// cover and in the body, or twice in the body, is one file written once,
// in a one-off build and in a Session.
func TestEditionImageTwice(t *testing.T) {
	tests := []struct{ name, post string }{
		{"cover and body", "---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\nimage: photo.png\nimageAlt: Un dégradé\n---\nAvant.\n\n![Un dégradé](photo.png)\n"},
		{"twice in the body", "---\ntitle: \"Deuxième\"\ndate: 2022-06-02T13:00:00+02:00\n---\n![Un](photo.png)\n\n![Deux](photo.png)\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeDir(t, txtarFS(t, "site.txtar"), dir)
			if err := os.WriteFile(filepath.Join(dir, "content/actualites/photo.png"), pngBytes(t, 800, 450), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "content/actualites/deuxieme.md"), []byte(tc.post), 0o644); err != nil {
				t.Fatal(err)
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			opt := Options{Now: now, Theme: alliance.Theme(), ImageCache: t.TempDir()}
			if _, err := Build(context.Background(), dir, filepath.Join(t.TempDir(), "public"), opt); err != nil {
				t.Fatalf("build: %v", err)
			}
			sess := NewSession(root.FS(), opt)
			snap, err := sess.Build(context.Background(), nil)
			if err != nil {
				t.Fatalf("session: %v", err)
			}
			if n := strings.Count(string(snap.Files["actualites/deuxieme/email.html"]), "<img "); n < 2 {
				t.Errorf("the edition shows %d images, want the image twice", n)
			}
		})
	}
}
