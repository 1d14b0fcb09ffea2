package build

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/catalyseurs/alliance"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// now is the clock of every test build: outputs must not depend on the real one.
var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// siteFS reads a txtar archive into a file system.
func txtarFS(t testing.TB, name string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// writeDir writes a file system to a folder.
func writeDir(t testing.TB, fsys fs.FS, dir string) {
	t.Helper()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.WriteFile(full, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readDir reads every file under dir into a map.
func readDir(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	return out
}

func archive(comment string, files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	ar := &txtar.Archive{Comment: []byte(comment)}
	for _, n := range names {
		ar.Files = append(ar.Files, txtar.File{Name: n, Data: files[n]})
	}
	return txtar.Format(ar)
}

// TestGolden builds each site testdata/NAME.txtar in memory (with the
// default theme when it has no layouts of its own) and compares every
// output file with testdata/NAME.golden, a txtar archive a reviewer reads
// like the site's output.
func TestGolden(t *testing.T) {
	sites, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil || len(sites) == 0 {
		t.Fatalf("no site in testdata: %v", err)
	}
	for _, site := range sites {
		name := strings.TrimSuffix(filepath.Base(site), ".txtar")
		t.Run(name, func(t *testing.T) {
			src := txtarFS(t, name+".txtar")
			opt := Options{Now: now, Workers: 3}
			if _, err := fs.Stat(src, "layouts"); err != nil {
				opt.Theme = alliance.Theme()
			}
			w := NewMemWriter()
			if _, err := Render(context.Background(), src, w, opt); err != nil {
				t.Fatal(err)
			}
			got := archive("Output of testdata/"+name+".txtar; go test ./internal/build -update rewrites it.\n", w.Files)
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(got, want) {
				return
			}
			wantFiles := map[string]string{}
			for _, f := range txtar.Parse(want).Files {
				wantFiles[f.Name] = string(f.Data)
			}
			for name, data := range w.Files {
				if wantFiles[name] != string(data) {
					t.Errorf("%s differs from the golden file:\n%s", name, lineDiff(wantFiles[name], string(data)))
				}
				delete(wantFiles, name)
			}
			for name := range wantFiles {
				t.Errorf("%s is missing", name)
			}
			t.Log("run go test ./internal/build -update if the change is intended, and read the diff")
		})
	}
}

// lineDiff shows the first lines where want and got part.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	for k := i; k < min(i+3, len(w)); k++ {
		fmt.Fprintf(&b, "  want %d: %s\n", k+1, w[k])
	}
	for k := i; k < min(i+3, len(g)); k++ {
		fmt.Fprintf(&b, "  got  %d: %s\n", k+1, g[k])
	}
	return b.String()
}

// TestOutputs checks the URLs of DESIGN.md's output table.
func TestOutputs(t *testing.T) {
	w := NewMemWriter()
	if _, err := Render(context.Background(), txtarFS(t, "site.txtar"), w, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"index.html", "actualites/index.html", "actualites/page/2/index.html", "actualites/page/1/index.html",
		"actualites/premiere/index.html", "charte/index.html", "charte/principes/index.html", "charte/complete/index.html",
		"evenements/index.html", "evenements/webinaire/index.html", "evenements/webinaire/event.ics", "evenements/calendar.ics",
		"tags/index.html", "tags/economie/index.html", "tags/economie/feed.xml", "tags/odd-17/index.html",
		"feed.xml", "atom.xml", "feed.json", "actualites/feed.xml", "charte/feed.xml", "evenements/feed.xml",
		"sitemap.xml", "404.html", "robots.txt", "search/index.html", "search-index.json",
		"ancienne-premiere/index.html", "css/x.css", "actualites/image.svg",
	} {
		if _, ok := w.Files[name]; !ok {
			t.Errorf("%s was not written", name)
		}
	}
	if _, ok := w.Files["actualites/brouillon/index.html"]; ok {
		t.Error("a draft was published")
	}
	checks := map[string][]string{
		"actualites/premiere/index.html":  {"Un premier paragraphe\u00a0: avec une", "<h2 id=\"suite\">Suite</h2>", "jeudi 2 juin 2022"[:0] + "mercredi 1er juin 2022", "Texte\u202f; encore."},
		"evenements/webinaire/index.html": {"jeudi 2 juin 2022 13\u00a0h", "Salle 3, bâtiment B; Lille"},
		"ancienne-premiere/index.html":    {`<meta http-equiv="refresh" content="0; url=https://example.org/actualites/premiere/">`, `<link rel="canonical" href="https://example.org/actualites/premiere/">`},
		"charte/principes/index.html":     {`href="/charte/moyens/">next`},
		"actualites/index.html":           {"1/2", "Troisième", "Deuxième"},
		"actualites/page/2/index.html":    {"2/2", "Première nouvelle"},
		"index.html":                      {"Bienvenue sur le «\u202fsite\u202f» de test."},
	}
	for name, wants := range checks {
		for _, want := range wants {
			if !strings.Contains(string(w.Files[name]), want) {
				t.Errorf("%s lacks %q:\n%s", name, want, w.Files[name])
			}
		}
	}
}

// TestDeterministic builds twice, with different worker counts, and wants
// identical bytes.
func TestDeterministic(t *testing.T) {
	a, b := NewMemWriter(), NewMemWriter()
	fsys := txtarFS(t, "site.txtar")
	if _, err := Render(context.Background(), fsys, a, Options{Now: now, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Render(context.Background(), fsys, b, Options{Now: now, Workers: 4}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(archive("", a.Files), archive("", b.Files)) {
		t.Error("two builds of the same input differ")
	}
}

func TestSafePath(t *testing.T) {
	for _, p := range []string{"a/index.html", "tags/économie/index.html", "404.html"} {
		if err := SafePath(p); err != nil {
			t.Errorf("SafePath(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"", "/etc/passwd", "../x", "a/../../x", "a\\b", "a\x00b", "a//b", "./a", "a/."} {
		if err := SafePath(p); err == nil {
			t.Errorf("SafePath(%q) accepted", p)
		}
	}
}
