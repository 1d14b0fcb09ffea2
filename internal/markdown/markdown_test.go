package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

func convert(t *testing.T, c *Converter, body string) Result {
	t.Helper()
	r, err := c.Convert([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name, in, want string
		more           bool
	}{
		{"more marker", "Un.\n\nDeux.\n\n<!--more-->\n\nTrois.", "<p>Un.</p>\n<p>Deux.</p>\n", true},
		{"more marker with spaces", "Un.\n\n<!-- more -->\n\nTrois.", "<p>Un.</p>\n", true},
		{"more right after text", "Un.\n<!--more-->\nTrois.", "<p>Un.</p>\n", true},
		{"first paragraph", "# Titre\n\nPremier.\n\nSecond.", "<p>Premier.</p>\n", false},
		{"none", "# Titre\n\n- liste", "", false},
		{"empty", "", "", false},
		{"marker inside code", "Un.\n\n```\n<!--more-->\n```\n\nDeux.", "<p>Un.</p>\n", false},
		{"marker in code span", "Un `<!--more-->`.\n\nDeux.", "<p>Un <code>&lt;!--more--&gt;</code>.</p>\n", false},
	}
	for _, unsafe := range []bool{false, true} {
		c := New(Options{UnsafeHTML: unsafe})
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/unsafe=%v", tt.name, unsafe), func(t *testing.T) {
				r := convert(t, c, tt.in)
				if string(r.Summary) != tt.want || r.HasMore != tt.more {
					t.Errorf("Summary = %q, HasMore = %v; want %q, %v", r.Summary, r.HasMore, tt.want, tt.more)
				}
				if strings.Contains(string(r.HTML), "more--") && !strings.Contains(tt.in, "`") {
					t.Errorf("the marker shows in %q", r.HTML)
				}
			})
		}
	}
}

