"""Accessibility (issue 6): axe-core at WCAG 2.1 AA on every page and on the
calculator in its empty, partly filled, error and result states, in the light
and the dark palette; labels; announcements; a keyboard-only run.

axe-core is the npm package pinned in package.json (node_modules/axe-core),
added to each page with page.evaluate (no bypass of the page's CSP needed).
The palette is switched with the theme's own toggle button, as a person would.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qsl

import pytest
from browser_helpers import (
    BOOT_TIMEOUT,
    SLUGS,
    Calculator,
    Watch,
    format_violations,
    run_axe,
)
from engine_helpers import STATS, association

SCHEMES = {"default": "light", "slate": "dark"}


def scheme(page) -> str:
    return SCHEMES[page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")]


def toggle_palette(page) -> str:
    before = scheme(page)
    page.locator("form[data-md-component='palette'] label:not([hidden])").click()
    deadline = time.monotonic() + 10
    while scheme(page) == before:
        assert time.monotonic() < deadline, "the palette toggle did not switch the palette"
        time.sleep(0.05)
    # The click leaves the pointer and focus on the toggle, whose tooltip
    # would then be checked mid-animation: move both away and let it fade.
    page.mouse.move(5, (page.viewport_size or {"height": 700})["height"] - 5)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    deadline = time.monotonic() + 5
    while page.locator(".md-tooltip--active, .md-tooltip2--active").count():
        assert time.monotonic() < deadline, "a tooltip stays open"
        time.sleep(0.05)
    page.wait_for_timeout(400)  # the theme's colour and opacity transitions (.25 s)
    return scheme(page)


def axe_in_both_palettes(page, where: str) -> tuple[list[str], int]:
    """axe in the current palette, then in the other: readable reports and
    the number of violations (axe rules failed, per run)."""
    reports, count = [], 0
    for _ in range(2):
        violations = run_axe(page)
        STATS["axe_runs"] += 1
        count += len(violations)
        if violations:
            reports.append(format_violations(f"{where} ({scheme(page)})", violations))
        toggle_palette(page)
    return reports, count


def test_every_page_light_and_dark(pages, new_context, base_url):
    ctx = new_context()
    page = ctx.new_page()
    failures, total = [], 0
    for path in pages:
        if path.endswith("calculator.html"):
            continue  # the calculator pages: in each of their states below
        page.goto(base_url + path, wait_until="load")
        texts, count = axe_in_both_palettes(page, path)
        failures += texts
        total += count
    STATS["axe_violations_pages"] += total
    ctx.close()
    assert not failures, f"{total} axe violations\n" + "\n".join(failures)


ELIGIBLE = {  # IFS in both associations
    "infancy-onward": {"age_focus": "infant", "scope": "prevention", "work_years": "2",
                       "families_served": "10", "training_hours": "33", "references": "3",
                       "rsc_hours": "24"},
    "aimh-example": {"scope": "prevention", "education": "bachelor",
                     "work_years": "2", "training_hours": "30", "references": "3",
                     "rsc_hours": "24"},
}
# The page asks each route's questions apart (apply: category and fees;
# renew: the renewal) and answers only the route chosen, so the renewal's
# answer and its errors are states of their own, on the renew route (which
# aimh-example, publishing no renewal rules, does not have).
EXTRAS = {"membership": "agency", "term": "2", "staff": "8", "add_on": ["ERS"]}
RENEWAL = {"renewal.category": "IFS", "renewal.add_ons": ["ERS"], "endorsed_on": "2026-03-01",
           "provides_rsc": True, "logged.training_attended": "10"}
BAD_APPLY = {"training_hours": "-3", "references": "ten", "staff": "lots",
             "membership": "agency"}
BAD_RENEWAL = {"endorsed_on": "2027-02-30", "logged.rsc_hours": "lots", "as_of": "31/12/2027"}
STATES = ["empty", "partly_filled", "error", "result", "renewal", "renewal_error"]


def _state(calc: Calculator, state: str) -> dict:
    names = set(calc.names())
    if state.startswith("renewal") and "endorsed_on" not in names:
        pytest.skip(f"{calc.slug} publishes no renewal rules: no renew route")
    calc.reset()
    if state == "partly_filled":
        calc.fill({"scope": "clinical", "training_hours": "12"})
    elif state == "error":
        calc.fill({k: v for k, v in BAD_APPLY.items() if k in names})
    elif state == "result":
        calc.fill(ELIGIBLE[calc.slug] | {k: v for k, v in EXTRAS.items() if k in names})
    elif state == "renewal":
        calc.fill(RENEWAL)
    elif state == "renewal_error":
        calc.fill(BAD_RENEWAL)
    answer = calc.wait_answer()
    assert answer["route"] == ("renew" if state.startswith("renewal") else "apply")
    if state.endswith("error"):
        assert len(answer["errors"]) >= 2, f"the error state shows {answer['errors']}"
    if state == "result":
        assert answer["eligibility"]["eligible"] and not answer["errors"]
    if state == "renewal":
        assert answer["renewal"]["deadline"] and not answer["errors"]
    return answer


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("slug", SLUGS)
def test_calculator_states_light_and_dark(slug, state, calculators):
    calc = calculators(slug)
    _state(calc, state)
    texts, count = axe_in_both_palettes(calc.page, f"{slug}/calculator.html [{state}]")
    # The renew route's states count with their apply-route kin (the figures
    # reported are tests/conftest.py's, one per kind of state).
    kind = {"renewal": "result", "renewal_error": "error"}.get(state, state)
    STATS[f"axe_violations_calc_{kind}"] += count
    assert not texts, f"{count} axe violations\n" + "\n".join(texts)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_control_has_a_label(slug, calculators):
    calc = calculators(slug)
    unlabelled = calc.page.evaluate("""() => [...document.querySelectorAll(
        "#calc-form [name], #calc-progress")].filter((el) => {
          const label = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
          return !label || !label.textContent.trim();
        }).map((el) => el.outerHTML.slice(0, 120))""")
    assert not unlabelled, unlabelled
    # Every question the association's rules use has its control (one age
    # variant: no age question).
    assert set(association(slug).facts_used()) <= set(calc.names())


@pytest.mark.parametrize("slug", SLUGS)
def test_results_and_errors_are_announced(slug, calculators):
    calc = calculators(slug)
    page = calc.page
    live = page.locator("#calc-live")
    assert live.get_attribute("aria-live") == "polite"
    _state(calc, "partly_filled")
    partly = live.inner_text()
    assert partly.strip(), "the live region says nothing about the answer"
    _state(calc, "result")
    assert "You qualify" in live.inner_text() and live.inner_text() != partly
    _state(calc, "error")
    assert "need attention" in live.inner_text() or "needs attention" in live.inner_text()
    # Every message beside a field is part of that field's description: each
    # paragraph is named by the aria-describedby of a control of the form (or
    # of its radio group's fieldset), and a control named like the
    # paragraph's field, in the same route's part, names it. (Two routes may
    # ask the same engine field, "term" or "staff", each with its own control
    # and paragraph; the renew route's "renewal.category" shows the engine's
    # "category" message.)
    orphans = page.evaluate("""() => [...document.querySelectorAll("[data-error-for]")]
      .filter((p) => p.dataset.errorFor !== "form")
      .flatMap((p) => {
        const names = (c) => (c.getAttribute("aria-describedby") || "").split(/\\s+/);
        const part = (el) => el.closest(".calc-route-part");
        // A radio group's message is named by its fieldset (the group).
        const all = [...document.querySelectorAll(
          "#calc-form [name], #calc-form fieldset[aria-describedby]")];
        const out = [];
        if (!all.some((c) => names(c).includes(p.id)))
          out.push(`${p.id}: no control's description names it`);
        const describes = (c) => names(c).includes(p.id) || (c.type === "radio"
          && c.closest("fieldset") && names(c.closest("fieldset")).includes(p.id));
        return out.concat(all.filter((c) => c.name === p.dataset.errorFor
            && part(c) === part(p) && !describes(c))
          .map((c) => `${c.id} does not reference ${p.id}`));
      })""")
    assert not orphans, orphans
    shown = page.locator("[data-error-for]:not(:empty)")
    assert shown.count() >= 2
    # Each field in error is marked, and listed in the error summary at the
    # top of the answer with a link to it.
    marked = page.locator(".calc-field.calc-field-error")
    assert marked.count() == page.locator("#calc-form [aria-invalid=true]").count() >= 2
    links = page.locator("#calc-error-summary a").evaluate_all(
        "links => links.map((a) => a.getAttribute('href'))")
    invalid = page.locator("#calc-form [aria-invalid=true]").evaluate_all(
        "els => els.map((e) => '#' + e.id)")
    assert page.locator("#calc-error-summary").is_visible() and sorted(links) == sorted(invalid)
    assert page.locator("#e-form").get_attribute("role") == "alert"


# ---- keyboard only ----------------------------------------------------------

# IFS, with an individual membership and the ERS add-on (the apply route);
# then, on the renew route, an IFS endorsee's renewal. Each route's questions
# are shown only once that route is chosen (with the arrows, in its radio
# group at the top of the form), as a keyboard user does.
KEYBOARD_APPLY = {
    "age_focus": "infant", "scope": "prevention", "work_years": "2", "families_served": "10",
    "training_hours": "33", "references": "3", "rsc_hours": "24", "membership": "individual",
    "term": "2", "add_on": "ERS",
}
KEYBOARD_RENEW = {"renewal.category": "IFS", "endorsed_on": "2022-05-01", "provides_rsc": "yes",
                  "logged.training_attended": "30"}


def _focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
      const group = el.type === "radio"
        ? [...el.form.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`)] : [];
      return { tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "", type: el.type || "",
               value: el.value === undefined ? "" : String(el.value), checked: !!el.checked,
               options: el.tagName === "SELECT" ? [...el.options].map((o) => o.value)
                        : group.map((r) => r.value),
               index: el.tagName === "SELECT" ? el.selectedIndex
                      : group.findIndex((r) => r.checked),
               summary: el.tagName === "SUMMARY",
               open: !!(el.parentElement && el.parentElement.open) }; }""")


