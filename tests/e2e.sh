#!/bin/bash
# e2e.sh: end-to-end tests of the baonoi command on real components: the bundled example,
# a loopback HTTP server (tests/httpd.py), eSpeak NG, libsndfile, and PortAudio playing
# through ALSA's file plugin. Every failure is reported; the exit status counts them.
# Usage: BAONOI=build/baonoi tests/e2e.sh
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BAONOI=${BAONOI:-$ROOT/build/baonoi}
export BAONOI_DATA_DIR=$ROOT
EXAMPLE=$ROOT/examples/ictvietnam-2020-05-25.html
GOLD=$ROOT/examples/ictvietnam-2020-05-25.txt
SEED=$ROOT/../shared/seed/ictvietnam-2020-05-25.article.txt
WORK=$(mktemp -d)
passed=0
failed=0
skipped=0
server_pid=
# /dev/shm as the suite finds it (compared at the end).
SHM_BEFORE=$(ls -A /dev/shm 2>/dev/null | sort)

cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }
# skip NAME REASON: a check this machine cannot make, reported and counted apart.
skip() { skipped=$((skipped + 1)); echo "skip $1: $2"; }

# check NAME CONDITION-COMMAND...: pass when the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "$*"; fi
}

# expect_error NAME STATUS SUBSTRING COMMAND...: the command exits with STATUS and prints one
# line on stderr, starting "baonoi: " and containing SUBSTRING, and nothing on stdout.
expect_error() {
	local name=$1 want=$2 text=$3
	shift 3
	"$@" >"$WORK/out" 2>"$WORK/err"
	local got=$?
	local lines
	lines=$(wc -l <"$WORK/err")
	if [ "$got" != "$want" ]; then
		fail "$name" "exit $got, want $want; stderr: $(head -c 300 "$WORK/err")"
	elif [ "$lines" != 1 ] || ! grep -q "^baonoi: .*$text" "$WORK/err"; then
		fail "$name" "stderr is not one line with '$text': $(head -c 300 "$WORK/err")"
	elif [ -s "$WORK/out" ]; then
		fail "$name" "wrote to stdout"
	else
		pass "$name"
	fi
}

# ---- every option is documented in --help ----------------------------------------------------
"$BAONOI" --help >"$WORK/help.txt"
for opt in output format raw timings no-meta jobs interactive show resume keys voice rate pitch volume device captions \
	lexicon quiet stdout timeout max-size list-voices list-devices help version; do
	check "help: --$opt" grep -q -- "--$opt" "$WORK/help.txt"
done

# ---- the bundled example ------------------------------------------------------------------
"$BAONOI" text "$EXAMPLE" >"$WORK/text.txt"
check "text: example equals its gold" cmp -s "$WORK/text.txt" "$GOLD"
if [ -f "$SEED" ]; then
	check "text: example equals the product's seed article" cmp -s "$WORK/text.txt" "$SEED"
else
	skip "text: example equals the product's seed article" "no ../shared/seed beside this checkout"
fi
"$BAONOI" text <"$EXAMPLE" - >"$WORK/stdin.txt"
check "text: standard input" cmp -s "$WORK/stdin.txt" "$GOLD"
python3 "$ROOT/tests/on_tty.py" "$BAONOI" text >"$WORK/default.txt"
check "text: no source, a terminal on stdin: the bundled example" cmp -s "$WORK/default.txt" "$GOLD"
# No source and standard input a pipe or a file: standard input is read, never the example.
printf 'Tin ngắn\n\nHôm nay trời đẹp.\n' | "$BAONOI" text >"$WORK/piped.txt"
check "text: no source, a pipe on stdin: the pipe is read" \
	test "$(cat "$WORK/piped.txt")" = "$(printf 'Tin ngắn\n\nHôm nay trời đẹp.')"
"$BAONOI" text <"$EXAMPLE" >"$WORK/redirected.txt"
check "text: no source, a file on stdin: the file is read" cmp -s "$WORK/redirected.txt" "$GOLD"
expect_error "text: no source, empty stdin: an error, not the example" 7 "standard input" \
	"$BAONOI" text </dev/null
printf 'Tin ngắn\n\nHôm nay trời đẹp.\n' | "$BAONOI" -o "$WORK/piped.wav"
check "wav: no source, a pipe on stdin: a short file, not the example" \
	python3 -c "import sys; sys.exit(not 0.5 < $(soxi -D "$WORK/piped.wav") < 10)"
rm -f "$WORK/piped.wav"
"$BAONOI" text "$GOLD" >"$WORK/fromtext.txt"
check "text: a text file reads back as itself" cmp -s "$WORK/fromtext.txt" "$GOLD"

"$BAONOI" json "$EXAMPLE" >"$WORK/a.json"
check "json: fields and blocks" python3 - "$WORK/a.json" "$GOLD" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
gold = open(sys.argv[2]).read().rstrip("\n").split("\n\n")
assert list(a) == ["url", "title", "byline", "published", "site_name", "lang", "blocks"], list(a)
assert a["title"] == gold[0]
assert [b["text"] for b in a["blocks"]] == gold[1:]
assert all(b["type"] == "paragraph" for b in a["blocks"])
assert a["published"] == "2020-05-25T16:20:00+07:00" and a["byline"] == "PV" and a["lang"] == "vi"
assert a["url"].startswith("https://ictvietnam.vn/")
PY

"$BAONOI" sentences "$EXAMPLE" >"$WORK/sentences.txt"
check "sentences: the title is the first sentence" test "$(head -1 "$WORK/sentences.txt")" = "$(head -1 "$GOLD")"
check "sentences: one a line, more than blocks" test "$(wc -l <"$WORK/sentences.txt")" -gt 12
check "sentences: the byline and date, read after the title, come second" test "$(sed -n 2p "$WORK/sentences.txt")" = "PV, ngày 25/5/2020."
check "sentences: every word kept" test "$(sed 2d "$WORK/sentences.txt" | tr -d ' \n')" = "$(tr -d ' \n' <"$GOLD")"
"$BAONOI" sentences --no-meta "$EXAMPLE" >"$WORK/sentences-nometa.txt"
check "sentences: --no-meta leaves the byline and date out" test "$(sed 2d "$WORK/sentences.txt")" = "$(cat "$WORK/sentences-nometa.txt")"

"$BAONOI" spoken "$EXAMPLE" >"$WORK/spoken.txt"
check "spoken: as many lines as sentences" test "$(wc -l <"$WORK/spoken.txt")" = "$(wc -l <"$WORK/sentences.txt")"
check "spoken: the byline and date line, second, as read aloud" test "$(sed -n 2p "$WORK/spoken.txt")" = "phóng viên, ngày hai mươi lăm tháng năm năm hai nghìn không trăm hai mươi."
check "spoken: the date" grep -q "Ngày hai mươi hai tháng năm năm hai nghìn không trăm hai mươi," "$WORK/spoken.txt"
check "spoken: month and year" grep -q "tháng năm năm hai nghìn không trăm hai mươi của Hội đồng" "$WORK/spoken.txt"
check "spoken: acronyms" grep -q "Hội đồng Bảo an Liên Hợp Quốc" "$WORK/spoken.txt"
check "spoken: CNTT" grep -q "nền tảng công nghệ thông tin" "$WORK/spoken.txt"
check "spoken: numbers" grep -q "khoảng năm mươi nước" "$WORK/spoken.txt"
check "spoken: no digits left" bash -c "! grep -q '[0-9]' '$WORK/spoken.txt'"
check "spoken: no acronym left" bash -c "! grep -qE '\\b(LHQ|HĐBA|CNTT)\\b' '$WORK/spoken.txt'"

