// Package build runs alliance's pipeline: it loads a site folder, renders its
// Markdown and layouts, and writes the pages, feeds, calendars, sitemap and
// search index, in named phases that read as a list (see Render).
//
// # Publishing
//
// Build writes into a staging folder next to DEST and swaps it in only when
// every phase succeeded: a failed or killed build leaves DEST as it was. The
// staging folder is kept between builds, holding the previous version of
// the site: the next build overwrites its files in place (much cheaper than
// creating them) and removes those it did not write, whatever a failed or
// killed build left there.
//
// # Errors
//
// Every phase adds its errors to one diag.List; a build with errors writes
// nothing to DEST and returns the whole sorted list.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/overlay"
	"github.com/catalyseurs/alliance/internal/templates"
)

// Options configure one build.
type Options struct {
	Drafts  bool      // include drafts
	Future  bool      // include pages dated in the future
	BaseURL string    // overrides site.yaml's baseURL when set
	Now     time.Time // the build's clock; zero means time.Now()
	Theme   fs.FS     // the default theme: layouts/ and static/; may be nil
	Log     io.Writer // when set, each phase's time is printed there (-v)
	// Progress, when set, is called as pages are rendered, from the
	// build's workers: it must be safe for concurrent use.
	Progress func(phase string, done, total int)
	Workers  int // parallel workers; zero means GOMAXPROCS
	// TemplatesOnly runs every layout as a template, without the Go twins
	// of the default theme's layouts: for the tests that compare both.
	TemplatesOnly bool
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
	// Links found in each page's Markdown, for check.
	Links map[*content.Page][]markdown.Link

	fresh []string // a quick rebuild's outputs written again; the others were carried
}

// Phase is a named step of the pipeline and the time it took.
type Phase struct {
	Name     string
	Duration time.Duration
}

// Build builds the site in the folder src into dest: into a staging folder
// first, swapped in when complete. The staging folder (.NAME.staging next
// to dest) then holds the previous version, which the next build rewrites
// in place.
func Build(ctx context.Context, src, dest string, opt Options) (*Result, error) {
	site, err := newSiteFS(src)
	if err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: src}, Msg: "cannot open the site folder: " + err.Error()}
	}
	dest, err = filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if err := recoverDest(dest); err != nil {
		return nil, err
	}
	staging := stagingDir(dest)
	_, err = os.Lstat(staging)
	fresh := errors.Is(err, fs.ErrNotExist)
	if err := os.MkdirAll(staging, 0o755); err != nil {
		return nil, err
	}
	w := &DirWriter{Root: staging, Spread: fresh}
	if fresh {
		spread(staging)
	}
	w.Start()
	res, err := Render(ctx, site, w, opt)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = w.Finish()
	}
	if err != nil {
		// The staging folder is left as it is: the next build rewrites it.
		return res, err
	}
	if err := swapIn(staging, dest); err != nil {
		return res, fmt.Errorf("cannot publish %s: %w", dest, err)
	}
	return res, nil
}

// builder holds one run of the pipeline.
type builder struct {
	ctx    context.Context
	src    fs.FS
	out    *countingWriter
	opt    Options
	errs   diag.List
	cfg    *config.Config
	site   *content.Site
	conv   *markdown.Converter
	layout *templates.Set
	res    *Result
	mu     sync.Mutex // guards errs and res during parallel phases
	bufs   sync.Pool  // *bytes.Buffer for rendering pages
	inc    *incState  // a Session's memory of the previous build; nil for one-off builds

	// A Session's quick rebuild (see incState.quickRebuild): the outputs
	// of the previous build are carried, and only those that show one of
	// updated are made again.
	quick   bool
	updated []*content.Page
}

// Render runs the pipeline over the site in src and writes every output
// file to w. It returns the result and, if anything failed, a diag.List of
// every error found.
func Render(ctx context.Context, src fs.FS, w Writer, opt Options) (*Result, error) {
	return render(ctx, src, w, opt, nil)
}

