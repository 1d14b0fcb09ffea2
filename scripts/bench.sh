#!/usr/bin/env bash
# bench.sh: fresh-build benchmark of alliance against Hugo and the goldmark
# floor (internal/floor), on generated test sites (internal/testsite).
#
# Usage, from anywhere in the repository:
#
#   scripts/bench.sh                 # sizes 1000 10000 50000, 5 runs (3 at 50000)
#   QUICK=1 scripts/bench.sh         # size 1000, 2 runs, results in a temp folder
#   SIZES="1000 10000" RUNS=5 scripts/bench.sh
#   SIZES=50000 RUNS=1 APPEND=1 scripts/bench.sh   # add rows to the existing CSV
#
# Environment:
#   SIZES        site sizes in pages (default "1000 10000 50000"; QUICK: 1000)
#   RUNS         runs of each tool per size (default 5; QUICK: 2)
#   RUNS_LARGE   runs at sizes >= 50000 (default 3, or RUNS when RUNS is set)
#   TOOLS        tools to run, in this order (default "alliance hugo floor";
#                hugo is dropped when not installed)
#   RESULTS_DIR  where results.csv, results.md and chart.svg go
#                (default docs/bench; QUICK: /tmp/alliance-bench-quick)
#   APPEND=1     add the rows to RESULTS_DIR/results.csv instead of replacing it;
#                the report and chart are made from every row of the file
#   KEEP=1       keep the temporary folder (sites, binaries, outputs)
#   REBUILD=1    each run builds over the tool's previous output instead of
#                an empty folder, as an editor's second build does: Hugo
#                writes over public/, alliance rewrites the staging folder
#                it keeps next to DEST (the previous version). Two first,
#                unrecorded runs per tool and size make that output.
#   NOTE         a note on the conditions of the run, for results.md
#
# Tools run alternately (alliance, hugo, floor, alliance, hugo, floor, ...),
# in rounds that run every size once (1000, 10000, 50000, then again), so
# that a shared machine's drift in speed does not skew the size ratios.
# Each run writes into an output folder of its own size and tool, removed
# before the run unless REBUILD=1, and is measured with GNU time (/usr/bin/time -f '%e %U %S %M'): wall seconds, user and system
# CPU seconds, peak RSS in KB. GNU time is required; install it
# (apt-get install time) if /usr/bin/time is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [[ ! -x /usr/bin/time ]] || ! /usr/bin/time -f '%e' true >/dev/null 2>&1; then
	echo "bench.sh: GNU time is required at /usr/bin/time (apt-get install time)" >&2
	exit 2
fi

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
	SIZES=${SIZES:-1000}
	RUNS=${RUNS:-2}
	RESULTS_DIR=${RESULTS_DIR:-/tmp/alliance-bench-quick}
fi
SIZES=${SIZES:-1000 10000 50000}
RUNS_LARGE=${RUNS_LARGE:-${RUNS:-3}}
RUNS=${RUNS:-5}
TOOLS=${TOOLS:-alliance hugo floor}
RESULTS_DIR=${RESULTS_DIR:-docs/bench}
APPEND=${APPEND:-0}
KEEP=${KEEP:-0}
REBUILD=${REBUILD:-0}

for n in $SIZES $RUNS $RUNS_LARGE; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: not a positive integer: $n" >&2; exit 2; }
done

HAVE_HUGO=0
if command -v hugo >/dev/null 2>&1; then
	HAVE_HUGO=1
	HUGO_VERSION=$(hugo version)
else
	HUGO_VERSION="(not installed)"
fi
tools=()
for t in $TOOLS; do
	case $t in
	alliance | floor) tools+=("$t") ;;
	hugo) if [[ $HAVE_HUGO == 1 ]]; then tools+=(hugo); else echo "bench.sh: hugo not installed, skipped" >&2; fi ;;
	*) echo "bench.sh: unknown tool $t (want alliance, hugo, floor)" >&2; exit 2 ;;
	esac
