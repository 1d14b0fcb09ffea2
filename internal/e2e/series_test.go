package e2e

// A recurring event through the CLI, at the clock of the day the tests run:
// recurring_ical_events expands the site's calendars into exactly the
// occurrences that plain date arithmetic gives (the first Thursday of each
// month at 13:00 in Paris), the pages show the next one, build names it as
// the next change, and each bad input exits 1 naming its file and line.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/catalyseurs/alliance/internal/cli"
)

// seriesFirstThursdays returns the first Thursday of each month at 13:00 in
// loc, for n months from the month of from.
func seriesFirstThursdays(loc *time.Location, from time.Time, n int) []time.Time {
	var out []time.Time
	y, m, _ := from.In(loc).Date()
	for i := range n {
		d := time.Date(y, m+time.Month(i), 1, 13, 0, 0, 0, loc)
		for d.Weekday() != time.Thursday {
			d = d.AddDate(0, 0, 1)
		}
		out = append(out, d)
	}
	return out
}

type seriesCase struct {
	now              time.Time
	all              []time.Time // the rule's occurrences
	cancelled, moved time.Time   // two of them, after now
	movedTo          time.Time
	src, dest        string
	stdout, stderr   string
	code             int
}

// seriesSite writes a site whose one event is a series of 30 monthly
// occurrences that started three months ago, with the 2nd occurrence after
// now cancelled and the 4th moved, and builds it with the CLI.
func seriesSite(t *testing.T) *seriesCase {
	t.Helper()
	loc := fcParis(t)
	c := &seriesCase{now: time.Now()}
	c.all = seriesFirstThursdays(loc, c.now.AddDate(0, -3, 0), 30)
	var after []time.Time
	for _, o := range c.all {
		if o.Add(time.Hour).After(c.now) {
			after = append(after, o)
		}
	}
	c.cancelled, c.moved = after[1], after[3]
	c.movedTo = time.Date(c.moved.Year(), c.moved.Month(), c.moved.Day()+7, 10, 0, 0, 0, loc)
	last := c.all[len(c.all)-1]
	c.src = t.TempDir()
	hostileWrite(t, c.src, map[string]string{
		"site.yaml": "title: \"Réseau d'essai\"\nbaseURL: \"https://essai.example/\"\ntimezone: Europe/Paris\n",
		"content/evenements/jeudis.md": fmt.Sprintf(`---
title: "Les Jeudis"
start: %s
end: %s
rrule: "FREQ=MONTHLY;BYDAY=1TH;UNTIL=%s"
lastmod: 2026-01-05T10:00:00+01:00
occurrences:
  %s:
    status: cancelled
    note: "Pas de séance ce mois-ci."
  %s:
    start: %s
    end: %s
    location: "Lille, salle 3"
online: "https://essai.example/visio"
---
Chaque premier jeudi du mois.
`, c.all[0].Format("2006-01-02T15:04"), c.all[0].Add(time.Hour).Format("2006-01-02T15:04"), last.Format("20060102"),
			c.cancelled.Format(time.DateOnly), c.moved.Format(time.DateOnly),
			c.movedTo.Format("2006-01-02T15:04"), c.movedTo.Add(time.Hour).Format("2006-01-02T15:04")),
	})
	c.dest = filepath.Join(t.TempDir(), "public")
	var out, errOut bytes.Buffer
	c.code = cli.Run(context.Background(), []string{"build", "-s", c.src, "-d", c.dest}, &out, &errOut)
	c.stdout, c.stderr = out.String(), errOut.String()
	if c.code != cli.ExitOK {
		t.Fatalf("build: exit %d\n%s%s", c.code, c.stdout, c.stderr)
	}
	return c
}

// seriesNext is the first occurrence not ended at now and not cancelled,
// at its (moved) time.
func (c *seriesCase) next() (time.Time, time.Time) {
	for _, o := range c.all {
		start := o
		if o.Equal(c.cancelled) {
			continue
		}
		if o.Equal(c.moved) {
			start = c.movedTo
		}
		if start.Add(time.Hour).After(c.now) {
			return start, start.Add(time.Hour)
		}
	}
	return time.Time{}, time.Time{}
}

