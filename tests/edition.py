#!/usr/bin/env python3
"""edition.py: end-to-end tests of `baonoi edition` against a loopback HTTP server.

The server (127.0.0.1 only, a free port) serves a feed of 31 items made from the fixture
pages: some slow, one missing (404), one not an article (a home page), one that changes
between runs, one with an ETag (answering 304 to If-None-Match), one busy the first time
(503 with Retry-After), one listed twice and one with the canonical URL of another. It counts
the connections open at once per host and keeps each request's User-Agent.

Checks: the folder (ASCII names, a WAV, WebVTT and JSON per article), the playlist in feed
order with durations, the podcast feed read by a real parser (feedparser) with enclosure
lengths and durations against the files (ffprobe), the failures (one line each, status 13),
at most 2 connections to the host, an incremental rerun (only the changed article read
again; 304 for the ETag), SIGKILL mid-run then a rerun equal to a clean build, --limit and
--since, the combined file's chapters and their titles (ffprobe: WAV, MP3, Opus), Opus, 3 shards in separate processes merged
into the folder a single build makes, other sources (Atom, JSON Feed, a news sitemap, a list
of URLs, a page) together, and bad arguments.

Usage: edition.py BAONOI   (exit status: the number of failures)"""
import email.utils
import glob
import hashlib
import http.server
import json
import os
import re
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

import feedparser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
BAONOI = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "build", "baonoi")
failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} edition: {name}{' (' + str(detail) + ')' if detail and not ok else ''}")
    if not ok:
        failures += 1


def page(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


# The articles of the feed, in its order: fixture pages (amp-vnexpress and vnexpress share a
# canonical URL: one is left out as a duplicate).
PAGES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(FIXTURES, "*.html")))
PAGES = [p for p in PAGES if p != "ictvietnam.html"][:24]
# /dup serves tuoitre.html (which names its canonical URL) under another URL.
assert "tuoitre.html" in PAGES
SLOW = set(PAGES[3:6])  # answer after a second


# The feed's dates count back from the server's start: every request gets the same feed.
BASE_TIME = int(time.time())


class State:
    lock = threading.Lock()
    generation = 1  # the changing article's version
    open_now = 0
    most_open = 0
    agents = set()
    requests = []  # (path, If-None-Match, If-Modified-Since, status)
    busy_seen = False


def feed_items():
    """(path, title, pubDate) of the feed's 30 items."""
    items = []
    base = BASE_TIME
    for i, p in enumerate(PAGES):
        items.append((f"/a/{p}", f"Bài {i + 1}", base - 3600 * i))
    items += [("/missing", "Không có", base), ("/home", "Trang chủ", base),
              ("/changing", "Thay đổi", base), ("/etag", "Có ETag", base),
              ("/busy", "Bận", base), (f"/a/{PAGES[0]}", "Lặp lại", base),
              ("/dup", "Bản sao", base)]
    return items


