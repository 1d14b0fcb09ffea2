package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// editionCache keeps the e-mail editions a build made, in one pack file
// (SRC/.alliance/email/editions.pack) where the next build finds them: an
// edition is keyed by the SHA-256 of what its layouts wrote and of the
// program that inlines and converts it (see editionKey), which is all it
// depends on, so that a second build of a large site inlines only the
// posts that changed. One file, not one per edition: writing thousands of
// small files cost a first build more system time than the inlining it
// saves a second one (see README, Performance).
//
// A build reads the last pack and, when it made editions or left some of
// the pack's unused, writes a new one beside it, with every edition it
// used, made or read (copied from the last pack), which finish renames
// over the last one when the build succeeded, so that the pack holds the
// editions of the last good build and nothing else; a build that read
// every edition of the pack and made none keeps it as it is. A nil
// *editionCache keeps nothing.
type editionCache struct {
	dir      string
	program  string // the SHA-256 of the running program
	readOnly bool   // alliance email: reads, adds nothing

	mu      sync.Mutex
	opened  bool
	old     *os.File         // the last pack, nil when there is none
	index   map[string]entry // its entries by name
	next    *os.File         // the pack being written, nil until an edition is kept
	w       *bufio.Writer
	size    int64            // bytes written to next
	written map[string]entry // the entries of next
	reused  map[string]entry // the entries of old read by this build
	failed  bool             // writing next failed: it is dropped
}

// entry is where an edition is in a pack: its HTML at off, its text after.
type entry struct {
	off        int64
	html, text int
}

// packName is the pack's file in the cache folder; packMagic starts it.
const (
	packName  = "editions.pack"
	packMagic = "alliance editions 1\n"
)

// newEditionCache returns the cache in dir, or nil when dir is "" or the
// program that runs cannot be read (its hash keys the entries: a changed
// program must not read what another one made). A read-only cache reads
// the pack and writes nothing.
func newEditionCache(dir string, readOnly bool) *editionCache {
	if dir == "" {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil
	}
	return &editionCache{dir: dir, program: hex.EncodeToString(h.Sum(nil)), readOnly: readOnly}
}

// editionKey is what an edition is made from: the HTML layout's output,
// the text layout's (if any) and the preheader.
func editionKey(html, text []byte, hasText bool, summary string) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%d:%t:%d:", len(html), len(text), hasText, len(summary))
	h.Write(html)
	h.Write(text)
	io.WriteString(h, summary)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

func (c *editionCache) name(key [sha256.Size]byte) string {
	h := sha256.New()
	io.WriteString(h, c.program)
	h.Write(key[:])
	return hex.EncodeToString(h.Sum(nil))[:40]
}

// open reads the last pack's index, once; c.mu is held.
func (c *editionCache) open() {
	if c.opened {
		return
	}
	c.opened = true
	f, err := os.Open(filepath.Join(c.dir, packName))
	if err != nil {
		return
	}
	index, err := readIndex(f)
	if err != nil {
		f.Close()
		return
	}
	c.old, c.index = f, index
}

// A pack is packMagic, then each entry's HTML and text, then the index (a
// line "NAME OFFSET HTML-LENGTH TEXT-LENGTH" per entry), then the index's
// offset on a line of 20 digits.
const trailerSize = 21

func readIndex(f *os.File) (map[string]entry, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	head := make([]byte, len(packMagic))
	if size < int64(len(packMagic)+trailerSize) {
		return nil, fmt.Errorf("short pack")
	}
	if _, err := f.ReadAt(head, 0); err != nil || string(head) != packMagic {
		return nil, fmt.Errorf("not a pack")
	}
	trailer := make([]byte, trailerSize)
	if _, err := f.ReadAt(trailer, size-trailerSize); err != nil {
		return nil, err
	}
	at, err := strconv.ParseInt(strings.TrimSpace(string(trailer)), 10, 64)
	if err != nil || at < int64(len(packMagic)) || at > size-trailerSize {
		return nil, fmt.Errorf("bad trailer")
	}
	raw := make([]byte, size-trailerSize-at)
	if _, err := f.ReadAt(raw, at); err != nil {
		return nil, err
	}
	index := map[string]entry{}
	for line := range bytes.Lines(raw) {
		fields := strings.Fields(string(line))
		if len(fields) != 4 {
			return nil, fmt.Errorf("bad index line")
		}
		off, err1 := strconv.ParseInt(fields[1], 10, 64)
		h, err2 := strconv.Atoi(fields[2])
		t, err3 := strconv.Atoi(fields[3])
		if err1 != nil || err2 != nil || err3 != nil || off < int64(len(packMagic)) || h < 0 || t < 0 || off+int64(h)+int64(t) > at {
			return nil, fmt.Errorf("bad index entry")
		}
		index[fields[0]] = entry{off, h, t}
	}
	return index, nil
}

