package images

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Action is what an [Op] does, as Hugo's image methods of the same names.
type Action int

// The actions.
const (
	// Resize scales to Width x Height; with one of them 0, that one keeps
	// the aspect ratio. With both, the image is stretched. It enlarges.
	Resize Action = iota + 1
	// Fit scales down to fit within Width x Height, keeping the aspect
	// ratio. It never enlarges.
	Fit
	// Fill crops to the aspect ratio of Width x Height around the centre,
	// then scales to exactly that size.
	Fill
)

func (a Action) String() string {
	switch a {
	case Resize:
		return "resize"
	case Fit:
		return "fit"
	case Fill:
		return "fill"
	}
	return "action(" + strconv.Itoa(int(a)) + ")"
}

// Op is one operation on a source image.
type Op struct {
	Action        Action
	Width, Height int
	Format        Format // Unknown: the source's own format
	Quality       int    // 1 to 100; 0: the Processor's quality (ignored by PNG and GIF)
}

// ParseOp reads a Hugo-style specification, as layouts write it:
// "800x", "x600", "800x600", then optionally a format (jpg, jpeg, png, gif,
// webp), a quality "q75" and, for Fill, the anchor "center" (the only one).
// Words are separated by spaces and case does not matter.
func ParseOp(a Action, spec string) (Op, error) {
	op := Op{Action: a}
	if a < Resize || a > Fill {
		return op, fmt.Errorf("unknown image action %d", a)
	}
	sawSize := false
	for _, word := range strings.Fields(strings.ToLower(spec)) {
		switch {
		case strings.Contains(word, "x") && !sawSize && word != "x":
			w, h, ok := strings.Cut(word, "x")
			var err error
			if op.Width, err = dimension(w); err != nil {
				return op, fmt.Errorf("%s %q: width %q is not a number of pixels", a, spec, w)
			}
			if op.Height, err = dimension(h); err != nil || !ok {
				return op, fmt.Errorf("%s %q: height %q is not a number of pixels", a, spec, h)
			}
			sawSize = true
		case len(word) > 1 && word[0] == 'q' && isDigits(word[1:]):
			q, _ := strconv.Atoi(word[1:])
			if q < 1 || q > 100 {
				return op, fmt.Errorf("%s %q: quality %d out of range (want q1 to q100)", a, spec, q)
			}
			op.Quality = q
		case word == "center" || word == "centre":
		default:
			f := formatOfExt("x." + word)
			if f == Unknown || f == SVG {
				return op, fmt.Errorf("%s %q: unknown option %q (want WIDTHxHEIGHT, jpg, png, gif or webp, and qNN)", a, spec, word)
			}
			op.Format = f
		}
	}
	if err := op.check(); err != nil {
		return op, fmt.Errorf("%s %q: %v", a, spec, err)
	}
	return op, nil
}

func (op Op) check() error {
	switch {
	case op.Width < 0 || op.Height < 0:
		return fmt.Errorf("negative size")
	case op.Width == 0 && op.Height == 0:
		return fmt.Errorf("missing size (want WIDTHx, xHEIGHT or WIDTHxHEIGHT)")
	case op.Action != Resize && (op.Width == 0 || op.Height == 0):
		return fmt.Errorf("%s needs both a width and a height (WIDTHxHEIGHT)", op.Action)
	case op.Width > maxSide || op.Height > maxSide:
		return fmt.Errorf("size over %d pixels", maxSide)
	case op.Quality < 0 || op.Quality > 100:
		return fmt.Errorf("quality %d out of range (want 1 to 100)", op.Quality)
	case op.Format == SVG:
		return fmt.Errorf("cannot make an SVG")
	}
	return nil
}

// maxSide bounds a requested dimension, as a typo guard (WebP's own limit is 16383).
const maxSide = 16383

func dimension(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	if !isDigits(s) {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(s)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// plan is an Op resolved against a source: the exact output size, the
// upright window of the source it shows, and the output's format and
// quality.
type plan struct {
	action  Action
	w, h    int
	win     window // in upright source pixels
	format  Format
	quality int
}

// key is the canonical text of the plan, part of the cache key.
func (pl plan) key() string {
	return fmt.Sprintf("%s %dx%d %.3f,%.3f,%.3f,%.3f %s q%d", pl.action, pl.w, pl.h,
		pl.win.x, pl.win.y, pl.win.w, pl.win.h, pl.format, pl.quality)
}

// resolve makes the plan of op for src.
func resolve(op Op, src *Source, defaultQuality int) (plan, error) {
	if err := op.check(); err != nil {
		return plan{}, fmt.Errorf("%s %dx%d: %v", op.Action, op.Width, op.Height, err)
	}
	W, H := float64(src.Width), float64(src.Height)
	pl := plan{action: op.Action, win: window{0, 0, W, H}, format: op.Format, quality: op.Quality}
	if pl.format == Unknown {
		pl.format = src.Format
	}
	if pl.quality == 0 {
		pl.quality = defaultQuality
	}
	if pl.format == PNG || pl.format == GIF {
		pl.quality = 0 // lossless: one entry whatever the quality
	}
	round := func(v float64) int { return max(1, int(math.Round(v))) }
	switch op.Action {
	case Resize:
		pl.w, pl.h = op.Width, op.Height
		if pl.w == 0 {
			pl.w = round(W * float64(op.Height) / H)
		}
		if pl.h == 0 {
			pl.h = round(H * float64(op.Width) / W)
		}
	case Fit:
		s := min(float64(op.Width)/W, float64(op.Height)/H, 1)
		pl.w, pl.h = round(W*s), round(H*s)
		if s == 1 {
			pl.w, pl.h = src.Width, src.Height
		}
	case Fill:
		pl.w, pl.h = op.Width, op.Height
		target := float64(op.Width) / float64(op.Height)
		if W/H > target { // wider than the target: crop the sides
			cw := H * target
			pl.win = window{(W - cw) / 2, 0, cw, H}
		} else {
			ch := W / target
			pl.win = window{0, (H - ch) / 2, W, ch}
		}
	}
	if pl.w > maxSide || pl.h > maxSide {
		return plan{}, fmt.Errorf("%s %dx%d: the result, %d x %d, is over %d pixels a side",
			op.Action, op.Width, op.Height, pl.w, pl.h, maxSide)
	}
	return pl, nil
}
