"""The rule shapes other associations use (issue 9), written in YAML alone.

``tests/fixtures/associations/`` holds two associations written from
content/README.md only, never published: ``annual-aimh`` (yearly renewal with
a fee by category, a late fee and reinstatement, an exam fee, member prices,
calendar-year membership, a residence condition, a topic minimum, fewer RSC
hours after three years, one age variant, a clinical category without a
licence) and ``anniversary-aimh`` (anniversary renewal, no renewal fee, a late
fee alone, no published reinstatement, agency-only membership, CAD). Their
worked examples were worked out by hand; here they run, and the command line
and the pages are checked for the same shapes.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from engine_helpers import CONTENT, STATS

from calculator.contentfiles.examples import load_examples, run_examples
from calculator.contentfiles.repository import load_content
from calculator.edges import cli
from sitegen.pages.association import association_pages
from sitegen.pages.render import Renderer
from sitegen.pipeline.site import Options, review

FIXTURES = Path(__file__).parent / "fixtures" / "associations"
SHAPES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
ON = date(2026, 11, 26)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A content folder: the project's facts.yaml and the fixture associations."""
    target = tmp_path_factory.mktemp("shapes") / "content"
    (target / "associations").mkdir(parents=True)
    shutil.copyfile(CONTENT / "facts.yaml", target / "facts.yaml")
    for slug in SHAPES:
        shutil.copytree(FIXTURES / slug, target / "associations" / slug)
    return target


@pytest.fixture(scope="module")
def content(root):
    return load_content(root)


def test_check_passes_on_the_fixture_associations(root) -> None:
    assert review(Options(content=root, on=ON))[0] == []


@pytest.mark.parametrize("slug", SHAPES)
def test_worked_examples(slug, content) -> None:
    outcomes = run_examples(content.associations[slug],
                            load_examples(FIXTURES / slug / "examples.yaml"))
    failed = [f"{o.name} ({o.section}): {o.detail}" for o in outcomes if not o.passed]
    assert outcomes and not failed, "\n".join(failed)
    STATS["examples_passed"] += len(outcomes)


