"""The slow-phone journey (issue 16): a first visit on a slow phone by someone
who answers one question every 3 seconds.

Profile (Lighthouse's "slow 4G"): 1.6 Mbit/s down, 150 ms round trip, CPU 4x
slower. The network is Chromium's emulation through the DevTools protocol
(``Network.emulateNetworkConditions``; it covers the worker's requests), the
files served as a real host sends them (the ``.br`` copy with
``Content-Encoding: br``, bench.browser.Served), a fresh profile (cold).

The CPU is slowed two ways, both reported:

- ``cdp``: ``Emulation.setCPUThrottlingRate {rate: 4}`` on the page. Chromium
  applies it to the page's main thread only and refuses it for the worker
  ("Operation is only supported for pages, not workers"), so Python boots and
  answers at this machine's full speed: an optimistic figure.
- ``duty``: the page's renderer processes (main thread and worker alike) are
  stopped three quarters of the time (SIGSTOP/SIGCONT, 5 ms of every 20 ms, as
  ``cpulimit`` does), so everything the page does takes about 4x as long in
  wall-clock time; the network process is not stopped. Closer to a slow phone,
  and harsher where this 2-core machine is already busy.

The visitor: the fields appear, and from then on one question is answered
every 3 seconds (at 3, 6, ... 24 s), eight in all: choices picked
(``select_option`` or a radio button's ``check``, a tap) and numbers typed key by key
(``keyboard.type``, 120 ms a key). Measured in the page's clock:

- ``wait_ms``: from the last answer's input event to the answer to the whole
  form on screen (the result's ``data-seq`` reaching the request posted after
  that input; MutationObserver time, after app.js has rendered it);
- ``ready_ms``: navigation to the first answer (Python ready);
- ``bytes``: what the server sent during the visit, until that answer.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from .browser import ARGS, Sent, prepare_root, serve
from .chromium import CHROMIUM

SLOW = {"latency_ms": 150, "download_bytes_per_s": 1.6e6 / 8, "cpu": 4}
EVERY_S = 3.0
KEY_DELAY_MS = 120
# (control name, value): a home visitor with a bachelor's degree choosing
# prevention (issue 16's first journey), eight answers, in the form's order.
JOURNEY = (("age_focus", "infant"), ("scope", "prevention"), ("education", "bachelor"),
           ("work_years", "3"), ("families_served", "12"), ("training_hours", "33"),
           ("references", "3"), ("rsc_hours", "24"))

INSTRUMENT = """(() => {
  const j = (window.__journey = { lastInput: null, sent: 0, sentAt: {}, shown: {} });
  for (const type of ["input", "change"]) {
    document.addEventListener(type, (e) => { j.lastInput = e.timeStamp; }, true);
  }
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === "answer") {
      j.sent = message.seq;
      j.sentAt[message.seq] = performance.now();
    }
    return post.call(this, message, ...rest);
  };
  document.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("calc-result");
    new MutationObserver(() => {
      const seq = box.dataset.seq;
      if (seq && !(seq in j.shown)) j.shown[seq] = performance.now();
    }).observe(box, { attributes: true, attributeFilter: ["data-seq"] });
  });
})();"""


@dataclass
class DutyCycle:
    """Stops the given browser's renderer processes 3/4 of the time (4x slower)."""

    marker: str
    run_ms: float = 5
    period_ms: float = 20

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.most = 0  # the most renderer processes stopped at once (0: none found)

    def _renderers(self) -> list[int]:
        out = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                # Chromium rewrites its process title: one string, spaces not NULs.
                cmdline = (entry / "cmdline").read_bytes()
                if b"--type=renderer" in cmdline and self._ours(int(entry.name)):
                    out.append(int(entry.name))
            except OSError:
                continue
        return out

    def _ours(self, pid: int) -> bool:
        """Is ``pid`` a descendant of the browser launched with our marker?"""
        for _ in range(10):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                pid = int(stat.rsplit(")", 1)[1].split()[1])
                if pid <= 1:
                    return False
                if self.marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return True
            except OSError:
                return False
        return False

    def _loop(self) -> None:
        pids: list[int] = []
        refreshed = 0.0
        while not self._stop.is_set():
            if time.monotonic() - refreshed > 0.5:  # new renderers (a new tab)
                pids, refreshed = self._renderers(), time.monotonic()
                self.most = max(self.most, len(pids))
            self._signal(pids, signal.SIGSTOP)
            time.sleep((self.period_ms - self.run_ms) / 1000)
            self._signal(pids, signal.SIGCONT)
            time.sleep(self.run_ms / 1000)
        self._signal(pids, signal.SIGCONT)

    @staticmethod
    def _signal(pids: list[int], sig: int) -> None:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)

    def __enter__(self) -> DutyCycle:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()


def _network(cdp) -> None:
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": SLOW["latency_ms"],
        "downloadThroughput": SLOW["download_bytes_per_s"],
        "uploadThroughput": SLOW["download_bytes_per_s"]})


