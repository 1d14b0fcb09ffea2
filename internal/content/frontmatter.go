package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"github.com/catalyseurs/alliance/internal/config"
)

// Front is a decoded front matter: its values by key, the line of each
// top-level key in the file, and the line where the body starts.
type Front struct {
	Format   string // "yaml", "toml" or "json"
	Values   map[string]any
	Lines    map[string]int // top-level key -> 1-based line in the file
	Body     []byte
	BodyLine int
}

// SyntaxError is a front matter that cannot be decoded.
type SyntaxError struct {
	Line int // 1-based line in the file
	Msg  string
	Want string // what was expected; optional
}

func (e *SyntaxError) Error() string { return "front matter: " + e.Msg }

// raw receives what a frontmatter format decoded.
type raw struct {
	format string
	values map[string]any
	lines  map[string]int // lines after the opening delimiter's line
	err    *SyntaxError   // its Line too
}

var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", unmarshalYAML),
	frontmatter.NewFormat("+++", "+++", unmarshalTOML),
	{Start: "{", End: "}", Unmarshal: unmarshalJSON, UnmarshalDelims: true, RequiresNewLine: true},
}

// SplitFront splits src (UTF-8, BOM and CRLF allowed) into its front matter
// and its body. The body's lines keep their numbers: BodyLine is the line of
// src where it starts.
func SplitFront(src []byte) (*Front, error) {
	return splitFront(src, true)
}

// splitFront is SplitFront; short lets the front matter library read only
// up to the closing delimiter (see frontEnd), so that it does not copy the
// body: the result is the same, which FuzzSplitFront checks.
func splitFront(src []byte, short bool) (*Front, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	end := len(src)
	if short {
		end = frontEnd(src)
	}
	var r raw
	rest, err := frontmatter.Parse(bytes.NewReader(src[:end]), &r, formats...)
	startLine := 1 // frontmatter skips blank lines before the opening delimiter
	for _, c := range src {
		if c == '\n' {
			startLine++
		} else if c != ' ' && c != '\t' {
			break
		}
	}
	if r.err != nil {
		r.err.Line += startLine
		return nil, r.err
	}
	if err != nil {
		return nil, &SyntaxError{Line: 1, Msg: err.Error()}
	}
	if r.values == nil {
		if first := firstLine(src); first == "---" || first == "+++" || first == "{" {
			return nil, &SyntaxError{Line: 1, Msg: fmt.Sprintf("%q is never closed", first), Want: closing(first)}
		}
		return nil, &SyntaxError{Line: 1, Msg: "no front matter", Want: "a first line \"---\", then title: ..., then \"---\""}
	}
	off := end - len(rest)
	f := &Front{Format: r.format, Values: r.values, Lines: map[string]int{}, Body: src[off:], BodyLine: 1 + bytes.Count(src[:off], []byte("\n"))}
	for k, l := range r.lines {
		f.Lines[k] = startLine + l
	}
	return f, nil
}

// frontEnd returns where the front matter of src ends when it opens with
// "---" or "+++": just after the first later line that is the same
// delimiter, which is where the front matter library stops. Otherwise, or
// when there is no such line, it returns len(src).
func frontEnd(src []byte) int {
	delim := ""
	for i := 0; i < len(src); {
		end := len(src)
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			end = i + j + 1
		}
		line := string(bytes.TrimSpace(src[i:end]))
		i = end
		switch {
		case delim != "":
			if line == delim {
				return end
			}
		case line == "":
		case line == "---" || line == "+++":
			delim = line
		default:
			return len(src)
		}
	}
	return len(src)
}

func firstLine(src []byte) string {
	for _, l := range strings.Split(string(src), "\n") {
		if t := strings.TrimSpace(l); t != "" {
			return t
		}
	}
	return ""
}

func closing(open string) string {
	if open == "{" {
		return "a line \"}\" followed by an empty line"
	}
	return "a line \"" + open + "\" after the front matter"
}

