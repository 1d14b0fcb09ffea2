package build

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/images"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/templates"
)

// renderer renders pages' Markdown for the site (content.Renderer): a
// Session's earlier result when the page's source is the same.
type renderer struct{ b *builder }

func (r renderer) Render(p *content.Page) *content.Rendered {
	if out, ok := r.b.keys.rendered(p); ok && sameLinks(p, out.Links) {
		return out
	}
	out := r.b.convert(p)
	if out.Err == nil {
		r.b.keys.keepRendered(p, out)
	}
	return out
}

// convert renders the body and summary of p.
func (b *builder) convert(p *content.Page) *content.Rendered {
	r := &content.Rendered{}
	var res markdown.Result
	imgs := &pageImages{b: b, p: p}
	if len(p.Body) > 0 {
		env := markdown.Env{Resolver: imgs}
		if b.layout != nil {
			env.Shortcodes, env.Hooks = b.layout.Markup(p)
		}
		var err error
		defer func() {
			if len(imgs.errs) > 0 && r.Err == nil {
				r.Err = imgs.errs
			}
			if len(imgs.warns) > 0 {
				b.mu.Lock()
				b.res.ImageFindings = append(b.res.ImageFindings, imgs.warns...)
				b.mu.Unlock()
			}
		}()
		if res, err = b.conv.ConvertEnv(p.Body, env); err != nil {
			line := p.BodyLine
			if l := markdown.ErrorLine(err); l > 0 {
				line += l - 1
			}
			msg := "markdown: " + err.Error()
			var ce *markdown.CallError
			var he *markdown.HookError
			if errors.As(err, &ce) || errors.As(err, &he) {
				msg = err.Error()
			}
			r.Err = &diag.Error{Pos: diag.Pos{File: p.File, Line: line}, Msg: msg, Err: err}
			return r
		}
	}
	r.Content = template.HTML(res.HTML)
	if p.SummaryField != "" {
		r.Summary = template.HTML(b.conv.Inline(p.SummaryField))
	} else {
		r.Summary = template.HTML(res.Summary)
	}
	r.SummaryText = templates.Plainify(r.Summary)
	for _, h := range res.TOC {
		r.TOC = append(r.TOC, content.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	for _, s := range res.Sections {
		r.Sections = append(r.Sections, content.Section{ID: s.ID, Heading: s.Heading, Body: s.Body, Start: s.Start})
	}
	r.Plain, r.Words = res.Text, res.Words
	for _, l := range res.Links {
		link := content.Link{Dest: l.Dest, Line: l.Line + p.BodyLine - 1, Image: l.Image, URL: l.URL, Resolved: l.Resolved}
		if src, ok := imgs.srcs[l.Line]; ok && l.Image {
			link.URL, link.Resolved = src, true // the picture's, which the build writes
		}
		r.Links = append(r.Links, link)
	}
	return r
}

// Resource gives layouts the files of a page's folder (.Resources.Get):
// its images.
func (r renderer) Resource(p *content.Page, name string) (any, error) {
	if r.b.images == nil {
		return nil, nil
	}
	img, err := r.b.images.PageResource(p.File, name)
	if images.KindOf(err) == images.Missing {
		return nil, nil
	}
	return img, err
}

// sameLinks reports whether a page's links lead where they led when its
// Markdown was rendered: a rendered body kept by a Session is reused only
// then, since a page it links to may have moved.
func sameLinks(p *content.Page, links []content.Link) bool {
	for _, l := range links {
		if l.Resolved || markdown.Relative(l.Dest) {
			url, ok := p.Site.Resolve(p, l.Dest)
			if ok != l.Resolved || ok && url != l.URL {
				return false
			}
		}
	}
	return true
}

// renderMarkdown renders every page's Markdown, in parallel, so that the
// errors are all known before any layout runs, and notes the links found.
func (b *builder) renderMarkdown() {
	pages := b.site.All()
	b.parallel("markdown", len(pages), func(i int) {
		r := pages[i].Rendered()
		if r.Err != nil {
			b.addErr(r.Err)
		}
	})
	b.res.Links = make([]PageLinks, 0, len(pages))
	for _, p := range pages {
		if l := p.Rendered().Links; len(l) > 0 {
			b.res.Links = append(b.res.Links, PageLinks{p, l})
		}
	}
}

// job is one HTML file to render: a page, or one pager page of a list.
type job struct {
	page   *content.Page
	list   *content.Page // for a pager page: the list it is a page of
	out    string
	layout string
	kind   string // for the summary: "news", "charter", "event", "page", "list", "tags" or "other"
}

// renderPages runs each page's layout, in parallel, and writes the result.
func (b *builder) renderPages() {
	b.layout.ResetCache()
	if ix, redo, ok := b.keys.carried(b); ok {
		b.carryPages(ix, redo)
		return
	}
	jobs := b.jobs()
	for _, j := range jobs {
		b.res.Pages[j.kind]++
	}
	var deps []jobDeps
	var data [][]byte
	if b.keys != nil {
		deps, data = make([]jobDeps, len(jobs)), make([][]byte, len(jobs))
	}
	b.parallel("pages", len(jobs), func(i int) {
		j := jobs[i]
		written := b.emit(j.out, func() uint64 { return b.keys.job(b, j, &deps[i]) }, func(buf *bytes.Buffer) error {
			return b.layout.Execute(buf, j.layout, j.page)
		})
		if data != nil {
			data[i] = written
		}
	})
	if b.keys != nil {
		b.keys.memo.nextPages = b.keys.index(b, jobs, deps, data)
	}
}

// carryPages writes the HTML outputs of a Session's last good build, whose
// site had this one's shape: the bytes kept for each, but for the records
// of redo, made again.
func (b *builder) carryPages(ix *pageIndex, redo map[int32]bool) {
	all := b.site.All()
	next := *ix // the same outputs read the same pages; versions and bytes are this build's
	next.versions, next.lists = b.keys.versions, b.keys.lists
	next.records = slices.Clone(ix.records)
	pagers := map[int32][]*content.Page{} // a list's pager pages, made when one is needed
	var todo []int
	var names []string
	var datas [][]byte
	for i, r := range ix.records {
		b.res.Pages[r.kind]++
		if !redo[int32(i)] && r.data != nil {
			names, datas = append(names, r.out), append(datas, r.data)
			continue
		}
		todo = append(todo, i)
	}
	if err := b.out.writeAll(names, datas); err != nil {
		b.addErr(&diag.Error{Msg: "cannot write: " + err.Error()})
	}
	jobs := make([]job, len(todo))
	for k, i := range todo {
		r := ix.records[i]
		j := job{page: all[r.pos], out: r.out, layout: r.layout, kind: r.kind}
		if r.pager > 0 {
			pgs, ok := pagers[r.pos]
			if !ok {
				pgs = b.paginate(all[r.pos])
				pagers[r.pos] = pgs
			}
			j.page, j.list = pgs[r.pager-1], all[r.pos]
		}
		jobs[k] = j
	}
	b.parallel("pages", len(jobs), func(k int) {
		j := jobs[k]
		next.records[todo[k]].data = b.emit(j.out, func() uint64 { return b.keys.job(b, j, nil) }, func(buf *bytes.Buffer) error {
			return b.layout.Execute(buf, j.layout, j.page)
		})
	})
	b.keys.memo.nextPages = &next
}

// jobs lists the HTML files to render, in a stable order.
func (b *builder) jobs() []job {
	var jobs []job
	for _, p := range b.site.All() {
		layout, ok := b.layout.Lookup(p)
		if !ok {
			b.addErr(&diag.Error{Pos: diag.Pos{File: "layouts"}, Msg: fmt.Sprintf("no layout for %s page %s", p.Kind, p.Path),
				Want: "one of layouts/" + strings.Join(templates.Candidates(p), ", layouts/")})
			continue
		}
		kind := summaryKind(p)
		if paginated(p) {
			for _, pg := range b.paginate(p) {
				jobs = append(jobs, job{page: pg, list: p, out: pg.OutputPath(), layout: layout, kind: kind})
			}
			continue
		}
		jobs = append(jobs, job{page: p, out: p.OutputPath(), layout: layout, kind: kind})
	}
	return jobs
}

// summaryKind is what the build's summary counts a page as.
func summaryKind(p *content.Page) string {
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
func paginated(p *content.Page) bool {
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
	redirect := func(name string, p *content.Page) {
		b.emit(name, func() uint64 { return b.keys.redirect(p) }, func(buf *bytes.Buffer) error {
			buf.Write(redirectPage(p.Permalink, b.cfg.Language))
			return nil
		})
	}
	for _, p := range b.site.All() {
		for _, a := range p.Aliases {
			redirect(strings.TrimPrefix(a, "/")+"index.html", p)
		}
		if paginated(p) {
			redirect(strings.TrimPrefix(p.Path, "/")+"page/1/index.html", p)
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
