package content

import (
	"fmt"
	"hash/maphash"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/slug"
)

// Site is the loaded site: every page, with the indexes the layouts, feeds
// and calendars read. It is built once per build and not changed after the
// render phase.
type Site struct {
	Config *config.Config
	Now    time.Time

	Home     *Page
	Pages    []*Page          // regular pages, by URL
	Sections []*Page          // section list pages, by directory name
	Section  map[string]*Page // directory -> section list page
	TagIndex *Page            // /tags/
	Tags     []*Page          // term pages, by slug
	Specials []*Page          // 404, search, complete charter

	News     []*Page // newest first
	Charter  []*Page // by part, then weight
	Parts    []*Part // charter parts, in reading order
	Events   []*Page // by start
	Upcoming []*Page // events not ended at Now, soonest first
	Past     []*Page // events ended at Now, latest first

	Files      []string  // non-Markdown files under content/, copied as they are
	NextChange time.Time // when the site would next change by itself (an event starts or ends, a future page comes out); zero if never
	Excluded   int       // drafts and future pages left out

	nextEdge time.Time // the earliest time at or after Now that a page or event depends on; zero if none
}

// Part is one part of the charter with its chapters.
type Part struct {
	Name   string
	Number int
	Pages  []*Page
}

// Title and the other methods below give layouts the names Hugo users know.
func (s *Site) Title() string { return s.Config.Title }

// BaseURL returns the site's absolute base URL, with a trailing slash.
func (s *Site) BaseURL() string { return s.Config.BaseURL }

// Language returns the site's language code.
func (s *Site) Language() string { return s.Config.Language }

// Description returns the site's description.
func (s *Site) Description() string { return s.Config.Description }

// Menu returns the site's menu entries.
func (s *Site) Menu() []config.MenuItem { return s.Config.Menu }

// Params returns the site's free parameters.
func (s *Site) Params() map[string]any { return s.Config.Params }

// Author returns the site's author.
func (s *Site) Author() config.Author { return s.Config.Author }

// RecentNews returns the n newest news posts.
func (s *Site) RecentNews(n int) []*Page { return s.News[:min(n, len(s.News))] }

// GetPage returns the page at a site-relative path such as "/charte/", or nil.
func (s *Site) GetPage(rel string) *Page {
	for _, p := range s.All() {
		if p.Path == rel {
			return p
		}
	}
	return nil
}

// All returns every page the site writes, lists included, in a stable order.
func (s *Site) All() []*Page {
	all := make([]*Page, 0, len(s.Pages)+len(s.Sections)+len(s.Tags)+4)
	if s.Home != nil {
		all = append(all, s.Home)
	}
	all = append(all, s.Sections...)
	all = append(all, s.Pages...)
	if s.TagIndex != nil {
		all = append(all, s.TagIndex)
	}
	all = append(all, s.Tags...)
	all = append(all, s.Specials...)
	return all
}

func (l *loader) assemble() *Site {
	s := &Site{Config: l.cfg, Now: l.opt.Now, Section: map[string]*Page{}, Files: l.files}
	for _, p := range l.pages {
		if l.keep(p, s) {
			s.Pages = append(s.Pages, p)
		}
	}
	for _, p := range s.Pages {
		p.Site = s
		p.Path = "/" + p.Slug + "/"
		if p.Section != "" {
			p.Path = "/" + p.Section + p.Path
		}
	}
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].Path < s.Pages[j].Path })
	// Sections and tags set different fields of the pages: they are
	// worked out side by side.
	var wg sync.WaitGroup
	wg.Go(func() { l.sections(s) })
	l.tags(s)
	wg.Wait()
	l.home(s)
	l.specials(s)
	l.checkURLs(s)
	for _, p := range s.All() {
		p.Site = s
		p.Permalink = strings.TrimSuffix(l.cfg.BaseURL, "/") + p.Path
		p.RelPermalink = basePath(l.cfg.BaseURL) + p.Path
	}
	if l.cache != nil {
		l.cache.related(s)
	} else {
		relatedAll(s)
	}
	return s
}