const seriesPython = `
import sys, json, datetime
import icalendar, recurring_ical_events
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
tzids = sorted(str(c['TZID']) for c in cal.walk('VTIMEZONE'))
used = set()
for c in cal.walk('VEVENT'):
    for k in ('DTSTART', 'DTEND', 'RECURRENCE-ID', 'EXDATE', 'RDATE'):
        v = c.get(k)
        for p in (v if isinstance(v, list) else [v]):
            if p is not None and 'TZID' in p.params:
                used.add(str(p.params['TZID']))
start = datetime.datetime.fromisoformat(sys.argv[2])
end = datetime.datetime.fromisoformat(sys.argv[3])
for e in recurring_ical_events.of(cal).between(start, end):
    print(json.dumps({"start": e['DTSTART'].dt.isoformat(), "end": e['DTEND'].dt.isoformat(),
        "status": str(e.get('STATUS', '')), "location": str(e.get('LOCATION', ''))}))
print(json.dumps({"tzids": tzids, "used": sorted(used)}))
`

func seriesRICE(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(name); err == nil && exec.Command(p, "-c", "import icalendar, recurring_ical_events").Run() == nil {
			return p
		}
	}
	missing(t, "no python3 with icalendar and recurring_ical_events (Debian: python3-icalendar, python3-recurring-ical-events)")
	return ""
}

// TestSeriesCalendars has recurring_ical_events expand calendar.ics and
// event.ics over the series' whole span: every occurrence at 13:00 Paris
// time on both sides of each time change, the cancelled one there with
// STATUS:CANCELLED (RFC 5545's cancelled instance), the moved one at its
// new time and place, and a VTIMEZONE for each TZID.
func TestSeriesCalendars(t *testing.T) {
	py := seriesRICE(t)
	c := seriesSite(t)
	var want []string
	for _, o := range c.all {
		switch {
		case o.Equal(c.cancelled):
			want = append(want, o.Format(time.RFC3339)+" "+o.Add(time.Hour).Format(time.RFC3339)+" CANCELLED https://essai.example/visio")
		case o.Equal(c.moved):
			want = append(want, c.movedTo.Format(time.RFC3339)+" "+c.movedTo.Add(time.Hour).Format(time.RFC3339)+" CONFIRMED Lille, salle 3")
		default:
			want = append(want, o.Format(time.RFC3339)+" "+o.Add(time.Hour).Format(time.RFC3339)+" CONFIRMED https://essai.example/visio")
		}
	}
	slices.Sort(want)
	from, to := c.all[0].AddDate(0, 0, -1), c.all[len(c.all)-1].AddDate(0, 1, 0)
	for _, name := range []string{"evenements/calendar.ics", "evenements/jeudis/event.ics"} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		out, err := exec.CommandContext(ctx, py, "-c", seriesPython, filepath.Join(c.dest, name), from.Format(time.RFC3339), to.Format(time.RFC3339)).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("%s: recurring_ical_events: %v\n%s", name, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		var got []string
		for _, l := range lines[:len(lines)-1] {
			var e struct{ Start, End, Status, Location string }
			if err := json.Unmarshal([]byte(l), &e); err != nil {
				t.Fatal(err)
			}
			st, _ := time.Parse(time.RFC3339, e.Start)
			en, _ := time.Parse(time.RFC3339, e.End)
			got = append(got, st.In(fcParis(t)).Format(time.RFC3339)+" "+en.In(fcParis(t)).Format(time.RFC3339)+" "+e.Status+" "+e.Location)
		}
		slices.Sort(got) // overrides come after the series
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: recurring_ical_events gives\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		var zones struct{ TZIDs, Used []string }
		json.Unmarshal([]byte(lines[len(lines)-1]), &zones)
		if strings.Join(zones.TZIDs, ",") != "Europe/Paris" || strings.Join(zones.Used, ",") != "Europe/Paris" {
			t.Errorf("%s: VTIMEZONEs %v for TZIDs %v, want Europe/Paris for both", name, zones.TZIDs, zones.Used)
		}
	}
}