"$BAONOI" spoken --captions "$EXAMPLE" >"$WORK/spoken-captions.txt"
check "spoken: --captions announces the photo" grep -q "^Ảnh: Đại sứ Đặng Đình Quý phát biểu tại cuộc họp" "$WORK/spoken-captions.txt"
check "spoken: --captions says 'Ảnh' once, without the photo's credit" \
	test "$(grep -c 'Ảnh' "$WORK/spoken-captions.txt") $(grep -c 'dangcongsan\|chấm vn' "$WORK/spoken-captions.txt")" = "1 0"
check "spoken: no caption without --captions" bash -c "! grep -q 'phát biểu tại cuộc họp' '$WORK/spoken.txt'"

printf 'Một câu. Hai câu! TP. Hồ Chí Minh đẹp.\nDòng hai\n' | "$BAONOI" split >"$WORK/split.txt"
check "split: filter" test "$(cat "$WORK/split.txt")" = "$(printf 'Một câu.\nHai câu!\nTP. Hồ Chí Minh đẹp.\nDòng hai')"
printf 'Lúc 16:20 ngày 22/5/2020\n\nLHQ có 193 nước\n' | "$BAONOI" normalize >"$WORK/norm.txt"
check "normalize: filter, line for line" test "$(cat "$WORK/norm.txt")" = "$(printf 'Lúc mười sáu giờ hai mươi phút ngày hai mươi hai tháng năm năm hai nghìn không trăm hai mươi\n\nLiên Hợp Quốc có một trăm chín mươi ba nước')"
# Hostile input to the filters: endless bytes end in an error at once, in bounded memory;
# invalid UTF-8 and a closed standard input are refused as `text -` refuses them.
for verb in split normalize; do
	expect_error "$verb: /dev/zero is refused (NUL byte)" 8 "standard input:1: a NUL byte" \
		timeout 20 "$BAONOI" "$verb" </dev/zero
	expect_error "$verb: an endless line is refused in bounded memory" 9 "line longer than 1048576 bytes" \
		timeout 20 bash -c "tr '\\0' a </dev/zero | '$BAONOI' $verb --max-size 1"
	expect_error "$verb: invalid UTF-8" 8 "standard input:1: invalid UTF-8 at byte 3" \
		bash -c "printf 'ab\\377c\\nok\\n' | '$BAONOI' $verb"
	expect_error "$verb: standard input closed" 3 "standard input: cannot read" \
		bash -c "'$BAONOI' $verb <&-"
done
expect_error "voice: /dev/zero is refused at once" 10 "/dev/zero:1: a NUL byte" \
	timeout 20 "$BAONOI" -o "$WORK/zero.wav" --voice /dev/zero "$EXAMPLE"
check "voice: /dev/zero leaves no file" test ! -e "$WORK/zero.wav"
{ printf '# %0600d rate = 900\n' 0; grep -v '^rate' "$ROOT/voices/northern.voice"; echo 'rate = 150'; } >"$WORK/long-comment.voice"
printf 'Một.\n' | "$BAONOI" --voice "$WORK/long-comment.voice" -o "$WORK/long-comment.wav" -
printf 'Một.\n' | "$BAONOI" --voice northern --rate 150 -o "$WORK/rate150.wav" -
check "voice: a long comment is one line (its tail sets nothing)" cmp -s "$WORK/long-comment.wav" "$WORK/rate150.wav"
expect_error "lexicon: /dev/zero is refused" 2 "not a lexicon" \
	timeout 20 "$BAONOI" normalize --lexicon /dev/zero </dev/null
printf 'Năm 105\n' | "$BAONOI" normalize --voice southern >"$WORK/south.txt"
check "normalize: southern reading" test "$(cat "$WORK/south.txt")" = "Năm một trăm lẻ năm"

# ---- what eSpeak NG makes of the spoken forms: the phonemes of the intended Vietnamese words,
# where eSpeak NG alone reads the written form otherwise ------------------------------------
phonemes() { espeak-ng -v vi -x -q "$1" | tr -s ' \n' ' '; }
while IFS='|' read -r written words; do
	spoken=$(printf '%s\n' "$written" | "$BAONOI" normalize)
	check "phonemes: $written" test "$(phonemes "$spoken")" = "$(phonemes "$words")"
	check "phonemes: eSpeak NG alone misreads $written" test "$(phonemes "$written")" != "$(phonemes "$words")"
done <<'PAIRS'
15|mười lăm
HĐBA|Hội đồng Bảo an
LHQ|Liên Hợp Quốc
22/5/2020|ngày hai mươi hai tháng năm năm hai nghìn không trăm hai mươi
16:20|mười sáu giờ hai mươi phút
thế kỷ XXI|thế kỷ hai mươi mốt
1.000 người|một nghìn người
56,92%|năm mươi sáu phẩy chín mươi hai phần trăm
TP.HCM|Thành phố Hồ Chí Minh
Q.1|quận một
P.Bến Nghé|phường Bến Nghé
Tp.HCM|thành phố Hồ Chí Minh
ThS. Lan|thạc sĩ Lan
Th.S Lan|thạc sĩ Lan
T.Ư|trung ương
€15|mười lăm ơ rô
£20|hai mươi bảng Anh
¥100|một trăm yên
15₫|mười lăm đồng
30k|ba mươi nghìn
thế kỉ XX|thế kỉ hai mươi
10$-20$|mười đô la đến hai mươi đô la
8:00|tám giờ
TN&MT|Tài nguyên và Môi trường
x < y|x nhỏ hơn y
PAIRS

# ---- writing audio -------------------------------------------------------------------------
mkdir "$WORK/audio"
"$BAONOI" -o "$WORK/audio/example.wav" "$EXAMPLE" 2>"$WORK/err"
rc=$?
check "wav: exit 0 and silent" test "$rc" = 0 -a ! -s "$WORK/err"
check "wav: a mono 16-bit WAV" test "$(soxi -t "$WORK/audio/example.wav") $(soxi -c "$WORK/audio/example.wav") $(soxi -b "$WORK/audio/example.wav")" = "wav 1 16"
dur=$(soxi -D "$WORK/audio/example.wav")
check "wav: duration of a whole article ($dur s)" python3 -c "import sys; sys.exit(not 120 < $dur < 400)"
check "wav: no temporary file left" test "$(ls -A "$WORK/audio")" = "example.wav"
check "wav: permissions follow the umask" test "$(stat -c %a "$WORK/audio/example.wav")" = "$(printf '%o' $((0666 & ~0$(umask))))"
sox "$WORK/audio/example.wav" -t raw "$WORK/example.raw"

