package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// siteFS reads a site folder. A symbolic link is followed only when it
// resolves inside the folder; one that points outside is refused. It costs
// one lstat per file opened, where an os.Root opens every folder on the way:
// a build reads thousands of files.
//
// Walks do not descend into linked folders (fs.WalkDir reports a link as a
// link), so a link is only ever the last element of a name read here.
type siteFS struct {
	dir  string // as given
	real string // with every link resolved
	fsys fs.FS  // os.DirFS(dir)
}

// errOutside is the error of a link that leaves the site folder.
var errOutside = errors.New("symbolic link points outside the site folder")

func newSiteFS(dir string) (*siteFS, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(real); err != nil {
		return nil, err
	} else if !info.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: errors.New("not a folder")}
	}
	return &siteFS{dir: dir, real: real, fsys: os.DirFS(dir)}, nil
}

// check refuses name when it is a link leading out of the site folder.
func (s *siteFS) check(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	info, err := os.Lstat(full)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil // missing: the operation itself says so
	}
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		return &fs.PathError{Op: op, Path: name, Err: err}
	}
	if target != s.real && !strings.HasPrefix(target, s.real+string(filepath.Separator)) {
		return &fs.PathError{Op: op, Path: name, Err: errOutside}
	}
	return nil
}

func (s *siteFS) Open(name string) (fs.File, error) {
	if err := s.check("open", name); err != nil {
		return nil, err
	}
	return s.fsys.Open(name)
}

// ReadFile opens name without following a link, which saves check's lstat
// for the regular files that a site is made of; a link (the open fails)
// is checked, then read.
func (s *siteFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	if data, err := readFileNoFollow(full); err == nil || !isLink(full) {
		return data, err
	}
	if err := s.check("read", name); err != nil {
		return nil, err
	}
	return readFile(full)
}

// Stat returns check's lstat of name when it is not a link (what stat
// would return), and the stat of the link's target when it may be read.
func (s *siteFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if info, err := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(name))); err == nil && info.Mode()&fs.ModeSymlink == 0 {
		return info, nil
	}
	if err := s.check("stat", name); err != nil {
		return nil, err
	}
	return fs.Stat(s.fsys, name)
}

// isLink reports whether name is a symbolic link.
func isLink(name string) bool {
	info, err := os.Lstat(name)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

func (s *siteFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := s.check("readdir", name); err != nil {
		return nil, err
	}
	return fs.ReadDir(s.fsys, name)
}

// SiteFS returns the site folder dir as a file system that refuses links
// pointing outside it (see siteFS), for Render, Check and NewSession.
func SiteFS(dir string) (fs.FS, error) { return newSiteFS(dir) }
