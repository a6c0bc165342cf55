"""Entry points for the in-browser calculator (called from the Pyodide worker).

Strings in, strings out: the worker passes JSON text and gets JSON text back,
so no Python object ever crosses into JavaScript and nothing needs freeing.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import CalculatorError
from ..model.association import Association, load_association, load_facts
from .display import with_display
from .service import answer

_loaded: dict[str, Association] = {}


def setup(rules_json: str) -> str:
    """Build the association from the JSON exported by build.py; returns its slug."""
    document = json.loads(rules_json)
    catalog = load_facts(document["facts"])
    association = load_association(document["slug"], document["rules"], catalog)
    _loaded[association.slug] = association
    return association.slug


def answer_json(slug: str, request_json: str) -> str:
    """The full answer for one state of the form; never raises."""
    try:
        request: Any = json.loads(request_json)
        association = _loaded[slug]
        # The engine's answer (the contract, as the command line prints it)
        # plus a "display" block: every string the page shows, formatted in
        # Python once.
        result = with_display(association, request, answer(association, request))
    except (ValueError, KeyError, CalculatorError) as err:  # bad JSON from a broken page
        result = {"eligibility": None, "fees": None, "renewal": None,
                  "errors": {"form": f"the calculator could not read the form: {err}"},
                  "display": None}
    return json.dumps(result, ensure_ascii=False)
