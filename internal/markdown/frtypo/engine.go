package frtypo

import (
	"unicode"
	"unicode/utf8"
)

// Characters the rules write.
const (
	nbsp     = '\u00a0' // before ':'
	nnbsp    = '\u202f' // before ';', '!', '?' and inside guillemets
	ellipsis = '…'
	apos     = '’'
	lquo     = '«'
	rquo     = '»'

	// object stands for something the rules must not look into (a code span,
	// an autolink, an image): it reads as a letter to its neighbours.
	object = '\ufffc'
)

// A unit is one character of a block's text, as the rules see it.
type unit struct {
	r rune
	// lit marks a character that is copied as it is and never changed:
	// a double quote written as an entity or escaped, the letters of an
	// entity in plain text.
	lit bool
	// src and end locate the character as written (an entity, an escape,
	// or the character itself) in the caller's source buffer.
	src, end int32
}

// An engine applies the rules to a sequence of units. Its slices are reused
// from one block to the next.
type engine struct {
	units  []unit
	out    []byte  // the characters written, UTF-8
	bounds []int32 // bounds[i] is where unit i's output starts in out; len(units)+1 entries

	depth  int // guillemets open
	opened int // index of the last opening quote, -1 if none
}

func (e *engine) reset() {
	e.units = e.units[:0]
	e.out = e.out[:0]
	e.bounds = e.bounds[:0]
	e.depth = 0
	e.opened = -1
}

func (e *engine) add(r rune, lit bool, src, end int) {
	e.units = append(e.units, unit{r: r, lit: lit, src: int32(src), end: int32(end)})
}

// at returns the character at i; outside the text it returns a line break,
// which reads as a space.
func (e *engine) at(i int) rune {
	if i < 0 || i >= len(e.units) {
		return '\n'
	}
	return e.units[i].r
}

// free reports whether the unit at i exists and may be changed.
func (e *engine) free(i int) bool {
	return i >= 0 && i < len(e.units) && !e.units[i].lit
}

func (e *engine) emit(r rune) {
	e.out = utf8.AppendRune(e.out, r)
}

// changed reports whether unit i was written as something else than itself.
func (e *engine) changed(i int) bool {
	o := e.out[e.bounds[i]:e.bounds[i+1]]
	r, n := utf8.DecodeRune(o)
	return n != len(o) || r != e.units[i].r
}

// run applies the rules to e.units, filling e.out and e.bounds.
func (e *engine) run() {
	n := len(e.units)
	if cap(e.bounds) < n+1 {
		e.bounds = make([]int32, 0, n+1)
	}
	e.bounds = e.bounds[:n+1]
	e.opened = -1
	for i := 0; i < n; {
		e.bounds[i] = int32(len(e.out))
		i = e.step(i)
	}
	e.bounds[n] = int32(len(e.out))
}

// mark records that units i..j-1 produced nothing of their own (their
// output, if any, went to the unit before them).
func (e *engine) mark(i, j int) {
	for k := i; k < j; k++ {
		e.bounds[k] = int32(len(e.out))
	}
}

// step writes the output of unit i (and of the units it consumes) and
// returns the index of the next unit to process.
func (e *engine) step(i int) int {
	u := e.units[i]
	if u.lit {
		e.emit(u.r)
		return i + 1
	}
	switch r := u.r; r {
	case ' ', '\t':
		e.emit(e.space(i))
	case ';', '!', '?':
		if e.punctApplies(i) && e.needsGap(i) {
			e.emit(nnbsp)
		}
		e.emit(r)
	case ':':
		if e.colonApplies(i) && e.needsGap(i) {
			e.emit(nbsp)
		}
		e.emit(r)
	case '.':
		if e.free(i+1) && e.free(i+2) && e.at(i+1) == '.' && e.at(i+2) == '.' {
			e.emit(ellipsis)
			e.mark(i+1, i+3)
			return i + 3
		}
		e.emit(r)
	case '\'':
		e.emit(apos)
	case '"':
		switch e.quoteRole(i) {
		case roleOpen:
			e.open(i)
		case roleClose:
			e.close(i)
		default:
			e.emit(r)
		}
	case lquo:
		e.open(i)
	case rquo:
		e.close(i)
	default:
		if j := e.urlEnd(i); j > i {
			for k := i; k < j; k++ {
				e.bounds[k] = int32(len(e.out))
				e.emit(e.units[k].r)
			}
			return j
		}
		e.emit(r)
	}
	return i + 1
}

func (e *engine) open(i int) {
	e.depth++
	e.opened = i
	e.emit(lquo)
	if !isSpace(e.at(i + 1)) {
		e.emit(nnbsp)
	}
}

func (e *engine) close(i int) {
	if e.depth > 0 {
		e.depth--
	}
	if p := e.at(i - 1); !isSpace(p) && e.opened != i-1 {
		e.emit(nnbsp)
	}
	e.emit(rquo)
}

