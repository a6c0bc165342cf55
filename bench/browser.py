"""Browser figures: first answer against stock Pyodide, recompute latency, long tasks, bytes.

Everything is served by one local server in one run: the built site under
/site/ and a reference page under /stock/ that boots stock Pyodide (the same
npm package, default options, in a Web Worker like ours) and runs one line of
Python. Machines here are noisy, so the ratios within one run are what count.

The server sends files as a real host does (``Served``): the precompressed
``.br`` (else ``.gz``) copy with ``Content-Encoding`` when the browser accepts
it, ``Cache-Control: no-cache`` with ``Last-Modified`` (every request is
revalidated, a 304 carries no body: a second visit a day later on a host with
a short cache lifetime), and it counts the bytes it sends, so "transferred"
means bytes that left the server. The stock reference is precompressed at the
same quality as the site.

Two profiles (``PROFILES``), each for a cold visit (fresh browser profile) and a
second visit (a new tab in the same profile, after the first answer):

- desktop: this machine as it is;
- phone: Chromium's CPU throttling (4x) and network emulation (9 Mbit/s down,
  150 ms round trip) through the DevTools protocol. Chromium throttles the CPU
  of the page's main thread only: it refuses the command for a worker ("only
  supported for pages"), so Python in the worker, ours and stock's alike, runs
  at full speed. The network emulation does cover the worker's requests; it is
  also applied to the site's service worker, whose requests would escape it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from sitegen.paths import PROJECT
from sitegen.staff.serve import StaticHandler

from .chromium import CHROMIUM
from .chromium import LAUNCH_ARGS as ARGS

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
# What a user does between the first answer and leaving: reads it. Long enough
# for a service worker to install; the same pause for the stock page.
READING_MS = 2000


@dataclass(frozen=True)
class Profile:
    name: str
    cpu_slowdown: float = 1
    latency_ms: float = 0
    download_bytes_per_s: float | None = None

    def floor_ms(self, transferred: int, round_trips: int = 2) -> float | None:
        """The least a page can take on this network: its bytes at the full
        bandwidth plus the round trips of a page that asks for everything it
        needs as soon as it has the HTML (the HTML, then the rest at once)."""
        if not self.download_bytes_per_s:
            return None
        return transferred / self.download_bytes_per_s * 1000 + round_trips * self.latency_ms


PROFILES = (Profile("desktop"),
            Profile("phone", cpu_slowdown=4, latency_ms=150, download_bytes_per_s=9e6 / 8))


def prepare_root(site: Path, root: Path) -> Path:
    """/site/ is the built site; /stock/ the reference page with the stock runtime."""
    from sitegen.bundle.compression import precompress

    root.mkdir(parents=True, exist_ok=True)
    (root / "site").symlink_to(site.resolve(), target_is_directory=True)
    stock = root / "stock"
    shutil.copytree(PROJECT / "node_modules" / "pyodide", stock / "pyodide")
    (stock / "index.html").write_text(STOCK_HTML)
    (stock / "stock.js").write_text(STOCK_JS)
    (stock / "stock-worker.mjs").write_text(STOCK_WORKER)
    precompress(stock)  # the same .br/.gz a host would serve for the site
    return root


class Sent:
    """Bytes the server sent, per request path, since the last ``reset``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.log: list[tuple[str, int, int]] = []  # (path, status, body bytes)

    def add(self, path: str, status: int, size: int) -> None:
        with self.lock:
            self.log.append((path, status, size))

    def reset(self) -> list[tuple[str, int, int]]:
        with self.lock:
            log, self.log = self.log, []
        return log


