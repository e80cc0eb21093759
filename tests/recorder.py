"""recorder.py: what the test sound server (tests/pulse.sh) plays, recorded with parec into a
file, for the scripts that listen to playback."""
import os
import subprocess
import time

RATE = 22050


def start(path, ready_bytes, timeout=10):
    """Record the null sink's monitor into path (16-bit mono at RATE) and return the parec
    process once ready_bytes (silence) have come: the recording's clock then runs. Raises
    RuntimeError when nothing comes in time (the server is not there or died). A file
    already at path is replaced: parec writes over it without truncating, so an older, longer
    recording's tail would read as sound heard now."""
    if os.path.exists(path):
        os.unlink(path)
    rec = subprocess.Popen(["parec", "-d", "out.monitor", "--format=s16le", f"--rate={RATE}",
                            "--channels=1", "--latency-msec=5", path])
    end = time.monotonic() + timeout
    while not os.path.exists(path) or os.path.getsize(path) < ready_bytes:
        if rec.poll() is not None or time.monotonic() > end:
            rec.kill()
            raise RuntimeError(f"parec recorded nothing in {timeout} s (status {rec.wait()}):"
                               " is the test's PulseAudio server up?")
        time.sleep(0.01)
    return rec
