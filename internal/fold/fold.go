// Package fold folds text for matching: accents and case go, so that
// "Économie", "economie" and "ÉCONOMIE" give one word. Slugs (package slug)
// and the search index (package search) fold with it, and the search page's
// script (static/js/search.js) folds queries the same way, held to this
// package by a test that compares the two over every code point.
//
// # Definition
//
// Folding works code point by code point. A code point folds to:
//
//  1. an apostrophe, written ', if it is one of ' ’ ‘ ʼ ` ´;
//  2. otherwise, what becomes of each code point of its compatibility
//     decomposition (NFKD, from golang.org/x/text/unicode/norm, which also
//     splits Hangul syllables into their letters):
//     - one of the apostrophes above is an apostrophe (＇ decomposes to ');
//     - a combining mark (general category M: Mn, Mc or Me) is dropped;
//     - any other code point is lower-cased with unicode.ToLower (the simple
//     lowercase mapping), then spelled out if it is one of the letters that
//     neither decompose nor lower-case to what a reader types: æ ae, œ oe,
//     ø o, đ d, ð d, þ th, ł l, ı i, and, as Unicode's full case folding
//     does, ß ss and the final sigma ς σ;
//     - what is then a letter or a number (general categories L and N) is a
//     word character; anything else is a separator, written " ".
//
// A text folds to the foldings of its code points one after the other; an
// invalid UTF-8 byte is a separator. Because every combining mark is
// dropped, this is also the folding of the NFKD of the whole text: NFKD's
// canonical reordering only ever moves combining marks.
//
// Words are the runs of word characters between separators. Where an
// apostrophe goes depends on the use: search splits words there, so that
// "l’économie" gives "l" and "economie" (see Split), while slugs drop it, so
// that "l’été" gives "lete" (see Join).
//
// The lower-casing is unicode.ToLower rather than x/text's cases.Fold
// because cases.Fold is not idempotent on Cherokee (it folds capital letters
// to small ones and small ones to capitals), and because the browser's
// String.prototype.toLowerCase gives the same mapping code point by code
// point, so that the script needs no table of its own beyond the short list
// above.
package fold

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Mode says what apostrophes do between letters.
type Mode int

const (
	// Split makes an apostrophe a separator: "l’été" is the words "l" and
	// "ete". Search folds so, for French elisions.
	Split Mode = iota
	// Join drops apostrophes: "l’été" is the word "lete". Slugs fold so.
	Join
)

// spelled are the letters spelled out after lower-casing (see the package
// doc). static/js/search.js holds the same list.
var spelled = map[rune]string{
	'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l", 'ı': "i",
	'ß': "ss", 'ς': "σ",
}

// isApostrophe reports whether r is one of the apostrophes of the package
// doc.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´':
		return true
	}
	return false
}

// ascii is the folding of each ASCII code point: itself for a-z and 0-9,
// the small letter for A-Z, ' for the apostrophes ' and `, and a space
// for the rest.
var ascii = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			t[c] = byte(c)
		case c >= 'A' && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case c == '\'' || c == '`':
			t[c] = '\''
		default:
			t[c] = ' '
		}
	}
	return t
}()

// tableRanges are the blocks whose foldings are worked out once, on first
// use: Latin-1 Supplement, Latin Extended-A and B, the combining marks,
// Greek, Cyrillic, and General Punctuation up to the currency symbols:
// nearly every non-ASCII character of European text.
var tableRanges = [...]struct{ lo, hi rune }{{0x80, 0x530}, {0x2000, 0x20D0}}

// table holds the folding of every code point of tableRanges, one range
// after the other.
var table = sync.OnceValue(func() []string {
	var t []string
	for _, rg := range tableRanges {
		for r := rg.lo; r < rg.hi; r++ {
			t = append(t, string(compute(nil, r)))
		}
	}
	return t
})

// fromTable returns the folding of r from table, if r is in tableRanges.
func fromTable(r rune) (string, bool) {
	base := rune(0)
	for _, rg := range tableRanges {
		if r < rg.lo {
			return "", false
		}
		if r < rg.hi {
			return table()[base+r-rg.lo], true
		}
		base += rg.hi - rg.lo
	}
	return "", false
}

