package ical

import (
	"fmt"
	"strconv"
	"time"
)

// A transition is one change of a zone's offset, abbreviation or DST flag.
type transition struct {
	at       time.Time // the instant of the change
	from, to int       // UTC offsets before and after, in seconds
	name     string    // abbreviation after
	dst      bool      // DST after
	first    bool      // the onset of the period in effect at the range's start, unknown before
}

// local returns the wall-clock time of the change as clocks showed it just
// before (what an observance's DTSTART holds), as a UTC time.
func (t transition) local() time.Time {
	return t.at.Add(time.Duration(t.from) * time.Second).UTC()
}

// transitions returns the changes of loc between from and to, preceded by
// the onset of the period in effect at from. Go's zone data is read with
// ZoneBounds, which gives each period's exact start and end (see periodEnd).
func transitions(loc *time.Location, from, to time.Time) []transition {
	t := from.In(loc)
	name, off := t.Zone()
	start, _ := t.ZoneBounds()
	end := periodEnd(t)
	first := transition{at: start, from: off, to: off, name: name, dst: t.IsDST(), first: true}
	if !start.IsZero() {
		_, first.from = start.Add(-time.Second).In(loc).Zone()
		first.first = false
	}
	out := []transition{first}
	for !end.IsZero() && end.Before(to) {
		t = end.In(loc)
		prev := out[len(out)-1]
		name, off = t.Zone()
		// Go may end a period where nothing changes (where its table
		// hands over to the zone's rule string): not a transition.
		if off != prev.to || name != prev.name || t.IsDST() != prev.dst {
			out = append(out, transition{at: end, from: prev.to, to: off, name: name, dst: t.IsDST()})
		}
		end = periodEnd(t)
	}
	return out
}

// periodEnd returns the end of the zone period that holds t, zero when it
// lasts for ever: ZoneBounds' end, unless that is not after t. Go (at
// least to 1.26, golang/go#81583) gives such an end for the last UTC day of
// a leap year that a zone's TZ rule string serves (Europe/Paris in 2040:
// an end of 2040-12-31T00:00Z for any instant of that day), which would
// leave a walk from period to period stuck there. Then the end is found by
// stepping an hour at a time until the zone changes (and bisecting to the
// second where it did) or ZoneBounds is right again (a boundary where
// nothing changes, which transitions skips).
func periodEnd(t time.Time) time.Time {
	_, end := t.ZoneBounds()
	if end.IsZero() || end.After(t) {
		return end
	}
	name, off := t.Zone()
	same := func(u time.Time) bool {
		n, o := u.Zone()
		return n == name && o == off && u.IsDST() == t.IsDST()
	}
	lo := t
	for range 48 {
		hi := lo.Add(time.Hour)
		if !same(hi) {
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if same(mid) {
					lo = mid
				} else {
					hi = mid
				}
			}
			return hi.Truncate(time.Second) // changes fall on whole seconds
		}
		if _, e := hi.ZoneBounds(); e.IsZero() || e.After(hi) {
			return hi
		}
		lo = hi
	}
	return time.Time{} // not reached with Go's zone data: the fault spans one day
}

// shape is where a transition falls in its year: month, day of the week,
// local time of day, and that day's ordinal in the month counted from the
// start and from the end.
type shape struct {
	month   time.Month
	weekday time.Weekday
	clock   string // 150405
	pos     int    // 1 to 5
	neg     int    // -1 to -5
}

