package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/overlay"
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

func archive(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	ar := &txtar.Archive{Comment: []byte("Output of testdata/site.txtar; go test ./internal/build -update rewrites it.\n")}
	for _, n := range names {
		ar.Files = append(ar.Files, txtar.File{Name: n, Data: files[n]})
	}
	return txtar.Format(ar)
}

// TestGolden builds testdata/site.txtar in memory and compares every output
// file with testdata/site.golden.
func TestGolden(t *testing.T) {
	w := NewMemWriter()
	res, err := Render(context.Background(), txtarFS(t, "site.txtar"), w, Options{Now: now, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	got := archive(w.Files)
	golden := filepath.Join("testdata", "site.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		wa := txtar.Parse(want)
		wantFiles := map[string]string{}
		for _, f := range wa.Files {
			wantFiles[f.Name] = string(f.Data)
		}
		for name, data := range w.Files {
			if wantFiles[name] != string(data) {
				t.Errorf("%s differs from the golden file:\n got: %.600s\nwant: %.600s", name, data, wantFiles[name])
			}
			delete(wantFiles, name)
		}
		for name := range wantFiles {
			t.Errorf("%s is missing", name)
		}
		t.Log("run go test ./internal/build -update if the change is intended")
	}
	if res.Pages["news"] != 3 || res.Pages["charter"] != 2 || res.Pages["event"] != 2 {
		t.Errorf("pages by kind: %v", res.Pages)
	}
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
	if !bytes.Equal(archive(a.Files), archive(b.Files)) {
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

// TestRelaxGCRestores checks that overlapping content phases leave the
// collector's target as they found it.
func TestRelaxGCRestores(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: relaxGC leaves the target alone")
	}
	before := debug.SetGCPercent(137)
	defer debug.SetGCPercent(before)
	a := relaxGC()
	if got := debug.SetGCPercent(contentGCPercent); got != contentGCPercent {
		t.Fatalf("during the content phase the target is %d, want %d", got, contentGCPercent)
	}
	b := relaxGC()
	a()
	if got := debug.SetGCPercent(contentGCPercent); got != contentGCPercent {
		t.Errorf("with a build still loading, the target is %d, want %d", got, contentGCPercent)
	}
	b()
	if got := debug.SetGCPercent(137); got != 137 {
		t.Errorf("after both builds the target is %d, want 137", got)
	}
}

// TestGoldenTheme builds the example site and the twins' edge-case site with
// the default theme, and compares the SHA-256 of every output file with
// testdata/theme.golden: any change to what the theme writes, in a layout,
// a twin, the head's metadata or an output format, shows up here as the
// list of files it touches.
func TestGoldenTheme(t *testing.T) {
	var got bytes.Buffer
	for _, site := range []struct {
		name string
		src  fs.FS
	}{{"example", overlay.New(alliance.Example(), nil)}, {"edges", twinEdges}} {
		w := NewMemWriter()
		if _, err := Render(context.Background(), site.src, w, Options{Now: now, Theme: alliance.Theme()}); err != nil {
			t.Fatal(err)
		}
		for _, name := range w.Names() {
			fmt.Fprintf(&got, "%x %7d %s/%s\n", sha256.Sum256(w.Files[name]), len(w.Files[name]), site.name, name)
		}
	}
	golden := filepath.Join("testdata", "theme.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		wantLines := map[string]bool{}
		for _, l := range strings.Split(string(want), "\n") {
			wantLines[l] = true
		}
		for _, l := range strings.Split(got.String(), "\n") {
			if !wantLines[l] {
				t.Errorf("differs from the golden list: %s", l)
			}
		}
		t.Log("run go test ./internal/build -run TestGoldenTheme -update if the change is intended")
	}
}
