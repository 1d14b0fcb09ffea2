// Command benchchart summarises the raw results of scripts/bench.sh: it
// reads the CSV (one row per run), prints a table per site size, and writes
// a markdown report and an SVG chart of the median wall times.
//
//	go run ./scripts/benchchart -csv docs/bench/results.csv -md docs/bench/results.md -svg docs/bench/chart.svg
//
// The CSV has a header and the columns
// size,tool,run,wall_s,user_s,sys_s,maxrss_kb,load1,files,time.
// It uses the standard library only.
package main

import (
	"cmp"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// toolOrder fixes the order of tools in tables and legends.
var toolOrder = []string{"alliance", "hugo", "floor"}

// toolStyle is how a tool is drawn and named.
var toolStyle = map[string]struct{ name, color, dash string }{
	"alliance": {"alliance", "#1f6feb", ""},
	"hugo":     {"Hugo", "#d6336c", ""},
	"floor":    {"floor (goldmark only)", "#6b7280", "6 4"},
}

// run is one measured run.
type run struct {
	size                  int
	tool                  string
	wall, user, sys, load float64
	rssKB                 float64
	files                 int
	time                  string
}

// summary is the medians of the runs of one tool at one size.
type summary struct {
	runs                int
	wall, cpu, mb, load float64
	files               int
	loadMin, loadMax    float64
	wallMin, wallMax    float64
	firstTime, lastTime string
}

// rebuilds tells the report and the chart what a run was: a build over the
// previous output, or (false) a fresh build.
var rebuilds bool

// kind names a run, capitalized for a title or not.
func kind(title bool) string {
	switch {
	case rebuilds && title:
		return "Rebuild"
	case rebuilds:
		return "rebuild"
	case title:
		return "Fresh build"
	}
	return "fresh build"
}

func main() {
	csvPath := flag.String("csv", "docs/bench/results.csv", "raw results")
	mdPath := flag.String("md", "", "markdown report to write (optional)")
	svgPath := flag.String("svg", "", "SVG chart to write (optional)")
	nproc := flag.String("nproc", "", "number of processors, for the report")
	hugoVersion := flag.String("hugo-version", "", "output of hugo version, for the report")
	cpu := flag.String("cpu", "", "processor model, for the report")
	alliance := flag.String("alliance", "", "alliance revision, for the report")
	goVersion := flag.String("go", "", "Go version, for the report")
	note := flag.String("note", "", "a note on the conditions of the run, for the report")
	flag.BoolVar(&rebuilds, "rebuild", false, "the runs were builds over the previous output (bench.sh REBUILD=1)")
	flag.Parse()
	runs, err := readCSV(*csvPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchchart:", err)
		os.Exit(1)
	}
	if len(runs) == 0 {
		fmt.Fprintln(os.Stderr, "benchchart: no results in", *csvPath)
		os.Exit(1)
	}
	sizes, tools, sum := summarise(runs)
	printTables(os.Stdout, sizes, tools, sum)
	if *mdPath != "" {
		var b strings.Builder
		writeMarkdown(&b, sizes, tools, sum, *nproc, *cpu, *hugoVersion, *alliance, *goVersion, *note)
		if err := os.WriteFile(*mdPath, []byte(b.String()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "benchchart:", err)
			os.Exit(1)
		}
	}
	if *svgPath != "" {
		if err := os.WriteFile(*svgPath, []byte(chart(sizes, tools, sum)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "benchchart:", err)
			os.Exit(1)
		}
	}
}

// readCSV reads the runs of the file, by column name.
func readCSV(path string) ([]run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rows, err := rd.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"size", "tool", "wall_s", "user_s", "sys_s", "maxrss_kb"} {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("%s: no column %q", path, name)
		}
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	num := func(row []string, name string, line int) (float64, error) {
		s := get(row, name)
		if s == "" {
			return math.NaN(), nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, fmt.Errorf("%s:%d: %s: %v", path, line, name, err)
		}
		return v, nil
	}
	var out []run
	for i, row := range rows[1:] {
		line := i + 2
		var r run
		size, err := strconv.Atoi(get(row, "size"))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: size: %v", path, line, err)
		}
		r.size, r.tool, r.time = size, get(row, "tool"), get(row, "time")
		for _, p := range []struct {
			name string
			v    *float64
		}{{"wall_s", &r.wall}, {"user_s", &r.user}, {"sys_s", &r.sys}, {"maxrss_kb", &r.rssKB}, {"load1", &r.load}} {
			if *p.v, err = num(row, p.name, line); err != nil {
				return nil, err
			}
		}
		if s := get(row, "files"); s != "" {
			r.files, _ = strconv.Atoi(s)
		}
		out = append(out, r)
	}
	return out, nil
}

