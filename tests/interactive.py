#!/usr/bin/env python3
"""interactive.py: drives `baonoi -i` the way a listener does, for real. baonoi runs in a tmux
pane (a real terminal), keys are pressed with `tmux send-keys`, and what is heard comes from
PortAudio through a PulseAudio null sink, recorded in real time with parec. Each sentence's
audio is known beforehand (rendered alone with `baonoi -o`), so the recording tells which
sentence followed each key and when:

  key -> silence: from the key press to the last sound of the old speech
  key -> sound:   from the key press to the first sound of the new sentence

Checks: the sentence each key leads to (Right, Left, Down, Up, Home, End, r, Space twice),
--show printing each sentence as it starts (on a quick device and on one with a second of
latency),
silence after a pause, the spoken "where am I" and title, --show's plain lines, --resume,
a key file, headings, quotations and list items announced (on two fixture pages), and the
terminal's settings restored after q, SIGTERM and a crash (SIGSEGV).

Usage: interactive.py BAONOI ARTICLE            run the checks (exit status: failures)
       interactive.py BAONOI ARTICLE --bench N  press N keys, print latency median and worst
(inside a pulse.sh environment: XDG_RUNTIME_DIR, HOME, a null sink "out")"""
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

import procs
import recorder

RATE = 22050
LOUD = 300  # a sample above this is sound
SILENCE_MS, SOUND_MS = 50, 150  # the targets, met by the median over every key pressed
# One key on a busy machine (the tests run beside a parallel build) may wait for a core: each
# key must still be well within twice the target, which any real defect (a wait for the
# device, a missed key) exceeds many times over.
KEY_SLACK = 2
# Once in a session, a key may take up to OUTLIER_SLACK times the target: on a 2-core machine
# under `make -j2`, a process woken by a key now and then waits a scheduler period or two
# (seen once in ~150 keys: 131 ms of old speech). A defect (a wait for the device, a missed
# flush) shows on every key of its kind, and the medians below still hold to the target.
OUTLIER_SLACK = 4
outliers = []
# A sentence is recognised when its audio matches this well (1 is exact); a loaded machine's
# sound server may drop a few milliseconds of what it records.
MATCH = 0.8
SNIPPET = 4000  # samples of a sentence's start used to recognise it
SKIP = RATE // 20  # ...after its first 50 ms

failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} interactive: {name}{' (' + detail + ')' if detail else ''}")
    if not ok:
        failures += 1


def keep(name, heard):
    """With $BAONOI_KEEP_AUDIO naming a folder, keep what was heard when a check failed
    (16-bit mono raw at RATE), to look at later: e.g. a gap where the device ran dry."""
    folder = os.environ.get("BAONOI_KEEP_AUDIO")
    if folder and heard is not None:
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{os.getpid()}-{name}.raw")
        heard.astype("<i2").tofile(path)
        print(f"     kept what was heard in {path}")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def onset(samples):
    loud = np.nonzero(np.abs(samples.astype(np.int32)) > LOUD)[0]
    return int(loud[0]) if len(loud) else None


class Article:
    """The sentences baonoi -i reads (title, byline and date, body), their blocks, and each
    one's audio rendered alone."""

    def __init__(self, baonoi, article, work):
        self.baonoi, self.work = baonoi, work
        vtt = os.path.join(work, "all.vtt")
        run([baonoi, "-o", os.path.join(work, "all.wav"), "--timings", vtt, article])
        self.sentences = []
        lines = open(vtt, encoding="utf-8").read().split("\n")
        for i, line in enumerate(lines):
            if "-->" in line:
                self.sentences.append(lines[i + 1])
        doc = json.loads(run([baonoi, "json", article]).stdout)
        self.title = doc["title"]
        # Blocks: 0 for the title and the byline line, k for the k-th block holding it.
        self.block = []
        b = 0
        for i, s in enumerate(self.sentences):
            if i < 2:
                self.block.append(0)
                continue
            while b < len(doc["blocks"]) and s not in doc["blocks"][b]["text"]:
                b += 1
            self.block.append(b + 1)
        self.refs = [self.render(s) for s in self.sentences]

    def render(self, text):
        """The audio of text read alone, as its first sentence (a fresh synthesis)."""
        src = tempfile.NamedTemporaryFile("w", suffix=".txt", dir=self.work, delete=False)
        src.write(text + "\n")
        src.close()
        wav = src.name + ".raw"
        run([self.baonoi, "-o", wav, "--raw", "--no-meta", src.name])
        return np.fromfile(wav, dtype="<i2")

    def next_block(self, cur):
        for i in range(cur + 1, len(self.sentences)):
            if self.block[i] != self.block[cur]:
                return i
        return cur

    def prev_block(self, cur):
        i = cur
        while i > 0 and self.block[i] == self.block[cur]:
            i -= 1
        while i > 0 and self.block[i - 1] == self.block[i]:
            i -= 1
        return i


