"""calculator.presentation: one formatter for pages and calculator, and the
plain sentences of an answer (issue 10)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from engine_helpers import CONTENT, association

from calculator import formats
from calculator.contentfiles.repository import load_content
from calculator.edges import display, service
from calculator.edges import presentation as p

DAY = "2026-11-25"


@pytest.mark.parametrize(("amount", "currency", "shown"), [
    (1234, "USD", "$1,234"), (1234.0, "USD", "$1,234"), (12.5, "USD", "$12.50"),
    (95, "CAD", "CA$95"), (40, "EUR", "€40"), (40, "GBP", "£40"), (40, "AUD", "A$40"),
    (1500, "CHF", "1,500 CHF"),
])
def test_money(amount, currency, shown):
    assert formats.money(amount, currency) == shown


def test_numbers_years_and_dates():
    assert formats.number(12897) == "12,897"
    assert formats.number(32.5) == "32.5"
    assert formats.number(2.0) == "2"
    assert formats.year(2027) == "2027" and formats.year(date(2030, 12, 31)) == "2030"
    assert formats.day("2027-12-31") == "December 31, 2027"
    assert formats.day(date(2025, 6, 1)) == "June 1, 2025"
    assert formats.plural(1, "families") == "family" and formats.plural(2, "years") == "years"


def _display(slug, request):
    a = association(slug)
    request = {"on": DAY, **request}
    return service.answer(a, request), display.present(a, request, service.answer(a, request))


def test_requirement_sentences_use_labels_and_say_what_is_left():
    answer, shown = _display("infancy-onward", {
        "profile": {"scope": "clinical", "training_hours": "30", "education": "bachelor"}})
    checks = {c["requirement"]: c for c in shown["eligibility"]["checks"]}
    assert checks["training"]["text"] == "You have 30 of the 33 hours: 3 more to go."
    assert checks["training"]["progress"] == {"value": 30, "max": 33, "text": "30 of 33 hours"}
    assert checks["training"]["reference"].startswith("Booklet, categories table")
    education = checks["education"]["text"]
    assert "Bachelor's degree" in education and "Master's degree" in education
    assert not re.search(r"\b(bachelor|master|doctorate|md)\b", education)
    assert checks["references"]["status"] == "missing"
    assert "Number of professional references" in checks["references"]["text"]
    # Engine keys untouched: the display block is beside them.
    assert answer["eligibility"]["recommended"] == shown["eligibility"]["code"] == "IMHS"


def test_add_on_shown_only_when_chosen():
    _, without = _display("infancy-onward", {"profile": {"scope": "prevention"}})
    assert without["eligibility"]["add_ons"] == []
    _, chosen = _display("infancy-onward", {"profile": {"scope": "prevention"},
                                            "fees": {"add_ons": ["ERS"]}})
    assert [a["code"] for a in chosen["eligibility"]["add_ons"]] == ["ERS"]
    # The category stays the category (the add-on's loop once overwrote it).
    assert chosen["eligibility"]["code"] == "IFS"


def test_fees_and_renewal_strings():
    answer, shown = _display("infancy-onward", {
        "profile": {"scope": "prevention"},
        "fees": {"membership": "agency", "term": "1", "staff": "7"},
        "renewal": {"endorsed_on": "2025-06-30", "as_of": DAY}})
    assert shown["fees"]["total"] == formats.money(answer["fees"]["total"], "USD")
    assert all(line["amount"].startswith("$") for line in shown["fees"]["lines"])
    renewal = shown["renewal"]
    assert renewal["deadline"] == "December 31, 2027"
    labels = [row["label"] for row in renewal["timeline"]["rows"]]
    assert labels[0] == "Endorsed" and "Your deadline" in labels
    assert "Following deadline" in labels
    assert [r["date"] for r in renewal["timeline"]["rows"]] == \
        sorted(r["date"] for r in renewal["timeline"]["rows"])
    assert not any(re.search(r"\d,\d{3}\b", t) for t in renewal["lines"])  # no "2,027"


def test_new_renewal_keys_are_shown_when_present():
    """Keys the engine may add (late renewal, lapse, renewal fees) are used
    when present and ignored when absent."""
    _, shown = _display("infancy-onward", {"renewal": {"endorsed_on": "2025-06-30",
                                                       "as_of": DAY}})
    plan = dict(_display("infancy-onward", {"renewal": {"endorsed_on": "2025-06-30",
                                                        "as_of": DAY}})[0]["renewal"])
    plan.update(late=True, lapsed=False, grace_ends="2028-03-31", fees={
        "lines": [{"kind": "renewal", "label": "Renewal fee", "amount": 50, "reference": "x"},
                  {"kind": "late", "label": "Late fee", "amount": 25, "reference": "y"}],
        "total": 75, "currency": "USD"})
    more = p.present_renewal(plan, "USD")
    assert "March 31, 2028" in more["tail"]
    assert more["lead"].startswith("Your renewal deadline has passed")
    assert more["fees"]["total"] == "$75"
    assert "Late renewal ends" in [r["label"] for r in more["timeline"]["rows"]]
    assert shown["renewal"]["fees"] is None


def test_pages_use_the_same_formatter():
    from sitegen.pages import render as pages
    assert pages.number is formats.number


def test_per_staff_price_in_a_fee_label_is_money():
    _, shown = _display("infancy-onward", {
        "profile": {"scope": "prevention"},
        "fees": {"membership": "agency", "term": "1", "staff": "7"}})
    # Read from the line's count and unit price, never parsed back out of a label.
    assert "Additional staff, 2 × $45" in [line["label"] for line in shown["fees"]["lines"]]


FIXTURES = Path(__file__).parent / "fixtures" / "associations"


@pytest.fixture(scope="module")
def every_association(tmp_path_factory):
    """The project's associations and the fixture associations of every shape."""
    root = tmp_path_factory.mktemp("present") / "content"
    shutil.copytree(CONTENT, root)
    for folder in FIXTURES.iterdir():
        if folder.is_dir():
            shutil.copytree(folder, root / "associations" / folder.name)
    return load_content(root).associations


