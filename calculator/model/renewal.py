"""Renewal: the cycle of deadlines, what each deadline requires, what it costs.

Two kinds of cycle:

- ``fixed``: deadlines every ``every_years`` years counted from
  ``first_deadline_year`` on one day of the year (every 3 years from 2024:
  2024, 2027, 2030...; ``every_years: 1`` for yearly renewal);
- ``anniversary``: every ``every_years`` years from the day of endorsement (or
  the end of that month).

What a deadline requires depends on the number of whole years the person has
been endorsed by then (the proration table); a row with ``renewal_required:
false`` (less than a year, in the booklet) means that deadline is skipped and
the next one is the one to meet. A grace period after the deadline may cost a
late fee; after it the Endorsement has lapsed and reinstatement has its price.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, ClassVar, Literal

from .node import Node
from .parameters import Parameter
from .spec import (
    Hours,
    Id,
    MonthDay,
    NonEmpty,
    Price,
    Range,
    Share,
    Text,
    Whole,
    check_unique_ids,
    check_unpublished,
    key,
)
from .targets import ALL, Targets, applies, check_targets, expand, one_each

_HOUR_KEYS = ("training_hours", "rsc_provision_training_hours", "rsc_hours")


@dataclass(frozen=True)
class ProrationRow:
    WHAT: ClassVar[str] = "a row of the proration table"
    years_endorsed: Whole = key("years_endorsed", doc="whole years endorsed at the deadline")
    renewal_required: bool = key("renewal_required", True,
                                 doc="false: no renewal at this deadline")
    training_hours: Hours = key("training_hours", 0)
    rsc_provision_training_hours: Hours = key(
        "rsc_provision_training_hours", 0,
        doc="of the training hours, on the provision of RSC (RSC providers only)")
    rsc_hours: Hours = key("rsc_hours", 0, doc="RSC hours, for categories that require RSC")

    def validate(self, node: Node, ctx: Any) -> None:
        if not self.renewal_required and any(k in node.value for k in _HOUR_KEYS):
            node.problem("a row with 'renewal_required: false' requires nothing: "
                         "remove its hours.")


@dataclass(frozen=True)
class Topic:
    """A minimum number of training hours on a named topic, within the training total."""

    WHAT: ClassVar[str] = "a training topic"
    id: Id = key("the topic id")
    label: Text = key("the topic label", doc="'diversity, equity and inclusion'")
    hours: Parameter[Hours] = key("the topic hours")
    who: Literal["everyone", "rsc_providers"] = key("who (in a training topic)", "everyone")


@dataclass(frozen=True)
class RscAfterYears:
    """RSC hours that change once a person has been endorsed long enough."""

    WHAT: ClassVar[str] = "an rsc_after_years rule"
    categories: Targets = key("the categories")
    years_endorsed: Annotated[int, Range(1, 100)] = key(
        "years_endorsed (in an rsc_after_years rule)",
        doc="applies from this many whole years endorsed at the deadline")
    rsc_hours: Parameter[Hours] = key("the RSC hours")
    track: Id | None = key("the track", None)


@dataclass(frozen=True)
class RenewalFee:
    WHAT: ClassVar[str] = "a renewal fee"
    categories: Targets = key("the categories")
    price: Parameter[Price] = key("the renewal fee")
    label: Text = key("the label", "Renewal fee")


@dataclass(frozen=True)
class Late:
    """A grace period after the deadline, with or without a late fee."""

    WHAT: ClassVar[str] = "late"
    grace_days: Parameter[Whole] | None = key("grace_days", None)
    grace_months: Parameter[Annotated[int, Range(0, 24)]] | None = key("grace_months", None)
    fee: Parameter[Price] | None = key("the late fee", None)
    fee_replaces_renewal_fee: bool = key("fee_replaces_renewal_fee", False,
                                         doc="true: the late fee instead of the renewal fee")
    label: Text = key("the label", "Late fee")

    def validate(self, node: Node, ctx: Any) -> None:
        if (self.grace_days is None) == (self.grace_months is None):
            node.problem("give the grace period after the deadline as 'grace_days' or "
                         "'grace_months' (one of them).")
        if self.fee_replaces_renewal_fee and self.fee is None:
            node.problem("'fee_replaces_renewal_fee' needs a late 'fee'.",
                         "fee_replaces_renewal_fee")

    def grace_end(self, deadline: date, on: date) -> date:
        if self.grace_days is not None:
            return deadline + timedelta(days=self.grace_days.at(on))
        return add_months(deadline, self.grace_months.at(on))


@dataclass(frozen=True)
class Reinstatement:
    """What it costs to come back after the grace period (when published)."""

    WHAT: ClassVar[str] = "reinstatement"
    reference: Text = key("reference")
    processing_fee: bool = key("processing_fee", False,
                               doc="the category's application processing fee (fees.yaml); "
                                   "'amount not published' when fees.yaml gives none")
    renewal_fee: bool = key("renewal_fee", False, doc="plus the renewal fee")
    fee: Parameter[Price] | None = key("the reinstatement fee", None,
                                       doc="a flat fee: a number, or not_published")
    label: Text = key("the label", "Reinstatement fee")
    prices: Literal["member", "non_member"] | None = key(
        "prices (in reinstatement)", None,
        doc="which price of a fee line with member and non-member prices reinstatement "
            "uses; without it, member prices when renewal requires membership")


@dataclass(frozen=True)
class RscRule:
    """Whether renewal asks for RSC hours, for some categories: required (counted),
    recommended (shown, never missing) or none."""

    WHAT: ClassVar[str] = "an rsc rule"
    categories: Targets = key("the categories")
    rsc: Literal["required", "recommended", "none"] = key(
        "rsc (in an rsc rule)", doc="required, recommended or none")


Rows = Annotated[tuple[ProrationRow, ...], NonEmpty()]
_FIXED = ("first_deadline_year", "deadline", "window_opens")
_FIXED_NEEDED = ("first_deadline_year", "deadline")
_ANNIVERSARY = ("due", "window_days")


@dataclass(frozen=True)
class RenewalPolicy:
    """renewal.yaml: the cycle, the proration table, the topics, fees and caps."""

    WHAT: ClassVar[str] = "renewal.yaml"
    published: bool = key("published")
    message: Text = key("the message", "")
    cycle: Literal["fixed", "anniversary"] = key("the cycle", "fixed")
    every_years: Parameter[Annotated[int, Range(1, 10)]] | None = key("every_years", None)
    first_deadline_year: Parameter[Annotated[int, Range(1900, 2200)]] | None = key(
        "first_deadline_year", None)
    deadline: Parameter[MonthDay] | None = key("deadline", None, doc="MM-DD")
    window_opens: Parameter[MonthDay] | None = key("window_opens", None, doc="MM-DD")
    due: Literal["anniversary", "end_of_month"] = key("due", "anniversary")
    window_days: Parameter[Whole] | None = key("window_days", None,
                                               doc="the window opens this many days before")
    membership_required: bool = key("membership_required", False)
    years_counted: Literal["whole", "calendar"] = key(
        "years_counted", "whole",
        doc="how years endorsed at a deadline are counted: whole years since the day of "
            "endorsement, or calendar years (the year of the deadline minus the year endorsed)")
    proration: Parameter[Rows] | None = key("the proration table", None)
    provided_training_share: Parameter[Share] | None = key(
        "the share of training hours that may come from providing training (0.5 means 50%)",
        None)
    volunteering_hours: Parameter[Hours] | None = key("volunteering_hours", None)
    topics: tuple[Topic, ...] = key("topics", ())
    rsc_after_years: tuple[RscAfterYears, ...] = key("rsc_after_years", ())
    rsc: tuple[RscRule, ...] = key(
        "rsc", (), doc="per category: RSC hours required, recommended or none at renewal "
                       "(without a rule: required exactly when the category's requirements "
                       "include receiving RSC)")
    fees: tuple[RenewalFee, ...] = key("the renewal fees", ())
    late: Late | None = key("late", None)
    reinstatement: Reinstatement | None = key("reinstatement", None)

    def validate(self, node: Node, ctx: Any) -> None:
        given = [k for k in node.value if k not in ("published", "message")]
        if not self.published:
            check_unpublished(node, given, self.message, "renewal is", "this",
                              "endorsees where to ask about renewal")
            return
        needed = ["every_years", "proration"] + (list(_FIXED_NEEDED) if self.cycle == "fixed"
                                                 else [])
        missing = [k for k in needed if k not in node.value]
        if missing:
            node.problem(f"published renewal rules need: {', '.join(missing)}.")
            return
        wrong = _ANNIVERSARY if self.cycle == "fixed" else _FIXED
        for k in wrong:
            if k in node.value:
                Node(None, (*node.path, k), node.log).problem(
                    f"'{k}' belongs to {'an anniversary' if self.cycle == 'fixed' else 'a fixed'}"
                    f" cycle; this one is '{self.cycle}'. Remove it or change 'cycle'.")
        at = Node(None, (*node.path, "proration"), node.log)
        for entry in self.proration.values:
            rows = sorted(entry.value, key=lambda r: r.years_endorsed)
            actual = [r.years_endorsed for r in rows]
            expected = list(range(actual[0], actual[0] + len(actual)))
            rows_at = Node(None, (*at.path, "values", entry.effective.isoformat()), node.log)
            if actual != expected:
                rows_at.problem("the proration table must have one row for each number of years "
                           "endorsed, counting up without gaps or repeats (expected "
                           f"{expected}, found {actual}).")
                continue
            if not rows[-1].renewal_required:
                rows_at.problem(f"the last row of the proration table ({actual[-1]} years) must "
                           "require renewal: remove 'renewal_required: false' from it.")
            every = [e.value for e in self.every_years.values if e.effective <= entry.effective]
            if every and actual[-1] != every[-1]:
                at.problem(f"the proration table from {entry.effective} goes up to {actual[-1]} "
                           f"years but the cycle is {every[-1]} years; its last row must be "
                           f"{every[-1]}.")

    def cross_check(self, node: Node, categories: tuple[Any, ...], add_on_codes: list[str],
                    fees_published: bool, code_to_id: dict[str, str] | None = None) -> None:
        if not self.published:
            return
        category_ids = [c.id for c in categories]
        check_unique_ids(Node(None, (*node.path, "topics"), node.log), self.topics, "topics")
        least = min((r.training_hours for e in self.proration.values for r in e.value
                     if r.renewal_required), default=0)
        for index, topic in enumerate(self.topics):
            for entry in topic.hours.values:
                if entry.value > least:
                    Node(None, (*node.path, "topics", index), node.log).problem(
                        f"the topic '{topic.id}' asks for {entry.value} hours, more than the "
                        f"{least} training hours it is part of. Check the number.", "hours")
        one_each(Node(None, (*node.path, "fees"), node.log), self.fees, category_ids,
                 "a renewal fee")
        by_id = {c.id: c for c in categories}
        for index, rule in enumerate(self.rsc_after_years):
            if rule.track is None:
                continue
            for target in expand(rule.categories, category_ids):
                category = by_id.get(target)
                if category is not None and category.track(rule.track) is None:
                    Node(None, (*node.path, "rsc_after_years", index), node.log).problem(
                        f"'{category.name}' has no track '{rule.track}'; its tracks: "
                        f"{', '.join(t.id for t in category.tracks) or 'none'}.", "track")
        check_targets(Node(None, (*node.path, "fees"), node.log), self.fees,
                      category_ids, add_on_codes, code_to_id)
        check_targets(Node(None, (*node.path, "rsc_after_years"), node.log),
                      self.rsc_after_years, category_ids, add_on_codes, code_to_id)
        check_targets(Node(None, (*node.path, "rsc"), node.log), self.rsc,
                      category_ids, add_on_codes, code_to_id)
        one_each(Node(None, (*node.path, "rsc"), node.log), self.rsc, category_ids,
                 "an RSC rule")

    # -- the calendar ------------------------------------------------------------

    def deadlines(self, endorsed_on: date, on: date):
        """Every deadline on or after the day of endorsement, in order, each with
        the years endorsed by then."""
        every = self.every_years.at(on)
        if self.cycle == "fixed":
            first = self.first_deadline_year.at(on)
            day = self.deadline.at(on)
            year = max(first, endorsed_on.year)
            year += (-(year - first)) % every
            if day.in_year(year) < endorsed_on:
                year += every
            while True:
                deadline = day.in_year(year)
                yield deadline, self.years_at(endorsed_on, deadline)
                year += every
        else:
            # Counted from the cycle, not from the dates: someone endorsed on
            # February 29 has been endorsed a whole year on February 28.
            k = 1
            while True:
                yield _anniversary(endorsed_on, k * every, self.due == "end_of_month"), k * every
                k += 1

    def years_at(self, endorsed_on: date, deadline: date) -> int:
        if self.years_counted == "calendar":
            return max(0, deadline.year - endorsed_on.year)
        return whole_years(endorsed_on, deadline)

    def row_for(self, years: int, on: date) -> ProrationRow:
        rows = sorted(self.proration.at(on), key=lambda r: r.years_endorsed)
        chosen = rows[0]
        for row in rows:
            if row.years_endorsed <= years:
                chosen = row
        return chosen

    def top(self, on: date) -> int:
        return max(r.years_endorsed for r in self.proration.at(on))

    def grace_end(self, deadline: date, on: date) -> date:
        return self.late.grace_end(deadline, on) if self.late else deadline

    def rsc_status(self, target: str | None, add_on: bool) -> str | None:
        """required, recommended or none when an rsc rule names the category (or
        add-on); None when no rule does (its requirements decide)."""
        if target is None:
            return None
        rule = next((r for r in self.rsc if applies(r.categories, target, add_on)), None)
        return rule.rsc if rule else None

    def window(self, deadline: date, on: date) -> date | None:
        """When renewing for ``deadline`` opens; None when no window is published
        (renewal is accepted any time before the deadline)."""
        if self.cycle == "fixed":
            if self.window_opens is None:
                return None
            # A window opening later in the year than the deadline opens the year
            # before it (November 1 for a January 31 deadline).
            opens = self.window_opens.at(on).in_year(deadline.year)
            return opens if opens <= deadline else self.window_opens.at(on).in_year(
                deadline.year - 1)
        if self.window_days is None:
            return None
        return deadline - timedelta(days=self.window_days.at(on))

    def renewal_fee(self, target: str | None, on: date,
                    add_on: bool = False) -> RenewalFee | Literal[False] | None:
        """The renewal fee for a category or add-on; None when there is none;
        False when it depends on a category that was not given."""
        fees = [fee for fee in self.fees if fee.price.in_force(on)]  # not those announced ahead
        if target is None:
            prices = {fee.price.at(on) for fee in fees}
            if len(prices) > 1 or (fees and any(f.categories != ALL for f in fees)):
                return False
            return fees[0] if fees else None
        return next((f for f in fees if applies(f.categories, target, add_on)), None)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; from the last day of a month, the last day
    of the later month (a month's grace after February 28 ends on March 31)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return date(year, month, last)
    return date(year, month, min(day.day, last))


def _anniversary(start: date, years: int, end_of_month: bool) -> date:
    year = start.year + years
    last = calendar.monthrange(year, start.month)[1]
    return date(year, start.month, last if end_of_month else min(start.day, last))


def whole_years(start: date, end: date) -> int:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(0, years)
