// Package build runs alliance's pipeline: it loads a site folder, renders its
// Markdown and layouts, and writes the pages, feeds, calendars, sitemap and
// search index, in named phases that read as a list (see run).
//
// # Phases
//
// Each phase is a function of what the previous ones made: the
// configuration, the assembled site (package content, which nothing changes
// once assembled), the layouts. A one-off build (Render, Build) runs them
// all. A Session, for serve, keeps each phase's results with a key of what
// they were made from, and a rebuild makes again only what a change reaches
// (see session.go).
//
// # Publishing
//
// Build writes into a staging folder and swaps it in only when every phase
// succeeded: a failed or killed build leaves DEST as it was (see publish.go).
//
// # Images
//
// The layouts load before the Markdown, whose images
// layouts/partials/picture.html writes (see images.go and package
// resources); the cover images are processed before, so that every bad
// image is an error before any page is written. Processed images are
// kept in ImageCache and pruned after a successful build.
//
// # Errors
//
// Every phase adds its errors to one diag.List; a build with errors writes
// nothing to DEST and returns the whole sorted list.
package build

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/data"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/email"
	"github.com/catalyseurs/alliance/internal/images"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/overlay"
	"github.com/catalyseurs/alliance/internal/resources"
	"github.com/catalyseurs/alliance/internal/templates"
)

// Options configure one build.
type Options struct {
	Drafts  bool      // include drafts
	Future  bool      // include pages dated in the future
	Expired bool      // include pages whose expiryDate is past
	BaseURL string    // overrides site.yaml's baseURL when set
	Now     time.Time // the build's clock; zero means time.Now()
	Theme   fs.FS     // the default theme: layouts/ and static/; may be nil
	Log     io.Writer // when set, each phase's time is printed there (-v)
	// Progress, when set, is called as pages are rendered, from the
	// build's workers: it must be safe for concurrent use.
	Progress func(phase string, done, total int)
	Workers  int // parallel workers; zero means GOMAXPROCS
	// ImageCache is the folder where processed images are kept between
	// builds: Build uses SRC/.alliance/images; empty means a temporary
	// folder, removed after a one-off build.
	ImageCache string
	// EditionCache is the folder where one-off builds keep the e-mail
	// editions they made, for the next build (SRC/.alliance/email); ""
	// keeps none.
	EditionCache string

	lintEditions bool // set by Check: lint the e-mail editions
}

// Result describes a finished build.
type Result struct {
	Site     *content.Site
	Warnings diag.List
	Pages    map[string]int // pages written by kind ("news", "charter", "event", "list", ...)
	Feeds    int
	Calendar int
	Files    int
	Bytes    int
	Duration time.Duration
	Phases   []Phase
	// Links found in the pages' Markdown, for the pages that have any,
	// in the site's order.
	Links []PageLinks
	// Broken are the links that lead to nothing of the site: check's
	// findings, the build's warnings.
	Broken diag.List
	// Editions are what email.Lint finds in the news posts' e-mail
	// editions: check's findings (Check alone lints them).
	Editions diag.List
	// ImageFindings are the images without alt text: check's findings,
	// the build's warnings.
	ImageFindings diag.List
	// Images counts the images decoded and encoded, and the outputs found
	// in the cache, by this build (by the whole Session, for serve).
	Images images.Stats
}

// Phase is a named step of the pipeline and the time it took.
type Phase struct {
	Name     string
	Duration time.Duration
}

// Render runs the pipeline over the site in src and writes every output
// file to w. It returns the result and, if anything failed, a diag.List of
// every error found.
func Render(ctx context.Context, src fs.FS, w Writer, opt Options) (*Result, error) {
	return run(ctx, src, w, opt, nil)
}

// builder holds one run of the pipeline.
type builder struct {
	ctx       context.Context
	src       fs.FS
	out       *countingWriter
	opt       Options
	errs      diag.List
	cfg       *config.Config
	site      *content.Site
	conv      *markdown.Converter
	layout    *templates.Set
	res       *Result
	mu        sync.Mutex      // guards errs and res during parallel phases
	bufs      sync.Pool       // *bytes.Buffer for rendering pages
	keys      *keys           // a Session's: what this build's outputs are made from; nil for one-off builds
	images    *resources.Site // the site's images; nil when they cannot be processed
	data      data.Data       // the site's data files
	imageTemp string          // a temporary cache folder for this build, removed at its end
	inliner   *email.Inliner  // the e-mail editions' style sheets, parsed once (a Session's, kept between builds)
	editions  *editionCache   // nil within a Session, whose outputs are kept in memory
}

