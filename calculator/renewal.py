"""Renewal: the cycle of deadlines, the prorated requirements, the caps.

A fixed cycle has deadlines every ``every_years`` years counted from
``first_deadline_year`` (every 3 years from 2024: 2024, 2027, 2030...). An
association that renews every year uses ``every_years: 1``. What is required at
a deadline depends on the number of whole years the person has been endorsed
by then (the proration table); a row with ``renewal_required: false`` (less
than a year, in the booklet) means that deadline is skipped and the next one
is the one to meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import InputError
from .parameters import Parameter, read_parameter
from .schema import INVALID, Node, has_invalid

LOGGED_FIELDS = ("training_attended", "training_provided", "volunteering",
                 "rsc_provision_training", "rsc_hours")


@dataclass(frozen=True)
class ProrationRow:
    years_endorsed: int
    renewal_required: bool
    training_hours: float = 0
    rsc_provision_training_hours: float = 0
    rsc_hours: float = 0


@dataclass(frozen=True)
class RenewalPolicy:
    published: bool
    message: str
    every_years: Parameter | None = None
    first_deadline_year: Parameter | None = None
    window_opens: Parameter | None = None  # "MM-DD"
    deadline: Parameter | None = None  # "MM-DD"
    proration: Parameter | None = None  # tuple[ProrationRow, ...], sorted by years
    provided_training_share: Parameter | None = None
    volunteering_hours: Parameter | None = None
    membership_required: bool = False

    def row_for(self, years: int, on: date) -> ProrationRow:
        rows = self.proration.at(on)
        chosen = rows[0]
        for row in rows:
            if row.years_endorsed <= years:
                chosen = row
        return chosen

    def deadline_in(self, year: int, on: date) -> date:
        month, day = self.deadline.at(on)
        return date(year, month, day)

    def is_cycle_year(self, year: int, on: date) -> bool:
        first = self.first_deadline_year.at(on)
        return year >= first and (year - first) % self.every_years.at(on) == 0

    def next_deadline(self, after: date, on: date) -> date:
        """The first deadline on or after ``after``."""
        first = self.first_deadline_year.at(on)
        every = self.every_years.at(on)
        year = max(first, after.year)
        year += (-(year - first)) % every
        if self.deadline_in(year, on) < after:
            year += every
        return self.deadline_in(year, on)


def _month_day(node: Node) -> tuple[int, int] | Any:
    text = node.text("the day of the year")
    if text is INVALID:
        return INVALID
    parts = text.split("-")
    try:
        month, day = (int(p) for p in parts) if len(parts) == 2 else (0, 0)
        date(2001, month, day)  # a non-leap year: 02-29 would vanish three years in four
    except ValueError:
        month = 0
    if not month:
        return node.problem(f"'{text}' must be a day of the year written MM-DD "
                            "(for example 12-31 for December 31); 02-29 is not allowed.")
    return (month, day)


def _read_rows(node: Node) -> tuple[ProrationRow, ...] | Any:
    items = node.items("the proration table", allow_empty=False)
    if items is INVALID:
        return INVALID
    rows = []
    for item in items:
        f = item.fields(required=("years_endorsed",),
                        optional=("renewal_required", "training_hours",
                                  "rsc_provision_training_hours", "rsc_hours"),
                        what="a row of the proration table")
        if f is INVALID or "years_endorsed" not in f:
            return INVALID
        years = f["years_endorsed"].integer("years_endorsed")
        required = f["renewal_required"].boolean("renewal_required") \
            if "renewal_required" in f else True
        hours = {k: f[k].number(k) if k in f else 0
                 for k in ("training_hours", "rsc_provision_training_hours", "rsc_hours")}
        if has_invalid(years, required, *hours.values()):
            return INVALID
        if not required and any(k in f for k in hours):
            return item.problem("a row with 'renewal_required: false' requires nothing: "
                                "remove its hours.")
        rows.append(ProrationRow(years, required, **hours))
    rows.sort(key=lambda r: r.years_endorsed)
    expected = list(range(len(rows)))
    actual = [r.years_endorsed for r in rows]
    if actual != expected:
        return node.problem(
            "the proration table must have one row for each number of years endorsed, "
            f"from 0 up without gaps or repeats (expected {expected}, found {actual})."
        )
    return tuple(rows)


def read_renewal(node: Node) -> RenewalPolicy | Any:
    keys = ("every_years", "first_deadline_year", "window_opens", "deadline", "proration",
            "provided_training_share", "volunteering_hours", "membership_required")
    f = node.fields(required=("published",), optional=("message", *keys), what="renewal.yaml")
    if f is INVALID:
        return INVALID
    published = f["published"].boolean("published") if "published" in f else INVALID
    message = f["message"].text("the message") if "message" in f else ""
    if has_invalid(published, message):
        return INVALID
    if not published:
        extra = [k for k in keys if k in f]
        if extra:
            return f[extra[0]].problem("renewal is marked 'published: false', so remove this "
                                       "or set 'published: true'.")
        if not message:
            return node.problem("with 'published: false', add a 'message' telling endorsees "
                                "where to ask about renewal.")
        return RenewalPolicy(False, message)
    missing = [k for k in keys if k not in f]
    if missing:
        return node.problem(f"published renewal rules need: {', '.join(missing)}.")
    policy = RenewalPolicy(
        True, message,
        every_years=read_parameter(f["every_years"], lambda n: n.integer("every_years", 1, 10),
                                   "every_years"),
        first_deadline_year=read_parameter(
            f["first_deadline_year"], lambda n: n.integer("first_deadline_year", 1900, 2200),
            "first_deadline_year"),
        window_opens=read_parameter(f["window_opens"], _month_day, "window_opens"),
        deadline=read_parameter(f["deadline"], _month_day, "deadline"),
        proration=read_parameter(f["proration"], _read_rows, "the proration table"),
        provided_training_share=read_parameter(
            f["provided_training_share"],
            lambda n: n.number("the share of training hours that may come from providing "
                               "training (0.5 means 50%)", 0, 1),
            "provided_training_share"),
        volunteering_hours=read_parameter(f["volunteering_hours"],
                                          lambda n: n.number("volunteering_hours"),
                                          "volunteering_hours"),
        membership_required=f["membership_required"].boolean("membership_required"),
    )
    if has_invalid(*(getattr(policy, k) for k in keys)):
        return INVALID
    for entry in policy.proration.values:
        top = entry.value[-1].years_endorsed
        every = [e.value for e in policy.every_years.values if e.effective <= entry.effective]
        if every and top != every[-1]:
            f["proration"].problem(
                f"the proration table from {entry.effective} goes up to {top} years but "
                f"the cycle is {every[-1]} years; its last row must be {every[-1]}.")
    for w in policy.window_opens.values:
        for d in policy.deadline.values:
            if w.value > d.value:
                f["window_opens"].problem(
                    f"the window opens on {w.value[0]:02d}-{w.value[1]:02d} but the deadline "
                    f"is {d.value[0]:02d}-{d.value[1]:02d}: the window must open before the "
                    "deadline in the same year.")
    return policy


def _num(value: float) -> float | int:
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value


def read_logged(raw: Any) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise InputError({"logged": "the logged hours must be a JSON object such as "
                                    '{"training_attended": 20}.'})
    errors: dict[str, str] = {}
    logged: dict[str, float] = {}
    for key, value in raw.items():
        if key not in LOGGED_FIELDS:
            errors[f"logged.{key}"] = (f"'{key}' is not a kind of logged hours; use "
                                f"{', '.join(LOGGED_FIELDS)}.")
            continue
        if value is None or value == "":
            continue
        try:
            number = float(value) if not isinstance(value, bool) else float("nan")
        except OverflowError:  # an int beyond any float
            number = float("inf")
        except (TypeError, ValueError):
            number = float("nan")
        if not (number >= 0) or number == float("inf"):
            errors[f"logged.{key}"] = "enter a number of hours, 0 or more."
            continue
        if number > 100000:
            errors[f"logged.{key}"] = "must be 100000 or less."
            continue
        logged[key] = number
    if errors:
        raise InputError(errors)
    return logged


def plan(policy: RenewalPolicy, endorsed_on: date, as_of: date, rsc_required: bool | None,
         provides_rsc: bool, logged: dict[str, float] | None) -> dict[str, Any]:
    """What a renewal requires: the contract of ``python -m calculator renewal``."""
    if not policy.published:
        return {"published": False, "message": policy.message}
    if endorsed_on > as_of:
        raise InputError({"endorsed_on": f"the date endorsed ({endorsed_on}) is after the date "
                                         f"of the question ({as_of}). Check both dates."})
    on = as_of
    every = policy.every_years.at(on)
    deadline = policy.next_deadline(as_of, on)
    skipped = None
    years = _whole_years(endorsed_on, deadline)
    row = policy.row_for(years, on)
    if not row.renewal_required:
        skipped = deadline
        deadline = policy.next_deadline(date(deadline.year + 1, 1, 1), on)
        years = _whole_years(endorsed_on, deadline)
    top = policy.proration.at(on)[-1].years_endorsed
    years = min(years, top)
    row = policy.row_for(years, on)
    w_month, w_day = policy.window_opens.at(on)
    window_opens = date(deadline.year, w_month, w_day)
    cycle = []
    d = policy.next_deadline(endorsed_on, on)
    while d <= deadline:
        cycle.append(d.isoformat())
        d = policy.next_deadline(date(d.year + 1, 1, 1), on)
    cycle.append(d.isoformat())
    rsc_hours = row.rsc_hours if rsc_required is not False else 0
    rsc_prov = row.rsc_provision_training_hours if provides_rsc else 0
    share = policy.provided_training_share.at(on)
    vol_cap = policy.volunteering_hours.at(on)
    out: dict[str, Any] = {
        "published": True,
        "endorsed_on": endorsed_on.isoformat(),
        "as_of": as_of.isoformat(),
        "deadline": deadline.isoformat(),
        "window_opens": window_opens.isoformat(),
        "window_open": window_opens <= as_of <= deadline,
        "skipped_deadline": skipped.isoformat() if skipped else None,
        "cycle_years": every,
        "cycle_deadlines": cycle,
        "years_endorsed": years,
        "renewal_required": row.renewal_required,
        "training_hours": _num(row.training_hours),
        "rsc_provision_training_hours": _num(rsc_prov),
        "rsc_hours": _num(rsc_hours),
        "rsc_required": rsc_required,
        "membership_required": policy.membership_required,
        "caps": {
            "provided_training_hours": _num(share * row.training_hours),
            "volunteering_hours": _num(vol_cap),
        },
    }
    if logged is not None:
        provided = min(logged.get("training_provided", 0), share * row.training_hours)
        volunteering = min(logged.get("volunteering", 0), vol_cap)
        counted = (logged.get("training_attended", 0) + logged.get("rsc_provision_training", 0)
                   + provided + volunteering)
        shortfalls = []
        for requirement, need, have in (
            ("training_hours", row.training_hours, counted),
            ("rsc_provision_training_hours", rsc_prov, logged.get("rsc_provision_training", 0)),
            ("rsc_hours", rsc_hours, logged.get("rsc_hours", 0)),
        ):
            if have < need:
                shortfalls.append({"requirement": requirement, "need": _num(need),
                                   "have": _num(have), "shortfall": _num(need - have)})
        out["counted_training_hours"] = _num(counted)
        out["met"] = not shortfalls
        out["shortfalls"] = shortfalls
    return out


def _whole_years(start: date, end: date) -> int:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(0, years)
