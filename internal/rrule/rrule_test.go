package rrule

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustParse(t testing.TB, s string) *Rule {
	t.Helper()
	r, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want: String() of the result
		rule     *Rule  // when given, the whole parsed rule
	}{
		{in: "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630", want: "FREQ=MONTHLY;UNTIL=20270630;BYDAY=1TH",
			rule: &Rule{Freq: Monthly, Interval: 1, Until: Until{Form: UntilDate, Wall: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)},
				ByDay: []Weekday{{N: 1, Day: time.Thursday}}, WeekStart: time.Monday}},
		{in: "RRULE:freq=weekly;interval=2;byday=tu,su;wkst=su", want: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU"},
		{in: " FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;WKST=MO ", want: "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU"},
		{in: "FREQ=MONTHLY;BYDAY=+2TH;COUNT=1000", want: "FREQ=MONTHLY;COUNT=1000;BYDAY=2TH"},
		{in: "FREQ=MONTHLY;BYMONTHDAY=-1,+15;INTERVAL=1", want: "FREQ=MONTHLY;BYMONTHDAY=-1,15"},
		{in: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", want: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"},
		{in: "FREQ=DAILY;UNTIL=20270630T110000Z", want: "FREQ=DAILY;UNTIL=20270630T110000Z",
			rule: &Rule{Freq: Daily, Interval: 1, Until: Until{Form: UntilUTC, Wall: time.Date(2027, 6, 30, 11, 0, 0, 0, time.UTC)}, WeekStart: time.Monday}},
		{in: "FREQ=DAILY;UNTIL=20270630T130000", want: "FREQ=DAILY;UNTIL=20270630T130000"},
		{in: "FREQ=YEARLY;BYDAY=20MO", want: "FREQ=YEARLY;BYDAY=20MO"},
		{in: "FREQ=YEARLY;BYDAY=-53FR", want: "FREQ=YEARLY;BYDAY=-53FR"},
	} {
		r, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := r.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
		if tc.rule != nil && !reflect.DeepEqual(r, tc.rule) {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, r, tc.rule)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		in, part, msg string
	}{
		{"", "", "empty rule"},
		{"BYDAY=MO", "", "FREQ is required"},
		{"FREQ=MONTHLY;BYDAY=1XX", "BYDAY=1XX", "XX is not a day"},
		{"FREQ=MONTHLY;BYDAY=1TH,", "BYDAY=1TH,", "empty item"},
		{"FREQ=MONTHLY;BYDAY=0TH", "BYDAY=0TH", "0 is not allowed"},
		{"FREQ=MONTHLY;BYDAY=6TH", "BYDAY=6TH", "at most 5"},
		{"FREQ=YEARLY;BYMONTH=3;BYDAY=-6SU", "BYDAY=-6SU", "at most 5"},
		{"FREQ=YEARLY;BYDAY=54MO", "BYDAY=54MO", "1 to 53"},
		{"FREQ=WEEKLY;BYDAY=1MO", "BYDAY=1MO", "needs FREQ=MONTHLY or FREQ=YEARLY"},
		{"FREQ=MONTHLY;BYDAY=MO,1TU", "BYDAY=MO,1TU", "mixing"},
		{"FREQ=HOURLY", "FREQ=HOURLY", "not supported"},
		{"FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY", "unknown frequency"},
		{"FREQ=DAILY;FREQ=DAILY", "FREQ=DAILY", "given twice"},
		{"FREQ=DAILY;COUNT=1001", "COUNT=1001", "more than 1000"},
		{"FREQ=DAILY;COUNT=0", "COUNT=0", "out of range"},
		{"FREQ=DAILY;COUNT=-3", "COUNT=-3", "not a whole number"},
		{"FREQ=DAILY;COUNT=99999999999999999999", "COUNT=99999999999999999999", "not a whole number"},
		{"FREQ=DAILY;COUNT=3;UNTIL=20270101", "UNTIL=20270101", "COUNT and UNTIL together"},
		{"FREQ=DAILY;UNTIL=2027-06-30", "UNTIL=2027-06-30", "not a date"},
		{"FREQ=DAILY;UNTIL=20270230", "UNTIL=20270230", "no such date"},
		{"FREQ=DAILY;UNTIL=20270630T250000Z", "UNTIL=20270630T250000Z", "no such date"},
		{"FREQ=DAILY;INTERVAL=0", "INTERVAL=0", "out of range"},
		{"FREQ=DAILY;INTERVAL=1001", "INTERVAL=1001", "out of range"},
		{"FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32", "1 to 31"},
		{"FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0", "1 to 31"},
		{"FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY=3", "FREQ=WEEKLY"},
		{"FREQ=YEARLY;BYMONTH=13", "BYMONTH=13", "1 to 12"},
		{"FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS=1", "needs another BYxxx"},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367", "BYSETPOS=367", "1 to 366"},
		{"FREQ=WEEKLY;WKST=XX", "WKST=XX", "not a day"},
		{"FREQ=DAILY;BYHOUR=9", "BYHOUR=9", "not supported"},
		{"FREQ=DAILY;BYMINUTE=9", "BYMINUTE=9", "not supported"},
		{"FREQ=DAILY;BYSECOND=9", "BYSECOND=9", "not supported"},
		{"FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO=20", "not supported"},
		{"FREQ=YEARLY;BYYEARDAY=100", "BYYEARDAY=100", "not supported"},
		{"FREQ=DAILY;FOO=1", "FOO=1", "unknown rule part"},
		{"FREQ=DAILY;;COUNT=2", "", "expected NAME=VALUE"},
		{"FREQ=DAILY;COUNT", "COUNT", "expected NAME=VALUE"},
		{"FREQ=DAILY;COUNT=", "COUNT=", "empty value"},
	} {
		_, err := Parse(tc.in)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want an *Error", tc.in, err)
			continue
		}
		if e.Part != tc.part || !strings.Contains(e.Msg, tc.msg) {
			t.Errorf("Parse(%q): part %q, msg %q; want part %q and a message with %q", tc.in, e.Part, e.Msg, tc.part, tc.msg)
		}
		if want := "rrule: " + tc.part; tc.part != "" && !strings.HasPrefix(err.Error(), want+": ") {
			t.Errorf("Parse(%q): %q does not start with %q", tc.in, err, want)
		}
	}
}