// run runs the pipeline; m, when set, is a Session's memory of earlier
// builds and of the changes since.
func run(ctx context.Context, src fs.FS, w Writer, opt Options, m *memo) (*Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	var outputs int // a Session's last count: a hint
	if m != nil {
		outputs = m.outputs.len()
	}
	b := &builder{
		ctx: ctx, src: src, opt: opt,
		out: newCountingWriter(w, outputs),
		res: &Result{Pages: map[string]int{}},
	}
	if m != nil {
		b.keys = &keys{memo: m}
		b.inliner = &m.inliner
	} else {
		b.editions = newEditionCache(opt.EditionCache, false)
		b.inliner = new(email.Inliner)
	}
	b.bufs.New = func() any { return new(bytes.Buffer) }
	start := time.Now()
	b.phase("config", b.loadConfig)
	// The layouts come before the Markdown, whose images are written by
	// layouts/partials/picture.html and whose shortcodes and render hooks
	// are layouts.
	b.phase("layouts", b.loadLayouts)
	b.phase("content", b.loadContent)
	b.phase("covers", b.checkCovers)
	b.phase("markdown", b.renderMarkdown)
	if len(b.errs) == 0 && b.site != nil && ctx.Err() == nil {
		b.keys.prepare(b)
		b.checkLinks()
		// The search index needs only the pages' text: it is built while
		// the pages render.
		search := b.background("search", b.writeSearch)
		b.phase("pages", b.renderPages)
		// The e-mail editions too, on the workers the next phases,
		// mostly serial, leave idle.
		editions := b.background("email", b.writeEditions)
		b.phase("aliases", b.writeAliases)
		b.phase("feeds", b.writeFeeds)
		b.phase("calendars", b.writeCalendars)
		b.phase("sitemap", b.writeSitemap)
		b.phase("static", b.copyStatic)
		editions.Wait()
		b.editions.finish(ctx.Err() == nil && len(b.errs) == 0)
		b.phase("images", b.writeImages)
		search.Wait()
		if m != nil && m.last != nil {
			m.added, m.removed = b.out.against(m.last)
		}
		b.phase("links", b.brokenLinks)
	}
	if len(b.errs) == 0 && b.ctx.Err() == nil {
		b.pruneImages()
	}
	if b.images != nil {
		b.res.Images = b.images.Processor().Stats()
	}
	if b.imageTemp != "" {
		os.RemoveAll(b.imageTemp)
	}
	b.res.ImageFindings.Sort()
	b.res.Duration = time.Since(start)
	b.res.Files, b.res.Bytes = b.out.files, b.out.bytes
	b.res.Site = b.site
	if err := ctx.Err(); err != nil {
		return b.res, err
	}
	return b.res, b.errs.Err()
}

// PageLinks are the links found in one page's Markdown.
type PageLinks struct {
	Page  *content.Page
	Links []content.Link
}

// phase runs one step unless an earlier one failed in a way that makes it
// pointless (no configuration, no site), and times it.
func (b *builder) phase(name string, run func()) {
	if b.ctx.Err() != nil || (name != "config" && b.cfg == nil) || (name != "config" && name != "content" && name != "layouts" && b.site == nil) {
		return
	}
	start := time.Now()
	run()
	d := time.Since(start)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.res.Phases = append(b.res.Phases, Phase{name, d})
	if b.opt.Log != nil {
		fmt.Fprintf(b.opt.Log, "  %-10s %8.1f ms\n", name, float64(d.Microseconds())/1000)
	}
}

// background runs a phase beside the next ones; Wait joins it.
func (b *builder) background(name string, run func()) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Go(func() { b.phase(name, run) })
	return &wg
}

func (b *builder) addErr(err error) {
	b.mu.Lock()
	b.errs.Append(err)
	b.mu.Unlock()
}

func (b *builder) write(name string, data []byte) {
	if err := b.out.Write(name, data); err != nil {
		b.addErr(&diag.Error{Pos: diag.Pos{File: name}, Msg: "cannot write: " + err.Error()})
	}
}

// writeUnkeyed writes an output that is cheap to make and made by every
// build (an alias, robots.txt).
func (b *builder) writeUnkeyed(name string, data []byte) {
	b.write(name, data)
	if b.keys != nil {
		b.keys.memo.wrote(name)
	}
}

// emit writes the output name: the bytes a Session kept for it when key is
// the key they were made with, else what make writes into a buffer (and
// the Session keeps them). key is only called within a Session.
//
// It returns the bytes written when a Session keeps them, else nil.
func (b *builder) emit(name string, key func() uint64, make func(*bytes.Buffer) error) []byte {
	var k uint64
	if b.keys != nil {
		k = key()
		if data, ok := b.keys.output(name, k); ok {
			b.write(name, data)
			return data
		}
	}
	buf := b.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer b.bufs.Put(buf)
	if err := make(buf); err != nil {
		b.addErr(err)
		return nil
	}
	data := buf.Bytes()
	if b.keys != nil || b.out.retains() {
		data = bytes.Clone(data)
	}
	b.write(name, data)
	b.keys.keepOutput(name, k, data)
	if b.keys == nil {
		return nil
	}
	return data
}

