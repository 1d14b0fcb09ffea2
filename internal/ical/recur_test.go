package ical

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/catalyseurs/alliance/internal/rrule"
)

var buildTime = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// jeudis returns the network's "Jeudis de l'ODD 17": the second Thursday
// of each month at 13:00 in loc, one hour, with one cancelled occurrence
// (2027-03-11), one moved to 2027-05-20 at 10:00 in Lille, and one extra
// (2027-07-22).
func jeudis(t testing.TB, loc *time.Location, rule string) Event {
	t.Helper()
	r, err := rrule.Parse(rule)
	if err != nil {
		t.Fatal(err)
	}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2027, m, d, h, 0, 0, 0, loc) }
	return Event{
		UID: "jeudis-odd-17@example.org", Summary: "Jeudis de l'ODD 17", Location: "En ligne",
		URL: "https://example.org/evenements/jeudis-odd-17/", Status: "scheduled",
		Stamp: time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC), LastModified: time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC),
		Sequence: SequenceOf(time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC)),
		Series: &rrule.Series{
			Start: at(1, 14, 13), End: at(1, 14, 14), Loc: loc, Rule: r,
			RDates: []time.Time{at(7, 22, 13)},
			Moves:  []rrule.Move{{Of: at(5, 13, 13), Start: at(5, 20, 10)}},
		},
		Overrides: []Override{
			{Of: at(3, 11, 13), Status: "cancelled"},
			{Of: at(5, 13, 13), Location: "Lille, salle 3"},
		},
	}
}

func TestWriteSeries(t *testing.T) {
	loc := paris(t)
	b, err := Write(Calendar{Name: "Réseau", TimeZone: loc, Stamp: buildTime,
		Events: []Event{jeudis(t, loc, "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20280630")}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + DefaultProdID, "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
		"X-WR-CALNAME:Réseau", "X-WR-TIMEZONE:Europe/Paris",
		"BEGIN:VTIMEZONE", "TZID:Europe/Paris",
		"BEGIN:STANDARD", "DTSTART:20261025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZNAME:CET", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:20270328T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZNAME:CEST", "END:DAYLIGHT",
		"END:VTIMEZONE",
		"BEGIN:VEVENT", "UID:jeudis-odd-17@example.org", "DTSTAMP:20261030T080000Z",
		"DTSTART;TZID=Europe/Paris:20270114T130000", "DTEND;TZID=Europe/Paris:20270114T140000",
		"RRULE:FREQ=MONTHLY;UNTIL=20280630T110000Z;BYDAY=2TH",
		"RDATE;TZID=Europe/Paris:20270722T130000",
		`SUMMARY:Jeudis de l'ODD 17`, "LOCATION:En ligne", "URL:https://example.org/evenements/jeudis-odd-17/",
		"STATUS:CONFIRMED", "LAST-MODIFIED:20261030T080000Z", "SEQUENCE:3591840", "END:VEVENT",
		"BEGIN:VEVENT", "UID:jeudis-odd-17@example.org", "DTSTAMP:20261030T080000Z",
		"RECURRENCE-ID;TZID=Europe/Paris:20270311T130000",
		"DTSTART;TZID=Europe/Paris:20270311T130000", "DTEND;TZID=Europe/Paris:20270311T140000",
		`SUMMARY:Jeudis de l'ODD 17`, "LOCATION:En ligne", "URL:https://example.org/evenements/jeudis-odd-17/",
		"STATUS:CANCELLED", "LAST-MODIFIED:20261030T080000Z", "SEQUENCE:3591840", "END:VEVENT",
		"BEGIN:VEVENT", "UID:jeudis-odd-17@example.org", "DTSTAMP:20261030T080000Z",
		"RECURRENCE-ID;TZID=Europe/Paris:20270513T130000",
		"DTSTART;TZID=Europe/Paris:20270520T100000", "DTEND;TZID=Europe/Paris:20270520T110000",
		`SUMMARY:Jeudis de l'ODD 17`, `LOCATION:Lille\, salle 3`, "URL:https://example.org/evenements/jeudis-odd-17/",
		"STATUS:CONFIRMED", "LAST-MODIFIED:20261030T080000Z", "SEQUENCE:3591840", "END:VEVENT",
		"END:VCALENDAR",
	}
	if got := unfold(t, b); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWriteSeriesAllDayAndUTC(t *testing.T) {
	loc := paris(t)
	r, _ := rrule.Parse("FREQ=YEARLY;UNTIL=20300101T000000Z")
	allDay := Event{UID: "u@x", Summary: "Université", Series: &rrule.Series{
		Start: time.Date(2027, 6, 29, 0, 0, 0, 0, loc), End: time.Date(2027, 7, 1, 0, 0, 0, 0, loc), AllDay: true, Loc: loc, Rule: r,
		ExDates: []time.Time{time.Date(2028, 6, 29, 0, 0, 0, 0, time.UTC)},
		Moves:   []rrule.Move{{Of: time.Date(2029, 6, 29, 0, 0, 0, 0, loc), Start: time.Date(2029, 7, 2, 0, 0, 0, 0, loc)}},
	}}
	weekly, _ := rrule.Parse("FREQ=WEEKLY;COUNT=3")
	utc := Event{UID: "v@x", Summary: "UTC", Series: &rrule.Series{
		Start: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC), Loc: time.UTC, Rule: weekly,
		ExDates: []time.Time{time.Date(2027, 3, 8, 9, 0, 0, 0, time.UTC)}}}
	b, err := Write(Calendar{Stamp: buildTime, Events: []Event{allDay, utc}})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(unfold(t, b), "\n")
	if strings.Contains(got, "VTIMEZONE") || strings.Contains(got, "TZID") {
		t.Errorf("a VTIMEZONE or TZID for dates and UTC:\n%s", got)
	}
	for _, want := range []string{
		"DTSTART;VALUE=DATE:20270629\nDTEND;VALUE=DATE:20270702\nRRULE:FREQ=YEARLY;UNTIL=20300101\nEXDATE;VALUE=DATE:20280629\n",
		"RECURRENCE-ID;VALUE=DATE:20290629\nDTSTART;VALUE=DATE:20290702\nDTEND;VALUE=DATE:20290705\n",
		"DTSTART:20270301T090000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nEXDATE:20270308T090000Z\nSUMMARY:UTC\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no\n%s\nin\n%s", want, got)
		}
	}
}

