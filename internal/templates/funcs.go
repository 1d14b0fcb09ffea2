package templates

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/slug"
)

// Function names layouts know, Hugo's where Hugo has one.
func funcMap(opt Options, s *Set) template.FuncMap {
	basePath := "/"
	if u, err := url.Parse(opt.BaseURL); err == nil && u.Path != "" {
		basePath = u.Path
	}
	markdownify := opt.Markdownify
	if markdownify == nil {
		markdownify = func(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }
	}
	funcs := template.FuncMap{
		"partial":       s.partial,
		"partialCached": s.partialCached,
		"dateFR":        DateFR,
		"timeFR":        TimeFR,
		"isoDate":       isoDate,
		"relURL":        func(p string) string { return RelURL(basePath, p) },
		"absURL":        func(p string) string { return AbsURL(opt.BaseURL, p) },
		"webcalURL":     func(p string) template.URL { return webcal(AbsURL(opt.BaseURL, p)) },
		"markdownify":   func(v any) template.HTML { return markdownify(toText(v)) },
		"typo":          s.typesetCached,
		"slugify":       slug.Make,
		"truncate":      Truncate,
		"readingTime":   readingTime,
		"plural":        Plural,
		"jsonLD":        JSONLD,
		"dict":          dict,
		"slice":         func(v ...any) []any { return v },
		"first":         first,
		"add":           func(a, b int) int { return a + b },
		"sub":           func(a, b int) int { return a - b },
		"upper":         strings.ToUpper,
		"lower":         strings.ToLower,
		"ucfirst":       ucfirst,
		"join":          strings.Join,
		"replace":       strings.ReplaceAll,
		"contains":      strings.Contains,
		"default": func(def, v any) any {
			if v == nil || reflect.ValueOf(v).IsZero() {
				return def
			}
			return v
		},
		"sameDay":      sameDay,
		"inZone":       func(loc *time.Location, t time.Time) time.Time { return t.In(loc) },
		"plainify":     Plainify,
		"append":       appendList,
		"anchorPrefix": AnchorPrefix,
		"when":         When,
		"menu":         s.menu,
		"schemaOrg":    SchemaOrg,
	}
	for name, fn := range markupFuncs(opt) {
		funcs[name] = fn
	}
	for name, fn := range hugoFuncs(opt.Now) {
		funcs[name] = fn
	}
	for name, fn := range imageFuncs(opt.Images) {
		funcs[name] = fn
	}
	return funcs
}

var (
	daysFR   = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	monthsFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	// Abbreviations as the Imprimerie nationale writes them.
	daysShortFR   = [...]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}
	monthsShortFR = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
)

// namePlaceholders turns the name elements of a Go layout into control
// characters that Format leaves alone; DateFR then writes French names.
var namePlaceholders = strings.NewReplacer("Monday", "\x01", "January", "\x02", "Mon", "\x03", "Jan", "\x04")

// sameDay reports whether a and b fall on the same calendar day.
func sameDay(a, b time.Time) bool { return a.Year() == b.Year() && a.YearDay() == b.YearDay() }

