package feed

import (
	"strconv"
	"time"

	"github.com/gorilla/feeds"
)

// gorilla/feeds gives each Atom entry a single category written as element
// text (Atom wants a term attribute) and a single author, and the feed a single
// link. These types embed its structs and replace those fields; encoding/xml
// lets the shallower field win.

type atomFeed struct {
	*feeds.AtomFeed
	Lang    string           `xml:"xml:lang,attr,omitempty"`
	Links   []feeds.AtomLink `xml:"link"`
	Entries []*atomEntry     `xml:"entry"`
}

type atomEntry struct {
	*feeds.AtomEntry
	Authors    []feeds.AtomAuthor `xml:"author"`
	Categories []atomCategory     `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// epoch is the date of an Atom document or entry that has none, since Atom
// requires <updated>.
var epoch = time.Unix(0, 0).UTC()

// Atom returns ch as an Atom 1.0 document. The feed id is FeedURL (Link when
// FeedURL is empty); when ch.Author has no name, the channel title is the
// feed's author, as Atom requires one.
func Atom(ch Channel) ([]byte, error) {
	base, err := gorillaFeed(&ch)
	if err != nil {
		return nil, err
	}
	if base.Updated.IsZero() {
		base.Updated = epoch
	}
	af := (&feeds.Atom{Feed: base}).AtomFeed()
	if ch.FeedURL != "" {
		af.Id = clean(ch.FeedURL)
	}
	af.Author = newAtomAuthor(ch.Author)
	if af.Author.Name == "" {
		af.Author.Name = clean(ch.Title)
	}
	x := atomFeed{AtomFeed: af, Lang: clean(ch.Language)}
	x.Links = append(x.Links, feeds.AtomLink{Href: clean(ch.Link), Rel: "alternate", Type: "text/html"})
	if ch.FeedURL != "" {
		x.Links = append(x.Links, feeds.AtomLink{Href: clean(ch.FeedURL), Rel: "self", Type: "application/atom+xml"})
	}
	x.Entries = make([]*atomEntry, len(ch.Items))
	for i := range ch.Items {
		x.Entries[i] = newAtomEntry(&ch.Items[i], af.Entries[i])
	}
	return marshalXML(x)
}

// newAtomEntry completes gorilla's entry e with what gorilla leaves out.
func newAtomEntry(it *Item, e *feeds.AtomEntry) *atomEntry {
	if it.date().IsZero() {
		e.Updated = epoch.Format(time.RFC3339)
	}
	if !it.Published.IsZero() {
		e.Published = it.Published.Format(time.RFC3339)
	}
	e.Summary = nil
	if it.Summary != "" {
		e.Summary = &feeds.AtomSummary{Content: clean(it.Summary), Type: "text"}
	}
	if it.Image != "" {
		l := feeds.AtomLink{Href: clean(it.Image), Rel: "enclosure", Type: it.imageMediaType()}
		if it.ImageSize > 0 {
			l.Length = strconv.FormatInt(it.ImageSize, 10)
		}
		e.Links = append(e.Links, l)
	}
	x := &atomEntry{AtomEntry: e}
	for _, a := range it.Authors {
		x.Authors = append(x.Authors, *newAtomAuthor(a))
	}
	for _, c := range it.Categories {
		x.Categories = append(x.Categories, atomCategory{Term: clean(c)})
	}
	return x
}

func newAtomAuthor(a Author) *feeds.AtomAuthor {
	return &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{
		Name:  clean(a.Name),
		Email: clean(a.Email),
		Uri:   clean(a.URL),
	}}
}
