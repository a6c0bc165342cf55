"""Edits that tests make to a private copy of content/: dated changes, a new
requirement, a removed category. Each asserts that it matched exactly once, so
a reworded YAML file fails the test loudly instead of silently testing nothing."""

from __future__ import annotations

from pathlib import Path

IO = Path("associations") / "infancy-onward"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: expected one '{old}', found {text.count(old)}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _dated(indent: int, on: str, value: str, reference: str) -> str:
    """A dated value's new line, in the files' block layout (build.py format)."""
    pad = " " * indent
    return f"{pad}{on}:\n{pad}  value: {value}\n{pad}  reference: {reference}\n"


def raise_fs_processing_fee(content: Path, new: int = 60, on: str = "2027-01-01") -> None:
    """Family Specialist processing fee: 50 -> ``new`` from ``on``."""
    fees = content / IO / "fees.yaml"
    text = fees.read_text(encoding="utf-8")
    at = text.index("  family_specialist:")
    head, tail = text[:at], text[at:]
    old = "        2024-01-01: 50\n"
    assert old in tail
    tail = tail.replace(old, old + _dated(8, on, str(new), "Board decision of 2026-09-12"), 1)
    fees.write_text(head + tail, encoding="utf-8")


def correct_fs_processing_fee(content: Path, new: int) -> None:
    """Family Specialist processing fee: the value in force since 2024 becomes ``new``."""
    fees = content / IO / "fees.yaml"
    text = fees.read_text(encoding="utf-8")
    at = text.index("  family_specialist:")
    tail = text[at:].replace("        2024-01-01: 50\n", f"        2024-01-01: {new}\n", 1)
    assert tail != text[at:]
    fees.write_text(text[:at] + tail, encoding="utf-8")


def raise_fa_registration_fee(content: Path, on: str = "2026-03-01") -> None:
    """Family Associate registration fee: 15 -> 20 from ``on`` (a past change)."""
    old = "        2024-01-01: 15\n"
    replace_once(content / IO / "fees.yaml", old,
                 old + _dated(8, on, "20", f"Board decision of {on}"))


def move_renewal_deadline(content: Path, on: str = "2027-06-01") -> None:
    """Renewal deadline: December 31 -> November 30 from ``on``."""
    old = "    2024-01-01: 12-31\n"
    replace_once(content / IO / "renewal.yaml", old,
                 old + _dated(4, on, '"11-30"', "Board decision"))


def add_fs_requirement(content: Path) -> None:
    """A new requirement for the Family Specialist: a first-aid certificate (a note)."""
    path = content / IO / "categories.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("- id: family_specialist")
    marker = "    requirements:\n"
    insert = text.index(marker, at) + len(marker)
    new = ("      - id: first_aid\n        topic: Certificates\n"
           "        label: Current pediatric first-aid certificate\n        note: true\n")
    path.write_text(text[:insert] + new + text[insert:], encoding="utf-8")


def remove_category(content: Path, slug: str = "aimh-example",
                    category: str = "mental_health_mentor") -> None:
    """Delete a category's block from categories.yaml (its examples are left: `changes`
    loads the rules, it does not run the examples)."""
    path = content / "associations" / slug / "categories.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line == f"  - id: {category}\n")
    end = start + 1
    while end < len(lines) and not (lines[end].startswith("  - id: ")
                                    or (lines[end][:1].isalpha())):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
