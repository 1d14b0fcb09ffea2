package search

import (
	"slices"
	"strings"
	"testing"
)

// analyzeReference is Analyze as it was first written, with a map and with
// the tokens of tokensReference.
func analyzeReference(d Doc) Terms {
	var terms Terms
	seen := map[string]int{}
	for _, f := range []struct {
		text  string
		field int
	}{{d.Title, fieldTitle}, {d.Summary, fieldSummary}, {d.Text, fieldText}} {
		for _, w := range tokensReference(f.text) {
			t := truncate(w)
			i, ok := seen[t]
			if !ok {
				i = len(terms)
				seen[t] = i
				terms = append(terms, TermCount{Term: t})
			}
			terms[i].Count++
			terms[i].Fields |= f.field
		}
	}
	return terms
}

func checkAnalyze(t *testing.T, d Doc) {
	t.Helper()
	if got, want := Analyze(d), analyzeReference(d); !slices.Equal(got, want) {
		t.Fatalf("Analyze(%q, %q, %q) = %v, want %v", d.Title, d.Summary, d.Text, got, want)
	}
}

// TestAnalyzeReference holds Analyze to its reference on the varied
// documents, on a generated site, and on documents with many distinct
// terms, which make the analyzer's hash table grow.
func TestAnalyzeReference(t *testing.T) {
	docs := identityDocs(300)
	if !testing.Short() {
		docs = append(docs, siteDocs(100)...)
	}
	for _, d := range docs {
		checkAnalyze(t, d)
	}
	// Words of every length, and many that differ only after their
	// eighth byte.
	var many strings.Builder
	for i := range 20000 {
		suffix := string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26))
		many.WriteString(strings.Repeat("x", i%40+1) + " w" + suffix + " communaut" + suffix + " ")
	}
	checkAnalyze(t, Doc{Title: "Titre", Summary: many.String()[:5000], Text: many.String()})
}

func FuzzAnalyzeReference(f *testing.F) {
	for _, s := range identityFragments {
		f.Add(s, s+" "+s, "le "+s+" de "+s)
	}
	f.Add("", "", "")
	f.Add("Économie sociale", "l’économie", "anticonstitutionnellementanticonstitutionnellement x "+strings.Repeat("é", 40))
	f.Fuzz(func(t *testing.T, title, summary, text string) {
		checkAnalyze(t, Doc{Title: title, Summary: summary, Text: text})
	})
}
