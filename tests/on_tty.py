#!/usr/bin/env python3
"""on_tty.py: run a command with a pseudo-terminal as its standard input (and nothing typed
on it), its standard output and error left as they are: for checks of what a command does when
a person, not a pipe, stands behind standard input.

Usage: on_tty.py COMMAND [ARG...]   exits with the command's status."""
import os
import subprocess
import sys

master, slave = os.openpty()
try:
    rc = subprocess.call(sys.argv[1:], stdin=slave, timeout=300)
finally:
    os.close(slave)
    os.close(master)
sys.exit(rc if rc >= 0 else 128 - rc)