// basePath returns the path of baseURL without its final slash: "" for
// https://example.org/, "/sub" for https://example.org/sub/.
func basePath(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}

// keep applies --drafts and --future, and notes when a left-out page would
// come out by itself.
func (l *loader) keep(p *Page, s *Site) bool {
	if p.Draft && !l.opt.Drafts {
		s.Excluded++
		return false
	}
	if p.Event != nil {
		for _, t := range []time.Time{p.Event.Start, p.Event.Until()} {
			if t.After(l.opt.Now) {
				s.noteChange(t)
			}
			s.noteEdge(t, l.opt.Now)
		}
		return true
	}
	s.noteEdge(p.Date, l.opt.Now)
	if p.Date.After(l.opt.Now) && !l.opt.Future {
		s.Excluded++
		s.noteChange(p.Date)
		return false
	}
	return true
}

// noteEdge keeps the earliest time not before now that a page's place
// depends on: until then, a later clock gives the same site (see quick.go).
func (s *Site) noteEdge(t, now time.Time) {
	if !t.Before(now) && (s.nextEdge.IsZero() || t.Before(s.nextEdge)) {
		s.nextEdge = t
	}
}

func (s *Site) noteChange(t time.Time) {
	if s.NextChange.IsZero() || t.Before(s.NextChange) {
		s.NextChange = t
	}
}

func (l *loader) listPage(kind, section, rel, title string) *Page {
	p := &Page{Kind: kind, Section: section, Path: rel, Title: title, Params: map[string]any{}}
	if m := l.meta[section]; m != nil && (kind == KindSection || kind == KindHome) {
		p.File, p.Title, p.Body, p.BodyLine, p.Rev = m.File, m.Title, m.Body, m.BodyLine, m.Rev
		p.SummaryField, p.Params, p.Date, p.Lastmod, p.Aliases = m.SummaryField, m.Params, m.Date, m.Lastmod, m.Aliases
	}
	return p
}

func (l *loader) sections(s *Site) {
	bySection := map[string][]*Page{}
	for _, p := range s.Pages {
		bySection[p.Section] = append(bySection[p.Section], p)
	}
	names := map[string]bool{}
	for n := range bySection {
		if n != "" {
			names[n] = true
		}
	}
	for n := range l.meta {
		if n != "" {
			names[n] = true
		}
	}
	for _, n := range sortedNames(names) {
		kind := l.cfg.Sections[n]
		if kind == "" {
			kind = config.KindPlain
		}
		sec := l.listPage(KindSection, n, "/"+n+"/", defaultSectionTitle(n, kind))
		sec.Type = kind
		pages := bySection[n]
		switch kind {
		case config.KindNews:
			sortByDate(pages)
			s.News = pages
			chain(pages)
		case config.KindCharter:
			s.Parts = charter(pages)
			s.Charter = pages
		case config.KindEvent:
			sortEvents(pages)
			s.Events = pages
			for _, p := range pages {
				if p.Event.Upcoming(s.Now) {
					s.Upcoming = append(s.Upcoming, p)
				} else {
					s.Past = append([]*Page{p}, s.Past...)
				}
			}
			pages = append(append([]*Page{}, s.Upcoming...), s.Past...)
		default:
			sort.Slice(pages, func(i, j int) bool {
				a, b := pages[i], pages[j]
				if a.Weight != b.Weight {
					return a.Weight < b.Weight
				}
				return newer(a, b)
			})
		}
		sec.Pages = pages
		for _, p := range pages {
			p.Parent = sec
		}
		s.Sections = append(s.Sections, sec)
		s.Section[n] = sec
	}
}

func sortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func defaultSectionTitle(dir, kind string) string {
	switch kind {
	case config.KindNews:
		return "Actualités"
	case config.KindCharter:
		return "La charte"
	case config.KindEvent:
		return "Événements"
	}
	return strings.ToUpper(dir[:1]) + dir[1:]
}

