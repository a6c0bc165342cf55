"""Requirements: one condition on one fact, and checking a profile against it.

Kinds, as written in ``categories.yaml`` (exactly one per requirement):

- ``at_least``: a number fact must reach a dated threshold (training hours >= 33);
- ``one_of``: a choice fact must be one of a dated list (education: master, doctorate, md);
- ``is``: a yes/no fact must have this answer (licensed: true);
- ``any_of``: at least one of several alternatives (a CDA OR an AA OR 2 years' work);
- ``note``: something the application itself verifies (a portfolio); shown, never computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Annotated, Any, ClassVar

from ..numbers import clean, shortfall
from .node import Node
from .parameters import Parameter
from .spec import Id, NonEmpty, Text, check_unique_ids, key

KINDS = ("at_least", "one_of", "is", "any_of", "note")
_FACT_KIND = {"at_least": "number", "one_of": "choice", "is": "boolean"}

Answers = Annotated[tuple[Id, ...], NonEmpty()]


class _Checked:
    """What a requirement and an alternative share: its kind, need and check."""

    id: str
    label: str
    fact: str | None
    at_least: Parameter | None
    one_of: Parameter | None
    is_: bool | None

    # Cached: a requirement is asked its kind for every check of every answer.
    @cached_property
    def kind(self) -> str:
        for kind in KINDS:
            if getattr(self, "is_" if kind == "is" else kind, None) is not None:
                return kind
        return "note"

    @cached_property
    def threshold(self) -> Parameter | None:
        return self.at_least if self.at_least is not None else self.one_of

    @property
    def expected(self) -> bool | None:
        return self.is_

    @property
    def alternatives(self) -> tuple[Alternative, ...]:
        return getattr(self, "any_of", None) or ()

    def facts_used(self) -> tuple[str, ...]:
        if self.kind == "any_of":
            return tuple(f for alt in self.alternatives for f in alt.facts_used())
        return (self.fact,) if self.fact else ()

    def need(self, on: date) -> Any:
        kind = self.kind
        if kind == "is":
            return self.is_
        if kind == "any_of":
            return [{"requirement": a.id, "fact": a.fact, "need": a.need(on)}
                    for a in self.alternatives]
        threshold = self.threshold
        if threshold is None:
            return None
        value = threshold.at(on)
        return list(value) if kind == "one_of" else value

    def check(self, profile: dict[str, Any], on: date) -> dict[str, Any]:
        """One row of the answer (the JSON contract of a check): need, have, met."""
        kind = self.kind
        need = self.need(on)
        out: dict[str, Any] = {"requirement": self.id, "fact": self.fact, "label": self.label,
                               "topic": getattr(self, "topic", ""), "kind": kind, "need": need}
        source = (self.threshold.reference_at(on) if self.threshold is not None
                  else getattr(self, "reference", ""))
        if source:
            out["reference"] = source
        if kind == "any_of":
            subs = [a.check(profile, on) for a in self.alternatives]
            out["have"] = [{"requirement": c["requirement"], "fact": c["fact"],
                            "have": c["have"], "met": c["met"]} for c in subs]
            out["met"] = any(c["met"] for c in subs)
            return out
        have = profile.get(self.fact)
        out["have"] = have
        if kind == "at_least":
            met = have is not None and have >= need
            out["met"] = met
            out["shortfall"] = 0 if met else shortfall(need - (have or 0))
        elif kind == "one_of":
            out["met"] = have in need
        else:  # is
            out["met"] = have is not None and have == need
        if have is None:
            out["missing"] = True
        return out

    def check_content(self, node: Node, ctx: Any, kinds: tuple[str, ...]) -> None:
        given = [k for k in KINDS if (node.value or {}).get(k) is not None]
        if len(given) != 1 or given[0] not in kinds:
            node.problem(f"a requirement needs exactly one of {', '.join(kinds)}"
                         + (f" (it has {', '.join(given)})." if given else " (it has none)."))
            return
        kind = given[0]
        if kind in ("note", "any_of"):
            if self.fact is not None:
                node.problem("a note is checked by the association, not computed: remove 'fact'."
                             if kind == "note" else
                             "any_of lists its alternatives, each with its own fact: remove "
                             "'fact' here.", "fact")
            return
        if self.fact is None:
            node.problem(f"a {kind} requirement needs 'fact: <fact id>'.")
            return
        catalog = ctx.catalog
        fact = catalog.get(self.fact)
        if fact is None:
            node.problem(f"the requirement names the unknown fact '{self.fact}'. Use one of the "
                         f"facts in content/facts.yaml: {', '.join(x.id for x in catalog.facts)}.",
                         "fact")
            return
        if fact.kind != _FACT_KIND[kind]:
            node.problem(f"'{kind}' needs a {_FACT_KIND[kind]} fact, but '{self.fact}' is a "
                         f"{fact.kind} fact.", "fact")
            return
        if kind == "one_of":
            offered = fact.choice_values()
            values = Node(None, (*node.path, "one_of", "values"), node.log)
            for entry in self.one_of.values:
                for index, answer in enumerate(entry.value):
                    if answer not in offered:
                        Node(None, (*values.path, entry.effective.isoformat(), index),
                             node.log).problem(
                            f"an accepted answer for '{self.fact}' must be one of "
                            f"{', '.join(offered)}, not '{answer}'.")


@dataclass(frozen=True)
class Alternative(_Checked):
    """One way to meet an ``any_of`` requirement (a CDA, an AA, two years' work)."""

    WHAT: ClassVar[str] = "an alternative"
    id: Id = key("the requirement id")
    label: Text = key("the requirement label", "")
    fact: Text | None = key("the fact", None)
    at_least: Parameter[float] | None = key("the threshold", None)
    one_of: Parameter[Answers] | None = key("the accepted answers", None)
    is_: bool | None = key("is", None, name="is")

    def validate(self, node: Node, ctx: Any) -> None:
        self.check_content(node, ctx, ("at_least", "one_of", "is"))


@dataclass(frozen=True)
class Requirement(_Checked):
    """A row of a category's requirements, as the association words it."""

    WHAT: ClassVar[str] = "a requirement"
    id: Id = key("the requirement id", doc="unique within the category")
    label: Text = key("the requirement label", doc="the association's own wording")
    topic: Text = key("the topic", "", doc="the row of the requirements table")
    fact: Text | None = key("the fact", None, doc="a fact id from content/facts.yaml")
    at_least: Parameter[float] | None = key("the threshold", None)
    one_of: Parameter[Answers] | None = key("the accepted answers", None)
    is_: bool | None = key("is", None, name="is")
    any_of: Annotated[tuple[Alternative, ...], NonEmpty()] | None = key("any_of", None)
    note: bool | None = key("note", None)
    reference: Text = key("reference", "", doc="where the rule is published, for requirements "
                                               "without a dated value (is, note, any_of)")

    def validate(self, node: Node, ctx: Any) -> None:
        self.check_content(node, ctx, KINDS)


def check_unique(node: Node, requirements: tuple[Requirement, ...], what: str) -> None:
    check_unique_ids(node, requirements, what, "requirement id")


def needs_rsc(requirements: tuple[Requirement, ...], rsc_fact: str | None) -> bool:
    """Whether these requirements include receiving RSC (the fact with the
    ``rsc_received`` role), directly or as an alternative."""
    return rsc_fact is not None and any(rsc_fact in r.facts_used() for r in requirements)


__all__ = ["Alternative", "Requirement", "check_unique", "clean", "needs_rsc"]
