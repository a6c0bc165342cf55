"""Render each association's validated rules into Markdown pages with Jinja2.

Every value shown comes from the validated model, read "as in force" on the
build date, and every total comes from the engine itself (``calculator.fees``),
so the pages cannot disagree with the command line or the browser.

Escaping: YAML text is staff-written but still text, not markup. Every
``{{ ... }}`` passes through ``_finalize``, which HTML-escapes it and
backslash-escapes Markdown punctuation, so a label such as
``<img src=x onerror=alert(1)>`` or ``a | b`` shows as written and never
becomes an element or breaks a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from calculator import formats
from calculator.contentfiles.repository import Content
from calculator.edges import presentation, service
from calculator.model.categories import next_sitting
from calculator.model.parameters import value_on
from calculator.model.spec import NOT_PUBLISHED

from ..errors import TemplateProblem
from .announcements import all_changes, recent, upcoming

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~^])")


def md_text(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    text = str(escape(str(value)))
    return Markup(_MD_SPECIAL.sub(r"\\\1", text).replace("\n", " "))


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError("a template printed an empty value (None)")
    if isinstance(value, Markup | bool):
        return value
    if isinstance(value, int | float):
        return number(value)
    return md_text(value)


def _finalize_html(value: Any) -> Any:
    """For templates that write raw HTML (the calculator form): HTML escaping
    only, since Markdown leaves raw HTML blocks untouched; plain numbers, as
    they end up in attributes."""
    if value is None:
        raise TemplateError("a template printed an empty value (None)")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


# One formatter everywhere: the pages and the calculator print every figure
# through calculator.formats.
number = formats.number


@dataclass
class Page:
    path: str  # relative to the docs folder, e.g. infancy-onward/fees.md
    title: str
    text: str


class Renderer:
    def __init__(self, content: Content, on: date, templates: Path = TEMPLATES):
        self.content = content
        self.on = on
        self.preview = False  # a --date preview: the calculator answers as on ``on`` too
        # Two environments differing only in how a printed value is escaped:
        # *.md.j2 write Markdown, *.html.j2 write raw HTML.
        self.envs = {}
        for kind, finalize in (("md", _finalize), ("html", _finalize_html)):
            env = Environment(
                loader=FileSystemLoader(str(templates)),
                undefined=StrictUndefined,
                autoescape=True,
                finalize=finalize,
                keep_trailing_newline=True,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            env.filters.update(md=md_text, num=number, year=formats.year,
                               day=formats.day, day_of_year=formats.day_of_year)
            env.globals.update(on=on, raw=Markup)
            self.envs[kind] = env

    def money(self, amount: float | int, currency: str) -> Markup:
        return Markup(escape(formats.money(amount, currency)))

    def render(self, template: str, path: str, title: str, **context: Any) -> Page:
        try:
            env = self.envs["html" if template.endswith(".html.j2") else "md"]
            text = env.get_template(template).render(**context)
        except TemplateError as err:
            raise TemplateProblem(_locate(err, template)) from None
        return Page(path, title, text)


def _locate(err: TemplateError, template: str) -> str:
    """file:line and the offending line, like Jinja's own syntax errors."""
    import traceback

    name, line = template, getattr(err, "lineno", None)
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith(".j2"):
            name, line = Path(frame.filename).name, frame.lineno
            break
    source = (TEMPLATES / name)
    quoted = ""
    if line and source.exists():
        lines = source.read_text(encoding="utf-8").splitlines()
        if 0 < line <= len(lines):
            quoted = f"\n    {line} | {lines[line - 1].strip()}"
    return f"sitegen/templates/{name}:{line or '?'}: {err.__class__.__name__}: {err}{quoted}"


