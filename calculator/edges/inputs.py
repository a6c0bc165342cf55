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


# The kinds of hours an endorsee logs toward renewal (the form's `logged.*` fields).
LOGGED_FIELDS = ("training_attended", "training_provided", "volunteering",
                 "rsc_provision_training", "rsc_hours")


def logged_hours(raw: Any) -> dict[str, Any]:
    """Hours logged so far: ``{"training_attended": 20, "topics": {"dei": 1}}``."""
    if not isinstance(raw, dict):
        raise InputError({"logged": "the logged hours must be a JSON object such as "
                                    '{"training_attended": 20}.'})
    errors: dict[str, str] = {}
    logged: dict[str, Any] = {}

    def hours(name: str, value: Any) -> float | None:
        try:
            number = parse_number(value)
        except ValueError:
            errors[name] = "enter a number of hours, 0 or more."
            return None
        if number < 0:
            errors[name] = "enter a number of hours, 0 or more."
        elif number > 100000:
            errors[name] = "must be 100000 or less."
        else:
            return number
        return None

    flat = {k[len("topics."):]: v for k, v in raw.items()
            if isinstance(k, str) and k.startswith("topics.")}
    if flat:  # the form's control names: "topics.dei"
        raw = {k: v for k, v in raw.items() if k not in {f"topics.{t}" for t in flat}}
        raw["topics"] = {**(raw.get("topics") if isinstance(raw.get("topics"), dict) else {}),
                         **flat}
    for name, value in raw.items():
        if name == "topics":
            if not isinstance(value, dict):
                errors["logged.topics"] = ('the topic hours must be an object such as '
                                           '{"dei": 1}.')
                continue
            topics = {}
            for topic, amount in value.items():
                if amount is None or amount == "":
                    continue
                number = hours(f"logged.topics.{topic}", amount)
                if number is not None:
                    topics[str(topic)] = number
            logged["topics"] = topics
            continue
        if name not in LOGGED_FIELDS:
            errors[f"logged.{name}"] = (f"'{name}' is not a kind of logged hours; use "
                                        f"{', '.join(LOGGED_FIELDS)} or topics.")
            continue
        if value is None or value == "":
            continue
        number = hours(f"logged.{name}", value)
        if number is not None:
            logged[name] = number
    if errors:
        raise InputError(errors)
    return logged
