"""The fee quote: what one applicant, or an agency's staff, pays on a day.

Works on the fee schedule as declared (``model.fees``) with typed values: a
category id, add-on codes, a membership kind and term, a date. Every line
carries its kind, target, count and unit amount, so nobody parses a figure
back out of a label; every sum is rounded once, by ``numbers.clean``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import InputError
from ..model.fees import ASK, FeeSchedule
from ..model.parameters import NotInForce, Parameter
from ..model.spec import NOT_PUBLISHED
from ..numbers import clean


def unknown_total_note(unpublished: list[str]) -> str | None:
    """Why a total is null: the lines whose amount the association does not publish."""
    if not unpublished:
        return None
    return (f"No total: the association does not publish the amount of "
            f"{_and(unpublished)}. Ask the association.")


def _and(labels: list[str]) -> str:
    # "Reinstatement: processing fee" -> "the reinstatement processing fee";
    # "Individual membership, 1 year" -> "the individual membership (1 year)".
    named = []
    for label in labels:
        words = label.replace(": ", " ")
        head, comma, tail = words.partition(", ")
        words = f"{head} ({tail})" if comma else words
        named.append("the " + words[:1].lower() + words[1:])
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def quote(schedule: FeeSchedule, category_id: str | None, add_on_codes: tuple[str, ...],
          membership_kind: str | None, term_years: int | None, staff: int | None,
          on: date, currency: str, member: bool = False) -> dict[str, Any]:
    """What an applicant pays: the contract of ``python -m calculator fees``."""
    if not schedule.published:
        return {"published": False, "message": schedule.message}
    # Buying a membership in the same quote makes the applicant a member.
    member = member or membership_kind is not None
    lines: list[dict[str, Any]] = []
    totals = {"registration": 0.0, "processing": 0.0, "add_ons": 0.0, "other": 0.0,
              "membership": 0.0}

    # A fee published ahead of its first date is not charged before it; but a
    # category (or add-on) none of whose fees is in force yet is a date before
    # its rules: refused, as any value asked before its first date is.
    charged: set[str] = set()
    ahead: dict[str, list[Parameter]] = {}
    unpublished: list[str] = []  # labels of the lines whose amount is not published

    def line(bucket: str, kind: str, label: str, param: Parameter | None,
             amount: float | None = None, price: str = "standard", targets: tuple = (),
             **extra: Any) -> None:
        if amount is None and not param.in_force(on):
            if not targets:  # membership: no other price stands in for it
                raise NotInForce(param, on)
            for target in targets:
                ahead.setdefault(target, []).append(param)
            return
        charged.update(targets)
        value = amount if amount is not None else param.at(on)
        reference = param.reference_at(on) if param else ""
        if value is NOT_PUBLISHED:
            unpublished.append(label)
            lines.append({"kind": kind, "label": label, "amount": None, "reference": reference,
                          "price": price, "count": 1, "unit_amount": None, "target": None,
                          "note": ASK, **extra})
            return
        lines.append({"kind": kind, "label": label, "amount": clean(value),
                      "reference": reference, "price": price,
                      "count": 1, "unit_amount": clean(value), "target": None, **extra})
        totals[bucket] += value

    fee = (schedule.application or {}).get(category_id) if category_id else None
    if fee is not None:
        if fee.registration:
            line("registration", "registration", "Registration fee", fee.registration,
                 targets=(category_id,))
        if fee.processing:
            line("processing", "processing", "Processing fee", fee.processing,
                 targets=(category_id,))
    for code in add_on_codes:
        add_fee = (schedule.add_ons or {}).get(code)
        priced = any(fl.applies_to(code, add_on=True) for fl in schedule.fee_lines)
        if add_fee is None and not priced:
            raise InputError({"add_on": f"the add-on {code} has no published fee."})
        for kind, param in (("registration", add_fee.registration if add_fee else None),
                            ("processing", add_fee.processing if add_fee else None)):
            if param is not None:
                line("add_ons", "add_on", f"{code} add-on {kind} fee", param, targets=(code,),
                     fee=kind)
    for fee_line in schedule.fee_lines:
        targets = ([category_id] if category_id and fee_line.applies_to(category_id) else []) + [
            code for code in add_on_codes if fee_line.applies_to(code, add_on=True)]
        if targets:
            param, price = fee_line.amount(member)
            # A line named like a basic fee ("processing") counts as that fee.
            bucket = fee_line.id if fee_line.id in ("registration", "processing") else "other"
            line(bucket, "fee", fee_line.label, param, price=price, id=fee_line.id,
                 targets=tuple(targets))
    for target, params in ahead.items():
        if target not in charged:
            raise NotInForce(min(params, key=lambda p: p.values[0].effective), on)
    m = schedule.membership
    ends = None
    if membership_kind is not None:
        if m is None:
            raise InputError({"membership": "this association publishes no membership fees."})
        if term_years is None:
            term_years = 1
        term = m.term(membership_kind, term_years)
        if term is None:
            offered = ", ".join(str(t.years) for t in (
                m.individual if membership_kind == "individual" else m.agency_terms))
            raise InputError({"term": f"a {term_years}-year {membership_kind} membership is "
                                      f"not offered; choose {offered or 'another kind'}."})
        plural = "s" if term_years > 1 else ""
        if membership_kind == "individual":
            line("membership", "membership", f"Individual membership, {term_years} year{plural}",
                 term.price)
        else:
            included = m.agency.included_staff.at(on)
            staff_count = included if staff is None else staff
            line("membership", "membership",
                 f"Agency membership, {term_years} year{plural}, up to {included} staff",
                 term.base)
            additional = max(0, staff_count - included)
            if additional:
                per = term.per_additional_staff.at(on)
                line("membership", "membership", "Additional staff",
                     term.per_additional_staff, amount=additional * per,
                     count=additional, unit_amount=clean(per))
        ends = m.ends(on, term_years)
    total = sum(totals.values())
    return {
        "published": True,
        "registration": clean(totals["registration"]),
        "processing": clean(totals["processing"]),
        "add_ons": clean(totals["add_ons"]),
        "other": clean(totals["other"]),
        "membership": clean(totals["membership"]),
        "total": None if unpublished else clean(total),
        "known_total": clean(total),
        "unpublished": unpublished,
        "total_note": unknown_total_note(unpublished),
        "currency": currency,
        "member_prices": member,
        "membership_ends": ends.isoformat() if ends else None,
        "membership_required": bool(m and m.required),
        "other_associations_membership": bool(m and m.other_associations),
        "lines": lines,
    }




def agency_quote(schedule: FeeSchedule, applications: dict[str, int],
                 add_on_applications: dict[str, int], term_years: int | None,
                 staff: int | None, on: date, currency: str) -> dict[str, Any]:
    """What an agency pays for several staff applying at once: every application
    (``applications``: category id -> how many staff apply in it; add-ons the
    same), and one agency membership covering at least those staff, which makes
    each of them a member."""
    if not schedule.published:
        return {"published": False, "message": schedule.message}
    applying = sum(applications.values())
    if staff is not None and staff < applying:
        raise InputError({"staff": f"the membership must cover at least the {applying} staff "
                                   "applying; leave it blank to cover just them."})
    lines: list[dict[str, Any]] = []
    totals = dict.fromkeys(("registration", "processing", "add_ons", "other", "membership"), 0.0)
    singles = [(target, count, quote(schedule, target, (), None, None, None, on, currency,
                                     member=True)) for target, count in applications.items()]
    singles += [(code, count, quote(schedule, None, (code,), None, None, None, on, currency,
                                    member=True)) for code, count in add_on_applications.items()]
    for target, count, single in singles:
        if count <= 0:
            continue
        for one in single["lines"]:
            lines.append({**one, "target": target, "count": count,
                          "unit_amount": one["amount"],
                          "amount": None if one["amount"] is None
                          else clean(one["amount"] * count)})
        for bucket in ("registration", "processing", "add_ons", "other"):
            totals[bucket] += single[bucket] * count
    membership = quote(schedule, None, (), "agency", term_years,
                       staff if staff is not None else max(applying, 1), on, currency)
    lines += membership["lines"]
    totals["membership"] = membership["membership"]
    unpublished = list(dict.fromkeys(ln["label"] for ln in lines if ln["amount"] is None))
    return {
        "published": True,
        **{bucket: clean(amount) for bucket, amount in totals.items()},
        "total": None if unpublished else clean(sum(totals.values())),
        "known_total": clean(sum(totals.values())),
        "unpublished": unpublished,
        "total_note": unknown_total_note(unpublished),
        "currency": currency,
        "member_prices": True,
        "membership_ends": membership["membership_ends"],
        "membership_required": membership["membership_required"],
        "other_associations_membership": membership["other_associations_membership"],
        "staff_applying": applying,
        "lines": lines,
    }