def _cli(root: Path, capsys, *args: str) -> dict:
    code = cli.main(["--content", str(root), *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_member_prices_from_the_command_line(root, capsys) -> None:
    base = ["fees", "--association", "annual-aimh", "--category", "IECMHS", "--on", "2026-11-26"]
    plain = _cli(root, capsys, *base)
    member = _cli(root, capsys, *base, "--member")
    assert [(ln["label"], ln["price"]) for ln in plain["lines"]] == [
        ("Registration fee", "standard"), ("Processing fee", "non_member"),
        ("Exam fee", "standard")]
    assert [ln["price"] for ln in member["lines"]] == ["standard", "member", "standard"]
    assert plain["total"] - member["total"] == 150 - 75


def test_lapse_from_the_command_line(root, capsys) -> None:
    out = _cli(root, capsys, "renewal", "--association", "annual-aimh", "--category", "IECFS",
               "--endorsed-on", "2024-06-01", "--as-of", "2027-04-01", "--last-renewed", "2025")
    assert out["lapsed"] is True and out["late"] is False
    assert [ln["kind"] for ln in out["fees"]["lines"]] == ["reinstatement", "renewal"]


def test_bad_last_renewed_is_one_line(root, capsys) -> None:
    code = cli.main(["--content", str(root), "renewal", "--association", "annual-aimh",
                     "--endorsed-on", "2024-06-01", "--last-renewed", "2023"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: last_renewed:")


def test_single_variant_asks_no_age_question(content) -> None:
    annual = content.associations["annual-aimh"]
    assert "age_focus" not in annual.facts_used()
    assert "lives_in_state" in annual.facts_used()
    two = content.associations["anniversary-aimh"]
    assert "age_focus" in two.facts_used()
    assert [c.label for c in two.facts.get("age_focus").choices] == [
        "Infant (0–3)", "Early Childhood (3–6)"]


@pytest.fixture(scope="module")
def pages(content) -> dict[str, str]:
    renderer = Renderer(content, ON)
    out = {}
    for slug in SHAPES:
        out |= {p.path: p.text for p in association_pages(renderer, slug)}
    return out


def test_yearly_renewal_page_reads_right(pages) -> None:
    text = pages["annual-aimh/renewal.md"]
    assert "renewed every year" in text
    assert "prorated" not in text and "fixed" not in text
    # No cap is published, so none is mentioned.
    assert "volunteering" not in text and "providing training" not in text
    assert "diversity, equity and inclusion" in text
    assert "10 RSC hours" in text
    assert "grace period of **3 months**" in text and "$25" in text
    assert "processing fee of your category" in text and "plus the renewal fee" in text
    assert "$45" in text and "$65" in text


def test_anniversary_renewal_page_reads_right(pages) -> None:
    text = pages["anniversary-aimh/renewal.md"]
    assert "anniversary" not in text or "last day of the month" in text
    assert "every 2 years" in text and "60 days before" in text
    assert "There is no renewal fee" in text
    assert "ask the association how to reinstate" in text
    assert "25%" in text and "volunteering" not in text


def test_years_are_printed_as_years(tmp_path) -> None:
    content = load_content(CONTENT)
    text = {p.path: p.text for p in association_pages(Renderer(content, ON), "infancy-onward")}
    renewal = text["infancy-onward/renewal.md"]
    assert "2027, 2030, 2033" in renewal
    assert not re.search(r"\b2,0\d\d\b", "\n".join(text.values()))


def test_fees_pages_show_every_fee(pages) -> None:
    fees = pages["annual-aimh/fees.md"]
    assert "Exam fee" in fees and "$100" in fees
    assert "$75 for members, $150 for non-members" in fees
    assert "October 1" in fees and "another association of infant mental health" in fees
    mhs = pages["annual-aimh/categories/mental_health_specialist.md"]
    assert "Exam fee" in mhs and "$270" in mhs  # 20 + 150 + 100, non-member
    assert "Members of Annual Example AIMH pay $195" in mhs
    assert "Renewal: $65 every year" in mhs
    fs = pages["annual-aimh/categories/family_specialist.md"]
    assert "Exam fee" not in fs and "$170" in fs
    agency = pages["anniversary-aimh/fees.md"]
    # 500 + 3 × 40: the page's worked example of an agency with three extra staff
    assert "CA$620" in agency and "Individual professional membership" not in agency


def test_the_fixture_associations_build_a_strict_site(root, tmp_path) -> None:
    """mkdocs in strict mode: every link and anchor of the new page shapes resolves."""
    from sitegen.pipeline.site import build

    site = tmp_path / "site"
    summary = build(Options(content=root, site=site, on=ON, runtime=False))
    assert summary["associations"] == SHAPES
    renewal = (site / "annual-aimh" / "renewal.html").read_text(encoding="utf-8")
    assert "Renewal fee" in renewal and "grace period" in renewal
    home = (site / "annual-aimh" / "index.html").read_text(encoding="utf-8")
    assert "Who can apply" in home and "How to apply" in home


def test_january_deadline_with_a_window_from_november_and_calendar_years(root, tmp_path,
                                                                         capsys) -> None:
    """A deadline of January 31 whose window opens the November before, and "no
    renewal in the calendar year you were endorsed" (years_counted: calendar)."""
    copy = tmp_path / "content"
    shutil.copytree(root, copy)
    path = copy / "associations" / "annual-aimh" / "renewal.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"12-31"', '"01-31"').replace('"10-01"', '"11-01"')
    text = text.replace("membership_required: true", "membership_required: true\n"
                                                      "years_counted: calendar")
    path.write_text(text, encoding="utf-8")
    ask = ["renewal", "--association", "annual-aimh", "--category", "IECFS"]
    out = _cli(copy, capsys, *ask, "--endorsed-on", "2026-03-01", "--as-of", "2026-11-26")
    assert out["deadline"] == "2027-01-31" and out["skipped_deadline"] is None
    assert out["window_opens"] == "2026-11-01" and out["window_open"] is True
    # Endorsed in 2026: the 2026 deadline (January 31, before it) is not theirs,
    # and none is skipped in the year of endorsement itself.
    out = _cli(copy, capsys, *ask, "--endorsed-on", "2026-01-15", "--as-of", "2026-01-20")
    assert out["skipped_deadline"] == "2026-01-31" and out["deadline"] == "2027-01-31"


def test_a_late_fee_ahead_replaces_nothing_yet(tmp_path) -> None:
    """A late fee that replaces the renewal fee, published ahead of its first
    date: until then a late renewal pays the renewal fee (it paid nothing)."""
    target = tmp_path / "content"
    (target / "associations").mkdir(parents=True)
    shutil.copyfile(CONTENT / "facts.yaml", target / "facts.yaml")
    shutil.copytree(FIXTURES / "annual-aimh", target / "associations" / "annual-aimh")
    renewal = target / "associations" / "annual-aimh" / "renewal.yaml"
    text = renewal.read_text(encoding="utf-8")
    old = '  fee: {reference: "Fee sheet, late fee", values: {2024-01-01: 25}}\n'
    assert old in text
    renewal.write_text(text.replace(old, '  fee: {reference: "Fee sheet, late fee", values: '
                                         '{2027-01-01: 25}}\n  fee_replaces_renewal_fee: true\n'),
                       encoding="utf-8")
    a = load_content(target).associations["annual-aimh"]
    from calculator.edges import service

    before = service.renewal(a, "2024-03-01", as_of="2026-01-15", category="IECFS")
    assert before["late"] is True
    assert [ln["kind"] for ln in before["fees"]["lines"]] == ["renewal"], before["fees"]
    after = service.renewal(a, "2024-03-01", as_of="2027-01-15", category="IECFS")
    assert after["late"] is True
    assert [ln["kind"] for ln in after["fees"]["lines"]] == ["late"], after["fees"]


# -- rules model v3 (issue 18): the partial-aimh fixture ----------------------------


def _plain(markdown: str) -> str:
    return markdown.replace("\\+", "+")  # Markdown's escaped '+'


def test_costs_published_in_part_read_right_on_the_pages(pages) -> None:
    fees = _plain(pages["partial-aimh/fees.md"])
    # The supervisor's processing fee and the exam fee are named without amounts,
    # and the totals add up the published amounts only.
    assert "| Family Reflective Supervisor | IECFRS | $25 | amount not published: ask the " \
           "association | — | $25 + amounts not published |" in fees
    assert "$115 + amounts not published" in fees
    assert "does not publish its membership price" in fees
    assert "| 1 year | amount not published: ask the association |" in fees
    assert "late_year" not in fees and "following year" not in fees  # no late-year rule
    frs = _plain(pages["partial-aimh/categories/family_reflective_supervisor.md"])
    assert "| Total application fees | $25 + amounts not published |" in frs
    assert "does not publish the amount of the processing fee" in frs


def test_renewal_without_a_window_and_with_rsc_recommended(pages) -> None:
    text = pages["partial-aimh/renewal.md"]
    assert "window" not in text.lower()
    assert "you can\nrenew any time before it" in text
    assert "Family Reflective Supervisor: **recommended**, not required" in text
    assert "Family Specialist, Mental Health Specialist: **required**" in text
    assert "late fee (its amount is not published: ask the association)" in text
    assert "processing fee of your category at the non-member price" in text
    assert "Family Specialist $90" in text  # non-member price, though membership is required
    frs = pages["partial-aimh/categories/family_reflective_supervisor.md"]
    assert "RSC hours are recommended for this category, not required" in frs


def test_exam_category_page_gives_the_next_sitting(pages) -> None:
    mhs = pages["partial-aimh/categories/mental_health_specialist.md"]
    assert "the Spring sitting on April 15, 2027; your portfolio is due by February 1, 2027" \
           in mhs
    assert "Next exam" not in pages["partial-aimh/categories/family_specialist.md"]


def test_two_categories_of_one_scope_on_the_compare_page(pages) -> None:
    compare = pages["partial-aimh/compare.md"]
    assert "Family Specialist" in compare and "Family Reflective Supervisor" in compare
    assert "50 hours providing RSC" in compare
    home = pages["partial-aimh/index.md"]
    assert home.count("Prevention") >= 2  # both categories listed with their scope


def _display(content, request: dict) -> dict:
    from calculator.edges import display, service

    a = content.associations["partial-aimh"]
    answer = service.answer(a, request)
    return display.with_display(a, request, answer)["display"]


def test_calculator_says_what_is_not_published(content) -> None:
    shown = _display(content, {"profile": {"scope": "clinical", "education": "master",
                                           "rsc_hours": 50},
                               "fees": {"category": "IECMHS"}, "on": "2026-11-26"})
    assert shown["fees"]["total"] == "$115 + amounts not published"
    amounts = {ln["label"]: ln["amount"] for ln in shown["fees"]["lines"]}
    assert amounts["Exam fee"] == "amount not published: ask the association"
    assert "does not publish the amount of the exam fee" in shown["fees"]["note"]
    assert "Next sitting: Spring, April 15, 2027; portfolio due by February 1, 2027" \
           in shown["eligibility"]["exam"]


def test_calculator_next_category_up_and_recommended_rsc(content) -> None:
    shown = _display(content, {"profile": {"scope": "prevention", "training_hours": 30,
                                           "rsc_hours": 24},
                               "renewal": {"endorsed_on": "2025-01-15",
                                           "as_of": "2026-11-26", "category": "IECFRS"},
                               "on": "2026-11-26"})
    others = {o["code"]: o["text"] for o in shown["eligibility"]["others"]}
    assert others["IECFRS"] == "next step in the same focus of work: 1 requirement missing"
    assert shown["eligibility"]["why"] == (
        "Recommended from the main focus of your work. Next step in the same focus of work: "
        "Infant and Early Childhood Family Reflective Supervisor (IECFRS), 1 requirement "
        "missing.")
    renewal = shown["renewal"]
    assert "You can renew any time before the deadline." in renewal["lines"]
    assert not any("window" in line for line in renewal["lines"])
    assert [row["kind"] for row in renewal["timeline"]["rows"]].count("window") == 0
    assert "12 hours of reflective supervision/consultation (RSC) are recommended, not " \
           "required." in renewal["needs"]


def test_reinstatement_processing_fee_when_no_fees_are_published(tmp_path) -> None:
    """'Re-register and pay a processing fee in addition to the renewal fee', with
    no fee table published: the processing fee is listed without an amount and
    the renewal fee with its own; the total is null with a reason."""
    target = tmp_path / "content"
    (target / "associations").mkdir(parents=True)
    shutil.copyfile(CONTENT / "facts.yaml", target / "facts.yaml")
    shutil.copytree(FIXTURES / "partial-aimh", target / "associations" / "partial-aimh")
    (target / "associations" / "partial-aimh" / "fees.yaml").write_text(
        "published: false\nmessage: Ask the association about fees.\n", encoding="utf-8")
    a = load_content(target).associations["partial-aimh"]
    from calculator.edges import service

    out = service.renewal(a, "2024-06-01", as_of="2026-04-01", category="IECFS",
                          last_renewed="2025")
    assert out["lapsed"] is True
    assert [(ln["kind"], ln["amount"]) for ln in out["fees"]["lines"]] == [
        ("reinstatement", None), ("renewal", 40)]
    assert out["fees"]["total"] is None and out["fees"]["known_total"] == 40
    assert "processing fee" in out["fees"]["note"]


def test_one_category_per_scope_answers_as_before(content) -> None:
    """Associations with one category per scope get no next category up."""
    from calculator.edges import service

    a = content.associations["annual-aimh"]
    out = service.eligibility(a, {"scope": "prevention", "training_hours": 30,
                                  "rsc_hours": 24, "lives_in_state": True}, on="2026-11-26")
    assert out["recommended"] == "IECFS" and out["next_in_scope"] is None
    assert out["scope_categories"] == ["IECFS"]
    assert out["next_exam"] is None  # no exam in this category; no sittings published


def test_an_amount_published_later_is_announced(tmp_path) -> None:
    """A fee named without its amount, then published with a date: the pages
    announce 'amount not published → $60' like any change."""
    target = tmp_path / "content"
    (target / "associations").mkdir(parents=True)
    shutil.copyfile(CONTENT / "facts.yaml", target / "facts.yaml")
    shutil.copytree(FIXTURES / "partial-aimh", target / "associations" / "partial-aimh")
    fees = target / "associations" / "partial-aimh" / "fees.yaml"
    old = "values: {2024-01-01: not_published}}\n  mental_health_specialist:"
    text = fees.read_text(encoding="utf-8")
    assert old in text
    fees.write_text(text.replace(old, "values: {2024-01-01: not_published, 2027-01-01: "
                                      "{value: 60, reference: Fee page 2027}}}\n"
                                      "  mental_health_specialist:"), encoding="utf-8")
    content = load_content(target)
    from calculator.edges import service
    from sitegen.pages.announcements import all_changes

    a = content.associations["partial-aimh"]
    changes = [c for c in all_changes(a, content.data["partial-aimh"])
               if c.effective == date(2027, 1, 1)]
    assert [(c.old, c.new) for c in changes] == [("amount not published", "$60")]
    before = service.fees(a, "IECFRS", on="2026-12-31")
    after = service.fees(a, "IECFRS", on="2027-01-01")
    assert before["total"] is None and after["total"] == 85 and after["unpublished"] == []


def test_a_month_without_its_day_is_refused_where_the_day_decides(root, tmp_path) -> None:
    """Due on the very anniversary: endorsed June 1 or June 30, 2023 gives two
    different deadlines, so "06/2023" asks for the full date; where the
    deadline falls at the end of the month it does not (the fixture itself)."""
    from calculator.edges import service
    from calculator.errors import InputError

    one = load_content(root).associations["anniversary-aimh"]
    month = service.renewal(one, "06/2023", "2026-12-04")
    assert month == service.renewal(one, "2023-06-01", "2026-12-04")
    copy = tmp_path / "content"
    shutil.copytree(root, copy)
    renewal = copy / "associations" / "anniversary-aimh" / "renewal.yaml"
    renewal.write_text(renewal.read_text(encoding="utf-8").replace(
        "due: end_of_month", "due: anniversary"), encoding="utf-8")
    exact = load_content(copy).associations["anniversary-aimh"]
    with pytest.raises(InputError) as err:
        service.renewal(exact, "06/2023", "2026-12-04")
    assert "depends on the day you were endorsed in June 2023" in err.value.fields["endorsed_on"]
    assert service.renewal(exact, "06/15/2023", "2026-12-04")["deadline"]