class Served(StaticHandler):
    """Files as a static host sends them (with the MIME types Pyodide needs):
    precompressed copy, revalidation, byte count."""

    sent: Sent  # set per server by serve()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        self._encoding = None
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and path.with_name(path.name + suffix).is_file():
                self._encoding, self._variant = encoding, path.with_name(path.name + suffix)
                break
        self._original = path
        return super().send_head()

    def translate_path(self, path: str) -> str:
        translated = super().translate_path(path)
        if getattr(self, "_encoding", None) and Path(translated) == self._original:
            return str(self._variant)
        return translated

    def guess_type(self, path) -> str:
        if getattr(self, "_encoding", None) and Path(path) == self._variant:
            return super().guess_type(str(self._original))
        return super().guess_type(path)

    def end_headers(self) -> None:
        if getattr(self, "_encoding", None):
            self.send_header("Content-Encoding", self._encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", __import__("os").environ.get("BENCH_CACHE", "no-cache"))
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        # Counted before it is written: a client that has read the whole body
        # may ask what was sent before this thread resumes.
        self.sent.add(unquote(urlparse(self.path).path), self._status, len(data))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser left
            outputfile.write(data)

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        if code == 304:  # no body follows, so copyfile is not called
            self.sent.add(unquote(urlparse(self.path).path), 304, 0)
        super().send_response(code, message)


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    sent = Sent(root)
    handler = functools.partial(type("Handler", (Served,), {"sent": sent}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.sent = sent
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _wait_mark(page, name: str, timeout_s: float = 180) -> float:
    # Polled: wait_for_function with a string is an eval, which the site's CSP blocks.
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(f"() => performance.getEntriesByName({json.dumps(name)})[0]"
                              "?.startTime ?? null")
        if value is not None:
            return value
        page.wait_for_timeout(25)
    raise TimeoutError(f"no {name} within {timeout_s} s")


def _network(profile: Profile) -> dict:
    return {"offline": False, "latency": profile.latency_ms,
            "downloadThroughput": profile.download_bytes_per_s or -1,
            "uploadThroughput": profile.download_bytes_per_s or -1}


def _throttle(context, page, profile: Profile) -> None:
    """Apply the profile to a page before it navigates (emulation is per tab)."""
    if profile.cpu_slowdown == 1 and not profile.download_bytes_per_s:
        return
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", _network(profile))


class ServiceWorkerNetwork:
    """Network emulation for service workers too: a page's emulation does not
    cover the requests its service worker makes on its behalf."""

    def __init__(self, browser, profile: Profile) -> None:
        self.profile = profile
        self.cdp = None
        if not profile.download_bytes_per_s:
            return
        self.cdp = browser.new_browser_cdp_session()
        self.cdp.on("Target.targetCreated", self._created)
        self.cdp.on("Target.attachedToTarget", self._attached)
        self.cdp.send("Target.setDiscoverTargets", {"discover": True})

    def _created(self, event: dict) -> None:
        info = event["targetInfo"]
        if info["type"] == "service_worker":
            # Not flattened: Playwright's sessions cannot address a child
            # session, so commands go through Target.sendMessageToTarget.
            self.cdp.send("Target.attachToTarget", {"targetId": info["targetId"],
                                                    "flatten": False})

    def _send(self, session: str, number: int, method: str, params: dict) -> None:
        self.cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(
            {"id": number, "method": method, "params": params})})

    def _attached(self, event: dict) -> None:
        session = event["sessionId"]
        self._send(session, 1, "Network.enable", {})
        self._send(session, 2, "Network.emulateNetworkConditions", _network(self.profile))

    def close(self) -> None:
        if self.cdp:
            self.cdp.detach()


def _runtime(path: str) -> bool:
    """Files of the Python runtime: Pyodide's and the engine package."""
    name = path.rsplit("/", 1)[-1]
    return "/pyodide/" in path or (name.startswith("calculator-") and name.endswith(".zip"))


def _settle(page) -> None:
    """After the answer: read it for a while, then let the page finish what it
    does in the background for the next visit (our calculator: install its
    service worker and keep the page, then say so with data-offline; the stock
    page does nothing)."""
    page.wait_for_timeout(READING_MS)
    page.evaluate("""async () => {
      const calculator = document.querySelector("[data-calculator]");
      if (!calculator || !navigator.serviceWorker) return;
      for (let i = 0; i < 300 && !calculator.dataset.offline; i++) {
        await new Promise((done) => setTimeout(done, 100));
      }
    }""")


def _visit(browser, url: str, mark: str, profile: Profile, sent: Sent,
           second: bool = True) -> dict:
    context = browser.new_context()
    context.add_init_script(LONGTASKS)
    out = {}
    for phase in ("cold", "second") if second else ("cold",):
        page = context.new_page()
        _throttle(context, page, profile)
        sent.reset()
        page.goto(url)
        t = _wait_mark(page, mark)
        until_answer = sum(size for _, _, size in sent.log)  # before anything after it
        longest = max(page.evaluate("() => window.__longtasks") or [0])
        if phase == "cold" and second:
            _settle(page)
        else:
            page.wait_for_timeout(300)  # the last responses of the visit
        log = sent.reset()
        page.close()
        transferred = sum(size for _, _, size in log)
        out[phase] = {
            "ms": t,
            "longest_task_ms": longest,
            "requests": len(log),
            "transferred_bytes": transferred,
            "until_answer_bytes": until_answer,
            "runtime_bytes": sum(size for path, _, size in log if _runtime(path)),
            "revalidated": sum(1 for _, status, _ in log if status == 304),
            "raw_bytes": _raw_bytes(log, sent),
            "pyodide_files": sorted({p.rsplit("/", 1)[-1] for p, _, _ in log if "/pyodide/" in p}),
        }
    context.close()
    return out


def _raw_bytes(log, sent: Sent) -> int:
    root, total = sent.root, 0
    for path, status, _ in log:
        if status != 200:
            continue
        file = root / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        total += file.stat().st_size if file.is_file() else 0
    return total


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
    page.check("[name=scope][value=prevention]")  # radio buttons since issue 16
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


def _profile_figures(profile: Profile, ours: list[dict], theirs: list[dict]) -> dict:
    out = {"cpu_slowdown": profile.cpu_slowdown, "latency_ms": profile.latency_ms,
           "download_bytes_per_s": profile.download_bytes_per_s}
    for phase in ("cold", "second"):
        mine = _stats([r[phase]["ms"] for r in ours])
        stock = _stats([r[phase]["ms"] for r in theirs])
        first = ours[0][phase]
        out[phase] = {
            "first_answer_ms": mine,
            "stock_ms": stock,
            "ratio": round(mine["median"] / stock["median"], 2),
            "transferred_bytes": first["transferred_bytes"],
            "runtime_bytes": first["runtime_bytes"],
            "raw_bytes": first["raw_bytes"],
            "requests": first["requests"],
            "revalidated": first["revalidated"],
            "stock_transferred_bytes": theirs[0][phase]["transferred_bytes"],
            "stock_runtime_bytes": theirs[0][phase]["runtime_bytes"],
            "stock_revalidated": theirs[0][phase]["revalidated"],
            "stock_raw_bytes": theirs[0][phase]["raw_bytes"],
            "longest_task_ms": max(r[phase]["longest_task_ms"] for r in ours),
        }
    floor = profile.floor_ms(ours[0]["cold"]["until_answer_bytes"])
    if floor:
        out["cold"]["floor_ms"] = round(floor)
        out["cold"]["over_floor"] = round(out["cold"]["first_answer_ms"]["median"] / floor, 2)
        out["cold"]["stock_floor_ms"] = round(
            profile.floor_ms(theirs[0]["cold"]["until_answer_bytes"]))
    return out


def measure(site: Path, work: Path, runs: int = 7, slug: str = "infancy-onward") -> dict:
    from playwright.sync_api import sync_playwright

    root = prepare_root(site, work / "root")
    server, base = serve(root)
    calculator = f"{base}/site/{slug}/calculator.html"
    stock = f"{base}/stock/index.html"
    results: dict = {"load_average_before": round(os.getloadavg()[0], 2)}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=ARGS)
            results["worker_cpu_throttling"] = _worker_throttling(browser, calculator)
            _visit(browser, stock, "stock-first-answer", PROFILES[0], server.sent,
                   second=False)  # warm the OS file cache
            for profile in PROFILES:
                sw_network = ServiceWorkerNetwork(browser, profile)
                ours, theirs = [], []
                for i in range(runs):  # interleaved: background load hits both alike
                    print(f"  {profile.name} run {i + 1}/{runs}", flush=True,
                          file=__import__("sys").stderr)
                    ours.append(_visit(browser, calculator, "calc-first-answer", profile,
                                       server.sent))
                    theirs.append(_visit(browser, stock, "stock-first-answer", profile,
                                         server.sent))
                sw_network.close()
                results[profile.name] = _profile_figures(profile, ours, theirs)
            results["informational_page"] = _info_page(browser, f"{base}/site/{slug}/fees.html",
                                                       server.sent)
            results["recompute"] = recompute(browser, calculator)
            browser.close()
    finally:
        server.shutdown()
    results["load_average_after"] = round(os.getloadavg()[0], 2)
    return results


