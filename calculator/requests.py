"""Raw requests into engine calls: the one mapping shared by every caller.

The command line, the worked examples and the browser all describe a question
as a plain mapping (``{"category": "IFS", "membership": "agency", "term": 1}``)
of what a person typed, and all three go through :func:`run`, so a date typed
as "2027-02-30" or hours typed as "ten" get the same message everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .errors import InputError
from .numbers import parse_number
from .schema import INVALID, parse_iso_date

SECTIONS = ("eligibility", "fees", "renewal")
KEYS = {
    "eligibility": ("profile",),
    "fees": ("category", "add_ons", "membership", "term", "staff", "member"),
    "renewal": ("endorsed_on", "as_of", "category", "track", "provides_rsc", "logged",
                "last_renewed"),
}
MEMBERSHIP_KINDS = ("individual", "agency")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: Any, field: str, default: date | None = None) -> date:
    if blank(value):
        if default is not None:
            return default
        raise InputError({field: "enter a date (YYYY-MM-DD)."})
    errors: dict[str, str] = {}

    def fail(message: str) -> Any:
        errors[field] = message
        return INVALID

    parsed = parse_iso_date(value.strip() if isinstance(value, str) else value, "the date", fail)
    if parsed is INVALID:
        raise InputError(errors)
    return parsed


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


def run(association: Any, section: str, request: Any, on: Any = None) -> dict[str, Any]:
    """One question, asked with a raw request of ``KEYS[section]``."""
    from . import service  # the service asks the model; this module only maps

    if not isinstance(request, dict):
        raise InputError({section: f"the {section} question must be an object of "
                                   f"{', '.join(KEYS[section])}."})
    unknown = sorted(set(request) - set(KEYS[section]))
    if unknown:
        raise InputError({section: f"unknown keys {', '.join(unknown)}; use "
                                   f"{', '.join(KEYS[section])}."})
    if section == "eligibility":
        return service.eligibility(association, request.get("profile") or {}, on)
    if section == "fees":
        return service.fees(association, request.get("category"), request.get("add_ons") or (),
                            request.get("membership"), request.get("term"),
                            request.get("staff"), on, member=flag(request.get("member")))
    return service.renewal(association, request.get("endorsed_on"),
                           request.get("as_of") if not blank(request.get("as_of")) else on,
                           request.get("category"), request.get("track"),
                           flag(request.get("provides_rsc")), request.get("logged"),
                           last_renewed=request.get("last_renewed"))
