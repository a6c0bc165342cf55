"""An association's pages: its home page, "What's changing", one page per
category and add-on, and its own prose pages; with the compare, fees and
renewal pages of their own modules.

``common`` is what every page of the association is rendered with.
"""

from __future__ import annotations

from typing import Any

from calculator.edges.presentation import present_fees
from calculator.model.categories import next_sitting
from calculator.model.spec import NOT_PUBLISHED

from .announcements import all_changes, recent, upcoming
from .compare import compare_page
from .fees import application_quote, fees_page
from .render import Page, Renderer
from .renewal import renewal_page


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
              "fee_total": lambda quote: present_fees(quote)["total"],
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
        fee = application_quote(a, category.id, on) if a.fees.published else None
        member_fee = application_quote(a, category.id, on, member=True) \
            if a.fees.published else None
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
    pages.append(compare_page(renderer, slug, common, need))
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
