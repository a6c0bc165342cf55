"""How an answer reads to a person: money, numbers, dates and one plain
sentence per requirement, fee line and renewal figure.

One formatter for the whole project: the informational pages (``sitegen``)
and the calculator (this module runs inside Pyodide too, standard library
only) both call it, so a page and the calculator never print the same figure
two ways. ``present`` adds a ``display`` block beside the engine's answer; the
engine's own keys (the JSON contract) are left exactly as they are.

Visible text names facts and answers by their labels, never by their ids.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "AUD": "A$"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# Renewal figures named by the engine's keys (``shortfalls[].requirement``).
RENEWAL_FIGURES = {
    "training_hours": "training hours",
    "rsc_hours": "hours of RSC",
    "rsc_provision_training_hours": "training hours on the provision of RSC",
}


# ---- figures ---------------------------------------------------------------

def number(value: float | int) -> str:
    """1234 -> "1,234"; 2.5 -> "2.5"; 12.345 -> "12.35". Not for years: see ``year``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def year(value: date | int) -> str:
    """A calendar year, never with a thousands separator ("2027", not "2,027")."""
    return str(value.year if isinstance(value, date) else int(value))


def money(amount: float | int, currency: str) -> str:
    """$1,234 / CA$1,234 / €12.50 / 1,234 CHF: whole amounts without cents."""
    if isinstance(amount, float) and not amount.is_integer():
        shown = f"{amount:,.2f}"
    else:
        shown = f"{int(amount):,}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{shown}" if symbol else f"{shown} {currency}"


def day_of_year(value: date | tuple[int, int]) -> str:
    """A day without its year: a date, or a (month, day) pair such as a
    deadline written MM-DD -> "October 1"."""
    month, day_ = (value.month, value.day) if isinstance(value, date) else value
    return f"{MONTHS[month - 1]} {day_}"


def day(value: date | str | None) -> str:
    """2027-12-31 (a date or its ISO text) -> "December 31, 2027"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def plural(count: float | int, unit: str) -> str:
    """The unit for a count: 1 family, 2 families; 1 year, 3 years."""
    if count != 1 or not unit:
        return unit
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    return unit[:-1] if unit.endswith("s") else unit


def _either(words: list[str]) -> str:
    """["a"] -> "a"; ["a", "b", "c"] -> "a, b or c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


# ---- requirements ------------------------------------------------------------

class _Facts:
    """Labels of facts and answers, from the association's catalogue."""

    def __init__(self, catalog: Any, refused: frozenset[str] = frozenset()):
        self.catalog = catalog
        self.refused = refused  # questions whose answer was refused (a message beside each)

    def fact(self, fact_id: str | None) -> Any:
        return self.catalog.get(fact_id) if fact_id else None

    def question(self, fact_id: str | None) -> str:
        fact = self.fact(fact_id)
        return fact.label if fact else "this question"

    def unit(self, fact_id: str | None) -> str:
        fact = self.fact(fact_id)
        return fact.unit if fact and fact.unit else ""

    def answer(self, fact_id: str | None, value: Any) -> str:
        if isinstance(value, bool):
            return "Yes" if value else "No"
        fact = self.fact(fact_id)
        if fact is not None and fact.kind == "choice":
            return fact.label_of(value)
        return number(value) if isinstance(value, int | float) else str(value)


