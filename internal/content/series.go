package content

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/catalyseurs/alliance/internal/rrule"
)

// Series is what makes an event recurring: its front matter's rrule,
// exdate, rdate and occurrences fields. The event's start and end give the
// first occurrence and the duration.
type Series struct {
	Set     *rrule.Series // the recurrence set, in the site's time zone
	Changes []Change      // the occurrences field, by Of
	Line    int           // of the rrule field in the page's file (of rdate without one)
	text    string        // the fields as written, for Meta.shape
}

// Change is what differs for one occurrence (an entry of occurrences).
type Change struct {
	Of         time.Time // the occurrence's start as the rule gives it
	Status     string    // "" (the event's), "scheduled", "cancelled" or "postponed"
	Start, End time.Time // a moved occurrence's; zero when not moved
	Title      string
	Location   string
	Online     string
	Note       string
}

// Occurrence is one occurrence of a series as pages show it. Event is
// the event at that occurrence: its start, end, status, place and link
// (layouts pass an Occurrence where they pass a page to the event
// partials, which read .Event).
type Occurrence struct {
	Event   *Event
	Of      time.Time // the start the rule gives it: Event.Start unless moved
	Moved   bool
	Next    bool   // the series' next occurrence (Schedule.Next)
	Changed bool   // an entry of occurrences names it
	Title   string // its own title, "" for the page's
	Note    string
}

// Cancelled reports whether the occurrence will not take place.
func (o *Occurrence) Cancelled() bool { return o.Event.Status == "cancelled" }

// Schedule is a series seen from the build's clock, for its page.
type Schedule struct {
	// Upcoming are the occurrences not ended, in order, that start within
	// the horizon (and the next one wherever it is), at most MaxListed;
	// cancelled ones are there, marked.
	Upcoming []Occurrence
	Next     *Occurrence  // the first of Upcoming not cancelled; nil when none is left
	More     bool         // occurrences follow those listed
	Past     []Occurrence // those ended, latest first, at most MaxListed
	// Last is the last occurrence of a finite series; nil for an
	// infinite one.
	Last *Occurrence
}

// MaxListed is how many coming (and past) occurrences a Schedule holds.
const MaxListed = 12

// occurrence turns an occurrence of the set into one as pages show it.
func (s *Series) occurrence(e *Event, o rrule.Occurrence) Occurrence {
	ev := *e
	ev.Series, ev.Schedule = nil, nil
	ev.Start, ev.End = o.Start, o.End
	out := Occurrence{Event: &ev, Of: o.Of, Moved: o.Moved}
	if i, ok := slices.BinarySearchFunc(s.Changes, o.Of, func(c Change, t time.Time) int { return c.Of.Compare(t) }); ok {
		c := s.Changes[i]
		out.Changed, out.Title, out.Note = true, c.Title, c.Note
		if c.Status != "" {
			ev.Status = c.Status
		}
		if c.Location != "" {
			ev.Location = c.Location
		}
		if c.Online != "" {
			ev.Online = c.Online
		}
	}
	return out
}

// at returns the event as pages see it at now: a single event as it is;
// a series as its next occurrence (the one under way or the next to start,
// cancelled ones skipped), else its last, with its Schedule up to horizon
// months ahead.
func (e *Event) at(now time.Time, horizon int) *Event {
	if e == nil || e.Series == nil {
		return e
	}
	s := e.Series
	if horizon <= 0 {
		horizon = 12
	}
	sc := &Schedule{}
	if last, ok := s.Set.Last(); ok {
		o := s.occurrence(e, last)
		sc.Last = &o
	}
	end := now.AddDate(0, horizon, 0)
	next := -1
	// Cancelled occurrences are finite (each is an entry of occurrences):
	// the next one that is not is found within that many more.
	budget := MaxListed + len(s.Changes) + 1
	for o, ok := s.Set.Next(now); ok; o, ok = s.Set.After(o.Start) {
		occ := s.occurrence(e, o)
		listed := len(sc.Upcoming) < MaxListed && (o.Start.Before(end) || next < 0)
		if listed {
			sc.Upcoming = append(sc.Upcoming, occ)
			if next < 0 && !occ.Cancelled() {
				next = len(sc.Upcoming) - 1
			}
			continue
		}
		sc.More = true
		if next >= 0 || budget == 0 {
			break
		}
		budget--
		if !occ.Cancelled() { // beyond the list: the next one all the same
			sc.Upcoming = append(sc.Upcoming, occ)
			next = len(sc.Upcoming) - 1
		}
	}
	if next >= 0 {
		sc.Upcoming[next].Next = true
		sc.Next = &sc.Upcoming[next]
	}
	// The past ones, latest first: walk back a horizon at a time.
	for from := now; len(sc.Past) < MaxListed && !from.Before(s.Set.Start); from = from.AddDate(0, -horizon, 0) {
		window := s.Set.Between(from.AddDate(0, -horizon, 0), from)
		for i := len(window) - 1; i >= 0 && len(sc.Past) < MaxListed; i-- {
			if occ := s.occurrence(e, window[i]); !occ.Event.Upcoming(now) {
				sc.Past = append(sc.Past, occ)
			}
		}
	}
	c := *e
	c.Schedule, c.base = sc, e
	shown := sc.Next
	if shown == nil {
		shown = sc.Last
	}
	if shown == nil && len(sc.Past) > 0 {
		shown = &sc.Past[0]
	}
	if shown != nil {
		c.Start, c.End, c.Status = shown.Event.Start, shown.Event.End, shown.Event.Status
		c.Location, c.Online = shown.Event.Location, shown.Event.Online
	}
	return &c
}

