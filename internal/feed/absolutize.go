package feed

import (
	"fmt"
	"net/url"
	"strings"
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
// Left as they are: absolute URLs (any scheme, so mailto:, tel:, data: too),
// protocol-relative URLs (//cdn...), empty values, and fragment-only
// references (#top): those point into the item itself, which a reader shows
// on its own, and resolving them against base would send the reader to the
// page instead. Everything else (text, comments, script and style bodies,
// other attributes, quoting) is copied unchanged, except that a rewritten
// unquoted value is written with double quotes. Absolutize is idempotent.
//
// If base does not parse as an absolute URL, s is returned unchanged.
func Absolutize(s, base string) string {
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() || b.Host == "" {
		return s
	}
	r := rewriter{src: s, base: b}
	r.run()
	if r.last == 0 {
		return s
	}
	r.out.WriteString(s[r.last:])
	return r.out.String()
}

// rewriter scans an HTML fragment for start tags and replaces URL spans.
type rewriter struct {
	src  string
	base *url.URL
	out  strings.Builder
	last int // end of the part of src already copied to out
}

func (r *rewriter) run() {
	s := r.src
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return
		}
		i += j
		switch rest := s[i:]; {
		case strings.HasPrefix(rest, "<!--"):
			i = skipPast(s, i+4, "-->")
		case strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"), strings.HasPrefix(rest, "</"):
			i = skipPast(s, i+2, ">")
		case len(rest) > 1 && isLetter(rest[1]):
			var name string
			name, i = r.tag(i + 1)
			if name == "script" || name == "style" {
				i = skipRawText(s, i, name)
			}
		default:
			i++
		}
	}
}

// tag reads a start tag from its name at i, rewriting URL attributes, and
// returns the lower-cased tag name and the offset just past the tag.
func (r *rewriter) tag(i int) (string, int) {
	s := r.src
	start := i
	for i < len(s) && !isSpace(s[i]) && s[i] != '/' && s[i] != '>' {
		i++
	}
	name := strings.ToLower(s[start:i])
	for i < len(s) {
		for i < len(s) && (isSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) {
			return name, len(s)
		}
		if s[i] == '>' {
			return name, i + 1
		}
		// Attribute name: the first character may be '=' (HTML allows it).
		ns := i
		i++
		for i < len(s) && !isSpace(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=' {
			i++
		}
		attr := strings.ToLower(s[ns:i])
		k := i
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		if k >= len(s) || s[k] != '=' {
			continue // no value
		}
		k++
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		var vs, ve int // value span
		quoted := k < len(s) && (s[k] == '"' || s[k] == '\'')
		if quoted {
			vs = k + 1
			ve = strings.IndexByte(s[vs:], s[k])
			if ve < 0 {
				ve = len(s)
				i = ve
			} else {
				ve += vs
				i = ve + 1
			}
		} else {
			vs = k
			for k < len(s) && !isSpace(s[k]) && s[k] != '>' {
				k++
			}
			ve, i = k, k
		}
		if urlAttrs[attr] {
			r.value(attr, vs, ve, quoted)
		}
	}
	return name, i
}

// value rewrites the attribute value src[vs:ve] if it holds relative URLs.
func (r *rewriter) value(attr string, vs, ve int, quoted bool) {
	v := r.src[vs:ve]
	var nv string
	if attr == "srcset" {
		nv = r.srcset(v)
	} else {
		nv = r.resolve(v)
	}
	if nv == v {
		return
	}
	r.out.WriteString(r.src[r.last:vs])
	if quoted {
		q := r.src[vs-1 : vs]
		r.out.WriteString(strings.ReplaceAll(nv, q, fmt.Sprintf("&#%d;", q[0])))
	} else {
		r.out.WriteByte('"')
		r.out.WriteString(strings.ReplaceAll(nv, `"`, "&quot;"))
		r.out.WriteByte('"')
	}
	r.last = ve
}

// srcset resolves each image candidate URL of a srcset value, following the
// parsing rules of the HTML standard (candidates separated by commas, each a
// URL then optional descriptors), and keeps the separators and descriptors.
func (r *rewriter) srcset(v string) string {
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
			if nu := r.resolve(u); nu != u {
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

// resolve returns ref resolved against the base URL, or ref itself when it is
// absolute, protocol-relative, fragment-only or blank. Surrounding spaces,
// which HTML strips from URL attributes, are kept.
func (r *rewriter) resolve(ref string) string {
	lead := len(ref) - len(strings.TrimLeft(ref, " \t\n\f\r"))
	t := strings.TrimRight(ref[lead:], " \t\n\f\r")
	if t == "" || t[0] == '#' || strings.HasPrefix(t, "//") || hasScheme(t) {
		return ref
	}
	var abs string
	if u, err := url.Parse(t); err == nil {
		abs = r.base.ResolveReference(u).String()
	} else if t[0] == '/' { // not a valid URL: at least make it absolute
		abs = r.base.Scheme + "://" + r.base.Host + t
	} else {
		abs = r.base.String() + t
	}
	return ref[:lead] + abs + ref[lead+len(t):]
}

// hasScheme reports whether ref starts with a URI scheme and a colon
// (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
func hasScheme(ref string) bool {
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case isLetter(c):
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// skipPast returns the offset just past the first end found at or after i in
// s, or len(s).
func skipPast(s string, i int, end string) int {
	if j := strings.Index(s[i:], end); j >= 0 {
		return i + j + len(end)
	}
	return len(s)
}

// skipRawText returns the offset of the end tag closing a script or style
// element whose body starts at i, or len(s). The name is compared in ASCII
// case only, so that offsets into s stay true.
func skipRawText(s string, i int, name string) int {
	for {
		j := strings.Index(s[i:], "</")
		if j < 0 {
			return len(s)
		}
		i += j
		if e := i + 2 + len(name); e <= len(s) && strings.EqualFold(s[i+2:e], name) {
			return i
		}
		i += 2
	}
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isSpace reports whether c is HTML ASCII whitespace.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
