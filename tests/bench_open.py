#!/usr/bin/env python3
"""bench_open.py: what opening the default device costs the first sound, through a PulseAudio
null sink (inside a pulse.sh environment), measured in one run, interleaved: a bare program
opening it with PortAudio's normal API and with pcaudiolib (tests/bench_open.c), baonoi as it
plays, baonoi with `--device default` (PortAudio's full probe), and espeak-ng. Prints each
median launch-to-first-sound and its ratio to espeak-ng's.

Usage: bench_open.py BAONOI BENCH_OPEN TEXT RUNS"""
import statistics
import sys

from bench_play import first_sound


def main():
    baonoi, bench_open, text, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    cmds = {
        "espeak-ng (pcaudiolib)": ["espeak-ng", "-v", "vi", "-f", text],
        "baonoi": [baonoi, text],
        "baonoi --device default (full probe)": [baonoi, "--device", "default", text],
        "bare PortAudio, normal API, tone": [bench_open, "portaudio"],
        "bare pcaudiolib, tone": [bench_open, "pcaudiolib"],
    }
    heard = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            t = first_sound(cmd)
            if t is not None:
                heard[name].append(t)
    peer = statistics.median(heard["espeak-ng (pcaudiolib)"])
    print("first sound heard (median of %d), and against espeak-ng's:" % runs)
    for name, times in heard.items():
        if not times:
            print(f"  {name:38s} no sound")
            continue
        m = statistics.median(times)
        print(f"  {name:38s} {m * 1000:6.1f} ms  {m / peer:5.2f}x")


if __name__ == "__main__":
    main()
