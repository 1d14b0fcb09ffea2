package build

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/feed"
	"github.com/catalyseurs/alliance/internal/ical"
	"github.com/catalyseurs/alliance/internal/overlay"
	"github.com/catalyseurs/alliance/internal/search"
	"github.com/catalyseurs/alliance/internal/sitemap"
	"github.com/catalyseurs/alliance/internal/templates"
)

// feedDate is the date a page has in feeds: its date, else its last
// update. An event's start is not a publication date: an event to come is
// not news from the future.
func feedDate(p *content.Page) time.Time {
	if !p.Date.IsZero() {
		return p.Date
	}
	return p.Lastmod
}

func (b *builder) absURL(rel string) string {
	return strings.TrimSuffix(b.cfg.BaseURL, "/") + rel
}

// newestPages returns the feed.limit newest dated pages, newest first. It
// keeps a short sorted list instead of sorting every page: feeds are many
// and short.
func (b *builder) newestPages(pages []*content.Page) []*content.Page {
	limit := b.cfg.Feed.Limit
	before := func(a, c *content.Page) bool {
		da, dc := feedDate(a), feedDate(c)
		if !da.Equal(dc) {
			return da.After(dc)
		}
		return a.Path < c.Path
	}
	top := make([]*content.Page, 0, limit+1)
	for _, p := range pages {
		if feedDate(p).IsZero() || len(top) == limit && !before(p, top[limit-1]) {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return before(p, top[i]) })
		top = append(top, nil)
		copy(top[i+1:], top[i:])
		top[i] = p
		if len(top) > limit {
			top = top[:limit]
		}
	}
	return top
}

// listPages returns the first feed.limit pages of a list, in the list's
// order (a section's or a tag's feed holds its list, dated or not).
func (b *builder) listPages(pages []*content.Page) []*content.Page {
	return pages[:min(len(pages), b.cfg.Feed.Limit)]
}

// feedItems turns pages into feed items.
func (b *builder) feedItems(pages []*content.Page) []feed.Item {
	items := make([]feed.Item, len(pages))
	for i, p := range pages {
		it := feed.Item{
			ID: p.Permalink, URL: p.Permalink, Title: p.Title,
			Published: feedDate(p), Updated: p.Lastmod,
			Categories: p.Tags,
			Summary:    p.SummaryText(),
		}
		for _, a := range p.Authors {
			it.Authors = append(it.Authors, feed.Author{Name: a})
		}
		if b.cfg.Feed.FullContent {
			it.Content = feed.Absolutize(string(p.Content()), p.Permalink)
		}
		if img := b.shareImage(p); img != nil {
			it.Image, _ = img.Permalink()
			it.ImageSize, it.ImageType = img.Size(), img.MediaType()
		}
		if p.Event != nil {
			// What a subscriber needs first: when and where.
			// A series is one item, which names its next occurrence.
			when, where := templates.WhenText(p.Event), b.conv.Typeset(eventPlace(p.Event))
			if p.Event.Series != nil {
				when = "Rendez-vous récurrent, prochaine date\u00a0: " + when
			}
			it.Summary = strings.TrimSpace(when + ", " + where + ". " + it.Summary)
			if it.Content != "" {
				it.Content = "<p>" + html.EscapeString(when) + "<br>" + html.EscapeString(where) + "</p>\n" + it.Content
			}
		}
		items[i] = it
	}
	return items
}

// eventPlace says where an event takes place: its place, its link, or both.
func eventPlace(e *content.Event) string {
	switch {
	case e.Location != "" && e.Online != "":
		return e.Location + " et en ligne (" + e.Online + ")"
	case e.Online != "":
		return "en ligne (" + e.Online + ")"
	}
	return e.Location
}