// render runs the pipeline; inc, when set, holds the previous build of a
// Session and the source paths that changed since.
func render(ctx context.Context, src fs.FS, w Writer, opt Options, inc *incState) (*Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	b := &builder{
		ctx: ctx, src: src, opt: opt, inc: inc,
		out: &countingWriter{Writer: w, seen: make(map[string]bool, inc.size())},
		res: &Result{Pages: map[string]int{}, Links: map[*content.Page][]markdown.Link{}},
	}
	b.bufs.New = func() any { return new(bytes.Buffer) }
	start := time.Now()
	b.phase("config", b.loadConfig)
	restoreGC := relaxGC()
	b.phase("content", b.loadContent)
	restoreGC()
	if b.updated, b.quick = b.inc.quickRebuild(); b.quick && len(b.errs) == 0 {
		b.out.carry(b.inc.prev)
		b.inc.carry()
		b.res.Links = maps.Clone(b.inc.links)
	}
	b.phase("markdown", b.renderMarkdown)
	b.phase("layouts", b.loadLayouts)
	if len(b.errs) == 0 {
		// The search index needs only the pages' text: it is built while
		// the pages render.
		search := b.background("search", b.writeSearch)
		b.phase("pages", b.renderPages)
		b.phase("aliases", b.writeAliases)
		b.phase("feeds", b.writeFeeds)
		b.phase("calendars", b.writeCalendars)
		b.phase("sitemap", b.writeSitemap)
		b.phase("static", b.copyStatic)
		search.Wait()
	}
	b.res.Duration = time.Since(start)
	b.res.Files, b.res.Bytes = b.out.files, b.out.bytes
	if b.quick {
		b.res.fresh = b.out.fresh
	}
	b.res.Site = b.site
	if err := ctx.Err(); err != nil {
		return b.res, err
	}
	return b.res, b.errs.Err()
}

// contentGCPercent is the garbage collector's target while the content
// loads. That phase keeps nearly everything it allocates (the pages, their
// front matter and bodies) while the heap grows from nothing, so at the
// default target (100) the collector runs a dozen times and finds little
// to free: about a fifth of the phase's time at 10,000 pages. A higher
// target lets the heap grow first. Peak memory is unchanged (measured at
// 10,000 pages), since the heap is larger later, when the pages render.
const contentGCPercent = 800

// relaxGC raises the collector's target for the content phase, unless the
// user set GOGC, and returns the function that restores it. Builds that
// overlap (tests, a server) share the raised target: the last one out
// restores the old one.
func relaxGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	relaxed.Lock()
	defer relaxed.Unlock()
	if relaxed.n == 0 {
		relaxed.old = debug.SetGCPercent(contentGCPercent)
	}
	relaxed.n++
	return func() {
		relaxed.Lock()
		defer relaxed.Unlock()
		if relaxed.n--; relaxed.n == 0 {
			debug.SetGCPercent(relaxed.old)
		}
	}
}

// relaxed counts the builds in their content phase.
var relaxed struct {
	sync.Mutex
	n   int
	old int
}

// phase runs one step unless an earlier one failed in a way that makes it
// pointless (no configuration, no site), and times it.
func (b *builder) phase(name string, run func()) {
	if b.ctx.Err() != nil || (name != "config" && b.cfg == nil) || (name != "config" && name != "content" && b.site == nil) {
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
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.phase(name, run)
	}()
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

func (b *builder) loadConfig() {
	if b.inc.reuseConfig() {
		b.cfg, b.conv = b.inc.cfg, b.inc.conv
		return
	}
	b.inc.newConfig(nil, nil, nil) // forget it until this one parses
	src, err := fs.ReadFile(b.src, "site.yaml")
	if err != nil {
		b.errs.Add(diag.Pos{File: "site.yaml"}, "cannot read the site configuration", "a site.yaml file in the site folder")
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
	b.inc.newConfig(src, cfg, b.conv)
}

func (b *builder) loadContent() {
	opt := content.Options{Drafts: b.opt.Drafts, Future: b.opt.Future, Now: b.opt.Now}
	var site *content.Site
	var warns diag.List
	var err error
	if b.inc != nil {
		site, warns, err = b.inc.content.Load(b.ctx, b.src, b.cfg, opt, b.inc.changedList())
	} else {
		site, warns, err = content.Load(b.ctx, b.src, b.cfg, opt)
	}
	b.res.Warnings = warns
	if err != nil {
		var list diag.List
		if !errors.As(err, &list) {
			b.errs.Append(err)
			return
		}
		b.errs.Append(err)
	}
	b.site = site
}

func (b *builder) loadLayouts() {
	if b.inc.reuseLayouts() {
		b.layout = b.inc.layout
		return
	}
	conv := b.conv
	set, err := templates.Load(overlay.New(sub(b.src, "layouts"), sub(b.opt.Theme, "layouts")), templates.Options{
		BaseURL:       b.cfg.BaseURL,
		Markdownify:   func(s string) template.HTML { return template.HTML(conv.Inline(s)) },
		Typo:          conv.Typo,
		TemplatesOnly: b.opt.TemplatesOnly,
	})
	if err != nil {
		b.errs.Append(err)
		b.inc.newLayouts(nil) // read them again next time
		return
	}
	b.layout = set
	b.inc.newLayouts(set)
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
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(b.opt.Workers, max(n, 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || b.ctx.Err() != nil {
					return
				}
				fn(i)
				if b.opt.Progress != nil {
					if d := int(done.Add(1)); d%64 == 0 || d == n {
						b.opt.Progress(name, d, n)
					}
				}
			}
		}()
	}
	wg.Wait()
}

// sortedKinds lists the keys of a count map, for stable summaries.
func sortedKinds(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
