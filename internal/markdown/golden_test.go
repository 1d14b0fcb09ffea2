package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// The golden test converts the tricky inputs below with each kind of
// Converter and compares every output with testdata/tricky.golden, a txtar
// archive a reviewer reads: the input, then what each Converter makes of
// it. Run with -update to rewrite it, and read the diff.
var update = flag.Bool("update", false, "rewrite testdata/tricky.golden from the current outputs")

const trickyGolden = "testdata/tricky.golden"

// trickyInputs are small texts that exercise the corners of the dialect and
// of the French rules.
var trickyInputs = []string{
	"",
	"\n",
	"   ",
	"Un seul paragraphe.",
	"Texte[^1] et autre[^note].\n\n[^1]: La note : « courte » !\n[^note]: Une autre ; plus longue...\n\n    avec du code\n",
	"Référence[^x] répétée[^x].\n\n[^x]: Note partagée.\n",
	"| a | \"b\" |\n|:--|--:|\n| l'été | 10 000 € |\n| x ; y | 13:00 ! |\n",
	"| seul |\n|---|\n",
	"- un\n  - deux\n    - trois : « quatre »\n      1. cinq ?\n      2. six !\n- sept\n\n  suite du premier ; paragraphe\n",
	"1. un\n1. deux\n\n* a\n* b\n\n+ c\n",
	"- [x] fait : oui\n- [ ] à faire ? \"bientôt\"\n  - [x] imbriqué\n",
	"```go\nfunc main() { fmt.Println(\"l'été : ?\") }\n```\n\nAprès le code : \"texte\".",
	"~~~\n<!--more-->\n~~~\n\nSuite.",
	"    code indenté ; l'été\n\ntexte",
	"Un `code ` avec ``double ` accent`` et `l'été : x`.",
	"<div class=\"x\">\n<p>l'été : bloc</p>\n</div>\n\nAprès : le bloc.",
	"<script>alert('x')</script>\n\nTexte <b onclick=\"x()\">gras</b> <a href=\"javascript:alert(1)\">lien</a>.",
	"<!-- commentaire -->\n\nTexte.\n\n<!-- more -->\n\nSuite.",
	"Avant <!--more--> après dans le paragraphe.\n\nSecond.",
	"Premier.\n\n<!--MORE-->\n\n<!--more-->\n\nFin.",
	"# Titre\n\n<!--more-->",
	"<!--more-->\n\nRien avant.",
	"> Citation : « oui » !\n> > imbriquée ; \"non\" ?\n\nFin.",
	"« guillemets »«collés» « espacés » et \"droits\" et 'simples'.",
	"Ponctuation:collée;partout!vraiment?oui\n\nPonctuation : espacée ; partout ! vraiment ? oui",
	"Groupe ?! et !? et ?? et !!! et ... et .... et …",
	"Le 1er mai, le 2e jour, 10 000 personnes, 3,5 %, 2:1, 13:00, 12\" de long.",
	"aujourd'hui l'été c'est qu'il n'y a 'personne' l’été",
	"Espaces\u00a0: déjà\u202f! insécables\u00a0; « ok\u00a0»",
	"Entités &amp; &quot;quot&quot; &#39;apos&#39; &eacute;t&eacute; &#x2026; &nbsp;: &copy;",
	"Échappés \\\"quot\\\" \\' \\! \\: \\* \\_ \\\\",
	"Liens [l'été](/ete/ \"titre : l'été\") ![image : x](/i.png) <https://x.org/a?b=c:d> <x@y.org> www.exemple.org et https://auto.org/chemin.",
	"[réf][r] [réf2] [absente][nope]\n\n[r]: /ref/ \"Titre\"\n[réf2]: <https://x.org/ref 2>\n",
	"Un lien\nsur [deux\nlignes](/deux/) et [vide]().",
	"Mail <MAILTO:X@Y.ORG> et <mailto:a@b.c> et a@b.org.",
	"## Intro\n\n## Intro\n\n### Intro\n\n#### L'été à Saint-Étienne ?\n\n##### Cinq\n\n###### Six\n\n## ?!\n\n## `code` et *emphase*\n",
	"Titre setext\n============\n\nSous-titre\n----------\n",
	"## Titre {#mon-id}\n\n## Titre {.classe}",
	"Terme\n: Définition : « une »\n: Deux ?\n\nAutre terme\n\n: Longue définition.\n",
	"~~barré~~ et *em* **fort** ***les deux*** _sous_ __lignés__",
	"ligne un  \nligne deux\\\nligne trois\nligne quatre",
	"Texte\r\navec\r\n\r\n## CRLF\r\n\r\n[x](/x/)\r\n",
	"Invalide \xff\xfe octets 'ici' : \"là\" \xc3",
	"<a href=\"https://x.org/\">https://x.org/</a> : <span title=\"a : b\">c'est</span>",
	"<img src=\"data:image/png;base64,AAAA\" alt=\"x\">\n\n![x](data:x) [y](vbscript:z) [z](JAVASCRIPT:w)",
	"Un tiret -- et --- et <<flèches>> et (c) et 1/2.",
	"***\n\n---\n\n___",
	"Ceci est un texte très long " + strings.Repeat("avec des mots : « répétés » ; ", 200) + "fin.",
	strings.Repeat("- élément ; \"x\"\n", 50),
	strings.Repeat("> ", 20) + "profond : oui",
	"x[^1]\n" + strings.Repeat("\n[^1]: a", 3),
	"[^1]: définition seule",
	"Paragraphe <em>inline</em> &lt;échappé&gt; <br> <!-- c --> fin",
	"http: et mailto: et https: sont des schémas ; std::vector et a:b",
	"\"Quoi ?\" dit-il. Il dit : \"Quoi ?\" « Oui ! »",
	"l'\"objet\" et \"mot\"s et \"\" et \" seul",
	"\t- tab\n\n\t\tcode\n",
	"| a |\n|---|\n| `x | y` | [l](/l/) |\n",
	"Image ![alt *em* « x »](/a.png \"t\") et lien image [![i](/i.png)](/cible/).",
	// URLs in text, which French typography leaves alone.
	"Voir http://x.org/a?b=c;d!e et HTTPS://X.ORG:8080/p?q ; fin",
	"Schémas : git+ssh://h/p, svn+https://h, a-b.c://x, x1://y et mailto:a@b.c ?",
	"Long : abcdefghijklmnopqrstuvwxyzabcdefg://x et abcdefghijklmnopqrstuvwxyzabcdef://y !",
	"www.a.org ? WWW.B.ORG ! Www.c.org : wwwd.org ; ww.e.org et x.www.f.org",
	"Le préfixe http: ou tel:+33 1 ou urn:isbn:123 ou data:x ou news:a ; fin",
	"(https://x.org) « https://y.org » \"https://z.org\" 'https://w.org' fin",
	"a/http://x.org et a.http://y.org et é http://z.org ?",
	"Côté::deux et a:b:c://d et 12:30:00 ! et :http://x",
	// Spaces around punctuation and quotes, tabs and double spaces.
	"un\t; deux\t: trois\t! quatre\t? cinq\t» six",
	"«\tmot » et «  mot  » et «\u00a0mot\u00a0» et \"  mot  \"",
	"Fin ?  Fin !  Fin :  Fin ;  fin.",
	" début et fin ",
	"*em* suivi : de **fort** ; puis `code` ! et [lien](/l/) ?",
	"a *b* c **d** e _f_ g ~~h~~ i",
	// Escapes and references that stand for punctuation.
	"Points \\.\\.\\. et .\\.. et &period;&period;&period; et &#46;.. fin",
	"Deux-points &colon; et http&colon;//x.org et &quest; &excl; &semi;",
	"Apostrophe &apos; &#x27; \\' et guillemets &laquo;x&raquo; &#171; y &#187;",
	// Ellipses across emphasis and nodes.
	"Et puis*...* ou *.*.. ou ..*.* ou ....",
	// Invalid UTF-8 split by emphasis, for the word count.
	"x \xc3*\xa9* y \xe2*\x80*\xaf z",
	"\xc3\xa9 *\xc3*\xa9 \xff\xfe mot",
	// Non-ASCII spaces and letters for the word count.
	"un\u00a0deux\u202ftrois\u2003quatre\u3000cinq \u0085six \u1680sept ١٢٣ 東京 — « » … ‹›",
	"   \t\n  ",
	"a\u00a0\u00a0b  \u202f  c",
	// Headings whose text collapses, and links on many lines.
	"##   Titre   avec   espaces  \n\n## Titre\ttabulé\n\n### *Em*  et  `code`",
	"[a](/a)\n\n[b](/b)\n\n> [c](/c)\n\n[^n]\n\n[^n]: [d](/d)\n\n[e](/e)\n",
	"<!--more-->\n\n# Titre\n\nTexte.",
	"Premier.\n\nSecond <!-- more --> suite.\n\nTroisième.",
}

