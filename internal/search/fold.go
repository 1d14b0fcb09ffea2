package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldings maps letters that do not decompose into a base letter and marks.
// Values are already folded. static/js/search.js holds the same table.
var foldings = map[rune]string{
	'æ': "ae", 'œ': "oe", 'ß': "ss", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th",
	'ł': "l", 'ı': "i", 'ς': "σ",
}

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
}

// isWordRune reports whether r, already folded, belongs to a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r)
}

// Fold returns s lower-cased with accents folded and every run of other
// characters (spaces, apostrophes, punctuation, symbols) turned into one
// space, without leading or trailing space: "L’Été, à Noël !" gives
// "l ete a noel". Letters are decomposed (NFKD), their nonspacing marks are
// dropped, and ligatures such as œ and ß are spelled out. Fold is idempotent
// and always returns valid UTF-8.
//
// The client (static/js/search.js) folds queries the same way, one code point
// at a time, so the two must stay in step.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	// norm leaves invalid bytes, and what follows them, undecomposed.
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, " ")) {
		var f string
		ok := false
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r < 0x80:
			space = true
			continue
		case unicode.Is(unicode.Mn, r):
			continue
		default:
			r = unicode.ToLower(r)
			f, ok = foldings[r]
			if !ok && !isWordRune(r) {
				space = true
				continue
			}
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Tokens returns the words of Fold(s), in order and with repeats, leaving
// out one-character words and French stop words ("le", "de", "pour"...).
func Tokens(s string) []string {
	words := strings.Fields(Fold(s))
	out := words[:0]
	for _, w := range words {
		if isToken(w) {
			out = append(out, w)
		}
	}
	return out
}

// isToken reports whether the folded word w is worth indexing.
func isToken(w string) bool {
	if stopWords[w] {
		return false
	}
	for i := range w {
		if i > 0 {
			return true
		}
	}
	return false
}
