package templates

import (
	"bytes"
	"testing"
	"time"

	"github.com/catalyseurs/alliance/internal/content"
)

// TestHugoFunctions runs the functions Hugo layouts use most, as Hugo's
// documentation shows them, on pages of a small site.
func TestHugoFunctions(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 6, d, 0, 0, 0, 0, time.UTC) }
	a := &content.Page{Kind: content.KindPage, Title: "A", Section: "actualites", Type: "news", Date: day(3), Weight: 2, Tags: []string{"x", "y"}, Params: map[string]any{"couleur": "vert", "n": 3}}
	b := &content.Page{Kind: content.KindPage, Title: "B", Section: "charte", Type: "charter", Date: day(1), Weight: 1, Tags: []string{"y"}, Params: map[string]any{"n": 1}}
	c := &content.Page{Kind: content.KindPage, Title: "C", Section: "actualites", Type: "news", Date: day(2), Weight: 3, Params: map[string]any{}}
	home := &content.Page{Kind: content.KindHome, Params: map[string]any{}, Pages: []*content.Page{a, b, c}}
	tests := []struct{ name, tmpl, want string }{
		{"where equal", `{{ range where .Pages "Section" "actualites" }}{{ .Title }}{{ end }}`, "AC"},
		{"where dotted key", `{{ range where .Pages ".Params.couleur" "vert" }}{{ .Title }}{{ end }}`, "A"},
		{"where operator", `{{ range where .Pages "Params.n" ">=" 3 }}{{ .Title }}{{ end }}`, "A"},
		{"where not equal", `{{ range where .Pages "Type" "!=" "news" }}{{ .Title }}{{ end }}`, "B"},
		{"where in", `{{ range where .Pages "Section" "in" (slice "charte" "x") }}{{ .Title }}{{ end }}`, "B"},
		{"where intersect", `{{ range where .Pages "Tags" "intersect" (slice "x") }}{{ .Title }}{{ end }}`, "A"},
		{"where a method", `{{ range where .Pages "Description" "" }}{{ .Title }}{{ end }}`, "ABC"},
		{"sort by field", `{{ range sort .Pages "Weight" }}{{ .Title }}{{ end }}`, "BAC"},
		{"sort descending", `{{ range sort .Pages "Date" "desc" }}{{ .Title }}{{ end }}`, "ACB"},
		{"sort values", `{{ range sort (slice 3 1 2) }}{{ . }}{{ end }}`, "123"},
		{"uniq", `{{ range uniq (slice "a" "b" "a") }}{{ . }}{{ end }}`, "ab"},
		{"in a list", `{{ if in (slice "a" "b") "b" }}oui{{ end }}{{ if in (slice "a") "z" }}non{{ end }}`, "oui"},
		{"in a text", `{{ if in "alliance" "lia" }}oui{{ end }}`, "oui"},
		{"isset", `{{ if isset .Params "couleur" }}a{{ end }}{{ if isset .Params "taille" }}b{{ end }}`, ""},
		{"hasPrefix", `{{ if hasPrefix "/charte/x/" "/charte/" }}oui{{ end }}`, "oui"},
		{"printf", `{{ printf "%s-%d" "a" 3 }}`, "a-3"},
		{"safeHTML", `{{ "<b>gras</b>" | safeHTML }}`, "<b>gras</b>"},
		{"escaped without it", `{{ "<b>" }}`, "&lt;b&gt;"},
		{"delimit", `{{ delimit (slice "a" "b" "c") ", " " et " }}`, "a, b et c"},
		{"first and last", `{{ range first 2 .Pages }}{{ .Title }}{{ end }}{{ range last 1 .Pages }}{{ .Title }}{{ end }}`, "ABC"},
		{"after", `{{ range after 1 .Pages }}{{ .Title }}{{ end }}`, "BC"},
		{"seq", `{{ range seq 3 }}{{ . }}{{ end }}`, "123"},
		{"now is the build's clock", `{{ now.Year }}`, "2027"},
		{"a missing parameter", `[{{ .Params.absent }}]`, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(mapFS(map[string]string{"layouts/index.html": tt.tmpl}), Options{Now: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := s.Execute(&out, "index.html", home); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("%s gives %q, want %q", tt.tmpl, out.String(), tt.want)
			}
		})
	}
}
