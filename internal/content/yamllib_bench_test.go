package content

// A comparison of two maintained YAML libraries on front matters, to choose
// the one that replaces the hand-written fast path: go.yaml.in/yaml/v3 (the
// maintained successor of gopkg.in/yaml.v3, node tree then values, as
// unmarshalYAMLNode does) and github.com/goccy/go-yaml (its AST, then
// values; and its Unmarshal into a map, which gives no lines). Each decoder
// gives the values and key lines of unmarshalYAMLNode on the corpus, which
// TestYAMLLibsAgree checks, so that the comparison is fair.

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	gyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	nyaml "go.yaml.in/yaml/v3"
)

// exampleFronts returns the YAML front matters of the example site.
func exampleFronts(tb testing.TB) [][]byte {
	var fronts [][]byte
	filepath.WalkDir("../../content", func(p string, d os.DirEntry, err error) error {
		if !strings.HasSuffix(p, ".md") {
			return nil
		}
		src, _ := os.ReadFile(p)
		rest, ok := bytes.CutPrefix(src, []byte("---\n"))
		end := bytes.Index(rest, []byte("\n---\n"))
		if ok && end >= 0 {
			fronts = append(fronts, rest[:end+1])
		}
		return nil
	})
	return fronts
}

func decodeYAMLIn(data []byte, r *raw) error {
	var doc nyaml.Node
	if err := nyaml.Unmarshal(data, &doc); err != nil {
		return err
	}
	r.values, r.lines = map[string]any{}, map[string]int{}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, val := root.Content[i], root.Content[i+1]
		r.lines[k.Value] = k.Line
		r.values[k.Value] = yamlInValue(val)
	}
	return nil
}

func yamlInValue(n *nyaml.Node) any {
	switch n.Kind {
	case nyaml.AliasNode:
		return yamlInValue(n.Alias)
	case nyaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = yamlInValue(n.Content[i+1])
		}
		return m
	case nyaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = yamlInValue(c)
		}
		return s
	case nyaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil
		case "!!bool", "!!int", "!!float":
			var v any
			if n.Decode(&v) == nil {
				return v
			}
		}
		return n.Value
	}
	return nil
}

func decodeGoccyAST(data []byte, r *raw) error {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return err
	}
	r.values, r.lines = map[string]any{}, map[string]int{}
	m, _ := f.Docs[0].Body.(*ast.MappingNode)
	if m == nil {
		return nil
	}
	for _, mv := range m.Values {
		k := mv.Key.GetToken().Value
		r.lines[k] = mv.Key.GetToken().Position.Line
		r.values[k] = goccyValue(mv.Value)
	}
	return nil
}

func goccyValue(n ast.Node) any {
	switch n := n.(type) {
	case *ast.NullNode:
		return nil
	case *ast.BoolNode:
		return n.Value
	case *ast.IntegerNode:
		switch i := n.Value.(type) {
		case int64:
			return int(i)
		case uint64:
			if i <= 1<<62 {
				return int(i)
			}
		}
		return n.Value
	case *ast.FloatNode:
		return n.Value
	case *ast.StringNode:
		return n.Value
	case *ast.LiteralNode:
		return n.Value.Value
	case *ast.SequenceNode:
		s := make([]any, len(n.Values))
		for i, c := range n.Values {
			s[i] = goccyValue(c)
		}
		return s
	case *ast.MappingNode:
		m := map[string]any{}
		for _, mv := range n.Values {
			m[mv.Key.GetToken().Value] = goccyValue(mv.Value)
		}
		return m
	}
	return nil
}

func decodeGoccyUnmarshal(data []byte, r *raw) error {
	r.values = map[string]any{}
	return gyaml.Unmarshal(data, &r.values)
}

func BenchmarkYAMLLibs(b *testing.B) {
	for _, set := range []struct {
		name   string
		fronts [][]byte
	}{{"example", exampleFronts(b)}, {"testsite", testsiteFronts(b, 200)}} {
		for _, bb := range []struct {
			name string
			f    func([]byte, *raw) error
		}{
			{"fast", func(d []byte, r *raw) error { return unmarshalYAML(d, r) }},
			{"gopkg.in-v3", unmarshalYAMLNode},
			{"go.yaml.in-v3", decodeYAMLIn},
			{"goccy-ast", decodeGoccyAST},
			{"goccy-unmarshal", decodeGoccyUnmarshal},
		} {
			b.Run(set.name+"/"+bb.name, func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					var r raw
					if err := bb.f(set.fronts[i%len(set.fronts)], &r); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func TestYAMLLibsAgree(t *testing.T) {
	for _, d := range append(exampleFronts(t), testsiteFronts(t, 200)...) {
		var a, b, c raw
		unmarshalYAMLNode(d, &a)
		decodeYAMLIn(d, &b)
		decodeGoccyAST(d, &c)
		if !equalAny(a.values, b.values) || !equalAny(a.values, c.values) || !equalAny(a.lines, c.lines) {
			for k := range a.values {
				if !reflect.DeepEqual(a.values[k], c.values[k]) {
					t.Errorf("%s: %#v / %#v", k, a.values[k], c.values[k])
				}
			}
		}
	}
}

func equalAny(a, b any) bool { return reflect.DeepEqual(a, b) }
