"""Browser fuzz (issue 6): random answers typed into the calculator page.

For each association one page is booted and filled many times, each time with
a few random answers (blank, negative, huge, non-numeric, non-ASCII, padded
with spaces, decimal commas, very long strings, random choices and ticks),
from a seeded random generator, so every run types the same sequence. After
each fill the test waits for the answer to that exact form state and checks:

- no Python traceback or exception name anywhere in the calculator;
- every answer that is certainly bad (this file's own judgement, not the
  engine's) has a message beside its field, and every message the page
  reports is shown beside a field;
- the page's request is what was typed (trimmed, hidden questions left out:
  those of the routes not chosen, and those shown only for some answers);
- the page's whole answer equals the engine's under CPython for the same
  request, and, when the profile is valid, its eligibility answer equals
  ``calculator.cli.run(["eligibility", "--association", slug, profile.json])``
  (the command line's own code path, in-process to save the subprocess time).
"""

from __future__ import annotations

import json
import math
import random
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from browser_helpers import PYTHON_ERROR, SLUGS, Calculator, diff
from engine_helpers import STATS, association

from calculator.edges import cli, display, service

FILLS_PER_ASSOCIATION = 100
SEED = 20261125
SPACES = " \t\u00a0\u3000"  # trimmed alike by JavaScript's trim() and Python's strip()
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
# Dates as people write them (calculator/dates.py; both associations write the
# month first): year-month-day with any one of / . - or space between the
# numbers, the same run together (20230615), or month/day/year.
YMD = re.compile(r"(\d{4})[/.\- ](\d{1,2})[/.\- ](\d{1,2})|(\d{4})(\d{2})(\d{2})", re.ASCII)
MDY = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})", re.ASCII)
# Where each answer that is not a profile fact goes in the page's request.
SENT = {"category": ("fees", "category"), "membership": ("fees", "membership"),
        "term": ("fees", "term"), "staff": ("fees", "staff"),
        "endorsed_on": ("renewal", "endorsed_on"), "as_of": ("renewal", "as_of"),
        "last_renewed": ("renewal", "last_renewed"),
        "renewal.category": ("renewal", "category"), "renewal.track": ("renewal", "track"),
        "agency.term": ("agency", "term"), "agency.staff": ("agency", "staff")}


def number_text(rng: random.Random, low: float, high: float) -> str:
    kind = rng.randrange(22)
    choices = {
        0: "", 1: str(rng.randint(int(low), int(min(high, 60)))),
        2: f"{rng.uniform(low, min(high, 100)):.1f}", 3: f"{rng.randint(0, 40)},5",
        4: f"  {rng.randint(0, 50)} ", 5: f"-{rng.randint(1, 99)}", 6: "1e400",
        7: "9" * rng.randint(15, 40), 8: str(int(high) + rng.randint(1, 1000)),
        9: rng.choice(["ten", "abc", "12 hours", "three", "1.2.3", "--5", "0x10"]),
        10: rng.choice(["٣", "３３", "½", "douze €", "日本", "ⅷ", "١٢٫٥"]),
        11: "\u00a0" + str(rng.randint(0, 30)) + "\u3000",
        12: "1" * rng.randint(300, 5000), 13: "x" * rng.randint(300, 5000),
        14: rng.choice(["NaN", "inf", "-inf", "Infinity"]), 15: f"{rng.randint(1, 9)}e1",
        16: rng.choice(["1_000", "+7", ".5", "5.", "0", "-0"]), 17: "",
        18: str(rng.randint(0, 10)), 19: rng.choice(["12,5", "1,000", "1,5,0", ",5"]),
        20: rng.choice(["\t", "   ", "\u3000"]), 21: "😀" * rng.randint(1, 50),
    }
    return choices[kind]