// TestWallClock checks that a 13:00 series stays at 13:00 in Paris across
// both changes, and the rules for times the changes skip or repeat.
func TestWallClock(t *testing.T) {
	loc := paris(t)
	s := Series{Start: time.Date(2027, 3, 25, 13, 0, 0, 0, loc), End: time.Date(2027, 3, 25, 14, 0, 0, 0, loc), Loc: loc,
		Rule: mustParse(t, "FREQ=DAILY;COUNT=4")}
	want := []string{"2027-03-25T13:00:00+01:00", "2027-03-26T13:00:00+01:00", "2027-03-27T13:00:00+01:00", "2027-03-28T13:00:00+02:00"}
	for i, o := range s.All(10) {
		if got := o.Start.Format(time.RFC3339); got != want[i] {
			t.Errorf("spring %d: %s, want %s", i, got, want[i])
		}
		if o.End.Sub(o.Start) != time.Hour {
			t.Errorf("spring %d: lasts %v", i, o.End.Sub(o.Start))
		}
	}
	s.Start, s.End = time.Date(2027, 10, 29, 13, 0, 0, 0, loc), time.Time{}
	want = []string{"2027-10-29T13:00:00+02:00", "2027-10-30T13:00:00+02:00", "2027-10-31T13:00:00+01:00", "2027-11-01T13:00:00+01:00"}
	for i, o := range s.All(10) {
		if got := o.Start.Format(time.RFC3339); got != want[i] || !o.End.IsZero() {
			t.Errorf("autumn %d: %s (end %v), want %s", i, got, o.End, want[i])
		}
	}
	for _, tc := range []struct {
		date string
		c    clock
		want string
	}{
		{"2027-03-28", 2*3600 + 30*60, "2027-03-28T03:30:00+02:00"}, // skipped: moved forward by the gap
		{"2027-03-28", 2 * 3600, "2027-03-28T03:00:00+02:00"},
		{"2027-03-28", 3 * 3600, "2027-03-28T03:00:00+02:00"},
		{"2027-03-28", 1*3600 + 59*60, "2027-03-28T01:59:00+01:00"},
		{"2027-10-31", 2*3600 + 30*60, "2027-10-31T02:30:00+02:00"}, // repeated: the first
		{"2027-10-31", 3 * 3600, "2027-10-31T03:00:00+01:00"},
		{"2027-10-31", 1*3600 + 59*60, "2027-10-31T01:59:00+02:00"},
	} {
		d, _ := time.Parse(time.DateOnly, tc.date)
		if got := resolve(dayIn(d), tc.c, loc).Format(time.RFC3339); got != tc.want {
			t.Errorf("resolve(%s, %d) = %s, want %s", tc.date, tc.c, got, tc.want)
		}
	}
	// A 24-hour gap: Samoa skipped 30 December 2011.
	apia, err := time.LoadLocation("Pacific/Apia")
	if err != nil {
		t.Skip(err)
	}
	s = Series{Start: time.Date(2011, 12, 28, 10, 0, 0, 0, apia), Loc: apia, Rule: mustParse(t, "FREQ=DAILY;COUNT=5")}
	var days []string
	for _, o := range s.All(10) {
		days = append(days, o.Start.Format("02T15"))
	}
	if got := strings.Join(days, " "); got != "28T10 29T10 31T10 01T10 02T10" {
		t.Errorf("Apia: %s (want the 30th's occurrence merged into the 31st's, counted once)", got)
	}
}

