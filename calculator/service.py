"""The three questions, asked with raw arguments (text from a form or a command line).

Converting what people typed is ``requests``; the rules themselves are the
model's (``eligibility``, ``fees``, ``renewal``). ``answer`` is everything the
browser shows for one state of the form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from . import eligibility as _eligibility
from . import fee_outlook
from . import fees as _fees
from . import renewal as _renewal
from .association import Association
from .errors import CalculatorError, InputError
from .requests import MEMBERSHIP_KINDS, blank, parse_date, run, whole


def eligibility(association: Association, profile: Any, on: Any = None) -> dict[str, Any]:
    day = parse_date(on, "on", date.today())
    return _eligibility.evaluate(association, association.facts.read_profile(profile), day)


def _unknown_category(association: Association, code: Any) -> InputError:
    codes = ", ".join(c for cat in association.categories for c in cat.codes.values())
    return InputError({"category": f"unknown category '{code}' for {association.name}; "
                                   f"use one of {codes}."})


def fees(association: Association, category: Any, add_ons: Any = (), membership: Any = None,
         term: Any = None, staff: Any = None, on: Any = None,
         member: bool = False) -> dict[str, Any]:
    day = parse_date(on, "on", date.today())
    if association.add_on(category) is not None:
        # An endorsee adding an add-on later pays the add-on's fees alone.
        category_id = None
        add_ons = (category, *(a for a in (add_ons or ()) if a != category)) \
            if isinstance(add_ons, list | tuple) or not add_ons else add_ons
    else:
        found = association.category_by_code(category)
        if found is None:
            raise _unknown_category(association, category)
        category_id = found[0].id
    if add_ons and (not isinstance(add_ons, list | tuple)
                    or not all(isinstance(a, str) for a in add_ons)):
        raise InputError({"add_on": 'give the add-ons as a list of codes, for example ["ERS"].'})
    codes = tuple(dict.fromkeys(add_ons or ()))  # an add-on is taken once
    for code in codes:
        if association.add_on(code) is None:
            known = ", ".join(a.code for a in association.add_ons) or "none"
            raise InputError({"add_on": f"unknown add-on '{code}'; known: {known}."})
    if blank(membership):
        membership = None
    elif membership not in MEMBERSHIP_KINDS:
        raise InputError({"membership": "choose individual or agency."})
    term_years = whole(term, "term", 1, 10)
    staff_count = whole(staff, "staff", 1, 100000)
    if membership is None and (term_years is not None or staff_count is not None):
        raise InputError({"membership": "give --membership individual or agency with "
                                        "--term and --staff."})
    def quote_on(when: date) -> dict[str, Any]:
        return _fees.quote(association.fees, category_id, codes, membership, term_years,
                           staff_count, when, association.currency, member=member)

    result = quote_on(day)
    if result.get("published"):
        # Changes already published for a later date ("from July 1, 2027 the
        # processing fee is $75"): the same question asked on those dates.
        result["coming"] = fee_outlook.coming(association.fees, quote_on, day, result)
    return result


def subject(association: Association, code: Any, track: Any) -> _renewal.Subject:
    """Who renews, from a category or add-on code and a Mentor track."""
    rsc_fact = association.role("rsc_received")
    if blank(code):
        return _renewal.Subject(None, False, None, None, None)
    # Endorsees keep a membership when it is required: they pay member prices.
    member = association.renewal.published and association.renewal.membership_required

    def processing(target: str, add_on: bool = False) -> Any:
        return association.fees.processing_fee(target, member, add_on) \
            if association.fees.published else None

    add_on = association.add_on(code)
    if add_on is not None:
        return _renewal.Subject(add_on.code, True, None, add_on.needs_rsc(None, rsc_fact),
                                processing(add_on.code, add_on=True))
    found = association.category_by_code(code)
    if found is None:
        raise _unknown_category(association, code)
    category = found[0]
    if not blank(track) and category.track(track) is None:
        raise InputError({"track": f"{category.name} has no track '{track}'; use "
                                   f"{', '.join(t.id for t in category.tracks) or 'none'}."})
    track = None if blank(track) else track
    return _renewal.Subject(category.id, False, track, category.needs_rsc(track, rsc_fact),
                            processing(category.id))


def renewal(association: Association, endorsed_on: Any, as_of: Any = None, category: Any = None,
            track: Any = None, provides_rsc: bool = False, logged: Any = None,
            last_renewed: Any = None) -> dict[str, Any]:
    # Every answer is read before any is refused, so that each wrong one gets
    # its message at once (hours logged as "abc" and an endorsement date after
    # the date asked about: two messages, not one and then the other).
    errors: dict[str, str] = {}

    def read(part: Any, *args: Any) -> Any:
        try:
            return part(*args)
        except InputError as err:
            errors.update(err.fields)
            return None

    endorsed = read(parse_date, endorsed_on, "endorsed_on")
    today = read(parse_date, as_of, "as_of", date.today())
    who = read(subject, association, category, track)
    hours = read(_renewal.read_logged, logged) if logged is not None else None
    renewed = read(_year, last_renewed, "last_renewed")
    if endorsed is None or today is None or who is None:
        raise InputError(errors)
    try:
        answer = _renewal.plan(association.renewal, who, endorsed, today, bool(provides_rsc),
                               hours, renewed, association.currency)
    except InputError as err:
        fields = dict(err.fields)
        if "on" in fields:  # renewal rules are read on the date asked about
            fields["as_of"] = fields.pop("on")
        raise InputError({**errors, **fields}) from None
    except (OverflowError, ValueError) as err:
        # date(10001, 12, 31): the deadline would fall after the year 9999
        if isinstance(err, CalculatorError):
            raise
        raise InputError({**errors, "as_of": f"no renewal deadline can be worked out after "
                                             f"{today}: the calendar stops at the year 9999. "
                                             "Choose an earlier date."}) from None
    if errors:
        raise InputError(errors)
    return answer


def _year(value: Any, field: str) -> int | None:
    """A year typed in a form (the last deadline renewed for)."""
    try:
        return whole(value, field, 1900, 9998)
    except InputError:
        raise InputError({field: "enter a year, such as 2024."}) from None


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
        try:
            out["fees"] = run(association, "fees",
                              {**fee_request, "category": fee_request.get("category")
                               or result["recommended"]}, on)
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
                         ("last_renewed", lambda v: _year(v, "last_renewed")),
                         ("logged", _renewal.read_logged)):
        value = renewal_request.get(field)
        if not blank(value):
            try:
                check(value)
            except CalculatorError as err:
                renewal_errors.update(_fields(err))
    errors.update(renewal_errors)
    # With the endorsement date, the renewal runs even past a wrong answer: it
    # reads every answer before refusing, and adds what only it can see (an
    # endorsement date after the date asked about).
    if renewal_request.get("endorsed_on") and "endorsed_on" not in renewal_errors:
        code = renewal_request.get("category") or (result["recommended"] if result else None)
        # The applicant's own track only: the best-fitting track eligibility
        # reports is a suggestion, not a fact about their endorsement.
        track = renewal_request.get("track") or profile.get(association.role("mentor_track"))
        found = association.category_by_code(code)
        if found is not None and not found[0].tracks:
            track = None  # a Mentor track answered, then another scope chosen
        try:
            out["renewal"] = run(association, "renewal",
                                 {**renewal_request, "category": code, "track": track})
        except CalculatorError as err:
            errors.update(_fields(err))
    out["errors"] = errors
    return out


def _fields(err: CalculatorError) -> dict[str, str]:
    if isinstance(err, InputError):
        return err.fields
    return {"form": str(err)}
