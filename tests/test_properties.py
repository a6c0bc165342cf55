"""Property-based tests: the engine answers or refuses with its own error, never crashes.

Hypothesis feeds random profiles (valid and invalid values of every fact, unknown
keys, non-objects, huge numbers, 'NaN' strings, non-ASCII text), random dates
(including impossible ones and arbitrary text) and random fee and renewal
arguments to ``calculator.service`` for both associations. Every call must either
return an answer or raise ``calculator.errors.CalculatorError``; ``answer()`` must
never raise. Answers must hold the invariants of the contract (eligible exactly
when there are no gaps, the total is the sum of its parts, the renewal deadline
is not before the date of the question, years endorsed within the cycle) and be
valid JSON.

Every case run is counted; the last test checks that at least 5,000 ran, and the
terminal summary prints the figure the README cites.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest
from engine_helpers import SLUGS, STATS, all_codes, association
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.edges import service
from calculator.errors import CalculatorError, InputError

CASES_PER_TEST = 450  # x 2 associations x 6 tests = 5,400 cases, in well under a minute
MINIMUM_CASES = 5000
SETTINGS = settings(max_examples=CASES_PER_TEST, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
RAN: set[str] = set()  # property tests that completed

# --- strategies -------------------------------------------------------------------

NASTY_TEXT = ["", " ", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e999", "-1e999",
              "1e-999", "0x10", "1_000", "3,5", "3.5.1", "ten", "33 hours", "٣٣", "３３",
              "33\x00", "‮33", "😀", "null", "true", "[]", "{}", "-0", "+5", "  12  ",
              "DROP TABLE", "<script>alert(1)</script>", "2027-02-30"]
NASTY = st.one_of(
    st.none(), st.booleans(), st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(10**300)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(NASTY_TEXT), st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
BAD_DATES = ["2027-02-30", "2027-02-29", "2027-13-01", "2027-00-10", "2027-1-1", "27-01-01",
             "2027/01/01", "01/02/2027", "2027-01-01T00:00", "0000-01-01", "9999-12-31",
             "10000-01-01", "２０２７-０１-０１", "today", "", " "]
ANY_DATE = st.one_of(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2045, 12, 31)).map(date.isoformat),
    st.dates().map(date.isoformat),
    st.sampled_from(BAD_DATES), st.text(max_size=12), st.none(), st.integers(),
    st.dates(),  # a date object rather than text
    # as people write them (calculator/dates.py)
    st.dates(min_value=date(1990, 1, 1), max_value=date(2045, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.strftime("%m/%d/%Y"), f"{d.month}/{d.day}/{d.year}",
                                   d.strftime("%B %d %Y"), d.strftime("%Y%m%d"),
                                   d.strftime("%m/%Y")])),
)


def _valid_value(fact) -> st.SearchStrategy:
    if fact.kind == "choice":
        return st.sampled_from(fact.choice_values())
    if fact.kind == "boolean":
        return st.one_of(st.booleans(), st.sampled_from(["yes", "no", "true", "false", "1",
                                                         "0", "On", " OFF "]))
    top = fact.maximum if fact.maximum is not None else 100000
    numbers = st.integers(min_value=int(fact.minimum), max_value=int(top))
    if not (fact.step is not None and fact.step >= 1):  # counted facts take whole numbers
        numbers = st.one_of(numbers, st.floats(min_value=fact.minimum, max_value=top))
    return st.one_of(numbers, numbers.map(str))


def _facts(slug: str):
    return association(slug).facts.facts


def valid_profiles(slug: str) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional={f.id: _valid_value(f) for f in _facts(slug)})


def any_profiles(slug: str) -> st.SearchStrategy:
    messy = st.fixed_dictionaries(
        {}, optional={f.id: st.one_of(_valid_value(f), NASTY) for f in _facts(slug)})
    unknown = st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), NASTY, max_size=3)
    with_unknown = st.tuples(valid_profiles(slug), unknown).map(lambda t: {**t[0], **t[1]})
    return st.one_of(valid_profiles(slug), messy, with_unknown, NASTY)


def codes(slug: str) -> list[str]:
    return all_codes(association(slug))


def any_code(slug: str) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(codes(slug)), st.sampled_from(["ifs", "IFS ", "ERS", "XYZ"]),
                     NASTY)


TRACKS = st.one_of(st.none(), st.sampled_from(["clinical", "policy", "research_faculty"]), NASTY)
WHOLE = st.one_of(st.none(), st.integers(min_value=-3, max_value=40), st.integers(),
                  st.integers(min_value=1, max_value=40).map(str), NASTY)
LOGGED_KEYS = ["training_attended", "training_provided", "volunteering",
               "rsc_provision_training", "rsc_hours"]
VALID_HOURS = st.one_of(st.integers(min_value=0, max_value=200),
                        st.floats(min_value=0, max_value=200))
LOGGED = st.one_of(
    st.none(),
    st.fixed_dictionaries({}, optional={k: VALID_HOURS for k in LOGGED_KEYS}),
    st.fixed_dictionaries({}, optional={k: st.one_of(VALID_HOURS, NASTY) for k in LOGGED_KEYS}),
    st.dictionaries(st.text(max_size=8), NASTY, max_size=3),
    NASTY,
)


# --- the check shared by every property -------------------------------------------

def _attempt(call, *args, **kwargs) -> Any:
    """Run one computation: an answer (returned) or the package's own refusal (None)."""
    STATS["property_cases"] += 1
    try:
        result = call(*args, **kwargs)
    except Exception as err:
        if not isinstance(err, CalculatorError):
            STATS["property_unexpected"] += 1
            raise
        STATS["property_refused"] += 1
        assert isinstance(err, CalculatorError)
        assert str(err), "a refusal must say why"
        if isinstance(err, InputError):
            assert err.fields and all(isinstance(k, str) and isinstance(v, str) and v
                                      for k, v in err.fields.items())
        return None
    STATS["property_answered"] += 1
    json.dumps(result, allow_nan=False)  # the CLI prints it as JSON: no NaN, no objects
    return result


