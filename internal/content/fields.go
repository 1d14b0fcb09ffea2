package content

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/diag"
)

// commonFields and kindFields list the front matter keys each kind knows.
// Another key is kept in Params with a warning: a typo must not go unseen.
var commonFields = []string{"title", "date", "lastmod", "expiryDate", "summary", "slug", "tags", "draft", "weight", "aliases", "params", "layout", "description"}

var kindFields = map[string][]string{
	config.TypeNews:    {"authors", "author", "image", "imageAlt"},
	config.TypeCharter: {"part"},
	config.TypeEvent:   {"start", "end", "location", "online", "registration", "registrationRequired", "price", "organizer", "status", "image", "imageAlt", "rrule", "exdate", "rdate", "occurrences"},
	config.TypePlain:   {"authors", "image", "imageAlt"},
}

// fieldReader decodes typed fields out of a Front and collects errors with
// the line of each key.
type fieldReader struct {
	file  string
	front *Front
	loc   *time.Location
	errs  *diag.List
	warns *diag.List
}

func (r *fieldReader) pos(key string) diag.Pos {
	line := r.front.Lines[key]
	if line == 0 {
		line = 1
	}
	return diag.Pos{File: r.file, Line: line}
}

func (r *fieldReader) errorf(key, want, format string, args ...any) {
	r.errs.Add(r.pos(key), "front matter: "+fmt.Sprintf(format, args...), want)
}

func (r *fieldReader) has(key string) bool {
	v, ok := r.front.Values[key]
	return ok && v != nil
}

func (r *fieldReader) checkKeys(kind string) {
	allowed := map[string]bool{}
	for _, k := range commonFields {
		allowed[k] = true
	}
	for _, k := range kindFields[kind] {
		allowed[k] = true
	}
	keys := make([]string, 0, len(r.front.Values))
	for k := range r.front.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !allowed[k] {
			// Hugo users put free keys at the top level: keep them in
			// Params, but say so, since a typo lands here too.
			r.warns.Add(r.pos(k), fmt.Sprintf("front matter: unknown field %q for a %s page, kept in .Params", k, kind), "free fields under params")
		}
	}
}

func (r *fieldReader) str(key string) string {
	v, ok := r.front.Values[key]
	if !ok || v == nil {
		return ""
	}
	switch v := v.(type) {
	case string:
		return v
	case int, int64, float64, bool:
		return fmt.Sprint(v)
	}
	r.errorf(key, "a text", "%s is not a text", key)
	return ""
}

func (r *fieldReader) required(key, kind, example string) {
	if !r.has(key) || r.str(key) == "" && !isNumber(r.front.Values[key]) {
		r.errs.Add(diag.Pos{File: r.file, Line: 1}, fmt.Sprintf("front matter: %s is required for a %s page", key, kind), example)
	}
}

func isNumber(v any) bool {
	switch v.(type) {
	case int, int64, float64:
		return true
	}
	return false
}

func (r *fieldReader) boolean(key string) bool {
	v, ok := r.front.Values[key]
	if !ok || v == nil {
		return false
	}
	if b, ok := v.(bool); ok {
		return b
	}
	r.errorf(key, "true or false", "%s %q is not a boolean", key, fmt.Sprint(v))
	return false
}

func (r *fieldReader) integer(key string) int {
	v, ok := r.front.Values[key]
	if !ok || v == nil {
		return 0
	}
	switch v := v.(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		if v == float64(int(v)) {
			return int(v)
		}
	}
	r.errorf(key, "a whole number such as 10", "%s %q is not a whole number", key, fmt.Sprint(v))
	return 0
}

func (r *fieldReader) list(key string) []string {
	v, ok := r.front.Values[key]
	if !ok || v == nil {
		return nil
	}
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil
		}
		if strings.Contains(v, ",") {
			parts := strings.Split(v, ",")
			for i := range parts {
				parts[i] = strings.TrimSpace(parts[i])
			}
			r.errorf(key, fmt.Sprintf("%s: [%s]", key, strings.Join(parts, ", ")), "%s is one text with commas, not a list", key)
			return nil
		}
		return []string{strings.TrimSpace(v)}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			switch e := e.(type) {
			case string:
				if s := strings.TrimSpace(e); s != "" {
					out = append(out, s)
				}
			case int, int64, float64, bool:
				out = append(out, fmt.Sprint(e))
			default:
				r.errorf(key, "a list of texts", "%s holds a value that is not a text", key)
				return nil
			}
		}
		return out
	}
	r.errorf(key, `a list such as ["a", "b"]`, "%s is not a list", key)
	return nil
}

// dateLayouts are the accepted ways to write a date, most precise first.
// Layouts without an offset are read in the site's time zone.
var dateLayouts = []struct {
	layout   string
	zone     bool // has an offset
	dateOnly bool
}{
	{time.RFC3339Nano, true, false},
	{"2006-01-02T15:04:05Z07:00", true, false},
	{"2006-01-02T15:04Z07:00", true, false},
	{"2006-01-02 15:04:05Z07:00", true, false},
	{"2006-01-02 15:04:05 -07:00", true, false},
	{"2006-01-02T15:04:05", false, false},
	{"2006-01-02T15:04", false, false},
	{"2006-01-02 15:04:05", false, false},
	{"2006-01-02 15:04", false, false},
	{"2006-01-02", false, true},
}

// ParseDate parses a front matter date; dates without offset are in loc.
// dateOnly reports that no time of day was given.
func ParseDate(s string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if l.zone {
			if t, err := time.Parse(l.layout, s); err == nil {
				return t, false, nil
			}
			continue
		}
		if t, err := time.ParseInLocation(l.layout, s, loc); err == nil {
			return t, l.dateOnly, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("%q is not a date", s)
}

const dateWant = "2026-06-02, 2026-06-02T13:00 (in the site's time zone) or 2026-06-02T13:00:00+02:00"

func (r *fieldReader) date(key string) (time.Time, bool) {
	s := r.str(key)
	if s == "" {
		return time.Time{}, false
	}
	t, dateOnly, err := ParseDate(s, r.loc)
	if err != nil {
		r.errorf(key, dateWant, "%s %q is not a date", key, s)
	}
	// Shown in the site's zone, whatever offset it was written with.
	return t.In(r.loc), dateOnly
}

func (r *fieldReader) httpURL(key string) string {
	s := strings.TrimSpace(r.str(key))
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.errorf(key, "an absolute URL such as https://example.org/inscription", "%s %q is not an http(s) URL", key, s)
		return ""
	}
	return s
}

func (r *fieldReader) params() map[string]any {
	out := make(map[string]any, len(r.front.Values))
	for k, v := range r.front.Values {
		out[k] = v
	}
	if p, ok := r.front.Values["params"].(map[string]any); ok {
		for k, v := range p {
			if _, taken := out[k]; !taken {
				out[k] = v
			}
		}
	} else if r.has("params") {
		r.errorf("params", "key: value pairs", "params is not a map")
	}
	return out
}
