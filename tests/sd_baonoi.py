#!/usr/bin/env python3
"""sd_baonoi.py: sd_baonoi, baonoi's Speech Dispatcher output module, tested for real.

First the module alone, driven over its protocol as speech-dispatcher drives it (the answers,
malformed lines, hostile SSML, STOP's latency to the module's last audio, PAUSE at a mark).
Then through a private speech-dispatcher (tests/sdtest.py) with clients as users have them:
spd-say and Debian's python3-speechd (Orca's library), what is played recorded from the test
sound server's null sink: Vietnamese heard as baonoi's own audio for the same text, index
marks in order when their audio plays, spd-say -S, 200 messages each cancelling the last (only
the last heard), rate, voice and punctuation heard changing, English read in English, typing
echo (CHAR, KEY) in Vietnamese, and the module playing its own audio (BaonoiPlayback).

Usage: sd_baonoi.py SD_BAONOI BAONOI   (inside a pulse.sh environment; exit status: failures)"""
import os
import select
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

import sdtest
from sdtest import RATE

failures = 0
# eSpeak NG synthesising in one process carries a little state from message to message: the
# same message said again matches its first saying's waveform exactly at some places and only
# 0.5-0.8 at others (measured: 15 repeats, a cycle of four), while its spectrogram stays the
# same (0.95-1.0). After the first message, audio is compared by spectrogram
# (sdtest.spectral_match), where this much is the same speech, and told apart from the
# alternative (another voice, language: 0.4-0.55) by a margin.
SAME = 0.85


def check(name, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""), flush=True)
    if not ok:
        failures += 1


