"""Deliberately broken content, one mistake per fixture, each refused with file,
line and a message saying what to change.

Each folder in tests/fixtures/broken/ holds a ``case.yaml``::

    replaces: associations/infancy-onward/fees.yaml   # path inside content/
    expect:
      file: associations/infancy-onward/fees.yaml      # where the problem is reported
      line: 5                                          # or null (the whole file)
      message: must be 0 or more                       # a piece of the message

plus the replacement file (named like the file it replaces, its mistake marked
``# <- the mistake``). Instead of ``replaces`` a case may say ``deletes: PATH``,
``renames: {from: PATH, to: PATH}`` or ``generate: {path: PATH, bytes: N}`` (a
file of N bytes written at test time, so no big file is committed).

The test copies the real content/ to a temporary folder, applies the case, loads
it and checks that the expected problem is reported, and that it is the only
one (one mistake, one message). ``FIXTURE_COUNT`` is cited in the README.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from engine_helpers import CONTENT, STATS

from calculator.contentfiles import yamlfile
from calculator.contentfiles.repository import ContentError, load_content

FIXTURES = Path(__file__).parent / "fixtures" / "broken"
MARK = "# <- the mistake"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "case.yaml").is_file())
FIXTURE_COUNT = len(CASES)


def _copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root, ignore=shutil.ignore_patterns("pages", "*.md"))
    return root


def _apply(case_dir: Path, root: Path) -> dict:
    spec = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))
    if "replaces" in spec:
        target = root / spec["replaces"]
        shutil.copyfile(case_dir / Path(spec["replaces"]).name, target)
    elif "deletes" in spec:
        (root / spec["deletes"]).unlink()
    elif "renames" in spec:
        shutil.move(root / spec["renames"]["from"], root / spec["renames"]["to"])
    elif "generate" in spec:
        target, size = root / spec["generate"]["path"], spec["generate"]["bytes"]
        line = b"# padding that makes this file far too big for a rules file\n"
        with target.open("wb") as out:
            out.write(line * (size // len(line) + 1))
    else:
        raise AssertionError(f"{case_dir.name}/case.yaml: no replaces/deletes/renames/generate")
    return spec


def _relative(path: Path, root: Path) -> str:
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def _problems(root: Path) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return [(_relative(p.file, root), p.line, p.message) for p in caught.value.problems]


def test_real_content_loads_cleanly(tmp_path: Path) -> None:
    load_content(_copy_content(tmp_path))


def test_there_are_at_least_25_distinct_mistakes() -> None:
    assert FIXTURE_COUNT >= 25
    expected = [yaml.safe_load((FIXTURES / c / "case.yaml").read_text(encoding="utf-8"))
                ["expect"] for c in CASES]
    pairs = [(e["file"], e["message"]) for e in expected]
    assert len(set(pairs)) == len(pairs), "two fixtures expect the same message in one file"


@pytest.mark.parametrize("case", CASES)
def test_broken_content_is_refused(case: str, tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    spec = _apply(FIXTURES / case, root)
    expect = spec["expect"]
    if "replaces" in spec:  # the marked line is the line the case expects
        raw = (FIXTURES / case / Path(spec["replaces"]).name).read_bytes()
        marked = [i + 1 for i, line in enumerate(raw.split(b"\n"))
                  if line.rstrip().endswith(MARK.encode())]
        assert marked == ([expect["line"]] if expect["line"] else []), \
            "case.yaml's line must be the line marked '# <- the mistake'"
    problems = _problems(root)
    shown = "\n".join(f"  {f}:{n}: {m}" for f, n, m in problems)
    found = [p for p in problems if p[0] == expect["file"] and p[1] == expect["line"]
             and expect["message"].lower() in p[2].lower()]
    assert found, (f"expected {expect['file']}:{expect['line']}: ...{expect['message']}... "
                   f"but the problems were:\n{shown}")
    assert len(problems) == 1, f"one mistake should give one problem, got:\n{shown}"
    for _, _, message in problems:
        assert "Traceback" not in message and "object at 0x" not in message
        assert message.rstrip().endswith((".", "?", ")")), message
    STATS["broken_fixtures_refused"] += 1


def test_the_report_names_file_and_line(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    _apply(FIXTURES / "negative_fee", root)
    with pytest.raises(ContentError) as caught:
        load_content(root)
    report = caught.value.report()
    assert report.startswith("1 problem in the content:")
    assert "content/associations/infancy-onward/fees.yaml:5: " in report
    assert "must be 0 or more" in report
    assert "    5 | " in report  # the offending line is quoted under the message


def test_a_file_just_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    target = root / "associations" / "aimh-example" / "fees.yaml"
    text = target.read_text(encoding="utf-8")
    padding = yamlfile.MAX_BYTES + 1 - len(text.encode("utf-8"))
    target.write_text(text + "#" * (padding - 1) + "\n", encoding="utf-8")
    assert target.stat().st_size == yamlfile.MAX_BYTES + 1
    [(file, line, message)] = _problems(root)
    assert (file, line) == ("associations/aimh-example/fees.yaml", None)
    assert "under 1,000,000 bytes" in message


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    target = root / "associations" / "aimh-example" / "fees.yaml"
    text = target.read_text(encoding="utf-8")
    padding = yamlfile.MAX_BYTES - len(text.encode("utf-8"))
    target.write_text(text + "#" * (padding - 1) + "\n", encoding="utf-8")
    assert target.stat().st_size == yamlfile.MAX_BYTES
    load_content(root)


# --- several mistakes at once -----------------------------------------------------

FEES_WITH_THREE_MISTAKES = """\
published: true
application:
  family_associate:
    registration: {reference: Booklet fee table, values: {2024-01-01: -15}}
    proccessing: {reference: Booklet fee table, values: {2024-01-01: 25}}
  family_specialist:
    registration: {reference: Booklet fee table, values: {2024-01-01: $25}}
    processing: {reference: Booklet fee table, values: {2024-01-01: 50}}
  mental_health_specialist:
    registration: {reference: Booklet fee table, values: {2024-01-01: 25}}
    processing: {reference: Booklet fee table, values: {2024-01-01: 50}}
  mental_health_mentor:
    registration: {reference: Booklet fee table, values: {2024-01-01: 25}}
    processing: {values: {2024-01-01: 300}}
