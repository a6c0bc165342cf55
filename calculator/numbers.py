"""Numbers: the one parser for what people type and the one rounding rule.

Applicants type hours and counts into a form or a JSON file ("12,5", "ten",
"1e999"); every number the engine reads from a person goes through
:func:`parse_number`, and every number it reports goes through :func:`clean`
(cents of an hour or of a currency unit; whole numbers print without ``.0``).
"""

from __future__ import annotations

import math
import re
from typing import Any

# 1,200 / 12,345,678.5: digits grouped by three with commas (never "1,5", "12,50"
# or "0,500", which are decimal commas).
_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?$")


def parse_number(raw: Any) -> float:
    """A finite number from a JSON number or typed text; ValueError otherwise.

    Commas that group thousands, as the pages print numbers, are dropped
    ("1,200" and "12,345.5"); any other single comma is a decimal comma ("12,5"
    is 12.5), as the form is used in countries that write it so. Booleans are
    not numbers.
    """
    if isinstance(raw, bool):
        raise ValueError("not a number")
    if isinstance(raw, str):
        text = raw.strip()
        if _GROUPED.match(text):
            text = text.replace(",", "")
        elif text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        value = float(text)  # ValueError for "ten", "1,2,3"
    elif isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # an int beyond any float
            value = math.inf
    else:
        raise ValueError("not a number")
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def clean(number: float | int) -> float | int:
    """Rounded to cents; whole numbers as int (JSON prints 33, not 33.0)."""
    if type(number) is int:
        return number
    rounded = round(number, 2)
    return int(rounded) if float(rounded).is_integer() else rounded


def shortfall(number: float | int) -> float | int:
    """What is missing, rounded like everything else but never to 0:
    32.999 of 33 hours still falls short."""
    cleaned = clean(number)
    return cleaned if cleaned else float(f"{number:.2g}")


def words(number: float | int) -> str:
    """A number as it reads in a sentence of a message: 2, 0.5."""
    return str(clean(number))
