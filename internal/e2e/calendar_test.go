package e2e

// iCalendar files of built sites, read by github.com/arran4/golang-ical and
// Python's icalendar, and the event pages that link to them. The small test
// site (fcTestSite, in feeds_test.go) has events on both sides of the 2026
// DST changes in Europe/Paris.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// calFiles lists the calendars of a built site: evenements/calendar.ics,
// then every evenements/SLUG/event.ics.
func calFiles(t testing.TB, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "evenements", "*", "event.ics"))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"evenements/calendar.ics"}
	for _, f := range m {
		rel, _ := filepath.Rel(dir, f)
		files = append(files, filepath.ToSlash(rel))
	}
	sort.Strings(files[1:])
	return files
}

// calEventPages returns the permalinks of the event pages of a built site.
func calEventPages(t testing.TB, dir, base string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "evenements", "*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, f := range m {
		slug := filepath.Base(filepath.Dir(f))
		if b, err := os.ReadFile(f); err == nil && bytes.Contains(b, []byte(`http-equiv="refresh"`)) {
			continue // an alias
		}
		if slug != "page" {
			links = append(links, base+"evenements/"+slug+"/")
		}
	}
	sort.Strings(links)
	return links
}

// calCheckLines checks RFC 5545 §3.1: every line ends with CRLF, and is at
// most 75 octets long, line break excluded.
func calCheckLines(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Error("the file does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	for i, line := range lines {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d: bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d: %d octets, more than 75: %q", i+1, len(line), line)
		}
	}
}

// calParse parses a calendar with golang-ical.
func calParse(t testing.TB, data []byte) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("golang-ical: %v", err)
	}
	return cal
}

