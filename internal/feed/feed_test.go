package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
)

var update = flag.Bool("update", false, "update the golden files in testdata/golden")

func paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// testChannel is a site feed in the shape the build package produces, with
// text that needs escaping.
func testChannel(t testing.TB) Channel {
	loc := paris(t)
	return Channel{
		Title:       `Réseau des catalyseurs & <partenaires> "territoriaux" l'an`,
		Description: "Actualités, charte et événements\u202f!",
		Language:    "fr",
		Link:        "https://example.org/",
		FeedURL:     "https://example.org/feed.xml",
		Author:      Author{Name: "Réseau des catalyseurs", Email: "contact@example.org", URL: "https://example.org/"},
		Items: []Item{
			{
				ID:         "https://example.org/actualites/lettre-de-juin/",
				Title:      "Lettre de juin\u202f: « faire alliance » & co",
				URL:        "https://example.org/actualites/lettre-de-juin/",
				Published:  time.Date(2026, 6, 2, 9, 30, 0, 0, loc),
				Updated:    time.Date(2026, 6, 3, 18, 0, 0, 0, loc),
				Authors:    []Author{{Name: "Amélie Durand", Email: "amelie@example.org"}, {Name: "Léo Martin", URL: "https://example.org/leo/"}},
				Categories: []string{"lettre", "coopération"},
				Summary:    "Au programme : un webinaire <en ligne> & la charte.",
				Content:    `<p>Voir <a href="https://example.org/charte/">la charte</a> ]]> fin.</p>`,
				Image:      "https://example.org/actualites/lettre-de-juin/cover.jpg",
			},
			{
				ID:        "https://example.org/actualites/lancement/",
				Title:     "Lancement du réseau",
				URL:       "https://example.org/actualites/lancement/",
				Published: time.Date(2026, 3, 28, 10, 0, 0, 0, loc),
				Summary:   "Le réseau est lancé.",
			},
		},
	}
}

func parse(t *testing.T, b []byte) *gofeed.Feed {
	t.Helper()
	if !utf8.Valid(b) {
		t.Fatal("output is not valid UTF-8")
	}
	f, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, b)
	}
	return f
}

