package content

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/slug"
)

// Site is an assembled site: every page, with the indexes the layouts,
// feeds and calendars read. Assemble makes it; nothing changes it after.
type Site struct {
	Config *config.Config
	Now    time.Time

	// From the configuration, with the names Hugo users know in layouts.
	Title       string
	BaseURL     string // absolute, with a trailing slash
	Language    string
	Description string
	Menu        []config.MenuItem
	Params      map[string]any
	Author      config.Author
	Data        map[string]any // the data files' values (package data)

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
	LeftOut    []LeftOut // drafts and future pages left out, by file

	shape    uint64         // see Shape
	all      []*Page        // every page, in the order of All
	byPath   map[string]int // every page's position in all, by Path
	byFile   map[string]int // the same, by source file
	bundles  map[string]int // the same, for page bundles (NAME/index.md) by folder
	renderer Renderer
}

// LeftOut is a page that a build left out, and why.
type LeftOut struct {
	File   string
	Reason string // "draft", "future" or "expired"
}

// Part is one part of the charter with its chapters.
type Part struct {
	Name   string
	Number int
	Pages  []*Page
}

// RegularPages returns the pages made from Markdown files, by URL.
func (s *Site) RegularPages() []*Page { return s.Pages }

// RecentNews returns the n newest news posts.
func (s *Site) RecentNews(n int) []*Page { return s.News[:min(n, len(s.News))] }

// GetPage returns the page at a site-relative path such as "/charte/", or nil.
func (s *Site) GetPage(rel string) *Page {
	if i, ok := s.byPath[rel]; ok {
		return s.all[i]
	}
	return nil
}

// All returns every page the site writes, lists included, in a stable
// order: home, sections, regular pages, tags, special pages.
func (s *Site) All() []*Page { return s.all }

// listAll lists every page in the order of All.
func (s *Site) listAll() []*Page {
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

// PageOf returns the page made from a Markdown file ("content/charte/x.md"),
// or nil.
func (s *Site) PageOf(file string) *Page {
	if i, ok := s.byFile[file]; ok {
		return s.all[i]
	}
	return nil
}

// FileOutput returns where a file of content/ other than Markdown
// ("content/actualites/photo.jpg") is published, relative to the output
// folder: at its place under content/, or under the page's URL for a file
// of a page bundle (content/actualites/NAME/index.md and its files), and
// whether the site has that file.
func (s *Site) FileOutput(file string) (string, bool) {
	if _, found := slices.BinarySearch(s.Files, file); !found {
		return "", false
	}
	for dir := path.Dir(file); dir != "content" && dir != "." && dir != "/"; dir = path.Dir(dir) {
		if i, ok := s.bundles[dir]; ok {
			return s.all[i].Path[1:] + strings.TrimPrefix(file, dir+"/"), true
		}
	}
	return strings.TrimPrefix(file, "content/"), true
}

// Resolve tells where a link or image written in page p leads, resolved
// from the folder of p's file as an editor's Markdown preview does: a
// Markdown file leads to its page, another file of content/ to where it is
// published, a folder to its section's page. The query and anchor are
// kept. ok is false when dest leads to nothing of the site.
func (s *Site) Resolve(p *Page, dest string) (url string, ok bool) {
	rest := ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest, rest = dest[:i], dest[i:]
	}
	if p.File == "" {
		return "", false
	}
	target := path.Join(path.Dir(p.File), dest)
	if target != "content" && !strings.HasPrefix(target, "content/") {
		return "", false // out of the content folder
	}
	base := basePath(s.Config.BaseURL)
	switch {
	case dest == "":
		return "", false
	case strings.HasSuffix(target, ".md"):
		if q := s.PageOf(target); q != nil {
			return q.RelPermalink + rest, true
		}
	default:
		if out, ok := s.FileOutput(target); ok {
			return base + "/" + out + rest, true
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(target, "content"), "/")
		if q := s.GetPage("/" + rel + "/"); q != nil && (rel == "" || path.Ext(rel) == "") {
			return q.RelPermalink + rest, true
		}
		if q := s.PageOf(target + "/index.md"); q != nil {
			return q.RelPermalink + rest, true
		}
	}
	return "", false
}

