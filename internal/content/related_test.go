package content

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
)

// TestMemoRelatedMatchesFresh edits a site at random, assembling it again
// with a Memo after each edit, and checks that every page's related pages
// are those an assembly without a memo finds: the memo redoes only the
// pages whose tag lists changed, and this says it finds them all.
func TestMemoRelatedMatchesFresh(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.org/\n"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	tags := []string{"a", "b", "c", "d", "e", "f"}
	page := func(i int) string {
		var ts []string
		for _, tg := range tags {
			if rng.IntN(3) == 0 {
				ts = append(ts, tg)
			}
		}
		return fmt.Sprintf("---\ntitle: Page %c\ndate: 2022-06-%02d\ntags: [%s]\n---\nTexte.\n", 'a'+rng.IntN(5), 1+rng.IntN(20), strings.Join(ts, ", "))
	}
	fsys := fstest.MapFS{}
	name := func(i int) string { return fmt.Sprintf("content/actualites/p%02d.md", i) }
	for i := 0; i < 40; i++ {
		fsys[name(i)] = &fstest.MapFile{Data: []byte(page(i))}
	}
	var memo Memo
	opt := Options{Now: now}
	assemble := func() (*Site, error) {
		files, _ := Walk(context.Background(), fsys)
		s, _, err := Assemble(cfg, ReadAll(context.Background(), fsys, cfg, files.Markdown, nil), files.Other, opt, &memo)
		return s, err
	}
	if _, err := assemble(); err != nil {
		t.Fatal(err)
	}
	for step := 0; step < 300; step++ {
		i := rng.IntN(50)
		switch {
		case i >= 40 || rng.IntN(8) == 0: // add or delete
			if _, ok := fsys[name(i)]; ok {
				delete(fsys, name(i))
			} else {
				fsys[name(i)] = &fstest.MapFile{Data: []byte(page(i))}
			}
		default:
			fsys[name(i)] = &fstest.MapFile{Data: []byte(page(i))}
		}
		got, err := assemble()
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := Load(context.Background(), fsys, cfg, opt)
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range want.Pages {
			if g, w := paths(got.Pages[k].Related), paths(p.Related); !slices.Equal(g, w) {
				t.Fatalf("step %d (%s): %s is related to %v, want %v", step, name(i), p.Path, g, w)
			}
		}
	}
}

func paths(pages []*Page) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Path)
	}
	return out
}

// TestRelatedIndexMatchesPlain compares the index with the plain count
// over whole tag lists, on random loaded sites with many ties (same days,
// same titles), pools of tags small (so that pages share many tags: every
// level of the index is used) and large, pages with 0 to maxSetTags tags
// (listed under every subset), and on some sites pages with more (listed
// by pair only) and with more than maxPairTags (kept apart), rare or common.
func TestRelatedIndexMatchesPlain(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.org/\n"))
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 45; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		var pool int
		switch seed % 3 {
		case 0:
			pool = 2 + rng.IntN(6)
		case 1:
			pool = 8 + rng.IntN(25)
		default:
			pool = 40 + rng.IntN(100)
		}
		days, titles, big := 1+rng.IntN(5), 1+rng.IntN(3), []int{0, 6, 40}[seed/3%3]
		fsys := fstest.MapFS{}
		for i := range 50 + rng.IntN(250) {
			var ts []string
			for _, k := range randomTags(rng, pool, big) {
				ts = append(ts, fmt.Sprintf("t%d", k))
			}
			fsys[fmt.Sprintf("content/actualites/p%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
				"---\ntitle: Page %c\ndate: 2022-06-%02d\ntags: [%s]\n---\nTexte.\n", 'a'+rng.IntN(titles), 1+rng.IntN(days), strings.Join(ts, ", ")))}
		}
		s, _, err := Load(context.Background(), fsys, cfg, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		checkRelated(t, fmt.Sprintf("seed %d, %d tags", seed, len(s.Tags)), s)
	}
}

// TestRelatedIndexMatchesPlainLarge does the same on larger sites made
// without files, where the lists are long and the index stops early.
func TestRelatedIndexMatchesPlainLarge(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		pool := []int{3, 6, 12, 60, 300, 9, 5, 20}[seed-1]
		big := []int{0, 8, 200}[seed%3]
		s := randomSite(rng, 1000+rng.IntN(2000), pool, 1+rng.IntN(30), 1+rng.IntN(4), func() []int { return randomTags(rng, pool, big) })
		relatedOf(s, s.Pages)
		checkRelated(t, fmt.Sprintf("large seed %d, %d tags", seed, pool), s)
	}
}

