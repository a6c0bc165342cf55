"""Helpers for the browser tests: driving the calculator page by control name.

Imported by the test modules as ``from browser_helpers import ...`` (pytest puts
this folder on ``sys.path``; a uniquely named module rather than conftest.py,
because tests/ and tests/site/ have conftest modules of their own).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

# The one list of launch flags and the one project root, for the test modules.
from bench.chromium import CHROMIUM, LAUNCH_ARGS  # noqa: F401
from sitegen.paths import PROJECT as ROOT

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SLUGS = ("infancy-onward", "aimh-example")

BOOT_TIMEOUT = 120.0  # seconds; a cold boot takes 5-10 s on the 2-core test machine
ANSWER_TIMEOUT = 30.0

# Test instrumentation, added with context.add_init_script. Playwright injects
# init scripts through the DevTools protocol before any script of the page
# runs, and the page's CSP (script-src 'self') does not apply to them
# (test_pages_in_browser.py checks that __test exists on every page, and that
# the violation listener below does record a violation).
INIT_SCRIPT = r"""
(() => {
  const t = (window.__test = { csp: [], longtasks: [], sent: 0, request: null });
  document.addEventListener("securitypolicyviolation", (e) => {
    t.csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} `
               + `in ${e.sourceFile || location.href}:${e.lineNumber}`);
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        t.longtasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (err) {
    t.longtasks = null; // no long-task timing in this browser: the test says so
  }
  // Read-only wrapper: notes the seq and form state of the last request the
  // page posted to its worker, then passes the message on unchanged. With the
  // result's data-seq this tells when the shown answer belongs to the latest
  // input (the page coalesces requests; see app.js send()).
  if (typeof Worker === "function") {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (message && message.type === "answer") {
        t.sent = message.seq;
        t.request = message.request;
      }
      return post.call(this, message, ...rest);
    };
  }
})();
"""

# Python error text that must never reach the page.
PYTHON_ERROR = re.compile(r"Traceback|File \"|\b[A-Z][A-Za-z]*(Error|Exception)\b|\bError:")


@dataclass
class Watch:
    """Everything a page did that a test may want to refuse: requests, console
    errors, uncaught exceptions."""

    requests: list[Any] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> Watch:
        page.on("request", lambda r: self.requests.append(r))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("console", lambda m: self.console_errors.append(
            f"{m.text} ({m.location.get('url')}:{m.location.get('lineNumber')})")
            if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        return self

    def urls(self) -> list[str]:
        return [r.url for r in self.requests]


def is_own(url: str, base_url: str) -> bool:
    """A request to the test server (data: and blob: URLs are not requests
    to any host)."""
    return url.startswith(base_url) or url.startswith(("data:", "blob:"))


def csp_violations(page) -> list[str]:
    return page.evaluate("() => window.__test ? window.__test.csp : ['(no instrumentation)']")


def storage(page) -> dict[str, dict[str, str]]:
    return page.evaluate("""() => {
      const dump = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
      return { localStorage: dump(localStorage), sessionStorage: dump(sessionStorage) };
    }""")


def inject_axe(page) -> None:
    # page.evaluate runs through the DevTools protocol, which the page's CSP
    # does not restrict: no bypass_csp context is needed to add axe.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))


def run_axe(page) -> list[dict[str, Any]]:
    inject_axe(page)
    return page.evaluate("""async (tags) => {
      // Let the theme's transitions (tabs hiding on scroll, palette colours)
      // finish: a colour caught half-way would be judged, not the page's.
      const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
      await frame();
      await frame();
      await Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => null)));
      const r = await axe.run(document, { runOnly: { type: "tag", values: tags },
                                          resultTypes: ["violations"] });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200),
                                     summary: n.failureSummary })),
      }));
    }""", AXE_TAGS)


def format_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']} [{v['url']}]")
        for n in v["nodes"][:8]:
            summary = " ".join(n["summary"].split())
            html = " ".join(n["html"].split())
            lines.append(f"    {n['target']}\n        {html}\n        {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


def form_text(value: Any) -> Any:
    """A profile value as a person types or chooses it in the form."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return value
    return str(value)


class Calculator:
    """One calculator page, driven by control name like a person would."""

    def __init__(self, page, base_url: str, slug: str):
        self.page = page
        self.base_url = base_url
        self.slug = slug
        self._names: dict[str, str] | None = None
        self.watch: Watch | None = None

    @property
    def url(self) -> str:
        return f"{self.base_url}{self.slug}/calculator.html"

    def open(self, fragment: str = "", wait: bool = True) -> Calculator:
        self.page.goto(self.url + fragment, wait_until="domcontentloaded")
        self._names = None
        if wait:
            self.wait_answer(BOOT_TIMEOUT)
        return self

    def state(self) -> dict[str, Any]:
        return self.page.evaluate("""() => {
          const root = document.querySelector("[data-calculator]");
          const box = document.getElementById("calc-result");
          return { ready: root.dataset.ready || "", seq: box.dataset.seq || "",
                   sent: window.__test ? window.__test.sent : -1,
                   reason: document.getElementById("calc-fallback-reason").textContent };
        }""")

    def wait_ready(self, timeout: float = BOOT_TIMEOUT) -> str:
        """'true' or 'failed', whichever the page reaches."""
        deadline = time.monotonic() + timeout
        while True:
            ready = self.state()["ready"]
            if ready in ("true", "failed"):
                return ready
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.url}: the calculator neither started nor failed "
                                     f"within {timeout:.0f} s")
            time.sleep(0.05)

    def wait_answer(self, timeout: float = ANSWER_TIMEOUT) -> dict[str, Any]:
        """The answer to the latest form state (the page answers only the latest)."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.state()
            if s["ready"] == "failed":
                raise AssertionError(f"{self.url}: the calculator failed to start: {s['reason']}")
            if s["ready"] == "true" and s["sent"] > 0 and s["seq"] == str(s["sent"]):
                return self.result()
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.url}: no answer to the latest input within "
                                     f"{timeout:.0f} s (state {s})")
            time.sleep(0.02)

    def result(self) -> dict[str, Any]:
        return json.loads(self.page.get_attribute("#calc-result", "data-result"))

    def last_request(self) -> dict[str, Any]:
        return json.loads(self.page.evaluate("() => window.__test.request"))

    def names(self) -> list[str]:
        """Control names in document order (once each)."""
        return list(self._controls())

    def _controls(self) -> dict[str, str]:
        """Control name -> type (text, select-one, checkbox), in document order."""
        if self._names is None:
            self._names = dict(self.page.evaluate("""() =>
              [...document.getElementById("calc-form").elements]
                .filter((e) => e.name).map((e) => [e.name, e.type])"""))
        return self._names

    def control(self, name: str, value: str | None = None):
        selector = f'#calc-form [name="{name}"]'
        if value is not None:
            selector += f'[value="{value}"]'
        return self.page.locator(selector)

    def reset(self) -> None:
        """Every answer back to blank, without a reload (one change event)."""
        self.page.evaluate("""() => {
          const form = document.getElementById("calc-form");
          for (const el of form.elements) {
            if (!el.name) continue;
            if (el.type === "checkbox") el.checked = false;
            else if (el.type === "radio") el.checked = el.defaultChecked;
            else if (el.tagName === "SELECT") {
              const blank = [...el.options].findIndex((o) => o.value === "");
              el.selectedIndex = blank >= 0 ? blank : 0;
            } else el.value = "";
          }
          form.dispatchEvent(new Event("change", { bubbles: true }));
        }""")

    def set(self, name: str, value: Any) -> None:
        """Answer one question as a person would: choose, type or tick."""
        # The answer to the previous question first: it can move questions
        # (into or out of "Questions for other categories"), and one moved
        # between the check below and the typing would be typed into hidden.
        if self.state()["sent"] > 0:
            self.wait_answer()
        # A question of another route (renewal, several staff): choose that
        # route first, as a person would (before opening any folded section
        # of it: a section of a hidden route cannot be clicked open).
        wanted_route = self.control(name).first.evaluate(
            "el => { const p = el.closest('[data-route]'); "
            "return p ? p.dataset.route.split(' ')[0] : null; }")
        if wanted_route and self.control("route").count() and \
                not self.control("route", wanted_route).is_checked():
            self.control("route", wanted_route).check()
            self.wait_answer()
        # A question inside a folded section (renewal, hours logged, questions
        # for other categories): open the sections by their summaries first.
        while True:
            closed = self.control(name).first.evaluate(
                """el => { let out = null;
                   for (let d = el.closest("details"); d; d = d.parentElement.closest("details"))
                     if (!d.open) out = d.id;
                   return out; }""")
            if closed is None:
                break
            self.page.locator(f"details#{closed} > summary").click()
        if name in ("add_on", "renewal.add_ons"):  # tick boxes, one per add-on code
            wanted = set(value or [])
            for box in self.control(name).all():
                box.set_checked(box.get_attribute("value") in wanted)
            return
        control = self.control(name)
        kind = self._controls()[name]
        if kind == "radio":
            self.control(name, form_text(value) if value is not None else "").check()
        elif kind == "checkbox":
            control.set_checked(bool(value))
        elif kind.startswith("select"):
            control.select_option(value=form_text(value))
        else:
            control.fill(form_text(value))

    def fill(self, answers: dict[str, Any]) -> None:
        """Answer several questions in the order of the form (so that a question
        shown only for some answers, such as the Mentor track, is visible)."""
        order = {n: i for i, n in enumerate(self.names())}
        for name in sorted(answers, key=lambda n: order.get(n, len(order))):
            self.set(name, answers[name])

    def error_element(self, name: str):
        """The message paragraph of a control: the one its aria-describedby
        names (two routes may ask the same engine field, "term" or "staff",
        each with its own paragraph; and the renewal's category control
        "renewal.category" shows the engine's "category" message)."""
        ids = (self.control(name).first.get_attribute("aria-describedby") or "").split()
        for error_id in ids:
            found = self.page.locator(f"#{error_id}[data-error-for]")
            if found.count():
                return found
        return self.page.locator(f'[data-error-for="{name}"]')

    def error_for(self, name: str) -> str:
        return self.error_element(name).inner_text().strip()

    def calculator_text(self) -> str:
        return self.page.locator("[data-calculator]").inner_text()


# ---- comparing the page with the command line ------------------------------

def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def diff(browser: Any, cli: Any, path: str = "") -> tuple[list[str], int]:
    """Every leaf that differs, as 'path: page X, command line Y', and the
    number of leaves compared. 33 and 33.0 are the same number (JSON)."""
    if isinstance(browser, dict) and isinstance(cli, dict):
        out: list[str] = []
        count = 0
        for key in sorted(set(browser) | set(cli), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in browser:
                out.append(f"{where}: missing on the page, command line {cli[key]!r}")
                count += 1
            elif key not in cli:
                out.append(f"{where}: page {browser[key]!r}, missing from the command line")
                count += 1
            else:
                more, n = diff(browser[key], cli[key], where)
                out += more
                count += n
        return out, count
    if isinstance(browser, list) and isinstance(cli, list):
        if len(browser) != len(cli):
            return [f"{path}: page has {len(browser)} items {browser!r}, command line "
                    f"{len(cli)} {cli!r}"], 1
        out, count = [], 0
        for i, (b, c) in enumerate(zip(browser, cli, strict=True)):
            more, n = diff(b, c, f"{path}[{i}]")
            out += more
            count += n
        return out, count
    if _number(browser) and _number(cli):
        same = browser == cli
    else:
        same = browser == cli and type(browser) is type(cli)
    return ([] if same else [f"{path}: page {browser!r}, command line {cli!r}"]), 1
