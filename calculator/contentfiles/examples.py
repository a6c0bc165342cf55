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
from typing import Any

from .. import requests
from ..association import Association
from ..errors import CalculatorError, InputError
from .yamlfile import FileProblem, YamlDocument, YamlFileError, read_yaml

SECTIONS = requests.SECTIONS
INPUT_KEYS = {
    "eligibility": ("profile",),
    "fees": ("input",),
    "renewal": ("input",),
}


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


def _call(association: Association, section: str, body: dict[str, Any], on: Any) -> Any:
    request = {"profile": body.get("profile", {})} if section == "eligibility" \
        else body.get("input") or {}
    return requests.run(association, section, request, on)


def run_examples(association: Association, doc: YamlDocument) -> list[Outcome]:
    """Every section of every example, passed or failed; malformed files raise."""
    data = doc.data
    problems = []
    if not isinstance(data, dict) or "examples" not in data or not isinstance(
            data["examples"], list):
        raise YamlFileError(doc.problem((), "examples.yaml must have 'examples:' followed by a "
                                            "list of examples (see content/README.md)."))
    unknown = set(data) - {"on", "examples"}
    if unknown:
        raise YamlFileError(doc.problem((sorted(unknown)[0],),
                                        f"unknown key '{sorted(unknown)[0]}'; use 'on' and "
                                        "'examples'."))
    default_on = data.get("on")
    outcomes: list[Outcome] = []
    for index, example in enumerate(data["examples"]):
        at = ("examples", index)
        if not isinstance(example, dict) or not isinstance(example.get("name"), str):
            problems.append(doc.problem(at, "each example needs a 'name'."))
            continue
        extra = set(example) - {"name", "on", *SECTIONS}
        sections = [s for s in SECTIONS if s in example]
        if extra or not sections:
            problems.append(doc.problem(at, "an example has a 'name', an optional 'on' and one "
                                            "or more of: eligibility, fees, renewal"
                                            + (f" (unknown: {', '.join(sorted(extra))})."
                                               if extra else ".")))
            continue
        on = example.get("on", default_on)
        for section in sections:
            body = example[section]
            line = doc.line_of((*at, section))
            allowed = {*INPUT_KEYS[section], "expect", "error"}
            if (not isinstance(body, dict) or set(body) - allowed
                    or ("expect" in body) == ("error" in body)):
                problems.append(doc.problem((*at, section),
                                            f"'{section}' takes {', '.join(INPUT_KEYS[section])} "
                                            "and exactly one of 'expect' or 'error'."))
                continue
            try:
                actual = _call(association, section, body, on)
                error = None
            except InputError as err:
                actual, error = None, err
            except (CalculatorError, ValueError) as err:
                problems.append(doc.problem((*at, section), f"cannot run: {err}"))
                continue
            if "expect" in body:
                if error is not None:
                    outcomes.append(Outcome(example["name"], section, False,
                                            f"refused: {error}", line))
                    continue
                diffs = _mismatches(body["expect"], actual, section)
                outcomes.append(Outcome(example["name"], section, not diffs,
                                        "; ".join(diffs), line))
            else:
                wanted = body["error"] or {}
                if error is None:
                    outcomes.append(Outcome(example["name"], section, False,
                                            "expected a refusal, got an answer", line))
                    continue
                missing = [f"{field}: '{text}'" for field, text in wanted.items()
                           if text.lower() not in error.fields.get(field, "").lower()]
                outcomes.append(Outcome(example["name"], section, not missing,
                                        f"message lacks {', '.join(missing)}; got {error}"
                                        if missing else "", line))
    if problems:
        raise ExamplesError(problems)
    return outcomes


class ExamplesError(Exception):
    """examples.yaml itself is malformed (not: an example failed)."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
