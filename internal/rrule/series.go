package rrule

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"
)

// Series is a recurring event: the recurrence set of RFC 5545 §3.8.5, its
// first occurrence being Start.
//
// A timed series is evaluated in Loc: every occurrence is at Start's time of
// day as Loc's clocks show it (wall-clock arithmetic) and lasts End-Start
// (an exact duration, as RFC 5545 says for DTEND). An all-day series works
// on dates: the date Start shows in its own zone, and End, when set, is the
// last day, inclusive (as editors write it); its occurrences are midnights
// in Loc.
//
// ExDates and Moves.Of name occurrences by their start as the rule gives it:
// an instant for a timed series, a date for an all-day one (see OnDate to
// turn a date into it). Check reports what is not consistent; the other
// methods assume a series that passed it, and end on any input.
type Series struct {
	Start, End time.Time // End zero: no duration (one day when all-day)
	AllDay     bool
	Loc        *time.Location
	Rule       *Rule       // nil: Start and RDates only
	ExDates    []time.Time // cancelled occurrences, left out
	RDates     []time.Time // extra occurrences, after Start
	Moves      []Move      // occurrences at another time
}

// Move gives one occurrence another start and end.
type Move struct {
	Of         time.Time // the start the rule gives the occurrence (RECURRENCE-ID)
	Start, End time.Time // End zero: Start plus the series' duration
}

// Occurrence is one occurrence of a series.
type Occurrence struct {
	Start, End time.Time // End zero when the series has none
	Of         time.Time // the start the rule gives it (its RECURRENCE-ID): Start unless moved
	Moved      bool
}

// ErrNoOccurrence is wrapped by the error Check returns for a rule that
// yields nothing from the start on.
var ErrNoOccurrence = errors.New("the rule yields no occurrence")

// SeriesError is a series that is not consistent. Field is the part at
// fault: "start", "end", "rrule", "exdate", "rdate" or "move"; Index says
// which entry of ExDates, RDates or Moves.
type SeriesError struct {
	Field string
	Index int
	Err   error
}

func (e *SeriesError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *SeriesError) Unwrap() error { return e.Err }

func seriesErr(field string, index int, format string, args ...any) *SeriesError {
	return &SeriesError{Field: field, Index: index, Err: fmt.Errorf(format, args...)}
}

// set is a Series prepared for expansion.
type set struct {
	s      *Series
	e      *expander // nil without a rule
	start  time.Time // Start in Loc (midnight of its date when all-day)
	dur    time.Duration
	days   int // all-day: End's date minus Start's date
	hasEnd bool
	rdates []time.Time // normalized, sorted, without duplicates
	ex     map[int64]bool
	moved  map[int64]bool
	moves  []Occurrence // sorted by Start
}

func (s *Series) prepare() *set {
	loc := s.Loc
	if loc == nil {
		loc = time.UTC
	}
	st := &set{s: s, hasEnd: !s.End.IsZero(), ex: map[int64]bool{}, moved: map[int64]bool{}}
	if s.AllDay {
		st.start = resolve(dayIn(s.Start), 0, loc)
		if st.hasEnd {
			st.days = int(dayIn(s.End) - dayIn(s.Start))
		}
	} else {
		st.start = s.Start.In(loc)
		if st.hasEnd {
			st.dur = s.End.Sub(s.Start)
		}
	}
	if s.Rule != nil {
		st.e = newExpander(s.Rule, s.Start, loc, s.AllDay)
	}
	for _, r := range s.RDates {
		st.rdates = append(st.rdates, st.norm(r))
	}
	slices.SortFunc(st.rdates, func(a, b time.Time) int { return a.Compare(b) })
	st.rdates = slices.CompactFunc(st.rdates, time.Time.Equal)
	for _, x := range s.ExDates {
		st.ex[st.key(x)] = true
	}
	for _, m := range s.Moves {
		k := st.key(m.Of)
		if st.moved[k] || st.ex[k] || !st.contains(m.Of) {
			continue
		}
		st.moved[k] = true
		o := st.occurrence(st.norm(m.Of))
		o.Moved = true
		if s.AllDay {
			o.Start = resolve(dayIn(m.Start), 0, loc)
			o.End = time.Time{}
			if !m.End.IsZero() {
				o.End = resolve(dayIn(m.End), 0, loc)
			} else if st.hasEnd {
				o.End = resolve(dayIn(m.Start)+day(st.days), 0, loc)
			}
		} else {
			o.Start = m.Start.In(loc)
			switch {
			case !m.End.IsZero():
				o.End = m.End.In(loc)
			case st.hasEnd:
				o.End = o.Start.Add(st.dur)
			default:
				o.End = time.Time{}
			}
		}
		st.moves = append(st.moves, o)
	}
	sort.SliceStable(st.moves, func(i, j int) bool { return st.moves[i].Start.Before(st.moves[j].Start) })
	return st
}

