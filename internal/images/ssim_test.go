package images

import (
	"image"
	"image/draw"
	"math"
)

// ssim is the mean structural similarity of the luma of a and b (BT.601
// weights, 8 x 8 windows with a stride of 4, the constants of Wang et al.
// 2004): 1 for identical images. It is the tests' own, so that quality is
// measured by a formula, not by the code under test.
func ssim(a, b image.Image) float64 {
	la, lb := luma(a), luma(b)
	w, h := a.Bounds().Dx(), a.Bounds().Dy()
	const win, step = 8, 4
	const c1, c2 = (0.01 * 255) * (0.01 * 255), (0.03 * 255) * (0.03 * 255)
	sum, n := 0.0, 0
	for y := 0; y+win <= h; y += step {
		for x := 0; x+win <= w; x += step {
			var ma, mb, va, vb, cov float64
			for j := y; j < y+win; j++ {
				for i := x; i < x+win; i++ {
					ma += la[j*w+i]
					mb += lb[j*w+i]
				}
			}
			ma /= win * win
			mb /= win * win
			for j := y; j < y+win; j++ {
				for i := x; i < x+win; i++ {
					da, db := la[j*w+i]-ma, lb[j*w+i]-mb
					va += da * da
					vb += db * db
					cov += da * db
				}
			}
			va /= win*win - 1
			vb /= win*win - 1
			cov /= win*win - 1
			sum += ((2*ma*mb + c1) * (2*cov + c2)) / ((ma*ma + mb*mb + c1) * (va + vb + c2))
			n++
		}
	}
	return sum / float64(n)
}

// meanAbsDiff is the mean absolute difference of the premultiplied R, G, B
// samples of a and b, in 0-255 units: a colour or range error shows here
// (and what a transparent pixel hides does not).
func meanAbsDiff(a, b image.Image) float64 {
	ra, rb := toRGBA(a), toRGBA(b)
	sum := 0.0
	for i := range ra.Pix {
		if i%4 == 3 {
			continue
		}
		sum += math.Abs(float64(ra.Pix[i]) - float64(rb.Pix[i]))
	}
	return sum / float64(len(ra.Pix)/4*3)
}

func toNRGBA(m image.Image) *image.NRGBA {
	b := m.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Rect, m, b.Min, draw.Src)
	return out
}

func luma(m image.Image) []float64 {
	n := toNRGBA(m)
	out := make([]float64, len(n.Pix)/4)
	for i := range out {
		p := n.Pix[4*i:]
		out[i] = 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
	}
	return out
}

func toRGBA(m image.Image) *image.RGBA {
	b := m.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Rect, m, b.Min, draw.Src)
	return out
}
