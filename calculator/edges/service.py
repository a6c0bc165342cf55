"""The questions a visitor asks, with raw arguments (text from a form or a command line).

Reading what people typed is ``inputs``; the rules themselves are the model's
(``eligibility``, ``fees``, ``renewal``). ``run`` is the one mapping from a
raw request to an engine call, shared by the command line, the worked examples
and the browser; ``answer`` is everything the browser shows for one state of
the form, for the route the visitor chose (apply, renew, or apply for several
staff).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..engine import eligibility as _eligibility
from ..engine import fee_outlook
from ..engine import quote as _quote
from ..engine import renewal as _renewal
from ..errors import CalculatorError, InputError
from ..formats import day as day_words
from ..model.association import Association
from . import inputs
from .inputs import KEYS, MEMBERSHIP_KINDS, ROUTES, blank, flag, parse_date, typed_date, whole


def eligibility(association: Association, profile: Any, on: Any = None) -> dict[str, Any]:
    day = parse_date(on, "on", date.today(), association.date_order)
    return _eligibility.evaluate(association, association.facts.read_profile(profile), day)


def _unknown_category(association: Association, code: Any) -> InputError:
    codes = ", ".join(c for cat in association.categories for c in cat.codes.values())
    return InputError({"category": f"unknown category '{code}' for {association.name}; "
                                   f"use one of {codes}."})


class _Reading:
    """Every answer is read before any is refused, so that each wrong one gets
    its message at once: ``read(parse, value, ...)`` returns what ``parse``
    read, or None with the field's message kept in ``errors``."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def __call__(self, part: Any, *args: Any) -> Any:
        try:
            return part(*args)
        except InputError as err:
            self.errors.update(err.fields)
            return None


def _category_id(association: Association, code: Any) -> str:
    """A category named by one of its codes (IFS, ECFS) or by its id."""
    category = association.category_named(code)
    if category is None:
        raise _unknown_category(association, code)
    return category.id


def _add_on_codes(association: Association, add_ons: Any, field: str = "add_on") -> tuple:
    if add_ons and (not isinstance(add_ons, list | tuple)
                    or not all(isinstance(a, str) for a in add_ons)):
        raise InputError({field: 'give the add-ons as a list of codes, for example ["ERS"].'})
    codes = tuple(dict.fromkeys(add_ons or ()))  # an add-on is taken once
    for code in codes:
        if association.add_on(code) is None:
            known = ", ".join(a.code for a in association.add_ons) or "none"
            raise InputError({field: f"unknown add-on '{code}'; known: {known}."})
    return codes


def fees(association: Association, category: Any, add_ons: Any = (), membership: Any = None,
         term: Any = None, staff: Any = None, on: Any = None,
         member: bool = False) -> dict[str, Any]:
    day = parse_date(on, "on", date.today(), association.date_order)
    if association.add_on(category) is not None:
        # An endorsee adding an add-on later pays the add-on's fees alone.
        category_id = None
        add_ons = (category, *(a for a in (add_ons or ()) if a != category)) \
            if isinstance(add_ons, list | tuple) or not add_ons else add_ons
    else:
        category_id = _category_id(association, category)
    read = _Reading()
    errors = read.errors
    codes = read(_add_on_codes, association, add_ons) or ()
    if blank(membership):
        membership = None
    elif membership not in MEMBERSHIP_KINDS:
        errors["membership"] = "choose individual or agency."
    term_years = read(whole, term, "term", 1, 10)
    staff_count = read(whole, staff, "staff", 1, 100000)
    if errors:
        raise InputError(errors)
    if membership is None and (term_years is not None or staff_count is not None):
        raise InputError({"membership": "give --membership individual or agency with "
                                        "--term and --staff."})
    def quote_on(when: date) -> dict[str, Any]:
        return _quote.quote(association.fees, category_id, codes, membership, term_years,
                           staff_count, when, association.currency, member=member)

    result = quote_on(day)
    if result.get("published"):
        # Changes already published for a later date ("from July 1, 2027 the
        # processing fee is $75"): the same question asked on those dates.
        result["coming"] = fee_outlook.coming(association.fees, quote_on, day, result)
    return result


