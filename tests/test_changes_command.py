"""`build.py changes`: a real git repository holding a copy of content/, real edits,
the real command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from content_edits import (
    add_fs_requirement,
    correct_fs_processing_fee,
    raise_fs_processing_fee,
    remove_category,
)

from sitegen.paths import PROJECT

ON = "2026-11-25"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=staff@example.org",
                    "-c", "user.name=Staff", *args], check=True, capture_output=True)


def changes(content: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "changes",
                           "--content", str(content), "--date", ON, *args],
                          capture_output=True, text=True, cwd=content.parent)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose one commit holds a copy of the real content/."""
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-qm", "content as published")
    return tmp_path


def test_no_edit_means_no_change(repo):
    result = changes(repo / "content")
    assert result.returncode == 0, result.stderr
    assert "No change: applicants would see the same site." in result.stdout
    report = json.loads(changes(repo / "content", "--json").stdout)
    assert {a["status"] for a in report["associations"]} == {"unchanged"}
    assert report["pages"] == []


def test_fee_change_new_requirement_removed_category_in_words(repo):
    content = repo / "content"
    raise_fs_processing_fee(content, 60, "2027-01-01")
    add_fs_requirement(content)
    remove_category(content, "aimh-example", "mental_health_mentor")
    result = changes(content)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    io_part = text[text.index("INfancy Onward (infancy-onward)"):]
    aimh_part = text[text.index("Example AIMH (aimh-example)"):text.index("INfancy Onward")]
    assert ("Family Specialist processing fee: $50 → $60 from 2027-01-01; reference: Board "
            "decision of 2026-09-12") in io_part
    assert ("Requirements added:\n    Family Specialist: Current pediatric first-aid "
            "certificate (first_aid)") in io_part
    assert "Categories removed:\n    Infant Mental Health Mentor (mental_health_mentor)" \
        in aimh_part
    # The removed category's own figures are not repeated one by one.
    assert "→ (none)" not in aimh_part
    # Pages by their address in the built site.
    assert "infancy-onward/fees.html (Fees)" in io_part
    assert "aimh-example/categories/mental_health_mentor.html (Infant Mental Health Mentor) " \
           "(page removed)" in aimh_part
    assert ".md" not in text
    assert "infancy-onward/renewal.html" not in text  # nothing on it changed


def test_the_same_edits_as_json(repo):
    content = repo / "content"
    raise_fs_processing_fee(content, 60, "2027-01-01")
    add_fs_requirement(content)
    remove_category(content, "aimh-example", "mental_health_mentor")
    result = changes(content, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["since"] == "HEAD" and report["on"] == ON
    by_slug = {a["slug"]: a for a in report["associations"]}
    io, aimh = by_slug["infancy-onward"], by_slug["aimh-example"]
    assert io["values"] == [{"name": "fees.application.family_specialist.processing",
                             "label": "Family Specialist processing fee",
                             "effective": "2027-01-01", "old": "$50", "new": "$60",
                             "reference": "Board decision of 2026-09-12", "in_force": False}]
    assert io["requirements"] == {"added": [{"where": "Family Specialist", "id": "first_aid",
                                             "label": "Current pediatric first-aid certificate"}],
                                  "removed": []}
    assert aimh["categories"] == {"added": [], "removed": [
        {"id": "mental_health_mentor", "name": "Infant Mental Health Mentor"}]}
    assert aimh["values"] == []
    changed = {p["path"] for p in io["pages"]}
    assert {"infancy-onward/fees.md", "infancy-onward/categories/family_specialist.md",
            "infancy-onward/changes.md"} <= changed
    assert "infancy-onward/renewal.md" not in changed
    assert {p["url"] for p in io["pages"]} == {p[:-3] + ".html" for p in changed}


def test_since_an_older_revision(repo):
    content = repo / "content"
    correct_fs_processing_fee(content, 75)  # a correction of the value in force
    git(repo, "commit", "-qam", "fee corrected")
    assert "No change" in changes(content).stdout
    report = json.loads(changes(content, "--since", "HEAD~1", "--json").stdout)
    io = next(a for a in report["associations"] if a["slug"] == "infancy-onward")
    assert [(v["old"], v["new"], v["in_force"]) for v in io["values"]] == [("$50", "$75", True)]
    text = changes(content, "--since", "HEAD~1").stdout
    assert ("Family Specialist processing fee: $50 → $75 from 2024-01-01 (already in force on "
            "the build date)") in text


@pytest.mark.parametrize("case", ["no git", "unknown revision", "broken yaml", "broken at rev"])
def test_refusals_are_one_line_with_status_2(repo, tmp_path_factory, case):
    content = repo / "content"
    args: list[str] = []
    if case == "no git":
        content = tmp_path_factory.mktemp("plain") / "content"  # outside any repository
        shutil.copytree(PROJECT / "content", content)
        expected = "is not in a git checkout"
    elif case == "unknown revision":
        args = ["--since", "no-such-branch"]
        expected = "unknown git revision 'no-such-branch'"
    elif case == "broken yaml":
        fees = content / "associations" / "infancy-onward" / "fees.yaml"
        fees.write_text(fees.read_text(encoding="utf-8").replace(
            "2024-01-01: 15\n", "2024-01-01: fifteen\n"), encoding="utf-8")
        expected = "content/associations/infancy-onward/fees.yaml:"
    else:
        (content / "facts.yaml").write_text("facts: [\n", encoding="utf-8")
        git(repo, "commit", "-qam", "broken")
        shutil.copy(PROJECT / "content" / "facts.yaml", content / "facts.yaml")
        expected = "the content at HEAD has 1 problem"
    result = changes(content, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], lines
    assert "Traceback" not in result.stderr


def test_feed_entries_are_dated_when_the_change_was_published(repo):
    """The feed's <updated> is the commit that published a change, not the
    day it takes effect (a change announced today for 2027 is today's news)."""
    import os

    import feedparser

    from calculator.contentfiles.repository import load_content
    from sitegen.pages import feed

    content = repo / "content"
    raise_fs_processing_fee(content, 60, "2031-07-01")
    # Not committed yet: the build date.
    uncommitted = feedparser.parse(feed.atom(load_content(content), date(2026, 11, 25)))
    entry = next(e for e in uncommitted.entries if "July 1, 2031" in e.title)
    assert entry.updated == "2026-11-25T00:00:00Z"
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-10-02T09:30:00+02:00",
           "GIT_AUTHOR_DATE": "2026-10-02T09:30:00+02:00"}
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=staff@example.org",
                    "-c", "user.name=Staff", "commit", "-qam", "fee from 2031"], check=True,
                   env=env)
    feed._first_commit.cache_clear()
    parsed = feedparser.parse(feed.atom(load_content(content), date(2026, 11, 25)))
    entry = next(e for e in parsed.entries if "July 1, 2031" in e.title)
    assert entry.updated == "2026-10-02T07:30:00Z"
    assert not parsed.bozo
