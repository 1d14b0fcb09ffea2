// Package config parses a site's configuration, site.yaml, strictly: an
// unknown key, a value of the wrong type or a bad value is a diag error with
// its line, and every optional setting gets its default.
//
// # Keys
//
//	title: "Réseau des catalyseurs territoriaux"  # required
//	baseURL: "https://example.org/"                 # required, absolute http(s) URL
//	language: fr                                    # html lang, dates, typography
//	timezone: Europe/Paris                          # for dates without offset, events
//	description: "..."
//	author: { name: "...", email: "..." }
//	paginate: 10                                    # list pages per pager page
//	feed: { limit: 20, fullContent: true }
//	events: { horizon: 12 }                         # months of a series' occurrences listed
//	markdown: { unsafeHTML: false, typography: true }
//	images: { widths: [480, 800, 1200, 1600], quality: 80, maxPixels: 50000000 }
//	sections: { actualites: news, charte: charter, evenements: event }
//	menu: [ { name: "Actualités", url: "/actualites/" } ]
//	params: { ... }                                 # free map for layouts
//	email:                                          # e-mail editions (alliance email)
//	  editions: true                                # every build writes each post's email.html, email.txt
//	  unsubscribe: "https://example.org/lettre/desinscription"  # or mailto:; List-Unsubscribe
//	  smtp: { host: smtp.example.org, port: 587, user: "...", passwordEnv: ALLIANCE_SMTP_PASSWORD }
package config

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve on machines without tzdata

	"go.yaml.in/yaml/v3"

	"github.com/catalyseurs/alliance/internal/diag"
)

// Content types a section can hold (.Type in layouts, as in Hugo).
const (
	TypeNews    = "news"
	TypeCharter = "charter"
	TypeEvent   = "event"
	TypePlain   = "page"
)

// Config is a parsed, validated site configuration with defaults applied.
type Config struct {
	Title       string
	BaseURL     string // absolute, always ends with "/"
	Language    string
	Timezone    string
	Location    *time.Location // from Timezone
	Description string
	Author      Author
	Paginate    int
	Feed        Feed
	Events      Events
	Markdown    Markdown
	Images      Images
	Sections    map[string]string // directory name -> content type
	Menu        []MenuItem
	Params      map[string]any
	Email       Email
	// Preserved for the build to read the source file position of keys.
	File string
}

// Author is the site's default author, used by feeds.
type Author struct {
	Name  string
	Email string
}

// Feed configures the RSS, Atom and JSON feeds.
type Feed struct {
	Limit       int  // items per feed; default 20
	FullContent bool // whole content in items; default true
}

// Events configures event pages.
type Events struct {
	// Horizon is how many months ahead a recurring event's page lists
	// its occurrences; default 12.
	Horizon int
}

// Markdown configures the Markdown converter.
type Markdown struct {
	UnsafeHTML bool // render raw HTML instead of escaping it
	Typography bool // French typography; default true when language is fr
}

// Email configures the e-mail editions and their test sends.
type Email struct {
	// Editions says whether builds write each news post's e-mail edition
	// (email.html and email.txt): true unless email.editions is false. An
	// edition costs about 1 ms of CPU per post (parsing, CSS inlining,
	// the text part, the layouts: see README, Performance), which a site
	// that sends no letter saves with editions: false; `alliance email`
	// makes its message either way.
	Editions bool
	// Unsubscribe is the https: or mailto: URL of List-Unsubscribe and
	// of the editions' unsubscribe link; "" for none.
	Unsubscribe string
	SMTP        SMTP
}

// SMTP is the server of test sends (alliance email --send-test).
type SMTP struct {
	Host string
	Port int // default 587
	User string
	// PasswordEnv names the environment variable holding the password,
	// which never sits in site.yaml; default ALLIANCE_SMTP_PASSWORD.
	PasswordEnv string
}

// DefaultPasswordEnv is the variable read for the SMTP password when
// email.smtp.passwordEnv is not set.
const DefaultPasswordEnv = "ALLIANCE_SMTP_PASSWORD"

// Images configures the processing of images (package images); zero
// fields take its defaults.
type Images struct {
	Widths    []int // widths of a <picture>'s srcset, in pixels; default 480, 800, 1200, 1600
	Quality   int   // JPEG and WebP quality, 1 to 100; default 80
	MaxPixels int64 // the largest image accepted, in pixels; default 50,000,000
}

// MenuItem is one entry of the site menu.
type MenuItem struct {
	Name   string
	URL    string
	Weight int
}

