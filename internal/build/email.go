package build

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	nethtml "golang.org/x/net/html"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/email"
	"github.com/catalyseurs/alliance/internal/feed"
	"github.com/catalyseurs/alliance/internal/images"
	"github.com/catalyseurs/alliance/internal/overlay"
	"github.com/catalyseurs/alliance/internal/templates"
)

// E-mail editions. Every build writes, beside each news post's page, its
// e-mail edition: email.html (the layout news/email.html, its styles then
// inlined by package email) and email.txt (the layout news/email.txt,
// whose HTML package email turns into text), with the cover and the
// images of the body as JPEG or PNG copies at most EmailImageWidth CSS
// pixels wide (twice as many pixels, for sharp screens), written beside
// them. A letter (MakeEdition without a slug) runs the same layouts with
// the posts published since a date and the coming events. A site without
// the layouts gets no editions.

// The layouts of an edition, looked up as templates.Set.LookupOutput does.
const (
	EmailHTMLLayout = "email.html"
	EmailTextLayout = "email.txt"
)

// EmailImageWidth is the widest an image shows in an edition, in CSS
// pixels: the default layout's 600 px less its margins.
const EmailImageWidth = 560

// LetterEventDays is how far ahead a letter's events start: the coming
// weeks.
const LetterEventDays = 62

// Edition is what the e-mail layouts run with: one post's edition (Page is
// set) or a letter (News and Events).
type Edition struct {
	Site    *content.Site
	Page    *content.Page // the post; nil for a letter
	Title   string        // the message's subject
	Summary string        // plain text: the preheader, shown after the subject in an inbox
	Date    time.Time     // the post's date, or when the letter was made
	// URL is the web version: the post's page, or for a letter the news
	// list.
	URL string
	// Content is the post's body; for a letter, the introduction (--intro).
	// Its links are absolute and its images are EmailImages.
	Content     template.HTML
	Cover       *EmailImage   // the post's cover image, if any
	News        []EditionPost // a letter's posts, newest first
	Events      []*content.Page
	Since       time.Time // a letter's first day
	Unsubscribe string    // email.unsubscribe, "" for none
}

// EditionPost is a post of a letter.
type EditionPost struct {
	*content.Page
	Summary template.HTML // the post's summary, its links absolute
	Cover   *EmailImage
}

// EmailImage is an image as an edition shows it: a JPEG or PNG at an
// absolute URL, its width and height in CSS pixels (the file has twice as
// many when the source had them), and its alternative text.
type EmailImage struct {
	URL           string
	Width, Height int
	Alt           string
}

// EditionResult is an edition, made.
type EditionResult struct {
	Slug      string // the post's slug, or "lettre-YYYY-MM-DD"
	Subject   string
	Preheader string
	Date      time.Time
	URL       string // the web version
	HTML      []byte // styles inlined
	Text      string
	// Findings are what email.Lint found in HTML, as output:line errors.
	Findings diag.List
	Site     *content.Site
}

// EditionRequest says which edition MakeEdition makes: a post's (Slug) or
// a letter (Since, Intro).
type EditionRequest struct {
	Slug string
	// Since is the letter's first day: the posts dated from its midnight
	// in the site's time zone on (only its calendar date counts).
	Since time.Time
	// Intro is the letter's introduction, in Markdown, read from
	// IntroFile. When its first line is a heading "# ...", that is the
	// letter's title (the subject); its first paragraph is the preheader.
	Intro     []byte
	IntroFile string
}

