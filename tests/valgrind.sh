#!/bin/bash
# valgrind.sh: the unit tests and the command's main paths under valgrind's memcheck; any
# definite or indirect leak, or any memory error, fails. Usage: tests/valgrind.sh BUILD_DIR
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
export BAONOI_DATA_DIR=$ROOT
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
EXAMPLE=$ROOT/examples/ictvietnam-2020-05-25.html
failed=0
# run COMMAND...: passes unless valgrind found an error (status 99); the command's own failure
# statuses (bad input on purpose) are not valgrind's concern.
run() {
	"$@" >"$WORK/out" 2>"$WORK/err"
	if [ $? != 99 ]; then
		echo "ok   ${*: -2}"
	else
		failed=$((failed + 1))
		echo "FAIL $*"
		head -40 "$WORK/err"
	fi
}
for t in "$ROOT/$BUILD"/tests/test_*; do
	run $VG "$t"
done
B=$ROOT/$BUILD/baonoi
run $VG "$B" text "$EXAMPLE"
run $VG "$B" json "$EXAMPLE"
run $VG "$B" spoken "$EXAMPLE"
run $VG "$B" -o "$WORK/a.wav" "$EXAMPLE"
run $VG "$B" -o "$WORK/a.flac" --voice southern "$EXAMPLE"
run $VG "$B" text "$WORK/missing.html"
mkdir "$WORK/home"
echo "pcm.!default { type file slave.pcm \"null\" file \"$WORK/cap.raw\" format \"raw\" }" >"$WORK/home/.asoundrc"
# PortAudio's ALSA plugins keep allocations for the life of the process: only errors count.
HOME=$WORK/home run valgrind -q --error-exitcode=99 --suppressions="$ROOT/tests/valgrind.supp" "$B" "$EXAMPLE"
# The interactive reader, keys from a pipe: Right, "where am I", spell, faster, quit. Its
# helper processes (player, workers) keep PortAudio's and eSpeak NG's allocations until they
# exit: leaks are checked in the main process only.
{ sleep 2; printf '\033[C'; sleep 0.5; printf 'i'; sleep 0.5; printf 's+'; sleep 0.5; printf 'q'; } |
	HOME=$WORK/home run $VG --child-silent-after-fork=yes "$B" -i "$EXAMPLE"
grep -q "stopped\|error" "$WORK/err" && { failed=$((failed + 1)); echo "FAIL -i: $(head -1 "$WORK/err")"; }
echo "valgrind: $failed failed"
[ "$failed" = 0 ]
