"""Worked examples: named applicant situations and the answers they must get.

``content/associations/<slug>/examples.yaml`` (modelled on OpenFisca's YAML
tests) lets staff write a test without Python::

    on: 2026-11-25            # the date every example is evaluated on
    examples:
      - name: Home visitor with exactly 33 hours qualifies
        eligibility:
          profile: {scope: prevention, work_years: 2, families_served: 10,
                    training_hours: 33, references: 3, rsc_hours: 24}
          expect: {recommended: IFS, eligible: true, gaps: []}
      - name: Agency of seven staff, annual membership
        fees:
          input: {category: IFS, membership: agency, term: 1, staff: 7}
          expect: {membership: 315, total: 390}
      - name: Hours typed as words are refused
        eligibility:
          profile: {training_hours: ten}
          error: {training_hours: enter a number}

``expect`` lists only what matters: keys left out are not compared. A list
of requirement ids (``gaps: [training, rsc]``) is compared with the ids of the
gaps. ``error`` maps each field to a piece of the message it must get.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar

from ..edges import service
from ..errors import CalculatorError, InputError
from ..model.association import Association
from ..model.node import Log, Node
from ..model.spec import NonEmpty, Text, key, read_section
from .yamlfile import FileProblem, YamlDocument, read_yaml

SECTIONS = service.KEYS.keys()


@dataclass(frozen=True)
class Case:
    """One question of an example and what it must get: ``expect`` or ``error``."""

    WHAT: ClassVar[str] = "a question of an example"
    profile: dict[str, Any] | None = key("profile", None,
                                         doc="eligibility: the applicant's answers")
    input: dict[str, Any] | None = key("input", None, doc="fees and renewal: the question")
    expect: dict[str, Any] | None = key("expect", None, doc="the parts of the answer to compare")
    error: dict[str, Text] | None = key("error", None,
                                        doc="a refusal: per field, words its message contains")

    def validate(self, node: Node, ctx: Any) -> None:
        if (self.expect is None) == (self.error is None):
            node.problem("give exactly one of 'expect' (the answer) or 'error' (a refusal).")


@dataclass(frozen=True)
class Example:
    WHAT: ClassVar[str] = "an example"
    name: Text = key("the name")
    # Text, not a date: an example may show that an impossible date is refused.
    on: Text | None = key("on", None, doc="the date the rules are read on (default: the file's)")
    eligibility: Case | None = key("eligibility", None)
    fees: Case | None = key("fees", None)
    agency: Case | None = key("agency", None, doc="several staff under one agency membership")
    renewal: Case | None = key("renewal", None)

    def validate(self, node: Node, ctx: Any) -> None:
        given = [s for s in SECTIONS if getattr(self, s) is not None]
        if not given:
            node.problem("an example needs one or more of: eligibility, fees, agency, renewal.")
        for section in given:
            case, wanted = getattr(self, section), INPUT_KEYS[section]
            other = "input" if wanted == "profile" else "profile"
            if getattr(case, other) is not None or getattr(case, wanted) is None:
                Node(None, (*node.path, section), node.log).problem(
                    f"'{section}' takes '{wanted}' and exactly one of 'expect' or 'error'.")


@dataclass(frozen=True)
class ExamplesFile:
    """examples.yaml: worked examples, each a situation and the answer it must get."""

    WHAT: ClassVar[str] = "examples.yaml"
    examples: Annotated[tuple[Example, ...], NonEmpty()] = key("examples")
    on: Text | None = key("on", None, doc="the date every example is evaluated on")


INPUT_KEYS = {"eligibility": "profile", "fees": "input", "agency": "input", "renewal": "input"}


@dataclass(frozen=True)
class Outcome:
    name: str
    section: str
    passed: bool
    detail: str
    line: int | None


def load_examples(path: Path) -> YamlDocument:
    return read_yaml(path)


def _mismatches(expected: Any, actual: Any, where: str) -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected a mapping, got {actual!r}"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{where}.{key}: missing from the answer")
            else:
                out.extend(_mismatches(value, actual[key], f"{where}.{key}"))
        return out
    if isinstance(expected, list):
        if (isinstance(actual, list) and all(isinstance(e, str) for e in expected)
                and all(isinstance(a, dict) and "requirement" in a for a in actual)):
            ids = [a["requirement"] for a in actual]
            return [] if sorted(ids) == sorted(expected) else [
                f"{where}: expected {sorted(expected)}, got {sorted(ids)}"]
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {expected!r}, got {actual!r}"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out.extend(_mismatches(e, a, f"{where}[{i}]"))
        return out
    if isinstance(expected, int | float) and not isinstance(expected, bool) and \
            isinstance(actual, int | float) and not isinstance(actual, bool):
        return [] if math.isclose(expected, actual, abs_tol=1e-9) else [
            f"{where}: expected {expected}, got {actual}"]
    return [] if expected == actual and type(expected) is type(actual) else [
        f"{where}: expected {expected!r}, got {actual!r}"]


def read_examples(doc: YamlDocument) -> ExamplesFile:
    """The file as data, every mistake in it reported with its line (ExamplesError)."""
    log = Log()
    built = read_section(ExamplesFile, Node(doc.data, (), log))
    if log.problems:
        raise ExamplesError([doc.problem(p.path, p.message) for p in log.problems])
    return built


def run_examples(association: Association, doc: YamlDocument) -> list[Outcome]:
    """Every section of every example, passed or failed; malformed files raise."""
    examples = read_examples(doc)
    outcomes: list[Outcome] = []
    for index, example in enumerate(examples.examples):
        on = example.on or examples.on
        for section in SECTIONS:
            case = getattr(example, section)
            if case is None:
                continue
            line = doc.line_of(("examples", index, section))
            request = {"profile": case.profile} if section == "eligibility" else case.input
            try:
                actual, error = service.run(association, section, request, on), None
            except InputError as err:
                actual, error = None, err
            if case.expect is not None:
                if error is not None:
                    outcomes.append(Outcome(example.name, section, False,
                                            f"refused: {error}", line))
                    continue
                diffs = _mismatches(case.expect, actual, section)
                outcomes.append(Outcome(example.name, section, not diffs, "; ".join(diffs), line))
            else:
                if error is None:
                    outcomes.append(Outcome(example.name, section, False,
                                            "expected a refusal, got an answer", line))
                    continue
                missing = [f"{field}: '{text}'" for field, text in case.error.items()
                           if text.lower() not in error.fields.get(field, "").lower()]
                outcomes.append(Outcome(example.name, section, not missing,
                                        f"message lacks {', '.join(missing)}; got {error}"
                                        if missing else "", line))
    return outcomes


class ExamplesError(CalculatorError):
    """examples.yaml itself is malformed (not: an example failed)."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
