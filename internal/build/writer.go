package build

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Writer receives the built site's files. Paths are relative, slash-separated
// and already checked by SafePath. Implementations are safe for concurrent use.
type Writer interface {
	Write(name string, data []byte) error
}

// SafePath reports whether name is a clean relative path that stays inside
// the output folder: no "..", no absolute path, no backslash, no NUL byte.
func SafePath(name string) error {
	switch {
	case name == "" || strings.HasPrefix(name, "/"):
		return fmt.Errorf("output path %q is not relative", name)
	case strings.ContainsAny(name, "\\\x00"):
		return fmt.Errorf("output path %q has a backslash or a NUL byte", name)
	case path.Clean(name) != name || name == "." || strings.HasPrefix(name, "../") || name == "..":
		// A clean path has no "." or empty element, and ".." only first.
		return fmt.Errorf("output path %q leaves the output folder", name)
	}
	return nil
}

// DirWriter writes files under a folder, creating folders as needed.
//
// The folder may hold an earlier build (see Build: the staging folder is
// the previous version of the site). Its files are then overwritten in
// place, which is much cheaper than creating them, and Prune removes the
// files this build did not write: whatever the folder held, it then holds
// exactly what was written. Start looks at what the folder holds, in the
// background, and removes any link from it before the first write.
type DirWriter struct {
	Root string

	dirs sync.Map // folders already created

	ready   chan struct{} // closed when the look at the earlier build is done
	scanErr error
	old     map[string]bool // files of the earlier build, slash-separated, relative
	oldDirs []string        // its folders, parents first

	mu      sync.Mutex
	written map[string]bool // names written
}

// Start looks, in the background, at what Root holds from an earlier
// build, and removes every link and special file from it so that no write
// can be led outside. Writes wait for it. Without Start, Root is taken as
// empty or as the caller's to clean.
func (w *DirWriter) Start() {
	w.ready = make(chan struct{})
	w.old = map[string]bool{}
	go func() {
		defer close(w.ready)
		w.scanErr = filepath.WalkDir(w.Root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == w.Root && errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if p == w.Root {
				return nil
			}
			rel, err := filepath.Rel(w.Root, p)
			if err != nil {
				return err
			}
			switch rel = filepath.ToSlash(rel); {
			case d.IsDir():
				w.oldDirs = append(w.oldDirs, rel)
				w.dirs.Store(p, true) // no mkdir needed
			case d.Type().IsRegular():
				w.old[rel] = true
			default: // a link or a special file: never written through
				return os.Remove(p)
			}
			return nil
		})
	}()
}

// Write writes data to Root/name.
func (w *DirWriter) Write(name string, data []byte) error {
	if err := SafePath(name); err != nil {
		return err
	}
	if w.ready != nil {
		<-w.ready
		if w.scanErr != nil {
			return fmt.Errorf("cannot read the earlier build in %s: %w", w.Root, w.scanErr)
		}
	}
	w.mu.Lock()
	if w.written == nil {
		w.written = map[string]bool{}
	}
	w.written[name] = true
	w.mu.Unlock()
	full := w.local(name)
	dir := filepath.Dir(full)
	if _, done := w.dirs.Load(dir); !done {
		// Most parents exist already: one mkdir, and MkdirAll only when not.
		if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				if err := w.clear(name); err != nil {
					return err
				}
			}
		}
		w.dirs.Store(dir, true)
	}
	// A new file needs no truncation; an earlier build's may be longer.
	err := writeFile(full, data, w.ready == nil || w.old[name])
	if err != nil && !os.IsPermission(err) {
		// What the earlier build left may be in the way: a file where a
		// folder goes, a folder where a file goes.
		if cerr := w.clear(name); cerr != nil {
			return cerr
		}
		err = writeFile(full, data, true)
	}
	return err
}

// clear removes from Root whatever stands in the way of writing the file
// name: a non-folder where one of its folders goes, anything but a regular
// file at its own place. Links are removed, never followed.
func (w *DirWriter) clear(name string) error {
	parts := strings.Split(name, "/")
	cur := w.Root
	for _, part := range parts[:len(parts)-1] {
		cur = filepath.Join(cur, part)
		info, err := os.Lstat(cur)
		if err == nil && !info.IsDir() {
			if err := os.Remove(cur); err != nil {
				return err
			}
		}
		if err := os.Mkdir(cur, 0o755); err != nil && !os.IsExist(err) {
			return err
		}
	}
	full := w.local(name)
	if info, err := os.Lstat(full); err == nil && !info.Mode().IsRegular() {
		return os.RemoveAll(full)
	}
	return nil
}

// local returns where the file name goes under Root.
func (w *DirWriter) local(name string) string {
	return filepath.Join(w.Root, filepath.FromSlash(name))
}

// Finish completes the folder once every file is written: see Prune.
func (w *DirWriter) Finish() error { return w.Prune() }

