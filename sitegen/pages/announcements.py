"""Dated changes of an association's rules, in applicants' words.

Every dated value after a parameter's first is a change: the value before it,
the new value, the date it takes effect and its reference. The pages' "Published
changes ahead" notices, the "What's changing" page and the Atom feed all read
this one list, built from the parameter tree, so a value added to the YAML
announces its coming change without anyone listing it here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from calculator import formats
from calculator.engine.parameter_tree import parameter_tree
from calculator.model.association import Association
from calculator.model.spec import NOT_PUBLISHED, MonthDay

RECENT_DAYS = 365  # "changes of the past twelve months"


@dataclass(frozen=True)
class Change:
    name: str  # the parameter's stable dotted name
    label: str
    effective: date
    old: str | None  # in words; None: a new value (a fee published ahead of its first date)
    new: str
    reference: str
    page: str  # the association's page that shows the value, relative to its folder


def value_words(value: Any, currency: str | None = None) -> str:
    """A value in words, as a page shows it (an amount with ``currency``)."""
    if value is NOT_PUBLISHED:  # a fee named without its amount
        return "amount not published"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return formats.money(value, currency) if currency else formats.number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, MonthDay):  # a deadline or window written MM-DD
        return formats.day_of_year(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return "a new table (see the page)"


def page_of(name: str) -> str:
    """The page of the association's section that shows the value ``name``."""
    parts = name.split(".")
    if parts[0] == "fees":
        return "fees.md"
    if parts[0] == "renewal":
        return "renewal.md"
    if parts[:2] == ["categories", "categories"] and len(parts) > 2:
        return f"categories/{parts[2]}.md"
    if parts[:2] == ["categories", "add_ons"] and len(parts) > 2:
        return f"categories/{parts[2].lower()}.md"
    return "index.md"


def all_changes(association: Association, data: Any) -> list[Change]:
    """Every dated change of the association, oldest first. A parameter whose
    first value starts after the rule book's own start (its earliest date) is a
    new one, ``old`` None: an exam fee added from 2027. The values the rules
    were first published with are not changes."""
    out = []
    tree = parameter_tree(association, data)
    start = min((n.parameter.values[0].effective for n in tree.values()), default=None)
    for name, named in tree.items():
        parameter = named.parameter
        currency = association.currency if parameter.money else None
        first = parameter.values[0]
        if first.effective != start:
            out.append(Change(name, named.label, first.effective, None,
                              value_words(first.value, currency), first.reference, page_of(name)))
        for before, entry in itertools.pairwise(parameter.values):
            out.append(Change(name, named.label, entry.effective,
                              value_words(before.value, currency),
                              value_words(entry.value, currency),
                              entry.reference, page_of(name)))
    return sorted(out, key=lambda c: (c.effective, c.name))


def upcoming(changes: list[Change], on: date, prefix: str = "") -> list[Change]:
    """Changes that take effect after ``on`` (of the values whose name starts with ``prefix``)."""
    return [c for c in changes if c.effective > on and c.name.startswith(prefix)]


def recent(changes: list[Change], on: date, days: int = RECENT_DAYS) -> list[Change]:
    """Changes that took effect in the ``days`` up to and including ``on``, newest first."""
    since = on - timedelta(days=days)
    return sorted((c for c in changes if since < c.effective <= on),
                  key=lambda c: (c.effective, c.name), reverse=True)