// norm returns t as the series holds its starts: in Loc, or midnight of
// its date in Loc when all-day.
func (st *set) norm(t time.Time) time.Time {
	if st.s.AllDay {
		return resolve(dayIn(t), 0, st.start.Location())
	}
	return t.In(st.start.Location())
}

// key identifies an occurrence by its start: the instant, or the date when
// all-day.
func (st *set) key(t time.Time) int64 {
	if st.s.AllDay {
		return int64(dayIn(t))
	}
	return t.Unix()
}

func (st *set) occurrence(of time.Time) Occurrence {
	o := Occurrence{Start: of, Of: of}
	switch {
	case !st.hasEnd:
	case st.s.AllDay:
		o.End = resolve(dayIn(of)+day(st.days), 0, of.Location())
	default:
		o.End = of.Add(st.dur)
	}
	return o
}

// contains reports whether t is a start the rule or RDATE gives.
func (st *set) contains(t time.Time) bool {
	k := st.key(t)
	if k == st.key(st.start) {
		return true
	}
	for _, r := range st.rdates {
		if st.key(r) == k {
			return true
		}
	}
	if st.e == nil {
		return false
	}
	if st.s.AllDay {
		return st.e.contains(dayIn(t))
	}
	d := dayIn(t.In(st.start.Location()))
	return st.e.contains(d) && st.e.at(d).Equal(t)
}

// base walks the starts the rule and RDATE give, from from on, in order.
type base struct {
	st      *set
	it      *iter // nil without a rule
	pending *time.Time
	ri      int
	first   bool // without a rule: Start not given yet
}

func (st *set) base(from time.Time) *base {
	b := &base{st: st}
	if st.e != nil {
		d := dayIn(from.In(st.start.Location())) - 1
		if from.IsZero() || from.Before(st.start) {
			d = st.e.start
		}
		b.it = st.e.iterFrom(d)
	} else {
		b.first = !st.start.Before(from)
	}
	b.ri = sort.Search(len(st.rdates), func(i int) bool { return !st.rdates[i].Before(from) })
	return b
}

func (b *base) ruleNext(from time.Time) (time.Time, bool) {
	if b.pending != nil {
		return *b.pending, true
	}
	if b.it == nil {
		if b.first {
			b.pending = &b.st.start
			return b.st.start, true
		}
		return time.Time{}, false
	}
	for {
		_, t, ok := b.it.next()
		if !ok {
			return time.Time{}, false
		}
		if !t.Before(from) {
			b.pending = &t
			return t, true
		}
	}
}

// next returns the next start, from from on.
func (b *base) next(from time.Time) (time.Time, bool) {
	r, rok := b.ruleNext(from)
	var x time.Time
	xok := b.ri < len(b.st.rdates)
	if xok {
		x = b.st.rdates[b.ri]
	}
	switch {
	case rok && xok && x.Equal(r):
		b.ri++
		b.pending = nil
		b.first = false
		return r, true
	case rok && (!xok || r.Before(x)):
		b.pending = nil
		b.first = false
		return r, true
	case xok:
		b.ri++
		return x, true
	}
	return time.Time{}, false
}

// walk calls yield with the occurrences whose start is from or later, in
// the order of their starts, until yield returns false or there are no
// more. It always ends: the rule's iterator does.
func (st *set) walk(from time.Time, yield func(Occurrence) bool) {
	b := st.base(from)
	mi := sort.Search(len(st.moves), func(i int) bool { return !st.moves[i].Start.Before(from) })
	var pend *Occurrence
	baseDone := false
	for {
		if pend == nil && !baseDone {
			for {
				t, ok := b.next(from)
				if !ok {
					baseDone = true
					break
				}
				k := st.key(t)
				if st.ex[k] || st.moved[k] {
					continue
				}
				o := st.occurrence(t)
				pend = &o
				break
			}
		}
		var o Occurrence
		switch {
		case pend != nil && (mi == len(st.moves) || !st.moves[mi].Start.Before(pend.Start)):
			o, pend = *pend, nil
		case mi < len(st.moves):
			o = st.moves[mi]
			mi++
		default:
			return
		}
		if !yield(o) {
			return
		}
	}
}

// Infinite reports whether the series has no last occurrence.
func (s *Series) Infinite() bool {
	return s.Rule != nil && s.Rule.Count == 0 && s.Rule.Until.Form == NoUntil
}