"$BAONOI" -o - "$EXAMPLE" | cat >"$WORK/pipe.wav"
sox "$WORK/pipe.wav" -t raw "$WORK/pipe.raw" 2>/dev/null
check "wav: streamed to a pipe, same samples" cmp -s "$WORK/pipe.raw" "$WORK/example.raw"
# A reader that stops reading (| head) is a normal end for a filter: no message, the status of
# cat in the same place (141, or 0 when all was written before the reader left).
for _ in $(seq 20); do tail -n +3 "$WORK/text.txt"; echo; done >"$WORK/long.txt"
"$BAONOI" text "$WORK/long.txt" 2>"$WORK/head.err" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
check "pipe closed: text | head -1 is quiet (status $rc)" test \( "$rc" = 141 -o "$rc" = 0 \) -a ! -s "$WORK/head.err"
"$BAONOI" normalize <"$WORK/long.txt" 2>"$WORK/head.err" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
check "pipe closed: normalize | head -1 is quiet (status $rc)" test \( "$rc" = 141 -o "$rc" = 0 \) -a ! -s "$WORK/head.err"
"$BAONOI" -o - "$WORK/long.txt" 2>"$WORK/head.err" | head -c 100 >/dev/null
rc=${PIPESTATUS[0]}
check "pipe closed: -o - | head -c 100 is quiet (status $rc)" test "$rc" = 141 -a ! -s "$WORK/head.err"
"$BAONOI" -o - "$EXAMPLE" >"$WORK/stdout.wav"
sox "$WORK/stdout.wav" -t raw "$WORK/stdout.raw"
check "wav: standard output as a file, same samples" cmp -s "$WORK/stdout.raw" "$WORK/example.raw"
"$BAONOI" -o "$WORK/audio/example.flac" "$EXAMPLE"
sox "$WORK/audio/example.flac" -t raw "$WORK/flac.raw"
check "flac: lossless, same samples" cmp -s "$WORK/flac.raw" "$WORK/example.raw"
rm -f "$WORK/audio/example.flac"
"$BAONOI" -o "$WORK/audio/fast.wav" --rate 300 "$EXAMPLE"
check "wav: --rate 300 is shorter" python3 -c "import sys; sys.exit(not $(soxi -D "$WORK/audio/fast.wav") < 0.8 * $dur)"
"$BAONOI" -o "$WORK/audio/south.wav" --voice southern "$EXAMPLE"
check "wav: --voice southern differs" bash -c "! cmp -s '$WORK/audio/south.wav' '$WORK/audio/example.wav'"
rm -f "$WORK/audio/fast.wav" "$WORK/audio/south.wav"

# ---- publishers' options: raw PCM, tags, timings, workers, meta, voices ----------------------
"$BAONOI" -o - --raw "$EXAMPLE" >"$WORK/stream.raw"
check "raw: --raw streams the WAV's samples" cmp -s "$WORK/stream.raw" "$WORK/example.raw"
expect_error "disk full: /dev/full" 12 "No space left" "$BAONOI" -o /dev/full "$EXAMPLE"
# A full filesystem: a 1 MB tmpfs, mounted in a user and mount namespace of the test's own
# (no root needed), holding an earlier a.wav. The write fails with its own status and one
# line, the temporary file is gone, and the earlier file is left as it was.
mkdir -p "$WORK/full"
if unshare -rm true 2>/dev/null; then
	expect_error "disk full: a full filesystem" 12 "a.wav: cannot write: No space left on device" \
		unshare -rm sh -c 'mount -t tmpfs -o size=1m none "$1" && echo earlier >"$1/a.wav" &&
			"$2" -o "$1/a.wav" "$3"; rc=$?; ls -A "$1" >"$4"; cat "$1/a.wav" >>"$4"; exit $rc' \
		sh "$WORK/full" "$BAONOI" "$EXAMPLE" "$WORK/full.list"
	check "disk full: nothing but the earlier file is left, unchanged" \
		test "$(cat "$WORK/full.list")" = "$(printf 'a.wav\nearlier')"
else
	skip "disk full: a full filesystem" "this machine allows no mount namespace (unshare -rm)"
fi
# Tags read back as written, by FFmpeg (as players built on it read them) and by libsndfile,
# in every format: the title exactly, the date (MP3: its year, as ID3 keeps it).
title=$(head -1 "$GOLD")
for fmt in wav flac ogg opus mp3; do
	"$BAONOI" -o "$WORK/audio/tags.$fmt" "$EXAMPLE"
	python3 "$ROOT/tests/tags.py" "$WORK/audio/tags.$fmt" >"$WORK/tags.out" 2>&1
	date=2020-05-25T16:20:00+07:00
	[ "$fmt" = mp3 ] && date=2020
	check "tags: $fmt title and date read back by ffprobe and libsndfile ($(tr '\n' '|' <"$WORK/tags.out" | head -c 160))" \
		test "$(cat "$WORK/tags.out")" = "$(printf '%s\n%s\n%s\n%s' "$title" "$date" "$title" "$date")"
	rm -f "$WORK/audio/tags.$fmt"
done
mkdir -p "$WORK/nofile"
"$BAONOI" -o "$WORK/audio/a.opus" "$EXAMPLE"
check "opus: written (resampled to 24 kHz)" test -s "$WORK/audio/a.opus"
rm -f "$WORK/audio/a.opus"
"$BAONOI" -o "$WORK/audio/timed.wav" --timings "$WORK/audio/timed.vtt" "$EXAMPLE"
"$BAONOI" -o "$WORK/audio/timed2.wav" --timings "$WORK/audio/timed.srt" "$EXAMPLE"
sox "$WORK/audio/timed.wav" -t raw "$WORK/timed.raw"
check "timings: cues in order, text, last cue ends with the audio, sound within 20 ms" \
	python3 - "$WORK/audio/timed.vtt" "$WORK/audio/timed.srt" "$WORK/timed.raw" "$WORK/sentences.txt" <<'PY'
import array, re, sys
vtt, srt = open(sys.argv[1]).read(), open(sys.argv[2]).read()
raw = array.array("h", open(sys.argv[3], "rb").read())
assert vtt.startswith("WEBVTT\n\n")
def cues(text, sep):
    pat = r"(\d\d):(\d\d):(\d\d)" + sep + r"(\d\d\d) --> (\d\d):(\d\d):(\d\d)" + sep + r"(\d\d\d)\n(.*)\n"
    return [(((int(a) * 60 + int(b)) * 60 + int(c)) * 1000 + int(d),
             ((int(e) * 60 + int(f)) * 60 + int(g)) * 1000 + int(h), t)
            for a, b, c, d, e, f, g, h, t in re.findall(pat, text)]
v, s = cues(vtt, r"\."), cues(srt, ",")
assert v and v == s, (len(v), len(s))
texts = [t for _, _, t in v]
article = open(sys.argv[4]).read().splitlines()
assert texts == article, "cue texts are the sentences of baonoi sentences"
assert texts[1] == "PV, ngày 25/5/2020.", texts[1]
prev = 0
for start, end, _ in v:
    assert prev <= start < end, (prev, start, end)
    i = prev * 22050 // 1000
    first = next(k for k in range(i, len(raw)) if abs(raw[k]) > 328)
    assert abs(first * 1000 / 22050 - start) <= 20, (start, first * 1000 / 22050)
    prev = end
assert v[-1][1] == round(len(raw) * 1000 / 22050), (v[-1][1], len(raw) * 1000 / 22050)
PY
# WebVTT cue text is markup: &, < and > are escaped (and so "-->" cannot end a cue); SubRip
# has no escapes.
printf 'Giá cổ phiếu\n\nCổ phiếu AT&T tăng khi x < y.\n\nMũi tên --> chỉ hướng.\n' >"$WORK/marks.txt"
"$BAONOI" -o "$WORK/audio/marks.wav" --timings "$WORK/audio/marks.vtt" "$WORK/marks.txt"
"$BAONOI" -o "$WORK/audio/marks.wav" --timings "$WORK/audio/marks.srt" "$WORK/marks.txt"
check "timings: WebVTT cue text escaped" bash -c "grep -qx 'Cổ phiếu AT&amp;T tăng khi x &lt; y.' '$WORK/audio/marks.vtt' &&
	grep -qx 'Mũi tên --&gt; chỉ hướng.' '$WORK/audio/marks.vtt' && test \$(grep -c -- '-->' '$WORK/audio/marks.vtt') = 3"
# SubRip has no escapes, and its players take "-->" for a timing and <b> for markup: the
# page's < and > are written as look-alikes.
check "timings: SubRip cue text with < and > as look-alikes" bash -c "grep -qx 'Cổ phiếu AT&T tăng khi x ‹ y.' '$WORK/audio/marks.srt' &&
	grep -qx 'Mũi tên --› chỉ hướng.' '$WORK/audio/marks.srt' && test \$(grep -c -- '-->' '$WORK/audio/marks.srt') = 3"
