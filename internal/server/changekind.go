package server

import (
	"path"
	"strings"
)

// Kind is what a changed source file is to the build.
type Kind int

// The kinds of source change.
const (
	Other   Kind = iota // not an input of the build (archetypes/, a stray file)
	Content             // under content/
	Layout              // under layouts/
	Static              // under static/
	Config              // site.yaml
)

var kindNames = [...]string{"other", "content", "layout", "static", "config"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(?)"
}

// ChangeKind classifies a changed path, relative to the site folder and
// slash-separated ("content/actualites/x.md", "static/css/site.css",
// "site.yaml"). It does not touch the disk.
func ChangeKind(p string) Kind {
	p = path.Clean(strings.TrimPrefix(p, "./"))
	if p == "site.yaml" {
		return Config
	}
	top, _, _ := strings.Cut(p, "/") // a top folder itself counts too
	switch top {
	case "content":
		return Content
	case "layouts":
		return Layout
	case "static":
		return Static
	}
	return Other
}

// cssOnly reports whether every path is a stylesheet under static/, so that
// tabs can swap their stylesheets instead of reloading.
func cssOnly(paths []string) bool {
	if len(paths) == 0 {
		return false
	}
	for _, p := range paths {
		if ChangeKind(p) != Static || path.Ext(p) != ".css" {
			return false
		}
	}
	return true
}

// buildInputs reports whether any path is an input of the build.
func buildInputs(paths []string) bool {
	for _, p := range paths {
		if ChangeKind(p) != Other {
			return true
		}
	}
	return false
}

// ignored reports whether a file name (its last element) is an editor's
// temporary file, a backup or a hidden file, whose changes never matter:
// ".x.swp", "x~", ".#x", "#x#", "4913" (vim's probe), "x.tmp", ".hidden".
func ignored(name string) bool {
	switch {
	case name == "" || name == "4913":
		return true
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"):
		return true
	case strings.HasSuffix(name, "~"):
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swx", ".swo", ".tmp", ".kate-swp", ".crdownload", ".part":
		return true
	}
	return false
}
