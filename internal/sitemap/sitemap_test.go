package sitemap

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestXML(t *testing.T) {
	out := XML([]URL{
		{Loc: "https://example.org/", Lastmod: time.Date(2022, 6, 2, 13, 0, 0, 0, time.UTC)},
		{Loc: "https://example.org/tags/r&d/"},
	})
	var doc struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.URLs) != 2 || doc.URLs[0].Lastmod != "2022-06-02T13:00:00Z" || doc.URLs[1].Loc != "https://example.org/tags/r&d/" || doc.URLs[1].Lastmod != "" {
		t.Errorf("sitemap: %+v\n%s", doc, out)
	}
	if !strings.Contains(string(Robots("https://example.org/sitemap.xml")), "Sitemap: https://example.org/sitemap.xml") {
		t.Error("robots.txt lacks the sitemap")
	}
}