// key identifies the runs of one tool at one size.
type key struct {
	size int
	tool string
}

// summarise returns the sizes (ascending), the tools (in toolOrder, then
// any other) and the medians of each tool at each size.
func summarise(runs []run) ([]int, []string, map[key]summary) {
	groups := map[key][]run{}
	var sizes []int
	var tools []string
	for _, r := range runs {
		k := key{r.size, r.tool}
		groups[k] = append(groups[k], r)
		if !slices.Contains(sizes, r.size) {
			sizes = append(sizes, r.size)
		}
		if !slices.Contains(tools, r.tool) {
			tools = append(tools, r.tool)
		}
	}
	slices.Sort(sizes)
	slices.SortStableFunc(tools, func(a, b string) int { return rank(a) - rank(b) })
	sum := map[key]summary{}
	for k, rs := range groups {
		var wall, cpu, mb, load []float64
		s := summary{runs: len(rs), files: rs[0].files, firstTime: rs[0].time, lastTime: rs[len(rs)-1].time}
		for _, r := range rs {
			wall = append(wall, r.wall)
			cpu = append(cpu, r.user+r.sys)
			mb = append(mb, r.rssKB/1024)
			if !math.IsNaN(r.load) {
				load = append(load, r.load)
			}
		}
		s.wall, s.cpu, s.mb, s.load = median(wall), median(cpu), median(mb), median(load)
		s.wallMin, s.wallMax = slices.Min(wall), slices.Max(wall)
		if len(load) > 0 {
			s.loadMin, s.loadMax = slices.Min(load), slices.Max(load)
		} else {
			s.loadMin, s.loadMax = math.NaN(), math.NaN()
		}
		sum[k] = s
	}
	return sizes, tools, sum
}

// rank is the position of tool in toolOrder (others last).
func rank(tool string) int {
	if i := slices.Index(toolOrder, tool); i >= 0 {
		return i
	}
	return len(toolOrder)
}

// median returns the median of v (NaN when empty).
func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	v = slices.Clone(v)
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// ratio returns "a/b x" or "–" when a side is missing.
func ratio(sum map[key]summary, size int, a, b string, f func(summary) float64) string {
	sa, oka := sum[key{size, a}]
	sb, okb := sum[key{size, b}]
	if !oka || !okb || f(sb) == 0 || math.IsNaN(f(sa)) || math.IsNaN(f(sb)) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", f(sa)/f(sb))
}

func wallOf(s summary) float64 { return s.wall }
func memOf(s summary) float64  { return s.mb }
func cpuOf(s summary) float64  { return s.cpu }

// scaling returns the pairs of sizes whose wall ratio is reported: 50000
// over 10000 when both were measured, else each size over the one before.
func scaling(sizes []int) [][2]int {
	if slices.Contains(sizes, 10000) && slices.Contains(sizes, 50000) {
		return [][2]int{{10000, 50000}}
	}
	var pairs [][2]int
	for i := 1; i < len(sizes); i++ {
		pairs = append(pairs, [2]int{sizes[i-1], sizes[i]})
	}
	return pairs
}

// loadText formats the load average range of s.
func loadText(s summary) string {
	if math.IsNaN(s.load) {
		return "?"
	}
	if s.loadMin == s.loadMax {
		return fmt.Sprintf("%.2f", s.load)
	}
	return fmt.Sprintf("%.2f (%.2f–%.2f)", s.load, s.loadMin, s.loadMax)
}

