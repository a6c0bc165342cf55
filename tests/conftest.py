"""Test-session hooks: the figures the README cites, printed after every run.

The engine tests count what they ran in ``engine_helpers.STATS``.
"""

from __future__ import annotations

from engine_helpers import STATS

# Browser figures (tests/browser/), counted by the browser tests.
STATS.update({
    "browser_examples_compared": 0,
    "browser_fields_compared": 0,
    "browser_pages_checked": 0,
    "browser_requests": 0,
    "browser_third_party_requests": 0,
    "browser_console_errors": 0,
    "browser_csp_violations": 0,
    "browser_longest_long_task_ms": 0,
    "axe_runs": 0,
    "axe_violations_pages": 0,
    "axe_violations_calc_empty": 0,
    "axe_violations_calc_partly_filled": 0,
    "axe_violations_calc_error": 0,
    "axe_violations_calc_result": 0,
    "keyboard_only_runs_completed": 0,
    "fuzz_fills": 0,
    "fuzz_valid_profiles_compared": 0,
    "fuzz_tracebacks": 0,
    "fuzz_missing_field_messages": 0,
    "fuzz_mismatches": 0,
    "layout_checks": 0,
    "lighthouse_pages": 0,
    "lighthouse_pages_below_100": 0,
    "editor_form_ms": 0,
    "editor_save_to_commit_ms": 0,
})
# Figures shown even when 0, once the figure they belong to was counted.
SHOWN_WITH = {
    "property_unexpected": "property_cases",
    "browser_third_party_requests": "browser_pages_checked",
    "browser_console_errors": "browser_pages_checked",
    "browser_csp_violations": "browser_pages_checked",
    "browser_longest_long_task_ms": "browser_pages_checked",
    "axe_violations_pages": "axe_runs",
    "axe_violations_calc_empty": "axe_runs",
    "axe_violations_calc_partly_filled": "axe_runs",
    "axe_violations_calc_error": "axe_runs",
    "axe_violations_calc_result": "axe_runs",
    "lighthouse_pages_below_100": "lighthouse_pages",
    "fuzz_tracebacks": "fuzz_fills",
    "fuzz_missing_field_messages": "fuzz_fills",
    "fuzz_mismatches": "fuzz_fills",
}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    figures = {k: v for k, v in STATS.items() if v or STATS.get(SHOWN_WITH.get(k, ""))}
    if not figures:
        return
    terminalreporter.section("IECMH calculator figures")
    labels = {
        "examples_passed": "worked examples passed",
        "broken_fixtures_refused": "broken-content fixtures refused (file, line, message)",
        "property_cases": "engine property cases run",
        "property_answered": "  answered",
        "property_refused": "  refused with the package's own error (CalculatorError)",
        "property_unexpected": "  unexpected errors (anything else)",
        "browser_examples_compared": "worked examples entered in the browser, same answer as "
                                     "the command line",
        "browser_fields_compared": "  answer fields compared",
        "browser_pages_checked": "pages checked in chromium",
        "editor_form_ms": "staff editor: fees form shown after opening it (ms)",
        "editor_save_to_commit_ms": "staff editor: Save to the commit on the review branch (ms)",
        "browser_requests": "  requests (all to the site's own origin)",
        "browser_third_party_requests": "  third-party requests",
        "browser_console_errors": "  console errors, page errors",
        "browser_csp_violations": "  CSP violations",
        "browser_longest_long_task_ms": "longest main-thread task while Python boots (ms)",
        "axe_runs": "axe-core runs (pages and calculator states, light and dark)",
        "axe_violations_pages": "  violations on the pages",
        "axe_violations_calc_empty": "  violations, calculator empty",
        "axe_violations_calc_partly_filled": "  violations, calculator partly filled",
        "axe_violations_calc_error": "  violations, calculator with errors",
        "axe_violations_calc_result": "  violations, calculator with a result",
        "keyboard_only_runs_completed": "keyboard-only runs completed",
        "layout_checks": "calculator layout checks (360/768/1280 px, light and dark, 4 states)",
        "lighthouse_pages": "Lighthouse runs, one per page kind (a11y, best practices, SEO)",
        "lighthouse_pages_below_100": "  page kinds scoring below 100",
        "fuzz_fills": "browser fuzz fills",
        "fuzz_valid_profiles_compared": "  valid profiles compared with the command line",
        "fuzz_tracebacks": "  tracebacks shown",
        "fuzz_missing_field_messages": "  bad answers without a message beside the field",
        "fuzz_mismatches": "  mismatches with the command line",
        "live_reload_ms": "serve: edit to new value in the open page (ms, each run)",
    }
    for key, value in figures.items():
        shown = ", ".join(f"{v:,}" for v in value) if isinstance(value, list) else f"{value:,}"
        terminalreporter.write_line(f"{labels[key]}: {shown}")