// Between returns the occurrences that start in [a, b), in order.
func (s *Series) Between(a, b time.Time) []Occurrence {
	var out []Occurrence
	s.prepare().walk(a, func(o Occurrence) bool {
		if !o.Start.Before(b) {
			return false
		}
		out = append(out, o)
		return true
	})
	return out
}

// All returns the first limit occurrences (fewer if the series has fewer).
func (s *Series) All(limit int) []Occurrence {
	var out []Occurrence
	if limit <= 0 {
		return nil
	}
	s.prepare().walk(time.Time{}, func(o Occurrence) bool {
		out = append(out, o)
		return len(out) < limit
	})
	return out
}

// After returns the first occurrence that starts after t.
func (s *Series) After(t time.Time) (Occurrence, bool) {
	var found Occurrence
	ok := false
	s.prepare().walk(t.Add(time.Nanosecond), func(o Occurrence) bool {
		found, ok = o, true
		return false
	})
	return found, ok
}

// Next returns the first occurrence that has not ended at t: the one under
// way, or else the next to start. An all-day occurrence ends at midnight
// after its last day.
func (s *Series) Next(t time.Time) (Occurrence, bool) {
	st := s.prepare()
	longest := st.dur
	if s.AllDay {
		longest = time.Duration(st.days+2) * 24 * time.Hour
	}
	for _, m := range st.moves {
		if m.End.Sub(m.Start) > longest {
			longest = m.End.Sub(m.Start) + 24*time.Hour
		}
	}
	var found Occurrence
	ok := false
	st.walk(t.Add(-longest), func(o Occurrence) bool {
		if st.ends(o).After(t) || !o.Start.Before(t) {
			found, ok = o, true
			return false
		}
		return true
	})
	return found, ok
}

// ends returns the instant at which o is over.
func (st *set) ends(o Occurrence) time.Time {
	if !st.s.AllDay {
		if o.End.IsZero() {
			return o.Start
		}
		return o.End
	}
	last := o.Start
	if !o.End.IsZero() {
		last = o.End
	}
	return resolve(dayIn(last)+1, 0, o.Start.Location())
}

// Last returns the last occurrence of a finite series (by start); false
// when the series is infinite or empty.
func (s *Series) Last() (Occurrence, bool) {
	if s.Infinite() {
		return Occurrence{}, false
	}
	var last Occurrence
	ok := false
	s.prepare().walk(time.Time{}, func(o Occurrence) bool {
		last, ok = o, true
		return true
	})
	return last, ok
}

// Contains reports whether t is the start the rule or RDATE gives an
// occurrence, before EXDATEs and moves apply: what an exdate or a move must
// name. For an all-day series only t's date counts.
func (s *Series) Contains(t time.Time) bool { return s.prepare().contains(t) }

// OnDate returns the start the series gives its occurrence on the date y-m-d
// (in Loc), before EXDATEs and moves apply: how a date written by an editor
// ("2027-03-11") names an occurrence of a timed series.
func (s *Series) OnDate(y int, m time.Month, d int) (time.Time, bool) {
	st := s.prepare()
	dd := dayOf(y, m, d)
	loc := st.start.Location()
	if dayIn(st.start) == dd {
		return st.start, true
	}
	if st.e != nil && st.e.contains(dd) {
		return st.e.at(dd), true
	}
	for _, r := range st.rdates {
		if dayIn(r.In(loc)) == dd {
			return r, true
		}
	}
	return time.Time{}, false
}

