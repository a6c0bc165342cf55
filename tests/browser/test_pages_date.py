"""Pages and calculator agree on the day they describe (issue 17, item 3).

A copy of the content raises the Family Specialist processing fee from $50
to $75 on a date relative to today; real builds (runtime included) are
opened in Chromium and the fees page's figure is compared with the
calculator's quote:

- a preview (``build.py --date``) before and after the change: the
  calculator answers as on the preview's day, like the pages;
- a published build (today) before the change: both say $50, and the quote
  says what the change will cost ("From ... the processing fee is $75");
- a published build after the change: both say $75, no notice;
- a published build older than the change (the daily rebuild did not run):
  the pages say $50, the calculator today's $75, and the page says the pages
  are older than the change.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta

import pytest
from browser_helpers import Calculator
from bs4 import BeautifulSoup
from content_edits import raise_fs_processing_fee

from calculator import formats
from sitegen.pipeline.site import PROJECT, Options, build

TODAY = date.today()
IO = "infancy-onward"


def _content(tmp_path_factory, change: date):
    content = tmp_path_factory.mktemp("dated") / "content"
    shutil.copytree(PROJECT / "content", content)
    raise_fs_processing_fee(content, 75, change.isoformat())
    return content


def _page_fee(site) -> str:
    """The Family Specialist processing fee in the fees page's table."""
    soup = BeautifulSoup((site / IO / "fees.html").read_text(encoding="utf-8"), "html.parser")
    for row in soup.select("table tr"):
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        if cells and cells[0] == "Family Specialist":
            header = [c.get_text(" ", strip=True) for c in row.find_parent("table").select("th")]
            return cells[next(i for i, h in enumerate(header) if "Processing" in h)]
    raise AssertionError("no Family Specialist row in fees.html")


def _calculator_fee(new_context, serve_folder, site) -> tuple[str, dict, object]:
    server = serve_folder(site)
    ctx = new_context()
    page = ctx.new_page()
    calc = Calculator(page, server.base_url, IO).open()
    page.check("#f-scope-prevention")  # recommends the Family Specialist (IFS)
    result = calc.wait_answer()
    lines = result["fees"]["lines"]
    processing = next(ln for ln in lines if ln["kind"] == "processing")
    return formats.money(processing["amount"], "USD"), result, page


@pytest.fixture(scope="module")
def ahead(tmp_path_factory):
    """The change 30 days from today."""
    return _content(tmp_path_factory, TODAY + timedelta(days=30))


@pytest.fixture(scope="module")
def past(tmp_path_factory):
    """The change 10 days ago."""
    return _content(tmp_path_factory, TODAY - timedelta(days=10))


def _build(tmp_path, content, on: date, preview: bool):
    site = tmp_path / f"site-{on.isoformat()}-{preview}"
    build(Options(content=content, site=site, on=on, preview=preview, precompress=False))
    return site


@pytest.mark.parametrize("days, expected", [(29, "$50"), (31, "$75")])
def test_a_preview_calculator_answers_as_on_the_pages_day(
        ahead, tmp_path, new_context, serve_folder, days, expected):
    on = TODAY + timedelta(days=days)
    site = _build(tmp_path, ahead, on, preview=True)
    assert _page_fee(site) == expected
    fee, result, page = _calculator_fee(new_context, serve_folder, site)
    assert fee == expected
    assert result["eligibility"]["on"] == on.isoformat()
    assert page.locator("#calc-preview").is_visible()
    assert formats.day(on) in page.locator("#calc-preview").inner_text()


def test_a_published_build_before_the_change_agrees_and_the_quote_announces_it(
        ahead, tmp_path, new_context, serve_folder):
    site = _build(tmp_path, ahead, TODAY, preview=False)
    assert _page_fee(site) == "$50"
    fee, result, page = _calculator_fee(new_context, serve_folder, site)
    assert fee == "$50"
    assert result["eligibility"]["on"] == TODAY.isoformat()
    change = formats.day(TODAY + timedelta(days=30))
    coming = page.locator("#calc-fees").inner_text()
    assert f"From {change} the processing fee is $75 (now $50; Board decision" in coming
    # The change is still ahead for this visitor: no notice about old pages.
    assert page.locator("#calc-stale").is_hidden()
    assert page.locator("#calc-preview").count() == 0


def test_a_published_build_after_the_change_agrees(past, tmp_path, new_context, serve_folder):
    site = _build(tmp_path, past, TODAY, preview=False)
    assert _page_fee(site) == "$75"
    fee, result, page = _calculator_fee(new_context, serve_folder, site)
    assert fee == "$75"
    assert result["fees"]["coming"] == []
    assert page.locator("#calc-stale").count() == 0  # nothing ahead of the pages


def test_pages_older_than_a_change_say_so_on_the_calculator(
        past, tmp_path, new_context, serve_folder):
    # Built 20 days ago, before the change of 10 days ago, and not rebuilt since.
    built_on = TODAY - timedelta(days=20)
    site = _build(tmp_path, past, built_on, preview=False)
    assert _page_fee(site) == "$50"
    fee, _, page = _calculator_fee(new_context, serve_folder, site)
    assert fee == "$75"  # the calculator uses the visitor's day
    notice = page.locator("#calc-stale")
    assert notice.is_visible()
    text = re.sub(r"\s+", " ", notice.inner_text())
    assert f"rules in force on {formats.day(built_on)}" in text
    change = formats.day(TODAY - timedelta(days=10))
    assert f"from {change}, Family Specialist processing fee: $50 → $75" in text