rm -f "$WORK"/audio/marks.*
# ---- output files: refused before any work, never left half-written -------------------------
mkdir -p "$WORK/out7"
echo old >"$WORK/out7/ro.wav"
chmod 444 "$WORK/out7/ro.wav"
expect_error "output: a read-only file is refused" 12 "ro.wav: the file is read-only (--force replaces it)" \
	"$BAONOI" -q -o "$WORK/out7/ro.wav" "$WORK/marks.txt"
check "output: ... and left as it was" test "$(cat "$WORK/out7/ro.wav")" = old
"$BAONOI" -q -f -o "$WORK/out7/ro.wav" "$WORK/marks.txt"
check "output: --force replaces it" cmp -s <(head -c 4 "$WORK/out7/ro.wav") <(printf RIFF)
mkdir "$WORK/out7/d.wav"
start=$(date +%s%N)
expect_error "output: a directory is refused" 12 "d.wav: cannot create: it is a directory" \
	"$BAONOI" -q -o "$WORK/out7/d.wav" "$WORK/marks.txt"
check "output: ... before any synthesis (under 0.5 s)" test $(( ($(date +%s%N) - start) / 1000000 )) -lt 500
expect_error "timings: a directory is refused, no audio written" 12 "t.vtt: cannot create: it is a directory" \
	bash -c "mkdir '$WORK/out7/t.vtt' && '$BAONOI' -q -o '$WORK/out7/t.wav' --timings '$WORK/out7/t.vtt' '$WORK/marks.txt'"
check "timings: ... and no audio left" test ! -e "$WORK/out7/t.wav"
long=$(printf 'a%.0s' $(seq 251)).wav
"$BAONOI" -q -o "$WORK/out7/$long" "$WORK/marks.txt"
check "output: a name of 255 bytes is written" test -s "$WORK/out7/$long"
check "output: nothing else left in the folder" test "$(ls -A "$WORK/out7" | sort | tr '\n' ' ')" = "$long d.wav ro.wav t.vtt "
# Every terminating signal, SIGKILL too, leaves no file and no hidden temporary behind.
for _ in $(seq 12); do cat "$GOLD"; done >"$WORK/long.txt"
for sig in HUP USR1 ALRM TERM INT QUIT KILL; do
	rm -rf "$WORK/sig" && mkdir "$WORK/sig"
	"$BAONOI" -q -j 1 -o "$WORK/sig/out.wav" "$WORK/long.txt" &
	pid=$!
	sleep 1
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	want=$((128 + $(kill -l "$sig")))
	check "signal $sig during -o: status $want, nothing left (got $rc, $(ls -A "$WORK/sig" | wc -l) files)" \
		test "$rc" = "$want" -a -z "$(ls -A "$WORK/sig")"
done
# Writing a file does not touch the sound system (eSpeak NG would probe PulseAudio).
mkdir -p "$WORK/home-nosound"
HOME=$WORK/home-nosound XDG_RUNTIME_DIR= "$BAONOI" -q -o "$WORK/out7/home.wav" "$WORK/marks.txt"
check "output: no sound-system files in HOME" test -z "$(ls -A "$WORK/home-nosound")"

python3 - "$WORK/audio/example.wav" "$WORK/a.json" >"$WORK/cues.out" <<'PY'
import json, struct, sys
data = open(sys.argv[1], "rb").read()
i = data.find(b"cue ")
count = struct.unpack("<I", data[i + 8:i + 12])[0] if i > 0 else 0
print(count, len(json.load(open(sys.argv[2]))["blocks"]))
PY
check "wav: a cue point at each paragraph ($(cat "$WORK/cues.out"))" test "$(cut -d' ' -f1 "$WORK/cues.out")" = "$(cut -d' ' -f2 "$WORK/cues.out")"
"$BAONOI" -o "$WORK/audio/jobs1.wav" --jobs 1 "$EXAMPLE"
"$BAONOI" -o "$WORK/audio/jobs2.wav" --jobs 2 "$EXAMPLE"
"$BAONOI" -o "$WORK/audio/jobs3.wav" --jobs 3 "$EXAMPLE"
check "jobs: --jobs 1 and --jobs 2 give the same audio" cmp -s "$WORK/audio/jobs1.wav" "$WORK/audio/jobs2.wav"
check "jobs: --jobs 3 too" cmp -s "$WORK/audio/jobs1.wav" "$WORK/audio/jobs3.wav"
# Every unit starts from eSpeak NG's saved state: English words (its second language, loaded
# once), then other scripts (Korean and Hindi dictionaries, after which a synthesis child is
# replaced rather than restored), then English again, over many units.
"$BAONOI" text "$EXAMPLE" | tail -n +3 >"$WORK/body.txt"
{
	echo "Tin quốc tế"
	echo
	cat "$WORK/body.txt"
	echo
	echo "Ca sĩ 아이유 hát ở Seoul, còn phim हिन्दी chiếu ở Facebook và YouTube."
	echo
	echo "Người dùng iPhone đọc tin trên Zalo, email và website mỗi ngày."
	echo
	cat "$WORK/body.txt"
} >"$WORK/foreign.txt"
for j in 1 2 3; do "$BAONOI" -o "$WORK/audio/foreign$j.wav" --jobs $j "$WORK/foreign.txt"; done
check "jobs: the same audio with foreign words and scripts, --jobs 1 and 2" \
	cmp -s "$WORK/audio/foreign1.wav" "$WORK/audio/foreign2.wav"
check "jobs: and --jobs 3" cmp -s "$WORK/audio/foreign1.wav" "$WORK/audio/foreign3.wav"
# A synthesis child that dies mid-article (killed here): one line naming the signal, the
# speech status, and no file left behind.
for _ in $(seq 6); do cat "$WORK/body.txt"; echo; done >"$WORK/crash.txt"
"$BAONOI" --jobs 1 -o "$WORK/audio/crash.wav" "$WORK/crash.txt" >"$WORK/out" 2>"$WORK/err" &
crash_pid=$!
python3 - "$crash_pid" "$ROOT/tests" <<'PY'
import os, signal, sys, time
sys.path.insert(0, sys.argv[2])
import procs
root = int(sys.argv[1])
# The synthesis children (children of the command's children), killed until the command ends:
# a child may be on its way out already (replaced after it grew, as under AddressSanitizer).
seen = False
for _ in range(2000):
    tree = procs.parents()
    workers = [pid for pid, parent in tree.items() if parent == root]
    if seen and not workers:  # the command has stopped its workers: it is ending
        break
    seen = seen or bool(workers)
    for pid in [pid for pid, parent in tree.items() if parent in workers]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    time.sleep(0.01)
PY
wait "$crash_pid"
crash_status=$?
check "worker: a crashed synthesis child is reported (status $crash_status: $(head -c 200 "$WORK/err"))" \
	test "$crash_status" = 10 -a "$(wc -l <"$WORK/err")" = 1
