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

from ..errors import InputError
from ..formats import day as day_words
from ..numbers import clean, parse_number
from .fees import ASK, Targets, applies, check_targets, unknown_total_note
from .node import Node
from .parameters import Parameter
from .spec import (
    NOT_PUBLISHED,
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

LOGGED_FIELDS = ("training_attended", "training_provided", "volunteering",
                 "rsc_provision_training", "rsc_hours")
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
        covered: dict[str, int] = {}
        for index, fee in enumerate(self.fees):
            for target in category_ids if fee.categories == "all" else fee.categories:
                if target in covered:
                    Node(None, (*node.path, "fees", index), node.log).problem(
                        f"'{target}' already has a renewal fee (item {covered[target] + 1}). "
                        "Give each category one renewal fee.", "categories")
                covered.setdefault(target, index)
        by_id = {c.id: c for c in categories}
        for index, rule in enumerate(self.rsc_after_years):
            if rule.track is None:
                continue
            targets = category_ids if rule.categories == "all" else rule.categories
            for target in targets:
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
        ruled: dict[str, int] = {}
        for index, rule in enumerate(self.rsc):
            for target in category_ids if rule.categories == "all" else rule.categories:
                if target in ruled:
                    Node(None, (*node.path, "rsc", index), node.log).problem(
                        f"'{target}' already has an RSC rule (item {ruled[target] + 1}). Give "
                        "each category one.", "categories")
                ruled.setdefault(target, index)

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
            if len(prices) > 1 or (fees and any(f.categories != "all" for f in fees)):
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


def read_logged(raw: Any) -> dict[str, Any]:
    """Hours logged so far: ``{"training_attended": 20, "topics": {"dei": 1}}``."""
    if not isinstance(raw, dict):
        raise InputError({"logged": "the logged hours must be a JSON object such as "
                                    '{"training_attended": 20}.'})
    errors: dict[str, str] = {}
    logged: dict[str, Any] = {}

    def hours(name: str, value: Any) -> float | None:
        try:
            number = parse_number(value)
        except ValueError:
            errors[name] = "enter a number of hours, 0 or more."
            return None
        if number < 0:
            errors[name] = "enter a number of hours, 0 or more."
        elif number > 100000:
            errors[name] = "must be 100000 or less."
        else:
            return number
        return None

    flat = {k[len("topics."):]: v for k, v in raw.items()
            if isinstance(k, str) and k.startswith("topics.")}
    if flat:  # the form's control names: "topics.dei"
        raw = {k: v for k, v in raw.items() if k not in {f"topics.{t}" for t in flat}}
        raw["topics"] = {**(raw.get("topics") if isinstance(raw.get("topics"), dict) else {}),
                         **flat}
    for name, value in raw.items():
        if name == "topics":
            if not isinstance(value, dict):
                errors["logged.topics"] = ('the topic hours must be an object such as '
                                           '{"dei": 1}.')
                continue
            topics = {}
            for topic, amount in value.items():
                if amount is None or amount == "":
                    continue
                number = hours(f"logged.topics.{topic}", amount)
                if number is not None:
                    topics[str(topic)] = number
            logged["topics"] = topics
            continue
        if name not in LOGGED_FIELDS:
            errors[f"logged.{name}"] = (f"'{name}' is not a kind of logged hours; use "
                                        f"{', '.join(LOGGED_FIELDS)} or topics.")
            continue
        if value is None or value == "":
            continue
        number = hours(f"logged.{name}", value)
        if number is not None:
            logged[name] = number
    if errors:
        raise InputError(errors)
    return logged


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
