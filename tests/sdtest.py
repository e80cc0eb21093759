"""sdtest.py: what the Speech Dispatcher module's test and benchmark share: a private
speech-dispatcher (its own configuration folder with sd_baonoi and Debian's espeak-ng module,
run with -s, its log kept), a recording of what it plays through the test sound server
(tests/pulse.sh), and baonoi's own audio for a text to recognise in it."""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import numpy as np

import recorder

RATE = 22050
LOUD = 300  # a sample above this is sound


class Server:
    """speech-dispatcher -s with a configuration of its own: modules "baonoi" (sd_baonoi) and
    "espeak-ng" (Debian's), Vietnamese to baonoi, everything else to espeak-ng."""

    def __init__(self, sd_baonoi, work, extra_conf="", module_conf=""):
        self.dir = tempfile.mkdtemp(prefix="speechd-", dir=work)
        conf = os.path.join(self.dir, "conf")
        os.makedirs(os.path.join(conf, "modules"))
        self.log = os.path.join(self.dir, "log")
        os.makedirs(self.log)
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src",
                           "speechd", "baonoi.conf")
        with open(os.path.join(conf, "modules", "baonoi.conf"), "w") as f:
            f.write(open(src).read() + module_conf)
        shutil.copy("/etc/speech-dispatcher/modules/espeak-ng.conf",
                    os.path.join(conf, "modules"))
        with open(os.path.join(conf, "speechd.conf"), "w") as f:
            f.write(f'LogLevel 3\nLogDir "{self.log}"\n'
                    f'AddModule "baonoi" "{sd_baonoi}" "baonoi.conf"\n'
                    'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\n'
                    'DefaultModule espeak-ng\nLanguageDefaultModule "vi" "baonoi"\n'
                    # Debian's symbol files, with the server's symbol reading off as the
                    # README says (it would rewrite 22/5/2020 before the module sees it)
                    'SymbolsPreproc "no"\n'
                    'SymbolsPreprocFile "symbols.dic"\nSymbolsPreprocFile "orca.dic"\n'
                    + extra_conf)
        self.sock = os.path.join(self.dir, "sock")
        self.address = "unix_socket:" + self.sock
        self.env = dict(os.environ, SPEECHD_ADDRESS=self.address)
        self.proc = subprocess.Popen(
            ["speech-dispatcher", "-s", "-t", "0", "-C", conf, "-S", self.sock, "-P",
             os.path.join(self.dir, "pid")],
            stdout=open(os.path.join(self.dir, "server.out"), "w"), stderr=subprocess.STDOUT)
        end = time.monotonic() + 20
        while not os.path.exists(self.sock):
            if self.proc.poll() is not None or time.monotonic() > end:
                raise RuntimeError("speech-dispatcher did not start: " +
                                   open(os.path.join(self.dir, "server.out")).read())
            time.sleep(0.02)

    def client(self, name="test"):
        import speechd
        return speechd.SSIPClient(name, address=self.address, autospawn=False)

    def say(self, *args, timeout=30):
        """spd-say with args, waiting for the message to end (-w)."""
        return subprocess.run(["spd-say", "-w", *args], env=self.env, timeout=timeout,
                              capture_output=True)

    def module_log(self):
        path = os.path.join(self.log, "baonoi.log")
        return open(path, errors="replace").read() if os.path.exists(path) else ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Recording:
    """What the test sound server plays, recorded from the moment it is made."""

    def __init__(self, work, name):
        self.path = os.path.join(work, name + ".raw")
        self.proc = recorder.start(self.path, RATE // 10)

    def pos(self):
        """The sample being recorded now."""
        return os.path.getsize(self.path) // 2

    def samples(self):
        return np.fromfile(self.path, dtype="<i2")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def onset(samples, start=0):
    """The first sound at or after start, or None."""
    loud = np.nonzero(np.abs(samples[start:].astype(np.int32)) > LOUD)[0]
    return start + int(loud[0]) if len(loud) else None


def last_sound(samples, start=0):
    loud = np.nonzero(np.abs(samples[start:].astype(np.int32)) > LOUD)[0]
    return start + int(loud[-1]) if len(loud) else None


def silence_end(samples, start, quiet_s):
    """The first sound after a silence of at least quiet_s that follows start, or None."""
    loud = np.nonzero(np.abs(samples[start:].astype(np.int32)) > LOUD)[0]
    gaps = np.nonzero(np.diff(loud) > quiet_s * RATE)[0]
    return start + int(loud[gaps[0] + 1]) if len(gaps) else None


def sound_span(samples, start=0):
    """Seconds from the first to the last sound after start (0 for silence)."""
    a, b = onset(samples, start), last_sound(samples, start)
    return 0.0 if a is None else (b - a) / RATE


def baonoi_audio(baonoi, text, work, *opts):
    """baonoi's own audio for text (one line, read alone), as 16-bit samples."""
    src = tempfile.NamedTemporaryFile("w", suffix=".txt", dir=work, delete=False)
    src.write(text + "\n")
    src.close()
    out = src.name + ".raw"
    subprocess.run([baonoi, "-o", out, "--raw", "--no-meta", *opts, src.name], check=True,
                   capture_output=True)
    return np.fromfile(out, dtype="<i2")


def espeak_audio(text, voice):
    """eSpeak NG's own audio for text with a voice, as 16-bit samples."""
    wav = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], check=True,
                         capture_output=True).stdout
    return np.frombuffer(wav[44:], dtype="<i2")


