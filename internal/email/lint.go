package email

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// MaxHTMLSize is the largest HTML part Lint accepts: Gmail clips a message
// past about 102 KB, hiding the rest (and the unsubscribe link) behind a
// "view entire message" link.
const MaxHTMLSize = 100 * 1024

// MaxWidth is the widest layout, in CSS pixels, that Lint accepts.
const MaxWidth = 600

// Finding is a problem that Lint found in an edition.
type Finding struct {
	Line    int    // 1-based line of the HTML; 0 when the whole document is at fault
	Rule    string // a short name: "size", "img", "relative-url", "css-position", ...
	Message string // one sentence, in English
}

func (f Finding) String() string {
	if f.Line == 0 {
		return f.Message + " (" + f.Rule + ")"
	}
	return strconv.Itoa(f.Line) + ": " + f.Message + " (" + f.Rule + ")"
}

// Lint checks an e-mail edition as it will be sent, after Inline, for what
// mail clients break or drop (see the package doc for the list), and
// returns the findings in the order of the document.
func Lint(doc []byte) []Finding {
	l := linter{}
	if len(doc) > MaxHTMLSize {
		l.add(0, "size", "the HTML is %d KB, over %d KB: Gmail clips messages past about 102 KB", (len(doc)+1023)/1024, MaxHTMLSize/1024)
	}
	z := html.NewTokenizer(bytes.NewReader(doc))
	line := 1
	inStyle := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		here := line
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			for {
				k, v, more := z.TagAttr()
				attrs[string(k)] = string(v)
				if !more {
					break
				}
			}
			delete(attrs, "")
			l.element(here, tag, attrs)
			inStyle = tag == "style" && tt == html.StartTagToken
		case html.EndTagToken:
			inStyle = false
		case html.TextToken:
			if inStyle {
				l.styleSheet(here, string(z.Text()))
			}
		}
	}
	slices.SortStableFunc(l.findings, func(a, b Finding) int { return cmp.Compare(a.Line, b.Line) })
	return l.findings
}

type linter struct {
	findings []Finding
}

