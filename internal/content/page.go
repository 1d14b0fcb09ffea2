package content

import (
	"html/template"
	"strings"
	"sync"
	"time"
)

// Page kinds, as Hugo names them (.Kind in layouts).
const (
	KindHome     = "home"     // the site's home page
	KindSection  = "section"  // a section's list page
	KindPage     = "page"     // a regular page from a Markdown file
	KindTaxonomy = "taxonomy" // the list of all tags
	KindTerm     = "term"     // the pages of one tag
	KindSpecial  = "special"  // generated pages: 404, search, the complete charter
)

// Page is one page of the site: a Markdown file or a generated list. Assemble
// makes every Page of a Site and nothing changes one afterwards; what the
// Markdown of a page renders to (Content, Summary, TOC...) is computed once,
// on first use, by the Site's Renderer.
//
// The fields from Type to Shape are what the page's file says of it (its
// Meta, shared with the Source the file was read into, copied here: layouts
// read fields of the page itself faster than promoted ones); the others
// say where the page sits in the site.
type Page struct {
	Kind   string // KindHome, KindSection, ...
	Layout string // for special pages: the layout name ("404", "search", ...)
	// IsPage, IsHome and IsSection say which Kind, as Hugo's layouts ask.
	IsPage, IsHome, IsSection bool

	Type    string // the content type of its section: "news", "charter", "event" or "page"
	Section string // top-level content directory, "" for the home page
	File    string // source path relative to the site root ("content/actualites/x.md"); "" for generated pages
	Slug    string
	Title   string // with the site's typography
	Date    time.Time
	Lastmod time.Time // defaults to Date
	// ExpiryDate is when the page leaves the site (a call for
	// applications past its deadline); zero for never.
	ExpiryDate time.Time
	Draft      bool
	Weight     int
	Tags       []string
	Aliases    []string
	Params     map[string]any // every front matter key, as decoded
	Authors    []string       // news
	Part       string         // charter
	Event      *Event         // events
	Image      string         // cover image, as written in the front matter
	ImageAlt   string
	ImageLine  int // the line of the image field in the file, for errors

	SummaryField string // the front matter summary, Markdown
	Body         []byte // Markdown after the front matter
	BodyLine     int    // line of File where Body starts (1-based)
	Hash         uint64 // of the source file's name and bytes; 0 for generated pages
	// CallsShortcodes is set when the body may call shortcodes, which may
	// read any page: what it renders to may change with another page.
	CallsShortcodes bool
	Shape           uint64 // of the fields that place the page in the site (see shape); 0 for generated pages

	Path         string // site-relative URL path: "/actualites/x/"; the output file comes from it
	RelPermalink string // Path under the base URL's path: "/sub/actualites/x/" for baseURL https://example.org/sub/
	Permalink    string // absolute, from baseURL
	Chapter      int    // charter: 1-based position in the whole charter

	// Relations, set by Assemble.
	Pages     []*Page // lists: the pages listed, in display order
	Prev      *Page   // charter: previous chapter; news: the newer post
	Next      *Page   // charter: next chapter; news: the older post
	Parent    *Page   // the section (or home, or tags) page
	TagPages  []*Page // term pages of Tags, in Tags' order
	Related   []*Page // "À lire aussi": pages sharing tags, best first
	Paginator *Pager  // set on the copies made for each pager page
	Site      *Site

	meta *Meta // what the fields from Type to Shape were copied from
	// outPath is OutputPath, for the page at outFor: a list's pager
	// copies, at other paths, work theirs out.
	outPath, outFor string
	index           int        // position in Site.Pages
	pos             int        // position in Site.All()
	when            int64      // listDate in Unix nanoseconds, to sort by
	out             *rendering // shared by a list page's pager copies
}