// calProp returns the (unescaped) value of a property of an event.
func calProp(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// calUnfold undoes line folding (RFC 5545 §3.1).
func calUnfold(data []byte) string {
	return strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n ", ""), "\r\n\t", "")
}

// calVEvents returns the VEVENT blocks of a calendar, as written, keyed by UID.
func calVEvents(t testing.TB, data []byte) map[string]string {
	t.Helper()
	blocks := map[string]string{}
	for _, b := range regexp.MustCompile(`(?s)BEGIN:VEVENT\r\n.*?END:VEVENT\r\n`).FindAllString(string(data), -1) {
		m := regexp.MustCompile(`(?m)^UID:(.*)\r$`).FindStringSubmatch(calUnfold([]byte(b)))
		if m == nil {
			t.Fatalf("VEVENT without UID:\n%s", b)
		}
		blocks[m[1]] = b
	}
	return blocks
}

// TestCalendarFiles checks every calendar of both sites: line endings and
// lengths, golang-ical parses them, one event per event page, unique UIDs,
// absolute URLs, STATUS and LOCATION from the sources, and each event.ics
// holding the same VEVENT as calendar.ics.
func TestCalendarFiles(t *testing.T) {
	for _, site := range []struct{ name, dir, src, base string }{
		{"example", exampleSite(t), repoRoot, "https://example.org/"},
		{"test", fcTestSite(t), "", fcTestBase},
	} {
		t.Run(site.name, func(t *testing.T) {
			src := site.src
			if src == "" {
				src = fcWriteSite(t)
			}
			sources := fcSources(t, src, site.base)
			pages := calEventPages(t, site.dir, site.base)
			if len(pages) < 5 {
				t.Fatalf("only %d event pages", len(pages))
			}
			files := calFiles(t, site.dir)
			if len(files) != len(pages)+1 {
				t.Errorf("%d calendars, want one per event page (%d) and calendar.ics", len(files), len(pages))
			}
			whole := fcRead(t, site.dir, "evenements/calendar.ics")
			blocks := calVEvents(t, whole)
			for _, name := range files {
				t.Run(name, func(t *testing.T) {
					data := fcRead(t, site.dir, name)
					calCheckLines(t, data)
					cal := calParse(t, data)
					if v := cal.CalendarProperties; len(v) == 0 {
						t.Error("no calendar property")
					}
					if !strings.HasPrefix(string(data), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") {
						t.Errorf("does not start with BEGIN:VCALENDAR, VERSION:2.0")
					}
					events := cal.Events()
					var urls []string
					uids := map[string]bool{}
					for _, e := range events {
						if calProp(e, ics.ComponentPropertyRecurrenceId) != "" {
							continue // a series' changed occurrence (TestSeriesCalendars)
						}
						uid := calProp(e, ics.ComponentPropertyUniqueId)
						if uid == "" || uids[uid] {
							t.Errorf("UID %q empty or repeated", uid)
						}
						uids[uid] = true
						link := calProp(e, ics.ComponentPropertyUrl)
						urls = append(urls, link)
						m := sources[link]
						if m == nil {
							t.Errorf("%s: URL %q is not the permalink of an event page", uid, link)
							continue
						}
						for _, p := range []ics.ComponentProperty{ics.ComponentPropertyDtstamp, ics.ComponentPropertyDtStart, ics.ComponentPropertySummary} {
							if calProp(e, p) == "" {
								t.Errorf("%s: no %s", uid, p)
							}
						}
						if got := fcTypo(calProp(e, ics.ComponentPropertySummary)); got != m.Title {
							t.Errorf("%s: SUMMARY %q, want %q", uid, got, m.Title)
						}
						status := map[string]string{"": "CONFIRMED", "scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}[m.Status]
						if got := calProp(e, ics.ComponentPropertyStatus); got != status {
							t.Errorf("%s: STATUS %q, want %q (status %q)", uid, got, status, m.Status)
						}
						location := m.Location
						if location == "" {
							location = m.Online
						}
						if got := fcTypo(calProp(e, ics.ComponentPropertyLocation)); got != location {
							t.Errorf("%s: LOCATION %q, want %q", uid, got, location)
						}
						start, err := e.GetStartAt()
						if err != nil {
							t.Errorf("%s: DTSTART: %v", uid, err)
						} else if first := cmp.Or(m.First, m.Start); len(first) > len("2006-01-02") && !start.Equal(fcParseTime(t, first)) {
							t.Errorf("%s: DTSTART %v, want %v", uid, start, first)
						}
						if name != "evenements/calendar.ics" && blocks[uid] == "" {
							t.Errorf("%s: not in calendar.ics", uid)
						}
						if b := blocks[uid]; b != "" && name != "evenements/calendar.ics" && !bytes.Contains(data, []byte(b)) {
							t.Errorf("%s: VEVENT differs from calendar.ics's:\n%s\nwant:\n%s", uid, data, b)
						}
					}
					sort.Strings(urls)
					want := pages
					if name != "evenements/calendar.ics" {
						want = []string{site.base + strings.TrimSuffix(name, "event.ics")}
					}
					if !slices.Equal(urls, want) {
						t.Errorf("event URLs:\n got %q\nwant %q", urls, want)
					}
				})
			}
		})
	}
}

// TestCalendarDeterministic builds each site twice: the calendars are the
// same bytes, so UID and DTSTAMP are stable.
func TestCalendarDeterministic(t *testing.T) {
	for _, site := range builtTwice {
		t.Run(site.name, func(t *testing.T) {
			a, b := site.build(t)
			files := calFiles(t, a)
			if got := calFiles(t, b); !slices.Equal(got, files) {
				t.Fatalf("calendars differ: %q and %q", files, got)
			}
			for _, name := range files {
				da, db := fcRead(t, a, name), fcRead(t, b, name)
				stamps := func(data []byte) map[string]string {
					m := map[string]string{}
					for _, e := range calParse(t, data).Events() {
						m[calProp(e, ics.ComponentPropertyUniqueId)] = calProp(e, ics.ComponentPropertyDtstamp)
					}
					return m
				}
				sa, sb := stamps(da), stamps(db)
				if len(sa) == 0 {
					t.Errorf("%s: no event", name)
				}
				for uid, stamp := range sa {
					if sb[uid] != stamp {
						t.Errorf("%s: UID %s has DTSTAMP %q then %q", name, uid, stamp, sb[uid])
					}
				}
				if len(sa) != len(sb) {
					t.Errorf("%s: UIDs differ: %v and %v", name, sa, sb)
				}
				if !bytes.Equal(da, db) {
					t.Errorf("%s differs between two builds", name)
				}
			}
		})
	}
}

// calForumDescription is the DESCRIPTION of the test site's forum: its
// summary, then the links an agenda needs.
const calForumDescription = fcForumSummary +
	"\n\nEn ligne\u00a0: https://essai.example/direct/forum" +
	"\n\nInscription\u00a0: https://essai.example/inscriptions/forum" +
	"\n\n" + fcTestBase + "evenements/forum-2027/"

// TestCalendarTestSite checks the test site's calendar value by value:
// UTC times on both sides of DST, all-day dates with an exclusive DTEND,
// escaping of ",;\" in LOCATION, folding of a long DESCRIPTION, statuses.
func TestCalendarTestSite(t *testing.T) {
	dir := fcTestSite(t)
	data := fcRead(t, dir, "evenements/calendar.ics")
	calCheckLines(t, data)
	raw := string(data)
	unfolded := calUnfold(data)
	for _, line := range []string{
		"UID:evenements-avant-heure-ete@essai.example",
		"DTSTART:20260328T090000Z", "DTEND:20260328T103000Z", // 10:00-11:30 CET
		"DTSTART:20260330T080000Z", "DTEND:20260330T090000Z", // 10:00-11:00 CEST
		"DTSTART;VALUE=DATE:20260629", "DTEND;VALUE=DATE:20260702", // 29 June - 1 July
		"DTSTART:20261024T160000Z", "DTEND:20261025T080000Z", // 18:00 CEST - 09:00 CET
		`LOCATION:Salle 3\, bât. B\; entrée \\ côté`,
		"STATUS:CANCELLED", "STATUS:TENTATIVE",
		"X-WR-TIMEZONE:Europe/Paris",
	} {
		if !strings.Contains(unfolded, line+"\r\n") {
			t.Errorf("no line %q", line)
		}
	}
	// The long description is folded: its property spans several lines.
	i := strings.Index(raw, "DESCRIPTION:Un après-midi")
	if i < 0 {
		t.Fatal("no DESCRIPTION of the forum")
	}
	if folded := strings.Count(raw[i:i+strings.Index(raw[i:], "\r\nLOCATION:")], "\r\n "); folded < 4 {
		t.Errorf("forum DESCRIPTION folded %d times, want at least 4", folded)
	}
	events := map[string]*ics.VEvent{}
	for _, e := range calParse(t, data).Events() {
		events[strings.TrimSuffix(calProp(e, ics.ComponentPropertyUniqueId), "@essai.example")] = e
	}
	if len(events) != 5 {
		t.Fatalf("%d events, want 5", len(events))
	}
	for uid, want := range map[string]map[ics.ComponentProperty]string{
		"evenements-avant-heure-ete": {
			ics.ComponentPropertyLocation: `Salle 3, bât. B; entrée \ côté`,
			ics.ComponentPropertyStatus:   "CONFIRMED",
			ics.ComponentPropertyUrl:      fcTestBase + "evenements/avant-heure-ete/",
		},
		"evenements-apres-heure-ete": {
			ics.ComponentPropertyLocation: "https://essai.example/direct/apres",
			ics.ComponentPropertyStatus:   "CANCELLED",
		},
		"evenements-universite-ete": {
			ics.ComponentPropertyStatus:      "TENTATIVE",
			ics.ComponentPropertyDescription: "Au programme\u00a0: trois journées de formation entre pairs\u202f!\n\n" + fcTestBase + "evenements/universite-ete/",
		},
		"evenements-forum-2027": {
			ics.ComponentPropertyDescription: calForumDescription,
			ics.ComponentPropertyLocation:    "Lille",
			ics.ComponentPropertyStatus:      "CONFIRMED",
		},
	} {
		e := events[uid]
		if e == nil {
			t.Errorf("no event %s", uid)
			continue
		}
		for p, v := range want {
			if got := calProp(e, p); got != v {
				t.Errorf("%s: %s = %q, want %q", uid, p, got, v)
			}
		}
	}
}

// calPythonScript prints, for each VEVENT of the calendar named by argv[1],
// a JSON object: UID, DTSTART and DTEND in Europe/Paris (dates for all-day
// events), LOCATION, STATUS and DESCRIPTION.
const calPythonScript = `
import sys, json, datetime, zoneinfo
import icalendar
paris = zoneinfo.ZoneInfo("Europe/Paris")
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
def when(p):
    v = p.dt
    if isinstance(v, datetime.datetime):
        return v.astimezone(paris).isoformat()
    return "date " + v.isoformat()
for e in cal.walk("VEVENT"):
    print(json.dumps({
        "uid": str(e["UID"]),
        "start": when(e["DTSTART"]),
        "end": when(e["DTEND"]) if "DTEND" in e else "",
        "location": str(e.get("LOCATION", "")),
        "status": str(e.get("STATUS", "")),
        "description": str(e.get("DESCRIPTION", "")),
    }))
`

// calPython returns a python3 that can import icalendar, or skips (fails
// under ALLIANCE_REQUIRE_TOOLS=1). Debian's python3-icalendar is only seen
// by /usr/bin/python3 when another python3 comes first in PATH.
func calPython(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(name); err == nil && exec.Command(p, "-c", "import icalendar, zoneinfo").Run() == nil {
			return p
		}
	}
	missing(t, "no python3 with the icalendar module (Debian: python3-icalendar)")
	return ""
}

// TestICalPython has Python's icalendar read the test site's calendar.ics:
// times come out right in Paris on both sides of the DST changes, all-day
// events are dates with DTEND the day after the last day, the location with
// ",;\" and the long description come back as written.
func TestICalPython(t *testing.T) {
	py := calPython(t)
	dir := fcTestSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, py, "-c", calPythonScript, filepath.Join(dir, "evenements", "calendar.ics")).CombinedOutput()
	if err != nil {
		t.Fatalf("python icalendar: %v\n%s", err, out)
	}
	type event struct{ UID, Start, End, Location, Status, Description string }
	got := map[string]event{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var e event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("python output %q: %v", line, err)
		}
		got[strings.TrimSuffix(e.UID, "@essai.example")] = e
	}
	link := func(slug string) string { return fcTestBase + "evenements/" + slug + "/" }
	want := map[string]event{
		"evenements-avant-heure-ete": {Start: "2026-03-28T10:00:00+01:00", End: "2026-03-28T11:30:00+01:00",
			Location: `Salle 3, bât. B; entrée \ côté`, Status: "CONFIRMED",
			Description: "Un atelier le samedi matin.\n\nInscription\u00a0: https://essai.example/inscriptions/avant\n\n" + link("avant-heure-ete")},
		"evenements-apres-heure-ete": {Start: "2026-03-30T10:00:00+02:00", End: "2026-03-30T11:00:00+02:00",
			Location: "https://essai.example/direct/apres", Status: "CANCELLED",
			Description: "Un webinaire annulé.\n\nEn ligne\u00a0: https://essai.example/direct/apres\n\nInscription\u00a0: https://essai.example/inscriptions/apres\n\n" + link("apres-heure-ete")},
		"evenements-universite-ete": {Start: "date 2026-06-29", End: "date 2026-07-02", Location: "Lyon", Status: "TENTATIVE",
			Description: "Au programme\u00a0: trois journées de formation entre pairs\u202f!\n\n" + link("universite-ete")},
		"evenements-nuit-heure-hiver": {Start: "2026-10-24T18:00:00+02:00", End: "2026-10-25T09:00:00+01:00", Location: "Grenoble", Status: "CONFIRMED",
			Description: "Une veillée qui traverse le passage à l’heure d’hiver.\n\n" + link("nuit-heure-hiver")},
		"evenements-forum-2027": {Start: "2027-02-04T14:00:00+01:00", End: "2027-02-04T17:00:00+01:00", Location: "Lille", Status: "CONFIRMED",
			Description: calForumDescription},
	}
	if len(got) != len(want) {
		t.Errorf("python read %d events, want %d:\n%s", len(got), len(want), out)
	}
	for uid, w := range want {
		g, ok := got[uid]
		if !ok {
			t.Errorf("python did not read %s", uid)
			continue
		}
		w.UID = g.UID
		if g != w {
			t.Errorf("%s:\n got %+v\nwant %+v", uid, g, w)
		}
	}
}

