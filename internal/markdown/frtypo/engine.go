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
//
// Most characters come out as they went in, so the engine records only the
// others: edits lists, in unit order, each unit written as something else
// than itself (a straight quote as a guillemet, a space as a no-break
// space, the dots of an ellipsis as "…" and then nothing), and out holds
// what they are written as.
type engine struct {
	units []unit
	edits []edit
	out   []byte // the characters the edits write, UTF-8

	depth   int // guillemets open
	opened  int // index of the last opening quote, -1 if none
	openGap int // index of the last space of the run that follows the last opening quote, -1 if none

	colons []int32 // indexes of the colons, which may end a URL scheme
	colon  int     // index in colons of the colon last returned by colonFrom
}

// An edit says that unit i is written as out[from:to] (possibly nothing)
// rather than as itself.
type edit struct {
	i, from, to int32
}

func (e *engine) reset() {
	e.units = e.units[:0]
	e.colons = e.colons[:0]
	e.edits = e.edits[:0]
	e.out = e.out[:0]
	e.depth = 0
	e.opened = -1
}

// add appends a unit, and notes it in colons if it is a colon (the quick
// path of decodeMarkdown, which appends units itself, leaves colons to add).
func (e *engine) add(r rune, lit bool, src, end int) {
	if r == ':' {
		e.colons = append(e.colons, int32(len(e.units)))
	}
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

// replace records that unit i is written as rs. The rules call it only
// when rs differs from the unit's own character.
func (e *engine) replace(i int, rs ...rune) {
	from := len(e.out)
	for _, r := range rs {
		e.out = utf8.AppendRune(e.out, r)
	}
	e.edits = append(e.edits, edit{i: int32(i), from: int32(from), to: int32(len(e.out))})
}

// run applies the rules to e.units, filling e.edits and e.out.
func (e *engine) run() {
	e.opened, e.openGap = -1, -1
	e.colon = 0
	for i := 0; i < len(e.units); {
		u := e.units[i]
		switch {
		case u.lit:
			i++
		case (u.r == ' ' || u.r == '\t') && e.opened != i-1 && e.openGap != i-1 && (i+1 == len(e.units) || !acted(e.units[i+1].r)):
			// A space that follows no opening quote and comes before a
			// character no rule acts on stays as it is (see space). Most
			// spaces come before a word.
			i++
		case acted(u.r):
			i = e.step(i)
		case isASCIILetter(u.r) && (i == 0 || urlMayFollow(e.units[i-1].r)):
			// A URL may start here; it is left as it is.
			if j := e.urlEnd(i); j > i {
				i = j
				continue
			}
			i = e.skipWord(i + 1)
		case u.r < utf8.RuneSelf && noURLAfterASCII[u.r] || u.r >= utf8.RuneSelf && isWord(u.r):
			// Most units are letters inside words, which no rule acts on.
			i = e.skipWord(i + 1)
		default:
			i++
		}
	}
}

// skipWord returns the index of the first unit at or after i that is not
// an ASCII letter, digit or '_'. The unit before i is one after which no
// URL starts (see urlMayFollow), so run would only step over those units:
// no rule acts on them, and none of them starts a URL.
func (e *engine) skipWord(i int) int {
	for i < len(e.units) && e.units[i].r < utf8.RuneSelf && wordASCII[e.units[i].r] {
		i++
	}
	return i
}

// wordASCII lists the ASCII characters of words (see isWord).
var wordASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range rune(utf8.RuneSelf) {
		t[c] = isWord(c)
	}
	return t
}()

// acted reports whether r is a character that some case of step acts on.
// Any other character is left as it is; run looks only for the start of a
// URL among them.
func acted(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return actedASCII[r]
	}
	return r == lquo || r == rquo || r == nbsp || r == nnbsp
}

// actedASCII is acted for the ASCII characters, as a table: run asks for
// every unit.
var actedASCII = [utf8.RuneSelf]bool{
	' ': true, '\t': true, ';': true, '!': true, '?': true, ':': true, '.': true, '\'': true, '"': true,
}

// urlMayFollow reports whether a URL may start after the character p.
func urlMayFollow(p rune) bool {
	if uint32(p) < utf8.RuneSelf {
		return !noURLAfterASCII[p]
	}
	return !isWord(p)
}

// noURLAfterASCII lists the ASCII characters after which no URL starts:
// those of words (see isWord), '.' and '/'.
var noURLAfterASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range rune(utf8.RuneSelf) {
		t[c] = isWord(c) || c == '.' || c == '/'
	}
	return t
}()

