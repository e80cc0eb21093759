#!/bin/bash
# bench_play.sh: launch-to-first-sound in playback, baonoi against espeak-ng playing the same
# text, both through a private PulseAudio null sink (tests/pulse.sh, tests/bench_play.py).
# With BENCH_OPEN=build/bench_open, also the cost of opening the device each way
# (tests/bench_open.py).
# Usage: BAONOI=build/baonoi [BENCH_OPEN=build/bench_open] tests/bench_play.sh
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BAONOI=${BAONOI:-$ROOT/build/baonoi}
export BAONOI_DATA_DIR=$ROOT
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BAONOI" text "$ROOT/examples/ictvietnam-2020-05-25.html" >"$WORK/example.txt"
source "$ROOT/tests/pulse.sh"
pulse_start "$WORK/pulse"
python3 "$ROOT/tests/bench_play.py" "$BAONOI" "$WORK/example.txt" 7 || true
# What opening the device costs, each way (tests/bench_open.c, built by `make bench`).
if [ -n "${BENCH_OPEN:-}" ]; then
	PYTHONPATH=$ROOT/tests python3 "$ROOT/tests/bench_open.py" "$BAONOI" "$BENCH_OPEN" \
		"$WORK/example.txt" 9 || true
fi
pulse_stop
