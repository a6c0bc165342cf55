"""The one number parser: what applicants type, as the pages print numbers."""

from __future__ import annotations

import pytest

from calculator.numbers import parse_number


@pytest.mark.parametrize(("typed", "value"), [
    ("1,200", 1200),          # thousands, as the pages print them ("1,200 hours")
    ("12,345.5", 12345.5),
    ("1,000,000", 1_000_000),
    ("12,5", 12.5),           # a decimal comma
    ("1,5", 1.5),
    ("12,50", 12.5),
    ("0,500", 0.5),           # a leading 0 groups no thousands
    (" 33 ", 33),
    ("1e3", 1000),
])
def test_typed_numbers(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["ten", "1,2,3", "1,200,5", "", "nan", "inf", "1e999"])
def test_not_numbers(typed):
    with pytest.raises(ValueError):
        parse_number(typed)