func wantEq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func wantTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	switch {
	case want.IsZero() && got != nil:
		t.Errorf("%s = %v, want none", what, got)
	case !want.IsZero() && got == nil:
		t.Errorf("%s missing, want %v", what, want)
	case got != nil && !got.Equal(want):
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func names(ps []*gofeed.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestRSS(t *testing.T) {
	ch := testChannel(t)
	b, err := RSS(ch)
	if err != nil {
		t.Fatal(err)
	}
	f := parse(t, b)
	wantEq(t, "type", f.FeedType+" "+f.FeedVersion, "rss 2.0")
	wantEq(t, "title", f.Title, ch.Title)
	wantEq(t, "description", f.Description, ch.Description)
	wantEq(t, "link", f.Link, ch.Link)
	wantEq(t, "self link", f.FeedLink, ch.FeedURL)
	wantEq(t, "language", f.Language, "fr")
	wantEq(t, "managingEditor", f.Author.Email, ch.Author.Email)
	wantEq(t, "managingEditor name", f.Author.Name, ch.Author.Name)
	wantTime(t, "lastBuildDate", f.UpdatedParsed, ch.Items[0].Updated)
	wantTime(t, "pubDate", f.PublishedParsed, ch.Items[0].Updated)
	if len(f.Items) != len(ch.Items) {
		t.Fatalf("%d items, want %d", len(f.Items), len(ch.Items))
	}
	for i, got := range f.Items {
		want := ch.Items[i]
		wantEq(t, "item title", got.Title, want.Title)
		wantEq(t, "item link", got.Link, want.URL)
		wantEq(t, "item guid", got.GUID, want.ID)
		wantEq(t, "item description", html.UnescapeString(got.Description), want.Summary)
		wantEq(t, "item content", got.Content, want.Content)
		wantTime(t, "item pubDate", got.PublishedParsed, want.Published)
		wantEq(t, "item categories", got.Categories, want.Categories)
		var creators []string
		if got.DublinCoreExt != nil {
			creators = got.DublinCoreExt.Creator
		}
		var wantCreators []string
		for _, a := range want.Authors {
			wantCreators = append(wantCreators, a.Name)
		}
		wantEq(t, "item dc:creator", creators, wantCreators)
		if want.Image != "" {
			if got.Image == nil {
				t.Errorf("item image missing, want %s", want.Image)
			} else {
				wantEq(t, "item image", got.Image.URL, want.Image)
			}
		}
	}
	wantEq(t, "item author", f.Items[0].Author.Email, "amelie@example.org")
	wantEq(t, "item author name", f.Items[0].Author.Name, "Amélie Durand")
	if !bytes.Contains(b, []byte(`<guid isPermaLink="true">https://example.org/actualites/lancement/</guid>`)) {
		t.Errorf("guid is not a permalink:\n%s", b)
	}
	if !bytes.Contains(b, []byte(`<atom:link href="https://example.org/feed.xml" rel="self" type="application/rss+xml">`)) {
		t.Errorf("no atom:link rel=self:\n%s", b)
	}
}

func TestAtom(t *testing.T) {
	ch := testChannel(t)
	ch.FeedURL = "https://example.org/atom.xml"
	b, err := Atom(ch)
	if err != nil {
		t.Fatal(err)
	}
	f := parse(t, b)
	wantEq(t, "type", f.FeedType+" "+f.FeedVersion, "atom 1.0")
	wantEq(t, "title", f.Title, ch.Title)
	wantEq(t, "subtitle", f.Description, ch.Description)
	wantEq(t, "link", f.Link, ch.Link)
	wantEq(t, "self link", f.FeedLink, ch.FeedURL)
	wantEq(t, "language", f.Language, "fr")
	wantEq(t, "author", names(f.Authors), []string{ch.Author.Name})
	wantEq(t, "author email", f.Authors[0].Email, ch.Author.Email)
	wantTime(t, "updated", f.UpdatedParsed, ch.Items[0].Updated)
	if len(f.Items) != len(ch.Items) {
		t.Fatalf("%d items, want %d", len(f.Items), len(ch.Items))
	}
	for i, got := range f.Items {
		want := ch.Items[i]
		wantEq(t, "entry title", got.Title, want.Title)
		wantEq(t, "entry link", got.Link, want.URL)
		wantEq(t, "entry id", got.GUID, want.ID)
		wantEq(t, "entry summary", got.Description, want.Summary)
		wantEq(t, "entry content", got.Content, want.Content)
		wantTime(t, "entry published", got.PublishedParsed, want.Published)
		wantTime(t, "entry updated", got.UpdatedParsed, want.date())
		wantEq(t, "entry categories", got.Categories, want.Categories)
		var wantAuthors []string
		for _, a := range want.Authors {
			wantAuthors = append(wantAuthors, a.Name)
		}
		wantEq(t, "entry authors", names(got.Authors), wantAuthors)
		if want.Image != "" {
			if len(got.Enclosures) != 1 {
				t.Errorf("entry enclosures = %v, want the image", got.Enclosures)
			} else {
				wantEq(t, "entry image", got.Enclosures[0].URL+" "+got.Enclosures[0].Type, want.Image+" image/jpeg")
			}
		}
	}
	wantEq(t, "feed id", feedID(t, b), ch.FeedURL)
}

// feedID returns the Atom feed's own id, which gofeed does not expose.
func feedID(t *testing.T, b []byte) string {
	var doc struct {
		ID string `xml:"id"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.ID
}

func TestJSON(t *testing.T) {
	ch := testChannel(t)
	ch.FeedURL = "https://example.org/feed.json"
	ch.Items[1].Authors = []Author{{Email: "anonyme@example.org"}}
	b, err := JSON(ch)
	if err != nil {
		t.Fatal(err)
	}
	f := parse(t, b)
	wantEq(t, "type", f.FeedType+" "+f.FeedVersion, "json https://jsonfeed.org/version/1.1")

	type author struct{ Name, URL string }
	var doc struct {
		Version     string   `json:"version"`
		Title       string   `json:"title"`
		HomePageURL string   `json:"home_page_url"`
		FeedURL     string   `json:"feed_url"`
		Description string   `json:"description"`
		Language    string   `json:"language"`
		Authors     []author `json:"authors"`
		Items       []struct {
			ID            string    `json:"id"`
			URL           string    `json:"url"`
			Title         string    `json:"title"`
			ContentHTML   *string   `json:"content_html"`
			ContentText   *string   `json:"content_text"`
			Summary       string    `json:"summary"`
			Image         string    `json:"image"`
			DatePublished time.Time `json:"date_published"`
			DateModified  time.Time `json:"date_modified"`
			Authors       []author  `json:"authors"`
			Tags          []string  `json:"tags"`
		} `json:"items"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	wantEq(t, "version", doc.Version, "https://jsonfeed.org/version/1.1")
	wantEq(t, "title", doc.Title, ch.Title)
	wantEq(t, "home_page_url", doc.HomePageURL, ch.Link)
	wantEq(t, "feed_url", doc.FeedURL, ch.FeedURL)
	wantEq(t, "description", doc.Description, ch.Description)
	wantEq(t, "language", doc.Language, "fr")
	wantEq(t, "authors", doc.Authors, []author{{ch.Author.Name, ch.Author.URL}})
	if len(doc.Items) != len(ch.Items) {
		t.Fatalf("%d items, want %d", len(doc.Items), len(ch.Items))
	}
	for i, got := range doc.Items {
		want := ch.Items[i]
		wantEq(t, "item id", got.ID, want.ID)
		wantEq(t, "item url", got.URL, want.URL)
		wantEq(t, "item title", got.Title, want.Title)
		wantEq(t, "item summary", got.Summary, want.Summary)
		wantEq(t, "item image", got.Image, want.Image)
		wantTime(t, "item date_published", &got.DatePublished, want.Published)
		wantTime(t, "item date_modified", &got.DateModified, want.date())
		wantEq(t, "item tags", got.Tags, want.Categories)
		if want.Content != "" {
			wantEq(t, "item content_html", got.ContentHTML, &want.Content)
			wantEq(t, "item content_text", got.ContentText, nil)
		} else {
			wantEq(t, "item content_html", got.ContentHTML, nil)
			wantEq(t, "item content_text", got.ContentText, &want.Summary)
		}
	}
	wantEq(t, "item 0 authors", doc.Items[0].Authors, []author{
		{"Amélie Durand", "mailto:amelie@example.org"}, {"Léo Martin", "https://example.org/leo/"}})
	wantEq(t, "item 1 authors", doc.Items[1].Authors, []author{{"", "mailto:anonyme@example.org"}})
}

// TestEmpty checks that a channel without items gives valid feeds with no
// invented dates (Atom, which requires one, gets the Unix epoch).
func TestEmpty(t *testing.T) {
	ch := Channel{Title: "Vide", Link: "https://example.org/tags/vide/", FeedURL: "https://example.org/tags/vide/feed.xml"}
	for _, tc := range []struct {
		name  string
		write func(Channel) ([]byte, error)
	}{{"rss", RSS}, {"atom", Atom}, {"json", JSON}} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.write(ch)
			if err != nil {
				t.Fatal(err)
			}
			f := parse(t, b)
			wantEq(t, "title", f.Title, "Vide")
			wantEq(t, "items", len(f.Items), 0)
			switch tc.name {
			case "rss":
				wantTime(t, "lastBuildDate", f.UpdatedParsed, time.Time{})
				wantTime(t, "pubDate", f.PublishedParsed, time.Time{})
			case "atom":
				wantTime(t, "updated", f.UpdatedParsed, time.Unix(0, 0))
				wantEq(t, "author (the title)", names(f.Authors), []string{"Vide"})
			case "json":
				if !bytes.Contains(b, []byte(`"items": []`)) {
					t.Errorf("JSON Feed without the required items array:\n%s", b)
				}
			}
		})
	}
}