// Shape identifies the site's shape: what Assemble worked out (its pages,
// their URLs, lists and links). Two sites have the same Shape only when
// they have the same pages at the same positions in All, with the same
// links and lists: what differs between them is the pages' own fields
// (their text, title, dates...), which their versions cover (see
// structure).
func (s *Site) Shape() uint64 { return s.shape }

// structure hashes what Assemble worked out of the site: each page's
// place (kind, layout, the layout its front matter names, type, section,
// file, URLs, chapter, aliases) and
// its links to other pages, by position in All, and the site's lists.
// It is the site's Shape, so that a new assembly whose pages stay in
// place (a title edited) has the shape of the last one.
func (s *Site) structure() uint64 {
	h := newHasher()
	str := h.str
	num := func(n int) { h.num(int64(n)) }
	at := func(p *Page) {
		if p == nil {
			num(-1)
		} else {
			num(p.pos)
		}
	}
	list := func(pages []*Page) {
		num(len(pages))
		for _, p := range pages {
			at(p)
		}
	}
	list(s.all)
	for _, p := range s.all {
		str(p.Kind)
		str(p.Layout)
		layout, _ := p.Params["layout"].(string)
		str(layout)
		str(p.Type)
		str(p.Section)
		str(p.File)
		str(p.Path)
		str(p.RelPermalink)
		str(p.Permalink)
		num(p.Chapter)
		num(len(p.Aliases))
		for _, a := range p.Aliases {
			str(a)
		}
		list(p.Pages)
		at(p.Prev)
		at(p.Next)
		at(p.Parent)
		list(p.TagPages)
		list(p.Related)
	}
	at(s.Home)
	at(s.TagIndex)
	for _, l := range [][]*Page{s.Pages, s.Sections, s.Tags, s.Specials, s.News, s.Charter, s.Events, s.Upcoming, s.Past} {
		list(l)
	}
	num(len(s.Parts))
	for _, pt := range s.Parts {
		str(pt.Name)
		num(pt.Number)
		list(pt.Pages)
	}
	num(len(s.Files))
	for _, f := range s.Files {
		str(f)
	}
	return h.sum()
}

// Excluded returns the number of pages left out.
func (s *Site) Excluded() int { return len(s.LeftOut) }

// assembler holds one run of Assemble.
type assembler struct {
	cfg   *config.Config
	opt   Options
	errs  diag.List
	warns diag.List
	meta  map[string]*Page // "" (home) or section dir -> its _index.md page
	memo  *Memo
}

// Assemble makes the site out of its sources (in any order) and of the
// other files under content/: it applies --drafts and --future, assigns
// URLs, sorts the sections, tags the pages and links each to its
// neighbours and related pages. memo, when not nil, keeps what the next
// Assemble may reuse (a serve session's); the result is the same without.
// Errors come back as a diag.List.
func Assemble(cfg *config.Config, sources []*Source, files []string, opt Options, memo *Memo) (*Site, diag.List, error) {
	var errs, warns diag.List
	for _, src := range sources {
		errs = append(errs, src.Errs...)
		warns = append(warns, src.Warns...)
	}
	if s, own, ok := memo.reuse(cfg, sources, files, opt); ok {
		errs = append(errs, own...)
		errs.Sort()
		warns.Sort()
		return s, warns, errs.Err()
	}
	a := &assembler{cfg: cfg, opt: opt, meta: map[string]*Page{}, memo: memo}
	s := &Site{Config: cfg, Now: opt.Now, Section: map[string]*Page{}, Files: files, renderer: opt.Render,
		Title: cfg.Title, BaseURL: cfg.BaseURL, Language: cfg.Language, Description: cfg.Description,
		Menu: cfg.Menu, Params: cfg.Params, Author: cfg.Author, Data: opt.Data}
	s.Pages = make([]*Page, 0, len(sources))
	// Every page of its own for this assembly, made from what its source
	// decoded, in two allocations.
	pages := make([]Page, len(sources))
	outs := make([]rendering, len(sources))
	for i, src := range sources {
		if src.meta == nil {
			continue
		}
		p := &pages[i]
		p.setMeta(src.meta)
		p.Event = p.Event.at(opt.Now, cfg.Events.Horizon)
		p.Kind, p.out = KindPage, &outs[i]
		p.when = p.listDate().UnixNano()
		if src.IsIndex {
			a.meta[src.Section] = p
			continue
		}
		if a.keep(p, s) {
			s.Pages = append(s.Pages, p)
		}
	}
	for _, p := range s.Pages {
		p.Path = "/" + p.Slug + "/"
		if p.Section != "" {
			p.Path = "/" + p.Section + p.Path
		}
	}
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.Path, b.Path) })
	for i, p := range s.Pages {
		p.index = i
		p.Site = s
	}
	// Sections and tags set different fields of the pages: they are
	// worked out side by side.
	var wg sync.WaitGroup
	wg.Go(func() { a.sections(s) })
	a.tags(s)
	wg.Wait()
	a.home(s)
	a.specials(s)
	a.urls(s)
	a.related(s)
	slices.SortFunc(s.LeftOut, func(a, b LeftOut) int { return strings.Compare(a.File, b.File) })
	s.shape = s.structure()
	memo.keep(cfg, sources, files, opt, s, a.errs)
	errs = append(errs, a.errs...)
	errs.Sort()
	warns.Sort()
	return s, warns, errs.Err()
}