// TestSeriesPages checks that the series page, the events list and the
// home page show the next occurrence, and that build names it (its start,
// or its end when it is under way) as the next change.
func TestSeriesPages(t *testing.T) {
	c := seriesSite(t)
	start, end := c.next()
	change := start
	if !start.After(c.now) {
		change = end
	}
	if want := "next change by itself: " + change.Format("2006-01-02 15:04 MST"); !strings.Contains(c.stdout, want) {
		t.Errorf("build says\n%s\nwant %q", c.stdout, want)
	}
	nextAttr := `datetime="` + strings.ReplaceAll(start.Format(time.RFC3339), "+", "&#43;") + `"`
	page := string(fcRead(t, c.dest, "evenements/jeudis/index.html"))
	lead := page[strings.Index(page, `class="series-next"`):]
	lead = lead[:strings.Index(lead, "</div>")]
	if i := strings.Index(lead, "<p"); i < 0 || !strings.Contains(lead[i:strings.Index(lead, "</p>")], nextAttr) || strings.Contains(lead[i:strings.Index(lead, "</p>")], " hidden") {
		t.Errorf("the series page's lead does not show %s first:\n%s", start, lead)
	}
	if !strings.Contains(page, `status-cancelled" data-start="`+strings.ReplaceAll(c.cancelled.Format(time.RFC3339), "+", "&#43;")) {
		t.Errorf("the cancelled occurrence %s is not listed as cancelled", c.cancelled)
	}
	if !strings.Contains(page, "Déplacé") || !strings.Contains(page, "Au lieu du "+frDay(c.moved)) {
		t.Errorf("the moved occurrence is not marked as moved from %s", frDay(c.moved))
	}
	if n := strings.Count(page[strings.Index(page, `data-events="upcoming"`):strings.Index(page, `data-events="past"`)], "<li"); n < 1 || n > 12 {
		t.Errorf("%d coming occurrences listed, want 1 to 12", n)
	}
	for _, name := range []string{"evenements/index.html", "index.html"} {
		html := string(fcRead(t, c.dest, name))
		up := html[strings.Index(html, `data-events="upcoming"`):]
		up = up[:strings.Index(up, "</ol>")]
		if !strings.Contains(up, "Les Jeudis") || !strings.Contains(up, nextAttr) {
			t.Errorf("%s: the upcoming events do not show the series at %s:\n%s", name, start, up)
		}
	}
}

// frDay is a date as the pages write it.
func frDay(t time.Time) string {
	days := []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	d := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		d = "1er"
	}
	return fmt.Sprintf("%s %s %s %d", days[t.Weekday()], d, months[t.Month()-1], t.Year())
}

// TestSeriesBadInput: each bad series exits 1 naming the file and the line
// of the field at fault, and leaves DEST as it was.
func TestSeriesBadInput(t *testing.T) {
	head := "---\ntitle: \"Série\"\nonline: \"https://essai.example/visio\"\nstart: 2027-01-07T13:00\nend: 2027-01-07T14:00\n" // rrule etc. on line 6
	for _, tc := range []struct {
		name, fields, want string
	}{
		{"rule that does not parse", "rrule: \"FREQ=MONTHLY;BYDAY=1XX\"\n", "jeudis.md:6: front matter: rrule \"FREQ=MONTHLY;BYDAY=1XX\": BYDAY=1XX"},
		{"unknown frequency", "rrule: \"FREQ=HOURLY\"\n", "jeudis.md:6:"},
		{"no occurrence", "rrule: \"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\"\n", "jeudis.md:6: front matter: rrule: the rule yields no occurrence"},
		{"count above 1000", "rrule: \"FREQ=DAILY;COUNT=1001\"\n", "jeudis.md:6: front matter: rrule \"FREQ=DAILY;COUNT=1001\": COUNT=1001"},
		{"exdate not an occurrence", "rrule: \"FREQ=MONTHLY;BYDAY=1TH\"\nexdate: [2027-02-11]\n", "jeudis.md:7: front matter: exdate 2027-02-11 is not an occurrence"},
		{"occurrences key not an occurrence", "rrule: \"FREQ=MONTHLY;BYDAY=1TH\"\noccurrences:\n  2027-02-11: {status: cancelled}\n", "jeudis.md:7: front matter: occurrences 2027-02-11 is not an occurrence"},
		{"start not the first occurrence", "rrule: \"FREQ=MONTHLY;BYDAY=2TH\"\n", "jeudis.md:4: front matter: start:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := t.TempDir()
			hostileWrite(t, src, map[string]string{
				"site.yaml":                    "title: \"Réseau d'essai\"\nbaseURL: \"https://essai.example/\"\n",
				"content/evenements/jeudis.md": head + tc.fields + "---\nTexte.\n",
			})
			dest := filepath.Join(t.TempDir(), "public")
			if err := os.MkdirAll(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dest, "keep.txt"), []byte("avant"), 0o644)
			var out, errOut bytes.Buffer
			code := cli.Run(context.Background(), []string{"build", "-s", src, "-d", dest}, &out, &errOut)
			if code != cli.ExitSite || !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and %q", code, errOut.String(), tc.want)
			}
			entries, _ := os.ReadDir(dest)
			if b, _ := os.ReadFile(filepath.Join(dest, "keep.txt")); len(entries) != 1 || string(b) != "avant" {
				t.Errorf("DEST changed: %d entries", len(entries))
			}
		})
	}
}
