"""The "What's changing" page, the notices on each page and the Atom feed, built from
a copy of content/ with dated changes added, read back from the built HTML and
through a real feed parser."""

from __future__ import annotations

import re

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, quick_build
from content_edits import (
    move_renewal_deadline,
    raise_fa_registration_fee,
    raise_fs_processing_fee,
    replace_once,
)

from calculator.contentfiles.repository import load_content
from sitegen.bundle import csp
from sitegen.pages.announcements import all_changes

IO = "infancy-onward"


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def section(page: BeautifulSoup, heading: str) -> str:
    """The text of the article from an h2 to the next h2."""
    h2 = next(h for h in page.select("article h2") if h.get_text(strip=True).startswith(heading))
    parts = []
    for sibling in h2.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text(" ", strip=True))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """Content with two changes ahead of the build date, one in the past twelve
    months and one older than that."""
    root = tmp_path_factory.mktemp("dated")
    import shutil

    from sitegen.pipeline.site import PROJECT
    content = root / "content"
    shutil.copytree(PROJECT / "content", content)
    raise_fs_processing_fee(content, 60, "2027-01-01")           # ahead
    move_renewal_deadline(content, "2027-06-01")                  # ahead (missed before)
    raise_fa_registration_fee(content, "2026-03-01")              # within twelve months
    replace_once(content / "associations" / IO / "fees.yaml",     # older than twelve months
                 "        2024-01-01: 25\n  family_specialist",
                 "        2024-01-01: 25\n        2025-06-01:\n          value: 30\n"
                 "          reference: Board 2025\n  family_specialist")
    return content


