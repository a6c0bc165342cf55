"""Targets: the categories and add-ons a fee line, a renewal fee or a rule is for.

Written in the content as a list of category ids and add-on codes, or ``all``:
every category, never an add-on (an add-on is named by its code, so an exam
fee for all categories is not charged to an endorsee adding ERS). Every
question asked of a ``categories:`` key is answered here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from .node import Node, closest
from .spec import NonEmpty, Text

ALL = "all"
Targets = Annotated[tuple[Text, ...], NonEmpty()] | Literal["all"]


def applies(targets: Targets, target: str, add_on: bool = False) -> bool:
    """Whether ``targets`` names this category or add-on."""
    return (targets == ALL and not add_on) or (targets != ALL and target in targets)


def expand(targets: Targets, category_ids: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The ids and codes ``targets`` names, ``all`` spelt out as every category."""
    return tuple(category_ids) if targets == ALL else tuple(targets)


def in_words(targets: Targets, names: dict[str, str]) -> str:
    """"every category", or the names of what it is for: "Family Associate, ERS"."""
    return "every category" if targets == ALL else ", ".join(names[t] for t in targets)


def meant(name: str, candidates: list[str],
          code_to_id: dict[str, str] | None) -> tuple[str | None, str]:
    """What a wrong category name most likely meant, and the sentence that says
    so: staff know categories by their codes (IFS), the files name them by id."""
    if code_to_id and name in code_to_id:
        wanted = code_to_id[name]
        return wanted, f" '{name}' is a code of the category '{wanted}': write '{wanted}'."
    hint = closest(name, candidates)
    return hint, (f" Did you mean '{hint}'?" if hint else "")


def check_targets(node: Node, items: tuple[Any, ...], category_ids: list[str],
                  add_on_codes: list[str], code_to_id: dict[str, str] | None = None) -> None:
    """Each item's ``categories`` names only category ids and add-on codes that exist."""
    known = [*category_ids, *add_on_codes]
    for index, item in enumerate(items):
        if item.categories == ALL:
            continue
        for position, name in enumerate(item.categories):
            if name not in known:
                _, said = meant(name, known, code_to_id)
                Node(None, (*node.path, index, "categories", position), node.log).problem(
                    f"unknown category '{name}'." + said
                    + f" Use category ids ({', '.join(category_ids)}), add-on codes "
                      f"({', '.join(add_on_codes) or 'none'}) or 'all'.")




def one_each(node: Node, items: tuple[Any, ...], category_ids: list[str], what: str) -> None:
    """No category is named by two items: each gets one renewal fee, one RSC rule."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        for target in expand(item.categories, category_ids):
            if target in first:
                Node(None, (*node.path, index), node.log).problem(
                    f"'{target}' already has {what} (item {first[target] + 1}). "
                    f"Give each category one.", "categories")
            first.setdefault(target, index)
