// Package ical writes iCalendar (RFC 5545) calendars for the site's events:
// one file per event page and one for the whole events section.
//
// # Output
//
// The calendar has VERSION, PRODID, CALSCALE:GREGORIAN and METHOD:PUBLISH,
// X-WR-CALNAME and X-WR-CALDESC when given, and X-WR-TIMEZONE when a time zone
// is given (a display hint for clients). Each event is a VEVENT in the order
// given. Timed events are written in UTC (DTSTART:20260602T110000Z), which is
// unambiguous across DST changes and needs no VTIMEZONE; all-day events are
// written as dates (DTSTART;VALUE=DATE:20260602).
//
// # Encoding
//
// Lines end with CRLF and are folded at 75 octets, never inside a UTF-8
// sequence. TEXT values escape backslash, semicolon, comma and newline; CR LF
// and CR become newlines, and the control characters that TEXT forbids are
// dropped. Parameter values (the organizer's CN) are quoted, with RFC 6868
// caret encoding for double quotes and newlines.
//
// github.com/arran4/golang-ical (v0.3.4) is not used for writing: by default
// it ends lines with LF, not CRLF; it escapes parameter values with
// backslashes (CN=L\'Atelier\, Lyon, which RFC 5545 §3.2 does not allow: such
// values must be quoted); and it keeps a bare CR inside TEXT values. The few
// rules needed here are written out below; the tests parse the output back with
// that library and, when installed, Python's icalendar.
//
// # Determinism
//
// The output depends only on the input: DTSTAMP is Event.Stamp (the page's
// lastmod or date), never the clock.
package ical

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultProdID is the PRODID used when Calendar.ProdID is empty.
const DefaultProdID = "-//catalyseurs//alliance//FR"

// Event is one VEVENT.
type Event struct {
	UID            string // stable, e.g. "<slug>@<host>"
	Summary        string
	Description    string // plain text
	Location       string
	URL            string    // absolute URL of the event page
	Start, End     time.Time // End zero means none; times carry their zone
	AllDay         bool      // dates only: see Write
	Status         string    // "scheduled", "cancelled", "postponed" or ""
	Organizer      string    // name; optional
	OrganizerEmail string    // optional
	Stamp          time.Time // DTSTAMP: the page's lastmod or date; zero means Start
	Categories     []string
}

// Calendar is one VCALENDAR.
type Calendar struct {
	Name, Description, ProdID string
	TimeZone                  *time.Location // for X-WR-TIMEZONE; optional
	Events                    []Event
}

// statuses maps Event.Status to STATUS. RFC 5545 has no "postponed": an event
// postponed to an unknown date is still expected to happen, which TENTATIVE
// says best (CANCELLED would make clients drop it).
var statuses = map[string]string{
	"scheduled": "CONFIRMED",
	"cancelled": "CANCELLED",
	"postponed": "TENTATIVE",
}

const (
	utcFormat  = "20060102T150405Z"
	dateFormat = "20060102"
)

// Write returns cal as an iCalendar document.
//
// A timed event's DTSTART and DTEND are in UTC. An all-day event uses the
// calendar dates of Start and End, each in its own time zone; End is the last
// day, inclusive (as editors write it), so DTEND, which RFC 5545 makes
// exclusive, is the day after it; without End the event lasts one day.
// ORGANIZER needs an email address: with a name only, the name is written as
// CONTACT. An error names the first event that lacks a UID or a Start, ends
// before it starts or has an unknown status.
func Write(cal Calendar) ([]byte, error) {
	var w writer
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	prodID := cal.ProdID
	if prodID == "" {
		prodID = DefaultProdID
	}
	w.text("PRODID", prodID)
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	if cal.Name != "" {
		w.text("X-WR-CALNAME", cal.Name)
	}
	if cal.Description != "" {
		w.text("X-WR-CALDESC", cal.Description)
	}
	if tz := cal.TimeZone; tz != nil && tz != time.Local {
		w.text("X-WR-TIMEZONE", tz.String())
	}
	for i := range cal.Events {
		if err := w.event(&cal.Events[i]); err != nil {
			return nil, fmt.Errorf("ical: event %d (%q): %w", i, cal.Events[i].UID, err)
		}
	}
	w.line("END:VCALENDAR")
	return []byte(w.b.String()), nil
}

// writer accumulates folded content lines.
type writer struct{ b strings.Builder }

