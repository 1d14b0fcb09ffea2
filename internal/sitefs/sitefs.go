// Package sitefs opens a site folder for reading, with the one policy on
// symbolic links that build, check and serve share, and says what each of
// its paths is to a build.
//
// # Links
//
// The folder is opened as an os.Root: a symbolic link is followed only
// while it stays inside the folder, and one that leads out of it is an
// error when read. Walks report links as links and never descend into a
// linked folder.
//
// # Roles
//
// RoleOf tells, from a slash-separated path relative to the folder alone,
// what a change to that path touches: the configuration, a Markdown page,
// another file under content/, a layout, a static file, an archetype, or
// nothing. Editors' temporary and hidden files touch nothing.
package sitefs

import (
	"io/fs"
	"os"
	"path"
	"strings"
)

// Open opens the site folder dir. Close the Root when done.
func Open(dir string) (*os.Root, error) {
	return os.OpenRoot(dir)
}

// FS returns the folder dir as a file system under the link policy above,
// with a function that closes it.
func FS(dir string) (fs.FS, func() error, error) {
	r, err := Open(dir)
	if err != nil {
		return nil, nil, err
	}
	return r.FS(), r.Close, nil
}

// Role is what a path of the site folder is to a build.
type Role int

// The roles of a path.
const (
	Other     Role = iota // not read by a build (a stray file, or an editor's temporary one)
	Config                // site.yaml
	Page                  // a Markdown file under content/
	File                  // another file under content/, copied as it is (an image beside a post)
	Layout                // under layouts/
	Static                // under static/
	Archetype             // under archetypes/: read by new, not by build
	Folder                // content/, layouts/ or static/ itself, or a folder under one: may hold anything
)

var roleNames = [...]string{"other", "config", "page", "file", "layout", "static", "archetype", "folder"}

func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "role(?)"
}

// RoleOf returns the role of p, a slash-separated path relative to the site
// folder ("content/actualites/x.md", "static/css/site.css", "site.yaml").
// It does not touch the disk: a path without an extension under content/,
// layouts/ or static/ may be a folder, and is called one.
func RoleOf(p string) Role {
	p = path.Clean(strings.TrimPrefix(p, "./"))
	if p == "site.yaml" {
		return Config
	}
	top, rest, _ := strings.Cut(p, "/")
	for _, part := range strings.Split(rest, "/") {
		if part != "" && Ignored(part) {
			return Other
		}
	}
	switch top {
	case "content":
		switch {
		case rest == "" || path.Ext(rest) == "":
			return Folder
		case strings.HasSuffix(rest, ".md"):
			return Page
		}
		return File
	case "layouts":
		if rest == "" || path.Ext(rest) == "" {
			return Folder
		}
		return Layout
	case "static":
		if rest == "" || path.Ext(rest) == "" {
			return Folder
		}
		return Static
	case "archetypes":
		return Archetype
	}
	return Other
}

// Ignored reports whether a file name (a path's last element) is an
// editor's temporary file, a backup or a hidden file, which a build never
// reads: ".x.swp", "x~", ".#x", "#x#", "4913" (vim's probe), "x.tmp",
// ".hidden".
func Ignored(name string) bool {
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
