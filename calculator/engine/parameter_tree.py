"""Every dated value of a rule book, found by walking the model, with a stable name and a label.

The pages' "published changes ahead" notices, the "What's changing" page, the
Atom feed and ``build.py changes`` all need the list of every dated value of an
association. Kept by hand, such a list forgets whatever is added later (it had
already missed the renewal deadline and window and the agency's included staff),
so it is found instead: ``parameter_tree(association, data)`` walks the model
(dataclass fields, tuples, lists, dict values, recursively) and returns every
:class:`~calculator.parameters.Parameter` it reaches, whatever new keys the rules
grow.

Names come from ``Parameter.path`` (where the value sits in the content data,
file first). A list index in that path is replaced by the list item's ``id`` or
``code`` when it has one, so that inserting a requirement above another does not
rename it: ``categories.categories.family_specialist.requirements.training.at_least``.

Labels are for applicants: the names of the things the path goes through (a
category's ``name``, a requirement's topic and wording), then the value's own
key in words ("Family Specialist processing fee").

Standard library only: this module ships to the browser with the engine.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..model.parameters import Parameter

# Keys of the content data that only hold a list or a mapping of named things:
# left out of labels ("categories.categories.X.requirements.Y" reads "X, Y").
_CONTAINERS = frozenset({"categories", "requirements", "tracks", "add_ons", "application",
                         "terms", "any_of", "alternatives", "membership", "fee_lines",
                         "topics", "fees", "rsc_after_years"})

# The value's own key in words, for the keys whose plain spelling reads badly.
# Any other key is shown with its underscores as spaces, so new keys need no entry.
_WORDING = {
    "registration": "registration fee",
    "processing": "processing fee",
    "at_least": "",  # the requirement's wording already says what is needed
    "one_of": "",
    "exam": "exam required",
    "base": "base price",
    "price": "",  # "Individual membership, 1-year"; "Renewal fee (Family Specialist)"
    "per_additional_staff": "per additional staff member",
    "included_staff": "staff included in the base price",
    "individual": "individual membership",
    "agency": "agency membership",
    "every_years": "cycle (years)",
    "first_deadline_year": "first deadline year",
    "window_opens": "window opens",
    "deadline": "deadline",
    "proration": "proration table",
    "provided_training_share": "share of training hours that may come from providing training",
    "volunteering_hours": "volunteering hours that count",
    "member_price": "member price",
    "non_member_price": "non-member price",
    "window_days": "window (days before the anniversary)",
    "grace_days": "grace period (days)",
    "grace_months": "grace period (months)",
    "late": "late renewal",
    "late_year_from": "late-year membership from",
    "rsc_hours": "RSC hours",
}


@dataclass(frozen=True)
class NamedParameter:
    name: str  # dotted, stable: fees.application.family_specialist.processing
    label: str  # for applicants: Family Specialist processing fee
    parameter: Parameter


def find_parameters(model: Any) -> list[Parameter]:
    """Every Parameter reachable from ``model``, each once, in walking order."""
    found: list[Parameter] = []
    seen: set[int] = set()

    def walk(obj: Any) -> None:
        if isinstance(obj, Parameter):
            if id(obj) not in seen:
                seen.add(id(obj))
                found.append(obj)
            return
        if isinstance(obj, str | bytes | int | float | bool) or obj is None:
            return
        if id(obj) in seen:  # shared objects and cycles (the facts catalogue)
            return
        seen.add(id(obj))
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name, None))
        elif isinstance(obj, dict):
            for value in obj.values():
                walk(value)
        elif isinstance(obj, list | tuple | set | frozenset):
            for value in obj:
                walk(value)

    walk(model)
    return found


def _names(model: Any) -> dict[str, str]:
    """id or code -> name, of every named thing in the model (categories, add-ons,
    tracks): fee tables are keyed by these."""
    names: dict[str, str] = {}
    seen: set[int] = set()

    def walk(obj: Any) -> None:
        if isinstance(obj, str | bytes | int | float | bool | Parameter) or obj is None:
            return
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            name = getattr(obj, "name", None)
            if isinstance(name, str):
                for key in ("id", "code"):
                    value = getattr(obj, key, None)
                    if isinstance(value, str):
                        names.setdefault(value, name)
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name, None))
        elif isinstance(obj, dict):
            for value in obj.values():
                walk(value)
        elif isinstance(obj, list | tuple):
            for value in obj:
                walk(value)

    walk(model)
    return names


def _item_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "code"):
            if isinstance(item.get(key), str | int) and not isinstance(item.get(key), bool):
                return str(item[key])
    return str(index)


def _scope(item: dict, names: dict[str, str]) -> str:
    """What a list item applies to, when it says: "Family Associate, Family Specialist"."""
    parts = []
    targets = item.get("categories")
    if targets == "all":
        parts.append("every category")
    elif isinstance(targets, list):
        parts.append(", ".join(names.get(str(t), str(t)) for t in targets))
    if isinstance(item.get("track"), str):
        parts.append(names.get(item["track"], item["track"]))
    years = item.get("years_endorsed")
    if isinstance(years, int) and not isinstance(years, bool):
        parts.append(f"after {years} years endorsed")
    return ", ".join(parts)


def _item_label(item: Any, index: int, names: dict[str, str], inner: bool = False) -> str:
    """``inner``: another named item follows (an alternative inside a requirement),
    so the topic alone is enough here."""
    if isinstance(item, dict):
        name = item.get("name")
        if isinstance(name, str):
            return name
        topic, label = item.get("topic"), item.get("label")
        scope = _scope(item, names)
        if inner and isinstance(topic, str):
            return topic
        if isinstance(topic, str) and isinstance(label, str):
            return f"{topic} ({label})"
        for key in ("label", "topic", "id", "code"):
            if isinstance(item.get(key), str):
                return f"{item[key]} ({scope})" if scope else item[key]
        years = item.get("years")
        if isinstance(years, int) and not isinstance(years, bool):
            return f"{years}-year"
        if scope:
            return scope
    return f"item {index + 1}"


def _words(key: str) -> str:
    return _WORDING.get(key, key.replace("_", " "))


def name_and_label(path: tuple, data: Any, names: dict[str, str]) -> tuple[str, str]:
    """The stable dotted name and the applicant's label of the value at ``path``."""
    parts: list[str] = []
    context: list[str] = []
    node = data
    last = len(path) - 1
    last_item = max((i for i, s in enumerate(path) if isinstance(s, int)), default=-1)
    named = False  # the path goes through a category, add-on or track: no file prefix
    for i, step in enumerate(path):
        item = None
        if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            item = node[step]
            parts.append(_item_key(item, step))
            context.append(_item_label(item, step, names, inner=i != last_item))
            named = named or (isinstance(item, dict) and isinstance(item.get("name"), str))
        elif isinstance(step, int):
            parts.append(str(step))
            context.append(f"item {step + 1}")
        else:
            parts.append(str(step))
            if isinstance(node, dict):
                item = node.get(step)
            if i == 0:
                pass  # the file: only used when nothing else names the value
            elif step in names and i != last:
                context.append(names[step])  # fees.application.<category id>
                named = True
            elif step not in _CONTAINERS and i != last:
                context.append(_words(step))
        node = item
    leaf = _words(str(path[-1])) if path and not isinstance(path[-1], int) else ""
    text = " ".join(p for p in (", ".join(context), leaf) if p)
    if not named and path:  # "Renewal: late renewal fee", "Fees: 1-year price"
        text = f"{str(path[0]).replace('_', ' ').capitalize()}: {text}"
    label = text[:1].upper() + text[1:]
    return ".".join(parts), label


def parameter_tree(model: Any, data: Any = None) -> dict[str, NamedParameter]:
    """Every Parameter in ``model``, keyed by its stable dotted name.

    ``data`` is the plain content data the model was read from (one key per
    file); without it, list items keep their index in the name.
    """
    names = _names(model)
    tree: dict[str, NamedParameter] = {}
    for parameter in find_parameters(model):
        path = tuple(parameter.path)
        name, label = name_and_label(path, data, names)
        if name in tree:  # two parameters read from one place: keep the names distinct
            name = f"{name}#{sum(1 for n in tree if n.split('#')[0] == name) + 1}"
        tree[name] = NamedParameter(name, label, parameter)
    return tree
