package images

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

func photoJPEG(t testing.TB, seed uint64, w, h int) []byte {
	t.Helper()
	return testphoto.JPEG(testphoto.Photo(seed, w, h), 90, nil)
}

// TestCacheAcrossBuilds: a second Processor on the same folder (a second
// build) decodes and encodes nothing and returns the same results, also for
// a renamed source; Prune then removes what it did not use.
func TestCacheAcrossBuilds(t *testing.T) {
	dir := t.TempDir()
	data := photoJPEG(t, 1, 1700, 1000)
	other := photoJPEG(t, 2, 900, 600)

	first := newProcessor(t, Options{CacheDir: dir})
	set1, err := first.Responsive(t.Context(), load(t, first, "a/photo.jpg", data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.Responsive(t.Context(), load(t, first, "b/other.jpg", other)); err != nil {
		t.Fatal(err)
	}
	if s := first.Stats(); s.Decodes != 2 || s.Encodes != 8+4 {
		t.Fatalf("first build: %+v, want 2 decodes and 12 encodes", s)
	}

	second := newProcessor(t, Options{CacheDir: dir})
	set2, err := second.Responsive(t.Context(), load(t, second, "moved/renamed.jpg", data))
	if err != nil {
		t.Fatal(err)
	}
	if s := second.Stats(); s.Decodes != 0 || s.Encodes != 0 || s.DiskHits != 8 {
		t.Fatalf("second build: %+v, want no decode, no encode, 8 disk hits", s)
	}
	for i, r := range set2.WebP {
		a := set1.WebP[i]
		if r.Hash != a.Hash || r.Path != a.Path || strings.TrimPrefix(r.Name, "renamed") != strings.TrimPrefix(a.Name, "photo") {
			t.Errorf("renamed source: %+v, first build %+v", r, a)
		}
	}

	// The same Processor again: the memory layer answers.
	if _, err := second.Responsive(t.Context(), load(t, second, "moved/renamed.jpg", data)); err != nil {
		t.Fatal(err)
	}
	if s := second.Stats(); s.MemoryHits != 8 || s.DiskHits != 8 {
		t.Fatalf("serve rebuild: %+v, want 8 memory hits", s)
	}

	// Prune keeps the 8 entries used, removes the 4 of the other photo and
	// a temporary file left by a killed build.
	stale := filepath.Join(dir, "ab", tempPrefix+"123")
	os.MkdirAll(filepath.Dir(stale), 0o755)
	writeFile(t, stale, []byte("half"))
	old := mustStat(t, stale).ModTime().Add(-2 * staleTemp)
	os.Chtimes(stale, old, old)
	removed, err := second.Prune(t.Context(), second.Used())
	if err != nil || removed != 4 {
		t.Fatalf("Prune: %d, %v; want 4 removed", removed, err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file left: %v", err)
	}
	third := newProcessor(t, Options{CacheDir: dir})
	third.Responsive(t.Context(), load(t, third, "x.jpg", data))
	third.Responsive(t.Context(), load(t, third, "y.jpg", other))
	if s := third.Stats(); s.DiskHits != 8 || s.Encodes != 4 {
		t.Errorf("after Prune: %+v, want the used 8 kept and the other 4 made again", s)
	}
}

func mustStat(t testing.TB, name string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// TestCacheBrokenEntries: an entry whose bytes were cut or changed, or
// whose description is missing (a build killed between the two renames),
// is made again, and the result is whole.
func TestCacheBrokenEntries(t *testing.T) {
	dir := t.TempDir()
	data := photoJPEG(t, 3, 600, 400)
	op := Op{Action: Resize, Width: 300, Format: WebP}
	p := newProcessor(t, Options{CacheDir: dir})
	good := process(t, p, load(t, p, "p.jpg", data), op)[0]
	want := readFile(t, good.Path)

	for _, tc := range []struct {
		name  string
		spoil func()
	}{
		{"cut", func() { os.WriteFile(good.Path, want[:len(want)/2], 0o644) }},
		{"same size, other bytes", func() {
			b := bytes.Clone(want)
			b[len(b)/2] ^= 1
			os.WriteFile(good.Path, b, 0o644)
		}},
		{"no description", func() { os.Remove(strings.TrimSuffix(good.Path, ".webp") + ".json") }},
		{"bad description", func() { os.WriteFile(strings.TrimSuffix(good.Path, ".webp")+".json", []byte("{"), 0o644) }},
		{"no bytes", func() { os.Remove(good.Path) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.spoil()
			q := newProcessor(t, Options{CacheDir: dir})
			r := process(t, q, load(t, q, "p.jpg", data), op)[0]
			if s := q.Stats(); s.Encodes != 1 || s.DiskHits != 0 {
				t.Errorf("%+v, want the entry made again", s)
			}
			if got := readFile(t, r.Path); !bytes.Equal(got, want) || r != good {
				t.Errorf("remade entry differs: %+v", r)
			}
		})
	}
}

// TestDeterministic: two Processors with caches of their own make the same
// bytes, and so the same names, for every format and operation.
func TestDeterministic(t *testing.T) {
	data := photoJPEG(t, 4, 1300, 900)
	png := encodePNG(t, quadrants(500, 300))
	ops := []Op{
		{Action: Resize, Width: 800, Format: WebP}, {Action: Resize, Width: 800},
		{Action: Fill, Width: 1200, Height: 630}, {Action: Fit, Width: 400, Height: 400, Format: PNG},
		{Action: Resize, Width: 200, Format: GIF},
	}
	var names [2][]string
	for i := range names {
		p := newProcessor(t, Options{})
		for _, src := range []*Source{load(t, p, "a.jpg", data), load(t, p, "b.png", png)} {
			for _, r := range process(t, p, src, ops...) {
				names[i] = append(names[i], r.Name+" "+r.Hash)
			}
		}
	}
	if strings.Join(names[0], "\n") != strings.Join(names[1], "\n") {
		t.Errorf("two runs differ:\n%s\n---\n%s", strings.Join(names[0], "\n"), strings.Join(names[1], "\n"))
	}
}

// TestBatchIndependent: an output is the same whether it is made alone or
// with others from the same decode (each comes from the pyramid, not from
// the previous output).
func TestBatchIndependent(t *testing.T) {
	data := photoJPEG(t, 5, 2000, 1500)
	p := newProcessor(t, Options{})
	alone := process(t, p, load(t, p, "a.jpg", data), Op{Action: Resize, Width: 480, Format: WebP})[0]
	q := newProcessor(t, Options{})
	set, err := q.Responsive(t.Context(), load(t, q, "a.jpg", data))
	if err != nil {
		t.Fatal(err)
	}
	if set.WebP[0].Hash != alone.Hash {
		t.Errorf("480w made alone %s, with the other widths %s", alone.Hash, set.WebP[0].Hash)
	}
	if s := q.Stats(); s.Decodes != 1 {
		t.Errorf("Responsive decoded %d times, want once", s.Decodes)
	}
}

// TestConcurrent: many goroutines asking for the same and for different
// sources at once (run with -race) share one decode per source.
func TestConcurrent(t *testing.T) {
	p := newProcessor(t, Options{Widths: []int{100, 200}})
	var sources [][]byte
	for i := range 4 {
		sources = append(sources, testJPEG(t, testphoto.Photo(uint64(10+i), 300, 200)))
	}
	var wg sync.WaitGroup
	hashes := make([][]string, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src, err := p.Load("s.jpg", sources[g%4])
			if err != nil {
				t.Error(err)
				return
			}
			set, err := p.Responsive(context.Background(), src)
			if err != nil {
				t.Error(err)
				return
			}
			for _, r := range append(set.WebP, set.Fallback...) {
				hashes[g] = append(hashes[g], r.Hash)
			}
		}()
	}
	wg.Wait()
	if s := p.Stats(); s.Decodes != 4 || s.Encodes != 16 {
		t.Errorf("%+v, want 4 decodes and 16 encodes", s)
	}
	for g := 4; g < 16; g++ {
		if strings.Join(hashes[g], " ") != strings.Join(hashes[g%4], " ") {
			t.Errorf("goroutine %d got other outputs than goroutine %d", g, g%4)
		}
	}
}
