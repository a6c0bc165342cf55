"""Wording of the information pages (issue 16, item 10): "IECMH" spelled out at
its first use on every page that uses it (hooks/abbreviations.py), and the
narrow-screen form of the tables (hooks/narrow_tables.py) as HTML."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.pipeline.site import PROJECT


def _hook(name: str):
    spec = importlib.util.spec_from_file_location(name, PROJECT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


abbreviations = _hook("abbreviations")
narrow_tables = _hook("narrow_tables")
SPELLED = "infant and early childhood mental health (IECMH)"


def info_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if "assets" not in p.parts and "search" not in p.parts
                  and p.name not in ("404.html", "calculator.html"))


def article(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")


def test_iecmh_is_spelled_out_at_first_use_on_every_page(built_site):
    used = []
    for path in info_pages(built_site):
        text = article(path).get_text(" ", strip=True)
        first = text.find("IECMH")
        if first < 0:
            continue
        used.append(path.relative_to(built_site).as_posix())
        spelled = text.lower().find(SPELLED.lower())
        assert 0 <= spelled and spelled + len(SPELLED) - len("IECMH)") == first, (
            f"{path}: first IECMH not spelled out: {text[max(0, first - 60):first + 20]!r}")
        # Every later use is an <abbr> with the words, none bare.
        later = [a for a in article(path).find_all("abbr") if a.get_text() == "IECMH"]
        assert all(a["title"] == "infant and early childhood mental health" for a in later)
        assert text.count("IECMH") == 1 + len(later), path
    # The kinds of page that use it in the seeds: landing, association,
    # category, add-on, compare.
    assert {"index.html", "infancy-onward/index.html", "infancy-onward/compare.html",
            "infancy-onward/categories/ers.html",
            "infancy-onward/categories/mental_health_mentor.html"} <= set(used), used


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>For people promoting IECMH widely. IECMH again.</p>",
     '<p>For people promoting infant and early childhood mental health (IECMH) widely. '
     '<abbr title="infant and early childhood mental health">IECMH</abbr> again.</p>'),
    # At the start of a cell or a sentence: capitalised.
    ("<td>IECMH Endorsement®</td>",
     "<td>Infant and early childhood mental health (IECMH) Endorsement®</td>"),
    ("<p>Done. IECMH work</p>",
     "<p>Done. Infant and early childhood mental health (IECMH) work</p>"),
    # Already spelled out by the text itself: only the later uses are marked.
    ("<h1>Infant and early childhood mental health (IECMH) guide</h1><p>IECMH</p>",
     "<h1>Infant and early childhood mental health (IECMH) guide</h1>"
     '<p><abbr title="infant and early childhood mental health">IECMH</abbr></p>'),
    # Never inside a tag, an attribute, code or an existing abbreviation; not a
    # longer word.
    ('<p><a href="x" title="IECMH">link</a> <code>IECMH</code> IECMHS '
     '<abbr title="x">IECMH</abbr></p>',
     '<p><a href="x" title="IECMH">link</a> <code>IECMH</code> IECMHS '
     '<abbr title="x">IECMH</abbr></p>'),
])
def test_spell_out(html, expected):
    assert abbreviations.spell_out(html) == expected


TABLE = """<table>
<thead>
<tr>
<th>Category</th>
<th align="right">Fee <em>(USD)</em></th>
</tr>
</thead>
<tbody>
<tr>
<td>Family &amp; friends</td>
<td align="right"><a href="x">$40</a></td>
</tr>
<tr>
<td></td>
<td align="right">$5</td>
</tr>
</tbody>
</table>"""


def test_each_cell_carries_its_column_name_and_roles():
    page = BeautifulSoup(narrow_tables.stack(TABLE), "html.parser")
    table = page.table
    assert table.get("class") is None  # the theme styles table:not([class]) only
    assert table["role"] == "table" and table["data-stack"] == "narrow"
    assert [g["role"] for g in table.find_all(["thead", "tbody"])] == ["rowgroup"] * 2
    assert [r["role"] for r in table.find_all("tr")] == ["row"] * 3
    assert [h["role"] for h in table.find_all("th")] == ["columnheader"] * 2
    cells = table.find_all("td")
    assert [c["role"] for c in cells] == ["cell"] * 4
    assert [c["data-label"] for c in cells] == ["Category", "Fee (USD)"] * 2
    assert cells[1]["align"] == "right" and cells[1].a.get_text() == "$40"
    assert [c.get_text() for c in cells] == ["Family & friends", "$40", "", "$5"]
    wide = TABLE.replace("<th>Category</th>", "<th>A</th><th>B</th><th>C</th><th>D</th>")
    assert re.search(r'data-stack="wide"', narrow_tables.stack(wide))
    assert narrow_tables.stack("<table><tr><td>x</td></tr></table>") == \
        "<table><tr><td>x</td></tr></table>"  # no header row: nothing to name the cells with


def test_every_information_table_is_labelled(built_site):
    """Every table of every information page, in the built site, has a label
    on each body cell whose column has a header; the calculator's HTML is its own."""
    count = 0
    for path in info_pages(built_site):
        for table in article(path).find_all("table"):
            headers = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
            assert table.get("data-stack") in ("narrow", "wide"), path
            for row in table.tbody.find_all("tr"):
                assert [td.get("data-label") for td in row.find_all("td")] == headers, path
            count += 1
    assert count >= 20
    calculator = (built_site / "infancy-onward" / "calculator.html").read_text(encoding="utf-8")
    assert "data-stack" not in calculator
