package email

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

func TestText(t *testing.T) {
	long := strings.Repeat("mot ", 30)
	tests := []struct {
		name, html, want string
	}{
		{"headings underlined by level",
			`<h1>Lettre de décembre</h1><h2>À la une</h2><h3>Un titre</h3><h4>Plus bas</h4>`,
			"Lettre de décembre\n==================\n\nÀ la une\n--------\n\nUn titre\n~~~~~~~~\n\nPlus bas\n~~~~~~~~\n"},
		{"paragraphs separated by blank lines",
			`<p>Un.</p><p>Deux.</p><div>Trois.</div><div>Quatre.</div>`,
			"Un.\n\nDeux.\n\nTrois.\nQuatre.\n"},
		{"white space collapsed, inline elements joined",
			"<p>  Un\n\t<b>gras</b><i>italique</i>  fin </p>",
			"Un grasitalique fin\n"},
		{"line breaks",
			`<p>Bonne lecture,<br>l’équipe</p>`,
			"Bonne lecture,\nl’équipe\n"},
		{"unordered list, nested",
			`<ul><li>un</li><li>deux<ul><li>deux-un</li></ul></li><li>trois</li></ul>`,
			"- un\n- deux\n  - deux-un\n- trois\n"},
		{"ordered list with start and value",
			`<ol start="9"><li>neuf</li><li>dix</li><li value="20">vingt</li><li>vingt et un</li></ol>`,
			"9. neuf\n10. dix\n20. vingt\n21. vingt et un\n"},
		{"reversed list",
			`<ol reversed><li>trois</li><li>deux</li><li>un</li></ol>`,
			"3. trois\n2. deux\n1. un\n"},
		{"list item lines indented to the text",
			`<ol><li>` + long + `</li></ol>`,
			"1. " + strings.TrimSpace(strings.Repeat("mot ", 17)) + "\n   " + strings.TrimSpace(strings.Repeat("mot ", 13)) + "\n"},
		{"list between paragraphs",
			`<p>Avant :</p><ul><li>a</li></ul><p>Après.</p>`,
			"Avant :\n\n- a\n\nAprès.\n"},
		{"blockquote",
			`<p>Il a dit :</p><blockquote><p>Un.</p><p>Deux.</p><blockquote>Trois.</blockquote></blockquote><p>Fin.</p>`,
			"Il a dit :\n\n> Un.\n>\n> Deux.\n>\n> > Trois.\n\nFin.\n"},
		{"links as numbered references",
			`<p><a href="https://example.org/a">Un</a>, <a href="https://example.org/b">deux</a> et <a href="https://example.org/a">un encore</a>.</p>`,
			"Un [1], deux [2] et un encore [1].\n\n[1] https://example.org/a\n[2] https://example.org/b\n"},
		{"a reference waits for the end of the word its link ends in",
			`<p>Les <a href="https://example.org/a">projet</a>s, l’<a href="https://example.org/b">Agence</a>, <a href="https://example.org/c">un</a><a href="https://example.org/d">deux</a>.</p>`,
			"Les projets [1], l’Agence [2], undeux [3] [4].\n\n[1] https://example.org/a\n[2] https://example.org/b\n[3] https://example.org/c\n[4] https://example.org/d\n"},
		{"a link that shows its URL gets no reference",
			`<p><a href="https://example.org/">https://example.org/</a> <a href="https://example.org/x">example.org/x</a> <a href="mailto:contact@example.org">contact@example.org</a></p>`,
			"https://example.org/ example.org/x contact@example.org\n"},
		{"relative, fragment and script links get none",
			`<p><a href="/actualites/">rel</a> <a href="#haut">haut</a> <a href="javascript:alert(1)">js</a> <a>nu</a></p>`,
			"rel haut js nu\n"},
		{"a link around a block",
			`<a href="https://example.org/a"><h2>Titre</h2></a><p>Texte</p>`,
			"Titre [1]\n---------\n\nTexte\n\n[1] https://example.org/a\n"},
		{"a link in a heading",
			`<h2><a href="https://example.org/a">Titre</a></h2>`,
			"Titre [1]\n---------\n\n[1] https://example.org/a\n"},
		{"a note's number in superscript digits, other superscripts as text",
			`<p>un travail invisible<sup id="fnref:1">12</sup>, le 1<sup>er</sup> juin</p>`,
			"un travail invisible¹², le 1er juin\n"},
		{"images as their alt text",
			`<p><img src="https://example.org/a.jpg" alt="Une carte"> <img src="https://example.org/b.jpg" alt=""><img src="https://example.org/c.jpg"></p><a href="https://example.org/"><img src="https://example.org/logo.png" alt="Logo"></a>`,
			"Une carte\n\nLogo [1]\n\n[1] https://example.org/\n"},
		{"hidden content left out",
			`<div style="display:none;max-height:0">Préheader</div><p hidden>caché</p><span style="mso-hide: all">outlook</span><script>var x</script><style>p{}</style><template><p>t</p></template><noscript>ns</noscript><p>Visible</p>`,
			"Visible\n"},
		{"the head left out",
			`<html><head><title>Titre</title></head><body><p>Corps</p></body></html>`,
			"Corps\n"},
		{"preformatted text kept",
			"<p>Code :</p><pre>un\n\tdeux\n  trois</pre><p>Fin</p>",
			"Code :\n\nun\n        deux\n  trois\n\nFin\n"},
		{"horizontal rule",
			`<p>a</p><hr><p>b</p>`,
			"a\n\n* * *\n\nb\n"},
		{"definition list",
			`<dl><dt>Lieu</dt><dd>Lille</dd><dt>Prix</dt><dd>gratuit</dd></dl>`,
			"Lieu\n    Lille\nPrix\n    gratuit\n"},
		{"data table as columns",
			`<table><thead><tr><th>Date</th><th>Lieu</th></tr></thead><tbody><tr><td>14 janv.</td><td><a href="https://example.org/l">En ligne</a></td></tr><tr><td>18 mars</td><td>Lille</td></tr></tbody></table>`,
			"Date     | Lieu\n---------+-------------\n14 janv. | En ligne [1]\n18 mars  | Lille\n\n[1] https://example.org/l\n"},
		{"wide data table as records",
			`<table><caption>Agenda</caption><tr><th>Date</th><th>Événement</th></tr><tr><td>14 janv.</td><td>` + long + `</td></tr><tr><td>18 mars</td><td>Université de printemps</td></tr></table>`,
			"Agenda\n\nDate\u00a0: 14 janv.\nÉvénement\u00a0: " + strings.TrimSpace(strings.Repeat("mot ", 15)) + "\n" + strings.TrimSpace(strings.Repeat("mot ", 15)) + "\n\nDate\u00a0: 18 mars\nÉvénement\u00a0: Université de printemps\n"},
		{"layout table read cell by cell",
			`<table role="presentation"><tr><td>Date</td><td><p>Titre</p><p>Lieu</p></td></tr></table>`,
			"Date\n\nTitre\n\nLieu\n"},
		{"table without header cells is a layout table",
			`<table><tr><td>a</td><td>b</td></tr></table>`,
			"a\nb\n"},
		{"a fragment, as a Markdown body",
			`<p>Premier</p>` + "\n" + `<ul>` + "\n" + `<li>point</li>` + "\n" + `</ul>`,
			"Premier\n\n- point\n"},
		{"empty", ``, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text([]byte(tc.html)); got != tc.want {
				t.Errorf("Text(%q)\n got: %q\nwant: %q\n%s", tc.html, got, tc.want, got)
			}
		})
	}
}

