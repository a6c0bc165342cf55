"""`build.py changes`: what an applicant would see differently after an edit.

The content of the working tree is compared with the same folder at a git
revision (``HEAD`` unless told otherwise): every dated value (the value in
force on each date either side knows), the requirements of each category,
Mentor track and add-on, the categories themselves, and the text of every
page the site would render. Both sides are loaded by the same validated loader
as the build, so a broken file on either side is a one-line refusal, never a
guess.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from calculator.contentfiles.repository import Content, ContentError, load_content
from calculator.engine.parameter_tree import parameter_tree
from calculator.model.parameters import value_on

from ..errors import TemplateProblem
from ..pages.announcements import value_words


class DiffError(Exception):
    """Why the comparison could not be made, in one line."""


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed: `changes` compares with a git revision") from None


def checkout_content(content: Path, rev: str, into: Path) -> Path:
    """Write the content folder as it was at ``rev`` under ``into``; returns its path there."""
    content = content.resolve()
    if not content.is_dir():
        raise DiffError(f"{content} is not a folder")
    top = _git(content, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise DiffError(f"{content} is not in a git checkout, so there is nothing to compare "
                        "with; use `build.py check` instead")
    root = Path(top.stdout.decode().strip()).resolve()
    if _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise DiffError(f"unknown git revision '{rev}' (try HEAD, a branch, a tag or a commit)")
    relative = content.relative_to(root).as_posix()
    archive = _git(root, "archive", "--format=tar", rev, "--", relative)
    if archive.returncode != 0:
        raise DiffError(f"'{relative}' does not exist at revision '{rev}'")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / relative


def _load(root: Path, what: str) -> Content:
    try:
        return load_content(root)
    except ContentError as err:
        count = len(err.problems)
        first = err.problems[0].format(root.parent).splitlines()[0] if err.problems else ""
        raise DiffError(f"{what} has {count} problem{'s' if count != 1 else ''} (run "
                        f"`build.py check`); the first: {first}") from None


def value_changes(old: Any, new: Any, old_data: Any, new_data: Any, on: date) -> list[dict]:
    """Each date on which a value differs between the two rule books."""
    before, after = parameter_tree(old, old_data), parameter_tree(new, new_data)
    out = []
    for name in list(after) + [n for n in before if n not in after]:
        was = before[name].parameter if name in before else None
        now = after[name].parameter if name in after else None
        named = after.get(name) or before[name]
        label = named.label
        currency = new.currency if named.parameter.money else None
        days = sorted({e.effective for p in (was, now) if p is not None for e in p.values})
        for day in days:
            a, b = value_on(was, day), value_on(now, day)
            if a != b:
                # The source of the value from that day: the new side's, or for a
                # value removed, the old side's.
                source = now if b is not None else was
                out.append({"name": name, "label": label, "effective": day.isoformat(),
                            "old": None if a is None else value_words(a, currency),
                            "new": None if b is None else value_words(b, currency),
                            "reference": source.reference_at(day),
                            "in_force": day <= on})
    return sorted(out, key=lambda c: (c["effective"], c["name"]))


def _requirements(association: Any) -> dict[tuple[str, str], dict[str, str]]:
    """(name prefix of its values, where in words) for each category, Mentor track and
    add-on -> requirement id -> its wording."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for category in association.categories:
        prefix = f"categories.categories.{category.id}."
        out[(prefix, category.name)] = {r.id: r.label for r in category.requirements}
        for track in category.tracks:
            out[(f"{prefix}tracks.{track.id}.", f"{category.name}, {track.name}")] = {
                r.id: r.label for r in track.requirements}
    for add_on in association.add_ons:
        out[(f"categories.add_ons.{add_on.code}.", add_on.name)] = {
            r.id: r.label for r in add_on.requirements}
    return out


def _categories(association: Any) -> dict[str, tuple[str, str]]:
    """id or code -> (name prefix of its values, name)."""
    return {**{c.id: (f"categories.categories.{c.id}.", c.name) for c in association.categories},
            **{a.code: (f"categories.add_ons.{a.code}.", a.name) for a in association.add_ons}}


def _pages(content: Content, on: date) -> dict[str, tuple[str, str]]:
    from ..pipeline.site import Options, render_pages

    try:
        return {p.path: (p.title, p.text)
                for p in render_pages(content, Options(content=content.root, on=on))}
    except TemplateProblem as err:
        raise DiffError(f"a page template failed: {str(err).splitlines()[0]}") from None
    except ContentError as err:  # a value the pages need is not in force yet
        first = err.problems[0].format(content.root.parent).splitlines()[0]
        raise DiffError(f"the content has a problem (run `build.py check`): {first}") from None


