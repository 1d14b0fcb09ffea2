package content

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
)

func TestSplitFront(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		format   string
		title    string
		bodyLine int
		body     string
		keyLine  int // line of "title"
	}{
		{"yaml", "---\ntitle: Bonjour\n---\nCorps\n", "yaml", "Bonjour", 4, "Corps\n", 2},
		{"yaml with BOM", "\ufeff---\ntitle: Bonjour\n---\nCorps\n", "yaml", "Bonjour", 4, "Corps\n", 2},
		{"yaml CRLF", "---\r\ndate: 2022-06-02\r\ntitle: Bonjour\r\n---\r\nCorps\r\n", "yaml", "Bonjour", 5, "Corps\n", 3},
		{"blank lines first", "\n\n---\ntitle: Bonjour\n---\nCorps", "yaml", "Bonjour", 6, "Corps", 4},
		{"toml", "+++\ntitle = \"Bonjour\"\n+++\nCorps\n", "toml", "Bonjour", 4, "Corps\n", 2},
		{"json", "{\n  \"title\": \"Bonjour\"\n}\n\nCorps\n", "json", "Bonjour", 5, "Corps\n", 2},
		{"empty body", "---\ntitle: Bonjour\n---\n", "yaml", "Bonjour", 4, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := SplitFront([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != tt.format || f.Values["title"] != tt.title || f.BodyLine != tt.bodyLine || string(f.Body) != tt.body || f.Lines["title"] != tt.keyLine {
				t.Errorf("got format %s title %v bodyLine %d body %q titleLine %d", f.Format, f.Values["title"], f.BodyLine, f.Body, f.Lines["title"])
			}
		})
	}
}

func TestSplitFrontErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"no front matter", "Juste du texte\n", 1, "no front matter"},
		{"unclosed", "---\ntitle: x\n", 1, "never closed"},
		{"bad yaml", "---\ntitle: x\nfoo: : bar\n---\n", 3, "invalid YAML"},
		{"bad yaml after blank lines", "\n\n---\ntitle: x\nfoo: : bar\n---\n", 5, "invalid YAML"},
		{"yaml list", "---\n- a\n- b\n---\n", 2, "not a set of key"},
		{"duplicate key", "---\ntitle: a\ntitle: b\n---\n", 3, "set twice"},
		{"bad toml", "+++\ntitle = \n+++\n", 2, "invalid TOML"},
		{"bad json", "{\n\"title\": \"x\",\n\"a\" 1\n}\n\n", 3, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SplitFront([]byte(tt.src))
			se, ok := err.(*SyntaxError)
			if !ok {
				t.Fatalf("err = %v, want a SyntaxError", err)
			}
			if se.Line != tt.line || !strings.Contains(se.Error(), tt.msg) {
				t.Errorf("got line %d %q, want line %d %q", se.Line, se.Error(), tt.line, tt.msg)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		in       string
		want     string // RFC 3339 in UTC
		dateOnly bool
		bad      bool
	}{
		{"2022-06-02", "2022-06-01T22:00:00Z", true, false},
		{"2022-06-02T13:00:00+02:00", "2022-06-02T11:00:00Z", false, false},
		{"2022-06-02T13:00:00Z", "2022-06-02T13:00:00Z", false, false},
		{"2022-06-02T13:00", "2022-06-02T11:00:00Z", false, false},
		{"2022-06-02 13:00", "2022-06-02T11:00:00Z", false, false},
		{"2022-12-02 13:00:00", "2022-12-02T12:00:00Z", false, false},
		{"32/13/2026", "", false, true},
		{"2026-02-30", "", false, true},
		{"demain", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, dateOnly, err := ParseDate(tt.in, paris)
			if tt.bad {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g := got.UTC().Format(time.RFC3339); g != tt.want || dateOnly != tt.dateOnly {
				t.Errorf("ParseDate(%q) = %s dateOnly=%v, want %s %v", tt.in, g, dateOnly, tt.want, tt.dateOnly)
			}
		})
	}
}

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func load(t *testing.T, files map[string]string, opt Options) (*Site, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cfg, err := config.Parse("site.yaml", []byte("title: T\nbaseURL: https://example.org/\n"))
	if err != nil {
		t.Fatal(err)
	}
	if opt.Now.IsZero() {
		opt.Now = now
	}
	s, _, err := Load(context.Background(), fsys, cfg, opt)
	return s, err
}

