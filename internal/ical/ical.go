// Package ical writes iCalendar (RFC 5545) calendars for the site's events:
// one file per event page and one for the whole events section.
//
// # Output
//
// The calendar has VERSION, PRODID, CALSCALE:GREGORIAN and METHOD:PUBLISH,
// X-WR-CALNAME and X-WR-CALDESC when given, and X-WR-TIMEZONE when a time zone
// is given (a display hint for clients). Then a VTIMEZONE per TZID that a
// series uses, and each event as a VEVENT in the order given. Single timed
// events are written in UTC (DTSTART:20260602T110000Z), which is unambiguous
// across DST changes and needs no VTIMEZONE; all-day events are written as
// dates (DTSTART;VALUE=DATE:20260602).
//
// # Recurring events
//
// An Event with a Series (package rrule) is one VEVENT with DTSTART and DTEND
// in the series' zone (DTSTART;TZID=Europe/Paris:20270114T130000), so that
// readers repeat its local time; RRULE as Series.RuleText gives it (UNTIL in
// UTC, or a date for all-day series); RDATE and EXDATE with the same TZID, or
// VALUE=DATE for all-day series. Each changed occurrence (moved by the
// Series, or given an Override) is a VEVENT of its own with the same UID, a
// RECURRENCE-ID naming the original start, and all the properties of the
// occurrence. A series in UTC is written in UTC, without TZID.
//
// A cancelled occurrence is such a VEVENT with STATUS:CANCELLED, as RFC
// 5545 (3.8.1.11) and the agendas that publish series (Google, Outlook)
// write it: a subscriber's client shows it struck out or drops it, and a
// reader that expands the series finds it with its status. An exdate of
// the page is an EXDATE: an occurrence that never was.
//
// Each TZID used has a VTIMEZONE built from Go's zone data (Location's
// ZoneBounds gives every change exactly) for the years the series covers,
// from its first occurrence to its last, or up to ten years past the later
// of its start and its DTSTAMP for an infinite one. Changes that recur
// yearly on one rule (the EU's last Sunday of March and of October at 01:00
// UTC) are one STANDARD or DAYLIGHT sub-component with a yearly RRULE
// (with UNTIL when the rule stops within those years); any other change is
// a sub-component of its own. Outlook shifts events by an hour without it.
//
// # Updates
//
// DTSTAMP is Event.Stamp (the page's lastmod or date), else Calendar.Stamp
// (the build's time, given by the caller), never the event's start nor the
// clock; a calendar with neither is an error. LAST-MODIFIED is
// Event.LastModified and SEQUENCE Event.Sequence (see SequenceOf), written
// when set; overrides carry the series' values.
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
// The output depends only on the input, never on the clock.
package ical

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/catalyseurs/alliance/internal/rrule"
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
	Stamp          time.Time // DTSTAMP: the page's lastmod or date; zero: Calendar.Stamp
	LastModified   time.Time // LAST-MODIFIED: the page's lastmod; optional
	Sequence       int       // SEQUENCE (see SequenceOf); 0 is not written
	Categories     []string

	// Series makes the event recurring (see # Recurring events): its Start,
	// End, AllDay and Loc replace the fields above, which must be zero.
	Series    *rrule.Series
	Overrides []Override // what differs for some occurrences
}

// Override is what differs for one occurrence of a series, besides its
// time (which rrule.Series.Moves gives).
type Override struct {
	Of          time.Time // the occurrence's start as the series gives it (RECURRENCE-ID)
	Summary     string    // "": the series'
	Description string    // "": the series'
	Location    string    // "": the series'
	Status      string    // "": the series'; "cancelled" writes STATUS:CANCELLED
}

// Calendar is one VCALENDAR.
type Calendar struct {
	Name, Description, ProdID string
	TimeZone                  *time.Location // for X-WR-TIMEZONE; optional
	// Stamp is the DTSTAMP of the events whose own Stamp is zero: the time
	// of the build, or of the newest source. Never in the future.
	Stamp  time.Time
	Events []Event
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
	utcFormat   = "20060102T150405Z"
	localFormat = "20060102T150405"
	dateFormat  = "20060102"
)

// Write returns cal as an iCalendar document.
//
// A timed event's DTSTART and DTEND are in UTC. An all-day event uses the
// calendar dates of Start and End, each in its own time zone; End is the last
// day, inclusive (as editors write it), so DTEND, which RFC 5545 makes
// exclusive, is the day after it; without End the event lasts one day.
// ORGANIZER needs an email address: with a name only, the name is written as
// CONTACT. DTSTAMP is the event's Stamp, else the calendar's: one of them
// must be set. An error names the first event that lacks a UID, a Start or
// a stamp, ends before it starts, has an unknown status or a series that
// fails rrule.Series.Check (wrapped: errors.As finds the *rrule.SeriesError),
// or an override of no occurrence.
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
	zones := zoneYears{}
	var body writer
	for i := range cal.Events {
		e := &cal.Events[i]
		var err error
		if e.Series != nil {
			err = body.series(e, cal.Stamp, zones)
		} else {
			err = body.event(e, cal.Stamp)
		}
		if err != nil {
			return nil, fmt.Errorf("ical: event %d (%q): %w", i, e.UID, err)
		}
	}
	for _, z := range zones.sorted() {
		w.vtimezone(z.loc, z.first, z.last)
	}
	w.b.WriteString(body.b.String())
	w.line("END:VCALENDAR")
	return []byte(w.b.String()), nil
}

// writer accumulates folded content lines.
type writer struct{ b strings.Builder }

func (w *writer) event(e *Event, calStamp time.Time) error {
	if e.UID == "" {
		return errors.New("no UID")
	}
	if e.Start.IsZero() {
		return errors.New("no start")
	}
	status, stamp, err := checkEvent(e, calStamp)
	if err != nil {
		return err
	}
	w.line("BEGIN:VEVENT")
	w.text("UID", e.UID)
	w.line("DTSTAMP:" + stamp.UTC().Format(utcFormat))
	if err := w.dates(e); err != nil {
		return err
	}
	w.properties(e, status)
	w.line("END:VEVENT")
	return nil
}

// checkEvent returns the event's STATUS and DTSTAMP.
func checkEvent(e *Event, calStamp time.Time) (status string, stamp time.Time, err error) {
	status, ok := statuses[e.Status]
	if e.Status != "" && !ok {
		return "", time.Time{}, fmt.Errorf("status %q is not scheduled, cancelled or postponed", e.Status)
	}
	stamp = e.Stamp
	if stamp.IsZero() {
		stamp = calStamp
	}
	if stamp.IsZero() {
		return "", time.Time{}, errors.New("no DTSTAMP (expected Event.Stamp, the page's lastmod or date, or Calendar.Stamp, the build's time)")
	}
	if e.Sequence < 0 {
		return "", time.Time{}, fmt.Errorf("sequence %d is negative", e.Sequence)
	}
	return status, stamp, nil
}

// properties writes what follows the dates: SUMMARY to CATEGORIES, then
// LAST-MODIFIED and SEQUENCE.
func (w *writer) properties(e *Event, status string) {
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
	if !e.LastModified.IsZero() {
		w.line("LAST-MODIFIED:" + e.LastModified.UTC().Format(utcFormat))
	}
	if e.Sequence > 0 {
		w.line("SEQUENCE:" + strconv.Itoa(e.Sequence))
	}
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