def agency(association: Association, applications: Any, add_ons: Any = None, term: Any = None,
           staff: Any = None, on: Any = None) -> dict[str, Any]:
    """Several staff applying at once under one agency membership.
    ``applications`` maps a category code or id to how many staff apply in it;
    ``add_ons`` an add-on code to how many of them also apply for it."""
    day = parse_date(on, "on", date.today(), association.date_order)
    membership = association.fees.membership if association.fees.published else None
    if association.fees.published and (membership is None or membership.agency is None):
        raise InputError({"agency": f"{association.name} publishes no agency membership."})
    counts: dict[str, int] = {}
    read = _Reading()
    errors = read.errors
    for field, raw in (("applications", applications), ("add_ons", add_ons or {})):
        if not isinstance(raw, dict):
            raise InputError({field: 'give how many staff apply, for example {"IFS": 3}.'})
    for code, raw in applications.items():
        category_id = _category_id(association, code)
        count = read(whole, raw, f"applications.{category_id}", 0, 100000)
        counts[category_id] = counts.get(category_id, 0) + (count or 0)
    add_on_counts: dict[str, int] = {}
    for code, raw in (add_ons or {}).items():
        _add_on_codes(association, [code], "add_ons")
        add_on_counts[code] = read(whole, raw, f"add_ons.{code}", 0, 100000) or 0
    term_years = read(whole, term, "term", 1, 10)
    staff_count = read(whole, staff, "staff", 1, 100000)
    if errors:
        raise InputError(errors)
    applying = sum(counts.values())
    if applying == 0:
        raise InputError({"applications": "enter how many staff apply in at least one "
                                          "category."})
    for code, count in add_on_counts.items():
        if count > applying:
            raise InputError({f"add_ons.{code}": f"at most the {applying} staff applying can "
                                                 f"also apply for the {code} add-on."})
    return _quote.agency_quote(association.fees, counts, add_on_counts, term_years, staff_count,
                              day, association.currency)


def subject(association: Association, code: Any, track: Any,
            add_ons: tuple[str, ...] = ()) -> _renewal.Subject:
    """Who renews, from a category or add-on code, a Mentor track and the
    add-ons held (an add-on that requires receiving RSC makes RSC required)."""
    rsc_fact = association.role("rsc_received")
    held = [association.add_on(a) for a in add_ons]
    if blank(code):
        needs = True if any(a.needs_rsc(None, rsc_fact) for a in held) else None
        return _renewal.Subject(None, False, None, needs, None)
    # Endorsees keep a membership when it is required: they pay member prices,
    # unless the reinstatement rule says which prices it uses.
    policy = association.renewal
    rule = policy.reinstatement if policy.published else None
    member = (rule.prices == "member") if rule is not None and rule.prices else \
        (policy.published and policy.membership_required)

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
    needs = category.needs_rsc(track, rsc_fact)
    if any(a.needs_rsc(None, rsc_fact) for a in held):
        needs = True
    return _renewal.Subject(category.id, False, track, needs, processing(category.id))


# What a renewal answer is made of: a month typed without its day is enough
# only when every one of these is the same for its first and its last day.
_DEPENDS_ON_DAY = ("deadline", "years_endorsed", "skipped_deadline", "late", "lapsed",
                   "training_hours", "rsc_hours", "rsc_provision_training_hours", "met")


