package ical

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/catalyseurs/alliance/internal/rrule"
)

// horizonYears is how far past the later of its start and its stamp an
// infinite series' VTIMEZONE reaches; its last observances carry on past
// that with their RRULE.
const horizonYears = 10

// sequenceEpoch is the origin of SequenceOf: 2020-01-01T00:00:00Z.
const sequenceEpoch = 1577836800

// SequenceOf returns a SEQUENCE derived from a page's lastmod, without
// state kept between builds: the whole minutes from 2020-01-01T00:00:00Z
// to lastmod (0 before that, or for a zero lastmod). It grows whenever
// lastmod moves forward by a minute or more, and never otherwise.
//
// RFC 5545 §3.8.7.4 asks that SEQUENCE be incremented when the organizer
// makes a significant change (time, place, status) and compared as a
// number; RFC 5546 only compares it with the one a client holds, so jumps
// are fine. Its value is an INTEGER (at most 2,147,483,647), which these
// minutes reach in the year 6103; beyond that it stays there.
func SequenceOf(lastmod time.Time) int {
	if lastmod.IsZero() || lastmod.Unix() <= sequenceEpoch {
		return 0
	}
	return int(min((lastmod.Unix()-sequenceEpoch)/60, math.MaxInt32))
}

// zoneYears collects, per TZID, the zone and the years it must cover.
type zoneYears map[string]*zoneSpan

type zoneSpan struct {
	loc         *time.Location
	first, last int
}

func (z zoneYears) add(loc *time.Location, first, last int) {
	if s, ok := z[loc.String()]; ok {
		s.first, s.last = min(s.first, first), max(s.last, last)
		return
	}
	z[loc.String()] = &zoneSpan{loc: loc, first: first, last: last}
}

func (z zoneYears) sorted() []*zoneSpan {
	var out []*zoneSpan
	for _, s := range z {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *zoneSpan) int { return strings.Compare(a.loc.String(), b.loc.String()) })
	return out
}

// when formats the date-time properties of a series: local time with
// TZID, UTC when the zone is UTC, or dates when all-day.
type when struct {
	loc    *time.Location
	utc    bool
	allDay bool
}

func (wh when) param() string {
	switch {
	case wh.allDay:
		return ";VALUE=DATE"
	case wh.utc:
		return ""
	}
	return ";TZID=" + wh.loc.String()
}

func (wh when) value(t time.Time) string {
	switch {
	case wh.allDay:
		return civilDate(t).Format(dateFormat)
	case wh.utc:
		return t.UTC().Format(utcFormat)
	}
	return t.In(wh.loc).Format(localFormat)
}

func (w *writer) when(wh when, name string, ts ...time.Time) {
	vals := make([]string, len(ts))
	for i, t := range ts {
		vals[i] = wh.value(t)
	}
	w.line(name + wh.param() + ":" + strings.Join(vals, ","))
}