// MakeEdition loads the site in src and makes one edition, as a build
// would, without writing anything. A letter refers to the images the
// site's build writes beside each post's edition: publish the site for
// them to show.
func MakeEdition(ctx context.Context, src fs.FS, opt Options, req EditionRequest) (*EditionResult, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	b := &builder{ctx: ctx, src: src, opt: opt, out: newCountingWriter(discard{}, 0), inliner: new(email.Inliner),
		res: &Result{Pages: map[string]int{}}}
	b.bufs.New = func() any { return new(bytes.Buffer) }
	b.editions = newEditionCache(opt.EditionCache, true) // read only: one edition is made
	defer b.editions.finish(false)
	b.phase("config", b.loadConfig)
	b.phase("content", b.loadContent)
	b.phase("markdown", b.renderMarkdown)
	b.phase("layouts", b.loadLayouts)
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var ed *Edition
	var at *content.Page // the page the layouts are looked up for
	if req.Slug != "" {
		for _, p := range b.site.News {
			if p.Slug == req.Slug || strings.Trim(p.Path, "/") == strings.Trim(req.Slug, "/") || path.Base(strings.TrimSuffix(p.Path, "/")) == req.Slug {
				at = p
				break
			}
		}
		if at == nil {
			return nil, &diag.Error{Msg: fmt.Sprintf("no news post %q", req.Slug), Want: "the slug of a post, as in /" + b.cfg.SectionOf(config.TypeNews) + "/SLUG/" + closestSlug(req.Slug, b.site.News)}
		}
		var err error
		if ed, _, err = b.postEdition(at); err != nil {
			return nil, err
		}
	} else {
		var err error
		if ed, at, err = b.letter(req); err != nil {
			return nil, err
		}
	}
	htmlName, ok := b.layout.LookupOutput(at, EmailHTMLLayout)
	if !ok {
		return nil, &diag.Error{Pos: diag.Pos{File: "layouts"}, Msg: "no layout for e-mail editions", Want: "layouts/news/" + EmailHTMLLayout}
	}
	doc, text, err := b.edition(htmlName, at, ed)
	if err != nil {
		return nil, err
	}
	res := &EditionResult{Subject: ed.Title, Preheader: ed.Summary, Date: ed.Date, URL: ed.URL, HTML: doc, Text: text, Site: b.site}
	if ed.Page != nil {
		res.Slug = path.Base(strings.TrimSuffix(ed.Page.Path, "/"))
	} else {
		res.Slug = "lettre-" + ed.Date.In(b.cfg.Location).Format(time.DateOnly)
	}
	res.Findings = lintFindings("("+res.Slug+" edition)", doc)
	return res, nil
}

