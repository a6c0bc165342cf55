"""Nodes: one value of the plain data with its path, read one located problem at a time.

The rules arrive as plain data (from YAML at build time, from JSON in the
browser). A ``Node`` wraps one value together with its path in that data and a
shared problem log, so a builder can check everything it reads, record every
mistake with its exact location and carry on: staff see all their mistakes in
one run instead of fixing them one build at a time.

Accessors return ``INVALID`` after recording a problem; the generic reader
(``spec.py``) skips constructing an object when any of its parts is ``INVALID``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from ..errors import Problem, RulesError


class _Invalid:
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_TYPE_NAMES = {
    dict: "a mapping (key: value lines)",
    list: "a list (lines starting with '- ')",
    str: "text",
    bool: "true or false",
}


def describe(value: Any) -> str:
    """How a wrong value looks, for messages: short and quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Log:
    """Collects problems; raises them all together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: tuple, message: str) -> Any:
        self.problems.append(Problem(tuple(path), message))
        return INVALID

    def raise_if_any(self) -> None:
        if self.problems:
            raise RulesError(self.problems)


class Node:
    __slots__ = ("log", "path", "value")

    def __init__(self, value: Any, path: tuple = (), log: Log | None = None):
        self.value = value
        self.path = tuple(path)
        self.log = log if log is not None else Log()

    def child(self, key: str | int, value: Any) -> Node:
        return Node(value, (*self.path, key), self.log)

    def problem(self, message: str, key: str | int | None = None) -> Any:
        path = self.path if key is None else (*self.path, key)
        return self.log.add(path, message)

    # -- containers ---------------------------------------------------------

    def fields(
        self, required: Iterable[str] = (), optional: Iterable[str] = (), what: str = "this section"
    ) -> dict[str, Node] | Any:
        """A mapping with exactly these keys: unknown keys and missing ones are problems."""
        required, optional = tuple(required), tuple(optional)
        if not isinstance(self.value, dict):
            return self.problem(f"{what} must be {_TYPE_NAMES[dict]}, not {describe(self.value)}.")
        allowed = required + optional
        out: dict[str, Node] = {}
        for key, value in self.value.items():
            if key not in allowed:
                hint = _misplaced(key, value, self.value, allowed)
                if hint:
                    self.problem(hint, key)
                    continue
                hint = closest(key, allowed)
                self.problem(
                    f"unknown key '{key}' in {what}."
                    + (f" Did you mean '{hint}'?" if hint else "")
                    + f" Allowed keys: {', '.join(allowed)}.",
                    key,
                )
                continue
            out[key] = self.child(key, value)
        for key in required:
            if key not in self.value:
                self.problem(f"{what} is missing the required key '{key}'. Add '{key}: ...'.")
        return out

    def items(self, what: str = "this list", allow_empty: bool = True) -> list[Node] | Any:
        if not isinstance(self.value, list):
            return self.problem(f"{what} must be {_TYPE_NAMES[list]}, not {describe(self.value)}.")
        if not self.value and not allow_empty:
            return self.problem(f"{what} must not be empty.")
        return [self.child(i, v) for i, v in enumerate(self.value)]

    def entries(self, what: str = "this section") -> list[tuple[str, Node]] | Any:
        if not isinstance(self.value, dict):
            return self.problem(f"{what} must be {_TYPE_NAMES[dict]}, not {describe(self.value)}.")
        return [(str(k), self.child(k, v)) for k, v in self.value.items()]

    # -- scalars ------------------------------------------------------------

    def text(self, what: str = "this value", allow_empty: bool = False) -> str | Any:
        if not isinstance(self.value, str):
            return self.problem(f"{what} must be text, not {describe(self.value)}. "
                                "Put it in quotes.")
        if not allow_empty and not self.value.strip():
            return self.problem(f"{what} must not be empty.")
        return self.value

    def boolean(self, what: str = "this value") -> bool | Any:
        if not isinstance(self.value, bool):
            return self.problem(f"{what} must be true or false, not {describe(self.value)}.")
        return self.value

    def number(
        self, what: str = "this value", minimum: float | None = 0, maximum: float | None = None
    ) -> int | float | Any:
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self.problem(
                f"{what} must be a number, not {describe(value)}. Write digits only, "
                "without a currency sign or unit (for example 25 or 12.5)."
            )
        if not math.isfinite(value):
            return self.problem(f"{what} must be a finite number.")
        if minimum is not None and value < minimum:
            return self.problem(f"{what} must be {minimum} or more, not {describe(value)}.")
        if maximum is not None and value > maximum:
            return self.problem(f"{what} must be {maximum} or less, not {describe(value)}.")
        return value

    def integer(self, what: str = "this value", minimum: int | None = 0,
                maximum: int | None = None) -> int | Any:
        value = self.number(what, minimum, maximum)
        if value is INVALID:
            return value
        if isinstance(value, float) and not value.is_integer():
            return self.problem(f"{what} must be a whole number, not {describe(value)}.")
        return int(value)

    def iso_date(self, what: str = "this date") -> date | Any:
        return parse_iso_date(self.value, what, lambda msg: self.problem(msg))

    def choice(self, options: Iterable[str], what: str = "this value") -> str | Any:
        options = tuple(options)
        value = self.text(what)
        if value is INVALID:
            return value
        if value not in options:
            return self.problem(f"{what} must be one of {', '.join(options)}, not '{value}'.")
        return value


def parse_iso_date(value: Any, what: str, fail: Callable[[str], Any]) -> date | Any:
    """YYYY-MM-DD only: other spellings are ambiguous across countries."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return fail(f"{what} must be a date written YYYY-MM-DD (for example 2027-01-01), "
                    f"not {describe(value)}.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        return fail(f"{what} {value} is not a real calendar date.")


def closest(word: str, options: Iterable[str]) -> str | None:
    # Imported here, and only if there is something to suggest: the browser's
    # standard library leaves difflib out (the rules it reads were checked at
    # build time, so it never needs a suggestion).
    try:
        import difflib
    except ImportError:
        return None

    matches = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _misplaced(key: Any, value: Any, mapping: dict, allowed: tuple[str, ...]) -> str | None:
    """An unknown key that is really a misplaced or broken piece of a dated
    value, said as what to change: a date line not indented under ``values:``,
    or the rest of a reference that holds a comma ("Fee table, IFA")."""
    if "values" in allowed and (isinstance(key, date) or (
            isinstance(key, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", key))):
        day = key.isoformat() if isinstance(key, date) else key
        return (f"the date line '{day}: ...' is not under 'values:'. Indent it to line up with "
                "the dates above it, two spaces more than 'values:'.")
    if value is None and "reference" in mapping and isinstance(key, str | int | float):
        return (f"'{key}' looks like the rest of the reference: a reference with a comma or a "
                f"colon in it must be in quotes, reference: \"{mapping['reference']}, {key}\".")
    return None
