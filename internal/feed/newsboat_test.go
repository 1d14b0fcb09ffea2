package feed

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// lookTool returns the path of an external program, or skips the test when it
// is missing, unless ALLIANCE_REQUIRE_TOOLS=1 makes that a failure.
func lookTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required (ALLIANCE_REQUIRE_TOOLS=1): %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
	return path
}

// TestNewsboat has a real feed reader fetch the RSS and Atom feeds over HTTP
// and checks that it lists every item, with its title, link and date.
func TestNewsboat(t *testing.T) {
	newsboat := lookTool(t, "newsboat")
	dir := t.TempDir()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	ch := testChannel(t)
	ch.Items = append(ch.Items, Item{
		ID:        "https://example.org/actualites/troisieme/",
		Title:     "Troisième & dernier <article>",
		URL:       "https://example.org/actualites/troisieme/",
		Published: time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC),
	})
	for _, tc := range []struct {
		file  string
		write func(Channel) ([]byte, error)
	}{{"feed.xml", RSS}, {"atom.xml", Atom}} {
		t.Run(tc.file, func(t *testing.T) {
			ch.FeedURL = srv.URL + "/" + tc.file
			b, err := tc.write(ch)
			if err != nil {
				t.Fatal(err)
			}
			work := filepath.Join(dir, strings.TrimSuffix(tc.file, ".xml"))
			if err := os.Mkdir(work, 0o755); err != nil {
				t.Fatal(err)
			}
			write := func(name, data string) {
				if err := os.WriteFile(filepath.Join(work, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, tc.file), b, 0o644); err != nil {
				t.Fatal(err)
			}
			write("urls", ch.FeedURL+"\n")
			write("config", "")
			cache := filepath.Join(work, "cache.db")
			run := func(cmd ...string) string {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				args := []string{"-u", filepath.Join(work, "urls"), "-c", cache, "-C", filepath.Join(work, "config"), "-x"}
				c := exec.CommandContext(ctx, newsboat, append(args, cmd...)...)
				c.Env = append(os.Environ(), "HOME="+work, "XDG_CONFIG_HOME="+work, "XDG_DATA_HOME="+work)
				out, err := c.CombinedOutput()
				if err != nil {
					t.Fatalf("newsboat %v: %v\n%s", cmd, err, out)
				}
				return string(out)
			}
			run("reload")
			if got, want := strings.TrimSpace(run("print-unread")), fmt.Sprintf("%d unread articles", len(ch.Items)); got != want {
				t.Fatalf("newsboat print-unread = %q, want %q", got, want)
			}
			sqlite, err := exec.LookPath("sqlite3")
			if err != nil {
				t.Log("sqlite3 not installed: item titles not checked")
				return
			}
			out, err := exec.Command(sqlite, cache, "SELECT title, url, guid, pubDate FROM rss_item ORDER BY pubDate DESC").CombinedOutput()
			if err != nil {
				t.Fatalf("sqlite3: %v\n%s", err, out)
			}
			var want []string
			for _, it := range ch.Items {
				want = append(want, fmt.Sprintf("%s|%s|%s|%d", it.Title, it.URL, it.ID, it.Published.Unix()))
			}
			got := strings.Split(strings.TrimSpace(string(out)), "\n")
			if !slices.Equal(got, want) {
				t.Errorf("newsboat cache:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