def _check_eligibility(result: dict) -> None:
    assert result["eligible"] is (result["gaps"] == [])
    assert result["recommended"] in result["categories"]
    assert result["recommended_by"] in ("scope", "qualification", "closest")
    assert result["gaps"] == result["categories"][result["recommended"]]["gaps"]
    assert isinstance(result["exam_required"], bool)
    for outcome in [*result["categories"].values(), *result["add_ons"].values()]:
        assert outcome["eligible"] is (outcome["gaps"] == [])
        unmet = [c for c in outcome["checks"] if not c["met"]]
        assert unmet == outcome["gaps"]
        for gap in outcome["gaps"]:
            if gap["kind"] == "at_least":
                assert gap["shortfall"] > 0
    if result["recommended_by"] == "qualification":
        assert result["eligible"]
    if result["recommended_by"] == "closest":
        assert not any(c["eligible"] for c in result["categories"].values())


def _check_fees(result: dict) -> None:
    if not result["published"]:
        assert result["message"]
        return
    parts = ("registration", "processing", "add_ons", "membership")
    assert all(result[p] >= 0 for p in parts)
    assert math.isclose(result["total"], sum(result[p] for p in parts), abs_tol=0.005)
    assert math.isclose(result["total"], sum(line["amount"] for line in result["lines"]),
                        abs_tol=0.005)
    assert result["currency"] == "USD"


def _check_renewal(result: dict, as_of: date | None = None) -> None:
    if not result["published"]:
        assert result["message"]
        return
    deadline = date.fromisoformat(result["deadline"])
    asked = date.fromisoformat(result["as_of"])
    if as_of is not None:
        assert asked == as_of
    assert deadline >= asked
    assert date.fromisoformat(result["window_opens"]) <= deadline
    assert result["window_open"] is (date.fromisoformat(result["window_opens"]) <= asked)
    assert 0 <= result["years_endorsed"] <= result["cycle_years"]
    assert result["renewal_required"] is True  # a skipped deadline moves to the next one
    if result["skipped_deadline"]:
        assert asked <= date.fromisoformat(result["skipped_deadline"]) < deadline
    assert result["cycle_deadlines"][-1] > result["deadline"]
    for key in ("training_hours", "rsc_provision_training_hours", "rsc_hours"):
        assert result[key] >= 0
    if "met" in result:
        assert result["met"] is (result["shortfalls"] == [])
        assert result["counted_training_hours"] >= 0
        for shortfall in result["shortfalls"]:
            assert shortfall["shortfall"] > 0