def date_text(rng: random.Random) -> str:
    kind = rng.randrange(12)
    day = date(1995, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    return {
        0: "", 1: day.isoformat(), 2: day.isoformat(), 3: f" {day.isoformat()} ",
        4: "2027-02-30", 5: day.strftime("%d/%m/%Y"), 6: rng.choice(["yesterday", "2020",
                                                                    "2020-1-1", "20200101"]),
        7: rng.choice(["0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29"]),
        8: rng.choice(["２０２０-01-01", "昨日", "2020‐01‐01"]), 9: "9" * rng.randint(20, 3000),
        10: day.isoformat(), 11: "2026-11-25",
    }[kind]


def judge_number(text: str, low: float, high: float | None, *, comma: bool,
                 whole: bool = False) -> str:
    """'blank', 'valid', 'bad' or 'unsure' (left to the engine)."""
    t = text.strip(SPACES)
    if t == "":
        return "blank"
    if not t.isascii() or "_" in t:
        return "unsure"  # Python's float() takes other digits and 1_000: the engine decides
    if comma and t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    if not NUMBER.fullmatch(t):
        return "bad"
    value = float(t)
    if not math.isfinite(value) or value < low or (high is not None and value > high):
        return "bad"
    if whole and not value.is_integer():
        return "bad"
    return "valid"


def judge_date(text: str) -> tuple[str, date | None]:
    """Numbers only: anything with letters (June 15, 2023) is left to the
    engine, except text with no digit at all, which is no date."""
    t = text.strip(SPACES)
    if t == "":
        return "blank", None
    if not t.isascii():
        return "unsure", None
    if not any(c.isdigit() for c in t):
        return "bad", None
    if any(c.isalpha() for c in t):
        return "unsure", None
    ymd, mdy = YMD.fullmatch(t), MDY.fullmatch(t)
    if ymd:
        y, m, d = (int(g) for g in ymd.groups() if g is not None)
    elif mdy:
        m, d, y = (int(g) for g in mdy.groups())
    elif t.isdigit() and len(t) != 8:
        return "bad", None  # a bare number: no date (and no month-year either)
    else:
        return "unsure", None
    try:
        day = date(y, m, d)
    except ValueError:
        return "bad", None
    return ("unsure" if day.year < 1900 or day.year == 9999 else "valid"), day


class Form:
    """What this test has typed, and its own judgement of each answer."""

    def __init__(self, calc: Calculator, slug: str):
        self.calc = calc
        self.facts = association(slug).facts
        self.values: dict[str, Any] = {}
        self.kinds = calc._controls()
        # The choices of each select and radio group (the route, the focus of work).
        self.options = calc.page.evaluate("""() => {
          const out = Object.fromEntries(
            [...document.querySelectorAll("#calc-form select")].map((s) =>
              [s.name, [...s.options].map((o) => o.value)]));
          for (const r of document.querySelectorAll("#calc-form input[type=radio]"))
            (out[r.name] = out[r.name] || []).push(r.value);
          return out;
        }""")
        # The tick boxes answered as a list of add-on codes (one box per code).
        self.boxes = {n: calc.page.evaluate(f"""() => [...document.querySelectorAll(
                          '#calc-form [name="{n}"]')].map((b) => b.value)""")
                      for n in ("add_on", "renewal.add_ons") if n in self.kinds}
        # The engine's field of each question: the data-error-for of the
        # message its aria-describedby names ("agency.staff" -> "staff").
        self.field = dict(calc.page.evaluate("""() =>
          [...document.getElementById("calc-form").elements].filter((e) => e.name).map((e) => {
            const ids = (e.getAttribute("aria-describedby") || "").split(/\\s+/);
            const p = ids.map((id) => document.getElementById(id))
              .find((el) => el && el.dataset.errorFor);
            return [e.name, p ? p.dataset.errorFor : e.name]; })"""))
        # The route each question belongs to (None: asked on every route).
        self.route_of = dict(calc.page.evaluate("""() =>
          [...document.getElementById("calc-form").elements].filter((e) => e.name).map((e) => {
            const part = e.closest(".calc-route-part");
            return [e.name, part ? part.dataset.route : null]; })"""))
        # Questions shown only for some answers: name -> (question, answers).
        self.shown_when = {
            name: (rule.split("=")[0], rule.split("=")[1].split(","))
            for name, rule in calc.page.evaluate("""() =>
              [...document.querySelectorAll("#calc-form [data-shown-when]")].flatMap((f) =>
                [...f.querySelectorAll("[name]")].map((c) => [c.name, f.dataset.shownWhen]))""")}

    def random_answer(self, rng: random.Random, name: str, valid: bool = False) -> Any:
        if valid and name not in self.options and self.kinds[name] != "checkbox":
            return self.valid_answer(rng, name)
        if name in self.options:
            return rng.choice(self.options[name])
        if self.kinds[name] == "checkbox":
            if name in self.boxes:
                return [code for code in self.boxes[name] if rng.random() < 0.5]
            return rng.random() < 0.5
        if name in ("endorsed_on", "as_of"):
            return date_text(rng)
        if name == "last_renewed":
            return rng.choice(["", "2021", "2024", " 2027 ", "1899", "9999", "last year",
                               "2024.5", "2,024", str(rng.randint(1990, 2040))])
        if name in ("staff", "agency.staff"):
            return number_text(rng, 1, 100000) if rng.random() < 0.7 else \
                rng.choice(["2.5", "0", "7", "1e5", "100001"])
        if name.startswith("agency."):  # how many staff apply (for an add-on)
            return number_text(rng, 0, 100000) if rng.random() < 0.6 else \
                rng.choice(["0", "1", "3", "12", "2.5", "-1"])
        fact = self.facts.get(name)
        return number_text(rng, fact.minimum if fact else 0,
                           (fact.maximum if fact and fact.maximum is not None else 100000))

    def valid_answer(self, rng: random.Random, name: str) -> str:
        """An acceptable answer, in one of the spellings people use."""
        if name in ("endorsed_on", "as_of"):
            day = date(2000, 1, 1) + timedelta(days=rng.randrange(365 * 26))
            return rng.choice(["", day.isoformat(), f" {day.isoformat()}\t"]) \
                if name == "as_of" else rng.choice([day.isoformat(), "", "2019-05-01"])
        if name in ("staff", "agency.staff"):
            return rng.choice(["", "1", "5", " 12 ", "1e2", str(rng.randint(1, 300))])
        if name.startswith("agency.add_ons."):
            return rng.choice(["", "0", "1"])
        if name.startswith("agency."):
            return rng.choice(["", "1", "2", " 3 ", str(rng.randint(0, 40))])
        if name == "last_renewed":
            return ""  # a year before the endorsement would be refused
        whole = rng.randint(0, 9)
        spellings = ["", str(whole), f"{whole}.5", f"{whole},5", f"  {whole} ", f"+{whole}",
                     ".5", f"{whole}e0", f"\u00a0{whole}", str(rng.randint(0, 50))]
        fact = self.facts.get(name)
        if fact is not None and fact.step == 1:
            spellings = ["", str(whole), f" {whole} ", f"+{whole}", str(rng.randint(0, 40))]
        return rng.choice(spellings)

    def current(self, name: str) -> Any:
        """What calc.reset() left, or the last answer: a select's blank
        choice (else its first); a radio group's default (route "apply", the
        focus "Not sure yet")."""
        if name in self.values:
            return self.values[name]
        if name == "route":  # also on a page with one route (no route question)
            return "apply"
        options = self.options.get(name, [""])
        if self.kinds.get(name) == "radio":
            return ""
        return "" if "" in options else options[0]

    def questions_for(self, field: str) -> list[str]:
        """The questions of the route in view whose message is the engine's
        ``field`` ("staff": the fee quote's or the agency's, by route)."""
        route = self.current("route")
        return [n for n, f in self.field.items()
                if f == field and self.route_of.get(n) in (None, route)]

    def visible(self, name: str) -> bool:
        """Whether a person can answer it now (the page's data-shown-when rules;
        the logged hours sit in a <details> that set() opens, and a question
        of another route is answered after set() chooses that route)."""
        if name not in self.shown_when:
            return True
        question, answers = self.shown_when[name]
        return self.current(question) in answers and self.visible(question)

    def set(self, name: str, value: Any) -> None:
        self.calc.set(name, value)  # chooses the question's route first
        self.values[name] = value
        if self.route_of.get(name):
            self.values["route"] = self.route_of[name].split(" ")[0]

    def reset(self) -> None:
        self.calc.reset()
        self.values = {}

    def judge(self, shown: set[str]) -> dict[str, str]:
        """Certainly bad answers among the questions now shown: name -> value."""
        bad = {}
        for name, value in self.values.items():
            if name not in shown or not isinstance(value, str) or name in self.options:
                continue
            if name in ("endorsed_on", "as_of"):
                verdict = judge_date(value)[0]
            elif name in ("staff", "agency.staff"):
                verdict = judge_number(value, 1, 100000, comma=False, whole=True)
            elif name.startswith("agency."):
                verdict = judge_number(value, 0, 100000, comma=False, whole=True)
            elif name == "last_renewed":
                verdict = judge_number(value, 1900, 9998, comma=False, whole=True)
            elif name.startswith("logged."):
                # One number parser for every answer (calculator/numbers.py): a
                # decimal comma is read in logged hours too.
                verdict = judge_number(value, 0, 100000, comma=True)
            else:
                fact = self.facts.get(name)
                verdict = judge_number(value, fact.minimum, fact.maximum, comma=True)
            if verdict == "bad":
                bad[self.field[name]] = value
        e, a = (judge_date(self.values.get(k, "")) for k in ("endorsed_on", "as_of"))
        if e[0] == "valid" and a[0] == "valid" and e[1] > a[1] and "endorsed_on" in shown:
            bad["endorsed_on"] = self.values["endorsed_on"]
        renewed = self.values.get("last_renewed", "")
        if (e[0] == "valid" and "last_renewed" in shown and "last_renewed" not in bad
                and judge_number(renewed, 1900, 9998, comma=False, whole=True) == "valid"
                and float(renewed.strip(SPACES)) < e[1].year
                and a[0] in ("valid", "blank")
                and e[1] <= (a[1] if a[0] == "valid" else date.today())):
            bad["last_renewed"] = renewed
        return bad


def _sent(request: dict[str, Any], name: str, facts: Any) -> tuple[Any] | None:
    """What the page's request holds for one question (in a 1-tuple), or None
    for a question answered by ticking or choosing among radios."""
    if facts.get(name) is not None:
        return (request["profile"].get(name),)
    if name in SENT:
        part, key = SENT[name]
        return (request[part].get(key),)
    for prefix, part, key in (("logged.", "renewal", "logged"),
                              ("agency.applications.", "agency", "applications"),
                              ("agency.add_ons.", "agency", "add_ons")):
        if name.startswith(prefix):
            return ((request[part].get(key) or {}).get(name[len(prefix):]),)
    return None


def _page_now(calc: Calculator) -> dict[str, Any]:
    """In one round trip: the questions shown, the messages beside fields, and
    all the text of the calculator (with its data-result)."""
    return calc.page.evaluate("""() => {
      const root = document.querySelector("[data-calculator]");
      return {
        shown: [...document.getElementById("calc-form").elements]
          .filter((e) => e.name && !e.closest("[hidden]")).map((e) => e.name),
        // Two routes may ask the same engine field ("term", "staff"), each
        // with its own paragraph: a field's message is the one not empty.
        messages: [...root.querySelectorAll("[data-error-for]")].reduce((out, p) => {
          out[p.dataset.errorFor] = out[p.dataset.errorFor] || p.textContent.trim();
          return out; }, {}),
        text: root.innerText + document.getElementById("calc-result").dataset.result,
      };
    }""")


def _cli_eligibility(slug: str, profile: dict[str, Any], folder, n: int) -> dict[str, Any]:
    path = folder / f"{slug}-{n}.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    return cli.run(["eligibility", "--association", slug, str(path)])


@pytest.mark.parametrize("slug", SLUGS)
def test_random_fills(slug, calculators, tmp_path):
    rng = random.Random(f"{SEED}-{slug}")
    calc = calculators(slug)
    watch = calc.watch
    form = Form(calc, slug)
    engine = association(slug)
    names = calc.names()
    problems: list[str] = []
    unmarked: dict[tuple[str, str], list[int]] = {}  # bad answer -> fills without a message
    tracebacks = mismatches = compared = 0
    pool = ThreadPoolExecutor(max_workers=1)  # the command line runs while the page works
    pending = []

    errors: dict[str, str] = {}
    form_at: dict[int, dict[str, Any]] = {}
    calc.reset()
    for n in range(FILLS_PER_ASSOCIATION):
        # Wild fills type anything; plausible ones first correct the answers
        # the page flagged, then type only acceptable (if odd) answers, so
        # that many fills end with a valid profile to compare.
        plausible = n > 0 and rng.random() < 0.45
        typed = {}
        if n == 0 or rng.random() < 0.08:
            form.reset()
        elif plausible:
            for name in (n for field in errors for n in form.questions_for(field)):
                if form.visible(name):
                    typed[name] = form.random_answer(rng, name, valid=True)
                    form.set(name, typed[name])
        for name in rng.sample(names, rng.randint(1, 4)):
            if form.visible(name):
                typed[name] = form.random_answer(rng, name, valid=plausible)
                form.set(name, typed[name])
        answer = calc.wait_answer()
        form_at[n] = dict(form.values)
        request = calc.last_request()
        where = f"fill {n} {json.dumps(typed, ensure_ascii=False)[:300]}"
        STATS["fuzz_fills"] += 1

        now = _page_now(calc)
        text = now["text"]
        if PYTHON_ERROR.search(text):
            tracebacks += 1
            problems.append(f"{where}: Python error text on the page: "
                            f"{PYTHON_ERROR.search(text).group(0)!r}")

        # The request is what was typed (trimmed), for the questions shown,
        # on the route chosen; nothing of the other routes' questions.
        shown = set(now["shown"])
        if request["route"] != form.current("route"):
            problems.append(f"{where}: route {form.current('route')!r} chosen, page sent "
                            f"{request['route']!r}")
        for name in shown & set(typed):
            sent = _sent(request, name, form.facts)
            if sent is None:
                continue  # a tick box or a radio group: no text typed
            typed_value = form.values[name]
            want = typed_value.strip(SPACES) if isinstance(typed_value, str) else typed_value
            if (sent[0] or "") != (want or ""):
                problems.append(f"{where}: {name} typed {typed_value!r}, page sent {sent[0]!r}")
        if request["route"] != "apply" and (request["profile"]
                                            or request["fees"] != {"add_ons": []}):
            problems.append(f"{where}: the apply route is hidden, yet the page sent "
                            f"{request['profile']}, {request['fees']}")

        # Messages beside the fields.
        errors = answer["errors"]
        worded = answer["display"]["errors"]  # the same messages as sentences (presentation.py)
        assert set(worded) == set(errors), (worded, errors)
        for name, message in worded.items():
            if name == "form" or now["messages"].get(name) != message.strip():
                problems.append(f"{where}: message for {name!r} not shown beside a field: "
                                f"{message!r}")
        for name, value in form.judge(shown).items():
            if name not in errors:
                unmarked.setdefault((name, value), []).append(n)

        # The same answer as the engine under CPython, for the same request.
        # (the page's answer also carries the "display" block of presentation.py)
        expected = json.loads(json.dumps(
            display.with_display(engine, request, service.answer(engine, request)),
            ensure_ascii=False))
        different, _ = diff(answer, expected)
        if different:
            mismatches += 1
            problems.append(f"{where}: page and CPython engine differ: {different[:5]}")

        # A valid profile: the page's eligibility equals the command line's.
        if answer["eligibility"] is not None and not set(errors) & set(request["profile"]):
            compared += 1
            pending.append((where, answer["eligibility"], pool.submit(
                _cli_eligibility, slug, request["profile"], tmp_path, n)))

    for where, mine, future in pending:
        different, _ = diff(mine, future.result(timeout=120))
        if different:
            mismatches += 1
            problems.append(f"{where}: page and command line differ: {different[:5]}")
    pool.shutdown()
    for (name, value), fills in unmarked.items():
        others = {k: v[:40] for k, v in form_at.get(fills[0], {}).items()
                  if k in ("endorsed_on", "as_of") or k.startswith("logged.")}
        problems.append(f"{name}={value[:60]!r} is not a valid answer, yet no message was "
                        f"shown beside it after {len(fills)} fill(s) from fill {fills[0]} "
                        f"(renewal answers then: {others})")
    missing_messages = len(unmarked)
    STATS["fuzz_valid_profiles_compared"] += compared
    STATS["fuzz_tracebacks"] += tracebacks
    STATS["fuzz_missing_field_messages"] += missing_messages
    STATS["fuzz_mismatches"] += mismatches
    problems += [f"page error: {e}" for e in watch.page_errors]
    problems += [f"console error: {e}" for e in watch.console_errors]
    assert not problems, f"{len(problems)} problems in {FILLS_PER_ASSOCIATION} fills:\n" + \
        "\n".join(problems[:60])
    assert compared >= FILLS_PER_ASSOCIATION // 4, f"only {compared} valid profiles compared"
