"""The calculator page of an association: a plain HTML form generated from the
facts its rules use, plus the result region the browser glue fills in.

The form works (and can be filled with the keyboard) before any script runs;
control names are the fact ids of the profile contract and the command line's
argument names, so tests and integrators can drive the page by name.
"""

from __future__ import annotations

from itertools import groupby

from calculator import dates, formats
from calculator.edges.inputs import LOGGED_FIELDS

from . import announcements
from .render import Page, Renderer

LOGGED_LABELS = {
    "training_attended": "Training hours attended",
    "training_provided": "Hours spent providing training to others",
    "volunteering": "Hours volunteering for Endorsement",
    "rsc_provision_training": "Training hours on the provision of RSC",
    "rsc_hours": "RSC hours received",
}


def used_by(a) -> dict[str, list[str]]:
    """Fact id -> the category and add-on codes whose requirements read it.
    Facts that choose the category (age focus, scope, Mentor track) are read
    by none and always stay in view; app.js folds the others away when they
    cannot change the answer for the category the applicant's scope points to."""
    out: dict[str, list[str]] = {}
    for category in a.categories:
        reqs = category.requirements + tuple(r for t in category.tracks for r in t.requirements)
        facts = {f for r in reqs for f in r.facts_used()}
        for fact in facts:
            out.setdefault(fact, []).extend(category.codes.values())
    for add_on in a.add_ons:
        for fact in {f for r in add_on.requirements for f in r.facts_used()}:
            out.setdefault(fact, []).append(add_on.code)
    return out


def logged_fields(a) -> list[tuple[str, str]]:
    """The renewal hours worth asking: no field for a cap the association does not
    have, one per training topic ("Of your training hours, on ...")."""
    policy = a.renewal
    if not policy.published:
        return []
    skip = {"training_provided": policy.provided_training_share is None,
            "volunteering": policy.volunteering_hours is None,
            "rsc_provision_training": not any(
                r.rsc_provision_training_hours for e in policy.proration.values for r in e.value)}
    fields = [(k, LOGGED_LABELS[k]) for k in LOGGED_FIELDS if not skip.get(k)]
    fields += [(f"topics.{t.id}", f"Of your training hours, hours on {t.label}")
               for t in policy.topics]
    return fields


def routes(a) -> list[tuple[str, str]]:
    """What a visitor can work out here: always which category fits and what
    applying costs; renewal where renewal rules are published; several staff
    where an agency membership is."""
    out = [("apply", "Which category fits me, and what applying costs")]
    if a.renewal.published:
        out.append(("renew", "My renewal: I am already endorsed"))
    if agency_offered(a):
        out.append(("agency", "Applying for several staff of an agency"))
    return out


def agency_offered(a) -> bool:
    return bool(a.fees.published and a.fees.membership and a.fees.membership.agency)


def scope_examples(a) -> dict[str, list[str]]:
    """Each focus of work with the association's own example roles (the
    ``examples`` of its categories of that scope)."""
    out: dict[str, list[str]] = {}
    for category in a.categories:
        out.setdefault(category.scope, []).extend(category.examples)
    return out


def cheapest_term(m, on) -> int | None:
    """The individual membership term the complete cost assumes: the cheapest."""
    terms = [t for t in m.individual if t.price.in_force(on)] if m else []
    return min(terms, key=lambda t: (t.price.at(on), t.years)).years if terms else None


def render(renderer: Renderer, slug: str, manifest: dict | None = None) -> Page:
    a = renderer.content.associations[slug]
    used = set(a.facts_used())
    facts = [f for f in a.facts.facts if f.id in used]
    groups = [(name, list(items)) for name, items in groupby(facts, key=lambda f: f.group)]
    m = a.fees.membership if a.fees.published else None
    on = renderer.on
    return renderer.render(
        "calculator.html.j2", f"{slug}/calculator.md", "Eligibility calculator",
        a=a, slug=slug, groups=groups, used_by={f.id: used_by(a).get(f.id, []) for f in facts},
        membership=m, routes=routes(a), scope_examples=scope_examples(a),
        default_term=cheapest_term(m, on),
        agency=m.agency if agency_offered(a) else None,
        agency_included=m.agency.included_staff.at(on) if agency_offered(a) else None,
        date_hint=dates.hint(a.date_order), date_hint_month=dates.hint(a.date_order, True),
        terms=sorted({t.years for t in (m.individual + m.agency_terms)}) if m else [],
        individual_terms=sorted(t.years for t in m.individual) if m else [],
        agency_terms=sorted(t.years for t in m.agency_terms) if m else [],
        logged=logged_fields(a),
        member_prices=bool(a.fees.published and any(
            line.member_price is not None for line in a.fees.fee_lines)),
        source=lambda name: renderer.content.source_file(slug, name),
        runtime=manifest,
        pages_on=renderer.on, preview=renderer.preview,
        ahead=changes_ahead(renderer, slug),
    )


def changes_ahead(renderer: Renderer, slug: str) -> list[tuple[str, str]]:
    """The association's dated changes the pages do not show yet, as (date,
    sentence): on the published site the calculator page shows those whose
    date the visitor's day has reached, saying the pages are older than them
    (app.js); a daily rebuild (deploy/github-pages.yml) keeps that rare."""
    a = renderer.content.associations[slug]
    changes = announcements.upcoming(
        announcements.all_changes(a, renderer.content.data[slug]), renderer.on)
    return [(c.effective.isoformat(),
             f"from {formats.day(c.effective.isoformat())}, {c.label}: "
             + (f"{c.old} → {c.new}" if c.old is not None else f"new: {c.new}")
             + (f" ({c.reference})" if c.reference else ""))
            for c in changes]