// Default returns the configuration used for every key site.yaml leaves out.
func Default() *Config {
	return &Config{
		Language: "fr",
		Timezone: "Europe/Paris",
		Location: mustLoad("Europe/Paris"),
		Paginate: 10,
		Feed:     Feed{Limit: 20, FullContent: true},
		Events:   Events{Horizon: 12},
		Markdown: Markdown{Typography: true},
		Sections: map[string]string{"actualites": TypeNews, "charte": TypeCharter, "evenements": TypeEvent},
		Params:   map[string]any{},
		Email:    Email{Editions: true, SMTP: SMTP{Port: 587, PasswordEnv: DefaultPasswordEnv}},
	}
}

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Parse parses site.yaml's bytes; file names the source in errors.
// All problems found are returned together as a diag.List.
func Parse(file string, src []byte) (*Config, error) {
	c := Default()
	c.File = file
	d := &decoder{file: file}
	if line := diag.InvalidUTF8(src); line > 0 {
		d.errs.Add(diag.Pos{File: file, Line: line}, "the file is not valid UTF-8", "text saved as UTF-8")
		return nil, d.errs.Err()
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := YAMLError(err)
		d.errs.Add(diag.Pos{File: file, Line: max(line, 1)}, "invalid YAML: "+msg, "")
		return nil, d.errs.Err()
	}
	if len(doc.Content) == 0 {
		d.errs.Add(diag.Pos{File: file, Line: 1}, "empty configuration", "at least title and baseURL")
		return nil, d.errs.Err()
	}
	root := doc.Content[0]
	typographySet := false
	d.mapping(root, "", map[string]func(*yaml.Node){
		"title":       func(n *yaml.Node) { c.Title = d.str(n, "title") },
		"baseURL":     func(n *yaml.Node) { c.BaseURL = d.str(n, "baseURL") },
		"language":    func(n *yaml.Node) { c.Language = d.str(n, "language") },
		"timezone":    func(n *yaml.Node) { c.Timezone = d.str(n, "timezone"); c.Location = d.zone(n, c.Timezone) },
		"description": func(n *yaml.Node) { c.Description = d.str(n, "description") },
		"author": func(n *yaml.Node) {
			d.mapping(n, "author.", map[string]func(*yaml.Node){
				"name":  func(n *yaml.Node) { c.Author.Name = d.str(n, "author.name") },
				"email": func(n *yaml.Node) { c.Author.Email = d.str(n, "author.email") },
			})
		},
		"paginate": func(n *yaml.Node) { c.Paginate = d.posInt(n, "paginate") },
		"events": func(n *yaml.Node) {
			d.mapping(n, "events.", map[string]func(*yaml.Node){
				"horizon": func(n *yaml.Node) { c.Events.Horizon = d.posInt(n, "events.horizon") },
			})
		},
		"feed": func(n *yaml.Node) {
			d.mapping(n, "feed.", map[string]func(*yaml.Node){
				"limit":       func(n *yaml.Node) { c.Feed.Limit = d.posInt(n, "feed.limit") },
				"fullContent": func(n *yaml.Node) { c.Feed.FullContent = d.boolean(n, "feed.fullContent") },
			})
		},
		"markdown": func(n *yaml.Node) {
			d.mapping(n, "markdown.", map[string]func(*yaml.Node){
				"unsafeHTML": func(n *yaml.Node) { c.Markdown.UnsafeHTML = d.boolean(n, "markdown.unsafeHTML") },
				"typography": func(n *yaml.Node) {
					c.Markdown.Typography = d.boolean(n, "markdown.typography")
					typographySet = true
				},
			})
		},
		"images": func(n *yaml.Node) {
			d.mapping(n, "images.", map[string]func(*yaml.Node){
				"widths": func(n *yaml.Node) { c.Images.Widths = d.widths(n) },
				"quality": func(n *yaml.Node) {
					if c.Images.Quality = d.posInt(n, "images.quality"); c.Images.Quality > 100 {
						d.errorf(n, fmt.Sprintf("images.quality: %d is over 100", c.Images.Quality), "a quality from 1 to 100")
					}
				},
				"maxPixels": func(n *yaml.Node) { c.Images.MaxPixels = int64(d.posInt(n, "images.maxPixels")) },
			})
		},
		"sections": func(n *yaml.Node) { c.Sections = d.sections(n) },
		"menu":     func(n *yaml.Node) { c.Menu = d.menu(n) },
		"params": func(n *yaml.Node) {
			var m map[string]any
			if n.Kind != yaml.MappingNode || n.Decode(&m) != nil {
				d.errorf(n, "params: not a mapping", "key: value pairs")
				return
			}
			c.Params = m
		},
		"email": func(n *yaml.Node) { d.email(n, &c.Email) },
	})
	if c.Title == "" {
		d.errs.Add(diag.Pos{File: file, Line: 1}, "title is missing", `title: "Mon site"`)
	}
	if c.BaseURL == "" {
		d.errs.Add(diag.Pos{File: file, Line: 1}, "baseURL is missing", `baseURL: "https://example.org/"`)
	} else if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.errs.Add(diag.Pos{File: file, Line: d.line(root, "baseURL")}, fmt.Sprintf("baseURL %q is not an absolute http(s) URL", c.BaseURL), `"https://example.org/"`)
	} else if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if !typographySet {
		c.Markdown.Typography = strings.HasPrefix(c.Language, "fr")
	}
	return c, d.errs.Err()
}

// SectionNames returns the configured section directories, sorted.
func (c *Config) SectionNames() []string {
	names := make([]string, 0, len(c.Sections))
	for n := range c.Sections {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// SectionOf returns the directory holding kind, or "" if none does.
func (c *Config) SectionOf(kind string) string {
	for _, n := range c.SectionNames() {
		if c.Sections[n] == kind {
			return n
		}
	}
	return ""
}