def association_pages(renderer: Renderer, slug: str) -> list[Page]:
    content, on = renderer.content, renderer.on
    a = content.associations[slug]
    money = lambda amount: renderer.money(amount, a.currency)  # noqa: E731
    prose_dir = content.root / "associations" / slug / "pages"
    prose = {p.stem: p for p in sorted(prose_dir.glob("*.md"))} if prose_dir.is_dir() else {}
    common = {"a": a, "money": money, "slug": slug, "prose": prose,
              "source": lambda name: content.source_file(slug, name),
              # A quote's total in words: "$25 + amounts not published" when some
              # amount is not published (the one wording of presentation.py).
              "fee_total": lambda quote: presentation.present_fees(quote)["total"],
              "published": lambda value: value is not NOT_PUBLISHED}
    pages: list[Page] = []

    def topics(requirements, shown) -> list[dict[str, Any]]:
        rows: dict[str, list[str]] = {}
        for req in requirements:
            rows.setdefault(req.topic or "Other", []).append(req)
        for row in shown:
            rows.setdefault(row.topic, []).append(row)
        return [{"topic": t, "items": items} for t, items in rows.items()]

    def need(req) -> Any:
        value = req.need(on)
        if req.kind == "one_of":
            fact = a.facts.get(req.fact)
            return ", ".join(fact.label_of(v) for v in value)
        return value

    # Every dated value announces its coming change: found in the model, not listed here.
    changes = all_changes(a, content.data[slug])
    common["upcoming_under"] = lambda prefix: upcoming(changes, on, prefix)
    coming, past = upcoming(changes, on), recent(changes, on)

    pages.append(renderer.render("association.md.j2", f"{slug}/index.md", a.name, **common,
                                 coming=coming))
    pages.append(renderer.render("changes.md.j2", f"{slug}/changes.md", "What's changing",
                                 **common, coming=coming, past=past))
    for category in a.categories:
        code = category.codes[a.variants[0].id]
        fee = service.fees(a, code, on=on.isoformat()) if a.fees.published else None
        member_fee = (service.fees(a, code, on=on.isoformat(), member=True)
                      if a.fees.published else None)
        renewal_fee = None
        if a.renewal.published:
            price = a.renewal.renewal_fee(category.id, on)
            renewal_fee = price.price.at(on) if price else None
        pages.append(renderer.render(
            "category.md.j2", f"{slug}/categories/{category.id}.md", category.name, **common,
            category=category,
            rows=topics(a.condition_requirements + category.requirements, category.also_shown),
            tracks=[{"track": t, "rows": topics(t.requirements, ())} for t in category.tracks],
            need=need, fee=fee, member_fee=member_fee, renewal_fee=renewal_fee,
            sitting=next_sitting(a.exam_sittings, on) if category.exam_required(on) else None,
            renewal_rsc=a.renewal.rsc_status(category.id, False)
            if a.renewal.published else None,
            upcoming=upcoming(changes, on, f"categories.categories.{category.id}.")))
    for add_on in a.add_ons:
        pages.append(renderer.render(
            "add_on.md.j2", f"{slug}/categories/{add_on.code.lower()}.md", add_on.name,
            **common, add_on=add_on, rows=topics(add_on.requirements, add_on.also_shown),
            need=need,
            fee=(a.fees.add_ons or {}).get(add_on.code) if a.fees.published else None,
            upcoming=upcoming(changes, on, f"categories.add_ons.{add_on.code}.")))
    pages.append(renderer.render("compare.md.j2", f"{slug}/compare.md", "Compare categories",
                                 **common, columns=_comparison(a, need)))
    pages.append(fees_page(renderer, slug, common))
    pages.append(renewal_page(renderer, slug, common))
    for stem, path in prose.items():
        text = path.read_text(encoding="utf-8")
        notice = (f"---\ngenerated_from: {content.source_file(slug, 'pages/' + stem)[:-5]}.md\n"
                  "---\n\n")  # prose is copied as written: the notice says where to edit it
        pages.append(Page(f"{slug}/{stem}.md", _title(text, stem), notice + text))
    return pages


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback.replace("-", " ").capitalize()


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


def fees_page(renderer: Renderer, slug: str, common: dict[str, Any]) -> Page:
    a, on = renderer.content.associations[slug], renderer.on
    empty = {"rows": [], "add_ons": [], "lines": [], "individual": [], "agency": [],
             "example": None, "upcoming": [], "membership": None, "columns": []}
    if not a.fees.published:
        return renderer.render("fees.md.j2", f"{slug}/fees.md", "Fees", **common, **empty)
    day = on.isoformat()
    variant = a.variants[0].id
    rows = []
    for category in a.categories:
        quote = service.fees(a, category.codes[variant], on=day)
        application = (a.fees.application or {}).get(category.id)
        amounts: dict[str, float | None] = {}
        for line in quote["lines"]:
            # A line whose amount is not published stays None (the cell says so).
            known = amounts.get(line["label"], 0)
            amounts[line["label"]] = None if line["amount"] is None or known is None \
                else known + line["amount"]
        rows.append({"category": category, "quote": quote, "amounts": amounts,
                     "total": presentation.present_fees(quote)["total"],
                     "note": application.note if application else ""})
    # One column per fee that some category pays, in the order the quotes list them.
    columns = list(dict.fromkeys(label for r in rows for label in r["amounts"]))
    add_ons = []
    for add_on in a.add_ons:
        alone = service.fees(a, add_on.code, on=day)
        add_fee = (a.fees.add_ons or {}).get(add_on.code)
        # An add-on's lines read "ERS add-on processing fee": its columns are the fee kinds.
        amounts = {ln["label"].removeprefix(f"{add_on.code} add-on ").capitalize(): ln["amount"]
                   for ln in alone["lines"]}
        add_ons.append({"add_on": add_on, "amount": alone["total"], "amounts": amounts,
                        "note": add_fee.note if add_fee else ""})
    names = {c.id: c.name for c in a.categories} | {x.code: x.name for x in a.add_ons}
    # A fee line published ahead of its first date is not in the table yet:
    # the page announces it with the other changes ahead.
    lines = [{"line": fl, "applies_to": "every category" if fl.categories == "all"
              else ", ".join(names[t] for t in fl.categories),
              "price": value_on(fl.price, on),
              "member": value_on(fl.member_price, on),
              "non_member": value_on(fl.non_member_price, on)}
             for fl in a.fees.fee_lines if fl.amount(True)[0].in_force(on)]
    individual, agency, example = [], [], None
    m = a.fees.membership
    base_code = a.categories[0].codes[variant]
    if m is not None:
        for term in m.individual:
            q = service.fees(a, base_code, membership="individual", term=term.years, on=day)
            unknown = any(ln["kind"] == "membership" and ln["amount"] is None
                          for ln in q["lines"])
            individual.append({"years": term.years,
                               "amount": None if unknown else q["membership"],
                               "ends": q["membership_ends"]})
        if m.agency:
            included = m.agency.included_staff.at(on)
            for term in m.agency.terms:
                q = service.fees(a, base_code, membership="agency", term=term.years,
                                 staff=included, on=day)
                agency.append({"years": term.years, "base": q["membership"],
                               "per_additional": term.per_additional_staff.at(on)})
            staff = included + 3
            q = service.fees(a, base_code, membership="agency", term=m.agency.terms[0].years,
                             staff=staff, on=day)
            example = {"staff": staff, "included": included, "years": m.agency.terms[0].years,
                       "base": agency[0]["base"], "per": agency[0]["per_additional"],
                       "extra": staff - included, "total": q["membership"]}
    late_from = m.late_year_from.at(on) if m and m.late_year_from else None
    return renderer.render("fees.md.j2", f"{slug}/fees.md", "Fees", **common, rows=rows,
                           add_ons=add_ons, lines=lines, individual=individual, agency=agency,
                           example=example, upcoming=common["upcoming_under"]("fees."),
                           membership=m,
                           late_from=formats.day_of_year(late_from)
                           if late_from else None,
                           columns=columns,
                           when_paid=any(c in ("Registration fee", "Processing fee")
                                         for c in columns))


