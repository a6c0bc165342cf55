"""The three questions, asked with raw arguments (text from a form or a command line).

The command line and the browser both call these, so a date typed as
"2027-02-30" or hours typed as "ten" get the same message everywhere.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from . import eligibility as _eligibility
from . import fees as _fees
from . import renewal as _renewal
from .association import Association
from .errors import CalculatorError, InputError
from .schema import INVALID, parse_iso_date

MEMBERSHIP_KINDS = ("individual", "agency")


def parse_date(value: Any, field: str, default: date | None = None) -> date:
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is not None:
            return default
        raise InputError({field: "enter a date (YYYY-MM-DD)."})
    errors: dict[str, str] = {}

    def fail(message: str) -> Any:
        errors[field] = message
        return INVALID

    parsed = parse_iso_date(value.strip() if isinstance(value, str) else value, "the date", fail)
    if parsed is INVALID:
        raise InputError(errors)
    return parsed


def _whole(value: Any, field: str, minimum: int, maximum: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value) if not isinstance(value, bool) else float("nan")
    except OverflowError:  # an int beyond any float
        number = math.inf
    except (TypeError, ValueError):
        number = float("nan")
    if not math.isfinite(number) or not number.is_integer():
        raise InputError({field: "enter a whole number."})
    if not minimum <= number <= maximum:
        raise InputError({field: f"enter a whole number from {minimum} to {maximum}."})
    return int(number)


def eligibility(association: Association, profile: Any, on: Any = None) -> dict[str, Any]:
    day = parse_date(on, "on", date.today())
    return _eligibility.evaluate(association, association.facts.read_profile(profile), day)


def _category_id(association: Association, code: Any) -> str:
    found = association.category_by_code(code) if isinstance(code, str) else None
    if found is None:
        codes = ", ".join(c for cat in association.categories for c in cat.codes.values())
        raise InputError({"category": f"unknown category '{code}' for {association.name}; "
                                      f"use one of {codes}."})
    return found[0].id


def fees(association: Association, category: Any, add_ons: Any = (), membership: Any = None,
         term: Any = None, staff: Any = None, on: Any = None) -> dict[str, Any]:
    day = parse_date(on, "on", date.today())
    if isinstance(category, str) and association.add_on(category) is not None:
        # An endorsee adding an add-on later pays the add-on's fees alone.
        category_id = None
        add_ons = (category, *(a for a in (add_ons or ()) if a != category)) \
            if isinstance(add_ons, list | tuple) or not add_ons else add_ons
    else:
        category_id = _category_id(association, category)
    if add_ons and not isinstance(add_ons, list | tuple):
        raise InputError({"add_on": 'give the add-ons as a list of codes, for example ["ERS"].'})
    codes = tuple(add_ons or ())
    for code in codes:
        if association.add_on(code) is None:
            known = ", ".join(a.code for a in association.add_ons) or "none"
            raise InputError({"add_on": f"unknown add-on '{code}'; known: {known}."})
    if membership in (None, ""):
        membership = None
    elif membership not in MEMBERSHIP_KINDS:
        raise InputError({"membership": "choose individual or agency."})
    term_years = _whole(term, "term", 1, 10)
    staff_count = _whole(staff, "staff", 1, 100000)
    if membership is None and (term_years is not None or staff_count is not None):
        raise InputError({"membership": "give --membership individual or agency with "
                                        "--term and --staff."})
    return _fees.quote(association.fees, category_id, codes, membership, term_years,
                       staff_count, day, association.currency)


def rsc_required(association: Association, code: Any, track: Any) -> bool | None:
    """Whether renewal needs RSC: true exactly for the categories whose own
    requirements include receiving RSC (the booklet's list: Family Specialist,
    Mental Health Specialist, clinical Mentor, ERS)."""
    if code in (None, ""):
        return None
    add_on = association.add_on(code)
    if add_on is not None:
        reqs = add_on.requirements
    else:
        category = association.category_by_code(code) if isinstance(code, str) else None
        if category is None:
            _category_id(association, code)  # raises with the list of codes
        cat = category[0]
        if track not in (None, "") and cat.track(track) is None:
            raise InputError({"track": f"{cat.name} has no track '{track}'; use "
                                       f"{', '.join(t.id for t in cat.tracks) or 'none'}."})
        if not track and cat.tracks:
            # Tracks may differ (only clinical Mentors must receive RSC): unknown
            # unless all tracks agree.
            answers = {_needs_rsc(cat.requirements_for(t.id)) for t in cat.tracks}
            return answers.pop() if len(answers) == 1 else None
        reqs = cat.requirements_for(track or None)
    return _needs_rsc(reqs)


def _needs_rsc(reqs) -> bool:
    return any(r.fact == "rsc_hours" or any(a.fact == "rsc_hours" for a in r.alternatives)
               for r in reqs)


def renewal(association: Association, endorsed_on: Any, as_of: Any = None, category: Any = None,
            track: Any = None, provides_rsc: bool = False, logged: Any = None) -> dict[str, Any]:
    endorsed = parse_date(endorsed_on, "endorsed_on")
    today = parse_date(as_of, "as_of", date.today())
    needs_rsc = rsc_required(association, category, track)
    hours = _renewal.read_logged(logged) if logged is not None else None
    try:
        return _renewal.plan(association.renewal, endorsed, today, needs_rsc,
                             bool(provides_rsc), hours)
    except OverflowError:
        raise _too_late(today) from None
    except ValueError as err:  # date(10001, 12, 31): the deadline is after the year 9999
        if isinstance(err, CalculatorError):
            raise
        raise _too_late(today) from None


def _too_late(today: date) -> InputError:
    return InputError({"as_of": f"no renewal deadline can be worked out after {today}: "
                                "the calendar stops at the year 9999. Choose an earlier date."})


def answer(association: Association, request: Any) -> dict[str, Any]:
    """Everything the browser shows, each part computed on its own so one bad
    answer leaves the other parts visible. Never raises."""
    if not isinstance(request, dict):
        request = {}
    errors: dict[str, str] = {}
    out: dict[str, Any] = {"eligibility": None, "fees": None, "renewal": None}
    on = request.get("on")
    profile, profile_errors = association.facts.read_profile_partly(request.get("profile") or {})
    errors.update(profile_errors)
    try:
        day = parse_date(on, "on", date.today())
        out["eligibility"] = _eligibility.evaluate(association, profile, day)
    except CalculatorError as err:
        errors.update(_fields(err))
    result = out["eligibility"]
    fee_request = request.get("fees") or {}
    if not isinstance(fee_request, dict):
        errors["fees"] = "the fee question must be an object such as {\"category\": \"IFS\"}."
        fee_request = {}
    if result is not None:
        code = fee_request.get("category") or result["recommended"]
        try:
            out["fees"] = fees(association, code, fee_request.get("add_ons") or (),
                               fee_request.get("membership"), fee_request.get("term"),
                               fee_request.get("staff"), on)
        except CalculatorError as err:
            errors.update(_fields(err))
    renewal_request = request.get("renewal") or {}
    if not isinstance(renewal_request, dict):
        errors["renewal"] = ("the renewal question must be an object such as "
                             "{\"endorsed_on\": \"2025-06-01\"}.")
        renewal_request = {}
    # Every renewal answer is checked on its own, so each bad one gets its
    # message even before the endorsement date is given.
    renewal_errors: dict[str, str] = {}
    for field, check in (("endorsed_on", lambda v: parse_date(v, "endorsed_on")),
                         ("as_of", lambda v: parse_date(v, "as_of")),
                         ("logged", _renewal.read_logged)):
        value = renewal_request.get(field)
        if value not in (None, ""):
            try:
                check(value)
            except CalculatorError as err:
                renewal_errors.update(_fields(err))
    errors.update(renewal_errors)
    if renewal_request.get("endorsed_on") and not renewal_errors:
        code = renewal_request.get("category") or (result["recommended"] if result else None)
        # The applicant's own track only: the best-fitting track eligibility
        # reports is a suggestion, not a fact about their endorsement.
        track = renewal_request.get("track") or profile.get("mentor_track")
        found = association.category_by_code(code) if isinstance(code, str) else None
        if found is not None and not found[0].tracks:
            track = None  # a Mentor track answered, then another scope chosen
        try:
            out["renewal"] = renewal(association, renewal_request.get("endorsed_on"),
                                     renewal_request.get("as_of"), code, track,
                                     bool(renewal_request.get("provides_rsc")),
                                     renewal_request.get("logged"))
        except CalculatorError as err:
            errors.update(_fields(err))
    out["errors"] = errors
    return out


def _fields(err: CalculatorError) -> dict[str, str]:
    if isinstance(err, InputError):
        return err.fields
    return {"form": str(err)}
