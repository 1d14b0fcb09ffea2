package server

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// snapshotServer returns a server that serves files, without a site folder
// or a build behind it.
func snapshotServer(files map[string]string) *Server {
	s := &Server{hub: newHub(2), serverID: "test"}
	m := map[string][]byte{}
	for k, v := range files {
		m[k] = []byte(v)
	}
	s.state.Store(&state{files: m, id: "test-1"})
	return s
}

var testFiles = map[string]string{
	"index.html":                     "<!doctype html><html><body><h1>Accueil</h1></body></html>",
	"actualites/index.html":          "<html><BODY>Liste</BODY></html>",
	"actualites/x/index.html":        "<p>Sans body</p>",
	"404.html":                       "<html><body>Page introuvable</body></html>",
	"css/site.css":                   "body{}",
	"js/site.js":                     "1;",
	"feed.xml":                       "<rss/>",
	"feed.json":                      "{}",
	"evenements/calendar.ics":        "BEGIN:VCALENDAR",
	"robots.txt":                     "User-agent: *",
	"images/logo.svg":                "<svg/>",
	"fichier.bin":                    "\x00\x01",
	"search-index.json":              "[]",
	"evenements/webinaire/event.ics": "BEGIN:VCALENDAR",
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "http://127.0.0.1/", nil)
	// Set the raw target by hand: NewRequest would reject or clean some.
	r.RequestURI = target
	u, err := url.ParseRequestURI(target)
	if err != nil {
		t.Fatalf("parse %q: %v", target, err)
	}
	r.URL = u
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestServeFiles(t *testing.T) {
	s := snapshotServer(testFiles)
	tests := []struct {
		target   string
		code     int
		ctype    string
		contains string
		location string
	}{
		{"/", 200, "text/html; charset=utf-8", "Accueil", ""},
		{"/index.html", 200, "text/html; charset=utf-8", "Accueil", ""},
		{"/actualites/", 200, "text/html; charset=utf-8", "Liste", ""},
		{"/actualites", 302, "", "", "/actualites/"},
		{"/actualites?page=2", 302, "", "", "/actualites/?page=2"},
		{"/actualites/x", 302, "", "", "/actualites/x/"},
		{"/actualites/x/", 200, "text/html; charset=utf-8", "Sans body", ""},
		{"/nulle-part/", 404, "text/html; charset=utf-8", "Page introuvable", ""},
		{"/nulle-part", 404, "text/html; charset=utf-8", "Page introuvable", ""},
		{"/css/site.css", 200, "text/css; charset=utf-8", "body{}", ""},
		{"/css/site.css/", 404, "text/html; charset=utf-8", "Page introuvable", ""},
		{"/js/site.js", 200, "text/javascript; charset=utf-8", "1;", ""},
		{"/feed.xml", 200, "application/xml", "<rss/>", ""},
		{"/feed.json", 200, "application/json", "{}", ""},
		{"/evenements/calendar.ics", 200, "text/calendar; charset=utf-8", "BEGIN:VCALENDAR", ""},
		{"/evenements/webinaire/event.ics", 200, "text/calendar; charset=utf-8", "BEGIN:VCALENDAR", ""},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "User-agent", ""},
		{"/images/logo.svg", 200, "image/svg+xml", "<svg/>", ""},
		{"/fichier.bin", 200, "application/octet-stream", "", ""},
		{"/__alliance/reload.js", 200, "text/javascript; charset=utf-8", "EventSource", ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := get(t, s, "GET", tt.target)
			if w.Code != tt.code {
				t.Fatalf("status %d, want %d", w.Code, tt.code)
			}
			h := w.Result().Header
			if tt.ctype != "" && h.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", h.Get("Content-Type"), tt.ctype)
			}
			if !strings.Contains(w.Body.String(), tt.contains) {
				t.Errorf("body %q does not contain %q", w.Body.String(), tt.contains)
			}
			if tt.location != "" && h.Get("Location") != tt.location {
				t.Errorf("Location %q, want %q", h.Get("Location"), tt.location)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("missing hardening headers: %v", h)
			}
		})
	}
}

func TestServeHead(t *testing.T) {
	s := snapshotServer(testFiles)
	srv := httptest.NewServer(s)
	defer srv.Close()
	resp, err := http.Head(srv.URL + "/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(body) != 0 || resp.ContentLength != int64(len("<rss/>")) {
		t.Errorf("HEAD: status %d, %d body bytes, Content-Length %d", resp.StatusCode, len(body), resp.ContentLength)
	}
}

func TestMethods(t *testing.T) {
	s := snapshotServer(testFiles)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"} {
		w := get(t, s, m, "/")
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", m, w.Code)
		}
		if got := w.Result().Header.Get("Allow"); got != "GET, HEAD" {
			t.Errorf("%s: Allow %q", m, got)
		}
	}
}

func TestTraversal(t *testing.T) {
	files := map[string]string{}
	for k, v := range testFiles {
		files[k] = v
	}
	// Keys that a lax resolver could reach; none must ever be served.
	files["etc/passwd"] = "root:x:0:0"
	s := snapshotServer(files)
	for _, target := range []string{
		"/../etc/passwd",
		"/actualites/../../etc/passwd",
		"/%2e%2e/etc/passwd",
		"/%2e%2e/",
		"/%2E%2E%2Fetc%2Fpasswd",
		"/a/..%2f..%2fetc/passwd",
		"/a/..%2f..%2f",
		"/a\\..\\b",
		"/a%5c..%5cetc%5cpasswd",
		"/..\\etc\\passwd",
		"/a%00",
		"/index.html%00.css",
		"/./index.html",
		"/actualites/./",
		"//etc/passwd",
		"/actualites//x/",
	} {
		t.Run(target, func(t *testing.T) {
			w := get(t, s, "GET", target)
			if w.Code != http.StatusBadRequest && w.Code != http.StatusNotFound {
				t.Errorf("status %d, want 400 or 404", w.Code)
			}
			if strings.Contains(w.Body.String(), "root:") {
				t.Errorf("served a file outside the tree")
			}
		})
	}
}

