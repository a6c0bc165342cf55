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
from typing import Annotated, Any, ClassVar

from .node import Node, closest
from .parameters import Parameter
from .spec import (
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
from .targets import Targets, applies, check_targets, expand, meant

# What a line whose amount is not published says, on every page and answer.
ASK = "amount not published: ask the association"

Years = Annotated[int, Range(1, 10)]


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
                 expand(line.categories, category_ids)}
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
