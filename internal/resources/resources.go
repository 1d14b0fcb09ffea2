// Package resources gives a site's pages and layouts its images, as Hugo's
// page resources and resources.Get do: it finds the file an image's
// destination names, processes it through package images, publishes the
// outputs under content-addressed names, and returns data (a [Picture],
// an [Image]); the layout layouts/partials/picture.html writes the HTML.
//
// # Where an image is found
//
// A destination as written in a page's Markdown or in its image field is
// resolved from the folder of the page's file: "photo.jpg" beside
// content/actualites/x.md, or in a page bundle (content/actualites/x/
// index.md and its files); a path from the site's root, "/images/a.jpg",
// is static/images/a.jpg. [Site.Get] (a layout's resources.Get) reads
// assets/NAME, and [Site.PageResource] (.Resources.Get) the folder of a
// page's file. A destination with a scheme (https:, data:) is not ours.
//
// # What is published
//
// Processed images are written under img/ as images names them
// (STEM-HASH-800w.webp): the same image used by ten pages is published
// once, and a CDN may cache the folder forever. Outputs are made only of
// pixels, so no metadata of a source reaches the site; an SVG is copied as
// it is. [Site.Outputs] lists what a build must write.
//
// # Picture
//
// [Site.Picture] is the one place where a page's image becomes a
// <picture>: Markdown images, the cover image of news and events, and any
// layout or render hook (through the template function picture) get the
// same data: a WebP srcset, a srcset in the source's own format, width
// and height (no layout shift), alt, sizes and whether to load it lazily.
package resources

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/catalyseurs/alliance/internal/images"
)

// OutputDir is the folder of the published images, under the site's root.
const OutputDir = "img"

// DefaultSizes is the sizes attribute of a picture in the text of a page:
// the width of the default theme's text column (70ch, about 41rem), or
// the viewport's less its margins on a phone.
const DefaultSizes = "(min-width: 45rem) 41rem, calc(100vw - 2rem)"

// Site is the images of a site, for one build at a time. A serve session
// keeps one Site from build to build (with its Processor, whose memory
// layer spares the disk), and calls Begin before each.
type Site struct {
	src       fs.FS
	static    fs.FS // static/ of the site over the theme's, if set
	proc      *images.Processor
	baseURL   string // absolute, with a trailing slash
	basePath  string // the base URL's path, with a trailing slash
	ctx       context.Context
	mu        sync.Mutex
	sources   map[string]*source  // site file -> as last loaded
	published map[string]string   // output path under the site -> cache file
	svg       map[string][]byte   // output path -> bytes, for SVG copied as they are
	used      map[string]struct{} // site files used by this build
	origins   map[string]string   // URL of a picture's image -> the site file it was made of
}

// source is a site file loaded, with what was made of it, kept while the
// file's size and modification time stay the same.
type source struct {
	size    int64
	modTime time.Time
	src     *images.Source
	err     error
	set     *images.Set // made by Responsive, once
	data    []byte      // an SVG's bytes
}

// New returns the images of the site in src, processed by proc; baseURL is
// the site's absolute base URL.
func New(src fs.FS, proc *images.Processor, baseURL string) *Site {
	s := &Site{src: src, proc: proc, sources: map[string]*source{}}
	s.SetBaseURL(baseURL)
	s.Begin(context.Background())
	return s
}

// SetStatic sets the file system of static/ files, the site's over the
// theme's (paths "static/..."); without it they are read from src.
func (s *Site) SetStatic(static fs.FS) { s.static = static }

// fsOf is the file system that holds a site file.
func (s *Site) fsOf(file string) fs.FS {
	if s.static != nil && strings.HasPrefix(file, "static/") {
		return s.static
	}
	return s.src
}

// SetBaseURL sets the site's absolute base URL, for Permalink.
func (s *Site) SetBaseURL(baseURL string) {
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	s.baseURL, s.basePath = baseURL, "/"
	if i := strings.Index(baseURL, "://"); i >= 0 {
		if j := strings.IndexByte(baseURL[i+3:], '/'); j >= 0 {
			s.basePath = baseURL[i+3+j:]
		}
	}
}

