"""The calculator page computes what ``python -m calculator`` computes, for every
worked example of both associations (issue 4, first "done when").

Each example section that expects an answer (not an ``error``: those are
covered by test_calculator_behaviour.py) is entered in the form by control
name, and the page's answer (``#calc-result[data-result]``) is compared field
by field with the command line run as a subprocess on the same profile and
arguments. The form is reset between examples without a reload, so each
association's page boots once.

Each section is entered on the page's route for it: eligibility and fees on
"apply", renewal on "renew". Eligibility examples fill the profile. Fee
examples choose the example's category in the "Category to check" select (by
its id, found from the example's code; the age focus is set to the code's
variant so that the page shows that very code), then the fee controls.
Renewal examples answer the renew route's own questions: the category
endorsed in (``renewal.category``, the example's code), the Mentor track
(``renewal.track``), the add-ons held, dates, hours logged. The command line
is asked what the example asks. Where the page cannot ask what the example
gives (a fact with no control; fees or renewal an association does not
publish; an add-on code as the category), the command line gets what the
page was given (the page's recommended category for fees, no category for a
renewal), and the example's own ``expect`` is checked only when the page
could ask everything.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import SLUGS, Calculator, diff, form_text
from engine_helpers import STATS, association, cli_json, examples_doc

from calculator.contentfiles.examples import _mismatches

SECTIONS = ("eligibility", "fees", "renewal")
FEE_CONTROLS = ("category", "add_on", "membership", "term", "staff")
RENEWAL_CONTROLS = ("renewal.category", "renewal.track", "renewal.add_ons", "endorsed_on",
                    "as_of", "provides_rsc", "last_renewed")
ROUTE = {"eligibility": "apply", "fees": "apply", "renewal": "renew"}


def _cases() -> list[Any]:
    cases = []
    for slug in SLUGS:
        examples = examples_doc(slug).data["examples"]
        for index, example in enumerate(examples):
            for section in SECTIONS:
                if section in example and "expect" in example[section]:
                    cases.append(pytest.param(slug, index, section,
                                              id=f"{slug}/{example['name']} [{section}]"))
    return cases


@dataclass
class Plan:
    """What to enter in the form, and what the page cannot be told."""

    form: dict[str, Any]
    not_askable: dict[str, Any] = field(default_factory=dict)
    askable: bool = True  # False: the page has no control for this section at all


def _category(slug: str, code: Any) -> tuple[Any, str | None]:
    """The category named by an example's code, and the code's age variant;
    (None, None) for no code or an add-on code (ERS), which the page's
    category controls do not offer."""
    found = association(slug).category_by_code(code) if code not in (None, "") else None
    return found if found is not None else (None, None)


def plan(slug: str, example: dict[str, Any], section: str, names: set[str]) -> Plan:
    body = example[section]
    if section == "eligibility":
        profile = body.get("profile") or {}
        return Plan({k: v for k, v in profile.items() if k in names},
                    {k: v for k, v in profile.items() if k not in names})
    args = body.get("input") or {}
    code = args.get("category")
    category, variant = _category(slug, code)
    answers: dict[str, Any] = {}
    missing: dict[str, Any] = {}
    if code not in (None, "") and category is None:
        missing["category"] = code  # an add-on code: no category control offers it
    if section == "fees":
        wanted = {k: args[k] for k in ("membership", "term", "staff") if k in args}
        if category is not None:
            wanted["category"] = category.id
            # An association with one age variant asks no age question.
            if "age_focus" in names:
                answers["age_focus"] = variant
        if "add_ons" in args:
            wanted["add_on"] = list(args["add_ons"])
    else:
        if "endorsed_on" not in names:
            return Plan(answers, {**missing, **args}, askable=False)
        wanted = {k: args[k] for k in RENEWAL_CONTROLS if k in args}
        if category is not None:
            wanted["renewal.category"] = code
        if args.get("track"):
            wanted["renewal.track"] = args["track"]
        if args.get("add_ons"):
            wanted["renewal.add_ons"] = list(args["add_ons"])
        for key, hours in (args.get("logged") or {}).items():
            wanted[f"logged.{key}"] = hours
    for key, value in wanted.items():
        (answers if key in names else missing)[key] = value
    return Plan(answers, missing)


def cli_arguments(slug: str, section: str, example: dict[str, Any], form: dict[str, Any],
                  on: str, recommended: str | None, files: Path) -> list[str]:
    """The command line asked what the page was asked: the example's own
    category code where the page was given that category, else the category
    the page recommended (fees) or none (renewal)."""
    if section == "eligibility":
        profile = {k: v for k, v in (example["eligibility"].get("profile") or {}).items()
                   if k in form}
        return ["eligibility", "--association", slug, "--on", on,
                _write(files, "profile", profile)]
    args = example[section].get("input") or {}
    out = [section, "--association", slug]
    if section == "fees":
        code = args["category"] if form.get("category") else recommended
        out += ["--category", code, "--on", on]
        for code in form.get("add_on", []):
            out += ["--add-on", code]
        for key in ("membership", "term", "staff"):
            if form.get(key) not in (None, ""):
                out += [f"--{key}", str(form[key])]
        return out
    out += ["--endorsed-on", form["endorsed_on"]]
    if form.get("renewal.category"):
        out += ["--category", form["renewal.category"]]
    if form.get("as_of"):
        out += ["--as-of", form["as_of"]]
    if form.get("renewal.track"):
        out += ["--track", form["renewal.track"]]
    for code in form.get("renewal.add_ons", []):
        out += ["--holds", code]
    if form.get("provides_rsc"):
        out.append("--provides-rsc")
    if form.get("last_renewed") not in (None, ""):
        out += ["--last-renewed", form["last_renewed"]]
    logged = {k[len("logged."):]: v for k, v in form.items() if k.startswith("logged.")}
    if logged:
        out += ["--logged", _write(files, "logged", {k: args["logged"][k] for k in logged})]
    return out


def _write(folder: Path, stem: str, data: Any) -> str:
    text = json.dumps(data, sort_keys=True)
    path = folder / f"{stem}-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return str(path)


class CommandLine:
    """`python -m calculator` subprocesses, run two at a time in the background
    so that they overlap with the browser work; each argument list runs once."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.runs: dict[tuple[str, ...], Future] = {}

    def start(self, args: list[str]) -> Future:
        key = tuple(args)
        if key not in self.runs:
            self.runs[key] = self.pool.submit(cli_json, *args)
        return self.runs[key]

    def result(self, args: list[str]) -> dict[str, Any]:
        key = tuple(args)
        if key not in self.runs:  # not foreseen: run it now rather than queue behind others
            return cli_json(*args)
        return self.runs[key].result(timeout=120)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli-input")


