package content

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The fast path of the YAML front matter.
//
// Decoding a front matter with yaml.v3 builds a yaml.Node tree, then Go
// values: a few percent of a large build's CPU, spent on front matters that
// are nearly always a short list of "key: value" lines. yamlFast decodes
// that common shape directly, in a subset of YAML small enough to be
// checked against yaml.v3 rule by rule (FuzzYAMLFast compares the two on
// any input). Outside the subset, or at the least doubt, it declines, and
// unmarshalYAML goes the yaml.v3 way: errors, and their messages, always
// come from yaml.v3.
//
// The subset, line by line (each line ends at "\n"; the text holds no
// other control character, no tab, no invalid UTF-8, and none of the
// characters yaml.v3 also takes for a line break or a byte order mark):
//
//   - an empty line, or one of spaces only;
//   - a comment: "#" in the first column;
//   - "key:" in the first column, key matching [A-Za-z_][A-Za-z0-9_-]*
//     and set only once, then either nothing but spaces (null), or one
//     space and a value, itself followed by nothing but spaces:
//
//     a double-quoted string, whose only escapes are \" and \\;
//     a single-quoted string ('' is a quote);
//     a flow sequence "[...]" of such quoted strings and of plain scalars
//     without any of ,[]{}#:?;
//     a plain scalar without ": " or " #", not ending with ":", starting
//     with a letter, a digit, "_", "/", "(", a non-ASCII character, or "-"
//     when it is a number; or "~" alone.
//
// Each kind of value ends on its line. The line of a key is its line in
// data, as yaml.v3 numbers it. Plain scalars are resolved like yaml.v3's
// resolve, then like yamlValue: see yamlFastScalar.

// Limits of the fast path, well below the ones of yamlValue and yaml.v3:
// a sequence of yamlFastMaxItems items is far from maxYAMLNodes, and a key
// of yamlFastMaxKey bytes far from the 1024 characters yaml.v3 allows
// before the ":" of a key.
const (
	yamlFastMaxItems = 1000
	yamlFastMaxKey   = 128
)

// yamlFast decodes data, a YAML front matter without its delimiters, when
// it is in the subset above, into the values and key lines that the yaml.v3
// path of unmarshalYAML gives. It reports false, with nothing decoded, for
// anything else, including a front matter without keys.
func yamlFast(data []byte) (map[string]any, map[string]int, bool) {
	if !yamlFastText(data) {
		return nil, nil, false
	}
	// One copy of the text: keys and most values are substrings of it.
	s := string(data)
	n := strings.Count(s, "\n") + 1
	values, lines := make(map[string]any, n), make(map[string]int, n)
	for line := 1; s != ""; line++ {
		l := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			l, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if l == "" || l[0] == '#' || strings.TrimLeft(l, " ") == "" {
			continue
		}
		k := 0
		for k < len(l) && (isYAMLKeyStart(l[k]) || k > 0 && (l[k] == '-' || '0' <= l[k] && l[k] <= '9')) {
			k++
		}
		if k == 0 || k > yamlFastMaxKey || k == len(l) || l[k] != ':' {
			return nil, nil, false
		}
		key, rest := l[:k], l[k+1:]
		if _, dup := lines[key]; dup {
			return nil, nil, false
		}
		var v any
		if strings.TrimLeft(rest, " ") != "" {
			if rest[0] != ' ' || rest[1] == ' ' {
				return nil, nil, false
			}
			var ok bool
			if v, ok = yamlFastValue(rest[1:]); !ok {
				return nil, nil, false
			}
		}
		values[key], lines[key] = v, line
	}
	if len(lines) == 0 {
		return nil, nil, false
	}
	return values, lines, true
}

// yamlFastText reports whether data holds only what the fast path reads
// as yaml.v3 does: valid UTF-8 without control characters other than "\n"
// (so no tab or "\r"), and without U+0085, U+2028 and U+2029 (line breaks
// to yaml.v3), U+FEFF (a byte order mark), U+FFFE and U+FFFF.
func yamlFastText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false
		}
		i += size
	}
	return true
}

func isYAMLKeyStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// yamlFastValue decodes the value v of a top-level key, v not empty and not
// starting with a space.
func yamlFastValue(v string) (any, bool) {
	switch v[0] {
	case '"', '\'':
		s, n, ok := yamlFastQuoted(v)
		if !ok || strings.TrimLeft(v[n:], " ") != "" {
			return nil, false
		}
		return s, true
	case '[':
		return yamlFastSequence(v)
	}
	p := strings.TrimRight(v, " ")
	if strings.Contains(p, ": ") || strings.Contains(p, " #") || p[len(p)-1] == ':' {
		return nil, false
	}
	return yamlFastScalar(p)
}

