package floor

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance/internal/testsite"
)

func TestRun(t *testing.T) {
	src, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
	if err := testsite.Generate(src, testsite.Options{Pages: 20}); err != nil {
		t.Fatal(err)
	}
	st, err := Run(context.Background(), src, dest, 3)
	if err != nil {
		t.Fatal(err)
	}
	if st.Pages != 20 {
		t.Errorf("Stats.Pages = %d, want 20", st.Pages)
	}
	var files []string
	err = filepath.WalkDir(dest, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 20 {
		t.Fatalf("%d files written, want 20: %v", len(files), files)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dest, f)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) != 3 || parts[2] != "index.html" {
			t.Errorf("%s: want SECTION/SLUG/index.html", rel)
			continue
		}
		if _, err := os.Stat(filepath.Join(src, "content", parts[0], parts[1]+".md")); err != nil {
			t.Errorf("%s: no source page: %v", rel, err)
		}
		html, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(html), "---") || strings.Contains(string(html), "tags: [") || !strings.Contains(string(html), "<p>") {
			t.Errorf("%s: front matter left or no paragraph:\n%.300s", rel, html)
		}
	}
}

func TestRunCancelled(t *testing.T) {
	src := t.TempDir()
	if err := testsite.Generate(src, testsite.Options{Pages: 20}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, src, t.TempDir(), 2); err == nil {
		t.Error("Run with a cancelled context: no error")
	}
}

func TestBody(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"---\ntitle: a\n---\n\n# T\n", "\n# T\n"},
		{"---\r\ntitle: a\r\n---\r\nx", "x"},
		{"+++\ntitle = 'a'\n+++\nx", "x"},
		{"---\ntitle: a\n---", ""},
		{"# no front matter\n---\n", "# no front matter\n---\n"},
		{"---\nunclosed: true\n", "---\nunclosed: true\n"},
		{"----\nx\n", "----\nx\n"},
	} {
		if got := string(Body([]byte(c.in))); got != c.want {
			t.Errorf("Body(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// BenchmarkFloor converts a generated site of ALLIANCE_BENCH_PAGES pages
// (default 1000), the site generated once; the output folder is removed
// (untimed) before each iteration, as for a fresh build.
func BenchmarkFloor(b *testing.B) {
	n := 1000
	if s := os.Getenv("ALLIANCE_BENCH_PAGES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("ALLIANCE_BENCH_PAGES=%q: want a positive integer", s)
		}
		n = v
	}
	src := b.TempDir()
	if err := testsite.Generate(src, testsite.Options{Pages: n}); err != nil {
		b.Fatal(err)
	}
	dest := filepath.Join(b.TempDir(), "public")
	var pages int
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(dest); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		st, err := Run(context.Background(), src, dest, 0)
		if err != nil {
			b.Fatal(err)
		}
		pages = st.Pages
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
