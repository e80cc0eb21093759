#!/bin/sh
# install-deps.sh: install the Debian 12 packages baonoi needs to build, test and benchmark.
# Idempotent: packages already present are left alone, and apt-get runs only when one is missing.
# Waits (up to 10 minutes) for the package manager when another process holds it, as an
# unattended upgrade often does on a fresh machine.
# Usage: scripts/install-deps.sh [--force]  (as root, or through sudo when it is available)
#   --force  run apt-get even when every package is present (tests/deps_lock.sh uses it)
set -eu
force=0
[ "${1:-}" = "--force" ] && force=1

# Build: compilers, pkg-config and the libraries of each pipeline stage.
BUILD="build-essential clang pkg-config help2man
libcurl4-openssl-dev libxml2-dev libutf8proc-dev
libespeak-ng-dev espeak-ng-data portaudio19-dev libsndfile1-dev libsamplerate0-dev libtagc0-dev
libuchardet-dev libjson-c-dev"
# Tests: unit-test framework, loopback HTTP server, audio tools, checkers, libFuzzer (clang).
TEST="libcmocka-dev python3 espeak-ng sox alsa-utils valgrind clang-format libclang-rt-14-dev
pulseaudio pulseaudio-utils libasound2-plugins tmux openssl python3-numpy ffmpeg zsh strace libglib2.0-dev
python3-feedparser speech-dispatcher speech-dispatcher-espeak-ng python3-speechd"
# Benchmarks: time(1) for peak memory, hyperfine for repeated runs, the extraction peers
# (readability-lxml; Node.js and npm for Readability.js, unless a Node.js with npm is present).
BENCH="time hyperfine python3-readability libpcaudio-dev"
command -v npm >/dev/null 2>&1 || BENCH="$BENCH nodejs npm"

missing=""
for pkg in $BUILD $TEST $BENCH; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done

if [ -z "$missing" ] && [ "$force" = 0 ]; then
	echo "install-deps: all packages present"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: missing packages:$missing; run this script as root" >&2
	exit 1
fi

# apt-get waits this long for dpkg's lock (DPkg::Lock::Timeout); the package lists' lock,
# which apt-get update takes, is not covered by it on every apt, so update is retried.
WAIT=600
echo "install-deps: installing${missing:- nothing new}"
export DEBIAN_FRONTEND=noninteractive
tries=0
until $SUDO apt-get -o DPkg::Lock::Timeout=$WAIT update -q 2>/tmp/install-deps.$$; do
	if ! grep -q "lock" /tmp/install-deps.$$ || [ "$tries" -ge $((WAIT / 5)) ]; then
		cat /tmp/install-deps.$$ >&2
		rm -f /tmp/install-deps.$$
		exit 1
	fi
	[ "$tries" = 0 ] && echo "install-deps: the package manager is busy; waiting for it"
	tries=$((tries + 1))
	sleep 5
done
rm -f /tmp/install-deps.$$
# shellcheck disable=SC2086 # word splitting of the package list is intended
$SUDO apt-get -o DPkg::Lock::Timeout=$WAIT install -y -q --no-install-recommends $missing
