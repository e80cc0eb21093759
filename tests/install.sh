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
	lib/libbaonoi.so.0 lib/libbaonoi.a; do
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
strings "$P/lib/libbaonoi.so.0" | grep -E -- '--[a-z]|-o FILE' >"$WORK/opts.txt" &&
	fail "the library's strings name options: $(head -3 "$WORK/opts.txt" | tr '\n' ' ')" ||
	ok "no command option in the library's strings"
make -s uninstall PREFIX="$P" >/dev/null
[ -z "$(find "$P" -type f)" ] && ok "uninstall removes every file" || fail "uninstall left: $(find "$P" -type f | head -3)"
# Back to the default prefix for what follows.
make -s >/dev/null
echo "install: $((7 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
