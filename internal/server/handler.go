package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Paths the server answers itself, outside the site.
const (
	eventsPath = "/__alliance/events"
	scriptPath = "/__alliance/reload.js"
)

// buildError is one build error as the browser receives it.
type buildError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// String formats the error the French way: "fichier:ligne : message".
func (e buildError) String() string {
	switch {
	case e.File == "":
		return e.Message
	case e.Line > 0:
		return fmt.Sprintf("%s:%d : %s", e.File, e.Line, e.Message)
	}
	return e.File + " : " + e.Message
}

// state is what the server shows: the last good build and the errors of the
// last build, if it failed. A state is never changed once published.
type state struct {
	files   map[string][]byte // the last good snapshot; nil before the first success
	id      string            // the id of files' build, sent in "hello"
	errs    []buildError      // the last build's errors; nil when it succeeded
	errJSON string            // errs as JSON, the data of the "error" event
}

// ServeHTTP serves the current snapshot, the live-reload script and the
// event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "méthode non autorisée", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanPath(r.URL.Path)
	if !ok {
		http.Error(w, "chemin invalide", http.StatusBadRequest)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(reloadJS)))
		w.Write(reloadJS)
		return
	}

	st := s.state.Load()
	if st.files == nil {
		s.serveErrorPage(w, st)
		return
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, found := st.files[name]
	if !found {
		if _, dir := st.files[name+"/index.html"]; dir {
			target := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			// Found, not Moved Permanently: browsers keep permanent
			// redirects, and the page may go away while editing.
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		s.notFound(w, st)
		return
	}
	s.write(w, st, http.StatusOK, name, data)
}

// cleanPath checks a request's decoded path and returns it relative to the
// snapshot ("actualites/x/", "" for the root). ok is false for a path that
// is not absolute, has a ".." or "." segment, a backslash or a NUL byte, or
// doubled slashes: such paths are refused, never resolved.
func cleanPath(p string) (name string, ok bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	name = p[1:]
	segs := strings.Split(name, "/")
	for i, seg := range segs {
		last := i == len(segs)-1
		if seg == ".." || seg == "." || (seg == "" && !last) {
			return "", false
		}
	}
	if name != "" && path.Clean("/"+name) != "/"+strings.TrimSuffix(name, "/") {
		return "", false
	}
	return name, true
}

// notFound serves the site's 404.html with status 404.
func (s *Server) notFound(w http.ResponseWriter, st *state) {
	if data, ok := st.files["404.html"]; ok {
		s.write(w, st, http.StatusNotFound, "404.html", data)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintln(w, "Page introuvable.")
}

// write sends a file of the snapshot, with the live-reload script inserted
// into HTML.
func (s *Server) write(w http.ResponseWriter, st *state, code int, name string, data []byte) {
	ctype := contentType(name)
	if strings.HasPrefix(ctype, "text/html") {
		data = injectScript(data, st.id)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	w.Write(data) // a HEAD response drops the body by itself
}

// contentTypes are the types of the files a site holds. The system's MIME
// table is not consulted, so that the answer is the same everywhere.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml",
	".xsl":         "application/xml",
	".ics":         "text/calendar; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/plain; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".pdf":         "application/pdf",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
	".mp3":         "audio/mpeg",
	".ogg":         "audio/ogg",
	".zip":         "application/zip",
}

// contentType returns the Content-Type for a file name, by its extension.
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// injectScript returns html with the live-reload script inserted right
// before its last </body>, or at its end when there is none. id is the build
// the page comes from.
func injectScript(html []byte, id string) []byte {
	tag := `<script src="` + scriptPath + `" data-build="` + template.HTMLEscapeString(id) + `"></script>`
	i := bytes.LastIndex(bytes.ToLower(html), []byte("</body>"))
	if i < 0 {
		i = len(html)
	}
	out := make([]byte, 0, len(html)+len(tag))
	out = append(out, html[:i]...)
	out = append(out, tag...)
	return append(out, html[i:]...)
}

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .Errs }}Erreur de construction{{ else }}Construction en cours{{ end }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
h1 { color: #a00; }
ul { padding: 0; list-style: none; }
li { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #fff0f0; border-left: 4px solid #c00; padding: .5rem .75rem; margin: .5rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
</style>
</head>
<body>
{{ if .Errs -}}
<h1>Erreur de construction</h1>
<p>Le site n’a pas pu être construit. Corrigez {{ if gt (len .Errs) 1 }}ces erreurs{{ else }}cette erreur{{ end }} et enregistrez : la page se rechargera d’elle-même.</p>
<ul role="alert">
{{ range .Errs }}<li>{{ .String }}</li>
{{ end }}</ul>
{{- else -}}
<h1>Construction en cours…</h1>
<p>La page se rechargera d’elle-même dès que le site sera prêt.</p>
{{- end }}
</body>
</html>
`))

// serveErrorPage answers every path while there is no good build: with the
// errors of the first build, or a notice while it runs. The page carries the
// live-reload script, so the tab recovers once the site builds.
func (s *Server) serveErrorPage(w http.ResponseWriter, st *state) {
	var buf bytes.Buffer
	if err := errorPage.Execute(&buf, struct{ Errs []buildError }{st.errs}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	code := http.StatusInternalServerError
	if st.errs == nil {
		code = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", "1")
	}
	s.write(w, st, code, "error.html", buf.Bytes())
}

// Event stream timing.
const (
	keepAlive    = 15 * time.Second        // a comment line keeps proxies and the browser patient
	sseWriteWait = 10 * time.Second        // deadline for each write on the stream
	sseRetry     = 1000 * time.Millisecond // the browser's reconnection delay
)

// serveEvents streams live-reload events to one browser tab.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	c, err := s.hub.subscribe()
	if err != nil {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "trop de connexions de rechargement", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(c)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	send := func(ev event) bool {
		// The server's WriteTimeout would cut the stream: each write gets
		// a deadline of its own instead.
		rc.SetWriteDeadline(time.Now().Add(sseWriteWait))
		var b strings.Builder
		if ev.name != "" {
			b.WriteString("event: " + ev.name + "\n")
		}
		for _, line := range strings.Split(ev.data, "\n") {
			b.WriteString("data: " + line + "\n")
		}
		b.WriteString("\n")
		if _, err := w.Write([]byte(b.String())); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	comment := func(text string) bool {
		rc.SetWriteDeadline(time.Now().Add(sseWriteWait))
		if _, err := fmt.Fprintf(w, "%s\n\n", text); err != nil {
			return false
		}
		return rc.Flush() == nil
	}

	if !comment(fmt.Sprintf("retry: %d", sseRetry.Milliseconds())) {
		return
	}
	st := s.state.Load()
	if !send(event{"hello", st.id}) {
		return
	}
	if st.errs != nil && !send(event{"error", st.errJSON}) {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return // dropped, or the server is stopping
			}
			if !send(ev) {
				return
			}
		case <-tick.C:
			if !comment(": ping") {
				return
			}
		}
	}
}
