package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/build"
)

// fixture is a small site: the theme comes from alliance.Theme().
var fixture = map[string]string{
	"site.yaml": `title: "Réseau test"
baseURL: "https://example.org/"
language: fr
timezone: Europe/Paris
description: "Un site de test"
author: { name: "Équipe", email: "contact@example.org" }
menu:
  - { name: "Actualités", url: "/actualites/" }
`,
	"content/_index.md":            "---\ntitle: Accueil\n---\nBienvenue.\n",
	"content/actualites/_index.md": "---\ntitle: Actualités\n---\n",
	"content/actualites/premiere.md": `---
title: "Première nouvelle"
date: 2022-06-01
---
Texte d’origine.
`,
	"content/actualites/deuxieme.md": `---
title: "Deuxième nouvelle"
date: 2022-06-02
---
Un autre texte.
`,
	"content/charte/principes.md": `---
title: Principes
weight: 10
part: Principes
---
Nos principes.
`,
	"archetypes/news.md": "---\ntitle: \"\"\n---\n",
}

// writeSite writes files under dir.
func writeSite(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// startServer serves the site in dir on a free port of 127.0.0.1 until the
// test ends, and returns its URL (with a final slash) once it has built.
func startServer(t testing.TB, dir string) (string, *Server) {
	t.Helper()
	ln, _, err := Listen("127.0.0.1", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	url := URL(ln.Addr())
	s, err := New(Options{
		Dir:    dir,
		Build:  build.Options{Theme: alliance.Theme(), BaseURL: url},
		Stdout: testWriter{t},
		Stderr: testWriter{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("Serve did not stop")
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		st := s.state.Load()
		if st.files != nil || st.errs != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first build did not finish")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return url, s
}

// testWriter sends the server's output to the test log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// sseClient reads a live-reload stream into a channel.
type sseClient struct {
	events chan event
}

func connectEvents(t testing.TB, url string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"__alliance/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		cancel()
		t.Fatalf("events: status %d", resp.StatusCode)
	}
	c := &sseClient{events: make(chan event, 100)}
	go func() {
		defer close(c.events)
		r := bufio.NewReader(resp.Body)
		for {
			ev, err := readEvent(r)
			if err != nil {
				return
			}
			c.events <- ev
		}
	}()
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	if ev := c.next(t, 5*time.Second); ev.name != "hello" {
		t.Fatalf("first event %v, want hello", ev)
	}
	return c
}

// next returns the next event, failing the test after wait.
func (c *sseClient) next(t testing.TB, wait time.Duration) event {
	t.Helper()
	select {
	case ev, ok := <-c.events:
		if !ok {
			t.Fatal("event stream closed")
		}
		return ev
	case <-time.After(wait):
		t.Fatalf("no event within %v", wait)
	}
	return event{}
}

// collect returns the events received within wait after the first one.
func (c *sseClient) collect(t testing.TB, first, wait time.Duration) []event {
	t.Helper()
	evs := []event{c.next(t, first)}
	timeout := time.After(wait)
	for {
		select {
		case ev, ok := <-c.events:
			if !ok {
				return evs
			}
			evs = append(evs, ev)
		case <-timeout:
			return evs
		}
	}
}

func fetch(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func news(title, body string) string {
	return "---\ntitle: \"" + title + "\"\ndate: 2022-06-01\n---\n" + body + "\n"
}

func TestEditingLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and watches a site")
	}
	dir := t.TempDir()
	writeSite(t, dir, fixture)
	url, _ := startServer(t, dir)
	page := url + "actualites/premiere/"
	if code, body := fetch(t, page); code != 200 || !strings.Contains(body, "Texte d’origine") {
		t.Fatalf("first page: status %d\n%s", code, body)
	}
	if _, body := fetch(t, page); !strings.Contains(body, "/__alliance/reload.js") {
		t.Fatal("served HTML lacks the live-reload script")
	}
	sse := connectEvents(t, url)
	file := filepath.Join(dir, "content", "actualites", "premiere.md")

	// expectOneReload asserts that one save gives exactly one reload, then
	// that page serves want.
	expectOneReload := func(t *testing.T, page, want string) {
		t.Helper()
		evs := sse.collect(t, 10*time.Second, 700*time.Millisecond)
		n := 0
		for _, ev := range evs {
			if ev.name != "reload" {
				t.Errorf("unexpected event %v", ev)
			}
			n++
		}
		if n != 1 {
			t.Errorf("%d events for one save, want exactly one reload: %v", n, evs)
		}
		if code, body := fetch(t, page); code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: status %d, want %q in\n%s", page, code, want, body)
		}
	}

	t.Run("write in place", func(t *testing.T) {
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Two writes, as some editors do.
		io.WriteString(f, news("Première nouvelle", "")[:20])
		time.Sleep(5 * time.Millisecond)
		io.WriteString(f, news("Première nouvelle", "Écrit sur place.")[20:])
		f.Close()
		expectOneReload(t, page, "Écrit sur place.")
	})
	t.Run("write temp then rename", func(t *testing.T) {
		// vim's probe and backup, then the write to a temporary file.
		probe := filepath.Join(filepath.Dir(file), "4913")
		os.WriteFile(probe, nil, 0o644)
		os.Remove(probe)
		os.WriteFile(file+"~", []byte("ancien"), 0o644)
		tmp := filepath.Join(filepath.Dir(file), ".premiere.md.tmp")
		if err := os.WriteFile(tmp, []byte(news("Première nouvelle", "Renommé depuis un fichier temporaire.")), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
		expectOneReload(t, page, "Renommé depuis un fichier temporaire.")
		os.Remove(file + "~")
		select {
		case ev := <-sse.events:
			t.Errorf("removing a backup file gave %v", ev)
		case <-time.After(300 * time.Millisecond):
		}
	})
	t.Run("delete then create", func(t *testing.T) {
		if err := os.Remove(file); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(news("Première nouvelle", "Supprimé puis recréé.")), 0o644); err != nil {
			t.Fatal(err)
		}
		expectOneReload(t, page, "Supprimé puis recréé.")
	})
	t.Run("new folder with a new page", func(t *testing.T) {
		sub := filepath.Join(dir, "content", "actualites", "2026")
		// Build the folder aside and move it in whole, so that the watcher
		// learns of it with its page already inside.
		aside := filepath.Join(dir, "a-part")
		if err := os.MkdirAll(aside, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(aside, "nouvelle.md"), []byte(news("Nouvelle page", "Dans un nouveau dossier.")), 0o644)
		if err := os.Rename(aside, sub); err != nil {
			t.Fatal(err)
		}
		expectOneReload(t, url+"actualites/nouvelle/", "Dans un nouveau dossier.")
		// A folder made and filled at once: the page may be written before
		// the watch on the folder is set.
		made := filepath.Join(dir, "content", "actualites", "2027", "mai")
		if err := os.MkdirAll(made, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(made, "autre.md"), []byte(news("Autre page", "Dossier créé et rempli.")), 0o644)
		expectOneReload(t, url+"actualites/autre/", "Dossier créé et rempli.")
		// The new folder is watched: a page added to it later is seen.
		os.WriteFile(filepath.Join(sub, "suivante.md"), []byte(news("Suivante", "Ajoutée ensuite.")), 0o644)
		expectOneReload(t, url+"actualites/suivante/", "Ajoutée ensuite.")
	})
	t.Run("broken front matter", func(t *testing.T) {
		bad := "---\ntitle: \"Première nouvelle\"\ndate: 32/13/2026\n---\nCassé.\n"
		if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		ev := sse.next(t, 10*time.Second)
		if ev.name != "error" {
			t.Fatalf("got %v, want an error event", ev)
		}
		var errs []buildError
		if err := json.Unmarshal([]byte(ev.data), &errs); err != nil {
			t.Fatalf("error data %q: %v", ev.data, err)
		}
		found := false
		for _, e := range errs {
			if e.File == "content/actualites/premiere.md" && e.Line > 0 && e.Message != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("errors %+v do not name content/actualites/premiere.md with a line", errs)
		}
		if code, body := fetch(t, page); code != 200 || !strings.Contains(body, "Supprimé puis recréé.") {
			t.Errorf("during the error: status %d, want the last good page", code)
		}
		// A tab opened now gets the error at once.
		late := connectEvents(t, url)
		if ev := late.next(t, 5*time.Second); ev.name != "error" {
			t.Errorf("late client got %v, want the error", ev)
		}

		if err := os.WriteFile(file, []byte(news("Première nouvelle", "Réparé.")), 0o644); err != nil {
			t.Fatal(err)
		}
		expectOneReload(t, page, "Réparé.")
	})
	t.Run("stylesheet only", func(t *testing.T) {
		css := filepath.Join(dir, "static", "css", "extra.css")
		os.MkdirAll(filepath.Dir(css), 0o755)
		os.WriteFile(css, []byte("body { color: #123; }"), 0o644)
		evs := sse.collect(t, 10*time.Second, 500*time.Millisecond)
		if len(evs) != 1 || evs[0].name != "css" {
			t.Errorf("events %v, want one css", evs)
		}
		if _, body := fetch(t, url+"css/extra.css"); !strings.Contains(body, "#123") {
			t.Errorf("stylesheet not served: %q", body)
		}
	})
	t.Run("archetypes", func(t *testing.T) {
		os.WriteFile(filepath.Join(dir, "archetypes", "news.md"), []byte("---\ntitle: x\n---\n"), 0o644)
		select {
		case ev := <-sse.events:
			t.Errorf("an archetype change gave %v", ev)
		case <-time.After(500 * time.Millisecond):
		}
	})
}

func TestFirstBuildFails(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and watches a site")
	}
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range fixture {
		files[k] = v
	}
	files["content/actualites/premiere.md"] = "---\ntitle: [pas fermé\n---\n"
	writeSite(t, dir, files)
	url, _ := startServer(t, dir)
	code, body := fetch(t, url+"actualites/deuxieme/")
	if code != http.StatusInternalServerError || !strings.Contains(body, "Erreur de construction") ||
		!strings.Contains(body, "content/actualites/premiere.md:") || !strings.Contains(body, "reload.js") {
		t.Fatalf("status %d, want the error page:\n%s", code, body)
	}
	sse := connectEvents(t, url)
	if ev := sse.next(t, 5*time.Second); ev.name != "error" {
		t.Errorf("got %v, want the error", ev)
	}
	writeSite(t, dir, map[string]string{"content/actualites/premiere.md": news("Première", "Enfin.")})
	if ev := sse.next(t, 10*time.Second); ev.name != "reload" {
		t.Errorf("got %v, want reload", ev)
	}
	if code, body := fetch(t, url+"actualites/premiere/"); code != 200 || !strings.Contains(body, "Enfin.") {
		t.Errorf("after the fix: status %d", code)
	}
}
