#!/usr/bin/env bash
# bench-images.sh: the image benchmark of issue 15. On a generated site of
# PHOTOS camera-size photos (4,000 x 3,000 JPEG, made by
# internal/images/testphoto) on POSTS posts, it compares in one paired run:
#
#   (a) ours-cold: a first build's image processing by internal/images
#       (every width, 480 800 1200 1600, in WebP and JPEG, quality 80),
#       with an empty cache, outputs copied into a fresh folder;
#   (b) hugo: Hugo's own processing of the same variants (a template
#       calling .Resize "480x webp q80" etc.), resources and caches cleared;
#   (c) ours-warm: the same as (a) with the cache (a) left: no decoding.
#
# Each round runs (a), (b), (c), with (a) and (b) swapped every other round,
# measured with GNU time (wall seconds, user + system CPU seconds, peak RSS).
# It prints every run, the medians and the ratios against the targets:
# (a) at most 0.5x (b) in wall time, (c) at most 2% of (a), peak RSS under
# 1 GiB.
#
# Usage: scripts/bench-images.sh
# Environment:
#   PHOTOS (200), POSTS (100), RUNS (3), WIDTH (4000), HEIGHT (3000)
#   WORK   folder for the site, caches and outputs (default: a new temporary
#          folder; the generated site is reused when WORK already has one
#          with the same PHOTOS, POSTS and size)
#   HUGO   the hugo binary (default: hugo in PATH; Debian's 0.111.3 extended)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PHOTOS=${PHOTOS:-200}
POSTS=${POSTS:-100}
RUNS=${RUNS:-3}
WIDTH=${WIDTH:-4000}
HEIGHT=${HEIGHT:-3000}
HUGO=${HUGO:-hugo}
WORK=${WORK:-$(mktemp -d /tmp/bench-images.XXXXXX)}

if ! /usr/bin/time -f '%e' true >/dev/null 2>&1; then
	echo "bench-images.sh: GNU time is required at /usr/bin/time (apt-get install time)" >&2
	exit 2
fi
command -v "$HUGO" >/dev/null || { echo "bench-images.sh: $HUGO not found" >&2; exit 2; }

mkdir -p "$WORK"
BIN=$WORK/imagebench
(cd "$ROOT" && go build -o "$BIN" ./internal/images/imagebench)

SITE=$WORK/site
STAMP="$PHOTOS $POSTS $WIDTH $HEIGHT"
if [[ ! -f $SITE/.stamp || $(cat "$SITE/.stamp") != "$STAMP" ]]; then
	rm -rf "$SITE"
	echo "generating $PHOTOS photos of $WIDTH x $HEIGHT on $POSTS posts in $SITE ..." >&2
	"$BIN" gen -photos "$PHOTOS" -posts "$POSTS" -width "$WIDTH" -height "$HEIGHT" "$SITE"
	echo "$STAMP" >"$SITE/.stamp"
fi
echo "site: $(du -sh "$SITE/content" | cut -f1) of photos; $("$HUGO" version | cut -d' ' -f1-2); $(nproc) cores" >&2

RESULTS=$WORK/results.tsv
printf 'round\ttool\twall_s\tcpu_s\trss_kb\tnote\n' >"$RESULTS"

# measure ROUND TOOL NOTE-FILE COMMAND...: one timed run appended to RESULTS.
measure() {
	local round=$1 tool=$2 notefile=$3
	shift 3
	local t
	t=$(mktemp)
	/usr/bin/time -o "$t" -f '%e %U %S %M' "$@" >"$notefile" 2>&1 || { cat "$notefile" >&2; exit 1; }
	read -r wall user sys rss <"$t"
	rm -f "$t"
	local cpu note
	cpu=$(echo "$user + $sys" | bc)
	note=$(tail -1 "$notefile" | tr '\t' ' ')
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$tool" "$wall" "$cpu" "$rss" "$note" >>"$RESULTS"
	printf '%-10s round %s: wall %6.2f s  cpu %7.2f s  rss %7d KB  %s\n' "$tool" "$round" "$wall" "$cpu" "$rss" "$note" >&2
}

ours_cold() {
	rm -rf "$WORK/cache" "$WORK/ours-out"
	measure "$1" ours-cold "$WORK/ours-cold.log" "$BIN" run -cache "$WORK/cache" -dest "$WORK/ours-out" "$SITE"
	local n
	n=$(find "$WORK/ours-out" -type f | wc -l)
	[[ $n == $((PHOTOS * 8)) ]] || { echo "ours-cold made $n files, want $((PHOTOS * 8))" >&2; exit 1; }
}

hugo_cold() {
	rm -rf "$SITE/resources" "$WORK/hugo-out" "$WORK/hugo-cache"
	measure "$1" hugo "$WORK/hugo.log" "$HUGO" --quiet -s "$SITE" -d "$WORK/hugo-out" --cacheDir "$WORK/hugo-cache"
	local n
	n=$(find "$WORK/hugo-out/posts" -type f \( -name '*_resize_*.webp' -o -name '*_resize_*.jpg' \) | wc -l)
	[[ $n == $((PHOTOS * 8)) ]] || { echo "hugo made $n files, want $((PHOTOS * 8))" >&2; exit 1; }
}

ours_warm() {
	rm -rf "$WORK/ours-out"
	measure "$1" ours-warm "$WORK/ours-warm.log" "$BIN" run -cache "$WORK/cache" -dest "$WORK/ours-out" "$SITE"
	grep -q ' decodes=0 encodes=0 ' "$WORK/ours-warm.log" || { echo "ours-warm decoded or encoded:" >&2; cat "$WORK/ours-warm.log" >&2; exit 1; }
}

for ((r = 1; r <= RUNS; r++)); do
	if ((r % 2 == 1)); then
		ours_cold "$r"
		hugo_cold "$r"
	else
		hugo_cold "$r"
		ours_cold "$r"
	fi
	ours_warm "$r"
done

# Medians and ratios.
awk -F'\t' '
NR > 1 { n[$2]++; wall[$2, n[$2]] = $3; cpu[$2, n[$2]] = $4; rss[$2, n[$2]] = $5 }
function median(a, tool,    k, m, v, i, j, t) {
	m = n[tool]
	for (i = 1; i <= m; i++) v[i] = a[tool, i]
	for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
	return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
}
END {
	printf "\n%-10s %10s %10s %12s   (medians of %d)\n", "tool", "wall_s", "cpu_s", "peak_rss_MB", n["hugo"]
	split("ours-cold hugo ours-warm", tools, " ")
	for (i = 1; i <= 3; i++) {
		t = tools[i]
		W[t] = median(wall, t); C[t] = median(cpu, t); R[t] = median(rss, t)
		printf "%-10s %10.2f %10.2f %12.1f\n", t, W[t], C[t], R[t] / 1024
	}
	printf "\nours-cold / hugo, wall: %.3f (target <= 0.5); cpu: %.3f\n", W["ours-cold"] / W["hugo"], C["ours-cold"] / C["hugo"]
	printf "ours-warm / ours-cold, wall: %.4f (target <= 0.02)\n", W["ours-warm"] / W["ours-cold"]
	maxrss = 0
	for (k in rss) { split(k, p, SUBSEP); if (p[1] != "hugo" && rss[k] + 0 > maxrss) maxrss = rss[k] }
	printf "ours, highest peak RSS of all runs: %.1f MB (target < 1024)\n", maxrss / 1024
}' "$RESULTS" | tee "$WORK/summary.txt"
echo "results: $RESULTS" >&2
