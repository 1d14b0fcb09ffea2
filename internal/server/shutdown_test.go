package server

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/build"
)

// TestShutdownWithOpenStream checks that stopping the server ends the
// live-reload streams instead of waiting for them.
func TestShutdownWithOpenStream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site")
	}
	dir := t.TempDir()
	writeSite(t, dir, fixture)
	ln, _, err := Listen("127.0.0.1", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	url := URL(ln.Addr())
	s, err := New(Options{Dir: dir, Build: build.Options{Theme: alliance.Theme(), BaseURL: url}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()

	resp, err := http.Get(url + "__alliance/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 64)
	resp.Body.Read(buf) // the stream is open
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("shutdown took %v", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return with a stream open")
	}
}
