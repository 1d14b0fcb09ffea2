// Package feed builds the site's RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents
// from plain channel and item values, using github.com/gorilla/feeds.
//
// # Input
//
// The caller (the build package) converts pages into a Channel whose Items are
// already filtered (no drafts, no future pages), sorted newest first and
// limited. Every URL in a Channel is absolute; Absolutize makes the links and
// images inside item content absolute too.
//
// # Determinism
//
// Output depends only on the input: dates come from the items, never from the
// clock. The channel date (RSS pubDate and lastBuildDate, Atom updated) is the
// newest item date, where an item's date is Updated, or Published when Updated
// is zero. An empty channel has no date in RSS; Atom requires one, so an empty
// Atom feed says 1970-01-01T00:00:00Z.
//
// # Text
//
// All text is made valid XML: invalid UTF-8 becomes U+FFFD and characters that
// XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are dropped. Summaries are
// plain text and HTML-escaped where the format expects HTML (RSS description).
package feed

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Author is a person or organisation credited in a feed.
type Author struct{ Name, Email, URL string }

// Item is one entry of a feed.
type Item struct {
	ID         string // stable id (guid); the absolute permalink in practice; URL when empty
	Title      string
	URL        string // absolute permalink
	Published  time.Time
	Updated    time.Time // zero means Published
	Authors    []Author
	Categories []string // from tags
	Summary    string   // plain text
	Content    string   // HTML; empty when full content is off
	Image      string   // optional absolute URL
	ImageSize  int64    // the image's size in bytes, when known: RSS then gives it as an <enclosure>
	ImageType  string   // the image's media type; "" guesses it from the URL
}

// imageMediaType is the item image's media type.
func (it *Item) imageMediaType() string {
	if it.ImageType != "" {
		return it.ImageType
	}
	return imageType(it.Image)
}

// Channel is a whole feed.
type Channel struct {
	Title, Description, Language string
	Link                         string // absolute URL of the home, section or tag page
	FeedURL                      string // absolute URL of this feed file (self link)
	Author                       Author
	Items                        []Item // filtered, newest first, limited by the caller
}

// date returns the item's last modification date: Updated, else Published.
func (it *Item) date() time.Time {
	if !it.Updated.IsZero() {
		return it.Updated
	}
	return it.Published
}

// id returns the item's stable identifier, or an error when it has none.
func (it *Item) id(i int) (string, error) {
	switch {
	case it.ID != "":
		return it.ID, nil
	case it.URL != "":
		return it.URL, nil
	}
	return "", fmt.Errorf("feed: item %d (%q) has neither ID nor URL", i, it.Title)
}

// newest returns the latest item date of the channel, zero when there is none.
func (ch *Channel) newest() time.Time {
	var t time.Time
	for i := range ch.Items {
		if d := ch.Items[i].date(); d.After(t) {
			t = d
		}
	}
	return t
}

// clean returns s as valid XML character data: invalid UTF-8 sequences become
// U+FFFD and the code points outside the XML 1.0 Char production are dropped.
func clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if !isXMLChar(r) {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if isXMLChar(r) {
			return r
		}
		return -1
	}, s)
}

// isXMLChar reports whether r matches the Char production of XML 1.0.
func isXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// imageType guesses the media type of an image URL from its extension, from a
// fixed table so that output does not depend on the system's MIME database.
// It returns "" when unknown.
func imageType(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	ext := strings.ToLower(u[strings.LastIndexByte(u, '.')+1:])
	switch ext {
	case "jpg", "jpeg":
		return "image/jpeg"
	case "png", "gif", "webp", "avif":
		return "image/" + ext
	case "svg":
		return "image/svg+xml"
	}
	return ""
}
