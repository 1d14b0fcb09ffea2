package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestEmailUsage checks the command line of alliance email: what it
// refuses, and why.
func TestEmailUsage(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, baseSite)
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"nothing to make", nil, ExitUsage, "give a post's SLUG, or --since DATE or --last 30d"},
		{"slug and since", []string{"une", "--since", "2022-01-01"}, ExitUsage, "not both"},
		{"since and last", []string{"--since", "2022-01-01", "--last", "30d"}, ExitUsage, "--since or --last, not both"},
		{"two slugs", []string{"une", "deux"}, ExitUsage, "one post at a time"},
		{"bad date", []string{"--since", "1/11/2026"}, ExitUsage, "want YYYY-MM-DD"},
		{"bad span", []string{"--last", "un mois"}, ExitUsage, "30d or 4w"},
		{"zero span", []string{"--last", "0d"}, ExitUsage, "30d or 4w"},
		{"intro for a post", []string{"une", "--intro", "x.md"}, ExitUsage, "--intro is for a letter"},
		{"no such post", []string{"unee"}, ExitSite, `no news post "unee" (want the slug of a post, as in /actualites/SLUG/ (did you mean "une"?))`},
		{"no author email", []string{"une"}, ExitSite, "author.email is not set"},
		{"unknown flag", []string{"--sinc", "2022-01-01"}, ExitUsage, `did you mean "since"?`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, append([]string{"email", "-s", site}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.says) {
				t.Errorf("exit %d, %q; want exit %d saying %q", code, stderr, tc.code, tc.says)
			}
		})
	}
}

// TestEmailSendNeedsServer checks that --send-test without email.smtp, or
// with a user and no password in the environment, says what to set.
func TestEmailSendNeedsServer(t *testing.T) {
	site := t.TempDir()
	files := map[string]string{}
	for k, v := range baseSite {
		files[k] = v
	}
	files["site.yaml"] += "author: { name: Équipe, email: contact@example.org }\n"
	writeSite(t, site, files)
	code, _, stderr := run(t, "email", "-s", site, "une", "--send-test", "a@example.org")
	if code != ExitSite || !strings.Contains(stderr, "email.smtp.host is not set") {
		t.Errorf("no server: exit %d, %q", code, stderr)
	}
	files["site.yaml"] += "email: { smtp: { host: smtp.example.org, user: editrice, passwordEnv: ALLIANCE_TEST_NO_SUCH_VARIABLE } }\n"
	writeSite(t, site, files)
	code, _, stderr = run(t, "email", "-s", site, "une", "--send-test", "a@example.org")
	if code != ExitSite || !strings.Contains(stderr, "ALLIANCE_TEST_NO_SUCH_VARIABLE holds no password") {
		t.Errorf("no password: exit %d, %q", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "une.eml")
	if code, _, stderr := run(t, "email", "-s", site, "une", "-o", out); code != ExitOK {
		t.Errorf("-o: exit %d, %q", code, stderr)
	}
}
