"""A content folder: the facts catalogue and every association's rule files.

Layout::

    content/facts.yaml
    content/associations/<slug>/association.yaml
    content/associations/<slug>/categories.yaml
    content/associations/<slug>/fees.yaml
    content/associations/<slug>/renewal.yaml
    content/associations/<slug>/examples.yaml   (worked examples, run by check and tests)
    content/associations/<slug>/pages/*.md      (prose)

Every problem is reported with its file and line; loading collects all of
them before giving up.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CalculatorError, RulesError
from ..model.association import FILES, Association, read_association, read_facts
from ..model.facts import FactCatalog
from ..model.node import INVALID, Log, Node
from .yamlfile import FileProblem, YamlDocument, YamlFileError, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ContentError(CalculatorError):
    """The content folder cannot be loaded; one FileProblem (file:line) per mistake."""

    def __init__(self, problems: list[FileProblem], root: Path | None = None):
        self.problems = problems
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the content:"
        return "\n".join([head, *(p.format(self.root) for p in self.problems)])


class UnknownAssociation(ContentError):
    """An association was asked for by a slug that has no folder."""


@dataclass
class Content:
    root: Path
    facts: FactCatalog
    facts_data: Any
    associations: dict[str, Association] = field(default_factory=dict)
    data: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> plain data
    documents: dict[str, dict[str, YamlDocument]] = field(default_factory=dict)

    def source_file(self, slug: str, name: str) -> str:
        """Path of a content file relative to the project, for 'generated from' notices."""
        path = self.root / "associations" / slug / f"{name}.yaml"
        try:
            return path.resolve().relative_to(self.root.resolve().parent).as_posix()
        except ValueError:
            return path.as_posix()


def default_root() -> Path:
    """The content folder: $IECMH_CONTENT, else the project's own, else ./content."""
    env = os.environ.get("IECMH_CONTENT")
    if env:
        return Path(env)
    project = Path(__file__).resolve().parents[2] / "content"
    return project if project.is_dir() else Path("content")


def association_slugs(root: Path) -> list[str]:
    folder = Path(root) / "associations"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _read(path: Path, problems: list[FileProblem]) -> YamlDocument | None:
    try:
        return read_yaml(path)
    except YamlFileError as err:
        problems.append(err.problem)
        return None


def load_content(root: Path | None = None, only: list[str] | None = None) -> Content:
    root = Path(root) if root is not None else default_root()
    problems: list[FileProblem] = []
    facts_doc = _read(root / "facts.yaml", problems)
    catalog = None
    if facts_doc is not None:
        log = Log()
        catalog = read_facts(Node(facts_doc.data, (), log))
        problems.extend(facts_doc.problem(p.path, p.message) for p in log.problems)
    slugs = association_slugs(root)
    if not slugs:
        problems.append(FileProblem(root / "associations", None,
                                    "no association folders found. Add "
                                    "content/associations/<slug>/ with its YAML files."))
    if only:
        unknown = [s for s in only if s not in slugs]
        if unknown:
            raise UnknownAssociation([FileProblem(
                root / "associations" / slug, None,
                f"there is no association '{slug}'; known: {', '.join(slugs)}.")
                for slug in unknown], root.parent)
        slugs = [s for s in slugs if s in only]
    content = Content(root, catalog, facts_doc.data if facts_doc else None)
    for slug in slugs:
        folder = root / "associations" / slug
        if not SLUG.match(slug):
            problems.append(FileProblem(folder, None, f"the folder name '{slug}' is used in web "
                                        "addresses: use lower-case letters, digits and hyphens."))
            continue
        docs = {name: _read(folder / f"{name}.yaml", problems) for name in FILES}
        if catalog is None or catalog is INVALID or any(d is None for d in docs.values()):
            continue
        data = {name: doc.data for name, doc in docs.items()}
        log = Log()
        association = read_association(slug, data, catalog, log)
        for p in log.problems:
            problems.append(docs[p.path[0]].problem(p.path[1:], p.message)
                            if p.path and p.path[0] in docs
                            else FileProblem(folder, None, p.message))
        if association is not INVALID and not log.problems:
            content.associations[slug] = association
            content.data[slug] = data
            content.documents[slug] = docs
    if problems:
        raise ContentError(problems, root.parent)
    return content


def load_one(slug: str, root: Path | None = None) -> Association:
    """One association for the command line; ContentError if its files are broken."""
    return load_content(root, only=[slug]).associations[slug]


__all__ = ["Content", "ContentError", "RulesError", "UnknownAssociation", "association_slugs",
           "default_root", "load_content", "load_one"]
