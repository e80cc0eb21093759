#!/usr/bin/python3
"""bench_extract_peer.py: times readability-lxml (Debian's python3-readability), the Python port
of Mozilla's Readability, inside one process (start-up excluded) on each page given, printing
each page's median milliseconds over RUNS runs and then the median over pages, like
bench_extract. Usage: bench_extract_peer.py RUNS PAGE..."""
import statistics
import sys
import time

from readability import Document


def main():
    runs = int(sys.argv[1])
    medians = []
    for path in sys.argv[2:]:
        html = open(path, "rb").read().decode("utf-8", errors="replace")
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            doc = Document(html)
            doc.title()
            doc.summary()
            times.append((time.perf_counter() - t0) * 1000)
        medians.append(statistics.median(times))
        print(f"{path}\t{medians[-1]:.3f}")
    print(f"median\t{statistics.median(medians):.3f}")


if __name__ == "__main__":
    main()