def _answer(page, name: str, value: str) -> None:
    control = page.locator(f'#calc-form [name="{name}"]')
    kind = control.first.evaluate("el => el.tagName === 'SELECT' ? 'select' : el.type")
    if kind == "radio":
        page.locator(f'#calc-form [name="{name}"][value="{value}"]').check()
    elif kind == "select":
        control.select_option(value=value)
    else:
        control.click()
        page.keyboard.type(value, delay=KEY_DELAY_MS)


def visit(browser, url: str, sent: Sent, cpu: str) -> dict:
    context = browser.new_context(service_workers="block")
    context.add_init_script(INSTRUMENT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    _network(cdp)
    if cpu == "cdp":
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW["cpu"]})
    sent.reset()
    page.goto(url, wait_until="domcontentloaded", timeout=180_000)
    page.locator(f'#calc-form [name="{JOURNEY[0][0]}"]').wait_for(state="visible")
    start = time.monotonic()
    for i, (name, value) in enumerate(JOURNEY):
        delay = start + EVERY_S * (i + 1) - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        _answer(page, name, value)
    deadline = time.monotonic() + 300
    while True:
        j = page.evaluate("() => window.__journey")
        last, seq = j["lastInput"], str(j["sent"])
        if (j["sent"] and j["sentAt"].get(seq, -1) >= last and seq in j["shown"]):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"no answer to the whole form within 300 s: {j}")
        time.sleep(0.05)
    first = page.evaluate("() => performance.getEntriesByName('calc-first-answer')[0]?.startTime")
    log = sent.reset()
    result = page.get_attribute("#calc-result", "data-result")
    context.close()
    return {"wait_ms": round(j["shown"][seq] - last), "ready_ms": round(first),
            "last_input_ms": round(last), "bytes": sum(size for _, _, size in log),
            "requests": len(log), "answered": '"recommended"' in (result or "")}


def measure(site: Path, work: Path, runs: int = 3, slug: str = "infancy-onward",
            modes: tuple[str, ...] = ("cdp", "duty")) -> dict:
    from playwright.sync_api import sync_playwright

    root = prepare_root(site, work / f"journey-root-{uuid.uuid4().hex[:8]}")
    server, base = serve(root)
    url = f"{base}/site/{slug}/calculator.html"
    marker = f"--iecmh-bench={uuid.uuid4().hex}"  # finds this browser's renderers
    out: dict = {"profile": {**SLOW, "every_s": EVERY_S, "fields": len(JOURNEY),
                             "key_delay_ms": KEY_DELAY_MS},
                 "load_average_before": round(os.getloadavg()[0], 2)}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=[*ARGS, marker])
            for mode in modes:
                visits = []
                for i in range(runs):
                    print(f"  slow phone ({mode} CPU) run {i + 1}/{runs}", flush=True,
                          file=__import__("sys").stderr)
                    if mode == "duty":
                        with DutyCycle(marker) as duty:
                            visits.append(visit(browser, url, server.sent, mode))
                        visits[-1]["renderers_stopped"] = duty.most
                        if not duty.most:
                            raise RuntimeError("no renderer process of this browser was found")
                    else:
                        visits.append(visit(browser, url, server.sent, mode))
                out[mode] = {
                    "wait_ms": _stats([v["wait_ms"] for v in visits]),
                    "ready_ms": _stats([v["ready_ms"] for v in visits]),
                    "last_input_ms": _stats([v["last_input_ms"] for v in visits]),
                    "bytes": visits[0]["bytes"],
                    "answered": all(v["answered"] for v in visits),
                    "visits": visits,
                }
            browser.close()
    finally:
        server.shutdown()
    out["load_average_after"] = round(os.getloadavg()[0], 2)
    return out


def _stats(values: list[float]) -> dict:
    return {"median": round(statistics.median(values)), "min": round(min(values)),
            "max": round(max(values)), "runs": len(values)}


def rows(j: dict) -> list[tuple[str, str, str]]:
    """Rows for bench's table."""
    out = []
    names = {"cdp": "CDP CPU 4x (page only; worker at full speed)",
             "duty": "renderer stopped 3/4 of the time (page and worker 4x)"}
    for mode, label in names.items():
        if mode not in j:
            continue
        m = j[mode]
        span = lambda s: f"{s['median']:,} ms ({s['min']:,}–{s['max']:,})"  # noqa: E731
        out += [
            (f"Slow phone, {label}: last answer → answer on screen",
             span(m["wait_ms"]), "≤ 1 s"),
            (f"Slow phone, {label}: Python ready / last answer, from navigation",
             f"{m['ready_ms']['median']:,} / {m['last_input_ms']['median']:,} ms", ""),
        ]
    first = next((j[m] for m in ("cdp", "duty") if m in j), None)
    if first:
        out.append(("Slow phone: first-visit bytes sent (brotli), until that answer",
                    f"{first['bytes'] / 1e6:.2f} MB ({first['bytes']:,} B)", "< 3.94 MB"))
    return out
