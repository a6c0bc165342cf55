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
EXTRAS = {"membership": "agency", "term": "2", "staff": "8", "add_on": ["ERS"],
          "endorsed_on": "2026-03-01", "provides_rsc": True, "logged.training_attended": "10"}


def _state(calc: Calculator, state: str) -> dict:
    names = set(calc.names())
    calc.reset()
    if state == "partly_filled":
        calc.fill({"scope": "clinical", "training_hours": "12"})
    elif state == "error":
        bad = {"training_hours": "-3", "references": "ten", "endorsed_on": "2027-02-30",
               "staff": "lots", "membership": "agency"}
        calc.fill({k: v for k, v in bad.items() if k in names})
    elif state == "result":
        calc.fill(ELIGIBLE[calc.slug] | {k: v for k, v in EXTRAS.items() if k in names})
    answer = calc.wait_answer()
    if state == "error":
        assert answer["errors"], "the error state shows no error"
    if state == "result":
        assert answer["eligibility"]["eligible"] and not answer["errors"]
    return answer


@pytest.mark.parametrize("state", ["empty", "partly_filled", "error", "result"])
@pytest.mark.parametrize("slug", SLUGS)
def test_calculator_states_light_and_dark(slug, state, calculators):
    calc = calculators(slug)
    _state(calc, state)
    texts, count = axe_in_both_palettes(calc.page, f"{slug}/calculator.html [{state}]")
    STATS[f"axe_violations_calc_{state}"] += count
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
    # Every message beside a field is part of that field's description.
    orphans = page.evaluate("""() => [...document.querySelectorAll("[data-error-for]")]
      .filter((p) => p.dataset.errorFor !== "form")
      .flatMap((p) => {
        const controls = document.querySelectorAll(
          `#calc-form [name="${CSS.escape(p.dataset.errorFor)}"]`);
        if (!controls.length) return [`${p.id}: no control named ${p.dataset.errorFor}`];
        return [...controls].filter((c) =>
          !(c.getAttribute("aria-describedby") || "").split(/\\s+/).includes(p.id))
          .map((c) => `${c.id} does not reference ${p.id}`);
      })""")
    assert not orphans, orphans
    shown = page.locator("[data-error-for]:not(:empty)")
    assert shown.count() >= 2
    assert page.locator("#e-form").get_attribute("role") == "alert"


# ---- keyboard only ----------------------------------------------------------

KEYBOARD_PROFILE = {  # IFS, with an agency membership, the ERS add-on and a renewal
    "age_focus": "infant", "scope": "prevention", "work_years": "2", "families_served": "10",
    "training_hours": "33", "references": "3", "rsc_hours": "24", "membership": "individual",
    "term": "2", "add_on": "ERS", "endorsed_on": "2022-05-01", "provides_rsc": "yes",
    "logged.training_attended": "30",
}


def _focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
      return { tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "", type: el.type || "",
               value: el.value === undefined ? "" : String(el.value), checked: !!el.checked,
               options: el.tagName === "SELECT" ? [...el.options].map((o) => o.value) : [],
               index: el.tagName === "SELECT" ? el.selectedIndex : -1,
               summary: el.tagName === "SUMMARY",
               open: !!(el.parentElement && el.parentElement.open) }; }""")


def test_keyboard_only_run(new_context, base_url):
    """Only page.keyboard: Tab to each question, arrows for choices, typing for
    numbers and dates, Space for tick boxes, Enter to open the logged hours and
    to make the share link. (The page is only read, never clicked or filled.)"""
    ctx = new_context()
    page = ctx.new_page()
    watch = Watch().attach(page)
    calc = Calculator(page, base_url, "infancy-onward").open(wait=False)
    assert calc.wait_ready(BOOT_TIMEOUT) == "true"
    keyboard = page.keyboard
    done = set()
    for _ in range(400):
        keyboard.press("Tab")
        el = _focused(page)
        name = el["name"]
        if el["id"] == "calc-share":
            keyboard.press("Enter")
            break
        if el["summary"] and not el["open"]:
            keyboard.press("Enter")
        elif name in KEYBOARD_PROFILE and name not in done:
            wanted = KEYBOARD_PROFILE[name]
            if el["tag"] == "select":
                steps = el["options"].index(wanted) - el["index"]
                for _ in range(abs(steps)):
                    keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
                assert _focused(page)["value"] == wanted, f"{name}: arrows did not choose {wanted}"
                # The scope decides which questions move under "Questions for other
                # categories", once the answer to it is back (a few ms; longer on a
                # loaded machine, where a Tab pressed at once could pass a question
                # that is about to move up). A person reads the result first.
                calc.wait_answer()
            elif el["type"] == "checkbox":
                if el["value"] == wanted and not el["checked"]:
                    keyboard.press("Space")
                    assert _focused(page)["checked"], f"{name}: Space did not tick the box"
                else:
                    continue
            else:
                keyboard.type(wanted)
            done.add(name)
    else:
        pytest.fail("Tab never reached the share button")
    missing = set(KEYBOARD_PROFILE) - done
    assert not missing, f"never reached with Tab: {sorted(missing)}"

    answer = calc.wait_answer()
    e = answer["eligibility"]
    assert (e["recommended"], e["eligible"]) == ("IFS", True), answer
    assert answer["errors"] == {}
    assert answer["fees"]["add_ons"] > 0 and answer["fees"]["membership"] > 0
    assert answer["renewal"]["deadline"]
    fragment = page.evaluate("() => location.hash")
    assert ("training_hours", "33") in parse_qsl(fragment[1:])
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
