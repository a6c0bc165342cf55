"""Facts: the questions the calculator asks an applicant, and reading the answers.

The catalogue lives in ``content/facts.yaml``. Each fact's id is the name used
in a profile (command line JSON, the browser form's control names), so one
list defines the contract, the form and the validation.

A few facts mean something to the engine itself (the age variant, the scope
that picks the category, the Mentor track, the RSC hours that decide whether
renewal needs RSC). facts.yaml declares them with ``role:``, and the engine
finds them by role, never by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from ..errors import InputError
from ..numbers import parse_number, words
from .node import Node
from .spec import Id, NonEmpty, Text, key

ROLE_KINDS = {"variant": "choice", "scope": "choice", "mentor_track": "choice",
              "rsc_received": "number"}

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class Choice:
    WHAT: ClassVar[str] = "a choice"
    value: Id = key("the choice value")
    label: Text = key("the choice label")


@dataclass(frozen=True)
class Fact:
    """One question: its id is the profile key and the form control's name."""

    WHAT: ClassVar[str] = "a fact"
    id: Id = key("the fact id")
    label: Text = key("the label", doc="the question as the applicant reads it")
    kind: Literal["number", "boolean", "choice"] = key("the kind")
    help: Text = key("the help text", "")
    unit: Text = key("the unit", "", doc="hours, years, ...: shown beside a number question")
    minimum: float = key("minimum", 0)
    maximum: float | None = key("maximum", None)
    step: float | None = key("step", None)
    choices: Annotated[tuple[Choice, ...], NonEmpty()] = key("choices", ())
    # Facts asked only in some situations (the Mentor track, say) name the
    # fact and the answers that make them relevant; the form hides them otherwise.
    shown_when: dict[str, tuple[Text, ...]] | None = key("shown_when", None)
    group: Text = key("the group", "", doc="the form section the question appears in")
    role: Literal["variant", "scope", "mentor_track", "rsc_received"] | None = key(
        "the role", None, doc="what the engine uses this fact for (at most one fact per role)")
    # Answers read but not offered: for the variant question, the other age
    # variants of facts.yaml, so a profile written for another association gets
    # a note ("does not offer ...") rather than a refusal. Not read from YAML.
    _also_accepted: tuple[Choice, ...] = field(default=(), repr=False, compare=False)

    def validate(self, node: Node, ctx: Any) -> None:
        if self.kind == "choice" and not self.choices:
            node.problem(f"the choice fact '{self.id}' needs a 'choices' list.")
        if self.kind != "choice" and self.choices:
            node.problem(f"only choice facts take 'choices'; '{self.id}' is a {self.kind}.",
                         "choices")
        if self.maximum is not None and self.maximum < self.minimum:
            node.problem("maximum must not be below minimum.", "maximum")
        if self.role and ROLE_KINDS[self.role] != self.kind:
            node.problem(f"a fact with the role '{self.role}' must be a "
                         f"{ROLE_KINDS[self.role]} fact, not a {self.kind} one.", "role")

    def choice_values(self) -> tuple[str, ...]:
        return self._values

    @cached_property  # asked for every answer read: worth remembering
    def _values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    @cached_property
    def _readable(self) -> frozenset[str]:
        return frozenset((*self._values, *(c.value for c in self._also_accepted)))

    def label_of(self, value: Any) -> str:
        for choice in (*self.choices, *self._also_accepted):
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
            if isinstance(raw, str) and raw in self._readable:
                return raw
            raise ValueError("choose one of: " + ", ".join(self.choice_values()) + ".")
        try:
            value = parse_number(raw)
        except ValueError:
            raise ValueError(f"enter a number ({self.unit or 'digits only'}).") from None
        if self.step is not None and self.step >= 1 and not value.is_integer():
            # Families, references: counted, never halved (step 1 in facts.yaml).
            raise ValueError(f"enter a whole number ({self.unit or 'no fractions'}).")
        if value < self.minimum:
            raise ValueError(f"must be {words(self.minimum)} or more.")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"must be {words(self.maximum)} or less.")
        return int(value) if value.is_integer() else value


@dataclass(frozen=True)
class FactCatalog:
    """facts.yaml: every question the calculator can ask."""

    WHAT: ClassVar[str] = "facts.yaml"
    facts: Annotated[tuple[Fact, ...], NonEmpty()] = key("the facts list")

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {f.id: f for f in self.facts})

    def validate(self, node: Node, ctx: Any) -> None:
        items = Node(node.value.get("facts"), (*node.path, "facts"), node.log)
        seen: dict[str, int] = {}
        roles: dict[str, str] = {}
        for index, fact in enumerate(self.facts):
            at = Node(None, (*items.path, index), node.log)
            if fact.id in seen:
                at.problem(f"the fact id '{fact.id}' is used twice (also item "
                           f"{seen[fact.id] + 1}). Give each fact its own id.", "id")
            seen.setdefault(fact.id, index)
            if fact.role:
                if fact.role in roles:
                    at.problem(f"the role '{fact.role}' is already the role of the fact "
                               f"'{roles[fact.role]}'. Give each role to one fact.", "role")
                roles[fact.role] = fact.id
            for other, values in (fact.shown_when or {}).items():
                target = self.get(other)
                if target is None:
                    at.problem(f"shown_when names the unknown fact '{other}'.", "shown_when")
                elif target.kind == "choice" and not set(values) <= set(target.choice_values()):
                    at.problem(f"shown_when lists answers that '{other}' does not offer.",
                               "shown_when")

    def get(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)  # type: ignore[attr-defined]

    def __contains__(self, fact_id: str) -> bool:
        return fact_id in self._by_id  # type: ignore[attr-defined]

    def by_role(self, role: str) -> Fact | None:
        return next((f for f in self.facts if f.role == role), None)

    def role_id(self, role: str) -> str | None:
        fact = self.by_role(role)
        return fact.id if fact else None

    def adapted(self, variant_choices: tuple[tuple[str, str], ...],
                extra: tuple[Fact, ...]) -> FactCatalog:
        """This catalogue as one association asks it: the variant question offers
        the association's own variants, and its own conditions are added."""
        facts = []
        for fact in self.facts:
            if fact.role == "variant":
                own = tuple(Choice(v, label) for v, label in variant_choices)
                others = tuple(c for c in fact.choices if c.value not in dict(variant_choices))
                fact = replace(fact, choices=own, _also_accepted=others)
            facts.append(fact)
        return FactCatalog((*facts, *extra))

    def narrowed(self, role: str, offered: set[str]) -> FactCatalog:
        """The question with this role offers only these answers (the Mentor
        tracks an association has); the others are still read, with a note."""
        facts = []
        for fact in self.facts:
            if fact.role == role:
                fact = replace(fact, choices=tuple(c for c in fact.choices if c.value in offered),
                               _also_accepted=fact._also_accepted + tuple(
                                   c for c in fact.choices if c.value not in offered))
            facts.append(fact)
        return FactCatalog(tuple(facts))

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
        for name, value in raw.items():
            fact = self.get(name) if isinstance(name, str) else None
            if fact is None:
                errors[str(name)] = (f"'{name}' is not a question this calculator knows. "
                                     f"Known: {', '.join(f.id for f in self.facts)}.")
                continue
            try:
                profile[name] = fact.read(value)
            except ValueError as err:
                errors[name] = f"{fact.label}: {err}"
        return profile, errors