func TestLoadSite(t *testing.T) {
	s, err := load(t, map[string]string{
		"content/_index.md":                "---\ntitle: Accueil\n---\nBienvenue",
		"content/actualites/_index.md":     "---\ntitle: Les actualités\n---\n",
		"content/actualites/a.md":          "---\ntitle: A\ndate: 2022-06-01\ntags: [Économie, odd-17]\n---\nA",
		"content/actualites/b.md":          "---\ntitle: B\ndate: 2022-06-03\ntags: [economie]\n---\nB",
		"content/actualites/brouillon.md":  "---\ntitle: Brouillon\ndate: 2022-06-03\ndraft: true\n---\n",
		"content/actualites/futur.md":      "---\ntitle: Futur\ndate: 2027-01-01\n---\n",
		"content/actualites/sub/L’été.md":  "---\ntitle: Été\ndate: 2022-05-01\n---\n",
		"content/charte/moyens.md":         "---\ntitle: Moyens\nweight: 30\npart: Moyens\n---\n",
		"content/charte/principes.md":      "---\ntitle: Principes\nweight: 10\npart: Principes\n---\n",
		"content/charte/actions.md":        "---\ntitle: Actions\nweight: 20\npart: Actions collectives\n---\n",
		"content/charte/preambule.md":      "---\ntitle: Préambule\nweight: 5\npart: Principes\n---\n",
		"content/evenements/passe.md":      "---\ntitle: Passé\nstart: 2022-06-02T13:00:00+02:00\nlocation: Lille\n---\n",
		"content/evenements/bientot.md":    "---\ntitle: Bientôt\nstart: 2027-03-18\nend: 2027-03-19\nlocation: Lille\n---\n",
		"content/evenements/plus-tard.md":  "---\ntitle: Plus tard\nstart: 2027-06-01T10:00:00+02:00\nonline: https://example.org/w\n---\n",
		"content/evenements/pendant.md":    "---\ntitle: Pendant\nstart: 2026-11-27T08:00:00Z\nend: 2026-11-27T18:00:00Z\nlocation: Lille\n---\n",
		"content/ressources/guide.md":      "---\ntitle: Guide\naliases: [/ancien-guide/]\n---\n",
		"content/actualites/image.png":     "PNG",
		"content/.cache/ignored.md":        "garbage",
		"content/actualites/.#editing.md":  "garbage",
		"content/actualites/backup.md~":    "garbage",
		"content/evenements/_index.md":     "{\n\"title\": \"Agenda\"\n}\n\n",
		"content/charte/_index.md":         "+++\ntitle = \"Charte\"\n+++\n",
		"content/actualites/sub/_index.md": "---\ntitle: ignored\n---\n",
		"content/apropos.md":               "---\ntitle: À propos\n---\n",
		"content/actualites/toml-date.md":  "+++\ntitle = \"Toml\"\ndate = 2022-06-05\n+++\n",
		"content/actualites/json-date.md":  "{\n\"title\": \"Json\",\n\"date\": \"2022-06-04T10:00:00+02:00\"\n}\n\n",
		"content/evenements/annule.md":     "---\ntitle: Annulé\nstart: 2027-01-10T10:00:00+01:00\nstatus: cancelled\nlocation: Lyon\n---\n",
		"content/actualites/crlf.md":       "---\r\ntitle: CRLF\r\ndate: 2022-01-01\r\n---\r\ntexte\r\n",
		"content/actualites/bom.md":        "\ufeff---\ntitle: BOM\ndate: 2022-01-02\n---\n",
		"content/actualites/vide.md":       "---\ntitle: Vide\ndate: 2022-01-03\n---",
		"content/actualites/slug-field.md": "---\ntitle: X\nslug: \"L’actualité du 2 juin\"\ndate: 2022-01-04\n---\n",
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	urls := func(pages []*Page) string {
		var s []string
		for _, p := range pages {
			s = append(s, p.Path)
		}
		return strings.Join(s, " ")
	}
	checks := []struct{ name, got, want string }{
		{"news order", urls(s.News), "/actualites/toml-date/ /actualites/json-date/ /actualites/b/ /actualites/a/ /actualites/lete/ /actualites/lactualite-du-2-juin/ /actualites/vide/ /actualites/bom/ /actualites/crlf/"},
		{"charter order", urls(s.Charter), "/charte/preambule/ /charte/principes/ /charte/actions/ /charte/moyens/"},
		{"upcoming", urls(s.Upcoming), "/evenements/pendant/ /evenements/annule/ /evenements/bientot/ /evenements/plus-tard/"},
		{"past", urls(s.Past), "/evenements/passe/"},
		{"sections", urls(s.Sections), "/actualites/ /charte/ /evenements/ /ressources/"},
		{"tags", urls(s.Tags), "/tags/economie/ /tags/odd-17/"},
		{"economie pages", urls(s.Tags[0].Pages), "/actualites/b/ /actualites/a/"},
		{"section title", s.Section["actualites"].Title, "Les actualités"},
		{"toml section title", s.Section["charte"].Title, "Charte"},
		{"json section title", s.Section["evenements"].Title, "Agenda"},
		{"home title", s.Home.Title, "Accueil"},
		{"permalink", s.News[0].Permalink, "https://example.org/actualites/toml-date/"},
		{"files", strings.Join(s.Files, " "), "content/actualites/image.png"},
		{"chapter prev", s.Charter[1].Prev.Title, "Préambule"},
		{"chapter next", s.Charter[1].Next.Title, "Actions"},
		{"part names", s.Parts[0].Name + "," + s.Parts[1].Name + "," + s.Parts[2].Name, "Principes,Actions collectives,Moyens"},
		{"related", urls(s.GetPage("/actualites/a/").Related), "/actualites/b/"},
		{"alias", strings.Join(s.GetPage("/ressources/guide/").Aliases, " "), "/ancien-guide/"},
		{"plain top page", s.GetPage("/apropos/").Title, "À propos"},
		{"complete charter", s.GetPage("/charte/complete/").Layout, "charter-complete"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, c.got, c.want)
		}
	}
	if s.Excluded() != 2 {
		t.Errorf("Excluded = %d, want 2 (a draft and a future page)", s.Excluded())
	}
	if want := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC); !s.NextChange.Equal(want) {
		t.Errorf("NextChange = %v, want %v", s.NextChange, want)
	}
	if e := s.GetPage("/evenements/bientot/").Event; !e.AllDay || e.Start.Location().String() != "Europe/Paris" {
		t.Errorf("all-day event: %+v", e)
	}
	if s.GetPage("/evenements/annule/").Event.Status != "cancelled" {
		t.Error("status not read")
	}
}

