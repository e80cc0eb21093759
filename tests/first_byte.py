#!/usr/bin/env python3
"""first_byte.py: median time from launch to the first audio sample on a command's standard
output (the first byte after a 44-byte WAV header), over several runs; each run is stopped once its first sample arrives.

Usage: first_byte.py RUNS COMMAND [ARG...]   prints the median in milliseconds."""
import os
import statistics
import subprocess
import sys
import time


def once(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    got = 0
    first = None
    while first is None:
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        got += len(chunk)
        if got > 44:
            first = time.perf_counter() - start
    # The rest of the audio does not matter here: stop the command.
    p.kill()
    p.wait()
    if first is None:
        sys.exit(f"first_byte: {cmd[0]} failed (status {p.returncode})")
    return first * 1000


def main():
    runs = int(sys.argv[1])
    cmd = sys.argv[2:]
    print(f"{statistics.median(once(cmd) for _ in range(runs)):.2f}")


if __name__ == "__main__":
    main()