func TestCleanPath(t *testing.T) {
	for p, want := range map[string]string{"/": "", "/a/": "a/", "/a/b.css": "a/b.css", "/a": "a"} {
		if got, ok := cleanPath(p); !ok || got != want {
			t.Errorf("cleanPath(%q) = %q, %v; want %q", p, got, ok, want)
		}
	}
	for _, p := range []string{"", "a", "/..", "/a/..", "/a/../b", "/.", "/a\\b", "/a\x00", "//", "/a//b"} {
		if got, ok := cleanPath(p); ok {
			t.Errorf("cleanPath(%q) = %q, accepted", p, got)
		}
	}
}

func TestInjectHTMLOnly(t *testing.T) {
	s := snapshotServer(testFiles)
	const tag = `<script src="/__alliance/reload.js" data-build="test-1"></script>`
	for target, want := range map[string]string{
		"/":              `<h1>Accueil</h1>` + tag + `</body></html>`,
		"/actualites/":   `Liste` + tag + `</BODY></html>`,
		"/actualites/x/": `<p>Sans body</p>` + tag,
		"/nulle-part/":   `Page introuvable` + tag + `</body>`,
	} {
		body := get(t, s, "GET", target).Body.String()
		if !strings.Contains(body, want) || strings.Count(body, "reload.js") != 1 {
			t.Errorf("%s: body %q, want it to contain %q once", target, body, want)
		}
	}
	for _, target := range []string{"/css/site.css", "/js/site.js", "/feed.xml", "/feed.json", "/evenements/calendar.ics", "/images/logo.svg"} {
		if body := get(t, s, "GET", target).Body.String(); strings.Contains(body, "reload.js") {
			t.Errorf("%s: script injected into a non-HTML file: %q", target, body)
		}
	}
	// The snapshot itself is untouched.
	if st := s.state.Load(); strings.Contains(string(st.files["index.html"]), "reload.js") {
		t.Error("injection changed the snapshot")
	}
}

func TestErrorPageBeforeFirstGoodBuild(t *testing.T) {
	s := &Server{hub: newHub(2), serverID: "test"}
	errs := []buildError{{File: "content/actualites/x.md", Line: 3, Message: "front matter: <bad>"}}
	s.state.Store(&state{id: "test-0", errs: errs, errJSON: "[]"})
	for _, target := range []string{"/", "/actualites/x/", "/css/site.css"} {
		w := get(t, s, "GET", target)
		body := w.Body.String()
		if w.Code != http.StatusInternalServerError || !strings.Contains(body, "Erreur de construction") ||
			!strings.Contains(body, "content/actualites/x.md:3 : front matter: &lt;bad&gt;") ||
			!strings.Contains(body, "reload.js") {
			t.Errorf("%s: status %d, body %s", target, w.Code, body)
		}
	}
}

// readEvent reads one Server-Sent Event.
func readEvent(r *bufio.Reader) (event, error) {
	var ev event
	var data []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return ev, err
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if ev.name != "" || data != nil {
				ev.data = strings.Join(data, "\n")
				return ev, nil
			}
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		}
	}
}

func TestEventsLimitAndFanOut(t *testing.T) {
	s := snapshotServer(testFiles) // at most 2 clients
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.hub.close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var readers []*bufio.Reader
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+eventsPath, nil)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
			t.Fatalf("client %d: status %d, type %q", i, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		r := bufio.NewReader(resp.Body)
		if ev, err := readEvent(r); err != nil || ev != (event{"hello", "test-1"}) {
			t.Fatalf("client %d: first event %v, %v; want hello", i, ev, err)
		}
		readers = append(readers, r)
	}
	resp, err := http.Get(srv.URL + eventsPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("third client: status %d, want 503", resp.StatusCode)
	}
	s.hub.broadcast(event{"reload", "test-2"})
	for i, r := range readers {
		if ev, err := readEvent(r); err != nil || ev != (event{"reload", "test-2"}) {
			t.Errorf("client %d: got %v, %v; want reload", i, ev, err)
		}
	}
}

func TestEventsSendLastError(t *testing.T) {
	s := snapshotServer(testFiles)
	st := s.state.Load()
	s.state.Store(&state{files: st.files, id: st.id, errs: []buildError{{"site.yaml", 2, "x"}}, errJSON: `[{"file":"site.yaml","line":2,"message":"x"}]`})
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.hub.close()
	resp, err := http.Get(srv.URL + eventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	readEvent(r) // hello
	if ev, err := readEvent(r); err != nil || ev.name != "error" || !strings.Contains(ev.data, `"line":2`) {
		t.Errorf("second event %v, %v; want the error", ev, err)
	}
}

func TestHubDropsSlowClient(t *testing.T) {
	h := newHub(4)
	slow, _ := h.subscribe()
	fast, _ := h.subscribe()
	for i := 0; i < clientBuffer+1; i++ {
		h.broadcast(event{"reload", ""})
		<-fast
	}
	if h.count() != 1 {
		t.Fatalf("%d clients, want the slow one dropped", h.count())
	}
	n := 0
	for range slow { // closed after its buffer
		n++
	}
	if n != clientBuffer {
		t.Errorf("slow client got %d events, want %d", n, clientBuffer)
	}
}
