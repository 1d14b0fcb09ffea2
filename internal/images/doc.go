// Package images processes the images of a site: it checks a source
// image's header, applies its EXIF orientation, resizes it to the widths a
// layout's srcset needs or to the sizes of Resize, Fit and Fill, encodes
// WebP and the source's own format with every metadata block removed, and
// keeps each output in a cache folder keyed by content. It returns data
// (names, paths, sizes in pixels); layouts write the HTML.
//
// # Sources
//
// [Processor.Load] (or [Processor.Open], which reads a file) takes a
// source's bytes and its name. The format comes from the bytes' magic
// numbers: JPEG, PNG, GIF and still WebP are processed; SVG loads with
// Format SVG for the caller to copy as it is; a name whose extension says
// another format than the bytes is an error. The dimensions and EXIF
// orientation are read from the header alone, so an image over MaxPixels
// (a 20,000 x 20,000 PNG bomb) is refused before any decoding. Every
// problem is an *[Error] of a [ErrorKind] (missing, unsupported, extension
// mismatch, too many pixels, truncated, corrupt), whose message starts with
// `image "NAME": ` for the caller to prefix with the Markdown file and line.
//
// # Processing
//
// Orientation 1 to 8 is applied (from JPEG APP1 Exif, PNG eXIf or WebP
// EXIF), so a phone photo taken upright comes out upright. It is read by a
// small reader of the package's own (exif.go), not by
// github.com/dsoprea/go-exif/v3: one tag of IFD0 is needed, where go-exif
// parses every IFD, brings three modules of its author (logging, errors,
// utilities) and works by panics it recovers; the reader here is bounded,
// allocates nothing, is fuzzed, and is held to exiftool by the tests. Outputs are
// encoded from pixels, never copied from the source: no EXIF, GPS, XMP,
// ICC profile, comment, camera or owner field reaches them. (Dropping the
// ICC profile shows a wide-gamut photo as sRGB: slightly duller colours,
// the price of carrying nothing of the camera.)
//
// [Processor.Responsive] makes every configured width (default 480, 800,
// 1200, 1600) up to the source's width, or the source's width alone when it
// is narrower than all of them: images are never enlarged. Each width
// comes in WebP and in a fallback format: JPEG for a JPEG, PNG for a PNG
// (transparency kept), GIF for a GIF; a WebP source falls back to PNG when
// it may be transparent and JPEG else. An animated GIF stays animated in
// GIF (every frame composed, resized and put back on its palette) and gets
// no WebP variant, as the WebP encoder here makes still images only.
// [Processor.Process] and [Processor.Apply] run the operations layouts have
// in Hugo: Resize "800x", "x600", "800x600" (stretched), Fit (within a box,
// never enlarged), Fill (centre crop to the exact size, as for an og:image
// of 1200 x 630), each with an optional format and quality ("webp q75").
//
// JPEG photos are resized in their own YCbCr planes, without going through
// RGB, and WebP is encoded from those planes. Each output is resampled with
// Catmull-Rom from the smallest level of a 2x box pyramid of the source
// that is at least as large as it (libvips's shrink-then-reduce), so a
// 4,000-pixel photo is decoded once and each width costs little; an output
// depends on its source and operation only. The resampler is written here,
// not taken from golang.org/x/image/draw, for speed (see resample.go); it is
// held to ImageMagick's resize by an SSIM test. WebP is encoded by libwebp
// compiled to WebAssembly (github.com/gen2brain/webp, run by wazero: no
// cgo, no C library needed), JPEG, PNG and GIF by the standard library.
// All encoders are deterministic: the same source and operation give the
// same bytes.
//
// # Cache
//
// Each output is kept in the cache folder under a key made of the
// [EncoderVersion], the SHA-256 of the source's bytes and the resolved
// operation: a second build decodes and encodes nothing, and renaming or
// moving a source changes nothing. Files are written to a temporary name
// and renamed, so a killed build never leaves a broken entry; an entry whose
// bytes do not match the size and SHA-256 recorded beside them is made
// again. A memory layer spares the disk when one Processor serves several
// builds (serve). [Processor.Prune] removes the entries a build did not use
// ([Processor.Used]). Output names are content-addressed,
// STEM-HASH-800w.webp with HASH from the output's SHA-256, so a CDN may
// cache them forever. [Processor.Stats] counts decodes, encodes and hits.
//
// # Concurrency and memory
//
// A Processor is safe for concurrent use. At most Workers images are
// processed at once and at most Workers encoders run at once; the
// estimated memory of the images in flight stays within MemoryBudget, so
// peak memory does not grow with the number of photos. Concurrent calls for
// the same source wait for each other and share the outputs.
package images
