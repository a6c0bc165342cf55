"""Browser figures: first answer against stock Pyodide, recompute latency, long tasks, bytes.

Everything is served by one local server in one run: the built site under
/site/ and a reference page under /stock/ that boots stock Pyodide (the same
npm package, default options, in a Web Worker like ours) and runs one line of
Python. Machines here are noisy, so the ratios within one run are what count.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import statistics
import threading
from pathlib import Path
from urllib.parse import urlparse

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PROJECT = Path(__file__).resolve().parent.parent

STOCK_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Stock Pyodide reference</title></head><body><p id="out">booting</p>
<script type="module" src="stock.js"></script></body></html>
"""
STOCK_JS = """const url = new URL("./stock-worker.mjs", import.meta.url);
const worker = new Worker(url, {type: "module"});
worker.onmessage = (e) => {
  const out = document.getElementById("out");
  out.textContent = e.data;
  out.dataset.done = "true";
  performance.mark("stock-first-answer");
};
"""
STOCK_WORKER = """import { loadPyodide } from "./pyodide/pyodide.mjs";
const pyodide = await loadPyodide();
self.postMessage(String(pyodide.runPython("sum(range(10))")));
"""
LONGTASKS = """window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longtasks.push(entry.duration);
}).observe({type: "longtask", buffered: true});
"""


def prepare_root(site: Path, root: Path) -> Path:
    """/site/ is the built site; /stock/ the reference page with the stock runtime."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site").symlink_to(site.resolve(), target_is_directory=True)
    stock = root / "stock"
    shutil.copytree(PROJECT / "node_modules" / "pyodide", stock / "pyodide")
    (stock / "index.html").write_text(STOCK_HTML)
    (stock / "stock.js").write_text(STOCK_JS)
    (stock / "stock-worker.mjs").write_text(STOCK_WORKER)
    return root


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    from sitegen.serve import StaticHandler  # the MIME types Pyodide needs

    handler = functools.partial(StaticHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class Sizes:
    """Raw and compressed size of each served file (as a host would send it precompressed)."""

    def __init__(self, root: Path):
        self.root = root
        self._cache: dict[str, tuple[int, int, int]] = {}

    def of(self, url: str) -> tuple[int, int, int]:
        path = urlparse(url).path
        if path not in self._cache:
            file = self.root / path.lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            data = file.read_bytes() if file.is_file() else b""
            import brotli

            self._cache[path] = (len(data), len(brotli.compress(data, quality=11)),
                                 len(gzip.compress(data, 9, mtime=0)))
        return self._cache[path]


def _wait_mark(page, name: str, timeout_s: float = 120) -> float:
    # Polled: wait_for_function with a string is an eval, which the site's CSP blocks.
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(f"() => performance.getEntriesByName({json.dumps(name)})[0]"
                              "?.startTime ?? null")
        if value is not None:
            return value
        page.wait_for_timeout(25)
    raise TimeoutError(f"no {name} within {timeout_s} s")


def _visit(browser, url: str, mark: str, sizes: Sizes, warm: bool = True) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(LONGTASKS)
    requests: list[str] = []
    page.on("requestfinished", lambda r: requests.append(r.url))
    out = {}
    for phase in ("cold", "warm") if warm else ("cold",):
        requests.clear()
        if phase == "cold":
            page.goto(url)
        else:
            page.reload()
        t = _wait_mark(page, mark)
        page.wait_for_timeout(200)  # late requestfinished events
        files = [sizes.of(u) for u in requests]
        out[phase] = {
            "ms": t,
            "longest_task_ms": max(page.evaluate("() => window.__longtasks") or [0]),
            "requests": len(requests),
            "raw_bytes": sum(f[0] for f in files),
            "brotli_bytes": sum(f[1] for f in files),
            "gzip_bytes": sum(f[2] for f in files),
            "pyodide_files": sorted({urlparse(u).path.rsplit("/", 1)[-1] for u in requests
                                     if "/pyodide/" in u}),
            "other_hosts": sorted({urlparse(u).netloc for u in requests
                                   if urlparse(u).hostname != "127.0.0.1"}),
        }
    context.close()
    return out


def _stats(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1),
            "max": round(max(values), 1), "runs": len(values)}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def recompute(browser, url: str, changes: int = 200) -> dict:
    """Input event -> updated answer in the DOM, over many changes on one booted page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    _wait_mark(page, "calc-first-answer")
    page.select_option("[name=scope]", "prevention")
    latencies = []
    for i in range(changes):
        before = page.get_attribute("#calc-result", "data-seq")
        page.fill("[name=training_hours]", str(20 + (i % 30) * 0.5))
        for _ in range(2000):
            seq = page.get_attribute("#calc-result", "data-seq")
            if seq != before:
                break
            page.wait_for_timeout(2)
        latencies.append(float(page.get_attribute("#calc-result", "data-latency-ms")))
    page.evaluate("() => document.querySelector('[data-calculator]')"
                  ".dispatchEvent(new CustomEvent('calc-bench', {detail: {n: 500}}))")
    per_call = None
    for _ in range(2000):
        per_call = page.get_attribute("[data-calculator]", "data-bench-ms")
        if per_call:
            break
        page.wait_for_timeout(10)
    context.close()
    return {"changes": changes, "p50_ms": round(_percentile(latencies, 0.5), 2),
            "p95_ms": round(_percentile(latencies, 0.95), 2), "max_ms": round(max(latencies), 2),
            "pyodide_per_call_ms": round(float(per_call), 3) if per_call else None}


