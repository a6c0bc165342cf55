"""A fee published ahead of its first date (staff: "from 2027 we charge an exam
fee"): not charged before it, announced as new, charged from it; and a value
the pages need that has no value in force yet is refused at its file and line,
not with a traceback."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, quick_build
from content_edits import replace_once

from calculator.edges import service
from calculator.contentfiles.repository import load_content
from sitegen.errors import BuildError
from sitegen.pipeline.site import PROJECT, Options, review

IO = "infancy-onward"
EXAM = """fee_lines:
  - id: exam
    label: Exam fee
    categories: all
    price:
      reference: Board minutes 2026-10
      values: {2027-01-01: 100}
"""
RENEWAL_FEE = """fees:
  - label: Renewal fee
    categories: all
    price: {reference: Board minutes 2026-10, values: {2027-03-01: 40}}
"""


@pytest.fixture(scope="module")
def ahead(tmp_path_factory):
    content = tmp_path_factory.mktemp("ahead") / "content"
    shutil.copytree(PROJECT / "content", content)
    folder = content / "associations" / IO
    with (folder / "fees.yaml").open("a", encoding="utf-8") as f:
        f.write(EXAM)
    with (folder / "renewal.yaml").open("a", encoding="utf-8") as f:
        f.write(RENEWAL_FEE)
    return content


def test_content_with_fees_ahead_checks_clean(ahead):
    assert review(Options(content=ahead, on=BUILD_DATE))[0] == []


def test_a_fee_ahead_is_charged_from_its_date_only(ahead):
    a = load_content(ahead).associations[IO]
    before = service.fees(a, "IFS", on="2026-12-31")
    after = service.fees(a, "IFS", on="2027-01-01")
    assert "exam" not in [ln.get("id") for ln in before["lines"]]
    assert [ln["amount"] for ln in after["lines"] if ln.get("id") == "exam"] == [100]
    assert after["total"] == before["total"] + 100
    # Before the category's own rules took effect, a quote is still refused.
    with pytest.raises(Exception, match="no rule is in force on 2023-06-01"):
        service.fees(a, "IFS", on="2023-06-01")


def test_a_renewal_fee_ahead(ahead):
    a = load_content(ahead).associations[IO]
    early = service.renewal(a, endorsed_on="2025-05-01", as_of="2026-12-01", category="IFS")
    late = service.renewal(a, endorsed_on="2025-05-01", as_of="2027-03-01", category="IFS")
    assert early["fees"]["lines"] == []
    assert [(ln["label"], ln["amount"]) for ln in late["fees"]["lines"]] == [("Renewal fee", 40)]


def test_pages_announce_the_new_fees_and_list_them_once_in_force(ahead, tmp_path):
    site = tmp_path / "site"
    quick_build(ahead, site)

    def text(page):
        html = (site / IO / page).read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select_one("article").get_text(" ", strip=True)

    fees, renewal, changes = text("fees.html"), text("renewal.html"), text("changes.html")
    assert "Exam fee (every category): new: $100" in fees
    assert "| Exam fee" not in fees and "Exam fee every category $100" not in fees
    assert "Renewal fee (every category): new: $40" in renewal
    assert "There is no renewal fee" in renewal  # not yet
    coming = changes.split("Coming up", 1)[1].split("In the past twelve months", 1)[0]
    assert "Exam fee (every category) : new: $100" in coming
    # The rules' first values are not "changes": none is listed as new in the past.
    past = changes.split("In the past twelve months", 1)[1]
    assert "new:" not in past

    later = tmp_path / "later"
    quick_build(ahead, later, on=date(2027, 3, 1))
    html = BeautifulSoup((later / IO / "fees.html").read_text(encoding="utf-8"), "html.parser")
    rows = [r.get_text(" ", strip=True) for r in html.select("article table tr")]
    assert any(r.startswith("Exam fee") and "$100" in r for r in rows), rows
    # Once in force, the new fee is among the changes of the past twelve months.
    changes = BeautifulSoup((later / IO / "changes.html").read_text(encoding="utf-8"),
                            "html.parser").select_one("article").get_text(" ", strip=True)
    assert "Exam fee (every category) : new: $100" in changes.split("past twelve months", 1)[1]


def test_a_required_value_not_yet_in_force_is_refused_at_its_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    fees = content / "associations" / IO / "fees.yaml"
    replace_once(fees, "          2024-01-01: 50\n    - years: 2",
                 "          2027-01-01: 50\n    - years: 2")
    line = next(n for n, t in enumerate(fees.read_text().splitlines(), 1)
                if "2027-01-01: 50" in t) - 1  # its values:
    problems = review(Options(content=content, on=BUILD_DATE))[0]
    [problem] = [p for p in problems if "fees.yaml" in p]
    assert f"associations/{IO}/fees.yaml:{line}: fees.membership.individual.0.price has no " \
           "value in force on 2026-11-25" in problem
    assert "--date 2027-01-01" in problem and "Traceback" not in problem
    site = tmp_path / "site"
    (site).mkdir()
    (site / "keep.txt").write_text("published before")
    with pytest.raises(BuildError, match=f"fees.yaml:{line}:"):
        quick_build(content, site)
    assert (site / "keep.txt").read_text() == "published before"