// printTables writes a plain-text table per size, then the scaling ratios.
func printTables(w io.Writer, sizes []int, tools []string, sum map[key]summary) {
	for _, size := range sizes {
		fmt.Fprintf(w, "\n== %d pages (medians) ==\n", size)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "tool\truns\twall s\tmin–max s\tCPU s\tpeak MB\tfiles\tload1")
		for _, t := range tools {
			s, ok := sum[key{size, t}]
			if !ok {
				continue
			}
			fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f–%.2f\t%.2f\t%.0f\t%d\t%s\n",
				t, s.runs, s.wall, s.wallMin, s.wallMax, s.cpu, s.mb, s.files, loadText(s))
		}
		tw.Flush()
		fmt.Fprintf(w, "alliance/Hugo: wall %s, CPU %s, memory %s; alliance/floor: wall %s, CPU %s\n",
			ratio(sum, size, "alliance", "hugo", wallOf), ratio(sum, size, "alliance", "hugo", cpuOf),
			ratio(sum, size, "alliance", "hugo", memOf),
			ratio(sum, size, "alliance", "floor", wallOf), ratio(sum, size, "alliance", "floor", cpuOf))
	}
	for _, p := range scaling(sizes) {
		fmt.Fprintf(w, "\nscaling wall(%d)/wall(%d) (%.0f× the pages):", p[1], p[0], float64(p[1])/float64(p[0]))
		for _, t := range tools {
			fmt.Fprintf(w, " %s %s", t, ratio2(sum, t, p))
		}
		fmt.Fprintln(w)
	}
}

// ratio2 returns the wall ratio of tool between the sizes of p.
func ratio2(sum map[key]summary, tool string, p [2]int) string {
	a, oka := sum[key{p[1], tool}]
	b, okb := sum[key{p[0], tool}]
	if !oka || !okb || b.wall == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a.wall/b.wall)
}