// trickyArchive converts every tricky input with each kind of Converter.
func trickyArchive() []byte {
	kinds := []struct {
		name string
		c    *Converter
	}{{"fr", New(Options{French: true})}, {"plain", New(Options{})}, {"unsafe", New(Options{UnsafeHTML: true})}}
	ar := &txtar.Archive{Comment: []byte("What each Converter makes of the tricky inputs of golden_test.go.\n" +
		"go test ./internal/markdown -run TestTricky -update rewrites it.\n")}
	add := func(name, value string) {
		if !strings.HasSuffix(value, "\n") {
			value += "\n"
		}
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(value)})
	}
	for i, in := range trickyInputs {
		id := fmt.Sprintf("%02d", i)
		add(id+"/input.md", strconv.Quote(in))
		var plain string
		for _, k := range kinds {
			r, err := k.c.Convert([]byte(in))
			if err != nil {
				add(id+"/"+k.name+".error", err.Error())
				continue
			}
			if k.name == "unsafe" && r.HTML == plain {
				continue // the same as without raw HTML
			}
			if k.name == "plain" {
				plain = r.HTML
			}
			add(id+"/"+k.name+".html", r.HTML)
			if k.name != "fr" {
				continue
			}
			add(id+"/fr.summary", fmt.Sprintf("%s\nmore: %v", r.Summary, r.HasMore))
			add(id+"/fr.text", fmt.Sprintf("%s\nwords: %d", r.Text, r.Words))
			var meta strings.Builder
			for _, h := range r.TOC {
				fmt.Fprintf(&meta, "toc h%d #%s %q\n", h.Level, h.ID, h.Text)
			}
			for _, l := range r.Links {
				fmt.Fprintf(&meta, "link line %d image %v %q\n", l.Line, l.Image, l.Dest)
			}
			add(id+"/fr.toc-links", meta.String())
			add(id+"/fr.inline", string(k.c.Inline(in)))
		}
	}
	return txtar.Format(ar)
}