class Module:
    """sd_baonoi run alone, its output read into events: (seconds, line) for text lines and
    (seconds, "AUDIO", samples) for each audio chunk."""

    def __init__(self, sd_baonoi, conf=None):
        self.proc = subprocess.Popen([sd_baonoi] + ([conf] if conf else []),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.events = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.errors = []
        threading.Thread(target=self._stderr, daemon=True).start()

    def _stderr(self):
        self.errors.append(self.proc.stderr.read().decode(errors="replace"))

    def _read(self):
        out = self.proc.stdout
        while True:
            line = out.readline()
            if not line:
                break
            now = time.monotonic()
            if line.startswith(b"705-AUDIO\0"):
                data, i, raw = bytearray(), 0, line[10:-1]
                while i < len(raw):
                    if raw[i] == 0x7D and i + 1 < len(raw):
                        data.append(raw[i + 1] ^ 0x20)
                        i += 2
                    else:
                        data.append(raw[i])
                        i += 1
                ev = (now, "AUDIO", len(data) // 2)
            else:
                ev = (now, line.decode(errors="replace").rstrip("\n"))
            with self.cond:
                self.events.append(ev)
                self.cond.notify_all()
        with self.cond:
            self.events.append((time.monotonic(), "EOF"))
            self.cond.notify_all()

    def send(self, text):
        self.proc.stdin.write(text.encode() if isinstance(text, str) else text)
        self.proc.stdin.flush()

    def wait_for(self, pred, start=0, timeout=10):
        """The index of the first event from start that pred accepts, or None."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(start, len(self.events)):
                    if pred(self.events[i]):
                        return i
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def line(self, code, start=0, timeout=10):
        return self.wait_for(lambda e: e[1].startswith(code), start, timeout)

    def mark(self):
        return len(self.events)

    def command(self, text, expect, timeout=10):
        """Send text; 1 when an answer starting with expect comes."""
        at = self.mark()
        self.send(text)
        return self.line(expect, at, timeout) is not None

    def close(self):
        try:
            self.send("QUIT\n")
        except BrokenPipeError:
            pass
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def setup(m):
    return (m.command("INIT\n", "299 OK") and
            m.command("AUDIO\n", "207") and m.command("audio_output_method=server\n.\n", "203") and
            m.command("SET\n", "203 OK RECEIVING") and
            m.command("language=vi\nvoice=male1\nrate=0\npunctuation_mode=none\n.\n", "203 OK SETTINGS"))


LONG = ("Ngày 22/5/2020, Hội đồng Bảo an LHQ họp trực tuyến lúc 16:20 để bàn về tình hình "
        "an ninh khu vực. Các nước thành viên đã thảo luận nhiều vấn đề quan trọng. ") * 4


ORCA_PLAIN = "Ngày 22/5/2020, HĐBA họp. Sau đó TP.HCM mưa to."
ORCA = ('<speak><mark name="0:4"/>Ngày <mark name="5:14"/>22/5/2020, <mark name="16:20"/>HĐBA '
        '<mark name="21:24"/>họp. <mark name="26:29"/>Sau <mark name="30:32"/>đó '
        '<mark name="33:39"/>TP.HCM <mark name="40:43"/>mưa <mark name="44:46"/>to.'
        '<mark name="end"/></speak>')


def protocol_tests(sd_baonoi, baonoi, work):
    m = Module(sd_baonoi)
    check("protocol: INIT, AUDIO (server), SET answered as speech-dispatcher expects", setup(m))
    at = m.mark()
    m.send("LIST VOICES\n")
    end = m.line("200 OK VOICE LIST SENT", at)
    names = [e[1][4:].split("\t")[0] for e in m.events[at:end or at]
             if e[1].startswith("200-")]
    check("protocol: LIST VOICES names baonoi's voices",
          {"northern", "central", "southern"} <= set(names), str(names))
    check("protocol: an unknown command is answered 300", m.command("FLY\n", "300"))
    check("protocol: SET with a line without '=' is answered 302",
          m.command("SET\n", "203 OK RECEIVING") and m.command("rate\n.\n", "302"))
    check("protocol: SET with a bad value is answered 303",
          m.command("SET\n", "203 OK RECEIVING") and m.command("rate=fast\n.\n", "303"))
    check("protocol: a 1 MB line of junk is refused, the module goes on",
          m.command(b"\x01\xff" * 500000 + b"\n", "300") and m.command("LIST VOICES\n", "200 OK"))
    check("protocol: CHAR with two lines is answered 305",
          m.command("CHAR\n", "202") and m.command("a\nb\n.\n", "305"))
    check("protocol: an empty message is answered 301",
          m.command("SPEAK\n", "202") and m.command(".\n", "301"))

    # Hostile SSML: each is spoken or refused, and the module still answers.
    hostile = [
        '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;'
        '&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;'
        '&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><speak>&e;&e;&e;'
        '&e;&e;&e;&e;&e;</speak>',
        '<!DOCTYPE s SYSTEM "http://127.0.0.1:9/x.dtd"><speak>một</speak>',
        '<speak><mark/><mark name=""/>hai<mark name="a"/><mark name="a"/></speak>',
        '<speak>ba <b><i>bốn</speak>',
        '<speak>' + '<s>' * 20000 + 'năm' + '</s>' * 20000 + '</speak>',
        '<speak>sáu &bogus; &#0; &#xD800; &#1114112; &lt;bảy&gt;</speak>',
        '<speak><mark name="' + 'x' * 100000 + '"/>tám</speak>',
        '<speak>\x00\x01 chín</speak>', '<<<>>>&&&', '<speak',
    ]
    survived = 0
    for text in hostile:
        at = m.mark()
        m.send("SPEAK\n" + "\n".join(("." + l) if l.startswith(".") else l
                                     for l in text.split("\n")) + "\n.\n")
        got = m.wait_for(lambda e: e[1] in ("702 END", "703 STOP") or e[1].startswith("301"),
                         at, 20)
        if got is not None and m.command("LIST VOICES\n", "200 OK"):
            survived += 1
    check("protocol: hostile SSML (entity bomb, external DTD, empty marks, unclosed and 20,000 "
          "deep elements, bad references, a 100 kB mark, NULs, no markup) spoken or refused, "
          "module alive", survived == len(hostile), f"{survived}/{len(hostile)}")

    # STOP: the time from STOP to the STOP event, after which no audio comes. The server plays
    # what it is sent; the module synthesises faster than real time, so the stop comes
    # while a long message is still being synthesised.
    lat, late = [], 0
    for _ in range(7):
        at = m.mark()
        m.send("SPEAK\n" + LONG * 10 + "\n.\n")
        first = m.wait_for(lambda e: e[1] == "AUDIO", at, 10)
        time.sleep(0.02)
        t0 = time.monotonic()
        m.send("STOP\n")
        stop = m.line("703 STOP", first or at, 5)
        if first is None or stop is None:
            lat.append(99.0)
            continue
        lat.append((m.events[stop][0] - t0) * 1000)
        time.sleep(0.1)
        late += sum(1 for e in m.events[stop:] if e[1] == "AUDIO")
    med = statistics.median(lat)
    check("protocol: STOP ends the module's audio within 20 ms (median of 7), none after",
          med <= 20 and late == 0, f"median {med:.1f} ms, worst {max(lat):.1f} ms, "
          f"audio after STOP: {late}")

    # A new message after a stop is spoken whole.
    at = m.mark()
    m.send("SPEAK\n<speak>Xin chào.</speak>\n.\n")
    check("protocol: a message after a STOP is spoken to its END",
          m.line("702 END", at, 10) is not None)

    # PAUSE: at the next mark, with 704 and no END.
    at = m.mark()
    # (a long text before the first mark: the module synthesises faster than it is heard)
    m.send("SPEAK\n<speak>" + LONG * 10 + '<mark name="p1"/>Mười một mười hai.<mark name="p2"/>'
           "</speak>\n.\n")
    m.wait_for(lambda e: e[1] == "AUDIO", at, 10)
    m.send("PAUSE\n")
    pause = m.line("704 PAUSE", at, 10)
    seen = [e[1] for e in m.events[at:(pause or at) + 1]
            if e[1].startswith("700-") or e[1] in ("702 END", "704 PAUSE")]
    check("protocol: PAUSE stops at the next index mark (700 p1, then 704, no END)",
          pause is not None and "700-p1" in seen and "700-p2" not in seen and
          "702 END" not in seen, str(seen))

    # Marks come in order, between the audio before and after them.
    at = m.mark()
    m.send('SPEAK\n<speak><mark name="0"/>Một. <mark name="1"/>Hai. <mark name="2"/>Ba.'
           '<mark name="3"/></speak>\n.\n')
    end = m.line("702 END", at, 10)
    kinds = [("M" + e[1][4:]) if e[1].startswith("700-") else "A"
             for e in m.events[at:end or at] if e[1] == "AUDIO" or e[1].startswith("700-")]
    order = [k for k in kinds if k.startswith("M")]
    between = all("A" in kinds[kinds.index(f"M{i}"):kinds.index(f"M{i + 1}")]
                  for i in range(3)) if order == ["M0", "M1", "M2", "M3"] else False
    check("protocol: index marks in order, each after the audio before it", between,
          " ".join(k for k in kinds if k != "A"))
    at = m.mark()
    m.send("SOUND_ICON\nmessage\n.\n")
    end = m.line("702 END", at, 10)
    seen = [e[1] for e in m.events[at:(end or at) + 1]]
    check("protocol: SOUND_ICON is passed to the server to play (706), between BEGIN and END",
          seen[-4:] == ["701 BEGIN", "706-message", "706 ICON", "702 END"], str(seen))

    # Orca's say-all: a mark before every word. The sentence is read whole (a date across
    # marks read once, as a date), each mark between the audio of its words.
    at = m.mark()
    m.send("SPEAK\n" + ORCA + "\n.\n")
    end = m.line("702 END", at, 20)
    pos, marks = 0, []
    for e in m.events[at:end or at]:
        if e[1] == "AUDIO":
            pos += e[2]
        elif e[1].startswith("700-"):
            marks.append((e[1][4:], pos))
    names = [n for n, _ in marks]
    want = [x.split('"')[0] for x in ORCA.split('name="')[1:]]
    ref = len(sdtest.baonoi_audio(baonoi, ORCA_PLAIN, work))
    places = [p for _, p in marks]
    check("protocol: Orca's word marks: all in order, in step with the audio, the text read "
          "as baonoi reads it whole", names == want and places == sorted(places) and
          len(set(places)) >= len(places) - 1 and abs(pos - ref) < 0.03 * ref,
          f"{len(names)}/{len(want)} marks, {pos} samples against baonoi's {ref}")
    rc = m.close()
    check("protocol: QUIT ends the module with status 0", rc == 0,
          f"status {rc}; {''.join(m.errors)[-300:]}")


def stop_heard(srv, work, module, text):
    """spd-say -S while the module speaks: ms from the stop to the last sound heard."""
    rec = sdtest.Recording(work, "stop-" + module)
    args = ["-o", module, "-l", "vi"] if module == "baonoi" else ["-o", module, "-l", "vi"]
    p = subprocess.Popen(["spd-say", *args, text], env=srv.env)
    start = rec.pos()
    first = sdtest.wait_sound(rec, start, 10)
    time.sleep(0.5)
    at = rec.pos()
    subprocess.run(["spd-say", "-S"], env=srv.env, timeout=10)
    last = sdtest.wait_silence(rec, at, 0.5)
    p.wait(10)
    rec.stop()
    if first is None:
        return None
    return max(0.0, (last - at) / RATE * 1000) if last is not None else 0.0


def median_stops(srv, work, modules, runs=5):
    """For each module, the median of runs stop_heard measurements taken in turn with the
    others' (None when one heard nothing)."""
    got = {m: [] for m in modules}
    for _ in range(runs):
        for m in modules:
            got[m].append(stop_heard(srv, work, m, LONG))
    return [None if None in got[m] else statistics.median(got[m]) for m in modules]


def server_tests(sd_baonoi, baonoi, work):
    srv = sdtest.Server(sd_baonoi, work)
    try:
        run_server_tests(srv, baonoi, work)
    finally:
        srv.stop()
    log = srv.module_log()
    check("server: the module's log holds no sanitizer report or crash",
          "Sanitizer" not in log and "runtime error" not in log, log[-500:])


def heard(srv, work, name, *args):
    """Record what spd-say args makes the server play; the samples."""
    rec = sdtest.Recording(work, name)
    start = rec.pos()
    r = srv.say(*args)
    sdtest.wait_silence(rec, start, 0.2, 5)
    rec.stop()
    if r.returncode != 0:
        print(f"     spd-say {args}: {r.stderr.decode()}")
    return rec.samples()[start:]


def run_server_tests(srv, baonoi, work):
    text = "Ngày 22/5/2020, HĐBA họp lúc 16:20."
    got = heard(srv, work, "vi", "-l", "vi", text)
    ours = sdtest.baonoi_audio(baonoi, text, work)
    plain = sdtest.espeak_audio(text, "vi")
    # Matched all along; eSpeak NG alone reads the date and HĐBA otherwise (with many of the
    # same words, so its length tells it apart).
    mine = min(sdtest.match(got, ours, at=a) for a in (0.0, 0.3, 0.6, 0.9))
    span, ours_span = sdtest.sound_span(got), sdtest.sound_span(ours)
    plain_span = sdtest.sound_span(plain)
    check("server: Vietnamese from spd-say is heard as baonoi's own audio for the text, whole",
          mine > 0.8 and abs(span - ours_span) < 0.3 and abs(span - plain_span) > 0.5,
          f"match {mine:.2f}, heard {span:.2f} s of {ours_span:.2f} s (eSpeak NG alone: "
          f"{plain_span:.2f} s)")

    # Index marks with python3-speechd, as Orca uses it.
    import speechd
    c = srv.client("marks")
    c.set_output_module("baonoi")
    c.set_language("vi")
    c.set_data_mode(speechd.DataMode.SSML)
    events, done = [], threading.Event()

    def cb(kind, index_mark=None):
        events.append((time.monotonic(), kind, index_mark))
        if kind in (speechd.CallbackType.END, speechd.CallbackType.CANCEL):
            done.set()
    types = (speechd.CallbackType.BEGIN, speechd.CallbackType.END,
             speechd.CallbackType.INDEX_MARK, speechd.CallbackType.CANCEL)
    # python3-speechd registers a message's callback only after the server has answered its
    # SPEAK (client.py says so in a TODO); on a busy machine the first events can come before
    # and are dropped. The marked message is therefore queued behind a short one (priority
    # "message" queues), so its events come after its callback is in place: its first mark
    # still sits at its very start.
    c.set_priority(speechd.Priority.MESSAGE)
    rec = sdtest.Recording(work, "marks")
    t_ref, p_ref = time.monotonic(), rec.pos()
    c.speak("<speak>Xin chào.</speak>")
    c.speak('<speak><mark name="w0"/>Ngày 22/5/2020, <mark name="w1"/>Liên Hợp Quốc họp. '
            '<mark name="w2"/>TP.HCM mưa to. <mark name="w3"/></speak>', callback=cb,
            event_types=types)
    done.wait(30)
    time.sleep(0.2)
    rec.stop()
    # The marked message's first sound: the first after the greeting's and a pause.
    heard_at = rec.samples()
    first = sdtest.onset(heard_at, p_ref)
    gap = sdtest.silence_end(heard_at, first, 0.15) if first is not None else None
    begins = t_ref + (gap - p_ref) / RATE if gap is not None else None
    marks = [(t, m) for t, k, m in events if k == speechd.CallbackType.INDEX_MARK]
    names = [m for _, m in marks]
    spaced = len(marks) == 4 and all(marks[i + 1][0] - marks[i][0] > 0.4 for i in range(3))
    on_time = begins is not None and bool(marks) and abs(marks[0][0] - begins) < 0.15
    check("server: index marks reach the client in order, each when its audio plays (the "
          "first with the message's first sound)",
          names == ["w0", "w1", "w2", "w3"] and spaced and on_time and events[-1][1] == "end",
          f"{names}, {' '.join(f'{t - events[0][0]:.2f}' for t, _ in marks)} s; first mark "
          + (f"{(marks[0][0] - begins) * 1000:+.0f} ms from the first sound"
             if begins is not None and marks else "or sound missing"))

    # 200 messages, each cancelling the one before: only the last is heard.
    c.set_priority(speechd.Priority.TEXT)
    c.set_data_mode(speechd.DataMode.TEXT)
    rec = sdtest.Recording(work, "rapid")
    start = rec.pos()
    for i in range(200):
        c.cancel()
        c.speak(f"Dòng số {i + 1}.")
    last_ref = sdtest.baonoi_audio(baonoi, "Dòng số 200.", work)
    sdtest.wait_silence(rec, start, 0.5, 30)
    rec.stop()
    got = rec.samples()[start:]
    span, ref_span = sdtest.sound_span(got), sdtest.sound_span(last_ref)
    tail = sdtest.last_sound(got)
    # The last message's sound, found from the end of what was heard.
    score = sdtest.spectral_match(got[max(0, tail - int(ref_span * RATE) - 1024):], last_ref) \
        if tail else 0.0
    check("server: 200 messages cancelling each other: only the last is heard",
          span < ref_span + 1.0 and score > SAME,
          f"{span:.2f} s of sound heard, the last message {ref_span:.2f} s, match {score:.2f}")
    c.close()

    # spd-say -S while speaking: medians of 5, the two modules in turn (one stop alone swings
    # by a scheduling tick on a busy machine).
    ms, ref = median_stops(srv, work, ["baonoi", "espeak-ng"])
    check("server: spd-say -S silences baonoi (heard) as quickly as espeak-ng's module "
          "(medians of 5)", ms is not None and ref is not None and ms <= max(ref * 1.5, ref + 20),
          f"baonoi {ms:.1f} ms, espeak-ng {ref:.1f} ms after the stop"
          if ms is not None and ref is not None else "no sound")

    # Rate, voice and punctuation.
    line = "Hôm nay trời đẹp và mát."
    fast = sdtest.sound_span(heard(srv, work, "fast", "-l", "vi", "-r", "70", line))
    slow = sdtest.sound_span(heard(srv, work, "slow", "-l", "vi", "-r", "-70", line))
    check("server: rate heard (spd-say -r 70 vs -r -70)", 0 < fast < slow * 0.7,
          f"{fast:.2f} s vs {slow:.2f} s")
    num = "Có 1.000 người."
    south = heard(srv, work, "south", "-l", "vi", "-y", "southern", num)
    s_ref = sdtest.baonoi_audio(baonoi, num, work, "--voice", "southern")
    n_ref = sdtest.baonoi_audio(baonoi, num, work, "--voice", "northern")
    s_score, n_score = sdtest.spectral_match(south, s_ref), sdtest.spectral_match(south, n_ref)
    check("server: synthesis voice heard (spd-say -y southern: baonoi's southern reading)",
          s_score > SAME and s_score > n_score + 0.2,
          f"southern {s_score:.2f}, northern {n_score:.2f}")
    central = heard(srv, work, "central", "-l", "vi", "-t", "male2", num)
    c_ref = sdtest.baonoi_audio(baonoi, num, work, "--voice", "central")
    c_score, n_score = sdtest.spectral_match(central, c_ref), sdtest.spectral_match(central, n_ref)
    check("server: voice type heard (spd-say -t male2: central)",
          c_score > SAME and c_score > n_score + 0.2,
          f"central {c_score:.2f}, northern {n_score:.2f}")
    punct = "A, b; c."
    p_all = sdtest.sound_span(heard(srv, work, "pall", "-l", "vi", "-m", "all", punct))
    p_none = sdtest.sound_span(heard(srv, work, "pnone", "-l", "vi", "-m", "none", punct))
    check("server: punctuation heard (spd-say -m all reads the marks)",
          p_all > p_none * 1.5, f"all {p_all:.2f} s, none {p_none:.2f} s")

    spelled = heard(srv, work, "spell", "-l", "vi", "-s", "HĐ")
    sp_ref = sdtest.baonoi_audio(baonoi, "hát, đê", work)
    sp_score = sdtest.spectral_match(spelled, sp_ref)
    check("server: spelling heard (spd-say -s HĐ: 'hát, đê')", sp_score > SAME,
          f"{sp_score:.2f}")
    loud = heard(srv, work, "loud", "-l", "vi", "-i", "60", line)
    soft = heard(srv, work, "soft", "-l", "vi", "-i", "-60", line)
    high = heard(srv, work, "high", "-l", "vi", "-p", "80", line)
    low = heard(srv, work, "low", "-l", "vi", "-p", "-80", line)
    peak = lambda a: float(np.percentile(np.abs(a.astype(np.int32)), 99)) if len(a) else 0.0
    check("server: volume heard (spd-say -i 60 vs -i -60)", peak(loud) > 2 * peak(soft),
          f"99th percentile {peak(loud):.0f} vs {peak(soft):.0f}")
    f_high, f_low = sdtest.pitch_hz(high), sdtest.pitch_hz(low)
    check("server: pitch heard (spd-say -p 80 vs -p -80: the voice's median pitch)",
          f_low > 0 and f_high > 1.3 * f_low, f"{f_high:.0f} Hz vs {f_low:.0f} Hz")

    # Another language, typing echo.
    en = "Hello world, this is a test."
    got = heard(srv, work, "en", "-o", "baonoi", "-l", "en", en)
    e_ref, v_ref = sdtest.espeak_audio(en, "en"), sdtest.baonoi_audio(baonoi, en, work)
    e_score, v_score = sdtest.spectral_match(got, e_ref), sdtest.spectral_match(got, v_ref)
    # English said after Vietnamese in the same eSpeak NG is not quite English said alone (0.83
    # after a Vietnamese message, 0.98 as the module's first: measured), yet far from the
    # Vietnamese voice's reading of it (0.41).
    check("server: English to the module is spoken by eSpeak NG's English voice",
          e_score > 0.75 and e_score > v_score + 0.2,
          f"English {e_score:.2f}, Vietnamese {v_score:.2f}")
    got = heard(srv, work, "char", "-o", "baonoi", "-l", "vi", "-c", "đ")
    score = sdtest.spectral_match(got, sdtest.baonoi_audio(baonoi, "đê", work))
    check("server: CHAR đ is said as its Vietnamese name (đê)", score > SAME, f"{score:.2f}")
    got = heard(srv, work, "key", "-o", "baonoi", "-l", "vi", "-k", "space")
    score = sdtest.spectral_match(got, sdtest.baonoi_audio(baonoi, "cách", work))
    check("server: KEY space is said 'cách'", score > SAME, f"{score:.2f}")


def own_playback_tests(sd_baonoi, baonoi, work):
    srv = sdtest.Server(sd_baonoi, work, module_conf='BaonoiPlayback "module"\n')
    try:
        text = "Hà Nội, ngày 2/9/2025."
        got = heard(srv, work, "own", "-l", "vi", text)
        score = sdtest.match(got, sdtest.baonoi_audio(baonoi, text, work))
        check("own playback: the module plays baonoi's audio itself when configured so",
              score > 0.8, f"match {score:.2f}")
        ms, = median_stops(srv, work, ["baonoi"], 3)
        check("own playback: spd-say -S silences it within 100 ms (heard, median of 3)",
              ms is not None and ms <= 100, f"{ms:.1f} ms" if ms is not None else "no sound")
    finally:
        srv.stop()


def main():
    sd_baonoi, baonoi = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="baonoi-speechd-")
    protocol_tests(sd_baonoi, baonoi, work)
    server_tests(sd_baonoi, baonoi, work)
    own_playback_tests(sd_baonoi, baonoi, work)
    print(f"speechd: {failures} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
