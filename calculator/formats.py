"""Figures in words: money, numbers, years, dates, plurals.

The one formatter of the project: the engine's messages, the calculator's
display block (``presentation``) and the informational pages (``sitegen``) all
print a figure through here, so a page and the calculator never print it two
ways. Standard library only (it runs in the browser too); it imports nothing
of the engine, so every module may import it.
"""

from __future__ import annotations

from datetime import date

SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "AUD": "A$"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def number(value: float | int) -> str:
    """1234 -> "1,234"; 2.5 -> "2.5"; 12.345 -> "12.35". Not for years: see ``year``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def year(value: date | int) -> str:
    """A calendar year, never with a thousands separator ("2027", not "2,027")."""
    return str(value.year if isinstance(value, date) else int(value))


NOT_PUBLISHED_AMOUNT = "amount not published: ask the association"


def money(amount: float | int | None, currency: str) -> str:
    """$1,234 / CA$1,234 / €12.50 / 1,234 CHF: whole amounts without cents. An
    amount the association does not publish (None, or not_published in the
    rules) reads "amount not published: ask the association"."""
    if amount is None or isinstance(amount, bool) or not isinstance(amount, int | float):
        return NOT_PUBLISHED_AMOUNT
    if isinstance(amount, float) and not amount.is_integer():
        shown = f"{amount:,.2f}"
    else:
        shown = f"{int(amount):,}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{shown}" if symbol else f"{shown} {currency}"


def day_of_year(value: date | tuple[int, int]) -> str:
    """A day without its year: a date, or a (month, day) pair such as a
    deadline written MM-DD -> "October 1"."""
    month, day_ = (value.month, value.day) if isinstance(value, date) else value
    return f"{MONTHS[month - 1]} {day_}"


def day(value: date | str | None) -> str:
    """2027-12-31 (a date or its ISO text) -> "December 31, 2027"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def plural(count: float | int, unit: str) -> str:
    """The unit for a count: 1 family, 2 families; 1 year, 3 years."""
    if count != 1 or not unit:
        return unit
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    return unit[:-1] if unit.endswith("s") else unit
