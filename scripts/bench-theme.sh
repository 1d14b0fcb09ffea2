#!/usr/bin/env bash
# bench-theme.sh: CPU time of a whole build of one generated site with the
# default theme, with every layout overridden by a copy plus a comment, with
# the default theme and the e-mail editions turned off (the work Hugo does),
# and with Hugo on the same content, paired in rounds (one of each per
# round). Every alliance build is a first one: the folder of its editions'
# cache (SRC/.alliance) is removed before it.
#
#   PAGES=10000 ROUNDS=3 scripts/bench-theme.sh
#
# Prints user+system CPU seconds and wall seconds of each build, then the
# medians and the ratios. Output goes to tmpfs (/dev/shm) when it exists.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${PAGES:-10000}
ROUNDS=${ROUNDS:-3}
command -v hugo >/dev/null || { echo "hugo is needed (apt-get install -y hugo)"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
OUT=/dev/shm
[ -d "$OUT" ] && [ -w "$OUT" ] || OUT=$TMP
OUT=$(mktemp -d "$OUT/alliance-bench.XXXXXX")
trap 'rm -rf "$TMP" "$OUT"' EXIT

go build -o "$TMP/alliance" ./cmd/alliance
go build -o "$TMP/testsite" ./internal/testsite/cmd/testsite
"$TMP/testsite" -n "$PAGES" -o "$TMP/default" -hugo "$TMP/hugo" >/dev/null
cp -r "$TMP/default" "$TMP/override"
cp -r "$TMP/default" "$TMP/noemail"
printf 'email: { editions: false }\n' >> "$TMP/noemail/site.yaml"
cp -r layouts "$TMP/override/layouts"
find "$TMP/override/layouts" -name '*.html' -exec sh -c 'printf "{{/* overridden */}}\n" >> "$1"' _ {} \;

: >"$TMP/times"
for _ in $(seq "$ROUNDS"); do
	for site in default override noemail hugo; do
		rm -rf "$OUT/$site"
		if [ "$site" = hugo ]; then
			(cd "$TMP/hugo" && /usr/bin/time -a -o "$TMP/times" -f "$site %U %S %e" hugo --quiet -d "$OUT/$site" >/dev/null)
		else
			rm -rf "$TMP/$site/.alliance"
			/usr/bin/time -a -o "$TMP/times" -f "$site %U %S %e" "$TMP/alliance" build -s "$TMP/$site" -d "$OUT/$site" >/dev/null
		fi
	done
done
awk '
	{ cpu[$1] = cpu[$1] " " $2 + $3; wall[$1] = wall[$1] " " $4; print $1, "cpu", $2 + $3, "s, wall", $4, "s" }
	function median(list,   a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	END {
		d = median(cpu["default"]); o = median(cpu["override"]); n = median(cpu["noemail"]); h = median(cpu["hugo"])
		printf "medians (CPU s): default %.2f, override %.2f, no editions %.2f, hugo %.2f\n", d, o, n, h
		printf "override/default %.2fx, default/hugo %.2fx, override/hugo %.2fx, no editions/hugo %.2fx\n", o / d, d / h, o / h, n / h
	}' "$TMP/times"
