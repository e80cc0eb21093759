#!/bin/bash
# with_pulse.sh: run a command inside a private PulseAudio server with a null sink
# (tests/pulse.sh): what it plays, a private speech-dispatcher's included, can be recorded
# from the sink's monitor. The sound server's last words show when the command fails.
# Usage: tests/with_pulse.sh COMMAND [ARG...]
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/baonoi-pulse.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
source "$ROOT/tests/pulse.sh"
pulse_start "$WORK/pulse" || exit 1
TMPDIR=$WORK "$@"
rc=$?
pulse_stop
[ "$rc" = 0 ] || tail -20 "$WORK/pulse/pulse.log" | sed 's/^/pulse: /'
exit $rc