@pytest.fixture(scope="module")
def command_line(files):
    cli = CommandLine()
    # Start every run whose arguments are known before the page answers.
    today = date.today().isoformat()
    for param in _cases():
        slug, index, section = param.values
        example = examples_doc(slug).data["examples"][index]
        names = set(association(slug).facts_used()) | set(FEE_CONTROLS) | set(RENEWAL_CONTROLS)
        p = plan(slug, example, section, names)
        if section == "eligibility":
            cli.start(cli_arguments(slug, section, example, p.form, today, None, files))
        elif p.askable and not p.not_askable and (section == "renewal" or "category" in p.form) \
                and not (p.form.get("membership") and "term" not in p.form):
            cli.start(cli_arguments(slug, section, example, _form_values(p.form), today, None,
                                    files))
    yield cli
    cli.pool.shutdown(wait=False, cancel_futures=True)


def _form_values(form: dict[str, Any]) -> dict[str, Any]:
    return {k: form_text(v) if k not in ("add_on", "renewal.add_ons", "provides_rsc") else v
            for k, v in form.items()}


@pytest.mark.parametrize(("slug", "index", "section"), _cases())
def test_page_answers_like_the_command_line(slug, index, section, calculators, command_line,
                                            files):
    example = examples_doc(slug).data["examples"][index]
    calc = calculators(slug)
    watch = calc.watch
    names = set(calc.names())
    p = plan(slug, example, section, names)

    # The route of the section; a page without renewal rules has no renew
    # route (nor any route question): it stays on apply.
    route = ROUTE[section] if p.askable else "apply"
    calc.reset()
    calc.fill(p.form)
    if calc.control("route").count():
        calc.set("route", route)  # an example with nothing to enter still chooses it
    answer = calc.wait_answer()
    assert answer["errors"] == {}, f"the page refused the example's answers: {answer['errors']}"
    assert answer["route"] == route
    eligibility = answer["eligibility"]
    on = eligibility["on"] if eligibility else date.today().isoformat()

    # The page was told what we entered, as typed, and only the route's answers.
    sent = calc.last_request()
    entered = _form_values(p.form)
    profile = {k: v for k, v in entered.items() if k in association(slug).facts_used()}
    assert sent["route"] == route
    assert sent["profile"] == (profile if route == "apply" else {})
    if section == "renewal" and p.askable:
        for key in ("category", "track"):
            assert sent["renewal"].get(key, "") == entered.get(f"renewal.{key}", ""), sent
        assert sent["renewal"]["add_ons"] == entered.get("renewal.add_ons", [])
        assert (eligibility, answer["fees"]) == (None, None)

    if section == "fees" and "category" in p.form:
        # The category chosen is the one shown, in the example's own code.
        code = (example[section].get("input") or {})["category"]
        assert answer["display"]["eligibility"]["code"] == code, (
            f"the page shows {answer['display']['eligibility']['code']}, chose {code}")
    if not p.askable:
        # No renewal controls: the association publishes no renewal rules.
        assert answer["renewal"] is None
        cli = command_line.result([section, "--association", slug,
                                   "--endorsed-on", example[section]["input"]["endorsed_on"]])
        assert cli["published"] is False
        STATS["browser_examples_compared"] += 1
        return

    args = cli_arguments(slug, section, example, entered | _effective(calc, p), on,
                         eligibility["recommended"] if eligibility else None, files)
    cli = command_line.result(args)
    mine = answer[section]
    assert mine is not None, f"the page gave no {section} answer for {p.form}"
    must_have = {
        "eligibility": ("recommended", "eligible", "gaps", "exam_required", "categories"),
        "fees": ("registration", "processing", "add_ons", "membership", "total")
        if cli.get("published") else ("published", "message"),
        "renewal": ("deadline", "window_opens", "years_endorsed", "training_hours",
                    "rsc_hours", "skipped_deadline") if cli.get("published") else ("published",),
    }[section]
    for key in must_have:
        assert key in mine and key in cli, f"{key} missing from the page or the command line"
    differences, compared = diff(mine, cli, section)
    assert not differences, (
        f"page and `python -m calculator {' '.join(args)}` differ:\n  "
        + "\n  ".join(differences))

    # When the page could be asked everything the example says, its answer
    # is also the one the example expects. (A renewal asked "as of" a date
    # reads the rules in force on that date, whatever day the test runs.)
    example_on = example.get("on", examples_doc(slug).data.get("on"))
    input_args = example[section].get("input") or {}
    whole = not p.not_askable and (str(example_on) == on or (
        section == "renewal" and input_args.get("as_of") not in (None, "")))
    if section == "renewal":
        found = association(slug).category_by_code(input_args.get("category")) \
            if input_args.get("category") else None
        whole = whole and found is not None and (
            not found[0].tracks or bool(input_args.get("track")))
    if section == "fees" and "membership" in p.form and "term" not in p.form:
        whole = False  # the form always has a term once a membership is chosen
    if whole:
        wrong = _mismatches(example[section]["expect"], mine, section)
        assert not wrong, f"the page's answer is not the example's: {wrong}"
    assert not watch.page_errors and not watch.console_errors, (
        watch.page_errors, watch.console_errors)
    STATS["browser_examples_compared"] += 1
    STATS["browser_fields_compared"] += compared


def _effective(calc: Calculator, p: Plan) -> dict[str, Any]:
    """Values the form holds beyond what was entered (the membership term
    select has no blank choice: after calc.reset() it shows its first term)."""
    if p.form.get("membership") and "term" not in p.form:
        return {"term": calc.control("term").input_value()}
    return {}