// TestText checks escaping and the removal of characters XML cannot carry.
func TestText(t *testing.T) {
	const title = "Tom & Jerry <b> \"dit\" l'été\u202f! \u00a0: \U0001F600"
	ch := Channel{
		Title:    title + "\x00\x01\x1b\ufffe",
		Link:     "https://example.org/",
		Language: "fr",
		Items: []Item{{
			URL:        "https://example.org/a/",
			Title:      title + "\x0b",
			Summary:    "ligne 1\nligne 2\x07 & <suite>",
			Content:    "<p>\x0c" + title + "</p>",
			Published:  time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC),
			Categories: []string{"été & <hiver>"},
			Authors:    []Author{{Name: "Zoé \"Z\" \x02"}},
		}},
	}
	for _, tc := range []struct {
		name  string
		write func(Channel) ([]byte, error)
	}{{"rss", RSS}, {"atom", Atom}, {"json", JSON}} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.write(ch)
			if err != nil {
				t.Fatal(err)
			}
			f := parse(t, b)
			wantEq(t, "title", f.Title, title)
			it := f.Items[0]
			wantEq(t, "item title", it.Title, title)
			wantEq(t, "item id (the URL)", it.GUID, "https://example.org/a/")
			wantEq(t, "item summary", html.UnescapeString(it.Description), "ligne 1\nligne 2 & <suite>")
			wantEq(t, "item content", it.Content, "<p>"+title+"</p>")
			wantEq(t, "item categories", it.Categories, []string{"été & <hiver>"})
			if tc.name != "json" {
				var v any
				if err := xml.Unmarshal(b, &v); err != nil {
					t.Errorf("encoding/xml: %v", err)
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, write := range []func(Channel) ([]byte, error){RSS, Atom, JSON} {
		a, err := write(testChannel(t))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := write(testChannel(t))
		if !bytes.Equal(a, b) {
			t.Errorf("two runs differ:\n%s\n%s", a, b)
		}
	}
}

func TestNoID(t *testing.T) {
	ch := Channel{Title: "x", Items: []Item{{Title: "sans lien"}}}
	for _, write := range []func(Channel) ([]byte, error){RSS, Atom, JSON} {
		if _, err := write(ch); err == nil || !strings.Contains(err.Error(), "sans lien") {
			t.Errorf("err = %v, want one naming the item", err)
		}
	}
}

// TestGolden compares whole documents with testdata/golden; run
// go test ./internal/feed -update to rewrite them, then review the diff.
func TestGolden(t *testing.T) {
	ch := testChannel(t)
	ch.Items[0].Content = Absolutize(`<p><img src="cover.jpg" alt=""> <a href="/charte/">Charte</a></p>`, ch.Items[0].URL)
	for _, tc := range []struct {
		file  string
		write func(Channel) ([]byte, error)
	}{{"feed.xml", RSS}, {"atom.xml", Atom}, {"feed.json", JSON}} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := tc.write(ch)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tc.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run with -update and review):\n%s", path, got)
			}
		})
	}
}
