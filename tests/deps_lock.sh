#!/bin/sh
# deps_lock.sh: scripts/install-deps.sh waits for a package manager that another process holds
# (dpkg's front-end lock and the package lists' lock, as an unattended upgrade holds them),
# instead of failing at once. Needs root and Debian's archive; run by .ci/run.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOLD=8
python3 - "$HOLD" <<'PY' &
import fcntl, sys, time
held = [open(p, "a") for p in ("/var/lib/dpkg/lock-frontend", "/var/lib/apt/lists/lock")]
for f in held:
    fcntl.lockf(f, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[1]))
PY
holder=$!
sleep 1
start=$(date +%s)
"$ROOT/scripts/install-deps.sh" --force >/tmp/deps_lock.out 2>&1 || {
	cat /tmp/deps_lock.out
	echo "deps_lock: FAIL: install-deps.sh failed while the lock was held"
	exit 1
}
took=$(($(date +%s) - start))
wait "$holder"
if [ "$took" -lt $((HOLD - 2)) ]; then
	cat /tmp/deps_lock.out
	echo "deps_lock: FAIL: finished in ${took} s, before the lock was let go"
	exit 1
fi
echo "deps_lock: ok: install-deps.sh waited ${took} s for the held lock, then succeeded"