done
[[ ${#tools[@]} -gt 0 ]] || { echo "bench.sh: no tool to run" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/alliance-bench.XXXXXX")
cleanup() {
	if [[ $KEEP == 1 ]]; then
		echo "bench.sh: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

NPROC=$(nproc)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
load1() { cut -d' ' -f1 /proc/loadavg; }

echo "nproc: $NPROC${CPU_MODEL:+ ($CPU_MODEL)}"
echo "hugo version: $HUGO_VERSION"
ALLIANCE_REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain -- cmd internal ./*.go go.mod 2>/dev/null) ]]; then
	ALLIANCE_REV="$ALLIANCE_REV + uncommitted changes"
fi
echo "alliance: $ALLIANCE_REV"
echo "go version: $(go version)"
echo "sizes: $SIZES; runs: $RUNS (at >= 50000: $RUNS_LARGE); tools: ${tools[*]}"
echo "mode: $([[ $REBUILD == 1 ]] && echo "rebuild over the previous output" || echo "fresh builds (nothing on disk)")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "building binaries in $TMP/bin ..."
mkdir -p "$TMP/bin"
go build -o "$TMP/bin/alliance" ./cmd/alliance
go build -o "$TMP/bin/floor" ./internal/floor/cmd/floor
go build -o "$TMP/bin/testsite" ./internal/testsite/cmd/testsite
go build -o "$TMP/bin/benchchart" ./scripts/benchchart

mkdir -p "$RESULTS_DIR"
RESULTS_DIR=$(cd "$RESULTS_DIR" && pwd)
CSV="$RESULTS_DIR/results.csv"
HEADER="size,tool,run,wall_s,user_s,sys_s,maxrss_kb,load1,files,time"
if [[ $APPEND == 1 && -s $CSV ]]; then
	[[ $(head -n1 "$CSV") == "$HEADER" ]] || { echo "bench.sh: $CSV has another header; not appending" >&2; exit 1; }
else
	echo "$HEADER" >"$CSV.tmp"
	mv "$CSV.tmp" "$CSV"
fi

# measure TOOL SIZE RUN SITE HUGOSITE [warm]: one build, one CSV row; a
# fresh build (nothing on disk: neither DEST nor alliance's staging folder)
# unless REBUILD=1; "warm" runs it without recording it.
measure() {
	local tool=$1 size=$2 run=$3 site=$4 hugosite=$5 warm=${6:-}
	local out="$TMP/out/$size/$tool" # absolute: Hugo reads a relative -d from -s
	if [[ $REBUILD != 1 ]]; then
		rm -rf "$out" "$TMP/out/$size/.$tool.staging"
	fi
	mkdir -p "$TMP/out/$size"
	local cmd
	case $tool in
	alliance) cmd=("$TMP/bin/alliance" build -s "$site" -d "$out") ;;
	hugo) cmd=(hugo --quiet -s "$hugosite" -d "$out") ;;
	floor) cmd=("$TMP/bin/floor" -s "$site" -d "$out") ;;
	esac
	local load
	load=$(load1)
	if ! /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "${cmd[@]}" >"$TMP/stdout" 2>"$TMP/stderr"; then
		echo "bench.sh: $tool failed on $size pages (run $run): ${cmd[*]}" >&2
		tail -n 20 "$TMP/stderr" >&2
		exit 1
	fi
	if [[ -n $warm ]]; then
		return
	fi
	local wall user sys rss files
	# The last line: GNU time prefixes "Command exited ..." lines otherwise.
	read -r wall user sys rss < <(tail -n 1 "$TMP/time")
	files=$(find "$out" -type f | wc -l)
	echo "$size,$tool,$run,$wall,$user,$sys,$rss,$load,$files,$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$CSV"
	printf '  %-8s run %d: wall %6.2fs  cpu %6.2fs  peak %6.0f MB  files %6d  (load %s)\n' \
		"$tool" "$run" "$wall" "$(echo "$user $sys" | awk '{ print $1 + $2 }')" \
		"$(echo "$rss" | awk '{ print $1 / 1024 }')" "$files" "$load"
}

# runs_of SIZE: the number of runs at that size.
runs_of() {
	if (($1 >= 50000)); then echo "$RUNS_LARGE"; else echo "$RUNS"; fi
}

# Every site first, then rounds: each round runs every size once (the tools
# alternating within a size), so that all sizes see the same drift of a
# shared machine's speed, which the size ratios would otherwise take in.
for size in $SIZES; do
	echo
	echo "== $size pages: generating the sites ..."
	"$TMP/bin/testsite" -n "$size" -o "$TMP/sites/$size/alliance" -hugo "$TMP/sites/$size/hugo"
done
if [[ $REBUILD == 1 ]]; then
	# Twice: alliance's first build creates DEST, its second the staging
	# folder that later builds rewrite.
	for warm in 1 2; do
		echo
		echo "== warm-up $warm (not recorded)"
		for size in $SIZES; do
			for tool in "${tools[@]}"; do
				measure "$tool" "$size" 0 "$TMP/sites/$size/alliance" "$TMP/sites/$size/hugo" warm
			done
		done
	done
fi
maxruns=0
for size in $SIZES; do
	n=$(runs_of "$size")
	((n > maxruns)) && maxruns=$n
done
for ((r = 1; r <= maxruns; r++)); do
	echo
	echo "== round $r"
	for size in $SIZES; do
		(($(runs_of "$size") >= r)) || continue
		echo " $size pages:"
		for tool in "${tools[@]}"; do
			measure "$tool" "$size" "$r" "$TMP/sites/$size/alliance" "$TMP/sites/$size/hugo"
		done
	done
done
rm -rf "$TMP/out" "$TMP/sites"

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$TMP/bin/benchchart" -rebuild="$([[ $REBUILD == 1 ]] && echo true || echo false)" -csv "$CSV" -md "$RESULTS_DIR/results.md" -svg "$RESULTS_DIR/chart.svg" \
	-nproc "$NPROC" -cpu "$CPU_MODEL" -hugo-version "$HUGO_VERSION" -alliance "$ALLIANCE_REV" -go "$(go env GOVERSION)" -note "${NOTE:-}"
echo
echo "wrote $CSV, $RESULTS_DIR/results.md and $RESULTS_DIR/chart.svg"
