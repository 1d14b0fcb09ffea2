package templates

import (
	"context"
	"io/fs"
	"testing/fstest"
	"time"

	"fmt"
	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/content"
	"html/template"
	"strings"
	"testing"
)

// escapeRef is what html/template writes for s in a quoted title
// attribute and at the start of an href.
var escapeRef = template.Must(template.New("").Parse(`<a title="{{ . }}" href="{{ . }}">`))

func refEscape(t testing.TB, s string) (attr, url string) {
	t.Helper()
	var b strings.Builder
	if err := escapeRef.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSuffix(strings.TrimPrefix(b.String(), `<a title="`), `">`)
	attr, url, ok := strings.Cut(out, `" href="`)
	if !ok {
		t.Fatalf("unexpected reference output %q", b.String())
	}
	return attr, url
}

func TestEscapersMatchHTMLTemplate(t *testing.T) {
	for _, s := range []string{
		"", "Bonjour", "L’été : « oui » ! 10 000 €", `a "b" 'c' <d> & e + f`, "\x00nul", "ligne\nsuivante",
		"https://example.org/a b/?q=1&r=2#x", "/actualites/é/", "javascript:alert(1)", "JavaScript:x", "mailto:a@b.c",
		"data:text/html,x", "/a:b", "100%", "%2F%zz%", "\uFDD0\uFFFE", "2022-06-02T13:00:00+02:00", "\xff\xfe bad utf-8",
	} {
		checkEscapers(t, s)
	}
}

// checkEscapers compares attrText and urlAttr with html/template on s.
func checkEscapers(t *testing.T, s string) {
	t.Helper()
	wantAttr, wantURL := refEscape(t, s)
	if got := attrText(s); got != wantAttr {
		t.Errorf("attrText(%q) = %q, want %q", s, got, wantAttr)
	}
	if got := urlAttr(s); got != wantURL {
		t.Errorf("urlAttr(%q) = %q, want %q", s, got, wantURL)
	}
}

func FuzzEscapers(f *testing.F) {
	f.Add("L’été : « oui » & <non> + 'a' \"b\"")
	f.Add("https://example.org/a b/?q=1&r=%2F#x")
	f.Add("javascript:alert(1)")
	f.Fuzz(checkEscapers)
}

func TestCacheKeyIsSprint(t *testing.T) {
	for _, keys := range [][]any{
		nil, {"/a/"}, {"/a/", 2}, {2, 3}, {1, "x", 2}, {"a", "b"}, {3, 4, "x"}, {"x", 1, 2}, {true, 1}, {1.5}, {nil},
	} {
		if got, want := cacheKey("p.html", keys), "p.html"+fmt.Sprint(keys...); got != want {
			t.Errorf("cacheKey(%v) = %q, want %q", keys, got, want)
		}
	}
}

