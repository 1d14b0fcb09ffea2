package images

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

// phone is what a phone writes into its photos, which must never reach a site.
var phone = testphoto.Private{
	Make: "Telephonix", Model: "Pocket 12 Pro", Artist: "Camille Martin",
	Copyright: "Camille Martin 2026", Owner: "Camille M.", Serial: "SN-0042-7781",
	Latitude: 48.8566, Longitude: 2.3522,
}

// privateTags are the exiftool tag names that must be absent from outputs.
var privateTags = []string{"GPS", "Make", "Model", "Artist", "Copyright", "Owner", "Serial",
	"Orientation", "XMP", "ICC", "Comment", "Exif"}

// TestPhonePhoto follows a phone photo stored sideways (orientation 6) with
// GPS, camera and owner tags through Responsive, and checks every output
// with outside tools: exiftool finds none of the tags, identify reports the
// promised size, dwebp decodes the WebP files, and the pixels are turned
// right: the stored top-left quadrant (red) is the upright top right, and
// ImageMagick's -auto-orient and resize of the source look the same.
func TestPhonePhoto(t *testing.T) {
	exiftool := tool(t, "exiftool", "libimage-exiftool-perl")
	identify := tool(t, "identify", "imagemagick")
	dwebp := tool(t, "dwebp", "webp")
	convert := tool(t, "convert", "imagemagick")

	dir := t.TempDir()
	data := testphoto.JPEG(quadrants(1600, 1200), 90, testphoto.Exif(6, phone))
	srcPath := writeFile(t, filepath.Join(dir, "IMG_0042.jpg"), data)

	// The oracle reads what the test wrote: the source has every tag.
	tags := run(t, exiftool, "-s", "-G1", "-a", "-n", srcPath)
	for _, want := range []string{"GPSLatitude", "Make", "Model", "Artist", "OwnerName", "SerialNumber", "Orientation"} {
		if !strings.Contains(tags, want) {
			t.Fatalf("the test's source lacks %s (exiftool says):\n%s", want, tags)
		}
	}
	if !strings.Contains(tags, "Orientation                     : 6") {
		t.Fatalf("exiftool does not read orientation 6 in the source:\n%s", tags)
	}

	p := newProcessor(t, Options{})
	src := load(t, p, "IMG_0042.jpg", data)
	if src.Width != 1200 || src.Height != 1600 || src.Orientation != 6 {
		t.Fatalf("source: %d x %d orientation %d, want 1200 x 1600 orientation 6", src.Width, src.Height, src.Orientation)
	}
	set, err := p.Responsive(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	wantWidths := []int{480, 800, 1200}
	if len(set.WebP) != 3 || len(set.Fallback) != 3 {
		t.Fatalf("got %d WebP and %d JPEG variants, want 3 and 3", len(set.WebP), len(set.Fallback))
	}
	// Also the operations of layouts, an og:image crop among them.
	extra := process(t, p, src, Op{Action: Fill, Width: 1200, Height: 630}, Op{Action: Fit, Width: 300, Height: 300, Format: PNG})

	all := append(append(set.WebP, set.Fallback...), extra...)
	for i, r := range all {
		w, h := r.Width, r.Height
		if i < 6 {
			wantW := wantWidths[i%3]
			wantH := int(math.Round(float64(wantW) * 4 / 3))
			if w != wantW || h != wantH {
				t.Errorf("%s: %d x %d, want %d x %d", r.Name, w, h, wantW, wantH)
			}
		}
		got := strings.TrimSpace(run(t, identify, "-format", "%w %h %m", r.Path))
		if want := fmt.Sprintf("%d %d %s", w, h, strings.ToUpper(r.Format.String())); got != want {
			t.Errorf("%s: identify says %q, want %q", r.Name, got, want)
		}
		out := run(t, exiftool, "-s", "-G1", "-a", r.Path)
		for _, line := range strings.Split(out, "\n") {
			group, _, _ := strings.Cut(line, " ")
			if group == "[ExifTool]" || group == "[System]" || group == "[File]" || group == "[Composite]" {
				continue // exiftool's own facts, not tags of the file
			}
			for _, tag := range privateTags {
				if strings.Contains(line, tag) {
					t.Errorf("%s: exiftool finds %q", r.Name, strings.TrimSpace(line))
				}
			}
		}
		var m = decodeOwn(t, r)
		if r.Format == WebP {
			m = dwebpDecode(t, dwebp, r.Path)
		}
		want := [4]string{"blue", "red", "white", "green"} // turned 90 degrees clockwise
		if got := corners(m); got != want {
			t.Errorf("%s: corners %v, want %v (stored red top left turned to the top right)", r.Name, got, want)
		}
		// ImageMagick turns and resizes the source the same way: the
		// quadrants' edges are in the same places.
		geometry := []string{"-resize", fmt.Sprintf("%dx%d!", w, h)}
		if r.Width == 1200 && r.Height == 630 {
			geometry = []string{"-resize", "1200x630^", "-gravity", "center", "-extent", "1200x630"}
		}
		ref := imConvert(t, convert, append([]string{srcPath, "-auto-orient"}, geometry...)...)
		if d := meanAbsDiff(m, ref); d > 3 {
			t.Errorf("%s: mean difference %.2f from ImageMagick's -auto-orient %v, want under 3", r.Name, d, geometry)
		}
	}
}