func TestLoadDraftsAndFuture(t *testing.T) {
	files := map[string]string{
		"content/actualites/brouillon.md": "---\ntitle: Brouillon\ndate: 2022-06-03\ndraft: true\n---\n",
		"content/actualites/futur.md":     "---\ntitle: Futur\ndate: 2027-01-01\n---\n",
	}
	for _, tt := range []struct {
		opt  Options
		want int
	}{{Options{}, 0}, {Options{Drafts: true}, 1}, {Options{Future: true}, 1}, {Options{Drafts: true, Future: true}, 2}} {
		s, err := load(t, files, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.News) != tt.want {
			t.Errorf("%+v: %d news, want %d", tt.opt, len(s.News), tt.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"bad date", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: \"32/13/2026\"\n---\n"},
			[]string{`content/actualites/x.md:3: front matter: date "32/13/2026" is not a date (want 2026-06-02, 2026-06-02T13:00 (in the site's time zone) or 2026-06-02T13:00:00+02:00)`}},
		{"missing title", map[string]string{"content/actualites/x.md": "---\ndate: 2022-01-01\n---\n"},
			[]string{"content/actualites/x.md:1: front matter: title is required"}},
		{"news without date", map[string]string{"content/actualites/x.md": "---\ntitle: X\n---\n"},
			[]string{"content/actualites/x.md:1: front matter: date is required for a news page"}},
		{"chapter without weight", map[string]string{"content/charte/x.md": "---\ntitle: X\n---\n"},
			[]string{"content/charte/x.md:1: front matter: weight is required for a charter page"}},
		{"event without start", map[string]string{"content/evenements/x.md": "---\ntitle: X\nlocation: L\n---\n"},
			[]string{"content/evenements/x.md:1: front matter: start is required"}},
		{"event ends before start", map[string]string{"content/evenements/x.md": "---\ntitle: X\nstart: 2022-06-02T13:00:00+02:00\nend: 2022-06-02T12:00:00+02:00\nlocation: L\n---\n"},
			[]string{"content/evenements/x.md:4: front matter: the event ends"}},
		{"bad status", map[string]string{"content/evenements/x.md": "---\ntitle: X\nstart: 2022-06-02\nstatus: maybe\nlocation: L\n---\n"},
			[]string{"content/evenements/x.md:4: front matter: status \"maybe\" is unknown"}},
		{"bad url", map[string]string{"content/evenements/x.md": "---\ntitle: X\nstart: 2022-06-02\nregistration: javascript:alert(1)\n---\n"},
			[]string{"content/evenements/x.md:4: front matter: registration"}},
		{"bad weight", map[string]string{"content/charte/x.md": "---\ntitle: X\nweight: dix\n---\n"},
			[]string{"content/charte/x.md:3: front matter: weight \"dix\" is not a whole number"}},
		{"bad draft", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\ndraft: peut-être\n---\n"},
			[]string{"content/actualites/x.md:4: front matter: draft"}},
		{"duplicate slug", map[string]string{
			"content/actualites/a.md": "---\ntitle: A\ndate: 2022-01-01\nslug: meme\n---\n",
			"content/actualites/b.md": "---\ntitle: B\ndate: 2022-01-01\nslug: Même\n---\n"},
			[]string{"content/actualites/b.md:1: URL /actualites/meme/ is also the URL of content/actualites/a.md"}},
		{"duplicate across folders", map[string]string{
			"content/actualites/x/a.md": "---\ntitle: A\ndate: 2022-01-01\n---\n",
			"content/actualites/y/a.md": "---\ntitle: B\ndate: 2022-01-01\n---\n"},
			[]string{"content/actualites/y/a.md:1: URL /actualites/a/ is also the URL of content/actualites/x/a.md"}},
		{"alias traversal", map[string]string{"content/x.md": "---\ntitle: X\naliases: [\"../../etc/\"]\n---\n"},
			[]string{"content/x.md:3: front matter: alias"}},
		{"alias encoded traversal", map[string]string{"content/x.md": "---\ntitle: X\naliases: [\"/a/%2e%2e/%2e%2e/b\"]\n---\n"},
			[]string{"content/x.md:3: front matter: alias"}},
		{"alias onto a page", map[string]string{
			"content/x.md": "---\ntitle: X\naliases: [/y/]\n---\n",
			"content/y.md": "---\ntitle: Y\n---\n"},
			[]string{"content/x.md:1: URL /y/ is also the URL of content/y.md"}},
		{"syntax", map[string]string{"content/x.md": "---\ntitle: [\n---\n"}, []string{"content/x.md:"}},
		{"invalid utf-8", map[string]string{"content/x.md": "---\ntitle: X\n---\nok\n\xff\xfe\n"},
			[]string{"content/x.md:5: the file is not valid UTF-8"}},
		{"reserved folder", map[string]string{"content/tags/x.md": "---\ntitle: X\n---\n"},
			[]string{"content/tags/x.md:1: content/tags/ is reserved"}},
		{"every bad file", map[string]string{
			"content/a.md": "---\ntitle: A\ndate: hier\n---\n",
			"content/b.md": "---\ndate: 2022-01-01\n---\n",
			"content/c.md": "pas de front matter"},
			[]string{"content/a.md:3:", "content/b.md:1:", "content/c.md:1:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.files, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%s\ndoes not contain:\n%s", err, w)
				}
			}
		})
	}
}

