package images

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// The cache keeps each output as two files in CacheDir/KK/ (KK: the key's
// first two hex digits): KEY.EXT, the output's bytes as they go to the
// site, and KEY.json, its entry (format, size in pixels and bytes, SHA-256
// of the bytes), written after the bytes. Both are written to a temporary
// file then renamed, so a killed build leaves whole files or none; an entry
// whose bytes do not match its size and hash is made again. The key is the
// SHA-256 of the encoder version, the source's SHA-256 and the resolved
// operation, so renaming or moving a source changes nothing.

// cacheKey is the hex key of one output.
func cacheKey(sourceHash string, pl plan) string {
	h := sha256.New()
	h.Write([]byte(EncoderVersion()))
	h.Write([]byte{0})
	h.Write([]byte(sourceHash))
	h.Write([]byte{0})
	h.Write([]byte(pl.key()))
	return hex.EncodeToString(h.Sum(nil))
}

// entry describes one cached output.
type entry struct {
	Format        Format `json:"format"`
	Width, Height int
	Size          int64
	Hash          string // hex SHA-256 of the bytes
}

type cache struct {
	dir string

	mu     sync.Mutex
	memory map[string]entry // the entries read or written by this process
}

func newCache(dir string) *cache {
	return &cache{dir: dir, memory: map[string]entry{}}
}

type lookup int

const (
	absent lookup = iota
	inMemory
	onDisk
	broken // present but not whole: to be made again
)

func (c *cache) entryPath(key string) string {
	return filepath.Join(c.dir, key[:2], key+".json")
}

func (c *cache) dataPath(key string, f Format) string {
	return filepath.Join(c.dir, key[:2], key+f.Ext())
}

// get finds an entry in memory, else on disk, checking its bytes.
func (c *cache) get(key string) (entry, lookup) {
	c.mu.Lock()
	e, ok := c.memory[key]
	c.mu.Unlock()
	if ok {
		return e, inMemory
	}
	b, err := os.ReadFile(c.entryPath(key))
	if errors.Is(err, fs.ErrNotExist) {
		return entry{}, absent
	}
	if err != nil || json.Unmarshal(b, &e) != nil || e.Format < JPEG || e.Format > WebP || len(e.Hash) != 64 {
		return entry{}, broken
	}
	data, err := os.ReadFile(c.dataPath(key, e.Format))
	if err != nil || int64(len(data)) != e.Size {
		return entry{}, broken
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != e.Hash {
		return entry{}, broken
	}
	c.mu.Lock()
	c.memory[key] = e
	c.mu.Unlock()
	return e, onDisk
}

// put writes an output and its entry.
func (c *cache) put(key string, f Format, w, h int, data []byte) (entry, error) {
	sum := sha256.Sum256(data)
	e := entry{Format: f, Width: w, Height: h, Size: int64(len(data)), Hash: hex.EncodeToString(sum[:])}
	meta, err := json.Marshal(e)
	if err != nil {
		return entry{}, err
	}
	if err := os.MkdirAll(filepath.Join(c.dir, key[:2]), 0o755); err != nil {
		return entry{}, err
	}
	if err := writeAtomic(c.dataPath(key, f), data); err != nil {
		return entry{}, err
	}
	if err := writeAtomic(c.entryPath(key), meta); err != nil {
		return entry{}, err
	}
	c.mu.Lock()
	c.memory[key] = e
	c.mu.Unlock()
	return e, nil
}

// tempPrefix starts the names of files being written.
const tempPrefix = ".tmp-"

// writeAtomic writes data to a temporary file beside name, then renames it.
func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), tempPrefix+"*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Used returns the cache keys of the outputs this Processor returned since
// New, sorted: what a build used, for Prune.
func (p *Processor) Used() []string {
	p.mu.Lock()
	keys := make([]string, 0, len(p.used))
	for k := range p.used {
		keys = append(keys, k)
	}
	p.mu.Unlock()
	slices.Sort(keys)
	return keys
}

// staleTemp is the age after which a temporary file is left over from a
// killed build, not being written by a running one.
const staleTemp = time.Hour

// Prune removes from the cache folder every entry whose key is not in used
// (typically p.Used() after a successful build), and temporary files left
// by killed builds. It returns how many entries it removed.
func (p *Processor) Prune(ctx context.Context, used []string) (int, error) {
	keep := make(map[string]bool, len(used))
	for _, k := range used {
		keep[k] = true
	}
	c := p.cache
	removed := 0
	err := filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == c.dir {
				return fs.SkipAll
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, tempPrefix) {
			if info, err := d.Info(); err == nil && time.Since(info.ModTime()) > staleTemp {
				return os.Remove(path)
			}
			return nil
		}
		key, ext, _ := strings.Cut(name, ".")
		if keep[key] || len(key) != 64 {
			return nil
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		if ext == "json" {
			removed++
		}
		c.mu.Lock()
		delete(c.memory, key)
		c.mu.Unlock()
		return nil
	})
	return removed, err
}
