// Package sitemap writes sitemap.xml (sitemaps.org protocol 0.9) and
// robots.txt.
package sitemap

import (
	"bytes"
	"encoding/xml"
	"time"
)

// URL is one entry of a sitemap.
type URL struct {
	Loc     string    // absolute URL
	Lastmod time.Time // zero: omitted
}

// XML returns the sitemap of urls, in the given order.
func XML(urls []URL) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(u.Loc))
		b.WriteString("</loc>")
		if !u.Lastmod.IsZero() {
			b.WriteString("<lastmod>" + u.Lastmod.Format(time.RFC3339) + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// Robots returns a robots.txt that allows everything and names the sitemap.
func Robots(sitemapURL string) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + sitemapURL + "\n")
}
