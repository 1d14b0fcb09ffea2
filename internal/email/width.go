package email

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// oneColumn are ranges of runes that runeWidth knows to be 1 column wide,
// without looking them up (TestOneColumn checks them): Latin-1, Latin
// Extended, the IPA and spacing modifier letters but the soft hyphen,
// before the combining marks; and the spaces, dashes, quotes and other
// general punctuation but its format characters (zero-width spaces and
// joiners, direction marks).
var oneColumn = [...]struct{ lo, hi rune }{
	{0xa0, 0xac}, {0xae, 0x2ff},
	{0x2000, 0x200a}, {0x2010, 0x2029}, {0x202f, 0x205f},
}

// knownOneColumn says whether r is in oneColumn.
func knownOneColumn(r rune) bool {
	for _, g := range oneColumn {
		if r < g.lo {
			return false
		}
		if r <= g.hi {
			return true
		}
	}
	return false
}

// runeWidth is the number of terminal columns r takes: 0 for combining
// marks, format characters (soft hyphen, zero-width joiners) and controls,
// 2 for East Asian wide and fullwidth characters, 1 for the rest.
func runeWidth(r rune) int {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case r < utf8.RuneSelf:
		return 1
	case r < 0x2060 && knownOneColumn(r):
		return 1
	}
	return lookupWidth(r)
}

// lookupWidth is runeWidth for a rune beyond ASCII, from the Unicode
// tables.
func lookupWidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Cc):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// textWidth is the number of columns s takes (see runeWidth).
func textWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runeWidth(r)
		i += size
	}
	return n
}