check "worker: ... naming the signal" grep -q "^baonoi: .*killed by signal 9" "$WORK/err"
check "worker: ... and no file is left (nor its temporary)" test -z "$(ls -A "$WORK/audio" | grep crash)"
# Memory does not grow with the article: a text 5 times the example's and one 30 times (an hour
# and a half of speech), every process counted (tests/peak_mem.py), two workers each, may differ
# by the text itself. Each is measured three times and its lowest peak kept: a fork's
# copy-on-write or a worker starting beside another shows as a brief spike in one run, never
# in all three, while memory that grew with the article would show in every run.
"$BAONOI" text "$EXAMPLE" >"$WORK/ex1.txt"
{ head -1 "$WORK/ex1.txt"; for _ in $(seq 5); do echo; tail -n +3 "$WORK/ex1.txt"; done; } >"$WORK/ex5.txt"
{ head -1 "$WORK/ex1.txt"; for _ in $(seq 30); do echo; tail -n +3 "$WORK/ex1.txt"; done; } >"$WORK/ex30.txt"
# Under AddressSanitizer, whose allocator keeps and shadows what is freed, the slack is wider:
# still far below the 250 MB of audio that would show if the audio piled up.
slack=4096
[ -n "${ASAN_OPTIONS:-}" ] && slack=16384
lowest_peak() {
	for _ in 1 2 3; do
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:quarantine_size_mb=0} \
			python3 "$ROOT/tests/peak_mem.py" "$BAONOI" -j 2 -o "$WORK/audio/m.wav" "$1" | cut -d' ' -f1
	done | sort -n | head -1
}
m1=$(lowest_peak "$WORK/ex5.txt")
m30=$(lowest_peak "$WORK/ex30.txt")
check "memory: flat with the article's length (${m1} KB for 16 min, ${m30} KB for 95 min)" test "$m30" -le $((m1 + slack))
rm -f "$WORK/audio/m.wav"
"$BAONOI" -o "$WORK/audio/nometa.wav" --no-meta "$EXAMPLE"
check "meta: --no-meta leaves out the byline and date" python3 -c "import sys; sys.exit(not $(soxi -D "$WORK/audio/nometa.wav") < $dur - 2)"
mkdir -p "$WORK/config/baonoi/voices"
sed -e 's/^name = .*/name = mine/' -e 's/^rate = .*/rate = 300/' "$ROOT/voices/northern.voice" >"$WORK/config/baonoi/voices/mine.voice"
XDG_CONFIG_HOME=$WORK/config "$BAONOI" --list-voices >"$WORK/voices.txt"
check "voices: a user's profile is listed" grep -q "^mine " "$WORK/voices.txt"
XDG_CONFIG_HOME=$WORK/config "$BAONOI" -o "$WORK/audio/mine.wav" --voice mine "$EXAMPLE"
"$BAONOI" -o "$WORK/audio/path.wav" --voice "$WORK/config/baonoi/voices/mine.voice" "$EXAMPLE"
check "voices: --voice NAME from the user's directory and --voice PATH agree" cmp -s "$WORK/audio/mine.wav" "$WORK/audio/path.wav"
check "voices: the profile's rate is used" python3 -c "import sys; sys.exit(not $(soxi -D "$WORK/audio/mine.wav") < 0.8 * $dur)"
# "vi" is loaded from eSpeak NG's language file directly; "VI" goes through eSpeak NG's own
# search of every voice file: the same voice, the same samples.
sed -e 's/^espeak = .*/espeak = VI/' "$ROOT/voices/northern.voice" >"$WORK/upper.voice"
"$BAONOI" -o "$WORK/audio/upper.wav" --voice "$WORK/upper.voice" "$EXAMPLE"
check "voices: eSpeak NG's voice by its file and by its search agree" cmp -s "$WORK/audio/upper.wav" "$WORK/audio/example.wav"
rm -f "$WORK"/audio/timed* "$WORK"/audio/jobs?.wav "$WORK"/audio/foreign?.wav "$WORK"/audio/nometa.wav "$WORK"/audio/mine.wav "$WORK"/audio/path.wav "$WORK"/audio/upper.wav

# ---- playback through PortAudio into ALSA's file plugin -------------------------------------
mkdir "$WORK/home"
cat >"$WORK/home/.asoundrc" <<ASOUND
pcm.!default { type file slave.pcm "null" file "$WORK/captured.raw" format "raw" }
ASOUND
HOME=$WORK/home "$BAONOI" "$EXAMPLE" >"$WORK/play.out" 2>"$WORK/play.err"
rc=$?
check "play: exit 0" test "$rc" = 0
check "play: no ALSA or JACK chatter" test ! -s "$WORK/play.err" -a ! -s "$WORK/play.out"
check "play: captured samples equal the WAV's" cmp -s "$WORK/captured.raw" "$WORK/example.raw"
HOME=$WORK/home "$BAONOI" --list-devices >"$WORK/devices" 2>"$WORK/devices.err"
check "play: --list-devices lists the default device, quietly" \
	bash -c "grep -q '^ *[0-9]\\* .*default' '$WORK/devices' && test ! -s '$WORK/devices.err'"
rm -f "$WORK/captured.raw"
HOME=$WORK/home "$BAONOI" --device default "$EXAMPLE" 2>"$WORK/play.err"
check "play: --device default" cmp -s "$WORK/captured.raw" "$WORK/example.raw"
expect_error "play: unknown --device" 11 "nosuch" env HOME="$WORK/home" "$BAONOI" --device nosuch "$EXAMPLE"
# The command never forks itself: its helpers (the synthesis engine, the player) start with
# posix_spawn, a clone with CLONE_VM|CLONE_VFORK then an exec of baonoi-engine; every clone the
# command's own process makes is such a spawn or a thread. strace follows every process.
rm -f "$WORK/captured.raw"
HOME=$WORK/home strace -f -qq -e trace=clone,clone3,fork,vfork,execve -o "$WORK/strace" \
	"$BAONOI" --jobs 2 "$EXAMPLE" 2>"$WORK/play.err"
check "processes: the command clones only to spawn or for threads, never a fork of itself" \
	python3 - "$WORK/strace" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
top = lines[0].split()[0]
own = [l for l in lines if l.split()[0] == top and re.search(r"\b(clone3?|v?fork)\(", l)]
bad = [l for l in own if "CLONE_VM" not in l]
spawned = [l for l in lines if "execve(" in l and "baonoi-engine" in l and l.split()[0] != top]
print(f"{len(own)} clones of its own, {len(bad)} forks, {len(spawned)} helpers exec'd", file=sys.stderr)
sys.exit(1 if bad or len(spawned) < 2 else 0)
PY
check "processes: ... and the audio played is still the WAV's" cmp -s "$WORK/captured.raw" "$WORK/example.raw"
# Playback never hangs: libjack, started by every Pa_Initialize, waits for ever on a JACK
# database a killed program left locked. On a private /dev/shm holding such a one
# (tests/data), playback gives up at its 10 s deadline, naming the folder.
if unshare -m --propagation private true 2>/dev/null; then
	start=$(date +%s)
	unshare -m --propagation private sh -c "mount -t tmpfs tmpfs /dev/shm &&
		tar xzf '$ROOT/tests/data/jack-db-stale.tar.gz' -C /dev/shm &&
		mv /dev/shm/jack_db-0 /dev/shm/jack_db-$(id -u) 2>/dev/null;
		HOME='$WORK/home' timeout 60 '$BAONOI' '$WORK/marks.txt'" >"$WORK/jack.out" 2>"$WORK/jack.err"
	rc=$?
	elapsed=$(($(date +%s) - start))
	check "play: a stale JACK database: status 11 after the deadline, no hang (got $rc in $elapsed s)" \
		test "$rc" = 11 -a "$elapsed" -lt 40
	check "play: ... one line naming the folder" bash -c "test \$(wc -l <'$WORK/jack.err') = 1 &&
		grep -q 'did not answer in 10 s (PortAudio waits on /dev/shm/jack_db-' '$WORK/jack.err'"
	unshare -m --propagation private sh -c "mount -t tmpfs tmpfs /dev/shm &&
		tar xzf '$ROOT/tests/data/jack-db-stale.tar.gz' -C /dev/shm &&
		mv /dev/shm/jack_db-0 /dev/shm/jack_db-$(id -u) 2>/dev/null;
		HOME='$WORK/home' timeout 60 '$BAONOI' --list-devices" >"$WORK/jack.out" 2>"$WORK/jack.err"
	rc=$?
	check "play: ... --list-devices too gives up with status 11 (got $rc)" \
		bash -c "test $rc = 11 && grep -q 'did not answer in 10 s' '$WORK/jack.err'"
