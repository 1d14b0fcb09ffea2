package sitefs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRoleOf(t *testing.T) {
	tests := []struct {
		path string
		want Role
	}{
		{"site.yaml", Config},
		{"./site.yaml", Config},
		{"content", Folder},
		{"content/actualites", Folder},
		{"content/_index.md", Page},
		{"content/actualites/x.md", Page},
		{"content/actualites/2026/image.png", File},
		{"content/actualites/.x.md.swp", Other},
		{"content/actualites/x.md~", Other},
		{"content/.cache/x.md", Other},
		{"layouts", Folder},
		{"layouts/_default/baseof.html", Layout},
		{"layouts/partials/head.html", Layout},
		{"static/css/site.css", Static},
		{"static/images/logo.svg", Static},
		{"static", Folder},
		{"archetypes/news.md", Archetype},
		{"site.yml", Other},
		{"README.md", Other},
		{"public/index.html", Other},
		{"contents/x.md", Other},
		{"static.css", Other},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := RoleOf(tt.path); got != tt.want {
				t.Errorf("RoleOf(%q) = %v, want %v", tt.path, got, tt.want)
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
		if got := Ignored(tt.name); got != tt.want {
			t.Errorf("Ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestLinks checks the policy on symbolic links: one that stays inside the
// site folder is followed, one that leads out is refused.
func TestLinks(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644)
	os.WriteFile(filepath.Join(site, "content", "a.md"), []byte("a"), 0o644)
	if err := os.Symlink("a.md", filepath.Join(site, "content", "inside.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(site, "content", "outside.md"))
	os.Symlink("../../secret.txt", filepath.Join(site, "content", "relative.md"))
	fsys, closeFS, err := FS(site)
	if err != nil {
		t.Fatal(err)
	}
	defer closeFS()
	if b, err := fs.ReadFile(fsys, "content/inside.md"); err != nil || string(b) != "a" {
		t.Errorf("a link inside the folder: %q, %v", b, err)
	}
	for _, name := range []string{"content/outside.md", "content/relative.md"} {
		if b, err := fs.ReadFile(fsys, name); err == nil {
			t.Errorf("%s was read through a link out of the folder: %q", name, b)
		}
	}
}
