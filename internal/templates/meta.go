package templates

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/jsonstr"
)

// metaTags writes what the default theme puts in a page's <head> after the
// charset and viewport: the title, description, canonical URL, feeds, Open
// Graph and JSON-LD. It is the theme's former head.html and jsonld.html
// partials written in Go: as templates, they took about half of the time
// spent in layouts (some 60 actions per page, each a reflective call), for
// output that only depends on the page's fields. A site that wants other
// tags overrides layouts/partials/head.html.
//
// The output is byte for byte what html/template wrote for those partials:
// attribute values and the title go through the same escaping (attr), and
// URLs through the same filter and normalization (url).
func (s *Set) metaTags(p *content.Page) (template.HTML, error) {
	var b strings.Builder
	b.Grow(2048)
	site := p.Site
	siteTitle := s.typoCached(site.Title())
	pageNum := 1
	if p.Paginator != nil {
		pageNum = p.Paginator.PageNumber
	}
	b.WriteString("<title>")
	if p.IsHome() {
		b.WriteString(attrText(siteTitle))
	} else {
		b.WriteString(attrText(p.Title))
		if pageNum > 1 {
			b.WriteString(" – page " + strconv.Itoa(pageNum))
		}
		b.WriteString(" – " + attrText(siteTitle))
	}
	b.WriteString("</title>\n")
	desc := p.SummaryText
	if desc == "" {
		desc = site.Description()
	}
	b.WriteString(`<meta name="description" content="` + attrText(desc) + `">`)
	if p.Layout != "404" {
		b.WriteString("\n" + `<link rel="canonical" href="` + urlAttr(p.Permalink) + `">`)
	}
	st := attrText(site.Title())
	b.WriteString(s.siteLinks(st))
	// A list names its own feed (and calendar); a page, its section's.
	var owner *content.Page
	switch p.Kind {
	case content.KindSection, content.KindTerm:
		owner = p
	case content.KindPage, content.KindSpecial:
		if p.Parent != nil && p.Parent.Kind == content.KindSection {
			owner = p.Parent
		}
	}
	if owner != nil {
		base := owner.RelPermalink
		if owner.Paginator != nil {
			base = owner.Paginator.FirstURL
		}
		b.WriteString("\n" + `<link rel="alternate" type="application/rss+xml" title="` + attrText(owner.Title) + " – " + st + ` (RSS)" href="` + urlAttr(base) + `feed.xml">`)
		if owner.Type == "event" {
			b.WriteString("\n" + `<link rel="alternate" type="text/calendar" title="` + attrText(owner.Title) + " – " + st + ` (iCalendar)" href="` + urlAttr(base) + `calendar.ics">`)
		}
	}
	b.WriteString("\n" + `<meta property="og:title" content="` + attrText(p.Title) + `">`)
	b.WriteString("\n" + `<meta property="og:description" content="` + attrText(desc) + `">`)
	ogType := "website"
	if p.IsPage() {
		ogType = "article"
	}
	b.WriteString("\n" + `<meta property="og:type" content="` + ogType + `">`)
	b.WriteString("\n" + `<meta property="og:url" content="` + attrText(p.Permalink) + `">`)
	locale := attrText(site.Language())
	if site.Language() == "fr" {
		locale = "fr_FR"
	}
	b.WriteString("\n" + `<meta property="og:locale" content="` + locale + `">`)
	b.WriteString("\n" + `<meta property="og:site_name" content="` + st + `">`)
	if p.IsPage() && p.Type == "news" {
		b.WriteString("\n" + `<meta property="article:published_time" content="` + attrText(isoDate(p.Date)) + `">`)
		if !p.Lastmod.IsZero() {
			b.WriteString("\n" + `<meta property="article:modified_time" content="` + attrText(isoDate(p.Lastmod)) + `">`)
		}
		for _, t := range p.Tags {
			b.WriteString("\n" + `<meta property="article:tag" content="` + attrText(t) + `">`)
		}
	}
	b.WriteString("\n")
	jsonLDScript(&b, p)
	return template.HTML(b.String()), nil
}

// siteLinks are the <link> elements that every page has alike: the style
// sheet and the site's feeds. They depend only on the site's title (st,
// escaped) and base path, and are made once for a title.
type siteLinks struct{ title, html string }