@pytest.fixture(scope="module")
def site(dated, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    quick_build(dated, out)
    return out


def test_changes_page_lists_coming_and_recent_changes(site):
    page = soup(site / IO / "changes.html")
    coming, past = section(page, "Coming up"), section(page, "In the past twelve months")
    assert "From January 1, 2027" in coming
    assert "Family Specialist processing fee : $50 → $60 . Source: Board decision of 2026-09-12" \
        in coming
    assert "From June 1, 2027" in coming and "Renewal: deadline : December 31 → November 30" in coming
    assert "Family Associate registration fee : $15 → $20" in past
    assert "Since March 1, 2026" in past
    # 2025-06-01 is more than twelve months before the build date 2026-11-25.
    assert "Family Associate processing fee" not in past + coming
    links = {a.get_text(strip=True): a["href"] for a in page.select("article li a")}
    assert links["Family Specialist processing fee"] == "fees.html"
    assert links["Renewal: deadline"] == "renewal.html"
    assert page.select_one('article a[href="../feed.xml"]') is not None
    assert soup(site / IO / "index.html").select_one('article a[href="changes.html"]')


def test_every_page_announces_its_own_coming_changes(site):
    fees = soup(site / IO / "fees.html").get_text(" ", strip=True)
    assert "From January 1, 2027 , Family Specialist processing fee: $50 → $60" in fees
    renewal = soup(site / IO / "renewal.html").get_text(" ", strip=True)
    assert "Renewal: deadline: December 31 → November 30" in renewal
    category = soup(site / IO / "categories" / "family_specialist.html").get_text(" ", strip=True)
    assert "Published changes ahead" not in category  # no requirement of it changes


def test_the_past_twelve_months_follow_the_build_date(dated, tmp_path):
    quick_build(dated, tmp_path / "site", on=BUILD_DATE.replace(year=2027, month=1, day=2))
    page = soup(tmp_path / "site" / IO / "changes.html")
    coming, past = section(page, "Coming up"), section(page, "In the past twelve months")
    assert "Family Specialist processing fee" in past and "Family Specialist" not in coming
    assert "Renewal: deadline" in coming
    assert "Family Associate registration fee" in past  # 2026-03-01: still within a year


def test_feed_parses_with_one_entry_per_change(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = sorted(e.title for e in feed.entries)
    assert titles == sorted([
        "INfancy Onward: Family Specialist processing fee: $50 → $60 from January 1, 2027",
        "INfancy Onward: Renewal: deadline: December 31 → November 30 from June 1, 2027",
        "INfancy Onward: Family Associate registration fee: $15 → $20 from March 1, 2026",
    ])
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids)
    assert "tag:iecmh-endorsement,2026:infancy-onward:fees.application.family_specialist." \
           "processing:2027-01-01" in ids
    for entry in feed.entries:
        assert entry.link == f"{IO}/changes.html"  # relative: no SITE_URL in this build
        assert "Source:" in entry.summary
    assert not [link for link in feed.feed.links if link.rel == "self"]


def test_feed_ids_are_stable_and_links_absolute_with_site_url(dated, site, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/iecmh/")
    quick_build(dated, tmp_path / "site")
    again = feedparser.parse((tmp_path / "site" / "feed.xml").read_bytes())
    first = feedparser.parse((site / "feed.xml").read_bytes())
    assert [e.id for e in again.entries] == [e.id for e in first.entries]
    assert {e.link for e in again.entries} == {
        "https://example.org/iecmh/infancy-onward/changes.html"}
    assert [link.href for link in again.feed.links if link.rel == "self"] == [
        "https://example.org/iecmh/feed.xml"]


def test_pages_link_the_feed_for_readers(site):
    link = soup(site / IO / "fees.html").select_one('link[type="application/atom+xml"]')
    assert link is not None and link["href"] == "../feed.xml"


def test_csp_comes_from_one_place(site):
    meta = soup(site / "index.html").select_one('meta[http-equiv="Content-Security-Policy"]')
    assert meta["content"] == csp.meta_policy()
    worker_host = soup(site / "assets" / "site" / "file-worker.html")
    assert worker_host.select_one('meta[http-equiv="Content-Security-Policy"]')["content"] \
        == csp.meta_policy()
    assert csp.header_policy() == csp.meta_policy() + "; frame-ancestors 'none'"
    generated = csp.deploy_files()
    assert (site / "_headers").read_text(encoding="utf-8") == generated["_headers"]


ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _iso_dates(text: str, references: set[str]) -> list[str]:
    """ISO dates in ``text`` other than inside a reference: a reference is the
    association's own words (here "Board decision of 2026-09-12"), quoted as
    written in the YAML."""
    for reference in sorted(references, key=len, reverse=True):
        text = text.replace(reference, "")
    return ISO.findall(text)


def test_dates_are_written_in_words(site, dated):
    """Issue 16, item 10: "December 4, 2026", never 2026-12-04, wherever the
    site writes a date for people: the What's changing page, the notices of
    the pages, the feed's titles and summaries (its ids and timestamps are for
    machines and stay ISO)."""
    changes = soup(site / IO / "changes.html").select_one("article").get_text("\n", strip=True)
    assert "as published on November 25, 2026" in changes
    assert [h.get_text(strip=True).rstrip("¶")
            for h in soup(site / IO / "changes.html").select("article h3")
            ] == ["From January 1, 2027", "From June 1, 2027", "Since March 1, 2026"]
    association = soup(site / IO / "index.html").select_one("article").get_text(" ", strip=True)
    assert "take effect after November 25, 2026, the first on January 1, 2027" in association
    content = load_content(dated)
    references = {c.reference for slug, a in content.associations.items()
                  for c in all_changes(a, content.data[slug])}
    assert any(ISO.search(r) for r in references)  # the check below has something to skip
    for page in (changes, association,
                 soup(site / IO / "fees.html").select_one("article").get_text("\n", strip=True),
                 soup(site / IO / "renewal.html").select_one("article").get_text("\n", strip=True)):
        assert not _iso_dates(page, references), _iso_dates(page, references)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    for entry in feed.entries:
        assert not ISO.search(entry.title), entry.title
        assert not ISO.search(entry.summary.split("Source:")[0]), entry.summary
        assert ISO.search(entry.id) and entry.updated.startswith("20")
