package frtypo

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// engines holds the engines of String, whose slices are reused.
var engines = sync.Pool{New: func() any { return new(engine) }}

// String applies the rules to plain text, such as a title, a summary or a
// feed item. Something that reads as an HTML entity (&amp;) is left as it is.
func String(s string) string {
	if !hasTrigger(s) {
		return s
	}
	e := engines.Get().(*engine)
	defer engines.Put(e)
	e.reset()
	for i := 0; i < len(s); {
		if s[i] == '&' {
			if _, n := entity(s[i:]); n > 0 {
				for j := i; j < i+n; j++ {
					e.add(rune(s[j]), true, j, j+1)
				}
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			// Keep invalid bytes as they are: an object reads as a letter.
			e.add(object, true, i, i+1)
		} else {
			e.add(r, false, i, i+n)
		}
		i += n
	}
	e.run()
	if len(e.edits) == 0 {
		return s
	}
	// The units cover s without gaps: copy the text between the edits, and
	// what the edits write.
	var b strings.Builder
	b.Grow(len(s) + len(e.out))
	pos := 0
	for _, ed := range e.edits {
		u := e.units[ed.i]
		b.WriteString(s[pos:u.src])
		b.Write(e.out[ed.from:ed.to])
		pos = int(u.end)
	}
	b.WriteString(s[pos:])
	return b.String()
}

// HTML applies the rules to the text of an HTML fragment, such as a rendered
// summary, and leaves its markup alone: tags and attribute values, comments,
// and the content of code, kbd, samp, pre, script, style and similar
// elements. Autolinks (a link whose text is its URL) are left alone too.
// Quotes pair within a block element (p, li, td, h2...).
func HTML(s string) string {
	if !hasTrigger(s) {
		return s
	}
	h := htmlRewriter{s: s}
	h.e.reset()
	h.b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		if s[i] == '<' {
			if j := h.markup(i); j > i {
				i = j
				continue
			}
		}
		if s[i] == '&' {
			if r, n := entity(s[i:]); n > 0 {
				h.e.add(r, r == '"' || r == object, i, i+n)
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			h.e.add(object, true, i, i+1)
		} else {
			h.e.add(r, false, i, i+n)
		}
		i += n
	}
	h.flush()
	h.b.WriteString(s[h.pos:])
	if !h.changed {
		return s
	}
	return h.b.String()
}

// htmlRewriter holds the state of HTML: units of the current block, and the
// output written so far up to s[pos].
type htmlRewriter struct {
	s       string
	e       engine
	b       strings.Builder
	pos     int
	changed bool
}

// flush applies the rules to the current block and writes it out up to
// its last edit; the rest is written by the next flush or at the end.
func (h *htmlRewriter) flush() {
	if len(h.e.units) == 0 {
		return
	}
	h.e.run()
	for _, ed := range h.e.edits {
		u := h.e.units[ed.i]
		h.b.WriteString(h.s[h.pos:u.src])
		h.b.Write(util.EscapeHTML(h.e.out[ed.from:ed.to]))
		h.pos = int(u.end)
		h.changed = true
	}
	h.e.reset()
}

// markup handles the markup that starts at s[i] == '<' and returns where it
// ends, or i if it is not markup (a lone '<' is text).
func (h *htmlRewriter) markup(i int) int {
	s := h.s
	switch {
	case strings.HasPrefix(s[i:], "<!--"):
		if k := strings.Index(s[i+4:], "-->"); k >= 0 {
			return i + 4 + k + 3
		}
		return len(s)
	case strings.HasPrefix(s[i:], "<!"), strings.HasPrefix(s[i:], "<?"):
		if k := strings.IndexByte(s[i:], '>'); k >= 0 {
			return i + k + 1
		}
		return len(s)
	}
	end, name, closing := tagEnd(s, i)
	if end == i {
		return i
	}
	switch kind := tagKind(name); {
	case kind == kindBlock:
		h.flush()
		return end
	case closing || kind == kindInline:
		return end
	case kind == kindObject:
		h.e.add(object, true, i, end)
		return end
	case kind == kindSkip || kind == kindSkipBlock:
		stop := closeTag(s, end, name)
		if kind == kindSkipBlock {
			h.flush()
			return stop
		}
		h.e.add(object, true, i, stop)
		return stop
	case name == "a":
		if stop, ok := autolink(s, i, end); ok {
			h.e.add(object, true, i, stop)
			return stop
		}
	}
	return end
}

// tagEnd parses the tag at s[i] == '<' and returns its end, its lower-case
// name and whether it is a closing tag. end == i when s[i:] is not a tag.
func tagEnd(s string, i int) (end int, name string, closing bool) {
	j := i + 1
	if j < len(s) && s[j] == '/' {
		closing = true
		j++
	}
	k := j
	for k < len(s) && (isASCIILetter(rune(s[k])) || k > j && (s[k] >= '0' && s[k] <= '9' || s[k] == '-' || s[k] == ':')) {
		k++
	}
	if k == j {
		return i, "", false
	}
	name = strings.ToLower(s[j:k])
	var quote byte
	for ; k < len(s); k++ {
		c := s[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k + 1, name, closing
		}
	}
	return len(s), name, closing
}

// closeTag returns the end of the closing tag of element name, searched from
// s[from:], or len(s) if there is none.
func closeTag(s string, from int, name string) int {
	for k := from; k < len(s); {
		j := strings.Index(s[k:], "</")
		if j < 0 {
			break
		}
		k += j
		if end, n, closing := tagEnd(s, k); closing && n == name {
			return end
		}
		k += 2
	}
	return len(s)
}

// autolink reports whether the <a> element whose start tag is s[i:end] is an
// autolink, its text being its URL, and returns the end of the element.
func autolink(s string, i, end int) (int, bool) {
	k := strings.Index(s[end:], "</a>")
	if k < 0 || strings.IndexByte(s[end:end+k], '<') >= 0 {
		return 0, false
	}
	label := s[end : end+k]
	href, ok := attr(s[i:end], "href")
	if !ok || label == "" {
		return 0, false
	}
	l := unescape(label)
	if href == l || href == "mailto:"+l || unescape(href) == l || unescape(href) == "mailto:"+l {
		return end + k + 4, true
	}
	// goldmark escapes the URL of an autolink, not its label.
	if strings.Contains(href, "%") || strings.Contains(l, "://") || strings.HasPrefix(l, "www.") {
		return end + k + 4, true
	}
	return 0, false
}

// attr returns the value of attribute name in start tag t.
func attr(t, name string) (string, bool) {
	lt := strings.ToLower(t)
	for k := 0; ; {
		j := strings.Index(lt[k:], name+"=")
		if j < 0 {
			return "", false
		}
		k += j
		if k > 0 && !isSpace(rune(lt[k-1])) {
			k += len(name)
			continue
		}
		v := t[k+len(name)+1:]
		if v != "" && (v[0] == '"' || v[0] == '\'') {
			if e := strings.IndexByte(v[1:], v[0]); e >= 0 {
				return v[1 : 1+e], true
			}
			return "", false
		}
		e := strings.IndexAny(v, " \t\n>")
		if e < 0 {
			e = len(v)
		}
		return v[:e], true
	}
}

func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '&' {
			if r, n := entity(s[i:]); n > 0 {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

type kind int

const (
	kindOther     kind = iota
	kindInline         // transparent: <em>, <a>...
	kindBlock          // a block boundary: <p>, <li>, <br>...
	kindObject         // a void element that stands for something: <img>
	kindSkip           // an element whose content is left alone: <code>
	kindSkipBlock      // the same, and a block boundary: <pre>
)

func tagKind(name string) kind {
	switch name {
	case "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "span", "sup", "sub",
		"small", "abbr", "cite", "q", "dfn", "time", "bdi", "bdo", "data", "font", "wbr", "label":
		return kindInline
	case "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
		"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "dl", "dt", "dd",
		"section", "article", "header", "footer", "nav", "aside", "main", "figure",
		"figcaption", "hr", "br", "details", "summary", "form", "fieldset", "legend",
		"address", "body", "html", "head", "title", "option":
		return kindBlock
	case "img", "input", "embed", "source", "track", "param", "area":
		return kindObject
	case "code", "kbd", "samp", "var", "math", "svg", "button", "select", "iframe",
		"video", "audio", "object", "canvas", "noscript", "template":
		return kindSkip
	case "pre", "script", "style", "textarea", "listing", "xmp", "plaintext":
		return kindSkipBlock
	}
	return kindOther
}

// entity parses the character reference at the start of b (&amp;, &#233;,
// &#xE9;) as goldmark's renderer does, and returns the character it stands
// for and its length, or n == 0. A name that stands for several characters
// gives object.
func entity[T string | []byte](b T) (r rune, n int) {
	if len(b) < 3 || b[0] != '&' {
		return 0, 0
	}
	if b[1] == '#' {
		i, base, digits := 2, 10, 7
		if i < len(b) && (b[i] == 'x' || b[i] == 'X') {
			i, base, digits = 3, 16, 6
		}
		j := i
		for j < len(b) && j-i <= digits && isDigitIn(b[j], base) {
			j++
		}
		if j == i || j-i > digits || j >= len(b) || b[j] != ';' {
			return 0, 0
		}
		v, err := strconv.ParseUint(string(b[i:j]), base, 32)
		if err != nil || v == 0 || v > utf8.MaxRune || v >= 0xD800 && v <= 0xDFFF {
			return utf8.RuneError, j + 1
		}
		return rune(v), j + 1
	}
	j := 1
	for j < len(b) && j < 40 && util.IsAlphaNumeric(b[j]) {
		j++
	}
	if j == 1 || j >= len(b) || b[j] != ';' {
		return 0, 0
	}
	ent, ok := util.LookUpHTML5EntityByName(string(b[1:j]))
	if !ok {
		return 0, 0
	}
	r, size := utf8.DecodeRune(ent.Characters)
	if size != len(ent.Characters) {
		return object, j + 1
	}
	return r, j + 1
}

func isDigitIn(c byte, base int) bool {
	if c >= '0' && c <= '9' {
		return true
	}
	return base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
}
