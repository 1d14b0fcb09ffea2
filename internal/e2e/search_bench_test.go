package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/catalyseurs/alliance/internal/browsertest"
	"github.com/catalyseurs/alliance/internal/search"
	"github.com/catalyseurs/alliance/internal/testsite"
)

// benchQueries are the queries TestSearchBytesVsPagefind measures.
var benchQueries = []string{"fondation", "fondations", "économie", "économie sociale", "financements hybrides",
	"charte", "alliances", "territoire", "webinaire", "gouvernance partagée"}

// TestSearchBytesVsPagefind measures, side by side in headless Chromium,
// what a reader's first query costs with alliance's search and with
// Pagefind on the same built site. It is a benchmark run by hand
// (scripts/bench-search.sh), skipped unless ALLIANCE_PAGEFIND names the
// pagefind executable (1.6.0).
//
// It generates a site of ALLIANCE_SEARCH_PAGES pages (10,000 by default),
// builds it with alliance (e-mail editions off), then runs
// "pagefind --site" on the same output folder (Pagefind writes its own
// pagefind/ folder only, and by default indexes every page's whole
// <body>). It logs the size of both indexes and Pagefind's indexing wall
// time.
//
// Each measurement (one query, one engine) runs in a fresh headless
// Chromium with the HTTP cache disabled (Network.setCacheDisabled), on the
// folder served on 127.0.0.1 without compression. After a warm-up load of
// a blank page (not counted), the browser loads
//
//   - alliance: /search/?q=QUERY, whose script runs the query from the
//     address; done when the first results are inserted in
//     #search-results. The count is the page's "N résultats", checked
//     against search.Reader.
//   - Pagefind: a blank page of the same server whose module script runs
//     import('/pagefind/pagefind.js'), init(), search(QUERY) and loads
//     the data of the first 10 results (what a results page shows;
//     alliance shows 10); the count is results.length.
//
// For each it records:
//
//   - reqs and served: the requests, and the bytes the server wrote for
//     them (status lines, headers and bodies, counted on its connections),
//     from navigation to the results, the page itself, its style sheet and
//     scripts included (the browser's favicon requests left out);
//   - gzip: the same with each body gzip'd (best compression, the file
//     read from disk by URL), as a host that compresses would serve it
//     (Pagefind's index files are gzip'd already: they barely change);
//   - search, search gz: of these, the engine's own files only (alliance:
//     /js/search.js, /search-index.json and /search/*; Pagefind:
//     /pagefind/*);
//   - nav: milliseconds from navigation start (performance.timeOrigin)
//     to the results;
//   - query: milliseconds from the moment the engine's script, loaded, is
//     asked the query to the results: for alliance search.js's first
//     fetch (it starts the query from ?q= as it runs), for Pagefind the
//     moment import() has resolved, before init() and search(). Both
//     leave out loading the engine's script and count everything the
//     query then loads (entry file, WebAssembly, index, results' data).
//
// The bytes are counted by the server, not summed from the browser's
// Network.loadingFinished encodedDataLength: Pagefind 1.6 loads its index
// in a Web Worker, whose requests Chromium reports to the worker's own
// DevTools target, which chromedp does not attach (the page's target sees
// the worker's script start, not end). The requests the page's target
// reports whole are checked against the server's: each one answered,
// their encodedDataLength summing to the bytes the server wrote for them;
// for alliance, that is every request.
//
// The test asserts that each measurement loaded something and that
// fondation finds pages with both engines, never anything about timing.
func TestSearchBytesVsPagefind(t *testing.T) {
	pagefind := os.Getenv("ALLIANCE_PAGEFIND")
	if pagefind == "" {
		t.Skip("ALLIANCE_PAGEFIND is not set: set it to the pagefind 1.6.0 executable to run this benchmark (scripts/bench-search.sh does)")
	}
	pages := searchPages(t, 10000)
	if browsertest.Path() == "" {
		missing(t, "no Chromium found (set ALLIANCE_CHROMIUM)")
	}

	// The site, built by alliance.
	src := t.TempDir()
	if err := testsite.Generate(src, testsite.Options{Pages: pages}); err != nil {
		t.Fatal(err)
	}
	if err := appendFile(filepath.Join(src, "site.yaml"), "email: { editions: false }\n"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	dir, err := buildSite(t, src)
	if err != nil {
		t.Fatal(err)
	}
	buildTime := time.Since(start)
	allianceFiles, allianceBytes := treeSize(t, dir, func(rel string) bool {
		return rel == "search-index.json" || strings.HasPrefix(rel, "search/") && rel != "search/index.html"
	})
	reader, err := search.NewReader(func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))) })
	if err != nil {
		t.Fatal(err)
	}

	// Pagefind's index of the same output.
	start = time.Now()
	out, err := exec.Command(pagefind, "--site", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("pagefind --site: %v\n%s", err, out)
	}
	pagefindTime := time.Since(start)
	version, _ := exec.Command(pagefind, "--version").Output()
	pagefindFiles, pagefindBytes := treeSize(t, dir, func(rel string) bool { return strings.HasPrefix(rel, "pagefind/") })
	var indexed []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "Indexed ") {
			indexed = append(indexed, strings.TrimPrefix(l, "Indexed "))
		}
	}
	// Written after Pagefind ran, so that it is not indexed.
	if err := os.WriteFile(filepath.Join(dir, "bench-pagefind.html"), []byte(pagefindPage), 0o644); err != nil {
		t.Fatal(err)
	}

	base, wire := serveWire(t, dir)
	sizes := newFileSizes(dir)
	var runs []benchRun
	for i, q := range benchQueries {
		engines := []string{"alliance", "pagefind"}
		if i%2 == 1 { // each engine goes first every other query
			slices.Reverse(engines)
		}
		for _, engine := range engines {
			t.Run(engine+"/"+q, func(t *testing.T) {
				r := measureSearch(t, base, engine, q, wire, sizes)
				if engine == "alliance" {
					if want := len(goSearch(t, dir, search.Params{Query: q})); r.Results != want {
						t.Errorf("%s: the page reports %d results, search.Reader %d", q, r.Results, want)
					}
				}
				if r.Requests == 0 || r.Served <= 0 || r.Gzip <= 0 || r.Search <= 0 || r.SearchGzip <= 0 || r.NavMS <= 0 {
					t.Errorf("%s %s: nothing measured: %+v", engine, q, r)
				}
				if q == "fondation" && r.Results == 0 {
					t.Errorf("%s finds no page for fondation", engine)
				}
				runs = append(runs, r)
			})
		}
	}

	t.Logf("site: %d generated pages, built by alliance (the whole site) in %.1f s", pages, buildTime.Seconds())
	t.Logf("alliance index: %d pages, %d files, %.1f MB", reader.Count(), allianceFiles, float64(allianceBytes)/1e6)
	t.Logf("%s: indexed in %.1f s (wall); %s; %d files, %.1f MB (its UI files included)", strings.TrimSpace(string(version)),
		pagefindTime.Seconds(), strings.Join(indexed, ", "), pagefindFiles, float64(pagefindBytes)/1e6)
	t.Logf("each query in a fresh Chromium, cache disabled, served uncompressed on 127.0.0.1; KB = 1,000 bytes; ms from navigation start (nav) and from the query (query) to the first results")
	t.Log(benchTable(runs))
	for _, engine := range []string{"alliance", "pagefind"} {
		lo, hi := -1, 0
		for _, r := range runs {
			if r.Engine == engine {
				if lo < 0 || r.Unreported < lo {
					lo = r.Unreported
				}
				hi = max(hi, r.Unreported)
			}
		}
		if hi > 0 {
			t.Logf("%s: %d to %d requests a query counted by the server only: the page's DevTools target does not report them whole (its Web Worker's)", engine, lo, hi)
		}
	}
}

