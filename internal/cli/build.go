package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/build"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/templates"
)

// siteFlags are the flags build, serve and check share.
type siteFlags struct {
	src                     string
	drafts, future, expired bool
}

func (f *siteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.src, "s", ".", "site folder (holds site.yaml and content/)")
	fs.StringVar(&f.src, "source", ".", "site folder (same as -s)")
	fs.BoolVar(&f.drafts, "drafts", false, "include drafts")
	fs.BoolVar(&f.future, "future", false, "include pages dated in the future")
	// Hugo's names, for its users' habits.
	fs.BoolVar(&f.drafts, "D", false, "include drafts (Hugo's name for --drafts)")
	fs.BoolVar(&f.drafts, "buildDrafts", false, "include drafts (Hugo's name for --drafts)")
	fs.BoolVar(&f.future, "F", false, "include pages dated in the future (Hugo's name for --future)")
	fs.BoolVar(&f.future, "buildFuture", false, "include pages dated in the future (Hugo's name for --future)")
	fs.BoolVar(&f.expired, "expired", false, "include pages whose expiryDate is past")
	fs.BoolVar(&f.expired, "E", false, "include pages whose expiryDate is past (Hugo's name for --expired)")
	fs.BoolVar(&f.expired, "buildExpired", false, "include pages whose expiryDate is past (Hugo's name for --expired)")
}

// siteHere checks that the site folder has a site.yaml, and says what to
// do when it has none.
func (f *siteFlags) siteHere(cmd string, stderr io.Writer) bool {
	if _, err := os.Stat(filepath.Join(f.src, "site.yaml")); err == nil {
		return true
	}
	where := f.src
	if where == "." {
		where = "this folder"
	}
	fmt.Fprintf(stderr, "alliance %s: %s has no site.yaml, so it is not a site folder.\n", cmd, where)
	fmt.Fprintln(stderr, "  To start a site:        alliance new site monsite, then alliance build -s monsite")
	fmt.Fprintln(stderr, "  To build another folder: alliance "+cmd+" -s FOLDER")
	fmt.Fprintln(stderr, "  A site.yaml needs at least:")
	fmt.Fprintln(stderr, "    title: \"Mon site\"")
	fmt.Fprintln(stderr, "    baseURL: \"https://example.org/\"")
	fmt.Fprintln(stderr, "  beside a content/ folder of Markdown files.")
	return false
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	var sf siteFlags
	sf.register(fs)
	dest := fs.String("d", "", "output folder (default SRC/public)")
	fs.StringVar(dest, "destination", "", "output folder (same as -d)")
	baseURL := fs.String("base-url", "", "base URL, overriding site.yaml's baseURL")
	fs.StringVar(baseURL, "b", "", "base URL (Hugo's name for --base-url)")
	fs.StringVar(baseURL, "baseURL", "", "base URL (Hugo's name for --base-url)")
	verbose := fs.Bool("v", false, "print each phase's time and the warnings")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile (pprof) to this file at the end")
	pos, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return usageError(stderr, "build", "%v", err)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer func() {
			if f, err := os.Create(*memProfile); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	if len(pos) > 0 {
		return usageError(stderr, "build", "unexpected argument %q", pos[0])
	}
	if !sf.siteHere("build", stderr) {
		return ExitSite
	}
	if *dest == "" {
		*dest = filepath.Join(sf.src, "public")
	}
	opt := build.Options{Drafts: sf.drafts, Future: sf.future, Expired: sf.expired, BaseURL: *baseURL, Theme: alliance.Theme(), ImageCache: sf.imageCache(), EditionCache: sf.editionCache()}
	if *verbose {
		opt.Log = stdout
	}
	progress := newProgress(stderr)
	opt.Progress = progress.update
	res, err := build.Build(ctx, sf.src, *dest, opt)
	progress.clear()
	if err != nil {
		return reportErrors(stderr, err)
	}
	for _, w := range res.Broken {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	for _, w := range res.ImageFindings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if *verbose {
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		if s := res.Site; s != nil {
			for _, l := range s.LeftOut {
				fmt.Fprintf(stderr, "left out: %s (%s; %s)\n", l.File, l.Reason, leftOutHint[l.Reason])
			}
		}
	}
	printSummary(stdout, res, *dest)
	return ExitOK
}

// leftOutHint says how to build what a build left out.
var leftOutHint = map[string]string{
	"draft":   "--drafts to include it",
	"future":  "dated in the future; --future to include it",
	"expired": "past its expiryDate; --expired to include it",
}

// reportErrors prints every error of a failed build, then a count.
func reportErrors(stderr io.Writer, err error) int {
	var list diag.List
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "alliance: %d error(s); nothing was published\n", len(list))
		return ExitSite
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "alliance: interrupted; nothing was published")
		return ExitSite
	}
	fmt.Fprintf(stderr, "alliance: %v\n", err)
	return ExitSite
}

func printSummary(w io.Writer, res *build.Result, dest string) {
	var parts []string
	for _, k := range []string{"news", "charter", "event", "page", "list", "tags", "other"} {
		if n := res.Pages[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	fmt.Fprintf(w, "Built %s in %s\n", dest, res.Duration.Round(time.Millisecond))
	fmt.Fprintf(w, "  pages:     %s\n", strings.Join(parts, ", "))
	fmt.Fprintf(w, "  feeds:     %d, calendars: %d\n", res.Feeds, res.Calendar)
	fmt.Fprintf(w, "  files:     %d (%.1f MB)\n", res.Files, float64(res.Bytes)/1e6)
	if im := res.Images; im.Encodes+im.MemoryHits+im.DiskHits > 0 {
		fmt.Fprintf(w, "  images:    %d decoded, %d encoded, %d from the cache\n", im.Decodes, im.Encodes, im.MemoryHits+im.DiskHits)
	}
	if s := res.Site; s != nil {
		if s.Excluded() > 0 {
			fmt.Fprintf(w, "  left out:  %d draft, future or expired page(s)\n", s.Excluded())
		}
		if !s.NextChange.IsZero() {
			t := s.NextChange.In(s.Config.Location)
			fmt.Fprintf(w, "  next change by itself: %s (%s); rebuild then\n", t.Format("2006-01-02 15:04 MST"), templates.DateFR("Monday 2 January 2006", t))
		}
	}
}

// progress draws a live progress line on a terminal, and nothing elsewhere.
type progress struct {
	w     io.Writer
	on    bool
	mu    sync.Mutex // update is called from the build's workers
	drawn bool
	last  time.Time
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, on: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) update(phase string, done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 100*time.Millisecond && done != total {
		return
	}
	p.last = time.Now()
	p.drawn = true
	fmt.Fprintf(p.w, "\r\x1b[K  %s %d/%d", phase, done, total)
}

func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
