package markdown

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance/internal/markdown/frtypo"
)

// The identity test is a safety net for work on the speed of this package:
// it converts a varied corpus with every kind of Converter and compares a
// hash of each field of the results (and of Inline, Typo and frtypo.HTML)
// with the hashes recorded in testdata/identity.golden. Any change of
// output, however small, shows as a failure naming the input, the options
// and the field.
//
// Run with -update-identity only when an output is meant to change.
var updateIdentity = flag.Bool("update-identity", false, "rewrite testdata/identity.golden from the current outputs")

const identityGolden = "testdata/identity.golden"

// identityCase is one input of the identity corpus.
type identityCase struct {
	name string
	in   string
}

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

// identityCorpus returns the inputs of the identity test: generated pages,
// the benchmark page, the tricky inputs and the seeds of the fuzz corpora.
//
// The pages of testdata/pages are bodies written by internal/testsite
// ("go run ./internal/testsite/cmd/testsite -n 200 -o DIR": every fourth
// Markdown file of content/ in name order, front matter removed). They are
// kept as files so that a change of the generator changes neither the
// recorded hashes nor the benchmarks.
func identityCorpus(t testing.TB) []identityCase {
	t.Helper()
	var cases []identityCase
	pages, err := filepath.Glob("testdata/pages/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no page in testdata/pages: %v", err)
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, identityCase{"pages/" + filepath.Base(p), string(b)})
	}
	cases = append(cases, identityCase{"page", page})
	for i, s := range trickyInputs {
		cases = append(cases, identityCase{fmt.Sprintf("tricky/%02d", i), s})
	}
	for _, dir := range []string{"testdata/fuzz/*/*", "frtypo/testdata/fuzz/*/*"} {
		files, _ := filepath.Glob(dir)
		sort.Strings(files)
		for _, f := range files {
			s, ok := fuzzString(t, f)
			if ok {
				cases = append(cases, identityCase{"fuzz/" + filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f), s})
			}
		}
	}
	return cases
}

// fuzzString returns the first string value of a file of a fuzz corpus.
func fuzzString(t testing.TB, path string) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "string("); ok {
			s, err := strconv.Unquote(strings.TrimSuffix(v, ")"))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			return s, true
		}
	}
	return "", false
}

// identityLines converts every input of the corpus with every kind of
// Converter and returns one line per input and kind: the hash of each
// output field.
func identityLines(t testing.TB) []string {
	var lines []string
	for _, opts := range []Options{{}, {UnsafeHTML: true}, {French: true}, {French: true, UnsafeHTML: true}} {
		c := New(opts)
		kind := fmt.Sprintf("french=%v,unsafe=%v", opts.French, opts.UnsafeHTML)
		for _, tc := range identityCorpus(t) {
			r, err := c.Convert([]byte(tc.in))
			errText := ""
			if err != nil {
				errText = fmt.Sprintf("%T %v", err, err)
			}
			fields := []struct{ name, value string }{
				{"html", string(r.HTML)},
				{"summary", string(r.Summary)},
				{"more", strconv.FormatBool(r.HasMore)},
				{"toc", fmt.Sprintf("%#v", r.TOC)},
				{"links", fmt.Sprintf("%#v", r.Links)},
				{"text", r.Text},
				{"words", strconv.Itoa(r.Words)},
				{"err", errText},
				{"inline", string(c.Inline(tc.in))},
				{"typo", c.Typeset(tc.in)},
				// frtypo.HTML on the rendered body (the HTML before typography
				// for a plain Converter, a fixed point for a French one).
				{"frhtml", frtypo.HTML(string(r.HTML))},
			}
			var b strings.Builder
			fmt.Fprintf(&b, "%s %s", tc.name, kind)
			for _, f := range fields {
				sum := sha256.Sum256([]byte(f.value))
				fmt.Fprintf(&b, " %s=%s", f.name, hex.EncodeToString(sum[:6]))
			}
			lines = append(lines, b.String())
		}
	}
	return lines
}

// TestOutputIdentity checks that every output of the identity corpus is the
// one recorded in testdata/identity.golden.
func TestOutputIdentity(t *testing.T) {
	got := identityLines(t)
	if *updateIdentity {
		data := strings.Join(got, "\n") + "\n"
		if err := os.WriteFile(identityGolden, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(identityGolden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{} // "name kind" -> hashes
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, kind, rest := cut3(sc.Text())
		want[name+" "+kind] = rest
	}
	if len(want) != len(got) {
		t.Errorf("%s has %d lines, the corpus gives %d", identityGolden, len(want), len(got))
	}
	for _, line := range got {
		name, kind, rest := cut3(line)
		w, ok := want[name+" "+kind]
		if !ok {
			t.Errorf("%s %s: not recorded", name, kind)
			continue
		}
		if w != rest {
			t.Errorf("%s %s: outputs differ:\n got %s\nwant %s", name, kind, rest, w)
		}
	}
}

// cut3 splits a line of the golden file into the input name, the kind of
// Converter and the hashes.
func cut3(line string) (name, kind, rest string) {
	name, rest, _ = strings.Cut(line, " ")
	kind, rest, _ = strings.Cut(rest, " ")
	return name, kind, rest
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