// Begin starts a build: ctx bounds the work of the methods layouts call,
// which cannot take one, and the outputs of the last build are forgotten.
func (s *Site) Begin(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ctx = ctx
	s.published, s.svg, s.used = map[string]string{}, map[string][]byte{}, map[string]struct{}{}
	s.origins = map[string]string{}
}

// SourceOf returns the site file that the image at url (a picture's src or
// a srcset entry, from the site's root) was made of, and its file system:
// the e-mail editions make their own copies from the source.
func (s *Site) SourceOf(url string) (fs.FS, string, bool) {
	s.mu.Lock()
	file, ok := s.origins[url]
	s.mu.Unlock()
	if !ok {
		return nil, "", false
	}
	return s.fsOf(file), file, true
}

// noteOrigin records that the images at urls were made of file.
func (s *Site) noteOrigin(file string, urls ...string) {
	s.mu.Lock()
	for _, u := range urls {
		s.origins[u] = file
	}
	s.mu.Unlock()
}

// BasePath is the base URL's path, with a trailing slash: "/" or "/site/".
func (s *Site) BasePath() string { return s.basePath }

// PublishAs publishes the site file file, an image linked to rather than
// shown, at name under the site's root: a copy of its pixels alone, at
// its own size (an SVG as it is).
func (s *Site) PublishAs(file, name string) error {
	e, err := s.load(file)
	if err != nil {
		return err
	}
	if e.src.Format == images.SVG {
		s.mu.Lock()
		s.svg[name] = e.data
		s.mu.Unlock()
		return nil
	}
	rs, err := s.proc.Process(s.ctx, e.src, images.Op{Action: images.Fit, Width: e.src.Width, Height: e.src.Height})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.published[name] = rs[0].Path
	s.mu.Unlock()
	return nil
}

// Processor returns the images' processor.
func (s *Site) Processor() *images.Processor { return s.proc }

// Output is a file a build must write: Data, or else the bytes of the
// cache file From.
type Output struct {
	Name string // under the site's root: "img/photo-1a2b3c4d-800w.webp"
	From string
	Data []byte
}

// Outputs lists what the images used since Begin publish, sorted by name.
func (s *Site) Outputs() []Output {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Output, 0, len(s.published)+len(s.svg))
	for name, from := range s.published {
		out = append(out, Output{Name: name, From: from})
	}
	for name, data := range s.svg {
		out = append(out, Output{Name: name, Data: data})
	}
	slices.SortFunc(out, func(a, b Output) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Used lists the site files used as images since Begin, sorted.
func (s *Site) Used() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.used))
}

// Forget drops what is known of files (paths of the site folder) that
// changed: the next use loads them again. A serve session calls it with
// the changed paths; a file whose size and modification time changed is
// loaded again anyway.
func (s *Site) Forget(files []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range files {
		delete(s.sources, f)
	}
}

// ErrNotOurs is returned for a destination that is not a file of the site
// (an absolute URL): the caller writes it as it is.
var ErrNotOurs = errors.New("not an image of the site")

// Resolve returns the site file an image destination names, written in
// the file from ("content/actualites/x.md"): see the package doc.
func Resolve(from, dest string) (string, error) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	if dest == "" || hasScheme(dest) || strings.HasPrefix(dest, "//") {
		return "", ErrNotOurs
	}
	if u, err := unescapePath(dest); err == nil {
		dest = u
	}
	var file string
	if strings.HasPrefix(dest, "/") {
		file = path.Join("static", dest)
	} else {
		file = path.Join(path.Dir(from), dest)
	}
	top, _, _ := strings.Cut(file, "/")
	if !strings.Contains(file, "/") || (top != "content" && top != "static" && top != "assets") || file == path.Dir(from) {
		return "", &images.Error{Name: dest, Kind: images.Missing, Err: fs.ErrNotExist}
	}
	return file, nil
}

func hasScheme(dest string) bool {
	i := strings.IndexAny(dest, ":/?#")
	return i > 0 && dest[i] == ':'
}