"""


def test_all_problems_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    fees = "associations/infancy-onward/fees.yaml"
    (root / fees).write_text(FEES_WITH_THREE_MISTAKES, encoding="utf-8")
    problems = _problems(root)
    wanted = [(fees, 4, "must be 0 or more"), (fees, 5, "Did you mean 'processing'?"),
              (fees, 7, "without a currency sign"), (fees, 14, "has no reference")]
    for file, line, message in wanted:
        assert any(p[:2] == (file, line) and message in p[2] for p in problems), \
            (file, line, message, problems)


def test_problems_in_several_files_are_reported_at_once(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    for case in ("cap_above_100_percent", "bad_currency", "fact_unknown_kind"):
        _apply(FIXTURES / case, root)
    shutil.copyfile(FIXTURES / "negative_fee" / "fees.yaml",
                    root / "associations" / "infancy-onward" / "fees.yaml")
    shutil.copyfile(FIXTURES / "unknown_scope" / "categories.yaml",
                    root / "associations" / "aimh-example" / "categories.yaml")
    files = {p[0] for p in _problems(root)}
    # facts.yaml is broken, so the associations that depend on it are not read further;
    # its problem is reported on its own.
    assert files == {"facts.yaml"}
    (root / "facts.yaml").write_text((CONTENT / "facts.yaml").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    files = {p[0] for p in _problems(root)}
    assert files == {"associations/infancy-onward/renewal.yaml",
                     "associations/infancy-onward/association.yaml",
                     "associations/infancy-onward/fees.yaml",
                     "associations/aimh-example/categories.yaml"}


def test_yaml_errors_in_several_files_are_reported_at_once(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    _apply(FIXTURES / "yaml_syntax_error", root)
    _apply(FIXTURES / "duplicate_key", root)
    _apply(FIXTURES / "missing_required_file", root)
    files = sorted(p[0] for p in _problems(root))
    assert files == ["associations/aimh-example/renewal.yaml",
                     "associations/infancy-onward/fees.yaml",
                     "associations/infancy-onward/renewal.yaml"]
