package images

import (
	"bytes"
	"path"
	"strings"
)

// Format is an image file format.
type Format int

// The formats the package knows. Unknown is the zero value: in an [Op] it
// means "the source's own format".
const (
	Unknown Format = iota
	JPEG
	PNG
	GIF
	WebP
	SVG
)

// String is the format's lower-case name ("jpeg", "png", "gif", "webp", "svg").
func (f Format) String() string {
	switch f {
	case JPEG:
		return "jpeg"
	case PNG:
		return "png"
	case GIF:
		return "gif"
	case WebP:
		return "webp"
	case SVG:
		return "svg"
	}
	return "unknown"
}

// Ext is the extension output files of the format get (".jpg", ".png", ...).
func (f Format) Ext() string {
	switch f {
	case JPEG:
		return ".jpg"
	case Unknown:
		return ""
	}
	return "." + f.String()
}

// MediaType is the format's MIME type ("image/jpeg", ...).
func (f Format) MediaType() string {
	switch f {
	case SVG:
		return "image/svg+xml"
	case Unknown:
		return ""
	}
	return "image/" + f.String()
}

// formatOfExt maps a file name's extension to the format it promises.
func formatOfExt(name string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".jpe", ".jfif":
		return JPEG
	case ".png":
		return PNG
	case ".gif":
		return GIF
	case ".webp":
		return WebP
	case ".svg":
		return SVG
	}
	return Unknown
}

// sniff tells the format of data from its first bytes (magic numbers).
// For a format the package does not process it returns Unknown and the
// format's name when it recognizes one, for the error message.
func sniff(data []byte) (f Format, other string) {
	switch {
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return JPEG, ""
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, ""
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF, ""
	case len(data) >= 12 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP, ""
	case isSVG(data):
		return SVG, ""
	case bytes.HasPrefix(data, []byte("BM")):
		return Unknown, "BMP"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return Unknown, "TIFF"
	case bytes.HasPrefix(data, []byte("%PDF")):
		return Unknown, "PDF"
	case bytes.HasPrefix(data, []byte("\x00\x00\x01\x00")):
		return Unknown, "ICO"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		switch string(data[8:12]) {
		case "avif", "avis":
			return Unknown, "AVIF"
		case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1":
			return Unknown, "HEIC"
		}
	}
	return Unknown, ""
}

// isSVG reports whether data looks like an SVG document: after an optional
// byte order mark, white space, XML declaration, comments and doctype, the
// first element is <svg.
func isSVG(data []byte) bool {
	const maxProlog = 4096
	if len(data) > maxProlog {
		data = data[:maxProlog]
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for {
		data = bytes.TrimLeft(data, " \t\r\n")
		switch {
		case bytes.HasPrefix(data, []byte("<svg")):
			return len(data) == 4 || strings.ContainsRune(" \t\r\n>/", rune(data[4]))
		case bytes.HasPrefix(data, []byte("<?")):
			i := bytes.Index(data, []byte("?>"))
			if i < 0 {
				return false
			}
			data = data[i+2:]
		case bytes.HasPrefix(data, []byte("<!--")):
			i := bytes.Index(data, []byte("-->"))
			if i < 0 {
				return false
			}
			data = data[i+3:]
		case bytes.HasPrefix(data, []byte("<!")):
			i := bytes.IndexByte(data, '>')
			if i < 0 {
				return false
			}
			data = data[i+1:]
		default:
			return false
		}
	}
}
