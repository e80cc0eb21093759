#!/usr/bin/python3
"""bench_extract_peer.py: times readability-lxml (Debian's python3-readability), the Python port
of Mozilla's Readability, inside one process (start-up excluded) on each page given, printing
each page's median milliseconds over RUNS runs and then the median over pages, like
bench_extract. With PEER_OUT set, also writes what it extracted from the Nth page (title and
content HTML) as JSON to $PEER_OUT/N.json (tests/corpus.py scores it).
Usage: bench_extract_peer.py RUNS PAGE..."""
import json
import os
import statistics
import sys
import time

from readability import Document


def main():
    runs = int(sys.argv[1])
    medians = []
    out = os.environ.get("PEER_OUT")
    for i, path in enumerate(sys.argv[2:]):
        html = open(path, "rb").read().decode("utf-8", errors="replace")
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            doc = Document(html)
            title = doc.title()
            content = doc.summary()
            times.append((time.perf_counter() - t0) * 1000)
        medians.append(statistics.median(times))
        if out:
            with open(os.path.join(out, f"{i}.json"), "w", encoding="utf-8") as f:
                json.dump({"title": title, "content": content}, f)
        print(f"{path}\t{medians[-1]:.3f}")
    print(f"median\t{statistics.median(medians):.3f}")


if __name__ == "__main__":
    main()
