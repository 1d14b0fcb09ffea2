package ical

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pythonScript prints, for each VEVENT, its DTSTART (in Europe/Paris, or the
// date for all-day events), DTEND, SUMMARY, LOCATION, STATUS, the organizer's
// CN and DESCRIPTION.
const pythonScript = `
import sys, datetime, zoneinfo
import icalendar
paris = zoneinfo.ZoneInfo("Europe/Paris")
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
print("name", cal.get("X-WR-CALNAME"))
events = list(cal.walk("VEVENT"))
print("count", len(events))
def when(p):
    v = p.dt
    if isinstance(v, datetime.datetime):
        return v.astimezone(paris).isoformat()
    return v.isoformat()
for e in events:
    print("event", e["UID"], when(e["DTSTART"]), when(e["DTEND"]) if "DTEND" in e else "-",
          "|", e["SUMMARY"], "|", e.get("LOCATION", "-"), "|", e.get("STATUS", "-"),
          "|", e["ORGANIZER"].params.get("CN", "-") if "ORGANIZER" in e else "-",
          "|", e.get("DESCRIPTION", "-"))
`

// python returns a Python interpreter that has the icalendar module, or skips
// the test (fails with ALLIANCE_REQUIRE_TOOLS=1) when there is none. The
// distribution's python3-icalendar package is only seen by /usr/bin/python3
// when another python3 (pyenv) comes first in PATH.
func python(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"python3", "/usr/bin/python3"} {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import icalendar, zoneinfo").Run() == nil {
			return path
		}
	}
	if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
		t.Fatal("python3 with the icalendar module is required (ALLIANCE_REQUIRE_TOOLS=1)")
	}
	t.Skip("no python3 with the icalendar module")
	return ""
}

// TestPythonICalendar parses the output with Python's icalendar module.
func TestPythonICalendar(t *testing.T) {
	py := python(t)
	loc := paris(t)
	desc := strings.TrimSpace(strings.Repeat("Créer des alliances entre territoires, « ensemble »\u202f; ", 40))
	cal := Calendar{
		Name:     "Événements du réseau",
		TimeZone: loc,
		Stamp:    time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Events: []Event{
			{UID: "avant@example.org", Summary: "Webinaire, avant", Location: `Salle 3, bât. B; entrée \ côté`, Description: desc,
				Start: time.Date(2026, 3, 28, 10, 0, 0, 0, loc), End: time.Date(2026, 3, 28, 11, 30, 0, 0, loc), Status: "scheduled",
				Organizer: "L'Atelier, Lyon", OrganizerEmail: "atelier@example.org"},
			{UID: "apres@example.org", Summary: "Webinaire, après", Location: "En ligne",
				Start: time.Date(2026, 3, 30, 10, 0, 0, 0, loc), Status: "cancelled"},
			{UID: "universite@example.org", Summary: "Université d'été", AllDay: true, Status: "postponed",
				Start: time.Date(2026, 6, 29, 0, 0, 0, 0, loc), End: time.Date(2026, 7, 1, 0, 0, 0, 0, loc)},
		},
	}
	b, err := Write(cal)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "calendar.ics")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, py, "-c", pythonScript, file).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	want := strings.Join([]string{
		"name Événements du réseau",
		"count 3",
		`event avant@example.org 2026-03-28T10:00:00+01:00 2026-03-28T11:30:00+01:00 | Webinaire, avant | Salle 3, bât. B; entrée \ côté | CONFIRMED | L'Atelier, Lyon | ` +
			desc,
		"event apres@example.org 2026-03-30T10:00:00+02:00 - | Webinaire, après | En ligne | CANCELLED | - | -",
		"event universite@example.org 2026-06-29 2026-07-02 | Université d'été | - | TENTATIVE | - | -",
	}, "\n")
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("python icalendar read:\n%s\nwant:\n%s", got, want)
	}
}