def measure(site: Path, work: Path, runs: int = 7, slug: str = "infancy-onward") -> dict:
    from playwright.sync_api import sync_playwright

    root = prepare_root(site, work / "root")
    sizes = Sizes(root)
    server, base = serve(root)
    calculator = f"{base}/site/{slug}/calculator.html"
    stock = f"{base}/stock/index.html"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=ARGS)
            _visit(browser, stock, "stock-first-answer", sizes, warm=False)  # warm the OS cache
            ours, theirs = [], []
            for _ in range(runs):  # interleaved: background load hits both alike
                ours.append(_visit(browser, calculator, "calc-first-answer", sizes))
                theirs.append(_visit(browser, stock, "stock-first-answer", sizes))
            info = _info_page(browser, f"{base}/site/{slug}/fees.html", sizes)
            latency = recompute(browser, calculator)
            browser.close()
    finally:
        server.shutdown()
    cold = _stats([r["cold"]["ms"] for r in ours])
    stock_cold = _stats([r["cold"]["ms"] for r in theirs])
    warm = _stats([r["warm"]["ms"] for r in ours])
    stock_warm = _stats([r["warm"]["ms"] for r in theirs])
    return {
        "cold_first_answer_ms": cold,
        "stock_cold_boot_ms": stock_cold,
        "cold_ratio": round(cold["median"] / stock_cold["median"], 2),
        "warm_first_answer_ms": warm,
        "stock_warm_boot_ms": stock_warm,
        "warm_ratio": round(warm["median"] / stock_warm["median"], 2),
        "longest_boot_task_ms": max(r["cold"]["longest_task_ms"] for r in ours),
        "calculator_cold_bytes": {k: ours[0]["cold"][k] for k in
                                  ("raw_bytes", "brotli_bytes", "gzip_bytes", "requests",
                                   "pyodide_files", "other_hosts")},
        "stock_cold_bytes": {k: theirs[0]["cold"][k] for k in
                             ("raw_bytes", "brotli_bytes", "gzip_bytes", "requests",
                              "pyodide_files")},
        "informational_page": info,
        "recompute": latency,
    }


def _info_page(browser, url: str, sizes: Sizes) -> dict:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("requestfinished", lambda r: requests.append(r.url))
    page.goto(url, wait_until="networkidle")
    context.close()
    files = [sizes.of(u) for u in requests]
    return {"url": urlparse(url).path, "requests": len(requests),
            "raw_bytes": sum(f[0] for f in files), "brotli_bytes": sum(f[1] for f in files),
            "pyodide_bytes": sum(sizes.of(u)[0] for u in requests if "/pyodide/" in u)}