def compare(old: Content, new: Content, on: date, only: list[str] | None = None) -> dict:
    """The differences an applicant would see, per association."""
    old_pages, new_pages = _pages(old, on), _pages(new, on)
    changed_pages = sorted(
        p for p in set(old_pages) | set(new_pages)
        if (old_pages.get(p) or ("", ""))[1] != (new_pages.get(p) or ("", ""))[1])

    def page_list(prefix: str | None) -> list[dict]:
        return [{"path": p, "url": _url(p), "title": (new_pages.get(p) or old_pages[p])[0],
                 "status": "added" if p not in old_pages else
                 "removed" if p not in new_pages else "changed"}
                for p in changed_pages
                if (p.startswith(f"{prefix}/") if prefix else "/" not in p)]

    associations = []
    slugs = list(new.associations) + [s for s in old.associations if s not in new.associations]
    for slug in slugs:
        if only and slug not in only:
            continue
        a, b = old.associations.get(slug), new.associations.get(slug)
        entry: dict[str, Any] = {"slug": slug, "name": (b or a).name,
                                 "status": "added" if a is None else
                                 "removed" if b is None else "changed",
                                 "values": [], "requirements": {"added": [], "removed": []},
                                 "categories": {"added": [], "removed": []},
                                 "pages": page_list(slug)}
        if a is not None and b is not None:
            was, now = _categories(a), _categories(b)
            entry["categories"] = {
                "added": [{"id": k, "name": v[1]} for k, v in now.items() if k not in was],
                "removed": [{"id": k, "name": v[1]} for k, v in was.items() if k not in now]}
            # The values of a category or requirement that came or went are that
            # news already: listing each of its figures as "(none)" would bury it.
            covered = [v[0] for k, v in now.items() if k not in was]
            covered += [v[0] for k, v in was.items() if k not in now]
            req_was, req_now = _requirements(a), _requirements(b)
            for key in [k for k in req_now if k in req_was]:
                prefix, where = key
                for status, ours, theirs in (("added", req_now, req_was),
                                             ("removed", req_was, req_now)):
                    for rid, label in ours[key].items():
                        if rid not in theirs[key]:
                            entry["requirements"][status].append(
                                {"where": where, "id": rid, "label": label})
                            covered.append(f"{prefix}requirements.{rid}.")
            entry["values"] = [
                c for c in value_changes(a, b, old.data[slug], new.data[slug], on)
                if not any(c["name"].startswith(p) for p in covered)]
            if not (entry["values"] or entry["pages"] or entry["categories"]["added"]
                    or entry["categories"]["removed"] or entry["requirements"]["added"]
                    or entry["requirements"]["removed"]):
                entry["status"] = "unchanged"
        associations.append(entry)
    return {"on": on.isoformat(), "associations": associations, "pages": page_list(None)}


def changes(content: Path, rev: str, on: date, only: list[str] | None = None) -> dict:
    """Compare ``content`` (the working tree) with the same folder at ``rev``."""
    new = _load(content, "the content in the working tree")
    if only:
        unknown = [s for s in only if s not in new.associations]
        if unknown:
            raise DiffError(f"there is no association '{unknown[0]}'; known: "
                            f"{', '.join(new.associations)}")
    with tempfile.TemporaryDirectory(prefix="iecmh-changes-") as tmp:
        old_root = checkout_content(content, rev, Path(tmp))
        old = _load(old_root, f"the content at {rev}")
        report = compare(old, new, on, only)
    report["since"] = rev
    return report


def _arrow(change: dict) -> str:
    old = "(none)" if change["old"] is None else change["old"]
    new = "(none)" if change["new"] is None else change["new"]
    when = " (already in force on the build date)" if change["in_force"] else ""
    source = f"; reference: {change['reference']}" if change.get("reference") else ""
    return f"{change['label']}: {old} → {new} from {change['effective']}{when}{source}"


def as_text(report: dict) -> str:
    """The report in plain words, one association after another."""
    lines = [f"Changes since {report['since']}, for the site as built on {report['on']}:"]
    unchanged = []
    for a in report["associations"]:
        if a["status"] == "unchanged":
            unchanged.append(a["name"])
            continue
        lines += ["", f"{a['name']} ({a['slug']})"
                  + {"added": ": new association", "removed": ": association removed"}
                  .get(a["status"], "")]
        sections = [
            ("Values", [_arrow(c) for c in a["values"]]),
            ("Categories added", [f"{c['name']} ({c['id']})" for c in a["categories"]["added"]]),
            ("Categories removed",
             [f"{c['name']} ({c['id']})" for c in a["categories"]["removed"]]),
            ("Requirements added", [f"{r['where']}: {r['label']} ({r['id']})"
                                    for r in a["requirements"]["added"]]),
            ("Requirements removed", [f"{r['where']}: {r['label']} ({r['id']})"
                                      for r in a["requirements"]["removed"]]),
            ("Pages whose text changes", [_page(p) for p in a["pages"]]),
        ]
        for title, items in sections:
            if items:
                lines.append(f"  {title}:")
                lines += [f"    {item}" for item in items]
    if report["pages"]:
        lines += ["", "Site pages whose text changes:"]
        lines += [f"    {_page(p)}" for p in report["pages"]]
    if unchanged and len(unchanged) == len(report["associations"]) and not report["pages"]:
        lines += ["", "No change: applicants would see the same site."]
    elif unchanged:
        lines += ["", f"Unchanged: {', '.join(unchanged)}."]
    return "\n".join(lines)


def _page(page: dict) -> str:
    note = {"added": " (new page)", "removed": " (page removed)"}.get(page["status"], "")
    return f"{page['url']} ({page['title']}){note}"


def _url(path: str) -> str:
    """A page's address in the built site (fees.md is published as fees.html)."""
    return path[:-3] + ".html" if path.endswith(".md") else path
