package templates

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/catalyseurs/alliance/internal/content"
)

// A twin is a layout of the default theme written again in Go: it writes
// what the template writes, byte for byte, without text/template's
// reflective evaluation (some 60 actions per news page, each a reflective
// call through html/template's escapers). The templates stay the source of
// truth: a site that overrides any file a twin mirrors gets the templates,
// and so does a theme whose files no longer hash to what the twin was
// written from (TestTwinsMirrorTheTheme fails first, to say that the twin
// needs writing again).
//
// The partials that a twin does not mirror (the footer, and the header of
// single pages: each runs once per build or section) still run as
// templates, so a site may override them and keep the twin. The lists'
// header is written in Go while partials/header.html is the theme's.
//
// TestTwinsMatchTemplates builds generated sites, the example site and an
// edge-case site both ways and compares every file; FuzzTwins does the same
// on small sites with fuzzed titles, authors, tags and bodies.
type twin struct {
	layout string   // the layout it replaces, which must define the "main" block
	files  []string // the layout files whose text it mirrors, under layouts/
	sum    string   // hex SHA-256 of those files' text, in that order
	render func(s *Set, b *bytes.Buffer, p *content.Page) error
}

// framed lists the files of the frame (see frame), then files.
func framed(files ...string) []string {
	return append([]string{"_default/baseof.html", "partials/head.html"}, files...)
}

var twins = []twin{{
	layout: "news/single.html",
	files: framed("news/single.html",
		"partials/breadcrumbs.html", "partials/tags.html", "partials/authors.html", "partials/event-when.html"),
	sum:    "62f8cf063a84755b372f9e7de44f801aee7f0624f793f99b4adccb40d8b45abf",
	render: newsSingle,
}, {
	layout: "_default/term.html",
	files: framed("_default/term.html",
		"partials/breadcrumbs.html", "partials/summary.html", "partials/authors.html",
		"partials/pagination.html", "partials/section-feed.html", "partials/event-when.html", "partials/event-status.html"),
	sum:    "3bc45d68efdf9d905ab7c776cba9a0eadeab3b0955e0149a54e95fc49df07078",
	render: term,
}, {
	layout: "_default/list.html",
	files: framed("_default/list.html",
		"partials/summary.html", "partials/authors.html",
		"partials/pagination.html", "partials/section-feed.html", "partials/event-when.html", "partials/event-status.html"),
	sum:    "0b81afce25a07fd98a65585838faa305215469eb0eb4ed33b77190337075a17d",
	render: list,
}, {
	layout: "event/single.html",
	files: framed("event/single.html",
		"partials/breadcrumbs.html", "partials/tags.html", "partials/event-when.html", "partials/event-status.html"),
	sum:    "bb04b185adf7eefb066c4a61caedc2c2061fe354997841a1b0fcc6fcfda0cb26",
	render: eventSingle,
}}

// headerTwin is the text of partials/header.html that header mirrors: the
// frame of the twins writes the header of lists in Go while the file is the
// theme's, and runs the site's own header.html otherwise.
var headerTwin = twin{
	layout: "partials/header.html",
	files:  []string{"partials/header.html"},
	sum:    "fcbbcd576f14acf17a6edd929649ad4832bab8d4b95a7b1e2505a1c35e863b4c",
}

