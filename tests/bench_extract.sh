#!/bin/bash
# bench_extract.sh: the extract stage's speed per page against readability-lxml (and
# Readability.js when `make corpus-peers` has installed it) on the fixture pages, each timed
# inside its own process, and baonoi's peak memory on a 5 MB page.
# Usage: tests/bench_extract.sh BENCH_EXTRACT_BINARY   (BAONOI: the baonoi command)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$1
BAONOI=${BAONOI:-$ROOT/build/baonoi}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RUNS=20
pages=("$ROOT"/tests/fixtures/*.html)
ours=$("$BENCH" "$RUNS" "${pages[@]}" | awk '$1 == "median" {print $2}')
peer=$(/usr/bin/python3 "$ROOT/tests/bench_extract_peer.py" "$RUNS" "${pages[@]}" | awk '$1 == "median" {print $2}')
echo "extraction, median per page over ${#pages[@]} fixtures ($RUNS runs each, in-process):"
printf '  baonoi %8.3f ms   readability-lxml %8.3f ms   readability-lxml/baonoi %6.1fx (target >= 10x)\n' \
	"$ours" "$peer" "$(python3 -c "print($peer / $ours)")"
JS=${READABILITY_JS:-$ROOT/build/peers/readability-js}
if [ -d "$JS/node_modules" ]; then
	cp "$ROOT/tests/peers/readability-js/run.js" "$JS/"
	mkdir -p "$WORK/js"
	js=$(node "$JS/run.js" "$RUNS" "$WORK/js" "${pages[@]}" | awk '$1 == "median" {print $2}')
	printf '  Readability.js %8.3f ms   Readability.js/baonoi %6.1fx\n' \
		"$js" "$(python3 -c "print($js / $ours)")"
else
	echo "  Readability.js: not installed (make corpus-peers installs it from npm, and compares all three on the peer's 130 pages)"
fi

# A 5 MB page: the vnexpress fixture's body repeated, inside its page.
python3 - "$ROOT/tests/fixtures/vnexpress.html" "$WORK/big.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
start, end = page.index('<article class="fck_detail ">'), page.index("</article>")
body = page[start + len('<article class="fck_detail ">'):end]
repeat = body * (5_000_000 // len(body.encode()) + 1)
open(sys.argv[2], "w", encoding="utf-8").write(page[:start] + '<article class="fck_detail ">' + repeat + page[end:])
PY
size=$(stat -c %s "$WORK/big.html")
rss=$( { /usr/bin/time -f %M "$BAONOI" text "$WORK/big.html" >/dev/null; } 2>&1 | tail -1)
wall=$( { /usr/bin/time -f %e "$BAONOI" text "$WORK/big.html" >/dev/null; } 2>&1 | tail -1)
printf '5 MB page (%d bytes): peak RSS %d KB = %.1fx the page (target < 10x), %s s\n' \
	"$size" "$rss" "$(python3 -c "print($rss * 1024 / $size)")" "$wall"
