"""Precompressed copies of the built files, for hosts that serve them as they are.

nginx (``gzip_static``, ``brotli_static``), Caddy (``precompressed``) and most
CDNs send ``foo.js.br`` or ``foo.js.gz`` in place of ``foo.js`` to a browser that
accepts it, with ``Content-Encoding``. Brotli at its highest quality sends about
a quarter fewer bytes than gzip for the WebAssembly runtime (2.74 against
3.53 MB), but takes about 20 s for that one file, so every compressed copy is
kept in ``build/compressed/`` under the hash of the bytes it was made from: the
runtime files are compressed once, not on every build. Copies no build has
used for two weeks are removed (buildcache.py).

Brotli (Google's own binding, pinned in requirements.txt) because the standard
library has no brotli; gzip from the standard library.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

import brotli

from .. import buildcache
from ..paths import PROJECT

CACHE = PROJECT / "build" / "compressed"
COMPRESSIBLE = {".js", ".mjs", ".wasm", ".json", ".css", ".html", ".svg", ".xml", ".txt", ".zip"}
MINIMUM = 1024  # below a packet, compressing saves nothing worth a file
WORTH = 0.9  # a copy under 90 % of the original, or none


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=11)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


ENCODINGS = ((".br", _brotli), (".gz", _gzip))


def _key(data: bytes, suffix: str, cache: Path) -> Path:
    return cache / (hashlib.sha256(data).hexdigest()[:32] + suffix)


def _cached(data: bytes, suffix: str, cache: Path) -> bool:
    return _key(data, suffix, cache).is_file()


def compressed(data: bytes, suffix: str, cache: Path = CACHE) -> bytes:
    """``data`` compressed for ``suffix`` (.br or .gz), from the cache when made before."""
    key = _key(data, suffix, cache)
    try:
        return buildcache.used(key).read_bytes()
    except FileNotFoundError:
        pass  # not made yet, or pruned by another build a moment ago: make it
    packed = dict(ENCODINGS)[suffix](data)
    cache.mkdir(parents=True, exist_ok=True)
    partial = key.with_name(key.name + ".part")
    partial.write_bytes(packed)
    partial.replace(key)  # never a half-written cache entry
    return packed


def precompress(site: Path, cache: Path = CACHE) -> int:
    """Write .br and .gz beside each compressible file of ``site``; returns how many."""
    written = 0
    told = False
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        if len(data) < MINIMUM:
            continue
        if not told and len(data) > 1_000_000 and not _cached(data, ".br", cache):
            told = True  # the first build: about 20 s of brotli, said rather than silent
            print("compressing the runtime for the first time (about 20 s; cached after)...",
                  file=sys.stderr, flush=True)
        for suffix, _ in ENCODINGS:
            packed = compressed(data, suffix, cache)
            if len(packed) < len(data) * WORTH:
                path.with_name(path.name + suffix).write_bytes(packed)
                written += 1
    buildcache.prune(cache)
    return written
