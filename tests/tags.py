#!/usr/bin/env python3
"""tags.py: the title and date tags of an audio file as two readers see them: ffprobe (FFmpeg,
as players built on it read tags) and libsndfile (through ctypes). Prints four lines:
ffprobe's title, ffprobe's date, libsndfile's title, libsndfile's date ('' when absent).

Usage: tags.py FILE"""
import ctypes
import json
import subprocess
import sys


def ffprobe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags",
                          "-of", "json", path], capture_output=True, check=True, text=True)
    data = json.loads(out.stdout)
    tags = dict(data.get("format", {}).get("tags", {}))
    for stream in data.get("streams", []):
        tags.update(stream.get("tags", {}))
    tags = {k.lower(): v for k, v in tags.items()}
    return tags.get("title", ""), tags.get("date", "")


class SF_INFO(ctypes.Structure):
    _fields_ = [("frames", ctypes.c_int64), ("samplerate", ctypes.c_int),
                ("channels", ctypes.c_int), ("format", ctypes.c_int),
                ("sections", ctypes.c_int), ("seekable", ctypes.c_int)]


def libsndfile(path):
    sf = ctypes.CDLL("libsndfile.so.1")
    sf.sf_open.restype = ctypes.c_void_p
    sf.sf_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(SF_INFO)]
    sf.sf_get_string.restype = ctypes.c_char_p
    sf.sf_get_string.argtypes = [ctypes.c_void_p, ctypes.c_int]
    sf.sf_close.argtypes = [ctypes.c_void_p]
    info = SF_INFO()
    handle = sf.sf_open(path.encode(), 0x10, ctypes.byref(info))  # SFM_READ
    if not handle:
        return "", ""
    title = sf.sf_get_string(handle, 0x01)  # SF_STR_TITLE
    date = sf.sf_get_string(handle, 0x06)   # SF_STR_DATE
    sf.sf_close(handle)
    return (title or b"").decode("utf-8", "replace"), (date or b"").decode("utf-8", "replace")


path = sys.argv[1]
for value in ffprobe(path) + libsndfile(path):
    print(value)
