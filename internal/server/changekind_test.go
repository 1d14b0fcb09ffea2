package server

import "testing"

func TestChangeKind(t *testing.T) {
	tests := []struct {
		path string
		want Kind
	}{
		{"site.yaml", Config},
		{"./site.yaml", Config},
		{"content", Content},
		{"content/_index.md", Content},
		{"content/actualites/x.md", Content},
		{"content/actualites/2026/image.png", Content},
		{"layouts", Layout},
		{"layouts/_default/baseof.html", Layout},
		{"layouts/partials/head.html", Layout},
		{"static/css/site.css", Static},
		{"static/images/logo.svg", Static},
		{"static", Static},
		{"archetypes/news.md", Other},
		{"site.yml", Other},
		{"README.md", Other},
		{"public/index.html", Other},
		{"contents/x.md", Other},
		{"static.css", Other},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := ChangeKind(tt.path); got != tt.want {
				t.Errorf("ChangeKind(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

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

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"x.md", false},
		{"site.yaml", false},
		{"site.css", false},
		{"4913.md", false},
		{".x.md.swp", true},
		{".x.md.swx", true},
		{"x.md~", true},
		{".#x.md", true},
		{"#x.md#", true},
		{"4913", true},
		{"x.md.tmp", true},
		{".hidden", true},
		{".DS_Store", true},
		{"", true},
	}
	for _, tt := range tests {
		if got := ignored(tt.name); got != tt.want {
			t.Errorf("ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
