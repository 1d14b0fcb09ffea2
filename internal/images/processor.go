package images

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
	"golang.org/x/text/unicode/norm"
)

// Options configure a [Processor]. Zero fields take the defaults.
type Options struct {
	// CacheDir is the folder where processed images are kept between
	// builds (the engine passes SRC/.alliance/images). Required.
	CacheDir string
	// Widths are the widths of Responsive, in pixels (default 480, 800,
	// 1200, 1600).
	Widths []int
	// Quality is the JPEG and WebP quality, 1 to 100 (default 80).
	Quality int
	// MaxPixels is the largest image accepted, in pixels, all frames of a
	// GIF counted (default 50,000,000).
	MaxPixels int64
	// MemoryBudget bounds, in bytes, the estimated memory of the files
	// being read and the images being decoded and derived at once
	// (default 256 MiB). An image larger than the budget is processed
	// alone.
	MemoryBudget int64
	// Workers is how many images are processed at once, and how many
	// encoders run at once (default GOMAXPROCS).
	Workers int
}

// The defaults of [Options].
const (
	DefaultQuality      = 80
	DefaultMaxPixels    = 50_000_000
	DefaultMemoryBudget = 256 << 20
)

// DefaultWidths returns the default widths of Responsive.
func DefaultWidths() []int { return []int{480, 800, 1200, 1600} }

// Processor processes images and keeps the results in its cache. It is
// safe for concurrent use; one Processor serves a whole build, or a whole
// serve session (its memory layer then spares the disk).
type Processor struct {
	opts  Options
	cache *cache

	slots   *semaphore.Weighted // images being processed (Workers)
	memory  *semaphore.Weighted // estimated bytes of those images (MemoryBudget)
	encoder *semaphore.Weighted // encoders running (Workers)

	mu      sync.Mutex
	sources map[string]*sourceLock // by source hash: one producer at a time
	used    map[string]bool        // cache keys used since New

	decodes, encodes, memHits, diskHits, redone atomic.Int64
}

type sourceLock struct {
	mu   sync.Mutex
	refs int
}