// randomTags draws a page's tags from a pool: 0 to maxSetTags of them, or
// once in big times (never if big is 0) up to maxPairTags or more; the
// first tags of the pool are more common.
func randomTags(rng *rand.Rand, pool, big int) []int {
	n := rng.IntN(maxSetTags + 1)
	if big != 0 && rng.IntN(big) == 0 {
		n = maxSetTags + 1 + rng.IntN(maxPairTags-maxSetTags)
		if rng.IntN(2) == 0 {
			n = maxPairTags + 1 + rng.IntN(5)
		}
	}
	var ts []int
	for len(ts) < min(n, pool) {
		u := rng.Float64()
		if k := int(float64(pool) * u * u); !slices.Contains(ts, k) {
			ts = append(ts, k)
		}
	}
	return ts
}

// checkRelated checks every page's related pages, set by the index,
// against their definition: the three pages sharing the most tags with
// it, newest first among equals, found by scoring every other page.
func checkRelated(t *testing.T, name string, s *Site) {
	t.Helper()
	for _, p := range s.Pages {
		type scored struct {
			q     *Page
			score int
		}
		var all []scored
		for _, q := range s.Pages {
			if n := shared(p, q); q != p && n > 0 {
				all = append(all, scored{q, n})
			}
		}
		slices.SortFunc(all, func(a, b scored) int {
			if a.score != b.score {
				return b.score - a.score
			}
			return order(newer(a.q, b.q))
		})
		var want []string
		for _, c := range all[:min(3, len(all))] {
			want = append(want, c.q.Path)
		}
		if got := paths(p.Related); !slices.Equal(got, want) {
			t.Fatalf("%s: %s (%d tags): index gives %v, the definition %v", name, p.Path, len(p.TagPages), got, want)
		}
	}
}

// randomSite makes a site of n pages without reading files, with ntags
// tags (each page's drawn by tags, as positions), dates over days days and
// titles from a pool of titles.
func randomSite(rng *rand.Rand, n, ntags, days, titles int, tags func() []int) *Site {
	s := &Site{}
	for i := 0; i < ntags; i++ {
		s.Tags = append(s.Tags, &Page{Slug: fmt.Sprintf("t%03d", i), Kind: KindTerm, Path: fmt.Sprintf("/tags/t%03d/", i)})
	}
	day := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		p := &Page{Kind: KindPage, Path: fmt.Sprintf("/actualites/p%06d/", i),
			Title: fmt.Sprintf("Titre %d", rng.IntN(titles)), Date: day.AddDate(0, 0, rng.IntN(days)), Shape: uint64(i + 1)}
		p.when = p.Date.UnixNano()
		for _, k := range tags() {
			p.TagPages = append(p.TagPages, s.Tags[k])
		}
		s.Pages = append(s.Pages, p)
	}
	byDate := slices.Clone(s.Pages)
	sortByDate(byDate)
	for _, p := range byDate {
		for _, t := range p.TagPages {
			t.Pages = append(t.Pages, p)
		}
	}
	s.Tags = slices.DeleteFunc(s.Tags, func(t *Page) bool { return len(t.Pages) == 0 })
	for i, p := range s.Pages {
		p.index = i
	}
	return s
}

// benchSite makes a site of n pages for BenchmarkRelated: ntags tags, 1 to
// 4 tags a page (fewer more often), some tags much more common than others,
// dates over eight years (many pages a day) and titles from a small pool,
// so that ties are common.
func benchSite(n, ntags int) *Site {
	rng := rand.New(rand.NewPCG(uint64(n), 3))
	return randomSite(rng, n, ntags, 8*365, 50, func() []int {
		k := 1 + rng.IntN(4)
		if k > 1 && rng.IntN(2) == 0 {
			k-- // 1 tag: 37.5 %, 2: 31.25 %, 3: 18.75 %, 4: 12.5 %
		}
		var ts []int
		for len(ts) < k {
			u := rng.Float64()
			if t := int(float64(ntags) * u * u); !slices.Contains(ts, t) { // the first tags are the common ones
				ts = append(ts, t)
			}
		}
		return ts
	})
}

// BenchmarkRelated finds every page's related pages on one core (the
// index included), on sites of 10,000 and 50,000 pages and 60 tags: the
// cost per page should hardly grow with the site.
func BenchmarkRelated(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := benchSite(n, 60)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			ix := newRelatedIndex(s)
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(ix)
			b.ReportAllocs()
			for b.Loop() { // the timer starts here
				ix := newRelatedIndex(s)
				sc := ix.scratch()
				for _, p := range s.Pages {
					ix.related(p, sc)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/page")
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)), "index-B") // the index kept
		})
	}
}

// BenchmarkRelatedIndex builds the index alone, as a rebuild in serve does
// before redoing the few pages a change can reach.
func BenchmarkRelatedIndex(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := benchSite(n, 60)
			b.ReportAllocs()
			for b.Loop() {
				newRelatedIndex(s)
			}
		})
	}
}
