"""The fees page: each category's application fees, the add-ons, the other fee
lines, membership and agency membership.

Every amount and total is the engine's own quote (``engine.quote``), asked
with typed values on the build date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from calculator import formats
from calculator.edges.presentation import present_fees
from calculator.engine.quote import quote as fee_quote
from calculator.model.association import Association
from calculator.model.parameters import value_on
from calculator.model.targets import in_words

from .render import Page, Renderer


def application_quote(a: Association, category_id: str, on: date,
                      member: bool = False) -> dict[str, Any]:
    """What applying for one category costs on ``on``, with no membership bought."""
    return fee_quote(a.fees, category_id, (), None, None, None, on, a.currency, member=member)


def fees_page(renderer: Renderer, slug: str, common: dict[str, Any]) -> Page:
    a, on = renderer.content.associations[slug], renderer.on
    empty = {"rows": [], "add_ons": [], "lines": [], "individual": [], "agency": [],
             "example": None, "upcoming": [], "membership": None, "columns": []}
    if not a.fees.published:
        return renderer.render("fees.md.j2", f"{slug}/fees.md", "Fees", **common, **empty)
    rows = []
    for category in a.categories:
        quote = application_quote(a, category.id, on)
        application = (a.fees.application or {}).get(category.id)
        amounts: dict[str, float | None] = {}
        for line in quote["lines"]:
            # A line whose amount is not published stays None (the cell says so).
            known = amounts.get(line["label"], 0)
            amounts[line["label"]] = None if line["amount"] is None or known is None \
                else known + line["amount"]
        rows.append({"category": category, "quote": quote, "amounts": amounts,
                     "total": present_fees(quote)["total"],
                     "note": application.note if application else ""})
    # One column per fee that some category pays, in the order the quotes list them.
    columns = list(dict.fromkeys(label for r in rows for label in r["amounts"]))
    add_ons = []
    for add_on in a.add_ons:
        alone = fee_quote(a.fees, None, (add_on.code,), None, None, None, on, a.currency)
        add_fee = (a.fees.add_ons or {}).get(add_on.code)
        # Its columns are the kinds of fee: the add-on's own ("Processing fee") and
        # any fee line for it, by the line's label.
        amounts = {(f"{ln['fee']} fee" if ln["kind"] == "add_on" else ln["label"]).capitalize():
                   ln["amount"] for ln in alone["lines"]}
        add_ons.append({"add_on": add_on, "amount": alone["total"], "amounts": amounts,
                        "note": add_fee.note if add_fee else ""})
    # A fee line published ahead of its first date is not in the table yet:
    # the page announces it with the other changes ahead.
    lines = [{"line": fl, "applies_to": in_words(fl.categories, a.names),
              "price": value_on(fl.price, on),
              "member": value_on(fl.member_price, on),
              "non_member": value_on(fl.non_member_price, on)}
             for fl in a.fees.fee_lines if fl.amount(True)[0].in_force(on)]
    individual, agency, example = [], [], None
    m = a.fees.membership
    base = a.categories[0].id
    if m is not None:
        for term in m.individual:
            q = fee_quote(a.fees, base, (), "individual", term.years, None, on, a.currency)
            unknown = any(ln["kind"] == "membership" and ln["amount"] is None
                          for ln in q["lines"])
            individual.append({"years": term.years,
                               "amount": None if unknown else q["membership"],
                               "ends": q["membership_ends"]})
        if m.agency:
            included = m.agency.included_staff.at(on)
            for term in m.agency.terms:
                q = fee_quote(a.fees, base, (), "agency", term.years, included, on, a.currency)
                agency.append({"years": term.years, "base": q["membership"],
                               "per_additional": term.per_additional_staff.at(on)})
            staff = included + 3
            q = fee_quote(a.fees, base, (), "agency", m.agency.terms[0].years, staff, on,
                      a.currency)
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