def _choose(page, calc: Calculator, el: dict, name: str, wanted: str) -> None:
    """Arrows to a choice: in a select, or in a radio group (where the arrows
    also check the radio)."""
    steps = el["options"].index(wanted) - el["index"]
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    now = _focused(page)
    assert now["value"] == wanted, f"{name}: arrows did not choose {wanted}"
    if el["type"] == "radio":
        assert now["checked"], f"{name}: arrows did not check {wanted}"
    # The scope decides which questions move under "Questions for other
    # categories", and the route which questions are shown, once the answer
    # to it is back (a few ms; longer on a loaded machine, where a Tab pressed
    # at once could pass a question that is about to move up). A person
    # reads the result first.
    calc.wait_answer()


def _answer_by_keyboard(page, calc: Calculator, answers: dict, done: set) -> None:
    """Tab forward to the share button, answering ``answers`` on the way."""
    keyboard = page.keyboard
    for _ in range(400):
        keyboard.press("Tab")
        el = _focused(page)
        name = el["name"]
        if el["id"] == "calc-share":
            return
        if el["summary"] and not el["open"]:
            keyboard.press("Enter")
        elif name in answers and name not in done:
            wanted = answers[name]
            if el["tag"] == "select" or el["type"] == "radio":
                _choose(page, calc, el, name, wanted)
            elif el["type"] == "checkbox":
                if el["value"] == wanted and not el["checked"]:
                    keyboard.press("Space")
                    assert _focused(page)["checked"], f"{name}: Space did not tick the box"
                else:
                    continue
            else:
                keyboard.type(wanted)
            done.add(name)
    pytest.fail("Tab never reached the share button")


