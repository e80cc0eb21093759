#!/bin/sh
# replay.sh DIR: run the kept crash inputs (tests/fuzz/regressions/TARGET/) and the seeds each
# target starts from through DIR/replay_TARGET, the fuzz targets without libFuzzer: a fixed
# crash stays fixed, and the targets' properties hold on the project's own inputs.
set -eu
dir=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
status=0
for target in extract preparse text timings files feed ssml; do
	set --
	for f in "$root/tests/fuzz/regressions/$target"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	case $target in
	extract | preparse | feed | ssml) set -- "$@" "$root"/tests/fixtures/*.html "$root"/examples/*.html ;;
	esac
	[ $# -gt 0 ] || continue
	if timeout 600 "$dir/replay_$target" "$@"; then
		echo "ok   fuzz replay: $target ($# inputs)"
	else
		echo "FAIL fuzz replay: $target"
		status=1
	fi
done
exit $status
