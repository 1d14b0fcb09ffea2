package build

import (
	"bytes"
	"context"
	"sort"
	"testing"
	"time"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/content"
)

// BenchmarkLayouts renders the pages of a generated site (the pages phase
// alone, once the site is loaded and its Markdown rendered) and reports
// the time per output of each layout: what a theme's layouts cost.
func BenchmarkLayouts(b *testing.B) {
	_, root := benchSite(b)
	bl := &builder{ctx: context.Background(), src: root.FS(), opt: Options{Now: now, Theme: alliance.Theme(), Workers: 1}}
	bl.bufs.New = func() any { return new(bytes.Buffer) }
	bl.res = &Result{Pages: map[string]int{}}
	bl.out = newCountingWriter(discard{}, 0)
	bl.loadConfig()
	bl.loadContent()
	bl.renderMarkdown()
	bl.loadLayouts()
	if len(bl.errs) > 0 {
		b.Fatal(bl.errs)
	}
	jobs := bl.jobs()
	spent := map[string]time.Duration{}
	count := map[string]int{}
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		bl.layout.ResetCache()
		for _, j := range jobs {
			buf.Reset()
			t0 := time.Now()
			if err := bl.layout.Execute(&buf, j.layout, j.page); err != nil {
				b.Fatal(err)
			}
			spent[j.layout] += time.Since(t0)
			count[j.layout]++
		}
	}
	names := make([]string, 0, len(spent))
	for n := range spent {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b.ReportMetric(float64(spent[n].Microseconds())/float64(count[n]), "us/"+n)
	}
}

// BenchmarkFrame renders the 404 page again and again: the frame alone
// (baseof, head, header, footer), what every page of the default theme
// pays; and a news post, for what its layout adds.
func BenchmarkFrame(b *testing.B) {
	_, root := benchSite(b)
	bl := &builder{ctx: context.Background(), src: root.FS(), opt: Options{Now: now, Theme: alliance.Theme(), Workers: 1}}
	bl.bufs.New = func() any { return new(bytes.Buffer) }
	bl.res = &Result{Pages: map[string]int{}}
	bl.out = newCountingWriter(discard{}, 0)
	bl.loadConfig()
	bl.loadContent()
	bl.renderMarkdown()
	bl.loadLayouts()
	var notFound *content.Page
	for _, p := range bl.site.Specials {
		if p.Layout == "404" {
			notFound = p
		}
	}
	for _, c := range []struct {
		name, layout string
		page         *content.Page
	}{{"404", "404.html", notFound}, {"news", "news/single.html", bl.site.News[len(bl.site.News)/2]}} {
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := bl.layout.Execute(&buf, c.layout, c.page); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