func closestSlug(got string, news []*content.Page) string {
	var slugs []string
	for _, p := range news {
		slugs = append(slugs, path.Base(strings.TrimSuffix(p.Path, "/")))
	}
	if c := diag.Closest(got, slugs); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// writeEditions writes the e-mail edition of every news post. Within a
// Session whose last good build had this site's shape, layouts and
// configuration, the editions that read no page or list whose version
// changed are written again from the bytes kept (see carriedEditions), as
// renderPages carries pages: a body edit makes one edition, or the few
// that show the page edited.
func (b *builder) writeEditions() {
	news := b.site.News
	if len(news) == 0 || !b.cfg.Email.Editions {
		return
	}
	var findings diag.List
	var mu sync.Mutex
	ix, redo, carry := b.keys.carriedEditions(b)
	records := make([]*editionRecord, len(news))
	todo := make([]int, 0, len(news))
	if carry && len(ix.records) == len(news) {
		names := make([]string, 0, ix.outputs)
		datas := make([][]byte, 0, ix.outputs)
		for i, p := range news {
			r := ix.records[i]
			if r == nil || r.pos != int32(p.Index()) || r.always || redo[r.pos] {
				todo = append(todo, i)
				continue
			}
			records[i] = r
			names, datas = append(names, r.names...), append(datas, r.datas...)
		}
		if err := b.out.writeAll(names, datas); err != nil {
			b.addErr(&diag.Error{Msg: "cannot write: " + err.Error()})
		}
	} else {
		carry = false
		for i := range news {
			todo = append(todo, i)
		}
	}
	var deps []jobDeps
	if b.keys != nil && !carry {
		deps = make([]jobDeps, len(todo))
	}
	b.parallel("email", len(todo), func(k int) {
		i := todo[k]
		var d *jobDeps
		if deps != nil {
			d = &deps[k]
		}
		records[i] = b.postEditionOutputs(news[i], d, func(f diag.List) {
			mu.Lock()
			findings = append(findings, f...)
			mu.Unlock()
		})
	})
	if b.keys != nil {
		b.keys.memo.nextEditions = b.keys.editionIndex(b, ix, carry, news, records, deps)
	}
	findings.Sort()
	b.mu.Lock()
	b.res.Editions = findings
	b.mu.Unlock()
}

// postEditionOutputs writes the edition of post p: its images, email.html
// and email.txt. Within a Session, it returns what was written, for the
// next build to carry, and notes in d what the edition read.
func (b *builder) postEditionOutputs(p *content.Page, d *jobDeps, lint func(diag.List)) *editionRecord {
	dir := strings.TrimPrefix(p.Path, "/")
	rec := &editionRecord{pos: int32(p.Index())}
	htmlName, ok := b.layout.LookupOutput(p, EmailHTMLLayout)
	if !ok {
		return rec
	}
	// Within a Session, the images of an edition whose page, layout
	// and site are what they were are those of the last build: the
	// edition is gathered again only if it must be made again.
	var jobKey uint64
	if b.keys != nil {
		jobKey = b.keys.job(b, job{page: p, layout: htmlName}, d)
		if textName, ok := b.layout.LookupOutput(p, EmailTextLayout); ok && jobKey != 0 {
			if k := b.keys.job(b, job{page: p, layout: textName}, d); k == 0 {
				jobKey = 0
			} else {
				jobKey = mix(jobKey, k)
			}
		}
		if jobKey == 0 || d != nil && d.clock {
			rec.always = true
		}
	}
	var ed *Edition
	files, ok := b.keys.editionFiles(dir, jobKey)
	if !ok {
		warned := b.warnings()
		var err error
		if ed, files, err = b.postEdition(p); err != nil {
			b.addErr(err)
			rec.always = true
			return rec
		}
		if b.warnings() == warned {
			b.keys.keepEditionFiles(dir, jobKey, files)
		} else {
			rec.always = true // a warning must come again
		}
	}
	gather := func() error {
		if ed != nil {
			return nil
		}
		var err error
		ed, _, err = b.postEdition(p)
		return err
	}
	imagesKey := uint64(len(files))
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			b.addErr(&diag.Error{Pos: diag.Pos{File: f.name}, Msg: "cannot read the processed image: " + err.Error()})
			rec.always = true
			return rec
		}
		b.writeUnkeyed(f.name, data)
		if b.keys != nil {
			imagesKey = mix(imagesKey, b.keys.memo.str(f.name))
			rec.names, rec.datas = append(rec.names, f.name), append(rec.datas, data)
		}
	}
	key := func() uint64 {
		if jobKey == 0 {
			return 0
		}
		return mix(jobKey, imagesKey) | 1
	}
	var doc []byte
	var text string
	made := false
	html := b.emit(dir+"email.html", key, func(buf *bytes.Buffer) error {
		if err := gather(); err != nil {
			return err
		}
		var err error
		if doc, text, err = b.edition(htmlName, p, ed); err != nil {
			return err
		}
		made = true
		buf.Write(doc)
		if b.opt.lintEditions {
			if f := lintFindings(dir+"email.html", doc); len(f) > 0 {
				lint(f)
			}
		}
		return nil
	})
	txt := b.emit(dir+"email.txt", key, func(buf *bytes.Buffer) error {
		if !made { // the HTML was carried from the last build
			if err := gather(); err != nil {
				return err
			}
			var err error
			if _, text, err = b.edition(htmlName, p, ed); err != nil {
				return err
			}
		}
		buf.WriteString(text)
		return nil
	})
	if html == nil || txt == nil {
		rec.always = true
		return rec
	}
	rec.names, rec.datas = append(rec.names, dir+"email.html", dir+"email.txt"), append(rec.datas, html, txt)
	return rec
}

// editionRecord is what a Session keeps of a post's edition from its last
// good build, to write it again without making it.
type editionRecord struct {
	pos    int32    // the post, in Site.All
	names  []string // its outputs: images, email.html and email.txt; none without a layout
	datas  [][]byte
	always bool // made again by every build: it read the clock, or warned
}

// editionIndex is the editions of a Session's last good build, with those
// that read each page and each list of .Site (see pageIndex).
type editionIndex struct {
	reads                    // its records are the posts' page positions
	records []*editionRecord // by position in Site.News
	outputs int              // how many outputs the records hold
}

// carriedEditions returns the last build's editionIndex when this build's
// site, layouts and configuration are what it was made for, with the posts
// whose edition reads a page or a list whose version changed.
func (k *keys) carriedEditions(b *builder) (*editionIndex, map[int32]bool, bool) {
	if k == nil {
		return nil, nil, false
	}
	ix := k.memo.editions
	if ix == nil {
		return nil, nil, false
	}
	redo, ok := k.stale(b, &ix.reads)
	return ix, redo, ok
}