// keep applies --drafts, --future and --expired, and notes when a page
// would next change by itself.
func (a *assembler) keep(p *Page, s *Site) bool {
	if p.Draft && !a.opt.Drafts {
		s.LeftOut = append(s.LeftOut, LeftOut{p.File, "draft"})
		return false
	}
	if !p.ExpiryDate.IsZero() && !a.opt.Expired {
		if !p.ExpiryDate.After(a.opt.Now) {
			s.LeftOut = append(s.LeftOut, LeftOut{p.File, "expired"})
			return false
		}
		s.noteChange(p.ExpiryDate)
	}
	if p.Event != nil {
		for _, t := range []time.Time{p.Event.Start, p.Event.Until()} {
			if t.After(a.opt.Now) {
				s.noteChange(t)
			}
		}
		// A series' page lists its coming occurrences: the first
		// (cancelled ones too) passes before the next shown.
		if sc := p.Event.Schedule; sc != nil && len(sc.Upcoming) > 0 {
			o := sc.Upcoming[0].Event
			for _, t := range []time.Time{o.Start, o.Until()} {
				if t.After(a.opt.Now) {
					s.noteChange(t)
				}
			}
		}
		return true
	}
	if p.Date.After(a.opt.Now) && !a.opt.Future {
		s.LeftOut = append(s.LeftOut, LeftOut{p.File, "future"})
		s.noteChange(p.Date)
		return false
	}
	return true
}

