// Package slug turns titles, file names and tags into URL slugs and heading IDs:
// lower case, accents folded, apostrophes dropped, every other run of
// non-alphanumeric characters turned into one hyphen.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldings are letters that do not decompose into a base letter and marks.
var foldings = map[rune]string{
	'æ': "ae", 'œ': "oe", 'ß': "ss", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l", 'ı': "i",
}

// isApostrophe reports whether r is an apostrophe, which a slug drops
// (so that "l'été" gives "lete", as French readers expect).
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '‘', '`', '´':
		return true
	}
	return false
}

// Make returns the slug of s: `L’été à Saint-Étienne` gives `lete-a-saint-etienne`.
// The result holds only a-z, 0-9 and single hyphens, never at either end; it
// is empty when s has no letter or digit.
func Make(s string) string {
	return makeSlug(s)
}

// FromBytes is Make for a byte slice, without converting it to a string
// first.
func FromBytes(b []byte) string {
	return makeSlug(b)
}

// makeSlug computes the slug of the compatibility decomposition (NFKD) of s,
// with invalid bytes read as spaces.
//
// It decomposes s one character at a time rather than with norm.NFKD.String,
// which would copy s. The two give the same slug: NFKD differs from the
// concatenation of the decompositions of the characters only by the order
// of the runs of combining characters (and by the U+034F it inserts into
// very long runs), and every combining character is either a nonspacing
// mark, which the slug drops, or a character that separates words, so
// their order does not change the slug (TestMakeEveryRune and
// FuzzMakeReference check this against the NFKD of the whole string).
func makeSlug[T string | []byte](s T) string {
	var b strings.Builder
	b.Grow(len(s))
	w := writer{b: &b}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			w.ascii(c)
			i++
			continue
		}
		// The next character, copied out of s so that the same code reads
		// a string and a byte slice.
		var c [utf8.UTFMax]byte
		k := copy(c[:], s[i:])
		r, n := utf8.DecodeRune(c[:k])
		p := norm.NFKD.Properties(c[:k])
		i += n
		switch d := p.Decomposition(); {
		case r == utf8.RuneError && n == 1:
			w.pendingHyphen = true // an invalid byte reads as a space
		case d != nil:
			for _, r := range string(d) {
				w.rune(r)
			}
		case r >= hangulBase && r < hangulBase+hangulCount:
			// Hangul syllables decompose by rule, not by table.
			k := r - hangulBase
			w.rune(jamoL + k/(jamoVCount*jamoTCount))
			w.rune(jamoV + k%(jamoVCount*jamoTCount)/jamoTCount)
			if t := k % jamoTCount; t != 0 {
				w.rune(jamoT + t)
			}
		default:
			w.rune(r)
		}
	}
	return b.String()
}

// The Hangul syllables and their decomposition into jamo (Unicode, 3.12).
const (
	hangulBase  = 0xAC00
	hangulCount = 11172
	jamoL       = 0x1100
	jamoV       = 0x1161
	jamoT       = 0x11A7
	jamoVCount  = 21
	jamoTCount  = 28
)

// A writer writes the slug of the characters of a decomposed text, given
// one at a time.
type writer struct {
	b             *strings.Builder
	pendingHyphen bool // a separator came after the last character written
}

// ascii writes the slug of the ASCII character c.
func (w *writer) ascii(c byte) {
	switch {
	case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
	case c >= 'A' && c <= 'Z':
		c += 'a' - 'A'
	case c == '\'' || c == '`':
		return // apostrophes are dropped
	default:
		w.pendingHyphen = true
		return
	}
	w.startWord()
	w.b.WriteByte(c)
}

// startWord writes the hyphen that a separator left pending, unless the
// slug is still empty, before a character of a word.
func (w *writer) startWord() {
	if w.pendingHyphen && w.b.Len() > 0 {
		w.b.WriteByte('-')
	}
	w.pendingHyphen = false
}

// rune writes the slug of r, a character of the NFKD of the text.
func (w *writer) rune(r rune) {
	if r < utf8.RuneSelf {
		w.ascii(byte(r))
		return
	}
	if unicode.Is(unicode.Mn, r) || isApostrophe(r) {
		return
	}
	lr := unicode.ToLower(r)
	if f, ok := foldings[lr]; ok {
		w.startWord()
		w.b.WriteString(f)
		return
	}
	switch {
	case lr < utf8.RuneSelf && lr >= 'a' && lr <= 'z':
		r = lr
	case unicode.IsLetter(lr) || unicode.IsDigit(lr):
		// Letters of other scripts are kept lower-cased; everything else
		// separates words.
		r = lr
	default:
		w.pendingHyphen = true
		return
	}
	w.startWord()
	w.b.WriteRune(r)
}
