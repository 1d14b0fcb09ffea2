package search

import "github.com/kljensen/snowball/french"

// Stem returns the stem of a term (a folded word, see Tokens) by
// Snowball's French algorithm: "financement", "financements" and
// "financer" give "financ". It is the one stemming rule of alliance: the
// index groups the terms of each shard by it (see the package doc), so
// that static/js/search.js needs no stemmer of its own. Stemming the
// folded form rather than the word as written keeps "economie" and
// "économie" in one group; the algorithm's few accented suffixes then
// read as their unaccented twins, which Snowball also lists.
func Stem(term string) string {
	return french.Stem(term, true)
}
