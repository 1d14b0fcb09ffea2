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
