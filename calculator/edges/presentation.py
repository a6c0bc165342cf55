"""How an answer reads to a person: one plain sentence per requirement, fee
line and renewal figure.

Figures are written by ``formats`` (the one formatter, shared with the
pages). This module runs inside Pyodide too (standard library only). The
calculator's ``display`` block, which puts these sentences together for one
state of the form, is ``display``.

Visible text names facts and answers by their labels, never by their ids.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..formats import day, money, number, plural

# Renewal figures named by the engine's keys (``shortfalls[].requirement``).
RENEWAL_FIGURES = {
    "training_hours": "training hours",
    "rsc_hours": "hours of RSC",
    "rsc_provision_training_hours": "training hours on the provision of RSC",
}


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
    # The information page that shows the rule, beside its published source.
    page = f"categories/{item.get('category') or item['code'].lower()}.html#requirements"
    return [{**present_check(c, reqs.get(c["requirement"]), on, facts), "source_url": page}
            for c in item["checks"]]


def _exam_text(sitting: dict[str, Any] | None) -> str:
    text = "Written exam: yes, after your application is reviewed."
    if sitting:
        text += (f" Next sitting: {sitting['name']}, {day(sitting['exam_on'])}; portfolio due "
                 f"by {day(sitting['portfolio_due'])}.")
    return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def present_eligibility(association: Any, e: dict[str, Any], chosen: tuple[str, ...],
                        refused: frozenset[str] = frozenset(), category: str | None = None,
                        scopes: list[dict[str, Any]] | None = None,
                        currency: str = "USD") -> dict[str, Any]:
    """The category part of the answer: the category the visitor chose
    (``category``, a code) or the one recommended; ``scopes`` (the closest
    category for each focus of work) when the focus is not answered yet."""
    on = date.fromisoformat(e["on"])
    facts = _Facts(association.facts, refused)
    code = category if category in e["categories"] else e["recommended"]
    cat = e["categories"][code]
    missing = len(cat["gaps"])
    title = f"{cat['name']} ({code})"
    still = _count(missing, "requirement is", "requirements are") + " still missing"
    picked = code != e["recommended"] or category is not None
    if cat["eligible"]:
        verdict = f"You qualify for {title} today."
    elif picked:
        verdict = f"{title}: {still}."
    elif e["recommended_by"] == "closest":
        verdict = f"You do not qualify for a category yet. Closest: {title}; {still}."
    else:
        verdict = f"{title} matches the focus of your work; {still}."
    # Said once: the verdict of a category not met yet already names its reason.
    why = "" if picked or not cat["eligible"] else {
        "scope": "Recommended from the main focus of your work.",
        "qualification": "The most advanced category you qualify for."}.get(
            e["recommended_by"], "")
    following = e.get("next_in_scope")
    if why and following and e["recommended_by"] == "scope":
        # Several categories share this focus of work: what the next one up
        # needs (never met: the most advanced one met is the recommendation).
        n = len(following["gaps"])
        why += (f" Next step in the same focus of work: {following['name']} "
                f"({following['code']}), {_count(n, 'requirement', 'requirements')} missing.")
    depends = None
    if scopes:
        # No single guess: which category fits depends on the focus of work.
        verdict = ("Your category depends on the main focus of your work: choose the one "
                   "that fits, or see the closest category for each below.")
        why = ""
        depends = [{
            "scope": s["scope"], "label": s["label"],
            "examples": f"For example: {', '.join(s['examples'])}." if s["examples"] else "",
            "title": f"{s['name']} ({s['code']})", "code": s["code"], "eligible": s["eligible"],
            "status": "You qualify" if s["eligible"]
            else _count(s["missing"], "requirement missing", "requirements missing"),
            "fees": f"Fees {money(s['total'], currency)}"
            + (f", including {money(s['membership'], currency)} membership"
               if s.get("membership") else "") if s["total"] is not None else "",
        } for s in scopes]
    track = None
    if cat.get("track"):
        fact = association.facts.get("mentor_track")
        track = f"Mentor track: {fact.label_of(cat['track']) if fact else cat['track']}."
        if cat.get("track_note"):
            track += f" {cat['track_note']}"
    others = []
    following = (e.get("next_in_scope") or {}).get("code")
    for other in e["categories"].values():
        if other["code"] == code:
            continue
        n = len(other["gaps"])
        text = ("you qualify" if other["eligible"]
                else f"{_count(n, 'requirement', 'requirements')} missing")
        if other["code"] == following:  # the next category up in the same focus of work
            text = f"next step in the same focus of work: {text}"
        others.append({"code": other["code"], "name": other["name"], "text": text})
    add_ons = []
    for add_code in chosen:
        add = e["add_ons"].get(add_code)
        if add is None:
            continue
        n = len(add["gaps"])
        add_ons.append({
            "code": add_code, "name": add["name"], "eligible": add["eligible"],
            "text": "You meet the add-on's requirements." if add["eligible"]
            else f"{_count(n, 'requirement is', 'requirements are')} still missing.",
            "checks": _checks(association, add, on, facts),
            "also_required": list(add.get("also_required") or [])})
    return {
        "title": title, "code": code, "eligible": cat["eligible"],
        "missing": missing, "verdict": verdict, "why": why, "track": track,
        # Every category's answer says whether there is an exam (and when the
        # next sitting is, where the association publishes its sittings).
        "exam": None if depends else _exam_text(cat.get("next_exam"))
        if cat["exam_required"] else "Written exam: not required for this category.",
        "notes": list(e["notes"]), "checks": _checks(association, cat, on, facts),
        "also_required": list(cat.get("also_required") or []),
        "others": others, "add_ons": add_ons, "depends": depends,
        "summary": "Choose your focus of work" if depends else "You qualify" if cat["eligible"]
        else _count(missing, "requirement missing", "requirements missing"),
    }


def fee_line_label(line: dict[str, Any], currency: str) -> str:
    """A fee line's words, from its fields: "Additional staff, 3 × $45", or
    "Processing fee, 3 × $50" where several staff pay it."""
    label = line["label"]
    count = line.get("count", 1)
    if count != 1:
        label += f", {number(count)} × {money(line.get('unit_amount', 0), currency)}"
    if line.get("price") == "member":
        label += " (member price)"
    return label


def present_fees(f: dict[str, Any], names: dict[str, str] | None = None) -> dict[str, Any]:
    """Fee lines, total and what the total includes. ``names`` (category id ->
    name) heads the lines of each category in an agency's quote."""
    if not f.get("published"):
        return {"published": False, "message": f.get("message", "")}
    currency = f["currency"]
    lines = []
    for line in f["lines"]:
        label = fee_line_label(line, currency)
        target = line.get("target")
        if names and target in names:
            label = f"{names[target]}: {label[:1].lower()}{label[1:]}"
        lines.append({"label": label, "amount": money(line["amount"], currency),
                      "reference": line.get("reference", ""), "kind": line.get("kind", ""),
                      "source_url": "renewal.html#what-renewal-costs"
                      if line.get("kind") in ("renewal", "late", "reinstatement")
                      else "fees.html"})
    membership = f.get("membership") or 0
    notes = []
    if f.get("total") is None and (f.get("total_note") or f.get("note")):
        notes.append(f.get("total_note") or f.get("note"))  # why there is no total
    if f.get("membership_ends"):
        notes.append(f"Membership runs until {day(f['membership_ends'])}.")
    if f.get("membership_required") and not membership and not any(
            ln.get("kind") == "membership" for ln in f["lines"]):
        notes.append("Membership is required: this total assumes you already hold one.")
    total = money(f["total"], currency)
    if f.get("total") is None:
        # Some amounts are not published: the known part, and what is not known.
        known = f.get("known_total") or 0
        total = (f"{money(known, currency)} + amounts not published" if known
                 else "amounts not published")
    return {"published": True, "lines": lines, "total": total,
            "includes": f"{total}, including {money(membership, currency)} membership"
            if membership else total,
            "note": " ".join(notes),
            "coming": [_coming(c, currency) for c in f.get("coming", [])]}


