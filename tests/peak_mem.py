#!/usr/bin/env python3
"""peak_mem.py: the peak memory of a command and every process it starts, sampled from /proc
every 10 ms while it runs. Prints "PSS_KB RSS_KB": the peak of the processes' summed
proportional set size (pages shared between them counted once, split between sharers) and the
peak of their summed resident set size (shared pages counted in every process).

Usage: peak_mem.py CMD [ARG...]"""
import os
import subprocess
import sys
import time

import procs


def tree(root):
    """root and its descendants."""
    kids = {}
    for pid, parent in procs.parents().items():
        kids.setdefault(parent, []).append(pid)
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def rollup(pid):
    """(Pss, Rss) of a process in kB, or (0, 0) once it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def main():
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peak_pss = peak_rss = 0
    while proc.poll() is None:
        pss = rss = 0
        for pid in tree(proc.pid):
            p, r = rollup(pid)
            pss += p
            rss += r
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.01)
    if proc.returncode != 0:
        sys.exit(f"peak_mem.py: {sys.argv[1]} exited with status {proc.returncode}")
    print(peak_pss, peak_rss)


if __name__ == "__main__":
    main()