// editionIndex makes the index of this build's editions: carried, the
// last one's readers with this build's records; else from deps, what each
// edition of todo's posts read.
func (k *keys) editionIndex(b *builder, last *editionIndex, carried bool, news []*content.Page, records []*editionRecord, deps []jobDeps) *editionIndex {
	ix := &editionIndex{reads: k.newReads(b), records: records}
	for _, r := range records {
		if r != nil {
			ix.outputs += len(r.names)
		}
	}
	if carried {
		ix.readers, ix.listReaders, ix.clock = last.readers, last.listReaders, last.clock
		return ix
	}
	for i, d := range deps {
		ix.add(int32(news[i].Index()), d)
	}
	return ix
}

// warnings is how many warnings the build has found so far.
func (b *builder) warnings() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.res.Warnings)
}

// editionFiles returns the image files of the edition in dir as the last
// build of a Session gathered them, when its job's key is the same.
func (k *keys) editionFiles(dir string, jobKey uint64) ([]imageFile, bool) {
	if k == nil || jobKey == 0 {
		return nil, false
	}
	e, ok := k.memo.editionFiles.get(dir)
	return e.files, ok && e.key == jobKey
}

func (k *keys) keepEditionFiles(dir string, jobKey uint64, files []imageFile) {
	if k == nil || jobKey == 0 {
		return
	}
	k.memo.editionFiles.put(dir, editionEntry{jobKey, files})
}

// editionEntry is what a Session keeps of a post's edition: the images it
// showed, for the job's key it was gathered with.
type editionEntry struct {
	key   uint64
	files []imageFile
}

// lintFindings turns what email.Lint finds in an edition into errors
// naming it (an output's name) and the line.
func lintFindings(name string, doc []byte) diag.List {
	var out diag.List
	for _, f := range email.Lint(doc) {
		out = append(out, &diag.Error{Pos: diag.Pos{File: name, Line: f.Line}, Msg: "e-mail edition: " + f.Message + " (" + f.Rule + ")"})
	}
	return out
}

// edition runs the layouts of an edition: the HTML one, named layout,
// whose styles are then inlined and preheader inserted, and the text one
// of page at, whose HTML becomes text (without one, the text is that of
// the HTML edition). What Inline and Text make of the layouts' output
// depends on nothing else, so the edition cache keeps it.
func (b *builder) edition(layout string, at *content.Page, ed *Edition) (doc []byte, text string, err error) {
	// The layouts' outputs are read here only: their buffers go back to
	// the pool (what is returned is copied from them).
	raw, rawText := b.bufs.Get().(*bytes.Buffer), b.bufs.Get().(*bytes.Buffer)
	raw.Reset()
	rawText.Reset()
	defer b.bufs.Put(raw)
	defer b.bufs.Put(rawText)
	if err := b.layout.Execute(raw, layout, ed); err != nil {
		return nil, "", err
	}
	textLayout, hasText := b.layout.LookupOutput(at, EmailTextLayout)
	if hasText {
		if err := b.layout.Execute(rawText, textLayout, ed); err != nil {
			return nil, "", err
		}
	}
	key := editionKey(raw.Bytes(), rawText.Bytes(), hasText, ed.Summary)
	if doc, text, ok := b.editions.get(key); ok {
		return doc, text, nil
	}
	doc, err = b.inliner.InlinePreheader(raw.Bytes(), ed.Summary) // Inline, then InsertPreheader
	if err != nil {
		return nil, "", &diag.Error{Pos: diag.Pos{File: "layouts/" + layout}, Msg: "e-mail edition: " + err.Error()}
	}
	if hasText {
		text = email.Text(rawText.Bytes())
	} else {
		text = email.Text(doc)
	}
	b.editions.put(key, doc, text)
	return doc, text, nil
}

// imageFile is a processed image to write into the site.
type imageFile struct {
	name string // output name
	path string // the cache file holding its bytes
}

