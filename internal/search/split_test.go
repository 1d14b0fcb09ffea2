package search

import (
	"strings"
	"testing"
	"time"
)

// TestSplitShards checks, over a corpus whose big shards are split by
// three runes, that a query finds every document having, for each of its
// words, a word that it starts, and only documents having, for each, such
// a word or a word of the same stem.
func TestSplitShards(t *testing.T) {
	docs := corpus(1500, 120)
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(FilesLoader(files))
	if err != nil {
		t.Fatal(err)
	}
	split := 0
	for k := range r.idx.Shards {
		if len(k) == 3 {
			split++
		}
	}
	if split == 0 {
		t.Fatal("no shard is split: make the corpus bigger")
	}
	type termSet struct {
		terms []string
		stems map[string]bool
	}
	byURL := map[string]termSet{}
	for _, d := range docs {
		ts := termSet{stems: map[string]bool{}}
		for _, tc := range Analyze(d) {
			ts.terms = append(ts.terms, tc.Term)
			sp := tc.Spelling
			if sp == "" {
				sp = tc.Term
			}
			ts.stems[Stem(sp)] = true
		}
		byURL[d.URL] = ts
	}
	// The stems a query word may match: those of its spellings in the corpus.
	spellingStems := map[string]map[string]bool{}
	for _, d := range docs {
		for _, tc := range Analyze(d) {
			if spellingStems[tc.Term] == nil {
				spellingStems[tc.Term] = map[string]bool{}
			}
			sp := tc.Spelling
			if sp == "" {
				sp = tc.Term
			}
			spellingStems[tc.Term][Stem(sp)] = true
		}
	}
	queries := []string{"co", "con", "cooperation", "cooperations", "territ", "territoires", "re", "reseau", "economie sociale", "fi", "fin", "financement", "zz", "alliance territoire"}
	for _, q := range queries {
		hits, err := r.Search(Params{Query: q}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, h := range hits {
			row, err := r.Row(h.Doc)
			if err != nil {
				t.Fatal(err)
			}
			found[row.URL] = true
		}
		for _, d := range docs {
			ts := byURL[d.URL]
			prefix, stem := true, true
			for _, w := range QueryTerms(q) {
				p := false
				for _, term := range ts.terms {
					if strings.HasPrefix(term, w) {
						p = true
						break
					}
				}
				s := p
				for st := range spellingStems[w] {
					s = s || ts.stems[st]
				}
				prefix, stem = prefix && p, stem && s
			}
			if prefix && !found[d.URL] {
				t.Errorf("%q: %s has a word starting with each query word but is not found", q, d.URL)
			}
			if found[d.URL] && !stem {
				t.Errorf("%q: %s is found but lacks a word of some query word's prefix or stem", q, d.URL)
			}
		}
	}
}

func TestPostingsSections(t *testing.T) {
	es := []entry{{doc: 0, flags: 3<<5 | 1<<3 | fieldText}, {doc: 1, flags: fieldTitle}, {doc: 40, flags: 33<<5 | fieldText}}
	s := string(appendPostings(nil, es))
	if len(s) != postingsLen(es) {
		t.Errorf("postingsLen = %d, want %d", postingsLen(es), len(s))
	}
	got := decode(s)
	want := []decoded{{0, 1, fieldText, 3}, {1, 0, fieldTitle, 0}, {40, 0, fieldText, 33}}
	if len(got) != len(want) {
		t.Fatalf("decode(%q) = %v, want %v", s, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("decode(%q)[%d] = %v, want %v", s, i, got[i], want[i])
		}
	}
}

func TestAnalyzeSections(t *testing.T) {
	text := "Intro commune. Financer le projet ici seulement. Commune encore, rare. Fin commune"
	d := Doc{Title: "Rare titre", Text: text, Sections: []Section{
		{ID: "financer", Heading: "Financer", Start: strings.Index(text, "Financer")},
		{ID: "encore", Heading: "Commune", Start: strings.Index(text, "Commune encore")},
		{ID: "fin", Heading: "Fin", Start: strings.Index(text, "Fin commune")},
	}}
	got := map[string]int{}
	for _, tc := range Analyze(d) {
		got[tc.Term] = tc.Section
	}
	for term, want := range map[string]int{"intro": 0, "commune": 0, "financer": 1, "projet": 1, "seulement": 1, "encore": 2, "rare": 2, "fin": 3, "titre": 0} {
		if got[term] != want {
			t.Errorf("section of %q = %d, want %d", term, got[term], want)
		}
	}
	// Sections out of order are ignored.
	d.Sections[0].Start, d.Sections[1].Start = d.Sections[1].Start, d.Sections[0].Start
	for _, tc := range Analyze(d) {
		if tc.Section != 0 {
			t.Errorf("sections out of order: %q in section %d", tc.Term, tc.Section)
		}
	}
}
