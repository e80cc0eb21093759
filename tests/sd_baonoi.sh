#!/bin/bash
# sd_baonoi.sh: the Speech Dispatcher module's tests (tests/sd_baonoi.py) inside a private
# PulseAudio server with a null sink (tests/pulse.sh), which the private speech-dispatcher
# plays into and the test records.
# Usage: tests/sd_baonoi.sh SD_BAONOI BAONOI [PYTHON]
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${3:-/usr/bin/python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/baonoi-sd.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
source "$ROOT/tests/pulse.sh"
pulse_start "$WORK/pulse" || exit 1
TMPDIR=$WORK $PYTHON "$ROOT/tests/sd_baonoi.py" "$1" "$2"
rc=$?
pulse_stop
[ "$rc" = 0 ] || tail -20 "$WORK/pulse/pulse.log" | sed 's/^/pulse: /'
exit $rc
