package build

import (
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

// editionCache keeps the e-mail editions a build made, in a folder
// (SRC/.alliance/email) where the next build finds them: an edition is
// keyed by the SHA-256 of what its layouts wrote and of the program that
// inlines and converts it (see editionKey), which is all it depends on, so
// that a second build of a large site inlines only the posts that changed.
// A nil *editionCache keeps nothing. Entries a build did not use are
// removed at its end (prune).
type editionCache struct {
	dir     string
	program string // the SHA-256 of the running program
	mu      sync.Mutex
	used    map[string]bool
}

// newEditionCache returns the cache in dir, or nil when dir is "" or the
// program that runs cannot be read (its hash keys the entries: a changed
// program must not read what another one made).
func newEditionCache(dir string) *editionCache {
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
	return &editionCache{dir: dir, program: hex.EncodeToString(h.Sum(nil)), used: map[string]bool{}}
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

// get returns the edition kept for key. An entry is the HTML's length on a
// line, the HTML, then the text.
func (c *editionCache) get(key [sha256.Size]byte) ([]byte, string, bool) {
	if c == nil {
		return nil, "", false
	}
	name := c.name(key)
	c.mu.Lock()
	c.used[name] = true
	c.mu.Unlock()
	data, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		return nil, "", false
	}
	head, rest, ok := bytes.Cut(data, []byte("\n"))
	n, err := strconv.Atoi(string(head))
	if !ok || err != nil || n < 0 || n > len(rest) {
		return nil, "", false
	}
	return rest[:n:n], string(rest[n:]), true
}

// put keeps an edition, written to a temporary name and renamed so that a
// killed build leaves no partial entry. Failures only cost a later build
// the work again.
func (c *editionCache) put(key [sha256.Size]byte, html []byte, text string) {
	if c == nil {
		return
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return
	}
	name := c.name(key)
	f, err := os.CreateTemp(c.dir, ".tmp-"+name)
	if err != nil {
		return
	}
	_, err = fmt.Fprintf(f, "%d\n%s%s", len(html), html, text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(c.dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// prune removes the entries this build did not use, and temporary files
// left by killed builds.
func (c *editionCache) prune() {
	if c == nil {
		return
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range entries {
		if !c.used[e.Name()] || strings.HasPrefix(e.Name(), ".tmp-") {
			os.Remove(filepath.Join(c.dir, e.Name()))
		}
	}
}
