"""Raw answers read once: what people typed, into the typed values the engine takes.

The command line, the worked examples and the browser all describe a question
as a plain mapping (``{"category": "IFS", "membership": "agency", "term": 1}``)
of what a person typed; ``service.run`` reads each answer with the readers
here, so a date typed as "02/30/2027" or hours typed as "ten" get the same
message everywhere. This module knows nothing of the rules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import dates
from ..errors import InputError
from ..numbers import parse_number

SECTIONS = ("eligibility", "fees", "agency", "renewal")
KEYS = {
    "eligibility": ("profile",),
    "fees": ("category", "add_ons", "membership", "term", "staff", "member"),
    "agency": ("applications", "add_ons", "term", "staff"),
    "renewal": ("endorsed_on", "as_of", "category", "track", "add_ons", "provides_rsc",
                "logged", "last_renewed"),
}
# What the visitor came to work out: each route asks its own questions.
ROUTES = ("apply", "renew", "agency")
MEMBERSHIP_KINDS = ("individual", "agency")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def typed_date(value: Any, field: str, order: str = "month_first",
               allow_month: bool = False) -> dates.Typed:
    """A date as a person wrote it (see ``dates``): a day, or a whole month."""
    if blank(value):
        raise InputError({field: f"enter a date, for example {dates.example(order)} or "
                                 "June 15, 2023."})
    try:
        return dates.read(value, order, allow_month)
    except dates.DateNotRead as err:
        raise InputError({field: str(err)}) from None


def parse_date(value: Any, field: str, default: date | None = None,
               order: str = "month_first") -> date:
    """One day, as a person wrote it; ``default`` when left blank."""
    if blank(value) and default is not None:
        return default
    return typed_date(value, field, order).first


def whole(value: Any, field: str, minimum: int, maximum: int) -> int | None:
    if blank(value):
        return None
    try:
        number = parse_number(value)
    except ValueError:
        raise InputError({field: "enter a whole number."}) from None
    if not number.is_integer():
        raise InputError({field: "enter a whole number."})
    if not minimum <= number <= maximum:
        raise InputError({field: f"enter a whole number from {minimum} to {maximum}."})
    return int(number)


def flag(value: Any) -> bool:
    """A yes/no from a checkbox, JSON or a command line: only clear yeses count."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return value is True