func shapeOf(t transition) shape {
	l := t.local()
	dim := time.Date(l.Year(), l.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return shape{month: l.Month(), weekday: l.Weekday(), clock: l.Format("150405"),
		pos: (l.Day()-1)/7 + 1, neg: -((dim-l.Day())/7 + 1)}
}

// observance is one STANDARD or DAYLIGHT sub-component: one transition, or
// a yearly run of them on one rule (its month, day of the week, time and
// an ordinal all its onsets share).
type observance struct {
	first, last transition
	shape       shape
	ords        []int // ordinals every onset so far shares; a run when len(ords) > 0 and last != first
}

// extend adds t to the run if t falls a year after its last onset, on the
// same month, day of the week and time, with an ordinal all onsets share.
func (o *observance) extend(t transition) bool {
	if o.first.first || t.local().Year() != o.last.local().Year()+1 {
		return false
	}
	s := shapeOf(t)
	if s.month != o.shape.month || s.weekday != o.shape.weekday || s.clock != o.shape.clock {
		return false
	}
	var keep []int
	for _, n := range o.ords {
		if n == s.pos && n < 5 || n == s.neg {
			keep = append(keep, n)
		}
	}
	if len(keep) == 0 {
		return false
	}
	o.ords, o.last = keep, t
	return true
}

// rrule returns the run's RRULE, empty for a single transition. It ends
// with UNTIL (the last onset, in UTC) when the run stops before the end of
// the range (to), so that readers do not carry it on; a run that reaches
// the end has none and carries on, as the zone's rules do.
func (o *observance) rrule(to time.Time) string {
	if o.last.at.Equal(o.first.at) {
		return ""
	}
	n := o.ords[len(o.ords)-1] // from the end when it works: "last Sunday"
	r := "FREQ=YEARLY;BYMONTH=" + strconv.Itoa(int(o.shape.month)) + ";BYDAY=" + strconv.Itoa(n) + weekdayCodes[o.shape.weekday]
	l := o.last.local()
	next := nthWeekday(l.Year()+1, l.Month(), l.Weekday(), n, l).Add(-time.Duration(o.last.from) * time.Second)
	if next.Before(to) {
		r += ";UNTIL=" + o.last.at.UTC().Format(utcFormat)
	}
	return r
}

// observances groups the transitions: those of one kind (DST flag,
// offsets, name) that fall in consecutive years on one rule become one
// observance with a yearly RRULE (FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU); any
// other is an observance of its own.
func observances(ts []transition) []observance {
	type kind struct {
		dst      bool
		from, to int
		name     string
	}
	var out []observance
	open := map[kind]int{} // kind -> index in out of the observance it may extend
	for _, t := range ts {
		k := kind{t.dst, t.from, t.to, t.name}
		if i, ok := open[k]; ok && !t.first && out[i].extend(t) {
			continue
		}
		s := shapeOf(t)
		out = append(out, observance{first: t, last: t, shape: s, ords: []int{s.pos, s.neg}})
		open[k] = len(out) - 1
	}
	return out
}

var weekdayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// nthWeekday returns the n-th (from the end when negative) weekday wd of
// month m in year y, at clock's time of day.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int, clock time.Time) time.Time {
	h, mi, s := clock.Clock()
	if n > 0 {
		first := time.Date(y, m, 1, h, mi, s, 0, time.UTC)
		return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
	}
	last := time.Date(y, m+1, 0, h, mi, s, 0, time.UTC)
	return last.AddDate(0, 0, -((int(last.Weekday())-int(wd)+7)%7)-7*(-n-1))
}

// earliestOnset is the DTSTART of an observance whose onset is unknown
// (a zone without transitions, or before its first).
const earliestOnset = "16010101T000000"

// vtimezone writes a VTIMEZONE for loc that agrees with Go's zone data
// from the start of year first to the end of year last.
func (w *writer) vtimezone(loc *time.Location, first, last int) {
	from := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC).Add(-24 * time.Hour)
	to := time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC).Add(24 * time.Hour)
	w.line("BEGIN:VTIMEZONE")
	w.line("TZID:" + loc.String())
	for _, o := range observances(transitions(loc, from, to)) {
		kind := "STANDARD"
		if o.first.dst {
			kind = "DAYLIGHT"
		}
		w.line("BEGIN:" + kind)
		start := earliestOnset
		if !o.first.first {
			start = o.first.local().Format(localFormat)
		}
		w.line("DTSTART:" + start)
		w.line("TZOFFSETFROM:" + utcOffset(o.first.from))
		w.line("TZOFFSETTO:" + utcOffset(o.first.to))
		if r := o.rrule(to); r != "" {
			w.line("RRULE:" + r)
		}
		w.text("TZNAME", o.first.name)
		w.line("END:" + kind)
	}
	w.line("END:VTIMEZONE")
}

// utcOffset formats an offset in seconds as RFC 5545's UTC-OFFSET:
// +HHMM, or +HHMMSS when there are seconds.
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
