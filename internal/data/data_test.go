package data

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/catalyseurs/alliance/internal/diag"
)

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"data/partenaires.yaml":     {Data: []byte("- nom: Fondation de Lille\n  ville: Lille\n- nom: Fondation des Territoires\n")},
		"data/reseau/membres.json":  {Data: []byte(`{"total": 350, "nom": "catalyseurs"}`)},
		"data/reseau/chiffres.toml": {Data: []byte("pilotes = 12\n[programme]\nlancement = \"5 juillet\"\n")},
		"data/territoires.csv":      {Data: []byte("nom,région\nLille,Hauts-de-France\n")},
		"data/notes.txt":            {Data: []byte("ignored")},
	}
	d, err := Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"partenaires": []any{map[string]any{"nom": "Fondation de Lille", "ville": "Lille"}, map[string]any{"nom": "Fondation des Territoires"}},
		"reseau": map[string]any{
			"membres":  map[string]any{"total": 350.0, "nom": "catalyseurs"},
			"chiffres": map[string]any{"pilotes": int64(12), "programme": map[string]any{"lancement": "5 juillet"}},
		},
		"territoires": [][]string{{"nom", "région"}, {"Lille", "Hauts-de-France"}},
	}
	if !reflect.DeepEqual(d.Values, want) {
		t.Errorf("Values\n got %#v\nwant %#v", d.Values, want)
	}
	before := d.Key
	fsys["data/partenaires.yaml"] = &fstest.MapFile{Data: []byte("- nom: Autre\n")}
	if d, _ := Load(context.Background(), fsys); d.Key == before {
		t.Error("Key did not change with a file")
	}
	if d, err := Load(context.Background(), fstest.MapFS{}); err != nil || len(d.Values) != 0 {
		t.Errorf("a site without data/: %v %v", d.Values, err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		file, src string
		line      int
		msg       string
	}{
		{"data/a.yaml", "a: 1\nb: 2\na: 3\n", 3, "already defined"},
		{"data/a.yaml", "a: 1\n  b: 2\n", 2, "data:"},
		{"data/a.json", "{\n\"a\": 1,\n}\n", 3, "invalid character"},
		{"data/a.toml", "a = 1\nb = \n", 2, "data:"},
		{"data/a.csv", "a,b\n\"c,d\n", 2, "data:"},
		{"data/a.yaml", "a: \xff\n", 1, "UTF-8"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.file, []byte(tt.src))
		e, ok := err.(*diag.Error)
		if !ok {
			t.Errorf("%s %q: error %v, want a *diag.Error", tt.file, tt.src, err)
			continue
		}
		if e.Pos.File != tt.file || e.Pos.Line != tt.line || !strings.Contains(e.Error(), tt.msg) {
			t.Errorf("%s %q: %v, want line %d and %q", tt.file, tt.src, e, tt.line, tt.msg)
		}
	}
	_, err := Load(context.Background(), fstest.MapFS{
		"data/a.yaml":   {Data: []byte("x: 1\n")},
		"data/a.json":   {Data: []byte("{}")},
		"data/b/c.yaml": {Data: []byte("x: 1\n")},
		"data/b.yaml":   {Data: []byte("x: 1\n")},
	})
	if err == nil || !strings.Contains(err.Error(), `named "a"`) || !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("clashing names: %v", err)
	}
}
