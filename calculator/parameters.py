"""Dated values: a rule's value is whatever was in force on a given date.

Modelled on OpenFisca's parameter files. In the content a parameter reads::

    registration:
      reference: Booklet, step 1 fee table, "Registration Fee"
      values:
        2024-01-01: 25
        2027-01-01: {value: 30, reference: Board minutes 2026-09}

so staff can publish a change ahead of the date it takes effect, and every
value says where it comes from.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import InputError
from .schema import INVALID, Node, has_invalid


@dataclass(frozen=True)
class DatedValue:
    effective: date
    value: Any
    reference: str


@dataclass(frozen=True)
class Parameter:
    """Values sorted by the date they take effect (oldest first)."""

    values: tuple[DatedValue, ...]
    path: tuple = ()

    def __post_init__(self) -> None:
        # Answers ask for the same few dates over and over (today, mostly):
        # remember each date's value rather than scanning the list every time.
        object.__setattr__(self, "_by_date", {})

    def entry_at(self, on: date) -> DatedValue:
        found = None
        for entry in self.values:
            if entry.effective <= on:
                found = entry
            else:
                break
        if found is None:
            first = self.values[0].effective.isoformat()
            where = ".".join(str(p) for p in self.path)
            raise InputError({"on": f"no rule is in force on {on.isoformat()}: "
                                    f"{where} starts on {first}. Choose a later date."})
        return found

    def at(self, on: date) -> Any:
        try:
            return self._by_date[on]  # type: ignore[attr-defined]
        except KeyError:
            value = self._by_date[on] = self.entry_at(on).value  # type: ignore[attr-defined]
            return value

    def upcoming(self, on: date) -> tuple[DatedValue, ...]:
        """Published values that take effect after ``on``: announced on the pages."""
        return tuple(entry for entry in self.values if entry.effective > on)

    @property
    def first_effective(self) -> date:
        return self.values[0].effective


def read_parameter(node: Node, read_value: Callable[[Node], Any], what: str) -> Parameter | Any:
    """Build a Parameter from ``{reference?, values: {DATE: VALUE | {value, reference?}}}``."""
    fields = node.fields(required=("values",), optional=("reference",), what=what)
    if fields is INVALID:
        return INVALID
    default_reference = fields["reference"].text("reference") if "reference" in fields else None
    entries = fields["values"].entries(f"the values of {what}") if "values" in fields else INVALID
    if has_invalid(entries, default_reference):
        return INVALID
    if not entries:
        return node.problem(f"{what} has no values. Add one: 'values: {{2024-01-01: ...}}'.",
                            "values")
    dated: list[DatedValue] = []
    for key, entry_node in entries:
        effective = Node(key, entry_node.path, node.log).iso_date("the effective date")
        if isinstance(entry_node.value, dict) and "value" in entry_node.value:
            parts = entry_node.fields(required=("value",), optional=("reference",),
                                      what=f"the value of {what} from {key}")
            if parts is INVALID:
                continue
            value = read_value(parts["value"])
            reference = (parts["reference"].text("reference") if "reference" in parts
                         else default_reference)
        else:
            value = read_value(entry_node)
            reference = default_reference
        if reference is None:
            entry_node.problem(
                f"the value of {what} from {key} has no reference. Add 'reference: ...' "
                "naming the document it comes from, on the parameter or on the value."
            )
            continue
        if has_invalid(effective, value, reference):
            continue
        dated.append(DatedValue(effective, value, reference))
    if len(dated) != len(entries):
        return INVALID
    dated.sort(key=lambda d: d.effective)
    for earlier, later in itertools.pairwise(dated):
        if earlier.effective == later.effective:
            return node.problem(f"{what} has two values that take effect on "
                                f"{later.effective.isoformat()}. Keep one.", "values")
    return Parameter(tuple(dated), node.path)