def check_text(check: dict[str, Any], facts: _Facts) -> str:
    """One sentence, as a person would say it, for one check of the answer."""
    kind, need, have, fact = check["kind"], check.get("need"), check.get("have"), check.get("fact")
    if have is None and fact in facts.refused:
        return (f"Your answer to “{facts.question(fact)}” could not be used: see the message "
                "beside the question.")
    if kind == "at_least":
        unit = facts.unit(fact)
        need_text = f"{number(need)} {plural(need, unit)}".strip()
        if have is None:
            return f"Not answered yet: “{facts.question(fact)}” ({need_text} needed)."
        if check["met"]:
            have_text = f"{number(have)} {plural(have, unit)}".strip()
            return f"Done: you have {have_text} ({need_text} needed)."
        short = check.get("shortfall", need - have)
        return f"You have {number(have)} of the {need_text}: {number(short)} more to go."
    if kind == "one_of":
        accepted = _either([facts.answer(fact, v) for v in need])
        if have is None:
            return f"Not answered yet: “{facts.question(fact)}” (this needs {accepted})."
        mine = facts.answer(fact, have)
        if check["met"]:
            return f"Your answer “{mine}” meets this."
        return f"Your answer is “{mine}”; this needs {accepted}."
    if kind == "is":
        wanted = facts.answer(fact, need)
        if have is None:
            return f"Not answered yet: “{facts.question(fact)}” (this needs “{wanted}”)."
        if check["met"]:
            return f"You answered “{wanted}”: done."
        return f"You answered “{facts.answer(fact, have)}”; this needs “{wanted}”."
    if kind == "any_of":
        if check["met"]:
            return "Met by one of the alternatives below."
        return "Any one of the alternatives below is enough; none is met yet."
    return "Checked in your application."


def _alternatives(check: dict[str, Any], requirement: Any, on: date,
                  facts: _Facts) -> list[dict[str, Any]]:
    """Each alternative of an any_of check, with its own sentence."""
    out = []
    by_id = {a.id: a for a in (requirement.alternatives if requirement else ())}
    needs = {n["requirement"]: n["need"] for n in check["need"]}
    for sub in check["have"]:
        alt = by_id.get(sub["requirement"])
        kind = alt.kind if alt else "is"
        need = needs.get(sub["requirement"])
        one = {"kind": kind, "fact": sub["fact"], "need": need, "have": sub["have"],
               "met": sub["met"]}
        if kind == "at_least" and sub["have"] is not None and not sub["met"]:
            one["shortfall"] = need - sub["have"]
        status = "met" if sub["met"] else ("missing" if sub["have"] is None else "gap")
        out.append({"label": alt.label if alt else sub["requirement"], "met": sub["met"],
                    "status": status, "text": check_text(one, facts)})
    return out


def present_check(check: dict[str, Any], requirement: Any, on: date,
                  facts: _Facts) -> dict[str, Any]:
    status = "met" if check["met"] else ("missing" if check.get("missing") else "gap")
    if status == "missing" and check.get("fact") in facts.refused:
        status = "refused"  # answered, but the answer is wrong: the field says why
    out: dict[str, Any] = {
        "requirement": check["requirement"], "topic": check.get("topic") or "",
        "label": check["label"], "status": status, "text": check_text(check, facts),
        # The published source of the dated value in force (the engine's own key).
        "reference": check.get("reference") or "",
    }
    if check["kind"] == "at_least" and isinstance(check.get("need"), int | float):
        need, have = check["need"], check.get("have") or 0
        unit = plural(need, facts.unit(check.get("fact")))
        out["progress"] = {"value": min(have, need), "max": need or 1,
                           "text": f"{number(have)} of {number(need)} {unit}".strip()}
    if check["kind"] == "any_of":
        out["alternatives"] = _alternatives(check, requirement, on, facts)
    return out


# ---- the whole answer --------------------------------------------------------

def _requirements_of(association: Any, code: str) -> dict[str, Any]:
    add_on = association.add_on(code)
    if add_on is not None:
        return {r.id: r for r in add_on.requirements}
    found = association.category_by_code(code)
    if found is None:
        return {}
    cat = found[0]
    reqs = list(cat.requirements) + [r for t in cat.tracks for r in t.requirements]
    return {r.id: r for r in reqs}


