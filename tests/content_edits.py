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


def raise_fs_processing_fee(content: Path, new: int = 60, on: str = "2027-01-01") -> None:
    """Family Specialist processing fee: 50 -> ``new`` from ``on``."""
    fees = content / IO / "fees.yaml"
    text = fees.read_text(encoding="utf-8")
    at = text.index("  family_specialist:")
    head, tail = text[:at], text[at:]
    old = "values: {2024-01-01: 50}"
    assert old in tail
    tail = tail.replace(old, f"values: {{2024-01-01: 50, {on}: {{value: {new}, "
                             "reference: Board decision of 2026-09-12}}", 1)
    fees.write_text(head + tail, encoding="utf-8")


def correct_fs_processing_fee(content: Path, new: int) -> None:
    """Family Specialist processing fee: the value in force since 2024 becomes ``new``."""
    fees = content / IO / "fees.yaml"
    text = fees.read_text(encoding="utf-8")
    at = text.index("  family_specialist:")
    tail = text[at:].replace("values: {2024-01-01: 50}", f"values: {{2024-01-01: {new}}}", 1)
    assert tail != text[at:]
    fees.write_text(text[:at] + tail, encoding="utf-8")


def raise_fa_registration_fee(content: Path, on: str = "2026-03-01") -> None:
    """Family Associate registration fee: 15 -> 20 from ``on`` (a past change)."""
    replace_once(content / IO / "fees.yaml", "values: {2024-01-01: 15}",
                 f"values: {{2024-01-01: 15, {on}: {{value: 20, "
                 f"reference: Board decision of {on}}}}}")


def move_renewal_deadline(content: Path, on: str = "2027-06-01") -> None:
    """Renewal deadline: December 31 -> November 30 from ``on``."""
    replace_once(content / IO / "renewal.yaml", 'values: {2024-01-01: "12-31"}',
                 f'values: {{2024-01-01: "12-31", {on}: {{value: "11-30", '
                 "reference: Board decision}}")


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
