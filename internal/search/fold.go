package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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

// maxStopWord is the length in bytes of the longest stop word: longer
// words need no look-up.
var maxStopWord = func() int {
	n := 0
	for w := range stopWords {
		n = max(n, len(w))
	}
	return n
}()

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
	var small [256]byte
	return string(appendFold(foldBuffer(&small, s), s))
}

// foldBuffer returns an empty buffer for folding s: small when s fits, a new
// one of the size of s otherwise (Fold rarely makes a text longer).
func foldBuffer(small *[256]byte, s string) []byte {
	if len(s) <= len(small) {
		return small[:0]
	}
	return make([]byte, 0, len(s))
}

// appendFold appends Fold(s) to dst.
//
// Fold is defined on the NFKD form of s, but decomposing a string is the
// same as decomposing each of its code points and then putting each run of
// combining marks in canonical order (norm also puts a grapheme joiner,
// itself a nonspacing mark, in runs of more than 30). Fold drops nonspacing
// marks, so that order matters only when a decomposition gives a code point
// of nonzero combining class that is not a nonspacing mark (a spacing
// mark, say), which no common text does. So appendFold folds code point by
// code point (ASCII inline, then foldEvents, from a table for the Latin and
// punctuation blocks), and falls back to normalizing the whole string
// (appendFoldNFKD) when it meets such a code point. TestFoldCodePoints and
// FuzzFoldReference hold it to appendFoldNFKD.
func appendFold(dst []byte, s string) []byte {
	start := len(dst)
	space := false // a separator is pending: write it before the next word byte
	var scratch [64]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if isLowerOrDigit(c) {
				// Copy the whole run of bytes that stay as they are: words
				// of [a-z0-9] and the single spaces between them.
				j := i + 1
				for j < len(s) {
					if isLowerOrDigit(s[j]) {
						j++
					} else if s[j] == ' ' && j+1 < len(s) && isLowerOrDigit(s[j+1]) {
						j += 2
					} else {
						break
					}
				}
				if space && len(dst) > start {
					dst = append(dst, ' ')
				}
				space = false
				dst = append(dst, s[i:j]...)
				i = j
				continue
			}
			i++
			if c < 'A' || c > 'Z' {
				space = true
				continue
			}
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = append(dst, c+'a'-'A')
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if size == 1 { // an invalid byte, a separator like any other
			space = true
			continue
		}
		var ok bool
		if e := tableEvents(r); e != nil {
			dst, space = appendEvents(dst, start, space, e.events)
			ok = e.ok
		} else {
			var ev []byte
			ev, ok = foldEvents(scratch[:0], r)
			dst, space = appendEvents(dst, start, space, ev)
		}
		if !ok {
			return appendFoldNFKD(dst[:start], s)
		}
	}
	return dst
}

// isLowerOrDigit reports whether the byte c is in [a-z0-9], which Fold
// leaves as it is.
func isLowerOrDigit(c byte) bool {
	return c-'a' < 26 || c-'0' < 10 // bytes wrap around below 'a' and '0'
}

// appendEvents appends the events of one code point (see foldEvents) to dst,
// which holds a folded text from start on; space tells whether a separator
// is pending, before and after.
func appendEvents[T string | []byte](dst []byte, start int, space bool, events T) ([]byte, bool) {
	for i := 0; i < len(events); i++ {
		c := events[i]
		if c == ' ' {
			space = true
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, c)
	}
	return dst, space
}

