"""Fees: application fees per category, add-on fees, membership; and a quote.

Amounts are whole currency units or cents (12.5); sums are rounded to cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import InputError
from .parameters import Parameter, read_parameter
from .schema import INVALID, Node, has_invalid


@dataclass(frozen=True)
class ApplicationFee:
    registration: Parameter | None
    processing: Parameter | None
    note: str = ""


@dataclass(frozen=True)
class Term:
    years: int
    price: Parameter  # individual: the price; agency: the base price
    per_additional_staff: Parameter | None = None


@dataclass(frozen=True)
class Membership:
    required: bool
    individual: tuple[Term, ...]
    agency: tuple[Term, ...]
    agency_included_staff: Parameter | None

    def term(self, kind: str, years: int) -> Term | None:
        terms = self.individual if kind == "individual" else self.agency
        return next((t for t in terms if t.years == years), None)


@dataclass(frozen=True)
class FeeSchedule:
    published: bool
    message: str
    application: dict[str, ApplicationFee]  # category id -> fees
    add_ons: dict[str, ApplicationFee]  # add-on code -> fees
    membership: Membership | None


def _money(node: Node, what: str) -> Parameter | Any:
    return read_parameter(node, lambda n: n.number(f"the amount of {what}"), what)


def _read_application_fee(node: Node, what: str) -> ApplicationFee | Any:
    f = node.fields(optional=("registration", "processing", "note"), what=what)
    if f is INVALID:
        return INVALID
    registration = _money(f["registration"], "the registration fee") \
        if "registration" in f else None
    processing = _money(f["processing"], "the processing fee") if "processing" in f else None
    note = f["note"].text("the note") if "note" in f else ""
    if has_invalid(registration, processing, note):
        return INVALID
    return ApplicationFee(registration, processing, note)


def _read_terms(node: Node, agency: bool) -> tuple[Term, ...] | Any:
    items = node.items("the terms", allow_empty=False)
    if items is INVALID:
        return INVALID
    terms = []
    for item in items:
        required = ("years", "base", "per_additional_staff") if agency else ("years", "price")
        f = item.fields(required=required, what="a membership term")
        if f is INVALID or any(k not in f for k in required):
            return INVALID
        years = f["years"].integer("years", minimum=1)
        price = _money(f["base" if agency else "price"],
                       "the agency base price" if agency else "the membership price")
        extra = _money(f["per_additional_staff"], "the price per additional staff") \
            if agency else None
        if has_invalid(years, price, extra):
            return INVALID
        if any(t.years == years for t in terms):
            return f["years"].problem(f"the {years}-year term is listed twice. Keep one.")
        terms.append(Term(years, price, extra))
    return tuple(terms)


def read_fees(node: Node) -> FeeSchedule | Any:
    f = node.fields(required=("published",),
                    optional=("message", "application", "add_ons", "membership"),
                    what="fees.yaml")
    if f is INVALID:
        return INVALID
    published = f["published"].boolean("published") if "published" in f else INVALID
    message = f["message"].text("the message") if "message" in f else ""
    if has_invalid(published, message):
        return INVALID
    if not published:
        extra = [k for k in ("application", "add_ons", "membership") if k in f]
        if extra:
            return f[extra[0]].problem("fees are marked 'published: false', so remove this "
                                       "section or set 'published: true'.")
        if not message:
            return node.problem("with 'published: false', add a 'message' telling applicants "
                                "where to ask about fees.")
        return FeeSchedule(False, message, {}, {}, None)
    application: dict[str, ApplicationFee] = {}
    broken = False  # a section with a problem: read on to report every mistake, then refuse
    if "application" not in f:
        return node.problem("published fees need an 'application' section with the fees "
                            "of each category.")
    entries = f["application"].entries("application")
    if entries is INVALID:
        return INVALID
    for key, entry in entries:
        fee = _read_application_fee(entry, f"the application fees of '{key}'")
        if fee is INVALID:
            broken = True
        else:
            application[key] = fee
    add_ons: dict[str, ApplicationFee] = {}
    if "add_ons" in f:
        entries = f["add_ons"].entries("add_ons")
        if entries is INVALID:
            return INVALID
        for key, entry in entries:
            fee = _read_application_fee(entry, f"the fees of the add-on '{key}'")
            if fee is INVALID:
                broken = True
            else:
                add_ons[key] = fee
    membership = None
    if "membership" in f:
        m = f["membership"].fields(required=("required",),
                                   optional=("individual", "agency"), what="membership")
        if m is INVALID:
            return INVALID
        required = m["required"].boolean("required") if "required" in m else INVALID
        individual = _read_terms(m["individual"], agency=False) if "individual" in m else ()
        agency: Any = ()
        included = None
        if "agency" in m:
            a = m["agency"].fields(required=("included_staff", "terms"), what="agency")
            if a is INVALID or "included_staff" not in a or "terms" not in a:
                return INVALID
            included = read_parameter(a["included_staff"],
                                      lambda n: n.integer("included staff", minimum=1),
                                      "the staff included in the agency base price")
            agency = _read_terms(a["terms"], agency=True)
        if has_invalid(required, individual, agency, included):
            return INVALID
        membership = Membership(required, individual, agency, included)
    if broken:  # each problem is logged; cross-checks on half-read fees would only add noise
        return INVALID
    return FeeSchedule(True, message, application, add_ons, membership)


def _amount(param: Parameter | None, on: date) -> float | int:
    return param.at(on) if param is not None else 0


def _round(value: float) -> float | int:
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value


def quote(schedule: FeeSchedule, category_id: str | None, add_on_codes: tuple[str, ...],
          membership_kind: str | None, term_years: int | None, staff: int | None,
          on: date, currency: str) -> dict[str, Any]:
    """What an applicant pays: the contract of ``python -m calculator fees``."""
    if not schedule.published:
        return {"published": False, "message": schedule.message}
    fee = schedule.application[category_id] if category_id else ApplicationFee(None, None)
    lines: list[dict[str, Any]] = []

    def line(kind: str, label: str, param: Parameter | None, amount: float | None = None,
             reference: str | None = None) -> float | int:
        value = amount if amount is not None else _amount(param, on)
        ref = reference if reference is not None else (param.entry_at(on).reference
                                                        if param else "")
        lines.append({"kind": kind, "label": label, "amount": _round(value), "reference": ref})
        return value

    registration = line("registration", "Registration fee", fee.registration) \
        if fee.registration else 0
    processing = line("processing", "Processing fee", fee.processing) if fee.processing else 0
    add_ons_total = 0.0
    for code in add_on_codes:
        add_fee = schedule.add_ons.get(code)
        if add_fee is None:
            raise InputError({"add_on": f"the add-on {code} has no published fee."})
        for kind, param in (("registration", add_fee.registration),
                            ("processing", add_fee.processing)):
            if param is not None:
                add_ons_total += line("add_on", f"{code} add-on {kind} fee", param)
    membership_total = 0.0
    if membership_kind:
        m = schedule.membership
        if m is None:
            raise InputError({"membership": "this association publishes no membership fees."})
        if term_years is None:
            raise InputError({"term": "give the membership term in years."})
        term = m.term(membership_kind, term_years)
        if term is None:
            offered = ", ".join(str(t.years) for t in
                                (m.individual if membership_kind == "individual" else m.agency))
            raise InputError({"term": f"a {term_years}-year {membership_kind} membership is "
                                      f"not offered; choose {offered or 'another kind'}."})
        if membership_kind == "individual":
            membership_total = line("membership", f"Individual membership, {term_years} "
                                    f"year{'s' if term_years > 1 else ''}", term.price)
        else:
            included = m.agency_included_staff.at(on) if m.agency_included_staff else 0
            staff_count = included if staff is None else staff
            membership_total = line("membership", f"Agency membership, {term_years} "
                                    f"year{'s' if term_years > 1 else ''}, up to {included} staff",
                                    term.price)
            additional = max(0, staff_count - included)
            if additional:
                per = term.per_additional_staff.at(on) if term.per_additional_staff else 0
                membership_total += line(
                    "membership", f"{additional} additional staff × {_round(per)}", None,
                    amount=additional * per,
                    reference=term.per_additional_staff.entry_at(on).reference
                    if term.per_additional_staff else "")
    total = registration + processing + add_ons_total + membership_total
    return {
        "published": True,
        "registration": _round(registration),
        "processing": _round(processing),
        "add_ons": _round(add_ons_total),
        "membership": _round(membership_total),
        "total": _round(total),
        "currency": currency,
        "lines": lines,
    }
