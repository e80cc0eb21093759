#!/usr/bin/env python3
"""bench_sd_baonoi.py: sd_baonoi against Speech Dispatcher's own espeak-ng module, on the same
private server and the same sound server, measured in one run, turn about: the time from a
client's request (python3-speechd, as Orca) to the first sound heard, for a one-word message
and for a character (typing echo), and from a stop to the last sound heard. Prints medians and
the ratios baonoi / espeak-ng (targets: first sound <= 1.5x; stop <= 20 ms in the module, see
tests/sd_baonoi.py, and no slower than espeak-ng's heard).

Usage: bench_sd_baonoi.py SD_BAONOI [RUNS]   (inside a pulse.sh environment)"""
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

import sdtest
from sdtest import RATE

LONG = "Hôm nay trời đẹp lắm, chúng ta cùng đi dạo quanh hồ Hoàn Kiếm nhé. " * 20


class TimedRecording:
    """The null sink recorded through a pipe from parec, each block stamped with the time it
    arrived: when a sample was heard is known to a millisecond or two (the recording's own
    delay is the same for both modules)."""

    def __init__(self):
        self.proc = subprocess.Popen(["parec", "-d", "out.monitor", "--format=s16le",
                                      f"--rate={RATE}", "--channels=1", "--latency-msec=2"],
                                     stdout=subprocess.PIPE)
        self.blocks, self.lock = [], threading.Lock()
        self.size = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 4096)
            if not data:
                break
            now = time.monotonic()
            with self.lock:
                self.blocks.append((now, self.size, data))
                self.size += len(data)

    def samples(self):
        with self.lock:
            data = b"".join(b for _, _, b in self.blocks)
        return np.frombuffer(data[:len(data) // 2 * 2], dtype="<i2")

    def pos(self):
        with self.lock:
            return self.size // 2

    def arrival(self, sample):
        """When the block holding sample arrived."""
        with self.lock:
            for t, start, data in self.blocks:
                if start // 2 <= sample < (start + len(data)) // 2:
                    return t
        return None

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def first_sound(srv, rec, client, action):
    """ms from the request to the arrival of the first sound heard."""
    sdtest.wait_silence(rec, 0, 0.2, 10)
    at = rec.pos()
    t0 = time.monotonic()
    action(client)
    o = sdtest.wait_sound(rec, at, 10)
    sdtest.wait_silence(rec, at, 0.3, 20)
    t = rec.arrival(o) if o is not None else None
    return None if t is None else (t - t0) * 1000


ESPEAK_MODULE = "/usr/lib/speech-dispatcher-modules/sd_espeak-ng"
ESPEAK_CONF = "/etc/speech-dispatcher/modules/espeak-ng.conf"


def first_audio(binary, conf, command, text, runs):
    """The module alone, driven over its protocol: median ms from a message to its first
    audio (event 705), the module's own share of the first sound."""
    p = subprocess.Popen([binary, conf], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)

    def until(prefix):
        while True:
            line = p.stdout.readline()
            if not line or line.startswith(prefix):
                return line
    p.stdin.write(b"INIT\n")
    p.stdin.flush()
    until(b"299 ")
    p.stdin.write(b"AUDIO\naudio_output_method=server\n.\nSET\nlanguage=vi\nvoice=male1\n"
                  b"rate=0\npitch=0\nvolume=0\npunctuation_mode=none\nspelling_mode=off\n"
                  b"cap_let_recogn=none\nsynthesis_voice=NULL\n.\n")
    p.stdin.flush()
    until(b"203 OK SETTINGS")
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        p.stdin.write(f"{command}\n{text}\n.\n".encode())
        p.stdin.flush()
        until(b"705-AUDIO")
        times.append((time.monotonic() - t0) * 1000)
        until(b"702")
        time.sleep(0.02)
    p.stdin.write(b"QUIT\n")
    p.stdin.close()
    p.wait()
    return statistics.median(times)


def stop_heard(srv, rec, client):
    sdtest.wait_silence(rec, 0, 0.2, 10)
    at = rec.pos()
    client.speak(LONG)
    if sdtest.wait_sound(rec, at, 10) is None:
        return None
    time.sleep(0.3)
    at = rec.pos()
    client.stop()
    last = sdtest.wait_silence(rec, at, 0.5, 10)
    return 0.0 if last is None else max(0.0, (last - at) / RATE * 1000)


def main():
    sd_baonoi = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    work = tempfile.mkdtemp(prefix="bench-sd-")
    srv = sdtest.Server(sd_baonoi, work)
    rec = TimedRecording()
    time.sleep(0.5)
    clients = {}
    for module in ("baonoi", "espeak-ng"):
        c = srv.client("bench-" + module)
        c.set_output_module(module)
        c.set_language("vi")
        c.speak("Xin chào.")  # each module started and warm before timing
        clients[module] = c
    time.sleep(2)
    tests = {
        "one word": lambda c: c.speak("Xin"),
        "character": lambda c: c.char("a"),
    }
    results = {}
    for name, action in tests.items():
        for module, c in clients.items():
            results[(name, module)] = []
        for _ in range(runs):
            for module, c in clients.items():
                ms = first_sound(srv, rec, c, action)
                if ms is not None:
                    results[(name, module)].append(ms)
    for module, c in clients.items():
        results[("stop", module)] = [ms for ms in (stop_heard(srv, rec, c)
                                                   for _ in range(max(3, runs // 2)))
                                     if ms is not None]
    rec.stop()
    for c in clients.values():
        c.close()
    srv.stop()
    conf = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "speechd",
                        "baonoi.conf")
    print(f"sd_baonoi vs espeak-ng module alone, message to first audio, medians of {runs * 2}:")
    for command, text in (("SPEAK", "<speak>Xin</speak>"), ("CHAR", "a")):
        b = first_audio(sd_baonoi, conf, command, text, runs * 2)
        e = first_audio(ESPEAK_MODULE, ESPEAK_CONF, command, text, runs * 2)
        print(f"  {command:5s} {text:20s} baonoi {b:5.2f} ms, espeak-ng {e:5.2f} ms, "
              f"ratio {b / e:.2f}")
    print(f"sd_baonoi vs espeak-ng module, medians of {runs} (python3-speechd -> heard):")
    for name in ("one word", "character", "stop"):
        b, e = results[(name, "baonoi")], results[(name, "espeak-ng")]
        if not b or not e:
            print(f"  {name}: no sound measured")
            continue
        mb, me = statistics.median(b), statistics.median(e)
        what = "first sound" if name != "stop" else "stop to silence"
        print(f"  {name:10s} {what}: baonoi {mb:6.1f} ms, espeak-ng {me:6.1f} ms, "
              f"ratio {mb / me if me else float('inf'):.2f}")


if __name__ == "__main__":
    main()
