"""The renewal page: the cycle and its deadlines, the proration table, topics,
renewal fees, late fees and grace, reinstatement, the RSC rules.
"""

from __future__ import annotations

from typing import Any

from calculator.model.parameters import value_on
from calculator.model.spec import NOT_PUBLISHED
from calculator.model.targets import in_words

from .render import Page, Renderer


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

    def targets(item: Any) -> str:
        return in_words(item.categories, a.names)

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
