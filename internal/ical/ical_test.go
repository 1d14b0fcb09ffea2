package ical

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

func paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// unfold joins folded lines (RFC 5545 §3.1) and splits the result into
// content lines, checking on the way that every physical line ends with CRLF
// and has at most 75 octets of valid UTF-8.
func unfold(t *testing.T, b []byte) []string {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Errorf("output does not end with CRLF")
	}
	phys := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	for i, l := range phys {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not valid UTF-8 (folded inside a character?): %q", i+1, l)
		}
	}
	return strings.Split(unfoldString(strings.TrimSuffix(s, "\r\n")), "\r\n")
}

func unfoldString(s string) string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	return strings.ReplaceAll(s, "\r\n\t", "")
}

// eventLines returns the content lines of the first VEVENT, without BEGIN and END.
func eventLines(t *testing.T, b []byte) []string {
	t.Helper()
	lines := unfold(t, b)
	start, end := -1, -1
	for i, l := range lines {
		switch l {
		case "BEGIN:VEVENT":
			start = i + 1
		case "END:VEVENT":
			if end < 0 {
				end = i
			}
		}
	}
	if start < 0 || end < start {
		t.Fatalf("no VEVENT in\n%s", b)
	}
	return lines[start:end]
}

func TestWriteCalendar(t *testing.T) {
	b, err := Write(Calendar{
		Name:        "Événements, réseau",
		Description: "Webinaires; rencontres",
		TimeZone:    paris(t),
		Events: []Event{{
			UID:   "webinaire@example.org",
			Start: time.Date(2026, 6, 2, 13, 0, 0, 0, paris(t)),
			Stamp: time.Date(2026, 5, 20, 9, 0, 0, 0, paris(t)),
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:" + DefaultProdID,
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		`X-WR-CALNAME:Événements\, réseau`,
		`X-WR-CALDESC:Webinaires\; rencontres`,
		"X-WR-TIMEZONE:Europe/Paris",
		"BEGIN:VEVENT",
		"UID:webinaire@example.org",
		"DTSTAMP:20260520T070000Z",
		"DTSTART:20260602T110000Z",
		"SUMMARY:",
		"END:VEVENT",
		"END:VCALENDAR",
	}
	if got := unfold(t, b); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWriteEvent(t *testing.T) {
	loc := paris(t)
	stamp := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	long := string([]rune(strings.Repeat("Écologie, coopération; territoires \\ « faire alliance »\u202f! ", 35))[:2000]) // 2,000 characters
	tests := []struct {
		name string
		ev   Event
		want []string // content lines of the VEVENT, unfolded
	}{
		{
			name: "full",
			ev: Event{
				UID: "rencontre-lyon@example.org", Summary: "Rencontre, Lyon", Description: "Ligne 1\r\nLigne 2\nLigne 3\rfin",
				Location: `Salle 3, bât. B; entrée \ côté`, URL: "https://example.org/evenements/rencontre-lyon/",
				Start: time.Date(2026, 6, 2, 9, 30, 0, 0, loc), End: time.Date(2026, 6, 2, 17, 0, 0, 0, loc),
				Status: "scheduled", Organizer: "L'Atelier, Lyon", OrganizerEmail: "atelier@example.org",
				Stamp: stamp, Categories: []string{"rencontre", "a,b"},
			},
			want: []string{
				"UID:rencontre-lyon@example.org",
				"DTSTAMP:20260501T000000Z",
				"DTSTART:20260602T073000Z",
				"DTEND:20260602T150000Z",
				`SUMMARY:Rencontre\, Lyon`,
				`DESCRIPTION:Ligne 1\nLigne 2\nLigne 3\nfin`,
				`LOCATION:Salle 3\, bât. B\; entrée \\ côté`,
				"URL:https://example.org/evenements/rencontre-lyon/",
				"STATUS:CONFIRMED",
				`ORGANIZER;CN="L'Atelier, Lyon":mailto:atelier@example.org`,
				`CATEGORIES:rencontre,a\,b`,
			},
		},
		{
			name: "before the DST change",
			ev:   Event{UID: "a@x", Summary: "Avant", Start: time.Date(2026, 3, 28, 10, 0, 0, 0, loc), End: time.Date(2026, 3, 28, 11, 0, 0, 0, loc), Stamp: stamp},
			want: []string{"UID:a@x", "DTSTAMP:20260501T000000Z", "DTSTART:20260328T090000Z", "DTEND:20260328T100000Z", "SUMMARY:Avant"},
		},
		{
			name: "after the DST change",
			ev:   Event{UID: "b@x", Summary: "Après", Start: time.Date(2026, 3, 30, 10, 0, 0, 0, loc), Stamp: stamp},
			want: []string{"UID:b@x", "DTSTAMP:20260501T000000Z", "DTSTART:20260330T080000Z", "SUMMARY:Après"},
		},
		{
			name: "all day",
			ev:   Event{UID: "c@x", Summary: "Journée", AllDay: true, Start: time.Date(2026, 6, 2, 0, 0, 0, 0, loc), Stamp: stamp, Status: "cancelled"},
			want: []string{"UID:c@x", "DTSTAMP:20260501T000000Z", "DTSTART;VALUE=DATE:20260602", "DTEND;VALUE=DATE:20260603", "SUMMARY:Journée", "STATUS:CANCELLED"},
		},
		{
			name: "several days, across a month",
			ev: Event{UID: "d@x", Summary: "Université d'été", AllDay: true, Status: "postponed",
				Start: time.Date(2026, 6, 29, 0, 0, 0, 0, loc), End: time.Date(2026, 7, 1, 0, 0, 0, 0, loc), Stamp: stamp},
			want: []string{"UID:d@x", "DTSTAMP:20260501T000000Z", "DTSTART;VALUE=DATE:20260629", "DTEND;VALUE=DATE:20260702", "SUMMARY:Université d'été", "STATUS:TENTATIVE"},
		},
		{
			name: "organizer without email, email without name",
			ev:   Event{UID: "e@x", Summary: "S", Start: stamp, Stamp: stamp, Organizer: "Réseau; \"national\""},
			want: []string{"UID:e@x", "DTSTAMP:20260501T000000Z", "DTSTART:20260501T000000Z", "SUMMARY:S", `CONTACT:Réseau\; "national"`},
		},
		{
			name: "organizer name with a double quote",
			ev:   Event{UID: "f@x", Summary: "S", Start: stamp, Stamp: stamp, Organizer: `Le "Lieu" ^`, OrganizerEmail: "l@x"},
			want: []string{"UID:f@x", "DTSTAMP:20260501T000000Z", "DTSTART:20260501T000000Z", "SUMMARY:S", `ORGANIZER;CN="Le ^'Lieu^' ^^":mailto:l@x`},
		},
		{
			name: "long description with accents",
			ev:   Event{UID: "g@x", Summary: "Long", Description: long, Start: stamp, Stamp: stamp},
			want: []string{"UID:g@x", "DTSTAMP:20260501T000000Z", "DTSTART:20260501T000000Z", "SUMMARY:Long",
				"DESCRIPTION:" + strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`).Replace(long)},
		},
		{
			name: "control characters",
			ev:   Event{UID: "h\x00@x", Summary: "a\x01b\tc\x7f", Start: stamp, Stamp: stamp, URL: "https://x/a b\n"},
			want: []string{"UID:h@x", "DTSTAMP:20260501T000000Z", "DTSTART:20260501T000000Z", "SUMMARY:ab\tc", "URL:https://x/ab"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Write(Calendar{Events: []Event{tc.ev}})
			if err != nil {
				t.Fatal(err)
			}
			got := eventLines(t, b)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestFoldLong checks the physical lines of a long accented description:
// many of them, each full up to a character boundary.
func TestFoldLong(t *testing.T) {
	desc := strings.Repeat("é", 1000) + strings.Repeat("à€😀", 100)
	b, err := Write(Calendar{Stamp: time.Unix(0, 0), Events: []Event{{UID: "x", Start: time.Unix(0, 0), Description: desc}}})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, l := range strings.Split(string(b), "\r\n") {
		if strings.HasPrefix(l, "DESCRIPTION:") || strings.HasPrefix(l, " ") {
			n++
			if len(l) < 72 && n < 20 {
				t.Errorf("short folded line (%d octets): %q", len(l), l)
			}
		}
	}
	if want := (len("DESCRIPTION:"+desc) + 73) / 74; n < want {
		t.Errorf("%d physical lines, want at least %d", n, want)
	}
	if got := eventLines(t, b); got[len(got)-1] != "DESCRIPTION:"+desc {
		t.Errorf("unfolded description differs")
	}
}

func TestWriteErrors(t *testing.T) {
	start := time.Date(2026, 6, 2, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		ev   Event
		want string
	}{
		{Event{Start: start}, "no UID"},
		{Event{UID: "x"}, "no start"},
		{Event{UID: "x", Start: start, Status: "maybe"}, `status "maybe"`},
		{Event{UID: "x", Start: start, End: start.Add(-time.Hour)}, "before start"},
		{Event{UID: "x", Start: start, End: start.AddDate(0, 0, -1), AllDay: true}, "before start"},
	} {
		_, err := Write(Calendar{Stamp: start, Events: []Event{{UID: "ok", Start: start}, tc.ev}})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "event 1") {
			t.Errorf("%+v: err = %v, want one with %q", tc.ev, err, tc.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	cal := Calendar{Name: "n", Stamp: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC),
		Events: []Event{{UID: "x", Start: time.Date(2026, 6, 2, 10, 0, 0, 0, paris(t))}}}
	a, _ := Write(cal)
	b, _ := Write(cal)
	if !bytes.Equal(a, b) {
		t.Error("two runs differ")
	}
	if !bytes.Contains(a, []byte("DTSTAMP:20260501T120000Z\r\n")) {
		t.Errorf("DTSTAMP is not Calendar.Stamp when Event.Stamp is zero:\n%s", a)
	}
	cal.Stamp = time.Time{}
	if _, err := Write(cal); err == nil || !strings.Contains(err.Error(), "no DTSTAMP") {
		t.Errorf("without a stamp: %v, want an error (never the start)", err)
	}
}

// TestGolangICal parses the output with github.com/arran4/golang-ical.
func TestGolangICal(t *testing.T) {
	loc := paris(t)
	events := []Event{
		{UID: "a@example.org", Summary: "Webinaire, « faire alliance »", Location: `Salle 3, bât. B; entrée \ côté`,
			Description: strings.Repeat("Coopération territoriale; ", 80) + "\nfin", Organizer: "L'Atelier, Lyon", OrganizerEmail: "a@example.org",
			Start: time.Date(2026, 3, 28, 10, 0, 0, 0, loc), End: time.Date(2026, 3, 28, 12, 0, 0, 0, loc), Stamp: time.Date(2026, 3, 1, 0, 0, 0, 0, loc)},
		{UID: "b@example.org", Summary: "Université", AllDay: true, Start: time.Date(2026, 3, 30, 0, 0, 0, 0, loc), End: time.Date(2026, 3, 31, 0, 0, 0, 0, loc)},
	}
	b, err := Write(Calendar{Name: "Réseau", TimeZone: loc, Stamp: time.Date(2026, 3, 1, 0, 0, 0, 0, loc), Events: events})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	got := cal.Events()
	if len(got) != len(events) {
		t.Fatalf("%d events, want %d", len(got), len(events))
	}
	value := func(e *ics.VEvent, p ics.ComponentProperty) string {
		if prop := e.GetProperty(p); prop != nil {
			return prop.Value
		}
		return ""
	}
	e := got[0]
	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertySummary:     events[0].Summary,
		ics.ComponentPropertyLocation:    events[0].Location,
		ics.ComponentPropertyDescription: events[0].Description,
		ics.ComponentPropertyOrganizer:   "mailto:a@example.org",
	} {
		if v := value(e, p); v != want {
			t.Errorf("%s = %q, want %q", p, v, want)
		}
	}
	if cn := e.GetProperty(ics.ComponentPropertyOrganizer).ICalParameters["CN"]; len(cn) != 1 || cn[0] != "L'Atelier, Lyon" {
		t.Errorf("CN = %q", cn)
	}
	if s, err := e.GetStartAt(); err != nil || !s.Equal(events[0].Start) {
		t.Errorf("start = %v, %v; want %v", s, err, events[0].Start)
	}
	if s, err := got[1].GetAllDayStartAt(); err != nil || s.Format(time.DateOnly) != "2026-03-30" {
		t.Errorf("all-day start = %v, %v", s, err)
	}
	if s, err := got[1].GetAllDayEndAt(); err != nil || s.Format(time.DateOnly) != "2026-04-01" {
		t.Errorf("all-day end = %v, %v", s, err)
	}
}

var errUnescape = errors.New("bad escape")

// unescapeText reverses escapeText for values free of control characters.
func unescapeText(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ';' || c == ',' {
			return "", errUnescape // must have been escaped
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(s) {
			return "", errUnescape
		}
		switch s[i] {
		case '\\', ';', ',':
			b.WriteByte(s[i])
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			return "", errUnescape
		}
	}
	return b.String(), nil
}

// FuzzFold checks that folding keeps every physical line within 75 octets,
// never splits a valid UTF-8 sequence, and that unfolding gives the line back.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "SUMMARY:court", "DESCRIPTION:" + strings.Repeat("é", 100), strings.Repeat("a", 75), strings.Repeat("a", 76), strings.Repeat("😀", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\r\n") {
			t.Skip("a content line has no line break")
		}
		var b strings.Builder
		fold(&b, line)
		out := b.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no final CRLF: %q", out)
		}
		for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 {
				t.Fatalf("line %d has %d octets", i, len(l))
			}
			if i > 0 && (l == " " || l[0] != ' ') {
				t.Fatalf("bad continuation line %d: %q", i, l)
			}
			if utf8.ValidString(line) && !utf8.ValidString(l) {
				t.Fatalf("line %d splits a character: %q", i, l)
			}
		}
		if got := strings.TrimSuffix(strings.ReplaceAll(out, "\r\n ", ""), "\r\n"); got != line {
			t.Fatalf("unfold(fold(%q)) = %q", line, got)
		}
	})
}

// FuzzEscape checks that escapeText round-trips through unescapeText, once
// the input is normalized the way escapeText documents (valid UTF-8, LF line
// breaks, no control characters but tab).
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", `Salle 3, bât. B; entrée \ côté`, "a\r\nb\rc\nd", `\n\,\;\\`, "\x00\x01\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		esc := escapeText(s)
		if strings.ContainsAny(esc, "\r\n") || !utf8.ValidString(esc) {
			t.Fatalf("escapeText(%q) = %q has a line break or invalid UTF-8", s, esc)
		}
		got, err := unescapeText(esc)
		if err != nil {
			t.Fatalf("unescape(%q): %v", esc, err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		want = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(want)
		want = strings.Map(func(r rune) rune {
			if r != '\t' && r != '\n' && (r < 0x20 || r == 0x7F) {
				return -1
			}
			return r
		}, want)
		if got != want {
			t.Fatalf("unescape(escape(%q)) = %q, want %q", s, got, want)
		}
		if again := escapeText(got); again != esc {
			t.Fatalf("escape not stable: %q then %q", esc, again)
		}
	})
}
