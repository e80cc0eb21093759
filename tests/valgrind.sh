#!/bin/bash
# valgrind.sh: the unit tests and the command's main paths under valgrind's memcheck; any
# definite or indirect leak, or any memory error, fails. Usage: tests/valgrind.sh BUILD_DIR
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
export BAONOI_DATA_DIR=$ROOT
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VG="valgrind -q --suppressions=$ROOT/tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
EXAMPLE=$ROOT/examples/ictvietnam-2020-05-25.html
failed=0
# run COMMAND...: passes unless valgrind found an error: status 99, or a report from a forked
# process (synthesis children, whose exit status their worker does not pass on); the
# command's own failure statuses (bad input on purpose) are not valgrind's concern.
run() {
	"$@" >"$WORK/out" 2>"$WORK/err"
	local status=$?
	if [ $status != 99 ] &&
		! grep -qE "Invalid (read|write|free)|uninitialised|Mismatched free|(definitely|indirectly) lost in" "$WORK/err"; then
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
run $VG --trace-children=yes "$B" -o "$WORK/a.wav" "$EXAMPLE"
run $VG "$B" -o "$WORK/a.flac" --voice southern "$EXAMPLE"
# Other scripts than Latin: eSpeak NG swaps its second language inside a unit's synthesis
# child. With --trace-children, the synthesis engine (baonoi-engine), its lanes and their
# children run under valgrind too.
{
	echo "Tin quốc tế"
	echo
	echo "Ca sĩ 아이유 hát ở Seoul tối qua, còn phim हिन्दी được chiếu trên Facebook và YouTube" \
		"cho khán giả ở khắp nơi, từ Hà Nội đến Thành phố Hồ Chí Minh, suốt cả tuần."
	echo
	echo "Người dùng iPhone đọc tin trên Zalo, email và website mỗi ngày."
} >"$WORK/foreign.txt"
run $VG --trace-children=yes "$B" --jobs 1 -o "$WORK/f.wav" "$WORK/foreign.txt"
run $VG "$B" text "$WORK/missing.html"
# An audio edition from files (a list of URLs is refused: no network here): pages and a text
# file as sources, Opus (through the lossless cache), the combined file with its chapters
# (Ogg comments, MP3 ID3v2 frames), a rerun, a merge.
# Short pages: encoding Opus and MP3 under valgrind takes about as long as the audio.
printf '<html><head><title>Tin ngắn</title></head><body><article><h1>Tin ngắn</h1><p>%s</p><p>%s</p></article></body></html>' \
	"Lúc 16:20 ngày 22/5/2020, TP.HCM ghi nhận 1.000 ca, tăng 3,5%. PGS.TS Nguyễn Văn A cho biết HĐBA LHQ sẽ họp lại." \
	"Giá vàng tăng mạnh, có lúc vượt mốc 50 triệu đồng một lượng vào chiều nay." >"$WORK/short.html"
run $VG "$B" edition "$WORK/short.html" "$WORK/foreign.txt" -d "$WORK/ed" --format opus --combined -q
run $VG "$B" edition "$WORK/short.html" "$WORK/foreign.txt" -d "$WORK/ed" --format opus --combined -q
run $VG "$B" edition --merge "$WORK/ed" -d "$WORK/ed2" --format opus --combined -q
run $VG "$B" edition "$WORK/short.html" "$WORK/foreign.txt" -d "$WORK/ed3" --format mp3 --combined -q
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
# The Speech Dispatcher module, as the server drives it: SSML with marks, typing echo, English,
# hostile markup, a stop mid-message, its own playback (into the file device above), QUIT.
SD=$ROOT/$BUILD/sd_baonoi
msg() { printf '%s\n%s\n.\n' "$1" "$2"; }
{
	printf 'INIT\nAUDIO\naudio_output_method=server\n.\nLIST VOICES\n'
	printf 'SET\nlanguage=vi\nvoice=male1\npunctuation_mode=all\nsynthesis_voice=NULL\n.\n'
	msg SPEAK '<speak><mark name="0"/>Ngày 22/5/2020, <mark name="1"/>HĐBA họp.</speak>'
	sleep 4
	msg CHAR 'đ'
	sleep 2
	msg KEY 'shift_a'
	sleep 2
	printf 'SET\nlanguage=en\nsynthesis_voice=southern\nrate=50\n.\n'
	msg SPEAK 'Hello world.'
	sleep 3
	msg SPEAK '<speak>ba <b>bốn &bogus; <mark/></speak>'
	sleep 2
	msg SPEAK "<speak>$(printf 'Hôm nay trời đẹp lắm. %.0s' $(seq 30))</speak>"
	sleep 1
	printf 'STOP\nFLY\n'
	sleep 1
	printf 'QUIT\n'
} | run $VG "$SD" "$ROOT/src/speechd/baonoi.conf"
grep -q "^702 END" "$WORK/out" && grep -q "^703 STOP" "$WORK/out" && grep -q "^210 OK QUIT" "$WORK/out" ||
	{ failed=$((failed + 1)); echo "FAIL sd_baonoi under valgrind: $(grep -a '^[0-9]' "$WORK/out" | tail -3 | tr '\n' ' ')"; }
printf 'BaonoiPlayback "module"\n' >"$WORK/own.conf"
{
	printf 'INIT\nAUDIO\naudio_output_method=server\n.\nAUDIO\naudio_output_method=alsa\n.\n'
	msg SPEAK '<speak><mark name="a"/>Xin chào.<mark name="b"/></speak>'
	sleep 6
	printf 'QUIT\n'
} | HOME=$WORK/home run valgrind -q --error-exitcode=99 --suppressions="$ROOT/tests/valgrind.supp" \
	"$SD" "$WORK/own.conf"
grep -q "^700-b" "$WORK/out" && grep -q "^702 END" "$WORK/out" ||
	{ failed=$((failed + 1)); echo "FAIL sd_baonoi's own playback under valgrind: $(grep -a '^[0-9]' "$WORK/out" | tail -3 | tr '\n' ' ')"; }
echo "valgrind: $failed failed"
[ "$failed" = 0 ]
