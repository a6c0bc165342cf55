"""Shared helpers for the engine tests (tests/test_*.py).

Test modules import them with ``from engine_helpers import ...`` (pytest puts
this folder on ``sys.path``; a plain module rather than conftest.py because
tests/site/ has a conftest.py of its own). ``STATS`` collects the figures the
README cites; tests/conftest.py prints them at the end of every run.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sitegen.paths import PROJECT as ROOT

CONTENT = ROOT / "content"
SLUGS = ("infancy-onward", "aimh-example")

# Figures reported at the end of the run (see pytest_terminal_summary).
STATS: dict[str, int] = {
    "examples_passed": 0,
    "broken_fixtures_refused": 0,
    "property_cases": 0,
    "property_answered": 0,
    "property_refused": 0,
    "property_unexpected": 0,
}


@functools.cache
def content():
    """The project's content, loaded once (ContentError if it is broken)."""
    from calculator.contentfiles.repository import load_content

    return load_content(CONTENT)


def association(slug: str):
    return content().associations[slug]


def all_codes(a) -> list[str]:
    """Every code an applicant may name: each category's in each variant, each add-on's."""
    return [code for c in a.categories for code in c.codes.values()] + [x.code for x in a.add_ons]


def examples_path(slug: str) -> Path:
    return CONTENT / "associations" / slug / "examples.yaml"


@functools.cache
def examples_doc(slug: str):
    from calculator.contentfiles.examples import load_examples

    return load_examples(examples_path(slug))


@functools.cache
def example_outcomes(slug: str) -> dict[tuple[str, str], Any]:
    """Runner outcomes of one association's examples, keyed by (name, section)."""
    from calculator.contentfiles.examples import run_examples

    outcomes = run_examples(association(slug), examples_doc(slug))
    return {(o.name, o.section): o for o in outcomes}


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m calculator ARGS`` from the project folder, as a user would run it."""
    environment = {k: v for k, v in os.environ.items() if k != "IECMH_CONTENT"}
    environment["PYTHONIOENCODING"] = "utf-8"
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT,
                          input=stdin, capture_output=True, text=True, encoding="utf-8",
                          env=environment, timeout=timeout, check=False)


def cli_json(*args: str, stdin: str | None = None) -> dict[str, Any]:
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr}"
    assert done.stderr == ""
    return json.loads(done.stdout)
