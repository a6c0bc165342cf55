"""Categories of Endorsement, their Mentor tracks, and add-ons such as ERS.

A category is defined once and published in one or more age variants (infant
0-3, early childhood 3-6), each with its own code: the Family Specialist is
IFS for infant work and ECFS for early-childhood work, with the same
requirements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar

from .node import Node
from .parameters import Parameter
from .requirements import Requirement, check_unique, needs_rsc
from .spec import Code, Id, MonthDay, NonEmpty, Text, key


@dataclass(frozen=True)
class Shown:
    """A row of the requirements table that is not checked ("Not required")."""

    WHAT: ClassVar[str] = "an also_shown row"
    topic: Text = key("the topic")
    label: Text = key("the label")


@dataclass(frozen=True)
class Track:
    """A Mentor track (clinical, policy, research/faculty): requirements added to the category's."""

    WHAT: ClassVar[str] = "a track"
    id: Id = key("the track id", doc="an answer of the fact with the mentor_track role")
    name: Text = key("the track name")
    description: Text = key("the description", "")
    requirements: tuple[Requirement, ...] = key("the track's requirements", ())

    def validate(self, node: Node, ctx: Any) -> None:
        check_unique(Node(None, (*node.path, "requirements"), node.log), self.requirements,
                     "the track's requirements")
        fact = ctx.catalog.by_role("mentor_track")
        if fact is None or self.id not in fact.choice_values():
            node.problem(f"the track '{self.id}' is not an answer of the fact "
                         f"'{fact.id if fact else 'mentor_track'}' in content/facts.yaml. "
                         "Add it there first.", "id")


@dataclass(frozen=True)
class Category:
    """A category of Endorsement, in every age variant of the association."""

    WHAT: ClassVar[str] = "a category"
    id: Id = key("the category id", doc="used in fees.yaml, renewal.yaml and web addresses")
    name: Text = key("the category name")
    codes: dict[str, Code] = key(
        "codes", doc="one code per age variant of association.yaml, e.g. {infant: IFS}")
    names: dict[str, Text] = key("names", doc="one full name per age variant")
    scope: Text = key("the scope", doc="an answer of the fact with the scope role")
    summary: Text = key("the summary")
    exam: Parameter[bool] = key("exam", doc="whether the category sits the written exam")
    requirements: tuple[Requirement, ...] = key("the requirements")
    examples: tuple[Text, ...] = key("examples", ())
    tracks: Annotated[tuple[Track, ...], NonEmpty()] = key("tracks", ())
    also_shown: tuple[Shown, ...] = key("also_shown", ())

    def validate(self, node: Node, ctx: Any) -> None:
        check_unique(Node(None, (*node.path, "requirements"), node.log), self.requirements,
                     "the requirements")
        scope = ctx.catalog.by_role("scope")
        options = scope.choice_values() if scope else ()
        if scope is None:
            node.problem("no question in content/facts.yaml has 'role: scope', so a category's "
                         "scope means nothing. Add 'role: scope' to the scope-of-work question.",
                         "scope")
        elif self.scope not in options:
            node.problem(f"the scope must be one of {', '.join(options)}, not '{self.scope}'.",
                         "scope")
        variants = ctx.variant_ids
        if variants is None:  # association.yaml is broken: its own problems say so
            return
        for what, mapping in (("codes", self.codes), ("names", self.names)):
            at = Node(mapping, (*node.path, what), node.log)
            described = f"{what} (one per age variant: {', '.join(variants)})"
            for variant in mapping:
                if variant not in variants:
                    at.problem(f"unknown key '{variant}' in {described}. Allowed keys: "
                               f"{', '.join(variants)}.", variant)
            for variant in variants:
                if variant not in mapping:
                    at.problem(f"{described} is missing the required key '{variant}'. "
                               f"Add '{variant}: ...'.")

    def requirements_for(self, track: str | None) -> tuple[Requirement, ...]:
        extra: tuple[Requirement, ...] = ()
        for t in self.tracks:
            if t.id == track:
                extra = t.requirements
        return self.requirements + extra

    def exam_required(self, on: date) -> bool:
        return bool(self.exam.at(on))

    def track(self, track_id: Any) -> Track | None:
        return next((t for t in self.tracks if t.id == track_id), None)

    def needs_rsc(self, track: str | None, rsc_fact: str | None) -> bool | None:
        """Whether renewal needs RSC: exactly when the category's own requirements
        (with the track's) include receiving RSC. None when the tracks disagree and
        no track is given (only clinical Mentors must receive RSC)."""
        if track is None and self.tracks:
            answers = {needs_rsc(self.requirements_for(t.id), rsc_fact) for t in self.tracks}
            return answers.pop() if len(answers) == 1 else None
        return needs_rsc(self.requirements_for(track), rsc_fact)


