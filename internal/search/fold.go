package search

import (
	"strings"
	"unicode/utf8"

	"github.com/catalyseurs/alliance/internal/fold"
)

// stopWords are folded French words too common to index or to search for.
// static/js/search.js holds the same list (a test checks it).
var stopWords = map[string]bool{
	"le": true, "la": true, "les": true, "de": true, "des": true, "du": true,
	"un": true, "une": true, "et": true, "en": true, "au": true, "aux": true,
	"pour": true, "par": true, "sur": true, "dans": true, "que": true, "qui": true,
	"qu": true, "ne": true, "pas": true, "se": true, "ce": true, "ces": true,
	"cet": true, "cette": true, "est": true, "sont": true, "son": true, "sa": true,
	"ses": true, "il": true, "elle": true, "on": true, "nous": true, "vous": true,
	"ils": true, "elles": true, "leur": true, "leurs": true, "avec": true,
	"plus": true, "ou": true, "mais": true, "ni": true, "car": true, "je": true,
	"tu": true, "me": true, "te": true, "lui": true,
	// Elided forms longer than one letter (l’, d’, j’... are one letter
	// long, and so never terms): jusqu’à, lorsqu’il, puisqu’elle.
	"jusqu": true, "lorsqu": true, "puisqu": true,
}

// maxStopWord is the length in bytes of the longest stop word: longer
// words need no look-up.
var maxStopWord = func() int {
	n := 0
	for w := range stopWords {
		n = max(n, len(w))
	}
	return n
}()

// Fold returns s folded by package fold, its words separated by single
// spaces: "L’Été, à Noël !" gives "l ete a noel".
func Fold(s string) string { return fold.String(s) }

// appendFold appends Fold(s) to dst.
func appendFold(dst []byte, s string) []byte { return fold.Append(dst, s, fold.Split) }

// Tokens returns the words of Fold(s), in order and with repeats, leaving
// out one-character words and French stop words ("le", "de", "pour"...).
func Tokens(s string) []string {
	folded := Fold(s)
	n := 0 // words in folded
	if folded != "" {
		n = strings.Count(folded, " ") + 1
	}
	out := make([]string, 0, n)
	for w := range strings.SplitSeq(folded, " ") {
		if isToken(w) {
			out = append(out, w)
		}
	}
	return out
}

// isToken reports whether the folded word w is worth indexing: it has two
// runes or more and is not a stop word.
func isToken(w string) bool {
	if _, size := utf8.DecodeRuneInString(w); size == len(w) {
		return false
	}
	if len(w) <= maxStopWord {
		var b [8]byte
		copy(b[:], w)
		return !isStopKey(wordKey(b[:], 0, len(w)))
	}
	return true
}

// stopTable is stopWords as a small hash table of their keys (see
// wordKey; every stop word has at most 8 bytes), quicker than the map for
// the many short words of a text. 0 marks an empty slot.
var stopTable = func() (t [1 << stopBits]uint64) {
	for w := range stopWords {
		if len(w) > 8 {
			panic("search: stop word " + w + " longer than a key")
		}
		var b [8]byte
		copy(b[:], w)
		k := wordKey(b[:], 0, len(w))
		j := stopSlot(k)
		for t[j] != 0 {
			j = (j + 1) % len(t)
		}
		t[j] = k
	}
	return t
}()

// stopBits is log2 of the size of stopTable.
const stopBits = 7

// stopSlot is where the search for the key k starts in stopTable.
func stopSlot(k uint64) int {
	return int(k * hashMul1 >> (64 - stopBits))
}

// isStopKey reports whether the word whose key is k is a stop word.
func isStopKey(k uint64) bool {
	for j := stopSlot(k); ; j = (j + 1) % len(stopTable) {
		switch stopTable[j] {
		case k:
			return true
		case 0:
			return false
		}
	}
}