func FuzzSplitFront(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\n---\nbody", "+++\ntitle = 'x'\n+++\n", "{\n\"title\": 1\n}\n\nbody",
		"\ufeff---\r\ntitle: x\r\n---\r\n", "---\n", "---\n- a\n---\n", "{\n}\n\n", "---\na: &x [*x]\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fr, err := SplitFront(src)
		// Reading only the front matter gives what reading it all gives.
		whole, werr := splitFront(bytes.Clone(src), false)
		if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
			t.Fatalf("short read: error %v, whole read: %v", err, werr)
		}
		if err == nil && (!bytes.Equal(fr.Body, whole.Body) || fr.BodyLine != whole.BodyLine || !reflect.DeepEqual(fr.Values, whole.Values) || !reflect.DeepEqual(fr.Lines, whole.Lines)) {
			t.Fatalf("short read differs: body %q line %d, whole: body %q line %d", fr.Body, fr.BodyLine, whole.Body, whole.BodyLine)
		}
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok || se.Line < 1 {
				t.Fatalf("error %v is not a SyntaxError with a line", err)
			}
			return
		}
		if fr.BodyLine < 1 || len(fr.Body) > len(src) {
			t.Fatalf("BodyLine %d, body %d bytes of %d", fr.BodyLine, len(fr.Body), len(src))
		}
		for k, l := range fr.Lines {
			if l < 1 || l > fr.BodyLine {
				t.Fatalf("key %q at line %d, body at %d", k, l, fr.BodyLine)
			}
		}
	})
}
