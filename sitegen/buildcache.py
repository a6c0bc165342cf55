"""The build's own caches under build/: what is kept, and for how long.

Two caches spare work that does not change from one build to the next: the
compressed copies (compression.py; brotli takes about 20 s for the
WebAssembly alone) and the compiled runtime (runtime.py; Pyodide under Node,
3-6 s). Both are named after the bytes they were made from, so every edit to
the content adds entries, and nothing ever reads the old ones again. Each
entry's modification time says when a build last used it, and a build removes
the entries no build has used for ``KEEP_DAYS``: a machine that publishes
every week keeps what it uses and drops the rest.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

KEEP_DAYS = 14
_DAY = 24 * 3600


def used(entry: Path) -> Path:
    """Mark ``entry`` (a file or a folder) as used by this build."""
    # A read-only cache still serves; it is only never pruned.
    with contextlib.suppress(OSError):
        os.utime(entry)
    return entry


def prune(cache: Path, keep_days: float = KEEP_DAYS, now: float | None = None) -> int:
    """Remove the entries of ``cache`` unused for ``keep_days``; returns how many.

    Entries are the folder's direct children. Half-written ``.part`` files and
    the pointer files of runtime.py age the same way."""
    if not cache.is_dir():
        return 0
    limit = (time.time() if now is None else now) - keep_days * _DAY
    removed = 0
    for entry in cache.iterdir():
        try:
            if entry.stat().st_mtime >= limit:
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
        except FileNotFoundError:
            continue  # another build removed it first
    return removed