// yamlFastQuoted decodes the quoted string that starts v: double-quoted
// with only \" and \\ as escapes, or single-quoted. It returns the string
// and the length of its quoted form in v.
func yamlFastQuoted(v string) (string, int, bool) {
	q := v[0]
	var b []byte // the string up to v[start], once it has an escape
	escaped, start := false, 1
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch {
		case q == '"' && c == '\\':
			if i+1 == len(v) || v[i+1] != '"' && v[i+1] != '\\' {
				return "", 0, false
			}
			b, escaped, start = append(b, v[start:i]...), true, i+1
			i++
		case c == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			b, escaped, start = append(b, v[start:i+1]...), true, i+2
			i++
		case c == q:
			if !escaped {
				return v[1:i], i + 1, true
			}
			return string(append(b, v[start:i]...)), i + 1, true
		}
	}
	return "", 0, false // not closed on this line
}

// yamlFastSequence decodes v, a flow sequence and maybe spaces, alone on
// its line.
func yamlFastSequence(v string) (any, bool) {
	i := 1
	skip := func() {
		for i < len(v) && v[i] == ' ' {
			i++
		}
	}
	skip()
	items := []any{}
	if i < len(v) && v[i] == ']' {
		i++
	} else {
		for {
			if i == len(v) || len(items) == yamlFastMaxItems {
				return nil, false
			}
			if v[i] == '"' || v[i] == '\'' {
				s, n, ok := yamlFastQuoted(v[i:])
				if !ok {
					return nil, false
				}
				items = append(items, s)
				i += n
			} else {
				j := i
				for j < len(v) && !strings.ContainsRune(",[]{}#:?", rune(v[j])) {
					j++
				}
				p := strings.TrimRight(v[i:j], " ")
				if p == "" {
					return nil, false
				}
				s, ok := yamlFastScalar(p)
				if !ok {
					return nil, false
				}
				items = append(items, s)
				i = j
			}
			skip()
			if i == len(v) {
				return nil, false
			}
			if v[i] == ']' {
				i++
				break
			}
			if v[i] != ',' {
				return nil, false
			}
			i++
			skip()
		}
	}
	if strings.TrimLeft(v[i:], " ") != "" {
		return nil, false
	}
	return items, true
}

// yamlFastScalar resolves a plain scalar p (not empty, no leading or
// trailing space) like yaml.v3's resolve, then like yamlValue: null is
// nil, booleans and numbers are the Go values yaml.v3 decodes them to,
// anything else (timestamps too) is the text. It declines the forms whose
// resolution it does not follow exactly: signs other than a minus before a
// number, leading zeros, underscores, other bases, exponents, .inf, .nan,
// "<<" and the like.
func yamlFastScalar(p string) (any, bool) {
	c := p[0]
	switch {
	case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		// yaml.v3 resolves a plain scalar starting with a letter with its
		// table of words only.
		switch p {
		case "true", "True", "TRUE":
			return true, true
		case "false", "False", "FALSE":
			return false, true
		case "null", "Null", "NULL":
			return nil, true
		}
		return p, true
	case c == '~':
		if p == "~" {
			return nil, true
		}
		return nil, false
	case c == '_' || c == '/' || c == '(' || c >= utf8.RuneSelf:
		return p, true // yaml.v3 does not try to resolve these
	case c == '-' || '0' <= c && c <= '9':
		return yamlFastNumber(p)
	}
	return nil, false
}

// yamlFastNumber resolves a plain scalar starting with a digit or "-":
// a decimal integer (int), a decimal number with a fraction (float64), or
// a text that no number or timestamp parser of yaml.v3 can read, or that
// is a timestamp, which yamlValue keeps as text.
func yamlFastNumber(p string) (any, bool) {
	i := 0
	if p[0] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(p) && '0' <= p[i] && p[i] <= '9' {
			i++
		}
		return i - j
	}
	intStart := i
	if n := digits(); n > 0 && n <= 18 && (n == 1 || p[intStart] != '0') {
		if i == len(p) {
			v, err := strconv.Atoi(p)
			return v, err == nil
		}
		if p[i] == '.' {
			i++
			if n := digits(); n > 0 && n <= 15 && i == len(p) {
				v, err := strconv.ParseFloat(p, 64)
				return v, err == nil
			}
		}
	}
	if p[0] == '-' {
		return nil, false
	}
	// yaml.v3 tries a timestamp, then strconv's integers (any base, with
	// underscores), then floats matching its pattern: none of them read a
	// byte outside [0-9A-Za-z._+-], and what starts with four digits and a
	// "-" is a timestamp or not a number at all.
	if len(p) > 4 && p[4] == '-' && strings.Trim(p[:4], "0123456789") == "" {
		return p, true
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '.' || c == '_' || c == '+' || c == '-') {
			return p, true
		}
	}
	return nil, false
}
