package sitefs

import (
	"fmt"
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
	os.MkdirAll(filepath.Join(site, "static"), 0o755)
	os.WriteFile(filepath.Join(site, "static", "s.txt"), []byte("s"), 0o644)
	os.Symlink("../static/s.txt", filepath.Join(site, "content", "beside.md"))
	if b, err := fs.ReadFile(fsys, "content/beside.md"); err != nil || string(b) != "s" {
		t.Errorf("a link to another folder of the site: %q, %v", b, err)
	}
	for _, name := range []string{"content/outside.md", "content/relative.md"} {
		if b, err := fs.ReadFile(fsys, name); err == nil {
			t.Errorf("%s was read through a link out of the folder: %q", name, b)
		}
	}
}

// BenchmarkReadFile reads 2,000 files in 4 folders through FS and through
// an os.Root's own file system.
func BenchmarkReadFile(b *testing.B) {
	dir := b.TempDir()
	var names []string
	for d := range 4 {
		sub := filepath.Join(dir, "content", fmt.Sprintf("s%d", d))
		os.MkdirAll(sub, 0o755)
		for i := range 500 {
			n := fmt.Sprintf("content/s%d/f%d.md", d, i)
			os.WriteFile(filepath.Join(dir, n), make([]byte, 4000), 0o644)
			names = append(names, n)
		}
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	site, closeSite, err := FS(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer closeSite()
	for _, c := range []struct {
		name string
		fsys fs.FS
	}{{"os.Root", r.FS()}, {"FS", site}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, n := range names {
					if _, err := fs.ReadFile(c.fsys, n); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