func (l *linter) add(line int, rule, format string, args ...any) {
	l.findings = append(l.findings, Finding{Line: line, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// urlAttrs are the attributes that hold a URL.
var urlAttrs = []string{"href", "src", "background", "poster", "action", "cite"}

func (l *linter) element(line int, tag string, attrs map[string]string) {
	switch tag {
	case "script":
		l.add(line, "script", "<script>: mail clients remove scripts, and some reject the message")
	case "picture":
		l.add(line, "picture", "<picture>: Gmail and Outlook ignore it; use one <img>")
	case "link":
		if rel := strings.Fields(strings.ToLower(attrs["rel"])); containsWord(rel, "stylesheet") {
			l.add(line, "stylesheet", "<link rel=stylesheet>: mail clients do not load external style sheets or web fonts; inline the styles")
		}
	case "img":
		var missing []string
		for _, a := range []string{"alt", "width", "height"} {
			if _, ok := attrs[a]; !ok {
				missing = append(missing, a)
			}
		}
		if len(missing) > 0 {
			l.add(line, "img", "<img> without %s: images are often blocked, and Outlook needs their size", strings.Join(missing, ", "))
		}
		l.image(line, attrs["src"], attrs["type"])
	}
	if _, ok := attrs["srcset"]; ok {
		l.add(line, "srcset", "<%s srcset>: Gmail and Outlook ignore srcset; give src an image of the displayed size", tag)
	}
	for _, a := range urlAttrs {
		v, ok := attrs[a]
		if !ok || (tag == "base" && a == "href") {
			continue
		}
		l.url(line, tag, a, v)
	}
	if w, ok := attrs["width"]; ok {
		if px, ok := pixels(w, true); ok && px > MaxWidth {
			l.add(line, "width", "<%s width=%q>: wider than %d px, the layout will not fit a mail client's column", tag, w, MaxWidth)
		}
	}
	if style, ok := attrs["style"]; ok {
		own, _ := parseCSS(style, true)
		for _, d := range own.decls {
			l.declaration(line, tag, d)
		}
	}
}

func containsWord(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}

// url checks that a URL is absolute: a message has no base to resolve a
// relative one against.
func (l *linter) url(line int, tag, attr, v string) {
	v = strings.TrimSpace(v)
	u, err := url.Parse(v)
	if err != nil {
		l.add(line, "relative-url", "<%s %s=%q>: not a URL", tag, attr, v)
		return
	}
	switch strings.ToLower(u.Scheme) {
	case "":
		l.add(line, "relative-url", "<%s %s=%q>: relative URL; a message needs absolute URLs (https://...)", tag, attr, v)
	case "javascript":
		l.add(line, "script", "<%s %s=%q>: mail clients remove javascript: URLs", tag, attr, v)
	case "http", "https":
		if u.Host == "" {
			l.add(line, "relative-url", "<%s %s=%q>: URL without a host", tag, attr, v)
		}
	}
}

// image checks an image's format: Outlook for Windows shows neither WebP
// nor AVIF, Gmail and Outlook no SVG, and Gmail no data: URL.
func (l *linter) image(line int, src, typ string) {
	lower := strings.ToLower(strings.TrimSpace(src))
	if strings.HasPrefix(lower, "data:") {
		l.add(line, "image-format", "<img src=\"data:...\">: Gmail and Outlook block data: images; link a JPEG or PNG file")
		return
	}
	ext := ""
	if u, err := url.Parse(lower); err == nil {
		ext = strings.TrimPrefix(path.Ext(u.Path), ".")
	}
	if t := strings.ToLower(typ); strings.HasPrefix(t, "image/") {
		ext = strings.TrimPrefix(t, "image/")
	}
	switch ext {
	case "webp", "avif", "svg", "svg+xml", "heic", "heif", "jxl":
		l.add(line, "image-format", "<img src=%q>: %s images do not show in every mail client (Outlook for Windows shows no WebP); use JPEG or PNG", src, strings.ToUpper(strings.TrimSuffix(ext, "+xml")))
	}
}

var (
	cssURL  = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")]*)`)
	flexBox = regexp.MustCompile(`(?i)^(inline-)?(flex|grid)\b`)
)

// backgroundTags are the elements on which background images show in the
// most clients (Outlook for Windows needs VML even there).
var backgroundTags = map[string]bool{"body": true, "table": true, "td": true, "th": true}

// declaration checks a declaration of an element's style for what mail
// clients drop.
func (l *linter) declaration(line int, tag string, d decl) {
	v := strings.ToLower(d.value)
	switch {
	case strings.HasPrefix(d.prop, "--") || strings.Contains(v, "var("):
		l.add(line, "css-var", "<%s style=\"%s:...\">: Gmail and Outlook ignore CSS variables", tag, d.prop)
	case d.prop == "position" && v != "static":
		l.add(line, "css-position", "<%s style=\"position:%s\">: Gmail and Outlook ignore position", tag, d.value)
	case d.prop == "float" && v != "none" && tag != "img":
		l.add(line, "css-float", "<%s style=\"float:%s\">: Outlook for Windows floats only images; lay columns out with table cells", tag, d.value)
	case d.prop == "display" && flexBox.MatchString(v):
		l.add(line, "css-flex-grid", "<%s style=\"display:%s\">: Outlook for Windows and many webmails have no flex or grid layout; use tables", tag, d.value)
	case (d.prop == "background-image" || d.prop == "background") && strings.Contains(v, "url(") && !backgroundTags[tag]:
		l.add(line, "css-background", "<%s style=\"%s:url(...)\">: background images show in the most clients on <table>, <td> or <body> only", tag, d.prop)
	case d.prop == "width" || d.prop == "min-width":
		if px, ok := pixels(v, false); ok && px > MaxWidth {
			l.add(line, "width", "<%s style=\"%s:%s\">: wider than %d px, the layout will not fit a mail client's column", tag, d.prop, d.value, MaxWidth)
		}
	}
	for _, m := range cssURL.FindAllStringSubmatch(d.value, -1) {
		l.url(line, tag, "style url()", m[1])
	}
}

// pixels reads a length in CSS pixels ("640px", or "640" for an attribute).
func pixels(v string, unitless bool) (float64, bool) {
	v = strings.TrimSpace(strings.ToLower(v))
	num, isPx := strings.CutSuffix(v, "px")
	if !isPx && !unitless {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	return f, err == nil
}

// styleSheet checks a <style> element that starts on line: after Inline it
// should hold only what may be dropped (media queries, :hover); any other
// rule is lost where <style> is ignored.
func (l *linter) styleSheet(line int, src string) {
	sheet, errs := parseCSS(src, false)
	at := func(offset int) int {
		if offset > len(src) {
			offset = len(src)
		}
		return line + strings.Count(src[:offset], "\n")
	}
	for _, e := range errs {
		l.add(at(e.offset), "css-syntax", "CSS syntax error in <style>: %s", e.msg)
	}
	var visit func(items []*cssItem, top bool)
	visit = func(items []*cssItem, top bool) {
		for _, it := range items {
			switch it.at {
			case "":
				if top && !dynamic.MatchString(it.prelude) {
					l.add(at(it.offset), "not-inlined", "the rule %q in <style> is not inlined: webmails that drop <style> (SFR, La Poste) will not apply it", it.prelude)
				}
			case "@font-face":
				l.add(at(it.offset), "web-font", "@font-face: web fonts fail in most mail clients; use a font stack of system fonts")
			case "@import":
				l.add(at(it.offset), "stylesheet", "@import: mail clients do not load external style sheets")
			}
			visit(it.children, false)
		}
	}
	visit(sheet.children, true)
}