def _coming(change: dict[str, Any], currency: str) -> str:
    """A published change ahead that this quote will pay: "From July 1, 2027 the
    processing fee is $75 (now $50; Board decision of 2026-09-12)."."""
    label = change["label"]
    label = label[:1].lower() + label[1:] if label[:2] != label[:2].upper() else label
    was = (f"now {money(change['before'], currency)}" if change.get("before") is not None
           else "a new fee")
    source = "; ".join(part for part in (was, change.get("reference", "")) if part)
    amount = (money(change["amount"], currency) if change.get("amount") is not None
              else "not published yet: ask the association")
    return f"From {day(change['on'])} the {label} is {amount} ({source})."


def _shortfall(s: dict[str, Any], more: str = "") -> str:
    """One renewal shortfall in words: "26 (more) hours of RSC"."""
    what = RENEWAL_FIGURES.get(s["requirement"], s["requirement"].replace("_", " "))
    return f"{number(s['shortfall'])} {more}{what}"


def present_renewal(r: dict[str, Any], currency: str, contact: str = "",
                    assumed_renewed: bool = False) -> dict[str, Any]:
    """The renewal in words. ``contact``: whom to ask (a lapsed Endorsement);
    ``assumed_renewed``: the endorsee did not say the last deadline they
    renewed for, so every earlier one is taken as met (said so)."""
    if not r.get("published"):
        return {"published": False, "message": r.get("message", "")}
    lines = []
    # Years endorsed as they are; the table's row stops at the cycle length.
    actual = r["years_endorsed_total"]
    years = _count(max(actual, r["years_endorsed"]), "year", "years")
    if actual > r["years_endorsed"]:
        years += f" (the requirements for {_count(r['years_endorsed'], 'year', 'years')} apply)"
    # The sentence around the deadline, and what follows it, in the tense of
    # where the applicant stands: before the deadline, in the late period, or
    # after it (lapsed).
    if r.get("lapsed"):
        lead, tail = "Your Endorsement® has lapsed: its renewal deadline was", "."
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
        if r.get("window_opens"):
            lines.append(f"The renewal window opens on {day(r['window_opens'])}"
                         + (" and is open now." if r.get("window_open") else "."))
        else:
            lines.append("You can renew any time before the deadline.")
        lines.append(f"By the deadline you will have been endorsed {years}.")
        needs_heading = "What you need for it:"
    earlier = [d for d in r.get("cycle_deadlines") or ()
               if r["endorsed_on"] < d < r["deadline"] and d != r.get("skipped_deadline")]
    if assumed_renewed and earlier and not r.get("lapsed"):
        # Every earlier deadline is taken as met: say so, with what to do if not.
        lines.append(f"This assumes you renewed by {day(earlier[-1])}. If you did not, give "
                     "the year of the last deadline you renewed for.")
    needs = []
    if r.get("renewal_required", True):
        hours = f"{number(r['training_hours'])} training hours"
        if r.get("rsc_provision_training_hours"):
            hours += (f", including {number(r['rsc_provision_training_hours'])} on the "
                      "provision of RSC")
        needs.append(hours + ".")
        if r.get("rsc") == "recommended":
            needs.append(f"{number(r['rsc_recommended_hours'])} hours of reflective "
                         "supervision/consultation (RSC) are recommended, not required.")
        elif r.get("rsc_required") is False:
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
    if "met" in r and not r.get("lapsed"):
        counted = number(r["counted_training_hours"])
        if r["met"]:
            logged = f"Your logged hours meet this renewal ({counted} training hours count)."
        else:
            missing = ", ".join(
                _shortfall(s, "more ")
                + (" if your category requires RSC" if s["requirement"] == "rsc_hours"
                   and r.get("rsc_required") is None else "")
                for s in r["shortfalls"])
            logged = f"{counted} of your training hours count. Still to log: {missing}."
    fees = None
    if isinstance(r.get("fees"), dict) and r["fees"].get("lines"):
        fees = present_fees({"published": True, "currency": currency, **r["fees"]}) \
            if r["fees"].get("published", True) else None
    # The headline: what is still needed and what it costs. RSC is counted as
    # needed only when the endorsee's category says so (never guessed).
    unknown_rsc = r.get("rsc_required") is None
    # What is still needed, sentence by sentence: the headline shows the first.
    if r.get("lapsed"):
        sentences = ["It has to be reinstated: ask the association how"
                     + (f" ({contact})." if contact else ".")]
    elif not r.get("renewal_required", True):
        sentences = ["Nothing to renew by this deadline."]
    elif "met" in r:
        short = [s for s in r["shortfalls"]
                 if not (unknown_rsc and s["requirement"] == "rsc_hours")]
        rsc = next((s for s in r["shortfalls"] if s["requirement"] == "rsc_hours"), None) \
            if unknown_rsc else None
        sentences = (["Still needed: " + ", ".join(_shortfall(s) for s in short) + "."]
                     if short else [] if rsc else ["Your logged hours are enough."])
        if rsc:
            sentences.append(f"{_shortfall(rsc)} if your category requires RSC.")
    else:
        needed = [f"{number(r['training_hours'])} training hours"]
        if r.get("rsc_required") and r.get("rsc_hours"):
            needed.append(f"{number(r['rsc_hours'])} hours of RSC")
        sentences = ["Needed: " + ", ".join(needed) + "."]
        if unknown_rsc and r.get("rsc_hours"):
            sentences.append(
                f"{number(r['rsc_hours'])} hours of RSC if your category requires it.")
    if unknown_rsc and r.get("renewal_required", True) and not r.get("lapsed"):
        sentences.append(
            "Choose the category you are endorsed in to know whether RSC is needed.")
    money_part = r.get("fees") if isinstance(r.get("fees"), dict) else None
    if money_part is None or money_part.get("published") is False:
        cost = ""
    elif money_part.get("total") is None and money_part.get("known_total"):
        # Some amounts are not published: the known part, as the fee table says.
        cost = (f"Renewal fees: {money(money_part['known_total'], currency)} + amounts "
                "not published.")
    elif money_part.get("total") is None:
        cost = ("Reinstatement: ask the association what it costs." if r.get("lapsed")
                else money_part.get("note") or "Fee: ask the association.")
    elif not money_part.get("lines"):
        cost = "No renewal fee."
    else:
        cost = (f"{'Reinstatement' if r.get('lapsed') else 'Renewal'} fees: "
                f"{money(money_part['total'], currency)}.")
    return {"published": True, "lead": lead, "deadline": day(r["deadline"]), "tail": tail,
            "still": " ".join(sentences), "still_first": sentences[0].rstrip("."),
            "cost": cost,
            "lines": lines, "needs_heading": needs_heading, "needs": needs, "logged": logged,
            "fees": fees, "timeline": timeline(r)}


def timeline(r: dict[str, Any]) -> dict[str, Any]:
    """The renewal timeline's rows, in date order: endorsement, the window,
    each deadline of the cycle (the one to meet, a skipped one, the ones after)."""
    rows = [{"date": r["endorsed_on"], "label": "Endorsed", "kind": "endorsed"}]
    if r.get("window_opens"):
        rows.append({"date": r["window_opens"], "label": "Renewal window opens",
                     "kind": "window"})
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
    window = f", window opens {day(r['window_opens'])}" if r.get("window_opens") else ""
    title = (f"Renewal timeline: endorsed {day(r['endorsed_on'])}{window}, "
             f"deadline {day(r['deadline'])}")
    return {"title": title, "rows": rows}


def present_agency(association: Any, q: dict[str, Any]) -> dict[str, Any]:
    """Several staff under one agency membership: every application's lines,
    headed by its category, and the membership."""
    names = association.names | {a.code: f"{a.name} add-on" for a in association.add_ons}
    shown = present_fees(q, names)
    if shown.get("published"):
        shown["staff"] = _count(q["staff_applying"], "staff member applies",
                                "staff members apply")
    return shown
