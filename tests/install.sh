#!/bin/sh
# install.sh: `make install` as users run it, after a plain `make`: staged with DESTDIR, and to
# a prefix of its own (the objects were built for /usr/local: they must be rebuilt or find
# their data anyway). The installed command, and a program linked against the installed
# library through its pkg-config file, read the example without BAONOI_DATA_DIR, from
# another directory. Usage: tests/install.sh (after make), from the source tree.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
unset BAONOI_DATA_DIR
EXAMPLE=$ROOT/examples/ictvietnam-2020-05-25.html
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failed=0
fail() { echo "FAIL install: $1"; failed=$((failed + 1)); }
ok() { echo "ok   install: $1"; }

build/baonoi spoken "$EXAMPLE" >"$WORK/want.txt"

# Staged, as a package build does.
make -s install PREFIX=/usr/local DESTDIR="$WORK/stage" >/dev/null
S=$WORK/stage/usr/local
for f in bin/baonoi lib/pkgconfig/baonoi.pc share/baonoi/voices/northern.voice include/baonoi.h \
	lib/libbaonoi.so.0 lib/libbaonoi.a lib/speech-dispatcher-modules/sd_baonoi \
	etc/speech-dispatcher/modules/baonoi.conf; do
	[ -e "$S/$f" ] || fail "staged: $f missing"
done
BAONOI_DATA_DIR=$S/share/baonoi "$S/bin/baonoi" text "$EXAMPLE" >"$WORK/staged.txt"
cmp -s "$WORK/staged.txt" examples/ictvietnam-2020-05-25.txt && ok "staged command reads the example" ||
	fail "staged command's text differs"

# To a prefix of its own, right after a plain make.
P=$WORK/prefix
make -s install PREFIX="$P" >/dev/null
(cd / && "$P/bin/baonoi" spoken "$EXAMPLE") >"$WORK/cmd.txt" 2>"$WORK/cmd.err" &&
	cmp -s "$WORK/cmd.txt" "$WORK/want.txt" && ok "the installed command finds its data" ||
	fail "the installed command: $(head -c 300 "$WORK/cmd.err")"
PKG_CONFIG_PATH=$P/lib/pkgconfig cc -std=c11 -Wall -Wextra -Werror examples/embed.c \
	$(PKG_CONFIG_PATH=$P/lib/pkgconfig pkg-config --cflags --libs baonoi) -Wl,-rpath,"$P/lib" \
	-o "$WORK/embed"
(cd / && "$WORK/embed" "$EXAMPLE") >"$WORK/embed.txt" 2>"$WORK/embed.err" &&
	ok "a program linked against the installed library finds its data" ||
	fail "embedding program: $(head -c 300 "$WORK/embed.err")"
# embed.c reads what `baonoi spoken --no-meta` prints.
build/baonoi spoken --no-meta "$EXAMPLE" | cmp -s - "$WORK/embed.txt" &&
	ok "... and reads the example as the command does" || fail "embedding program's text differs"
# The same program, moved away from the build tree, and the library's own messages name no
# command-line option.
(cd / && "$WORK/embed" /nonexistent.html) 2>"$WORK/embed2.err" >/dev/null || true
grep -q -- "--\|-o FILE" "$WORK/embed2.err" && fail "library message names an option: $(cat "$WORK/embed2.err")" ||
	ok "library messages name no command option"
# The shared library exports exactly the functions of the public header.
sed -n 's/^[A-Za-z].*[ *]\(bn_[a-z0-9_]*\)(.*/\1/p' include/baonoi.h | sort -u >"$WORK/public.txt"
nm -D --defined-only "$P/lib/libbaonoi.so.0" | awk '$2 == "T" || $2 == "D" || $2 == "B" {print $3}' |
	sed 's/@.*//' | sort -u >"$WORK/exported.txt"
if cmp -s "$WORK/public.txt" "$WORK/exported.txt" && [ "$(wc -l <"$WORK/public.txt")" -ge 40 ]; then
	ok "the library exports exactly the $(wc -l <"$WORK/public.txt") functions of baonoi.h"
else
	fail "exported symbols differ from baonoi.h: $(diff "$WORK/public.txt" "$WORK/exported.txt" | head -5 | tr '\n' ' ')"
