"""The calculator's ``display`` block: every string the page shows for one answer.

``service.answer`` gives the engine's answer for one state of the form (the
JSON contract, left exactly as it is); ``with_display`` adds beside it the
sentences of ``presentation`` and the headline the page shows at the top (the
summary bar on a phone). The browser's entry (``browser``) is its one caller.
"""

from __future__ import annotations

from typing import Any

from ..formats import day
from .inputs import blank
from .presentation import present_agency, present_eligibility, present_fees, present_renewal


def present(association: Any, request: Any, answer: dict[str, Any]) -> dict[str, Any]:
    """The ``display`` block for an answer of ``service.answer``: every string
    the calculator shows, formatted here once."""
    fees_request = request.get("fees") if isinstance(request, dict) else None
    fees_request = fees_request if isinstance(fees_request, dict) else {}
    chosen = fees_request.get("add_ons")
    chosen = tuple(c for c in chosen if isinstance(c, str)) if isinstance(chosen, list) else ()
    e, f, r = answer.get("eligibility"), answer.get("fees"), answer.get("renewal")
    g = answer.get("agency")
    category = _chosen_code(association, e, fees_request.get("category")) if e else None
    out: dict[str, Any] = {
        "route": answer.get("route", "apply"),
        "association": association.name, "rules_on": day(e["on"]) if e else "",
        "eligibility": present_eligibility(
            association, e, chosen, frozenset(answer.get("errors") or ()), category,
            answer.get("by_scope"), association.currency) if e else None,
        "fees": present_fees(f) if f else None,
        "agency": present_agency(association, g) if g else None,
        "renewal": present_renewal(
            r, association.currency, association.contact_email,
            assumed_renewed=blank(_part(request, "renewal").get("last_renewed")))
        if r else None}
    if out["eligibility"] and out["eligibility"]["depends"]:
        out["fees"] = None  # each focus's category has its own fees, in the list
    # The headline: what the visitor came to ask, in one line (the summary
    # bar on a phone, the top of the answer on a desktop).
    summary = []
    if e:
        shown = out["eligibility"]
        summary.append(shown["summary"] if shown["depends"] else shown["title"])
        if not shown["depends"]:
            summary.append(shown["summary"])
    if out["fees"] and out["fees"]["published"] and not (e and out["eligibility"]["depends"]):
        summary.append(f"Fees {out['fees']['includes']}")
    if out["route"] == "agency" and not g and not answer.get("errors"):
        summary.append("Enter how many staff apply in each category")
    if out["agency"] and out["agency"]["published"]:
        summary.append(f"{out['agency']['staff'].capitalize()}: total {out['agency']['includes']}")
    if r and r.get("published"):
        shown = out["renewal"]
        if r.get("lapsed"):
            summary += ["Endorsement lapsed", shown["cost"].rstrip(".")
                        or "Reinstatement: ask the association"]
        else:
            summary.append("Renewal deadline passed" if r.get("late")
                           else f"Renew by {shown['deadline']}")
            summary.append(shown["still_first"])
            if r.get("rsc_required") is None:
                summary.append("RSC depends on your category")
            if shown["cost"]:
                summary.append(shown["cost"].rstrip("."))
    elif r:
        summary.append(out["renewal"]["message"])
    out["summary"] = " · ".join(summary)
    # Shown beside each field as a sentence; the engine's own wording is also
    # the command line's ("error: as_of: enter a date"), so it starts lower-case.
    out["errors"] = {field: message[:1].upper() + message[1:]
                     for field, message in (answer.get("errors") or {}).items()}
    return out


def _part(request: Any, name: str) -> dict[str, Any]:
    part = request.get(name) if isinstance(request, dict) else None
    return part if isinstance(part, dict) else {}


def _chosen_code(association: Any, e: dict[str, Any], chosen: Any) -> str | None:
    """The code of the category a visitor chose (by code or by id), in the
    age variant of the answer; None when none was chosen."""
    if not isinstance(chosen, str) or not chosen:
        return None
    category = association.category_named(chosen)
    return category.codes.get(e["variant"]) if category else None


def with_display(association: Any, request: Any, answer: dict[str, Any]) -> dict[str, Any]:
    """The answer plus its ``display`` block (the browser's answer)."""
    return {**answer, "display": present(association, request, answer)}
