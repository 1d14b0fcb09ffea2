package images

import (
	"encoding/binary"
	"errors"
)

// gifFrames counts the frames of a GIF by walking its blocks, without
// decompressing any: the pixel limit must count every frame before
// gif.DecodeAll allocates them. It reports errTruncated when the data ends
// before the trailer's place.
func gifFrames(data []byte) (int, error) {
	if len(data) < 13 {
		return 0, errTruncated
	}
	i := 13
	if flags := data[10]; flags&0x80 != 0 { // global colour table
		i += 3 << (flags&7 + 1)
	}
	frames := 0
	for {
		if i >= len(data) {
			return frames, errTruncated
		}
		switch data[i] {
		case 0x3B: // trailer
			return frames, nil
		case 0x21: // extension: label, then sub-blocks
			if i+2 > len(data) {
				return frames, errTruncated
			}
			j, err := skipSubBlocks(data, i+2)
			if err != nil {
				return frames, err
			}
			i = j
		case 0x2C: // image descriptor
			if i+10 > len(data) {
				return frames, errTruncated
			}
			if w, h := binary.LittleEndian.Uint16(data[i+5:]), binary.LittleEndian.Uint16(data[i+7:]); w == 0 || h == 0 {
				return frames, errors.New("gif: frame of zero size")
			}
			flags := data[i+9]
			i += 10
			if flags&0x80 != 0 { // local colour table
				i += 3 << (flags&7 + 1)
			}
			i++ // LZW minimum code size
			j, err := skipSubBlocks(data, i)
			if err != nil {
				return frames, err
			}
			i = j
			frames++
		default:
			return frames, errors.New("gif: unknown block")
		}
	}
}

// skipSubBlocks returns the offset after the sub-blocks that start at i
// (each a length byte then that many bytes, the last of length 0).
func skipSubBlocks(data []byte, i int) (int, error) {
	for {
		if i >= len(data) {
			return i, errTruncated
		}
		n := int(data[i])
		i += 1 + n
		if n == 0 {
			return i, nil
		}
	}
}

// errTruncated marks an input that ends too early, for the package's own
// readers (the standard decoders say io.ErrUnexpectedEOF).
var errTruncated = errors.New("unexpected end of data")
