package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/build"
	"github.com/catalyseurs/alliance/internal/email"
	"github.com/catalyseurs/alliance/internal/sitefs"
)

// runEmail makes an e-mail edition, a news post's (SLUG) or a letter of
// the news since a date and the coming events, as an RFC 5322 message,
// and writes it (-o FILE, else standard output) or sends one test copy
// (--send-test ADDR).
func runEmail(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("email", flag.ContinueOnError)
	var sf siteFlags
	sf.register(fs)
	since := fs.String("since", "", "a letter of the news published since this date (YYYY-MM-DD)")
	last := fs.String("last", "", "a letter of the news of the last days or weeks (30d, 4w)")
	intro := fs.String("intro", "", "the letter's introduction, a Markdown file (a first line \"# Title\" is its subject)")
	out := fs.String("o", "", "write the message to this file (default: standard output)")
	sendTo := fs.String("send-test", "", "send one test copy to this address through email.smtp")
	pos, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	var req build.EditionRequest
	switch {
	case len(pos) > 1:
		return usageError(stderr, "email", "unexpected argument %q (one post at a time)", pos[1])
	case len(pos) == 1 && (*since != "" || *last != ""):
		return usageError(stderr, "email", "give a post's SLUG or --since/--last for a letter, not both")
	case len(pos) == 1:
		req.Slug = pos[0]
		if *intro != "" {
			return usageError(stderr, "email", "--intro is for a letter (--since or --last), not a post's edition")
		}
	case *since != "" && *last != "":
		return usageError(stderr, "email", "give --since or --last, not both")
	case *since != "":
		d, err := time.Parse(time.DateOnly, *since)
		if err != nil {
			return usageError(stderr, "email", "--since %q is not a date (want YYYY-MM-DD, for example 2026-11-01)", *since)
		}
		req.Since = d
	case *last != "":
		days, err := parseDays(*last)
		if err != nil {
			return usageError(stderr, "email", "--last %q: %v", *last, err)
		}
		req.Since = time.Now().AddDate(0, 0, -days)
	default:
		return usageError(stderr, "email", "give a post's SLUG, or --since DATE or --last 30d for a letter")
	}
	if !sf.siteHere("email", stderr) {
		return ExitSite
	}
	if *intro != "" {
		data, err := os.ReadFile(*intro)
		if err != nil {
			fmt.Fprintf(stderr, "alliance email: cannot read the introduction: %v\n", err)
			return ExitSite
		}
		req.Intro, req.IntroFile = data, *intro
	}
	site, closeSite, err := sitefs.FS(sf.src)
	if err != nil {
		fmt.Fprintf(stderr, "alliance email: %v\n", err)
		return ExitSite
	}
	defer closeSite()
	res, err := build.MakeEdition(ctx, site, build.Options{Drafts: sf.drafts, Future: sf.future, Theme: alliance.Theme(), ImageCache: sf.imageCache(), EditionCache: sf.editionCache()}, req)
	if err != nil {
		return reportErrors(stderr, err)
	}
	for _, f := range res.Findings {
		fmt.Fprintf(stderr, "warning: %s\n", f)
	}
	cfg := res.Site.Config
	if cfg.Author.Email == "" {
		fmt.Fprintln(stderr, "site.yaml: author.email is not set (want the address the message is from: author: { name: \"...\", email: \"contact@example.org\" })")
		return ExitSite
	}
	host := cfg.BaseURL
	if u, err := url.Parse(cfg.BaseURL); err == nil {
		host = u.Hostname()
	}
	msg := email.Message{
		From:    mail.Address{Name: cfg.Author.Name, Address: cfg.Author.Email},
		Subject: res.Subject,
		Date:    res.Date.In(cfg.Location),
		ID:      email.MessageID(res.Slug, host, res.HTML),
		HTML:    string(res.HTML), // its preheader is in
		Text:    res.Text,
	}
	if cfg.Email.Unsubscribe != "" {
		msg.ListUnsubscribe = []string{cfg.Email.Unsubscribe}
	}
	data, err := msg.Bytes()
	if err != nil {
		fmt.Fprintf(stderr, "alliance email: %v\n", err)
		return ExitSite
	}
	if *out != "" {
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			fmt.Fprintf(stderr, "alliance email: %v\n", err)
			return ExitSite
		}
		fmt.Fprintf(stderr, "Wrote %s: %q, %d KB of HTML\n", *out, res.Subject, (len(res.HTML)+1023)/1024)
	}
	if *sendTo != "" {
		s := cfg.Email.SMTP
		if s.Host == "" {
			fmt.Fprintln(stderr, "site.yaml: email.smtp.host is not set (want the server of test sends: email: { smtp: { host: smtp.example.org, port: 587, user: \"...\" } })")
			return ExitSite
		}
		password := os.Getenv(s.PasswordEnv)
		if s.User != "" && password == "" {
			fmt.Fprintf(stderr, "alliance email: the environment variable %s holds no password for %s (set it, or email.smtp.passwordEnv in site.yaml)\n", s.PasswordEnv, s.User)
			return ExitSite
		}
		if err := email.Send(ctx, email.SMTP{Host: s.Host, Port: s.Port, User: s.User, Password: password}, cfg.Author.Email, *sendTo, data); err != nil {
			fmt.Fprintf(stderr, "alliance email: %v\n", err)
			return ExitSite
		}
		fmt.Fprintf(stderr, "Sent a test of %q to %s through %s\n", res.Subject, *sendTo, s.Host+":"+strconv.Itoa(s.Port))
	}
	if *out == "" && *sendTo == "" {
		if _, err := stdout.Write(data); err != nil {
			fmt.Fprintf(stderr, "alliance email: %v\n", err)
			return ExitSite
		}
	}
	return ExitOK
}

// parseDays reads a span of --last: "30d" (days), "4w" (weeks) or "30".
func parseDays(s string) (int, error) {
	n, unit := s, 1
	switch {
	case strings.HasSuffix(s, "d"):
		n = strings.TrimSuffix(s, "d")
	case strings.HasSuffix(s, "w"):
		n, unit = strings.TrimSuffix(s, "w"), 7
	}
	v, err := strconv.Atoi(n)
	if err != nil || v <= 0 || v > 3660 {
		return 0, fmt.Errorf("not a number of days or weeks (want for example 30d or 4w)")
	}
	return v * unit, nil
}

// imageCache is where the images of the e-mail editions are kept.
func (f *siteFlags) imageCache() string {
	return filepath.Join(f.src, build.CacheDir, "images")
}

// editionCache is where builds keep the e-mail editions they made.
func (f *siteFlags) editionCache() string {
	return filepath.Join(f.src, build.CacheDir, "email")
}
