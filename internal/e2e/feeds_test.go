package e2e

// Feeds of built sites, read the way feed readers read them: the example
// site's, checked against its Markdown sources, and those of a small site
// written here (fcTestSite) with a feed limit of 3, a draft, a future post,
// relative links and an updated post. Then newsboat reads them over HTTP,
// and the pages' structured data (JSON-LD, Open Graph) is checked.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/mmcdole/gofeed"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// fcParis is the time zone of both sites.
func fcParis(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// fcTestBase is the base URL of the small test site: a sub-path, so that
// "absolute" must mean "under the base URL", not only "has a host".
const fcTestBase = "https://essai.example/reseau/"

// fcTestSiteFiles is the small test site: news around a feed limit of 3
// (with a draft and a future post that would be the newest), and events on
// both sides of the 2026 DST changes in Europe/Paris, one cancelled, one
// postponed, one all-day over three days, one with ",;\" in its location
// and one with a long summary.
var fcTestSiteFiles = map[string]string{
	"site.yaml": `title: "Réseau d'essai"
baseURL: "` + fcTestBase + `"
language: fr
timezone: Europe/Paris
description: "Un site d'essai pour les flux et les agendas."
author: { name: "Équipe d'essai", email: "equipe@essai.example" }
paginate: 2
feed: { limit: 3, fullContent: true }
`,
	"content/actualites/premiere.md": `---
title: "Première lettre"
date: 2026-01-10T09:00:00
authors: ["Camille Durand"]
tags: [lettre, fondations]
summary: "La première lettre du réseau."
---
Bonjour à toutes et à tous.
`,
	"content/actualites/deuxieme.md": `---
title: "Deuxième lettre"
date: 2026-02-10T09:00:00
lastmod: 2026-02-20T18:30:00
authors: ["Camille Durand", "Julien Lefebvre"]
tags: [lettre]
---
Relisez la [première lettre](../premiere/), la [charte](/charte/) et [cette note](note/).

![Logo du réseau](https://essai.example/logo.png)

<!--more-->

Suite du texte avec une [ancre](#haut) et un [lien externe](https://autre.example/page).
`,
	"content/actualites/troisieme.md": `---
title: "Troisième lettre"
date: 2026-03-10T09:00:00
summary: "Au programme: la charte!"
authors: ["Julien Lefebvre"]
tags: [lettre, fondations]
---
Le texte de la troisième lettre.
`,
	"content/actualites/quatrieme.md": `---
title: "Quatrième lettre"
date: 2026-04-10T09:00:00
authors: ["Camille Durand"]
tags: [fondations]
---
Le texte de la quatrième lettre.
`,
	"content/actualites/brouillon.md": `---
title: "Brouillon secret"
date: 2026-11-01T09:00:00
draft: true
authors: ["Camille Durand"]
tags: [lettre, secret]
---
Ce brouillon ne doit jamais paraître.
`,
	"content/actualites/futur.md": `---
title: "Article du futur"
date: 2027-01-01T09:00:00
authors: ["Camille Durand"]
tags: [lettre, secret]
---
Cet article daté dans le futur ne doit pas paraître.
`,
	"content/evenements/avant-heure-ete.md": `---
title: "Atelier avant le changement d'heure"
start: 2026-03-28T10:00:00
end: 2026-03-28T11:30:00
location: 'Salle 3, bât. B; entrée \ côté'
organizer: "L'Atelier, Lyon"
price: "gratuit"
registration: "https://essai.example/inscriptions/avant"
registrationRequired: false
tags: [atelier]
summary: "Un atelier le samedi matin."
---
Texte de l'atelier.
`,
	"content/evenements/apres-heure-ete.md": `---
title: "Webinaire après le changement d'heure"
start: 2026-03-30T10:00:00
end: 2026-03-30T11:00:00
online: "https://essai.example/direct/apres"
registration: "https://essai.example/inscriptions/apres"
registrationRequired: true
status: cancelled
summary: "Un webinaire annulé."
---
Ce webinaire est annulé.
`,
	"content/evenements/universite-ete.md": `---
title: "Université d'été"
start: 2026-06-29
end: 2026-07-01
location: "Lyon"
status: postponed
summary: "Au programme: trois journées de formation entre pairs!"
---
Trois journées.
`,
	"content/evenements/nuit-heure-hiver.md": `---
title: "Veillée du changement d'heure"
start: 2026-10-24T18:00:00
end: 2026-10-25T09:00:00
location: "Grenoble"
summary: "Une veillée qui traverse le passage à l'heure d'hiver."
---
Une longue nuit.
`,
	"content/evenements/forum-2027.md": `---
title: "Forum des alliances 2027"
start: 2027-02-04T14:00:00
end: 2027-02-04T17:00:00
location: "Lille"
online: "https://essai.example/direct/forum"
registration: "https://essai.example/inscriptions/forum"
registrationRequired: true
price: "gratuit"
organizer: "Réseau d'essai"
tags: [forum, fondations]
summary: "` + fcForumSummary + `"
---
Le forum annuel.
`,
}

// fcForumSummary is long enough to be folded many times in iCalendar, and
// has commas (escaped there) but nothing French typography would change.
const fcForumSummary = "Un après-midi pour faire le point sur les alliances entre territoires, fondations, collectivités et associations, avec des ateliers en petits groupes, des retours d’expérience venus de toute la France et un long temps d’échanges libres entre praticiens, nouveaux venus comme membres de longue date, pour repartir avec des idées et des contacts."

// fcWriteSite writes the small test site into a new folder.
func fcWriteSite(t testing.TB) string {
	t.Helper()
	src := t.TempDir()
	for name, data := range fcTestSiteFiles {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

// fcTestSite builds the small test site and returns its output folder.
func fcTestSite(t testing.TB) string {
	t.Helper()
	dest, err := buildSite(t, fcWriteSite(t))
	if err != nil {
		t.Fatalf("building the test site: %v", err)
	}
	return dest
}

func fcRead(t testing.TB, dir, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fcFeedFiles lists the feeds of a built site, slash-separated and sorted:
// the site's three, then every SECTION/feed.xml and tags/TAG/feed.xml.
func fcFeedFiles(t testing.TB, dir string) []string {
	t.Helper()
	files := []string{"atom.xml", "feed.json", "feed.xml"}
	for _, pattern := range []string{"*/feed.xml", "tags/*/feed.xml"} {
		m, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			rel, _ := filepath.Rel(dir, f)
			files = append(files, filepath.ToSlash(rel))
		}
	}
	sort.Strings(files)
	return files
}

// fcWellFormed decodes a whole XML document with encoding/xml.
func fcWellFormed(t testing.TB, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 || roots != 1 {
		t.Fatalf("XML document has %d root elements, %d left open", roots, depth)
	}
}

// fcParseFeed checks that data is well-formed (XML, or JSON for a JSON
// Feed) and parses it with gofeed.
func fcParseFeed(t testing.TB, name string, data []byte) *gofeed.Feed {
	t.Helper()
	if strings.HasSuffix(name, ".json") {
		if !json.Valid(data) {
			t.Fatal("not valid JSON")
		}
	} else {
		fcWellFormed(t, data)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("gofeed: %v", err)
	}
	want := map[string]string{".xml": "rss", ".json": "json"}[path.Ext(name)]
	if name == "atom.xml" {
		want = "atom"
	}
	if f.FeedType != want {
		t.Errorf("feed type %q, want %q", f.FeedType, want)
	}
	return f
}

// fcURLAttr finds the href and src attributes of an HTML fragment.
var fcURLAttr = regexp.MustCompile(`(?i)\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)

// fcContentURLs returns the href and src values of an HTML fragment.
func fcContentURLs(content string) []string {
	var urls []string
	for _, m := range fcURLAttr.FindAllStringSubmatch(content, -1) {
		urls = append(urls, html.UnescapeString(m[2]+m[3]+m[4]))
	}
	return urls
}

// fcCheckItems checks what every feed item must have, whatever the site:
// title, absolute permalink under base, id = permalink, dates, summary,
// full content with absolute links only, and order, limit and channel date.
func fcCheckItems(t *testing.T, name, base string, f *gofeed.Feed, limit int, dated bool) {
	t.Helper()
	if len(f.Items) > limit {
		t.Errorf("%d items, more than feed.limit %d", len(f.Items), limit)
	}
	if !strings.HasPrefix(f.Link, base) {
		t.Errorf("channel link %q is not under %s", f.Link, base)
	}
	if f.Language != "fr" {
		t.Errorf("channel language %q, want fr", f.Language)
	}
	if f.Title == "" {
		t.Error("channel has no title")
	}
	atomOrJSON := name == "atom.xml" || name == "feed.json"
	var newest time.Time
	for i, it := range f.Items {
		where := fmt.Sprintf("item %d (%s)", i, it.Link)
		if strings.TrimSpace(it.Title) == "" {
			t.Errorf("%s: no title", where)
		}
		if !strings.HasPrefix(it.Link, base) || !strings.HasSuffix(it.Link, "/") {
			t.Errorf("%s: link is not an absolute permalink under %s", where, base)
		}
		if it.GUID != it.Link {
			t.Errorf("%s: id/guid %q, want the permalink", where, it.GUID)
		}
		if it.PublishedParsed == nil {
			if dated {
				t.Errorf("%s: no publication date", where)
			}
			continue
		}
		date := *it.PublishedParsed
		if atomOrJSON {
			if it.UpdatedParsed == nil {
				t.Errorf("%s: no update date", where)
			} else {
				if it.UpdatedParsed.Before(*it.PublishedParsed) {
					t.Errorf("%s: updated %v before published %v", where, it.UpdatedParsed, it.PublishedParsed)
				}
				date = *it.UpdatedParsed
			}
		}
		if date.After(newest) {
			newest = date
		}
		if dated && i > 0 && f.Items[i-1].PublishedParsed != nil && it.PublishedParsed.After(*f.Items[i-1].PublishedParsed) {
			t.Errorf("%s: published %v after the previous item's %v: not newest first", where, it.PublishedParsed, f.Items[i-1].PublishedParsed)
		}
		if strings.TrimSpace(it.Description) == "" {
			t.Errorf("%s: no summary", where)
		}
		if strings.TrimSpace(it.Content) == "" {
			t.Errorf("%s: no content (feed.fullContent is true)", where)
		}
		if strings.Contains(it.Content, `href="/`) || strings.Contains(it.Content, `src="/`) {
			t.Errorf("%s: root-relative URL in content", where)
		}
		for _, u := range fcContentURLs(it.Content) {
			pu, err := url.Parse(u)
			if strings.HasPrefix(u, "#") {
				continue
			}
			if err != nil || !pu.IsAbs() || (pu.Scheme == "http" || pu.Scheme == "https") && pu.Host == "" {
				t.Errorf("%s: content URL %q is not absolute", where, u)
			}
		}
	}
	// The channel's date is the newest item's, never the clock.
	var chDate *time.Time
	switch {
	case name == "feed.json":
		// JSON Feed has no channel date.
	case name == "atom.xml":
		chDate = f.UpdatedParsed
	default:
		chDate = f.PublishedParsed
		if !newest.IsZero() && (f.UpdatedParsed == nil || chDate == nil || !f.UpdatedParsed.Equal(*chDate)) {
			t.Errorf("RSS lastBuildDate %v, want pubDate %v", f.UpdatedParsed, chDate)
		}
	}
	switch {
	case name == "feed.json":
	case newest.IsZero(): // no item is dated (a charter's chapters): no date at all
		if chDate != nil {
			t.Errorf("channel date %v, though no item is dated", chDate)
		}
	case chDate == nil || !chDate.Equal(newest):
		t.Errorf("channel date %v, want the newest item's %v", chDate, newest)
	}
}

// fcLinks returns the item links of a feed.
func fcLinks(f *gofeed.Feed) []string {
	var links []string
	for _, it := range f.Items {
		links = append(links, it.Link)
	}
	return links
}

// fcPersonNames returns the names of gofeed persons.
func fcPersonNames(ps []*gofeed.Person) []string {
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	return names
}

// fcAuthors returns the names of an item's authors. gofeed keeps one
// author of an RSS item: all are its dc:creator elements.
func fcAuthors(name string, it *gofeed.Item) []string {
	if path.Base(name) == "feed.xml" && it.DublinCoreExt != nil {
		return it.DublinCoreExt.Creator
	}
	return fcPersonNames(it.Authors)
}

// fcSpaces collapses white space, no-break spaces included.
func fcSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// ---- The example site's sources, as the oracle of its feeds ----

// fcMeta is the front matter of a content file, as the tests read it.
type fcMeta struct {
	Title                string   `yaml:"title"`
	Date                 string   `yaml:"date"`
	Lastmod              string   `yaml:"lastmod"`
	Draft                bool     `yaml:"draft"`
	Slug                 string   `yaml:"slug"`
	Tags                 []string `yaml:"tags"`
	Authors              []string `yaml:"authors"`
	Summary              string   `yaml:"summary"`
	Start                string   `yaml:"start"`
	End                  string   `yaml:"end"`
	Location             string   `yaml:"location"`
	Online               string   `yaml:"online"`
	Registration         string   `yaml:"registration"`
	RegistrationRequired bool     `yaml:"registrationRequired"`
	Price                string   `yaml:"price"`
	Organizer            string   `yaml:"organizer"`
	Status               string   `yaml:"status"`
	Weight               int      `yaml:"weight"`
	RRule                string   `yaml:"rrule"`

	Section, Permalink  string
	First               string    // a series' start as written: its first occurrence
	date, start, update time.Time // parsed
	end                 time.Time
}

// fcParseTime reads a front matter date: with an offset, or in Paris time.
func fcParseTime(t testing.TB, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	if d, err := time.Parse(time.RFC3339, s); err == nil {
		return d
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if d, err := time.ParseInLocation(layout, s, fcParis(t)); err == nil {
			return d
		}
	}
	t.Fatalf("front matter date %q: unknown format", s)
	return time.Time{}
}

// fcSlugify folds accents and lower-cases, as the site's slugs do for the
// plain names used by the example site.
func fcSlugify(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// fcSeriesNext gives the next occurrence at fixedNow (2026-11-27) of each
// series of the example site, worked out by hand: pages, lists, feeds and
// JSON-LD show a series at it.
var fcSeriesNext = map[string][2]string{
	// The first Thursday of December 2026, 11:00 to 12:00 in Paris.
	"https://example.org/evenements/jeudis-odd-17/": {"2026-12-03T11:00:00+01:00", "2026-12-03T12:00:00+01:00"},
}

// fcSources reads the YAML front matter of every content/SECTION/*.md page
// of the site in src (not _index.md), keyed by permalink.
func fcSources(t testing.TB, src, base string) map[string]*fcMeta {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(src, "content", "*", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]*fcMeta{}
	for _, file := range files {
		if filepath.Base(file) == "_index.md" {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(data), "---\n", 3)
		if len(parts) != 3 || parts[0] != "" {
			t.Fatalf("%s: no YAML front matter", file)
		}
		m := &fcMeta{}
		if err := yaml.Unmarshal([]byte(parts[1]), m); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		m.Section = filepath.Base(filepath.Dir(file))
		slug := m.Slug
		if slug == "" {
			slug = fcSlugify(strings.TrimSuffix(filepath.Base(file), ".md"))
		}
		m.Permalink = base + m.Section + "/" + slug + "/"
		if m.RRule != "" {
			next, ok := fcSeriesNext[m.Permalink]
			if !ok {
				t.Fatalf("%s: a series whose next occurrence at fixedNow fcSeriesNext does not give", file)
			}
			m.First, m.Start, m.End = m.Start, next[0], next[1]
		}
		m.date, m.start, m.update, m.end = fcParseTime(t, m.Date), fcParseTime(t, m.Start), fcParseTime(t, m.Lastmod), fcParseTime(t, m.End)
		pages[m.Permalink] = m
	}
	return pages
}

// published reports whether a page is built: no draft, no future date.
func (m *fcMeta) published() bool {
	return !m.Draft && (m.Start != "" || !m.date.After(fixedNow))
}

// feedDate is the page's date in feeds: its date, else its lastmod, never
// an event's start.
func (m *fcMeta) feedDate() time.Time {
	if !m.date.IsZero() {
		return m.date
	}
	return m.update
}

// listDate is the date a page sorts by in a tag's list: its date, else an
// event's start.
func (m *fcMeta) listDate() time.Time {
	if !m.date.IsZero() {
		return m.date
	}
	return m.start
}

// upcoming reports whether an event has not ended at fixedNow (an all-day
// event lasts to the end of its last day).
func (m *fcMeta) upcoming() bool {
	until := m.end
	if until.IsZero() {
		until = m.start
	}
	if len(m.Start) == len("2006-01-02") {
		until = until.AddDate(0, 0, 1)
	}
	return !until.Before(fixedNow)
}

// fcYear writes a date's year, as the French date phrase has it.
func fcYear(t time.Time) string { return strconv.Itoa(t.Year()) }

// fcExpectedList returns the permalinks a section's or a tag's feed must
// list: the first limit pages of its list, in the list's order (news and
// tags newest first, the charter by weight, events to come soonest first
// and then past ones latest first), dated or not.
func fcExpectedList(pages map[string]*fcMeta, limit int, keep func(*fcMeta) bool, section string) []string {
	var list []*fcMeta
	for _, m := range pages {
		if m.published() && keep(m) {
			list = append(list, m)
		}
	}
	newer := func(a, b *fcMeta) int {
		if c := b.listDate().Compare(a.listDate()); c != 0 {
			return c
		}
		if a.Title != b.Title {
			return strings.Compare(a.Title, b.Title)
		}
		return strings.Compare(a.Permalink, b.Permalink)
	}
	slices.SortFunc(list, func(a, b *fcMeta) int {
		switch section {
		case "charte":
			if a.Weight != b.Weight {
				return a.Weight - b.Weight
			}
			return strings.Compare(a.Permalink, b.Permalink)
		case "evenements":
			if ua, ub := a.upcoming(), b.upcoming(); ua != ub {
				if ua {
					return -1
				}
				return 1
			} else if ua {
				return a.start.Compare(b.start)
			}
			return b.start.Compare(a.start)
		}
		return newer(a, b)
	})
	var links []string
	for _, m := range list[:min(len(list), limit)] {
		links = append(links, m.Permalink)
	}
	return links
}

// fcExpectedFeed returns the permalinks a feed must list: the published
// pages that keep returns true for and that have a feed date, newest first,
// at most limit.
func fcExpectedFeed(pages map[string]*fcMeta, limit int, keep func(*fcMeta) bool) []string {
	var list []*fcMeta
	for _, m := range pages {
		if m.published() && !m.feedDate().IsZero() && keep(m) {
			list = append(list, m)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i].feedDate(), list[j].feedDate()
		if !a.Equal(b) {
			return a.After(b)
		}
		return list[i].Permalink < list[j].Permalink
	})
	var links []string
	for i, m := range list {
		if i == limit {
			break
		}
		links = append(links, m.Permalink)
	}
	return links
}

// fcExampleLimit reads feed.limit in the example site's site.yaml.
func fcExampleLimit(t testing.TB) int {
	t.Helper()
	var cfg struct {
		Feed struct {
			Limit int `yaml:"limit"`
		} `yaml:"feed"`
	}
	data := fcRead(t, repoRoot, "site.yaml")
	if err := yaml.Unmarshal(data, &cfg); err != nil || cfg.Feed.Limit == 0 {
		t.Fatalf("site.yaml: feed.limit: %v", err)
	}
	return cfg.Feed.Limit
}

// fcTypo undoes the French typography the site adds to text, so that it
// can be compared with the sources.
func fcTypo(s string) string {
	s = strings.NewReplacer("’", "'", "«\u202f", `"`, "\u202f»", `"`, "«\u00a0", `"`, "\u00a0»", `"`, "…", "...").Replace(s)
	return strings.NewReplacer("\u00a0", "", "\u202f", "").Replace(s)
}

func fcTypoAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fcTypo(s)
	}
	return out
}

// ---- HTML helpers (regular expressions: the layouts' markup is known) ----

var (
	fcStartTag = regexp.MustCompile(`(?is)<(link|meta|a)\b([^>]*)>`)
	fcAttr     = regexp.MustCompile(`(?s)([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
	fcJSONLD   = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	fcTagLink  = regexp.MustCompile(`<a href="([^"]*)" rel="tag">([^<]*)</a>`)
)

// fcElem is one start tag: its name, attributes (unescaped) and the text
// up to the next tag (for links).
type fcElem struct {
	Name  string
	Attrs map[string]string
	Text  string
}

// fcElems returns the link, meta and a start tags of an HTML document.
func fcElems(doc string) []fcElem {
	var out []fcElem
	for _, m := range fcStartTag.FindAllStringSubmatchIndex(doc, -1) {
		e := fcElem{Name: strings.ToLower(doc[m[2]:m[3]]), Attrs: map[string]string{}}
		for _, a := range fcAttr.FindAllStringSubmatch(doc[m[4]:m[5]], -1) {
			e.Attrs[strings.ToLower(a[1])] = html.UnescapeString(a[2] + a[3] + a[4])
		}
		if e.Name == "a" {
			rest := doc[m[1]:]
			if i := strings.Index(rest, "</a>"); i >= 0 {
				e.Text = html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(rest[:i], ""))
			}
		}
		out = append(out, e)
	}
	return out
}

// fcMeta returns the content of <meta property=prop>, and whether it is there.
func fcMetaProp(elems []fcElem, prop string) (string, bool) {
	for _, e := range elems {
		if e.Name == "meta" && e.Attrs["property"] == prop {
			return e.Attrs["content"], true
		}
	}
	return "", false
}

// fcHTMLPages lists the HTML pages of a built site (slash-separated paths),
// without the redirect pages of aliases and the e-mail editions.
func fcHTMLPages(t testing.TB, dir string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || isEdition(p) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(`http-equiv="refresh"`)) {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		pages[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("no HTML page")
	}
	return pages
}

// fcPageOf returns the HTML of the page at permalink link in dir.
func fcPageOf(t testing.TB, dir, base, link string) string {
	t.Helper()
	rel, ok := strings.CutPrefix(link, base)
	if !ok {
		t.Fatalf("%s is not under %s", link, base)
	}
	return string(fcRead(t, dir, rel+"index.html"))
}

// fcJSONLDOf decodes the JSON-LD object of a page.
func fcJSONLDOf(t testing.TB, doc string) map[string]any {
	t.Helper()
	m := fcJSONLD.FindAllStringSubmatch(doc, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1:\n%.3000s", len(m), doc)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &v); err != nil {
		t.Fatalf("JSON-LD does not decode: %v\n%s", err, m[0][1])
	}
	return v
}

// ---- Tests ----

// TestFeedsExampleSite checks every feed of the example site against its
// sources: the exact list of items (no draft, no future post, newest first,
// at most feed.limit), and each item's fields against its page's source.
func TestFeedsExampleSite(t *testing.T) {
	dir := exampleSite(t)
	const base = "https://example.org/"
	limit := fcExampleLimit(t)
	sources := fcSources(t, repoRoot, base)
	files := fcFeedFiles(t, dir)
	for _, want := range []string{"feed.xml", "atom.xml", "feed.json", "actualites/feed.xml", "evenements/feed.xml", "charte/feed.xml", "tags/fondations/feed.xml", "tags/ingenierie/feed.xml"} {
		if !slices.Contains(files, want) {
			t.Errorf("feed %s is missing (have %v)", want, files)
		}
	}
	tagsOf := map[string]string{} // tag slug -> tag name
	for _, m := range sources {
		for _, tag := range m.Tags {
			tagsOf[fcSlugify(tag)] = tag
		}
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			f := fcParseFeed(t, name, fcRead(t, dir, name))
			feedDir, _ := path.Split(name)
			fcCheckItems(t, name, base, f, limit, feedDir == "")
			var keep func(*fcMeta) bool
			section := ""
			switch dir, file := path.Split(name); {
			case dir == "":
				// The site's feeds: publications, not charter chapters,
				// nor events without a date of their own.
				keep = func(m *fcMeta) bool { return m.Section != "charte" && (m.Start == "" || m.Date != "") }
				if want := base + file; f.FeedLink != want {
					t.Errorf("self link %q, want %q", f.FeedLink, want)
				}
			case strings.HasPrefix(dir, "tags/"):
				tag, ok := tagsOf[strings.TrimSuffix(strings.TrimPrefix(dir, "tags/"), "/")]
				if !ok {
					t.Fatalf("feed of unknown tag")
				}
				keep = func(m *fcMeta) bool { return slices.Contains(m.Tags, tag) }
				if want := base + dir; f.Link != want {
					t.Errorf("channel link %q, want %q", f.Link, want)
				}
			default:
				section = strings.TrimSuffix(dir, "/")
				keep = func(m *fcMeta) bool { return m.Section == section }
				if want := base + dir; f.Link != want {
					t.Errorf("channel link %q, want %q", f.Link, want)
				}
			}
			want := fcExpectedFeed(sources, limit, keep)
			if feedDir != "" {
				want = fcExpectedList(sources, limit, keep, section)
			}
			if got := fcLinks(f); !slices.Equal(got, want) {
				t.Errorf("items:\n got %q\nwant %q", got, want)
			}
			for _, it := range f.Items {
				m := sources[it.Link]
				if m == nil {
					continue // reported above
				}
				if got := fcTypo(it.Title); got != m.Title {
					t.Errorf("%s: title %q, want %q", it.Link, got, m.Title)
				}
				if it.PublishedParsed != nil && !it.PublishedParsed.Equal(m.feedDate()) {
					t.Errorf("%s: published %v, want %v", it.Link, it.PublishedParsed, m.feedDate())
				}
				if it.UpdatedParsed != nil && !it.UpdatedParsed.Equal(m.feedDate()) {
					t.Errorf("%s: updated %v, want %v (no lastmod)", it.Link, it.UpdatedParsed, m.feedDate())
				}
				if got := fcTypoAll(fcAuthors(name, it)); !slices.Equal(got, m.Authors) {
					t.Errorf("%s: authors %q, want %q", it.Link, got, m.Authors)
				}
				if m.Section == "actualites" && len(it.Authors) == 0 {
					t.Errorf("%s: news item without authors", it.Link)
				}
				if !slices.Equal(it.Categories, m.Tags) {
					t.Errorf("%s: categories %q, want the tags %q", it.Link, it.Categories, m.Tags)
				}
				page := fcPageOf(t, dir, base, it.Link)
				desc, _ := fcMetaProp(fcElems(page), "og:description")
				summary := html.UnescapeString(it.Description)
				if m.Start != "" {
					// An event's item says when and where first.
					when, ok := strings.CutSuffix(fcSpaces(summary), fcSpaces(desc))
					if !ok || !strings.Contains(when, fcYear(m.start)) || !strings.Contains(fcTypo(summary), m.Location) {
						t.Errorf("%s: summary %q does not start with when and where the event is", it.Link, summary)
					}
					summary = summary[len(summary)-len(desc):]
				}
				if fcSpaces(summary) != fcSpaces(desc) {
					t.Errorf("%s: summary %q, want the page's %q", it.Link, summary, desc)
				}
				if m.Summary != "" && fcTypo(summary) != m.Summary {
					t.Errorf("%s: summary %q, want the front matter's %q", it.Link, summary, m.Summary)
				}
			}
			if name == "tags/fondations/feed.xml" && len(f.Items) < 5 {
				t.Errorf("tag feed has %d items, want the example's 8", len(f.Items))
			}
		})
	}
}

// TestFeedsTestSite checks the feeds of the small test site, whose
// expectations are written out: feed.limit 3 cuts every list, the draft and
// the future post (the newest of all) never appear, the updated post has
// its update date, relative links and images become absolute.
func TestFeedsTestSite(t *testing.T) {
	dir := fcTestSite(t)
	paris := fcParis(t)
	p := func(rel string) string { return fcTestBase + rel }
	news := []string{p("actualites/quatrieme/"), p("actualites/troisieme/"), p("actualites/deuxieme/")}
	want := map[string][]string{
		"feed.xml":                 news,
		"atom.xml":                 news,
		"feed.json":                news,
		"actualites/feed.xml":      news,
		"evenements/feed.xml":      {p("evenements/forum-2027/"), p("evenements/nuit-heure-hiver/"), p("evenements/universite-ete/")},
		"tags/lettre/feed.xml":     {p("actualites/troisieme/"), p("actualites/deuxieme/"), p("actualites/premiere/")},
		"tags/fondations/feed.xml": {p("evenements/forum-2027/"), p("actualites/quatrieme/"), p("actualites/troisieme/")},
		"tags/atelier/feed.xml":    {p("evenements/avant-heure-ete/")},
		"tags/forum/feed.xml":      {p("evenements/forum-2027/")},
	}
	files := fcFeedFiles(t, dir)
	var wantFiles []string
	for name := range want {
		wantFiles = append(wantFiles, name)
	}
	sort.Strings(wantFiles)
	if !slices.Equal(files, wantFiles) {
		t.Errorf("feeds:\n got %q\nwant %q", files, wantFiles)
	}
	for _, name := range wantFiles {
		t.Run(name, func(t *testing.T) {
			f := fcParseFeed(t, name, fcRead(t, dir, name))
			fcCheckItems(t, name, fcTestBase, f, 3, !strings.Contains(name, "/"))
			if got := fcLinks(f); !slices.Equal(got, want[name]) {
				t.Fatalf("items:\n got %q\nwant %q", got, want[name])
			}
			for _, it := range f.Items {
				if strings.Contains(it.Title, "Brouillon") || strings.Contains(it.Title, "futur") {
					t.Errorf("draft or future post in the feed: %q", it.Title)
				}
			}
			first := f.Items[0]
			if name == "evenements/feed.xml" || name == "tags/fondations/feed.xml" {
				// An event to come is not news from the future: no
				// publication date of its own, none taken from its start.
				if first.PublishedParsed != nil {
					t.Errorf("forum published %v, want no date (its start is not a publication date)", first.PublishedParsed)
				}
			}
			if name == "atom.xml" {
				if w := time.Date(2026, 4, 10, 9, 0, 0, 0, paris); f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(w) {
					t.Errorf("feed updated %v, want the newest item's %v", f.UpdatedParsed, w)
				}
			}
			if name == "feed.xml" {
				if w := time.Date(2026, 4, 10, 9, 0, 0, 0, paris); f.PublishedParsed == nil || !f.PublishedParsed.Equal(w) {
					t.Errorf("channel pubDate %v, want the newest item's %v", f.PublishedParsed, w)
				}
			}
			if i := slices.Index(want[name], p("actualites/troisieme/")); i >= 0 {
				// French typography kept in the summary: no-break spaces.
				if got, w := html.UnescapeString(f.Items[i].Description), "Au programme\u00a0: la charte\u202f!"; got != w {
					t.Errorf("troisieme: summary %q, want %q", got, w)
				}
			}
			i := slices.Index(want[name], p("actualites/deuxieme/"))
			if i < 0 {
				return
			}
			it := f.Items[i]
			if it.Title != "Deuxième lettre" {
				t.Errorf("title %q", it.Title)
			}
			if w := time.Date(2026, 2, 10, 9, 0, 0, 0, paris); !it.PublishedParsed.Equal(w) {
				t.Errorf("published %v, want %v", it.PublishedParsed, w)
			}
			if name == "atom.xml" || name == "feed.json" {
				if w := time.Date(2026, 2, 20, 18, 30, 0, 0, paris); it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(w) {
					t.Errorf("updated %v, want the lastmod %v", it.UpdatedParsed, w)
				}
			}
			if got, w := fcAuthors(name, it), []string{"Camille Durand", "Julien Lefebvre"}; !slices.Equal(got, w) {
				t.Errorf("authors %q, want %q", got, w)
			}
			if !slices.Equal(it.Categories, []string{"lettre"}) {
				t.Errorf("categories %q, want [lettre]", it.Categories)
			}
			if got := html.UnescapeString(it.Description); got != "Relisez la première lettre, la charte et cette note." {
				t.Errorf("summary %q", got)
			}
			// Full content, past <!--more-->, with the links a browser
			// would follow from the page, and the fragment kept.
			if !strings.Contains(it.Content, "Suite du texte") {
				t.Errorf("content is not the full text: %q", it.Content)
			}
			wantURLs := []string{
				p("actualites/premiere/"), "https://essai.example/charte/", p("actualites/deuxieme/note/"),
				"https://essai.example/logo.png", "#haut", "https://autre.example/page",
			}
			if got := fcContentURLs(it.Content); !slices.Equal(got, wantURLs) {
				t.Errorf("content URLs:\n got %q\nwant %q", got, wantURLs)
			}
		})
	}
	// Neither the draft nor the future post is anywhere in the output.
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		for _, s := range []string{"Brouillon secret", "brouillon", "Article du futur", "/futur/", "secret"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s mentions %q, of a draft or future post", p, s)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tags", "secret")); err == nil {
		t.Error("tags/secret/ exists: its pages are a draft and a future post")
	}
}

// builtTwice builds the example site and the feeds-and-calendars test site
// twice each, for the tests that compare two builds.
var builtTwice = []struct {
	name  string
	build func(t *testing.T) (string, string)
}{
	{"example", func(t *testing.T) (string, string) {
		again, err := buildSite(t, repoRoot)
		if err != nil {
			t.Fatal(err)
		}
		return exampleSite(t), again
	}},
	{"test", func(t *testing.T) (string, string) { return fcTestSite(t), fcTestSite(t) }},
}

// TestFeedsDeterministic builds each site twice and compares the feeds.
func TestFeedsDeterministic(t *testing.T) {
	for _, site := range builtTwice {
		t.Run(site.name, func(t *testing.T) {
			a, b := site.build(t)
			files := fcFeedFiles(t, a)
			if got := fcFeedFiles(t, b); !slices.Equal(got, files) {
				t.Fatalf("feeds differ: %q and %q", files, got)
			}
			for _, name := range files {
				if !bytes.Equal(fcRead(t, a, name), fcRead(t, b, name)) {
					t.Errorf("%s differs between two builds", name)
				}
			}
		})
	}
}

// TestJSONFeedSpec reads feed.json as plain JSON and checks what JSON Feed
// 1.1 requires, and that it uses its 1.1 fields (authors, language).
func TestJSONFeedSpec(t *testing.T) {
	for _, site := range []struct{ name, dir, base string }{
		{"example", exampleSite(t), "https://example.org/"},
		{"test", fcTestSite(t), fcTestBase},
	} {
		t.Run(site.name, func(t *testing.T) {
			var f map[string]any
			if err := json.Unmarshal(fcRead(t, site.dir, "feed.json"), &f); err != nil {
				t.Fatal(err)
			}
			str := func(m map[string]any, key string) string {
				s, _ := m[key].(string)
				return s
			}
			for key, want := range map[string]string{
				"version":       "https://jsonfeed.org/version/1.1",
				"home_page_url": site.base,
				"feed_url":      site.base + "feed.json",
				"language":      "fr",
			} {
				if got := str(f, key); got != want {
					t.Errorf("%s = %q, want %q", key, got, want)
				}
			}
			if str(f, "title") == "" {
				t.Error("no title")
			}
			if _, ok := f["author"]; ok {
				t.Error(`the deprecated "author" is used`)
			}
			if a, _ := f["authors"].([]any); len(a) == 0 {
				t.Error(`no feed "authors"`)
			}
			items, ok := f["items"].([]any)
			if !ok || len(items) == 0 {
				t.Fatalf("items = %v", f["items"])
			}
			for i, x := range items {
				it, _ := x.(map[string]any)
				if it == nil {
					t.Fatalf("item %d is not an object", i)
				}
				id := str(it, "id")
				if id == "" || id != str(it, "url") || !strings.HasPrefix(id, site.base) {
					t.Errorf("item %d: id %q, url %q", i, id, str(it, "url"))
				}
				if str(it, "content_html") == "" && str(it, "content_text") == "" {
					t.Errorf("item %d: neither content_html nor content_text", i)
				}
				if _, ok := it["author"]; ok {
					t.Errorf("item %d: the deprecated \"author\" is used", i)
				}
				if a, _ := it["authors"].([]any); len(a) == 0 {
					t.Errorf("item %d: no authors", i)
				} else if m, _ := a[0].(map[string]any); m == nil || str(m, "name") == "" {
					t.Errorf("item %d: author without a name: %v", i, a[0])
				}
				for _, key := range []string{"date_published", "date_modified"} {
					if _, err := time.Parse(time.RFC3339, str(it, key)); err != nil {
						t.Errorf("item %d: %s: %v", i, key, err)
					}
				}
				if tags, _ := it["tags"].([]any); len(tags) == 0 {
					t.Errorf("item %d: no tags", i)
				}
			}
		})
	}
}

// TestFeedLinksInPages checks that every HTML page announces the site's
// three feeds, and that section and tag pages (their pager pages too)
// announce their own, each pointing to a feed that exists.
func TestFeedLinksInPages(t *testing.T) {
	for _, site := range []struct{ name, dir, base string }{
		{"example", exampleSite(t), "https://example.org/"},
		{"test", fcTestSite(t), fcTestBase},
	} {
		t.Run(site.name, func(t *testing.T) {
			sections := map[string]bool{}
			for _, f := range fcFeedFiles(t, site.dir) {
				if d, _ := path.Split(f); d != "" && !strings.HasPrefix(d, "tags/") {
					sections[strings.TrimSuffix(d, "/")] = true
				}
			}
			pages := fcHTMLPages(t, site.dir)
			checked := 0
			for rel, doc := range pages {
				pageURL, _ := url.Parse(site.base + strings.TrimSuffix(rel, "index.html"))
				feeds := map[string]string{} // absolute feed URL -> type
				for _, e := range fcElems(doc) {
					if e.Name != "link" || e.Attrs["rel"] != "alternate" || !strings.Contains(e.Attrs["type"], "xml") && !strings.Contains(e.Attrs["type"], "json") {
						continue
					}
					u, err := pageURL.Parse(e.Attrs["href"])
					if err != nil {
						t.Errorf("%s: bad feed href %q", rel, e.Attrs["href"])
						continue
					}
					if e.Attrs["title"] == "" {
						t.Errorf("%s: feed link %s has no title", rel, u)
					}
					feeds[u.String()] = e.Attrs["type"]
				}
				want := map[string]string{
					site.base + "feed.xml":  "application/rss+xml",
					site.base + "atom.xml":  "application/atom+xml",
					site.base + "feed.json": "application/feed+json",
				}
				parts := strings.Split(rel, "/")
				switch {
				case parts[0] == "tags" && len(parts) >= 3:
					want[site.base+"tags/"+parts[1]+"/feed.xml"] = "application/rss+xml"
				case sections[parts[0]] && (len(parts) == 2 || parts[1] == "page"):
					want[site.base+parts[0]+"/feed.xml"] = "application/rss+xml"
				}
				for u, typ := range want {
					if feeds[u] != typ {
						t.Errorf("%s: no <link rel=alternate type=%s href=%s> (has %v)", rel, typ, u, feeds)
						continue
					}
					if _, err := os.Stat(filepath.Join(site.dir, filepath.FromSlash(strings.TrimPrefix(u, site.base)))); err != nil {
						t.Errorf("%s: announced feed %s does not exist", rel, u)
					}
				}
				checked++
			}
			for _, rel := range []string{"index.html", "actualites/index.html", "actualites/page/2/index.html", "evenements/index.html", "tags/fondations/index.html"} {
				if _, ok := pages[rel]; !ok {
					t.Errorf("page %s was not checked: missing", rel)
				}
			}
			t.Logf("%d pages announce their feeds", checked)
		})
	}
}

// TestNewsboatFeeds has newsboat fetch the example site's feeds over HTTP:
// it must count every item as unread and store every title.
func TestNewsboatFeeds(t *testing.T) {
	newsboat := requireTool(t, "newsboat")
	dir := exampleSite(t)
	srv := serveDir(t, dir)
	for _, name := range []string{"feed.xml", "atom.xml", "actualites/feed.xml"} {
		t.Run(name, func(t *testing.T) {
			f := fcParseFeed(t, name, fcRead(t, dir, name))
			if len(f.Items) == 0 {
				t.Fatal("feed has no item")
			}
			work := t.TempDir()
			for file, data := range map[string]string{"urls": srv + name + "\n", "config": ""} {
				if err := os.WriteFile(filepath.Join(work, file), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cache := filepath.Join(work, "cache.db")
			run := func(cmd string) string {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				c := exec.CommandContext(ctx, newsboat, "-u", filepath.Join(work, "urls"), "-c", cache, "-C", filepath.Join(work, "config"), "-x", cmd)
				c.Env = append(os.Environ(), "HOME="+work, "XDG_CONFIG_HOME="+work, "XDG_DATA_HOME="+work, "XDG_CACHE_HOME="+work)
				out, err := c.CombinedOutput()
				if err != nil {
					t.Fatalf("newsboat -x %s: %v\n%s", cmd, err, out)
				}
				return strings.TrimSpace(string(out))
			}
			run("reload")
			if got, want := run("print-unread"), fmt.Sprintf("%d unread articles", len(f.Items)); got != want {
				t.Fatalf("newsboat print-unread = %q, want %q", got, want)
			}
			sqlite, err := exec.LookPath("sqlite3")
			if err != nil {
				if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
					t.Fatal("sqlite3 is required (ALLIANCE_REQUIRE_TOOLS=1)")
				}
				t.Log("sqlite3 not installed: titles not checked")
				return
			}
			out, err := exec.Command(sqlite, cache, "SELECT guid || '|' || title FROM rss_item").CombinedOutput()
			if err != nil {
				t.Fatalf("sqlite3: %v\n%s", err, out)
			}
			stored := map[string]bool{}
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				stored[line] = true
			}
			if len(stored) != len(f.Items) {
				t.Errorf("newsboat stored %d items, want %d:\n%s", len(stored), len(f.Items), out)
			}
			for _, it := range f.Items {
				if line := it.GUID + "|" + it.Title; !stored[line] {
					t.Errorf("newsboat did not store %q", line)
				}
			}
		})
	}
}

// TestStructuredData checks the JSON-LD of news and event pages against
// their sources, and the Open Graph tags of every page.
func TestStructuredData(t *testing.T) {
	for _, site := range []struct{ name, dir, src, base string }{
		{"example", exampleSite(t), repoRoot, "https://example.org/"},
		{"test", fcTestSite(t), "", fcTestBase},
	} {
		t.Run(site.name, func(t *testing.T) {
			src := site.src
			if src == "" {
				src = fcWriteSite(t)
			}
			sources := fcSources(t, src, site.base)
			pages := fcHTMLPages(t, site.dir)
			news, events := 0, 0
			for _, m := range sources {
				if !m.published() {
					continue
				}
				doc := fcPageOf(t, site.dir, site.base, m.Permalink)
				switch m.Section {
				case "actualites":
					news++
					fcCheckNewsLD(t, m, fcJSONLDOf(t, doc))
				case "evenements":
					events++
					fcCheckEventLD(t, m, fcJSONLDOf(t, doc))
				}
			}
			if news < 4 || events < 5 {
				t.Errorf("checked %d news and %d event pages", news, events)
			}
			for rel, doc := range pages {
				elems := fcElems(doc)
				for _, prop := range []string{"og:title", "og:type", "og:url", "og:description", "og:locale"} {
					if v, ok := fcMetaProp(elems, prop); !ok || v == "" {
						t.Errorf("%s: no %s", rel, prop)
					}
				}
				if v, _ := fcMetaProp(elems, "og:locale"); v != "fr_FR" {
					t.Errorf("%s: og:locale %q, want fr_FR", rel, v)
				}
				if rel == "404.html" {
					continue
				}
				if v, _ := fcMetaProp(elems, "og:url"); v != site.base+strings.TrimSuffix(rel, "index.html") {
					t.Errorf("%s: og:url %q", rel, v)
				}
				m := sources[site.base+strings.TrimSuffix(rel, "index.html")]
				if m == nil {
					continue
				}
				if v, _ := fcMetaProp(elems, "og:title"); fcTypo(v) != m.Title {
					t.Errorf("%s: og:title %q, want %q", rel, v, m.Title)
				}
				if v, _ := fcMetaProp(elems, "og:type"); v != "article" {
					t.Errorf("%s: og:type %q, want article", rel, v)
				}
			}
		})
	}
}

func fcCheckNewsLD(t *testing.T, m *fcMeta, ld map[string]any) {
	t.Helper()
	if ld["@type"] != "NewsArticle" {
		t.Errorf("%s: @type %v, want NewsArticle", m.Permalink, ld["@type"])
	}
	if h, _ := ld["headline"].(string); fcTypo(h) != m.Title {
		t.Errorf("%s: headline %q, want %q", m.Permalink, h, m.Title)
	}
	if d, _ := ld["datePublished"].(string); !fcParseTime(t, d).Equal(m.date) {
		t.Errorf("%s: datePublished %q, want %v", m.Permalink, d, m.date)
	}
	var names []string
	authors, _ := ld["author"].([]any)
	for _, a := range authors {
		if p, _ := a.(map[string]any); p != nil && p["@type"] == "Person" {
			n, _ := p["name"].(string)
			names = append(names, fcTypo(n))
		}
	}
	if !slices.Equal(names, m.Authors) {
		t.Errorf("%s: author %v, want Persons %q", m.Permalink, ld["author"], m.Authors)
	}
	if u, _ := ld["url"].(string); u != m.Permalink {
		t.Errorf("%s: url %q", m.Permalink, u)
	}
}

func fcCheckEventLD(t *testing.T, m *fcMeta, ld map[string]any) {
	t.Helper()
	where := m.Permalink
	if ld["@type"] != "Event" {
		t.Errorf("%s: @type %v, want Event", where, ld["@type"])
	}
	if n, _ := ld["name"].(string); fcTypo(n) != m.Title {
		t.Errorf("%s: name %q, want %q", where, n, m.Title)
	}
	for key, want := range map[string]string{"startDate": m.Start, "endDate": m.End} {
		got, _ := ld[key].(string)
		switch {
		case len(want) == len("2006-01-02"):
			if got != want {
				t.Errorf("%s: %s %q, want the date %q", where, key, got, want)
			}
		case !fcParseTime(t, got).Equal(fcParseTime(t, want)):
			t.Errorf("%s: %s %q, want %q", where, key, got, want)
		}
	}
	status := map[string]string{"": "EventScheduled", "scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}[m.Status]
	if ld["eventStatus"] != "https://schema.org/"+status {
		t.Errorf("%s: eventStatus %v, want %s", where, ld["eventStatus"], status)
	}
	mode := "Offline"
	switch {
	case m.Online != "" && m.Location != "":
		mode = "Mixed"
	case m.Online != "":
		mode = "Online"
	}
	if ld["eventAttendanceMode"] != "https://schema.org/"+mode+"EventAttendanceMode" {
		t.Errorf("%s: eventAttendanceMode %v, want %s", where, ld["eventAttendanceMode"], mode)
	}
	var places []map[string]any
	switch l := ld["location"].(type) {
	case map[string]any:
		places = append(places, l)
	case []any:
		for _, x := range l {
			if p, ok := x.(map[string]any); ok {
				places = append(places, p)
			}
		}
	}
	var gotPlace, gotOnline string
	for _, p := range places {
		switch p["@type"] {
		case "Place":
			gotPlace, _ = p["name"].(string)
		case "VirtualLocation":
			gotOnline, _ = p["url"].(string)
		}
	}
	if fcTypo(gotPlace) != m.Location || gotOnline != m.Online {
		t.Errorf("%s: location %v, want Place %q and VirtualLocation %q", where, ld["location"], m.Location, m.Online)
	}
	org, _ := ld["organizer"].(map[string]any)
	switch {
	case m.Organizer == "" && org != nil:
		t.Errorf("%s: organizer %v, want none", where, org)
	case m.Organizer != "" && (org == nil || fcTypo(fmt.Sprint(org["name"])) != m.Organizer):
		t.Errorf("%s: organizer %v, want %q", where, ld["organizer"], m.Organizer)
	}
	offers, _ := ld["offers"].(map[string]any)
	switch {
	case m.Price == "" && offers != nil:
		t.Errorf("%s: offers %v, want none", where, offers)
	case m.Price == "gratuit" && (offers == nil || offers["price"] != "0"):
		t.Errorf("%s: offers %v, want price \"0\"", where, ld["offers"])
	case m.Price != "" && offers == nil:
		t.Errorf("%s: no offers, price %q", where, m.Price)
	}
	if u, _ := ld["url"].(string); u != m.Permalink {
		t.Errorf("%s: url %q", where, u)
	}
}
