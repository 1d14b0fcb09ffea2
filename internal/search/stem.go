package search

import (
	"github.com/kljensen/snowball/french"

	"github.com/catalyseurs/alliance/internal/fold"
)

// Stem returns the folded stem of a word by Snowball's French algorithm:
// "financement", "financements" and "financer" give "financ", "publiée"
// and "publié" give "publi". It is the one stemming rule of alliance: the
// index groups the terms of each shard by it (see the package doc), so
// that static/js/search.js needs no stemmer of its own.
//
// The algorithm reads accents (-ée, -ère are suffixes, -ee and -ere are
// not), so the index stems a term as one of its occurrences is written
// (TermCount.Spelling), and the folded term only when every occurrence
// is plain ASCII.
func Stem(word string) string {
	return fold.String(french.Stem(word, true))
}