func TestTextWrap(t *testing.T) {
	url := "https://example.org/actualites/un-tres-long-chemin-qui-ne-tient-pas-sur-une-ligne-de-texte/"
	para := "Novembre a été un mois de bilans\u202f: les douze territoires pilotes du programme\u00a0«\u202fChef de projets Innovation Territoriale\u202f» ont présenté leurs résultats le 19\u00a0novembre, en\u00a0présence des fondations\u202f; voir " + url + " pour tout lire\u202f!"
	got := Text([]byte("<p>" + para + "</p>"))
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	for _, l := range lines {
		if w := textWidth(l); w > TextWidth && l != url {
			t.Errorf("line of %d columns (> %d): %q", w, TextWidth, l)
		}
		for _, nb := range []string{"\u00a0", "\u202f"} {
			if strings.HasPrefix(l, nb) || strings.HasSuffix(l, nb) {
				t.Errorf("line broken at a no-break space: %q", l)
			}
		}
		if strings.HasPrefix(l, "!") || strings.HasPrefix(l, ";") || strings.HasPrefix(l, ":") || strings.HasPrefix(l, "»") {
			t.Errorf("line starts with punctuation that a no-break space holds to the word before: %q", l)
		}
	}
	if !strings.Contains(got, "\n"+url+"\n") {
		t.Errorf("the URL is not whole on a line of its own:\n%s", got)
	}
	// Every word kept, in order.
	if strings.Join(strings.Fields(strings.ReplaceAll(got, "\n", " ")), " ") != strings.Join(strings.Fields(para), " ") {
		t.Errorf("words changed:\n got %q\nwant %q", got, para)
	}
	// And the width is used: no line could take the next word.
	for i := 0; i+1 < len(lines); i++ {
		next := strings.SplitN(lines[i+1], " ", 2)[0]
		if lines[i] != url && textWidth(lines[i])+1+textWidth(next) <= TextWidth {
			t.Errorf("line %d %q could have taken %q", i, lines[i], next)
		}
	}
}

