"""How the tests and the benchmark start Chromium: the one list of launch flags.

Debian's chromium (/usr/bin/chromium, never a downloaded build), headless,
driven by Playwright. Here rather than in sitegen/ because the build never
starts a browser; the benchmark and tests/browser/ do, and tests already
import bench (tests/test_bench_*.py).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (containers without user namespaces), no GPU, and none of the
# browser's own background traffic, which would blur the figures and the
# tests' request logs.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
