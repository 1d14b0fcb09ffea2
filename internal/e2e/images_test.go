package e2e

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance/internal/cli"
	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

// phonePrivate are the tags a phone writes, which no output may keep.
var phonePrivate = testphoto.Private{Make: "FairPhone", Model: "FP5", Artist: "Camille Martin",
	Copyright: "Camille Martin", Owner: "Camille Martin", Serial: "SN-123456789",
	Latitude: 50.62925, Longitude: 3.057256}

// phoneJPEG is a w x h photo stored sideways with EXIF orientation 6, as a
// phone held upright writes it, with GPS and camera tags.
func phoneJPEG(seed uint64, w, h int) []byte {
	return testphoto.JPEG(testphoto.Photo(seed, h, w), 85, testphoto.Exif(6, phonePrivate))
}

// transparentPNG is a w x h PNG with a transparent half.
func transparentPNG(w, h int) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(255)
			if x < w/2 {
				a = 0
			}
			m.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 200, a})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	return b.Bytes()
}

// photoSite writes a site whose news post, a page bundle, has a cover
// image and three photos (beside it, in static/, a PNG with transparency),
// and returns its folder.
func photoSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"site.yaml": []byte("title: Photos\nbaseURL: https://example.org/\n"),
		"content/actualites/balade/index.md": []byte(`---
title: Une balade en photos
date: 2026-06-02
image: couverture.jpg
imageAlt: Le bocage au printemps
---
Le texte d'introduction.

![Le lavoir du village](lavoir.jpg "Le lavoir, restauré en 2025")

Dans le texte, ![le logo](/images/logo.png) en passant.

![Une carte](carte.png)
`),
		"content/actualites/balade/couverture.jpg": phoneJPEG(1, 2000, 1500),
		"content/actualites/balade/lavoir.jpg":     phoneJPEG(2, 1700, 1200),
		"content/actualites/balade/carte.png":      transparentPNG(600, 400),
		"static/images/logo.png":                   transparentPNG(300, 120),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runCLI runs alliance with args and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

var (
	imgTag    = regexp.MustCompile(`<img [^>]*>`)
	attrRe    = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	sourceTag = regexp.MustCompile(`<source [^>]*>`)
)

// attrs returns the attributes of an HTML start tag.
func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = strings.ReplaceAll(a[2], "&amp;", "&")
	}
	return m
}

// identify returns the width and height of an image file, as ImageMagick
// reads them.
func identify(t *testing.T, tool, file string) (int, int) {
	t.Helper()
	out, err := exec.Command(tool, "-format", "%w %h", file+"[0]").CombinedOutput()
	if err != nil {
		t.Fatalf("identify %s: %v\n%s", file, err, out)
	}
	var w, h int
	if _, err := fmt.Sscanf(string(out), "%d %d", &w, &h); err != nil {
		t.Fatalf("identify %s: %q", file, out)
	}
	return w, h
}