func TestTextWidthOfRunes(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "été": 3, "e\u0301te\u0301": 3, "日本": 4, "a\u00adb": 2, "\u202f": 1, "": 0} {
		if got := textWidth(s); got != want {
			t.Errorf("textWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestTextEdition compares the sample edition's text with a golden file
// (go test -run TextEdition -update rewrites it) and checks its lines.
func TestTextEdition(t *testing.T) {
	inlined, err := Inline(readEdition(t))
	if err != nil {
		t.Fatal(err)
	}
	got := Text(inlined)
	const golden = "testdata/edition.txt"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the text of the edition differs from %s (go test -run TextEdition -update rewrites it):\n%s", golden, got)
	}
	for i, l := range strings.Split(got, "\n") {
		if textWidth(l) > TextWidth {
			t.Errorf("line %d is %d columns wide: %q", i+1, textWidth(l), l)
		}
	}
	for _, s := range []string{"Lettre du réseau – décembre\u00a02026\n================================\n", "[1] https://example.org/lettres/2026-12/\n"} {
		if !strings.Contains(got, s) {
			t.Errorf("the text has no %q", s)
		}
	}
}

// TestOneColumn checks that the runes runeWidth knows to be one column
// wide without looking them up are, and that the ranges are in order.
func TestOneColumn(t *testing.T) {
	last := rune(0)
	for _, g := range oneColumn {
		if g.lo <= last || g.hi < g.lo || g.hi >= 0x2060 {
			t.Errorf("range %X-%X out of order", g.lo, g.hi)
		}
		last = g.hi
		for r := g.lo; r <= g.hi; r++ {
			if w := lookupWidth(r); w != 1 {
				t.Errorf("U+%04X is %d columns wide", r, w)
			}
		}
	}
}

func TestSameURL(t *testing.T) {
	for _, tc := range []struct {
		text, href string
		want       bool
	}{
		{"https://example.org/", "https://example.org/", true},
		{"EXAMPLE.org", "http://www.example.org//", true},
		{"Example.org/x", "https://example.org/y", false},
		{"mailto:A@B.fr", "mailto:a@b.fr", true},
		{"Lire en ligne et réagir", "https://example.org/", false},
		{"exémple.org", "https://exémple.org", true},
		{"\u212a.org", "https://k.org", true}, // the Kelvin sign lower-cases to k
		{"\u0130.org", "https://i.org", true},
		{"\xff.org", "https://\xff.org", true},
		{"\xff.org", "https://x.org", false},
	} {
		if got := sameURL(tc.text, tc.href); got != tc.want {
			t.Errorf("sameURL(%q, %q) = %t, want %t", tc.text, tc.href, got, tc.want)
		}
	}
}