func (s *Set) siteLinks(st string) string {
	if l := s.links.Load(); l != nil && l.title == st {
		return l.html
	}
	html := "\n" + `<link rel="stylesheet" href="` + urlAttr(s.relURL("/css/site.css")) + `">` +
		"\n" + `<link rel="alternate" type="application/rss+xml" title="` + st + ` (RSS)" href="` + urlAttr(s.relURL("/feed.xml")) + `">` +
		"\n" + `<link rel="alternate" type="application/atom+xml" title="` + st + ` (Atom)" href="` + urlAttr(s.relURL("/atom.xml")) + `">` +
		"\n" + `<link rel="alternate" type="application/feed+json" title="` + st + ` (JSON)" href="` + urlAttr(s.relURL("/feed.json")) + `">`
	s.links.Store(&siteLinks{st, html})
	return html
}

func isoDate(t time.Time) string { return t.Format(time.RFC3339) }

// typoCached is typo, with its results kept for the same inputs: layouts
// apply it to the same few strings (the site's title, authors' names) on
// every page. At most maxTypos results are kept.
func (s *Set) typoCached(in string) string {
	if v, ok := s.typos.Load(in); ok {
		return v.(string)
	}
	out := s.typo(in)
	if s.nTypos.Add(1) <= maxTypos {
		s.typos.Store(in, out)
	}
	return out
}

const maxTypos = 10000

func (s *Set) relURL(p string) string { return RelURL(s.basePath, p) }

