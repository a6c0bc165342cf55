"""How the calculator page behaves for people: bad answers, a slow or failing
runtime, share links and opening the page from a file (issues 4 and 6)."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

import pytest
from browser_helpers import BOOT_TIMEOUT, PYTHON_ERROR, Calculator, Watch
from engine_helpers import STATS, cli_json

SLUG = "infancy-onward"
LONG_TASK_MS = 200  # issue 4: no main-thread task over 200 ms while Python boots

# An applicant who qualifies for IFS, with a fee quote (the "apply" route),
# and an IFS endorsee's renewal plan (the "renew" route). Each route asks its
# own questions and the answer holds only the chosen route's parts; the
# renewal's category is the endorsee's own answer ("renewal.category"), never
# the category recommended from applicant answers.
GOOD_APPLY = {
    "age_focus": "infant", "scope": "prevention", "education": "bachelor", "work_years": "2",
    "families_served": "10", "training_hours": "33", "references": "3", "rsc_hours": "24",
    "membership": "agency", "term": "2", "staff": "7",
}
GOOD_RENEW = {"renewal.category": "IFS", "endorsed_on": "2020-01-01", "as_of": "2027-11-01"}
GOOD = {**GOOD_APPLY, **GOOD_RENEW}


@pytest.fixture(scope="module")
def booted(new_context, base_url):
    """The infancy-onward calculator, opened once; long tasks recorded from
    navigation until Python is ready; an answer typed while it boots."""
    # A first visit to an informational page in a throwaway context: the bound
    # is about the calculator's boot, not the first start of a fresh browser
    # process (its disk and code caches are cold; that one-off cost reached
    # 200 ms on a loaded machine).
    warm = new_context()
    warm.new_page().goto(f"{base_url}/{SLUG}/fees.html")
    warm.close()
    ctx = new_context()
    page = ctx.new_page()
    watch = Watch().attach(page)
    calc = Calculator(page, base_url, SLUG).open(wait=False)
    calc.control("training_hours").fill("12")
    typed_while_booting = calc.state()["ready"] == ""
    assert calc.wait_ready() == "true", calc.state()["reason"]
    long_tasks = page.evaluate("() => window.__test.longtasks")
    boot_ms = page.get_attribute("[data-calculator]", "data-boot-ms")
    first = calc.wait_answer()
    yield {"calc": calc, "watch": watch, "ctx": ctx, "long_tasks": long_tasks,
           "typed_while_booting": typed_while_booting, "first": first, "boot_ms": boot_ms}
    ctx.close()


def test_page_stays_responsive_while_python_boots(booted, new_context, base_url):
    tasks = booted["long_tasks"]
    assert tasks is not None, "this chromium has no PerformanceObserver for 'longtask'"
    longest = max((t["duration"] for t in tasks), default=0)
    STATS["browser_longest_long_task_ms"] = max(STATS["browser_longest_long_task_ms"],
                                                round(longest))
    print(f"boot {booted['boot_ms']} ms; long tasks (start, ms): "
          f"{[(round(t['start']), round(t['duration'])) for t in tasks]}")
    too_long = [t for t in tasks if t["duration"] > LONG_TASK_MS]
    if too_long:
        # A task's length is wall-clock time: on a loaded machine the renderer
        # can be descheduled in the middle of one. A page that blocks its main
        # thread does so on every boot; one boot more, in a fresh context,
        # tells the two apart.
        print(f"over {LONG_TASK_MS} ms on the first boot: {too_long}; booting again")
        too_long = [t for t in _boot_long_tasks(new_context, base_url)
                    if t["duration"] > LONG_TASK_MS]
    assert not too_long, (f"main-thread tasks over {LONG_TASK_MS} ms between navigation and "
                          f"ready, on two boots: {too_long}")


def _boot_long_tasks(new_context, base_url) -> list[dict]:
    ctx = new_context()
    try:
        calc = Calculator(ctx.new_page(), base_url, SLUG).open(wait=False)
        assert calc.wait_ready() == "true", calc.state()["reason"]
        return calc.page.evaluate("() => window.__test.longtasks")
    finally:
        ctx.close()


def test_answer_typed_while_booting_is_used_once_ready(booted):
    if not booted["typed_while_booting"]:
        pytest.skip("Python was ready before the first keystroke")
    checks = {c["requirement"]: c for c in
              booted["first"]["eligibility"]["categories"]["IFA"]["checks"]}
    assert checks["training"]["have"] == 12
    assert booted["calc"].control("training_hours").input_value() == "12"


def _route(calc: Calculator, route: str) -> dict:
    """Choose a route as a person would (its radio) and read the answer."""
    calc.set("route", route)
    answer = calc.wait_answer()
    assert answer["route"] == route and calc.last_request()["route"] == route
    return answer


def _good(calc: Calculator) -> dict:
    """Both routes answered well; the good answer of each, the page left on
    the apply route."""
    calc.reset()
    calc.fill(GOOD)
    renew = _route(calc, "renew")
    assert renew["errors"] == {}
    assert renew["renewal"]["deadline"] == "2027-12-31"
    assert renew["eligibility"] is None and renew["fees"] is None
    apply = _route(calc, "apply")
    assert apply["errors"] == {}
    assert apply["eligibility"]["recommended"] == "IFS" and apply["eligibility"]["eligible"]
    assert apply["fees"]["total"] > 0 and apply["renewal"] is None
    return {"apply": apply, "renew": renew}


# The part of the answer each non-profile question belongs to, and its route.
PART = {"staff": "fees", "term": "fees", "membership": "fees", "endorsed_on": "renewal",
        "as_of": "renewal", "logged": "renewal", "last_renewed": "renewal",
        "renewal": "renewal"}
ROUTE_OF = {"eligibility": "apply", "fees": "apply", "renewal": "renew"}

BAD = [
    ("training_hours", "-3", "0 or more"),
    ("references", "ten", "enter a number"),
    ("work_years", "2,5,0", "enter a number"),
    ("families_served", "1e400", "enter a number"),
    ("rsc_hours", "99999999999999999999", "or less"),
    ("staff", "-3", "from 1 to"),
    # Dates as people write them (calculator/dates.py): a day that does not
    # exist, a day-first date where the association writes the month first,
    # words that are no date, and an endorsement after the date asked about.
    ("endorsed_on", "2027-02-30", "not a real calendar date"),
    ("as_of", "31/12/2027", "YYYY-MM-DD"),
    ("as_of", "next tuesday", "such as 06/15/2023 (MM/DD/YYYY)"),
    ("endorsed_on", "March 1, 2028", "after the date of the question"),
    ("logged.training_attended", "-3", "0 or more"),
    ("logged.rsc_hours", "lots", "enter a number"),
    ("last_renewed", "last year", "enter a year"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD, ids=[f"{n}={v}" for n, v, _ in BAD])
def test_bad_answer_gets_a_message_beside_the_field(booted, name, value, message):
    calc: Calculator = booted["calc"]
    page = calc.page
    good = _good(calc)
    own = PART.get(name.split(".")[0], "eligibility")
    route = ROUTE_OF[own]
    other = "renew" if route == "apply" else "apply"
    _route(calc, route)
    calc.set(name, value)
    answer = calc.wait_answer()
    assert answer["route"] == route

    shown = calc.error_for(name)
    assert message.lower() in shown.lower(), f"{name}={value!r}: message {shown!r}"
    assert name in answer["errors"]
    control = calc.control(name)
    assert control.get_attribute("aria-invalid") == "true"
    error = calc.error_element(name)
    error_id = error.get_attribute("id")
    assert error_id in (control.get_attribute("aria-describedby") or "").split()
    assert error.is_visible()
    # The field is marked, and the error summary at the top of the answer
    # links to it with the same message.
    field = control.locator("xpath=ancestor::*[contains(@class, 'calc-field')][1]")
    assert "calc-field-error" in (field.get_attribute("class") or "").split()
    summary = page.locator("#calc-error-summary")
    assert summary.is_visible()
    link = summary.locator(f'a[href="#{control.get_attribute("id")}"]')
    assert link.count() == 1 and link.inner_text().strip() == shown
    for text in (page.inner_text("body"), page.get_attribute("#calc-result", "data-result")):
        assert not PYTHON_ERROR.search(text), PYTHON_ERROR.search(text)
    assert "needs attention" in page.inner_text("#calc-live")

    # The rest of the answer stays on the page: every part of the route the
    # bad answer does not belong to is unchanged and shown. (A bad answer to
    # a question of the profile counts as not given: the recommendation
    # stays.) The other route's answer is untouched by it: its questions are
    # not sent while it is hidden.
    if route == "apply":
        assert page.locator("[data-recommended='IFS']").is_visible()
        assert answer["eligibility"]["recommended"] == "IFS"
        if own != "fees":
            assert answer["fees"] == good["apply"]["fees"]
            assert page.locator("#calc-fees table [data-total]").is_visible()
    assert answer["renewal" if route == "apply" else "eligibility"] is None
    away = _route(calc, other)
    assert away["errors"] == {} and calc.error_for(name) == ""
    assert value not in json.dumps(calc.last_request(), ensure_ascii=False)
    if other == "renew":
        assert away["renewal"] == good["renew"]["renewal"]
        assert page.locator("#calc-renewal [data-deadline]").is_visible()
    else:
        assert away["eligibility"] == good["apply"]["eligibility"]
        assert away["fees"] == good["apply"]["fees"]
        assert page.locator("[data-recommended='IFS']").is_visible()
        assert page.locator("#calc-fees table [data-total]").is_visible()
    assert not page.locator("#calc-error-summary").is_visible()
    back = _route(calc, route)
    assert name in back["errors"] and message.lower() in calc.error_for(name).lower()

    # Corrected, the message, the invalid state and the summary go away.
    calc.set(name, GOOD.get(name, ""))
    answer = calc.wait_answer()
    assert answer["errors"] == {}
    assert calc.error_for(name) == ""
    assert control.get_attribute("aria-invalid") is None
    assert "calc-field-error" not in (field.get_attribute("class") or "").split()
    assert not page.locator("#calc-error-summary").is_visible()
    assert answer == good[route]


def test_no_console_errors_on_the_calculator(booted):
    watch = booted["watch"]
    assert not watch.page_errors and not watch.console_errors, (
        watch.page_errors, watch.console_errors)


def test_share_link_restores_the_form(booted, site_server):
    calc: Calculator = booted["calc"]
    page = calc.page
    calc.reset()
    answers = {**GOOD, "membership": "individual", "add_on": ["ERS"], "provides_rsc": True,
               "logged.training_attended": "20", "logged.rsc_hours": "36"}
    del answers["staff"]  # asked for agency memberships only
    calc.fill(answers)
    before = calc.wait_answer()
    assert before["route"] == "renew" and before["errors"] == {}  # the last answers' route
    values = _values(calc)
    served = len(site_server.log)

    page.click("#calc-share")
    note = page.locator("#calc-share-note")
    note.wait_for(state="visible")
    assert re.search(r"# sign", note.inner_text())
    fragment = page.evaluate("() => location.hash")
    pairs = parse_qsl(fragment[1:], keep_blank_values=True)
    assert ("training_hours", "33") in pairs and ("add_on", "ERS") in pairs
    assert ("logged.rsc_hours", "36") in pairs and ("provides_rsc", "yes") in pairs
    assert ("route", "renew") in pairs and ("scope", "prevention") in pairs
    assert ("renewal.category", "IFS") in pairs

    other = calc.page.context.new_page()
    shared = Calculator(other, calc.base_url, SLUG).open(fragment)
    after = shared.wait_answer()
    assert _values(shared) == values
    assert after == before
    # The other route's answers came along too: both pages answer it alike.
    assert _route(shared, "apply") == _route(calc, "apply")
    # The answers never went to the server: no request line carries them.
    for line in site_server.log[served:]:
        assert "#" not in line and "training_hours" not in line, line
    other.close()


def _values(calc: Calculator) -> dict:
    return calc.page.evaluate("""() => Object.fromEntries(
      [...document.getElementById("calc-form").elements].filter((e) => e.name).map((e) =>
        [e.id, ["checkbox", "radio"].includes(e.type) ? e.checked : e.value]))""")


def test_runtime_failure_shows_the_fallback_and_keeps_answers(new_context, base_url):
    ctx = new_context()
    page = ctx.new_page()
    blocked = []
    page.route("**/pyodide.asm.wasm", lambda route: (blocked.append(route.request.url),
                                                     route.abort()))
    calc = Calculator(page, base_url, SLUG).open(wait=False)
    calc.control("training_hours").fill("21")
    calc.control("scope", "clinical").check()  # the focus of work: a radio group
    assert calc.wait_ready(BOOT_TIMEOUT) == "failed"
    assert blocked, "the WebAssembly runtime was never requested"

    fallback = page.locator("#calc-fallback")
    assert fallback.is_visible()
    text = fallback.inner_text()
    assert "could not start" in text and "answers are still in the form" in text
    hrefs = fallback.locator("a").evaluate_all("links => links.map((a) => a.href)")
    for wanted in ("compare.html", "fees.html"):
        assert any(h.endswith(f"/{SLUG}/{wanted}") for h in hrefs), hrefs
    for href in hrefs:
        assert page.request.get(href).ok, href
    assert not page.locator("#calc-status").is_visible()
    # Typed answers are still there, and the form still takes answers.
    assert calc.control("training_hours").input_value() == "21"
    assert calc.control("scope", "clinical").is_checked()
    calc.control("references").fill("3")
    assert calc.control("references").input_value() == "3"
    assert not PYTHON_ERROR.search(page.inner_text("body"))
    ctx.close()


def test_page_opened_from_a_file_explains_itself(new_context, served_site):
    ctx = new_context()
    page = ctx.new_page()
    page.goto((served_site / SLUG / "calculator.html").as_uri())
    fallback = page.locator("#calc-fallback")
    fallback.wait_for(state="visible")
    assert "opened from a file" in fallback.inner_text()
    assert "build.py serve" in fallback.inner_text()
    assert page.get_attribute("[data-calculator]", "data-ready") == "failed"
    assert not page.locator("#calc-status").is_visible()
    page.fill("#f-training_hours", "30")
    assert page.input_value("#f-training_hours") == "30"
    assert not PYTHON_ERROR.search(page.inner_text("body"))
    ctx.close()


def test_result_region_is_the_json_contract(booted):
    """data-result holds the engine's JSON answer (calculator.service.answer):
    the route, its parts and the errors, plus the "display" block of strings
    formatted in Python (issue 10). Only the chosen route's parts are
    computed: apply gives eligibility and fees, renew the renewal alone."""
    calc: Calculator = booted["calc"]
    _good(calc)
    keys = {"route", "eligibility", "fees", "agency", "renewal", "by_scope", "errors",
            "display"}
    answer = json.loads(calc.page.get_attribute("#calc-result", "data-result"))
    assert set(answer) == keys and answer["route"] == "apply"
    assert answer["fees"]["total"] > 0
    assert answer["renewal"] is None and answer["agency"] is None
    shown = answer["display"]
    assert shown["fees"]["total"] == f"${answer['fees']['total']:,}"
    assert calc.page.locator("#calc-fees [data-total]").inner_text() == shown["fees"]["total"]
    assert not calc.page.locator("#calc-renewal [data-deadline]").count()
    _route(calc, "renew")
    answer = json.loads(calc.page.get_attribute("#calc-result", "data-result"))
    assert set(answer) == keys and answer["route"] == "renew"
    assert answer["renewal"]["deadline"]
    assert answer["eligibility"] is None and answer["fees"] is None
    shown = answer["display"]
    assert shown["renewal"]["deadline"] in calc.page.locator("#calc-renewal").inner_text()
    assert not calc.page.locator("#calc-fees [data-total]").count()


def test_a_missed_deadline_from_the_form_matches_the_command_line(booted):
    """The year of the last deadline renewed for (issue 9): the page answers what
    `renewal --last-renewed` answers. Endorsed in 2020 and never renewed (the
    form's hint: the year endorsed), the 2024 deadline was missed. The
    renewal's category is the endorsee's own answer (renewal.category), no
    longer the category recommended from applicant answers."""
    calc: Calculator = booted["calc"]
    _good(calc)
    calc.set("last_renewed", "2020")
    answer = calc.wait_answer()
    assert answer["route"] == "renew"
    renewal = answer["renewal"]
    cli = cli_json("renewal", "--association", SLUG, "--endorsed-on", GOOD["endorsed_on"],
                   "--as-of", GOOD["as_of"], "--category", GOOD["renewal.category"],
                   "--last-renewed", "2020")
    assert renewal == cli
    assert renewal["deadline"] == "2024-12-31" and renewal["lapsed"] is True
    calc.set("last_renewed", "")
    assert calc.wait_answer()["renewal"]["lapsed"] is False


PROGRESS = """window.__progress = [];
const RealWorker = window.Worker;
window.Worker = function (...args) {
  const worker = new RealWorker(...args);
  worker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "progress") window.__progress.push(event.data);
  });
  return worker;
};
window.Worker.prototype = RealWorker.prototype;
"""


def test_the_progress_bar_counts_every_runtime_byte_as_it_arrives(new_context, base_url):
    """Every file of the runtime is counted while it loads, the modules that
    come through import() included: the bar is full when the last byte has
    arrived, not filled in one jump when Python is ready."""
    ctx = new_context()
    ctx.add_init_script(PROGRESS)
    page = ctx.new_page()
    calc = Calculator(page, base_url, SLUG).open(wait=False)
    assert calc.wait_ready() == "true"
    progress = page.evaluate("() => window.__progress")
    assert len(progress) >= 3, progress
    total = progress[-1]["total"]
    loaded = [p["loaded"] for p in progress]
    assert loaded == sorted(loaded), "the bar went backwards"
    # The last message is the worker's "done" (loaded = total, sent when Python
    # is ready); before it, the bytes counted must already add up to the total.
    assert max(loaded[:-1]) == total, (max(loaded[:-1]), total)
    ctx.close()
