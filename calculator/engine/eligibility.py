"""Eligibility: which category fits, whether the applicant qualifies, what is missing.

The recommendation follows the applicant's scope of work (each category has
one scope: promotion, prevention, clinical, macro; several categories may share
one, and then the most advanced of them the applicant meets is recommended,
else the most basic, with ``next_in_scope`` saying what the next one up still
needs). With no scope given it is
the most advanced category the applicant already qualifies for, and when they
qualify for none, the one with the fewest gaps (the earlier on ties), so there
is always a concrete list of what to do next.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..model.association import Association
from ..model.categories import Category, next_sitting
from ..model.facts import Fact
from ..model.requirements import Requirement


def _checks(requirements: tuple[Requirement, ...], profile: dict[str, Any],
            on: date) -> tuple[list[dict[str, Any]], list[str]]:
    checks, notes = [], []
    for req in requirements:
        if req.kind == "note":
            notes.append(req.label)
        else:
            checks.append(req.check(profile, on))
    return checks, notes


def _outcome(checks: list[dict[str, Any]], notes: list[str]) -> dict[str, Any]:
    gaps = [c for c in checks if not c["met"]]
    return {
        "eligible": not gaps,
        "gaps": gaps,
        "checks": checks,
        "also_required": notes,
    }


def _category(category: Category, variant: str, profile: dict[str, Any], on: date,
              conditions: tuple[Requirement, ...], track_fact: Fact | None,
              sittings: Any = None) -> dict[str, Any]:
    track = None
    track_note = None
    if category.tracks:
        wanted = profile.get(track_fact.id) if track_fact else None
        if category.track(wanted) is not None:
            track = wanted
            outcome = _outcome(*_checks(conditions + category.requirements_for(track),
                                        profile, on))
        else:
            # No track chosen: evaluate each and report the best fit, so the
            # applicant still learns whether (and how) they could qualify.
            base_checks, base_notes = _checks(conditions + category.requirements, profile, on)
            options = []
            for t in category.tracks:
                extra_checks, extra_notes = _checks(t.requirements, profile, on)
                options.append((t.id, _outcome(base_checks + extra_checks,
                                               base_notes + extra_notes)))
            track, outcome = min(options, key=lambda o: (not o[1]["eligible"],
                                                         len(o[1]["gaps"])))
            best = category.track(track).name
            track_note = (f"No Mentor track was chosen; the {best} track fits best."
                          if wanted is None else
                          f"This association has no {track_fact.label_of(wanted)} Mentor track; "
                          f"the {best} track fits best.")
    else:
        outcome = _outcome(*_checks(conditions + category.requirements, profile, on))
    return {
        "code": category.codes[variant],
        "category": category.id,
        "name": category.names[variant],
        "track": track,
        "track_note": track_note,
        "exam_required": category.exam_required(on),
        "next_exam": next_sitting(sittings, on) if category.exam_required(on) else None,
        **outcome,
    }


def evaluate(association: Association, profile: dict[str, Any], on: date) -> dict[str, Any]:
    """The contract of ``python -m calculator eligibility``."""
    notes: list[str] = []
    variants = association.variants
    age = profile.get(association.role("variant") or "")
    variant = next((v for v in variants if v.id == age), None)
    if variant is None:
        variant = variants[0]
        if age is None and len(variants) > 1:
            notes.append(f"No age focus was given; showing the {variant.label} categories.")
        elif age is not None:
            label = association.facts.by_role("variant").label_of(age)
            notes.append(f"{association.name} does not offer an Endorsement for '{label}'; "
                         f"showing the {variant.label} categories.")
    conditions = association.condition_requirements
    track_fact = association.facts.by_role("mentor_track")
    results = {c.id: _category(c, variant.id, profile, on, conditions, track_fact,
                               association.exam_sittings)
               for c in association.categories}
    scope = profile.get(association.role("scope") or "")
    # Several categories may share a scope (a Family Reflective Supervisor beside
    # the Family Specialist): the most advanced of them the applicant meets, in
    # the file's order, else the most basic; the next one up says what it needs.
    in_scope = [c for c in association.categories if c.scope == scope]
    chosen = next((c for c in reversed(in_scope) if results[c.id]["eligible"]),
                  in_scope[0] if in_scope else None)
    following = None
    if chosen is not None:
        by = "scope"
        position = in_scope.index(chosen)
        following = in_scope[position + 1] if position + 1 < len(in_scope) else None
    else:
        eligible = [c for c in association.categories if results[c.id]["eligible"]]
        if eligible:
            chosen, by = eligible[-1], "qualification"
        else:
            # min() keeps the first of equals: the more basic category on ties.
            chosen = min(association.categories, key=lambda c: len(results[c.id]["gaps"]))
            by = "closest"
    best = results[chosen.id]
    if best["track_note"]:
        notes.append(best["track_note"])
    add_ons = {}
    for add_on in association.add_ons:
        add_ons[add_on.code] = {"code": add_on.code, "name": add_on.name,
                                **_outcome(*_checks(add_on.requirements, profile, on))}
    return {
        "association": association.slug,
        "on": on.isoformat(),
        "variant": variant.id,
        "recommended": best["code"],
        "recommended_name": best["name"],
        "recommended_by": by,
        "eligible": best["eligible"],
        "gaps": best["gaps"],
        "also_required": best["also_required"],
        "exam_required": best["exam_required"],
        "next_exam": best["next_exam"],
        "track": best["track"],
        "notes": notes,
        "scope_categories": [results[c.id]["code"] for c in in_scope],
        "next_in_scope": {key: results[following.id][key]
                          for key in ("code", "name", "eligible", "gaps")}
        if following is not None else None,
        "categories": {r["code"]: r for r in results.values()},
        "add_ons": add_ons,
    }


def closest_in_scope(association: Association, result: dict[str, Any],
                     scope: str) -> tuple[Category, dict[str, Any]] | None:
    """The category of one scope an applicant is closest to: the most advanced
    one they meet, else the one with the fewest gaps (the more basic on ties).
    ``result`` is an answer of :func:`evaluate`."""
    by_id = {item["category"]: item for item in result["categories"].values()}
    in_scope = [c for c in association.categories if c.scope == scope]
    if not in_scope:
        return None
    met = [c for c in in_scope if by_id[c.id]["eligible"]]
    pick = met[-1] if met else min(in_scope, key=lambda c: len(by_id[c.id]["gaps"]))
    return pick, by_id[pick.id]
