package build

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/templates"
)

// renderMarkdown converts every body, in parallel, and fills each page's
// rendered fields. Pages do not change after this phase. A quick rebuild
// converts only the updated pages: the others are the previous build's,
// rendered already.
func (b *builder) renderMarkdown() {
	pages := b.site.All()
	if b.quick {
		pages = b.updated
	}
	links := make([][]markdown.Link, len(pages))
	b.parallel("markdown", len(pages), func(i int) {
		links[i] = b.renderPageMarkdown(pages[i])
	})
	for i, p := range pages {
		delete(b.res.Links, p)
		if len(links[i]) > 0 {
			b.res.Links[p] = links[i]
		}
	}
}

// rendered is what the markdown phase makes of a page; a Session keeps it
// by file and revision.
type rendered struct {
	title            string
	content, summary template.HTML
	summaryText      string
	toc              []content.Heading
	plain            string
	words            int
	links            []markdown.Link // lines in the file
}

func (b *builder) renderPageMarkdown(p *content.Page) []markdown.Link {
	r, ok := b.inc.markdown(p)
	if !ok {
		var err error
		if r, err = b.convert(p); err != nil {
			line := p.BodyLine
			var ne *markdown.LimitError
			if errors.As(err, &ne) {
				line += ne.Line - 1
			}
			b.addErr(&diag.Error{Pos: diag.Pos{File: p.File, Line: line}, Msg: "markdown: " + err.Error()})
			return nil
		}
		b.inc.keepMarkdown(p, r)
	}
	p.Title, p.Content, p.Summary, p.SummaryText, p.TOC = r.title, r.content, r.summary, r.summaryText, r.toc
	p.Plain, p.WordCount = r.plain, r.words
	p.ReadingTime = max(1, (r.words+219)/220)
	if b.inc == nil {
		p.Body = nil // rendered now; a one-off build needs the memory more
	}
	return r.links
}