// twinSum is the SHA-256 of files' texts, each followed by a NUL byte.
func twinSum(files []string, text func(string) (string, bool)) (string, bool) {
	h := sha256.New()
	for _, f := range files {
		t, ok := text(f)
		if !ok {
			return "", false
		}
		h.Write([]byte(t))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// enableTwins keeps the twins whose files are those they were written from
// and whose layout's blocks come from those files.
func (s *Set) enableTwins(files map[string]string) {
	s.twins = map[string]func(*Set, *bytes.Buffer, *content.Page) error{}
	text := func(f string) (string, bool) {
		t, ok := files[root+"/"+f]
		return t, ok
	}
	sum, ok := twinSum(headerTwin.files, text)
	s.headerTwin = ok && sum == headerTwin.sum
	for _, tw := range twins {
		sum, ok := twinSum(tw.files, text)
		if !ok || sum != tw.sum {
			continue
		}
		t := s.layouts[tw.layout]
		if t == nil {
			continue
		}
		// A partial may define blocks of its own ({{ define "scripts" }}):
		// the twin only knows those of its files.
		mainT, scripts := t.Lookup("main"), t.Lookup("scripts")
		if mainT == nil || mainT.Tree == nil || mainT.Tree.ParseName != root+"/"+tw.layout {
			continue
		}
		if scripts == nil || scripts.Tree == nil || scripts.Tree.ParseName != root+"/_default/baseof.html" {
			continue
		}
		s.twins[tw.layout] = tw.render
	}
}

// out writes a twin's output with html/template's escaping.
type out struct{ *bytes.Buffer }

// text writes a plain string in HTML text or a quoted attribute value.
func (o out) text(s string) { o.WriteString(attrText(s)) }

// url writes a plain string at the start of a URL attribute value.
func (o out) url(s string) { o.WriteString(urlAttr(s)) }

// time writes <time datetime="dt">text</time>. Escaping works character
// by character, so text may join pieces that the template escaped one by one.
func (o out) time(dt, text string) {
	o.WriteString(`<time datetime="`)
	o.text(dt)
	o.WriteString(`">`)
	o.text(text)
	o.WriteString(`</time>`)
}

// html writes trusted HTML, as html/template does in text.
func (o out) html(h template.HTML) { o.WriteString(string(h)) }

// frame is _default/baseof.html around main, for layouts that define no
// "scripts" block.
func (s *Set) frame(o out, p *content.Page, main func() error) error {
	o.WriteString(`<!doctype html>` + "\n" + `<html lang="`)
	o.text(p.Site.Language())
	o.WriteString(`" data-root="`)
	o.text(s.relURL("/"))
	o.WriteString(`">` + "\n<head>\n")
	// partials/head.html
	o.WriteString(`<meta charset="utf-8">` + "\n" + `<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	meta, err := s.metaTags(p)
	if err != nil {
		return err
	}
	o.html(meta)
	o.WriteString("\n\n</head>\n" + `<body class="kind-`)
	o.text(p.Kind)
	if p.Type != "" {
		o.WriteString(" type-")
		o.text(p.Type)
	}
	if p.Layout != "" {
		o.WriteString(" layout-")
		o.text(p.Layout)
	}
	o.WriteString(`">` + "\n" + `<a class="skip-link" href="#contenu">Aller au contenu</a>` + "\n")
	var header template.HTML
	if p.IsPage() {
		header, err = s.partialCached("header.html", p, "page", p.Section)
	} else if s.headerTwin {
		header = s.header(p)
	} else {
		header, err = s.partial("header.html", p)
	}
	if err != nil {
		return err
	}
	o.html(header)
	o.WriteString("\n" + `<main id="contenu" tabindex="-1">` + "\n" + `<div class="wrap">` + "\n")
	if err := main(); err != nil {
		return err
	}
	o.WriteString("\n</div>\n</main>\n")
	footer, err := s.partialCached("footer.html", p)
	if err != nil {
		return err
	}
	o.html(footer)
	o.WriteString("\n" + `<script src="`)
	o.url(s.relURL("/js/site.js"))
	o.WriteString(`" defer></script>` + "\n\n</body>\n</html>\n")
	return nil
}

// header is partials/header.html. Pages of a section share theirs (the
// frame caches it, as the theme's baseof.html does); lists get their own,
// since the menu marks the current one.
func (s *Set) header(p *content.Page) template.HTML {
	cur := p.RelPermalink
	if p.Paginator != nil {
		cur = p.Paginator.URL
	}
	var b bytes.Buffer
	o := out{&b}
	home := s.relURL("/")
	o.WriteString(`<header class="site-header">` + "\n" + `<div class="wrap header-inner">` + "\n" + `<p class="site-name"><a href="`)
	o.url(home)
	o.WriteString(`">`)
	o.text(s.typoCached(p.Site.Title()))
	o.WriteString(`</a></p>` + "\n" + `<nav class="site-nav" aria-label="Menu principal">` + "\n<ul>")
	for _, m := range p.Site.Menu() {
		href := s.relURL(m.URL)
		o.WriteString("\n" + `<li><a href="`)
		o.url(href)
		o.WriteString(`"`)
		if href == cur || href == p.RelPermalink {
			o.WriteString(` aria-current="page"`)
		} else if href != home && strings.Contains(p.RelPermalink, href) {
			o.WriteString(` aria-current="true"`)
		}
		o.WriteString(">")
		o.text(m.Name)
		o.WriteString("</a></li>")
	}
	o.WriteString("\n</ul>\n</nav>\n</div>\n</header>\n")
	return template.HTML(b.String())
}

// newsSingle is news/single.html.
func newsSingle(s *Set, b *bytes.Buffer, p *content.Page) error {
	o := out{b}
	return s.frame(o, p, func() error {
		o.WriteString("\n")
		s.breadcrumbs(o, p)
		o.WriteString("\n" + `<article class="post">` + "\n" + `<header class="page-header">` + "\n<h1>")
		o.text(p.Title)
		o.WriteString("</h1>\n" + `<p class="meta">` + "\n" + `<span>Publié le `)
		o.time(isoDate(p.Date), DateFR("Monday 2 January 2006", p.Date))
		o.WriteString(`</span>`)
		if len(p.Authors) > 0 {
			o.WriteString("\n" + `<span class="sep" aria-hidden="true">·</span> <span>Par `)
			s.authors(o, p.Authors)
			o.WriteString(`</span>`)
		}
		o.WriteString("\n" + `<span class="sep" aria-hidden="true">·</span> <span>`)
		o.WriteString(strconv.Itoa(p.ReadingTime))
		o.WriteString("&nbsp;min de lecture</span>\n</p>")
		if !p.Lastmod.IsZero() && p.Lastmod.After(p.Date) && !sameDay(p.Lastmod, p.Date) {
			o.WriteString("\n" + `<p class="meta">Mis à jour le `)
			o.time(isoDate(p.Lastmod), DateFR("Monday 2 January 2006", p.Lastmod))
			o.WriteString(`</p>`)
		}
		o.WriteString("\n</header>\n" + `<div class="prose">` + "\n")
		o.html(p.Content)
		o.WriteString("\n</div>\n")
		tagList(o, p)
		o.WriteString("\n</article>")
		if len(p.Related) > 0 {
			o.WriteString("\n" + `<section class="related" aria-labelledby="titre-a-lire-aussi">` + "\n" + `<h2 id="titre-a-lire-aussi">À lire aussi</h2>` + "\n<ul>")
			for _, r := range p.Related {
				o.WriteString("\n" + `<li><a href="`)
				o.url(r.RelPermalink)
				o.WriteString(`">`)
				o.text(r.Title)
				o.WriteString(`</a>`)
				if r.Event != nil {
					o.WriteString(` <span class="meta">`)
					eventWhen(o, r.Event)
					o.WriteString(`</span>`)
				} else if !r.Date.IsZero() {
					o.WriteString(` <span class="meta">`)
					o.time(isoDate(r.Date), DateFR("2 January 2006", r.Date))
					o.WriteString(`</span>`)
				}
				o.WriteString(`</li>`)
			}
			o.WriteString("\n</ul>\n</section>")
		}
		if p.Prev != nil || p.Next != nil {
			o.WriteString("\n" + `<nav class="prev-next" aria-label="Autres actualités">` + "\n<ul>")
			if q := p.Prev; q != nil {
				o.WriteString("\n" + `<li class="prev"><a href="`)
				o.url(q.RelPermalink)
				o.WriteString(`" rel="prev"><span class="label"><span aria-hidden="true">← </span>Actualité plus récente</span> <span class="title">`)
				o.text(q.Title)
				o.WriteString(`</span></a></li>`)
			}
			if q := p.Next; q != nil {
				o.WriteString("\n" + `<li class="next"><a href="`)
				o.url(q.RelPermalink)
				o.WriteString(`" rel="next"><span class="label">Actualité plus ancienne<span aria-hidden="true"> →</span></span> <span class="title">`)
				o.text(q.Title)
				o.WriteString(`</span></a></li>`)
			}
			o.WriteString("\n</ul>\n</nav>")
		}
		o.WriteString("\n")
		return nil
	})
}

// breadcrumbs is partials/breadcrumbs.html.
func (s *Set) breadcrumbs(o out, p *content.Page) {
	o.WriteString(`<nav class="breadcrumbs" aria-label="Fil d’Ariane">` + "\n<ol>\n" + `<li><a href="`)
	o.url(s.relURL("/"))
	o.WriteString(`">Accueil</a></li>`)
	if q := p.Parent; q != nil && !q.IsHome() {
		o.WriteString("\n" + `<li><a href="`)
		o.url(q.RelPermalink)
		o.WriteString(`">`)
		o.text(q.Title)
		o.WriteString(`</a></li>`)
	}
	o.WriteString("\n" + `<li><a href="`)
	o.url(p.RelPermalink)
	o.WriteString(`" aria-current="page">`)
	o.text(p.Title)
	o.WriteString("</a></li>\n</ol>\n</nav>\n")
}

// tagList is partials/tags.html.
func tagList(o out, p *content.Page) {
	if len(p.TagPages) > 0 {
		o.WriteString("\n" + `<div class="tags">` + "\n" + `<h2 class="tags-title">Étiquettes</h2>` + "\n<ul>")
		for _, t := range p.TagPages {
			o.WriteString("\n" + `<li><a href="`)
			o.url(t.RelPermalink)
			o.WriteString(`" rel="tag">`)
			o.text(t.Title)
			o.WriteString(`</a></li>`)
		}
		o.WriteString("\n</ul>\n</div>")
	}
	o.WriteString("\n")
}

// authors is partials/authors.html.
func (s *Set) authors(o out, names []string) {
	for i, a := range names {
		if i > 0 {
			if i+1 == len(names) {
				o.WriteString(" et ")
			} else {
				o.WriteString(", ")
			}
		}
		o.WriteString(`<span class="author">`)
		o.text(s.typoCached(a))
		o.WriteString(`</span>`)
	}
}

// listed returns the pages a list shows on this pager page, and its number.
func listed(p *content.Page) ([]*content.Page, int) {
	if p.Paginator != nil {
		return p.Paginator.Pages, p.Paginator.PageNumber
	}
	return p.Pages, 1
}

// term is _default/term.html.
func term(s *Set, b *bytes.Buffer, p *content.Page) error {
	o := out{b}
	return s.frame(o, p, func() error {
		pages, num := listed(p)
		o.WriteString("\n")
		s.breadcrumbs(o, p)
		o.WriteString("\n" + `<header class="page-header">` + "\n" + `<p class="kicker">Étiquette</p>` + "\n<h1>")
		o.text(p.Title)
		o.WriteString("</h1>\n" + `<p class="meta">`)
		o.text(Plural(len(p.Pages), "page", "pages"))
		if num > 1 {
			o.WriteString(" · page " + strconv.Itoa(num) + " sur " + strconv.Itoa(p.Paginator.TotalPages))
		}
		o.WriteString("</p>\n</header>\n" + `<ol class="cards">`)
		if err := s.cards(o, pages); err != nil {
			return err
		}
		o.WriteString("\n</ol>\n")
		s.pagination(o, p)
		o.WriteString("\n")
		s.sectionFeed(o, p)
		o.WriteString("\n" + `<p><a href="`)
		o.url(s.relURL("/tags/"))
		o.WriteString(`">Toutes les étiquettes</a></p>` + "\n")
		return nil
	})
}

// list is _default/list.html.
func list(s *Set, b *bytes.Buffer, p *content.Page) error {
	o := out{b}
	return s.frame(o, p, func() error {
		pages, num := listed(p)
		o.WriteString("\n" + `<header class="page-header">` + "\n<h1>")
		o.text(p.Title)
		o.WriteString("</h1>")
		if num > 1 {
			o.WriteString("\n" + `<p class="meta">Page ` + strconv.Itoa(num) + " sur " + strconv.Itoa(p.Paginator.TotalPages) + "</p>")
		} else if p.Content != "" {
			o.WriteString("\n" + `<div class="prose intro">`)
			o.html(p.Content)
			o.WriteString("</div>")
		}
		o.WriteString("\n</header>")
		if len(pages) > 0 {
			o.WriteString("\n" + `<ol class="cards">`)
			if err := s.cards(o, pages); err != nil {
				return err
			}
			o.WriteString("\n</ol>")
		} else {
			o.WriteString("\n" + `<p class="empty">Rien n’a encore été publié ici.</p>`)
		}
		o.WriteString("\n")
		s.pagination(o, p)
		if p.Kind == content.KindSection || p.Kind == content.KindTerm {
			o.WriteString("\n")
			s.sectionFeed(o, p)
		}
		o.WriteString("\n")
		return nil
	})
}

// cards writes the list items of pages, each the summary card of level 2.
func (s *Set) cards(o out, pages []*content.Page) error {
	for _, q := range pages {
		o.WriteString("\n<li>")
		c, err := s.card(q)
		if err != nil {
			return err
		}
		o.WriteString(c)
		o.WriteString("</li>")
	}
	return nil
}

// card is partials/summary.html for level 2, kept for the next lists
// that show the same page, as partialCached kept it.
func (s *Set) card(p *content.Page) (string, error) {
	key := "\x00card\x00" + p.Path
	if v, ok := s.cached.Load(key); ok {
		return v.(string), nil
	}
	var b bytes.Buffer
	o := out{&b}
	o.WriteString("\n" + `<article class="card`)
	if p.Type != "" {
		o.WriteString(" card-")
		o.text(p.Type)
	}
	o.WriteString(`">` + "\n" + `<h2 class="card-title"><a href="`)
	o.url(p.RelPermalink)
	o.WriteString(`">`)
	o.text(p.Title)
	o.WriteString(`</a></h2>`)
	switch {
	case p.Event != nil:
		o.WriteString("\n" + `<p class="meta">`)
		eventWhen(o, p.Event)
		eventStatus(o, p.Event)
		o.WriteString(`</p>`)
	case p.Chapter != 0:
		o.WriteString("\n" + `<p class="meta">Chapitre ` + strconv.Itoa(p.Chapter))
		if p.Part != "" {
			o.WriteString(" · ")
			o.text(p.Part)
		}
		o.WriteString(`</p>`)
	case !p.Date.IsZero():
		o.WriteString("\n" + `<p class="meta">`)
		o.time(isoDate(p.Date), DateFR("2 January 2006", p.Date))
		if len(p.Authors) > 0 {
			o.WriteString(" · Par ")
			s.authors(o, p.Authors)
		}
		o.WriteString(`</p>`)
	}
	if p.Summary != "" {
		o.WriteString("\n" + `<div class="summary">`)
		o.html(p.Summary)
		o.WriteString(`</div>`)
	}
	o.WriteString("\n" + `<p class="more"><a href="`)
	o.url(p.RelPermalink)
	o.WriteString(`">Lire la suite<span class="visually-hidden"> de «&#8239;`)
	o.text(p.Title)
	o.WriteString("&#8239;»</span></a></p>\n</article>\n")
	c := b.String()
	s.cached.Store(key, c)
	return c, nil
}

// pagination is partials/pagination.html.
func (s *Set) pagination(o out, p *content.Page) {
	if pg := p.Paginator; pg != nil && pg.TotalPages > 1 {
		o.WriteString("\n" + `<nav class="pagination" aria-label="Pagination">` + "\n<ul>")
		if pg.HasPrev() {
			o.WriteString("\n" + `<li class="prev"><a href="`)
			o.url(pg.PrevURL)
			o.WriteString(`" rel="prev"><span aria-hidden="true">← </span>Page précédente</a></li>`)
		}
		o.WriteString("\n" + `<li class="current"><span aria-current="page">Page ` + strconv.Itoa(pg.PageNumber) + " sur " + strconv.Itoa(pg.TotalPages) + `</span></li>`)
		if pg.HasNext() {
			o.WriteString("\n" + `<li class="next"><a href="`)
			o.url(pg.NextURL)
			o.WriteString(`" rel="next">Page suivante<span aria-hidden="true"> →</span></a></li>`)
		}
		o.WriteString("\n</ul>\n</nav>")
	}
	o.WriteString("\n")
}

// sectionFeed is partials/section-feed.html.
func (s *Set) sectionFeed(o out, p *content.Page) {
	base := p.RelPermalink
	if p.Paginator != nil {
		base = p.Paginator.FirstURL
	}
	o.WriteString(`<p class="section-feed"><a href="`)
	o.url(base)
	o.WriteString(`feed.xml">S’abonner au fil RSS «&#8239;`)
	o.text(p.Title)
	o.WriteString("&#8239;»</a></p>\n")
}

// eventWhen is partials/event-when.html.
func eventWhen(o out, e *content.Event) {
	const long = "Monday 2 January 2006"
	if e.AllDay {
		d1 := e.Start.Format("2006-01-02")
		if e.End.IsZero() || sameDay(e.Start, e.End) {
			o.time(d1, DateFR(long, e.Start))
			return
		}
		first := DateFR("Monday 2", e.Start)
		if e.Start.Day() == 1 {
			first = DateFR("Monday", e.Start) + " 1er"
		}
		if e.Start.Year() != e.End.Year() {
			first = DateFR(long, e.Start)
		} else if e.Start.Month() != e.End.Month() {
			first = DateFR("Monday 2 January", e.Start)
		}
		o.WriteString("du ")
		o.time(d1, first)
		o.WriteString(" au ")
		o.time(e.End.Format("2006-01-02"), DateFR(long, e.End))
		return
	}
	start := DateFR(long, e.Start) + " à " + TimeFR(e.Start)
	switch {
	case e.End.IsZero():
		o.time(isoDate(e.Start), start)
	case sameDay(e.Start, e.End):
		o.time(isoDate(e.Start), DateFR(long, e.Start)+", de "+TimeFR(e.Start))
		o.WriteString(" à ")
		o.time(isoDate(e.End), TimeFR(e.End))
	default:
		o.WriteString("du ")
		o.time(isoDate(e.Start), start)
		o.WriteString(" au ")
		o.time(isoDate(e.End), DateFR(long, e.End)+" à "+TimeFR(e.End))
	}
}

// eventStatus is partials/event-status.html.
func eventStatus(o out, e *content.Event) {
	switch e.Status {
	case "cancelled":
		o.WriteString(` <span class="badge badge-cancelled">Annulé</span>`)
	case "postponed":
		o.WriteString(` <span class="badge badge-postponed">Reporté</span>`)
	}
}

// eventSingle is event/single.html.
func eventSingle(s *Set, b *bytes.Buffer, p *content.Page) error {
	o := out{b}
	e := p.Event
	if e == nil {
		return fmt.Errorf("event/single.html: page %s has no event fields", p.Path)
	}
	return s.frame(o, p, func() error {
		now := p.Site.Now
		o.WriteString("\n")
		s.breadcrumbs(o, p)
		o.WriteString("\n" + `<article class="event-page`)
		if e.Status != "" {
			o.WriteString(" status-")
			o.text(e.Status)
		}
		o.WriteString(`" data-end="`)
		o.text(isoDate(e.Until()))
		o.WriteString(`">` + "\n" + `<header class="page-header">` + "\n" + `<p class="kicker">Événement</p>` + "\n<h1>")
		o.text(p.Title)
		o.WriteString("</h1>")
		switch e.Status {
		case "cancelled":
			o.WriteString("\n" + `<p class="banner banner-cancelled"><strong>Annulé</strong>&nbsp;: cet événement n’aura pas lieu.</p>`)
		case "postponed":
			o.WriteString("\n" + `<p class="banner banner-postponed"><strong>Reporté</strong>&nbsp;: cet événement est reporté, une nouvelle date sera annoncée.</p>`)
		}
		o.WriteString("\n" + `<p class="event-when lead">`)
		eventWhen(o, e)
		o.WriteString(`</p>`)
		if e.Status != "cancelled" && e.Status != "postponed" {
			o.WriteString("\n" + `<p class="notice" data-past-notice`)
			if e.Upcoming(now) {
				o.WriteString(" hidden")
			}
			o.WriteString(`>Cet événement est terminé.</p>`)
		}
		if e.RegistrationRequired && e.Status != "cancelled" {
			if e.Registration != "" {
				o.WriteString("\n" + `<p class="cta"`)
				if !e.Upcoming(now) {
					o.WriteString(" hidden")
				}
				o.WriteString(`><a class="button" href="`)
				o.url(e.Registration)
				o.WriteString(`">S’inscrire (inscription obligatoire)</a></p>`)
			} else {
				o.WriteString("\n" + `<p class="cta-text"><strong>Inscription obligatoire.</strong></p>`)
			}
		}
		o.WriteString("\n</header>\n" + `<dl class="event-facts">` + "\n<dt>Date</dt>\n<dd>")
		eventWhen(o, e)
		eventStatus(o, e)
		o.WriteString("</dd>")
		if e.Location != "" {
			o.WriteString("\n<dt>Lieu</dt>\n<dd>")
			o.text(s.typoCached(e.Location))
			o.WriteString("</dd>")
		}
		if e.Online != "" {
			o.WriteString("\n<dt>En ligne</dt>\n" + `<dd><a href="`)
			o.url(e.Online)
			o.WriteString(`">Participer en ligne</a></dd>`)
		}
		if e.Organizer != "" {
			o.WriteString("\n<dt>Organisé par</dt>\n<dd>")
			o.text(s.typoCached(e.Organizer))
			o.WriteString("</dd>")
		}
		if e.Price != "" {
			o.WriteString("\n<dt>Tarif</dt>\n<dd>")
			if strings.ToLower(e.Price) == "gratuit" {
				o.WriteString("Gratuit")
			} else {
				o.text(s.typoCached(ucfirst(e.Price)))
			}
			o.WriteString("</dd>")
		}
		if e.Registration != "" || e.RegistrationRequired {
			o.WriteString("\n<dt>Inscription</dt>\n<dd>")
			if e.RegistrationRequired {
				o.WriteString("Inscription obligatoire")
				if e.Registration != "" {
					o.WriteString(`&nbsp;: <a href="`)
					o.url(e.Registration)
					o.WriteString(`">formulaire d’inscription</a>`)
				}
			} else {
				o.WriteString(`<a href="`)
				o.url(e.Registration)
				o.WriteString(`">S’inscrire</a> (facultatif)`)
			}
			o.WriteString("</dd>")
		}
		o.WriteString("\n</dl>\n" + `<ul class="calendar-links">` + "\n" + `<li><a class="button secondary" href="`)
		o.url(p.RelPermalink)
		o.WriteString(`event.ics" download="`)
		o.text(p.Slug)
		o.WriteString(`.ics">Ajouter à mon agenda</a></li>`)
		if q := p.Parent; q != nil {
			o.WriteString("\n" + `<li><a href="`)
			o.WriteString(trustedURLAttr(string(webcal(AbsURL(s.baseURL, q.Permalink+"calendar.ics")))))
			o.WriteString(`">S’abonner au calendrier</a></li>`)
		}
		o.WriteString("\n</ul>\n" + `<div class="prose">` + "\n")
		o.html(p.Content)
		o.WriteString("\n</div>\n")
		tagList(o, p)
		o.WriteString("\n</article>")
		if q := p.Parent; q != nil {
			o.WriteString("\n" + `<p class="back"><a href="`)
			o.url(q.RelPermalink)
			o.WriteString(`">Tous les événements</a></p>`)
		}
		o.WriteString("\n")
		return nil
	})
}