def match(heard, ref, start=0, skip=RATE // 20, length=4000, at=0.0):
    """How well ref's audio (a snippet from its first sound, or from the fraction `at` of its
    sound) is found in heard after start: the best normalised correlation, 1 for the same
    samples."""
    o = onset(ref)
    if o is None:
        return 0.0
    if at:
        o += int((last_sound(ref) - o) * at)
    snip = ref[o + skip:o + skip + length].astype(np.float64)
    seg = heard[start:].astype(np.float64)
    if len(snip) < length // 2 or len(seg) < len(snip):
        return 0.0
    num = np.correlate(seg, snip, mode="valid")
    energy = np.convolve(seg * seg, np.ones(len(snip)), mode="valid")
    score = num / (np.sqrt(energy * np.dot(snip, snip)) + 1e-9)
    return float(np.max(score))


def _spectrogram(x, n=512, hop=256):
    """log(1 + |STFT|) of x in frames of n samples, hop apart."""
    frames = np.lib.stride_tricks.sliding_window_view(x.astype(np.float64), n)[::hop]
    return np.log1p(np.abs(np.fft.rfft(frames * np.hanning(n), axis=1)))


def spectral_match(heard, ref, shifts=4):
    """How alike the sound of ref (from its first to its last sound) and what was heard from
    its first sound are, as the correlation of their log spectrograms (1 for the same), the
    best of a few frames' shift. Unlike match(), blind to the waveform's fine detail (phase),
    which eSpeak NG in one process lets drift from message to message."""
    a, b = onset(heard), onset(ref)
    if a is None or b is None:
        return 0.0
    r = ref[b:last_sound(ref) + 1]
    h = heard[max(0, a - shifts * 256):a + len(r) + shifts * 256]
    if len(r) < 512 or len(h) < 512:
        return 0.0
    R, H = _spectrogram(r), _spectrogram(h)
    best = 0.0
    for s in range(2 * shifts + 1):
        seg = H[s:s + len(R)]
        if len(seg) < len(R):
            break
        best = max(best, float(np.corrcoef(seg.ravel(), R.ravel())[0, 1]))
    return best


def pitch_hz(samples, lo=60, hi=500):
    """The median fundamental frequency of the voiced, loud 46 ms frames of samples (the
    strongest autocorrelation lag between lo and hi Hz); 0 when there are none."""
    x = samples.astype(np.float64)
    n, found = 1024, []
    for at in range(0, len(x) - n, n // 2):
        f = x[at:at + n] - np.mean(x[at:at + n])
        if np.max(np.abs(f)) < 10 * LOUD:
            continue
        ac = np.correlate(f, f, mode="full")[n - 1:]
        a, b = RATE // hi, RATE // lo
        lag = a + int(np.argmax(ac[a:b]))
        if ac[lag] > 0.5 * ac[0]:  # voiced: the period repeats
            found.append(RATE / lag)
    return float(np.median(found)) if found else 0.0


def wait_sound(rec, after, timeout=10):
    """The sample of the first sound recorded after `after`, waiting for it; None on timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        o = onset(rec.samples(), after)
        if o is not None:
            return o
        time.sleep(0.005)
    return None


def wait_silence(rec, after, quiet_s=0.3, timeout=20):
    """Wait until quiet_s of silence has been recorded after the last sound following `after`;
    the last sound's sample (None when nothing sounded)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = rec.samples()
        last = last_sound(s, after)
        if len(s) - (last if last is not None else after) > quiet_s * RATE:
            return last
        time.sleep(0.02)
    return last_sound(rec.samples(), after)