else
	skip "play: a stale JACK database" "no private mount namespace here (unshare -m needs root or user namespaces)"
fi
# The player starts PortAudio against a configuration of its own, then puts the user's back:
# a user's ALSA_CONFIG_PATH decides where the sound goes.
cat >"$WORK/alsa-user.conf" <<ASOUND
pcm.!default { type file slave.pcm { type null } file "$WORK/captured-env.raw" format "raw" }
ASOUND
rm -f "$WORK/captured.raw"
ALSA_CONFIG_PATH=$WORK/alsa-user.conf HOME=$WORK/home "$BAONOI" "$EXAMPLE" 2>"$WORK/play.err"
check "play: the user's ALSA_CONFIG_PATH is the one played through" \
	bash -c "cmp -s '$WORK/captured-env.raw' '$WORK/example.raw' && test ! -e '$WORK/captured.raw'"
# ALSA's default device cannot be opened: PortAudio's full probe finds the one that works.
mkdir "$WORK/spare"
cat >"$WORK/spare/.asoundrc" <<ASOUND
pcm.!default { type hw card 97 }
pcm.spare { type file slave.pcm "null" file "$WORK/captured-spare.raw" format "raw" }
ASOUND
HOME=$WORK/spare "$BAONOI" "$EXAMPLE" 2>"$WORK/play.err"
check "play: a broken default device falls back to PortAudio's choice" \
	cmp -s "$WORK/captured-spare.raw" "$WORK/example.raw"
mkdir "$WORK/nodev"
cat >"$WORK/nodev/.asoundrc" <<ASOUND
pcm.!default { type hw card 97 }
ctl.!default { type hw card 97 }
ASOUND
HOME=$WORK/nodev "$BAONOI" --list-devices >"$WORK/nodev.out" 2>"$WORK/nodev.err"
rc=$?
check "play: --list-devices without devices: an empty list, status 0 (status $rc)" \
	test "$rc" = 0 -a ! -s "$WORK/nodev.out" -a ! -s "$WORK/nodev.err"
expect_error "play: no device suggests -o FILE" 11 "-o FILE" env HOME="$WORK/nodev" "$BAONOI" "$EXAMPLE"

# ---- real-time playback through a PulseAudio null sink: gapless, and Ctrl-C stops sound -----
(
	source "$ROOT/tests/pulse.sh"
	pulse_start "$WORK/pulse" || exit 1
	timeout 120 python3 "$ROOT/tests/interrupt.py" "$BAONOI" "$EXAMPLE" "$WORK/example.raw" >"$WORK/interrupt.out"
	rc=$?
	pulse_stop
	exit $rc
)
rc=$?
check "play: real time, gapless, Ctrl-C silences within 100 ms ($(head -1 "$WORK/interrupt.out"))" test "$rc" = 0

# ---- interactive reading (-i) in a real terminal, heard in real time -------------------------
# tmux presses the keys; PulseAudio's null sink, recorded with parec, tells which sentence
# followed each key and how fast (tests/interactive.py). numpy is Debian's python3-numpy.
PYTHON=python3
$PYTHON -c 'import numpy' 2>/dev/null || PYTHON=/usr/bin/python3
(
	source "$ROOT/tests/pulse.sh"
	pulse_start "$WORK/pulse-i" || exit 1
	timeout 300 $PYTHON "$ROOT/tests/interactive.py" "$BAONOI" "$EXAMPLE" >"$WORK/interactive.out" 2>&1
	rc=$?
	pulse_stop
	# On a failure, what the sound server said.
	[ "$rc" = 0 ] || tail -20 "$WORK/pulse-i/pulse.log" | sed 's/^/pulse: /' >>"$WORK/interactive.out"
	exit $rc
)
rc=$?
sed 's/^/     /' "$WORK/interactive.out"
check "interactive: every key, pause, resume, key file, terminal restored ($(tail -1 "$WORK/interactive.out" | cut -d: -f2-))" test "$rc" = 0
expect_error "interactive: -i with -o" 2 "-i" "$BAONOI" -i -o "$WORK/nofile/i.wav" "$EXAMPLE"
expect_error "interactive: --show without -i" 2 "--show" "$BAONOI" --show "$EXAMPLE"
printf 'next-sentence Right\nfly n\n' >"$WORK/bad.keys"
expect_error "interactive: bad key file" 2 "unknown action 'fly'" "$BAONOI" -i --keys "$WORK/bad.keys" "$EXAMPLE"
# An early error in -i (the player is forked at launch, and aborted at once) ends the command
# with its own status and message, every time: it once hung, the player keeping the caller's
# handlers and the caller waiting on it for ever. Ten runs of each, on a terminal.
: >"$WORK/empty-i.html"
for case in "7 empty-i.html: empty" "3 nope-i.html: No such file" "2 unknown action 'fly'"; do
	want=${case%% *}
	hangs=0
	bad=""
	for _ in $(seq 10); do
		case $want in
		7) args="$WORK/empty-i.html" ;;
		3) args="$WORK/nope-i.html" ;;
		*) args="--keys $WORK/bad.keys $EXAMPLE" ;;
		esac
		# shellcheck disable=SC2086 # the arguments split as intended
		HOME=$WORK/home timeout 20 python3 "$ROOT/tests/on_tty.py" "$BAONOI" -i $args 2>"$WORK/i-err" </dev/null
		rc=$?
		[ "$rc" = 124 ] && hangs=$((hangs + 1))
		[ "$rc" != "$want" ] || [ "$(wc -l <"$WORK/i-err")" != 1 ] || ! grep -q "${case#* }" "$WORK/i-err" && bad="$rc: $(head -c 200 "$WORK/i-err")"
	done
	check "interactive: an early error ends -i, 10 runs of 10 (status $want; hung $hangs${bad:+; last bad: $bad})" test "$hangs" = 0 -a -z "$bad"
done

# ---- a first day's habits: progress, defaults file, own lexicon, eSpeak NG's options ----------
# On a terminal, writing a file shows a progress line and ends with a summary; -q, or standard
# error not a terminal, shows nothing.
python3 "$ROOT/tests/on_tty.py" --stderr "$BAONOI" -o "$WORK/audio/p.ogg" "$EXAMPLE" >"$WORK/progress.out"
check "progress: a line on a terminal ($(tr '\r' '\n' <"$WORK/progress.out" | grep -c 'sentence [0-9]* of') updates)" \
	grep -q "p.ogg: sentence [0-9]* of [0-9]*, [0-9:]* of audio, [0-9:]* taken, about [0-9:]* left" "$WORK/progress.out"
check "progress: the summary names the file, the audio's length and size" \
	grep -q "p.ogg: 3:[0-9][0-9] of audio, [0-9.]* MB" "$WORK/progress.out"
