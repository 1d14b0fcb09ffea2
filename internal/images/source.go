package images

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"path"

	"golang.org/x/image/webp"
)

// Source is a source image whose header has been read and checked: its
// format is known from its bytes, its dimensions are within MaxPixels, and
// nothing has been decoded yet. Make one with [Processor.Load] or
// [Processor.Open].
type Source struct {
	Name        string // as given: the file name, for messages and output names
	Format      Format
	Width       int // after orientation (swapped for orientations 5 to 8)
	Height      int
	Orientation int    // EXIF orientation, 1 to 8 (1 when there is none)
	Frames      int    // frames of a GIF (1 for a still image)
	Hash        string // hex SHA-256 of the bytes: what the cache is keyed by

	alpha bool // a WebP that may have transparency

	// The bytes: kept when given to Load, read again from fsys when
	// needed after Open, so that loaded sources waiting for their turn
	// hold no file in memory.
	data []byte
	fsys fs.FS
}

// bytes returns the source's bytes, reading them again after Open. A file
// that changed since is an error: its hash is what the cache is keyed by.
func (s *Source) bytes() ([]byte, error) {
	if s.fsys == nil {
		return s.data, nil
	}
	data, err := fs.ReadFile(s.fsys, s.Name)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != s.Hash {
		return nil, fmt.Errorf("image %q: the file changed while the site was being built", s.Name)
	}
	return data, nil
}

// Animated reports whether the source is a GIF of more than one frame.
func (s *Source) Animated() bool { return s.Frames > 1 }

// Open reads the file name of fsys and loads it as [Processor.Load] does,
// but keeps no bytes: they are read again if the source must be decoded.
// Files being read at once count against MemoryBudget. A file that does
// not exist is an *[Error] of kind Missing.
func (p *Processor) Open(ctx context.Context, fsys fs.FS, name string) (*Source, error) {
	info, err := fs.Stat(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &Error{Name: name, Kind: Missing, Err: err}
	}
	if err != nil {
		return nil, err
	}
	weight := min(max(info.Size(), 1), p.opts.MemoryBudget)
	if err := p.memory.Acquire(ctx, weight); err != nil {
		return nil, err
	}
	defer p.memory.Release(weight)
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &Error{Name: name, Kind: Missing, Err: err}
	}
	if err != nil {
		return nil, err
	}
	s, err := p.Load(name, data)
	if err != nil {
		return nil, err
	}
	s.data, s.fsys = nil, fsys
	return s, nil
}

// Load checks an image's bytes and reads its header: the format from the
// magic numbers (the extension of name must agree), the dimensions, the
// EXIF orientation and, for a GIF, the number of frames. It decodes no
// pixels, so an image over MaxPixels costs nothing. An SVG loads with
// Format SVG and no dimensions: the caller copies it as it is. Errors are
// *[Error]. data must not be changed afterwards.
func (p *Processor) Load(name string, data []byte) (*Source, error) {
	return loadSource(name, data, p.opts.MaxPixels)
}

func loadSource(name string, data []byte, maxPixels int64) (*Source, error) {
	fail := func(kind ErrorKind, f Format, err error) (*Source, error) {
		return nil, &Error{Name: name, Kind: kind, Format: f, Err: err}
	}
	if len(data) == 0 {
		return fail(Truncated, formatOfExt(name), errors.New("empty file"))
	}
	f, other := sniff(data)
	ext := formatOfExt(name)
	switch {
	case f == Unknown:
		return nil, &Error{Name: name, Kind: Unsupported, Looks: other}
	case ext == Unknown:
		return nil, &Error{Name: name, Kind: Unsupported, Looks: "the extension " + quoteExt(name)}
	case ext != f:
		return nil, &Error{Name: name, Kind: ExtensionMismatch, Format: f, Expected: ext}
	}
	sum := sha256.Sum256(data)
	s := &Source{Name: name, Format: f, Orientation: 1, Frames: 1, Hash: hex.EncodeToString(sum[:]), data: data}
	if f == SVG {
		return s, nil
	}

	var cfg image.Config
	var err error
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(r)
	case PNG:
		cfg, err = png.DecodeConfig(r)
	case GIF:
		cfg, err = gif.DecodeConfig(r)
		if err == nil {
			s.Frames, err = gifFrames(data)
		}
	case WebP:
		if webpAnimated(data) {
			return nil, &Error{Name: name, Kind: Unsupported, Format: WebP}
		}
		cfg, err = webp.DecodeConfig(r)
	}
	if err != nil {
		return fail(decodeErrorKind(f, data, err), f, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fail(Corrupt, f, errors.New("image of zero size"))
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > maxPixels || px*int64(s.Frames) > maxPixels {
		return nil, &Error{Name: name, Kind: TooManyPixels, Width: cfg.Width, Height: cfg.Height,
			Frames: s.Frames, MaxPixels: maxPixels}
	}
	s.alpha = f == WebP && cfg.ColorModel != color.YCbCrModel
	s.Orientation = orientation(f, data)
	s.Width, s.Height = cfg.Width, cfg.Height
	if s.Orientation >= 5 {
		s.Width, s.Height = cfg.Height, cfg.Width
	}
	return s, nil
}

// webpAnimated reports whether a WebP file's VP8X header has the animation flag.
func webpAnimated(data []byte) bool {
	return len(data) >= 21 && string(data[12:16]) == "VP8X" && data[20]&0x02 != 0
}

// decodeErrorKind tells a truncated input from a corrupt one, for a
// decoder's error: by the error, or by the container's end missing (the
// standard decoders often report a cut file as a format error).
func decodeErrorKind(f Format, data []byte, err error) ErrorKind {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, errTruncated) || !complete(f, data) {
		return Truncated
	}
	return Corrupt
}

// complete reports whether data ends as a whole file of format f does:
// JPEG with its end-of-image marker, PNG with IEND, GIF with its trailer,
// WebP with as many bytes as its RIFF header says.
func complete(f Format, data []byte) bool {
	switch f {
	case JPEG:
		return bytes.HasSuffix(bytes.TrimRight(data, "\x00"), []byte{0xFF, 0xD9})
	case PNG:
		return bytes.HasSuffix(data, []byte("IEND\xaeB`\x82"))
	case GIF:
		_, err := gifFrames(data)
		return !errors.Is(err, errTruncated)
	case WebP:
		return len(data) >= 8 && int64(binary.LittleEndian.Uint32(data[4:]))+8 <= int64(len(data))
	}
	return true
}

// quoteExt is the extension of name for a message, or "(none)".
func quoteExt(name string) string {
	if e := path.Ext(name); e != "" {
		return `"` + e + `"`
	}
	return "(none)"
}
