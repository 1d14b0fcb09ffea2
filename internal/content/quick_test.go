package content

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
)

// Every field of Page is one of these. A new field must be added to one of
// them, which forces a decision on what the quick path does with it.
var (
	// The assembly reads them: a change must go the slow way.
	shapeFields = []string{"Kind", "Type", "Section", "File", "Slug", "Title", "Date", "Lastmod", "Draft", "Weight", "Tags", "Aliases", "Part", "Event"}
	// Only the page's own outputs show them: replaced in place.
	freeFields = []string{"Layout", "Params", "Authors", "Rev", "SummaryField", "Body", "BodyLine"}
	// Set by the assembly: kept by replaceSource.
	assembledFields = []string{"Path", "RelPermalink", "Permalink", "Chapter", "Pages", "Prev", "Next", "Parent", "TagPages", "Related", "Paginator", "Site", "index"}
	// Set by the build's markdown phase: cleared, rendered again.
	renderedFields = []string{"Content", "Summary", "SummaryText", "TOC", "Plain", "WordCount", "ReadingTime"}
)

func TestPageFieldsClassified(t *testing.T) {
	known := map[string]string{}
	for group, names := range map[string][]string{"shape": shapeFields, "free": freeFields, "assembled": assembledFields, "rendered": renderedFields} {
		for _, n := range names {
			known[n] = group
		}
	}
	typ := reflect.TypeFor[Page]()
	for i := 0; i < typ.NumField(); i++ {
		if _, ok := known[typ.Field(i).Name]; !ok {
			t.Errorf("Page.%s is not classified: add it to one of the lists of quick_test.go, and to sameShape or replaceSource", typ.Field(i).Name)
		}
	}
	if len(known) != typ.NumField() {
		t.Errorf("the lists name %d fields, Page has %d", len(known), typ.NumField())
	}
}

// differ returns a copy of p with field name set to another value.
func differ(t *testing.T, p *Page, name string) *Page {
	t.Helper()
	cp := *p
	if name == "Event" {
		e := *cp.Event
		e.Start = e.Start.Add(time.Hour)
		cp.Event = &e
		return &cp
	}
	f := reflect.ValueOf(&cp).Elem().FieldByName(name)
	switch v := f.Addr().Interface().(type) {
	case *string:
		*v += "x"
	case *bool:
		*v = !*v
	case *int:
		*v++
	case *time.Time:
		*v = v.Add(time.Minute)
	case *[]string:
		*v = append(append([]string(nil), *v...), "x")
	default:
		t.Fatalf("no way to change a %s", f.Type())
	}
	return &cp
}

func TestSameShape(t *testing.T) {
	d := time.Date(2026, 3, 18, 9, 0, 0, 0, time.UTC)
	base := &Page{Kind: KindPage, Type: "event", Section: "evenements", File: "content/evenements/a.md", Slug: "a", Title: "A",
		Date: d, Lastmod: d, Weight: 1, Tags: []string{"t"}, Aliases: []string{"/b/"}, Part: "P",
		Event: &Event{Start: d, End: d.Add(time.Hour), Location: "Lille"}}
	if !sameShape(base, base) {
		t.Fatal("a page differs from itself")
	}
	for _, name := range shapeFields {
		if sameShape(base, differ(t, base, name)) {
			t.Errorf("a change of %s keeps the shape", name)
		}
	}
	for _, name := range []string{"Layout", "SummaryField"} {
		if !sameShape(base, differ(t, base, name)) {
			t.Errorf("a change of %s changes the shape", name)
		}
	}
	moved := *base
	ev := *base.Event
	ev.Location, ev.Status, ev.Price = "Roubaix", "cancelled", "10 €"
	moved.Event = &ev
	if !sameShape(base, &moved) {
		t.Error("an event's place or status changes the shape")
	}
}