func TestSections(t *testing.T) {
	c := New(Options{})
	r := convert(t, c, "Avant.\n\n## Un *deux*\n\nTexte du un.\n\n- liste\n\n## Vide\n## Trois\n\n##### Profond\n\nFin.\n")
	want := []Section{
		{ID: "un-deux", Heading: "Un deux", Body: "Texte du un. liste"},
		{ID: "vide", Heading: "Vide", Body: ""},
		{ID: "trois", Heading: "Trois", Body: "Profond Fin."},
	}
	if len(r.Sections) != len(want) {
		t.Fatalf("Sections = %+v, want %+v", r.Sections, want)
	}
	for i, s := range r.Sections {
		if s.ID != want[i].ID || s.Heading != want[i].Heading || s.Body != want[i].Body || !strings.HasPrefix(r.Text[s.Start:], s.Heading+" "+s.Body) {
			t.Errorf("section %d = %+v, want %+v at Text[Start:] of %q", i, s, want[i], r.Text)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	c := New(Options{French: true})
	r := convert(t, c, "# Titre\n\n## L'été à Saint-Étienne\n\n## Intro\n\n### Intro\n\n#### Intro\n\n##### Profond\n\n## ?!\n\n## Intro 1\n")
	want := []Heading{
		{2, "lete-a-saint-etienne", "L’été à Saint-Étienne"},
		{2, "intro", "Intro"},
		{3, "intro-1", "Intro"},
		{4, "intro-2", "Intro"},
		{2, "section", "?!"},
		{2, "intro-1-1", "Intro 1"},
	}
	if fmt.Sprint(r.TOC) != fmt.Sprint(want) {
		t.Errorf("TOC = %v\nwant %v", r.TOC, want)
	}
	for _, h := range want {
		if !strings.Contains(string(r.HTML), `id="`+h.ID+`"`) {
			t.Errorf("HTML lacks id %q: %s", h.ID, r.HTML)
		}
	}
	// IDs are unique per document, not per converter.
	r = convert(t, c, "## Intro")
	if r.TOC[0].ID != "intro" {
		t.Errorf("second document: ID = %q, want intro", r.TOC[0].ID)
	}
}

func TestRawHTML(t *testing.T) {
	tests := []struct {
		name, in   string
		unsafe     bool
		want, gone []string
	}{
		{"safe block escaped", "<script>alert(1)</script>", false, []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script>"}},
		{"safe inline escaped", "Un <b>gras</b>.", false, []string{"Un &lt;b&gt;gras&lt;/b&gt;."}, []string{"<b>"}},
		{"safe dangerous link dropped", "[x](javascript:alert(1))", false, []string{`<a href="">x</a>`}, []string{"javascript"}},
		{"safe dangerous image dropped", "![x](vbscript:msgbox)", false, []string{`<img src="" alt="x">`}, []string{"vbscript"}},
		{"unsafe block kept", "<div class=\"a\">\nx\n</div>", true, []string{"<div class=\"a\">\nx\n</div>"}, nil},
		{"unsafe inline kept", "Un <b>gras</b>.", true, []string{"Un <b>gras</b>."}, nil},
		{"unsafe link", "[x](javascript:alert(1))", true, []string{`<a href="#">x</a>`}, []string{"javascript"}},
		{"unsafe link upper case", "[x](JaVaScRiPt:alert(1))", true, []string{`<a href="#">x</a>`}, []string{"alert"}},
		{"unsafe link entity", "[x](jav&#x09;ascript:alert(1))", true, []string{`<a href="#">x</a>`}, []string{"alert"}},
		{"unsafe image data", "![x](data:image/svg+xml;base64,AAAA)", true, []string{`<img src="#" alt="x">`}, []string{"base64"}},
		{"unsafe autolink", "<javascript:alert(1)>", true, []string{`<a href="#">javascript:alert(1)</a>`}, []string{`href="javascript`}},
		{"unsafe href", `<a href="javascript:alert(1)">x</a>`, true, []string{`<a href="#">x</a>`}, []string{"alert"}},
		{"unsafe href entity trick", `<a href="jav&#x09;ascript:alert(1)">x</a>`, true, []string{`<a href="#">x</a>`}, []string{"alert"}},
		{"unsafe href spaces", `<a href=" &#14;javascript:alert(1)">x</a>`, true, []string{`<a href="#">x</a>`}, []string{"alert"}},
		{"unsafe src unquoted", `<img src=javascript:alert(1) alt=x>`, true, []string{`<img src=# alt=x>`}, []string{"alert"}},
		{"unsafe single quotes", `<iframe src='data:text/html,x'></iframe>`, true, []string{`<iframe src='#'></iframe>`}, []string{"data:"}},
		{"unsafe form action", `<form action="vbscript:x"><button formaction="javascript:y">b</button></form>`, true,
			[]string{`action="#"`, `formaction="#"`}, []string{"vbscript", "javascript"}},
		{"unsafe xlink", `<svg><a xlink:href="javascript:x">y</a></svg>`, true, []string{`xlink:href="#"`}, []string{"javascript"}},
		{"unsafe safe URL kept", `<a href="https://x.org/">x</a>`, true, []string{`<a href="https://x.org/">x</a>`}, nil},
		{"unsafe title kept", `<a title="javascript:x" href="/a">x</a>`, true, []string{`title="javascript:x"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := convert(t, New(Options{UnsafeHTML: tt.unsafe}), tt.in)
			for _, w := range tt.want {
				if !strings.Contains(string(r.HTML), w) {
					t.Errorf("HTML %q lacks %q", r.HTML, w)
				}
			}
			for _, g := range tt.gone {
				if strings.Contains(string(r.HTML), g) {
					t.Errorf("HTML %q holds %q", r.HTML, g)
				}
			}
		})
	}
}

func TestLinks(t *testing.T) {
	body := "Un [lien](/a/) et ![image](/img.png).\n" +
		"\n" +
		"Texte sur\ndeux lignes [là](https://x.org/b \"titre\").\n" +
		"\n" +
		"- item <https://auto.org/>\n" +
		"- [réf][r] et www.exemple.org\n" +
		"\n" +
		"| a | b |\n|---|---|\n| [t](/t/) | c |\n" +
		"\n" +
		"[r]: /ref/\n"
	r := convert(t, New(Options{French: true}), body)
	want := []Link{
		{"/a/", 1, false, "/a/", false},
		{"/img.png", 1, true, "/img.png", false},
		{"https://x.org/b", 4, false, "https://x.org/b", false},
		{"https://auto.org/", 6, false, "https://auto.org/", false},
		{"/ref/", 7, false, "/ref/", false},
		{"http://www.exemple.org", 7, false, "http://www.exemple.org", false},
		{"/t/", 11, false, "/t/", false},
	}
	if fmt.Sprint(r.Links) != fmt.Sprint(want) {
		t.Errorf("Links = %v\nwant %v", r.Links, want)
	}
}

// resolver resolves the relative links of TestResolvedLinks: photo.jpg and
// autre.md lead somewhere, absent.png nowhere.
type resolver map[string]string

func (r resolver) Resolve(dest string, image bool) (string, bool) {
	url, ok := r[dest]
	return url, ok
}

// TestResolvedLinks checks that a Resolver rewrites relative links and
// images, and only them, and that a destination it does not know stays
// as written.
func TestResolvedLinks(t *testing.T) {
	body := "![Photo](photo.jpg \"Titre\") [autre](autre.md#suite) [absent](absent.png)\n" +
		"[racine](/charte/) [ancre](#haut) [web](https://x.org/) <mailto:a@b.org> [requête](?q=1)\n"
	r, err := New(Options{}).ConvertPage([]byte(body), resolver{"photo.jpg": "/actualites/photo.jpg", "autre.md#suite": "/actualites/autre/#suite"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<img src="/actualites/photo.jpg" alt="Photo" title="Titre">`, `<a href="/actualites/autre/#suite">`, `<a href="absent.png">`,
		`<a href="/charte/">`, `<a href="#haut">`, `<a href="https://x.org/">`, `<a href="?q=1">`} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("HTML lacks %s:\n%s", want, r.HTML)
		}
	}
	resolved := map[string]bool{}
	for _, l := range r.Links {
		resolved[l.Dest] = l.Resolved
	}
	if !resolved["photo.jpg"] || !resolved["autre.md#suite"] || resolved["absent.png"] || resolved["/charte/"] {
		t.Errorf("links: %+v", r.Links)
	}
}

func TestCRLF(t *testing.T) {
	r := convert(t, New(Options{}), "Un\r\n\r\n## Deux\r\n\r\n[x](/x/)\r\n")
	if strings.Contains(string(r.HTML), "\r") {
		t.Errorf("HTML holds CR: %q", r.HTML)
	}
	if string(r.Summary) != "<p>Un</p>\n" || len(r.TOC) != 1 || r.TOC[0].ID != "deux" {
		t.Errorf("Summary %q, TOC %v", r.Summary, r.TOC)
	}
	if len(r.Links) != 1 || r.Links[0].Line != 5 {
		t.Errorf("Links = %v, want /x/ on line 5", r.Links)
	}
}

func TestExtensions(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"footnote", "Texte[^1].\n\n[^1]: La note.", `<li id="fn:1">`},
		{"footnote ref", "Texte[^1].\n\n[^1]: La note.", `<a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a>`},
		{"table", "| a | b |\n|---|--:|\n| 1 | 2 |", "<td style=\"text-align:right\">2</td>"},
		{"definition list", "Terme\n: Définition", "<dl>\n<dt>Terme</dt>\n<dd>Définition</dd>\n</dl>"},
		{"task list", "- [x] fait\n- [ ] à faire", `<li><input checked="" disabled="" type="checkbox" aria-label="fait"> fait</li>`},
		{"strikethrough", "~~non~~", "<del>non</del>"},
		{"linkify", "Voir https://x.org.", `<a href="https://x.org">https://x.org</a>.`},
		{"heading attributes", "## Titre {#mon-id .c}", `<h2 id="mon-id" class="c">Titre</h2>`},
		{"block attributes", "Un paragraphe\n{.note #p1}", `<p class="note" id="p1">Un paragraphe</p>`},
		{"braces that are not attributes", "{ pas des attributs }", `<p>{ pas des attributs }</p>`},
		{"no goldmark typographer", "a -- b << c", "a -- b &lt;&lt; c"},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := convert(t, c, tt.in); !strings.Contains(string(r.HTML), tt.want) {
				t.Errorf("HTML %q lacks %q", r.HTML, tt.want)
			}
		})
	}
}