// UntilPassed reports whether the series' rule has an UNTIL before now
// while the series is still upcoming (an rdate or a moved occurrence
// later than UNTIL): a rule that likely needs a new UNTIL.
func (e *Event) UntilPassed(now time.Time) bool {
	b := e.Base()
	if b.Series == nil || b.Series.Set.Rule == nil {
		return false
	}
	set := b.Series.Set
	u := set.Rule.Until
	y, m, d := u.Wall.Date()
	h, mi, sec := u.Wall.Clock()
	var until time.Time
	switch u.Form {
	case rrule.UntilDate:
		until = time.Date(y, m, d+1, 0, 0, 0, 0, set.Loc)
	case rrule.UntilUTC:
		until = u.Wall
	case rrule.UntilLocal:
		until = time.Date(y, m, d, h, mi, sec, 0, set.Loc)
	default:
		return false
	}
	return until.Before(now) && e.Upcoming(now)
}

// Occurrences returns every occurrence that starts in [from, to), in
// order, with what differs for each.
func (e *Event) Occurrences(from, to time.Time) []Occurrence {
	if e == nil || e.Series == nil {
		return nil
	}
	var out []Occurrence
	for _, o := range e.Series.Set.Between(from, to) {
		out = append(out, e.Series.occurrence(e, o))
	}
	return out
}

// seriesFields are the front matter keys of a series, beside start and end.
var seriesFields = []string{"rrule", "exdate", "rdate", "occurrences"}

// occurrenceFields are the keys of an entry of occurrences.
var occurrenceFields = []string{"status", "start", "end", "location", "online", "title", "note"}

// series reads the series fields of an event whose start and end are
// read; nil when it has none (or errors, which are in r.errs).
func (r *fieldReader) series(e *Event) *Series {
	has := false
	for _, k := range seriesFields {
		has = has || r.has(k)
	}
	if !has {
		return nil
	}
	if !r.has("rrule") && !r.has("rdate") {
		for _, k := range []string{"exdate", "occurrences"} {
			if r.has(k) {
				r.errorf(k, "an rrule such as FREQ=MONTHLY;BYDAY=2TH, or rdate", "%s without rrule or rdate", k)
			}
		}
		return nil
	}
	if e.Start.IsZero() {
		return nil // start is required: said already
	}
	before := len(*r.errs)
	set := &rrule.Series{Start: e.Start, End: e.End, AllDay: e.AllDay, Loc: r.loc}
	if text := strings.TrimSpace(r.str("rrule")); text != "" {
		rule, err := rrule.Parse(strings.TrimPrefix(text, "RRULE:"))
		if err != nil {
			r.errorf("rrule", ruleWant(err), "rrule %q: %s", text, strings.TrimPrefix(err.Error(), "rrule: "))
			return nil
		}
		set.Rule = rule
	}
	key := "rrule"
	if !r.has("rrule") {
		key = "rdate"
	}
	s := &Series{Set: set, Line: r.pos(key).Line}
	for _, v := range r.list("rdate") {
		t, ok := r.instant("rdate", v, e)
		if ok {
			set.RDates = append(set.RDates, t)
		}
	}
	for _, v := range r.list("exdate") {
		if t, ok := r.occurrenceOf("exdate", v, set); ok {
			set.ExDates = append(set.ExDates, t)
		}
	}
	if len(*r.errs) > before {
		return nil
	}
	if r.has("occurrences") {
		m, ok := r.front.Values["occurrences"].(map[string]any)
		if !ok {
			r.errorf("occurrences", "a map from an occurrence's date to what differs, such as 2027-03-11: {status: cancelled}", "occurrences is not a map")
			return nil
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			c, ok := r.change(k, m[k], set, e)
			if ok && slices.ContainsFunc(set.ExDates, c.Of.Equal) {
				r.errorf("occurrences", "one or the other", "occurrences: %s is also an exdate", k)
				ok = false
			}
			if ok {
				s.Changes = append(s.Changes, c)
				if !c.Start.IsZero() {
					set.Moves = append(set.Moves, rrule.Move{Of: c.Of, Start: c.Start, End: c.End})
				}
			}
		}
	}
	if len(*r.errs) > before {
		return nil
	}
	slices.SortFunc(s.Changes, func(a, b Change) int { return a.Of.Compare(b.Of) })
	for i := 1; i < len(s.Changes); i++ {
		if s.Changes[i].Of.Equal(s.Changes[i-1].Of) {
			r.errorf("occurrences", "one entry per occurrence", "two entries of occurrences name the occurrence of %s", s.Changes[i].Of.Format("2006-01-02 15:04"))
			return nil
		}
	}
	if err := set.Check(); err != nil {
		key := "rrule"
		var se *rrule.SeriesError
		if errors.As(err, &se) {
			switch se.Field {
			case "start", "end", "exdate", "rdate":
				key = se.Field
			case "move":
				key = "occurrences"
			}
		}
		msg := err.Error()
		if se != nil {
			msg = se.Err.Error()
		}
		r.errorf(key, "", "%s: %s", key, msg)
		return nil
	}
	s.text = fmt.Sprint(r.front.Values["rrule"], r.front.Values["exdate"], r.front.Values["rdate"], r.front.Values["occurrences"])
	return s
}

