"""Dates as people write them (calculator/dates.py): every spelling an
applicant in the association's country may type gives the same day as
YYYY-MM-DD, and a date that cannot be read says what to write instead."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator import dates

JUNE_15 = date(2023, 6, 15)


@pytest.mark.parametrize("typed", [
    "06/15/2023", "6/15/2023", "2023-06-15", "2023/06/15", "20230615", "2023-6-15",
    "June 15 2023", "June 15, 2023", "june 15th, 2023", "Jun 15 2023", "15 June 2023",
    " 06/15/2023 ", "06-15-2023", "06.15.2023", "2023 6 15", "6/15/23",
])
def test_a_us_applicant_writes_june_15(typed):
    read = dates.read(typed, "month_first")
    assert (read.first, read.last) == (JUNE_15, JUNE_15)


@pytest.mark.parametrize("typed", ["15/06/2023", "15/6/2023", "15 June 2023", "2023-06-15"])
def test_day_first_association(typed):
    assert dates.read(typed, "day_first").first == JUNE_15


def test_06_07_follows_the_association():
    assert dates.read("06/07/2023", "month_first").first == date(2023, 6, 7)
    assert dates.read("06/07/2023", "day_first").first == date(2023, 7, 6)


@pytest.mark.parametrize("typed", ["06/2023", "6/2023", "June 2023", "2023-06", "jun 2023"])
def test_month_and_year_where_the_day_does_not_matter(typed):
    read = dates.read(typed, "month_first", allow_month=True)
    assert (read.first, read.last, read.exact) == (date(2023, 6, 1), date(2023, 6, 30), False)
    with pytest.raises(dates.DateNotRead, match="enter the day too"):
        dates.read(typed, "month_first")


def test_february_of_a_leap_year_ends_on_the_29th():
    assert dates.read("02/2024", allow_month=True).last == date(2024, 2, 29)


@pytest.mark.parametrize(("typed", "words"), [
    ("02/30/2023", "February 30, 2023 is not a real calendar date"),
    ("2023-02-29", "not a real calendar date"),
    ("13/15/2023", "there is no month 13"),
    ("6/15/202", "write the year in full"),
    ("June 15", "write the year in full"),
    ("yesterday", "06/15/2023 (MM/DD/YYYY)"),
    ("", "06/15/2023"),
    ("15/06/2023", "there is no month 15: did you mean 06/15/2023 (MM/DD/YYYY)?"),
])
def test_what_cannot_be_read_says_what_to_write(typed, words):
    with pytest.raises(dates.DateNotRead) as err:
        dates.read(typed, "month_first")
    assert words in str(err.value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
       st.sampled_from(["%m/%d/%Y", "%Y-%m-%d", "%B %d, %Y", "%b %d %Y", "%d %B %Y", "%Y%m%d",
                        "%Y/%m/%d"]))
def test_every_spelling_gives_the_same_day(day, spelling):
    assert dates.read(day.strftime(spelling), "month_first").first == day
