"""Requirements: one condition on one fact, and checking a profile against it.

Kinds, as written in ``categories.yaml``:

- ``at_least``: a number fact must reach a dated threshold (training hours >= 33);
- ``one_of``: a choice fact must be one of a dated list (education: master, doctorate, md);
- ``is``: a yes/no fact must have this answer (licensed: true);
- ``any_of``: at least one of several alternatives (a CDA OR an AA OR 2 years' work);
- ``note``: something the application itself verifies (a portfolio); shown, never computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .facts import FactCatalog
from .parameters import Parameter, read_parameter
from .schema import INVALID, Node, has_invalid

KINDS = ("at_least", "one_of", "is", "any_of", "note")


@dataclass(frozen=True)
class Requirement:
    id: str
    label: str  # the association's own wording, shown beside every result
    topic: str  # the row of the requirements table it belongs to ("Training")
    kind: str
    fact: str | None = None
    threshold: Parameter | None = None  # at_least / one_of
    expected: bool | None = None  # is
    alternatives: tuple[Requirement, ...] = ()

    def facts_used(self) -> tuple[str, ...]:
        if self.kind == "any_of":
            return tuple(f for alt in self.alternatives for f in alt.facts_used())
        return (self.fact,) if self.fact else ()

    def need(self, on: date) -> Any:
        if self.kind == "is":
            return self.expected
        if self.kind == "any_of":
            return [{"requirement": a.id, "fact": a.fact, "need": a.need(on)}
                    for a in self.alternatives]
        return self.threshold.at(on) if self.threshold else None

    def check(self, profile: dict[str, Any], on: date) -> dict[str, Any]:
        """One row of the answer (the JSON contract of a check): need, have, met."""
        need = self.need(on)
        out: dict[str, Any] = {"requirement": self.id, "fact": self.fact, "label": self.label,
                               "topic": self.topic, "kind": self.kind, "need": need}
        if self.threshold is not None:  # where the value in force was published
            out["reference"] = self.threshold.entry_at(on).reference
        if self.kind == "any_of":
            subs = [a.check(profile, on) for a in self.alternatives]
            out["have"] = [{"requirement": c["requirement"], "fact": c["fact"],
                            "have": c["have"], "met": c["met"]} for c in subs]
            out["met"] = any(c["met"] for c in subs)
            return out
        have = profile.get(self.fact)
        out["have"] = have
        if self.kind == "at_least":
            met = have is not None and have >= need
            out["met"] = met
            out["shortfall"] = 0 if met else _shortfall(need - (have or 0))
        elif self.kind == "one_of":
            out["met"] = have in need
        else:  # is
            out["met"] = have is not None and have == need
        if have is None:
            out["missing"] = True
        return out


def _shortfall(number: float) -> float | int:
    """Rounded to cents of an hour, but never to 0: 32.999 of 33 hours still falls short."""
    cleaned = _clean(number)
    return cleaned if cleaned else float(f"{number:.2g}")


def _clean(number: float) -> float | int:
    if type(number) is int:
        return number
    rounded = round(number, 2)
    return int(rounded) if float(rounded).is_integer() else rounded


def read_requirement(node: Node, catalog: FactCatalog, nested: bool = False) -> Requirement | Any:
    kind_keys = ("at_least", "one_of", "is", "any_of", "note")
    optional = ("fact", *kind_keys) if nested else ("fact", "topic", *kind_keys)
    f = node.fields(required=("id", "label") if not nested else ("id",),
                    optional=optional + (("label",) if nested else ()),
                    what="a requirement")
    if f is INVALID:
        return INVALID
    req_id = f["id"].identifier("the requirement id") if "id" in f else INVALID
    label = f["label"].text("the requirement label") if "label" in f else ""
    topic = f["topic"].text("the topic") if "topic" in f else ""
    given = [k for k in kind_keys if k in f]
    if len(given) != 1:
        return node.problem(
            "a requirement needs exactly one of " + ", ".join(kind_keys)
            + (f" (it has {', '.join(given)})." if given else " (it has none).")
        )
    kind = given[0]
    if has_invalid(req_id, label, topic):
        return INVALID
    if kind == "note":
        if f["note"].boolean("note") is INVALID:
            return INVALID
        if "fact" in f:
            return node.problem("a note is checked by the association, not computed: "
                                "remove 'fact'.", "fact")
        return Requirement(req_id, label, topic, "note")
    if kind == "any_of":
        alts = f["any_of"].items("any_of", allow_empty=False)
        if alts is INVALID:
            return INVALID
        if "fact" in f:
            return node.problem("any_of lists its alternatives, each with its own fact: "
                                "remove 'fact' here.", "fact")
        built = [read_requirement(a, catalog, nested=True) for a in alts]
        if has_invalid(*built):
            return INVALID
        for alt_node, alt in zip(alts, built, strict=True):
            if alt.kind in ("any_of", "note"):
                alt_node.problem("an alternative must be at_least, one_of or is.")
                return INVALID
        return Requirement(req_id, label, topic, "any_of", alternatives=tuple(built))
    if "fact" not in f:
        return node.problem(f"a {kind} requirement needs 'fact: <fact id>'.")
    fact_id = f["fact"].text("the fact")
    if fact_id is INVALID:
        return INVALID
    fact = catalog.get(fact_id)
    if fact is None:
        return f["fact"].problem(
            f"the requirement names the unknown fact '{fact_id}'. Use one of the facts in "
            f"content/facts.yaml: {', '.join(x.id for x in catalog.facts)}."
        )
    wanted = {"at_least": "number", "one_of": "choice", "is": "boolean"}[kind]
    if fact.kind != wanted:
        return f["fact"].problem(f"'{kind}' needs a {wanted} fact, but '{fact_id}' is a "
                                 f"{fact.kind} fact.")
    if kind == "is":
        expected = f["is"].boolean("is")
        if expected is INVALID:
            return INVALID
        return Requirement(req_id, label, topic, "is", fact_id, expected=expected)
    if kind == "at_least":
        threshold = read_parameter(f["at_least"], lambda n: n.number("the threshold"),
                                   f"the threshold of '{req_id}'")
    else:
        options = fact.choice_values()

        def read_options(n: Node) -> Any:
            items = n.items("the accepted answers", allow_empty=False)
            if items is INVALID:
                return INVALID
            values = [i.choice(options, f"an accepted answer for '{fact_id}'") for i in items]
            return INVALID if has_invalid(*values) else list(values)

        threshold = read_parameter(f["one_of"], read_options, f"the accepted answers of '{req_id}'")
    if threshold is INVALID:
        return INVALID
    return Requirement(req_id, label, topic, kind, fact_id, threshold=threshold)


def read_requirements(node: Node, catalog: FactCatalog, what: str) -> tuple[Requirement, ...] | Any:
    items = node.items(what)
    if items is INVALID:
        return INVALID
    built = [read_requirement(item, catalog) for item in items]
    if has_invalid(*built):
        return INVALID
    seen: set[str] = set()
    for item, req in zip(items, built, strict=True):
        if req.id in seen:
            item.problem(f"the requirement id '{req.id}' is used twice in {what}.", "id")
            return INVALID
        seen.add(req.id)
    return tuple(built)
