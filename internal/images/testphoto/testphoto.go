// Package testphoto makes the images that the tests and benchmarks of
// package images need, so that none is committed: camera-like photos
// (deterministic, with detail at every scale and a little sensor noise, as
// real photos have, so encoders work as hard as on them) and EXIF blocks
// with an orientation and the private tags a phone writes.
package testphoto

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"math"
)

// rng is a small deterministic generator (SplitMix64).
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9E3779B97F4A7C15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// lattice is value noise: random values on a grid, interpolated.
type lattice struct {
	cell   float64
	cols   int
	values []float64
}

func newLattice(r *rng, w, h int, cell float64) *lattice {
	cols, rows := int(float64(w)/cell)+2, int(float64(h)/cell)+2
	l := &lattice{cell: cell, cols: cols, values: make([]float64, cols*rows)}
	for i := range l.values {
		l.values[i] = r.float()*2 - 1
	}
	return l
}

func (l *lattice) at(x, y float64) float64 {
	fx, fy := x/l.cell, y/l.cell
	ix, iy := int(fx), int(fy)
	tx, ty := fx-float64(ix), fy-float64(iy)
	tx, ty = tx*tx*(3-2*tx), ty*ty*(3-2*ty)
	i := iy*l.cols + ix
	a, b := l.values[i], l.values[i+1]
	c, d := l.values[i+l.cols], l.values[i+l.cols+1]
	return (a+(b-a)*tx)*(1-ty) + (c+(d-c)*tx)*ty
}

// Photo is a w x h landscape-like picture for seed: a sky gradient, hills,
// discs of colour, texture at four scales and sensor noise.
func Photo(seed uint64, w, h int) *image.RGBA {
	r := rng(seed)
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	scale := float64(w) / 4000
	octaves := []*lattice{
		newLattice(&r, w, h, 400*scale),
		newLattice(&r, w, h, 90*scale),
		newLattice(&r, w, h, 18*scale+1),
		newLattice(&r, w, h, 3),
	}
	type disc struct{ x, y, r, cr, cg, cb float64 }
	var discs []disc
	for i := 0; i < 12; i++ {
		discs = append(discs, disc{r.float() * float64(w), r.float() * float64(h), (40 + r.float()*300) * scale,
			r.float() * 255, r.float() * 255, r.float() * 255})
	}
	hue := r.float()
	horizon := float64(h) * (0.35 + 0.3*r.float())
	noise := rng(seed ^ 0xA5A5)
	for y := 0; y < h; y++ {
		fy := float64(y)
		for x := 0; x < w; x++ {
			fx := float64(x)
			n0, n1, n2, n3 := octaves[0].at(fx, fy), octaves[1].at(fx, fy), octaves[2].at(fx, fy), octaves[3].at(fx, fy)
			ridge := horizon + 120*scale*n0 + 30*scale*n1
			var cr, cg, cb float64
			if fy < ridge { // sky
				t := fy / ridge
				cr, cg, cb = 90+60*t+40*hue, 140+50*t, 230-30*t
				cr += 12 * n1
				cb += 10 * n2
			} else { // land: grass and rock, textured
				t := (fy - ridge) / (float64(h) - ridge + 1)
				cr, cg, cb = 70+50*n0+30*t, 110+40*n1-20*t, 50+20*n0
				tex := 28*n2 + 16*n3
				cr, cg, cb = cr+tex, cg+tex, cb+tex*0.7
			}
			for _, d := range discs {
				dx, dy := fx-d.x, fy-d.y
				if dx*dx+dy*dy < d.r*d.r {
					k := 0.8 + 0.2*n2
					cr, cg, cb = d.cr*k+6*n3, d.cg*k+6*n3, d.cb*k+6*n3
				}
			}
			s := float64(int(noise.next()&7)) - 3.5 // sensor noise, +-3.5
			i := m.PixOffset(x, y)
			m.Pix[i] = clamp(cr + s)
			m.Pix[i+1] = clamp(cg + s)
			m.Pix[i+2] = clamp(cb + s)
			m.Pix[i+3] = 255
		}
	}
	return m
}

func clamp(v float64) uint8 {
	return uint8(math.Max(0, math.Min(255, v+0.5)))
}

// JPEG encodes m at quality q and inserts app1 (a whole APP1 segment's
// content, such as Exif(...)) right after the start-of-image marker.
func JPEG(m image.Image, q int, app1 []byte) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	if app1 == nil {
		return b.Bytes()
	}
	out := append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 0}, app1...)
	binary.BigEndian.PutUint16(out[4:], uint16(len(app1)+2))
	return append(out, b.Bytes()[2:]...)
}