// DateFR formats t with a Go layout, French day and month names:
// DateFR("Monday 2 January 2006", t) gives "jeudi 2 juin 2022", and the first
// of a month is written "1er".
func DateFR(layout string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	layout = namePlaceholders.Replace(layout)
	if t.Day() == 1 {
		layout = strings.ReplaceAll(layout, "2 \x02", "\x05 \x02")
		layout = strings.ReplaceAll(layout, "2 \x04", "\x05 \x04")
	}
	s := t.Format(layout)
	if strings.IndexFunc(s, func(r rune) bool { return r >= 1 && r <= 5 }) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch r {
		case 1:
			b.WriteString(daysFR[t.Weekday()])
		case 2:
			b.WriteString(monthsFR[t.Month()-1])
		case 3:
			b.WriteString(daysShortFR[t.Weekday()])
		case 4:
			b.WriteString(monthsShortFR[t.Month()-1])
		case 5:
			b.WriteString("1er")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TimeFR writes a time of day the French way: "13 h", "9 h 30".
func TimeFR(t time.Time) string {
	if t.Minute() == 0 {
		return fmt.Sprintf("%d\u00a0h", t.Hour())
	}
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", t.Hour(), t.Minute())
}

// RelURL prefixes a site path with the base URL's path.
func RelURL(basePath, p string) string {
	if isAbsolute(p) {
		return p
	}
	return strings.TrimSuffix(basePath, "/") + "/" + strings.TrimPrefix(p, "/")
}

// AbsURL makes a site path absolute from the base URL.
func AbsURL(baseURL, p string) string {
	if isAbsolute(p) {
		return p
	}
	return strings.TrimSuffix(baseURL, "/") + "/" + strings.TrimPrefix(p, "/")
}

func isAbsolute(p string) bool {
	if !strings.Contains(p, ":") && !strings.HasPrefix(p, "//") {
		return false // no scheme, no host: a path (url.Parse needs a colon for a scheme)
	}
	u, err := url.Parse(p)
	return err == nil && (u.Scheme != "" || strings.HasPrefix(p, "//"))
}

// webcal turns an http(s) URL of the site into a webcal:// one, for
// subscribing to a calendar. The URL comes from baseURL, never from content.
func webcal(abs string) template.URL {
	u, err := url.Parse(abs)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return template.URL("#")
	}
	u.Scheme = "webcal"
	return template.URL(u.String())
}

// Truncate shortens s to at most n characters, at a word boundary, with "…".
func Truncate(n int, s string) string {
	count, cut := 0, len(s)
	for i := range s {
		if count == n {
			cut = i
			break
		}
		count++
	}
	if cut == len(s) {
		return s
	}
	out := s[:cut]
	if i := strings.LastIndexFunc(out, unicode.IsSpace); i > len(out)/2 {
		out = out[:i]
	}
	return strings.TrimRightFunc(out, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// readingTime returns the minutes a page, or a text, takes to read.
func readingTime(v any) int {
	switch v := v.(type) {
	case *content.Page:
		return v.ReadingTime()
	case string:
		return max(1, (len(strings.Fields(v))+219)/220)
	}
	return 0
}

// Plural picks the singular or plural French word for n, with n before it:
// plural 3 "résultat" "résultats" gives "3 résultats" (0 and 1 take the singular).
func Plural(n int, one, many string) string {
	if n <= 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// JSONLD marshals v for a <script type="application/ld+json"> element.
// encoding/json escapes <, > and &, so the text cannot close the element.
func JSONLD(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict wants key-value pairs, got %d arguments", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// first returns the first n elements of a slice.
func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if !v.IsValid() {
		return list, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("first wants a list, got %T", list)
	}
	return v.Slice(0, min(n, v.Len())).Interface(), nil
}

func ucfirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

var (
	blockTag = regexp.MustCompile(`(?i)</?(p|br|li|ul|ol|h[1-6]|div|blockquote|dd|dt|tr|td|th|table|pre|section|sup)\b[^>]*>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
)

// Plainify turns an HTML fragment into plain text: tags removed (block
// tags separate words), entities decoded, white space collapsed.
func Plainify(v any) string {
	var s string
	switch v := v.(type) {
	case template.HTML:
		s = string(v)
	case string:
		s = v
	default:
		s = fmt.Sprint(v)
	}
	if t, ok := stripTags(s); ok {
		s = t
	} else {
		s = anyTag.ReplaceAllString(blockTag.ReplaceAllString(s, " "), "")
	}
	// Only ASCII white space is collapsed: French no-break spaces stay.
	return strings.Join(strings.FieldsFunc(html.UnescapeString(s), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
	}), " ")
}

// blockNames are the names blockTag matches, for stripTags.
var blockNames = []string{"p", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "dd", "dt", "tr", "td", "th", "table", "pre", "section", "sup"}

// stripTags does what Plainify's two regular expressions do, blockTag's
// tags turned into a space and then every other tag removed, in two plain
// passes, several times faster. It declines (ok false) a text where a
// tag's name, after "<" or "</", runs into a non-ASCII character: under
// (?i), blockTag also reads "ſ" (long s) as "s" and the Kelvin sign as
// "k", which these passes do not. FuzzStripTags compares them with the
// regular expressions.
func stripTags(s string) (string, bool) {
	if strings.IndexByte(s, '<') < 0 {
		return s, true
	}
	// Pass 1: blockTag's matches become a space.
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			b.WriteString(s[i:])
			break
		}
		lt += i
		b.WriteString(s[i:lt])
		name := lt + 1
		if name < len(s) && s[name] == '/' {
			name++
		}
		k := name
		for k < len(s) && isWordByte(s[k]) {
			k++
		}
		if k < len(s) && s[k] >= utf8.RuneSelf {
			return "", false // a name with a non-ASCII letter
		}
		if end, ok := blockTagEnd(s, name); ok {
			b.WriteByte(' ')
			i = end
			continue
		}
		b.WriteByte('<')
		i = lt + 1
	}
	// Pass 2: anyTag's matches, "<" to the next ">", are removed.
	t := b.String()
	var c strings.Builder
	c.Grow(len(t))
	for i := 0; i < len(t); {
		lt := strings.IndexByte(t[i:], '<')
		if lt < 0 {
			c.WriteString(t[i:])
			break
		}
		lt += i
		gt := strings.IndexByte(t[lt:], '>')
		if gt < 0 {
			c.WriteString(t[i:]) // no tag closes: the rest stays
			break
		}
		c.WriteString(t[i:lt])
		i = lt + gt + 1
	}
	return c.String(), true
}

// blockTagEnd reports whether one of blockNames, in any case and followed
// by a word boundary, starts at s[i:], then anything up to a ">"; end is
// just after that ">".
func blockTagEnd(s string, i int) (end int, ok bool) {
	for _, n := range blockNames {
		j := i + len(n)
		if j > len(s) || !strings.EqualFold(s[i:j], n) {
			continue
		}
		if j < len(s) && isWordByte(s[j]) {
			continue // \b: the name goes on, as in <pre> read as <p
		}
		gt := strings.IndexByte(s[j:], '>')
		if gt < 0 {
			return 0, false
		}
		return j + gt + 1, true
	}
	return 0, false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// appendList returns list with the values added, as Hugo's append does.
func appendList(args ...any) ([]any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("append wants a list")
	}
	list := args[len(args)-1]
	out := []any{}
	if list != nil {
		v := reflect.ValueOf(list)
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return nil, fmt.Errorf("append: last argument is a %T, not a list", list)
		}
		for i := 0; i < v.Len(); i++ {
			out = append(out, v.Index(i).Interface())
		}
	}
	return append(out, args[:len(args)-1]...), nil
}

var idRefs = regexp.MustCompile(`(\s(?:id|href)=")(#?)([^"#/?]*)"`)

// AnchorPrefix prefixes every id, and every same-page #anchor link, of a
// rendered body, so that several bodies can share one page (the complete
// charter) without duplicate ids. It only takes rendered content
// (template.HTML), which the Markdown converter produced.
func AnchorPrefix(prefix string, body template.HTML) template.HTML {
	prefix = slug.Make(prefix)
	out := idRefs.ReplaceAllStringFunc(string(body), func(m string) string {
		sub := idRefs.FindStringSubmatch(m)
		attr, hash, name := sub[1], sub[2], sub[3]
		isID := strings.HasSuffix(attr, `id="`)
		if name == "" || (!isID && hash == "") {
			return m // a link to another page, or an empty value
		}
		return attr + hash + prefix + "-" + name + `"`
	})
	return template.HTML(out)
}

func isoDate(t time.Time) string { return t.Format(time.RFC3339) }

// typesetCached is the site's typography, with its results kept for the
// same inputs: layouts apply it to the same few strings (the site's title,
// authors' names) on every page. At most maxTypeset results are kept.
func (s *Set) typesetCached(in string) string {
	if v, ok := s.typeset1.Load(in); ok {
		return v.(string)
	}
	out := s.typeset(in)
	if s.nTypeset.Add(1) <= maxTypeset {
		s.typeset1.Store(in, out)
	}
	return out
}

const maxTypeset = 10000

// toText is the text of a value a layout gives a function of text: a
// string, HTML (a shortcode's .Inner) or anything printable.
func toText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case template.HTML:
		return string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
