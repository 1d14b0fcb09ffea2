package email

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// latinEnd ends the runes from U+00A0 that runeWidth knows to be 1 column
// wide but the soft hyphen: Latin-1, Latin Extended and the IPA and
// spacing modifier letters, before the combining marks.
const latinEnd = 0x300

// runeWidth is the number of terminal columns r takes: 0 for combining
// marks, format characters (soft hyphen, zero-width joiners) and controls,
// 2 for East Asian wide and fullwidth characters, 1 for the rest.
func runeWidth(r rune) int {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case r < utf8.RuneSelf:
		return 1
	case r >= 0xa0 && r < latinEnd && r != 0xad:
		return 1 // the accented letters of Latin scripts: no mark, no format character, none wide (TestLatinWidth)
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
