"""The compare page: the booklet's big table, one column per category and
add-on, one row per topic.
"""

from __future__ import annotations

from typing import Any

from .render import Page, Renderer


def compare_page(renderer: Renderer, slug: str, common: dict[str, Any], need: Any) -> Page:
    a = renderer.content.associations[slug]
    return renderer.render("compare.md.j2", f"{slug}/compare.md", "Compare categories",
                           **common, columns=_comparison(a, need))


def _comparison(a, need) -> list[dict[str, Any]]:
    """The booklet's big table: one column per category, one row per topic."""
    topics: list[str] = []
    columns = []
    for category in list(a.categories) + list(a.add_ons):
        reqs = list(a.condition_requirements) + list(category.requirements) \
            if category in a.categories else list(category.requirements)
        for track in getattr(category, "tracks", ()):
            # Said in the cell, so a track's rule never reads as the whole
            # category's (the Mentor's 50 RSC hours are the Clinical track's).
            reqs += [r if r.label.upper().startswith(track.name.upper())
                     else {"topic": r.topic, "label": f"{track.name} track: {r.label}"}
                     for r in track.requirements]
        cells: dict[str, list[Any]] = {}
        for req in reqs:
            topic = req["topic"] if isinstance(req, dict) else req.topic
            cells.setdefault(topic or "Other", []).append(req)
        for row in category.also_shown:
            cells.setdefault(row.topic, []).append(row)
        for topic in cells:
            if topic not in topics:
                topics.append(topic)
        columns.append({"item": category, "cells": cells})
    return [{"topics": topics, "columns": columns}]