// space returns what the plain space at i becomes: a narrow no-break space
// before ';', '!', '?', a closing guillemet, and after an opening one; a
// no-break space before ':'.
func (e *engine) space(i int) rune {
	if e.opened == i-1 && i > 0 {
		return nnbsp
	}
	if !e.free(i + 1) {
		return e.units[i].r
	}
	switch e.at(i + 1) {
	case ';', '!', '?':
		if e.punctApplies(i + 1) {
			return nnbsp
		}
	case ':':
		if e.colonApplies(i + 1) {
			return nbsp
		}
	case rquo:
		return nnbsp
	case '"':
		if e.quoteRole(i+1) == roleClose {
			return nnbsp
		}
	}
	return e.units[i].r
}

// punctApplies reports whether the ';', '!' or '?' at i ends a word or a
// sentence (and so takes a space), rather than sitting inside a token such
// as "a?b" or "!important".
func (e *engine) punctApplies(i int) bool {
	return !isWord(e.at(i + 1))
}

// colonApplies reports whether the ':' at i is punctuation: followed by a
// space or a closing sign, and not the end of a URL scheme. Times and ratios
// (13:00, 2:1) have a digit after the colon, so they are left alone.
func (e *engine) colonApplies(i int) bool {
	switch n := e.at(i + 1); {
	case isSpace(n):
	case n == '"', n == lquo, n == rquo, n == '\'', n == apos,
		n == '!', n == '?', n == ';', n == ',':
	default:
		return false
	}
	return !e.afterScheme(i)
}

// schemes are words that, before a colon, name a URL scheme.
var schemes = []string{"http", "https", "ftp", "ftps", "mailto", "tel", "file", "data", "javascript", "urn", "news", "sms"}

// afterScheme reports whether the word that ends just before i is a URL
// scheme name (as in "le préfixe http: ...").
func (e *engine) afterScheme(i int) bool {
	j := i
	for j > 0 && j > i-12 && isASCIILetter(e.at(j-1)) {
		j--
	}
	if j == i || isWord(e.at(j-1)) {
		return false
	}
	for _, s := range schemes {
		if len(s) != i-j {
			continue
		}
		ok := true
		for k := range len(s) {
			if lower(e.at(j+k)) != rune(s[k]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// needsGap reports whether a space must be inserted before the punctuation
// at i: not after a space (kept, or already replaced), an opening sign, or
// another of ; : ! ? (a group such as "?!" takes one space before it).
func (e *engine) needsGap(i int) bool {
	if e.opened == i-1 && i > 0 {
		return false
	}
	switch p := e.at(i - 1); {
	case isSpace(p):
		return false
	case p == '!', p == '?', p == ':', p == ';', p == '(', p == '[', p == '{', p == lquo:
		return false
	}
	return true
}

type role int

const (
	roleNone role = iota
	roleOpen
	roleClose
)

// quoteRole decides whether the straight double quote at i opens or closes,
// from its neighbours and, when they do not tell, from the quotes already
// open in the block.
func (e *engine) quoteRole(i int) role {
	p, n := e.at(i-1), e.at(i+1)
	openCtx := isSpace(p) || isOpener(p)
	closeCtx := isSpace(n) || isCloser(n)
	switch {
	case openCtx && !closeCtx:
		return roleOpen
	case e.depth == 0 && closeCtx && !openCtx: // 12" (inches), or a stray quote
		return roleNone
	case closeCtx && !openCtx, e.depth > 0:
		return roleClose
	case openCtx: // a quote standing alone between spaces
		return roleNone
	default:
		return roleOpen
	}
}

func isOpener(r rune) bool {
	switch r {
	case '(', '[', '{', lquo, '‘', '“', '\'', apos:
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', rquo, ellipsis, '”':
		return true
	}
	return false
}

// urlEnd returns the end of a URL starting at i ("scheme://...", "www.",
// "mailto:..."), or i if none starts there. A URL runs to the next space,
// quote or angle bracket.
func (e *engine) urlEnd(i int) int {
	if !isASCIILetter(e.at(i)) || isWord(e.at(i-1)) || e.at(i-1) == '.' || e.at(i-1) == '/' {
		return i
	}
	j := i
	for j < len(e.units) && j-i < 32 && isSchemeChar(e.units[j].r) && e.units[j].r != '.' {
		j++
	}
	ok := false
	switch {
	case j-i == 3 && e.at(j) == '.' &&
		lower(e.at(i)) == 'w' && lower(e.at(i+1)) == 'w' && lower(e.at(i+2)) == 'w':
		ok = true
	case e.at(j) == ':' && e.at(j+1) == '/' && e.at(j+2) == '/':
		ok = true
	case e.at(j) == ':' && !isSpace(e.at(j+1)):
		ok = e.afterScheme(j) && j+1 < len(e.units) && e.at(j+1) != '"'
	}
	if !ok {
		return i
	}
	for j < len(e.units) {
		switch r := e.units[j].r; {
		case isSpace(r), r == '"', r == '<', r == '>', r == lquo, r == rquo:
			return j
		}
		j++
	}
	return j
}

func isSchemeChar(r rune) bool {
	return isASCIILetter(r) || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'
}

func isASCIILetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func lower(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// isSpace reports whether r is white space, including the no-break spaces
// and the line breaks that surround a block.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', nbsp, nnbsp:
		return true
	}
	return r >= 0x80 && unicode.IsSpace(r)
}

// isWord reports whether r belongs to a word: a letter, a digit, a mark, or
// an object standing for code or a link.
func isWord(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
	}
	return r == object || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
