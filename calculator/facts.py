"""Facts: the questions the calculator asks an applicant, and reading the answers.

The catalogue lives in ``content/facts.yaml``. Each fact's id is the name used
in a profile (command line JSON, the browser form's control names), so one
list defines the contract, the form and the validation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .errors import InputError
from .schema import INVALID, Node, has_invalid

KINDS = ("number", "boolean", "choice")

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Fact:
    id: str
    label: str
    kind: str
    help: str = ""
    unit: str = ""
    minimum: float = 0
    maximum: float | None = None
    step: float | None = None
    choices: tuple[Choice, ...] = ()
    # Facts asked only in some situations (the Mentor track, say) name the
    # fact and the answers that make them relevant; the form hides them otherwise.
    shown_when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    group: str = ""  # the form section it appears in

    def choice_values(self) -> tuple[str, ...]:
        return self._choice_values

    @cached_property
    def _choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def label_of(self, value: Any) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return str(value)

    def read(self, raw: Any) -> Any:
        """One answer, normalised; None when it was left out. Raises ValueError(message)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if self.kind == "boolean":
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
                return raw.strip().lower() in _TRUE
            raise ValueError("answer yes or no.")
        if self.kind == "choice":
            if isinstance(raw, str) and raw in self.choice_values():
                return raw
            raise ValueError("choose one of: " + ", ".join(self.choice_values()) + ".")
        # number
        if isinstance(raw, bool):
            raise ValueError("enter a number.")
        if isinstance(raw, str):
            text = raw.strip().replace(",", ".") if raw.count(",") == 1 and "." not in raw \
                else raw.strip()
            try:
                value = float(text)
            except ValueError:
                raise ValueError(f"enter a number ({self.unit or 'digits only'}).") from None
        elif isinstance(raw, int | float):
            try:
                value = float(raw)
            except OverflowError:  # an int beyond any float: refused like 1e999 below
                value = math.inf
        else:
            raise ValueError("enter a number.")
        if not math.isfinite(value):
            raise ValueError("enter a number.")
        if value < self.minimum:
            raise ValueError(f"must be {_fmt(self.minimum)} or more.")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"must be {_fmt(self.maximum)} or less.")
        return int(value) if value.is_integer() else value


@dataclass(frozen=True)
class FactCatalog:
    facts: tuple[Fact, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {f.id: f for f in self.facts})

    def get(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)  # type: ignore[attr-defined]

    def __contains__(self, fact_id: str) -> bool:
        return fact_id in self._by_id  # type: ignore[attr-defined]

    def read_profile(self, raw: Any) -> dict[str, Any]:
        """Every answer checked; all bad ones reported together, by field."""
        profile, errors = self.read_profile_partly(raw)
        if errors:
            raise InputError(errors)
        return profile

    def read_profile_partly(self, raw: Any) -> tuple[dict[str, Any], dict[str, str]]:
        """The good answers, and a message for each bad one (which counts as not given).

        The browser uses this so one mistyped field does not blank the whole answer.
        """
        if not isinstance(raw, dict):
            return {}, {"profile": "the profile must be a JSON object of answers, "
                                   'for example {"training_hours": 33}.'}
        errors: dict[str, str] = {}
        profile: dict[str, Any] = {}
        for key, value in raw.items():
            fact = self.get(key) if isinstance(key, str) else None
            if fact is None:
                errors[str(key)] = (f"'{key}' is not a question this calculator knows. "
                                    f"Known: {', '.join(f.id for f in self.facts)}.")
                continue
            try:
                profile[key] = fact.read(value)
            except ValueError as err:
                errors[key] = f"{fact.label}: {err}"
        return profile, errors


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def read_facts(node: Node) -> FactCatalog | Any:
    top = node.fields(required=("facts",), what="facts.yaml")
    if top is INVALID:
        return INVALID
    items = top["facts"].items("the facts list", allow_empty=False)
    if items is INVALID:
        return INVALID
    facts = [_read_fact(item) for item in items]
    if has_invalid(*facts):
        return INVALID
    seen: dict[str, int] = {}
    for index, fact in enumerate(facts):
        if fact.id in seen:
            items[index].problem(f"the fact id '{fact.id}' is used twice "
                                 f"(also item {seen[fact.id] + 1}). Give each fact its own id.",
                                 "id")
        seen[fact.id] = index
    catalog = FactCatalog(tuple(facts))
    for index, fact in enumerate(facts):
        for other, values in fact.shown_when:
            target = catalog.get(other)
            if target is None:
                items[index].problem(f"shown_when names the unknown fact '{other}'.",
                                     "shown_when")
            elif target.kind == "choice" and not set(values) <= set(target.choice_values()):
                items[index].problem(f"shown_when lists answers that '{other}' does not offer.",
                                     "shown_when")
    return catalog


def _read_fact(node: Node) -> Fact | Any:
    f = node.fields(required=("id", "label", "kind"),
                    optional=("help", "unit", "minimum", "maximum", "step", "choices",
                              "shown_when", "group"),
                    what="a fact")
    if f is INVALID:
        return INVALID
    fact_id = f["id"].identifier("the fact id") if "id" in f else INVALID
    label = f["label"].text("the label") if "label" in f else INVALID
    kind = f["kind"].choice(KINDS, "the kind") if "kind" in f else INVALID
    help_text = f["help"].text("the help text") if "help" in f else ""
    unit = f["unit"].text("the unit") if "unit" in f else ""
    minimum = f["minimum"].number("minimum") if "minimum" in f else 0
    maximum = f["maximum"].number("maximum") if "maximum" in f else None
    step = f["step"].number("step") if "step" in f else None
    choices: Any = ()
    if "choices" in f:
        choice_nodes = f["choices"].items("choices", allow_empty=False)
        if choice_nodes is INVALID:
            choices = INVALID
        else:
            built = []
            for c in choice_nodes:
                cf = c.fields(required=("value", "label"), what="a choice")
                if cf is INVALID:
                    built.append(INVALID)
                    continue
                built.append(Choice(cf["value"].identifier("the choice value"),
                                    cf["label"].text("the choice label"))
                             if "value" in cf and "label" in cf else INVALID)
            choices = INVALID if has_invalid(*built) or any(
                has_invalid(c.value, c.label) for c in built) else tuple(built)
    shown_when: Any = ()
    if "shown_when" in f:
        entries = f["shown_when"].entries("shown_when")
        if entries is INVALID:
            shown_when = INVALID
        else:
            pairs = []
            for key, value_node in entries:
                values = value_node.items("the answers in shown_when", allow_empty=False)
                texts = INVALID if values is INVALID else tuple(v.text("an answer") for v in values)
                pairs.append(INVALID if texts is INVALID or has_invalid(*texts) else (key, texts))
            shown_when = INVALID if has_invalid(*pairs) else tuple(pairs)
    group = f["group"].text("the group") if "group" in f else ""
    if has_invalid(fact_id, label, kind, help_text, unit, minimum, maximum, step, choices,
                   shown_when, group):
        return INVALID
    if kind == "choice" and not choices:
        return node.problem(f"the choice fact '{fact_id}' needs a 'choices' list.")
    if kind != "choice" and choices:
        return node.problem(f"only choice facts take 'choices'; '{fact_id}' is a {kind}.",
                            "choices")
    if maximum is not None and maximum < minimum:
        return node.problem("maximum must not be below minimum.", "maximum")
    return Fact(fact_id, label, kind, help_text, unit, minimum, maximum, step, choices,
                shown_when, group)