def _checks(association: Any, item: dict[str, Any], on: date, facts: _Facts) -> list[dict]:
    reqs = _requirements_of(association, item["code"])
    return [present_check(c, reqs.get(c["requirement"]), on, facts) for c in item["checks"]]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def present_eligibility(association: Any, e: dict[str, Any], chosen: tuple[str, ...],
                        refused: frozenset[str] = frozenset()) -> dict[str, Any]:
    on = date.fromisoformat(e["on"])
    facts = _Facts(association.facts, refused)
    cat = e["categories"][e["recommended"]]
    missing = len(e["gaps"])
    title = f"{e['recommended_name']} ({e['recommended']})"
    still = _count(missing, "requirement is", "requirements are") + " still missing"
    if e["eligible"]:
        verdict = f"You qualify for {title} today."
    elif e["recommended_by"] == "closest":
        verdict = f"You do not qualify for a category yet. Closest: {title}; {still}."
    else:
        verdict = f"{title} matches the focus of your work; {still}."
    # Said once: the verdict of a category not met yet already names its reason.
    why = {"scope": "Recommended from the main focus of your work.",
           "qualification": "The most advanced category you qualify for.",
           }.get(e["recommended_by"], "") if e["eligible"] else ""
    track = None
    if e.get("track"):
        fact = association.facts.get("mentor_track")
        track = f"Mentor track: {fact.label_of(e['track']) if fact else e['track']}."
        if cat.get("track_note"):
            track += f" {cat['track_note']}"
    others = []
    for other in e["categories"].values():
        if other["code"] == e["recommended"]:
            continue
        n = len(other["gaps"])
        others.append({"code": other["code"], "name": other["name"],
                       "text": "you qualify" if other["eligible"]
                       else f"{_count(n, 'requirement', 'requirements')} missing"})
    add_ons = []
    for code in chosen:
        add = e["add_ons"].get(code)
        if add is None:
            continue
        n = len(add["gaps"])
        add_ons.append({
            "code": code, "name": add["name"], "eligible": add["eligible"],
            "text": "You meet the add-on's requirements." if add["eligible"]
            else f"{_count(n, 'requirement is', 'requirements are')} still missing.",
            "checks": _checks(association, add, on, facts),
            "also_required": list(add.get("also_required") or [])})
    return {
        "title": title, "code": e["recommended"], "eligible": e["eligible"],
        "missing": missing, "verdict": verdict, "why": why, "track": track,
        "exam": "This category includes a written exam after your application is reviewed."
        if e["exam_required"] else None,
        "notes": list(e["notes"]), "checks": _checks(association, cat, on, facts),
        "also_required": list(cat.get("also_required") or []),
        "others": others, "add_ons": add_ons,
        "summary": "You qualify" if e["eligible"]
        else _count(missing, "requirement missing", "requirements missing"),
    }


def _money_in(label: str, currency: str) -> str:
    """A per-unit price at the end of an engine label ("2 additional staff × 45")
    shown as money, like every other amount."""
    head, sep, tail = label.rpartition(" × ")
    try:
        amount = float(tail) if sep else None
    except ValueError:
        amount = None
    return f"{head} × {money(amount, currency)}" if amount is not None else label


def present_fees(f: dict[str, Any]) -> dict[str, Any]:
    if not f.get("published"):
        return {"published": False, "message": f.get("message", "")}
    currency = f["currency"]
    return {"published": True,
            "lines": [{"label": _money_in(line["label"], currency)
                       + (" (member price)" if line.get("price") == "member" else ""),
                       "amount": money(line["amount"], currency),
                       "reference": line.get("reference", "")} for line in f["lines"]],
            "total": money(f["total"], currency),
            "note": f"Membership runs until {day(f['membership_ends'])}."
            if f.get("membership_ends") else "",
            "coming": [_coming(c, currency) for c in f.get("coming", [])]}