// step records the edits of unit i, a free unit whose character is acted,
// and of the units it consumes, and returns the index of the next unit to
// process.
func (e *engine) step(i int) int {
	switch r := e.units[i].r; r {
	case ' ', '\t', nbsp, nnbsp:
		if i > 0 && e.openGap == i-1 {
			// More spaces after an opening quote and its space: they go.
			e.replace(i)
			e.openGap = i
			return i + 1
		}
		if e.opened == i-1 && i > 0 {
			e.openGap = i // the opening quote's space: see space
		} else if e.spaceRunTakesGap(i) {
			// Several spaces before a sign that takes one: the last
			// one becomes that space, the others go.
			e.replace(i)
			return i + 1
		}
		if r == nbsp || r == nnbsp {
			break // a no-break space already: kept
		}
		if s := e.space(i); s != r {
			e.replace(i, s)
		}
	case ';', '!', '?':
		if e.punctApplies(i) && e.needsGap(i) {
			e.replace(i, nnbsp, r)
		}
	case ':':
		if e.colonApplies(i) && e.needsGap(i) {
			e.replace(i, nbsp, r)
		}
	case '.':
		if e.free(i+1) && e.free(i+2) && e.at(i+1) == '.' && e.at(i+2) == '.' {
			e.replace(i, ellipsis)
			e.replace(i + 1) // the ellipsis stands for the three dots
			e.replace(i + 2)
			return i + 3
		}
	case '\'':
		e.replace(i, apos)
	case '"':
		switch e.quoteRole(i) {
		case roleOpen:
			e.open(i)
		case roleClose:
			e.close(i)
		}
	case lquo:
		e.open(i)
	case rquo:
		e.close(i)
	}
	return i + 1
}

// spaceRunTakesGap reports whether the space at i is followed by more
// spaces (or tabs, no-break spaces) and then by a sign that takes a space
// before it: ; ! ? : or a closing quote.
func (e *engine) spaceRunTakesGap(i int) bool {
	j := i + 1
	for e.free(j) && isGap(e.units[j].r) {
		j++
	}
	if j == i+1 || !e.free(j) {
		return false
	}
	switch e.units[j].r {
	case ';', '!', '?':
		return e.punctApplies(j)
	case ':':
		return e.colonApplies(j)
	case rquo:
		return true
	case '"':
		return e.quoteRole(j) == roleClose
	}
	return false
}

// isGap reports the characters a run of spaces is made of.
func isGap(r rune) bool { return r == ' ' || r == '\t' || r == nbsp || r == nnbsp }

// open writes the quote at i, straight or a guillemet, as an opening
// guillemet followed by a narrow no-break space unless a space follows.
func (e *engine) open(i int) {
	e.depth++
	e.opened = i
	switch {
	case !isSpace(e.at(i + 1)):
		e.replace(i, lquo, nnbsp)
	case e.units[i].r != lquo:
		e.replace(i, lquo)
	}
}

// close writes the quote at i as a closing guillemet preceded by a narrow
// no-break space unless a space or the opening quote comes before.
func (e *engine) close(i int) {
	if e.depth > 0 {
		e.depth--
	}
	switch {
	case !isSpace(e.at(i-1)) && e.opened != i-1:
		e.replace(i, nnbsp, rquo)
	case e.units[i].r != rquo:
		e.replace(i, rquo)
	}
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
// quote or angle bracket. The unit at i is an ASCII letter that follows none
// of the characters after which a URL cannot start (see urlMayFollow).
func (e *engine) urlEnd(i int) int {
	var j int
	switch {
	case lower(e.at(i)) == 'w' && lower(e.at(i+1)) == 'w' && lower(e.at(i+2)) == 'w' && e.at(i+3) == '.':
		j = i + 3
	case e.colonFrom(i)-i > 32:
		// A scheme is at most 32 characters long and ends at a colon:
		// with no colon that close, no need to read the word.
		return i
	default:
		j = i
		for j < len(e.units) && j-i < 32 && isSchemeChar(e.units[j].r) && e.units[j].r != '.' {
			j++
		}
		ok := false
		switch {
		case e.at(j) == ':' && e.at(j+1) == '/' && e.at(j+2) == '/':
			ok = true
		case e.at(j) == ':' && !isSpace(e.at(j+1)):
			ok = e.afterScheme(j) && j+1 < len(e.units) && e.at(j+1) != '"'
		}
		if !ok {
			return i
		}
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

// colonFrom returns the index of the first colon at or after i, or
// len(e.units) if there is none. run calls it (through urlEnd) with i
// increasing, so it goes on from the last colon it returned.
func (e *engine) colonFrom(i int) int {
	for e.colon < len(e.colons) && int(e.colons[e.colon]) < i {
		e.colon++
	}
	if e.colon < len(e.colons) {
		return int(e.colons[e.colon])
	}
	return len(e.units)
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
