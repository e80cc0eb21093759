#!/bin/sh
# install-deps.sh: install the Debian 12 packages baonoi needs to build, test and benchmark.
# Idempotent: packages already present are left alone, and apt-get runs only when one is missing.
# Usage: scripts/install-deps.sh            (as root, or through sudo when it is available)
set -eu

# Build: compilers, pkg-config and the libraries of each pipeline stage.
BUILD="build-essential clang pkg-config
libcurl4-openssl-dev libxml2-dev libutf8proc-dev
libespeak-ng-dev espeak-ng-data portaudio19-dev libsndfile1-dev libsamplerate0-dev"
# Tests: unit-test framework, loopback HTTP server, audio tools, checkers.
TEST="libcmocka-dev python3 espeak-ng sox alsa-utils valgrind clang-format
pulseaudio pulseaudio-utils libasound2-plugins tmux openssl python3-numpy"
# Benchmarks: time(1) for peak memory, hyperfine for repeated runs.
BENCH="time hyperfine python3-readability"

missing=""
for pkg in $BUILD $TEST $BENCH; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done

if [ -z "$missing" ]; then
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

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086 # word splitting of the package list is intended
$SUDO apt-get install -y -q --no-install-recommends $missing
