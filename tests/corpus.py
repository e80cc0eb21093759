#!/usr/bin/env python3
"""corpus.py: baonoi's extraction on a peer's test suite: Mozilla Readability.js's test pages
(../shared/corpora/readability-test-pages/, read in place, never copied here). For each page,
`baonoi json source.html` (title and blocks: what `baonoi text` reads) against the text of
expected.html (Readability.js's output, not a human gold) by shingle F1, twice: with the
reference as it is, and with its figure captions removed (baonoi drops captions by design).
Also: refusals (exit 7) of pages whose reference has 50 words or more, and metadata agreement
with expected-metadata.json: title exact (and exact once a site-name part the reference keeps,
" | eHow", " - Wikipedia", is set aside), byline, language and published date.

With --peers, the same measures for the peers on the same pages, and their speed: baonoi's
extract stage (build/bench_extract), readability-lxml (Debian's python3-readability) and
Readability.js on jsdom (tests/peers/readability-js, installed by `make corpus-peers`), each timed
inside its own process, median ms per page and the ratios to baonoi.

Usage: corpus.py [--peers] BAONOI [CORPUS_DIR]
Exit status 0 whether or not the targets are met (0 refusals of pages of >= 50 words, mean F1
>= 0.93, title exact >= 90 %): it measures, it does not gate."""
import datetime
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score_extraction import f1, precision_recall as prf  # noqa: E402 (the same measure)

HERE = os.path.dirname(os.path.abspath(__file__))
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
          "br", "figcaption", "figure", "section", "article", "dd", "dt", "table", "ul", "ol"}
RUNS = 5
SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", " » ", "_")


class Text(html.parser.HTMLParser):
    """The text of an HTML fragment, blocks on lines of their own; captions left out when
    asked."""

    def __init__(self, captions):
        super().__init__(convert_charrefs=True)
        self.captions, self.skip, self.parts = captions, 0, []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style") or (tag == "figcaption" and not self.captions):
            self.skip += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if (tag in ("script", "style") or (tag == "figcaption" and not self.captions)) \
                and self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(markup, captions):
    p = Text(captions)
    p.feed(markup)
    return "".join(p.parts)


def text_of(path, captions):
    return html_text(open(path, encoding="utf-8", errors="replace").read(), captions)


def norm(t):
    return " ".join(unicodedata.normalize("NFC", t or "").split())


def title_agrees(want, got, loose):
    """Exact (spaces normalised); loose also accepts got == want without its last
    separator-delimited part (a site name the reference keeps)."""
    want, got = norm(want), norm(got)
    if want == got:
        return True
    if not loose or not got:
        return False
    return any(want.startswith(got + sep) and sep not in want[len(got) + len(sep):]
               for sep in SEPARATORS)


def byline_agrees(want, got):
    """Same names, ignoring case, a leading "By" and punctuation."""
    def key(s):
        s = re.sub(r"^\s*by\s+", "", norm(s), flags=re.I)
        return " ".join(re.findall(r"\w+", s.casefold()))
    return key(want) == key(got)


def lang_agrees(want, got):
    return (want or "").split("-")[0].lower() == (got or "").split("-")[0].lower()


