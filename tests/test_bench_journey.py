"""The slow-phone journey's CPU slowdown (bench/journey.py) stops processes
with SIGSTOP. On a shared machine it must only ever touch the renderers of the
browser it launched (marked by an argument of its own), never another one's,
and must leave them running when it ends."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.journey import DutyCycle

# A stand-in for a browser: a process whose command line carries the marker,
# with a child that calls itself a renderer (as Chromium's title does).
PARENT = r"""
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "--type=renderer"])
print(child.pid, flush=True)
time.sleep(60)
"""


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_duty_cycle_stops_only_the_marked_browsers_renderers() -> None:
    marker = f"--iecmh-bench={uuid.uuid4().hex}"
    ours = subprocess.Popen([sys.executable, "-c", PARENT, marker], stdout=subprocess.PIPE,
                            text=True)
    theirs = subprocess.Popen([sys.executable, "-c", PARENT, "--someone-else"],
                              stdout=subprocess.PIPE, text=True)
    try:
        our_child = int(ours.stdout.readline())
        their_child = int(theirs.stdout.readline())
        duty = DutyCycle(marker)
        assert duty._renderers() == [our_child]
        with duty:
            stopped = set()
            for _ in range(200):
                stopped.add(_state(our_child))
                assert _state(their_child) != "T", "stopped another browser's renderer"
                time.sleep(0.003)
        assert "T" in stopped and duty.most == 1  # it did stop ours, part of the time
        time.sleep(0.05)
        assert _state(our_child) != "T", "left our renderer stopped"
    finally:
        for parent in (ours, theirs):
            parent.kill()
            parent.wait()
        for child in (locals().get("our_child"), locals().get("their_child")):
            if child:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