REQUESTS = [
    {},
    {"profile": {"scope": "prevention", "training_hours": "30"},
     "fees": {"membership": "individual"},
     "renewal": {"endorsed_on": "2025-06-30", "as_of": DAY}},
    {"profile": {"scope": "clinical", "education": "master", "licensed": "yes"},
     "renewal": {"endorsed_on": "2020-01-15", "as_of": DAY,
                 "logged": {"training_attended": "3"}}},
    {"profile": {"scope": "macro"},
     "renewal": {"endorsed_on": "2024-02-10", "as_of": "2026-03-01"}},
]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize("request_", REQUESTS)
def test_every_shape_is_presented(every_association, request_):
    """Every association shape (fixed, yearly and anniversary renewal, member
    prices, conditions, no fees): a display block, with no id in its text."""
    for slug, a in every_association.items():
        request = {"on": DAY, **request_, "fees": {**request_.get("fees", {}),
                                                   "add_ons": [x.code for x in a.add_ons]}}
        answer = service.answer(a, request)
        shown = display.present(a, request, answer)
        assert shown["association"] == a.name
        text = " | ".join(_strings(shown))
        for fact in a.facts.facts:
            if "_" in fact.id:
                # ids appear only as the keys of checks ("requirement"), never in sentences
                for check in (shown["eligibility"] or {}).get("checks", []):
                    assert fact.id not in check["text"], (slug, check["text"])
        stray = re.search(r"\bNone\b(?! fits yet)", text)  # a Python None printed
        assert stray is None, (slug, text[max(stray.start() - 300, 0):stray.end() + 40])


def test_a_lapsed_endorsement_is_told_in_the_past_tense():
    """Endorsed 2019, last renewed for 2024 is not claimed: the 2024 deadline
    passed and the result says so, not "your next deadline: December 31, 2024"."""
    _, shown = _display("infancy-onward", {"renewal": {
        "endorsed_on": "2019-03-01", "as_of": "2026-11-26", "category": "IFS",
        "last_renewed": "2019"}})
    r = shown["renewal"]
    assert r["lead"].startswith("Your Endorsement® has lapsed") and r["deadline"] == \
        "December 31, 2024"
    assert not any("window opens" in line for line in r["lines"])
    assert any(line.startswith("By that deadline you had been endorsed") for line in r["lines"])
    assert "Deadline (passed)" in [row["label"] for row in r["timeline"]["rows"]]
    _, ahead = _display("infancy-onward", {"renewal": {
        "endorsed_on": "2019-03-01", "as_of": "2026-11-26", "category": "IFS"}})
    assert ahead["renewal"]["lead"] == "Your next renewal deadline:"


def test_a_refused_answer_is_not_called_unanswered():
    _, shown = _display("infancy-onward", {"profile": {"scope": "prevention",
                                                       "training_hours": "abc"}})
    checks = {c["requirement"]: c for c in shown["eligibility"]["checks"]}
    assert checks["training"]["status"] == "refused"
    assert "could not be used: see the message beside the question" in \
        checks["training"]["text"]
    assert checks["references"]["status"] == "missing"  # not answered at all
