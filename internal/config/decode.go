package config

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/slug"
)

// decoder walks a yaml.Node tree and collects every error with its line.
type decoder struct {
	file string
	errs diag.List
}

func (d *decoder) errorf(n *yaml.Node, msg, want string) {
	d.errs.Add(diag.Pos{File: d.file, Line: n.Line}, msg, want)
}

// mapping calls fields[key] for every key of n; an unknown key is an error
// that lists the known ones.
func (d *decoder) mapping(n *yaml.Node, prefix string, fields map[string]func(*yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, fmt.Sprintf("%s: not a mapping", strings.TrimSuffix(prefix, ".")), "key: value pairs")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			d.errorf(k, fmt.Sprintf("key %s%s is set twice", prefix, k.Value), "each key once")
			continue
		}
		seen[k.Value] = true
		f, ok := fields[k.Value]
		if !ok {
			known := make([]string, 0, len(fields))
			for name := range fields {
				known = append(known, prefix+name)
			}
			sort.Strings(known)
			msg := fmt.Sprintf("unknown key %q", prefix+k.Value)
			if near := diag.Closest(k.Value, slices.Collect(maps.Keys(fields))); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", prefix+near)
			}
			d.errorf(k, msg, "one of "+strings.Join(known, ", "))
			continue
		}
		f(v)
	}
}

func (d *decoder) line(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i].Line
		}
	}
	return n.Line
}

func (d *decoder) scalar(n *yaml.Node, key, want string) bool {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, fmt.Sprintf("%s: not a single value", key), want)
		return false
	}
	return true
}

func (d *decoder) str(n *yaml.Node, key string) string {
	if !d.scalar(n, key, "a string") {
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func (d *decoder) posInt(n *yaml.Node, key string) int {
	if !d.scalar(n, key, "a whole number above 0") {
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v <= 0 || n.Tag != "!!int" {
		d.errorf(n, fmt.Sprintf("%s: %q is not a whole number above 0", key, n.Value), "for example 10")
		return 0
	}
	return v
}

func (d *decoder) boolean(n *yaml.Node, key string) bool {
	if !d.scalar(n, key, "true or false") {
		return false
	}
	if n.Tag != "!!bool" {
		d.errorf(n, fmt.Sprintf("%s: %q is not a boolean", key, n.Value), "true or false")
		return false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

func (d *decoder) zone(n *yaml.Node, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		d.errorf(n, fmt.Sprintf("timezone %q is not a known time zone", name), "an IANA name such as Europe/Paris")
		return time.UTC
	}
	return loc
}

func (d *decoder) sections(n *yaml.Node) map[string]string {
	out := map[string]string{}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "sections: not a mapping", "directory: news|charter|event|page")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		dir := k.Value
		if dir == "" || dir != slug.Make(dir) {
			d.errorf(k, fmt.Sprintf("sections: %q is not a valid directory name", dir), "lower-case letters, digits and hyphens")
			continue
		}
		if dir == "tags" || dir == "search" {
			d.errorf(k, fmt.Sprintf("sections: %q is reserved", dir), "another directory name")
			continue
		}
		kind := d.str(v, "sections."+dir)
		switch kind {
		case TypeNews, TypeCharter, TypeEvent, TypePlain:
			out[dir] = kind
		default:
			d.errorf(v, fmt.Sprintf("sections.%s: unknown kind %q", dir, kind), "news, charter, event or page")
		}
	}
	seen := map[string]string{}
	for _, dir := range sortedKeys(out) {
		k := out[dir]
		if k == TypePlain {
			continue
		}
		if other, dup := seen[k]; dup {
			d.errorf(n, fmt.Sprintf("sections: kind %s is given to both %s and %s", k, other, dir), "one directory per kind")
		}
		seen[k] = dir
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// widths reads images.widths: a list of widths in pixels, from 16 to
// 10,000, each larger than the one before.
func (d *decoder) widths(n *yaml.Node) []int {
	const want = "a list of widths in pixels, ascending, such as [480, 800, 1200, 1600]"
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n, "images.widths: not a list of widths", want)
		return nil
	}
	var out []int
	for _, e := range n.Content {
		w := d.posInt(e, "images.widths")
		switch {
		case w == 0:
			return nil
		case w < 16 || w > 10000:
			d.errorf(e, fmt.Sprintf("images.widths: %d is not between 16 and 10000", w), want)
			return nil
		case len(out) > 0 && w <= out[len(out)-1]:
			d.errorf(e, fmt.Sprintf("images.widths: %d is not larger than the width before it", w), want)
			return nil
		}
		out = append(out, w)
	}
	return out
}

func (d *decoder) menu(n *yaml.Node) []MenuItem {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "menu: not a list", `- { name: "Actualités", url: "/actualites/" }`)
		return nil
	}
	var items []MenuItem
	for _, e := range n.Content {
		var it MenuItem
		d.mapping(e, "menu.", map[string]func(*yaml.Node){
			"name":   func(n *yaml.Node) { it.Name = d.str(n, "menu.name") },
			"url":    func(n *yaml.Node) { it.URL = d.str(n, "menu.url") },
			"weight": func(n *yaml.Node) { it.Weight = d.posInt(n, "menu.weight") },
		})
		if e.Kind == yaml.MappingNode && (it.Name == "" || it.URL == "") {
			d.errorf(e, "menu entry needs a name and a url", `{ name: "Actualités", url: "/actualites/" }`)
			continue
		}
		items = append(items, it)
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Weight < items[j].Weight })
	return items
}