python3 "$ROOT/tests/on_tty.py" --stderr "$BAONOI" -q -o "$WORK/audio/p.ogg" "$EXAMPLE" >"$WORK/progress-q.out"
check "progress: nothing with -q" test ! -s "$WORK/progress-q.out"
"$BAONOI" -o "$WORK/audio/p.ogg" "$EXAMPLE" 2>"$WORK/progress-pipe.err"
check "progress: nothing when standard error is not a terminal" test ! -s "$WORK/progress-pipe.err"
rm -f "$WORK/audio/p.ogg"
# eSpeak NG's -w, -s and --stdout mean what they mean there; its other options get a hint.
"$BAONOI" -w "$WORK/audio/w.wav" -s 300 "$EXAMPLE"
"$BAONOI" -o "$WORK/audio/r.wav" --rate 300 "$EXAMPLE"
check "espeak-ng options: -w FILE -s WPM as -o FILE --rate WPM" cmp -s "$WORK/audio/w.wav" "$WORK/audio/r.wav"
"$BAONOI" --stdout "$EXAMPLE" | cmp -s - "$WORK/pipe.wav"
check "espeak-ng options: --stdout as -o -" test $? = 0
rm -f "$WORK/audio/w.wav" "$WORK/audio/r.wav"
expect_error "espeak-ng options: -x points to baonoi spoken" 2 "unknown option -x; did you mean baonoi spoken" "$BAONOI" -x "$EXAMPLE"
expect_error "espeak-ng options: --voices points to --list-voices" 2 "did you mean --list-voices" "$BAONOI" --voices
expect_error "a misspelt option gets the nearest" 2 "unknown option --captoins; did you mean --captions" "$BAONOI" --captoins "$EXAMPLE"
# ~/.config/baonoi/config: defaults by the long options' names; the command line wins; a bad
# line names the file and the line.
mkdir -p "$WORK/cfg/baonoi"
printf '# my defaults\nvoice = southern\nrate = 300\n\ncaptions = yes\nformat = flac\n' >"$WORK/cfg/baonoi/config"
printf 'Năm 105\n' | XDG_CONFIG_HOME=$WORK/cfg "$BAONOI" normalize >"$WORK/cfg.txt"
check "config: the voice from the defaults file (southern reading)" test "$(cat "$WORK/cfg.txt")" = "Năm một trăm lẻ năm"
printf 'Năm 105\n' | XDG_CONFIG_HOME=$WORK/cfg "$BAONOI" normalize --voice northern >"$WORK/cfg.txt"
check "config: the command line wins" test "$(cat "$WORK/cfg.txt")" = "Năm một trăm linh năm"
check "config: captions = yes" test "$(XDG_CONFIG_HOME=$WORK/cfg "$BAONOI" spoken "$EXAMPLE" | grep -c '^Ảnh: ')" = 1
XDG_CONFIG_HOME=$WORK/cfg "$BAONOI" -o "$WORK/audio/cfg" "$EXAMPLE"
XDG_CONFIG_HOME=$WORK/cfg "$BAONOI" -o "$WORK/audio/cfg.wav" "$EXAMPLE"
check "config: format for a name without a type; a .wav name stays WAV" \
	test "$(soxi -t "$WORK/audio/cfg") $(soxi -t "$WORK/audio/cfg.wav")" = "flac wav"
check "config: rate = 300 is faster" python3 -c "import sys; sys.exit(not $(soxi -D "$WORK/audio/cfg.wav") < 0.8 * $dur)"
rm -f "$WORK/audio/cfg" "$WORK/audio/cfg.wav"
printf 'voice = northern\nrate = 5\n' >"$WORK/cfg/baonoi/config"
expect_error "config: a bad value names the file and line" 2 "cfg/baonoi/config:2: --rate 5" \
	env XDG_CONFIG_HOME="$WORK/cfg" "$BAONOI" text "$EXAMPLE"
printf 'colour = red\n' >"$WORK/cfg/baonoi/config"
expect_error "config: an unknown setting names the file and line" 2 "cfg/baonoi/config:1: colour: not a setting" \
	env XDG_CONFIG_HOME="$WORK/cfg" "$BAONOI" text "$EXAMPLE"
rm -f "$WORK/cfg/baonoi/config"
# The user's own pronunciations: --lexicon FILE, or ~/.config/baonoi/lexicon, read first, for
# acronyms and names alike.
printf '# mine\nLHQ\tLiên Hiệp Quốc\nNakamitsu\tNa-ca-mi-xư\n' >"$WORK/cfg/baonoi/lexicon"
printf 'LHQ mời bà Nakamitsu.\n' | "$BAONOI" normalize --lexicon "$WORK/cfg/baonoi/lexicon" >"$WORK/lex.txt"
check "lexicon: --lexicon FILE read first" test "$(cat "$WORK/lex.txt")" = "Liên Hiệp Quốc mời bà Na-ca-mi-xư."
XDG_CONFIG_HOME=$WORK/cfg "$BAONOI" spoken "$EXAMPLE" >"$WORK/lex-spoken.txt"
check "lexicon: ~/.config/baonoi/lexicon, in an article (every LHQ)" \
	test "$(grep -o 'Liên Hiệp Quốc' "$WORK/lex-spoken.txt" | wc -l)" = "$(grep -o 'LHQ' "$WORK/sentences.txt" | wc -l)"
printf 'LHQ Liên Hiệp Quốc\n' >"$WORK/bad.lex"
expect_error "lexicon: a bad line names the file and line" 2 "bad.lex:1: expected a written form, a tab" \
	"$BAONOI" spoken --lexicon "$WORK/bad.lex" "$EXAMPLE"

# ---- an article in another language: eSpeak NG's voice for it, the text as written ---------
cat >"$WORK/de.html" <<'HTML'
<html lang="de"><head><title>Mehr als 13 Milliarden Euro für Schulen</title></head><body><article>
<h1>Mehr als 13 Milliarden Euro für Schulen</h1><p>Die Bundesregierung will in den nächsten fünf
Jahren mehr als 13 Milliarden Euro in die Schulen investieren, sagte die Ministerin in Berlin.</p>
<p>Das Geld soll vor allem in die Digitalisierung und in neue Gebäude fließen, wie das
Ministerium mitteilte.</p></article></body></html>
HTML
check "language: json reports the page's language" test "$("$BAONOI" json "$WORK/de.html" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lang"])')" = de
"$BAONOI" spoken "$WORK/de.html" >"$WORK/de.spoken"
check "language: a German article is spoken as written (no Vietnamese number words, no byline line)" \
	test "$(head -1 "$WORK/de.spoken")" = "Mehr als 13 Milliarden Euro für Schulen"
"$BAONOI" -o "$WORK/audio/de.wav" "$WORK/de.html"
"$BAONOI" -o "$WORK/audio/de-vi.wav" --lang vi "$WORK/de.html"
check "language: read by another voice than with --lang vi" bash -c "test -s '$WORK/audio/de.wav' && ! cmp -s '$WORK/audio/de.wav' '$WORK/audio/de-vi.wav'"
check "language: --lang vi reads it the Vietnamese way" grep -q "mười ba" <("$BAONOI" spoken --lang vi "$WORK/de.html")
rm -f "$WORK/audio/de.wav" "$WORK/audio/de-vi.wav"
# A Vietnamese page whose template declares English is Vietnamese, by its letters.
sed 's/<html lang="vi"/<html lang="en"/; s/<html>/<html lang="en">/' "$EXAMPLE" >"$WORK/vi-as-en.html"
check "language: a Vietnamese page declared English is read as Vietnamese" \
	test "$("$BAONOI" spoken "$WORK/vi-as-en.html" | sed -n 2p)" = "$(sed -n 2p "$WORK/spoken.txt")"

