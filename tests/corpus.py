#!/usr/bin/env python3
"""corpus.py: baonoi's extraction on a peer's test suite: Mozilla Readability.js's test pages
(../shared/corpora/readability-test-pages/, read in place, never copied here). For each page,
`baonoi text source.html` against the text of expected.html (Readability.js's output, not a
human gold) by shingle F1, twice: with the reference as it is, and with its figure captions
removed (baonoi drops captions by design). Also: refusals (exit 7) of pages whose reference
has 50 words or more, and the title against expected-metadata.json.

Usage: corpus.py BAONOI [CORPUS_DIR]    prints a line per page, then the means and targets
(0 refusals of pages of >= 50 words, mean F1 >= 0.93, title exact >= 90 %); exit status 0
whether or not the targets are met: it measures, it does not gate."""
import html.parser
import json
import os
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score_extraction import f1, precision_recall as prf  # noqa: E402 (the same measure)

BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
          "br", "figcaption", "figure", "section", "article", "dd", "dt", "table", "ul", "ol"}


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


def text_of(path, captions):
    p = Text(captions)
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    return "".join(p.parts)


def norm_title(t):
    return " ".join(unicodedata.normalize("NFC", t or "").split())


def main():
    baonoi = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpora",
        "readability-test-pages")
    if not os.path.isdir(root):
        print(f"corpus: skipped: no corpus at {root}")
        return 0
    pages = sorted(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "source.html")))
    sums = {"p": 0.0, "r": 0.0, "p_nocap": 0.0, "r_nocap": 0.0}
    refused, refused_big, titles, titled = [], [], 0, 0
    for name in pages:
        d = os.path.join(root, name)
        ref = text_of(os.path.join(d, "expected.html"), True)
        ref_nocap = text_of(os.path.join(d, "expected.html"), False)
        words = len(re.findall(r"\w+", ref))
        run = subprocess.run([baonoi, "json", os.path.join(d, "source.html")],
                             capture_output=True, text=True, timeout=60)
        out, title = "", None
        if run.returncode == 0:
            doc = json.loads(run.stdout)
            title = doc.get("title")
            out = "\n".join([title or ""] + [b["text"] for b in doc["blocks"]])
        else:
            refused.append(name)
            if words >= 50:
                refused_big.append(f"{name} ({words} words: {run.stderr.strip()[:80]})")
        p, r = prf(ref, out)
        pn, rn = prf(ref_nocap, out)
        sums["p"] += p
        sums["r"] += r
        sums["p_nocap"] += pn
        sums["r_nocap"] += rn
        meta_path = os.path.join(d, "expected-metadata.json")
        want = json.load(open(meta_path)).get("title") if os.path.exists(meta_path) else None
        if want:
            titled += 1
            titles += norm_title(want) == norm_title(title)
        print(f"{name:40s} F1 {f1(p, r):.3f}  without captions {f1(pn, rn):.3f}"
              f"{'  REFUSED' if run.returncode else ''}")
    n = len(pages)
    mean = f1(sums["p"] / n, sums["r"] / n)
    mean_nocap = f1(sums["p_nocap"] / n, sums["r_nocap"] / n)
    print(f"pages: {n}; refused: {len(refused)}, of them with >= 50 words: {len(refused_big)}"
          " (target 0)")
    for line in refused_big:
        print(f"  refused: {line}")
    print(f"mean F1: {mean:.3f} against the reference, {mean_nocap:.3f} with its captions "
          "removed (target 0.93)")
    print(f"title exact: {titles} of {titled} ({100 * titles / max(titled, 1):.0f} %, target 90 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