// postEdition gathers a post's edition, with the image files it refers
// to, to be written beside it.
func (b *builder) postEdition(p *content.Page) (*Edition, []imageFile, error) {
	ed := &Edition{Site: b.site, Page: p, Title: p.Title, Summary: p.SummaryText(), Date: p.Date, URL: p.Permalink,
		Unsubscribe: b.cfg.Email.Unsubscribe}
	if ed.Date.IsZero() {
		ed.Date = p.Lastmod
	}
	var files []imageFile
	if p.Image != "" {
		img, f, err := b.emailImage(p, p.Image, p.ImageAlt)
		if err != nil {
			return nil, nil, err
		}
		ed.Cover = img
		files = append(files, f...)
	}
	body, f, err := b.emailBody(p, string(p.Content()))
	if err != nil {
		return nil, nil, err
	}
	ed.Content = template.HTML(body)
	for _, g := range f {
		// An image shown twice (the cover, in the body too) is one file.
		if !slices.ContainsFunc(files, func(h imageFile) bool { return h.name == g.name }) {
			files = append(files, g)
		}
	}
	return ed, files, nil
}

// letter gathers a letter: the posts published since req.Since, the events
// of the coming weeks, the introduction. It returns the news section's
// page, which its layouts are looked up for.
func (b *builder) letter(req EditionRequest) (*Edition, *content.Page, error) {
	s := b.site
	loc := b.cfg.Location
	at := s.Section[b.cfg.SectionOf(config.TypeNews)]
	if at == nil {
		return nil, nil, &diag.Error{Pos: diag.Pos{File: "site.yaml"}, Msg: "the site has no news section", Want: "a section of kind news in sections"}
	}
	now := b.opt.Now.In(loc)
	ed := &Edition{Site: s, Date: now, URL: at.Permalink, Since: req.Since, Unsubscribe: b.cfg.Email.Unsubscribe,
		Title: b.conv.Typeset("La lettre de " + templates.DateFR("January 2006", now))}
	since := time.Date(req.Since.Year(), req.Since.Month(), req.Since.Day(), 0, 0, 0, 0, loc)
	ed.Since = since
	for _, p := range s.News {
		if p.Date.Before(since) {
			continue
		}
		summary, _, err := b.emailBody(p, string(p.Summary()))
		if err != nil {
			return nil, nil, err
		}
		post := EditionPost{Page: p, Summary: template.HTML(summary)}
		if p.Image != "" {
			img, _, err := b.emailImage(p, p.Image, p.ImageAlt)
			if err != nil {
				return nil, nil, err
			}
			post.Cover = img
		}
		ed.News = append(ed.News, post)
	}
	horizon := now.AddDate(0, 0, LetterEventDays)
	for _, e := range s.Upcoming {
		if e.Event.Start.Before(horizon) {
			ed.Events = append(ed.Events, e)
		}
	}
	intro := req.Intro
	if rest, title, ok := introTitle(intro); ok {
		ed.Title, intro = b.conv.Typeset(title), rest
	}
	if len(bytes.TrimSpace(intro)) > 0 {
		file := req.IntroFile
		if file == "" {
			file = "intro.md"
		}
		fake := &content.Page{File: "content/" + path.Base(file), Site: s}
		res, err := b.conv.ConvertPage(intro, links{fake})
		if err != nil {
			return nil, nil, &diag.Error{Pos: diag.Pos{File: file}, Msg: "markdown: " + err.Error()}
		}
		body, _, err := b.emailBody(fake, res.HTML)
		if err != nil {
			return nil, nil, err
		}
		ed.Content = template.HTML(body)
		ed.Summary = templates.Plainify(template.HTML(res.Summary))
	}
	if ed.Summary == "" {
		ed.Summary = letterSummary(len(ed.News), len(ed.Events))
	}
	return ed, at, nil
}

// introTitle splits a first line "# Title" from the introduction.
func introTitle(intro []byte) (rest []byte, title string, ok bool) {
	s := strings.TrimLeft(string(intro), "\n\r\t ")
	first, rest0, _ := strings.Cut(s, "\n")
	first = strings.TrimSpace(first)
	if !strings.HasPrefix(first, "# ") {
		return intro, "", false
	}
	return []byte(rest0), strings.TrimSpace(strings.TrimRight(first[2:], "# ")), true
}

