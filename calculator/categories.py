"""Categories of Endorsement, their Mentor tracks, and add-ons such as ERS.

A category is defined once and published in one or more age variants (infant
0-3, early childhood 3-6), each with its own code: the Family Specialist is
IFS for infant work and ECFS for early-childhood work, with the same
requirements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .facts import FactCatalog
from .parameters import Parameter, read_parameter
from .requirements import Requirement, read_requirements
from .schema import INVALID, Node, has_invalid


@dataclass(frozen=True)
class Shown:
    """A row of the requirements table that is not checked ("Not required")."""

    topic: str
    label: str


@dataclass(frozen=True)
class Track:
    id: str
    name: str
    description: str
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    codes: dict[str, str]  # variant id -> code
    names: dict[str, str]  # variant id -> full name
    scope: str
    scope_label: str
    summary: str
    examples: tuple[str, ...]
    exam: Parameter
    requirements: tuple[Requirement, ...]
    tracks: tuple[Track, ...] = ()
    rank: int = 0  # position in the list: later categories are more advanced
    also_shown: tuple[Shown, ...] = ()

    def requirements_for(self, track: str | None) -> tuple[Requirement, ...]:
        extra: tuple[Requirement, ...] = ()
        for t in self.tracks:
            if t.id == track:
                extra = t.requirements
        return self.requirements + extra

    def exam_required(self, on: date) -> bool:
        return bool(self.exam.at(on))

    def track(self, track_id: str) -> Track | None:
        return next((t for t in self.tracks if t.id == track_id), None)


@dataclass(frozen=True)
class AddOn:
    code: str
    name: str
    summary: str
    requirements: tuple[Requirement, ...]
    also_shown: tuple[Shown, ...] = ()


def read_also_shown(node: Node) -> tuple[Shown, ...] | Any:
    items = node.items("also_shown")
    if items is INVALID:
        return INVALID
    rows = []
    for item in items:
        f = item.fields(required=("topic", "label"), what="an also_shown row")
        if f is INVALID or len(f) != 2:
            return INVALID
        row = Shown(f["topic"].text("the topic"), f["label"].text("the label"))
        if has_invalid(row.topic, row.label):
            return INVALID
        rows.append(row)
    return tuple(rows)


def read_track(node: Node, catalog: FactCatalog) -> Track | Any:
    f = node.fields(required=("id", "name"), optional=("description", "requirements"),
                    what="a track")
    if f is INVALID:
        return INVALID
    track_id = f["id"].identifier("the track id") if "id" in f else INVALID
    name = f["name"].text("the track name") if "name" in f else INVALID
    description = f["description"].text("the description") if "description" in f else ""
    reqs = (read_requirements(f["requirements"], catalog, "the track's requirements")
            if "requirements" in f else ())
    if has_invalid(track_id, name, description, reqs):
        return INVALID
    fact = catalog.get("mentor_track")
    if fact is None or track_id not in fact.choice_values():
        return f["id"].problem(f"the track '{track_id}' is not an answer of the fact "
                               "'mentor_track' in content/facts.yaml. Add it there first.")
    return Track(track_id, name, description, reqs)


def read_category(node: Node, catalog: FactCatalog, variants: tuple[str, ...],
                  rank: int) -> Category | Any:
    f = node.fields(
        required=("id", "name", "codes", "names", "scope", "summary", "exam", "requirements"),
        optional=("examples", "tracks", "also_shown"),
        what="a category",
    )
    if f is INVALID:
        return INVALID
    cat_id = f["id"].identifier("the category id") if "id" in f else INVALID
    name = f["name"].text("the category name") if "name" in f else INVALID
    codes = _per_variant(f["codes"], variants, "codes", code=True) if "codes" in f else INVALID
    names = _per_variant(f["names"], variants, "names") if "names" in f else INVALID
    scope_fact = catalog.get("scope")
    scope_options = scope_fact.choice_values() if scope_fact else ()
    scope = f["scope"].choice(scope_options, "the scope") if "scope" in f else INVALID
    summary = f["summary"].text("the summary") if "summary" in f else INVALID
    examples: Any = ()
    if "examples" in f:
        items = f["examples"].items("examples")
        examples = INVALID if items is INVALID else tuple(i.text("an example") for i in items)
        if examples is not INVALID and has_invalid(*examples):
            examples = INVALID
    exam = (read_parameter(f["exam"], lambda n: n.boolean("exam"), "exam")
            if "exam" in f else INVALID)
    reqs = (read_requirements(f["requirements"], catalog, "the requirements")
            if "requirements" in f else INVALID)
    tracks: Any = ()
    if "tracks" in f:
        items = f["tracks"].items("tracks", allow_empty=False)
        tracks = INVALID if items is INVALID else tuple(read_track(i, catalog) for i in items)
        if tracks is not INVALID and has_invalid(*tracks):
            tracks = INVALID
    shown = read_also_shown(f["also_shown"]) if "also_shown" in f else ()
    if has_invalid(cat_id, name, codes, names, scope, summary, examples, exam, reqs, tracks,
                   shown):
        return INVALID
    return Category(cat_id, name, codes, names, scope,
                    scope_fact.label_of(scope) if scope_fact else scope,
                    summary, examples, exam, reqs, tracks, rank, shown)


def read_add_on(node: Node, catalog: FactCatalog) -> AddOn | Any:
    f = node.fields(required=("code", "name", "summary", "requirements"),
                    optional=("also_shown",), what="an add-on")
    if f is INVALID:
        return INVALID
    code = f["code"].code("the add-on code") if "code" in f else INVALID
    name = f["name"].text("the add-on name") if "name" in f else INVALID
    summary = f["summary"].text("the summary") if "summary" in f else INVALID
    reqs = (read_requirements(f["requirements"], catalog, "the add-on's requirements")
            if "requirements" in f else INVALID)
    shown = read_also_shown(f["also_shown"]) if "also_shown" in f else ()
    if has_invalid(code, name, summary, reqs, shown):
        return INVALID
    return AddOn(code, name, summary, reqs, shown)


def _per_variant(node: Node, variants: tuple[str, ...], what: str,
                 code: bool = False) -> dict[str, str] | Any:
    f = node.fields(required=variants, what=f"{what} (one per age variant: {', '.join(variants)})")
    if f is INVALID:
        return INVALID
    out = {v: (f[v].code(f"the {v} code") if code else f[v].text(f"the {v} name"))
           for v in variants if v in f}
    return INVALID if has_invalid(*out.values()) or len(out) != len(variants) else out
