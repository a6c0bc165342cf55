"""Test-session hooks: the figures the README cites, printed after every run.

The engine tests count what they ran in ``engine_helpers.STATS``.
"""

from __future__ import annotations

from engine_helpers import STATS


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    figures = {k: v for k, v in STATS.items() if v}
    if not figures:
        return
    if STATS["property_cases"]:
        figures["property_unexpected"] = STATS["property_unexpected"]
    terminalreporter.section("IECMH calculator figures")
    labels = {
        "examples_passed": "worked examples passed",
        "broken_fixtures_refused": "broken-content fixtures refused (file, line, message)",
        "property_cases": "engine property cases run",
        "property_answered": "  answered",
        "property_refused": "  refused with the package's own error (CalculatorError)",
        "property_unexpected": "  unexpected errors (anything else)",
    }
    for key, value in figures.items():
        terminalreporter.write_line(f"{labels[key]}: {value:,}")