// Private are the tags a phone writes that must never reach a site.
type Private struct {
	Make, Model, Artist, Copyright, Owner, Serial string
	Latitude, Longitude                           float64 // degrees, north and east positive
}

// Exif returns an APP1 "Exif" block (with its "Exif\0\0" header, big-endian
// TIFF) holding the orientation and the private tags: IFD0 with Make,
// Model, Orientation, Artist, Copyright and pointers to an Exif IFD (owner
// and serial) and a GPS IFD (position).
func Exif(orientation int, p Private) []byte {
	type field struct {
		tag, typ uint16
		count    uint32
		data     []byte // the value, inline when 4 bytes or less
	}
	be := binary.BigEndian
	ascii := func(tag uint16, s string) field {
		b := append([]byte(s), 0)
		return field{tag, 2, uint32(len(b)), b}
	}
	short := func(tag, v uint16) field {
		b := make([]byte, 2)
		be.PutUint16(b, v)
		return field{tag, 3, 1, b}
	}
	long := func(tag uint16, v uint32) field {
		b := make([]byte, 4)
		be.PutUint32(b, v)
		return field{tag, 4, 1, b}
	}
	rationals := func(tag uint16, vs ...[2]uint32) field {
		b := make([]byte, 8*len(vs))
		for i, v := range vs {
			be.PutUint32(b[8*i:], v[0])
			be.PutUint32(b[8*i+4:], v[1])
		}
		return field{tag, 5, uint32(len(vs)), b}
	}
	dms := func(deg float64) [][2]uint32 {
		deg = math.Abs(deg)
		d := math.Floor(deg)
		mf := (deg - d) * 60
		mi := math.Floor(mf)
		s := (mf - mi) * 60
		return [][2]uint32{{uint32(d), 1}, {uint32(mi), 1}, {uint32(s * 100), 100}}
	}
	ref := func(tag uint16, v float64, pos, neg string) field {
		if v < 0 {
			return ascii(tag, neg)
		}
		return ascii(tag, pos)
	}
	// Layout: header (8), IFD0, Exif IFD, GPS IFD, then the values that do
	// not fit in their entries.
	ifd0 := []field{ascii(0x010F, p.Make), ascii(0x0110, p.Model), short(0x0112, uint16(orientation)),
		ascii(0x013B, p.Artist), ascii(0x8298, p.Copyright), long(0x8769, 0), long(0x8825, 0)}
	exif := []field{ascii(0xA430, p.Owner), ascii(0xA431, p.Serial)}
	gps := []field{{0x0000, 1, 4, []byte{2, 3, 0, 0}},
		ref(0x0001, p.Latitude, "N", "S"), rationals(0x0002, dms(p.Latitude)...),
		ref(0x0003, p.Longitude, "E", "W"), rationals(0x0004, dms(p.Longitude)...)}
	size := func(fs []field) int { return 2 + 12*len(fs) + 4 }
	off0 := 8
	offExif := off0 + size(ifd0)
	offGPS := offExif + size(exif)
	extra := offGPS + size(gps)
	be.PutUint32(ifd0[5].data, uint32(offExif))
	be.PutUint32(ifd0[6].data, uint32(offGPS))
	var tail []byte
	write := func(b []byte, fs []field) []byte {
		b = be.AppendUint16(b, uint16(len(fs)))
		for _, f := range fs {
			b = be.AppendUint16(b, f.tag)
			b = be.AppendUint16(b, f.typ)
			b = be.AppendUint32(b, f.count)
			if len(f.data) <= 4 {
				v := make([]byte, 4)
				copy(v, f.data)
				b = append(b, v...)
				continue
			}
			b = be.AppendUint32(b, uint32(extra+len(tail)))
			tail = append(tail, f.data...)
			if len(tail)%2 == 1 {
				tail = append(tail, 0)
			}
		}
		return be.AppendUint32(b, 0) // no next IFD
	}
	b := []byte("Exif\x00\x00MM\x00\x2A\x00\x00\x00\x08")
	tiff := b[6:]
	tiff = write(tiff, ifd0)
	tiff = write(tiff, exif)
	tiff = write(tiff, gps)
	tiff = append(tiff, tail...)
	return append(b[:6], tiff...)
}