// Rune returns the folding of r: its word characters, " " for each
// separator and "'" for an apostrophe ("" for a combining mark). Rune(0x2019)
// is "'", Rune('É') is "e", Rune('½') is "1 2" and Rune('œ') is "oe".
func Rune(r rune) string {
	if r < utf8.RuneSelf && r >= 0 {
		return asciiStrings[r]
	}
	if f, ok := fromTable(r); ok {
		return f
	}
	return string(compute(nil, r))
}

// AppendRune appends the folding of r to dst (see Rune), without
// allocating for the common code points.
func AppendRune(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf && r >= 0 {
		return append(dst, ascii[r])
	}
	if f, ok := fromTable(r); ok {
		return append(dst, f...)
	}
	return compute(dst, r)
}

// asciiStrings is ascii as strings, for Rune.
var asciiStrings = func() (t [utf8.RuneSelf]string) {
	for c := range t {
		t[c] = string(ascii[c])
	}
	return t
}()

// compute appends the folding of r to dst, from its definition.
func compute(dst []byte, r rune) []byte {
	if !utf8.ValidRune(r) {
		return append(dst, ' ')
	}
	if isApostrophe(r) {
		return append(dst, '\'')
	}
	var in [utf8.UTFMax]byte
	var buf [128]byte
	d := norm.NFKD.Append(buf[:0], in[:utf8.EncodeRune(in[:], r)]...)
	for len(d) > 0 {
		x, n := utf8.DecodeRune(d)
		d = d[n:]
		if unicode.Is(unicode.M, x) {
			continue
		}
		x = unicode.ToLower(x)
		switch f, ok := spelled[x]; {
		case isApostrophe(x):
			dst = append(dst, '\'')
		case ok:
			dst = append(dst, f...)
		case x < utf8.RuneSelf:
			dst = append(dst, ascii[x])
		case unicode.IsLetter(x) || unicode.IsNumber(x):
			dst = utf8.AppendRune(dst, x)
		default:
			dst = append(dst, ' ')
		}
	}
	return dst
}

// Span gives, for a word of a folding whose source holds a non-ASCII
// character, where the word is in the folding, dst[Start:End], and where
// its source is in the text, s[SrcStart:SrcEnd]: from its first code point
// to its last one, with the combining marks that follow.
type Span struct {
	Start, End, SrcStart, SrcEnd int
}

// Append appends the folding of s to dst with its words separated by one
// space and no space at either end: "L’Été, à Noël !" gives "l ete a noel"
// with Split, and "lete a noel" with Join.
func Append(dst []byte, s string, mode Mode) []byte {
	return appendFold(dst, s, mode, nil)
}

// AppendSpans is Append with Split, and it appends to spans a Span for each
// word of the folding whose source holds a non-ASCII character (a word
// with accents, say), in order.
func AppendSpans(dst []byte, s string, spans []Span) ([]byte, []Span) {
	return appendFold(dst, s, Split, &spans), spans
}

// isSmall reports whether c is in a-z or 0-9, which fold to themselves.
func isSmall(c byte) bool {
	return c-'a' < 26 || c-'0' < 10 // bytes wrap around below 'a' and '0'
}

