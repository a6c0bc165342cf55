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
from calculator.contentfiles.yamlfile import FileProblem, YamlFileError, read_yaml
from calculator.model.association import FILES

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
    # Two associations sharing a name or contact address, neither saying it is
    # a copy of the other (a copy that says so, `copied_from`, is compared with
    # its source value by value instead, and its source is not flagged).
    for key in ("name", "contact_email"):
        owners: dict[str, list[str]] = {}
        for slug, docs in content.documents.items():
            value = docs["association"].data.get(key)
            if isinstance(value, str):
                owners.setdefault(value.strip().lower(), []).append(slug)
        for slugs in owners.values():
            for slug in slugs if len(slugs) > 1 else ():
                doc = content.documents[slug]["association"]
                unrelated = [s for s in slugs if s != slug and not _related(content, slug, s)]
                if not unrelated:
                    continue
                others = ", ".join(f"'{s}'" for s in unrelated)
                found.append(doc.problem((key,), f"the same {key.replace('_', ' ')} as {others}: "
                                                 "a copied value? Write this association's own."))
    # A draft copy: every value still its source's, said; the same values
    # refuse a copy that is no longer a draft (site.review).
    for slug, association in content.associations.items():
        if association.draft:
            found.extend(copied_values(content, slug))
    return found


def _source(content: Content, slug: str) -> str | None:
    value = content.documents[slug]["association"].data.get("copied_from")
    return value if isinstance(value, str) else None


def _related(content: Content, one: str, other: str) -> bool:
    return _source(content, one) == other or _source(content, other) == one


# association.yaml values that are the association's own, never another's.
OWN_KEYS = ("name", "region", "summary", "contact_email", "website", "apply_url",
            "guidelines_url")


def _source_data(content: Content, source: str) -> dict[str, Any] | None:
    """The source association's files as plain data (read from disk when the
    build was limited to other associations), None when it is gone."""
    folder = content.root / "associations" / source
    if not folder.is_dir():
        return None
    out = {name: doc.data for name, doc in content.documents.get(source, {}).items()}
    for name in (*FILES, "examples"):
        if name in out:
            continue
        try:
            out[name] = read_yaml(folder / f"{name}.yaml").data
        except (YamlFileError, OSError):
            out[name] = None
    return out


def _references(data: Any) -> set[str]:
    return {text for at, text in _strings(data) if at and at[-1] == "reference"}


def copied_values(content: Content, slug: str) -> list[FileProblem]:
    """Every value of a copied association (``copied_from`` in its
    association.yaml) still the same as in its source: its own name, region,
    contact and addresses, its steps to apply, every reference, its worked
    examples and its prose pages, each at its file and line."""
    source = _source(content, slug)
    if source is None:
        return []
    docs = content.documents[slug]
    meta = docs["association"]
    src = _source_data(content, source)
    if src is None:
        return [meta.problem(("copied_from",), f"there is no association '{source}' to "
                                               "compare with: remove copied_from.")]
    found: list[FileProblem] = []
    theirs = src.get("association") or {}
    for k in OWN_KEYS:
        value = meta.data.get(k)
        if value is not None and value == theirs.get(k):
            found.append(meta.problem((k,), f"still {source}'s {k.replace('_', ' ')}: write "
                                            "this association's own."))
    steps = set(theirs.get("how_to_apply") or [])
    for index, step in enumerate(meta.data.get("how_to_apply") or []):
        if step in steps:
            found.append(meta.problem(("how_to_apply", index), f"still a step of {source}: "
                                      "write this association's own steps to apply."))
    refs = set().union(*(_references(data) for data in src.values() if data is not None))
    for doc in docs.values():
        for at, text in _strings(doc.data):
            if at and at[-1] == "reference" and text in refs:
                found.append(doc.problem(at, f"the same reference as {source}'s: cite the "
                                             "document of this association this comes from."))
    examples_path = content.root / "associations" / slug / "examples.yaml"
    if examples_path.exists():
        try:
            examples = read_yaml(examples_path)
        except YamlFileError:
            examples = None
        names = {e.get("name") for e in ((src.get("examples") or {}).get("examples") or [])
                 if isinstance(e, dict)}
        for index, example in enumerate((examples.data or {}).get("examples") or []
                                        if examples else []):
            if isinstance(example, dict) and example.get("name") in names:
                found.append(examples.problem(
                    ("examples", index, "name"), f"still {source}'s worked example: write "
                    "examples from this association's own documents."))
    folder = content.root / "associations"
    for page in sorted((folder / slug / "pages").glob("*.md")):
        theirs_page = folder / source / "pages" / page.name
        if not theirs_page.exists():
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        their_lines = {line.strip() for line in
                       theirs_page.read_text(encoding="utf-8").splitlines() if line.strip()}
        same = [n for n, line in enumerate(lines, 1) if line.strip() in their_lines]
        if same:
            found.append(FileProblem(page, same[0], f"{len(same)} of "
                                     f"{sum(1 for line in lines if line.strip())} lines are "
                                     f"still {source}'s pages/{page.name}: write this "
                                     "association's own page.", lines[same[0] - 1].rstrip()))
    return found


def report(content: Content, root: Path) -> list[str]:
    """The warnings as `check` prints them (file:line: message, then the line)."""
    return [w.format(root) for w in warnings(content)]
