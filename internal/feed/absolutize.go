package feed

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose value is a URL (or, for srcset, a list of
// image candidates) that Absolutize rewrites.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "srcset": true}

// Absolutize returns the HTML fragment s with every relative URL in an href,
// src, poster or srcset attribute (any element, names in any case) resolved
// against base, an absolute URL that should end with a slash (the page's
// permalink). Feed readers show content away from the site, so relative links
// would break there.
//
// The fragment is read by golang.org/x/net/html's tokenizer, so what is a tag
// and what is text, a comment, or the body of a script, style, textarea or
// title is what the HTML standard says, and so are attribute values
// (character references decoded; of an attribute written twice, the first
// counts). A tag with a relative URL is written anew (see tagBuf.write),
// everything else is copied byte for byte.
//
// Left as they are: absolute URLs (any scheme, so mailto:, tel:, data: too),
// protocol-relative URLs (//cdn...), empty values, and fragment-only
// references (#top): those point into the item itself, which a reader shows
// on its own, and resolving them against base would send the reader to the
// page instead. An unfinished tag at the end of s is no tag (a browser drops
// it) and is left as it is. Absolutize is idempotent.
//
// If base does not parse as an absolute URL, s is returned unchanged.
func Absolutize(s, base string) string {
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() || b.Host == "" {
		return s
	}
	var (
		out  strings.Builder
		last int // end of the part of s already copied to out
		off  int // end of the current token in s
		tag  tagBuf
	)
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		start := off
		off += len(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		if tag.read(z, b) {
			out.WriteString(s[last:start])
			tag.write(&out, tt == html.SelfClosingTagToken)
			last = off
		}
	}
	if last == 0 {
		return s
	}
	out.WriteString(s[last:])
	return out.String()
}

// tagBuf holds the current start tag of a tokenizer, its name and
// attributes copied into one buffer that is reused from tag to tag.
type tagBuf struct {
	buf   []byte
	name  int // buf[:name] is the name
	attrs []tagAttr
}

// tagAttr is an attribute of a tagBuf: buf[k:v] is its name, buf[v:end]
// its value, unless resolved holds its new value.
type tagAttr struct {
	k, v, end int
	resolved  string
	changed   bool
}

// read copies the current tag of z and resolves its URL attributes
// against base. It reports whether any changed.
func (t *tagBuf) read(z *html.Tokenizer, base *url.URL) bool {
	name, hasAttr := z.TagName()
	if !hasAttr {
		return false
	}
	t.buf, t.attrs = append(t.buf[:0], name...), t.attrs[:0]
	t.name = len(t.buf)
	changed := false
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		a := tagAttr{k: len(t.buf)}
		t.buf = append(t.buf, key...)
		a.v = len(t.buf)
		t.buf = append(t.buf, val...)
		a.end = len(t.buf)
		if urlAttrs[string(key)] {
			v := string(val)
			if a.resolved = resolveAttr(string(key), v, base); a.resolved != v {
				a.changed, changed = true, true
			}
		}
		t.attrs = append(t.attrs, a)
	}
	return changed
}

// write writes the tag as goldmark writes its own (attribute values in
// double quotes, with &, <, > and " escaped), so that a Markdown page's
// links keep their bytes but for the URL. (html.Token's String escapes '
// too, as &#39;.)
func (t *tagBuf) write(b *strings.Builder, selfClosing bool) {
	b.WriteByte('<')
	b.Write(t.buf[:t.name])
	for _, a := range t.attrs {
		b.WriteByte(' ')
		b.Write(t.buf[a.k:a.v])
		b.WriteString(`="`)
		if a.changed {
			writeEscaped(b, a.resolved)
		} else {
			writeEscaped(b, t.buf[a.v:a.end])
		}
		b.WriteByte('"')
	}
	if selfClosing {
		b.WriteString(" /")
	}
	b.WriteByte('>')
}

// writeEscaped writes v with &, <, > and " escaped.
func writeEscaped[T string | []byte](b *strings.Builder, v T) {
	last := 0
	for i := 0; i < len(v); i++ {
		var esc string
		switch v[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		default:
			continue
		}
		b.WriteString(string(v[last:i]))
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(string(v[last:]))
}

// resolveAttr returns the value of the URL attribute key with its relative
// URLs resolved against base.
func resolveAttr(key, v string, base *url.URL) string {
	if key == "srcset" {
		return srcset(v, base)
	}
	return resolve(v, base)
}

// srcset resolves each image candidate URL of a srcset value, following the
// parsing rules of the HTML standard (candidates separated by commas, each a
// URL then optional descriptors), and keeps the separators and descriptors.
func srcset(v string, base *url.URL) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(v); {
		for i < len(v) && (isSpace(v[i]) || v[i] == ',') {
			i++
		}
		us := i
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		ue := i
		for ue > us && v[ue-1] == ',' {
			ue-- // "a.png," is a URL without descriptors
		}
		if ue == i { // descriptors follow, up to a comma outside parentheses
			depth := 0
			for i < len(v) && (depth > 0 || v[i] != ',') {
				switch v[i] {
				case '(':
					depth++
				case ')':
					depth = max(depth-1, 0)
				}
				i++
			}
		}
		if u := v[us:ue]; u != "" {
			if nu := resolve(u, base); nu != u {
				b.WriteString(v[last:us])
				b.WriteString(nu)
				last = ue
			}
		}
	}
	if last == 0 {
		return v
	}
	b.WriteString(v[last:])
	return b.String()
}

// resolve returns ref resolved against base, or ref itself when it is
// absolute, protocol-relative, fragment-only or blank. Surrounding spaces,
// which HTML strips from URL attributes, are kept.
func resolve(ref string, base *url.URL) string {
	lead := len(ref) - len(strings.TrimLeft(ref, " \t\n\f\r"))
	t := strings.TrimRight(ref[lead:], " \t\n\f\r")
	if t == "" || t[0] == '#' || strings.HasPrefix(t, "//") || hasScheme(t) {
		return ref
	}
	var abs string
	if u, err := url.Parse(t); err == nil {
		abs = base.ResolveReference(u).String()
	} else if t[0] == '/' { // not a valid URL: at least make it absolute
		abs = base.Scheme + "://" + base.Host + t
	} else {
		abs = base.String() + t
	}
	return ref[:lead] + abs + ref[lead+len(t):]
}

// hasScheme reports whether ref starts with a URI scheme and a colon
// (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
func hasScheme(ref string) bool {
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c|0x20 >= 'a' && c|0x20 <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// isSpace reports whether c is HTML ASCII whitespace.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
