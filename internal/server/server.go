package server

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/catalyseurs/alliance/internal/build"
	"github.com/catalyseurs/alliance/internal/diag"
)

//go:embed reload.js
var reloadJS []byte

// Options configure a Server.
type Options struct {
	Dir   string        // the site folder: site.yaml, content/, ...
	Build build.Options // build options; BaseURL should be the server's own URL (see URL)

	Stdout io.Writer // one line per rebuild; nil discards
	Stderr io.Writer // build errors and watcher trouble; nil discards

	MaxClients int           // most live-reload connections at once; zero means 64
	Quiet      time.Duration // debounce: a batch closes this long after its last event; zero means 50 ms
	MaxWait    time.Duration // debounce: and at most this long after its first; zero means 300 ms
}

// Server builds a site into memory, serves it, and rebuilds it as its
// sources change. Create one with New; it is an http.Handler.
type Server struct {
	cfg  Options  // from New, with defaults applied
	root *os.Root // the site folder, opened by New
	sess *build.Session

	state    atomic.Pointer[state] // what requests see
	hub      *hub                  // live-reload clients
	serverID string                // random, new for each Server: tabs reload when it changes

	buildMu sync.Mutex // serializes Rebuild
	gen     int        // successful builds so far, under buildMu

	outMu sync.Mutex // serializes writes to Stdout and Stderr
}

// New returns a server for the site in cfg.Dir. It does not build yet.
func New(cfg Options) (*Server, error) {
	if cfg.MaxClients <= 0 {
		cfg.MaxClients = 64
	}
	if cfg.Stdout == nil {
		cfg.Stdout = io.Discard
	}
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	root, err := os.OpenRoot(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open the site folder: %w", err)
	}
	var id [6]byte
	rand.Read(id[:])
	s := &Server{
		cfg:      cfg,
		root:     root,
		sess:     build.NewSession(root.FS(), cfg.Build),
		hub:      newHub(cfg.MaxClients),
		serverID: hex.EncodeToString(id[:]),
	}
	s.state.Store(&state{id: s.buildID()})
	// The search index is refreshed after a rebuild's pages are served;
	// the new files replace the snapshot quietly (same build id, no reload).
	// The session calls this with its lock held and only if no build has
	// started since, so the state it replaces is that build's.
	s.sess.OnRefresh = func(snap *build.Snapshot) {
		cur := s.state.Load()
		if cur.errs == nil && cur.files != nil {
			s.state.CompareAndSwap(cur, &state{files: snap.Files, id: cur.id})
		}
	}
	return s, nil
}

// Close releases the site folder. Serve calls it when it returns.
func (s *Server) Close() error { return s.root.Close() }

// buildID names the current good build; buildMu is held or nothing runs.
func (s *Server) buildID() string { return s.serverID + "-" + strconv.Itoa(s.gen) }

// Rebuild builds the site again, given the source paths that changed
// (site-relative, slash-separated; nil means anything may have changed),
// then publishes the new snapshot and tells the browser tabs: "css" when
// only stylesheets under static/ changed, "reload" otherwise, nothing when no
// output changed. On failure the last good snapshot stays in service, the
// errors go to the tabs ("error") and to Stderr, and Rebuild returns them.
// This is what the watcher calls after each batch of changes.
func (s *Server) Rebuild(ctx context.Context, changed []string) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	snap, err := s.sess.Build(ctx, changed)
	elapsed := time.Since(start)
	old := s.state.Load()
	if err != nil {
		if ctx.Err() != nil {
			return err // stopping: not the site's fault
		}
		errs := toBuildErrors(err)
		data, _ := json.Marshal(errs)
		s.state.Store(&state{files: old.files, id: old.id, errs: errs, errJSON: string(data)})
		s.hub.broadcast(event{"error", string(data)})
		s.printErrors(err, old.files != nil)
		return err
	}
	s.gen++
	st := &state{files: snap.Files, id: s.buildID()}
	s.state.Store(st)
	switch {
	case old.errs != nil || old.files == nil:
		s.hub.broadcast(event{"reload", st.id})
	case len(snap.Changed) == 0:
		// Nothing to show.
	case cssOnly(changed):
		s.hub.broadcast(event{"css", st.id})
	default:
		s.hub.broadcast(event{"reload", st.id})
	}
	if s.gen == 1 && old.files == nil && old.errs == nil {
		s.printf(s.cfg.Stdout, "built in %d ms (%s)\n", elapsed.Milliseconds(), plural(len(snap.Files), "file"))
	} else {
		s.printf(s.cfg.Stdout, "rebuilt in %d ms (%s changed)\n", elapsed.Milliseconds(), plural(len(snap.Changed), "file"))
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// toBuildErrors turns a build error into the list the browser shows.
func toBuildErrors(err error) []buildError {
	var list diag.List
	list.Append(err)
	out := make([]buildError, 0, len(list))
	for _, e := range list {
		msg := e.Msg
		if e.Want != "" {
			msg += " (want " + e.Want + ")"
		}
		out = append(out, buildError{File: e.Pos.File, Line: e.Pos.Line, Message: msg})
	}
	return out
}

func (s *Server) printErrors(err error, serving bool) {
	var list diag.List
	list.Append(err)
	s.outMu.Lock()
	defer s.outMu.Unlock()
	for _, e := range list {
		fmt.Fprintln(s.cfg.Stderr, e)
	}
	if serving {
		fmt.Fprintf(s.cfg.Stderr, "build failed: %s; still serving the last good build\n", plural(len(list), "error"))
	} else {
		fmt.Fprintf(s.cfg.Stderr, "build failed: %s; serving an error page until it is fixed\n", plural(len(list), "error"))
	}
}

func (s *Server) printf(w io.Writer, format string, a ...any) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	fmt.Fprintf(w, format, a...)
}