// jsonLDScript writes the schema.org description of news posts, events
// and the home page. It writes, byte for byte, what encoding/json made of
// the maps the former template built: objects with their keys sorted, and
// strings escaped as Marshal escapes them (see jsonString). Writing it
// directly saves a map and a reflective Marshal per value, a third of the
// time metaTags took.
func jsonLDScript(b *strings.Builder, p *content.Page) {
	site := p.Site
	desc := p.SummaryText
	if desc == "" {
		desc = Truncate(300, p.Plain)
	}
	// org writes {"@type":"Organization","name":...}.
	org := func(name string) {
		b.WriteString(`{"@type":"Organization","name":`)
		jsonString(b, name)
		b.WriteString("}")
	}
	switch {
	case p.IsPage() && p.Type == "news":
		modified := p.Lastmod
		if modified.IsZero() {
			modified = p.Date
		}
		b.WriteString(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":`)
		jsonString(b, p.Title)
		b.WriteString(`,"datePublished":`)
		jsonString(b, isoDate(p.Date))
		b.WriteString(`,"dateModified":`)
		jsonString(b, isoDate(modified))
		b.WriteString(`,"author":`)
		if len(p.Authors) > 0 {
			b.WriteString("[")
			for i, a := range p.Authors {
				if i > 0 {
					b.WriteString(",")
				}
				b.WriteString(`{"@type":"Person","name":`)
				jsonString(b, a)
				b.WriteString("}")
			}
			b.WriteString("]")
		} else {
			name := site.Author().Name
			if name == "" {
				name = site.Title()
			}
			org(name)
		}
		b.WriteString(`,"publisher":{"@type":"Organization","name":`)
		jsonString(b, site.Title())
		b.WriteString(`,"url":`)
		jsonString(b, site.BaseURL())
		b.WriteString(`},"mainEntityOfPage":{"@id":`)
		jsonString(b, p.Permalink)
		b.WriteString(`,"@type":"WebPage"},"url":`)
		jsonString(b, p.Permalink)
		b.WriteString(`,"description":`)
		jsonString(b, desc)
		b.WriteString(`,"inLanguage":`)
		jsonString(b, site.Language())
		if len(p.Tags) > 0 {
			b.WriteString(`,"keywords":`)
			jsonString(b, strings.Join(p.Tags, ", "))
		}
		b.WriteString("}</script>")
	case p.IsPage() && p.Event != nil:
		e := p.Event
		format := "2006-01-02T15:04:05Z07:00"
		if e.AllDay {
			format = "2006-01-02"
		}
		status := "https://schema.org/EventScheduled"
		switch e.Status {
		case "cancelled":
			status = "https://schema.org/EventCancelled"
		case "postponed":
			status = "https://schema.org/EventPostponed"
		}
		mode := "https://schema.org/OfflineEventAttendanceMode"
		if e.Online != "" && e.Location != "" {
			mode = "https://schema.org/MixedEventAttendanceMode"
		} else if e.Online != "" {
			mode = "https://schema.org/OnlineEventAttendanceMode"
		}
		place := func() {
			b.WriteString(`{"@type":"Place","address":`)
			jsonString(b, e.Location)
			b.WriteString(`,"name":`)
			jsonString(b, e.Location)
			b.WriteString("}")
		}
		virtual := func() {
			b.WriteString(`{"@type":"VirtualLocation","url":`)
			jsonString(b, e.Online)
			b.WriteString("}")
		}
		// The former template left a blank line before this one.
		b.WriteString("\n" + `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Event","name":`)
		jsonString(b, p.Title)
		b.WriteString(`,"startDate":`)
		jsonString(b, e.Start.Format(format))
		if !e.End.IsZero() {
			b.WriteString(`,"endDate":`)
			jsonString(b, e.End.Format(format))
		}
		b.WriteString(`,"eventStatus":"` + status + `","eventAttendanceMode":"` + mode + `"`)
		switch {
		case e.Online != "" && e.Location != "":
			b.WriteString(`,"location":[`)
			place()
			b.WriteString(",")
			virtual()
			b.WriteString("]")
		case e.Online != "":
			b.WriteString(`,"location":`)
			virtual()
		case e.Location != "":
			b.WriteString(`,"location":`)
			place()
		}
		if e.Organizer != "" {
			b.WriteString(`,"organizer":`)
			org(e.Organizer)
		}
		if e.Price != "" {
			price := e.Price
			if strings.ToLower(price) == "gratuit" {
				price = "0"
			}
			offer := e.Registration
			if offer == "" {
				offer = p.Permalink
			}
			b.WriteString(`,"offers":{"@type":"Offer","availability":"https://schema.org/InStock","price":`)
			jsonString(b, price)
			b.WriteString(`,"priceCurrency":"EUR","url":`)
			jsonString(b, offer)
			b.WriteString("}")
		}
		b.WriteString(`,"description":`)
		jsonString(b, desc)
		b.WriteString(`,"url":`)
		jsonString(b, p.Permalink)
		b.WriteString(`,"inLanguage":`)
		jsonString(b, site.Language())
		b.WriteString("}</script>")
	case p.IsHome():
		b.WriteString(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"WebSite","description":`)
		jsonString(b, site.Description())
		b.WriteString(`,"inLanguage":`)
		jsonString(b, site.Language())
		b.WriteString(`,"name":`)
		jsonString(b, site.Title())
		b.WriteString(`,"url":`)
		jsonString(b, site.BaseURL())
		b.WriteString("}</script>")
	}
}

// jsonString writes s as a JSON string, as encoding/json's Marshal does,
// with <, > and & escaped (see jsonstr.Append).
func jsonString(b *strings.Builder, s string) {
	var buf [256]byte
	b.Write(jsonstr.Append(buf[:0], s, true))
}

// The escapers below are those html/template applies in the contexts
// where metaTags writes values; they are copied (in their effect) from
// Go's html/template, whose functions are not exported.

// attrReplacement is html/template's htmlReplacementTable.
var attrReplacement = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// attrText escapes a plain string for a quoted attribute value or for the
// text of <title>, as html/template does.
func attrText(s string) string {
	// Every character to replace is ASCII, and no byte of a multi-byte
	// UTF-8 sequence is: a loop over bytes does what one over runes would.
	i := 0
	for i < len(s) && (s[i] >= byte(len(attrReplacement)) || attrReplacement[s[i]] == "") {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	written := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < byte(len(attrReplacement)) && attrReplacement[c] != "" {
			b.WriteString(s[written:i])
			b.WriteString(attrReplacement[c])
			written = i + 1
		}
	}
	b.WriteString(s[written:])
	return b.String()
}

// urlAttr is what html/template writes for a value at the start of a URL
// attribute: unsafe schemes filtered out, the URL normalized
// (percent-encoding what RFC 3986 does not allow), then attribute escaping.
func urlAttr(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return trustedURLAttr(s)
}

// trustedURLAttr is what html/template writes for a template.URL at the
// start of a URL attribute: no scheme filter, the URL normalized, then
// attribute escaping.
func trustedURLAttr(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return attrText(s)
	}
	b.WriteString(s[written:])
	return attrText(b.String())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
