"""Worked examples (content/associations/<slug>/examples.yaml), one test each.

Each section (eligibility, fees, renewal) of each example is its own test, named
``<association>/<example name>``; a failure shows the runner's detail and the
line of the example. The coverage tests check that the examples, taken together,
exercise every part of each association's rules: the lists of category codes,
tracks, add-ons, proration rows and fee kinds come from the loaded rules, so a
category or fee added to the YAML without an example makes them fail.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from engine_helpers import (
    SLUGS,
    STATS,
    association,
    example_outcomes,
    examples_doc,
    examples_path,
)

SECTIONS = ("eligibility", "fees", "agency", "renewal")


def _examples(slug: str) -> list[dict[str, Any]]:
    return examples_doc(slug).data["examples"]


def _cases() -> list[Any]:
    cases = []
    for slug in SLUGS:
        for example in _examples(slug):
            sections = [s for s in SECTIONS if s in example]
            for section in sections:
                suffix = f" [{section}]" if len(sections) > 1 else ""
                cases.append(pytest.param(slug, example["name"], section,
                                          id=f"{slug}/{example['name']}{suffix}"))
    return cases


@pytest.mark.parametrize(("slug", "name", "section"), _cases())
def test_example(slug: str, name: str, section: str) -> None:
    outcome = example_outcomes(slug)[(name, section)]
    where = f"{examples_path(slug).relative_to(examples_path(slug).parents[3])}:{outcome.line}"
    assert outcome.passed, f"{where}: {name} [{section}]: {outcome.detail}"
    STATS["examples_passed"] += 1


@pytest.mark.parametrize("slug", SLUGS)
def test_example_names_are_unique_sentences(slug: str) -> None:
    names = [e["name"] for e in _examples(slug)]
    twice = [n for n, count in Counter(names).items() if count > 1]
    assert not twice, f"example names used twice: {twice}"
    for name in names:
        assert name[0].isupper() and " " in name and len(name) >= 20, \
            f"'{name}' should read as a sentence a staff member understands"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_example_section_ran(slug: str) -> None:
    expected = {(c.values[1], c.values[2]) for c in _cases() if c.values[0] == slug}
    assert set(example_outcomes(slug)) == expected


# --- coverage -------------------------------------------------------------------

class Seen:
    """What the examples of one association exercise, read from their inputs and
    (since every example passes) their expected answers."""

    def __init__(self, slug: str):
        self.default_on = examples_doc(slug).data.get("on")
        self.eligibility: list[tuple[dict, dict]] = []  # (profile, expect)
        self.eligibility_errors: list[dict] = []
        self.fees: list[tuple[dict, dict]] = []
        self.fee_errors: list[dict] = []
        self.agency: list[tuple[dict, dict]] = []
        self.agency_errors: list[dict] = []
        self.renewal: list[tuple[dict, dict]] = []
        self.renewal_errors: list[dict] = []
        for example in _examples(slug):
            for section in SECTIONS:
                body = example.get(section)
                if body is None:
                    continue
                given = body.get("profile" if section == "eligibility" else "input") or {}
                if "expect" in body:
                    getattr(self, section).append((given, body["expect"]))
                else:
                    errors = {"eligibility": self.eligibility_errors, "fees": self.fee_errors,
                              "agency": self.agency_errors,
                              "renewal": self.renewal_errors}[section]
                    errors.append(body["error"])


def _codes(assoc) -> list[str]:
    return [code for category in assoc.categories for code in category.codes.values()]


def _on(seen: Seen) -> date:
    return date.fromisoformat(seen.default_on) if seen.default_on else date.today()


@pytest.mark.parametrize("slug", SLUGS)
def test_examples_cover_every_category_code(slug: str) -> None:
    assoc, seen = association(slug), Seen(slug)
    for code in _codes(assoc):
        recommended = [e for _, e in seen.eligibility if e.get("recommended") == code]
        assert recommended, f"no eligibility example recommends {code}"
        assert any(e.get("eligible") is True for e in recommended), \
            f"no example shows an applicant who qualifies as {code}"
        assert any(i.get("category") == code for i, _ in seen.fees), \
            f"no fees example for {code}"
        if assoc.renewal.published:
            assert any(i.get("category") == code for i, _ in seen.renewal), \
                f"no renewal example for {code}"
    for category in assoc.categories:
        codes = set(category.codes.values())
        assert any(e.get("recommended") in codes and e.get("eligible") is False
                   for _, e in seen.eligibility), \
            f"no example shows an applicant who does not yet qualify as {category.name}"


@pytest.mark.parametrize("slug", SLUGS)
def test_examples_cover_every_way_of_recommending(slug: str) -> None:
    seen = Seen(slug)
    for category in association(slug).categories:
        assert any(p.get("scope") == category.scope
                   and e.get("recommended") in category.codes.values()
                   for p, e in seen.eligibility), \
            f"no example recommends {category.name} by its scope ({category.scope})"
    ways = {e.get("recommended_by") for _, e in seen.eligibility}
    assert {"scope", "qualification", "closest"} <= ways
    assert any(not p for p, _ in seen.eligibility), "no example with an empty profile"


@pytest.mark.parametrize("slug", SLUGS)
def test_examples_cover_the_exam_of_every_category(slug: str) -> None:
    assoc, seen = association(slug), Seen(slug)
    on = _on(seen)
    for category in assoc.categories:
        exam = category.exam_required(on)
        codes = set(category.codes.values())
        stated = [e.get("exam_required") for _, e in seen.eligibility
                  if e.get("recommended") in codes and "exam_required" in e]
        stated += [e["categories"][c]["exam_required"] for _, e in seen.eligibility
                   for c in codes if c in e.get("categories", {})
                   and "exam_required" in e["categories"][c]]
        assert exam in stated, f"no example states exam_required: {exam} for {category.name}"


@pytest.mark.parametrize("slug", SLUGS)
def test_examples_cover_every_track(slug: str) -> None:
    assoc, seen = association(slug), Seen(slug)
    with_tracks = [c for c in assoc.categories if c.tracks]
    assert with_tracks, "the seeds give the Mentor category three tracks"
    for category in with_tracks:
        codes = set(category.codes.values())
        mine = [(p, e) for p, e in seen.eligibility if e.get("recommended") in codes]
        for track in category.tracks:
            assert any(p.get("mentor_track") == track.id and e.get("eligible") is True
                       for p, e in mine), f"no example qualifies on the {track.id} track"
            if assoc.renewal.published:
                assert any(i.get("category") in codes and i.get("track") == track.id
                           for i, _ in seen.renewal), f"no renewal example for {track.id}"
        assert any("mentor_track" not in p and p.get("scope") == category.scope
                   for p, _ in mine), f"no {category.name} example without a track"
        assert any(p.get("mentor_track") and e.get("eligible") is False for p, e in mine), \
            f"no example of a {category.name} track requirement not met"


@pytest.mark.parametrize("slug", SLUGS)
def test_examples_cover_every_add_on(slug: str) -> None:
    assoc, seen = association(slug), Seen(slug)
    if not assoc.add_ons:
        assert any(e.get("add_ons") == {} for _, e in seen.eligibility), \
            "no example shows that this association has no add-on"
    for add_on in assoc.add_ons:
        stated = [e["add_ons"][add_on.code] for _, e in seen.eligibility
                  if add_on.code in e.get("add_ons", {})]
        assert any(s.get("eligible") is True for s in stated), f"{add_on.code}: none eligible"
        assert any(s.get("eligible") is False for s in stated), f"{add_on.code}: none refused"
        if assoc.fees.published:
            assert any(add_on.code in (i.get("add_ons") or ()) for i, _ in seen.fees)
        if assoc.renewal.published:
            assert any(i.get("category") == add_on.code for i, _ in seen.renewal)


@pytest.mark.parametrize("slug", SLUGS)
def test_examples_cover_every_proration_row(slug: str) -> None:
    assoc, seen = association(slug), Seen(slug)
    if not assoc.renewal.published:
        assert any(e.get("published") is False for _, e in seen.renewal)
        return
    rows = assoc.renewal.proration.at(_on(seen))
    for row in rows:
        if row.renewal_required:
            matching = [e for _, e in seen.renewal if e.get("years_endorsed") == row.years_endorsed
                        and e.get("training_hours") == row.training_hours]
            assert matching, f"no renewal example for {row.years_endorsed} years endorsed"
        else:
            assert any(e.get("skipped_deadline") for _, e in seen.renewal), \
                f"no example of the skipped deadline ({row.years_endorsed} years endorsed)"
    assert any(i.get("provides_rsc") for i, _ in seen.renewal)
    assert any("logged" in i for i, e in seen.renewal if e.get("met") is True)
    assert any("logged" in i for i, e in seen.renewal if e.get("met") is False)


@pytest.mark.parametrize("slug", SLUGS)
def test_examples_cover_every_fee_kind(slug: str) -> None:
    assoc, seen = association(slug), Seen(slug)
    schedule = assoc.fees
    if not schedule.published:
        assert any(e.get("published") is False for _, e in seen.fees)
        return
    on = _on(seen)
    for category in assoc.categories:
        fee = schedule.application[category.id]
        for kind in ("registration", "processing"):
            if getattr(fee, kind) is not None:
                assert any(i.get("category") in category.codes.values() and kind in e
                           for i, e in seen.fees), f"no example shows the {kind} fee " \
                                                   f"of {category.name}"
    for code in schedule.add_ons:
        assert any(code in (i.get("add_ons") or ()) and "add_ons" in e for i, e in seen.fees)
    membership = schedule.membership
    for term in membership.individual:
        assert any(i.get("membership") == "individual" and i.get("term") == term.years
                   and "membership" in e for i, e in seen.fees), \
            f"no example of a {term.years}-year individual membership"
    included = membership.agency.included_staff.at(on) if membership.agency else None
    for term in membership.agency_terms:
        staff = [i.get("staff") for i, e in seen.fees
                 if i.get("membership") == "agency" and i.get("term") == term.years
                 and "membership" in e]
        assert included in staff, f"{term.years}-year agency: no example with {included} staff"
        assert any(s is not None and s < included for s in staff), \
            f"{term.years}-year agency: no example with fewer than {included} staff"
        assert any(s is not None and s > included for s in staff), \
            f"{term.years}-year agency: no example with more than {included} staff"
    assert any("total" in e for _, e in seen.fees)


@pytest.mark.parametrize("slug", SLUGS)
def test_examples_cover_bad_input(slug: str) -> None:
    seen = Seen(slug)
    assert seen.eligibility_errors and seen.fee_errors and seen.renewal_errors
    fields = {f for e in seen.eligibility_errors + seen.fee_errors + seen.renewal_errors
              for f in e}
    assert "training_hours" in fields  # negative hours, text in a number
    assert "endorsed_on" in fields  # an impossible date
    if slug == "infancy-onward":
        assert {"category", "on", "term", "staff"} <= fields
        messages = [m for e in seen.eligibility_errors for m in e.values()]
        assert any("0 or more" in m for m in messages)
        assert any("enter a number" in m for m in messages)
