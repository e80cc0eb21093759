#!/bin/bash
# bench.sh: baonoi against espeak-ng on the same cleaned text, measured in the same run:
# wall time to a WAV file, peak memory, and time to the first audio byte on standard output.
# Prints each figure and the ratio baonoi/espeak-ng beside the target.
# Usage: BAONOI=build/baonoi tests/bench.sh [RUNS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BAONOI=${BAONOI:-$ROOT/build/baonoi}
RUNS=${1:-5}
export BAONOI_DATA_DIR=$ROOT
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The cleaned example, and a text about 100 times longer (its body repeated).
"$BAONOI" text "$ROOT/examples/ictvietnam-2020-05-25.html" >"$WORK/example.txt"
{
	head -1 "$WORK/example.txt"
	echo
	for _ in $(seq 100); do tail -n +3 "$WORK/example.txt"; echo; done
} >"$WORK/long.txt"

# mean_seconds JSON: the mean of a hyperfine result.
mean() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['mean'])" "$1"; }
# peak_kb CMD...: the maximum resident set size of a run.
peak_kb() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
}
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(espeak-ng --version | cut -d' ' -f1-2)"
printf '%-8s %-16s %12s %12s %7s %s\n' text measure baonoi espeak-ng ratio target
for name in example long; do
	txt=$WORK/$name.txt
	runs=$RUNS
	[ "$name" = long ] && runs=2
	# Each run starts with the one before it written out (sync): otherwise the kernel writes
	# back the previous run's 800 MB on the spare core, which only a one-core run has.
	hyperfine -N -r "$runs" --prepare sync --export-json "$WORK/b1.json" "$BAONOI --jobs 1 -o $WORK/b.wav $txt" >/dev/null
	hyperfine -N -r "$runs" --prepare sync --export-json "$WORK/b2.json" "$BAONOI --jobs 2 -o $WORK/b.wav $txt" >/dev/null
	hyperfine -N -r "$runs" --prepare sync --export-json "$WORK/e.json" "espeak-ng -v vi -w $WORK/e.wav -f $txt" >/dev/null
	b1=$(mean "$WORK/b1.json")
	b2=$(mean "$WORK/b2.json")
	e=$(mean "$WORK/e.json")
	printf '%-8s %-16s %11.3fs %11.3fs %7s %s\n' "$name" "wall, --jobs 1" "$b1" "$e" "$(ratio "$b1" "$e")" "<= 1.05"
	printf '%-8s %-16s %11.3fs %11.3fs %7s %s\n' "$name" "wall, --jobs 2" "$b2" "$e" "$(ratio "$b2" "$e")" "<= 0.60"
	b=$(peak_kb "$BAONOI" --jobs 1 -o "$WORK/b.wav" "$txt")
	e=$(peak_kb espeak-ng -v vi -w "$WORK/e.wav" -f "$txt")
	printf '%-8s %-16s %10sKB %10sKB %7s %s\n' "$name" "peak RSS, main" "$b" "$e" "$(ratio "$b" "$e")" "<= 2"
	# Every process counted, shared pages once: the memory the machine actually spends.
	ep=$(python3 "$ROOT/tests/peak_mem.py" espeak-ng -v vi -w "$WORK/e.wav" -f "$txt" | cut -d' ' -f1)
	for j in 1 2; do
		b=$(python3 "$ROOT/tests/peak_mem.py" "$BAONOI" --jobs $j -o "$WORK/b.wav" "$txt" | cut -d' ' -f1)
		printf '%-8s %-16s %10sKB %10sKB %7s %s\n' "$name" "peak PSS, -j $j" "$b" "$ep" "$(ratio "$b" "$ep")" "<= 2"
	done
	b=$(python3 "$ROOT/tests/first_byte.py" 10 "$BAONOI" -o - "$txt")
	e=$(python3 "$ROOT/tests/first_byte.py" 10 espeak-ng -v vi --stdout -f "$txt")
	printf '%-8s %-16s %10sms %10sms %7s %s\n' "$name" "first audio" "$b" "$e" "$(ratio "$b" "$e")" "<= 2"
	# The same work: espeak-ng reading baonoi's spoken form (numbers, dates... in words).
	"$BAONOI" spoken "$txt" >"$WORK/spoken.txt"
	hyperfine -N -r "$runs" --prepare sync --export-json "$WORK/s.json" "espeak-ng -v vi -w $WORK/s.wav -f $WORK/spoken.txt" >/dev/null
	s=$(mean "$WORK/s.json")
	printf '%-8s %-16s %11.3fs %11.3fs %7s %s\n' "$name" "wall, -j 1/spoken" "$b1" "$s" "$(ratio "$b1" "$s")" "(same words said)"
	echo "$name: baonoi $(soxi -D "$WORK/b.wav")s of audio, espeak-ng $(soxi -D "$WORK/e.wav")s ($(soxi -D "$WORK/s.wav")s on the spoken form)"
done
