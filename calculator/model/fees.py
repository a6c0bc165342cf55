"""Fees: what an application costs, membership, and a quote.

fees.yaml holds the application fees of each category (``registration``,
``processing``), the fees of each add-on, any number of other named fee lines
(an exam fee, a background check) that may apply to several categories and
may have member and non-member prices, and membership. Amounts are whole
currency units or cents (12.5); every sum is rounded once, by ``numbers.clean``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from ..errors import InputError
from ..numbers import clean
from .node import Node, closest
from .parameters import NotInForce, Parameter
from .spec import (
    NOT_PUBLISHED,
    Amount,
    Id,
    MonthDay,
    NonEmpty,
    Price,
    Range,
    Text,
    check_unique_ids,
    check_unpublished,
    key,
)

# What a line whose amount is not published says, on every page and answer.
ASK = "amount not published: ask the association"

Years = Annotated[int, Range(1, 10)]
Targets = Annotated[tuple[Text, ...], NonEmpty()] | Literal["all"]


@dataclass(frozen=True)
class ApplicationFee:
    """The fees of one category (or add-on): paid on registering and on submitting."""

    registration: Parameter[Price] | None = key("the registration fee", None)
    processing: Parameter[Price] | None = key("the processing fee", None)
    note: Text = key("the note", "")


@dataclass(frozen=True)
class FeeLine:
    """A named fee for one or more categories: an exam fee, a background check."""

    WHAT: ClassVar[str] = "a fee line"
    id: Id = key("the fee id")
    label: Text = key("the label", doc="as applicants read it: 'Exam fee'")
    categories: Targets = key(
        "the categories", doc="category ids and add-on codes it applies to, or 'all'")
    price: Parameter[Price] | None = key("the price", None, doc="one price for everyone")
    member_price: Parameter[Price] | None = key("the member price", None)
    non_member_price: Parameter[Price] | None = key("the non-member price", None)
    note: Text = key("the note", "")

    def validate(self, node: Node, ctx: Any) -> None:
        split = (self.member_price is not None, self.non_member_price is not None)
        if self.price is not None and any(split):
            node.problem(f"the fee '{self.id}' has both 'price' and member prices: give "
                         "'price', or 'member_price' and 'non_member_price'.")
        elif self.price is None and not all(split):
            node.problem(f"the fee '{self.id}' needs 'price', or both 'member_price' and "
                         "'non_member_price'.")
        elif self.price is None and (self.member_price.values[0].effective
                                     != self.non_member_price.values[0].effective):
            # A fee starts once, for members and non-members alike: a fee line
            # with one price in force and the other ahead has no clear meaning.
            node.problem(f"the fee '{self.id}' has its member and non-member prices starting "
                         f"on different dates ({self.member_price.values[0].effective} and "
                         f"{self.non_member_price.values[0].effective}). Give both a value from "
                         "the same first date.", "non_member_price")

    def applies_to(self, target: str, add_on: bool = False) -> bool:
        return applies(self.categories, target, add_on)

    def amount(self, member: bool) -> tuple[Parameter, str]:
        if self.price is not None:
            return self.price, "standard"
        return (self.member_price, "member") if member else (self.non_member_price, "non_member")


@dataclass(frozen=True)
class IndividualTerm:
    WHAT: ClassVar[str] = "a membership term"
    years: Years = key("years")
    price: Parameter[Price] = key("the membership price",
                                  doc="a number, or not_published when the association "
                                      "gives no price")


@dataclass(frozen=True)
class AgencyTerm:
    WHAT: ClassVar[str] = "a membership term"
    years: Years = key("years")
    base: Parameter[Amount] = key("the agency base price")
    per_additional_staff: Parameter[Amount] = key("the price per additional staff")


@dataclass(frozen=True)
class Agency:
    WHAT: ClassVar[str] = "agency"
    included_staff: Parameter[Annotated[int, Range(1)]] = key(
        "the staff included in the agency base price")
    terms: Annotated[tuple[AgencyTerm, ...], NonEmpty()] = key("the terms")


@dataclass(frozen=True)
class Membership:
    """Membership of the association, which Endorsement usually requires."""

    WHAT: ClassVar[str] = "membership"
    required: bool = key("required")
    individual: Annotated[tuple[IndividualTerm, ...], NonEmpty()] = key("the terms", ())
    agency: Agency | None = key("agency", None)
    calendar_year: bool = key("calendar_year", False,
                              doc="terms run to December 31 (of the last year of the term)")
    late_year_from: Parameter[MonthDay] | None = key(
        "late_year_from", None,
        doc="MM-DD: a calendar-year membership bought on or after this day runs to "
            "December 31 of the following year")
    other_associations: bool = key(
        "other_associations", False,
        doc="membership of another association of infant mental health also satisfies "
            "the requirement")

    def validate(self, node: Node, ctx: Any) -> None:
        if not self.individual and self.agency is None:
            node.problem("membership needs 'individual' terms, an 'agency' section, or both. "
                         "When no price is published, write one term with 'price: "
                         "{reference: ..., values: {2024-01-01: not_published}}'.")
        if self.late_year_from is not None and not self.calendar_year:
            node.problem("'late_year_from' extends a calendar-year membership: add "
                         "'calendar_year: true' or remove it.", "late_year_from")
        for kind, terms in (("individual", self.individual),
                            ("agency", self.agency.terms if self.agency else ())):
            path = (*node.path, kind) if kind == "individual" else (*node.path, kind, "terms")
            seen: set[int] = set()
            for index, term in enumerate(terms):
                if term.years in seen:
                    Node(None, (*path, index), node.log).problem(
                        f"the {term.years}-year term is listed twice. Keep one.", "years")
                seen.add(term.years)

    @property
    def agency_terms(self) -> tuple[AgencyTerm, ...]:
        return self.agency.terms if self.agency else ()

    def term(self, kind: str, years: int) -> IndividualTerm | AgencyTerm | None:
        terms = self.individual if kind == "individual" else self.agency_terms
        return next((t for t in terms if t.years == years), None)

    def ends(self, bought: date, years: int) -> date | None:
        """When a membership bought on ``bought`` ends; None when the association
        does not say (terms counted from the day of purchase are not published)."""
        if not self.calendar_year:
            return None
        last = bought.year + years - 1
        if self.late_year_from is not None and bought >= self.late_year_from.at(bought).in_year(
                bought.year):
            last += 1
        return date(last, 12, 31)


@dataclass(frozen=True)
class FeeSchedule:
    """fees.yaml: application fees, add-on fees, other fee lines, membership."""

    WHAT: ClassVar[str] = "fees.yaml"
    published: bool = key("published", doc="false when the association publishes no fees")
    message: Text = key("the message", "", doc="with published: false, where to ask")
    application: dict[str, ApplicationFee] | None = key(
        "the application fees of", None, doc="per category id: registration and processing")
    add_ons: dict[str, ApplicationFee] | None = key("the fees of the add-on", None,
                                             doc="per add-on code")
    fee_lines: tuple[FeeLine, ...] = key("fee_lines", ())
    membership: Membership | None = key("membership", None)

    def validate(self, node: Node, ctx: Any) -> None:
        sections = [k for k in ("application", "add_ons", "fee_lines", "membership")
                    if k in node.value]
        if not self.published:
            check_unpublished(node, sections, self.message, "fees are", "this section",
                              "applicants where to ask about fees")
        elif self.application is None and not self.fee_lines:
            node.problem("published fees need an 'application' section with the fees of "
                         "each category (or 'fee_lines' that apply to them).")

    def processing_fee(self, target: str, member: bool, add_on: bool = False) -> Parameter | None:
        """The processing fee of a category or add-on: its application fee, or a fee
        line with the id ``processing`` that applies to it."""
        fee = (self.application or {}).get(target) or (self.add_ons or {}).get(target)
        if fee is not None and fee.processing is not None:
            return fee.processing
        line = next((fl for fl in self.fee_lines
                     if fl.id == "processing" and fl.applies_to(target, add_on)), None)
        return line.amount(member)[0] if line else None

    def cross_check(self, node: Node, category_ids: list[str], add_on_codes: list[str],
                    code_to_id: dict[str, str] | None = None) -> None:
        """Every category priced; fees name only categories and add-ons that exist."""
        if not self.published:
            return
        section = Node(node.value.get("application"), (*node.path, "application"), node.log)
        lined = {t for line in self.fee_lines for t in
                 (category_ids if line.categories == "all" else line.categories)}
        unpriced = [c for c in sorted(category_ids)
                    if c not in (self.application or {}) and c not in lined]
        for name in self.application or {}:
            if name not in category_ids:
                # A misspelt id is one mistake: say what it should be, and do not
                # also report the category it was meant for as having no fees.
                hint, said = meant(name, unpriced, code_to_id)
                if hint in unpriced:
                    unpriced.remove(hint)
                section.problem(f"fees name the unknown category '{name}'." + said
                                + f" Use a category id from categories.yaml: "
                                  f"{', '.join(sorted(category_ids))}.", name)
        for cat_id in unpriced:
            section.problem(f"the category '{cat_id}' has no application fees. Add "
                            f"'{cat_id}: {{registration: ..., processing: ...}}'.")
        section = Node(None, (*node.path, "add_ons"), node.log)
        for code in self.add_ons or {}:
            if code not in add_on_codes:
                hint = closest(code, sorted(add_on_codes))
                section.problem(f"fees name the unknown add-on '{code}'."
                                + (f" Did you mean '{hint}'?" if hint else "")
                                + f" Known add-ons: {', '.join(sorted(add_on_codes)) or 'none'}.",
                                code)
        lines_at = Node(None, (*node.path, "fee_lines"), node.log)
        check_targets(lines_at, self.fee_lines, category_ids, add_on_codes, code_to_id)
        check_unique_ids(lines_at, self.fee_lines, "fee_lines", "fee id")


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


def applies(categories: Any, target: str, add_on: bool) -> bool:
    """Whether a list of ``categories`` (or ``all``) names this category or add-on.

    ``all`` means every category, never an add-on: an add-on is named by its code,
    so an exam fee for all categories is not charged to an endorsee adding ERS."""
    return (categories == "all" and not add_on) or (categories != "all" and target in categories)


def meant(name: str, candidates: list[str],
          code_to_id: dict[str, str] | None) -> tuple[str | None, str]:
    """What a wrong category name most likely meant, and the sentence that says
    so: staff know categories by their codes (IFS), the files name them by id."""
    if code_to_id and name in code_to_id:
        wanted = code_to_id[name]
        return wanted, f" '{name}' is a code of the category '{wanted}': write '{wanted}'."
    hint = closest(name, candidates)
    return hint, (f" Did you mean '{hint}'?" if hint else "")


def check_targets(node: Node, items: tuple[Any, ...], category_ids: list[str],
                  add_on_codes: list[str], code_to_id: dict[str, str] | None = None) -> None:
    """Each item's ``categories`` names only category ids and add-on codes that exist."""
    known = [*category_ids, *add_on_codes]
    for index, item in enumerate(items):
        if item.categories == "all":
            continue
        for position, name in enumerate(item.categories):
            if name not in known:
                _, said = meant(name, known, code_to_id)
                Node(None, (*node.path, index, "categories", position), node.log).problem(
                    f"unknown category '{name}'." + said
                    + f" Use category ids ({', '.join(category_ids)}), add-on codes "
                      f"({', '.join(add_on_codes) or 'none'}) or 'all'.")


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
                line("add_ons", "add_on", f"{code} add-on {kind} fee", param, targets=(code,))
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