// foldEvents appends to dst what Fold makes of the NFKD form of the code
// point r: the bytes of the folded word characters, and a space for each
// separator (leading and trailing ones too). It reports false, leaving
// dst in any state, when the decomposition holds a mark that canonical
// ordering could move and that Fold does not drop: the folding of such a
// code point depends on its neighbours.
func foldEvents(dst []byte, r rune) ([]byte, bool) {
	var enc [64]byte
	d := enc[:utf8.EncodeRune(enc[:], r)]
	if dec := norm.NFKD.Properties(d).Decomposition(); dec != nil {
		d = dec
	} else if hangulFirst <= r && r <= hangulLast {
		d = appendHangul(enc[:0], r) // norm computes these without a table
	}
	for len(d) > 0 {
		x, size := utf8.DecodeRune(d)
		xb := d[:size]
		d = d[size:]
		// The same steps as appendFoldNFKD.
		var f string
		ok := false
		switch {
		case x >= 'a' && x <= 'z' || x >= '0' && x <= '9':
		case x >= 'A' && x <= 'Z':
			x += 'a' - 'A'
		case x < 0x80:
			dst = append(dst, ' ')
			continue
		case unicode.Is(unicode.Mn, x):
			continue
		default:
			if norm.NFKD.Properties(xb).CCC() != 0 {
				return dst, false
			}
			x = unicode.ToLower(x)
			f, ok = foldings[x]
			if !ok && !isWordRune(x) {
				dst = append(dst, ' ')
				continue
			}
		}
		if ok {
			dst = append(dst, f...)
		} else {
			dst = utf8.AppendRune(dst, x)
		}
	}
	return dst, true
}

// Hangul syllables decompose into their letters (jamo) by arithmetic
// (The Unicode Standard, section 3.12).
const (
	hangulFirst = 0xAC00
	hangulLast  = 0xD7A3
	jamoL       = 0x1100
	jamoV       = 0x1161
	jamoT       = 0x11A7
	jamoVCount  = 21
	jamoTCount  = 28
)

// appendHangul appends to dst the NFKD form of the Hangul syllable r.
func appendHangul(dst []byte, r rune) []byte {
	i := r - hangulFirst
	dst = utf8.AppendRune(dst, jamoL+i/(jamoVCount*jamoTCount))
	dst = utf8.AppendRune(dst, jamoV+i%(jamoVCount*jamoTCount)/jamoTCount)
	if t := i % jamoTCount; t != 0 {
		dst = utf8.AppendRune(dst, jamoT+t)
	}
	return dst
}

// foldEntry is foldEvents of one code point, worked out in advance.
type foldEntry struct {
	events string
	ok     bool
}

// tableRanges are the blocks whose code points foldTable holds: Latin-1
// Supplement, Latin Extended-A and B, and General Punctuation up to the
// currency symbols: nearly every non-ASCII character of French text.
var tableRanges = [...]struct{ lo, hi rune }{{0x80, 0x250}, {0x2000, 0x20D0}}

// foldTable holds the foldEntry of each code point of tableRanges, one
// range after the other. It is filled on first use.
var foldTable = sync.OnceValue(func() []foldEntry {
	var t []foldEntry
	for _, rg := range tableRanges {
		for r := rg.lo; r < rg.hi; r++ {
			ev, ok := foldEvents(nil, r)
			t = append(t, foldEntry{string(ev), ok})
		}
	}
	return t
})

// tableEvents returns the entry of r in foldTable, or nil.
func tableEvents(r rune) *foldEntry {
	base := rune(0)
	for _, rg := range tableRanges {
		if r < rg.lo {
			return nil
		}
		if r < rg.hi {
			return &foldTable()[base+r-rg.lo]
		}
		base += rg.hi - rg.lo
	}
	return nil
}

// appendFoldNFKD appends Fold(s) to dst by normalizing the whole of s:
// the definition of Fold, for the texts appendFold cannot fold code point
// by code point.
func appendFoldNFKD(dst []byte, s string) []byte {
	start := len(dst)
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
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		if ok {
			dst = append(dst, f...)
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// Tokens returns the words of Fold(s), in order and with repeats, leaving
// out one-character words and French stop words ("le", "de", "pour"...).
func Tokens(s string) []string {
	var small [256]byte
	folded := string(appendFold(foldBuffer(&small, s), s))
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
