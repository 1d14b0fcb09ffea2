package rrule

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// python returns a Python interpreter that has the modules named in
// imports, or skips the test (fails it with ALLIANCE_REQUIRE_TOOLS=1).
// Debian's python3-dateutil is only seen by /usr/bin/python3 when another
// python3 (pyenv) comes first in PATH, so that one is tried first.
func python(t *testing.T, imports string) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import "+imports).Run() == nil {
			return path
		}
	}
	if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
		t.Fatalf("python3 with %s is required (ALLIANCE_REQUIRE_TOOLS=1; Debian: python3-dateutil)", imports)
	}
	t.Skipf("no python3 with %s (Debian: python3-dateutil)", imports)
	return ""
}

// dateutilScript expands each case with python-dateutil's rrule (and
// rruleset for EXDATE and RDATE), its start in the zone given, with
// zoneinfo, and prints the occurrences as UTC date-times, or dates for
// all-day cases.
const dateutilScript = `
import sys, json, itertools, datetime, zoneinfo
from dateutil.rrule import rrulestr, rruleset
utc = datetime.timezone.utc
out = []
for c in json.load(sys.stdin):
    tz = zoneinfo.ZoneInfo(c["zone"])
    y, mo, d, h, mi, s = c["start"]
    if c["allday"]:
        start = datetime.datetime(y, mo, d)
        parse = lambda v: datetime.datetime.strptime(v, "%Y%m%d")
        show = lambda t: t.strftime("%Y%m%d")
    else:
        start = datetime.datetime(y, mo, d, h, mi, s, tzinfo=tz)
        parse = lambda v: datetime.datetime.strptime(v, "%Y%m%dT%H%M%SZ").replace(tzinfo=utc)
        show = lambda t: t.astimezone(utc).strftime("%Y%m%dT%H%M%SZ")
    rule = rrulestr(c["rule"], dtstart=start)
    if c["exdates"] or c["rdates"]:
        rs = rruleset()
        rs.rrule(rule)
        for v in c["exdates"]:
            rs.exdate(parse(v))
        for v in c["rdates"]:
            rs.rdate(parse(v))
        rule = rs
    out.append([show(t) for t in itertools.islice(rule, c["limit"])])
json.dump(out, sys.stdout)
`

type pyCase struct {
	name    string
	zone    string
	start   string // local wall clock, "2006-01-02 15:04" or "2006-01-02" (all-day)
	rule    string
	limit   int
	exdates []string // as the iCalendar value: UTC date-times, or dates
	rdates  []string
}

