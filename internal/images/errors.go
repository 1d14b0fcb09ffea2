package images

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorKind says what is wrong with a source image.
type ErrorKind int

// The kinds of [Error].
const (
	// Missing: the file does not exist.
	Missing ErrorKind = iota + 1
	// Unsupported: not a JPEG, PNG, GIF, WebP or SVG file (or an animated
	// WebP, or an SVG given to Process).
	Unsupported
	// ExtensionMismatch: the bytes are of another format than the name says.
	ExtensionMismatch
	// TooManyPixels: the header promises more pixels than MaxPixels.
	TooManyPixels
	// Truncated: the data ends before the image does.
	Truncated
	// Corrupt: the data is not a valid image of its format.
	Corrupt
)

func (k ErrorKind) String() string {
	switch k {
	case Missing:
		return "missing"
	case Unsupported:
		return "unsupported"
	case ExtensionMismatch:
		return "extension mismatch"
	case TooManyPixels:
		return "too many pixels"
	case Truncated:
		return "truncated"
	case Corrupt:
		return "corrupt"
	}
	return "error"
}

// Error is what is wrong with one source image. Its message starts with
// the image's name, `image "photo.jpg": ...`, so that a caller that knows
// where the image was named prefixes it with `content/x.md:12: `.
type Error struct {
	Name string // the source's name, as given to Load or Open
	Kind ErrorKind

	Format   Format // the format found in the bytes (ExtensionMismatch, Truncated, Corrupt)
	Looks    string // the unsupported format recognized, such as "HEIC" (Unsupported)
	Expected Format // the format the extension promises (ExtensionMismatch)

	Width, Height, Frames int   // the header's figures (TooManyPixels)
	MaxPixels             int64 // the limit exceeded (TooManyPixels)

	Err error // the decoder's or file system's error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "image %q: ", e.Name)
	switch e.Kind {
	case Missing:
		b.WriteString("file not found")
	case Unsupported:
		switch {
		case e.Format == SVG:
			b.WriteString("SVG is copied as it is, not processed")
		case e.Format == WebP:
			b.WriteString("animated WebP is not supported (want a still WebP, or an animated GIF)")
		case e.Looks != "":
			fmt.Fprintf(&b, "%s is not supported (want JPEG, PNG, GIF, WebP or SVG)", e.Looks)
		default:
			b.WriteString("unsupported format (want JPEG, PNG, GIF, WebP or SVG)")
		}
	case ExtensionMismatch:
		fmt.Fprintf(&b, "the name says %s but the file is %s (rename it to %s)",
			strings.ToUpper(e.Expected.String()), strings.ToUpper(e.Format.String()), e.Format.Ext())
	case TooManyPixels:
		px := int64(e.Width) * int64(e.Height)
		if e.Frames > 1 {
			fmt.Fprintf(&b, "%d frames of %d x %d = %s pixels, over the limit of %s (images.maxPixels)",
				e.Frames, e.Width, e.Height, thousands(px*int64(e.Frames)), thousands(e.MaxPixels))
		} else {
			fmt.Fprintf(&b, "%d x %d = %s pixels, over the limit of %s (images.maxPixels)",
				e.Width, e.Height, thousands(px), thousands(e.MaxPixels))
		}
	case Truncated:
		fmt.Fprintf(&b, "truncated %s file (the data ends before the image does)", strings.ToUpper(e.Format.String()))
	case Corrupt:
		fmt.Fprintf(&b, "corrupt %s file", strings.ToUpper(e.Format.String()))
	default:
		b.WriteString("error")
	}
	if e.Err != nil && e.Kind != Missing {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// KindOf returns the kind of err if it is or wraps an *[Error], else 0.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