# ---- bad input ------------------------------------------------------------------------------
expect_error "missing file" 3 "nope.html" "$BAONOI" text "$WORK/nope.html"
expect_error "directory" 3 "$WORK" "$BAONOI" text "$WORK"
printf '%%PDF-1.4\n\x00\x01\x02binary' >"$WORK/doc.pdf"
expect_error "binary file" 6 "doc.pdf" "$BAONOI" text "$WORK/doc.pdf"
printf '<html><body><p>Sai m\xe3 \xff\xfe UTF-8 trong trang n\xe0y.</p></body></html>' >"$WORK/bad.html"
expect_error "invalid UTF-8" 8 "bad.html" "$BAONOI" text "$WORK/bad.html"
printf '<html><body><nav><a href="/">Trang chủ</a></nav><footer>Bản quyền</footer></body></html>' >"$WORK/nav.html"
expect_error "no article" 7 "nav.html: no article" "$BAONOI" text "$WORK/nav.html"
: >"$WORK/empty.html"
expect_error "empty file" 7 "empty.html" "$BAONOI" text "$WORK/empty.html"
expect_error "unknown option" 2 "help" "$BAONOI" --bogus
expect_error "bad rate" 2 "--rate 5" "$BAONOI" --rate 5
expect_error "unknown voice" 2 "nosuch" "$BAONOI" --voice nosuch -o "$WORK/nofile/v.wav" "$EXAMPLE"
expect_error "unknown scheme" 6 "ftp://" "$BAONOI" text ftp://127.0.0.1/x.html
mkdir -p "$WORK/nofile"
expect_error "bad input writes no audio file" 3 "nope.html" "$BAONOI" -o "$WORK/nofile/a.wav" "$WORK/nope.html"
check "bad input: output directory still empty" test -z "$(ls -A "$WORK/nofile")"
expect_error "unwritable output" 12 "missing-dir/a.wav" "$BAONOI" -o "$WORK/missing-dir/a.wav" "$EXAMPLE"
expect_error "unknown audio type" 2 "a.xyz" "$BAONOI" -o "$WORK/nofile/a.xyz" "$EXAMPLE"
check "unknown audio type: no file" test -z "$(ls -A "$WORK/nofile")"

# ---- fetching over HTTP from a loopback server -----------------------------------------------
python3 "$ROOT/tests/httpd.py" >"$WORK/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(head -1 "$WORK/port")
URL=http://127.0.0.1:$PORT
"$BAONOI" text "$URL/article.html" >"$WORK/http.txt"
check "http: article equals gold" cmp -s "$WORK/http.txt" "$GOLD"
"$BAONOI" text "$URL/gzip.html" >"$WORK/gzip.txt"
check "http: gzip transfer" cmp -s "$WORK/gzip.txt" "$GOLD"
"$BAONOI" text "$URL/redirect" >"$WORK/redirect.txt"
check "http: redirects followed" cmp -s "$WORK/redirect.txt" "$GOLD"
"$BAONOI" json "$URL/redirect" | grep -q '"url":"https://ictvietnam.vn/'
check "http: canonical URL in json" test $? = 0
"$BAONOI" text "$URL/win1258.html" >"$WORK/win.txt"
check "http: windows-1258 charset from the header" grep -q "Tiếng Việt được viết bằng bảng mã cũ" "$WORK/win.txt"
"$BAONOI" text "$URL/article.txt" >"$WORK/http-plain.txt"
check "http: text/plain" test "$(cat "$WORK/http-plain.txt")" = "$(printf 'Tiêu đề\n\nĐoạn một.')"
expect_error "http: 404" 5 "$URL/404: HTTP 404" "$BAONOI" text "$URL/404"
expect_error "http: 500" 5 "HTTP 500" "$BAONOI" text "$URL/500"
expect_error "http: redirect loop" 4 "$URL/loop" "$BAONOI" text "$URL/loop"
expect_error "http: redirect to file://" 6 "$URL/to-file" "$BAONOI" text "$URL/to-file"
expect_error "http: PDF" 6 "doc.pdf" "$BAONOI" text "$URL/doc.pdf"
expect_error "http: image" 6 "$URL/image" "$BAONOI" text "$URL/image"
expect_error "http: decompression bomb" 9 "$URL/bomb" "$BAONOI" text "$URL/bomb"
expect_error "http: oversized" 9 "$URL/big" "$BAONOI" text "$URL/big"
expect_error "http: --max-size" 9 "$URL/big" "$BAONOI" text --max-size 1 "$URL/big"
expect_error "http: timeout" 4 "$URL/slow" "$BAONOI" text --timeout 1 "$URL/slow"
expect_error "http: empty page" 7 "$URL/empty" "$BAONOI" text "$URL/empty"
expect_error "http: a listing is not an article" 7 "no article" "$BAONOI" text "$URL/home"
expect_error "http: connection refused" 4 "127.0.0.1:1" "$BAONOI" text "http://127.0.0.1:1/x"
# Hostile replies: each has its own message and status.
expect_error "http: a malformed redirect" 4 "the server redirected to a malformed URL" "$BAONOI" text "$URL/bad-location"
expect_error "http: an HTTP/0.9 reply" 4 "not an HTTP server: it answered without a status line" "$BAONOI" text "$URL/http09"
expect_error "http: a 200 KB header" 4 "the server sent a header larger than libcurl takes" "$BAONOI" text "$URL/huge-header"
# A canonical URL that is not http(s), or longer than 2 KB, is not the article's address.
"$BAONOI" json "$URL/canonical-odd" >"$WORK/odd.json"
"$BAONOI" json "$URL/canonical-long" >"$WORK/long.json"
check "http: a javascript: or 3 KB canonical URL is ignored (og:url is taken)" python3 -c "
import json, sys
for f in sys.argv[1:]:
    u = json.load(open(f))['url']
    assert u.startswith('https://ictvietnam.vn/') and len(u) < 2048, u
" "$WORK/odd.json" "$WORK/long.json"
# Redirects between loopback addresses are followed (a public page may not lead to one:
# tests/unit/fetch, as these tests reach no public address).
check "http: a loopback redirect is followed" bash -c "'$BAONOI' text '$URL/redirect' | cmp -s - '$GOLD'"
"$BAONOI" -o "$WORK/audio/http.wav" "$URL/article.html"
sox "$WORK/audio/http.wav" -t raw "$WORK/http.raw"
check "http: read to WAV, same audio as the file" cmp -s "$WORK/http.raw" "$WORK/example.raw"

# TLS is verified: a self-signed certificate is refused.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 \
	-keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
python3 "$ROOT/tests/httpd.py" "$WORK/cert.pem" "$WORK/key.pem" >"$WORK/tlsport" &
tls_pid=$!
for _ in $(seq 50); do [ -s "$WORK/tlsport" ] && break; sleep 0.1; done
expect_error "https: self-signed certificate refused" 4 "certificate" \
	"$BAONOI" text "https://127.0.0.1:$(head -1 "$WORK/tlsport")/article.html"
kill "$tls_pid" 2>/dev/null

# No run of the suite (its signals and killed processes included) left libjack's database
# locked: PortAudio still starts at once.
HOME=$WORK/home timeout 60 "$BAONOI" --list-devices >/dev/null 2>&1
check "PortAudio still starts after the suite (no JACK lock left behind)" test $? = 0
# libjack makes /dev/shm/jack_db-UID at every PortAudio start: the suite takes away the one it
# made (no JACK server running) and leaves /dev/shm as it found it, with no lock held.
jack_db=jack_db-$(id -u)
if ! printf '%s\n' "$SHM_BEFORE" | grep -qx "$jack_db" && [ -d "/dev/shm/$jack_db" ] &&
	! pgrep -x 'jackd|jackdbus' >/dev/null; then
	rm -rf "/dev/shm/$jack_db"
fi
check "/dev/shm is as the suite found it" test "$(ls -A /dev/shm 2>/dev/null | sort)" = "$SHM_BEFORE"

echo "e2e: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