// ruleWant is what a rule that does not parse should have been.
func ruleWant(err error) string {
	var re *rrule.Error
	if errors.As(err, &re) && re.Part != "" {
		return "" // the part's error says what was expected
	}
	return "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY, then parts such as BYDAY=2TH;UNTIL=20270630"
}

// instant reads an rdate: a date-time, or a date (at the start's time of
// day).
func (r *fieldReader) instant(key, v string, e *Event) (time.Time, bool) {
	t, dateOnly, err := ParseDate(v, r.loc)
	if err != nil {
		r.errorf(key, dateWant, "%s %q is not a date", key, v)
		return time.Time{}, false
	}
	t = t.In(r.loc)
	if dateOnly && !e.AllDay {
		h, m, sec := e.Start.Clock()
		t = time.Date(t.Year(), t.Month(), t.Day(), h, m, sec, 0, r.loc)
	}
	return t, true
}

// occurrenceOf reads a date or date-time that names an occurrence of set
// (an exdate, a key of occurrences) and returns its start as the rule
// gives it.
func (r *fieldReader) occurrenceOf(key, v string, set *rrule.Series) (time.Time, bool) {
	t, dateOnly, err := ParseDate(v, r.loc)
	if err != nil {
		r.errorf(key, dateWant, "%s %q is not a date", key, v)
		return time.Time{}, false
	}
	t = t.In(r.loc)
	if dateOnly || set.AllDay {
		if of, ok := set.OnDate(t.Year(), t.Month(), t.Day()); ok {
			return of, true
		}
	} else if set.Contains(t) {
		return t, true
	}
	r.errorf(key, "the date of an occurrence of the rule, such as "+nextDates(set), "%s %s is not an occurrence of the series", key, v)
	return time.Time{}, false
}

// nextDates lists the first occurrences of set, for error messages.
func nextDates(set *rrule.Series) string {
	var ds []string
	for _, o := range set.All(3) {
		ds = append(ds, o.Of.Format(time.DateOnly))
	}
	return strings.Join(ds, ", ")
}

// change reads one entry of occurrences.
func (r *fieldReader) change(key string, v any, set *rrule.Series, e *Event) (Change, bool) {
	of, ok := r.occurrenceOf("occurrences", key, set)
	if !ok {
		return Change{}, false
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.errorf("occurrences", "what differs, such as "+key+": {status: cancelled}", "occurrences: %s is not a map of what differs", key)
		return Change{}, false
	}
	c := Change{Of: of}
	str := func(k string) string {
		switch x := m[k].(type) {
		case nil:
			return ""
		case string:
			return strings.TrimSpace(x)
		case int, int64, float64, bool:
			return fmt.Sprint(x)
		}
		r.errorf("occurrences", "a text", "occurrences: %s: %s is not a text", key, k)
		return ""
	}
	for k := range m {
		if !slices.Contains(occurrenceFields, k) {
			r.errorf("occurrences", strings.Join(occurrenceFields, ", "), "occurrences: %s: unknown field %q", key, k)
		}
	}
	c.Status, c.Title, c.Location, c.Note = str("status"), str("title"), str("location"), str("note")
	switch c.Status {
	case "", "scheduled", "cancelled", "postponed":
	default:
		r.errorf("occurrences", "scheduled, cancelled or postponed", "occurrences: %s: status %q is unknown", key, c.Status)
	}
	if o := str("online"); o != "" {
		if !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") {
			r.errorf("occurrences", "an absolute URL such as https://example.org/visio", "occurrences: %s: online %q is not an http(s) URL", key, o)
		}
		c.Online = o
	}
	for _, f := range []struct {
		name string
		to   *time.Time
	}{{"start", &c.Start}, {"end", &c.End}} {
		s := str(f.name)
		if s == "" {
			continue
		}
		t, dateOnly, err := ParseDate(s, r.loc)
		if err != nil || dateOnly != e.AllDay {
			r.errorf("occurrences", dateWant+", written as the event's start is", "occurrences: %s: %s %q is not a date like the event's start", key, f.name, s)
			continue
		}
		*f.to = t.In(r.loc)
	}
	if c.Start.IsZero() && !c.End.IsZero() {
		r.errorf("occurrences", "start beside end", "occurrences: %s: end without start", key)
	}
	return c, true
}
