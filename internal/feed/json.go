package feed

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/gorilla/feeds"
)

// JSON Feed: gorilla/feeds has the JSON Feed 1.1 types (JSONFeed, JSONItem,
// JSONAuthor), but its converter from the generic feed writes the deprecated
// single "author", no feed_url, language or tags, and leaves out "items" when
// there are none, which the specification requires. JSON therefore fills
// gorilla's types itself; jsonFeed only makes "items" always present
// (encoding/json lets the shallower field win).

const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	*feeds.JSONFeed
	Items []*feeds.JSONItem `json:"items"`
}

// JSON returns ch as a JSON Feed 1.1 document. An item without Content gets
// its summary as content_text, since an item needs content_html or
// content_text. Author emails become mailto: URLs when no URL is given.
func JSON(ch Channel) ([]byte, error) {
	f := jsonFeed{
		JSONFeed: &feeds.JSONFeed{
			Version:     jsonFeedVersion,
			Title:       clean(ch.Title),
			Language:    clean(ch.Language),
			HomePageUrl: clean(ch.Link),
			FeedUrl:     clean(ch.FeedURL),
			Description: clean(ch.Description),
		},
		Items: make([]*feeds.JSONItem, len(ch.Items)),
	}
	if a := newJSONAuthor(ch.Author); a != nil {
		f.Authors = []*feeds.JSONAuthor{a}
	}
	for i := range ch.Items {
		it := &ch.Items[i]
		id, err := it.id(i)
		if err != nil {
			return nil, err
		}
		x := &feeds.JSONItem{
			Id:            clean(id),
			Url:           clean(it.URL),
			Title:         clean(it.Title),
			ContentHTML:   clean(it.Content),
			Summary:       clean(it.Summary),
			Image:         clean(it.Image),
			PublishedDate: timePtr(it.Published),
			ModifiedDate:  timePtr(it.date()),
		}
		if x.ContentHTML == "" {
			x.ContentText = x.Summary
		}
		for _, a := range it.Authors {
			if ja := newJSONAuthor(a); ja != nil {
				x.Authors = append(x.Authors, ja)
			}
		}
		for _, c := range it.Categories {
			x.Tags = append(x.Tags, clean(c))
		}
		f.Items[i] = x
	}
	// Keep <, > and & readable in content_html: JSON does not need them escaped.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func newJSONAuthor(a Author) *feeds.JSONAuthor {
	x := &feeds.JSONAuthor{Name: clean(a.Name), Url: clean(a.URL)}
	if x.Url == "" && a.Email != "" {
		x.Url = "mailto:" + clean(a.Email)
	}
	if x.Name == "" && x.Url == "" {
		return nil
	}
	return x
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
