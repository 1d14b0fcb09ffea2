package build

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/testsite"
)

// benchPages is the size of the generated site of the benchmarks:
// ALLIANCE_BENCH_PAGES, 1000 by default.
func benchPages(b *testing.B) int {
	if s := os.Getenv("ALLIANCE_BENCH_PAGES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 1000
}

func benchSite(b *testing.B) (dir string, root *os.Root) {
	b.Helper()
	dir = b.TempDir()
	if err := testsite.Generate(dir, testsite.Options{Pages: benchPages(b)}); err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { root.Close() })
	return dir, root
}

// BenchmarkBuild is a whole build of a generated site into a folder.
func BenchmarkBuild(b *testing.B) {
	dir, _ := benchSite(b)
	opt := Options{Now: now, Theme: alliance.Theme()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dest := filepath.Join(b.TempDir(), "public")
		if _, err := Build(context.Background(), dir, dest, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEditRebuild is serve's loop: one page of a generated site is
// saved, and the session rebuilds until the new text is in its snapshot.
// "body" changes the text only, as most saves do (the quick path: nothing
// moves in any list); "title" renames the page, which may move it in its
// lists, so the site is assembled again.
func BenchmarkEditRebuild(b *testing.B) {
	dir, root := benchSite(b)
	sess := NewSession(root.FS(), Options{Now: now, Theme: alliance.Theme(), Log: benchLog()})
	refreshed := make(chan time.Time, 1)
	sess.OnRefresh = func(*Snapshot) { refreshed <- time.Now() } // as serve does: the search index follows
	sess.RefreshDelay = time.Millisecond                         // serve waits 0.5 s for the editor to stop saving
	if _, err := sess.Build(context.Background(), nil); err != nil {
		b.Fatal(err) // a first build writes the index itself: no refresh
	}
	page := "content/actualites/" + firstNews(b, dir)
	src, err := os.ReadFile(filepath.Join(dir, page))
	if err != nil {
		b.Fatal(err)
	}
	edits := []struct {
		name string
		edit func(i int) []byte
	}{
		{"body", func(i int) []byte {
			return append(slices.Clip(src), fmt.Sprintf("\n\nMot ajouté numéro %d.\n", i)...)
		}},
		{"title", func(i int) []byte {
			out := bytes.Replace(src, []byte("\ntitle: \""), []byte(fmt.Sprintf("\ntitle: \"Édition %d, ", i)), 1)
			if bytes.Equal(out, src) {
				b.Fatal("no quoted title to change")
			}
			return out
		}},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			var refresh time.Duration // the search index's refresh, after each rebuild
			var cpu time.Duration     // the process's CPU time during the rebuilds
			for i := 0; b.Loop(); i++ {
				if err := os.WriteFile(filepath.Join(dir, page), e.edit(i), 0o644); err != nil {
					b.Fatal(err)
				}
				var snap *Snapshot
				var err error
				before := cpuTime(b)
				// Labelled, so that a -cpuprofile can be read for rebuilds alone:
				// go tool pprof -tagfocus=build=incremental.
				pprof.Do(context.Background(), pprof.Labels("build", "incremental"), func(ctx context.Context) {
					snap, err = sess.Build(ctx, []string{page})
				})
				cpu += cpuTime(b) - before
				if err != nil {
					b.Fatal(err)
				}
				if len(snap.Changed) == 0 {
					b.Fatal("nothing changed")
				}
				// The index refresh runs after the page is served; wait for it
				// outside the timer, as an editor's next save comes seconds later.
				b.StopTimer()
				built := time.Now()
				refresh += (<-refreshed).Sub(built) - sess.RefreshDelay
				b.StartTimer()
			}
			b.ReportMetric(refresh.Seconds()*1000/float64(b.N), "refresh-ms/op")
			// CPU time tells more than wall time on a machine shared with
			// other work.
			b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/op")
		})
	}
}

func firstNews(b *testing.B, dir string) string {
	entries, err := os.ReadDir(filepath.Join(dir, "content", "actualites"))
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "_index.md" {
			return e.Name()
		}
	}
	b.Fatal("no news")
	return ""
}

// benchLog prints each phase's time when ALLIANCE_BENCH_LOG is set.
func benchLog() io.Writer {
	if os.Getenv("ALLIANCE_BENCH_LOG") != "" {
		return os.Stderr
	}
	return nil
}

// BenchmarkRender is a whole build into memory: the pipeline's own work,
// without the file system's.
func BenchmarkRender(b *testing.B) {
	_, root := benchSite(b)
	opt := Options{Now: now, Theme: alliance.Theme()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Render(context.Background(), root.FS(), NewMemWriter(), opt); err != nil {
			b.Fatal(err)
		}
	}
}
