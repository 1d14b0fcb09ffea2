package content

import (
	"strings"
	"testing"
	"time"
)

// seriesPage is an event page of a series with the given fields (line 6 on).
func seriesPage(fields string) map[string]string {
	return map[string]string{"content/evenements/s.md": "---\ntitle: S\nonline: https://e.example/v\nstart: 2026-10-01T13:00\nend: 2026-10-01T14:00\n" + fields + "---\nTexte.\n"}
}

// TestSeriesSchedule checks what a series' page gets at a clock: the
// event at its next occurrence (cancelled ones skipped, moved ones at
// their new time, under way ones kept), the listed dates with the changes
// marked, the past ones latest first, and the next change.
func TestSeriesSchedule(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, paris) }
	const changes = "occurrences:\n  2026-12-03: {status: cancelled, note: Relâche}\n  2027-01-07: {start: 2027-01-14T10:00, location: Lille}\n"
	for _, tc := range []struct {
		name       string
		fields     string
		now        time.Time
		next       time.Time // the event's Start
		upcoming   []string  // Upcoming, as "start status moved"
		past       int
		more       bool
		nextChange time.Time
	}{
		{"before the cancelled one", "rrule: FREQ=MONTHLY;BYDAY=1TH;COUNT=5\n" + changes, at(11, 27, 12), time.Date(2027, 1, 14, 10, 0, 0, 0, paris),
			[]string{"2026-12-03T13:00 cancelled false", "2027-01-14T10:00 scheduled true", "2027-02-04T13:00 scheduled false"}, 2, false, at(12, 3, 13)},
		{"under way", "rrule: FREQ=MONTHLY;BYDAY=1TH;COUNT=5\n", at(11, 5, 13).Add(30 * time.Minute), at(11, 5, 13),
			[]string{"2026-11-05T13:00 scheduled false", "2026-12-03T13:00 scheduled false", "2027-01-07T13:00 scheduled false", "2027-02-04T13:00 scheduled false"}, 1, false, at(11, 5, 14)},
		{"all past", "rrule: FREQ=WEEKLY;COUNT=2\n", at(11, 27, 12), at(10, 8, 13), nil, 2, false, time.Time{}},
		{"horizon and at most 12", "rrule: FREQ=WEEKLY\n", at(10, 1, 12), at(10, 1, 13), nil, 0, true, at(10, 1, 13)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := load(t, seriesPage(tc.fields), Options{Now: tc.now})
			if err != nil {
				t.Fatal(err)
			}
			e := s.Events[0].Event
			if !e.Start.Equal(tc.next) {
				t.Errorf("Start = %v, want %v", e.Start, tc.next)
			}
			sc := e.Schedule
			var got []string
			for _, o := range sc.Upcoming {
				got = append(got, o.Event.Start.Format("2006-01-02T15:04")+" "+o.Event.Status+" "+map[bool]string{true: "true", false: "false"}[o.Moved])
			}
			if tc.upcoming != nil && strings.Join(got, "\n") != strings.Join(tc.upcoming, "\n") {
				t.Errorf("Upcoming\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.upcoming, "\n"))
			}
			if tc.name == "horizon and at most 12" && len(sc.Upcoming) != MaxListed {
				t.Errorf("%d listed, want %d", len(sc.Upcoming), MaxListed)
			}
			if len(sc.Past) != tc.past || sc.More != tc.more {
				t.Errorf("%d past, more %v; want %d, %v", len(sc.Past), sc.More, tc.past, tc.more)
			}
			for i := 1; i < len(sc.Past); i++ {
				if !sc.Past[i].Event.Start.Before(sc.Past[i-1].Event.Start) {
					t.Errorf("past not latest first: %v after %v", sc.Past[i].Event.Start, sc.Past[i-1].Event.Start)
				}
			}
			if !s.NextChange.Equal(tc.nextChange) {
				t.Errorf("NextChange = %v, want %v", s.NextChange, tc.nextChange)
			}
			if up := len(s.Upcoming) == 1; up != !tc.nextChange.IsZero() {
				t.Errorf("listed as upcoming: %v", up)
			}
		})
	}
}

// TestSeriesErrors: each bad series field is an error at its line.
func TestSeriesErrors(t *testing.T) {
	for _, tc := range []struct{ fields, want string }{
		{"rrule: FREQ=MONTHLY;BYDAY=1XX\n", "s.md:6: front matter: rrule \"FREQ=MONTHLY;BYDAY=1XX\": BYDAY=1XX"},
		{"rrule: FREQ=MONTHLY;BYDAY=1TH;COUNT=1001\n", "s.md:6: front matter: rrule \"FREQ=MONTHLY;BYDAY=1TH;COUNT=1001\": COUNT=1001"},
		{"rrule: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\n", "s.md:6: front matter: rrule: the rule yields no occurrence"},
		{"rrule: FREQ=MONTHLY;BYDAY=2TH\n", "s.md:4: front matter: start: "},
		{"rrule: FREQ=MONTHLY;BYDAY=1TH\nexdate: [2026-10-08]\n", "s.md:7: front matter: exdate 2026-10-08 is not an occurrence"},
		{"rrule: FREQ=MONTHLY;BYDAY=1TH\nexdate: [2026-11-05T14:00]\n", "s.md:7: front matter: exdate 2026-11-05T14:00 is not an occurrence"},
		{"rrule: FREQ=MONTHLY;BYDAY=1TH\noccurrences:\n  2026-10-08: {status: cancelled}\n", "s.md:7: front matter: occurrences 2026-10-08 is not an occurrence"},
		{"rrule: FREQ=MONTHLY;BYDAY=1TH\noccurrences:\n  2026-11-05: {status: maybe}\n", "s.md:7: front matter: occurrences: 2026-11-05: status \"maybe\""},
		{"rrule: FREQ=MONTHLY;BYDAY=1TH\noccurrences:\n  2026-11-05: {colour: red}\n", "s.md:7: front matter: occurrences: 2026-11-05: unknown field \"colour\""},
		{"rrule: FREQ=MONTHLY;BYDAY=1TH\nexdate: [2026-11-05]\noccurrences:\n  2026-11-05: {title: X}\n", "s.md:8: front matter: occurrences: 2026-11-05 is also an exdate"},
		{"exdate: [2026-11-05]\n", "s.md:6: front matter: exdate without rrule or rdate"},
		{"rrule: FREQ=MONTHLY;BYDAY=1TH\nrdate: [2026-09-01]\n", "s.md:7: front matter: rdate: "},
	} {
		_, err := load(t, seriesPage(tc.fields), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v\nwant %q", tc.fields, err, tc.want)
		}
	}
}
