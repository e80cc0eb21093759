#!/bin/bash
# bench_text.sh: segmentation plus normalization of a 100 KB article (the example's text
# repeated), beside the time eSpeak NG takes to synthesise the same text to WAV.
# Usage: tests/bench_text.sh BENCH_TEXT_BINARY   (BAONOI: the baonoi command)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BAONOI=${BAONOI:-$ROOT/build/baonoi}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export BAONOI_DATA_DIR=$ROOT
"$BAONOI" text "$ROOT/examples/ictvietnam-2020-05-25.html" | grep -v '^$' >"$WORK/one.txt"
while [ "$(stat -c %s "$WORK/a.txt" 2>/dev/null || echo 0)" -lt 102400 ]; do cat "$WORK/one.txt" >>"$WORK/a.txt"; done
ours=$("$1" 20 "$WORK/a.txt")
espeak=$( { /usr/bin/time -f %e espeak-ng -v vi -w "$WORK/e.wav" -f "$WORK/a.txt"; } 2>&1 | tail -1)
echo "text stages on $ours (target < 5 ms); eSpeak NG synthesis of the same text: ${espeak} s"