// series writes a recurring event: the series' VEVENT, then one VEVENT per
// changed occurrence. It records in zones the zone and years it uses.
func (w *writer) series(e *Event, calStamp time.Time, zones zoneYears) error {
	s := e.Series
	if e.UID == "" {
		return errors.New("no UID")
	}
	if !e.Start.IsZero() || !e.End.IsZero() || e.AllDay {
		return errors.New("Start, End and AllDay are set beside Series (expected them in the Series only)")
	}
	status, stamp, err := checkEvent(e, calStamp)
	if err != nil {
		return err
	}
	if err := s.Check(); err != nil {
		return err
	}
	wh := when{loc: s.Loc, allDay: s.AllDay, utc: s.Loc.String() == "UTC"}
	if name := s.Loc.String(); !wh.utc && (name == "Local" || name == "") {
		return fmt.Errorf("time zone %q has no IANA name for TZID (expected one such as Europe/Paris)", name)
	}
	key := func(t time.Time) string { return wh.value(t) }

	// Overrides are VEVENTs of their own, beside the moved occurrences; a
	// cancelled one has STATUS:CANCELLED.
	exdates := slices.Clone(s.ExDates)
	excluded := map[string]bool{}
	for _, x := range s.ExDates {
		excluded[key(x)] = true
	}
	changed := map[string]*Override{}
	for i := range e.Overrides {
		o := &e.Overrides[i]
		k := key(o.Of)
		switch _, known := statuses[o.Status]; {
		case !s.Contains(o.Of):
			return fmt.Errorf("override %d: %s is not an occurrence of the series", i, k)
		case changed[k] != nil:
			return fmt.Errorf("override %d: %s is given twice", i, k)
		case excluded[k]:
			return fmt.Errorf("override %d: %s is also an exdate (expected one or the other)", i, k)
		case o.Status != "" && !known:
			return fmt.Errorf("override %d: status %q is not scheduled, cancelled or postponed", i, o.Status)
		}
		changed[k] = o
	}
	moves := map[string]rrule.Move{}
	for _, m := range s.Moves {
		moves[key(m.Of)] = m
	}

	w.line("BEGIN:VEVENT")
	w.text("UID", e.UID)
	w.line("DTSTAMP:" + stamp.UTC().Format(utcFormat))
	start, end := span(wh, s, s.Start, s.End)
	w.when(wh, "DTSTART", start)
	if !end.IsZero() {
		w.when(wh, "DTEND", end)
	}
	if s.Rule != nil {
		w.line("RRULE:" + s.RuleText())
	}
	if len(s.RDates) > 0 {
		w.when(wh, "RDATE", sortedTimes(s.RDates)...)
	}
	if len(exdates) > 0 {
		w.when(wh, "EXDATE", sortedTimes(exdates)...)
	}
	w.properties(e, status)
	w.line("END:VEVENT")

	// The changed occurrences, in the order of their RECURRENCE-ID.
	var ofs []time.Time
	for _, m := range s.Moves {
		if !excluded[key(m.Of)] {
			ofs = append(ofs, m.Of)
		}
	}
	for _, o := range e.Overrides {
		if _, moved := moves[key(o.Of)]; !moved && !excluded[key(o.Of)] {
			ofs = append(ofs, o.Of)
		}
	}
	firstYear, lastYear := start.In(s.Loc).Year(), start.In(s.Loc).Year()
	for _, of := range sortedTimes(ofs) {
		occ := *e
		occ.Series, occ.Overrides = nil, nil
		k := key(of)
		if o := changed[k]; o != nil {
			occ.Summary = cmpOr(o.Summary, occ.Summary)
			occ.Description = cmpOr(o.Description, occ.Description)
			occ.Location = cmpOr(o.Location, occ.Location)
			occ.Status = cmpOr(o.Status, occ.Status)
		}
		ostart, oend := span(wh, s, of, time.Time{})
		if m, moved := moves[k]; moved {
			ostart, oend = span(wh, s, m.Start, m.End)
		}
		firstYear, lastYear = min(firstYear, ostart.In(s.Loc).Year()), max(lastYear, ostart.In(s.Loc).Year(), oend.In(s.Loc).Year())
		w.line("BEGIN:VEVENT")
		w.text("UID", e.UID)
		w.line("DTSTAMP:" + stamp.UTC().Format(utcFormat))
		w.when(wh, "RECURRENCE-ID", of)
		w.when(wh, "DTSTART", ostart)
		if !oend.IsZero() {
			w.when(wh, "DTEND", oend)
		}
		w.properties(&occ, statuses[occ.Status])
		w.line("END:VEVENT")
	}

	if !wh.utc && !wh.allDay {
		if s.Infinite() {
			lastYear = max(lastYear, firstYear, stamp.In(s.Loc).Year()) + horizonYears
		} else if last, ok := s.Last(); ok {
			lastYear = max(lastYear, last.Start.In(s.Loc).Year(), last.End.In(s.Loc).Year())
		}
		zones.add(s.Loc, firstYear, lastYear)
	}
	return nil
}

// span returns the start and the DTEND of an occurrence that starts at
// start and ends at end (zero: start plus the series' duration). For an
// all-day series, DTEND is the day after the last one.
func span(wh when, s *rrule.Series, start, end time.Time) (time.Time, time.Time) {
	if wh.allDay {
		days := 0
		if !s.End.IsZero() {
			days = int(civilDate(s.End).Sub(civilDate(s.Start)).Hours() / 24)
		}
		last := civilDate(start).AddDate(0, 0, days)
		if !end.IsZero() {
			last = civilDate(end)
		}
		return civilDate(start), last.AddDate(0, 0, 1)
	}
	if end.IsZero() && !s.End.IsZero() {
		end = start.Add(s.End.Sub(s.Start))
	}
	return start, end
}

func sortedTimes(ts []time.Time) []time.Time {
	out := slices.Clone(ts)
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(out, time.Time.Equal)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