def _coming(change: dict[str, Any], currency: str) -> str:
    """A published change ahead that this quote will pay: "From July 1, 2027 the
    processing fee is $75 (now $50; Board decision of 2026-09-12)."."""
    label = _money_in(change["label"], currency)
    label = label[:1].lower() + label[1:] if label[:2] != label[:2].upper() else label
    was = (f"now {money(change['before'], currency)}" if change.get("before") is not None
           else "a new fee")
    source = "; ".join(part for part in (was, change.get("reference", "")) if part)
    return (f"From {day(change['on'])} the {label} is {money(change['amount'], currency)} "
            f"({source}).")


def present_renewal(r: dict[str, Any], currency: str) -> dict[str, Any]:
    if not r.get("published"):
        return {"published": False, "message": r.get("message", "")}
    lines = []
    years = _count(r["years_endorsed"], "year", "years")
    # The sentence around the deadline, and what follows it, in the tense of
    # where the applicant stands: before the deadline, in the late period, or
    # after it (lapsed).
    if r.get("lapsed"):
        lead, tail = "Your Endorsement® has lapsed: its renewal deadline was", "."
        lines.append("It has to be reinstated; the association says how.")
        lines.append(f"By that deadline you had been endorsed {years}.")
        needs_heading = "What renewing by that deadline required:"
    elif r.get("late"):
        grace = f" until {day(r['grace_ends'])}" if r.get("grace_ends") else ""
        lead, tail = "Your renewal deadline has passed:", f". You can still renew late{grace}."
        lines.append(f"By the deadline you had been endorsed {years}.")
        needs_heading = "What you need for it:"
    else:
        lead, tail = "Your next renewal deadline:", "."
        if r.get("skipped_deadline"):
            lines.append(f"You do not renew on {day(r['skipped_deadline'])}: you will have "
                         "been endorsed less than a year by then.")
        lines.append(f"The renewal window opens on {day(r['window_opens'])}"
                     + (" and is open now." if r.get("window_open") else "."))
        lines.append(f"By the deadline you will have been endorsed {years}.")
        needs_heading = "What you need for it:"
    needs = []
    if r.get("renewal_required", True):
        hours = f"{number(r['training_hours'])} training hours"
        if r.get("rsc_provision_training_hours"):
            hours += (f", including {number(r['rsc_provision_training_hours'])} on the "
                      "provision of RSC")
        needs.append(hours + ".")
        if r.get("rsc_required") is False:
            needs.append("No RSC hours: your category does not require them.")
        else:
            needs.append(f"{number(r['rsc_hours'])} hours of reflective "
                         "supervision/consultation (RSC)"
                         + (" if your category requires RSC." if r.get("rsc_required") is None
                            else "."))
        for topic in r.get("topics") or ():
            needs.append(f"Of the training hours, at least {number(topic['hours'])} "
                         f"{plural(topic['hours'], 'hours')} on {topic['label']}.")
        caps = r.get("caps") or {}
        counted = []
        if caps.get("provided_training_hours") is not None:
            counted.append(f"{number(caps['provided_training_hours'])} hours from providing "
                           "training")
        if caps.get("volunteering_hours") is not None:
            counted.append(f"{number(caps['volunteering_hours'])} from volunteering")
        if counted:
            needs.append(f"At most {' and '.join(counted)} count.")
        if r.get("membership_required"):
            needs.append("An active membership.")
    logged = None
    if "met" in r:
        counted = number(r["counted_training_hours"])
        if r["met"]:
            logged = f"Your logged hours meet this renewal ({counted} training hours count)."
        else:
            missing = ", ".join(
                f"{number(s['shortfall'])} more "
                f"{RENEWAL_FIGURES.get(s['requirement'], s['requirement'].replace('_', ' '))}"
                for s in r["shortfalls"])
            logged = f"{counted} of your training hours count. Still to log: {missing}."
    fees = None
    if isinstance(r.get("fees"), dict) and r["fees"].get("lines"):
        fees = present_fees({"published": True, "currency": currency, **r["fees"]}) \
            if r["fees"].get("published", True) else None
    return {"published": True, "lead": lead, "deadline": day(r["deadline"]), "tail": tail,
            "lines": lines, "needs_heading": needs_heading, "needs": needs, "logged": logged,
            "fees": fees, "timeline": timeline(r)}