// Meta is what a page's file says of it: the fields of its front matter
// and its body, as a Source holds them.
type Meta struct {
	Type            string
	Section         string
	File            string
	Slug            string
	Title           string
	Date            time.Time
	Lastmod         time.Time
	ExpiryDate      time.Time
	Draft           bool
	Weight          int
	Tags            []string
	Aliases         []string
	Params          map[string]any
	Authors         []string
	Part            string
	Event           *Event
	Image           string
	ImageAlt        string
	ImageLine       int
	SummaryField    string
	Body            []byte
	BodyLine        int
	Hash            uint64
	Shape           uint64
	CallsShortcodes bool
}

// setMeta gives p what its file says of it.
func (p *Page) setMeta(m *Meta) {
	p.meta = m
	p.Type, p.Section, p.File, p.Slug, p.Title = m.Type, m.Section, m.File, m.Slug, m.Title
	p.Date, p.Lastmod, p.ExpiryDate, p.Draft, p.Weight = m.Date, m.Lastmod, m.ExpiryDate, m.Draft, m.Weight
	p.Tags, p.Aliases, p.Params, p.Authors, p.Part, p.Event = m.Tags, m.Aliases, m.Params, m.Authors, m.Part, m.Event
	p.Image, p.ImageAlt, p.ImageLine = m.Image, m.ImageAlt, m.ImageLine
	p.SummaryField, p.Body, p.BodyLine, p.Hash, p.Shape = m.SummaryField, m.Body, m.BodyLine, m.Hash, m.Shape
	p.CallsShortcodes = m.CallsShortcodes
}

// Event holds the fields of an event page.
type Event struct {
	Start, End           time.Time // End may be zero
	AllDay               bool      // start given as a date only
	Location             string
	Online               string // URL
	Registration         string // URL
	RegistrationRequired bool
	Price                string
	Organizer            string
	Status               string // "scheduled", "cancelled", "postponed"

	// Series makes the event recurring (nil for a single event). The
	// page's Event is then the series at the build's clock: Start, End,
	// Status, Location and Online are its next occurrence's (or its
	// last's, once all have passed), and Schedule lists the others.
	Series   *Series
	Schedule *Schedule
	base     *Event // a series' event as its file says it
}

// Base returns the event as its file says it: for a series, its first
// occurrence's times and the series' status, place and link.
func (e *Event) Base() *Event {
	if e.base != nil {
		return e.base
	}
	return e
}

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Section is a heading of a page's table of contents and the text under
// it, up to the next heading of the table of contents: Heading starts at
// Plain[Start:], Body after it and a space.
type Section struct {
	ID, Heading, Body string
	Start             int
}

// Link is a link or image destination written in a page's Markdown.
type Link struct {
	Dest     string // as written
	Line     int    // 1-based line in the page's file
	Image    bool
	URL      string // what the page links to (see Site.Resolve)
	Resolved bool   // a relative Dest was found to lead to a page or a file of the site
}

// Pager is one page of a paginated list.
type Pager struct {
	PageNumber int
	TotalPages int
	Pages      []*Page
	URL        string // this pager page, relative
	PrevURL    string // "" on the first page
	NextURL    string // "" on the last page
	FirstURL   string
	LastURL    string
}

// HasPrev reports whether there is a previous pager page.
func (p *Pager) HasPrev() bool { return p.PrevURL != "" }

// HasNext reports whether there is a next pager page.
func (p *Pager) HasNext() bool { return p.NextURL != "" }

// Rendered is what a page's Markdown renders to.
type Rendered struct {
	Content     template.HTML
	Summary     template.HTML
	SummaryText string // Summary as plain text, for descriptions, feeds and search
	TOC         []Heading
	Sections    []Section // TOC's headings with the text under each, for search
	Plain       string    // text of Content, for search and reading time
	Words       int
	Links       []Link // every link and image of the body
	Err         error  // why the body could not be rendered; the other fields are then empty
}

// A Renderer renders the Markdown of a page. It is called at most once per
// page, from any goroutine.
type Renderer interface {
	Render(p *Page) *Rendered
}

