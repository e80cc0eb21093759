#!/bin/bash
# bench_play.sh: launch-to-first-sound in playback, baonoi against espeak-ng playing the same
# text, both through a private PulseAudio null sink (tests/pulse.sh, tests/bench_play.py).
# Usage: BAONOI=build/baonoi tests/bench_play.sh
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
pulse_stop
