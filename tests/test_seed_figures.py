"""Every figure of the seeds' tables, transcribed here by hand, against the calculator.

The numbers below are typed from shared/seeds/ (the INfancy Onward booklet,
seed 001, and the second association's summary, seed 000), independently of
content/. Each is compared with what ``calculator.service`` returns, so
changing any number in the YAML (or losing one) makes a test here fail.
"""

from __future__ import annotations

import pytest
from engine_helpers import association

from calculator.edges import service
from calculator.errors import InputError

ON = "2026-11-25"

# --- Seed 001, step 1: application fee table ----------------------------------------
#                  registration, processing, total application fees
BOOKLET_APPLICATION_FEES = {
    "IFA": (15, 25, 40), "ECFA": (15, 25, 40),
    "IFS": (25, 50, 75), "ECFS": (25, 50, 75),
    "IMHS": (25, 50, 75), "ECMHS": (25, 50, 75),
    "IMHM": (25, 300, 325), "ECMHM": (25, 300, 325),  # "$300 (includes exam fees)"
}
BOOKLET_ERS_PROCESSING = 50  # "ERS add-on: Processing Fee $50; Endorsement fees + $50"
BOOKLET_ERS_REGISTRATION = 0  # "-"

# --- Seed 001, step 2: membership table ---------------------------------------------
BOOKLET_INDIVIDUAL = {1: 50, 2: 95, 3: 135}  # Annual, 2-year, 3-year
BOOKLET_AGENCY = {1: (225, 45), 2: (425, 85), 3: (600, 120)}  # "for five + per additional"
BOOKLET_AGENCY_INCLUDED_STAFF = 5

# --- Seed 001, renewal ----------------------------------------------------------------
BOOKLET_CYCLE_YEARS = (2024, 2027, 2030, 2033)  # "3-year fixed cycle (2024, 2027, 2030, 2033)"
BOOKLET_WINDOW = ("10-01", "12-31")  # "open from October 1 with a hard deadline of December 31"
BOOKLET_NEXT_DEADLINE = "2027-12-31"  # "The next renewal deadline is December 31, 2027."
#                  years endorsed: training, of which on the provision of RSC, RSC hours
BOOKLET_RENEWAL_ROWS = {3: (45, 9, 36), 2: (30, 6, 24), 1: (15, 3, 12)}
BOOKLET_PROVIDED_TRAINING_SHARE = 0.5  # "Up to 50% ... from time spent providing training"
BOOKLET_VOLUNTEERING_CAP = 10  # "Up to 10 hours spent volunteering"

# --- Seed 001, categories table: every number, by requirement fact -------------------
BOOKLET_CATEGORY_NUMBERS = {
    "IFA": {"work_years": 2, "training_hours": 33, "references": 3},
    "IFS": {"work_years": 2, "families_served": 10, "training_hours": 33, "references": 3,
            "rsc_hours": 24},
    "IMHS": {"post_graduate_work_years": 2, "training_hours": 33, "references": 3,
             "rsc_hours": 50},
    "IMHM": {"leadership_years": 3, "training_hours": 33, "references": 3},
}
BOOKLET_MENTOR_CLINICAL_NUMBERS = {"rsc_provider_years": 3, "rsc_training_hours": 15,
                                   "rsc_hours": 50, "rsc_provision_hours": 25}
BOOKLET_ERS_NUMBERS = {"rsc_hours": 24, "rsc_training_hours": 15, "references": 2,
                       "rsc_provider_years": 1, "rsc_provision_hours": 12}
BOOKLET_EXAM = {"IFA": False, "IFS": False, "IMHS": False, "IMHM": True}
BOOKLET_POST_GRADUATE = ["master", "doctorate", "md"]  # "Post-Graduate"
BOOKLET_ANY_DEGREE = ["associate", "bachelor", "master", "doctorate", "md"]
BOOKLET_EC_CODES = {"IFA": "ECFA", "IFS": "ECFS", "IMHS": "ECMHS", "IMHM": "ECMHM"}

# --- Seed 000: the second association ------------------------------------------------
SUMMARY_CATEGORY_NUMBERS = {
    "IFA": {"training_hours": 30, "references": 3},
    "IFS": {"work_years": 2, "training_hours": 30, "references": 3, "rsc_hours": 24},
    "IMHS": {"post_graduate_work_years": 2, "training_hours": 30, "references": 3,
             "rsc_hours": 50},
    "IMHM": {"work_years": 3, "training_hours": 30, "references": 3},
}
SUMMARY_IFA_ROUTES = {"cda_credential": True, "education": ["associate"], "work_years": 2}
SUMMARY_MENTOR_CLINICAL_NUMBERS = {"rsc_hours": 50}
SUMMARY_EDUCATION = {"IFS": ["bachelor", "master"], "IMHS": ["master", "doctorate"],
                     "IMHM": ["master", "doctorate", "md"]}
SUMMARY_EXAM = {"IFA": False, "IFS": False, "IMHS": True, "IMHM": True}


def _numbers(checks: list[dict]) -> dict[str, float]:
    return {c["fact"]: c["need"] for c in checks if c["kind"] == "at_least"}


