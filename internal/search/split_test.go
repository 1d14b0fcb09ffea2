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
