package server

import (
	"context"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 6, 2, 13, 0, 0, 0, time.UTC)

func ms(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }

func TestDebouncerOneBatch(t *testing.T) {
	d := newDebouncer(50*time.Millisecond, 300*time.Millisecond)
	if _, ok := d.deadline(); ok {
		t.Fatal("empty debouncer has a deadline")
	}
	// One save as an editor does it: temp file renamed, then written again.
	d.add("content/actualites/x.md", ms(0))
	d.add("content/actualites/x.md", ms(5))
	d.add("content/actualites/y.md", ms(20))
	if dl, _ := d.deadline(); !dl.Equal(ms(70)) {
		t.Errorf("deadline = %v, want 70 ms after the start", dl.Sub(t0))
	}
	if _, _, ok := d.flush(ms(69)); ok {
		t.Fatal("flushed before the quiet period ended")
	}
	paths, full, ok := d.flush(ms(70))
	if !ok || full {
		t.Fatalf("flush at 70 ms = ok %v, full %v; want a batch", ok, full)
	}
	if want := []string{"content/actualites/x.md", "content/actualites/y.md"}; !slices.Equal(paths, want) {
		t.Errorf("batch = %q, want %q", paths, want)
	}
	if _, _, ok := d.flush(ms(500)); ok {
		t.Error("a second batch came out of nothing")
	}
}

func TestDebouncerMaxWait(t *testing.T) {
	d := newDebouncer(50*time.Millisecond, 300*time.Millisecond)
	// An event every 40 ms never leaves 50 ms of quiet: the batch closes
	// 300 ms after its first event.
	n := 0
	for at := 0; at < 1000; at += 40 {
		if paths, _, ok := d.flush(ms(at)); ok {
			n++
			if at != 320 {
				t.Errorf("batch %d closed at %d ms, want 320 ms (first due time at or after 300 ms)", n, at)
			}
			if len(paths) != 1 {
				t.Errorf("batch = %q", paths)
			}
			break
		}
		d.add("static/css/site.css", ms(at))
	}
	if n != 1 {
		t.Fatalf("%d batches, want 1", n)
	}
}

func TestDebouncerFull(t *testing.T) {
	d := newDebouncer(0, 0)
	d.add("content/a.md", ms(0))
	d.add("", ms(1))
	paths, full, ok := d.flush(ms(1000))
	if !ok || !full || !slices.Equal(paths, []string{"content/a.md"}) {
		t.Errorf("flush = %q, full %v, ok %v; want the path and a full rebuild", paths, full, ok)
	}
}

func TestQueueMergesWhileBuilding(t *testing.T) {
	q := newQueue()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{})
	release := make(chan struct{})
	var calls [][]string
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.run(ctx, func(_ context.Context, paths []string) error {
			calls = append(calls, paths)
			if len(calls) == 1 {
				close(started)
				<-release
			}
			if len(calls) == 2 {
				cancel()
			}
			return nil
		})
	}()
	q.add([]string{"content/a.md"}, false)
	<-started
	// Three batches while the first rebuild runs: one more rebuild.
	q.add([]string{"content/b.md"}, false)
	q.add([]string{"content/c.md"}, false)
	q.add([]string{"content/b.md", "layouts/x.html"}, false)
	close(release)
	<-done
	want := [][]string{{"content/a.md"}, {"content/b.md", "content/c.md", "layouts/x.html"}}
	if len(calls) != 2 || !slices.Equal(calls[0], want[0]) || !slices.Equal(calls[1], want[1]) {
		t.Errorf("rebuilds = %q, want %q", calls, want)
	}
}