// A ResourceFinder gives layouts the files of a page's folder: a
// Renderer that is one answers .Resources.Get.
type ResourceFinder interface {
	// Resource returns the file name of p's folder, as layouts know it
	// (an image: see package resources), or nil when there is none.
	Resource(p *Page, name string) (any, error)
}

// Resources are the files of a page's folder, as Hugo's page resources:
// {{ with .Resources.Get "photo.jpg" }}.
type Resources struct{ p *Page }

// Resources returns the files of the page's folder.
func (p *Page) Resources() Resources { return Resources{p} }

// Get returns the file name of the page's folder, or nil when there is
// none.
func (r Resources) Get(name string) (any, error) {
	if r.p.Site == nil || r.p.File == "" {
		return nil, nil
	}
	f, ok := r.p.Site.renderer.(ResourceFinder)
	if !ok {
		return nil, nil
	}
	return f.Resource(r.p, name)
}

// rendering holds a page's Rendered once computed.
type rendering struct {
	once sync.Once
	r    *Rendered
}

// Rendered returns what the page's Markdown renders to, rendering it on
// first use.
func (p *Page) Rendered() *Rendered {
	if p.out == nil {
		return &Rendered{} // a page made outside Assemble (a test's)
	}
	p.out.once.Do(func() {
		if p.Site != nil && p.Site.renderer != nil {
			p.out.r = p.Site.renderer.Render(p)
		}
		if p.out.r == nil {
			p.out.r = &Rendered{}
		}
	})
	return p.out.r
}

// Content returns the page's body as HTML.
func (p *Page) Content() template.HTML { return p.Rendered().Content }

// Summary returns the summary field, else the text before <!--more-->, else
// the first paragraph, as HTML.
func (p *Page) Summary() template.HTML { return p.Rendered().Summary }

// SummaryText returns the summary as plain text.
func (p *Page) SummaryText() string { return p.Rendered().SummaryText }

// TOC returns the body's headings (h2 to h4).
func (p *Page) TOC() []Heading { return p.Rendered().TOC }

// Plain returns the body as plain text.
func (p *Page) Plain() string { return p.Rendered().Plain }

// WordCount returns the number of words of the body.
func (p *Page) WordCount() int { return p.Rendered().Words }

// ReadingTime returns the minutes the body takes to read, at least 1.
func (p *Page) ReadingTime() int { return max(1, (p.Rendered().Words+219)/220) }

// Description is what describes the page in its metadata: its summary as
// plain text, else the site's description.
func (p *Page) Description() string {
	if d := p.SummaryText(); d != "" {
		return d
	}
	if p.Site != nil {
		return p.Site.Description
	}
	return ""
}

// OutputPath returns the file this page is written to, relative to DEST.
// Pages whose URL names a file (/404.html) are written as that file.
func (p *Page) OutputPath() string {
	if p.outPath != "" && p.outFor == p.Path {
		return p.outPath
	}
	if strings.HasSuffix(p.Path, ".html") {
		return p.Path[1:]
	}
	return p.Path[1:] + "index.html"
}

// Param returns the front matter value of key, or nil.
func (p *Page) Param(key string) any { return p.Params[key] }

// listDate is the date a page sorts by in mixed lists: its date, else an
// event's start.
func (p *Page) listDate() time.Time {
	if p.Date.IsZero() && p.Event != nil {
		return p.Event.Start
	}
	return p.Date
}

// Upcoming reports whether an event has not ended at t.
func (e *Event) Upcoming(t time.Time) bool {
	return !e.Until().Before(t)
}

// Until returns when the event ends: End, else the end of Start's day for
// all-day events, else Start.
func (e *Event) Until() time.Time {
	switch {
	case !e.End.IsZero() && e.AllDay:
		return e.End.AddDate(0, 0, 1)
	case !e.End.IsZero():
		return e.End
	case e.AllDay:
		return e.Start.AddDate(0, 0, 1)
	}
	return e.Start
}

// Index returns the page's position in its site's All: pages with the same
// index are one page (a list and the copies made for its pager pages).
func (p *Page) Index() int { return p.pos }