// unmarshalYAML decodes a YAML front matter with go.yaml.in/yaml/v3, into
// a node tree first: the line of each top-level key is in it. Of the
// maintained YAML libraries it is the fastest on front matters (twice as
// fast as github.com/goccy/go-yaml on the example site's and a generated
// site's, see docs/bench/yaml.md).
func unmarshalYAML(data []byte, v any) error {
	r := v.(*raw)
	r.format = "yaml"
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := config.YAMLError(err)
		r.err = &SyntaxError{Line: line, Msg: "invalid YAML: " + msg}
		return err
	}
	r.values, r.lines = map[string]any{}, map[string]int{}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		r.err = &SyntaxError{Line: root.Line, Msg: "front matter is not a set of key: value pairs"}
		return r.err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, val := root.Content[i], root.Content[i+1]
		if _, dup := r.lines[k.Value]; dup {
			r.err = &SyntaxError{Line: k.Line, Msg: fmt.Sprintf("key %q is set twice", k.Value)}
			return r.err
		}
		r.lines[k.Value] = k.Line
		budget := maxYAMLNodes
		v, ok := yamlValue(val, 0, &budget)
		if !ok {
			msg := fmt.Sprintf("value of %q is nested more than %d levels deep", k.Value, maxYAMLDepth)
			if budget < 0 {
				msg = fmt.Sprintf("value of %q holds more than %d values (or aliases that expand to as many)", k.Value, maxYAMLNodes)
			}
			r.err = &SyntaxError{Line: k.Line, Msg: msg, Want: "a smaller value"}
			return r.err
		}
		r.values[k.Value] = v
	}
	return nil
}

// Limits on a front matter value, against alias cycles and "billion laughs".
const (
	maxYAMLDepth = 64
	maxYAMLNodes = 100_000
)

// yamlValue converts a node to plain Go values, keeping timestamps as the
// strings they were written as (a date without offset is in the site's zone,
// which yaml does not know).
// It reports false past maxYAMLDepth levels or maxYAMLNodes nodes.
func yamlValue(n *yaml.Node, depth int, budget *int) (any, bool) {
	*budget--
	if depth > maxYAMLDepth || *budget < 0 {
		return nil, false
	}
	switch n.Kind {
	case yaml.AliasNode:
		return yamlValue(n.Alias, depth+1, budget)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, ok := yamlValue(n.Content[i+1], depth+1, budget)
			if !ok {
				return nil, false
			}
			m[n.Content[i].Value] = v
		}
		return m, true
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, ok := yamlValue(c, depth+1, budget)
			if !ok {
				return nil, false
			}
			s[i] = v
		}
		return s, true
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, true
		case "!!bool", "!!int", "!!float":
			var v any
			if n.Decode(&v) == nil {
				return v, true
			}
		}
		return n.Value, true
	}
	return nil, true
}

func unmarshalTOML(data []byte, v any) error {
	r := v.(*raw)
	r.format = "toml"
	m := map[string]any{}
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		line := 0
		msg := err.Error()
		if errors.As(err, &pe) {
			line, msg = pe.Position.Line, pe.Message
		}
		r.err = &SyntaxError{Line: line, Msg: "invalid TOML: " + msg}
		return err
	}
	for k, v := range m {
		m[k] = tomlValue(v)
	}
	r.values, r.lines = m, keyLines(data, `^\s*"?([A-Za-z0-9_-]+)"?\s*=`)
	return nil
}

func unmarshalJSON(data []byte, v any) error {
	r := v.(*raw)
	r.format = "json"
	m := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		line := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		r.err = &SyntaxError{Line: line, Msg: "invalid JSON: " + err.Error()}
		return err
	}
	for k, v := range m {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				m[k] = int(i)
			} else if f, err := n.Float64(); err == nil {
				m[k] = f
			}
		}
	}
	// The JSON front matter includes its opening brace line: lines count from 0.
	r.values, r.lines = m, keyLines(data, `^\s*"([^"]+)"\s*:`)
	for k := range r.lines {
		r.lines[k]--
	}
	return nil
}

// tomlValue turns TOML dates back into the text they were written as, so
// that every format's dates are parsed by one function; int64 becomes int.
func tomlValue(v any) any {
	switch v := v.(type) {
	case time.Time:
		switch v.Location().String() { // the toml package's zones for local values
		case "date-local":
			return v.Format("2006-01-02")
		case "datetime-local":
			return v.Format("2006-01-02T15:04:05")
		}
		return v.Format(time.RFC3339)
	case int64:
		return int(v)
	case []any:
		for i := range v {
			v[i] = tomlValue(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = tomlValue(v[k])
		}
	}
	return v
}

// keyLines finds the first line (1-based, relative to data) of each key
// matched by pattern: TOML and JSON decoders give no positions.
func keyLines(data []byte, pattern string) map[string]int {
	re := regexp.MustCompile(pattern)
	lines := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			if _, seen := lines[m[1]]; !seen {
				lines[m[1]] = i + 1
			}
		}
	}
	return lines
}