// Server timeouts. The event stream extends its own write deadline.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 5 * time.Second
)

// Serve watches the site, builds it, and serves it on ln until ctx is done,
// then shuts down cleanly and closes the server. A failed first build does
// not stop it. It returns nil after a shutdown asked for by ctx.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	defer s.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	w, err := s.newWatcher()
	if err != nil {
		ln.Close()
		return err
	}
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	hs.RegisterOnShutdown(s.hub.close)

	// Watch first, so that a save during the first build is not lost.
	q := newQueue()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); w.run(ctx, q) }()
	go func() {
		defer wg.Done()
		s.Rebuild(ctx, nil)
		q.run(ctx, s.Rebuild)
	}()

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	select {
	case err = <-served: // the listener failed
		cancel()
	case <-ctx.Done():
		sctx, scancel := context.WithTimeout(context.Background(), shutdownTimeout)
		err = hs.Shutdown(sctx)
		scancel()
		if errors.Is(err, context.DeadlineExceeded) {
			hs.Close()
		}
		err = nil
	}
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// queue holds the changes waiting for a rebuild. Changes that arrive while
// a rebuild runs are merged, and give exactly one more rebuild.
type queue struct {
	mu      sync.Mutex
	pending map[string]bool
	full    bool
	wake    chan struct{} // capacity 1
}

func newQueue() *queue {
	return &queue{pending: map[string]bool{}, wake: make(chan struct{}, 1)}
}

// add queues changed paths; full asks for a full rebuild.
func (q *queue) add(paths []string, full bool) {
	q.mu.Lock()
	for _, p := range paths {
		q.pending[p] = true
	}
	q.full = q.full || full
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// take returns and clears the pending changes.
func (q *queue) take() (paths []string, full, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for p := range q.pending {
		paths = append(paths, p)
	}
	full, ok = q.full, q.full || len(paths) > 0
	q.pending, q.full = map[string]bool{}, false
	return paths, full, ok
}

// run calls rebuild for queued changes until ctx is done.
func (q *queue) run(ctx context.Context, rebuild func(context.Context, []string) error) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-q.wake:
		}
		paths, full, ok := q.take()
		if !ok {
			continue
		}
		if full {
			paths = nil
		} else if !buildInputs(paths) {
			continue // archetypes and the like: nothing to rebuild
		}
		rebuild(ctx, sortedCopy(paths))
	}
}

// Listen listens on bind:port. When the port is taken it tries the next
// ones, up to tries more; got is the port it listens on. Port 0 picks a
// free port.
func Listen(bind string, port, tries int) (ln net.Listener, got int, err error) {
	for p := port; ; p++ {
		ln, err = net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			return ln, ln.Addr().(*net.TCPAddr).Port, nil
		}
		if port == 0 || p >= port+tries || p >= 65535 || !errors.Is(err, syscall.EADDRINUSE) {
			return nil, 0, err
		}
	}
}

// URL returns the http URL, with a final slash, at which a listener's
// address is reached from this machine: an unspecified address
// ("0.0.0.0", "::") gives 127.0.0.1.
func URL(addr net.Addr) string {
	host, port := "127.0.0.1", "0"
	if a, ok := addr.(*net.TCPAddr); ok {
		port = strconv.Itoa(a.Port)
		if a.IP != nil && !a.IP.IsUnspecified() {
			host = a.IP.String()
		}
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
