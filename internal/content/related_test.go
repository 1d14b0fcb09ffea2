package content

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/catalyseurs/alliance/internal/config"
)

// TestCachedRelatedMatchesFresh edits a site at random, through a Cache,
// and checks after each load that every page's related pages are those a
// load without a cache finds: the cache redoes only the pages a change can
// reach, and this is what says it found them all.
func TestCachedRelatedMatchesFresh(t *testing.T) {
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
	var c Cache
	opt := Options{Now: now}
	if _, _, err := c.Load(context.Background(), fsys, cfg, opt, nil); err != nil {
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
		got, _, err := c.Load(context.Background(), fsys, cfg, opt, []string{name(i)})
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

// TestRelatedIndexMatchesPlain compares the pair index with the plain
// count over whole tag lists, on random sites with many ties (same days,
// same titles) and some pages with more tags than the index pairs.
func TestRelatedIndexMatchesPlain(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.org/\n"))
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		pool := 3 + rng.IntN(30)
		fsys := fstest.MapFS{}
		for i := 0; i < 150; i++ {
			n := rng.IntN(5)
			if rng.IntN(15) == 0 {
				n = maxPairTags + 1 + rng.IntN(5)
			}
			var ts []string
			for j := 0; j < n; j++ {
				ts = append(ts, fmt.Sprintf("t%d", rng.IntN(pool)))
			}
			fsys[fmt.Sprintf("content/actualites/p%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
				"---\ntitle: Page %c\ndate: 2022-06-%02d\ntags: [%s]\n---\nTexte.\n", 'a'+rng.IntN(3), 1+rng.IntN(5), strings.Join(ts, ", ")))}
		}
		s, _, err := Load(context.Background(), fsys, cfg, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		fast := map[string][]string{}
		for _, p := range s.Pages {
			fast[p.Path] = paths(p.Related)
		}
		score := make([]int, len(s.Pages))
		var touched []int
		for _, p := range s.Pages {
			touched = relatedOne(s, p, score, touched[:0])
			if want := paths(p.Related); !slices.Equal(fast[p.Path], want) {
				t.Fatalf("seed %d: %s (%d tags): index gives %v, plain count %v", seed, p.Path, len(p.TagPages), fast[p.Path], want)
			}
		}
	}
}