// newer orders pages newest first, then by title and URL so that the order
// never depends on the file system.
func newer(a, b *Page) bool {
	if da, db := a.listDate(), b.listDate(); !da.Equal(db) {
		return da.After(db)
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.Path < b.Path
}

func sortByDate(pages []*Page) {
	sort.Slice(pages, func(i, j int) bool { return newer(pages[i], pages[j]) })
}

func sortEvents(pages []*Page) {
	sort.Slice(pages, func(i, j int) bool {
		a, b := pages[i].Event, pages[j].Event
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return pages[i].Path < pages[j].Path
	})
}

// chain links each page to its neighbours: Prev is the one before in the
// list (newer news, previous chapter), Next the one after.
func chain(pages []*Page) {
	for i, p := range pages {
		if i > 0 {
			p.Prev = pages[i-1]
		}
		if i+1 < len(pages) {
			p.Next = pages[i+1]
		}
	}
}

// charter orders chapters by part, then weight. Parts come in the order of
// their lowest weight, so editors order parts through weights alone.
func charter(pages []*Page) []*Part {
	// Every order below ends on the path, which is unique: a total order,
	// so the faster unstable sort gives the same result on every run.
	sort.Slice(pages, func(i, j int) bool {
		if pages[i].Weight != pages[j].Weight {
			return pages[i].Weight < pages[j].Weight
		}
		if pages[i].Title != pages[j].Title {
			return pages[i].Title < pages[j].Title
		}
		return pages[i].Path < pages[j].Path
	})
	var parts []*Part
	byName := map[string]*Part{}
	for _, p := range pages {
		pt := byName[p.Part]
		if pt == nil {
			pt = &Part{Name: p.Part}
			byName[p.Part] = pt
			parts = append(parts, pt)
		}
		pt.Pages = append(pt.Pages, p)
	}
	ordered := pages[:0]
	for i, pt := range parts {
		pt.Number = i + 1
		ordered = append(ordered, pt.Pages...)
	}
	for i, p := range ordered {
		p.Chapter = i + 1
	}
	chain(ordered)
	return parts
}

func (l *loader) tags(s *Site) {
	// Pages are taken newest first, so that every tag's list comes out in
	// order, and a tag is named as its newest page spells it.
	byDate := append([]*Page(nil), s.Pages...)
	sortByDate(byDate)
	byTag := map[string]*Page{}
	slugs := map[string]string{}
	for _, p := range byDate {
		seen := map[string]bool{}
		for _, name := range p.Tags {
			sl, ok := slugs[name]
			if !ok {
				sl = slug.Make(name)
				slugs[name] = sl
			}
			if seen[sl] {
				continue
			}
			seen[sl] = true
			t := byTag[sl]
			if t == nil {
				t = l.listPage(KindTerm, "tags", "/tags/"+sl+"/", name)
				t.Slug = sl
				byTag[sl] = t
				s.Tags = append(s.Tags, t)
			}
			t.Pages = append(t.Pages, p)
		}
	}
	sort.Slice(s.Tags, func(i, j int) bool { return s.Tags[i].Slug < s.Tags[j].Slug })
	for _, p := range s.Pages { // each page's tags in the order it gives them
		p.TagPages = p.TagPages[:0]
		seen := map[string]bool{}
		for _, name := range p.Tags {
			if sl := slugs[name]; !seen[sl] {
				seen[sl] = true
				p.TagPages = append(p.TagPages, byTag[sl])
			}
		}
	}
	for _, t := range s.Tags {
		if d := t.Pages[0].Date; !d.IsZero() {
			t.Date, t.Lastmod = d, d
		}
	}
	s.TagIndex = l.listPage(KindTaxonomy, "tags", "/tags/", "Étiquettes")
	s.TagIndex.Pages = s.Tags
	for _, t := range s.Tags {
		t.Parent = s.TagIndex
	}
}

func (l *loader) home(s *Site) {
	h := l.listPage(KindHome, "", "/", l.cfg.Title)
	h.Pages = s.News
	if len(s.News) > 0 {
		h.Date, h.Lastmod = s.News[0].Date, s.News[0].Lastmod
	}
	s.Home = h
	for _, sec := range s.Sections {
		sec.Parent = h
		if len(sec.Pages) > 0 && sec.Date.IsZero() {
			newest := sec.Pages[0]
			for _, p := range sec.Pages {
				if p.Lastmod.After(newest.Lastmod) {
					newest = p
				}
			}
			sec.Date, sec.Lastmod = newest.Date, newest.Lastmod
		}
	}
}

func (l *loader) specials(s *Site) {
	special := func(layout, rel, title string) *Page {
		p := &Page{Kind: KindSpecial, Layout: layout, Path: rel, Title: title, Params: map[string]any{}}
		s.Specials = append(s.Specials, p)
		return p
	}
	special("404", "/404.html", "Page introuvable")
	special("search", "/search/", "Recherche")
	if dir := l.cfg.SectionOf(config.KindCharter); dir != "" && len(s.Charter) > 0 {
		c := special("charter-complete", "/"+dir+"/complete/", s.Section[dir].Title+" : version complète")
		c.Section, c.Type, c.Pages, c.Parent = dir, config.KindCharter, s.Charter, s.Section[dir]
	}
}

// checkURLs reports two sources that would write one URL, naming both.
func (l *loader) checkURLs(s *Site) {
	owner := map[string]string{}
	claim := func(url, by string) {
		if prev, taken := owner[url]; taken {
			l.errs.Add(diag.Pos{File: by, Line: 1}, fmt.Sprintf("URL %s is also the URL of %s", url, prev), "a different slug or file name")
			return
		}
		owner[url] = by
	}
	for _, p := range s.All() {
		by := p.File
		if by == "" || p.Kind != KindPage {
			by = "(generated " + p.Kind + " page " + p.Path + ")"
			if p.Kind == KindSection || p.Kind == KindHome {
				by = p.File
				if by == "" {
					by = "(generated " + p.Kind + " page " + p.Path + ")"
				}
			}
		}
		claim(p.Path, by)
	}
	for _, p := range s.All() {
		for _, a := range p.Aliases {
			claim(a, p.File)
		}
	}
}

// related sets each page's related pages, working out again only those
// that a change can reach: a page's related pages depend on the pages
// that share a tag with it, and on their titles, dates and tags. The
// pages to redo are the changed ones (new, gone, or with another rank
// key) and every page sharing a tag, old or new, with one of them.
func (c *Cache) related(s *Site) {
	if c.relatedOf == nil {
		relatedAll(s)
		c.relatedKey = make(map[string]uint64, len(s.Pages))
		c.relatedTags = make(map[string][]string, len(s.Pages))
		c.relatedOf = make(map[string][]string, len(s.Pages))
		for _, p := range s.Pages {
			c.relatedKey[p.Path] = c.rankKey(p)
			c.keepRelated(p)
		}
		return
	}
	for i, p := range s.Pages {
		p.index = i
	}
	redo := make([]bool, len(s.Pages))
	byTag := make(map[string]*Page, len(s.Tags))
	for _, t := range s.Tags {
		byTag[t.Slug] = t
	}
	mark := func(tags []string) {
		for _, sl := range tags {
			if t := byTag[sl]; t != nil {
				for _, q := range t.Pages {
					redo[q.index] = true
				}
			}
		}
	}
	byPath := make(map[string]*Page, len(s.Pages))
	for _, p := range s.Pages {
		byPath[p.Path] = p
		key := c.rankKey(p)
		if old, ok := c.relatedKey[p.Path]; !ok || old != key {
			c.relatedKey[p.Path] = key
			redo[p.index] = true
			mark(c.relatedTags[p.Path])
			mark(tagSlugs(p))
		}
	}
	for path := range c.relatedKey {
		if byPath[path] == nil { // gone
			mark(c.relatedTags[path])
			delete(c.relatedKey, path)
			delete(c.relatedTags, path)
			delete(c.relatedOf, path)
		}
	}
	var todo []*Page
	for _, p := range s.Pages {
		if redo[p.index] {
			todo = append(todo, p)
			continue
		}
		for _, q := range c.relatedOf[p.Path] {
			p.Related = append(p.Related, byPath[q])
		}
	}
	relatedOf(s, todo)
	for _, p := range todo {
		c.keepRelated(p)
	}
}

// keepRelated notes p's tags and related pages for the next load.
func (c *Cache) keepRelated(p *Page) {
	c.relatedTags[p.Path] = tagSlugs(p)
	if len(p.Related) == 0 {
		delete(c.relatedOf, p.Path)
		return
	}
	paths := make([]string, len(p.Related))
	for i, q := range p.Related {
		paths[i] = q.Path
	}
	c.relatedOf[p.Path] = paths
}

// rankKey hashes what ranks a page among another's related pages.
func (c *Cache) rankKey(p *Page) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed())
	h.WriteString(p.Path)
	h.WriteByte(0)
	h.WriteString(p.Title)
	h.WriteByte(0)
	var buf [20]byte
	h.Write(strconv.AppendInt(buf[:0], p.listDate().UnixNano(), 10))
	for _, t := range p.TagPages {
		h.WriteByte(0)
		h.WriteString(t.Slug)
	}
	return h.Sum64()
}