// New returns a Processor with its cache in opts.CacheDir.
func New(opts Options) (*Processor, error) {
	if opts.CacheDir == "" {
		return nil, errors.New("images: no cache folder")
	}
	if opts.Widths == nil {
		opts.Widths = DefaultWidths()
	}
	opts.Widths = slices.Clone(opts.Widths)
	slices.Sort(opts.Widths)
	opts.Widths = slices.Compact(opts.Widths)
	for _, w := range opts.Widths {
		if w < 1 || w > maxSide {
			return nil, fmt.Errorf("images: width %d out of range (want 1 to %d)", w, maxSide)
		}
	}
	if opts.Quality == 0 {
		opts.Quality = DefaultQuality
	}
	if opts.Quality < 1 || opts.Quality > 100 {
		return nil, fmt.Errorf("images: quality %d out of range (want 1 to 100)", opts.Quality)
	}
	if opts.MaxPixels <= 0 {
		opts.MaxPixels = DefaultMaxPixels
	}
	if opts.MemoryBudget <= 0 {
		opts.MemoryBudget = DefaultMemoryBudget
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	return &Processor{
		opts:    opts,
		cache:   newCache(opts.CacheDir),
		slots:   semaphore.NewWeighted(int64(opts.Workers)),
		memory:  semaphore.NewWeighted(opts.MemoryBudget),
		encoder: semaphore.NewWeighted(int64(opts.Workers)),
		sources: map[string]*sourceLock{},
		used:    map[string]bool{},
	}, nil
}

// Result is one processed image, kept in the cache.
type Result struct {
	// Name is the output's file name, content-addressed and stable:
	// STEM-HASH-800w.webp for a width, STEM-HASH-1200x630.jpg otherwise,
	// with HASH the start of the output's SHA-256.
	Name string
	// Path is the cache file that holds the bytes: copy or link it into
	// the site.
	Path          string
	Key           string // the cache entry's key, for Prune
	Format        Format
	Width, Height int
	Size          int64
	Hash          string // hex SHA-256 of the output
}

// Set is a source's responsive variants: one per width, in WebP and in a
// fallback format, for a <picture> whose WebP <source> and <img> list the
// same widths.
type Set struct {
	Width, Height int      // the source's, upright
	WebP          []Result // by ascending width; nil for an animated GIF
	Fallback      []Result // same widths: JPEG, PNG or GIF, as the source
}

// Stats are the Processor's counters since New.
type Stats struct {
	Decodes    int64 // source images decoded
	Encodes    int64 // output images encoded
	MemoryHits int64 // outputs found in the memory layer
	DiskHits   int64 // outputs found in the cache folder
	Redone     int64 // cache entries found broken and made again
}

// Stats returns the counters.
func (p *Processor) Stats() Stats {
	return Stats{Decodes: p.decodes.Load(), Encodes: p.encodes.Load(),
		MemoryHits: p.memHits.Load(), DiskHits: p.diskHits.Load(), Redone: p.redone.Load()}
}

// Widths returns the widths of Responsive for src: the configured widths
// up to the source's width, or the source's width alone when it is
// narrower than all of them (images are never enlarged).
func (p *Processor) Widths(src *Source) []int {
	var ws []int
	for _, w := range p.opts.Widths {
		if w <= src.Width {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		ws = []int{src.Width}
	}
	return ws
}

// Responsive makes the variants of src at every width of Widths, in WebP
// and in the fallback format, decoding src at most once.
func (p *Processor) Responsive(ctx context.Context, src *Source) (Set, error) {
	ws := p.Widths(src)
	fallback := fallbackFormat(src)
	var ops []Op
	for _, w := range ws {
		ops = append(ops, Op{Action: Resize, Width: w, Format: fallback})
		if !src.Animated() {
			ops = append(ops, Op{Action: Resize, Width: w, Format: WebP})
		}
	}
	rs, err := p.Process(ctx, src, ops...)
	if err != nil {
		return Set{}, err
	}
	set := Set{Width: src.Width, Height: src.Height}
	for i, r := range rs {
		if ops[i].Format == WebP {
			set.WebP = append(set.WebP, r)
		} else {
			set.Fallback = append(set.Fallback, r)
		}
	}
	return set, nil
}

// fallbackFormat is the format of a source's non-WebP variants: its own,
// or for a WebP source, PNG when it may have transparency and JPEG else.
func fallbackFormat(src *Source) Format {
	if src.Format != WebP {
		return src.Format
	}
	if src.alpha {
		return PNG
	}
	return JPEG
}

// Apply parses spec as [ParseOp] does and runs the operation on src: the
// layouts' .Resize "800x webp", .Fit "600x400", .Fill "1200x630".
func (p *Processor) Apply(ctx context.Context, src *Source, a Action, spec string) (Result, error) {
	op, err := ParseOp(a, spec)
	if err != nil {
		return Result{}, err
	}
	rs, err := p.Process(ctx, src, op)
	if err != nil {
		return Result{}, err
	}
	return rs[0], nil
}

// Process runs every op on src and returns one Result per op, in order.
// Results found in the cache cost no decoding; the others share one decode
// of src. An animated GIF stays animated in GIF; in another format its
// first frame is used.
func (p *Processor) Process(ctx context.Context, src *Source, ops ...Op) ([]Result, error) {
	if src.Format == SVG {
		return nil, &Error{Name: src.Name, Kind: Unsupported, Format: SVG}
	}
	plans := make([]plan, len(ops))
	keys := make([]string, len(ops))
	for i, op := range ops {
		pl, err := resolve(op, src, p.opts.Quality)
		if err != nil {
			return nil, fmt.Errorf("image %q: %v", src.Name, err)
		}
		plans[i], keys[i] = pl, cacheKey(src.Hash, pl)
	}

	unlock := p.lockSource(src.Hash)
	defer unlock()

	entries := make([]entry, len(ops))
	var missing []int
	for i, k := range keys {
		e, where := p.cache.get(k)
		switch where {
		case inMemory:
			p.memHits.Add(1)
		case onDisk:
			p.diskHits.Add(1)
		case broken:
			p.redone.Add(1)
			fallthrough
		default:
			if !slices.ContainsFunc(missing, func(j int) bool { return keys[j] == k }) {
				missing = append(missing, i)
			}
			continue
		}
		entries[i] = e
	}
	if len(missing) > 0 {
		made, err := p.produce(ctx, src, plans, keys, missing)
		if err != nil {
			return nil, err
		}
		for i := range entries {
			if e, ok := made[keys[i]]; ok {
				entries[i] = e
			}
		}
	}

	p.mu.Lock()
	for _, k := range keys {
		p.used[k] = true
	}
	p.mu.Unlock()

	stem := outputStem(src.Name)
	out := make([]Result, len(ops))
	for i, e := range entries {
		size := fmt.Sprintf("-%dx%d", e.Width, e.Height)
		if ops[i].Action == Resize && ops[i].Height == 0 {
			size = fmt.Sprintf("-%dw", e.Width)
		}
		out[i] = Result{
			Name:   stem + "-" + e.Hash[:10] + size + e.Format.Ext(),
			Path:   p.cache.dataPath(keys[i], e.Format),
			Key:    keys[i],
			Format: e.Format, Width: e.Width, Height: e.Height, Size: e.Size, Hash: e.Hash,
		}
	}
	return out, nil
}

// lockSource makes the producers of one source wait for each other, so
// that a second one finds the first one's outputs in the cache.
func (p *Processor) lockSource(hash string) (unlock func()) {
	p.mu.Lock()
	l := p.sources[hash]
	if l == nil {
		l = &sourceLock{}
		p.sources[hash] = l
	}
	l.refs++
	p.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		p.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(p.sources, hash)
		}
		p.mu.Unlock()
	}
}