// Prune removes the files and folders of the earlier build that this
// build did not write (nor needs as a folder). It is called once every
// file is written.
func (w *DirWriter) Prune() error {
	if w.ready == nil {
		return nil
	}
	<-w.ready
	if w.scanErr != nil {
		return w.scanErr
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	needed := map[string]bool{} // folders that hold a written file
	for name := range w.written {
		for dir := path.Dir(name); dir != "." && !needed[dir]; dir = path.Dir(dir) {
			needed[dir] = true
		}
	}
	for rel := range w.old {
		if !w.written[rel] && !needed[rel] {
			p := filepath.Join(w.Root, filepath.FromSlash(rel))
			if err := os.Remove(p); err != nil {
				if _, lerr := os.Lstat(p); lerr == nil {
					return err
				} // else gone already, with a folder the new build replaced
			}
		}
	}
	for i := len(w.oldDirs) - 1; i >= 0; i-- { // children first
		if rel := w.oldDirs[i]; !needed[rel] && !w.written[rel] {
			if err := os.RemoveAll(filepath.Join(w.Root, filepath.FromSlash(rel))); err != nil {
				return err
			}
		}
	}
	return nil
}

// MemWriter keeps the files in memory, for serve and tests.
type MemWriter struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// NewMemWriter returns an empty MemWriter.
func NewMemWriter() *MemWriter { return &MemWriter{Files: map[string][]byte{}} }

// Write stores data under name.
func (w *MemWriter) Write(name string, data []byte) error {
	if err := SafePath(name); err != nil {
		return err
	}
	w.mu.Lock()
	w.Files[name] = data
	w.mu.Unlock()
	return nil
}

// Names returns the stored file names, sorted.
func (w *MemWriter) Names() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Sorted(maps.Keys(w.Files))
}

// Retains reports that a MemWriter keeps what it is given: a buffer that
// is used again must not be handed to it.
func (w *MemWriter) Retains() bool { return true }

// countingWriter counts files and bytes on their way to another Writer,
// and refuses a file written twice.
type countingWriter struct {
	Writer
	mem          *MemWriter // Writer, when it is an empty one: its files are those written, and seen is not needed
	mu           sync.Mutex
	files, bytes int
	seen         map[string]bool // written by this build, unless mem is set
	// With mem: how many outputs writeAll wrote (those a Session carried
	// from its last good build), and the names of the others.
	batched int
	single  []string
	links   *linkCheck // reads the ids of the outputs that links point into; nil until the pages render
}

// newCountingWriter returns a countingWriter for w; size is how many files
// the build may write, a hint.
func newCountingWriter(w Writer, size int) *countingWriter {
	if mw, ok := w.(*MemWriter); ok && len(mw.Files) == 0 {
		return &countingWriter{Writer: w, mem: mw}
	}
	return &countingWriter{Writer: w, seen: make(map[string]bool, size)}
}

// wrote reports whether the build wrote name. It is called once every
// output is written, without the lock.
func (c *countingWriter) wrote(name string) bool {
	if c.mem != nil {
		_, ok := c.mem.Files[name]
		return ok
	}
	return c.seen[name]
}

// writeAll writes outputs that a Session carries from its last good
// build, under one lock: their names were checked then.
func (c *countingWriter) writeAll(names []string, datas [][]byte) error {
	c.mu.Lock()
	for i, name := range names {
		if c.mem == nil {
			if c.seen[name] {
				c.mu.Unlock()
				return fmt.Errorf("output %s is written twice", name)
			}
			c.seen[name] = true
		}
		c.files++
		c.bytes += len(datas[i])
	}
	c.batched += len(names)
	links := c.links
	c.mu.Unlock()
	if links != nil {
		for i, name := range names {
			links.written(name, datas[i])
		}
	}
	if mw := c.mem; mw != nil {
		mw.mu.Lock()
		defer mw.mu.Unlock()
		for i, name := range names {
			n := len(mw.Files)
			mw.Files[name] = datas[i]
			if len(mw.Files) == n {
				return fmt.Errorf("output %s is written twice", name)
			}
		}
		return nil
	}
	for i, name := range names {
		if err := c.Writer.Write(name, datas[i]); err != nil {
			return err
		}
	}
	return nil
}

// retains reports whether the underlying writer keeps the bytes it is
// given (a MemWriter) rather than being done with them on return.
func (c *countingWriter) retains() bool {
	r, ok := c.Writer.(interface{ Retains() bool })
	return ok && r.Retains()
}

func (c *countingWriter) Write(name string, data []byte) error {
	if c.mem != nil {
		return c.writeMem(name, data)
	}
	c.mu.Lock()
	dup := c.seen[name]
	c.seen[name] = true
	c.mu.Unlock()
	if dup {
		return fmt.Errorf("output %s is written twice", name)
	}
	c.count(name, data)
	return c.Writer.Write(name, data)
}

// count counts an output written, and hands it to the link check.
func (c *countingWriter) count(name string, data []byte) {
	c.mu.Lock()
	c.files++
	c.bytes += len(data)
	if c.mem != nil {
		c.single = append(c.single, name)
	}
	links := c.links
	c.mu.Unlock()
	if links != nil {
		links.written(name, data)
	}
}

// writeMem writes to a MemWriter, whose files tell what was written.
func (c *countingWriter) writeMem(name string, data []byte) error {
	if err := SafePath(name); err != nil {
		return err
	}
	mw := c.mem
	mw.mu.Lock()
	n := len(mw.Files)
	mw.Files[name] = data
	dup := len(mw.Files) == n
	mw.mu.Unlock()
	if dup {
		return fmt.Errorf("output %s is written twice", name)
	}
	c.count(name, data)
	return nil
}

// against compares the outputs written with last, the snapshot of a
// Session's last good build, whose outputs writeAll's are: it returns the
// names written that last lacks, and whether some of last's were not
// written again. It is called once every output is written.
func (c *countingWriter) against(last map[string][]byte) (added []string, removed bool) {
	again := c.batched
	for _, name := range c.single {
		if _, had := last[name]; had {
			again++
		} else {
			added = append(added, name)
		}
	}
	return added, again != len(last)
}