def renewal_page(renderer: Renderer, slug: str, common: dict[str, Any]) -> Page:
    a, on = renderer.content.associations[slug], renderer.on
    policy = a.renewal
    if not policy.published:
        return renderer.render("renewal.md.j2", f"{slug}/renewal.md", "Renewal", **common,
                               policy=policy, rows=[], upcoming=[])
    every = policy.every_years.at(on)
    fixed = policy.cycle == "fixed"
    deadlines, window = [], None
    if fixed:
        # The deadlines of the cycle from the build date on (as if endorsed long ago).
        gen = policy.deadlines(on, on)
        deadlines = [next(gen)[0] for _ in range(4)]
        window = policy.window(deadlines[0], on)
    rows = [r for r in sorted(policy.proration.at(on), key=lambda r: -r.years_endorsed)]
    names = {c.id: c.name for c in a.categories} | {x.code: x.name for x in a.add_ons}

    def targets(item: Any) -> str:
        return "every category" if item.categories == "all" else \
            ", ".join(names[t] for t in item.categories)

    fee_rows = [{"label": f.label, "applies_to": targets(f), "amount": f.price.at(on)}
                for f in policy.fees if f.price.in_force(on)]
    reductions = [{"applies_to": targets(r), "track": r.track, "years": r.years_endorsed,
                   "hours": r.rsc_hours.at(on)} for r in policy.rsc_after_years]
    late = policy.late
    grace = None
    if late:
        months = late.grace_months.at(on) if late.grace_months else None
        grace = (f"{late.grace_days.at(on)} days" if late.grace_days
                 else f"{months} month{'s' if months != 1 else ''}")
    rule = policy.reinstatement
    # The processing fee each category pays to reinstate, at the prices the rule
    # names (member prices by default when renewal requires membership).
    member = (rule.prices == "member") if rule and rule.prices else policy.membership_required
    processing = []
    for c in a.categories:
        fee = a.fees.processing_fee(c.id, member) if a.fees.published else None
        amount = value_on(fee, on) if fee is not None else NOT_PUBLISHED
        if fee is None or fee.in_force(on):
            processing.append({"name": c.name, "amount": amount})
    rsc_rules = [{"applies_to": targets(r), "rsc": r.rsc} for r in policy.rsc]
    return renderer.render(
        "renewal.md.j2", f"{slug}/renewal.md", "Renewal", **common, policy=policy, rows=rows,
        every=every, fixed=fixed, deadlines=deadlines, window=window,
        share=policy.provided_training_share.at(on) if policy.provided_training_share else None,
        volunteering=policy.volunteering_hours.at(on) if policy.volunteering_hours else None,
        topics=[{"topic": t, "hours": t.hours.at(on)} for t in policy.topics],
        fee_rows=fee_rows, reductions=reductions, late=late, grace=grace,
        late_fee=value_on(late.fee, on) if late else None,
        reinstatement=policy.reinstatement, processing=processing, rsc_rules=rsc_rules,
        member_prices=member,
        anniversary_window=policy.window_days.at(on) if policy.window_days else None,
        upcoming=common["upcoming_under"]("renewal."))


def landing_page(renderer: Renderer, slugs: list[str]) -> Page:
    content = renderer.content
    intro = content.root / "landing.md"
    return renderer.render(
        "landing.md.j2", "index.md", "Home",
        associations=[content.associations[s] for s in slugs],
        intro=Markup(intro.read_text(encoding="utf-8")) if intro.exists() else Markup(""))
