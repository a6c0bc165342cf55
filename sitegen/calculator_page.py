"""The calculator page of an association: a plain HTML form generated from the
facts its rules use, plus the result region the browser glue fills in.

The form works (and can be filled with the keyboard) before any script runs;
control names are the fact ids of the profile contract and the command line's
argument names, so tests and integrators can drive the page by name.
"""

from __future__ import annotations

from itertools import groupby

from calculator.renewal import LOGGED_FIELDS

from .pages import Page, Renderer

LOGGED_LABELS = {
    "training_attended": "Training hours attended",
    "training_provided": "Hours spent providing training to others",
    "volunteering": "Hours volunteering for Endorsement",
    "rsc_provision_training": "Training hours on the provision of RSC",
    "rsc_hours": "RSC hours received",
}


def render(renderer: Renderer, slug: str) -> Page:
    a = renderer.content.associations[slug]
    used = set(a.facts_used())
    facts = [f for f in a.facts.facts if f.id in used]
    groups = [(name, list(items)) for name, items in groupby(facts, key=lambda f: f.group)]
    m = a.fees.membership
    return renderer.render(
        "calculator.html.j2", f"{slug}/calculator.md", "Eligibility calculator",
        a=a, slug=slug, groups=groups,
        membership=m,
        terms=sorted({t.years for t in (m.individual + m.agency)}) if m else [],
        logged=[(k, LOGGED_LABELS[k]) for k in LOGGED_FIELDS],
        source=lambda name: renderer.content.source_file(slug, name),
    )
