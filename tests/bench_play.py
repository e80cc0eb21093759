#!/usr/bin/env python3
"""bench_play.py: time from launch to the first sound heard, playing the example through a
PulseAudio null sink (recorded with parec), for baonoi and for `espeak-ng -v vi` playing the
same cleaned text the same way. Prints the medians and their ratio.

Usage: bench_play.py BAONOI TEXT RUNS   (inside a pulse.sh environment)"""
import array
import os
import statistics
import subprocess
import sys
import time

import recorder

RATE = 22050


def first_sound(cmd):
    """Seconds from launching cmd to the first sound in the sink's monitor."""
    heard = os.path.join(os.environ["XDG_RUNTIME_DIR"], "first.raw")
    # The recorder delivers (silence) first, so its clock runs before the launch.
    rec = recorder.start(heard, RATE // 10)
    size0 = os.path.getsize(heard)
    size0 -= size0 % 2
    t0 = time.monotonic()
    player = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Read only what the recorder adds (light on the CPU the players start up on).
    found = None
    seen = 0
    with open(heard, "rb") as f:
        f.seek(size0)
        pending = b""
        while found is None and time.monotonic() - t0 < 10:
            time.sleep(0.005)
            pending += f.read()
            whole = len(pending) // 2 * 2
            samples = array.array("h", pending[:whole])
            pending = pending[whole:]
            for i, s in enumerate(samples):
                if abs(s) > 300:
                    found = (seen + i) / RATE
                    break
            seen += len(samples)
    player.kill()
    player.wait()
    rec.kill()
    rec.wait()
    os.unlink(heard)
    return found


def main():
    baonoi, text, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ours = [first_sound([baonoi, text]) for _ in range(runs)]
    peer = [first_sound(["espeak-ng", "-v", "vi", "-f", text]) for _ in range(runs)]
    a, b = statistics.median(ours), statistics.median(peer)
    print(f"first sound heard: baonoi {a * 1000:.0f} ms, espeak-ng {b * 1000:.0f} ms, "
          f"ratio {a / b:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
