#!/usr/bin/env python3
"""on_tty.py: run a command with a pseudo-terminal where a person would be: for checks of what
a command does when a terminal, not a pipe or a file, is on the other end.

Usage: on_tty.py COMMAND [ARG...]            standard input is a terminal (nothing typed on
                                             it); standard output and error as they are
       on_tty.py --stderr COMMAND [ARG...]   standard error is a terminal; what the command
                                             wrote to it is copied to standard output
Exits with the command's status."""
import os
import subprocess
import sys

args = sys.argv[1:]
to_stderr = args[:1] == ["--stderr"]
if to_stderr:
    args = args[1:]
master, slave = os.openpty()
try:
    if to_stderr:
        p = subprocess.Popen(args, stderr=slave)
        os.close(slave)
        slave = None
        out = b""
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the terminal's other end closed: the command is done
                break
            if not data:
                break
            out += data
        rc = p.wait(timeout=300)
        sys.stdout.buffer.write(out)
    else:
        rc = subprocess.call(args, stdin=slave, timeout=300)
finally:
    if slave is not None:
        os.close(slave)
    os.close(master)
sys.exit(rc if rc >= 0 else 128 - rc)
