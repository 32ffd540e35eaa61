"""Peak memory of a command, measured as a user's run would have it.

A child started by the (large) test process inherits the test process's memory high-water mark
at exec, so the command runs as the grandchild of a small launcher, which reports the
grandchild's own peak."""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import REPO

LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
stderr = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.buffer.write(stderr)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def peak_memory(command: list[str], timeout: float = 300) -> tuple[int, float, str]:
    """(exit status, peak resident memory in MiB, stderr) of running ``command``."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)
    status, kib = done.stdout.split()
    return int(status), int(kib) / 1024, done.stderr