// writeMarkdown writes the report.
func writeMarkdown(b *strings.Builder, sizes []int, tools []string, sum map[key]summary, nproc, cpu, hugoVersion, alliance, goVersion, note string) {
	b.WriteString("# Build benchmark: alliance, Hugo and the goldmark floor\n\n")
	b.WriteString("Generated by `scripts/bench.sh` from `results.csv` (one row per run). ")
	if rebuilds {
		b.WriteString("Each run is a rebuild: each tool builds over its own previous output (Hugo over its output folder, alliance over the staging folder it keeps), after two unrecorded builds, of a site made by ")
	} else {
		b.WriteString("Each run is a fresh build (output folder removed first) of a site made by ")
	}
	b.WriteString("`internal/testsite` (80 % news, 5 % charter chapters, 15 % events; the Hugo twin has the same content ")
	b.WriteString("and equivalent minimal layouts); the tools run alternately. ")
	b.WriteString("Wall and CPU (user + sys) times and peak RSS come from GNU time; values are medians. ")
	b.WriteString("The floor (`internal/floor`) only converts each page's Markdown with goldmark and writes it: ")
	b.WriteString("no templates, lists, feeds or taxonomies, the lower bound of a goldmark-based generator.\n\n")
	var info []string
	if nproc != "" {
		info = append(info, "processors: "+nproc)
	}
	if cpu != "" {
		info = append(info, "CPU: "+cpu)
	}
	if alliance != "" {
		info = append(info, "alliance: "+alliance)
	}
	if goVersion != "" {
		info = append(info, "Go: "+goVersion)
	}
	if hugoVersion != "" {
		info = append(info, "Hugo: `"+strings.TrimSpace(hugoVersion)+"`")
	}
	var first, last string
	for _, s := range sum {
		if first == "" || (s.firstTime != "" && s.firstTime < first) {
			first = s.firstTime
		}
		if s.lastTime > last {
			last = s.lastTime
		}
	}
	if first != "" {
		info = append(info, "measured: "+first+" – "+last)
	}
	for _, s := range info {
		b.WriteString("- " + s + "\n")
	}
	b.WriteString("- load1: the 1-minute load average just before each run (median, then range): ")
	b.WriteString("other work shared the machine, so compare tools within a size rather than across machines.\n")
	if note != "" {
		b.WriteString("- note: " + note + "\n")
	}
	b.WriteString("\n![median wall time of a " + kind(false) + "](chart.svg)\n\n")
	b.WriteString("| pages | tool | runs | wall (s) | wall min–max (s) | CPU (s) | peak RSS (MB) | files written | load1 |\n")
	b.WriteString("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, size := range sizes {
		for _, t := range tools {
			s, ok := sum[key{size, t}]
			if !ok {
				continue
			}
			fmt.Fprintf(b, "| %d | %s | %d | %.2f | %.2f–%.2f | %.2f | %.0f | %d | %s |\n",
				size, t, s.runs, s.wall, s.wallMin, s.wallMax, s.cpu, s.mb, s.files, loadText(s))
		}
	}
	b.WriteString("\nRatios of medians (below 1: alliance is faster or smaller). ")
	b.WriteString("Under load, CPU time is steadier than wall time.\n\n")
	b.WriteString("| pages | alliance/Hugo wall | alliance/Hugo CPU | alliance/Hugo memory | alliance/floor wall | alliance/floor CPU |\n")
	b.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, size := range sizes {
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s |\n", size,
			ratio(sum, size, "alliance", "hugo", wallOf), ratio(sum, size, "alliance", "hugo", cpuOf),
			ratio(sum, size, "alliance", "hugo", memOf),
			ratio(sum, size, "alliance", "floor", wallOf), ratio(sum, size, "alliance", "floor", cpuOf))
	}
	if pairs := scaling(sizes); len(pairs) > 0 {
		b.WriteString("\nScaling (ratio of median wall times; linear scaling is the ratio of page counts):\n\n")
		b.WriteString("| sizes |")
		for _, t := range tools {
			b.WriteString(" " + t + " |")
		}
		b.WriteString("\n| --- |" + strings.Repeat(" ---: |", len(tools)) + "\n")
		for _, p := range pairs {
			fmt.Fprintf(b, "| wall(%d)/wall(%d), %.0f× the pages |", p[1], p[0], float64(p[1])/float64(p[0]))
			for _, t := range tools {
				b.WriteString(" " + ratio2(sum, t, p) + " |")
			}
			b.WriteString("\n")
		}
	}
}