def timeline(r: dict[str, Any]) -> dict[str, Any]:
    """The renewal timeline's rows, in date order: endorsement, the window,
    each deadline of the cycle (the one to meet, a skipped one, the ones after)."""
    rows = [{"date": r["endorsed_on"], "label": "Endorsed", "kind": "endorsed"}]
    rows.append({"date": r["window_opens"], "label": "Renewal window opens", "kind": "window"})
    for d in r["cycle_deadlines"]:
        if d == r["deadline"]:
            passed = r.get("lapsed") or r.get("late")
            rows.append({"date": d, "label": "Deadline (passed)" if passed else "Your deadline",
                         "kind": "deadline"})
        elif d == r.get("skipped_deadline"):
            rows.append({"date": d, "label": "Deadline you skip", "kind": "skipped"})
        elif d < r["deadline"]:
            rows.append({"date": d, "label": "Earlier deadline", "kind": "other"})
        else:
            rows.append({"date": d, "label": "Following deadline", "kind": "other"})
    if r.get("grace_ends"):
        rows.append({"date": r["grace_ends"], "label": "Late renewal ends", "kind": "other"})
    if r.get("as_of") and r["as_of"] not in {row["date"] for row in rows}:
        rows.append({"date": r["as_of"], "label": "Today (as of)", "kind": "today"})
    rows.sort(key=lambda row: (row["date"], row["kind"] != "endorsed"))
    for row in rows:
        row["text"] = day(row["date"])
    title = (f"Renewal timeline: endorsed {day(r['endorsed_on'])}, window opens "
             f"{day(r['window_opens'])}, deadline {day(r['deadline'])}")
    return {"title": title, "rows": rows}


def present(association: Any, request: Any, answer: dict[str, Any]) -> dict[str, Any]:
    """The ``display`` block for an answer of ``service.answer``: every string
    the calculator shows, formatted here once."""
    fees_request = request.get("fees") if isinstance(request, dict) else None
    chosen = fees_request.get("add_ons") if isinstance(fees_request, dict) else None
    chosen = tuple(c for c in chosen if isinstance(c, str)) if isinstance(chosen, list) else ()
    e, f, r = answer.get("eligibility"), answer.get("fees"), answer.get("renewal")
    out: dict[str, Any] = {
        "association": association.name, "rules_on": day(e["on"]) if e else "",
        "eligibility": present_eligibility(association, e, chosen,
                                           frozenset(answer.get("errors") or ())) if e else None,
        "fees": present_fees(f) if f else None,
        "renewal": present_renewal(r, association.currency) if r else None}
    summary = []
    if e:
        summary.append(out["eligibility"]["title"])
        summary.append(out["eligibility"]["summary"])
    if out["fees"] and out["fees"]["published"]:
        summary.append(f"Fees {out['fees']['total']}")
    if r and r.get("published"):  # the bar also answers the renewal questions below
        summary.append("Endorsement lapsed" if r.get("lapsed")
                       else "Renewal deadline passed" if r.get("late")
                       else f"Renew by {out['renewal']['deadline']}")
    out["summary"] = " · ".join(summary)
    # Shown beside each field as a sentence; the engine's own wording is also
    # the command line's ("error: as_of: enter a date"), so it starts lower-case.
    out["errors"] = {field: message[:1].upper() + message[1:]
                     for field, message in (answer.get("errors") or {}).items()}
    return out


def with_display(association: Any, request: Any, answer: dict[str, Any]) -> dict[str, Any]:
    """The answer plus its ``display`` block (the browser's answer)."""
    return {**answer, "display": present(association, request, answer)}