func (b *builder) channel(title, description, rel, feedRel string, pages []*content.Page) feed.Channel {
	return feed.Channel{
		Title: title, Description: description, Language: b.cfg.Language,
		Link: b.absURL(rel), FeedURL: b.absURL(feedRel),
		Author: feed.Author{Name: b.cfg.Author.Name, Email: b.cfg.Author.Email},
		Items:  b.feedItems(pages),
	}
}

// writeFeeds writes the whole site's RSS, Atom and JSON feeds, and an RSS
// feed per section and per tag.
func (b *builder) writeFeeds() {
	s := b.site
	// The site's feed follows publications: news and plain pages, and
	// events only when they carry a publication date of their own (an
	// event's start is not one). Each section, events included, has its
	// own feed.
	var all []*content.Page
	for _, p := range s.Pages {
		if p.Type != "charter" && (p.Event == nil || !p.Date.IsZero()) {
			all = append(all, p)
		}
	}
	all = b.newestPages(all)
	siteFeed := func(feedRel string) feed.Channel {
		return b.channel(s.Config.Title, s.Config.Description, "/", feedRel, all)
	}
	b.writeFeed("feed.xml", all, feed.RSS, func() feed.Channel { return siteFeed("/feed.xml") })
	b.writeFeed("atom.xml", all, feed.Atom, func() feed.Channel { return siteFeed("/atom.xml") })
	b.writeFeed("feed.json", all, feed.JSON, func() feed.Channel { return siteFeed("/feed.json") })
	for _, sec := range s.Sections {
		pages := b.listPages(sec.Pages)
		b.writeFeed(sec.Path[1:]+"feed.xml", pages, feed.RSS, func() feed.Channel {
			return b.channel(sec.Title+" – "+s.Config.Title, s.Config.Description, sec.Path, sec.Path+"feed.xml", pages)
		})
	}
	for _, t := range s.Tags {
		pages := b.listPages(t.Pages)
		b.writeFeed(t.Path[1:]+"feed.xml", pages, feed.RSS, func() feed.Channel {
			return b.channel(t.Title+" – "+s.Config.Title, "Pages avec l’étiquette "+t.Title, t.Path, t.Path+"feed.xml", pages)
		})
	}
}

// writeFeed writes one feed of items.
func (b *builder) writeFeed(name string, items []*content.Page, format func(feed.Channel) ([]byte, error), channel func() feed.Channel) {
	b.res.Feeds++
	b.emit(name, func() uint64 { return b.keys.list(items) }, func(buf *bytes.Buffer) error {
		data, err := format(channel())
		if err != nil {
			return &diag.Error{Pos: diag.Pos{File: name}, Msg: "feed: " + err.Error()}
		}
		buf.Write(data)
		return nil
	})
}

