package templates

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/overlay"
)

// TestTwinsMirrorTheTheme fails when a layout that a twin mirrors changes:
// the twin must then be written again (and its sum updated), or the build
// would quietly fall back to the slower template.
func TestTwinsMirrorTheTheme(t *testing.T) {
	for _, tw := range append([]twin{headerTwin}, twins...) {
		sum, ok := twinSum(tw.files, func(f string) (string, bool) {
			b, err := fs.ReadFile(alliance.Theme(), root+"/"+f)
			return string(b), err == nil
		})
		if !ok {
			t.Errorf("twin of %s: a file of %v is missing from the theme", tw.layout, tw.files)
			continue
		}
		if sum != tw.sum {
			t.Errorf("twin of %s: the theme's %v changed (sum %s, the twin was written from %s): write the twin again, then update its sum", tw.layout, tw.files, sum, tw.sum)
		}
	}
}

// TestTwinsEnabled checks when the twins run: with the theme as it is, and
// not for a layout whose mirrored files a site overrides or whose blocks a
// partial redefines. Overriding a partial that a twin runs as a template
// (the header) keeps the twin.
func TestTwinsEnabled(t *testing.T) {
	all := map[string]bool{}
	for _, tw := range twins {
		all[tw.layout] = true
	}
	tests := []struct {
		name    string
		site    fstest.MapFS
		opt     Options
		enabled map[string]bool
	}{
		{"theme", fstest.MapFS{}, Options{}, all},
		{"templates only", fstest.MapFS{}, Options{TemplatesOnly: true}, map[string]bool{}},
		{"header overridden", fstest.MapFS{"layouts/partials/header.html": {Data: []byte("<header></header>")}}, Options{}, all},
		{"breadcrumbs overridden", fstest.MapFS{"layouts/partials/breadcrumbs.html": {Data: []byte("<nav></nav>")}},
			Options{}, map[string]bool{"_default/list.html": true}},
		{"summary overridden", fstest.MapFS{"layouts/partials/summary.html": {Data: []byte("<p>{{ .page.Title }}</p>")}},
			Options{}, map[string]bool{"news/single.html": true, "event/single.html": true}},
		{"event dates overridden", fstest.MapFS{"layouts/partials/event-when.html": {Data: []byte("<time></time>")}},
			Options{}, map[string]bool{}},
		{"event status overridden", fstest.MapFS{"layouts/partials/event-status.html": {Data: []byte("")}},
			Options{}, map[string]bool{"news/single.html": true}},
		{"frame overridden", fstest.MapFS{"layouts/_default/baseof.html": {Data: []byte(`{{ block "main" . }}{{ end }}{{ block "scripts" . }}{{ end }}`)}},
			Options{}, map[string]bool{}},
		{"scripts block redefined", fstest.MapFS{"layouts/partials/zz.html": {Data: []byte(`{{ define "scripts" }}<script></script>{{ end }}`)}},
			Options{}, map[string]bool{}},
		{"main block redefined", fstest.MapFS{"layouts/partials/zz.html": {Data: []byte(`{{ define "main" }}x{{ end }}`)}},
			Options{}, all}, // each layout's own main comes after the partials and wins
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(overlay.New(tt.site, alliance.Theme()), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			wantHeader := tt.name != "header overridden" && tt.name != "templates only"
			if s.headerTwin != wantHeader {
				t.Errorf("header written in Go: %v, want %v", s.headerTwin, wantHeader)
			}
			for _, tw := range twins {
				if got := s.twins[tw.layout] != nil; got != tt.enabled[tw.layout] {
					t.Errorf("twin of %s enabled: %v, want %v", tw.layout, got, tt.enabled[tw.layout])
				}
			}
		})
	}
}