def _eligibility(slug: str, profile: dict) -> dict:
    return service.eligibility(association(slug), profile, ON)


# --- application fees ---------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(BOOKLET_APPLICATION_FEES))
def test_booklet_application_fees(code: str) -> None:
    registration, processing, total = BOOKLET_APPLICATION_FEES[code]
    quote = service.fees(association("infancy-onward"), code, on=ON)
    assert (quote["registration"], quote["processing"], quote["total"]) == \
        (registration, processing, total)
    assert quote["add_ons"] == 0 and quote["membership"] == 0
    assert quote["currency"] == "USD"


@pytest.mark.parametrize("code", sorted(BOOKLET_APPLICATION_FEES))
def test_booklet_ers_add_on_fee(code: str) -> None:
    quote = service.fees(association("infancy-onward"), code, ["ERS"], on=ON)
    assert quote["add_ons"] == BOOKLET_ERS_REGISTRATION + BOOKLET_ERS_PROCESSING
    assert quote["total"] == BOOKLET_APPLICATION_FEES[code][2] + 50  # "Endorsement fees + $50"


# --- membership -----------------------------------------------------------------------

@pytest.mark.parametrize("years", sorted(BOOKLET_INDIVIDUAL))
def test_booklet_individual_membership(years: int) -> None:
    quote = service.fees(association("infancy-onward"), "IFS", (), "individual", years, on=ON)
    assert quote["membership"] == BOOKLET_INDIVIDUAL[years]
    assert quote["total"] == 75 + BOOKLET_INDIVIDUAL[years]


@pytest.mark.parametrize("years", sorted(BOOKLET_AGENCY))
@pytest.mark.parametrize("staff", [1, 4, 5, 6, 9, 25])
def test_booklet_agency_membership(years: int, staff: int) -> None:
    base, per_staff = BOOKLET_AGENCY[years]
    expected = base + per_staff * max(0, staff - BOOKLET_AGENCY_INCLUDED_STAFF)
    quote = service.fees(association("infancy-onward"), "IFA", (), "agency", years, staff,
                         on=ON)
    assert quote["membership"] == expected
    assert quote["total"] == 40 + expected


def test_booklet_membership_terms_are_exactly_one_two_three_years() -> None:
    for kind in ("individual", "agency"):
        for years in (4, 5):
            with pytest.raises(InputError):
                service.fees(association("infancy-onward"), "IFA", (), kind, years, on=ON)


# --- renewal --------------------------------------------------------------------------

@pytest.mark.parametrize("years", sorted(BOOKLET_RENEWAL_ROWS))
@pytest.mark.parametrize("provides_rsc", [False, True])
def test_booklet_renewal_rows(years: int, provides_rsc: bool) -> None:
    training, rsc_provision, rsc = BOOKLET_RENEWAL_ROWS[years]
    endorsed_on = f"{2027 - years}-12-31"  # exactly `years` before the 2027 deadline
    result = service.renewal(association("infancy-onward"), endorsed_on, "2026-12-31",
                             "IFS", None, provides_rsc)
    assert result["deadline"] == BOOKLET_NEXT_DEADLINE
    assert result["years_endorsed"] == years
    assert result["renewal_required"] is True
    assert result["training_hours"] == training
    assert result["rsc_provision_training_hours"] == (rsc_provision if provides_rsc else 0)
    assert result["rsc_hours"] == rsc
    assert result["caps"] == {"provided_training_hours": training * BOOKLET_PROVIDED_TRAINING_SHARE,
                              "volunteering_hours": BOOKLET_VOLUNTEERING_CAP}
    assert result["membership_required"] is True  # "Active INfancy Onward membership"


def test_booklet_less_than_a_year_needs_no_renewal() -> None:
    result = service.renewal(association("infancy-onward"), "2027-02-01", "2027-03-01")
    assert result["skipped_deadline"] == BOOKLET_NEXT_DEADLINE
    assert result["deadline"] == "2030-12-31"


@pytest.mark.parametrize("year", BOOKLET_CYCLE_YEARS)
def test_booklet_cycle_years_and_window(year: int) -> None:
    result = service.renewal(association("infancy-onward"), "2000-01-01", f"{year}-01-01")
    assert result["deadline"] == f"{year}-{BOOKLET_WINDOW[1]}"
    assert result["window_opens"] == f"{year}-{BOOKLET_WINDOW[0]}"
    assert result["cycle_years"] == BOOKLET_CYCLE_YEARS[1] - BOOKLET_CYCLE_YEARS[0]


def test_booklet_next_deadline() -> None:
    result = service.renewal(association("infancy-onward"), "2020-01-01", "2025-01-01")
    assert result["deadline"] == BOOKLET_NEXT_DEADLINE


def test_booklet_caps_on_logged_hours() -> None:
    training = BOOKLET_RENEWAL_ROWS[3][0]
    result = service.renewal(association("infancy-onward"), "2020-01-01", "2027-11-01", "IFA",
                             logged={"training_provided": 1000, "volunteering": 1000})
    assert result["counted_training_hours"] == \
        training * BOOKLET_PROVIDED_TRAINING_SHARE + BOOKLET_VOLUNTEERING_CAP