fi
# An option in a string starts a word ("--force", "(--lang"); "<!--" in the HTML scanner's
# literals is not one.
strings "$P/lib/libbaonoi.so.0" | grep -E -- '(^|[ ("'\''])--[a-z]|-o FILE' >"$WORK/opts.txt" &&
	fail "the library's strings name options: $(head -3 "$WORK/opts.txt" | tr '\n' ' ')" ||
	ok "no command option in the library's strings"
# The manual page, made from --help: every option --help names is in it.
man=$P/share/man/man1/baonoi.1
if [ -f "$man" ]; then
	missing=""
	for opt in $("$P/bin/baonoi" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\,//g; s/\\\///g' "$man" | grep -q -- "$opt" || missing="$missing $opt"
	done
	[ -z "$missing" ] && ok "the manual page names every option of --help" || fail "man page lacks:$missing"
else
	fail "no manual page installed"
fi
# Shell completion: bash completes options, voices and formats; zsh's script parses.
comp=$P/share/bash-completion/completions/baonoi
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _baonoi; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$comp" "$@" 2>/dev/null | sort | tr '\n' ' '
}
[ "$(complete_words "$P/bin/baonoi" --vo)" = "--voice --volume " ] && ok "bash: --vo completes to --voice, --volume" ||
	fail "bash: --vo gives '$(complete_words "$P/bin/baonoi" --vo)'"
case "$(cd "$WORK" && complete_words "$P/bin/baonoi" --voice '')" in
*"central northern "*"southern "*) ok "bash: --voice completes the voices (and .voice files)" ;;
*) fail "bash: --voice gives '$(cd "$WORK" && complete_words "$P/bin/baonoi" --voice '')'" ;;
esac
[ "$(complete_words "$P/bin/baonoi" --format o)" = "ogg opus " ] && ok "bash: --format o completes ogg opus" ||
	fail "bash: --format o gives '$(complete_words "$P/bin/baonoi" --format o)'"
[ "$(complete_words "$P/bin/baonoi" spo)" = "spoken " ] && ok "bash: spo completes the command spoken" ||
	fail "bash: spo gives '$(complete_words "$P/bin/baonoi" spo)'"
[ "$(complete_words "$P/bin/baonoi" edi)" = "edition " ] && ok "bash: edi completes the command edition" ||
	fail "bash: edi gives '$(complete_words "$P/bin/baonoi" edi)'"
mkdir -p "$WORK/editions"
[ "$(cd "$WORK" && complete_words "$P/bin/baonoi" edition feed.xml -d edit)" = "editions " ] &&
	ok "bash: edition's -d completes folders" ||
	fail "bash: edition -d edit gives '$(cd "$WORK" && complete_words "$P/bin/baonoi" edition feed.xml -d edit)'"
zsh -n "$P/share/zsh/site-functions/_baonoi" && ok "zsh: the completion script parses" || fail "zsh completion does not parse"
# The Speech Dispatcher module, as the README enables it for a prefix other than /usr: a
# private speech-dispatcher with an AddModule line naming the installed files by their paths.
SD=$WORK/speechd
mkdir -p "$SD/conf"
printf 'AddModule "baonoi" "%s" "%s"\nDefaultModule baonoi\nLogDir "%s"\n' \
	"$P/lib/speech-dispatcher-modules/sd_baonoi" "$P/etc/speech-dispatcher/modules/baonoi.conf" \
	"$SD" >"$SD/conf/speechd.conf"
(cd / && XDG_RUNTIME_DIR=$SD HOME=$SD speech-dispatcher -s -t 0 -C "$SD/conf" -S "$SD/sock" \
	-P "$SD/pid" >"$SD/server.out" 2>&1 &)
for _ in $(seq 100); do [ -S "$SD/sock" ] && break; sleep 0.1; done
SPEECHD_ADDRESS=unix_socket:$SD/sock timeout 20 spd-say -o baonoi -L >"$SD/voices.txt" 2>&1 || true
kill "$(cat "$SD/pid" 2>/dev/null)" 2>/dev/null || true
grep -q "southern *vi" "$SD/voices.txt" && ok "speech-dispatcher runs the installed module, which finds its voices" ||
	fail "installed sd_baonoi: $(head -c 300 "$SD/voices.txt") $(cat "$SD"/*.log 2>/dev/null | head -c 300)"
make -s uninstall PREFIX="$P" >/dev/null
[ -z "$(find "$P" -type f)" ] && ok "uninstall removes every file" || fail "uninstall left: $(find "$P" -type f | head -3)"
# Back to the default prefix for what follows.
make -s >/dev/null
echo "install: $((16 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