// letterSummary is a letter's preheader when its introduction gives none.
func letterSummary(news, events int) string {
	var parts []string
	switch news {
	case 0:
	case 1:
		parts = append(parts, "une actualité")
	default:
		parts = append(parts, strconv.Itoa(news)+"\u00a0actualités")
	}
	switch events {
	case 0:
	case 1:
		parts = append(parts, "un rendez-vous à venir")
	default:
		parts = append(parts, strconv.Itoa(events)+"\u00a0rendez-vous à venir")
	}
	if len(parts) == 0 {
		return "Les nouvelles du réseau"
	}
	return "Au sommaire\u202f: " + strings.Join(parts, " et ") + "."
}

// emailBody makes a page's HTML fit for an edition: every URL absolute,
// no link within the page (see below),
// every image a JPEG or PNG copy with its size (see emailImage); an image
// that cannot be one (SVG, outside the site and not JPEG or PNG) becomes
// a link to it, named by its alternative text.
func (b *builder) emailBody(p *content.Page, body string) (string, []imageFile, error) {
	base := p.Permalink
	if base == "" {
		base = b.cfg.BaseURL
	}
	var out strings.Builder
	var files []imageFile
	skipLink, dropEnd := false, false // inside a link dropped, before its end tag
	watch := ""                       // the video page of the placeholder whose poster comes next
	z := nethtml.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		raw := string(z.Raw())
		if tt == nethtml.EndTagToken && dropEnd {
			if name, _ := z.TagName(); string(name) == "a" {
				skipLink, dropEnd = false, false
				continue
			}
		}
		if skipLink || tt == nethtml.EndTagToken && strings.EqualFold(raw, "</picture>") {
			continue
		}
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			out.WriteString(raw)
			continue
		}
		tok := z.Token()
		if tok.Data == "picture" || tok.Data == "source" {
			continue // a <picture>: its <img> alone, made again from its source below
		}
		if tok.Data == "div" {
			// A video's placeholder: its poster links to the video, since
			// a message plays nothing.
			for _, a := range tok.Attr {
				if a.Key == "data-watch" {
					watch = a.Val
				}
			}
		}
		if tok.Data == "a" {
			watch = "" // past a placeholder's poster, if it had one
			// A link within the page (a note's call, its way back)
			// leads nowhere in a message, where some clients do not
			// follow fragments: a call keeps its text, a way back goes.
			href, back := "", false
			for _, a := range tok.Attr {
				switch {
				case a.Key == "href":
					href = a.Val
				case a.Key == "role" && a.Val == "doc-backlink",
					a.Key == "class" && strings.Contains(" "+a.Val+" ", " heading-anchor "):
					back = true // a way back, or a heading's link to itself: goes
				}
			}
			if strings.HasPrefix(href, "#") {
				skipLink, dropEnd = back, true
				continue
			}
		}
		if tok.Data != "img" {
			out.WriteString(raw)
			continue
		}
		var src, alt string
		for _, a := range tok.Attr {
			switch a.Key {
			case "src":
				src = a.Val
			case "alt":
				alt = a.Val
			}
		}
		img, f, err := b.emailImage(p, src, alt)
		if err != nil {
			return "", nil, err
		}
		files = append(files, f...)
		if img == nil {
			abs := feed.Absolutize(`<a href="`+html.EscapeString(src)+`">`, base)
			out.WriteString(abs + html.EscapeString(b.conv.Typeset(cmpOr(alt, "Image"))) + "</a>")
			continue
		}
		tag := fmt.Sprintf(`<img src="%s" width="%d" height="%d" alt="%s">`, html.EscapeString(img.URL), img.Width, img.Height, html.EscapeString(img.Alt))
		if watch != "" {
			tag = `<a href="` + html.EscapeString(watch) + `">` + tag + `</a>`
			watch = ""
		}
		out.WriteString(tag)
	}
	return feed.Absolutize(out.String(), base), files, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// emailImage makes the image dest, written in page p (a cover or an image
