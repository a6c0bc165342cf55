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

import os
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

from calculator import presentation

from .announcements import Change, all_changes, recent, upcoming

ATOM = "http://www.w3.org/2005/Atom"
TAG_AUTHORITY = "iecmh-endorsement,2026"  # fixed: ids must not change with the host
TITLE = "IECMH Endorsement rules: what's changing"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


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
    sub(feed, "updated", _stamp(max((c.effective for _, _, c in items), default=on)))
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
                            f"from {presentation.day(change.effective)}")
        # updated = the date the change takes effect: stable across builds, so
        # readers do not mark the entry as modified every time the site is rebuilt.
        sub(entry, "updated", _stamp(change.effective))
        sub(entry, "link", rel="alternate", type="text/html",
            href=_url(site_url, f"{slug}/changes.html"))
        what = (f"a new {change.label}: {change.new}" if change.old is None
                else f"{change.label} changes from {change.old} to {change.new}")
        sub(entry, "summary", f"From {presentation.day(change.effective)}, {what}. "
                              f"Source: {change.reference}.", type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
