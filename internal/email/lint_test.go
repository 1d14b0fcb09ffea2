package email

import (
	"fmt"
	"strings"
	"testing"
)

func TestLint(t *testing.T) {
	tests := []struct {
		name string
		html string
		want []string // "line rule", in order
	}{
		{"clean", `<p><a href="https://example.org/">x</a> <img src="https://example.org/a.jpg" alt="a" width="100" height="50"></p>`, nil},
		{"img without alt, width, height", "<p>\n<img src=\"https://example.org/a.png\">\n<img src=\"https://example.org/b.png\" alt=\"\" width=\"10\">", []string{"2 img", "3 img"}},
		{"relative URLs", "<a href=\"/actualites/\">a</a>\n<img src=\"logo.png\" alt=\"\" width=\"1\" height=\"1\">\n<a href=\"//cdn.example.org/x\">b</a>\n<a href=\"#haut\">c</a>\n<a href=\"https:///x\">d</a>",
			[]string{"1 relative-url", "2 relative-url", "3 relative-url", "4 relative-url", "5 relative-url"}},
		{"absolute URLs of any scheme", `<a href="mailto:a@example.org">a</a><a href="tel:+33100000000">t</a><a href="https://example.org/x?y#z">h</a>`, nil},
		{"script", "<p>x</p>\n<script>alert(1)</script>\n<a href=\"javascript:void(0)\">j</a>", []string{"2 script", "3 script"}},
		{"external style sheet", `<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">`, []string{"1 stylesheet"}},
		{"link that is no style sheet", `<link rel="icon" href="https://example.org/favicon.png">`, nil},
		{"web font and import", "<style>\n@import url(https://example.org/a.css);\n@font-face { font-family: X; src: url(https://example.org/x.woff2) }\n</style>", []string{"2 stylesheet", "3 web-font"}},
		{"srcset and picture", "<picture><source srcset=\"https://example.org/a.webp\" type=\"image/webp\">\n<img src=\"https://example.org/a.jpg\" srcset=\"https://example.org/a2.jpg 2x\" alt=\"a\" width=\"1\" height=\"1\"></picture>",
			[]string{"1 picture", "1 srcset", "2 srcset"}},
		{"WebP, SVG and data images", "<img src=\"https://example.org/a.webp\" alt=\"a\" width=\"1\" height=\"1\">\n<img src=\"https://example.org/a.svg?v=2\" alt=\"a\" width=\"1\" height=\"1\">\n<img src=\"data:image/png;base64,AAAA\" alt=\"a\" width=\"1\" height=\"1\">",
			[]string{"1 image-format", "2 image-format", "3 image-format"}},
		{"JPEG, PNG and GIF", `<img src="https://example.org/a.JPG" alt="a" width="1" height="1"><img src="https://example.org/a.png" alt="a" width="1" height="1"><img src="https://example.org/a.gif" alt="a" width="1" height="1">`, nil},
		{"CSS that clients drop", "<div style=\"position:absolute;top:0\">a</div>\n<div style=\"float:left\">b</div>\n<img style=\"float:right\" src=\"https://example.org/a.jpg\" alt=\"a\" width=\"1\" height=\"1\">\n<div style=\"display:flex\">c</div>\n<div style=\"color:var(--x)\">d</div>\n<div style=\"background-image:url(https://example.org/a.jpg)\">e</div>\n<td style=\"background:#fff url(https://example.org/a.jpg)\">f</td>",
			[]string{"1 css-position", "2 css-float", "4 css-flex-grid", "5 css-var", "6 css-background"}},
		{"static position and block display are fine", `<div style="position:static;display:block;float:none">a</div>`, nil},
		{"relative url() in a style", `<td style="background-image:url('fond.jpg')">a</td>`, []string{"1 relative-url"}},
		{"too wide", "<table width=\"640\"><tr><td style=\"width:700px\">a</td></tr></table>\n<table width=\"100%\" style=\"max-width:600px;min-width:620px\"></table>\n<img src=\"https://example.org/a.jpg\" alt=\"a\" width=\"600\" height=\"1\">",
			[]string{"1 width", "1 width", "2 width"}},
		{"rules left in style", "<style>\n.a { color: red }\n@media (max-width: 600px) { .a { color: blue } }\na:hover { color: green }\np::first-line { color: red }\n</style>",
			[]string{"2 not-inlined", "5 not-inlined"}},
		{"CSS syntax error", "<style>\np { color: red }\n} .b { color: blue }\n</style>", []string{"2 not-inlined", "3 css-syntax", "3 not-inlined"}},
		{"a comment is not the layout", `<!--[if mso]><table width="800"><tr><td><![endif]--><p>x</p>`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			findings := Lint([]byte(tc.html))
			for _, f := range findings {
				got = append(got, fmt.Sprintf("%d %s", f.Line, f.Rule))
			}
			if strings.Join(got, ", ") != strings.Join(tc.want, ", ") {
				t.Errorf("Lint(%q)\n got: %q\nwant: %q\n%s", tc.html, got, tc.want, findings)
			}
			for _, f := range findings {
				if f.Message == "" || strings.ContainsAny(f.Message, "éèàç") {
					t.Errorf("finding without an English message: %v", f)
				}
			}
		})
	}
}

func TestLintSize(t *testing.T) {
	small := "<p>" + strings.Repeat("a", MaxHTMLSize-7) + "</p>"
	if f := Lint([]byte(small)); len(f) != 0 {
		t.Errorf("%d bytes: %v", len(small), f)
	}
	big := "<p>" + strings.Repeat("a", MaxHTMLSize) + "</p>"
	f := Lint([]byte(big))
	if len(f) != 1 || f[0].Rule != "size" || f[0].Line != 0 {
		t.Errorf("%d bytes: %v", len(big), f)
	}
}

// TestLintEdition checks that the sample edition, once inlined, is clean,
// and that before inlining its rules are reported as not inlined.
func TestLintEdition(t *testing.T) {
	src := readEdition(t)
	inlined, err := Inline(src)
	if err != nil {
		t.Fatal(err)
	}
	if f := Lint(inlined); len(f) != 0 {
		t.Errorf("the inlined edition has findings:\n%v", f)
	}
	if len(inlined) > MaxHTMLSize/4 {
		t.Errorf("the inlined edition is %d bytes: a sample should leave room under %d", len(inlined), MaxHTMLSize)
	}
	f := Lint(src)
	if len(f) == 0 || f[0].Rule != "not-inlined" || f[0].Line != 15 {
		t.Errorf("the edition before inlining: first finding %v, want not-inlined on line 15 (body {...})", f)
	}
}