// get returns the edition kept for key, and keeps it in the next pack.
func (c *editionCache) get(key [sha256.Size]byte) ([]byte, string, bool) {
	if c == nil {
		return nil, "", false
	}
	name := c.name(key)
	c.mu.Lock()
	c.open()
	e, ok := c.index[name]
	old := c.old
	c.mu.Unlock()
	if !ok {
		return nil, "", false
	}
	buf := make([]byte, e.html+e.text)
	if _, err := old.ReadAt(buf, e.off); err != nil {
		return nil, "", false
	}
	html, text := buf[:e.html:e.html], string(buf[e.html:])
	c.mu.Lock()
	if c.reused == nil {
		c.reused = map[string]entry{}
	}
	c.reused[name] = e
	c.mu.Unlock()
	return html, text, true
}

// put keeps an edition made, appended to the next pack. Failures only
// cost a later build the work again.
func (c *editionCache) put(key [sha256.Size]byte, html []byte, text string) {
	if c == nil || c.readOnly {
		return
	}
	name := c.name(key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.create() {
		return
	}
	if _, dup := c.written[name]; dup {
		return
	}
	c.written[name] = entry{c.size, len(html), len(text)}
	c.w.Write(html)
	c.w.WriteString(text)
	c.size += int64(len(html) + len(text))
}

// create starts the next pack, once; it reports whether there is one to
// write into. c.mu is held.
func (c *editionCache) create() bool {
	if c.failed {
		return false
	}
	if c.next == nil {
		if err := os.MkdirAll(c.dir, 0o755); err != nil {
			c.failed = true
			return false
		}
		f, err := os.CreateTemp(c.dir, ".tmp-"+packName)
		if err != nil {
			c.failed = true
			return false
		}
		c.next, c.w, c.written = f, bufio.NewWriterSize(f, 1<<20), map[string]entry{}
		c.w.WriteString(packMagic)
		c.size = int64(len(packMagic))
	}
	return true
}

// finish closes the packs; with commit (the build succeeded), the new one,
// with its index, takes the last one's place. Temporary files left by
// killed builds go.
func (c *editionCache) finish(commit bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.old != nil {
		defer c.old.Close()
	}
	if commit && !c.readOnly && c.next == nil && len(c.reused) < len(c.index) {
		c.create() // editions of the last pack went unused: a smaller pack
	}
	if c.next == nil {
		return // nothing made, every edition of the last pack read: it stays
	}
	ok := commit && !c.failed
	if ok {
		// The editions read from the last pack, copied after those made.
		for name, e := range c.reused {
			if _, dup := c.written[name]; dup {
				continue
			}
			n := int64(e.html + e.text)
			if _, err := io.Copy(c.w, io.NewSectionReader(c.old, e.off, n)); err != nil {
				ok = false
				break
			}
			c.written[name] = entry{c.size, e.html, e.text}
			c.size += n
		}
	}
	if ok {
		for name, e := range c.written {
			fmt.Fprintf(c.w, "%s %d %d %d\n", name, e.off, e.html, e.text)
		}
		fmt.Fprintf(c.w, "%020d\n", c.size)
		ok = c.w.Flush() == nil
	}
	if err := c.next.Close(); err != nil {
		ok = false
	}
	tmp := c.next.Name()
	c.next, c.w = nil, nil
	if ok && os.Rename(tmp, filepath.Join(c.dir, packName)) == nil {
		if entries, err := os.ReadDir(c.dir); err == nil {
			for _, e := range entries {
				if e.Name() != packName {
					os.Remove(filepath.Join(c.dir, e.Name()))
				}
			}
		}
		return
	}
	os.Remove(tmp)
}
