"""The renewal plan: what a renewal requires and costs on a day, for one endorsee.

Works on the renewal policy as declared (``model.renewal``: the cycle, the
proration table, the fees) with typed values: who renews (``Subject``), the
day of endorsement, the day of the question, the hours logged so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import InputError
from ..formats import day as day_words
from ..model.fees import ASK
from ..model.parameters import Parameter
from ..model.renewal import RenewalPolicy
from ..model.spec import NOT_PUBLISHED
from ..model.targets import applies
from ..numbers import clean
from .quote import unknown_total_note


@dataclass(frozen=True)
class Subject:
    """Who renews: the category (or add-on) id, its track, and what it needs."""

    target: str | None  # category id or add-on code
    add_on: bool
    track: str | None
    rsc_required: bool | None
    processing_fee: Parameter | None  # the application processing fee, for reinstatement


def _check_last_renewed(policy: RenewalPolicy, endorsed_on: date, as_of: date,
                        last_renewed: int) -> None:
    """A renewal cannot be for a deadline whose renewal window had not opened by
    ``as_of``, nor for a year after any such deadline. The year endorsed is
    always accepted: the form asks for it from someone who never renewed."""
    if last_renewed == endorsed_on.year:
        return
    if last_renewed > as_of.year + 1:
        raise InputError({"last_renewed": f"{last_renewed} is after any deadline you could have "
                                          f"renewed for by {day_words(as_of)}. Check the year."})
    for deadline, _ in policy.deadlines(endorsed_on, as_of):
        if deadline.year > last_renewed:
            return
        if deadline.year == last_renewed:
            opens = policy.window(deadline, as_of)  # None: renewing is open all year
            if opens is not None and opens > as_of:
                raise InputError({"last_renewed": f"you cannot have renewed for {last_renewed} "
                                                  "yet: its renewal window opens on "
                                                  f"{day_words(opens)}. Leave it blank if you "
                                                  "have met every deadline."})
            return


def plan(policy: RenewalPolicy, subject: Subject, endorsed_on: date, as_of: date,
         provides_rsc: bool, logged: dict[str, Any] | None, last_renewed: int | None,
         currency: str) -> dict[str, Any]:
    """What a renewal requires and costs: the contract of ``python -m calculator renewal``."""
    if not policy.published:
        return {"published": False, "message": policy.message}
    if endorsed_on > as_of:
        raise InputError({"endorsed_on": f"the date endorsed ({endorsed_on}) is after the date "
                                         f"of the question ({as_of}). Check both dates."})
    if last_renewed is not None and last_renewed < endorsed_on.year:
        raise InputError({"last_renewed": f"{last_renewed} is before you were endorsed "
                                          f"({endorsed_on.year}). Check the year."})
    if last_renewed is not None:
        _check_last_renewed(policy, endorsed_on, as_of, last_renewed)
    on = as_of
    top = policy.top(on)
    skipped = None
    cycle: list[date] = []
    deadline = None
    total_years = 0
    schedule = policy.deadlines(endorsed_on, on)
    for d, years_then in schedule:
        cycle.append(d)
        required = policy.row_for(min(years_then, top), on).renewal_required
        pending = (d.year > last_renewed if last_renewed is not None
                   else policy.grace_end(d, on) >= as_of)
        if not pending:
            continue
        if not required:
            if d >= as_of and skipped is None:
                skipped = d
            continue
        deadline, total_years = d, years_then
        break
    cycle.append(next(schedule)[0])
    years = min(total_years, top)
    row = policy.row_for(years, on)
    grace_ends = policy.grace_end(deadline, on)
    late = deadline < as_of <= grace_ends
    lapsed = as_of > grace_ends
    window_opens = policy.window(deadline, on)
    # An rsc rule of renewal.yaml decides for its categories; otherwise the
    # category's own requirements do (receiving RSC: required at renewal).
    status = policy.rsc_status(subject.target, subject.add_on)
    rsc_required = subject.rsc_required if status is None else status == "required"
    table_hours = row.rsc_hours
    for rule in sorted(policy.rsc_after_years, key=lambda r: r.years_endorsed):
        if (subject.target is not None
                and applies(rule.categories, subject.target, subject.add_on)
                and (rule.track is None or rule.track == subject.track)
                and total_years >= rule.years_endorsed):
            table_hours = rule.rsc_hours.at(on)
    if status is None:
        status = {True: "required", False: "none", None: None}[rsc_required]
    rsc_hours = table_hours if rsc_required is not False else 0
    recommended = table_hours if status == "recommended" else None
    rsc_prov = row.rsc_provision_training_hours if provides_rsc else 0
    topics = [{"id": t.id, "label": t.label, "hours": clean(t.hours.at(on)), "who": t.who,
               "reference": t.hours.reference_at(on)}
              for t in policy.topics if t.who == "everyone" or provides_rsc]
    share = policy.provided_training_share.at(on) if policy.provided_training_share else None
    vol_cap = policy.volunteering_hours.at(on) if policy.volunteering_hours else None
    out: dict[str, Any] = {
        "published": True,
        "endorsed_on": endorsed_on.isoformat(),
        "as_of": as_of.isoformat(),
        "cycle": policy.cycle,
        "deadline": deadline.isoformat(),
        "window_opens": window_opens.isoformat() if window_opens else None,
        "window_open": bool(window_opens and window_opens <= as_of <= deadline),
        "grace_ends": grace_ends.isoformat() if policy.late else None,
        "late": late,
        "lapsed": lapsed,
        "skipped_deadline": skipped.isoformat() if skipped else None,
        "cycle_years": policy.every_years.at(on),
        "cycle_deadlines": [d.isoformat() for d in cycle],
        "years_endorsed": years,
        "renewal_required": row.renewal_required,
        "training_hours": clean(row.training_hours),
        "rsc_provision_training_hours": clean(rsc_prov),
        "topics": topics,
        "rsc_hours": clean(rsc_hours),
        "rsc_required": rsc_required,
        "rsc": status,
        "rsc_recommended_hours": clean(recommended) if recommended is not None else None,
        "years_endorsed_total": total_years,
        "membership_required": policy.membership_required,
        "caps": {
            "provided_training_hours": clean(share * row.training_hours)
            if share is not None else None,
            "volunteering_hours": clean(vol_cap) if vol_cap is not None else None,
        },
        "fees": _fees(policy, subject, late, lapsed, on, currency),
    }
    if logged is not None:
        provided = min(logged.get("training_provided", 0), share * row.training_hours) \
            if share is not None else 0
        volunteering = min(logged.get("volunteering", 0), vol_cap) if vol_cap is not None else 0
        attended = logged.get("training_attended", 0)
        counted = attended + logged.get("rsc_provision_training", 0) + provided + volunteering
        shortfalls = []
        checks = [("training_hours", row.training_hours, counted),
                  ("rsc_provision_training_hours", rsc_prov,
                   logged.get("rsc_provision_training", 0)),
                  ("rsc_hours", rsc_hours, logged.get("rsc_hours", 0))]
        checks += [(f"topic.{t['id']}", t["hours"], logged.get("topics", {}).get(t["id"], 0))
                   for t in topics]
        for requirement, need, have in checks:
            if have < need:
                shortfalls.append({"requirement": requirement, "need": clean(need),
                                   "have": clean(have), "shortfall": clean(need - have)})
        out["counted_training_hours"] = clean(counted)
        out["met"] = not shortfalls
        out["shortfalls"] = shortfalls
    return out


def _fees(policy: RenewalPolicy, subject: Subject, late: bool, lapsed: bool, on: date,
          currency: str) -> dict[str, Any]:
    """The renewal's price: renewal fee, late fee, or reinstatement."""
    lines: list[dict[str, Any]] = []

    def line(kind: str, label: str, param: Parameter | None, reference: str = "") -> None:
        if param is not None and not param.in_force(on):
            return  # a fee published ahead of its first date: not charged yet
        value = param.at(on) if param is not None else NOT_PUBLISHED
        reference = param.reference_at(on) if param is not None else reference
        if value is NOT_PUBLISHED:
            lines.append({"kind": kind, "label": label, "amount": None,
                          "reference": reference, "note": ASK})
        else:
            lines.append({"kind": kind, "label": label, "amount": clean(value),
                          "reference": reference})

    def unknown(note: str) -> dict[str, Any]:
        return {"lines": [], "total": None, "currency": currency, "note": note}

    fee = policy.renewal_fee(subject.target, on, subject.add_on)
    if lapsed:
        rule = policy.reinstatement
        if rule is None:
            return unknown("Your Endorsement® has lapsed. Ask the association what "
                           "reinstatement costs.")
        if (rule.renewal_fee and fee is False) or (rule.processing_fee
                                                   and subject.target is None):
            return unknown("Reinstatement depends on your category: choose it to see the fee.")
        if rule.processing_fee:
            # No processing fee published (fees.yaml unpublished, or none for the
            # category): the line is listed without its amount.
            line("reinstatement", "Reinstatement: processing fee", subject.processing_fee,
                 rule.reference)
        if rule.fee is not None:
            line("reinstatement", rule.label, rule.fee)
        if rule.renewal_fee and fee:
            line("renewal", fee.label, fee.price)
    else:
        # A late fee published ahead of its first date replaces nothing yet.
        replaced = (late and policy.late and policy.late.fee_replaces_renewal_fee
                    and policy.late.fee.in_force(on))
        if fee is False and not replaced:
            return unknown("The renewal fee depends on your category: choose it to see the fee.")
        if fee and not replaced:
            line("renewal", fee.label, fee.price)
        if late and policy.late and policy.late.fee is not None:
            line("late", policy.late.label, policy.late.fee)
    unpublished = [ln["label"] for ln in lines if ln["amount"] is None]
    known = clean(sum(ln["amount"] for ln in lines if ln["amount"] is not None))
    out = {"lines": lines, "total": None if unpublished else known, "currency": currency,
           "known_total": known}
    if unpublished:
        out["note"] = unknown_total_note(unpublished)
    return out
