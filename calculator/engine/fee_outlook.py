"""What a published change ahead does to a fee quote.

A quote is worked out on one day; a fee published ahead of its date (a
processing fee of $75 from 2027-07-01) does not change it yet, but an
applicant who pays later will pay the new price. ``coming`` quotes the same
question again on each later date a fee value of the schedule takes effect,
and reports every line whose amount differs from the day before's: "from
July 1, 2027 the processing fee is $75". The quote itself (fees.quote) is
untouched: this only calls it again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..errors import CalculatorError
from .parameter_tree import find_parameters

LIMIT = 6  # dates looked at: a schedule announces a change or two ahead, rarely more


def _key(line: dict[str, Any]) -> tuple:
    return (line["kind"], line.get("id"), line.get("target"), line["label"], line.get("price"))


_DATES: dict[int, tuple[Any, tuple[date, ...]]] = {}


def _dates(schedule: Any) -> tuple[date, ...]:
    """Every date a value of the schedule takes effect, sorted; found once per
    schedule (an answer is asked for on every keystroke)."""
    kept = _DATES.get(id(schedule))
    if kept is None or kept[0] is not schedule:
        kept = (schedule, tuple(sorted({entry.effective for parameter in
                                        find_parameters(schedule)
                                        for entry in parameter.values})))
        _DATES[id(schedule)] = kept
    return kept[1]


def coming(schedule: Any, requote: Callable[[date], dict[str, Any]], on: date,
           current: dict[str, Any]) -> list[dict[str, Any]]:
    """The quote's lines that change after ``on``: ``[{"on", "kind", "label",
    "amount", "before", "reference"}]``, oldest first; ``before`` is None for
    a fee not charged before that date. ``requote(day)`` asks the same question
    on ``day``."""
    if not current.get("published"):
        return []
    dates = [d for d in _dates(schedule) if d > on][:LIMIT]
    out: list[dict[str, Any]] = []
    previous = {_key(line): line for line in current["lines"]}
    for day in dates:
        try:
            later = requote(day)
        except CalculatorError:
            continue
        lines = {_key(line): line for line in later.get("lines", [])}
        for key, line in lines.items():
            before = previous.get(key)
            if before is None or before["amount"] != line["amount"]:
                out.append({"on": day.isoformat(), "kind": line["kind"],
                            "label": line["label"], "amount": line["amount"],
                            "before": before["amount"] if before else None,
                            "reference": line.get("reference", "")})
        previous = lines
    return out
