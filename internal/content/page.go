package content

import (
	"html/template"
	"strings"
	"time"
)

// Page kinds, as Hugo names them.
const (
	KindHome     = "home"     // the site's home page
	KindSection  = "section"  // a section's list page
	KindPage     = "page"     // a regular page from a Markdown file
	KindTaxonomy = "taxonomy" // the list of all tags
	KindTerm     = "term"     // the pages of one tag
	KindSpecial  = "special"  // generated pages: 404, search, the complete charter
)

// Page is one page of the site: a Markdown file or a generated list.
// The loader fills every field but the rendered ones (Content, Summary, TOC,
// Plain, WordCount), which the build sets once before any template runs.
// Nothing changes a Page after that.
type Page struct {
	Kind    string // KindHome, KindSection, ...
	Type    string // content kind of the section: "news", "charter", "event", "page"
	Section string // top-level content directory, "" for the home page
	File    string // source path relative to the site root ("content/actualites/x.md"); "" for generated pages
	Slug    string
	Layout  string // for special pages: the layout name ("404", "search", ...)

	Path         string // site-relative URL path: "/actualites/x/"; the output file comes from it
	RelPermalink string // Path under the base URL's path: "/sub/actualites/x/" for baseURL https://example.org/sub/
	Permalink    string // absolute, from baseURL

	Title   string
	Date    time.Time
	Lastmod time.Time // defaults to Date
	Draft   bool
	Weight  int
	Tags    []string
	Aliases []string
	Params  map[string]any // every front matter key, as decoded
	Authors []string       // news
	Part    string         // charter
	Chapter int            // charter: 1-based position in the whole charter
	Event   *Event         // events

	Rev          uint64 // changes whenever the source file is read again (serve); 0 without a Cache
	SummaryField string // the front matter summary, Markdown
	Body         []byte // Markdown after the front matter
	BodyLine     int    // line of File where Body starts (1-based)

	// Rendered by the build.
	Content     template.HTML
	Summary     template.HTML
	SummaryText string // Summary as plain text, for meta descriptions, feeds and search
	TOC         []Heading
	Plain       string // text of Content, for search and reading time
	WordCount   int
	ReadingTime int // minutes, at least 1

	// Relations, set by the loader.
	Pages     []*Page // lists: the pages listed, in display order
	Prev      *Page   // charter: previous chapter; news: the newer post
	Next      *Page   // charter: next chapter; news: the older post
	Parent    *Page   // the section (or home, or tags) page
	TagPages  []*Page // term pages of Tags, in Tags' order
	Related   []*Page // "À lire aussi": pages sharing tags, best first
	Paginator *Pager  // set on the copies made for each pager page
	Site      *Site

	index int // position in Site.Pages, for related
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
}

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
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

// HasPrev and HasNext report whether there is a previous or next pager page.
func (p *Pager) HasPrev() bool { return p.PrevURL != "" }

// HasNext reports whether there is a next pager page.
func (p *Pager) HasNext() bool { return p.NextURL != "" }

// IsPage reports whether p comes from a Markdown file of a section.
func (p *Page) IsPage() bool { return p.Kind == KindPage }

// IsHome reports whether p is the home page.
func (p *Page) IsHome() bool { return p.Kind == KindHome }

// IsSection reports whether p lists a section.
func (p *Page) IsSection() bool { return p.Kind == KindSection }

// OutputPath returns the file this page is written to, relative to DEST.
// Pages whose URL names a file (/404.html) are written as that file.
func (p *Page) OutputPath() string {
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
