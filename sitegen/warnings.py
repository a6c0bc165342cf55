"""What `check` and the build point out without refusing: content that is valid
but almost certainly not finished.

A new association starts from the template (`build.py new-association`), whose
values read "Replace with ..." so that the folder passes `check` at once; or
from a copy of another association (`--from`), which keeps that association's
name and address. Either can be published by mistake: each such value is
named here with its file and line, every time staff run `check` or build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from calculator.contentfiles.repository import Content
from calculator.contentfiles.yamlfile import FileProblem

PLACEHOLDER = "Replace with"  # every placeholder of sitegen/scaffold.py starts so


def _strings(data: Any, at: tuple = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*at, index))
    elif isinstance(data, str):
        yield at, data


def warnings(content: Content) -> list[FileProblem]:
    found: list[FileProblem] = []
    for slug, docs in content.documents.items():
        for doc in docs.values():
            for at, text in _strings(doc.data):
                if PLACEHOLDER in text:
                    found.append(doc.problem(at, "still the template's placeholder text: "
                                                 "write your association's own."))
        for page in sorted((content.root / "associations" / slug / "pages").glob("*.md")):
            for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
                if PLACEHOLDER in line:
                    found.append(FileProblem(page, number, "still the template's placeholder "
                                                           "text: write your association's own.",
                                             line.rstrip()))
    # A folder copied with --from keeps the original's name and contact address:
    # said on each association that shares one, as either may be the copy.
    for key in ("name", "contact_email"):
        owners: dict[str, list[str]] = {}
        for slug, docs in content.documents.items():
            value = docs["association"].data.get(key)
            if isinstance(value, str):
                owners.setdefault(value.strip().lower(), []).append(slug)
        for slugs in owners.values():
            for slug in slugs if len(slugs) > 1 else ():
                doc = content.documents[slug]["association"]
                others = ", ".join(f"'{s}'" for s in slugs if s != slug)
                found.append(doc.problem((key,), f"the same {key.replace('_', ' ')} as {others}: "
                                                 "a copied value? Write this association's own."))
    return found


def report(content: Content, root: Path) -> list[str]:
    """The warnings as `check` prints them (file:line: message, then the line)."""
    return [w.format(root) for w in warnings(content)]
