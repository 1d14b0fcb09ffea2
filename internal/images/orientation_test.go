package images

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// uprightCorners is the EXIF specification's table, written out for the
// quadrants image (stored red top left, green top right, blue bottom left,
// white bottom right): orientation o says where the stored row 0 and
// column 0 are seen (1: top, left; 6: right, top; ...), which gives the
// colours seen at the upright image's top left, top right, bottom left and
// bottom right.
var uprightCorners = map[int][4]string{
	1: {"red", "green", "blue", "white"},
	2: {"green", "red", "white", "blue"},
	3: {"white", "blue", "green", "red"},
	4: {"blue", "white", "red", "green"},
	5: {"red", "blue", "green", "white"},
	6: {"blue", "red", "white", "green"},
	7: {"white", "green", "blue", "red"},
	8: {"green", "white", "red", "blue"},
}

// TestOrientations has exiftool write each orientation into a JPEG, a PNG
// and a WebP (made by cwebp), then checks that Load reads what exiftool
// reads and that the output is turned as the specification's table says;
// for JPEG, ImageMagick's -auto-orient is a second oracle.
func TestOrientations(t *testing.T) {
	exiftool := tool(t, "exiftool", "libimage-exiftool-perl")
	cwebp := tool(t, "cwebp", "webp")
	convert := tool(t, "convert", "imagemagick")
	dir := t.TempDir()
	base := quadrants(240, 160)
	pngPath := writeFile(t, filepath.Join(dir, "base.png"), encodePNG(t, base))
	run(t, cwebp, "-quiet", "-q", "95", pngPath, "-o", filepath.Join(dir, "base.webp"))
	writeFile(t, filepath.Join(dir, "base.jpg"), testJPEG(t, base))

	p := newProcessor(t, Options{})
	for _, ext := range []string{"jpg", "png", "webp"} {
		for o := 1; o <= 8; o++ {
			name := filepath.Join(dir, "o"+strconv.Itoa(o)+"."+ext)
			writeFile(t, name, readFile(t, filepath.Join(dir, "base."+ext)))
			run(t, exiftool, "-q", "-overwrite_original", "-Orientation#="+strconv.Itoa(o), name)
			read := strings.TrimSpace(run(t, exiftool, "-s3", "-n", "-Orientation", name))
			if read != strconv.Itoa(o) {
				t.Fatalf("%s: exiftool reads orientation %q after writing %d", name, read, o)
			}
			src := load(t, p, filepath.Base(name), readFile(t, name))
			if src.Orientation != o {
				t.Errorf("%s: Load reads orientation %d, exiftool %d", name, src.Orientation, o)
				continue
			}
			w, h := 240, 160
			if o >= 5 {
				w, h = 160, 240
			}
			if src.Width != w || src.Height != h {
				t.Errorf("%s: upright size %d x %d, want %d x %d", name, src.Width, src.Height, w, h)
			}
			r := process(t, p, src, Op{Action: Fit, Width: 1000, Height: 1000, Format: PNG})[0]
			got := corners(decodeOwn(t, r))
			if got != uprightCorners[o] {
				t.Errorf("%s: corners %v, want %v", name, got, uprightCorners[o])
			}
			if o == 6 { // the output carries no EXIF of its own: viewers must not turn it again
				if tags := run(t, exiftool, "-s3", "-Orientation", "-EXIF:all", r.Path); strings.TrimSpace(tags) != "" {
					t.Errorf("%s: the output has EXIF tags: %s", name, tags)
				}
			}
			if ext == "jpg" {
				if im := corners(imConvert(t, convert, name, "-auto-orient")); im != got {
					t.Errorf("%s: corners %v, ImageMagick -auto-orient %v", name, got, im)
				}
			}
		}
	}
}