@pytest.mark.parametrize(("code", "track", "required"), [
    # "only Family Specialists, Mental Health Specialists, Mental Health Mentor-
    # Clinicals, and those with an Endorsed Reflective Supervisor add-on are
    # required to receive it."
    ("IFA", None, False), ("ECFA", None, False),
    ("IFS", None, True), ("ECFS", None, True),
    ("IMHS", None, True), ("ECMHS", None, True),
    ("IMHM", "clinical", True), ("ECMHM", "clinical", True),
    ("IMHM", "policy", False), ("IMHM", "research_faculty", False),
    ("ERS", None, True),
])
def test_booklet_rsc_required_for_renewal(code: str, track: str | None, required: bool) -> None:
    result = service.renewal(association("infancy-onward"), "2020-01-01", "2026-11-25", code,
                             track)
    assert result["rsc_required"] is required
    assert result["rsc_hours"] == (BOOKLET_RENEWAL_ROWS[3][2] if required else 0)


# --- categories -------------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(BOOKLET_CATEGORY_NUMBERS))
@pytest.mark.parametrize("age", ["infant", "early_childhood"])
def test_booklet_category_numbers(code: str, age: str) -> None:
    shown = code if age == "infant" else BOOKLET_EC_CODES[code]
    track = {"mentor_track": "policy"} if code == "IMHM" else {}
    result = _eligibility("infancy-onward", {"age_focus": age, **track})
    category = result["categories"][shown]
    assert _numbers(category["checks"]) == BOOKLET_CATEGORY_NUMBERS[code]
    assert category["exam_required"] is BOOKLET_EXAM[code]


def test_booklet_mentor_clinical_numbers() -> None:
    result = _eligibility("infancy-onward", {"mentor_track": "clinical"})
    numbers = _numbers(result["categories"]["IMHM"]["checks"])
    assert numbers == {**BOOKLET_CATEGORY_NUMBERS["IMHM"], **BOOKLET_MENTOR_CLINICAL_NUMBERS}


@pytest.mark.parametrize("track", ["policy", "research_faculty"])
def test_booklet_mentor_policy_and_research_numbers(track: str) -> None:
    result = _eligibility("infancy-onward", {"mentor_track": track})
    assert _numbers(result["categories"]["IMHM"]["checks"]) == BOOKLET_CATEGORY_NUMBERS["IMHM"]


def test_booklet_ers_numbers() -> None:
    result = _eligibility("infancy-onward", {})
    ers = result["add_ons"]["ERS"]
    assert _numbers(ers["checks"]) == BOOKLET_ERS_NUMBERS
    assert {c["fact"]: c["need"] for c in ers["checks"] if c["kind"] == "is"} == \
        {"endorsed": True}  # "Prerequisites: IECMH Endorsement®"


def test_booklet_education() -> None:
    result = _eligibility("infancy-onward", {"mentor_track": "policy"})
    education = {code: [c["need"] for c in cat["checks"] if c["fact"] == "education"]
                 for code, cat in result["categories"].items()}
    assert education == {"IFA": [BOOKLET_ANY_DEGREE], "IFS": [],  # "No Degree"
                         "IMHS": [BOOKLET_POST_GRADUATE], "IMHM": [BOOKLET_POST_GRADUATE]}


def test_summary_category_numbers() -> None:
    result = _eligibility("aimh-example", {"mentor_track": "policy"})
    assert set(result["categories"]) == set(SUMMARY_CATEGORY_NUMBERS)  # infant codes only
    for code, numbers in SUMMARY_CATEGORY_NUMBERS.items():
        category = result["categories"][code]
        assert _numbers(category["checks"]) == numbers, code
        assert category["exam_required"] is SUMMARY_EXAM[code], code
        education = [c["need"] for c in category["checks"] if c["fact"] == "education"]
        assert education == ([SUMMARY_EDUCATION[code]] if code in SUMMARY_EDUCATION else [])


def test_summary_family_associate_routes() -> None:
    result = _eligibility("aimh-example", {})
    routes = [c for c in result["categories"]["IFA"]["checks"] if c["kind"] == "any_of"]
    assert len(routes) == 1
    assert {alt["fact"]: alt["need"] for alt in routes[0]["need"]} == SUMMARY_IFA_ROUTES


def test_summary_mentor_clinical_numbers() -> None:
    result = _eligibility("aimh-example", {"mentor_track": "clinical"})
    assert _numbers(result["categories"]["IMHM"]["checks"]) == \
        {**SUMMARY_CATEGORY_NUMBERS["IMHM"], **SUMMARY_MENTOR_CLINICAL_NUMBERS}


def test_summary_publishes_no_fees_and_no_renewal() -> None:
    aimh = association("aimh-example")
    for code in SUMMARY_CATEGORY_NUMBERS:
        assert service.fees(aimh, code, on=ON)["published"] is False
    assert service.renewal(aimh, "2020-01-01", ON)["published"] is False
    assert aimh.add_ons == ()
