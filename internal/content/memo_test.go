package content

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
)

// dump writes out everything an assembled site says, page by page, with
// every link between pages as the linked page's path: two sites with the
// same dump are the same site.
func dump(s *Site) string {
	var b strings.Builder
	path := func(p *Page) string {
		switch {
		case p == nil:
			return "-"
		case p != s.GetPage(p.Path):
			return p.Path + "(of another site)"
		}
		return p.Path
	}
	paths := func(pages []*Page) string {
		var out []string
		for _, p := range pages {
			out = append(out, path(p))
		}
		return strings.Join(out, " ")
	}
	fmt.Fprintf(&b, "now %s next %s left %v files %v\n", s.Now, s.NextChange, s.LeftOut, s.Files)
	for _, p := range s.All() {
		if p.Site != s {
			fmt.Fprintf(&b, "%s belongs to another site\n", p.Path)
		}
		m := p
		fmt.Fprintf(&b, "%s %s %q type %s sec %s file %s date %s lastmod %s chapter %d part %q\n",
			p.Kind, p.Path, m.Title, m.Type, m.Section, m.File, m.Date, m.Lastmod, p.Chapter, m.Part)
		fmt.Fprintf(&b, "  %s %s body %q summary %q params %v\n", p.Permalink, p.RelPermalink, m.Body, m.SummaryField, m.Params)
		fmt.Fprintf(&b, "  prev %s next %s parent %s\n  pages %s\n  tags %s\n  related %s\n",
			path(p.Prev), path(p.Next), path(p.Parent), paths(p.Pages), paths(p.TagPages), paths(p.Related))
		if got := s.GetPage(p.Path); got != p {
			fmt.Fprintf(&b, "  GetPage gives another page\n")
		}
	}
	fmt.Fprintf(&b, "home %s tags %s\nnews %s\ncharter %s\nevents %s\nupcoming %s\npast %s\n",
		path(s.Home), path(s.TagIndex), paths(s.News), paths(s.Charter), paths(s.Events), paths(s.Upcoming), paths(s.Past))
	for _, pt := range s.Parts {
		fmt.Fprintf(&b, "part %d %q %s\n", pt.Number, pt.Name, paths(pt.Pages))
	}
	for _, dir := range slices.Sorted(maps.Keys(s.Section)) {
		fmt.Fprintf(&b, "section %s %s\n", dir, path(s.Section[dir]))
	}
	return b.String()
}

// TestMemoMatchesFresh edits a site at random, through a Memo, and checks
// after each edit that the site is the one a fresh assembly makes: text
// edits reuse the last site (copied, see rebase), others assemble again.
// It checks too that a reused site shares no page with the previous one,
// which it leaves as it was.
func TestMemoMatchesFresh(t *testing.T) {
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.org/\n"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	fsys := fstest.MapFS{
		"content/_index.md":            {Data: []byte("---\ntitle: Accueil\n---\nBienvenue.\n")},
		"content/actualites/_index.md": {Data: []byte("---\ntitle: Nouvelles\n---\nIntro.\n")},
		"content/charte/a.md":          {Data: []byte("---\ntitle: A\nweight: 1\npart: P\n---\nA.\n")},
		"content/charte/b.md":          {Data: []byte("---\ntitle: B\nweight: 2\npart: Q\ntags: [x]\n---\nB.\n")},
		"content/evenements/e.md":      {Data: []byte("---\ntitle: E\nstart: 2026-11-28T10:00:00+01:00\ntags: [x]\nlocation: Lille\n---\nE.\n")},
		"content/evenements/f.md":      {Data: []byte("---\ntitle: F\nstart: 2026-11-20\nlocation: Lyon\n---\nF.\n")},
	}
	news := func(i int, title string, day int, tags string, body string) {
		fsys[fmt.Sprintf("content/actualites/n%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\ntitle: %s\ndate: 2026-06-%02d\ntags: [%s]\n---\n%s\n", title, day, tags, body))}
	}
	for i := range 12 {
		news(i, fmt.Sprintf("N%d", i), 1+i%5, "x, y", "Texte.")
	}
	// Pages are copied by as many workers as there are cores, as for a
	// large site.
	defer func(c int) { rebaseChunk = c }(rebaseChunk)
	rebaseChunk = 2
	var memo Memo
	clock := now
	assemble := func(m *Memo) *Site {
		files, _ := Walk(context.Background(), fsys)
		s, _, err := Assemble(cfg, ReadAll(context.Background(), fsys, cfg, files.Markdown, nil), files.Other, Options{Now: clock}, m)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	prev := assemble(&memo)
	for step := range 200 {
		i := rng.IntN(14)
		switch k := rng.IntN(10); {
		case k < 6: // text only
			f := fsys[fmt.Sprintf("content/actualites/n%02d.md", i%12)]
			f.Data = []byte(strings.Replace(string(f.Data), "\n---\n", fmt.Sprintf("\n---\nMot %d. ", step), 1))
		case k < 8:
			news(i, fmt.Sprintf("N%d-%d", i, rng.IntN(3)), 1+rng.IntN(5), []string{"x", "y", "x, z", ""}[rng.IntN(4)], "Texte.")
		case k < 9:
			f := fsys["content/actualites/_index.md"]
			f.Data = append(f.Data, " Encore."...)
		default:
			clock = clock.Add(time.Duration(rng.IntN(48)) * time.Hour) // events start and end
		}
		before := dump(prev)
		got := assemble(&memo)
		if d, w := dump(got), dump(assemble(nil)); d != w {
			t.Fatalf("step %d: the memo's site differs from a fresh one:\n%s", step, firstDifference(d, w))
		}
		if dump(prev) != before {
			t.Fatalf("step %d: the previous site changed", step)
		}
		seen := map[*Page]bool{}
		for _, p := range prev.All() {
			seen[p] = true
		}
		for _, p := range got.All() {
			if seen[p] {
				t.Fatalf("step %d: %s is shared with the previous site", step, p.Path)
			}
		}
		prev = got
	}
	if memo.reuses < 80 {
		t.Errorf("the memo's site was reused %d times in 200 edits, most of which change text only", memo.reuses)
	}
}

// firstDifference shows the first line where two dumps part.
func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "memo:  " + la[i] + "\nfresh: " + lb[i]
		}
	}
	return "lengths differ"
}

// TestSetMetaCopiesEveryField fills every field of a Meta and wants the
// page's field of the same name to hold it after setMeta: a field added
// to Meta and forgotten there would be lost.
func TestSetMetaCopiesEveryField(t *testing.T) {
	var m Meta
	mv := reflect.ValueOf(&m).Elem()
	for i := range mv.NumField() {
		f := mv.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(mv.Type().Field(i).Name)
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Uint64:
			f.SetUint(uint64(i + 1))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		case reflect.Map:
			f.Set(reflect.MakeMap(f.Type()))
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Struct:
			f.Set(reflect.ValueOf(time.Date(2026, 1, i+1, 0, 0, 0, 0, time.UTC)))
		default:
			t.Fatalf("field %s of kind %s: fill it in this test", mv.Type().Field(i).Name, f.Kind())
		}
	}
	var p Page
	p.setMeta(&m)
	pv := reflect.ValueOf(&p).Elem()
	for i := range mv.NumField() {
		name := mv.Type().Field(i).Name
		pf := pv.FieldByName(name)
		if !pf.IsValid() {
			t.Errorf("Page has no field %s", name)
			continue
		}
		if !reflect.DeepEqual(pf.Interface(), mv.Field(i).Interface()) {
			t.Errorf("setMeta does not copy %s", name)
		}
	}
}