func TestWriteSeriesErrors(t *testing.T) {
	loc := paris(t)
	for _, tc := range []struct {
		name   string
		change func(e *Event)
		want   string
	}{
		{"start beside the series", func(e *Event) { e.Start = e.Series.Start }, "beside Series"},
		{"override of nothing", func(e *Event) { e.Overrides[1].Of = e.Overrides[1].Of.Add(time.Hour) }, "override 1: 20270513T140000 is not an occurrence"},
		{"override of an exdate", func(e *Event) { e.Series.ExDates = []time.Time{e.Overrides[0].Of} }, "override 0: 20270311T130000 is also an exdate"},
		{"override twice", func(e *Event) { e.Overrides[1].Of = e.Overrides[0].Of }, "given twice"},
		{"override status", func(e *Event) { e.Overrides[1].Status = "maybe" }, `status "maybe"`},
		{"negative sequence", func(e *Event) { e.Sequence = -1 }, "negative"},
		{"no stamp", func(e *Event) { e.Stamp = time.Time{} }, "no DTSTAMP"},
		{"series", func(e *Event) {
			e.Series.Start, e.Series.End = e.Series.Start.AddDate(0, 0, 1), e.Series.End.AddDate(0, 0, 1)
		}, "start: 2027-01-15 13:00 (Friday) CET is not an occurrence"},
		{"no IANA name", func(e *Event) {
			e.Series.Loc = time.FixedZone("", 3600)
			e.Series.Start, e.Series.End = e.Series.Start.In(e.Series.Loc), e.Series.End.In(e.Series.Loc)
			e.Series.RDates, e.Series.Moves, e.Overrides = nil, nil, nil
		}, "no IANA name"},
	} {
		e := jeudis(t, loc, "FREQ=MONTHLY;BYDAY=2TH")
		tc.change(&e)
		_, err := Write(Calendar{Events: []Event{e}})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "event 0") {
			t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	e := jeudis(t, loc, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
	_, err := Write(Calendar{Events: []Event{e}})
	var se *rrule.SeriesError
	if !errors.As(err, &se) || se.Field != "rrule" || !errors.Is(err, rrule.ErrNoOccurrence) {
		t.Errorf("a rule without occurrences: %v, want a *rrule.SeriesError wrapping ErrNoOccurrence", err)
	}
}

func TestSequenceOf(t *testing.T) {
	for _, tc := range []struct {
		t    time.Time
		want int
	}{
		{time.Time{}, 0},
		{time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC), 0},
		{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), 0},
		{time.Date(2020, 1, 1, 0, 1, 59, 0, time.UTC), 1},
		{time.Date(2020, 1, 1, 1, 0, 0, 0, time.FixedZone("", 3600)), 0},
		{time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC), 3591840},
		{time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), math.MaxInt32},
	} {
		if got := SequenceOf(tc.t); got != tc.want {
			t.Errorf("SequenceOf(%v) = %d, want %d", tc.t, got, tc.want)
		}
	}
	// It only grows when lastmod does.
	prev := 0
	for t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC); t0.Year() < 2040; t0 = t0.Add(97 * time.Hour) {
		n := SequenceOf(t0)
		if n < prev {
			t.Fatalf("SequenceOf(%v) = %d after %d", t0, n, prev)
		}
		if t0.After(time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)) && n == prev {
			t.Fatalf("SequenceOf(%v) = %d did not grow in 97 h", t0, n)
		}
		prev = n
	}
}

