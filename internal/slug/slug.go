// Package slug turns titles, file names and tags into URL slugs and heading IDs:
// lower case, accents folded, apostrophes dropped, every other run of
// non-alphanumeric characters turned into one hyphen.
package slug

import (
	"strings"
	"unicode"

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
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen := false
	// Invalid bytes would keep norm from decomposing the letter after them.
	s = strings.ToValidUTF8(s, " ")
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
			continue
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		case r < 0x80 && r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		default:
			lr := unicode.ToLower(r)
			if f, ok := foldings[lr]; ok {
				if pendingHyphen && b.Len() > 0 {
					b.WriteByte('-')
				}
				pendingHyphen = false
				b.WriteString(f)
				continue
			}
			if lr < 0x80 && (lr >= 'a' && lr <= 'z') {
				r = lr
				break
			}
			// Letters of other scripts are kept lower-cased; everything else
			// separates words.
			if unicode.IsLetter(lr) || unicode.IsDigit(lr) {
				r = lr
				break
			}
			pendingHyphen = true
			continue
		}
		if pendingHyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		pendingHyphen = false
		b.WriteRune(r)
	}
	return b.String()
}
