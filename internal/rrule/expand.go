package rrule

import (
	"time"
)

// maxYear is the last year an expansion reaches, as in python-dateutil
// (datetime.MAXYEAR) and as four-digit iCalendar dates allow.
const maxYear = 9999

// minYear is the first year UNTIL may name: early enough for any event,
// late enough that converting it to UTC stays a four-digit year.
const minYear = 1900

// A day is a civil date as a count of days since 1970-01-01.
type day int

func dayOf(y int, m time.Month, d int) day {
	return day(floorDiv(int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()), 86400))
}

// dayIn returns the date t shows in its own zone.
func dayIn(t time.Time) day {
	y, m, d := t.Date()
	return dayOf(y, m, d)
}

func (d day) date() (int, time.Month, int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

func (d day) weekday() time.Weekday { return time.Weekday(floorMod(int(d)+4, 7)) } // 1970-01-01 was a Thursday

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// clock is a time of day in seconds.
type clock int

func clockOf(t time.Time) clock {
	h, m, s := t.Clock()
	return clock(h*3600 + m*60 + s)
}

// resolve returns the instant at which the clocks of loc show date d at
// time of day c, the way RFC 5545 §3.3.5 says: a time that occurs twice
// (when clocks go back) is the first of the two, and a time that does not
// exist (when clocks go forward) is read with the offset in effect before
// the gap, which moves it forward by the gap's length (02:30 becomes 03:30
// in Europe/Paris). Go's time.Date leaves both cases unspecified (and picks
// the second of two), so the candidates are tried here one by one.
func resolve(d day, c clock, loc *time.Location) time.Time {
	y, m, dd := d.date()
	// The wall-clock reading, taken as if it were UTC.
	naive := time.Date(y, m, dd, 0, 0, int(c), 0, time.UTC)
	offsetAt := func(t time.Time) int {
		_, off := t.In(loc).Zone()
		return off
	}
	// Offsets in effect within two days either side cover any transition
	// that could make this reading ambiguous or nonexistent.
	var offsets []int
	for _, probe := range []time.Duration{-48 * time.Hour, 0, 48 * time.Hour} {
		off := offsetAt(naive.Add(probe))
		if len(offsets) == 0 || offsets[len(offsets)-1] != off {
			offsets = append(offsets, off)
		}
	}
	var first, earliest time.Time
	for _, off := range offsets {
		t := naive.Add(-time.Duration(off) * time.Second)
		if earliest.IsZero() || t.Before(earliest) {
			earliest = t
		}
		if offsetAt(t) == off && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	if first.IsZero() { // in a gap: use the offset before it
		first = naive.Add(-time.Duration(offsetAt(earliest)) * time.Second)
	}
	return first.In(loc)
}

// cycle is, per frequency, the number of periods after which the Gregorian
// calendar repeats itself, weekdays included (400 years are 146,097 days,
// exactly 20,871 weeks). A rule whose periods are all empty for that long
// (counted in steps of its interval) never yields anything again.
var cycle = map[Freq]int{Daily: 146097, Weekly: 20871, Monthly: 4800, Yearly: 400}

// expander computes the dates a Rule gives from a start. It holds the rule
// parts as masks, with python-dateutil's defaults filled in: without BYDAY
// and BYMONTHDAY, a YEARLY rule takes the start's month (unless BYMONTH is
// given) and day of the month, a MONTHLY rule the start's day of the month,
// a WEEKLY rule the start's day of the week.
type expander struct {
	freq     Freq
	interval int
	count    int
	start    day        // the start's date: no occurrence before it
	startAt  time.Time  // the start: no occurrence before it (timed series)
	p0       int        // the period that holds the start
	wkst0    day        // a day that is a WKST: weeks start there, every 7 days
	maxEmpty int        // consecutive empty periods after which the rule is spent
	lastDay  day        // no occurrence after this date (UNTIL or year 9999)
	until    *time.Time // for timed series: no occurrence after this instant
	clock    clock
	loc      *time.Location
	allDay   bool

	months     [13]bool // BYMONTH; all false: any month
	hasMonths  bool
	monthDays  [32]bool // BYMONTHDAY, positive
	lastDays   [32]bool // BYMONTHDAY, negative: 1 is the last day
	hasMDays   bool
	weekdays   [7]bool // BYDAY without ordinals
	ordinals   []Weekday
	hasDays    bool
	setPos     []int
	yearRanges bool // YEARLY ordinals count in the year, not the month
}

// newExpander prepares r for a series whose first occurrence is start (a
// wall-clock time in loc, or a date when allDay).
func newExpander(r *Rule, start time.Time, loc *time.Location, allDay bool) *expander {
	e := &expander{freq: r.Freq, interval: max(r.Interval, 1), count: r.Count, loc: loc, allDay: allDay}
	if !allDay {
		start = start.In(loc)
		e.clock = clockOf(start)
		e.startAt = start
	}
	e.start = dayIn(start)
	_, sm, sd := e.start.date()
	e.wkst0 = day(floorMod(int(r.WeekStart)-4, 7))
	e.p0 = e.period(e.start)
	e.maxEmpty = cycle[e.freq]/gcd(e.interval, cycle[e.freq]) + 1
	e.lastDay = dayOf(maxYear, 12, 31)
	switch r.Until.Form {
	case UntilDate, UntilLocal:
		if allDay || r.Until.Form == UntilDate {
			e.lastDay = min(e.lastDay, dayIn(r.Until.Wall))
		}
		if !allDay {
			c := e.clock
			if r.Until.Form == UntilLocal {
				c = clockOf(r.Until.Wall)
			}
			u := resolve(dayIn(r.Until.Wall), c, loc)
			e.until = &u
		}
	case UntilUTC:
		if allDay {
			e.lastDay = min(e.lastDay, dayIn(r.Until.Wall.In(loc)))
		} else {
			u := r.Until.Wall
			e.until = &u
		}
	}

	for _, m := range r.ByMonth {
		e.months[m], e.hasMonths = true, true
	}
	for _, d := range r.ByMonthDay {
		if d > 0 {
			e.monthDays[d] = true
		} else {
			e.lastDays[-d] = true
		}
		e.hasMDays = true
	}
	for _, w := range r.ByDay {
		if w.N == 0 {
			e.weekdays[w.Day] = true
		} else {
			e.ordinals = append(e.ordinals, w)
		}
		e.hasDays = true
	}
	e.yearRanges = e.freq == Yearly && !e.hasMonths
	if !e.hasDays && !e.hasMDays {
		switch e.freq {
		case Yearly:
			if !e.hasMonths {
				e.months[sm], e.hasMonths = true, true
			}
			e.monthDays[sd], e.hasMDays = true, true
		case Monthly:
			e.monthDays[sd], e.hasMDays = true, true
		case Weekly:
			e.weekdays[e.start.weekday()], e.hasDays = true, true
		}
	}
	e.setPos = r.BySetPos
	return e
}

// period returns the index of the period (day, week, month or year) that
// holds d.
func (e *expander) period(d day) int {
	switch e.freq {
	case Weekly:
		return floorDiv(int(d-e.wkst0), 7)
	case Monthly:
		y, m, _ := d.date()
		return y*12 + int(m) - 1
	case Yearly:
		y, _, _ := d.date()
		return y
	}
	return int(d)
}

// bounds returns the first and last days of period p.
func (e *expander) bounds(p int) (day, day) {
	switch e.freq {
	case Weekly:
		first := e.wkst0 + day(7*p)
		return first, first + 6
	case Monthly:
		y, m := floorDiv(p, 12), time.Month(floorMod(p, 12)+1)
		return dayOf(y, m, 1), dayOf(y, m, daysIn(y, m))
	case Yearly:
		return dayOf(p, 1, 1), dayOf(p, 12, 31)
	}
	return day(p), day(p)
}

// candidates appends to buf the days of period p that the rule selects,
// in order, before the start, UNTIL and COUNT are taken into account.
func (e *expander) candidates(p int, buf []day) []day {
	buf = buf[:0]
	first, last := e.bounds(p)
	for d := first; d <= last; d++ {
		if e.selects(d) {
			buf = append(buf, d)
		}
	}
	if len(e.setPos) == 0 || len(buf) == 0 {
		return buf
	}
	var picked [367]bool
	for _, pos := range e.setPos {
		i := pos - 1
		if pos < 0 {
			i = len(buf) + pos
		}
		if i >= 0 && i < len(buf) {
			picked[i] = true
		}
	}
	n := 0
	for i, d := range buf {
		if picked[i] {
			buf[n] = d
			n++
		}
	}
	return buf[:n]
}

// selects reports whether day d passes BYMONTH, BYMONTHDAY and BYDAY.
func (e *expander) selects(d day) bool {
	y, m, dd := d.date()
	if e.hasMonths && !e.months[m] {
		return false
	}
	if e.hasMDays {
		dim := daysIn(y, m)
		if !e.monthDays[dd] && !e.lastDays[dim-dd+1] {
			return false
		}
	}
	if !e.hasDays {
		return true
	}
	wd := d.weekday()
	if len(e.ordinals) == 0 {
		return e.weekdays[wd]
	}
	// The ordinals count within the month, or the year for a YEARLY rule
	// without BYMONTH.
	first, last := dayOf(y, m, 1), dayOf(y, m, daysIn(y, m))
	if e.yearRanges {
		first, last = dayOf(y, 1, 1), dayOf(y, 12, 31)
	}
	pos, neg := int(d-first)/7+1, -(int(last-d)/7 + 1)
	for _, w := range e.ordinals {
		if w.Day == wd && (w.N == pos || w.N == neg) {
			return true
		}
	}
	return false
}

// at returns the occurrence on day d: the start's time of day there, or
// midnight for an all-day series.
func (e *expander) at(d day) time.Time {
	return resolve(d, e.clock, e.loc)
}

// iter walks the occurrences of a rule in order. Every call to next ends:
// it gives up after a full calendar cycle of empty periods or past year
// 9999.
type iter struct {
	e    *expander
	p    int   // the current period
	buf  []day // its selected days
	i    int   // the next one in buf
	n    int   // occurrences given so far (for COUNT)
	done bool
	last time.Time // the previous occurrence
}

func (e *expander) iter() *iter {
	return &iter{e: e, p: e.p0, buf: e.candidates(e.p0, nil)}
}

// iterFrom returns an iterator that gives the occurrences on or after day
// d. With COUNT it must start from the start, to count.
func (e *expander) iterFrom(d day) *iter {
	if e.count > 0 || d <= e.start {
		return e.iter()
	}
	k := e.period(d) - e.p0
	k = (k + e.interval - 1) / e.interval * e.interval
	it := &iter{e: e, p: e.p0 + k}
	it.buf = e.candidates(it.p, nil)
	for it.i < len(it.buf) && it.buf[it.i] < d {
		it.i++
	}
	return it
}

// next returns the next occurrence's date and start.
func (it *iter) next() (day, time.Time, bool) {
	e := it.e
	empty := 0
	for !it.done {
		for it.i < len(it.buf) {
			d := it.buf[it.i]
			it.i++
			if d < e.start {
				continue
			}
			if d > e.lastDay {
				it.done = true
				break
			}
			t := e.at(d)
			if e.until != nil && t.After(*e.until) {
				it.done = true
				break
			}
			if !t.After(it.last) || t.Before(e.startAt) {
				// Two dates on one instant: a day that the zone skipped
				// whole (Pacific/Apia, 2011-12-30) moves onto the next.
				continue
			}
			it.n++
			if e.count > 0 && it.n > e.count {
				it.done = true
				break
			}
			it.last = t
			return d, t, true
		}
		if it.done {
			break
		}
		empty++
		if empty > e.maxEmpty {
			it.done = true
			break
		}
		it.p += e.interval
		if first, _ := e.bounds(it.p); first > e.lastDay {
			it.done = true
			break
		}
		it.buf = e.candidates(it.p, it.buf)
		it.i = 0
		if len(it.buf) > 0 {
			empty = 0
		}
	}
	return 0, time.Time{}, false
}

// contains reports whether day d is an occurrence's date, without walking
// the rule (except to count, with COUNT).
func (e *expander) contains(d day) bool {
	if d < e.start || d > e.lastDay {
		return false
	}
	p := e.period(d)
	if (p-e.p0)%e.interval != 0 {
		return false
	}
	found := false
	for _, c := range e.candidates(p, nil) {
		if c == d {
			found = true
		}
	}
	if !found {
		return false
	}
	if e.until != nil && e.at(d).After(*e.until) || e.at(d).Before(e.startAt) {
		return false
	}
	if e.count > 0 {
		it := e.iter()
		for {
			c, _, ok := it.next()
			if !ok || c > d {
				return false
			}
			if c == d {
				return true
			}
		}
	}
	return true
}
