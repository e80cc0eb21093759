#!/bin/sh
# demo.sh: read the bundled example aloud; on a machine without a sound card, write it to
# build/example.wav instead and say so. Usage: tests/demo.sh BAONOI
BAONOI=${1:-build/baonoi}
EXAMPLE=$(cd "$(dirname "$0")/.." && pwd)/examples/ictvietnam-2020-05-25.html
echo "baonoi: reading the bundled example article aloud (Ctrl-C to stop)..."
"$BAONOI" "$EXAMPLE" 2>/tmp/baonoi-demo.$$
status=$?
if [ "$status" = 11 ]; then
	cat /tmp/baonoi-demo.$$ >&2
	rm -f /tmp/baonoi-demo.$$
	out=$(dirname "$BAONOI")/example.wav
	echo "baonoi: no sound card here, so writing the article to $out instead"
	"$BAONOI" -o "$out" "$EXAMPLE" || exit $?
	echo "baonoi: wrote $out ($(soxi -d "$out" 2>/dev/null || echo "?") of speech)"
	exit 0
fi
cat /tmp/baonoi-demo.$$ >&2
rm -f /tmp/baonoi-demo.$$
exit "$status"
