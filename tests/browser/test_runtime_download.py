"""The runtime as a visitor's browser gets it (issue 16, item 7).

- The trimmed standard library is enough: in the real runtime (the built
  site's worker, Pyodide in Chromium), a broad set of requests over all three
  routes of both associations, worked examples and random variations of them,
  good and bad input, gets the very answers CPython gives. A module the trim
  left out would surface as the worker's "Something went wrong" (an
  ImportError is not one of the errors answer_json turns into a message).
- The progress the page shows counts the bytes that travel: served with
  Content-Encoding (brotli, two files gzip) as a real host would, the worker's
  transfer total is what the server sent for the runtime, it fills as the bytes arrive, and the
  summary bar by the fields says "Loading the calculator: N% (x of y MB)"
  while answers typed meanwhile are kept.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from datetime import date, timedelta

import pytest
from browser_helpers import BOOT_TIMEOUT, PYTHON_ERROR, SLUGS, Calculator, Watch
from engine_helpers import all_codes, association, content

from bench.engine import profiles
from calculator.edges import browser as engine_browser
from sitegen.pipeline.site import export_rules, training_requests

ON = "2026-11-25"
PER_ASSOCIATION = 150
SEED = 16


def _requests(slug: str) -> list[dict]:
    """The build's training requests for ``slug`` (every worked example, bad
    input) and random mixtures of them: a random applicant, a fee question and
    a renewal question with other categories, dates and numbers."""
    loaded = content()
    examples = next(t["requests"] for t, s in zip(training_requests(loaded), loaded.associations,
                                                   strict=True) if s == slug)
    a = association(slug)
    rng = random.Random(SEED)
    fees = [r["fees"] for r in examples if "fees" in r] or [{}]
    renewals = [r["renewal"] for r in examples if "renewal" in r] or [{}]
    codes = all_codes(a)
    out = [{**r, "on": ON} for r in examples]
    for profile in profiles(a, PER_ASSOCIATION, seed=SEED):
        fee = dict(rng.choice(fees))
        if rng.random() < 0.5:
            fee["category"] = rng.choice([*codes, "NOPE", ""])
        renewal = dict(rng.choice(renewals))
        if rng.random() < 0.7:
            day = date(2018, 1, 1) + timedelta(days=rng.randint(0, 4000))
            renewal["endorsed_on"] = day.isoformat()
            renewal["as_of"] = (day + timedelta(days=rng.randint(-30, 2500))).isoformat()
        if rng.random() < 0.3:
            renewal["last_renewed"] = str(rng.randint(2015, 2030))
        if rng.random() < 0.3:
            renewal["category"] = rng.choice(codes)
        out.append({"profile": profile, "fees": fee, "renewal": renewal, "on": ON})
    return out


ASK = """async (requests) => {
  const worker = window.__calcBoot.worker;
  const answers = [];
  for (const [i, request] of requests.entries()) {
    const seq = 1000000 + i;
    answers.push(await new Promise((resolve) => {
      const heard = (event) => {
        if (event.data.type !== "answer" || event.data.seq !== seq) return;
        worker.removeEventListener("message", heard);
        resolve(event.data.result);
      };
      worker.addEventListener("message", heard);
      worker.postMessage({ type: "answer", seq, request: JSON.stringify(request) });
    }));
  }
  return answers;
}"""


@pytest.mark.parametrize("slug", SLUGS)
def test_the_trimmed_runtime_answers_every_request_as_cpython_does(new_context, base_url, slug):
    requests = _requests(slug)
    engine_browser.setup(export_rules(content(), slug))
    expected = [json.loads(engine_browser.answer_json(slug, json.dumps(r))) for r in requests]
    page = new_context().new_page()
    watch = Watch().attach(page)
    Calculator(page, base_url, slug).open()
    answers = [json.loads(a) for a in page.evaluate(ASK, requests)]
    broken = [(r, a["errors"]) for r, a in zip(requests, answers, strict=True)
              if "Something went wrong" in json.dumps(a.get("errors"))]
    assert not broken, f"{len(broken)} requests failed in the browser's Python, first: {broken[0]}"
    differ = [i for i, (a, e) in enumerate(zip(answers, expected, strict=True)) if a != e]
    assert not differ, (f"{len(differ)} of {len(requests)} answers differ from CPython's, first: "
                        f"{requests[differ[0]]}")
    assert not PYTHON_ERROR.search(json.dumps(answers))
    assert not watch.page_errors, watch.page_errors
    # The sample reaches all three routes, with answers and with refusals.
    assert sum(1 for a in answers if a["fees"]) > 50
    assert sum(1 for a in answers if a["renewal"]) > 50
    assert sum(1 for a in answers if a["errors"]) > 5
    page.context.close()


RECORD = """(() => {
  const seen = (window.__runtime = { progress: [], summary: [], label: [] });
  const RealWorker = window.Worker;
  window.Worker = function (...args) {
    const worker = new RealWorker(...args);
    worker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "progress") seen.progress.push(event.data);
    });
    return worker;
  };
  window.Worker.prototype = RealWorker.prototype;
  document.addEventListener("DOMContentLoaded", () => {
    const bar = document.getElementById("calc-summary");
    const text = document.getElementById("calc-summary-text");
    const label = document.getElementById("calc-progress-label");
    const ready = () => document.querySelector("[data-calculator]").dataset.ready || "";
    new MutationObserver(() => {
      seen.summary.push({ text: text.textContent, hidden: bar.hidden, ready: ready() });
    }).observe(bar, { attributes: true, childList: true, subtree: true, characterData: true });
    new MutationObserver(() => seen.label.push(label.textContent))
      .observe(label, { childList: true, subtree: true, characterData: true });
  });
})();"""
SHOWN = re.compile(r"^Loading the calculator: (\d{1,3})% \((\d+\.\d) of (\d+\.\d) MB\)$")
RUNTIME = ("/assets/pyodide/", "/assets/calculator/calculator-")


def test_progress_counts_the_bytes_that_travel(new_context, served_site, tmp_path):
    from bench.browser import serve

    # Served as a real host sends it, with Content-Encoding: the .br copies,
    # except two files sent as gzip (their .br removed from a copy of the
    # site): so the counts must come from what the responses say (the fetched
    # standard library's Content-Length, the imported pyodide.asm.mjs's
    # resource timing), not from the build's brotli sizes.
    site = tmp_path / "site"
    shutil.copytree(served_site, site, symlinks=True)
    for pattern in ("assets/pyodide/*/pyodide.asm.mjs.br",
                    "assets/pyodide/*/python_stdlib-*.zip.br"):
        (removed,) = site.glob(pattern)
        removed.unlink()
    server, base = serve(site)
    try:
        ctx = new_context()
        ctx.add_init_script(RECORD)
        page = ctx.new_page()
        # Slow enough (8 Mbit/s) to answer a question while Python loads.
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": 20, "downloadThroughput": 1e6,
            "uploadThroughput": 1e6})
        server.sent.reset()
        calc = Calculator(page, f"{base}/", "infancy-onward").open(wait=False)
        typed = calc.control("training_hours")
        typed.fill("31")
        assert calc.state()["ready"] == "", "Python was ready before the question was answered"
        answer = calc.wait_answer(BOOT_TIMEOUT)
        seen = page.evaluate("() => window.__runtime")
        sent = server.sent.reset()
    finally:
        server.shutdown()
    progress = seen["progress"]
    assert len(progress) >= 5, progress
    for key in ("percent", "transferred", "transfer_total", "loaded", "total"):
        assert all(key in p for p in progress), key
    on_the_wire = sum(size for path, status, size in sent
                      if status == 200 and any(part in path for part in RUNTIME))
    last = progress[-1]
    assert last["percent"] == 100 and last["transferred"] == last["transfer_total"]
    # The total is what the server sent for the runtime, about a quarter of
    # what Python gets; the two gzip files were counted as sent.
    assert last["transfer_total"] == on_the_wire, (last["transfer_total"], on_the_wire)
    assert any(path.endswith("pyodide.asm.mjs") and size == (next(site.glob(
        "assets/pyodide/*/pyodide.asm.mjs.gz"))).stat().st_size for path, _, size in sent)
    assert last["transfer_total"] < last["total"] / 3
    for key in ("transferred", "percent", "loaded"):
        values = [p[key] for p in progress]
        assert values == sorted(values), f"{key} went backwards"
    # Counted as it arrived: full before Python said it was ready.
    assert progress[-2]["transferred"] >= 0.98 * last["transfer_total"]
    # The summary bar by the fields said it while loading, then the answer took it.
    loading = [s for s in seen["summary"] if s["ready"] == ""]
    assert loading and all(not s["hidden"] and SHOWN.match(s["text"]) for s in loading), loading
    percents = [int(SHOWN.match(s["text"]).group(1)) for s in loading]
    assert percents == sorted(percents) and len(set(percents)) > 3, percents
    total_mb = float(SHOWN.match(loading[-1]["text"]).group(3))
    assert total_mb == round(last["transfer_total"] / 1e6, 1)
    assert any(SHOWN.match(t) for t in seen["label"]), seen["label"]
    assert page.inner_text("#calc-summary-text") != loading[-1]["text"]
    # What was typed while loading is still there, and answered.
    assert typed.input_value() == "31"
    assert calc.last_request()["profile"]["training_hours"] == "31"
    assert answer["eligibility"] is not None
    ctx.close()
