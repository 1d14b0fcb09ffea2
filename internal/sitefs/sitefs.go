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
	"sync"
)

// Open opens the site folder dir. Close the Root when done.
func Open(dir string) (*os.Root, error) {
	return os.OpenRoot(dir)
}

// FS returns the folder dir as a file system under the link policy above,
// with a function that closes it.
//
// Its ReadFile opens each folder once, as an os.Root of its own, and reads
// the files in it from there: an os.Root opens every folder on a file's
// path for each file it reads, and a build reads thousands of files in a
// few folders (BenchmarkReadFile: a third less time). A file the folder's
// root refuses (a link out of the folder but inside the site) is read from
// the site's root, whose policy is the one that applies.
func FS(dir string) (fs.FS, func() error, error) {
	r, err := Open(dir)
	if err != nil {
		return nil, nil, err
	}
	s := &siteFS{FS: r.FS(), root: r, dirs: map[string]*os.Root{}}
	return s, s.close, nil
}

// siteFS is an os.Root's file system whose ReadFile reads from each
// folder's own os.Root.
type siteFS struct {
	fs.FS
	root *os.Root
	mu   sync.Mutex
	dirs map[string]*os.Root // folder -> its root, nil when it cannot be opened
}

// ReadFile reads name from its folder's root.
func (s *siteFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	dir, base := path.Split(name)
	if dir == "" {
		return s.root.ReadFile(name)
	}
	s.mu.Lock()
	sub, ok := s.dirs[dir]
	if !ok {
		sub, _ = s.root.OpenRoot(strings.TrimSuffix(dir, "/"))
		s.dirs[dir] = sub
	}
	s.mu.Unlock()
	if sub != nil {
		if data, err := sub.ReadFile(base); err == nil {
			return data, nil
		}
	}
	return s.root.ReadFile(name) // the site's own answer, error included
}

func (s *siteFS) close() error {
	s.mu.Lock()
	for _, sub := range s.dirs {
		if sub != nil {
			sub.Close()
		}
	}
	s.dirs = nil
	s.mu.Unlock()
	return s.root.Close()
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
	Asset                 // under assets/: an image layouts read with resources.Get
)

var roleNames = [...]string{"other", "config", "page", "file", "layout", "static", "archetype", "folder", "asset"}

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
	case "assets":
		if rest != "" {
			return Asset
		}
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