def _worker_throttling(browser, url: str) -> str:
    """Ask Chromium to throttle a dedicated worker's CPU, and report its answer."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    replies: list[str] = []
    cdp.on("Target.receivedMessageFromTarget", lambda e: replies.append(e["message"]))

    def attached(event: dict) -> None:
        for number, method, params in ((1, "Emulation.setCPUThrottlingRate", {"rate": 4}),
                                       (2, "Runtime.runIfWaitingForDebugger", {})):
            cdp.send("Target.sendMessageToTarget", {"sessionId": event["sessionId"],
                     "message": json.dumps({"id": number, "method": method, "params": params})})

    cdp.on("Target.attachedToTarget", attached)
    cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                      "flatten": False})
    page.goto(url)
    _wait_mark(page, "calc-first-answer")
    context.close()
    for reply in replies:
        message = json.loads(reply)
        if message.get("id") == 1:
            return message.get("error", {}).get("message") or "accepted"
    return "no reply"


def _info_page(browser, url: str, sent: Sent) -> dict:
    context = browser.new_context()
    page = context.new_page()
    sent.reset()
    page.goto(url, wait_until="networkidle")
    context.close()
    log = sent.reset()
    return {"url": urlparse(url).path, "requests": len(log),
            "transferred_bytes": sum(size for _, _, size in log),
            "raw_bytes": _raw_bytes(log, sent),
            "pyodide_bytes": sum(size for path, _, size in log if _runtime(path))}
