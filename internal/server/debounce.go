package server

import (
	"sort"
	"time"
)

// Debounce timing: a batch closes quiet after its last event, or at most
// maxWait after its first.
const (
	defaultQuiet   = 50 * time.Millisecond
	defaultMaxWait = 300 * time.Millisecond
)

// debouncer collects changed paths into batches. It is a plain state machine
// driven by the times its caller gives it, so tests need no clock.
type debouncer struct {
	quiet, maxWait time.Duration

	paths       map[string]bool
	full        bool // something changed that needs a full rebuild
	first, last time.Time
}

func newDebouncer(quiet, maxWait time.Duration) *debouncer {
	if quiet <= 0 {
		quiet = defaultQuiet
	}
	if maxWait < quiet {
		maxWait = max(defaultMaxWait, quiet)
	}
	return &debouncer{quiet: quiet, maxWait: maxWait, paths: map[string]bool{}}
}

// add records that p changed at now. An empty p asks for a full rebuild.
func (d *debouncer) add(p string, now time.Time) {
	if !d.pending() {
		d.first = now
	}
	d.last = now
	if p == "" {
		d.full = true
		return
	}
	d.paths[p] = true
}

func (d *debouncer) pending() bool { return d.full || len(d.paths) > 0 }

// deadline returns when the pending batch is due; ok is false when nothing
// is pending.
func (d *debouncer) deadline() (t time.Time, ok bool) {
	if !d.pending() {
		return time.Time{}, false
	}
	t = d.last.Add(d.quiet)
	if limit := d.first.Add(d.maxWait); limit.Before(t) {
		t = limit
	}
	return t, true
}

// flush returns the pending batch if it is due at now, sorted, and starts a
// new one. full reports that a full rebuild is needed.
func (d *debouncer) flush(now time.Time) (paths []string, full, ok bool) {
	t, pending := d.deadline()
	if !pending || now.Before(t) {
		return nil, false, false
	}
	for p := range d.paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	full = d.full
	d.paths = map[string]bool{}
	d.full = false
	return paths, full, true
}