// TestEventPages checks what an event page offers a visitor: an "Ajouter à
// mon agenda" link to its event.ics, a webcal:// link to the calendar, the
// registration link (a button when registration is required), and the
// status in French.
func TestEventPages(t *testing.T) {
	for _, site := range []struct{ name, dir, src, base string }{
		{"example", exampleSite(t), repoRoot, "https://example.org/"},
		{"test", fcTestSite(t), "", fcTestBase},
	} {
		t.Run(site.name, func(t *testing.T) {
			src := site.src
			if src == "" {
				src = fcWriteSite(t)
			}
			sources := fcSources(t, src, site.base)
			base, _ := url.Parse(site.base)
			webcal := "webcal://" + base.Host + base.Path + "evenements/calendar.ics"
			statuses := map[string]int{}
			for _, link := range calEventPages(t, site.dir, site.base) {
				m := sources[link]
				if m == nil {
					t.Errorf("%s: no source", link)
					continue
				}
				statuses[m.Status]++
				t.Run(strings.TrimPrefix(link, site.base), func(t *testing.T) {
					doc := fcPageOf(t, site.dir, site.base, link)
					pageURL, _ := url.Parse(link)
					var addLink, subscribe bool
					var reg []fcElem
					for _, e := range fcElems(doc) {
						if e.Name != "a" {
							continue
						}
						href := e.Attrs["href"]
						u, err := pageURL.Parse(href)
						if err != nil {
							t.Errorf("bad href %q", href)
							continue
						}
						switch {
						case strings.Contains(e.Text, "Ajouter à mon agenda"):
							if u.String() != link+"event.ics" {
								t.Errorf("\"Ajouter à mon agenda\" links to %s, want %sevent.ics", u, link)
							}
							addLink = true
						case href == webcal:
							subscribe = true
						case m.Registration != "" && href == m.Registration:
							reg = append(reg, e)
						}
					}
					if !addLink {
						t.Error(`no "Ajouter à mon agenda" link`)
					}
					if !subscribe {
						t.Errorf("no link to %s", webcal)
					}
					if _, err := os.Stat(filepath.Join(site.dir, filepath.FromSlash(strings.TrimPrefix(link, site.base)), "event.ics")); err != nil {
						t.Error(err)
					}
					if m.Registration != "" && len(reg) == 0 {
						t.Errorf("no link to the registration %s", m.Registration)
					}
					button := false
					for _, e := range reg {
						if slices.Contains(strings.Fields(e.Attrs["class"]), "button") {
							button = true
						}
					}
					switch prominent := m.RegistrationRequired && m.Status != "cancelled"; {
					case prominent && !button:
						t.Errorf("registration required, but its link %s is not a button", m.Registration)
					case !m.RegistrationRequired && button:
						t.Errorf("optional registration shown as a button")
					}
					upcoming := fcParseTime(t, m.Start).After(fixedNow)
					if upcoming && m.RegistrationRequired && m.Registration != "" &&
						regexp.MustCompile(`<[^>]*\shidden[\s>][^<]*<a class="button" href="`+regexp.QuoteMeta(m.Registration)+`"`).MatchString(doc) {
						t.Errorf("the registration button of an upcoming event is hidden")
					}
					head, _, _ := strings.Cut(doc, `class="occurrences"`) // a series' dates are marked one by one
					cancelled, postponed := strings.Contains(head, ">Annulé<"), strings.Contains(head, ">Reporté<")
					if cancelled != (m.Status == "cancelled") || postponed != (m.Status == "postponed") {
						t.Errorf("status %q shown as Annulé: %v, Reporté: %v", m.Status, cancelled, postponed)
					}
				})
			}
			if site.name == "test" && (statuses["cancelled"] != 1 || statuses["postponed"] != 1) {
				t.Errorf("statuses %v, want one cancelled and one postponed event", statuses)
			}
		})
	}
}