// pyCases holds every rule part, ordinals, negative BYMONTHDAY, BYSETPOS,
// leap years, the 29th to 31st, WKST changing the result, DST both ways,
// INTERVAL, COUNT and UNTIL in each form, all-day series, rules that never
// match, and starts that are not an occurrence (dateutil then leaves the
// start out, and so does the rule iterator; Series.Check refuses them).
var pyCases = []pyCase{
	{name: "jeudis ODD 17", start: "2027-01-14 13:00", rule: "FREQ=MONTHLY;BYDAY=2TH"},
	{name: "2nd Thursday until a date", start: "2027-01-14 13:00", rule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20280610"},
	{name: "1st Thursday until UTC", start: "2027-01-07 13:00", rule: "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270610T110000Z"},
	{name: "1st Thursday until local", start: "2027-01-07 13:00", rule: "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270610T130000"},
	{name: "last Friday", start: "2027-01-29 18:30", rule: "FREQ=MONTHLY;BYDAY=-1FR"},
	{name: "second to last Monday", start: "2027-01-18 09:00", rule: "FREQ=MONTHLY;BYDAY=-2MO;COUNT=20"},
	{name: "1st and 3rd Monday", start: "2027-01-04 09:00", rule: "FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=30"},
	{name: "5th Thursday", start: "2027-04-29 13:00", rule: "FREQ=MONTHLY;BYDAY=5TH;COUNT=12"},
	{name: "last day of the month", start: "2027-01-31 10:00", rule: "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=26"},
	{name: "31st skips short months", start: "2027-01-31 10:00", rule: "FREQ=MONTHLY;COUNT=14"},
	{name: "30th skips February", start: "2027-01-30 10:00", rule: "FREQ=MONTHLY;BYMONTHDAY=30;COUNT=14"},
	{name: "29th and a leap February", start: "2027-01-29 10:00", rule: "FREQ=MONTHLY;BYMONTHDAY=29;COUNT=30"},
	{name: "1st, 15th and last", start: "2027-01-01 08:00", rule: "FREQ=MONTHLY;BYMONTHDAY=1,15,-1;COUNT=40"},
	{name: "third to last day", start: "2027-01-29 08:00", rule: "FREQ=MONTHLY;BYMONTHDAY=-3;COUNT=24"},
	{name: "Tuesdays every other month", start: "2027-01-05 19:00", rule: "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU;COUNT=40"},
	{name: "quarterly", start: "2027-01-15 10:00", rule: "FREQ=MONTHLY;INTERVAL=3;COUNT=10"},
	{name: "last workday", start: "2027-01-29 17:00", rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=24"},
	{name: "first and last workday", start: "2027-01-01 17:00", rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1;COUNT=24"},
	{name: "Friday the 13th", start: "2027-08-13 20:00", rule: "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;COUNT=10"},
	{name: "second weekend day", start: "2027-01-03 11:00", rule: "FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=2;COUNT=20"},
	{name: "January and July, 1st Monday", start: "2027-01-04 09:00", rule: "FREQ=MONTHLY;BYMONTH=1,7;BYDAY=1MO;COUNT=8"},
	{name: "1st Thursday every other month", start: "2027-01-07 13:00", rule: "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TH;COUNT=6"},
	{name: "Feb 29 yearly", start: "2028-02-29 12:00", rule: "FREQ=YEARLY;COUNT=6"},
	{name: "last day of February", start: "2027-02-28 12:00", rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;COUNT=8"},
	{name: "DST Sundays at 02:30", start: "2026-10-25 02:30", rule: "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;COUNT=10"},
	{name: "20th Monday of the year", start: "2027-05-17 09:00", rule: "FREQ=YEARLY;BYDAY=20MO;COUNT=8"},
	{name: "last Sunday of the year", start: "2027-12-26 09:00", rule: "FREQ=YEARLY;BYDAY=-1SU;COUNT=8"},
	{name: "Mondays of January", start: "2027-01-04 09:00", rule: "FREQ=YEARLY;BYMONTH=1;BYDAY=MO;COUNT=20"},
	{name: "4th Thursday of November", start: "2027-11-25 12:00", rule: "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=8"},
	{name: "yearly 1st of each month", start: "2027-01-01 09:00", rule: "FREQ=YEARLY;BYMONTHDAY=1;COUNT=30"},
	{name: "Feb 29 every 4 years", start: "2028-02-29 09:00", rule: "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29;COUNT=5"},
	{name: "Feb 29 on a Tuesday (sparse)", start: "2028-02-29 09:00", rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TU;COUNT=5"},
	{name: "3rd Monday or Tuesday of the year", start: "2027-01-11 09:00", rule: "FREQ=YEARLY;BYDAY=MO,TU;BYSETPOS=3;COUNT=6"},
	{name: "yearly until a date", start: "2027-06-21 21:00", rule: "FREQ=YEARLY;UNTIL=20310621"},
	{name: "Monday Wednesday Friday", start: "2027-03-22 07:30", rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=30"},
	{name: "RFC example WKST=MO", start: "1997-08-05 09:00", zone: "America/New_York", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"},
	{name: "RFC example WKST=SU", start: "1997-08-05 09:00", zone: "America/New_York", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"},
	{name: "WKST=MO picks Monday", start: "2027-03-01 10:00", rule: "FREQ=WEEKLY;BYDAY=SU,MO;BYSETPOS=1;COUNT=8"},
	{name: "WKST=SU picks Sunday", start: "2027-02-28 10:00", rule: "FREQ=WEEKLY;BYDAY=SU,MO;BYSETPOS=1;WKST=SU;COUNT=8"},
	{name: "fortnightly", start: "2027-03-18 13:00", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=26"},
	{name: "Tuesdays of March and April", start: "2027-03-02 18:00", rule: "FREQ=WEEKLY;BYDAY=TU;BYMONTH=3,4;COUNT=20"},
	{name: "last workday of the week", start: "2027-03-26 17:00", rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=10"},
	{name: "weekly until local", start: "2027-03-04 13:00", rule: "FREQ=WEEKLY;UNTIL=20270624T130000"},
	{name: "daily across spring gap", start: "2027-03-25 02:30", rule: "FREQ=DAILY;COUNT=6"},
	{name: "daily across autumn overlap", start: "2027-10-29 02:30", rule: "FREQ=DAILY;COUNT=6"},
	{name: "daily 13:00 across both changes", start: "2027-03-20 13:00", rule: "FREQ=DAILY;UNTIL=20271105"},
	{name: "every third day until", start: "2027-01-01 12:00", rule: "FREQ=DAILY;INTERVAL=3;UNTIL=20270401"},
	{name: "daily Mondays and Fridays", start: "2027-01-01 12:00", rule: "FREQ=DAILY;BYDAY=MO,FR;COUNT=30"},
	{name: "daily first and last of month", start: "2027-01-01 12:00", rule: "FREQ=DAILY;BYMONTHDAY=1,-1;COUNT=30"},
	{name: "daily Feb 29, start not an occurrence", start: "2027-01-01 12:00", rule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=3"},
	{name: "start not an occurrence", start: "2027-01-13 13:00", rule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=5"},
	{name: "until before start", start: "2027-01-14 13:00", rule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20261231"},
	{name: "never matches", start: "2027-01-14 13:00", rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"},
	{name: "New York 2nd Sunday 02:30", zone: "America/New_York", start: "2027-01-10 02:30", rule: "FREQ=MONTHLY;BYDAY=2SU;COUNT=14"},
	{name: "New York 1st Sunday 01:30", zone: "America/New_York", start: "2027-01-03 01:30", rule: "FREQ=MONTHLY;BYDAY=1SU;COUNT=14"},
	{name: "Sydney weekly 02:30", zone: "Australia/Sydney", start: "2027-03-07 02:30", rule: "FREQ=WEEKLY;BYDAY=SU;COUNT=40"},
	{name: "all-day 1st Thursday", start: "2027-01-07", rule: "FREQ=MONTHLY;BYDAY=1TH;COUNT=12"},
	{name: "all-day Feb 29", start: "2028-02-29", rule: "FREQ=YEARLY;COUNT=4"},
	{name: "all-day weekly until", start: "2027-01-05", rule: "FREQ=WEEKLY;UNTIL=20270630"},
	{name: "all-day daily until UTC", start: "2027-03-01", rule: "FREQ=DAILY;UNTIL=20270310T230000Z"},
	{name: "exdate and rdate", start: "2027-01-14 13:00", rule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=12",
		exdates: []string{"20270311T120000Z", "20271014T110000Z"}, rdates: []string{"20270318T120000Z", "20271231T120000Z"}},
	{name: "all-day exdate and rdate", start: "2027-01-07", rule: "FREQ=MONTHLY;BYDAY=1TH;COUNT=6",
		exdates: []string{"20270204"}, rdates: []string{"20270210"}},
}

// TestDateutil expands every case here and with python-dateutil and
// compares every occurrence.
func TestDateutil(t *testing.T) {
	py := python(t, "dateutil, zoneinfo")
	type input struct {
		Zone    string   `json:"zone"`
		Start   [6]int   `json:"start"`
		AllDay  bool     `json:"allday"`
		Rule    string   `json:"rule"`
		Limit   int      `json:"limit"`
		ExDates []string `json:"exdates"`
		RDates  []string `json:"rdates"`
	}
	var in []input
	var want [][]string
	for _, c := range pyCases {
		zone := c.zone
		if zone == "" {
			zone = "Europe/Paris"
		}
		s, limit := pySeries(t, c, zone)
		if c.limit > 0 {
			limit = c.limit
		}
		w := s.Start.In(s.Loc)
		in = append(in, input{Zone: zone, Start: [6]int{w.Year(), int(w.Month()), w.Day(), w.Hour(), w.Minute(), w.Second()},
			AllDay: s.AllDay, Rule: s.RuleText(), Limit: limit, ExDates: orEmpty(c.exdates), RDates: orEmpty(c.rdates)})
		want = append(want, goOccurrences(t, c, s, limit))
	}
	if len(pyCases) < 40 {
		t.Errorf("only %d cases", len(pyCases))
	}
	body, _ := json.Marshal(in)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", dateutilScript)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.String())
	}
	var got [][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python output: %v\n%s", err, out)
	}
	for i, c := range pyCases {
		if strings.Join(got[i], " ") != strings.Join(want[i], " ") {
			t.Errorf("%s: %s from %s:\n go:       %v\n dateutil: %v", c.name, in[i].Rule, c.start, want[i], got[i])
		}
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// pySeries builds the series of a case; limit is how many occurrences to
// compare.
func pySeries(t *testing.T, c pyCase, zone string) (*Series, int) {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse(c.rule)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	s := &Series{Loc: loc, Rule: r}
	if len(c.start) == len("2006-01-02") {
		s.AllDay = true
		d, err := time.ParseInLocation(time.DateOnly, c.start, loc)
		if err != nil {
			t.Fatal(err)
		}
		s.Start = d
	} else {
		w, err := time.Parse("2006-01-02 15:04", c.start)
		if err != nil {
			t.Fatal(err)
		}
		s.Start = resolve(dayIn(w), clockOf(w), loc) // the first of two ambiguous times, as dateutil's fold=0
		if s.Start.In(loc).Format("2006-01-02 15:04") != c.start {
			t.Fatalf("%s: the start %s does not exist in %s", c.name, c.start, zone)
		}
	}
	parse := func(v string) time.Time {
		layout := "20060102T150405Z"
		if s.AllDay {
			layout = "20060102"
		}
		x, err := time.ParseInLocation(layout, v, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, v := range c.exdates {
		s.ExDates = append(s.ExDates, parse(v))
	}
	for _, v := range c.rdates {
		s.RDates = append(s.RDates, parse(v))
	}
	return s, 60
}

// goOccurrences expands a case here: with the rule iterator alone (which,
// like dateutil, leaves out a start that is not an occurrence), and, for a
// series that passes Check, with Series.All too, which must agree.
func goOccurrences(t *testing.T, c pyCase, s *Series, limit int) []string {
	t.Helper()
	show := func(x time.Time) string {
		if s.AllDay {
			return x.Format("20060102")
		}
		return x.UTC().Format("20060102T150405Z")
	}
	var out []string
	if err := s.Check(); err == nil {
		for _, o := range s.All(limit) {
			out = append(out, show(o.Start))
		}
		if o, ok := s.Last(); ok != !s.Infinite() || ok && len(out) < limit && show(o.Start) != out[len(out)-1] {
			t.Errorf("%s: Last() = %v, %v; want the last of %v", c.name, o.Start, ok, out)
		}
		return orEmpty(out)
	} else if len(c.exdates)+len(c.rdates) > 0 {
		t.Fatalf("%s: %v", c.name, err)
	}
	it := newExpander(s.Rule, s.Start, s.Loc, s.AllDay).iter()
	for len(out) < limit {
		_, x, ok := it.next()
		if !ok {
			break
		}
		out = append(out, show(x))
	}
	return orEmpty(out)
}
