package rrule

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// FuzzParse checks that a rule that parses prints as text that parses to
// the same rule (and prints the same again), that an error is an *Error,
// and that expanding the rule from any start ends, gives strictly
// increasing starts, each of which Contains accepts.
func FuzzParse(f *testing.F) {
	for _, c := range pyCases {
		f.Add(c.rule, uint16(0), uint8(13), false)
	}
	f.Add("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", uint16(3), uint8(0), false)
	f.Add("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;UNTIL=20270630", uint16(400), uint8(2), true)
	f.Add("RRULE:freq=weekly;interval=2;byday=tu,su;wkst=su", uint16(40), uint8(23), false)
	f.Add("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;BYSETPOS=1", uint16(9000), uint8(2), false)
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, offset uint16, hour uint8, allDay bool) {
		r, err := Parse(text)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q): %T %v, want an *Error", text, err, err)
			}
			return
		}
		s := r.String()
		r2, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", text, s, err)
		}
		if !reflect.DeepEqual(r, r2) {
			t.Fatalf("Parse(%q) = %+v, Parse(String()) = %+v", text, r, r2)
		}
		if s2 := r2.String(); s2 != s {
			t.Fatalf("String() not stable: %q then %q", s, s2)
		}
		start := time.Date(2026, 1, 1, int(hour%24), 30, 0, 0, loc).AddDate(0, 0, int(offset))
		series := &Series{Start: start, AllDay: allDay, Loc: loc, Rule: r}
		var prev time.Time
		for i, o := range series.All(60) {
			if i > 0 && !o.Start.After(prev) {
				t.Fatalf("%s from %v: occurrence %d at %v, not after %v", s, start, i, o.Start, prev)
			}
			if o.Start.Before(start) && !allDay {
				t.Fatalf("%s from %v: occurrence %d at %v, before the start", s, start, i, o.Start)
			}
			if !series.Contains(o.Start) {
				t.Fatalf("%s from %v: occurrence %d at %v, which Contains denies", s, start, i, o.Start)
			}
			prev = o.Start
		}
		_ = series.Check() // ends, whatever it says
		if text := series.RuleText(); text != "" {
			if _, err := Parse(text); err != nil {
				t.Fatalf("RuleText %q does not parse: %v", text, err)
			}
		}
	})
}
