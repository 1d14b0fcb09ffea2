// Package floor is the lower bound of any generator built on goldmark.
//
// [Run] does the least work a static site generator must do for a site's
// pages: it reads every content/**/*.md, strips the front matter (by looking
// for the closing "---" line, without decoding it), converts the body with
// goldmark configured once (GFM, footnotes, definition lists, auto heading
// IDs) on a few goroutines, and writes each result to
// DEST/<section>/<slug>/index.html. There are no templates, lists, feeds,
// indexes, taxonomies, typography or front matter checks; section index
// files (_index.md) are skipped; drafts are rendered like any page.
//
// A generator cannot be faster than this floor on the same machine; the
// distance to it is what templates, lists, feeds and the rest cost.
package floor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// Stats describes one run.
type Stats struct {
	Pages    int           // pages written
	InBytes  int64         // bytes of Markdown read (front matter included)
	OutBytes int64         // bytes of HTML written
	Workers  int           // goroutines that converted pages
	Elapsed  time.Duration // wall time of Run
}

// New returns the goldmark converter of the floor: the configuration a real
// generator uses, built once and shared by all workers (goldmark.Markdown
// is safe for concurrent use).
func New() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// job is one page: its source file and its output folder.
type job struct {
	src, dir string
}

// Run converts the pages of the site at src into dest with workers
// goroutines (GOMAXPROCS when workers < 1). dest is created if needed; files
// already there are overwritten, never removed.
func Run(ctx context.Context, src, dest string, workers int) (Stats, error) {
	start := time.Now()
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs, err := plan(filepath.Join(src, "content"), dest)
	if err != nil {
		return Stats{}, err
	}
	md := New()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan job, 2*workers)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		st       = Stats{Workers: workers}
	)
	for range workers {
		wg.Go(func() {
			var buf bytes.Buffer
			var pages int
			var in, out int64
			for j := range ch {
				if ctx.Err() != nil {
					continue // drain
				}
				n, m, err := page(md, &buf, j)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
					continue
				}
				pages++
				in += n
				out += m
			}
			mu.Lock()
			st.Pages += pages
			st.InBytes += in
			st.OutBytes += out
			mu.Unlock()
		})
	}
feed:
	for _, j := range jobs {
		select {
		case ch <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(ch)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	st.Elapsed = time.Since(start)
	if firstErr != nil {
		return st, firstErr
	}
	return st, nil
}

// plan lists the pages under content and creates the section folders of
// dest once, so that workers only make each page's own folder.
func plan(content, dest string) ([]job, error) {
	var jobs []job
	sections := map[string]bool{}
	err := filepath.WalkDir(content, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() || !strings.HasSuffix(name, ".md") || name == "_index.md" {
			return nil
		}
		rel, err := filepath.Rel(content, path)
		if err != nil {
			return err
		}
		section := filepath.Dir(rel)
		slug := strings.TrimSuffix(name, ".md")
		dir := filepath.Join(dest, section, slug)
		if slug == "index" { // leaf bundle: the folder is the page
			dir = filepath.Join(dest, section)
		} else {
			sections[filepath.Join(dest, section)] = true
		}
		jobs = append(jobs, job{src: path, dir: dir})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		return nil, fmt.Errorf("floor: no Markdown page under %s", content)
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	for dir := range sections {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	return jobs, nil
}

// page converts one file; it returns the bytes read and written.
func page(md goldmark.Markdown, buf *bytes.Buffer, j job) (int64, int64, error) {
	data, err := os.ReadFile(j.src)
	if err != nil {
		return 0, 0, err
	}
	buf.Reset()
	if err := md.Convert(Body(data), buf); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", j.src, err)
	}
	if err := os.Mkdir(j.dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return 0, 0, err
	}
	if err := os.WriteFile(filepath.Join(j.dir, "index.html"), buf.Bytes(), 0o644); err != nil {
		return 0, 0, err
	}
	return int64(len(data)), int64(buf.Len()), nil
}

// Body returns data without its front matter: when the first line is "---"
// (or "+++"), everything up to and including the next line that is the
// same delimiter. Without a closing line, or without front matter, data is
// returned whole. Nothing is decoded.
func Body(data []byte) []byte {
	var delim string
	switch {
	case bytes.HasPrefix(data, []byte("---")):
		delim = "---"
	case bytes.HasPrefix(data, []byte("+++")):
		delim = "+++"
	default:
		return data
	}
	first, rest, ok := cutLine(data)
	if !ok || string(first) != delim {
		return data
	}
	for len(rest) > 0 {
		line, next, _ := cutLine(rest)
		if string(line) == delim {
			return next
		}
		rest = next
	}
	return data
}

// cutLine splits data after its first line; line has no "\n" nor "\r\n".
// ok is false when data has no newline (line is then the whole of data).
func cutLine(data []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return bytes.TrimSuffix(data, []byte("\r")), nil, false
	}
	return bytes.TrimSuffix(data[:i], []byte("\r")), data[i+1:], true
}