// estimate is the memory, in bytes, that processing src takes at most:
// the decoded pixels, the pyramid and the outputs.
func (p *Processor) estimate(src *Source) int64 {
	px := int64(src.Width) * int64(src.Height) * int64(src.Frames)
	perPixel := int64(4) // YCbCr planes, pyramid, outputs
	if src.Format != JPEG {
		perPixel = 10 // the decoder's image, RGBA, pyramid, outputs
	}
	return min(px*perPixel+(1<<20), p.opts.MemoryBudget)
}

// produce decodes src once and makes the outputs of plans[missing].
func (p *Processor) produce(ctx context.Context, src *Source, plans []plan, keys []string, missing []int) (map[string]entry, error) {
	if err := p.slots.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	defer p.slots.Release(1)
	weight := p.estimate(src)
	if err := p.memory.Acquire(ctx, weight); err != nil {
		return nil, err
	}
	defer p.memory.Release(weight)

	type job struct {
		key    string
		plan   plan
		still  *picture   // a still output, or
		frames []*picture // the frames of an animated GIF output
		pal    color.Palette
	}
	jobs := make([]job, 0, len(missing))
	data, err := src.bytes()
	if err != nil {
		return nil, err
	}
	fail := func(err error) error {
		return &Error{Name: src.Name, Kind: decodeErrorKind(src.Format, data, err), Format: src.Format, Err: err}
	}

	var anim *animation
	if src.Animated() && slices.ContainsFunc(missing, func(i int) bool { return plans[i].format == GIF }) {
		a, err := decodeAnimation(data)
		if err != nil {
			return nil, fail(err)
		}
		p.decodes.Add(1)
		anim = a
	}
	var still *pyramid
	if anim != nil { // a still output of an animation is its first frame
		first := *anim.frames[0]
		first.pal = anim.palettes[0]
		still = &pyramid{levels: []*picture{&first}}
	}
	o := src.Orientation
	storedW, storedH := src.Width, src.Height
	if o >= 5 {
		storedW, storedH = src.Height, src.Width
	}
	for _, i := range missing {
		pl := plans[i]
		j := job{key: keys[i], plan: pl}
		win := storedWindow(o, pl.win, storedW, storedH)
		w, h := pl.w, pl.h
		if o >= 5 {
			w, h = pl.h, pl.w
		}
		if anim != nil && pl.format == GIF {
			for _, fr := range anim.frames {
				py := &pyramid{levels: []*picture{fr}}
				j.frames = append(j.frames, py.derive(win, w, h, o))
			}
		} else {
			if still == nil {
				pic, err := decodeStill(src.Format, data)
				if err != nil {
					return nil, fail(err)
				}
				p.decodes.Add(1)
				still = &pyramid{levels: []*picture{pic}}
			}
			j.still = still.derive(win, w, h, o)
			j.pal = still.levels[0].pal
		}
		jobs = append(jobs, j)
	}
	var timing *animation // the animation without its frames
	if anim != nil {
		timing = &animation{delays: anim.delays, loop: anim.loop, palettes: anim.palettes}
	}
	still, anim, data = nil, nil, nil // every output is derived: let the source go

	made := make(map[string]entry, len(jobs))
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	for _, j := range jobs {
		g.Go(func() error {
			if err := p.encoder.Acquire(gctx, 1); err != nil {
				return err
			}
			defer p.encoder.Release(1)
			var data []byte
			var err error
			if j.frames != nil {
				data, err = encodeAnimation(j.frames, timing)
			} else {
				data, err = encode(j.still, j.plan.format, j.plan.quality, j.pal)
			}
			if err != nil {
				return fmt.Errorf("image %q: encoding %s: %w", src.Name, j.plan.format, err)
			}
			p.encodes.Add(1)
			e, err := p.cache.put(j.key, j.plan.format, j.plan.w, j.plan.h, data)
			if err != nil {
				return err
			}
			mu.Lock()
			made[j.key] = e
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return made, nil
}

// outputStem is the start of output names: the source's base name without
// its extension, in lower-case ASCII letters, digits and hyphens.
func outputStem(name string) string {
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(base) {
		r = unicode.ToLower(r)
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		default:
			hyphen = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	if b.Len() == 0 {
		return "image"
	}
	return b.String()
}
