#!/usr/bin/env python3
"""score_extraction.py: scores baonoi's extraction of every fixture page against its gold text.

For each tests/fixtures/NAME.html with a NAME.txt beside it, runs `baonoi text` and compares the
output with the gold by shingle F1: the text is cut into Unicode word tokens (NFC), tokens into
overlapping runs of four; precision is the share of the output's shingles found in the gold,
recall the share of the gold's found in the output (the metric of the public article-extraction
benchmarks). Also checks that no boilerplate phrase (fixtures/boilerplate.txt) appears in any
output, that `baonoi json` reports each page's byline and date (fixtures/metadata.tsv), that
--captions keeps the captions listed in fixtures/captions.tsv, and that every page in
fixtures/not-articles/ is refused with exit status 7. Prints a table and the means; exits 1 when
a page scores under MIN_PAGE, the mean F1 is under MIN_MEAN, or any check fails.

Usage: score_extraction.py BAONOI [FIXTURE_DIR]"""
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter

MIN_PAGE = 0.90
MIN_MEAN = 0.97
N = 4


def shingles(text):
    tokens = re.findall(r"\w+", unicodedata.normalize("NFC", text))
    if len(tokens) < N:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + N]) for i in range(len(tokens) - N + 1))


def precision_recall(gold_text, out_text):
    gold, out = shingles(gold_text), shingles(out_text)
    shared = sum((gold & out).values())
    p = shared / sum(out.values()) if out else (1.0 if not gold else 0.0)
    r = shared / sum(gold.values()) if gold else 1.0
    return p, r


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def boilerplate_phrases(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def table(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


def article_json(baonoi, page, *options):
    run = subprocess.run([baonoi, "json", *options, page], capture_output=True, text=True)
    return json.loads(run.stdout) if run.returncode == 0 else {}


def check_metadata(baonoi, fixtures):
    problems = []
    for name, byline, published in table(os.path.join(fixtures, "metadata.tsv")):
        a = article_json(baonoi, os.path.join(fixtures, name + ".html"))
        got = (a.get("byline") or "", a.get("published") or "")
        if got != (byline, published):
            problems.append(f"{name}: metadata {got}, want {(byline, published)}")
    return problems


def check_captions(baonoi, fixtures):
    problems = []
    for name, text in table(os.path.join(fixtures, "captions.tsv")):
        page = os.path.join(fixtures, name + ".html")
        with_captions = article_json(baonoi, page, "--captions").get("blocks", [])
        if not any(b["type"] == "caption" and text in b["text"] for b in with_captions):
            problems.append(f"{name}: --captions lost the caption {text!r}")
        if any(text in b["text"] for b in article_json(baonoi, page).get("blocks", [])):
            problems.append(f"{name}: caption {text!r} read without --captions")
    return problems


def check_not_articles(baonoi, directory):
    problems = []
    for name in sorted(os.listdir(directory)):
        run = subprocess.run([baonoi, "text", os.path.join(directory, name)], capture_output=True, text=True)
        if run.returncode != 7 or "no article" not in run.stderr or run.stdout:
            problems.append(f"not-articles/{name}: exit {run.returncode}, {run.stderr.strip()!r}")
        else:
            print(f"not an article: {name} ({run.stderr.strip().split('(')[-1].rstrip(')')})")
    return problems


def main():
    baonoi = sys.argv[1]
    fixtures = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "fixtures")
    phrases = boilerplate_phrases(os.path.join(fixtures, "boilerplate.txt"))
    names = sorted(n[:-5] for n in os.listdir(fixtures)
                   if n.endswith(".html") and os.path.exists(os.path.join(fixtures, n[:-5] + ".txt")))
    ps, rs, problems = [], [], []
    print(f"{'page':<16} {'P':>6} {'R':>6} {'F1':>6}")
    for name in names:
        run = subprocess.run([baonoi, "text", os.path.join(fixtures, name + ".html")],
                             capture_output=True, text=True)
        gold = open(os.path.join(fixtures, name + ".txt"), encoding="utf-8").read()
        out = run.stdout
        if run.returncode != 0:
            problems.append(f"{name}: exit {run.returncode}: {run.stderr.strip()}")
        p, r = precision_recall(gold, out)
        ps.append(p)
        rs.append(r)
        score = f1(p, r)
        print(f"{name:<16} {p:6.3f} {r:6.3f} {score:6.3f}")
        if score < MIN_PAGE:
            problems.append(f"{name}: F1 {score:.3f} < {MIN_PAGE}")
        for phrase in phrases:
            if phrase in out:
                problems.append(f"{name}: boilerplate read aloud: {phrase!r}")
    problems += check_metadata(baonoi, fixtures) + check_captions(baonoi, fixtures)
    problems += check_not_articles(baonoi, os.path.join(fixtures, "not-articles"))
    mp, mr = sum(ps) / len(ps), sum(rs) / len(rs)
    mean = f1(mp, mr)
    print(f"{'mean':<16} {mp:6.3f} {mr:6.3f} {mean:6.3f}   ({len(names)} pages)")
    if mean < MIN_MEAN:
        problems.append(f"mean F1 {mean:.3f} < {MIN_MEAN}")
    for p in problems:
        print("FAIL " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