def rss(items):
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0"><channel>',
           "<title>Thời sự &amp; đời sống</title><link>http://example.vn/</link>"]
    for path, title, when in items:
        out.append(f"<item><title>{title}</title><link>{path}</link>"
                   f"<pubDate>{email.utils.formatdate(when)}</pubDate></item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode()


def changing_page():
    word = "mười hai" if State.generation == 1 else "mười lăm"
    return (f"<html><head><title>Tin thay đổi</title></head><body><article><h1>Giá điện thay "
            f"đổi theo giờ</h1><p>Từ tháng sau, giá điện giờ cao điểm tăng {word} phần trăm "
            "so với hiện nay, theo quyết định vừa ký. Người dân được khuyên dùng máy giặt và "
            "bình nóng lạnh vào buổi tối muộn để tiết kiệm.</p><p>Doanh nghiệp sản xuất cũng "
            "được khuyến khích dời ca làm việc nặng sang ban đêm.</p></article></body></html>"
            ).encode()


ETAG_PAGE = ("<html><head><title>Có ETag</title></head><body><article><h1>Mưa lớn ở miền "
             "Trung</h1><p>Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến đường ở Quảng Nam ngập "
             "sâu, hàng trăm hộ dân phải di dời đến nơi an toàn.</p><p>Cơ quan khí tượng dự "
             "báo mưa còn kéo dài đến hết ngày mai.</p></article></body></html>").encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    # Connections that asked for an article (not a feed), counted while open.
    counted = False

    def count_connection(self):
        if self.counted or self.path.startswith("/feed"):
            return
        self.counted = True
        with State.lock:
            State.open_now += 1
            State.most_open = max(State.most_open, State.open_now)

    def finish(self):
        super().finish()
        if self.counted:
            with State.lock:
                State.open_now -= 1

    def send(self, code, body, ctype="text/html; charset=utf-8", headers=()):
        with State.lock:
            State.requests.append((self.path, self.headers.get("If-None-Match"),
                                   self.headers.get("If-Modified-Since"), code))
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        State.agents.add(self.headers.get("User-Agent", ""))
        self.count_connection()
        p = self.path
        if p == "/feed.rss":
            self.send(200, rss(feed_items()), "application/rss+xml")
        elif p.startswith("/a/") and p[3:] in PAGES:
            if p[3:] in SLOW:
                time.sleep(1)
            self.send(200, page(p[3:]), "text/html")  # a page may say its own charset
        elif p == "/dup":
            self.send(200, page("tuoitre.html"), "text/html")
        elif p == "/home":
            self.send(200, page("not-articles/home.html"))
        elif p == "/changing":
            self.send(200, changing_page())
        elif p == "/etag":
            tag = '"v1-' + hashlib.sha1(ETAG_PAGE).hexdigest()[:8] + '"'
            if self.headers.get("If-None-Match") == tag:
                self.send(304, b"", headers=[("ETag", tag)])
            else:
                self.send(200, ETAG_PAGE, headers=[("ETag", tag)])
        elif p == "/busy":
            if not State.busy_seen:
                State.busy_seen = True
                self.send(503, b"busy", "text/plain", headers=[("Retry-After", "1")])
            else:
                self.send(200, page("vov.html").replace(b"vov.vn", b"vov.example"))
        elif p == "/feed.atom":
            self.send(200, f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><title>A</title><link rel="alternate" href="/a/{PAGES[1]}"/>
<updated>2026-11-30T08:00:00+07:00</updated></entry></feed>""".encode(), "application/atom+xml")
        elif p == "/feed.json":
            self.send(200, json.dumps({"version": "https://jsonfeed.org/version/1.1",
                                       "title": "JSON", "items": [
                                           {"id": "1", "url": f"/a/{PAGES[2]}",
                                            "title": "J", "date_published": "2026-11-30T09:00:00Z"}]}
                                      ).encode(), "application/feed+json")
        elif p == "/sitemap.xml":
            self.send(200, f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://127.0.0.1:{PORT}/a/{PAGES[6]}</loc><news:news><news:title>S</news:title>
<news:publication_date>2026-11-30T07:00:00+07:00</news:publication_date></news:news></url>
</urlset>""".encode(), "application/xml")
        else:
            self.send(404, b"not found", "text/plain")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
PORT = server.server_address[1]
URL = f"http://127.0.0.1:{PORT}"
threading.Thread(target=server.serve_forever, daemon=True).start()
WORK = tempfile.mkdtemp(prefix="baonoi-edition-")
ENV = dict(os.environ, BAONOI_DATA_DIR=ROOT, HOME=os.path.join(WORK, "home"))


def run(*args, timeout=300):
    return subprocess.run([BAONOI, "edition", *args], capture_output=True, text=True,
                          timeout=timeout, env=ENV)


def events(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def ffprobe_duration(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                          "default=nw=1:nk=1", path], capture_output=True, text=True).stdout
    return float(out.strip() or 0)


def audio_digests(folder):
    """The audio of each WAV (its samples, not its header's tags) by name."""
    out = {}
    for p in sorted(glob.glob(os.path.join(folder, "*.wav"))):
        raw = subprocess.run(["sox", p, "-t", "raw", "-"], capture_output=True).stdout
        out[os.path.basename(p)] = hashlib.sha1(raw).hexdigest()
    return out


def ogg_pages_ok(path):
    """Whether every page of an Ogg file has its CRC right and the sequence numbers run on."""
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else r << 1
        table.append(r & 0xFFFFFFFF)
    data, at, seq = open(path, "rb").read(), 0, 0
    while at < len(data):
        if data[at:at + 4] != b"OggS":
            return False
        nseg = data[at + 26]
        length = 27 + nseg + sum(data[at + 27:at + 27 + nseg])
        page = bytearray(data[at:at + length])
        want = int.from_bytes(page[22:26], "little")
        page[22:26] = b"\0\0\0\0"
        crc = 0
        for b in page:
            crc = ((crc << 8) ^ table[((crc >> 24) ^ b) & 0xFF]) & 0xFFFFFFFF
        if crc != want or int.from_bytes(page[18:22], "little") != seq:
            return False
        seq += 1
        at += length
    return True


def folder_files(folder):
    return sorted(f for f in os.listdir(folder) if not f.startswith("."))


try:
    out = os.path.join(WORK, "out")
    t0 = time.time()
    r = run(f"{URL}/feed.rss", "-d", out, "--progress=json")
    first_time = time.time() - t0
    ev = events(r.stdout)
    check("a feed with failures exits 13", r.returncode == 13, r.returncode)
    err_lines = [l for l in r.stderr.splitlines() if l.startswith("baonoi: http")]
    check("the 404 is reported in one line", any("/missing: HTTP 404" in l for l in err_lines),
          r.stderr)
    check("the page with no article is reported in one line",
          any("/home" in l for l in err_lines), r.stderr)
    check("the summary lists the failed articles",
          f"  {URL}/missing" in r.stderr and f"  {URL}/home" in r.stderr, r.stderr)
    made = [e for e in ev if e["event"] == "synthesised"]
    dups = [e for e in ev if e["event"] == "duplicate"]
    # 24 fixture pages + changing, etag, busy (the rest failed, listed twice or duplicate).
    check("every article read once", len(made) == 27, f"{len(made)} read, {len(dups)} duplicates")
    check("the page listed twice is fetched once",
          len([q for q in State.requests if q[0] == f"/a/{PAGES[0]}"]) == 1)
    check("a page with the same canonical URL as another is read once",
          [e["url"] for e in dups] == [f"{URL}/dup"], dups)
    check("busy (503, Retry-After: 1) tried again and built",
          any(e["url"].endswith("/busy") for e in made), [e["url"] for e in made][-3:])
    check("at most 2 connections to the host at once", 1 <= State.most_open <= 2,
          State.most_open)
    check("an honest User-Agent", all(a.startswith("baonoi/") for a in State.agents),
          State.agents)

    files = folder_files(out)
    names_ok = all(re.fullmatch(r"[a-z0-9-]+\.(wav|vtt|json|m3u8|xml)", f) for f in files)
    check("file names are ASCII slugs", names_ok, files)
    slugs = [e["file"][:-4] for e in made]
    check("a WAV, WebVTT and JSON for each article",
          all(f"{s}.wav" in files and f"{s}.vtt" in files and f"{s}.json" in files
              for s in slugs) and len(set(slugs)) == len(slugs), files)
    check("no temporary file left", not [f for f in os.listdir(out) if "baonoi-" in f],
          os.listdir(out))
    meta = json.load(open(os.path.join(out, slugs[0] + ".json")))
    check("metadata beside the audio", meta.get("audio") == slugs[0] + ".wav" and
          meta.get("title") and meta.get("duration", 0) > 1, meta)
    vtt = open(os.path.join(out, slugs[0] + ".vtt"), encoding="utf-8").read()
    check("timings beside the audio", vtt.startswith("WEBVTT") and "-->" in vtt)

    # The playlist: feed order, durations that match the files.
    m3u = open(os.path.join(out, "index.m3u8"), encoding="utf-8").read().splitlines()
    entries = [(m3u[i], m3u[i + 1]) for i in range(len(m3u) - 1) if m3u[i].startswith("#EXTINF")]
    # Feed order: the articles' events come as each is done, the playlist in feed order.
    feed_order = [f"{URL}{path}" for path, _, _ in feed_items()]
    by_url = {e["url"]: e["file"] for e in made}
    in_order = [by_url[u] for u in dict.fromkeys(feed_order) if u in by_url]
    check("the playlist lists the articles in feed order",
          [f for _, f in entries] == in_order, entries[:3])
    bad = [(f, inf) for inf, f in entries
           if abs(int(inf.split(":")[1].split(",")[0]) - ffprobe_duration(os.path.join(out, f))) > 1]
    check("#EXTINF durations match the audio", not bad, bad[:2])

    # The podcast feed, as a podcast app's parser reads it.
    pod = feedparser.parse(os.path.join(out, "feed.xml"))
    check("the podcast feed parses cleanly", not pod.bozo, getattr(pod, "bozo_exception", ""))
    check("the podcast feed has an episode per article", len(pod.entries) == len(slugs),
          len(pod.entries))
    check("the podcast feed's title is the source feed's", pod.feed.get("title") == "Thời sự & đời sống",
          pod.feed.get("title"))
    enc_bad = []
    for entry in pod.entries:
        enc = entry.enclosures[0]
        path = os.path.join(out, enc.href)
        size = os.path.getsize(path) if os.path.exists(path) else -1
        h, mi, s = (int(x) for x in entry.itunes_duration.split(":"))
        if (int(enc.length) != size or enc.type != "audio/wav" or
                abs(h * 3600 + mi * 60 + s - ffprobe_duration(path)) > 1 or not entry.get("guid")
                or not entry.get("published_parsed") or not entry.get("summary")):
            enc_bad.append(entry.get("title"))
    check("enclosures: length, type, itunes:duration, guid, pubDate, description", not enc_bad,
          enc_bad)
    check("episode guids are unique", len({e.guid for e in pod.entries}) == len(pod.entries))

    # A rerun: the changed article is read again, the rest kept; the ETag page answers 304.
    before = {f: os.stat(os.path.join(out, f)).st_mtime_ns for f in files if f.endswith(".wav")}
    State.generation = 2
    n_requests = len(State.requests)
    t0 = time.time()
    r2 = run(f"{URL}/feed.rss", "-d", out, "--progress=json")
    rerun_time = time.time() - t0
    ev2 = events(r2.stdout)
    made2 = [e["url"] for e in ev2 if e["event"] == "synthesised"]
    check("rerun: only the changed article is read again", made2 == [f"{URL}/changing"], made2)
    check("rerun: the rest are kept",
          len([e for e in ev2 if e["event"] == "kept"]) == len(made) - 1)
    conditional = [q for q in State.requests[n_requests:] if q[0] == "/etag"]
    check("rerun: the ETag page is asked conditionally and answers 304",
          conditional and conditional[0][1] and conditional[0][3] == 304, conditional)
    after = {f: os.stat(os.path.join(out, f)).st_mtime_ns for f in before}
    changed_slug = [e["file"] for e in ev2 if e["event"] == "synthesised"]
    untouched = [f for f in before if f not in changed_slug and before[f] != after[f]]
    check("rerun: unchanged audio files are not rewritten", not untouched, untouched)
    check("rerun: same exit status and same playlist order",
          r2.returncode == 13 and open(os.path.join(out, "index.m3u8"), encoding="utf-8")
          .read().count("#EXTINF") == len(slugs))
    print(f"info edition: first run {first_time:.2f} s, rerun {rerun_time:.2f} s")

    # SIGKILL in the middle, then a rerun: the folder equals a clean build's.
    killed = os.path.join(WORK, "killed")
    p = subprocess.Popen([BAONOI, "edition", f"{URL}/feed.rss", "-d", killed, "--progress=json"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    seen = 0
    for line in p.stdout:
        if '"synthesised"' in line:
            seen += 1
            if seen == 5:
                p.kill()
                break
    p.wait()
    leftovers = [f for f in os.listdir(killed) if f.startswith(".baonoi-")]
    check("SIGKILL leaves no temporary file", not leftovers, leftovers)
    r3 = run(f"{URL}/feed.rss", "-d", killed)
    check("after SIGKILL, a rerun completes", r3.returncode == 13, r3.stderr[-300:])
    clean = os.path.join(WORK, "clean")
    run(f"{URL}/feed.rss", "-d", clean)
    check("after SIGKILL and a rerun, the folder equals a clean build",
          folder_files(killed) == folder_files(clean) and audio_digests(killed) == audio_digests(clean))

    # --limit and --since.
    lim = os.path.join(WORK, "limit")
    r = run(f"{URL}/feed.rss", "-d", lim, "--limit", "3", "-q")
    check("--limit 3: three articles", r.returncode == 0 and
          open(os.path.join(lim, "index.m3u8"), encoding="utf-8").read().count("#EXTINF") == 3,
          r.stderr)
    r = run(f"{URL}/feed.rss", "-d", lim, "--limit", "3", "-q", "--voice", "southern",
            "--progress=json")
    r2 = run(f"{URL}/feed.rss", "-d", lim, "--limit", "3", "-q", "--voice", "southern",
             "--progress=json")
    check("a changed setting (--voice) reads every article again, then keeps them",
          [e["event"] for e in events(r.stdout)] == ["synthesised"] * 3 and
          [e["event"] for e in events(r2.stdout)] == ["kept"] * 3, (r.stdout, r2.stdout))
    since = os.path.join(WORK, "since")
    r = run(f"{URL}/feed.rss", "-d", since, "--since", "150m", "--limit", "10", "-q",
            "--progress=json")
    kept_urls = [e["url"] for e in events(r.stdout) if e["event"] == "synthesised"]
    # The pages are an hour apart from now: within 150 minutes, the first three; the last
    # items of the feed are dated now.
    check("--since 150m: only the items published in the last 150 minutes",
          sorted(kept_urls) == sorted([f"{URL}/a/{p}" for p in PAGES[:3]] +
          [f"{URL}/{p}" for p in ("changing", "etag", "busy", "dup")]), kept_urls)

    # Other kinds of source, together: Atom, JSON Feed, a news sitemap, a list of URLs (a
    # file) and a page (a file).
    mixed = os.path.join(WORK, "mixed")
    urls = os.path.join(WORK, "urls.txt")
    with open(urls, "w") as f:
        f.write(f"# today\n{URL}/a/{PAGES[7]}\n\n{URL}/a/{PAGES[8]}\n")
    r = run(f"{URL}/feed.atom", f"{URL}/feed.json", f"{URL}/sitemap.xml", urls,
            os.path.join(FIXTURES, PAGES[9]), "-d", mixed, "--progress=json", "-j", "1")
    got = [e["url"] for e in events(r.stdout) if e["event"] == "synthesised"]
    want = [f"{URL}/a/{PAGES[i]}" for i in (1, 2, 6, 7, 8)] + [os.path.join(FIXTURES, PAGES[9])]
    listed = [l for l in open(os.path.join(mixed, "index.m3u8"), encoding="utf-8").read()
              .splitlines() if l.endswith(".wav")]
    order = [json.load(open(os.path.join(mixed, f[:-4] + ".json")))["source"] for f in listed]
    check("Atom, JSON Feed, sitemap, URL list and a page, in order",
          sorted(got) == sorted(want) and order == want and r.returncode == 0, (order, r.stderr))

    # --combined: one file, an introduction and a chapter per article (WAV cue points).
    comb = os.path.join(WORK, "combined")
    r = run(f"{URL}/feed.rss", "-d", comb, "--limit", "4", "-q", "--combined")
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", "-show_format",
         os.path.join(comb, "edition.wav")], capture_output=True, text=True).stdout or "{}")
    chapters = probe.get("chapters", [])
    parts = [os.path.join(comb, f) for f in folder_files(comb)
             if f.endswith(".wav") and f != "edition.wav"]
    total = float(probe.get("format", {}).get("duration", 0))
    articles = sum(ffprobe_duration(f) for f in parts)
    check("--combined: an introduction and a chapter per article (ffprobe)",
          r.returncode == 0 and len(parts) == 4 and len(chapters) == 5, (r.stderr, len(chapters)))
    check("--combined: the articles' audio and their announcements",
          articles + 2 < total < articles + 60, (articles, total))
    check("--combined: chapters start in order at the announcements",
          chapters and float(chapters[0]["start_time"]) == 0 and
          all(float(a["start_time"]) < float(b["start_time"]) for a, b in zip(chapters, chapters[1:])))
    titles = [c.get("tags", {}).get("title", "") for c in chapters]
    article_titles = [json.load(open(f[:-4] + ".json"))["title"]
                      for f in (os.path.join(comb, l) for l in
                                open(os.path.join(comb, "index.m3u8"), encoding="utf-8")
                                .read().splitlines() if l.endswith(".wav"))]
    check("--combined: chapter titles (WAV labels): the edition, then each article's",
          titles[1:] == article_titles and titles[0].startswith("Bản tin"), titles)
    mp3 = os.path.join(WORK, "mp3")
    r = run(f"{URL}/feed.rss", "-d", mp3, "--limit", "3", "-q", "--combined", "--format", "mp3")
    probe3 = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", "-show_format",
         os.path.join(mp3, "edition.mp3")], capture_output=True, text=True).stdout or "{}")
    ch3 = probe3.get("chapters", [])
    check("--combined --format mp3: ID3v2 chapters (CHAP) with titles, the audio intact",
          r.returncode == 0 and len(ch3) == 4 and ch3[1].get("tags", {}).get("title") and
          abs(float(ch3[-1]["end_time"]) - float(probe3["format"]["duration"])) < 0.5 and
          probe3["format"].get("tags", {}).get("title", "").startswith("Bản tin"),
          (r.stderr, ch3[:1], probe3.get("format", {}).get("duration")))
    tags = probe.get("format", {}).get("tags", {})
    check("--combined: titled with the edition and its date",
          tags.get("title", "").startswith("Bản tin Thời sự & đời sống ngày "), tags)

    # Opus: each article encoded from a lossless copy kept for the combined file.
    opus = os.path.join(WORK, "opus")
    r = run(f"{URL}/feed.rss", "-d", opus, "--limit", "2", "-q", "--combined", "--format", "opus")
    pod = feedparser.parse(os.path.join(opus, "feed.xml"))
    ok = r.returncode == 0 and len(pod.entries) == 2 and all(
        e.enclosures[0].type.startswith("audio/ogg") and e.enclosures[0].href.endswith(".opus")
        for e in pod.entries) and os.path.exists(os.path.join(opus, "edition.opus"))
    check("--format opus: articles, feed and combined file in Opus", ok, r.stderr)
    probe4 = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters",
         os.path.join(opus, "edition.opus")], capture_output=True, text=True).stdout or "{}")
    ch4 = [c.get("tags", {}).get("title", "") for c in probe4.get("chapters", [])]
    check("--combined --format opus: chapters as Vorbis comments (CHAPTERxx), with titles",
          len(ch4) == 3 and ch4[0].startswith("Bản tin") and all(ch4), ch4)
    check("--combined --format opus: every Ogg page's checksum and sequence number right",
          ogg_pages_ok(os.path.join(opus, "edition.opus")))
    decode = subprocess.run(["ffmpeg", "-v", "warning", "-i", os.path.join(opus, "edition.opus"),
                             "-f", "null", "-"], capture_output=True, text=True)
    check("--combined --format opus: decodes without a warning",
          decode.returncode == 0 and not decode.stderr.strip(), decode.stderr[:200])
    r = run(f"{URL}/feed.rss", "-d", opus, "--limit", "2", "-q", "--combined", "--format",
            "opus", "--progress=json")
    check("--format opus: a rerun keeps every article",
          [e["event"] for e in events(r.stdout)] == ["kept", "kept"], r.stdout)

    # Shards as separate processes, merged: the same folder as one machine's build. (/dup and
    # the page whose canonical URL it repeats may fall in two shards: both build it, and the
    # merge keeps the first.)
    shard_dirs = [os.path.join(WORK, f"shard{i}") for i in (1, 2, 3)]
    procs = [subprocess.Popen([BAONOI, "edition", f"{URL}/feed.rss", "-d", d, "--shard",
                               f"{i}/3", "-q", "-j", "1"], env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i, d in enumerate(shard_dirs, 1)]
    for p in procs:
        p.wait(timeout=300)
    built = [len([f for f in folder_files(d) if f.endswith(".wav")]) for d in shard_dirs]
    merged = os.path.join(WORK, "merged")
    r = run("--merge", *shard_dirs, "-d", merged, "--combined", "-q")
    single = os.path.join(WORK, "single")
    r1 = run(f"{URL}/feed.rss", "-d", single, "--combined", "-q")
    same = folder_files(merged) == folder_files(single) and all(
        open(os.path.join(merged, f), "rb").read() == open(os.path.join(single, f), "rb").read()
        for f in folder_files(single))
    if not same:
        subprocess.run(["diff", "-r", "-x", ".baonoi", "-q", merged, single])
        subprocess.run(["diff", os.path.join(merged, "index.m3u8"), os.path.join(single, "index.m3u8")])
    check("3 shards, merged: the folder equals a single build file for file",
          same and sum(built) in (27, 28) and min(built) > 0 and r.returncode == r1.returncode == 13,
          (built, r.returncode, r1.returncode, folder_files(merged)[:4]))
    check("merge: an article no shard built is reported", "/missing: in no shard" in r.stderr,
          r.stderr)

    # --base-url: absolute enclosure URLs.
    r = run(f"{URL}/feed.rss", "-d", lim, "--limit", "3", "-q", "--base-url",
            "https://audio.example.vn/ban-tin/")
    pod = feedparser.parse(os.path.join(lim, "feed.xml"))
    check("--base-url makes enclosure URLs absolute",
          all(e.enclosures[0].href.startswith("https://audio.example.vn/ban-tin/") for e in pod.entries)
          and len(pod.entries) == 3)

    # Bad arguments and sources: one line, a distinct status.
    r = run(f"{URL}/feed.rss")
    check("no -d: usage error", r.returncode == 2 and "-d DIR" in r.stderr, r.stderr)
    r = run(f"{URL}/nothing.rss", "-d", os.path.join(WORK, "x"))
    check("a feed that is not there: HTTP status", r.returncode == 5 and
          len(r.stderr.splitlines()) == 1, r.stderr)
    r = run(os.path.join(WORK, "none.rss"), "-d", os.path.join(WORK, "x"))
    check("a file that is not there: input status", r.returncode == 3, r.stderr)
    open(os.path.join(WORK, "file"), "w").close()
    r = run(f"{URL}/feed.rss", "-d", os.path.join(WORK, "file"))
    check("a folder that is a file: output status", r.returncode == 12, r.stderr)
    r = subprocess.run([BAONOI, "text", "--limit", "3", os.path.join(FIXTURES, PAGES[0])],
                       capture_output=True, text=True, env=ENV)
    check("edition options refused elsewhere", r.returncode == 2 and "--limit" in r.stderr)
finally:
    server.shutdown()
    shutil.rmtree(WORK, ignore_errors=True)

print(f"edition: {failures} failed")
sys.exit(min(failures, 100))
