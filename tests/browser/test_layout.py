"""The calculator as an applicant sees it (issue 10), at 360, 768 and 1280 px
wide, light and dark: the recommendation stays in view while answering, nothing
is wider than the screen, the timeline's labels lie inside the picture, the
answer's tables are the theme's tables, and no fact or answer id shows.

The run writes screenshots of each state under ``test-screenshots/`` (ignored
by git) for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import ROOT, Calculator
from engine_helpers import STATS

from calculator.contentfiles.repository import load_content

SLUG = "infancy-onward"
SHOTS = ROOT / "test-screenshots"
WIDTHS = {360: 780, 768: 1024, 1280: 900}

PARTLY = {"age_focus": "infant", "scope": "prevention", "training_hours": "30",
          "education": "bachelor"}
ELIGIBLE = {"age_focus": "infant", "scope": "prevention", "work_years": "2",
            "families_served": "10", "training_hours": "33", "references": "3",
            "rsc_hours": "24", "membership": "agency", "term": "2", "staff": "7"}
# The renewal is its own route ("renew"), with its own category question: the
# applicant's answers stay in the form (hidden), the page shows the renewal.
RENEWAL = {**ELIGIBLE, "renewal.category": "IFS", "endorsed_on": "2025-06-30",
           "as_of": "2026-11-25"}
STATES = {"empty": {}, "partly": PARTLY, "eligible": ELIGIBLE, "renewal": RENEWAL}


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "content")


@pytest.fixture(scope="module", params=sorted(WIDTHS), ids=lambda w: f"{w}px")
def calc(request, new_context, base_url):
    width = request.param
    ctx = new_context(viewport={"width": width, "height": WIDTHS[width]})
    page = ctx.new_page()
    calc = Calculator(page, base_url, SLUG).open()
    calc.width = width
    yield calc
    ctx.close()


def _palette(page, wanted: str) -> None:
    """Switch the theme's palette with its own toggle, as a person would."""
    current = lambda: {"default": "light", "slate": "dark"}[  # noqa: E731
        page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")]
    if current() != wanted:
        page.locator("form[data-md-component='palette'] label:not([hidden])").click()
        page.wait_for_timeout(100)
        for _ in range(100):
            if current() == wanted:
                break
            page.wait_for_timeout(50)
        page.mouse.move(5, (page.viewport_size or {"height": 700})["height"] - 5)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.wait_for_timeout(400)  # the theme's colour transitions (.25 s)
    assert current() == wanted


def _show(calc: Calculator, state: str, scheme: str) -> dict:
    _palette(calc.page, scheme)
    calc.reset()
    calc.fill(STATES[state])
    answer = calc.wait_answer()
    assert answer["errors"] == {}
    calc.page.evaluate("() => window.scrollTo(0, 0)")
    calc.page.wait_for_timeout(300)  # the theme's header title fades back (.25 s)
    SHOTS.mkdir(exist_ok=True)
    name = f"calculator-{state}-{calc.width}px-{scheme}"
    calc.page.screenshot(path=str(SHOTS / f"{name}.png"))
    if state != "empty":  # the answer itself, whole (on wide screens: its panel)
        calc.page.locator("#calc-result").screenshot(path=str(SHOTS / f"{name}-answer.png"))
    return answer


def _recommendation_in_view(calc: Calculator, code: str) -> bool:
    """Some shown element naming the recommended category lies in the viewport."""
    return calc.page.evaluate("""(code) => [...document.querySelectorAll(
        "#calc-result [data-recommended], #calc-summary-text")].some((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight
            && el.textContent.includes(`(${code})`)
            && document.elementFromPoint(r.left + 2, r.top + r.height / 2)?.closest(
                 "#calc-result, #calc-summary") !== null;
        })""", code)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_recommendation_stays_in_view_while_answering(calc, scheme):
    answer = _show(calc, "partly", scheme)
    code = answer["eligibility"]["recommended"]
    questions = calc.page.evaluate("""() => [...document.getElementById("calc-form").elements]
        .filter((e) => e.name && e.getClientRects().length).map((e) => e.name)""")
    assert len(questions) > 6
    for name in (questions[1], questions[-1]):
        calc.control(name).first.focus()
        assert _recommendation_in_view(calc, code), (
            f"{calc.width}px {scheme}: with {name!r} focused, no '({code})' in view")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("state", sorted(STATES))
def test_answer_fits_the_screen(calc, state, scheme, content):
    answer = _show(calc, state, scheme)
    page = calc.page
    # Nothing wider than the viewport: no sideways scrolling.
    too_wide = page.evaluate("""() => [...document.querySelectorAll("article *")]
        .filter((e) => e.getClientRects().length && !e.closest(".md-typeset__scrollwrap")
                       && e.getBoundingClientRect().right > innerWidth + 0.5)
        .slice(0, 5).map((e) => e.outerHTML.slice(0, 120))""")
    assert not too_wide, f"{calc.width}px: wider than the screen: {too_wide}"
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")

    # Every text of every picture inside its picture.
    outside = page.evaluate("""() => [...document.querySelectorAll("#calc-result svg")]
        .flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll("text")].filter((t) => {
            const r = t.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5
                || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
          }).map((t) => t.textContent);
        })""")
    assert not outside, f"{calc.width}px: timeline labels outside the picture: {outside}"
    if state == "renewal":
        assert answer["route"] == "renew" and answer["eligibility"] is None
        labels = page.locator("#calc-renewal svg text").evaluate_all(
            "ts => ts.map((t) => t.textContent)")
        assert "Your deadline" in labels and "Endorsed" in labels
        assert answer["display"]["renewal"]["deadline"] in labels

    # Every table of the answer styled as the theme's tables.
    tables = page.evaluate("""() => [...document.querySelectorAll("#calc-result table")]
        .map((t) => ({ cls: t.className, wrapped: !!t.closest(".md-typeset__table"),
                       display: getComputedStyle(t).display,
                       border: getComputedStyle(t).borderTopWidth }))""")
    # (The renew route shows the renewal alone: its fee table only when a
    # renewal fee is due, and this IFS renewal has none.)
    if state in ("eligible", "partly"):
        assert tables, "the fee table is missing"
    for t in tables:
        assert t == {"cls": "", "wrapped": True, "display": "inline-block",
                     "border": t["border"]} and t["border"] != "0px", t

    # Labels, never ids.
    text = page.locator("[data-calculator]").inner_text()
    a = content.associations[SLUG]
    ids = [f.id for f in a.facts.facts if "_" in f.id]
    values = [c.value for f in a.facts.facts for c in (f.choices or ())]
    ids += [v for v in values if "_" in v]
    shown = [i for i in ids if re.search(rf"\b{re.escape(i)}\b", text)]
    assert not shown, f"ids in visible text: {shown}"
    listed = re.search(r"\b({0})\b, \b({0})\b".format("|".join(map(re.escape, values))), text)
    assert not listed, f"a list of answer ids in visible text: {listed.group(0)!r}"
    STATS["layout_checks"] += 1


def test_add_on_checks_only_when_the_add_on_is_chosen(calc):
    _show(calc, "partly", "light")
    assert calc.page.locator("#calc-eligibility h4", has_text="add-on").count() == 0
    calc.set("add_on", ["ERS"])
    answer = calc.wait_answer()
    assert [x["code"] for x in answer["display"]["eligibility"]["add_ons"]] == ["ERS"]
    assert calc.page.locator("#calc-eligibility h4", has_text="add-on").count() == 1
    calc.set("add_on", [])


def test_folding_keeps_what_was_typed(calc):
    """A question folded away (it cannot change the answer for the scope
    chosen) keeps its value, and it is still sent."""
    calc.reset()
    calc.fill({"education": "master", "scope": "prevention"})
    answer = calc.wait_answer()
    assert answer["eligibility"]["recommended"] == "IFS"
    assert calc.page.locator("#calc-other").is_visible()
    assert calc.page.locator("#calc-other [name='education']").count() == 1
    assert calc.control("education").input_value() == "master"
    assert calc.last_request()["profile"]["education"] == "master"
    calc.set("scope", "clinical")
    calc.wait_answer()
    assert calc.page.locator("#calc-other [name='education']").count() == 0
    assert calc.control("education").input_value() == "master"


def test_printed_answer_names_the_association_and_the_rules_date(calc):
    answer = _show(calc, "eligible", "light")
    calc.page.emulate_media(media="print")
    try:
        line = calc.page.locator("#calc-rules-used")
        assert line.is_visible()
        assert "INfancy Onward" in line.inner_text()
        assert answer["display"]["rules_on"] in line.inner_text()
        assert not calc.page.locator("#calc-form").is_visible()
        assert calc.page.locator("#calc-answers").is_visible()
    finally:
        calc.page.emulate_media(media="screen")


def test_what_to_do_next(calc):
    """The association's steps and contact always; "You can apply now" with
    the link only when every requirement is met."""
    _show(calc, "partly", "light")
    nxt = calc.page.locator("#calc-next")
    assert nxt.locator("ol.calc-steps li").count() == 8
    assert nxt.locator("a[href^='mailto:']").count() == 1
    assert not calc.page.locator("#calc-apply-now").is_visible()
    _show(calc, "eligible", "light")
    apply_now = calc.page.locator("#calc-apply-now")
    assert apply_now.is_visible() and "You can apply now" in apply_now.inner_text()
    assert apply_now.locator("a").get_attribute("href") == "https://infancy-onward.myeasy.org/"