func (b *builder) loadConfig() {
	src, err := fs.ReadFile(b.src, "site.yaml")
	if err != nil {
		b.errs.Add(diag.Pos{File: "site.yaml"}, "cannot read the site configuration", "a site.yaml file in the site folder")
		return
	}
	defer func() {
		if b.cfg != nil {
			b.setupImages()
		}
	}()
	if cfg, conv, ok := b.keys.config(src, b.opt.BaseURL); ok {
		b.cfg, b.conv = cfg, conv
		return
	}
	cfg, err := config.Parse("site.yaml", src)
	if err != nil {
		b.errs.Append(err)
		return
	}
	if b.opt.BaseURL != "" {
		override, err := config.Parse("--base-url", []byte(fmt.Sprintf("title: x\nbaseURL: %q\n", b.opt.BaseURL)))
		if err != nil {
			b.errs.Append(err)
			return
		}
		cfg.BaseURL = override.BaseURL
	}
	b.cfg = cfg
	b.conv = markdown.New(markdown.Options{UnsafeHTML: cfg.Markdown.UnsafeHTML, French: cfg.Markdown.Typography})
	b.keys.keepConfig(src, b.opt.BaseURL, cfg, b.conv)
}

func (b *builder) contentOptions() content.Options {
	return content.Options{
		Data: b.data.Values, DataKey: b.data.Key, RenderKey: b.keys.renderKey(),
		Drafts: b.opt.Drafts, Future: b.opt.Future, Expired: b.opt.Expired, Now: b.opt.Now,
		Typeset: b.conv.Typeset,
		Render:  renderer{b},
	}
}

func (b *builder) loadContent() {
	d, derr := data.Load(b.ctx, b.src)
	if derr != nil {
		b.errs.Append(derr)
	}
	b.data = d
	var (
		site  *content.Site
		warns diag.List
		err   error
	)
	if b.keys != nil {
		site, warns, err = b.keys.loadContent(b)
	} else {
		site, warns, err = content.Load(b.ctx, b.src, b.cfg, b.contentOptions())
	}
	b.res.Warnings = warns
	if err != nil {
		b.errs.Append(err)
	}
	b.site = site
}

func (b *builder) loadLayouts() {
	if set, ok := b.keys.layouts(); ok {
		b.layout = set
		return
	}
	conv := b.conv
	set, err := templates.Load(overlay.New(sub(b.src, "layouts"), sub(b.opt.Theme, "layouts")), templates.Options{
		BaseURL:     b.cfg.BaseURL,
		Markdownify: func(s string) template.HTML { return template.HTML(conv.Inline(s)) },
		Typeset:     conv.Typeset,
		Now:         b.opt.Now,
		Images:      b.images,
	})
	if err != nil {
		b.errs.Append(err)
		return
	}
	b.layout = set
	b.keys.keepLayouts(set)
}

// sub returns fsys when it has the folder dir, and nil otherwise, so that
// an overlay layer without layouts/ or static/ is simply absent.
func sub(fsys fs.FS, dir string) fs.FS {
	if fsys == nil {
		return nil
	}
	if _, err := fs.Stat(fsys, dir); err != nil {
		return nil
	}
	return fsys
}

// parallel calls fn(i) for i in [0, n) on the build's workers and reports
// progress under name.
func (b *builder) parallel(name string, n int, fn func(i int)) {
	var done atomic.Int64
	forEach(b.ctx, b.opt.Workers, n, func(i int) {
		fn(i)
		if b.opt.Progress != nil {
			if d := int(done.Add(1)); d%64 == 0 || d == n {
				b.opt.Progress(name, d, n)
			}
		}
	})
}

// forEach calls fn(i) for i in [0, n) on workers goroutines, until ctx ends.
// Each worker takes the next indexes a few at a time, so that a long run
// of quick calls (pages whose output is kept) does not make the workers
// contend for the counter at every index.
func forEach(ctx context.Context, workers, n int, fn func(i int)) {
	chunk := int64(max(1, n/(max(workers, 1)*256)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(n, 1)) {
		wg.Go(func() {
			for {
				end := next.Add(chunk)
				if ctx.Err() != nil {
					return
				}
				for i := end - chunk; i < end; i++ {
					if i >= int64(n) {
						return
					}
					fn(int(i))
				}
			}
		})
	}
	wg.Wait()
}
