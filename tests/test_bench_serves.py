"""`python -m bench` is not a test, but the server it measures through must
keep serving as a static host does (it broke once when `serve` was reworked):
the MIME types Pyodide needs, the precompressed copy the browser accepts with
Content-Encoding, revalidation, and a count of the bytes it sent."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

import brotli

from sitegen.bundle.compression import precompress


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as err:  # 304 comes as an "error" from urllib
        return err.code, err.headers, b""


def test_bench_server_sends_files_as_a_host_does(tmp_path: Path) -> None:
    from bench.browser import serve

    wasm = b"\0asm" + bytes(range(256)) * 64
    (tmp_path / "a.wasm").write_bytes(wasm)
    (tmp_path / "b.mjs").write_text("export {};", encoding="utf-8")
    assert precompress(tmp_path, cache=tmp_path.parent / "compressed") == 2  # a.wasm .br, .gz
    server, base = serve(tmp_path)
    try:
        status, headers, body = _get(f"{base}/a.wasm", **{"Accept-Encoding": "gzip, br"})
        assert status == 200 and headers["Content-Type"] == "application/wasm"
        assert headers["Content-Encoding"] == "br" and brotli.decompress(body) == wasm
        status, headers, body = _get(f"{base}/a.wasm", **{"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == wasm
        status, headers, body = _get(f"{base}/a.wasm")
        assert "Content-Encoding" not in headers and body == wasm
        assert headers["Cache-Control"] == "no-cache"
        status, _, body = _get(f"{base}/a.wasm", **{"If-Modified-Since": headers["Last-Modified"]})
        assert status == 304 and body == b""
        status, headers, _ = _get(f"{base}/b.mjs")
        assert headers["Content-Type"].startswith("text/javascript")
        log = server.sent.reset()
        assert [(path, status) for path, status, _ in log] == [
            ("/a.wasm", 200), ("/a.wasm", 200), ("/a.wasm", 200), ("/a.wasm", 304),
            ("/b.mjs", 200)]
        sizes = [size for _, _, size in log]
        assert sizes[0] < sizes[1] < sizes[2] == len(wasm) and sizes[3] == 0
    finally:
        server.shutdown()


def test_floor_is_bytes_at_full_bandwidth_plus_two_round_trips() -> None:
    from bench.browser import PROFILES

    phone = next(p for p in PROFILES if p.name == "phone")
    assert phone.floor_ms(1_125_000) == 1000 + 2 * 150
    assert next(p for p in PROFILES if p.name == "desktop").floor_ms(10**6) is None