func jeudis(t *testing.T) Series {
	loc := paris(t)
	return Series{
		Start: time.Date(2027, 1, 14, 13, 0, 0, 0, loc), End: time.Date(2027, 1, 14, 14, 0, 0, 0, loc), Loc: loc,
		Rule:    mustParse(t, "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20271231"),
		ExDates: []time.Time{time.Date(2027, 3, 11, 13, 0, 0, 0, loc)},
		RDates:  []time.Time{time.Date(2027, 7, 22, 13, 0, 0, 0, loc)},
		Moves:   []Move{{Of: time.Date(2027, 5, 13, 13, 0, 0, 0, loc), Start: time.Date(2027, 5, 20, 10, 0, 0, 0, loc)}},
	}
}

func starts(os []Occurrence) string {
	var b []string
	for _, o := range os {
		s := o.Start.Format("01-02T15")
		if o.Moved {
			s += "(" + o.Of.Format("01-02") + ")"
		}
		b = append(b, s)
	}
	return strings.Join(b, " ")
}

func TestSeries(t *testing.T) {
	s := jeudis(t)
	loc := s.Loc
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	all := "01-14T13 02-11T13 04-08T13 05-20T10(05-13) 06-10T13 07-08T13 07-22T13 08-12T13 09-09T13 10-14T13 11-11T13 12-09T13"
	if got := starts(s.All(100)); got != all {
		t.Errorf("All:\n got %s\nwant %s", got, all)
	}
	if got := starts(s.All(2)); got != "01-14T13 02-11T13" {
		t.Errorf("All(2) = %s", got)
	}
	if got := starts(s.Between(time.Date(2027, 5, 1, 0, 0, 0, 0, loc), time.Date(2027, 7, 8, 13, 0, 0, 0, loc))); got != "05-20T10(05-13) 06-10T13" {
		t.Errorf("Between = %s", got)
	}
	if o, ok := s.After(time.Date(2027, 2, 11, 13, 0, 0, 0, loc)); !ok || o.Start.Format("01-02") != "04-08" {
		t.Errorf("After(02-11 13:00) = %v, %v (the 03-11 one is cancelled)", o.Start, ok)
	}
	if o, ok := s.Next(time.Date(2027, 2, 11, 13, 30, 0, 0, loc)); !ok || o.Start.Format("01-02") != "02-11" {
		t.Errorf("Next(during 02-11) = %v, %v, want the one under way", o.Start, ok)
	}
	if o, ok := s.Next(time.Date(2027, 2, 11, 14, 0, 0, 0, loc)); !ok || o.Start.Format("01-02") != "04-08" {
		t.Errorf("Next(end of 02-11) = %v, %v", o.Start, ok)
	}
	if o, ok := s.Next(time.Date(2027, 5, 14, 0, 0, 0, 0, loc)); !ok || !o.Moved || o.Start.Format("01-02T15") != "05-20T10" || o.End.Format("15") != "11" {
		t.Errorf("Next(05-14) = %+v, want the moved one, lasting an hour", o)
	}
	if o, ok := s.Last(); !ok || o.Start.Format("01-02") != "12-09" {
		t.Errorf("Last = %v, %v", o.Start, ok)
	}
	if _, ok := s.After(time.Date(2027, 12, 9, 13, 0, 0, 0, loc)); ok {
		t.Error("an occurrence after the last")
	}
	if s.Infinite() {
		t.Error("infinite")
	}
	for _, tc := range []struct {
		t    time.Time
		want bool
	}{
		{time.Date(2027, 3, 11, 13, 0, 0, 0, loc), true}, // cancelled, still the rule's
		{time.Date(2027, 5, 13, 13, 0, 0, 0, loc), true}, // moved, still the rule's
		{time.Date(2027, 7, 22, 13, 0, 0, 0, loc), true}, // RDATE
		{time.Date(2027, 4, 8, 13, 0, 0, 0, loc), true},
		{time.Date(2027, 4, 8, 13, 0, 1, 0, loc), false},
		{time.Date(2027, 4, 8, 12, 0, 0, 0, loc), false},
		{time.Date(2027, 4, 15, 13, 0, 0, 0, loc), false},
		{time.Date(2028, 1, 13, 13, 0, 0, 0, loc), false}, // after UNTIL
		{time.Date(2027, 1, 14, 12, 0, 0, 0, time.UTC), true},
	} {
		if got := s.Contains(tc.t); got != tc.want {
			t.Errorf("Contains(%v) = %v", tc.t, got)
		}
	}
	if at, ok := s.OnDate(2027, 3, 11); !ok || !at.Equal(time.Date(2027, 3, 11, 13, 0, 0, 0, loc)) {
		t.Errorf("OnDate(2027-03-11) = %v, %v", at, ok)
	}
	if at, ok := s.OnDate(2027, 7, 22); !ok || at.Hour() != 13 {
		t.Errorf("OnDate(RDATE) = %v, %v", at, ok)
	}
	if _, ok := s.OnDate(2027, 3, 12); ok {
		t.Error("OnDate(2027-03-12) found one")
	}
	if got, want := s.RuleText(), "FREQ=MONTHLY;UNTIL=20271231T120000Z;BYDAY=2TH"; got != want {
		t.Errorf("RuleText = %s, want %s", got, want)
	}
}

