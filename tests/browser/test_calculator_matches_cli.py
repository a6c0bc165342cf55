"""The calculator page computes what ``python -m calculator`` computes, for every
worked example of both associations (issue 4, first "done when").

Each example section that expects an answer (not an ``error``: those are
covered by test_calculator_behaviour.py) is entered in the form by control
name, and the page's answer (``#calc-result[data-result]``) is compared field
by field with the command line run as a subprocess on the same profile and
arguments. The form is reset between examples without a reload, so each
association's page boots once.

Eligibility examples fill the profile. Fee and renewal examples are entered
the way an applicant would: the page quotes the category it recommends, so
the form's age focus, scope and Mentor track are set from the example's
category (its variant, scope and track in the loaded rules), then the fee or
renewal controls from the example's input. The command line is then asked
for the category and track the page recommended (the test first checks that
it is the example's). Where the page cannot ask what the example gives (a fact
with no control; fees or renewal an association does not publish; renewal
for an add-on code; no category), the command line gets what the page was
given, and the example's own ``expect`` is checked only when the page could
ask everything.
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
FEE_CONTROLS = ("add_on", "membership", "term", "staff")
RENEWAL_CONTROLS = ("endorsed_on", "as_of", "provides_rsc")


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


def _category_answers(slug: str, code: Any, track: Any) -> tuple[dict[str, Any], dict]:
    """Age focus, scope and Mentor track that make the page recommend `code`."""
    if code in (None, ""):
        return {}, {"category": None}
    found = association(slug).category_by_code(code)
    if found is None:  # an add-on code (ERS): the page quotes categories only
        return {}, {"category": code}
    category, variant = found
    answers = {"age_focus": variant, "scope": category.scope}
    if track:
        answers["mentor_track"] = track
    return answers, {}


def plan(slug: str, example: dict[str, Any], section: str, names: set[str]) -> Plan:
    body = example[section]
    if section == "eligibility":
        profile = body.get("profile") or {}
        return Plan({k: v for k, v in profile.items() if k in names},
                    {k: v for k, v in profile.items() if k not in names})
    args = body.get("input") or {}
    answers, missing = _category_answers(slug, args.get("category"),
                                         args.get("track") if section == "renewal" else None)
    # An association with one age variant asks no age question.
    answers = {k: v for k, v in answers.items() if k in names}
    if section == "fees":
        wanted = {k: args[k] for k in ("membership", "term", "staff") if k in args}
        if "add_ons" in args:
            wanted["add_on"] = list(args["add_ons"])
    else:
        if "endorsed_on" not in names:
            return Plan(answers, {**missing, **args}, askable=False)
        wanted = {k: args[k] for k in RENEWAL_CONTROLS if k in args}
        for key, hours in (args.get("logged") or {}).items():
            wanted[f"logged.{key}"] = hours
    for key, value in wanted.items():
        (answers if key in names else missing)[key] = value
    return Plan(answers, missing)


def cli_arguments(slug: str, section: str, example: dict[str, Any], form: dict[str, Any],
                  eligibility: dict[str, Any], files: Path) -> list[str]:
    """The command line asked what the page was asked (with the page's category)."""
    on = eligibility["on"]
    if section == "eligibility":
        profile = {k: v for k, v in (example["eligibility"].get("profile") or {}).items()
                   if k in form}
        return ["eligibility", "--association", slug, "--on", on,
                _write(files, "profile", profile)]
    args = example[section].get("input") or {}
    out = [section, "--association", slug]
    if section == "fees":
        out += ["--category", eligibility["recommended"], "--on", on]
        for code in form.get("add_on", []):
            out += ["--add-on", code]
        for key in ("membership", "term", "staff"):
            if form.get(key) not in (None, ""):
                out += [f"--{key}", str(form[key])]
        return out
    out += ["--endorsed-on", args["endorsed_on"], "--category", eligibility["recommended"]]
    if form.get("as_of"):
        out += ["--as-of", form["as_of"]]
    # The page renews with the applicant's own Mentor track, never the
    # best-fitting track eligibility suggests (calculator.service.answer).
    found = association(slug).category_by_code(eligibility["recommended"])
    if form.get("mentor_track") and found and found[0].tracks:
        out += ["--track", form["mentor_track"]]
    if form.get("provides_rsc"):
        out.append("--provides-rsc")
    if args.get("logged"):
        out += ["--logged", _write(files, "logged", args["logged"])]
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
    today = {"on": date.today().isoformat()}
    for param in _cases():
        slug, index, section = param.values
        example = examples_doc(slug).data["examples"][index]
        names = set(association(slug).facts_used()) | set(FEE_CONTROLS) | set(RENEWAL_CONTROLS)
        p = plan(slug, example, section, names)
        args = example[section].get("input") or {}
        if section == "eligibility":
            cli.start(cli_arguments(slug, section, example, p.form, today, files))
        elif p.askable and not p.not_askable and args.get("category"):
            guess = {**today, "recommended": args["category"]}
            cli.start(cli_arguments(slug, section, example, _form_values(p.form), guess, files))
    yield cli
    cli.pool.shutdown(wait=False, cancel_futures=True)


def _form_values(form: dict[str, Any]) -> dict[str, Any]:
    return {k: form_text(v) if k not in ("add_on", "provides_rsc") else v
            for k, v in form.items()}


@pytest.mark.parametrize(("slug", "index", "section"), _cases())
def test_page_answers_like_the_command_line(slug, index, section, calculators, command_line,
                                            files):
    example = examples_doc(slug).data["examples"][index]
    calc = calculators(slug)
    watch = calc.watch
    names = set(calc.names())
    p = plan(slug, example, section, names)

    calc.reset()
    calc.fill(p.form)
    answer = calc.wait_answer()
    assert answer["errors"] == {}, f"the page refused the example's answers: {answer['errors']}"
    eligibility = answer["eligibility"]

    # The page was told what we entered, as typed.
    sent = calc.last_request()
    entered = _form_values(p.form)
    profile = {k: v for k, v in entered.items() if k in association(slug).facts_used()}
    assert sent["profile"] == profile

    if section != "eligibility":
        args = example[section].get("input") or {}
        code = args.get("category")
        if code and association(slug).category_by_code(code):
            assert eligibility["recommended"] == code, (
                f"the form state {p.form} should make the page recommend {code}")
        if section == "renewal" and args.get("track"):
            assert eligibility["track"] == args["track"]
    if not p.askable:
        # No renewal controls: the association publishes no renewal rules.
        assert answer["renewal"] is None
        cli = command_line.result([section, "--association", slug,
                                   "--endorsed-on", example[section]["input"]["endorsed_on"]])
        assert cli["published"] is False
        STATS["browser_examples_compared"] += 1
        return

    args = cli_arguments(slug, section, example, _form_values(p.form) | _effective(calc, p),
                         eligibility, files)
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
    # is also the one the example expects.
    example_on = example.get("on", examples_doc(slug).data.get("on"))
    whole = not p.not_askable and str(example_on) == eligibility["on"]
    if section == "renewal":
        code = (example[section].get("input") or {}).get("category")
        found = association(slug).category_by_code(code) if code else None
        whole = whole and found is not None and (
            not found[0].tracks or bool(example[section]["input"].get("track")))
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
    select has no blank choice: it shows its first term)."""
    if p.form.get("membership") and "term" not in p.form:
        return {"term": calc.control("term").input_value()}
    return {}
