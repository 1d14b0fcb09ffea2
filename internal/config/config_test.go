package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	src := `title: "Réseau"
baseURL: "https://example.org/sub"
language: fr
timezone: Europe/Paris
description: "d"
author: { name: "A", email: "a@example.org" }
paginate: 5
feed: { limit: 7, fullContent: false }
markdown: { unsafeHTML: true }
sections:
  actualites: news
  charte: charter
  evenements: event
  ressources: page
menu:
  - { name: "Actualités", url: "/actualites/" }
  - { name: "Charte", url: "/charte/" }
params: { color: blue }
`
	c, err := Parse("site.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://example.org/sub/" {
		t.Errorf("BaseURL = %q", c.BaseURL)
	}
	if c.Paginate != 5 || c.Feed.Limit != 7 || c.Feed.FullContent || !c.Markdown.UnsafeHTML || !c.Markdown.Typography {
		t.Errorf("values not decoded: %+v", c)
	}
	if c.Sections["ressources"] != TypePlain || len(c.Menu) != 2 || c.Params["color"] != "blue" {
		t.Errorf("sections/menu/params: %+v %+v %+v", c.Sections, c.Menu, c.Params)
	}
	if c.Location.String() != "Europe/Paris" {
		t.Errorf("location %v", c.Location)
	}
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse("site.yaml", []byte("title: T\nbaseURL: https://x.org\nlanguage: en\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Paginate != 10 || c.Feed.Limit != 20 || !c.Feed.FullContent || c.Markdown.Typography || len(c.Sections) != 3 {
		t.Errorf("defaults wrong: %+v", c)
	}
}

func TestParseEmail(t *testing.T) {
	c, err := Parse("site.yaml", []byte("title: T\nbaseURL: https://x.org\nemail:\n  unsubscribe: \"mailto:lettre@x.org?subject=stop\"\n  smtp: { host: smtp.x.org, port: 465, user: u, passwordEnv: MY_PASS }\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Email{Editions: true, Unsubscribe: "mailto:lettre@x.org?subject=stop", SMTP: SMTP{Host: "smtp.x.org", Port: 465, User: "u", PasswordEnv: "MY_PASS"}}
	if c.Email != want {
		t.Errorf("email = %+v, want %+v", c.Email, want)
	}
	// Editions are on by default; editions: false turns them off.
	tests := []struct {
		name, yaml string
		want       bool
	}{
		{"no email section", "", true},
		{"an email section without editions", "email: { unsubscribe: \"mailto:a@x.org\" }\n", true},
		{"editions: true", "email: { editions: true }\n", true},
		{"editions: false", "email: { editions: false }\n", false},
	}
	for _, tc := range tests {
		d, err := Parse("site.yaml", []byte("title: T\nbaseURL: https://x.org\n"+tc.yaml))
		if err != nil {
			t.Fatal(err)
		}
		if d.Email.Editions != tc.want {
			t.Errorf("%s: editions = %t, want %t", tc.name, d.Email.Editions, tc.want)
		}
		if tc.yaml == "" {
			if want := (Email{Editions: true, SMTP: SMTP{Port: 587, PasswordEnv: DefaultPasswordEnv}}); d.Email != want {
				t.Errorf("default email = %+v, want %+v", d.Email, want)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // each must appear in the error text
	}{
		{"unknown key", "title: T\nbaseURL: https://x.org/\ntitel: x\n", []string{"site.yaml:3: unknown key \"titel\""}},
		{"unknown nested key", "title: T\nbaseURL: https://x.org/\nfeed:\n  limt: 3\n", []string{"site.yaml:4: unknown key \"feed.limt\""}},
		{"wrong type", "title: T\nbaseURL: https://x.org/\npaginate: ten\n", []string{"site.yaml:3: paginate: \"ten\" is not a whole number"}},
		{"negative", "title: T\nbaseURL: https://x.org/\npaginate: -1\n", []string{"site.yaml:3: paginate"}},
		{"bad bool", "title: T\nbaseURL: https://x.org/\nmarkdown: { unsafeHTML: yes please }\n", []string{"site.yaml:3: markdown.unsafeHTML"}},
		{"bad zone", "title: T\nbaseURL: https://x.org/\ntimezone: Mars/Olympus\n", []string{"site.yaml:3: timezone \"Mars/Olympus\""}},
		{"bad url", "title: T\nbaseURL: example.org\n", []string{"site.yaml:2: baseURL"}},
		{"missing", "language: fr\n", []string{"title is missing", "baseURL is missing"}},
		{"syntax", "title: [\n", []string{"site.yaml:"}},
		{"bad kind", "title: T\nbaseURL: https://x.org/\nsections:\n  blog: blog\n", []string{"site.yaml:4: sections.blog: unknown kind"}},
		{"several at once", "title: T\nbaseURL: https://x.org/\nfoo: 1\nbar: 2\n", []string{"site.yaml:3: unknown key \"foo\"", "site.yaml:4: unknown key \"bar\""}},
		{"twice", "title: T\ntitle: U\nbaseURL: https://x.org/\n", []string{"site.yaml:2:"}},
		{"empty", "", []string{"empty configuration"}},
		{"menu", "title: T\nbaseURL: https://x.org/\nmenu:\n  - { name: A }\n", []string{"site.yaml:4: menu entry needs"}},
		{"unsubscribe not https or mailto", "title: T\nbaseURL: https://x.org/\nemail:\n  unsubscribe: http://x.org/d\n", []string{"site.yaml:4: email.unsubscribe"}},
		{"unsubscribe relative", "title: T\nbaseURL: https://x.org/\nemail: { unsubscribe: /desinscription }\n", []string{"site.yaml:3: email.unsubscribe"}},
		{"password in site.yaml", "title: T\nbaseURL: https://x.org/\nemail:\n  smtp:\n    host: h\n    password: secret\n", []string{"site.yaml:6: email.smtp.password: the password does not go in site.yaml"}},
		{"port out of range", "title: T\nbaseURL: https://x.org/\nemail: { smtp: { port: 70000 } }\n", []string{"site.yaml:3: email.smtp.port"}},
		{"bad env name", "title: T\nbaseURL: https://x.org/\nemail: { smtp: { passwordEnv: \"MY PASS\" } }\n", []string{"site.yaml:3: email.smtp.passwordEnv"}},
		{"unknown email key", "title: T\nbaseURL: https://x.org/\nemail: { unsubscribe: \"mailto:a@x.org\", smtp: { hots: h } }\n", []string{"unknown key \"email.smtp.hots\" (did you mean \"email.smtp.host\"?)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("site.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("title: T\nbaseURL: https://x.org/\n"))
	f.Add([]byte("title: [\n"))
	f.Add([]byte("menu:\n  - { name: A, url: /a/ }\nsections: { a: news }\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse("site.yaml", src)
		if err == nil {
			if c.Title == "" || !strings.HasSuffix(c.BaseURL, "/") || c.Location == nil || c.Paginate <= 0 {
				t.Fatalf("accepted an incomplete config: %+v", c)
			}
		} else if c != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}

func TestParseImages(t *testing.T) {
	c, err := Parse("site.yaml", []byte("title: T\nbaseURL: https://x.org/\nimages: { widths: [320, 640], quality: 70, maxPixels: 1000000 }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(c.Images.Widths) != "[320 640]" || c.Images.Quality != 70 || c.Images.MaxPixels != 1000000 {
		t.Errorf("images: %+v", c.Images)
	}
	if d := Default().Images; d.Widths != nil || d.Quality != 0 || d.MaxPixels != 0 {
		t.Errorf("default images %+v, want zero (package images' defaults)", d)
	}
	for _, c := range []struct{ yaml, want string }{
		{"images: { widths: [800, 480] }", "site.yaml:3: images.widths: 480 is not larger than the width before it"},
		{"images: { widths: [8] }", "site.yaml:3: images.widths: 8 is not between 16 and 10000"},
		{"images: { widths: 800 }", "site.yaml:3: images.widths: not a list of widths"},
		{"images: { quality: 101 }", "site.yaml:3: images.quality: 101 is over 100"},
		{"images: { quality: 0 }", "site.yaml:3: images.quality: \"0\" is not a whole number above 0"},
		{"images: { maxPixel: 5 }", "site.yaml:3: "},
	} {
		_, err := Parse("site.yaml", []byte("title: T\nbaseURL: https://x.org/\n"+c.yaml+"\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.yaml, err, c.want)
		}
	}
}
