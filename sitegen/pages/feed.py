"""The site's Atom feed (``feed.xml``): every association's upcoming changes and
those of the past twelve months, one entry per changed value.

Written with the standard library's ``xml.etree`` rather than feedgen: feedgen
pulls in lxml (a compiled library of several MB) and python-dateutil to write a
few dozen elements, which ElementTree escapes and serialises just as well.

Entry ids are tag URIs made of the association's slug, the value's stable name
and its effective date, so a feed reader never shows the same change twice
however often the site is rebuilt. Links are absolute when ``SITE_URL`` is set
(as mkdocs' ``site_url``); without it they are relative to the feed itself,
which Atom allows and readers resolve against the feed's own address, so the
site still works from any host path.
"""

from __future__ import annotations

import functools
import os
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from calculator import formats

from .announcements import Change, all_changes, recent, upcoming

ATOM = "http://www.w3.org/2005/Atom"
TAG_AUTHORITY = "iecmh-endorsement,2026"  # fixed: ids must not change with the host
TITLE = "IECMH Endorsement rules: what's changing"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@functools.lru_cache(maxsize=512)
def _first_commit(path: Path, text: str) -> str | None:
    """When ``text`` first appeared in ``path`` (committer time of the oldest
    commit that changed how often it occurs), None outside git or uncommitted.
    CI must check out the history (fetch-depth: 0) for this to be right."""
    try:
        found = subprocess.run(
            ["git", "-C", str(path.parent), "log", "--reverse", "--format=%cI", f"-S{text}",
             "--", path.name], capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = found.stdout.split()
    return lines[0] if found.returncode == 0 and lines else None


def published(root: Path, slug: str, change: Change, on: date) -> str:
    """When a change was published, as an Atom date: the commit that first wrote
    its date into its file, else (not committed yet) the build date."""
    path = (root / "associations" / slug / f"{change.name.split('.')[0]}.yaml").resolve()
    when = _first_commit(path, change.effective.isoformat()) if path.exists() else None
    if when is None:
        return _stamp(on)
    moment = datetime.fromisoformat(when).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def tag(slug: str, name: str = "", effective: date | None = None) -> str:
    parts = [slug] + ([name] if name else []) + ([effective.isoformat()] if effective else [])
    return f"tag:{TAG_AUTHORITY}:{':'.join(parts)}"


def _url(site_url: str | None, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def entries(content: Any, on: date) -> list[tuple[str, str, Change]]:
    """(slug, association name, change) for every change the feed carries, newest first."""
    out = []
    for slug, association in content.associations.items():
        changes = all_changes(association, content.data[slug])
        for change in upcoming(changes, on) + recent(changes, on):
            out.append((slug, association.name, change))
    return sorted(out, key=lambda e: (e[2].effective, e[0], e[2].name), reverse=True)


def atom(content: Any, on: date, site_url: str | None = None) -> str:
    """The feed as text. ``site_url`` defaults to $SITE_URL (mkdocs' ``site_url``)."""
    if site_url is None:
        site_url = os.environ.get("SITE_URL") or None
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    items = entries(content, on)
    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", tag("site"))
    sub(feed, "title", TITLE)
    sub(feed, "subtitle", "Published changes to Endorsement® requirements, fees and renewal "
                          "rules, with the date each takes effect.")
    # A feed's updated: its newest entry; with none, the build date.
    sub(feed, "updated", max((published(content.root, slug, c, on) for slug, _, c in items),
                             default=_stamp(on)))
    author = sub(feed, "author")
    sub(author, "name", "IECMH Endorsement Guide")
    sub(feed, "link", rel="alternate", type="text/html", href=_url(site_url, "index.html"))
    if site_url:
        sub(feed, "link", rel="self", type="application/atom+xml",
            href=_url(site_url, "feed.xml"))
    for slug, name, change in items:
        entry = sub(feed, "entry")
        sub(entry, "id", tag(slug, change.name, change.effective))
        words = (f"new: {change.new}" if change.old is None
                 else f"{change.old} → {change.new}")
        sub(entry, "title", f"{name}: {change.label}: {words} "
                            f"from {formats.day(change.effective)}")
        # updated = when the change was published (the commit that first wrote
        # its date into the file), not when it takes effect: a reader shows a
        # change announced today for 2027 as today's news. Stable across builds.
        sub(entry, "updated", published(content.root, slug, change, on))
        sub(entry, "link", rel="alternate", type="text/html",
            href=_url(site_url, f"{slug}/changes.html"))
        what = (f"a new {change.label}: {change.new}" if change.old is None
                else f"{change.label} changes from {change.old} to {change.new}")
        sub(entry, "summary", f"From {formats.day(change.effective)}, {what}. "
                              f"Source: {change.reference}.", type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