// of its body), fit for an edition: a JPEG (for a JPEG or WebP source) or
// PNG (for a PNG or GIF) at most twice EmailImageWidth pixels wide, written
// beside p's edition, at an absolute URL. An absolute URL outside the site
// is kept when it names a JPEG or PNG, with the edition's width and no
// height; nil, with no error, when the image cannot be shown (an SVG, a
// site without an image cache, another format outside the site, or a
// missing or broken file, which is a warning at p's file).
func (b *builder) emailImage(p *content.Page, dest, alt string) (*EmailImage, []imageFile, error) {
	if dest == "" {
		return nil, nil, nil
	}
	fsys, name, ok := b.imageSource(p, dest)
	if !ok {
		return nil, nil, nil
	}
	proc, err := b.imageProcessor()
	if err != nil || proc == nil {
		return nil, nil, err
	}
	// A missing or broken image leaves the edition without it, with a
	// warning: the page's own check names a missing image of its body.
	skip := func(err error) (*EmailImage, []imageFile, error) {
		if b.ctx.Err() != nil {
			return nil, nil, b.ctx.Err()
		}
		b.mu.Lock()
		b.res.Warnings.Append(&diag.Error{Pos: diag.Pos{File: p.File}, Msg: "e-mail edition without an image: " + err.Error()})
		b.mu.Unlock()
		return nil, nil, nil
	}
	src, err := proc.Open(b.ctx, fsys, name)
	if err != nil {
		return skip(err)
	}
	if src.Format == images.SVG {
		return nil, nil, nil
	}
	format := images.JPEG
	if src.Format == images.PNG || src.Format == images.GIF {
		format = images.PNG
	}
	rs, err := proc.Process(b.ctx, src, images.Op{Action: images.Fit, Width: 2 * EmailImageWidth, Height: 8 * EmailImageWidth, Format: format})
	if err != nil {
		return skip(err)
	}
	r := rs[0]
	w, h := r.Width, r.Height
	if r.Width > EmailImageWidth {
		w, h = EmailImageWidth, max(1, (r.Height*EmailImageWidth+r.Width/2)/r.Width)
	}
	dir := strings.TrimPrefix(p.Path, "/")
	if p.Kind != content.KindPage || p.Path == "" {
		dir = "" // a letter's introduction: its images go to the site's root
	}
	out := dir + r.Name
	return &EmailImage{URL: b.absURL(b.basePath() + out), Width: w, Height: h, Alt: alt},
		[]imageFile{{name: out, path: r.Path}}, nil
}

// basePath is the base URL's path, with a trailing slash, for absURL.
func (b *builder) basePath() string {
	u := strings.TrimSuffix(b.cfg.BaseURL, "/")
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[i+3+j:] + "/"
		}
	}
	return "/"
}

// imageSource finds the file of an image written in page p: beside it
// (or anywhere under content/), or at the site's root path in static/
// (the site's, then the theme's).
func (b *builder) imageSource(p *content.Page, dest string) (fs.FS, string, bool) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	base := b.basePath()
	if u := b.cfg.BaseURL; strings.HasPrefix(dest, u) {
		dest = "/" + strings.TrimPrefix(dest, u) // an absolute URL into the site
	}
	if strings.Contains(dest, ":") || strings.HasPrefix(dest, "//") {
		return nil, "", false
	}
	if b.images != nil {
		if fsys, file, ok := b.images.SourceOf(dest); ok { // an image of the site's <picture>
			return fsys, file, true
		}
	}
	if strings.HasPrefix(dest, "/") {
		rel := strings.TrimPrefix(strings.TrimPrefix(dest, strings.TrimSuffix(base, "/")), "/")
		static := overlay.New(sub(b.src, "static"), sub(b.opt.Theme, "static"))
		if _, err := fs.Stat(static, "static/"+rel); err == nil {
			return static, "static/" + rel, true
		}
		// A file of content/, published where FileOutput says.
		for _, f := range b.site.Files {
			if out, ok := b.site.FileOutput(f); ok && out == rel {
				return b.src, f, true
			}
		}
		return nil, "", false
	}
	if p.File == "" {
		return nil, "", false
	}
	return b.src, path.Join(path.Dir(p.File), dest), true
}

// links resolves the links and images of a letter's introduction from its
// folder, as Markdown writes them.
type links struct{ p *content.Page }

func (l links) Resolve(dest string, image bool) (string, bool) { return l.p.Site.Resolve(l.p, dest) }

// imageProcessor returns the build's image processor: the site's images'
// one; nil when the build has none.
func (b *builder) imageProcessor() (*images.Processor, error) {
	if b.images == nil {
		return nil, nil
	}
	return b.images.Processor(), nil
}
