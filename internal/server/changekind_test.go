package server

import "testing"

func TestCSSOnly(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		want  bool
	}{
		{"none", nil, false},
		{"one stylesheet", []string{"static/css/site.css"}, true},
		{"two stylesheets", []string{"static/css/site.css", "static/print.css"}, true},
		{"stylesheet and script", []string{"static/css/site.css", "static/js/site.js"}, false},
		{"stylesheet and page", []string{"static/css/site.css", "content/x.md"}, false},
		{"css outside static", []string{"layouts/x.css"}, false},
		{"css in content", []string{"content/actualites/x.css"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cssOnly(tt.paths); got != tt.want {
				t.Errorf("cssOnly(%q) = %v, want %v", tt.paths, got, tt.want)
			}
		})
	}
}