// TestImagesThroughCLI builds a site of phone photos with the CLI and
// checks what readers get: exiftool finds no GPS, camera or owner tag in
// any output, dwebp decodes every WebP, identify finds the widths that
// srcset promises (never enlarged, the sideways photo upright), every
// <img> has width, height and alt, only the first image of a page loads at
// once, a titled image alone in its paragraph is a figure, and the cover
// is the og:image (1200x630), the JSON-LD image and the feeds' image.
func TestImagesThroughCLI(t *testing.T) {
	exiftool := requireTool(t, "exiftool")
	dwebp := requireTool(t, "dwebp")
	identifyTool := requireTool(t, "identify")
	site := photoSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	code, out, errOut := runCLI(t, "build", "-s", site, "-d", dest)
	if code != cli.ExitOK {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	outputs, _ := filepath.Glob(filepath.Join(dest, "img", "*"))
	if len(outputs) < 10 {
		t.Fatalf("img/ holds %d files: %v", len(outputs), outputs)
	}

	// exiftool: nothing of the phone's tags, in any output.
	args := append([]string{"-json", "-a", "-G1", "-n"}, outputs...)
	raw, err := exec.Command(exiftool, args...).Output()
	if err != nil {
		t.Fatalf("exiftool: %v", err)
	}
	var tags []map[string]any
	if err := json.Unmarshal(raw, &tags); err != nil {
		t.Fatal(err)
	}
	if len(tags) != len(outputs) {
		t.Fatalf("exiftool read %d files of %d", len(tags), len(outputs))
	}
	private := regexp.MustCompile(`(?i)GPS|:Make$|:Model$|Artist|Copyright|Owner|Serial|:Orientation$|XMP|ICC`)
	for _, file := range tags {
		for k, v := range file {
			if private.MatchString(k) {
				t.Errorf("%s keeps %s = %v", file["SourceFile"], k, v)
			}
		}
		for _, v := range file {
			if s, ok := v.(string); ok && (strings.Contains(s, "Camille") || strings.Contains(s, "FairPhone")) {
				t.Errorf("%s keeps %q", file["SourceFile"], s)
			}
		}
	}
	for _, f := range outputs {
		if strings.HasSuffix(f, ".webp") {
			if out, err := exec.Command(dwebp, f, "-o", os.DevNull).CombinedOutput(); err != nil {
				t.Errorf("dwebp %s: %v\n%s", f, err, out)
			}
		}
	}
	for _, raw := range []string{"actualites/balade/couverture.jpg", "actualites/balade/lavoir.jpg"} {
		if _, err := os.Stat(filepath.Join(dest, raw)); err == nil {
			t.Errorf("%s was published as it is", raw)
		}
	}

	page, err := os.ReadFile(filepath.Join(dest, "actualites/balade/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	imgs := imgTag.FindAllString(html, -1)
	if len(imgs) != 4 { // the cover and three in the text
		t.Fatalf("%d <img> on the page, want 4:\n%s", len(imgs), strings.Join(imgs, "\n"))
	}
	for i, tag := range imgs {
		a := attrs(tag)
		for _, name := range []string{"src", "srcset", "sizes", "width", "height", "alt"} {
			if _, ok := a[name]; !ok {
				t.Errorf("<img> %d lacks %s: %s", i, name, tag)
			}
		}
		lazy := a["loading"] == "lazy" && a["decoding"] == "async"
		if lazy != (i > 0) {
			t.Errorf("<img> %d: loading=%q decoding=%q (only the first loads at once)", i, a["loading"], a["decoding"])
		}
		// Each width of srcset is the file's, as identify reads it, with
		// the height of the <img>'s shape.
		w, _ := strconv.Atoi(a["width"])
		h, _ := strconv.Atoi(a["height"])
		for _, cand := range strings.Split(a["srcset"], ", ") {
			url, desc, _ := strings.Cut(cand, " ")
			gw, gh := identify(t, identifyTool, filepath.Join(dest, filepath.FromSlash(url)))
			if desc != strconv.Itoa(gw)+"w" {
				t.Errorf("%s is %d wide, srcset says %s", url, gw, desc)
			}
			if d := gh*w - h*gw; d > w || d < -w {
				t.Errorf("%s is %dx%d, not the shape of %dx%d", url, gw, gh, w, h)
			}
		}
	}
	cover := attrs(imgs[0])
	if cover["alt"] != "Le bocage au printemps" || cover["width"] != "1600" || cover["height"] != "1200" {
		t.Errorf("cover: %v (a 2000x1500 photo, stored sideways: upright 1600x1200 at most)", cover)
	}
	widths := regexp.MustCompile(` (\d+)w`).FindAllStringSubmatch(attrs(imgs[3])["srcset"], -1)
	if len(widths) != 1 || widths[0][1] != "480" {
		t.Errorf("a 600-pixel PNG has srcset %q, want 480w alone (never enlarged)", attrs(imgs[3])["srcset"])
	}
	if !strings.HasSuffix(attrs(imgs[3])["src"], ".png") || !strings.Contains(html, `<source type="image/webp"`) {
		t.Errorf("the PNG's fallback is not a PNG, or no WebP source: %s", imgs[3])
	}
	if n := len(sourceTag.FindAllString(html, -1)); n != 4 {
		t.Errorf("%d WebP <source>, want 4", n)
	}
	if !regexp.MustCompile(`<figure class="picture"><picture>.*<img [^>]*alt="Le lavoir du village"[^>]*></picture><figcaption>Le lavoir, restauré en 2025</figcaption></figure>`).MatchString(html) {
		t.Errorf("the titled image alone in its paragraph is not a figure with its caption")
	}

	og := regexp.MustCompile(`<meta property="og:image" content="([^"]+)">`).FindStringSubmatch(html)
	if og == nil {
		t.Fatalf("no og:image")
	}
	ogFile := filepath.Join(dest, strings.TrimPrefix(og[1], "https://example.org/"))
	if w, h := identify(t, identifyTool, ogFile); w != 1200 || h != 630 {
		t.Errorf("og:image is %dx%d, want 1200x630", w, h)
	}
	for _, want := range []string{`<meta property="og:image:width" content="1200">`, `<meta property="og:image:height" content="630">`,
		`<meta property="og:image:alt" content="Le bocage au printemps">`, `"image":{"@type":"ImageObject","url":"` + og[1] + `","width":1200,"height":630}`} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	info, _ := os.Stat(ogFile)

	// The feeds, read as XML and JSON.
	var rss struct {
		Items []struct {
			Enclosure struct {
				URL    string `xml:"url,attr"`
				Length int64  `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
		} `xml:"channel>item"`
	}
	data, _ := os.ReadFile(filepath.Join(dest, "feed.xml"))
	if err := xml.Unmarshal(data, &rss); err != nil || len(rss.Items) != 1 {
		t.Fatalf("feed.xml: %v, %d items", err, len(rss.Items))
	}
	if e := rss.Items[0].Enclosure; e.URL != og[1] || e.Length != info.Size() || e.Type != "image/jpeg" {
		t.Errorf("RSS enclosure %+v, want %s of %d bytes", e, og[1], info.Size())
	}
	data, _ = os.ReadFile(filepath.Join(dest, "atom.xml"))
	if !strings.Contains(string(data), `href="`+og[1]+`" rel="enclosure" type="image/jpeg" length="`+strconv.FormatInt(info.Size(), 10)+`"`) {
		t.Errorf("the Atom entry lacks the enclosure link")
	}
	var jf struct {
		Items []struct {
			Image string `json:"image"`
		} `json:"items"`
	}
	data, _ = os.ReadFile(filepath.Join(dest, "feed.json"))
	if err := json.Unmarshal(data, &jf); err != nil || len(jf.Items) != 1 || jf.Items[0].Image != og[1] {
		t.Errorf("JSON Feed image: %+v %v", jf, err)
	}

	// The list's card shows the cover, smaller, lazily.
	list, _ := os.ReadFile(filepath.Join(dest, "actualites/index.html"))
	card := imgTag.FindString(string(list))
	if a := attrs(card); !strings.Contains(a["sizes"], "12rem") || a["width"] == "" || a["alt"] != "Le bocage au printemps" {
		t.Errorf("the card's image: %s", card)
	}
}

// imageLine returns the "images:" line of a build's summary.
func imageLine(t *testing.T, out string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "images:") {
			return strings.TrimSpace(l)
		}
	}
	t.Fatalf("no images line in:\n%s", out)
	return ""
}

// cacheEntries counts the files of the site's image cache.
func cacheEntries(t *testing.T, site string) map[string]bool {
	t.Helper()
	files := map[string]bool{}
	filepath.WalkDir(filepath.Join(site, ".alliance", "images"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[p] = true
		}
		return nil
	})
	return files
}

// TestImagesCache builds the photo site again and again through the CLI:
// the second build decodes and encodes nothing and publishes the same
// bytes under the same names; renaming a photo encodes nothing; a photo no
// page uses any more leaves the cache.
func TestImagesCache(t *testing.T) {
	site := photoSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	build := func() string {
		t.Helper()
		code, out, errOut := runCLI(t, "build", "-s", site, "-d", dest)
		if code != cli.ExitOK {
			t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
		}
		return imageLine(t, out)
	}
	snapshot := func() map[string]string {
		files := map[string]string{}
		outs, _ := filepath.Glob(filepath.Join(dest, "img", "*"))
		for _, f := range outs {
			data, _ := os.ReadFile(f)
			files[filepath.Base(f)] = string(data)
		}
		return files
	}
	if line := build(); strings.Contains(line, " 0 encoded") {
		t.Errorf("first build: %s", line)
	}
	first, entries := snapshot(), cacheEntries(t, site)
	if line := build(); !strings.HasPrefix(line, "images:    0 decoded, 0 encoded,") {
		t.Errorf("second build: %s, want nothing decoded or encoded", line)
	}
	if second := snapshot(); len(second) != len(first) {
		t.Errorf("second build published %d images, the first %d", len(second), len(first))
	} else {
		for name, data := range first {
			if second[name] != data {
				t.Errorf("%s differs from one build to the next", name)
			}
		}
	}

	// Renamed: the same bytes, the same outputs but for their stem.
	bundle := filepath.Join(site, "content/actualites/balade")
	if err := os.Rename(filepath.Join(bundle, "lavoir.jpg"), filepath.Join(bundle, "le-lavoir.jpg")); err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(bundle, "index.md")
	text, _ := os.ReadFile(md)
	os.WriteFile(md, bytes.Replace(text, []byte("(lavoir.jpg"), []byte("(le-lavoir.jpg"), 1), 0o644)
	if line := build(); !strings.HasPrefix(line, "images:    0 decoded, 0 encoded,") {
		t.Errorf("after a rename: %s, want nothing decoded or encoded", line)
	}

	// Unused: its entries are pruned.
	text, _ = os.ReadFile(md)
	os.WriteFile(md, regexp.MustCompile(`(?s)!\[Le lavoir.*?\n\n`).ReplaceAll(text, nil), 0o644)
	build()
	if after := cacheEntries(t, site); len(after) >= len(entries) {
		t.Errorf("the cache holds %d files after the photo left the page, %d before", len(after), len(entries))
	}
	if _, err := os.Stat(filepath.Join(dest, "img")); err != nil {
		t.Fatal(err)
	}
	for name := range snapshot() {
		if strings.HasPrefix(name, "lavoir-") || strings.HasPrefix(name, "le-lavoir-") {
			t.Errorf("%s is still published", name)
		}
	}
}

// TestImagesBadInput checks that each bad image makes the build exit 1
// with an error naming the Markdown file, the line and the image, leaving
// DEST as it was, and that check reports an image without alt text.
func TestImagesBadInput(t *testing.T) {
	good := phoneJPEG(3, 800, 600)
	var bomb bytes.Buffer
	// A PNG header of 20,000 x 20,000 (400 million pixels): refused from
	// its header, before any decoding.
	bomb.Write([]byte("\x89PNG\r\n\x1a\n"))
	ihdr := []byte{0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20, 8, 2, 0, 0, 0}
	bomb.Write(ihdr)
	bomb.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(ihdr[4:])))
	pngBytes := transparentPNG(40, 40)
	for _, c := range []struct {
		name string
		file []byte
		want string
		as   string // the file's name, photo.jpg if ""
	}{
		{"truncated", good[:len(good)/2], `image "photo.jpg": truncated JPEG`, ""},
		{"corrupt", append(append([]byte{}, good[:200]...), bytes.Repeat([]byte{0x55}, 3000)...), `image "photo.jpg": `, ""},
		{"unsupported", append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 64)...), `image "photo.jpg": HEIC is not supported`, ""},
		{"extension lies", pngBytes, `image "photo.jpg": the name says JPEG but the file is PNG`, ""},
		{"bomb", bomb.Bytes(), `image "photo.png": 20000 x 20000 = 400,000,000 pixels, over the limit`, "photo.png"},
		{"missing", nil, `image "photo.jpg": file not found`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			site, as := t.TempDir(), c.as
			if as == "" {
				as = "photo.jpg"
			}
			hostileWrite(t, site, map[string]string{
				"site.yaml":               "title: Photos\nbaseURL: https://example.org/\n",
				"content/actualites/a.md": "---\ntitle: A\ndate: 2026-06-02\n---\nTexte.\n\n![Une photo](" + as + ")\n",
			})
			if c.file != nil {
				os.WriteFile(filepath.Join(site, "content/actualites", as), c.file, 0o644)
			}
			dest := filepath.Join(t.TempDir(), "public")
			os.MkdirAll(dest, 0o755)
			os.WriteFile(filepath.Join(dest, "index.html"), []byte("avant"), 0o644)
			code, _, errOut := runCLI(t, "build", "-s", site, "-d", dest)
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s", code, errOut)
			}
			if want := "content/actualites/a.md:7: " + c.want; !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
			if data, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(data) != "avant" {
				t.Errorf("DEST changed")
			}
		})
	}
	t.Run("cover", func(t *testing.T) {
		site := t.TempDir()
		hostileWrite(t, site, map[string]string{
			"site.yaml":               "title: Photos\nbaseURL: https://example.org/\n",
			"content/actualites/a.md": "---\ntitle: A\ndate: 2026-06-02\nimage: absente.jpg\nimageAlt: Rien\n---\nTexte.\n",
		})
		code, _, errOut := runCLI(t, "build", "-s", site, "-d", filepath.Join(t.TempDir(), "public"))
		if want := `content/actualites/a.md:4: image "absente.jpg": file not found`; code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("exit %d, stderr %q, want %q", code, errOut, want)
		}
	})
	t.Run("no alt", func(t *testing.T) {
		site := t.TempDir()
		hostileWrite(t, site, map[string]string{
			"site.yaml":                    "title: Photos\nbaseURL: https://example.org/\n",
			"content/actualites/a.md":      "---\ntitle: A\ndate: 2026-06-02\nimage: photo.jpg\n---\nTexte.\n\n![](photo.jpg)\n",
			"content/actualites/photo.jpg": string(good),
		})
		code, out, errOut := runCLI(t, "check", "-s", site)
		for _, want := range []string{"content/actualites/a.md:8: image without alt text: photo.jpg", "content/actualites/a.md:4: cover image without imageAlt: photo.jpg"} {
			if code != 1 || !strings.Contains(out+errOut, want) {
				t.Errorf("check: exit %d, output lacks %q:\n%s%s", code, want, out, errOut)
			}
		}
		code, _, errOut = runCLI(t, "build", "-s", site, "-d", filepath.Join(t.TempDir(), "public"))
		if code != cli.ExitOK || !strings.Contains(errOut, "warning: content/actualites/a.md:8: image without alt text") {
			t.Errorf("build: exit %d, want 0 with a warning:\n%s", code, errOut)
		}
	})
}

// TestImagesStaticStripped checks that a photo of static/ that a page
// shows is published at its own path made of its pixels alone (exiftool
// finds no GPS tag), while another file of static/ is copied as it is.
func TestImagesStaticStripped(t *testing.T) {
	exiftool := requireTool(t, "exiftool")
	site := t.TempDir()
	hostileWrite(t, site, map[string]string{
		"site.yaml":               "title: Photos\nbaseURL: https://example.org/\n",
		"content/actualites/a.md": "---\ntitle: A\ndate: 2026-06-02\n---\n![Une photo](/photos/p.jpg)\n",
		"static/photos/p.jpg":     string(phoneJPEG(4, 640, 480)),
		"static/photos/q.jpg":     string(phoneJPEG(5, 64, 48)),
	})
	dest := filepath.Join(t.TempDir(), "public")
	if code, out, errOut := runCLI(t, "build", "-s", site, "-d", dest); code != cli.ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	tags := func(f string) string {
		out, err := exec.Command(exiftool, "-a", "-G1", "-s", filepath.Join(dest, f)).CombinedOutput()
		if err != nil {
			t.Fatalf("exiftool %s: %v\n%s", f, err, out)
		}
		return string(out)
	}
	if got := tags("photos/p.jpg"); strings.Contains(got, "GPS") || strings.Contains(got, "FairPhone") {
		t.Errorf("static/photos/p.jpg, shown by a page, is published with its tags:\n%s", got)
	}
	if got := tags("photos/q.jpg"); !strings.Contains(got, "GPS") {
		t.Errorf("static/photos/q.jpg, shown by no page, is not copied as it is:\n%s", got)
	}
}

// TestImagesFirstEager checks that on a page without a cover the first
// Markdown image loads at once and the others lazily.
func TestImagesFirstEager(t *testing.T) {
	site := t.TempDir()
	hostileWrite(t, site, map[string]string{
		"site.yaml":                   "title: Photos\nbaseURL: https://example.org/\n",
		"content/actualites/a.md":     "---\ntitle: A\ndate: 2026-06-02\n---\n![Un](un.jpg)\n\n![Deux](deux.jpg)\n",
		"content/actualites/un.jpg":   string(phoneJPEG(6, 640, 480)),
		"content/actualites/deux.jpg": string(phoneJPEG(7, 640, 480)),
	})
	dest := filepath.Join(t.TempDir(), "public")
	if code, out, errOut := runCLI(t, "build", "-s", site, "-d", dest); code != cli.ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "actualites/a/index.html"))
	imgs := imgTag.FindAllString(string(page), -1)
	if len(imgs) != 2 || attrs(imgs[0])["loading"] != "" || attrs(imgs[1])["loading"] != "lazy" {
		t.Errorf("want the first image eager, the second lazy:\n%s", strings.Join(imgs, "\n"))
	}
}