// TestVTimezoneShape checks what the VTIMEZONE holds for zones of each
// kind: a yearly rule, a rule that stops, no change at all, irregular
// changes, offsets with minutes and seconds.
func TestVTimezoneShape(t *testing.T) {
	for _, tc := range []struct {
		zone        string
		first, last int
		want        []string // lines, in order, that must be there
		wantNot     []string
	}{
		{"Europe/Paris", 2027, 2040, []string{"DTSTART:20261025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "DTSTART:20270328T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"}, []string{"UNTIL", "DTSTART:2038"}},
		{"America/New_York", 2027, 2030, []string{"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "TZNAME:EST", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "TZNAME:EDT"}, []string{"UNTIL"}},
		{"America/Sao_Paulo", 2017, 2021, []string{"UNTIL=20171015T030000Z", "UNTIL=20190217T020000Z", "DTSTART:20181104T000000"}, nil},
		{"Asia/Tokyo", 2027, 2028, []string{"DTSTART:19510909T010000", "TZOFFSETTO:+0900"}, []string{"RRULE", "DAYLIGHT"}},
		{"UTC", 2027, 2028, []string{"DTSTART:16010101T000000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0000"}, []string{"RRULE"}},
		{"Pacific/Chatham", 2027, 2028, []string{"TZOFFSETTO:+1345", "TZOFFSETTO:+1245"}, nil},
		{"Asia/Kolkata", 2027, 2028, []string{"TZOFFSETTO:+0530"}, []string{"RRULE"}},
		{"Europe/Paris", 1890, 1891, []string{"TZOFFSETTO:+000921"}, nil},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		var w writer
		w.vtimezone(loc, tc.first, tc.last)
		got := strings.Split(strings.TrimSuffix(w.b.String(), "\r\n"), "\r\n")
		text := strings.Join(got, "\n")
		i := 0
		for _, l := range got {
			if i < len(tc.want) && l == tc.want[i] || i < len(tc.want) && strings.HasPrefix(tc.want[i], "UNTIL") && strings.HasSuffix(l, tc.want[i]) {
				i++
			}
		}
		if i < len(tc.want) {
			t.Errorf("%s %d-%d: no %q (in order) in\n%s", tc.zone, tc.first, tc.last, tc.want[i], text)
		}
		for _, no := range tc.wantNot {
			if strings.Contains(text, no) {
				t.Errorf("%s: %q in\n%s", tc.zone, no, text)
			}
		}
		if got[0] != "BEGIN:VTIMEZONE" || got[1] != "TZID:"+tc.zone || got[len(got)-1] != "END:VTIMEZONE" {
			t.Errorf("%s: bad frame\n%s", tc.zone, text)
		}
	}
}

// TestGolangICalSeries parses a recurring calendar with golang-ical.
func TestGolangICalSeries(t *testing.T) {
	loc := paris(t)
	b, err := Write(Calendar{Stamp: buildTime, Events: []Event{jeudis(t, loc, "FREQ=MONTHLY;BYDAY=2TH")}})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 3 { // the series, the cancelled occurrence, the moved one
		t.Fatalf("%d events, want 3", len(evs))
	}
	start := evs[0].GetProperty(ics.ComponentPropertyDtStart)
	if start == nil || start.Value != "20270114T130000" || start.ICalParameters["TZID"][0] != "Europe/Paris" {
		t.Errorf("DTSTART = %+v", start)
	}
	if s, err := evs[0].GetStartAt(); err != nil || !s.Equal(time.Date(2027, 1, 14, 13, 0, 0, 0, loc)) {
		t.Errorf("start = %v, %v", s, err)
	}
	if p := evs[0].GetProperty(ics.ComponentPropertyRrule); p == nil || p.Value != "FREQ=MONTHLY;BYDAY=2TH" {
		t.Errorf("RRULE = %+v", p)
	}
	if p := evs[1].GetProperty(ics.ComponentPropertyRecurrenceId); p == nil || p.Value != "20270311T130000" {
		t.Errorf("RECURRENCE-ID of the cancelled one = %+v", p)
	}
	if p := evs[1].GetProperty(ics.ComponentPropertyStatus); p == nil || p.Value != "CANCELLED" {
		t.Errorf("STATUS of the cancelled one = %+v", p)
	}
	if p := evs[2].GetProperty(ics.ComponentPropertyRecurrenceId); p == nil || p.Value != "20270513T130000" {
		t.Errorf("RECURRENCE-ID of the moved one = %+v", p)
	}
	if evs[0].Id() != evs[1].Id() {
		t.Errorf("UIDs differ: %s, %s", evs[0].Id(), evs[1].Id())
	}
	var tzs int
	for _, c := range cal.Components {
		if tz, ok := c.(*ics.VTimezone); ok {
			tzs++
			if id := tz.GetProperty(ics.ComponentPropertyTzid); id == nil || id.Value != "Europe/Paris" {
				t.Errorf("TZID = %+v", id)
			}
		}
	}
	if tzs != 1 {
		t.Errorf("%d VTIMEZONEs, want 1", tzs)
	}
}

// TestTransitionsLeapYears walks zones served by their TZ rule string
// across leap years (where Go's ZoneBounds gives an end that is not after
// the instant on the year's last UTC day) and compares the transitions
// with the changes a scan of every hour finds, via Zone alone.
func TestTransitionsLeapYears(t *testing.T) {
	for _, zone := range []string{"Europe/Paris", "America/New_York", "Pacific/Chatham", "Australia/Sydney"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		from, to := time.Date(2039, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2045, 6, 1, 0, 0, 0, 0, time.UTC)
		var want []string
		prevName, prevOff := from.In(loc).Zone()
		for u := from.Add(time.Hour); u.Before(to); u = u.Add(time.Hour) {
			if name, off := u.In(loc).Zone(); name != prevName || off != prevOff {
				want = append(want, u.Truncate(time.Hour).UTC().Format(time.RFC3339)+" "+name)
				prevName, prevOff = name, off
			}
		}
		var got []string
		for _, tr := range transitions(loc, from, to)[1:] {
			got = append(got, tr.at.Truncate(time.Hour).UTC().Format(time.RFC3339)+" "+tr.name)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: transitions\n%s\nwant\n%s", zone, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