func TestFrench(t *testing.T) {
	c := New(Options{French: true})
	r := convert(t, c, "L'été : \"oui\" ?\n\n`l'été : ?`")
	want := "<p>L’été\u00a0: «\u202foui\u202f»\u202f?</p>\n<p><code>l'été : ?</code></p>\n"
	if string(r.HTML) != want {
		t.Errorf("HTML = %q\nwant %q", r.HTML, want)
	}
	if got := c.Typeset("L'été : oui"); got != "L’été\u00a0: oui" {
		t.Errorf("Typo = %q", got)
	}
	if got := New(Options{}).Typeset("L'été : oui"); got != "L'été : oui" {
		t.Errorf("Typo without French = %q", got)
	}
	if r := convert(t, New(Options{}), "L'été : oui"); string(r.HTML) != "<p>L'été : oui</p>\n" {
		t.Errorf("without French: %q", r.HTML)
	}
}

func TestTextAndWords(t *testing.T) {
	r := convert(t, New(Options{French: true}), "# Titre\n\nUn  *deux*\ntrois : quatre &amp; `cinq`.\n\n<div>caché</div>\n\n```\nsix\n```\n")
	if want := "Titre Un deux trois\u00a0: quatre & cinq. six"; r.Text != want {
		t.Errorf("Text = %q, want %q", r.Text, want)
	}
	if r.Words != 7 {
		t.Errorf("Words = %d, want 7", r.Words)
	}
}

