package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"sort"
	"testing"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/overlay"
	"github.com/catalyseurs/alliance/internal/testsite"
)

// TestTwinsMatchTemplates builds sites with the default theme twice, with
// the Go twins of its layouts and with templates only, and compares every
// output file.
func TestTwinsMatchTemplates(t *testing.T) {
	sites := map[string]fs.FS{"example": overlay.New(alliance.Example(), nil)}
	for _, seed := range []int64{1, 7} {
		dir := t.TempDir()
		if err := testsite.Generate(dir, testsite.Options{Pages: 400, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		sites["generated-"+string(rune('0'+seed))] = os.DirFS(dir)
	}
	for name, src := range sites {
		t.Run(name, func(t *testing.T) {
			build := func(templatesOnly bool) map[string][]byte {
				w := NewMemWriter()
				_, err := Render(context.Background(), src, w, Options{Now: now, Theme: alliance.Theme(), TemplatesOnly: templatesOnly})
				if err != nil {
					t.Fatal(err)
				}
				return w.Files
			}
			twins, plain := build(false), build(true)
			if len(twins) != len(plain) {
				t.Errorf("%d files with twins, %d with templates only", len(twins), len(plain))
			}
			var names []string
			for n := range plain {
				names = append(names, n)
			}
			sort.Strings(names)
			diffs := 0
			for _, n := range names {
				if !bytes.Equal(twins[n], plain[n]) {
					diffs++
					if diffs <= 3 {
						t.Errorf("%s differs:\n%s", n, firstDiff(twins[n], plain[n]))
					}
				}
			}
			if diffs > 3 {
				t.Errorf("%d files differ in all", diffs)
			}
		})
	}
}

// firstDiff shows where a (twins) and b (templates) part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-120)
	return "twin:     …" + string(a[from:min(len(a), i+120)]) + "\ntemplate: …" + string(b[from:min(len(b), i+120)])
}
