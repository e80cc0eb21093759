#!/usr/bin/env python3
"""interrupt.py: plays the example through PortAudio into a PulseAudio null sink in real time,
records what is heard with parec, presses Ctrl-C (SIGINT) during speech, and reports how long
sound went on after it and how long the process took to exit.

It also checks that what was heard before the interruption is, sample for sample, the start
of the same article rendered to a file (EXPECTED_RAW): playback adds no gap and no click.

Usage: interrupt.py BAONOI ARTICLE EXPECTED_RAW   (inside a pulse.sh environment)
Prints "sound_after_ms=N exit_ms=N status=N" and exits 0 when sound stopped within the limit."""
import os
import signal
import subprocess
import sys
import time
import array

RATE = 22050
LIMIT_MS = 100


def main():
    baonoi, article, expected_raw = sys.argv[1], sys.argv[2], sys.argv[3]
    heard = os.path.join(os.environ["XDG_RUNTIME_DIR"], "heard.raw")
    rec = subprocess.Popen(["parec", "-d", "out.monitor", "--format=s16le", f"--rate={RATE}",
                            "--channels=1", "--latency-msec=5", heard])
    time.sleep(0.5)
    player = subprocess.Popen([baonoi, article], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Wait for speech to be heard, then let it play a while.
    start = time.monotonic()
    while time.monotonic() - start < 10:
        data = open(heard, "rb").read()
        samples = array.array("h", data[: len(data) // 2 * 2])
        if any(abs(s) > 300 for s in samples[-RATE // 10:]):
            break
        time.sleep(0.02)
    time.sleep(1.5)
    size_at_sigint = os.path.getsize(heard)
    t0 = time.monotonic()
    player.send_signal(signal.SIGINT)
    out, err = player.communicate(timeout=10)
    exit_ms = (time.monotonic() - t0) * 1000
    time.sleep(0.5)
    rec.terminate()
    rec.wait()
    data = open(heard, "rb").read()
    samples = array.array("h", data[: len(data) // 2 * 2])
    last = max((i for i, s in enumerate(samples) if abs(s) > 300), default=0)
    sound_after_ms = (last - size_at_sigint // 2) * 1000 / RATE
    print(f"sound_after_ms={sound_after_ms:.0f} exit_ms={exit_ms:.0f} status={player.returncode}"
          f" stderr={err.decode().strip()!r}")
    # What was heard up to the interruption against the file's samples. The recorder may
    # join a few milliseconds late, so find where the heard audio starts in the file.
    expected = array.array("h", open(expected_raw, "rb").read())
    first = next((i for i, s in enumerate(samples) if s != 0), None)
    heard_part = samples[first:size_at_sigint // 2] if first is not None else array.array("h")
    probe = heard_part[:400]
    offset = -1
    if len(probe) == 400:
        for off in range(0, min(len(expected) - 400, 10 * RATE)):
            if expected[off] == probe[0] and expected[off:off + 400] == probe:
                offset = off
                break
    n = len(heard_part)
    same = offset >= 0 and n > RATE and heard_part == expected[offset:offset + n]
    print(f"heard {n / RATE:.2f} s before the interruption, from {offset / RATE:.3f} s into the "
          f"article: {'identical to' if same else 'DIFFERENT from'} the file's samples")
    ok = same and sound_after_ms <= LIMIT_MS and player.returncode == 130 and not err and not out
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
