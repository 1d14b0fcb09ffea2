package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// This file is a safety net for optimizations: it hashes every file that
// Build writes for a few deterministic corpora, and what Fold, Tokens and
// Analyze return for many inputs, and compares the hashes with
// testdata/identity.txt, recorded from the code before any optimization.
// A change of output, even of one byte, shows here; if it is meant, review
// it, then run go test -update.

// identityFragments are the pieces of the varied corpus: French with
// accents, ligatures and both apostrophes, capitals, digits, punctuation,
// spaces of every kind, non-Latin scripts, combining marks (also in long
// runs), spacing marks, letters beyond the BMP, invalid UTF-8 and words too
// long for a term.
var identityFragments = []string{
	"Économie", "sociale", "et", "solidaire", "l’été", "L’ÉTÉ", "aujourd'hui", "qu’il", "d’abord",
	"cœur", "Œuvre", "ÆTHER", "æther", "Straße", "naïve", "façade", "Noël", "hôtel‐de‐ville",
	"Saint-Étienne", "ﬁnance", "ﬀ", "1er", "2ᵉ", "x²", "½", "№ 5", "℡", "ＡＢＣ", "Ⅻ", "ⓐ",
	"Łódź", "Ørsted", "Þór", "Ðakovo", "İstanbul", "ı", "ŉ", "Ǆ", "ǅungla",
	"2022", "17", "3,14", "1 000 000", "ODD 17", "n°3", "10 %", "5€", "$5",
	",", ".", "!", "?", "…", "«", "»", "—", "–", "(", ")", "\"", "'", ";", ":", "/", "&", "<b>", "#",
	"\u00a0", "\u202f", "\t", "\n", "  ", "\u2028",
	"le", "la", "les", "de", "des", "pour", "cette", "elles", "leurs", "à", "y", "L’", "qu’",
	"σοφία", "ΟΔΟΣ", "ς", "Ἀθῆναι", "Москва", "ПРИВЕТ", "東京", "日本語", "한국어", "العربية", "ﷺ",
	"हिन्दी", "कि", "ไทย", "🙂", "👩‍👩‍👧", "\u200d",
	"e\u0301te\u0301", "a\u0323\u0301", "\u0301\u0301", "a" + strings.Repeat("\u0301", 40) + "b",
	"o" + strings.Repeat("\u0323\u0301", 20), "\U0001D165\U0001D16E", "x\U0001D16D\u0301\U0001D165y",
	"\U0001D49C\U0001D4B7\U0001D4B8", "𐐀𐐁", "𐐨", "𠀀", "\uFA0E", "\uFA0E𐐀", "𐐀\uFA0E", "\uFFFD",
	"\xff", "a\xc3", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "b\xffc",
	"anticonstitutionnellementanticonstitutionnellement", strings.Repeat("é", 40), strings.Repeat("œ", 20),
	strings.Repeat("σ", 33), strings.Repeat("𐐀", 33),
}

// identityDocs returns n deterministic documents drawn from identityFragments,
// some empty, some without summary, some with long texts, with dates in every
// accepted form, invalid ones and many ties.
func identityDocs(n int) []Doc {
	r := rand.New(rand.NewPCG(7, 1944))
	seps := []string{" ", " ", " ", "", ", ", " – ", "’", "'", "\n", "\u00a0", ". "}
	text := func(k int) string {
		var b strings.Builder
		for i := range k {
			if i > 0 {
				b.WriteString(seps[r.IntN(len(seps))])
			}
			b.WriteString(identityFragments[r.IntN(len(identityFragments))])
		}
		return b.String()
	}
	dates := []string{"", "", "2 juin 2022", "1er juin 2022", "2022-06-02", "3 février 2021", "3 FÉVRIER 2021",
		"31 décembre 1999", "demain", "40 juin 2022", "15 août 2023", "2023-08-15", "1 janvier 2024"}
	sections := []string{"actualites", "charte", "évènements", ""}
	docs := make([]Doc, n)
	for i := range docs {
		d := Doc{
			URL:     fmt.Sprintf("/%s/%d-%s/", sections[r.IntN(len(sections))], r.IntN(1000), text(1)),
			Title:   text(r.IntN(8)),
			Summary: text(r.IntN(30)),
			Text:    text(r.IntN(300)),
			Section: sections[r.IntN(len(sections))],
			Date:    dates[r.IntN(len(dates))],
		}
		switch i % 10 {
		case 0:
			d.Title, d.Summary, d.Text = "", "", ""
		case 1:
			d.Summary = ""
		case 2:
			d.Summary = " \t "
		case 3:
			d.Text = text(900)
		case 4:
			d.Summary = strings.Repeat("é", 200) + " fin"
		}
		d.URL = fmt.Sprintf("%s%d", d.URL, i) // unique
		docs[i] = d
	}
	return docs
}

// identityLines returns one line per hashed output: a name and a hash.
func identityLines(t testing.TB) []string {
	var lines []string
	hash := func(data []byte) string {
		sum := sha256.Sum256(data)
		return hex.EncodeToString(sum[:12])
	}
	corpora := []struct {
		name string
		docs []Doc
	}{
		{"empty", nil},
		{"blank", []Doc{{URL: "/x/"}}},
		{"fixture", fixture},
		{"varied", identityDocs(500)},
		{"zipf", corpus(1000, 150)},
	}
	for _, c := range corpora {
		files, err := Build(c.docs)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s files %d", c.name, len(files)))
		for _, f := range files {
			lines = append(lines, fmt.Sprintf("%s %s %s", c.name, f.Path, hash(f.Data)))
		}
	}

	// Fold and Tokens of every code point, alone and between other text.
	var fold, tokens strings.Builder
	for r := rune(0); r <= 0x10FFFF; r++ {
		s := string(r)
		fmt.Fprintf(&fold, "%q %q\n", Fold(s), Fold("Ab"+s+"\u0301c"+s))
		fmt.Fprintf(&tokens, "%q\n", Tokens("xy"+s+"z "+s+"é"))
	}
	lines = append(lines, "fold-runes "+hash([]byte(fold.String())), "tokens-runes "+hash([]byte(tokens.String())))

	// Fold, Tokens and Analyze of the fragments, of pairs of them and of
	// the varied documents.
	fold.Reset()
	tokens.Reset()
	for _, a := range identityFragments {
		for _, b := range identityFragments {
			s := a + b
			fmt.Fprintf(&fold, "%q\n", Fold(s))
			fmt.Fprintf(&tokens, "%q\n", Tokens(s))
		}
	}
	lines = append(lines, "fold-pairs "+hash([]byte(fold.String())), "tokens-pairs "+hash([]byte(tokens.String())))
	var analyze strings.Builder
	for _, d := range identityDocs(300) {
		fmt.Fprintf(&analyze, "%q %v\n", d.URL, Analyze(d))
	}
	lines = append(lines, "analyze-varied "+hash([]byte(analyze.String())))
	return lines
}

// TestIdentity checks Build, Fold, Tokens and Analyze against the hashes of
// their output recorded in testdata/identity.txt.
func TestIdentity(t *testing.T) {
	if testing.Short() {
		t.Skip("large corpora")
	}
	lines := identityLines(t)
	checkGolden(t, "identity.txt", []byte(strings.Join(lines, "\n")+"\n"))
	// Name what changed.
	data, err := os.ReadFile(filepath.Join("testdata", "identity.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		want[l] = true
	}
	for _, l := range lines {
		if !want[l] {
			t.Errorf("changed: %s", l)
		}
	}
}
