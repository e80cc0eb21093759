"""procs.py: the process tree from /proc, for the test and benchmark scripts (no procps
needed): each process's parent, and a process's children."""
import os


def parents():
    """{pid: parent pid} of every process now running."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                out[int(pid)] = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return out


def children(pid):
    """The pids of pid's children."""
    return [p for p, parent in parents().items() if parent == pid]


def argv0(pid):
    """The program a process runs, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().split(b"\0")[0].decode()
    except OSError:
        return None