# --- properties -----------------------------------------------------------------------

@pytest.mark.parametrize("slug", SLUGS)
def test_eligibility_answers_or_refuses(slug: str) -> None:
    assoc = association(slug)

    @SETTINGS
    @given(profile=any_profiles(slug), on=ANY_DATE)
    def run(profile: Any, on: Any) -> None:
        result = _attempt(service.eligibility, assoc, profile, on)
        if result is not None:
            _check_eligibility(result)

    run()
    RAN.add(f"eligibility/{slug}")


@pytest.mark.parametrize("slug", SLUGS)
def test_valid_profiles_always_get_an_answer(slug: str) -> None:
    assoc = association(slug)

    @SETTINGS
    @given(profile=valid_profiles(slug),
           on=st.dates(min_value=date(2024, 1, 1), max_value=date(2100, 12, 31)))
    def run(profile: dict, on: date) -> None:
        result = _attempt(service.eligibility, assoc, profile, on.isoformat())
        assert result is not None, f"a valid profile was refused: {profile}"
        _check_eligibility(result)

    run()
    RAN.add(f"valid eligibility/{slug}")


@pytest.mark.parametrize("slug", SLUGS)
def test_fees_answer_or_refuse(slug: str) -> None:
    assoc = association(slug)
    add_ons = st.one_of(st.none(), st.lists(any_code(slug), max_size=3),
                        st.lists(st.sampled_from(["ERS"]), max_size=2), NASTY)
    membership = st.one_of(st.none(), st.sampled_from(["individual", "agency", "", "Agency"]),
                           NASTY)

    @SETTINGS
    @given(category=any_code(slug), add_ons=add_ons, membership=membership, term=WHOLE,
           staff=WHOLE, on=ANY_DATE)
    def run(category, add_ons, membership, term, staff, on) -> None:
        result = _attempt(service.fees, assoc, category, add_ons, membership, term, staff, on)
        if result is not None:
            _check_fees(result)

    run()
    RAN.add(f"fees/{slug}")


@pytest.mark.parametrize("slug", SLUGS)
def test_renewal_answers_or_refuses(slug: str) -> None:
    assoc = association(slug)
    real = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))

    @SETTINGS
    @given(endorsed=st.one_of(real.map(date.isoformat), ANY_DATE),
           as_of=st.one_of(real.map(date.isoformat), ANY_DATE),
           category=st.one_of(st.none(), any_code(slug)), track=TRACKS,
           provides_rsc=st.one_of(st.booleans(), NASTY), logged=LOGGED)
    def run(endorsed, as_of, category, track, provides_rsc, logged) -> None:
        result = _attempt(service.renewal, assoc, endorsed, as_of, category, track,
                          provides_rsc, logged)
        if result is not None:
            _check_renewal(result)

    run()
    RAN.add(f"renewal/{slug}")


@pytest.mark.parametrize("slug", SLUGS)
def test_valid_renewal_questions_always_get_an_answer(slug: str) -> None:
    assoc = association(slug)
    # The rules take effect 2024-01-01: questions are asked from then on (earlier
    # dates are refused, correctly); endorsement dates may be much older.
    asked = st.dates(min_value=date(2024, 1, 1), max_value=date(2200, 12, 31))
    endorsed_before = st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 31))

    @SETTINGS
    @given(dates=st.tuples(endorsed_before, asked).filter(lambda d: d[0] <= d[1]),
           category=st.sampled_from([None, *codes(slug)]), provides_rsc=st.booleans(),
           logged=st.one_of(st.none(), st.fixed_dictionaries(
               {}, optional={k: VALID_HOURS for k in LOGGED_KEYS})))
    def run(dates, category, provides_rsc, logged) -> None:
        endorsed, as_of = dates
        track = "clinical" if category in ("IMHM", "ECMHM") else None
        result = _attempt(service.renewal, assoc, endorsed.isoformat(), as_of.isoformat(),
                          category, track, provides_rsc, logged)
        assert result is not None
        _check_renewal(result, as_of)
        if result["published"]:
            assert date.fromisoformat(result["deadline"]).year - as_of.year <= \
                2 * result["cycle_years"]

    run()
    RAN.add(f"valid renewal/{slug}")