def renewal(association: Association, endorsed_on: Any, as_of: Any = None, category: Any = None,
            track: Any = None, provides_rsc: bool = False, logged: Any = None,
            last_renewed: Any = None, add_ons: Any = (),
            filling: bool = False) -> dict[str, Any] | None:
    """The renewal plan for raw answers. ``filling``: the form is still being
    filled in, so a blank endorsement date is not yet wrong; every other answer
    is still read (None when all of them are right)."""
    # Every answer is read before any is refused, so that each wrong one gets
    # its message at once (hours logged as "abc" and an endorsement date after
    # the date asked about: two messages, not one and then the other).
    read = _Reading()
    errors = read.errors
    order = association.date_order
    waiting = filling and blank(endorsed_on)
    endorsed = None if waiting else read(typed_date, endorsed_on, "endorsed_on", order, True)
    today = read(parse_date, as_of, "as_of", date.today(), order)
    held = read(_add_on_codes, association, add_ons, "add_ons") or ()
    who = read(subject, association, category, track, held)
    hours = read(inputs.logged_hours, logged) if logged is not None else None
    renewed = read(_year, last_renewed, "last_renewed")
    if endorsed is not None and today is not None and endorsed.first > today:
        asked = "today" if blank(as_of) else "the date of the question"
        errors["endorsed_on"] = (f"the date endorsed ({day_words(endorsed.first)}) is after "
                                 f"{asked} ({day_words(today)}). Check the date.")
    if waiting and not errors:
        return None
    if endorsed is None or today is None or who is None or "endorsed_on" in errors:
        raise InputError(errors)
    provides = bool(provides_rsc)

    def plan(day: date) -> dict[str, Any]:
        try:
            return _renewal.plan(association.renewal, who, day, today, provides, hours,
                                 renewed, association.currency)
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
                                                 f"{day_words(today)}: the calendar stops at "
                                                 "the year 9999. Choose an earlier date."}
                             ) from None

    result = plan(endorsed.first)
    if not endorsed.exact and result.get("published"):
        last = plan(min(endorsed.last, today))
        if any(result.get(k) != last.get(k) for k in _DEPENDS_ON_DAY):
            errors["endorsed_on"] = (
                f"your renewal depends on the day you were endorsed in "
                f"{day_words(endorsed.first).split(' ')[0]} {endorsed.first.year}: enter the "
                "full date.")
    if errors:
        raise InputError(errors)
    return result


def _year(value: Any, field: str) -> int | None:
    """A year typed in a form (the last deadline renewed for)."""
    try:
        return whole(value, field, 1900, 9998)
    except InputError:
        raise InputError({field: "enter a year, such as 2024."}) from None


def run(association: Association, section: str, request: Any, on: Any = None,
        filling: bool = False) -> dict[str, Any] | None:
    """One question, asked with a raw request of ``KEYS[section]``. ``filling``:
    asked from a form still being filled in (see ``renewal``)."""
    if not isinstance(request, dict):
        raise InputError({section: f"the {section} question must be an object of "
                                   f"{', '.join(KEYS[section])}."})
    unknown = sorted(set(request) - set(KEYS[section]))
    if unknown:
        raise InputError({section: f"unknown keys {', '.join(unknown)}; use "
                                   f"{', '.join(KEYS[section])}."})
    if section == "eligibility":
        return eligibility(association, request.get("profile") or {}, on)
    if section == "fees":
        return fees(association, request.get("category"), request.get("add_ons") or (),
                    request.get("membership"), request.get("term"), request.get("staff"), on,
                    member=flag(request.get("member")))
    if section == "agency":
        return agency(association, request.get("applications") or {},
                      request.get("add_ons") or {}, request.get("term"), request.get("staff"),
                      on)
    return renewal(association, request.get("endorsed_on"),
                   request.get("as_of") if not blank(request.get("as_of")) else on,
                   request.get("category"), request.get("track"),
                   flag(request.get("provides_rsc")), request.get("logged"),
                   last_renewed=request.get("last_renewed"),
                   add_ons=request.get("add_ons") or (), filling=filling)