func TestSeriesInfinite(t *testing.T) {
	loc := paris(t)
	s := Series{Start: time.Date(2027, 1, 14, 13, 0, 0, 0, loc), Loc: loc, Rule: mustParse(t, "FREQ=MONTHLY;BYDAY=2TH")}
	if !s.Infinite() {
		t.Error("not infinite")
	}
	if _, ok := s.Last(); ok {
		t.Error("Last of an infinite series")
	}
	// Far from the start, without walking from it.
	from := time.Date(9000, 1, 1, 0, 0, 0, 0, loc)
	if got := starts(s.Between(from, from.AddDate(0, 3, 0))); got != "01-09T13 02-13T13 03-13T13" {
		t.Errorf("Between in 9000: %s", got)
	}
	if _, ok := s.After(time.Date(9999, 12, 31, 0, 0, 0, 0, loc)); ok {
		t.Error("an occurrence after 9999")
	}
	if !s.Contains(time.Date(9000, 2, 13, 13, 0, 0, 0, loc)) {
		t.Error("Contains in 9000")
	}
}

func TestSeriesAllDay(t *testing.T) {
	loc := paris(t)
	s := Series{Start: time.Date(2027, 1, 7, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 8, 0, 0, 0, 0, time.UTC), AllDay: true, Loc: loc,
		Rule:    mustParse(t, "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270601T120000Z"),
		ExDates: []time.Time{time.Date(2027, 2, 4, 0, 0, 0, 0, time.UTC)},
		Moves:   []Move{{Of: time.Date(2027, 3, 4, 0, 0, 0, 0, loc), Start: time.Date(2027, 3, 11, 0, 0, 0, 0, loc)}}}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range s.All(10) {
		got = append(got, o.Start.Format("2006-01-02T15:04Z07:00")+"/"+o.End.Format("01-02"))
	}
	want := "2027-01-07T00:00+01:00/01-08 2027-03-11T00:00+01:00/03-12 2027-04-01T00:00+02:00/04-02 2027-05-06T00:00+02:00/05-07"
	if strings.Join(got, " ") != want {
		t.Errorf("all-day:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if got, want := s.RuleText(), "FREQ=MONTHLY;UNTIL=20270601;BYDAY=1TH"; got != want {
		t.Errorf("RuleText = %s, want %s", got, want)
	}
	// The occurrence of 2027-04-01 lasts until midnight after 04-02.
	if o, ok := s.Next(time.Date(2027, 4, 2, 23, 0, 0, 0, loc)); !ok || o.Start.Day() != 1 {
		t.Errorf("Next(04-02 23:00) = %v, %v", o.Start, ok)
	}
	if o, ok := s.Next(time.Date(2027, 4, 3, 0, 0, 0, 0, loc)); !ok || o.Start.Month() != 5 {
		t.Errorf("Next(04-03) = %v, %v", o.Start, ok)
	}
}

func TestRuleTextUntil(t *testing.T) {
	loc := paris(t)
	for _, tc := range []struct {
		rule  string
		start time.Time
		want  string
	}{
		{"FREQ=WEEKLY;UNTIL=20270630", time.Date(2027, 1, 6, 13, 0, 0, 0, loc), "FREQ=WEEKLY;UNTIL=20270630T110000Z"}, // summer: UTC+2
		{"FREQ=WEEKLY;UNTIL=20271229", time.Date(2027, 1, 6, 13, 0, 0, 0, loc), "FREQ=WEEKLY;UNTIL=20271229T120000Z"}, // winter: UTC+1
		{"FREQ=WEEKLY;UNTIL=20270630T130000", time.Date(2027, 1, 6, 13, 0, 0, 0, loc), "FREQ=WEEKLY;UNTIL=20270630T110000Z"},
		{"FREQ=WEEKLY;UNTIL=20270630T110000Z", time.Date(2027, 1, 6, 13, 0, 0, 0, loc), "FREQ=WEEKLY;UNTIL=20270630T110000Z"},
		{"FREQ=DAILY;UNTIL=20270328", time.Date(2027, 3, 20, 2, 30, 0, 0, loc), "FREQ=DAILY;UNTIL=20270328T013000Z"}, // 02:30 does not exist: 03:30 CEST
		{"FREQ=WEEKLY;COUNT=3", time.Date(2027, 1, 6, 13, 0, 0, 0, loc), "FREQ=WEEKLY;COUNT=3"},
	} {
		s := Series{Start: tc.start, Loc: loc, Rule: mustParse(t, tc.rule)}
		if got := s.RuleText(); got != tc.want {
			t.Errorf("%s from %v: %s, want %s", tc.rule, tc.start, got, tc.want)
		}
		// The occurrence on the UNTIL date is the last one.
		if s.Rule.Until.Form == UntilDate {
			if last, ok := s.Last(); !ok || last.Start.Format("20060102") != s.Rule.Until.String() {
				t.Errorf("%s: last %v, %v", tc.rule, last.Start, ok)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	loc := paris(t)
	start := time.Date(2027, 1, 14, 13, 0, 0, 0, loc)
	base := func(rule string) Series {
		return Series{Start: start, End: start.Add(time.Hour), Loc: loc, Rule: mustParse(t, rule)}
	}
	for _, tc := range []struct {
		name  string
		s     Series
		field string
		index int
		msg   string
		empty bool // wraps ErrNoOccurrence
	}{
		{"never", base("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), "rrule", 0, "never matches", true},
		{"never daily", base("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31"), "rrule", 0, "never matches", true},
		{"never, interval", base("FREQ=MONTHLY;INTERVAL=12;BYMONTH=2"), "rrule", 0, "never matches", true},
		{"never weekly", base("FREQ=WEEKLY;INTERVAL=2;BYMONTH=2;BYDAY=MO;BYSETPOS=5"), "rrule", 0, "never matches", true},
		{"until before start", base("FREQ=MONTHLY;BYDAY=2TH;UNTIL=20261231"), "rrule", 0, "before the start", true},
		{"start not an occurrence", base("FREQ=MONTHLY;BYDAY=3TH"), "start", 0, "the first one is 2027-01-21", false},
		{"exdate", func() Series {
			s := base("FREQ=MONTHLY;BYDAY=2TH")
			s.ExDates = []time.Time{start.AddDate(0, 0, 28), start.AddDate(0, 2, 0)}
			return s
		}(), "exdate", 1, "2027-03-14 13:00 (Sunday) CET is not an occurrence of the series (nearest: 2027-03-11 13:00 (Thursday) CET or 2027-04-08", false},
		{"rdate before", func() Series {
			s := base("FREQ=MONTHLY;BYDAY=2TH")
			s.RDates = []time.Time{start.Add(-time.Hour)}
			return s
		}(), "rdate", 0, "not after the start", false},
		{"rdate of the rule", func() Series {
			s := base("FREQ=MONTHLY;BYDAY=2TH")
			s.RDates = []time.Time{start.AddDate(0, 0, 28)}
			return s
		}(), "rdate", 0, "already an occurrence", false},
		{"move of nothing", func() Series {
			s := base("FREQ=MONTHLY;BYDAY=2TH")
			s.Moves = []Move{{Of: start.AddDate(0, 0, 1), Start: start}}
			return s
		}(), "move", 0, "not an occurrence", false},
		{"move of an exdate", func() Series {
			s := base("FREQ=MONTHLY;BYDAY=2TH")
			s.ExDates = []time.Time{start.AddDate(0, 0, 28)}
			s.Moves = []Move{{Of: start.AddDate(0, 0, 28), Start: start.AddDate(0, 0, 29)}}
			return s
		}(), "move", 0, "also an exdate", false},
		{"end before start", func() Series { s := base("FREQ=DAILY"); s.End = start.Add(-time.Minute); return s }(), "end", 0, "before the start", false},
		{"no zone", Series{Start: start}, "start", 0, "no time zone", false},
		{"second of two times", Series{Start: time.Date(2027, 10, 31, 1, 30, 0, 0, time.UTC), Loc: loc, Rule: mustParse(t, "FREQ=DAILY")},
			"start", 0, "2027-10-31 02:30 (Sunday) CET is the second time the clocks show 02:30 that day", false},
	} {
		err := tc.s.Check()
		var e *SeriesError
		if !errors.As(err, &e) {
			t.Errorf("%s: %v, want a *SeriesError", tc.name, err)
			continue
		}
		if e.Field != tc.field || e.Index != tc.index || !strings.Contains(err.Error(), tc.msg) || errors.Is(err, ErrNoOccurrence) != tc.empty {
			t.Errorf("%s: %q (field %s, index %d), want field %s, index %d, with %q", tc.name, err, e.Field, e.Index, tc.field, tc.index, tc.msg)
		}
	}
	ok := base("FREQ=MONTHLY;BYDAY=2TH;COUNT=3")
	ok.ExDates = []time.Time{start}
	if err := ok.Check(); err != nil {
		t.Errorf("excluding the start: %v", err)
	}
	if got := starts(ok.All(10)); got != "02-11T13 03-11T13" {
		t.Errorf("COUNT counts the excluded start: %s", got)
	}
}

// TestContainsAgreesWithIteration walks rules of every kind and checks
// Contains (which does not walk) on every day around: true exactly on the
// occurrences.
func TestContainsAgreesWithIteration(t *testing.T) {
	for _, c := range pyCases {
		zone := c.zone
		if zone == "" {
			zone = "Europe/Paris"
		}
		s, _ := pySeries(t, c, zone)
		if s.Check() != nil || len(s.RDates) > 0 {
			continue
		}
		occ := map[time.Time]bool{}
		all := s.All(200)
		for _, o := range all {
			occ[o.Start] = true
		}
		last := all[len(all)-1].Start
		w := s.Start.In(s.Loc)
		days := int(last.Sub(s.Start).Hours()/24) + 2
		if len(all) == 200 {
			days -= 2 // more occurrences follow
		}
		for d := 0; d <= days; d++ {
			var at time.Time
			if s.AllDay {
				at = resolve(dayIn(w)+day(d), 0, s.Loc)
			} else {
				at = resolve(dayIn(w)+day(d), clockOf(w), s.Loc)
			}
			if s.Contains(at) != occ[at] {
				t.Errorf("%s: Contains(%v) = %v", c.name, at, !occ[at])
				break
			}
		}
	}
}