func TestInline(t *testing.T) {
	tests := []struct {
		name, in, want string
		french         bool
	}{
		{"paragraph unwrapped", "*Bonjour* le monde", "<em>Bonjour</em> le monde", false},
		{"french", "l'été !", "l’été\u202f!", true},
		{"two paragraphs kept", "un\n\ndeux", "<p>un</p>\n<p>deux</p>", false},
		{"escaped HTML", "<b>x</b>", "&lt;b&gt;x&lt;/b&gt;", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(New(Options{French: tt.french}).Inline(tt.in)); got != tt.want {
				t.Errorf("Inline(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestConcurrentConvert(t *testing.T) {
	c := New(Options{French: true})
	want := convert(t, c, page)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				r, err := c.Convert([]byte(page))
				if err != nil || string(r.HTML) != string(want.HTML) || fmt.Sprint(r.TOC) != fmt.Sprint(want.TOC) {
					t.Errorf("concurrent Convert differs")
					return
				}
			}
		})
	}
	wg.Wait()
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		page, "", "<!--more-->", "## a\n## a", "[x](javascript:1)", "<a href='javascript:1'>", "\"l'été\" : ?",
		"| a |\n|---|\n| b |", "[^1]\n\n[^1]: x", "a\r\nb", "<div\n", "`<!--more-->`", "- [ ] x", "t\n: d",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	safe, unsafe := New(Options{French: true}), New(Options{French: true, UnsafeHTML: true})
	f.Fuzz(func(t *testing.T, s string, u bool) {
		c := safe
		if u {
			c = unsafe
		}
		r, err := c.Convert([]byte(s))
		var limit *LimitError
		if errors.As(err, &limit) {
			if limit.Line < 1 || limit.Line > 1+strings.Count(s, "\n") {
				t.Fatalf("limit error at line %d of %q", limit.Line, s)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(s) {
			return
		}
		for name, b := range map[string]string{"HTML": string(r.HTML), "Summary": string(r.Summary), "Text": r.Text} {
			if !utf8.ValidString(b) {
				t.Fatalf("%s of %q is not valid UTF-8: %q", name, s, b)
			}
		}
		if !u && strings.Contains(strings.ToLower(string(r.HTML)), "<script") {
			t.Fatalf("safe HTML of %q holds a script: %q", s, r.HTML)
		}
		_ = c.Inline(s)
	})
}

// BenchmarkConvert converts the page below ("page") and the generated
// pages of testdata/pages, all of them in one operation ("pages"), with
// French typography as most sites have it.
func BenchmarkConvert(b *testing.B) {
	c := New(Options{French: true})
	b.Run("page", func(b *testing.B) {
		body := []byte(page)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Convert(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pages", func(b *testing.B) {
		bodies := benchPages(b)
		size := 0
		for _, body := range bodies {
			size += len(body)
		}
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, body := range bodies {
				if _, err := c.Convert(body); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkGoldmark converts the pages of BenchmarkConvert with plain
// goldmark (GFM, footnotes, definition lists, heading IDs), as the floor
// tool does: what Convert costs beyond it is this package's own work.
func BenchmarkGoldmark(b *testing.B) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	bodies := benchPages(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			buf.Reset()
			if err := md.Convert(body, &buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkInline renders short front matter fields, as templates do.
func BenchmarkInline(b *testing.B) {
	c := New(Options{French: true})
	fields := []string{
		"Quels moyens mobiliser pour qu'une alliance locale dure au-delà de son premier financement ?",
		"La Fondation des Territoires fait alliance à Lille (n° 138)",
		"Un *atelier* en ligne : « Moyens »",
		"Rencontre nationale",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range fields {
			c.Inline(f)
		}
	}
}

// BenchmarkTypo applies French typography to page titles.
func BenchmarkTypo(b *testing.B) {
	c := New(Options{French: true})
	titles := []string{
		"La Fondation des Territoires fait alliance à Lille (n° 138)",
		"L'ingénierie de proximité : un métier ?",
		"Rencontre nationale",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range titles {
			c.Typeset(s)
		}
	}
}

// page is a realistic news post of about 600 words.
const page = `Le réseau des catalyseurs territoriaux s'est réuni le 2 juin pour faire le point sur l'année écoulée. Voici ce qu'il faut en retenir : des rencontres, des outils partagés et une charte qui avance.

<!--more-->

## Les rencontres de l'été

Trois webinaires ont rassemblé plus de 120 participants. Le premier, consacré à "l'ingénierie de la coopération", a permis de confronter des pratiques très diverses ; le deuxième portait sur les financements ; le troisième sur l'évaluation. Chaque séance commençait à 13:00 et durait une heure... parfois un peu plus !

Les participants ont salué la qualité des échanges. « C'est la première fois que je peux comparer mon travail avec celui d'autres territoires », a confié une animatrice. Un autre a ajouté : "On repart avec des idées concrètes, et surtout des contacts."

### Ce qui a marché

- des formats courts (une heure, pas plus) ;
- des témoignages concrets plutôt que des exposés ;
- un temps d'échange en petits groupes ;
- un compte rendu envoyé le lendemain.

### Ce qui reste à améliorer

L'horaire de 13:00 ne convient pas à tout le monde. Faut-il proposer une séance en fin de journée ? La question sera posée lors de la prochaine plénière. Le ratio entre temps de présentation et temps d'échange (2:1 aujourd'hui) pourrait aussi évoluer.

## La charte du faire alliance

La rédaction de la charte se poursuit. Les chapitres "Principes" et "Actions collectives" sont désormais stables ; le chapitre "Moyens" est encore en discussion. Vous pouvez consulter la version de travail sur [le site du réseau](https://example.org/charte/ "La charte : version de travail") et envoyer vos remarques à <contact@example.org>.

| Chapitre | État | Prochaine étape |
|---|---|---|
| Principes | stable | relecture finale |
| Actions collectives | stable | mise en page |
| Moyens | en discussion | atelier du 15 septembre |

Les contributions reçues portent surtout sur trois points :

1. la place des collectivités dans la gouvernance ;
2. le partage des données entre membres ;
3. la reconnaissance du temps bénévole.

Sur ce dernier point, plusieurs membres ont rappelé que "le temps passé à coopérer est un temps de travail". Le groupe de rédaction proposera une formulation à l'automne[^1].

## Les prochains rendez-vous

**Jeudi 18 septembre** : atelier en ligne sur le chapitre "Moyens", de 10:30 à 12:00. L'inscription est gratuite mais obligatoire ; le lien de connexion sera envoyé la veille.

**Mardi 7 octobre** : rencontre nationale à Lyon. Au programme : bilan de l'année, adoption de la charte, et une soirée conviviale ! Les frais de déplacement peuvent être pris en charge pour les structures qui en font la demande.

Pour toute question, écrivez-nous. Et n'oubliez pas : le réseau, c'est vous !

> « Coopérer, ce n'est pas renoncer à ses projets ; c'est leur donner plus de force. »

Quelques ressources utiles :

- le guide "Animer un réseau territorial" (PDF, 2 Mo) : https://example.org/guide.pdf
- la boîte à outils : https://example.org/outils/?theme=cooperation&format=court
- l'enregistrement du premier webinaire (1 h 05)

Enfin, merci à toutes celles et ceux qui ont contribué à cette année riche... et à bientôt !

[^1]: Le calendrier précis sera communiqué lors de l'atelier du 18 septembre.
`

func TestLimits(t *testing.T) {
	c := New(Options{})
	for _, tt := range []struct {
		in   string
		line int // 0: no error
	}{
		{strings.Repeat("- ", 50) + "x\n", 0},
		{"a\n\n" + strings.Repeat("- ", 51) + "x\n", 3},
		{strings.Repeat(">", 101) + " x\n", 1},
		{"```\n" + strings.Repeat(" ", 300) + "- x\n```\n", 0},
		{"~~~\n```\n~~~\n" + strings.Repeat(" ", 101) + "x\n", 4},
		{strings.Repeat("\t", 26) + "- x\n", 1},
		{strings.Repeat("1. ", 40) + "x\n", 1},
		{strings.Repeat("x[^1]\n", 2000), 0},
		{strings.Repeat("x[^1]\n", 2001), 2001},
	} {
		_, err := c.Convert([]byte(tt.in))
		var le *LimitError
		switch {
		case tt.line == 0 && err != nil:
			t.Errorf("%.40q: %v", tt.in, err)
		case tt.line != 0 && (!errors.As(err, &le) || le.Line != tt.line):
			t.Errorf("%.40q: error %v, want a limit at line %d", tt.in, err, tt.line)
		}
	}
	if got := string(c.Inline(strings.Repeat("> ", 60) + "<b>x</b>")); !strings.Contains(got, "&lt;b&gt;") {
		t.Errorf("Inline of a text nested too deeply = %q, want it escaped", got)
	}
}

func TestTaskListNames(t *testing.T) {
	res, err := New(Options{French: true}).Convert([]byte("- [x] Écrire la charte\n- [ ] Relire le *texte* \"final\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<input checked="" disabled="" type="checkbox" aria-label="Écrire la charte"> `,
		"<input disabled=\"\" type=\"checkbox\" aria-label=\"Relire le texte «\u202ffinal\u202f»\"> ",
	} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("HTML lacks %s:\n%s", want, res.HTML)
		}
	}
}