func TestReplaceSourceKeepsPlace(t *testing.T) {
	sec, site := &Page{Title: "Section"}, &Site{}
	p := &Page{Path: "/a/", RelPermalink: "/a/", Permalink: "https://example.org/a/", Chapter: 3,
		Pages: []*Page{sec}, Prev: sec, Next: sec, Parent: sec, TagPages: []*Page{sec}, Related: []*Page{sec},
		Paginator: &Pager{}, Site: site, index: 7, Content: "<p>vieux</p>", Plain: "vieux", Body: []byte("vieux")}
	before := *p
	p.replaceSource(&Page{Title: "A", Body: []byte("neuf"), Rev: 9})
	after := reflect.ValueOf(p).Elem()
	for _, name := range assembledFields {
		if name == "index" {
			continue // unexported: checked below
		}
		if !reflect.DeepEqual(after.FieldByName(name).Interface(), reflect.ValueOf(before).FieldByName(name).Interface()) {
			t.Errorf("%s was not kept", name)
		}
	}
	if p.index != 7 {
		t.Error("index was not kept")
	}
	for _, name := range renderedFields {
		if !after.FieldByName(name).IsZero() {
			t.Errorf("%s was not cleared", name)
		}
	}
	if string(p.Body) != "neuf" || p.Rev != 9 || p.Title != "A" {
		t.Errorf("source fields not replaced: %q rev %d %q", p.Body, p.Rev, p.Title)
	}
}

// TestQuickLoadFollowsTheClock checks that the quick path is refused when
// an event ended or a page came out between two loads, and taken when not.
func TestQuickLoadFollowsTheClock(t *testing.T) {
	fsys := fstest.MapFS{
		"content/evenements/a.md":  {Data: []byte("---\ntitle: A\nstart: 2026-11-27T14:00:00Z\nlocation: Lille\n---\nA")},
		"content/actualites/b.md":  {Data: []byte("---\ntitle: B\ndate: 2026-11-27T18:00:00Z\n---\nB")},
		"content/actualites/c.md":  {Data: []byte("---\ntitle: C\ndate: 2026-11-01T18:00:00Z\n---\nC")},
		"content/evenements/z.md":  {Data: []byte("---\ntitle: Z\nstart: 2020-01-01T10:00:00Z\nlocation: Lille\n---\nZ")},
		"content/actualites/_i.md": {Data: []byte("---\ntitle: I\ndate: 2020-01-01\n---\n")},
	}
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.org/\nsections:\n  actualites: news\n  evenements: event\n"))
	if err != nil {
		t.Fatal(err)
	}
	var c Cache
	noon := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		at       time.Time
		quick    bool
		upcoming int
		news     int
	}{
		{noon, false, 1, 2},                     // first load
		{noon, true, 1, 2},                      // same clock
		{noon.Add(time.Hour), true, 1, 2},       // nothing happened
		{noon.Add(2 * time.Hour), false, 1, 2},  // 14:00: the event starts (it stays upcoming until it ends)
		{noon.Add(3 * time.Hour), false, 0, 2},  // ended
		{noon.Add(4 * time.Hour), true, 0, 2},   // nothing happened
		{noon.Add(7 * time.Hour), false, 0, 3},  // 19:00: b came out
		{noon.Add(5 * time.Hour), false, 0, 2},  // the clock went back
		{noon.Add(5*time.Hour + 1), true, 0, 2}, // nothing happened
	}
	for i, st := range steps {
		var changed []string
		if i > 0 {
			changed = []string{}
		}
		s, _, err := c.Load(context.Background(), fsys, cfg, Options{Now: st.at}, changed)
		if err != nil {
			t.Fatal(err)
		}
		if _, quick := c.Updated(); quick != st.quick {
			t.Errorf("step %d (%s): quick %v, want %v", i, st.at.Format("15:04"), quick, st.quick)
		}
		if len(s.Upcoming) != st.upcoming || len(s.News) != st.news {
			t.Errorf("step %d: %d upcoming and %d news, want %d and %d", i, len(s.Upcoming), len(s.News), st.upcoming, st.news)
		}
		if !s.Now.Equal(st.at) {
			t.Errorf("step %d: site clock %v", i, s.Now)
		}
	}
}