def by_scope(association: Association, result: dict[str, Any], fee_request: dict[str, Any],
             on: Any) -> list[dict[str, Any]]:
    """With the focus of work unanswered, the closest category for each focus
    (the association's example roles beside it) and what applying costs."""
    scope_fact = association.facts.by_role("scope")
    out = []
    for value in (scope_fact.choice_values() if scope_fact else ()):
        pick = _eligibility.closest_in_scope(association, result, value)
        if pick is None:
            continue
        _category, item = pick
        try:
            quote = run(association, "fees", {**fee_request, "category": item["code"]}, on)
        except CalculatorError:
            quote = None
        out.append({
            "scope": value, "label": scope_fact.label_of(value),
            "examples": [e for c in association.categories if c.scope == value
                         for e in c.examples],
            "code": item["code"], "name": item["name"], "eligible": item["eligible"],
            "missing": len(item["gaps"]),
            "total": quote["total"] if quote and quote.get("published") else None,
            "membership": quote["membership"] if quote and quote.get("published") else None,
        })
    return out


def answer(association: Association, request: Any) -> dict[str, Any]:
    """Everything the browser shows, each part computed on its own so one bad
    answer leaves the other parts visible. Never raises.

    ``route`` says what the visitor works out: ``apply`` (category and fees),
    ``renew`` (the renewal alone: the category is the one the endorsee names,
    never one guessed from applicant answers) or ``agency`` (several staff).
    Without a route, every part that was asked is answered."""
    if not isinstance(request, dict):
        request = {}
    errors: dict[str, str] = {}
    route = request.get("route") or None
    if route is not None and route not in ROUTES:
        errors["route"] = f"unknown route '{route}'; use {', '.join(ROUTES)}."
        route = None
    out: dict[str, Any] = {"route": route or "apply", "eligibility": None, "fees": None,
                           "agency": None, "renewal": None, "by_scope": None}
    on = request.get("on")

    def section(name: str) -> dict[str, Any]:
        part = request.get(name) or {}
        if not isinstance(part, dict):
            errors[name] = f"the {name} question must be an object of {', '.join(KEYS[name])}."
            return {}
        return part

    if route in (None, "apply"):
        profile, profile_errors = association.facts.read_profile_partly(
            request.get("profile") or {})
        errors.update(profile_errors)
        try:
            day = parse_date(on, "on", date.today(), association.date_order)
            out["eligibility"] = _eligibility.evaluate(association, profile, day)
        except CalculatorError as err:
            errors.update(_fields(err))
        result = out["eligibility"]
        fee_request = section("fees")
        if result is not None:
            chosen = fee_request.get("category")
            try:
                out["fees"] = run(association, "fees",
                                  {**fee_request, "category": chosen or result["recommended"]},
                                  on)
            except CalculatorError as err:
                errors.update(_fields(err))
            if not chosen and result["recommended_by"] != "scope":
                out["by_scope"] = by_scope(association, result,
                                           {k: v for k, v in fee_request.items()
                                            if k != "category"}, on)
    if route == "agency":
        agency_request = section("agency")
        counts = agency_request.get("applications")
        # Nothing typed yet is not a mistake: the page asks, it does not refuse.
        try:
            out["agency"] = run(association, "agency", agency_request, on)
        except InputError as err:
            fields = dict(err.fields)
            if counts is None or (isinstance(counts, dict)
                                  and all(blank(v) for v in counts.values())):
                fields.pop("applications", None)
            errors.update(fields)
        except CalculatorError as err:
            errors.update(_fields(err))
    if route in (None, "renew"):
        renewal_request = section("renewal")
        code = renewal_request.get("category") or None
        track = renewal_request.get("track") or None
        found = association.category_by_code(code)
        if found is None or not found[0].tracks:
            track = None  # a Mentor track answered, then another category chosen
        # Every renewal answer is read, and each bad one gets its message, even
        # before the endorsement date is given; with it, the renewal runs even
        # past a wrong answer, and adds what only it can see (an endorsement date
        # after the date asked about).
        try:
            out["renewal"] = run(association, "renewal",
                                 {**renewal_request, "category": code, "track": track}, on,
                                 filling=True)
        except CalculatorError as err:
            errors.update(_fields(err))
    out["errors"] = errors
    return out


def _fields(err: CalculatorError) -> dict[str, str]:
    if isinstance(err, InputError):
        return err.fields
    return {"form": str(err)}
