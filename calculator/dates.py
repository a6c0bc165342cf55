"""Dates as people write them: the one parser for a date an applicant types.

A phone's number keypad has no hyphen, and nobody in the United States writes
2023-06-15 unprompted, so a date field takes what a person of the
association's country writes: ``06/15/2023``, ``6/15/2023``, ``June 15, 2023``,
``15 June 2023``, ``2023-06-15``, ``2023/6/5``, ``20230615``. The order of the
numbers in ``06/07/2023`` is the association's (``date_order`` in
association.yaml: ``month_first`` in the United States, ``day_first`` in most
other countries); a date starting with a four-digit year is always year, month,
day. Where the day does not matter (``allow_month``), ``06/2023`` and
``June 2023`` give the whole month.

Standard library only: this runs in the browser too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .formats import MONTHS

ORDERS = ("month_first", "day_first")
_MONTH_NAMES = {name.lower(): i + 1 for i, name in enumerate(MONTHS)}
_MONTH_NAMES.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)})
_MONTH_NAMES["sept"] = 9

_SEP = r"\s*[/.\-\s]\s*"
_YMD = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_XYY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d+)$")
_MY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{4}})$")
_YM = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})$")
_WORDS = re.compile(r"[a-z]+|\d+")


class DateNotRead(ValueError):
    """What was typed is not a date; the message says what to write."""


@dataclass(frozen=True)
class Typed:
    """A date as typed: one day, or a whole month where the day was left out."""

    first: date
    last: date

    @property
    def exact(self) -> bool:
        return self.first == self.last


def example(order: str) -> str:
    """How the association's people write June 15, 2023 with numbers."""
    return "15/06/2023" if order == "day_first" else "06/15/2023"


def pattern(order: str) -> str:
    return "DD/MM/YYYY" if order == "day_first" else "MM/DD/YYYY"


def hint(order: str, allow_month: bool = False) -> str:
    """The words shown under a date field."""
    words = f"For example, {example(order)} or June 15, 2023"
    if allow_month:
        words += "; or the month and year (06/2023) if you do not know the day"
    return words + "."


def _expected(order: str, allow_month: bool) -> str:
    return (f"enter a date such as {example(order)} ({pattern(order)}), 2023-06-15 "
            "(YYYY-MM-DD) or June 15, 2023"
            + (", or a month and year such as 06/2023" if allow_month else "") + ".")


def _day(y: int, m: int, d: int, order: str) -> date:
    if not 1 <= m <= 12:
        raise DateNotRead(f"there is no month {m}: {_expected(order, False)}")
    try:
        return date(y, m, d)
    except ValueError:
        raise DateNotRead(f"{MONTHS[m - 1]} {d}, {y} is not a real calendar date: "
                          "check the day.") from None


def _month(y: int, m: int, order: str) -> Typed:
    if not 1 <= m <= 12:
        raise DateNotRead(f"there is no month {m}: {_expected(order, True)}")
    last = 31
    while True:
        try:
            return Typed(date(y, m, 1), date(y, m, last))
        except ValueError:
            last -= 1


def _year(text: str, order: str, allow_month: bool) -> int:
    # Two digits are this century's (Endorsement began in 2002: nobody here
    # was endorsed in the 1900s): 6/15/23 is June 15, 2023.
    if len(text) == 2:
        return 2000 + int(text)
    if len(text) != 4:
        raise DateNotRead(f"write the year in full (2023, not {text}): "
                          + _expected(order, allow_month))
    year = int(text)
    if year < 1900:
        raise DateNotRead(f"{year} is too long ago: check the year.")
    return year


def read(raw: Any, order: str = "month_first", allow_month: bool = False) -> Typed:
    """A typed date; DateNotRead with what to write instead."""
    if isinstance(raw, date):
        return Typed(raw, raw)
    if not isinstance(raw, str) or not raw.strip():
        raise DateNotRead(_expected(order, allow_month))
    text = raw.strip().lower().rstrip(".")
    found = _YMD.match(text)
    if found:
        y, m, d = (int(g) for g in found.groups())
        one = _day(_year(found.group(1), order, allow_month), m, d, order)
        return Typed(one, one)
    found = _COMPACT.match(text)
    if found:
        y, m, d = (int(g) for g in found.groups())
        one = _day(y, m, d, order)
        return Typed(one, one)
    found = _XYY.match(text)
    if found:
        a, b = int(found.group(1)), int(found.group(2))
        y = _year(found.group(3), order, allow_month)
        m, d = (b, a) if order == "day_first" else (a, b)
        if m > 12 and d <= 12:
            # Day and month the other way round from the association's order.
            swapped = (f"{d:02}/{m:02}/{y}" if order == "month_first" else f"{m:02}/{d:02}/{y}")
            raise DateNotRead(f"there is no month {m}: did you mean {swapped} "
                              f"({pattern(order)})? You can also write {y}-{d:02}-{m:02} "
                              "(YYYY-MM-DD).")
        one = _day(y, m, d, order)
        return Typed(one, one)
    for shape, swap in ((_MY, False), (_YM, True)):
        found = shape.match(text)
        if found:
            m_text, y_text = (found.group(2), found.group(1)) if swap else found.groups()
            if not allow_month:
                raise DateNotRead("enter the day too: " + _expected(order, False))
            return _month(_year(y_text, order, True), int(m_text), order)
    return _words(text, order, allow_month)


def _words(text: str, order: str, allow_month: bool) -> Typed:
    """June 15, 2023 / 15 June 2023 / Jun 15th 2023 / June 2023."""
    parts = _WORDS.findall(text.replace("1st", "1").replace("2nd", "2").replace("3rd", "3")
                           .replace("th", ""))
    names = [p for p in parts if not p.isdigit()]
    numbers = [p for p in parts if p.isdigit()]
    if len(names) != 1 or names[0] not in _MONTH_NAMES or not 1 <= len(numbers) <= 2:
        raise DateNotRead(_expected(order, allow_month))
    month = _MONTH_NAMES[names[0]]
    years = [n for n in numbers if len(n) > 2]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) != 1:
        raise DateNotRead("write the year in full, for example June 15, 2023.")
    year = _year(years[0], order, allow_month)
    if not days:
        if not allow_month:
            raise DateNotRead("enter the day too: " + _expected(order, False))
        return _month(year, month, order)
    one = _day(year, month, int(days[0]), order)
    return Typed(one, one)
