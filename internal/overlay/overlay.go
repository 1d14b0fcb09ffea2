// Package overlay merges two file systems file by file: a site's own
// layouts and static files over the theme embedded in the binary.
package overlay

import (
	"errors"
	"io"
	"io/fs"
	"sort"
)

// FS reads each name from Top if it has it, else from Bottom. Directory
// listings are the union of both, sorted by name.
type FS struct {
	Top, Bottom fs.FS
}

// New returns an FS with top over bottom; either may be nil.
func New(top, bottom fs.FS) FS { return FS{Top: top, Bottom: bottom} }

// Open opens name from Top, else from Bottom. A directory present in both
// is opened as one directory listing both.
func (o FS) Open(name string) (fs.File, error) {
	if o.Top != nil && o.Bottom != nil {
		ti, terr := fs.Stat(o.Top, name)
		bi, berr := fs.Stat(o.Bottom, name)
		if terr == nil && berr == nil && ti.IsDir() && bi.IsDir() {
			entries, err := o.ReadDir(name)
			if err != nil {
				return nil, err
			}
			return &dir{info: ti, entries: entries}, nil
		}
	}
	if o.Top != nil {
		f, err := o.Top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if o.Bottom != nil {
		return o.Bottom.Open(name)
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// ReadDir lists name in both file systems; an entry of Top wins.
func (o FS) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	found := false
	var firstErr error
	for _, fsys := range []fs.FS{o.Bottom, o.Top} {
		if fsys == nil {
			continue
		}
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = true
		for _, e := range entries {
			seen[e.Name()] = e
		}
	}
	if !found {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Origin reports "site" when name comes from Top and "theme" otherwise.
func (o FS) Origin(name string) string {
	if o.Top != nil {
		if _, err := fs.Stat(o.Top, name); err == nil {
			return "site"
		}
	}
	return "theme"
}

// dir is a directory opened in both layers.
type dir struct {
	info    fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: errors.New("is a directory")}
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