// chart returns an SVG line chart, log-log, of the median wall time of each
// tool at each size, with axis labels, a legend and the values.
func chart(sizes []int, tools []string, sum map[key]summary) string {
	const (
		W, H                 = 720, 440
		left, right, top, bt = 72, 64, 56, 64
	)
	pw, ph := float64(W-left-right), float64(H-top-bt)
	// y range: decades around the data.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range sum {
		if s.wall > 0 {
			lo, hi = math.Min(lo, s.wall), math.Max(hi, s.wall)
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0.1, 1
	}
	ticks := series125(lo*0.8, hi*1.25)
	ylo, yhi := ticks[0], ticks[len(ticks)-1]
	y := func(v float64) float64 {
		return float64(top) + ph*(1-(math.Log10(v)-math.Log10(ylo))/(math.Log10(yhi)-math.Log10(ylo)))
	}
	x := func(size int) float64 {
		if len(sizes) == 1 {
			return float64(left) + pw/2
		}
		a, b := math.Log10(float64(sizes[0])), math.Log10(float64(sizes[len(sizes)-1]))
		return float64(left) + pw*0.08 + pw*0.84*(math.Log10(float64(size))-a)/(b-a)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="13">`+"\n", W, H, W, H)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", W, H)
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="16" font-weight="600" fill="#111">%s: median wall time (lower is better)</text>`+"\n", left, kind(true))
	fmt.Fprintf(&b, `<text x="%d" y="42" font-size="12" fill="#555">log–log scales; the floor only converts Markdown with goldmark and writes the pages</text>`+"\n", left)
	// y grid and ticks: 1, 2, 5 per decade.
	for _, v := range ticks {
		yy := y(v)
		stroke := "#e5e7eb"
		if m := v / math.Pow(10, math.Floor(math.Log10(v)+1e-9)); math.Abs(m-1) < 1e-6 {
			stroke = "#d1d5db"
		}
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`+"\n", left, yy, W-right, yy, stroke)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" fill="#333">%s</text>`+"\n", left-8, yy+4, seconds(v))
	}
	// x ticks at the measured sizes.
	for _, size := range sizes {
		xx := x(size)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e5e7eb"/>`+"\n", xx, top, xx, H-bt)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#333">%s</text>`+"\n", xx, H-bt+18, thousands(size))
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", left, H-bt, W-right, H-bt)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", left, top, left, H-bt)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#111">pages in the site</text>`+"\n", float64(left)+pw/2, H-bt+40)
	fmt.Fprintf(&b, `<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle" fill="#111">median wall time (seconds)</text>`+"\n", float64(top)+ph/2)
	// series
	for ti, t := range tools {
		st, ok := toolStyle[t]
		if !ok {
			st.name, st.color = t, "#000000"
		}
		var pts []string
		for _, size := range sizes {
			if s, ok := sum[key{size, t}]; ok && s.wall > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(size), y(s.wall)))
			}
		}
		dash := ""
		if st.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, st.dash)
		}
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`+"\n", strings.Join(pts, " "), st.color, dash)
		}
		for _, size := range sizes {
			s, ok := sum[key{size, t}]
			if !ok || s.wall <= 0 {
				continue
			}
			xx, yy := x(size), y(s.wall)
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4.5" fill="%s"><title>%s, %d pages: %s s (median of %d)</title></circle>`+"\n",
				xx, yy, st.color, st.name, size, trim(s.wall), s.runs)
		}
		// legend
		ly := float64(top) + 14 + float64(ti)*20
		lx := float64(left) + 16
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2.5"%s/>`, lx, ly, lx+26, ly, st.color, dash)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, lx+13, ly, st.color)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#111">%s</text>`+"\n", lx+34, ly+4, st.name)
	}
	// value labels right of each point, pushed apart so that they never overlap.
	for _, size := range sizes {
		type label struct {
			y     float64
			color string
			text  string
		}
		var labels []label
		for _, t := range tools {
			if s, ok := sum[key{size, t}]; ok && s.wall > 0 {
				labels = append(labels, label{y(s.wall) + 4, toolStyle[t].color, trim(s.wall) + " s"})
			}
		}
		slices.SortFunc(labels, func(a, b label) int { return cmp.Compare(a.y, b.y) })
		for i := 1; i < len(labels); i++ {
			labels[i].y = math.Max(labels[i].y, labels[i-1].y+15)
		}
		for _, l := range labels {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="%s" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`+"\n", x(size)+9, l.y, l.color, l.text)
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// series125 returns the values 1, 2, 5 × 10^k from the largest one not
// above lo to the smallest one not below hi.
func series125(lo, hi float64) []float64 {
	var out []float64
	for d := math.Pow(10, math.Floor(math.Log10(lo))); ; d *= 10 {
		for _, step := range []struct{ m, next float64 }{{1, 2}, {2, 2.5}, {5, 2}} {
			v := d * step.m
			if v*step.next <= lo {
				continue // the next value is still not above lo
			}
			out = append(out, v)
			if v >= hi {
				return out
			}
		}
	}
}

// seconds formats an axis value.
func seconds(v float64) string {
	if v >= 1 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 2, 64)
}

// trim formats a measured time with three significant digits.
func trim(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// thousands writes n with a thin space between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var out []string
	for len(s) > 3 {
		out = append([]string{s[len(s)-3:]}, out...)
		s = s[:len(s)-3]
	}
	out = append([]string{s}, out...)
	return strings.Join(out, "\u2009")
}
