"""`python -m bench` is not a test, but the server it measures through must
keep working when the dev server changes (it broke once when `serve` was
reworked): it serves files with the MIME types Pyodide needs."""

from __future__ import annotations

import urllib.request
from pathlib import Path


def test_bench_server_sends_wasm_as_wasm(tmp_path: Path) -> None:
    from bench.browser import serve

    (tmp_path / "a.wasm").write_bytes(b"\0asm")
    (tmp_path / "b.mjs").write_text("export {};", encoding="utf-8")
    server, base = serve(tmp_path)
    try:
        with urllib.request.urlopen(f"{base}/a.wasm") as reply:
            assert reply.headers["Content-Type"] == "application/wasm"
            assert reply.read() == b"\0asm"
        with urllib.request.urlopen(f"{base}/b.mjs") as reply:
            assert reply.headers["Content-Type"].startswith("text/javascript")
    finally:
        server.shutdown()
