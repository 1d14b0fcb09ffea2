package cli

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/slug"
)

// archetypes are the default front matter and body of each kind; a site's
// archetypes/KIND.md overrides them.
//
//go:embed archetypes/*.md
var archetypes embed.FS

// newSite is the minimal site that "alliance new site DIR" writes: its
// files end in .tmpl, text/templates of a siteData.
//
//go:embed all:newsite
var newSite embed.FS

// kindNames maps what editors type to a content kind.
var kindNames = map[string]string{
	"news": config.TypeNews, "actualite": config.TypeNews, "actualites": config.TypeNews,
	"charte": config.TypeCharter, "charter": config.TypeCharter,
	"event": config.TypeEvent, "evenement": config.TypeEvent, "evenements": config.TypeEvent,
	"page": config.TypePlain,
}

// archetypeData is what an archetype template sees.
type archetypeData struct {
	Title     string
	Date      string // now, in the site's time zone
	Start     string // events: a week from now at 10:00
	End       string // events: two hours later
	Weight    int    // charter: after the last chapter
	Organizer string
}

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	src := fs.String("s", ".", "site folder")
	fs.StringVar(src, "source", ".", "site folder (same as -s)")
	pos, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if len(pos) == 2 && pos[0] == "site" {
		return runNewSite(pos[1], stdout, stderr)
	}
	if len(pos) != 2 {
		return usageError(stderr, "new", "want a kind and a title, got %d argument(s)", len(pos))
	}
	kind, ok := kindNames[pos[0]]
	if !ok {
		return usageError(stderr, "new", "unknown kind %q (want news, charte or event)", pos[0])
	}
	title := pos[1]
	name := slug.Make(title)
	if name == "" {
		return usageError(stderr, "new", "title %q has no letter or digit to make a file name from", title)
	}
	cfgSrc, err := os.ReadFile(filepath.Join(*src, "site.yaml"))
	if err != nil {
		fmt.Fprintf(stderr, "alliance new: no site.yaml in %s\n", *src)
		return ExitSite
	}
	cfg, err := config.Parse("site.yaml", cfgSrc)
	if err != nil {
		return reportErrors(stderr, err)
	}
	section := cfg.SectionOf(kind)
	if section == "" {
		fmt.Fprintf(stderr, "alliance new: site.yaml has no section of kind %s\n", kind)
		return ExitSite
	}
	out, err := renderArchetype(*src, kind, newData(cfg, *src, section, kind, title, time.Now()))
	if err != nil {
		fmt.Fprintf(stderr, "alliance new: %v\n", err)
		return ExitSite
	}
	file := filepath.Join(*src, "content", section, name+".md")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		fmt.Fprintf(stderr, "alliance new: %v\n", err)
		return ExitSite
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(stderr, "alliance new: %s already exists; nothing was written\n", file)
		return ExitSite
	}
	if err != nil {
		fmt.Fprintf(stderr, "alliance new: %v\n", err)
		return ExitSite
	}
	if _, err := f.Write(out); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "alliance new: %v\n", err)
		return ExitSite
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "alliance new: %v\n", err)
		return ExitSite
	}
	fmt.Fprintln(stdout, file)
	return ExitOK
}

// runNewSite writes a minimal site into dir, which must be new or empty: a
// site.yaml, one post, one chapter, one event and a .gitignore, that build
// at once.
func runNewSite(dir string, stdout, stderr io.Writer) int {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "alliance new site: %s already holds files; nothing was written (want a new or empty folder)\n", dir)
		return ExitSite
	}
	base := filepath.Base(filepath.Clean(dir))
	if abs, err := filepath.Abs(dir); err == nil {
		base = filepath.Base(abs)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Now().In(paris).Truncate(time.Minute)
	start := time.Date(now.Year(), now.Month(), now.Day()+14, 14, 0, 0, 0, paris)
	data := archetypeData{
		Title: ucfirst(strings.ReplaceAll(base, "-", " ")),
		Date:  now.Format(time.RFC3339), Start: start.Format(time.RFC3339), End: start.Add(3 * time.Hour).Format(time.RFC3339),
	}
	var written []string
	err := fs.WalkDir(newSite, "newsite", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := fs.ReadFile(newSite, p)
		if err != nil {
			return err
		}
		out, err := expand(p, string(text), data)
		if err != nil {
			return err
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, "newsite/"), ".tmpl")
		if rel == "gitignore" {
			rel = ".gitignore"
		}
		file := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, out, 0o644); err != nil {
			return err
		}
		written = append(written, rel)
		return nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "alliance new site: %v\n", err)
		return ExitSite
	}
	fmt.Fprintf(stdout, "A new site in %s: %s.\n", dir, strings.Join(written, ", "))
	fmt.Fprintf(stdout, "Next:\n  alliance serve -s %s     # see it at http://127.0.0.1:1313/ while you write\n  alliance build -s %s     # publish it into %s\n", dir, dir, filepath.Join(dir, "public"))
	return ExitOK
}

func ucfirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func newData(cfg *config.Config, src, section, kind, title string, now time.Time) archetypeData {
	now = now.In(cfg.Location).Truncate(time.Second)
	start := time.Date(now.Year(), now.Month(), now.Day()+7, 10, 0, 0, 0, cfg.Location)
	d := archetypeData{
		Title: title, Date: now.Format(time.RFC3339),
		Start: start.Format(time.RFC3339), End: start.Add(2 * time.Hour).Format(time.RFC3339),
		Organizer: cfg.Author.Name, Weight: 10,
	}
	if kind == config.TypeCharter {
		d.Weight = nextWeight(filepath.Join(src, "content", section))
	}
	return d
}

// nextWeight returns the next multiple of 10 after the chapters' weights.
func nextWeight(dir string) int {
	top := 0
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".md" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		front, err := content.SplitFront(data)
		if err != nil {
			continue
		}
		if w, ok := front.Values["weight"].(int); ok && w > top {
			top = w
		}
	}
	return (top/10 + 1) * 10
}

func renderArchetype(src, kind string, d archetypeData) ([]byte, error) {
	text, err := os.ReadFile(filepath.Join(src, "archetypes", kind+".md"))
	name := "archetypes/" + kind + ".md"
	if err != nil {
		if text, err = fs.ReadFile(archetypes, name); err != nil {
			return nil, err
		}
	}
	return expand(name, string(text), d)
}

// shortcodesOut and shortcodesIn hide the shortcodes of an archetype from
// text/template, as Hugo does, and bring them back.
var (
	shortcodesOut = strings.NewReplacer("{{<", "{x{<", "{{%", "{x{%", ">}}", ">}x}", "%}}", "%}x}")
	shortcodesIn  = strings.NewReplacer("{x{<", "{{<", "{x{%", "{{%", ">}x}", ">}}", "%}x}", "%}}")
)

// expand runs the text/template text, an archetype or a file of a new
// site, with d. Its shortcodes ({{< video >}}) are kept as they are.
func expand(name, text string, d archetypeData) ([]byte, error) {
	text = shortcodesOut.Replace(text)
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{
		// yaml quotes a value: a JSON string is a valid YAML scalar.
		"yaml": func(s string) string { b, _ := json.Marshal(s); return string(b) },
	}).Parse(text)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, err
	}
	return []byte(shortcodesIn.Replace(b.String())), nil
}