def child_running(parent, program):
    """The pid of parent's child running program; None when there is none."""
    for pid in procs.children(parent):
        if procs.argv0(pid) == program:
            return pid
    return None


class Session:
    """baonoi -i in a tmux pane, heard through the null sink."""

    def __init__(self, baonoi, args, work, name, env=""):
        self.show = "--show" in args
        self.work, self.sock = work, f"bn{os.getpid()}{name}"
        self.heard = os.path.join(work, f"{name}.raw")
        self.rc = os.path.join(work, f"{name}.rc")
        self.before = os.path.join(work, f"{name}.before")
        self.after = os.path.join(work, f"{name}.after")
        self.rec = recorder.start(self.heard, RATE // 5)
        self.tmux("new-session", "-d", "-x", "200", "-y", "50",
                  "env PS1='$ ' bash --norc --noprofile")
        self.type(f"stty -a > {self.before}")
        self.wait_file(self.before)
        cmd = " ".join(([env] if env else []) + [baonoi, "-i"] + args)
        self.start = self.pos()
        self.type(f"{cmd} 2>{self.rc}.err; echo $? > {self.rc}; stty -a > {self.after}")
        # baonoi's main process: the pane's shell's child (its workers and player are
        # baonoi's children, with the same command line).
        shell = int(self.tmux("display-message", "-p", "#{pane_pid}").strip())
        self.pid = None
        for _ in range(300):
            self.pid = child_running(shell, baonoi)
            if self.pid:
                break
            time.sleep(0.01)

    def tmux(self, *args):
        env = dict(os.environ, TERM=os.environ.get("TERM") or "xterm")
        return subprocess.run(["tmux", "-L", self.sock] + list(args), check=True,
                              capture_output=True, text=True, env=env).stdout

    def type(self, line):
        self.tmux("send-keys", "-l", line)
        self.tmux("send-keys", "Enter")

    @staticmethod
    def wait_file(path, timeout=10):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if os.path.exists(path) and os.path.getsize(path) > 0:
                return True
            time.sleep(0.02)
        return False

    def pos(self):
        return os.path.getsize(self.heard) // 2

    def samples(self):
        return np.fromfile(self.heard, dtype="<i2")

    def key(self, name):
        """Press a key; the recording's position at that moment."""
        p = self.pos()
        self.tmux("send-keys", name)
        return p

    def wait_sound(self, after, timeout=5):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.samples()[after:]
            o = onset(s)
            if o is not None:
                return after + o
            time.sleep(0.02)
        return None

    def screen(self):
        return self.tmux("capture-pane", "-p", "-e")

    def lines(self):
        """Every line printed in the pane since it opened, wrapped lines joined."""
        out = self.tmux("capture-pane", "-p", "-J", "-S", "-")
        return [l.rstrip() for l in out.split("\n") if l.strip()]

    def last_line(self):
        """The last line printed in the pane."""
        lines = self.lines()
        return lines[-1] if lines else ""

    def finish(self):
        ok = self.wait_file(self.after)
        self.tmux("kill-server")
        self.rec.terminate()
        self.rec.wait()
        rc = open(self.rc).read().strip() if os.path.exists(self.rc) else "?"
        return ok, rc


def recognise(article, heard, start, window_s=1.5):
    """Which sentence's audio begins after sample `start`, where its sound begins, and how
    well it matches (normalised correlation, 1 is exact). Sentences that begin alike are told
    apart on all the audio heard since; None when that is not yet enough."""
    seg = heard[start:start + int(window_s * RATE)].astype(np.float64)
    found = []
    for k, ref in enumerate(article.refs):
        # The first 50 ms are left out: the sound server may still be mixing the last
        # milliseconds of the old speech into them.
        o = onset(ref)
        snip = ref[o + SKIP:o + SKIP + SNIPPET].astype(np.float64)
        if len(seg) < len(snip) or len(snip) < SNIPPET:
            continue
        num = np.correlate(seg, snip, mode="valid")
        energy = np.convolve(seg * seg, np.ones(len(snip)), mode="valid")
        score = num / (np.sqrt(energy * np.dot(snip, snip)) + 1e-9)
        i = int(np.argmax(score))
        if i < SKIP:
            continue
        found.append((float(score[i]), k, start + i - SKIP))
    if not found:
        return None, None, 0.0
    found.sort(reverse=True)
    alike = [f for f in found if f[0] > 0.98]
    if len(alike) < 2:
        return found[0][1], found[0][2], found[0][0]
    # Compare them where they part: a snippet of each from the first point where their audio
    # differs, found in what was heard near the same place (a loaded machine's recording may
    # have slipped a few milliseconds since the start).
    refs = [article.refs[k][onset(article.refs[k]):] for _, k, _ in alike]
    n = min(len(r) for r in refs)
    differ = np.zeros(n, dtype=bool)
    for r in refs[1:]:
        differ |= np.abs(r[:n].astype(np.int32) - refs[0][:n].astype(np.int32)) > LOUD
    where = np.nonzero(differ)[0]
    d = int(where[0]) if len(where) else n - SNIPPET
    d = max(0, min(d, n - SNIPPET))
    slip = RATE // 20
    best, tie = None, False
    for (_, k, at), ref in zip(alike, refs):
        lo = at + d - slip
        seg = heard[max(0, lo):at + d + SNIPPET + slip].astype(np.float64)
        snip = ref[d:d + SNIPPET].astype(np.float64)
        if lo < 0 or len(seg) < SNIPPET + 2 * slip or len(snip) < SNIPPET:
            return None, at, 0.0  # not heard far enough yet
        num = np.correlate(seg, snip, mode="valid")
        energy = np.convolve(seg * seg, np.ones(len(snip)), mode="valid")
        score = float(np.max(num / (np.sqrt(energy * np.dot(snip, snip)) + 1e-9)))
        if best is None or score > best[2] + 1e-6:
            best, tie = (k, at, score), False
        elif abs(score - best[2]) <= 1e-6:
            tie = True
    return (None, best[1], best[2]) if tie else best


def identify(session, article, start, settle):
    """recognise() on what was heard since `start`, waiting for more while sentences that
    begin alike cannot yet be told apart."""
    time.sleep(settle)
    for _ in range(40):
        heard = session.samples()
        k, at, score = recognise(article, heard, start)
        if k is not None or at is None:
            break
        time.sleep(0.1)
    return k, at, score, heard


def latencies(heard, key_pos, new_onset, ref=None):
    """(key -> silence, key -> sound) in ms. The old speech may go on under the new sentence
    for a moment (what the sound server had already mixed): with the new sentence's own audio
    (ref) subtracted where it plays, what is left is the old speech's tail."""
    end = new_onset
    rest = heard[key_pos:new_onset].astype(np.int32)
    if ref is not None:
        o = onset(ref)
        m = min(len(ref) - o, len(heard) - new_onset, RATE // 2)
        tail = heard[new_onset:new_onset + m].astype(np.int32) - ref[o:o + m].astype(np.int32)
        rest = np.concatenate([rest, tail])
        end = new_onset + m
    old = np.nonzero(np.abs(rest) > LOUD)[0]
    last = key_pos + int(old[-1]) if len(old) else key_pos
    return (min(last, end) - key_pos) * 1000 / RATE, (new_onset - key_pos) * 1000 / RATE


def press(session, article, key, expect, results, settle=1.0, retarget=None):
    """Press key, wait, and check that sentence `expect` followed it within the targets.
    With --show, retarget(sentence) gives the key's target from where reading was when the
    key came: a sentence that began in the moment between looking and pressing shows as a
    line printed before the key's own. Returns the sentence expected."""
    before = len(session.lines()) if session.show else 0
    p = session.key(key)
    pressed = time.monotonic()
    shown_ms = None
    if session.show and expect < len(article.sentences):
        # --show prints the sentence as it starts: watch the screen's last lines.
        while time.monotonic() - pressed < 1.0 and shown_ms is None:
            lines = session.lines()
            new = lines[before:]
            if retarget and len(new) >= 2 and new[-2] in article.sentences:
                moved = retarget(article.sentences.index(new[-2]))
                if new[-1] == article.sentences[moved]:
                    expect = moved
            if lines and lines[-1] == article.sentences[expect]:
                shown_ms = (time.monotonic() - pressed) * 1000
            else:
                time.sleep(0.01)
        settle = max(0.0, settle - (time.monotonic() - pressed))
    k, at, score, heard = identify(session, article, p, settle)
    ok = k == expect and score > MATCH
    ref = article.refs[k] if k is not None else None
    silence, sound = latencies(heard, p, at, ref) if at is not None else (1e9, 1e9)
    results.append((silence, sound))
    detail = f"heard sentence {k}, match {score:.3f}, silence {silence:.0f} ms, sound {sound:.0f} ms"
    within = silence <= KEY_SLACK * SILENCE_MS and sound <= KEY_SLACK * SOUND_MS
    if ok and not within and not outliers and silence <= OUTLIER_SLACK * SILENCE_MS \
            and sound <= OUTLIER_SLACK * SOUND_MS:
        outliers.append(key)  # the session's one slow key
        within = True
        detail += f"; the one key allowed up to {OUTLIER_SLACK}x the target"
    check(f"{key} -> sentence {expect}{' (--show)' if session.show else ''}", ok and within, detail)
    if not (ok and within):
        keep(f"{key}-{expect}", heard)
    if session.show and expect < len(article.sentences):
        check(f"--show printed sentence {expect} after {key}",
              shown_ms is not None and shown_ms <= KEY_SLACK * SOUND_MS,
              f"after {shown_ms:.0f} ms" if shown_ms is not None else
              f"not within 1 s; last line: {session.last_line()[:60]!r}")
    return expect


def current(session, article, cur):
    """The sentence being read: with --show, the screen's last line (reading goes on by
    itself while a slow check runs); else cur."""
    if not session.show:
        return cur
    line = session.last_line()
    return article.sentences.index(line) if line in article.sentences else cur


def stty_restored(session, what):
    ok, rc = session.finish()
    same = ok and open(session.before).read() == open(session.after).read()
    check(f"terminal restored after {what}", same, f"exit status {rc}")
    return rc


def main():
    baonoi, source = sys.argv[1], sys.argv[2]
    bench = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--bench" else 0
    work = tempfile.mkdtemp()
    article = Article(baonoi, source, work)
    n = len(article.sentences)
    results = []

    if bench:
        # Where reading is when a key comes: --show's last line (a short sentence can end
        # while the last key's sound settles, and reading goes on to the next).
        s = Session(baonoi, ["--show", source], work, "bench")
        s.wait_sound(s.start)
        time.sleep(0.8)
        cur = 0
        for i in range(bench):
            line = s.last_line()
            cur = article.sentences.index(line) if line in article.sentences else cur
            nxt = cur + 1 if cur + 1 < n else 0
            press(s, article, "Right" if nxt else "Home", nxt, results, settle=0.8)
            cur = nxt
        s.key("q")
        s.finish()
        sil = [r[0] for r in results]
        snd = [r[1] for r in results]
        print(f"keys pressed: {len(results)}")
        print(f"key -> silence: median {statistics.median(sil):.0f} ms, worst {max(sil):.0f} ms"
              f" (target <= {SILENCE_MS})")
        print(f"key -> sound:   median {statistics.median(snd):.0f} ms, worst {max(snd):.0f} ms"
              f" (target <= {SOUND_MS})")
        return 0 if failures == 0 else 1

    # A listener's session: every key leads to the sentence it should, at once.
    s = Session(baonoi, ["--show", source], work, "moves")
    first = s.wait_sound(s.start)
    k, _, score, heard = identify(s, article, first - RATE // 10, 0.5)
    check("reading starts with the title", k == 0 and score > MATCH, f"match {score:.3f}")
    if not (k == 0 and score > MATCH):
        keep("title", heard)
    # The title begins as the article's first paragraph does: telling them apart takes seconds,
    # by which time reading may have gone on. --show's last line says where it is now (the
    # sound heard after each key checks that line too).
    line = s.last_line()
    cur = article.sentences.index(line) if line in article.sentences else 0
    for key, target in [("Right", lambda c: c + 1), ("Right", lambda c: c + 1),
                        ("Down", article.next_block), ("Down", article.next_block),
                        ("Up", article.prev_block), ("Left", lambda c: c - 1),
                        ("r", lambda c: c), ("End", lambda c: n - 1), ("Home", lambda c: 0),
                        ("Down", article.next_block)]:
        cur = press(s, article, key, target(current(s, article, cur)), results, settle=0.8,
                    retarget=target)
    # Space: silence, and nothing more until Space again, which takes the sentence up again.
    p = s.key("Space")
    time.sleep(1.5)
    heard = s.samples()
    after = np.abs(heard[p + RATE // 10:].astype(np.int32)) > LOUD
    check("Space pauses: no sound after 100 ms", int(after.sum()) == 0,
          f"{int(after.sum())} loud samples in {len(after) * 1000 // RATE} ms")
    press(s, article, "Space", cur, results)
    # "Where am I" and the title, spoken.
    pct = cur * 100 // n
    place = f"Đoạn {article.block[cur]} trên {max(article.block)}" if article.block[cur] \
        else "Tiêu đề"
    where = f"{place}, câu {cur + 1} trên {n}, {pct} phần trăm."
    article.refs.append(article.render(where))
    press(s, article, "i", len(article.refs) - 1, results, settle=1.2)
    article.refs.append(article.render(f"Tiêu đề: {article.title}"))
    press(s, article, "t", len(article.refs) - 1, results, settle=1.2)
    del article.refs[n:]
    screen = s.screen()
    check("--show prints sentences as plain lines", article.sentences[0] in screen
          and "\x1b[" not in screen.replace("\x1b[0m", ""), "")
    # Where reading was left: the sentence on --show's last line as q is pressed (reading may
    # have gone on past the one the keys led to, on a slow machine).
    line = s.last_line()
    left = article.sentences.index(line) if line in article.sentences else cur
    s.key("q")
    rc = stty_restored(s, "q")
    check("q exits with status 0", rc == "0", rc)

    # --resume goes on where the last session stopped.
    s = Session(baonoi, ["--resume", source], work, "resume")
    first = s.wait_sound(s.start)
    k, _, score, _ = identify(s, article, first - RATE // 10, 0.5)
    check("--resume starts at the sentence left", k == left and score > MATCH,
          f"heard {k}, expected {left}, match {score:.3f}")
    s.key("q")
    stty_restored(s, "q after --resume")

    # A key file rebinds an action.
    keys = os.path.join(work, "keys")
    open(keys, "w").write("# test bindings\nnext-sentence n\n")
    s = Session(baonoi, ["--keys", keys, source], work, "keys")
    s.wait_sound(s.start)
    time.sleep(0.8)
    press(s, article, "n", 1, results)
    s.key("q")
    stty_restored(s, "q with a key file")

    # --show on a device with a second of latency (the stream's buffer, as Bluetooth and
    # network sinks have): each key is heard as fast as on a quick device, and the sentence
    # is printed as it starts.
    s = Session(baonoi, ["--show", source], work, "latency", env="PULSE_LATENCY_MSEC=1000")
    s.wait_sound(s.start)
    time.sleep(0.8)
    cur = 0
    def after(c):
        return c + 1 if c + 1 < n else 0

    for i in range(10):
        cur = after(current(s, article, cur))
        cur = press(s, article, "Right" if cur else "Home", cur, results, settle=0.8,
                    retarget=after)
    s.key("q")
    stty_restored(s, "q with a slow device")

    # Blocks are announced where the reader lands on them: a heading, a quotation, a list item.
    fixtures = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
    for n_, (page, keys, announcement) in enumerate([("tuoitre.html", ["h"], "Tiêu đề."),
                                     ("tuoitre.html", ["h", "Down", "Down"], "Trích dẫn."),
                                     ("vietnamnet.html", ["End", "Up"], "Mục.")]):
        other = Article(baonoi, os.path.join(fixtures, page), work)
        other.refs.append(other.render(announcement))
        s = Session(baonoi, [os.path.join(fixtures, page)], work, f"blocks{n_}")
        s.wait_sound(s.start)
        time.sleep(0.8)
        for key in keys[:-1]:
            s.key(key)
            time.sleep(0.8)
        p = s.key(keys[-1])
        k, at, score, heard = identify(s, other, p, 1.0)
        check(f"{page}: {' '.join(keys)} -> \"{announcement}\" announced",
              k == len(other.refs) - 1 and score > MATCH, f"heard {k}, match {score:.3f}")
        s.key("q")
        s.finish()

    # SIGTERM and a crash leave the terminal as it was.
    for sig, name in [(signal.SIGTERM, "SIGTERM"), (signal.SIGSEGV, "a crash (SIGSEGV)")]:
        s = Session(baonoi, [source], work, name.split()[0])
        s.wait_sound(s.start)
        try:
            if s.pid:
                os.kill(s.pid, sig)
        except ProcessLookupError:
            pass  # it ended by itself: its status, checked below, says how
        time.sleep(0.2)
        try:
            screen = s.screen().strip()[-300:]
        except subprocess.CalledProcessError:
            screen = "(no screen)"
        rc = stty_restored(s, name)
        # AddressSanitizer reports a SIGSEGV itself and exits with status 1.
        want = {str(128 + sig)} | ({"1"} if sig == signal.SIGSEGV and "ASAN_OPTIONS" in os.environ
                                   else set())
        err = open(s.rc + ".err").read()[-300:] if os.path.exists(s.rc + ".err") else ""
        check(f"{name} ends the session (status {128 + sig})", rc in want,
              f"exit status {rc}; stderr: {err!r}; screen: {screen!r}")

    # Even SIGKILL, which no handler sees, leaves the shell's standard input as it was: keys
    # are read from a descriptor of baonoi's own, so no flag (O_NONBLOCK, O_ASYNC) is ever set
    # on the open file the shell shares with the terminal.
    s = Session(baonoi, [source], work, "kill")
    s.wait_sound(s.start)
    shell = int(s.tmux("display-message", "-p", "#{pane_pid}").strip())

    def stdin_flags():
        for line in open(f"/proc/{shell}/fdinfo/0"):
            if line.startswith("flags:"):
                return int(line.split()[1], 8)
        return None

    before = stdin_flags()
    if s.pid:
        os.kill(s.pid, signal.SIGKILL)
    time.sleep(0.5)
    after = stdin_flags()
    check("SIGKILL leaves the shell's standard input without O_NONBLOCK or O_ASYNC",
          s.pid is not None and before == after and not after & (os.O_NONBLOCK | 0o20000),
          f"flags {before:o} before, {after:o} after" if before is not None and after is not None
          else "no flags")
    s.type("reset")
    s.finish()

    sil = [r[0] for r in results]
    snd = [r[1] for r in results]
    check(f"key -> silence: median over {len(sil)} keys within {SILENCE_MS} ms",
          statistics.median(sil) <= SILENCE_MS, f"{statistics.median(sil):.0f} ms")
    check(f"key -> sound: median over {len(snd)} keys within {SOUND_MS} ms",
          statistics.median(snd) <= SOUND_MS, f"{statistics.median(snd):.0f} ms")
    print(f"interactive: key -> silence median {statistics.median(sil):.0f} ms worst "
          f"{max(sil):.0f} ms; key -> sound median {statistics.median(snd):.0f} ms worst "
          f"{max(snd):.0f} ms ({len(results)} keys)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