// TestTricky compares what each Converter makes of the tricky inputs with
// testdata/tricky.golden.
func TestTricky(t *testing.T) {
	got := trickyArchive()
	if *update {
		if err := os.WriteFile(trickyGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(trickyGolden)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, want) {
		return
	}
	wantFiles := map[string]string{}
	for _, f := range txtar.Parse(want).Files {
		wantFiles[f.Name] = string(f.Data)
	}
	for _, f := range txtar.Parse(got).Files {
		if w, ok := wantFiles[f.Name]; !ok {
			t.Errorf("%s: not in %s", f.Name, trickyGolden)
		} else if w != string(f.Data) {
			t.Errorf("%s differs:\n got %q\nwant %q", f.Name, f.Data, w)
		}
		delete(wantFiles, f.Name)
	}
	for name := range wantFiles {
		t.Errorf("%s: no longer made", name)
	}
	t.Log("run go test ./internal/markdown -run TestTricky -update if the change is intended, and read the diff")
}

// benchPages returns the bodies of the generated pages of testdata/pages.
func benchPages(b *testing.B) [][]byte {
	pages, err := filepath.Glob("testdata/pages/*.md")
	if err != nil || len(pages) == 0 {
		b.Fatalf("no page in testdata/pages: %v", err)
	}
	var bodies [][]byte
	for _, p := range pages {
		body, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, bytes.Clone(body))
	}
	return bodies
}