// RuleText returns the RRULE value to write beside DTSTART in iCalendar:
// the rule with UNTIL as RFC 5545 requires it, a date for an all-day series
// and otherwise a UTC date-time (a date UNTIL becomes the start's time of
// day on that date in Loc, converted to UTC: the latest occurrence it lets
// through). Empty without a rule.
func (s *Series) RuleText() string {
	if s.Rule == nil {
		return ""
	}
	r := *s.Rule
	if r.Until.Form != NoUntil {
		e := s.prepare().e
		if s.AllDay {
			y, m, d := e.lastDay.date()
			r.Until = Until{Form: UntilDate, Wall: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
		} else {
			r.Until = Until{Form: UntilUTC, Wall: e.until.UTC()}
		}
	}
	return r.String()
}

// Check reports the first inconsistency of the series as a *SeriesError:
// no zone or start, an end before the start, a rule that yields nothing
// (wrapping ErrNoOccurrence; found in bounded time) or whose first
// occurrence is not Start, an exdate or a move that names no occurrence, an
// rdate that is not after Start or that the rule already gives, two moves
// of one occurrence.
func (s *Series) Check() error {
	if s.Loc == nil {
		return seriesErr("start", 0, "no time zone")
	}
	if s.Start.IsZero() {
		return seriesErr("start", 0, "missing")
	}
	if !s.AllDay && s.Start.Nanosecond() != 0 {
		return seriesErr("start", 0, "%s has fractions of a second (expected whole seconds)", s.Start.Format(time.RFC3339Nano))
	}
	st := s.prepare()
	if st.hasEnd && (s.AllDay && st.days < 0 || !s.AllDay && st.dur < 0) {
		return seriesErr("end", 0, "%s is before the start %s", st.show(s.End), st.show(s.Start))
	}
	if first := resolve(dayIn(st.start), clockOf(st.start), st.start.Location()); !s.AllDay && !first.Equal(st.start) {
		return seriesErr("start", 0, "%s is the second time the clocks show %s that day, and iCalendar reads it as the first, %s (expected another time of day)",
			st.show(st.start), st.start.Format("15:04"), st.show(first))
	}
	if st.e != nil {
		first, ok := time.Time{}, false
		if _, t, found := st.e.iter().next(); found {
			first, ok = t, true
		}
		switch {
		case !ok && st.e.until != nil && st.e.until.Before(st.start), !ok && st.e.lastDay < st.e.start:
			return &SeriesError{Field: "rrule", Err: fmt.Errorf("%w: UNTIL=%s is before the start %s", ErrNoOccurrence, s.Rule.Until, st.show(st.start))}
		case !ok:
			return &SeriesError{Field: "rrule", Err: fmt.Errorf("%w: %s never matches a date from the start %s on (check BYMONTH, BYMONTHDAY, BYDAY and BYSETPOS)", ErrNoOccurrence, s.Rule, st.show(st.start))}
		case !first.Equal(st.start):
			return seriesErr("start", 0, "%s is not an occurrence of %s: the first one is %s (expected the start to be the first occurrence)", st.show(st.start), s.Rule, st.show(first))
		}
	}
	for i, x := range s.ExDates {
		if !st.contains(x) {
			return seriesErr("exdate", i, "%s is not an occurrence of the series%s", st.show(x), st.hint(x))
		}
	}
	seen := map[int64]bool{}
	for i, r := range s.RDates {
		k := st.key(r)
		switch {
		case k <= st.key(st.start):
			return seriesErr("rdate", i, "%s is not after the start %s (expected a later date, or make it the start)", st.show(r), st.show(st.start))
		case seen[k]:
			return seriesErr("rdate", i, "%s is given twice", st.show(r))
		case st.e != nil && (s.AllDay && st.e.contains(dayIn(r)) || !s.AllDay && st.e.contains(dayIn(r.In(s.Loc))) && st.e.at(dayIn(r.In(s.Loc))).Equal(r)):
			return seriesErr("rdate", i, "%s is already an occurrence of the rule", st.show(r))
		}
		seen[k] = true
	}
	moved := map[int64]bool{}
	for i, m := range s.Moves {
		k := st.key(m.Of)
		switch {
		case !st.contains(m.Of):
			return seriesErr("move", i, "%s is not an occurrence of the series%s", st.show(m.Of), st.hint(m.Of))
		case st.ex[k]:
			return seriesErr("move", i, "%s is also an exdate (expected one or the other)", st.show(m.Of))
		case moved[k]:
			return seriesErr("move", i, "%s is moved twice", st.show(m.Of))
		case m.Start.IsZero():
			return seriesErr("move", i, "%s has no new start", st.show(m.Of))
		case !m.End.IsZero() && (s.AllDay && dayIn(m.End) < dayIn(m.Start) || !s.AllDay && m.End.Before(m.Start)):
			return seriesErr("move", i, "its end %s is before its start %s", st.show(m.End), st.show(m.Start))
		}
		moved[k] = true
	}
	return nil
}

// show formats t for an error message, in the series' terms.
func (st *set) show(t time.Time) string {
	if st.s.AllDay {
		return t.Format("2006-01-02 (Monday)")
	}
	return t.In(st.start.Location()).Format("2006-01-02 15:04 (Monday) MST")
}

// hint names the occurrences nearest t, for an error message.
func (st *set) hint(t time.Time) string {
	var near []string
	var prev *time.Time
	st.walk(t.AddDate(-1, 0, 0), func(o Occurrence) bool {
		if o.Of.After(t) {
			near = append(near, st.show(o.Of))
			return false
		}
		of := o.Of
		prev = &of
		return true
	})
	if prev != nil {
		near = append([]string{st.show(*prev)}, near...)
	}
	if len(near) == 0 {
		return ""
	}
	return " (nearest: " + joinOr(near) + ")"
}

func joinOr(s []string) string {
	if len(s) == 2 {
		return s[0] + " or " + s[1]
	}
	return s[0]
}
