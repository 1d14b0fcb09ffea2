package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"sort"
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
		return fmt.Errorf("output path %q leaves the output folder", name)
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." || seg == "." || seg == "" {
			return fmt.Errorf("output path %q leaves the output folder", name)
		}
	}
	return nil
}

// DirWriter writes files under a folder, creating folders as needed.
type DirWriter struct {
	Root string
	dirs sync.Map // folders already created
}

// Write writes data to Root/name.
func (w *DirWriter) Write(name string, data []byte) error {
	if err := SafePath(name); err != nil {
		return err
	}
	full := filepath.Join(w.Root, filepath.FromSlash(name))
	dir := filepath.Dir(full)
	if _, done := w.dirs.Load(dir); !done {
		// Most parents exist already: one mkdir, and MkdirAll only when not.
		if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		w.dirs.Store(dir, true)
	}
	return writeFile(full, data)
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
	names := make([]string, 0, len(w.Files))
	for n := range w.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Carry starts the writer with a copy of files, as if each had been
// written: a Session's quick rebuild then writes only what changed.
func (w *MemWriter) Carry(files map[string][]byte) {
	w.mu.Lock()
	w.Files = maps.Clone(files)
	w.mu.Unlock()
}

// Retainer is implemented by writers that keep the bytes they are given
// (MemWriter): the build then hands them a copy of a reused buffer.
type Retainer interface{ Retains() bool }

// Retains reports that a MemWriter keeps what it is given.
func (w *MemWriter) Retains() bool { return true }

// countingWriter counts files and bytes on their way to another Writer.
type countingWriter struct {
	Writer
	mu           sync.Mutex
	files, bytes int
	seen         map[string]bool // written by this build

	// A quick rebuild starts from the previous build's files (see carry):
	// each may be written once more, and the names written are kept.
	carried map[string][]byte
	fresh   []string
}

// carry starts the output with the files of the previous build, which the
// underlying writer (a MemWriter) holds already; see MemWriter.Carry.
func (c *countingWriter) carry(prev map[string][]byte) {
	c.Writer.(*MemWriter).Carry(prev)
	c.carried = prev
	c.files = len(prev)
	for _, data := range prev {
		c.bytes += len(data)
	}
}

// keep returns data itself when the underlying writer is done with it on
// return (a DirWriter), and a copy when it keeps it (a MemWriter).
func (c *countingWriter) keep(data []byte) []byte {
	if r, ok := c.Writer.(Retainer); ok && r.Retains() {
		return bytes.Clone(data)
	}
	return data
}

func (c *countingWriter) Write(name string, data []byte) error {
	c.mu.Lock()
	if c.seen[name] {
		c.mu.Unlock()
		return fmt.Errorf("output %s is written twice", name)
	}
	c.seen[name] = true
	if c.carried != nil {
		c.fresh = append(c.fresh, name)
	}
	if old, ok := c.carried[name]; ok {
		c.bytes -= len(old)
	} else {
		c.files++
	}
	c.bytes += len(data)
	c.mu.Unlock()
	return c.Writer.Write(name, data)
}
