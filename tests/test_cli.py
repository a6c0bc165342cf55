"""The command-line contract of ``python -m calculator``, run as a user runs it.

Good input prints the documented JSON keys with status 0; bad input exits with
status 2 and exactly one line on stderr (never a traceback, nothing on stdout).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_helpers import cli_json, run_cli

IFS_PROFILE = {"age_focus": "infant", "scope": "prevention", "work_years": 2,
               "families_served": 10, "training_hours": 33, "references": 3, "rsc_hours": 24}


def _write(tmp_path: Path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


# --- good input ---------------------------------------------------------------------

def test_eligibility_contract(tmp_path: Path) -> None:
    out = cli_json("eligibility", "--association", "infancy-onward", "--on", "2026-11-25",
                   _write(tmp_path, "p.json", IFS_PROFILE))
    assert {"recommended", "eligible", "gaps", "exam_required", "categories"} <= set(out)
    assert out["recommended"] == "IFS"
    assert out["eligible"] is True
    assert out["gaps"] == []
    assert out["exam_required"] is False
    assert set(out["categories"]) == {"IFA", "IFS", "IMHS", "IMHM"}
    for result in out["categories"].values():
        assert {"eligible", "gaps"} <= set(result)
        assert result["eligible"] is (result["gaps"] == [])


def test_eligibility_gap_contract(tmp_path: Path) -> None:
    profile = {**IFS_PROFILE, "age_focus": "early_childhood", "training_hours": 32.5}
    out = cli_json("eligibility", "--association", "infancy-onward", "--on", "2026-11-25",
                   _write(tmp_path, "p.json", profile))
    assert out["recommended"] == "ECFS"
    assert out["eligible"] is False
    [gap] = out["gaps"]
    assert {"requirement", "need", "have"} <= set(gap)
    assert (gap["requirement"], gap["need"], gap["have"]) == ("training", 33, 32.5)
    assert set(out["categories"]) == {"ECFA", "ECFS", "ECMHS", "ECMHM"}


def test_eligibility_from_standard_input() -> None:
    out = cli_json("eligibility", "--association", "aimh-example", "--on", "2026-11-25", "-",
                   stdin=json.dumps({"scope": "clinical"}))
    assert out["recommended"] == "IMHS"
    assert out["exam_required"] is True
    assert out["eligible"] is False


def test_fees_contract() -> None:
    out = cli_json("fees", "--association", "infancy-onward", "--category", "IMHM",
                   "--add-on", "ERS", "--membership", "agency", "--term", "1", "--staff", "7",
                   "--on", "2026-11-25")
    assert {k: out[k] for k in ("registration", "processing", "add_ons", "membership", "total",
                                "currency")} == {"registration": 25, "processing": 300,
                                                 "add_ons": 50, "membership": 315,
                                                 "total": 690, "currency": "USD"}


def test_fees_individual_membership() -> None:
    out = cli_json("fees", "--association", "infancy-onward", "--category", "ECFA",
                   "--membership", "individual", "--term", "3", "--on", "2026-11-25")
    assert (out["registration"], out["processing"], out["add_ons"], out["membership"],
            out["total"]) == (15, 25, 0, 135, 175)


def test_fees_unpublished_is_a_message_with_status_0() -> None:
    done = run_cli("fees", "--association", "aimh-example", "--category", "IFA")
    assert done.returncode == 0
    assert done.stderr == ""
    out = json.loads(done.stdout)
    assert out["published"] is False
    assert "not published" in out["message"]
    assert "total" not in out


def test_renewal_contract() -> None:
    out = cli_json("renewal", "--association", "infancy-onward", "--endorsed-on", "2025-12-31",
                   "--as-of", "2027-10-01", "--category", "IMHM", "--track", "clinical",
                   "--provides-rsc")
    assert {k: out[k] for k in ("deadline", "window_opens", "years_endorsed", "training_hours",
                                "rsc_provision_training_hours", "rsc_hours",
                                "renewal_required")} == {
        "deadline": "2027-12-31", "window_opens": "2027-10-01", "years_endorsed": 2,
        "training_hours": 30, "rsc_provision_training_hours": 6, "rsc_hours": 24,
        "renewal_required": True}
    assert out["window_open"] is True
    assert "met" not in out and "counted_training_hours" not in out


def test_renewal_policy_track_needs_no_rsc() -> None:
    out = cli_json("renewal", "--association", "infancy-onward", "--endorsed-on", "2019-01-01",
                   "--as-of", "2028-01-01", "--category", "IMHM", "--track", "policy")
    assert (out["deadline"], out["years_endorsed"], out["training_hours"], out["rsc_hours"],
            out["rsc_provision_training_hours"]) == ("2030-12-31", 3, 45, 0, 0)


def test_renewal_skips_the_deadline_in_the_year_earned() -> None:
    out = cli_json("renewal", "--association", "infancy-onward", "--endorsed-on", "2027-03-01",
                   "--as-of", "2027-06-01")
    assert (out["deadline"], out["years_endorsed"], out["renewal_required"]) == \
        ("2030-12-31", 3, True)
    assert out["skipped_deadline"] == "2027-12-31"


def test_renewal_logged(tmp_path: Path) -> None:
    logged = _write(tmp_path, "logged.json", {"training_attended": 10, "training_provided": 30,
                                              "volunteering": 12, "rsc_provision_training": 0,
                                              "rsc_hours": 30})
    out = cli_json("renewal", "--association", "infancy-onward", "--endorsed-on", "2019-05-01",
                   "--as-of", "2027-11-01", "--category", "IFS", "--logged", logged)
    assert out["counted_training_hours"] == 42.5  # 10 + 22.5 (50% cap) + 10 (cap)
    assert out["met"] is False
    assert {s["requirement"]: s["shortfall"] for s in out["shortfalls"]} == \
        {"training_hours": 2.5, "rsc_hours": 6}


def test_renewal_logged_met(tmp_path: Path) -> None:
    logged = _write(tmp_path, "logged.json", {"training_attended": 45, "rsc_hours": 36})
    out = cli_json("renewal", "--association", "infancy-onward", "--endorsed-on", "2019-05-01",
                   "--as-of", "2027-11-01", "--category", "IFS", "--logged", logged)
    assert (out["counted_training_hours"], out["met"], out["shortfalls"]) == (45, True, [])


def test_renewal_unpublished_is_a_message_with_status_0() -> None:
    out = cli_json("renewal", "--association", "aimh-example", "--endorsed-on", "2024-01-01",
                   "--as-of", "2026-11-25")
    assert out["published"] is False
    assert out["message"]


# --- bad input ----------------------------------------------------------------------

BAD = {
    # name: (arguments, file contents to write as {name}.json or None, piece of the message)
    "negative hours in the profile": (
        ["eligibility", "--association", "infancy-onward", "{file}"],
        {"training_hours": -1}, "0 or more"),
    "text where a number belongs in the profile": (
        ["eligibility", "--association", "infancy-onward", "{file}"],
        {"training_hours": "ten"}, "enter a number"),
    "a number too big for any computer in the profile": (
        ["eligibility", "--association", "infancy-onward", "{file}"],
        '{"training_hours": 1' + "0" * 400 + "}", "enter a number"),
    "infinite hours in the profile": (
        ["eligibility", "--association", "infancy-onward", "{file}"],
        '{"training_hours": 1e999}', "enter a number"),
    "profile that is not a JSON object": (
        ["eligibility", "--association", "infancy-onward", "{file}"], [1, 2], "JSON object"),
    "unknown fact in the profile": (
        ["eligibility", "--association", "infancy-onward", "{file}"],
        {"hours": 3}, "not a question"),
    "malformed profile JSON": (
        ["eligibility", "--association", "infancy-onward", "{file}"],
        '{"training_hours": 33,', "not valid JSON"),
    "empty profile file": (
        ["eligibility", "--association", "infancy-onward", "{file}"], "", "not valid JSON"),
    "missing profile file": (
        ["eligibility", "--association", "infancy-onward", "no-such-profile.json"], None,
        "cannot read"),
    "impossible date for eligibility": (
        ["eligibility", "--association", "infancy-onward", "--on", "2027-02-30", "{file}"],
        {}, "not a real calendar date"),
    "unknown association": (
        ["fees", "--association", "nowhere", "--category", "IFS"], None, "nowhere"),
    "unknown association for eligibility": (
        ["eligibility", "--association", "Infancy Onward", "{file}"], {}, "no association"),
    "unknown category for fees": (
        ["fees", "--association", "infancy-onward", "--category", "XYZ"], None,
        "unknown category"),
    "early-childhood code at an infant-only association": (
        ["fees", "--association", "aimh-example", "--category", "ECFS"], None,
        "unknown category"),
    "unknown add-on": (
        ["fees", "--association", "infancy-onward", "--category", "IFS", "--add-on", "XRS"],
        None, "unknown add-on"),
    "negative number of staff": (
        ["fees", "--association", "infancy-onward", "--category", "IFS", "--membership",
         "agency", "--term", "1", "--staff", "-3"], None, "whole number"),
    "text where the term belongs": (
        ["fees", "--association", "infancy-onward", "--category", "IFS", "--membership",
         "individual", "--term", "two"], None, "whole number"),
    "membership term not offered": (
        ["fees", "--association", "infancy-onward", "--category", "IFS", "--membership",
         "individual", "--term", "5"], None, "not offered"),
    "unknown membership kind": (
        ["fees", "--association", "infancy-onward", "--category", "IFS", "--membership",
         "family", "--term", "1"], None, "invalid choice"),
    "impossible date for fees": (
        ["fees", "--association", "infancy-onward", "--category", "IFS", "--on",
         "2027-02-30"], None, "not a real calendar date"),
    "date before the rules took effect": (
        ["fees", "--association", "infancy-onward", "--category", "IFS", "--on",
         "2020-01-01"], None, "no rule is in force"),
    "impossible endorsement date": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2027-02-30"], None,
        "not a real calendar date"),
    "date written day/month/year": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "31/12/2020"], None,
        "YYYY-MM-DD"),
    "renewal asked in the year 9999": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2020-01-01",
         "--as-of", "9999-06-01"], None, "choose an earlier date"),
    "endorsed after the date of the question": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2028-01-01",
         "--as-of", "2027-01-01"], None, "after the date"),
    "unknown category for renewal": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2020-01-01",
         "--category", "XYZ"], None, "unknown category"),
    "unknown track for renewal": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2020-01-01",
         "--category", "IMHM", "--track", "teaching"], None, "no track"),
    "negative logged hours": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2020-01-01",
         "--logged", "{file}"], {"training_attended": -2}, "0 or more"),
    "text in logged hours": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2020-01-01",
         "--logged", "{file}"], {"rsc_hours": "many"}, "enter a number"),
    "malformed logged JSON": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2020-01-01",
         "--logged", "{file}"], "{rsc_hours: 3}", "not valid JSON"),
    "missing logged file": (
        ["renewal", "--association", "infancy-onward", "--endorsed-on", "2020-01-01",
         "--logged", "no-such-logged.json"], None, "cannot read"),
    "missing required argument": (["fees", "--association", "infancy-onward"], None,
                                  "--category"),
    "unknown subcommand": (["apply", "--association", "infancy-onward"], None,
                           "invalid choice"),
    "no subcommand": ([], None, "required"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_2_with_one_line(case: str, tmp_path: Path) -> None:
    args, contents, message = BAD[case]
    if contents is not None:
        path = _write(tmp_path, "input.json", contents)
        args = [a.replace("{file}", path) for a in args]
    done = run_cli(*args)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    assert message.lower() in lines[0].lower(), lines[0]


def test_several_bad_answers_are_one_line(tmp_path: Path) -> None:
    profile = _write(tmp_path, "p.json", {"training_hours": -1, "references": "three",
                                          "scope": "therapy"})
    done = run_cli("eligibility", "--association", "infancy-onward", profile)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    for field in ("training_hours", "references", "scope"):
        assert field in line


def test_help_is_not_an_error() -> None:
    done = run_cli("--help")
    assert done.returncode == 0
    for command in ("eligibility", "fees", "renewal"):
        assert command in done.stdout