// jsonLDRef is the former jsonLDScript, which built maps and marshalled
// them: the reference that the direct writer must match byte for byte.
func jsonLDRef(b *strings.Builder, p *content.Page) error {
	site := p.Site
	desc := p.SummaryText
	if desc == "" {
		desc = Truncate(300, p.Plain)
	}
	var err error
	j := func(v any) string {
		out, e := JSONLD(v)
		if e != nil && err == nil {
			err = e
		}
		return string(out)
	}
	switch {
	case p.IsPage() && p.Type == "news":
		modified := p.Lastmod
		if modified.IsZero() {
			modified = p.Date
		}
		b.WriteString(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":` + j(p.Title) +
			`,"datePublished":` + j(isoDate(p.Date)) + `,"dateModified":` + j(isoDate(modified)) + `,"author":`)
		if len(p.Authors) > 0 {
			b.WriteString("[")
			for i, a := range p.Authors {
				if i > 0 {
					b.WriteString(",")
				}
				b.WriteString(j(map[string]any{"@type": "Person", "name": a}))
			}
			b.WriteString("]")
		} else {
			name := site.Author().Name
			if name == "" {
				name = site.Title()
			}
			b.WriteString(j(map[string]any{"@type": "Organization", "name": name}))
		}
		b.WriteString(`,"publisher":` + j(map[string]any{"@type": "Organization", "name": site.Title(), "url": site.BaseURL()}) +
			`,"mainEntityOfPage":` + j(map[string]any{"@type": "WebPage", "@id": p.Permalink}) +
			`,"url":` + j(p.Permalink) + `,"description":` + j(desc) + `,"inLanguage":` + j(site.Language()))
		if len(p.Tags) > 0 {
			b.WriteString(`,"keywords":` + j(strings.Join(p.Tags, ", ")))
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
		place := map[string]any{"@type": "Place", "name": e.Location, "address": e.Location}
		virtual := map[string]any{"@type": "VirtualLocation", "url": e.Online}
		var location any
		switch {
		case e.Online != "" && e.Location != "":
			location = []any{place, virtual}
		case e.Online != "":
			location = virtual
		case e.Location != "":
			location = place
		}
		b.WriteString("\n" + `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Event","name":` + j(p.Title) + `,"startDate":` + j(e.Start.Format(format)))
		if !e.End.IsZero() {
			b.WriteString(`,"endDate":` + j(e.End.Format(format)))
		}
		b.WriteString(`,"eventStatus":` + j(status) + `,"eventAttendanceMode":` + j(mode))
		if location != nil {
			b.WriteString(`,"location":` + j(location))
		}
		if e.Organizer != "" {
			b.WriteString(`,"organizer":` + j(map[string]any{"@type": "Organization", "name": e.Organizer}))
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
			b.WriteString(`,"offers":` + j(map[string]any{"@type": "Offer", "price": price, "priceCurrency": "EUR", "url": offer, "availability": "https://schema.org/InStock"}))
		}
		b.WriteString(`,"description":` + j(desc) + `,"url":` + j(p.Permalink) + `,"inLanguage":` + j(site.Language()) + "}</script>")
	case p.IsHome():
		b.WriteString(`<script type="application/ld+json">` + j(map[string]any{"@context": "https://schema.org", "@type": "WebSite", "name": site.Title(),
			"url": site.BaseURL(), "description": site.Description(), "inLanguage": site.Language()}) + "</script>")
	}
	return err
}

// jsonLDSite has every case of the JSON-LD: news with and without authors,
// tags, update or summary; events online, in a place, both or neither,
// with or without an end, organizer, price or registration, all-day or
// not, cancelled or postponed; and strings that need escaping.
var jsonLDSite = fstest.MapFS{
	"site.yaml": {Data: []byte("title: \"Réseau <&> \\\"test\\\"\"\nbaseURL: \"https://example.org/a&b/\"\nlanguage: fr\ntimezone: Europe/Paris\n" +
		"description: \"Un site\u2028qui </script> teste\"\nauthor: { name: \"Équipe d'animation\" }\n" +
		"sections:\n  actualites: news\n  evenements: event\n")},
	"content/_index.md":             {Data: []byte("---\ntitle: Accueil\n---\n")},
	"content/actualites/_index.md":  {Data: []byte("---\ntitle: Actualités\n---\n")},
	"content/actualites/simple.md":  {Data: []byte("---\ntitle: Simple\ndate: 2024-01-02\n---\nUn texte **court** sur l’été.\n")},
	"content/actualites/complet.md": {Data: []byte("---\ntitle: \"Tout </script> « là »\"\ndate: 2024-01-03T10:00:00+01:00\nlastmod: 2024-02-01\nauthors: [\"Anne <A>\", \"Bob & co\"]\ntags: [\"un\", \"deux\u2029trois\"]\nsummary: \"Résumé \\\"cité\\\"\\ttabulé\"\n---\nCorps.\n")},
	"content/evenements/_index.md":  {Data: []byte("---\ntitle: Agenda\n---\n")},
	"content/evenements/lieu.md":    {Data: []byte("---\ntitle: Lieu\nstart: 2024-03-10T14:30:00+01:00\nend: 2024-03-10T17:00:00+01:00\nlocation: \"Salle <1> & 2\"\nprice: Gratuit\n---\nTexte.\n")},
	"content/evenements/visio.md":   {Data: []byte("---\ntitle: Visio\nstart: 2024-03-11\nonline: \"https://example.org/v?a=1&b=<2>\"\norganizer: \"Réseau & amis\"\nstatus: cancelled\nprice: \"10 €\"\nregistration: \"https://example.org/r\"\n---\n")},
	"content/evenements/mixte.md":   {Data: []byte("---\ntitle: Mixte\nstart: 2024-03-12\nend: 2024-03-14\nlocation: Lyon\nonline: \"https://example.org/m\"\nstatus: postponed\n---\n")},
	"content/evenements/nulle.md":   {Data: []byte("---\ntitle: Nulle part\nstart: 2024-03-13T09:00:00+01:00\n---\n")},
}

func TestJSONLDMatchesMarshal(t *testing.T) {
	src, err := fs.ReadFile(jsonLDSite, "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("site.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	site, _, err := content.Load(context.Background(), jsonLDSite, cfg, content.Options{Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Future: true})
	if err != nil {
		t.Fatal(err)
	}
	pages := append([]*content.Page{site.Home}, site.Pages...)
	if len(pages) != 7 {
		t.Fatalf("loaded %d pages, want 7", len(pages))
	}
	for _, p := range pages {
		var got, want strings.Builder
		jsonLDScript(&got, p)
		if err := jsonLDRef(&want, p); err != nil {
			t.Fatal(err)
		}
		if want.Len() == 0 {
			t.Errorf("%s: no JSON-LD", p.File)
		}
		if got.String() != want.String() {
			t.Errorf("%s:\n got %s\nwant %s", p.File, got.String(), want.String())
		}
	}
}
