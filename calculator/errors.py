"""The package's own errors: every failure the engine reports is one of these.

Two audiences: staff whose content is wrong (RulesError, one Problem per
mistake, each pointing at a path inside the content) and applicants whose
answers are wrong (InputError, one message per field). Both are ValueErrors so
callers that only care about "bad input" can catch one thing.
"""

from __future__ import annotations

from dataclasses import dataclass


class CalculatorError(ValueError):
    """Base class: anything the engine refuses on purpose."""


@dataclass(frozen=True)
class Problem:
    """One mistake in the rules, located by its path inside the content."""

    path: tuple[str | int, ...]
    message: str

    def where(self) -> str:
        return ".".join(str(part) for part in self.path) or "(top level)"


class RulesError(CalculatorError):
    """The rules (content) are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.where()}: {p.message}" for p in self.problems))


class InputError(CalculatorError):
    """An applicant's answer or a command-line argument is invalid.

    ``fields`` maps the name of each offending field to a sentence the person
    can act on; the browser shows each beside its field.
    """

    def __init__(self, fields: dict[str, str]):
        self.fields = dict(fields)
        super().__init__("; ".join(f"{name}: {msg}" for name, msg in self.fields.items()))