func (b *builder) convert(p *content.Page) (rendered, error) {
	r := rendered{title: b.conv.Typo(p.Title)}
	var res markdown.Result
	if len(p.Body) > 0 {
		var err error
		if res, err = b.conv.Convert(p.Body); err != nil {
			return r, err
		}
	}
	r.content = template.HTML(res.HTML)
	if p.SummaryField != "" {
		r.summary = template.HTML(b.conv.Inline(p.SummaryField))
	} else {
		r.summary = template.HTML(res.Summary)
	}
	r.summaryText = templates.Plainify(r.summary)
	for _, h := range res.TOC {
		r.toc = append(r.toc, content.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	r.plain, r.words = res.Text, res.Words
	r.links = make([]markdown.Link, len(res.Links))
	for i, l := range res.Links {
		l.Line += p.BodyLine - 1
		r.links[i] = l
	}
	return r, nil
}

func (b *builder) markdownify(s string) template.HTML {
	return template.HTML(b.conv.Inline(s))
}

// job is one HTML file to render: a page, or one pager page of a list.
type job struct {
	page   *content.Page
	out    string
	layout string
	kind   string
}

// renderPages runs each page's layout, in parallel, and writes the result.
func (b *builder) renderPages() {
	var jobs []job
	if b.quick {
		jobs = b.inc.jobs // the site and layouts are those of the previous build
	} else {
		jobs = b.jobs()
		if b.inc != nil {
			b.inc.jobs = jobs
		}
	}
	for _, j := range jobs {
		b.res.Pages[j.kind]++
	}
	b.layout.ResetCache()
	siteSig := b.siteSignature()
	if b.quick { // the other outputs are carried from the previous build
		var kept []job
		for _, j := range jobs {
			if shows(j, b.updated) {
				kept = append(kept, j)
			}
		}
		jobs = kept
	}
	b.parallel("pages", len(jobs), func(i int) {
		j := jobs[i]
		sig := b.jobSignature(siteSig, j)
		if b.reuse(j.out, sig) {
			return
		}
		buf := b.bufs.Get().(*bytes.Buffer)
		buf.Reset()
		defer b.bufs.Put(buf)
		if err := b.layout.Execute(buf, j.layout, j.page); err != nil {
			b.addErr(err)
			return
		}
		b.write(j.out, b.out.keep(buf.Bytes()))
		b.inc.wrote(j.out, sig)
	})
}

// jobs lists the HTML files to render, in a stable order.
func (b *builder) jobs() []job {
	var jobs []job
	for _, p := range b.site.All() {
		layout, ok := b.layout.Lookup(p)
		if !ok {
			b.mu.Lock() // the search index is being built beside
			b.errs.Add(diag.Pos{File: "layouts"}, fmt.Sprintf("no layout for %s page %s", p.Kind, p.Path), "one of layouts/"+strings.Join(candidates(p), ", layouts/"))
			b.mu.Unlock()
			continue
		}
		kind := outputKind(p)
		if b.paginated(p) {
			for _, pg := range b.paginate(p) {
				jobs = append(jobs, job{page: pg, out: pg.OutputPath(), layout: layout, kind: kind})
			}
			continue
		}
		jobs = append(jobs, job{page: p, out: p.OutputPath(), layout: layout, kind: kind})
	}
	return jobs
}

func candidates(p *content.Page) []string { return templates.Candidates(p) }

func outputKind(p *content.Page) string {
	switch p.Kind {
	case content.KindPage:
		return p.Type
	case content.KindSpecial:
		return "other"
	case content.KindTerm, content.KindTaxonomy:
		return "tags"
	}
	return "list"
}

// paginated reports whether a list is split into pager pages: news and
// plain sections and tag pages are; the charter's contents and the events
// list are read whole.
func (b *builder) paginated(p *content.Page) bool {
	switch p.Kind {
	case content.KindTerm:
		return true
	case content.KindSection:
		return p.Type != "charter" && p.Type != "event"
	}
	return false
}

// paginate returns one copy of p per pager page: /DIR/, /DIR/page/2/, ...
func (b *builder) paginate(p *content.Page) []*content.Page {
	size := b.cfg.Paginate
	total := max(1, (len(p.Pages)+size-1)/size)
	// path is site-relative (for the output file); url is what layouts
	// link to, under the base URL's path.
	base := strings.TrimSuffix(p.RelPermalink, p.Path)
	path := func(n int) string {
		if n == 1 {
			return p.Path
		}
		return p.Path + "page/" + strconv.Itoa(n) + "/"
	}
	url := func(n int) string { return base + path(n) }
	out := make([]*content.Page, total)
	for n := 1; n <= total; n++ {
		cp := *p
		pg := &content.Pager{
			PageNumber: n, TotalPages: total,
			Pages:    p.Pages[(n-1)*size : min(n*size, len(p.Pages))],
			URL:      url(n),
			FirstURL: url(1), LastURL: url(total),
		}
		if n > 1 {
			pg.PrevURL = url(n - 1)
		}
		if n < total {
			pg.NextURL = url(n + 1)
		}
		cp.Paginator = pg
		if n > 1 {
			cp.Path = path(n)
			cp.RelPermalink = pg.URL
			cp.Permalink = strings.TrimSuffix(p.Permalink, p.Path) + cp.Path
		}
		out[n-1] = &cp
	}
	return out
}

// writeAliases writes a redirect page at each alias, and at /DIR/page/1/.
func (b *builder) writeAliases() {
	if b.quick {
		return // they depend on URLs alone: carried
	}
	for _, p := range b.site.All() {
		for _, a := range p.Aliases {
			b.write(strings.TrimPrefix(a, "/")+"index.html", redirectPage(p.Permalink, b.cfg.Language))
		}
		if b.paginated(p) {
			b.write(strings.TrimPrefix(p.Path, "/")+"page/1/index.html", redirectPage(p.Permalink, b.cfg.Language))
		}
	}
}

// redirectPage is a small page that sends readers and robots to target.
func redirectPage(target, lang string) []byte {
	t := html.EscapeString(target)
	return []byte(`<!doctype html>
<html lang="` + html.EscapeString(lang) + `">
<head>
<meta charset="utf-8">
<title>` + t + `</title>
<link rel="canonical" href="` + t + `">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=` + t + `">
</head>
<body><p>Cette page a changé d’adresse&nbsp;: <a href="` + t + `">` + t + `</a>.</p></body>
</html>
`)
}
