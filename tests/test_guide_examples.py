"""content/README.md's complete example files are right: written into a
content folder as they stand in the guide, they pass ``check`` and their
worked examples (worked out by hand) pass.

A block is a complete file when it starts with the schema line
(``# yaml-language-server: $schema=../../../schemas/<file>.schema.json``);
the first block of each file is the association's, a later renewal.yaml (the
anniversary cycle) is checked in its place.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from engine_helpers import CONTENT

from calculator.contentfiles.examples import load_examples, run_examples
from calculator.contentfiles.repository import load_content
from calculator.edges import service

GUIDE = CONTENT / "README.md"
BLOCK = re.compile(r"```yaml\n(# yaml-language-server: \$schema=\.\./\.\./\.\./schemas/"
                   r"(\w+)\.schema\.json\n.*?)```", re.S)


def _blocks() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for text, stem in BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        if text.count("\n") > 1:  # not the schema line shown alone
            found.setdefault(stem, []).append(text)
    return found


def _folder(tmp_path: Path, renewal: int = 0) -> Path:
    blocks = _blocks()
    root = tmp_path / "content"
    folder = root / "associations" / "example-aimh"
    folder.mkdir(parents=True)
    shutil.copyfile(CONTENT / "facts.yaml", root / "facts.yaml")
    for stem in ("association", "categories", "fees", "examples"):
        (folder / f"{stem}.yaml").write_text(blocks[stem][0], encoding="utf-8")
    (folder / "renewal.yaml").write_text(blocks["renewal"][renewal], encoding="utf-8")
    return root


def test_the_guide_has_every_file_of_an_association() -> None:
    blocks = _blocks()
    assert set(blocks) == {"association", "categories", "fees", "renewal", "examples"}
    assert len(blocks["renewal"]) == 2  # yearly and anniversary


def test_the_complete_association_passes_check_and_its_examples(tmp_path) -> None:
    root = _folder(tmp_path)
    folder = root / "associations" / "example-aimh"
    a = load_content(root).associations["example-aimh"]
    outcomes = run_examples(a, load_examples(folder / "examples.yaml"))
    failed = [f"{o.name} ({o.section}): {o.detail}" for o in outcomes if not o.passed]
    assert len(outcomes) >= 9 and not failed, "\n".join(failed)


def test_the_yearly_renewal_sentence_of_the_guide(tmp_path) -> None:
    """'Endorsed on 2025-01-15 and asked on 2027-02-10, a Family Specialist is
    late ... total is null and known_total 40.'"""
    a = load_content(_folder(tmp_path)).associations["example-aimh"]
    out = service.renewal(a, "2025-01-15", as_of="2027-02-10", category="IECFS")
    assert out["late"] is True and out["deadline"] == "2027-01-31"
    assert out["grace_ends"] == "2027-03-02"
    assert [(ln["kind"], ln["amount"]) for ln in out["fees"]["lines"]] == [
        ("renewal", 40), ("late", None)]
    assert out["fees"]["total"] is None and out["fees"]["known_total"] == 40


def test_the_anniversary_renewal_of_the_guide(tmp_path) -> None:
    a = load_content(_folder(tmp_path, renewal=1)).associations["example-aimh"]
    out = service.renewal(a, "2025-03-10", as_of="2026-11-26", category="IECFS")
    # Two years from March 10, 2025, at the end of that month; 60 days before.
    assert out["cycle"] == "anniversary" and out["deadline"] == "2027-03-31"
    assert out["window_opens"] == "2027-01-30"
    assert out["fees"] == {"lines": [], "total": 0, "currency": "USD", "known_total": 0}


@pytest.mark.parametrize("word", ["tests/", "fixtures"])
def test_the_guide_sends_no_one_to_the_tests(word) -> None:
    assert word not in GUIDE.read_text(encoding="utf-8")