func (s *Site) noteChange(t time.Time) {
	if s.NextChange.IsZero() || t.Before(s.NextChange) {
		s.NextChange = t
	}
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

// listPage returns a generated list page, titled title in the site's
// typography; a section's or the home page's _index.md gives it its title,
// text and dates.
func (a *assembler) listPage(kind, section, rel, title string) *Page {
	p := &Page{Section: section, Title: a.typeset(title), Params: map[string]any{}, Kind: kind, Path: rel, out: new(rendering)}
	if m := a.meta[section]; m != nil && (kind == KindSection || kind == KindHome) {
		p.fromIndex(m.meta)
	}
	return p
}

// fromIndex gives a list page what its _index.md says: its title, dates,
// aliases, parameters and text.
func (p *Page) fromIndex(m *Meta) {
	p.meta = m
	p.File, p.Title, p.Date, p.Lastmod, p.Aliases, p.Params = m.File, m.Title, m.Date, m.Lastmod, m.Aliases, m.Params
	p.SummaryField, p.Body, p.BodyLine, p.Hash = m.SummaryField, m.Body, m.BodyLine, m.Hash
	p.CallsShortcodes = m.CallsShortcodes
}

// typeset applies the site's typography to the title of a generated page.
func (a *assembler) typeset(title string) string {
	if a.opt.Typeset == nil {
		return title
	}
	return a.opt.Typeset(title)
}

func (a *assembler) sections(s *Site) {
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
	for n := range a.meta {
		if n != "" {
			names[n] = true
		}
	}
	for _, n := range sortedNames(names) {
		typ := a.cfg.Sections[n]
		if typ == "" {
			typ = config.TypePlain
		}
		sec := a.listPage(KindSection, n, "/"+n+"/", defaultSectionTitle(n, typ))
		sec.Type = typ
		pages := bySection[n]
		switch typ {
		case config.TypeNews:
			sortByDate(pages)
			s.News = pages
			chain(pages)
		case config.TypeCharter:
			s.Parts = charter(pages)
			s.Charter = pages
		case config.TypeEvent:
			sortEvents(pages)
			s.Events = pages
			for _, p := range pages {
				if p.Event.Upcoming(s.Now) {
					s.Upcoming = append(s.Upcoming, p)
				} else {
					s.Past = append(s.Past, p)
				}
			}
			slices.Reverse(s.Past)
			pages = append(append([]*Page{}, s.Upcoming...), s.Past...)
		default:
			slices.SortFunc(pages, func(a, b *Page) int {
				if a.Weight != b.Weight {
					return a.Weight - b.Weight
				}
				return order(newer(a, b))
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

// order turns "a comes first" into a comparison result for slices.SortFunc,
// for orders that never call two pages equal.
func order(aFirst bool) int {
	if aFirst {
		return -1
	}
	return 1
}

func sortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func defaultSectionTitle(dir, typ string) string {
	switch typ {
	case config.TypeNews:
		return "Actualités"
	case config.TypeCharter:
		return "La charte"
	case config.TypeEvent:
		return "Événements"
	}
	return strings.ToUpper(dir[:1]) + dir[1:]
}

// newer orders pages newest first, then by title and URL so that the order
// never depends on the file system: a total order.
func newer(a, b *Page) bool {
	if a.when != b.when {
		return a.when > b.when
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.Path < b.Path
}

func sortByDate(pages []*Page) {
	slices.SortFunc(pages, func(a, b *Page) int {
		if a == b {
			return 0
		}
		return order(newer(a, b))
	})
}

func sortEvents(pages []*Page) {
	slices.SortFunc(pages, func(a, b *Page) int {
		if c := a.Event.Start.Compare(b.Event.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
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
	slices.SortFunc(pages, func(a, b *Page) int {
		if a.Weight != b.Weight {
			return a.Weight - b.Weight
		}
		if a.Title != b.Title {
			return strings.Compare(a.Title, b.Title)
		}
		return strings.Compare(a.Path, b.Path)
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

func (a *assembler) tags(s *Site) {
	// Pages are taken newest first, so that every tag's list comes out in
	// order, and a tag is named as its newest page spells it.
	byDate := slices.Clone(s.Pages)
	sortByDate(byDate)
	byTag := map[string]*Page{}
	slugs := map[string]string{}
	var seen []*Page // tags already met on the current page
	for _, p := range byDate {
		seen = seen[:0]
		for _, name := range p.Tags {
			sl, ok := slugs[name]
			if !ok {
				sl = slug.Make(name)
				slugs[name] = sl
			}
			t := byTag[sl]
			if t == nil {
				t = a.listPage(KindTerm, "tags", "/tags/"+sl+"/", name)
				t.Slug = sl
				byTag[sl] = t
				s.Tags = append(s.Tags, t)
			}
			if slices.Contains(seen, t) {
				continue
			}
			seen = append(seen, t)
			t.Pages = append(t.Pages, p)
		}
		if len(seen) > 0 {
			p.TagPages = slices.Clone(seen)
		}
	}
	slices.SortFunc(s.Tags, func(a, b *Page) int { return strings.Compare(a.Slug, b.Slug) })
	for _, t := range s.Tags {
		if d := t.Pages[0].Date; !d.IsZero() {
			t.Date, t.Lastmod = d, d
		}
	}
	s.TagIndex = a.listPage(KindTaxonomy, "tags", "/tags/", "Étiquettes")
	s.TagIndex.Pages = s.Tags
	for _, t := range s.Tags {
		t.Parent = s.TagIndex
	}
}

func (a *assembler) home(s *Site) {
	h := a.listPage(KindHome, "", "/", a.cfg.Title)
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

func (a *assembler) specials(s *Site) {
	special := func(layout, rel, title string) *Page {
		p := &Page{Title: a.typeset(title), Params: map[string]any{}, Kind: KindSpecial, Layout: layout, Path: rel, out: new(rendering)}
		s.Specials = append(s.Specials, p)
		return p
	}
	special("404", "/404.html", "Page introuvable")
	special("search", "/search/", "Recherche")
	if dir := a.cfg.SectionOf(config.TypeCharter); dir != "" && len(s.Charter) > 0 {
		c := special("charter-complete", "/"+dir+"/complete/", s.Section[dir].Title+" : version complète")
		c.Section, c.Type, c.Pages, c.Parent = dir, config.TypeCharter, s.Charter, s.Section[dir]
	}
}

// urls gives every page its permalinks, and reports two sources that
// would write one URL, naming both.
func (a *assembler) urls(s *Site) {
	all := s.listAll()
	s.all = all
	s.byPath = make(map[string]int, len(all))
	s.byFile = make(map[string]int, len(all))
	s.bundles = map[string]int{}
	owner := make(map[string]*Page, len(all))
	name := func(p *Page) string {
		if p.File != "" && (p.Kind == KindPage || p.Kind == KindSection || p.Kind == KindHome) {
			return p.File
		}
		return "(generated " + p.Kind + " page " + p.Path + ")"
	}
	claim := func(url string, by *Page) {
		if prev, taken := owner[url]; taken {
			a.errs.Add(diag.Pos{File: name(by), Line: 1}, fmt.Sprintf("URL %s is also the URL of %s", url, name(prev)), "a different slug or file name")
			return
		}
		owner[url] = by
	}
	base, rel := strings.TrimSuffix(a.cfg.BaseURL, "/"), basePath(a.cfg.BaseURL)
	for i, p := range all {
		p.Site = s
		p.pos = i
		p.IsPage, p.IsHome, p.IsSection = p.Kind == KindPage, p.Kind == KindHome, p.Kind == KindSection
		p.outPath, p.outFor = p.OutputPath(), p.Path
		p.Permalink = base + p.Path
		p.RelPermalink = rel + p.Path
		claim(p.Path, p)
		s.byPath[p.Path] = i
		if p.File != "" {
			s.byFile[p.File] = i
			if p.Kind == KindPage && path.Base(p.File) == "index.md" {
				s.bundles[path.Dir(p.File)] = i
			}
		}
	}
	for _, p := range all {
		for _, al := range p.Aliases {
			claim(al, p)
		}
	}
}

// Ref finds the page that a ref or relref shortcode names, as Hugo does:
// a path from the content folder ("/actualites/x.md", "actualites/x"), a
// path from the folder of p's file, or the base name of a single file
// ("x.md", "x"); a "#anchor" is kept. ok is false when no page, or more
// than one base name, matches.
func (s *Site) Ref(p *Page, ref string) (q *Page, anchor string, ok bool) {
	if i := strings.IndexByte(ref, '#'); i >= 0 {
		ref, anchor = ref[:i], ref[i:]
	}
	if ref == "" {
		return p, anchor, p != nil
	}
	try := func(rel string) *Page {
		rel = path.Clean("/" + rel)
		file := "content" + rel
		if strings.HasSuffix(rel, ".md") {
			if q := s.PageOf(file); q != nil {
				return q
			}
			return nil
		}
		for _, f := range []string{file + ".md", file + "/index.md", file + "/_index.md"} {
			if q := s.PageOf(f); q != nil {
				return q
			}
		}
		if rel == "/" {
			return s.Home
		}
		return s.GetPage(rel + "/")
	}
	if !strings.HasPrefix(ref, "/") && p != nil && p.File != "" {
		dir := strings.TrimPrefix(path.Dir(p.File), "content")
		if q := try(path.Join(dir, ref)); q != nil {
			return q, anchor, true
		}
	}
	if q := try(ref); q != nil {
		return q, anchor, true
	}
	if strings.Contains(ref, "/") {
		return nil, anchor, false
	}
	name := strings.TrimSuffix(ref, ".md")
	var found *Page
	for _, q := range s.all {
		if q.File == "" {
			continue
		}
		base := strings.TrimSuffix(path.Base(q.File), ".md")
		if base == "index" || base == "_index" {
			base = path.Base(path.Dir(q.File))
		}
		if base == name {
			if found != nil {
				return nil, anchor, false
			}
			found = q
		}
	}
	return found, anchor, found != nil
}
