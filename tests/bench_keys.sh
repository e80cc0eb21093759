#!/bin/bash
# bench_keys.sh: the interactive reader's latency, key by key: baonoi -i runs in tmux, Right
# is pressed again and again (Home at the end), and a private PulseAudio null sink recorded
# with parec tells, for each press, how long the old speech went on (key -> silence) and when
# the next sentence was heard (key -> sound). Prints the median and the worst case beside the
# targets (50 ms and 150 ms). See tests/interactive.py.
# Usage: BAONOI=build/baonoi tests/bench_keys.sh [PRESSES]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BAONOI=${BAONOI:-$ROOT/build/baonoi}
export BAONOI_DATA_DIR=$ROOT
PYTHON=python3
$PYTHON -c 'import numpy' 2>/dev/null || PYTHON=/usr/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
source "$ROOT/tests/pulse.sh"
pulse_start "$WORK/pulse"
$PYTHON "$ROOT/tests/interactive.py" "$BAONOI" "$ROOT/examples/ictvietnam-2020-05-25.html" \
	--bench "${1:-40}" | grep -v '^ok '
pulse_stop