def instant(s):
    """An ISO 8601 date as a UTC instant (a date without a time: its day), or None."""
    if not s:
        return None
    try:
        d = datetime.datetime.fromisoformat(s.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        return d.replace(tzinfo=datetime.timezone.utc)
    return d.astimezone(datetime.timezone.utc)


def date_agrees(want, got):
    a, b = instant(want), instant(got)
    return a is not None and b is not None and (a == b or a.date() == b.date())


class Tally:
    """One extractor's sums over the pages."""

    def __init__(self):
        self.p = self.r = self.pn = self.rn = 0.0
        self.pages = 0
        self.big = [0.0, 0.0, 0]  # precision, recall sums and count over pages of >= 50 words
        self.refused, self.refused_big = [], []
        self.meta = {k: [0, 0] for k in ("title", "title_loose", "byline", "lang", "published")}
        self.given = {k: 0 for k in self.meta}  # pages where the tool reported the field

    def add(self, ref, ref_nocap, out, article):
        p, r = prf(ref, out)
        pn, rn = prf(ref_nocap, out)
        self.p, self.r, self.pn, self.rn = self.p + p, self.r + r, self.pn + pn, self.rn + rn
        self.pages += 1
        if article:
            self.big[0] += p
            self.big[1] += r
            self.big[2] += 1
        return f1(p, r), f1(pn, rn)

    def agree(self, key, want, ok, got):
        self.given[key] += bool(got)
        if want:
            self.meta[key][1] += 1
            self.meta[key][0] += bool(ok)

    def means(self):
        n = max(self.pages, 1)
        return f1(self.p / n, self.r / n), f1(self.pn / n, self.rn / n)

    def figure(self, key):
        if not self.given[key]:
            return "not reported"
        good, total = self.meta[key]
        return f"{good}/{total} ({100 * good / max(total, 1):.0f} %)"


def baonoi_page(baonoi, page):
    """(text, metadata) of baonoi's reading of the page, or (None, stderr) when it refused."""
    run = subprocess.run([baonoi, "json", page], capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        return None, run.stderr.strip()
    doc = json.loads(run.stdout)
    text = "\n".join([doc.get("title") or ""] + [b["text"] for b in doc["blocks"]])
    return text, {"title": doc.get("title"), "byline": doc.get("byline"),
                  "lang": doc.get("lang"), "published": doc.get("published")}


def run_tool(argv, **kw):
    """Run a timing tool; its stdout, or an exception naming it and its error output."""
    run = subprocess.run(argv, capture_output=True, text=True, timeout=3600, **kw)
    if run.returncode != 0:
        name = " ".join(os.path.basename(a) for a in argv[:2])
        raise RuntimeError(f"{name} failed ({run.returncode}): {run.stderr[-2000:]}")
    return run.stdout


def median_ms(lines):
    """The "median<TAB>ms" line of a timing tool's output, as a float."""
    for line in lines.splitlines():
        if line.startswith("median\t"):
            return float(line.split("\t")[1])
    raise RuntimeError("no median in:\n" + lines)


def run_peers(root, names, out_dir):
    """Readability.js's and readability-lxml's results on the pages, and each tool's median ms
    per page: ({tool: [(text, meta) per page]}, {tool: ms})."""
    pages = [os.path.join(root, n, "source.html") for n in names]
    results, times = {}, {}
    js_dir = os.environ.get("READABILITY_JS", os.path.join(HERE, "..", "build", "peers",
                                                           "readability-js"))
    if os.path.isdir(os.path.join(js_dir, "node_modules")):
        od = os.path.join(out_dir, "js")
        os.makedirs(od)
        out = run_tool(["node", os.path.join(js_dir, "run.js"), str(RUNS), od] + pages)
        times["Readability.js"] = median_ms(out)
        results["Readability.js"] = [peer_result(os.path.join(od, f"{i}.json"))
                                     for i in range(len(pages))]
    else:
        print(f"corpus: Readability.js not installed in {js_dir} (make corpus-peers does it)")
    od = os.path.join(out_dir, "lxml")
    os.makedirs(od)
    out = run_tool(["/usr/bin/python3", os.path.join(HERE, "bench_extract_peer.py"), str(RUNS)]
               + pages, env=dict(os.environ, PEER_OUT=od))
    times["readability-lxml"] = median_ms(out)
    results["readability-lxml"] = [peer_result(os.path.join(od, f"{i}.json"))
                                   for i in range(len(pages))]
    return results, times


def peer_result(path):
    doc = json.load(open(path, encoding="utf-8"))
    if not doc.get("content"):
        return None, "nothing returned"
    text = "\n".join([doc.get("title") or "", html_text(doc["content"], True)])
    return text, {"title": doc.get("title"), "byline": doc.get("byline"),
                  "lang": doc.get("lang"), "published": doc.get("publishedTime")}


def main():
    args = sys.argv[1:]
    peers = "--peers" in args
    args = [a for a in args if a != "--peers"]
    baonoi = args[0]
    root = args[1] if len(args) > 1 else os.path.join(HERE, "..", "..", "shared", "corpora",
                                                      "readability-test-pages")
    if not os.path.isdir(root):
        print(f"corpus: skipped: no corpus at {root}")
        return 0
    names = sorted(d for d in os.listdir(root)
                   if os.path.isfile(os.path.join(root, d, "source.html")))
    tools = {"baonoi": [baonoi_page(baonoi, os.path.join(root, n, "source.html"))
                        for n in names]}
    times = {}
    if peers:
        with tempfile.TemporaryDirectory() as tmp:
            more, times = run_peers(root, names, tmp)
        tools.update(more)
        bench = os.path.join(os.path.dirname(baonoi), "bench_extract")
        times["baonoi"] = median_ms(run_tool([bench, str(RUNS)] + [
            os.path.join(root, n, "source.html") for n in names]))
    tallies = {t: Tally() for t in tools}
    for i, name in enumerate(names):
        d = os.path.join(root, name)
        ref = text_of(os.path.join(d, "expected.html"), True)
        ref_nocap = text_of(os.path.join(d, "expected.html"), False)
        words = len(re.findall(r"\w+", ref))
        meta_path = os.path.join(d, "expected-metadata.json")
        want = json.load(open(meta_path)) if os.path.exists(meta_path) else {}
        line = f"{name:40s}"
        for tool, results in tools.items():
            out, meta = results[i]
            t = tallies[tool]
            if out is None:
                t.refused.append(name)
                if words >= 50:
                    t.refused_big.append(f"{name} ({words} words: {meta[:80]})")
                out, meta = "", {}
            a, b = t.add(ref, ref_nocap, out, words >= 50)
            for key, field, agrees in (("title", "title", lambda w, g: title_agrees(w, g, False)),
                                       ("title_loose", "title",
                                        lambda w, g: title_agrees(w, g, True)),
                                       ("byline", "byline", byline_agrees),
                                       ("lang", "lang", lang_agrees),
                                       ("published", "published", date_agrees)):
                w = want.get("publishedTime" if key == "published" else field)
                g = meta.get(field)
                t.agree(key, w, agrees(w, g), g)
            if tool == "baonoi":
                line += f" F1 {a:.3f}  without captions {b:.3f}"
                line += "  REFUSED" if name in t.refused else ""
            else:
                line += f"  {tool} {a:.3f}"
        print(line)
    n = len(names)
    for tool, t in tallies.items():
        mean, mean_nocap = t.means()
        print(f"== {tool}: {n} pages")
        print(f"refused: {len(t.refused)}, of them with >= 50 words: {len(t.refused_big)}"
              " (target 0)")
        for line in t.refused_big:
            print(f"  refused: {line}")
        print(f"mean F1: {mean:.3f} against the reference, {mean_nocap:.3f} with its captions "
              "removed (target 0.93)")
        bp, br, bn = t.big
        print(f"mean F1 over the {bn} pages of >= 50 words (the articles; the others are test "
              f"pages of 1 to 49 words): {f1(bp / max(bn, 1), br / max(bn, 1)):.3f}")
        print(f"title exact: {t.figure('title')} (target 90 %); "
              f"exact but for a site-name part: {t.figure('title_loose')}")
        print(f"byline: {t.figure('byline')}; language: {t.figure('lang')}; "
              f"published date: {t.figure('published')} (of the pages whose reference has one)")
    if times:
        print("== speed: median ms per page, parsing and extraction inside one process "
              f"({RUNS} runs a page)")
        for tool, ms in times.items():
            ratio = "" if tool == "baonoi" else f"   {ms / times['baonoi']:.1f}x baonoi's time"
            print(f"{tool:18s} {ms:9.3f} ms{ratio}")
        print("target: readability-lxml >= 10x baonoi's time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