func tagSlugs(p *Page) []string {
	out := make([]string, len(p.TagPages))
	for i, t := range p.TagPages {
		out[i] = t.Slug
	}
	return out
}

// relatedAll finds the related pages of every page.
func relatedAll(s *Site) {
	for i, p := range s.Pages {
		p.index = i
	}
	relatedOf(s, s.Pages)
}

// relatedOf finds the related pages of pages, on every core, each worker
// with scratch space of its own.
func relatedOf(s *Site, pages []*Page) {
	ix := newRelatedIndex(s)
	workers := min(runtime.GOMAXPROCS(0), len(pages)/256+1)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			sc := ix.scratch()
			for {
				i := int(next.Add(64)) - 64
				if i >= len(pages) {
					return
				}
				for _, p := range pages[i:min(i+64, len(pages))] {
					ix.related(p, sc)
				}
			}
		})
	}
	wg.Wait()
}

// relatedOne finds, for a page with tags, up to three other pages sharing
// the most tags (newest first among equals), through the tag index. Scores
// are counted in score, indexed by page and all zero on entry and on
// return; the cost is the length of the page's tag lists, which grows with
// the site (see relatedIndex for the usual, cheaper way). touched is
// scratch space, returned for the next call.
func relatedOne(s *Site, p *Page, score []int, touched []int) []int {
	p.Related = nil
	if len(p.TagPages) == 0 {
		return touched
	}
	for _, t := range p.TagPages {
		for _, q := range t.Pages {
			i := q.index
			if q == p {
				continue
			}
			if score[i] == 0 {
				touched = append(touched, i)
			}
			score[i]++
		}
	}
	var best [3]*Page
	var bestScore [3]int
	for _, i := range touched {
		q, sc := s.Pages[i], score[i]
		score[i] = 0
		for k := 0; k < len(best); k++ {
			if best[k] == nil || sc > bestScore[k] || sc == bestScore[k] && newer(q, best[k]) {
				copy(best[k+1:], best[k:len(best)-1])
				copy(bestScore[k+1:], bestScore[k:len(best)-1])
				best[k], bestScore[k] = q, sc
				break
			}
		}
	}
	for _, q := range best {
		if q != nil {
			p.Related = append(p.Related, q)
		}
	}
	return touched
}
