"""Dated values: a rule's value is whatever was in force on a given date.

Modelled on OpenFisca's parameter files. In the content a parameter reads::

    registration:
      reference: Booklet, step 1 fee table, "Registration Fee"
      values:
        2024-01-01: 25
        2027-01-01: {value: 30, reference: Board minutes 2026-09}

so staff can publish a change ahead of the date it takes effect, and every
value says where it comes from. Reading one is ``spec.read`` (one reader for
every section); ``Parameter.path`` is where it sits in the content, which is
also its name in the parameter tree (``fees.application.family_specialist.processing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from ..errors import InputError

T = TypeVar("T")


class NotInForce(InputError):
    """A date before a parameter's first value: nothing was in force then.

    For an applicant's date the message beside the field says so; the build
    turns it into a problem at the parameter's file and line (``parameter``)."""

    def __init__(self, parameter: Parameter, on: date):
        self.parameter = parameter
        self.on = on
        first = parameter.values[0].effective.isoformat()
        super().__init__({"on": f"no rule is in force on {on.isoformat()}: "
                                f"{parameter.name} starts on {first}. Choose a later date."})


def value_on(parameter: Parameter | None, on: date) -> Any:
    """An optional value on ``on``: None where there is none, or where it has
    not taken effect yet (a new fee announced ahead is not charged before)."""
    return parameter.at(on) if parameter is not None and parameter.in_force(on) else None


@dataclass(frozen=True)
class DatedValue:
    effective: date
    value: Any
    reference: str


@dataclass(frozen=True)
class Parameter(Generic[T]):
    """Values sorted by the date they take effect (oldest first)."""

    values: tuple[DatedValue, ...]
    path: tuple = ()
    money: bool = False  # an amount of the association's currency (announced as "$60")

    def __post_init__(self) -> None:
        # Answers ask for the same few dates over and over (today, mostly):
        # remember each date's entry rather than scanning the list every time.
        object.__setattr__(self, "_by_date", {})

    def entry_at(self, on: date) -> DatedValue:
        try:
            return self._by_date[on]  # type: ignore[attr-defined]
        except KeyError:
            pass
        found = None
        for entry in self.values:
            if entry.effective <= on:
                found = entry
            else:
                break
        if found is None:
            raise NotInForce(self, on)
        self._by_date[on] = found  # type: ignore[attr-defined]
        return found

    def in_force(self, on: date) -> bool:
        """Whether a value has taken effect by ``on`` (a fee published ahead of
        its first date has not)."""
        return self.values[0].effective <= on

    def at(self, on: date) -> T:
        return self.entry_at(on).value

    def reference_at(self, on: date) -> str:
        return self.entry_at(on).reference

    def upcoming(self, on: date) -> tuple[DatedValue, ...]:
        """Published values that take effect after ``on``: announced on the pages."""
        return tuple(entry for entry in self.values if entry.effective > on)

    @property
    def name(self) -> str:
        """Its name in the parameter tree: its place in the content, dotted."""
        return ".".join(str(p) for p in self.path)
