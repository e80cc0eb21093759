#!/bin/sh
# run.sh BIN TARGET SECONDS: fuzz one target (a libFuzzer binary) for SECONDS, from seeds made
# of the project's own inputs (fixture pages, the normalization table, the voice profiles) and
# the kept crash inputs. A new crash input is written to BIN's folder as crash-TARGET-*: keep
# it in tests/fuzz/regressions/TARGET/ once fixed, and `make check` replays it for ever.
set -eu
bin=$1
target=$2
secs=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(dirname "$bin")
work=$out/corpus-$target
seeds=$out/seeds-$target
rm -rf "$seeds"
mkdir -p "$work" "$seeds"
case $target in
extract | preparse)
	cp "$root"/tests/fixtures/*.html "$root"/examples/*.html "$seeds"/
	;;
text | timings)
	cut -f1 "$root/tests/unit/data/normalize.tsv" "$root/tests/unit/data/segment.tsv" 2>/dev/null |
		grep -v '^[@#]' | awk -v d="$seeds" 'NF { f = d "/" NR; print > f; close(f) }'
	;;
feed)
	printf '<rss version="2.0"><channel><title>T</title><item><title>A</title><link>/a</link><pubDate>Mon, 30 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>' >"$seeds/rss"
	printf '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="b"/><updated>2026-11-30T08:00:00Z</updated></entry></feed>' >"$seeds/atom"
	printf '{"version":"https://jsonfeed.org/version/1.1","items":[{"url":"/c","title":"C","date_published":"2026-11-30"}]}' >"$seeds/json"
	printf '<urlset><url><loc>https://s.vn/1</loc><news:news><news:title>S</news:title></news:news></url></urlset>' >"$seeds/sitemap"
	printf '# list\nhttps://a.vn/1\nhttp://b.vn/2\n' >"$seeds/urls"
	;;
ssml)
	cp "$root"/examples/*.html "$seeds"/
	printf '<speak><mark name="0:4"/>Ngày <mark name="5:14"/>22/5/2020, HĐBA họp.</speak>' >"$seeds/marks"
	printf '<speak>Mã <say-as interpret-as="characters">TP.HCM</say-as><break time="1s"/>a &lt; b</speak>' >"$seeds/sayas"
	printf 'shift_a' >"$seeds/key"
	;;
files)
	i=0
	for f in "$root"/voices/*.voice; do
		i=$((i + 1))
		{ printf '\000'; cat "$f"; } >"$seeds/voice$i"
	done
	printf '\001# keys\nnext-sentence l Right\npause q C-p\nquit Esc\n' >"$seeds/keys"
	printf '\0023\t9\thttps://example.vn/a.htm\n7\t20\t/home/u/b.html\n' >"$seeds/positions"
	{ printf '\003'; head -50 "$root/voices/acronyms.txt"; } >"$seeds/lexicon"
	printf '\004voice = southern\nrate = 200\n# a comment\nquiet = 1\n' >"$seeds/config"
	;;
esac
dirs="$work $seeds"
[ -d "$root/tests/fuzz/regressions/$target" ] && dirs="$dirs $root/tests/fuzz/regressions/$target"
dict=
[ -f "$root/tests/fuzz/$target.dict" ] && dict="-dict=$root/tests/fuzz/$target.dict"
echo "== fuzz $target for $secs s"
# The run's progress lines go to a log: its summary is printed, and the whole of it when the
# target fails.
log=$out/fuzz-$target.log
status=0
# FUZZ_SEED fixes libFuzzer's random seed (CI: a run that passed on a commit passes again on it);
# unset, every run explores anew.
seed=
[ -n "${FUZZ_SEED:-}" ] && seed="-seed=$FUZZ_SEED"
# The target's scratch files go to a folder of this run's own, removed at the end (a shared
# pattern under /tmp once removed the folder of another fuzzing run on the machine mid-run).
scratch=$(mktemp -d)
# shellcheck disable=SC2086 # the folders, the dictionary and the seed split as intended
BAONOI_FUZZ_TMP=$scratch BAONOI_DATA_DIR=$root "$bin" $seed -max_total_time="$secs" -timeout=30 -rss_limit_mb=2560 \
	-print_final_stats=1 $dict -artifact_prefix="$out/crash-$target-" $dirs >"$log" 2>&1 || status=$?
rm -rf "$scratch"
if [ "$status" != 0 ]; then
	cat "$log"
	echo "FAIL fuzz $target (status $status): the input is in $out/crash-$target-*"
	exit "$status"
fi
grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