// unescapePath decodes the %XX escapes of a destination ("mon%20image.jpg").
func unescapePath(p string) (string, error) {
	if !strings.Contains(p, "%") {
		return p, nil
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+2 < len(p) {
			v, err := strconv.ParseUint(p[i+1:i+3], 16, 8)
			if err != nil {
				return p, err
			}
			b.WriteByte(byte(v))
			i += 2
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String(), nil
}

// load returns the source of a site file, loaded again only when its size
// or modification time changed.
func (s *Site) load(file string) (*source, error) {
	fsys := s.fsOf(file)
	info, err := fs.Stat(fsys, file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &images.Error{Name: file, Kind: images.Missing, Err: err}
		}
		return nil, fmt.Errorf("image %q: %w", file, err)
	}
	if info.IsDir() {
		return nil, &images.Error{Name: file, Kind: images.Missing, Err: fs.ErrNotExist}
	}
	s.mu.Lock()
	e := s.sources[file]
	s.used[file] = struct{}{}
	s.mu.Unlock()
	if e != nil && e.size == info.Size() && e.modTime.Equal(info.ModTime()) {
		return e, e.err
	}
	e = &source{size: info.Size(), modTime: info.ModTime()}
	e.src, e.err = s.proc.Open(s.ctx, fsys, file)
	if e.err == nil && e.src.Format == images.SVG {
		e.data, e.err = fs.ReadFile(fsys, file)
	}
	if e.err != nil && s.ctx.Err() != nil {
		return nil, e.err // not kept: the build was cancelled
	}
	s.mu.Lock()
	s.sources[file] = e
	s.mu.Unlock()
	return e, e.err
}

// publish notes the results as outputs of this build and returns their
// URLs, from the site's root.
func (s *Site) publish(rs ...images.Result) []string {
	urls := make([]string, len(rs))
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range rs {
		name := OutputDir + "/" + r.Name
		s.published[name] = r.Path
		urls[i] = s.basePath + name
	}
	return urls
}

// publishSVG notes an SVG source as an output, copied as it is, under a
// name made of its stem and hash like the others.
func (s *Site) publishSVG(e *source) string {
	stem := strings.TrimSuffix(path.Base(e.src.Name), path.Ext(e.src.Name))
	name := OutputDir + "/" + stem + "-" + e.src.Hash[:8] + ".svg"
	s.mu.Lock()
	s.svg[name] = e.data
	s.mu.Unlock()
	return s.basePath + name
}

// responsive returns the variants of a source, made once per source, and
// the results of extra operations, made with them from one decoding.
func (s *Site) responsive(e *source, extra ...images.Op) (*images.Set, []images.Result, error) {
	s.mu.Lock()
	set := e.set
	s.mu.Unlock()
	if set != nil || (len(extra) > 0 && e.src.Format == images.WebP) {
		// The fallback of a WebP source depends on its transparency,
		// which Responsive knows: extra operations run apart.
		var err error
		if set == nil {
			if set, err = s.makeSet(e); err != nil {
				return nil, nil, err
			}
		}
		var rs []images.Result
		if len(extra) > 0 {
			if rs, err = s.proc.Process(s.ctx, e.src, extra...); err != nil {
				return nil, nil, err
			}
		}
		return set, rs, nil
	}
	if len(extra) == 0 {
		set, err := s.makeSet(e)
		return set, nil, err
	}
	var ops []images.Op
	for _, w := range s.proc.Widths(e.src) {
		ops = append(ops, images.Op{Action: images.Resize, Width: w, Format: e.src.Format})
		if !e.src.Animated() {
			ops = append(ops, images.Op{Action: images.Resize, Width: w, Format: images.WebP})
		}
	}
	n := len(ops)
	rs, err := s.proc.Process(s.ctx, e.src, append(ops, extra...)...)
	if err != nil {
		return nil, nil, err
	}
	made := &images.Set{Width: e.src.Width, Height: e.src.Height}
	for i, r := range rs[:n] {
		if ops[i].Format == images.WebP {
			made.WebP = append(made.WebP, r)
		} else {
			made.Fallback = append(made.Fallback, r)
		}
	}
	s.mu.Lock()
	e.set = made
	s.mu.Unlock()
	return made, rs[n:], nil
}

// makeSet runs Responsive on a source and keeps its variants.
func (s *Site) makeSet(e *source) (*images.Set, error) {
	made, err := s.proc.Responsive(s.ctx, e.src)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e.set = &made
	s.mu.Unlock()
	return &made, nil
}
