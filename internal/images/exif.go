package images

import "encoding/binary"

// This file reads the one EXIF field the package needs, the orientation
// (tag 0x0112 of IFD0), from a JPEG APP1 segment, a PNG eXIf chunk or a
// WebP EXIF chunk. It walks the container's segment or chunk lengths and
// reads at most a few entries of IFD0: bounded, no allocation, and it
// never fails (a malformed block means orientation 1, as viewers do).

// orientation returns the EXIF orientation (1 to 8) of an image of format f,
// or 1 when there is none.
func orientation(f Format, data []byte) int {
	var tiff []byte
	switch f {
	case JPEG:
		tiff = jpegExif(data)
	case PNG:
		tiff = pngExif(data)
	case WebP:
		tiff = webpExif(data)
	}
	return tiffOrientation(tiff)
}

// jpegExif returns the TIFF block of the first APP1 "Exif" segment.
func jpegExif(data []byte) []byte {
	i := 2 // after SOI
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return nil
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01:
			i += 2 // markers without a length
			continue
		case marker == 0xDA || marker == 0xD9: // start of scan, end of image: no EXIF after
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return seg[6:]
		}
		i += 2 + n
	}
	return nil
}

// pngExif returns the content of the eXIf chunk (looked for up to IEND:
// some writers put it after the image data).
func pngExif(data []byte) []byte {
	i := 8 // after the signature
	for i+8 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || n > len(data)-i-12 {
			return nil
		}
		switch typ {
		case "eXIf":
			return data[i+8 : i+8+n]
		case "IEND":
			return nil
		}
		i += 12 + n
	}
	return nil
}

// webpExif returns the content of a WebP EXIF chunk (which may come after
// the image data, so every chunk is looked at).
func webpExif(data []byte) []byte {
	i := 12 // after "RIFF" size "WEBP"
	for i+8 <= len(data) {
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		if n < 0 || n > len(data)-i-8 {
			return nil
		}
		if string(data[i:i+4]) == "EXIF" {
			b := data[i+8 : i+8+n]
			// Some writers keep the JPEG "Exif\0\0" prefix.
			if len(b) >= 6 && string(b[:6]) == "Exif\x00\x00" {
				b = b[6:]
			}
			return b
		}
		i += 8 + n + n&1 // chunks are padded to an even size
	}
	return nil
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF block.
func tiffOrientation(b []byte) int {
	if len(b) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(b[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int64(bo.Uint32(b[4:]))
	if ifd < 8 || ifd+2 > int64(len(b)) {
		return 1
	}
	count := int64(bo.Uint16(b[ifd:]))
	for k := int64(0); k < count; k++ {
		e := ifd + 2 + 12*k
		if e+12 > int64(len(b)) {
			return 1
		}
		if bo.Uint16(b[e:]) != 0x0112 {
			continue
		}
		typ, n := bo.Uint16(b[e+2:]), bo.Uint32(b[e+4:])
		if typ != 3 || n != 1 { // SHORT, one value
			return 1
		}
		if o := int(bo.Uint16(b[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 1
	}
	return 1
}
