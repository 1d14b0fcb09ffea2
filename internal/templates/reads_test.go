package templates

import (
	"slices"
	"testing"
)

// TestReads checks what a layout is found to read of the site, through
// the frame, the partials it calls and the templates it runs.
func TestReads(t *testing.T) {
	base := `<html>{{ partial "header.html" . }}{{ block "main" . }}{{ end }}</html>`
	tests := []struct {
		name   string
		files  map[string]string
		layout string
		want   Reads
	}{
		{"the page alone", map[string]string{
			"_default/single.html": `{{ .Title }}{{ .Content }}{{ range .Related }}{{ .Title }}{{ end }}`,
		}, "_default/single.html", Reads{}},
		{"configuration only", map[string]string{
			"_default/single.html": `{{ .Site.Title }}{{ range .Site.Menu }}{{ .Name }}{{ end }}{{ .Site.Params.x }}{{ $.Site.Language }}`,
		}, "_default/single.html", Reads{}},
		{"a list of the site", map[string]string{
			"_default/single.html": `{{ range .Site.RecentNews 3 }}{{ .Title }}{{ end }}`,
		}, "_default/single.html", Reads{Site: []string{"RecentNews"}}},
		{"through the frame's partial", map[string]string{
			"_default/baseof.html":  base,
			"partials/header.html":  `{{ range .Site.Upcoming }}{{ .Title }}{{ end }}`,
			"_default/single.html":  `{{ define "main" }}{{ .Title }}{{ end }}`,
			"partials/unused.html":  `{{ .Site.News }}`,
			"_default/section.html": `{{ define "main" }}{{ .Site.Tags }}{{ end }}`,
		}, "_default/single.html", Reads{Site: []string{"Upcoming"}}},
		{"a partial's partial", map[string]string{
			"partials/a.html":      `{{ partial "b" . }}`,
			"partials/b.html":      `{{ $.Site.Charter }}`,
			"_default/single.html": `{{ partial "a.html" . }}`,
		}, "_default/single.html", Reads{Site: []string{"Charter"}}},
		{"the site handed on", map[string]string{
			"partials/a.html":      `{{ .Title }}`,
			"_default/single.html": `{{ partial "a.html" .Site }}`,
		}, "_default/single.html", Reads{Site: []string{"*"}}},
		{"the site in a variable", map[string]string{
			"_default/single.html": `{{ $s := .Site }}{{ $s.Title }}`,
		}, "_default/single.html", Reads{Site: []string{"*"}}},
		{"with the site", map[string]string{
			"_default/single.html": `{{ with .Site }}{{ .News }}{{ end }}`,
		}, "_default/single.html", Reads{Site: []string{"*"}}},
		{"a partial named at run time", map[string]string{
			"partials/x.html":      `{{ .Site.Events }}`,
			"_default/single.html": `{{ partial (printf "%s.html" "x") . }}`,
		}, "_default/single.html", Reads{Site: []string{"Events"}}},
		{"a section's entries", map[string]string{
			"_default/single.html": `{{ range first 5 .Parent.Pages }}{{ .Title }}{{ end }}`,
		}, "_default/single.html", Reads{Pages: true}},
		{"the clock", map[string]string{
			"_default/single.html": `{{ now.Year }}`,
		}, "_default/single.html", Reads{Clock: true}},
		{"a defined template", map[string]string{
			"_default/single.html": `{{ define "x" }}{{ .Site.Past }}{{ end }}{{ template "x" . }}`,
		}, "_default/single.html", Reads{Site: []string{"Past"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for name, text := range tt.files {
				files["layouts/"+name] = text
			}
			s, err := Load(mapFS(files), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := s.Reads(tt.layout)
			if !slices.Equal(got.Site, tt.want.Site) || got.Pages != tt.want.Pages || got.Clock != tt.want.Clock {
				t.Errorf("Reads(%s) = %+v, want %+v", tt.layout, got, tt.want)
			}
		})
	}
}