@dataclass(frozen=True)
class AddOn:
    """An add-on credential (the Endorsed Reflective Supervisor) on top of a category."""

    WHAT: ClassVar[str] = "an add-on"
    code: Code = key("the add-on code")
    name: Text = key("the add-on name")
    summary: Text = key("the summary")
    requirements: tuple[Requirement, ...] = key("the add-on's requirements")
    also_shown: tuple[Shown, ...] = key("also_shown", ())

    id = property(lambda self: self.code)  # fees and renewal name add-ons by their code

    def validate(self, node: Node, ctx: Any) -> None:
        check_unique(Node(None, (*node.path, "requirements"), node.log), self.requirements,
                     "the add-on's requirements")

    def needs_rsc(self, track: str | None, rsc_fact: str | None) -> bool:
        return needs_rsc(self.requirements, rsc_fact)


@dataclass(frozen=True)
class Sitting:
    """An exam sitting of the year and the day the portfolio is due for it."""

    WHAT: ClassVar[str] = "an exam sitting"
    name: Text = key("the sitting's name", doc="as applicants know it: 'Spring'")
    exam: MonthDay = key("the exam day", doc="MM-DD: the day of the exam")
    portfolio_due: MonthDay = key(
        "portfolio_due", doc="MM-DD: the portfolio is due by this day (a day later in the "
                             "year than the exam falls in the year before)")


Sittings = Annotated[tuple[Sitting, ...], NonEmpty()]


def next_sitting(sittings: Parameter[Sittings] | None, on: date) -> dict[str, Any] | None:
    """The first sitting whose portfolio is still due on ``on`` or later: its
    name, exam day and portfolio deadline (None when no sittings are published)."""
    if sittings is None or not sittings.in_force(on):
        return None
    found = []
    for year in (on.year, on.year + 1, on.year + 2):
        for sitting in sittings.at(on):
            exam = sitting.exam.in_year(year)
            due = sitting.portfolio_due.in_year(year)
            if due > exam:
                due = sitting.portfolio_due.in_year(year - 1)
            if due >= on:
                found.append((due, exam, sitting.name))
    due, exam, name = min(found)
    return {"name": name, "exam_on": exam.isoformat(), "portfolio_due": due.isoformat(),
            "reference": sittings.reference_at(on)}


@dataclass(frozen=True)
class CategoriesFile:
    """categories.yaml: the categories, most basic first, and the add-ons."""

    WHAT: ClassVar[str] = "categories.yaml"
    categories: Annotated[tuple[Category, ...], NonEmpty()] = key("categories")
    add_ons: tuple[AddOn, ...] = key("add_ons", ())
    exam_sittings: Parameter[Sittings] | None = key(
        "exam_sittings", None,
        doc="the exam sittings of each year with their portfolio deadlines, for every "
            "category that sits the exam")

    def validate(self, node: Node, ctx: Any) -> None:
        if self.exam_sittings is None:
            return
        for entry in self.exam_sittings.values:
            seen: set[str] = set()
            at = (*node.path, "exam_sittings", "values", entry.effective.isoformat())
            for index, sitting in enumerate(entry.value):
                if sitting.name in seen:
                    Node(None, (*at, index), node.log).problem(
                        f"the sitting '{sitting.name}' is listed twice. Give each sitting its "
                        "own name.", "name")
                seen.add(sitting.name)
                if sitting.exam == sitting.portfolio_due:
                    Node(None, (*at, index), node.log).problem(
                        f"the portfolio for the '{sitting.name}' sitting is due on the day of "
                        "the exam. Give the day the portfolio is due by, before the exam.",
                        "portfolio_due")
        if not any(bool(e.value) for c in self.categories for e in c.exam.values):
            Node(None, (*node.path, "exam_sittings"), node.log).problem(
                "exam sittings are given but no category sits the exam ('exam' is false "
                "everywhere). Remove 'exam_sittings' or set a category's exam to true.")