func (w *writer) event(e *Event) error {
	if e.UID == "" {
		return errors.New("no UID")
	}
	if e.Start.IsZero() {
		return errors.New("no start")
	}
	status, ok := statuses[e.Status]
	if e.Status != "" && !ok {
		return fmt.Errorf("status %q is not scheduled, cancelled or postponed", e.Status)
	}
	stamp := e.Stamp
	if stamp.IsZero() {
		stamp = e.Start
	}
	w.line("BEGIN:VEVENT")
	w.text("UID", e.UID)
	w.line("DTSTAMP:" + stamp.UTC().Format(utcFormat))
	if err := w.dates(e); err != nil {
		return err
	}
	w.text("SUMMARY", e.Summary)
	if e.Description != "" {
		w.text("DESCRIPTION", e.Description)
	}
	if e.Location != "" {
		w.text("LOCATION", e.Location)
	}
	if e.URL != "" {
		w.line("URL:" + cleanURI(e.URL))
	}
	if status != "" {
		w.line("STATUS:" + status)
	}
	switch {
	case e.OrganizerEmail != "" && e.Organizer != "":
		w.line("ORGANIZER;CN=" + paramValue(e.Organizer) + ":mailto:" + cleanURI(e.OrganizerEmail))
	case e.OrganizerEmail != "":
		w.line("ORGANIZER:mailto:" + cleanURI(e.OrganizerEmail))
	case e.Organizer != "":
		w.text("CONTACT", e.Organizer)
	}
	if len(e.Categories) > 0 {
		cats := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			cats[i] = escapeText(c)
		}
		w.line("CATEGORIES:" + strings.Join(cats, ","))
	}
	w.line("END:VEVENT")
	return nil
}

// dates writes DTSTART and DTEND.
func (w *writer) dates(e *Event) error {
	if !e.AllDay {
		if !e.End.IsZero() && e.End.Before(e.Start) {
			return fmt.Errorf("end %s is before start %s", e.End.Format(time.RFC3339), e.Start.Format(time.RFC3339))
		}
		w.line("DTSTART:" + e.Start.UTC().Format(utcFormat))
		if !e.End.IsZero() {
			w.line("DTEND:" + e.End.UTC().Format(utcFormat))
		}
		return nil
	}
	start := civilDate(e.Start)
	last := start
	if !e.End.IsZero() {
		last = civilDate(e.End)
		if last.Before(start) {
			return fmt.Errorf("end %s is before start %s", last.Format(time.DateOnly), start.Format(time.DateOnly))
		}
	}
	w.line("DTSTART;VALUE=DATE:" + start.Format(dateFormat))
	w.line("DTEND;VALUE=DATE:" + last.AddDate(0, 0, 1).Format(dateFormat))
	return nil
}

// civilDate returns t's calendar date, in its own zone, as midnight UTC.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// text writes a property whose value is TEXT.
func (w *writer) text(name, value string) {
	w.line(name + ":" + escapeText(value))
}

// line writes one content line, folded.
func (w *writer) line(s string) {
	fold(&w.b, s)
}

// maxOctets is the longest line RFC 5545 §3.1 allows, line break excluded.
const maxOctets = 75

// fold writes the content line s to b as lines of at most 75 octets, each
// ending with CRLF; a continuation line starts with one space. It never
// splits a valid UTF-8 sequence. s must not contain CR or LF.
func fold(b *strings.Builder, s string) {
	limit := maxOctets
	for len(s) > limit {
		n := limit
		// Back up to the start of the rune that would be cut (at most
		// UTFMax-1 bytes); an invalid sequence may be cut anywhere.
		for k := 0; k < utf8.UTFMax-1 && !utf8.RuneStart(s[n]); k++ {
			n--
		}
		if !utf8.RuneStart(s[n]) {
			n = limit
		}
		b.WriteString(s[:n])
		b.WriteString("\r\n ")
		s = s[n:]
		limit = maxOctets - 1 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

// textEscaper escapes a TEXT value (RFC 5545 §3.3.11), once line breaks are
// normalized to LF.
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)

// escapeText returns s as a TEXT value: valid UTF-8, CR LF and CR turned into
// LF, control characters other than tab and LF dropped, then escaped.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r != '\t' && r != '\n' && (r < 0x20 || r == 0x7F) {
			return -1
		}
		return r
	}, s)
	return textEscaper.Replace(s)
}

// cleanURI drops the characters that cannot appear in a URI value: controls
// and spaces (which would end or break the content line).
func cleanURI(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r <= 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, s)
}

// paramValue returns s as a quoted parameter value (RFC 5545 §3.1), with
// RFC 6868 caret encoding: ^ as ^^, double quote as ^', newline as ^n. Other
// control characters are dropped.
func paramValue(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '^':
			b.WriteString("^^")
		case r == '"':
			b.WriteString("^'")
		case r == '\n' || r == '\r':
			b.WriteString("^n")
		case r != '\t' && (r < 0x20 || r == 0x7F):
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
