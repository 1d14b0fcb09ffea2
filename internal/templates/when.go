package templates

import (
	"strings"
	"time"

	"github.com/catalyseurs/alliance/internal/content"
)

// Segment is a piece of a French phrase that says when something happens:
// its text and, when the text spells a date or a time, that date or time
// in machine-readable form (for a <time datetime> element).
type Segment struct {
	Text     string
	Datetime string // RFC 3339 date-time, or YYYY-MM-DD; empty for the words in between
}

// When says, in French, when an event takes place: "jeudi 14 janvier 2027
// à 13 h", "mardi 2 juin 2026, de 13 h à 15 h", "du lundi 1er au mercredi
// 3 juin 2026". Layouts write its segments (see partials/event-when.html);
// feeds and calendars join their text (WhenText).
func When(e *content.Event) []Segment {
	if e == nil {
		return nil
	}
	const long = "Monday 2 January 2006"
	if e.AllDay {
		d1 := e.Start.Format(time.DateOnly)
		if e.End.IsZero() || sameDay(e.Start, e.End) {
			return []Segment{{DateFR(long, e.Start), d1}}
		}
		first := DateFR("Monday 2", e.Start)
		if e.Start.Day() == 1 {
			first = DateFR("Monday", e.Start) + " 1er"
		}
		if e.Start.Year() != e.End.Year() {
			first = DateFR(long, e.Start)
		} else if e.Start.Month() != e.End.Month() {
			first = DateFR("Monday 2 January", e.Start)
		}
		return []Segment{{"du ", ""}, {first, d1}, {" au ", ""}, {DateFR(long, e.End), e.End.Format(time.DateOnly)}}
	}
	start := DateFR(long, e.Start)
	switch {
	case e.End.IsZero():
		return []Segment{{start + " à " + TimeFR(e.Start), isoDate(e.Start)}}
	case sameDay(e.Start, e.End):
		return []Segment{{start + ", de " + TimeFR(e.Start), isoDate(e.Start)}, {" à ", ""}, {TimeFR(e.End), isoDate(e.End)}}
	}
	return []Segment{{"du ", ""}, {start + " à " + TimeFR(e.Start), isoDate(e.Start)}, {" au ", ""}, {DateFR(long, e.End) + " à " + TimeFR(e.End), isoDate(e.End)}}
}

// WhenText is When as plain text.
func WhenText(e *content.Event) string {
	var b strings.Builder
	for _, s := range When(e) {
		b.WriteString(s.Text)
	}
	return b.String()
}