// writeCalendars writes one .ics per event and one for the whole section.
func (b *builder) writeCalendars() {
	s := b.site
	if len(s.Events) == 0 {
		return
	}
	host := "alliance"
	if u, err := url.Parse(b.cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	for i, p := range s.Events {
		b.writeCalendar(p.Path[1:]+"event.ics", s.Events[i:i+1], func() ical.Calendar {
			return ical.Calendar{Name: p.Title + " – " + s.Config.Title, TimeZone: b.cfg.Location,
				Stamp: undatedStamp, Events: []ical.Event{b.calendarEvent(p, host)}}
		})
	}
	sec := s.Events[0].Parent
	b.writeCalendar(sec.Path[1:]+"calendar.ics", s.Events, func() ical.Calendar {
		events := make([]ical.Event, len(s.Events))
		for i, p := range s.Events {
			events[i] = b.calendarEvent(p, host)
		}
		return ical.Calendar{Name: s.Config.Title, Description: sec.Title, TimeZone: b.cfg.Location,
			Stamp: undatedStamp, Events: events}
	})
}

// calendarEvent is an event page as a VEVENT: a series as its RRULE, with
// one override per entry of its occurrences field. DTSTAMP and
// LAST-MODIFIED come from lastmod (never after the build's clock), and
// SEQUENCE grows with it (ical.SequenceOf): a subscriber's agenda follows a
// change of time, place or status without state kept between builds.
func (b *builder) calendarEvent(p *content.Page, host string) ical.Event {
	e := p.Event.Base()
	place := func(location, online string) string {
		if location == "" {
			return online
		}
		return location
	}
	stamp := p.Lastmod
	if stamp.After(b.site.Now) {
		stamp = b.site.Now
	}
	v := ical.Event{
		UID: p.Section + "-" + p.Slug + "@" + host, Summary: p.Title,
		Description: b.eventDescription(p), Location: place(e.Location, e.Online), URL: p.Permalink,
		Status: e.Status, Organizer: e.Organizer, Stamp: stamp, LastModified: stamp,
		Sequence: ical.SequenceOf(p.Lastmod), Categories: p.Tags,
	}
	if e.Series == nil {
		v.Start, v.End, v.AllDay = e.Start, e.End, e.AllDay
		return v
	}
	v.Series = e.Series.Set
	for _, c := range e.Series.Changes {
		o := ical.Override{Of: c.Of, Summary: c.Title, Status: c.Status, Location: c.Location}
		if c.Location == "" && c.Online != "" && e.Location == "" {
			o.Location = c.Online
		}
		if c.Note != "" {
			o.Description = c.Note + "\n\n" + v.Description
		}
		if o != (ical.Override{Of: c.Of}) {
			v.Overrides = append(v.Overrides, o)
		}
	}
	return v
}

// undatedStamp is the DTSTAMP of an event without lastmod (nor date): a
// fixed instant in the past, the same in every calendar and every build,
// where the build's clock would change the files at each build.
var undatedStamp = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// eventDescription is the summary as plain text, then the links a reader
// of an agenda needs.
func (b *builder) eventDescription(p *content.Page) string {
	e := p.Event.Base()
	parts := []string{p.SummaryText()}
	if e.Online != "" {
		parts = append(parts, "En ligne\u00a0: "+e.Online)
	}
	if e.Registration != "" {
		parts = append(parts, "Inscription\u00a0: "+e.Registration)
	}
	parts = append(parts, p.Permalink)
	return strings.TrimSpace(strings.Join(parts, "\n\n"))
}

func (b *builder) writeCalendar(name string, events []*content.Page, cal func() ical.Calendar) {
	b.res.Calendar++
	b.emit(name, func() uint64 { return b.keys.list(events) }, func(buf *bytes.Buffer) error {
		data, err := ical.Write(cal())
		if err != nil {
			return &diag.Error{Pos: diag.Pos{File: name}, Msg: "calendar: " + err.Error()}
		}
		buf.Write(data)
		return nil
	})
}

// writeSitemap writes sitemap.xml and robots.txt.
func (b *builder) writeSitemap() {
	all := b.site.All()
	b.emit("sitemap.xml", func() uint64 { return b.keys.sitemap(all) }, func(buf *bytes.Buffer) error {
		var urls []sitemap.URL
		for _, p := range all {
			if p.Kind == content.KindSpecial && p.Layout == "404" {
				continue
			}
			urls = append(urls, sitemap.URL{Loc: p.Permalink, Lastmod: p.Lastmod})
		}
		buf.Write(sitemap.XML(urls))
		return nil
	})
	b.writeUnkeyed("robots.txt", sitemap.Robots(b.absURL("/sitemap.xml")))
}

// writeSearch writes the search index over the regular pages, unless a
// Session refreshes it later (see Session.OnRefresh).
func (b *builder) writeSearch() {
	if b.keys.searchLater(b) {
		return
	}
	files, err := searchFiles(b.ctx, b.site, b.keys.memoOrNil(), b.opt.Workers)
	if err != nil {
		b.addErr(&diag.Error{Pos: diag.Pos{File: "search-index.json"}, Msg: "search: " + err.Error()})
		return
	}
	for _, f := range files {
		b.write(f.Path, f.Data)
	}
	b.keys.keepSearch(files)
}

// searchFiles builds the search index over the regular pages of site.
// Their terms are analyzed in parallel and added to the index as they
// come; m, when set, keeps them for the next build.
func searchFiles(ctx context.Context, site *content.Site, m *memo, workers int) ([]search.File, error) {
	pages := site.Pages
	docs := make([]search.Doc, len(pages))
	for i, p := range pages {
		d := search.Doc{URL: p.RelPermalink, Title: p.Title, Summary: p.SummaryText(), Text: p.Plain()}
		if p.Parent != nil {
			d.Section = p.Parent.Title
		}
		date := p.Date
		if p.Event != nil {
			date = p.Event.Start
		}
		d.Date = templates.DateFR("2 January 2006", date)
		if slices.Contains(search.Kinds, p.Type) {
			d.Kind = p.Type
		}
		for _, t := range p.TagPages {
			if t.Slug != "" {
				d.Tags = append(d.Tags, search.Tag{Slug: t.Slug, Name: t.Title})
			}
		}
		for _, sec := range p.Rendered().Sections {
			d.Sections = append(d.Sections, search.Section{ID: sec.ID, Heading: sec.Heading, Start: sec.Start})
		}
		if e := p.Event; e != nil {
			d.End = e.End
			if d.End.IsZero() {
				d.End = e.Start
			}
		}
		docs[i] = d
	}
	ix, err := search.NewIndexer(docs)
	if err != nil {
		return nil, err
	}
	forEach(ctx, workers, len(docs), func(i int) {
		t, ok := m.terms(docs[i])
		if !ok {
			t = search.Analyze(docs[i])
			m.keepTerms(docs[i], t)
		}
		ix.Add(docs[i].URL, t)
	})
	return ix.Files()
}

// copyStatic copies the theme's and the site's static/ files (the site's
// win), and the non-Markdown files under content/.
func (b *builder) copyStatic() {
	if b.keys.carryStatic(b) {
		return
	}
	fsys := overlay.New(sub(b.src, "static"), sub(b.opt.Theme, "static"))
	copied := map[string]bool{}
	used := map[string]bool{} // the files of static/ that pages show as images
	if b.images != nil {
		for _, f := range b.images.Used() {
			used[f] = true
		}
	}
	var names []string
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" {
				return fs.SkipDir // neither the site nor the theme has one
			}
			b.errs.Add(diag.Pos{File: p}, "cannot read: "+err.Error(), "")
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if isImageFile(p) && used[p] {
			// Shown by a page: writeImages publishes it made of its
			// pixels alone, as it may hold a GPS position.
			copied[strings.TrimPrefix(p, "static/")] = true
			return nil
		}
		b.copyFile(fsys, p, strings.TrimPrefix(p, "static/"))
		copied[strings.TrimPrefix(p, "static/")] = true
		names = append(names, strings.TrimPrefix(p, "static/"))
		return nil
	})
	if err != nil {
		b.errs.Add(diag.Pos{File: "static"}, "cannot read: "+err.Error(), "")
	}
	for _, f := range b.site.Files {
		rel, _ := b.site.FileOutput(f)
		if isImageFile(f) {
			continue // published processed (see writeImages), as it may hold a GPS position
		}
		if copied[rel] {
			b.errs.Add(diag.Pos{File: f}, "also in static/ as "+rel, "one of the two")
			continue
		}
		b.copyFile(b.src, f, rel)
		names = append(names, path.Clean(rel))
	}
	b.keys.keepStatic(names)
}

func (b *builder) copyFile(fsys fs.FS, from, to string) {
	data, err := fs.ReadFile(fsys, from)
	if err != nil {
		b.errs.Add(diag.Pos{File: from}, "cannot read: "+err.Error(), "a regular file inside the site folder")
		return
	}
	b.write(path.Clean(to), data)
	b.keys.keepOutput(path.Clean(to), 0, data)
}
