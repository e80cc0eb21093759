#!/usr/bin/env python3
"""bench_edition.py: `baonoi edition` against its peer, measured in the same run.

A loopback server (127.0.0.1) serves a feed of N articles (the fixture pages, each under
several URLs). The peer is what a newsroom scripts without baonoi: the same cleaned texts
(`baonoi text`) read by `espeak-ng -w` one after another in a shell loop. Printed: the wall
time of each (median of RUNS), their ratio (target <= 0.55 on 2 cores), a rerun with nothing
changed against the first run (target <= 2 %: the server sends ETags, as web servers and CDNs
do; also shown without them, when every page is fetched and read again), and peak memory of an
edition of N/2 and of N articles (all processes at once, summed PSS: target flat).

Usage: bench_edition.py BAONOI [N] [RUNS]"""
import glob
import http.server
import os
import shutil
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAONOI = os.path.abspath(sys.argv[1])
N = int(sys.argv[2]) if len(sys.argv) > 2 else 50
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
PAGES = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "*.html")))
BODIES = {}
for i in range(N):
    p = PAGES[i % len(PAGES)]
    data = open(p, "rb").read()
    # Each URL its own article: no canonical URL shared between copies.
    data = data.replace(b'rel="canonical"', b'rel="x-canonical"').replace(b'og:url', b'x-og-url')
    BODIES[f"/a/{i}"] = data


# Validators, as a web server or CDN sends them for its pages (on for the rerun that asks
# "what changed?"; off for one that must fetch and read every page again).
ETAGS = {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm
        # holds the body until the client's delayed ACK (40 ms a page), which a real web
        # server does not do.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        if self.path.startswith("/feed"):
            n = int(self.path.split("-")[1]) if "-" in self.path else N
            body = ("<rss version='2.0'><channel><title>Bench</title>" +
                    "".join(f"<item><link>/a/{i}</link></item>" for i in range(n)) +
                    "</channel></rss>").encode()
            ctype = "application/rss+xml"
        elif self.path in BODIES and ETAGS and self.headers.get("If-None-Match") == ETAGS[self.path]:
            self.send_response(304)
            self.send_header("ETag", ETAGS[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        elif self.path in BODIES:
            body, ctype = BODIES[self.path], "text/html"
        else:
            body, ctype = b"", "text/plain"
        self.send_response(200 if body else 404)
        if ETAGS and self.path in ETAGS:
            self.send_header("ETag", ETAGS[self.path])
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
URL = f"http://127.0.0.1:{server.server_address[1]}"
threading.Thread(target=server.serve_forever, daemon=True).start()
WORK = tempfile.mkdtemp(prefix="baonoi-bench-edition-")
ENV = dict(os.environ, BAONOI_DATA_DIR=ROOT)


def timed(cmd, **kw):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


try:
    # The peer's input: the cleaned texts, made beforehand (not timed).
    texts = os.path.join(WORK, "texts")
    os.mkdir(texts)
    for i in range(N):
        with open(os.path.join(texts, f"{i:03d}.txt"), "wb") as f:
            f.write(subprocess.run([BAONOI, "text", f"{URL}/a/{i}"], env=ENV, check=True,
                                   capture_output=True).stdout)
    loop = (f"for f in {texts}/*.txt; do espeak-ng -v vi -w {WORK}/peer.wav -f \"$f\" || exit 1; "
            "done")
    ours, ours1, peer, rerun, rerun_plain = [], [], [], [], []
    for _ in range(RUNS):
        out = os.path.join(WORK, "out")
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(["sync"])
        ours.append(timed([BAONOI, "edition", f"{URL}/feed", "-d", out, "-q"]))
        rerun_plain.append(timed([BAONOI, "edition", f"{URL}/feed", "-d", out, "-q"]))
        ETAGS.update({k: '"%x"' % hash(v) for k, v in BODIES.items()})
        timed([BAONOI, "edition", f"{URL}/feed", "-d", out, "-q"])  # the validators kept
        rerun.append(timed([BAONOI, "edition", f"{URL}/feed", "-d", out, "-q"]))
        ETAGS.clear()
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(["sync"])
        ours1.append(timed([BAONOI, "edition", f"{URL}/feed", "-d", out, "-q", "-j", "1"]))
        subprocess.run(["sync"])
        peer.append(timed(["sh", "-c", loop]))
    o, p, r = statistics.median(ours), statistics.median(peer), statistics.median(rerun)
    rp = statistics.median(rerun_plain)
    print(f"machine: {os.cpu_count()} cores; {N} articles, median of {RUNS}")
    print(f"{'measure':<44} {'baonoi':>10} {'peer':>10} {'ratio':>7} target")
    print(f"{'edition wall time vs espeak-ng -w loop (s)':<44} {o:10.2f} {p:10.2f} {o / p:7.2f} <= 0.55")
    o1 = statistics.median(ours1)
    print(f"{'the same with one reader (--jobs 1) (s)':<44} {o1:10.2f} {p:10.2f} {o1 / p:7.2f}")
    print(f"{'rerun, nothing changed (ETag: 304s) (s)':<44} {r:10.3f} {o:10.2f} {r / o:7.3f} <= 0.02")
    print(f"{'rerun, no validators: every page read (s)':<44} {rp:10.3f} {o:10.2f} {rp / o:7.3f}")
    # Peak memory of every process of the run at once (PSS), for N/5 and N articles.
    # Half and all of the articles: both mix the same languages (a reader keeps an engine per
    # voice it meets, at most 3: memory bounded by --jobs, not by the articles).
    small = max(1, N // 2)
    peaks = []
    for n in (small, N):
        out = os.path.join(WORK, f"mem{n}")
        res = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "peak_mem.py"), BAONOI,
                              "edition", f"{URL}/feed-{n}", "-d", out, "-q"], env=ENV,
                             capture_output=True, text=True, check=True)
        peaks.append(int(res.stdout.split()[0]))
    print(f"{f'peak PSS, {N} vs {small} articles (MB)':<44} {peaks[1] / 1024:10.1f} "
          f"{peaks[0] / 1024:10.1f} {peaks[1] / peaks[0]:7.2f} flat (<= 1.10)")
finally:
    server.shutdown()
    shutil.rmtree(WORK, ignore_errors=True)