// benchRun is one measurement: one query with one engine.
type benchRun struct {
	Query, Engine string
	Results       int     // the total the engine reports
	Requests      int     // requests, from navigation to the results
	Served        int64   // the bytes the server wrote for them
	Gzip          int64   // the same, with the bodies gzip'd
	Search        int64   // Served, of the engine's own files only
	SearchGzip    int64   // Gzip, of the engine's own files only
	NavMS         float64 // navigation start to results
	QueryMS       float64 // query issued to results
	Unreported    int     // requests the page's DevTools target did not report whole (a worker's)
}

// pagefindPage runs the query of its address with Pagefind's API and
// loads the first 10 results' data; without ?q= it does nothing (the
// warm-up page). window.__bench holds the times (performance.now(), from
// navigation start) once done. The empty icon keeps the browser from
// asking for /favicon.ico.
const pagefindPage = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Pagefind</title><link rel="icon" href="data:,"></head>
<body>
<script type="module">
const q = new URLSearchParams(location.search).get('q');
if (q) {
  const b = {};
  try {
    const pf = await import('/pagefind/pagefind.js');
    b.query = performance.now();
    await pf.init?.();
    const r = await pf.search(q);
    const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
    b.count = r.results.length;
    b.shown = data.length;
  } catch (e) {
    b.error = String(e);
  }
  b.done = performance.now();
  window.__bench = b;
}
</script>
</body>
</html>
`

// allianceProbe runs in the search page before its own scripts: it notes
// the time of the first fetch (search.js starting the query) and that of
// the first result in #search-results (or of a status saying there is
// none).
const allianceProbe = `(() => {
  const b = {};
  const fetch = window.fetch;
  window.fetch = function (...args) {
    if (b.query === undefined) b.query = performance.now();
    return fetch.apply(this, args);
  };
  const check = () => {
    if (b.done !== undefined) return;
    const status = document.getElementById('search-status');
    const text = status ? status.textContent : '';
    if (document.querySelector('#search-results > li') || /^(Aucun|La recherche est indisponible)/.test(text)) {
      b.done = performance.now();
      window.__bench = b;
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, characterData: true});
})()`

// benchResult is window.__bench.
type benchResult struct {
	Query float64 `json:"query"`
	Done  float64 `json:"done"`
	Count int     `json:"count"`
	Shown int     `json:"shown"`
	Error string  `json:"error"`
}

// isFavicon tells whether the URL path p is a favicon, which the browser
// asks for on its own.
func isFavicon(p string) bool { return strings.HasPrefix(path.Base(p), "favicon.") }

// measureSearch runs query q with engine ("alliance" or "pagefind") in a
// fresh browser and returns what it loaded and when it was done.
func measureSearch(t *testing.T, base, engine, q string, wire *wireLog, sizes *fileSizes) benchRun {
	ctx := browsertest.New(t)
	// What the page's DevTools target reports: each request's URL path
	// and encodedDataLength.
	var (
		mu       sync.Mutex
		counting bool
		paths    = map[network.RequestID]string{}
		pending  = map[network.RequestID]bool{}
		encoded  = map[network.RequestID]float64{}
		failed   []string
	)
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		if !counting {
			return
		}
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			u, err := url.Parse(e.Request.URL)
			if err != nil || u.Scheme == "data" || isFavicon(u.Path) {
				return
			}
			paths[e.RequestID] = u.Path
			pending[e.RequestID] = true
		case *network.EventLoadingFinished:
			if pending[e.RequestID] {
				encoded[e.RequestID] = e.EncodedDataLength
				delete(pending, e.RequestID)
			}
		case *network.EventLoadingFailed:
			if pending[e.RequestID] {
				failed = append(failed, paths[e.RequestID]+": "+e.ErrorText)
				delete(pending, e.RequestID)
			}
		}
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, base, "/bench-pagefind.html") // warm-up, not counted
	target := "/bench-pagefind.html?q=" + url.QueryEscape(q)
	if engine == "alliance" {
		target = "/search/?q=" + url.QueryEscape(q)
		if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: allianceProbe})
			return err
		})); err != nil {
			t.Fatal(err)
		}
	}
	wire.take()
	mu.Lock()
	counting = true
	mu.Unlock()

	navigate(t, ctx, base, target)
	var res benchResult
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if eval[bool](t, ctx, `window.__bench !== undefined`) {
			res = eval[benchResult](t, ctx, `window.__bench`)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s %s: no results after 60 s", engine, q)
		}
	}
	if res.Error != "" {
		t.Fatalf("%s %s: %s", engine, q, res.Error)
	}
	if engine == "alliance" {
		res.Count = statusCount(eval[string](t, ctx, `document.getElementById('search-status').textContent`))
	}
	// Let the requests started end: none new at the server for 500 ms.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !wire.idle(500*time.Millisecond); {
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	counting = false
	if len(failed) > 0 {
		t.Errorf("%s %s: requests failed: %q", engine, q, failed)
	}
	// The requests the page's target reported whole (a worker's script
	// starts there and ends in the worker's target).
	reported := map[string][]float64{} // path -> encodedDataLength
	for id, p := range paths {
		if !pending[id] {
			reported[p] = append(reported[p], encoded[id])
		}
	}
	mu.Unlock()

	r := benchRun{Query: q, Engine: engine, Results: res.Count, NavMS: res.Done, QueryMS: res.Done - res.Query}
	var checked, checkedEncoded int64
	for _, s := range wire.take() {
		if isFavicon(s.Path) {
			continue
		}
		body, gz := sizes.size(t, s.Path)
		if s.Status != http.StatusOK {
			t.Errorf("%s %s: %s answered %d", engine, q, s.Path, s.Status)
		}
		r.Requests++
		r.Served += s.Bytes
		zipped := s.Bytes - body + gz // the headers, and the body gzip'd
		r.Gzip += zipped
		if isSearchFile(engine, s.Path) {
			r.Search += s.Bytes
			r.SearchGzip += zipped
		}
		if e := reported[s.Path]; len(e) > 0 {
			checked += s.Bytes
			checkedEncoded += int64(e[0])
			reported[s.Path] = e[1:]
		} else {
			r.Unreported++
		}
	}
	for p, e := range reported {
		if len(e) > 0 {
			t.Errorf("%s %s: the browser reported %d requests for %s that the server did not answer", engine, q, len(e), p)
		}
	}
	if checked != checkedEncoded {
		t.Errorf("%s %s: the requests the browser reported: %d bytes by its encodedDataLength, %d by the server", engine, q, checkedEncoded, checked)
	}
	if engine == "alliance" && r.Unreported > 0 {
		t.Errorf("alliance %s: %d requests the browser did not report", q, r.Unreported)
	}
	return r
}

// isSearchFile tells whether the URL path p is one of the engine's own
// files: its script and its index.
func isSearchFile(engine, p string) bool {
	if engine == "pagefind" {
		return strings.HasPrefix(p, "/pagefind/")
	}
	return p == "/js/search.js" || p == "/search-index.json" || strings.HasPrefix(p, "/search/") && p != "/search/"
}

// statusCount reads the count of "9 759 résultats, 10 affichés" (0 for
// "Aucun résultat…").
func statusCount(s string) int {
	head, _, _ := strings.Cut(s, "résultat")
	n := 0
	for _, r := range head {
		if unicode.IsDigit(r) {
			n = n*10 + int(r-'0')
		}
	}
	return n
}

// benchTable formats the runs, one line each, and each engine's medians.
func benchTable(runs []benchRun) string {
	var b strings.Builder
	head := fmt.Sprintf("%-22s %-8s %7s %5s %10s %9s %10s %10s %7s %8s", "query", "engine", "results", "reqs",
		"served KB", "gzip KB", "search KB", "search gz", "nav ms", "query ms")
	rule := strings.Repeat("-", len(head))
	b.WriteString("\n" + head + "\n" + rule + "\n")
	line := func(q, engine, results, reqs string, r benchRun) {
		fmt.Fprintf(&b, "%-22s %-8s %7s %5s %10.1f %9.1f %10.1f %10.1f %7.0f %8.0f\n", q, engine, results, reqs,
			float64(r.Served)/1e3, float64(r.Gzip)/1e3, float64(r.Search)/1e3, float64(r.SearchGzip)/1e3, r.NavMS, r.QueryMS)
	}
	for _, r := range runs {
		line(r.Query, r.Engine, strconv.Itoa(r.Results), strconv.Itoa(r.Requests), r)
	}
	b.WriteString(rule + "\n")
	for _, engine := range []string{"alliance", "pagefind"} {
		var of []benchRun
		for _, r := range runs {
			if r.Engine == engine {
				of = append(of, r)
			}
		}
		if len(of) == 0 {
			continue
		}
		med := func(f func(benchRun) float64) float64 {
			var v []float64
			for _, r := range of {
				v = append(v, f(r))
			}
			slices.Sort(v)
			if len(v)%2 == 1 {
				return v[len(v)/2]
			}
			return (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		m := benchRun{
			Served:     int64(med(func(r benchRun) float64 { return float64(r.Served) })),
			Gzip:       int64(med(func(r benchRun) float64 { return float64(r.Gzip) })),
			Search:     int64(med(func(r benchRun) float64 { return float64(r.Search) })),
			SearchGzip: int64(med(func(r benchRun) float64 { return float64(r.SearchGzip) })),
			NavMS:      med(func(r benchRun) float64 { return r.NavMS }),
			QueryMS:    med(func(r benchRun) float64 { return r.QueryMS }),
		}
		reqs := strconv.FormatFloat(med(func(r benchRun) float64 { return float64(r.Requests) }), 'f', -1, 64)
		line("median of "+strconv.Itoa(len(of)), engine, "", reqs, m)
	}
	return b.String()
}

// treeSize counts the files of dir whose slash-separated relative path
// keep accepts, and their bytes.
func treeSize(t *testing.T, dir string, keep func(rel string) bool) (files int, size int64) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || !keep(filepath.ToSlash(rel)) {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, size
}

// fileSizes gives the size of a served file, as is and gzip'd, by URL
// path, remembering those already seen.
type fileSizes struct {
	dir   string
	sizes map[string][2]int64
}

func newFileSizes(dir string) *fileSizes {
	return &fileSizes{dir: dir, sizes: map[string][2]int64{}}
}

func (f *fileSizes) size(t *testing.T, urlPath string) (raw, gzipped int64) {
	t.Helper()
	if s, ok := f.sizes[urlPath]; ok {
		return s[0], s[1]
	}
	name := filepath.Join(f.dir, filepath.FromSlash(path.Clean("/"+urlPath)))
	if strings.HasSuffix(urlPath, "/") {
		name = filepath.Join(name, "index.html")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%s, as served: %v", urlPath, err)
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	f.sizes[urlPath] = [2]int64{int64(len(data)), int64(b.Len())}
	return int64(len(data)), int64(b.Len())
}

// wireConn counts the bytes a server writes on a connection.
type wireConn struct {
	net.Conn
	written atomic.Int64
}

func (c *wireConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.written.Add(int64(n))
	return n, err
}

type wireListener struct{ net.Listener }

func (l wireListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &wireConn{Conn: c}, nil
}

type wireConnKey struct{}

// wireLog lists the requests a server answered, in order.
type wireLog struct {
	mu   sync.Mutex
	reqs []wireRequest
	last time.Time // when the last request came
}

type wireRequest struct {
	path   string
	status int
	conn   *wireConn
	start  int64 // the bytes written on conn before this response
}

// served is a request answered, with the bytes written for it.
type served struct {
	Path   string
	Status int
	Bytes  int64
}

// idle tells whether no request came for d.
func (l *wireLog) idle(d time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return time.Since(l.last) >= d
}

// take returns the requests answered since the last call. The server
// answers a connection's requests one after the other (HTTP/1.1), writing
// each response whole before it reads the next request: a response's
// bytes are those written on its connection until the next request on it,
// or until now.
func (l *wireLog) take() []served {
	l.mu.Lock()
	reqs := l.reqs
	l.reqs = nil
	l.mu.Unlock()
	out := make([]served, len(reqs))
	for i, r := range reqs {
		end := r.conn.written.Load()
		for _, next := range reqs[i+1:] {
			if next.conn == r.conn {
				end = next.start
				break
			}
		}
		out[i] = served{Path: r.path, Status: r.status, Bytes: end - r.start}
	}
	return out
}

// statusWriter keeps the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// serveWire is serveDir with a log of the requests answered and of the
// bytes written for each.
func serveWire(t testing.TB, dir string) (string, *wireLog) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := &wireLog{}
	files := http.FileServer(http.Dir(dir))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := r.Context().Value(wireConnKey{}).(*wireConn)
			req := wireRequest{path: r.URL.Path, conn: c, start: c.written.Load()}
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			files.ServeHTTP(sw, r)
			req.status = sw.status
			log.mu.Lock()
			log.reqs = append(log.reqs, req)
			log.last = time.Now()
			log.mu.Unlock()
		}),
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, wireConnKey{}, c)
		},
		ReadHeaderTimeout: 5 * time.Second,
	}
	go srv.Serve(wireListener{ln})
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/", log
}