def test_keyboard_only_run(new_context, base_url):
    """Only page.keyboard: Tab to each question, arrows for choices, typing for
    numbers and dates, Space for tick boxes, Enter to open folded sections and
    to make the share link; Shift+Tab back up to the route question. (The page
    is only read, never clicked or filled.)"""
    ctx = new_context()
    page = ctx.new_page()
    watch = Watch().attach(page)
    calc = Calculator(page, base_url, "infancy-onward").open(wait=False)
    assert calc.wait_ready(BOOT_TIMEOUT) == "true"
    keyboard = page.keyboard
    done: set[str] = set()
    _answer_by_keyboard(page, calc, KEYBOARD_APPLY, done)
    missing = set(KEYBOARD_APPLY) - done
    assert not missing, f"never reached with Tab: {sorted(missing)}"
    answer = calc.wait_answer()
    e = answer["eligibility"]
    assert (e["recommended"], e["eligible"]) == ("IFS", True), answer
    assert answer["errors"] == {}
    assert answer["fees"]["add_ons"] > 0 and answer["fees"]["membership"] > 0

    # Back up to the route question, and on to the renewal.
    for _ in range(400):
        keyboard.press("Shift+Tab")
        el = _focused(page)
        if el["name"] == "route":
            break
    else:
        pytest.fail("Shift+Tab never reached the route question")
    _choose(page, calc, el, "route", "renew")
    _answer_by_keyboard(page, calc, KEYBOARD_RENEW, done)
    missing = set(KEYBOARD_RENEW) - done
    assert not missing, f"never reached with Tab: {sorted(missing)}"
    keyboard.press("Enter")  # on the share button

    answer = calc.wait_answer()
    assert answer["route"] == "renew" and answer["errors"] == {}
    assert answer["renewal"]["deadline"] and answer["renewal"]["rsc_provision_training_hours"]
    fragment = page.evaluate("() => location.hash")
    pairs = parse_qsl(fragment[1:])
    assert ("training_hours", "33") in pairs and ("route", "renew") in pairs
    assert ("renewal.category", "IFS") in pairs
    # The note is written once the clipboard answers (a promise): wait for it,
    # as a person waits to read it.
    note = page.locator("#calc-share-note")
    note.wait_for(state="visible")
    assert "# sign" in note.inner_text()
    assert not watch.page_errors and not watch.console_errors
    STATS["keyboard_only_runs_completed"] += 1
    ctx.close()


@pytest.mark.parametrize("path", [f"{slug}/{kind}.html" for slug in SLUGS
                                  for kind in ("index", "compare", "fees", "renewal", "changes")]
                         + ["index.html", "infancy-onward/categories/ers.html"])
def test_information_pages_on_a_phone_light_and_dark(path, new_context, base_url):
    """At 360 px the tables are stacked (issue 16, item 9): a different layout,
    with its own colours (the column names), checked on its own."""
    ctx = new_context(viewport={"width": 360, "height": 800})
    page = ctx.new_page()
    page.goto(base_url + path, wait_until="load")
    stacked = page.evaluate("""() => [...document.querySelectorAll("article table")]
        .every((t) => getComputedStyle(t).display === "block")""")
    assert stacked, f"{path}: a table is not stacked at 360 px"
    failures, total = axe_in_both_palettes(page, f"{path} at 360 px")
    STATS["axe_violations_pages"] += total
    ctx.close()
    assert not failures, f"{total} axe violations\n" + "\n".join(failures)
