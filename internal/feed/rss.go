package feed

import (
	"encoding/xml"
	"html"
	"strconv"
	"time"

	"github.com/gorilla/feeds"
)

// gorilla/feeds builds the RSS channel and items (dates, guid, content:encoded),
// but knows one category and one author name per item, and no self link. The
// types below embed its structs and add what RSS readers expect: encoding/xml
// promotes the embedded fields and lets a shallower field of the same name
// (Items, Category) replace the embedded one.

// Namespaces declared on <rss>.
const (
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Content string     `xml:"xmlns:content,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Media   string     `xml:"xmlns:media,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	*feeds.RssFeed
	Creator  string     `xml:"dc:creator,omitempty"`
	SelfLink *rssLink   `xml:"atom:link"`
	Items    []*rssItem `xml:"item"`
}

// rssLink is <atom:link rel="self">, which RSS Best Practices recommend.
type rssLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	*feeds.RssItem
	Author     string       `xml:"author,omitempty"` // "email (Name)", only when an email is known
	Creators   []string     `xml:"dc:creator"`
	Categories []string     `xml:"category"`
	Media      *rssMediaImg `xml:"media:content"`
}

// rssMediaImg is a Media RSS image, which needs no length (unlike <enclosure>).
type rssMediaImg struct {
	URL    string `xml:"url,attr"`
	Medium string `xml:"medium,attr"`
	Type   string `xml:"type,attr,omitempty"`
}

// RSS returns ch as an RSS 2.0 document, with atom:link rel="self",
// content:encoded for item content, dc:creator for authors and one category
// element per item category.
func RSS(ch Channel) ([]byte, error) {
	base, err := gorillaFeed(&ch)
	if err != nil {
		return nil, err
	}
	rf := (&feeds.Rss{Feed: base}).RssFeed()
	rf.Language = clean(ch.Language)
	if ch.Author.Email == "" {
		rf.ManagingEditor = ""
	}
	doc := rssDoc{
		Version: "2.0",
		Content: nsContent,
		Atom:    nsAtom,
		DC:      nsDC,
		Media:   nsMedia,
		Channel: rssChannel{RssFeed: rf, Creator: clean(ch.Author.Name)},
	}
	if ch.FeedURL != "" {
		doc.Channel.SelfLink = &rssLink{Href: clean(ch.FeedURL), Rel: "self", Type: "application/rss+xml"}
	}
	doc.Channel.Items = make([]*rssItem, len(ch.Items))
	for i := range ch.Items {
		doc.Channel.Items[i] = newRSSItem(&ch.Items[i], rf.Items[i])
	}
	return marshalXML(doc)
}

// newRSSItem completes gorilla's item g with what gorilla leaves out.
func newRSSItem(it *Item, g *feeds.RssItem) *rssItem {
	// RSS descriptions are entity-encoded HTML: escape the plain-text summary
	// so that "a < b" is not read as a tag.
	g.Description = html.EscapeString(clean(it.Summary))
	g.PubDate = ""
	if !it.Published.IsZero() {
		g.PubDate = it.Published.Format(time.RFC1123Z)
	}
	if g.Guid != nil && g.Guid.Id == clean(it.URL) {
		g.Guid.IsPermaLink = "true"
	} else if g.Guid != nil {
		g.Guid.IsPermaLink = "false"
	}
	x := &rssItem{RssItem: g}
	for _, a := range it.Authors {
		if a.Name != "" {
			x.Creators = append(x.Creators, clean(a.Name))
		}
		if x.Author == "" && a.Email != "" {
			x.Author = clean(a.Email)
			if a.Name != "" {
				x.Author += " (" + clean(a.Name) + ")"
			}
		}
	}
	for _, c := range it.Categories {
		x.Categories = append(x.Categories, clean(c))
	}
	if it.Image != "" {
		x.Media = &rssMediaImg{URL: clean(it.Image), Medium: "image", Type: it.imageMediaType()}
		if it.ImageSize > 0 {
			// An enclosure needs the length, which readers that know no
			// Media RSS show the image by.
			g.Enclosure = &feeds.RssEnclosure{Url: clean(it.Image), Length: strconv.FormatInt(it.ImageSize, 10), Type: it.imageMediaType()}
		}
	}
	return x
}

// gorillaFeed converts ch into gorilla's generic feed, cleaning every text.
// Item authors are left out: each format writes them itself.
func gorillaFeed(ch *Channel) (*feeds.Feed, error) {
	f := &feeds.Feed{
		Title:       clean(ch.Title),
		Link:        &feeds.Link{Href: clean(ch.Link)},
		Description: clean(ch.Description),
		Updated:     ch.newest(),
		Items:       make([]*feeds.Item, len(ch.Items)),
	}
	if ch.Author.Name != "" || ch.Author.Email != "" {
		f.Author = &feeds.Author{Name: clean(ch.Author.Name), Email: clean(ch.Author.Email)}
	}
	for i := range ch.Items {
		it := &ch.Items[i]
		id, err := it.id(i)
		if err != nil {
			return nil, err
		}
		f.Items[i] = &feeds.Item{
			Id:          clean(id),
			Title:       clean(it.Title),
			Link:        &feeds.Link{Href: clean(it.URL)},
			Description: clean(it.Summary),
			Content:     clean(it.Content),
			Created:     it.Published,
			Updated:     it.date(),
		}
	}
	return f, nil
}

// marshalXML writes v as an indented XML document with its declaration.
func marshalXML(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	doc := make([]byte, 0, len(xml.Header)+len(out)+1)
	doc = append(doc, xml.Header...)
	doc = append(doc, out...)
	return append(doc, '\n'), nil
}