// appendFold appends the folding of s to dst (see Append), and the spans
// of its words with a non-ASCII source to *spans unless spans is nil.
//
// Most text is runs of small letters and digits with single spaces between
// them, which fold to themselves: such a run is copied whole. Other ASCII
// is folded from a table; other code points, from Rune's tables.
func appendFold(dst []byte, s string, mode Mode, spans *[]Span) []byte {
	f := folder{dst: dst, base: len(dst), mode: mode, spans: spans, word: -1}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 { // an invalid byte
				f.separator()
			} else if folding, ok := fromTable(r); ok {
				if folding == "" {
					f.mark(i + size)
				}
				for k := 0; k < len(folding); k++ {
					f.piece(folding[k], i, size)
				}
			} else {
				var scratch [32]byte
				folding := compute(scratch[:0], r)
				if len(folding) == 0 {
					f.mark(i + size)
				}
				for _, b := range folding {
					f.piece(b, i, size)
				}
			}
			i += size
			continue
		}
		if !isSmall(c) {
			switch b := ascii[c]; {
			case b == ' ' || b == '\'' && mode == Split:
				f.separator()
			case b == '\'':
			default: // a capital
				f.wordByte(b, i, false)
				f.srcEnd = i + 1
			}
			i++
			continue
		}
		// A run of words of small letters and digits, with single spaces
		// between them, copied whole.
		j, first, last := i+1, -1, -1 // first and last: the spaces in the run
		for j < len(s) {
			if isSmall(s[j]) {
				j++
			} else if s[j] == ' ' && j+1 < len(s) && isSmall(s[j+1]) {
				if first < 0 {
					first = j
				}
				last = j
				j += 2
			} else {
				break
			}
		}
		f.wordByte(c, i, false)
		at := len(f.dst) - 1 // where s[i] went
		f.dst = append(f.dst, s[i+1:j]...)
		if first >= 0 {
			// The run ends the current word at its first space, and its
			// last word, with an ASCII source, is the current one after it.
			f.closeWord(at+first-i, first)
			f.word, f.src, f.nonASCII = at+last+1-i, last+1, false
		}
		f.srcEnd = j
		i = j
	}
	if f.word >= 0 {
		f.closeWord(len(f.dst), f.srcEnd)
	}
	return f.dst
}

// folder is the state of appendFold.
type folder struct {
	dst      []byte
	base     int // where the folding starts in dst
	mode     Mode
	spans    *[]Span
	pending  bool // a separator came after the last word
	word     int  // where the current word starts in dst, or -1
	src      int  // where its source starts
	srcEnd   int  // where its source ends, so far
	nonASCII bool // its source has a non-ASCII character
}

// wordByte appends b, a byte of a word whose source is at s[i:]; nonASCII
// tells whether that source is a non-ASCII code point.
func (f *folder) wordByte(b byte, i int, nonASCII bool) {
	if f.word < 0 {
		if f.pending && len(f.dst) > f.base {
			f.dst = append(f.dst, ' ')
		}
		f.pending = false
		f.word, f.src, f.nonASCII = len(f.dst), i, false
	}
	f.nonASCII = f.nonASCII || nonASCII
	f.dst = append(f.dst, b)
}

// separator ends the current word, if any.
func (f *folder) separator() {
	if f.word >= 0 {
		f.closeWord(len(f.dst), f.srcEnd)
	}
	f.pending = true
}

// closeWord ends the current word at dst[end], its source at s[srcEnd].
func (f *folder) closeWord(end, srcEnd int) {
	if f.nonASCII && f.spans != nil {
		*f.spans = append(*f.spans, Span{f.word, end, f.src, srcEnd})
	}
	f.word = -1
}

// mark adds a combining mark that ends at s[end]: it belongs to the word
// before it.
func (f *folder) mark(end int) {
	if f.word >= 0 {
		f.srcEnd, f.nonASCII = end, true
	}
}

// piece adds b, a byte of the folding of the non-ASCII code point at
// s[i:i+size].
func (f *folder) piece(b byte, i, size int) {
	switch {
	case b == ' ' || b == '\'' && f.mode == Split:
		f.separator()
	case b == '\'':
	default:
		f.wordByte(b, i, true)
		f.srcEnd = i + size
	}
}

// String returns the folding of s with its words separated by one space
// (Append with Split). It is idempotent and always returns valid UTF-8.
func String(s string) string {
	if isFolded(s) {
		return s
	}
	var small [256]byte
	buf := small[:0]
	if len(s) > len(small) {
		buf = make([]byte, 0, len(s))
	}
	return string(Append(buf, s, Split))
}

// isFolded reports whether s is only small letters and digits, in words
// separated by single spaces: its own folding.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c-'a' < 26 || c-'0' < 10 {
			continue
		}
		if c != ' ' || i == 0 || i == len(s)-1 || s[i-1] == ' ' {
			return false
		}
	}
	return true
}