func (d *decoder) email(n *yaml.Node, e *Email) {
	d.mapping(n, "email.", map[string]func(*yaml.Node){
		"editions": func(n *yaml.Node) { e.Editions = d.boolean(n, "email.editions") },
		"unsubscribe": func(n *yaml.Node) {
			e.Unsubscribe = d.str(n, "email.unsubscribe")
			if u, err := url.Parse(e.Unsubscribe); e.Unsubscribe != "" && (err != nil || !(u.Scheme == "https" && u.Host != "" || u.Scheme == "mailto" && u.Opaque != "")) {
				d.errorf(n, fmt.Sprintf("email.unsubscribe: %q is neither an https: nor a mailto: URL", e.Unsubscribe), `"https://example.org/desinscription" or "mailto:lettre@example.org?subject=unsubscribe"`)
				e.Unsubscribe = ""
			}
		},
		"smtp": func(n *yaml.Node) {
			d.mapping(n, "email.smtp.", map[string]func(*yaml.Node){
				"host": func(n *yaml.Node) { e.SMTP.Host = d.str(n, "email.smtp.host") },
				"port": func(n *yaml.Node) {
					if e.SMTP.Port = d.posInt(n, "email.smtp.port"); e.SMTP.Port > 65535 {
						d.errorf(n, fmt.Sprintf("email.smtp.port: %d is not a port", e.SMTP.Port), "587, 465 or 25")
					}
				},
				"user": func(n *yaml.Node) { e.SMTP.User = d.str(n, "email.smtp.user") },
				"passwordEnv": func(n *yaml.Node) {
					e.SMTP.PasswordEnv = d.str(n, "email.smtp.passwordEnv")
					if !envName.MatchString(e.SMTP.PasswordEnv) {
						d.errorf(n, fmt.Sprintf("email.smtp.passwordEnv: %q is not the name of an environment variable", e.SMTP.PasswordEnv), "for example ALLIANCE_SMTP_PASSWORD (the password itself never goes in site.yaml)")
					}
				},
				"password": func(n *yaml.Node) {
					d.errorf(n, "email.smtp.password: the password does not go in site.yaml", "passwordEnv: NAME, the environment variable that holds it (default "+DefaultPasswordEnv+")")
				},
			})
		},
	})
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

var yamlLine = regexp.MustCompile(`line (\d+): `)

// YAMLError splits a yaml.v3 syntax error, which is not typed, into the
// line it names (0 when it names none) and its message without "yaml:"
// and the line. Front matter errors use it too.
func YAMLError(err error) (line int, msg string) {
	s := err.Error()
	if m := yamlLine.FindStringSubmatch(s); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	return line, yamlLine.ReplaceAllString(strings.TrimPrefix(s, "yaml: "), "")
}
