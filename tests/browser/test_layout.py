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


# --- Information pages on a phone (issue 16, item 9) -------------------------
#
# At 360 px no table of an information page needs sideways scrolling: each row
# is a block and each cell shows its column's name (hooks/narrow_tables.py,
# extra.css). At 1280 px the tables are the theme's normal tables. Screenshots
# of the compare, fees and renewal pages of both associations, light and dark.

TABLE_PAGES = [f"{slug}/{kind}.html" for slug in ("infancy-onward", "aimh-example")
               for kind in ("compare", "fees", "renewal")]

_TABLES = """() => [...document.querySelectorAll("article table")].map((t) => {
  const wrap = t.closest(".md-typeset__scrollwrap") || t.parentElement;
  const cells = [...t.querySelectorAll("tbody td")];
  return {
    width: t.scrollWidth, room: wrap.clientWidth, wrapScrolls: wrap.scrollWidth > wrap.clientWidth,
    notice: wrap.hasAttribute("data-scrolls"), focusable: wrap.hasAttribute("tabindex"),
    display: getComputedStyle(t).display,
    headVisible: t.tHead.getBoundingClientRect().width > 1,
    cells: cells.map((td) => ({
      label: td.dataset.label || "", text: td.textContent.trim(),
      before: getComputedStyle(td, "::before").content,
      shown: td.getClientRects().length > 0,
      right: td.getBoundingClientRect().right,
    })),
  };
})"""


def _open(new_context, base_url, path: str, width: int, scheme: str = "light"):
    ctx = new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    page.goto(base_url + path, wait_until="load")
    _palette(page, scheme)
    return ctx, page


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_tables_fit_a_phone_and_name_each_cell(path, new_context, base_url):
    ctx, page = _open(new_context, base_url, path, 360)
    tables = page.evaluate(_TABLES)
    width = page.evaluate("() => innerWidth")
    for i, t in enumerate(tables):
        where = f"{path} table {i + 1} at 360px"
        assert t["width"] <= t["room"] and not t["wrapScrolls"], (where, t["width"], t["room"])
        assert not t["notice"] and not t["focusable"], f"{where}: marked as scrolling"
        assert t["display"] == "block" and not t["headVisible"], where
        for cell in t["cells"]:
            if not cell["shown"]:  # an empty cell (a topic continued from the row above)
                assert cell["text"] == "", (where, cell)
                continue
            assert cell["label"], (where, cell)
            # The column's name is shown, before the value.
            assert cell["before"].startswith(f'"{cell["label"]}"'), (where, cell)
            assert cell["right"] <= width + 0.5, (where, cell)
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"), path
    STATS["layout_checks"] += 1
    ctx.close()
    if path.startswith("infancy-onward/") or path.endswith("compare.html"):
        assert tables, f"{path}: no table to check"


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_wide_screens_keep_the_normal_tables(path, new_context, base_url):
    ctx, page = _open(new_context, base_url, path, 1280)
    for t in page.evaluate(_TABLES):
        assert t["display"] == "inline-block" and t["headVisible"], path
        assert all(c["before"] in ("none", "normal") for c in t["cells"]), path
        assert t["width"] <= t["room"] and not t["notice"], path
    ctx.close()


def test_a_table_that_still_scrolls_says_so(new_context, base_url):
    """Between a phone and a desktop (768 px, a tablet) the six-column compare
    table keeps its columns and scrolls: the notice says so, and it can be
    reached with the keyboard. Narrower, stacked, neither."""
    seen = {}
    for width in (768, 360):
        ctx, page = _open(new_context, base_url, "infancy-onward/compare.html", width)
        seen[width] = page.evaluate("""() => [...document.querySelectorAll('[data-scrolls]')]
          .map((w) => [getComputedStyle(w, '::before').content, w.tabIndex, w.role])""")
        if width == 768:  # and back to stacked when the window narrows
            page.set_viewport_size({"width": 360, "height": 800})
            page.wait_for_timeout(300)
            seen["resized"] = page.evaluate(
                "() => document.querySelectorAll('[data-scrolls], [tabindex][role=region]').length")
        ctx.close()
    assert len(seen[768]) == 1 and "Scroll sideways" in seen[768][0][0], seen
    assert seen[768][0][1:] == [0, "region"], seen
    assert seen[360] == [] and seen["resized"] == 0, seen


def test_stacked_tables_are_still_tables_to_a_screen_reader(new_context, base_url):
    """Chromium's accessibility tree at 360 px: the compare table is a table of
    rows, with column headers and cells; a cell's name is its value alone (the
    column name shown by CSS is not read twice)."""
    ctx, page = _open(new_context, base_url, "infancy-onward/compare.html", 360)
    cdp = ctx.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {n["nodeId"]: n for n in nodes}
    role = lambda n: n.get("role", {}).get("value")  # noqa: E731
    tables = [n for n in nodes if role(n) == "table"]
    assert len(tables) == 1

    def under(node, wanted):
        out = []
        for child in node.get("childIds", []):
            c = by_id.get(child)
            if c is None:
                continue
            out += [c] if role(c) == wanted else under(c, wanted)
        return out

    rows = under(tables[0], "row")
    headers = [h.get("name", {}).get("value") for h in under(rows[0], "columnheader")]
    dom = page.evaluate("""() => [...document.querySelectorAll("article table tr")]
        .map((tr) => [...tr.children].map((c) => c.textContent.trim()))""")
    assert headers == dom[0] and len(rows) == len(dom)
    body = [[c.get("name", {}).get("value", "") for c in under(r, "cell")] for r in rows[1:]]
    assert [len(r) for r in body] == [len(r) for r in dom[1:]]
    for names, texts in zip(body, dom[1:], strict=True):
        for name, text in zip(names, texts, strict=True):
            assert " ".join(name.split()) == " ".join(text.split()), (name, text)
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_the_table_pages(width, scheme, new_context, base_url):
    """For a person to look at: test-screenshots/pages-<slug>-<page>-<width>px-<scheme>.png."""
    SHOTS.mkdir(exist_ok=True)
    ctx = new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    for path in TABLE_PAGES:
        page.goto(base_url + path, wait_until="load")
        _palette(page, scheme)
        name = f"pages-{path.replace('/', '-').removesuffix('.html')}-{width}px-{scheme}.png"
        page.screenshot(path=str(SHOTS / name), full_page=True)
        assert (SHOTS / name).stat().st_size > 10_000
    ctx.close()