@pytest.mark.parametrize("slug", SLUGS)
def test_answer_never_raises(slug: str) -> None:
    assoc = association(slug)
    fees_part = st.one_of(st.none(), NASTY, st.fixed_dictionaries({}, optional={
        "category": any_code(slug), "add_ons": st.one_of(st.lists(any_code(slug), max_size=2),
                                                         NASTY),
        "membership": st.one_of(st.sampled_from(["individual", "agency"]), NASTY),
        "term": WHOLE, "staff": WHOLE}))
    renewal_part = st.one_of(st.none(), NASTY, st.fixed_dictionaries({}, optional={
        "endorsed_on": ANY_DATE, "as_of": ANY_DATE, "category": any_code(slug),
        "track": TRACKS, "provides_rsc": st.one_of(st.booleans(), NASTY), "logged": LOGGED}))
    agency_part = st.one_of(st.none(), NASTY, st.fixed_dictionaries({}, optional={
        "applications": st.one_of(st.dictionaries(any_code(slug), WHOLE, max_size=3), NASTY),
        "add_ons": st.one_of(st.dictionaries(any_code(slug), WHOLE, max_size=2), NASTY),
        "term": WHOLE, "staff": WHOLE}))
    renewal_part = st.one_of(renewal_part, st.fixed_dictionaries({}, optional={
        "endorsed_on": ANY_DATE, "add_ons": st.one_of(st.lists(any_code(slug), max_size=2),
                                                      NASTY)}))
    request = st.one_of(
        st.fixed_dictionaries({}, optional={"profile": any_profiles(slug), "on": ANY_DATE,
                                            "route": st.one_of(
                                                st.sampled_from(["apply", "renew", "agency"]),
                                                NASTY),
                                            "fees": fees_part, "renewal": renewal_part,
                                            "agency": agency_part}),
        NASTY)

    @SETTINGS
    @given(request=request)
    def run(request: Any) -> None:
        STATS["property_cases"] += 1
        try:
            out = service.answer(assoc, request)  # must never raise
        except Exception:
            STATS["property_unexpected"] += 1
            raise
        STATS["property_answered"] += 1
        json.dumps(out, allow_nan=False)
        assert set(out) == {"route", "eligibility", "fees", "agency", "renewal", "by_scope",
                            "errors"}
        assert all(isinstance(k, str) and isinstance(v, str) and v
                   for k, v in out["errors"].items())
        if out["eligibility"] is not None:
            _check_eligibility(out["eligibility"])
        if out["fees"] is not None:
            _check_fees(out["fees"])
        if out["agency"] is not None:
            _check_fees(out["agency"])
        if out["renewal"] is not None:
            _check_renewal(out["renewal"])

    run()
    RAN.add(f"answer/{slug}")


# --- the figure for the README (keep this test last in the file) ---------------------

PROPERTY_TESTS = 6


def test_at_least_5000_property_cases_ran() -> None:
    if len(RAN) < PROPERTY_TESTS * len(SLUGS):
        pytest.skip("only part of this file was run (for example with -k)")
    assert STATS["property_cases"] >= MINIMUM_CASES, STATS
    assert STATS["property_unexpected"] == 0, STATS
    assert STATS["property_answered"] > 0 and STATS["property_refused"] > 0


def test_add_ons_that_are_not_codes_are_refused() -> None:
    """Found by hypothesis (add_ons=[[]]): a list inside the list of add-ons
    raised TypeError from deduplicating them instead of a message."""
    with pytest.raises(InputError) as refused:
        service.fees(association("infancy-onward"), "IFA", [[]])
    assert "list of codes" in str(refused.value)
